"""Los pasos del formulario, en el orden del trabajo de quien redacta.

Primero la solicitud y lo que respondieron las áreas; luego la clasificación (o la
sección propia del tipo de resolución) con su fundamentación; después los resolutivos,
las firmas y, al final, la revisión con la vista previa y las descargas. El caso sigue
siendo un solo archivo: los pasos son partes de un mismo formulario, y guardar en
cualquiera guarda todo.

Un campo que el modelo gane más adelante y que no esté aquí aparece en el primer paso:
nada se queda sin mostrar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .formulario import Nodo


@dataclass
class Paso:
    id: str
    titulo: str
    campos: tuple[str, ...]  # campos de primer nivel del expediente que van en este paso
    nodos: list[Nodo] = field(default_factory=list)
    errores: int = 0
    advertencias: int = 0


def _pasos() -> list[Paso]:
    return [
        Paso("solicitud", "Solicitud y respuestas", ("institucion", "tipo", "oficio", "asunto", "fecha", "sesion",
                                                     "solicitudes", "respuestas")),
        Paso("clasificacion", "Clasificación y fundamentos", (
            "clasificaciones", "inexistencia", "ampliacion", "incompetencia", "ampliacion_reserva", "reproduccion",
            "fundamentacion_resolucion", "orden_citas", "excepciones_vigencia", "justificacion_garante")),
        Paso("resolutivos", "Resolutivos", ("resolutivos", "acta")),
        Paso("firmas", "Firmas", ("firmantes", "votacion", "elaboro")),
        Paso("revision", "Revisión y descarga", ("version_formato",)),
    ]


IDS = tuple(p.id for p in _pasos())


def primer_nivel(campo: str) -> str:
    """«respuestas[1].fecha» → «respuestas»."""
    return re.split(r"[.\[]", campo or "", maxsplit=1)[0]


def repartir(arbol: list[Nodo], hallazgos: list[dict]) -> list[Paso]:
    """Los pasos con sus campos y cuántos hallazgos tiene cada uno. La revisión los lista todos
    y los cuenta todos (decía «sin hallazgos» junto a la lista de sus errores)."""
    pasos = _pasos()
    de_campo = {c: p for p in pasos for c in p.campos}
    for nodo in arbol:
        de_campo.get(nodo.nombre, pasos[0]).nodos.append(nodo)
    revision = pasos[-1]
    for h in hallazgos:
        paso = de_campo.get(primer_nivel(h.get("campo") or ""), revision if not h.get("campo") else pasos[0])
        for contado in {id(paso): paso, id(revision): revision}.values():
            if h.get("nivel") == "error":
                contado.errores += 1
            else:
                contado.advertencias += 1
    return pasos


def mapa_de_campos(pasos: list[Paso]) -> dict[str, str]:
    """Campo de primer nivel → paso, para que la página cuente en vivo los hallazgos."""
    return {c: p.id for p in pasos for c in p.campos}
