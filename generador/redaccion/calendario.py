"""Días hábiles: los plazos de la ley de transparencia se cuentan en días hábiles
(Ley General 2025, art. 128), desde el día siguiente.

Inhábiles: sábados, domingos, los días de descanso obligatorio (biblioteca
``holidays``, que los toma de la Ley Federal del Trabajo) y los que cada institución
declara en su perfil (Semana Santa, vacaciones, 2 de noviembre, 12 de diciembre…,
según su acuerdo publicado).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Iterable

from ..errores import ErrorDeUsuario


@lru_cache(maxsize=64)
def _oficiales(anio: int) -> frozenset[_dt.date]:
    import holidays

    return frozenset(holidays.Mexico(years=anio))


def es_habil(dia: _dt.date, inhabiles: frozenset[_dt.date] = frozenset()) -> bool:
    return dia.weekday() < 5 and dia not in _oficiales(dia.year) and dia not in inhabiles


def sumar_dias_habiles(desde: _dt.date, dias: int, inhabiles: Iterable[_dt.date] = ()) -> _dt.date:
    """El día hábil número ``dias`` contado a partir del día siguiente a ``desde``."""
    if dias < 1:
        raise ValueError("los días deben ser al menos 1")
    inhabiles = frozenset(inhabiles)
    dia, contados = desde, 0
    while contados < dias:
        if dia == _dt.date.max:
            # El calendario de Python termina aquí: sin esto, un OverflowError a mitad del documento.
            raise ErrorDeUsuario(f"el plazo de {dias} días hábiles contado desde el {desde.isoformat()} termina "
                                 "después del año 9999, donde acaba el calendario")
        dia += _dt.timedelta(days=1)
        if es_habil(dia, inhabiles):
            contados += 1
    return dia
