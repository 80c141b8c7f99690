"""``resoluciones version-publica``: la versión pública de un .docx o un PDF que no deja rastro."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalogo import cargar
from ..publicacion import Encargo, aplicar_caso, hacer_version_publica, leer_marcas
from ..tuberia import leer_caso
from .grupo import CONTEXTO, Comando
from .opciones import Salida, opcion_catalogo, opcion_plantillas


@click.command("version-publica", cls=Comando, context_settings=CONTEXTO)
@click.argument("documento", metavar="DOCUMENTO", type=click.Path(path_type=Path))
@click.option("-o", "--salida", type=Salida(path_type=Path), metavar="SALIDA",
              help="Archivo (.docx o .pdf) o carpeta de salida; su nombre dirá «version-publica».")
@click.option("--marcas", type=click.Path(path_type=Path), metavar="MARCAS.yaml",
              help="Archivo de marcas: textos o patrones que se testan, con su tipo y fundamentos.")
@click.option("--caso", type=click.Path(path_type=Path), metavar="CASO.yaml",
              help="Expediente de la resolución: tipo de información, fechas y fundamentos de la leyenda.")
@click.option("--region", "regiones", multiple=True, metavar="PAGINA:x0,y0,x1,y1",
              help="Zona de una página de un PDF que se testa (en puntos); para páginas digitalizadas.")
@click.option("--sin-resaltado", is_flag=True, help="No testa lo resaltado en Word (solo las marcas).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
@opcion_catalogo
@opcion_plantillas
def version_publica(documento: Path, salida: Path | None, marcas: Path | None, caso: Path | None,
                    regiones: tuple[str, ...], sin_resaltado: bool, sobrescribir: bool,
                    catalogos: tuple[Path, ...], plantillas: tuple[Path, ...]) -> None:
    """Hace la versión pública de DOCUMENTO (.docx o .pdf): quita lo marcado en MARCAS.yaml y
    lo resaltado en Word, pone en su lugar un recuadro con el tipo de información y escribe la
    leyenda de versión pública en la primera hoja.

    Después relee la salida: si algo marcado sigue ahí (texto, propiedades, flujos del PDF,
    metadatos), la borra y sale con código 2."""
    encargo = Encargo(usar_resaltado=not sin_resaltado)
    if caso is not None:
        datos = leer_caso(caso, catalogos, plantillas)
        aplicar_caso(encargo, datos)
        catalogo = datos.catalogo
    else:
        catalogo = cargar(catalogos)
    leer_marcas(marcas, encargo, catalogo, regiones)
    destino, resultado, renombrado = hacer_version_publica(documento, salida, encargo, sobrescribir=sobrescribir)
    for aviso in resultado.avisos:
        click.echo(f"Aviso: {aviso}", err=True)
    if renombrado:
        click.echo("Aviso: el nombre del archivo dice que es una versión pública (Lineamiento Quincuagésimo "
                   f"segundo): se escribió {destino.name}", err=True)
    click.echo(f"{len(resultado.testados)} textos testados ({'; '.join(resultado.tipos)}); verificado: "
               "nada de lo marcado queda en la salida.")
    click.echo(f"Versión pública escrita en {destino}")
