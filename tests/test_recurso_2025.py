"""El recurso de revisión que la resolución anuncia (Ley General de 2025, arts. 3 y 144).

Lo que se comprueba viene de la ley: art. 144, «dentro de los quince días siguientes a la fecha
de la notificación de la respuesta»; art. 3, fr. V, el Instituto Nacional Electoral es garante
«por cuanto hace al acceso a la información pública de los partidos políticos», el Centro
Federal de Conciliación y Registro Laboral y el Tribunal Federal de Conciliación y Arbitraje
«por cuanto hace al acceso a la información pública de los sindicatos», y las contralorías
internas del Congreso de la Unión, del Poder Legislativo federal.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from .conftest import RAIZ

MUESTRA = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
NOTIFICACION = "  - clausula: resolutivo.notificacion\n    variables:\n      autoridad_garante: Transparencia para el Pueblo\n"


def _hallazgos(cli, tmp_path, texto, *extra):
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    _, salida, errores = cli("validar", str(caso), "--json", *extra)
    return {(h["codigo"], h["nivel"]) for h in json.loads(salida)["hallazgos"]}


def _con_resolutivo(texto_libre: str) -> str:
    assert NOTIFICACION in MUESTRA
    return MUESTRA.replace(NOTIFICACION, f"  - texto: >-\n      {texto_libre}\n")


def test_texto_libre_con_otro_plazo_o_articulo(cli, tmp_path):
    bien = ("Notifíquese al solicitante que puede interponer recurso de revisión ante Transparencia para el Pueblo "
            "dentro de los quince días siguientes a la notificación, de conformidad con el artículo 144 de la Ley "
            "General de Transparencia y Acceso a la Información Pública.")
    assert not {c for c, _ in _hallazgos(cli, tmp_path, _con_resolutivo(bien))} & {"REC-07"}
    mal = bien.replace("quince días", "treinta días hábiles").replace("artículo 144", "artículo 147")
    hallazgos = _hallazgos(cli, tmp_path, _con_resolutivo(mal))
    assert ("REC-07", "error") in hallazgos and ("REC-07", "advertencia") in hallazgos


@pytest.mark.parametrize("regimen, fecha, falla", [("2015", "2026-11-20", True), ("2025", "2026-11-20", False),
                                                    ("2025", "2024-11-20", True)])
def test_la_variable_regimen_sigue_a_la_fecha(cli, tmp_path, regimen, fecha, falla):
    texto = MUESTRA.replace(NOTIFICACION, NOTIFICACION + f"      regimen: '{regimen}'\n")
    assert f"regimen: '{regimen}'" in texto
    if fecha != "2026-11-20":
        datos = yaml.safe_load(texto)
        datos["fecha"] = datos["sesion"]["fecha"] = fecha
        texto = yaml.safe_dump(datos, allow_unicode=True, sort_keys=False)
    assert (("REC-09", "error") in _hallazgos(cli, tmp_path, texto)) == falla


def _perfil(tmp_path, sujeto_obligado: str, autoridad_garante: str | None = None):
    base = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    base.update(id="propia", sujeto_obligado=sujeto_obligado)
    if autoridad_garante:
        base["autoridad_garante"] = autoridad_garante
    carpeta = tmp_path / "plantillas" / "instituciones" / "propia"
    carpeta.mkdir(parents=True, exist_ok=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(tmp_path / "plantillas")


@pytest.mark.parametrize("tipo, garante, codigo", [
    ("fideicomiso", "el Instituto Nacional Electoral", ("REC-03", "error")),
    ("persona_recursos_publicos", "el Tribunal Federal de Conciliación y Arbitraje", ("REC-03", "error")),
    ("organo_autonomo", "la Contraloría Interna del Congreso de la Unión", ("REC-03", "error")),
    ("partido_politico", "el Instituto Nacional Electoral", None),
    ("sindicato", "el Tribunal Federal de Conciliación y Arbitraje", None),
    ("fideicomiso", "Transparencia para el Pueblo", None),  # un fideicomiso federal (art. 3, fr. III)
])
def test_garantes_que_lo_son_solo_de_un_tipo(cli, tmp_path, tipo, garante, codigo):
    plantillas = _perfil(tmp_path, tipo)
    texto = MUESTRA.replace("institucion: generica", "institucion: propia", 1).replace(
        "autoridad_garante: Transparencia para el Pueblo", f"autoridad_garante: {garante}")
    hallazgos = _hallazgos(cli, tmp_path, texto, "--plantillas", plantillas)
    recursos = {h for h in hallazgos if h[0].startswith("REC-")}
    assert recursos == ({codigo} if codigo else set()), recursos


def test_otro_organo_interno_de_control_que_el_del_perfil(cli, tmp_path):
    propio = "el Órgano Interno de Control del Instituto Autónomo de Pruebas"
    plantillas = _perfil(tmp_path, "organo_autonomo", propio)
    texto = MUESTRA.replace("institucion: generica", "institucion: propia", 1)
    otro = texto.replace("autoridad_garante: Transparencia para el Pueblo",
                         "autoridad_garante: el Órgano Interno de Control de la Secretaría Anticorrupción y Buen Gobierno")
    assert ("REC-08", "advertencia") in _hallazgos(cli, tmp_path, otro, "--plantillas", plantillas)
    suyo = texto.replace("autoridad_garante: Transparencia para el Pueblo", f"autoridad_garante: al {propio[3:]}")
    assert not {c for c, _ in _hallazgos(cli, tmp_path, suyo, "--plantillas", plantillas)} & {"REC-03", "REC-08"}


def test_un_texto_libre_que_nombra_a_la_institucion_no_es_su_garante(cli, tmp_path):
    """La revisión de la sesión: REC-03 buscaba al INE o al Centro Federal en todo el resolutivo
    libre; uno que dice «o ante la Unidad de Transparencia del Centro Federal…» (art. 144) era un
    error. Y «el Órgano Interno de Control del Instituto Nacional Electoral» es el garante del INE
    como órgano autónomo, no el INE."""
    plantillas = _perfil(tmp_path, "ejecutivo_federal")
    libre = ("Notifíquese a la persona solicitante que podrá interponer el recurso de revisión dentro de los quince "
             "días siguientes, ante Transparencia para el Pueblo o ante la Unidad de Transparencia del Centro Federal "
             "de Conciliación y Registro Laboral, conforme al artículo 144 de la Ley General de Transparencia y "
             "Acceso a la Información Pública.")
    texto = _con_resolutivo(libre).replace("institucion: generica", "institucion: propia", 1)
    assert not {c for c, _ in _hallazgos(cli, tmp_path, texto, "--plantillas", plantillas)} & {"REC-03", "REC-07"}
    shutil.rmtree(tmp_path / "plantillas")
    plantillas = _perfil(tmp_path, "organo_autonomo")
    texto = MUESTRA.replace("institucion: generica", "institucion: propia", 1).replace(
        "autoridad_garante: Transparencia para el Pueblo",
        "autoridad_garante: el Órgano Interno de Control del Instituto Nacional Electoral")
    assert "REC-03" not in {c for c, _ in _hallazgos(cli, tmp_path, texto, "--plantillas", plantillas)}


@pytest.mark.parametrize("libre", [
    "En cumplimiento de la resolución dictada por Transparencia para el Pueblo en el recurso de revisión RRA 1234/26, "
    "que ordenó atender la solicitud en un plazo de diez días hábiles, se instruye a la Unidad de Transparencia "
    "notificar la presente resolución a la persona solicitante.",
    "Se instruye a la Unidad de Transparencia informar a Transparencia para el Pueblo, dentro de los tres días "
    "siguientes, el cumplimiento dado a la resolución del recurso de revisión RRA 1234/26, de conformidad con el "
    "artículo 158 de la Ley General de Transparencia y Acceso a la Información Pública.",
    "La persona solicitante podrá interponer el recurso de revisión dentro de los quince días siguientes, conforme a "
    "los artículos 143 a 146 de la Ley General de Transparencia y Acceso a la Información Pública.",
])
def test_otros_plazos_y_rangos_no_son_el_del_recurso(cli, tmp_path, libre):
    """REC-07 tomaba cualquier «N días» de una oración que nombrara el recurso de revisión (uno
    que se cumple, no que se interpone) y no entendía «artículos 143 a 146»."""
    texto = MUESTRA.replace("  - clausula: resolutivo.entrega_prueba_de_dano",
                            f"  - texto: >-\n      {libre}\n  - clausula: resolutivo.entrega_prueba_de_dano", 1)
    assert libre[:30] in texto
    assert "REC-07" not in {c for c, _ in _hallazgos(cli, tmp_path, texto)}
