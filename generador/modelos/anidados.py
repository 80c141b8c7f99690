"""Los modelos que puede contener un campo (``X | None``, ``list[X]``, ``dict[str, X]``…).

Lo usan las sugerencias de «¿quiso decir…?» (para bajar por la ruta de un campo desconocido)
y los validadores guardados (que guardan, para la base ligera, los modelos de cada campo:
ella no tiene las anotaciones que pydantic evaluó).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from .base import BaseModel


def modelos_de_anotacion(anotacion: Any) -> list[type[BaseModel]]:
    """Los modelos que puede tener un campo (``X | None``, ``list[X]``, ``dict[str, X]``…)."""
    if isinstance(anotacion, type) and issubclass(anotacion, BaseModel):
        return [anotacion]
    salida: list[type[BaseModel]] = []
    origen = typing.get_origin(anotacion)
    if origen is typing.Annotated:
        return modelos_de_anotacion(typing.get_args(anotacion)[0])
    if origen in (typing.Union, types.UnionType, list, tuple, dict, set, frozenset):
        for argumento in typing.get_args(anotacion):
            salida += modelos_de_anotacion(argumento)
    return salida


def modelos_del_campo(campo: Any) -> list[type[BaseModel]]:
    """Los modelos que puede tener un campo de ``model_fields``: de su anotación con pydantic;
    con la base ligera, los que pydantic encontró en ella al guardar (``modelos.guardados``)."""
    guardados = getattr(campo, "modelos", None)
    if guardados is not None:
        return list(guardados)
    return modelos_de_anotacion(campo.annotation)
