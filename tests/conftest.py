"""Utilidades comunes de las pruebas."""

from __future__ import annotations

import atexit
import contextlib
import glob
import io
import multiprocessing
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

RAIZ = Path(__file__).resolve().parent.parent
MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
DATOS = Path(__file__).resolve().parent / "datos"

# El registro de resoluciones (issue 16): las pruebas nunca escriben en la carpeta de datos
# del usuario. Todo lo que genera (generar, lote, la página) se registra en un SQLite
# temporal de esta corrida, que heredan los subprocesos; las pruebas del registro usan el
# suyo (tests/test_registro*.py).
_REGISTRO_TEMPORAL = tempfile.mkdtemp(prefix="resoluciones-registro-pruebas-")
os.environ["RESOLUCIONES_REGISTRO"] = os.path.join(_REGISTRO_TEMPORAL, "registro.sqlite3")
os.environ.pop("RESOLUCIONES_SIN_REGISTRO", None)
atexit.register(shutil.rmtree, _REGISTRO_TEMPORAL, ignore_errors=True)


@pytest.fixture
def cli():
    """Ejecuta ``resoluciones`` en proceso; devuelve (código, salida, errores)."""
    from generador.cli import principal

    def ejecutar(*args: str, entrada: str | None = None):
        runner = CliRunner()
        resultado = runner.invoke(principal, list(args), input=entrada, prog_name="resoluciones")
        if resultado.exception and not isinstance(resultado.exception, SystemExit):
            raise resultado.exception
        return resultado.exit_code, resultado.stdout, resultado.stderr

    return ejecutar


@pytest.fixture
def muestra_texto() -> str:
    return MUESTRA.read_text(encoding="utf-8")


def texto_docx(datos: bytes) -> str:
    """Texto del cuerpo de un .docx, un párrafo por línea."""
    import docx

    documento = docx.Document(io.BytesIO(datos))
    return "\n".join(p.text for p in documento.paragraphs)


def variantes_de_la_muestra(carpeta: Path, cambios: dict[str, tuple[str, str]]) -> list[Path]:
    """Escribe en ``carpeta`` una copia de CTA-40418 por cada ``nombre: (antes, después)``,
    comprobando que cada cambio sí se aplica (si no, la prueba pasaría con la muestra intacta)."""
    base = MUESTRA.read_text(encoding="utf-8")
    rutas = []
    for nombre, (antes, despues) in cambios.items():
        assert antes in base, nombre
        (carpeta / nombre).write_text(base.replace(antes, despues, 1), encoding="utf-8")
        rutas.append(carpeta / nombre)
    return rutas


def entorno_de_modelos(cache: Path, modo: str) -> dict:
    """El entorno de un proceso que usa la base ligera de los modelos («ligero», si hay
    validadores guardados en ``cache``) o pydantic («pydantic»), sin registro ni carpetas
    propias de quien corre las pruebas, y con el mismo hash de textos."""
    entorno = {k: v for k, v in os.environ.items()
               if k not in ("RESOLUCIONES_SIN_CACHE", "XDG_CACHE_HOME", "RESOLUCIONES_MODELOS",
                            "RESOLUCIONES_PLANTILLAS", "RESOLUCIONES_CATALOGO")}
    entorno.update(XDG_CACHE_HOME=str(cache), RESOLUCIONES_SIN_REGISTRO="1", PYTHONHASHSEED="0")
    if modo == "pydantic":
        entorno["RESOLUCIONES_MODELOS"] = "pydantic"
    return entorno


def procesos_vivos(*, padre: int | None = None, grupo: int | None = None) -> list[int]:
    """Procesos vivos (no zombis), leídos de /proc, hijos de ``padre`` o del grupo ``grupo``:
    para comprobar que nada queda corriendo tras detener un servidor o un LibreOffice."""
    vivos = []
    for nombre in os.listdir("/proc"):
        if not nombre.isdigit():
            continue
        try:
            campos = Path(f"/proc/{nombre}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if campos[0] == "Z":
            continue
        if (padre is not None and int(campos[1]) == padre) or (grupo is not None and int(campos[2]) == grupo):
            vivos.append(int(nombre))
    return vivos


@pytest.fixture
def cliente(tmp_path):
    """La aplicación web sobre una carpeta de casos con la CTA-40418: (cliente de Flask, carpeta)."""
    from generador.web import crear_app

    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos)
    app.testing = True
    return app.test_client(), casos


@contextlib.contextmanager
def app_con_registro(tmp_path: Path):
    """La aplicación web con su registro SQLite sobre una carpeta con la CTA-40418:
    (app, motor, carpeta de casos). Al salir cierra las conexiones al registro."""
    from generador import registro
    from generador.web import crear_app

    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    url = f"sqlite:///{tmp_path / 'registro.sqlite3'}"
    motor = registro.motor(url)
    app = crear_app(casos, registro=url)
    app.testing = True
    try:
        yield app, motor, casos
    finally:
        registro.cerrar_todos()


# --- PostgreSQL de usar y tirar (registro, cuentas, aprobación) -------------------------

def _binarios() -> Path | None:
    for candidato in [shutil.which("initdb"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)]:
        if candidato and Path(candidato).with_name("pg_ctl").exists():
            return Path(candidato).resolve().parent
    return None


def _como(usuario: str | None, orden: list[str]) -> list[str]:
    return orden if usuario is None else ["runuser", "-u", usuario, "--", *orden]


@pytest.fixture(scope="session")
def servidor():
    """(carpeta del socket, usuario) de un PostgreSQL de usar y tirar."""
    carpeta_bin = _binarios()
    if carpeta_bin is None:
        pytest.skip("no están initdb y pg_ctl (instale el paquete postgresql de Debian: apt-get install postgresql)")
    usuario = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("como root, initdb necesita el usuario «postgres» (lo crea el paquete postgresql de Debian)")
        if shutil.which("runuser") is None:
            pytest.skip("como root hace falta runuser (util-linux) para correr PostgreSQL como «postgres»")
        usuario = "postgres"
    base = Path(tempfile.mkdtemp(prefix="resoluciones-pg-"))
    datos = base / "datos"
    if usuario is not None:
        entrada = pwd.getpwnam(usuario)
        os.chown(base, entrada.pw_uid, entrada.pw_gid)
    base.chmod(0o755)
    try:
        subprocess.run(_como(usuario, [str(carpeta_bin / "initdb"), "-D", str(datos), "-U", "resoluciones",
                                       "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                       check=True, capture_output=True, text=True, timeout=120)
        subprocess.run(_como(usuario, [str(carpeta_bin / "pg_ctl"), "-D", str(datos), "-l", str(base / "servidor.log"),
                                       "-w", "-t", "60", "-o",
                                       f"-k {base} -c listen_addresses='' -c fsync=off -c max_connections=200",
                                       "start"]),
                       check=True, capture_output=True, text=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        registro_servidor = (base / "servidor.log").read_text(errors="replace") if (base / "servidor.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"no arrancó PostgreSQL: {exc.stderr}\n{registro_servidor}")
    try:
        yield base
    finally:
        _cerrar_registros()
        subprocess.run(_como(usuario, [str(carpeta_bin / "pg_ctl"), "-D", str(datos), "-m", "immediate", "-w",
                                       "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def url_pg(servidor, monkeypatch) -> str:
    """Una base nueva en el servidor de la sesión, para cada prueba."""
    import psycopg

    nombre = "registro_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"dbname=postgres user=resoluciones host={servidor}", autocommit=True) as conexion:
        conexion.execute(f'CREATE DATABASE "{nombre}"')
    direccion = f"postgresql+psycopg://resoluciones@/{nombre}?host={servidor}"
    monkeypatch.setenv("RESOLUCIONES_REGISTRO", direccion)
    yield direccion
    _cerrar_registros()


def _cerrar_registros() -> None:
    from generador import registro

    registro.cerrar_todos()


# --- La página en un navegador de verdad (test_navegador, test_pasos, la aprobación) ----

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def servida(app):
    """La aplicación servida por Werkzeug en un puerto libre de 127.0.0.1, en un hilo: su URL."""
    from werkzeug.serving import make_server

    servidor = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{servidor.server_port}"
    finally:
        servidor.shutdown()


@contextlib.contextmanager
def chromium():
    """El Chromium del sistema, sin ventana y sin red de fondo, manejado por Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navegador = p.chromium.launch(
            executable_path=CHROMIUM or "/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            yield navegador
        finally:
            navegador.close()


def pagina_nueva(navegador):
    """Una pestaña de 1200×900 que acepta descargas y espera hasta 15 s."""
    pagina = navegador.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900}).new_page()
    pagina.set_default_timeout(15000)
    return pagina


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Un proceso de multiprocessing que una prueba dejó vivo (colgado: copiado por «fork» de este
    proceso, que tiene hilos, con un candado tomado) hacía que el intérprete lo esperara al salir
    (multiprocessing junta a sus hijos): la corrida imprimía su resumen y no terminaba, y CI la
    cortaba a los 90 minutos. Se dice cuáles quedaron y se terminan antes de salir."""
    session.config.stash[_ESTADO_FINAL] = int(exitstatus)
    quedaron = [h for h in multiprocessing.active_children() if h.is_alive()]
    for hijo in quedaron:
        with contextlib.suppress(OSError):
            os.kill(hijo.pid, signal.SIGKILL)
        hijo.join(timeout=10)
    if quedaron:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"Aviso: {len(quedaron)} proceso(s) de multiprocessing seguían vivos al terminar "
                                f"(pid {', '.join(str(h.pid) for h in quedaron)}); se terminaron.")


_ESTADO_FINAL = pytest.StashKey[int]()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Lo mismo con un hilo que no es «daemon» y una prueba dejó corriendo (un servidor cuyo
    apagado no llegó a ejecutarse): el intérprete lo esperaría para siempre. Con el resumen ya
    impreso, se sale con el código de la corrida sin esperarlo, y se dice cuál era."""
    vivos = [h for h in threading.enumerate() if h is not threading.main_thread() and not h.daemon and h.is_alive()]
    if not vivos or _ESTADO_FINAL not in config.stash:
        return
    print(f"Aviso: hilos que no terminaron: {', '.join(h.name for h in vivos)}; se sale sin esperarlos.", flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash[_ESTADO_FINAL])
