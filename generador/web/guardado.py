"""Guardar un caso sin perder nada: el candado y lo que la página no puede editar.

De N guardados simultáneos de la misma versión debe ganar exactamente uno: la lectura de
la versión en disco, su comparación y la escritura atómica van juntas bajo un candado.
Hay dos: un ``threading.Lock`` por archivo (los hilos del servidor) y ``fcntl.flock``
sobre la carpeta de casos (dos servidores sobre la misma carpeta). Se bloquea la carpeta
y no el archivo porque la escritura atómica reemplaza el archivo (otro inodo) y un candado
sobre el viejo no detendría a quien abre el nuevo; la carpeta no cambia y no deja archivos
de candado sueltos, y funciona aunque la carpeta sea de solo lectura (entonces lo que
falla, con su mensaje, es la escritura).
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from ruamel.yaml.error import YAMLError

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml
from .ida_y_vuelta import cargar_ida_y_vuelta

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: solo el candado entre hilos
    fcntl = None

_CANDADOS: dict[Path, threading.Lock] = {}
_CANDADOS_GUARDA = threading.Lock()


@contextmanager
def candado(ruta: Path):
    """Exclusión para leer-comparar-escribir ``ruta``, entre hilos y entre procesos."""
    with _CANDADOS_GUARDA:
        propio = _CANDADOS.setdefault(ruta, threading.Lock())
    with propio:
        if fcntl is None:  # pragma: no cover
            yield
            return
        descriptor = os.open(ruta.parent, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # cerrar suelta el flock


def motivo_no_editable(texto: str, nombre: str) -> str | None:
    """Por qué la página no puede editar este archivo sin perder algo, o None.

    El formulario se arma con lo que lee el CLI y se guarda con ruamel (que conserva
    comentarios): si el primero no lo lee (anclas y alias, sintaxis) el formulario saldría
    vacío y guardar escribiría «{}»; si el segundo no lo lee (un tabulador que el CLI
    acepta), no habría sobre qué escribir. En ambos casos la página no guarda y lo dice."""
    try:
        datos = leer_yaml(texto, nombre).datos
    except ErrorDeUsuario as exc:
        return "; ".join(p.mensaje + (f" (línea {p.ubicacion.linea})" if p.ubicacion.linea else "")
                         for p in exc.problemas)
    if datos is not None and not isinstance(datos, dict):
        return "el primer nivel del archivo no es una lista de «campo: valor»"
    try:
        cargar_ida_y_vuelta(texto)
    except (YAMLError, RecursionError, ValueError) as exc:
        marca = getattr(exc, "problem_mark", None)
        linea = f" en la línea {marca.line + 1}" if marca is not None else ""
        caracter = " (probablemente un tabulador; cámbielo por espacios)" if "\t" in texto else ""
        return f"hay algo{linea} que la página no puede conservar al guardar{caracter}"
    return None
