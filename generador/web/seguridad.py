"""Quién entra a la aplicación web y desde dónde.

* **Escuchar**: solo en la propia computadora (127.0.0.1, ::1, localhost), salvo que se dé
  un token (``--token`` o ``RESOLUCIONES_TOKEN``): sin cuentas de usuario, un token es lo
  único que separa los casos reservados de cualquiera que alcance el puerto.
* **Token**: con él, toda petición (menos los estilos y el JavaScript, que no llevan casos)
  debe venir de una sesión que lo presentó una vez, en ``?token=…`` o en la página de entrada.
  Se compara con ``hmac.compare_digest`` (sin filtrar por tiempos cuánto coincide). La cookie
  de sesión es HttpOnly y SameSite=Strict; no se marca Secure porque el servidor habla HTTP y
  no puede saber si delante hay un proxy con https: ahí, el proxy debe añadirla.
* **Host**: toda petición debe nombrar a un anfitrión permitido (los de la propia computadora,
  con el puerto del servidor, y los de ``--nombre-permitido``). Así, una página ajena que hace
  apuntar su nombre a 127.0.0.1 (*DNS rebinding*) recibe un 400 en lugar de los casos.
* **Origin/Referer**: una petición que cambia algo (POST), si el navegador dice de dónde viene,
  debe venir de esta misma aplicación; es una segunda barrera además del token CSRF.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlencode, urlsplit

from flask import Flask, abort, jsonify, redirect, render_template, request, session

from ..errores import ErrorDeUsuario

LOCALES = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_MINIMO = 16


def es_local(anfitrion: str) -> bool:
    return anfitrion.strip("[]").lower() in LOCALES


def revisar_escucha(anfitrion: str, token: str | None, *, con_cuentas: bool = False) -> None:
    """Negarse a escuchar más allá de esta computadora sin un token (o sin cuentas activas en
    el registro, que son entonces la autenticación: ``web/permisos.py``), y a un token corto."""
    if token is not None and len(token) < TOKEN_MINIMO:
        raise ErrorDeUsuario(
            f"el token es demasiado corto (mínimo {TOKEN_MINIMO} caracteres); genere uno con: "
            "python3 -c \"import secrets; print(secrets.token_urlsafe())\"")
    if not es_local(anfitrion) and not token and not con_cuentas:
        raise ErrorDeUsuario(
            f"no se escucha en «{anfitrion}» sin autenticación: cualquiera que alcance ese puerto podría "
            "leer, descargar y modificar los casos (información reservada). Escuche solo en esta computadora "
            "(la opción por omisión, --anfitrion 127.0.0.1), cree cuentas con «resoluciones usuarios crear» "
            "o dé un token secreto con --token (o la variable RESOLUCIONES_TOKEN) y compártalo solo con quien "
            "deba entrar")


def nombres_permitidos(anfitrion: str, otros: tuple[str, ...] | list[str] = ()) -> frozenset[str]:
    """Los nombres que una petición puede poner en «Host»: los locales, la dirección en que se
    escucha (si es una concreta) y los configurados."""
    nombres = set(LOCALES) | {n.strip().strip("[]").lower() for n in otros if n.strip()}
    if anfitrion.strip("[]") not in ("0.0.0.0", "::", ""):
        nombres.add(anfitrion.strip("[]").lower())
    return frozenset(nombres)


def _entrada_valida(enviado: str, token: str) -> bool:
    return hmac.compare_digest(enviado.encode("utf-8"), token.encode("utf-8"))


def instalar(app: Flask, *, token: str | None, nombres: frozenset[str], puerto: int | None) -> None:
    """Registra las revisiones de Host, token y Origin antes de cualquier otra (la de CSRF
    viene después) y la cabecera ``Cache-Control: no-store``."""

    @app.before_request
    def _anfitrion():
        try:
            partes = urlsplit("//" + request.host)
            nombre, puerto_pedido = (partes.hostname or "").lower(), partes.port
        except ValueError:
            nombre, puerto_pedido = "", None
        permitido = nombre in nombres and not (
            nombre in LOCALES and puerto is not None and puerto_pedido not in (None, puerto))
        if not permitido:
            abort(400, f"Esta aplicación no atiende al nombre «{request.host[:100]}». Ábrala como "
                       "http://127.0.0.1 (con su puerto) o, si la sirve a la red, agregue ese nombre con "
                       "--nombre-permitido al iniciar «resoluciones servir».")

    @app.before_request
    def _autenticacion():
        if token is None or request.endpoint == "static":
            return None
        enviado = request.args.get("token")
        if enviado is not None and request.method == "GET":
            if not _entrada_valida(enviado, token):
                return _pedir_token("El token no es correcto.", 403)
            session.clear()  # una sesión nueva al entrar: nada de la anterior sobrevive
            session["autenticado"] = True
            resto = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "token"])
            # El token sale de la barra. Sin «/», «\\» ni espacios o controles al principio (el
            # navegador quita los tabuladores: «/<TAB>/otro.sitio» llevaría a otro sitio).
            ruta = "/" + request.path.lstrip("/\\" + "".join(map(chr, range(33))))
            return redirect(ruta + ("?" + resto if resto else ""))
        if session.get("autenticado") or request.endpoint == "entrar":
            return None
        return _pedir_token("Esta aplicación pide un token para entrar.", 401)

    def _pedir_token(mensaje: str, estado: int):
        if request.path.startswith("/api/"):
            return jsonify({"error": mensaje}), estado
        return render_template("entrar.html", mensaje=mensaje), estado

    @app.post("/entrar")
    def entrar():
        if token is None:
            return redirect("/")
        if not _entrada_valida(request.form.get("token", ""), token):
            return _pedir_token("El token no es correcto.", 403)
        session.clear()
        session["autenticado"] = True
        return redirect("/")

    @app.before_request
    def _origen():
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        origen = request.headers.get("Origin") or request.headers.get("Referer")
        if origen is None:
            return  # un cliente que no es navegador: lo cubre el token CSRF
        if origen == "null" or urlsplit(origen).netloc.lower() != request.host.lower():
            abort(403, "La petición viene de otra página, no de esta aplicación; no se aceptó.")

    @app.after_request
    def _sin_cache(respuesta):
        """Las páginas, la API y las descargas llevan información reservada: ni el navegador
        ni un proxy deben guardar copia. Solo los estilos y el JavaScript se pueden guardar."""
        if request.endpoint != "static":
            respuesta.headers["Cache-Control"] = "no-store"
        return respuesta
