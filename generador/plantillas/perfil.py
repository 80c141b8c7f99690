"""Perfil de una institución: nombre, comité, encabezado y formato de página.

Cada institución tiene una carpeta ``plantillas/instituciones/<id>/`` con un
``perfil.yaml``; puede traer además sus propios bloques de texto en ``textos/``
(que sustituyen a los de ``plantillas/textos/`` con el mismo nombre) y su propio
diseño de Word.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import Firmante, problemas_de_validacion
from ..expediente.campos import texto_valido
from ..expediente.sugerencias import CLAVES_PREVIAS
from ..expediente.yaml_lineas import leer_yaml
from ..modelos.base import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from ..modelos.guardados import completar
from ..rutas import carpetas_de_plantillas
from .cargador import TAMANO_MAXIMO_DE_DATOS, dentro_de, leer_confinado
from .estilo_citas import EstiloCitas
from .estructura import EstiloActa, Estructura
from .patron import PatronNoValido, formatear_patron, validar_patron


class _Modelo(BaseModel):
    # defer_build: el validador se construye al validar el primer perfil (nunca al importar;
    # el mismo esquema y los mismos mensajes), y los modelos anidados no arman uno propio.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Margenes(_Modelo):
    superior: float = Field(2.5, gt=0, le=10)
    inferior: float = Field(2.5, gt=0, le=10)
    izquierdo: float = Field(3.0, gt=0, le=10)
    derecho: float = Field(2.5, gt=0, le=10)


class EstiloPropio(_Modelo):
    """Un estilo del diseño de Word que el perfil fija a propósito (fuera de la fuente común)."""

    fuente: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[^<>&\"\x00-\x1f]+$")
    tamano: float | None = Field(None, ge=6, le=72, description="Tamaño en puntos.")


# Datos del caso que pueden llevar las líneas del encabezado y del pie (``formato.pie``…).
CAMPOS_DE_PAGINA = ("oficio", "folios", "fecha", "sesion", "areas", "comite", "siglas", "iniciales")
CAMPOS_DE_PAGINACION = ("pagina", "paginas")


def _una_linea_sin_controles(valor: str) -> str:
    """Lo que va a una sola línea del documento o de sus propiedades (``docProps/core.xml``,
    el pie): sin caracteres de control (el XML no los admite: Word lo abriría como ilegible, y
    un «\\0» en ``paginacion`` es el separador interno de los campos de Word) ni saltos."""
    texto_valido(valor)
    if "\n" in valor or "\r" in valor:
        raise ValueError("va en una sola línea")
    return valor


def _patrones(lineas: list[str], campos: tuple[str, ...]) -> list[str]:
    for linea in lineas:
        try:
            _una_linea_sin_controles(linea)
        except ValueError as exc:
            raise ValueError(f"«{linea[:80]}»: {exc}") from None
        try:
            validar_patron(linea, campos)
        except PatronNoValido as exc:
            raise ValueError(f"«{linea}»: {exc}") from None
    return lineas


class Formato(_Modelo):
    """Formato de página y tipografía del documento."""

    fuente: str = Field("Arial", min_length=1, max_length=64, pattern=r"^[^<>&\"\x00-\x1f]+$",
                        description="Fuente de todo el documento: cuerpo, títulos, citas, listas, encabezado y firmas.")
    tamano: float = Field(11, ge=6, le=24, description="Tamaño de la letra en puntos.")
    pagina: Literal["carta", "oficio", "a4"] = "carta"
    margenes_cm: Margenes = Field(default_factory=Margenes)
    logo: str | None = Field(None, description="Imagen (PNG o JPG) del encabezado, relativa a la carpeta del perfil.")
    logo_ancho_cm: float = Field(2.5, gt=0, le=10, description="Ancho del logotipo en el encabezado.")
    estilos: dict[str, EstiloPropio] = Field(
        default_factory=dict, max_length=50,
        description="Estilos del diseño que no siguen la fuente común, por nombre: {«Encabezado siglas»: {fuente: …}}.")
    paginacion: str | None = Field(
        None, max_length=100, description="Número de página en el pie, con {pagina} y {paginas}: «Página {pagina} de "
                                          "{paginas}», «{pagina}/{paginas}»; sin él, no se numera.")
    pie: list[str] = Field(default_factory=list, max_length=10, description=(
        "Líneas del pie de página, con datos del caso: {oficio}, {folios}, {fecha}, {sesion}, {areas}, {comite}, {siglas}."))
    encabezado_adicional: list[str] = Field(default_factory=list, max_length=10, description=(
        "Líneas que se añaden al encabezado, debajo del asunto, con los mismos datos del caso que el pie."))

    @field_validator("paginacion")
    @classmethod
    def _paginacion_segura(cls, patron: str | None) -> str | None:
        return None if patron is None else _patrones([patron], CAMPOS_DE_PAGINACION)[0]

    @field_validator("pie", "encabezado_adicional")
    @classmethod
    def _lineas_seguras(cls, lineas: list[str]) -> list[str]:
        return _patrones(lineas, CAMPOS_DE_PAGINA)


class Encabezado(_Modelo):
    """Encabezado de página (se repite en todas las páginas)."""

    siglas: str | None = Field(None, description="Siglas en grande, arriba a la izquierda (p. ej. «SRE»).")
    institucion: list[str] = Field(min_length=1, description="Columna izquierda: nombre de la institución, por líneas.")
    area: list[str] = Field(min_length=1, description="Columna derecha, arriba: el área que emite, por líneas.")


class Fechas(_Modelo):
    """Cómo escribe las fechas la institución."""

    cuerpo: Literal["cifras", "letras", "mixta"] = Field("cifras", description="En el texto: «20 de noviembre de 2018».")
    cierre: Literal["cifras", "letras", "mixta"] = Field(
        "letras", description="En el cierre: «VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO»; mixta: «13 trece de agosto de 2020 dos mil veinte».")
    mes_primero: bool = Field(False, description="El mes antes del día: «agosto 15 de 2011».")
    cero_inicial: bool = Field(False, description="El día con dos cifras: «04 de julio de 2020».")
    hora: Literal["letras", "cifras", "mixta"] = Field(
        "letras", description="Las horas del acta: «las diez horas», «las 10:00 horas» o «las 10:00 diez horas».")


class Inhabil(_Modelo):
    """Un día (o periodo) inhábil declarado por la institución (acuerdo publicado)."""

    desde: _dt.date
    hasta: _dt.date | None = Field(None, description="Último día del periodo; si falta, solo «desde».")
    motivo: str | None = None

    def dias(self) -> list[_dt.date]:
        fin = self.hasta or self.desde
        return [self.desde + _dt.timedelta(days=i) for i in range((fin - self.desde).days + 1)]


# Los tipos de sujeto obligado que distingue la Ley General de 2025 al nombrar a las autoridades
# garantes (art. 3, fracciones III a V) y a los sujetos obligados (art. 3, fracción XIX).
SujetoObligado = Literal[
    "ejecutivo_federal", "organo_autonomo", "judicial_federal", "legislativo_federal", "partido_politico",
    "sindicato", "fideicomiso", "ejecutivo_local", "municipal", "organo_autonomo_local", "judicial_local",
    "legislativo_local", "persona_recursos_publicos",
]


class PlazoRespuesta(_Modelo):
    """Un plazo de respuesta propio: solo vale con el fundamento de la ley local que lo fija."""

    dias: int = Field(ge=1, le=60, description="Días del plazo ordinario de respuesta.")
    fundamento: str = Field(min_length=5, description="La ley local y su artículo que fijan ese plazo.")


CAMPOS_DEL_OFICIO = ("consecutivo", "anio", "aa")


def _campos_del_oficio(consecutivo: int | str, fecha: _dt.date) -> dict[str, int | str]:
    return {"consecutivo": consecutivo, "anio": fecha.year, "aa": f"{fecha.year % 100:02d}"}


class Perfil(_Modelo):
    id: str
    nombre: str
    siglas: str
    genero: Literal["f", "m"] = Field(description="Género del nombre: «la Secretaría», «el Instituto».")
    plural: bool = Field(False, description="Si el nombre es plural: «de los Órganos Jurisdiccionales…».")
    lugar: str | None = Field(None, max_length=120, pattern=r"^[^<>&\x00-\x1f]+$", description=(
        "Lugar de emisión que se escribe en el cierre («Ciudad de México»); el expediente puede dar otro en «lugar»."))
    estructura: Estructura | None = Field(None, description=(
        "Estructura de las resoluciones por solicitud (ANTECEDENTES, CONSIDERANDOS, RESUELVE…); sin ella, la de CTA-40418."))
    acta: EstiloActa = Field(default_factory=EstiloActa, description="Títulos y numeración del acta de sesión.")
    series_oficio: dict[str, str] = Field(default_factory=dict, max_length=20, description=(
        "Otras series de numeración, por clave: {J: «CT-CI/J-{consecutivo}-{anio}», A: «CT-CI/A-{consecutivo}-{anio}»}."))
    comite: str = Field("Comité de Transparencia", description="Nombre del comité, sin la institución.")
    encabezado: Encabezado
    formato: Formato = Field(default_factory=Formato)
    fechas: Fechas = Field(default_factory=Fechas)
    firmas: Literal["apiladas", "dos_columnas"] = Field("apiladas", description="Disposición del bloque de firmas.")
    dias_inhabiles: list[Inhabil] = Field(
        default_factory=list,
        description="Días inhábiles propios (además de sábados, domingos y los de descanso obligatorio).",
    )
    miembros: list[Firmante] = Field(
        default_factory=list, description="Integrantes del Comité: firman si el expediente no da «firmantes»."
    )
    plantilla_word: str = Field("resolucion.docx", description="Diseño de Word (en la carpeta del perfil o en plantillas/word/).")
    patron_oficio: str | None = Field(
        None, description="Cómo se numeran los oficios, con {consecutivo}, {anio} (2018) y {aa} (18): la SRE "
                          "numera «CTA-{consecutivo}{aa}» (CTA-40418 = consecutivo 404 de 2018)."
    )
    sujeto_obligado: SujetoObligado | None = Field(
        None, description="Qué tipo de sujeto obligado es la institución: de él depende ante qué autoridad "
                          "garante se interpone el recurso de revisión (Ley General 2025, art. 3, fracciones III a V).")
    autoridad_garante: str | None = Field(
        None, description="Ante quién se interpone el recurso de revisión, como se escribe en la resolución, "
                          "cuando la ley lo deja a la institución (órgano interno de control de un órgano autónomo, "
                          "contraloría local…); para la Administración Pública Federal es Transparencia para el Pueblo.")
    plazo_respuesta: PlazoRespuesta | None = Field(
        None, description="Plazo de respuesta distinto de los veinte días del art. 134, solo con el fundamento "
                          "de una ley local que lo establezca.")
    votacion_por_resolucion: bool = Field(
        False, description="Si cada resolución dice cómo se votó (campo «votacion» del expediente).")
    citas: EstiloCitas = Field(default_factory=EstiloCitas, description=(
        "Cómo cita la institución: nota de reformas, fracción primero, «último párrafo», transitorios."))

    @field_validator("nombre", "siglas", "comite")
    @classmethod
    def _nombres_en_una_linea(cls, valor: str) -> str:
        return _una_linea_sin_controles(valor)

    @field_validator("patron_oficio")
    @classmethod
    def _patron_seguro(cls, patron: str | None) -> str | None:
        # Se comprueba al leer el perfil: un patrón hostil no llega a formatearse nunca.
        if patron is not None:
            try:
                validar_patron(patron, CAMPOS_DEL_OFICIO)
            except PatronNoValido as exc:
                raise ValueError(str(exc)) from None
        return patron

    @field_validator("series_oficio")
    @classmethod
    def _series_seguras(cls, series: dict[str, str]) -> dict[str, str]:
        for clave, patron in series.items():
            try:
                validar_patron(patron, CAMPOS_DEL_OFICIO)
            except PatronNoValido as exc:
                raise ValueError(f"serie «{clave}»: {exc}") from None
        return series

    def _patron_de_serie(self, serie: str | None) -> str | None:
        if serie is None:
            return self.patron_oficio
        if serie not in self.series_oficio:
            raise ErrorDeUsuario(f"el perfil «{self.id}» no tiene la serie «{serie}»; tiene: "
                                 f"{', '.join(self.series_oficio) or 'ninguna'}")
        return self.series_oficio[serie]

    def oficio(self, consecutivo: int, fecha: _dt.date, serie: str | None = None) -> str:
        """El número de oficio según el patrón del perfil (o el de una de sus series)."""
        patron = self._patron_de_serie(serie)
        if not patron:
            raise ErrorDeUsuario(f"el perfil «{self.id}» no define «patron_oficio»")
        try:
            return formatear_patron(patron, _campos_del_oficio(consecutivo, fecha))
        except ValueError as exc:
            raise ErrorDeUsuario(f"«patron_oficio» del perfil «{self.id}» no es válido ({exc}); use {{consecutivo}}, "
                                 "{anio} y {aa}") from None

    def sigue_patron_oficio(self, oficio: str, fecha: _dt.date) -> bool | None:
        """Si el número de oficio sigue el patrón del perfil en el año de ``fecha``
        (None si el perfil no tiene patrón o el patrón no es válido). Con varias series,
        basta que siga una."""
        patrones = [p for p in (self.patron_oficio, *self.series_oficio.values()) if p]
        if not patrones:
            return None
        resultados = []
        for patron in patrones:
            try:
                # Se escapa el patrón ya formateado con marcas y luego cada marca se vuelve
                # la expresión de su parte: el resto del patrón es texto literal.
                marcado = formatear_patron(patron, _campos_del_oficio("\x00", fecha))
            except ValueError:
                continue
            expresion = re.escape(marcado).replace("\x00", "0*[1-9][0-9]*")
            resultados.append(re.fullmatch(expresion, oficio.strip()) is not None)
        return any(resultados) if resultados else None

    def inhabiles(self) -> frozenset[_dt.date]:
        return frozenset(dia for periodo in self.dias_inhabiles for dia in periodo.dias())

    @property
    def de_nombre(self) -> str:
        """"de la Secretaría de Relaciones Exteriores"; en plural, "de los Órganos…"."""
        if self.plural:
            return ("de las " if self.genero == "f" else "de los ") + self.nombre
        return ("de la " if self.genero == "f" else "del ") + self.nombre

    @property
    def comite_completo(self) -> str:
        """"Comité de Transparencia de la Secretaría de Relaciones Exteriores"."""
        return f"{self.comite} {self.de_nombre}"


def instituciones_disponibles(plantillas: list[Path]) -> list[str]:
    ids = set()
    for base in plantillas:
        if (base / "instituciones").is_dir():
            ids |= {p.name for p in (base / "instituciones").iterdir() if (p / "perfil.yaml").is_file()}
    return sorted(ids)


def catalogos_del_perfil(id_: str, plantillas: list[Path]) -> list[Path]:
    """La carpeta «catalogo/» del perfil, si la tiene: los fundamentos propios de la
    institución (su Reglamento Interior, sus acuerdos) entran al catálogo solos."""
    for base in plantillas:
        carpeta = base / "instituciones" / id_
        if (carpeta / "perfil.yaml").is_file():
            dentro_de(carpeta, base)
            return [dentro_de(carpeta / "catalogo", base)] if (carpeta / "catalogo").is_dir() else []
    return []


def _combinar(base: dict, cambios: dict) -> dict:
    """Copia de ``base`` con ``cambios`` encima (los mapas se combinan; el resto se sustituye)."""
    resultado = dict(base)
    for clave, valor in cambios.items():
        if isinstance(valor, dict) and isinstance(resultado.get(clave), dict):
            resultado[clave] = _combinar(resultado[clave], valor)
        else:
            resultado[clave] = valor
    return resultado


# «vigencias» se aplica antes de validar el perfil (``_vigente``): no es un campo del modelo,
# pero sí una clave que el archivo admite.
CLAVES_PREVIAS[Perfil] = ("vigencias",)


def _vigente(datos: dict, fecha: _dt.date | None, archivo: str, doc) -> dict:
    """Aplica la «vigencia» del perfil que corresponde a la fecha de la resolución.

    Un perfil puede cambiar con el tiempo (nombre, comité, integrantes): ``vigencias`` es
    una lista de ``{desde, hasta, cambios}``; la que incluye la fecha se combina con el resto.
    """
    vigencias = datos.pop("vigencias", None) or []
    if not isinstance(vigencias, list):
        raise ErrorDeUsuario(Problema("«vigencias» debe ser una lista", Ubicacion(archivo, doc.linea(("vigencias",)))))
    if fecha is None:
        return datos
    for i, vigencia in enumerate(vigencias):
        ruta = ("vigencias", i)
        if not isinstance(vigencia, dict) or not isinstance(vigencia.get("cambios", {}), dict):
            raise ErrorDeUsuario(Problema("cada vigencia lleva «desde», «hasta» y «cambios»",
                                          Ubicacion(archivo, doc.linea(ruta))))
        try:
            desde = _dt.date.fromisoformat(vigencia["desde"]) if vigencia.get("desde") else None
            hasta = _dt.date.fromisoformat(vigencia["hasta"]) if vigencia.get("hasta") else None
        except (TypeError, ValueError):
            raise ErrorDeUsuario(Problema("fecha no válida en la vigencia (use AAAA-MM-DD)",
                                          Ubicacion(archivo, doc.linea(ruta)))) from None
        if (desde is None or desde <= fecha) and (hasta is None or fecha <= hasta):
            return _combinar(datos, vigencia.get("cambios") or {})
    return datos


def cargar_perfil(id_: str, archivo_caso: str | None = None, linea: int | None = None,
                  plantillas: list[Path] | None = None, fecha: _dt.date | None = None) -> tuple[Perfil, Path]:
    """Perfil de la institución vigente en ``fecha`` y su carpeta (la primera que lo tenga,
    en orden de prioridad). Una institución desconocida es un error."""
    plantillas = plantillas if plantillas is not None else carpetas_de_plantillas()
    base = next((b for b in plantillas if (b / "instituciones" / id_ / "perfil.yaml").is_file()), None)
    carpeta = dentro_de(base / "instituciones" / id_, base) if base is not None else None
    if carpeta is None:
        raise ErrorDeUsuario(Problema(
            f"no hay perfil para la institución «{id_}»; disponibles: "
            f"{', '.join(instituciones_disponibles(plantillas))}. Para añadir una, copie "
            "plantillas/instituciones/generica/ a una carpeta propia y use --plantillas",
            Ubicacion(archivo_caso, linea, "institucion")))
    ruta = carpeta / "perfil.yaml"
    estado = ruta.stat()
    perfil = _perfil(ruta, estado.st_mtime_ns, estado.st_size, id_, fecha)
    if perfil.formato.logo and not Path(perfil.formato.logo).is_file():  # pudo borrarse después de leer el perfil
        raise ErrorDeUsuario(Problema("el logotipo no existe o no es una imagen PNG o JPG",
                                      Ubicacion(str(ruta), None, "formato.logo")))
    return perfil, carpeta


@lru_cache(maxsize=64)
def _perfil(ruta: Path, _modificado: int, _tamano: int, id_: str, fecha: _dt.date | None) -> Perfil:
    """El perfil leído y validado, una vez por proceso mientras el archivo no cambie (un
    lote de miles de documentos no lo vuelve a leer en cada uno)."""
    carpeta = ruta.parent
    doc = leer_yaml(leer_confinado(ruta, carpeta, TAMANO_MAXIMO_DE_DATOS), str(ruta))
    if not isinstance(doc.datos, dict):
        raise ErrorDeUsuario(Problema("el perfil debe ser un conjunto de campos «clave: valor»", Ubicacion(str(ruta), 1)))
    datos = _vigente(dict(doc.datos), fecha, str(ruta), doc)
    # Los que se arman por su cuenta (valores por omisión) además del perfil.
    completar("perfil")
    try:
        perfil = Perfil.model_validate(datos)
    except ValidationError as exc:
        raise ErrorDeUsuario(problemas_de_validacion(exc, doc, modelo=Perfil), titulo=f"El perfil {ruta} no es válido:") from None
    if perfil.formato.logo:
        logo = (carpeta / perfil.formato.logo).resolve()
        if not logo.is_relative_to(carpeta.resolve()):
            raise ErrorDeUsuario(Problema("el logotipo tiene que estar en la carpeta del perfil (sin «..» ni "
                                          "enlaces que salgan de ella)",
                                          Ubicacion(str(ruta), doc.linea(("formato", "logo")), "formato.logo")))
        if not logo.is_file() or logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise ErrorDeUsuario(Problema("el logotipo no existe o no es una imagen PNG o JPG",
                                          Ubicacion(str(ruta), doc.linea(("formato", "logo")), "formato.logo")))
        perfil = perfil.model_copy(update={"formato": perfil.formato.model_copy(update={"logo": str(logo)})})
    if perfil.id != id_:
        raise ErrorDeUsuario(Problema(f"el id del perfil («{perfil.id}») debe ser el nombre de su carpeta («{id_}»)",
                                      Ubicacion(str(ruta), doc.linea(("id",)), "id")))
    return perfil
