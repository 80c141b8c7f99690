"""Los atajos de ``plantillas/contexto.py`` ven lo mismo que antes (issue 19).

``a_datos`` devuelve tal cual los tipos exactos sencillos antes de su cadena de
``isinstance`` y ``Registro`` busca sus claves en un conjunto en lugar de recorrer la
tupla: aquí se comparan con la versión de antes (copiada) en valores de todo tipo, y las
claves raras (listas, ``Markup``, números, ``Undefined``) siguen sin encontrar nada.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
from collections.abc import Mapping

import pytest
from jinja2 import Undefined
from markupsafe import Markup
from pydantic import BaseModel

from generador.plantillas import contexto as C
from generador.plantillas.contexto import Funcion, Registro, a_datos


def _a_datos_de_antes(valor):
    if isinstance(valor, (Registro, Funcion, Markup)) or isinstance(valor, C._SIMPLES):
        return valor
    if isinstance(valor, enum.Enum):
        return _a_datos_de_antes(valor.value)
    if isinstance(valor, str):
        return valor if type(valor).__module__.startswith("generador") else str(valor)
    if isinstance(valor, BaseModel):
        return Registro(valor, C._nombres_de(valor))
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        return Registro(valor, tuple(f.name for f in dataclasses.fields(valor)))
    if isinstance(valor, list):
        return [_a_datos_de_antes(v) for v in valor]
    if isinstance(valor, tuple):
        return tuple(_a_datos_de_antes(v) for v in valor)
    if isinstance(valor, (set, frozenset)):
        return sorted(_a_datos_de_antes(v) for v in valor)
    if isinstance(valor, Mapping):
        return {str(k): _a_datos_de_antes(v) for k, v in valor.items()}
    raise TypeError(f"un objeto {type(valor).__name__} no puede entrar al contexto de una plantilla")


class _Color(enum.Enum):
    ROJO = "rojo"


class _Texto(str):
    pass


class _Modelo(BaseModel):
    nombre: str = "a"
    fecha: dt.date = dt.date(2026, 1, 2)


@dataclasses.dataclass
class _Dato:
    x: int = 1


class _Fecha(dt.date):
    pass


VALORES = [None, True, False, 0, 7, 2.5, decimal.Decimal("1.5"), dt.date(2026, 2, 10), _Fecha(2026, 2, 10),
           dt.datetime(2026, 2, 10, 12), dt.time(12), dt.timedelta(days=3), "texto", "", _Texto("sub"), Markup("<b>"),
           _Color.ROJO, [1, "a", [None]], (1, 2), {3, 1, 2}, frozenset({"b", "a"}), {"a": 1, 2: [dt.date(2026, 1, 1)]}]


def _forma(valor):
    """Lo que la plantilla ve: tipo y valor (un ``Registro``, por sus claves)."""
    if isinstance(valor, Registro):
        return ("registro", tuple(valor), {k: _forma(valor[k]) for k in valor})
    if isinstance(valor, (list, tuple)):
        return (type(valor).__name__, [_forma(v) for v in valor])
    if isinstance(valor, dict):
        return ("dict", {k: _forma(v) for k, v in valor.items()})
    return (type(valor).__name__, valor)


@pytest.mark.parametrize("valor", VALORES + [_Modelo(), _Dato()], ids=repr)
def test_a_datos_da_lo_de_antes(valor):
    assert _forma(a_datos(valor)) == _forma(_a_datos_de_antes(valor))


@pytest.mark.parametrize("valor", [object(), lambda: 1, type, b"bytes"])
def test_a_datos_sigue_rechazando_objetos(valor):
    for convertir in (a_datos, _a_datos_de_antes):
        with pytest.raises(TypeError, match="no puede entrar al contexto"):
            convertir(valor)


def test_las_claves_de_un_registro_son_las_de_su_tupla():
    registro = a_datos(_Modelo())
    for clave in ["nombre", "fecha", Markup("nombre"), _Texto("fecha"), "otra", "", "_origen", ["nombre"], {"a": 1},
                  1, None, Undefined(name="nombre")]:
        assert (clave in registro) == (clave in registro._nombres), repr(clave)
    assert registro[Markup("nombre")] == "a"
    for clave in ["otra", "_origen", 1, None]:
        with pytest.raises(KeyError):
            registro[clave]
