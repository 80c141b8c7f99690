"""Un caso nuevo a partir de otro: lo que se repite de una resolución a la siguiente.

Un Comité firma muchas resoluciones con las mismas personas, la misma fundamentación de
su competencia y los mismos resolutivos: copiarlos de un caso anterior ahorra a quien
redacta escribirlos de nuevo. Lo propio de cada caso (oficio, fecha, solicitud, respuestas,
clasificación) sale del esqueleto, en blanco.
"""

from __future__ import annotations

import io

from .ida_y_vuelta import _yaml, cargar_ida_y_vuelta

# Lo que se toma del caso anterior (con sus comentarios).
COPIADOS = ("orden_citas", "fundamentacion_resolucion", "resolutivos", "firmantes", "votacion", "elaboro")


def a_partir_de(esqueleto: str, anterior: str) -> str:
    """El esqueleto con lo que se repite del caso ``anterior``. Puede lanzar YAMLError."""
    nuevo, base = cargar_ida_y_vuelta(esqueleto), cargar_ida_y_vuelta(anterior)
    if not isinstance(nuevo, dict) or not isinstance(base, dict):
        return esqueleto
    for clave in COPIADOS:
        if clave in base:
            nuevo[clave] = base[clave]
    salida = io.StringIO()
    _yaml().dump(nuevo, salida)
    return salida.getvalue()
