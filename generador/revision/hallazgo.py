"""Un hallazgo de la revisión y quien los arma con la línea y el archivo del expediente.

Todas las familias de revisiones (un módulo cada una en este paquete) escriben sus
hallazgos con :class:`Revisor`, así que todos tienen la misma forma: nivel, código
estable, campo, línea, archivo y el numeral de los Lineamientos que lo exige.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from ..catalogo import Catalogo
from ..expediente import Expediente
from ..expediente.yaml_lineas import Documento, formatear_ruta

if TYPE_CHECKING:
    from ..plantillas.perfil import Perfil

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


class Revisor:
    """Arma hallazgos con la línea y el archivo del expediente."""

    def __init__(self, exp: Expediente, doc: Documento | None, catalogo: Catalogo, perfil: Perfil | None = None,
                 estricto: bool = False):
        self.exp, self.doc, self.catalogo, self.perfil, self.estricto = exp, doc, catalogo, perfil, estricto
        # Quienes firman de verdad: los del expediente o, si no da ninguno, los integrantes
        # del Comité que da el perfil (como en el documento).
        self.firmantes = list(exp.firmantes) or (list(perfil.miembros) if perfil is not None else [])
        self.hallazgos: list[Hallazgo] = []
        # Lo que varias revisiones sacan del mismo expediente, una sola vez por revisión (los
        # textos del Comité: un model_dump entero, en la validación en vivo de la página).
        self.memo: dict = {}

    def __call__(self, nivel: Nivel, codigo: str, lineamiento: str, ruta: tuple, mensaje: str) -> None:
        self.hallazgos.append(Hallazgo(
            nivel, codigo, mensaje, formatear_ruta(ruta) or None,
            self.doc.linea(ruta) if self.doc else None, self.doc.archivo if self.doc else None, lineamiento))


def normal(texto: str) -> str:
    """Un nombre de unidad comparable: sin espacios repetidos ni mayúsculas."""
    return " ".join(texto.split()).casefold()


def codigo_de_salida(hallazgos: list[Hallazgo]) -> int:
    """0 sin hallazgos, 1 solo advertencias, 2 con algún error."""
    if any(h.nivel == "error" for h in hallazgos):
        return 2
    return 1 if hallazgos else 0
