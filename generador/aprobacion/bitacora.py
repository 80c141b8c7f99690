"""La bitácora: lo que pasó en el servidor de la unidad (quién, cuándo, qué caso, qué cambió).

Por qué así:

* **Solo se añaden filas.** No hay función para cambiar ni borrar una entrada, y ninguna
  ruta de la página la edita: lo que se anotó queda (issue 20, «nunca editable desde la
  página»).
* **Encadenada.** Cada fila lleva ``huella`` = SHA-256 de la huella de la fila anterior más
  el JSON canónico de la propia (momento en UTC, usuario, acción, caso, detalle). Quien
  cambie una fila a mano con SQL rompe la cadena desde esa fila, y ``verificar_cadena`` lo
  dice. Borrar las últimas filas no rompe nada de lo que queda: por eso ``--verificar``
  muestra la huella de la última entrada, para anotarla fuera del servidor, y
  ``--ancla HUELLA`` comprueba después que sigue ahí.
* **Un escritor a la vez.** Dos procesos que anotan a la vez leerían la misma «anterior» y
  bifurcarían la cadena; por eso la entrada se escribe bajo un candado de la transacción:
  ``pg_advisory_xact_lock`` en PostgreSQL, y en SQLite la transacción ya empieza con
  ``BEGIN IMMEDIATE`` (``registro/conexion.py``), que toma el candado de escritura al empezar.
  El candado se suelta con la transacción del que llama: la entrada y lo que la causó
  (un voto, una aprobación) se confirman juntas o no se confirman.
* **El diff de un guardado** es el ``difflib.unified_diff`` del YAML antes y después,
  recortado a ``LIMITE_DIFF`` caracteres (un caso enorme no llena la base).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..registro.modelos import EntradaDeBitacora

ACCIONES = ("entrar", "salir", "entrada_fallida", "usuario_creado", "usuario_desactivado", "contrasena_cambiada",
            "rfc_cambiado",
            "caso_creado", "guardar", "generar", "descargar", "enviar_a_revision", "votar", "aprobar",
            "devolver", "firmar", "verificar")

NOMBRES_DE_ACCION = {
    "entrar": "Entró", "salir": "Salió", "entrada_fallida": "Intento de entrada fallido",
    "usuario_creado": "Cuenta creada", "usuario_desactivado": "Cuenta desactivada",
    "contrasena_cambiada": "Contraseña cambiada", "rfc_cambiado": "RFC de la cuenta cambiado",
    "caso_creado": "Caso creado", "guardar": "Guardó",
    "generar": "Generó", "descargar": "Descargó", "enviar_a_revision": "Envió a revisión", "votar": "Votó",
    "aprobar": "Aprobó en sesión", "devolver": "Devolvió a borrador", "firmar": "Firmó", "verificar": "Verificó",
}

LIMITE_DIFF = 20_000
_CANDADO_PG = 160_420  # número del candado consultivo de PostgreSQL para la cadena
_INICIO = "0" * 64     # la «huella anterior» de la primera fila


def anotar(sesion_orm: Session, *, usuario_id: int | None, usuario: str, accion: str, caso: str | None = None,
           detalle: dict | None = None) -> EntradaDeBitacora:
    """Añade una entrada dentro de la transacción de quien llama (que la confirma)."""
    if accion not in ACCIONES:
        raise ValueError(f"acción de bitácora desconocida: {accion!r}")
    limpio = json.loads(json.dumps(detalle or {}, ensure_ascii=False, default=str))
    if sesion_orm.get_bind().dialect.name == "postgresql":
        sesion_orm.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": _CANDADO_PG})
    anterior = sesion_orm.execute(
        select(EntradaDeBitacora.huella).order_by(EntradaDeBitacora.id.desc()).limit(1)).scalar()
    entrada = EntradaDeBitacora(momento=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
                                usuario_id=usuario_id, usuario=(usuario or "")[:80], accion=accion,
                                caso=caso, detalle=limpio)
    entrada.huella = _huella(anterior or _INICIO, entrada)
    sesion_orm.add(entrada)
    sesion_orm.flush()
    return entrada


def anotar_en(motor: Engine, **datos) -> None:
    """Lo mismo que ``anotar``, en su propia transacción."""
    with Session(motor) as s, s.begin():
        anotar(s, **datos)


def de_caso(motor: Engine, caso: str, *, limite: int | None = None) -> list[dict]:
    """Las entradas de un caso, de la más antigua a la más nueva (con ``limite``, solo las
    ``limite`` más nuevas)."""
    consulta = select(EntradaDeBitacora).where(EntradaDeBitacora.caso == caso).order_by(EntradaDeBitacora.id.desc())
    if limite is not None:
        consulta = consulta.limit(limite)
    with Session(motor) as s:
        return [_como_dict(f) for f in reversed(s.scalars(consulta).all())]


def verificar_cadena(motor: Engine, ancla: str | None = None) -> list[str]:
    """Los problemas de la cadena, en español ([] si está intacta).

    La cadena sola no nota que se borraron las **últimas** entradas (lo que queda sigue
    encadenado). Para eso está ``ancla``: la huella de una entrada anotada antes fuera del
    servidor (``ultima``); si ya no está en la bitácora, se borró o se cambió desde ahí."""
    problemas = []
    anterior = _INICIO
    ancla = ancla.strip().lower() if ancla else None
    hallada = False
    with Session(motor) as s:
        for fila in s.scalars(select(EntradaDeBitacora).order_by(EntradaDeBitacora.id)).yield_per(500):
            hallada = hallada or (ancla is not None and fila.huella == ancla)
            if fila.accion not in ACCIONES:
                problemas.append(f"entrada {fila.id}: acción desconocida «{fila.accion}»")
            esperada = _huella(anterior, fila)
            if fila.huella != esperada:
                problemas.append(f"entrada {fila.id} ({fila.accion}, {_momento(fila.momento)}): su huella no "
                                 "corresponde a su contenido ni a la entrada anterior; la fila se cambió fuera "
                                 "del programa o falta una entrada anterior")
            anterior = fila.huella
    if ancla is not None and not hallada:
        problemas.append(f"ninguna entrada tiene la huella {ancla}, que se anotó antes: se borraron entradas "
                         "(al menos esa y las que la seguían) o se cambiaron fuera del programa")
    return problemas


def ultima(motor: Engine) -> dict | None:
    """La última entrada (id, momento, acción y huella) y cuántas hay: lo que conviene anotar
    fuera del servidor para comprobar después, con ``verificar_cadena(ancla=…)``, que nadie
    borró las entradas hasta ella. None si la bitácora está vacía."""
    with Session(motor) as s:
        fila = s.scalars(select(EntradaDeBitacora).order_by(EntradaDeBitacora.id.desc()).limit(1)).first()
        if fila is None:
            return None
        total = s.scalar(select(func.count()).select_from(EntradaDeBitacora))
        return {"id": fila.id, "momento": _momento(fila.momento) + "Z", "accion": fila.accion,
                "huella": fila.huella, "entradas": total}


def diff_de(antes: str, despues: str, *, nombre: str = "caso.yaml") -> dict:
    """El detalle de un guardado: el diff unificado del YAML, recortado si es muy largo."""
    lineas = difflib.unified_diff(antes.splitlines(keepends=True), despues.splitlines(keepends=True),
                                  fromfile=f"{nombre} (antes)", tofile=f"{nombre} (después)")
    diff = "".join(lineas)
    detalle = {"diff": diff[:LIMITE_DIFF], "sha256": hashlib.sha256(despues.encode("utf-8")).hexdigest()}
    if len(diff) > LIMITE_DIFF:
        detalle["diff_recortado"] = True
        detalle["diff_caracteres"] = len(diff)
    return detalle


def exigir_accion(accion: str) -> str:
    """Valida una acción dicha por el usuario (filtros de la página)."""
    if accion not in ACCIONES:
        raise ErrorDeUsuario(f"bitácora: acción desconocida «{accion}»; son: {', '.join(ACCIONES)}")
    return accion


def _momento(valor: dt.datetime) -> str:
    """El momento en UTC, sin zona y al segundo: SQLite devuelve fechas sin zona y PostgreSQL con
    la de la sesión; la huella debe salir igual en las dos."""
    if valor.tzinfo is not None:
        valor = valor.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return valor.replace(microsecond=0).isoformat()


def _canonico(fila: EntradaDeBitacora) -> str:
    return json.dumps({"momento": _momento(fila.momento), "usuario_id": fila.usuario_id, "usuario": fila.usuario,
                       "accion": fila.accion, "caso": fila.caso, "detalle": fila.detalle or {}},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _huella(anterior: str, fila: EntradaDeBitacora) -> str:
    return hashlib.sha256((anterior + _canonico(fila)).encode("utf-8")).hexdigest()


def _como_dict(fila: EntradaDeBitacora) -> dict:
    return {"id": fila.id, "momento": _momento(fila.momento) + "Z", "usuario_id": fila.usuario_id,
            "usuario": fila.usuario, "accion": fila.accion, "nombre_accion": NOMBRES_DE_ACCION.get(fila.accion,
                                                                                                   fila.accion),
            "caso": fila.caso, "detalle": fila.detalle or {}}
