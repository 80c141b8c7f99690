"""``resoluciones servir``: la aplicación web local, y las condiciones para abrirla a la red.

Con varios procesos (Linux y macOS, gunicorn), un segundo núcleo atiende a una segunda
persona: la validación en vivo es trabajo de Python, y en un solo proceso los hilos se
turnan. Lo que debe ser común a todos los procesos lo es: la aplicación (y con ella la
clave de las cookies de sesión y de los tokens CSRF) se crea una vez, antes de que gunicorn
cree los procesos, que la heredan; los candados de guardado son de archivo (``fcntl``,
``web/guardado.py``); el registro es una base de datos. Cada proceso tiene su caché del
catálogo (``web/recursos.py``) y sus LibreOffice calientes (``pdf/caliente.py``), repartidos
para no pasar de ``RESOLUCIONES_PDF_CONVERSORES`` en total.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errores import ErrorDeUsuario
from ..pdf import caliente, tiempo_por_documento
from ..pdf.conversor import maximo_de_conversores
from ..registro import cerrar_todos, motor, sin_registro_por_entorno, url_del_registro
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
@click.option("--procesos", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Procesos que atienden páginas (por omisión, uno por núcleo, hasta 4; en Windows, 1).")
@opcion_catalogo
@opcion_plantillas
@opcion_registro
@opcion_sin_registro
def servir(puerto: int, carpeta: Path, anfitrion: str, token: str | None, nombres: tuple[str, ...],
           catalogos: tuple[Path, ...], plantillas: tuple[Path, ...], registro: str | None = None,
           sin_registro: bool = False, procesos: int | None = None) -> None:
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
    procesos = _procesos(procesos)
    if procesos > 1:
        # La aplicación ya está creada y el puerto comprobado (crear_servidor): se suelta el
        # puerto del servidor de Werkzeug y gunicorn lo toma, con los procesos.
        app = servidor.app
        servidor.server_close()
        cerrar_todos()  # los procesos no heredan conexiones abiertas al registro
        _con_gunicorn(app, anfitrion, puerto, procesos)
        click.echo("Servidor detenido.", err=True)
        return
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.", err=True)
    finally:
        servidor.server_close()


def _procesos(pedidos: int | None) -> int:
    """Cuántos procesos: los pedidos, o uno por núcleo (hasta 4); 1 sin gunicorn (Windows)."""
    try:
        import gunicorn  # noqa: F401 (solo para saber si está: no existe en Windows)
    except ImportError:
        if pedidos and pedidos > 1:
            click.echo("Aviso: sin gunicorn (no existe en Windows) se atiende con un solo proceso.", err=True)
        return 1
    return pedidos or max(1, min(os.cpu_count() or 1, 4))


def _con_gunicorn(app, anfitrion: str, puerto: int, procesos: int) -> None:
    """Sirve ``app`` con gunicorn: ``procesos`` procesos de 4 hilos cada uno."""
    # Solo aquí: el resto del CLI no paga gunicorn ni el PDF.
    from gunicorn.app.base import BaseApplication

    caliente.configurar(max(1, maximo_de_conversores() // procesos))
    direccion = f"[{anfitrion}]" if ":" in anfitrion else anfitrion
    opciones = {
        "bind": f"{direccion}:{puerto}", "workers": procesos, "worker_class": "gthread", "threads": 4,
        # Un PDF puede tardar su plazo completo; los hilos no detienen el latido del proceso,
        # pero el plazo de gunicorn no debe ser menor que el de LibreOffice.
        "timeout": int(max(60, tiempo_por_documento() + 30)), "graceful_timeout": 10,
        "accesslog": None, "errorlog": "-", "loglevel": "warning", "proc_name": "resoluciones-servir",
    }

    class _Aplicacion(BaseApplication):
        def load_config(self):
            for clave, valor in opciones.items():
                self.cfg.set(clave, valor)

        def load(self):
            return app

    principal = os.getpid()
    try:
        _Aplicacion().run()
    except SystemExit as fin:  # gunicorn termina así al recibir Ctrl+C o SIGTERM
        if os.getpid() != principal:
            raise  # un proceso trabajador que termina: no es el servidor el que se detiene
        if fin.code not in (0, None):
            raise ErrorDeUsuario(f"el servidor terminó con un error (código {fin.code}); vea los mensajes de arriba") \
                from None
