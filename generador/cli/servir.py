"""``resoluciones servir``: la aplicación web local, y las condiciones para abrirla a la red."""

from __future__ import annotations

from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..registro import motor, sin_registro_por_entorno, url_del_registro
from ..web import crear_servidor
from ..web.seguridad import es_local
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro, opcion_sin_registro
from .opciones import opcion_catalogo, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--puerto", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Puerto.")
@click.option("--carpeta", type=click.Path(file_okay=False, path_type=Path), default=Path("casos"),
              show_default=True, metavar="CASOS", help="Carpeta de los casos (se crea si no existe).")
@click.option("--anfitrion", default="127.0.0.1", show_default=True, metavar="IP",
              help="Dirección en que escucha; por omisión solo esta computadora. Otra exige --token.")
@click.option("--token", envvar="RESOLUCIONES_TOKEN", default=None, metavar="SECRETO",
              help="Secreto que toda persona debe dar para entrar; obligatorio para escuchar más allá de "
                   "esta computadora. Mejor en la variable RESOLUCIONES_TOKEN, que no se ve en la lista de procesos.")
@click.option("--nombre-permitido", "nombres", multiple=True, metavar="NOMBRE",
              help="Nombre (o IP) con que otras computadoras abren la página, además de 127.0.0.1 y "
                   "localhost; se puede repetir. Cualquier otro recibe un error (protege del DNS rebinding).")
@opcion_catalogo
@opcion_plantillas
@opcion_registro
@opcion_sin_registro
def servir(puerto: int, carpeta: Path, anfitrion: str, token: str | None, nombres: tuple[str, ...],
           catalogos: tuple[Path, ...], plantillas: tuple[Path, ...], registro: str | None = None,
           sin_registro: bool = False) -> None:
    """Abre la aplicación web para redactar en el navegador: http://127.0.0.1:8000.

    Cada documento que se descarga queda en el registro de resoluciones (salvo --sin-registro)."""
    url = None if sin_registro or sin_registro_por_entorno() else url_del_registro(registro)
    if url is not None:
        motor(url)  # la base se abre (y se migra) al empezar: un servidor caído se sabe ahora
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorDeUsuario(f"{carpeta}: no se pudo crear la carpeta de casos ({exc.strerror})") from None
    servidor = crear_servidor(carpeta, puerto, anfitrion, list(catalogos), list(plantillas), token=token or None,
                              nombres=nombres, registro=url)
    if not es_local(anfitrion):
        click.echo(f"Aviso: escuchando en {anfitrion}: otras computadoras de la red podrán abrir la aplicación "
                   "con el token. Sin https, el token y los casos viajan sin cifrar: use un proxy con https.",
                   err=True)
        if not nombres:
            click.echo("Aviso: sin --nombre-permitido, solo se acepta la página abierta como 127.0.0.1 o "
                       f"{anfitrion}.", err=True)
    direccion = f"[{anfitrion}]" if ":" in anfitrion else anfitrion
    entrada = " y escriba el token" if token else ""
    click.echo(f"Abra http://{direccion}:{puerto} en su navegador{entrada} (Ctrl+C para terminar). "
               f"Casos en {carpeta}.", err=True)
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.", err=True)
    finally:
        servidor.server_close()
