"""De dónde se leen las plantillas: solo de sus carpetas.

Una carpeta de plantillas ajena puede traer un enlace simbólico a ``/etc/passwd`` o a
``/dev/zero``; ``{% include %}`` lo leería con los permisos de quien redacta. Aquí cada
ruta se resuelve (enlaces incluidos) y se rechaza si sale de su carpeta, si no es un
archivo normal o si pesa demasiado, antes de leer un byte.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import jinja2
from jinja2.loaders import split_template_path

from .limites import PlantillaNoPermitida

# Una plantilla más grande que esto no es un bloque de texto: se rechaza sin leerla entera.
TAMANO_MAXIMO_PLANTILLA = 1_000_000


class CargadorConfinado(jinja2.BaseLoader):
    """Lee plantillas solo de sus carpetas: ``{% include %}`` o ``{% import %}`` de un
    enlace simbólico que apunta fuera (``/etc/passwd``), de algo que no es un archivo
    normal (``/dev/zero``) o de un archivo enorme se rechaza antes de leerlo."""

    def __init__(self, carpetas: Iterable[Path]):
        self.carpetas = [os.path.realpath(c) for c in carpetas]

    def get_source(self, environment: jinja2.Environment, template: str):
        partes = split_template_path(template)  # rechaza «..»
        for carpeta in self.carpetas:
            ruta = os.path.join(carpeta, *partes)
            if not os.path.lexists(ruta):
                continue
            real = os.path.realpath(ruta)
            if not real.startswith(carpeta + os.sep):
                raise PlantillaNoPermitida(
                    f"la plantilla «{template}» es un enlace que sale de su carpeta ({carpeta}); "
                    "las plantillas solo pueden usar archivos de su propia carpeta")
            if not os.path.isfile(real):
                continue
            if os.path.getsize(real) > TAMANO_MAXIMO_PLANTILLA:
                raise PlantillaNoPermitida(f"la plantilla «{template}» pesa más de {TAMANO_MAXIMO_PLANTILLA:,} bytes")
            with open(real, encoding="utf-8") as archivo:
                fuente = archivo.read(TAMANO_MAXIMO_PLANTILLA + 1)
            modificado = os.path.getmtime(real)
            return fuente, ruta, lambda: os.path.exists(real) and os.path.getmtime(real) == modificado
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return []
