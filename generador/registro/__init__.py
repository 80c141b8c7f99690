"""El registro de resoluciones y el índice de expedientes clasificados como reservados.

Cada resolución que escribe la herramienta (``generar``, ``lote``, la página) se registra
en una base de datos: SQLite por omisión (un archivo en la carpeta de datos del usuario),
PostgreSQL por URL (``--registro`` o ``RESOLUCIONES_REGISTRO``), con SQLAlchemy 2 y
migraciones de Alembic. Partes: ``ubicacion`` (qué base), ``versiones`` (la revisión que
conoce el programa), ``conexion`` (motor y migraciones), ``modelos`` (las tablas),
``resumen`` (qué se registra de un caso), ``escritura`` (registrar, desclasificar,
prorrogar), ``rapido`` (registrar en SQLite sin SQLAlchemy, para ``generar``), ``consultas``
(estado, índice, vencimientos), ``indice`` (columnas y archivos del índice) e
``importacion`` (un índice anterior en CSV o XLSX). Ver ``docs/registro.md``.

Lo público se importa al pedirlo (``__getattr__``, PEP 562): así ``generar`` puede usar
``registro.ubicacion`` y ``registro.rapido`` sin cargar SQLAlchemy, que trae asyncio y
subprocess (``tests/test_arranque.py``).
"""

from __future__ import annotations

import importlib

_PUBLICO = {
    "CABEZA": "versiones", "REVISIONES": "versiones",
    "cerrar_todos": "conexion", "crear_motor": "conexion", "migrar": "conexion", "motor": "conexion",
    "ESTADOS": "consultas", "Reserva": "consultas", "estado": "consultas", "listar": "consultas",
    "mas_meses": "consultas", "mostrar": "consultas", "reservas": "consultas", "vencimientos": "consultas",
    "desclasificar": "escritura", "prorrogar": "escritura", "registrar": "escritura",
    "registrar_varios": "escritura", "clave_de": "resumen",
    "VARIABLE": "ubicacion", "archivo_predeterminado": "ubicacion", "mostrable": "ubicacion",
    "sin_registro_por_entorno": "ubicacion", "url_del_registro": "ubicacion",
}


def __getattr__(nombre: str):
    if nombre in _PUBLICO:
        return getattr(importlib.import_module(f".{_PUBLICO[nombre]}", __name__), nombre)
    raise AttributeError(f"module {__name__!r} has no attribute {nombre!r}")


def registrar_caso(url: str, caso, documento: bytes | None, *, archivo: str | None, formato: str | None,
                   origen: str) -> tuple[int, bool]:
    """Registra en la base de ``url`` la resolución del caso recién escrito: la entrada de
    ``generar``, el lote y la página. Devuelve (id, si es nueva). En un SQLite ya al día
    escribe sin SQLAlchemy (``rapido``); si no, con SQLAlchemy (y migra si hace falta)."""
    return _registrar(url, importlib.import_module(".resumen", __name__).resumen(
        caso, documento, archivo=archivo, formato=formato, origen=origen))


def _registrar(url: str, datos: dict) -> tuple[int, bool]:
    if url.startswith(("sqlite:///", "sqlite+pysqlite:///")) and "?" not in url:
        hecho = importlib.import_module(".rapido", __name__).registrar_sqlite(url.split(":///", 1)[1], datos)
        if hecho is not None:
            return hecho
    conexion = importlib.import_module(".conexion", __name__)
    return importlib.import_module(".escritura", __name__).registrar(conexion.motor(url), datos)


__all__ = sorted([*_PUBLICO, "registrar_caso"])
