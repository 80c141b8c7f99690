"""Dónde están los datos del proyecto (catálogo y plantillas).

En una copia del repositorio (o una instalación editable) están junto al paquete:
``catalogo_fundamentos/`` y ``plantillas/``. En una instalación normal, el paquete
los lleva dentro, en ``generador/_datos/`` (ver ``pyproject.toml``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PAQUETE = Path(__file__).resolve().parent


@cache
def carpeta_datos(nombre: str) -> Path:
    """Carpeta de datos ``nombre`` ("catalogo_fundamentos" o "plantillas")."""
    for candidata in (_PAQUETE / "_datos" / nombre, _PAQUETE.parent / nombre):
        if candidata.is_dir():
            return candidata
    raise FileNotFoundError(f"no se encontró la carpeta de datos «{nombre}» del proyecto")
