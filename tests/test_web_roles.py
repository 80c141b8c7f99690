"""Los roles en cada ruta de la página (issue 20): una tabla escrita a mano con lo que pide
cada ruta, y cada regla de ``app.url_map`` probada con cada rol. Una ruta nueva que no está
en la tabla hace fallar la prueba: hay que clasificarla. Además: una ruta que nadie declaró
queda cerrada para todos, las cookies, entrar y salir, y el límite de intentos por la página."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from generador import registro
from generador.cuentas import usuarios
from generador.cuentas.roles import puede
from generador.web import crear_app
from tests.conftest import MUESTRA

CONTRASENA = "contraseña de prueba larga"
ROLES = ("anonimo", "lector", "redactor", "integrante", "administrador")
NOMBRE = "cta-40418.yaml"
PASO = 299  # lo que responde la ruta de prueba al pasar la revisión de permisos (sin ejecutar la vista)

# endpoint → permiso que pide ("publico": se abre sin entrar). Escrita a mano, a propósito.
ESPERADO = {
    "static": "publico", "entrar": "publico", "entrar_cuenta": "publico", "salir": "publico",
    "inicio": "ver", "caso": "ver", "vista": "ver", "vista_pdf": "ver", "descargar": "ver",
    "variables_de_clausula": "ver", "api_causal": "ver", "api_clausula": "ver", "api_catalogo": "ver",
    "nuevo": "editar", "guardar": "editar", "api_validar": "editar",
    "comite": "ver", "comite_firmado": "ver", "comite_enviar": "enviar_a_revision", "comite_votar": "votar",
    "comite_aprobar": "aprobar", "comite_devolver": "aprobar", "comite_firmar": "firmar",
    "cuentas": "administrar", "cuentas_crear": "administrar", "cuentas_desactivar": "administrar",
    "cambiar_contrasena": "ver",
}
ARGUMENTOS = {"nombre": NOMBRE, "formato": "docx", "id_": "x", "filename": "app.css", "nombre_usuario": "lector"}


def _csrf(cliente) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', cliente.get("/cuenta/entrar").get_data(as_text=True)).group(1)


def entrar(cliente, usuario: str, contrasena: str = CONTRASENA, **extra):
    return cliente.post("/cuenta/entrar", data={"csrf": _csrf(cliente), "usuario": usuario, "contrasena": contrasena,
                                                **extra})


@pytest.fixture(scope="module")
def unidad(tmp_path_factory):
    """Una aplicación con cuentas: (app, url del registro, carpeta de casos)."""
    base = tmp_path_factory.mktemp("unidad")
    casos = base / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / NOMBRE)
    url = "sqlite:///" + str(base / "registro.sqlite3")
    motor = registro.motor(url)
    for rol in ROLES[1:]:
        usuarios.crear(motor, rol, CONTRASENA, rol=rol, nombre=f"Persona {rol}")
    app = crear_app(casos, registro=url)
    app.testing = True
    return app, url, casos


@pytest.fixture(scope="module")
def clientes(unidad):
    """Un cliente por rol, ya dentro (el anónimo no entra)."""
    app, _, _ = unidad
    salida = {}
    for rol in ROLES:
        c = app.test_client()
        if rol != "anonimo":
            assert entrar(c, rol).status_code == 302
        salida[rol] = c
    return salida


def _url(regla) -> str:
    ruta = regla.rule
    for argumento in regla.arguments:
        ruta = re.sub(r"<(?:[^:<>]+:)?" + argumento + ">", ARGUMENTOS.get(argumento, "x"), ruta)
    return ruta


def _casos_de_prueba(app):
    for regla in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for metodo in sorted(regla.methods - {"HEAD", "OPTIONS"}):
            yield regla, metodo


def test_cada_ruta_con_cada_rol(unidad, clientes):
    app, _, _ = unidad
    sin_clasificar = sorted({r.endpoint for r in app.url_map.iter_rules()} - set(ESPERADO))
    assert not sin_clasificar, f"rutas nuevas sin clasificar en ESPERADO: {sin_clasificar}"
    # Tras la revisión de permisos (y antes de todo lo demás, CSRF incluido), una marca: así se
    # prueba el permiso sin ejecutar la vista (sin generar documentos ni cambiar casos).
    funciones = app.before_request_funcs[None]
    posicion = next(i for i, f in enumerate(funciones) if f.__name__ == "_revisar_permiso")
    funciones.insert(posicion + 1, lambda: ("paso", PASO))
    fallas = []
    try:
        for regla, metodo in _casos_de_prueba(app):
            permiso, ruta = ESPERADO[regla.endpoint], _url(regla)
            for rol in ROLES:
                respuesta = clientes[rol].open(ruta, method=metodo)
                estado = respuesta.status_code
                if permiso == "publico":
                    bien = estado not in (401, 403) and "/cuenta/entrar" not in respuesta.headers.get("Location", "x") \
                        or regla.endpoint == "entrar_cuenta"
                elif rol == "anonimo":
                    bien = (estado == 401 and respuesta.is_json) if ruta.startswith("/api/") else (
                        estado == 302 and "/cuenta/entrar" in respuesta.headers["Location"])
                elif puede(rol, permiso):
                    bien = estado == PASO
                else:
                    bien = estado == 403
                if not bien:
                    fallas.append(f"{metodo} {ruta} ({regla.endpoint}, {permiso}) como {rol}: {estado}")
    finally:
        funciones.pop(posicion + 1)
    assert not fallas, "\n".join(fallas)


def test_una_ruta_olvidada_queda_cerrada_para_todos(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir()
    url = "sqlite:///" + str(tmp_path / "r.sqlite3")
    usuarios.crear(registro.motor(url), "jefa", CONTRASENA, rol="administrador")
    app = crear_app(casos, registro=url)
    app.add_url_rule("/olvidada", "olvidada", lambda: "secreto")  # sin permisos.exigir
    c = app.test_client()
    assert c.get("/olvidada").status_code == 403  # también al anónimo
    entrar(c, "jefa")
    respuesta = c.get("/olvidada")
    assert respuesta.status_code == 403 and "secreto" not in respuesta.get_data(as_text=True)
    assert c.get("/").status_code == 200
    # Sin cuentas (una persona), la misma ruta se abre: el modo de siempre no cambia.
    sola = crear_app(casos)
    sola.add_url_rule("/olvidada", "olvidada", lambda: "secreto")
    assert sola.test_client().get("/olvidada").get_data(as_text=True) == "secreto"


def test_el_lector_no_guarda_y_el_redactor_si(unidad, clientes):
    _, _, casos = unidad
    antes = (casos / NOMBRE).read_bytes()
    for rol, esperado in (("lector", 403), ("integrante", 403)):
        c = clientes[rol]
        pagina = c.get(f"/caso/{NOMBRE}").get_data(as_text=True)
        csrf = re.search(r'name="csrf" content="([^"]+)"', pagina).group(1)
        assert c.post(f"/caso/{NOMBRE}", data={"csrf": csrf, "oficio": "PISADO"}).status_code == esperado
        assert c.post("/nuevo", data={"csrf": csrf, "nombre": "otro"}).status_code == esperado
    assert (casos / NOMBRE).read_bytes() == antes and not (casos / "otro.yaml").exists()
    c = clientes["redactor"]
    csrf = re.search(r'name="csrf" content="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
    respuesta = c.post("/nuevo", data={"csrf": csrf, "nombre": "nuevo-del-redactor", "tipo": "reserva",
                                       "institucion": "", "oficio": ""})
    assert respuesta.status_code in (302, 400)  # pasó el permiso (400: faltan datos de la institución)
    assert respuesta.status_code != 403


def test_la_pagina_del_lector_es_de_solo_lectura(clientes):
    de_lector = clientes["lector"].get(f"/caso/{NOMBRE}").get_data(as_text=True)
    de_redactor = clientes["redactor"].get(f"/caso/{NOMBRE}").get_data(as_text=True)
    assert "Persona lector" in de_lector and "Lector" in de_lector and "Salir" in de_lector
    assert "<fieldset disabled" in de_lector and "<fieldset disabled" not in de_redactor
    assert "Caso nuevo" not in clientes["lector"].get("/").get_data(as_text=True)
    assert "Caso nuevo" in clientes["redactor"].get("/").get_data(as_text=True)


def test_cookie_de_sesion_httponly_samesite_y_secure(unidad):
    app, _, _ = unidad
    c = app.test_client()
    cookie = entrar(c, "lector").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie and "Expires=" in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        c = app.test_client()
        cookie = entrar(c, "lector").headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_entrar_empieza_una_sesion_nueva_y_salir_la_revoca(unidad):
    app, _, _ = unidad
    c = app.test_client()
    _csrf(c)
    with c.session_transaction() as s:
        antes = dict(s)
    assert "sesion" in antes
    entrar(c, "redactor")
    with c.session_transaction() as s:
        despues = dict(s)
    assert "sesion" not in despues and "_user_id" in despues  # nada de la sesión anterior sobrevive
    assert c.get("/").status_code == 200
    galleta = c.get_cookie("session").value
    csrf = re.search(r'name="csrf" content="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
    assert c.post("/cuenta/salir", data={"csrf": csrf}).status_code == 302
    assert c.get("/").status_code == 302
    # La cookie copiada antes de salir ya no sirve: la sesión se revocó en la base.
    otro = app.test_client()
    otro.set_cookie("session", galleta)
    assert otro.get("/").status_code == 302


def test_la_sesion_caducada_pide_entrar_de_nuevo(unidad):
    app, _, _ = unidad
    app.config["RESOLUCIONES_SESION_MAXIMA"] = dt.timedelta(seconds=0)
    try:
        c = app.test_client()
        assert entrar(c, "lector").status_code == 302
        assert c.get("/").status_code == 302
    finally:
        app.config["RESOLUCIONES_SESION_MAXIMA"] = dt.timedelta(hours=12)


def test_guardar_con_la_sesion_caducada_vuelve_al_caso_y_lo_dice(unidad):
    """La auditoría de la página: «Guardar» tras 30 minutos sin uso llevaba a entrar sin decir
    nada y, después, a la lista de casos; lo escrito se perdía."""
    app, _, casos = unidad
    app.config["RESOLUCIONES_SESION_MAXIMA"] = dt.timedelta(seconds=0)
    try:
        c = app.test_client()
        assert entrar(c, "redactor").status_code == 302
        antes = (casos / NOMBRE).read_bytes()
        respuesta = c.post(f"/caso/{NOMBRE}", data={"oficio": "CTA-NUEVO", "csrf": _csrf(c)})
        assert respuesta.status_code == 302 and (casos / NOMBRE).read_bytes() == antes
        assert "/cuenta/entrar?siguiente=/caso/cta-40418.yaml" in respuesta.headers["Location"]
        pagina = c.get(respuesta.headers["Location"]).get_data(as_text=True)
        assert "Su sesión terminó" in pagina and "recuperar lo que escribió" in pagina
        assert 'name="siguiente" value="/caso/cta-40418.yaml"' in pagina
    finally:
        app.config["RESOLUCIONES_SESION_MAXIMA"] = dt.timedelta(hours=12)


def test_contrasena_mala_y_limite_de_intentos_por_la_pagina(unidad):
    app, url, _ = unidad
    usuarios.crear(registro.motor(url), "victima", CONTRASENA, rol="lector")
    c = app.test_client()
    for _ in range(5):
        respuesta = entrar(c, "victima", "no es la contraseña")
        assert respuesta.status_code == 401
        assert "Usuario o contraseña incorrectos." in respuesta.get_data(as_text=True)
    respuesta = entrar(c, "victima")  # la buena, pero ya son demasiados
    assert respuesta.status_code == 429
    assert re.search(r"Demasiados intentos; espere 1[45] minutos", respuesta.get_data(as_text=True))
    assert c.get("/").status_code == 302


def test_a_donde_vuelve_tras_entrar_solo_dentro_de_la_aplicacion(unidad):
    app, _, _ = unidad
    for siguiente, destino in (("/caso/cta-40418.yaml", "/caso/cta-40418.yaml"), ("//atacante.example/", "/"),
                               ("https://atacante.example/", "/")):
        c = app.test_client()
        respuesta = entrar(c, "lector", siguiente=siguiente)
        assert respuesta.headers["Location"] == destino, siguiente


def test_sin_registro_es_el_usuario_local_de_siempre(cliente):
    c, _ = cliente
    pagina = c.get(f"/caso/{NOMBRE}").get_data(as_text=True)
    assert "Salir" not in pagina and "<fieldset disabled" not in pagina
    assert c.get("/cuenta/entrar").status_code == 302


def test_con_token_y_cuentas_entrar_no_pierde_el_token(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir()
    url = "sqlite:///" + str(tmp_path / "r.sqlite3")
    usuarios.crear(registro.motor(url), "ana", CONTRASENA, rol="lector")
    token = "un-token-de-prueba-bastante-largo"
    app = crear_app(casos, registro=url, token=token)
    c = app.test_client()
    assert c.get("/").status_code == 401  # primero el token del servidor
    assert c.get("/?token=" + token).status_code == 302
    assert c.get("/").status_code == 302  # luego la cuenta
    assert entrar(c, "ana").status_code == 302
    assert c.get("/").status_code == 200


def _csrf_de(cliente, ruta: str = "/") -> str:
    return re.search(r'name="csrf" content="([^"]+)"', cliente.get(ruta).get_data(as_text=True)).group(1)


def test_el_administrador_crea_y_desactiva_cuentas_en_la_pagina(unidad, clientes):
    app, url, _ = unidad
    c = clientes["administrador"]
    assert 'href="/cuentas"' in c.get("/").get_data(as_text=True)
    assert 'href="/cuentas"' not in clientes["redactor"].get("/").get_data(as_text=True)
    csrf = _csrf_de(c, "/cuentas")
    datos = {"csrf": csrf, "nombre_usuario": "nueva", "rol": "integrante", "nombre": "Nueva Integrante",
             "cargo": "Vocal", "contrasena": CONTRASENA, "repetida": CONTRASENA}
    respuesta = c.post("/cuentas/nueva", data={**datos, "repetida": "otra cosa distinta"})
    assert respuesta.status_code == 400 and "no coinciden" in respuesta.get_data(as_text=True)
    respuesta = c.post("/cuentas/nueva", data={**datos, "contrasena": "corta", "repetida": "corta"})
    assert respuesta.status_code == 400 and "al menos 12 caracteres" in respuesta.get_data(as_text=True)
    respuesta = c.post("/cuentas/nueva", data=datos, follow_redirects=True)
    assert "Cuenta «nueva» creada (Integrante del Comité)" in respuesta.get_data(as_text=True)
    assert c.post("/cuentas/nueva", data=datos).status_code == 400  # ya existe
    otro = app.test_client()
    assert entrar(otro, "nueva").status_code == 302
    respuesta = c.post("/cuentas/nueva/desactivar", data={"csrf": csrf}, follow_redirects=True)
    assert "desactivada; sesiones cerradas: 1" in respuesta.get_data(as_text=True)
    assert otro.get("/").status_code == 302  # su sesión se cerró
    respuesta = c.post("/cuentas/administrador/desactivar", data={"csrf": csrf})
    assert respuesta.status_code == 400 and "su propia cuenta" in respuesta.get_data(as_text=True)
    entradas = [e for e in bitacora_de(url) if e.accion in ("usuario_creado", "usuario_desactivado")]
    assert [(e.accion, e.usuario, e.detalle["cuenta"]) for e in entradas][-2:] == [
        ("usuario_creado", "administrador", "nueva"), ("usuario_desactivado", "administrador", "nueva")]
    # Otros roles: 403, sin crear nada.
    r = clientes["redactor"].post("/cuentas/nueva", data={**datos, "csrf": _csrf_de(clientes["redactor"]),
                                                          "nombre_usuario": "colada"})
    assert r.status_code == 403 and usuarios.buscar(registro.motor(url), "colada") is None


def bitacora_de(url):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from generador.registro.modelos import EntradaDeBitacora
    with Session(registro.motor(url)) as s:
        return list(s.scalars(select(EntradaDeBitacora).order_by(EntradaDeBitacora.id)))


def test_sin_cuentas_el_usuario_local_crea_la_primera_en_la_pagina(tmp_path):
    casos = tmp_path / "casos"
    casos.mkdir()
    url = "sqlite:///" + str(tmp_path / "r.sqlite3")
    c = crear_app(casos, registro=url).test_client()
    pagina = c.get("/cuentas").get_data(as_text=True)
    assert "No hay cuentas" in pagina
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)
    respuesta = c.post("/cuentas/nueva", data={"csrf": csrf, "nombre_usuario": "jefa", "rol": "administrador",
                                               "contrasena": CONTRASENA, "repetida": CONTRASENA})
    assert respuesta.status_code == 302
    assert usuarios.hay_activas(registro.motor(url))
    assert bitacora_de(url)[-1].usuario == "local"
    # Sin registro no hay cuentas.
    assert crear_app(casos).test_client().get("/cuentas").status_code == 404


def test_cada_quien_cambia_su_contrasena(unidad):
    app, url, _ = unidad
    usuarios.crear(registro.motor(url), "cambia", CONTRASENA, rol="lector")
    c, otra = app.test_client(), app.test_client()
    entrar(c, "cambia")
    entrar(otra, "cambia")
    pagina = c.get("/").get_data(as_text=True)
    assert 'href="/cuenta/contrasena"' in pagina
    csrf = _csrf_de(c, "/cuenta/contrasena")
    nueva = "otra frase de prueba larga"
    respuesta = c.post("/cuenta/contrasena", data={"csrf": csrf, "actual": "no es", "nueva": nueva, "repetida": nueva})
    assert respuesta.status_code == 400 and "La contraseña actual no es correcta." in respuesta.get_data(as_text=True)
    respuesta = c.post("/cuenta/contrasena", data={"csrf": csrf, "actual": CONTRASENA, "nueva": nueva,
                                                   "repetida": nueva + "x"})
    assert respuesta.status_code == 400 and "no coinciden" in respuesta.get_data(as_text=True)
    respuesta = c.post("/cuenta/contrasena", data={"csrf": csrf, "actual": CONTRASENA, "nueva": nueva,
                                                   "repetida": nueva}, follow_redirects=True)
    assert "Contraseña cambiada; entre con la nueva." in respuesta.get_data(as_text=True)
    assert otra.get("/").status_code == 302  # sus otras sesiones también se cerraron
    assert entrar(app.test_client(), "cambia").status_code == 401
    assert entrar(app.test_client(), "cambia", nueva).status_code == 302
    acciones = [e.accion for e in bitacora_de(url) if e.usuario == "cambia"]
    assert "contrasena_cambiada" in acciones and "entrada_fallida" in acciones
