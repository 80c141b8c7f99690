"""Las contraseñas: solo su hash argon2id (argon2-cffi), nunca el texto.

* **argon2id** con los parámetros por omisión de argon2-cffi (los de la RFC 9106 para poca
  memoria); si esos parámetros suben en una versión nueva, el hash guardado se rehace al
  entrar (``necesita_rehash``).
* **Sin revelar cuentas por el tiempo**: cuando la cuenta no existe se verifica igual,
  contra un hash ficticio, para que «no existe» y «contraseña incorrecta» tarden lo mismo.
* **Mínimo 12 caracteres** (y un máximo, para que nadie haga trabajar al servidor con un
  megabyte de contraseña).
"""

from __future__ import annotations

import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errores import ErrorDeUsuario

MINIMO = 12
MAXIMO = 1024

_hasher = PasswordHasher()
_ficticio: str | None = None
_candado = threading.Lock()


def validar(contrasena: str) -> None:
    """``ErrorDeUsuario`` si la contraseña no sirve como contraseña nueva."""
    if len(contrasena) < MINIMO:
        raise ErrorDeUsuario(f"la contraseña es demasiado corta: debe tener al menos {MINIMO} caracteres "
                             "(mejor una frase de varias palabras)")
    if len(contrasena) > MAXIMO:
        raise ErrorDeUsuario(f"la contraseña es demasiado larga (máximo {MAXIMO} caracteres)")
    if not contrasena.strip():
        raise ErrorDeUsuario("la contraseña no puede ser solo espacios")


def cifrar(contrasena: str) -> str:
    """El hash argon2id de una contraseña nueva (validada)."""
    validar(contrasena)
    return _hasher.hash(contrasena)


def _hash_ficticio() -> str:
    global _ficticio
    with _candado:
        if _ficticio is None:
            _ficticio = _hasher.hash(secrets.token_urlsafe(24))
        return _ficticio


def verificar(guardado: str | None, contrasena: str) -> bool:
    """Si ``contrasena`` corresponde a ``guardado``. Con ``guardado=None`` (la cuenta no
    existe o está desactivada) se hace el mismo trabajo y se responde que no."""
    if len(contrasena) > MAXIMO:
        contrasena = contrasena[:MAXIMO]  # se verifica igual (mismo tiempo) y no coincidirá
    # El hash ficticio se prepara siempre (la primera vez cuesta un argon2 más): si solo se
    # preparara para una cuenta que no existe, su primer intento tardaría el doble y la delataría.
    ficticio = _hash_ficticio()
    try:
        correcta = _hasher.verify(guardado or ficticio, contrasena)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return correcta and guardado is not None


def necesita_rehash(guardado: str) -> bool:
    """Si el hash se hizo con parámetros más débiles que los actuales."""
    try:
        return _hasher.check_needs_rehash(guardado)
    except (InvalidHashError, ValueError):
        return True
