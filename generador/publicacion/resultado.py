"""Lo que devuelve una versión pública: los bytes y lo que se quitó (para verificarlo)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Resultado:
    """La versión pública hecha: sus bytes y lo que se quitó."""

    datos: bytes
    testados: list[str] = field(default_factory=list)  # cada texto quitado, tal cual
    tipos: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    propios: list[str] = field(default_factory=list)  # textos que pone la herramienta (recuadros, leyenda)
