"""El paquete .zip de un .docx, escrito a mano y reproducible.

``zipfile`` comprime de nuevo cada parte en cada documento y pone la hora actual; aquí las
partes que no cambian se comprimen una vez (:class:`Entrada`), cada entrada lleva una fecha
fija y el orden es el del diseño: los mismos datos dan los mismos bytes, y un lote de
miles de documentos no repite trabajo. También el XML de las propiedades del documento
(``docProps/core.xml``) y la comprobación de que cada parte renderizada es XML válido.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct
import zlib
from dataclasses import dataclass
from xml.parsers.expat import ParserCreate


def escapar_xml(texto: str) -> str:
    """Escapa «&», «<» y «>», como ``xml.sax.saxutils.escape`` (que arrastra urllib al importarse)."""
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def comprobar_xml(datos: bytes) -> None:
    # expat con espacios de nombres rechaza lo mal formado y los prefijos sin
    # declarar, igual que lxml, sin cargar lxml en cada arranque.
    ParserCreate(namespace_separator=" ").Parse(datos, True)

# Fecha fija de cada entrada del .zip (formato DOS: 1980-01-01 00:00).
_FECHA_DOS = (0, (0 << 9) | (1 << 5) | 1)  # (hora, fecha)
# Nivel 3 de deflate, no el 6 de siempre: el cuerpo de CTA-40418 se comprime en 0.17 ms en
# lugar de 0.40 (5 % de la tubería en caliente de cada documento, y en cada validación en
# vivo) a cambio de ~0.6 KB más en un .docx de 12.5 KB (issue 19).
_NIVEL = 3


@dataclass(frozen=True)
class Entrada:
    """Una entrada del .zip ya comprimida."""

    nombre: bytes
    crc: int
    comprimido: bytes
    tamano: int


def comprimir(nombre: str, datos: bytes) -> Entrada:
    compresor = zlib.compressobj(_NIVEL, zlib.DEFLATED, -15)
    comprimido = compresor.compress(datos) + compresor.flush()
    return Entrada(nombre.encode("utf-8"), zlib.crc32(datos) & 0xFFFFFFFF, comprimido, len(datos))


def empaquetar(entradas: list[Entrada]) -> bytes:
    """Escribe un .zip (sin ZIP64) con entradas ya comprimidas, en el orden dado."""
    salida = io.BytesIO()
    central = []
    hora, fecha = _FECHA_DOS
    for e in entradas:
        desplazamiento = salida.tell()
        salida.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, 8, hora, fecha, e.crc,
                                 len(e.comprimido), e.tamano, len(e.nombre), 0))
        salida.write(e.nombre)
        salida.write(e.comprimido)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, 8, hora, fecha, e.crc,
                                   len(e.comprimido), e.tamano, len(e.nombre), 0, 0, 0, 0, 0o644 << 16,
                                   desplazamiento) + e.nombre)
    inicio = salida.tell()
    for registro in central:
        salida.write(registro)
    tamano = salida.tell() - inicio
    salida.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entradas), len(entradas), tamano, inicio, 0))
    return salida.getvalue()


def core_xml(propiedades: dict[str, str], momento: _dt.datetime) -> bytes:
    """docProps/core.xml de cada documento (título, autor, fechas fijas, comentarios)."""
    marca = momento.strftime("%Y-%m-%dT%H:%M:%SZ")
    campos = "".join(
        f"<{etiqueta}>{escapar_xml(valor)}</{etiqueta}>"
        for etiqueta, valor in (
            ("dc:title", propiedades.get("titulo", "")),
            ("dc:subject", propiedades.get("asunto", "")),
            ("dc:creator", propiedades.get("autor", "")),
            ("cp:keywords", propiedades.get("palabras_clave", "")),
            ("dc:description", propiedades.get("comentarios", "")),
            ("cp:lastModifiedBy", propiedades.get("autor", "")),
            ("dc:language", "es-MX"),
        )
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{campos}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{marca}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{marca}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return xml.encode("utf-8")
