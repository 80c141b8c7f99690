"""Tablas y notas al pie de los bloques de texto: su forma, sus límites y sus atributos.

Las resoluciones reales llevan tablas (el rubro de dos columnas con el expediente y la
instancia requerida; la relación de los datos testados de una versión pública, con sus
fojas) y notas al pie (la fuente de una tesis, la publicación de un acuerdo). Las escribe
una plantilla, es decir, un autor ajeno al programa: aquí todo lo que entra es dato acotado
(cuántas filas, columnas, notas y cuánto texto), los atributos son una lista cerrada con
valores validados, y no hay tablas anidadas ni notas dentro de notas. La etapa de Word
(``word/tablas.py``, ``word/notas.py``) solo escribe lo que ya pasó por aquí.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_FILAS = 300
MAX_COLUMNAS = 12
MAX_TABLAS = 100  # por documento
MAX_NOTAS = 300  # por documento
MAX_TEXTO_DE_NOTA = 3000
MAX_TEXTO_DE_CELDA = 4000

ALINEACIONES = {"izquierda": "left", "centro": "center", "derecha": "right"}
_ANCHOS = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3}){0,11}\s*$")


@dataclass
class Celda:
    """Una celda: texto en línea (``Tramo``), en negritas si es de encabezado (``<th>``)."""

    tramos: list[Any] = field(default_factory=list)
    encabezado: bool = False


@dataclass
class Fila:
    """Una fila; las de ``<thead>`` se repiten arriba de cada hoja."""

    celdas: list[Celda] = field(default_factory=list)
    encabezado: bool = False


@dataclass
class Tabla:
    """Una tabla de un bloque de texto, ya leída y acotada."""

    filas: list[Fila] = field(default_factory=list)
    anchos: tuple[int, ...] | None = None  # porcentaje de cada columna; sin ellos, iguales
    bordes: bool = True
    ancho: int = 100  # porcentaje del ancho útil de la página
    alineacion: str = "centro"

    @property
    def columnas(self) -> int:
        return len(self.filas[0].celdas) if self.filas else 0

    def proporciones(self) -> list[float]:
        """La fracción del ancho de la tabla que toma cada columna (suman 1)."""
        if self.anchos is None:
            return [1 / self.columnas] * self.columnas
        total = sum(self.anchos)
        return [a / total for a in self.anchos]


def tabla_de_atributos(atributos: dict[str, str | None]) -> Tabla:
    """``<table data-bordes="no" data-anchos="30,70" data-ancho="60" data-alineacion="derecha">``.

    Un atributo desconocido o un valor fuera de lo admitido es un ``ValueError`` con el
    mensaje en español (quien lee el HTML lo convierte en error con su origen)."""
    tabla = Tabla()
    for nombre, valor in atributos.items():
        valor = (valor or "").strip()
        if nombre == "data-bordes":
            if valor not in ("si", "sí", "no"):
                raise ValueError("data-bordes admite «si» o «no»")
            tabla.bordes = valor != "no"
        elif nombre == "data-anchos":
            if not _ANCHOS.match(valor):
                raise ValueError("data-anchos es una lista de porcentajes separados por comas («30,70»), "
                                 f"a lo sumo {MAX_COLUMNAS}")
            anchos = tuple(int(a) for a in valor.split(","))
            if any(a == 0 for a in anchos):
                raise ValueError("data-anchos no admite columnas de ancho 0")
            tabla.anchos = anchos
        elif nombre == "data-ancho":
            if not valor.isdigit() or not 10 <= int(valor) <= 100:
                raise ValueError("data-ancho es el porcentaje del ancho de la página, de 10 a 100")
            tabla.ancho = int(valor)
        elif nombre == "data-alineacion":
            if valor not in ALINEACIONES:
                raise ValueError(f"data-alineacion admite {', '.join(ALINEACIONES)}")
            tabla.alineacion = valor
        else:
            raise ValueError(f"atributo «{nombre}» no admitido en <table> (se admiten data-bordes, data-anchos, "
                             "data-ancho y data-alineacion)")
    return tabla


def comprobar_tabla(tabla: Tabla) -> None:
    """Lo que se comprueba al cerrar ``</table>``: filas, columnas y anchos coherentes."""
    if not tabla.filas:
        raise ValueError("la tabla no tiene filas (<tr>)")
    columnas = tabla.columnas
    if any(len(f.celdas) != columnas for f in tabla.filas):
        raise ValueError(f"todas las filas de una tabla llevan las mismas celdas (la primera tiene {columnas})")
    if tabla.anchos is not None and len(tabla.anchos) != columnas:
        raise ValueError(f"data-anchos da {len(tabla.anchos)} anchos para {columnas} columnas")


def texto_de_tramos(tramos: list[Any]) -> str:
    return "".join("\n" if t.salto else t.texto for t in tramos)


def tabla_a_html(tabla: Tabla, tramos_a_html) -> str:
    """La tabla para la vista previa, escrita desde los datos ya leídos (texto escapado por
    ``tramos_a_html``; los atributos son números y palabras de una lista cerrada)."""
    estilo = f"width:{tabla.ancho}%"
    if tabla.alineacion == "derecha":
        estilo += ";margin-left:auto"
    elif tabla.alineacion == "centro":
        estilo += ";margin-left:auto;margin-right:auto"
    clase = "con-bordes" if tabla.bordes else "sin-bordes"
    columnas = "".join(f'<col style="width:{p * 100:.1f}%">' for p in tabla.proporciones())
    filas = []
    for fila in tabla.filas:
        etiqueta = "th" if fila.encabezado else "td"
        celdas = "".join(f"<{'th' if c.encabezado else etiqueta}>{tramos_a_html(c.tramos)}</{'th' if c.encabezado else etiqueta}>"
                         for c in fila.celdas)
        filas.append(f"<tr>{celdas}</tr>")
    return f'<table class="{clase}" style="{estilo}"><colgroup>{columnas}</colgroup>{"".join(filas)}</table>'


# En el formato ligero del expediente, una nota al pie se escribe «^[texto de la nota]» (la
# nota en línea de Pandoc): quien redacta no escribe HTML.
_NOTA_LIGERA = re.compile(r"\^\[([^\[\]]+)\]")


def partir_notas(texto: str) -> list[str]:
    """«Ley General^[DOF 4-V-2015.] y…» → ["Ley General", "DOF 4-V-2015.", " y…"]: los
    impares son notas."""
    return _NOTA_LIGERA.split(texto)
