"""Conversión a PDF con LibreOffice, muchos documentos por cada arranque.

Arrancar LibreOffice cuesta más de un segundo; convertir un documento ya arrancado,
una fracción de eso. Por eso nunca se arranca una vez por documento: se le pasan todos
los .docx de una tanda en una sola llamada ``soffice --convert-to pdf``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errores import ErrorDeUsuario, Problema, Ubicacion

VARIABLE = "RESOLUCIONES_SOFFICE"
TANDA = 200  # documentos por arranque: acota la línea de comandos y el tiempo de cada llamada

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


def convertir(documentos: list[Path], carpeta: Path) -> list[Path]:
    """Convierte los .docx a PDF en ``carpeta`` con el menor número de arranques.

    Devuelve la ruta de cada PDF, en el orden de ``documentos``."""
    if not documentos:
        return []
    soffice = buscar_soffice()
    with tempfile.TemporaryDirectory(prefix="resoluciones-lo-") as perfil:
        # Un perfil de usuario propio: no choca con un LibreOffice abierto por la persona.
        perfil_url = Path(perfil).as_uri()
        for inicio in range(0, len(documentos), TANDA):
            tanda = documentos[inicio:inicio + TANDA]
            orden = [soffice, f"-env:UserInstallation={perfil_url}", "--headless", "--norestore", "--nolockcheck",
                     "--convert-to", "pdf", "--outdir", str(carpeta), *map(str, tanda)]
            try:
                resultado = subprocess.run(orden, capture_output=True, text=True, timeout=60 + 20 * len(tanda),
                                           stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise ErrorDeUsuario("LibreOffice no terminó la conversión a PDF a tiempo") from None
            except OSError as exc:
                raise ErrorDeUsuario(f"no se pudo ejecutar LibreOffice ({exc.strerror}); {INSTRUCCIONES}") from None
            if resultado.returncode != 0:
                detalle = (resultado.stderr or resultado.stdout).strip().splitlines()[-1:] or [""]
                raise ErrorDeUsuario(f"LibreOffice falló al convertir a PDF ({detalle[0]})")
    salidas = [carpeta / (d.stem + ".pdf") for d in documentos]
    faltan = [s for s in salidas if not s.is_file()]
    if faltan:
        raise ErrorDeUsuario([Problema("LibreOffice no produjo el PDF", Ubicacion(str(s))) for s in faltan])
    return salidas


def docx_a_pdf(datos: bytes, nombre: str = "resolucion") -> bytes:
    """Convierte un documento en memoria y devuelve los bytes del PDF."""
    with tempfile.TemporaryDirectory(prefix="resoluciones-pdf-") as temporal:
        carpeta = Path(temporal)
        docx = carpeta / f"{nombre}.docx"
        docx.write_bytes(datos)
        (pdf,) = convertir([docx], carpeta)
        return pdf.read_bytes()
