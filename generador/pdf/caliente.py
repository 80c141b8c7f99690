"""Quién usa los LibreOffice calientes: la página web (los de cada proceso, con fichas comunes) y el lote en paralelo.

Por qué un módulo aparte: los conversores se arrancan a pedido, al primer PDF, y viven lo
que vive el proceso que los pidió; aquí está ese ciclo de vida (apagarlos al salir, no
heredarlos en un fork) y el respaldo: sin un Python con ``uno``, o con un soffice que no
acepta conexiones, se convierte como siempre, con un arranque por llamada (``libreoffice``).
El total de LibreOffice vivos a la vez, entre todos los procesos del servidor y también en
ese respaldo, lo cuidan las fichas (``fichas.py``).
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
from .fichas import Fichas, hay_fichas
from .libreoffice import convertir_cada, docx_a_pdf, tiempo_por_documento

_compartidos: Conversores | None = None
_maximo: int | None = None
_fichas: Fichas | None = None  # las hereda cada proceso creado por fork (gunicorn)
_candado = threading.Lock()
_registro = logging.getLogger(__name__)


def configurar(maximo: int | None, entre_procesos: bool = False) -> None:
    """Cuántos LibreOffice calientes puede tener este proceso. Con ``entre_procesos`` (el
    principal de gunicorn, antes de crear los demás) crea las fichas del total, que heredan
    todos: ninguno pasa del total aunque cada uno pueda tener hasta ``maximo``. Se aplica al
    siguiente arranque del grupo."""
    global _maximo, _fichas
    _maximo = maximo
    if entre_procesos and hay_fichas():
        if _fichas is not None:
            _fichas.borrar()
        _fichas = Fichas(maximo if maximo is not None else maximo_de_conversores())
        atexit.register(_fichas.borrar)  # solo el que las creó borra la carpeta


def _las_fichas() -> Fichas | None:
    """Las del servidor o, en un proceso solo (waitress, el modo local), unas propias: también
    ahí el respaldo de una sola vez, con varios hilos, no pasa del total."""
    global _fichas
    if _fichas is None and hay_fichas():
        _fichas = Fichas(maximo_de_conversores())
        atexit.register(_fichas.borrar)
    return _fichas


def compartidos() -> Conversores:
    """Los conversores de este proceso, creados (sin arrancar nada) la primera vez."""
    global _compartidos
    with _candado:
        if _compartidos is None:
            _compartidos = Conversores(_maximo, fichas=_las_fichas())
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
        return _de_una_vez(conversores, datos, nombre)
    with tempfile.TemporaryDirectory(prefix="resoluciones-pdf-") as temporal:
        docx, pdf = Path(temporal) / f"{nombre}.docx", Path(temporal) / f"{nombre}.pdf"
        docx.write_bytes(datos)
        try:
            conversores.convertir(docx, pdf)
        except SinConversor as exc:
            _registro.warning("sin LibreOffice caliente (%s): se convierte con un arranque por documento", exc)
            return _de_una_vez(conversores, datos, nombre)
        return pdf.read_bytes()


def _de_una_vez(conversores: Conversores, datos: bytes, nombre: str) -> bytes:
    """El respaldo (un arranque por documento), también con una ficha mientras dura."""
    if conversores.fichas is None:
        return docx_a_pdf(datos, nombre)
    ficha = conversores.fichas.esperar(tiempo_por_documento())
    try:
        return docx_a_pdf(datos, nombre)
    finally:
        ficha.soltar()


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
