"""El registro sobre un servidor PostgreSQL de verdad, que las pruebas arrancan y detienen.

El grupo de bases es de usar y tirar: ``initdb`` en una carpeta temporal y ``pg_ctl start``
escuchando solo en un socket Unix de esa carpeta (sin puerto TCP). Como root, initdb se
niega a correr: el servidor corre como el usuario ``postgres`` del paquete de Debian (con
``runuser``). Sin los programas del servidor, las pruebas se saltan y dicen por qué (en CI,
``.ci/run`` instala el paquete ``postgresql``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from generador import registro

from .test_registro import escenario_completo, escritores_a_la_vez
from .test_registro_migraciones import comprobar_migraciones


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
        registro.cerrar_todos()
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
    registro.cerrar_todos()


def test_escenario_completo_en_postgresql(cli, tmp_path, url_pg):
    escenario_completo(cli, tmp_path, url_pg)


def test_hilos_a_la_vez_en_postgresql(url_pg):
    escritores_a_la_vez(url_pg, procesos=False)


def test_procesos_a_la_vez_en_postgresql(url_pg):
    escritores_a_la_vez(url_pg, procesos=True)


def test_migraciones_en_postgresql(url_pg):
    comprobar_migraciones(url_pg)


def test_la_url_postgresql_sin_driver_tambien_sirve(cli, tmp_path, url_pg):
    sin_driver = url_pg.replace("postgresql+psycopg://", "postgresql://")
    codigo, _, errores = cli("generar", str(Path(__file__).resolve().parent.parent / "samples" / "reserva-2026.yaml"),
                             "-o", str(tmp_path / "r.docx"), "--registro", sin_driver)
    assert codigo == 0 and "Registrada" in errores
