"""``resoluciones perfil nuevo``: el perfil de una institución, comentado, con todas sus opciones."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..plantillas.perfil_comentado import perfil_comentado
from ..salida import escribir_atomico
from .grupo import CONTEXTO, Comando
from .opciones import Salida


@click.group(name="perfil", options_metavar="[OPCIONES]", subcommand_metavar="COMANDO [ARGUMENTOS]...")
def perfil() -> None:
    """Perfiles de institución: su formato, su estructura y su Comité, sin escribir Jinja."""


@perfil.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--id", "id_", default="mi-institucion", show_default=True, metavar="ID",
              help="Id del perfil: el nombre de su carpeta (minúsculas, cifras, «-» y «_»).")
@click.option("--nombre", metavar="NOMBRE", help="Nombre de la institución («Secretaría de Ejemplo»).")
@click.option("--siglas", metavar="SIGLAS", help="Siglas de la institución.")
@click.option("-o", "--salida", type=Salida(dir_okay=False, path_type=Path), metavar="perfil.yaml",
              help="Archivo que se escribe (por omisión, la salida estándar).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo si ya existe.")
def nuevo(id_: str, nombre: str | None, siglas: str | None, salida: Path | None, sobrescribir: bool) -> None:
    """Escribe un perfil.yaml con todas las opciones: las obligatorias con un ejemplo y las
    demás comentadas, con su valor por omisión y un ejemplo. Después, «resoluciones
    plantillas validar CARPETA» lo revisa."""
    if not re.fullmatch(r"[a-z0-9_\-]+", id_):
        raise ErrorDeUsuario("--id solo lleva minúsculas sin acentos, cifras, «_» y «-» (p. ej. «mi-institucion»)")
    texto = perfil_comentado(id_, nombre, siglas)
    if salida is None:
        click.echo(texto, nl=False)
        return
    escribir_atomico(salida, texto.encode("utf-8"), sobrescribir=sobrescribir)
    click.echo(f"Perfil escrito en {salida}; póngalo en MIS_PLANTILLAS/instituciones/{id_}/ y revíselo con: "
               "resoluciones plantillas validar MIS_PLANTILLAS", err=True)
