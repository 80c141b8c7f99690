"""``servir --produccion``: la aplicación en un servidor WSGI de verdad, para toda la unidad.

Por qué así: con gunicorn (Linux, macOS) varios procesos atienden a la vez, de modo que un
segundo núcleo atiende a una segunda persona; con waitress (Windows, donde gunicorn no
existe) un proceso con hilos. Cualquier proceso debe poder atender cualquier petición, así
que nada de lo que deben compartir quienes redactan vive en la memoria de uno solo:

* la clave de las cookies y de los tokens CSRF es la misma en todos (de la configuración, o
  generada una vez y guardada en la base: ``cuentas.clave_secreta``), nunca una al azar por
  proceso: con ella, una sesión abierta en un proceso vale en los demás y tras un reinicio;
* sesiones, límite de intentos, candados y bitácora están en la base (el registro), por eso
  producción exige una base;
* las cookies llevan Secure (detrás de un proxy con https) salvo que la configuración lo
  quite, con un aviso; ``ProxyFix`` cree a tantos proxies como se configuren, ni uno más.

Al recibir SIGTERM o Ctrl+C el servidor termina ordenadamente, y con él sus procesos y sus
LibreOffice calientes (``pdf/caliente.py`` los apaga al salir).
"""

from __future__ import annotations

import errno
import gc
import importlib.util
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..cuentas import clave_secreta
from ..errores import ErrorDeUsuario
from ..pdf import caliente, tiempo_por_documento
from ..pdf.conversor import MAXIMO, maximo_de_conversores
from ..registro import cerrar_todos, motor, url_del_registro
from ..registro.ubicacion import mostrable
from . import crear_app
from .configuracion import Configuracion
from .cuentas_web import hay_cuentas
from .permisos import con_cuentas
from .seguridad import es_local, revisar_escucha


def _avisar(texto: str) -> None:
    print(texto, file=sys.stderr, flush=True)


def servir_en_produccion(conf: Configuracion, catalogos: list[Path], plantillas: list[Path], *,
                         token: str | None = None, avisar: Callable[[str], None] = _avisar) -> None:
    """Revisa la configuración, prepara la aplicación y la sirve hasta SIGTERM o Ctrl+C."""
    if conf.registro is None:
        raise ErrorDeUsuario(
            "--produccion necesita la base del registro: en ella viven las sesiones, el límite de intentos de "
            "entrada, los candados y la bitácora, que comparten todos los procesos. Dé «registro» en el archivo "
            "de configuración, la variable RESOLUCIONES_REGISTRO o --registro (la ruta de un archivo SQLite o "
            "postgresql+psycopg://USUARIO@SERVIDOR/BASE)")
    if importlib.util.find_spec(conf.servidor) is None:
        raise ErrorDeUsuario(f"{conf.servidor} no está instalado en este Python" + (
            " (no existe en Windows): use servidor = \"waitress\"" if conf.servidor == "gunicorn" else ""))
    url = url_del_registro(conf.registro)
    base = motor(url)  # se abre (y se migra) al empezar: una base caída se sabe ahora
    _revisar_acceso(conf, token, hay_cuentas(url))
    if token is not None:
        revisar_escucha("127.0.0.1", token)  # un token demasiado corto: el mismo mensaje que sin producción
    clave = conf.clave_secreta.encode("utf-8") if conf.clave_secreta else clave_secreta(base)
    try:
        conf.carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorDeUsuario(f"{conf.carpeta}: no se pudo crear la carpeta de casos ({exc.strerror})") from None
    revisar_puerto(conf.anfitrion, conf.puerto)
    if conf.conversores_pdf is not None:
        os.environ["RESOLUCIONES_PDF_CONVERSORES"] = str(conf.conversores_pdf)  # la lee pdf/conversor.py
    if conf.tsa:
        os.environ["RESOLUCIONES_TSA"] = conf.tsa  # la del sello de tiempo de las firmas (firma/)
    app = crear_app(conf.carpeta, catalogos, plantillas, token=token, nombres=conf.nombres_permitidos,
                    anfitrion=conf.anfitrion, puerto=None if conf.proxies_de_confianza else conf.puerto,
                    registro=url)
    preparar(app, conf, clave, sin_autenticacion=token is None and (bool(conf.proxies_de_confianza)
                                                                    or not es_local(conf.anfitrion)))
    procesos = 1 if conf.servidor == "waitress" else (conf.procesos or procesos_por_omision(conf.hilos))
    if conf.servidor == "waitress" and (conf.procesos or 1) > 1:
        avisar("Aviso: waitress atiende con un solo proceso (y sus hilos); «procesos» no se usa.")
    for aviso in avisos(conf):
        avisar(aviso)
    direccion = f"[{conf.anfitrion}]" if ":" in conf.anfitrion else conf.anfitrion
    avisar(f"Servidor de producción ({conf.servidor}, {procesos} proceso(s) × {conf.hilos} hilos) en "
           f"http://{direccion}:{conf.puerto}. Casos en {conf.carpeta}; registro en {mostrable(url)}. "
           "Se detiene con Ctrl+C o SIGTERM.")
    cerrar_todos()  # ningún proceso hereda conexiones abiertas a la base
    if conf.servidor == "waitress":
        con_waitress(app, conf.anfitrion, conf.puerto, conf.hilos, conf.proxies_de_confianza)
    else:
        con_gunicorn(app, conf.anfitrion, conf.puerto, procesos, conf.hilos, registro_de_accesos=True,
                     plazo_de_cierre=conf.plazo_de_cierre)


def preparar(app: Flask, conf: Configuracion, clave: bytes, *, sin_autenticacion: bool = False) -> None:
    """La clave común a todos los procesos, las cookies y los proxies de confianza.
    ``sin_autenticacion``: la red llega a la página (un proxy, o una dirección que no es
    local) sin token, así que el modo de una persona (sin cuentas) no atiende a nadie."""
    app.config.update(SECRET_KEY=clave, SESSION_COOKIE_SECURE=conf.cookie_segura,
                      REMEMBER_COOKIE_SECURE=conf.cookie_segura, REMEMBER_COOKIE_HTTPONLY=True,
                      RESOLUCIONES_TSA=conf.tsa)
    if conf.cookie_segura:
        # Con el prefijo __Host- el navegador solo acepta la cookie si llegó por https, sin
        # Domain y para todo el sitio: otro servicio del mismo dominio (intranet.gob.mx junto a
        # transparencia.intranet.gob.mx) o una página por http no puede plantar una sesión.
        app.config.update(SESSION_COOKIE_NAME="__Host-sesion", REMEMBER_COOKIE_NAME="__Host-recordar",
                          SESSION_COOKIE_PATH="/", REMEMBER_COOKIE_PATH="/", SESSION_COOKIE_DOMAIN=None,
                          REMEMBER_COOKIE_DOMAIN=None)
    n = conf.proxies_de_confianza
    if n:
        # Sin X-Forwarded-Port: ProxyFix lo pegaría al nombre («nombre:443») y ya no coincidiría
        # con el Origin que manda el navegador; el puerto, si no es el de siempre, viene en
        # X-Forwarded-Host, como lo escribió el navegador (docs/servidor.md).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=0, x_prefix=n)
    if sin_autenticacion:
        @app.before_request
        def _sin_cuentas_nadie():
            # Después de la revisión de permisos (que dice si hay cuentas): si las
            # desactivaron todas con el servidor en marcha, no queda autenticación alguna.
            if request.endpoint != "static" and not con_cuentas():
                abort(403, "Este servidor atiende a la red y no tiene cuentas activas: nadie puede entrar. "
                           "Cree una con «resoluciones usuarios crear».")


def avisos(conf: Configuracion) -> list[str]:
    """Lo que el administrador debe saber de su configuración antes de abrirla a la unidad."""
    salida = []
    if not conf.cookie_segura:
        salida.append(
            "¡AVISO! cookie_segura = false: la cookie de sesión viaja también por http sin cifrar; quien escuche "
            "la red puede robar la sesión y, con ella, los casos reservados. Úselo solo en una red local de "
            "confianza; lo correcto es un proxy con https (docs/servidor.md).")
    elif not conf.proxies_de_confianza and not es_local(conf.anfitrion):
        salida.append(
            "Aviso: las cookies llevan Secure y el servidor habla http sin proxy: el navegador no las enviará "
            "desde otra computadora. Ponga delante un proxy con https (proxies_de_confianza) o, solo en una red "
            "local de confianza, cookie_segura = false.")
    return salida


def _revisar_acceso(conf: Configuracion, token: str | None, hay_cuentas: bool) -> None:
    """Sin cuentas, la página es de un solo usuario con todos los permisos: solo se permite si
    nadie más que esta computadora puede llegar a ella (sin proxy y en 127.0.0.1), o con token."""
    if hay_cuentas or token:
        return
    if conf.proxies_de_confianza or not es_local(conf.anfitrion):
        raise ErrorDeUsuario(
            "no hay cuentas en la base y el servidor se abre a la red (anfitrión "
            f"{conf.anfitrion}, proxies de confianza: {conf.proxies_de_confianza}): cualquiera tendría todos los "
            "permisos. Cree primero la cuenta del administrador con «resoluciones usuarios crear» (con el mismo "
            "registro) o, sin cuentas, dé un token (RESOLUCIONES_TOKEN)")


def revisar_puerto(anfitrion: str, puerto: int) -> None:
    """Un puerto ocupado se dice en español antes de arrancar (gunicorn lo diría en inglés y
    reintentaría cinco veces)."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in anfitrion else socket.AF_INET) as prueba:
            if os.name == "posix":  # en Windows, SO_REUSEADDR dejaría tomar un puerto ocupado
                prueba.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            prueba.bind((anfitrion.strip("[]"), puerto))
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise ErrorDeUsuario(f"el puerto {puerto} ya está en uso; elija otro («puerto» en la configuración)") \
                from None
        raise ErrorDeUsuario(f"no se pudo escuchar en {anfitrion}:{puerto} ({exc.strerror or exc})") from None


def _sin_ctrl_c(_proceso) -> None:
    """Un proceso de gunicorn no atiende Ctrl+C: la terminal lo manda a todo el grupo, y un
    proceso que salía por su cuenta antes de que el principal lo supiera era reemplazado por
    uno nuevo en pleno apagado, que se quedaba colgado (visto en las pruebas con la máquina
    cargada). Lo detiene solo el principal, con su señal (SIGQUIT o SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_PLAZO_DE_LIMPIEZA = 3.0  # segundos para apagar LibreOffice y vaciar registros al salir


def _al_terminar_el_proceso(_arbitro, _proceso) -> None:
    """Un proceso de gunicorn que termina apaga sus LibreOffice, vacía sus registros y sale
    sin más: ni los ``atexit`` ajenos ni los destructores de las bibliotecas nativas. Por qué:
    heredó por fork el estado de bibliotecas que el principal cargó con sus hilos (pymupdf y
    onnxruntime, que llega con él); al salir, su código espera hilos o candados que en el hijo
    no existen, y el proceso se colgaba hasta que gunicorn lo mataba, al vencer el plazo."""
    fin = sys.exc_info()[1]  # gunicorn llama aquí mientras sale su SystemExit
    codigo = fin.code if isinstance(fin, SystemExit) and isinstance(fin.code, int) else (0 if fin is None else 1)
    # Si apagar algo se queda esperando un candado que tenía un hilo de petición, el proceso
    # sale igual a los pocos segundos (antes de que gunicorn tenga que matarlo).
    vigia = threading.Timer(_PLAZO_DE_LIMPIEZA, os._exit, (codigo,))
    vigia.daemon = True
    vigia.start()
    try:
        caliente.cerrar()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(codigo)


def procesos_por_omision(hilos: int) -> int:
    """Cuántos procesos de gunicorn si no se dice: con un hilo, dos por núcleo, de 2 a 8 (así
    dos o tres descargas en PDF a la vez, que esperan a LibreOffice, no detienen las
    validaciones de los demás; y un número par por núcleo reparte la CPU por igual); con
    varios hilos, uno por núcleo, hasta 4 (como antes). Ver «Procesos e hilos» en
    docs/servidor.md."""
    nucleos = os.cpu_count() or 1
    return max(2, min(2 * nucleos, 8)) if hilos == 1 else max(1, min(nucleos, 4))


def con_gunicorn(app, anfitrion: str, puerto: int, procesos: int, hilos: int = 1, *,
                 registro_de_accesos: bool = False, plazo_de_cierre: int = 10) -> None:
    """Sirve ``app`` con gunicorn: ``procesos`` procesos de ``hilos`` hilos cada uno. La
    aplicación ya está creada: los procesos la heredan (con su clave) al crearse.

    Con un hilo, procesos «sync»: cada uno toma una conexión solo cuando está libre, así que
    el sistema reparte las peticiones entre los procesos desocupados. Con varios hilos
    («gthread»), un proceso acepta conexiones aunque todos sus hilos estén ocupados y las
    pone en fila detrás (de un PDF, p. ej.), y sus hilos se turnan el GIL: con ocho
    personas validando en dos núcleos, el p95 era del doble (issue 19, docs/servidor.md)."""
    # Solo aquí: waitress (Windows) y el modo local no pagan gunicorn.
    from gunicorn.app.base import BaseApplication

    # Las fichas del total, creadas aquí (antes del fork) y heredadas por todos los procesos:
    # entre todos, nunca más LibreOffice vivos que el total (pdf/fichas.py). Si no se dice el
    # total, uno por proceso: con menos, varios PDF a la vez pasan la ficha de un proceso a
    # otro y cada uno arranca LibreOffice (con 4 procesos y 2 fichas, 1.5 PDF/s con 8
    # clientes en lugar de 16).
    caliente.configurar(maximo_de_conversores(por_omision=max(MAXIMO, procesos)), entre_procesos=True)
    direccion = f"[{anfitrion}]" if ":" in anfitrion else anfitrion
    opciones = {
        "bind": f"{direccion}:{puerto}", "workers": procesos, "threads": hilos,
        "worker_class": "sync" if hilos == 1 else "gthread",
        # Un PDF puede tardar su plazo completo: el plazo de gunicorn (tras el cual reinicia un
        # proceso «sync» que no responde, o un «gthread» cuyo latido se detuvo) no debe ser
        # menor que el de LibreOffice.
        # Un PDF puede esperar su plazo por una ficha de LibreOffice (pdf/fichas.py) y luego
        # convertir durante otro plazo: dos plazos y un margen.
        "timeout": int(max(60, 2 * tiempo_por_documento() + 30)), "graceful_timeout": plazo_de_cierre,
        "accesslog": "-" if registro_de_accesos else None, "errorlog": "-", "loglevel": "warning",
        # El de siempre y, al final, qué proceso atendió: <pid>.
        "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(p)s',
        "proc_name": "resoluciones-servir", "worker_exit": _al_terminar_el_proceso, "post_worker_init": _sin_ctrl_c,
    }

    class _Aplicacion(BaseApplication):
        def load_config(self):
            for nombre, valor in opciones.items():
                self.cfg.set(nombre, valor)

        def load(self):
            return app

    principal = os.getpid()
    # Lo que ya está en memoria (módulos, modelos, la aplicación: unos 120 000 objetos) pasa a
    # la generación permanente antes de crear los procesos: el recolector de basura de cada uno
    # ya no lo recorre (una recolección completa tardaba 60–110 ms en medio de una validación)
    # ni lo toca (las páginas siguen compartidas tras el fork).
    gc.collect()
    gc.freeze()
    try:
        _Aplicacion().run()
    except SystemExit as fin:  # gunicorn termina así al recibir Ctrl+C o SIGTERM
        if os.getpid() != principal:
            raise  # un proceso trabajador que termina: no es el servidor el que se detiene
        if fin.code not in (0, None):
            raise ErrorDeUsuario(f"el servidor terminó con un error (código {fin.code}); vea los mensajes de arriba") \
                from None
    finally:
        if os.getpid() == principal:
            gc.unfreeze()


def con_waitress(app, anfitrion: str, puerto: int, hilos: int, proxies: int = 0) -> None:
    """Sirve ``app`` con waitress: un proceso, ``hilos`` hilos. Termina con Ctrl+C o SIGTERM."""
    # Solo aquí: gunicorn (Linux) no necesita waitress.
    from waitress import create_server

    caliente.configurar(maximo_de_conversores())
    # waitress 3 borra las cabeceras X-Forwarded-* si no sabe de proxies; con proxies de
    # confianza las deja pasar y las interpreta ProxyFix (lo mismo que con gunicorn).
    servidor = create_server(app, host=anfitrion.strip("[]"), port=puerto, threads=hilos, ident="resoluciones",
                             clear_untrusted_proxy_headers=not proxies,
                             channel_timeout=int(max(120, tiempo_por_documento() + 30)))

    def _al_recibir(_senal, _marco):
        # SIGTERM (o SIGBREAK en Windows) como Ctrl+C: waitress, al recibirlo, espera a que
        # sus hilos terminen la petición en curso antes de cerrar.
        raise KeyboardInterrupt

    anteriores = {}
    for nombre in ("SIGTERM", "SIGBREAK"):
        if hasattr(signal, nombre):
            anteriores[nombre] = signal.signal(getattr(signal, nombre), _al_recibir)
    try:
        servidor.run()
    except KeyboardInterrupt:
        servidor.task_dispatcher.shutdown()  # llegó antes del bucle, que es quien lo hace
    finally:
        servidor.close()
        for nombre, anterior in anteriores.items():
            signal.signal(getattr(signal, nombre), anterior)
        caliente.cerrar()
