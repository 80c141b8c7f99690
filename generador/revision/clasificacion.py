"""La clasificación: causal y numeral de la reserva (OC-01, OC-02), la prueba de daño de su
causal (TT-01, TT-02), los supuestos del Trigésimo séptimo (TS-01) y las categorías de datos
confidenciales del Trigésimo octavo (TO-01, TO-02)."""

from __future__ import annotations

from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from .hallazgo import Revisor, normal

# Palabras que sugieren los supuestos del Lineamiento Trigésimo séptimo.
_SUPUESTOS_37 = ("violaciones graves", "derechos humanos", "lesa humanidad", "corrupción", "corrupcion")


def revisar_causales(r: Revisor) -> None:
    """Octavo y Trigésimo tercero: la reserva se funda en una fracción de la causal y en su numeral."""
    fracciones = {}
    for causal in r.catalogo.causales.values():
        for id_ in causal.fracciones.values():
            if id_:
                fracciones.setdefault(id_, []).append(causal)
    for i, c in enumerate(r.exp.clasificaciones):
        if c.tipo != "reservada":
            continue
        ruta = ("clasificaciones", i, "fundamentos")
        ids = [*c.fundamentos, *c.en_relacion_con]
        causales = [causal for id_ in ids for causal in fracciones.get(id_, [])]
        if not causales:
            r("error", "OC-01", "Octavo", ruta,
              "la reserva no se funda en una fracción del artículo de causales de reserva (artículo 112 de la "
              "Ley General de 2025; antes, 113 de la Ley General y 110 de la Ley Federal)")
            continue
        numerales = {n for causal in causales for n in causal.lineamientos}
        if numerales and not any(id_ in numerales or id_.rsplit(".", 1)[0] in numerales
                                 or ".".join(id_.split(".")[:2]) in numerales for id_ in ids):
            nombres = ", ".join(sorted(numerales))
            r("advertencia", "OC-02", "Octavo", ruta,
              f"la reserva no cita el numeral de los Lineamientos que desarrolla su causal ({nombres})")
        prueba = c.prueba_de_dano
        if prueba is not None and prueba.clausula:
            propias = {causal.clausula for causal in causales}
            if prueba.clausula not in propias:
                r("advertencia", "TT-01", "Trigésimo tercero", ("clasificaciones", i, "prueba_de_dano", "clausula"),
                  f"la cláusula de prueba de daño «{prueba.clausula}» no es la de la causal citada "
                  f"({', '.join(sorted(p for p in propias if p))})")
        if prueba is not None and prueba.senalada_por is not None:
            if normal(prueba.senalada_por) not in {normal(x.unidad) for x in r.exp.respuestas}:
                r("advertencia", "TT-02", "Trigésimo tercero", ("clasificaciones", i, "prueba_de_dano", "senalada_por"),
                  "la prueba de daño remite a una unidad que no está entre las respuestas del expediente")


def revisar_trigesimo_septimo(r: Revisor) -> None:
    textos = [s.texto for s in r.exp.solicitudes] + [x.texto for x in r.exp.respuestas]
    comunes = None
    for i, c in enumerate(r.exp.clasificaciones):
        if c.tipo != "reservada":
            continue
        if comunes is None:  # los textos de solicitudes y respuestas, en minúsculas una sola vez
            comunes = [t.lower() for t in textos]
        minusculas = [*comunes, c.descripcion.lower(), c.motivacion.lower()]
        mencionados = sorted({p for p in _SUPUESTOS_37 for t in minusculas if p in t})
        if c.manifiesta_excepciones:
            # La manifestación es una frase fija: si el expediente habla de uno de los supuestos y
            # la motivación no lo trata, la resolución afirma lo contrario sin razonarlo.
            motivacion = c.motivacion.lower()
            if mencionados and r.exp.fecha >= ENTRADA_EN_VIGOR_2025 and not any(p in motivacion for p in _SUPUESTOS_37):
                r("advertencia", "TS-02", "Trigésimo séptimo", ("clasificaciones", i, "motivacion"),
                  f"el expediente menciona «{mencionados[0]}» y la resolución manifiesta, con la frase de siempre, "
                  "que la información no se refiere a violaciones graves de derechos humanos, delitos de lesa "
                  "humanidad ni actos de corrupción: diga en la motivación por qué no es el caso (art. 114)")
            continue
        if mencionados:
            r("advertencia", "TS-01", "Trigésimo séptimo", ("clasificaciones", i),
              f"el expediente menciona «{mencionados[0]}»: la reserva no puede invocarse si la información se "
              "refiere a violaciones graves de derechos humanos, delitos de lesa humanidad o actos de "
              "corrupción; si no es el caso, manifiéstelo con «manifiesta_excepciones: true»")


# Ley General 2025, art. 115, párrafo quinto: «Se considera confidencial el pronunciamiento sobre
# la existencia o inexistencia de quejas, denuncias y/o procedimientos administrativos […] en
# trámite»: un supuesto nuevo que no es ninguna categoría de datos del Trigésimo octavo (2022).
SIN_CATEGORIA = frozenset({"lgtaip2025.115.p5"})


def revisar_trigesimo_octavo(r: Revisor) -> None:
    for i, c in enumerate(r.exp.clasificaciones):
        if c.tipo == "confidencial" and not c.categorias and SIN_CATEGORIA & {*c.fundamentos, *c.en_relacion_con}:
            continue
        if c.tipo == "confidencial" and not c.categorias:
            r("error", "TO-01", "Trigésimo octavo y Quincuagésimo segundo", ("clasificaciones", i, "categorias"),
              "una clasificación confidencial debe identificar los tipos de datos protegidos (categorías del "
              "Lineamiento Trigésimo octavo, p. ej. «datos.identificativos»)")
        if c.tipo == "reservada" and c.categorias:
            r("advertencia", "TO-02", "Trigésimo octavo", ("clasificaciones", i, "categorias"),
              "las categorías de datos confidenciales no aplican a una clasificación reservada")
