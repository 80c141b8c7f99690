"""``resoluciones generar``: revisar el expediente y escribir la resolución en .docx o PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..salida import escribir_atomico, nombre_de_archivo
from ..tuberia import generar_docx, leer_caso, revisar_caso
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro, opcion_sin_registro
from .opciones import Salida, opcion_catalogo, opcion_estricto, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("-o", "--salida", type=Salida(path_type=Path), metavar="SALIDA.docx",
              help="Archivo de salida (por omisión, <oficio>.docx en la carpeta actual).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (predeterminado) o pdf (con LibreOffice). Si falta, lo da la extensión de -o.")
@opcion_estricto
@opcion_catalogo
@opcion_plantillas
@opcion_registro
@opcion_sin_registro
def generar(caso: str, salida: Path | None, sobrescribir: bool, formato: str | None, estricto: bool,
            catalogos: tuple[Path, ...], plantillas: tuple[Path, ...], registro: str | None = None,
            sin_registro: bool = False) -> None:
    """Genera la resolución en Word (.docx) o PDF del expediente CASO.yaml («-» lee la
    entrada estándar).

    Antes revisa el expediente: con errores no escribe nada; las advertencias se
    muestran y el documento se genera. Después lo registra (ver «resoluciones registro»),
    salvo con --sin-registro."""
    formato = formato or (salida.suffix.lower().lstrip(".") if salida is not None and salida.suffix.lower()
                          in (".docx", ".pdf") else "docx")
    if salida is not None and salida.suffix.lower() != f".{formato}":
        raise ErrorDeUsuario(f"{salida}: con el formato {formato}, el nombre de la salida debe terminar en .{formato}")
    if formato == "pdf":
        from ..pdf import buscar_soffice  # LibreOffice (y subprocess) solo si se pide un PDF

        buscar_soffice()  # sin LibreOffice, el error sale antes de trabajar
    registrador = None if sin_registro else _registrador(registro)
    datos = leer_caso(caso, catalogos, plantillas)
    hallazgos = revisar_caso(datos, estricto=estricto)
    if any(h.nivel == "error" for h in hallazgos):
        click.echo("Error: el expediente tiene errores; no se generó el documento.", err=True)
        for hallazgo in hallazgos:
            click.echo(f"  • {hallazgo}", err=True)
        sys.exit(2)
    documento = generar_docx(datos)
    destino = salida or Path(nombre_de_archivo(datos.expediente.oficio) + f".{formato}")
    if not sobrescribir and destino.exists():
        escribir_atomico(destino, b"", sobrescribir=False)  # el mismo error claro, antes de convertir
    if formato == "pdf":
        from ..pdf import docx_a_pdf

        documento = docx_a_pdf(documento, nombre_de_archivo(datos.expediente.oficio))
    escribir_atomico(destino, documento, sobrescribir=sobrescribir)
    for hallazgo in hallazgos:
        click.echo(str(hallazgo), err=True)
    click.echo(f"Resolución escrita en {destino}")
    if registrador is not None:
        registrador(datos, documento, destino, formato)


def _registrador(registro: str | None):
    """La función que registra el documento ya escrito, o None si no se registra.

    El registro se importa aquí, solo cuando se va a registrar: con --sin-registro,
    ``generar`` no lo paga. En un SQLite ya al día escribe sin SQLAlchemy (``registro.rapido``);
    con PostgreSQL, o la primera vez (crear la base), carga SQLAlchemy. La dirección se revisa
    antes de generar."""
    from ..registro import registrar_caso
    from ..registro.ubicacion import mostrable, sin_registro_por_entorno, url_del_registro

    if sin_registro_por_entorno():
        return None
    url = url_del_registro(registro)

    def registrar(datos, documento: bytes, destino: Path, formato: str) -> None:
        try:
            _, nueva = registrar_caso(url, datos, documento, archivo=str(destino.resolve()), formato=formato,
                                      origen="generar")
        except ErrorDeUsuario as exc:
            raise ErrorDeUsuario(f"{exc.texto()}\n  El documento sí se escribió en {destino}, pero no quedó en el "
                                 "registro: vuelva a generarlo cuando la base esté disponible, o use --sin-registro "
                                 "para un borrador.") from None
        verbo = "Registrada" if nueva else "Actualizada en el registro"
        click.echo(f"{verbo}: {datos.expediente.oficio} ({mostrable(url)})", err=True)

    return registrar
