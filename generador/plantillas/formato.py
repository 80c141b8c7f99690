"""Texto con formato: del expediente al HTML de los bloques, y del HTML a párrafos.

Los bloques de texto de las plantillas producen un HTML pequeño y conocido
(párrafos, títulos, citas, listas, negritas, cursivas). Se eligió HTML porque
Jinja ya sabe escaparlo: todo lo que viene del expediente se escapa solo
(``autoescape``), así que un «&» o un «<» del usuario nunca rompe nada, y la misma
salida sirve para una vista previa en HTML.

Las dos direcciones de ese HTML:

* ``texto_a_html`` (en ``texto_ligero.py``, exportado aquí): convierte el formato ligero de
  los campos del expediente (párrafos, viñetas con «- », **negritas**) en ese HTML,
  escapando el resto;
* ``html_a_bloques``: lee el HTML ya renderizado y lo convierte en una lista de
  ``Bloque`` (párrafos con estilo y tramos de texto), que la etapa de Word
  escribe con estilos reales.

Además de párrafos, los bloques pueden llevar tablas (``<table>``, ``<tr>``, ``<th>``,
``<td>``) y notas al pie (``<nota>…</nota>`` dentro de un párrafo o de una celda); su forma
y sus límites están en ``tablas.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

from ..errores import ErrorDeUsuario, Problema
from . import tablas as _t
from .limites import PlantillaNoPermitida, actuales
from .marcado import ESPACIO_HTML as _ESPACIO_HTML  # noqa: F401 — lo usan las pruebas
from .marcado import juntar_espacios, leer
from .tablas import Celda, Fila, Tabla
from .texto_ligero import texto_a_html, texto_en_linea  # noqa: F401 — donde los busca el programa


@dataclass
class Tramo:
    """Un fragmento de texto con el mismo formato (un *run* de Word)."""

    texto: str
    negrita: bool = False
    cursiva: bool = False
    subrayado: bool = False
    salto: bool = False  # salto de línea dentro del párrafo (<br>)
    nota: list[Tramo] | None = None  # una nota al pie: aquí va su llamada; su texto, en estos tramos


@dataclass
class Bloque:
    """Un párrafo: su estilo lógico, el nivel de lista y sus tramos."""

    estilo: str  # parrafo | cita | titulo | subtitulo | lista | cita_lista | o un nombre de estilo de Word
    nivel: int = 0
    tramos: list[Tramo] = field(default_factory=list)
    tabla: Tabla | None = None  # con estilo «tabla»: la tabla, en lugar de tramos

    @property
    def texto(self) -> str:
        return "".join("\n" if t.salto else t.texto for t in self.tramos)


# --- HTML renderizado → bloques ---------------------------------------------------

_BLOQUES = {"p": "parrafo", "h1": "titulo", "h2": "subtitulo"}
_EN_LINEA = {"b": "negrita", "strong": "negrita", "i": "cursiva", "em": "cursiva", "u": "subrayado"}
_VACIOS = {"br"}
_CONTENEDORES = {"blockquote", "ul", "li", "div"}
_DE_TABLA = {"table", "thead", "tbody", "tr", "td", "th"}


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
        self.tabla: Tabla | None = None
        self.fila: Fila | None = None
        self.celda: Celda | None = None
        self.en_thead = False
        self.nota: list[Tramo] | None = None
        self.cuantas = {"tablas": 0, "notas": 0}
        # Leer millones de etiquetas que una plantilla hostil produce dentro del límite de
        # salida tardaba ~15 s: la lectura también descuenta del tiempo del documento.
        self._limites = actuales()
        self._etiquetas = 0

    def _error(self, mensaje: str) -> ErrorDeUsuario:
        linea, _ = self.getpos()
        return ErrorDeUsuario(Problema(f"{mensaje} (HTML producido por {self.origen}, línea {linea})"))

    def _abrir(self, estilo: str, nivel: int = 0) -> None:
        self._cerrar()
        self.actual = Bloque(estilo, nivel)

    def _cerrar(self) -> None:
        if self.actual is not None:
            # Sin párrafos vacíos: el espacio entre párrafos lo dan los estilos.
            # «no isspace()» es «strip() no vacío» sin copiar el párrafo entero.
            if any(t.salto or t.nota is not None or (t.texto and not t.texto.isspace()) for t in self.actual.tramos):
                _recortar_tramos(self.actual.tramos)
                self.bloques.append(self.actual)
            self.actual = None

    def handle_starttag(self, etiqueta, atributos):
        self._etiquetas += 1
        if not self._etiquetas & 2047:
            try:
                self._limites.reloj()
            except PlantillaNoPermitida as exc:
                raise self._error(str(exc)) from None
        atributos = dict(atributos)
        if etiqueta in _VACIOS:
            if self.actual is None:
                raise self._error("<br> fuera de un párrafo")
            (self.nota if self.nota is not None else self.actual.tramos).append(Tramo("", salto=True))
            return
        self.pila.append(etiqueta)
        if etiqueta in _DE_TABLA:
            self._abrir_de_tabla(etiqueta, atributos)
            return
        if etiqueta == "nota":
            if self.actual is None or self.nota is not None:
                raise self._error("<nota> va dentro de un párrafo o de una celda, y no dentro de otra nota")
            self.cuantas["notas"] += 1
            if self.cuantas["notas"] > _t.MAX_NOTAS:
                raise self._error(f"más de {_t.MAX_NOTAS} notas al pie en un documento")
            self.nota = []
            return
        if self.tabla is not None and etiqueta not in _EN_LINEA:
            raise self._error(f"<{etiqueta}> no va dentro de una tabla: una celda lleva solo texto, "
                              "<b>, <i>, <u>, <br> y <nota>")
        if self.nota is not None and etiqueta not in _EN_LINEA:
            raise self._error(f"<{etiqueta}> no va dentro de una nota: solo texto, <b>, <i>, <u> y <br>")
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
        if etiqueta in _DE_TABLA:
            self._cerrar_de_tabla(etiqueta)
        elif etiqueta == "nota":
            nota, self.nota = self.nota or [], None
            _recortar_tramos(nota)
            if not _t.texto_de_tramos(nota).strip():
                raise self._error("<nota> vacía")
            if len(_t.texto_de_tramos(nota)) > _t.MAX_TEXTO_DE_NOTA:
                raise self._error(f"una nota al pie de más de {_t.MAX_TEXTO_DE_NOTA} caracteres")
            self.actual.tramos.append(Tramo("", nota=nota))
        elif etiqueta in _BLOQUES or etiqueta == "li":
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
        texto = juntar_espacios(datos)
        if self.actual is None:
            if texto.strip():
                raise self._error(f"texto fuera de un párrafo: «{texto.strip()[:60]}»")
            return
        (self.nota if self.nota is not None else self.actual.tramos).append(Tramo(
            texto,
            negrita=self.formato["negrita"] > 0,
            cursiva=self.formato["cursiva"] > 0,
            subrayado=self.formato["subrayado"] > 0,
        ))

    def _abrir_de_tabla(self, etiqueta: str, atributos: dict) -> None:
        if etiqueta == "table":
            if self.tabla is not None or self.actual is not None or self.cita or self.nivel_lista:
                raise self._error("<table> no va dentro de un párrafo, una cita, una lista ni otra tabla")
            self.cuantas["tablas"] += 1
            if self.cuantas["tablas"] > _t.MAX_TABLAS:
                raise self._error(f"más de {_t.MAX_TABLAS} tablas en un documento")
            try:
                self.tabla = _t.tabla_de_atributos(atributos)
            except ValueError as exc:
                raise self._error(str(exc)) from None
        elif self.tabla is None:
            raise self._error(f"<{etiqueta}> fuera de una tabla")
        elif etiqueta in ("thead", "tbody"):
            if self.fila is not None:
                raise self._error(f"<{etiqueta}> dentro de una fila")
            self.en_thead = etiqueta == "thead"
        elif etiqueta == "tr":
            if self.fila is not None:
                raise self._error("<tr> dentro de otra fila")
            if len(self.tabla.filas) >= _t.MAX_FILAS:
                raise self._error(f"una tabla de más de {_t.MAX_FILAS} filas")
            self.fila = Fila(encabezado=self.en_thead)
        else:  # td, th
            if self.fila is None or self.celda is not None:
                raise self._error(f"<{etiqueta}> va dentro de una fila (<tr>) y no dentro de otra celda")
            if len(self.fila.celdas) >= _t.MAX_COLUMNAS:
                raise self._error(f"una fila de más de {_t.MAX_COLUMNAS} celdas")
            self.celda = Celda(encabezado=etiqueta == "th" or self.fila.encabezado)
            self.actual = Bloque("celda")
            if self.celda.encabezado:
                self.formato["negrita"] += 1

    def _cerrar_de_tabla(self, etiqueta: str) -> None:
        if etiqueta in ("td", "th"):
            tramos = self.actual.tramos
            _recortar_tramos(tramos)
            if len(_t.texto_de_tramos(tramos)) > _t.MAX_TEXTO_DE_CELDA:
                raise self._error(f"una celda de más de {_t.MAX_TEXTO_DE_CELDA} caracteres")
            if self.celda.encabezado:
                self.formato["negrita"] -= 1
            self.celda.tramos = tramos
            self.fila.celdas.append(self.celda)
            self.celda, self.actual = None, None
        elif etiqueta == "tr":
            self.tabla.filas.append(self.fila)
            self.fila = None
        elif etiqueta == "thead":
            self.en_thead = False
        elif etiqueta == "table":
            try:
                _t.comprobar_tabla(self.tabla)
            except ValueError as exc:
                raise self._error(str(exc)) from None
            self.bloques.append(Bloque("tabla", tabla=self.tabla))
            self.tabla = None

    def close(self):
        super().close()
        if self.pila:
            raise self._error(f"<{self.pila[-1]}> no está cerrada")
        self._cerrar()


def _vacio(tramo: Tramo) -> bool:
    return not tramo.salto and tramo.nota is None and (not tramo.texto or tramo.texto.isspace())


def _recortar_tramos(tramos: list[Tramo]) -> None:
    """Quita espacios al inicio y al final del párrafo y junta espacios dobles entre tramos."""
    # La llamada de una nota va pegada a la palabra que anota: «Ley General¹», no «Ley General ¹».
    for anterior, siguiente in zip(tramos, tramos[1:]):
        if siguiente.nota is not None:
            anterior.texto = anterior.texto.rstrip(" ")
    while tramos and _vacio(tramos[0]):
        tramos.pop(0)
    while tramos and _vacio(tramos[-1]):
        tramos.pop()
    if tramos:
        tramos[0].texto = tramos[0].texto.lstrip()
        tramos[-1].texto = tramos[-1].texto.rstrip()
    for anterior, siguiente in zip(tramos, tramos[1:]):
        if anterior.texto.endswith(" ") and siguiente.texto.startswith(" "):
            siguiente.texto = siguiente.texto[1:]
        if anterior.salto:
            siguiente.texto = siguiente.texto.lstrip()


_CONOCIDAS = frozenset({*_BLOQUES, *_EN_LINEA, *_VACIOS, *_CONTENEDORES, *_DE_TABLA, "nota"})


def html_a_bloques(html: str, origen: str = "la plantilla") -> list[Bloque]:
    """Convierte el HTML de los bloques de texto en párrafos (``marcado.leer``: el de forma
    estricta, sin pasar por ``HTMLParser``)."""
    return leer(html, lambda: _Lector(origen), _CONOCIDAS).bloques


_ETIQUETA_DE_ESTILO = {"titulo": "h1", "subtitulo": "h2"}


def bloques_a_html(bloques: list[Bloque]) -> Markup:
    """Los párrafos ya leídos, de vuelta a HTML para la vista previa: escrito aquí desde
    los bloques (texto escapado, solo las etiquetas conocidas), nunca el HTML que dio la
    plantilla, que un navegador puede leer distinto que el analizador de Python (un
    comentario «<!-->» que esconde un formulario o un «meta refresh»)."""
    salida: list[str] = []
    notas: list[str] = []
    lista_abierta = None

    def tramos_a_html(tramos: list[Tramo]) -> str:
        return "".join(_tramo_a_html(t, notas) for t in tramos)

    for bloque in bloques:
        en_lista = bloque.estilo in ("lista", "cita_lista")
        if lista_abierta and (not en_lista or bloque.estilo != lista_abierta):
            salida.append("</ul></blockquote>" if lista_abierta == "cita_lista" else "</ul>")
            lista_abierta = None
        tramos = tramos_a_html(bloque.tramos)
        if bloque.tabla is not None:
            salida.append(_t.tabla_a_html(bloque.tabla, tramos_a_html))
        elif en_lista:
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
    if notas:
        salida.append('<div class="notas">' + "".join(f"<p><sup>{i}</sup> {n}</p>" for i, n in enumerate(notas, 1))
                      + "</div>")
    return Markup("".join(salida))


def _tramo_a_html(tramo: Tramo, notas: list[str]) -> str:
    if tramo.salto:
        return "<br>"
    if tramo.nota is not None:
        notas.append("".join(_tramo_a_html(t, notas) for t in tramo.nota))
        return f'<sup class="nota">{len(notas)}</sup>'
    texto = str(escape(tramo.texto))
    for activo, etiqueta in ((tramo.subrayado, "u"), (tramo.cursiva, "i"), (tramo.negrita, "b")):
        if activo:
            texto = f"<{etiqueta}>{texto}</{etiqueta}>"
    return texto

