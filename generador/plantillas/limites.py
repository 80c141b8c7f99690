"""El presupuesto de un render: tiempo, salida, vueltas de bucle, profundidad y tamaños.

Una plantilla hostil no puede colgar la herramienta ni agotar la memoria: cada render
lleva sus :class:`Limites` (en una variable de contexto, así cada hilo de la página web
tiene los suyos) y los operadores que pueden crecer sin medida (``*``, ``**``, ``+``,
``%``) se comprueban *antes* de calcularse. Lo que se rechaza es
:class:`PlantillaNoPermitida`, con un mensaje en español.
"""

from __future__ import annotations

import contextvars
import math
import os
import re
import time
from contextlib import contextmanager
from typing import Any, Iterator

from jinja2.sandbox import SecurityError
from jinja2.utils import Namespace


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
CONSTRUIDO_MAXIMO = 100_000_000  # caracteres de texto armados en total, se escriban o no
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
        self.construido = 0

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

    def construir(self, valor: Any) -> Any:
        """Cuenta el texto que la plantilla arma (concatenar, repetir, formatear, filtros,
        métodos), aunque no lo escriba: 300 textos de cinco millones guardados en una lista
        pasan cada comprobación de un solo valor, pero no esta."""
        if isinstance(valor, str):
            self.construido += len(valor)
        elif isinstance(valor, (list, tuple)):
            self.construido += tamano(valor, CONSTRUIDO_MAXIMO)
        if self.construido > CONSTRUIDO_MAXIMO:
            raise PlantillaNoPermitida(
                f"la plantilla armó más de {CONSTRUIDO_MAXIMO:,} caracteres de texto en total".replace(",", " "))
        return valor

    def vuelta(self) -> None:
        self.vueltas += 1
        if self.vueltas > VUELTAS_MAXIMAS:
            raise PlantillaNoPermitida(
                f"los bucles de la plantilla dieron más de {VUELTAS_MAXIMAS:,} vueltas".replace(",", " "))
        if self.vueltas % 256 == 0:
            self.reloj()


_LIMITES: contextvars.ContextVar[Limites | None] = contextvars.ContextVar("limites_de_plantilla", default=None)


def actuales() -> Limites:
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


PROFUNDIDAD_DE_DATOS = 50  # listas dentro de listas que una plantilla puede armar
_NODOS_A_MEDIR = 100_000


def _mensaje_de_texto() -> str:
    return f"la plantilla armó un texto de más de {TEXTO_MAXIMO:,} caracteres".replace(",", " ")


def tamano(valor: Any, limite: int = TEXTO_MAXIMO) -> int:
    """Cuánto texto daría ``valor`` al escribirse, sin escribirlo: los caracteres de sus
    textos y unos pocos por cada otro valor, recorriendo listas y diccionarios. Se detiene
    en cuanto pasa de ``limite`` (y no recorre más de 100 000 valores): una lista de 300
    textos de cinco millones se mide sin armar su texto de 1.5 GB."""
    total, pendientes, vistos = 0, [valor], 0
    while pendientes and total <= limite:
        actual = pendientes.pop()
        vistos += 1
        if vistos > _NODOS_A_MEDIR:
            return limite + 1
        if isinstance(actual, str):
            total += len(actual)
        elif isinstance(actual, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(actual)
            pendientes.extend(actual)
        elif isinstance(actual, dict):
            total += 2 + 4 * len(actual)
            pendientes.extend(actual.keys())
            pendientes.extend(actual.values())
        elif isinstance(actual, Namespace):
            pendientes.extend(object.__getattribute__(actual, "_Namespace__attrs").values())
        else:
            total += 24
    return total


def comprobar_texto(valor: Any) -> Any:
    """``valor`` si lo que daría al escribirse cabe en un texto permitido."""
    if isinstance(valor, str):
        if len(valor) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida(_mensaje_de_texto())
    elif isinstance(valor, (list, tuple, dict, set, frozenset)) and tamano(valor) > TEXTO_MAXIMO:
        raise PlantillaNoPermitida(_mensaje_de_texto())
    return valor


def comprobar_profundidad(valor: Any) -> Any:
    """Una lista dentro de una lista dentro de… más de 50 veces se rechaza: comparar o
    buscar en ella (``unique``, ``in``) recorre la pila de C hasta romper el proceso."""
    nivel, actuales_ = 0, [valor]
    while actuales_:
        nivel += 1
        if nivel > PROFUNDIDAD_DE_DATOS:
            raise PlantillaNoPermitida(
                f"la plantilla armó listas anidadas más de {PROFUNDIDAD_DE_DATOS} veces")
        siguientes = []
        for actual in actuales_:
            if isinstance(actual, (list, tuple, set, frozenset)):
                siguientes.extend(actual)
            elif isinstance(actual, dict):
                siguientes.extend(actual.values())
        actuales_ = siguientes[:_NODOS_A_MEDIR]
    return valor


def longitud(valor: Any) -> int:
    """Lo que suma ``valor`` a un texto o a una lista que lo contiene (ver ``tamano``)."""
    if isinstance(valor, str):
        return len(valor)
    if isinstance(valor, (list, tuple)):
        return tamano(valor)
    return 0


def _comprobar_entero(valor: Any) -> Any:
    if isinstance(valor, int) and not isinstance(valor, bool) and valor.bit_length() > BITS_MAXIMOS:
        raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return valor


# Un formato «%», también con clave («%(a)10d»): ancho y precisión.
_FORMATO_ANCHO = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


def comprobar_formato_printf(formato: Any) -> None:
    """Anchos y precisiones de «%» acotados: ``"%0999999999d" % 1`` agota la memoria."""
    if not isinstance(formato, str):
        return
    for ancho, precision in _FORMATO_ANCHO.findall(formato):
        for numero in (ancho, precision):
            if numero == "*" or (numero and int(numero) > ANCHO_MAXIMO):
                raise PlantillaNoPermitida(f"un formato «%» con un ancho mayor que {ANCHO_MAXIMO}")


def multiplicar(a: Any, b: Any) -> Any:
    for secuencia, veces in ((a, b), (b, a)):
        if isinstance(secuencia, (str, list, tuple)) and isinstance(veces, int):
            if longitud(secuencia) * max(veces, 0) > TEXTO_MAXIMO or len(secuencia) * max(veces, 0) > TEXTO_MAXIMO:
                raise PlantillaNoPermitida("la plantilla repite un texto o una lista demasiadas veces")
    if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() > BITS_MAXIMOS + 1:
        raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return actuales().construir(a * b)


def potencia(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int) and abs(a) > 1 and b > 0:
        if b * math.log2(abs(a)) > BITS_MAXIMOS:
            raise PlantillaNoPermitida(f"la plantilla calculó un número de más de {BITS_MAXIMOS} bits")
    return a ** b


def sumar(a: Any, b: Any) -> Any:
    if longitud(a) + longitud(b) > TEXTO_MAXIMO:
        raise PlantillaNoPermitida(_mensaje_de_texto())
    return actuales().construir(_comprobar_entero(a + b))


def modulo(a: Any, b: Any) -> Any:
    """``%``: el resto de dos números, o un formato cuyo resultado se mide antes."""
    if isinstance(a, str):
        comprobar_formato_printf(a)
        if len(a) + tamano(b) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida(_mensaje_de_texto())
    return actuales().construir(comprobar_texto(a % b))


class Rango:
    """``range`` de las plantillas: perezoso y contado como vueltas de bucle."""

    def __init__(self, *args: int):
        self._rango = range(*args)

    def __iter__(self) -> Iterator[int]:
        limites = actuales()
        for numero in self._rango:
            limites.vuelta()
            yield numero

    def __len__(self) -> int:
        return len(self._rango)

    def __repr__(self) -> str:
        return repr(self._rango)
