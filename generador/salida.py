"""Escritura segura del documento: todo o nada.

Se escribe en un archivo temporal en la misma carpeta y, ya completo y en disco,
se le da su nombre. Si algo falla (disco lleno, permisos), el temporal se borra y
no queda ningún archivo a medias. Un archivo existente no se sustituye si no se
pide expresamente.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errores import ErrorDeUsuario, Problema, Ubicacion


def nombre_de_archivo(texto: str) -> str:
    """Nombre de archivo seguro a partir de un oficio o un nombre ("CTA/404/18" → "CTA-404-18")."""
    nombre = "".join(c if c.isalnum() or c in "-_." else "-" for c in texto).strip(".-")
    return nombre[:120] or "resolucion"


def mensaje_de_os(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no hay espacio en el disco"
    if exc.errno == errno.EDQUOT:
        return "se excedió la cuota de disco"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "no hay permiso para escribir en esa carpeta"
    if exc.errno == errno.EROFS:
        return "la carpeta está en un sistema de archivos de solo lectura"
    if exc.errno == errno.ENOENT:
        return "la carpeta de salida no existe"
    if exc.errno == errno.ENAMETOOLONG:
        return "el nombre del archivo es demasiado largo"
    return f"no se pudo escribir el archivo ({exc.strerror or exc})"


def _umask() -> int:
    actual = os.umask(0o022)
    os.umask(actual)
    return actual


def escribir_atomico(destino: Path, datos: bytes, *, sobrescribir: bool = False, sincronizar: bool = True) -> None:
    """Escribe ``datos`` en ``destino`` sin dejar nunca un archivo incompleto.

    ``sincronizar=False`` omite el ``fsync`` de cada archivo: un lote sincroniza el disco
    una sola vez al final, antes de cerrar su manifiesto."""
    nombre = str(destino)
    carpeta = destino.parent if str(destino.parent) else Path(".")
    if not carpeta.is_dir():
        raise ErrorDeUsuario(Problema(f"la carpeta de salida «{carpeta}» no existe", Ubicacion(nombre)))
    if destino.is_dir():
        raise ErrorDeUsuario(Problema("la salida indicada es una carpeta; indique un archivo .docx", Ubicacion(nombre)))
    if destino.exists() and not sobrescribir:
        raise ErrorDeUsuario(Problema(
            "el archivo ya existe; use --sobrescribir para reemplazarlo o indique otro nombre de salida (-o)",
            Ubicacion(nombre)))
    temporal = None
    try:
        descriptor, temporal = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp", dir=carpeta)
        # mkstemp crea el archivo solo para su dueño (0600); el documento lleva los
        # permisos normales de un archivo nuevo (los de la umask).
        os.fchmod(descriptor, 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
            archivo.flush()
            if sincronizar:
                os.fsync(archivo.fileno())
        if sobrescribir:
            os.replace(temporal, destino)
        else:
            # link() falla si el destino apareció entretanto: nunca se pisa un archivo ajeno.
            try:
                os.link(temporal, destino)
            except FileExistsError:
                raise ErrorDeUsuario(Problema(
                    "el archivo ya existe; use --sobrescribir para reemplazarlo", Ubicacion(nombre))) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                os.replace(temporal, destino)  # sistemas de archivos sin enlaces duros
    except OSError as exc:
        raise ErrorDeUsuario(Problema(mensaje_de_os(exc), Ubicacion(nombre))) from None
    finally:
        if temporal is not None and os.path.exists(temporal):
            try:
                os.unlink(temporal)
            except OSError:
                pass
