"""La huella de un modelo: un texto que cambia si cambia cualquiera de sus datos.

Por qué: el diseño de Word preparado y las citas ya escritas se guardan (en memoria y en la
caché) con el formato del perfil y el estilo de citas en la clave. Antes la clave era
``model_dump_json()``; con la base ligera, serializar con pydantic-core hace que el núcleo
importe el paquete ``pydantic_core`` entero (~18 ms de cada arranque en frío; ver
``nucleo``). La huella se escribe aquí recorriendo los datos (modelos, listas, mapas,
textos, números, fechas), igual con las dos bases.

Cada modelo se recorre una vez mientras siga vivo: los del perfil son congelados y se
consultan en cada cita. Se recuerda por identidad y con el objeto mismo en la memoria (así
su ``id`` no puede pasar a otro objeto mientras esté guardado), con un tope.
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from collections import OrderedDict

from .base import BaseModel

_MAXIMO = 64
_recordadas: OrderedDict[int, tuple[object, str]] = OrderedDict()
_candado = threading.Lock()


def huella(modelo: BaseModel) -> str:
    """El texto de los datos de ``modelo`` (JSON compacto, con el nombre de cada modelo)."""
    with _candado:
        guardada = _recordadas.get(id(modelo))
        if guardada is not None and guardada[0] is modelo:
            return guardada[1]
    texto = json.dumps(_plano(modelo), ensure_ascii=False, separators=(",", ":"))
    with _candado:
        _recordadas[id(modelo)] = (modelo, texto)
        if len(_recordadas) > _MAXIMO:
            _recordadas.popitem(last=False)
    return texto


def _plano(valor):
    if isinstance(valor, BaseModel):
        return [type(valor).__qualname__, {k: _plano(v) for k, v in valor.__dict__.items()}]
    if type(valor) in (str, int, float, bool) or valor is None:
        return valor
    if isinstance(valor, str):  # Markup y otras subclases: no son el mismo texto
        return [type(valor).__name__, str(valor)]
    if isinstance(valor, (list, tuple)):
        return [_plano(v) for v in valor]
    if isinstance(valor, dict):
        return [[_plano(k), _plano(v)] for k, v in valor.items()]
    if isinstance(valor, (set, frozenset)):
        return sorted(json.dumps(_plano(v), ensure_ascii=False) for v in valor)
    if isinstance(valor, (_dt.date, _dt.time)):
        return [type(valor).__name__, valor.isoformat()]
    return [type(valor).__qualname__, repr(valor)]
