"""Las partes comunes de una resolución: sesión, solicitudes, respuestas, clasificaciones
con su periodo de reserva y su prueba de daño, resolutivos y firmantes."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from ..modelos.base import Field, model_validator
from .campos import Fecha, IdCatalogo, Linea, Modelo, Texto, TextoConFormato
from .procedimiento import MedioDeSolicitud


class Sesion(Modelo):
    """Sesión del Comité en que se aprobó la resolución."""

    numero: int | None = Field(None, ge=1, le=999, description="Número de la sesión (p. ej. 10 = Décima).")
    tipo: Literal["ordinaria", "extraordinaria"] | None = Field(None, description="Tipo de sesión.")
    fecha: Fecha | None = Field(None, description="Fecha de la sesión (AAAA-MM-DD).")


class Solicitud(Modelo):
    """Una solicitud de acceso a la información."""

    folio: Linea = Field(description="Folio de la solicitud, tal cual, con sus ceros (en el archivo YAML, "
                                     "escríbalo entre comillas: \"0000500194518\").")
    texto: TextoConFormato = Field(description="Lo que pide la persona solicitante, tal como lo escribió.")
    fecha: Fecha | None = Field(None, description="Fecha de presentación (opcional).")
    medio: MedioDeSolicitud | None = Field(
        None, description="Por dónde llegó: portal (Plataforma Nacional de Transparencia), modulo, correo, "
                          "presencial, correo_postal o telefono.")
    omision_final: bool = Field(
        False, description="Si la cita se cierra con «...\"» porque se omite el resto del texto."
    )
    omision_inicial: bool = Field(False, description="Si la cita empieza con «(…)» porque se omite el principio.")
    sic: bool = Field(False, description="Si tras la cita va «(sic)»: se transcribe tal cual, con sus errores.")


class Respuesta(Modelo):
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
    omision_inicial: bool = Field(False, description="Si la cita empieza con «(…)» (se omite el principio).")
    sic: bool = Field(False, description="Si tras la cita va «(sic)».")


class PeriodoReserva(Modelo):
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


class PruebaDeDano(Modelo):
    """Prueba de daño, en una de tres formas: la de una unidad consultada
    (``senalada_por``), una cláusula del catálogo con sus variables, o sus tres partes."""

    clausula: IdCatalogo | None = Field(
        None, description="Id de la cláusula de prueba de daño, p. ej. «prueba_de_dano.seguridad_nacional»."
    )
    variables: dict[str, Any] = Field(default_factory=dict, description="Variables de la cláusula.")
    senalada_por: Texto | None = Field(
        None, description="Unidad cuya respuesta contiene la prueba de daño («La señalada por …»)."
    )
    ubicacion: Texto | None = Field(
        None, description="Con «senalada_por»: dónde están, en la respuesta de esa unidad, los tres elementos "
                          "de la prueba de daño (p. ej. «oficio TIN-4366, páginas 2 a 4»)."
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


class Testado(Modelo):
    """Una fila de la relación de datos testados: lo suprimido y en qué fojas (el documento
    señala «las partes o secciones clasificadas, así como las páginas que la conforman»)."""

    dato: Texto = Field(description="Lo que se testa: «Nombre del personal de escolta».")
    fojas: Texto = Field(description="Fojas o páginas donde está: «3 a 5», «7 y 9».")
    fundamento: Texto | None = Field(None, description="Fundamento, como se escribe; si falta, el de la clasificación.")


class VersionPublica(Modelo):
    """Quién elabora la versión pública (Lineamiento Quincuagésimo primero, fracción IV)."""

    unidad: Texto = Field(description="Área encargada de elaborar la versión pública.")
    titular: Texto | None = Field(None, description="Nombre de la persona titular del área.")
    fecha: Fecha | None = Field(None, description="Fecha de la versión pública.")
    testados: list[Testado] = Field(default_factory=list, max_length=300, description=(
        "Relación de los datos testados con sus fojas; la resolución la escribe en una tabla."))


class PropuestaArea(Modelo):
    """Lo que propuso el área (Ley General 2025, art. 139: «El área deberá remitir la solicitud, así
    como un escrito en el que funde y motive la clasificación al Comité de Transparencia»). El Comité
    confirma, modifica o revoca esa propuesta: compararla con lo que determina es lo que dice cuál de
    las tres cosas hace la resolución, sin adivinarlo por el texto de los resolutivos."""

    tipo: Literal["reservada", "confidencial"] = Field(description="Cómo clasificó el área la información.")
    parcial: bool = Field(False, description="Si el área clasificó solo parte de la información.")
    fundamentos: list[IdCatalogo] = Field(
        default_factory=list, description="Ids del catálogo que citó el área (opcional).")


class Clasificacion(Modelo):
    """Una determinación de clasificación del Comité sobre la propuesta de un área."""

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
    propuesta_area: PropuestaArea | None = Field(
        None, description="Lo que propuso el área (tipo, parcial, fundamentos), si el Comité no lo confirma tal "
                          "cual; si falta, se entiende que el área propuso lo mismo que el Comité determina.")
    determinacion: Literal["confirma", "modifica", "revoca"] | None = Field(
        None, description="Lo que hace el Comité con la clasificación del área (Ley General 2025, art. 139): "
                          "«confirma», «modifica» (y otorga total o parcialmente el acceso) o «revoca» (y concede "
                          "el acceso). Si falta, se deduce de «propuesta_area»: igual, confirma; distinta, modifica.")
    servidores_publicos: bool = Field(
        False, description="Si es confidencial: true si los datos son nombres o firmas de personas servidoras "
                           "públicas (Lineamiento Quincuagésimo séptimo, fr. II: en principio son públicos).")
    razones_periodo: TextoConFormato | None = Field(
        None, description="Si es reservada: las razones por las que se eligió ese periodo de reserva, "
                          "relacionadas con la prueba de daño (Lineamiento Trigésimo cuarto, párrafo tercero).")
    partes_reservadas: TextoConFormato | None = Field(
        None, description="Si la reserva es parcial: las partes o secciones reservadas (Lineamiento "
                          "Quincuagésimo primero, párrafo segundo, fracción II).")

    @property
    def determinacion_efectiva(self) -> str:
        """La determinación dada o, si falta, la que resulta de comparar con la propuesta del área."""
        if self.determinacion is not None:
            return self.determinacion
        propuesta = self.propuesta_area
        if propuesta is None or (propuesta.tipo == self.tipo and propuesta.parcial == self.parcial):
            return "confirma"
        return "modifica"

    @model_validator(mode="after")
    def _reserva_completa(self) -> "Clasificacion":
        # Una reserva que el Comité revoca no necesita periodo ni prueba de daño: no se reserva nada.
        if self.tipo == "reservada" and self.determinacion != "revoca":
            faltan = [c for c in ("periodo_reserva", "prueba_de_dano") if getattr(self, c) is None]
            if faltan:
                raise ValueError(
                    "una clasificación reservada requiere " + " y ".join(f"«{c}»" for c in faltan)
                )
        return self


class Resolutivo(Modelo):
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


class Reproduccion(Modelo):
    """Información que se pone a disposición previo pago de reproducción."""

    fojas: int = Field(ge=1, le=10_000_000, description="Número de fojas útiles.")
    unidad: Texto = Field(description="Unidad que proporciona la información.")
    descripcion: Texto = Field(description="Qué se entrega, p. ej. «el instrumento contractual».")


class Firmante(Modelo):
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
    integrante: bool = Field(
        True, description="false si firma sin ser integrante del Comité: una persona invitada (art. 39: «tendrán "
                          "voz, pero no voto») o una secretaría técnica que no es integrante. No cuenta para el "
                          "número impar ni para el quórum.")
    voto: Literal["a_favor", "en_contra", "abstencion"] | None = Field(
        None, description="Sentido del voto de esta persona en la resolución, si el perfil pide la votación.")
    genero: Literal["m", "f"] | None = Field(
        None, description="Género de la persona (no del cargo), para el artículo: «la Presidente», «el Secretario».")
    cargo_propio: Texto | None = Field(
        None, description="Si firma como suplente, su propio cargo: «Directora de Área, Suplente del Titular…».")
    fundamentos: list[IdCatalogo] = Field(
        default_factory=list, description="Ids del catálogo que fundan su participación en el Comité (las actas que "
                                          "dicen el fundamento de cada integrante).")

    @property
    def nombre_firma(self) -> str:
        """«LIC. OSCAR SÁNCHEZ DELGADO»."""
        return " ".join(p for p in (self.honorifico, self.nombre) if p).upper()

    @property
    def cargo_firma(self) -> str:
        if not self.suplente:
            return self.cargo
        suplencia = ("Suplente de la " if self.genero_cargo == "f" else "Suplente del ") + self.cargo
        return f"{self.cargo_propio}, {suplencia[0].lower()}{suplencia[1:]}" if self.cargo_propio else suplencia

    @property
    def articulo(self) -> str:
        """«la» o «el», por el género de la persona (o del rol, si no se dio)."""
        if self.genero is not None:
            return "la" if self.genero == "f" else "el"
        return "la" if (self.rol or "").rstrip().endswith("a") else "el"
