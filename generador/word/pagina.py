"""El mobiliario de la página: número de página, pie y líneas del encabezado del perfil.

Los comités imprimen en cada hoja más que el cuerpo: «Página 1 de 7», el oficio y los
folios, la sesión, las áreas que respondieron. El perfil elige qué (``formato.paginacion``,
``formato.pie``, ``formato.encabezado_adicional``) con patrones de campos con nombre
(``plantillas/patron.py``: nunca ``str.format`` sobre lo que escribe un autor), y aquí se
llenan con los datos del caso. El número de página son campos de Word (PAGE y NUMPAGES):
Word y LibreOffice los calculan al paginar, y siguen bien si quien redacta edita el texto.
"""

from __future__ import annotations

import datetime as _dt
import string

from ..letras import fecha_con_cifras, ordinal
from ..plantillas.patron import formatear_patron
from ..plantillas.perfil import Formato
from .paquete import escapar_xml

_MARCAS = {"pagina": "\x00PAGE\x00", "paginas": "\x00NUMPAGES\x00"}


def _campo(instruccion: str) -> str:
    # El «1» es lo que se ve hasta que el programa que abre el documento calcula el campo.
    return (f'<w:fldSimple w:instr=" {instruccion} \\* MERGEFORMAT "><w:r><w:rPr><w:noProof/></w:rPr>'
            '<w:t>1</w:t></w:r></w:fldSimple>')


def paginacion_xml(patron: str | None) -> str:
    """«Página {pagina} de {paginas}» → runs y campos de Word (vacío sin patrón)."""
    if not patron:
        return ""
    texto = formatear_patron(patron, _MARCAS)
    xml = []
    for i, trozo in enumerate(texto.split("\x00")):
        if i % 2:
            xml.append(_campo(trozo))
        elif trozo:
            xml.append(f'<w:r><w:t xml:space="preserve">{escapar_xml(trozo)}</w:t></w:r>')
    return "".join(xml)


def _sesion(sesion) -> str:
    if sesion is None or sesion.numero is None:
        return ""
    numero = ordinal(sesion.numero, titulo=True, genero="f") if sesion.numero <= 99 else str(sesion.numero)
    return f"{numero} Sesión" + (f" {sesion.tipo.capitalize()}" if sesion.tipo else "")


def campos_del_caso(oficio: str, folios: list[str], fecha: _dt.date, comite: str, siglas: str,
                    expediente=None) -> dict[str, str]:
    """Los datos del caso que pueden usar las líneas del pie y del encabezado."""
    areas: list[str] = []
    for respuesta in getattr(expediente, "respuestas", None) or []:
        if respuesta.unidad not in areas:
            areas.append(respuesta.unidad)
    return {
        "oficio": oficio,
        "folios": ", ".join(folios),
        "fecha": fecha_con_cifras(fecha),
        "sesion": _sesion(getattr(expediente, "sesion", None)),
        "areas": "; ".join(areas),
        "comite": comite,
        "siglas": siglas,
        "iniciales": getattr(expediente, "elaboro", None) or "",
    }


def lineas(patrones: list[str], campos: dict[str, str]) -> list[str]:
    """Cada línea del perfil con los datos del caso. Una línea que usa un dato que este
    caso no tiene (sin sesión, sin áreas) no se escribe: «Sesión: » a medias no sirve."""
    salida = []
    for patron in patrones:
        usados = {campo for _, campo, _, _ in string.Formatter().parse(patron) if campo}
        if any(not campos.get(campo) for campo in usados):
            continue
        linea = formatear_patron(patron, campos).strip()
        if linea:
            salida.append(linea)
    return salida


def mobiliario(formato: Formato, campos: dict[str, str]) -> dict[str, object]:
    """Lo que reciben el encabezado y el pie del diseño de Word."""
    return {
        "paginacion": paginacion_xml(formato.paginacion),
        "pie": lineas(formato.pie, campos),
        "encabezado_adicional": lineas(formato.encabezado_adicional, campos),
    }
