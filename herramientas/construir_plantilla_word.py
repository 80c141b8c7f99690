"""Construye el diseño de Word base: ``plantillas/word/resolucion.docx``.

El diseño es un archivo .docx que un autor de plantillas puede abrir y cambiar en
Word (estilos, márgenes, encabezado). Este script lo crea desde cero con
python-docx para que sea reproducible y para que cada etiqueta de docxtpl quede
en un solo *run*. Uso::

    python herramientas/construir_plantilla_word.py

Estilos que el generador usa (nombres internos de Word; Word en español los
muestra traducidos: «Cita», «Título 1», «Listado con viñetas»…):

* Normal: texto justificado, la fuente del perfil.
* Heading 1: «RESUELVE» (centrado, negritas).
* Quote: párrafos citados de la solicitud y de las respuestas (cursiva, sangría).
* List Bullet, List Bullet 2, List Bullet 3: viñetas.
* Cita con viñetas, Cita con viñetas 2, Cita con viñetas 3: viñetas dentro de una cita.
* Cierre: «ASÍ LO RESOLVIERON Y FIRMAN…» (se mantiene con las firmas).
* Firma nombre, Firma cargo: el bloque de firmas (nunca se parte entre páginas).
* Encabezado siglas, Encabezado, Encabezado área: el encabezado de página.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

RAIZ = Path(__file__).resolve().parent.parent
DESTINO = RAIZ / "plantillas" / "word" / "resolucion.docx"
FUENTE = "Arial"
NEGRO = RGBColor(0, 0, 0)


def _fuente(estilo, tamano=None, negrita=None, cursiva=None):
    estilo.font.name = FUENTE
    # El nombre de la fuente para texto de Asia oriental y complejo, o Word usa otra.
    rpr = estilo.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for atributo in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(atributo), FUENTE)
    for atributo in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if rfonts.get(qn(atributo)) is not None:
            del rfonts.attrib[qn(atributo)]
    if tamano:
        estilo.font.size = Pt(tamano)
    if negrita is not None:
        estilo.font.bold = negrita
    if cursiva is not None:
        estilo.font.italic = cursiva
    estilo.font.color.rgb = NEGRO


def _parrafo(estilo, alineacion=WD_ALIGN_PARAGRAPH.JUSTIFY, antes=0, despues=8, con_siguiente=None,
             lineas_juntas=None, izquierda=None, derecha=None, interlineado=1.15):
    formato = estilo.paragraph_format
    formato.alignment = alineacion
    formato.space_before = Pt(antes)
    formato.space_after = Pt(despues)
    formato.line_spacing = interlineado
    if con_siguiente is not None:
        formato.keep_with_next = con_siguiente
    if lineas_juntas is not None:
        formato.keep_together = lineas_juntas
    if izquierda is not None:
        formato.left_indent = izquierda
    if derecha is not None:
        formato.right_indent = derecha


def _nuevo_estilo(doc, nombre, base="Normal"):
    estilo = doc.styles.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.base_style = doc.styles[base]
    estilo.quick_style = True
    return estilo


def _numeracion_de_cita(doc) -> int:
    """Crea una lista de viñetas con más sangría para las citas; devuelve su numId."""
    numbering = doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    nuevo_abstracto = max(ids) + 1
    abstracto = OxmlElement("w:abstractNum")
    abstracto.set(qn("w:abstractNumId"), str(nuevo_abstracto))
    tipo = OxmlElement("w:multiLevelType")
    tipo.set(qn("w:val"), "hybridMultilevel")
    abstracto.append(tipo)
    simbolos = ["•", "–", "▪"]
    for nivel in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(nivel))
        for etiqueta, valor in (("w:start", "1"), ("w:numFmt", "bullet"), ("w:lvlText", simbolos[nivel]),
                                ("w:lvlJc", "left")):
            lvl.append(OxmlElement(etiqueta, {qn("w:val"): valor}))
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(1134 + 425 * (nivel + 1)))  # 2 cm de la cita + la viñeta
        ind.set(qn("w:hanging"), "283")
        ppr.append(ind)
        lvl.append(ppr)
        rpr = OxmlElement("w:rPr")
        fuentes = OxmlElement("w:rFonts")
        for atributo in ("w:ascii", "w:hAnsi"):
            fuentes.set(qn(atributo), FUENTE)
        rpr.append(fuentes)
        lvl.append(rpr)
        abstracto.append(lvl)
    # Los abstractNum van antes que los num en numbering.xml.
    primero_num = numbering.find(qn("w:num"))
    if primero_num is not None:
        primero_num.addprevious(abstracto)
    else:
        numbering.append(abstracto)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    nuevo_num = max(num_ids) + 1
    num = OxmlElement("w:num", {qn("w:numId"): str(nuevo_num)})
    num.append(OxmlElement("w:abstractNumId", {qn("w:val"): str(nuevo_abstracto)}))
    numbering.append(num)
    return nuevo_num


def _con_numeracion(estilo, num_id: int, nivel: int) -> None:
    ppr = estilo.element.get_or_add_pPr()
    anterior = ppr.find(qn("w:numPr"))
    if anterior is not None:
        ppr.remove(anterior)
    numpr = OxmlElement("w:numPr")
    numpr.append(OxmlElement("w:ilvl", {qn("w:val"): str(nivel)}))
    numpr.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
    ppr.insert(0, numpr)


def _estilos(doc) -> None:
    estilos = doc.styles
    normal = estilos["Normal"]
    _fuente(normal, 11)
    _parrafo(normal)
    # Idioma español (México) para la ortografía de Word.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "es-MX")
    lang.set(qn("w:eastAsia"), "es-MX")
    normal.element.get_or_add_rPr().append(lang)

    titulo = estilos["Heading 1"]
    _fuente(titulo, 11, negrita=True)
    _parrafo(titulo, WD_ALIGN_PARAGRAPH.CENTER, antes=12, despues=12, con_siguiente=True)
    subtitulo = estilos["Heading 2"]
    _fuente(subtitulo, 11, negrita=True)
    _parrafo(subtitulo, WD_ALIGN_PARAGRAPH.LEFT, antes=10, despues=8, con_siguiente=True)

    cita = estilos["Quote"]
    _fuente(cita, 11, cursiva=True)
    _parrafo(cita, izquierda=Cm(1.5), derecha=Cm(1.0))

    for nombre in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        _fuente(estilos[nombre], 11)
        _parrafo(estilos[nombre], despues=6)

    num_cita = _numeracion_de_cita(doc)
    for nivel, nombre in enumerate(("Cita con viñetas", "Cita con viñetas 2", "Cita con viñetas 3")):
        estilo = _nuevo_estilo(doc, nombre, "Quote")
        _parrafo(estilo, despues=6, derecha=Cm(1.0))
        _con_numeracion(estilo, num_cita, nivel)

    cierre = _nuevo_estilo(doc, "Cierre")
    _parrafo(cierre, antes=12, despues=0, con_siguiente=True)

    # El bloque de firmas se mantiene unido: cada párrafo «con el siguiente».
    nombre_firma = _nuevo_estilo(doc, "Firma nombre")
    _fuente(nombre_firma, negrita=True)
    _parrafo(nombre_firma, WD_ALIGN_PARAGRAPH.CENTER, antes=54, despues=0, con_siguiente=True,
             lineas_juntas=True, interlineado=1.0)
    cargo_firma = _nuevo_estilo(doc, "Firma cargo")
    _parrafo(cargo_firma, WD_ALIGN_PARAGRAPH.CENTER, antes=0, despues=0, con_siguiente=True,
             lineas_juntas=True, interlineado=1.0, izquierda=Cm(2), derecha=Cm(2))

    encabezado = estilos["Header"]
    _fuente(encabezado, 9)
    _parrafo(encabezado, WD_ALIGN_PARAGRAPH.LEFT, despues=0, interlineado=1.0)
    siglas = _nuevo_estilo(doc, "Encabezado siglas", "Header")
    _fuente(siglas, 16, negrita=True)
    area = _nuevo_estilo(doc, "Encabezado área", "Header")
    _fuente(area, 9, negrita=True)
    datos = _nuevo_estilo(doc, "Encabezado datos", "Header")
    _parrafo(datos, WD_ALIGN_PARAGRAPH.LEFT, despues=0, interlineado=1.0)


def _sin_bordes(tabla) -> None:
    tblpr = tabla._tbl.tblPr
    bordes = OxmlElement("w:tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borde = OxmlElement(f"w:{lado}")
        borde.set(qn("w:val"), "nil")
        bordes.append(borde)
    tblpr.append(bordes)


def _p(contenedor, texto: str, estilo: str):
    parrafo = contenedor.add_paragraph(style=estilo)
    parrafo.add_run(texto)
    return parrafo


def _encabezado(doc) -> None:
    seccion = doc.sections[0]
    encabezado = seccion.header
    encabezado.is_linked_to_previous = False
    tabla = encabezado.add_table(rows=1, cols=2, width=Inches(6.5))
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    _sin_bordes(tabla)
    izquierda, derecha = tabla.rows[0].cells
    izquierda.width = Cm(7)
    derecha.width = Cm(9.5)
    # Cada celda nace con un párrafo vacío: se usa para la primera etiqueta.
    izquierda.paragraphs[0].style = doc.styles["Encabezado siglas"]
    izquierda.paragraphs[0].add_run("{% if inst.encabezado.siglas %}{{ inst.encabezado.siglas }}{% endif %}")
    _p(izquierda, "{%p for linea in inst.encabezado.institucion %}", "Header")
    _p(izquierda, "{{ linea }}", "Header")
    _p(izquierda, "{%p endfor %}", "Header")
    derecha.paragraphs[0].style = doc.styles["Encabezado área"]
    derecha.paragraphs[0].add_run("{%p for linea in inst.encabezado.area %}")
    _p(derecha, "{{ linea }}", "Encabezado área")
    _p(derecha, "{%p endfor %}", "Encabezado área")
    _p(derecha, "Oficio: {{ oficio }}", "Encabezado datos")
    _p(derecha, "{{ 'Folio' if folios|length == 1 else 'Folios' }} {{ folios|join(', ') }}", "Encabezado datos")
    asunto = derecha.add_paragraph(style="Encabezado datos")
    asunto.add_run("Asunto: ")
    asunto.add_run("{{r asunto }}")
    # Un párrafo vacío tras la tabla es obligatorio en un encabezado de Word; se le
    # da espacio para separar el encabezado del cuerpo.
    ultimo = encabezado.paragraphs[0]
    ultimo.paragraph_format.space_after = Pt(6)
    encabezado._element.remove(ultimo._element)
    encabezado._element.append(ultimo._element)


def _firma(contenedor, variable: str) -> None:
    """Nombre (negritas, mayúsculas), cargo y, si lo hay, el papel en el Comité."""
    _p(contenedor, "{{ %s.nombre_firma }}" % variable, "Firma nombre")
    _p(contenedor, "{{ %s.cargo_firma }}" % variable, "Firma cargo")
    _p(contenedor, "{%%p if %s.rol %%}" % variable, "Firma cargo")
    _p(contenedor, "{{ %s.rol }}" % variable, "Firma cargo")
    _p(contenedor, "{%p endif %}", "Firma cargo")


def _sin_separar_filas(tabla) -> None:
    """Ninguna fila de la tabla de firmas se parte entre dos páginas."""
    for fila in tabla.rows:
        trpr = fila._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)


def _cuerpo(doc) -> None:
    cuerpo = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    cuerpo.add_run("{{p cuerpo }}")
    # Firmas apiladas (una debajo de otra) o en dos columnas, según el perfil.
    _p(doc, "{%p if inst.firmas == 'dos_columnas' %}", "Normal")
    tabla = doc.add_table(rows=3, cols=2)
    _sin_bordes(tabla)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    tabla.rows[0].cells[0].paragraphs[0].add_run("{%tr for par in firmantes_pares %}")
    izquierda, derecha = tabla.rows[1].cells
    izquierda._tc.remove(izquierda.paragraphs[0]._p)
    _firma(izquierda, "par[0]")
    derecha._tc.remove(derecha.paragraphs[0]._p)
    _p(derecha, "{%p if par|length > 1 %}", "Firma cargo")
    _firma(derecha, "par[1]")
    _p(derecha, "{%p else %}", "Firma cargo")
    derecha.add_paragraph(style="Firma cargo")  # una celda de Word no puede quedar sin párrafo
    _p(derecha, "{%p endif %}", "Firma cargo")
    tabla.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for celda in (izquierda, derecha):  # en columnas, el cargo usa todo el ancho de la celda
        for parrafo in celda.paragraphs:
            parrafo.paragraph_format.left_indent = parrafo.paragraph_format.right_indent = Cm(0.2)
    _sin_separar_filas(tabla)
    _p(doc, "{%p else %}", "Normal")
    _p(doc, "{%p for f in firmantes %}", "Normal")
    _firma(doc, "f")
    _p(doc, "{%p endfor %}", "Normal")
    _p(doc, "{%p endif %}", "Normal")


def construir(destino: Path = DESTINO) -> Path:
    doc = Document()
    seccion = doc.sections[0]
    seccion.page_width, seccion.page_height = Inches(8.5), Inches(11)
    seccion.top_margin, seccion.bottom_margin = Cm(2.5), Cm(2.5)
    seccion.left_margin, seccion.right_margin = Cm(3), Cm(2.5)
    seccion.header_distance = Cm(1.0)
    _estilos(doc)
    _encabezado(doc)
    _cuerpo(doc)
    propiedades = doc.core_properties
    propiedades.title = "Diseño base de resolución del Comité de Transparencia"
    propiedades.author = "resoluciones"
    propiedades.last_modified_by = "resoluciones"
    propiedades.language = "es-MX"
    propiedades.created = propiedades.modified = dt.datetime(2026, 1, 1)
    propiedades.revision = 1
    destino.parent.mkdir(parents=True, exist_ok=True)
    doc.save(destino)
    return destino


if __name__ == "__main__":
    ruta = construir(Path(sys.argv[1]) if len(sys.argv) > 1 else DESTINO)
    print(f"Diseño escrito en {ruta}")
