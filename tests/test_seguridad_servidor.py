"""Ataques al servidor de la unidad (issue 20), como los haría alguien de dentro o de fuera.

Cada prueba lleva el nombre del ataque. Las que corrigieron un problema encontrado lo dicen
en su docstring («Se rompía: …»); las demás fijan lo que ya resistía, para que no se pierda.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from urllib.parse import urlsplit

import pymupdf
import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from generador import registro
from generador.aprobacion import bitacora, congelado, estados, firmado
from generador.cuentas import contrasenas, usuarios
from generador.errores import ErrorDeUsuario
from generador.firma import cargar_credencial
from generador.registro.modelos import EntradaDeBitacora
from generador.web import crear_app, permisos

from .conftest import MUESTRA, app_con_registro
from .credenciales_de_prueba import CLAVE, autoridad, credencial

CASO = "cta-40418.yaml"
CONTRASENA = "contraseña de prueba muy larga"
ROLES = ("lector", "redactor", "integrante", "administrador")


@pytest.fixture
def unidad(tmp_path):
    """(app, motor, carpeta de casos) con una cuenta por rol y dos integrantes más."""
    with app_con_registro(tmp_path) as (app, motor, casos):
        for rol in ROLES:
            usuarios.crear(motor, rol, CONTRASENA, rol=rol, nombre=f"Persona {rol}")
        for otro in ("integrante2", "integrante3"):
            usuarios.crear(motor, otro, CONTRASENA, rol="integrante")
        yield app, motor, casos


@pytest.fixture
def una_persona(tmp_path):
    """(app, motor, carpeta de casos) con registro y sin cuentas: el modo de una persona."""
    with app_con_registro(tmp_path) as (app, motor, casos):
        yield app, motor, casos


def _csrf(cliente, ruta: str = "/cuenta/entrar") -> str:
    pagina = cliente.get(ruta).get_data(as_text=True)
    return re.search(r'name="csrf" (?:value|content)="([^"]+)"', pagina).group(1)


def _entrar(app, usuario: str, contrasena: str = CONTRASENA, **extra):
    cliente = app.test_client()
    respuesta = cliente.post("/cuenta/entrar", data={"csrf": _csrf(cliente), "usuario": usuario,
                                                     "contrasena": contrasena, **extra})
    return cliente, respuesta


def _comite(cliente, accion: str, caso: str = CASO, **datos):
    datos.setdefault("csrf", _csrf(cliente, f"/caso/{caso}/comite"))
    return cliente.post(f"/caso/{caso}/comite/{accion}", data=datos)


# --- Sesiones y entrada ----------------------------------------------------------------------

@pytest.mark.parametrize("siguiente", ["/\t/otro.example", "/\n/otro.example", "/\r/otro.example",
                                       "/\\otro.example", "//otro.example", "https://otro.example/",
                                       "/\u3000/otro.example", "/%0d%0aSet-Cookie:x=1"])
def test_ataque_redireccion_abierta_tras_entrar(unidad, siguiente):
    """Se rompía: «/<TAB>/otro.example» salía como «Location: //otro.example» (el navegador
    va a otro sitio) y «/<CR>/…» daba un error 500 después de haber entrado."""
    app, _, _ = unidad
    for metodo in ("POST", "GET"):
        cliente, respuesta = _entrar(app, "lector", siguiente=siguiente)
        if metodo == "GET":  # ya dentro, la página de entrada también redirige con «siguiente»
            respuesta = cliente.get("/cuenta/entrar", query_string={"siguiente": siguiente})
        assert respuesta.status_code == 302, (metodo, siguiente)
        destino = respuesta.headers["Location"]
        limpio = re.sub(r"[\t\r\n]", "", destino)  # lo que haría el navegador
        assert limpio.startswith("/") and not limpio.startswith(("//", "/\\")), (metodo, destino)
        assert urlsplit(limpio).netloc == "" and "Set-Cookie" not in respuesta.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("ruta", ["/\t/otro.example", "//otro.example", "/\\otro.example", "/\n/otro.example",
                                  "/ /otro.example"])
def test_ataque_redireccion_abierta_al_dar_el_token(tmp_path, ruta):
    """Se rompía: un enlace «/<TAB>/otro.example?token=…» (de alguien que conoce el token)
    llevaba, tras quitar el token de la barra, a «//otro.example»: otro sitio."""
    app = crear_app(tmp_path, token="t" * 20)
    app.testing = True
    respuesta = app.test_client().get("/x", query_string={"token": "t" * 20, "paso": "1"},
                                      environ_overrides={"PATH_INFO": ruta})
    assert respuesta.status_code == 302
    limpio = re.sub(r"[\t\r\n]", "", respuesta.headers["Location"])
    assert limpio.startswith("/") and not limpio.startswith(("//", "/\\")) and limpio.endswith("?paso=1")


def test_ataque_sesion_local_abierta_al_crear_la_primera_cuenta(una_persona):
    """Se rompía: la pestaña del modo de una persona seguía siendo administradora unos 2 s
    después de crear la primera cuenta (la caché del modo) y alcanzaba a crear otra cuenta de
    administrador sin haber entrado."""
    app, motor, _ = una_persona
    local = app.test_client()
    respuesta = local.post("/cuentas/nueva", data={
        "csrf": _csrf(local, "/cuentas"), "nombre_usuario": "jefa", "contrasena": CONTRASENA,
        "repetida": CONTRASENA, "rol": "administrador"})
    assert respuesta.status_code == 302
    csrf = _csrf(app.test_client(), "/cuenta/entrar")  # la misma clave; otra sesión no importa
    for intento in (local.get("/cuentas"),
                    local.post("/cuentas/nueva", data={"csrf": csrf, "nombre_usuario": "intruso",
                                                       "contrasena": CONTRASENA, "repetida": CONTRASENA,
                                                       "rol": "administrador"}),
                    local.get(f"/caso/{CASO}")):
        assert intento.status_code == 302 and "/cuenta/entrar" in intento.headers["Location"]
    assert [c.nombre_usuario for c in usuarios.listar(motor)] == ["jefa"]


def test_ataque_por_un_proxy_al_modo_de_una_persona(una_persona, tmp_path):
    """Se rompía: «servir» en 127.0.0.1 detrás de un proxy que reenvía la red, sin cuentas ni
    token, daba a cualquiera el usuario local (administrador). Con el token, sí se entra."""
    app, _, _ = una_persona
    cliente = app.test_client()
    assert cliente.get("/").status_code == 200  # en esta computadora, como siempre
    for cabecera in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        respuesta = cliente.get("/cuentas", headers={cabecera: "203.0.113.7"})
        assert respuesta.status_code == 403 and "proxy" in respuesta.get_data(as_text=True)
    con_token = crear_app(tmp_path / "casos", token="t" * 20, registro=f"sqlite:///{tmp_path / 'registro.sqlite3'}")
    con_token.testing = True
    cliente = con_token.test_client()
    assert cliente.get("/", query_string={"token": "t" * 20}).status_code == 302
    assert cliente.get("/", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 200


def test_ataque_head_options_y_rutas_disfrazadas(unidad):
    """HEAD y OPTIONS no se saltan la revisión; las rutas con trucos no llegan a ningún lado."""
    app, _, _ = unidad
    anonimo = app.test_client()
    for metodo in ("HEAD", "OPTIONS", "GET"):
        for ruta in ("/", "/cuentas", f"/caso/{CASO}/firmado.pdf", f"/caso/{CASO}/comite"):
            r = anonimo.open(ruta, method=metodo)
            assert r.status_code == 302 and "/cuenta/entrar" in r.headers["Location"], (metodo, ruta)
        r = anonimo.open(f"/api/validar/{CASO}", method="OPTIONS")
        assert r.status_code == 401 and r.is_json
    lector, _ = _entrar(app, "lector")
    for metodo in ("HEAD", "OPTIONS", "GET"):
        assert lector.open("/cuentas", method=metodo).status_code == 403
    assert lector.open("/cuentas/nueva", method="OPTIONS").status_code == 403
    assert lector.open(f"/caso/{CASO}/comite/firmar", method="OPTIONS").status_code == 403
    for ruta in ("/CUENTAS", "/cuentas/", "/caso/../cuentas", "/caso/%2e%2e%2fcuentas",
                 "/caso/..%2f..%2fetc%2fpasswd/comite", f"/caso/{CASO}%00/comite",
                 "/caso/firmados%2fcta-40418.yaml/firmado.pdf", "/caso/..%2fcta-40418.yaml/firmado.pdf"):
        assert lector.get(ruta).status_code in (400, 404), ruta
    for metodo in ("PUT", "DELETE", "PATCH"):
        assert lector.open(f"/caso/{CASO}/comite", method=metodo).status_code == 405


def test_ataque_head_y_options_en_cada_ruta(unidad):
    """Cada regla de la aplicación, con HEAD y OPTIONS: el anónimo no pasa y el lector solo
    llega a lo que puede ver (la vista no se ejecuta: una marca tras la revisión de permisos)."""
    app, _, _ = unidad
    anonimo, (lector, _) = app.test_client(), _entrar(app, "lector")
    funciones = app.before_request_funcs[None]
    posicion = next(i for i, f in enumerate(funciones) if f.__name__ == "_revisar_permiso")
    funciones.insert(posicion + 1, lambda: ("paso", 299))
    try:
        for regla in app.url_map.iter_rules():
            if regla.endpoint in permisos.PUBLICOS:
                continue
            ruta = regla.rule
            for argumento in regla.arguments:
                ruta = re.sub(r"<(?:[^:<>]+:)?" + argumento + ">", {"nombre": CASO, "formato": "docx"}.get(
                    argumento, "x"), ruta)
            for metodo in ("HEAD", "OPTIONS"):
                if metodo not in regla.methods:
                    continue
                r = anonimo.open(ruta, method=metodo)
                assert r.status_code in (302, 401) and r.status_code != 299, (metodo, ruta)
                endpoint = app.url_map.bind("localhost").match(ruta, method=metodo)[0]  # rutas compartidas
                esperado = 299 if permisos.permiso_de(endpoint) == "ver" else 403
                assert lector.open(ruta, method=metodo).status_code == esperado, (metodo, ruta)
    finally:
        funciones.pop(posicion + 1)


def test_ataque_sesion_copiada_de_cuenta_desactivada_o_tras_cambiar_contrasena(unidad):
    """Una cookie copiada deja de servir al desactivar la cuenta y al cambiar la contraseña."""
    app, motor, _ = unidad
    redactor, _ = _entrar(app, "redactor")
    copia = app.test_client()
    copia.set_cookie("session", redactor.get_cookie("session").value)
    assert copia.get(f"/caso/{CASO}").status_code == 200
    usuarios.cambiar_contrasena(motor, "redactor", "otra contraseña muy larga")
    assert copia.get(f"/caso/{CASO}").status_code == 302 and redactor.get("/").status_code == 302
    lector, _ = _entrar(app, "lector")
    usuarios.desactivar(motor, "lector")
    assert lector.get("/").status_code == 302
    _, respuesta = _entrar(app, "lector")
    assert respuesta.status_code == 401


def test_ataque_cookie_copiada_antes_de_entrar_con_otra_cuenta(unidad):
    """Se rompía: entrar con otra cuenta en el mismo navegador dejaba viva en la base la sesión
    anterior; una copia de esa cookie seguía entrando hasta caducar."""
    app, _, _ = unidad
    cliente, _ = _entrar(app, "administrador")
    copia = app.test_client()
    copia.set_cookie("session", cliente.get_cookie("session").value)
    assert copia.get("/cuentas").status_code == 200
    respuesta = cliente.post("/cuenta/entrar", data={"csrf": _csrf(cliente, "/"), "usuario": "lector",
                                                     "contrasena": CONTRASENA})
    assert respuesta.status_code == 302 and cliente.get("/cuentas").status_code == 403
    assert copia.get("/cuentas").status_code == 302


def test_ataque_subir_de_rol_o_cambiar_la_contrasena_de_otro(unidad):
    """Nadie cambia su rol ni la contraseña de otro: el formulario propio ignora a quién nombra."""
    app, motor, _ = unidad
    redactor, _ = _entrar(app, "redactor")
    respuesta = redactor.post("/cuenta/contrasena", data={
        "csrf": _csrf(redactor, "/cuenta/contrasena"), "actual": CONTRASENA, "nueva": "la nueva muy larga",
        "repetida": "la nueva muy larga", "usuario": "administrador", "nombre_usuario": "administrador",
        "rol": "administrador"})
    assert respuesta.status_code == 302
    assert _entrar(app, "administrador")[1].status_code == 302  # la del administrador sigue igual
    assert _entrar(app, "redactor", "la nueva muy larga")[1].status_code == 302
    assert usuarios.buscar(motor, "redactor").rol == "redactor"
    for rol in ("redactor", "integrante", "lector"):
        cliente, _ = _entrar(app, rol if rol != "redactor" else "redactor", CONTRASENA if rol != "redactor"
                             else "la nueva muy larga")
        csrf = _csrf(cliente, "/cuenta/contrasena")
        assert cliente.post("/cuentas/nueva", data={"csrf": csrf, "nombre_usuario": f"yo-{rol}", "rol": "administrador",
                                                    "contrasena": CONTRASENA, "repetida": CONTRASENA}).status_code == 403
        assert cliente.post("/cuentas/administrador/desactivar", data={"csrf": csrf}).status_code == 403
    assert usuarios.buscar(motor, "yo-redactor") is None and usuarios.buscar(motor, "administrador").activo


def test_ataque_csrf_en_entrar_salir_y_el_comite(unidad):
    """Sin el token CSRF (o desde otra página) no se entra, no se sale y el Comité no se mueve."""
    app, motor, _ = unidad
    anonimo = app.test_client()
    anonimo.get("/cuenta/entrar")
    assert anonimo.post("/cuenta/entrar", data={"usuario": "lector", "contrasena": CONTRASENA}).status_code == 400
    redactor, _ = _entrar(app, "redactor")
    assert redactor.post("/cuenta/salir").status_code == 400
    assert redactor.post(f"/caso/{CASO}/comite/enviar").status_code == 400
    csrf = _csrf(redactor, f"/caso/{CASO}/comite")
    ajena = redactor.post(f"/caso/{CASO}/comite/enviar", data={"csrf": csrf},
                          headers={"Origin": "https://otro.example"})
    assert ajena.status_code == 403
    assert estados.estado_de(motor, CASO)["estado"] == "borrador"
    assert redactor.get("/").status_code == 200  # sigue dentro: el «salir» sin token no hizo nada


def test_ataque_enumerar_cuentas_por_mensaje_o_por_trabajo(unidad, monkeypatch):
    """Se rompía (por tiempo): el hash ficticio se preparaba solo para una cuenta que no
    existe, así su primer intento costaba dos argon2 y el de una cuenta real uno."""
    app, motor, _ = unidad
    usuarios.desactivar(motor, "integrante3")
    respuestas = {nombre: _entrar(app, nombre, "no es la contraseña de nadie")[1]
                  for nombre in ("redactor", "no-existe", "integrante3")}
    assert {r.status_code for r in respuestas.values()} == {401}
    textos = {re.sub(r'(value|content)="[0-9a-f]{64}"', "", r.get_data(as_text=True)).replace(nombre, "NOMBRE")
              for nombre, r in respuestas.items()}
    assert len(textos) == 1 and "Usuario o contraseña incorrectos." in textos.pop()

    trabajo: list[str] = []
    original = contrasenas._hasher

    class Contador:
        def hash(self, texto):
            trabajo.append("hash")
            return original.hash(texto)

        def verify(self, guardado, texto):
            trabajo.append("verify")
            return original.verify(guardado, texto)

    monkeypatch.setattr(contrasenas, "_hasher", Contador())
    guardado = original.hash("una contraseña cualquiera")
    cuentas = {}
    for quien, hash_ in (("existe", guardado), ("no existe", None)):
        monkeypatch.setattr(contrasenas, "_ficticio", None)  # el primer intento tras arrancar
        trabajo.clear()
        assert contrasenas.verificar(hash_, "otra contraseña") is False
        cuentas[quien] = list(trabajo)
    assert cuentas["existe"] == cuentas["no existe"]


def test_ataque_limite_de_intentos_con_mayusculas_espacios_y_unicode(unidad):
    """Cambiar mayúsculas o espacios del nombre no da intentos nuevos; un nombre con letras
    de ancho completo o un espacio raro no es la cuenta (nunca entra)."""
    app, _, _ = unidad
    for variante in ("INTEGRANTE", " integrante ", "Integrante", "integrante\u00a0", "InTeGrAnTe"):
        assert _entrar(app, variante, "no es la contraseña")[1].status_code == 401
    _, bloqueada = _entrar(app, "integrante")
    assert bloqueada.status_code == 429 and "Demasiados intentos" in bloqueada.get_data(as_text=True)
    for disfraz in ("ｌｅｃｔｏｒ", "lec\u200btor", "lector\x00"):
        assert _entrar(app, disfraz)[1].status_code == 401
    assert _entrar(app, "lector")[1].status_code == 302
    for n in range(5):  # cinco direcciones distintas: el límite por cuenta vale igual
        cliente = app.test_client()
        cliente.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        assert cliente.post("/cuenta/entrar", data={"csrf": _csrf(cliente), "usuario": "redactor",
                                                    "contrasena": "no es la contraseña"}).status_code == 401
    cliente = app.test_client()
    cliente.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert cliente.post("/cuenta/entrar", data={"csrf": _csrf(cliente), "usuario": "redactor",
                                                "contrasena": CONTRASENA}).status_code == 429


# --- Aprobación --------------------------------------------------------------------------------

def test_ataque_votar_por_otro_votar_dos_veces_y_aprobar_sin_mayoria(unidad):
    """El voto es de quien entró (un campo con otro usuario no cuenta), votar otra vez lo
    cambia, y sin mayoría de los integrantes activos no se aprueba."""
    app, motor, _ = unidad
    redactor, _ = _entrar(app, "redactor")
    assert _comite(redactor, "enviar").status_code == 302
    integrante, _ = _entrar(app, "integrante")
    otros = [u.id for u in usuarios.listar(motor) if u.nombre_usuario in ("integrante2", "integrante3")]
    for _ in range(3):
        assert _comite(integrante, "votar", sentido="a_favor", usuario_id=str(otros[0]), usuario="integrante2",
                       quien="integrante3").status_code == 302
    votos = [v for v in estados.estado_de(motor, CASO)["votos"] if v["cuenta"]]
    assert [v["usuario"] for v in votos] == ["integrante"]
    sin_mayoria = _comite(integrante, "aprobar", sesion="Primera sesión", fecha_sesion="2026-11-30")
    assert sin_mayoria.status_code == 409 and "mayoría" in sin_mayoria.get_data(as_text=True)
    assert estados.estado_de(motor, CASO)["estado"] == "en_revision"


def test_ataque_redactor_aprueba_o_vota_su_propio_caso(unidad):
    app, motor, _ = unidad
    redactor, _ = _entrar(app, "redactor")
    assert _comite(redactor, "enviar").status_code == 302
    for accion, datos in (("votar", {"sentido": "a_favor"}), ("aprobar", {"sesion": "S", "fecha_sesion": "2026-11-30"}),
                          ("devolver", {"motivo": "x"})):
        assert _comite(redactor, accion, **datos).status_code == 403
    administrador, _ = _entrar(app, "administrador")
    assert _comite(administrador, "votar", sentido="a_favor").status_code == 403
    assert estados.estado_de(motor, CASO)["estado"] == "en_revision" and not estados.estado_de(motor, CASO)["votos"]


def test_ataque_dos_aprobaciones_a_la_vez(unidad):
    """Dos integrantes aprueban en el mismo instante: una aprobación, una entrada."""
    app, motor, casos = unidad
    miembros = {u.nombre_usuario: u for u in usuarios.listar(motor)}
    actores = [estados.Actor(miembros[n].id, n, rol="integrante") for n in ("integrante", "integrante2")]
    estados.enviar_a_revision(motor, CASO, estados.Actor(miembros["redactor"].id, "redactor", rol="redactor"))
    for actor in actores:
        estados.votar(motor, CASO, actor, "a_favor")
    huella = congelado.sha256_de((casos / CASO).read_text(encoding="utf-8"))
    resultados, barrera = [], threading.Barrier(2)

    def aprobar(actor):
        barrera.wait()
        try:
            estados.aprobar(motor, CASO, actor, "Sesión", "2026-11-30", sha256=huella)
            resultados.append("bien")
        except ErrorDeUsuario as exc:
            resultados.append(exc.texto())

    hilos = [threading.Thread(target=aprobar, args=(a,)) for a in actores]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(resultados)[0] == "bien" and resultados.count("bien") == 1, resultados
    assert [e["accion"] for e in bitacora.de_caso(motor, CASO)].count("aprobar") == 1
    assert bitacora.verificar_cadena(motor) == []


# --- Bitácora ----------------------------------------------------------------------------------

def test_ataque_inyeccion_html_en_la_bitacora(unidad):
    """Comentarios, motivos y diffs con HTML se muestran como texto, nunca como etiquetas."""
    app, motor, _ = unidad
    veneno = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    bitacora.anotar_en(motor, usuario_id=None, usuario=veneno[:80], accion="guardar", caso=CASO,
                       detalle={"diff": f"+oficio: {veneno}\n", "sha256": "0" * 64})
    redactor, _ = _entrar(app, "redactor")
    assert _comite(redactor, "enviar", comentario=veneno).status_code == 302
    integrante, _ = _entrar(app, "integrante")
    assert _comite(integrante, "votar", sentido="en_contra", comentario=veneno).status_code == 302
    assert _comite(integrante, "devolver", motivo=veneno).status_code == 302
    pagina = integrante.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "<script>alert" not in pagina and "<img src=x" not in pagina
    assert pagina.count("&lt;script&gt;alert") >= 3


def test_ataque_ninguna_ruta_edita_la_bitacora_y_la_cadena_no_se_engana(unidad):
    """Ninguna ruta tiene «bitacora» y acepta cambios; borrar una fila del medio o cambiar
    una y rehacer su huella se descubre en la fila siguiente."""
    app, motor, _ = unidad
    for regla in app.url_map.iter_rules():
        assert "bitacora" not in regla.rule and "bitacora" not in regla.endpoint
        assert not (regla.methods & {"PUT", "DELETE", "PATCH"}), regla.rule
    for n in range(4):
        bitacora.anotar_en(motor, usuario_id=None, usuario="local", accion="generar", caso=CASO, detalle={"n": n})
    assert bitacora.verificar_cadena(motor) == []
    with Session(motor) as s, s.begin():
        filas = s.query(EntradaDeBitacora).order_by(EntradaDeBitacora.id).all()
        segunda, tercera = filas[-3], filas[-2]
        tercera.detalle = {"n": 99}
        s.flush()
        tercera.huella = bitacora._huella(segunda.huella, tercera)  # el que «arregla» su fila
        ids = [f.id for f in filas]
    problemas = bitacora.verificar_cadena(motor)
    assert len(problemas) == 1 and f"entrada {ids[-1]} " in problemas[0]
    with Session(motor) as s, s.begin():
        s.execute(delete(EntradaDeBitacora).where(EntradaDeBitacora.id == ids[-3]))
    assert any(f"entrada {ids[-2]} " in p for p in bitacora.verificar_cadena(motor))
    with Session(motor) as s, s.begin():
        s.execute(update(EntradaDeBitacora).where(EntradaDeBitacora.id == ids[0]).values(accion="borrar"))
    assert any("acción desconocida" in p for p in bitacora.verificar_cadena(motor))


# --- La e.firma desde la página ------------------------------------------------------------------

def _llave_con_vueltas(pkcs8_cifrado: bytes, vueltas: int) -> bytes:
    info = asn1_keys.EncryptedPrivateKeyInfo.load(pkcs8_cifrado)
    info["encryption_algorithm"]["parameters"]["key_derivation_func"]["parameters"]["iteration_count"] = vueltas
    return info.dump(force=True)


def test_ataque_llave_con_dos_mil_millones_de_vueltas(tmp_path, monkeypatch):
    """Se rompía: un .key que pide 2 147 483 647 vueltas de PBKDF2 tenía ocupado al servidor
    unos ocho minutos por petición (OpenSSL obedece al archivo). Ahora se rechaza sin descifrar."""
    ca = autoridad(tmp_path)
    cer, key = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    descifrados = []
    original = serialization.load_der_private_key
    monkeypatch.setattr(serialization, "load_der_private_key",
                        lambda datos, password: descifrados.append(1) or original(datos, password))
    assert cargar_credencial(cer.read_bytes(), key.read_bytes(), CLAVE).rfc == "SADO800101AB1"
    descifrados.clear()
    for mala in (_llave_con_vueltas(key.read_bytes(), 2**31 - 1), _llave_con_vueltas(key.read_bytes(), 0)):
        with pytest.raises(ErrorDeUsuario, match="demasiadas vueltas"):
            cargar_credencial(cer.read_bytes(), mala, CLAVE)
    assert descifrados == []


@pytest.mark.parametrize("llave", [b"", b"\x00" * 60_000, b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nxx\n", b"0\x82\xff\xff"])
def test_ataque_llave_malformada_o_enorme_desde_la_pagina(una_persona, tmp_path, caplog, llave):
    """Un .key basura o enorme es un error en español (o 413), sin traza, y la contraseña no
    aparece en la respuesta, en el registro del servidor, en la base ni en la bitácora."""
    app, motor, casos = una_persona
    ca = autoridad(tmp_path)
    cer, _ = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    secreta = "la-clave-secreta-de-la-efirma"
    cliente = app.test_client()
    respuesta = cliente.post(f"/caso/{CASO}/comite/firmar", content_type="multipart/form-data", data={
        "csrf": _csrf(cliente, f"/caso/{CASO}/comite"), "clave": secreta,
        "cer": (io.BytesIO(cer.read_bytes()), "a.cer"), "key": (io.BytesIO(llave), "a.key")})
    texto = respuesta.get_data(as_text=True)
    assert respuesta.status_code in (400, 409, 413) and secreta not in texto
    assert respuesta.status_code == 413 or ".key" in texto
    assert secreta not in caplog.text and "Traceback" not in caplog.text
    assert secreta.encode() not in (tmp_path / "registro.sqlite3").read_bytes()
    assert all(secreta not in str(e) for e in bitacora.de_caso(motor, CASO))
    assert not (casos / "firmados").exists()


def test_ataque_firma_sin_content_length_no_pasa_a_un_temporal(una_persona, tmp_path):
    """Se rompía: una petición de firma por trozos (sin Content-Length) pasaba el límite de
    64 KB de antes de leer el formulario, y Werkzeug podía escribir la llave en un temporal."""
    app, _, casos = una_persona
    cliente = app.test_client()
    csrf = _csrf(cliente, f"/caso/{CASO}/comite")
    frontera = "frontera"
    cuerpo = (f"--{frontera}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
              f"--{frontera}\r\nContent-Disposition: form-data; name=\"key\"; filename=\"a.key\"\r\n\r\n"
              + "k" * 1000 + f"\r\n--{frontera}--\r\n").encode()
    leidos = []

    class Vigilada(app.request_class):
        def _load_form_data(self):
            leidos.append(self.path)
            super()._load_form_data()

    app.request_class = Vigilada
    respuesta = cliente.post(f"/caso/{CASO}/comite/firmar", input_stream=io.BytesIO(cuerpo),
                             content_type=f"multipart/form-data; boundary={frontera}",
                             headers={"Transfer-Encoding": "chunked"}, environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True})
    assert respuesta.status_code == 413 and leidos == []  # ni siquiera se leyó el formulario
    assert not (casos / "firmados").exists()


def test_ataque_firmados_de_a_yaml_y_a_yml_no_se_pisan(una_persona):
    """Se rompía: «cta-40418.yaml» y «cta-40418.yml» (dos casos que un redactor puede crear)
    compartían «firmados/cta-40418.pdf»: la firma de uno pisaba el PDF firmado del otro, el
    cambio de uno apartaba el del otro y la descarga de uno entregaba el del otro."""
    app, motor, casos = una_persona
    shutil.copy(casos / CASO, casos / "cta-40418.yml")
    assert congelado.ruta_firmado(casos, CASO) != congelado.ruta_firmado(casos, "cta-40418.yml")
    firmado = congelado.ruta_firmado(casos, CASO)
    firmado.parent.mkdir()
    firmado.write_bytes(b"%PDF-1.7 el firmado de cta-40418.yaml")
    cliente = app.test_client()
    assert cliente.get("/caso/cta-40418.yml/firmado.pdf").status_code == 404
    assert congelado.apartar_firmado(casos, "cta-40418.yml") is None
    assert firmado.read_bytes().endswith(b"cta-40418.yaml")
    otro = congelado.ruta_firmado(casos, "cta-40418.yml")
    otro.write_bytes(b"%PDF-1.7 el del yml")
    apartado = congelado.apartar_firmado(casos, "cta-40418.yml")
    assert apartado and apartado.startswith("cta-40418.yml.sin-validez-") and firmado.is_file()


def _pdf_simple(texto: str) -> bytes:
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), texto)
        return doc.tobytes()


def test_ataque_firmar_un_pdf_que_no_es_el_del_caso_aprobado(una_persona, tmp_path):
    """Ni un YAML distinto del aprobado ni un PDF cambiado en ``firmados/`` después de la
    primera firma se firman: lo firmado es siempre lo que el Comité aprobó."""
    _, motor, casos = una_persona
    texto = (casos / CASO).read_text(encoding="utf-8")
    estados.enviar_a_revision(motor, CASO, estados.LOCAL)
    estados.votar(motor, CASO, estados.LOCAL, "a_favor")
    estados.aprobar(motor, CASO, estados.LOCAL, "Sesión", "2026-11-30", sha256=congelado.sha256_de(texto))
    ca = autoridad(tmp_path)
    primera = cargar_credencial(*(p.read_bytes() for p in credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO",
                                                                      rfc="SADO800101AB1")), CLAVE)
    segunda = cargar_credencial(*(p.read_bytes() for p in credencial(tmp_path, ca, titular="JORGE FUENTES HERNANDEZ",
                                                                      rfc="FUHJ800101AB2")), CLAVE)
    generados = []

    def generar():
        generados.append(1)
        return _pdf_simple("La resolución aprobada")

    def firmar(cred, yaml_texto):
        return firmado.firmar_caso(motor, CASO, estados.LOCAL, carpeta_casos=casos, texto_yaml=yaml_texto,
                                   generar_pdf=generar, credencial=cred, nombres=[])

    with pytest.raises(ErrorDeUsuario, match="cambió desde que el Comité lo aprobó"):
        firmar(primera, texto + "\n# otra cosa\n")
    assert generados == []
    firmar(primera, texto)
    ruta = congelado.ruta_firmado(casos, CASO)
    ruta.write_bytes(_pdf_simple("Una resolución que nadie aprobó"))
    with pytest.raises(ErrorDeUsuario, match="no es el de la última firma anotada"):
        firmar(segunda, texto)
    assert [f["titular"] for f in estados.estado_de(motor, CASO)["firmas"]] == ["OSCAR SANCHEZ DELGADO"]


# --- Un servidor de verdad (gunicorn con dos procesos) --------------------------------------

def _pedir(puerto: int, metodo: str, ruta: str, cuerpo=None, cabeceras: dict | None = None, trozos: bool = False):
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
    try:
        conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras or {}, encode_chunked=trozos)
        respuesta = conexion.getresponse()
        return respuesta.status, {k.lower(): v for k, v in respuesta.getheaders()}, respuesta.read()
    finally:
        conexion.close()


@pytest.mark.skipif(os.name != "posix", reason="gunicorn solo existe en Linux y macOS")
def test_ataque_en_un_servidor_de_verdad(tmp_path):
    """Con gunicorn: el anónimo no llega a nada (HEAD y OPTIONS tampoco), la cookie es
    HttpOnly y SameSite=Strict, «siguiente» con tabulador no saca de la aplicación y una firma
    por trozos (sin Content-Length) se rechaza sin que la contraseña llegue al registro."""
    pytest.importorskip("gunicorn")
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / CASO)
    base = tmp_path / "registro.sqlite3"
    motor = registro.motor(f"sqlite:///{base}")
    usuarios.crear(motor, "integrante", CONTRASENA, rol="integrante")
    registro.cerrar_todos()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    bitacora_del_servidor = tmp_path / "servidor.err"
    with open(bitacora_del_servidor, "wb") as errores:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "generador", "servir", "--carpeta", str(casos), "--puerto", str(puerto),
             "--procesos", "2", "--registro", str(base)],
            stdout=subprocess.DEVNULL, stderr=errores, start_new_session=True)
        try:
            limite = time.monotonic() + 60
            while True:
                try:
                    if _pedir(puerto, "GET", "/cuenta/entrar")[0] == 200:
                        break
                except OSError:
                    pass
                assert proceso.poll() is None, bitacora_del_servidor.read_text(errors="replace")
                assert time.monotonic() < limite, "el servidor no respondió"
                time.sleep(0.2)
            for metodo in ("GET", "HEAD", "OPTIONS"):
                estado, cabeceras, _ = _pedir(puerto, metodo, "/cuentas")
                assert estado == 302 and "/cuenta/entrar" in cabeceras["location"], metodo
            assert _pedir(puerto, "GET", f"/api/validar/{CASO}")[0] in (401, 405)

            estado, cabeceras, pagina = _pedir(puerto, "GET", "/cuenta/entrar")
            galleta = cabeceras["set-cookie"].split(";")[0]
            csrf = re.search(rb'name="csrf" value="([^"]+)"', pagina).group(1).decode()
            cuerpo = urllib.parse.urlencode({"csrf": csrf, "usuario": "integrante", "contrasena": CONTRASENA,
                                             "siguiente": "/\t/otro.example"}).encode()
            estado, cabeceras, _ = _pedir(puerto, "POST", "/cuenta/entrar", cuerpo, {
                "Cookie": galleta, "Content-Type": "application/x-www-form-urlencoded"})
            assert estado == 302
            destino = urlsplit(re.sub(r"[\t\r\n]", "", cabeceras["location"]))
            assert destino.netloc in ("", f"127.0.0.1:{puerto}") and not destino.path.startswith("//")
            marcas = cabeceras["set-cookie"].lower()
            assert "httponly" in marcas and "samesite=strict" in marcas and "expires=" in marcas
            galleta = cabeceras["set-cookie"].split(";")[0]

            estado, _, pagina = _pedir(puerto, "GET", f"/caso/{CASO}/comite", cabeceras={"Cookie": galleta})
            assert estado == 200
            csrf = re.search(rb'name="csrf" (?:value|content)="([^"]+)"', pagina).group(1).decode()
            secreta = "clave-secreta-que-no-debe-verse"
            frontera = "frontera"
            partes = [f"--{frontera}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n".encode(),
                      f"--{frontera}\r\nContent-Disposition: form-data; name=\"clave\"\r\n\r\n{secreta}\r\n".encode(),
                      f"--{frontera}\r\nContent-Disposition: form-data; name=\"key\"; filename=\"a.key\"\r\n\r\n"
                      .encode() + b"k" * 2000 + f"\r\n--{frontera}--\r\n".encode()]
            estado, _, _ = _pedir(puerto, "POST", f"/caso/{CASO}/comite/firmar", iter(partes), {
                "Cookie": galleta, "Content-Type": f"multipart/form-data; boundary={frontera}"}, trozos=True)
            assert estado == 413
        finally:
            if proceso.poll() is None:
                os.killpg(proceso.pid, signal.SIGTERM)
                try:
                    proceso.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()
    assert secreta not in bitacora_del_servidor.read_text(errors="replace")
    assert not (casos / "firmados").exists()


def test_ataque_cambiar_el_caso_en_revision_despues_de_los_votos(unidad):
    """Se rompía: con el caso en revisión, el redactor obtenía los votos a favor de una versión,
    la cambiaba (desde la página o con un editor) y el Comité aprobaba la nueva con los votos de
    la anterior. Ahora al aprobar solo cuentan los votos sobre el expediente que se aprueba."""
    app, motor, casos = unidad
    redactor, _ = _entrar(app, "redactor")
    assert _comite(redactor, "enviar").status_code == 302
    votantes = [_entrar(app, n)[0] for n in ("integrante", "integrante2")]
    for votante in votantes:
        assert _comite(votante, "votar", sentido="a_favor").status_code == 302
    ruta = casos / CASO
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("CTA", "CTX", 1), encoding="utf-8")
    respuesta = _comite(votantes[0], "aprobar", sesion="Sesión", fecha_sesion="2026-11-30")
    assert respuesta.status_code == 409 and "hay que votar de nuevo" in respuesta.get_data(as_text=True)
    assert estados.estado_de(motor, CASO)["estado"] == "en_revision"
    for votante in votantes:  # votar de nuevo, sobre lo que hay ahora: ya se aprueba
        assert _comite(votante, "votar", sentido="a_favor").status_code == 302
    assert _comite(votantes[0], "aprobar", sesion="Sesión", fecha_sesion="2026-11-30").status_code == 302
    assert estados.estado_de(motor, CASO)["sha256_aprobado"] == congelado.sha256_de(ruta.read_text(encoding="utf-8"))


# --- Cada integrante firma con su propia e.firma ---------------------------------------------

def _aprobado(motor, casos) -> str:
    texto = (casos / CASO).read_text(encoding="utf-8")
    estados.enviar_a_revision(motor, CASO, estados.LOCAL)
    estados.votar(motor, CASO, estados.LOCAL, "a_favor")
    estados.aprobar(motor, CASO, estados.LOCAL, "Sesión", "2026-11-30", sha256=congelado.sha256_de(texto))
    return texto


def _subir_e_firma(cliente, cer, key):
    return cliente.post(f"/caso/{CASO}/comite/firmar", content_type="multipart/form-data", data={
        "csrf": _csrf(cliente, f"/caso/{CASO}/comite"), "clave": CLAVE,
        "cer": (io.BytesIO(cer.read_bytes()), "fiel.cer"), "key": (io.BytesIO(key.read_bytes()), "fiel.key")})


def test_ataque_firmar_con_la_e_firma_de_otra_persona(unidad, tmp_path):
    """Se rompía: un integrante que tenía los archivos y la contraseña de la e.firma de otra
    persona firmaba con ella (la página no comparaba el RFC del certificado con el de la cuenta,
    que no tenía RFC). Ahora se rechaza, y con la suya sí firma."""
    app, motor, casos = unidad
    texto = _aprobado(motor, casos)
    usuarios.cambiar_rfc(motor, "integrante", "SADO800101AB1")
    usuarios.cambiar_rfc(motor, "integrante2", "FUHJ800101AB2")
    ca = autoridad(tmp_path)
    propia = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    ajena = credencial(tmp_path, ca, titular="JORGE FUENTES HERNANDEZ", rfc="FUHJ800101AB2")
    cliente, _ = _entrar(app, "integrante")
    respuesta = _subir_e_firma(cliente, *ajena)
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 409
    assert "la e.firma es de otra persona (RFC del certificado distinto del de su cuenta)" in pagina
    assert not (casos / "firmados").exists() and "firmar" not in [e["accion"] for e in bitacora.de_caso(motor, CASO)]
    assert estados.estado_de(motor, CASO)["firmas"] == []

    # La misma revisión en la biblioteca: la ajena no, la propia sí (sobre un PDF sencillo).
    cuenta = usuarios.buscar(motor, "integrante")
    quien = permisos.UsuarioActual(id=cuenta.id, nombre_usuario="integrante", nombre=cuenta.nombre,
                                   rol="integrante", cargo="", preside=False, local=False)
    abrir = lambda par: cargar_credencial(par[0].read_bytes(), par[1].read_bytes(), CLAVE)  # noqa: E731

    def firmar(cred):
        return firmado.firmar_caso(motor, CASO, quien, carpeta_casos=casos, texto_yaml=texto,
                                   generar_pdf=lambda: _pdf_simple("La resolución aprobada"), credencial=cred,
                                   nombres=[])

    with pytest.raises(ErrorDeUsuario, match="la e.firma es de otra persona"):
        firmar(abrir(ajena))
    hecho = firmar(abrir(propia))
    assert hecho["rfc"] == "SADO800101AB1"
    assert [f["rfc"] for f in estados.estado_de(motor, CASO)["firmas"]] == ["SADO800101AB1"]


def test_ataque_firmar_desde_una_cuenta_sin_rfc(unidad, tmp_path):
    """Una cuenta de integrante sin RFC no firma (no hay con qué comprobar que la e.firma es la
    suya): el mensaje dice cómo registrarlo. El usuario local, sin cuentas, no se revisa."""
    app, motor, casos = unidad
    texto = _aprobado(motor, casos)
    ca = autoridad(tmp_path)
    cer, key = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    cliente, _ = _entrar(app, "integrante")
    respuesta = _subir_e_firma(cliente, cer, key)
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 409
    assert "registre su RFC en su cuenta (resoluciones usuarios rfc integrante" in pagina and "antes de firmar" in pagina
    assert not (casos / "firmados").exists() and estados.estado_de(motor, CASO)["firmas"] == []
    hecho = firmado.firmar_caso(motor, CASO, estados.LOCAL, carpeta_casos=casos, texto_yaml=texto,
                                generar_pdf=lambda: _pdf_simple("La resolución aprobada"),
                                credencial=cargar_credencial(cer.read_bytes(), key.read_bytes(), CLAVE), nombres=[])
    assert hecho["rfc"] == "SADO800101AB1"


def test_la_pagina_de_cuentas_pide_el_rfc(unidad):
    app, motor, _ = unidad
    admin, _ = _entrar(app, "administrador")
    assert 'name="rfc"' in admin.get("/cuentas").get_data(as_text=True)
    datos = {"nombre_usuario": "nueva", "rol": "integrante", "contrasena": CONTRASENA, "repetida": CONTRASENA}
    mala = admin.post("/cuentas/nueva", data={**datos, "csrf": _csrf(admin, "/cuentas"), "rfc": "XYZ"})
    assert mala.status_code == 400 and "RFC no válido" in mala.get_data(as_text=True)
    assert usuarios.buscar(motor, "nueva") is None
    buena = admin.post("/cuentas/nueva", data={**datos, "csrf": _csrf(admin, "/cuentas"), "rfc": " sado800101ab1"})
    assert buena.status_code == 302 and usuarios.buscar(motor, "nueva").rfc == "SADO800101AB1"
    assert "SADO800101AB1" in admin.get("/cuentas").get_data(as_text=True)
