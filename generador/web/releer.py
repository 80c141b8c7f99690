"""Lo que la página guarda se relee igual: cada texto enviado está, tal cual, en el archivo.

``yaml_actualizado`` escribe con ruamel, que conserva comentarios y estilos; un estilo de bloque
mal escrito junto a un comentario (un espacio al final de un párrafo plegado) metía el comentario
del esqueleto en el texto de la resolución sin que nada lo viera. Esta comprobación lo ve antes
de escribir: si falla, se escribe todo lo nuevo entre comillas y, si aun así falla, no se guarda.
"""

from __future__ import annotations

from typing import Any

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml


def _textos(valor: Any, ruta: tuple = ()):
    """Cada texto no vacío de ``valor`` con su ruta (las listas, en su orden)."""
    if isinstance(valor, dict):
        for k, v in valor.items():
            yield from _textos(v, ruta + (k,))
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            yield from _textos(v, ruta + (i,))
    elif isinstance(valor, str) and valor.strip():
        yield ruta, valor.rstrip("\n")


def texto_cambiado(datos: Any, texto: str) -> tuple | None:
    """La ruta de un texto enviado que no está, tal cual, en lo que se relee de ``texto`` (sin
    contar los saltos de línea finales, que los bloques normalizan); None si todos están. Se
    busca el texto y no su ruta: quitar o reordenar elementos de una lista cambia las rutas."""
    try:
        leido = leer_yaml(texto, "caso").datos  # deja cada escalar como texto, como lo manda la página
    except ErrorDeUsuario:
        return None  # ilegible: lo dice quien guarda (nunca escribe un archivo que no se lee)
    presentes = {v for _, v in _textos(leido)}
    return next((ruta for ruta, v in _textos(datos) if v not in presentes), None)
