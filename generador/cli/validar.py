"""``resoluciones validar``: el informe de la revisión jurídica, también para scripts (--json)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..revision import Hallazgo, codigo_de_salida
from ..tuberia import generar_docx, leer_caso, revisar_caso
from .grupo import CONTEXTO, Comando
from .opciones import opcion_catalogo, opcion_estricto, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("--json", "como_json", is_flag=True, help="Imprime los hallazgos como JSON.")
@opcion_estricto
@opcion_catalogo
@opcion_plantillas
def validar(caso: str, como_json: bool, estricto: bool, catalogos: tuple[Path, ...],
            plantillas: tuple[Path, ...]) -> None:
    """Revisa el expediente: formato, fechas, tipos, referencias al catálogo y vigencia
    de los fundamentos en la fecha de la resolución.

    Sale con 0 si no hay hallazgos, 1 si solo hay advertencias y 2 si hay errores."""
    def como_hallazgos(exc: ErrorDeUsuario, codigo: str) -> list[Hallazgo]:
        return [Hallazgo("error", codigo, p.mensaje, p.ubicacion.campo, p.ubicacion.linea, p.ubicacion.archivo)
                for p in exc.problemas]

    nombre = caso
    try:
        datos = leer_caso(caso, catalogos, plantillas)
    except ErrorDeUsuario as exc:
        # Un expediente ilegible o mal formado también es un hallazgo: el informe de
        # validar sale completo en la salida estándar, con o sin --json.
        hallazgos = como_hallazgos(exc, "EXP-01")
    else:
        nombre = datos.documento.archivo
        hallazgos = revisar_caso(datos, estricto=estricto)
        # Se redacta el documento en memoria, sin escribirlo: así validar encuentra todo
        # lo que haría fallar a generar (perfil, variables de cláusulas, plantillas).
        try:
            generar_docx(datos)
        except ErrorDeUsuario as exc:
            hallazgos += como_hallazgos(exc, "GEN-01")
    codigo = codigo_de_salida(hallazgos)
    if como_json:
        click.echo(json.dumps({"archivo": nombre, "valido": codigo != 2,
                               "hallazgos": [h.como_dict() for h in hallazgos]}, ensure_ascii=False, indent=2))
    else:
        for hallazgo in hallazgos:
            click.echo(str(hallazgo))
        if codigo == 0:
            click.echo(f"{nombre}: el expediente es válido, sin hallazgos.")
        else:
            errores = sum(h.nivel == "error" for h in hallazgos)
            click.echo(f"{nombre}: {errores} error(es), {len(hallazgos) - errores} advertencia(s).")
    sys.exit(codigo)
