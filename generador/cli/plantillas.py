"""``resoluciones plantillas …``: para autores de plantillas."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..plantillas.revision import listar as listar_plantillas
from ..plantillas.revision import revisar_carpeta
from ..rutas import carpetas_de_plantillas
from ..word.comprobacion import disenos_de_la_carpeta


@click.group(name="plantillas", options_metavar="[OPCIONES]", subcommand_metavar="COMANDO [ARGUMENTOS]...")
def plantillas() -> None:
    """Lista y revisa perfiles de instituciones, bloques de texto y diseños de Word."""


@plantillas.command(options_metavar="[OPCIONES]")
@click.option("--plantillas", "extra", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="CARPETA", help="Carpeta de plantillas propia (se puede repetir).")
def listar(extra: tuple[Path, ...]) -> None:
    """Lista instituciones, bloques de texto, diseños de Word y esqueletos disponibles,
    con la carpeta de donde sale cada uno (las propias tienen prioridad)."""

    titulos = {"instituciones": "Instituciones (perfiles)", "textos": "Bloques de texto",
               "word": "Diseños de Word", "nuevos": "Esqueletos («resoluciones nuevo --tipo»)"}
    for clave, elementos in listar_plantillas(carpetas_de_plantillas(extra)).items():
        click.echo(f"{titulos[clave]}:")
        for nombre, origen in elementos:
            click.echo(f"  {nombre:<40} {origen}")


@plantillas.command(options_metavar="[OPCIONES]")
@click.argument("ruta", type=click.Path(path_type=Path), metavar="RUTA")
def validar(ruta: Path) -> None:
    """Revisa la carpeta de plantillas RUTA: perfiles, sintaxis y variables de los bloques de
    texto y de los diseños de Word, el diseño de cada perfil con sus estilos, y etiquetas
    partidas por Word. Sale con 2 si hay errores, 1 si solo hay advertencias y 0 si no hay
    ninguno (un aviso, como el de un validador que no está instalado, no cuenta)."""

    hallazgos = revisar_carpeta(ruta) + disenos_de_la_carpeta(ruta)
    for hallazgo in hallazgos:
        click.echo(str(hallazgo))
    errores = sum(h.nivel == "error" for h in hallazgos)
    advertencias = sum(h.nivel == "advertencia" for h in hallazgos)
    if not errores and not advertencias:
        click.echo(f"{ruta}: plantillas sin problemas.")
    else:
        click.echo(f"{ruta}: {errores} error(es), {advertencias} advertencia(s).")
    sys.exit(2 if errores else (1 if advertencias else 0))

