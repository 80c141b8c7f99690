"""La aplicación web frente a quien no debería entrar y frente a guardados que perderían
datos (issue 11). Cada prueba lleva el nombre del ataque que detiene."""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import shutil
import threading
import time

import pytest
from ruamel.yaml import YAML

from generador.expediente.yaml_lineas import leer_yaml
from generador.web import crear_app

from .conftest import MUESTRA, RAIZ
from .test_web import _csrf, campos_del_formulario

TOKEN = "un-secreto-de-prueba-bastante-largo"
CASO = "/caso/cta-40418.yaml"


def _datos(ruta) -> dict:
    return leer_yaml(ruta.read_text(encoding="utf-8"), "x").datos


def _ida_y_vuelta(ruta):
    return YAML().load(ruta.read_text(encoding="utf-8"))


def _guardar_sin_cambios(c, url=CASO, cambios: dict | None = None):
    datos = campos_del_formulario(c.get(url).get_data(as_text=True))
    for nombre, valor in (cambios or {}).items():
        datos.setlist(nombre, [valor])
    return c.post(url, data=datos)


@pytest.fixture
def con_token(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos, token=TOKEN)
    app.testing = True
    return app.test_client(), casos


# --- Quién entra ----------------------------------------------------------------------

@pytest.mark.parametrize("anfitrion", ["0.0.0.0", "::", "192.168.1.20"])
def test_servir_a_la_red_sin_token_se_niega(cli, tmp_path, anfitrion):
    codigo, _, errores = cli("servir", "--carpeta", str(tmp_path / "casos"), "--anfitrion", anfitrion)
    assert codigo == 2
    assert "sin autenticación" in errores and "--token" in errores and "RESOLUCIONES_TOKEN" in errores
    assert "Traceback" not in errores


def test_servir_con_token_corto_se_niega(cli, tmp_path):
    codigo, _, errores = cli("servir", "--carpeta", str(tmp_path / "c"), "--anfitrion", "0.0.0.0", "--token", "1234")
    assert codigo == 2 and "demasiado corto" in errores


def test_servir_a_la_red_con_token_de_la_variable_pasa_la_revision(cli, tmp_path, monkeypatch):
    """Con RESOLUCIONES_TOKEN la revisión deja pasar (y lo que falla después es el puerto ocupado)."""
    import socket

    monkeypatch.setenv("RESOLUCIONES_TOKEN", TOKEN)
    with socket.socket() as ocupado:
        ocupado.bind(("0.0.0.0", 0))
        ocupado.listen()
        puerto = ocupado.getsockname()[1]
        codigo, _, errores = cli("servir", "--carpeta", str(tmp_path / "c"), "--anfitrion", "0.0.0.0",
                                 "--puerto", str(puerto))
    assert codigo == 2 and "ya está en uso" in errores and "sin autenticación" not in errores


def test_extrano_sin_token_no_lee_ni_descarga_ni_modifica(con_token):
    c, casos = con_token
    antes = (casos / "cta-40418.yaml").read_bytes()
    for url in ("/", CASO, CASO + "/vista", CASO + "/descargar.docx"):
        respuesta = c.get(url)
        assert respuesta.status_code == 401, url
        pagina = respuesta.get_data(as_text=True)
        assert "cta-40418" not in pagina and "Mexitel" not in pagina and "pide un token" in pagina
    assert c.get("/api/catalogo?q=seguridad nacional").status_code == 401
    assert c.get("/api/clausula/resolutivo.competencia").get_json() == {
        "error": "Esta aplicación pide un token para entrar."}
    # Aun con un token CSRF válido (la página de entrada lo da), sin el token no se cambia nada.
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
    assert c.post(CASO, data={"csrf": csrf, "oficio": "PISADO"}).status_code == 401
    assert c.post("/nuevo", data={"csrf": csrf, "nombre": "x", "tipo": "reserva",
                                  "institucion": "generica"}).status_code == 401
    assert (casos / "cta-40418.yaml").read_bytes() == antes and not (casos / "x.yaml").exists()
    assert c.get("/estaticos/app.css").status_code == 200  # los estilos no llevan casos


def test_token_equivocado_no_entra(con_token):
    c, _ = con_token
    for falso in ("", "x", TOKEN[:-1], TOKEN + "x", "ñ" * 40):
        respuesta = c.get("/?token=" + falso)
        assert respuesta.status_code in (401, 403) and "cta-40418" not in respuesta.get_data(as_text=True)


def test_entrar_con_el_token_en_la_direccion(con_token):
    c, _ = con_token
    respuesta = c.get(f"{CASO}?token={TOKEN}&x=1")
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == f"{CASO}?x=1"  # el token sale de la barra de direcciones
    cookie = respuesta.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Mexitel" in c.get(CASO).get_data(as_text=True)
    assert _guardar_sin_cambios(c).status_code == 302


def test_entrar_con_el_formulario(con_token):
    c, _ = con_token
    pagina = c.get("/").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)
    assert c.post("/entrar", data={"csrf": csrf, "token": "otro"}).status_code == 403
    assert c.post("/entrar", data={"token": TOKEN}).status_code == 400  # sin CSRF
    assert c.post("/entrar", data={"csrf": csrf, "token": TOKEN}).status_code == 302
    assert "cta-40418.yaml" in c.get("/").get_data(as_text=True)


@pytest.mark.parametrize("host", ["atacante.example", "atacante.example:8000", "127.0.0.1.nip.io",
                                  "localhost.atacante.example", "[::2]", "127.0.0.1:bad"])
def test_dns_rebinding_un_host_ajeno_recibe_400(cliente, host):  # noqa: F811
    c, _ = cliente
    for metodo, url in (("get", "/"), ("get", CASO), ("get", CASO + "/descargar.docx"), ("post", CASO),
                        ("get", "/api/catalogo?q=seguridad")):
        respuesta = getattr(c, metodo)(url, headers={"Host": host})
        assert respuesta.status_code == 400, (host, url)
        assert "Mexitel" not in respuesta.get_data(as_text=True)
    assert "no atiende al nombre" in c.get("/", headers={"Host": host}).get_data(as_text=True)


def test_dns_rebinding_nombres_y_puerto_permitidos(tmp_path):
    app = crear_app(tmp_path, nombres=("oficina.example",), anfitrion="0.0.0.0", puerto=8000)
    c = app.test_client()
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000", "oficina.example",
                 "oficina.example:443", "127.0.0.1"):
        assert c.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("127.0.0.1:8001", "localhost:9", "0.0.0.0:8000", "otra.example"):
        assert c.get("/", headers={"Host": host}).status_code == 400, host


@pytest.mark.parametrize("cabecera", [{"Origin": "http://atacante.example"}, {"Origin": "null"},
                                      {"Referer": "http://atacante.example/pagina"},
                                      {"Origin": "http://localhost.atacante.example"}])
def test_csrf_desde_otro_origen_se_rechaza_aun_con_token_csrf(cliente, cabecera):  # noqa: F811
    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_bytes()
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos.setlist("oficio", ["PISADO"])
    respuesta = c.post(CASO, data=datos, headers=cabecera)
    assert respuesta.status_code == 403 and "viene de otra página" in respuesta.get_data(as_text=True)
    assert (casos / "cta-40418.yaml").read_bytes() == antes
    # Desde la propia aplicación, sí.
    assert c.post(CASO, data=datos, headers={"Origin": "http://localhost"}).status_code == 302


def test_copias_en_cache_de_paginas_api_y_descargas_con_casos(cliente):  # noqa: F811
    c, _ = cliente
    csrf = _csrf(c)
    respuestas = [c.get(u) for u in ("/", CASO, CASO + "/vista", CASO + "/descargar.docx", "/api/catalogo?q=seguridad",
                                     "/api/clausula/resolutivo.competencia", "/caso/no-existe.yaml")]
    respuestas.append(c.post("/api/validar/cta-40418.yaml", data={"csrf": csrf}))
    for respuesta in respuestas:
        assert respuesta.headers.get("Cache-Control") == "no-store", respuesta.request.path
    assert c.get("/estaticos/app.js").headers.get("Cache-Control") != "no-store"


def test_volver_de_una_pagina_de_error_funciona_bajo_la_csp(cliente):  # noqa: F811
    """Antes era ``javascript:history.back()``, que la CSP bloquea: el enlace no hacía nada."""
    c, casos = cliente
    (casos / "roto.yaml").write_text("oficio: [\n", encoding="utf-8")
    for url, destino in (("/caso/roto.yaml/descargar.docx", "/caso/roto.yaml"), ("/caso/roto.yaml/vista", "/caso/roto.yaml"),
                         ("/caso/no-existe.yaml", "/"), ("/caso/no-existe.yaml/vista", "/")):
        pagina = c.get(url).get_data(as_text=True)
        enlace = re.search(r'<a href="([^"]*)" class="volver"[^>]*>Volver</a>', pagina)
        assert enlace and enlace.group(1) == destino, url
    for plantilla in (RAIZ / "generador" / "web" / "paginas").glob("*.html"):
        texto = plantilla.read_text(encoding="utf-8")
        assert "javascript:" not in texto and not re.search(r"\son[a-z]+=", texto), plantilla.name


# --- Guardar nunca pierde datos ---------------------------------------------------------

def test_caso_con_anclas_y_alias_no_se_guarda_vacio(cliente):  # noqa: F811
    c, casos = cliente
    texto = ("institucion: sre\ntipo: reserva\noficio: CTA-1\nfecha: 2018-11-21\n"
             "firmantes:\n  - &titular\n    nombre: Ana Ruiz\n    cargo: Titular\n  - *titular\n")
    (casos / "anclas.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get("/caso/anclas.yaml").get_data(as_text=True)
    assert "no se puede editar en la página" in pagina and "anclas y alias" in pagina
    assert 'id="formulario"' not in pagina
    huella = hashlib.sha256(texto.encode()).hexdigest()
    respuesta = c.post("/caso/anclas.yaml", data={"csrf": _csrf(c), "__huella__": huella})
    assert respuesta.status_code == 422 and "para no perder datos" in respuesta.get_data(as_text=True)
    assert (casos / "anclas.yaml").read_text(encoding="utf-8") == texto
    assert c.post("/api/validar/anclas.yaml", data={"csrf": _csrf(c)}).status_code == 200


def test_ancla_de_un_texto_se_conserva_al_guardar(cliente):  # noqa: F811
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace(
        "oficio: CTA-40418", "oficio: &oficio CTA-40418\nreferencia_propia: *oficio"), encoding="utf-8")
    assert _guardar_sin_cambios(c).status_code == 302
    texto = ruta.read_text(encoding="utf-8")
    assert "oficio: &oficio CTA-40418" in texto and "referencia_propia: *oficio" in texto


def test_clave_mal_escrita_sobrevive_a_un_guardado_sin_cambios(cliente):  # noqa: F811
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8")
                    .replace("oficio: CTA-40418", "oficio: CTA-40418\nofcio_mal: texto escrito a mano")
                    .replace("  - nombre: Oscar Sánchez Delgado", "  - nombre: Oscar Sánchez Delgado\n    apodo: Óscar")
                    .replace("  fojas: 145", "  fojas: 145\n  fojsa: 146"), encoding="utf-8")
    pagina = c.get(CASO).get_data(as_text=True)
    assert "la página no muestra" in pagina and "ofcio_mal" in pagina and "firmantes[1].apodo" in pagina
    assert _guardar_sin_cambios(c, cambios={"oficio": "CTA-1"}).status_code == 302
    datos = _datos(ruta)
    assert datos["ofcio_mal"] == "texto escrito a mano" and datos["oficio"] == "CTA-1"
    assert datos["firmantes"][0]["apodo"] == "Óscar" and datos["reproduccion"]["fojsa"] == "146"


def test_quitar_un_elemento_no_le_pasa_sus_claves_desconocidas_al_siguiente(cliente):  # noqa: F811
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace(
        "  - nombre: Jorge Fuentes Hernández", "  - nombre: Jorge Fuentes Hernández\n    nota: de Jorge"),
        encoding="utf-8")
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    for clave in [k for k in list(datos.keys()) if re.match(r"(__clase__\.)?firmantes\.0\.", k)]:
        del datos[clave]  # «Quitar» el primero, como en la página
    assert c.post(CASO, data=datos).status_code == 302
    firmantes = _datos(ruta)["firmantes"]
    assert [f["nombre"] for f in firmantes] == ["Jorge Fuentes Hernández", "Rosaura García Palmeros"]
    assert firmantes[0]["nota"] == "de Jorge" and "nota" not in firmantes[1]


def test_cambiar_el_tipo_no_borra_las_secciones_del_tipo_anterior(cliente):  # noqa: F811
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    antes = _datos(ruta)
    assert _guardar_sin_cambios(c, cambios={"tipo": "inexistencia"}).status_code == 302
    pagina = c.get(CASO).get_data(as_text=True)
    assert 'name="clasificaciones.0.tipo"' not in pagina and "clasificaciones" in pagina  # se avisa
    assert _guardar_sin_cambios(c).status_code == 302  # con el formulario de inexistencia
    despues = _datos(ruta)
    assert despues["tipo"] == "inexistencia"
    assert despues["clasificaciones"] == antes["clasificaciones"] and despues["reproduccion"] == antes["reproduccion"]
    assert _guardar_sin_cambios(c, cambios={"tipo": "reserva"}).status_code == 302
    assert {k: v for k, v in _datos(ruta).items()} == antes


def test_valor_con_forma_inesperada_se_conserva(cliente):  # noqa: F811
    """Una lista donde va un texto, o un valor que no está entre las opciones: el campo no
    lo puede dibujar, así que no lo reemplaza."""
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8")
                    .replace("asunto: Se confirma", "asunto_original: Se confirma")
                    .replace("oficio: CTA-40418", "oficio: CTA-40418\nasunto: [una, lista]")
                    .replace("orden_citas: expediente", "orden_citas: alfabetico"), encoding="utf-8")
    assert _guardar_sin_cambios(c).status_code == 302
    datos = _datos(ruta)
    assert datos["asunto"] == ["una", "lista"] and datos["orden_citas"] == "alfabetico"


@pytest.mark.parametrize("muestra", sorted(p.name for p in (RAIZ / "samples").glob("*.yaml")))
def test_guardar_sin_cambios_no_altera_ninguna_muestra(tmp_path, muestra):
    shutil.copy(RAIZ / "samples" / muestra, tmp_path / muestra)
    app = crear_app(tmp_path)
    c = app.test_client()
    antes = _datos(tmp_path / muestra)
    assert _guardar_sin_cambios(c, f"/caso/{muestra}").status_code == 302
    assert _datos(tmp_path / muestra) == antes


def test_diez_guardados_simultaneos_de_la_misma_version_gana_uno(cliente):  # noqa: F811
    c, casos = cliente
    app = c.application
    formulario = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    salida: dict[int, tuple[int, str]] = {}
    barrera = threading.Barrier(10)

    def guardar(i: int) -> None:
        propio = app.test_client()
        datos = formulario.copy()
        datos.setlist("csrf", [_csrf(propio)])
        datos.setlist("oficio", [f"CTA-HILO-{i}"])
        barrera.wait()
        respuesta = propio.post(CASO, data=datos)
        salida[i] = (respuesta.status_code, respuesta.get_data(as_text=True))

    hilos = [threading.Thread(target=guardar, args=(i,)) for i in range(10)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(120)
    ganadores = [i for i, (estado, _) in salida.items() if estado == 302]
    assert len(salida) == 10 and len(ganadores) == 1
    for i, (estado, pagina) in salida.items():
        if i not in ganadores:
            assert estado == 409 and "cambió en el disco" in pagina and f'value="CTA-HILO-{i}"' in pagina
    assert _datos(casos / "cta-40418.yaml")["oficio"] == f"CTA-HILO-{ganadores[0]}"


def test_otro_proceso_con_el_candado_detiene_el_guardado(cliente):  # noqa: F811
    """El candado del sistema (flock sobre la carpeta) también ataja a un segundo servidor."""
    c, casos = cliente
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos.setlist("oficio", ["CTA-ESPERA"])
    descriptor = os.open(casos, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # como lo haría el otro proceso
    resultado = []
    hilo = threading.Thread(target=lambda: resultado.append(c.post(CASO, data=datos).status_code))
    try:
        hilo.start()
        time.sleep(0.5)
        assert not resultado and _datos(casos / "cta-40418.yaml")["oficio"] == "CTA-40418"
    finally:
        os.close(descriptor)
    hilo.join(30)
    assert resultado == [302] and _datos(casos / "cta-40418.yaml")["oficio"] == "CTA-ESPERA"


@pytest.mark.parametrize("escrito", ["true", "false", "123", "0001", "2026-01-01", "null", "~", "yes", ""])
def test_texto_que_parece_otro_tipo_sigue_siendo_texto(cliente, escrito):  # noqa: F811
    c, casos = cliente
    assert _guardar_sin_cambios(c, cambios={"asunto": escrito or "x", "oficio": escrito or "x",
                                            "solicitudes.0.texto": escrito or "x"}).status_code == 302
    documento = _ida_y_vuelta(casos / "cta-40418.yaml")
    for valor in (documento["asunto"], documento["oficio"], documento["solicitudes"][0]["texto"]):
        assert isinstance(valor, str) and valor == (escrito or "x")
    assert _datos(casos / "cta-40418.yaml")["oficio"] == (escrito or "x")


def test_numeros_fechas_y_casillas_conservan_su_tipo(cliente):  # noqa: F811
    c, casos = cliente
    assert _guardar_sin_cambios(c, cambios={"reproduccion.fojas": "150", "fecha": "2018-11-22"}).status_code == 302
    documento = _ida_y_vuelta(casos / "cta-40418.yaml")
    assert documento["reproduccion"]["fojas"] == 150 and documento["fecha"] == dt.date(2018, 11, 22)
    assert documento["firmantes"][1]["suplente"] is True


# --- Ningún error 500 -------------------------------------------------------------------

def test_nombres_de_campo_muy_anidados_no_dan_500(cliente):  # noqa: F811
    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_bytes()
    for nombre in ("a." * 5000 + "b", "firmantes." + "0." * 300 + "nombre", "ofi cio", "sesion.Ñ", "x" * 5000):
        datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
        datos.setlist(nombre, ["x"])
        respuesta = c.post(CASO, data=datos)
        assert respuesta.status_code == 400 and "no es un campo del expediente" in respuesta.get_data(as_text=True)
        validar = c.post("/api/validar/cta-40418.yaml", data=datos)
        assert validar.status_code == 200 and validar.get_json()["hallazgos"][0]["codigo"] == "FORM"
    assert (casos / "cta-40418.yaml").read_bytes() == antes


@pytest.mark.parametrize("orden", [("oficio", "oficio.a"), ("oficio.a", "oficio"), ("sesion", "sesion.numero.x")])
def test_un_campo_y_un_grupo_con_el_mismo_nombre_no_dan_500(cliente, orden):  # noqa: F811
    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_bytes()
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    for nombre in orden:
        datos.setlist(nombre, ["x"])
    respuesta = c.post(CASO, data=datos)
    assert respuesta.status_code == 400 and "choca con otro campo" in respuesta.get_data(as_text=True)
    assert c.post("/api/validar/cta-40418.yaml", data=datos).status_code == 200
    assert (casos / "cta-40418.yaml").read_bytes() == antes


@pytest.mark.parametrize("cambio", [("oficio: CTA-40418", "oficio: CTA-40418\t"),
                                    ("orden_citas: expediente", "orden_citas:\texpediente")])
def test_caso_con_un_tabulador_que_el_cli_acepta_no_da_500(cliente, cambio):  # noqa: F811
    c, casos = cliente
    ruta = casos / "cta-40418.yaml"
    texto = ruta.read_text(encoding="utf-8").replace(*cambio)
    ruta.write_text(texto, encoding="utf-8")
    leer_yaml(texto, "x")  # el CLI lo lee
    pagina = c.get(CASO)
    assert pagina.status_code == 200 and "tabulador" in pagina.get_data(as_text=True)
    huella = hashlib.sha256(texto.encode()).hexdigest()
    respuesta = c.post(CASO, data={"csrf": _csrf(c), "__huella__": huella, "oficio": "x"})
    assert respuesta.status_code == 422 and "tabulador" in respuesta.get_data(as_text=True)
    assert c.post("/api/validar/cta-40418.yaml", data={"csrf": _csrf(c)}).status_code == 200
    assert ruta.read_text(encoding="utf-8") == texto


@pytest.mark.parametrize("falla, mensaje", [(errno.ENOSPC, "no hay espacio en el disco"),
                                            (errno.EROFS, "solo lectura"), (errno.EACCES, "no hay permiso")])
def test_guardar_en_disco_lleno_o_carpeta_de_solo_lectura_no_da_500(cliente, monkeypatch, falla, mensaje):  # noqa: F811
    import generador.salida

    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_bytes()
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos.setlist("oficio", ["CTA-LO-QUE-ESCRIBI"])

    def sin_lugar(*_args, **_kwargs):
        raise OSError(falla, os.strerror(falla))

    monkeypatch.setattr(generador.salida.tempfile, "mkstemp", sin_lugar)
    respuesta = c.post(CASO, data=datos)
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 507 and mensaje in pagina and "El archivo no cambió" in pagina
    assert 'value="CTA-LO-QUE-ESCRIBI"' in pagina and "Traceback" not in pagina
    assert (casos / "cta-40418.yaml").read_bytes() == antes


def test_disco_lleno_a_media_escritura_no_da_500(cliente, monkeypatch):  # noqa: F811
    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_bytes()

    def lleno(_descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", lleno)
    respuesta = _guardar_sin_cambios(c, cambios={"oficio": "CTA-2"})
    assert respuesta.status_code == 507 and "no hay espacio en el disco" in respuesta.get_data(as_text=True)
    assert (casos / "cta-40418.yaml").read_bytes() == antes
    assert [p.name for p in casos.iterdir()] == ["cta-40418.yaml"]  # sin temporales sueltos


@pytest.mark.parametrize("institucion", ["../../../etc", "/etc", "generica/../generica", "..", "", "no-existe"])
def test_institucion_de_nuevo_no_se_usa_como_ruta(cliente, institucion):  # noqa: F811
    c, casos = cliente
    respuesta = c.post("/nuevo", data={"nombre": "intruso", "tipo": "reserva", "institucion": institucion,
                                       "csrf": _csrf(c)})
    assert respuesta.status_code == 400 and "Institución desconocida" in respuesta.get_data(as_text=True)
    assert not (casos / "intruso.yaml").exists()


def test_tipo_de_nuevo_se_elige_de_la_lista(cliente):  # noqa: F811
    c, casos = cliente
    respuesta = c.post("/nuevo", data={"nombre": "intruso", "tipo": "../_comun", "institucion": "generica",
                                       "csrf": _csrf(c)})
    assert respuesta.status_code == 400 and not (casos / "intruso.yaml").exists()


def test_espacios_finos_y_de_no_separacion_llegan_intactos_al_yaml(cliente):  # noqa: F811
    c, casos = cliente
    largo = ("El Comité confirma la reserva por 5\u00a0años del instrumento de 145\u202ffojas; "
             "el plazo vence el 21\u2009de noviembre. ") * 3
    cambios = {"oficio": "CTA\u00a040418", "asunto": "Se confirma\u2009la\u202freserva\u00a0",
               "solicitudes.0.texto": largo, "respuestas.0.texto": "Primer\u00a0párrafo.\n\nSegundo\u202fpárrafo."}
    assert _guardar_sin_cambios(c, cambios=cambios).status_code == 302
    datos = _datos(casos / "cta-40418.yaml")
    assert datos["oficio"] == cambios["oficio"] and datos["asunto"] == cambios["asunto"]
    assert datos["solicitudes"][0]["texto"] == largo.rstrip("\n")
    assert datos["respuestas"][0]["texto"].rstrip("\n") == cambios["respuestas.0.texto"]
    # Y sobreviven a otro guardado sin cambios.
    assert _guardar_sin_cambios(c).status_code == 302 and _datos(casos / "cta-40418.yaml") == datos


def test_error_inesperado_da_una_pagina_en_espanol_sin_traza(cliente, monkeypatch):  # noqa: F811
    import generador.web

    c, casos = cliente

    def roto(*_args, **_kwargs):
        raise RuntimeError("detalle interno")

    monkeypatch.setattr(generador.web, "yaml_actualizado", roto)
    c.application.testing = False  # como en el servidor de verdad
    respuesta = _guardar_sin_cambios(c)
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 500 and "error inesperado" in pagina
    assert "detalle interno" not in pagina and "Traceback" not in pagina
