"""``resoluciones plantillas …``: para autores de plantillas."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..plantillas.revision import listar as listar_plantillas
from ..plantillas.revision import revisar_carpeta
from ..rutas import carpetas_de_plantillas


@click.group(name="plantillas", options_metavar="[OPCIONES]", subcommand_metavar="COMANDO [ARGUMENTOS]...")
def plantillas() -> None:
    """Lista y revisa perfiles de instituciones, bloques de texto y diseños de Word."""


@plantillas.command(options_metavar="[OPCIONES]")
@click.option("--plantillas", "extra", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="CARPETA", help="Carpeta de plantillas propia (se puede repetir).")
def listar(extra: tuple[Path, ...]) -> None:
    """Lista instituciones, bloques de texto, diseños de Word y esqueletos disponibles,
    con la carpeta de donde sale cada uno (las propias tienen prioridad)."""

    titulos = {"instituciones": "Instituciones (perfiles)", "textos": "Bloques de texto",
               "word": "Diseños de Word", "nuevos": "Esqueletos («resoluciones nuevo --tipo»)"}
    for clave, elementos in listar_plantillas(carpetas_de_plantillas(extra)).items():
        click.echo(f"{titulos[clave]}:")
        for nombre, origen in elementos:
            click.echo(f"  {nombre:<40} {origen}")


@plantillas.command(options_metavar="[OPCIONES]")
@click.argument("ruta", type=click.Path(path_type=Path), metavar="RUTA")
def validar(ruta: Path) -> None:
    """Revisa la carpeta de plantillas RUTA: perfiles, sintaxis y variables de los bloques de
    texto y de los diseños de Word, el diseño de cada perfil con sus estilos, y etiquetas
    partidas por Word. Sale con 2 si hay errores, 1 si solo hay advertencias y 0 si no hay
    ninguno (un aviso, como el de un validador que no está instalado, no cuenta)."""

    hallazgos = revisar_carpeta(ruta) + _del_diseno_de_cada_perfil(ruta)
    for hallazgo in hallazgos:
        click.echo(str(hallazgo))
    errores = sum(h.nivel == "error" for h in hallazgos)
    advertencias = sum(h.nivel == "advertencia" for h in hallazgos)
    if not errores and not advertencias:
        click.echo(f"{ruta}: plantillas sin problemas.")
    else:
        click.echo(f"{ruta}: {errores} error(es), {advertencias} advertencia(s).")
    sys.exit(2 if errores else (1 if advertencias else 0))


def _del_diseno_de_cada_perfil(carpeta: Path) -> list:
    """El diseño de Word de cada perfil de la carpeta, preparado como al generar (en cada
    vigencia del perfil), y los estilos que piden sus bloques de texto (``word/comprobacion.py``)."""
    from ..errores import ErrorDeUsuario
    from ..plantillas.perfil import cargar_perfil, instituciones_disponibles
    from ..plantillas.revision import Hallazgo, fechas_del_perfil
    from ..word.comprobacion import problemas_del_diseno

    if not carpeta.is_dir():
        return []
    bases = carpetas_de_plantillas([carpeta])
    compartidos = sorted((carpeta / "textos").rglob("*.j2")) if (carpeta / "textos").is_dir() else []
    hallazgos, vistos = [], set()
    for id_ in instituciones_disponibles([carpeta]):
        propios = carpeta / "instituciones" / id_ / "textos"
        bloques = [*(sorted(propios.rglob("*.j2")) if propios.is_dir() else []), *compartidos]
        for fecha in fechas_del_perfil(carpeta / "instituciones" / id_ / "perfil.yaml"):
            try:
                perfil, perfil_carpeta = cargar_perfil(id_, plantillas=bases, fecha=fecha)
            except ErrorDeUsuario:
                continue  # la revisión de la carpeta ya dio el error del perfil
            for problema in problemas_del_diseno(perfil, perfil_carpeta, bases, bloques):
                clave = (problema.mensaje, problema.ubicacion.archivo, problema.ubicacion.linea)
                if clave not in vistos:
                    vistos.add(clave)
                    campo = f" (campo «{problema.ubicacion.campo}»)" if problema.ubicacion.campo else ""
                    hallazgos.append(Hallazgo("error", problema.mensaje + campo,
                                              problema.ubicacion.archivo or str(perfil_carpeta / "perfil.yaml"),
                                              problema.ubicacion.linea))
    return hallazgos
