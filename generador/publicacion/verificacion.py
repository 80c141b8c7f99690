"""La verificación independiente: releer la salida y fallar cerrado.

No usa nada de lo que testó: relee el archivo escrito con otra extracción. En un .docx, cada
entrada del paquete (XML o no) con ``xml.etree`` de la biblioteca estándar: el texto de cada
párrafo (la suma de sus ``w:t``, para encontrar lo repartido en varios runs), todo el texto de
la parte junto y cada atributo; las partes que no son XML, como bytes. En un PDF, cada objeto
y cada flujo descomprimido, los metadatos (Info y XMP), el texto que extrae PyMuPDF y, si está
instalado, el que extrae ``pdftotext`` (Poppler), además de anotaciones, campos de formulario,
archivos adjuntos y marcadores. Si algo marcado sigue ahí, la salida se borra y se dice dónde.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pymupdf

from ..errores import ErrorDeUsuario, Problema

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
INVISIBLES = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def normalizar(texto: str) -> str:
    texto = unicodedata.normalize("NFC", texto).translate(INVISIBLES)
    return " ".join(texto.casefold().split())


def _expresion(texto: str) -> re.Pattern:
    t = normalizar(texto)
    antes = r"(?<!\w)" if re.match(r"\w", t) else ""
    despues = r"(?!\w)" if re.search(r"\w$", t) else ""
    return re.compile(antes + re.escape(t) + despues)


class Buscador:
    """Busca lo testado (textos exactos) y los patrones de las marcas en textos sueltos."""

    def __init__(self, testados: list[str], patrones: list[re.Pattern], propios: list[str]):
        self.testados = [(t, _expresion(t)) for t in testados if t.strip()]
        self.patrones = patrones
        self.propios = [re.compile(r"\s*".join(re.escape(x) for x in p.split()), re.IGNORECASE)
                        for p in sorted({" ".join(p.split()) for p in propios if p.strip()}, key=len, reverse=True)]
        self.hallazgos: list[str] = []

    def revisar(self, texto: str, donde: str, patrones: bool = True) -> None:
        """``patrones=False`` en bytes y objetos crudos: ahí un patrón encontraría cifras al azar."""
        if not texto:
            return
        normal = normalizar(texto)
        for original, expresion in self.testados:
            if expresion.search(normal):
                self.hallazgos.append(f"«{original}» sigue en {donde}")
        if self.patrones and patrones:
            limpio = " ".join(unicodedata.normalize("NFC", texto).translate(INVISIBLES).split())
            for propio in self.propios:  # los recuadros y la leyenda de la herramienta no cuentan
                limpio = propio.sub(" ", limpio)
            for patron in self.patrones:
                m = patron.search(limpio)
                if m:
                    self.hallazgos.append(f"el patrón «{patron.pattern}» aún encuentra «{m.group(0)}» en {donde}")

    def fallar(self, salida: Path | None) -> None:
        if not self.hallazgos:
            return
        if salida is not None:
            salida.unlink(missing_ok=True)
        vistos = list(dict.fromkeys(self.hallazgos))
        raise ErrorDeUsuario([Problema(h) for h in vistos[:30]], titulo=(
            "La verificación encontró texto marcado en la salida; se borró y no hay versión pública"
            f"{' (se muestran 30)' if len(vistos) > 30 else ''}:"))


def _decodificar(datos: bytes) -> str:
    for codificacion in ("utf-8", "utf-16"):
        try:
            return datos.decode(codificacion)
        except UnicodeDecodeError:
            continue
    return datos.decode("latin-1")


def verificar_docx(datos: bytes, buscador: Buscador) -> None:
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        for info in paquete.infolist():
            contenido = paquete.read(info)
            nombre = info.filename
            buscador.revisar(nombre, f"el nombre de la parte {nombre}")
            try:
                raiz = ET.fromstring(contenido)
            except ET.ParseError:
                for codificacion in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                    buscador.revisar(contenido.decode(codificacion, errors="ignore"), f"{nombre} (binario)", False)
                continue
            for i, parrafo in enumerate(raiz.iter(f"{W}p"), 1):
                piezas = [t.text or "" for t in parrafo.iter(f"{W}t")]
                buscador.revisar("".join(piezas), f"{nombre}, párrafo {i}")
            buscador.revisar("".join(raiz.itertext()), f"{nombre} (todo su texto)")
            for elemento in raiz.iter():
                for clave, valor in elemento.attrib.items():
                    buscador.revisar(valor, f"{nombre}, atributo {clave.split('}')[-1]} de <{elemento.tag.split('}')[-1]}>")
            buscador.revisar(_decodificar(contenido), f"{nombre} (XML)", False)


def _pdftotext(datos: bytes) -> str | None:
    programa = shutil.which("pdftotext")
    if programa is None:
        return None
    with tempfile.TemporaryDirectory(prefix="resoluciones-vp-") as carpeta:
        ruta = Path(carpeta) / "v.pdf"
        ruta.write_bytes(datos)
        try:
            hecho = subprocess.run([programa, "-q", "-enc", "UTF-8", str(ruta), "-"], capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return hecho.stdout.decode("utf-8", errors="replace") if hecho.returncode == 0 else None


def verificar_pdf(datos: bytes, buscador: Buscador) -> None:
    doc = pymupdf.open(stream=datos, filetype="pdf")
    try:
        for clave, valor in (doc.metadata or {}).items():
            if valor and clave not in ("format", "encryption"):
                buscador.revisar(str(valor), f"los metadatos del PDF ({clave})")
        buscador.revisar(doc.get_xml_metadata() or "", "los metadatos XMP del PDF")
        if doc.embfile_count():
            buscador.hallazgos.append(f"el PDF todavía tiene {doc.embfile_count()} archivos adjuntos")
        for titulo in doc.get_toc(simple=True):
            buscador.revisar(str(titulo[1]), "los marcadores del PDF")
        for numero, pagina in enumerate(doc, 1):
            buscador.revisar(pagina.get_text("text", flags=0), f"el texto de la página {numero}")
            if list(pagina.annots()):
                buscador.hallazgos.append(f"la página {numero} todavía tiene anotaciones")
            if list(pagina.widgets()):
                buscador.hallazgos.append(f"la página {numero} todavía tiene campos de formulario")
        for xref in range(1, doc.xref_length()):
            try:
                objeto = doc.xref_object(xref, compressed=False)
            except Exception:  # un objeto libre o dañado: no hay nada que leer
                continue
            buscador.revisar(objeto, f"el objeto {xref} del PDF", False)
            if doc.xref_is_stream(xref):
                try:
                    flujo = doc.xref_stream(xref) or b""
                except Exception:
                    flujo = doc.xref_stream_raw(xref) or b""
                for codificacion in ("latin-1", "utf-16-be"):
                    buscador.revisar(flujo.decode(codificacion, errors="ignore"), f"el flujo {xref} del PDF", False)
    finally:
        doc.close()
    for codificacion in ("latin-1",):
        buscador.revisar(datos.decode(codificacion), "los bytes del PDF", False)
    texto = _pdftotext(datos)
    if texto is not None:
        buscador.revisar(texto, "el texto que extrae pdftotext")
