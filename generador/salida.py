"""Escritura segura del documento: todo o nada.

Se escribe en un archivo temporal en la misma carpeta y, ya completo y en disco,
se le da su nombre. Si algo falla (disco lleno, permisos), el temporal se borra y
no queda ningún archivo a medias. Un archivo existente no se sustituye si no se
pide expresamente.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from .errores import ErrorDeUsuario, Problema, Ubicacion


# Caracteres que no van en un nombre de archivo que alguien va a ver, copiar o mandar: los
# controles (un salto de línea parte el nombre en la terminal y en los registros), los
# separadores de línea de Unicode y los que invierten la dirección del texto (U+202E hace que
# «exe.docx» se vea como otra cosa).
CONTROLES_EN_NOMBRES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Nombres que Windows reserva para dispositivos, con cualquier extensión («CON.docx» no se
# puede abrir ni copiar allí): las salidas se comparten con equipos de Windows.
RESERVADOS_EN_WINDOWS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                          *(f"LPT{i}" for i in range(1, 10))}


def visible(texto: str) -> str:
    """``texto`` con cada carácter de ``CONTROLES_EN_NOMBRES`` escrito como «\\u000a»: para
    mostrar en un mensaje un nombre que los trae sin partir la línea ni voltear el texto."""
    return CONTROLES_EN_NOMBRES.sub(lambda m: f"\\u{ord(m.group()):04x}", texto)


def nombre_de_archivo(texto: str) -> str:
    """Nombre de archivo seguro a partir de un oficio o un nombre ("CTA/404/18" → "CTA-404-18")."""
    nombre = "".join(c if c.isalnum() or c in "-_." else "-" for c in texto).strip(".-")
    nombre = nombre[:120] or "resolucion"
    base, punto, resto = nombre.partition(".")
    if base.upper() in RESERVADOS_EN_WINDOWS:  # Windows mira solo lo que va antes del primer punto
        nombre = f"{base}-resolucion{punto}{resto}"
    return nombre


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


# Los temporales que este proceso está escribiendo: un proceso del lote que el principal
# termina (SIGTERM) los borra antes de salir (``lote/trabajo.py``).
EN_CURSO: set[str] = set()


def _umask() -> int:
    actual = os.umask(0o022)
    os.umask(actual)
    return actual


def escribir_atomico(destino: Path, datos: bytes, *, sobrescribir: bool = False, sincronizar: bool = True) -> None:
    """Escribe ``datos`` en ``destino`` sin dejar nunca un archivo incompleto.

    ``sincronizar=False`` omite el ``fsync`` de cada archivo: un lote sincroniza el disco
    una sola vez al final, antes de cerrar su manifiesto."""
    nombre = str(destino)
    control = CONTROLES_EN_NOMBRES.search(destino.name)
    if control:
        raise ErrorDeUsuario(Problema(
            f"el nombre del archivo contiene un carácter de control (U+{ord(control.group()):04X}); elija un nombre "
            "sin saltos de línea ni caracteres invisibles",
            Ubicacion(visible(nombre))))
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
        EN_CURSO.add(temporal)
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
        EN_CURSO.discard(temporal)
        if temporal is not None and os.path.exists(temporal):
            try:
                os.unlink(temporal)
            except OSError:
                pass
