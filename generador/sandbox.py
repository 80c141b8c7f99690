"""El entorno aislado de Jinja: una lista de lo permitido y límites de trabajo.

El *sandbox* de Jinja prohíbe los atributos que empiezan con «_» y poco más: un objeto
con un método público peligroso (los de clase de pydantic, ``parse_raw``, deserializan
*pickle*) queda al alcance de cualquier plantilla, y nada limita el tiempo ni la memoria
(``{{ 7 ** 999999999 }}``, bucles anidados, una macro recursiva). Una carpeta de
plantillas que llega de otra institución se trata como hostil, así que aquí:

* los atributos y las llamadas se permiten por lista (:data:`ATRIBUTOS_PERMITIDOS`,
  :meth:`EntornoAislado.is_safe_callable`), nunca por exclusión; los datos del caso
  llegan como :class:`~generador.contexto.Registro`, del que solo se leen claves;
* cada render lleva sus :class:`Limites`: tiempo, tamaño de la salida y de cada texto,
  vueltas de bucle, profundidad de llamadas y tamaño de los enteros. Los bucles pasan
  por :meth:`EntornoAislado.iterar` (se reescribe el árbol de cada plantilla), la
  concatenación ``~`` y los operadores que pueden crecer sin medida se comprueban
  *antes* de calcularse;
* lo que se rechaza es :class:`PlantillaNoPermitida`, con un mensaje en español.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import math
import os
import re
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.nodes import EvalContext
from jinja2.runtime import BlockReference, Context, LoopContext, Macro, TemplateReference, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

from .contexto import Funcion, Registro


class PlantillaNoPermitida(SecurityError):
    """Una plantilla intentó algo que no se permite o excedió un límite (mensaje en español)."""


def _segundos() -> float:
    try:
        return max(0.05, float(os.environ.get("RESOLUCIONES_TIEMPO_PLANTILLA", "10")))
    except ValueError:
        return 10.0


# Límites de un render. Holgados para cualquier resolución real (la CTA-40418 da ~60 KB
# de XML y unas decenas de vueltas de bucle); imposibles de alcanzar sin querer.
SALIDA_MAXIMA = 20_000_000  # caracteres producidos en total, contando macros y «set»
TEXTO_MAXIMO = 5_000_000  # caracteres de un solo valor
VUELTAS_MAXIMAS = 250_000  # vueltas de todos los bucles de un documento
PROFUNDIDAD_MAXIMA = 40  # llamadas anidadas (macros recursivas)
BITS_MAXIMOS = 4096  # tamaño de un entero (~1 200 cifras)
ANCHO_MAXIMO = 1_000  # anchos y cuentas que reciben filtros como center o batch


class Limites:
    """El presupuesto de un render: se descuenta en cada vuelta, llamada y salida."""

    def __init__(self, segundos: float | None = None):
        self.segundos = segundos if segundos is not None else _segundos()
        self.fin = time.monotonic() + self.segundos
        self.salida = 0
        self.vueltas = 0
        self.profundidad = 0

    def reloj(self) -> None:
        if time.monotonic() > self.fin:
            raise PlantillaNoPermitida(
                f"la plantilla excedió el tiempo máximo de {self.segundos:g} s por documento "
                "(¿un bucle demasiado grande?)")

    def producir(self, caracteres: int) -> None:
        self.salida += caracteres
        if self.salida > SALIDA_MAXIMA:
            raise PlantillaNoPermitida(
                f"la plantilla produjo más de {SALIDA_MAXIMA:,} caracteres".replace(",", " "))

    def vuelta(self) -> None:
        self.vueltas += 1
        if self.vueltas > VUELTAS_MAXIMAS:
            raise PlantillaNoPermitida(
                f"los bucles de la plantilla dieron más de {VUELTAS_MAXIMAS:,} vueltas".replace(",", " "))
        if self.vueltas % 256 == 0:
            self.reloj()


_LIMITES: contextvars.ContextVar[Limites | None] = contextvars.ContextVar("limites_de_plantilla", default=None)


def _actuales() -> Limites:
    # Fuera de ``generar`` (p. ej. Jinja al plegar constantes cuando compila) cada
    # operación se mide sola: un presupuesto nuevo que no se guarda.
    limites = _LIMITES.get()
    return limites if limites is not None else Limites()


@contextmanager
def con_limites(segundos: float | None = None) -> Iterator[Limites]:
    """Un presupuesto para lo que se renderice dentro (anidado: se usa el de fuera)."""
    existentes = _LIMITES.get()
    if existentes is not None:
        yield existentes
        return
    limites = Limites(segundos)
    marca = _LIMITES.set(limites)
    try:
        yield limites
    finally:
        _LIMITES.reset(marca)


def comprobar_texto(valor: Any) -> Any:
    if isinstance(valor, str) and len(valor) > TEXTO_MAXIMO:
        raise PlantillaNoPermitida(f"la plantilla armó un texto de más de {TEXTO_MAXIMO:,} caracteres".replace(",", " "))
    return valor


def _longitud(valor: Any) -> int:
    return len(valor) if isinstance(valor, (str, list, tuple)) else 0


def _comprobar_entero(valor: Any) -> Any:
    if isinstance(valor, int) and not isinstance(valor, bool) and valor.bit_length() > BITS_MAXIMOS:
        raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return valor


_FORMATO_ANCHO = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


def _comprobar_formato_printf(formato: Any) -> None:
    """Anchos y precisiones de «%» acotados: ``"%0999999999d" % 1`` agota la memoria."""
    if not isinstance(formato, str):
        return
    for ancho, precision in _FORMATO_ANCHO.findall(formato):
        for numero in (ancho, precision):
            if numero == "*" or (numero and int(numero) > ANCHO_MAXIMO):
                raise PlantillaNoPermitida(f"un formato «%» con un ancho mayor que {ANCHO_MAXIMO}")


def _multiplicar(a: Any, b: Any) -> Any:
    for secuencia, veces in ((a, b), (b, a)):
        if isinstance(secuencia, (str, list, tuple)) and isinstance(veces, int):
            if _longitud(secuencia) * max(veces, 0) > TEXTO_MAXIMO:
                raise PlantillaNoPermitida("la plantilla repite un texto o una lista demasiadas veces")
    if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() > BITS_MAXIMOS + 1:
        raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return a * b


def _potencia(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int) and abs(a) > 1 and b > 0:
        if b * math.log2(abs(a)) > BITS_MAXIMOS:
            raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return a ** b


def _sumar(a: Any, b: Any) -> Any:
    if _longitud(a) + _longitud(b) > TEXTO_MAXIMO:
        raise PlantillaNoPermitida(f"la plantilla armó un texto de más de {TEXTO_MAXIMO:,} caracteres".replace(",", " "))
    return _comprobar_entero(a + b)


def _modulo(a: Any, b: Any) -> Any:
    _comprobar_formato_printf(a)
    return comprobar_texto(a % b)


class _Rango:
    """``range`` de las plantillas: perezoso y contado como vueltas de bucle."""

    def __init__(self, *args: int):
        self._rango = range(*args)

    def __iter__(self) -> Iterator[int]:
        limites = _actuales()
        for numero in self._rango:
            limites.vuelta()
            yield numero

    def __len__(self) -> int:
        return len(self._rango)

    def __repr__(self) -> str:
        return repr(self._rango)


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
    limites = _actuales()
    if isinstance(valor, str):
        limites.producir(len(valor))
    limites.reloj()
    return valor


class EntornoAislado(ImmutableSandboxedEnvironment):
    """El entorno de todas las plantillas del proyecto y de sus autores."""

    code_generator_class = _Generador
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("finalize", _finalizar)
        super().__init__(*args, **kwargs)
        self.binop_table.update({"*": _multiplicar, "**": _potencia, "+": _sumar, "%": _modulo})
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) no termina
        self.globals["range"] = _Rango
        for nombre, filtro in list(self.filters.items()):
            self.filters[nombre] = filtro_limitado(nombre, filtro)

    # --- el árbol: cada bucle pasa por ``iterar`` ----------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        arbol = super()._parse(source, name, filename)
        for bucle in arbol.find_all(nodes.For):
            bucle.iter = nodes.Call(nodes.EnvironmentAttribute("iterar"), [bucle.iter], [], None, None,
                                    lineno=bucle.lineno)
        return arbol

    def iterar(self, iterable: Iterable[Any]) -> Iterator[Any]:
        if isinstance(iterable, _Rango):
            iterable = iterable._rango  # cada vuelta se cuenta una vez, aquí
        limites = _actuales()
        for elemento in iterable:
            limites.vuelta()
            yield elemento

    def unir(self, funcion: Callable[[Iterable[Any]], str], partes: tuple[Any, ...]) -> str:
        if sum(_longitud(p) for p in partes) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida(f"la plantilla armó un texto de más de {TEXTO_MAXIMO:,} caracteres".replace(",", " "))
        return funcion(partes)

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
        if isinstance(obj, (Funcion, Macro, BlockReference, LoopContext, Joiner)) or obj is _Rango:
            return True
        if obj in (dict, Cycler, Joiner, Namespace):
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
        limites = _actuales()
        limites.reloj()
        limites.profundidad += 1
        try:
            if limites.profundidad > PROFUNDIDAD_MAXIMA:
                raise PlantillaNoPermitida(
                    f"la plantilla anida más de {PROFUNDIDAD_MAXIMA} llamadas (¿una macro que se llama a sí misma?)")
            return comprobar_texto(__context.call(__obj, *args, **kwargs))
        finally:
            limites.profundidad -= 1


# --- filtros de Jinja con sus argumentos acotados -------------------------------------------
# Filtros cuyos argumentos (después del valor) fijan un ancho o una cuenta: acotados.
_CON_ANCHO = frozenset({"center", "indent", "wordwrap", "batch", "slice"})


def _acotar(nombre: str, datos: tuple, kwargs: dict) -> None:
    """Rechaza, antes de llamar al filtro, lo que armaría un texto o una lista enorme."""
    if nombre in _CON_ANCHO:
        for valor in (*datos[1:], *kwargs.values()):
            if isinstance(valor, int) and not isinstance(valor, bool) and valor > ANCHO_MAXIMO:
                raise PlantillaNoPermitida(f"el filtro «{nombre}» recibe un número mayor que {ANCHO_MAXIMO}")
            if isinstance(valor, str) and len(valor) > ANCHO_MAXIMO:
                raise PlantillaNoPermitida(f"el filtro «{nombre}» recibe un texto de más de {ANCHO_MAXIMO} caracteres")
    elif nombre == "format" and datos:
        _comprobar_formato_printf(datos[0])
    elif nombre == "replace" and len(datos) >= 3:
        texto, viejo, nuevo = datos[:3]
        if isinstance(texto, str) and isinstance(viejo, str) and isinstance(nuevo, str):
            veces = texto.count(viejo) if viejo else len(texto) + 1
            if len(texto) + veces * max(len(nuevo) - len(viejo), 0) > TEXTO_MAXIMO:
                raise PlantillaNoPermitida("el filtro «replace» armaría un texto demasiado grande")
    elif nombre == "join" and datos:
        elementos = datos[0]
        separador = datos[1] if len(datos) > 1 else kwargs.get("d", "")
        if isinstance(elementos, (list, tuple)) and isinstance(separador, str):
            if len(separador) * len(elementos) + sum(_longitud(e) for e in elementos) > TEXTO_MAXIMO:
                raise PlantillaNoPermitida("el filtro «join» armaría un texto demasiado grande")


def filtro_limitado(nombre: str, filtro: Callable[..., Any]) -> Callable[..., Any]:
    """El filtro con sus argumentos acotados antes de llamarlo y su resultado medido."""

    def limitado(*args: Any, **kwargs: Any) -> Any:
        # Los filtros que reciben el entorno o el contexto lo llevan como primer argumento.
        datos = args[1:] if args and isinstance(args[0], (jinja2.Environment, Context, EvalContext)) else args
        _acotar(nombre, datos, kwargs)
        _actuales().reloj()
        return comprobar_texto(filtro(*args, **kwargs))

    # Jinja decide qué pasarle al filtro (entorno, contexto) mirando esta marca de la función.
    if hasattr(filtro, "jinja_pass_arg"):
        limitado.jinja_pass_arg = filtro.jinja_pass_arg  # type: ignore[attr-defined]
    limitado.__name__ = getattr(filtro, "__name__", nombre)
    limitado.__doc__ = getattr(filtro, "__doc__", None)
    return limitado


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
        return plantilla.environment.concat(partes)  # type: ignore[attr-defined]
