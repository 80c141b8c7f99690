"""Citas exactas (issue 12, punto 8) y estilos de cita de otras instituciones (issue 14).

Las notas de reforma se escriben desde la semilla 002: «Expedición: D.O.F. 15/abr/2016»,
«Primera modificación: D.O.F. 29/jul/2016», «Segunda modificación: D.O.F. 18/nov/2022», las
notas de cada numeral («Lineamiento modificado mediante Acuerdo del Consejo Nacional DOF 18
de noviembre de 2022») y el título de los Acuerdos de 2016 («ACUERDOS POR LOS QUE SE MODIFICAN
LOS ARTÍCULOS SEXAGÉSIMO SEGUNDO, SEXAGÉSIMO TERCERO Y QUINTO TRANSITORIO …»). Los estilos, de la
forma en que los escriben las instituciones que imitan («fracción XI del artículo 113 de …», «la
Tercera de las Reglas …», «último párrafo»), no de la salida del programa.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from generador import catalogo as cat
from generador.catalogo.citas import citar
from generador.catalogo.enlaces import enlaces_rotos
from generador.plantillas.estilo_citas import EstiloCitas
from generador.plantillas.perfil import Perfil

SEMILLA = next(Path("/work/shared/seeds").glob("002_*.txt"), None)

LINEAMIENTOS = ("Lineamientos Generales en materia de clasificación y desclasificación de la información, "
                "así como para la elaboración de versiones públicas")
PUBLICADOS = "publicados en el Diario Oficial de la Federación el 15 de abril de 2016"
LGT = "Ley General de Transparencia y Acceso a la Información Pública"
LFT = "Ley Federal de Transparencia y Acceso a la Información Pública"
CTA_40418 = ["lgcd.4", "lgcd.5", "lgcd.7.I", "lgcd.8", "lgcd.17.IV", "lgcd.33", "lgcd.34"]
NUMERALES_CTA = ("numerales Cuarto, Quinto, Séptimo, fracción I, Octavo, Décimo Séptimo, fracción IV, "
                 "Trigésimo Tercero y Trigésimo Cuarto")


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


# --- La nota de reformas de los Lineamientos ------------------------------------------------

def test_la_cta_40418_de_2018_se_cita_como_en_la_semilla(catalogo):
    # Semilla 000: «… Trigésimo Cuarto de los Lineamientos …, publicados en el Diario Oficial de la
    # Federación el 15 de abril de 2016»: en 2018 ninguno de esos numerales estaba reformado (la
    # reforma de 2016 tocó el Sexagésimo segundo, el Sexagésimo tercero y el Quinto transitorio).
    texto = citar(catalogo, CTA_40418, fecha=dt.date(2018, 11, 21))
    assert texto == f"{NUMERALES_CTA} de los {LINEAMIENTOS}, {PUBLICADOS}"


def test_en_2026_los_mismos_numerales_llevan_sus_reformas(catalogo):
    # El Octavo, el Trigésimo tercero y el Trigésimo cuarto fueron modificados el 18-11-2022.
    texto = citar(catalogo, CTA_40418, fecha=dt.date(2026, 2, 10))
    assert texto == (f"{NUMERALES_CTA} de los {LINEAMIENTOS}, {PUBLICADOS}, y sus modificaciones publicadas "
                     "en el mismo medio el 29 de julio de 2016 y el 18 de noviembre de 2022")


def test_solo_las_reformas_de_los_numerales_citados(catalogo):
    estilo = EstiloCitas(reformas="del_numeral")
    texto = citar(catalogo, ["lgcd.33"], fecha=dt.date(2026, 2, 10), estilo=estilo)
    assert texto.endswith(f"{PUBLICADOS}, y sus modificaciones publicadas en el mismo medio el 18 de "
                          "noviembre de 2022")


def test_numerales_no_reformados_no_llevan_nota(catalogo):
    # Ni el Cuarto ni el Décimo séptimo tienen nota de reforma en la semilla.
    texto = citar(catalogo, ["lgcd.4", "lgcd.17.IV"], fecha=dt.date(2026, 2, 10))
    assert texto == f"numerales Cuarto y Décimo Séptimo, fracción IV, de los {LINEAMIENTOS}, {PUBLICADOS}"


def test_una_reforma_posterior_a_la_resolucion_no_se_cita(catalogo):
    # El Sexagésimo segundo: reformado en 2016 y en 2022; en 2020 solo existía la de 2016.
    texto = citar(catalogo, ["lgcd.62"], fecha=dt.date(2020, 6, 1))
    assert texto == (f"numeral Sexagésimo Segundo de los {LINEAMIENTOS}, {PUBLICADOS}, y sus modificaciones "
                     "publicadas en el mismo medio el 29 de julio de 2016")


def test_sin_fecha_la_cita_es_la_de_siempre(catalogo):
    assert citar(catalogo, ["lgcd.33"]) == f"numeral Trigésimo Tercero de los {LINEAMIENTOS}, {PUBLICADOS}"


def test_la_redaccion_de_la_nota_es_de_la_institucion(catalogo):
    # El estilo de la SRE en la semilla 000 para el Acuerdo de adscripción: «publicado en el Diario
    # Oficial de la Federación el 04 de octubre de 2011 última reforma publicada en el Diario Oficial
    # de la Federación el 04 de mayo de 2016».
    estilo = EstiloCitas(nota_reformas="{complemento}, última reforma publicada en el Diario Oficial de la "
                                       "Federación el {ultima}")
    texto = citar(catalogo, ["lgcd.34"], fecha=dt.date(2026, 2, 10), estilo=estilo)
    assert texto == (f"numeral Trigésimo Cuarto de los {LINEAMIENTOS}, {PUBLICADOS}, última reforma publicada "
                     "en el Diario Oficial de la Federación el 18 de noviembre de 2022")


@pytest.mark.parametrize("nota", ["{fecha}", "{complemento.__class__}", "{reformas!r}", "{ultima"])
def test_una_nota_con_campos_desconocidos_no_se_acepta(nota):
    with pytest.raises(ValidationError):
        EstiloCitas(nota_reformas=nota)


def test_el_perfil_tiene_la_seccion_citas():
    assert Perfil.model_fields["citas"].annotation is EstiloCitas


_MESES = {"julio": 7, "noviembre": 11}


@pytest.mark.skipif(SEMILLA is None, reason="sin la semilla 002")
def test_cada_nota_de_reforma_del_catalogo_tiene_su_fecha(catalogo):
    # Cada nota («… DOF 18 de noviembre de 2022») da una fecha de «reformas_dof» de su disposición,
    # y esa fecha es una de las reformas que la semilla enumera en su encabezado.
    encabezado = SEMILLA.read_text(encoding="utf-8")[:600]
    assert "Primera modificación: D.O.F. 29/jul/2016" in encabezado
    assert "Segunda modificación: D.O.F. 18/nov/2022" in encabezado
    instrumento = catalogo.instrumentos["lgcd"]
    assert instrumento.reformas_dof == [dt.date(2016, 7, 29), dt.date(2022, 11, 18)]
    revisadas = 0
    for id_, d in catalogo.disposiciones.items():
        if not id_.startswith("lgcd."):
            continue
        for nota in [*d.reformas, *([d.derogado] if d.derogado else [])]:
            dia, mes, anio = re.search(r"DOF (\d+) de (\w+) de (\d{4})", nota).groups()
            assert dt.date(int(anio), _MESES[mes], int(dia)) in d.reformas_dof, id_
            revisadas += 1
    assert revisadas > 40
    # El título de los Acuerdos de 2016 nombra el Sexagésimo segundo y el Sexagésimo tercero.
    assert dt.date(2016, 7, 29) in catalogo.disposiciones["lgcd.62"].reformas_dof
    assert dt.date(2016, 7, 29) in catalogo.disposiciones["lgcd.63"].reformas_dof


def test_una_fecha_de_reforma_que_el_instrumento_no_tiene_es_un_problema(tmp_path):
    (tmp_path / "propio.yaml").write_text(
        "instrumento:\n  id: propio\n  nombre: Acuerdo de prueba\n  tipo: acuerdo\n  genero: m\n"
        "  publicacion_dof: 2020-01-10\n  reformas_dof: [2021-05-03]\n"
        "disposiciones:\n  - id: propio.1\n    articulo: \"1\"\n    texto: null\n"
        "    sin_texto: Entrada de prueba, sin texto.\n    reformas_dof: [2021-05-04]\n", encoding="utf-8")
    catalogo = cat.cargar([tmp_path], estricto=False)
    mensajes = [p.mensaje for p in enlaces_rotos(catalogo)]
    assert any("propio.1" in m and "2021-05-04" in m for m in mensajes)


# --- Transitorios ---------------------------------------------------------------------------

def test_los_transitorios_de_un_acuerdo_de_reforma_son_de_ese_acuerdo(catalogo):
    # Semilla 002: el Primero («El presente acuerdo entrará en vigor …») es de los Acuerdos de 2016,
    # no de los Lineamientos.
    texto = citar(catalogo, ["lgcd.t2016.1"])
    assert texto == (
        "artículo Primero Transitorio de los Acuerdos por los que se modifican los artículos Sexagésimo "
        "segundo, Sexagésimo tercero y Quinto transitorio de los Lineamientos generales en materia de "
        "clasificación y desclasificación de la información, así como la elaboración de versiones públicas, "
        "publicados en el Diario Oficial de la Federación el 29 de julio de 2016")


def test_transitorios_uno_por_uno_por_omision(catalogo):
    texto = citar(catalogo, ["lgtaip2025.144", "lgtaip2025.t2", "lgtaip2025.t9"])
    assert texto == f"artículos 144, Segundo Transitorio y Noveno Transitorio de la {LGT}"


def test_transitorios_agrupados(catalogo):
    texto = citar(catalogo, ["lgtaip2025.144", "lgtaip2025.t2", "lgtaip2025.t9"],
                  estilo=EstiloCitas(transitorios="agrupados"))
    assert texto == f"artículos 144 y Segundo y Noveno Transitorios de la {LGT}"


def test_transitorios_antepuestos(catalogo):
    texto = citar(catalogo, ["lgtaip2025.t2", "lgtaip2025.t9"], estilo=EstiloCitas(transitorios="antepuestos"))
    assert texto == f"artículos Transitorios Segundo y Noveno de la {LGT}"
    uno = citar(catalogo, ["lftaip.t3"], estilo=EstiloCitas(transitorios="antepuestos"))
    assert uno == f"artículo Transitorio Tercero de la {LFT}"


# --- Fracción primero -----------------------------------------------------------------------

def test_fraccion_primero(catalogo):
    estilo = EstiloCitas(fraccion_primero=True)
    assert citar(catalogo, ["lgtaip2015.113.XI"], estilo=estilo) == f"fracción XI del artículo 113 de la {LGT}"
    assert citar(catalogo, ["lgtaip2015.113.XI"], estilo=estilo, determinante=True) == (
        f"la fracción XI del artículo 113 de la {LGT}")


def test_fraccion_primero_con_varias_fracciones_y_articulos_completos(catalogo):
    estilo = EstiloCitas(fraccion_primero=True)
    texto = citar(catalogo, ["lftaip.64", "lftaip.61.V", "lftaip.61.II"], estilo=estilo, determinante=True)
    assert texto == f"las fracciones II y V del artículo 61 y el artículo 64 de la {LFT}"


def test_fraccion_primero_con_apartado_y_numeral(catalogo):
    estilo = EstiloCitas(fraccion_primero=True)
    assert citar(catalogo, ["cpeum.6.A.I"], estilo=estilo) == (
        "fracción I del apartado A del artículo 6o. de la Constitución Política de los Estados Unidos Mexicanos")
    assert citar(catalogo, ["lgcd.17.IV"], estilo=estilo).startswith(
        f"fracción IV del numeral Décimo Séptimo de los {LINEAMIENTOS}")


# --- Último párrafo -------------------------------------------------------------------------

def test_ultimo_parrafo(catalogo):
    # Semilla 002: el Quincuagésimo primero tiene cuatro párrafos; el cuarto es el último.
    assert citar(catalogo, ["lgcd.51.p4"]).startswith("numeral Quincuagésimo Primero, párrafo cuarto, de los")
    estilo = EstiloCitas(ultimo_parrafo=True)
    assert citar(catalogo, ["lgcd.51.p4"], estilo=estilo).startswith(
        "numeral Quincuagésimo Primero, último párrafo, de los")
    assert citar(catalogo, ["lgcd.51.p3", "lgcd.51.p4"], estilo=estilo).startswith(
        "numeral Quincuagésimo Primero, párrafos tercero y último, de los")
    ambos = EstiloCitas(ultimo_parrafo=True, fraccion_primero=True)
    assert citar(catalogo, ["lgcd.51.p4"], estilo=ambos).startswith(
        f"último párrafo del numeral Quincuagésimo Primero de los {LINEAMIENTOS}")


# --- Reglas por su ordinal femenino ---------------------------------------------------------

@pytest.fixture(scope="module")
def catalogo_con_reglas(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("reglas")
    (carpeta / "reglas.yaml").write_text(
        "instrumento:\n  id: reglas_prueba\n  nombre: Reglas de Prueba\n  tipo: acuerdo\n  genero: fp\n"
        "  unidad: regla\n  palabra_unidad: false\n"
        "disposiciones:\n"
        "  - {id: reglas_prueba.3, articulo: \"3\", texto: null, sin_texto: Entrada de prueba.}\n"
        "  - {id: reglas_prueba.3.II, articulo: \"3\", fraccion: II, texto: null, sin_texto: Entrada de prueba.}\n"
        "  - {id: reglas_prueba.5, articulo: \"5\", texto: null, sin_texto: Entrada de prueba.}\n",
        encoding="utf-8")
    return cat.cargar([carpeta])


def test_reglas_por_su_ordinal_femenino_sin_la_palabra(catalogo_con_reglas):
    c = catalogo_con_reglas
    assert citar(c, ["reglas_prueba.3"], determinante=True) == "la Tercera de las Reglas de Prueba"
    assert citar(c, ["reglas_prueba.3", "reglas_prueba.5"], determinante=True) == (
        "la Tercera y la Quinta de las Reglas de Prueba")
    assert citar(c, ["reglas_prueba.3.II"]) == "Tercera, fracción II, de las Reglas de Prueba"
    assert citar(c, ["reglas_prueba.3.II"], estilo=EstiloCitas(fraccion_primero=True)) == (
        "fracción II de la Tercera de las Reglas de Prueba")


# --- «en relación con» un instrumento completo ------------------------------------------------

def test_en_relacion_con_un_instrumento_completo(catalogo):
    texto = citar(catalogo, ["lftaip.110.I"], en_relacion_con=["lsn"])
    assert texto == f"artículo 110, fracción I, de la {LFT}; en relación con la Ley de Seguridad Nacional"


def test_catalogo_citar_con_fecha_escribe_la_nota_de_reformas(cli):
    """Con --fecha, el comando cita como lo haría una resolución de ese día (nota de las
    modificaciones del 29 de julio de 2016 y del 18 de noviembre de 2022); sin fecha, como antes."""
    codigo, con_fecha, _ = cli("catalogo", "citar", "lgcd.33", "--fecha", "2026-05-01")
    assert codigo == 0 and "modificaciones publicadas en el mismo medio" in con_fecha
    assert "18 de noviembre de 2022" in con_fecha
    codigo, sin_fecha, _ = cli("catalogo", "citar", "lgcd.33")
    assert codigo == 0 and "modificaciones" not in sin_fecha
    codigo, _, errores = cli("catalogo", "citar", "lgcd.33", "--fecha", "2026-02-30")
    assert codigo == 2 and "no existe" in errores
