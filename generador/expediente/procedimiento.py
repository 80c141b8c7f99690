"""El procedimiento ante el Comité: lo que pasó entre la solicitud y la sesión.

Las resoluciones de muchos Comités narran en sus antecedentes la admisión y el turno de la
solicitud por la Unidad de Transparencia, los requerimientos a las áreas (oficio, fecha, qué se
pidió, en qué plazo), el expediente interno de la Unidad, los expedientes relacionados y la
convocatoria a la sesión. Son hechos del caso, no de la institución: van en el expediente, y
los bloques de texto del proyecto los escriben cuando el perfil tiene ``estructura``.
"""

from __future__ import annotations

from typing import Literal

from ..modelos.base import Field
from .campos import Fecha, IdCatalogo, Modelo, Texto, TextoConFormato

# Por dónde llegó la solicitud, como lo escriben las resoluciones.
MEDIOS_DE_SOLICITUD = {
    "portal": "la Plataforma Nacional de Transparencia",
    "modulo": "el módulo de atención de la Unidad de Transparencia",
    "correo": "correo electrónico",
    "presencial": "escrito presentado en la Unidad de Transparencia",
    "correo_postal": "correo postal",
    "telefono": "vía telefónica",
}
MedioDeSolicitud = Literal["portal", "modulo", "correo", "presencial", "correo_postal", "telefono"]


class Turno(Modelo):
    """La admisión de la solicitud por la Unidad de Transparencia y su turno a las áreas."""

    fecha: Fecha = Field(description="Fecha del acuerdo de admisión y turno.")
    oficio: Texto | None = Field(None, description="Oficio o acuerdo de turno: «UT/0123/2020».")
    areas: list[Texto] = Field(min_length=1, description="Áreas a las que se turnó la solicitud.")
    fundamentos: list[IdCatalogo] = Field(
        default_factory=list, description="Ids del catálogo que fundan el turno (p. ej. el artículo que obliga a "
                                          "turnar a las áreas competentes); se citan como cualquier fundamento.")


class Requerimiento(Modelo):
    """Un requerimiento de la Unidad de Transparencia (o del Comité) a un área."""

    area: Texto = Field(description="Área requerida.")
    oficio: Texto | None = Field(None, description="Número del oficio de requerimiento.")
    fecha: Fecha = Field(description="Fecha del requerimiento.")
    objeto: TextoConFormato = Field(description="Qué se pidió: «que se pronunciara sobre la existencia de…».")
    plazo: Texto | None = Field(None, description="Plazo para responder, como se escribió: «tres días hábiles».")


class Convocatoria(Modelo):
    """La convocatoria a la sesión del Comité."""

    fecha: Fecha = Field(description="Fecha de la convocatoria.")
    oficio: Texto | None = Field(None, description="Oficio o correo con que se convocó.")


class Procedimiento(Modelo):
    """Lo que la Unidad de Transparencia hizo antes de llevar el asunto al Comité."""

    expediente: Texto | None = Field(None, description="Número de expediente interno de la Unidad: «UT/EXP/045/2020».")
    instancia: list[Texto] = Field(
        default_factory=list, description="Instancias requeridas o vinculadas que se nombran en el rubro.")
    relacionados: list[Texto] = Field(
        default_factory=list, description="Expedientes relacionados o de origen: «CT-CI/A-3-2020».")
    turno: Turno | None = Field(None, description="Admisión y turno de la solicitud.")
    requerimientos: list[Requerimiento] = Field(default_factory=list, description="Requerimientos a las áreas.")
    convocatoria: Convocatoria | None = Field(None, description="Convocatoria a la sesión del Comité.")
