"""Tablas ajenas (la del lote, el índice que se importa): cuelgues, memoria y trazas.

Un XLSX de 5 KB con una celda en XFD1048576 declara un millón de filas de 16 384 columnas:
openpyxl, en solo lectura, rellenaba cada fila hasta la última columna y el lote se quedaba
horas, y ``registro importar`` armaba todas las filas en memoria (GB). Un CSV con una celda
enorme daba la traza de ``_csv.Error``; caracteres de control se importaban y después el
índice en XLSX no se podía escribir.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from openpyxl import Workbook

from generador import registro

from .conftest import RAIZ

BASE = RAIZ / "samples" / "cta-40418-corregida.yaml"


@pytest.fixture(autouse=True)
def _registro(tmp_path, monkeypatch):
    monkeypatch.setenv("RESOLUCIONES_REGISTRO", f"sqlite:///{tmp_path / 'registro.sqlite3'}")
    yield
    registro.cerrar_todos()


def _libro_con_esquina(ruta, filas: list[list], esquina: str = "XFD1048576"):
    libro = Workbook()
    hoja = libro.active
    for fila in filas:
        hoja.append(fila)
    hoja[esquina] = "x"
    libro.save(ruta)


def test_lote_con_una_celda_en_la_ultima_esquina_termina(cli, tmp_path):
    tabla = tmp_path / "bomba.xlsx"
    _libro_con_esquina(tabla, [["oficio"], ["CT/IE/001/2026"]])
    assert tabla.stat().st_size < 20_000
    inicio = time.monotonic()
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"), "--sin-registro")
    assert codigo == 0 and "1 generados" in texto, errores
    # Sin las dimensiones rellenadas eran horas; aquí, segundos (la cota es holgada a propósito:
    # no es una prueba de velocidad, es que no se cuelga).
    assert time.monotonic() - inicio < 120


def test_importar_un_indice_con_una_celda_en_la_ultima_esquina(cli, tmp_path):
    tabla = tmp_path / "indice.xlsx"
    _libro_con_esquina(tabla, [["Área", "Nombre del documento", "Fecha en que culmina el plazo de la clasificación"],
                               ["DIRECCIÓN JURÍDICA", "Dictamen", "2030-01-01"]])
    codigo, salida, errores = cli("registro", "importar", str(tabla))
    assert codigo == 0 and "Importadas 1 reserva(s)" in salida, errores


def test_importar_un_csv_con_una_celda_enorme_es_un_error_claro(cli, tmp_path):
    tabla = tmp_path / "indice.csv"
    tabla.write_text("Área,Nombre del documento,Fecha en que culmina el plazo de la clasificación\n"
                     f"A,{'x' * 2_200_000},2030-01-01\n", encoding="utf-8")
    codigo, _, errores = cli("registro", "importar", str(tabla))
    assert codigo == 2 and "no se pudo leer como CSV" in errores and "Traceback" not in errores


def test_caracteres_de_control_no_entran_al_registro_ni_rompen_el_indice(cli, tmp_path):
    tabla = tmp_path / "indice.csv"
    tabla.write_text("Área,Nombre del documento,Fecha de clasificación,Fecha en que culmina el plazo de la clasificación\n"
                     "A,Uno \x01\x0b\x1b[31m rojo,2025-06-01,2030-01-01\n", encoding="utf-8")
    codigo, _, errores = cli("registro", "importar", str(tabla))
    assert codigo == 2 and "caracteres de control" in errores and "línea 2" in errores
    # Uno que ya estaba en la base (de antes de esta revisión): el índice sale igual, con «�».
    tabla.write_text(tabla.read_text(encoding="utf-8").replace("\x01\x0b\x1b[31m", ""), encoding="utf-8")
    assert cli("registro", "importar", str(tabla))[0] == 0
    from sqlalchemy import text

    with registro.motor(os.environ["RESOLUCIONES_REGISTRO"]).begin() as conexion:
        conexion.execute(text("UPDATE clasificaciones SET documento = documento || :c"), {"c": "\x1b[31m\x01"})
    for destino in ("i.xlsx", "i.csv", "i.json"):
        codigo, _, errores = cli("indice", "-o", str(tmp_path / destino))
        assert codigo == 0, errores
    filas = json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))["filas"]
    assert filas and "\x1b" not in (tmp_path / "i.csv").read_text(encoding="utf-8")


def test_importar_un_xlsx_con_filas_vacias_dice_la_fila_de_la_hoja(cli, tmp_path):
    """Las filas vacías no se guardan, pero cuentan: el error de la fila 7 decía «línea 3»."""
    libro = Workbook()
    hoja = libro.active
    hoja.append(["Área", "Nombre del documento", "Fecha en que culmina el plazo de la clasificación"])
    hoja.append(["A", "Uno", "2030-01-01"])
    for _ in range(4):
        hoja.append([])
    hoja.append(["B", "Dos", "no es fecha"])
    libro.save(tmp_path / "indice.xlsx")
    codigo, _, errores = cli("registro", "importar", str(tmp_path / "indice.xlsx"))
    assert codigo == 2 and "línea 7" in errores and "no es una fecha" in errores, errores
