"""``resoluciones indice``: el índice de expedientes clasificados como reservados, del registro."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errores import fecha_iso
from ..registro import mostrable, motor, reservas, url_del_registro
from ..registro.indice import escribir
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro
from .opciones import Salida


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--desde", metavar="FECHA", help="Reservas clasificadas desde esta fecha (por omisión, desde la "
                                               "primera: el índice acumulado).")
@click.option("--hasta", metavar="FECHA", help="Hasta esta fecha (por omisión, hoy); el estado es el de ese día.")
@click.option("--area", metavar="ÁREA", help="Solo las reservas de esta área (sin distinguir mayúsculas ni acentos).")
@click.option("--solo-vigentes", is_flag=True, help="Solo las reservas vigentes o en prórroga (Lineamiento Décimo "
                                                    "cuarto, fr. XIII).")
@click.option("-o", "--salida", required=True, type=Salida(dir_okay=False, path_type=Path),
              metavar="INDICE.xlsx|.csv|.json", help="Archivo del índice; el formato lo da la extensión.")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo del índice si ya existe.")
@opcion_registro
def indice(desde: str | None, hasta: str | None, area: str | None, solo_vigentes: bool, salida: Path,
           sobrescribir: bool, registro: str | None) -> None:
    """Escribe el índice de expedientes clasificados como reservados: una fila por reserva,
    con las columnas del Lineamiento Décimo cuarto (fr. I a XII) y del art. 105 de la Ley
    General, y el estado de cada una (vigente, en prórroga, vencida, desclasificada).

    Es acumulado: una reserva vencida o desclasificada no desaparece, cambia de estado."""
    inicio = fecha_iso(desde, "--desde") if desde else None
    fin = fecha_iso(hasta, "--hasta") if hasta else dt.date.today()
    url = url_del_registro(registro)
    filas = reservas(motor(url), desde=inicio, hasta=fin, area=area, solo_vigentes=solo_vigentes)
    periodo = {"desde": inicio.isoformat() if inicio else None, "hasta": fin.isoformat(), "area": area}
    total = escribir(salida, filas, periodo, sobrescribir=sobrescribir)
    click.echo(f"Índice escrito en {salida}: {total} reserva(s) del registro {mostrable(url)}.")
