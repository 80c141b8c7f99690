"""El límite de intentos de entrada, contado en la base para que lo vean todos los procesos.

Con gunicorn cada proceso tiene su memoria: un contador en memoria dejaría probar cinco
contraseñas por proceso. Por eso cada intento es una fila de ``intentos_de_entrada`` y el
límite se cuenta con una consulta: a lo sumo ``POR_CUENTA`` fallos por cuenta (desde su
última entrada correcta) y ``POR_DIRECCION`` por dirección en ``VENTANA``. El reloj se
recibe (``ahora``) para probarlo sin esperar.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..registro.modelos import IntentoDeEntrada

VENTANA = dt.timedelta(minutes=15)
POR_CUENTA = 5
POR_DIRECCION = 20
CONSERVAR = dt.timedelta(days=1)  # los intentos más viejos ya no cuentan para nada


def utc(valor: dt.datetime) -> dt.datetime:
    """SQLite devuelve las fechas sin zona: todas se guardan en UTC."""
    return valor.replace(tzinfo=dt.UTC) if valor.tzinfo is None else valor.astimezone(dt.UTC)


def ahora_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _espera(mas_viejo: dt.datetime, ahora: dt.datetime) -> int:
    return max(1, math.ceil((utc(mas_viejo) + VENTANA - ahora).total_seconds() / 60))


def revisar(s: Session, nombre_usuario: str, direccion: str, ahora: dt.datetime) -> None:
    """``ErrorDeUsuario`` («Demasiados intentos; espere N minutos») si se pasó del límite."""
    desde = ahora - VENTANA
    exito = s.scalar(select(func.max(IntentoDeEntrada.momento)).where(
        IntentoDeEntrada.nombre_usuario == nombre_usuario, IntentoDeEntrada.exito.is_(True),
        IntentoDeEntrada.momento >= desde))
    desde_cuenta = max(desde, utc(exito)) if exito is not None else desde
    for condicion, limite, inicio in ((IntentoDeEntrada.nombre_usuario == nombre_usuario, POR_CUENTA, desde_cuenta),
                                      (IntentoDeEntrada.direccion == direccion, POR_DIRECCION, desde)):
        fallos = list(s.scalars(select(IntentoDeEntrada.momento).where(
            condicion, IntentoDeEntrada.exito.is_(False), IntentoDeEntrada.momento > inicio)
            .order_by(IntentoDeEntrada.momento.desc()).limit(limite)))
        if len(fallos) >= limite:
            # Se puede volver a intentar cuando el más viejo de los últimos ``limite`` sale de la ventana.
            minutos = _espera(fallos[-1], ahora)
            raise ErrorDeUsuario(f"Demasiados intentos; espere {minutos} minuto{'s' if minutos != 1 else ''}.")


def anotar(s: Session, nombre_usuario: str, direccion: str, *, exito: bool, ahora: dt.datetime) -> int:
    """Guarda el intento (dentro de la transacción de quien llama), borra los muy viejos y
    devuelve el id del intento."""
    s.execute(delete(IntentoDeEntrada).where(IntentoDeEntrada.momento < ahora - CONSERVAR))
    intento = IntentoDeEntrada(nombre_usuario=nombre_usuario[:80], direccion=direccion[:64], momento=ahora, exito=exito)
    s.add(intento)
    s.flush()
    return intento.id
