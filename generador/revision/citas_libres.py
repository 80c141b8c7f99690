"""VIG-04: un texto del Comité que cita, de la Ley General, una fracción que el artículo de la ley
de 2025 no tiene.

La Ley General de 2025 se llama igual que la de 2015 y renumeró todo: «el artículo 113, fracción
V, de la Ley General de Transparencia…» era la causal de reserva de la ley de 2015; en la de 2025
el 113 es la fundamentación por la prueba de daño y no tiene fracciones. VIG-03 solo ve los
nombres de las leyes abrogadas. Aquí se revisa lo que el catálogo permite saber sin adivinar: un
artículo cuyo texto completo está en el catálogo, sin fracciones, citado con una fracción. Un
artículo que no está en el catálogo, o cuyas fracciones no están todas, no se juzga.
"""

from __future__ import annotations

import re

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..letras import desde_romano
from .hallazgo import Revisor
from .recurso import sin_acentos
from .vigencia import textos_del_comite

_CITA = re.compile(
    r"\bart(?:iculo|\.)\s+(\d{1,3})\s*,?\s*(?:parrafo\s+\w+\s*,?\s*)?fraccion\s+([ivxlc]+)\b[^.;]{0,40}?"
    # «la Ley General» a secas o «… de Transparencia»: no «la Ley General del Sistema Nacional de
    # Seguridad Pública» ni otra ley general con su nombre.
    r"\bde\s+(?:la\s+|esta\s+|dicha\s+)?ley\s+general(?:\s+de\s+transparencia|(?=\s*(?:[,.;:)]|$)))")
_FRACCIONES_EN_EL_TEXTO = re.compile(r"(?:^|\s)[IVXLC]+\.\s")


def _sin_fracciones(r: Revisor, articulo: str) -> bool:
    """Si el catálogo tiene el artículo completo y sin fracciones."""
    ident = f"lgtaip2025.{articulo}"
    if not r.catalogo.existe(ident) or any(i.startswith(ident + ".") for i in r.catalogo.disposiciones):
        return False
    texto = r.catalogo.fundamento(ident).disposicion.texto
    return bool(texto) and not _FRACCIONES_EN_EL_TEXTO.search(texto)


def revisar_citas_libres(r: Revisor) -> None:
    if r.exp.fecha < ENTRADA_EN_VIGOR_2025:
        return
    for ruta, texto in textos_del_comite(r):
        for m in _CITA.finditer(sin_acentos(texto)):
            articulo, fraccion = m.group(1), m.group(2).upper()
            try:
                desde_romano(fraccion)
            except ValueError:
                continue
            if _sin_fracciones(r, articulo):
                r("advertencia", "VIG-04", None, ruta,
                  f"el texto cita el artículo {articulo}, fracción {fraccion}, de la Ley General: en la ley de 2025 "
                  f"el artículo {articulo} no tiene fracciones (es la numeración de la Ley General de 2015, abrogada); "
                  "cite el artículo de la ley vigente (el catálogo los tiene: «resoluciones catalogo buscar»)")
