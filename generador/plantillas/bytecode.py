"""La caché de bytecode de Jinja, con la suma de cada archivo.

``jinja2.FileSystemBytecodeCache`` lee el código compilado con ``marshal``, que no está
hecho para datos dañados: un archivo cortado o con un byte cambiado puede cargar una
plantilla con otro texto (las constantes del código llevan el texto literal de la
resolución) o hacer fallar al intérprete. Aquí cada archivo lleva su SHA-256
(``cache.con_suma``); uno que no coincide se descarta y la plantilla se compila de nuevo.

Las plantillas compiladas desde memoria (cláusulas, partes de un diseño) tienen un nombre
que sale de su contenido, así que cada versión editada deja su archivo: quien ajusta sus
plantillas durante meses llenaría la carpeta. Por eso, al guardar, se conservan los
``MAXIMO_DE_ARCHIVOS`` usados más recientemente (un archivo usado que lleva un día sin
tocarse se toca al leerlo) y se borran las carpetas de otras versiones de Jinja o del
compilador que nadie tocó en ``DIAS_DE_OTRAS_VERSIONES`` días.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..cache import guardar_en_cache, leer_de_cache


MAXIMO_DE_ARCHIVOS = 2000  # las plantillas del proyecto y de un perfil son unas cien
CONSERVAR_AL_PODAR = 1500
DIAS_DE_OTRAS_VERSIONES = 30
_UN_DIA = 86400


class CacheDeBytecode(jinja2.FileSystemBytecodeCache):
    """Como la de Jinja, en la misma carpeta y con los mismos nombres, con la suma delante."""

    def load_bytecode(self, bucket: Bucket) -> None:
        ruta = Path(self.directory) / self._get_cache_filename(bucket)
        try:
            datos = leer_de_cache(ruta)
        except (OSError, ValueError):  # falta o está dañado: Jinja compila la plantilla
            return
        _tocar_si_es_viejo(ruta)
        bucket.load_bytecode(io.BytesIO(datos))

    def dump_bytecode(self, bucket: Bucket) -> None:
        salida = io.BytesIO()
        bucket.write_bytecode(salida)
        guardar_en_cache(Path(self.directory), self._get_cache_filename(bucket), salida.getvalue(), patron=None)
        podar(Path(self.directory))


def _tocar_si_es_viejo(ruta: Path) -> None:
    """La fecha de un archivo en uso dice cuándo se usó (sin depender de ``atime``, que muchos
    discos no llevan); se toca a lo más una vez al día para no escribir en cada lectura."""
    try:
        if time.time() - ruta.stat().st_mtime > _UN_DIA:
            os.utime(ruta)
            os.utime(ruta.parent)  # la carpeta de esta versión sigue en uso (ver ``podar``)
    except OSError:
        pass


def podar(carpeta: Path) -> None:
    """Con más de ``MAXIMO_DE_ARCHIVOS`` archivos, deja los ``CONSERVAR_AL_PODAR`` usados más
    recientemente; y borra las carpetas hermanas (``jinja-*`` de otra versión) sin tocar en
    ``DIAS_DE_OTRAS_VERSIONES`` días. Nada de esto es un error si falla: la caché solo ahorra
    trabajo."""
    try:
        with os.scandir(carpeta) as entradas:
            archivos = [(e.stat().st_mtime, e.path) for e in entradas if e.name.endswith(".cache")]
        if len(archivos) > MAXIMO_DE_ARCHIVOS:
            for _, ruta in sorted(archivos, reverse=True)[CONSERVAR_AL_PODAR:]:
                try:
                    os.unlink(ruta)
                except OSError:
                    pass
        limite = time.time() - DIAS_DE_OTRAS_VERSIONES * _UN_DIA
        for hermana in carpeta.parent.glob("jinja-*"):
            if hermana != carpeta and hermana.is_dir() and not hermana.is_symlink() \
                    and hermana.stat().st_mtime < limite:
                shutil.rmtree(hermana, ignore_errors=True)
    except OSError:
        pass
