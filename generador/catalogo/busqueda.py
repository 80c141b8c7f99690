"""Buscar fundamentos en el catálogo por palabras.

La usan ``resoluciones catalogo buscar`` y la página web: quien redacta escribe
«datos personales confidencial» o «113 fraccion V» y obtiene las disposiciones que
contienen todas esas palabras, sin importar acentos, mayúsculas ni orden, con las
más pertinentes primero.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass

from .citas import citar
from .fundamentos import Catalogo, Fundamento, es_instrumento_completo

# Palabras que casi todo texto legal contiene: no ayudan a distinguir y, si se
# exigieran, una búsqueda escrita como frase («datos de la persona») fallaría.
PALABRAS_VACIAS = frozenset({"de", "la", "el", "los", "las", "y", "del", "en", "a", "al", "o", "que", "por",
                             "para", "con", "se", "su", "sus", "un", "una"})


def sin_acentos(texto: str) -> str:
    """Para buscar sin distinguir mayúsculas ni acentos: «Fracción» → «fraccion»."""
    normal = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in normal if not unicodedata.combining(c))



@dataclass(frozen=True)
class Resultado:
    id: str
    """El id con que se cita (el del instrumento si se cita completo)."""
    fundamento: Fundamento
    cita: str
    fragmento: str
    """El texto alrededor de la primera palabra hallada en el texto, o «» si solo está en la cita."""


def palabras_de(consulta: str) -> list[str]:
    palabras = [p.strip(".,;:«»\"'()") for p in sin_acentos(consulta).split()]
    utiles = [p for p in palabras if p and p not in PALABRAS_VACIAS]
    # «de la» sola es una búsqueda legítima, aunque rara: se busca tal cual.
    return utiles or [p for p in palabras if p]


def _candidatos(catalogo: Catalogo):
    yield from catalogo.todos()
    # Los instrumentos que se citan completos (acuerdos sin artículos en el catálogo).
    for id_ in catalogo.instrumentos:
        if not any(d.startswith(id_ + ".") for d in catalogo.disposiciones):
            yield catalogo.fundamento(id_)


def _cita(catalogo: Catalogo, fundamento: Fundamento) -> str:
    if es_instrumento_completo(fundamento):
        return fundamento.instrumento.nombre_citado()
    return citar(catalogo, [fundamento.id])


def _fragmento(textos: list[str], palabras: list[str], ancho: int = 60) -> str:
    for texto in textos:
        normal = sin_acentos(texto)
        posiciones = [p for p in (normal.find(palabra) for palabra in palabras) if p >= 0]
        if posiciones and len(normal) == len(texto):
            inicio = min(posiciones)
            return " ".join(texto[max(0, inicio - ancho):inicio + ancho * 2].split())
        if posiciones:  # la normalización cambió la longitud (p. ej. «ß»): el principio basta
            return " ".join(texto[:ancho * 3].split())
    return ""


def buscar(catalogo: Catalogo, consulta: str, *, vigentes_en: _dt.date | None = None) -> list[Resultado]:
    """Las disposiciones con todas las palabras de la consulta, las más pertinentes primero:
    las que tienen más palabras en el id, la cita o el rubro; luego las que contienen la
    consulta tal cual; luego las de id más corto (el artículo antes que sus fracciones)."""
    palabras = palabras_de(consulta)
    if not palabras:
        return []
    frase = " ".join(sin_acentos(consulta).split())
    puntuados = []
    for orden, fundamento in enumerate(_candidatos(catalogo)):
        if vigentes_en is not None and not fundamento.en_vigor(vigentes_en):
            continue
        d = fundamento.disposicion
        completo = es_instrumento_completo(fundamento)
        id_ = fundamento.instrumento.id if completo else d.id
        cita = _cita(catalogo, fundamento)
        textos = [t for t in (d.texto, *(v.texto for v in d.versiones)) if t]
        encabezado = sin_acentos(f"{id_} {cita} {d.rubro or ''}")
        cuerpo = " ".join(sin_acentos(t) for t in textos)
        if not all(p in encabezado or p in cuerpo for p in palabras):
            continue
        en_encabezado = sum(p in encabezado for p in palabras)
        con_frase = frase in encabezado or frase in " ".join(cuerpo.split())
        clave = (-en_encabezado, not con_frase, len(id_), orden)
        puntuados.append((clave, Resultado(id_, fundamento, cita, _fragmento(textos, palabras))))
    puntuados.sort(key=lambda par: par[0])
    return [resultado for _, resultado in puntuados]
