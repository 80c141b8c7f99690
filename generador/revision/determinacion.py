"""Confirmar, modificar o revocar (DET-01 a DET-07, QP-05, QP-08): el resolutivo que corresponde
se decide con los datos —lo que propuso el área contra lo que determina el Comité—, nunca
buscando palabras en el texto de los resolutivos.

Ley General 2025, art. 139: el Comité «deberá resolver para: I. Confirmar la clasificación; II.
Modificar la clasificación y otorgar total o parcialmente el acceso a la información, y III.
Revocar la clasificación y conceder el acceso a la información». Una resolución que dice «se
confirma» mientras cambia la clasificación del área no dice lo que el Comité hizo.
"""

from __future__ import annotations

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor

# Las cláusulas que expresan cada determinación.
CLAUSULAS = {
    "confirma": {"resolutivo.confirma_clasificacion"},
    "modifica": {"resolutivo.modifica_clasificacion", "resolutivo.confirma_parcialmente"},
    "revoca": {"resolutivo.revoca_clasificacion"},
}
_TODAS = set().union(*CLAUSULAS.values())
_NOMBRE = {"confirma": "confirmación", "modifica": "modificación", "revoca": "revocación"}


def revisar_determinacion(r: Revisor) -> None:
    exp = r.exp
    usadas = {x.clausula for x in exp.resolutivos if x.clausula}
    if not exp.clasificaciones:
        _sin_clasificaciones(r)
        return
    determinaciones: dict[str, list[int]] = {}
    for i, c in enumerate(exp.clasificaciones):
        p = c.propuesta_area
        if c.determinacion == "confirma" and p is not None and (p.tipo != c.tipo or p.parcial != c.parcial):
            r("error", "DET-01", None, ("clasificaciones", i, "determinacion"),
              f"el área propuso la información como {p.tipo}{' en parte' if p.parcial else ''} y el Comité la "
              f"determina {c.tipo}{' en parte' if c.parcial else ''}: eso no es confirmar, es «Modificar la "
              "clasificación» (Ley General 2025, art. 139, fracción II)")
        if c.determinacion == "modifica" and (p is None or (p.tipo == c.tipo and p.parcial == c.parcial
                                                             and not p.fundamentos)):
            r("advertencia", "DET-05", None, ("clasificaciones", i, "propuesta_area"),
              "la clasificación dice «modifica», pero no se indica en qué difiere de lo que propuso el área "
              "(«propuesta_area»: tipo, parcial, fundamentos)")
        determinaciones.setdefault(c.determinacion_efectiva, []).append(i)
    if not usadas & _TODAS:
        r("advertencia", "QP-05", "Quincuagésimo primero, fracción IV", ("resolutivos",),
          "ningún resolutivo confirma, modifica o revoca la clasificación con una cláusula del catálogo "
          "(resolutivo.confirma_clasificacion, resolutivo.modifica_clasificacion, resolutivo.confirma_parcialmente "
          "o resolutivo.revoca_clasificacion); un resolutivo de texto libre no se puede revisar")
        return
    for determinacion, indices in determinaciones.items():
        if usadas & CLAUSULAS[determinacion]:
            continue
        otras = sorted(usadas & _TODAS)
        r("error", "DET-02", "Quincuagésimo primero, fracción IV", ("clasificaciones", indices[0]),
          f"el Comité determina una {_NOMBRE[determinacion]} de la clasificación propuesta por el área "
          f"(art. 139), pero los resolutivos solo usan {', '.join(otras)}; use "
          f"{' o '.join(sorted(CLAUSULAS[determinacion]))}")
    _tipos_de_los_resolutivos(r)
    for determinacion, clausulas in CLAUSULAS.items():
        if determinacion not in determinaciones and usadas & clausulas:
            i = next(j for j, x in enumerate(exp.resolutivos) if x.clausula in clausulas)
            r("error", "DET-03", "Quincuagésimo primero, fracción IV", ("resolutivos", i, "clausula"),
              f"el resolutivo «{exp.resolutivos[i].clausula}» expresa una {_NOMBRE[determinacion]}, pero ninguna "
              "clasificación del expediente tiene esa determinación (compare «propuesta_area» con lo que "
              "determina el Comité)")
    if "revoca" in determinaciones and "resolutivo.ordena_entrega" not in usadas:
        r("error", "DET-04", None, ("resolutivos",),
              "al revocar la clasificación el Comité concede el acceso a la información (art. 139, fracción III): "
              "falta el resolutivo que ordena al área entregarla («resolutivo.ordena_entrega»)")
    reservas = [i for i, c in enumerate(exp.clasificaciones)
                if c.tipo == "reservada" and c.determinacion_efectiva != "revoca"]
    if reservas and exp.fecha >= ENTRADA_EN_VIGOR_2025 and "resolutivo.entrega_prueba_de_dano" not in usadas:
        r("error", "QP-08", "Quincuagésimo primero, párrafo tercero", ("resolutivos",),
          "«En los casos en que se clasifique la información como reservada siempre se entregará o anexará la "
          "prueba de daño con la respuesta al solicitante»: ningún resolutivo lo ordena "
          "(«resolutivo.entrega_prueba_de_dano»)")


def _determinacion_de(clausula: str | None) -> str | None:
    return next((d for d, clausulas in CLAUSULAS.items() if clausula in clausulas), None)


def _sin_clasificaciones(r: Revisor) -> None:
    """DET-06: un resolutivo que confirma, modifica o revoca una clasificación en un expediente que
    no clasifica nada (una inexistencia, una incompetencia) resuelve sobre algo que no se estudió:
    sin prueba de daño, sin plazo y sin causal (arts. 106 y 107)."""
    for i, x in enumerate(r.exp.resolutivos):
        determinacion = _determinacion_de(x.clausula)
        if determinacion is not None:
            r("error", "DET-06", "Quincuagésimo primero, fracción IV", ("resolutivos", i, "clausula"),
              f"el resolutivo «{x.clausula}» expresa una {_NOMBRE[determinacion]} de la clasificación, pero el "
              f"expediente (tipo «{r.exp.tipo}») no clasifica ninguna información («clasificaciones» está vacío): "
              "no hay causal, prueba de daño (arts. 106 y 107) ni plazo que lo sostengan")


def _tipos_nombrados(valor) -> set[str]:
    texto = str(valor).casefold() if isinstance(valor, str) else ""
    return {t for t in ("reservada", "confidencial") if t in texto}


def _tipos_de_los_resolutivos(r: Revisor) -> None:
    """DET-07: la clasificación que nombra el resolutivo («como RESERVADA») es la que el Comité
    estudió con esa determinación: una resolución que razona una reserva y resuelve «como
    CONFIDENCIAL» no dice lo que el Comité determinó (art. 139; Quincuagésimo primero, fr. IV).
    Qué tipo nombra cada cláusula: al confirmar y al modificar, el que determina el Comité (en
    ``confirma_parcialmente``, también el propuesto); al revocar, el que había propuesto el área."""
    exp = r.exp
    for i, x in enumerate(exp.resolutivos):
        determinacion = _determinacion_de(x.clausula)
        if determinacion is None:
            continue
        estudiadas = [c for c in exp.clasificaciones if c.determinacion_efectiva == determinacion]
        if not estudiadas:
            continue  # DET-03
        propuestos = {c.propuesta_area.tipo if c.propuesta_area is not None else c.tipo for c in estudiadas}
        determinados = {c.tipo for c in estudiadas}
        if determinacion == "revoca":
            admitidos = {"tipo_clasificacion": propuestos}
        elif x.clausula == "resolutivo.confirma_parcialmente":
            admitidos = {"tipo_clasificacion": determinados | propuestos}
        else:
            # «tipo_propuesto» se compara solo con lo que el expediente dice que propuso el área.
            dados = {c.propuesta_area.tipo for c in estudiadas if c.propuesta_area is not None}
            admitidos = {"tipo_clasificacion": determinados, "tipo_propuesto": dados}
        for variable, tipos in admitidos.items():
            nombrados = _tipos_nombrados(x.variables.get(variable))
            if nombrados and tipos and not nombrados & tipos:
                r("error", "DET-07", "Quincuagésimo primero, fracción IV", ("resolutivos", i, "variables", variable),
                  f"el resolutivo «{x.clausula}» dice «{x.variables[variable]}», pero la "
                  f"{_NOMBRE[determinacion]} que el Comité estudia en «clasificaciones» es de información "
                  f"{' y '.join(sorted(tipos))}: el resolutivo debe decir lo que el Comité determinó (art. 139)")
