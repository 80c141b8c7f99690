"""La página de las cuentas, para el administrador: ver, crear y desactivar (lo mismo que
``resoluciones usuarios``, sin terminal).

Pide el permiso ``administrar``. En el modo de una persona, el usuario local es
administrador: puede crear aquí la primera cuenta, y desde ese momento la página pide entrar.
Nadie puede desactivar su propia cuenta desde la página (se quedaría fuera sin remedio).
Cada cambio queda en la bitácora a nombre de quien lo hizo.
"""

from __future__ import annotations

from flask import Flask, abort, redirect, render_template, request, session, url_for
from sqlalchemy.engine import Engine

from ..cuentas import usuarios
from ..cuentas.roles import NOMBRES_DE_ROL, ROLES
from ..errores import ErrorDeUsuario
from . import permisos


def instalar(app: Flask, motor: Engine | None) -> None:
    """Las rutas /cuentas (sin registro no hay dónde guardar cuentas: 404)."""
    for endpoint in ("cuentas", "cuentas_crear", "cuentas_desactivar"):
        permisos.exigir(endpoint, "administrar")

    def base() -> Engine:
        if motor is None:
            abort(404, "Sin registro no hay cuentas: inicie «resoluciones servir» con el registro.")
        return motor

    def quien() -> tuple[str, int | None]:
        actual = permisos.usuario_actual()
        return (actual.nombre_usuario if not actual.local else "local"), actual.id

    def pagina(mensaje: str | None = None, error: bool = False, estado: int = 200, datos=None):
        return render_template("cuentas.html", cuentas=usuarios.listar(base()), roles=ROLES,
                               nombres_de_rol=NOMBRES_DE_ROL, mensaje=mensaje, error=error,
                               datos=datos or {}, yo=permisos.usuario_actual()), estado

    @app.get("/cuentas", endpoint="cuentas")
    def cuentas():
        return pagina(session.pop("aviso_cuentas", None))

    @app.post("/cuentas/nueva", endpoint="cuentas_crear")
    def cuentas_crear():
        f = request.form
        if f.get("contrasena", "") != f.get("repetida", ""):
            return pagina("Las dos contraseñas no coinciden; no se creó la cuenta.", True, 400, f)
        por, por_id = quien()
        primera = not usuarios.hay_activas(base())
        try:
            cuenta = usuarios.crear(base(), f.get("nombre_usuario", ""), f.get("contrasena", ""),
                                    rol=f.get("rol", ""), nombre=f.get("nombre", "")[:200],
                                    cargo=f.get("cargo", "")[:200], preside=bool(f.get("preside")),
                                    correo=f.get("correo") or None, rfc=f.get("rfc", "")[:40] or None,
                                    por=por, por_id=por_id)
        except ErrorDeUsuario as exc:
            return pagina("No se creó la cuenta: " + exc.texto(), True, 400, f)
        session["aviso_cuentas"] = f"Cuenta «{cuenta.nombre_usuario}» creada ({NOMBRES_DE_ROL[cuenta.rol]})." + (
            " Es la primera cuenta activa: desde ahora la página pide entrar con usuario y contraseña."
            if primera else "")
        return redirect(url_for("cuentas"))

    @app.post("/cuentas/<nombre_usuario>/desactivar", endpoint="cuentas_desactivar")
    def cuentas_desactivar(nombre_usuario: str):
        por, por_id = quien()
        if usuarios.normalizar(nombre_usuario) == por and por_id is not None:
            return pagina("No puede desactivar su propia cuenta desde la página; pídalo a otro administrador o "
                          "use «resoluciones usuarios desactivar».", True, 400)
        try:
            cerradas = usuarios.desactivar(base(), nombre_usuario, por=por, por_id=por_id)
        except ErrorDeUsuario as exc:
            return pagina(exc.texto(), True, 400)
        session["aviso_cuentas"] = (f"Cuenta «{usuarios.normalizar(nombre_usuario)}» desactivada; "
                                    f"sesiones cerradas: {cerradas}.")
        return redirect(url_for("cuentas"))
