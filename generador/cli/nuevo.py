"""``resoluciones nuevo``: el expediente en blanco, comentado, de un tipo de resolución."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ..errores import fecha_iso
from ..plantillas.esqueletos import esqueleto
from ..salida import escribir_atomico
from .grupo import CONTEXTO, Comando
from .opciones import Salida, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--tipo", default="reserva", show_default=True, metavar="TIPO",
              help="Tipo de resolución: reserva, confidencial, mixta, inexistencia, ampliacion, incompetencia "
                   "o acta (y los que añadan sus plantillas en nuevos/).")
@click.option("--institucion", required=True, metavar="ID", help="Id del perfil de la institución (p. ej. sre).")
@click.option("--fecha", "fecha_texto", metavar="AAAA-MM-DD", help="Fecha de la resolución (por omisión, hoy).")
@click.option("--consecutivo", type=click.IntRange(1, 10**9), metavar="N",
              help="Número consecutivo del oficio, con el patrón del perfil («patron_oficio»).")
@click.option("--serie", metavar="CLAVE",
              help="Serie de oficios del perfil («series_oficio») con que se numera el consecutivo.")
@click.option("-o", "--salida", type=Salida(dir_okay=False, path_type=Path), metavar="CASO.yaml",
              help="Archivo que se escribe (por omisión, la salida estándar).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo si ya existe.")
@opcion_plantillas
def nuevo(tipo: str, institucion: str, fecha_texto: str | None, consecutivo: int | None, serie: str | None,
          salida: Path | None,
          sobrescribir: bool, plantillas: tuple[Path, ...]) -> None:
    """Escribe un expediente en blanco, comentado, con cada campo que el tipo necesita.
    Después, «resoluciones validar» dice campo por campo qué falta."""
    dia = _dt.date.today()
    if fecha_texto is not None:
        dia = fecha_iso(fecha_texto, "--fecha")
    texto = esqueleto(tipo, institucion, dia, str(salida or "caso.yaml"), list(plantillas), consecutivo, serie)
    if salida is None:
        click.echo(texto, nl=False)
        return
    escribir_atomico(salida, texto.encode("utf-8"), sobrescribir=sobrescribir)
    click.echo(f"Expediente en blanco escrito en {salida}; llénelo y revíselo con: resoluciones validar {salida}",
               err=True)
