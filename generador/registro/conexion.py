"""Abrir el registro: el motor de SQLAlchemy y las migraciones de Alembic.

* **SQLite**: un archivo; cada transacción empieza con ``BEGIN IMMEDIATE`` (toma el
  candado de escritura al empezar, no a la mitad: dos escritores esperan su turno en lugar
  de fallar) y espera hasta 30 s un candado ajeno. Diario clásico, no WAL: el archivo puede
  vivir en una carpeta compartida de la red.
* **PostgreSQL**: psycopg 3.

Al abrir, si la base no está en la última revisión (``CABEZA``), se migra bajo un candado
(la transacción inmediata en SQLite, ``pg_advisory_xact_lock`` en PostgreSQL): dos
procesos que abren a la vez una base nueva no la crean dos veces. Si ya está al día, no se
importa Alembic (``generar`` no lo paga).
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from ..errores import ErrorDeUsuario
from .ubicacion import mostrable
from .versiones import CABEZA, REVISIONES

_CANDADO_PG = 160_416  # número del candado consultivo de PostgreSQL para migrar
_CARPETA_MIGRACIONES = Path(__file__).resolve().parent / "migraciones"

_motores: dict[str, Engine] = {}
_candado = threading.Lock()


def motor(url: str, *, migrar_ahora: bool = True) -> Engine:
    """El motor de ``url`` (uno por proceso y dirección), con la base migrada."""
    with _candado:
        if url in _motores:
            return _motores[url]
        nuevo = crear_motor(url)
        if migrar_ahora:
            migrar(nuevo)
        _motores[url] = nuevo
        return nuevo


def cerrar_todos() -> None:
    """Cierra las conexiones abiertas (pruebas, y antes de crear procesos con fork)."""
    with _candado:
        for m in _motores.values():
            m.dispose()
        _motores.clear()


def crear_motor(url: str) -> Engine:
    """Un motor nuevo, sin migrar ni guardar (las pruebas de migraciones)."""
    datos = make_url(url)
    if datos.get_backend_name() == "sqlite":
        ruta = datos.database
        if ruta and ruta != ":memory:":
            try:
                Path(ruta).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ErrorDeUsuario(f"registro: no se pudo crear la carpeta de {ruta} ({exc.strerror})") from None
        nuevo = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(nuevo, "connect")
        def _al_conectar(conexion_dbapi, _registro):
            conexion_dbapi.isolation_level = None  # las transacciones las abre «begin», abajo
            cursor = conexion_dbapi.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.close()

        @event.listens_for(nuevo, "begin")
        def _al_empezar(conexion):
            conexion.exec_driver_sql("BEGIN IMMEDIATE")

        return nuevo
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def error_de_base(url: str, exc: Exception) -> ErrorDeUsuario:
    """Un error de la base (servidor caído, permiso, archivo dañado) dicho en español."""
    original = getattr(exc, "orig", None) or exc
    detalle = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    return ErrorDeUsuario(f"registro {mostrable(url)}: no se pudo usar la base de datos ({detalle})")


def revision_actual(conexion) -> str | None:
    if not inspect(conexion).has_table("alembic_version"):
        return None
    return conexion.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrar(m: Engine, destino: str = "head") -> str | None:
    """Lleva la base a ``destino`` (la última revisión por omisión). Devuelve la revisión
    en que estaba, o None si estaba vacía."""
    url = m.url.render_as_string(hide_password=True)
    try:
        if destino == "head":
            with m.connect() as conexion:
                actual = revision_actual(conexion)
                conexion.rollback()
            if actual == CABEZA:
                return actual
            _revisar_conocida(url, actual)
        with m.begin() as conexion:
            if m.dialect.name == "postgresql":
                conexion.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": _CANDADO_PG})
            previa = revision_actual(conexion)  # otra vez, ya con el candado
            _revisar_conocida(url, previa)
            if previa != destino:
                _alembic_upgrade(conexion, destino)
            return previa
    except SQLAlchemyError as exc:
        raise error_de_base(url, exc) from None


def _revisar_conocida(url: str, revision: str | None) -> None:
    if revision is not None and revision not in REVISIONES:
        raise ErrorDeUsuario(f"registro {mostrable(url)}: la base está en la revisión «{revision}», que esta versión "
                             "del programa no conoce (la creó una versión más nueva); actualice el programa")


def configuracion_alembic(conexion=None):
    # Alembic se importa solo para migrar (una base nueva o de una versión anterior).
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_CARPETA_MIGRACIONES))
    config.set_main_option("version_locations", str(_CARPETA_MIGRACIONES / "versiones"))
    config.set_main_option("path_separator", "os")
    if conexion is not None:
        config.attributes["connection"] = conexion
    return config


def _alembic_upgrade(conexion, destino: str) -> None:
    from alembic import command  # ver configuracion_alembic

    command.upgrade(configuracion_alembic(conexion), destino)
