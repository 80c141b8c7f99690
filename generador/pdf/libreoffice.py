"""Conversión a PDF con LibreOffice, muchos documentos por cada arranque.

Arrancar LibreOffice cuesta más de un segundo; convertir un documento ya arrancado,
una fracción de eso. Por eso nunca se arranca una vez por documento: se le pasan todos
los .docx de una tanda en una sola llamada ``soffice --convert-to pdf``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion

VARIABLE = "RESOLUCIONES_SOFFICE"
VARIABLE_TIEMPO = "RESOLUCIONES_PDF_TIEMPO"
TANDA = 200  # documentos por arranque: acota la línea de comandos
TIEMPO = 120.0  # segundos por documento (el primero incluye el arranque de LibreOffice)

INSTRUCCIONES = (
    "no se encontró LibreOffice (el programa «soffice»), que convierte a PDF. Instálelo "
    "(Debian o Ubuntu: «sudo apt-get install libreoffice-writer-nogui»; Windows o macOS: "
    "https://es.libreoffice.org) o indique la ruta de soffice en la variable RESOLUCIONES_SOFFICE"
)


def buscar_soffice() -> str:
    """Ruta de soffice: la variable de entorno, o el PATH."""
    configurado = os.environ.get(VARIABLE)
    if configurado:
        if Path(configurado).is_file() and os.access(configurado, os.X_OK):
            return configurado
        raise ErrorDeUsuario(f"{VARIABLE}={configurado}: no es un programa ejecutable; {INSTRUCCIONES}")
    for nombre in ("soffice", "libreoffice"):
        ruta = shutil.which(nombre)
        if ruta:
            return ruta
    raise ErrorDeUsuario(INSTRUCCIONES)


def tiempo_por_documento() -> float:
    """Segundos que LibreOffice tiene para cada documento (``RESOLUCIONES_PDF_TIEMPO``).

    El plazo corre por documento, no por tanda: mientras aparezcan PDF, LibreOffice avanza;
    si pasa este tiempo sin ninguno nuevo, está colgado (un documento que lo traba, un
    diálogo invisible) y se detiene, en lugar de esperar una hora por una tanda entera."""
    texto = os.environ.get(VARIABLE_TIEMPO, "").strip()
    if not texto:
        return TIEMPO
    try:
        tiempo = float(texto)
    except ValueError:
        tiempo = 0.0
    if not 0 < tiempo <= 86_400:
        raise ErrorDeUsuario(f"{VARIABLE_TIEMPO}={texto}: debe ser un número de segundos mayor que 0 (p. ej. 120)")
    return tiempo


def _terminar_grupo(proceso: subprocess.Popen) -> None:
    """Mata el grupo de procesos de LibreOffice entero: soffice arranca soffice.bin y otros
    hijos que, si solo muere el primero, quedan vivos con el perfil y los archivos abiertos."""
    try:
        os.killpg(proceso.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # el grupo ya terminó
    proceso.wait()


def _completo(pdf: Path) -> bool:
    """Si LibreOffice terminó de escribir ese PDF: existe y acaba en «%%EOF». Mientras lo
    escribe ya existe, y uno cortado a la mitad (al colgarse) no cuenta como convertido."""
    try:
        with pdf.open("rb") as archivo:
            archivo.seek(max(archivo.seek(0, os.SEEK_END) - 64, 0))
            return b"%%EOF" in archivo.read()
    except OSError:
        return False


def _correr_tanda(orden: list[str], salidas: list[Path], tiempo: float) -> tuple[int, str, bool]:
    """Corre una llamada de soffice; devuelve cuántos PDF produjo (en orden) antes de
    terminar o de colgarse, un mensaje de error (vacío si terminó bien) y si se colgó."""
    with tempfile.TemporaryFile() as bitacora:
        try:
            # Su propio grupo de procesos (start_new_session): así se le puede terminar
            # con todos sus hijos. Salida a un archivo y no a una tubería: una tubería que
            # nadie lee mientras se espera podría llenarse y trabarlo.
            proceso = subprocess.Popen(orden, stdin=subprocess.DEVNULL, stdout=bitacora, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        except OSError as exc:
            raise ErrorDeUsuario(f"no se pudo ejecutar LibreOffice ({exc.strerror}); {INSTRUCCIONES}") from None
        hechos, limite = 0, time.monotonic() + tiempo
        try:
            while True:
                try:
                    codigo = proceso.wait(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    pass
                listos = hechos
                while listos < len(salidas) and _completo(salidas[listos]):
                    listos += 1
                if listos > hechos:
                    hechos, limite = listos, time.monotonic() + tiempo
                elif time.monotonic() > limite:
                    _terminar_grupo(proceso)
                    # El PDF a medio escribir del documento que lo colgó no sirve.
                    if hechos < len(salidas):
                        salidas[hechos].unlink(missing_ok=True)
                    return hechos, (f"LibreOffice no terminó de convertir el documento a PDF en {tiempo:g} s y se detuvo "
                                    f"(el plazo por documento se cambia con {VARIABLE_TIEMPO})"), True
        finally:
            _terminar_grupo(proceso)  # también lo que haya dejado vivo al terminar (o un Ctrl-C)
        hechos = next((i for i, s in enumerate(salidas) if not _completo(s)), len(salidas))
        if codigo != 0:
            bitacora.seek(0)
            detalle = bitacora.read()[-4000:].decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            return hechos, f"LibreOffice falló al convertir a PDF ({detalle[0]})", False
        return hechos, "", False


def convertir_cada(documentos: list[Path], carpeta: Path) -> list[Path | ErrorDeUsuario]:
    """Convierte los .docx a PDF en ``carpeta`` con el menor número de arranques; devuelve,
    en el orden de ``documentos``, el PDF de cada uno o el error que lo impidió.

    Un documento que cuelga a LibreOffice es un error de ese documento: se detiene
    LibreOffice y los siguientes se convierten en un arranque nuevo. Si el arranque nuevo
    también se cuelga sin convertir nada, LibreOffice no responde y los demás no se intentan
    (cada uno costaría otro plazo completo)."""
    if not documentos:
        return []
    soffice = buscar_soffice()
    tiempo = tiempo_por_documento()
    resultados: list[Path | ErrorDeUsuario] = []
    with tempfile.TemporaryDirectory(prefix="resoluciones-lo-") as perfil:
        # Un perfil de usuario propio: no choca con un LibreOffice abierto por la persona.
        perfil_url = Path(perfil).as_uri()
        pendientes, colgados_seguidos = list(documentos), 0
        while pendientes:
            tanda = pendientes[:TANDA]
            salidas = [carpeta / (d.stem + ".pdf") for d in tanda]
            for salida in salidas:
                salida.unlink(missing_ok=True)  # uno viejo pasaría por recién convertido
            orden = [soffice, f"-env:UserInstallation={perfil_url}", "--headless", "--norestore", "--nolockcheck",
                     "--convert-to", "pdf", "--outdir", str(carpeta), *map(str, tanda)]
            hechos, fallo, colgado = _correr_tanda(orden, salidas, tiempo)
            resultados += salidas[:hechos]
            if not fallo:
                resultados += [ErrorDeUsuario(Problema("LibreOffice no produjo el PDF", Ubicacion(str(s))))
                               for s in salidas[hechos:]]
                pendientes = pendientes[len(tanda):]
                continue
            if not colgado:  # falló sin colgarse: el resto de la tanda no se convirtió
                resultados += [ErrorDeUsuario(Problema(fallo, Ubicacion(str(d)))) for d in tanda[hechos:]]
                pendientes = pendientes[len(tanda):]
                continue
            colgados_seguidos = 1 if hechos else colgados_seguidos + 1
            resultados.append(ErrorDeUsuario(Problema(fallo, Ubicacion(str(tanda[hechos])))))
            pendientes = pendientes[hechos + 1:]
            if colgados_seguidos >= 2:
                resultados += [ErrorDeUsuario(Problema(
                    "no se convirtió: LibreOffice dejó de responder con los documentos anteriores", Ubicacion(str(d))))
                    for d in pendientes]
                pendientes = []
    return resultados


def convertir(documentos: list[Path], carpeta: Path) -> list[Path]:
    """Como ``convertir_cada``, pero todo o nada: devuelve la ruta de cada PDF, en el orden
    de ``documentos``, o un error con todos los que fallaron."""
    resultados = convertir_cada(documentos, carpeta)
    problemas = [p for r in resultados if isinstance(r, ErrorDeUsuario) for p in r.problemas]
    if problemas:
        raise ErrorDeUsuario(problemas)
    return resultados  # type: ignore[return-value]


def docx_a_pdf(datos: bytes, nombre: str = "resolucion") -> bytes:
    """Convierte un documento en memoria y devuelve los bytes del PDF."""
    with tempfile.TemporaryDirectory(prefix="resoluciones-pdf-") as temporal:
        carpeta = Path(temporal)
        docx = carpeta / f"{nombre}.docx"
        docx.write_bytes(datos)
        try:
            (pdf,) = convertir([docx], carpeta)
        except ErrorDeUsuario as exc:
            # La ruta es la de una carpeta temporal que ya no existe: no le sirve a nadie.
            raise ErrorDeUsuario([Problema(p.mensaje) for p in exc.problemas]) from None
        return pdf.read_bytes()
