"""Un atajo para leer el HTML de los bloques: sus etiquetas sin pasar por ``HTMLParser``.

Las plantillas del proyecto producen un HTML pequeño y siempre igual de sencillo
(``<p>``, ``<b>``, ``</p>``, texto escapado por Jinja). ``html.parser.HTMLParser`` lo lee
carácter a carácter con varias expresiones regulares por etiqueta; en la validación en
vivo eso se repite en cada pausa al escribir. Aquí una sola expresión regular parte el
HTML en las mismas llamadas que haría ``HTMLParser`` (``handle_starttag``,
``handle_endtag``, ``handle_data``), pero **solo** si todo el texto tiene la forma más
estricta, en la que ambos lectores coinciden por construcción:

* texto sin «<», entregado de una vez entre dos etiquetas, con las referencias
  («&amp;», «&#39;») convertidas por la misma ``html.unescape`` (``convert_charrefs``);
* ``<nombre>``, ``<nombre a="v" b="w">`` y ``<nombre/>`` con nombres en minúsculas de la
  lista de etiquetas que el lector conoce, un solo espacio antes de cada atributo y
  valores entre comillas dobles sin «<», «>» ni comillas;
* ``</nombre>`` con un nombre de la misma lista.

Cualquier otra cosa (comentarios, ``<!DOCTYPE``, ``<script>``, mayúsculas, atributos
sin comillas, un «<» suelto, espacios raros dentro de una etiqueta) hace que
:func:`entregar` devuelva ``False`` y el HTML se lea con ``HTMLParser`` como siempre: el
marcado hostil sigue el camino de siempre, con sus mensajes y sus números de línea.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any, Callable

# Una ficha: texto, etiqueta de apertura (nombre, atributos, «/») o de cierre (nombre).
_FICHA = re.compile(
    r'([^<]+)'
    r'|<([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<>]*")*)(/?)>'
    r'|</([a-z][a-z0-9]*)>'
)
_ATRIBUTO = re.compile(r' ([a-z][a-z0-9-]*)="([^"<>]*)"')

# Solo el espacio ASCII se junta o se recorta (como en HTML): «\s» y str.split() también
# toman el espacio duro (U+00A0) y los finos (U+2009, U+202F), que el texto pone a
# propósito («art.\u00a06», «10\u202f000») para que Word no los separe ni los estire.
ESPACIOS_ASCII = " \t\n\r\f\v"
# Cada tramo de espacios vale uno; solo se buscan los que cambian (un espacio suelto ya queda).
ESPACIO_HTML = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
# Sin ninguno de estos, ``ESPACIO_HTML`` no encuentra nada: el único espacio que queda es
# « » y un tramo de dos o más contiene «  ».
_LO_QUE_CAMBIA = ("  ", "\t", "\n", "\r", "\f", "\v")


def juntar_espacios(texto: str) -> str:
    """``ESPACIO_HTML.sub(" ", texto)``. La expresión regular recorre el texto carácter a
    carácter (la mitad del tiempo de leer el HTML de un documento); la mayoría de los trozos
    no tiene nada que juntar, y buscar seis subcadenas es mucho más barato."""
    if ("  " in texto or "\n" in texto or "\t" in texto or "\r" in texto or "\f" in texto
            or "\v" in texto):  # _LO_QUE_CAMBIA, sin el generador de any()
        return ESPACIO_HTML.sub(" ", texto)
    return texto


Ficha = tuple  # ("texto", datos) | ("abre", nombre, atributos) | ("vacia", nombre, atributos) | ("cierra", nombre)


def entregar(html: str, conocidas: frozenset[str], datos: Callable, abre: Callable, vacia: Callable,
             cierra: Callable) -> bool:
    """Entrega a los cuatro métodos (``handle_data``, ``handle_starttag``,
    ``handle_startendtag``, ``handle_endtag``) las llamadas que haría ``HTMLParser`` con
    ``convert_charrefs=True`` sobre ``html``, en orden y a medida que las lee; ``False`` en
    cuanto ``html`` se sale de la forma estricta (lo ya entregado no vale: se lee todo otra vez
    con ``HTMLParser``, en un lector nuevo).

    A medida y no en una lista: con la lista, el HTML enorme que produce una plantilla hostil
    (millones de ``<br>`` dentro del límite de caracteres) tenía en memoria a la vez todas sus
    fichas y los párrafos del lector, más del doble que ``HTMLParser``.

    ``conocidas``: los nombres de etiqueta que el lector admite; otra etiqueta (``<script>``,
    que ``HTMLParser`` leería en modo CDATA) también devuelve ``False``."""
    posicion, fin = 0, len(html)
    coincidir = _FICHA.match
    while posicion < fin:
        m = coincidir(html, posicion)
        if m is None:
            return False
        texto, nombre, atributos, barra, cierre = m.groups()
        if texto is not None:
            datos(unescape(texto))
        elif nombre is not None:
            if nombre not in conocidas:
                return False
            # Como ``HTMLParser``: el valor sin comillas y con sus referencias convertidas.
            pares = [(n, unescape(v) if v else v) for n, v in _ATRIBUTO.findall(atributos)] if atributos else []
            (vacia if barra else abre)(nombre, pares)
        else:
            if cierre not in conocidas:
                return False
            cierra(cierre)
        posicion = m.end()
    return True


def fichas(html: str, conocidas: frozenset[str]) -> list[Ficha] | None:
    """Las llamadas de :func:`entregar` como lista (para las pruebas), o ``None`` si ``html``
    se sale de la forma estricta (entonces se lee con ``HTMLParser``)."""
    salida: list[Ficha] = []
    agregar = salida.append
    if entregar(html, conocidas, lambda d: agregar(("texto", d)), lambda n, a: agregar(("abre", n, a)),
                lambda n, a: agregar(("vacia", n, a)), lambda n: agregar(("cierra", n))):
        return salida
    return None


def recorrer(lector, lista: list[Ficha]) -> None:
    """Entrega las fichas a ``lector`` con los mismos métodos que usaría ``HTMLParser``
    (una etiqueta ``<x/>`` es ``handle_startendtag``: apertura y cierre)."""
    for ficha in lista:
        tipo = ficha[0]
        if tipo == "texto":
            lector.handle_data(ficha[1])
        elif tipo == "abre":
            lector.handle_starttag(ficha[1], ficha[2])
        elif tipo == "vacia":
            lector.handle_startendtag(ficha[1], ficha[2])
        else:
            lector.handle_endtag(ficha[1])


def leer(html: str, nuevo: Callable[[], Any], conocidas: frozenset[str]) -> Any:
    """Un lector ``nuevo()`` (un ``HTMLParser``) con todo ``html`` leído y cerrado.

    Con la forma estricta, las llamadas van directo a sus métodos (:func:`entregar`); si el
    HTML se sale de ella a medio camino o algo falla ahí (una ``ErrorDeUsuario`` por una
    etiqueta mal anidada, o cualquier otra cosa), el HTML se lee otra vez, entero, con un
    lector nuevo y ``HTMLParser``: el resultado, el error, su mensaje y su número de línea son
    siempre los del camino de siempre."""
    lector = nuevo()
    try:
        if entregar(html, conocidas, lector.handle_data, lector.handle_starttag, lector.handle_startendtag,
                    lector.handle_endtag):
            lector.close()  # ``HTMLParser.close`` no tiene nada pendiente: solo las comprobaciones del lector
            return lector
    except Exception:  # noqa: BLE001 — lo decide el camino de siempre, abajo
        pass
    lector = nuevo()
    lector.feed(html)
    lector.close()
    return lector
