"""El formateador de citas.

Los dos párrafos de fundamentación de CTA-40418 se comparan con el texto de la
semilla, con las correcciones que las reglas del formateador imponen y que el
original aplica de forma irregular (cada una señalada abajo). Las demás citas se
escribieron a mano a partir de las reglas, no copiando la salida del programa.
"""

from __future__ import annotations

import pytest

from generador import catalogo as cat
from generador.catalogo.citas import citar, primera_mayuscula
from generador.errores import ErrorDeUsuario

LINEAMIENTOS = (
    "Lineamientos Generales en materia de clasificación y desclasificación de la información, "
    "así como para la elaboración de versiones públicas, publicados en el Diario Oficial de la "
    "Federación el 15 de abril de 2016"
)
LFTAIP = "Ley Federal de Transparencia y Acceso a la Información Pública"


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


def test_fundamentacion_de_la_clasificacion_de_cta_40418(catalogo):
    # Semilla: "Artículos 6, fracción I, de la Constitución …; 110, fracción I de la Ley
    # Federal …; numerales Cuarto, …, Trigésimo Tercero, Trigésimo Cuarto de los
    # Lineamientos …; en relación el artículo 51, fracción I de la Ley de Seguridad Nacional."
    # Correcciones: el art. 6o. tiene fracciones solo en su apartado A; coma de cierre
    # tras la fracción; «y» antes del último numeral; «en relación con».
    ids = ["cpeum.6.A.I", "lftaip.110.I", "lgcd.4", "lgcd.5", "lgcd.7.I", "lgcd.8", "lgcd.17.IV",
           "lgcd.33", "lgcd.34"]
    esperado = (
        "Artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados Unidos "
        f"Mexicanos; 110, fracción I, de la {LFTAIP}; numerales Cuarto, Quinto, Séptimo, fracción I, "
        "Octavo, Décimo Séptimo, fracción IV, Trigésimo Tercero y Trigésimo Cuarto de los "
        f"{LINEAMIENTOS}; en relación con el artículo 51, fracción I, de la Ley de Seguridad Nacional"
    )
    assert primera_mayuscula(citar(catalogo, ids, en_relacion_con=["lsn.51.I"])) == esperado


def test_fundamentacion_de_la_resolucion_de_cta_40418(catalogo):
    ids = ["cpeum.6", "loapf.28", "risre.34", "risre.36", "acuerdo_adscripcion_sre", "acuerdo_comite_sre",
           "lfpa.1", "lfpa.2", "lfpa.3.V", "lfpa.13", "lftaip.61.II", "lftaip.61.V", "lftaip.64",
           "lftaip.65.II", "lftaip.97", "lftaip.98.I", "lftaip.100", "lftaip.102", "lftaip.103",
           "lftaip.110.I", "lftaip.111", "lftaip.134", "lftaip.135", "lftaip.140.I", "lftaip.145",
           "lftaip.t3", "lgcd.4", "lgcd.5", "lgcd.7.I", "lgcd.8", "lgcd.17.IV", "lgcd.33", "lgcd.34"]
    # Correcciones respecto de la semilla: "6o." (como numera la Constitución), sin coma
    # entre "28" y "de la Ley", coma antes de "última reforma" y de "publicado", «y»
    # antes del último numeral, y «los» también ante «numerales».
    esperado = (
        "los artículos 6o. de la Constitución Política de los Estados Unidos Mexicanos; 28 de la "
        "Ley Orgánica de la Administración Pública Federal; 34 y 36 del Reglamento Interior de la "
        "Secretaría de Relaciones Exteriores; Acuerdo por el que se adscriben orgánicamente las "
        "unidades administrativas a que se refiere el Reglamento Interior de la Secretaría de "
        "Relaciones Exteriores, publicado en el Diario Oficial de la Federación el 04 de octubre de "
        "2011, última reforma publicada en el Diario Oficial de la Federación el 04 de mayo de 2016; "
        "Acuerdo por el que se crea la Unidad de Transparencia y se establece el Comité de "
        "Transparencia de la Secretaría de Relaciones Exteriores, publicado en el Diario Oficial de "
        "la Federación el 30 de agosto de 2016; 1, 2, 3, fracción V, y 13 de la Ley Federal de "
        "Procedimiento Administrativo; 61, fracciones II y V, 64, 65, fracción II, 97, 98, fracción "
        "I, 100, 102, 103, 110, fracción I, 111, 134, 135, 140, fracción I, 145 y Tercero "
        f"Transitorio de la {LFTAIP}; los numerales Cuarto, Quinto, Séptimo, fracción I, Octavo, "
        "Décimo Séptimo, fracción IV, Trigésimo Tercero y Trigésimo Cuarto de los "
        f"{LINEAMIENTOS}"
    )
    assert citar(catalogo, ids, orden="expediente", determinante=True) == esperado


def test_resolutivos_de_cta_40418(catalogo):
    assert citar(catalogo, ["lftaip.102", "lftaip.140.I", "lftaip.t3"], determinante=True) == (
        f"los artículos 102, 140, fracción I, y Tercero Transitorio de la {LFTAIP}")
    assert citar(catalogo, ["lftaip.145"], determinante=True) == f"el artículo 145 de la {LFTAIP}"
    assert citar(catalogo, ["lftaip.61.V", "lftaip.147", "lfpa.3.XV"], determinante=True,
                 union_final=", y ") == (
        f"los artículos 61, fracción V, y 147 de la {LFTAIP}, y 3, fracción XV, de la Ley Federal "
        "de Procedimiento Administrativo")


def test_orden_numerico_y_jerarquico_sin_importar_el_orden_de_los_ids(catalogo):
    # Ley General de 2025: reserva (112, fr. I), prueba de daño (107), plazo (104), con la
    # Constitución y la Ley de Seguridad Nacional. Se dan desordenados a propósito.
    ids = ["lsn.51.II", "lgtaip2025.112.I", "lgtaip2025.104", "cpeum.6.A.I", "lgtaip2025.107",
           "lsn.51.I"]
    assert citar(catalogo, ids) == (
        "artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados Unidos "
        "Mexicanos; 104, 107 y 112, fracción I, de la Ley General de Transparencia y Acceso a la "
        "Información Pública; 51, fracciones I y II, de la Ley de Seguridad Nacional")


def test_un_solo_numeral_en_singular(catalogo):
    assert citar(catalogo, ["lgcd.38.I"]) == f"numeral Trigésimo Octavo, fracción I, de los {LINEAMIENTOS}"


def test_numerales_con_fracciones_del_mismo_numeral(catalogo):
    assert citar(catalogo, ["lgcd.38.II", "lgcd.38.I"], determinante=True) == (
        f"el numeral Trigésimo Octavo, fracciones I y II, de los {LINEAMIENTOS}")


def test_articulo_completo_abarca_sus_fracciones(catalogo):
    assert citar(catalogo, ["lsn.51.I", "lsn.51"]) == "artículo 51 de la Ley de Seguridad Nacional"


def test_ids_repetidos_se_citan_una_vez(catalogo):
    assert citar(catalogo, ["lftaip.145", "lftaip.145"]) == f"artículo 145 de la {LFTAIP}"


def test_id_desconocido(catalogo):
    with pytest.raises(ErrorDeUsuario, match="lftaip.999"):
        citar(catalogo, ["lftaip.999"])


def test_tres_instrumentos_con_union_final(catalogo):
    assert citar(catalogo, ["lfpa.13", "lsn.51", "lgtaip2025.134"], union_final="; y ") == (
        "artículos 134 de la Ley General de Transparencia y Acceso a la Información Pública; 13 de "
        "la Ley Federal de Procedimiento Administrativo; y 51 de la Ley de Seguridad Nacional")
