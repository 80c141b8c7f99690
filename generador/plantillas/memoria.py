"""Una memoria acotada para funciones puras de datos simples (issue 19).

La validación en vivo vuelve a redactar el documento en cada pausa al escribir, y un lote
redacta miles de documentos con los mismos textos de siempre: convertir otra vez la misma
transcripción de una solicitud al HTML de los bloques (``formato.texto_a_html``) da
exactamente el mismo resultado. :func:`memoria_pura` guarda ese resultado, con tres
límites para que sea inofensiva:

* solo con argumentos de tipos **exactos** e inmutables (``str``, ``bool``, ``int``,
  ``None``): una subclase de ``str`` como ``Markup`` se escapa distinto, y un objeto
  cualquiera podría cambiar; cualquier otra cosa se calcula sin guardar;
* solo si los textos de los argumentos suman a lo sumo ``largo_maximo`` caracteres, y a lo
  sumo ``maximo`` resultados (se olvida el más antiguo): la memoria no crece sin medida
  aunque una plantilla llame a la función con miles de textos distintos;
* lo que lanza una excepción no se guarda (se repite y vuelve a fallar).

Solo para funciones cuyo resultado depende únicamente de sus argumentos y es inmutable
(un ``str`` o un ``Markup``).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_SIMPLES = frozenset({str, bool, int, type(None)})


def memoria_pura(maximo: int = 256, largo_maximo: int = 20_000) -> Callable[[F], F]:
    """Decora una función pura de datos simples con una memoria acotada (ver el módulo)."""

    def decorar(funcion: F) -> F:
        guardados: OrderedDict[tuple, Any] = OrderedDict()
        candado = threading.Lock()  # la página atiende varias peticiones en hilos

        @functools.wraps(funcion)
        def envoltura(*args: Any, **kwargs: Any) -> Any:
            valores = (*args, *kwargs.values())
            if any(type(v) not in _SIMPLES for v in valores) or \
                    sum(len(v) for v in valores if type(v) is str) > largo_maximo:
                return funcion(*args, **kwargs)
            # Con los tipos: 1 y True son iguales como clave, y str(1) no es str(True).
            clave = (args, tuple(kwargs.items()), tuple(map(type, valores)))
            with candado:
                if clave in guardados:
                    guardados.move_to_end(clave)
                    return guardados[clave]
            resultado = funcion(*args, **kwargs)
            with candado:
                guardados[clave] = resultado
                if len(guardados) > maximo:
                    guardados.popitem(last=False)
            return resultado

        envoltura.guardados = guardados  # type: ignore[attr-defined]  — para las pruebas
        return envoltura  # type: ignore[return-value]

    return decorar
