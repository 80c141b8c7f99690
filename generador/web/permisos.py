"""Qué puede abrir cada quien en la página: negar por omisión.

* **Cada ruta declara su permiso** (``exigir(endpoint, permiso)``, al instalarse), con los
  nombres de ``cuentas/roles.py``. Con cuentas, una ruta que nadie declaró responde 403 a
  todos: olvidar declararla la cierra, nunca la abre. Las de ``web/__init__.py`` y
  ``web/rutas_pasos.py`` están en la tabla de abajo.
* **Dos modos.** Con al menos una cuenta activa en la base, hay que entrar con una (la
  página de entrada; 401 en JSON bajo ``/api/``) y cada rol ve lo suyo. Sin cuentas (o sin
  base) sigue el modo de una persona de siempre: ``usuario_actual()`` es el usuario local y
  puede todo. El modo se consulta en la base: «hay cuentas» con una caché de 2 s por
  proceso; «no hay» en cada petición, para que la primera cuenta valga al instante.
* Sin cuentas, un servidor abierto a la red sin token (porque al arrancar había cuentas y
  luego se desactivaron todas) no atiende a nadie: no quedaría ninguna autenticación.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from flask import Flask, abort, g, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy.engine import Engine

from ..cuentas.roles import NOMBRES_DE_ROL, PERMISOS, puede
from ..cuentas.usuarios import hay_activas

PUBLICOS = frozenset({"static", "entrar", "entrar_cuenta", "salir"})

DESCRIPCIONES = {
    "ver": "ver los casos", "editar": "crear o modificar casos", "enviar_a_revision": "enviar casos a revisión",
    "votar": "votar en el Comité", "aprobar": "aprobar en sesión del Comité", "firmar": "firmar resoluciones",
    "administrar": "administrar las cuentas",
}

CACHE_DEL_MODO = 2.0  # segundos
_DE_UN_PROXY = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")

_permisos: dict[str, str] = {}


def exigir(endpoint: str, permiso: str) -> None:
    """Declara el permiso que pide ``endpoint`` (una vez por ruta, al instalarla)."""
    if permiso not in PERMISOS:
        raise ValueError(f"permiso desconocido: {permiso!r}")
    anterior = _permisos.setdefault(endpoint, permiso)
    if anterior != permiso:
        raise ValueError(f"la ruta {endpoint!r} ya pedía el permiso {anterior!r}, no {permiso!r}")


def permiso_de(endpoint: str) -> str | None:
    """El permiso declarado de una ruta (None: ninguno, o es pública)."""
    return _permisos.get(endpoint)


# Las rutas de web/__init__.py y web/rutas_pasos.py.
for _endpoint, _permiso in {
    "inicio": "ver", "caso": "ver", "vista": "ver", "vista_pdf": "ver", "descargar": "ver",
    "api_clausula": "ver", "api_catalogo": "ver", "api_causal": "ver", "variables_de_clausula": "ver",
    "nuevo": "editar", "guardar": "editar", "api_validar": "editar",
}.items():
    exigir(_endpoint, _permiso)


@dataclass(frozen=True)
class UsuarioActual:
    """Quién hace la petición."""

    id: int | None
    nombre_usuario: str
    nombre: str
    rol: str
    cargo: str
    preside: bool
    local: bool

    @property
    def nombre_de_rol(self) -> str:
        return NOMBRES_DE_ROL.get(self.rol, "")


LOCAL = UsuarioActual(id=None, nombre_usuario="local", nombre="Usuario local", rol="administrador", cargo="",
                      preside=True, local=True)
ANONIMO = UsuarioActual(id=None, nombre_usuario="", nombre="", rol="", cargo="", preside=False, local=False)


class Modo:
    """Si la base tiene cuentas activas (un «sí», consultado a lo sumo cada ``CACHE_DEL_MODO`` s)."""

    def __init__(self, motor: Engine | None, reloj=None):
        self.motor, self.reloj = motor, reloj or (lambda: time.monotonic())
        self._valor, self._cuando = False, None
        self._candado = threading.Lock()

    def con_cuentas(self) -> bool:
        if self.motor is None:
            return False
        with self._candado:
            ahora = self.reloj()
            # Solo se guarda «hay cuentas» (cerrar de más unos segundos no abre nada): «no hay»
            # se consulta en cada petición, para que la primera cuenta valga en la siguiente
            # petición de cualquier proceso y una sesión de una persona no siga con poderes.
            if not self._valor or self._cuando is None or ahora - self._cuando >= CACHE_DEL_MODO:
                self._valor, self._cuando = hay_activas(self.motor), ahora
            return self._valor


def con_cuentas() -> bool:
    """Si la petición en curso es del modo con cuentas."""
    return bool(g.get("con_cuentas"))


def usuario_actual() -> UsuarioActual:
    """El usuario de la petición: el local sin cuentas; con cuentas, el de la sesión (o ANONIMO)."""
    if not con_cuentas():
        return LOCAL
    return getattr(current_user, "actual", ANONIMO)


def puede_actual(permiso: str) -> bool:
    """Si el usuario de la petición tiene ``permiso`` (el local, todos)."""
    usuario = usuario_actual()
    return usuario.local or puede(usuario.rol, permiso)


def instalar(app: Flask, motor: Engine | None, *, abierto_sin_token: bool = False) -> None:
    """Registra la revisión de permisos antes de cada petición. ``abierto_sin_token``: el
    servidor escucha más allá de esta computadora sin token (solo vale con cuentas)."""
    modo = Modo(motor)
    app.extensions["resoluciones_modo"] = modo
    app.jinja_env.globals.update(puede_actual=puede_actual, usuario_actual=usuario_actual,
                                 con_cuentas=con_cuentas)

    @app.before_request
    def _revisar_permiso():
        g.con_cuentas = modo.con_cuentas()
        endpoint = request.endpoint
        if endpoint is None:
            return None  # 404 o 405: lo responde Flask
        if not g.con_cuentas:
            if abierto_sin_token and motor is not None and endpoint != "static":
                abort(403, "Este servidor escucha en la red y no tiene cuentas activas: nadie puede entrar. "
                           "Cree una con «resoluciones usuarios crear».")
            # Un proxy en esta computadora que reenvía la red: escuchar en 127.0.0.1 no protege
            # nada y el modo de una persona lo daría todo a cualquiera (salvo con el token).
            if endpoint != "static" and not session.get("autenticado") and any(
                    c in request.headers for c in _DE_UN_PROXY):
                abort(403, "Esta petición llegó por un proxy y el servidor no tiene cuentas activas ni token: "
                           "nadie puede entrar así. Cree una cuenta con «resoluciones usuarios crear».")
            return None
        if endpoint in PUBLICOS:
            return None
        permiso = _permisos.get(endpoint)
        if permiso is None:
            abort(403, "Esta página no tiene permisos asignados; nadie puede abrirla.")
        usuario = usuario_actual()
        if usuario.id is None:
            if request.path.startswith("/api/"):
                return jsonify({"error": "Entre con su cuenta para usar esta función."}), 401
            siguiente = request.full_path.rstrip("?") if request.method == "GET" else None
            if request.method == "POST":
                # La sesión caducó mientras se escribía: se vuelve al caso después de entrar, y el
                # navegador guardó lo escrito (app.js) para ofrecer recuperarlo ahí.
                caso = re.match(r"^/caso/[^/]+", request.path)
                siguiente = caso.group() if caso else None
                session["aviso_entrada"] = (
                    "Su sesión terminó (por inactividad o porque salió) y lo que envió no se guardó. Entre de nuevo"
                    + (": al volver al caso, este navegador le ofrecerá recuperar lo que escribió." if caso else "."))
            return redirect(url_for("entrar_cuenta", siguiente=siguiente))
        if not puede(usuario.rol, permiso):
            abort(403, f"Su rol ({usuario.nombre_de_rol}) no permite {DESCRIPCIONES[permiso]}.")
        return None
