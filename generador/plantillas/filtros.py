"""Los filtros de las plantillas: los del proyecto (letras, fechas, formato) y los de Jinja,
todos con sus argumentos acotados antes de llamarlos y su resultado medido.

``{{ 'x' | center(900000000) }}`` o ``{{ s | replace('x', s) }}`` agotarían la memoria en
una sola llamada de C, donde ningún reloj llega: por eso se miran los argumentos antes.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import jinja2
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from .. import letras
from .formato import texto_a_html, texto_en_linea
from .limites import (
    ANCHO_MAXIMO,
    TEXTO_MAXIMO,
    PlantillaNoPermitida,
    actuales,
    comprobar_formato_printf,
    comprobar_texto,
    tamano,
)

# --- filtros de Jinja con sus argumentos acotados -------------------------------------------
# Filtros cuyos argumentos (después del valor) fijan un ancho o una cuenta: acotados.
_CON_ANCHO = frozenset({"center", "indent", "wordwrap", "batch", "slice", "tojson", "truncate"})
# Filtros lentos con textos largos (textwrap, expresiones regulares): su entrada se acota.
_LENTOS = frozenset({"wordwrap", "urlize", "center", "indent", "striptags", "title", "capitalize", "wordcount"})
ENTRADA_MAXIMA_DE_LENTOS = 200_000


def _acotar(nombre: str, datos: tuple, kwargs: dict) -> None:
    """Rechaza, antes de llamar al filtro, lo que armaría un texto o una lista enorme o
    tardaría demasiado: en una sola llamada de C no hay reloj que la detenga."""
    if nombre in _CON_ANCHO:
        for valor in (*datos[1:], *kwargs.values()):
            if isinstance(valor, int) and not isinstance(valor, bool) and valor > ANCHO_MAXIMO \
                    and nombre != "truncate":
                raise PlantillaNoPermitida(f"el filtro «{nombre}» recibe un número mayor que {ANCHO_MAXIMO}")
            if isinstance(valor, str) and len(valor) > ANCHO_MAXIMO:
                raise PlantillaNoPermitida(f"el filtro «{nombre}» recibe un texto de más de {ANCHO_MAXIMO} caracteres")
    if nombre in _LENTOS and datos and isinstance(datos[0], str) and len(datos[0]) > ENTRADA_MAXIMA_DE_LENTOS:
        raise PlantillaNoPermitida(
            f"el filtro «{nombre}» recibe un texto de más de {ENTRADA_MAXIMA_DE_LENTOS:,} caracteres".replace(",", " "))
    if nombre == "indent" and datos and isinstance(datos[0], str):
        ancho = datos[1] if len(datos) > 1 else kwargs.get("width", 4)
        ancho = len(ancho) if isinstance(ancho, str) else ancho if isinstance(ancho, int) else 4
        if len(datos[0]) + ancho * (datos[0].count("\n") + 1) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida("el filtro «indent» armaría un texto demasiado grande")
    elif nombre == "format" and datos:
        comprobar_formato_printf(datos[0])
        if tamano(datos) + tamano(kwargs) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida("el filtro «format» armaría un texto demasiado grande")
    elif nombre == "replace" and len(datos) >= 3:
        texto, viejo, nuevo = datos[:3]
        if isinstance(texto, str) and isinstance(viejo, str) and isinstance(nuevo, str):
            veces = texto.count(viejo) if viejo else len(texto) + 1
            if len(texto) + veces * max(len(nuevo) - len(viejo), 0) > TEXTO_MAXIMO:
                raise PlantillaNoPermitida("el filtro «replace» armaría un texto demasiado grande")
    elif nombre == "join" and datos:
        elementos = datos[0]
        separador = datos[1] if len(datos) > 1 else kwargs.get("d", "")
        cuantos = len(elementos) if hasattr(elementos, "__len__") else 0
        if isinstance(separador, str) and len(separador) * cuantos + tamano(elementos) > TEXTO_MAXIMO:
            raise PlantillaNoPermitida("el filtro «join» armaría un texto demasiado grande")
    elif nombre == "sum":
        inicio = datos[2] if len(datos) > 2 else kwargs.get("start", 0)
        if not isinstance(inicio, (int, float)) or isinstance(inicio, bool):
            raise PlantillaNoPermitida("el filtro «sum» solo suma números (start= tiene que ser un número)")


def filtro_limitado(nombre: str, filtro: Callable[..., Any]) -> Callable[..., Any]:
    """El filtro con sus argumentos acotados antes de llamarlo y su resultado medido."""

    def limitado(*args: Any, **kwargs: Any) -> Any:
        # Los filtros que reciben el entorno o el contexto lo llevan como primer argumento.
        datos = args[1:] if args and isinstance(args[0], (jinja2.Environment, Context, EvalContext)) else args
        _acotar(nombre, datos, kwargs)
        actuales().reloj()
        return actuales().construir(comprobar_texto(filtro(*args, **kwargs)))

    # Jinja decide qué pasarle al filtro (entorno, contexto) mirando esta marca de la función.
    if hasattr(filtro, "jinja_pass_arg"):
        limitado.jinja_pass_arg = filtro.jinja_pass_arg  # type: ignore[attr-defined]
    limitado.__name__ = getattr(filtro, "__name__", nombre)
    limitado.__doc__ = getattr(filtro, "__doc__", None)
    return limitado


# Números que reciben los filtros de letras: más allá, ninguna resolución los escribe.
_ENTERO_MAXIMO = 10**15


def _entero(valor: Any) -> int:
    numero = int(valor)
    if abs(numero) > _ENTERO_MAXIMO:
        raise PlantillaNoPermitida(f"el número {str(numero)[:20]}… es demasiado grande para escribirlo con letras")
    return numero


def filtros_del_proyecto() -> dict[str, Callable[..., Any]]:
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
