"""El atajo que lee el HTML de los bloques sin ``HTMLParser`` da lo mismo que ``HTMLParser`` (issue 19).

``plantillas/marcado.py`` parte el HTML de forma estricta en las llamadas que haría
``HTMLParser``; aquí se compara, llamada por llamada y bloque por bloque (o error por
error), con el analizador de siempre: el HTML que producen todas las muestras, marcado
hostil escrito a mano y miles de textos al azar armados con trozos de etiquetas,
referencias y espacios. También que las muestras sí toman el atajo (si no, no ahorraría
nada) y que el marcado raro no lo toma.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generador.errores import ErrorDeUsuario
from generador.plantillas import formato
from generador.plantillas.limites import con_limites
from generador.plantillas.marcado import ESPACIO_HTML, fichas, juntar_espacios
from generador.redaccion import redactar
from generador.tuberia import caso_desde_bytes

MUESTRAS = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
CONOCIDAS = formato._CONOCIDAS


class _Grabadora(HTMLParser):
    """Las llamadas de ``HTMLParser`` tal como las recibiría el lector de los bloques."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.llamadas: list[tuple] = []

    def handle_starttag(self, etiqueta, atributos):
        self.llamadas.append(("abre", etiqueta, list(atributos)))

    def handle_startendtag(self, etiqueta, atributos):
        self.llamadas.append(("vacia", etiqueta, list(atributos)))

    def handle_endtag(self, etiqueta):
        self.llamadas.append(("cierra", etiqueta))

    def handle_data(self, datos):
        self.llamadas.append(("texto", datos))

    def handle_comment(self, datos):
        self.llamadas.append(("comentario", datos))

    def handle_decl(self, datos):
        self.llamadas.append(("declaracion", datos))

    def handle_pi(self, datos):
        self.llamadas.append(("pi", datos))

    def unknown_decl(self, datos):
        self.llamadas.append(("desconocida", datos))


def _de_htmlparser(html: str) -> list[tuple]:
    grabadora = _Grabadora()
    grabadora.feed(html)
    grabadora.close()
    return grabadora.llamadas


def _bloques_de_siempre(html: str, origen: str):
    """El camino de antes del atajo: ``HTMLParser`` y nada más."""
    lector = formato._Lector(origen)
    try:
        lector.feed(html)
        lector.close()
    except ErrorDeUsuario as exc:
        return ("error", [str(p) for p in exc.problemas])
    return ("bloques", lector.bloques)


def _bloques_de_ahora(html: str, origen: str):
    try:
        return ("bloques", formato.html_a_bloques(html, origen))
    except ErrorDeUsuario as exc:
        return ("error", [str(p) for p in exc.problemas])


def _comparar(html: str) -> None:
    lista = fichas(html, CONOCIDAS)
    if lista is not None:
        assert lista == _de_htmlparser(html), repr(html)
    assert _bloques_de_ahora(html, "la prueba") == _bloques_de_siempre(html, "la prueba"), repr(html)


def _html_de_las_muestras() -> list[str]:
    htmls = []
    for muestra in MUESTRAS:
        caso = caso_desde_bytes(muestra.read_bytes(), muestra.name)
        perfil, carpeta = caso.perfil
        with con_limites():
            resolucion = redactar(caso.expediente, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas)
        htmls += [resolucion.html, f"<p>{resolucion.asunto}</p>"]
    return htmls


HTML_DE_LAS_MUESTRAS = _html_de_las_muestras()


def test_las_muestras_toman_el_atajo_y_dan_lo_mismo():
    assert len(HTML_DE_LAS_MUESTRAS) == 2 * len(MUESTRAS) > 10
    for html in HTML_DE_LAS_MUESTRAS:
        assert fichas(html, CONOCIDAS) is not None, "una muestra ya no tiene la forma estricta"
        _comparar(html)


HOSTILES = [
    "<p>a<!-- <p>b</p> -->c</p>",
    "<p>uno<!--> <p>dos</p></p>",
    "<!DOCTYPE html><p>x</p>",
    "<?php echo 1 ?><p>x</p>",
    "<p>x</p><script><p>no es un párrafo</p></script>",
    "<p>x</p><style>p{}</style>",
    "<P>Mayúsculas</P>",
    "<p DATA-ESTILO=\"Cierre\">x</p>",
    "<p data-estilo=Cierre>x</p>",
    "<p data-estilo='Cierre'>x</p>",
    "<p  data-estilo=\"Cierre\">x</p>",
    "<p data-estilo=\"Cierre\" >x</p>",
    "<p\tdata-estilo=\"Cierre\">x</p>",
    "<p data-estilo = \"Cierre\">x</p>",
    "<p data-estilo=\"a>b\">x</p>",
    "<p>a < b</p>",
    "<p>a <3 b</p>",
    "<p>final abierto <",
    "<p>etiqueta sin cerrar <b",
    "<p>x</p >",
    "</ p>",
    "<p>x</p\n>",
    "<br />",
    "<p>uno<br />dos</p>",
    "<p><![CDATA[x]]></p>",
    "<p>&amp;&lt;&gt;&quot;&#39;&#x41;&nbsp;&noexiste; &amp</p>",
    "<p>al final &am",
    "<p>x</p>texto suelto",
    "<table><tr><td>x</td></tr></table>",
    "<p><table></table></p>",
    "<p>\u00a0espacio duro\u2009fino\u202f</p>",
    "<p>x</b></p>",
    "<p><nota>una</nota> y <nota><nota>dos</nota></nota></p>",
    "<ul><li>a<ul><li>b</li></ul></li></ul>",
    "<blockquote><p>c</p></blockquote>",
    "<p data-estilo=\"&quot;raro&quot;\">x</p>",
    "<p data-estilo=\"\">vacío</p>",
    "<div><h1>t</h1><h2>s</h2></div>",
    "<p>a\x00b</p>",
    "<p/>",
    "<b/>",
    "<p>x<u>y</u><i>z</i><em>w</em><strong>v</strong></p>",
]


@pytest.mark.parametrize("html", HOSTILES)
def test_marcado_hostil_da_lo_mismo(html):
    _comparar(html)


@pytest.mark.parametrize("html", ["<p>a<!-- b --></p>", "<!DOCTYPE html>", "<script>x</script>", "<P>x</P>",
                                  "<p data-estilo=x>y</p>", "<p>a < b</p>", "<br />", "<p>x</p >", "<span>x</span>"])
def test_lo_raro_no_toma_el_atajo(html):
    assert fichas(html, CONOCIDAS) is None


# Trozos con los que se arma HTML al azar: etiquetas conocidas y no, bien y mal formadas,
# atributos, referencias, espacios de todo tipo y caracteres que HTMLParser trata aparte.
_TROZOS = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<br>", "<br/>", "<br />", "<li>", "</li>",
    "<ul>", "</ul>", "<blockquote>", "</blockquote>", "<h1>", "</h1>", "<h2>", "</h2>", "<div>", "</div>",
    "<nota>", "</nota>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>",
    "<thead>", "</thead>", "<tbody>", "</tbody>", "<em>", "</em>", "<strong>", "</strong>",
    '<p data-estilo="Cierre">', '<p data-estilo="">', '<table data-anchos="30,70" data-bordes="no">',
    '<table data-ancho="60">', '<td data-x="&amp;">', "<P>", "</P>", "<span>", "</span>", "<script>", "</script>",
    "<!-- c -->", "<!--", "-->", "<!x>", "<?pi?>", "<", ">", "</", "/>", "&", "&amp;", "&lt;", "&#39;", "&#x27;",
    "&nbsp;", "&amp", "&#", "texto", "Ley General", "á", "ñ", " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2009",
    "=", '"', "'", "a", "1",
]


_TEXTOS = ["texto", "Ley General", " ", "  ", "\n", "\t", "&amp;", "&lt;b&gt;", "&#39;", "&quot;", "\u00a0", "á", ">"]


def _en_linea(azar: random.Random, hondura: int = 0) -> str:
    partes = []
    for _ in range(azar.randint(0, 4)):
        eleccion = azar.random()
        if eleccion < 0.5 or hondura > 2:
            partes.append(azar.choice(_TEXTOS))
        elif eleccion < 0.6:
            partes.append(azar.choice(["<br>", "<br/>"]))
        else:
            etiqueta = azar.choice(["b", "i", "u", "em", "strong"] + (["nota"] if hondura == 0 else []))
            partes.append(f"<{etiqueta}>{_en_linea(azar, hondura + 1)}</{etiqueta}>")
    return "".join(partes)


def _documento(azar: random.Random) -> str:
    """HTML casi siempre bien formado: párrafos, listas, citas y tablas con texto al azar."""
    partes = []
    for _ in range(azar.randint(1, 5)):
        eleccion = azar.random()
        if eleccion < 0.4:
            abre = azar.choice(["<p>", '<p data-estilo="Cierre">', "<h1>", "<h2>"])
            partes.append(f"{abre}{_en_linea(azar)}</{abre[1:3].strip(' >')}>")
        elif eleccion < 0.6:
            partes.append("<ul>" + "".join(f"<li>{_en_linea(azar)}</li>" for _ in range(azar.randint(1, 3))) + "</ul>")
        elif eleccion < 0.75:
            partes.append(f"<blockquote><p>{_en_linea(azar)}</p></blockquote>")
        elif eleccion < 0.9:
            filas = "".join("<tr>" + "".join(f"<td>{_en_linea(azar)}</td>" for _ in range(2)) + "</tr>"
                            for _ in range(azar.randint(1, 3)))
            partes.append(f'<table data-anchos="30,70">{filas}</table>')
        else:
            partes.append(azar.choice(_TEXTOS + _TROZOS))
        partes.append(azar.choice(["", "\n", "\n  "]))
    return "".join(partes)


def test_miles_de_textos_al_azar_dan_lo_mismo():
    azar = random.Random(19)
    for _ in range(3000):
        _comparar("".join(azar.choice(_TROZOS) for _ in range(azar.randint(1, 14))))
    for _ in range(3000):
        _comparar(_documento(azar))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TROZOS) | st.text(max_size=6), max_size=12))
def test_propiedad_el_atajo_es_htmlparser(trozos):
    _comparar("".join(trozos))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "a", "b", "\u2009"]),
               max_size=20))
def test_juntar_espacios_es_la_expresion_regular(texto):
    assert juntar_espacios(texto) == ESPACIO_HTML.sub(" ", texto)
