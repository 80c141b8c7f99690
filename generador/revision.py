"""Revisión jurídica del expediente: los hallazgos de ``resoluciones validar``.

Cada hallazgo tiene un nivel (``error`` o ``advertencia``), un código estable, el
campo y la línea que lo originan y, cuando aplica, el numeral de los Lineamientos
que lo exige. ``generar`` se niega a escribir con errores e imprime las advertencias.

Se revisa lo que los Lineamientos Generales exigen a una resolución (la lista
completa, con un ejemplo de cada hallazgo, está en ``docs/revision.md``) y la
vigencia de los fundamentos citados: una resolución fechada cuando la disposición no
estaba en vigor (p. ej. una de 2026 que cita la Ley Federal de Transparencia,
abrogada el 21 de marzo de 2025) recibe una advertencia con la disposición sucesora,
o un error con ``estricto``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Iterator, Literal

from .catalogo import Catalogo, Fundamento, es_instrumento_completo, ids_de_variable
from .citas import citar
from .expediente import Expediente
from .yaml_lineas import Documento, formatear_ruta

if TYPE_CHECKING:
    from .institucion import Perfil

Nivel = Literal["error", "advertencia"]


@dataclass(frozen=True)
class Hallazgo:
    nivel: Nivel
    codigo: str
    mensaje: str
    campo: str | None = None
    linea: int | None = None
    archivo: str | None = None
    lineamiento: str | None = None

    def __str__(self) -> str:
        donde = self.archivo or ""
        if self.linea:
            donde += f", línea {self.linea}"
        if self.campo:
            donde += f" — campo «{self.campo}»"
        norma = f" [Lineamiento {self.lineamiento}]" if self.lineamiento else ""
        return f"{self.nivel} {self.codigo}{norma}: {donde + ': ' if donde else ''}{self.mensaje}"

    def como_dict(self) -> dict:
        return asdict(self)


def fundamentos_citados(exp: Expediente, catalogo: Catalogo) -> Iterator[tuple[str, tuple]]:
    """Cada id citado por el expediente (también en variables de cláusulas), con su ruta."""
    for i, c in enumerate(exp.clasificaciones):
        for j, id_ in enumerate(c.fundamentos):
            yield id_, ("clasificaciones", i, "fundamentos", j)
        for j, id_ in enumerate(c.en_relacion_con):
            yield id_, ("clasificaciones", i, "en_relacion_con", j)
    if exp.fundamentacion_resolucion is not None:
        for j, id_ in enumerate(exp.fundamentacion_resolucion.fundamentos):
            yield id_, ("fundamentacion_resolucion", "fundamentos", j)
    if exp.acta is not None:
        for i, acuerdo in enumerate(exp.acta.acuerdos):
            for j, id_ in enumerate(acuerdo.fundamentos):
                yield id_, ("acta", "acuerdos", i, "fundamentos", j)
    for id_clausula, variables, ruta in clausulas_citadas(exp):
        clausula = catalogo.clausulas.get(id_clausula)
        if clausula is None:
            continue
        for nombre, variable in clausula.variables.items():
            valor = variables.get(nombre)
            if variable.tipo != "fundamentos" or valor is None:
                continue
            for j, id_ in enumerate(ids_de_variable(valor)):
                if isinstance(id_, str):
                    yield id_, ruta + ("variables", nombre, j)


def clausulas_citadas(exp: Expediente) -> Iterator[tuple[str, dict, tuple]]:
    """Cada cláusula que usa el expediente: (id, variables, ruta del campo que la cita)."""
    for i, r in enumerate(exp.resolutivos):
        if r.clausula:
            yield r.clausula, r.variables, ("resolutivos", i)
    for i, c in enumerate(exp.clasificaciones):
        if c.prueba_de_dano is not None and c.prueba_de_dano.clausula:
            yield c.prueba_de_dano.clausula, c.prueba_de_dano.variables, ("clasificaciones", i, "prueba_de_dano")


def _describir(catalogo: Catalogo, fundamento: Fundamento) -> str:
    if es_instrumento_completo(fundamento):
        return fundamento.instrumento.nombre
    return citar(catalogo, [fundamento.id])


def _vigencia(exp: Expediente, doc: Documento | None, catalogo: Catalogo, estricto: bool) -> list[Hallazgo]:
    hallazgos = []
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
        hallazgos.append(Hallazgo(
            "error" if estricto else "advertencia", "VIG-01", mensaje + ".",
            formatear_ruta(ruta), doc.linea(ruta) if doc else None, doc.archivo if doc else None,
        ))
    return hallazgos


def _fechas_posteriores(exp: Expediente, doc: Documento | None) -> list[Hallazgo]:
    """Solicitudes, respuestas o sesión con fecha posterior a la resolución: casi siempre
    un error de captura (la resolución no puede analizar lo que aún no existía)."""
    fechas = [(s.fecha, ("solicitudes", i, "fecha")) for i, s in enumerate(exp.solicitudes)]
    fechas += [(r.fecha, ("respuestas", i, "fecha")) for i, r in enumerate(exp.respuestas)]
    if exp.sesion is not None:
        fechas.append((exp.sesion.fecha, ("sesion", "fecha")))
    return [
        Hallazgo("advertencia", "FEC-01",
                 f"la fecha {fecha.isoformat()} es posterior a la de la resolución ({exp.fecha.isoformat()})",
                 formatear_ruta(ruta), doc.linea(ruta) if doc else None, doc.archivo if doc else None)
        for fecha, ruta in fechas if fecha is not None and fecha > exp.fecha
    ]


def _oficio(exp: Expediente, doc: Documento | None, perfil: Perfil | None) -> list[Hallazgo]:
    """Un número de oficio que no sigue la numeración de la institución suele ser una
    resolución anterior copiada sin cambiar el número (o el año)."""
    if perfil is None or perfil.sigue_patron_oficio(exp.oficio, exp.fecha) is not False:
        return []
    ejemplo = perfil.oficio(1, exp.fecha)
    return [Hallazgo(
        "advertencia", "OFI-01",
        f"el oficio «{exp.oficio}» no sigue la numeración del perfil «{perfil.id}» en {exp.fecha.year} "
        f"(«{perfil.patron_oficio}», p. ej. «{ejemplo}»); revise el número y el año",
        "oficio", doc.linea(("oficio",)) if doc else None, doc.archivo if doc else None)]


class _Revisor:
    """Arma hallazgos con la línea y el archivo del expediente."""

    def __init__(self, exp: Expediente, doc: Documento | None, catalogo: Catalogo, perfil: Perfil | None = None):
        self.exp, self.doc, self.catalogo = exp, doc, catalogo
        # Quienes firman de verdad: los del expediente o, si no da ninguno, los integrantes
        # del Comité que da el perfil (como en el documento).
        self.firmantes = list(exp.firmantes) or (list(perfil.miembros) if perfil is not None else [])
        self.hallazgos: list[Hallazgo] = []

    def __call__(self, nivel: Nivel, codigo: str, lineamiento: str, ruta: tuple, mensaje: str) -> None:
        self.hallazgos.append(Hallazgo(
            nivel, codigo, mensaje, formatear_ruta(ruta) or None,
            self.doc.linea(ruta) if self.doc else None, self.doc.archivo if self.doc else None, lineamiento))


# Palabras que sugieren los supuestos del Lineamiento Trigésimo séptimo.
_SUPUESTOS_37 = ("violaciones graves", "derechos humanos", "lesa humanidad", "corrupción", "corrupcion")


def _quincuagesimo_primero(r: _Revisor) -> None:
    exp = r.exp
    if exp.sesion is None or exp.sesion.numero is None:
        falta = "el número ni la fecha" if exp.sesion is None or exp.sesion.fecha is None else "el número"
        r("advertencia", "QP-01", "Quincuagésimo primero, fracción I", ("sesion",),
          f"la resolución no indica {falta} de la sesión del Comité en que se aprobó")
    elif exp.sesion.fecha is None:
        r("advertencia", "QP-02", "Quincuagésimo primero, fracción I", ("sesion", "fecha"),
          "la resolución no indica la fecha de la sesión del Comité")
    unidades = {_normal(x.unidad) for x in exp.respuestas}
    for i, c in enumerate(exp.clasificaciones):
        if _normal(c.unidad) not in unidades:
            r("advertencia", "QP-03", "Quincuagésimo primero, fracción II", ("clasificaciones", i, "unidad"),
              f"el área que solicitó la clasificación («{c.unidad}») no está entre las respuestas del expediente")
    if len(r.firmantes) < 3:
        r("advertencia", "QP-04", "Quincuagésimo primero, fracción V", ("firmantes",),
          f"firman {len(r.firmantes)} integrantes; la resolución lleva la firma de cada integrante del "
          "Comité, órgano colegiado de número impar (en la Administración Pública Federal, al menos tres)")
    confirma = any(x.clausula == "resolutivo.confirma_clasificacion"
                   or (x.texto and "confirm" in x.texto.lower()) for x in exp.resolutivos)
    if exp.clasificaciones and not confirma:
        r("advertencia", "QP-05", "Quincuagésimo primero, fracción IV", ("resolutivos",),
          "ningún resolutivo confirma, modifica o revoca la clasificación")
    for i, c in enumerate(exp.clasificaciones):
        if c.tipo != "reservada" or c.periodo_reserva is None:
            continue
        periodo = c.periodo_reserva
        ruta = ("clasificaciones", i, "periodo_reserva")
        calculada = periodo.vencimiento_calculado(exp.fecha)
        if periodo.vencimiento is None:
            r("advertencia", "QP-06", "Quincuagésimo primero, párrafo segundo, fracción III", ruta,
              f"no se indica la fecha de expiración de la reserva (con {periodo.anios} años contados desde el "
              f"{periodo.inicio(exp.fecha).isoformat()}, sería el {calculada.isoformat()}: «vencimiento: "
              f"{calculada.isoformat()}»)")
        elif periodo.vencimiento != "calcular" and periodo.vencimiento not in (calculada, calculada - _dt.timedelta(days=1)):
            r("error", "TC-02", "Trigésimo cuarto", ruta + ("vencimiento",),
              f"la fecha de expiración {periodo.vencimiento.isoformat()} no corresponde a {periodo.anios} años "
              f"contados desde el {periodo.inicio(exp.fecha).isoformat()} (sería el {calculada.isoformat()})")
        if c.version_publica is None and c.parcial and any(
                "versión pública" in (x.texto or "").lower() or "version publica" in (x.texto or "").lower()
                for x in exp.respuestas):
            r("advertencia", "QP-07", "Quincuagésimo primero, párrafo segundo, fracción IV",
              ("clasificaciones", i), "se menciona una versión pública, pero no se indica el área y la persona "
              "titular encargadas de elaborarla («version_publica»)")


def _causales(r: _Revisor) -> None:
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
            if _normal(prueba.senalada_por) not in {_normal(x.unidad) for x in r.exp.respuestas}:
                r("advertencia", "TT-02", "Trigésimo tercero", ("clasificaciones", i, "prueba_de_dano", "senalada_por"),
                  "la prueba de daño remite a una unidad que no está entre las respuestas del expediente")


def _quorum(r: _Revisor) -> None:
    """Un acta: asisten más de la mitad de los integrantes (el Comité decide por mayoría)."""
    acta = r.exp.acta
    if acta is None or acta.integrantes is None or not r.firmantes:
        return
    if len(r.firmantes) * 2 <= acta.integrantes:
        r("error", "QUO-01", "Quincuagésimo primero, fracción V", ("firmantes",),
          f"asisten {len(r.firmantes)} de {acta.integrantes} integrantes: no hay quórum para sesionar")
    if len(r.firmantes) > acta.integrantes:
        r("error", "QUO-02", "Quincuagésimo primero, fracción V", ("acta", "integrantes"),
          f"firman {len(r.firmantes)} personas, más que los {acta.integrantes} integrantes del Comité")


def _trigesimo_septimo(r: _Revisor) -> None:
    textos = [s.texto for s in r.exp.solicitudes] + [x.texto for x in r.exp.respuestas]
    for i, c in enumerate(r.exp.clasificaciones):
        if c.tipo != "reservada" or c.manifiesta_excepciones:
            continue
        mencionados = sorted({p for p in _SUPUESTOS_37 for t in [*textos, c.descripcion, c.motivacion]
                              if p in t.lower()})
        if mencionados:
            r("advertencia", "TS-01", "Trigésimo séptimo", ("clasificaciones", i),
              f"el expediente menciona «{mencionados[0]}»: la reserva no puede invocarse si la información se "
              "refiere a violaciones graves de derechos humanos, delitos de lesa humanidad o actos de "
              "corrupción; si no es el caso, manifiéstelo con «manifiesta_excepciones: true»")


def _trigesimo_octavo(r: _Revisor) -> None:
    for i, c in enumerate(r.exp.clasificaciones):
        if c.tipo == "confidencial" and not c.categorias:
            r("error", "TO-01", "Trigésimo octavo y Quincuagésimo segundo", ("clasificaciones", i, "categorias"),
              "una clasificación confidencial debe identificar los tipos de datos protegidos (categorías del "
              "Lineamiento Trigésimo octavo, p. ej. «datos.identificativos»)")
        if c.tipo == "reservada" and c.categorias:
            r("advertencia", "TO-02", "Trigésimo octavo", ("clasificaciones", i, "categorias"),
              "las categorías de datos confidenciales no aplican a una clasificación reservada")


def _normal(texto: str) -> str:
    return " ".join(texto.split()).casefold()


def revisar(exp: Expediente, doc: Documento | None, catalogo: Catalogo, *, estricto: bool = False,
            perfil: Perfil | None = None) -> list[Hallazgo]:
    """Todos los hallazgos del expediente, errores primero. Con el ``perfil`` de la
    institución se revisa también la numeración del oficio."""
    revisor = _Revisor(exp, doc, catalogo, perfil)
    for revision in (_quincuagesimo_primero, _causales, _trigesimo_septimo, _trigesimo_octavo, _quorum):
        revision(revisor)
    hallazgos = (revisor.hallazgos + _vigencia(exp, doc, catalogo, estricto) + _fechas_posteriores(exp, doc)
                 + _oficio(exp, doc, perfil))
    return sorted(hallazgos, key=lambda h: (h.nivel != "error", h.linea or 0))


def codigo_de_salida(hallazgos: list[Hallazgo]) -> int:
    """0 sin hallazgos, 1 solo advertencias, 2 con algún error."""
    if any(h.nivel == "error" for h in hallazgos):
        return 2
    return 1 if hallazgos else 0
