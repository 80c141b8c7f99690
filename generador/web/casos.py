"""La carpeta de casos de la página: solo nombres simples, nunca una ruta fuera de ella.

Un nombre de caso llega en la URL (``/caso/<nombre>``): si pudiera llevar ``..`` o una barra,
la página leería o escribiría fuera de la carpeta. Solo se aceptan nombres de archivo YAML
simples, y la ruta resuelta debe quedar directamente dentro de la carpeta.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import abort

NOMBRE_VALIDO = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_\-]{0,80}\.ya?ml\Z")  # \Z: «$» admitía un salto de línea final
LIMITE_BYTES = 2 * 1024 * 1024


class Casos:
    """La carpeta de casos: solo nombres simples, nunca rutas fuera de ella."""

    def __init__(self, carpeta: Path):
        self.carpeta = carpeta.resolve()

    def ruta(self, nombre: str) -> Path:
        if not NOMBRE_VALIDO.match(nombre):
            abort(404)
        ruta = (self.carpeta / nombre).resolve()
        if ruta.parent != self.carpeta:
            abort(404)
        return ruta

    def listar(self) -> list[str]:
        return sorted(p.name for p in self.carpeta.iterdir() if p.is_file() and NOMBRE_VALIDO.match(p.name))


def huella(texto: str) -> str:
    """El SHA-256 del texto de un caso: así se sabe si cambió en el disco desde que se abrió."""
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()
