"""La primera mención completa y las siguientes con la forma corta, sin glosario impreso.

Muchos Comités no imprimen un GLOSARIO: nombran el instrumento completo la primera vez que
lo citan y avisan la forma corta que usarán después («… de la Ley General de Transparencia y
Acceso a la Información Pública (en lo sucesivo, la Ley General)»; luego, «… de la Ley
General»). Lo que cuenta es la primera mención **en el orden de lectura** del documento, no en
el orden en que se redactan sus partes: los resolutivos y las pruebas de daño salen de
cláusulas del catálogo que se redactan antes que el cuerpo, pero se leen después (o en medio).

Por eso la cita no decide en el momento: deja una marca por cada nombre de instrumento
(caracteres del área de uso privado de Unicode, que no escapan Jinja ni los filtros, con su
número y una «m» que, si un filtro pasó el texto a mayúsculas, llega como «M» y el nombre se
escribe también en mayúsculas) y, con el documento completo, :meth:`Menciones.resolver`
las recorre en orden: la primera de cada instrumento se escribe completa, con el aviso de
``citas.en_lo_sucesivo`` y el complemento de su publicación; las demás, con la forma corta.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

from ..plantillas.patron import formatear_patron
from .modelos import Instrumento

_ABRE, _CIERRA = "\ue000", "\ue001"
_MARCA = re.compile(f"{_ABRE}([mM])([0-9]+){_CIERRA}")


@dataclass
class _Mencion:
    instrumento: str
    completa: str
    corta: str


@dataclass
class Menciones:
    """Las formas cortas de un documento (id del instrumento → «Ley General») y sus marcas."""

    formas: dict[str, str]
    patron: str = "(en lo sucesivo, {determinante} {termino})"
    _marcas: list[_Mencion] = field(default_factory=list)

    def nombra(self, instrumento: Instrumento) -> bool:
        return instrumento.id in self.formas

    def marca(self, instrumento: Instrumento, nombre: str, extra: str = "") -> str:
        """La marca que ocupa el lugar del nombre del instrumento (sin su artículo): ``nombre``
        es el nombre completo y ``extra`` el complemento de su publicación, si lo lleva."""
        termino = self.formas[instrumento.id]
        aviso = formatear_patron(self.patron, {"determinante": instrumento.determinante, "termino": termino})
        completa = f"{nombre} {aviso}" + (f", {extra}" if extra else "")
        self._marcas.append(_Mencion(instrumento.id, completa, termino))
        return f"{_ABRE}m{len(self._marcas) - 1}{_CIERRA}"

    def resolver(self, html: str) -> str:
        """Sustituye las marcas del documento completo, en el orden en que se leen."""
        vistos: set[str] = set()

        def sustituir(encontrada: re.Match) -> str:
            mencion = self._marcas[int(encontrada.group(2))]
            primera = mencion.instrumento not in vistos
            vistos.add(mencion.instrumento)
            texto = mencion.completa if primera else mencion.corta
            return str(escape(texto.upper() if encontrada.group(1) == "M" else texto))

        return _MARCA.sub(sustituir, html)
