"""La caché del usuario (``~/.cache/resoluciones``): lo que cuesta preparar y no cambia.

Guarda el catálogo ya validado, los diseños de Word ya preparados y el bytecode de
Jinja. Cada entrada lleva en su nombre la huella de lo que la produjo (archivos, código
del paquete, versión), así que nunca se usa una vieja. Una caché que no se puede leer
o escribir no es un error: solo se trabaja más. ``RESOLUCIONES_SIN_CACHE=1`` la apaga.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def huella_del_codigo() -> str:
    """Tamaño y fecha de cada módulo del paquete: si el código cambia (aunque no cambie la
    versión), las cachés de objetos guardados con el código anterior dejan de valer.

    Una vez por proceso: un proceso corre el código que importó al empezar, así que la
    huella de ese momento es la que corresponde a lo que guarda (y recorrer los ~200
    módulos costaba ~6 ms cada vez, dos o tres veces en cada ``generar``)."""
    paquete = str(Path(__file__).resolve().parent)
    partes = []
    pendientes = [paquete]
    while pendientes:  # os.scandir: un tercio de lo que cuesta Path.rglob con un stat por archivo
        with os.scandir(pendientes.pop()) as entradas:
            for entrada in entradas:
                if entrada.is_dir(follow_symlinks=False):
                    if entrada.name != "__pycache__":
                        pendientes.append(entrada.path)
                elif entrada.name.endswith(".py"):
                    estado = entrada.stat()
                    partes.append(f"{os.path.relpath(entrada.path, paquete)}:{estado.st_size}:{estado.st_mtime_ns}")
    return "|".join(sorted(partes))


def carpeta_de_cache() -> Path | None:
    if os.environ.get("RESOLUCIONES_SIN_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "resoluciones"


def con_suma(datos: bytes) -> bytes:
    """``datos`` con su SHA-256 delante (32 bytes): lo que se guarda en la caché."""
    import hashlib

    return hashlib.sha256(datos).digest() + datos


def leer_de_cache(ruta: Path) -> bytes:
    """Lo guardado en ``ruta``, si su suma SHA-256 coincide; si no, ``ValueError``.

    Un archivo de la caché dañado (un disco que falla, una copia cortada, un byte cambiado)
    que aún se deja leer con pickle daría, sin ningún error, un catálogo con otro texto de
    ley, un diseño con otro estilo o una plantilla con otro texto; y ``marshal`` no está hecho
    para datos dañados. Con la suma, cualquier cambio hace que se vuelva a preparar."""
    import hashlib

    contenido = ruta.read_bytes()
    suma, datos = contenido[:32], contenido[32:]
    if len(contenido) < 32 or hashlib.sha256(datos).digest() != suma:
        raise ValueError(f"{ruta}: la suma de la caché no coincide")
    return datos


def guardar_en_cache(carpeta: Path, nombre: str, datos: bytes, patron: str | None = "catalogo-*.pickle",
                     conservar: int = 4) -> None:
    """Escribe ``datos`` con su suma (``con_suma``) en la caché si se puede; una caché que no
    se puede escribir no es un error. Con ``patron``, conserva solo las entradas más
    recientes de ese tipo. Un temporal que no se terminó de escribir (disco lleno) se borra."""
    import tempfile

    temporal = None
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        if patron is not None:
            viejos = sorted(carpeta.glob(patron), key=lambda p: p.stat().st_mtime, reverse=True)
            for viejo in viejos[conservar - 1:]:
                viejo.unlink(missing_ok=True)
        descriptor, temporal = tempfile.mkstemp(dir=carpeta, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(con_suma(datos))
        os.replace(temporal, carpeta / nombre)
        temporal = None
    except OSError:
        pass
    finally:
        if temporal is not None:
            try:
                os.unlink(temporal)
            except OSError:
                pass
