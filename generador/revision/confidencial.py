"""Lo confidencial no es reservado (CON-01 a CON-04, QS-01).

Ley General 2025, art. 115: «Se considera información confidencial la que contiene datos
personales concernientes a una persona física identificada o identificable. La información
confidencial no estará sujeta a temporalidad alguna». Una clasificación confidencial con periodo
de reserva, o fundada solo en causales de reserva (art. 112), mezcla dos regímenes distintos.
"""

from __future__ import annotations

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor

# Los artículos de información confidencial de cada ley (y la Constitución, art. 6o., apartado A,
# fracción II, y art. 16, párrafo segundo), con cualquiera de sus párrafos o fracciones.
_FUNDAMENTOS_CONFIDENCIALES = ("lgtaip2025.115", "lgtaip2015.116", "lftaip.113", "cpeum.6.A.II", "cpeum.16",
                               "lgpdppso2025.", "lgcd.38", "lgcd.39", "lgcd.40", "lgcd.41", "lgcd.42",
                               "lgcd.43", "lgcd.44", "lgcd.45", "lgcd.46", "lgcd.47", "lgcd.48", "lgcd.49")
DEFINICION_DATOS_PERSONALES = "lgpdppso2025.3.IX"


def _es_confidencial(id_: str) -> bool:
    return any(id_ == f or id_.startswith(f if f.endswith(".") else f + ".") for f in _FUNDAMENTOS_CONFIDENCIALES)


def revisar_confidencial(r: Revisor) -> None:
    exp = r.exp
    causales = {id_ for causal in r.catalogo.causales.values() for id_ in causal.fracciones.values() if id_}
    for i, c in enumerate(exp.clasificaciones):
        if c.tipo != "confidencial":
            continue
        ruta = ("clasificaciones", i)
        if c.periodo_reserva is not None:
            r("error", "CON-01", None, ruta + ("periodo_reserva",),
              "una clasificación confidencial no lleva periodo de reserva: «La información confidencial no estará "
              "sujeta a temporalidad alguna» (Ley General 2025, art. 115, párrafo segundo)")
        if c.prueba_de_dano is not None:
            r("advertencia", "CON-02", None, ruta + ("prueba_de_dano",),
              "la prueba de daño es de la reserva («La clasificación de información reservada se realizará "
              "conforme a un análisis caso por caso, mediante la aplicación de la prueba de daño», art. 102); "
              "una clasificación confidencial se motiva con los datos personales que protege")
        ids = [*c.fundamentos, *c.en_relacion_con]
        if not any(_es_confidencial(x) for x in ids):
            de_reserva = [x for x in ids if x in causales]
            nivel = "error" if de_reserva else "advertencia"
            detalle = f" (cita causales de reserva: {', '.join(de_reserva)})" if de_reserva else ""
            r(nivel, "CON-03", "Trigésimo octavo", ruta + ("fundamentos",),
              f"la clasificación confidencial no se funda en el artículo de información confidencial{detalle}: "
              "en la Ley General de 2025 es el artículo 115 («Se considera información confidencial la que "
              "contiene datos personales concernientes a una persona física identificada o identificable»)")
        if (exp.fecha >= ENTRADA_EN_VIGOR_2025 and any(x.startswith("datos.") for x in c.categorias)
                and r.catalogo.existe(DEFINICION_DATOS_PERSONALES) and DEFINICION_DATOS_PERSONALES not in ids):
            r("advertencia", "CON-04", None, ruta + ("fundamentos",),
              "la clasificación protege datos personales: cite su definición, artículo 3, fracción IX, de la Ley "
              "General de Protección de Datos Personales en Posesión de Sujetos Obligados («Cualquier información "
              "concerniente a una persona identificada o identificable»), id «lgpdppso2025.3.IX»")
        if c.servidores_publicos:
            r("advertencia", "QS-01", "Quincuagésimo séptimo, fracción II", ruta,
              "se clasifican como confidenciales datos de personas servidoras públicas: «Se considera, en principio, "
              "como información pública y no podrá omitirse de las versiones públicas […] El nombre de los "
              "integrantes de los sujetos obligados en los documentos, y sus firmas autógrafas o digitales, cuando "
              "sean utilizados en el ejercicio de las facultades conferidas para el desempeño del servicio "
              "público»; motive por qué, en este caso, no los usan en ese ejercicio o se acredita otra causal")
