"""La nota de reformas de una cita: «…, publicados en el Diario Oficial de la Federación el 15 de
abril de 2016, y sus modificaciones publicadas en el mismo medio el 29 de julio de 2016 y el 18
de noviembre de 2022».

Un instrumento se cita con sus reformas solo cuando alguno de los numerales citados fue reformado
en o antes de la fecha de la resolución: así la CTA-40418 (2018), cuyos numerales no tocó la
reforma de 2016 y que es anterior a la de 2022, sigue diciendo solo «publicados … el 15 de abril de
2016». Qué numeral tocó cada reforma es un dato del catálogo (``reformas_dof`` de cada disposición,
tomado de la fuente); un instrumento sin ese dato se cita como siempre, sin adivinar.

La unidad es el numeral (o artículo) completo: citar la fracción I del Séptimo cita un numeral que
la reforma de 2022 tocó (en su párrafo y su fracción II), porque es el texto vigente del numeral el
que se aplica.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from ..letras import fecha_con_cifras
from ..plantillas.estilo_citas import EstiloCitas
from ..plantillas.patron import formatear_patron
from .fundamentos import Catalogo, Fundamento


def _clave_numeral(fundamento: Fundamento) -> tuple:
    d = fundamento.disposicion
    return (fundamento.instrumento.id, d.transitorio, d.decreto, d.articulo)


def _reformas_por_numeral(catalogo: Catalogo) -> dict[tuple, set[_dt.date]]:
    indice = catalogo.indice_de_reformas
    if indice is None:
        indice = {}
        for fundamento in catalogo.todos():
            if fundamento.disposicion.reformas_dof:
                indice.setdefault(_clave_numeral(fundamento), set()).update(fundamento.disposicion.reformas_dof)
        catalogo.indice_de_reformas = indice
    return indice


def _fechas(fechas: Iterable[_dt.date]) -> str:
    textos = [f"el {fecha_con_cifras(f)}" for f in sorted(fechas)]
    return textos[0] if len(textos) == 1 else ", ".join(textos[:-1]) + " y " + textos[-1]


def complemento(catalogo: Catalogo, fundamentos: list[Fundamento], fecha: _dt.date | None,
                estilo: EstiloCitas) -> str | None:
    """El complemento del nombre del instrumento de ``fundamentos`` (todos del mismo), con la
    nota de reformas si toca; sin fecha de la resolución, el de siempre."""
    instrumento = fundamentos[0].instrumento
    base = instrumento.cita_complemento
    if fecha is None or base is None or instrumento.publicacion_dof is None:
        return base
    indice = _reformas_por_numeral(catalogo)
    de_los_citados = set()
    for f in fundamentos:
        de_los_citados |= {d for d in indice.get(_clave_numeral(f), ()) if d <= fecha}
    if not de_los_citados:
        return base
    if estilo.reformas == "todas":
        reformas = {d for d in instrumento.reformas_dof if d <= fecha} | de_los_citados
    else:
        reformas = de_los_citados
    return formatear_patron(estilo.nota_reformas, {
        "complemento": base,
        "publicacion": fecha_con_cifras(instrumento.publicacion_dof),
        "reformas": _fechas(reformas),
        "ultima": fecha_con_cifras(max(reformas)),
    })
