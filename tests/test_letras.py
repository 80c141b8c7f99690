"""Números y fechas con palabras.

Los valores esperados se escriben aquí a mano, a partir de la gramática del
español (RAE, *Diccionario panhispánico de dudas* y *Nueva gramática*), no a
partir de lo que imprime el programa: las palabras de 0 a 99 y las centenas
están en tablas escritas a mano y los años se arman con ellas.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generador import letras

UNIDADES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
            "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
            "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés",
            "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
DECENAS = {30: "treinta", 40: "cuarenta", 50: "cincuenta", 60: "sesenta", 70: "setenta",
           80: "ochenta", 90: "noventa"}
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]


def hasta_99(n: int) -> str:
    if n < 30:
        return UNIDADES[n]
    decena, unidad = divmod(n, 10)
    return DECENAS[decena * 10] + ("" if unidad == 0 else " y " + UNIDADES[unidad])


def anio(n: int) -> str:
    """Años 1990–2100 armados con las tablas de arriba."""
    if n < 2000:
        return "mil novecientos " + hasta_99(n - 1900)
    if n == 2100:
        return "dos mil cien"
    resto = n - 2000
    return "dos mil" + ("" if resto == 0 else " " + hasta_99(resto))


DIAS = ["primero"] + [hasta_99(d) for d in range(2, 32)]


@pytest.mark.parametrize("dia", range(1, 32))
def test_cada_dia_del_mes(dia):
    fecha = dt.date(2019, 1, dia)
    assert letras.fecha_con_letras(fecha) == f"{DIAS[dia - 1]} de enero de dos mil diecinueve"


def test_dia_uno_puede_escribirse_uno():
    assert letras.fecha_con_letras(dt.date(2020, 3, 1), primero=False) == "uno de marzo de dos mil veinte"


@pytest.mark.parametrize("mes", range(1, 13))
def test_cada_mes(mes):
    assert letras.fecha_con_letras(dt.date(2024, mes, 15)) == f"quince de {MESES[mes - 1]} de dos mil veinticuatro"


@pytest.mark.parametrize("n", range(1990, 2101))
def test_anios_1990_a_2100(n):
    assert letras.cardinal(n) == anio(n)
    assert letras.fecha_con_letras(dt.date(n, 6, 30)) == f"treinta de junio de {anio(n)}"


def test_fecha_de_cta_40418():
    fecha = dt.date(2018, 11, 21)
    assert letras.fecha_con_letras(fecha) == "veintiuno de noviembre de dos mil dieciocho"
    assert letras.fecha_con_letras(fecha, mayusculas=True) == "VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO"


def test_bisiesto():
    assert letras.fecha_con_letras(dt.date(2024, 2, 29)) == "veintinueve de febrero de dos mil veinticuatro"


@pytest.mark.parametrize("n, esperado", [
    (0, "cero"),
    (1, "uno"),
    (16, "dieciséis"),
    (21, "veintiuno"),
    (22, "veintidós"),
    (100, "cien"),
    (101, "ciento uno"),
    (115, "ciento quince"),
    (500, "quinientos"),
    (700, "setecientos"),
    (900, "novecientos"),
    (1000, "mil"),
    (1001, "mil uno"),
    (2000, "dos mil"),
    (21000, "veintiún mil"),                # num2words: "veintiuno mil"
    (31000, "treinta y un mil"),
    (101000, "ciento un mil"),
    (121000, "ciento veintiún mil"),
    (100000, "cien mil"),
    (1000000, "un millón"),
    (1500000, "un millón quinientos mil"),
    (2000000, "dos millones"),
    (21000000, "veintiún millones"),        # num2words: "veintiuno millones"
    (1000000000, "mil millones"),
    (2021, "dos mil veintiuno"),
])
def test_cardinales_masculinos(n, esperado):
    assert letras.cardinal(n) == esperado


@pytest.mark.parametrize("n, esperado", [
    (1, "una foja"),
    (21, "veintiuna fojas"),
    (31, "treinta y una fojas"),
    (101, "ciento una fojas"),
    (145, "ciento cuarenta y cinco fojas"),
    (200, "doscientas fojas"),
    (245, "doscientas cuarenta y cinco fojas"),
    (500, "quinientas fojas"),
    (999, "novecientas noventa y nueve fojas"),
    (1000, "mil fojas"),
    (1321, "mil trescientas veintiuna fojas"),
    (21000, "veintiún mil fojas"),
    (200000, "doscientas mil fojas"),
    (1000000, "un millón de fojas"),
    (200000000, "doscientos millones de fojas"),
])
def test_fojas_concuerdan_en_femenino(n, esperado):
    assert letras.cantidad(n, "foja", "fojas", letras.FEMENINO) == esperado


@pytest.mark.parametrize("n, esperado", [
    (1, "un día"),
    (21, "veintiún días"),
    (31, "treinta y un días"),
    (10, "diez días"),
])
def test_apocope_ante_sustantivo_masculino(n, esperado):
    assert letras.cantidad(n, "día", "días") == esperado


@pytest.mark.parametrize("importe, esperado", [
    (1, "$1.00 (UN PESO 00/100 M.N.)"),
    (21, "$21.00 (VEINTIÚN PESOS 00/100 M.N.)"),
    ("1234.50", "$1,234.50 (MIL DOSCIENTOS TREINTA Y CUATRO PESOS 50/100 M.N.)"),
    ("0.5", "$0.50 (CERO PESOS 50/100 M.N.)"),
    (1000000, "$1,000,000.00 (UN MILLÓN DE PESOS 00/100 M.N.)"),
    (2500000, "$2,500,000.00 (DOS MILLONES QUINIENTOS MIL PESOS 00/100 M.N.)"),
    ("21000.99", "$21,000.99 (VEINTIÚN MIL PESOS 99/100 M.N.)"),
    ("0.005", "$0.01 (CERO PESOS 01/100 M.N.)"),
])
def test_moneda(importe, esperado):
    assert letras.moneda(importe) == esperado


def test_moneda_rechaza_negativos_y_basura():
    with pytest.raises(ValueError):
        letras.moneda(-1)
    with pytest.raises(ValueError):
        letras.moneda("abc")


@pytest.mark.parametrize("n, esperado", [
    (1, "Primero"), (4, "Cuarto"), (7, "Séptimo"), (10, "Décimo"), (11, "Décimo Primero"),
    (17, "Décimo Séptimo"), (20, "Vigésimo"), (33, "Trigésimo Tercero"), (38, "Trigésimo Octavo"),
    (51, "Quincuagésimo Primero"), (74, "Septuagésimo Cuarto"),
])
def test_ordinales_de_numerales(n, esperado):
    assert letras.ordinal(n, titulo=True) == esperado


def test_ordinal_de_resolutivo():
    assert [letras.ordinal_resolutivo(i) for i in (1, 2, 3, 4)] == ["PRIMERO", "SEGUNDO", "TERCERO", "CUARTO"]


@pytest.mark.parametrize("n, r", [(1, "I"), (4, "IV"), (9, "IX"), (13, "XIII"), (17, "XVII"), (40, "XL")])
def test_romanos_ida_y_vuelta(n, r):
    assert letras.romano(n) == r
    assert letras.desde_romano(r) == n


@pytest.mark.parametrize("malo", ["", "IIII", "VX", "ABC", "IC"])
def test_romanos_mal_formados(malo):
    with pytest.raises(ValueError):
        letras.desde_romano(malo)


def test_fecha_mixta():
    assert letras.fecha_mixta(dt.date(2020, 8, 13)) == "13 trece de agosto de 2020 dos mil veinte"


def test_comando_fecha(cli):
    codigo, salida, _ = cli("fecha", "2018-11-21")
    assert codigo == 0 and salida.strip() == "veintiuno de noviembre de dos mil dieciocho"
    codigo, salida, _ = cli("fecha", "2018-11-21", "--mayusculas")
    assert salida.strip() == "VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO"
    codigo, salida, _ = cli("fecha", "2030-07-01")
    assert salida.strip() == "primero de julio de dos mil treinta"


@pytest.mark.parametrize("mala, mensaje", [
    ("2018-02-30", "la fecha «2018-02-30» no existe (ese mes no tiene ese día)"),
    ("2018-13-01", "la fecha «2018-13-01» no existe (el mes debe estar entre 01 y 12)"),
    ("hoy", "«hoy» no tiene el formato AAAA-MM-DD"),
    ("21/11/2018", "«21/11/2018» no tiene el formato AAAA-MM-DD"),
])
def test_comando_fecha_invalida(cli, mala, mensaje):
    codigo, salida, errores = cli("fecha", mala)
    assert codigo == 2
    assert mensaje in errores
    assert "Traceback" not in errores + salida


def test_fecha_imposible_en_opciones_dice_cual(cli, tmp_path):
    codigo, _, errores = cli("nuevo", "--institucion", "sre", "--fecha", "2026-02-30", "-o", str(tmp_path / "x.yaml"))
    assert codigo == 2 and "--fecha: la fecha «2026-02-30» no existe" in errores
    assert not (tmp_path / "x.yaml").exists()
    codigo, _, errores = cli("catalogo", "listar", "--vigentes-en", "2025-2-1")
    assert codigo == 2 and "--vigentes-en: «2025-2-1» no tiene el formato AAAA-MM-DD" in errores
