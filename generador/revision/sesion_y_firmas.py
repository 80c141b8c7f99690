"""Los elementos de la resolución que pide el Lineamiento Quincuagésimo primero
(QP-01 a QP-07, TC-02) y el quórum de un acta (QUO-01, QUO-02)."""

from __future__ import annotations

import datetime as _dt

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor, normal
from .recurso import sin_acentos


def revisar_quincuagesimo_primero(r: Revisor) -> None:
    exp = r.exp
    if exp.sesion is None or exp.sesion.numero is None:
        falta = "el número ni la fecha" if exp.sesion is None or exp.sesion.fecha is None else "el número"
        r("advertencia", "QP-01", "Quincuagésimo primero, fracción I", ("sesion",),
          f"la resolución no indica {falta} de la sesión del Comité en que se aprobó")
    elif exp.sesion.fecha is None:
        r("advertencia", "QP-02", "Quincuagésimo primero, fracción I", ("sesion", "fecha"),
          "la resolución no indica la fecha de la sesión del Comité")
    unidades = {normal(x.unidad) for x in exp.respuestas}
    for i, c in enumerate(exp.clasificaciones):
        if normal(c.unidad) not in unidades:
            r("advertencia", "QP-03", "Quincuagésimo primero, fracción II", ("clasificaciones", i, "unidad"),
              f"el área que solicitó la clasificación («{c.unidad}») no está entre las respuestas del expediente")
    if len(r.firmantes) < 3:
        r("advertencia", "QP-04", "Quincuagésimo primero, fracción V", ("firmantes",),
          f"firman {len(r.firmantes)} integrantes; la resolución lleva la firma de cada integrante del "
          "Comité, órgano colegiado de número impar (en la Administración Pública Federal, al menos tres)")
    # QP-05 (algún resolutivo confirma, modifica o revoca) se decide con los datos en determinacion.py.
    menciona_version_publica = None  # las respuestas en minúsculas, una vez y solo si hace falta
    for i, c in enumerate(exp.clasificaciones):
        if c.tipo != "reservada" or c.periodo_reserva is None or c.determinacion == "revoca":
            continue
        periodo = c.periodo_reserva
        ruta = ("clasificaciones", i, "periodo_reserva")
        calculada = periodo.vencimiento_calculado(exp.fecha)
        if periodo.vencimiento is None:
            r("advertencia", "QP-06", "Quincuagésimo primero, párrafo segundo, fracción III", ruta,
              f"no se indica la fecha de expiración de la reserva (con {periodo.anios} años contados desde el "
              f"{periodo.inicio(exp.fecha).isoformat()}, sería el {calculada.isoformat()}: «vencimiento: "
              f"{calculada.isoformat()}»)")
        elif periodo.vencimiento != "calcular" and periodo.vencimiento not in (calculada, calculada - _dt.timedelta(days=1)):
            r("error", "TC-02", "Trigésimo cuarto", ruta + ("vencimiento",),
              f"la fecha de expiración {periodo.vencimiento.isoformat()} no corresponde a {periodo.anios} años "
              f"contados desde el {periodo.inicio(exp.fecha).isoformat()} (sería el {calculada.isoformat()})")
        if c.version_publica is None and c.parcial and menciona_version_publica is None:
            menciona_version_publica = any("versión pública" in t or "version publica" in t
                                           for t in ((x.texto or "").lower() for x in exp.respuestas))
        if c.version_publica is None and c.parcial and menciona_version_publica:
            r("advertencia", "QP-07", "Quincuagésimo primero, párrafo segundo, fracción IV",
              ("clasificaciones", i), "se menciona una versión pública, pero no se indica el área y la persona "
              "titular encargadas de elaborarla («version_publica»)")


def votantes(r: Revisor) -> list:
    """Quienes firman como integrantes: las personas invitadas («tendrán voz, pero no voto», art. 39) y
    una secretaría técnica que no es integrante no cuentan."""
    return [f for f in r.firmantes if f.integrante]


def revisar_quorum(r: Revisor) -> None:
    """Un acta: asisten más de la mitad de los integrantes (el Comité decide por mayoría)."""
    acta = r.exp.acta
    if acta is None or acta.integrantes is None or not r.firmantes:
        return
    integrantes = votantes(r)
    if len(integrantes) * 2 <= acta.integrantes:
        r("error", "QUO-01", "Quincuagésimo primero, fracción V", ("firmantes",),
          f"asisten {len(integrantes)} de {acta.integrantes} integrantes: no hay quórum para sesionar")
    if len(integrantes) > acta.integrantes:
        r("error", "QUO-02", "Quincuagésimo primero, fracción V", ("acta", "integrantes"),
          f"firman {len(integrantes)} integrantes, más que los {acta.integrantes} del Comité (quien asiste sin ser "
          "integrante lleva «integrante: false»)")


def _colegiado_y_mayoria(r: Revisor, total: int, ruta: tuple, origen: str) -> None:
    """COM-04 y COM-05 (desde 2025). Art. 39: un Comité «colegiado» que «adoptará sus resoluciones
    por mayoría de votos». Uno de una sola persona no es colegiado, por impar que sea el número
    (COM-01 no lo ve). Con el número de integrantes del perfil, si firman menos de la mayoría,
    la resolución no muestra que la adoptó la mayoría (en un acta lo revisa el quórum, QUO-01)."""
    if total == 1:
        # Error si lo dice el acta o el perfil; si solo se sabe por quién firma, puede ser que los
        # demás no firmaran: aviso (también QP-04).
        r("error" if origen != "los firmantes" else "advertencia", "COM-04", None, ruta,
          f"según {origen}, el Comité tiene un solo integrante con voto: el art. 39 lo quiere «colegiado» (un "
          "número impar de personas; en la Administración Pública Federal, tres) y que adopte sus resoluciones «por "
          "mayoría de votos»; agregue a los demás integrantes que firman")
        return
    if r.exp.acta is not None or not origen.startswith("el perfil") or total < 3:
        return
    firman = len(votantes(r))
    if firman and firman * 2 <= total:
        r("advertencia", "COM-05", None, ("firmantes",),
          f"firman {firman} de los {total} integrantes con voto que tiene {origen}: el Comité «adoptará sus "
          f"resoluciones por mayoría de votos» (art. 39), y con menos de {total // 2 + 1} firmas la resolución no "
          "muestra esa mayoría; agregue a quienes votaron (o corrija los integrantes del perfil)")


# Art. 39, último párrafo: en la Administración Pública Federal, el Comité está conformado por
# estas tres personas; lo que se busca en el cargo de quien firma como integrante.
INTEGRANTES_APF = (
    ("la persona responsable del área coordinadora de archivos o equivalente (fr. I)", ("archivo",)),
    ("la persona responsable de la Unidad de Transparencia (fr. II)", ("unidad de transparencia",)),
    ("la persona titular del Órgano Interno de Control u homólogo (fr. III)", ("control", "oic")),
)


def revisar_integrantes_apf(r: Revisor) -> None:
    """COM-03 (advertencia: el cargo es texto libre). Art. 39: «En el caso de la Administración
    Pública Federal, los Comités de Transparencia de las dependencias y entidades, estarán
    conformados por: I. La persona responsable del área coordinadora de archivos o equivalente; II.
    La persona responsable de la Unidad de Transparencia, y III. La persona titular del Órgano
    Interno de Control u homólogo»."""
    if r.exp.fecha < ENTRADA_EN_VIGOR_2025 or r.perfil is None or r.perfil.sujeto_obligado != "ejecutivo_federal":
        return
    cargos = [sin_acentos(f"{f.cargo} {f.rol or ''}".casefold()) for f in votantes(r)]
    if not cargos:
        return
    faltan = [quien for quien, claves in INTEGRANTES_APF if not any(any(c in cargo for c in claves) for cargo in cargos)]
    if faltan:
        r("advertencia", "COM-03", None, ("firmantes",),
          "en la Administración Pública Federal el Comité está conformado por tres personas (art. 39): ningún "
          f"integrante que firma tiene el cargo de {'; ni el de '.join(faltan)}; revise los cargos (o su suplencia)")


def revisar_comite(r: Revisor) -> None:
    """COM-01 y COM-02. Art. 39: «En cada sujeto obligado se integrará un Comité de Transparencia
    colegiado e integrado por un número impar»; «A sus sesiones podrán asistir como personas
    invitadas, aquéllas que sus integrantes consideren necesarias, quienes tendrán voz, pero no voto»."""
    exp, perfil = r.exp, r.perfil
    if exp.acta is not None and exp.acta.integrantes is not None:
        total, ruta, origen = exp.acta.integrantes, ("acta", "integrantes"), "el acta"
    elif perfil is not None and perfil.miembros:
        total, ruta, origen = sum(1 for m in perfil.miembros if m.integrante), ("firmantes",), f"el perfil «{perfil.id}»"
    else:
        total, ruta, origen = len(votantes(r)), ("firmantes",), "los firmantes"
    if total and total % 2 == 0:
        r("error", "COM-01", None, ruta,
          f"según {origen}, el Comité tiene {total} integrantes con voto: debe ser un número impar (art. 39); las "
          "personas invitadas y la secretaría que no es integrante no cuentan («integrante: false»)")
    if exp.fecha >= ENTRADA_EN_VIGOR_2025:
        _colegiado_y_mayoria(r, total, ruta, origen)
    if perfil is not None and perfil.votacion_por_resolucion and exp.acta is None:
        sin_voto = [f.nombre for f in votantes(r) if f.voto is None]
        if not exp.votacion and sin_voto:
            r("advertencia", "COM-02", "Quincuagésimo primero, fracción IV", ("votacion",),
              f"el perfil «{perfil.id}» pide la votación de cada resolución («votacion», o «voto» de cada "
              "integrante); el Comité «adoptará sus resoluciones por mayoría de votos» (art. 39)")
