"""Lo que hace que Word abra el documento sin «reparar» nada, en cualquier diseño.

Un diseño de Word de un autor (o uno hecho con la plantilla por omisión de python-docx)
trae a menudo lo que Word considera contenido ilegible o que delata otro programa: un
``stylesWithEffects.xml`` que no coincide con ``styles.xml``, una miniatura en blanco,
«Microsoft Macintosh Word» con 1 página y 0 palabras, el modo de compatibilidad de Word
2010, el idioma ``en-US`` (el corrector de Word revisaría en inglés) y propiedades de
tabla fuera del orden del esquema. Aquí, al preparar el diseño (una vez, en caché):

* ``aplicar_fuente``: la fuente y el tamaño del perfil llegan a todos los estilos (no solo
  a «Normal»), salvo los que el perfil fija a propósito (``formato.estilos``);
* ``normalizar_paquete``: quita esas partes, escribe ``docProps/app.xml`` de esta
  herramienta, pone el modo de Word actual (15) y ``es-MX``, y ordena lo que el esquema
  ordena (ECMA-376, parte 1).

Usa lxml: solo se importa al preparar un diseño nuevo (``diseno.py``), nunca en la
generación de cada documento.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import __version__

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_PARTES_QUE_SOBRAN = re.compile(r"^(word/stylesWithEffects\.xml|docProps/thumbnail\.[A-Za-z]+)$")
_TIPOS_QUE_SOBRAN = ("/stylesWithEffects", "/metadata/thumbnail")

# Orden de los hijos según el esquema (los que no están aquí van al final, en su orden).
ORDEN_TBLPR = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription", "tblPrChange"]
ORDEN_RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"]
ORDEN_STYLE = ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
               "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
               "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"]
_ORDEN_SETTINGS_ANTES_DE_COMPAT = {"footnotePr", "endnotePr", "hdrShapeDefaults", "updateFields"}
_ATRIBUTOS_DE_FUENTE = ("ascii", "hAnsi", "cs", "eastAsia", "asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme")


def app_xml() -> str:
    """``docProps/app.xml`` de esta herramienta: su nombre y versión, sin cuentas de
    páginas ni de palabras (Word las calcula al abrir; unas inventadas mentirían)."""
    partes = (__version__.split(".") + ["0", "0"])[:3]
    version = f"{int(partes[0]):02d}.{int(partes[1]):02d}{int(partes[2]):02d}"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>resoluciones</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            f"<HyperlinksChanged>false</HyperlinksChanged><AppVersion>{version}</AppVersion></Properties>")


def _local(elemento) -> str:
    return etree.QName(elemento).localname if isinstance(elemento.tag, str) else ""


def ordenar(elemento, orden: list[str]) -> None:
    """Reordena los hijos de ``elemento`` según ``orden`` (estable; lo desconocido al final)."""
    posicion = {nombre: i for i, nombre in enumerate(orden)}
    hijos = list(elemento)
    ordenados = sorted(hijos, key=lambda h: posicion.get(_local(h), len(orden)))
    if ordenados != hijos:
        for hijo in hijos:
            elemento.remove(hijo)
        elemento.extend(ordenados)


def _hijo(padre, nombre: str, orden: list[str]):
    encontrado = padre.find(_W + nombre)
    if encontrado is None:
        encontrado = etree.SubElement(padre, _W + nombre)
        ordenar(padre, orden)
    return encontrado


def _medios_puntos(tamano: float) -> str:
    return str(round(tamano * 2))


def _poner_fuente(rpr, fuente: str) -> None:
    rfonts = _hijo(rpr, "rFonts", ORDEN_RPR)
    for atributo in _ATRIBUTOS_DE_FUENTE:
        rfonts.attrib.pop(_W + atributo, None)
    for atributo in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(_W + atributo, fuente)


def _poner_tamano(rpr, tamano: float) -> None:
    _hijo(rpr, "sz", ORDEN_RPR).set(_W + "val", _medios_puntos(tamano))
    _hijo(rpr, "szCs", ORDEN_RPR).set(_W + "val", _medios_puntos(tamano))


def _espanol(rpr) -> None:
    lang = _hijo(rpr, "lang", ORDEN_RPR)
    lang.set(_W + "val", "es-MX")
    lang.set(_W + "eastAsia", "es-MX")


def aplicar_fuente(estilos, fuente: str, tamano: float, propios: dict | None = None) -> None:
    """La fuente y el tamaño del perfil en todo el documento.

    ``estilos`` es el elemento ``w:styles``. La fuente se escribe en los valores por
    omisión y en «Normal», y se quita de cada otro estilo (incluidas las fuentes del
    tema), que así la heredan: encabezados, citas, listas, encabezado de página, firmas.
    Un estilo con el tamaño del «Normal» del diseño pasa al tamaño del perfil; uno más
    chico o más grande a propósito (el encabezado de página, las siglas) conserva el suyo.
    ``propios`` son los estilos que el perfil fija (id del estilo → fuente, tamaño).
    """
    por_omision = estilos.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    if por_omision is None:
        defaults = _hijo(estilos, "docDefaults", ["docDefaults", "latentStyles", "style"])
        por_omision = etree.SubElement(_hijo(defaults, "rPrDefault", ["rPrDefault", "pPrDefault"]), _W + "rPr")
    base = None
    for estilo in estilos.iterfind(_W + "style"):
        if estilo.get(_W + "styleId") == "Normal" or (estilo.get(_W + "default") in ("1", "true")
                                                       and estilo.get(_W + "type") == "paragraph"):
            tamano_normal = estilo.find(f"{_W}rPr/{_W}sz")
            base = tamano_normal.get(_W + "val") if tamano_normal is not None else None
    if base is None:
        tamano_omision = por_omision.find(_W + "sz")
        base = tamano_omision.get(_W + "val") if tamano_omision is not None else "20"
    _poner_fuente(por_omision, fuente)
    _poner_tamano(por_omision, tamano)
    _espanol(por_omision)
    por_id = {}
    for estilo in estilos.iterfind(_W + "style"):
        por_id[estilo.get(_W + "styleId")] = estilo
        rpr = estilo.find(_W + "rPr")
        normal = estilo.get(_W + "styleId") == "Normal"
        if normal:
            rpr = rpr if rpr is not None else _hijo(estilo, "rPr", ORDEN_STYLE)
            _poner_fuente(rpr, fuente)
            _poner_tamano(rpr, tamano)
            _espanol(rpr)
            continue
        if rpr is None:
            continue
        rfonts = rpr.find(_W + "rFonts")
        if rfonts is not None:
            for atributo in _ATRIBUTOS_DE_FUENTE:
                rfonts.attrib.pop(_W + atributo, None)
            if not rfonts.attrib:
                rpr.remove(rfonts)
        sz = rpr.find(_W + "sz")
        if sz is not None and sz.get(_W + "val") == base:
            rpr.remove(sz)
            szcs = rpr.find(_W + "szCs")
            if szcs is not None:
                rpr.remove(szcs)
    for id_, propio in (propios or {}).items():
        estilo = por_id.get(id_)
        if estilo is None:
            continue  # el perfil ya se comprobó contra el diseño (ver diseno.py)
        rpr = estilo.find(_W + "rPr")
        rpr = rpr if rpr is not None else _hijo(estilo, "rPr", ORDEN_STYLE)
        if propio.fuente:
            _poner_fuente(rpr, propio.fuente)
        if propio.tamano:
            _poner_tamano(rpr, propio.tamano)


def _settings(xml: bytes) -> bytes:
    raiz = etree.fromstring(xml)
    for sobra in raiz.findall(_W + "savePreviewPicture"):
        raiz.remove(sobra)
    compat = raiz.find(_W + "compat")
    if compat is None:
        compat = etree.Element(_W + "compat")
        # compat va después de notas y de updateFields y antes de lo demás que sigue.
        anteriores = [h for h in raiz if _local(h) in _ORDEN_SETTINGS_ANTES_DE_COMPAT]
        despues_de = anteriores[-1] if anteriores else None
        siguiente = next((h for h in raiz if _local(h) in ("docVars", "rsids", "mathPr", "attachedSchema",
                                                           "themeFontLang", "clrSchemeMapping",
                                                           "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                                                           "forceUpgrade", "captions", "readModeInkLockDown",
                                                           "smartTagType", "schemaLibrary", "shapeDefaults",
                                                           "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")),
                         None)
        if siguiente is not None:
            siguiente.addprevious(compat)
        elif despues_de is not None:
            despues_de.addnext(compat)
        else:
            raiz.append(compat)
    modo = next((c for c in compat.findall(_W + "compatSetting") if c.get(_W + "name") == "compatibilityMode"), None)
    if modo is None:
        modo = etree.SubElement(compat, _W + "compatSetting")
        modo.set(_W + "name", "compatibilityMode")
        modo.set(_W + "uri", "http://schemas.microsoft.com/office/word")
    modo.set(_W + "val", "15")
    idioma = raiz.find(_W + "themeFontLang")
    if idioma is not None:
        idioma.attrib.clear()
        idioma.set(_W + "val", "es-MX")
    return etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


def _ordenar_tablas(xml: bytes) -> bytes:
    if b"tblPr" not in xml:
        return xml
    raiz = etree.fromstring(xml)
    for tblpr in raiz.iter(_W + "tblPr"):
        ordenar(tblpr, ORDEN_TBLPR)
    return etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


def _sin_referencias(xml: bytes, quitadas: set[str]) -> bytes:
    """Quita de una lista de relaciones o de tipos de contenido lo que apunta a una parte quitada."""
    raiz = etree.fromstring(xml)
    for hijo in list(raiz):
        destino = hijo.get("Target", "") or hijo.get("PartName", "")
        tipo = hijo.get("Type", "")
        if any(tipo.endswith(t) for t in _TIPOS_QUE_SOBRAN) or destino.lstrip("/") in quitadas:
            raiz.remove(hijo)
    return etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


def normalizar_paquete(partes: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Las partes de un .docx como las abre Word sin repararlas (ver el docstring del módulo)."""
    quitadas = {nombre for nombre, _ in partes if _PARTES_QUE_SOBRAN.match(nombre)}
    salida = []
    for nombre, datos in partes:
        if nombre in quitadas:
            continue
        if nombre == "docProps/app.xml":
            datos = app_xml().encode("utf-8")
        elif nombre == "word/settings.xml":
            datos = _settings(datos)
        elif re.match(r"^word/(document|header\d*|footer\d*)\.xml$", nombre):
            datos = _ordenar_tablas(datos)
        elif nombre.endswith(".rels") or nombre == "[Content_Types].xml":
            datos = _sin_referencias(datos, quitadas)
        salida.append((nombre, datos))
    return salida
