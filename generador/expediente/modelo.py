"""El expediente completo: el caso que el Comité resuelve.

Las secciones que pide cada tipo de resolución se comprueban aquí (una ``reserva``
lleva clasificaciones; un ``acta``, su sección ``acta``)."""

from __future__ import annotations

from typing import Annotated, Literal

from ..modelos.base import ConfigDict, Field, model_validator
from .campos import Fecha, IdCatalogo, Iniciales, Linea, Modelo, Texto, TextoConFormato
from .partes import (
    Clasificacion,
    Firmante,
    Reproduccion,
    Resolutivo,
    Respuesta,
    Sesion,
    Solicitud,
)
from .procedimiento import Procedimiento
from .secciones import (
    Acta,
    Ampliacion,
    AmpliacionReserva,
    Fundamentacion,
    Incompetencia,
    Inexistencia,
)


class ExcepcionVigencia(Modelo):
    """Un fundamento no vigente que se cita a propósito, con la razón (la revisión la muestra)."""

    fundamento: IdCatalogo = Field(description="Id del catálogo que se cita fuera de su vigencia.")
    razon: TextoConFormato = Field(min_length=20, description="Por qué se cita (al menos una frase).")


class Expediente(Modelo):
    """Expediente de una resolución del Comité de Transparencia."""

    model_config = ConfigDict(
        title="Expediente de resolución del Comité de Transparencia",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    version_formato: int = Field(1, ge=1, le=1, description="Versión del formato del expediente (hoy, 1).")
    institucion: Annotated[str, Field(pattern=r"^[a-z0-9_\-]+$")] = Field(
        description="Id del perfil de la institución (carpeta en plantillas/instituciones/), p. ej. «sre»."
    )
    tipo: Literal["reserva", "confidencial", "mixta", "inexistencia", "ampliacion", "incompetencia", "acta",
                  "ampliacion_reserva"] = Field(
        description="Tipo de resolución: reserva, confidencial (con versión pública), mixta (varias "
                    "clasificaciones), inexistencia, ampliacion (del plazo de respuesta), incompetencia, "
                    "acta (de una sesión del Comité, con un acuerdo por folio) o ampliacion_reserva (del "
                    "periodo de reserva, art. 104)."
    )
    oficio: Linea = Field(description="Número de oficio de la resolución, p. ej. «CTA-40418».")
    asunto: TextoConFormato = Field(description="Asunto del encabezado; admite **negritas**.")
    fecha: Fecha = Field(description="Fecha de la resolución (AAAA-MM-DD).")
    sesion: Sesion | None = Field(None, description="Sesión del Comité (opcional).")
    lugar: Texto | None = Field(
        None, description="Lugar de emisión, si no es el del perfil: «Toluca de Lerdo, Estado de México».")
    procedimiento: Procedimiento | None = Field(
        None, description="Admisión y turno, requerimientos, expediente interno, relacionados y convocatoria: los "
                          "antecedentes que escriben los perfiles con «estructura».")
    orden_citas: Literal["jerarquico", "expediente"] = Field(
        "jerarquico",
        description=(
            "Orden de los instrumentos en las citas: «jerarquico» (Constitución, leyes, "
            "reglamentos, acuerdos, lineamientos) o «expediente» (el orden en que se listan)."
        ),
    )
    solicitudes: list[Solicitud] = Field(default_factory=list, description="Solicitudes que se resuelven.")
    respuestas: list[Respuesta] = Field(default_factory=list, description="Respuestas de las unidades consultadas.")
    clasificaciones: list[Clasificacion] = Field(
        default_factory=list, description="Determinaciones de clasificación (reserva, confidencial, mixta)."
    )
    inexistencia: Inexistencia | None = Field(None, description="Si el tipo es inexistencia.")
    ampliacion: Ampliacion | None = Field(None, description="Si el tipo es ampliacion.")
    incompetencia: Incompetencia | None = Field(None, description="Si el tipo es incompetencia.")
    ampliacion_reserva: AmpliacionReserva | None = Field(None, description="Si el tipo es ampliacion_reserva.")
    fundamentacion_resolucion: Fundamentacion | None = Field(
        None, description="Fundamentación jurídica de la resolución (todos los tipos salvo el acta)."
    )
    resolutivos: list[Resolutivo] = Field(default_factory=list, description="Puntos resolutivos, en orden.")
    acta: Acta | None = Field(None, description="Si el tipo es acta: la sesión y sus acuerdos.")
    reproduccion: Reproduccion | None = Field(None, description="Entrega previo pago de reproducción.")
    votacion: Texto | None = Field(
        None, description="Cómo se votó la resolución («por unanimidad de votos»); la pide el perfil que "
                          "tiene «votacion_por_resolucion: true».")
    justificacion_garante: TextoConFormato | None = Field(
        None, description="Por qué el recurso se interpone ante una autoridad garante distinta de la que "
                          "corresponde al tipo de sujeto obligado del perfil (art. 3, fracciones III a V).")
    excepciones_vigencia: list[ExcepcionVigencia] = Field(
        default_factory=list,
        description="Fundamentos que se citan a sabiendas de que no estaban en vigor en la fecha de la "
                    "resolución, con la razón escrita (p. ej. un procedimiento iniciado antes que se rige por "
                    "la ley de su inicio): su hallazgo VIG-01 baja de error a advertencia.")
    elaboro: Iniciales | None = Field(
        None,
        description="Iniciales de quien elaboró y revisó la resolución («JFH/rgp»), como las imprimen los "
                    "comités al pie; el perfil las pone donde quiera con {iniciales}.")
    firmantes: list[Firmante] = Field(
        # Una lista vacía escrita a mano es un error, no «que firmen los del perfil»: para eso
        # se omite la clave (y el perfil puede no tener a los integrantes de esa fecha).
        default_factory=list, min_length=1, max_length=15,
        description="Quienes firman. Si falta, firman los integrantes del Comité que da el perfil de la institución.",
    )

    @model_validator(mode="after")
    def _secciones_del_tipo(self) -> "Expediente":
        if self.tipo == "acta":
            if self.acta is None:
                raise ValueError("una resolución de tipo «acta» necesita la sección «acta»")
            if self.sesion is None or self.sesion.numero is None:
                raise ValueError("un acta necesita «sesion» con su «numero» (Lineamiento Quincuagésimo primero, fr. I)")
            return self
        faltan = [c for c in ("solicitudes", "respuestas", "resolutivos") if not getattr(self, c)]
        if self.fundamentacion_resolucion is None:
            faltan.append("fundamentacion_resolucion")
        if faltan:
            raise ValueError("faltan campos obligatorios: " + ", ".join(f"«{c}»" for c in faltan))
        requeridas = {
            "reserva": ("clasificaciones", 1), "confidencial": ("clasificaciones", 1),
            "mixta": ("clasificaciones", 2), "inexistencia": ("inexistencia", None),
            "ampliacion": ("ampliacion", None), "incompetencia": ("incompetencia", None),
            "ampliacion_reserva": ("ampliacion_reserva", None),
        }
        campo, minimo = requeridas[self.tipo]
        valor = getattr(self, campo)
        if minimo is None and valor is None:
            raise ValueError(f"una resolución de tipo «{self.tipo}» necesita la sección «{campo}»")
        if minimo is not None and len(valor) < minimo:
            raise ValueError(f"una resolución de tipo «{self.tipo}» necesita al menos {minimo} "
                             f"{'clasificación' if minimo == 1 else 'clasificaciones'} en «clasificaciones»")
        if self.tipo == "confidencial" and any(c.tipo != "confidencial" for c in self.clasificaciones):
            raise ValueError("en una resolución de tipo «confidencial» todas las clasificaciones son confidenciales "
                             "(use «mixta» para combinar)")
        if self.tipo == "reserva" and any(c.tipo != "reservada" for c in self.clasificaciones):
            raise ValueError("en una resolución de tipo «reserva» todas las clasificaciones son reservadas "
                             "(use «mixta» para combinar)")
        return self

    @property
    def folios(self) -> list[str]:
        """Los folios que resuelve: los de las solicitudes o, en un acta, los de sus acuerdos."""
        if self.acta is not None:
            return [f for acuerdo in self.acta.acuerdos for f in acuerdo.folios]
        return [s.folio for s in self.solicitudes]

    def firmantes_en_orden(self) -> list[Firmante]:
        return sorted(self.firmantes, key=lambda f: (f.orden is None, f.orden or 0))
