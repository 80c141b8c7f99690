"""Errores que ve el usuario.

Todo error causado por la entrada (expediente, catálogo, plantilla) es un
``ErrorDeUsuario``: el CLI lo imprime en español, sin traza de Python, y sale con
código 2. Los errores internos (defectos del programa) no se disfrazan de estos.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field


@dataclass
class Ubicacion:
    """Dónde está el problema: archivo, línea (1-based) y ruta del campo."""

    archivo: str | None = None
    linea: int | None = None
    campo: str | None = None

    def __str__(self) -> str:
        partes = []
        if self.archivo:
            partes.append(self.archivo + (f", línea {self.linea}" if self.linea else ""))
        elif self.linea:
            partes.append(f"línea {self.linea}")
        if self.campo:
            partes.append(f"campo «{self.campo}»")
        return " — ".join(partes)


@dataclass
class Problema:
    """Un hallazgo sobre la entrada, con su ubicación."""

    mensaje: str
    ubicacion: Ubicacion = field(default_factory=Ubicacion)

    def __str__(self) -> str:
        donde = str(self.ubicacion)
        return f"{donde}: {self.mensaje}" if donde else self.mensaje


class ErrorDeUsuario(Exception):
    """Entrada inválida. Lleva uno o varios problemas, cada uno con su ubicación."""

    codigo_salida = 2

    def __init__(self, problemas: "list[Problema] | Problema | str", titulo: str | None = None):
        if isinstance(problemas, str):
            problemas = [Problema(problemas)]
        elif isinstance(problemas, Problema):
            problemas = [problemas]
        self.problemas: list[Problema] = list(problemas)
        self.titulo = titulo
        super().__init__(self.texto())

    def texto(self) -> str:
        lineas = [self.titulo] if self.titulo else []
        if len(self.problemas) == 1 and not self.titulo:
            return str(self.problemas[0])
        lineas += [f"  • {p}" for p in self.problemas]
        return "\n".join(lineas)


def error(mensaje: str, *, archivo: str | None = None, linea: int | None = None,
          campo: str | None = None) -> ErrorDeUsuario:
    """Atajo para crear un error de un solo problema."""
    return ErrorDeUsuario(Problema(mensaje, Ubicacion(archivo, linea, campo)))


def fecha_iso(valor: str, opcion: str = "la fecha") -> _dt.date:
    """Una fecha AAAA-MM-DD de la línea de comandos, con un mensaje que distingue el
    formato equivocado de una fecha que no existe (2026-02-30)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor.strip()):
        raise ErrorDeUsuario(f"{opcion}: «{valor}» no tiene el formato AAAA-MM-DD (p. ej. 2018-11-21)")
    try:
        return _dt.date.fromisoformat(valor.strip())
    except ValueError:
        mes = int(valor.strip()[5:7])
        motivo = "el mes debe estar entre 01 y 12" if not 1 <= mes <= 12 else "ese mes no tiene ese día"
        raise ErrorDeUsuario(f"{opcion}: la fecha «{valor}» no existe ({motivo})") from None
