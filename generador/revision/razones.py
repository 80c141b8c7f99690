"""Las razones de una inexistencia, una ampliación o una incompetencia, y su plazo (INX-01, RAZ-01, PLZ-10).

Ley General 2025:

* art. 141: la resolución que confirma la inexistencia señala «las circunstancias de tiempo,
  modo y lugar que generaron la inexistencia»; y «Cuando se requiera un dato estadístico o
  numérico, y el resultado de la búsqueda de la información sea cero, este deberá entenderse
  como un dato que constituye un elemento numérico que atiende la solicitud, y no como la
  inexistencia de la información solicitada»;
* art. 134: la ampliación del plazo procede «siempre y cuando se justifiquen de manera fundada
  y motivada las razones ante el Comité»;
* art. 138: la notoria incompetencia se comunica «dentro de los tres días posteriores a la
  recepción de la solicitud» (art. 128: hábiles).

Una razón de dos palabras («No existe.», «Carga de trabajo.») no dice nada de eso: es error,
como una parte de la prueba de daño sin contenido (PD-01). El cero y el plazo de tres días son
advertencias: el texto y la notoriedad los juzga el Comité.
"""

from __future__ import annotations

import re

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor
from .plazos import _inhabiles, sumar_habiles
from .prueba_de_dano import MINIMO_PALABRAS_PARTE, _palabras
from .recurso import sin_acentos

_CERO = re.compile(r"\b(cero|0)\b")
_NUMERICA = re.compile(r"\b(cuant[oa]s|numero|cantidad|total|estadistic|cifra)")
_QUE_EXIGE = {
    "inexistencia": "las circunstancias de tiempo, modo y lugar que generaron la inexistencia (art. 141)",
    "ampliacion": "las razones, fundadas y motivadas, para ampliar el plazo (art. 134, párrafo segundo)",
    "incompetencia": "por qué el sujeto obligado no es competente (art. 138)",
}


def revisar_razones(r: Revisor) -> None:
    exp = r.exp
    if exp.fecha < ENTRADA_EN_VIGOR_2025:
        return
    for seccion in _QUE_EXIGE:
        datos = getattr(exp, seccion, None)
        if datos is not None and _palabras(datos.razones) < MINIMO_PALABRAS_PARTE:
            r("error", "RAZ-01", None, (seccion, "razones"),
              f"las razones casi no tienen contenido ({_palabras(datos.razones)} palabras): la resolución debe "
              f"señalar {_QUE_EXIGE[seccion]}")
    _cero_no_es_inexistencia(r)
    _tres_dias_de_la_incompetencia(r)


def _cero_no_es_inexistencia(r: Revisor) -> None:
    """INX-01: la solicitud pide un número y las razones dicen que el resultado es cero."""
    inexistencia = r.exp.inexistencia
    if inexistencia is None:
        return
    pedido = sin_acentos(" ".join(s.texto or "" for s in r.exp.solicitudes))
    razones = sin_acentos(f"{inexistencia.informacion} {inexistencia.razones}")
    if _NUMERICA.search(pedido) and _CERO.search(razones):
        r("advertencia", "INX-01", None, ("inexistencia", "razones"),
          "la solicitud pide un dato numérico y las razones dicen que el resultado es cero: «este deberá "
          "entenderse como un dato que constituye un elemento numérico que atiende la solicitud, y no como la "
          "inexistencia de la información solicitada» (art. 141, párrafo tercero); entregue el cero como respuesta")


def _tres_dias_de_la_incompetencia(r: Revisor) -> None:
    """PLZ-10: la notoria incompetencia (toda la solicitud) se comunica en tres días hábiles."""
    incompetencia = r.exp.incompetencia
    if incompetencia is None or incompetencia.parcial:
        return
    recibida = next((s.fecha for s in r.exp.solicitudes if s.fecha is not None), None)
    if recibida is None:
        return
    limite = sumar_habiles(recibida, 3, _inhabiles(r))
    if r.exp.fecha > limite:
        r("advertencia", "PLZ-10", None, ("fecha",),
          f"la solicitud se recibió el {recibida.isoformat()} y la incompetencia se confirma el "
          f"{r.exp.fecha.isoformat()}: la notoria incompetencia se comunica «dentro de los tres días posteriores a la "
          f"recepción de la solicitud» (art. 138; hábiles: a más tardar el {limite.isoformat()}); si no era notoria, "
          "diga por qué en las razones")
