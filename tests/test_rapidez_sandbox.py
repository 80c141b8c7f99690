"""Los atajos del entorno aislado comprueban exactamente lo mismo que antes (issue 19).

``sandbox.tiene_sustituto`` sustituye a la expresión regular ``_SUSTITUTO`` (un carácter
de U+D800 a U+DFFF, que no se puede escribir en UTF-8) por el códec UTF-16: se compara con
ella en cada punto de código de Unicode, solo y rodeado de texto, y en la salida de una
plantilla que lo produce.
"""

from __future__ import annotations

import pytest

from generador.plantillas import sandbox
from generador.plantillas.entorno import entorno_para
from generador.plantillas.limites import PlantillaNoPermitida


def test_tiene_sustituto_es_la_expresion_regular_en_todo_unicode():
    distintos = [c for c in range(0x110000)
                 if sandbox.tiene_sustituto(f"año {chr(c)} —") != bool(sandbox._SUSTITUTO.search(f"año {chr(c)} —"))]
    assert distintos == []
    assert all(sandbox.tiene_sustituto(chr(c)) for c in range(0xD800, 0xE000))
    assert not sandbox.tiene_sustituto("\U0001F600 \u202f\u00a0 ñ")
    assert sandbox.tiene_sustituto("\ud83d\ude00")  # dos sustitutos sueltos no son un par en un str


@pytest.mark.parametrize("fuente", ["{{ '\\ud800' }}", "a{{ 'x' ~ '\\udfff' }}b", "{% for i in range(3) %}\udc00{% endfor %}"])
def test_la_plantilla_que_produce_un_sustituto_sigue_rechazada(fuente):
    plantilla = entorno_para().from_string(fuente)
    with pytest.raises(PlantillaNoPermitida, match="sustituto"):
        sandbox.generar(plantilla, {})
