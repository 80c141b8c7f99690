"""El JSON Schema del expediente (``resoluciones esquema``), derivado de los modelos."""

from __future__ import annotations

from typing import Any

from .modelo import Expediente


def esquema_json() -> dict[str, Any]:
    """JSON Schema del expediente, para editores y para quien escribe expedientes."""
    return Expediente.model_json_schema()


# --- Lectura -----------------------------------------------------------------
