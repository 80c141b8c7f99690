"""La estructura del documento como datos del perfil: secciones, numeración y acta.

Los Comités no escriben igual: un tribunal abre con «ANTECEDENTES» numerados «I.», «II.»
y sigue con «CONSIDERANDOS» y «RESUELVE»; la autoridad garante nacional escribía
«RESULTANDOS» y «CONSIDERANDOS» con «PRIMERO.», «SEGUNDO.»; un comité estatal levanta un
acta por sesión con su «ORDEN DEL DÍA» y su «DESARROLLO». Hasta aquí cada institución
tenía que escribir su propio bloque de Jinja para decirlo. Con estas opciones lo dice en
``perfil.yaml`` y los bloques de texto del proyecto la siguen: quien no programa cambia la
estructura sin tocar una plantilla.

Todo es dato validado al leer el perfil: los títulos son texto, los encabezados con datos
del caso son patrones (``patron.py``, solo los nombres de :data:`CAMPOS_DE_ESTRUCTURA`), y
la numeración es una lista cerrada de estilos.
"""

from __future__ import annotations

import re
from typing import Literal

from .. import letras
from ..modelos.base import BaseModel, ConfigDict, Field, field_validator
from .frases import Frases, FrasesDelActa
from .patron import PatronNoValido, validar_patron

_TEXTO = r"^[^<>&\x00-\x1f]+$"

# Datos del caso que admite el encabezado de la resolución (``estructura.encabezado``).
CAMPOS_DE_ESTRUCTURA = ("oficio", "folios", "fecha", "comite", "siglas", "institucion", "lugar", "expediente",
                        "sesion", "fecha_cuerpo", "fecha_sesion", "votacion", "fecha_dias")

Numeracion = Literal["romanos", "ordinales", "ordinales_f", "arabigos", "letras", "ninguna"]


class _Modelo(BaseModel):
    # defer_build: el validador se construye al validar el primer perfil (nunca al importar;
    # el mismo esquema y los mismos mensajes), y los modelos anidados no arman uno propio.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def numerar(numero: int, estilo: str, separador: str = ".") -> str:
    """La etiqueta de un elemento de una sección: «I.», «PRIMERO.», «PRIMERA.-», «1.», «A)».

    Los ordinales van en mayúsculas, como se imprimen en las resoluciones («PRIMERO.»,
    «DÉCIMO PRIMERO.»); «ninguna» no pone etiqueta.
    """
    if estilo == "ninguna":
        return ""
    if estilo == "romanos":
        base = letras.romano(numero)
    elif estilo == "ordinales":
        base = letras.ordinal(numero).upper()
    elif estilo == "ordinales_f":
        base = letras.ordinal(numero, genero=letras.FEMENINO).upper()
    elif estilo == "letras":
        if not 1 <= numero <= 26:
            raise ValueError(f"no hay letra para el elemento {numero}")
        base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[numero - 1]
    else:
        base = str(numero)
    return base + separador


def espaciar(titulo: str) -> str:
    """«ANTECEDENTES» → «A N T E C E D E N T E S» (títulos espaciados de varios tribunales);
    las palabras quedan separadas por tres espacios para que se lean."""
    return "   ".join(" ".join(palabra) for palabra in titulo.split())


class Seccion(_Modelo):
    """Una sección numerada: su título y cómo se numeran sus elementos."""

    titulo: str = Field(min_length=1, max_length=80, pattern=_TEXTO,
                        description="Título de la sección: «ANTECEDENTES», «RESULTANDOS», «CONSIDERANDOS»…")
    numeracion: Numeracion = Field(
        "ordinales", description="romanos «I.», ordinales «PRIMERO.», ordinales_f «PRIMERA.», arabigos «1.», "
                                 "letras «A.» o ninguna.")
    separador: str = Field(".", max_length=3, pattern=r"^[.\-–—:) ]{1,3}$",
                           description="Lo que sigue al número: «.», «.-», «)» o «:».")
    titulos: bool = Field(True, description="Si cada elemento lleva un título en negritas tras el número: "
                                            "«PRIMERO. Competencia.»; false: «PRIMERO. Este Comité…».")


class Termino(_Modelo):
    """Un término del glosario: la forma corta que usa el texto y lo que abrevia."""

    termino: str = Field(min_length=1, max_length=80, pattern=_TEXTO, description="Forma corta: «Ley General».")
    significado: str = Field(min_length=1, max_length=400, pattern=_TEXTO,
                             description="Lo que abrevia: «Ley General de Transparencia y Acceso a la Información Pública».")
    instrumento: str | None = Field(
        None, max_length=80, pattern=r"^[a-z0-9_]+$",
        description="Id del instrumento del catálogo que abrevia («lgtaip»), para citarlo con la forma corta; sin él, "
                    "se reconoce el instrumento cuyo nombre es el «significado».")


Apertura = Literal["visto", "vistos", "ninguna"]


# Con nombre (no lambdas): el esquema del modelo se guarda ya armado en la caché
# (``modelos/guardados.py``) y pickle guarda una función por su nombre.
def _antecedentes_por_omision() -> Seccion:
    return Seccion(titulo="ANTECEDENTES", numeracion="romanos")


def _considerandos_por_omision() -> Seccion:
    return Seccion(titulo="CONSIDERANDOS")


def _resolutivos_por_omision() -> Seccion:
    return Seccion(titulo="RESUELVE", titulos=False)
Dato = Literal["expediente", "oficio", "folios", "sesion", "fecha", "lugar", "instancia", "relacionados"]


class Estructura(_Modelo):
    """La estructura de una resolución por solicitud, cuando la institución no usa la de CTA-40418."""

    encabezado: str | None = Field(
        None, max_length=300, description="Primer párrafo, en negritas, con datos del caso: «RESOLUCIÓN DEL "
                                          "{comite} EN EL EXPEDIENTE {expediente}».")
    encabezado_mayusculas: bool = Field(True, description="Si el encabezado se escribe todo en mayúsculas.")
    preambulo: list[str] = Field(
        default_factory=list, max_length=10,
        description="Párrafos tras el encabezado, con datos del caso, tal como se escriben: «{lugar}, a {fecha_cuerpo}.», "
                    "«Acuerdo del {comite}, correspondiente a la sesión de {fecha_sesion}.» ({fecha} es la del cierre; "
                    "{fecha_cuerpo} y {fecha_sesion}, con el estilo del cuerpo).")
    cierre: str | None = Field(
        None, max_length=600,
        description="Otro párrafo de cierre, con datos del caso: «ASÍ LO RESOLVIÓ EL {comite}, {votacion}, EN {lugar}, "
                    "A {fecha}.»; sin él, «ASÍ LO RESOLVIERON Y FIRMAN LOS INTEGRANTES DEL …».")
    cierre_mayusculas: bool = Field(True, description="Si el cierre propio se escribe todo en mayúsculas.")
    antes_de_resolutivos: str | None = Field(
        "Por lo expuesto y fundado, este Comité", max_length=300,
        description="El párrafo que introduce los resolutivos, con datos del caso («Por lo anteriormente expuesto y "
                    "fundado, el {comite}:»); null lo omite.")
    rubro: list[Dato] = Field(
        default_factory=list, max_length=8,
        description="Datos del bloque de identificación, arriba a la derecha, uno por línea: expediente, oficio, "
                    "folios, sesion, fecha, lugar, instancia (las áreas requeridas), relacionados.")
    rubro_formato: Literal["lineas", "tabla"] = Field(
        "lineas", description="«lineas»: «EXPEDIENTE: …» en un párrafo cada dato; «tabla»: dos columnas (el dato y su "
                              "valor), sin bordes, alineada a la derecha, como el rubro de los tribunales.")
    rubro_ancho: int = Field(60, ge=30, le=100, description="Con rubro en tabla: su ancho, en porcentaje de la página.")
    rubro_etiquetas: dict[Dato, str] = Field(
        default_factory=dict, max_length=8,
        description="Otro nombre para un dato del rubro: {expediente: «CLASIFICACIÓN DE INFORMACIÓN»}.")
    apertura: Apertura = Field(
        "visto", description="Cómo abre: «visto» (Visto el expediente relativo a…, se emite la presente resolución con "
                             "base en los siguientes:), «vistos» (VISTOS para resolver el expediente…, y:) o «ninguna».")
    antecedentes: Seccion = Field(default_factory=_antecedentes_por_omision,
                                  description="Los hechos: solicitud, turno, requerimientos, respuestas.")
    considerandos: Seccion = Field(default_factory=_considerandos_por_omision,
                                   description="El análisis: competencia y cada determinación.")
    resolutivos: Seccion = Field(default_factory=_resolutivos_por_omision,
                                 description="Los puntos resolutivos.")
    frases: Frases = Field(default_factory=Frases, description=(
        "La redacción propia de cada antecedente (solicitud, turno, requerimiento, respuesta, relacionados, "
        "convocatoria) y de la competencia: {titulo, texto} con los datos de ese elemento; lo que no se da, como siempre."))
    titulos_espaciados: bool = Field(False, description="«A N T E C E D E N T E S» en lugar de «ANTECEDENTES».")
    dos_puntos: bool = Field(False, description="Si los títulos de sección terminan en «:» («CONSIDERANDOS:»).")
    glosario: list[Termino] = Field(
        default_factory=list, max_length=40,
        description="Formas cortas que usa la institución; con ellas se escribe un GLOSARIO antes de los antecedentes.")
    titulo_glosario: str = Field("GLOSARIO", max_length=40, pattern=_TEXTO, description="Título del glosario.")
    glosario_linea: str | None = Field(
        None, max_length=120, pattern=_TEXTO,
        description="Cómo se escribe cada término del glosario, con {termino} y {significado}: «{termino}.- "
                    "{significado}», «{termino} o {significado}»; sin ella, «Ley General: Ley General de …» con el "
                    "término en negritas.")
    glosario_en_citas: bool = Field(
        False, description="Si las citas nombran los instrumentos del glosario con su forma corta («artículo 113, "
                           "fracción I, de la Ley General»): el glosario es su primera mención completa.")

    @field_validator("rubro_etiquetas")
    @classmethod
    def _etiquetas_seguras(cls, etiquetas: dict[str, str]) -> dict[str, str]:
        for dato, etiqueta in etiquetas.items():
            if not 1 <= len(etiqueta) <= 60 or re.search(r"[<>&\x00-\x1f]", etiqueta):
                raise ValueError(f"la etiqueta de «{dato}» es texto de 1 a 60 caracteres, sin «<», «>» ni «&»")
        return etiquetas

    @field_validator("encabezado", "cierre", "antes_de_resolutivos")
    @classmethod
    def _encabezado_seguro(cls, patron: str | None) -> str | None:
        if patron is not None:
            try:
                validar_patron(patron, CAMPOS_DE_ESTRUCTURA)
            except PatronNoValido as exc:
                raise ValueError(str(exc)) from None
        return patron

    @field_validator("glosario_linea")
    @classmethod
    def _linea_segura(cls, patron: str | None) -> str | None:
        if patron is not None:
            try:
                validar_patron(patron, ("termino", "significado"))
            except PatronNoValido as exc:
                raise ValueError(str(exc)) from None
        return patron

    @field_validator("preambulo")
    @classmethod
    def _preambulo_seguro(cls, lineas: list[str]) -> list[str]:
        for linea in lineas:
            if not 1 <= len(linea) <= 600:
                raise ValueError("cada párrafo del preámbulo es texto de 1 a 600 caracteres")
            try:
                validar_patron(linea, CAMPOS_DE_ESTRUCTURA)
            except PatronNoValido as exc:
                raise ValueError(f"«{linea}»: {exc}") from None
        return lineas

    def titulo(self, seccion: Seccion | str) -> str:
        """El título como se imprime: espaciado y con dos puntos si el perfil lo pide."""
        texto = seccion.titulo if isinstance(seccion, Seccion) else seccion
        if self.titulos_espaciados:
            texto = espaciar(texto)
        return texto + (":" if self.dos_puntos else "")


# Datos del caso que admiten el título y el cierre propios del acta.
CAMPOS_DEL_ACTA = ("sesion", "numero", "comite", "siglas", "institucion", "oficio", "fecha", "fecha_cuerpo",
                   "hora_inicio", "hora_cierre", "ciudad", "lugar", "sede", "fecha_dias")


class EstiloActa(_Modelo):
    """Cómo escribe la institución el acta de una sesión (tipo «acta»)."""

    titulo: str | None = Field(
        None, max_length=300,
        description="Otro título del acta, con datos del caso: «ACTA DE LA SESIÓN ORDINARIA NÚMERO {numero} DEL "
                    "{comite}» ({sesion}: «Décima Segunda Sesión Ordinaria»); sin él, «ACTA DE LA DÉCIMA SEGUNDA SESIÓN ORDINARIA DEL COMITÉ …». En mayúsculas.")
    apertura: str | None = Field(
        None, max_length=1000,
        description="Otra apertura del acta, con datos del caso y {asistentes} (quienes asisten, con su cargo y su "
                    "papel, como siempre): «En {ciudad}, siendo {hora_inicio} del día {fecha}, en {sede}, se reunieron "
                    "los integrantes del {comite}: {asistentes}, para celebrar su {sesion}, bajo el siguiente:».")
    cierre: str | None = Field(
        None, max_length=600,
        description="Otro cierre del acta, con datos del caso: «Se levanta la sesión a {hora_cierre} del {fecha}, "
                    "firmando quienes intervinieron.» ({ciudad} y {sede} son los del acta: la ciudad y el recinto; {lugar}, el "
                    "lugar de emisión); sin él, «NO HABIENDO MÁS ASUNTOS QUE TRATAR…».")
    cierre_mayusculas: bool = Field(True, description="Si el cierre propio del acta va todo en mayúsculas.")
    invitados_aparte: bool = Field(
        False, description="Si quienes firman sin ser integrantes («integrante: false», p. ej. la secretaría técnica) "
                           "se nombran aparte en la apertura: «…; así como Óscar Villa Durán, Director Jurídico, "
                           "Secretario Técnico».")

    orden_del_dia: str = Field("ORDEN DEL DÍA", max_length=80, pattern=_TEXTO, description="Título del orden del día.")
    desarrollo: str | None = Field(
        None, max_length=80, pattern=_TEXTO,
        description="Título de la sección que desahoga cada punto («DESARROLLO DE LA SESIÓN»); sin él, el quórum y "
                    "los acuerdos van como en el acta del proyecto.")
    acuerdos: str = Field("ACUERDOS", max_length=80, pattern=_TEXTO, description="Título de los acuerdos.")
    numeracion: Numeracion = Field("ordinales", description="Numeración de los puntos del desarrollo.")
    separador: str = Field(".-", max_length=3, pattern=r"^[.\-–—:) ]{1,3}$",
                           description="Lo que sigue al número de cada punto del desarrollo: «.-», «.».")
    numeracion_orden: Numeracion = Field("arabigos", description="Numeración del orden del día («1.», «I.»).")
    fundamento_de_cada_integrante: bool = Field(
        False, description="Si la apertura dice el fundamento de cada integrante («fundamentos» de cada firmante).")
    frases: FrasesDelActa = Field(default_factory=FrasesDelActa, description=(
        "Con «desarrollo»: la redacción propia del quórum, de cada asunto y de cada acuerdo ({titulo, texto} con sus "
        "datos); lo que no se da, como siempre."))

    @field_validator("titulo", "cierre", "apertura")
    @classmethod
    def _patron_seguro(cls, patron: str | None, info) -> str | None:
        if patron is not None:
            try:
                validar_patron(patron, CAMPOS_DEL_ACTA + (("asistentes",) if info.field_name == "apertura" else ()))
            except PatronNoValido as exc:
                raise ValueError(str(exc)) from None
        return patron
