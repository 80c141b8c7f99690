"""Las secciones de cada tipo de resolución: búsqueda e inexistencia, ampliación del plazo,
incompetencia, acta de sesión, y la fundamentación de la resolución."""

from __future__ import annotations

from typing import Annotated

from ..modelos.base import Field, model_validator
from .campos import Fecha, IdCatalogo, Modelo, Texto, TextoConFormato
from .partes import PruebaDeDano


class Busqueda(Modelo):
    """La búsqueda exhaustiva (Ley General 2025, art. 141: criterio de búsqueda y
    circunstancias de tiempo, modo y lugar)."""

    unidades: list[Texto] = Field(min_length=1, description="Unidades administrativas en que se buscó.")
    criterios: TextoConFormato = Field(description="Criterios de búsqueda (términos, periodo, tipo de documento).")
    lugares: TextoConFormato = Field(description="Dónde se buscó: archivos de trámite y concentración, sistemas, correos…")


class Inexistencia(Modelo):
    """Determinación de inexistencia de la información (Ley General 2025, arts. 140 y 141)."""

    informacion: TextoConFormato = Field(description="Qué información no existe en los archivos.")
    busqueda: Busqueda
    razones: TextoConFormato = Field(
        description="Por qué no existe: circunstancias de tiempo, modo y lugar que generaron la inexistencia."
    )
    instruccion: TextoConFormato | None = Field(
        None, description="Si procede, la orden a la unidad competente de generar o reponer la información."
    )
    notificar_oic: bool = Field(False, description="Si se da vista al órgano interno de control (art. 140, fr. IV).")


class Ampliacion(Modelo):
    """Ampliación del plazo de respuesta (Ley General 2025, art. 134: 20 días más hasta 10)."""

    razones: TextoConFormato = Field(description="Razones fundadas y motivadas de la unidad para pedir más tiempo.")
    unidad: Texto = Field(description="Unidad que pide la ampliación.")
    fecha_presentacion: Fecha | None = Field(
        None, description="Fecha en que se presentó la solicitud; si falta, la de la primera solicitud."
    )
    dias_respuesta: int = Field(20, ge=1, le=60, description="Plazo ordinario de respuesta, en días hábiles.")
    dias_ampliacion: int = Field(10, ge=1, le=10, description="Días hábiles de ampliación (hasta 10).")


class AmpliacionReserva(Modelo):
    """Ampliación del periodo de reserva (Ley General 2025, art. 104, párrafo tercero: «hasta por un plazo
    de cinco años adicionales, siempre y cuando justifiquen que subsisten las causas que dieron origen a su
    clasificación, mediante la aplicación de una prueba de daño»; art. 40, fr. VII)."""

    unidad: Texto = Field(description="Área que pide la ampliación.")
    informacion: TextoConFormato = Field(description="Qué información sigue reservada.")
    fecha_clasificacion: Fecha = Field(description="Fecha en que se clasificó (desde ella corre el periodo original).")
    anios_originales: int = Field(ge=1, le=5, description="Años del periodo de reserva original.")
    anios_adicionales: int = Field(ge=1, le=5, description="Años que se amplía (hasta cinco).")
    subsisten_causas: TextoConFormato = Field(description="Por qué subsisten las causas que dieron origen a la clasificación.")
    fundamentos: list[IdCatalogo] = Field(min_length=1, description="Ids de la causal de reserva que se mantiene.")
    prueba_de_dano: PruebaDeDano = Field(description="La prueba de daño que justifica la ampliación (art. 104).")

    vencimiento_original: Fecha | None = Field(
        None, description="Fecha en que vence el periodo original; si falta, se calcula (clasificación + años).")
    nuevo_vencimiento: Fecha | None = Field(
        None, description="Fecha en que vence la reserva ampliada; si falta, se calcula (vencimiento original "
                          "más los años adicionales).")

    @model_validator(mode="after")
    def _vencimientos(self) -> "AmpliacionReserva":
        # Se calculan aquí para que la plantilla los lea como datos (no llama métodos).
        if self.vencimiento_original is None:
            object.__setattr__(self, "vencimiento_original",
                               sumar_anios(self.fecha_clasificacion, self.anios_originales))
        if self.nuevo_vencimiento is None:
            # Los años adicionales corren desde el vencimiento original (art. 104, párrafo tercero).
            object.__setattr__(self, "nuevo_vencimiento", sumar_anios(
                self.vencimiento_original, self.anios_adicionales))
        return self


def sumar_anios(fecha, anios: int):
    """El mismo día, ``anios`` años después (29 de febrero → 28): así vence un periodo de reserva."""
    try:
        return fecha.replace(year=fecha.year + anios)
    except ValueError:
        return fecha.replace(year=fecha.year + anios, day=28)


class Incompetencia(Modelo):
    """Declaración de incompetencia."""

    razones: TextoConFormato = Field(description="Por qué el sujeto obligado no es competente.")
    competente: Texto | None = Field(None, description="Sujeto obligado que sí podría ser competente, si se sabe.")
    parcial: bool = Field(False, description="Si es competente para una parte de la solicitud.")


_HORA = r"^([01]?\d|2[0-3]):[0-5]\d$"


class Acuerdo(Modelo):
    """Un acuerdo del acta: lo que el Comité determinó sobre uno o varios folios."""

    folios: list[Texto] = Field(min_length=1, description="Folios de las solicitudes del acuerdo.")
    unidad: Texto = Field(description="Área que sometió el asunto (Lineamiento Quincuagésimo primero, fr. II).")
    determinacion: TextoConFormato = Field(
        description="Lo que se acuerda, en una frase: «confirmar la clasificación como reservada de …»."
    )
    fundamentos: list[IdCatalogo] = Field(min_length=1, description="Ids del catálogo que fundan el acuerdo.")
    motivacion: TextoConFormato = Field(description="Por qué (Lineamiento Quincuagésimo primero, fr. III).")
    votacion: Texto = Field(description="Cómo se votó, p. ej. «por unanimidad de votos».")


class Acta(Modelo):
    """Acta de una sesión del Comité (Lineamiento Quincuagésimo primero)."""

    lugar: Texto = Field(description="Dónde se celebró: «la sala de juntas del piso 3 del edificio sede».")
    ciudad: Texto = Field(description="Ciudad: «la Ciudad de México».")
    hora_inicio: Annotated[str, Field(pattern=_HORA)] = Field(description="Hora de inicio, HH:MM (24 horas).")
    hora_cierre: Annotated[str, Field(pattern=_HORA)] = Field(description="Hora de cierre, HH:MM (24 horas).")
    integrantes: int | None = Field(
        None, ge=1, le=15, description="Cuántos integrantes tiene el Comité (por omisión, los «miembros» del perfil)."
    )
    orden_del_dia: list[TextoConFormato] = Field(min_length=1, description="Puntos del orden del día.")
    acuerdos: list[Acuerdo] = Field(min_length=1, description="Un acuerdo por asunto (folio o folios).")


class Fundamentacion(Modelo):
    """Fundamentación jurídica de la resolución (competencia y procedimiento)."""

    fundamentos: list[IdCatalogo] = Field(min_length=1, description="Ids del catálogo.")
