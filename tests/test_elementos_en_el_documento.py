"""Lo que la revisión pide para una reserva llega al documento, en cada formato.

La revisión exigía las razones del periodo de reserva (TC-03, Trigésimo cuarto, párrafo
tercero: «deberán señalar las razones por las cuales se estableció el plazo de reserva
determinado») y, en una reserva parcial, la descripción de las partes reservadas (QP-09,
Quincuagésimo primero, párrafo segundo, fr. II), pero ninguna plantilla las escribía: la
resolución salía sin ellas y se certificaba completa. Lo mismo la ubicación de una prueba de
daño «señalada por» un área.
"""

from __future__ import annotations

import io

import docx
import pytest
import yaml

from .conftest import RAIZ

RAZONES = "Es el tiempo en que se mantienen los programas de traslado y la asignación del personal."
PARTES = "Las columnas de ruta y horario de las fojas 3 a 9 de las bitácoras de servicio."
UBICACION = "oficio DSI/0871/2026, páginas 2 a 4"
# El formato de siempre, el estructurado de un perfil y los textos propios de una institución.
MUESTRAS = ["reserva-2026", "judicial-reserva-2026", "reserva-2026-antecedentes"]


def _caso(muestra: str, cambio) -> dict:
    datos = yaml.safe_load((RAIZ / "samples" / f"{muestra}.yaml").read_text(encoding="utf-8"))
    reservada = next(c for c in datos["clasificaciones"] if c["tipo"] == "reservada")
    cambio(reservada)
    return datos


def _texto(cli, tmp_path, datos: dict) -> str:
    caso = tmp_path / "caso.yaml"
    caso.write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida), "--sin-registro", "--sobrescribir")
    assert codigo in (0, 1), errores
    d = docx.Document(io.BytesIO(salida.read_bytes()))
    return " ".join(" ".join(p.text for p in d.paragraphs).split())


@pytest.mark.parametrize("muestra", MUESTRAS)
def test_razones_del_periodo_de_reserva(cli, tmp_path, muestra):
    assert RAZONES in _texto(cli, tmp_path, _caso(muestra, lambda c: c.update(razones_periodo=RAZONES)))


@pytest.mark.parametrize("muestra", MUESTRAS)
def test_partes_reservadas_de_una_reserva_parcial(cli, tmp_path, muestra):
    def parcial(c):
        c.update(parcial=True, partes_reservadas=PARTES)
        c.setdefault("version_publica", {"unidad": c["unidad"]}).setdefault("titular", "Mtra. Ana Ruiz Soto")

    datos = _caso(muestra, parcial)
    assert PARTES in _texto(cli, tmp_path, datos)


@pytest.mark.parametrize("muestra", MUESTRAS)
def test_la_prueba_de_dano_senalada_dice_donde_esta(cli, tmp_path, muestra):
    def senalada(c):
        c["prueba_de_dano"] = {"senalada_por": c["unidad"], "ubicacion": UBICACION}

    datos = _caso(muestra, senalada)
    documento = _texto(cli, tmp_path, datos)
    assert UBICACION in documento
