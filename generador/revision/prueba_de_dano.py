"""La prueba de daño con sustancia (PD-01 a PD-03, TT-03, TSE-01, TC-03, QP-09).

Ley General 2025, art. 107: «el sujeto obligado deberá justificar que: I. La divulgación de la
información representa un riesgo real, demostrable e identificable […]; II. El riesgo de perjuicio
que supondría la divulgación supera el interés público general de que se difunda, y III. La
limitación se adecua al principio de proporcionalidad». Las tres, en cualquiera de las tres formas
del expediente; una parte que casi no dice nada no justifica nada. Las revisiones de los
Lineamientos reformados el 18-11-2022 (en vigor desde el 17-01-2023) se aplican a las resoluciones
del régimen de 2025; las anteriores se revisan como hasta ahora.
"""

from __future__ import annotations

import re

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor, normal
from .recurso import sin_acentos

MINIMO_PALABRAS_PARTE = 8
_PALABRA = re.compile(r"\w{2,}")
# Lo que nombra cada elemento del art. 107 en la respuesta de una unidad.
_ELEMENTOS = {"riesgo real": ("riesgo real",), "interés público": ("interes publico",),
              "proporcionalidad": ("proporcional", "menos restrictivo")}
DISPOSICION_EXPRESA = ("lgtaip2025.112.XVII",)
_PROPIAS = ("lgtaip2025.", "lgcd.", "cpeum.", "lgtaip2015.", "lftaip.")


def _palabras(texto: str) -> int:
    return len(_PALABRA.findall(texto or ""))


def revisar_prueba_de_dano(r: Revisor) -> None:
    exp = r.exp
    pruebas = [(("clasificaciones", i, "prueba_de_dano"), c.prueba_de_dano) for i, c in enumerate(exp.clasificaciones)
               if c.tipo == "reservada" and c.prueba_de_dano is not None and c.determinacion != "revoca"]
    if exp.ampliacion_reserva is not None:
        pruebas.append((("ampliacion_reserva", "prueba_de_dano"), exp.ampliacion_reserva.prueba_de_dano))
    for ruta, p in pruebas:
        for parte in ("riesgo_real", "interes_publico", "proporcionalidad"):
            texto = getattr(p, parte)
            if texto is not None and _palabras(texto) < MINIMO_PALABRAS_PARTE:
                r("error", "PD-01", "Trigésimo tercero", ruta + (parte,),
                  f"la parte «{parte}» de la prueba de daño casi no tiene contenido ({_palabras(texto)} palabras): "
                  "el art. 107 exige justificarla")
        if p.clausula:
            clausula = r.catalogo.clausulas.get(p.clausula)
            for nombre, variable in (clausula.variables.items() if clausula else ()):
                valor = p.variables.get(nombre)
                if variable.tipo != "texto":
                    continue
                if valor is None and nombre == "proporcionalidad" and exp.fecha >= ENTRADA_EN_VIGOR_2025:
                    r("error", "PD-02", "Trigésimo tercero", ruta + ("variables",),
                      "falta «proporcionalidad»: sin ella la parte III de la cláusula es el argumento genérico de "
                      "otra resolución y no la justificación de este caso (art. 107, fracción III: «La limitación se "
                      "adecua al principio de proporcionalidad y representa el medio menos restrictivo disponible»)")
                elif isinstance(valor, str) and _palabras(valor) < 2:
                    r("error", "PD-01", "Trigésimo tercero", ruta + ("variables", nombre),
                      f"«{nombre}» de la prueba de daño casi no tiene contenido («{valor.strip()}»)")
        perjuicio = p.variables.get("perjuicio") if p.clausula else None
        if isinstance(perjuicio, str) and exp.fecha >= ENTRADA_EN_VIGOR_2025 and not any(
                k in sin_acentos(perjuicio) for k in ("interes publico", "seguridad nacional")):
            r("advertencia", "PD-04", "Trigésimo tercero", ruta + ("variables", "perjuicio"),
              f"la parte I dice «de perjuicio significativo {perjuicio.strip()[:80]}»: el art. 107, fracción I, pide "
              "justificar un perjuicio significativo «al interés público o a la seguridad nacional»; diga a cuál (o "
              "quite la variable: se escribe el texto de la ley)")
        if p.senalada_por is not None and exp.fecha >= ENTRADA_EN_VIGOR_2025:
            # Con «ubicacion» también: decir dónde está no pone en la resolución los motivos que
            # sustentan la confirmación (Quincuagésimo primero, párrafo segundo, fr. I).
            respuestas = [x for x in exp.respuestas if normal(x.unidad) == normal(p.senalada_por)]
            texto = sin_acentos(" ".join(x.texto for x in respuestas))
            faltan = [e for e, claves in _ELEMENTOS.items() if not any(k in texto for k in claves)]
            if respuestas and faltan:
                donde = (f"; la resolución remite a «{p.ubicacion}», que debe anexarse a la respuesta (Quincuagésimo "
                         "primero, párrafo tercero)" if p.ubicacion else ", o diga en «ubicacion» dónde están")
                r("advertencia", "PD-03", "Trigésimo tercero", ruta + ("senalada_por",),
                  f"la prueba de daño remite a la respuesta de «{p.senalada_por}», en la que no se encuentra "
                  f"{', '.join(faltan)} (art. 107): transcriba las tres partes en la resolución{donde}")


def revisar_lineamientos_de_la_reserva(r: Revisor) -> None:
    exp = r.exp
    if exp.fecha < ENTRADA_EN_VIGOR_2025:
        return
    for i, c in enumerate(exp.clasificaciones):
        if c.tipo != "reservada" or c.determinacion == "revoca":
            continue
        ids = [*c.fundamentos, *c.en_relacion_con]
        ruta = ("clasificaciones", i)
        propios = {n for causal in r.catalogo.causales.values() if any(f in ids for f in causal.fracciones.values())
                   for n in causal.lineamientos}
        numerales = [x for x in ids if x in propios and x.count(".") == 1]
        con_fracciones = [n for n in numerales if any(r.catalogo.existe(f"{n}.{f}") for f in ("I", "II"))
                          and not any(x.startswith(n + ".") for x in ids)]
        if con_fracciones:
            r("advertencia", "TT-03", "Trigésimo tercero, fracción I", ruta + ("fundamentos",),
              f"se cita el numeral {', '.join(con_fracciones)} sin su fracción: se debe fundar «al citar la fracción y "
              "la hipótesis de la causal aplicable […], vinculándola con el Lineamiento específico»")
        if any(x in DISPOSICION_EXPRESA for x in ids) and not any(not x.startswith(_PROPIAS) for x in ids):
            r("error", "TSE-01", "Trigésimo segundo", ruta + ("fundamentos",),
              "la reserva por disposición expresa de una ley (art. 112, fracción XVII) debe señalar «de manera "
              "específica el supuesto normativo que expresamente le otorga ese carácter»: cite la ley y su "
              "artículo (en «fundamentos» o «en_relacion_con»)")
        if c.razones_periodo is None:
            r("error", "TC-03", "Trigésimo cuarto, párrafo tercero", ruta + ("razones_periodo",),
              "no se dicen «las razones por las cuales se estableció el plazo de reserva determinado, mismas que "
              "deberán estar relacionadas y sustentadas en la prueba de daño» («razones_periodo»)")
        if c.parcial and (c.partes_reservadas is None or c.version_publica is None
                          or c.version_publica.titular is None):
            falta = "las partes o secciones reservadas («partes_reservadas»)" if c.partes_reservadas is None else \
                "el nombre del titular y el área que elabora la versión pública («version_publica»)"
            r("error", "QP-09", "Quincuagésimo primero, párrafo segundo, fracciones II y IV", ruta,
              f"la reserva es parcial y no indica {falta}")
