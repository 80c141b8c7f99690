"""El LibreOffice caliente (issue 19): se reutiliza, se arranca de nuevo si muere, un documento
colgado vence su plazo sin dejar procesos, y nunca hay más de los permitidos.

Con LibreOffice de verdad (y el Python del sistema con ``python3-uno``, que .ci/run instala):
en CI corren siempre; en otra máquina sin ellos se omiten. Ninguna prueba mide tiempos: los
plazos son solo el límite para esperar a que algo ocurra.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import docx
import pytest

from generador.errores import ErrorDeUsuario
from generador.pdf import caliente
from generador.pdf.conversor import Conversor, Conversores, buscar_python_uno

from .conftest import procesos_vivos

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HAY_UNO = bool(SOFFICE) and buscar_python_uno(SOFFICE) is not None
pytestmark = pytest.mark.skipif(not HAY_UNO and not os.environ.get("CI"),
                                reason="LibreOffice o python3-uno no están instalados")


def _procesos_del_grupo(pgid: int) -> list[int]:
    """Procesos vivos (no zombis) del grupo ``pgid``."""
    return procesos_vivos(grupo=pgid)


def _esperar(condicion, segundos: float = 30.0) -> bool:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.1)
    return condicion()


@pytest.fixture(scope="module")
def documentos(tmp_path_factory) -> list[Path]:
    carpeta = tmp_path_factory.mktemp("docx")
    rutas = []
    for i in range(4):
        documento = docx.Document()
        documento.add_paragraph(f"Resolución de prueba número {i}")
        rutas.append(carpeta / f"doc{i}.docx")
        documento.save(rutas[-1])
    return rutas


@pytest.fixture
def conversores():
    grupo = Conversores(1)
    yield grupo
    grupo.cerrar()


def _es_pdf(ruta: Path) -> bool:
    datos = ruta.read_bytes()
    return datos.startswith(b"%PDF") and b"%%EOF" in datos[-64:]


def test_un_arranque_para_muchos_documentos(conversores, documentos, tmp_path):
    for d in documentos:
        conversores.convertir(d, tmp_path / (d.stem + ".pdf"))
    assert conversores.arranques == 1
    assert all(_es_pdf(tmp_path / (d.stem + ".pdf")) for d in documentos)
    if shutil.which("pdftotext"):
        texto = subprocess.run(["pdftotext", str(tmp_path / "doc2.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert "Resolución de prueba número 2" in texto


def test_si_libreoffice_muere_se_arranca_de_nuevo(conversores, documentos, tmp_path):
    conversores.convertir(documentos[0], tmp_path / "a.pdf")
    (conversor,) = conversores._todos
    grupo = conversor.proceso.pid
    # Se mata a LibreOffice (no al ayudante): soffice.bin y su lanzador.
    for pid in _procesos_del_grupo(grupo):
        if pid != grupo:
            os.kill(pid, signal.SIGKILL)
    conversores.convertir(documentos[1], tmp_path / "b.pdf")
    assert _es_pdf(tmp_path / "b.pdf")
    assert conversores.arranques == 2
    assert _esperar(lambda: not _procesos_del_grupo(grupo)), "quedaron procesos del LibreOffice muerto"


def test_un_documento_colgado_vence_el_plazo_sin_dejar_procesos(monkeypatch, documentos, tmp_path):
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", "3")
    conversores = Conversores(1)
    try:
        conversores.convertir(documentos[0], tmp_path / "a.pdf")
        (conversor,) = conversores._todos
        grupo = conversor.proceso.pid
        procesos = _procesos_del_grupo(grupo)
        assert len(procesos) >= 2  # el ayudante y LibreOffice
        for pid in procesos:
            if pid != grupo:
                os.kill(pid, signal.SIGSTOP)  # LibreOffice deja de responder
        with pytest.raises(ErrorDeUsuario) as error:
            conversores.convertir(documentos[1], tmp_path / "b.pdf")
        assert "no terminó de convertir el documento a PDF en 3 s" in error.value.texto()
        assert "RESOLUCIONES_PDF_TIEMPO" in error.value.texto()
        assert not (tmp_path / "b.pdf").exists()
        assert _esperar(lambda: not _procesos_del_grupo(grupo)), "quedaron procesos del LibreOffice colgado"
        # El siguiente documento arranca uno nuevo.
        conversores.convertir(documentos[2], tmp_path / "c.pdf")
        assert _es_pdf(tmp_path / "c.pdf") and conversores.arranques == 2
    finally:
        conversores.cerrar()


def test_sin_quien_le_escriba_el_ayudante_apaga_libreoffice(conversores, documentos, tmp_path):
    # Como si el servidor muriera sin apagarlo: se cierra la entrada del ayudante.
    conversores.convertir(documentos[0], tmp_path / "a.pdf")
    (conversor,) = conversores._todos
    grupo = conversor.proceso.pid
    conversor.proceso.stdin.close()
    assert _esperar(lambda: not _procesos_del_grupo(grupo)), "LibreOffice sobrevivió a su ayudante"
    conversor.proceso.wait()


def test_cerrar_no_deja_procesos(documentos, tmp_path):
    conversores = Conversores(1)
    conversores.convertir(documentos[0], tmp_path / "a.pdf")
    grupo = conversores._todos[0].proceso.pid
    conversores.cerrar()
    assert not _procesos_del_grupo(grupo)


def test_nunca_mas_de_los_permitidos(documentos, tmp_path):
    conversores = Conversores(2)
    errores: list[BaseException] = []

    def convertir(i: int) -> None:
        try:
            d = documentos[i % len(documentos)]
            conversores.convertir(d, tmp_path / f"{i}-{d.stem}.pdf")
        except BaseException as exc:  # noqa: BLE001 (se informa abajo)
            errores.append(exc)

    try:
        hilos = [threading.Thread(target=convertir, args=(i,)) for i in range(6)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join()
        assert not errores
        assert len(conversores._todos) <= 2 and conversores.arranques <= 2
        assert len(list(tmp_path.glob("*.pdf"))) == 6
    finally:
        conversores.cerrar()


def test_sin_python_con_uno_se_convierte_de_una_vez(monkeypatch, documentos):
    monkeypatch.setenv("RESOLUCIONES_PYTHON_UNO", "/bin/false")
    monkeypatch.setattr("generador.pdf.conversor._pythons", {})
    arranques = []
    monkeypatch.setattr(Conversor, "_arrancar", lambda self: arranques.append(self))
    caliente.cerrar()
    try:
        pdf = caliente.docx_a_pdf_caliente(documentos[0].read_bytes())
    finally:
        caliente.cerrar()
    assert pdf.startswith(b"%PDF") and not arranques


def test_el_plazo_mal_escrito_es_un_error_claro(monkeypatch):
    monkeypatch.setenv("RESOLUCIONES_PDF_CONVERSORES", "muchos")
    with pytest.raises(ErrorDeUsuario, match="RESOLUCIONES_PDF_CONVERSORES=muchos"):
        Conversores()


def test_lote_a_pdf_en_paralelo_usa_libreoffice_caliente(cli, tmp_path, monkeypatch):
    from .conftest import RAIZ

    arranques = []
    original = Conversor._arrancar

    def contar(self):
        arranques.append(self)
        original(self)

    monkeypatch.setattr(Conversor, "_arrancar", contar)
    entrada = tmp_path / "casos"
    entrada.mkdir()
    texto = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
    for i in range(5):
        (entrada / f"caso{i}.yaml").write_text(texto.replace("oficio: CTA-40418", f"oficio: CTA-{i}"), encoding="utf-8")
    salida = tmp_path / "salida"
    codigo, _, errores = cli("lote", str(entrada), "-o", str(salida), "--formato", "pdf", "--procesos", "2",
                             "--sin-registro")
    assert codigo == 0, errores
    assert 1 <= len(arranques) <= 2  # a lo sumo uno por proceso, y reutilizados entre los 5
    assert sorted(p.name for p in salida.glob("*.pdf")) == [f"caso{i}.pdf" for i in range(5)]
    assert all(_es_pdf(p) for p in salida.glob("*.pdf"))
    assert not (salida / ".docx-temporales").exists()
