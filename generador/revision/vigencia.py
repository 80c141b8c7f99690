"""La vigencia de los fundamentos citados (VIG-01) y la transición de 2025 (VIG-02).

Una resolución fundada en lo que no estaba en vigor en su fecha (p. ej. una de 2026 que cita la
Ley Federal de Transparencia, abrogada el 21 de marzo de 2025, o una del 20 de marzo de 2025 que
cita la Ley General publicada ese día, en vigor desde el siguiente) no está fundada: es un
**error**, con la disposición sucesora. Solo baja a advertencia si el expediente lo justifica caso
por caso en ``excepciones_vigencia`` (el fundamento y la razón escrita).
"""

from __future__ import annotations

import datetime as _dt
import re

from ..catalogo import Catalogo, Fundamento, es_instrumento_completo
from ..catalogo.citas import citar
from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..expediente.yaml_lineas import formatear_ruta
from .citados import fundamentos_citados
from .hallazgo import Hallazgo, Revisor
from .recurso import sin_acentos


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


# Lo que un texto del Comité no debe invocar en una resolución del régimen de 2025 (transitorio
# Segundo de la Ley General de 2025: «se abrogan […] II. La Ley General de Transparencia […] de 4
# de mayo de 2015 […]; III. La Ley Federal de Transparencia y Acceso a la Información Pública»; y
# el INAI, al que sustituyen las autoridades garantes del art. 3). Se busca sin acentos.
_MENCIONES_ABROGADAS = (
    # «Ley Federal de Transparencia», «LFTAIP» o «la Ley Federal» a secas (no «Ley Federal de
    # Procedimiento Administrativo» ni otra ley federal con su nombre).
    (re.compile(r"\blftaip\b|\bley federal\b(?!\s+(?:de|del|para|sobre)\s+(?!transparencia))"), "la Ley Federal de Transparencia y Acceso a la Información "
     "Pública, abrogada el 21 de marzo de 2025 (transitorio Segundo, fracción III)"),
    (re.compile(r"ley general de transparencia[^.;]{0,120}2015"), "la Ley General de Transparencia de 2015, "
     "abrogada el 21 de marzo de 2025 (transitorio Segundo, fracción II)"),
    (re.compile(r"\binai\b|instituto nacional de transparencia"), "el INAI, cuyas funciones tienen ahora las "
     "autoridades garantes del art. 3 (la federal: Transparencia para el Pueblo)"),
)
# Lo que no escribe el Comité (las respuestas de las áreas, lo que pidió la persona) o lo que
# explica a propósito una cita de otra época (las excepciones de vigencia).
_NO_SON_DEL_COMITE = frozenset({"respuestas", "solicitudes", "excepciones_vigencia", "fundamentos", "en_relacion_con"})


def _textos(valor, ruta: tuple = ()):
    if isinstance(valor, dict):
        for clave, hijo in valor.items():
            if clave not in _NO_SON_DEL_COMITE:
                yield from _textos(hijo, ruta + (clave,))
    elif isinstance(valor, list):
        for i, hijo in enumerate(valor):
            yield from _textos(hijo, ruta + (i,))
    elif isinstance(valor, str):
        yield ruta, valor


def textos_del_comite(r: Revisor) -> list[tuple[tuple, str]]:
    """Cada texto que escribe el Comité (no las respuestas de las áreas ni lo que se pidió), con su
    ruta; lo usan VIG-03 y VIG-04, se arma una vez."""
    if "textos_del_comite" not in r.memo:
        r.memo["textos_del_comite"] = list(_textos(r.exp.model_dump(mode="python")))
    return r.memo["textos_del_comite"]


def revisar_menciones_abrogadas(r: Revisor) -> None:
    """VIG-03 (advertencia: el texto puede citarlas para decir por qué ya no se aplican). En una
    resolución del 21-03-2025 en adelante, un texto que escribe el Comité (la motivación, un
    resolutivo libre, las razones) invoca una ley abrogada o al INAI: las citas del catálogo ya
    las revisa VIG-01; esto es lo que se escribe a mano."""
    if r.exp.fecha < ENTRADA_EN_VIGOR_2025:
        return
    ya = set()
    for ruta, texto in textos_del_comite(r):
        plano = sin_acentos(texto)
        for patron, que in _MENCIONES_ABROGADAS:
            if que.startswith("el INAI") and ruta[:1] == ("resolutivos",):
                continue  # un resolutivo libre que nombra al INAI ya es REC-01 (error)
            if (ruta, que) not in ya and patron.search(plano):
                ya.add((ruta, que))
                r("advertencia", "VIG-03", None, ruta,
                  f"el texto invoca {que}; en una resolución del {r.exp.fecha.isoformat()} funde y motive con la "
                  "Ley General de 2025 (o, si la menciona para explicar la transición, ignore este aviso)")
