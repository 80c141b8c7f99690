"""«¿Quiso decir…?» para un campo que un modelo no conoce.

Un perfil o un expediente con una opción mal escrita («fecha» por «fechas», «numeracoin»)
no debe dejar a quien lo escribe adivinando: el mensaje nombra la opción más parecida, lo
que hace y las que admite ese lugar del archivo. Se calcula de los propios modelos de
pydantic, así que una opción nueva queda explicada sin escribir nada más.
"""

from __future__ import annotations

import difflib

from ..modelos.anidados import modelos_del_campo
from ..modelos.base import BaseModel


def modelo_en(modelo: type[BaseModel], ruta: tuple) -> type[BaseModel] | None:
    """El modelo que corresponde a ``ruta`` dentro de ``modelo`` (los índices de listas se saltan)."""
    actual: type[BaseModel] | None = modelo
    for parte in ruta:
        if actual is None:
            return None
        if not isinstance(parte, str) or parte not in actual.model_fields:
            continue  # un índice de lista o la clave de un mapa
        modelos = modelos_del_campo(actual.model_fields[parte])
        actual = modelos[0] if modelos else None
    return actual


# Claves que un archivo admite en un modelo sin ser campos suyos, porque se leen antes de
# validarlo (las ``vigencias`` de un perfil): también van en «aquí se admiten».
CLAVES_PREVIAS: dict[type, tuple[str, ...]] = {}


def explicar_desconocido(modelo: type[BaseModel], ruta: tuple) -> str | None:
    """Sugerencia para el campo desconocido al final de ``ruta``, o None si no hay modelo."""
    if not ruta or not isinstance(ruta[-1], str):
        return None
    padre = modelo_en(modelo, ruta[:-1])
    if padre is None:
        return None
    nombres = [*padre.model_fields, *CLAVES_PREVIAS.get(padre, ())]
    parecidos = difflib.get_close_matches(ruta[-1], nombres, n=1, cutoff=0.6)
    partes = []
    if parecidos and parecidos[0] not in padre.model_fields:
        partes.append(f"¿quiso decir «{parecidos[0]}»?")
    elif parecidos:
        campo = padre.model_fields[parecidos[0]]
        descripcion = campo.description
        if not descripcion and modelos_del_campo(campo):
            descripcion = (modelos_del_campo(campo)[0].__doc__ or "").strip().split("\n")[0]
        partes.append(f"¿quiso decir «{parecidos[0]}»?" + (f" ({descripcion.rstrip('.')})" if descripcion else ""))
    partes.append("aquí se admiten: " + ", ".join(nombres))
    return "; ".join(partes)
