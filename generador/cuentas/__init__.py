"""Las cuentas del servidor de la unidad: usuarios, roles, contraseñas (argon2), sesiones en la base y límite de intentos de entrada."""

from .clave import clave_secreta
from .roles import NOMBRES_DE_ROL, PERMISOS, ROLES, puede

__all__ = ["NOMBRES_DE_ROL", "PERMISOS", "ROLES", "clave_secreta", "puede"]
