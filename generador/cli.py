"""El comando ``resoluciones``.

Última etapa de la tubería. Cada subcomando es delgado: lee argumentos, llama a
la tubería y traduce los errores. Un error de la entrada (``ErrorDeUsuario``) se
imprime en español, sin traza de Python, y sale con código 2. Los módulos pesados
(docxtpl, python-docx) se importan solo en el comando que los usa, para que
``--help``, ``fecha`` o ``esquema`` arranquen rápido.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

import click

from . import __version__
from .click_es import instalar as _espanol
from .errores import ErrorDeUsuario

_espanol()

CONTEXTO = {"help_option_names": ["-h", "--ayuda", "--help"], "max_content_width": 100}


class _Comando(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


class _Grupo(click.Group):
    """Grupo que convierte los errores de usuario en un mensaje y código 2."""

    command_class = _Comando

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "COMANDO [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ErrorDeUsuario as exc:
            click.echo(f"Error: {exc.texto()}", err=True)
            ctx.exit(exc.codigo_salida)
        except KeyboardInterrupt:
            click.echo("Cancelado.", err=True)
            ctx.exit(130)


@click.group(cls=_Grupo, context_settings=CONTEXTO)
@click.version_option(__version__, "-V", "--version", prog_name="resoluciones",
                      message="%(prog)s, versión %(version)s")
def principal() -> None:
    """Genera resoluciones de Comités de Transparencia en Word a partir de un
    expediente YAML y del catálogo de fundamentos.

    \b
    Ejemplos:
      resoluciones generar samples/cta-40418.yaml
      resoluciones validar samples/cta-40418.yaml
      resoluciones fecha 2018-11-21 --mayusculas
      resoluciones esquema > expediente.schema.json
    """


_opcion_catalogo = click.option(
    "--catalogo", "catalogos", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    metavar="CARPETA",
    help="Carpeta con entradas propias del catálogo (se puede repetir; también la variable "
         "RESOLUCIONES_CATALOGO).",
)


@principal.command(context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("-o", "--salida", type=click.Path(path_type=Path), metavar="SALIDA.docx",
              help="Archivo de salida (por omisión, <oficio>.docx en la carpeta actual).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
@_opcion_catalogo
def generar(caso: str, salida: Path | None, sobrescribir: bool, catalogos: tuple[Path, ...]) -> None:
    """Genera la resolución en Word (.docx) del expediente CASO.yaml («-» lee la entrada estándar)."""
    from .salida import escribir_atomico
    from .tuberia import generar_docx, leer_caso

    datos = leer_caso(caso, catalogos)
    documento = generar_docx(datos)
    destino = salida or Path(_nombre_de_archivo(datos.expediente.oficio) + ".docx")
    escribir_atomico(destino, documento, sobrescribir=sobrescribir)
    click.echo(f"Resolución escrita en {destino}")


def _nombre_de_archivo(oficio: str) -> str:
    """Nombre de archivo seguro a partir del oficio ("CTA/404/18" → "CTA-404-18")."""
    nombre = "".join(c if c.isalnum() or c in "-_." else "-" for c in oficio).strip(".-")
    return nombre[:120] or "resolucion"


@principal.command(context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("--json", "como_json", is_flag=True, help="Imprime el resultado como JSON.")
@_opcion_catalogo
def validar(caso: str, como_json: bool, catalogos: tuple[Path, ...]) -> None:
    """Comprueba el expediente: formato, fechas, tipos y referencias al catálogo.

    Sale con 0 si es válido y con 2 si no lo es."""
    from .tuberia import leer_caso

    try:
        datos = leer_caso(caso, catalogos)
    except ErrorDeUsuario as exc:
        if not como_json:
            raise
        click.echo(json.dumps({"valido": False, "hallazgos": [
            {"nivel": "error", "mensaje": p.mensaje, "archivo": p.ubicacion.archivo,
             "linea": p.ubicacion.linea, "campo": p.ubicacion.campo} for p in exc.problemas
        ]}, ensure_ascii=False, indent=2))
        sys.exit(2)
    if como_json:
        click.echo(json.dumps({"valido": True, "hallazgos": []}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{datos.documento.archivo}: el expediente es válido.")


@principal.command(context_settings=CONTEXTO)
@click.argument("fecha", metavar="AAAA-MM-DD")
@click.option("--mayusculas", is_flag=True, help="En mayúsculas, como en el cierre de una resolución.")
@click.option("--dia-uno", is_flag=True, help="Escribe el día 1 como «uno» en lugar de «primero».")
def fecha(fecha: str, mayusculas: bool, dia_uno: bool) -> None:
    """Escribe una fecha con palabras: 2018-11-21 → veintiuno de noviembre de dos mil dieciocho."""
    from .letras import fecha_con_letras

    try:
        dia = _dt.date.fromisoformat(fecha)
    except ValueError:
        raise ErrorDeUsuario(f"«{fecha}» no es una fecha válida; use AAAA-MM-DD (p. ej. 2018-11-21)") from None
    click.echo(fecha_con_letras(dia, mayusculas=mayusculas, primero=not dia_uno))


@principal.command(context_settings=CONTEXTO)
def esquema() -> None:
    """Imprime el JSON Schema del expediente (para autocompletar en el editor)."""
    from .expediente import esquema_json

    click.echo(json.dumps(esquema_json(), ensure_ascii=False, indent=2))


def main() -> None:  # pragma: no cover - punto de entrada alternativo
    principal(prog_name="resoluciones")


if __name__ == "__main__":  # pragma: no cover
    main()
