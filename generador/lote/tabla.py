"""Leer una tabla CSV o XLSX fila por fila, sin fiarse de ella.

Un CSV se lee en UTF-8 (con o sin BOM), con «,» o «;»; un XLSX se revisa antes de abrirlo
(bombas ZIP, celdas enormes) y se lee en modo de solo lectura. Cada celda se limita al
tamaño de un campo del expediente; una celda vacía es un campo sin valor.
"""

from __future__ import annotations

import csv
import datetime as _dt
import warnings
import xml.parsers.expat
import zipfile
from pathlib import Path
from typing import Any, Iterator

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import decodificar
from .casos import mostrable


def _texto_de_celda(valor: Any) -> Any:
    if isinstance(valor, _dt.datetime):
        return valor.date().isoformat()
    if isinstance(valor, _dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return None if valor is None else str(valor)


# Una celda puede llevar un texto largo (la respuesta completa de una unidad): el
# límite de 128 KiB del módulo csv se sube al máximo que acepta un campo del expediente.
_MAX_CELDA = 2_100_000
# Una línea física del CSV (una fila sin celdas de varias líneas): holgada para varias
# celdas largas, pero un archivo de una sola línea de 1 GB no se junta en memoria.
_MAX_LINEA = 8 * _MAX_CELDA
# XLSX: un ZIP cuyas partes se descomprimen al leerlas. Lo que declaran se revisa antes
# de abrirlo: una «bomba» (unos KB que se vuelven GB) o una celda gigante agotarían la memoria.
_MAX_XLSX_PARTE = 512 * 2**20  # bytes descomprimidos de una parte (una hoja, las cadenas)
_MAX_XLSX_TOTAL = 1024 * 2**20
_MAX_XLSX_PARTES = 10_000
_MAX_XLSX_PROPORCION = 300  # descomprimido / comprimido; un XLSX real queda muy por debajo de 100


def _dialecto(primera_linea: str) -> str:
    # Excel en configuración regional con coma decimal guarda el CSV con «;».
    return ";" if primera_linea.count(";") > primera_linea.count(",") else ","


def _lineas(archivo, tabla: Path) -> Iterator[str]:
    """Las líneas del CSV, cada una de hasta ``_MAX_LINEA`` caracteres (el módulo csv junta
    una fila entera en memoria: mil millones de comas serían mil millones de celdas)."""
    numero = 0
    while linea := archivo.readline(_MAX_LINEA):
        numero += 1
        if len(linea) == _MAX_LINEA and not linea.endswith(("\n", "\r")):
            raise ErrorDeUsuario(Problema(f"una línea de la tabla pasa de {_MAX_LINEA:,} caracteres".replace(",", " "),
                                          Ubicacion(str(tabla), numero)))
        yield linea


def _filas_csv(tabla: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(_MAX_CELDA)
    lector = None
    with tabla.open(encoding="utf-8-sig", newline="") as archivo:
        try:
            delimitador = _dialecto(archivo.readline(_MAX_LINEA))
            archivo.seek(0)
            lector = csv.DictReader(_lineas(archivo, tabla), delimiter=delimitador)
            yield from lector
        except csv.Error as exc:
            limite = "field larger than field limit" in str(exc)
            linea = (lector.line_num if lector else 0) + (1 if limite else 0)
            raise ErrorDeUsuario(Problema(
                "una celda pasa de dos millones de caracteres" if limite else f"el CSV está mal formado ({exc})",
                Ubicacion(str(tabla), linea or None))) from None
        except UnicodeDecodeError:
            # El lector decodifica por bloques: la línea exacta sale de los bytes.

            try:
                decodificar(tabla.read_bytes(), str(tabla))
                linea = None
            except ErrorDeUsuario as exc:
                linea = exc.problemas[0].ubicacion.linea
            raise ErrorDeUsuario(Problema(
                "la tabla no está en UTF-8: en Excel, guárdela con «Guardar como» → «CSV UTF-8 (delimitado por "
                "comas)»", Ubicacion(str(tabla), linea))) from None


class _CeldaGrande(Exception):
    pass


def _medir_celdas(parte, nombre: str) -> None:
    """Recorre el XML de una hoja o de sus cadenas compartidas sin armarlo en memoria
    (expat entrega el texto por trozos) y corta en cuanto una celda pasa de ``_MAX_CELDA``
    caracteres. openpyxl sí guardaría la celda entera (y todas las cadenas compartidas)."""
    celda = "si" if nombre.endswith("sharedStrings.xml") else "c"
    estado = {"largo": 0, "ref": None}

    def abrir(etiqueta, atributos):
        if etiqueta.rsplit(":", 1)[-1] == celda:
            estado.update(largo=0, ref=atributos.get("r"))

    def texto(datos):
        estado["largo"] += len(datos)
        if estado["largo"] > _MAX_CELDA:
            raise _CeldaGrande(estado["ref"])

    lector = xml.parsers.expat.ParserCreate()
    lector.StartElementHandler, lector.CharacterDataHandler = abrir, texto
    while bloque := parte.read(1 << 20):
        lector.Parse(bloque, False)
    lector.Parse(b"", True)


def _revisar_xlsx(tabla: Path) -> None:
    """Antes de abrir un XLSX con openpyxl: tamaños declarados del ZIP (bombas) y tamaño de
    cada celda (el mismo límite que en un CSV), con un error en español en lugar de agotar
    la memoria. zipfile no descomprime más de lo que cada parte declara."""
    def error(mensaje: str) -> ErrorDeUsuario:
        return ErrorDeUsuario(Problema(mensaje, Ubicacion(str(tabla))))

    try:
        with zipfile.ZipFile(tabla) as libro:
            partes = libro.infolist()
            if len(partes) > _MAX_XLSX_PARTES:
                raise error(f"el libro de Excel tiene {len(partes)} partes; no parece un XLSX (¿un archivo dañado?)")
            total = 0
            for parte in partes:
                total += parte.file_size
                if (parte.file_size > _MAX_XLSX_PARTE or total > _MAX_XLSX_TOTAL
                        or parte.file_size > _MAX_XLSX_PROPORCION * max(parte.compress_size, 1024)):
                    raise error("el libro de Excel se descomprime en demasiados datos "
                                f"({parte.file_size // 2**20} MiB en «{mostrable(parte.filename)}»); no se abre. "
                                "Guarde la tabla como CSV UTF-8 o divídala")
            for parte in partes:
                nombre = parte.filename
                if nombre.startswith("xl/worksheets/") and nombre.endswith(".xml") or nombre == "xl/sharedStrings.xml":
                    with libro.open(parte) as contenido:
                        try:
                            _medir_celdas(contenido, nombre)
                        except _CeldaGrande as exc:
                            donde = f" (celda {exc.args[0]})" if exc.args[0] else ""
                            raise error(f"una celda pasa de dos millones de caracteres{donde}") from None
    except ErrorDeUsuario:
        raise
    except (zipfile.BadZipFile, xml.parsers.expat.ExpatError, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise error(f"no se pudo abrir como libro de Excel ({type(exc).__name__})") from None


def filas(tabla: Path) -> Iterator[dict[str, Any]]:
    if tabla.suffix.lower() == ".csv":
        yield from _filas_csv(tabla)
        return
    from openpyxl import (
        load_workbook,  # solo si la entrada es un XLSX: pesa ~100 ms al importarse
    )

    _revisar_xlsx(tabla)
    # openpyxl avisa en inglés (una fecha fuera de rango se lee como error): el caso ya lo
    # informa en español al validar el campo.
    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

    try:
        libro = load_workbook(tabla, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl no distingue sus errores de formato
        raise ErrorDeUsuario(Problema(f"no se pudo abrir como libro de Excel ({type(exc).__name__})",
                                      Ubicacion(str(tabla)))) from None
    try:
        hoja = libro.worksheets[0]
        filas = _sin_errores_de_openpyxl(hoja.iter_rows(values_only=True), tabla)
        encabezados = [str(c).strip() if c is not None else "" for c in next(filas, [])]
        for fila in filas:
            if fila is None or all(c is None for c in fila):
                continue
            # Una celda vacía (o una fila más corta que los encabezados) es «sin valor».
            celdas = list(fila) + [None] * (len(encabezados) - len(fila))
            yield {encabezado: _texto_de_celda(valor) for encabezado, valor in zip(encabezados, celdas) if encabezado}
    finally:
        libro.close()


def _sin_errores_de_openpyxl(filas: Iterator[tuple], tabla: Path) -> Iterator[tuple]:
    """Las filas de la hoja; lo que openpyxl no puede convertir al leerlas (una fecha de
    Excel fuera del calendario, un número ilegible) es un error con la fila, no una traza."""
    numero = 0
    while True:
        numero += 1
        try:
            fila = next(filas)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 — openpyxl no distingue sus errores de formato
            raise ErrorDeUsuario(Problema(f"una celda de esta fila no se pudo leer ({type(exc).__name__}); revísela "
                                          "en Excel", Ubicacion(str(tabla), numero))) from None
        yield fila
