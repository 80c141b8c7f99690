"""Los plazos, calculados y no creídos (PLZ-01 a PLZ-09).

Ley General 2025, art. 134: la respuesta «no podrá exceder de veinte días, contados a partir del
día siguiente a la presentación» y la ampliación «hasta por diez días más» debe resolverse y
«notificarse a la persona solicitante antes de su vencimiento»; art. 128: «Cuando los plazos
fijados por esta Ley sean en días, estos se entenderán como hábiles»; art. 139: la resolución del
Comité «será notificada a la persona interesada en el plazo de respuesta». Art. 104: la reserva
dura «hasta por un periodo de cinco años» y se amplía «hasta por un plazo de cinco años
adicionales» (art. 40, fracción VII): una reserva vencida ya no puede confirmarse.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..expediente.secciones import sumar_anios
from .hallazgo import Revisor

DIAS_RESPUESTA = 20
DIAS_AMPLIACION = 10


@lru_cache(maxsize=64)
def _oficiales(anio: int) -> frozenset[_dt.date]:
    # Perezosa a propósito (como en redaccion/calendario.py, que la revisión no puede importar):
    # holidays solo se carga si hay un plazo que contar.
    import holidays

    return frozenset(holidays.Mexico(years=anio))


def sumar_habiles(desde: _dt.date, dias: int, inhabiles: frozenset[_dt.date] = frozenset()) -> _dt.date:
    """El día hábil número ``dias`` contado desde el día siguiente a ``desde`` (art. 128)."""
    dia, contados = desde, 0
    while contados < dias and dia < _dt.date(9999, 12, 1):
        dia += _dt.timedelta(days=1)
        if dia.weekday() < 5 and dia not in _oficiales(dia.year) and dia not in inhabiles:
            contados += 1
    return dia


def _inhabiles(r: Revisor) -> frozenset[_dt.date]:
    return frozenset(r.perfil.inhabiles()) if r.perfil is not None else frozenset()


def _plazo_del_perfil(r: Revisor) -> int:
    if r.perfil is not None and r.perfil.plazo_respuesta is not None:
        return r.perfil.plazo_respuesta.dias
    return DIAS_RESPUESTA


def revisar_plazos(r: Revisor) -> None:
    exp = r.exp
    # Una ampliación del periodo de reserva no responde la solicitud (que se respondió al clasificar):
    # es el procedimiento del art. 104, párrafo tercero, y su plazo es el vencimiento de la reserva.
    if exp.fecha < ENTRADA_EN_VIGOR_2025 or exp.tipo in ("acta", "ampliacion_reserva"):
        return
    plazo = _plazo_del_perfil(r)
    a = exp.ampliacion
    if a is not None and a.dias_respuesta != plazo:
        fuente = (f"el perfil fija {plazo} con fundamento en {r.perfil.plazo_respuesta.fundamento}"
                  if plazo != DIAS_RESPUESTA else "«no podrá exceder de veinte días» (art. 134); un plazo distinto "
                  "solo vale con el fundamento de una ley local, en el perfil («plazo_respuesta»)")
        r("error", "PLZ-01", None, ("ampliacion", "dias_respuesta"),
          f"el plazo ordinario de respuesta es de {plazo} días hábiles, no {a.dias_respuesta}: {fuente}")
    presentada = (a.fecha_presentacion if a is not None else None) or next(
        (s.fecha for s in exp.solicitudes if s.fecha is not None), None)
    if presentada is None:
        return
    ordinario = sumar_habiles(presentada, plazo, _inhabiles(r))
    if a is not None:
        if exp.fecha > ordinario:
            r("error", "PLZ-02", None, ("fecha",),
              f"la ampliación se resuelve el {exp.fecha.isoformat()}, cuando el plazo ordinario ya había vencido "
              f"({plazo} días hábiles desde el {presentada.isoformat()}: el {ordinario.isoformat()}); el Comité "
              "debe emitirla y notificarla «antes de su vencimiento» (art. 134, párrafo segundo)")
        return
    ampliado = sumar_habiles(ordinario, DIAS_AMPLIACION, _inhabiles(r))
    if exp.fecha > ampliado:
        r("advertencia", "PLZ-03", None, ("fecha",),
          f"la resolución es del {exp.fecha.isoformat()} y el plazo de respuesta de la solicitud presentada el "
          f"{presentada.isoformat()} venció el {ordinario.isoformat()} ({ampliado.isoformat()} aun con la "
          "ampliación de diez días): la resolución del Comité «será notificada a la persona interesada en el "
          "plazo de respuesta» (art. 139); si hubo una suspensión o un acuerdo de días inhábiles, regístrelo en el perfil")


def revisar_reserva_vencida(r: Revisor) -> None:
    """PLZ-04: una reserva cuyo periodo venció antes de la resolución ya es pública (art. 104, fr. II:
    «Expire el plazo de clasificación»); no se puede confirmar, solo ampliar antes de que venza."""
    exp = r.exp
    for i, c in enumerate(exp.clasificaciones):
        if c.tipo != "reservada" or c.periodo_reserva is None or c.determinacion == "revoca":
            continue
        expiracion = c.periodo_reserva.expiracion(exp.fecha) or c.periodo_reserva.vencimiento_calculado(exp.fecha)
        if expiracion < exp.fecha:
            r("error", "PLZ-04", "Trigésimo cuarto", ("clasificaciones", i, "periodo_reserva"),
              f"el periodo de reserva venció el {expiracion.isoformat()}, antes de la resolución "
              f"({exp.fecha.isoformat()}): los documentos reservados «serán públicos cuando […] Expire el plazo de "
              "clasificación» (art. 104, fracción II); la ampliación se pide antes del vencimiento (tipo "
              "«ampliacion_reserva»)")


def revisar_ampliacion_reserva(r: Revisor) -> None:
    """PLZ-05: la ampliación del periodo de reserva se aprueba mientras la reserva sigue vigente y por
    «hasta por un plazo de cinco años adicionales» (art. 104, párrafo tercero)."""
    a = r.exp.ampliacion_reserva
    if a is None:
        return
    if a.fecha_clasificacion > r.exp.fecha:
        r("error", "PLZ-09", "Trigésimo cuarto", ("ampliacion_reserva", "fecha_clasificacion"),
          f"la clasificación que se amplía es del {a.fecha_clasificacion.isoformat()}, posterior a esta resolución "
          f"({r.exp.fecha.isoformat()}): solo se amplía una reserva que ya existe")
        return
    # El vencimiento original es la clasificación más sus años (art. 104: el periodo «correrá a
    # partir de la fecha en que se clasifica el documento»); uno escrito más tarde no se cree.
    original = sumar_anios(a.fecha_clasificacion, a.anios_originales)
    if a.vencimiento_original > original:
        r("error", "PLZ-07", "Trigésimo cuarto", ("ampliacion_reserva", "vencimiento_original"),
          f"el vencimiento original escrito ({a.vencimiento_original.isoformat()}) es posterior al que resulta de "
          f"la clasificación del {a.fecha_clasificacion.isoformat()} por {_anios(a.anios_originales)} "
          f"({original.isoformat()}): el periodo de reserva «correrá a partir de la fecha en que se clasifica el "
          "documento» (art. 104, párrafo segundo)")
    vencio = min(a.vencimiento_original, original)
    if vencio < r.exp.fecha:
        r("error", "PLZ-05", "Trigésimo cuarto", ("ampliacion_reserva", "fecha_clasificacion"),
          f"la reserva original venció el {vencio.isoformat()}, antes de esta resolución "
          f"({r.exp.fecha.isoformat()}): al vencer, la información es pública (art. 104, fracción II) y ya no hay "
          "reserva que ampliar")
        return
    maximo = sumar_anios(vencio, a.anios_adicionales)
    if a.nuevo_vencimiento > maximo or a.nuevo_vencimiento <= vencio:
        if a.nuevo_vencimiento > maximo:
            motivo = (f"más de {_anios(a.anios_adicionales)} después del vencimiento original "
                      f"({vencio.isoformat()}; a lo más el {maximo.isoformat()}): se amplía «hasta por un plazo "
                      "de cinco años adicionales» (art. 104, párrafo tercero) y por los años que dice la ampliación")
        else:
            motivo = (f"y no es posterior al vencimiento original ({vencio.isoformat()}): no amplía nada")
        r("error", "PLZ-08", "Trigésimo cuarto", ("ampliacion_reserva", "nuevo_vencimiento"),
          f"el nuevo vencimiento ({a.nuevo_vencimiento.isoformat()}) queda {motivo}")
    _revisar_anticipacion(r, a)


def _anios(n: int) -> str:
    return "un año" if n == 1 else f"{n} años"


def revisar_inicio_de_la_reserva(r: Revisor) -> None:
    """PLZ-09: el periodo de reserva no empieza después de la resolución que lo fija. Corre «a partir
    de la fecha en que se clasifica el documento» (art. 104) o, según el Lineamiento Trigésimo
    cuarto, desde que el Comité confirma por primera vez la clasificación: nunca después. Un inicio
    futuro alarga la reserva más allá de los cinco años."""
    exp = r.exp
    for i, c in enumerate(exp.clasificaciones):
        inicio = c.periodo_reserva.fecha_inicio if c.periodo_reserva is not None else None
        if c.tipo == "reservada" and inicio is not None and inicio > exp.fecha:
            r("error", "PLZ-09", "Trigésimo cuarto", ("clasificaciones", i, "periodo_reserva", "fecha_inicio"),
              f"el periodo de reserva empieza el {inicio.isoformat()}, después de la resolución "
              f"({exp.fecha.isoformat()}): corre «a partir de la fecha en que se clasifica el documento» (art. 104, "
              "párrafo segundo), así que la reserva duraría más de lo que dice")


def _tres_meses_antes(fecha: _dt.date) -> _dt.date:
    anio, mes = (fecha.year, fecha.month - 3) if fecha.month > 3 else (fecha.year - 1, fecha.month + 9)
    for dia in (fecha.day, 30, 29, 28):
        try:
            return fecha.replace(year=anio, month=mes, day=dia)
        except ValueError:
            continue
    raise AssertionError("inalcanzable")


def _revisar_anticipacion(r: Revisor, a) -> None:
    """PLZ-06: Lineamiento Trigésimo quinto: el titular del área «deberá hacer la solicitud de ampliación
    del periodo de reserva al Comité de Transparencia con tres meses de anticipación al vencimiento del
    mismo». La fecha de la solicitud es la de la respuesta del área que pide la ampliación."""
    limite = _tres_meses_antes(a.vencimiento_original)
    for i, respuesta in enumerate(r.exp.respuestas):
        if respuesta.unidad == a.unidad and respuesta.fecha is not None and respuesta.fecha > limite:
            r("advertencia", "PLZ-06", "Trigésimo quinto", ("respuestas", i, "fecha"),
              f"la {a.unidad} pidió la ampliación el {respuesta.fecha.isoformat()}, a menos de tres meses del "
              f"vencimiento de la reserva ({a.vencimiento_original.isoformat()}; a más tardar el "
              f"{limite.isoformat()}): la solicitud se hace «con tres meses de anticipación al vencimiento del "
              "mismo» (Lineamiento Trigésimo quinto)")
            return
