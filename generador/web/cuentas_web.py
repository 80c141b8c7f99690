"""Entrar y salir de la página con una cuenta (Flask-Login sobre las sesiones de la base).

La cookie de Flask (firmada, HttpOnly, SameSite=Strict; Secure si la configuración lo pide
con ``SESSION_COOKIE_SECURE``, detrás de un proxy con https) guarda solo el token de la
sesión; la sesión de verdad es la fila de ``sesiones`` (``cuentas/sesiones.py``): cada
petición la busca, y una sesión caducada, revocada o de una cuenta desactivada ya no entra,
en cualquier proceso. Al entrar se empieza una sesión de Flask nueva (nada de la anterior
sobrevive: ni un token CSRF ni un intento de fijar la sesión).
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy.engine import Engine

from ..cuentas import entrada, sesiones
from ..cuentas.usuarios import hay_activas
from ..errores import ErrorDeUsuario
from ..registro.conexion import motor as motor_del_registro
from . import administracion, permisos


class CuentaEnSesion(UserMixin):
    """El usuario que Flask-Login conoce: su ``get_id`` es el token de la sesión (no el id
    de la cuenta), para que el cargador busque la sesión y no solo la cuenta."""

    def __init__(self, token: str, vigente: sesiones.Vigente):
        self.token = token
        self.actual = permisos.UsuarioActual(id=vigente.usuario_id, nombre_usuario=vigente.nombre_usuario,
                                             nombre=vigente.nombre or vigente.nombre_usuario, rol=vigente.rol,
                                             cargo=vigente.cargo, preside=vigente.preside, local=False)

    def get_id(self) -> str:
        return self.token


def _duracion(app: Flask) -> sesiones.Duracion:
    def tiempo(clave: str, omision: dt.timedelta) -> dt.timedelta:
        valor = app.config.get(clave, omision)
        return valor if isinstance(valor, dt.timedelta) else dt.timedelta(seconds=float(valor))
    return sesiones.Duracion(inactividad=tiempo("RESOLUCIONES_SESION_INACTIVIDAD", sesiones.INACTIVIDAD),
                             maxima=tiempo("RESOLUCIONES_SESION_MAXIMA", sesiones.MAXIMA))


def _siguiente(valor: str | None) -> str:
    """A dónde volver tras entrar: solo una ruta de esta misma aplicación. Solo ASCII visible y
    sin «\\»: el navegador quita tabuladores y saltos de una dirección, así «/<TAB>/otro.sitio»
    se volvería «//otro.sitio» (otro sitio); y un salto en la cabecera sería un error 500."""
    if (valor and valor.startswith("/") and not valor.startswith("//") and "\\" not in valor
            and all("!" <= c <= "~" for c in valor)):
        return valor
    return url_for("inicio")


def hay_cuentas(registro: str | None) -> bool:
    """Si el registro de ``registro`` (una URL, o None) tiene cuentas activas."""
    return registro is not None and hay_activas(motor_del_registro(registro))


def _sesion_nueva() -> None:
    """Una sesión de Flask nueva: nada de la anterior sobrevive, salvo haber dado el token del
    servidor (``seguridad.py``), si lo pide: es de quien abrió el navegador, no de la cuenta."""
    con_token = session.get("autenticado")
    session.clear()
    if con_token:
        session["autenticado"] = True


def instalar(app: Flask, motor: Engine | str | None, *, abierto_sin_token: bool = False) -> None:
    """Flask-Login, la cookie, las rutas /cuenta/entrar y /cuenta/salir y los permisos
    (``permisos.instalar``). ``motor``: el del registro, su URL o None (sin registro: una persona)."""
    if isinstance(motor, str):
        motor = motor_del_registro(motor)
    permisos.instalar(app, motor, abierto_sin_token=abierto_sin_token)
    administracion.instalar(app, motor)
    del_entorno = sesiones.duracion_del_entorno()
    app.config.setdefault("RESOLUCIONES_SESION_INACTIVIDAD", del_entorno.inactividad)
    app.config.setdefault("RESOLUCIONES_SESION_MAXIMA", del_entorno.maxima)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, PERMANENT_SESSION_LIFETIME=_duracion(app).maxima)
    if app.config.get("SESSION_COOKIE_SAMESITE") not in ("Strict", "Lax"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Strict"
    gestor = LoginManager()
    gestor.init_app(app)

    @gestor.user_loader
    def _cargar(token: str):
        if motor is None:
            return None
        vigente = sesiones.vigente(motor, token, duracion=_duracion(current_app))
        return CuentaEnSesion(token, vigente) if vigente is not None else None

    def pagina(mensaje: str | None = None, estado: int = 200, nombre: str = "", error: bool = True):
        return render_template("cuenta_entrar.html", mensaje=mensaje, nombre=nombre, error=error,
                               siguiente=request.values.get("siguiente", "")), estado

    @app.route("/cuenta/entrar", methods=["GET", "POST"], endpoint="entrar_cuenta")
    def entrar_cuenta():
        if motor is None or not permisos.con_cuentas():
            return redirect(url_for("inicio"))  # el modo de una persona: no hay a qué entrar
        if request.method == "GET":
            if current_user.is_authenticated:
                return redirect(_siguiente(request.args.get("siguiente")))
            return pagina(session.pop("aviso_entrada", None), error=False)
        nombre = request.form.get("usuario", "")[:200]
        try:
            token, vigente = entrada.entrar(motor, nombre, request.form.get("contrasena", ""),
                                            direccion=request.remote_addr or "", duracion=_duracion(app))
        except ErrorDeUsuario as exc:
            estado = 429 if exc.texto().startswith("Demasiados") else 401
            return pagina(exc.texto(), estado, nombre)
        destino = _siguiente(request.form.get("siguiente"))
        if current_user.is_authenticated:  # entrar con otra cuenta cierra la anterior, también en la base
            entrada.salir(motor, current_user.token)
        _sesion_nueva()
        session.permanent = True
        login_user(CuentaEnSesion(token, vigente))
        return redirect(destino)

    permisos.exigir("cambiar_contrasena", "ver")  # cualquiera que entró, con su propia contraseña

    @app.route("/cuenta/contrasena", methods=["GET", "POST"], endpoint="cambiar_contrasena")
    def cambiar_contrasena():
        if motor is None or not permisos.con_cuentas():
            return redirect(url_for("inicio"))  # el usuario local no tiene contraseña
        if request.method == "GET":
            return render_template("cuenta_contrasena.html", mensaje=None)
        f = request.form
        try:
            if f.get("nueva", "") != f.get("repetida", ""):
                raise ErrorDeUsuario("Las dos contraseñas nuevas no coinciden.")
            entrada.cambiar_propia(motor, current_user.actual.id, f.get("actual", ""), f.get("nueva", ""),
                                   direccion=request.remote_addr or "")
        except ErrorDeUsuario as exc:
            estado = 429 if exc.texto().startswith("Demasiados") else 400
            return render_template("cuenta_contrasena.html", mensaje=exc.texto()), estado
        logout_user()
        _sesion_nueva()
        session["aviso_entrada"] = "Contraseña cambiada; entre con la nueva."
        return redirect(url_for("entrar_cuenta"))

    @app.post("/cuenta/salir", endpoint="salir")
    def salir():
        if motor is not None and current_user.is_authenticated:
            entrada.salir(motor, current_user.token)
        logout_user()
        _sesion_nueva()
        return redirect(url_for("entrar_cuenta") if permisos.con_cuentas() else url_for("inicio"))
