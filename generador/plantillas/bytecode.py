"""La caché de bytecode de Jinja, con la suma de cada archivo.

``jinja2.FileSystemBytecodeCache`` lee el código compilado con ``marshal``, que no está
hecho para datos dañados: un archivo cortado o con un byte cambiado puede cargar una
plantilla con otro texto (las constantes del código llevan el texto literal de la
resolución) o hacer fallar al intérprete. Aquí cada archivo lleva su SHA-256
(``cache.con_suma``); uno que no coincide se descarta y la plantilla se compila de nuevo.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..cache import guardar_en_cache, leer_de_cache


class CacheDeBytecode(jinja2.FileSystemBytecodeCache):
    """Como la de Jinja, en la misma carpeta y con los mismos nombres, con la suma delante."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            datos = leer_de_cache(Path(self.directory) / self._get_cache_filename(bucket))
        except (OSError, ValueError):  # falta o está dañado: Jinja compila la plantilla
            return
        bucket.load_bytecode(io.BytesIO(datos))

    def dump_bytecode(self, bucket: Bucket) -> None:
        salida = io.BytesIO()
        bucket.write_bytecode(salida)
        # Sin podar: cada plantilla tiene su archivo.
        guardar_en_cache(Path(self.directory), self._get_cache_filename(bucket), salida.getvalue(), patron=None)
