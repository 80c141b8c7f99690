"""El servidor carga el catálogo una vez por proceso y lo vuelve a cargar solo si cambian sus archivos (issue 19)."""

from __future__ import annotations

import shutil

import pytest

from generador.errores import ErrorDeUsuario
from generador.tuberia import caso_desde_bytes, generar_docx
from generador.web import crear_app, recursos as modulo
from generador.web.recursos import Recursos

from .conftest import MUESTRA


@pytest.fixture
def contador(monkeypatch):
    cargas = []
    original = modulo.cargar

    def contar(*args, **kwargs):
        cargas.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(modulo, "cargar", contar)
    return cargas


def test_el_catalogo_se_carga_una_vez_y_de_nuevo_si_cambia(tmp_path, contador):
    propio = tmp_path / "catalogo"
    propio.mkdir()
    recursos = Recursos([propio], [])
    recursos.vigencia = 0  # revisar la huella en cada llamada
    primero = recursos.catalogo()
    assert recursos.catalogo() is primero and len(contador) == 1
    (propio / "nota.txt").write_text("un archivo nuevo en la carpeta del catálogo", encoding="utf-8")
    assert recursos.catalogo() is not primero and len(contador) == 2
    assert recursos.catalogo() is recursos.catalogo() and len(contador) == 2


def test_el_caso_es_el_mismo_que_el_de_la_tuberia(contador):
    recursos = Recursos([], [])
    entrada = MUESTRA.read_bytes()
    caso = recursos.caso_desde_bytes(entrada, "cta-40418.yaml")
    otro = caso_desde_bytes(entrada, "cta-40418.yaml")
    assert caso.expediente == otro.expediente and caso.plantillas == otro.plantillas
    assert generar_docx(caso) == generar_docx(otro)


def test_una_referencia_inexistente_da_el_mismo_error():
    texto = MUESTRA.read_text(encoding="utf-8")
    roto = texto.replace("resolutivo.", "resolutivo.no_existe_", 1).encode("utf-8")
    assert roto != texto.encode("utf-8")
    with pytest.raises(ErrorDeUsuario) as nuestro:
        Recursos([], []).caso_desde_bytes(roto, "c.yaml")
    with pytest.raises(ErrorDeUsuario) as de_la_tuberia:
        caso_desde_bytes(roto, "c.yaml")
    assert nuestro.value.texto() == de_la_tuberia.value.texto()


def test_la_pagina_no_recarga_el_catalogo_en_cada_peticion(tmp_path, contador):
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos)
    app.testing = True
    cliente = app.test_client()

    def ronda():
        assert cliente.get("/caso/cta-40418.yaml").status_code == 200
        assert cliente.get("/caso/cta-40418.yaml/vista").status_code == 200
        assert cliente.get("/caso/cta-40418.yaml/descargar.docx").status_code == 200

    ronda()
    despues_de_la_primera = len(contador)
    assert despues_de_la_primera >= 1
    ronda()
    ronda()
    assert len(contador) == despues_de_la_primera


def test_motivo_no_editable_una_vez_por_texto(monkeypatch):
    llamadas = []
    monkeypatch.setattr(modulo, "motivo_no_editable", lambda texto, nombre: llamadas.append(texto) or None)
    recursos = Recursos([], [])
    for _ in range(3):
        assert recursos.motivo_no_editable("a: 1\n", "c.yaml") is None
    recursos.motivo_no_editable("a: 2\n", "c.yaml")
    assert llamadas == ["a: 1\n", "a: 2\n"]
