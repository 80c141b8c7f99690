"""Patrones de texto de un perfil (``patron_oficio``): solo campos con nombre y anchos acotados.

Un perfil es un archivo de un autor de plantillas. Dar su patrón a ``str.format`` de
Python le abre el interior de los valores (``{consecutivo.__class__.__mro__}`` recorre
atributos) y la memoria (``{consecutivo:>900000000}``). Aquí el patrón se descompone con
el analizador de ``string.Formatter`` y cada campo se comprueba antes de formatear:
un nombre de la lista, sin atributos, índices ni conversiones, y una especificación de
formato corta, sin campos anidados, con un ancho de a lo más :data:`ANCHO_MAXIMO`.
"""

from __future__ import annotations

import re
import string
from typing import Any, Iterable

ANCHO_MAXIMO = 20
_ESPECIFICACION = re.compile(r"(?:[^{}<>=^]?[<>=^])?[+\- ]?0?(?P<ancho>\d+)?[dsx]?")


class PatronNoValido(ValueError):
    """El patrón usa algo que no se permite (mensaje en español)."""


def _partes(patron: str, permitidos: Iterable[str]) -> list[tuple[str, str | None, str]]:
    permitidos = tuple(permitidos)
    nombres = ", ".join("{" + p + "}" for p in permitidos)
    try:
        partes = list(string.Formatter().parse(patron))
    except ValueError:
        raise PatronNoValido(f"llaves sin cerrar o sin abrir; para una llave literal escriba «{{{{» o «}}}}». "
                             f"Campos: {nombres}") from None
    salida = []
    for literal, campo, especificacion, conversion in partes:
        if campo is None:
            salida.append((literal, None, ""))
            continue
        if campo not in permitidos:
            raise PatronNoValido(f"el campo «{{{campo}}}» no existe; use {nombres}")
        if conversion:
            raise PatronNoValido(f"«!{conversion}» no se permite en «{{{campo}}}»")
        especificacion = especificacion or ""
        encontrado = _ESPECIFICACION.fullmatch(especificacion)
        if encontrado is None or "{" in especificacion:
            raise PatronNoValido(f"el formato «:{especificacion}» de «{{{campo}}}» no se permite; "
                                 "use, p. ej., «{consecutivo:03d}»")
        if int(encontrado["ancho"] or 0) > ANCHO_MAXIMO:
            raise PatronNoValido(f"el ancho de «{{{campo}}}» no puede pasar de {ANCHO_MAXIMO}")
        salida.append((literal, campo, especificacion))
    return salida


def validar_patron(patron: str, permitidos: Iterable[str]) -> None:
    """Levanta :class:`PatronNoValido` si el patrón no se puede usar."""
    _partes(patron, permitidos)


def formatear_patron(patron: str, valores: dict[str, Any]) -> str:
    """El patrón con sus campos sustituidos por ``valores`` (un ``ValueError`` si un valor
    no admite el formato pedido, como ``str.format``)."""
    salida = []
    for literal, campo, especificacion in _partes(patron, valores):
        salida.append(literal)
        if campo is not None:
            salida.append(format(valores[campo], especificacion))
    return "".join(salida)
