"""Un LibreOffice que se queda arrancado entre documentos (``Conversor``) y el grupo acotado de ellos (``Conversores``).

Por qué: arrancar LibreOffice cuesta más de un segundo y convertir un documento con él ya
arrancado, una fracción; quien espera un PDF en la página no debe pagar el arranque cada vez.
El Python del proyecto no puede importar la API de LibreOffice (``uno``), así que cada
conversor es un proceso ayudante (``ayudante_uno.py``, con el Python del sistema) que arranca
y maneja un soffice; se le habla por su entrada y su salida estándar, un documento por línea.

Las garantías de la conversión de una sola vez (``libreoffice.py``) siguen: cada documento
tiene ``RESOLUCIONES_PDF_TIEMPO`` segundos; si no termina, se mata el grupo de procesos entero
(ayudante, soffice y sus hijos: nada queda huérfano) y el siguiente documento arranca uno
nuevo; si LibreOffice murió, se arranca de nuevo. Nunca hay más de ``maximo`` a la vez. Si el
ayudante se queda sin quien le escriba (el servidor murió), mata a su LibreOffice y sale.
"""

from __future__ import annotations

import json
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errores import ErrorDeUsuario
from .libreoffice import (
    VARIABLE_TIEMPO,
    _completo,
    buscar_soffice,
    tiempo_por_documento,
)

AYUDANTE = Path(__file__).with_name("ayudante_uno.py")
VARIABLE_PYTHON = "RESOLUCIONES_PYTHON_UNO"
VARIABLE_MAXIMO = "RESOLUCIONES_PDF_CONVERSORES"
MAXIMO = 2  # LibreOffice calientes a la vez, por omisión: uno por núcleo de una máquina chica


class SinConversor(Exception):
    """No se pudo arrancar un LibreOffice caliente (sin ``uno``, o un soffice que no acepta
    conexiones): quien llama usa la conversión de una sola vez."""


def maximo_de_conversores() -> int:
    """Cuántos LibreOffice calientes puede haber a la vez (``RESOLUCIONES_PDF_CONVERSORES``)."""
    texto = os.environ.get(VARIABLE_MAXIMO, "").strip()
    if not texto:
        return MAXIMO
    if not texto.isdigit() or not 1 <= int(texto) <= 64:
        raise ErrorDeUsuario(f"{VARIABLE_MAXIMO}={texto}: debe ser un número entero de 1 a 64 (p. ej. 2)")
    return int(texto)


_pythons: dict[str, str | None] = {}


def buscar_python_uno(soffice: str) -> str | None:
    """Un Python que importa ``uno``: ``RESOLUCIONES_PYTHON_UNO``, el que trae LibreOffice
    (Windows, macOS) o el del sistema (Debian: ``python3-uno``). None si no hay ninguno."""
    if soffice in _pythons:
        return _pythons[soffice]
    configurado = os.environ.get(VARIABLE_PYTHON)
    candidatos = [configurado] if configurado else [
        str(Path(soffice).resolve().parent / "python"), "/usr/bin/python3", shutil.which("python3") or ""]
    encontrado = None
    for candidato in candidatos:
        if not candidato or not os.access(candidato, os.X_OK) or Path(candidato).is_dir():
            continue
        try:
            prueba = subprocess.run([candidato, "-c", "import uno"], capture_output=True, timeout=30,
                                    stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if prueba.returncode == 0:
            encontrado = candidato
            break
    _pythons[soffice] = encontrado
    return encontrado


def _mensaje_de_plazo(tiempo: float) -> str:
    return (f"LibreOffice no terminó de convertir el documento a PDF en {tiempo:g} s y se detuvo "
            f"(el plazo por documento se cambia con {VARIABLE_TIEMPO})")


class Conversor:
    """Un ayudante con su LibreOffice: se arranca con el primer documento y se reutiliza."""

    def __init__(self, soffice: str, python: str, tiempo: float):
        self.soffice, self.python, self.tiempo = soffice, python, tiempo
        self.proceso: subprocess.Popen | None = None
        self.arranques = 0
        self.pid_soffice: int | None = None
        self._perfil: str | None = None
        self._pendiente = b""

    def vivo(self) -> bool:
        return self.proceso is not None and self.proceso.poll() is None

    def _leer(self, tiempo: float) -> dict | None:
        """La siguiente respuesta del ayudante; None si no llega en ``tiempo`` segundos."""
        limite = time.monotonic() + tiempo
        descriptor = self.proceso.stdout.fileno()
        while b"\n" not in self._pendiente:
            restante = limite - time.monotonic()
            if restante <= 0:
                return None
            listos, _, _ = select.select([descriptor], [], [], min(restante, 1.0))
            if not listos:
                continue
            trozo = os.read(descriptor, 65536)
            if not trozo:
                return {"error": "el ayudante de LibreOffice terminó", "murio": True}
            self._pendiente += trozo
        linea, self._pendiente = self._pendiente.split(b"\n", 1)
        try:
            return json.loads(linea)
        except ValueError:
            return {"error": linea.decode("utf-8", "replace")[:200]}

    def _arrancar(self) -> None:
        self.terminar()
        self._perfil = tempfile.mkdtemp(prefix="resoluciones-lo-")  # su propio perfil de usuario
        tuberia = f"resoluciones-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            # Su propio grupo de procesos: así se le termina con soffice y todos sus hijos.
            self.proceso = subprocess.Popen(
                [self.python, str(AYUDANTE), self.soffice, Path(self._perfil).as_uri(), tuberia, f"{self.tiempo:g}"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise SinConversor(f"no se pudo ejecutar {self.python} ({exc.strerror})") from None
        respuesta = self._leer(self.tiempo)
        if respuesta is None or not respuesta.get("listo"):
            self.terminar()
            raise SinConversor((respuesta or {}).get("error") or f"LibreOffice no arrancó en {self.tiempo:g} s")
        self.arranques += 1
        self.pid_soffice = respuesta.get("pid")

    def convertir(self, docx: Path, pdf: Path) -> None:
        """Convierte un documento; si LibreOffice murió (antes o durante), lo arranca una vez
        más. Un plazo vencido es un ``ErrorDeUsuario`` y deja el conversor apagado."""
        for intento in (1, 2):
            if not self.vivo():
                self._arrancar()
            pdf.unlink(missing_ok=True)  # uno viejo pasaría por recién convertido
            try:
                self.proceso.stdin.write(json.dumps({"docx": str(docx), "pdf": str(pdf)}).encode() + b"\n")
                self.proceso.stdin.flush()
            except OSError:  # murió entre documentos
                respuesta = {"error": "el ayudante de LibreOffice terminó", "murio": True}
            else:
                respuesta = self._leer(self.tiempo)
            if respuesta is None:
                self.terminar()
                pdf.unlink(missing_ok=True)  # el PDF a medio escribir no sirve
                raise ErrorDeUsuario(_mensaje_de_plazo(self.tiempo))
            if respuesta.get("ok"):
                if not _completo(pdf):
                    raise ErrorDeUsuario("LibreOffice no produjo el PDF")
                return
            if respuesta.get("murio"):
                self.terminar()
                if intento == 1:
                    continue
            raise ErrorDeUsuario(f"LibreOffice falló al convertir a PDF ({respuesta.get('error', '')})")

    def terminar(self) -> None:
        """Mata el grupo de procesos entero (ayudante, soffice, soffice.bin) y borra el perfil."""
        if self.proceso is not None:
            try:
                os.killpg(self.proceso.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # el grupo ya terminó
            self.proceso.wait()
            for tubo in (self.proceso.stdin, self.proceso.stdout):
                try:
                    tubo.close()
                except OSError:
                    pass
            self.proceso, self.pid_soffice, self._pendiente = None, None, b""
        if self._perfil is not None:
            shutil.rmtree(self._perfil, ignore_errors=True)
            self._perfil = None


class Conversores:
    """A lo sumo ``maximo`` conversores; quien pide uno cuando todos están ocupados espera."""

    def __init__(self, maximo: int | None = None, soffice: str | None = None):
        self.soffice = soffice or buscar_soffice()
        self.python = buscar_python_uno(self.soffice)
        self.tiempo = tiempo_por_documento()
        self.maximo = maximo or maximo_de_conversores()
        self._libres: queue.LifoQueue[Conversor] = queue.LifoQueue()
        self._todos: list[Conversor] = []
        self._candado = threading.Lock()

    @property
    def disponible(self) -> bool:
        return self.python is not None

    @property
    def arranques(self) -> int:
        return sum(c.arranques for c in self._todos)

    def _tomar(self) -> Conversor:
        with self._candado:
            if self._libres.empty() and len(self._todos) < self.maximo:
                conversor = Conversor(self.soffice, self.python, self.tiempo)
                self._todos.append(conversor)
                return conversor
        return self._libres.get()  # el caliente más reciente (LIFO): los demás pueden dormir

    def convertir(self, docx: Path, pdf: Path) -> None:
        if self.python is None:
            raise SinConversor("no hay un Python con la API de LibreOffice (uno)")
        conversor = self._tomar()
        try:
            conversor.convertir(docx, pdf)
        finally:
            self._libres.put(conversor)

    def cerrar(self) -> None:
        for conversor in self._todos:
            conversor.terminar()

    def olvidar(self) -> None:
        """Tras un fork: los procesos son del padre; el hijo no los usa ni los mata."""
        self._todos, self._libres = [], queue.LifoQueue()
