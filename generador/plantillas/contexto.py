"""Lo que ve una plantilla: datos, nunca objetos de Python.

Un autor de plantillas (bloques de texto, cláusulas del catálogo, diseños de Word,
esqueletos) escribe Jinja que se ejecuta con los permisos de quien redacta. Si el
contexto llevara los modelos de pydantic, los módulos o las funciones del programa, la
plantilla podría alcanzar sus métodos públicos (``parse_raw(…, allow_pickle=True)``
ejecuta código) aunque el *sandbox* de Jinja prohíba los atributos con «_». Por eso todo
lo que entra al contexto pasa por :func:`a_datos`, que lo convierte en valores simples
(textos, números, fechas, listas, diccionarios) y en dos envolturas propias con una lista
explícita de lo permitido:

* :class:`Registro`: los campos de un modelo (y sus propiedades calculadas), de solo
  lectura; el modelo queda fuera del alcance de la plantilla;
* :class:`Funcion`: una función que el programa ofrece a propósito (``citar``,
  ``fecha``…), cuyo resultado vuelve a pasar por :func:`a_datos`.

Cualquier otro tipo es un error de programación: se rechaza al armar el contexto, no
cuando una plantilla lo encuentra.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import enum
from collections.abc import Mapping
from typing import Any, Callable, Iterator

from markupsafe import Markup

from ..modelos.base import BaseModel

# Métodos de los modelos que las plantillas pueden llamar (además de sus campos y
# propiedades). Solo consultas sin efectos; su resultado vuelve a ser un dato.
METODOS_PERMITIDOS: dict[str, frozenset[str]] = {
    "PeriodoReserva": frozenset({"inicio", "expiracion", "vencimiento_calculado"}),
    "Expediente": frozenset({"firmantes_en_orden"}),
}

_SIMPLES = (type(None), bool, int, float, decimal.Decimal, _dt.date, _dt.time, _dt.timedelta)
# Los tipos exactos que ``a_datos`` devuelve tal cual (casi todo lo que ve una plantilla): se
# reconocen con una sola búsqueda antes de la cadena de ``isinstance``. Un ``str`` exacto
# también sale tal cual (``str(valor)`` de un ``str`` es el mismo objeto); sus subclases, no.
_TAL_CUAL = frozenset({str, *_SIMPLES})


class Funcion:
    """Una función ofrecida a las plantillas; lo que devuelve se convierte en datos."""

    __slots__ = ("_funcion", "nombre")

    def __init__(self, funcion: Callable[..., Any], nombre: str | None = None):
        self._funcion = funcion
        self.nombre = nombre or getattr(funcion, "__name__", "función")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return a_datos(self._funcion(*args, **kwargs))

    def __repr__(self) -> str:
        return f"<función {self.nombre}>"


_NOMBRES_POR_CLASE: dict[type, tuple[str, ...]] = {}


def _nombres_de(modelo: BaseModel) -> tuple[str, ...]:
    """Campos, propiedades calculadas de las clases del proyecto y métodos permitidos. Son
    de la clase (no del objeto) y las clases no cambian mientras corre el programa: se
    calculan una vez por clase (un documento arma cientos de registros)."""
    clase = type(modelo)
    nombres = _NOMBRES_POR_CLASE.get(clase)
    if nombres is None:
        nombres = _NOMBRES_POR_CLASE[clase] = nombres_de_la_clase(clase)
    return nombres


def nombres_de_la_clase(clase: type) -> tuple[str, ...]:
    nombres = list(clase.model_fields)
    for base in clase.__mro__:
        # Las propiedades de las clases del proyecto, no las de la base (la de pydantic o la
        # ligera de generador.modelos, que tiene ``model_fields_set`` y ``model_extra``).
        if not base.__module__.startswith("generador.") or base.__module__.startswith("generador.modelos."):
            continue
        for nombre, valor in vars(base).items():
            if isinstance(valor, (property,)) and not nombre.startswith("_") and nombre not in nombres:
                nombres.append(nombre)
    nombres += sorted(METODOS_PERMITIDOS.get(clase.__name__, ()))
    return tuple(nombres)


class Registro(Mapping):
    """Los campos de un modelo, de solo lectura, convertidos en datos al pedirse.

    Es un ``Mapping``: la plantilla escribe ``exp.fecha`` o ``exp["fecha"]`` y el entorno
    aislado solo busca claves (nunca atributos de Python). El modelo original queda en
    un atributo privado que el *sandbox* no deja tocar.
    """

    __slots__ = ("_origen", "_nombres", "_valores", "_clase", "_conjunto")

    def __init__(self, origen: Any, nombres: tuple[str, ...]):
        self._origen = origen
        self._nombres = nombres
        self._conjunto = _conjunto_de(nombres)  # para buscar una clave sin recorrer la tupla
        self._valores: dict[str, Any] = {}
        self._clase = type(origen).__name__

    def __getitem__(self, clave: str) -> Any:
        if clave not in self._valores:
            if not isinstance(clave, str) or clave not in self._conjunto:
                raise KeyError(clave)
            valor = getattr(self._origen, clave)
            if clave in METODOS_PERMITIDOS.get(self._clase, ()):
                valor = Funcion(valor, clave)
            else:
                valor = a_datos(valor)
            self._valores[clave] = valor
        return self._valores[clave]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nombres)

    def __len__(self) -> int:
        return len(self._nombres)

    def __contains__(self, clave: object) -> bool:
        try:
            return clave in self._conjunto
        except TypeError:  # una clave que no se puede buscar en un conjunto (una lista): no está
            return False

    def __repr__(self) -> str:
        return f"<{self._clase}>"


_CONJUNTOS: dict[tuple[str, ...], frozenset[str]] = {}


def _conjunto_de(nombres: tuple[str, ...]) -> frozenset[str]:
    """Los nombres como conjunto, uno por tupla distinta (las de ``_nombres_de`` son pocas)."""
    conjunto = _CONJUNTOS.get(nombres)
    if conjunto is None:
        conjunto = frozenset(nombres)
        if len(_CONJUNTOS) < 512:
            _CONJUNTOS[nombres] = conjunto
    return conjunto


def a_datos(valor: Any) -> Any:
    """``valor`` como datos para una plantilla (ver el docstring del módulo)."""
    if type(valor) in _TAL_CUAL:
        return valor
    if isinstance(valor, (Registro, Funcion, Markup)) or isinstance(valor, _SIMPLES):
        return valor
    if isinstance(valor, enum.Enum):
        return a_datos(valor.value)
    if isinstance(valor, str):
        # Subclases propias de texto que llevan XML ya escapado (``__html__``) se conservan;
        # cualquier otra se vuelve texto simple.
        return valor if type(valor).__module__.startswith("generador") else str(valor)
    if isinstance(valor, BaseModel):
        return Registro(valor, _nombres_de(valor))
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        return Registro(valor, tuple(f.name for f in dataclasses.fields(valor)))
    if isinstance(valor, list):
        return [a_datos(v) for v in valor]
    if isinstance(valor, tuple):
        return tuple(a_datos(v) for v in valor)
    if isinstance(valor, (set, frozenset)):
        return sorted(a_datos(v) for v in valor)
    if isinstance(valor, Mapping):
        return {str(k): a_datos(v) for k, v in valor.items()}
    raise TypeError(f"un objeto {type(valor).__name__} no puede entrar al contexto de una plantilla")


def contexto_de_datos(valores: Mapping[str, Any], funciones: Mapping[str, Callable[..., Any]] = {}) -> dict[str, Any]:
    """El contexto completo de una plantilla: datos y las funciones ofrecidas."""
    contexto = {nombre: a_datos(valor) for nombre, valor in valores.items()}
    contexto.update({nombre: Funcion(f, nombre) for nombre, f in funciones.items()})
    return contexto
