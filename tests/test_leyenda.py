"""La leyenda de clasificación del Lineamiento Quincuagésimo tercero (issue 15)."""

from __future__ import annotations

import io

import docx
import pymupdf

from .conftest import RAIZ

from generador.publicacion.leyenda import CONCEPTOS

RESERVA = str(RAIZ / "samples" / "reserva-2026.yaml")


def test_leyenda_docx_tiene_cada_concepto_y_la_cita_del_112(cli, tmp_path):
    salida = tmp_path / "leyenda.docx"
    codigo, salida_std, _ = cli("leyenda", RESERVA, "-o", str(salida))
    assert codigo == 0, salida_std
    tabla = docx.Document(io.BytesIO(salida.read_bytes())).tables[0]
    filas = {f.cells[0].text: f.cells[1].text for f in tabla.rows[1:]}
    assert list(filas) == list(CONCEPTOS)
    assert "Institución de Ejemplo" in tabla.rows[0].cells[0].text  # el sello o logotipo: el nombre sin logo
    assert filas["Fecha de clasificación"] == "20 de noviembre de 2026"
    assert filas["Área"] == "DIRECCIÓN DE SEGURIDAD INSTITUCIONAL"
    assert "112, fracción V" in filas["Fundamento legal"]
    assert "Ley General de Transparencia y Acceso a la Información Pública" in filas["Fundamento legal"]
    assert filas["Periodo de reserva"].startswith("5 (cinco) años")
    assert "20 de noviembre de 2031" in filas["Periodo de reserva"]
    assert "escolta" in filas["Información reservada"]
    for en_blanco in CONCEPTOS[5:]:
        assert filas[en_blanco] == ""


def test_leyenda_pdf_es_un_sello_con_los_conceptos(cli, tmp_path):
    salida = tmp_path / "sello.pdf"
    assert cli("leyenda", RESERVA, "-o", str(salida))[0] == 0
    texto = " ".join(pymupdf.open(salida)[0].get_text().split())
    for concepto in CONCEPTOS:
        assert concepto in texto
    assert "112, fracción V" in texto


def test_leyenda_de_un_caso_sin_clasificacion_es_un_error(cli, tmp_path):
    codigo, _, errores = cli("leyenda", str(RAIZ / "samples" / "inexistencia-2026.yaml"), "-o", str(tmp_path / "x.docx"))
    assert codigo == 2 and "art. 109" in errores and "Traceback" not in errores
    assert not (tmp_path / "x.docx").exists()


def test_la_confidencial_tambien_lleva_leyenda_desde_2025(cli, tmp_path):
    """Ley General 2025, art. 109: «Los Documentos clasificados parcial o totalmente deberán llevar
    una leyenda que indique tal carácter, la fecha de la clasificación, el fundamento legal y, en su
    caso, el periodo de reserva». La auditoría encontró que se negaba a escribirla."""
    salida = tmp_path / "leyenda.docx"
    codigo, _, errores = cli("leyenda", str(RAIZ / "samples" / "confidencial-2026.yaml"), "-o", str(salida))
    assert codigo == 0, errores
    tabla = docx.Document(io.BytesIO(salida.read_bytes())).tables[0]
    filas = {f.cells[0].text: f.cells[1].text for f in tabla.rows[1:]}
    assert list(filas) == ["Fecha de clasificación", "Área", "Información confidencial", "Fundamento legal",
                           "Rúbrica del titular del área"]
    assert filas["Información confidencial"].startswith("Partes o secciones confidenciales: el Registro Federal")
    assert "115 de la Ley General de Transparencia" in filas["Fundamento legal"]
    assert "Periodo de reserva" not in filas  # art. 115: «no estará sujeta a temporalidad alguna»


def test_la_mixta_lleva_una_leyenda_por_clasificacion(cli, tmp_path):
    salida = tmp_path / "leyenda.docx"
    assert cli("leyenda", str(RAIZ / "samples" / "mixta-2026.yaml"), "-o", str(salida))[0] == 0
    tablas = docx.Document(io.BytesIO(salida.read_bytes())).tables
    conceptos = [{f.cells[0].text for f in t.rows[1:]} for t in tablas]
    assert len(tablas) == 2 and "Información reservada" in conceptos[0] and "Información confidencial" in conceptos[1]


def test_la_cita_de_la_leyenda_lleva_las_reformas_de_los_lineamientos(cli, tmp_path):
    # Como la resolución: los numerales reformados el 18-11-2022 se citan con sus modificaciones.
    salida = tmp_path / "leyenda.docx"
    assert cli("leyenda", RESERVA, "-o", str(salida))[0] == 0
    tabla = docx.Document(io.BytesIO(salida.read_bytes())).tables[0]
    fundamento = {f.cells[0].text: f.cells[1].text for f in tabla.rows[1:]}["Fundamento legal"]
    assert "15 de abril de 2016, y sus modificaciones publicadas en el mismo medio" in fundamento
    assert "18 de noviembre de 2022" in fundamento


def test_leyenda_no_pisa_sin_sobrescribir(cli, tmp_path):
    salida = tmp_path / "l.docx"
    salida.write_bytes(b"mio")
    codigo, _, errores = cli("leyenda", RESERVA, "-o", str(salida))
    assert codigo == 2 and "--sobrescribir" in errores and salida.read_bytes() == b"mio"
