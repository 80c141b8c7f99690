"""Ataques a los atajos de rapidez del issue 19 (lo que encontró la revisión adversaria).

Cada prueba nombra el ataque: una carpeta de plantillas, un perfil o un catálogo de otra
institución son hostiles (``docs/seguridad.md``), y un atajo no debe dar otra cosa que el
camino de siempre ni dejar que un documento afecte a otro.
"""

from __future__ import annotations

import dataclasses
import tracemalloc

import pytest
from markupsafe import Markup

from generador import catalogo as cat
from generador.catalogo import citas
from generador.plantillas import formato


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


def _nuevo(catalogo):
    """Una copia del catálogo: su propia memoria de citas, vacía."""
    return dataclasses.replace(catalogo)


def test_citar_con_union_markup_no_envenena_la_cita_de_otra_plantilla(catalogo):
    """Una plantilla pasa ``union_final`` como ``Markup`` (``{% set u %} <i>y</i> {% endset %}``
    da un ``Markup``): su párrafo sale ``Markup`` con «<i>» sin escapar. Guardado con la misma
    clave que el ``str`` « <i>y</i> », otra plantilla (u otra institución con el mismo catálogo)
    que pasa el ``str`` recibiría ese ``Markup`` y las etiquetas entrarían sin escapar."""
    ids = ["lftaip.110.I", "lgcd.33"]
    otro = _nuevo(catalogo)
    citas.citar(otro, ids, union_final=Markup(" <i>y</i> "))
    segunda = citas.citar(otro, ids, union_final=" <i>y</i> ")
    esperado = citas._citar(_nuevo(catalogo), ids, union_final=" <i>y</i> ")
    assert type(segunda) is type(esperado) is str
    assert segunda == esperado


def _tamano_de_la_clave(clave: tuple) -> int:
    ids, relacion = clave[0], clave[1]
    textos = [v for v in clave if isinstance(v, str)]
    return len(ids) + len(relacion) + sum(map(len, ids)) + sum(map(len, relacion)) + sum(map(len, textos))


def test_citar_con_miles_de_ids_repetidos_no_llena_la_memoria(catalogo):
    """Una plantilla hostil repite un id miles de veces (``['lftaip.110.I'] * n``, que el
    presupuesto de texto deja llegar a millones): la cita sale corta porque los repetidos no
    cuentan, pero la clave guardaba la tupla entera, una por cada ``n``, documento tras
    documento en el mismo proceso (la página). Tampoco un ``union_final`` enorme que una cita de
    un solo instrumento no usa."""
    otro = _nuevo(catalogo)
    for n in (1000, 2000, 3000):
        ids = ["lftaip.110.I"] * n
        assert citas.citar(otro, ids) == citas._citar(otro, ["lftaip.110.I"])
    enorme = ", y " * 50_000
    assert citas.citar(otro, ["lftaip.110.I"], union_final=enorme) == citas._citar(otro, ["lftaip.110.I"])
    assert citas.citar(otro, ["lftaip.110.I"], orden="x" * 100_000) == citas._citar(otro, ["lftaip.110.I"])
    memoria = citas._memoria_de(otro)
    assert all(_tamano_de_la_clave(clave) <= 10_000 for clave in memoria), \
        max(_tamano_de_la_clave(clave) for clave in memoria)
    # Lo de siempre se sigue guardando.
    citas.citar(otro, ["lftaip.110.I", "lgcd.33"])
    assert any(clave[0] == ("lftaip.110.I", "lgcd.33") for clave in memoria)


def _pico_de_memoria(funcion) -> int:
    tracemalloc.start()
    try:
        funcion()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("repetido", ["<br>", "<b>x</b>"])
def test_html_enorme_de_una_plantilla_hostil_no_duplica_la_memoria(repetido):
    """Una plantilla hostil produce millones de etiquetas dentro del límite de caracteres. El
    atajo de la forma estricta armaba primero la lista de todas sus fichas (una tupla y una
    lista de atributos por etiqueta) y la tenía en memoria junto con los párrafos del lector:
    más del doble de lo que ocupa ``HTMLParser`` con el mismo HTML."""
    html = "<p>" + repetido * 60_000 + "</p>"

    def de_siempre():
        lector = formato._Lector("la plantilla")
        lector.feed(html)
        lector.close()
        return lector.bloques

    siempre = _pico_de_memoria(de_siempre)
    atajo = _pico_de_memoria(lambda: formato.html_a_bloques(html))
    assert atajo <= 1.3 * siempre, (atajo, siempre)


def test_html_enorme_de_una_plantilla_hostil_se_corta_por_tiempo(cli, tmp_path, monkeypatch):
    """Millones de ``<br>`` dentro del límite de salida (20 M caracteres) se renderizan en un
    momento, pero leerlos en párrafos tardaba ~15 s fuera de todo presupuesto: la lectura del
    HTML también descuenta del tiempo del documento y se corta con el mismo mensaje."""
    import shutil
    import time

    from .conftest import MUESTRA, RAIZ

    monkeypatch.setenv("RESOLUCIONES_TIEMPO_PLANTILLA", "1")
    perfil = tmp_path / "plantillas" / "instituciones" / "sre"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", perfil)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>x{% for i in range(2500) %}" + "<BR>" * 1000 + "{% endfor %}</p>", "utf-8")
    salida = tmp_path / "r.docx"
    inicio = time.monotonic()
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(tmp_path / "plantillas"), "-o", str(salida))
    assert time.monotonic() - inicio < 8
    assert codigo == 2, errores
    assert "Traceback" not in errores
    assert "tiempo máximo" in errores and "cuerpo.html.j2" in errores, errores
    assert not salida.exists()
