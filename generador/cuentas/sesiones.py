"""Las sesiones abiertas, en la base (tabla ``sesiones``), para que cualquier proceso las vea.

* **El token solo lo tiene el navegador**: es aleatorio (``secrets``, 256 bits) y la base
  guarda su SHA-256 como ``id``. Quien lea la base no puede hacerse pasar por nadie.
* **Caducan** tras ``INACTIVIDAD`` sin uso (30 min) y, aunque se usen, a las ``MAXIMA``
  (12 h) de abiertas; ambos se pueden configurar (``RESOLUCIONES_SESION_MINUTOS``,
  ``RESOLUCIONES_SESION_HORAS``, o la configuración de la aplicación). ``expira_en`` es siempre el menor de los dos.
* **Se revocan** al salir y al desactivar la cuenta o cambiar su contraseña.
* La actividad se anota a lo sumo una vez por ``TOQUE`` (un minuto), no en cada petición:
  con muchas peticiones, la base no se vuelve un cuello de botella.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..registro.modelos import Sesion, Usuario
from .intentos import ahora_utc, utc

INACTIVIDAD = dt.timedelta(minutes=30)
MAXIMA = dt.timedelta(hours=12)
TOQUE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Duracion:
    """Cuánto vive una sesión: sin uso (``inactividad``) y en total (``maxima``)."""

    inactividad: dt.timedelta = INACTIVIDAD
    maxima: dt.timedelta = MAXIMA

    def expira(self, creada: dt.datetime, actividad: dt.datetime) -> dt.datetime:
        return min(actividad + self.inactividad, creada + self.maxima)


DURACION = Duracion()

VARIABLE_INACTIVIDAD = "RESOLUCIONES_SESION_MINUTOS"   # minutos sin uso
VARIABLE_MAXIMA = "RESOLUCIONES_SESION_HORAS"          # horas desde que se entró


def duracion_del_entorno() -> Duracion:
    """La duración de las sesiones según las variables de entorno (o la de siempre)."""
    def leer(variable: str, unidad: dt.timedelta, omision: dt.timedelta) -> dt.timedelta:
        texto = os.environ.get(variable, "").strip()
        if not texto:
            return omision
        try:
            valor = float(texto)
        except ValueError:
            valor = -1
        if not 0 < valor <= 10_000:
            raise ErrorDeUsuario(f"{variable} debe ser un número positivo (se dio «{texto}»)")
        return valor * unidad
    return Duracion(inactividad=leer(VARIABLE_INACTIVIDAD, dt.timedelta(minutes=1), INACTIVIDAD),
                    maxima=leer(VARIABLE_MAXIMA, dt.timedelta(hours=1), MAXIMA))


@dataclass(frozen=True)
class Vigente:
    """El usuario de una sesión vigente (lo que necesita la página)."""

    usuario_id: int
    nombre_usuario: str
    nombre: str
    rol: str
    cargo: str
    preside: bool


def huella(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def abrir(s: Session, usuario_id: int, *, direccion: str = "", ahora: dt.datetime | None = None,
          duracion: Duracion = DURACION) -> str:
    """Abre una sesión (en la transacción de quien llama) y devuelve el token para la cookie."""
    ahora = ahora or ahora_utc()
    token = secrets.token_urlsafe(32)
    s.add(Sesion(id=huella(token), usuario_id=usuario_id, creada_en=ahora, ultima_actividad=ahora,
                 expira_en=duracion.expira(ahora, ahora), revocada=False, direccion=direccion[:64]))
    return token


def vigente(motor: Engine, token: str, *, ahora: dt.datetime | None = None,
            duracion: Duracion = DURACION) -> Vigente | None:
    """El usuario de la sesión del token si sigue vigente (no revocada, sin caducar, cuenta
    activa); None si no. Anota la actividad (a lo sumo una vez por ``TOQUE``)."""
    if not token or len(token) > 200:
        return None
    ahora = ahora or ahora_utc()
    with Session(motor) as s:
        fila = s.execute(select(Sesion, Usuario).join(Usuario, Usuario.id == Sesion.usuario_id)
                         .where(Sesion.id == huella(token))).first()
        if fila is None:
            return None
        sesion, usuario = fila
        creada, actividad = utc(sesion.creada_en), utc(sesion.ultima_actividad)
        if sesion.revocada or not usuario.activo or ahora >= duracion.expira(creada, actividad) \
                or ahora >= utc(sesion.expira_en):
            return None
        datos = Vigente(usuario_id=usuario.id, nombre_usuario=usuario.nombre_usuario, nombre=usuario.nombre or "",
                        rol=usuario.rol, cargo=usuario.cargo or "", preside=bool(usuario.preside))
    if ahora - actividad >= TOQUE:
        with Session(motor) as s, s.begin():
            s.execute(update(Sesion).where(Sesion.id == huella(token), Sesion.revocada.is_(False))
                      .values(ultima_actividad=ahora, expira_en=duracion.expira(creada, ahora)))
    return datos


def revocar(s: Session, token: str) -> int | None:
    """Revoca la sesión del token (al salir); devuelve el id de su usuario, o None si no existía."""
    sesion = s.get(Sesion, huella(token)) if token else None
    if sesion is None or sesion.revocada:
        return None
    sesion.revocada = True
    return sesion.usuario_id


def revocar_de_usuario(s: Session, usuario_id: int) -> int:
    """Revoca todas las sesiones abiertas de un usuario; devuelve cuántas."""
    resultado = s.execute(update(Sesion).where(Sesion.usuario_id == usuario_id, Sesion.revocada.is_(False))
                          .values(revocada=True))
    return resultado.rowcount or 0
