"""La versión pública que no deja rastro (issue 15): .docx, PDF de LibreOffice y de PyMuPDF."""

from __future__ import annotations

import html
import io
import shutil
import zipfile

import docx
import pymupdf
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml

from .conftest import RAIZ

CONFIDENCIAL = str(RAIZ / "samples" / "confidencial-2026.yaml")
NOMBRE, RFC, DOMICILIO, CUENTA = "Juan Pérez López", "PELJ800101AB1", "Calle Reforma 123, Col. Centro", "012180001234567891"
DATOS = (NOMBRE, RFC, DOMICILIO, CUENTA)
MARCAS = f"""\
marcas:
  - texto: {NOMBRE}
    tipo: datos.identificativos
  - patron: '[A-Z&Ñ]{{4}}\\d{{6}}[A-Z0-9]{{3}}'
    tipo: RFC
    fundamentos: [lgtaip2025.115]
  - texto: {DOMICILIO}
    tipo: Domicilio
  - texto: "{CUENTA}"
    tipo: Número de cuenta bancaria
"""
sin_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="sin LibreOffice")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _documento(tmp_path, *, comentario=True, cambios=True):
    d = docx.Document()
    d.core_properties.author = NOMBRE
    d.core_properties.title = f"Contrato de {NOMBRE}"
    d.core_properties.comments = f"RFC {RFC}, cuenta {CUENTA}"
    d.core_properties.keywords = DOMICILIO
    d.sections[0].header.paragraphs[0].text = f"Expediente de {NOMBRE}, RFC {RFC}"
    d.sections[0].footer.paragraphs[0].text = f"Domicilio: {DOMICILIO}. Cuenta {CUENTA}"
    p = d.add_paragraph("El proveedor ")
    p.add_run("Juan Pé")
    p.add_run("rez").bold = True  # el nombre repartido en tres runs, con formato distinto
    p.add_run(f" López, con RFC {RFC[:6]}")
    p.add_run(f"{RFC[6:]}, domicilio en {DOMICILIO}, y cuenta {CUENTA}.")
    if comentario:
        d.add_comment(p.runs[0], text=f"Revisar la cuenta {CUENTA} de {NOMBRE}", author=NOMBRE)
    tabla = d.add_table(rows=3, cols=2)
    for fila, (campo, valor) in zip(tabla.rows, (("Nombre", NOMBRE), ("Domicilio", DOMICILIO), ("CLABE", CUENTA))):
        fila.cells[0].text, fila.cells[1].text = campo, valor
    d.add_paragraph("Texto público que no cambia: la Dirección de Finanzas pagó 14 facturas.")
    if cambios:  # un cambio controlado que elimina el nombre y texto oculto con el RFC
        d.add_paragraph()._p.append(parse_xml(
            f'<w:del xmlns:w="{W}" w:id="90" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r>'
            f'<w:delText>Antes decía {NOMBRE}</w:delText></w:r></w:del>'))
        oculto = d.add_paragraph("Visible. ").add_run(f"Oculto {RFC}")
        oculto.font.hidden = True
    ruta = tmp_path / "contrato.docx"
    d.save(ruta)
    (tmp_path / "marcas.yaml").write_text(MARCAS, encoding="utf-8")
    return ruta


def _partes(datos: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        return {n: html.unescape(z.read(n).decode("utf-8", "ignore")) for n in z.namelist()}


def _no_queda_en_pdf(datos: bytes) -> None:
    doc = pymupdf.open(stream=datos, filetype="pdf")
    texto = " ".join(p.get_text() for p in doc)
    metadatos = str(doc.metadata) + (doc.get_xml_metadata() or "")
    flujos = []
    for x in range(1, doc.xref_length()):
        flujos.append(doc.xref_object(x))
        if doc.xref_is_stream(x):
            flujos.append((doc.xref_stream(x) or b"").decode("latin-1"))
    for dato in DATOS:
        assert dato not in " ".join(texto.split())
        assert dato not in metadatos
        for flujo in flujos:
            assert dato not in flujo and dato.encode("utf-16-be").decode("latin-1") not in flujo
    assert doc.embfile_count() == 0
    assert all(not list(p.annots()) and not list(p.widgets()) for p in doc)


def test_docx_nada_queda_en_ninguna_parte_y_lo_demas_se_conserva(cli, tmp_path):
    entrada = _documento(tmp_path)
    codigo, salida, errores = cli("version-publica", str(entrada), "-o", str(tmp_path / "vp.docx"),
                                  "--marcas", str(tmp_path / "marcas.yaml"), "--caso", CONFIDENCIAL)
    assert codigo == 0, errores
    # El nombre dice que es una versión pública de un documento con información confidencial
    # («en la primera hoja y en el nombre del archivo», Quincuagésimo segundo).
    destino = tmp_path / "vp-version-publica-confidencial.docx"
    assert destino.exists() and not (tmp_path / "vp.docx").exists()
    datos = destino.read_bytes()
    for parte, contenido in _partes(datos).items():
        for dato in DATOS + ("Juan Pé", "PELJ80"):
            assert dato not in contenido, f"{dato} sigue en {parte}"
    assert not any(n.startswith(("word/comments", "customXml/")) for n in _partes(datos))
    d = docx.Document(io.BytesIO(datos))
    assert d.paragraphs[0].text == "VERSIÓN PÚBLICA"
    primera = " ".join(p.text for p in d.paragraphs[:8])
    assert "3 de diciembre de 2026" in primera and "1 de diciembre de 2026" in primera  # Quincuagésimo segundo
    assert "información confidencial" in primera
    cuerpo = [p.text for p in d.paragraphs]
    assert ("El proveedor [TESTADO: Datos identificativos], con RFC [TESTADO: RFC (artículo 115 de la Ley General "
            "de Transparencia y Acceso a la Información Pública)], domicilio en [TESTADO: Domicilio], y cuenta "
            "[TESTADO: Número de cuenta bancaria].") in cuerpo
    assert "Texto público que no cambia: la Dirección de Finanzas pagó 14 facturas." in cuerpo
    assert [c.text for c in d.tables[0].rows[2].cells] == ["CLABE", "[TESTADO: Número de cuenta bancaria]"]
    assert d.sections[0].header.paragraphs[0].text == (
        "Expediente de [TESTADO: Datos identificativos], RFC [TESTADO: RFC (artículo 115 de la Ley General de "
        "Transparencia y Acceso a la Información Pública)]")
    assert "[TESTADO: Domicilio]" in d.sections[0].footer.paragraphs[0].text
    assert d.core_properties.author in ("", None) and d.core_properties.comments in ("", None)
    negrita = [r for p in d.paragraphs for r in p.runs if r.text == "El proveedor "]
    assert negrita and not negrita[0].bold  # el formato de lo no testado se conserva


@sin_soffice
def test_docx_y_su_pdf_de_libreoffice(cli, tmp_path):
    from generador.pdf import docx_a_pdf

    entrada = _documento(tmp_path)
    pdf = tmp_path / "contrato.pdf"
    pdf.write_bytes(docx_a_pdf(entrada.read_bytes(), "contrato"))
    assert NOMBRE in " ".join(pymupdf.open(pdf)[0].get_text().split())
    marcas = str(tmp_path / "marcas.yaml")
    assert cli("version-publica", str(pdf), "-o", str(tmp_path / "pub-version-publica-confidencial.pdf"), "--marcas",
               marcas, "--caso", CONFIDENCIAL)[0] == 0
    assert cli("version-publica", str(entrada), "-o", str(tmp_path / "word-version-publica-confidencial.pdf"),
               "--marcas", marcas, "--caso", CONFIDENCIAL)[0] == 0
    for nombre in ("pub-version-publica-confidencial.pdf", "word-version-publica-confidencial.pdf"):
        datos = (tmp_path / nombre).read_bytes()
        _no_queda_en_pdf(datos)
        doc = pymupdf.open(stream=datos, filetype="pdf")
        assert "VERSIÓN PÚBLICA" in doc[0].get_text()
        todo = " ".join(" ".join(p.get_text() for p in doc).split())
        assert "Texto público que no cambia" in todo
        assert "Domicilio" in todo and "Datos identificativos" in todo


def test_pdf_con_el_texto_en_varios_flujos_de_contenido(cli, tmp_path):
    doc = pymupdf.open()
    pagina = doc.new_page()
    pagina.insert_text((72, 72), "Nombre del proveedor:", fontsize=11)
    pagina.insert_text((200, 72), NOMBRE, fontsize=11)
    pagina.insert_text((72, 100), f"Cuenta {CUENTA} y RFC {RFC}", fontsize=11)
    pagina.add_text_annot((300, 300), f"nota de {NOMBRE}")
    doc.set_metadata({"author": NOMBRE, "title": DOMICILIO})
    doc.embfile_add("anexo.txt", f"{NOMBRE} {CUENTA}".encode())
    assert len(pagina.get_contents()) > 1
    entrada = tmp_path / "varios.pdf"
    doc.save(entrada)
    (tmp_path / "m.yaml").write_text(MARCAS.replace(f"  - texto: {DOMICILIO}\n    tipo: Domicilio\n", ""), encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(entrada), "--marcas", str(tmp_path / "m.yaml"))
    assert codigo == 0, errores
    datos = (tmp_path / "varios-version-publica.pdf").read_bytes()
    _no_queda_en_pdf(datos)
    salida = pymupdf.open(stream=datos, filetype="pdf")
    assert "Nombre del proveedor:" in salida[1].get_text()


def test_marcas_repetidas_traslapadas_y_resaltado(cli, tmp_path):
    d = docx.Document()
    d.add_paragraph(f"{NOMBRE} firmó; después {NOMBRE.upper()} volvió a firmar.")
    p = d.add_paragraph("Teléfono: ")
    p.add_run("55 1234 5678").font.highlight_color = WD_COLOR_INDEX.YELLOW
    p.add_run(" (particular)")
    d.save(tmp_path / "a.docx")
    (tmp_path / "m.yaml").write_text(
        "marcas:\n  - texto: Juan Pérez\n    tipo: Nombre\n  - texto: Pérez López\n    tipo: Apellidos\n"
        "resaltado: {tipo: Teléfono particular}\n", encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(tmp_path / "a.docx"), "--marcas", str(tmp_path / "m.yaml"))
    assert codigo == 0, errores
    salida = docx.Document(tmp_path / "a-version-publica.docx")
    textos = [p.text for p in salida.paragraphs]
    assert "[TESTADO: Nombre; Apellidos] firmó; después [TESTADO: Nombre; Apellidos] volvió a firmar." in textos
    assert "Teléfono: [TESTADO: Teléfono particular] (particular)" in textos


def test_una_marca_que_no_encuentra_nada_es_un_error(cli, tmp_path):
    entrada = _documento(tmp_path, comentario=False, cambios=False)
    (tmp_path / "m.yaml").write_text(MARCAS + "  - texto: María Inexistente\n    tipo: Nombre\n", encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(entrada), "--marcas", str(tmp_path / "m.yaml"))
    assert codigo == 2 and "María Inexistente" in errores and "línea 11" in errores and "Traceback" not in errores
    assert not list(tmp_path.glob("*version-publica*"))


def test_archivo_de_marcas_invalido_nombra_la_linea(cli, tmp_path):
    entrada = _documento(tmp_path, comentario=False, cambios=False)
    (tmp_path / "m.yaml").write_text("marcas:\n  - texto: Juan\n    tipo: datos.inventados\n", encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(entrada), "--marcas", str(tmp_path / "m.yaml"))
    assert codigo == 2 and "línea 3" in errores and "datos.inventados" in errores


def test_pdf_escaneado_se_rechaza_y_la_region_cubre_los_pixeles(cli, tmp_path):
    origen = pymupdf.open()
    pagina = origen.new_page()
    pagina.insert_text((72, 100), NOMBRE, fontsize=20)
    imagen = pagina.get_pixmap(dpi=100)
    escaneado = pymupdf.open()
    escaneado.new_page().insert_image(escaneado[0].rect, pixmap=imagen)
    entrada = tmp_path / "escaneo.pdf"
    escaneado.save(entrada)
    (tmp_path / "m.yaml").write_text(f"marcas:\n  - texto: {NOMBRE}\n    tipo: Nombre\n", encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(entrada), "--marcas", str(tmp_path / "m.yaml"))
    assert codigo == 2 and "no tiene texto" in errores and "--region" in errores
    assert not list(tmp_path.glob("*version-publica*"))
    codigo, _, errores = cli("version-publica", str(entrada), "--region", "1:60,70,320,110", "--caso", CONFIDENCIAL)
    assert codigo == 0, errores
    salida = pymupdf.open(tmp_path / "escaneo-version-publica-confidencial.pdf")
    pagina = salida[1]
    for xref, *_ in pagina.get_images(full=True):  # los píxeles de la imagen, no solo un dibujo encima
        pixeles = pymupdf.Pixmap(salida, xref)
        escala = pixeles.width / pagina.rect.width
        muestra = pixeles.pixel(int(150 * escala), int(95 * escala))
        original = imagen.pixel(int(150 * escala), int(95 * escala))
        assert muestra != original or min(original) > 200


def test_falla_cerrado_si_algo_sobrevive(cli, tmp_path, monkeypatch):
    from generador.publicacion import version_publica as vp
    from generador.publicacion.resultado import Resultado

    entrada = _documento(tmp_path, comentario=False, cambios=False)
    monkeypatch.setattr(vp, "version_publica_docx",
                        lambda datos, encargo, nombre: Resultado(datos, [NOMBRE], ["Nombre"]))
    codigo, _, errores = cli("version-publica", str(entrada), "--marcas", str(tmp_path / "marcas.yaml"))
    assert codigo == 2 and "sigue en" in errores and "word/document.xml" in errores
    assert not list(tmp_path.glob("*version-publica*"))


def test_sin_autorizados_se_avisa_y_el_nombre_dice_confidencial(cli, tmp_path):
    """Quincuagésimo segundo: «III. Señalar las personas o instancias autorizadas a acceder a la
    información clasificada» y, en los documentos electrónicos, «señalar en la primera hoja y en el
    nombre del archivo, que la versión pública corresponde a un documento que contiene información
    confidencial»."""
    entrada = _documento(tmp_path)
    codigo, _, errores = cli("version-publica", str(entrada), "-o", str(tmp_path / "vp.docx"), "--marcas",
                             str(tmp_path / "marcas.yaml"), "--caso", CONFIDENCIAL)
    assert codigo == 0, errores
    assert "personas o instancias autorizadas" in errores and "fracción III" in errores
    assert (tmp_path / "vp-version-publica-confidencial.docx").exists()
    con = tmp_path / "con.yaml"
    con.write_text(MARCAS + "autorizados: [Dirección de Finanzas]\n", encoding="utf-8")
    codigo, _, errores = cli("version-publica", str(entrada), "-o", str(tmp_path / "otra.docx"), "--marcas",
                             str(con), "--caso", CONFIDENCIAL)
    assert codigo == 0 and "personas o instancias autorizadas" not in errores
    primera = " ".join(p.text for p in docx.Document(tmp_path / "otra-version-publica-confidencial.docx").paragraphs[:9])
    assert "Personas o instancias autorizadas a acceder a la información clasificada: Dirección de Finanzas" in primera


def _con_imagen_externa(tmp_path, destino: str):
    """Un .docx con una imagen vinculada (``r:link``) a ``destino`` en lugar de incrustada."""
    import re

    from .test_perfiles import _png_minimo

    d = docx.Document()
    d.add_paragraph(f"El proveedor {NOMBRE} firma el contrato.")
    d.add_picture(io.BytesIO(_png_minimo()))
    crudo = io.BytesIO()
    d.save(crudo)
    entrada = tmp_path / "vinculada.docx"
    with zipfile.ZipFile(io.BytesIO(crudo.getvalue())) as z, zipfile.ZipFile(entrada, "w") as salida:
        for n in z.namelist():
            datos = z.read(n)
            if n == "word/document.xml":
                datos = re.sub(rb'r:embed="rId\d+"', b'r:link="rId99"', datos)
            elif n == "word/_rels/document.xml.rels":
                datos = datos.replace(b"</Relationships>", (
                    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/image" Target="{destino}" TargetMode="External"/></Relationships>').encode())
            salida.writestr(n, datos)
    (tmp_path / "marcas.yaml").write_text(f"marcas:\n  - texto: {NOMBRE}\n    tipo: Nombre\n", encoding="utf-8")
    return entrada


def test_una_imagen_vinculada_no_se_pide_ni_queda(cli, tmp_path):
    """Una imagen enlazada a una dirección: LibreOffice la pedía al convertir (desde el servidor
    de la página: una puerta a su red interna) y el .docx público la seguía pidiendo al abrirse.
    Se quita, con un aviso que la nombra; el PDF se hace sin una sola petición."""
    import http.server
    import threading

    pedidos = []

    class Anotador(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (nombre de http.server)
            pedidos.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_OPTIONS = do_HEAD = do_GET  # noqa: N815

        def log_message(self, *_):
            pass

    servidor = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Anotador)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    try:
        destino = f"http://127.0.0.1:{servidor.server_address[1]}/rastreo.png"
        entrada = _con_imagen_externa(tmp_path, destino)
        marcas = str(tmp_path / "marcas.yaml")
        codigo, texto, errores = cli("version-publica", str(entrada), "-o", str(tmp_path / "v-version-publica.docx"),
                                     "--marcas", marcas)
        assert codigo == 0 and "vínculo(s) externo(s)" in texto + errores and destino in texto + errores, errores
        partes = _partes((tmp_path / "v-version-publica.docx").read_bytes())
        assert "rastreo" not in partes["word/_rels/document.xml.rels"] and 'r:link="rId99"' not in partes[
            "word/document.xml"]
        docx.Document(str(tmp_path / "v-version-publica.docx"))  # se sigue abriendo
        if shutil.which("soffice"):
            codigo, _, errores = cli("version-publica", str(entrada), "-o", str(tmp_path / "v-version-publica.pdf"),
                                     "--marcas", marcas)
            assert codigo == 0, errores
            assert pedidos == []
    finally:
        servidor.shutdown()


def test_un_docx_bomba_no_se_abre(cli, tmp_path):
    """Un document.xml de 300 MB de párrafos vacíos cabe en unos cientos de KB comprimido; armarlo
    con lxml pasaba de 6 GB de memoria. Se rechaza por lo que declara el ZIP, sin leerlo."""
    entrada = _documento(tmp_path)
    bomba = tmp_path / "bomba.docx"
    with zipfile.ZipFile(entrada) as z, zipfile.ZipFile(bomba, "w", zipfile.ZIP_DEFLATED) as salida:
        for n in z.namelist():
            if n == "word/document.xml":
                with salida.open(n, "w") as parte:
                    parte.write(b'<?xml version="1.0"?><w:document xmlns:w="' + W.encode() + b'"><w:body>')
                    for _ in range(300):
                        parte.write(b"<w:p/>" * (1 << 16))
                    parte.write(b"</w:body></w:document>")
            else:
                salida.writestr(n, z.read(n))
    assert bomba.stat().st_size < 2 << 20
    codigo, _, errores = cli("version-publica", str(bomba), "-o", str(tmp_path / "b-version-publica.docx"),
                             "--marcas", str(tmp_path / "marcas.yaml"))
    assert codigo == 2 and "se descomprime en" in errores and "Traceback" not in errores
    assert not (tmp_path / "b-version-publica.docx").exists()
