"""Motor de documentos Word: el diseño se prepara una vez y cada documento es un render.

docxtpl, usado como se acostumbra (``DocxTemplate(ruta)``, ``render``, ``save``), vuelve
a leer el .docx, a preprocesar sus etiquetas y a compilar el Jinja en cada documento,
y comprime de nuevo partes que nunca cambian (estilos, tema, fuentes). Aquí:

1. el diseño se abre una vez con python-docx, se le aplica el formato del perfil
   (fuente, página, márgenes) y se guarda en memoria;
2. las partes con etiquetas (documento, encabezados, pies) pasan una vez por el
   preprocesado de docxtpl (``patch_xml``: etiquetas partidas por Word, ``{%p``,
   ``{%tr``, ``{%tc``, ``{%r``) y se compilan con el Jinja aislado: la sintaxis para los
   autores de plantillas es la de docxtpl;
3. las partes que no cambian se comprimen una vez y se copian como bytes;
4. cada documento: renderizar las partes con etiquetas, escribir sus propiedades y
   armar el .zip con fechas fijas (los mismos datos dan los mismos bytes).

Un documento suelto (``generar``) y un lote (``lote``) usan este mismo motor, así que su
salida es idéntica byte a byte.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

import jinja2

from .contexto import a_datos
from .entorno import ERRORES_DE_PLANTILLA, compilar_texto, entorno_para, mensaje_de_jinja, traducir_error
from .errores import ErrorDeUsuario, Problema, Ubicacion
from .institucion import Formato
from .sandbox import generar


def escapar_xml(texto: str) -> str:
    """Escapa «&», «<» y «>», como ``xml.sax.saxutils.escape`` (que arrastra urllib al importarse)."""
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _comprobar_xml(datos: bytes) -> None:
    # expat con espacios de nombres rechaza lo mal formado y los prefijos sin
    # declarar, igual que lxml, sin cargar lxml en cada arranque.
    ParserCreate(namespace_separator=" ").Parse(datos, True)

# Fecha fija de cada entrada del .zip (formato DOS: 1980-01-01 00:00).
_FECHA_DOS = (0, (0 << 9) | (1 << 5) | 1)  # (hora, fecha)
_NIVEL = 6
_CON_ETIQUETAS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_PAGINAS_CM = {"carta": (21.59, 27.94), "oficio": (21.59, 34.01), "a4": (21.0, 29.7)}


@dataclass(frozen=True)
class _Entrada:
    """Una entrada del .zip ya comprimida."""

    nombre: bytes
    crc: int
    comprimido: bytes
    tamano: int


def _comprimir(nombre: str, datos: bytes) -> _Entrada:
    compresor = zlib.compressobj(_NIVEL, zlib.DEFLATED, -15)
    comprimido = compresor.compress(datos) + compresor.flush()
    return _Entrada(nombre.encode("utf-8"), zlib.crc32(datos) & 0xFFFFFFFF, comprimido, len(datos))


def _zip(entradas: list[_Entrada]) -> bytes:
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


def _aplicar_formato(documento, formato: Formato) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = documento.styles["Normal"]
    normal.font.name = formato.fuente
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for atributo in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(atributo), formato.fuente)
    normal.font.size = Pt(formato.tamano)
    if formato.logo:
        _poner_logo(documento, Path(formato.logo), Cm(formato.logo_ancho_cm))
    ancho, alto = _PAGINAS_CM[formato.pagina]
    for seccion in documento.sections:
        seccion.page_width, seccion.page_height = Cm(ancho), Cm(alto)
        seccion.top_margin = Cm(formato.margenes_cm.superior)
        seccion.bottom_margin = Cm(formato.margenes_cm.inferior)
        seccion.left_margin = Cm(formato.margenes_cm.izquierdo)
        seccion.right_margin = Cm(formato.margenes_cm.derecho)


def _poner_logo(documento, imagen: Path, ancho) -> None:
    """El logotipo, en su propio párrafo, arriba de la primera celda del encabezado."""
    encabezado = documento.sections[0].header
    destino = encabezado.tables[0].rows[0].cells[0] if encabezado.tables else encabezado
    primero = destino.paragraphs[0]
    parrafo = primero.insert_paragraph_before(style=primero.style)
    try:
        parrafo.add_run().add_picture(str(imagen), width=ancho)
    except Exception as exc:  # python-docx no distingue sus errores de imagen
        raise ErrorDeUsuario(Problema(f"no se pudo usar la imagen del logotipo ({exc})", Ubicacion(str(imagen)))) from None


def _core_xml(propiedades: dict[str, str], momento: _dt.datetime) -> bytes:
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


def _delimitadores_literales(xml: str) -> str:
    """Los delimitadores escapados de docxtpl (``{_{`` se imprime ``{{``…) se convierten
    en expresiones de Jinja que los imprimen, en la plantilla y no en el resultado: así
    un «{_%» escrito en el expediente llega intacto al documento (docxtpl lo altera)."""
    for escapado, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        xml = xml.replace(escapado, "{{ '" + literal + "' }}")
    return xml


def _preparar(ruta: Path, formato: Formato) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    """Lee el diseño, le aplica el formato y separa sus partes: (ids de estilos, partes).

    Cada parte es ``(nombre, _Entrada)`` si no cambia, ``(nombre, str)`` con el XML ya
    preprocesado por docxtpl si lleva etiquetas, o ``(nombre, None)`` para las
    propiedades del documento, que se escriben en cada uno.
    """
    from docx import Document
    from docxtpl import DocxTemplate

    try:
        documento = Document(str(ruta))
    except Exception as exc:  # python-docx no distingue sus errores de lectura
        raise ErrorDeUsuario(Problema(f"el diseño de Word no se pudo abrir ({exc})", Ubicacion(str(ruta)))) from None
    _aplicar_formato(documento, formato)
    estilos = {s.name: s.style_id for s in documento.styles}
    memoria = io.BytesIO()
    documento.save(memoria)
    partes: list[tuple[str, Any]] = []
    with zipfile.ZipFile(memoria) as paquete:
        for nombre in paquete.namelist():
            datos = paquete.read(nombre)
            if nombre == "docProps/core.xml":
                partes.append((nombre, None))
            elif _CON_ETIQUETAS.match(nombre) and (b"{{" in datos or b"{%" in datos):
                partes.append((nombre, _delimitadores_literales(DocxTemplate.patch_xml(None, datos.decode("utf-8")))))
            else:
                partes.append((nombre, _comprimir(nombre, datos)))
    return estilos, partes


def _preparar_con_cache(ruta: Path, formato: Formato) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    """Como ``_preparar``, guardado en la caché del usuario: en frío se ahorra importar
    python-docx y reprocesar el diseño. La clave cambia si cambia el archivo o el formato."""
    import hashlib
    import pickle

    from . import __version__
    from .cache import carpeta_de_cache, guardar_en_cache, huella_del_codigo

    cache = carpeta_de_cache()
    if cache is None:
        return _preparar(ruta, formato)
    estado = ruta.stat()
    clave = hashlib.sha256(
        f"{__version__}|{huella_del_codigo()}|{ruta.resolve()}|{estado.st_size}|{estado.st_mtime_ns}|"
        f"{formato.model_dump_json()}|{_huella_de_archivo(formato.logo)}".encode()
    ).hexdigest()
    archivo = cache / f"diseno-{clave}.pickle"
    try:
        return pickle.loads(archivo.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        preparado = _preparar(ruta, formato)
        guardar_en_cache(cache, archivo.name, pickle.dumps(preparado, protocol=pickle.HIGHEST_PROTOCOL),
                          patron="diseno-*.pickle", conservar=16)
        return preparado


def _huella_de_archivo(ruta: str | None) -> str:
    if not ruta:
        return ""
    estado = Path(ruta).stat()
    return f"{estado.st_size}:{estado.st_mtime_ns}"


class DisenoCompilado:
    """Un diseño de Word preparado para renderizar muchos documentos."""

    def __init__(self, ruta: Path, formato: Formato):
        self.ruta = ruta
        self.estilos, preparadas = _preparar_con_cache(ruta, formato)
        entorno = entorno_para()
        self._partes: list[tuple[str, _Entrada | jinja2.Template | None]] = []
        for nombre, parte in preparadas:
            if isinstance(parte, str):
                try:
                    parte = compilar_texto(entorno, parte, f"{ruta} ({nombre})")
                except jinja2.TemplateSyntaxError as exc:
                    raise ErrorDeUsuario(Problema(
                        f"error de sintaxis en una etiqueta del diseño ({nombre}): {mensaje_de_jinja(exc.message)}",
                        Ubicacion(str(ruta)))) from None
            self._partes.append((nombre, parte))

    def renderizar(self, contexto: dict[str, Any], propiedades: dict[str, str], momento: _dt.datetime) -> bytes:
        """El .docx de un documento. El diseño ve solo datos (``a_datos``), dentro de los
        límites del entorno aislado: lo escribe un autor de plantillas, no el programa."""
        contexto = {nombre: a_datos(valor) for nombre, valor in contexto.items()}
        entradas = []
        for nombre, parte in self._partes:
            if parte is None:
                entradas.append(_comprimir(nombre, _core_xml(propiedades, momento)))
            elif isinstance(parte, _Entrada):
                entradas.append(parte)
            else:
                try:
                    xml = generar(parte, contexto)
                except ERRORES_DE_PLANTILLA as exc:
                    error = traducir_error(exc, str(self.ruta))
                    for problema in error.problemas:
                        # Las líneas serían del XML interno del .docx: se nombra solo el archivo.
                        problema.ubicacion = Ubicacion(str(self.ruta))
                    raise error from None
                datos = xml.encode("utf-8")
                try:
                    _comprobar_xml(datos)
                except ExpatError as exc:
                    raise ErrorDeUsuario(Problema(
                        f"el diseño de Word produjo XML no válido en {nombre} ({exc}); revise sus etiquetas",
                        Ubicacion(str(self.ruta)))) from None
                entradas.append(_comprimir(nombre, datos))
        return _zip(entradas)


@lru_cache(maxsize=32)
def _compilado(ruta: Path, modificado: float, formato: Formato) -> DisenoCompilado:
    return DisenoCompilado(ruta, formato)


def diseno_compilado(ruta: Path, formato: Formato) -> DisenoCompilado:
    """El diseño preparado, reutilizado mientras el archivo no cambie."""
    return _compilado(ruta, ruta.stat().st_mtime, formato)
