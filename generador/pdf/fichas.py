"""Las fichas: cuántos LibreOffice puede haber vivos a la vez entre todos los procesos de un servidor.

Por qué: cada proceso de gunicorn tiene sus propios conversores (``caliente.py``) y, con
cuatro procesos y ``RESOLUCIONES_PDF_CONVERSORES=2``, repartir el total entre ellos daba al
menos uno a cada uno: cuatro LibreOffice vivos. Con las fichas, un proceso arranca un
LibreOffice (caliente o de una sola vez) solo mientras tiene una, y la guarda mientras ese
LibreOffice vive; hay tantas fichas como el total.

Una ficha es un candado exclusivo (``fcntl.flock``) sobre uno de N archivos de una carpeta
temporal que el proceso principal crea antes de crear los demás (los hijos la heredan por su
ruta). No un semáforo POSIX (``multiprocessing.BoundedSemaphore``): si gunicorn mata con
SIGKILL a un proceso que vence su plazo, el semáforo no se devuelve nunca y el servidor queda
con una ficha menos para siempre; el candado lo suelta el núcleo cuando muere el último que
tiene abierto el archivo (el proceso y el ayudante de su LibreOffice, que lo hereda y, al
quedarse sin quien le escriba, mata a su soffice y sale).

Quien necesita un PDF y no tiene conversor anuncia que espera (un candado compartido sobre
``espera``); un proceso que termina una conversión, o que tiene uno ocioso, y ve a alguien
esperando apaga el suyo y suelta su ficha: con varios a la vez el total se respeta y nadie se
queda sin turno; sin nadie esperando, los conversores siguen calientes. Solo Linux y macOS
(``fcntl``): en Windows (waitress, un proceso) basta el tope de ``Conversores``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: un solo proceso, sin fichas
    fcntl = None  # type: ignore[assignment]

from ..errores import ErrorDeUsuario

PAUSA = 0.05  # segundos entre intentos de quien espera una ficha


def hay_fichas() -> bool:
    return fcntl is not None


def mensaje_de_espera(tiempo: float) -> str:
    return (f"el servidor está convirtiendo otros documentos a PDF y no hubo un LibreOffice libre en "
            f"{tiempo:g} s; vuelva a intentarlo en un momento (el número de LibreOffice a la vez se "
            "cambia con RESOLUCIONES_PDF_CONVERSORES o «conversores_pdf»)")


class Ficha:
    """Una ficha tomada: el descriptor con el candado. ``soltar`` la devuelve."""

    def __init__(self, descriptor: int, numero: int):
        self.descriptor, self.numero = descriptor, numero

    def soltar(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)  # cierra y suelta el candado (si nadie más lo heredó)
            self.descriptor = -1

    def olvidar(self) -> None:
        """Tras un fork: el candado es del padre; el hijo cierra su copia sin soltarlo."""
        self.soltar()  # flock: cerrar una copia heredada no lo suelta mientras el padre la tenga


class Fichas:
    """``total`` fichas en ``carpeta`` (la crea el primero; los procesos hijos la heredan)."""

    def __init__(self, total: int, carpeta: str | None = None):
        self.total = total
        self._propia = carpeta is None
        self.carpeta = Path(carpeta or tempfile.mkdtemp(prefix="resoluciones-fichas-"))
        self._creador = os.getpid()
        for i in range(total):
            (self.carpeta / f"ficha-{i}").touch()
        (self.carpeta / "espera").touch()

    def _abrir(self, nombre: str) -> int:
        """El archivo de la carpeta, creado de nuevo si falta: un limpiador de /tmp
        (systemd-tmpfiles borra lo que no cambia en días) o un ``borrar`` anterior no deben
        dejar a un servidor que lleva semanas encendido sin PDF ni tirar al vigía de los
        conversores. Una carpeta que ya no es de este usuario no se usa."""
        try:
            return os.open(self.carpeta / nombre, os.O_RDWR)
        except FileNotFoundError:
            os.makedirs(self.carpeta, mode=0o700, exist_ok=True)
            if os.stat(self.carpeta).st_uid != os.getuid():
                raise PermissionError(f"{self.carpeta}: la carpeta de las fichas no es de este usuario") from None
            return os.open(self.carpeta / nombre, os.O_RDWR | os.O_CREAT, 0o600)

    def tomar_si_hay(self) -> Ficha | None:
        """Una ficha libre, sin esperar; None si todas están tomadas."""
        for i in range(self.total):
            descriptor = self._abrir(f"ficha-{i}")
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)
                continue
            return Ficha(descriptor, i)
        return None

    def alguien_espera(self) -> bool:
        """Si algún proceso sin conversor espera una ficha (tiene el candado compartido de ``espera``)."""
        try:
            descriptor = self._abrir("espera")
        except OSError:
            return False  # sin la carpeta no hay anuncio que ver: el conversor sigue como está
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(descriptor)
        return False

    def anunciar(self) -> int:
        """Anuncia que este proceso espera una ficha; devuelve lo que ``retirar`` necesita."""
        descriptor = self._abrir("espera")
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        return descriptor

    @staticmethod
    def retirar(anuncio: int) -> None:
        os.close(anuncio)

    def esperar(self, tiempo: float) -> Ficha:
        """Una ficha, anunciando la espera (detrás de quien ya espera: no se le gana la que
        se suelte); si en ``tiempo`` s no hay, un ``ErrorDeUsuario``."""
        if not self.alguien_espera() and (ficha := self.tomar_si_hay()) is not None:
            return ficha
        limite = time.monotonic() + tiempo
        anuncio = self.anunciar()
        try:
            while (ficha := self.tomar_si_hay()) is None:
                if time.monotonic() >= limite:
                    raise ErrorDeUsuario(mensaje_de_espera(tiempo))
                time.sleep(PAUSA)
            return ficha
        finally:
            self.retirar(anuncio)

    def borrar(self) -> None:
        """Borra la carpeta (solo quien la creó, y al final: al salir el servidor)."""
        if self._propia and os.getpid() == self._creador:
            shutil.rmtree(self.carpeta, ignore_errors=True)
