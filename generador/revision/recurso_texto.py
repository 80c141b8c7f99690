"""REC-07 y REC-09: lo que la resolución le dice al solicitante sobre el recurso de revisión.

La cláusula ``resolutivo.notificacion`` escribe el plazo y el artículo de la ley que rige en la
fecha de la resolución. Dos caminos se salían de ella sin que nada lo viera:

* un resolutivo de texto libre que habla del recurso (REC-07): se revisaba solo el nombre del
  garante, y «dentro de los treinta días hábiles […] de conformidad con el artículo 147» se
  certificaba. Art. 144 (2025): se interpone «dentro de los quince días siguientes a la fecha
  de la notificación de la respuesta»; el 147 es la prevención al recurrente;
* la variable ``regimen`` de la cláusula puesta a mano (REC-09): con «2015» en una resolución de
  2026, la notificación perdía los quince días, la Unidad de Transparencia y la fracción del
  art. 145; con «2025» antes del 21-03-2025, citaba una ley que aún no existía.
"""

from __future__ import annotations

import re

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor
from .recurso import sin_acentos

_ORACION = re.compile(r"(?<=[.;])\s+")
_PLAZO = re.compile(r"\b([a-z]+|\d+)(?:\s*\(\d+\))?\s+dias\b")
_ARTICULOS = re.compile(r"\bart(?:iculos?|s?\.)\s+((?:\d+\s*(?:,|y|e|a|al)?\s*)+)")
_INTERPONER = re.compile(r"interpon|interposicion|presentar|promover|hacer valer")
_QUINCE = ("quince", "15")
_OTRA_LEY = re.compile(r"ley federal de procedimiento|codigo|ley organica|reglamento")


def _oraciones_del_recurso(texto: str) -> list[str]:
    """Las oraciones que dicen cómo interponer el recurso (no las que hablan de cumplir la
    resolución de uno: «en el recurso de revisión RRA 1234/26, que ordenó … en diez días»)."""
    return [o for o in _ORACION.split(sin_acentos(texto)) if "recurso de revision" in o and _INTERPONER.search(o)]


def _cita_el_144(texto: str) -> bool:
    """Si el resolutivo cita el art. 144 (suelto, en una lista o en un rango «143 a 146»)."""
    for m in _ARTICULOS.finditer(texto):
        numeros = [int(n) for n in re.findall(r"\d+", m.group(1))]
        if 144 in numeros:
            return True
        for a, b in re.findall(r"(\d+)\s+(?:a|al)\s+(\d+)", m.group(1)):
            if int(a) <= 144 <= int(b):
                return True
    return False


def revisar_texto_del_recurso(r: Revisor) -> None:
    exp = r.exp
    for i, x in enumerate(exp.resolutivos):
        if x.clausula == "resolutivo.notificacion":
            _revisar_regimen(r, i, x.variables.get("regimen"))
            continue
        if not x.texto or exp.fecha < ENTRADA_EN_VIGOR_2025:
            continue
        for oracion in _oraciones_del_recurso(x.texto):
            plazos = [m.group(1) for m in _PLAZO.finditer(oracion)]
            if plazos and not any(p in _QUINCE for p in plazos):
                r("error", "REC-07", None, ("resolutivos", i, "texto"),
                  f"el resolutivo da al recurso de revisión un plazo de «{plazos[0]} días»: se interpone «dentro de "
                  "los quince días siguientes a la fecha de la notificación de la respuesta» (art. 144 de la Ley "
                  "General de 2025), o use la cláusula «resolutivo.notificacion», que lo escribe")
            numeros = {n for m in _ARTICULOS.finditer(oracion) for n in re.findall(r"\d+", m.group(1))}
            if numeros and not _cita_el_144(sin_acentos(x.texto)) and not _OTRA_LEY.search(oracion):
                r("advertencia", "REC-07", None, ("resolutivos", i, "texto"),
                  f"el resolutivo funda el recurso de revisión en el artículo {', '.join(sorted(numeros, key=int))} y "
                  "no en el 144 de la Ley General de 2025, que es el que lo da (plazo de quince días, ante la "
                  "autoridad garante o la Unidad de Transparencia)")


def _revisar_regimen(r: Revisor, i: int, regimen) -> None:
    if regimen is None:
        return
    fecha = r.exp.fecha
    esperado = "2025" if fecha >= ENTRADA_EN_VIGOR_2025 else "2015"
    if str(regimen) != esperado:
        r("error", "REC-09", None, ("resolutivos", i, "variables", "regimen"),
          f"la notificación dice «regimen: {regimen}» y la resolución es del {fecha.isoformat()}: le corresponde "
          f"«{esperado}» (la Ley General de 2025 rige desde el 21-03-2025); quite la variable y se toma sola de la "
          "fecha")
