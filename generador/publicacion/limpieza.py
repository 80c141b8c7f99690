"""Lo que un .docx esconde y una versión pública no puede llevar.

Sobre cada parte de WordprocessingML (cuerpo, encabezados, pies, notas): acepta los cambios
controlados (lo eliminado se borra, lo insertado queda), quita las anclas de comentarios, el
texto oculto, los códigos de campo (queda su resultado visible), las vinculaciones a XML
personalizado y los objetos incrustados (con un aviso en su lugar). Del paquete: qué partes
se eliminan enteras (comentarios, XML personalizado, objetos incrustados, miniaturas, macros,
propiedades personalizadas) y las propiedades del documento, que se reescriben vacías.
"""

from __future__ import annotations

import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
AVISO_OBJETO = "[Objeto incrustado eliminado en la versión pública]"

# Partes que se eliminan enteras (por su nombre dentro del paquete).
PARTES_ELIMINADAS = re.compile(
    r"^(word/comments[^/]*\.xml|word/people\.xml|customXml/.*|word/embeddings/.*|word/activeX/.*|"
    r"word/vbaProject[^/]*|word/vbaData\.xml|word/glossary/.*|word/afchunk[^/]*|word/[^/]*\.(?:mht|html?|rtf)|"
    r"docProps/custom\.xml|docProps/thumbnail\.[a-z]+|word/printerSettings/.*|word/attachedToolbars\.bin|"
    r"word/keyMapCustomizations\.xml|word/webextensions/.*|docMetadata/.*|"
    r"(?:.*/)?_rels/(?:comments[^/]*|people)\.xml\.rels)$", re.IGNORECASE)

# Relaciones que se quitan aunque su destino no sea una parte (plantilla adjunta, enlaces a
# orígenes de datos) o cuya parte se eliminó.
TIPOS_ELIMINADOS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people",
                    "/customXml", "/customXmlProps", "/oleObject", "/package", "/attachedTemplate",
                    "/control", "/vbaProject", "/aFChunk", "/glossaryDocument", "/thumbnail",
                    "/custom-properties", "/printerSettings", "/mailMergeSource", "/mailMergeHeaderSource",
                    "/recipientData", "/webextension", "/subDocument", "/frame")

CAMBIOS = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblGridChange", "trPrChange",
           "tcPrChange", "tblPrExChange", "numberingChange", "moveFromRangeStart", "moveFromRangeEnd",
           "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
           "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlMoveFromRangeStart",
           "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
           "delText", "delInstrText", "cellIns", "cellMerge",
           "commentRangeStart", "commentRangeEnd", "commentReference", "annotationRef",
           "instrText", "fldChar", "fldData", "dataBinding", "permStart", "permEnd", "proofErr")


def q(nombre: str) -> str:
    return f"{{{W}}}{nombre}"


def _desenvolver(elemento) -> None:
    """Pone los hijos de ``elemento`` en su lugar."""
    padre = elemento.getparent()
    if padre is None:
        return
    indice = padre.index(elemento)
    for hijo in list(elemento):
        padre.insert(indice, hijo)
        indice += 1
    padre.remove(elemento)


def _quitar(elemento) -> None:
    padre = elemento.getparent()
    if padre is not None:
        padre.remove(elemento)


def _verdadero(propiedad) -> bool:
    return propiedad.get(q("val"), "true").lower() not in ("false", "0", "off", "none")


def estilos_ocultos(estilos: bytes | None) -> set[str]:
    """Ids de los estilos que ocultan el texto (``w:vanish`` en el estilo)."""
    if not estilos:
        return set()
    raiz = etree.fromstring(estilos, etree.XMLParser(resolve_entities=False, no_network=True))
    return {s.get(q("styleId")) for s in raiz.iterfind("w:style", NS)
            if any(_verdadero(v) for v in s.iterfind("w:rPr/w:vanish", NS))}


def limpiar_parte(raiz, ocultos: set[str], avisos: list[str], parte: str) -> None:
    """Acepta los cambios y quita lo que no se ve de una parte de WordprocessingML."""
    contador = {"eliminado": 0, "comentario": 0, "oculto": 0, "campo": 0, "objeto": 0}
    # Filas eliminadas con control de cambios: fuera la fila entera.
    for marca in list(raiz.iterfind(".//w:trPr/w:del", NS)):
        fila = marca.getparent().getparent()
        if fila.getparent() is not None:
            fila.getparent().remove(fila)
            contador["eliminado"] += 1
    # Lo eliminado se borra; lo insertado se queda. Dentro de w:rPr/w:pPr solo son marcas.
    for nombre in ("del", "moveFrom"):
        for elemento in list(raiz.iter(q(nombre))):
            if elemento.getparent() is not None:
                contador["eliminado"] += elemento.getparent().tag not in (q("rPr"), q("trPr"))
                _quitar(elemento)
    for nombre in ("ins", "moveTo"):
        for elemento in list(raiz.iter(q(nombre))):
            if elemento.getparent() is not None and elemento.getparent().tag in (q("rPr"), q("trPr"), q("tcPr")):
                _quitar(elemento)
            else:
                _desenvolver(elemento)
    for elemento in list(raiz.iter(q("cellDel"))):
        celda = elemento.getparent().getparent()
        if celda.getparent() is not None:
            celda.getparent().remove(celda)
    # Campos simples: queda su resultado. Campos complejos: fuera las instrucciones.
    for elemento in list(raiz.iter(q("fldSimple"))):
        contador["campo"] += 1
        _desenvolver(elemento)
    contador["campo"] += sum(1 for _ in raiz.iter(q("instrText")))
    contador["comentario"] += sum(1 for _ in raiz.iter(q("commentReference")))
    for nombre in CAMBIOS:
        for elemento in list(raiz.iter(q(nombre))):
            _quitar(elemento)
    # Texto oculto: por la propiedad del run o por su estilo de carácter.
    for run in list(raiz.iter(q("r"))):
        rpr = run.find("w:rPr", NS)
        oculto = False
        if rpr is not None:
            oculto = any(_verdadero(v) for v in rpr.iterfind("w:vanish", NS)) or any(
                _verdadero(v) for v in rpr.iterfind("w:specVanish", NS))
            estilo = rpr.find("w:rStyle", NS)
            oculto = oculto or (estilo is not None and estilo.get(q("val")) in ocultos)
        if oculto:
            contador["oculto"] += 1
            _quitar(run)
    # Objetos incrustados (OLE, controles, fragmentos importados): fuera, con un aviso.
    for nombre in ("object", "altChunk", "control", "subDoc"):
        for elemento in list(raiz.iter(q(nombre))):
            contador["objeto"] += 1
            padre = elemento.getparent()
            aviso = etree.Element(q("t"))
            aviso.text = AVISO_OBJETO
            if padre is not None and padre.tag == q("r"):
                padre.replace(elemento, aviso)
            elif padre is not None:
                parrafo = etree.Element(q("p"))
                etree.SubElement(parrafo, q("r")).append(aviso)
                padre.replace(elemento, parrafo)
    # Runs que se quedaron sin contenido.
    for run in list(raiz.iter(q("r"))):
        if all(h.tag == q("rPr") for h in run):
            _quitar(run)
    nombres = {"eliminado": "cambios controlados aceptados", "comentario": "comentarios eliminados",
               "oculto": "fragmentos de texto oculto eliminados", "campo": "códigos de campo eliminados",
               "objeto": "objetos incrustados eliminados"}
    for clave, cuantos in contador.items():
        if cuantos:
            avisos.append(f"{parte}: {cuantos} {nombres[clave]}")


def limpiar_configuracion(raiz) -> None:
    """settings.xml: sin plantilla adjunta, variables del documento, combinación de
    correspondencia ni control de cambios activo."""
    for nombre in ("attachedTemplate", "docVars", "mailMerge", "trackRevisions", "documentProtection",
                   "writeProtection", "rsids", "attachedSchema", "saveThroughXslt"):
        for elemento in list(raiz.iter(q(nombre))):
            _quitar(elemento)


CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Versión pública</dc:title>'
        '</cp:coreProperties>').encode("utf-8")
APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>resoluciones (versión pública)</Application></Properties>').encode("utf-8")
