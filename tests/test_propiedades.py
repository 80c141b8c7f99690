"""Pruebas basadas en propiedades (hypothesis) sobre el modelo del expediente.

Para cualquier texto válido, el documento generado abre con python-docx y contiene
el texto tal cual; para cualquier texto con un carácter que XML 1.0 prohíbe, la
validación lo rechaza con un error de usuario (nunca una excepción interna).
"""

from __future__ import annotations

import copy
import io
import re

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generador import catalogo as cat
from generador.expediente import Expediente
from generador.expediente.yaml_lineas import leer_yaml
from generador.plantillas.perfil import cargar_perfil
from generador.redaccion import redactar
from generador.word import componer

from .conftest import MUESTRA

DATOS = leer_yaml(MUESTRA.read_text(encoding="utf-8"), str(MUESTRA)).datos
CATALOGO = cat.cargar()
PERFIL, CARPETA = cargar_perfil("sre")

# Texto de una línea sin el formato ligero (viñetas al inicio, **negritas**) y sin
# caracteres que XML 1.0 prohíbe: debe aparecer literal en el documento.
_letras = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="*\ufffe\uffff",
)
texto_literal = st.text(_letras, min_size=1, max_size=200).filter(
    lambda t: t.strip() and not re.match(r"\s*[-•]\s", t))


def _normalizar(texto: str) -> str:
    return " ".join(texto.split())


def _documento(datos: dict) -> docx.Document:
    expediente = Expediente.model_validate(datos)
    resolucion = redactar(expediente, CATALOGO, PERFIL, CARPETA)
    return docx.Document(io.BytesIO(componer(resolucion, expediente.fecha, CARPETA)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texto=texto_literal, unidad=texto_literal, oficio=texto_literal)
def test_todo_texto_valido_aparece_en_el_documento(texto, unidad, oficio):
    datos = copy.deepcopy(DATOS)
    datos["respuestas"][1]["texto"] = texto
    datos["respuestas"][1]["unidad"] = unidad
    datos["oficio"] = oficio
    documento = _documento(datos)
    cuerpo = _normalizar("\n".join(p.text for p in documento.paragraphs))
    assert _normalizar(texto) in cuerpo
    assert _normalizar(unidad) in cuerpo
    encabezado = " ".join(p.text for t in documento.sections[0].header.tables
                          for c in t.rows[0].cells for p in c.paragraphs)
    assert _normalizar(oficio) in _normalizar(encabezado)


_prohibidos = st.sampled_from([chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)])


@settings(max_examples=40, deadline=None)
@given(antes=st.text(max_size=20), prohibido=_prohibidos, despues=st.text(max_size=20))
def test_caracteres_prohibidos_se_rechazan(antes, prohibido, despues):
    datos = copy.deepcopy(DATOS)
    datos["solicitudes"][0]["texto"] = "Solicito " + antes + prohibido + despues
    with pytest.raises(Exception) as info:
        Expediente.model_validate(datos)
    assert "carácter de control" in str(info.value)


@settings(max_examples=30, deadline=None)
@given(anios=st.integers(min_value=-10**6, max_value=10**6))
def test_periodo_de_reserva_fuera_de_rango(anios):
    datos = copy.deepcopy(DATOS)
    datos["clasificaciones"][0]["periodo_reserva"]["anios"] = anios
    if 1 <= anios <= 5:
        Expediente.model_validate(datos)
    else:
        with pytest.raises(ValidationError):
            Expediente.model_validate(datos)



@settings(max_examples=150, deadline=None)
@given(texto=st.text(max_size=300))
def test_cualquier_texto_como_expediente_da_error_de_usuario_o_es_valido(texto):
    """Ningún contenido de archivo produce una excepción interna al leerlo."""
    from generador.errores import ErrorDeUsuario
    from generador.expediente import leer_texto

    try:
        leer_texto(texto, "caso.yaml")
    except ErrorDeUsuario:
        pass


@settings(max_examples=100, deadline=None)
@given(ruido=st.text(alphabet=":-[]{}&*!|>'\"#\n %@`", max_size=80))
def test_yaml_con_ruido_sintactico(ruido):
    from generador.errores import ErrorDeUsuario
    from generador.expediente import leer_texto

    texto = MUESTRA.read_text(encoding="utf-8").replace("tipo: reserva\n", "tipo: reserva\n" + ruido + "\n", 1)
    try:
        leer_texto(texto, "caso.yaml")
    except ErrorDeUsuario:
        pass
