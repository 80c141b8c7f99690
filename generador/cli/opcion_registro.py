"""Las opciones del registro que comparten los comandos: ``--registro URL`` y ``--sin-registro``.

Este módulo no importa SQLAlchemy: ``generar`` lo carga siempre y solo importa el registro
cuando de verdad va a registrar.
"""

from __future__ import annotations

import click

opcion_registro = click.option(
    "--registro", "registro", default=None, metavar="URL",
    help="Base del registro: la ruta de un archivo SQLite o postgresql+psycopg://USUARIO@SERVIDOR/BASE "
         "(también la variable RESOLUCIONES_REGISTRO; por omisión, un archivo SQLite en la carpeta de datos "
         "del usuario).",
)

opcion_sin_registro = click.option(
    "--sin-registro", is_flag=True,
    help="No registra el documento (un borrador); también RESOLUCIONES_SIN_REGISTRO=1.",
)
