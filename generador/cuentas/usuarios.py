"""Las cuentas: crear, listar, desactivar, cambiar la contraseña y el RFC (SQLAlchemy, tabla ``usuarios``).

Una cuenta nunca se borra: la bitácora la nombra. Desactivarla cierra sus sesiones abiertas
en el mismo momento (en la misma transacción), para que nadie siga dentro con una cuenta que
ya no vale. Cada cambio queda en la bitácora con quién lo hizo (``por``).

El RFC de la cuenta es el de la e.firma de esa persona: al firmar, un integrante solo puede
usar un certificado con ese RFC (el Lineamiento pide la firma de cada integrante, no la de
quien tenga los archivos y la contraseña de otro).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..aprobacion.bitacora import anotar
from ..errores import ErrorDeUsuario
from ..registro.modelos import Usuario
from . import contrasenas, sesiones
from .intentos import ahora_utc, utc
from .roles import NOMBRES_DE_ROL, ROLES

NOMBRE_DE_USUARIO = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
# Persona física: 4 letras (con Ñ y &), fecha AAMMDD y homoclave de 3.
RFC_PERSONA_FISICA = re.compile(r"^[A-ZÑ&]{4}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[A-Z0-9]{3}$")


@dataclass(frozen=True)
class Cuenta:
    """Lo que se puede mostrar de una cuenta (nunca el hash)."""

    id: int
    nombre_usuario: str
    nombre: str
    correo: str | None
    rol: str
    cargo: str
    preside: bool
    activo: bool
    rfc: str | None
    creado_en: dt.datetime
    ultimo_acceso: dt.datetime | None

    @classmethod
    def de(cls, u: Usuario) -> Cuenta:
        return cls(id=u.id, nombre_usuario=u.nombre_usuario, nombre=u.nombre or "", correo=u.correo, rol=u.rol,
                   cargo=u.cargo or "", preside=bool(u.preside), activo=bool(u.activo), rfc=u.rfc or None, creado_en=utc(u.creado_en),
                   ultimo_acceso=utc(u.ultimo_acceso) if u.ultimo_acceso else None)


def normalizar(nombre_usuario: str) -> str:
    """El nombre de usuario como se guarda (minúsculas, sin espacios alrededor)."""
    return nombre_usuario.strip().lower()


def _validar_nombre(nombre_usuario: str) -> str:
    nombre = normalizar(nombre_usuario)
    if not NOMBRE_DE_USUARIO.match(nombre):
        raise ErrorDeUsuario(f"nombre de usuario no válido: «{nombre_usuario}»; use de 2 a 80 letras sin acentos, "
                             "números, «.», «-» o «_» (p. ej. «mlopez»)")
    return nombre


def normalizar_rfc(rfc: str) -> str:
    """El RFC como se guarda y se compara: sin espacios alrededor, en mayúsculas. ``ErrorDeUsuario``
    si no tiene la forma del RFC de una persona física (las e.firmas de los integrantes lo son)."""
    limpio = (rfc or "").strip().upper()
    if not RFC_PERSONA_FISICA.match(limpio):
        raise ErrorDeUsuario(f"RFC no válido: «{rfc}»; el de una persona física tiene 13 caracteres: 4 letras, "
                             "la fecha de nacimiento AAMMDD y 3 de homoclave (p. ej. «LOPM800101AB1»)")
    return limpio


def _validar_rol(rol: str) -> str:
    if rol not in ROLES:
        raise ErrorDeUsuario(f"rol desconocido: «{rol}»; elija uno de: " + ", ".join(
            f"{r} ({NOMBRES_DE_ROL[r]})" for r in ROLES))
    return rol


def _fila(s: Session, nombre_usuario: str) -> Usuario:
    fila = s.scalar(select(Usuario).where(Usuario.nombre_usuario == normalizar(nombre_usuario)))
    if fila is None:
        raise ErrorDeUsuario(f"no existe la cuenta «{nombre_usuario}»; vea las que hay con: resoluciones usuarios listar")
    return fila


def crear(motor: Engine, nombre_usuario: str, contrasena: str, *, rol: str, nombre: str = "", cargo: str = "",
          preside: bool = False, correo: str | None = None, rfc: str | None = None, por: str = "terminal",
          por_id: int | None = None, ahora: dt.datetime | None = None) -> Cuenta:
    """Crea una cuenta activa. ``ErrorDeUsuario`` si el nombre ya existe o algo no es válido."""
    nombre_usuario, rol = _validar_nombre(nombre_usuario), _validar_rol(rol)
    rfc = normalizar_rfc(rfc) if rfc is not None and rfc.strip() else None
    if preside and rol != "integrante":
        raise ErrorDeUsuario("solo un integrante del Comité puede presidirlo (--preside con --rol integrante)")
    if correo is not None and (len(correo) > 200 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", correo)):
        raise ErrorDeUsuario(f"correo no válido: «{correo}»")
    hash_ = contrasenas.cifrar(contrasena)  # fuera de la transacción: argon2 tarda a propósito
    ahora = ahora or ahora_utc()
    with Session(motor) as s, s.begin():
        if s.scalar(select(Usuario.id).where(Usuario.nombre_usuario == nombre_usuario)) is not None:
            raise ErrorDeUsuario(f"ya existe la cuenta «{nombre_usuario}» (una cuenta desactivada no se borra; "
                                 "elija otro nombre)")
        fila = Usuario(nombre_usuario=nombre_usuario, nombre=nombre.strip(), correo=correo, rol=rol,
                       cargo=cargo.strip(), preside=preside, rfc=rfc, contrasena_hash=hash_, activo=True, creado_en=ahora,
                       actualizado_en=ahora)
        s.add(fila)
        s.flush()
        anotar(s, usuario_id=por_id, usuario=por, accion="usuario_creado",
               detalle={"cuenta": nombre_usuario, "rol": rol, "preside": preside, "rfc": rfc})
        return Cuenta.de(fila)


def listar(motor: Engine) -> list[Cuenta]:
    """Todas las cuentas, activas y desactivadas, por nombre de usuario."""
    with Session(motor) as s:
        return [Cuenta.de(u) for u in s.scalars(select(Usuario).order_by(Usuario.nombre_usuario))]


def buscar(motor: Engine, nombre_usuario: str) -> Cuenta | None:
    with Session(motor) as s:
        fila = s.scalar(select(Usuario).where(Usuario.nombre_usuario == normalizar(nombre_usuario)))
        return Cuenta.de(fila) if fila else None


def hay_activas(motor: Engine) -> bool:
    """Si hay al menos una cuenta activa: entonces la página pide entrar con una."""
    with Session(motor) as s:
        return bool(s.scalar(select(func.count()).select_from(Usuario).where(Usuario.activo.is_(True))))


def desactivar(motor: Engine, nombre_usuario: str, *, por: str = "terminal", por_id: int | None = None,
               ahora: dt.datetime | None = None) -> int:
    """Desactiva la cuenta y revoca sus sesiones; devuelve cuántas sesiones se cerraron."""
    ahora = ahora or ahora_utc()
    with Session(motor) as s, s.begin():
        fila = _fila(s, nombre_usuario)
        if not fila.activo:
            raise ErrorDeUsuario(f"la cuenta «{fila.nombre_usuario}» ya estaba desactivada")
        fila.activo, fila.actualizado_en = False, ahora
        cerradas = sesiones.revocar_de_usuario(s, fila.id)
        anotar(s, usuario_id=por_id, usuario=por, accion="usuario_desactivado",
               detalle={"cuenta": fila.nombre_usuario, "sesiones_cerradas": cerradas})
        return cerradas


def cambiar_contrasena(motor: Engine, nombre_usuario: str, nueva: str, *, por: str = "terminal",
                       por_id: int | None = None, ahora: dt.datetime | None = None) -> int:
    """Pone una contraseña nueva y cierra las sesiones abiertas con la anterior (devuelve cuántas)."""
    hash_ = contrasenas.cifrar(nueva)
    ahora = ahora or ahora_utc()
    with Session(motor) as s, s.begin():
        fila = _fila(s, nombre_usuario)
        fila.contrasena_hash, fila.actualizado_en = hash_, ahora
        cerradas = sesiones.revocar_de_usuario(s, fila.id)
        anotar(s, usuario_id=por_id, usuario=por, accion="contrasena_cambiada",
               detalle={"cuenta": fila.nombre_usuario, "sesiones_cerradas": cerradas})
        return cerradas


def cambiar_rfc(motor: Engine, nombre_usuario: str, rfc: str, *, por: str = "terminal", por_id: int | None = None,
                ahora: dt.datetime | None = None) -> str:
    """Pone (o cambia) el RFC de la cuenta, el de su e.firma; devuelve el RFC normalizado."""
    nuevo = normalizar_rfc(rfc)
    ahora = ahora or ahora_utc()
    with Session(motor) as s, s.begin():
        fila = _fila(s, nombre_usuario)
        anterior = fila.rfc or None
        fila.rfc, fila.actualizado_en = nuevo, ahora
        anotar(s, usuario_id=por_id, usuario=por, accion="rfc_cambiado",
               detalle={"cuenta": fila.nombre_usuario, "anterior": anterior, "rfc": nuevo})
        return nuevo
