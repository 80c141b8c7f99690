"""Los campos del caso o del perfil que una plantilla nombra y que no existen, vistos sin ejecutarla.

Por qué: el entorno aislado usa ``StrictUndefined``, así que ``{{ exp.solicitud.foli }}``
(por ``exp.solicitudes``… ``folio``) rompe la resolución, pero solo cuando se redacta un caso
que pasa por esa rama de la plantilla; la institución que recibe la carpeta lo descubre con
un caso real. ``plantillas validar`` y ``catalogo validar`` lo dicen antes, con la línea y la
opción más parecida.

Se sigue el tipo de cada expresión desde las raíces conocidas (``exp``: el expediente,
``inst``: el perfil) por los campos de los modelos, sus propiedades, sus métodos permitidos
(``contexto.METODOS_PERMITIDOS``), los índices de listas, los filtros que conservan los
elementos (``first``, ``sort``…) y los nombres que la plantilla ata con ``for`` o ``set``.
Donde el tipo deja de saberse (un filtro que transforma, una macro, un nombre atado a dos
cosas distintas), no se afirma nada: ningún falso positivo a cambio de menos alcance.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from dataclasses import dataclass

from jinja2 import nodes

from ..modelos.anidados import modelos_de_anotacion
from ..modelos.base import BaseModel
from .contexto import METODOS_PERMITIDOS, nombres_de_la_clase

# Filtros cuyo resultado tiene el tipo de los elementos (first, last) o es la misma lista.
_FILTROS_ELEMENTO = frozenset({"first", "last", "random"})
_FILTROS_MISMA_LISTA = frozenset({"sort", "reverse", "list", "unique", "selectattr", "rejectattr", "default", "d"})


@dataclass(frozen=True)
class _Tipo:
    """Un modelo (``lista=False``) o una lista de ellos."""

    modelo: type
    lista: bool = False


def _tipo_de_anotacion(anotacion: typing.Any) -> _Tipo | None:
    """``X``, ``X | None`` o ``list[X]`` con X un modelo; None si es otra cosa o varios modelos."""
    modelos = modelos_de_anotacion(anotacion)
    if len(set(modelos)) != 1:
        return None
    origen = typing.get_origin(anotacion)
    if origen is typing.Annotated:
        return _tipo_de_anotacion(typing.get_args(anotacion)[0])
    if origen in (typing.Union, types.UnionType):
        tipos = {_tipo_de_anotacion(a) for a in typing.get_args(anotacion) if a is not type(None)}
        return tipos.pop() if len(tipos) == 1 else None
    if origen in (list, tuple):
        return _Tipo(modelos[0], lista=True)
    if origen is None:
        return _Tipo(modelos[0])
    return None  # dict, set…: no se sigue


@functools.lru_cache(maxsize=256)
def _anotaciones(modelo: type) -> dict[str, typing.Any]:
    """Las anotaciones evaluadas de la clase: las de pydantic y las de la base ligera (que no
    evalúa las suyas ni las guarda en ``model_fields``) salen del mismo texto del modelo."""
    try:
        return typing.get_type_hints(modelo)
    except Exception:  # noqa: BLE001 (una anotación que no se puede evaluar: nada se afirma)
        return {}


def _tipo_del_nombre(modelo: type, nombre: str) -> _Tipo | None:
    """El tipo del campo, la propiedad o el resultado del método ``nombre`` de ``modelo``."""
    if nombre in getattr(modelo, "model_fields", {}):
        return _tipo_de_anotacion(_anotaciones(modelo).get(nombre))
    atributo = getattr(modelo, nombre, None)
    funcion = atributo.fget if isinstance(atributo, property) else atributo
    try:
        retorno = typing.get_type_hints(funcion).get("return")
    except Exception:  # noqa: BLE001 (una anotación que no se puede evaluar: tipo desconocido)
        return None
    return _tipo_de_anotacion(retorno) if retorno is not None else None


class _Seguidor:
    def __init__(self, raices: dict[str, type]):
        self.raices = {n: _Tipo(m) for n, m in raices.items()}
        self.atados: dict[str, _Tipo | None] = dict(self.raices)
        self.nuevos: dict[str, _Tipo | None] = dict(self.raices)
        self.hallazgos: list[tuple[str, int]] = []

    def atar(self, nombre: str, tipo: _Tipo | None) -> None:
        """Un nombre atado a dos tipos distintos (o a uno desconocido) deja de seguirse."""
        if nombre in self.nuevos and self.nuevos[nombre] != tipo:
            self.nuevos[nombre] = None
        else:
            self.nuevos[nombre] = tipo

    def pasar(self) -> None:
        """Lo atado en esta pasada es lo que se lee en la siguiente."""
        self.atados, self.nuevos = self.nuevos, dict(self.raices)

    def tipo(self, nodo: nodes.Node, avisar: bool = False) -> _Tipo | None:
        if isinstance(nodo, nodes.Name):
            return self.atados.get(nodo.name)
        if isinstance(nodo, nodes.Getattr):
            return self._campo(nodo.node, nodo.attr, nodo, avisar)
        if isinstance(nodo, nodes.Getitem):
            base = self.tipo(nodo.node, avisar)
            if isinstance(nodo.arg, nodes.Const) and isinstance(nodo.arg.value, str):
                return self._campo(nodo.node, nodo.arg.value, nodo, avisar, base)
            if base is not None and base.lista and isinstance(nodo.arg, nodes.Const) \
                    and isinstance(nodo.arg.value, int):
                return _Tipo(base.modelo)
            return None
        if isinstance(nodo, nodes.Filter) and nodo.node is not None:
            base = self.tipo(nodo.node, avisar)
            if base is not None and base.lista and nodo.name in _FILTROS_ELEMENTO:
                return _Tipo(base.modelo)
            if base is not None and nodo.name in _FILTROS_MISMA_LISTA:
                return base
            return None
        if isinstance(nodo, nodes.Call) and isinstance(nodo.node, nodes.EnvironmentAttribute) \
                and nodo.node.name == "iterar" and len(nodo.args) == 1:
            return self.tipo(nodo.args[0], avisar)  # el bucle reescrito por el entorno aislado
        if isinstance(nodo, nodes.Call) and isinstance(nodo.node, nodes.Getattr):
            base = self.tipo(nodo.node.node, avisar)
            if base is not None and not base.lista \
                    and nodo.node.attr in METODOS_PERMITIDOS.get(base.modelo.__name__, ()):
                return _tipo_del_nombre(base.modelo, nodo.node.attr)
        return None

    def _campo(self, padre: nodes.Node, nombre: str, nodo: nodes.Node, avisar: bool,
               base: _Tipo | None = None) -> _Tipo | None:
        base = base if base is not None else self.tipo(padre, avisar)
        if base is None or base.lista:
            return None
        nombres = nombres_de_la_clase(base.modelo)
        if nombre in nombres:
            return _tipo_del_nombre(base.modelo, nombre)
        if avisar:
            parecidos = difflib.get_close_matches(nombre, nombres, n=1, cutoff=0.6)
            sugerencia = f"¿quiso decir «{parecidos[0]}»? " if parecidos else ""
            mensaje = (f"usa «{nombre}», que no es un dato de {_descripcion(base.modelo)}; {sugerencia}"
                       f"(tiene: {', '.join(nombres)})")
            self.hallazgos.append((mensaje, nodo.lineno))
        return None


def _descripcion(modelo: type) -> str:
    """El modelo como lo ve quien escribe la plantilla: la primera línea de su docstring."""
    primera = (modelo.__doc__ or "").strip().split("\n")[0].rstrip(".")
    return f"{modelo.__name__} ({primera})" if primera else modelo.__name__


def campos_desconocidos(arbol: nodes.Template, raices: dict[str, type[BaseModel]]) -> list[tuple[str, int]]:
    """(mensaje, línea relativa) de cada campo nombrado que el modelo no tiene."""
    seguidor = _Seguidor(raices)
    # Tres pasadas para los nombres atados: un nombre puede atarse a partir de otro que se
    # ata más abajo en el texto; en cada pasada se lee lo que ató la anterior.
    for _ in range(3):
        for nodo in arbol.find_all((nodes.For, nodes.Assign, nodes.Macro, nodes.CallBlock)):
            if isinstance(nodo, (nodes.Macro, nodes.CallBlock)):
                for argumento in nodo.args:
                    seguidor.atar(argumento.name, None)  # un parámetro puede recibir cualquier cosa
                continue
            objetivos = [nodo.target] if isinstance(nodo.target, nodes.Name) else list(nodo.target.find_all(nodes.Name))
            if len(objetivos) != 1 or not isinstance(nodo.target, nodes.Name):
                for objetivo in objetivos:
                    seguidor.atar(objetivo.name, None)  # «for a, b in …»: no se sigue
                continue
            tipo = seguidor.tipo(nodo.iter if isinstance(nodo, nodes.For) else nodo.node)
            if isinstance(nodo, nodes.For):
                tipo = _Tipo(tipo.modelo) if tipo is not None and tipo.lista else None
            seguidor.atar(nodo.target.name, tipo)
        seguidor.pasar()
    for nodo in arbol.find_all((nodes.Getattr, nodes.Getitem)):
        seguidor.tipo(nodo, avisar=True)
    return sorted(set(seguidor.hallazgos), key=lambda h: (h[1], h[0]))
