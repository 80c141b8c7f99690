"""Lo que un diseño de Word ajeno no puede traer: contenido que sale a buscar algo o que se ejecuta.

Por qué: el diseño se copia a cada resolución, y Word (o LibreOffice al convertir a PDF, en
la computadora de quien redacta o en el servidor de la página) sigue lo que trae:

* relaciones externas (una imagen vinculada a ``http://…`` o a ``file:///…``, la plantilla
  adjunta ``attachedTemplate``, un ``subDocument``, un marco): se piden por la red (sirve
  para rastrear a quien abre la resolución o filtrar su contraseña de red) o meten en el PDF
  un archivo del disco. Solo un hipervínculo externo se admite: nadie lo sigue sin un clic;
* ``altChunk`` (importa un HTML, un RTF u otro .docx tal cual), macros (``vbaProject``),
  controles ActiveX y objetos OLE incrustados;
* campos que leen archivos o direcciones (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``,
  ``DDE``, ``IMPORT``…);
* una declaración ``<!DOCTYPE`` (entidades de XML: un diseño no la necesita nunca).

Se rechaza con la parte y lo que trae, en vez de quitarlo en silencio: quien recibió la
carpeta debe saber que el diseño traía eso. ``plantillas validar`` dice lo mismo.
"""

from __future__ import annotations

import re

from lxml import etree

_RELACION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTES_ACTIVAS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/|embeddings/)", re.IGNORECASE)
_TIPOS_ACTIVOS = ("/aFChunk", "/vbaProject", "/control", "/oleObject", "/package", "/subDocument",
                  "/attachedTemplate", "/frame")
# Los campos que leen un archivo o una dirección, o que ejecutan otro programa (DDE).
CAMPOS_QUE_LEEN = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT",
                             "DATABASE"})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CON_CAMPOS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def _campos(xml: bytes) -> list[str]:
    """La primera palabra de cada campo de la parte (``fldSimple`` y los de ``fldChar``)."""
    if b"instr" not in xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    raiz = etree.fromstring(xml, parser)
    instrucciones: list[str] = [e.get(_W + "instr", "") for e in raiz.iter(_W + "fldSimple")]
    pila: list[tuple[list[str], list[bool]]] = []  # por campo abierto: (instrucción, ¿aún se escribe?)
    for elemento in raiz.iter(_W + "fldChar", _W + "instrText"):
        if elemento.tag == _W + "instrText":
            if pila and pila[-1][1][0]:
                pila[-1][0].append(elemento.text or "")
            continue
        tipo = elemento.get(_W + "fldCharType")
        if tipo == "begin":
            pila.append(([], [True]))
        elif tipo == "separate" and pila and pila[-1][1][0]:
            instrucciones.append("".join(pila[-1][0]))  # lo que sigue hasta «end» es el resultado
            pila[-1][1][0] = False
        elif tipo == "end" and pila:
            texto, abierta = pila.pop()
            if abierta[0]:
                instrucciones.append("".join(texto))
    palabras = []
    for instruccion in instrucciones:
        partes = instruccion.split()
        if partes:
            palabras.append(partes[0].lstrip("\\").upper())
    return palabras


_DECLARACION = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _en_utf8(datos: bytes) -> bool:
    """Si la parte XML está en UTF-8 (con o sin BOM, y sin otra codificación declarada)."""
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in datos[:64]:
        return False  # UTF-16 o UTF-32, con o sin marca
    declarada = _DECLARACION.match(datos.removeprefix(b"\xef\xbb\xbf"))
    return declarada is None or declarada.group(1).lower() in (b"utf-8", b"utf8")


def contenido_activo(partes: list[tuple[str, bytes]]) -> list[str]:
    """Lo que el diseño trae y no se admite (ver el docstring del módulo), una frase por cosa."""
    problemas = []
    for nombre, datos in partes:
        if _PARTES_ACTIVAS.search(nombre):
            problemas.append(f"{nombre}: macros, controles ActiveX u objetos incrustados")
            continue
        if not (nombre.endswith((".xml", ".rels", ".vml")) or datos[:2] in (b"\xff\xfe", b"\xfe\xff")
                or datos.lstrip()[:1] == b"<"):
            continue  # una imagen o una fuente; lo que parece XML se revisa aunque se llame de otro modo
        if not _en_utf8(datos):
            # Las búsquedas de abajo son de bytes ASCII: en UTF-16, «INCLUDEPICTURE» o
            # «<!DOCTYPE» no aparecen como tales y pasaban. Word escribe siempre UTF-8.
            problemas.append(f"{nombre}: la parte no está en UTF-8 (Word las escribe siempre así); ábralo y "
                             "guárdelo de nuevo en Word")
            continue
        if b"<!DOCTYPE" in datos or b"<!ENTITY" in datos:
            problemas.append(f"{nombre}: una declaración <!DOCTYPE o <!ENTITY (entidades de XML)")
            continue
        if nombre.endswith(".rels"):
            try:
                raiz = etree.fromstring(datos, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError as exc:
                problemas.append(f"{nombre}: no es XML válido ({exc})")
                continue
            for relacion in raiz:
                tipo, destino = relacion.get("Type", ""), relacion.get("Target", "")
                if tipo.endswith(_TIPOS_ACTIVOS):
                    problemas.append(f"{nombre}: una relación «{tipo.rsplit('/', 1)[-1]}» hacia «{destino[:120]}»")
                elif relacion.get("TargetMode") == "External" and not tipo.endswith("/hyperlink"):
                    problemas.append(f"{nombre}: un vínculo externo «{tipo.rsplit('/', 1)[-1]}» hacia "
                                     f"«{destino[:120]}» (Word o LibreOffice lo pedirían al abrir o convertir)")
        elif _CON_CAMPOS.match(nombre):
            try:
                palabras = _campos(datos)
            except etree.XMLSyntaxError as exc:
                problemas.append(f"{nombre}: no es XML válido ({exc})")
                continue
            for palabra in sorted(set(palabras) & CAMPOS_QUE_LEEN):
                problemas.append(f"{nombre}: un campo {palabra} (lee un archivo, una dirección u otro programa)")
    return problemas
