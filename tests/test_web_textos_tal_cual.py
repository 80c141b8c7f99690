"""Lo que se escribe en la página se guarda tal cual, también junto a los comentarios del esqueleto.

Un párrafo de más de 100 caracteres con un espacio al final (pegado de un PDF o de Word) se
guardaba como bloque plegado y el comentario del esqueleto que seguía a la clave («# la respuesta,
tal cual: …») quedaba dentro del texto: salía en el Word y en el PDF. Con un espacio al
principio, el párrafo ganaba un salto de línea. Aquí se guardan por la página, sobre un caso
recién creado (con todos sus comentarios), textos al azar con espacios, saltos de línea, «#» y
«:», y se relee el archivo.
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generador.expediente.yaml_lineas import leer_yaml
from generador.plantillas.esqueletos import esqueleto
from generador.web import crear_app

from .test_web import _cambiar, campos_del_formulario

PARRAFO = st.text(alphabet=st.sampled_from(list("abcdeñáé     XYZ.,;:#'\"-\n\t")), min_size=1, max_size=260)
CAMPOS = ["respuestas.0.texto", "solicitudes.0.texto", "clasificaciones.0.descripcion", "clasificaciones.0.motivacion"]


def _app(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir(exist_ok=True)
    texto = esqueleto("reserva", "generica", _dt.date(2026, 11, 20), "caso.yaml", [])
    (casos / "caso.yaml").write_text(texto, encoding="utf-8")
    app = crear_app(casos)
    app.testing = True
    return app.test_client(), casos


def _leido(casos, ruta: str):
    datos = leer_yaml((casos / "caso.yaml").read_text(encoding="utf-8"), "caso").datos
    for parte in ruta.split("."):
        datos = datos[int(parte)] if parte.isdigit() else datos[parte]
    return datos


def test_un_parrafo_largo_con_un_espacio_al_final(tmp_path):
    c, casos = _app(tmp_path)
    texto = ("La información solicitada contiene la ubicación de cámaras y rutas de vigilancia del edificio sede; "
             "se propone su reserva por cinco años. ")
    for campo in CAMPOS:
        pagina = c.get("/caso/caso.yaml").get_data(as_text=True)
        datos = campos_del_formulario(pagina)
        assert campo in datos
        _cambiar(datos, campo, texto, [])
        assert c.post("/caso/caso.yaml", data=datos).status_code == 302
        assert _leido(casos, campo) == texto, campo


_APPS: dict = {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(textos=st.lists(PARRAFO.filter(lambda t: t.strip()), min_size=len(CAMPOS), max_size=len(CAMPOS)))
def test_textos_al_azar_se_releen_iguales(tmp_path, textos):
    if tmp_path not in _APPS:  # una sola aplicación para todos los ejemplos; el caso, nuevo en cada uno
        _APPS[tmp_path] = _app(tmp_path)
    c, casos = _APPS[tmp_path]
    (casos / "caso.yaml").write_text(esqueleto("reserva", "generica", _dt.date(2026, 11, 20), "caso.yaml", []),
                                     encoding="utf-8")
    pagina = c.get("/caso/caso.yaml").get_data(as_text=True)
    datos = campos_del_formulario(pagina)
    cambiados: list = []
    for campo, texto in zip(CAMPOS, textos):
        _cambiar(datos, campo, texto.replace("\n", "\r\n"), cambiados)
    respuesta = c.post("/caso/caso.yaml", data=datos)
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)[:300]
    for campo, texto in zip(CAMPOS, textos):
        # La página quita los saltos de línea del principio y del final (envio.py); nada más.
        assert _leido(casos, campo).strip("\n") == texto.strip("\n"), campo
