"""Opciones que comparten varios subcomandos (catálogo y plantillas propias, --estricto)."""

from __future__ import annotations

from pathlib import Path

import click


class Salida(click.Path):
    """La ruta de «-o»: ``click.Path`` toma «-o ''» como la carpeta actual («.») y el error
    que seguía nombraba «.»; un nombre vacío es un error que lo dice."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("falta el nombre del archivo de salida (se dio un texto vacío)", param, ctx)
        return super().convert(value, param, ctx)


opcion_catalogo = click.option(
    "--catalogo", "catalogos", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    metavar="CARPETA",
    help="Carpeta con entradas propias del catálogo (se puede repetir; también la variable "
         "RESOLUCIONES_CATALOGO).",
)


opcion_plantillas = click.option(
    "--plantillas", "plantillas", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    metavar="CARPETA",
    help="Carpeta con perfiles de instituciones, bloques de texto o diseños de Word propios "
         "(se puede repetir; también la variable RESOLUCIONES_PLANTILLAS).",
)

opcion_estricto = click.option(
    "--estricto", is_flag=True,
    help="Trata como errores las advertencias de vigencia (fundamentos no vigentes en la fecha).",
)
