"""``servir`` con varios procesos (gunicorn, issue 19): lo que deben compartir quienes redactan se comparte.

Una persona abre la página en un proceso y valida o guarda en otro: su cookie de sesión y su
token CSRF deben valer en todos (la aplicación, con su clave, se crea antes de crear los
procesos). Al detener el servidor no queda ningún proceso, tampoco los LibreOffice calientes.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from .conftest import MUESTRA, procesos_vivos

pytest.importorskip("gunicorn")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="gunicorn solo existe en Linux y macOS")


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hijos(pid: int) -> list[int]:
    return procesos_vivos(padre=pid)


def _del_grupo(pgid: int) -> list[int]:
    return procesos_vivos(grupo=pgid)


def _pedir(puerto: int, metodo: str, ruta: str, cuerpo: bytes | None = None, cabeceras: dict | None = None):
    """Una petición en una conexión nueva (así el sistema la reparte entre los procesos)."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
    try:
        conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras or {})
        respuesta = conexion.getresponse()
        return respuesta.status, respuesta.getheaders(), respuesta.read()
    finally:
        conexion.close()


@contextlib.contextmanager
def servir_aparte(casos, *opciones: str, salida=subprocess.PIPE):
    """``resoluciones servir`` sobre ``casos`` en otro proceso (su propio grupo), ya
    respondiendo: (proceso, puerto). Al salir lo mata con todo su grupo."""
    puerto = _puerto_libre()
    proceso = subprocess.Popen(
        [sys.executable, "-m", "generador", "servir", "--carpeta", str(casos), "--puerto", str(puerto),
         *opciones, "--sin-registro"],
        stdout=salida, stderr=subprocess.PIPE, start_new_session=True)
    try:
        limite = time.monotonic() + 60
        while True:
            try:
                if _pedir(puerto, "GET", "/")[0] == 200:
                    break
            except OSError:
                pass
            assert proceso.poll() is None, proceso.stderr.read().decode()
            assert time.monotonic() < limite, "el servidor no respondió"
            time.sleep(0.2)
        yield proceso, puerto
    finally:
        if proceso.poll() is None:
            os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait()


@pytest.fixture
def servidor(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    with servir_aparte(casos, "--procesos", "2") as (proceso, puerto):
        yield proceso, puerto


def test_varios_procesos_comparten_sesion_y_csrf(servidor):
    proceso, puerto = servidor
    # El primer proceso puede responder antes de que gunicorn cree el segundo: se espera (acotado).
    limite = time.monotonic() + 30
    while len(_hijos(proceso.pid)) < 2 and time.monotonic() < limite:
        time.sleep(0.1)
    assert len(_hijos(proceso.pid)) == 2  # dos procesos que atienden
    estado, cabeceras, pagina = _pedir(puerto, "GET", "/caso/cta-40418.yaml")
    assert estado == 200
    cookie = next(v.split(";")[0] for k, v in cabeceras if k.lower() == "set-cookie")
    csrf = re.search(rb'name="csrf" value="([^"]+)"', pagina).group(1).decode()
    cuerpo = urllib.parse.urlencode({"csrf": csrf}).encode()
    for _ in range(12):  # en conexiones nuevas: pasan por los dos procesos
        estado, _, respuesta = _pedir(puerto, "POST", "/api/validar/cta-40418.yaml", cuerpo, {
            "Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{puerto}"})
        assert estado == 200, respuesta[:300]
        assert b"hallazgos" in respuesta


def test_detenerlo_no_deja_procesos(servidor):
    proceso, puerto = servidor
    if shutil.which("soffice") and os.environ.get("CI", shutil.which("pdftotext")):
        estado, _, pdf = _pedir(puerto, "GET", "/caso/cta-40418.yaml/descargar.pdf")
        assert estado == 200 and pdf.startswith(b"%PDF")
    proceso.send_signal(signal.SIGTERM)
    _, errores = proceso.communicate(timeout=60)
    assert proceso.returncode == 0, errores.decode()
    assert errores.decode().count("Servidor detenido.") == 1 and "Traceback" not in errores.decode()
    limite = time.monotonic() + 30
    while _del_grupo(proceso.pid) and time.monotonic() < limite:
        time.sleep(0.1)
    assert not _del_grupo(proceso.pid), "quedaron procesos del servidor (o de LibreOffice)"
