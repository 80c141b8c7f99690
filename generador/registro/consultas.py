"""Leer el registro: el estado de cada reserva, las filas del índice, los vencimientos y
las resoluciones registradas.

El estado de una reserva en una fecha («al»):

* **desclasificada**: se registró su desclasificación en esa fecha o antes;
* **vencida**: pasó la fecha en que culmina el plazo (la de la última prórroga, si la hay);
* **en prórroga**: el Comité amplió el plazo y la ampliación sigue corriendo;
* **vigente**: en cualquier otro caso.

Nada se borra: una reserva vencida o desclasificada sigue en el registro y en el índice
acumulado, con su estado.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from ..errores import ErrorDeUsuario
from .conexion import error_de_base
from .modelos import Clasificacion, Resolucion
from .resumen import clave_de

ESTADOS = ("vigente", "en prórroga", "vencida", "desclasificada")


def _sin_acentos(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texto or "") if unicodedata.category(c) != "Mn").casefold()


def mas_meses(fecha: dt.date, meses: int) -> dt.date:
    """La misma fecha ``meses`` meses después (31 de enero + 1 → 28 o 29 de febrero)."""
    total = fecha.month - 1 + meses
    anio, mes = fecha.year + total // 12, total % 12 + 1
    return fecha.replace(year=anio, month=mes, day=min(fecha.day, calendar.monthrange(anio, mes)[1]))


@dataclass
class Reserva:
    """Una clasificación reservada con su resolución y su estado en una fecha."""

    clasificacion: Clasificacion
    resolucion: Resolucion
    estado: str
    fin_vigente: dt.date | None

    @property
    def ultima_prorroga(self):
        return self.clasificacion.prorrogas[-1] if self.clasificacion.prorrogas else None


def fin_vigente(c: Clasificacion) -> dt.date | None:
    """La fecha en que culmina la reserva: la de la última prórroga o la original."""
    fechas = [p.hasta for p in c.prorrogas]
    return max(fechas) if fechas else c.fin


def estado(c: Clasificacion, al: dt.date) -> str:
    if c.desclasificada_el is not None and c.desclasificada_el <= al:
        return "desclasificada"
    fin = fin_vigente(c)
    if fin is not None and fin < al:
        return "vencida"
    return "en prórroga" if c.prorrogas else "vigente"


def _ejecutar(m: Engine, funcion):
    try:
        with Session(m) as sesion:
            return funcion(sesion)
    except SQLAlchemyError as exc:
        raise error_de_base(m.url.render_as_string(hide_password=True), exc) from None


def _reservadas(sesion: Session):
    consulta = (select(Clasificacion).join(Clasificacion.resolucion).where(Clasificacion.tipo == "reservada")
                .options(selectinload(Clasificacion.prorrogas), selectinload(Clasificacion.resolucion))
                .order_by(Clasificacion.area, Resolucion.fecha, Resolucion.clave, Clasificacion.posicion))
    return sesion.scalars(consulta).all()


def reservas(m: Engine, *, desde: dt.date | None, hasta: dt.date, area: str | None = None,
             solo_vigentes: bool = False) -> list[Reserva]:
    """Las reservas clasificadas entre ``desde`` (None: desde el principio, el índice
    acumulado) y ``hasta``, con su estado al ``hasta``; una fila por clasificación."""
    if desde is not None and desde > hasta:
        raise ErrorDeUsuario(f"--desde {desde} es posterior a --hasta {hasta}")
    buscada = _sin_acentos(area).strip() if area else None

    def consultar(sesion):
        salida = []
        for c in _reservadas(sesion):
            fecha = c.fecha_clasificacion or c.resolucion.fecha
            if fecha > hasta or (desde is not None and fecha < desde):
                continue
            if buscada and buscada not in _sin_acentos(c.area):
                continue
            r = Reserva(c, c.resolucion, estado(c, hasta), fin_vigente(c))
            if solo_vigentes and r.estado not in ("vigente", "en prórroga"):
                continue
            salida.append(r)
        return salida

    return _ejecutar(m, consultar)


def vencimientos(m: Engine, al: dt.date, meses: int) -> list[tuple[Reserva, int]]:
    """Las reservas en vigor al ``al`` que culminan dentro de ``meses`` meses, con los días
    que les quedan, de la más próxima a la más lejana."""
    if not 0 <= meses <= 120:
        raise ErrorDeUsuario("--meses: debe estar entre 0 y 120")
    limite = mas_meses(al, meses)

    def consultar(sesion):
        salida = []
        for c in _reservadas(sesion):
            r = Reserva(c, c.resolucion, estado(c, al), fin_vigente(c))
            if r.estado in ("vigente", "en prórroga") and r.fin_vigente is not None and r.fin_vigente <= limite:
                salida.append((r, (r.fin_vigente - al).days))
        return sorted(salida, key=lambda par: (par[1], par[0].resolucion.clave, par[0].clasificacion.posicion))

    return _ejecutar(m, consultar)


def listar(m: Engine, *, desde: dt.date | None = None, hasta: dt.date | None = None,
           tipo: str | None = None) -> list[Resolucion]:
    def consultar(sesion):
        consulta = select(Resolucion).options(
            selectinload(Resolucion.clasificaciones).selectinload(Clasificacion.prorrogas)).order_by(
            Resolucion.fecha, Resolucion.clave)
        if desde is not None:
            consulta = consulta.where(Resolucion.fecha >= desde)
        if hasta is not None:
            consulta = consulta.where(Resolucion.fecha <= hasta)
        if tipo:
            consulta = consulta.where(Resolucion.tipo == tipo)
        return sesion.scalars(consulta).all()

    return _ejecutar(m, consultar)


def mostrar(m: Engine, oficio: str) -> Resolucion:
    def consultar(sesion):
        resolucion = sesion.scalar(select(Resolucion).where(Resolucion.clave == clave_de(oficio)).options(
            selectinload(Resolucion.clasificaciones).selectinload(Clasificacion.prorrogas)))
        if resolucion is None:
            raise ErrorDeUsuario(f"el oficio «{oficio}» no está en el registro (vea «resoluciones registro listar»)")
        return resolucion

    return _ejecutar(m, consultar)
