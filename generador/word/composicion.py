"""El documento de Word: la resolución redactada, con el diseño de la institución.

Cuarta etapa de la tubería. Convierte los párrafos redactados en XML de Word con
estilos reales del diseño y los pasa, con el encabezado y las firmas, al motor
(``motor.py``), que renderiza el diseño .docx (sintaxis de docxtpl) con el mismo
entorno aislado y estricto que los bloques de texto, y con ``autoescape``: un «&» o
un «<» del expediente nunca corrompe el archivo (falla conocida de docxtpl cuando
``autoescape`` está apagado).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import PROHIBIDOS_EN_XML
from ..plantillas.cargador import dentro_de
from ..plantillas.formato import Bloque, Tramo, html_a_bloques
from ..plantillas.perfil import Perfil
from ..redaccion import Resolucion
from ..rutas import carpetas_de_plantillas
from .motor import diseno_compilado
from .notas import Notas
from .pagina import campos_del_caso, mobiliario
from .paquete import escapar_xml
from .tablas import tabla_xml

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



class _XML(str):
    """XML ya escapado que docxtpl inserta tal cual (``{{p cuerpo }}``, ``{{r asunto }}``)."""

    def __html__(self) -> str:
        return str(self)


def _texto_xml(texto: str) -> str:
    # La validación del expediente ya rechaza estos caracteres; esto es la última red.
    return escapar_xml(PROHIBIDOS_EN_XML.sub("\ufffd", texto))


def _run(tramo: Tramo, notas: Notas | None = None, tamano: int | None = None) -> str:
    if tramo.salto:
        return "<w:r><w:br/></w:r>"
    if tramo.nota is not None:
        # La llamada de la nota; su texto va a word/footnotes.xml (``notas.py``).
        return notas.agregar(_runs(tramo.nota, tamano=notas.tamano_de_nota)) if notas is not None else ""
    propiedades = ""
    if tramo.negrita:
        propiedades += "<w:b/><w:bCs/>"
    if tramo.cursiva:
        propiedades += "<w:i/><w:iCs/>"
    if tamano:
        propiedades += f'<w:sz w:val="{tamano}"/><w:szCs w:val="{tamano}"/>'
    if tramo.subrayado:
        propiedades += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{propiedades}</w:rPr>" if propiedades else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_texto_xml(tramo.texto)}</w:t></w:r>'


def _runs(tramos: list[Tramo], notas: Notas | None = None, tamano: int | None = None) -> str:
    return "".join(_run(t, notas, tamano) for t in tramos if t.salto or t.texto or t.nota is not None)


class _Estilos:
    """Traduce nombres de estilo a los ids del diseño, y avisa si alguno no existe."""

    def __init__(self, ids: dict[str, str], diseno: str):
        self.ids = ids
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


# Un elemento de lista que ya trae su número («I. La divulgación…», «2.», «a)») se
# escribe sin viñeta: «• I.» no es ni lista de Word ni texto numerado. Va con el estilo
# de su contexto (cita o párrafo) y su número donde iría la viñeta.
_CON_NUMERO_PROPIO = re.compile(r"^\s*(?:[IVXLC]{1,7}|\d{1,3}|[a-zA-Z])[.)]\s")
_SIN_LISTA = {"lista": ("parrafo", 360, 360), "cita_lista": ("cita", 850, 425)}  # estilo, sangría, por nivel
_POSICION_DE_LA_VINETA = 283  # la viñeta cuelga 0.5 cm antes del texto
_ESPACIO_TRAS_TABLA = '<w:spacing w:before="240"/>'


def _parrafos(bloques: list[Bloque], estilos: _Estilos, formato=None, notas: Notas | None = None) -> _XML:
    """Los párrafos del cuerpo. El que precede al cierre («ASÍ LO RESOLVIERON…», estilo
    «Cierre») se mantiene con él: el cierre y las firmas nunca quedan solos en la última
    hoja, sin texto de la resolución (Word y LibreOffice mueven juntas esas líneas)."""
    cierre = estilos.ids.get("Cierre")
    ids, sangrias = [], []
    for bloque in bloques:
        sangria = ""
        if bloque.tabla is not None:
            ids.append("")
        elif bloque.estilo in _SIN_LISTA and _CON_NUMERO_PROPIO.match(bloque.texto):
            base, inicio, paso = _SIN_LISTA[bloque.estilo]
            nivel = min(max(bloque.nivel, 1), 3)
            ids.append(estilos.id(ESTILOS[base]))
            sangria = f'<w:ind w:left="{inicio + paso * nivel - _POSICION_DE_LA_VINETA}"/>'
        else:
            ids.append(estilos.de_bloque(bloque))
        sangrias.append(sangria)
    xml = []
    for i, bloque in enumerate(bloques):
        if bloque.tabla is not None:
            xml.append(tabla_xml(bloque.tabla, formato, estilos.ids, lambda tramos: _runs(tramos, notas)))
            continue
        ppr = f'<w:pStyle w:val="{ids[i]}"/>'
        if i + 1 < len(ids) and ids[i + 1] == cierre and ids[i] != cierre:
            ppr += "<w:keepNext/>"
        if i and bloques[i - 1].tabla is not None:
            ppr += _ESPACIO_TRAS_TABLA  # una tabla de Word no deja espacio después: lo da el párrafo que sigue
        xml.append(f"<w:p><w:pPr>{ppr}{sangrias[i]}</w:pPr>{_runs(bloque.tramos, notas)}</w:p>")
    if bloques and bloques[-1].tabla is not None:
        # Una celda de Word termina en párrafo: un diseño con el cuerpo en una tabla sigue válido.
        xml.append(f'<w:p><w:pPr><w:pStyle w:val="{estilos.id("Normal")}"/></w:pPr></w:p>')
    return _XML("".join(xml))


def _en_linea(html: Markup) -> _XML:
    """HTML de una línea (el asunto) → runs de Word."""
    bloques = html_a_bloques(f"<p>{html}</p>", origen="el asunto")
    return _XML(_runs(bloques[0].tramos) if bloques else "")


def ruta_diseno(perfil: Perfil, perfil_carpeta: Path | None, plantillas: list[Path] | None = None) -> Path:
    """El diseño de Word del perfil: en su carpeta, o en ``word/`` de una carpeta de plantillas."""
    carpetas = [perfil_carpeta] if perfil_carpeta is not None else []
    carpetas += [dentro_de(b / "word", b) for b in (plantillas if plantillas is not None else carpetas_de_plantillas())
                 if (b / "word").exists()]
    # Con los enlaces resueltos, el diseño tiene que quedar dentro de su carpeta: un
    # perfil ajeno no puede hacer que se lea otro archivo («../../», enlace simbólico).
    candidatas = [(c / perfil.plantilla_word).resolve() for c in carpetas]
    ruta = next((c for c, carpeta in zip(candidatas, carpetas)
                 if c.is_relative_to(carpeta.resolve()) and c.is_file()), None)
    if ruta is None:
        fuera = any(c.is_file() and not c.is_relative_to(carpeta.resolve()) for c, carpeta in zip(candidatas, carpetas))
        raise ErrorDeUsuario(Problema(
            f"el diseño de Word «{perfil.plantilla_word}» está fuera de la carpeta del perfil y de las de plantillas "
            "(una ruta absoluta, con «..» o un enlace que sale): póngalo en la carpeta del perfil o en «word/»"
            if fuera else f"no se encontró el diseño de Word «{perfil.plantilla_word}»",
            Ubicacion(str(perfil_carpeta / "perfil.yaml") if perfil_carpeta else None, campo="plantilla_word")))
    return ruta


def _propiedades(resolucion: Resolucion, huella: str | None) -> dict[str, str]:
    return {
        "titulo": f"Resolución {resolucion.oficio}"[:255],
        "asunto": ", ".join(resolucion.folios)[:255],
        "autor": resolucion.perfil.comite_completo[:255],
        "palabras_clave": "resolución; comité de transparencia",
        "comentarios": f"Generado por resoluciones {__version__}"
                       + (f"; SHA-256 del expediente: {huella}" if huella else ""),
    }


def componer(resolucion: Resolucion, fecha: _dt.date, perfil_carpeta: Path | None = None,
             entrada: bytes | None = None, plantillas: list[Path] | None = None, expediente=None) -> bytes:
    """Escribe la resolución en el diseño de Word y devuelve los bytes del .docx.

    ``expediente`` (opcional) da al pie y al encabezado los datos del caso que no están en
    la resolución redactada: la sesión y las áreas que respondieron."""
    diseno = ruta_diseno(resolucion.perfil, perfil_carpeta, plantillas)
    compilado = diseno_compilado(diseno, resolucion.perfil.formato)
    estilos = _Estilos(compilado.estilos, str(diseno))
    perfil = resolucion.perfil
    firmantes = resolucion.firmantes
    campos = campos_del_caso(resolucion.oficio, resolucion.folios, fecha, perfil.comite_completo, perfil.siglas,
                             expediente)
    notas = Notas(compilado.primera_nota, compilado.estilos, perfil.formato.tamano)
    contexto: dict[str, Any] = {
        "cuerpo": _parrafos(resolucion.cuerpo, estilos, perfil.formato, notas),
        "oficio": resolucion.oficio,
        "folios": resolucion.folios,
        "asunto": _en_linea(resolucion.asunto),
        "firmantes": resolucion.firmantes,
        "firmantes_pares": [firmantes[i:i + 2] for i in range(0, len(firmantes), 2)],
        # En dos columnas: las parejas completas y, si sobra una, la firma que va centrada.
        "pares_completos": [firmantes[i:i + 2] for i in range(0, len(firmantes) - 1, 2)],
        "firmante_impar": firmantes[-1] if len(firmantes) % 2 else None,
        "inst": perfil,
        **mobiliario(perfil.formato, campos),
    }
    contexto["paginacion"] = _XML(contexto["paginacion"])
    huella = hashlib.sha256(entrada).hexdigest() if entrada is not None else None
    # Mediodía de la fecha de la resolución: la misma fecha en cualquier huso horario.
    momento = _dt.datetime.combine(fecha, _dt.time(12, 0))
    return compilado.renderizar(contexto, _propiedades(resolucion, huella), momento, notas.notas)
