"""Revisión jurídica del expediente: los hallazgos de ``resoluciones validar``.

Cada hallazgo tiene un nivel (``error`` o ``advertencia``), un código estable, el
campo y la línea que lo originan y, cuando aplica, el numeral de los Lineamientos
que lo exige. ``generar`` se niega a escribir con errores e imprime las advertencias.

Por ahora se revisa la vigencia de los fundamentos citados: una resolución fechada
cuando la disposición no estaba en vigor (p. ej. una de 2026 que cita la Ley Federal
de Transparencia, abrogada el 21 de marzo de 2025) recibe una advertencia con la
disposición sucesora, o un error con ``estricto``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Iterator, Literal

from .catalogo import Catalogo, Fundamento, es_instrumento_completo
from .citas import citar
from .expediente import Expediente
from .yaml_lineas import Documento, formatear_ruta

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
        return f"{self.nivel} {self.codigo}{norma}: {donde}: {self.mensaje}"

    def como_dict(self) -> dict:
        return asdict(self)


def fundamentos_citados(exp: Expediente, catalogo: Catalogo) -> Iterator[tuple[str, tuple]]:
    """Cada id citado por el expediente (también en variables de cláusulas), con su ruta."""
    for i, c in enumerate(exp.clasificaciones):
        for j, id_ in enumerate(c.fundamentos):
            yield id_, ("clasificaciones", i, "fundamentos", j)
        for j, id_ in enumerate(c.en_relacion_con):
            yield id_, ("clasificaciones", i, "en_relacion_con", j)
    for j, id_ in enumerate(exp.fundamentacion_resolucion.fundamentos):
        yield id_, ("fundamentacion_resolucion", "fundamentos", j)
    for id_clausula, variables, ruta in clausulas_citadas(exp):
        clausula = catalogo.clausulas.get(id_clausula)
        if clausula is None:
            continue
        for nombre, variable in clausula.variables.items():
            valor = variables.get(nombre)
            if variable.tipo != "fundamentos" or valor is None:
                continue
            for j, id_ in enumerate([valor] if isinstance(valor, str) else valor):
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


def revisar(exp: Expediente, doc: Documento | None, catalogo: Catalogo, *, estricto: bool = False) -> list[Hallazgo]:
    """Todos los hallazgos del expediente, errores primero."""
    hallazgos = _vigencia(exp, doc, catalogo, estricto) + _fechas_posteriores(exp, doc)
    return sorted(hallazgos, key=lambda h: (h.nivel != "error", h.linea or 0))


def codigo_de_salida(hallazgos: list[Hallazgo]) -> int:
    """0 sin hallazgos, 1 solo advertencias, 2 con algún error."""
    if any(h.nivel == "error" for h in hallazgos):
        return 2
    return 1 if hallazgos else 0
