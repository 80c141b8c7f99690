"""PDF con LibreOffice: texto, encabezado en cada página, firmas juntas, un arranque por lote.

En CI (variable CI) estas pruebas corren siempre: .ci/run instala LibreOffice y poppler.
En otra máquina sin LibreOffice se omiten."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import RAIZ

MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
HAY_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice")) and bool(shutil.which("pdftotext"))
pytestmark = pytest.mark.skipif(not HAY_LIBREOFFICE and not os.environ.get("CI"),
                                reason="LibreOffice y poppler no están instalados")


def _paginas(pdf) -> list[str]:
    texto = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in texto.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def pdf_muestra(tmp_path_factory):
    from click.testing import CliRunner

    from generador.cli import principal

    salida = tmp_path_factory.mktemp("pdf") / "cta.pdf"
    resultado = CliRunner().invoke(principal, ["generar", str(MUESTRA), "-o", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    return salida


def test_el_pdf_contiene_la_resolucion(pdf_muestra):
    texto = " ".join(" ".join(_paginas(pdf_muestra)).split())
    assert "Visto el expediente que contiene la solicitud de acceso a la información" in texto
    assert "RESUELVE" in texto
    assert "A VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO" in texto


def test_cada_pagina_lleva_el_encabezado(pdf_muestra):
    paginas = _paginas(pdf_muestra)
    assert len(paginas) >= 3
    for pagina in paginas:
        assert "Oficio: CTA-40418" in pagina and "Folio 0000500194518" in pagina
        assert "SECRETARÍA DE RELACIONES EXTERIORES" in pagina


def test_las_firmas_quedan_en_una_pagina(pdf_muestra):
    paginas = _paginas(pdf_muestra)
    con_firmas = [i for i, p in enumerate(paginas)
                  if any(n in p for n in ("OSCAR SÁNCHEZ DELGADO", "JORGE FUENTES HERNÁNDEZ", "ROSAURA GARCÍA PALMEROS"))]
    assert len(con_firmas) == 1
    pagina = paginas[con_firmas[0]]
    assert all(n in pagina for n in ("OSCAR SÁNCHEZ DELGADO", "JORGE FUENTES HERNÁNDEZ", "ROSAURA GARCÍA PALMEROS"))


def test_lote_a_pdf_arranca_libreoffice_una_vez(cli, tmp_path, monkeypatch):
    from generador.pdf import libreoffice as pdf

    llamadas = []
    original = subprocess.Popen

    def contar(orden, *args, **kwargs):
        if "--convert-to" in orden:
            llamadas.append(orden)
        return original(orden, *args, **kwargs)

    # pdf.py arranca LibreOffice con Popen (para vigilar el plazo por documento y terminar
    # su grupo de procesos): se cuentan los arranques ahí.
    monkeypatch.setattr(pdf.subprocess, "Popen", contar)
    entrada = tmp_path / "casos"
    entrada.mkdir()
    texto = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
    for i in range(3):
        (entrada / f"caso{i}.yaml").write_text(texto.replace("oficio: CTA-40418", f"oficio: CTA-{i}"), encoding="utf-8")
    salida = tmp_path / "salida"
    codigo, texto_salida, errores = cli("lote", str(entrada), "-o", str(salida), "--formato", "pdf")
    assert codigo == 0, errores
    assert len(llamadas) == 1
    assert sorted(p.name for p in salida.iterdir()) == ["caso0.pdf", "caso1.pdf", "caso2.pdf", "manifiesto.csv",
                                                        "manifiesto.json"]
    codigo, texto_salida, _ = cli("lote", str(entrada), "-o", str(salida), "--formato", "pdf")
    assert "0 generados, 3 al día" in texto_salida and len(llamadas) == 1


def test_sin_libreoffice_error_claro_y_sin_archivo(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("RESOLUCIONES_SOFFICE", str(tmp_path / "no-existe"))
    salida = tmp_path / "r.pdf"
    codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(salida))
    assert codigo == 2 and "LibreOffice" in errores and "apt-get install" in errores
    assert not salida.exists()
    codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(tmp_path / "r.docx"), "--formato", "pdf")
    assert codigo == 2 and ".pdf" in errores
