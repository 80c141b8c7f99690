"""Texto con formato: del expediente al HTML de los bloques, y del HTML a párrafos.

Los bloques de texto de las plantillas producen un HTML pequeño y conocido
(párrafos, títulos, citas, listas, negritas, cursivas). Se eligió HTML porque
Jinja ya sabe escaparlo: todo lo que viene del expediente se escapa solo
(``autoescape``), así que un «&» o un «<» del usuario nunca rompe nada, y la misma
salida sirve para una vista previa en HTML.

Este módulo hace dos cosas:

* ``texto_a_html``: convierte el formato ligero de los campos del expediente
  (párrafos, viñetas con «- », **negritas**) en ese HTML, escapando el resto;
* ``html_a_bloques``: lee el HTML ya renderizado y lo convierte en una lista de
  ``Bloque`` (párrafos con estilo y tramos de texto), que la etapa de Word
  escribe con estilos reales.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

from ..errores import ErrorDeUsuario, Problema


@dataclass
class Tramo:
    """Un fragmento de texto con el mismo formato (un *run* de Word)."""

    texto: str
    negrita: bool = False
    cursiva: bool = False
    subrayado: bool = False
    salto: bool = False  # salto de línea dentro del párrafo (<br>)


@dataclass
class Bloque:
    """Un párrafo: su estilo lógico, el nivel de lista y sus tramos."""

    estilo: str  # parrafo | cita | titulo | subtitulo | lista | cita_lista | o un nombre de estilo de Word
    nivel: int = 0
    tramos: list[Tramo] = field(default_factory=list)

    @property
    def texto(self) -> str:
        return "".join("\n" if t.salto else t.texto for t in self.tramos)


# --- Formato ligero del expediente → HTML ---------------------------------------

_VINETA = re.compile(r"^(?P<sangria> *)[-•] +(?P<texto>.*)$")
_NEGRITA = re.compile(r"\*\*(.+?)\*\*", re.S)
# Solo el espacio ASCII se junta o se recorta (como en HTML): «\s» y str.split() también
# toman el espacio duro (U+00A0) y los finos (U+2009, U+202F), que el texto pone a
# propósito («art.\u00a06», «10\u202f000») para que Word no los separe ni los estire.
_ESPACIOS_ASCII = " \t\n\r\f\v"
_ESPACIO_HTML = re.compile(r"[ \t\n\r\f\v]+")


def _en_linea(texto: str) -> str:
    """Escapa el texto y convierte **negritas**. ``\\*`` es un asterisco literal."""
    texto = texto.replace("\\*", "\x00")
    partes = _NEGRITA.split(texto)
    html = []
    for i, parte in enumerate(partes):
        parte = escape(parte, quote=False).replace("\x00", "*")
        html.append(f"<b>{parte}</b>" if i % 2 else parte)
    return "".join(html)


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
    html_elementos = [(nivel, _en_linea(t)) for nivel, t in elementos]
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
    return Markup(_en_linea(_ESPACIO_HTML.sub(" ", texto).strip(_ESPACIOS_ASCII)))


# --- HTML renderizado → bloques ---------------------------------------------------

_BLOQUES = {"p": "parrafo", "h1": "titulo", "h2": "subtitulo"}
_EN_LINEA = {"b": "negrita", "strong": "negrita", "i": "cursiva", "em": "cursiva", "u": "subrayado"}
_VACIOS = {"br"}
_CONTENEDORES = {"blockquote", "ul", "li", "div"}


class _Lector(HTMLParser):
    def __init__(self, origen: str):
        super().__init__(convert_charrefs=True)
        self.origen = origen
        self.bloques: list[Bloque] = []
        self.actual: Bloque | None = None
        self.formato = {"negrita": 0, "cursiva": 0, "subrayado": 0}
        self.cita = 0
        self.nivel_lista = 0
        self.pila: list[str] = []

    def _error(self, mensaje: str) -> ErrorDeUsuario:
        linea, _ = self.getpos()
        return ErrorDeUsuario(Problema(f"{mensaje} (HTML producido por {self.origen}, línea {linea})"))

    def _abrir(self, estilo: str, nivel: int = 0) -> None:
        self._cerrar()
        self.actual = Bloque(estilo, nivel)

    def _cerrar(self) -> None:
        if self.actual is not None:
            # Sin párrafos vacíos: el espacio entre párrafos lo dan los estilos.
            if any(t.texto.strip() or t.salto for t in self.actual.tramos):
                _recortar(self.actual)
                self.bloques.append(self.actual)
            self.actual = None

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        if etiqueta in _VACIOS:
            if self.actual is None:
                raise self._error("<br> fuera de un párrafo")
            self.actual.tramos.append(Tramo("", salto=True))
            return
        self.pila.append(etiqueta)
        if etiqueta in _BLOQUES:
            estilo = atributos.get("data-estilo") or _BLOQUES[etiqueta]
            if etiqueta == "p" and self.cita and "data-estilo" not in atributos:
                estilo = "cita"
            self._abrir(estilo)
        elif etiqueta == "blockquote":
            self._cerrar()
            self.cita += 1
        elif etiqueta == "ul":
            self._cerrar()
            self.nivel_lista += 1
        elif etiqueta == "li":
            self._abrir("cita_lista" if self.cita else "lista", self.nivel_lista)
        elif etiqueta in _EN_LINEA:
            self.formato[_EN_LINEA[etiqueta]] += 1
        elif etiqueta != "div":
            raise self._error(f"etiqueta <{etiqueta}> no admitida en los bloques de texto")

    def handle_endtag(self, etiqueta):
        if etiqueta in _VACIOS:
            return
        if not self.pila or self.pila[-1] != etiqueta:
            raise self._error(f"</{etiqueta}> no cierra la última etiqueta abierta")
        self.pila.pop()
        if etiqueta in _BLOQUES or etiqueta == "li":
            self._cerrar()
        elif etiqueta == "blockquote":
            self._cerrar()
            self.cita -= 1
        elif etiqueta == "ul":
            self._cerrar()
            self.nivel_lista -= 1
        elif etiqueta in _EN_LINEA:
            self.formato[_EN_LINEA[etiqueta]] -= 1

    def handle_data(self, datos):
        texto = _ESPACIO_HTML.sub(" ", datos)
        if self.actual is None:
            if texto.strip():
                raise self._error(f"texto fuera de un párrafo: «{texto.strip()[:60]}»")
            return
        self.actual.tramos.append(Tramo(
            texto,
            negrita=self.formato["negrita"] > 0,
            cursiva=self.formato["cursiva"] > 0,
            subrayado=self.formato["subrayado"] > 0,
        ))

    def close(self):
        super().close()
        if self.pila:
            raise self._error(f"<{self.pila[-1]}> no está cerrada")
        self._cerrar()


def _recortar(bloque: Bloque) -> None:
    """Quita espacios al inicio y al final del párrafo y junta espacios dobles entre tramos."""
    tramos = bloque.tramos
    while tramos and not tramos[0].salto and not tramos[0].texto.strip():
        tramos.pop(0)
    while tramos and not tramos[-1].salto and not tramos[-1].texto.strip():
        tramos.pop()
    if tramos:
        tramos[0].texto = tramos[0].texto.lstrip()
        tramos[-1].texto = tramos[-1].texto.rstrip()
    for anterior, siguiente in zip(tramos, tramos[1:]):
        if anterior.texto.endswith(" ") and siguiente.texto.startswith(" "):
            siguiente.texto = siguiente.texto[1:]
        if anterior.salto:
            siguiente.texto = siguiente.texto.lstrip()


def html_a_bloques(html: str, origen: str = "la plantilla") -> list[Bloque]:
    """Convierte el HTML de los bloques de texto en párrafos."""
    lector = _Lector(origen)
    lector.feed(html)
    lector.close()
    return lector.bloques


_ETIQUETA_DE_ESTILO = {"titulo": "h1", "subtitulo": "h2"}


def bloques_a_html(bloques: list[Bloque]) -> Markup:
    """Los párrafos ya leídos, de vuelta a HTML para la vista previa: escrito aquí desde
    los bloques (texto escapado, solo las etiquetas conocidas), nunca el HTML que dio la
    plantilla, que un navegador puede leer distinto que el analizador de Python (un
    comentario «<!-->» que esconde un formulario o un «meta refresh»)."""
    salida: list[str] = []
    lista_abierta = None
    for bloque in bloques:
        en_lista = bloque.estilo in ("lista", "cita_lista")
        if lista_abierta and (not en_lista or bloque.estilo != lista_abierta):
            salida.append("</ul></blockquote>" if lista_abierta == "cita_lista" else "</ul>")
            lista_abierta = None
        tramos = "".join(_tramo_a_html(t) for t in bloque.tramos)
        if en_lista:
            if lista_abierta is None:
                salida.append("<blockquote><ul>" if bloque.estilo == "cita_lista" else "<ul>")
                lista_abierta = bloque.estilo
            salida.append(f'<li class="nivel-{min(max(bloque.nivel, 1), 3)}">{tramos}</li>')
        elif bloque.estilo == "cita":
            salida.append(f"<blockquote><p>{tramos}</p></blockquote>")
        elif bloque.estilo in _ETIQUETA_DE_ESTILO:
            etiqueta = _ETIQUETA_DE_ESTILO[bloque.estilo]
            salida.append(f"<{etiqueta}>{tramos}</{etiqueta}>")
        else:
            salida.append(f'<p data-estilo="{escape(bloque.estilo)}">{tramos}</p>' if bloque.estilo != "parrafo"
                          else f"<p>{tramos}</p>")
    if lista_abierta:
        salida.append("</ul></blockquote>" if lista_abierta == "cita_lista" else "</ul>")
    return Markup("".join(salida))


def _tramo_a_html(tramo: Tramo) -> str:
    if tramo.salto:
        return "<br>"
    texto = str(escape(tramo.texto))
    for activo, etiqueta in ((tramo.subrayado, "u"), (tramo.cursiva, "i"), (tramo.negrita, "b")):
        if activo:
            texto = f"<{etiqueta}>{texto}</{etiqueta}>"
    return texto

