"""``resoluciones registro``: lo registrado (listar, mostrar, exportar), importar un índice
anterior y migrar la base."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..errores import ErrorDeUsuario, fecha_iso
from ..registro import CABEZA, crear_motor, estado, listar, migrar, mostrable, mostrar, motor, url_del_registro
from ..registro.consultas import fin_vigente
from ..registro.importacion import importar as importar_indice
from ..salida import escribir_atomico
from .grupo import CONTEXTO, Grupo
from .opcion_registro import opcion_registro
from .opciones import Salida


@click.group(cls=Grupo, context_settings=CONTEXTO)
def registro() -> None:
    """El registro de las resoluciones escritas: listar, mostrar, exportar, importar un
    índice anterior (CSV o XLSX) y migrar la base."""


def _fecha(valor) -> str | None:
    return valor.isoformat() if valor else None


def _clasificacion(c, hoy: dt.date) -> dict:
    return {"posicion": c.posicion + 1, "tipo": c.tipo, "parcial": c.parcial, "area": c.area,
            "documento": c.documento, "tema": c.tema, "fundamentos": c.fundamentos,
            "inicio": _fecha(c.inicio), "fin": _fecha(fin_vigente(c)), "fin_original": _fecha(c.fin),
            "fin_calculado": c.fin_calculado, "anios": c.anios,
            "estado": estado(c, hoy) if c.tipo == "reservada" else None,
            "desclasificada_el": _fecha(c.desclasificada_el), "motivo_desclasificacion": c.motivo_desclasificacion,
            "prorrogas": [{"oficio": p.oficio, "fecha": _fecha(p.fecha), "hasta": _fecha(p.hasta),
                           "anios": p.anios, "motivo": p.motivo} for p in c.prorrogas]}


def _resolucion(r, hoy: dt.date, completa: bool = False) -> dict:
    datos = {"oficio": r.oficio, "institucion": r.institucion, "tipo": r.tipo, "fecha": _fecha(r.fecha),
             "asunto": r.asunto, "folios": r.folios, "origen": r.origen, "archivo": r.archivo, "formato": r.formato,
             "sha256_documento": r.sha256_documento, "sha256_expediente": r.sha256_expediente,
             "version_herramienta": r.version_herramienta, "generaciones": r.generaciones,
             "creada_en": r.creada_en.isoformat(), "actualizada_en": r.actualizada_en.isoformat(),
             "clasificaciones": [_clasificacion(c, hoy) for c in r.clasificaciones]}
    if completa:
        datos["expediente"] = r.expediente
    return datos


def _periodo(desde, hasta):
    return (fecha_iso(desde, "--desde") if desde else None, fecha_iso(hasta, "--hasta") if hasta else None)


@registro.command(name="listar")
@click.option("--desde", metavar="FECHA", help="Resoluciones de esta fecha en adelante.")
@click.option("--hasta", metavar="FECHA", help="Hasta esta fecha.")
@click.option("--tipo", metavar="TIPO", help="Solo este tipo de resolución (reserva, confidencial…).")
@click.option("--json", "como_json", is_flag=True, help="En JSON, para scripts.")
@opcion_registro
def listar_(desde, hasta, tipo, como_json, registro):
    """Lista las resoluciones registradas, por fecha."""
    inicio, fin = _periodo(desde, hasta)
    url = url_del_registro(registro)
    lista, hoy = listar(motor(url), desde=inicio, hasta=fin, tipo=tipo), dt.date.today()
    if como_json:
        click.echo(json.dumps([_resolucion(r, hoy) for r in lista], ensure_ascii=False, indent=2))
        return
    if not lista:
        click.echo(f"El registro {mostrable(url)} no tiene resoluciones" + (" con esos filtros." if desde or hasta
                                                                              or tipo else "."))
        return
    for r in lista:
        reservas = [c for c in r.clasificaciones if c.tipo == "reservada"]
        detalle = f" — {len(reservas)} reserva(s) hasta " + ", ".join(str(fin_vigente(c)) for c in reservas) \
            if reservas else ""
        click.echo(f"{r.fecha}  {r.oficio}  ({r.tipo}, {r.institucion}, {r.origen}){detalle}")
    click.echo(f"{len(lista)} resolución(es) en {mostrable(url)}.")



@registro.command(name="mostrar")
@click.argument("oficio", metavar="OFICIO")
@click.option("--expediente", is_flag=True, help="Incluye los datos completos del expediente.")
@opcion_registro
def mostrar_(oficio, expediente, registro):
    """Muestra (en JSON) todo lo registrado de la resolución OFICIO."""
    r = mostrar(motor(url_del_registro(registro)), oficio)
    click.echo(json.dumps(_resolucion(r, dt.date.today(), completa=expediente), ensure_ascii=False, indent=2))


@registro.command(name="exportar")
@click.option("-o", "--salida", required=True, type=Salida(dir_okay=False, path_type=Path),
              metavar="REGISTRO.json", help="Archivo JSON con todo lo registrado (expedientes incluidos).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo si ya existe.")
@opcion_registro
def exportar_(salida, sobrescribir, registro):
    """Exporta todo el registro a JSON (respaldo, o para llevarlo a otra base)."""
    if salida.suffix.lower() != ".json":
        raise ErrorDeUsuario(f"{salida}: la exportación completa es un archivo .json (para el índice, use "
                             "«resoluciones indice -o INDICE.csv|.xlsx»)")
    url = url_del_registro(registro)
    lista, hoy = listar(motor(url)), dt.date.today()
    datos = {"registro": mostrable(url), "exportado_en": dt.datetime.now(dt.timezone.utc).isoformat(),
             "resoluciones": [_resolucion(r, hoy, completa=True) for r in lista]}
    escribir_atomico(salida, json.dumps(datos, ensure_ascii=False, indent=2).encode("utf-8") + b"\n",
                     sobrescribir=sobrescribir)
    click.echo(f"{len(lista)} resolución(es) exportadas a {salida}.")


@registro.command(name="importar")
@click.argument("archivo", type=click.Path(path_type=Path), metavar="INDICE.csv|.xlsx")
@opcion_registro
def importar_(archivo, registro):
    """Importa un índice de expedientes reservados que la unidad llevaba en una hoja de
    cálculo (CSV o XLSX, con las columnas del índice), para empezar con su historia.
    Importar dos veces el mismo archivo no duplica nada."""
    reservas, resoluciones, omitidos = importar_indice(motor(url_del_registro(registro)), archivo)
    click.echo(f"Importadas {reservas} reserva(s) de {resoluciones} resolución(es) de {archivo}.")
    if omitidos:
        click.echo("No se importaron (la herramienta ya las registró al generarlas): " + ", ".join(omitidos), err=True)


@registro.command(name="migrar")
@opcion_registro
def migrar_(registro):
    """Crea la base del registro o la lleva a la última versión del esquema (también ocurre
    sola al usarla); nunca borra lo registrado."""
    url = url_del_registro(registro)
    m = crear_motor(url)
    try:
        previa = migrar(m)
    finally:
        m.dispose()
    if previa == CABEZA:
        click.echo(f"El registro {mostrable(url)} ya está en la última versión ({CABEZA}).")
    else:
        click.echo(f"Registro {mostrable(url)}: de la versión {previa or 'vacía'} a la {CABEZA}.")
