"""``resoluciones desclasificar``: registrar que una reserva se desclasificó (nunca se borra)."""

from __future__ import annotations

import click

from ..errores import fecha_iso
from ..registro import desclasificar as marcar
from ..registro import motor, url_del_registro
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("oficio", metavar="OFICIO")
@click.option("--fecha", required=True, metavar="FECHA", help="Fecha de la desclasificación (AAAA-MM-DD).")
@click.option("--motivo", default="", metavar="TEXTO",
              help="Por qué (Lineamiento Décimo quinto: venció el plazo, se extinguieron las causas, lo ordenó "
                   "una autoridad, lo consideró el Comité…).")
@click.option("--clasificacion", type=click.IntRange(1, 999), default=None, metavar="N",
              help="Solo la reserva N de la resolución (desde 1); por omisión, todas sus reservas.")
@opcion_registro
def desclasificar(oficio: str, fecha: str, motivo: str, clasificacion: int | None, registro: str | None) -> None:
    """Registra que las reservas de la resolución OFICIO se desclasificaron en --fecha. El
    índice las sigue mostrando, con el estado «desclasificada»."""
    hechas = marcar(motor(url_del_registro(registro)), oficio, fecha_iso(fecha, "--fecha"), motivo.strip(),
                    clasificacion)
    for h in hechas:
        click.echo(f"Desclasificada la reserva {h['posicion']} de {oficio}: {h['documento'][:90]}")
