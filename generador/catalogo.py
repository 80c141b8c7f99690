"""El catálogo de fundamentos y cláusulas.

Segunda etapa de la tubería. Lee los archivos YAML de ``catalogo_fundamentos/``
(uno por instrumento jurídico, más los de cláusulas) y, si se piden, los de una
carpeta del usuario que añade o sustituye entradas. El formato está descrito en
``docs/formato-catalogo.md``.

El texto legal es un dato: aquí solo se lee, se valida y se consulta.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errores import ErrorDeUsuario, Problema, Ubicacion
from .letras import desde_romano
from .yaml_lineas import Documento, leer_yaml

VARIABLE_ENTORNO = "RESOLUCIONES_CATALOGO"

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
    unidad: Literal["articulo", "numeral"] = "articulo"
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
    rubro: str | None = None
    texto: str | None = None
    sin_texto: str | None = None
    derogado: str | None = None
    reformas: list[str] = Field(default_factory=list)
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



@dataclass(frozen=True)
class Fundamento:
    """Una disposición con su instrumento: lo que el resto del programa consulta."""

    disposicion: Disposicion
    instrumento: Instrumento

    @property
    def id(self) -> str:
        return self.disposicion.id

    def vigencia(self) -> Vigencia:
        return self.disposicion.vigencia or self.instrumento.vigencia

    def en_vigor(self, fecha: _dt.date) -> bool:
        return self.vigencia().incluye(fecha)

    def texto_en(self, fecha: _dt.date | None = None) -> tuple[str | None, str | None]:
        """(texto, razón si no hay texto) de la versión vigente en la fecha."""
        d = self.disposicion
        if d.versiones and fecha is not None:
            for version in d.versiones:
                if Vigencia(desde=version.desde, hasta=version.hasta).incluye(fecha):
                    return version.texto, version.sin_texto
            return None, "No hay una versión registrada vigente en esa fecha."
        if d.versiones and d.texto is None:
            ultima = d.versiones[-1]
            return ultima.texto, ultima.sin_texto
        return d.texto, d.sin_texto


@dataclass
class Catalogo:
    """Todas las entradas, indexadas por id, con el archivo y la línea de cada una."""

    instrumentos: dict[str, Instrumento] = field(default_factory=dict)
    disposiciones: dict[str, Disposicion] = field(default_factory=dict)
    clausulas: dict[str, Clausula] = field(default_factory=dict)
    causales: dict[str, Causal] = field(default_factory=dict)
    categorias: dict[str, Categoria] = field(default_factory=dict)
    origen: dict[str, Ubicacion] = field(default_factory=dict)
    # Línea donde empieza el texto de cada cláusula, para situar sus errores.
    linea_texto: dict[str, int] = field(default_factory=dict)
    problemas: list[Problema] = field(default_factory=list)
    _instrumento_de: dict[str, str] = field(default_factory=dict)

    def fundamento(self, id_: str) -> Fundamento:
        """La disposición con ese id. Un instrumento completo también se puede citar."""
        if id_ in self.disposiciones:
            return Fundamento(self.disposiciones[id_], self.instrumentos[self._instrumento_de[id_]])
        if id_ in self.instrumentos:
            instrumento = self.instrumentos[id_]
            return Fundamento(_disposicion_de_instrumento(instrumento), instrumento)
        raise KeyError(id_)

    def existe(self, id_: str) -> bool:
        return id_ in self.disposiciones or id_ in self.instrumentos

    def parecidos(self, id_: str, n: int = 3) -> list[str]:
        import difflib

        ids = [*self.disposiciones, *self.instrumentos]
        # Primero lo que solo difiere en mayúsculas («112.i» por «112.I»), luego lo parecido.
        iguales = [i for i in ids if i.casefold() == id_.casefold()]
        cercanos = difflib.get_close_matches(id_, ids, n=n, cutoff=0.6)
        return [*iguales, *(c for c in cercanos if c not in iguales)][:n]

    def todos(self) -> Iterable[Fundamento]:
        for id_ in self.disposiciones:
            yield self.fundamento(id_)


def _disposicion_de_instrumento(instrumento: Instrumento) -> Disposicion:
    # Citar un acuerdo completo ("Acuerdo por el que se crea…") es citar el instrumento.
    return Disposicion(
        id=f"{instrumento.id}.completo", articulo="*", texto=None,
        sin_texto="Cita del instrumento completo.",
    )


def sin_acentos(texto: str) -> str:
    """Para buscar sin distinguir mayúsculas ni acentos: «Fracción» → «fraccion»."""
    import unicodedata

    normal = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in normal if not unicodedata.combining(c))


def es_instrumento_completo(fundamento: Fundamento) -> bool:
    return fundamento.disposicion.articulo == "*"


# --- Carga ---------------------------------------------------------------------

def carpeta_base() -> Path:
    """Carpeta del catálogo que trae el proyecto."""
    from .rutas import carpeta_datos

    return carpeta_datos("catalogo_fundamentos")


def carpetas_de_usuario(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Carpetas del usuario: las de ``--catalogo`` y las de la variable de entorno."""
    carpetas = [Path(c) for c in extra]
    entorno = os.environ.get(VARIABLE_ENTORNO, "")
    carpetas += [Path(c) for c in entorno.split(os.pathsep) if c]
    return carpetas


def _archivos(carpeta: Path) -> list[Path]:
    return sorted(p for p in carpeta.rglob("*.yaml") if p.is_file())


def _clave_de_cache(capas: list[Path]) -> str | None:
    """Huella de los archivos del catálogo (ruta, tamaño y fecha de modificación)."""
    import hashlib

    from . import __version__
    from .cache import huella_del_codigo

    h = hashlib.sha256(f"{__version__}|{sys.version}|{huella_del_codigo()}".encode())
    for carpeta in capas:
        if not carpeta.is_dir():
            return None
        for archivo in _archivos(carpeta):
            estado = archivo.stat()
            h.update(f"{archivo.resolve()}|{estado.st_size}|{estado.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cargar(carpetas_extra: Iterable[str | Path] = (), *, estricto: bool = True) -> Catalogo:
    """Carga el catálogo base y, encima, las carpetas del usuario.

    Una entrada de una carpeta del usuario sustituye a la del mismo id del catálogo
    base (así una institución corrige o añade sin bifurcar el proyecto). Ids
    repetidos dentro de una misma carpeta son un error.

    Un catálogo sin problemas se guarda ya validado en la caché del usuario
    (``~/.cache/resoluciones``): leer y validar cientos de entradas cuesta ~0.1 s y
    cargarlo de la caché, ~5 ms. La clave cambia si cambia cualquier archivo.
    """
    import pickle

    from .cache import carpeta_de_cache, guardar_en_cache

    capas = [carpeta_base(), *carpetas_de_usuario(carpetas_extra)]
    cache, clave = carpeta_de_cache(), _clave_de_cache(capas)
    if cache is not None and clave is not None:
        try:
            return pickle.loads((cache / f"catalogo-{clave}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass
    catalogo = _cargar_capas(capas, estricto)
    if cache is not None and clave is not None and not catalogo.problemas:
        guardar_en_cache(cache, f"catalogo-{clave}.pickle", pickle.dumps(catalogo, protocol=pickle.HIGHEST_PROTOCOL))
    return catalogo


def _cargar_capas(capas: list[Path], estricto: bool) -> Catalogo:
    catalogo = Catalogo()
    problemas: list[Problema] = []
    for n, carpeta in enumerate(capas):
        if not carpeta.is_dir():
            problemas.append(Problema("la carpeta del catálogo no existe", Ubicacion(str(carpeta))))
            continue
        vistos: dict[str, Ubicacion] = {}
        for archivo in _archivos(carpeta):
            _cargar_archivo(archivo, catalogo, vistos, problemas, sustituye=n > 0)
    problemas += _enlaces_rotos(catalogo)
    problemas += _problemas_de_clausulas(catalogo)
    if problemas and estricto:
        raise ErrorDeUsuario(problemas, titulo="El catálogo de fundamentos tiene errores:")
    catalogo.problemas = problemas
    return catalogo


# Qué puede contener un archivo del catálogo: su clave de primer nivel y el modelo
# de cada elemento de la lista.
_LISTAS: dict[str, type[BaseModel]] = {
    "disposiciones": Disposicion, "clausulas": Clausula, "causales": Causal, "categorias": Categoria,
}


def _cargar_archivo(archivo: Path, catalogo: Catalogo, vistos: dict[str, Ubicacion],
                    problemas: list[Problema], sustituye: bool) -> None:
    """Carga un archivo. Cada elemento se valida por separado: uno malo no oculta
    los problemas de los demás."""
    from .expediente import problemas_de_validacion

    nombre = str(archivo)
    try:
        doc = leer_yaml(archivo.read_text(encoding="utf-8"), nombre)
    except ErrorDeUsuario as exc:
        problemas.extend(exc.problemas)
        return
    except (OSError, UnicodeDecodeError) as exc:
        problemas.append(Problema(f"no se pudo leer el archivo ({exc})", Ubicacion(nombre)))
        return
    datos = doc.datos
    lista = next((c for c in _LISTAS if isinstance(datos, dict) and c in datos), None)
    if not isinstance(datos, dict) or lista is None or (lista == "disposiciones") != ("instrumento" in datos):
        problemas.append(Problema(
            "un archivo del catálogo lleva «instrumento:» y «disposiciones:», o bien «clausulas:», "
            "«causales:» o «categorias:»", Ubicacion(nombre, 1)))
        return
    sobrantes = set(datos) - {lista, "instrumento"}
    if sobrantes:
        problemas.append(Problema(f"clave desconocida de primer nivel: {', '.join(sorted(sobrantes))}",
                                  Ubicacion(nombre, doc.linea((sorted(sobrantes)[0],)))))

    def validar(modelo: type[BaseModel], valor, ruta: tuple):
        try:
            return modelo.model_validate(valor)
        except ValidationError as exc:
            problemas.extend(problemas_de_validacion(exc, doc, base=ruta))
            return None

    def registrar(id_: str, ruta: tuple) -> bool:
        ubicacion = Ubicacion(nombre, doc.linea(ruta), id_)
        if id_ in vistos:
            problemas.append(Problema(f"id repetido «{id_}» (ya definido en {vistos[id_]})", ubicacion))
            return False
        if not sustituye and id_ in catalogo.origen:
            problemas.append(Problema(f"id repetido «{id_}» (ya definido en {catalogo.origen[id_]})", ubicacion))
            return False
        vistos[id_] = ubicacion
        catalogo.origen[id_] = ubicacion
        return True

    instrumento = None
    if lista == "disposiciones":
        instrumento = validar(Instrumento, datos["instrumento"], ("instrumento",))
        if instrumento is None:
            return
        if registrar(instrumento.id, ("instrumento",)):
            catalogo.instrumentos[instrumento.id] = instrumento
    elementos = datos[lista] or []
    if not isinstance(elementos, list):
        problemas.append(Problema(f"«{lista}» debe ser una lista", Ubicacion(nombre, doc.linea((lista,)), lista)))
        return
    for i, valor in enumerate(elementos):
        ruta = (lista, i)
        elemento = validar(_LISTAS[lista], valor, ruta)
        if elemento is None:
            continue
        if instrumento is not None and not elemento.id.startswith(instrumento.id + "."):
            problemas.append(Problema(
                f"el id «{elemento.id}» debe empezar con el id del instrumento «{instrumento.id}.»",
                Ubicacion(nombre, doc.linea(ruta + ("id",)), elemento.id)))
            continue
        if not registrar(elemento.id, ruta):
            continue
        if isinstance(elemento, Disposicion):
            catalogo.disposiciones[elemento.id] = elemento
            catalogo._instrumento_de[elemento.id] = instrumento.id
        elif isinstance(elemento, Clausula):
            catalogo.clausulas[elemento.id] = elemento
            for parte in elemento.plantillas():
                ruta_texto = ruta + (("texto",) if parte == "texto" else ("partes", parte))
                catalogo.linea_texto[f"{elemento.id}#{parte}"] = doc.inicio_valor.get(ruta_texto, 1)
        elif isinstance(elemento, Causal):
            catalogo.causales[elemento.id] = elemento
        else:
            catalogo.categorias[elemento.id] = elemento


def _enlaces_rotos(catalogo: Catalogo) -> list[Problema]:
    problemas = []
    for id_, disp in catalogo.disposiciones.items():
        for enlace in [*disp.relacionadas, *([disp.sucesora] if disp.sucesora else [])]:
            if not catalogo.existe(enlace):
                problemas.append(Problema(
                    f"enlace roto: «{enlace}» no está en el catálogo", catalogo.origen[id_]))
    for id_, clausula in catalogo.clausulas.items():
        for nombre, variable in clausula.variables.items():
            if variable.tipo != "fundamentos":
                continue
            for opcion in variable.por_fecha:
                ids = [opcion.valor] if isinstance(opcion.valor, str) else opcion.valor
                for enlace in ids if isinstance(ids, list) else []:
                    if not catalogo.existe(str(enlace)):
                        problemas.append(Problema(
                            f"enlace roto en la variable «{nombre}»: «{enlace}» no está en el catálogo",
                            catalogo.origen[id_]))
    for id_, causal in catalogo.causales.items():
        enlaces = [f for f in causal.fracciones.values() if f] + causal.lineamientos
        enlaces += [e.fundamento for e in causal.elementos]
        for enlace in enlaces:
            if not catalogo.existe(enlace):
                problemas.append(Problema(f"enlace roto: «{enlace}» no está en el catálogo", catalogo.origen[id_]))
        if causal.clausula and causal.clausula not in catalogo.clausulas:
            problemas.append(Problema(f"la cláusula «{causal.clausula}» no está en el catálogo", catalogo.origen[id_]))
    for id_, categoria in catalogo.categorias.items():
        if not catalogo.existe(categoria.fundamento):
            problemas.append(Problema(f"enlace roto: «{categoria.fundamento}» no está en el catálogo",
                                      catalogo.origen[id_]))
    for instrumento in catalogo.instrumentos.values():
        if instrumento.abrogado_por and instrumento.abrogado_por not in catalogo.instrumentos:
            problemas.append(Problema(
                f"«abrogado_por» apunta a «{instrumento.abrogado_por}», que no está en el catálogo",
                catalogo.origen[instrumento.id]))
    return problemas


def ids_de_variable(valor: Any) -> list | Any:
    """Los ids de una variable de tipo «fundamentos»: una lista, o un texto con ids
    separados por comas o espacios («lftaip.102, lftaip.140.I»)."""
    if isinstance(valor, str):
        return [i for i in valor.replace(",", " ").split() if i]
    return valor


# Nombres que toda cláusula puede usar además de sus variables declaradas.
GLOBALES_DE_CLAUSULA = {"exp", "inst", "citar", "fecha_letras"}


def _problemas_de_clausulas(catalogo: Catalogo) -> list[Problema]:
    """Sintaxis de Jinja y variables no declaradas de cada cláusula (y de cada parte)."""
    from .entorno import crear_entorno

    entorno = crear_entorno()
    problemas = []
    for clausula in catalogo.clausulas.values():
        for parte, texto in clausula.plantillas().items():
            problemas += _problemas_de_plantilla(entorno, catalogo, clausula, parte, texto)
    return problemas


def _problemas_de_plantilla(entorno, catalogo: Catalogo, clausula: Clausula, parte: str,
                            texto: str) -> list[Problema]:
    import jinja2
    from jinja2 import meta

    origen = catalogo.origen[clausula.id]
    linea = catalogo.linea_texto.get(f"{clausula.id}#{parte}", origen.linea or 1)
    try:
        arbol = entorno.parse(texto)
    except jinja2.TemplateSyntaxError as exc:
        from .entorno import mensaje_de_jinja

        return [Problema(f"error de sintaxis de Jinja en la cláusula: {mensaje_de_jinja(exc.message)}",
                         Ubicacion(origen.archivo, linea + (exc.lineno or 1) - 1, clausula.id))]
    from .analisis_de_plantillas import usos_no_permitidos
    from .entorno import filtros_y_pruebas_desconocidos

    desconocidos = filtros_y_pruebas_desconocidos(entorno, arbol)
    if desconocidos:
        # Sin sus filtros, Jinja no puede analizar el resto de la cláusula.
        return [Problema(f"la cláusula {mensaje}", Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id))
                for mensaje, relativa in desconocidos]
    permitidas = set(clausula.variables) | GLOBALES_DE_CLAUSULA
    lineas = texto.splitlines()
    problemas = [Problema(f"la cláusula {mensaje}", Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id))
                 for mensaje, relativa in usos_no_permitidos(arbol)]
    for id_, relativa in _ids_citados(arbol):
        if not catalogo.existe(id_):
            parecidos = catalogo.parecidos(id_)
            sugerencia = f" ¿Quiso decir {', '.join(parecidos)}?" if parecidos else ""
            problemas.append(Problema(f"la cláusula cita «{id_}», que no está en el catálogo.{sugerencia}",
                                      Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id)))
    for nombre in sorted(meta.find_undeclared_variables(arbol) - permitidas):
        # La primera línea donde aparece el nombre (meta no da posiciones).
        desplazamiento = next((i for i, t in enumerate(lineas) if nombre in t), 0)
        problemas.append(Problema(
            f"la cláusula usa «{nombre}», que no declara en «variables» "
            f"(puede usar: {', '.join(sorted(permitidas))})",
            Ubicacion(origen.archivo, linea + desplazamiento, clausula.id)))
    return problemas


def _ids_citados(arbol) -> list[tuple[str, int]]:
    """Los ids escritos tal cual en ``citar([...])`` dentro de una cláusula, con su línea."""
    from jinja2 import nodes

    citados = []
    for llamada in arbol.find_all(nodes.Call):
        if not (isinstance(llamada.node, nodes.Name) and llamada.node.name == "citar" and llamada.args):
            continue
        argumento = llamada.args[0]
        if isinstance(argumento, nodes.Const) and isinstance(argumento.value, str):
            citados += [(i, llamada.lineno) for i in ids_de_variable(argumento.value)]
        elif isinstance(argumento, (nodes.List, nodes.Tuple)):
            citados += [(e.value, llamada.lineno) for e in argumento.items
                        if isinstance(e, nodes.Const) and isinstance(e.value, str)]
    return citados


def comprobar_ids(catalogo: Catalogo, ids_con_ruta: Iterable[tuple[str, tuple]], doc: Documento,
                  clausulas: bool = False) -> list[Problema]:
    """Problemas por cada id del expediente que no está en el catálogo."""
    from .yaml_lineas import formatear_ruta

    problemas = []
    for id_, ruta in ids_con_ruta:
        existe = id_ in catalogo.clausulas if clausulas else catalogo.existe(id_)
        if existe:
            continue
        if clausulas:
            import difflib

            parecidos = difflib.get_close_matches(id_, list(catalogo.clausulas), n=3, cutoff=0.5)
        else:
            parecidos = catalogo.parecidos(id_)
        sugerencia = f" ¿Quiso decir {', '.join('«' + p + '»' for p in parecidos)}?" if parecidos else ""
        que = "la cláusula" if clausulas else "el fundamento"
        problemas.append(Problema(
            f"{que} «{id_}» no está en el catálogo.{sugerencia}",
            Ubicacion(doc.archivo, doc.linea(ruta), formatear_ruta(ruta))))
    return problemas
