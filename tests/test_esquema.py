"""El JSON Schema del expediente sirve para validar en el editor."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import yaml

from .conftest import MUESTRA


def _como_json(valor):
    """Lo que un editor ve al leer el YAML: fechas como texto AAAA-MM-DD."""
    if isinstance(valor, dict):
        return {k: _como_json(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_como_json(v) for v in valor]
    if isinstance(valor, dt.date):
        return valor.isoformat()
    return valor


def test_esquema_valido_y_la_muestra_lo_cumple(cli):
    codigo, salida, _ = cli("esquema")
    assert codigo == 0
    esquema = json.loads(salida)
    jsonschema.Draft202012Validator.check_schema(esquema)
    assert esquema["title"] == "Expediente de resolución del Comité de Transparencia"
    muestra = _como_json(yaml.safe_load(MUESTRA.read_text(encoding="utf-8")))
    jsonschema.validate(muestra, esquema)


def test_esquema_rechaza_campo_desconocido_y_describe_en_espanol(cli):
    esquema = json.loads(cli("esquema")[1])
    muestra = _como_json(yaml.safe_load(MUESTRA.read_text(encoding="utf-8")))
    muestra["ofcio"] = "x"
    errores = list(jsonschema.Draft202012Validator(esquema).iter_errors(muestra))
    assert errores
    assert "Número de oficio" in esquema["properties"]["oficio"]["description"]
