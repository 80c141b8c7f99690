"""La aprobación del Comité en un navegador real (Chromium del sistema con Playwright), en el
modo de una sola persona: enviar el caso a revisión, votar, registrar la sesión y aprobar;
luego cambiar el caso y ver que vuelve a revisión, dicho en la página y en la bitácora.

Como ``test_navegador.py``: en CI corre siempre; en otra máquina sin Chromium se omite. Con
RESOLUCIONES_CAPTURAS=carpeta guarda capturas de la página del Comité."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generador import registro
from generador.aprobacion import bitacora, estados

from .conftest import CHROMIUM, MUESTRA, chromium, pagina_nueva, servida

pytestmark = pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="Chromium no está instalado")
CASO = "cta-40418.yaml"


def _captura(pagina, nombre: str) -> None:
    carpeta = os.environ.get("RESOLUCIONES_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=str(Path(carpeta) / f"{nombre}.png"), full_page=True)


@pytest.fixture
def servidor(tmp_path):
    from generador.web import crear_app

    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / CASO)
    url = f"sqlite:///{tmp_path / 'registro.sqlite3'}"
    with servida(crear_app(casos, registro=url)) as direccion:
        yield direccion, casos, registro.motor(url)
    registro.cerrar_todos()


@pytest.fixture
def pagina():
    with chromium() as navegador:
        yield pagina_nueva(navegador)


def test_aprobar_en_el_navegador_y_el_cambio_lo_regresa_a_revision(servidor, pagina):
    from playwright.sync_api import expect

    url, casos, motor = servidor
    pagina.goto(f"{url}/caso/{CASO}")
    expect(pagina.locator("#estado-comite")).to_contain_text("Borrador")
    pagina.click("#ir-al-comite")
    expect(pagina.locator("h1")).to_have_text(f"Comité: {CASO}")

    pagina.fill('form.comite-enviar [name="comentario"]', "Listo para la sesión")
    pagina.click("form.comite-enviar button[type=submit]")
    expect(pagina.locator("#estado-caso")).to_have_text("En revisión del Comité")

    pagina.check('form.comite-votar input[value="a_favor"]')
    pagina.fill('form.comite-votar [name="comentario"]', "Procede la reserva")
    pagina.click("form.comite-votar button[type=submit]")
    expect(pagina.locator("#aviso-comite")).to_contain_text("Voto registrado: a favor")
    expect(pagina.locator("#a-favor")).to_have_text("1")

    pagina.fill('form.comite-aprobar [name="sesion"]', "Décima sesión ordinaria 2026")
    pagina.fill('form.comite-aprobar [name="fecha_sesion"]', "2026-11-30")
    pagina.click("form.comite-aprobar button[type=submit]")
    expect(pagina.locator("#estado-caso")).to_have_text("Aprobada")
    expect(pagina.locator("#aviso-comite")).to_contain_text("El caso queda congelado")
    expect(pagina.locator("#bitacora tbody tr")).to_have_count(3)
    _captura(pagina, "comite-aprobada")

    # Cambiar el caso aprobado desde su página: vuelve a revisión y la página lo dice.
    pagina.click("a.volver")
    expect(pagina.locator("#estado-comite")).to_contain_text("Aprobada")
    expect(pagina.locator("#estado-comite")).to_contain_text("Si guarda un cambio, el caso vuelve a revisión")
    pagina.click("nav.pasos >> text=Todo en una página")
    pagina.fill('[name="oficio"]', "CTA-40418-BIS")
    # Antes de guardar, la página pide confirmarlo; cancelar no guarda nada.
    preguntas = []
    pagina.once("dialog", lambda d: (preguntas.append(d.message), d.dismiss()))
    pagina.click(".botones >> text=Guardar")
    pagina.wait_for_timeout(300)
    assert preguntas and "vuelve a revisión" in preguntas[0]
    assert "CTA-40418-BIS" not in (casos / CASO).read_text(encoding="utf-8")
    pagina.once("dialog", lambda d: d.accept())
    pagina.click(".botones >> text=Guardar")
    expect(pagina.locator("p.aviso.ok")).to_contain_text("volvió a revisión (ronda 2)")
    expect(pagina.locator("#estado-comite")).to_contain_text("En revisión del Comité")
    assert "oficio: CTA-40418-BIS" in (casos / CASO).read_text(encoding="utf-8")

    pagina.click("#ir-al-comite")
    expect(pagina.locator("#estado-caso")).to_have_text("En revisión del Comité")
    expect(pagina.locator("tr.anterior")).to_contain_text("(ya no cuenta)")
    expect(pagina.locator('#bitacora tr[data-accion="guardar"]')).to_contain_text("Volvió a revisión (ronda 2)")
    _captura(pagina, "comite-de-vuelta-a-revision")
    assert estados.estado_de(motor, CASO)["ronda"] == 2
    assert [e["accion"] for e in bitacora.de_caso(motor, CASO)][:3] == ["enviar_a_revision", "votar", "aprobar"]
    assert "guardar" in [e["accion"] for e in bitacora.de_caso(motor, CASO)]
    assert bitacora.verificar_cadena(motor) == []


def test_firmar_en_el_navegador(servidor, pagina, tmp_path):
    from playwright.sync_api import expect

    from generador.firma import verificar_pdf
    from generador.web.rutas_pasos import hay_conversor_pdf

    from .credenciales_de_prueba import CLAVE, autoridad, credencial

    if not hay_conversor_pdf():
        pytest.skip("sin LibreOffice no hay PDF final que firmar")
    url, casos, motor = servidor
    pagina.goto(f"{url}/caso/{CASO}/comite")
    pagina.click("form.comite-enviar button[type=submit]")
    pagina.click("form.comite-votar button[type=submit]")
    pagina.fill('form.comite-aprobar [name="sesion"]', "Décima sesión ordinaria 2026")
    pagina.click("form.comite-aprobar button[type=submit]")
    expect(pagina.locator("#estado-caso")).to_have_text("Aprobada")

    ca = autoridad(tmp_path)
    cer, key = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    pagina.set_input_files('form.comite-firmar [name="cer"]', str(cer))
    pagina.set_input_files('form.comite-firmar [name="key"]', str(key))
    pagina.fill('form.comite-firmar [name="clave"]', CLAVE)
    pagina.click("form.comite-firmar button[type=submit]")
    expect(pagina.locator("#aviso-comite")).to_contain_text("Firmado por OSCAR SANCHEZ DELGADO", timeout=60000)
    expect(pagina.locator("#estado-caso")).to_have_text("Firmada")
    expect(pagina.locator('form.comite-firmar [name="clave"]')).to_have_value("")  # la contraseña no vuelve
    _captura(pagina, "comite-firmada")
    with pagina.expect_download() as descarga:
        pagina.click("#descargar-firmado")
    firmado = Path(descarga.value.path()).read_bytes()
    # Playwright (síncrono) tiene su bucle de asyncio en este hilo y pyHanko verifica con
    # asyncio.run: se verifica en otro hilo.
    with ThreadPoolExecutor(1) as hilo:
        assert hilo.submit(verificar_pdf, firmado, [ca[0]]).result().valida
    assert [e["accion"] for e in bitacora.de_caso(motor, CASO)][-2:] == ["firmar", "descargar"]
