"""La redacción de cada antecedente y de la competencia, como patrones del perfil.

Con ``estructura`` la institución elige títulos, numeración y orden; pero la frase de cada
elemento («El 18 de noviembre de 2026, se recibió a través de la Plataforma Nacional de
Transparencia la solicitud…») era la del proyecto, y cada Comité la escribe a su modo («El
veintinueve de febrero de dos mil dieciséis se recibió a través de la Plataforma Nacional de
Transparencia, la solicitud tramitada con el folio …, en la que se requirió:»). Para no obligar a
escribir Jinja por una frase, ``estructura.frases`` da, por elemento, su título en línea y su
texto como patrones con los datos de ese elemento (solo los nombres de :data:`CAMPOS`, como
``patron_oficio``). Lo que no se da sigue como siempre.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..modelos.base import BaseModel, ConfigDict, Field, model_validator
from .patron import PatronNoValido, validar_patron

# Los datos de cada elemento (ya escritos: fechas con el estilo del perfil, listas unidas con «y»).
CAMPOS: dict[str, tuple[str, ...]] = {
    "solicitud": ("numero", "fecha", "medio", "folio"),
    "turno": ("numero", "fecha", "oficio", "expediente", "areas", "fundamento"),
    "requerimiento": ("numero", "fecha", "oficio", "area", "plazo"),
    "respuesta": ("numero", "fecha", "medio", "referencia", "unidad"),
    "relacionados": ("numero", "relacionados"),
    "convocatoria": ("numero", "fecha", "oficio", "sesion", "fecha_sesion"),
    "competencia": ("numero", "comite", "fundamento"),
    "clasificacion": ("numero", "tipo", "unidad"),
    "fundamento_clasificacion": ("tipo", "unidad", "fundamento"),
    "inexistencia": ("numero",),
    "incompetencia": ("numero",),
    "ampliacion": ("numero", "unidad"),
}

# Los del desarrollo del acta (``acta.frases``).
CAMPOS_DEL_ACTA = {
    "quorum": ("numero", "quien", "presentes", "integrantes"),
    "punto": ("numero", "folios", "unidad"),
    "acuerdo": ("numero", "clave", "folios", "unidad", "determinacion", "fundamento", "votacion"),
    "motivacion": ("numero", "folios", "unidad"),
    "analizado": ("numero", "folios", "unidad"),
    "resumen": ("numero", "clave", "folios", "unidad", "determinacion"),
}


def _validar(modelo: BaseModel, campos_por_elemento: dict[str, tuple[str, ...]]) -> None:
    for nombre, campos in campos_por_elemento.items():
        frase = getattr(modelo, nombre)
        for parte in ("titulo", "texto"):
            patron = getattr(frase, parte) if frase is not None else None
            if patron is None:
                continue
            if re.search(r"[<>&\x00-\x1f]", patron):
                raise ValueError(f"{nombre}.{parte}: no admite «<», «>», «&» ni caracteres de control")
            try:
                validar_patron(patron, campos)
            except PatronNoValido as exc:
                raise ValueError(f"{nombre}.{parte}: {exc}") from None


def _sin_vacias(datos):
    # «solicitud: {titulo: null, texto: null}» (un perfil nuevo descomentado) es no darla.
    if isinstance(datos, dict):
        return {k: None if isinstance(v, dict) and v and all(x is None for x in v.values()) else v
                for k, v in datos.items()}
    return datos


class Frase(BaseModel):
    """El título en línea («Solicitud de información.») y el texto de un elemento."""

    # defer_build: el validador se construye al validar el primer perfil (nunca al importar;
    # el mismo esquema y los mismos mensajes), y los modelos anidados no arman uno propio.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    titulo: str | None = Field(None, min_length=1, max_length=200, description=(
        "Título en negritas tras el número, si la sección lleva títulos: «Solicitud.», «Requerimiento a la {area}.»."))
    texto: str | None = Field(None, min_length=1, max_length=1000, description=(
        "El texto del elemento, con sus datos: «El {fecha} se recibió a través de {medio}, la solicitud tramitada con "
        "el folio {folio}, en la que se requirió:». En un requerimiento, lo que se pidió va después."))


class _Patrones(BaseModel):
    """Lo común a las frases de una resolución y a las del acta: una frase vacía es no darla,
    y cada patrón usa solo los datos de su elemento (``CAMPOS_PERMITIDOS``)."""

    # defer_build: el validador se construye al validar el primer perfil (nunca al importar;
    # el mismo esquema y los mismos mensajes), y los modelos anidados no arman uno propio.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    CAMPOS_PERMITIDOS: ClassVar[dict[str, tuple[str, ...]]] = {}

    @model_validator(mode="before")
    @classmethod
    def _vacias(cls, datos):
        return _sin_vacias(datos)

    @model_validator(mode="after")
    def _patrones_seguros(self):
        _validar(self, self.CAMPOS_PERMITIDOS)
        return self


class Frases(_Patrones):
    """La redacción propia de cada elemento de los antecedentes y de la competencia."""

    CAMPOS_PERMITIDOS: ClassVar[dict[str, tuple[str, ...]]] = CAMPOS

    solicitud: Frase | None = Field(None, description="Datos: {fecha}, {medio} («la Plataforma Nacional de "
                                                      "Transparencia»), {folio}, {numero}.")
    turno: Frase | None = Field(None, description="Datos: {fecha}, {oficio}, {expediente}, {areas}, {fundamento} (la "
                                                  "cita de sus fundamentos, con su artículo), {numero}.")
    requerimiento: Frase | None = Field(None, description="Datos: {fecha}, {oficio}, {area}, {plazo}, {numero}; lo "
                                                          "que se pidió («objeto») sigue al texto.")
    respuesta: Frase | None = Field(None, description="Datos: {fecha}, {medio} («oficio»), {referencia}, {unidad}, "
                                                      "{numero}; la transcripción sigue.")
    relacionados: Frase | None = Field(None, description="Datos: {relacionados} («CT-CI/A-3-2026 y CT-CI/J-7-2026»).")
    convocatoria: Frase | None = Field(None, description="Datos: {fecha}, {oficio}, {sesion} («Décima Segunda Sesión "
                                                         "Ordinaria»), {fecha_sesion}.")
    competencia: Frase | None = Field(None, description="Datos: {comite}, {fundamento} (la cita de la fundamentación "
                                                        "de la resolución, con su artículo).")
    clasificacion: Frase | None = Field(None, description="El análisis de cada clasificación: datos {tipo} («reservada»), "
                                                          "{unidad}, {numero}; lo que se clasifica («descripcion») sigue.")
    fundamento_clasificacion: Frase | None = Field(None, description=(
        "El párrafo de su fundamento («La clasificación se funda en {fundamento}.»): datos {fundamento}, {tipo}, "
        "{unidad}; el título no se usa."))
    inexistencia: Frase | None = Field(None, description="El análisis de la inexistencia: {numero}; la información "
                                                         "sigue al texto.")
    incompetencia: Frase | None = Field(None, description="El análisis de la incompetencia: {numero}; las razones "
                                                          "siguen al texto.")
    ampliacion: Frase | None = Field(None, description="El análisis de la ampliación del plazo: {unidad}, {numero}; "
                                                       "las razones siguen al texto.")


class FrasesDelActa(_Patrones):
    """La redacción propia de los puntos del desarrollo del acta (con ``acta.desarrollo``)."""

    CAMPOS_PERMITIDOS: ClassVar[dict[str, tuple[str, ...]]] = CAMPOS_DEL_ACTA

    quorum: Frase | None = Field(None, description="El primer punto: datos {quien} («La Presidente»), {presentes} "
                                                   "(«tres»), {integrantes} («tres»), {numero}.")
    punto: Frase | None = Field(None, description="Cada asunto: datos {folios}, {unidad}, {numero}; la motivación "
                                                  "sigue.")
    acuerdo: Frase | None = Field(None, description="El acuerdo de cada asunto: datos {clave} («CT/ACTA/12/2026/1»), "
                                                    "{determinacion}, {fundamento}, {votacion}, {folios}, {unidad}.")
    motivacion: Frase | None = Field(None, description="La etiqueta de la motivación de cada asunto (su «titulo»: "
                                                       "«Motivación:», «Exposición:»); el texto no se usa.")
    analizado: Frase | None = Field(None, description="El párrafo antes del acuerdo (su «texto»: «Analizado el asunto, "
                                                      "el Comité emite el siguiente:»): datos {folios}, {unidad}.")
    resumen: Frase | None = Field(None, description="Cada acuerdo de la lista final de ACUERDOS: datos {clave}, "
                                                    "{determinacion}, {folios}, {unidad}, {numero}.")
