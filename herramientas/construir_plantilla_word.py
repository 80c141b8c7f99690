"""Construye el diseño de Word base: ``plantillas/word/resolucion.docx``.

El diseño es un archivo .docx que un autor de plantillas puede abrir y cambiar en
Word (estilos, márgenes, encabezado, pie). Este script lo escribe parte por parte, sin
la plantilla por omisión de python-docx, porque esa plantilla arrastra lo que hace que
Word «repare» el archivo: un ``stylesWithEffects.xml`` que no coincide con los estilos,
una miniatura en blanco, «Microsoft Macintosh Word» con 1 página y 0 palabras, el modo
de compatibilidad de Word 2010, idioma ``en-US`` y 170 estilos que nadie usa. Aquí cada
elemento va en el orden del esquema (ECMA-376), cada etiqueta de docxtpl queda en un
solo *run* y el resultado es el mismo byte a byte en cada corrida. Uso::

    python herramientas/construir_plantilla_word.py

El resultado se valida con ``openxml-audit`` (``tests/test_word_valido.py``).

Estilos que el generador usa (nombres internos de Word; Word en español los
muestra traducidos: «Cita», «Título 1», «Listado con viñetas»…). La fuente y el tamaño
están solo en «Normal» (y en los valores por omisión del documento): todos los demás la
heredan, así que la fuente del perfil llega a todo el documento.

* Normal: texto justificado.
* Heading 1, Heading 2: «RESUELVE», «ANTECEDENTES» (negritas; se mantienen con el siguiente).
* Quote: párrafos citados de la solicitud y de las respuestas (cursiva, sangría).
* List Bullet, List Bullet 2, List Bullet 3: viñetas (numeración de Word).
* Cita con viñetas, Cita con viñetas 2, Cita con viñetas 3: viñetas dentro de una cita.
* Cierre: «ASÍ LO RESOLVIERON Y FIRMAN…» (se mantiene con las firmas).
* Firma nombre, Firma cargo: el bloque de firmas (nunca se parte entre páginas).
* Header, Encabezado siglas, Encabezado área, Encabezado datos: el encabezado de página.
* Footer, Pie numeración: el pie de página (líneas del perfil y «Página 1 de 7»).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from generador.word.normalizar import app_xml  # noqa: E402  (el paquete, desde la raíz del repositorio)
from generador.word.paquete import core_xml  # noqa: E402

DESTINO = RAIZ / "plantillas" / "word" / "resolucion.docx"
FUENTE = "Arial"
TAMANO_MEDIOS_PUNTOS = 22  # 11 pt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TIPO_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TIPO_CONTENIDO = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CABECERA = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ESPACIOS = f'xmlns:w="{W}" xmlns:r="{R}"'

# Ancho útil de la página carta con los márgenes por omisión (3 cm y 2.5 cm): 16.09 cm.
ANCHO_UTIL = 9121


# --- Estilos -----------------------------------------------------------------------------

def _ppr(con_siguiente=False, lineas_juntas=False, num=None, tabs=(), antes=None, despues=None, linea=None,
         izquierda=None, derecha=None, jc=None, nivel_esquema=None) -> str:
    """pPr en el orden del esquema (CT_PPrBase)."""
    xml = ""
    if con_siguiente:
        xml += "<w:keepNext/>"
    if lineas_juntas:
        xml += "<w:keepLines/>"
    if num is not None:
        xml += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if tabs:
        xml += "<w:tabs>" + "".join(f'<w:tab w:val="{v}" w:pos="{p}"/>' for v, p in tabs) + "</w:tabs>"
    if antes is not None or despues is not None or linea is not None:
        xml += "<w:spacing" + (f' w:before="{antes}"' if antes is not None else "") \
               + (f' w:after="{despues}"' if despues is not None else "") \
               + (f' w:line="{linea}" w:lineRule="auto"' if linea is not None else "") + "/>"
    if izquierda is not None or derecha is not None:
        xml += "<w:ind" + (f' w:left="{izquierda}"' if izquierda is not None else "") \
               + (f' w:right="{derecha}"' if derecha is not None else "") + "/>"
    if jc:
        xml += f'<w:jc w:val="{jc}"/>'
    if nivel_esquema is not None:
        xml += f'<w:outlineLvl w:val="{nivel_esquema}"/>'
    return f"<w:pPr>{xml}</w:pPr>" if xml else ""


def _rpr(negrita=False, cursiva=False, medios_puntos=None) -> str:
    """rPr en el orden del esquema (EG_RPrBase). Sin fuente: se hereda de «Normal»."""
    xml = ("<w:b/><w:bCs/>" if negrita else "") + ("<w:i/><w:iCs/>" if cursiva else "")
    if medios_puntos:
        xml += f'<w:sz w:val="{medios_puntos}"/><w:szCs w:val="{medios_puntos}"/>'
    return f"<w:rPr>{xml}</w:rPr>" if xml else ""


def _estilo(id_: str, nombre: str, base: str | None = "Normal", ppr: str = "", rpr: str = "", siguiente=None,
            prioridad=None, rapido=True, propio=True) -> str:
    atributos = ' w:customStyle="1"' if propio else ""
    xml = f'<w:style w:type="paragraph"{atributos} w:styleId="{id_}"><w:name w:val="{nombre}"/>'
    if base:
        xml += f'<w:basedOn w:val="{base}"/>'
    if siguiente:
        xml += f'<w:next w:val="{siguiente}"/>'
    if prioridad is not None:
        xml += f'<w:uiPriority w:val="{prioridad}"/>'
    if rapido:
        xml += "<w:qFormat/>"
    return xml + ppr + rpr + "</w:style>"


def _styles_xml() -> str:
    fuentes = f'<w:rFonts w:ascii="{FUENTE}" w:eastAsia="{FUENTE}" w:hAnsi="{FUENTE}" w:cs="{FUENTE}"/>'
    tamano = f'<w:sz w:val="{TAMANO_MEDIOS_PUNTOS}"/><w:szCs w:val="{TAMANO_MEDIOS_PUNTOS}"/>'
    idioma = '<w:lang w:val="es-MX" w:eastAsia="es-MX" w:bidi="ar-SA"/>'
    cuerpo = 276  # interlineado 1.15
    estilos = [
        # Normal: la fuente, el tamaño y el idioma de todo el documento.
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl/><w:spacing w:before="0" w:after="160" w:line="{cuerpo}" w:lineRule="auto"/>'
        f'<w:jc w:val="both"/></w:pPr><w:rPr>{fuentes}<w:color w:val="000000"/>{tamano}{idioma}</w:rPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _estilo("Heading1", "heading 1", siguiente="Normal", prioridad=9, propio=False,
                ppr=_ppr(True, True, antes=240, despues=240, jc="center", nivel_esquema=0), rpr=_rpr(negrita=True)),
        _estilo("Heading2", "heading 2", siguiente="Normal", prioridad=9, propio=False,
                ppr=_ppr(True, True, antes=200, despues=160, jc="left", nivel_esquema=1), rpr=_rpr(negrita=True)),
        _estilo("Quote", "Quote", siguiente="Normal", prioridad=29, propio=False,
                ppr=_ppr(izquierda=850, derecha=567), rpr=_rpr(cursiva=True)),
    ]
    for nivel, sufijo in enumerate(("", " 2", " 3")):
        estilos.append(_estilo(f"ListBullet{sufijo.strip()}", f"List Bullet{sufijo}", prioridad=99, propio=False,
                               rapido=False, ppr=_ppr(num=(1, nivel), despues=120)))
    for nivel, sufijo in enumerate(("", " 2", " 3")):
        estilos.append(_estilo(f"CitaConVinetas{sufijo.strip()}", f"Cita con viñetas{sufijo}", base="Quote",
                               ppr=_ppr(num=(2, nivel), despues=120, derecha=567)))
    estilos += [
        _estilo("Cierre", "Cierre", ppr=_ppr(True, antes=240, despues=0)),
        # El bloque de firmas se mantiene unido: cada párrafo «con el siguiente», sin partirse.
        _estilo("FirmaNombre", "Firma nombre", ppr=_ppr(True, True, antes=1080, despues=0, linea=240, jc="center"),
                rpr=_rpr(negrita=True)),
        _estilo("FirmaCargo", "Firma cargo",
                ppr=_ppr(True, True, antes=0, despues=0, linea=240, izquierda=1134, derecha=1134, jc="center")),
        # Encabezado y pie: más chicos que el cuerpo, con la misma fuente.
        _estilo("Header", "header", prioridad=99, propio=False, rapido=False,
                ppr=_ppr(tabs=(("center", 4680), ("right", 9360)), antes=0, despues=0, linea=240, jc="left"),
                rpr=_rpr(medios_puntos=18)),
        _estilo("EncabezadoSiglas", "Encabezado siglas", base="Header", rpr=_rpr(negrita=True, medios_puntos=32)),
        _estilo("EncabezadoArea", "Encabezado área", base="Header", rpr=_rpr(negrita=True)),
        _estilo("EncabezadoDatos", "Encabezado datos", base="Header"),
        _estilo("Footer", "footer", prioridad=99, propio=False, rapido=False,
                ppr=_ppr(tabs=(("center", 4680), ("right", 9360)), antes=0, despues=0, linea=240, jc="left"),
                rpr=_rpr(medios_puntos=16)),
        _estilo("PieNumeracion", "Pie numeración", base="Footer", ppr=_ppr(jc="right")),
    ]
    return (CABECERA + f'<w:styles {ESPACIOS}><w:docDefaults><w:rPrDefault><w:rPr>{fuentes}{tamano}{idioma}'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>" + "".join(estilos) + "</w:styles>")


def _numbering_xml() -> str:
    """Dos listas de viñetas de Word: la del cuerpo y la de las citas (con más sangría).
    Las viñetas no llevan fuente propia: usan la del párrafo (una sola familia)."""
    simbolos = ("•", "◦", "▪")

    def abstracto(id_: int, izquierda) -> str:
        niveles = "".join(
            f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{simbolos[n]}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{izquierda(n)}" w:hanging="283"/></w:pPr></w:lvl>'
            for n in range(3))
        return (f'<w:abstractNum w:abstractNumId="{id_}"><w:multiLevelType w:val="hybridMultilevel"/>'
                f"{niveles}</w:abstractNum>")

    return (CABECERA + f"<w:numbering {ESPACIOS}>"
            + abstracto(0, lambda n: 360 + 360 * n)
            + abstracto(1, lambda n: 850 + 425 * (n + 1))  # la sangría de la cita + la viñeta
            + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def _settings_xml() -> str:
    """Modo de compatibilidad de Word actual (15) e idioma español (México)."""
    compat = "".join(
        f'<w:compatSetting w:name="{nombre}" w:uri="http://schemas.microsoft.com/office/word" w:val="{valor}"/>'
        for nombre, valor in (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                              ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1),
                              ("differentiateMultirowTableHeaders", 1)))
    return (CABECERA + f'<w:settings {ESPACIOS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/>'
            '<w:hyphenationZone w:val="425"/><w:characterSpacingControl w:val="doNotCompress"/>'
            f'<w:compat>{compat}</w:compat><w:themeFontLang w:val="es-MX"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


# --- Encabezado, pie y cuerpo ------------------------------------------------------------

def _t(texto: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{texto}</w:t></w:r>' if texto else ""


def _p(texto: str, estilo: str = "Normal", ppr_extra: str = "") -> str:
    """Un párrafo con un solo run (las etiquetas de docxtpl no se parten)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{estilo}"/>{ppr_extra}</w:pPr>{_t(texto)}</w:p>'


def _tabla(anchos: list[int], filas: list[tuple[str, list[str]]]) -> str:
    """Una tabla sin bordes (el estilo de tabla normal no tiene), centrada, en el orden del
    esquema: tblW, jc, tblLayout, tblLook; cada fila con sus celdas (tcW y párrafos). Una
    fila con una sola celda la extiende a todo el ancho (gridSpan)."""
    xml = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{a}"/>' for a in anchos) + "</w:tblGrid>")
    for trpr, celdas in filas:
        if len(celdas) == 1 and len(anchos) > 1:
            xml += (f'<w:tr>{trpr}<w:tc><w:tcPr><w:tcW w:w="{sum(anchos)}" w:type="dxa"/>'
                    f'<w:gridSpan w:val="{len(anchos)}"/></w:tcPr>{celdas[0]}</w:tc></w:tr>')
            continue
        xml += f"<w:tr>{trpr}" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{a}" w:type="dxa"/></w:tcPr>{c}</w:tc>' for a, c in zip(anchos, celdas)) + "</w:tr>"
    return xml + "</w:tbl>"


def _header_xml() -> str:
    izquierda = (_p("{% if inst.encabezado.siglas %}{{ inst.encabezado.siglas }}{% endif %}", "EncabezadoSiglas")
                 + _p("{%p for linea in inst.encabezado.institucion %}", "Header") + _p("{{ linea }}", "Header")
                 + _p("{%p endfor %}", "Header"))
    derecha = (_p("{%p for linea in inst.encabezado.area %}", "EncabezadoArea") + _p("{{ linea }}", "EncabezadoArea")
               + _p("{%p endfor %}", "EncabezadoArea") + _p("Oficio: {{ oficio }}", "EncabezadoDatos")
               + _p("{{ 'Folio' if folios|length == 1 else 'Folios' }} {{ folios|join(', ') }}", "EncabezadoDatos")
               + '<w:p><w:pPr><w:pStyle w:val="EncabezadoDatos"/></w:pPr>' + _t("Asunto: ") + _t("{{r asunto }}")
               + "</w:p>"
               # Líneas propias del perfil con datos del caso («Sesión: …», «Áreas: …»).
               + _p("{%p for linea in encabezado_adicional %}", "EncabezadoDatos")
               + _p("{{ linea }}", "EncabezadoDatos") + _p("{%p endfor %}", "EncabezadoDatos"))
    tabla = _tabla([4536, ANCHO_UTIL - 4536], [("", [izquierda, derecha])])  # 8 cm a la izquierda
    # Un encabezado de Word termina en un párrafo; este separa el encabezado del cuerpo.
    return (CABECERA + f"<w:hdr {ESPACIOS}>{tabla}"
            + _p("", "Header", '<w:spacing w:after="120"/>') + "</w:hdr>")


def _footer_xml() -> str:
    return (CABECERA + f"<w:ftr {ESPACIOS}>"
            + _p("{%p for linea in pie %}", "Footer") + _p("{{ linea }}", "Footer") + _p("{%p endfor %}", "Footer")
            + _p("{%p if paginacion %}", "PieNumeracion")
            + '<w:p><w:pPr><w:pStyle w:val="PieNumeracion"/></w:pPr>' + _t("{{r paginacion }}") + "</w:p>"
            + _p("{%p endif %}", "PieNumeracion")
            # Un pie de Word no puede quedar sin párrafos.
            + _p("", "Footer") + "</w:ftr>")


def _firma(variable: str, sangria: str = "") -> str:
    """Nombre (negritas, mayúsculas), cargo y, si lo hay, el papel en el Comité."""
    return (_p("{{ %s.nombre_firma }}" % variable, "FirmaNombre", sangria)
            + _p("{{ %s.cargo_firma }}" % variable, "FirmaCargo", sangria)
            + _p("{%%p if %s.rol %%}" % variable, "FirmaCargo", sangria)
            + _p("{{ %s.rol }}" % variable, "FirmaCargo", sangria)
            + _p("{%p endif %}", "FirmaCargo", sangria))


def _document_xml() -> str:
    en_columna = '<w:ind w:left="113" w:right="113"/>'  # en columnas, el cargo usa todo el ancho de la celda
    mitad = ANCHO_UTIL // 2
    sin_partir = "<w:trPr><w:cantSplit/></w:trPr>"
    # Una sola tabla para todo el bloque: las parejas y, si sobra una firma, una fila a todo
    # el ancho con esa firma centrada (no a la izquierda, como si faltara su pareja).
    pares = _tabla([mitad, mitad], [
        ("", [_p("{%tr for par in pares_completos %}"), _p("")]),
        (sin_partir, [_firma("par[0]", en_columna), _firma("par[1]", en_columna)]),
        ("", [_p("{%tr endfor %}"), _p("")]),
        ("", [_p("{%tr if firmante_impar %}")]),
        (sin_partir, [_firma("firmante_impar")]),
        ("", [_p("{%tr endif %}")]),
    ])
    cuerpo = (
        _p("{{p cuerpo }}")
        # Firmas apiladas (una debajo de otra) o en dos columnas, según el perfil.
        + _p("{%p if inst.firmas == 'dos_columnas' %}")
        + _p("{%p if firmantes %}") + pares + _p("{%p endif %}")
        + _p("{%p else %}")
        + _p("{%p for f in firmantes %}") + _firma("f") + _p("{%p endfor %}")
        + _p("{%p endif %}")
    )
    seccion = ('<w:sectPr><w:headerReference w:type="default" r:id="rId10"/>'
               '<w:footerReference w:type="default" r:id="rId11"/><w:pgSz w:w="12240" w:h="15840"/>'
               '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1701" w:header="567" w:footer="567" '
               'w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>')
    return CABECERA + f"<w:document {ESPACIOS}><w:body>{cuerpo}{seccion}</w:body></w:document>"


def _font_table_xml() -> str:
    fuentes = (("Arial", "020B0604020202020204", "swiss"), ("Times New Roman", "02020603050405020304", "roman"))
    return (CABECERA + f"<w:fonts {ESPACIOS}>" + "".join(
        f'<w:font w:name="{n}"><w:panose1 w:val="{p}"/><w:charset w:val="00"/><w:family w:val="{f}"/>'
        '<w:pitch w:val="variable"/></w:font>' for n, p, f in fuentes) + "</w:fonts>")


def _theme_xml() -> str:
    """El tema mínimo que Word espera (colores, fuentes, efectos). Sus fuentes son Arial,
    pero ningún estilo las usa: la fuente del documento es la de «Normal»."""
    colores = "".join(
        f"<a:{n}><a:srgbClr val=\"{v}\"/></a:{n}>" for n, v in (
            ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F3864"), ("lt2", "E7E6E6"), ("accent1", "4472C4"),
            ("accent2", "ED7D31"), ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"),
            ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")))
    fuentes = '<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>'
    relleno = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    linea = f'<a:ln w="6350">{relleno}</a:ln>'
    return (CABECERA + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="resoluciones">'
            f'<a:themeElements><a:clrScheme name="resoluciones">{colores}</a:clrScheme>'
            f'<a:fontScheme name="resoluciones"><a:majorFont>{fuentes}</a:majorFont><a:minorFont>{fuentes}'
            '</a:minorFont></a:fontScheme><a:fmtScheme name="resoluciones">'
            f"<a:fillStyleLst>{relleno * 3}</a:fillStyleLst><a:lnStyleLst>{linea * 3}</a:lnStyleLst>"
            "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3 + "</a:effectStyleLst>"
            f"<a:bgFillStyleLst>{relleno * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
            "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>")


# --- El paquete --------------------------------------------------------------------------

def _partes() -> list[tuple[str, str | bytes]]:
    tipos = {
        "/word/document.xml": TIPO_CONTENIDO + "document.main+xml",
        "/word/styles.xml": TIPO_CONTENIDO + "styles+xml",
        "/word/numbering.xml": TIPO_CONTENIDO + "numbering+xml",
        "/word/settings.xml": TIPO_CONTENIDO + "settings+xml",
        "/word/header1.xml": TIPO_CONTENIDO + "header+xml",
        "/word/footer1.xml": TIPO_CONTENIDO + "footer+xml",
        "/word/fontTable.xml": TIPO_CONTENIDO + "fontTable+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    content_types = (
        CABECERA + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in tipos.items()) + "</Types>")
    rels = (CABECERA + f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{TIPO_REL}officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{TIPO_REL}extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>")
    documento_rels = (CABECERA + f'<Relationships xmlns="{RELS}">' + "".join(
        f'<Relationship Id="{i}" Type="{TIPO_REL}{t}" Target="{d}"/>' for i, t, d in (
            ("rId1", "styles", "styles.xml"), ("rId2", "numbering", "numbering.xml"),
            ("rId3", "settings", "settings.xml"), ("rId4", "fontTable", "fontTable.xml"),
            ("rId5", "theme", "theme/theme1.xml"), ("rId10", "header", "header1.xml"),
            ("rId11", "footer", "footer1.xml"))) + "</Relationships>")
    core = core_xml({"titulo": "Diseño base de resolución del Comité de Transparencia", "autor": "resoluciones"},
                    dt.datetime(2026, 1, 1))
    return [
        ("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("docProps/core.xml", core),
        ("docProps/app.xml", app_xml()), ("word/document.xml", _document_xml()),
        ("word/_rels/document.xml.rels", documento_rels), ("word/styles.xml", _styles_xml()),
        ("word/numbering.xml", _numbering_xml()), ("word/settings.xml", _settings_xml()),
        ("word/fontTable.xml", _font_table_xml()), ("word/theme/theme1.xml", _theme_xml()),
        ("word/header1.xml", _header_xml()), ("word/footer1.xml", _footer_xml()),
    ]


def construir(destino: Path = DESTINO) -> Path:
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as paquete:
        for nombre, datos in _partes():
            info = zipfile.ZipInfo(nombre, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            paquete.writestr(info, datos.encode("utf-8") if isinstance(datos, str) else datos)
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(memoria.getvalue())
    return destino


if __name__ == "__main__":
    ruta = construir(Path(sys.argv[1]) if len(sys.argv) > 1 else DESTINO)
    print(f"Diseño escrito en {ruta}")
