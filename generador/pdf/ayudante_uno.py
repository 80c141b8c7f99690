"""El ayudante que mantiene caliente un LibreOffice: lo corre el Python del sistema, no el del proyecto.

Por qué existe: la API de LibreOffice (``uno``) solo se importa desde el Python con que se
compiló LibreOffice (en Debian, ``/usr/bin/python3`` con el paquete ``python3-uno``), y el
entorno del proyecto es otro. Este programa corre aparte, arranca ``soffice`` como hijo suyo
(en su mismo grupo de procesos, que el proyecto mata entero si algo se cuelga), se conecta
por una tubería con nombre (no un puerto: ningún otro programa de la red puede hablarle) y
atiende un documento por línea en su entrada estándar:

    {"docx": "/ruta/a.docx", "pdf": "/ruta/a.pdf"}   →   {"ok": true}  |  {"error": "…"}

Al arrancar escribe ``{"listo": true, "pid": <pid de soffice>}``. Cuando su entrada se cierra
(el servidor o el lote terminó, o murió), mata a LibreOffice y sale: no deja huérfanos.

No importa nada de ``generador`` (corre con otro intérprete); ``uno`` se importa dentro de
``main`` para que el resto del proyecto pueda leer este archivo sin tenerlo.
"""

import json
import os
import signal
import subprocess
import sys
import time


def _responder(**datos) -> None:
    sys.stdout.write(json.dumps(datos, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _propiedades(uno, **valores):
    from com.sun.star.beans import PropertyValue  # solo existe tras importar uno

    salida = []
    for nombre, valor in valores.items():
        propiedad = PropertyValue()
        propiedad.Name, propiedad.Value = nombre, valor
        salida.append(propiedad)
    return tuple(salida)


def _conectar(uno, tuberia: str, soffice: subprocess.Popen, limite: float):
    """El escritorio de LibreOffice, en cuanto acepta conexiones (tarda ~1 s en arrancar)."""
    local = uno.getComponentContext()
    resolvedor = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            contexto = resolvedor.resolve(f"uno:pipe,name={tuberia};urp;StarOffice.ComponentContext")
            return contexto.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", contexto)
        except Exception:  # noqa: BLE001 (NoConnectException de uno: todavía no escucha)
            if soffice.poll() is not None:
                raise RuntimeError(f"LibreOffice terminó al arrancar (código {soffice.returncode})")
            if time.monotonic() > limite:
                raise RuntimeError("LibreOffice no aceptó la conexión a tiempo")
            time.sleep(0.05)


def _convertir(uno, escritorio, docx: str, pdf: str) -> None:
    documento = escritorio.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0,
                                                _propiedades(uno, Hidden=True, ReadOnly=True))
    if documento is None:
        raise RuntimeError("LibreOffice no pudo abrir el documento")
    try:
        documento.storeToURL(uno.systemPathToFileUrl(pdf), _propiedades(uno, FilterName="writer_pdf_Export"))
    finally:
        documento.close(True)


def main(argumentos: list[str]) -> int:
    soffice_ruta, perfil_url, tuberia, plazo = argumentos[0], argumentos[1], argumentos[2], float(argumentos[3])
    try:
        import uno  # solo en el Python de LibreOffice
    except ImportError as exc:
        _responder(error=f"este Python no tiene la API de LibreOffice (uno): {exc}")
        return 3
    soffice = subprocess.Popen(
        [soffice_ruta, f"-env:UserInstallation={perfil_url}", "--headless", "--invisible", "--nologo",
         "--norestore", "--nolockcheck", "--nodefault", f"--accept=pipe,name={tuberia};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        try:
            escritorio = _conectar(uno, tuberia, soffice, time.monotonic() + plazo)
        except Exception as exc:  # noqa: BLE001 (se informa a quien lo arrancó)
            _responder(error=str(exc))
            return 4
        _responder(listo=True, pid=soffice.pid)
        for linea in sys.stdin:
            try:
                pedido = json.loads(linea)
                _convertir(uno, escritorio, pedido["docx"], pedido["pdf"])
                _responder(ok=True)
            except Exception as exc:  # noqa: BLE001 (las de uno no derivan de nada común; un documento que falla no detiene a los siguientes)
                if soffice.poll() is not None:
                    _responder(error=f"LibreOffice terminó (código {soffice.returncode})", murio=True)
                    return 5
                _responder(error=str(exc) or type(exc).__name__)
        return 0
    finally:
        # La entrada se cerró (o algo falló): LibreOffice no sobrevive a su ayudante. soffice
        # es un lanzador que deja a soffice.bin como hijo: se mata el grupo entero, que es el
        # de este ayudante cuando lo arrancó el proyecto (y este proceso con él).
        sys.stdout.flush()
        if os.getpgrp() == os.getpid():
            os.killpg(0, signal.SIGKILL)
        soffice.kill()
        soffice.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
