"""Los roles de la unidad y lo que cada uno puede hacer.

Una sola tabla, para que la línea de comandos, la página y las pruebas digan lo mismo:
el permiso se pide por su nombre ("ver", "editar", …) y esta tabla dice qué roles lo tienen.
"""

from __future__ import annotations

ROLES = ("administrador", "redactor", "integrante", "lector")

NOMBRES_DE_ROL = {
    "administrador": "Administrador",
    "redactor": "Redactor",
    "integrante": "Integrante del Comité",
    "lector": "Lector",
}

PERMISOS = {
    # Ver la lista de casos, abrir un caso, vistas previas, descargas, la bitácora de un caso.
    "ver": frozenset(ROLES),
    # Caso nuevo, guardar, validación en vivo, guardado automático.
    "editar": frozenset({"administrador", "redactor"}),
    "enviar_a_revision": frozenset({"administrador", "redactor"}),
    "votar": frozenset({"integrante"}),
    # Registrar la sesión del Comité y cerrar la votación.
    "aprobar": frozenset({"integrante"}),
    "firmar": frozenset({"integrante"}),
    # Las cuentas.
    "administrar": frozenset({"administrador"}),
}


def puede(rol: str, permiso: str) -> bool:
    """Si ``rol`` tiene ``permiso``; un permiso desconocido no lo tiene nadie (negar por omisión)."""
    return rol in PERMISOS.get(permiso, ())
