"""Quién usa los LibreOffice calientes: la página web (uno por proceso del servidor) y el lote en paralelo.

Por qué un módulo aparte: los conversores se arrancan a pedido, al primer PDF, y viven lo
que vive el proceso que los pidió; aquí está ese ciclo de vida (apagarlos al salir, no
heredarlos en un fork) y el respaldo: sin un Python con ``uno``, o con un soffice que no
acepta conexiones, se convierte como siempre, con un arranque por llamada (``libreoffice``).
``generar --formato pdf`` no pasa por aquí: un solo documento no gana nada con mantenerlo.
"""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .conversor import Conversores, SinConversor, maximo_de_conversores
from .libreoffice import convertir_cada, docx_a_pdf

_compartidos: Conversores | None = None
_maximo: int | None = None
_candado = threading.Lock()
_registro = logging.getLogger(__name__)


def configurar(maximo: int | None) -> None:
    """Cuántos LibreOffice calientes tiene este proceso (``servir`` lo reparte entre sus
    procesos para no pasar del total). Se aplica al siguiente arranque del grupo."""
    global _maximo
    _maximo = maximo


def compartidos() -> Conversores:
    """Los conversores de este proceso, creados (sin arrancar nada) la primera vez."""
    global _compartidos
    with _candado:
        if _compartidos is None:
            _compartidos = Conversores(_maximo)
        return _compartidos


def cerrar() -> None:
    """Apaga los LibreOffice de este proceso (al salir: ninguno queda huérfano)."""
    global _compartidos
    with _candado:
        if _compartidos is not None:
            _compartidos.cerrar()
            _compartidos = None


def _tras_fork() -> None:
    global _compartidos, _candado
    _candado = threading.Lock()
    if _compartidos is not None:
        _compartidos.olvidar()  # son del padre: el hijo arranca los suyos si los necesita
        _compartidos = None


atexit.register(cerrar)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_tras_fork)


def docx_a_pdf_caliente(datos: bytes, nombre: str = "resolucion") -> bytes:
    """Como ``libreoffice.docx_a_pdf``, con un LibreOffice que ya está arrancado."""
    conversores = compartidos()
    if not conversores.disponible:
        return docx_a_pdf(datos, nombre)
    with tempfile.TemporaryDirectory(prefix="resoluciones-pdf-") as temporal:
        docx, pdf = Path(temporal) / f"{nombre}.docx", Path(temporal) / f"{nombre}.pdf"
        docx.write_bytes(datos)
        try:
            conversores.convertir(docx, pdf)
        except SinConversor as exc:
            _registro.warning("sin LibreOffice caliente (%s): se convierte con un arranque por documento", exc)
            return docx_a_pdf(datos, nombre)
        return pdf.read_bytes()


def convertir_en_paralelo(documentos: list[Path], carpeta: Path, maximo: int) -> list[Path | ErrorDeUsuario]:
    """Como ``libreoffice.convertir_cada``, con ``maximo`` LibreOffice calientes a la vez (el
    lote con varios procesos; nunca más de ``RESOLUCIONES_PDF_CONVERSORES``). Sin conversores calientes, lo que falte se convierte con
    ``convertir_cada``."""
    if not documentos:
        return []
    conversores = Conversores(min(maximo, maximo_de_conversores()))
    if not conversores.disponible:
        return convertir_cada(documentos, carpeta)
    resultados: list[Path | ErrorDeUsuario | None] = [None] * len(documentos)
    sin_caliente = threading.Event()

    def uno(i: int) -> None:
        if sin_caliente.is_set():
            return
        salida = carpeta / (documentos[i].stem + ".pdf")
        try:
            conversores.convertir(documentos[i], salida)
            resultados[i] = salida
        except SinConversor as exc:
            _registro.warning("sin LibreOffice caliente (%s): se convierte con un arranque por tanda", exc)
            sin_caliente.set()
        except ErrorDeUsuario as exc:
            resultados[i] = ErrorDeUsuario([Problema(p.mensaje, Ubicacion(str(documentos[i])))
                                            for p in exc.problemas])

    try:
        with ThreadPoolExecutor(max_workers=conversores.maximo) as hilos:
            list(hilos.map(uno, range(len(documentos))))
    finally:
        conversores.cerrar()
    faltan = [i for i, r in enumerate(resultados) if r is None]
    if faltan:
        for i, r in zip(faltan, convertir_cada([documentos[i] for i in faltan], carpeta)):
            resultados[i] = r
    return resultados  # type: ignore[return-value]
