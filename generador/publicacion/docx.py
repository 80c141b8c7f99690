"""La versión pública de un .docx: un paquete nuevo, con cada parte XML reescrita.

Lineamiento Sexagésimo: «deberá crearse un nuevo archivo electrónico para que sobre el mismo se
elabore la versión pública». Aquí se lee el paquete original, se eliminan las partes que no
pueden ir (``limpieza.PARTES_ELIMINADAS``), se limpia y se testa cada parte de Word
(``limpieza`` y ``texto_word``), se borra lo marcado de cualquier otro texto o atributo XML
(textos alternativos, destinos de hipervínculos, gráficas), se reescriben vacías las
propiedades y se escribe la leyenda en la primera hoja. El original no se toca.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .aviso import TITULO, lineas_de_leyenda
from .limpieza import APP, CORE, NS, PARTES_ELIMINADAS, TIPOS_ELIMINADOS, estilos_ocultos, limpiar_configuracion, \
    limpiar_parte, q
from .marcas import Encargo, expresion_literal
from .resultado import Resultado
from .texto_word import Pasaje, testar_parte

MAXIMO_PARTES = 10_000
MAXIMO_TOTAL = 1 << 30
# Un documento de mil páginas tiene un document.xml de unos 20 MB, que se comprime ~10 veces.
MAXIMO_PARTE_XML = 128 << 20
PROPORCION_MAXIMA = 200
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TIPOS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELACIONES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TESTADO = "[testado]"


def _abrir(datos: bytes, nombre: str) -> zipfile.ZipFile:
    try:
        paquete = zipfile.ZipFile(io.BytesIO(datos))
    except zipfile.BadZipFile:
        raise ErrorDeUsuario(f"{nombre}: no es un documento de Word (.docx) válido") from None
    partes = paquete.infolist()
    if len(partes) > MAXIMO_PARTES or sum(p.file_size for p in partes) > MAXIMO_TOTAL:
        raise ErrorDeUsuario(f"{nombre}: el documento se descomprime en demasiados datos; no se abre")
    for parte in partes:
        # Cada parte XML se arma entera en memoria (lxml ocupa muchas veces su tamaño): un
        # document.xml de 300 MB de párrafos vacíos, 447 KB comprimido, pasaba de 6 GB.
        xml = parte.filename.endswith((".xml", ".rels", ".vml"))
        if (xml and parte.file_size > MAXIMO_PARTE_XML) or parte.file_size > PROPORCION_MAXIMA * max(
                parte.compress_size, 4096):
            raise ErrorDeUsuario(f"{nombre}: la parte {parte.filename} se descomprime en {parte.file_size // 2**20} "
                                 "MiB, demasiado para un documento; no se abre (¿un archivo dañado o hecho a "
                                 "propósito?)")
    if "word/document.xml" not in paquete.namelist():
        raise ErrorDeUsuario(f"{nombre}: no es un documento de Word (.docx): le falta word/document.xml")
    if any(p.flag_bits & 0x1 for p in partes):
        raise ErrorDeUsuario(f"{nombre}: el documento está cifrado o protegido con contraseña; quite la "
                             "protección en Word y vuelva a intentarlo")
    return paquete


def _es_xml(nombre: str, datos: bytes) -> bool:
    return nombre.endswith((".xml", ".rels", ".vml")) or datos.lstrip()[:5] == b"<?xml"


def _destino(origen: str, objetivo: str) -> str:
    carpeta = posixpath.dirname(posixpath.dirname(origen))  # word/_rels/x.rels → word
    return posixpath.normpath(objetivo.lstrip("/") if objetivo.startswith("/") else posixpath.join(carpeta, objetivo))


def _limpiar_relaciones(nombre: str, raiz, eliminadas: set[str]) -> tuple[set[str], list[str]]:
    """Quita las relaciones de las partes eliminadas y los vínculos externos que no son
    hipervínculos: una imagen o una parte enlazada a ``http://…`` o ``file:///…`` se pediría por
    la red al abrir la versión pública, y LibreOffice la pediría desde la máquina que convierte
    a PDF (el servidor de la página: una puerta a su red interna). Además, su dirección no va en
    el documento y puede decir de más (``file:///C:/Users/<nombre>/…``). Devuelve los Id de los
    vínculos externos quitados (para quitar también sus referencias) y sus destinos."""
    externos, destinos = set(), []
    for rel in list(raiz):
        tipo = rel.get("Type", "")
        externo = rel.get("TargetMode") == "External"
        destino = None if externo else _destino(nombre, rel.get("Target", ""))
        if tipo.endswith(TIPOS_ELIMINADOS) or (destino is not None and destino in eliminadas):
            raiz.remove(rel)
        elif externo and not tipo.endswith("/hyperlink"):
            raiz.remove(rel)
            externos.add(rel.get("Id", ""))
            destinos.append(rel.get("Target", ""))
    return externos, destinos


def _parte_de(rels: str) -> str:
    """La parte de la que habla un .rels: word/_rels/document.xml.rels → word/document.xml."""
    carpeta, archivo = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(carpeta), archivo.removesuffix(".rels"))


def _quitar_referencias(raiz, ids: set[str]) -> None:
    """Los atributos que apuntan a un vínculo quitado (``r:link`` de una imagen, ``r:id`` de VML):
    sin ellos la imagen queda vacía en lugar de apuntar a una relación que ya no existe."""
    for elemento in raiz.iter():
        if not isinstance(elemento.tag, str):
            continue
        for clave in [c for c, v in elemento.attrib.items() if c.startswith(f"{{{RELACIONES}}}") and v in ids]:
            del elemento.attrib[clave]


def _leyenda(raiz, encargo: Encargo, tipos: list[str]) -> list[str]:
    """Los párrafos de la leyenda al principio del cuerpo."""
    cuerpo = raiz.find("w:body", NS)
    lineas = [TITULO] + lineas_de_leyenda(encargo, tipos)
    for i, linea in enumerate(lineas):
        parrafo = etree.Element(q("p"))
        ppr = etree.SubElement(parrafo, q("pPr"))
        etree.SubElement(ppr, q("jc"), {q("val"): "center" if i == 0 else "both"})
        etree.SubElement(ppr, q("spacing"), {q("after"): "60"})
        run = etree.SubElement(parrafo, q("r"))
        rpr = etree.SubElement(run, q("rPr"))
        if i == 0:
            etree.SubElement(rpr, q("b"))
            etree.SubElement(rpr, q("sz"), {q("val"): "28"})
        else:
            etree.SubElement(rpr, q("sz"), {q("val"): "18"})
        t = etree.SubElement(run, q("t"))
        t.text = linea
        cuerpo.insert(i, parrafo)
    return lineas


def _borrar_en_todo(raiz, expresiones: list[re.Pattern]) -> int:
    """Lo marcado que quede en cualquier texto o atributo (no en ``w:t``: eso ya se testó)."""
    cambios = 0
    for elemento in raiz.iter():
        if not isinstance(elemento.tag, str):
            continue
        for clave, valor in elemento.attrib.items():
            nuevo = valor
            for e in expresiones:
                nuevo = e.sub(TESTADO, nuevo)
            if nuevo != valor:
                elemento.set(clave, nuevo)
                cambios += 1
        for atributo in ("text", "tail"):
            valor = getattr(elemento, atributo)
            if valor:
                nuevo = valor
                for e in expresiones:
                    nuevo = e.sub(TESTADO, nuevo)
                if nuevo != valor:
                    setattr(elemento, atributo, nuevo)
                    cambios += 1
    return cambios


def version_publica_docx(datos: bytes, encargo: Encargo, nombre: str = "documento.docx") -> Resultado:
    """Hace la versión pública de un .docx (los bytes del original) según el encargo."""
    paquete = _abrir(datos, nombre)
    nombres = paquete.namelist()
    eliminadas = {n for n in nombres if PARTES_ELIMINADAS.match(n)}
    resultado = Resultado(b"")
    if any(n.startswith("word/embeddings/") for n in eliminadas):
        resultado.avisos.append("se eliminaron los objetos incrustados (hojas de cálculo, documentos, OLE)")
    if any(n.startswith("word/comments") for n in eliminadas):
        resultado.avisos.append("se eliminaron los comentarios")
    if any(n.startswith("customXml/") for n in eliminadas):
        resultado.avisos.append("se eliminó el XML personalizado")
    ocultos = estilos_ocultos(paquete.read("word/styles.xml") if "word/styles.xml" in nombres else None)
    arboles: dict[str, object] = {}
    crudos: dict[str, bytes] = {}
    for n in nombres:
        if n in eliminadas or n.endswith("/"):
            continue
        contenido = paquete.read(n)
        if n in ("docProps/core.xml", "docProps/app.xml"):
            crudos[n] = CORE if n.endswith("core.xml") else APP
        elif _es_xml(n, contenido):
            try:
                arboles[n] = etree.fromstring(contenido, PARSER)
            except etree.XMLSyntaxError as exc:
                raise ErrorDeUsuario(f"{nombre}: la parte {n} no es XML válido ({exc}); ábralo y guárdelo de "
                                     "nuevo en Word") from None
        else:
            crudos[n] = contenido
    usadas: dict[int, int] = {}
    pasajes: list[Pasaje] = []
    externos: list[str] = []
    for n, raiz in arboles.items():
        if raiz.tag == f"{{{RELS}}}Relationships":
            ids, destinos = _limpiar_relaciones(n, raiz, eliminadas)
            if ids and _parte_de(n) in arboles:
                _quitar_referencias(arboles[_parte_de(n)], ids)
            externos += destinos
        elif raiz.tag == f"{{{TIPOS}}}Types":
            for o in list(raiz):
                if o.get("PartName", "").lstrip("/") in eliminadas:
                    raiz.remove(o)
        elif raiz.tag == q("settings"):
            limpiar_configuracion(raiz)
        elif raiz.tag.startswith(f"{{{NS['w']}}}"):
            limpiar_parte(raiz, ocultos, resultado.avisos, n)
            pasajes += testar_parte(raiz, encargo.marcas, encargo.usar_resaltado, encargo.tipo_resaltado, usadas)
    if externos:
        muestra = ", ".join(f"«{d[:80]}»" for d in externos[:3]) + (" …" if len(externos) > 3 else "")
        resultado.avisos.append(f"se quitaron {len(externos)} vínculo(s) externo(s) de imágenes o partes enlazadas "
                                f"({muestra}): no van en el documento, se pedirían por la red al abrirlo o al "
                                "convertirlo a PDF; si la imagen es parte del documento, insértela en Word")
    sin_uso = [m for i, m in enumerate(encargo.marcas) if not usadas.get(i)]
    if sin_uso:
        raise ErrorDeUsuario([Problema(f"la marca «{m.literal or m.expresion.pattern}» no se encontró en {nombre}; "
                                       "revise el texto (no se testó nada)", Ubicacion(m.origen)) for m in sin_uso],
                             titulo="Hay marcas que no coinciden con nada; no se escribió la versión pública:")
    if not pasajes and not encargo.marcas:
        raise ErrorDeUsuario(f"{nombre}: no hay nada que testar: ni marcas (--marcas) ni texto resaltado en Word")
    testados = sorted({" ".join(p.texto.split()) for p in pasajes if p.texto.strip()}, key=len, reverse=True)
    expresiones = [expresion_literal(t) for t in testados]
    for n, raiz in arboles.items():
        if not raiz.tag.startswith(f"{{{NS['w']}}}"):
            _borrar_en_todo(raiz, expresiones)
        else:  # en Word, lo que no está en w:t: atributos, textos alternativos, cuadros VML
            for e in raiz.iter():
                if isinstance(e.tag, str) and e.tag != q("t"):
                    for clave, valor in e.attrib.items():
                        nuevo = valor
                        for x in expresiones:
                            nuevo = x.sub(TESTADO, nuevo)
                        if nuevo != valor:
                            e.set(clave, nuevo)
    tipos: list[str] = []
    for p in pasajes:
        for t in p.tipos:
            if t not in tipos:
                tipos.append(t)
    resultado.propios = [*{f"[TESTADO: {'; '.join(p.tipos)}]" for p in pasajes}]
    resultado.propios += _leyenda(arboles["word/document.xml"], encargo, tipos)
    resultado.testados, resultado.tipos = testados, tipos
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as nuevo:
        for n in nombres:
            if n in arboles:
                contenido = etree.tostring(arboles[n], xml_declaration=True, encoding="UTF-8", standalone=True)
            elif n in crudos:
                contenido = crudos[n]
            else:
                continue
            info = zipfile.ZipInfo(n, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            nuevo.writestr(info, contenido)
    resultado.datos = salida.getvalue()
    return resultado
