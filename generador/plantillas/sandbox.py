"""El entorno aislado de Jinja: una lista de lo permitido y límites de trabajo.

El *sandbox* de Jinja prohíbe los atributos que empiezan con «_» y poco más: un objeto
con un método público peligroso (los de clase de pydantic, ``parse_raw``, deserializan
*pickle*) queda al alcance de cualquier plantilla, y nada limita el tiempo ni la memoria
(``{{ 7 ** 999999999 }}``, bucles anidados, una macro recursiva). Una carpeta de
plantillas que llega de otra institución se trata como hostil, así que aquí:

* los atributos y las llamadas se permiten por lista (:data:`ATRIBUTOS_PERMITIDOS`,
  :meth:`EntornoAislado.is_safe_callable`), nunca por exclusión; los datos del caso
  llegan como :class:`~generador.plantillas.contexto.Registro`, del que solo se leen claves;
* cada render lleva sus límites (``limites.py``): tiempo, tamaño de la salida y de cada
  texto, vueltas de bucle, profundidad de llamadas y tamaño de los enteros; los filtros
  tienen sus argumentos acotados (``filtros.py``). Los bucles pasan
  por :meth:`EntornoAislado.iterar` (se reescribe el árbol de cada plantilla), la
  concatenación ``~`` y los operadores que pueden crecer sin medida se comprueban
  *antes* de calcularse;
* lo que se rechaza es :class:`PlantillaNoPermitida`, con un mensaje en español.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Callable, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.runtime import (
    BlockReference,
    LoopContext,
    Macro,
    TemplateReference,
    Undefined,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from .contexto import Funcion, Registro
from .filtros import filtro_limitado
from .limites import (
    PROFUNDIDAD_MAXIMA,
    SALIDA_MAXIMA,
    TEXTO_MAXIMO,
    PlantillaNoPermitida,
    Rango,
    actuales,
    comprobar_profundidad,
    comprobar_texto,
    con_limites,
    longitud,
    modulo,
    multiplicar,
    potencia,
    sumar,
    tamano,
)

# Atributos que una plantilla puede leer de los tipos básicos: solo consultas que no
# crecen sin medida (ni format, ni replace, ni center, ni join: para eso hay filtros).
ATRIBUTOS_PERMITIDOS: dict[type, frozenset[str]] = {
    str: frozenset({"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
                    "endswith", "split", "rsplit", "splitlines", "isdigit", "isalpha", "isupper", "islower",
                    "count", "find", "rfind", "casefold"}),
    dict: frozenset({"keys", "values", "items", "get"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
    _dt.date: frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"}),
    _dt.time: frozenset({"hour", "minute", "second", "isoformat"}),
}
# Objetos propios de Jinja cuyos atributos públicos son seguros (bucle, namespace,
# módulo importado con {% import %}, macros, cycler, joiner, self y super()).
_OBJETOS_DE_JINJA = (LoopContext, Namespace, TemplateModule, Macro, Cycler, Joiner, TemplateReference,
                     BlockReference, Undefined)


def _permitido(obj: Any, atributo: str) -> bool:
    if atributo.startswith("_"):
        return False
    if isinstance(obj, _OBJETOS_DE_JINJA):
        return True
    return any(isinstance(obj, tipo) and atributo in nombres for tipo, nombres in ATRIBUTOS_PERMITIDOS.items())


def _no_permitido(obj: Any, atributo: str) -> PlantillaNoPermitida:
    return PlantillaNoPermitida(
        f"operación no permitida: la plantilla no puede usar «{atributo}» de un valor de tipo {_tipo(obj)}; "
        "las plantillas solo leen "
        "datos (campos del expediente y del perfil) y usan los filtros y funciones documentados")


def _tipo(obj: Any) -> str:
    return {str: "texto", int: "número", float: "número", bool: "sí/no", list: "lista", tuple: "lista",
            dict: "diccionario", _dt.date: "fecha"}.get(type(obj), type(obj).__name__)


class _Generador(CodeGenerator):
    """Compilador de Jinja que comprueba el tamaño de cada concatenación ``~`` antes de hacerla."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            funcion = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            funcion = "markup_join"
        else:
            funcion = "str_join"
        self.write(f"environment.unir({funcion}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _finalizar(valor: Any) -> Any:
    """Se aplica a cada ``{{ … }}``, también dentro de macros y de ``{% set %}``: cuenta
    la salida total (un ``set`` que se duplica en un bucle crece así de forma visible)."""
    limites = actuales()
    # Lo que no es texto se mide antes de que Jinja lo convierta: ["a" * 5000000] * 300
    # daría 1.5 GB de texto en una sola llamada.
    limites.producir(len(valor) if isinstance(valor, str) else tamano(valor, SALIDA_MAXIMA))
    limites.reloj()
    return valor


class Espacio(Namespace):
    """``namespace()`` de las plantillas: lo único que una plantilla puede ir llenando en un
    bucle. Cada valor que se guarda se mide (tamaño y anidamiento): ``ns.x = (ns.x,)`` en
    un bucle arma una tupla tan honda que compararla rompe la pila de C."""

    def __init__(*args: Any, **kwargs: Any) -> None:  # noqa: N805 — como Namespace
        for valor in (*args[1:], *kwargs.values()):
            comprobar_profundidad(comprobar_texto(valor))
        Namespace.__init__(*args, **kwargs)

    def __setitem__(self, nombre: str, valor: Any) -> None:
        comprobar_profundidad(comprobar_texto(valor))
        Namespace.__setitem__(self, nombre, valor)


# Un «sustituto» suelto (U+D800–U+DFFF) no se puede escribir en UTF-8: ni en un .docx ni
# en un expediente.
_SUSTITUTO = re.compile("[\ud800-\udfff]")


def tiene_sustituto(texto: str) -> bool:
    """Lo mismo que ``_SUSTITUTO.search(texto)``, decenas de veces más rápido en la salida de
    un documento (la expresión regular la recorre carácter a carácter): el códec UTF-16 de C
    rechaza exactamente los sustitutos sueltos, y cualquier otro carácter se puede escribir
    (lo comprueba ``tests/test_rapidez_sandbox.py`` con todos los puntos de código)."""
    try:
        texto.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


MAXIMO_DE_ETIQUETAS = 5_000


class EntornoAislado(ImmutableSandboxedEnvironment):
    """El entorno de todas las plantillas del proyecto y de sus autores."""

    code_generator_class = _Generador
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("finalize", _finalizar)
        super().__init__(*args, **kwargs)
        self.binop_table.update({"*": multiplicar, "**": potencia, "+": sumar, "%": modulo})
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) no termina
        # urlize: su expresión regular retrocede de forma cuadrática con «)))…a)» dentro de
        # una sola llamada de C; una resolución no necesita enlaces automáticos.
        self.filters.pop("urlize", None)
        self.globals["range"] = Rango
        self.globals["namespace"] = Espacio
        for nombre, filtro in list(self.filters.items()):
            self.filters[nombre] = filtro_limitado(nombre, filtro)

    # --- el árbol: cada bucle pasa por ``iterar`` ----------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Compilar no tiene los límites del render: cada etiqueta cuesta ~10 KB de memoria al
        # analizarla y compilarla, y un bloque de 1 MB con 200 000 «{{a}}» usaba 2 GB. Se cuentan
        # las etiquetas antes de analizar nada (las plantillas del proyecto usan menos de 300).
        etiquetas = source.count("{{") + source.count("{%")
        if etiquetas > MAXIMO_DE_ETIQUETAS:
            raise PlantillaNoPermitida(
                f"la plantilla tiene {etiquetas:,} etiquetas {{{{ … }}}} o {{% … %}}; se admiten hasta "
                f"{MAXIMO_DE_ETIQUETAS:,} por plantilla (divídala en varias con «include»)".replace(",", " "))
        arbol = super()._parse(source, name, filename)
        for bucle in arbol.find_all(nodes.For):
            bucle.iter = nodes.Call(nodes.EnvironmentAttribute("iterar"), [bucle.iter], [], None, None,
                                    lineno=bucle.lineno)
        return arbol

    def iterar(self, iterable: Iterable[Any]) -> Iterator[Any]:
        if isinstance(iterable, Rango):
            iterable = iterable._rango  # cada vuelta se cuenta una vez, aquí
        limites = actuales()
        for elemento in iterable:
            limites.vuelta()
            yield elemento

    def unir(self, funcion: Callable[[Iterable[Any]], str], partes: tuple[Any, ...]) -> str:
        if sum(longitud(p) for p in partes) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida(f"la plantilla armó un texto de más de {TEXTO_MAXIMO:,} caracteres".replace(",", " "))
        return actuales().construir(funcion(partes))

    # --- atributos y claves -------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return _permitido(obj, attr) and super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Registro):
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        if isinstance(obj, dict) and attribute in obj and not _permitido(obj, attribute):
            return obj[attribute]  # ``variables.nombre`` de un diccionario de datos
        try:
            valor = getattr(obj, attribute)
        except AttributeError:
            return self.getitem(obj, attribute)
        except Exception:
            raise _no_permitido(obj, attribute) from None
        if not self.is_safe_attribute(obj, attribute, valor):
            raise _no_permitido(obj, attribute)
        return valor

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument.startswith("_") and not isinstance(obj, (dict, Registro)):
            raise _no_permitido(obj, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            pass
        if isinstance(argument, str) and not isinstance(obj, (dict, Registro)):
            try:
                valor = getattr(obj, argument)
            except AttributeError:
                pass
            else:
                if self.is_safe_attribute(obj, argument, valor):
                    return valor
                raise _no_permitido(obj, argument)
        return self.undefined(obj=obj, name=argument)

    # --- llamadas -----------------------------------------------------------------------
    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (Funcion, Macro, BlockReference, LoopContext, Joiner)) or obj is Rango:
            return True
        if obj in (dict, Cycler, Joiner, Espacio):
            return True
        propio = getattr(obj, "__self__", None)
        nombre = getattr(obj, "__name__", "")
        if propio is self and nombre == "iterar":
            return True
        if propio is not None and not isinstance(propio, type) and _permitido(propio, nombre):
            return True
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not __self.is_safe_callable(__obj):
            raise PlantillaNoPermitida(
                f"operación no permitida: la plantilla no puede llamar a "
                f"«{getattr(__obj, '__name__', type(__obj).__name__)}»; solo a "
                "las funciones, filtros y macros documentados")
        limites = actuales()
        limites.reloj()
        limites.profundidad += 1
        try:
            if limites.profundidad > PROFUNDIDAD_MAXIMA:
                raise PlantillaNoPermitida(
                    f"la plantilla anida más de {PROFUNDIDAD_MAXIMA} llamadas (¿una macro que se llama a sí misma?)")
            return limites.construir(comprobar_texto(__context.call(__obj, *args, **kwargs)))
        finally:
            limites.profundidad -= 1


def generar(plantilla: jinja2.Template, contexto: dict[str, Any]) -> str:
    """Renderiza ``plantilla`` dentro de sus límites (tiempo, salida, bucles, llamadas)."""
    with con_limites() as limites:
        partes: list[str] = []
        try:
            for parte in plantilla.root_render_func(plantilla.new_context(contexto)):
                limites.producir(len(parte))
                partes.append(parte)
            limites.reloj()
        except Exception:
            plantilla.environment.handle_exception()
        salida = plantilla.environment.concat(partes)  # type: ignore[attr-defined]
        if tiene_sustituto(salida):
            raise PlantillaNoPermitida("la plantilla produjo un carácter que no existe en UTF-8 (un «sustituto» "
                                       "suelto, como \\ud800)")
        return salida
