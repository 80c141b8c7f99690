"""Las tablas del registro (SQLAlchemy 2, declarativo).

Tres tablas, pensadas para crecer (el issue del servidor de la unidad añade cuentas y
bitácora en la misma base con nuevas migraciones, sin tocar estas):

* ``resoluciones``: una fila por resolución escrita, con clave única ``clave`` (el oficio
  normalizado): volver a generar el mismo caso actualiza su fila, nunca la duplica.
* ``clasificaciones``: una fila por clasificación de la resolución (``posicion`` en la
  lista del expediente), única por (resolución, posición). Las reservadas forman el índice
  de expedientes clasificados como reservados; una reserva desclasificada o vencida cambia
  de estado y nunca se borra.
* ``prorrogas``: la ampliación del plazo de una reserva, contra la clasificación original
  (única por clasificación y oficio de la resolución que la amplía).

El esquema de la base lo crean y cambian las migraciones de Alembic
(``migraciones/versiones/``); estas clases deben coincidir con ellas (lo comprueba
``tests/test_registro_migraciones.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Nombres de restricciones estables: así las migraciones futuras pueden referirse a ellas
# igual en SQLite y en PostgreSQL.
CONVENCION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=CONVENCION)


class Resolucion(Base):
    __tablename__ = "resoluciones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clave: Mapped[str] = mapped_column(String(200), unique=True)
    oficio: Mapped[str] = mapped_column(String(200))
    institucion: Mapped[str] = mapped_column(String(100))
    tipo: Mapped[str] = mapped_column(String(40))
    fecha: Mapped[dt.date] = mapped_column(Date, index=True)
    asunto: Mapped[str] = mapped_column(Text, default="")
    fecha_sesion: Mapped[dt.date | None] = mapped_column(Date)
    folios: Mapped[list] = mapped_column(JSON, default=list)
    expediente: Mapped[dict] = mapped_column(JSON, default=dict)
    sha256_documento: Mapped[str | None] = mapped_column(String(64))
    sha256_expediente: Mapped[str | None] = mapped_column(String(64))
    version_herramienta: Mapped[str] = mapped_column(String(40))
    formato: Mapped[str | None] = mapped_column(String(10))
    archivo: Mapped[str | None] = mapped_column(Text)
    origen: Mapped[str] = mapped_column(String(20))
    generaciones: Mapped[int] = mapped_column(Integer, default=1)
    creada_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actualizada_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    clasificaciones: Mapped[list["Clasificacion"]] = relationship(
        back_populates="resolucion", order_by="Clasificacion.posicion", cascade="all, delete-orphan")


class Clasificacion(Base):
    __tablename__ = "clasificaciones"
    __table_args__ = (UniqueConstraint("resolucion_id", "posicion", name="uq_clasificaciones_resolucion_posicion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolucion_id: Mapped[int] = mapped_column(ForeignKey("resoluciones.id", ondelete="CASCADE"), index=True)
    posicion: Mapped[int] = mapped_column(Integer)
    tipo: Mapped[str] = mapped_column(String(20))
    parcial: Mapped[bool] = mapped_column(Boolean, default=False)
    area: Mapped[str] = mapped_column(Text)
    documento: Mapped[str] = mapped_column(Text)
    tema: Mapped[str] = mapped_column(Text, default="")
    fundamentos: Mapped[list] = mapped_column(JSON, default=list)
    fundamento_legal: Mapped[str] = mapped_column(Text, default="")
    motivacion: Mapped[str] = mapped_column(Text, default="")
    partes: Mapped[str] = mapped_column(Text, default="")
    fecha_clasificacion: Mapped[dt.date | None] = mapped_column(Date)
    fecha_acta: Mapped[dt.date | None] = mapped_column(Date)
    anios: Mapped[int | None] = mapped_column(Integer)
    inicio: Mapped[dt.date | None] = mapped_column(Date)
    fin: Mapped[dt.date | None] = mapped_column(Date, index=True)
    fin_calculado: Mapped[bool] = mapped_column(Boolean, default=False)
    desclasificada_el: Mapped[dt.date | None] = mapped_column(Date)
    motivo_desclasificacion: Mapped[str | None] = mapped_column(Text)

    resolucion: Mapped[Resolucion] = relationship(back_populates="clasificaciones")
    prorrogas: Mapped[list["Prorroga"]] = relationship(
        back_populates="clasificacion", order_by="Prorroga.hasta", cascade="all, delete-orphan")


class Prorroga(Base):
    __tablename__ = "prorrogas"
    __table_args__ = (UniqueConstraint("clasificacion_id", "oficio", name="uq_prorrogas_clasificacion_oficio"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clasificacion_id: Mapped[int] = mapped_column(ForeignKey("clasificaciones.id", ondelete="CASCADE"), index=True)
    oficio: Mapped[str] = mapped_column(String(200))
    fecha: Mapped[dt.date] = mapped_column(Date)
    anios: Mapped[int | None] = mapped_column(Integer)
    hasta: Mapped[dt.date] = mapped_column(Date)
    motivo: Mapped[str] = mapped_column(Text, default="")
    registrada_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    clasificacion: Mapped[Clasificacion] = relationship(back_populates="prorrogas")
