"""Las columnas de una tabla son rutas de campos del expediente base.

``solicitudes[1].folio`` llena el folio de la primera solicitud (se cuenta desde 1, como
en los mensajes de error). Un encabezado que no tiene esa forma (``..``, ``[1]``,
``a[x]``) o que no es un campo del expediente es un error de la tabla, dicho una vez y
con sugerencia, antes de generar nada.
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any, Iterator

from ..errores import Problema, Ubicacion
from ..expediente import Expediente
from ..expediente.yaml_lineas import formatear_ruta
from ..modelos.base import ValidationError
from .casos import corto

_PASO = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# nombre, luego [n] o .nombre; índices de hasta seis cifras (int() de miles de cifras es
# lento, y ninguna base tiene un millón de elementos).
_RUTA = re.compile(r"[^.\[\]]+(?:\[\d{1,6}\]|\.[^.\[\]]+)*")


def ruta_de_columna(columna: str) -> list[str | int]:
    """``solicitudes[1].folio`` → ["solicitudes", 0, "folio"]. Un encabezado que no tiene esa
    forma (``..``, ``[1]``, ``a[x]``) es un error, no una ruta vacía o adivinada."""
    if not _RUTA.fullmatch(columna.strip()):
        raise ValueError(f"la columna «{corto(columna)}» no es la ruta de un campo (p. ej. «oficio» o "
                         "«solicitudes[1].folio»)")
    return [int(indice) - 1 if indice else nombre for nombre, indice in _PASO.findall(columna.strip())]


def poner(datos: dict, ruta: list[str | int], valor: Any, columna: str) -> None:
    columna = corto(columna)
    actual: Any = datos
    for i, paso in enumerate(ruta[:-1]):
        siguiente = ruta[i + 1]
        if isinstance(paso, int):
            if not isinstance(actual, list) or not 0 <= paso < len(actual):
                raise ValueError(f"la columna «{columna}» pide un elemento que la base no tiene")
            actual = actual[paso]
        else:
            if not isinstance(actual, dict):
                raise ValueError(f"la columna «{columna}» no corresponde a un campo de la base")
            actual = actual.setdefault(paso, [] if isinstance(siguiente, int) else {})
    ultimo = ruta[-1]
    if isinstance(ultimo, int):
        if not isinstance(actual, list) or not 0 <= ultimo < len(actual):
            raise ValueError(f"la columna «{columna}» pide un elemento que la base no tiene")
        actual[ultimo] = valor
    elif isinstance(actual, dict) and valor is None:
        actual.pop(ultimo, None)  # celda vacía: el campo queda sin valor
    elif isinstance(actual, dict):
        actual[ultimo] = valor
    else:
        raise ValueError(f"la columna «{columna}» no corresponde a un campo de la base")


def _columnas_de(datos: Any, prefijo: str = "") -> Iterator[str]:
    """Las rutas de columna (campos con un valor) de un expediente: «oficio», «solicitudes[1].folio»…"""
    if isinstance(datos, dict):
        for clave, valor in datos.items():
            yield from _columnas_de(valor, f"{prefijo}.{clave}" if prefijo else str(clave))
    elif isinstance(datos, list):
        for i, valor in enumerate(datos):
            yield from _columnas_de(valor, f"{prefijo}[{i + 1}]")
    elif prefijo:
        yield prefijo


def problemas_de_encabezados(columnas: list[str], base_datos: dict, tabla: str) -> list[Problema]:
    """Cada columna que no llena un campo del expediente, una sola vez (no una por fila)."""
    conocidas = sorted(set(_columnas_de(base_datos)))
    problemas = []

    def problema(columna: str, mensaje: str) -> None:
        parecidas = difflib.get_close_matches(columna, conocidas, n=2, cutoff=0.75)
        sugerencia = f"; ¿quiso decir {' o '.join('«' + c + '»' for c in parecidas)}?" if parecidas else ""
        problemas.append(Problema(f"{mensaje}{sugerencia}", Ubicacion(tabla, 1, corto(columna))))

    vistas = set(columnas)
    prueba = copy.deepcopy(base_datos)
    for columna in columnas:
        try:
            poner(prueba, ruta_de_columna(columna), "x", columna)
        except ValueError as exc:
            problema(columna, str(exc))
    # Un nombre de campo mal escrito («folioo») no choca con la base: lo dice el modelo.
    try:
        Expediente.model_validate(prueba)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if err["type"] == "extra_forbidden":
                ruta = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                columna = formatear_ruta(ruta)
                if columna in vistas:
                    problema(columna, "la columna no es un campo del expediente")
    return problemas
