"""``resoluciones esquema``: el JSON Schema del expediente, para que el editor autocomplete."""

from __future__ import annotations

import json

import click

from ..expediente import esquema_json
from .grupo import CONTEXTO, Comando


@click.command(cls=Comando, context_settings=CONTEXTO)
def esquema() -> None:
    """Imprime el JSON Schema del expediente (para autocompletar en el editor)."""
    click.echo(json.dumps(esquema_json(), ensure_ascii=False, indent=2))
