"""La página web bajo carga: latencia p50/p95 de validar, vista previa, .docx y PDF con 1 y 8 clientes.

También validar dentro de un proceso, con y sin la ida y vuelta por ruamel, en pares.

Arranca ``resoluciones servir`` de verdad (en 127.0.0.1, un puerto libre, sin registro) y le
habla por HTTP desde hilos de este proceso, cada petición en una conexión nueva (como un
navegador con varias pestañas). Los bucles están acotados y todo queda en la interfaz local.
Lo usa ``rendimiento.py``.
"""

from __future__ import annotations

import html
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def campos_del_formulario(pagina: str) -> list[tuple[str, str]]:
    """Lo que un navegador enviaría con el formulario del caso tal como se muestra."""
    inicio = pagina.find('<form method="post" id="formulario"')
    formulario = re.sub(r"<template>.*?</template>", "", pagina[max(inicio, 0):], flags=re.DOTALL)
    datos = []
    for m in re.finditer(r"<input([^>]*)>", formulario):
        atributos = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in atributos or (atributos.get("type") == "checkbox" and "checked" not in m.group(1)):
            continue
        datos.append((html.unescape(atributos["name"]), html.unescape(atributos.get("value", ""))))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', formulario, flags=re.DOTALL):
        datos.append((html.unescape(m.group(1)), html.unescape(m.group(2))))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', formulario, flags=re.DOTALL):
        elegida = (re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)</option>', m.group(2))
                   or re.search(r'<option(?: value="([^"]*)")?>([^<]*)</option>', m.group(2)))
        valor = (elegida.group(1) if elegida.group(1) is not None else elegida.group(2)) if elegida else ""
        datos.append((html.unescape(m.group(1)), html.unescape(valor)))
    return datos


def _pedir(puerto: int, metodo: str, ruta: str, cuerpo: bytes | None, cabeceras: dict) -> tuple[int, bytes, list]:
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=300)
    try:
        conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
        respuesta = conexion.getresponse()
        return respuesta.status, respuesta.read(), respuesta.getheaders()
    finally:
        conexion.close()


def _carga(puerto: int, peticion: tuple, clientes: int, por_cliente: int) -> dict:
    """``clientes`` hilos a la vez, cada uno con ``por_cliente`` peticiones seguidas."""
    tiempos: list[float] = []
    fallos: list[int] = []
    candado = threading.Lock()

    def cliente() -> None:
        for _ in range(por_cliente):
            una = peticion() if callable(peticion) else peticion  # armada antes de medir
            inicio = time.perf_counter()
            estado, _, _ = _pedir(puerto, *una)
            transcurrido = time.perf_counter() - inicio
            with candado:
                (tiempos if estado == 200 else fallos).append(transcurrido if estado == 200 else estado)

    inicio = time.perf_counter()
    hilos = [threading.Thread(target=cliente) for _ in range(clientes)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    total = time.perf_counter() - inicio
    if fallos or not tiempos:
        raise RuntimeError(f"respuestas que no son 200: {fallos[:5]}")
    tiempos.sort()
    p95 = tiempos[min(len(tiempos) - 1, int(round(0.95 * (len(tiempos) - 1))))]
    return {"clientes": clientes, "peticiones": len(tiempos), "ms_p50": statistics.median(tiempos) * 1000,
            "ms_p95": p95 * 1000, "por_segundo": len(tiempos) / total}


def _arrancar(carpeta: Path, procesos: int | None, entorno: dict) -> tuple[subprocess.Popen, int]:
    """``servir`` con ``procesos`` procesos, o con los de por omisión (None)."""
    puerto = _puerto_libre()
    con_procesos = ["--procesos", str(procesos)] if procesos is not None else []
    proceso = subprocess.Popen(
        [sys.executable, "-m", "generador", "servir", "--carpeta", str(carpeta), "--puerto", str(puerto),
         *con_procesos, "--sin-registro"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=entorno)
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        try:
            if _pedir(puerto, "GET", "/", None, {})[0] == 200:
                return proceso, puerto
        except OSError:
            time.sleep(0.1)
        if proceso.poll() is not None:
            raise RuntimeError(proceso.stderr.read().decode())
    raise RuntimeError("el servidor no respondió")


def _detener(proceso: subprocess.Popen) -> None:
    proceso.send_signal(signal.SIGTERM)
    try:
        proceso.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proceso.pid, signal.SIGKILL)  # lo que quedara (LibreOffice incluido)
    except ProcessLookupError:
        pass
    proceso.wait()


def medir_web(muestra: Path, carpeta: Path, procesos: int | None, rapido: bool, con_pdf: bool) -> dict:
    """Latencias del servidor con ``procesos`` procesos (None: los de por omisión de ``servir``)."""
    casos = carpeta / f"web-{procesos or 'por-omision'}"
    casos.mkdir()
    shutil.copy(muestra, casos / "c.yaml")
    proceso, puerto = _arrancar(casos, procesos, dict(os.environ))
    try:
        estado, pagina, cabeceras = _pedir(puerto, "GET", "/caso/c.yaml", None, {})
        cookie = next(v.split(";")[0] for k, v in cabeceras if k.lower() == "set-cookie")
        texto = pagina.decode("utf-8")
        csrf = re.search(r'name="csrf" value="([^"]+)"', texto).group(1)
        campos = campos_del_formulario(texto)
        cuerpo = urllib.parse.urlencode(campos or [("csrf", csrf)]).encode()
        validar = ("POST", "/api/validar/c.yaml", cuerpo, {
            "Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{puerto}"})
        pruebas = {
            "validar": (validar, 10 if rapido else 40, 4 if rapido else 15),
            # Como quien escribe: cada validación lleva el párrafo más largo con otro final.
            "validar_editando": (_editando(campos, validar), 10 if rapido else 40, 4 if rapido else 15),
            "vista_previa": (("GET", "/caso/c.yaml/vista", None, {}), 10 if rapido else 30, 3 if rapido else 10),
            "docx": (("GET", "/caso/c.yaml/descargar.docx", None, {}), 10 if rapido else 30, 3 if rapido else 10),
        }
        if con_pdf:
            pruebas["pdf"] = (("GET", "/caso/c.yaml/descargar.pdf", None, {}), 3 if rapido else 10,
                              1 if rapido else 3)
        resultados: dict = {"procesos": procesos if procesos is not None else _procesos_por_omision()}
        for nombre, (peticion, n_uno, n_ocho) in pruebas.items():
            _carga(puerto, peticion, 8, 1)  # calentar: cada proceso, su caché y su LibreOffice
            resultados[nombre] = {"1": _carga(puerto, peticion, 1, n_uno), "8": _carga(puerto, peticion, 8, n_ocho)}
        return resultados
    finally:
        _detener(proceso)


def _procesos_por_omision() -> str:
    """Cuántos procesos e hilos pone ``servir`` sin --procesos en esta máquina (para el informe)."""
    from generador.web.produccion import procesos_por_omision

    return f"{procesos_por_omision(1)} × 1 hilo"


def _editando(campos: list[tuple[str, str]], validar: tuple):
    """Peticiones de validar con el párrafo más largo del formulario cambiado cada vez."""
    largo = max(range(len(campos)), key=lambda i: len(campos[i][1]))
    contador = itertools.count()
    candado = threading.Lock()

    def peticion() -> tuple:
        with candado:
            n = next(contador)
        cambiados = list(campos)
        cambiados[largo] = (campos[largo][0], campos[largo][1] + f" Se añade la oración número {n}." * (1 + n % 3))
        return (validar[0], validar[1], urllib.parse.urlencode(cambiados).encode(), validar[3])

    return peticion


def medir_validacion_en_proceso(muestra: Path, carpeta: Path, pares: int) -> dict:
    """Validar en vivo dentro de un proceso, sin HTTP, en pares: con la ida y vuelta por ruamel
    (escribir el YAML y leerlo, como antes) y sin ella (``hallazgos_del_formulario``), con el
    formulario tal como se muestra y con el párrafo más largo cambiado."""
    from werkzeug.datastructures import MultiDict

    from generador.web import _hallazgo_de, crear_app
    from generador.web.envio import clases_del_formulario, datos_del_formulario
    from generador.web.ida_y_vuelta import yaml_actualizado
    from generador.web.recursos import Recursos
    from generador.web.revision_completa import hallazgos_de, hallazgos_del_formulario

    casos = carpeta / "validar-en-proceso"
    casos.mkdir()
    shutil.copy(muestra, casos / "c.yaml")
    app = crear_app(casos)
    campos = campos_del_formulario(app.test_client().get("/caso/c.yaml").get_data(as_text=True))
    texto = (casos / "c.yaml").read_text(encoding="utf-8")
    recursos = Recursos([], [])
    largo = max(range(len(campos)), key=lambda i: len(campos[i][1]))
    resultado: dict = {"pares": pares}
    contador = itertools.count()
    for nombre, cambio in (("sin_cambios", ""), ("editando", " Se añade la oración número {n}.")):
        # Editando, cada llamada lleva otro texto (como quien escribe): nunca la redacción guardada.
        def formulario_de(cambio=cambio):
            extra = cambio.format(n=next(contador))
            return MultiDict([(k, v + extra if i == largo else v) for i, (k, v) in enumerate(campos)])

        def con_ida_y_vuelta(formulario_de=formulario_de):
            formulario = formulario_de()
            datos, _ = datos_del_formulario(formulario)
            return hallazgos_de(yaml_actualizado(texto, datos, clases_del_formulario(formulario)), "c.yaml",
                                recursos.caso_desde_bytes, _hallazgo_de)[0]

        def sin_ida_y_vuelta(formulario_de=formulario_de):
            formulario = formulario_de()
            datos, _ = datos_del_formulario(formulario)
            return hallazgos_del_formulario(texto, "c.yaml", datos, formulario, recursos, _hallazgo_de)

        if not cambio and con_ida_y_vuelta() != sin_ida_y_vuelta():
            raise RuntimeError("los dos caminos de validar dieron hallazgos distintos")
        ta, tb = [], []
        for _ in range(pares):
            for funcion, tiempos in ((con_ida_y_vuelta, ta), (sin_ida_y_vuelta, tb)):
                inicio = time.perf_counter()
                for _ in range(10):
                    funcion()
                tiempos.append((time.perf_counter() - inicio) * 100)
        resultado[nombre] = {"ms_con_ida_y_vuelta": statistics.median(ta), "ms_sin_ida_y_vuelta": statistics.median(tb),
                             "razon": statistics.median(a / b for a, b in zip(ta, tb))}
    resultado["redaccion_guardada"] = _con_y_sin_redaccion_guardada(texto, campos, recursos, pares)
    return resultado


def _con_y_sin_redaccion_guardada(texto: str, campos: list, recursos, pares: int) -> dict:
    """El mismo formulario validado otra vez: con lo que dijo la redacción completa guardado
    (``Recursos.problemas_al_generar``) y redactando y componiendo cada vez, en pares."""
    from werkzeug.datastructures import MultiDict

    from generador.web import _hallazgo_de
    from generador.web.envio import datos_del_formulario
    from generador.web.revision_completa import hallazgos_del_formulario, problemas_al_generar

    class SinGuardar:
        def __init__(self, base):
            self.base = base
            self.problemas_al_generar = problemas_al_generar

        def __getattr__(self, nombre):
            return getattr(self.base, nombre)

    formulario = MultiDict(campos)
    datos, _ = datos_del_formulario(formulario)
    sin_guardar = SinGuardar(recursos)
    caminos = (lambda: hallazgos_del_formulario(texto, "c.yaml", datos, formulario, recursos, _hallazgo_de),
               lambda: hallazgos_del_formulario(texto, "c.yaml", datos, formulario, sin_guardar, _hallazgo_de))
    if caminos[0]() != caminos[1]():
        raise RuntimeError("con y sin la redacción guardada dieron hallazgos distintos")
    ta, tb = [], []
    for _ in range(pares):
        for camino, tiempos in zip(caminos, (ta, tb)):
            inicio = time.perf_counter()
            for _ in range(10):
                camino()
            tiempos.append((time.perf_counter() - inicio) * 100)
    return {"ms_guardada": statistics.median(ta), "ms_redactando": statistics.median(tb),
            "razon": statistics.median(a / b for a, b in zip(ta, tb))}


def medir_pdf_de_una_vez(muestra: Path, carpeta: Path, veces: int) -> dict:
    """El PDF de la página sin LibreOffice caliente (un arranque por documento), para comparar."""
    casos = carpeta / "web-pdf-de-una-vez"
    casos.mkdir()
    shutil.copy(muestra, casos / "c.yaml")
    entorno = dict(os.environ, RESOLUCIONES_PYTHON_UNO="/bin/false")
    proceso, puerto = _arrancar(casos, 1, entorno)
    try:
        return _carga(puerto, ("GET", "/caso/c.yaml/descargar.pdf", None, {}), 1, veces)
    finally:
        _detener(proceso)
