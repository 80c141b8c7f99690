"""De punta a punta en un navegador real (Chromium del sistema, manejado con Playwright):
crear un caso de reserva desde la página, elegir dos fundamentos en el catálogo, ver un
hallazgo aparecer y desaparecer junto a su campo, guardar y descargar el .docx.

En CI (variable CI) corre siempre: .ci/run instala el paquete chromium de Debian. En otra
máquina sin Chromium se omite. Con RESOLUCIONES_CAPTURAS=carpeta guarda capturas de las
pantallas principales (las de docs/capturas/ salen de aquí)."""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from pathlib import Path

import docx
import pytest

from .conftest import CHROMIUM, chromium, pagina_nueva, servida

pytestmark = pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="Chromium no está instalado")


@pytest.fixture
def servidor(tmp_path):
    from generador.web import crear_app

    casos = tmp_path / "casos"
    casos.mkdir()
    with servida(crear_app(casos)) as url:
        yield url, casos


@pytest.fixture
def pagina():
    with chromium() as navegador:
        yield pagina_nueva(navegador)


def _captura(pagina, nombre: str) -> None:
    carpeta = os.environ.get("RESOLUCIONES_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=str(Path(carpeta) / f"{nombre}.png"), full_page=False)


def _hallazgo_de(pagina, campo: str):
    return pagina.locator(f'.hallazgo[data-para="{campo}"]')


def test_crear_un_caso_de_reserva_en_el_navegador(servidor, pagina, tmp_path):
    from playwright.sync_api import expect

    url, casos = servidor
    pagina.goto(url)
    _captura(pagina, "inicio")
    pagina.fill('input[name="nombre"]', "reserva-e2e")
    pagina.select_option('select[name="tipo"]', "reserva")
    pagina.select_option('select[name="institucion"]', "generica")
    pagina.click("form.nuevo button[type=submit]")
    expect(pagina.locator("h1")).to_have_text("reserva-e2e.yaml")
    pagina.click("nav.pasos >> text=Todo en una página")  # los pasos, todos a la vista

    # El hallazgo del oficio vacío aparece junto al campo y desaparece al escribirlo.
    expect(_hallazgo_de(pagina, "oficio")).to_contain_text("no puede estar vacío")
    _captura(pagina, "caso-con-hallazgos")
    pagina.fill('[name="oficio"]', "CT/E2E/001/2026")
    expect(_hallazgo_de(pagina, "oficio")).to_be_empty()
    pagina.fill('[name="oficio"]', "")
    expect(_hallazgo_de(pagina, "oficio")).to_contain_text(re.compile("falta este campo obligatorio|no puede estar vacío"))
    pagina.fill('[name="oficio"]', "CT/E2E/001/2026")
    expect(_hallazgo_de(pagina, "oficio")).to_be_empty()

    campos = {
        "sesion.numero": "3",
        "solicitudes.0.folio": "330024600999926",
        "solicitudes.0.fecha": "2026-11-02",
        "solicitudes.0.texto": "Solicito los protocolos de seguridad del centro de datos del Instituto.",
        "respuestas.0.unidad": "DIRECCIÓN DE TECNOLOGÍAS",
        "respuestas.0.referencia": "DT/100/2026",
        "respuestas.0.fecha": "2026-11-10",
        "respuestas.0.texto": "Los protocolos describen los controles de acceso al centro de datos.\n\n"
                              "- Controles físicos\n- Controles lógicos",
        "clasificaciones.0.unidad": "DIRECCIÓN DE TECNOLOGÍAS",
        "clasificaciones.0.descripcion": "los protocolos de seguridad del centro de datos.",
        "clasificaciones.0.motivacion": "Revelarían los controles que protegen los sistemas del Instituto.",
        "clasificaciones.0.razones_periodo": "Cinco años es lo que duran los protocolos antes de renovarse por completo.",
        # Las variables de cada cláusula tienen su propio campo.
        "clasificaciones.0.prueba_de_dano.variables.riesgo":
            "Con los protocolos, un atacante conocería las defensas del centro de datos.",
        "clasificaciones.0.prueba_de_dano.variables.ponderacion":
            "El interés de conocerlos no supera el riesgo para los sistemas del Instituto.",
        "clasificaciones.0.prueba_de_dano.variables.proporcionalidad":
            "La reserva alcanza solo los protocolos y no el presupuesto ni los contratos del centro de datos.",
        "resolutivos.1.variables.unidad": "DIRECCIÓN DE TECNOLOGÍAS",
        "resolutivos.1.variables.tipo_clasificacion": "reservada",
        "resolutivos.3.variables.autoridad_garante": "Transparencia para el Pueblo",
    }
    for nombre, valor in campos.items():
        pagina.fill(f'[name="{nombre}"]', valor)
    pagina.select_option('[name="sesion.tipo"]', "ordinaria")  # el esqueleto no la supone
    for i, (nombre, cargo) in enumerate([("Ana Ruiz", "Titular de la Unidad de Transparencia"),
                                          ("Luis Soto", "Titular del Área Coordinadora de Archivos"),
                                          ("Eva Gómez", "Titular del Órgano Interno de Control")]):
        pagina.fill(f'[name="firmantes.{i}.nombre"]', nombre)
        pagina.fill(f'[name="firmantes.{i}.cargo"]', cargo)

    # Dos fundamentos elegidos en el catálogo por búsqueda.
    buscador = pagina.locator('[data-campo="clasificaciones[1].fundamentos"] input.buscar')
    for consulta, id_ in (("reservada por motivos de Seguridad Nacional", "lsn.51"),
                          ("se deberán fundar y motivar", "lgtaip2025.113")):
        buscador.fill(consulta)
        pagina.click(f'button[data-id="{id_}"]')
    fundamentos = pagina.locator('[name="clasificaciones.0.fundamentos"]').input_value().split("\n")
    assert "lsn.51" in fundamentos and "lgtaip2025.113" in fundamentos

    pagina.click(".botones >> text=Guardar")
    expect(pagina.locator(".aviso.ok")).to_have_text("Guardado.")
    expect(pagina.locator("#lista-hallazgos li.error")).to_have_count(0)
    _captura(pagina, "caso-guardado")
    from generador.expediente.yaml_lineas import leer_yaml

    guardado = leer_yaml((casos / "reserva-e2e.yaml").read_text(encoding="utf-8"), "guardado").datos
    assert guardado["oficio"] == "CT/E2E/001/2026"
    assert {"lsn.51", "lgtaip2025.113"} <= set(guardado["clasificaciones"][0]["fundamentos"])

    with pagina.expect_download() as descarga:
        pagina.click("#descargar-docx")
    ruta = tmp_path / "descargado.docx"
    descarga.value.save_as(ruta)
    documento = docx.Document(io.BytesIO(ruta.read_bytes()))
    texto = "\n".join(p.text for p in documento.paragraphs)
    assert "Solicito los protocolos de seguridad del centro de datos del Instituto." in texto
    assert "Controles lógicos" in texto
    assert "51 de la Ley de Seguridad Nacional" in texto
    assert "EN SU TERCERA SESIÓN ORDINARIA" in texto

    pagina.goto(f"{url}/caso/reserva-e2e.yaml/vista")
    expect(pagina.locator("article.hoja")).to_contain_text("RESUELVE")
    _captura(pagina, "vista-previa")


def test_volver_y_entrar_con_token_en_el_navegador(tmp_path, pagina):
    """Con la CSP de verdad: el enlace «Volver» de una página de error lleva de vuelta (antes
    era ``javascript:history.back()``, bloqueado), y el token de la dirección abre una sesión
    cuya cookie (SameSite=Strict) sirve en las páginas siguientes y al guardar."""
    from playwright.sync_api import expect
    from werkzeug.serving import make_server

    from generador.web import crear_app

    from .conftest import MUESTRA

    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    (casos / "roto.yaml").write_text("oficio: [\n", encoding="utf-8")
    token = "un-secreto-de-prueba-bastante-largo"
    servidor = make_server("127.0.0.1", 0, crear_app(casos, token=token), threaded=True)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{servidor.server_port}"
    try:
        pagina.goto(url)
        expect(pagina.locator(".aviso.error")).to_contain_text("pide un token")
        pagina.goto(f"{url}/?token={token}")
        assert pagina.url == url + "/"
        expect(pagina.locator("ul.casos")).to_contain_text("cta-40418.yaml")
        pagina.goto(f"{url}/caso/roto.yaml/vista")
        pagina.click("a.volver")
        expect(pagina.locator("h1")).to_have_text("roto.yaml")
        pagina.goto(f"{url}/caso/cta-40418.yaml")
        pagina.fill('[name="oficio"]', "CTA-NAVEGADOR")
        pagina.click("text=Guardar")
        expect(pagina.locator(".aviso.ok")).to_have_text("Guardado.")
        assert "oficio: CTA-NAVEGADOR" in (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    finally:
        servidor.shutdown()
