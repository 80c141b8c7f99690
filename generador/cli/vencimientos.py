"""``resoluciones vencimientos``: las reservas que culminan pronto (para revisarlas a tiempo)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from ..errores import fecha_iso
from ..registro import motor, url_del_registro
from ..registro import vencimientos as buscar_vencimientos
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--al", metavar="FECHA", help="Fecha desde la que se cuenta (por omisión, hoy).")
@click.option("--meses", type=int, default=3, show_default=True, metavar="N",
              help="Ventana en meses (tres meses: el plazo para pedir una ampliación a la autoridad garante).")
@click.option("--json", "como_json", is_flag=True, help="La lista en JSON, para scripts.")
@opcion_registro
def vencimientos(al: str | None, meses: int, como_json: bool, registro: str | None) -> None:
    """Lista las reservas vigentes que culminan dentro de --meses meses, con los días que
    les quedan, su área y la resolución que las confirmó, para desclasificarlas o pedir su
    prórroga a tiempo.

    Sale con 1 si hay alguna (una tarea programada puede avisar) y con 0 si no hay."""
    fecha = fecha_iso(al, "--al") if al else dt.date.today()
    lista = buscar_vencimientos(motor(url_del_registro(registro)), fecha, meses)
    if como_json:
        click.echo(json.dumps({"al": fecha.isoformat(), "meses": meses, "reservas": [{
            "oficio": r.resolucion.oficio, "fecha_resolucion": r.resolucion.fecha.isoformat(),
            "area": r.clasificacion.area, "documento": r.clasificacion.documento,
            "clasificacion": r.clasificacion.posicion + 1, "fin": r.fin_vigente.isoformat(), "dias": dias,
            "estado": r.estado} for r, dias in lista]}, ensure_ascii=False, indent=2))
    elif not lista:
        click.echo(f"Ninguna reserva culmina entre el {fecha} y los {meses} meses siguientes.")
    else:
        click.echo(f"{len(lista)} reserva(s) culminan entre el {fecha} y los {meses} meses siguientes:")
        for r, dias in lista:
            documento = r.clasificacion.documento
            documento = documento if len(documento) <= 90 else documento[:89] + "…"
            click.echo(f"  • {r.fin_vigente} (faltan {dias} días) — {r.clasificacion.area} — resolución "
                       f"{r.resolucion.oficio} del {r.resolucion.fecha}" + (" — en prórroga" if r.estado ==
                                                                            "en prórroga" else ""))
            click.echo(f"      {documento}")
    sys.exit(1 if lista else 0)
