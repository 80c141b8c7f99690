"""La versión pública de un PDF, con la redacción de PyMuPDF *aplicada*.

Lo marcado se busca en el texto de cada página tal como se ve (carácter por carácter, con su
caja), no en los flujos de contenido: da igual en cuántos flujos o en qué orden esté escrito.
Cada pasaje se cubre con una anotación de redacción y se *aplica*: el texto sale de los flujos
de contenido, los píxeles de las imágenes que quedan debajo se borran y la figura que queda cubierta se
quita. En su lugar queda un recuadro negro con el tipo de información en blanco (Sexagésimo
primero; si no cabe, un número que remite a la lista al final del documento). Después se
quitan anotaciones, campos de formulario, adjuntos, vínculos, marcadores, JavaScript,
metadatos y XMP, y se guarda un archivo nuevo entero (sin revisiones incrementales anteriores),
con los objetos que ya no se usan eliminados.
"""

from __future__ import annotations

import pymupdf

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .aviso import TITULO, lineas_de_leyenda, recuadro
from .marcas import Encargo, Marca
from .resultado import Resultado

ESCANEADO = (
    "{nombre}: {paginas} no tiene{n} texto, solo imagen (un documento digitalizado). La herramienta no puede "
    "encontrar ahí lo marcado y no va a producir una versión pública falsa. Opciones: indique con --region "
    "PAGINA:x0,y0,x1,y1 (en puntos, desde la esquina superior izquierda) cada zona que se testa en esas páginas, "
    "o pase el documento por reconocimiento de texto (OCR) y vuelva a intentarlo")


def _abrir(datos: bytes, nombre: str) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=datos, filetype="pdf")
    except Exception:  # PyMuPDF no distingue sus errores de formato
        raise ErrorDeUsuario(f"{nombre}: no es un PDF válido") from None
    if doc.needs_pass or doc.is_encrypted:
        raise ErrorDeUsuario(f"{nombre}: el PDF está protegido con contraseña; quite la protección y vuelva a intentarlo")
    if doc.page_count == 0:
        raise ErrorDeUsuario(f"{nombre}: el PDF no tiene páginas")
    return doc


def _caracteres(pagina: pymupdf.Page) -> tuple[str, list]:
    """El texto de la página y la caja de cada carácter (None para los separadores)."""
    texto: list[str] = []
    cajas: list = []
    crudo = pagina.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES)
    for bloque in crudo["blocks"]:
        for linea in bloque.get("lines", []):
            for tramo in linea["spans"]:
                for c in tramo["chars"]:
                    texto.append(c["c"])
                    cajas.append(pymupdf.Rect(c["bbox"]))
            texto.append("\n")
            cajas.append(None)
        texto.append("\n")
        cajas.append(None)
    return "".join(texto), cajas


def _rectangulos(cajas: list, inicio: int, fin: int) -> list[pymupdf.Rect]:
    """Una caja por renglón del pasaje."""
    salida: list[pymupdf.Rect] = []
    actual = None
    for caja in cajas[inicio:fin]:
        if caja is None:
            if actual is not None:
                salida.append(actual)
            actual = None
            continue
        actual = pymupdf.Rect(caja) if actual is None else actual | caja
    if actual is not None:
        salida.append(actual)
    return [r for r in salida if not r.is_empty]


def _interior(rect: pymupdf.Rect) -> pymupdf.Rect:
    """La caja de redacción, un poco por dentro de la de los caracteres: un carácter vecino
    (la coma que sigue) cuya caja apenas roza la del pasaje no se borra."""
    dx = min(1.0, rect.width * 0.1)
    dy = rect.height * 0.2
    return pymupdf.Rect(rect.x0 + dx, rect.y0 + dy, rect.x1 - dx, rect.y1 - dy)


def _etiquetar(pagina: pymupdf.Page, rect: pymupdf.Rect, etiqueta: str, notas: list[str]) -> None:
    """El tipo de información dentro del recuadro; si no cabe, un número y una nota al final."""
    rect = _interior(rect) if rect.height < 40 else rect
    rect = pymupdf.Rect(rect.x0, rect.y0 - rect.height * 0.6, rect.x1, rect.y1 + rect.height * 0.6) if rect.height < 40 else rect
    pagina.draw_rect(rect, color=(0, 0, 0), fill=(0, 0, 0), width=0)
    for texto in (recuadro(etiqueta), etiqueta):
        for tamano in (8, 7, 6, 5, 4):
            if pymupdf.get_text_length(texto, "helv", tamano) <= rect.width - 1 and rect.height >= tamano * 1.05:
                altura = rect.y0 + (rect.height + tamano * 0.7) / 2
                pagina.insert_text((rect.x0 + 0.5, altura), texto, fontsize=tamano, fontname="helv", color=(1, 1, 1))
                return
    if etiqueta not in notas:
        notas.append(etiqueta)
    numero = f"{notas.index(etiqueta) + 1}"
    tamano = max(3.0, min(7.0, rect.height * 0.8))
    pagina.insert_text((rect.x0 + 0.5, rect.y0 + (rect.height + tamano * 0.7) / 2), numero, fontsize=tamano,
                       fontname="helv", color=(1, 1, 1))


def _hoja_de_texto(doc: pymupdf.Document, indice: int, titulo: str, lineas: list[str]) -> None:
    ancho, alto = doc[0].rect.width, doc[0].rect.height
    pagina = doc.new_page(indice, width=ancho, height=alto)
    caja = pymupdf.Rect(56, 56, ancho - 56, alto - 56)
    pagina.insert_textbox(caja, titulo + "\n\n" + "\n\n".join(lineas), fontsize=10, fontname="helv", align=0)


def limpiar(doc: pymupdf.Document) -> None:
    """Fuera todo lo que no es el contenido de las páginas."""
    for pagina in doc:
        for anotacion in list(pagina.annots() or []):
            pagina.delete_annot(anotacion)
        for campo in list(pagina.widgets() or []):
            pagina.delete_widget(campo)
        for vinculo in pagina.get_links():
            pagina.delete_link(vinculo)
    for nombre in doc.embfile_names():
        doc.embfile_del(nombre)
    doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=True, javascript=True,
              metadata=True, redactions=True, remove_links=True, reset_fields=True, reset_responses=True,
              thumbnails=True, xml_metadata=True)
    doc.set_toc([])
    doc.set_metadata({"title": "Versión pública", "producer": "resoluciones (versión pública)", "creator": "",
                      "author": "", "subject": "", "keywords": ""})
    doc.del_xml_metadata()


def guardar(doc: pymupdf.Document) -> bytes:
    """Un archivo nuevo entero, sin objetos sueltos ni revisiones anteriores."""
    return doc.tobytes(garbage=4, deflate=True, clean=True, incremental=False, no_new_id=True)


def version_publica_pdf(datos: bytes, encargo: Encargo, nombre: str = "documento.pdf") -> Resultado:
    """Hace la versión pública de un PDF."""
    doc = _abrir(datos, nombre)
    try:
        return _hacer(doc, encargo, nombre)
    finally:
        doc.close()


def _hacer(doc: pymupdf.Document, encargo: Encargo, nombre: str) -> Resultado:
    regiones_por_pagina: dict[int, list] = {}
    for numero, caja, tipo in encargo.regiones:
        if numero > doc.page_count:
            raise ErrorDeUsuario(f"--region {numero}:…: el PDF tiene {doc.page_count} páginas")
        regiones_por_pagina.setdefault(numero - 1, []).append((pymupdf.Rect(caja), tipo))
    textos = [_caracteres(p) for p in doc]
    sin_texto = [i for i, (t, _) in enumerate(textos) if not t.strip() and i not in regiones_por_pagina]
    if sin_texto and (encargo.marcas or len(sin_texto) == doc.page_count):
        paginas = ("la página " + str(sin_texto[0] + 1)) if len(sin_texto) == 1 else (
            "las páginas " + ", ".join(str(i + 1) for i in sin_texto))
        raise ErrorDeUsuario(ESCANEADO.format(nombre=nombre, paginas=paginas, n="n" if len(sin_texto) > 1 else ""))
    usadas: dict[int, int] = {}
    testados: set[str] = set()
    tipos: list[str] = []
    por_pagina: dict[int, list[tuple[pymupdf.Rect, str]]] = {}
    for i, (texto, cajas) in enumerate(textos):
        tramos: list[tuple[int, int, str]] = []
        for n, marca in enumerate(encargo.marcas):
            for m in marca.expresion.finditer(texto):
                if m.end() > m.start():
                    tramos.append((m.start(), m.end(), marca.etiqueta))
                    usadas[n] = usadas.get(n, 0) + 1
        tramos.sort()
        unidos: list[list] = []
        for inicio, fin, etiqueta in tramos:
            if unidos and inicio <= unidos[-1][1]:
                unidos[-1][1] = max(unidos[-1][1], fin)
                if etiqueta not in unidos[-1][2]:
                    unidos[-1][2].append(etiqueta)
            else:
                unidos.append([inicio, fin, [etiqueta]])
        for inicio, fin, etiquetas in unidos:
            testados.add(" ".join(texto[inicio:fin].split()))
            etiqueta = "; ".join(etiquetas)
            tipos += [e for e in etiquetas if e not in tipos]
            for rect in _rectangulos(cajas, inicio, fin):
                por_pagina.setdefault(i, []).append((rect, etiqueta))
        for rect, tipo in regiones_por_pagina.get(i, []):
            por_pagina.setdefault(i, []).append((rect & doc[i].rect, tipo))
            if tipo not in tipos:
                tipos.append(tipo)
    sin_uso: list[Marca] = [m for n, m in enumerate(encargo.marcas) if not usadas.get(n)]
    if sin_uso:
        raise ErrorDeUsuario([Problema(f"la marca «{m.literal or m.expresion.pattern}» no se encontró en {nombre}; "
                                       "revise el texto (no se testó nada)", Ubicacion(m.origen)) for m in sin_uso],
                             titulo="Hay marcas que no coinciden con nada; no se escribió la versión pública:")
    if not por_pagina:
        raise ErrorDeUsuario(f"{nombre}: no hay nada que testar: indique marcas (--marcas) o regiones (--region)")
    for i, rects in por_pagina.items():
        pagina = doc[i]
        for rect, _ in rects:
            pagina.add_redact_annot(_interior(rect), fill=(0, 0, 0))
        pagina.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                                text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    limpiar(doc)
    notas: list[str] = []
    for i, rects in por_pagina.items():
        for rect, etiqueta in rects:
            _etiquetar(doc[i], rect, etiqueta, notas)
    resultado = Resultado(b"", sorted(testados, key=len, reverse=True), tipos)
    lineas = lineas_de_leyenda(encargo, tipos)
    if notas:
        doc_notas = [f"{n}. {e}" for n, e in enumerate(notas, 1)]
        _hoja_de_texto(doc, -1, "TIPOS DE INFORMACIÓN TESTADA (recuadros numerados)", doc_notas)
        resultado.propios += doc_notas
    _hoja_de_texto(doc, 0, TITULO, lineas)
    resultado.propios += [TITULO, *lineas, *(recuadro(e) for e in tipos), *tipos]
    resultado.datos = guardar(doc)
    return resultado
