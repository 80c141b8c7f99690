"""El documento de Word: la resolución redactada, con el diseño de la institución.

Cuarta etapa de la tubería. Toma el diseño .docx (una plantilla de docxtpl que un
autor de plantillas puede editar en Word), le aplica el formato del perfil
(fuente, tamaño de página, márgenes), escribe los párrafos del cuerpo con estilos
reales de Word y renderiza encabezado y firmas. Devuelve los bytes del .docx.

docxtpl se renderiza con el mismo entorno aislado y estricto que los bloques de
texto, y con ``autoescape``: un «&» o un «<» del expediente nunca corrompe el
archivo (falla conocida de docxtpl cuando ``autoescape`` está apagado).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from . import __version__
from .entorno import entorno_para, traducir_error
from .errores import ErrorDeUsuario, Problema, Ubicacion
from .formato import Bloque, Tramo, html_a_bloques
from .institucion import Perfil
from .redaccion import Resolucion
from .rutas import carpetas_de_plantillas

# Estilo de Word (nombre interno) para cada estilo lógico de los bloques de texto.
ESTILOS = {
    "parrafo": "Normal",
    "cita": "Quote",
    "titulo": "Heading 1",
    "subtitulo": "Heading 2",
}
ESTILOS_LISTA = {
    "lista": ("List Bullet", "List Bullet 2", "List Bullet 3"),
    "cita_lista": ("Cita con viñetas", "Cita con viñetas 2", "Cita con viñetas 3"),
}

_PAGINAS_CM = {"carta": (21.59, 27.94), "oficio": (21.59, 34.01), "a4": (21.0, 29.7)}
_NO_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Fecha fija en el paquete .docx para que la misma entrada dé los mismos bytes.
_FECHA_ZIP = (1980, 1, 1, 0, 0, 0)


class _XML(str):
    """XML ya escapado que docxtpl inserta tal cual (``{{p cuerpo }}``, ``{{r asunto }}``)."""

    def __html__(self) -> str:
        return str(self)


def _texto_xml(texto: str) -> str:
    # La validación del expediente ya rechaza estos caracteres; esto es la última red.
    return escape(_NO_XML.sub("\ufffd", texto))


def _run(tramo: Tramo) -> str:
    if tramo.salto:
        return "<w:r><w:br/></w:r>"
    propiedades = ""
    if tramo.negrita:
        propiedades += "<w:b/><w:bCs/>"
    if tramo.cursiva:
        propiedades += "<w:i/><w:iCs/>"
    if tramo.subrayado:
        propiedades += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{propiedades}</w:rPr>" if propiedades else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_texto_xml(tramo.texto)}</w:t></w:r>'


def _runs(tramos: list[Tramo]) -> str:
    return "".join(_run(t) for t in tramos if t.salto or t.texto)


class _Estilos:
    """Traduce nombres de estilo a los ids del diseño, y avisa si alguno no existe."""

    def __init__(self, documento, diseno: str):
        self.ids = {s.name: s.style_id for s in documento.styles}
        self.diseno = diseno

    def id(self, nombre: str) -> str:
        if nombre not in self.ids:
            raise ErrorDeUsuario(Problema(
                f"el diseño de Word no tiene el estilo «{nombre}» que piden los bloques de texto",
                Ubicacion(self.diseno)))
        return self.ids[nombre]

    def de_bloque(self, bloque: Bloque) -> str:
        if bloque.estilo in ESTILOS_LISTA:
            niveles = ESTILOS_LISTA[bloque.estilo]
            return self.id(niveles[min(max(bloque.nivel, 1), len(niveles)) - 1])
        return self.id(ESTILOS.get(bloque.estilo, bloque.estilo))


def _parrafos(bloques: list[Bloque], estilos: _Estilos) -> _XML:
    xml = []
    for bloque in bloques:
        xml.append(f'<w:p><w:pPr><w:pStyle w:val="{estilos.de_bloque(bloque)}"/></w:pPr>{_runs(bloque.tramos)}</w:p>')
    return _XML("".join(xml))


def _en_linea(html: Markup) -> _XML:
    """HTML de una línea (el asunto) → runs de Word."""
    bloques = html_a_bloques(f"<p>{html}</p>", origen="el asunto")
    return _XML(_runs(bloques[0].tramos) if bloques else "")


def ruta_diseno(perfil: Perfil, perfil_carpeta: Path | None, plantillas: list[Path] | None = None) -> Path:
    """El diseño de Word del perfil: en su carpeta, o en ``word/`` de una carpeta de plantillas."""
    candidatas = [perfil_carpeta / perfil.plantilla_word] if perfil_carpeta is not None else []
    candidatas += [b / "word" / perfil.plantilla_word
                   for b in (plantillas if plantillas is not None else carpetas_de_plantillas())]
    ruta = next((c for c in candidatas if c.is_file()), None)
    if ruta is None:
        raise ErrorDeUsuario(Problema(
            f"no se encontró el diseño de Word «{perfil.plantilla_word}»",
            Ubicacion(str(perfil_carpeta / "perfil.yaml") if perfil_carpeta else None, campo="plantilla_word")))
    return ruta


def _aplicar_formato(documento, perfil: Perfil) -> None:
    from docx.shared import Cm, Pt

    formato = perfil.formato
    normal = documento.styles["Normal"]
    normal.font.name = formato.fuente
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for atributo in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + atributo.split(":")[1],
                   formato.fuente)
    normal.font.size = Pt(formato.tamano)
    ancho, alto = _PAGINAS_CM[formato.pagina]
    for seccion in documento.sections:
        seccion.page_width, seccion.page_height = Cm(ancho), Cm(alto)
        seccion.top_margin = Cm(formato.margenes_cm.superior)
        seccion.bottom_margin = Cm(formato.margenes_cm.inferior)
        seccion.left_margin = Cm(formato.margenes_cm.izquierdo)
        seccion.right_margin = Cm(formato.margenes_cm.derecho)


def _propiedades(documento, resolucion: Resolucion, fecha: _dt.date, huella: str | None) -> None:
    propiedades = documento.core_properties
    momento = _dt.datetime.combine(fecha, _dt.time(12, 0))
    propiedades.created = propiedades.modified = momento
    propiedades.revision = 1
    propiedades.author = propiedades.last_modified_by = resolucion.perfil.comite_completo[:255]
    propiedades.title = f"Resolución {resolucion.oficio}"[:255]
    propiedades.subject = ", ".join(resolucion.folios)[:255]
    propiedades.language = "es-MX"
    propiedades.comments = (
        f"Generado por resoluciones {__version__}"
        + (f"; SHA-256 del expediente: {huella}" if huella else "")
    )
    propiedades.keywords = "resolución; comité de transparencia"


def _reproducible(paquete: bytes) -> bytes:
    """Reescribe el .docx con fechas fijas y orden estable: mismos datos, mismos bytes."""
    entrada = zipfile.ZipFile(io.BytesIO(paquete))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino:
        for info in entrada.infolist():
            nuevo = zipfile.ZipInfo(info.filename, date_time=_FECHA_ZIP)
            nuevo.compress_type = zipfile.ZIP_DEFLATED
            nuevo.external_attr = 0o644 << 16
            destino.writestr(nuevo, entrada.read(info.filename))
    return salida.getvalue()


def componer(resolucion: Resolucion, fecha: _dt.date, perfil_carpeta: Path | None = None,
             entrada: bytes | None = None, plantillas: list[Path] | None = None) -> bytes:
    """Escribe la resolución en el diseño de Word y devuelve los bytes del .docx."""
    from docxtpl import DocxTemplate

    diseno = ruta_diseno(resolucion.perfil, perfil_carpeta, plantillas)
    plantilla = DocxTemplate(str(diseno))
    plantilla.init_docx()
    documento = plantilla.docx
    estilos = _Estilos(documento, str(diseno))
    _aplicar_formato(documento, resolucion.perfil)
    huella = hashlib.sha256(entrada).hexdigest() if entrada is not None else None
    _propiedades(documento, resolucion, fecha, huella)
    contexto: dict[str, Any] = {
        "cuerpo": _parrafos(resolucion.cuerpo, estilos),
        "oficio": resolucion.oficio,
        "folios": resolucion.folios,
        "asunto": _en_linea(resolucion.asunto),
        "firmantes": resolucion.firmantes,
        "inst": resolucion.perfil,
    }
    entorno = entorno_para()
    try:
        plantilla.render(contexto, jinja_env=entorno, autoescape=True)
    except ErrorDeUsuario:
        raise
    except Exception as exc:  # docxtpl envuelve errores de Jinja y de XML de formas diversas
        raise _error_de_diseno(exc, diseno) from None
    memoria = io.BytesIO()
    plantilla.save(memoria)
    return _reproducible(memoria.getvalue())


def _error_de_diseno(exc: Exception, diseno: Path) -> ErrorDeUsuario:
    import jinja2
    from jinja2.sandbox import SecurityError

    if isinstance(exc, (jinja2.TemplateError, SecurityError)):
        error = traducir_error(exc, str(diseno))
        for problema in error.problemas:
            # Las líneas de docxtpl son del XML interno, no del documento: se omiten.
            problema.ubicacion = Ubicacion(str(diseno))
        return error
    return ErrorDeUsuario(Problema(
        f"el diseño de Word no se pudo procesar ({type(exc).__name__}: {exc})", Ubicacion(str(diseno))))
