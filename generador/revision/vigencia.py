"""La vigencia de los fundamentos citados (VIG-01) y la transición de 2025 (VIG-02).

Una resolución fundada en lo que no estaba en vigor en su fecha (p. ej. una de 2026 que cita la
Ley Federal de Transparencia, abrogada el 21 de marzo de 2025, o una del 20 de marzo de 2025 que
cita la Ley General publicada ese día, en vigor desde el siguiente) no está fundada: es un
**error**, con la disposición sucesora. Solo baja a advertencia si el expediente lo justifica caso
por caso en ``excepciones_vigencia`` (el fundamento y la razón escrita).
"""

from __future__ import annotations

import datetime as _dt

from ..catalogo import Catalogo, Fundamento, es_instrumento_completo
from ..catalogo.citas import citar
from ..expediente.yaml_lineas import formatear_ruta
from .citados import fundamentos_citados
from .hallazgo import Hallazgo, Revisor


def _describir(catalogo: Catalogo, fundamento: Fundamento) -> str:
    if es_instrumento_completo(fundamento):
        return fundamento.instrumento.nombre
    return citar(catalogo, [fundamento.id])


def revisar_vigencia(r: Revisor) -> None:
    """VIG-01: cada fundamento citado estaba en vigor en la fecha de la resolución."""
    exp, doc, catalogo, estricto = r.exp, r.doc, r.catalogo, r.estricto
    fecha: _dt.date = exp.fecha
    excepciones = {e.fundamento: e.razon for e in exp.excepciones_vigencia}
    for id_, ruta in fundamentos_citados(exp, catalogo):
        if not catalogo.existe(id_):
            continue  # lo informa la comprobación de referencias
        fundamento = catalogo.fundamento(id_)
        if fundamento.en_vigor(fecha):
            continue
        vigencia = fundamento.vigencia()
        mensaje = (f"«{id_}» ({_describir(catalogo, fundamento)}) no estaba vigente el "
                   f"{fecha.isoformat()}: {vigencia.describir()}")
        if fundamento.disposicion.derogado:
            mensaje += f". {fundamento.disposicion.derogado}"
        sucesora = fundamento.disposicion.sucesora
        if sucesora and catalogo.existe(sucesora):
            mensaje += f". Disposición sucesora: «{sucesora}» ({_describir(catalogo, catalogo.fundamento(sucesora))})"
        elif fundamento.instrumento.abrogado_por:
            mensaje += f". El instrumento fue abrogado por «{fundamento.instrumento.abrogado_por}»"
        nivel = "error"
        if id_ in excepciones and not estricto:
            nivel = "advertencia"
            mensaje += f". Se cita a sabiendas («excepciones_vigencia»): {excepciones[id_]}"
        r.hallazgos.append(Hallazgo(
            nivel, "VIG-01", mensaje + ".",
            formatear_ruta(ruta), doc.linea(ruta) if doc else None, doc.archivo if doc else None,
        ))


ENTRADA_EN_VIGOR_2025 = _dt.date(2025, 3, 21)


def revisar_transicion(r: Revisor) -> None:
    """VIG-02: una solicitud presentada antes del 21-03-2025 y resuelta después. Las fuentes del
    proyecto no dicen qué ley rige esa solicitud: el transitorio Noveno de la Ley General de 2025
    solo habla de «los procedimientos iniciados con anterioridad a la entrada en vigor de este
    Decreto ante el Instituto Nacional de Transparencia», que «se sustanciarán ante Transparencia
    para el Pueblo conforme a las disposiciones aplicables vigentes al momento de su inicio». El
    hallazgo lo explica y pide que la resolución lo razone; no decide por quien redacta."""
    exp = r.exp
    # La ampliación del periodo de reserva es un procedimiento nuevo (art. 104, párrafo tercero), no el
    # trámite de la solicitud en que se clasificó: la fecha de esa solicitud no plantea la transición.
    if exp.fecha < ENTRADA_EN_VIGOR_2025 or exp.tipo == "ampliacion_reserva":
        return
    for i, s in enumerate(exp.solicitudes):
        if s.fecha is not None and s.fecha < ENTRADA_EN_VIGOR_2025:
            r("advertencia", "VIG-02", None, ("solicitudes", i, "fecha"),
              f"la solicitud se presentó el {s.fecha.isoformat()}, antes de que entrara en vigor la Ley General de "
              f"2025 (21-03-2025), y se resuelve el {exp.fecha.isoformat()}: la Ley Federal y la Ley General de "
              "2015 quedaron abrogadas (transitorio Segundo, fracciones II y III) y el transitorio Noveno solo "
              "dispone que los procedimientos iniciados ante el INAI «se sustanciarán ante Transparencia para el "
              "Pueblo conforme a las disposiciones aplicables vigentes al momento de su inicio»; razone en la "
              "resolución qué ley aplica al trámite de esta solicitud y, si cita la anterior, dígalo en "
              "«excepciones_vigencia»")
