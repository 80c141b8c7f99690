"""Dónde está el registro: ``--registro URL``, ``RESOLUCIONES_REGISTRO`` o el archivo SQLite
de la carpeta de datos del usuario (``platformdirs``).

No importa SQLAlchemy: ``generar`` comprueba la dirección antes de trabajar y solo abre la
base después de escribir el documento.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errores import ErrorDeUsuario

VARIABLE = "RESOLUCIONES_REGISTRO"
VARIABLE_SIN_REGISTRO = "RESOLUCIONES_SIN_REGISTRO"
ARCHIVO = "registro.sqlite3"


def archivo_predeterminado() -> Path:
    """El archivo SQLite del usuario: ``~/.local/share/resoluciones/registro.sqlite3`` en
    Linux, ``%LOCALAPPDATA%\\resoluciones\\registro.sqlite3`` en Windows.

    platformdirs se importa aquí: ``generar --sin-registro`` (o con la variable) solo mira
    la variable y no paga sus ~3 ms de arranque."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("resoluciones", appauthor=False)) / ARCHIVO


def url_del_registro(valor: str | None) -> str:
    """La URL de SQLAlchemy del registro. Acepta una URL ``sqlite:///…`` o
    ``postgresql[+psycopg]://…``, o la ruta de un archivo SQLite."""
    valor = (valor if valor is not None else os.environ.get(VARIABLE, "")).strip()
    if not valor:
        return f"sqlite:///{archivo_predeterminado()}"
    esquema = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*)://", valor)
    if esquema is None:  # una ruta de archivo
        return f"sqlite:///{Path(valor).expanduser().resolve()}"
    nombre = esquema.group(1).lower()
    if nombre in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + valor[esquema.end():]
    if nombre in ("sqlite", "sqlite+pysqlite"):
        return valor
    raise ErrorDeUsuario(f"registro: «{mostrable(valor)}» no es una dirección que se pueda usar; use la ruta de un "
                         "archivo SQLite, sqlite:///RUTA o postgresql+psycopg://USUARIO@SERVIDOR/BASE")


def sin_registro_por_entorno() -> bool:
    """``RESOLUCIONES_SIN_REGISTRO=1``: como ``--sin-registro`` en cada orden (un equipo de prueba)."""
    return os.environ.get(VARIABLE_SIN_REGISTRO, "").strip() not in ("", "0", "no")


def mostrable(url: str) -> str:
    """La URL sin contraseña, para los mensajes."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)
