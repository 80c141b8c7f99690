"""La memoria de funciones puras (``plantillas/memoria.py``) da lo mismo que calcular (issue 19).

``formato.texto_a_html`` guarda sus resultados: aquí se compara con la función sin
memoria (``__wrapped__``) en textos al azar con viñetas, negritas, notas y escapes, la
primera vez y la segunda; y se comprueba que lo que no es un dato simple exacto
(``Markup``), lo muy largo y lo que falla no se guarda, que 1 y True no se confunden y que
la memoria está acotada.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generador.plantillas import formato
from generador.plantillas.memoria import memoria_pura

_TROZOS = ["- ", "  - ", "• ", "**", "\\*", "^[", "]", "\n", "\n\n", "\r\n", " ", "texto", "Ley", "&", "<b>", "\"",
           "'", "\u00a0", "á", "1. "]


def _al_azar(azar: random.Random) -> str:
    return "".join(azar.choice(_TROZOS) for _ in range(azar.randint(0, 25)))


def _resultado(funcion, *args, **kwargs):
    try:
        return ("html", type(funcion(*args, **kwargs)), str(funcion(*args, **kwargs)))
    except Exception as exc:  # noqa: BLE001 — que falle igual también cuenta
        return ("error", type(exc), str(exc))


def test_texto_a_html_guardado_es_el_de_siempre():
    azar = random.Random(19)
    sin_memoria = formato.texto_a_html.__wrapped__
    for _ in range(1500):
        texto = _al_azar(azar)
        opciones = dict(comillas=azar.random() < 0.5, omision_final=azar.random() < 0.3,
                        etiqueta=azar.choice([None, "Motivación:", "**x**", "<i>"]), separador=azar.choice([" ", ": "]))
        esperado = _resultado(sin_memoria, texto, **opciones)
        assert _resultado(formato.texto_a_html, texto, **opciones) == esperado
        assert _resultado(formato.texto_a_html, texto, **opciones) == esperado


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.booleans(), st.booleans())
def test_propiedad_con_y_sin_memoria(texto, comillas, omision_final):
    sin_memoria = formato.texto_a_html.__wrapped__
    assert _resultado(formato.texto_a_html, texto, comillas=comillas, omision_final=omision_final) == \
        _resultado(sin_memoria, texto, comillas=comillas, omision_final=omision_final)


def test_solo_datos_simples_exactos_y_acotados():
    llamadas = []

    @memoria_pura(maximo=3, largo_maximo=10)
    def doble(x, y=""):
        llamadas.append((x, y))
        if x == "falla":
            raise ValueError("falla")
        return f"{x}{x}{y}"

    assert doble("ab") == doble("ab") == "abab" and len(llamadas) == 1
    assert doble(1) == "11" and doble(True) == "TrueTrue"  # 1 == True, pero no como clave
    assert doble(Markup("<b>")) == doble(Markup("<b>")) and len(llamadas) == 5  # Markup: sin guardar
    assert doble("x" * 11) == "x" * 22 and doble("x" * 11) and len(llamadas) == 7  # muy largo: sin guardar
    for _ in range(2):
        with pytest.raises(ValueError):
            doble("falla")
    assert len(llamadas) == 9
    for i in range(10):
        doble(str(i))
    assert len(doble.guardados) == 3
