"""Leer un libro de Excel (XLSX) sin fiarse de él: el lote (una tabla de casos) y el registro
(un índice que se importa) lo reciben de otras personas.

Antes de abrirlo con openpyxl se revisan los tamaños que declara el ZIP (una «bomba»: unos KB
que se vuelven GB) y el de cada celda. Al leerlo se ignoran las dimensiones que declara la
hoja: openpyxl, en modo de solo lectura, rellenaba cada fila hasta la última columna declarada,
y un libro de 5 KB con una celda en XFD1048576 (o una «dimension» falsa) eran 16 384 celdas por
fila y un millón de filas: el lote se quedaba horas leyendo y el registro agotaba la memoria.
"""

from __future__ import annotations

import warnings
import xml.parsers.expat
import zipfile
from pathlib import Path
from typing import Iterator

from ..errores import ErrorDeUsuario, Problema, Ubicacion

# Una celda puede llevar un texto largo (la respuesta completa de una unidad): el
# límite es el máximo que acepta un campo del expediente (el mismo que en un CSV).
MAX_CELDA = 2_100_000
# XLSX: un ZIP cuyas partes se descomprimen al leerlas. Lo que declaran se revisa antes
# de abrirlo: una «bomba» (unos KB que se vuelven GB) o una celda gigante agotarían la memoria.
_MAX_XLSX_PARTE = 512 * 2**20  # bytes descomprimidos de una parte (una hoja, las cadenas)
_MAX_XLSX_TOTAL = 1024 * 2**20
_MAX_XLSX_PARTES = 10_000
_MAX_XLSX_PROPORCION = 300  # descomprimido / comprimido; un XLSX real queda muy por debajo de 100


class _CeldaGrande(Exception):
    pass


def _medir_celdas(parte, nombre: str) -> None:
    """Recorre el XML de una hoja o de sus cadenas compartidas sin armarlo en memoria
    (expat entrega el texto por trozos) y corta en cuanto una celda pasa de ``MAX_CELDA``
    caracteres. openpyxl sí guardaría la celda entera (y todas las cadenas compartidas)."""
    celda = "si" if nombre.endswith("sharedStrings.xml") else "c"
    estado = {"largo": 0, "ref": None}

    def abrir(etiqueta, atributos):
        if etiqueta.rsplit(":", 1)[-1] == celda:
            estado.update(largo=0, ref=atributos.get("r"))

    def texto(datos):
        estado["largo"] += len(datos)
        if estado["largo"] > MAX_CELDA:
            raise _CeldaGrande(estado["ref"])

    lector = xml.parsers.expat.ParserCreate()
    lector.StartElementHandler, lector.CharacterDataHandler = abrir, texto
    while bloque := parte.read(1 << 20):
        lector.Parse(bloque, False)
    lector.Parse(b"", True)


def revisar_xlsx(tabla: Path) -> None:
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
                                f"({parte.file_size // 2**20} MiB en «{parte.filename}»); no se abre. "
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


def filas_xlsx(tabla: Path) -> Iterator[tuple]:
    """Las filas de la primera hoja, cada una solo hasta su última celda escrita."""
    # openpyxl solo si la entrada es un XLSX: pesa ~100 ms al importarse.
    from openpyxl import load_workbook

    revisar_xlsx(tabla)
    # openpyxl avisa en inglés (una fecha fuera de rango se lee como error): el caso ya lo
    # informa en español al validar el campo.
    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
    try:
        libro = load_workbook(tabla, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl no distingue sus errores de formato
        raise ErrorDeUsuario(Problema(f"no se pudo abrir como libro de Excel ({type(exc).__name__})",
                                      Ubicacion(str(tabla)))) from None
    try:
        hoja = libro.worksheets[0]
        hoja.reset_dimensions()  # ver el docstring del módulo
        yield from _sin_errores_de_openpyxl(hoja.iter_rows(values_only=True), tabla)
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
