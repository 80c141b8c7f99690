"""El entorno de Jinja para bloques de texto y cláusulas: aislado y estricto.

Las plantillas las escriben autores de plantillas, no programadores, y lo que
producen es un documento jurídico. Por eso:

* se ejecutan en el entorno aislado de ``sandbox.py`` (lista de lo permitido, límites de
  tiempo y tamaño) sobre datos simples (``contexto.py``), y sus archivos se leen solo de
  sus carpetas (:class:`CargadorConfinado`: un enlace simbólico que sale de ellas se
  rechaza);
* las variables indefinidas son un error (``StrictUndefined``): nunca un hueco
  en blanco en una resolución;
* todo se escapa (``autoescape``), de modo que el texto del expediente no puede
  inyectar formato.

Los errores se traducen a ``ErrorDeUsuario`` con el nombre de la variable, el
archivo de la plantilla y la línea.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from . import letras
from .errores import ErrorDeUsuario, Problema, Ubicacion
from .formato import texto_a_html, texto_en_linea
from .sandbox import EntornoAislado, PlantillaNoPermitida, filtro_limitado, generar

# Una plantilla más grande que esto no es un bloque de texto: se rechaza sin leerla entera.
TAMANO_MAXIMO_PLANTILLA = 1_000_000
# Cambia cuando cambia cómo se compilan las plantillas (el entorno aislado reescribe su
# árbol): el bytecode guardado por una versión anterior no se reutiliza.
_VERSION_DE_COMPILACION = "aislado-1"
# Números que reciben los filtros de letras: más allá, ninguna resolución los escribe.
_ENTERO_MAXIMO = 10**15


def _entero(valor: Any) -> int:
    numero = int(valor)
    if abs(numero) > _ENTERO_MAXIMO:
        raise PlantillaNoPermitida(f"el número {str(numero)[:20]}… es demasiado grande para escribirlo con letras")
    return numero


def _filtros() -> dict[str, Callable[..., Any]]:
    return {
        "formato": texto_a_html,
        "en_linea": texto_en_linea,
        "fecha_letras": lambda f, mayusculas=False: letras.fecha_con_letras(f, mayusculas=mayusculas),
        "fecha_cifras": letras.fecha_con_cifras,
        "fecha_mixta": letras.fecha_mixta,
        "cardinal": lambda n, genero="m": letras.cardinal(_entero(n), genero),
        "cantidad": lambda n, singular, plural, genero="m": letras.cantidad(_entero(n), singular, plural, genero),
        "moneda": letras.moneda,
        "hora_letras": letras.hora_con_letras,
        "ordinal": lambda n, titulo=False, genero="m": letras.ordinal(_entero(n), titulo=titulo, genero=genero),
        "romano": lambda n: letras.romano(_entero(n)),
        "mayusculas": lambda t: Markup(t).upper() if isinstance(t, Markup) else str(t).upper(),
        "primera_mayuscula": lambda t: t[:1].upper() + t[1:],
        "unir": _unir,
    }


def _unir(elementos: Iterable[Any], union: str = " y ") -> str:
    """["a", "b", "c"] → "a, b y c"."""
    lista = list(elementos)
    if len(lista) <= 1:
        return "".join(str(e) for e in lista)
    return ", ".join(str(e) for e in lista[:-1]) + union + str(lista[-1])


# Textos compilados desde memoria (cláusulas del catálogo, partes del diseño de Word):
# se registran con un nombre derivado de su contenido para que pasen por el cargador y
# así la caché de bytecode de Jinja también los guarde entre ejecuciones.
_EN_MEMORIA: dict[str, tuple[str, str]] = {}


def _desde_memoria(nombre: str):
    if nombre not in _EN_MEMORIA:
        return None
    texto, origen = _EN_MEMORIA[nombre]
    return texto, origen, lambda: True


class CargadorConfinado(jinja2.BaseLoader):
    """Lee plantillas solo de sus carpetas: ``{% include %}`` o ``{% import %}`` de un
    enlace simbólico que apunta fuera (``/etc/passwd``), de algo que no es un archivo
    normal (``/dev/zero``) o de un archivo enorme se rechaza antes de leerlo."""

    def __init__(self, carpetas: Iterable[Path]):
        self.carpetas = [os.path.realpath(c) for c in carpetas]

    def get_source(self, environment: jinja2.Environment, template: str):
        partes = split_template_path(template)  # rechaza «..»
        for carpeta in self.carpetas:
            ruta = os.path.join(carpeta, *partes)
            if not os.path.lexists(ruta):
                continue
            real = os.path.realpath(ruta)
            if not real.startswith(carpeta + os.sep):
                raise PlantillaNoPermitida(
                    f"la plantilla «{template}» es un enlace que sale de su carpeta ({carpeta}); "
                    "las plantillas solo pueden usar archivos de su propia carpeta")
            if not os.path.isfile(real):
                continue
            if os.path.getsize(real) > TAMANO_MAXIMO_PLANTILLA:
                raise PlantillaNoPermitida(f"la plantilla «{template}» pesa más de {TAMANO_MAXIMO_PLANTILLA:,} bytes")
            with open(real, encoding="utf-8") as archivo:
                fuente = archivo.read(TAMANO_MAXIMO_PLANTILLA + 1)
            modificado = os.path.getmtime(real)
            return fuente, ruta, lambda: os.path.exists(real) and os.path.getmtime(real) == modificado
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return []


def _cache_de_bytecode():
    from .cache import carpeta_de_cache

    carpeta = carpeta_de_cache()
    if carpeta is None:
        return None
    destino = carpeta / f"jinja-{_VERSION_DE_COMPILACION}"
    try:
        destino.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(destino))


def crear_entorno(carpetas: Iterable[Path] = ()) -> EntornoAislado:
    """Entorno con las carpetas de plantillas dadas (la primera tiene prioridad).

    Con caché de bytecode en ``~/.cache/resoluciones/jinja-…``: una plantilla que no
    cambió no se vuelve a compilar en el siguiente arranque."""
    cargadores: list[jinja2.BaseLoader] = [jinja2.FunctionLoader(_desde_memoria)]
    if carpetas:
        cargadores.insert(0, CargadorConfinado(carpetas))
    entorno = EntornoAislado(
        loader=jinja2.ChoiceLoader(cargadores),
        bytecode_cache=_cache_de_bytecode(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    entorno.filters.update({nombre: filtro_limitado(nombre, f) for nombre, f in _filtros().items()})
    return entorno


def _linea_de_plantilla(exc: BaseException) -> tuple[str | None, int | None]:
    """Archivo y línea de la plantilla donde ocurrió el error.

    Jinja reescribe la traza para que sus marcos apunten al archivo de la
    plantilla; se toma el más profundo que no sea código de Python.
    """
    archivo, linea = None, None
    tb = exc.__traceback__
    while tb is not None:
        nombre = tb.tb_frame.f_code.co_filename
        if not nombre.endswith(".py") and nombre != "<template>":
            archivo, linea = nombre, tb.tb_lineno
        elif nombre == "<template>":
            archivo, linea = archivo or "<plantilla>", tb.tb_lineno
        tb = tb.tb_next
    return archivo, linea


_SIMBOLOS = {"end of template": "el final de la plantilla", "end of print statement": "«}}»",
             "end of statement block": "«%}»", "name": "un nombre"}

_MENSAJES_DE_JINJA = [
    (r"No filter named '([^']+)'\.?", lambda m: f"el filtro «{m[1]}» no existe"),
    (r"No test named '([^']+)'(?: found)?\.?", lambda m: f"la prueba «{m[1]}» no existe"),
    (r"(?:Unexpected end of template|Encountered unknown tag '([^']+)')\. Jinja was looking for the following "
     r"tags: .*The innermost block that needs to be closed is '([^']+)'\.",
     lambda m: (f"etiqueta «{m[1]}» inesperada: falta cerrar antes el bloque «{m[2]}» ({{% end{m[2]} %}})" if m[1]
                else f"la plantilla termina sin cerrar el bloque «{m[2]}» (falta {{% end{m[2]} %}})")),
    (r"Encountered unknown tag '([^']+)'\.?", lambda m: f"etiqueta desconocida «{m[1]}»"),
    (r"expected token '([^']+)', got '([^']+)'",
     lambda m: f"se esperaba {_SIMBOLOS.get(m[1], '«' + m[1] + '»')} y se encontró «{m[2]}»"),
    (r"Expected an expression, got '([^']+)'",
     lambda m: f"falta una expresión antes de {_SIMBOLOS.get(m[1], '«' + m[1] + '»')}"),
    (r"unexpected 'end of template'", lambda m: "la plantilla termina con una etiqueta sin cerrar («}}» o «%}»)"),
    (r"unexpected '([^']+)'", lambda m: f"«{m[1]}» inesperado"),
]


def mensaje_de_jinja(mensaje: str | None) -> str:
    """El mensaje de un error de sintaxis de Jinja, en español (el original si no se conoce)."""
    mensaje = mensaje or ""
    for patron, traducir in _MENSAJES_DE_JINJA:
        encontrado = re.fullmatch(patron, mensaje.strip(), flags=re.S)
        if encontrado:
            return traducir(encontrado)
    return mensaje


def filtros_y_pruebas_desconocidos(entorno: jinja2.Environment, arbol: jinja2.nodes.Template) -> list[tuple[str, int]]:
    """(mensaje, línea relativa) de cada filtro o prueba que el entorno no tiene.

    Se revisa sobre el árbol, antes de compilar: Jinja avisa de un filtro desconocido
    solo al compilar (y de una prueba, solo al renderizar), con un mensaje en inglés.
    """
    desconocidos = []
    for clase, disponibles, que in ((jinja2.nodes.Filter, entorno.filters, "el filtro"),
                                    (jinja2.nodes.Test, entorno.tests, "la prueba")):
        for nodo in arbol.find_all(clase):
            if nodo.name in disponibles:
                continue
            parecidos = difflib.get_close_matches(nodo.name, list(disponibles), n=2, cutoff=0.6)
            sugerencia = f"; ¿quiso decir {' o '.join('«' + p + '»' for p in parecidos)}?" if parecidos else ""
            desconocidos.append((f"usa {que} «{nodo.name}», que no existe{sugerencia}", nodo.lineno))
    return desconocidos


def traducir_error(exc: BaseException, origen: str) -> ErrorDeUsuario:
    """Convierte un error de Jinja en un error en español con archivo y línea."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ErrorDeUsuario(Problema(
            f"error de sintaxis en la plantilla: {mensaje_de_jinja(exc.message)}",
            Ubicacion(exc.filename or exc.name or origen, exc.lineno)))
    archivo, linea = _linea_de_plantilla(exc)
    if archivo in (None, "<plantilla>") or archivo.startswith("@memoria/"):  # compilada desde texto (cláusula)
        archivo = origen
    if isinstance(exc, PlantillaNoPermitida):
        return ErrorDeUsuario(Problema(str(exc), Ubicacion(archivo, linea)))
    if isinstance(exc, RecursionError):
        return ErrorDeUsuario(Problema(
            "la plantilla se llama a sí misma sin fin (una macro recursiva)", Ubicacion(archivo, linea)))
    if isinstance(exc, (OverflowError, MemoryError)):
        return ErrorDeUsuario(Problema(
            "la plantilla calculó un número o un texto demasiado grande", Ubicacion(archivo, linea)))
    if isinstance(exc, ZeroDivisionError):
        return ErrorDeUsuario(Problema("la plantilla divide entre cero", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.UndefinedError):
        mensaje = str(exc.message or exc)
        nombre = mensaje.split("'")[1] if mensaje.count("'") >= 2 else mensaje
        if "has no attribute" in mensaje:
            partes = mensaje.split("'")
            nombre = partes[-2] if len(partes) >= 4 else nombre
            texto = f"la plantilla usa «{nombre}», que no existe en los datos disponibles"
        else:
            texto = f"la plantilla usa la variable «{nombre}», que no está definida"
        return ErrorDeUsuario(Problema(texto, Ubicacion(archivo, linea)))
    if isinstance(exc, SecurityError):
        return ErrorDeUsuario(Problema(
            f"la plantilla intenta una operación no permitida ({exc}); las plantillas no pueden "
            "acceder al interior de Python", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.TemplateRuntimeError) and str(exc).startswith("No test named"):
        return ErrorDeUsuario(Problema(f"la plantilla usa {mensaje_de_jinja(str(exc))}", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.TemplateNotFound):
        return ErrorDeUsuario(Problema(f"no se encontró la plantilla «{exc.name}»", Ubicacion(archivo, linea)))
    return ErrorDeUsuario(Problema(
        f"error al aplicar la plantilla: {type(exc).__name__}: {exc}", Ubicacion(archivo, linea)))


# Lo que una plantilla puede provocar al renderizarse; todo se traduce a un error en
# español con archivo y línea (nunca una traza de Python).
ERRORES_DE_PLANTILLA = (jinja2.TemplateError, SecurityError, TypeError, ValueError, KeyError, AttributeError,
                        IndexError, RecursionError, OverflowError, MemoryError, ZeroDivisionError, UnicodeError)


def renderizar(entorno: jinja2.Environment, plantilla: str | jinja2.Template, contexto: dict[str, Any],
               origen: str | None = None) -> str:
    """Renderiza y traduce cualquier error de la plantilla."""
    nombre = origen or (plantilla if isinstance(plantilla, str) else plantilla.name or "<plantilla>")
    try:
        if isinstance(plantilla, str):
            plantilla = entorno.get_template(plantilla)
        return generar(plantilla, contexto)
    except ErrorDeUsuario:
        raise
    except ERRORES_DE_PLANTILLA as exc:
        raise traducir_error(exc, nombre) from None


@lru_cache(maxsize=None)
def entorno_para(carpetas: tuple[Path, ...] = ()) -> EntornoAislado:
    """Un entorno por conjunto de carpetas, compartido: Jinja guarda ahí las plantillas ya
    compiladas, así que cada bloque se compila una vez por proceso y no en cada documento."""
    return crear_entorno(carpetas)


@lru_cache(maxsize=1024)
def compilar_texto(entorno: jinja2.Environment, texto: str, origen: str, linea_inicial: int = 1) -> jinja2.Template:
    """Compila el texto de una cláusula del catálogo.

    ``linea_inicial`` desplaza las líneas para que los errores apunten a la línea
    del archivo YAML donde empieza el texto.
    """
    fuente = "\n" * (linea_inicial - 1) + texto
    nombre = "@memoria/" + hashlib.sha1(f"{origen}\0{fuente}".encode()).hexdigest()
    _EN_MEMORIA[nombre] = (fuente, origen)
    try:
        return entorno.get_template(nombre)
    except jinja2.TemplateSyntaxError as exc:
        raise ErrorDeUsuario(Problema(
            f"error de sintaxis en la plantilla: {mensaje_de_jinja(exc.message)}",
            Ubicacion(origen, exc.lineno))) from None

