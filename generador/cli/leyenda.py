"""``resoluciones leyenda``: la leyenda de clasificación (Lineamiento Quincuagésimo tercero)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..publicacion.leyenda import leyenda_docx, leyenda_pdf
from ..salida import escribir_atomico, nombre_de_archivo
from ..tuberia import leer_caso
from .grupo import CONTEXTO, Comando
from .opciones import Salida, opcion_catalogo, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("-o", "--salida", type=Salida(path_type=Path), metavar="LEYENDA.docx|.pdf",
              help="Archivo de salida: .docx (una tabla para pegar) o .pdf (un sello); por omisión "
                   "<oficio>-leyenda.docx.")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
@opcion_catalogo
@opcion_plantillas
def leyenda(caso: str, salida: Path | None, sobrescribir: bool, catalogos: tuple[Path, ...],
            plantillas: tuple[Path, ...]) -> None:
    """Escribe la leyenda de clasificación de cada información reservada del caso, en el
    formato del Lineamiento Quincuagésimo tercero: logotipo, fecha de clasificación, área,
    información reservada, periodo de reserva, fundamento legal y los espacios para la
    ampliación, las rúbricas y la fecha de desclasificación."""
    if salida is not None and salida.suffix.lower() not in (".docx", ".pdf"):
        raise ErrorDeUsuario(f"{salida}: la leyenda se escribe en .docx (tabla) o .pdf (sello)")
    datos = leer_caso(caso, catalogos, plantillas)
    destino = salida or Path(nombre_de_archivo(datos.expediente.oficio) + "-leyenda.docx")
    if destino.exists() and not sobrescribir:
        escribir_atomico(destino, b"", sobrescribir=False)
    contenido = leyenda_pdf(datos) if destino.suffix.lower() == ".pdf" else leyenda_docx(datos)
    escribir_atomico(destino, contenido, sobrescribir=sobrescribir)
    click.echo(f"Leyenda escrita en {destino}")
