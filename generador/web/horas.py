"""La hora que se muestra en la página: la de la institución, no la UTC del registro.

La bitácora, los votos y las firmas se guardan en UTC (una sola hora para comparar, exportar y
verificar la cadena). La página los mostraba así, «2026-12-02T13:37:35Z», y quien revisa el
caso leía seis horas de más. Aquí se muestran en la zona de ``RESOLUCIONES_ZONA_HORARIA`` (por
omisión, la de la Ciudad de México, sin horario de verano desde 2022), como «02/12/2026 07:37».
"""

from __future__ import annotations

import datetime as _dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

ZONA_POR_OMISION = "America/Mexico_City"


@lru_cache(maxsize=4)
def _zona(nombre: str) -> _dt.tzinfo:
    try:
        return ZoneInfo(nombre)
    except Exception:  # noqa: BLE001 — mal escrita, o sin base de zonas (Windows sin tzdata): la del centro
        return _dt.timezone(_dt.timedelta(hours=-6), "UTC-6")


def zona_actual() -> str:
    return os.environ.get("RESOLUCIONES_ZONA_HORARIA", "").strip() or ZONA_POR_OMISION


def nombre_de_la_zona() -> str:
    """Lo que dice el encabezado de las columnas de hora."""
    zona = zona_actual()
    return "hora de la Ciudad de México" if zona == ZONA_POR_OMISION else f"hora de {zona}"


def hora_local(valor) -> str:
    """Un momento en UTC (``datetime`` o texto ISO, con o sin «Z») en la hora de la institución."""
    if not valor:
        return ""
    if isinstance(valor, str):
        try:
            valor = _dt.datetime.fromisoformat(valor.strip().removesuffix("Z"))
        except ValueError:
            return valor
    if not isinstance(valor, _dt.datetime):
        return str(valor)
    if valor.tzinfo is None:
        valor = valor.replace(tzinfo=_dt.timezone.utc)
    return valor.astimezone(_zona(zona_actual())).strftime("%d/%m/%Y %H:%M")
