"""Un LibreOffice que se queda arrancado entre documentos (``Conversor``) y el grupo acotado de ellos (``Conversores``).

Por qué: arrancar LibreOffice cuesta más de un segundo y convertir un documento con él ya
arrancado, una fracción; quien espera un PDF en la página no debe pagar el arranque cada vez.
El Python del proyecto no puede importar la API de LibreOffice (``uno``), así que cada
conversor es un proceso ayudante (``ayudante_uno.py``, con el Python del sistema) que arranca
y maneja un soffice; se le habla por su entrada y su salida estándar, un documento por línea.

Las garantías de la conversión de una sola vez (``libreoffice.py``) siguen: cada documento
tiene ``RESOLUCIONES_PDF_TIEMPO`` segundos; si no termina, se mata el grupo de procesos entero
(ayudante, soffice y sus hijos: nada queda huérfano) y el siguiente documento arranca uno
nuevo; si LibreOffice murió, se arranca de nuevo. Nunca hay más de ``maximo`` a la vez y, con
``fichas`` (``fichas.py``, el servidor con varios procesos), cada uno vive con una ficha: entre
todos los procesos, nunca más que el total. Si el ayudante se queda sin quien le escriba (el
servidor murió), mata a su LibreOffice y sale.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errores import ErrorDeUsuario
from .fichas import PAUSA, Ficha, Fichas, mensaje_de_espera
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


def maximo_de_conversores(por_omision: int = MAXIMO) -> int:
    """Cuántos LibreOffice calientes puede haber a la vez (``RESOLUCIONES_PDF_CONVERSORES``, o
    ``por_omision`` si no se dice)."""
    texto = os.environ.get(VARIABLE_MAXIMO, "").strip()
    if not texto:
        return por_omision
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


def _vivos_del_grupo(grupo: int) -> bool:
    """¿Queda en el grupo algún proceso que no sea zombi? En Linux se lee /proc (un proceso
    que recibió SIGKILL sigue ahí, liberando su memoria, un momento después de la señal; un
    zombi ya no corre ni ocupa memoria); en otro sistema, basta con que el grupo responda."""
    if not os.path.isdir("/proc/self"):
        try:
            os.killpg(grupo, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for nombre in os.listdir("/proc"):
        if not nombre.isdigit():
            continue
        try:
            with open(f"/proc/{nombre}/stat", "rb") as archivo:
                campos = archivo.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(campos) > 2 and campos[0] != b"Z" and int(campos[2]) == grupo:
            return True
    return False


def _esperar_fin_del_grupo(grupo: int, segundos: float = 5.0) -> None:
    """Tras matar el grupo: se espera a que sus procesos (soffice.bin, hijo del ayudante y ya
    sin padre) terminen de salir, para que al apagar un conversor de verdad no quede nada
    corriendo ni ocupando memoria, y un conversor nuevo no se sume a uno que aún se apaga."""
    limite = time.monotonic() + segundos
    while _vivos_del_grupo(grupo) and time.monotonic() < limite:
        time.sleep(0.01)


class Conversor:
    """Un ayudante con su LibreOffice: se arranca con el primer documento y se reutiliza."""

    def __init__(self, soffice: str, python: str, tiempo: float, ficha: Ficha | None = None):
        self.soffice, self.python, self.tiempo = soffice, python, tiempo
        self.ficha = ficha  # con la que vive (la hereda el ayudante: muerto este proceso, la tiene él)
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
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                pass_fds=(self.ficha.descriptor,) if self.ficha is not None else ())
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
            _esperar_fin_del_grupo(self.proceso.pid)
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
    """A lo sumo ``maximo`` conversores; quien pide uno cuando todos están ocupados espera.

    Con ``fichas``, además, cada conversor se arranca solo con una ficha libre y la suelta al
    apagarse; si no hay, este proceso (si no tiene ninguno) anuncia que espera, hasta
    ``tiempo`` s. Al terminar un documento, o mientras está ocioso (un hilo vigía), un
    conversor se apaga si alguien espera: así se turnan los procesos sin pasar del total."""

    def __init__(self, maximo: int | None = None, soffice: str | None = None, fichas: Fichas | None = None):
        self.soffice = soffice or buscar_soffice()
        self.python = buscar_python_uno(self.soffice)
        self.tiempo = tiempo_por_documento()
        self.maximo = maximo or maximo_de_conversores()
        self.fichas = fichas
        self._libres: list[Conversor] = []  # el último devuelto, el primero en salir
        self._todos: list[Conversor] = []
        self._condicion = threading.Condition()
        self._vigia: threading.Thread | None = None

    @property
    def disponible(self) -> bool:
        return self.python is not None

    @property
    def arranques(self) -> int:
        return sum(c.arranques for c in self._todos)

    def _nuevo(self, en_fila: bool) -> Conversor | None:
        """Un conversor más, si hay lugar (y ficha). Si otro proceso espera, no se le gana la
        ficha: quien no está en la fila se pone en ella (si no, el que acaba de cederla la
        volvería a tomar con el siguiente documento, antes que quien espera)."""
        if len(self._todos) >= self.maximo:
            return None
        ficha = None
        if self.fichas is not None:
            if not en_fila and self.fichas.alguien_espera():
                return None
            ficha = self.fichas.tomar_si_hay()
            if ficha is None:
                return None
        conversor = Conversor(self.soffice, self.python, self.tiempo, ficha)
        self._todos.append(conversor)
        return conversor

    def _tomar(self) -> Conversor:
        limite = time.monotonic() + self.tiempo
        anuncio = None
        try:
            with self._condicion:
                while True:
                    if self._libres:
                        return self._libres.pop()  # el caliente más reciente: los demás pueden dormir
                    conversor = self._nuevo(anuncio is not None)
                    if conversor is not None:
                        return conversor
                    if self.fichas is None:
                        self._condicion.wait()  # sin fichas, solo se espera a los de este proceso
                        continue
                    if not self._todos and anuncio is None:
                        anuncio = self.fichas.anunciar()
                    elif self._todos and anuncio is not None:
                        Fichas.retirar(anuncio)
                        anuncio = None
                    restante = limite - time.monotonic()
                    if restante <= 0:
                        raise ErrorDeUsuario(mensaje_de_espera(self.tiempo))
                    self._condicion.wait(min(restante, PAUSA))
        finally:
            if anuncio is not None:
                Fichas.retirar(anuncio)

    def _quitar(self, conversor: Conversor) -> None:
        """Apaga un conversor y suelta su ficha (primero lo apaga: nunca más vivos que fichas)."""
        conversor.terminar()
        if conversor.ficha is not None:
            conversor.ficha.soltar()
        if conversor in self._todos:
            self._todos.remove(conversor)

    def _devolver(self, conversor: Conversor) -> None:
        with self._condicion:
            if self.fichas is not None and (not conversor.vivo() or self.fichas.alguien_espera()):
                self._quitar(conversor)
            else:
                self._libres.append(conversor)
                if self.fichas is not None and self._vigia is None:
                    self._vigia = threading.Thread(target=self._vigilar, name="vigia-de-fichas", daemon=True)
                    self._vigia.start()
            self._condicion.notify()

    def _vigilar(self) -> None:
        """Mientras haya conversores ociosos: si alguien espera ficha (o uno murió), se apaga uno."""
        while True:
            time.sleep(2 * PAUSA)
            with self._condicion:
                if not self._libres:
                    self._vigia = None
                    return
                for conversor in list(self._libres):
                    if not conversor.vivo() or self.fichas.alguien_espera():
                        self._libres.remove(conversor)
                        self._quitar(conversor)
                        self._condicion.notify()
                        break

    def convertir(self, docx: Path, pdf: Path) -> None:
        if self.python is None:
            raise SinConversor("no hay un Python con la API de LibreOffice (uno)")
        conversor = self._tomar()
        try:
            conversor.convertir(docx, pdf)
        finally:
            self._devolver(conversor)

    def cerrar(self) -> None:
        with self._condicion:
            for conversor in list(self._todos):
                self._quitar(conversor)
            self._libres = []

    def olvidar(self) -> None:
        """Tras un fork: los procesos son del padre; el hijo no los usa ni los mata (cierra su
        copia de las fichas sin soltarlas: siguen siendo del padre)."""
        for conversor in self._todos:
            if conversor.ficha is not None:
                conversor.ficha.olvidar()
        self._todos, self._libres = [], []
        self._condicion, self._vigia = threading.Condition(), None
