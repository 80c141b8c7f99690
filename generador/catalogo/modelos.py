"""Los modelos de un archivo del catálogo: instrumentos, disposiciones, cláusulas, causales
de reserva y categorías de datos confidenciales.

Cada archivo YAML se valida contra estos modelos (pydantic); el formato para autores está
en ``docs/formato-catalogo.md``. El texto legal es un dato: aquí solo se describe su forma.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from ..letras import desde_romano
from ..modelos.base import BaseModel, ConfigDict, Field, model_validator

# Orden jerárquico de los instrumentos en una cita.
# Las leyes generales (que distribuyen competencias entre órdenes de gobierno) se
# citan antes que las federales y las demás leyes.
JERARQUIA = {
    "constitucion": 0, "tratado": 1, "ley_general": 2, "ley": 3, "reglamento": 4, "decreto": 5,
    "acuerdo": 6, "lineamientos": 7, "otro": 8,
}

_DETERMINANTE = {"f": "la", "m": "el", "fp": "las", "mp": "los"}


class _Modelo(BaseModel):
    # defer_build: los validadores se construyen al validar el primer archivo; con el
    # catálogo en caché nunca hace falta, y el arranque ahorra ese trabajo.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Vigencia(_Modelo):
    desde: _dt.date | None = None
    hasta: _dt.date | None = None

    @model_validator(mode="after")
    def _en_orden(self) -> Vigencia:
        if self.desde is not None and self.hasta is not None and self.hasta < self.desde:
            raise ValueError(f"la vigencia termina ({self.hasta.isoformat()}) antes de empezar "
                             f"({self.desde.isoformat()})")
        return self

    def incluye(self, fecha: _dt.date) -> bool:
        return (self.desde is None or self.desde <= fecha) and (self.hasta is None or fecha <= self.hasta)

    def describir(self) -> str:
        if self.desde is None and self.hasta is None:
            return "sin fechas de vigencia registradas"
        desde = self.desde.isoformat() if self.desde else "(inicio no registrado)"
        return f"vigente del {desde} al {self.hasta.isoformat()}" if self.hasta else f"vigente desde el {desde}"


class Instrumento(_Modelo):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    nombre: str
    nombre_corto: str | None = None
    tipo: Literal["constitucion", "tratado", "ley_general", "ley", "reglamento", "decreto", "acuerdo",
                  "lineamientos", "otro"]
    genero: Literal["f", "m", "fp", "mp"]
    unidad: Literal["articulo", "numeral", "regla"] = "articulo"
    # Unas reglas se citan por su ordinal femenino sin la palabra: «la Tercera de las Reglas …».
    palabra_unidad: bool = Field(True, description="Si la cita antepone «artículo», «numeral» o «regla».")
    sufijo_ordinal: bool = Field(
        False, description="Si los artículos 1 a 9 se citan con «o.» (Constitución: «6o.»)."
    )
    publicacion_dof: _dt.date | None = None
    reformas_dof: list[_dt.date] = Field(default_factory=list)
    vigencia: Vigencia = Field(default_factory=Vigencia)
    abrogado_por: str | None = None
    cita_complemento: str | None = None
    fuente: str | None = None

    @property
    def determinante(self) -> str:
        return _DETERMINANTE[self.genero]

    def de_nombre(self) -> str:
        """"de la Ley …", "del Reglamento …", "de los Lineamientos …"."""
        det = self.determinante
        base = f"del {self.nombre}" if det == "el" else f"de {det} {self.nombre}"
        return f"{base}, {self.cita_complemento}" if self.cita_complemento else base

    def nombre_citado(self) -> str:
        """El instrumento citado completo (acuerdos citados sin artículo)."""
        return f"{self.nombre}, {self.cita_complemento}" if self.cita_complemento else self.nombre


class Version(_Modelo):
    desde: _dt.date | None = None
    hasta: _dt.date | None = None
    texto: str | None = None
    sin_texto: str | None = None
    nota: str | None = None

    @model_validator(mode="after")
    def _texto_o_razon(self) -> "Version":
        if self.texto is None and not self.sin_texto:
            raise ValueError("una versión sin texto debe decir por qué en «sin_texto»")
        return self


class Disposicion(_Modelo):
    id: str = Field(pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_\-]+)+$")
    articulo: str = Field(min_length=1)
    transitorio: bool = False
    apartado: str | None = None
    fraccion: str | None = None
    inciso: str | None = None
    parrafo: int | None = Field(None, ge=1)
    # El párrafo citado es el último del artículo en la fuente: con la opción «ultimo_parrafo»
    # del perfil se cita «último párrafo» (solo donde la fuente lo muestra, nunca deducido).
    parrafo_ultimo: bool = False
    # Un transitorio de un decreto o acuerdo de reforma no es del instrumento: se cita «de» ese
    # decreto, como lo nombra la fuente («de los Acuerdos por los que se modifican …»).
    decreto: str | None = Field(None, min_length=5)
    rubro: str | None = None
    texto: str | None = None
    sin_texto: str | None = None
    derogado: str | None = None
    reformas: list[str] = Field(default_factory=list)
    # Fechas (DOF) de las reformas que tocaron esta disposición, solo donde la fuente dice qué
    # numeral tocó cada reforma: con ellas la cita dice «y sus modificaciones…» (``reformas.py``).
    reformas_dof: list[_dt.date] = Field(default_factory=list)
    vigencia: Vigencia | None = None
    versiones: list[Version] = Field(default_factory=list)
    etiquetas: list[str] = Field(default_factory=list)
    relacionadas: list[str] = Field(default_factory=list)
    sucesora: str | None = None

    @model_validator(mode="after")
    def _coherencia(self) -> "Disposicion":
        if self.texto is None and not self.sin_texto and not self.versiones:
            raise ValueError("una disposición sin texto debe decir por qué en «sin_texto»")
        self.orden_fraccion()  # ValueError si la fracción no empieza con un romano
        if self.parrafo_ultimo and self.parrafo is None:
            raise ValueError("«parrafo_ultimo» solo vale en una disposición con «parrafo»")
        if self.decreto and not self.transitorio:
            raise ValueError("«decreto» solo vale en un transitorio (el del decreto o acuerdo de reforma)")
        return self

    def orden_fraccion(self) -> int:
        """Número de la fracción para ordenar ("II A" → 2); 0 si no hay fracción."""
        return desde_romano(self.fraccion.split()[0]) if self.fraccion else 0


class ValorPorFecha(_Modelo):
    """Valor predeterminado de una variable según la fecha de la resolución."""

    desde: _dt.date | None = None
    hasta: _dt.date | None = None
    valor: Any


class Variable(_Modelo):
    descripcion: str
    tipo: Literal["texto", "fundamentos", "fecha", "entero", "unidad", "logico"] = "texto"
    obligatoria: bool = True
    # Si el expediente no da la variable: el valor de la fecha de la resolución (así
    # una resolución posterior al 21-03-2025 cita por omisión la Ley General de 2025).
    por_fecha: list[ValorPorFecha] = Field(default_factory=list)

    def predeterminado(self, fecha: _dt.date) -> Any:
        for opcion in self.por_fecha:
            if Vigencia(desde=opcion.desde, hasta=opcion.hasta).incluye(fecha):
                return opcion.valor
        return None


PARTES_PRUEBA_DE_DANO = ("riesgo_real", "interes_publico", "proporcionalidad")


class Clausula(_Modelo):
    """Texto reutilizable (resolutivo, prueba de daño, motivación) con variables declaradas.

    Una cláusula de prueba de daño tiene ``partes`` (las tres del Lineamiento
    Trigésimo tercero) en lugar de un ``texto``.
    """

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    tipo: Literal["resolutivo", "prueba_de_dano", "motivacion", "otro"]
    titulo: str
    variables: dict[str, Variable] = Field(default_factory=dict)
    texto: str | None = Field(None, min_length=1)
    partes: dict[Literal["riesgo_real", "interes_publico", "proporcionalidad"], str] | None = None
    etiquetas: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _texto_o_partes(self) -> "Clausula":
        if self.tipo == "prueba_de_dano":
            if self.partes is None or set(self.partes) != set(PARTES_PRUEBA_DE_DANO):
                raise ValueError("una cláusula de prueba de daño lleva «partes» con riesgo_real, "
                                 "interes_publico y proporcionalidad")
            if self.texto is not None:
                raise ValueError("una cláusula de prueba de daño lleva «partes», no «texto»")
        elif self.texto is None or self.partes is not None:
            raise ValueError("esta cláusula lleva «texto» (las «partes» son solo de la prueba de daño)")
        return self

    def plantillas(self) -> dict[str, str]:
        """Los textos de Jinja de la cláusula: {"texto": …} o una entrada por parte."""
        return dict(self.partes) if self.partes is not None else {"texto": self.texto or ""}


class Elemento(_Modelo):
    descripcion: str
    fundamento: str


class Causal(_Modelo):
    """Causal de reserva: su fracción en cada ley, los Lineamientos que la desarrollan,
    lo que hay que probar y su cláusula de prueba de daño."""

    id: str = Field(pattern=r"^causal\.[a-z0-9_]+$")
    titulo: str
    fracciones: dict[str, str | None]
    lineamientos: list[str] = Field(default_factory=list)
    elementos: list[Elemento] = Field(default_factory=list)
    clausula: str | None = None


class Categoria(_Modelo):
    """Categoría de información confidencial (Lineamiento Trigésimo octavo)."""

    id: str = Field(pattern=r"^[a-z]+\.[a-z0-9_]+$")
    numero: int | None = None
    nombre: str
    descripcion: str | None = None
    fundamento: str
