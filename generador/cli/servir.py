"""``resoluciones servir``: la aplicación web local, y las condiciones para abrirla a la red.

Con varios procesos (Linux y macOS, gunicorn), un segundo núcleo atiende a una segunda
persona: la validación en vivo es trabajo de Python, y en un solo proceso los hilos se
turnan. Lo que debe ser común a todos los procesos lo es: la aplicación (y con ella la
clave de las cookies de sesión y de los tokens CSRF) se crea una vez, antes de que gunicorn
cree los procesos, que la heredan; los candados de guardado son de archivo (``fcntl``,
``web/guardado.py``); el registro es una base de datos. Cada proceso tiene su caché del
catálogo (``web/recursos.py``) y sus LibreOffice calientes (``pdf/caliente.py``), que se
turnan unas fichas comunes para no pasar de ``RESOLUCIONES_PDF_CONVERSORES`` en total
(``pdf/fichas.py``).

``--produccion`` (``web/produccion.py``) es el servidor de la unidad: configuración en un
archivo TOML y variables de entorno (``web/configuracion.py``), base obligatoria, clave común
guardada en la base, cookies Secure, proxies de confianza y waitress en Windows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..registro import cerrar_todos, motor, sin_registro_por_entorno, url_del_registro
from ..web import crear_servidor
from ..web.configuracion import SERVIDORES, cargar
from ..web.produccion import con_gunicorn, procesos_por_omision, servir_en_produccion
from ..web.seguridad import es_local
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro, opcion_sin_registro
from .opciones import opcion_catalogo, opcion_plantillas


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.option("--puerto", type=click.IntRange(1, 65535), default=8000, show_default=True, metavar="N",
              help="Puerto.")
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
@click.option("--procesos", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Procesos que atienden páginas (por omisión, dos por núcleo, de 2 a 8; en Windows, 1).")
@click.option("--hilos", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Hilos de cada proceso (por omisión 1: cada proceso atiende una petición a la vez, lo más "
                   "parejo con varias personas validando; ver docs/servidor.md).")
@click.option("--produccion", is_flag=True,
              help="Servidor de la unidad (gunicorn o waitress), con la base, la clave común y cookies Secure; "
                   "ver docs/servidor.md.")
@click.option("--configuracion", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="ARCHIVO.toml", help="Con --produccion: el archivo de configuración (las variables "
                                           "RESOLUCIONES_… y las opciones dadas aquí ganan sobre él).")
@click.option("--servidor", "servidor_wsgi", type=click.Choice(SERVIDORES), default=None,
              help="Con --produccion: gunicorn (por omisión en Linux y macOS) o waitress (en Windows).")
@opcion_catalogo
@opcion_plantillas
@opcion_registro
@opcion_sin_registro
def servir(puerto: int, carpeta: Path, anfitrion: str, token: str | None, nombres: tuple[str, ...],
           catalogos: tuple[Path, ...], plantillas: tuple[Path, ...], registro: str | None = None,
           sin_registro: bool = False, procesos: int | None = None, produccion: bool = False,
           configuracion: Path | None = None, servidor_wsgi: str | None = None, hilos: int | None = None) -> None:
    """Abre la aplicación web para redactar en el navegador: http://127.0.0.1:8000.

    Cada documento que se descarga queda en el registro de resoluciones (salvo --sin-registro)."""
    if produccion:
        _produccion(configuracion, sin_registro, token, catalogos, plantillas, puerto=puerto, carpeta=carpeta,
                    anfitrion=anfitrion, nombres_permitidos=nombres, procesos=procesos, registro=registro,
                    servidor=servidor_wsgi, hilos=hilos)
        click.echo("Servidor detenido.", err=True)
        return
    if configuracion is not None or servidor_wsgi is not None:
        raise ErrorDeUsuario("--configuracion y --servidor son del servidor de la unidad: úselos con --produccion")
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
                   "con el token o su cuenta. Sin https, claves y casos viajan sin cifrar: use un proxy con https.",
                   err=True)
        if not nombres:
            click.echo("Aviso: sin --nombre-permitido, solo se acepta la página abierta como 127.0.0.1 o "
                       f"{anfitrion}.", err=True)
    direccion = f"[{anfitrion}]" if ":" in anfitrion else anfitrion
    entrada = " y escriba el token" if token else ""
    click.echo(f"Abra http://{direccion}:{puerto} en su navegador{entrada} (Ctrl+C para terminar). "
               f"Casos en {carpeta}.", err=True)
    hilos = hilos or 1
    procesos = _procesos(procesos, hilos)
    if procesos > 1:
        # La aplicación ya está creada y el puerto comprobado (crear_servidor): se suelta el
        # puerto del servidor de Werkzeug y gunicorn lo toma, con los procesos.
        app = servidor.app
        servidor.server_close()
        cerrar_todos()  # los procesos no heredan conexiones abiertas al registro
        con_gunicorn(app, anfitrion, puerto, procesos, hilos)
        click.echo("Servidor detenido.", err=True)
        return
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.", err=True)
    finally:
        servidor.server_close()


def _procesos(pedidos: int | None, hilos: int = 1) -> int:
    """Cuántos procesos: los pedidos o los de ``procesos_por_omision``; 1 sin gunicorn (Windows)."""
    try:
        import gunicorn  # noqa: F401 (solo para saber si está: no existe en Windows)
    except ImportError:
        if pedidos and pedidos > 1:
            click.echo("Aviso: sin gunicorn (no existe en Windows) se atiende con un solo proceso.", err=True)
        return 1
    return pedidos or procesos_por_omision(hilos)


def _produccion(configuracion: Path | None, sin_registro: bool, token: str | None, catalogos, plantillas,
                **opciones) -> None:
    """La configuración del archivo y del entorno, con lo dado en la línea de comandos encima."""
    if sin_registro or sin_registro_por_entorno():
        raise ErrorDeUsuario("--produccion necesita la base del registro (sesiones, candados, bitácora): quite "
                             "--sin-registro (o RESOLUCIONES_SIN_REGISTRO) y dé «registro» en la configuración")
    conf = cargar(configuracion)
    contexto = click.get_current_context()
    fuentes = {"nombres_permitidos": "nombres", "servidor": "servidor_wsgi"}
    dados = {clave: (tuple(valor) if clave == "nombres_permitidos" else valor) for clave, valor in opciones.items()
             if contexto.get_parameter_source(fuentes.get(clave, clave)) is click.core.ParameterSource.COMMANDLINE}
    if "carpeta" in dados:
        dados["carpeta"] = Path(dados["carpeta"])
    servir_en_produccion(dataclasses.replace(conf, **dados), list(catalogos), list(plantillas), token=token or None,
                         avisar=lambda texto: click.echo(texto, err=True))
