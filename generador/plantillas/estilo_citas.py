"""Cómo cita fundamentos una institución: la sección ``citas`` de su ``perfil.yaml``.

Vive aparte del perfil porque la usa el formateador de citas (``catalogo/citas.py``), que
no debe depender de todo lo demás que dice un perfil. Los valores predeterminados escriben
las citas como siempre (las de la CTA-40418); cada opción imita un estilo real de otra
institución (issue 14) o decide cómo se escribe la nota de reformas de un instrumento (issue 12).
"""

from __future__ import annotations

from typing import Literal

from ..modelos.base import BaseModel, ConfigDict, Field, field_validator
from .estructura import Termino
from .patron import PatronNoValido, validar_patron

CAMPOS_DE_LA_NOTA = ("complemento", "publicacion", "reformas", "ultima")

CAMPOS_DEL_AVISO = ("determinante", "termino")

NOTA_PREDETERMINADA = "{complemento}, y sus modificaciones publicadas en el mismo medio {reformas}"


class EstiloCitas(BaseModel):
    """Opciones de la cita; sin ninguna, la cita es la de siempre."""

    # defer_build: el validador se construye al validar el primer perfil (nunca al importar;
    # el mismo esquema y los mismos mensajes), y los modelos anidados no arman uno propio.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    nota_reformas: str = Field(NOTA_PREDETERMINADA, min_length=1, max_length=300, description=(
        "Cómo se nombra un instrumento cuando un numeral citado fue reformado antes de la fecha de la "
        "resolución: {complemento} («publicados en el Diario Oficial de la Federación el 15 de abril de "
        "2016»), {publicacion} («15 de abril de 2016»), {reformas} («el 29 de julio de 2016 y el 18 de "
        "noviembre de 2022») y {ultima} («18 de noviembre de 2022»)."))
    reformas: Literal["todas", "del_numeral"] = Field("todas", description=(
        "Qué reformas dice la nota: todas las del instrumento hasta la fecha de la resolución, o solo las "
        "que tocaron los numerales citados."))
    fraccion_primero: bool = Field(False, description=(
        "La fracción antes del artículo: «fracción XI del artículo 113 de la Ley …» en lugar de "
        "«artículo 113, fracción XI, de la Ley …»."))
    ultimo_parrafo: bool = Field(False, description=(
        "«último párrafo» en lugar del ordinal cuando el catálogo dice que el párrafo citado es el último "
        "(«parrafo_ultimo: true»)."))
    transitorios: Literal["cada_uno", "agrupados", "antepuestos"] = Field("cada_uno", description=(
        "Cómo se escriben varios transitorios de un instrumento: «Segundo Transitorio y Noveno Transitorio», "
        "«Segundo y Noveno Transitorios» o «Transitorios Segundo y Noveno»."))
    marca_omision_inicial: str = Field("(…)", min_length=1, max_length=7, pattern=r"^[.…()\[\] ]+$", description=(
        "Lo que abre una transcripción cuyo principio se omite («omision_inicial» del expediente): «(…)», «[…]», "
        "«...»."))
    marca_omision_final: str = Field("...", min_length=1, max_length=7, pattern=r"^[.…()\[\] ]+$", description=(
        "Lo que cierra una transcripción cuyo final se omite («omision_final»): «...» (la CTA-40418), «(…)», «[…]»."))
    omision_final_en_linea: bool = Field(False, description=(
        "Si la marca de la omisión final va al final del último párrafo citado («… solicitado. (…)\"») en lugar "
        "de un párrafo propio («...\"»)."))
    marca_sic: str = Field("(sic)", min_length=1, max_length=12, pattern=r"^[\[(]?[a-zA-Z.!¡ ]+[\])]?$",
                           description="Lo que sigue a una transcripción literal («sic» del expediente): «(sic)», «[sic]».")
    formas_cortas: list[Termino] = Field(default_factory=list, max_length=40, description=(
        "Sin glosario impreso: instrumentos que se nombran completos la primera vez que se citan (en el orden de "
        "lectura) con el aviso de «en_lo_sucesivo», y con su forma corta después: «… de la Ley General de "
        "Transparencia y Acceso a la Información Pública (en lo sucesivo, la Ley General)»; luego, «… de la Ley "
        "General». Cada término abrevia el instrumento que nombra «instrumento» o cuyo nombre es su «significado»."))
    en_lo_sucesivo: str = Field("(en lo sucesivo, {determinante} {termino})", min_length=1, max_length=120,
                                description=(
        "El aviso tras la primera mención completa, con {determinante} («la») y {termino} («Ley General»): "
        "«(en lo sucesivo, {determinante} {termino})», «(en adelante, {termino})»."))

    @field_validator("nota_reformas")
    @classmethod
    def _nota_segura(cls, nota: str) -> str:
        # Se comprueba al leer el perfil, como «patron_oficio»: solo campos con nombre.
        try:
            validar_patron(nota, CAMPOS_DE_LA_NOTA)
        except PatronNoValido as exc:
            raise ValueError(str(exc)) from None
        return nota

    @field_validator("en_lo_sucesivo")
    @classmethod
    def _aviso_seguro(cls, aviso: str) -> str:
        try:
            validar_patron(aviso, CAMPOS_DEL_AVISO)
        except PatronNoValido as exc:
            raise ValueError(str(exc)) from None
        if any(c in aviso for c in "<>&"):
            raise ValueError("el aviso no admite «<», «>» ni «&»")
        return aviso
