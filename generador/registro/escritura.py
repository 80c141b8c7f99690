"""Escribir en el registro: registrar una resolución, desclasificar, prorrogar.

Cada operación es una transacción. ``registrar`` hace un *upsert* por la clave única
(``INSERT … ON CONFLICT DO UPDATE``, igual en SQLite y en PostgreSQL): dos escritores que
registran el mismo oficio a la vez dejan una sola fila, con los datos del último, y nunca
pierden otra resolución. Volver a generar actualiza la resolución y sus clasificaciones
(por posición) y conserva lo que se registró después contra ellas: la desclasificación y
las prórrogas.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..expediente.secciones import sumar_anios
from .conexion import error_de_base
from .modelos import Clasificacion, Prorroga, Resolucion
from .resumen import ahora, clave_de

_CAMPOS_CLASIFICACION = ("tipo", "parcial", "area", "documento", "tema", "fundamentos", "fundamento_legal",
                         "motivacion", "partes", "fecha_clasificacion", "fecha_acta", "anios", "inicio", "fin",
                         "fin_calculado")


def _insertar(m: Engine, tabla):
    return (postgresql.insert if m.dialect.name == "postgresql" else sqlite.insert)(tabla)


def registrar(m: Engine, datos: dict[str, Any]) -> tuple[int, bool]:
    """Registra (o actualiza) una resolución. Devuelve (id, si es nueva)."""
    try:
        with Session(m) as sesion, sesion.begin():
            return _registrar(m, sesion, datos)
    except SQLAlchemyError as exc:
        raise error_de_base(m.url.render_as_string(hide_password=True), exc) from None


def registrar_varios(m: Engine, lista: list[dict[str, Any]]) -> list[tuple[int, bool]]:
    """Registra varias resoluciones en una sola transacción (la importación): todas o ninguna."""
    try:
        with Session(m) as sesion, sesion.begin():
            return [_registrar(m, sesion, datos) for datos in lista]
    except SQLAlchemyError as exc:
        raise error_de_base(m.url.render_as_string(hide_password=True), exc) from None


def _registrar(m: Engine, sesion: Session, datos: dict[str, Any]) -> tuple[int, bool]:
    momento = ahora()
    fila = {k: v for k, v in datos.items() if k != "clasificaciones"}
    fila.update(creada_en=momento, actualizada_en=momento, generaciones=1)
    insercion = _insertar(m, Resolucion).values(**fila)
    cambios = {k: insercion.excluded[k] for k in fila if k not in ("clave", "creada_en", "generaciones")}
    cambios["generaciones"] = Resolucion.generaciones + 1
    consulta = insercion.on_conflict_do_update(index_elements=["clave"], set_=cambios).returning(
        Resolucion.id, Resolucion.generaciones)
    id_, generaciones = sesion.execute(consulta).one()
    clasificaciones = datos.get("clasificaciones", [])
    for c in clasificaciones:
        # Lo importado de un índice anterior puede traer ya su desclasificación.
        campos = _CAMPOS_CLASIFICACION + tuple(k for k in ("desclasificada_el", "motivo_desclasificacion") if c.get(k))
        valores = {"resolucion_id": id_, "posicion": c["posicion"], **{k: c.get(k) for k in campos}}
        valores["parcial"] = bool(valores["parcial"])
        valores["fin_calculado"] = bool(valores["fin_calculado"])
        valores["fundamentos"] = valores["fundamentos"] or []
        for campo in ("tema", "fundamento_legal", "motivacion", "partes"):
            valores[campo] = valores[campo] or ""
        insercion_c = _insertar(m, Clasificacion).values(**valores)
        sesion.execute(insercion_c.on_conflict_do_update(
            index_elements=["resolucion_id", "posicion"],
            set_={k: insercion_c.excluded[k] for k in campos}))
    # Las que ya no están en el expediente se quitan, salvo las que tienen historia
    # (desclasificación o prórroga): esas nunca se borran.
    sobrantes = sesion.scalars(select(Clasificacion).where(
        Clasificacion.resolucion_id == id_, Clasificacion.posicion >= len(clasificaciones))).all()
    for c in sobrantes:
        if c.desclasificada_el is None and not c.prorrogas:
            sesion.execute(delete(Clasificacion).where(Clasificacion.id == c.id))
    return id_, generaciones == 1


def _reservas_de(sesion: Session, oficio: str, posicion: int | None) -> list[Clasificacion]:
    resolucion = sesion.scalar(select(Resolucion).where(Resolucion.clave == clave_de(oficio)))
    if resolucion is None:
        raise ErrorDeUsuario(f"el oficio «{oficio}» no está en el registro (vea «resoluciones registro listar»)")
    reservas = [c for c in resolucion.clasificaciones if c.tipo == "reservada"]
    if not reservas:
        raise ErrorDeUsuario(f"la resolución {resolucion.oficio} no tiene clasificaciones reservadas")
    if posicion is None:
        return reservas
    elegidas = [c for c in reservas if c.posicion == posicion - 1]
    if not elegidas:
        disponibles = ", ".join(str(c.posicion + 1) for c in reservas)
        raise ErrorDeUsuario(f"--clasificacion {posicion}: la resolución {resolucion.oficio} no tiene una reserva "
                             f"en esa posición (reservadas: {disponibles})")
    return elegidas


def desclasificar(m: Engine, oficio: str, fecha: dt.date, motivo: str, posicion: int | None = None) -> list[dict]:
    """Marca como desclasificadas las reservas del oficio (o la de ``posicion``, desde 1).
    No borra nada: el índice la sigue mostrando con el estado «desclasificada»."""
    try:
        with Session(m) as sesion, sesion.begin():
            reservas = _reservas_de(sesion, oficio, posicion)
            for c in reservas:
                if c.inicio and fecha < c.inicio:
                    raise ErrorDeUsuario(f"--fecha {fecha}: es anterior al inicio de la reserva ({c.inicio})")
                c.desclasificada_el, c.motivo_desclasificacion = fecha, motivo
            return [{"posicion": c.posicion + 1, "documento": c.documento} for c in reservas]
    except SQLAlchemyError as exc:
        raise error_de_base(m.url.render_as_string(hide_password=True), exc) from None


# Las causales del art. 112 en que cabe una nueva ampliación por la autoridad garante (art. 104,
# párrafo cuarto); ver ``_revisar_prorroga``.
CAUSALES_DE_LA_GARANTE = frozenset({"lgtaip2025.112.I", "lgtaip2025.112.IV", "lgtaip2025.112.XVI"})


def prorrogar(m: Engine, oficio: str, *, resolucion: str, fecha: dt.date, hasta: dt.date | None,
              anios: int | None, motivo: str, posicion: int | None = None, por_garante: bool = False) -> list[dict]:
    """Registra la ampliación del periodo de reserva contra la reserva original. Repetirla con
    el mismo oficio de ampliación la actualiza, no la duplica.

    Art. 104 de la Ley General de 2025: el Comité aprueba **una** ampliación «hasta por un plazo
    de cinco años adicionales» (párrafo tercero), mientras la reserva sigue vigente (al vencer,
    «serán públicos», fr. II); ampliarla **nuevamente** solo procede por solicitud a la
    autoridad garante, en los casos del párrafo cuarto (``por_garante``). El índice que se
    publica muestra estas fechas: una prórroga que la ley no admite no se registra."""
    if (hasta is None) == (anios is None):
        raise ErrorDeUsuario("prórroga: indique la nueva fecha de fin (--hasta) o los años (--anios), solo uno")
    if anios is not None and not 1 <= anios <= 5:
        raise ErrorDeUsuario("--anios: la ampliación es de 1 a 5 años")
    try:
        with Session(m) as sesion, sesion.begin():
            reservas = _reservas_de(sesion, oficio, posicion)
            hechas = []
            for c in reservas:
                if c.desclasificada_el is not None:
                    raise ErrorDeUsuario(f"la reserva {c.posicion + 1} de {oficio} ya se desclasificó el "
                                         f"{c.desclasificada_el}; no se puede prorrogar")
                otras = [p for p in c.prorrogas if p.oficio != resolucion]
                base = max([c.fin, *(p.hasta for p in otras)], key=lambda d: d or dt.date.min)
                fin = hasta or sumar_anios(base or fecha, anios)
                if base and fin <= base:
                    raise ErrorDeUsuario(f"--hasta {fin}: la prórroga debe terminar después del fin actual ({base})")
                _revisar_prorroga(oficio, c, otras, base, fecha, fin, por_garante)
                insercion = _insertar(m, Prorroga).values(clasificacion_id=c.id, oficio=resolucion, fecha=fecha,
                                                          anios=anios, hasta=fin, motivo=motivo, registrada_en=ahora())
                sesion.execute(insercion.on_conflict_do_update(
                    index_elements=["clasificacion_id", "oficio"],
                    set_={k: insercion.excluded[k] for k in ("fecha", "anios", "hasta", "motivo")}))
                hechas.append({"posicion": c.posicion + 1, "documento": c.documento, "hasta": fin})
            return hechas
    except SQLAlchemyError as exc:
        raise error_de_base(m.url.render_as_string(hide_password=True), exc) from None


def _revisar_prorroga(oficio: str, c, otras: list, base: dt.date | None, fecha: dt.date, fin: dt.date,
                      por_garante: bool) -> None:
    """Lo que el art. 104 admite (ver ``prorrogar``); cada regla con su texto."""
    cual = f"la reserva {c.posicion + 1} de {oficio}"
    if c.inicio is not None and fecha < c.inicio:
        raise ErrorDeUsuario(f"--fecha {fecha}: es anterior a la clasificación de {cual} ({c.inicio}); la ampliación "
                             "se aprueba después de clasificar")
    if base is not None and fecha > base:
        raise ErrorDeUsuario(f"--fecha {fecha}: {cual} venció el {base}; al expirar el plazo de clasificación la "
                             "información es pública (Ley General de 2025, art. 104, fracción II) y ya no se puede "
                             "ampliar")
    if otras and not por_garante:
        previa = max(otras, key=lambda p: p.hasta or dt.date.min)
        raise ErrorDeUsuario(
            f"{cual} ya se amplió con {previa.oficio} (hasta el {previa.hasta}): el Comité aprueba una sola ampliación "
            "«hasta por un plazo de cinco años adicionales» (art. 104, párrafo tercero); ampliarla nuevamente solo "
            "procede por solicitud a la autoridad garante cuando se trate de infraestructura de carácter estratégico "
            "o de la fracción IV del artículo 112 (párrafo cuarto). Si la autoridad garante la aprobó, repita la "
            "orden con --autoridad-garante")
    if otras and por_garante:
        # Párrafo cuarto: la autoridad garante amplía de nuevo solo la información cuya publicación
        # pueda destruir o inhabilitar infraestructura de carácter estratégico (seguridad nacional,
        # fr. I; instalaciones e infraestructuras estratégicas, fr. XVI) o la de la fracción IV.
        causales = {f for f in (c.fundamentos or []) if isinstance(f, str) and f.startswith("lgtaip2025.112.")}
        if causales and not causales & CAUSALES_DE_LA_GARANTE:
            raise ErrorDeUsuario(
                f"{cual} se funda en {', '.join(sorted(causales))}: la autoridad garante amplía nuevamente una reserva "
                "solo cuando su publicación «pueda ocasionar la destrucción o inhabilitación de la infraestructura de "
                "carácter estratégico» o se refiera a «las circunstancias expuestas en la fracción IV del artículo "
                "112» (art. 104, párrafo cuarto); no se registra")
    if not otras and c.fin is not None and fin > sumar_anios(c.fin, 5):
        raise ErrorDeUsuario(f"--hasta {fin}: pasa de cinco años después del fin original de {cual} ({c.fin}; a lo "
                             f"más el {sumar_anios(c.fin, 5)}): la ampliación es «hasta por un plazo de cinco años "
                             "adicionales» (art. 104, párrafo tercero)")


