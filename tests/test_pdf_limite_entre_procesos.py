"""El total de LibreOffice vivos a la vez entre los procesos de un servidor (``pdf/fichas.py``).

Antes, cada proceso de gunicorn tenía al menos un LibreOffice caliente: con cuatro procesos y
``conversores_pdf = 2`` llegaba a haber cuatro vivos. Aquí, con LibreOffice de verdad: el
servidor de cuatro procesos y varios procesos creados por fork que comparten las fichas
convierten a la vez, y se cuentan en /proc los soffice.bin vivos que descienden de ellos
mientras tanto; un proceso muerto con SIGKILL no se lleva su ficha; sin nadie más, el
conversor sigue caliente; el respaldo de una sola vez también espera ficha. Ninguna prueba
mide tiempos: los plazos son solo el límite para esperar a que algo ocurra.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generador.errores import ErrorDeUsuario
from generador.pdf import caliente
from generador.pdf.conversor import Conversores, buscar_python_uno
from generador.pdf.fichas import Fichas

from .conftest import MUESTRA, procesos_vivos
from .test_produccion import _detener, _entorno, _esperar_procesos, _pedir, _servidor

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HAY_UNO = bool(SOFFICE) and buscar_python_uno(SOFFICE) is not None
pytestmark = [
    pytest.mark.skipif(not HAY_UNO and not os.environ.get("CI"), reason="LibreOffice o python3-uno no están instalados"),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="los procesos vivos se leen en /proc"),
]
FORK = multiprocessing.get_context("fork")


def _descendientes(pid: int) -> list[int]:
    hijos = procesos_vivos(padre=pid)
    return hijos + [n for h in hijos for n in _descendientes(h)]


def _libreoffice_vivos(raices: list[int]) -> int:
    """Cuántos soffice.bin vivos descienden de ``raices`` (ayudante → soffice → soffice.bin)."""
    cuantos = 0
    for pid in {d for r in raices for d in _descendientes(r)}:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "soffice.bin":
                cuantos += 1
        except OSError:
            pass
    return cuantos


class _Muestreo:
    """Cuenta, cada 20 ms mientras dura, el máximo de LibreOffice vivos bajo unas raíces."""

    def __init__(self, raices):
        self.raices, self.maximo, self.muestras = raices, 0, 0
        self._fin = threading.Event()
        self._hilo = threading.Thread(target=self._bucle, daemon=True)

    def _bucle(self):
        while not self._fin.is_set():
            self.maximo = max(self.maximo, _libreoffice_vivos(self.raices()))
            self.muestras += 1
            time.sleep(0.02)

    def __enter__(self):
        self._hilo.start()
        return self

    def __exit__(self, *_):
        self._fin.set()
        self._hilo.join()


@pytest.fixture(scope="module")
def resolucion(tmp_path_factory) -> bytes:
    """El .docx de la CTA-40418, como lo genera ``resoluciones generar``."""
    salida = tmp_path_factory.mktemp("docx") / "cta-40418.docx"
    subprocess.run([sys.executable, "-m", "generador", "generar", str(MUESTRA), "-o", str(salida), "--sin-registro"],
                   check=True, capture_output=True, timeout=300)
    return salida.read_bytes()


@pytest.fixture
def servidor_de_fichas(monkeypatch, tmp_path):
    """Las fichas del «servidor» creadas en este proceso, como las crea el principal de gunicorn."""
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", "60")
    monkeypatch.setattr(caliente, "_fichas", None)
    monkeypatch.setattr(caliente, "_maximo", None)
    caliente.cerrar()  # lo que dejaron otras pruebas en este proceso no cuenta

    def crear(total: int) -> Fichas:
        monkeypatch.setenv("RESOLUCIONES_PDF_CONVERSORES", str(total))
        caliente.configurar(total, entre_procesos=True)
        return caliente._fichas

    yield crear
    caliente.cerrar()
    if caliente._fichas is not None:
        caliente._fichas.borrar()


def _convertir_varios(datos: bytes, cuantos: int, cola, dormir_al_final: bool = False) -> None:
    """En un proceso hijo: ``cuantos`` PDF con los conversores del proceso; informa a ``cola``."""
    resultados, pids = [], []
    try:
        for _ in range(cuantos):
            pdf = caliente.docx_a_pdf_caliente(datos)
            resultados.append(pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:])
            pids.append([c.pid_soffice for c in caliente.compartidos()._todos])
        cola.put((os.getpid(), resultados, pids, caliente.compartidos().arranques, None))
    except Exception as exc:  # noqa: BLE001 (se informa al padre)
        cola.put((os.getpid(), resultados, pids, 0, f"{type(exc).__name__}: {exc}"))
    if dormir_al_final:
        time.sleep(600)  # con su conversor (y su ficha) ocioso, hasta que lo maten
    caliente.cerrar()  # un proceso de multiprocessing sale con os._exit: sin atexit


@pytest.mark.parametrize("total", [1, 2])
def test_tres_procesos_que_comparten_el_total_nunca_pasan_de_el(servidor_de_fichas, resolucion, total):
    servidor_de_fichas(total)
    cola = FORK.Queue()
    procesos = [FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 3, cola)) for _ in range(3)]
    with _Muestreo(lambda: [p.pid for p in procesos if p.pid]) as muestreo:
        for p in procesos:
            p.start()
        informes = [cola.get(timeout=600) for _ in procesos]
        for p in procesos:
            p.join(timeout=60)
    assert all(p.exitcode == 0 for p in procesos)
    for _pid, resultados, _pids, _arranques, error in informes:
        assert error is None, error
        assert resultados == [True, True, True]  # (a) cada documento, su PDF
    assert muestreo.muestras > 10
    assert 1 <= muestreo.maximo <= total, f"hubo {muestreo.maximo} LibreOffice vivos con un total de {total}"


def test_un_proceso_muerto_con_sigkill_no_se_lleva_su_ficha(servidor_de_fichas, resolucion):
    fichas = servidor_de_fichas(1)
    cola = FORK.Queue()
    dueno = FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 1, cola, True))
    dueno.start()
    _pid, resultados, _pids, _arranques, error = cola.get(timeout=300)
    assert error is None and resultados == [True]
    assert fichas.tomar_si_hay() is None  # la tiene él, con su LibreOffice ocioso
    os.kill(dueno.pid, signal.SIGKILL)  # como gunicorn al vencer el plazo de un proceso
    dueno.join(timeout=30)
    # Su ayudante se queda sin quien le escriba, mata a su LibreOffice y sale: entonces el
    # núcleo suelta el candado (ningún semáforo queda tomado para siempre).
    limite = time.monotonic() + 60
    while (ficha := fichas.tomar_si_hay()) is None and time.monotonic() < limite:
        time.sleep(0.1)
    assert ficha is not None, "la ficha del proceso muerto no volvió"
    ficha.soltar()
    otro = FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 2, cola))
    otro.start()
    _pid, resultados, _pids, _arranques, error = cola.get(timeout=300)
    otro.join(timeout=60)
    assert error is None and resultados == [True, True]


def test_un_conversor_ocioso_cede_su_ficha_a_quien_espera(servidor_de_fichas, resolucion):
    servidor_de_fichas(1)
    cola = FORK.Queue()
    ocioso = FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 1, cola, True))
    ocioso.start()
    try:
        assert cola.get(timeout=300)[4] is None
        with _Muestreo(lambda: [ocioso.pid, *procesos_vivos(padre=os.getpid())]) as muestreo:
            otro = FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 2, cola))
            otro.start()
            _pid, resultados, _pids, _arranques, error = cola.get(timeout=300)
            otro.join(timeout=60)
        assert error is None and resultados == [True, True]  # no esperó hasta el plazo
        assert muestreo.maximo == 1
        assert _libreoffice_vivos([ocioso.pid]) == 0  # el ocioso apagó el suyo
    finally:
        os.kill(ocioso.pid, signal.SIGKILL)
        ocioso.join(timeout=30)


def test_sin_nadie_esperando_el_conversor_sigue_caliente(servidor_de_fichas, resolucion):
    servidor_de_fichas(2)
    cola = FORK.Queue()
    solo = FORK.Process(daemon=True, target=_convertir_varios, args=(resolucion, 4, cola))
    solo.start()
    _pid, resultados, pids, arranques, error = cola.get(timeout=300)
    solo.join(timeout=60)
    assert error is None and resultados == [True] * 4
    assert arranques == 1 and len({tuple(p) for p in pids}) == 1  # (d) el mismo LibreOffice para los cuatro


def test_sin_ficha_en_el_plazo_es_un_error_en_espanol_tambien_de_una_vez(monkeypatch, tmp_path, resolucion):
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", "1")
    carpeta = tmp_path / "fichas"
    carpeta.mkdir()
    fichas = Fichas(1, str(carpeta))
    sin_uno = Conversores(1, fichas=fichas)
    sin_uno.python = None  # sin un Python con uno: el respaldo de un arranque por documento
    monkeypatch.setattr(caliente, "compartidos", lambda: sin_uno)
    ocupada = fichas.tomar_si_hay()
    with pytest.raises(ErrorDeUsuario, match="no hubo un LibreOffice libre en 1 s"):
        caliente.docx_a_pdf_caliente(resolucion)
    ocupada.soltar()
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", "120")
    assert caliente.docx_a_pdf_caliente(resolucion).startswith(b"%PDF")


def test_gunicorn_con_cuatro_procesos_y_un_total_de_dos(tmp_path):
    """Lo que pide el issue, de punta a punta: cuatro procesos «sync», ``conversores_pdf = 2``,
    cuatro descargas a la vez, tres veces: nunca más de dos LibreOffice vivos, y todos los PDF."""
    pytest.importorskip("gunicorn")
    # Las variables ganan sobre el archivo de la prueba del servidor (que dice 2 × 4 hilos).
    entorno = _entorno(RESOLUCIONES_PROCESOS="4", RESOLUCIONES_HILOS="1", RESOLUCIONES_PDF_CONVERSORES="2")
    with _servidor(tmp_path, "gunicorn", casos=4, entorno=entorno) as (proceso, puerto, _carpeta, salida):
        _esperar_procesos(proceso.pid, 4)
        respuestas: list = []

        def descargar(i: int) -> None:
            respuestas.append(_pedir(puerto, "GET", f"/caso/caso-{i:02d}.yaml/descargar.pdf"))

        with _Muestreo(lambda: [proceso.pid]) as muestreo:
            for _ronda in range(3):
                hilos = [threading.Thread(target=descargar, args=(i,)) for i in range(4)]
                for h in hilos:
                    h.start()
                for h in hilos:
                    h.join()
        assert len(respuestas) == 12
        malas = [(e, c[:300]) for e, _, c in respuestas if e != 200 or not c.startswith(b"%PDF")]
        assert not malas, malas
        assert 1 <= muestreo.maximo <= 2, f"hubo {muestreo.maximo} LibreOffice vivos con conversores_pdf = 2"
        _detener(proceso, salida)


def test_la_carpeta_de_fichas_borrada_se_crea_de_nuevo(tmp_path):
    """Un limpiador de /tmp (o un ``borrar`` anterior) se lleva la carpeta de un servidor que
    lleva días encendido: el vigía de los conversores preguntaba por ``espera`` y moría con
    FileNotFoundError, y ninguna ficha se podía tomar. Ahora se crea de nuevo."""
    import shutil

    from generador.pdf.fichas import Fichas

    fichas = Fichas(2)
    shutil.rmtree(fichas.carpeta)
    assert fichas.alguien_espera() is False
    ficha = fichas.tomar_si_hay()
    assert ficha is not None
    segunda = fichas.tomar_si_hay()
    assert segunda is not None and segunda.numero != ficha.numero
    assert fichas.tomar_si_hay() is None  # el total se sigue respetando
    ficha.soltar()
    segunda.soltar()
    fichas.borrar()
