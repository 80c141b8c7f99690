"""Cuántas líneas ocupa un texto nuevo de bloque («|» o «>-») sin escribirlo con ruamel.

Por qué: al validar en vivo, ``ida_y_vuelta._hoja`` necesita saber cuántas líneas ocupará el
párrafo que se está escribiendo (para mover las líneas de lo que sigue) y cómo lo leerá
``leer_yaml``. Escribirlo con ruamel y leerlo cuesta milisegundos por petición en un párrafo
largo (el analizador de ruamel recorre el texto carácter a carácter, en Python). Para los
textos simples —los de casi siempre— la respuesta se calcula aquí con las mismas reglas del
emisor de ruamel (``write_literal``, ``write_folded``: se pliega en un espacio suelto cuando
la columna pasa del ancho); para cualquier otro, ``None`` y se escribe de verdad. Que dé lo
mismo que escribirlo lo prueba ``tests/test_rendimiento_sin_cambios.py`` con miles de textos.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

ANCHO = 92  # el de ``ida_y_vuelta._yaml`` (``yaml.width``)
_SANGRIAS: dict[tuple, int] = {}


# Un carácter que el emisor no escribe tal cual en un bloque (pediría comillas o escapes).
_NO_PERMITIDO = re.compile("[^\n -~\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]|[\ufeff\u2028\u2029]")


def _sangria(ruta: tuple) -> int:
    """La columna del texto de un bloque plegado en ``ruta`` (la da la forma de la ruta: mapas
    y listas anidados), medida una vez escribiendo «a» con el mismo volcado."""
    from .ida_y_vuelta import _yaml  # el volcado de siempre; importado aquí por el ciclo

    forma = tuple(0 if isinstance(p, int) else "k" for p in ruta)
    if forma not in _SANGRIAS:
        documento: Any = FoldedScalarString("a")
        for parte in reversed(forma):
            documento = CommentedSeq([documento]) if isinstance(parte, int) else CommentedMap([(parte, documento)])
        salida = io.StringIO()
        _yaml().dump(documento, salida)
        ultima = salida.getvalue().rstrip("\n").split("\n")[-1]
        _SANGRIAS[forma] = len(ultima) - len(ultima.lstrip(" "))
    return _SANGRIAS[forma]


def bloque_sin_escribir(ruta: tuple, objeto: Any) -> tuple[int, str, int] | None:
    """(líneas que ocupa con su clave, texto que lee ``leer_yaml``, 1: el texto empieza en la
    línea siguiente) de un texto nuevo de bloque en ``ruta``, o None si no es simple."""
    if not ruta or type(objeto) not in (LiteralScalarString, FoldedScalarString) or not objeto:
        return None
    texto = str(objeto)
    if getattr(objeto, "fold_pos", None) or getattr(objeto, "comment", None) or objeto.yaml_anchor() is not None:
        return None
    if texto[0] in " \n" or _NO_PERMITIDO.search(texto):
        return None
    if type(objeto) is LiteralScalarString:
        # «|»: cada línea tal cual (también las sangradas); con un solo salto al final (así lo
        # deja ``_escalar``). Un espacio antes de un salto haría que ruamel usara comillas.
        if not texto.endswith("\n") or texto.endswith("\n\n") or " \n" in texto:
            return None
        return 1 + texto.count("\n"), texto, 1
    # «>-»: una línea de palabras separadas por un espacio, plegada en los espacios.
    if "\n" in texto or "  " in texto or texto.endswith(" "):
        return None
    sangria = _sangria(ruta)
    columna, lineas = sangria, 1
    for i, palabra in enumerate(texto.split(" ")):
        if i:
            if columna > ANCHO:
                columna, lineas = sangria, lineas + 1
            else:
                columna += 1
        columna += len(palabra)
    return 1 + lineas, texto, 1
