"""Qué cita un expediente: los ids de fundamentos y las cláusulas, con la ruta del campo.

Lo usan la comprobación de referencias (ids que no están en el catálogo) y la revisión de
vigencia: un id citado dentro de las variables de una cláusula cuenta igual que uno del
expediente.
"""

from __future__ import annotations

from typing import Iterator

from ..catalogo import Catalogo, ids_de_variable
from ..expediente import Expediente


def fundamentos_citados(exp: Expediente, catalogo: Catalogo) -> Iterator[tuple[str, tuple]]:
    """Cada id citado por el expediente (también en variables de cláusulas), con su ruta."""
    for i, c in enumerate(exp.clasificaciones):
        for j, id_ in enumerate(c.fundamentos):
            yield id_, ("clasificaciones", i, "fundamentos", j)
        for j, id_ in enumerate(c.en_relacion_con):
            yield id_, ("clasificaciones", i, "en_relacion_con", j)
    if exp.fundamentacion_resolucion is not None:
        for j, id_ in enumerate(exp.fundamentacion_resolucion.fundamentos):
            yield id_, ("fundamentacion_resolucion", "fundamentos", j)
    if exp.acta is not None:
        for i, acuerdo in enumerate(exp.acta.acuerdos):
            for j, id_ in enumerate(acuerdo.fundamentos):
                yield id_, ("acta", "acuerdos", i, "fundamentos", j)
    ampliacion = getattr(exp, "ampliacion_reserva", None)
    if ampliacion is not None:
        for j, id_ in enumerate(ampliacion.fundamentos):
            yield id_, ("ampliacion_reserva", "fundamentos", j)
    turno = exp.procedimiento.turno if exp.procedimiento is not None else None
    if turno is not None:
        for j, id_ in enumerate(turno.fundamentos):
            yield id_, ("procedimiento", "turno", "fundamentos", j)
    for i, firmante in enumerate(exp.firmantes):
        for j, id_ in enumerate(firmante.fundamentos):
            yield id_, ("firmantes", i, "fundamentos", j)
    for id_clausula, variables, ruta in clausulas_citadas(exp):
        clausula = catalogo.clausulas.get(id_clausula)
        if clausula is None:
            continue
        for nombre, variable in clausula.variables.items():
            valor = variables.get(nombre)
            if variable.tipo != "fundamentos" or valor is None:
                continue
            for j, id_ in enumerate(ids_de_variable(valor)):
                if isinstance(id_, str):
                    yield id_, ruta + ("variables", nombre, j)


def clausulas_citadas(exp: Expediente) -> Iterator[tuple[str, dict, tuple]]:
    """Cada cláusula que usa el expediente: (id, variables, ruta del campo que la cita)."""
    for i, r in enumerate(exp.resolutivos):
        if r.clausula:
            yield r.clausula, r.variables, ("resolutivos", i)
    for i, c in enumerate(exp.clasificaciones):
        if c.prueba_de_dano is not None and c.prueba_de_dano.clausula:
            yield c.prueba_de_dano.clausula, c.prueba_de_dano.variables, ("clasificaciones", i, "prueba_de_dano")
    ampliacion = getattr(exp, "ampliacion_reserva", None)
    if ampliacion is not None and ampliacion.prueba_de_dano.clausula:
        yield (ampliacion.prueba_de_dano.clausula, ampliacion.prueba_de_dano.variables,
               ("ampliacion_reserva", "prueba_de_dano"))
