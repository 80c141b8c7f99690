"""Leer y convertir el formulario más rápido no cambia lo que se lee (issue 19).

``envio.pares_del_cuerpo`` debe dar los mismos pares que ``parse_qsl`` con las opciones de
Werkzeug (incluidos escapes rotos, UTF-8 inválido y texto que no es ASCII), el lector de la
aplicación el mismo formulario que el de Werkzeug, y ``datos_del_formulario`` (con sus
nombres recordados entre peticiones) lo mismo que la versión sencilla de antes, que se
copia aquí como referencia: sin memoria, recorriendo la ruta de cada campo desde la raíz.
"""

from __future__ import annotations

import io
import random
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import flask
import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.formparser import FormDataParser

from generador.web import crear_app, envio
from generador.web.envio import (
    OTRAS,
    PROFUNDIDAD_MAXIMA,
    _convertir,
    _fusionar_otras,
    _Grupo,
    _listas,
    _reordenar,
    clases_del_formulario,
    datos_del_formulario,
    pares_del_cuerpo,
)

from .test_web import campos_del_formulario

MUESTRAS = Path(__file__).resolve().parent.parent / "samples"
URLENCODED = "application/x-www-form-urlencoded"


# --- La referencia: datos_del_formulario tal como era -------------------------------------

def _poner_antes(destino: dict, partes: list[str], valor) -> bool:
    actual = destino
    for parte in partes[:-1]:
        actual = actual.setdefault(parte, _Grupo())
        if not isinstance(actual, _Grupo):
            return False
    if isinstance(actual.get(partes[-1]), _Grupo):
        return False
    actual[partes[-1]] = valor
    return True


def _limpiar_antes(valor):
    if isinstance(valor, dict):
        limpio = type(valor)((k, _limpiar_antes(v)) for k, v in valor.items())
        return type(valor)((k, v) for k, v in limpio.items() if v not in (None, "", [], {}))
    if isinstance(valor, list):
        limpio = [_limpiar_antes(v) for v in valor]
        return [v for v in limpio if v not in (None, "", [], {})]
    return valor


def _datos_antes(formulario):
    problemas = []
    crudo = _Grupo()
    clases = {k[len("__clase__."):]: v for k, v in formulario.items() if k.startswith("__clase__.")}
    for nombre in formulario.keys():
        if nombre.startswith("__") or "__i__" in nombre or nombre == "csrf":
            continue
        partes = nombre.split(".")
        if len(partes) > PROFUNDIDAD_MAXIMA or not all(envio._PARTE.fullmatch(p) for p in partes):
            problemas.append((nombre[:80], "no es un campo del expediente"))
            continue
        valor = _convertir(clases.get(nombre, "texto"), formulario.getlist(nombre), nombre, problemas)
        if valor is not None and not _poner_antes(crudo, partes, valor):
            problemas.append((nombre[:80], "choca con otro campo del mismo nombre (un valor y un grupo a la vez)"))
    datos = _listas(_fusionar_otras(_limpiar_antes(crudo)))
    for clave in formulario.keys():
        if clave.startswith("__orden__."):
            _reordenar(datos, clave[len("__orden__."):], formulario.get(clave, ""))
    return datos, problemas


def _forma(valor):
    """El valor con el tipo de cada contenedor (y los índices de las listas del formulario)."""
    if isinstance(valor, dict):
        return (type(valor).__name__, [(k, _forma(v)) for k, v in valor.items()])
    if isinstance(valor, list):
        return (type(valor).__name__, getattr(valor, "indices", None), getattr(valor, "reordenada", None),
                [_forma(v) for v in valor])
    return (type(valor).__name__, valor)


@pytest.fixture(scope="module")
def formulario_de_muestra(tmp_path_factory) -> MultiDict:
    carpeta = tmp_path_factory.mktemp("casos")
    shutil.copy(MUESTRAS / "cta-40418.yaml", carpeta / "c.yaml")
    pagina = crear_app(carpeta).test_client().get("/caso/c.yaml").get_data(as_text=True)
    return campos_del_formulario(pagina)


def _variantes(form: MultiDict, cuantas: int, semilla: int):
    """El formulario y ediciones al azar: vaciar, quitar, repetir, desordenar, nombres raros
    o que chocan, valores de otro tipo, variables y «__otras__»."""
    rnd = random.Random(semilla)
    pares = list(form.items(multi=True))
    yield pares
    raros = ["a..b", "Mal", "x." * 13, "sesion.numero.a", OTRAS, "resolutivos.0.__otras__", "fecha.x",
             "oficio.a", "sesion", "resolutivos.0", "resolutivos.0.variables.nuevo", "clasificaciones.9.tipo", "a" * 70]
    for _ in range(cuantas):
        c = list(pares)
        for _ in range(rnd.randint(1, 3)):
            j = rnd.randrange(len(c))
            op = rnd.randrange(7)
            if op == 0:
                c[j] = (c[j][0], "")
            elif op == 1:
                del c[j]
            elif op == 2:
                c.insert(j, (c[j][0], c[j][1] + " x"))
            elif op == 3:
                c.append((rnd.choice(raros), rnd.choice(["v: 1", "", "texto", "a: [", "1", "__otras__: {a: 1}",
                                                         "b: {__otras__: {c: 2}}"])))
            elif op == 4:
                rnd.shuffle(c)
            elif op == 5:
                nombre = rnd.choice(raros)
                c.append(("__clase__." + nombre, rnd.choice(["otras", "variables", "numero", "ids"])))
                c.append((nombre, rnd.choice(["x: 1", "__otras__: {a: 1}", "b: {__otras__: {c: 2}}", "q: [1]"])))
            else:
                c[j] = (c[j][0], rnd.choice(["2026-02-30", "12", "true", "a: [", "si", "", "a, b\nc", "x: 2\ny: 3"]))
        yield c


def test_datos_del_formulario_como_antes(formulario_de_muestra):
    for pares in _variantes(formulario_de_muestra, 150, semilla=19):
        form = MultiDict(pares)
        for _ in range(2):  # la segunda vez, con los nombres ya recordados
            nuevo, antes = datos_del_formulario(form), _datos_antes(form)
            assert _forma(nuevo[0]) == _forma(antes[0])
            assert nuevo[1] == antes[1]


def test_los_nombres_recordados_no_cambian_los_problemas():
    envio._PARTES.clear()
    form = MultiDict([("oficio", "x"), ("oficio.a", "y"), ("a..b", "z"), ("Mal", "w"), ("sesion.numero", "1"),
                      ("sesion", "2")])
    primero = datos_del_formulario(form)
    assert [c for c, _ in primero[1]] == ["oficio.a", "a..b", "Mal", "sesion"]
    assert datos_del_formulario(form) == primero
    # Acotada: al llenarse se vacía y sigue dando lo mismo.
    for i in range(envio._MAXIMO_DE_NOMBRES + 5):
        envio._partes(f"campo_{i}")
    assert len(envio._PARTES) <= envio._MAXIMO_DE_NOMBRES
    assert datos_del_formulario(form) == primero


def test_clases_del_formulario_como_antes(formulario_de_muestra):
    for pares in _variantes(formulario_de_muestra, 40, semilla=7):
        form = MultiDict(pares)
        antes = {tuple(int(p) if p.isdigit() else p for p in k[len("__clase__."):].split(".")): v
                 for k, v in form.items()
                 if k.startswith("__clase__.") and "__i__" not in k and k.count(".") <= PROFUNDIDAD_MAXIMA}
        assert clases_del_formulario(form) == antes == clases_del_formulario(form)


# --- El cuerpo de la petición ------------------------------------------------------------

_DIFICILES = [
    "", "&", "&&a=1&&", "a", "a=", "=b", "=", "a=b=c", "a+b=c+d", "%2B=%26", "a=%", "a=%4", "a=%zz",
    "a=%C3%A1rbol", "a=%C3", "a=%FF%FE", "a=%E2%82", "a=%E2%82%AC%ZZ", "%C3%A1=%C3%A9&%C3%A1=2",
    "a=%25C3%25A1", "a=b;c=d", "a=\u00e1rbol", "\u00e1=%C3%A9", "a=%C3&b=\u00e9", "a=%0D%0A%09",
    "x=1&x=2&x=&y", "sesion.numero=3&__clase__.sesion.numero=numero", "a=%c3%a1%4g", "a=%41\\x41%42",
    "a=\\%41", "a=%5Cx41", "a=%00%7F", "a=%4", "a=%C3%A1%", "a=%%41",
]


def _cuerpos_al_azar(cuantos: int):
    rnd = random.Random(2026)
    piezas = ["a", "b", "=", "&", "+", "%", "%2", "%20", "%C3", "%A1", "%C3%A1", "%FF", "%E2%82%AC", "%26", "%3D",
              "\u00e9", ".", "__clase__.", "0", "9", "%zz", " ", "\\", "\\x", "%5C", "%c3%a1", "x4", "%e2%82%ac"]
    for _ in range(cuantos):
        yield "".join(rnd.choice(piezas) for _ in range(rnd.randint(0, 30)))


def test_pares_del_cuerpo_como_parse_qsl(formulario_de_muestra):
    cuerpos = [*_DIFICILES, *_cuerpos_al_azar(3000), urlencode(list(formulario_de_muestra.items(multi=True)))]
    for cuerpo in cuerpos:
        assert pares_del_cuerpo(cuerpo) == parse_qsl(cuerpo, keep_blank_values=True, errors="werkzeug.url_quote"), \
            cuerpo


@pytest.mark.parametrize("cuerpo", [b"", b"a=1&b=%C3%A1", b"\xff=1", b"a=\xc3\xa1", b"a=%FF", b"a=1;b=2"])
def test_el_lector_lee_lo_mismo_que_werkzeug(cuerpo):
    def leer(lector):
        _, form, archivos = lector.parse(io.BytesIO(cuerpo), URLENCODED, len(cuerpo), {})
        return list(form.items(multi=True)), list(archivos.items(multi=True))

    assert leer(envio._LectorDeFormularios()) == leer(FormDataParser())


def test_validar_responde_lo_mismo_que_con_la_peticion_de_flask(tmp_path, formulario_de_muestra):
    """La ruta entera, con el lector de aquí y con el de Flask: la misma respuesta."""
    shutil.copy(MUESTRAS / "cta-40418.yaml", tmp_path / "c.yaml")
    app = crear_app(tmp_path)
    assert app.request_class is envio.Peticion
    cliente = app.test_client()
    pagina = cliente.get("/caso/c.yaml").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)
    cabeceras = {"X-CSRF-Token": csrf, "Content-Type": URLENCODED}
    pares = [(k, csrf if k == "csrf" else v) for k, v in formulario_de_muestra.items(multi=True)]
    editado = [(k, v + " Añadido «con» 100 % & más." if k == "asunto" else v) for k, v in pares]
    cuerpos = [urlencode(pares).encode(), urlencode(editado).encode(),
               urlencode(pares).encode() + b"&asunto=\xc3\xa1", urlencode(pares).encode() + b"&oficio.a=1"]
    respuestas = {}
    for clase in (envio.Peticion, flask.Request):
        app.request_class = clase
        respuestas[clase] = [(r.status_code, r.get_json()) for r in
                             (cliente.post("/api/validar/c.yaml", data=c, headers=cabeceras) for c in cuerpos)]
    assert respuestas[envio.Peticion] == respuestas[flask.Request]
    assert [estado for estado, _ in respuestas[flask.Request]] == [200] * len(cuerpos), respuestas[flask.Request]
