"""El formato ligero de los campos del expediente (párrafos, viñetas con «- », **negritas**,
notas ``^[…]``) convertido en el HTML pequeño de los bloques, con todo lo demás escapado.

Aparte de ``formato.py`` (que lee ese HTML ya renderizado y lo parte en párrafos): son las
dos direcciones del mismo HTML, y cada una es un trabajo. ``formato`` vuelve a exportar
``texto_a_html`` y ``texto_en_linea``, que es donde los busca el resto del programa.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from . import tablas as _t
from .marcado import ESPACIOS_ASCII as _ESPACIOS_ASCII
from .marcado import juntar_espacios
from .memoria import memoria_pura

_VINETA = re.compile(r"^(?P<sangria> *)[-•] +(?P<texto>.*)$")
_NEGRITA = re.compile(r"\*\*(.+?)\*\*", re.S)


def _en_linea(texto: str) -> str:
    """Escapa el texto y convierte **negritas**. ``\\*`` es un asterisco literal."""
    texto = texto.replace("\\*", "\x00")
    partes = _NEGRITA.split(texto)
    html = []
    for i, parte in enumerate(partes):
        parte = escape(parte, quote=False).replace("\x00", "*")
        html.append(f"<b>{parte}</b>" if i % 2 else parte)
    return "".join(html)


def _con_notas(texto: str) -> str:
    """Como ``_en_linea``, con las notas al pie «^[…]» como ``<nota>`` (cada trozo aparte:
    unas negritas no cruzan el borde de una nota)."""
    partes = _t.partir_notas(texto)
    return "".join(f"<nota>{_en_linea(p)}</nota>" if i % 2 else _en_linea(p) for i, p in enumerate(partes))


def _elementos(texto: str) -> list[tuple[int, str]]:
    """Lista de (nivel, texto): nivel 0 es párrafo; 1, 2… son viñetas anidadas."""
    elementos: list[tuple[int, list[str]]] = []
    abierto = False
    sangrias: list[int] = []
    for linea in texto.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not linea.strip():
            abierto = False
            continue
        vineta = _VINETA.match(linea)
        if vineta:
            sangria = len(vineta.group("sangria"))
            while sangrias and sangrias[-1] > sangria:
                sangrias.pop()
            if not sangrias or sangrias[-1] < sangria:
                sangrias.append(sangria)
            elementos.append((len(sangrias), [vineta.group("texto").strip()]))
            abierto = True
        elif abierto and elementos:
            elementos[-1][1].append(linea.strip())
        else:
            sangrias = []
            elementos.append((0, [linea.strip()]))
            abierto = True
    return [(nivel, " ".join(lineas)) for nivel, lineas in elementos]


@memoria_pura()  # pura: el mismo texto da el mismo HTML (memoria.py)
def texto_a_html(texto: str, *, comillas: bool = False, omision_final: bool = False,
                 etiqueta: str | None = None, separador: str = " ") -> Markup:
    """Formato ligero → HTML seguro.

    ``comillas`` abre comillas en el primer párrafo y las cierra en el último;
    con ``omision_final`` la cita termina en un párrafo «..."» (texto omitido).
    ``etiqueta`` se antepone en negritas al primer párrafo, seguida de ``separador``
    ("**Motivación:** La naturaleza…").
    """
    elementos = _elementos(texto)
    if not elementos:
        return Markup("")
    html_elementos = [(nivel, _con_notas(t)) for nivel, t in elementos]
    if etiqueta:
        nivel, primero = html_elementos[0]
        html_elementos[0] = (nivel, f"<b>{escape(str(etiqueta), quote=False)}</b>{escape(separador, quote=False)}{primero}")
    if comillas:
        nivel, primero = html_elementos[0]
        html_elementos[0] = (nivel, "&quot;" + primero)
        if omision_final:
            html_elementos.append((0, "...&quot;"))
        else:
            nivel, ultimo = html_elementos[-1]
            html_elementos[-1] = (nivel, ultimo + "&quot;")
    elif omision_final:
        html_elementos.append((0, "..."))
    salida: list[str] = []
    nivel_abierto = 0
    for nivel, contenido in html_elementos:
        while nivel_abierto > nivel:
            salida.append("</li></ul>")
            nivel_abierto -= 1
        if nivel == 0:
            salida.append(f"<p>{contenido}</p>")
            continue
        if nivel_abierto == nivel:
            salida.append(f"</li><li>{contenido}")
        else:
            while nivel_abierto < nivel:
                salida.append("<ul><li>")
                nivel_abierto += 1
            salida[-1] += contenido
    salida.append("</li></ul>" * nivel_abierto)
    return Markup("".join(salida))


def texto_en_linea(texto: str) -> Markup:
    """Formato ligero de una sola línea (p. ej. el asunto): solo **negritas**."""
    return Markup(_en_linea(juntar_espacios(texto).strip(_ESPACIOS_ASCII)))
