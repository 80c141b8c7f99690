"""Entrar y salir: la contraseña, el límite de intentos, la sesión y la bitácora, juntos.

El orden importa: primero el límite (una cuenta bloqueada no gasta argon2 ni dice si la
contraseña era buena) y, en la misma transacción, el intento anotado como fallido; luego
la verificación (fuera de toda transacción: argon2 tarda a propósito y no debe retener el
candado de escritura de SQLite), y al final, en una sola transacción, el intento marcado
como bueno (si lo fue), la sesión y la entrada de la bitácora. El mensaje de error es el
mismo si la cuenta no existe, está desactivada o la contraseña no coincide.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..aprobacion.bitacora import anotar
from ..errores import ErrorDeUsuario
from ..registro.modelos import IntentoDeEntrada, Usuario
from . import contrasenas, intentos, sesiones
from .usuarios import cambiar_contrasena, normalizar

INCORRECTO = "Usuario o contraseña incorrectos."
_CANDADO_PG = 160_430  # candado consultivo de PostgreSQL para contar y anotar intentos


def entrar(motor: Engine, nombre_usuario: str, contrasena: str, *, direccion: str = "",
           ahora: dt.datetime | None = None, duracion: sesiones.Duracion = sesiones.DURACION
           ) -> tuple[str, sesiones.Vigente]:
    """Abre una sesión y devuelve (token, usuario). ``ErrorDeUsuario`` si la contraseña no
    coincide («Usuario o contraseña incorrectos.») o hubo demasiados intentos."""
    ahora = ahora or intentos.ahora_utc()
    nombre = normalizar(nombre_usuario)[:80]
    # El intento se anota como fallido antes de verificar, en la misma transacción que cuenta
    # los anteriores (bajo candado): veinte peticiones simultáneas no se cuelan todas.
    with Session(motor) as s, s.begin():
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": _CANDADO_PG})
        intentos.revisar(s, nombre, direccion, ahora)
        fila = s.scalar(select(Usuario).where(Usuario.nombre_usuario == nombre))
        guardado = fila.contrasena_hash if fila is not None and fila.activo else None
        usuario_id = fila.id if fila is not None else None
        intento_id = intentos.anotar(s, nombre, direccion, exito=False, ahora=ahora)
    correcta = contrasenas.verificar(guardado, contrasena)
    nuevo_hash = contrasenas.cifrar(contrasena) if correcta and contrasenas.necesita_rehash(guardado) else None
    with Session(motor) as s, s.begin():
        if not correcta:
            anotar(s, usuario_id=usuario_id, usuario=nombre or "(vacío)", accion="entrada_fallida",
                   detalle={"direccion": direccion})
        else:
            s.get(IntentoDeEntrada, intento_id).exito = True
            fila = s.get(Usuario, usuario_id)
            fila.ultimo_acceso = ahora
            if nuevo_hash:
                fila.contrasena_hash = nuevo_hash
            token = sesiones.abrir(s, fila.id, direccion=direccion, ahora=ahora, duracion=duracion)
            anotar(s, usuario_id=fila.id, usuario=fila.nombre_usuario, accion="entrar",
                   detalle={"direccion": direccion})
            datos = sesiones.Vigente(usuario_id=fila.id, nombre_usuario=fila.nombre_usuario, nombre=fila.nombre or "",
                                     rol=fila.rol, cargo=fila.cargo or "", preside=bool(fila.preside))
    if not correcta:
        raise ErrorDeUsuario(INCORRECTO)
    return token, datos


def salir(motor: Engine, token: str) -> None:
    """Revoca la sesión del token y lo anota en la bitácora (nada si ya no existía)."""
    with Session(motor) as s, s.begin():
        usuario_id = sesiones.revocar(s, token)
        if usuario_id is not None:
            fila = s.get(Usuario, usuario_id)
            anotar(s, usuario_id=usuario_id, usuario=fila.nombre_usuario if fila else "", accion="salir")


def cambiar_propia(motor: Engine, usuario_id: int, actual: str, nueva: str, *, direccion: str = "",
                   ahora: dt.datetime | None = None) -> None:
    """Quien ya entró cambia su propia contraseña: debe dar la actual (con el mismo límite de
    intentos que al entrar). Se cierran todas sus sesiones, también la de esta petición."""
    ahora = ahora or intentos.ahora_utc()
    contrasenas.validar(nueva)
    with Session(motor) as s, s.begin():
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": _CANDADO_PG})
        fila = s.get(Usuario, usuario_id)
        if fila is None or not fila.activo:
            raise ErrorDeUsuario("esta cuenta ya no está activa")
        nombre, guardado = fila.nombre_usuario, fila.contrasena_hash
        intentos.revisar(s, nombre, direccion, ahora)
        intento_id = intentos.anotar(s, nombre, direccion, exito=False, ahora=ahora)
    if not contrasenas.verificar(guardado, actual):
        with Session(motor) as s, s.begin():
            anotar(s, usuario_id=usuario_id, usuario=nombre, accion="entrada_fallida",
                   detalle={"direccion": direccion, "al": "cambiar la contraseña"})
        raise ErrorDeUsuario("La contraseña actual no es correcta.")
    with Session(motor) as s, s.begin():
        s.get(IntentoDeEntrada, intento_id).exito = True
    cambiar_contrasena(motor, nombre, nueva, por=nombre, por_id=usuario_id, ahora=ahora)
