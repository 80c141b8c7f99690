"""Ante quién se interpone el recurso de revisión, según la ley, el tipo de sujeto obligado y la
fecha (REC-01 a REC-05).

Desde el 21 de marzo de 2025 (Ley General de 2025, transitorio Primero) el INAI ya no existe como
autoridad garante y Transparencia para el Pueblo es la «Autoridad garante federal» (art. 3,
fr. III); los demás sujetos obligados tienen la suya (art. 3, fr. V: «los órganos internos de
control o equivalentes de los órganos constitucionales autónomos», «el Instituto Nacional
Electoral, por cuanto hace al acceso a la información pública de los partidos políticos»…). Una
resolución que manda al solicitante ante una autoridad que no es la suya lo deja sin defensa:
por eso son errores, no advertencias.
"""

from __future__ import annotations

import re
import unicodedata

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor

_INAI = re.compile(r"\binai\b|instituto nacional de transparencia", re.I)
_TPP = re.compile(r"transparencia para el pueblo", re.I)
_ARTICULO = re.compile(r"^(el|la|los|las|al)\s+")

# La autoridad garante de cada tipo de sujeto obligado (art. 3, fracciones III a V), con las palabras
# que la identifican. Donde la ley la deja a la institución (su órgano interno de control, la
# contraloría local…), el perfil la nombra en «autoridad_garante».
GARANTE_POR_TIPO: dict[str, tuple[str, tuple[str, ...]]] = {
    "ejecutivo_federal": ("Transparencia para el Pueblo (art. 3, fracción III)", ("transparencia para el pueblo",)),
    "organo_autonomo": ("su órgano interno de control o equivalente (art. 3, fracción V)",
                        ("organo interno de control", "contraloria interna", "contraloria general")),
    "judicial_federal": ("el órgano de control y disciplina del Poder Judicial (art. 3, fracción V)",
                         ("organo de control y disciplina", "tribunal de disciplina")),
    "legislativo_federal": ("la contraloría interna del Congreso de la Unión (art. 3, fracción V)",
                            ("contraloria interna", "contraloria de la camara", "contraloria del senado")),
    "partido_politico": ("el Instituto Nacional Electoral (art. 3, fracción V)", ("instituto nacional electoral",)),
    "sindicato": ("el Centro Federal de Conciliación y Registro Laboral o el Tribunal Federal de Conciliación y "
                  "Arbitraje (art. 3, fracción V)",
                  ("centro federal de conciliacion y registro laboral", "tribunal federal de conciliacion y arbitraje")),
    "ejecutivo_local": ("la autoridad garante local: el órgano de contraloría del poder ejecutivo de la entidad "
                        "(art. 3, fracción IV)", ("contraloria", "secretaria anticorrupcion", "organo garante")),
    "municipal": ("la autoridad garante local de su entidad federativa (art. 3, fracción IV)",
                  ("contraloria", "secretaria anticorrupcion", "organo garante")),
    "organo_autonomo_local": ("el órgano de contraloría interna del órgano autónomo de la entidad (art. 3, fracción V)",
                              ("contraloria", "organo interno de control", "organo garante")),
    "judicial_local": ("el órgano de contraloría interna del poder judicial de la entidad (art. 3, fracción V)",
                       ("contraloria", "organo de control", "organo garante")),
    "legislativo_local": ("el órgano de contraloría interna del poder legislativo de la entidad (art. 3, fracción V)",
                          ("contraloria", "organo garante")),
    # Sin autoridad propia: cumplen «a través de la unidad administrativa responsable» (fideicomisos
    # sin estructura, art. 71) o de quien les da los recursos; su garante es la de ese orden o poder.
    "fideicomiso": ("la del orden de gobierno o el poder al que pertenece el fideicomiso (art. 3, fracciones III a "
                    "V); dígala en «autoridad_garante» del perfil", ()),
    "persona_recursos_publicos": ("la del orden de gobierno o el poder que le asigna los recursos (art. 3, fracciones "
                                  "III a V); dígala en «autoridad_garante» del perfil", ()),
}
# Tipos cuyo garante puede ser Transparencia para el Pueblo (además del Ejecutivo federal).
_PUEDEN_SER_FEDERALES = ("ejecutivo_federal", "fideicomiso", "persona_recursos_publicos")
# Art. 3, fr. V: autoridades garantes que lo son solo de un tipo de sujeto obligado.
# Se buscan al principio del nombre (sin artículo): «el Órgano Interno de Control del Instituto
# Nacional Electoral» es el garante del INE como órgano autónomo, no el INE.
EXCLUSIVAS = (
    (re.compile(r"instituto nacional electoral\b"), ("partido_politico",),
     "el Instituto Nacional Electoral lo es «por cuanto hace al acceso a la información pública de los partidos "
     "políticos»"),
    (re.compile(r"(centro federal de conciliacion y registro laboral|tribunal federal de conciliacion y arbitraje)\b"),
     ("sindicato",), "el Centro Federal de Conciliación y Registro Laboral y el Tribunal Federal de Conciliación y "
     "Arbitraje lo son «por cuanto hace al acceso a la información pública de los sindicatos»"),
    (re.compile(r"contralorias? internas? (del congreso de la union|de la camara de (diputados|senadores)|del senado)"),
     ("legislativo_federal",), "las contralorías internas del Congreso de la Unión lo son del Poder Legislativo "
     "federal"),
)

# La fracción del art. 145 que corresponde a lo que resuelve cada tipo.
FRACCION_145 = {"reserva": "I", "confidencial": "I", "mixta": "I", "ampliacion_reserva": "I",
                "inexistencia": "II", "incompetencia": "III"}


def sin_acentos(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texto.casefold()) if unicodedata.category(c) != "Mn")


def garantes_nombrados(r: Revisor) -> list[tuple[str, tuple]]:
    """Cada texto que nombra ante quién se recurre: la variable de la cláusula de notificación, o
    un resolutivo de texto libre que habla del recurso de revisión."""
    encontrados = []
    for i, x in enumerate(r.exp.resolutivos):
        if x.clausula == "resolutivo.notificacion":
            valor = x.variables.get("autoridad_garante")
            if isinstance(valor, str):
                encontrados.append((valor, ("resolutivos", i, "variables", "autoridad_garante")))
            elif r.exp.fecha >= ENTRADA_EN_VIGOR_2025 and garante_del_perfil(r):
                encontrados.append((garante_del_perfil(r), ("resolutivos", i)))
        elif x.texto and "recurso de revisi" in x.texto.lower():
            encontrados.append((x.texto, ("resolutivos", i, "texto")))
    return encontrados


def revisar_autoridad_garante(r: Revisor) -> None:
    exp, perfil = r.exp, r.perfil
    fecha = exp.fecha
    for texto, ruta in garantes_nombrados(r):
        if fecha >= ENTRADA_EN_VIGOR_2025 and _INAI.search(texto):
            r("error", "REC-01", None, ruta,
              f"la resolución es del {fecha.isoformat()} y manda el recurso de revisión al INAI, que dejó de ser "
              "autoridad garante con la Ley General de 2025 (en vigor desde el 21-03-2025; sus procedimientos "
              "pasaron a Transparencia para el Pueblo, transitorio Noveno): el recurso se interpone «ante la "
              "Autoridad garante que corresponda» (art. 144)")
            continue
        if fecha < ENTRADA_EN_VIGOR_2025 and _TPP.search(texto):
            r("error", "REC-02", None, ruta,
              f"Transparencia para el Pueblo no existía el {fecha.isoformat()}: la crea la Ley General publicada el "
              "20-03-2025 y en vigor desde el 21-03-2025 (art. 3, fracción III); antes, la autoridad era el INAI")
            continue
        if fecha < ENTRADA_EN_VIGOR_2025 or perfil is None or perfil.sujeto_obligado is None:
            continue
        if exp.justificacion_garante:
            continue
        _revisar_garante_del_tipo(r, texto, ruta)


def _revisar_garante_del_tipo(r: Revisor, texto: str, ruta: tuple) -> None:
    """REC-03 y REC-08: la autoridad que se nombra es la del tipo de sujeto obligado del perfil."""
    perfil = r.perfil
    tipo = perfil.sujeto_obligado
    esperado, palabras = GARANTE_POR_TIPO.get(tipo, ("la que corresponda (art. 3, fracciones III a V)", ()))
    esperado = perfil.autoridad_garante or esperado
    normal = sin_acentos(texto)
    if perfil.autoridad_garante and _ARTICULO.sub("", sin_acentos(perfil.autoridad_garante).strip()) in normal:
        return
    # Solo en un nombre (la variable «autoridad_garante»): un resolutivo libre nombra también a la
    # Unidad de Transparencia de la institución, que puede ser el INE o el Centro Federal.
    nombre = _ARTICULO.sub("", normal.strip()) if ruta[-1] != "texto" else ""
    exclusiva = next(((razon, tipos) for patron, tipos, razon in EXCLUSIVAS if patron.match(nombre)), None)
    if exclusiva and tipo not in exclusiva[1]:
        r("error", "REC-03", None, ruta,
          f"«{perfil.id}» es un sujeto obligado de tipo «{tipo}»: {exclusiva[0]} (art. 3, fracción V), no de este; "
          f"su autoridad garante es {esperado}; si el caso lo justifica, dígalo en «justificacion_garante»")
    elif _TPP.search(texto) and tipo not in _PUEDEN_SER_FEDERALES:
        r("error", "REC-03", None, ruta,
          f"«{perfil.id}» es un sujeto obligado de tipo «{tipo}»: su autoridad garante es {esperado}, no "
          "Transparencia para el Pueblo, que es la autoridad garante federal (art. 3, fracciones III y V); si el "
          "caso lo justifica, dígalo en «justificacion_garante»")
    elif palabras and not any(p in normal for p in palabras):
        r("error", "REC-03", None, ruta,
          f"la autoridad garante «{texto[:80]}» no corresponde al tipo de sujeto obligado «{tipo}» del perfil "
          f"«{perfil.id}»: es {esperado}; si el caso lo justifica, dígalo en «justificacion_garante»")
    elif perfil.autoridad_garante:
        r("advertencia", "REC-08", None, ruta,
          f"el perfil «{perfil.id}» dice que su autoridad garante es {perfil.autoridad_garante}, y la resolución "
          f"nombra otra («{texto[:80]}»); revise cuál es (o dígalo en «justificacion_garante»)")


def garante_del_perfil(r: Revisor) -> str | None:
    """La autoridad garante que la cláusula de notificación toma del perfil si el expediente no la da."""
    perfil = r.perfil
    if perfil is None:
        return None
    if perfil.autoridad_garante:
        return perfil.autoridad_garante
    return "Transparencia para el Pueblo" if perfil.sujeto_obligado == "ejecutivo_federal" else None


def revisar_garante_faltante(r: Revisor) -> None:
    """REC-06: desde 2025 la notificación sin «autoridad_garante» la toma del perfil; si el perfil
    tampoco la da, la resolución no diría ante quién se recurre."""
    if r.exp.fecha < ENTRADA_EN_VIGOR_2025 or r.perfil is None:
        return
    for i, x in enumerate(r.exp.resolutivos):
        if x.clausula == "resolutivo.notificacion" and not x.variables.get("autoridad_garante") \
                and garante_del_perfil(r) is None:
            r("error", "REC-06", None, ("resolutivos", i),
              "falta la autoridad garante, así que la resolución no diría ante quién se puede interponer el "
              "recurso de revisión (art. 144). Escríbala en el campo «Autoridad garante» de este resolutivo (p. ej. "
              "«Transparencia para el Pueblo» si la institución es de la Administración Pública Federal) o, para "
              "que todas las resoluciones la tomen solas, dígala en el perfil de la institución «" + r.perfil.id +
              "» (su archivo perfil.yaml): qué tipo de sujeto obligado es o ante quién se recurre")


def revisar_fundamento_del_recurso(r: Revisor) -> None:
    """REC-04: la notificación de 2025 en adelante cita el art. 144 (el plazo de quince días y que el
    recurso también se presenta en la Unidad de Transparencia) y la fracción del art. 145 de su tipo."""
    exp = r.exp
    if exp.fecha < ENTRADA_EN_VIGOR_2025:
        return
    fraccion = FRACCION_145.get(exp.tipo)
    for i, x in enumerate(exp.resolutivos):
        if x.clausula != "resolutivo.notificacion" or "fundamentos" not in x.variables:
            continue
        ids = [f for f in x.variables["fundamentos"] if isinstance(f, str)]
        ruta = ("resolutivos", i, "variables", "fundamentos")
        if "lgtaip2025.144" not in ids:
            r("advertencia", "REC-04", None, ruta,
              "la notificación no cita el artículo 144 de la Ley General de 2025 (el recurso se interpone «dentro de "
              "los quince días siguientes a la fecha de la notificación de la respuesta», también «ante la Unidad "
              "de Transparencia que haya conocido de la solicitud»)")
        citadas = {f.rsplit(".", 1)[1] for f in ids if f.startswith("lgtaip2025.145.")}
        if fraccion and citadas and fraccion not in citadas:
            r("advertencia", "REC-05", None, ruta,
              f"una resolución de tipo «{exp.tipo}» se recurre por la fracción {fraccion} del artículo 145, no por "
              f"la{'s' if len(citadas) > 1 else ''} {', '.join(sorted(citadas))}")
