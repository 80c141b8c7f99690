"""``resoluciones catalogo …``: consultar y validar el catálogo de fundamentos.

Para autores de plantillas y para quien redacta: listar, mostrar, buscar y citar
disposiciones, y validar un catálogo propio antes de usarlo.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

import click

from ..catalogo import cargar, es_instrumento_completo
from ..catalogo.busqueda import buscar as buscar_en
from ..catalogo.citas import citar as citar_ids
from ..errores import ErrorDeUsuario, fecha_iso


def _cargar(catalogos):

    return cargar(catalogos)


def _fecha(valor: str | None, opcion: str = "--vigentes-en") -> _dt.date | None:
    if valor is None:
        return None
    return fecha_iso(valor, opcion)


def _marca_de_vigencia(fundamento) -> str:
    """« [no vigente hoy: …]» para lo abrogado o aún no vigente; nada si rige hoy."""
    hoy = _dt.date.today()
    vigencia = fundamento.vigencia()
    if vigencia.incluye(hoy):
        return ""
    if vigencia.hasta is not None and vigencia.hasta < hoy:
        return f"  [no vigente hoy: rigió hasta el {vigencia.hasta.isoformat()}]"
    return f"  [no vigente hoy: rige desde el {vigencia.desde.isoformat()}]"


def _cita(catalogo, id_: str) -> str:

    fundamento = catalogo.fundamento(id_)
    if es_instrumento_completo(fundamento):
        return fundamento.instrumento.nombre_citado()
    return citar_ids(catalogo, [id_])


def _opciones_comunes(funcion):
    return click.option(
        "--catalogo", "catalogos", multiple=True, type=click.Path(file_okay=False, path_type=Path),
        metavar="CARPETA", help="Carpeta con entradas propias del catálogo (se puede repetir).",
    )(funcion)


@click.group(name="catalogo", options_metavar="[OPCIONES]", subcommand_metavar="COMANDO [ARGUMENTOS]...")
def catalogo() -> None:
    """Consulta y valida el catálogo de fundamentos y cláusulas."""


@catalogo.command(options_metavar="[OPCIONES]")
@click.option("--etiqueta", "etiquetas", multiple=True, metavar="ETIQUETA", help="Solo las que llevan esta etiqueta (se puede repetir).")
@click.option("--instrumento", metavar="ID", help="Solo las de este instrumento (p. ej. lgtaip2025).")
@click.option("--vigentes-en", metavar="AAAA-MM-DD", help="Solo las vigentes en esa fecha.")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@_opciones_comunes
def listar(etiquetas, instrumento, vigentes_en, como_json, catalogos) -> None:
    """Lista las disposiciones del catálogo con su cita."""
    cat = _cargar(catalogos)
    fecha = _fecha(vigentes_en)
    filas = []
    for fundamento in cat.todos():
        d = fundamento.disposicion
        if instrumento and fundamento.instrumento.id != instrumento:
            continue
        if etiquetas and not set(etiquetas) <= set(d.etiquetas):
            continue
        if fecha and not fundamento.en_vigor(fecha):
            continue
        filas.append({"id": d.id, "cita": _cita(cat, d.id), "rubro": d.rubro, "etiquetas": d.etiquetas,
                      "con_texto": d.texto is not None or any(v.texto for v in d.versiones),
                      "_vigencia": _marca_de_vigencia(fundamento)})
    if como_json:
        for fila in filas:
            del fila["_vigencia"]
        click.echo(json.dumps(filas, ensure_ascii=False, indent=2))
        return
    for fila in filas:
        marca = ("" if fila["con_texto"] else "  [sin texto]") + fila.pop("_vigencia")
        click.echo(f"{fila['id']:<22} {fila['cita']}{marca}")
    click.echo(f"{len(filas)} disposiciones.", err=True)


@catalogo.command(options_metavar="[OPCIONES]")
@click.argument("id_", metavar="ID")
@click.option("--fecha", metavar="AAAA-MM-DD", help="Muestra el texto vigente en esa fecha.")
@_opciones_comunes
def mostrar(id_, fecha, catalogos) -> None:
    """Muestra una disposición: cita, vigencia, texto literal y enlaces."""
    cat = _cargar(catalogos)
    fecha_texto = _fecha(fecha, "--fecha")
    if not cat.existe(id_):
        parecidos = cat.parecidos(id_)
        raise ErrorDeUsuario(f"«{id_}» no está en el catálogo"
                             + (f"; ¿quiso decir {', '.join(parecidos)}?" if parecidos else ""))
    fundamento = cat.fundamento(id_)
    d, instrumento = fundamento.disposicion, fundamento.instrumento
    if id_ in cat.instrumentos:
        _mostrar_instrumento(cat, instrumento)
        return
    click.echo(f"{d.id}: {_cita(cat, d.id)}")
    click.echo(f"Instrumento: {instrumento.nombre} ({instrumento.id}); {fundamento.vigencia().describir()}")
    if d.rubro:
        click.echo(f"Rubro: {d.rubro}")
    if d.etiquetas:
        click.echo(f"Etiquetas: {', '.join(d.etiquetas)}")
    for nota in d.reformas:
        click.echo(f"Reforma: {nota}")
    if d.derogado:
        click.echo(f"Derogado: {d.derogado}")
    texto, razon = fundamento.texto_en(fecha_texto)
    click.echo("")
    click.echo(texto if texto else f"[Sin texto] {razon}")
    click.echo("")
    # Los enlaces valen en los dos sentidos: también se muestran los que apuntan aquí.
    referida = [o.id for o in cat.disposiciones.values() if d.id in o.relacionadas and o.id not in d.relacionadas]
    if d.relacionadas or referida:
        click.echo(f"Relacionadas: {', '.join([*d.relacionadas, *referida])}")
    if d.sucesora:
        click.echo(f"Sucesora: {d.sucesora}")
    antecesoras = [o.id for o in cat.disposiciones.values() if o.sucesora == d.id]
    if antecesoras:
        click.echo(f"Antecesoras: {', '.join(antecesoras)}")


def _mostrar_instrumento(cat, instrumento) -> None:
    """Un instrumento: sus datos de publicación y vigencia, y cuántas disposiciones tiene."""
    click.echo(f"{instrumento.id}: {instrumento.nombre_citado()}")
    click.echo(f"Tipo: {instrumento.tipo}; {instrumento.vigencia.describir()}")
    if instrumento.publicacion_dof:
        click.echo(f"Publicado en el DOF: {instrumento.publicacion_dof.isoformat()}")
    if instrumento.reformas_dof:
        click.echo("Reformas en el DOF: " + ", ".join(f.isoformat() for f in instrumento.reformas_dof))
    if instrumento.abrogado_por:
        click.echo(f"Abrogado por: {instrumento.abrogado_por}")
    if instrumento.fuente:
        click.echo(f"Fuente: {instrumento.fuente}")
    propias = [d for d in cat.disposiciones if d.startswith(instrumento.id + ".")]
    click.echo(f"Disposiciones en el catálogo: {len(propias)} "
               f"(resoluciones catalogo listar --instrumento {instrumento.id})")


@catalogo.command(options_metavar="[OPCIONES]")
@click.argument("texto")
@click.option("--vigentes-en", metavar="AAAA-MM-DD", help="Solo las vigentes en esa fecha (p. ej. la de la resolución).")
@_opciones_comunes
def buscar(texto, vigentes_en, catalogos) -> None:
    """Busca las disposiciones que contienen todas las palabras, sin distinguir mayúsculas
    ni acentos, en ids, citas, rubros y textos; primero las que las tienen en la cita o el
    rubro. Marca las que hoy no están vigentes (p. ej. las de la Ley Federal abrogada)."""

    cat = _cargar(catalogos)
    resultados = buscar_en(cat, texto, vigentes_en=_fecha(vigentes_en))
    for resultado in resultados:
        click.echo(f"{resultado.id:<22} {resultado.cita}{_marca_de_vigencia(resultado.fundamento)}")
        if resultado.fragmento:
            click.echo(f"{'':<22} …{resultado.fragmento}…")
    click.echo(f"{len(resultados)} resultado(s).", err=True)


@catalogo.command(options_metavar="[OPCIONES]")
@click.argument("ids", nargs=-1, required=True, metavar="ID [ID …]")
@click.option("--determinante", is_flag=True, help="Antepone «el»/«los»: «los artículos …».")
@click.option("--orden", type=click.Choice(["jerarquico", "expediente"]), default="jerarquico",
              show_default=True, help="Orden de los instrumentos.")
@click.option("--en-relacion-con", "relacion", multiple=True, metavar="ID",
              help="Id que se cita «en relación con» (se puede repetir).")
@click.option("--fecha", "fecha_texto", metavar="AAAA-MM-DD",
              help="Fecha de la resolución: con ella se añade la nota de reformas de los numerales citados "
                   "que se reformaron hasta entonces.")
@_opciones_comunes
def citar(ids, determinante, orden, relacion, fecha_texto, catalogos) -> None:
    """Escribe el párrafo de cita de los ids, en cualquier orden."""
    cat = _cargar(catalogos)
    fecha = _fecha(fecha_texto, "--fecha")
    click.echo(citar_ids(cat, ids, orden=orden, determinante=determinante, en_relacion_con=relacion, fecha=fecha))


@catalogo.command(options_metavar="[OPCIONES]")
@click.argument("ruta", required=False, type=click.Path(file_okay=False, path_type=Path), metavar="[RUTA]")
def validar(ruta) -> None:
    """Valida el catálogo base y, si se da, la carpeta RUTA de un catálogo propio:
    formato, ids repetidos, enlaces rotos, textos sin explicación y cláusulas (sintaxis de
    Jinja y variables no declaradas). Sale con 2 si hay problemas."""

    if ruta is not None and not ruta.is_dir():
        raise ErrorDeUsuario(f"la carpeta «{ruta}» no existe")
    cat = cargar([ruta] if ruta else [], estricto=False)
    for problema in cat.problemas:
        click.echo(str(problema))
    if cat.problemas:
        click.echo(f"{len(cat.problemas)} problema(s).")
        sys.exit(2)
    click.echo(f"Catálogo válido: {len(cat.instrumentos)} instrumentos, {len(cat.disposiciones)} "
               f"disposiciones, {len(cat.clausulas)} cláusulas.")
