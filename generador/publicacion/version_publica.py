"""La versión pública de principio a fin: testar, escribir, releer y fallar cerrado.

De un .docx sale un .docx o un PDF (por LibreOffice, y luego limpio como cualquier PDF); de un
PDF, un PDF. Lo escrito se relee del disco con la verificación independiente
(``verificacion``); si algo marcado sigue en la salida, el archivo se borra y el error dice
dónde estaba.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..pdf import docx_a_pdf
from ..salida import escribir_atomico, nombre_de_archivo
from .aviso import nombre_de_salida
from .docx import version_publica_docx
from .marcas import Encargo
from .pdf import guardar, limpiar, version_publica_pdf
from .resultado import Resultado
from .verificacion import Buscador, verificar_docx, verificar_pdf

FORMATOS = (".docx", ".pdf")
MAXIMO_ENTRADA = 512 * 1024 * 1024


def _leer(ruta: Path) -> bytes:
    if ruta.suffix.lower() not in FORMATOS:
        raise ErrorDeUsuario(Problema("solo se admiten documentos .docx y .pdf", Ubicacion(str(ruta))))
    try:
        if ruta.stat().st_size > MAXIMO_ENTRADA:
            raise ErrorDeUsuario(Problema("el documento pasa de 512 MB", Ubicacion(str(ruta))))
        return ruta.read_bytes()
    except FileNotFoundError:
        raise ErrorDeUsuario(Problema("el documento no existe", Ubicacion(str(ruta)))) from None
    except IsADirectoryError:
        raise ErrorDeUsuario(Problema("es una carpeta, no un documento", Ubicacion(str(ruta)))) from None
    except OSError as exc:
        raise ErrorDeUsuario(Problema(f"no se pudo leer ({exc.strerror})", Ubicacion(str(ruta)))) from None


def buscador_de(resultado: Resultado, encargo: Encargo) -> Buscador:
    literales = [m.literal for m in encargo.marcas if m.literal]
    patrones = [m.expresion for m in encargo.marcas if m.literal is None]
    return Buscador([*resultado.testados, *literales], patrones, resultado.propios)


def verificar(datos: bytes, formato: str, buscador: Buscador, destino: Path | None = None) -> None:
    (verificar_pdf if formato == "pdf" else verificar_docx)(datos, buscador)
    buscador.fallar(destino)


def hacer(entrada: Path, salida: Path | None, encargo: Encargo, *, sobrescribir: bool = False) -> tuple[Path, Resultado, bool]:
    """Escribe la versión pública de ``entrada``; devuelve su ruta, lo hecho y si hubo que
    añadir «version-publica» al nombre pedido."""
    origen = entrada.suffix.lower().lstrip(".")
    formato = salida.suffix.lower().lstrip(".") if salida is not None and salida.suffix.lower() in FORMATOS else origen
    if salida is not None and not salida.is_dir() and salida.suffix.lower() not in FORMATOS:
        raise ErrorDeUsuario(Problema("la salida debe terminar en .docx o .pdf", Ubicacion(str(salida))))
    if origen == "pdf" and formato == "docx":
        raise ErrorDeUsuario(Problema("de un PDF solo se hace una versión pública en PDF (-o ….pdf)",
                                      Ubicacion(str(salida))))
    if origen == "docx" and encargo.regiones:
        raise ErrorDeUsuario("--region sirve para PDF (páginas digitalizadas); en Word, marque el texto o resáltelo")
    confidencial = "confidencial" in encargo.clasificacion
    destino, renombrado = nombre_de_salida(entrada, salida, formato, confidencial)
    if destino.exists() and not sobrescribir:
        escribir_atomico(destino, b"", sobrescribir=False)  # el error claro, antes de trabajar
    datos = _leer(entrada)
    if origen == "docx":
        resultado = version_publica_docx(datos, encargo, entrada.name)
        verificar(resultado.datos, "docx", buscador_de(resultado, encargo))
        if formato == "pdf":
            pdf = docx_a_pdf(resultado.datos, nombre_de_archivo(destino.stem))
            doc = pymupdf.open(stream=pdf, filetype="pdf")
            try:
                limpiar(doc)
                resultado.datos = guardar(doc)
            finally:
                doc.close()
    else:
        resultado = version_publica_pdf(datos, encargo, entrada.name)
    verificar(resultado.datos, formato, buscador_de(resultado, encargo))
    escribir_atomico(destino, resultado.datos, sobrescribir=sobrescribir)
    try:
        escrito = destino.read_bytes()
    except OSError:
        destino.unlink(missing_ok=True)
        raise ErrorDeUsuario(Problema("no se pudo releer la salida para verificarla; se borró", Ubicacion(str(destino))))
    verificar(escrito, formato, buscador_de(resultado, encargo), destino)
    if confidencial and not encargo.autorizados:
        resultado.avisos.append("no se indicaron las personas o instancias autorizadas a acceder a la información "
                                "clasificada («autorizados» en el archivo de marcas): el Lineamiento Quincuagésimo "
                                "segundo, fracción III, pide señalarlas")
    return destino, resultado, renombrado
