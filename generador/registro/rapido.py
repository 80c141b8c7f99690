"""Registrar en SQLite sin SQLAlchemy: el camino de ``generar``, que así no paga su arranque.

Solo cuando la base ya existe y está en la última revisión (``versiones.CABEZA``); si no,
devuelve None y quien llama usa ``escritura.registrar`` (que migra). Hace lo mismo que
``escritura._registrar`` —el mismo *upsert* en una transacción ``BEGIN IMMEDIATE``— y guarda
los valores como los guarda SQLAlchemy en SQLite (fechas AAAA-MM-DD, JSON en texto, 0/1):
``tests/test_registro.py`` comprueba que los dos caminos dejan filas idénticas.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..errores import ErrorDeUsuario
from .versiones import CABEZA

_RESOLUCION = ("clave", "oficio", "institucion", "tipo", "fecha", "asunto", "fecha_sesion", "folios", "expediente",
               "sha256_documento", "sha256_expediente", "version_herramienta", "formato", "archivo", "origen")
_CLASIFICACION = ("tipo", "parcial", "area", "documento", "tema", "fundamentos", "fundamento_legal", "motivacion",
                  "partes", "fecha_clasificacion", "fecha_acta", "anios", "inicio", "fin", "fin_calculado")


def _valor(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v)
    return v


def registrar_sqlite(ruta: str, datos: dict[str, Any]) -> tuple[int, bool] | None:
    """Registra en el archivo ``ruta``; None si la base no existe o no está al día."""
    if not Path(ruta).is_file():
        return None
    try:
        return _registrar(ruta, datos)
    except sqlite3.Error as exc:
        raise ErrorDeUsuario(f"registro sqlite:///{ruta}: no se pudo usar la base de datos ({exc})") from None


def _registrar(ruta: str, datos: dict[str, Any]) -> tuple[int, bool] | None:
    conexion = sqlite3.connect(ruta, timeout=30, isolation_level=None)
    try:
        conexion.execute("PRAGMA foreign_keys = ON")
        conexion.execute("BEGIN IMMEDIATE")
        try:
            version = conexion.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            version = None
        if version is None or version[0] != CABEZA:
            conexion.execute("ROLLBACK")
            return None
        momento = dt.datetime.now(dt.timezone.utc)
        columnas = (*_RESOLUCION, "creada_en", "actualizada_en", "generaciones")
        valores = [_valor(datos.get(c)) for c in _RESOLUCION] + [_valor(momento), _valor(momento), 1]
        cambios = ", ".join(f"{c} = excluded.{c}" for c in _RESOLUCION[1:] + ("actualizada_en",))
        id_, generaciones = conexion.execute(
            f"INSERT INTO resoluciones ({', '.join(columnas)}) VALUES ({', '.join('?' * len(columnas))}) "
            f"ON CONFLICT (clave) DO UPDATE SET {cambios}, generaciones = resoluciones.generaciones + 1 "
            "RETURNING id, generaciones", valores).fetchone()
        clasificaciones = datos.get("clasificaciones", [])
        for c in clasificaciones:
            fila = {k: c.get(k) for k in _CLASIFICACION}
            fila.update(parcial=bool(fila["parcial"]), fin_calculado=bool(fila["fin_calculado"]),
                        fundamentos=fila["fundamentos"] or [])
            for campo in ("tema", "fundamento_legal", "motivacion", "partes"):
                fila[campo] = fila[campo] or ""
            extra = tuple(k for k in ("desclasificada_el", "motivo_desclasificacion") if c.get(k))
            fila.update({k: c[k] for k in extra})
            nombres = ("resolucion_id", "posicion", *fila)
            conexion.execute(
                f"INSERT INTO clasificaciones ({', '.join(nombres)}) VALUES ({', '.join('?' * len(nombres))}) "
                "ON CONFLICT (resolucion_id, posicion) DO UPDATE SET "
                + ", ".join(f"{k} = excluded.{k}" for k in fila),
                [id_, c["posicion"], *(_valor(v) for v in fila.values())])
        conexion.execute(
            "DELETE FROM clasificaciones WHERE resolucion_id = ? AND posicion >= ? AND desclasificada_el IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM prorrogas WHERE prorrogas.clasificacion_id = clasificaciones.id)",
            (id_, len(clasificaciones)))
        conexion.execute("COMMIT")
        return id_, generaciones == 1
    except BaseException:
        if conexion.in_transaction:
            conexion.execute("ROLLBACK")
        raise
    finally:
        conexion.close()
