"""El catálogo cargado y lo que el resto del programa consulta de él: un ``Fundamento`` (una
disposición con su instrumento) por id, con su vigencia y su texto en una fecha."""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..errores import Problema, Ubicacion
from .modelos import Categoria, Causal, Clausula, Disposicion, Instrumento, Vigencia


@dataclass(frozen=True)
class Fundamento:
    """Una disposición con su instrumento: lo que el resto del programa consulta."""

    disposicion: Disposicion
    instrumento: Instrumento

    @property
    def id(self) -> str:
        return self.disposicion.id

    def vigencia(self) -> Vigencia:
        return self.disposicion.vigencia or self.instrumento.vigencia

    def en_vigor(self, fecha: _dt.date) -> bool:
        return self.vigencia().incluye(fecha)

    def texto_en(self, fecha: _dt.date | None = None) -> tuple[str | None, str | None]:
        """(texto, razón si no hay texto) de la versión vigente en la fecha."""
        d = self.disposicion
        if d.versiones and fecha is not None:
            for version in d.versiones:
                if Vigencia(desde=version.desde, hasta=version.hasta).incluye(fecha):
                    return version.texto, version.sin_texto
            return None, "No hay una versión registrada vigente en esa fecha."
        if d.versiones and d.texto is None:
            ultima = d.versiones[-1]
            return ultima.texto, ultima.sin_texto
        return d.texto, d.sin_texto


@dataclass
class Catalogo:
    """Todas las entradas, indexadas por id, con el archivo y la línea de cada una."""

    instrumentos: dict[str, Instrumento] = field(default_factory=dict)
    disposiciones: dict[str, Disposicion] = field(default_factory=dict)
    clausulas: dict[str, Clausula] = field(default_factory=dict)
    causales: dict[str, Causal] = field(default_factory=dict)
    categorias: dict[str, Categoria] = field(default_factory=dict)
    origen: dict[str, Ubicacion] = field(default_factory=dict)
    # Línea donde empieza el texto de cada cláusula, para situar sus errores.
    linea_texto: dict[str, int] = field(default_factory=dict)
    problemas: list[Problema] = field(default_factory=list)
    # Fechas de reforma por numeral, armado la primera vez que se cita (``reformas.py``).
    indice_de_reformas: dict | None = None
    _instrumento_de: dict[str, str] = field(default_factory=dict)

    def fundamento(self, id_: str) -> Fundamento:
        """La disposición con ese id. Un instrumento completo también se puede citar."""
        if id_ in self.disposiciones:
            return Fundamento(self.disposiciones[id_], self.instrumentos[self._instrumento_de[id_]])
        if id_ in self.instrumentos:
            instrumento = self.instrumentos[id_]
            return Fundamento(_disposicion_de_instrumento(instrumento), instrumento)
        raise KeyError(id_)

    def existe(self, id_: str) -> bool:
        return id_ in self.disposiciones or id_ in self.instrumentos

    def parecidos(self, id_: str, n: int = 3) -> list[str]:
        ids = [*self.disposiciones, *self.instrumentos]
        # Primero lo que solo difiere en mayúsculas («112.i» por «112.I»), luego lo parecido.
        iguales = [i for i in ids if i.casefold() == id_.casefold()]
        cercanos = difflib.get_close_matches(id_, ids, n=n, cutoff=0.6)
        return [*iguales, *(c for c in cercanos if c not in iguales)][:n]

    def todos(self) -> Iterable[Fundamento]:
        for id_ in self.disposiciones:
            yield self.fundamento(id_)


def _disposicion_de_instrumento(instrumento: Instrumento) -> Disposicion:
    # Citar un acuerdo completo ("Acuerdo por el que se crea…") es citar el instrumento.
    return Disposicion(
        id=f"{instrumento.id}.completo", articulo="*", texto=None,
        sin_texto="Cita del instrumento completo.",
    )


def es_instrumento_completo(fundamento: Fundamento) -> bool:
    return fundamento.disposicion.articulo == "*"


def ids_de_variable(valor: Any) -> list | Any:
    """Los ids de una variable de tipo «fundamentos»: una lista, o un texto con ids
    separados por comas o espacios («lftaip.102, lftaip.140.I»)."""
    if isinstance(valor, str):
        return [i for i in valor.replace(",", " ").split() if i]
    return valor
