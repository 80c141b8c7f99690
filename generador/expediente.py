"""El expediente: el caso que el Comité resuelve, leído de un archivo YAML.

Primera etapa de la tubería. Define el formato del expediente (modelos pydantic,
de los que sale también el JSON Schema de ``resoluciones esquema``), lo lee y lo
valida. Todo error se informa en español con la ruta del campo y la línea del
archivo.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from .errores import ErrorDeUsuario, Problema, Ubicacion
from .yaml_lineas import Documento, formatear_ruta, leer_yaml

# Caracteres que XML 1.0 no admite (y que Word no puede abrir): controles C0
# salvo tabulador y saltos de línea, sustitutos sueltos y U+FFFE/U+FFFF.
PROHIBIDOS_EN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Tamaño máximo de un campo de texto: holgado para una respuesta larga, pero
# evita que un archivo dañado produzca un documento de miles de páginas.
MAX_CARACTERES_CAMPO = 2_000_000


def _texto_valido(valor: str) -> str:
    encontrado = PROHIBIDOS_EN_XML.search(valor)
    if encontrado:
        caracter = encontrado.group()
        raise ValueError(
            f"contiene un carácter de control no permitido (U+{ord(caracter):04X}) en la "
            f"posición {encontrado.start() + 1}; Word no puede guardarlo. Quítelo del texto"
        )
    return valor


def _no_vacio(valor: str) -> str:
    if not valor.strip():
        raise ValueError("no puede estar vacío")
    return valor


Texto = Annotated[
    str, Field(max_length=MAX_CARACTERES_CAMPO), AfterValidator(_texto_valido),
    AfterValidator(_no_vacio),
]
"""Texto de una línea o de varias, sin formato."""

TextoConFormato = Annotated[
    str,
    Field(
        max_length=MAX_CARACTERES_CAMPO,
        description=(
            "Texto con formato ligero: párrafos separados por una línea en blanco; "
            "viñetas con «- » al inicio de la línea (dos espacios más de sangría por "
            "cada nivel); **negritas** entre dobles asteriscos."
        ),
    ),
    AfterValidator(_texto_valido),
    AfterValidator(_no_vacio),
]

# El calendario de Python termina el 31 de diciembre de 9999 (y empieza en el año 1): una
# fecha cerca de los bordes haría que los plazos que se cuentan desde ella (hasta cinco años
# de reserva, los días hábiles de una ampliación, el día anterior al vencimiento) se salgan
# de él a mitad de la revisión o del documento. Se rechaza al leer, con el campo.
FECHA_MINIMA = _dt.date(1900, 1, 1)
FECHA_MAXIMA = _dt.date(9989, 12, 31)


def _fecha_en_rango(valor: _dt.date) -> _dt.date:
    if not FECHA_MINIMA <= valor <= FECHA_MAXIMA:
        raise ValueError(
            f"la fecha debe estar entre {FECHA_MINIMA.isoformat()} y {FECHA_MAXIMA.isoformat()}: los plazos que "
            "se cuentan desde ella (años de reserva, días hábiles) deben caber en el calendario, que termina en 9999"
        )
    return valor


Fecha = Annotated[_dt.date, AfterValidator(_fecha_en_rango)]
"""Una fecha AAAA-MM-DD del expediente."""

IdCatalogo = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_\-]+)*$",
        description="Id de una entrada del catálogo de fundamentos, p. ej. «lftaip.110.I».",
    ),
]


# Títulos del JSON Schema con sus acentos (los editores los muestran al autocompletar).
_CON_ACENTO = {
    "anios": "años", "senalada": "señalada", "interes": "interés", "publico": "público",
    "numero": "número", "institucion": "institución", "clasificacion": "clasificación",
    "clasificaciones": "clasificaciones", "descripcion": "descripción", "motivacion": "motivación",
    "fundamentacion": "fundamentación", "resolucion": "resolución", "reproduccion": "reproducción",
    "version": "versión", "dano": "daño", "omision": "omisión", "relacion": "relación",
    "genero": "género", "sesion": "sesión", "clausula": "cláusula", "categorias": "categorías",
    "honorifico": "honorífico", "publica": "pública", "busqueda": "búsqueda", "determinacion": "determinación",
    "votacion": "votación", "informacion": "información", "ampliacion": "ampliación",
    "instruccion": "instrucción",
}


_TITULOS = {
    "periodo_reserva": "Periodo de reserva", "orden_citas": "Orden de las citas", "prueba_de_dano": "Prueba de daño",
    "version_publica": "Versión pública", "fundamentacion_resolucion": "Fundamentación jurídica de la resolución",
    "genero_cargo": "Género del cargo suplido", "senalada_por": "Señalada por la unidad",
    "en_relacion_con": "En relación con", "omision_final": "Termina con «...» (texto omitido)",
    "version_formato": "Versión del formato", "hora_inicio": "Hora de inicio", "hora_cierre": "Hora de cierre",
    "orden_del_dia": "Orden del día", "dias_respuesta": "Días de respuesta", "dias_ampliacion": "Días de ampliación",
    "fecha_presentacion": "Fecha de presentación", "fecha_inicio": "Fecha de inicio",
    "manifiesta_excepciones": "Manifiesta que no hay violaciones graves ni corrupción",
    "notificar_oic": "Dar vista al órgano interno de control",
}


def _titulo(nombre: str, *_: Any) -> str:
    if nombre in _TITULOS:
        return _TITULOS[nombre]
    palabras = [_CON_ACENTO.get(p, p) for p in nombre.split("_")]
    return " ".join(palabras).capitalize()


class _Modelo(BaseModel):
    # Un campo desconocido es casi siempre un error de escritura («fundamento» por
    # «fundamentos»): se rechaza en lugar de ignorarlo.
    model_config = ConfigDict(extra="forbid", frozen=True, field_title_generator=_titulo)


class Sesion(_Modelo):
    """Sesión del Comité en que se aprobó la resolución."""

    numero: int | None = Field(None, ge=1, le=999, description="Número de la sesión (p. ej. 10 = Décima).")
    tipo: Literal["ordinaria", "extraordinaria"] | None = Field(None, description="Tipo de sesión.")
    fecha: Fecha | None = Field(None, description="Fecha de la sesión (AAAA-MM-DD).")


class Solicitud(_Modelo):
    """Una solicitud de acceso a la información."""

    folio: Texto = Field(description="Folio de la solicitud, tal cual, con sus ceros (en el archivo YAML, "
                                     "escríbalo entre comillas: \"0000500194518\").")
    texto: TextoConFormato = Field(description="Lo que pide la persona solicitante, tal como lo escribió.")
    fecha: Fecha | None = Field(None, description="Fecha de presentación (opcional).")
    omision_final: bool = Field(
        False, description="Si la cita se cierra con «...\"» porque se omite el resto del texto."
    )


class Respuesta(_Modelo):
    """Respuesta de una unidad administrativa consultada."""

    unidad: Texto = Field(description="Nombre de la unidad administrativa, p. ej. «DIRECCIÓN GENERAL DE …».")
    genero: Literal["f", "m"] = Field(
        "f", description="Género del nombre de la unidad: «la Dirección General» (f), «el Órgano Interno» (m)."
    )
    medio: Texto = Field("oficio", description="Medio de la respuesta: «oficio», «correo electrónico»…")
    referencia: Texto | None = Field(None, description="Número o clave del oficio o correo, p. ej. «TIN-4366».")
    fecha: Fecha = Field(description="Fecha de la respuesta (AAAA-MM-DD).")
    texto: TextoConFormato = Field(description="Texto citado de la respuesta, con sus párrafos y viñetas.")
    omision_final: bool = Field(False, description="Si la cita se cierra con «...\"» (texto omitido).")


class PeriodoReserva(_Modelo):
    """Plazo de reserva (Lineamiento Trigésimo cuarto: hasta cinco años)."""

    anios: int = Field(
        ge=1, le=5,
        description="Años de reserva: de 1 a 5 (máximo legal; la ampliación se pide aparte).",
    )
    fecha_inicio: Fecha | None = Field(
        None, description="Desde cuándo corre el plazo (la fecha en que el Comité confirma por "
                          "primera vez la clasificación); si falta, la fecha de la resolución."
    )
    vencimiento: Fecha | Literal["calcular"] | None = Field(
        None, description="Fecha de expiración de la reserva (Lineamiento Quincuagésimo primero), o «calcular» "
                          "para que el programa la calcule; se escribe con letras en la resolución."
    )

    def inicio(self, fecha_resolucion: _dt.date) -> _dt.date:
        return self.fecha_inicio or fecha_resolucion

    def expiracion(self, fecha_resolucion: _dt.date) -> _dt.date | None:
        """La fecha de expiración que se escribe: la dada, la calculada, o ninguna."""
        if self.vencimiento == "calcular":
            return self.vencimiento_calculado(fecha_resolucion)
        return self.vencimiento

    def vencimiento_calculado(self, fecha_resolucion: _dt.date) -> _dt.date:
        """El mismo día, ``anios`` años después del inicio (29 de febrero → 28)."""
        inicio = self.inicio(fecha_resolucion)
        try:
            return inicio.replace(year=inicio.year + self.anios)
        except ValueError:
            return inicio.replace(year=inicio.year + self.anios, day=28)


class PruebaDeDano(_Modelo):
    """Prueba de daño, en una de tres formas: la de una unidad consultada
    (``senalada_por``), una cláusula del catálogo con sus variables, o sus tres partes."""

    clausula: IdCatalogo | None = Field(
        None, description="Id de la cláusula de prueba de daño, p. ej. «prueba_de_dano.seguridad_nacional»."
    )
    variables: dict[str, Any] = Field(default_factory=dict, description="Variables de la cláusula.")
    senalada_por: Texto | None = Field(
        None, description="Unidad cuya respuesta contiene la prueba de daño («La señalada por …»)."
    )
    riesgo_real: TextoConFormato | None = Field(
        None, description="I. Riesgo real, demostrable e identificable de perjuicio significativo."
    )
    interes_publico: TextoConFormato | None = Field(
        None, description="II. El riesgo de perjuicio supera el interés público general de que se difunda."
    )
    proporcionalidad: TextoConFormato | None = Field(
        None, description="III. La limitación se adecua al principio de proporcionalidad."
    )

    @model_validator(mode="after")
    def _una_forma(self) -> "PruebaDeDano":
        partes = [self.riesgo_real, self.interes_publico, self.proporcionalidad]
        formas = [self.senalada_por is not None, self.clausula is not None, any(partes)]
        if sum(formas) != 1 or (any(partes) and not all(partes)):
            raise ValueError(
                "indique una sola forma: «senalada_por» (la unidad que la formuló), «clausula» con "
                "sus «variables», o las tres partes: riesgo_real, interes_publico y proporcionalidad"
            )
        if self.variables and self.clausula is None:
            raise ValueError("«variables» solo se usa con «clausula»")
        return self


class VersionPublica(_Modelo):
    """Quién elabora la versión pública (Lineamiento Quincuagésimo primero, fracción IV)."""

    unidad: Texto = Field(description="Área encargada de elaborar la versión pública.")
    titular: Texto | None = Field(None, description="Nombre de la persona titular del área.")
    fecha: Fecha | None = Field(None, description="Fecha de la versión pública.")


class Clasificacion(_Modelo):
    """Una determinación de clasificación que el Comité confirma."""

    tipo: Literal["reservada", "confidencial"] = Field(description="Tipo de clasificación.")
    parcial: bool = Field(False, description="Si se clasifica solo parte de la información.")
    unidad: Texto = Field(description="Unidad administrativa que clasificó y pidió la confirmación.")
    descripcion: TextoConFormato = Field(description="Qué información se clasifica.")
    fundamentos: list[IdCatalogo] = Field(
        min_length=1, description="Ids del catálogo que fundan la clasificación."
    )
    en_relacion_con: list[IdCatalogo] = Field(
        default_factory=list,
        description="Ids que se citan «en relación con» los fundamentos (p. ej. Ley de Seguridad Nacional).",
    )
    motivacion: TextoConFormato = Field(description="Motivación: por qué la información encuadra en la causal.")
    periodo_reserva: PeriodoReserva | None = Field(None, description="Obligatorio si es reservada.")
    prueba_de_dano: PruebaDeDano | None = Field(None, description="Obligatoria si es reservada.")
    categorias: list[IdCatalogo] = Field(
        default_factory=list,
        description="Si es confidencial: ids de las categorías de datos del Lineamiento Trigésimo "
                    "octavo (p. ej. «datos.identificativos»).",
    )
    version_publica: VersionPublica | None = Field(None, description="Si se elabora una versión pública.")
    manifiesta_excepciones: bool = Field(
        False,
        description="Si es reservada: true para que la resolución manifieste que la información no se "
                    "refiere a violaciones graves de derechos humanos, delitos de lesa humanidad ni "
                    "actos de corrupción (Lineamiento Trigésimo séptimo).",
    )

    @model_validator(mode="after")
    def _reserva_completa(self) -> "Clasificacion":
        if self.tipo == "reservada":
            faltan = [c for c in ("periodo_reserva", "prueba_de_dano") if getattr(self, c) is None]
            if faltan:
                raise ValueError(
                    "una clasificación reservada requiere " + " y ".join(f"«{c}»" for c in faltan)
                )
        return self


class Resolutivo(_Modelo):
    """Un punto resolutivo: una cláusula del catálogo con sus variables, o texto libre."""

    clausula: IdCatalogo | None = Field(
        None, description="Id de la cláusula de resolutivo del catálogo, p. ej. «resolutivo.competencia»."
    )
    variables: dict[str, Any] = Field(
        default_factory=dict, description="Valores de las variables que la cláusula declara."
    )
    texto: TextoConFormato | None = Field(None, description="Texto libre del resolutivo (sin cláusula).")

    @model_validator(mode="after")
    def _una_forma(self) -> "Resolutivo":
        if (self.clausula is None) == (self.texto is None):
            raise ValueError("cada resolutivo lleva «clausula» o «texto» (uno de los dos)")
        if self.texto is not None and self.variables:
            raise ValueError("«variables» solo se usa con «clausula»")
        return self


class Reproduccion(_Modelo):
    """Información que se pone a disposición previo pago de reproducción."""

    fojas: int = Field(ge=1, le=10_000_000, description="Número de fojas útiles.")
    unidad: Texto = Field(description="Unidad que proporciona la información.")
    descripcion: Texto = Field(description="Qué se entrega, p. ej. «el instrumento contractual».")


class Firmante(_Modelo):
    """Integrante del Comité que firma."""

    nombre: Texto = Field(description="Nombre completo; se imprime en mayúsculas y negritas.")
    honorifico: Texto | None = Field(None, description="Tratamiento antes del nombre: «Lic.», «Mtra.», «Dr.».")
    cargo: Texto = Field(
        description="Cargo bajo la firma. Si firma como suplente, el cargo de la persona titular a quien suple "
                    "(«Titular del Órgano Interno de Control…»): se imprime «Suplente del Titular…»."
    )
    suplente: bool = Field(False, description="Si firma en suplencia de la persona titular del cargo.")
    genero_cargo: Literal["m", "f"] = Field(
        "m", description="Género gramatical del cargo suplido: «Suplente del Titular» (m), «Suplente de la Directora» (f)."
    )
    rol: Texto | None = Field(
        None, description="Papel en el Comité, con el género del papel: «Presidenta», «Secretario Técnico», «Vocal»."
    )
    orden: int | None = Field(None, ge=1, description="Orden en el bloque de firmas (si falta, el de la lista).")

    @property
    def nombre_firma(self) -> str:
        """«LIC. OSCAR SÁNCHEZ DELGADO»."""
        return " ".join(p for p in (self.honorifico, self.nombre) if p).upper()

    @property
    def cargo_firma(self) -> str:
        if not self.suplente:
            return self.cargo
        return ("Suplente de la " if self.genero_cargo == "f" else "Suplente del ") + self.cargo


class Busqueda(_Modelo):
    """La búsqueda exhaustiva (Ley General 2025, art. 141: criterio de búsqueda y
    circunstancias de tiempo, modo y lugar)."""

    unidades: list[Texto] = Field(min_length=1, description="Unidades administrativas en que se buscó.")
    criterios: TextoConFormato = Field(description="Criterios de búsqueda (términos, periodo, tipo de documento).")
    lugares: TextoConFormato = Field(description="Dónde se buscó: archivos de trámite y concentración, sistemas, correos…")


class Inexistencia(_Modelo):
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


class Ampliacion(_Modelo):
    """Ampliación del plazo de respuesta (Ley General 2025, art. 134: 20 días más hasta 10)."""

    razones: TextoConFormato = Field(description="Razones fundadas y motivadas de la unidad para pedir más tiempo.")
    unidad: Texto = Field(description="Unidad que pide la ampliación.")
    fecha_presentacion: Fecha | None = Field(
        None, description="Fecha en que se presentó la solicitud; si falta, la de la primera solicitud."
    )
    dias_respuesta: int = Field(20, ge=1, le=60, description="Plazo ordinario de respuesta, en días hábiles.")
    dias_ampliacion: int = Field(10, ge=1, le=10, description="Días hábiles de ampliación (hasta 10).")


class Incompetencia(_Modelo):
    """Declaración de incompetencia."""

    razones: TextoConFormato = Field(description="Por qué el sujeto obligado no es competente.")
    competente: Texto | None = Field(None, description="Sujeto obligado que sí podría ser competente, si se sabe.")
    parcial: bool = Field(False, description="Si es competente para una parte de la solicitud.")


_HORA = r"^([01]?\d|2[0-3]):[0-5]\d$"


class Acuerdo(_Modelo):
    """Un acuerdo del acta: lo que el Comité determinó sobre uno o varios folios."""

    folios: list[Texto] = Field(min_length=1, description="Folios de las solicitudes del acuerdo.")
    unidad: Texto = Field(description="Área que sometió el asunto (Lineamiento Quincuagésimo primero, fr. II).")
    determinacion: TextoConFormato = Field(
        description="Lo que se acuerda, en una frase: «confirmar la clasificación como reservada de …»."
    )
    fundamentos: list[IdCatalogo] = Field(min_length=1, description="Ids del catálogo que fundan el acuerdo.")
    motivacion: TextoConFormato = Field(description="Por qué (Lineamiento Quincuagésimo primero, fr. III).")
    votacion: Texto = Field(description="Cómo se votó, p. ej. «por unanimidad de votos».")


class Acta(_Modelo):
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


class Fundamentacion(_Modelo):
    """Fundamentación jurídica de la resolución (competencia y procedimiento)."""

    fundamentos: list[IdCatalogo] = Field(min_length=1, description="Ids del catálogo.")


class Expediente(_Modelo):
    """Expediente de una resolución del Comité de Transparencia."""

    model_config = ConfigDict(
        title="Expediente de resolución del Comité de Transparencia",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    version_formato: int = Field(1, ge=1, le=1, description="Versión del formato del expediente (hoy, 1).")
    institucion: Annotated[str, Field(pattern=r"^[a-z0-9_\-]+$")] = Field(
        description="Id del perfil de la institución (carpeta en plantillas/instituciones/), p. ej. «sre»."
    )
    tipo: Literal["reserva", "confidencial", "mixta", "inexistencia", "ampliacion", "incompetencia", "acta"] = Field(
        description="Tipo de resolución: reserva, confidencial (con versión pública), mixta (varias "
                    "clasificaciones), inexistencia, ampliacion (del plazo de respuesta), incompetencia, o "
                    "acta (de una sesión del Comité, con un acuerdo por folio)."
    )
    oficio: Texto = Field(description="Número de oficio de la resolución, p. ej. «CTA-40418».")
    asunto: TextoConFormato = Field(description="Asunto del encabezado; admite **negritas**.")
    fecha: Fecha = Field(description="Fecha de la resolución (AAAA-MM-DD).")
    sesion: Sesion | None = Field(None, description="Sesión del Comité (opcional).")
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
    fundamentacion_resolucion: Fundamentacion | None = Field(
        None, description="Fundamentación jurídica de la resolución (todos los tipos salvo el acta)."
    )
    resolutivos: list[Resolutivo] = Field(default_factory=list, description="Puntos resolutivos, en orden.")
    acta: Acta | None = Field(None, description="Si el tipo es acta: la sesión y sus acuerdos.")
    reproduccion: Reproduccion | None = Field(None, description="Entrega previo pago de reproducción.")
    firmantes: list[Firmante] = Field(
        default_factory=list, max_length=15,
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


def esquema_json() -> dict[str, Any]:
    """JSON Schema del expediente, para editores y para quien escribe expedientes."""
    return Expediente.model_json_schema()


# --- Lectura -----------------------------------------------------------------

_MENSAJES = {
    "missing": "falta este campo obligatorio",
    "extra_forbidden": "campo desconocido (revise cómo está escrito)",
    "string_type": "debe ser texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero, sin decimales",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "no es una fecha válida (use AAAA-MM-DD)",
    "date_from_datetime_parsing": "no es una fecha válida (use AAAA-MM-DD, p. ej. 2018-11-21)",
    "date_from_datetime_inexact": "debe ser una fecha sin hora",
    "list_type": "debe ser una lista (elementos con «- »)",
    "dict_type": "debe ser un conjunto de campos «clave: valor»",
    "model_type": "debe ser un conjunto de campos «clave: valor»",
    "model_attributes_type": "debe ser un conjunto de campos «clave: valor»",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "string_too_long": "es demasiado largo",
}


def _mensaje(err: dict[str, Any]) -> str:
    tipo = err["type"]
    ctx = err.get("ctx") or {}
    if tipo == "value_error":
        return str(ctx.get("error", err["msg"]))
    if tipo == "literal_error":
        opciones = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return "debe ser uno de: " + ", ".join(f"«{o}»" for o in opciones) if opciones else err["msg"]
    if tipo == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "institucion":
        return "el id de la institución solo lleva minúsculas sin acentos, cifras, «_» y «-» (p. ej. «sre»)"
    if tipo == "string_pattern_mismatch":
        return "no tiene el formato esperado: un id del catálogo es como «lftaip.110.I» o «lgcd.17»"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser al menos {ctx.get('ge', ctx.get('gt'))}"
    if tipo in ("less_than_equal", "less_than"):
        return f"no puede ser mayor que {ctx.get('le', ctx.get('lt'))}"
    if tipo == "too_short":
        return "no puede estar vacío" if ctx.get("min_length") == 1 else f"necesita al menos {ctx.get('min_length')} elementos"
    if tipo == "too_long":
        return f"admite como máximo {ctx.get('max_length')} elementos"
    if tipo == "date_from_datetime_parsing" and "day value is outside" in str(ctx.get("error", "")):
        return "la fecha no existe (ese mes no tiene ese día)"
    if tipo == "date_from_datetime_parsing" and "month value is outside" in str(ctx.get("error", "")):
        return "la fecha no existe (el mes debe estar entre 01 y 12)"
    return _MENSAJES.get(tipo, err["msg"])


def problemas_de_validacion(exc: ValidationError, doc: Documento, base: tuple = ()) -> list[Problema]:
    """Traduce los errores de pydantic a problemas con campo y línea."""
    problemas = []
    for err in exc.errors(include_url=False):
        # pydantic añade a la ruta el nombre de la variante de una unión: se omite.
        ruta = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        ruta = base + ruta
        problemas.append(
            Problema(_mensaje(err), Ubicacion(doc.archivo, doc.linea(ruta), formatear_ruta(ruta) or None))
        )
    return problemas


def leer_texto(texto: str, archivo: str) -> tuple[Expediente, Documento]:
    """Lee y valida un expediente desde texto YAML."""
    return validar_documento(leer_yaml(texto, archivo))


def validar_documento(doc: Documento) -> tuple[Expediente, Documento]:
    """Valida los datos ya leídos (de un YAML, o armados desde una fila de una tabla)."""
    archivo = doc.archivo
    if not isinstance(doc.datos, dict):
        raise ErrorDeUsuario(
            Problema("el expediente debe ser un conjunto de campos «clave: valor» (¿archivo vacío?)",
                     Ubicacion(archivo, 1)),
        )
    try:
        expediente = Expediente.model_validate(doc.datos)
    except ValidationError as exc:
        raise ErrorDeUsuario(problemas_de_validacion(exc, doc), titulo=f"El expediente {archivo} no es válido:") from None
    return expediente, doc


def leer_entrada(ruta: str | Path) -> tuple[bytes, str]:
    """Bytes del expediente y el nombre con que se citará en los errores (``-`` = entrada estándar)."""
    import sys

    if str(ruta) == "-":
        flujo = getattr(sys.stdin, "buffer", None)
        return (flujo.read() if flujo is not None else sys.stdin.read().encode("utf-8")), "(entrada estándar)"
    ruta = Path(ruta)
    nombre = str(ruta)
    if ruta.is_dir():
        raise ErrorDeUsuario(Problema("es una carpeta, no un archivo de expediente", Ubicacion(nombre)))
    try:
        return ruta.read_bytes(), nombre
    except FileNotFoundError:
        raise ErrorDeUsuario(Problema("el archivo no existe", Ubicacion(nombre))) from None
    except PermissionError:
        raise ErrorDeUsuario(Problema("no hay permiso para leer el archivo", Ubicacion(nombre))) from None
    except OSError as exc:
        raise ErrorDeUsuario(Problema(f"no se pudo leer el archivo ({exc.strerror})", Ubicacion(nombre))) from None


def decodificar(datos: bytes, nombre: str) -> str:
    """Texto UTF-8 (con o sin BOM); otra codificación es un error con su línea."""
    try:
        return datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = datos[: exc.start].count(b"\n") + 1
        raise ErrorDeUsuario(
            Problema("el archivo no está en UTF-8 (guárdelo como UTF-8)", Ubicacion(nombre, linea))
        ) from None


def leer_archivo(ruta: str | Path) -> tuple[Expediente, Documento]:
    """Lee y valida un expediente de un archivo (``-`` = entrada estándar)."""
    datos, nombre = leer_entrada(ruta)
    return leer_texto(decodificar(datos, nombre), nombre)
