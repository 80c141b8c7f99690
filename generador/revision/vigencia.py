"""La vigencia de los fundamentos citados (VIG-01).

Una resolución fechada cuando la disposición no estaba en vigor (p. ej. una de 2026 que cita
la Ley Federal de Transparencia, abrogada el 21 de marzo de 2025) recibe una advertencia con
la disposición sucesora, o un error con ``estricto``.
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
        r.hallazgos.append(Hallazgo(
            "error" if estricto else "advertencia", "VIG-01", mensaje + ".",
            formatear_ruta(ruta), doc.linea(ruta) if doc else None, doc.archivo if doc else None,
        ))
