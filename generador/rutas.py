"""Dónde están los datos del proyecto (catálogo y plantillas).

En una copia del repositorio (o una instalación editable) están junto al paquete:
``catalogo_fundamentos/`` y ``plantillas/``. En una instalación normal, el paquete
los lleva dentro, en ``generador/_datos/`` (ver ``pyproject.toml``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Iterable

VARIABLE_PLANTILLAS = "RESOLUCIONES_PLANTILLAS"

_PAQUETE = Path(__file__).resolve().parent


@cache
def carpeta_datos(nombre: str) -> Path:
    """Carpeta de datos ``nombre`` ("catalogo_fundamentos" o "plantillas")."""
    for candidata in (_PAQUETE / "_datos" / nombre, _PAQUETE.parent / nombre):
        if candidata.is_dir():
            return candidata
    raise FileNotFoundError(f"no se encontró la carpeta de datos «{nombre}» del proyecto")


def carpetas_de_plantillas(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Carpetas de plantillas en orden de prioridad: las del usuario (``--plantillas`` y
    la variable de entorno) y al final las del proyecto.

    Cada una puede tener ``instituciones/<id>/perfil.yaml``, ``textos/`` y ``word/``: así
    una institución nueva se añade sin tocar la instalación.
    """
    carpetas = [Path(c) for c in extra]
    carpetas += [Path(c) for c in os.environ.get(VARIABLE_PLANTILLAS, "").split(os.pathsep) if c]
    return [*carpetas, carpeta_datos("plantillas")]
