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

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jinja2

from ..cache import carpeta_de_cache
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .bytecode import CacheDeBytecode
from .cargador import CargadorConfinado
from .filtros import filtro_limitado, filtros_del_proyecto
from .limites import PlantillaNoPermitida
from .mensajes import DEMASIADO_ANIDADA, ERRORES_DE_PLANTILLA, mensaje_de_jinja, traducir_error
from .sandbox import EntornoAislado, generar

# Cambia cuando cambia cómo se compilan las plantillas (el entorno aislado reescribe su
# árbol): el bytecode guardado por una versión anterior no se reutiliza.
_VERSION_DE_COMPILACION = "aislado-1"


# Textos compilados desde memoria (cláusulas del catálogo, partes del diseño de Word):
# se registran con un nombre derivado de su contenido para que pasen por el cargador y
# así la caché de bytecode de Jinja también los guarde entre ejecuciones.
_EN_MEMORIA: dict[str, tuple[str, str]] = {}


def _desde_memoria(nombre: str):
    if nombre not in _EN_MEMORIA:
        return None
    texto, origen = _EN_MEMORIA[nombre]
    return texto, origen, lambda: True


def _cache_de_bytecode():
    carpeta = carpeta_de_cache()
    if carpeta is None:
        return None
    destino = carpeta / f"jinja-{_VERSION_DE_COMPILACION}"
    try:
        destino.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return CacheDeBytecode(str(destino))


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
    entorno.filters.update({nombre: filtro_limitado(nombre, f) for nombre, f in filtros_del_proyecto().items()})
    return entorno


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
    except RecursionError:
        raise ErrorDeUsuario(Problema(DEMASIADO_ANIDADA, Ubicacion(origen, linea_inicial))) from None
    except PlantillaNoPermitida as exc:
        raise ErrorDeUsuario(Problema(str(exc), Ubicacion(origen, linea_inicial))) from None
