"""Lo que envía el formulario, convertido en el diccionario del expediente.

Los nombres de los campos son rutas (``respuestas.0.unidad``); se comprueban (forma,
profundidad, un campo y un grupo con el mismo nombre) antes de armar nada. Lo escrito en
un campo de texto se guarda como texto; solo los campos de número, fecha y casilla
(según el modelo, en los ``__clase__.`` del formulario) producen números, fechas y
booleanos.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml

PROFUNDIDAD_MAXIMA = 12  # la ruta más honda del expediente tiene 6 partes
_PARTE = re.compile(r"[a-z_][a-z0-9_]{0,60}|\d{1,5}")
# Las clases de campo cuyo valor la página muestra entero: si llega vacío, la persona lo borró.
EDITABLES = {"texto", "parrafos", "numero", "fecha", "casilla", "opciones", "clausula", "ids", "lineas",
              "variables", "sino", "unidad", "otras"}
# Las variables de una cláusula que no tienen campo propio (no las declara la cláusula elegida
# o su valor no cabe en uno) van juntas en un campo «__otras__»: así nada se pierde.
OTRAS = "__otras__"


class _Grupo(dict):
    """Un grupo armado con los nombres del formulario (no el valor de un campo «variables»)."""


class Indexada(list):
    """Una lista del formulario que recuerda el número que cada elemento tenía en la página
    (el mismo del archivo para los que ya estaban). Así, «Quitar» el primero no escribe los
    datos del segundo sobre el primero ni le pasa sus claves desconocidas."""

    def __init__(self, pares=(), reordenada: bool = False):
        pares = list(pares)
        super().__init__(v for _, v in pares)
        self.indices = [i for i, _ in pares]
        # True si la persona cambió el orden («Subir», «Bajar»): el guardado mueve los
        # elementos del archivo (con sus claves desconocidas y comentarios) a su nuevo lugar.
        self.reordenada = reordenada


def _ruta(nombre: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in nombre.split("."))


def _poner(destino: dict, partes: list[str], valor: Any) -> bool:
    """Pone el valor en la ruta; False si choca con otro campo («oficio» y «oficio.a»)."""
    actual: Any = destino
    for parte in partes[:-1]:
        actual = actual.setdefault(parte, _Grupo())
        if not isinstance(actual, _Grupo):
            return False
    if isinstance(actual.get(partes[-1]), _Grupo):
        return False
    actual[partes[-1]] = valor
    return True


def _limpiar(valor: Any) -> Any:
    """Quita lo vacío: un campo sin llenar no se escribe en el expediente."""
    if isinstance(valor, dict):
        limpio = type(valor)((k, _limpiar(v)) for k, v in valor.items())
        return type(valor)((k, v) for k, v in limpio.items() if v not in (None, "", [], {}))
    if isinstance(valor, list):
        limpio = [_limpiar(v) for v in valor]
        return [v for v in limpio if v not in (None, "", [], {})]
    return valor


def _listas(valor: Any) -> Any:
    """Los grupos con claves numéricas se vuelven listas (``Indexada``), en orden."""
    if not isinstance(valor, _Grupo):
        return valor
    convertido = {k: _listas(v) for k, v in valor.items()}
    if convertido and all(k.isdigit() for k in convertido):
        return Indexada(sorted((int(k), v) for k, v in convertido.items()))
    return convertido


def _convertir(clase: str, valores: list[str], nombre: str, problemas: list) -> Any:
    """El valor de un campo con el tipo que dice su clase: lo escrito en un campo de texto
    sigue siendo texto («true», «123», «2026-01-01», «null» se guardan entre comillas)."""
    valor = valores[-1] if valores else ""
    if clase == "casilla":
        return "true" in valores
    if clase == "sino":  # sí, no o sin indicar: una variable lógica que falta no es «no»
        return {"si": True, "no": False}.get(valor)
    if clase in ("ids", "lineas"):
        separadores = valor.replace(",", "\n") if clase == "ids" else valor
        # Solo se recortan espacios comunes: un espacio fino o de no separación es del texto.
        return [linea.strip(" \t\r") for linea in separadores.splitlines() if linea.strip(" \t\r")]
    if clase in ("variables", "otras"):
        if not valor.strip():
            return {}
        try:
            leido = leer_yaml(valor, nombre).datos
        except ErrorDeUsuario as exc:
            problemas.append((nombre, exc.problemas[0].mensaje))
            return None
        if not isinstance(leido, dict):
            problemas.append((nombre, "escriba una variable por línea: «nombre: valor»"))
            return None
        return leido
    valor = valor.replace("\r\n", "\n").strip("\n")
    if clase == "numero" and re.fullmatch(r"-?\d{1,15}", valor.strip(" ")):
        return int(valor)
    if clase == "fecha" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor.strip(" ")):
        try:
            return _dt.date.fromisoformat(valor.strip(" "))
        except ValueError:
            return valor  # la validación dirá que la fecha no existe
    return valor


def datos_del_formulario(formulario) -> tuple[dict, list[tuple[str, str]]]:
    """(datos del expediente, problemas de conversión como (campo, mensaje)).

    Un nombre de campo que no es del expediente (demasiado hondo, con caracteres raros o
    que choca con otro) es un problema, no una excepción."""
    problemas: list[tuple[str, str]] = []
    crudo = _Grupo()
    clases = {k[len("__clase__."):]: v for k, v in formulario.items() if k.startswith("__clase__.")}
    for nombre in formulario.keys():
        if nombre.startswith("__") or "__i__" in nombre or nombre == "csrf":
            continue
        partes = nombre.split(".")
        if len(partes) > PROFUNDIDAD_MAXIMA or not all(_PARTE.fullmatch(p) for p in partes):
            problemas.append((nombre[:80], "no es un campo del expediente"))
            continue
        valor = _convertir(clases.get(nombre, "texto"), formulario.getlist(nombre), nombre, problemas)
        if valor is not None and not _poner(crudo, partes, valor):
            problemas.append((nombre[:80], "choca con otro campo del mismo nombre (un valor y un grupo a la vez)"))
    datos = _listas(_fusionar_otras(_limpiar(crudo)))
    for clave in formulario.keys():
        if clave.startswith("__orden__."):
            _reordenar(datos, clave[len("__orden__."):], formulario.get(clave, ""))
    return datos, problemas


def _fusionar_otras(valor: Any) -> Any:
    """Las variables de «__otras__» pasan a su grupo «variables» (sin pisar las que tienen campo)."""
    if not isinstance(valor, dict):
        return valor
    salida = type(valor)((k, _fusionar_otras(v)) for k, v in valor.items() if k != OTRAS)
    otras = valor.get(OTRAS)
    if isinstance(otras, dict):
        for k, v in otras.items():
            salida.setdefault(str(k), v)
    return salida


def _reordenar(datos: dict, nombre: str, orden: str) -> None:
    """Aplica el orden que dejó la página («2,0,1»: los números de los elementos, de arriba
    abajo) a la lista ``nombre``. Un orden que no corresponde a la lista se ignora."""
    padre: Any = datos
    partes = nombre.split(".")
    for parte in partes[:-1]:
        padre = padre[int(parte)] if isinstance(padre, list) and parte.isdigit() and int(parte) < len(padre) \
            else padre.get(parte) if isinstance(padre, dict) else None
    lista = padre.get(partes[-1]) if isinstance(padre, dict) else None
    if not isinstance(lista, Indexada) or not re.fullmatch(r"\d{1,5}(,\d{1,5})*", orden):
        return
    posicion = {int(i): k for k, i in reversed(list(enumerate(orden.split(","))))}
    pares = sorted(zip(lista.indices, lista), key=lambda par: (posicion.get(par[0], len(posicion)), par[0]))
    if [i for i, _ in pares] != lista.indices:
        padre[partes[-1]] = Indexada(pares, reordenada=True)


def clases_del_formulario(formulario) -> dict[tuple, str]:
    """Lo que la página mostró: cada campo con su clase (de los «__clase__.»). El guardado
    solo borra lo que está aquí; lo demás del archivo se conserva tal cual."""
    return {_ruta(k[len("__clase__."):]): v for k, v in formulario.items()
            if k.startswith("__clase__.") and "__i__" not in k and k.count(".") <= PROFUNDIDAD_MAXIMA}
