"""Las tablas del registro (SQLAlchemy 2, declarativo).

Las del registro, pensadas para crecer sin tocarse:

* ``resoluciones``: una fila por resolución escrita, con clave única ``clave`` (el oficio
  normalizado): volver a generar el mismo caso actualiza su fila, nunca la duplica.
* ``clasificaciones``: una fila por clasificación de la resolución (``posicion`` en la
  lista del expediente), única por (resolución, posición). Las reservadas forman el índice
  de expedientes clasificados como reservados; una reserva desclasificada o vencida cambia
  de estado y nunca se borra.
* ``prorrogas``: la ampliación del plazo de una reserva, contra la clasificación original
  (única por clasificación y oficio de la resolución que la amplía).

Las del servidor de la unidad (migración 0003), en la misma base para que cualquier proceso
del servidor atienda cualquier petición:

* ``usuarios``: las cuentas (rol: administrador, redactor, integrante, lector); la contraseña
  solo como hash (argon2); una cuenta se desactiva, nunca se borra (la bitácora la nombra).
* ``sesiones``: una fila por sesión abierta (la cookie lleva solo un token cuyo SHA-256 es
  ``id``): caduca, se revoca al salir o al desactivar la cuenta, y la ve cualquier proceso.
* ``intentos_de_entrada``: para limitar los intentos fallidos por cuenta y por dirección.
* ``ajustes``: clave y valor comunes a todos los procesos (p. ej. la clave de las cookies).
* ``bitacora``: lo que pasó (guardar, generar, votar, firmar, descargar…): quién, cuándo,
  qué caso y el detalle (el diff de un guardado); solo se añaden filas, encadenadas por
  ``huella`` (SHA-256 de la anterior y de la propia), para que un cambio a mano se note.
* ``estados_de_caso``: dónde va cada caso (borrador, en_revision, aprobada, firmada), con la
  sesión del Comité que lo aprobó y el SHA-256 del expediente aprobado (congelado).
* ``votos``: el voto de cada integrante en cada ronda de revisión.
* ``firmas``: cada firma electrónica puesta en el PDF final (nunca la llave, solo el certificado).
* ``candados``: quién edita un caso y hasta cuándo (entre procesos y computadoras).

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


class Usuario(Base):
    __tablename__ = "usuarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre_usuario: Mapped[str] = mapped_column(String(80), unique=True)
    nombre: Mapped[str] = mapped_column(Text, default="")
    correo: Mapped[str | None] = mapped_column(String(200))
    rol: Mapped[str] = mapped_column(String(20))
    cargo: Mapped[str] = mapped_column(Text, default="")
    preside: Mapped[bool] = mapped_column(Boolean, default=False)
    rfc: Mapped[str | None] = mapped_column(String(13))  # el de su e.firma: solo firma con la suya
    contrasena_hash: Mapped[str] = mapped_column(Text)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    creado_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actualizado_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ultimo_acceso: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Sesion(Base):
    __tablename__ = "sesiones"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id", ondelete="CASCADE"), index=True)
    creada_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ultima_actividad: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expira_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    revocada: Mapped[bool] = mapped_column(Boolean, default=False)
    direccion: Mapped[str] = mapped_column(String(64), default="")


class IntentoDeEntrada(Base):
    __tablename__ = "intentos_de_entrada"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre_usuario: Mapped[str] = mapped_column(String(80), index=True)
    direccion: Mapped[str] = mapped_column(String(64), index=True)
    momento: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    exito: Mapped[bool] = mapped_column(Boolean, default=False)


class Ajuste(Base):
    __tablename__ = "ajustes"

    clave: Mapped[str] = mapped_column(String(80), primary_key=True)
    valor: Mapped[str] = mapped_column(Text)


class EntradaDeBitacora(Base):
    __tablename__ = "bitacora"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    momento: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"), index=True)
    usuario: Mapped[str] = mapped_column(String(80))
    accion: Mapped[str] = mapped_column(String(30), index=True)
    caso: Mapped[str | None] = mapped_column(String(200), index=True)
    detalle: Mapped[dict] = mapped_column(JSON, default=dict)
    huella: Mapped[str] = mapped_column(String(64))


class EstadoDeCaso(Base):
    __tablename__ = "estados_de_caso"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    caso: Mapped[str] = mapped_column(String(200), unique=True)
    estado: Mapped[str] = mapped_column(String(20))
    ronda: Mapped[int] = mapped_column(Integer, default=1)
    sesion: Mapped[str] = mapped_column(Text, default="")
    fecha_sesion: Mapped[dt.date | None] = mapped_column(Date)
    sha256_aprobado: Mapped[str | None] = mapped_column(String(64))
    actualizado_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actualizado_por: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))

    votos: Mapped[list["Voto"]] = relationship(back_populates="estado", order_by="Voto.id", cascade="all, delete-orphan")
    firmas: Mapped[list["Firma"]] = relationship(back_populates="estado", order_by="Firma.id",
                                                 cascade="all, delete-orphan")


class Voto(Base):
    __tablename__ = "votos"
    __table_args__ = (UniqueConstraint("estado_id", "ronda", "usuario_id", name="uq_votos_estado_ronda_usuario"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    estado_id: Mapped[int] = mapped_column(ForeignKey("estados_de_caso.id", ondelete="CASCADE"), index=True)
    ronda: Mapped[int] = mapped_column(Integer)
    # Sin cuenta (None): el usuario local del modo de una sola persona.
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    sentido: Mapped[str] = mapped_column(String(20))
    comentario: Mapped[str] = mapped_column(Text, default="")
    momento: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    estado: Mapped[EstadoDeCaso] = relationship(back_populates="votos")


class Firma(Base):
    __tablename__ = "firmas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    estado_id: Mapped[int] = mapped_column(ForeignKey("estados_de_caso.id", ondelete="CASCADE"), index=True)
    # La ronda de revisión del PDF firmado: si el caso cambia, las firmas de rondas anteriores ya no cuentan.
    ronda: Mapped[int] = mapped_column(Integer, default=1)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    momento: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    campo: Mapped[str] = mapped_column(String(80))
    titular: Mapped[str] = mapped_column(Text, default="")
    rfc: Mapped[str] = mapped_column(String(20), default="")
    serie_certificado: Mapped[str] = mapped_column(String(80), default="")
    sha256_pdf: Mapped[str] = mapped_column(String(64))

    estado: Mapped[EstadoDeCaso] = relationship(back_populates="firmas")


class Candado(Base):
    __tablename__ = "candados"

    caso: Mapped[str] = mapped_column(String(200), primary_key=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    adquirido_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expira_en: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
