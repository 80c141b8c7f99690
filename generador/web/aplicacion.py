"""La aplicación de Flask de la página, con lo que Flask escribe por su cuenta en español.

Una redirección (después de guardar, de crear un caso, de entrar) lleva un cuerpo HTML que
el navegador casi nunca muestra, pero que sí ve quien usa la página con ``curl`` o desde un
script; el de Werkzeug está en inglés («You should be redirected automatically…»).
"""

from __future__ import annotations

from flask import Flask
from markupsafe import escape
from werkzeug.utils import redirect as _redirigir


class Aplicacion(Flask):
    def redirect(self, location: str, code: int = 302):
        respuesta = _redirigir(location, code)
        destino = escape(respuesta.headers["Location"])
        respuesta.set_data(f'<!doctype html>\n<html lang="es">\n<title>Redirigiendo…</title>\n<h1>Redirigiendo…</h1>\n'
                           f'<p>Si la página no cambia sola, siga <a href="{destino}">este enlace</a>.</p>\n')
        return respuesta
