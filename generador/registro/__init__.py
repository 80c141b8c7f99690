"""El registro de resoluciones y el índice de expedientes clasificados como reservados.

Cada resolución que escribe la herramienta (``generar``, ``lote``, la página) se registra
en una base de datos: SQLite por omisión (un archivo en la carpeta de datos del usuario),
PostgreSQL por URL (``--registro`` o ``RESOLUCIONES_REGISTRO``), con SQLAlchemy 2 y
migraciones de Alembic. Partes: ``ubicacion`` (qué base), ``conexion`` (motor y
migraciones), ``modelos`` (las tablas), ``resumen`` (qué se registra de un caso),
``escritura`` (registrar, desclasificar, prorrogar), ``consultas`` (estado, índice,
vencimientos), ``indice`` (columnas y archivos del índice) e ``importacion`` (un índice
anterior en CSV o XLSX). Ver ``docs/registro.md``.
"""

from __future__ import annotations

from .conexion import CABEZA, cerrar_todos, crear_motor, migrar, motor
from .consultas import ESTADOS, Reserva, estado, listar, mas_meses, mostrar, reservas, vencimientos
from .escritura import desclasificar, prorrogar, registrar, registrar_varios
from .resumen import clave_de, resumen
from .ubicacion import VARIABLE, archivo_predeterminado, mostrable, sin_registro_por_entorno, url_del_registro


def registrar_caso(url: str, caso, documento: bytes | None, *, archivo: str | None, formato: str | None,
                   origen: str) -> tuple[int, bool]:
    """Registra en la base de ``url`` la resolución del caso recién escrito: la entrada de
    ``generar``, el lote y la página. Devuelve (id, si es nueva)."""
    return registrar(motor(url), resumen(caso, documento, archivo=archivo, formato=formato, origen=origen))


__all__ = ["CABEZA", "ESTADOS", "Reserva", "VARIABLE", "archivo_predeterminado", "cerrar_todos", "clave_de",
           "crear_motor", "desclasificar", "estado", "listar", "mas_meses", "migrar", "mostrable", "mostrar",
           "motor", "prorrogar", "registrar", "registrar_caso", "registrar_varios", "reservas", "resumen",
           "sin_registro_por_entorno", "url_del_registro", "vencimientos"]
