"""De dónde se leen las plantillas: solo de sus carpetas.

Una carpeta de plantillas ajena puede traer un enlace simbólico a ``/etc/passwd`` o a
``/dev/zero``; ``{% include %}`` lo leería con los permisos de quien redacta. Aquí cada
ruta se resuelve (enlaces incluidos) y se rechaza si sale de su carpeta, si no es un
archivo normal o si pesa demasiado, antes de leer un byte.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Iterable

import jinja2
from jinja2.loaders import split_template_path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .limites import PlantillaNoPermitida

# Una plantilla más grande que esto no es un bloque de texto: se rechaza sin leerla entera.
TAMANO_MAXIMO_PLANTILLA = 1_000_000
# Un perfil o un archivo del catálogo (la Ley General de 2025 completa pesa ~300 KB).
TAMANO_MAXIMO_DE_DATOS = 20_000_000
# Un diseño de Word: cada parte descomprimida, todas juntas y la proporción de compresión
# (un document.xml de 1.5 GB de espacios cabe en 1.5 MB de .docx).
PARTE_MAXIMA_DOCX = 50 * 2**20
TOTAL_MAXIMO_DOCX = 200 * 2**20
PROPORCION_MAXIMA_DOCX = 300
PARTES_MAXIMAS_DOCX = 2000  # un diseño real tiene unas veinte (y una por imagen)


def leer_confinado(ruta: Path, carpeta: Path, maximo: int = TAMANO_MAXIMO_PLANTILLA) -> str:
    """El texto de ``ruta`` si es un archivo normal, dentro de ``carpeta`` (con los enlaces
    resueltos), de a lo más ``maximo`` bytes y en UTF-8; si no, un error en español, antes
    de leer nada que no deba (una tubería colgaría, ``/dev/zero`` no termina)."""
    real, base = os.path.realpath(ruta), os.path.realpath(carpeta)
    if real != base and not real.startswith(base + os.sep):
        raise ErrorDeUsuario(Problema(f"es un enlace que sale de su carpeta ({base}); no se lee", Ubicacion(str(ruta))))
    if not os.path.isfile(real):
        raise ErrorDeUsuario(Problema("no es un archivo normal (una carpeta, una tubería o un dispositivo); no se lee",
                                      Ubicacion(str(ruta))))
    try:
        if os.path.getsize(real) > maximo:
            raise ErrorDeUsuario(Problema(f"pesa más de {maximo:,} bytes; no se lee".replace(",", " "),
                                          Ubicacion(str(ruta))))
        with open(real, "rb") as archivo:
            datos = archivo.read(maximo + 1)
    except OSError as exc:
        raise ErrorDeUsuario(Problema(f"no se pudo leer ({exc.strerror or exc})", Ubicacion(str(ruta)))) from None
    try:
        return datos.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ErrorDeUsuario(Problema(f"no está en UTF-8 (byte {exc.start})", Ubicacion(str(ruta)))) from None


def dentro_de(sub: Path, raiz: Path) -> Path:
    """``sub`` (una carpeta o un archivo dentro de la carpeta de plantillas ``raiz``) si, con
    los enlaces resueltos, sigue dentro de ``raiz``; si no, un error en español.

    La raíz puede ser un enlace (la eligió quien usa el programa: ``--plantillas``); lo que
    hay dentro, no: una carpeta ``textos`` que es un enlace a ``/etc`` convertiría en su límite
    a ``/etc``, y ``{% include 'passwd' %}`` pasaría todas las demás revisiones, que comparan
    contra la carpeta ya resuelta."""
    real, base = os.path.realpath(sub), os.path.realpath(raiz)
    if real != base and not real.startswith(base + os.sep):
        raise ErrorDeUsuario(Problema(f"es un enlace simbólico que apunta fuera de la carpeta de plantillas ({real}); "
                                      "no se usa", Ubicacion(str(sub))))
    return sub


def comprobar_docx(ruta: Path) -> None:
    """Un diseño de Word es un .zip: sus partes se miden antes de descomprimir ninguna."""
    try:
        with zipfile.ZipFile(ruta) as paquete:
            partes = paquete.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ErrorDeUsuario(Problema(f"el diseño de Word no es un .docx que se pueda leer ({exc})",
                                      Ubicacion(str(ruta)))) from None
    if len(partes) > PARTES_MAXIMAS_DOCX:
        raise ErrorDeUsuario(Problema(f"el diseño de Word tiene {len(partes):,} partes (un diseño real tiene unas "
                                      f"veinte; se admiten {PARTES_MAXIMAS_DOCX:,}); no parece un diseño real"
                                      .replace(",", " "), Ubicacion(str(ruta))))
    total = 0
    for parte in partes:
        total += parte.file_size
        proporcion = parte.file_size / max(parte.compress_size, 1)
        if parte.file_size > PARTE_MAXIMA_DOCX or total > TOTAL_MAXIMO_DOCX or (
                parte.file_size > 2**20 and proporcion > PROPORCION_MAXIMA_DOCX):
            raise ErrorDeUsuario(Problema(
                f"el diseño de Word se descomprime en demasiados datos ({parte.filename}: "
                f"{parte.file_size:,} bytes); no parece un diseño real".replace(",", " "), Ubicacion(str(ruta))))


class CargadorConfinado(jinja2.BaseLoader):
    """Lee plantillas solo de sus carpetas: ``{% include %}`` o ``{% import %}`` de un
    enlace simbólico que apunta fuera (``/etc/passwd``), de algo que no es un archivo
    normal (``/dev/zero``) o de un archivo enorme se rechaza antes de leerlo."""

    def __init__(self, carpetas: Iterable[Path]):
        self.carpetas = [os.path.realpath(c) for c in carpetas]

    def get_source(self, environment: jinja2.Environment, template: str):
        partes = split_template_path(template)  # rechaza «..»
        if not partes:
            raise PlantillaNoPermitida("una plantilla incluye o importa un nombre vacío («»)")
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
            try:
                with open(real, encoding="utf-8") as archivo:
                    fuente = archivo.read(TAMANO_MAXIMO_PLANTILLA + 1)
            except UnicodeDecodeError as exc:
                raise PlantillaNoPermitida(f"la plantilla «{template}» no está en UTF-8 (byte {exc.start}); guárdela "
                                           "como UTF-8") from None
            modificado = os.path.getmtime(real)
            return fuente, ruta, lambda: os.path.exists(real) and os.path.getmtime(real) == modificado
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return []
