"""La leyenda de clasificación del Lineamiento Quincuagésimo tercero.

«El formato para señalar la clasificación de un documento o expediente que contenga
información reservada» tiene el sello oficial o logotipo del sujeto obligado y estos
conceptos: Fecha de clasificación (la fecha en que el Comité confirmó la clasificación), Área,
Información reservada (las partes o páginas, o el documento en su totalidad), Periodo de
reserva, Fundamento legal, Ampliación del periodo de reserva, Rúbrica del titular del área,
Fecha de desclasificación y Rúbrica y cargo del servidor público. Se llenan con los datos del
caso (una leyenda por clasificación reservada); las rúbricas, la ampliación y la fecha de
desclasificación quedan en blanco para llenarse a mano. Sale como tabla de Word, para
pegarla en el documento, o como sello en PDF.

Desde la Ley General de 2025, art. 109, «Los Documentos clasificados parcial o totalmente
deberán llevar una leyenda que indique tal carácter, la fecha de la clasificación, el
fundamento legal y, en su caso, el periodo de reserva»: también los que tienen información
confidencial. Los Lineamientos solo dan el formato de la reservada; para la confidencial se
usan los conceptos que pide el art. 109 con los nombres de ese formato (sin periodo de
reserva, ampliación ni desclasificación, que no le corresponden: art. 115, la confidencial
«no estará sujeta a temporalidad alguna»).
"""

from __future__ import annotations

import io
import re

import docx
import pymupdf
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..catalogo.citas import citar, primera_mayuscula
from ..errores import ErrorDeUsuario
from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..letras import cardinal, fecha_con_cifras

CONCEPTOS = ("Fecha de clasificación", "Área", "Información reservada", "Periodo de reserva", "Fundamento legal",
             "Ampliación del periodo de reserva", "Rúbrica del titular del área", "Fecha de desclasificación",
             "Rúbrica y cargo del servidor público")
CONCEPTOS_CONFIDENCIAL = ("Fecha de clasificación", "Área", "Información confidencial", "Fundamento legal",
                          "Rúbrica del titular del área")
TITULO = "LEYENDA DE CLASIFICACIÓN"


def _plano(texto: str) -> str:
    """El texto con formato ligero del expediente, sin marcas (**negritas**, viñetas)."""
    texto = re.sub(r"\*\*(.+?)\*\*", r"\1", str(texto))
    return " ".join(re.sub(r"^\s*-\s+", "", linea) for linea in texto.splitlines() if linea.strip())


def leyendas(caso) -> list[list[tuple[str, str]]]:
    """Los conceptos de la leyenda de cada clasificación del caso (``tuberia.Caso``): las
    reservadas y, desde la ley de 2025 (art. 109), también las confidenciales."""
    exp = caso.expediente
    confirmacion = exp.sesion.fecha if exp.sesion and exp.sesion.fecha else exp.fecha
    con_confidencial = exp.fecha >= ENTRADA_EN_VIGOR_2025
    salida = []
    for c in exp.clasificaciones:
        if c.determinacion_efectiva == "revoca":
            continue  # el Comité revocó la clasificación: el documento ya no es clasificado
        if c.tipo == "confidencial" and con_confidencial:
            descripcion = _plano(c.descripcion)
            cita = citar(caso.catalogo, c.fundamentos, en_relacion_con=c.en_relacion_con, fecha=exp.fecha)
            salida.append(list(zip(CONCEPTOS_CONFIDENCIAL, (
                fecha_con_cifras(confirmacion), c.unidad,
                f"Partes o secciones confidenciales: {descripcion}" if c.parcial
                else f"Es confidencial en su totalidad: {descripcion}",
                primera_mayuscula(cita) + "." if cita else "", ""))))
            continue
        if c.tipo != "reservada":
            continue
        descripcion = _plano(c.descripcion)
        reservada = (f"Partes o secciones reservadas: {descripcion}" if c.parcial
                     else f"Se reserva en su totalidad: {descripcion}")
        periodo = ""
        if c.periodo_reserva is not None:
            p = c.periodo_reserva
            periodo = f"{p.anios} ({cardinal(p.anios)}) {'año' if p.anios == 1 else 'años'}"
            fin = p.expiracion(exp.fecha)
            periodo += f", del {fecha_con_cifras(p.inicio(exp.fecha))}" + (f" al {fecha_con_cifras(fin)}" if fin else "")
        cita = citar(caso.catalogo, c.fundamentos, en_relacion_con=c.en_relacion_con, fecha=exp.fecha)
        salida.append(list(zip(CONCEPTOS, (
            fecha_con_cifras(confirmacion), c.unidad, reservada, periodo,
            primera_mayuscula(cita) + "." if cita else "", "", "", "", ""))))
    if not salida and con_confidencial:
        raise ErrorDeUsuario(f"{caso.documento.archivo}: el caso no clasifica información (o el Comité revocó la "
                             "clasificación): la leyenda del art. 109 es para documentos clasificados")
    if not salida:
        raise ErrorDeUsuario(f"{caso.documento.archivo}: el caso no tiene clasificaciones reservadas; antes de la ley "
                             "de 2025, la leyenda del Lineamiento Quincuagésimo tercero es para documentos con "
                             "información reservada")
    return salida


def _sombrear(celda, color: str) -> None:
    propiedades = celda._tc.get_or_add_tcPr()
    sombra = OxmlElement("w:shd")
    sombra.set(qn("w:val"), "clear")
    sombra.set(qn("w:color"), "auto")
    sombra.set(qn("w:fill"), color)
    propiedades.append(sombra)


def leyenda_docx(caso) -> bytes:
    """Las leyendas como tablas de Word (una por clasificación)."""
    perfil, _ = caso.perfil
    documento = docx.Document()
    estilo = documento.styles["Normal"]
    estilo.font.name, estilo.font.size = perfil.formato.fuente, Pt(9)
    documento.core_properties.title = TITULO
    documento.core_properties.author = perfil.nombre
    for n, filas in enumerate(leyendas(caso)):
        if n:
            documento.add_page_break()
        tabla = documento.add_table(rows=len(filas) + 1, cols=2)
        tabla.style = "Table Grid"
        tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
        cabeza = tabla.rows[0].cells[0].merge(tabla.rows[0].cells[1])
        parrafo = cabeza.paragraphs[0]
        if perfil.formato.logo:
            parrafo.add_run().add_picture(perfil.formato.logo, width=Cm(min(perfil.formato.logo_ancho_cm, 3.0)))
            parrafo = cabeza.add_paragraph()
        run = parrafo.add_run(f"{perfil.nombre}\n{TITULO}")
        run.bold = True
        for fila, (concepto, valor) in zip(tabla.rows[1:], filas):
            fila.cells[0].width, fila.cells[1].width = Cm(4.5), Cm(10.5)
            fila.cells[0].paragraphs[0].add_run(concepto).bold = True
            _sombrear(fila.cells[0], "D9D9D9")
            fila.cells[1].paragraphs[0].add_run(valor)
            if not valor:
                fila.height = Cm(0.9)
    salida = io.BytesIO()
    documento.save(salida)
    return salida.getvalue()


def _renglones(texto: str, ancho: float, tamano: float, fuente: str) -> list[str]:
    renglones, actual = [], ""
    for palabra in texto.split():
        prueba = f"{actual} {palabra}".strip()
        if actual and pymupdf.get_text_length(prueba, fuente, tamano) > ancho:
            renglones.append(actual)
            actual = palabra
        else:
            actual = prueba
    return renglones + [actual] if actual else renglones or [""]


def leyenda_pdf(caso) -> bytes:
    """Las leyendas como sello en PDF: una página por clasificación, con la tabla arriba."""
    perfil, _ = caso.perfil
    doc = pymupdf.open()
    tamano, interlinea, x0, x1, x2 = 8.0, 10.0, 36.0, 176.0, 576.0
    for filas in leyendas(caso):
        pagina = doc.new_page(width=612, height=792)
        y = 36.0
        if perfil.formato.logo:
            pagina.insert_image(pymupdf.Rect(x0, y, x0 + 90, y + 54), filename=perfil.formato.logo, keep_proportion=True)
            y += 58
        for linea in (perfil.nombre, TITULO):
            pagina.insert_text((x0, y + tamano), linea, fontsize=tamano + 1, fontname="hebo")
            y += interlinea + 2
        y += 4
        for concepto, valor in filas:
            izquierda = _renglones(concepto, x1 - x0 - 8, tamano, "hebo")
            derecha = _renglones(valor, x2 - x1 - 12, tamano, "helv") if valor else ["", ""]
            alto = max(len(izquierda), len(derecha)) * interlinea + 6
            pagina.draw_rect(pymupdf.Rect(x0, y, x1, y + alto), color=(0, 0, 0), fill=(0.85, 0.85, 0.85), width=0.5)
            pagina.draw_rect(pymupdf.Rect(x1, y, x2, y + alto), color=(0, 0, 0), width=0.5)
            for i, linea in enumerate(izquierda):
                pagina.insert_text((x0 + 3, y + 3 + tamano + i * interlinea), linea, fontsize=tamano, fontname="hebo")
            for i, linea in enumerate(derecha):
                pagina.insert_text((x1 + 3, y + 3 + tamano + i * interlinea), linea, fontsize=tamano, fontname="helv")
            y += alto
    doc.set_metadata({"title": TITULO, "author": perfil.nombre, "producer": "resoluciones"})
    datos = doc.tobytes(garbage=4, deflate=True)
    doc.close()
    return datos
