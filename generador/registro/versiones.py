"""Las revisiones del esquema que conoce esta versión del programa (sin importar SQLAlchemy
ni Alembic): la última, ``CABEZA``, debe ser la de ``migraciones/versiones/`` (lo comprueba
``tests/test_registro_migraciones.py``)."""

from __future__ import annotations

REVISIONES = ("0001", "0002", "0003")
CABEZA = REVISIONES[-1]
