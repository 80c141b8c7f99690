"""Las tablas de los bloques de texto como tablas reales de Word (``w:tbl``).

Una tabla de una resolución (el rubro de dos columnas, la relación de datos testados con sus
fojas) tiene que ser una tabla de Word, no texto con tabuladores: quien redacta la edita
como tabla y las filas de encabezado se repiten en cada hoja. Va con los estilos del diseño:
sus celdas usan «Texto de tabla» si el diseño lo trae o, si no, «Normal» sin sangría ni
espacio después (el de los párrafos del cuerpo descuadraría cada fila). Los anchos salen del
ancho útil de la página del perfil; el XML sigue el orden del esquema (ECMA-376, parte 1,
17.4), que el validador de Word comprueba.
"""

from __future__ import annotations

from ..plantillas.perfil import Formato
from ..plantillas.tablas import ALINEACIONES, Tabla
from .diseno import PAGINAS_CM

_TWIPS_POR_CM = 1440 / 2.54
_BORDE = '<w:{lado} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
_LADOS = ("top", "left", "bottom", "right", "insideH", "insideV")
ESTILO_DE_CELDA = "Texto de tabla"


def ancho_util(formato: Formato) -> int:
    """El ancho de la página menos los márgenes del perfil, en vigésimos de punto."""
    ancho, _ = PAGINAS_CM[formato.pagina]
    return int((ancho - formato.margenes_cm.izquierdo - formato.margenes_cm.derecho) * _TWIPS_POR_CM)


def tabla_xml(tabla: Tabla, formato: Formato, estilos: dict[str, str], runs) -> str:
    """``runs(tramos)`` escribe el texto de cada celda (con sus notas al pie)."""
    total = ancho_util(formato) * tabla.ancho // 100
    anchos = [int(total * p) for p in tabla.proporciones()]
    propiedades = f'<w:tblW w:w="{tabla.ancho * 50}" w:type="pct"/><w:jc w:val="{ALINEACIONES[tabla.alineacion]}"/>'
    if tabla.bordes:
        propiedades += "<w:tblBorders>" + "".join(_BORDE.format(lado=lado) for lado in _LADOS) + "</w:tblBorders>"
    propiedades += '<w:tblLayout w:type="fixed"/>'
    if ESTILO_DE_CELDA in estilos:
        ppr = f'<w:pPr><w:pStyle w:val="{estilos[ESTILO_DE_CELDA]}"/></w:pPr>'
    else:
        ppr = (f'<w:pPr><w:pStyle w:val="{estilos.get("Normal", "Normal")}"/><w:spacing w:before="40" w:after="40"/>'
               '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>')
    filas = []
    for fila in tabla.filas:
        # Una fila no se parte entre dos hojas; las de encabezado se repiten arriba de cada una.
        trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if fila.encabezado else "") + "</w:trPr>"
        celdas = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{ancho}" w:type="dxa"/></w:tcPr><w:p>{ppr}{runs(celda.tramos)}</w:p></w:tc>'
            for celda, ancho in zip(fila.celdas, anchos))
        filas.append(f"<w:tr>{trpr}{celdas}</w:tr>")
    rejilla = "".join(f'<w:gridCol w:w="{ancho}"/>' for ancho in anchos)
    return f"<w:tbl><w:tblPr>{propiedades}</w:tblPr><w:tblGrid>{rejilla}</w:tblGrid>{''.join(filas)}</w:tbl>"
