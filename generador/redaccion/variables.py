"""Las variables de una cláusula: el valor del expediente comprobado y convertido a su tipo.

Nunca un hueco ni un «None» en el documento: una variable vacía o nula es un error, un
«sí» o un «true» se vuelve sí/no, una fecha se vuelve fecha (los filtros la escriben con
letras) y un entero un número, o se explica, en español, por qué no se puede.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ..catalogo import ids_de_variable
from ..expediente import texto_valido

_VERDADERO = ("true", "sí", "si", "yes", "1", "verdadero")
_FALSO = ("false", "no", "0", "falso")


def convertir_variable(nombre: str, variable, valor: Any) -> Any:
    """El valor de una variable de cláusula, comprobado y convertido según su tipo.

    Nunca un hueco ni un «None» en el documento: una variable vacía o nula es un error;
    una fecha se convierte en fecha (los filtros la escriben con letras) y un entero en
    número, o se explica por qué no se puede.
    """
    if variable.tipo == "fundamentos":
        ids = ids_de_variable(valor) if isinstance(valor, str) else valor
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
            raise ValueError("debe ser una lista de ids del catálogo")
        return ids
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        raise ValueError(f"la variable «{nombre}» está vacía: {variable.descripcion}")
    if variable.tipo == "logico":
        if isinstance(valor, bool):
            return valor
        # «sí», «no», «true», «false»: nunca un texto que Jinja tome por verdadero.
        texto = str(valor).strip().casefold()
        if texto in _VERDADERO:
            return True
        if texto in _FALSO:
            return False
        raise ValueError(f"la variable «{nombre}» es sí o no (true o false), no «{valor}»")
    if variable.tipo == "fecha":
        if isinstance(valor, _dt.date):
            return valor
        return _fecha_de_variable(nombre, valor)
    if variable.tipo == "entero":
        if isinstance(valor, int) and not isinstance(valor, bool):
            return valor
        texto = str(valor).strip()
        if not texto.isdigit() or len(texto) > 15:
            raise ValueError(f"la variable «{nombre}» es un número entero (p. ej. 15), no «{valor}»")
        return int(texto)
    # texto y unidad
    if not isinstance(valor, str):
        raise ValueError(f"la variable «{nombre}» debe ser texto")
    texto_valido(valor)
    return valor


def _fecha_de_variable(nombre: str, valor: Any) -> _dt.date:
    texto = str(valor).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", texto):
        raise ValueError(f"la variable «{nombre}» es una fecha AAAA-MM-DD (p. ej. 2026-03-10), no «{valor}»")
    try:
        return _dt.date.fromisoformat(texto)
    except ValueError:
        raise ValueError(f"la variable «{nombre}»: la fecha {texto} no existe") from None
