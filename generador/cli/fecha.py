"""``resoluciones fecha``: una fecha con palabras, como en el cierre de una resolución."""

from __future__ import annotations

import click

from ..errores import fecha_iso
from ..letras import fecha_con_letras
from .grupo import CONTEXTO, Comando


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("fecha", metavar="AAAA-MM-DD")
@click.option("--mayusculas", is_flag=True, help="En mayúsculas, como en el cierre de una resolución.")
@click.option("--dia-uno", is_flag=True, help="Escribe el día 1 como «uno» en lugar de «primero».")
def fecha(fecha: str, mayusculas: bool, dia_uno: bool) -> None:
    """Escribe una fecha con palabras: 2018-11-21 → veintiuno de noviembre de dos mil dieciocho."""
    dia = fecha_iso(fecha, "FECHA")
    click.echo(fecha_con_letras(dia, mayusculas=mayusculas, primero=not dia_uno))
