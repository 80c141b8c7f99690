"""``resoluciones prorrogar``: registrar la ampliación del periodo de reserva contra la reserva original."""

from __future__ import annotations

import click

from ..errores import fecha_iso
from ..registro import motor, prorrogar as ampliar, url_del_registro
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("oficio", metavar="OFICIO")
@click.option("--resolucion", required=True, metavar="OFICIO",
              help="Oficio de la resolución del Comité que aprueba la ampliación.")
@click.option("--fecha", required=True, metavar="FECHA", help="Fecha de esa resolución (AAAA-MM-DD).")
@click.option("--hasta", metavar="FECHA", help="Nueva fecha en que culmina la reserva.")
@click.option("--anios", type=int, default=None, metavar="N", help="O bien: años que se amplía (1 a 5), desde el "
                                                                  "fin actual.")
@click.option("--motivo", default="", metavar="TEXTO", help="Por qué subsisten las causas (la prueba de daño).")
@click.option("--clasificacion", type=click.IntRange(1, 999), default=None, metavar="N",
              help="Solo la reserva N de la resolución (desde 1); por omisión, todas sus reservas.")
@click.option("--autoridad-garante", "por_garante", is_flag=True,
              help="Una ampliación más, aprobada por la autoridad garante a solicitud del Comité (art. 104, párrafo "
                   "cuarto: infraestructura estratégica o art. 112, fr. IV).")
@opcion_registro
def prorrogar(oficio: str, resolucion: str, fecha: str, hasta: str | None, anios: int | None, motivo: str,
              clasificacion: int | None, por_garante: bool, registro: str | None) -> None:
    """Registra que el Comité amplió el periodo de reserva de la resolución OFICIO (art. 104
    de la Ley General de 2025: una vez, hasta cinco años más, antes de que venza). El índice
    la muestra «en prórroga» con la nueva fecha de fin; repetir la orden con la misma
    --resolucion la corrige. Otra ampliación después de esa solo con --autoridad-garante."""
    motivo = motivo.strip()
    if por_garante:
        motivo = (motivo + " " if motivo else "") + "(ampliada por la autoridad garante: art. 104, párrafo cuarto)"
    hechas = ampliar(motor(url_del_registro(registro)), oficio, resolucion=resolucion.strip(),
                     fecha=fecha_iso(fecha, "--fecha"), hasta=fecha_iso(hasta, "--hasta") if hasta else None,
                     anios=anios, motivo=motivo, posicion=clasificacion, por_garante=por_garante)
    for h in hechas:
        click.echo(f"Prorrogada la reserva {h['posicion']} de {oficio} hasta el {h['hasta']}: {h['documento'][:90]}")
