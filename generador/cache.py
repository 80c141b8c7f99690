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


def guardar_en_cache(carpeta: Path, nombre: str, datos: bytes, patron: str = "catalogo-*.pickle",
                      conservar: int = 4) -> None:
    """Escribe en la caché si se puede; una caché que no se puede escribir no es un error.
    Conserva solo las entradas más recientes del mismo tipo."""
    import tempfile

    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        viejos = sorted(carpeta.glob(patron), key=lambda p: p.stat().st_mtime, reverse=True)
        for viejo in viejos[conservar - 1:]:
            viejo.unlink(missing_ok=True)
        descriptor, temporal = tempfile.mkstemp(dir=carpeta, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
        os.replace(temporal, carpeta / nombre)
    except OSError:
        pass
