"""Procesos e hilos de gunicorn para la validación en vivo (issue 19, docs/servidor.md).

Con un hilo, procesos «sync» (cada uno toma una conexión solo cuando está libre), dos por
núcleo y nunca menos de 2; con varios hilos, «gthread» como antes; lo ya cargado, congelado
para el recolector de basura antes de crear los procesos. Y lo que no debe perderse
al cambiar: una petición que tiene ocupado un proceso (un PDF esperando a LibreOffice, aquí
una conexión que no termina de enviar su petición) no detiene las validaciones de los demás.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

import pytest

from generador.cli import servir as servir_cli
from generador.web import crear_app, produccion

from .conftest import MUESTRA
from .test_servir import _pedir, _puerto_libre, servir_aparte

pytest.importorskip("gunicorn")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="gunicorn solo existe en Linux y macOS")


@pytest.mark.parametrize(("nucleos", "con_un_hilo", "con_cuatro"),
                         [(None, 2, 1), (1, 2, 1), (2, 4, 2), (3, 6, 3), (4, 8, 4), (16, 8, 4)])
def test_procesos_por_omision(monkeypatch, nucleos, con_un_hilo, con_cuatro):
    monkeypatch.setattr(produccion.os, "cpu_count", lambda: nucleos)
    assert produccion.procesos_por_omision(1) == con_un_hilo
    assert produccion.procesos_por_omision(4) == con_cuatro
    assert servir_cli._procesos(None, 1) == con_un_hilo
    assert servir_cli._procesos(3, 1) == 3  # los pedidos, tal cual


@pytest.mark.parametrize(("hilos", "clase"), [(1, "sync"), (2, "gthread"), (4, "gthread")])
def test_la_clase_de_proceso_segun_los_hilos(monkeypatch, tmp_path, hilos, clase):
    """Lo que recibe gunicorn, sin arrancarlo (se detiene en ``run``)."""
    from gunicorn.app.base import BaseApplication

    vistos = {}

    def run(aplicacion):
        vistos.update(clase=aplicacion.cfg.worker_class_str, hilos=aplicacion.cfg.threads,
                      procesos=aplicacion.cfg.workers, plazo=aplicacion.cfg.timeout,
                      congelados=gc.get_freeze_count())

    monkeypatch.setattr(BaseApplication, "run", run)
    produccion.con_gunicorn(crear_app(tmp_path), "127.0.0.1", _puerto_libre(), 3, hilos)
    assert vistos["clase"] == clase and vistos["hilos"] == hilos and vistos["procesos"] == 3
    assert vistos["plazo"] >= 60  # un PDF puede tardar su plazo entero: el proceso no se reinicia antes
    # Lo cargado antes de crear los procesos no lo recorre su recolector de basura; al volver, como estaba.
    assert vistos["congelados"] > 10_000
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("argumentos", "esperado"), [((), (4, 1)), (("--procesos", "3"), (3, 1)),
                                                     (("--hilos", "4"), (2, 4)), (("--procesos", "2", "--hilos", "3"), (2, 3))])
def test_servir_pasa_procesos_e_hilos_a_gunicorn(cli, monkeypatch, tmp_path, argumentos, esperado):
    monkeypatch.setattr(produccion.os, "cpu_count", lambda: 2)
    pedidos = []
    monkeypatch.setattr(servir_cli, "con_gunicorn", lambda app, anfitrion, puerto, procesos, hilos: pedidos.append(
        (procesos, hilos)))
    codigo, _, errores = cli("servir", "--carpeta", str(tmp_path / "casos"), "--puerto", str(_puerto_libre()),
                             "--sin-registro", *argumentos)
    assert codigo == 0, errores
    assert pedidos == [esperado]


def test_un_proceso_ocupado_no_detiene_las_validaciones(tmp_path):
    """Con los procesos de un hilo por omisión (``--procesos 2``): una conexión que deja su
    petición a medias ocupa un proceso; el otro responde todas las validaciones."""
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "c.yaml")
    with servir_aparte(casos, "--procesos", "2", salida=subprocess.DEVNULL) as (_, puerto):
        ocupada = None
        try:
            estado, cabeceras, pagina = _pedir(puerto, "GET", "/caso/c.yaml")
            assert estado == 200
            cookie = next(v.split(";")[0] for k, v in cabeceras if k.lower() == "set-cookie")
            csrf = re.search(rb'name="csrf" value="([^"]+)"', pagina).group(1).decode()
            # Una petición a medias (sin el final de las cabeceras): el proceso que la tomó espera el resto.
            ocupada = socket.create_connection(("127.0.0.1", puerto))
            ocupada.sendall(f"POST /api/validar/c.yaml HTTP/1.1\r\nHost: 127.0.0.1:{puerto}\r\nCookie: ".encode())
            time.sleep(0.5)
            cuerpo = urllib.parse.urlencode({"csrf": csrf}).encode()
            for _ in range(10):  # cada una en una conexión nueva; las atiende el proceso libre
                estado, _, respuesta = _pedir(puerto, "POST", "/api/validar/c.yaml", cuerpo, {
                    "Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{puerto}"})
                assert estado == 200 and b"hallazgos" in respuesta, respuesta[:300]
        finally:
            if ocupada is not None:
                ocupada.close()
