"""La clave secreta de las cookies y los tokens CSRF, común a todos los procesos del servidor.

Con varios procesos (gunicorn) o varias computadoras, la clave debe ser la misma en todos:
si no, una cookie firmada por un proceso no la acepta otro. Se toma de
``RESOLUCIONES_CLAVE_SECRETA`` si está; si no, se genera una vez y se guarda en la tabla
``ajustes``. Dos procesos que arrancan a la vez no generan dos: el segundo choca con la
clave primaria al insertar, deshace y lee la del primero.
"""

from __future__ import annotations

import os
import secrets

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..registro.modelos import Ajuste

VARIABLE = "RESOLUCIONES_CLAVE_SECRETA"
AJUSTE = "clave_secreta"
MINIMO = 32


def clave_secreta(motor: Engine) -> bytes:
    """La clave: la de la variable de entorno, o la guardada en la base (creándola la primera vez)."""
    propia = os.environ.get(VARIABLE)
    if propia:
        if len(propia) < MINIMO:
            raise ErrorDeUsuario(f"{VARIABLE} es demasiado corta (mínimo {MINIMO} caracteres); genere una con: "
                                 "python3 -c \"import secrets; print(secrets.token_hex(32))\"")
        return propia.encode("utf-8")
    for _ in range(3):
        with Session(motor) as s:
            fila = s.get(Ajuste, AJUSTE)
            if fila is not None:
                return bytes.fromhex(fila.valor)
        try:
            with Session(motor) as s, s.begin():
                s.add(Ajuste(clave=AJUSTE, valor=secrets.token_hex(32)))
        except IntegrityError:
            continue  # otro proceso la creó en este instante: se lee la suya
    raise ErrorDeUsuario("no se pudo leer ni guardar la clave secreta en la base del registro")
