"""Abrir los bytes de un PDF con pyHanko, con un error en español si no son un PDF que se pueda firmar.

Lo comparten firmar (que escribe una revisión incremental) y verificar (que solo lee).
"""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from ..errores import ErrorDeUsuario

_CIFRADO = "el PDF está cifrado (con contraseña o con permisos): firme y verifique el PDF sin cifrar"


def abrir_pdf(pdf: bytes, *, para_escribir: bool = False) -> IncrementalPdfFileWriter | PdfFileReader:
    """Un lector (o un escritor incremental) de pyHanko sobre ``pdf``; ``ErrorDeUsuario`` si no es un PDF."""
    if not isinstance(pdf, (bytes, bytearray)) or not bytes(pdf[:1024]).lstrip().startswith(b"%PDF-"):
        raise ErrorDeUsuario("el archivo no es un PDF (no empieza con «%PDF-»)")
    try:
        lector = IncrementalPdfFileWriter(BytesIO(pdf)) if para_escribir else PdfFileReader(BytesIO(pdf))
        base = lector.prev if para_escribir else lector
        if base.encrypted:
            raise ErrorDeUsuario(_CIFRADO)
        lector.root  # noqa: B018 - lee el catálogo: un PDF truncado falla aquí y no a media firma
    except ErrorDeUsuario:
        raise
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        if b"/Encrypt" in pdf:  # pyHanko no siempre llega a leer el cifrado antes de fallar
            raise ErrorDeUsuario(_CIFRADO) from None
        raise ErrorDeUsuario(f"el PDF está dañado o no se puede leer: {exc}") from None
    return lector
