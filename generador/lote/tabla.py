"""Leer una tabla CSV o XLSX fila por fila, sin fiarse de ella.

Un CSV se lee en UTF-8 (con o sin BOM), con «,» o «;»; un XLSX se revisa antes de abrirlo
(bombas ZIP, celdas enormes) y se lee en modo de solo lectura. Cada celda se limita al
tamaño de un campo del expediente; una celda vacía es un campo sin valor.
"""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path
from typing import Any, Iterator

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import decodificar
from ..expediente.xlsx import MAX_CELDA as _MAX_CELDA
from ..expediente.xlsx import filas_xlsx


def _texto_de_celda(valor: Any) -> Any:
    if isinstance(valor, _dt.datetime):
        return valor.date().isoformat()
    if isinstance(valor, _dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return None if valor is None else str(valor)


# Una línea física del CSV (una fila sin celdas de varias líneas): holgada para varias
# celdas largas, pero un archivo de una sola línea de 1 GB no se junta en memoria.
_MAX_LINEA = 8 * _MAX_CELDA


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


def _filas_csv(tabla: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(_MAX_CELDA)
    lector = None
    with tabla.open(encoding="utf-8-sig", newline="") as archivo:
        try:
            delimitador = _dialecto(archivo.readline(_MAX_LINEA))
            archivo.seek(0)
            lector = csv.reader(_lineas(archivo, tabla), delimiter=delimitador)
            encabezados = next(lector, None) or []
            numero = 1  # cada registro es una fila de la hoja (las vacías también cuentan)
            for registro in lector:
                numero += 1
                if not any(c.strip() for c in registro):
                    continue
                # Como csv.DictReader: lo que falta es None y lo que sobra va en la clave None.
                fila: dict[Any, Any] = dict(zip(encabezados, registro + [None] * (len(encabezados) - len(registro))))
                if len(registro) > len(encabezados):
                    fila[None] = registro[len(encabezados):]
                yield numero, fila
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


def filas(tabla: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(número de fila en la hoja, {encabezado: valor}) de cada fila con algún valor en una
    columna con encabezado. El número es el que se ve en Excel: las filas vacías cuentan (los
    errores decían «fila 3» de lo que en la hoja era la fila 9)."""
    if tabla.suffix.lower() == ".csv":
        yield from _filas_csv(tabla)
        return
    filas = filas_xlsx(tabla)
    encabezados = [str(c).strip() if c is not None else "" for c in next(filas, [])]
    for numero, fila in enumerate(filas, start=2):
        if not fila:
            continue  # una fila vacía (las que faltan entre dos escritas llegan así): nada que armar
        # Una celda vacía (o una fila más corta que los encabezados) es «sin valor»; lo que
        # hay en columnas sin encabezado no es de la tabla.
        celdas = list(fila) + [None] * (len(encabezados) - len(fila))
        valores = {encabezado: _texto_de_celda(valor) for encabezado, valor in zip(encabezados, celdas) if encabezado}
        if any(v is not None for v in valores.values()):
            yield numero, valores
