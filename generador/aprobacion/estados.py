"""Dónde va cada caso ante el Comité: borrador → en revisión → aprobada → firmada.

Por qué así:

* **La identidad del caso es el nombre de su archivo** en la carpeta de casos: es lo único
  que comparten la página, la terminal y el disco.
* **Todo cambio de estado es una transacción de la base** que bloquea la fila del caso
  (``SELECT … FOR UPDATE`` en PostgreSQL; en SQLite la transacción ya empieza con
  ``BEGIN IMMEDIATE``), comprueba el estado y el permiso, cambia la fila y anota la
  bitácora, todo junto: dos procesos del servidor que votan o aprueban a la vez se turnan, y
  nunca queda un cambio sin su entrada ni una entrada sin su cambio. Nada vive en la memoria
  de un proceso.
* **Quien actúa** es cualquier objeto con ``id``, ``nombre_usuario``, ``nombre``, ``rol`` y
  ``local`` (el ``UsuarioActual`` de la página, o ``Actor`` aquí). El permiso lo decide la
  tabla de ``cuentas.roles``; en el modo de una sola persona (``local``) todo está
  permitido, para que una persona pueda llevar el caso sola de punta a punta.
* **Las rondas.** Devolver un caso o cambiar uno aprobado abre una ronda nueva: los votos y
  las firmas de las anteriores quedan en la base y en la bitácora, pero ya no cuentan.
* **Aprobar** exige mayoría de los integrantes activos a favor en la ronda actual (en el
  modo de una sola persona, el voto a favor de esa persona) y guarda el nombre y la fecha de
  la sesión del Comité y el SHA-256 del expediente aprobado (``congelado.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..cuentas.roles import puede
from ..errores import ErrorDeUsuario
from ..registro.modelos import EntradaDeBitacora, EstadoDeCaso, Firma, Usuario, Voto
from .bitacora import anotar

ESTADOS = ("borrador", "en_revision", "aprobada", "firmada")
NOMBRES_DE_ESTADO = {"borrador": "Borrador", "en_revision": "En revisión del Comité", "aprobada": "Aprobada",
                     "firmada": "Firmada"}
SENTIDOS = ("a_favor", "en_contra", "abstencion")
NOMBRES_DE_SENTIDO = {"a_favor": "A favor", "en_contra": "En contra", "abstencion": "Abstención"}
_NOMBRE_LOCAL = "Usuario local"


@dataclass(frozen=True)
class Actor:
    """Quien actúa, fuera de la página (la terminal, las pruebas)."""

    id: int | None
    nombre_usuario: str
    nombre: str = ""
    rol: str = "administrador"
    local: bool = False


LOCAL = Actor(None, "local", _NOMBRE_LOCAL, "administrador", True)


def permitido(quien, permiso: str) -> bool:
    """Si ``quien`` tiene ``permiso`` (en el modo de una sola persona, todos)."""
    return bool(getattr(quien, "local", False)) or puede(getattr(quien, "rol", ""), permiso)


def estado_de(motor: Engine, caso: str) -> dict:
    """El estado de un caso, con sus votos y firmas (los de rondas anteriores marcados)."""
    with Session(motor) as s:
        fila = s.scalar(select(EstadoDeCaso).where(EstadoDeCaso.caso == caso))
        if fila is None:
            return _como_dict(None, caso, {})
        ids = {v.usuario_id for v in fila.votos} | {f.usuario_id for f in fila.firmas}
        nombres = {u.id: u for u in s.scalars(select(Usuario).where(Usuario.id.in_(ids - {None})))} if ids else {}
        return _como_dict(fila, caso, nombres)


def enviar_a_revision(motor: Engine, caso: str, quien, *, comentario: str = "") -> dict:
    """Borrador → en revisión: el Comité puede empezar a votar."""
    def hacer(s: Session, fila: EstadoDeCaso) -> dict:
        _exigir(quien, "enviar_a_revision", "enviar el caso a revisión del Comité")
        _exigir_estado(fila, ("borrador",), "enviar a revisión")
        fila.estado = "en_revision"
        return {"ronda": fila.ronda, "comentario": _texto(comentario, 2000)}
    return _transicion(motor, caso, quien, "enviar_a_revision", hacer)


def votar(motor: Engine, caso: str, quien, sentido: str, comentario: str = "", *, sha256: str | None = None) -> dict:
    """El voto de un integrante en la ronda actual (si ya votó en ella, lo cambia).
    ``sha256``: el del expediente que se vota (la página lo da); queda en la bitácora y al
    aprobar solo cuentan los votos sobre el expediente que se aprueba."""
    if sentido not in SENTIDOS:
        raise ErrorDeUsuario(f"sentido del voto desconocido «{sentido}»: elija a favor, en contra o abstención")

    def hacer(s: Session, fila: EstadoDeCaso) -> dict:
        _exigir(quien, "votar", "votar")
        _exigir_estado(fila, ("en_revision",), "votar")
        ahora = _ahora()
        propio = next((v for v in fila.votos if v.ronda == fila.ronda and v.usuario_id == quien.id), None)
        anterior = propio.sentido if propio else None
        if propio is None:
            propio = Voto(ronda=fila.ronda, usuario_id=quien.id, sentido=sentido, comentario="", momento=ahora)
            fila.votos.append(propio)
        propio.sentido, propio.comentario, propio.momento = sentido, _texto(comentario, 2000), ahora
        detalle = {"ronda": fila.ronda, "sentido": sentido, "comentario": propio.comentario}
        if sha256:
            detalle["sha256"] = sha256
        if anterior:
            detalle["cambia"] = anterior
        return detalle
    return _transicion(motor, caso, quien, "votar", hacer)


def aprobar(motor: Engine, caso: str, quien, sesion: str, fecha_sesion, *, sha256: str) -> dict:
    """En revisión → aprobada, con la sesión del Comité: exige la mayoría a favor.

    ``sha256`` es el del expediente (el YAML) que se aprueba: desde ahora está congelado."""
    sesion = _texto(sesion, 300)
    if not sesion:
        raise ErrorDeUsuario("escriba el nombre de la sesión del Comité que aprueba (p. ej. «Décima sesión "
                             "ordinaria 2026»)")
    fecha = _fecha(fecha_sesion)

    def hacer(s: Session, fila: EstadoDeCaso) -> dict:
        _exigir(quien, "aprobar", "registrar la sesión y aprobar")
        _exigir_estado(fila, ("en_revision",), "aprobar")
        a_favor, necesarios, total = _mayoria(s, fila, quien, sha256)
        if a_favor < necesarios:
            quienes = "su voto a favor" if total is None else (
                f"{necesarios} votos a favor de {total} integrantes activos (mayoría)")
            otra = _mayoria(s, fila, quien, None)[0] - a_favor
            raise ErrorDeUsuario(f"no se puede aprobar: hacen falta {quienes} en la ronda {fila.ronda}, y hay "
                                 f"{a_favor}" + (f" (el caso cambió después de {otra} voto(s) a favor: se vota y se "
                                                 "aprueba la misma versión; hay que votar de nuevo)" if otra > 0 else ""))
        fila.estado, fila.sesion, fila.fecha_sesion, fila.sha256_aprobado = "aprobada", sesion, fecha, sha256
        return {"ronda": fila.ronda, "sesion": sesion, "fecha_sesion": fecha.isoformat(), "sha256": sha256,
                "a_favor": a_favor, "integrantes": total}
    return _transicion(motor, caso, quien, "aprobar", hacer)


def devolver(motor: Engine, caso: str, quien, motivo: str) -> dict:
    """En revisión o aprobada (sin firmas) → borrador, con el motivo; abre una ronda nueva."""
    motivo = _texto(motivo, 2000)
    if not motivo:
        raise ErrorDeUsuario("diga por qué se devuelve el caso: quien lo redacta lo leerá")

    def hacer(s: Session, fila: EstadoDeCaso) -> dict:
        _exigir(quien, "aprobar", "devolver el caso a borrador")  # lo decide el Comité, como aprobar
        _exigir_estado(fila, ("en_revision", "aprobada"), "devolver a borrador")
        de = fila.estado
        fila.estado, fila.ronda, fila.sesion, fila.fecha_sesion, fila.sha256_aprobado = (
            "borrador", fila.ronda + 1, "", None, None)
        return {"de": de, "motivo": motivo, "ronda": fila.ronda}
    return _transicion(motor, caso, quien, "devolver", hacer)


def registrar_firma(s: Session, fila: EstadoDeCaso, quien, *, campo: str, titular: str, rfc: str, serie: str,
                    sha256_pdf: str) -> dict:
    """Anota una firma puesta en el PDF (dentro de la transacción de ``firmado.py``, que ya
    bloqueó la fila y escribió el PDF): aprobada → firmada."""
    _exigir(quien, "firmar", "firmar")
    _exigir_estado(fila, ("aprobada", "firmada"), "firmar")
    vigentes = [f for f in fila.firmas if f.ronda == fila.ronda]
    if any(f.serie_certificado == serie for f in vigentes):
        raise ErrorDeUsuario("ese certificado ya firmó este PDF")
    if not getattr(quien, "local", False) and any(f.usuario_id == quien.id for f in vigentes):
        raise ErrorDeUsuario("usted ya firmó este PDF")
    fila.firmas.append(Firma(ronda=fila.ronda, usuario_id=quien.id, momento=_ahora(), campo=campo,
                             titular=titular, rfc=rfc, serie_certificado=serie, sha256_pdf=sha256_pdf))
    fila.estado = "firmada"
    _tocar(fila, quien)
    detalle = {"ronda": fila.ronda, "campo": campo, "titular": titular, "rfc": rfc, "serie": serie,
               "sha256_pdf": sha256_pdf, "firmas": len(vigentes) + 1}
    anotar(s, usuario_id=quien.id, usuario=quien.nombre_usuario, accion="firmar", caso=fila.caso, detalle=detalle)
    return detalle


def fila_bloqueada(s: Session, caso: str, *, crear: bool = True) -> EstadoDeCaso | None:
    """La fila del caso, bloqueada hasta el fin de la transacción (la crea en borrador)."""
    fila = s.scalar(select(EstadoDeCaso).where(EstadoDeCaso.caso == caso).with_for_update())
    if fila is None and crear:
        fila = EstadoDeCaso(caso=caso, estado="borrador", ronda=1, sesion="", actualizado_en=_ahora())
        s.add(fila)
        s.flush()
    return fila


def en_transaccion(motor: Engine, trabajo):
    """Corre ``trabajo(sesion)`` en una transacción; si dos procesos crearon a la vez la
    fila de un caso nuevo (PostgreSQL), la segunda vez ya la encuentra."""
    for intento in range(3):
        try:
            with Session(motor) as s, s.begin():
                return trabajo(s)
        except IntegrityError:
            if intento == 2:
                raise
    raise AssertionError("inalcanzable")


def _transicion(motor: Engine, caso: str, quien, accion: str, hacer) -> dict:
    def trabajo(s: Session) -> dict:
        fila = fila_bloqueada(s, caso)
        detalle = {"de": fila.estado, **hacer(s, fila)}
        detalle["a"] = fila.estado
        _tocar(fila, quien)
        anotar(s, usuario_id=quien.id, usuario=quien.nombre_usuario, accion=accion, caso=caso, detalle=detalle)
        return detalle
    return en_transaccion(motor, trabajo)


def _mayoria(s: Session, fila: EstadoDeCaso, quien, sha256: str | None) -> tuple[int, int, int | None]:
    """(votos a favor que cuentan, los necesarios, integrantes activos o None en el modo local).
    Un voto dado sobre otra versión del expediente (cambió en revisión, después de votar) no
    cuenta: se aprueba lo que se votó. Con ``sha256=None``, cualquier versión (para el aviso)."""
    sobre = _expediente_votado(s, fila) if sha256 is not None else {}
    actuales = [v for v in fila.votos if v.ronda == fila.ronda and sobre.get(v.usuario_id) in (None, sha256)]
    if getattr(quien, "local", False):
        return sum(1 for v in actuales if v.usuario_id is None and v.sentido == "a_favor"), 1, None
    activos = set(s.scalars(select(Usuario.id).where(Usuario.activo.is_(True), Usuario.rol == "integrante")))
    a_favor = sum(1 for v in actuales if v.usuario_id in activos and v.sentido == "a_favor")
    return a_favor, len(activos) // 2 + 1, len(activos)


def _expediente_votado(s: Session, fila: EstadoDeCaso) -> dict:
    """usuario_id → SHA-256 del expediente de su último voto en la ronda actual (la bitácora
    lo guarda; None si el voto no lo dijo, p. ej. desde código)."""
    sobre: dict = {}
    for usuario_id, detalle in s.execute(select(EntradaDeBitacora.usuario_id, EntradaDeBitacora.detalle).where(
            EntradaDeBitacora.caso == fila.caso, EntradaDeBitacora.accion == "votar").order_by(EntradaDeBitacora.id)):
        if (detalle or {}).get("ronda") == fila.ronda:
            sobre[usuario_id] = (detalle or {}).get("sha256")
    return sobre


def _exigir(quien, permiso: str, que: str) -> None:
    if not permitido(quien, permiso):
        raise ErrorDeUsuario(_sin_permiso(quien, que))


def _sin_permiso(quien, que: str) -> str:
    return f"su cuenta ({getattr(quien, 'rol', '') or 'sin rol'}) no tiene permiso para {que}"


def _exigir_estado(fila: EstadoDeCaso, permitidos: tuple[str, ...], que: str) -> None:
    if fila.estado not in permitidos:
        donde = " o ".join(NOMBRES_DE_ESTADO[e].lower() for e in permitidos)
        raise ErrorDeUsuario(f"no se puede {que}: el caso está «{NOMBRES_DE_ESTADO.get(fila.estado, fila.estado)}» "
                             f"y debe estar {donde}")


def _tocar(fila: EstadoDeCaso, quien) -> None:
    fila.actualizado_en, fila.actualizado_por = _ahora(), quien.id


def _ahora() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _texto(valor, maximo: int) -> str:
    return str(valor or "").strip()[:maximo]


def _fecha(valor) -> dt.date:
    if isinstance(valor, dt.date):
        return valor
    try:
        fecha = dt.date.fromisoformat(str(valor or "").strip()[:10])
    except ValueError:
        raise ErrorDeUsuario("la fecha de la sesión del Comité no es válida (AAAA-MM-DD)") from None
    if fecha > dt.date.today() + dt.timedelta(days=1):
        raise ErrorDeUsuario("la fecha de la sesión del Comité es futura: se aprueba en la sesión, no antes")
    return fecha


def _como_dict(fila: EstadoDeCaso | None, caso: str, usuarios: dict) -> dict:
    if fila is None:
        return {"caso": caso, "estado": "borrador", "nombre_estado": NOMBRES_DE_ESTADO["borrador"], "ronda": 1,
                "sesion": "", "fecha_sesion": None, "sha256_aprobado": None, "votos": [], "firmas": [],
                "a_favor": 0}

    def quien(usuario_id):
        u = usuarios.get(usuario_id)
        return (u.nombre or u.nombre_usuario, u.nombre_usuario) if u else (_NOMBRE_LOCAL, "local")

    votos = [{"ronda": v.ronda, "cuenta": v.ronda == fila.ronda, "nombre": quien(v.usuario_id)[0],
              "usuario": quien(v.usuario_id)[1], "usuario_id": v.usuario_id, "sentido": v.sentido,
              "nombre_sentido": NOMBRES_DE_SENTIDO.get(v.sentido, v.sentido), "comentario": v.comentario,
              "momento": v.momento.isoformat()[:16]} for v in fila.votos]
    firmas = [{"ronda": f.ronda, "cuenta": f.ronda == fila.ronda, "nombre": quien(f.usuario_id)[0],
               "usuario_id": f.usuario_id, "titular": f.titular, "rfc": f.rfc, "serie": f.serie_certificado,
               "campo": f.campo, "sha256_pdf": f.sha256_pdf, "momento": f.momento.isoformat()[:16]}
              for f in fila.firmas]
    return {"caso": caso, "estado": fila.estado, "nombre_estado": NOMBRES_DE_ESTADO.get(fila.estado, fila.estado),
            "ronda": fila.ronda, "sesion": fila.sesion, "fecha_sesion": fila.fecha_sesion,
            "sha256_aprobado": fila.sha256_aprobado, "votos": votos, "firmas": firmas,
            "a_favor": sum(1 for v in votos if v["cuenta"] and v["sentido"] == "a_favor")}


def estados_de_casos(motor: Engine, casos: list[str]) -> dict[str, str]:
    """El estado de cada caso que tiene uno (para la lista de casos), en una consulta."""
    if not casos:
        return {}
    with Session(motor) as s:
        return dict(s.execute(select(EstadoDeCaso.caso, EstadoDeCaso.estado).where(EstadoDeCaso.caso.in_(casos))).all())
