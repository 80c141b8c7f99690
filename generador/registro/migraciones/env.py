"""El entorno de Alembic del registro.

El programa pasa su conexión ya abierta (y ya bajo el candado de migración, ver
``conexion.migrar``) en ``config.attributes["connection"]``; desde la línea de órdenes de
Alembic (quien desarrolla) se abre la base de ``RESOLUCIONES_REGISTRO`` o la del usuario.
``render_as_batch`` permite en SQLite los ALTER que no tiene (las migraciones futuras).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from generador.registro.modelos import Base
from generador.registro.ubicacion import url_del_registro


def _configurar(conexion) -> None:
    context.configure(connection=conexion, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


conexion = context.config.attributes.get("connection")
if conexion is not None:
    _configurar(conexion)
else:  # alembic -c generador/registro/alembic.ini …
    with create_engine(url_del_registro(None)).connect() as conexion:
        _configurar(conexion)
        conexion.commit()
