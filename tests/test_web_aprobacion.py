"""La aprobación del Comité en la página (issue 20): cada acción anota su entrada en la
bitácora, los roles se respetan en cada ruta del Comité, dos personas que editan el mismo
caso no se pisan, el caso aprobado queda congelado y se firma con la e.firma desde la página
(el PDF firmado lo acepta ``verificar_pdf`` contra la autoridad de prueba)."""

from __future__ import annotations

import io
import re

import pymupdf
import pytest

from generador.aprobacion import bitacora, estados
from generador.cuentas import usuarios
from generador.firma import verificar_pdf
from generador.web.rutas_pasos import hay_conversor_pdf

from .conftest import app_con_registro
from .credenciales_de_prueba import CLAVE, autoridad, credencial
from .test_web import campos_del_formulario

CASO = "cta-40418.yaml"
CONTRASENA = "una contraseña larga de prueba"


@pytest.fixture
def web(tmp_path):
    """La aplicación con su registro: (app, carpeta de casos, motor)."""
    with app_con_registro(tmp_path) as (app, motor, casos):
        yield app, casos, motor


def _csrf(cliente, ruta: str = "/") -> str:
    return re.search(r'<meta name="csrf" content="([^"]+)"', cliente.get(ruta).get_data(as_text=True)).group(1)


def _comite(cliente, accion: str, **datos):
    datos["csrf"] = _csrf(cliente, f"/caso/{CASO}/comite")
    return cliente.post(f"/caso/{CASO}/comite/{accion}", data=datos)


def _guardar(cliente, **cambios):
    datos = campos_del_formulario(cliente.get(f"/caso/{CASO}").get_data(as_text=True))
    for campo, valor in cambios.items():
        datos.setlist(campo, [valor])
    return cliente.post(f"/caso/{CASO}", data=datos)


def _acciones(motor) -> list[str]:
    return [e["accion"] for e in bitacora.de_caso(motor, CASO)]


def _entrar(app, nombre_usuario: str):
    cliente = app.test_client()
    csrf = _csrf(cliente, "/cuenta/entrar")
    respuesta = cliente.post("/cuenta/entrar", data={"usuario": nombre_usuario, "contrasena": CONTRASENA,
                                                     "csrf": csrf})
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)
    return cliente


def _cuentas(motor, *pares):
    for nombre_usuario, rol in pares:
        usuarios.crear(motor, nombre_usuario, CONTRASENA, rol=rol, nombre=nombre_usuario.title())


def test_cada_accion_de_una_sola_persona_queda_en_la_bitacora(web):
    app, casos, motor = web
    c = app.test_client()
    assert 'data-estado="borrador"' in c.get(f"/caso/{CASO}").get_data(as_text=True)
    assert _guardar(c, oficio="CTA-77777").status_code == 302
    assert c.get(f"/caso/{CASO}/vista").status_code == 200
    assert c.get(f"/caso/{CASO}/descargar.docx").status_code == 200
    assert _comite(c, "enviar", comentario="Listo para el Comité").status_code == 302
    assert _comite(c, "votar", sentido="a_favor", comentario="Procede").status_code == 302
    assert _comite(c, "aprobar", sesion="Décima sesión ordinaria", fecha_sesion="2026-11-30").status_code == 302
    pagina = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "Aprobado en la sesión del Comité" in pagina and 'data-estado="aprobada"' in pagina
    assert 'class="estado-caso estado-aprobada">Aprobada</a>' in c.get("/").get_data(as_text=True)  # en la lista
    # La página del caso avisa antes de editar que un cambio lo regresa a revisión (la auditoría:
    # solo lo decía la página del Comité, y un clic obligaba a repetir la votación).
    assert "Si guarda un cambio, el caso vuelve a revisión" in c.get(f"/caso/{CASO}").get_data(as_text=True)
    assert "Décima sesión ordinaria" in pagina

    entradas = bitacora.de_caso(motor, CASO)
    assert _acciones(motor) == ["guardar", "generar", "descargar", "enviar_a_revision", "votar", "aprobar"]
    guardado = entradas[0]["detalle"]["diff"]
    assert "-oficio: CTA-40418" in guardado and "+oficio: CTA-77777" in guardado
    assert entradas[2]["detalle"]["formato"] == "docx" and all(e["usuario"] == "local" for e in entradas)
    assert "+oficio: CTA-77777" in pagina  # la bitácora se ve en la página del caso, con su diff

    # El caso nuevo también queda.
    creado = c.post("/nuevo", data={"nombre": "otro", "tipo": "reserva", "institucion": "generica",
                                    "csrf": _csrf(c)})
    assert creado.status_code == 302
    assert [e["accion"] for e in bitacora.de_caso(motor, "otro.yaml")] == ["caso_creado"]
    assert bitacora.verificar_cadena(motor) == []


def test_el_caso_aprobado_cambiado_vuelve_a_revision_y_la_pagina_lo_dice(web):
    app, _, motor = web
    c = app.test_client()
    _comite(c, "enviar")
    _comite(c, "votar", sentido="a_favor")
    _comite(c, "aprobar", sesion="Sesión 1", fecha_sesion="2026-11-30")
    assert _guardar(c).status_code == 302  # nada cambió: sigue aprobado
    assert estados.estado_de(motor, CASO)["estado"] == "aprobada"
    assert _guardar(c, oficio="CTA-CAMBIADO").status_code == 302
    pagina = c.get(f"/caso/{CASO}").get_data(as_text=True)
    assert "volvió a revisión (ronda 2)" in pagina and "los votos anteriores ya no cuentan" in pagina
    assert 'data-estado="en_revision"' in pagina
    comite = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "(ya no cuenta)" in comite and "Volvió a revisión (ronda 2)" in comite
    # Devolverlo a borrador también queda, con el motivo.
    assert _comite(c, "devolver", motivo="Falta la prueba de daño").status_code == 302
    assert _acciones(motor)[-2:] == ["guardar", "devolver"]
    assert bitacora.de_caso(motor, CASO)[-1]["detalle"]["motivo"] == "Falta la prueba de daño"


def test_un_cambio_con_un_editor_tambien_descongela(web):
    app, casos, motor = web
    c = app.test_client()
    _comite(c, "enviar")
    _comite(c, "votar", sentido="a_favor")
    _comite(c, "aprobar", sesion="Sesión 1", fecha_sesion="2026-11-30")
    ruta = casos / CASO
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("CTA-40418", "CTA-A-MANO"), encoding="utf-8")
    pagina = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "volvió a revisión" in pagina and 'data-estado="en_revision"' in pagina
    assert bitacora.de_caso(motor, CASO)[-1]["detalle"]["fuera_de_la_pagina"] is True


def test_las_transiciones_indebidas_se_rechazan_en_espanol(web):
    app, _, motor = web
    c = app.test_client()
    respuesta = _comite(c, "votar", sentido="a_favor")
    assert respuesta.status_code == 409
    assert "No se pudo: no se puede votar: el caso está «Borrador»" in respuesta.get_data(as_text=True)
    _comite(c, "enviar")
    respuesta = _comite(c, "aprobar", sesion="Sesión", fecha_sesion="2026-11-30")
    assert respuesta.status_code == 409 and "hacen falta su voto a favor" in respuesta.get_data(as_text=True)
    assert c.post(f"/caso/{CASO}/comite/enviar", data={}).status_code == 400  # sin CSRF
    assert _acciones(motor) == ["enviar_a_revision"]


def test_cada_rol_en_las_rutas_del_comite(web):
    app, _, motor = web
    _cuentas(motor, ("redactora", "redactor"), ("ana", "integrante"), ("beto", "integrante"), ("lucia", "lector"))
    anonimo = app.test_client()
    assert anonimo.get(f"/caso/{CASO}/comite").status_code == 302  # a la página de entrada
    assert "/cuenta/entrar" in anonimo.get(f"/caso/{CASO}/comite").headers["Location"]

    lector = _entrar(app, "lucia")
    pagina = lector.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "Su cuenta no tiene acciones" in pagina and "Enviar a revisión" not in pagina
    assert _comite(lector, "enviar").status_code == 403
    redactora = _entrar(app, "redactora")
    assert _comite(redactora, "votar", sentido="a_favor").status_code == 403
    assert _comite(redactora, "enviar").status_code == 302
    ana, beto = _entrar(app, "ana"), _entrar(app, "beto")
    assert _comite(ana, "enviar").status_code == 403
    assert _comite(ana, "votar", sentido="a_favor", comentario="de acuerdo").status_code == 302
    respuesta = _comite(ana, "aprobar", sesion="Sesión", fecha_sesion="2026-11-30")
    assert respuesta.status_code == 409
    assert "hacen falta 2 votos a favor de 2 integrantes activos" in respuesta.get_data(as_text=True)
    assert _comite(beto, "votar", sentido="a_favor").status_code == 302
    assert _comite(redactora, "aprobar", sesion="Sesión", fecha_sesion="2026-11-30").status_code == 403
    assert _comite(beto, "aprobar", sesion="Sesión 3", fecha_sesion="2026-11-30").status_code == 302
    assert _comite(redactora, "firmar").status_code == 403
    assert _comite(redactora, "devolver", motivo="x").status_code == 403
    entradas = bitacora.de_caso(motor, CASO)
    assert [(e["accion"], e["usuario"]) for e in entradas] == [
        ("enviar_a_revision", "redactora"), ("votar", "ana"), ("votar", "beto"), ("aprobar", "beto")]
    assert all(e["usuario_id"] for e in entradas)
    # Nadie edita la bitácora desde la página: no hay ruta que lo haga.
    assert not [r for r in app.url_map.iter_rules() if "bitacora" in r.rule and r.methods - {"GET", "HEAD", "OPTIONS"}]


def test_dos_personas_editan_el_mismo_caso(web):
    app, casos, motor = web
    _cuentas(motor, ("rosa", "redactor"), ("tomas", "redactor"))
    rosa, tomas = _entrar(app, "rosa"), _entrar(app, "tomas")
    de_rosa = campos_del_formulario(rosa.get(f"/caso/{CASO}").get_data(as_text=True))
    de_tomas = campos_del_formulario(tomas.get(f"/caso/{CASO}").get_data(as_text=True))
    de_rosa.setlist("oficio", ["CTA-ROSA"])
    de_tomas.setlist("oficio", ["CTA-TOMAS"])
    assert rosa.post(f"/caso/{CASO}", data=de_rosa).status_code == 302
    conflicto = tomas.post(f"/caso/{CASO}", data=de_tomas)
    assert conflicto.status_code == 409
    pagina = conflicto.get_data(as_text=True)
    assert "cambió en el disco" in pagina and "Difiere del archivo en: oficio" in pagina
    assert 'value="CTA-TOMAS"' in pagina  # lo de Tomás sigue en su página
    assert "oficio: CTA-ROSA" in (casos / CASO).read_text(encoding="utf-8")  # lo de Rosa, en el disco
    assert _acciones(motor) == ["guardar"]  # lo que no se guardó no se anota

    # Tomás decide guardar su versión desde la página del conflicto (ya con la versión del disco).
    assert tomas.post(f"/caso/{CASO}", data=campos_del_formulario(pagina)).status_code == 302
    assert "oficio: CTA-TOMAS" in (casos / CASO).read_text(encoding="utf-8")
    entradas = bitacora.de_caso(motor, CASO)
    assert [(e["accion"], e["usuario"]) for e in entradas] == [("guardar", "rosa"), ("guardar", "tomas")]
    assert "-oficio: CTA-40418" in entradas[0]["detalle"]["diff"] and "+oficio: CTA-ROSA" in entradas[0]["detalle"]["diff"]
    # Lo de Rosa no se perdió: la bitácora dice qué reemplazó Tomás.
    assert "-oficio: CTA-ROSA" in entradas[1]["detalle"]["diff"] and "+oficio: CTA-TOMAS" in entradas[1]["detalle"]["diff"]
    assert bitacora.verificar_cadena(motor) == []


# --- La e.firma desde la página --------------------------------------------------------

@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return autoridad(tmp_path_factory.mktemp("autoridad"))


def _firmar(cliente, cer, key, clave=CLAVE):
    with open(cer, "rb") as fc, open(key, "rb") as fk:
        return cliente.post(f"/caso/{CASO}/comite/firmar", content_type="multipart/form-data", data={
            "csrf": _csrf(cliente, f"/caso/{CASO}/comite"), "clave": clave,
            "cer": (fc, "fiel.cer"), "key": (fk, "fiel.key")})


@pytest.mark.skipif(not hay_conversor_pdf(), reason="sin LibreOffice no hay PDF final que firmar")
def test_firmar_desde_la_pagina_y_verificar(web, ca, tmp_path):
    app, casos, motor = web
    c = app.test_client()
    _comite(c, "enviar")
    _comite(c, "votar", sentido="a_favor")
    _comite(c, "aprobar", sesion="Décima sesión ordinaria", fecha_sesion="2026-11-30")
    oscar = credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")
    jorge = credencial(tmp_path, ca, titular="JORGE FUENTES HERNANDEZ", rfc="FUHJ800101AB2")

    mala = _firmar(c, *oscar, clave="no es la contraseña")
    assert mala.status_code == 409 and "no es la contraseña" not in mala.get_data(as_text=True)
    assert "No se pudo" in mala.get_data(as_text=True)
    assert _firmar(c, *oscar).status_code == 302
    aviso = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "Firmado por OSCAR SANCHEZ DELGADO (firma 1 del PDF), sobre su nombre" in aviso
    assert _firmar(c, *oscar).status_code == 409  # el mismo certificado no firma dos veces
    assert _firmar(c, *jorge).status_code == 302

    firmado = (casos / "firmados" / "cta-40418.pdf").read_bytes()
    resultado = verificar_pdf(firmado, [ca[0]])
    assert resultado.valida, resultado.motivos
    assert [f.titular for f in resultado.firmas] == ["OSCAR SANCHEZ DELGADO", "JORGE FUENTES HERNANDEZ"]
    assert not verificar_pdf(firmado, []).valida  # sin la autoridad de confianza, no
    with pymupdf.open(stream=firmado, filetype="pdf") as doc:  # la primera, visible sobre el nombre
        cajas = [w.rect for p in doc for w in p.widgets() if w.field_name.startswith("Firma1")]
    assert cajas and cajas[0].width > 50
    descarga = c.get(f"/caso/{CASO}/firmado.pdf")
    assert descarga.status_code == 200 and descarga.data == firmado
    assert estados.estado_de(motor, CASO)["estado"] == "firmada"
    firmas = [e["detalle"] for e in bitacora.de_caso(motor, CASO) if e["accion"] == "firmar"]
    assert [f["titular"] for f in firmas] == ["OSCAR SANCHEZ DELGADO", "JORGE FUENTES HERNANDEZ"]
    assert bitacora.de_caso(motor, CASO)[-1]["detalle"]["firmado"] is True  # la descarga del firmado
    # La llave y su contraseña no quedaron en ninguna parte: ni en la base ni junto a los casos.
    llave = oscar[1].read_bytes()
    base = (tmp_path / "registro.sqlite3").read_bytes()
    assert CLAVE.encode() not in base and llave[:64] not in base
    assert not [p for p in casos.rglob("*") if p.suffix in (".key", ".cer")]

    # Cambiar el caso firmado: vuelve a revisión, el PDF se aparta y la página lo dice.
    assert _guardar(c, oficio="CTA-DESPUES").status_code == 302
    pagina = c.get(f"/caso/{CASO}").get_data(as_text=True)
    assert "Las firmas electrónicas ya no corresponden al caso" in pagina
    assert not (casos / "firmados" / "cta-40418.pdf").exists()
    apartados = list((casos / "firmados").glob("cta-40418.sin-validez-*.pdf"))
    assert len(apartados) == 1 and apartados[0].read_bytes() == firmado
    assert c.get(f"/caso/{CASO}/firmado.pdf").status_code == 404


def test_una_peticion_de_firma_mas_grande_que_una_e_firma_no_se_lee(web):
    app, casos, motor = web
    c = app.test_client()
    csrf = _csrf(c, f"/caso/{CASO}/comite")
    respuesta = c.post(f"/caso/{CASO}/comite/firmar", content_type="multipart/form-data", data={
        "csrf": csrf, "clave": "x", "cer": (io.BytesIO(b"0" * 70_000), "a.cer"), "key": (io.BytesIO(b"1"), "a.key")})
    assert respuesta.status_code == 413
    assert not (casos / "firmados").exists() and _acciones(motor) == []


@pytest.mark.skipif(not hay_conversor_pdf(), reason="sin LibreOffice no hay PDF final que firmar")
def test_como_lo_haria_una_unidad(web, ca, tmp_path):
    """Tres cuentas, una redactora escribe, dos integrantes aprueban, la presidenta firma; un
    lector no edita, un anónimo no ve nada y la bitácora cuenta toda la historia."""
    app, casos, motor = web
    usuarios.crear(motor, "admin", CONTRASENA, rol="administrador", nombre="Administración")
    for nombre_usuario, rol, nombre, preside, rfc in (
            ("redactora", "redactor", "Rosa Redactora", False, None),
            ("jorge", "integrante", "Jorge Fuentes Hernández", False, "FUHJ800101AB2"),
            ("oscar", "integrante", "Oscar Sánchez Delgado", True, "SADO800101AB1"),
            ("lucia", "lector", "Lucía Lectora", False, None)):
        usuarios.crear(motor, nombre_usuario, CONTRASENA, rol=rol, nombre=nombre, preside=preside, rfc=rfc,
                       por="admin")
    anonimo = app.test_client()
    assert anonimo.get(f"/caso/{CASO}").status_code == 302 and anonimo.get(f"/caso/{CASO}/firmado.pdf").status_code == 302
    lector = _entrar(app, "lucia")
    assert lector.post(f"/caso/{CASO}", data={"csrf": _csrf(lector), "oficio": "X"}).status_code == 403
    assert "CTA-40418" in (casos / CASO).read_text(encoding="utf-8")

    redactora = _entrar(app, "redactora")
    assert _guardar(redactora, oficio="CTA-UNIDAD-1").status_code == 302
    assert _comite(redactora, "enviar").status_code == 302
    jorge, oscar = _entrar(app, "jorge"), _entrar(app, "oscar")
    assert _comite(jorge, "votar", sentido="a_favor").status_code == 302
    assert _comite(oscar, "votar", sentido="a_favor", comentario="Confirmo").status_code == 302
    assert _comite(oscar, "aprobar", sesion="Primera sesión extraordinaria", fecha_sesion="2026-11-30").status_code == 302
    assert _firmar(oscar, *credencial(tmp_path, ca, titular="OSCAR SANCHEZ DELGADO", rfc="SADO800101AB1")).status_code == 302
    assert "sobre su nombre" in oscar.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    resultado = verificar_pdf((casos / "firmados" / "cta-40418.pdf").read_bytes(), [ca[0]])
    assert resultado.valida, resultado.motivos
    assert lector.get(f"/caso/{CASO}/firmado.pdf").status_code == 200  # leer sí puede

    historia = [(e["accion"], e["usuario"]) for e in bitacora.de_caso(motor, CASO)]
    assert historia == [("guardar", "redactora"), ("enviar_a_revision", "redactora"), ("votar", "jorge"),
                        ("votar", "oscar"), ("aprobar", "oscar"), ("firmar", "oscar"), ("descargar", "lucia")]
    assert bitacora.verificar_cadena(motor) == []


def test_un_caso_con_errores_no_va_al_comite(web):
    app, casos, motor = web
    c = app.test_client()
    ruta = casos / CASO
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("fecha: 2018-11-21", "fecha: 2018-02-30", 1),
                    encoding="utf-8")
    respuesta = _comite(c, "enviar")
    assert respuesta.status_code == 409
    assert "corríjalo antes de enviarlo al Comité" in respuesta.get_data(as_text=True)
    assert estados.estado_de(motor, CASO)["estado"] == "borrador" and _acciones(motor) == []


def test_la_aprobacion_propone_la_sesion_del_caso_y_no_acepta_otra_fecha(web):
    """La auditoría 9: el formulario traía la fecha de hoy y se aprobaba sin aviso; la bitácora
    guardaba una sesión y el PDF aprobado decía otra («cuarta sesión, a cuatro de mayo»)."""
    app, casos, motor = web
    texto = (casos / CASO).read_text(encoding="utf-8")
    assert "\nsesion:" not in texto
    (casos / CASO).write_text(texto.replace("\nfecha: 2018-11-21\n",
                                            "\nfecha: 2018-11-21\nsesion: {numero: 4, tipo: ordinaria, fecha: 2018-11-21}\n",
                                            1), encoding="utf-8")
    assert "numero: 4" in (casos / CASO).read_text(encoding="utf-8")
    c = app.test_client()
    assert _comite(c, "enviar").status_code == 302
    assert _comite(c, "votar", sentido="a_favor").status_code == 302
    pagina = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert 'value="Cuarta sesión ordinaria de 2018"' in pagina and 'value="2018-11-21"' in pagina
    respuesta = _comite(c, "aprobar", sesion="Cuarta sesión ordinaria de 2018", fecha_sesion="2026-12-02")
    assert respuesta.status_code == 409 and "no es la que dice la resolución (2018-11-21" in respuesta.get_data(
        as_text=True)
    assert _comite(c, "aprobar", sesion="Cuarta sesión ordinaria de 2018", fecha_sesion="2018-11-21").status_code == 302


def test_las_horas_se_muestran_en_la_de_la_institucion(web, monkeypatch):
    """La bitácora guarda UTC; la página decía «2026-12-02T13:37:35Z» y quien revisaba leía seis
    horas de más. Se muestra en la hora de la Ciudad de México (o la de RESOLUCIONES_ZONA_HORARIA)."""
    import datetime as dt

    from generador.web.horas import hora_local

    assert hora_local("2026-12-02T13:37:35Z") == "02/12/2026 07:37"
    assert hora_local(dt.datetime(2026, 12, 2, 5, 0)) == "01/12/2026 23:00"
    monkeypatch.setenv("RESOLUCIONES_ZONA_HORARIA", "America/Tijuana")
    assert hora_local("2026-12-02T13:37:35Z") == "02/12/2026 05:37"
    monkeypatch.delenv("RESOLUCIONES_ZONA_HORARIA")
    app, _, _ = web
    c = app.test_client()
    assert _comite(c, "enviar").status_code == 302
    pagina = c.get(f"/caso/{CASO}/comite").get_data(as_text=True)
    assert "Cuándo (hora de la Ciudad de México)" in pagina and "UTC" not in pagina
    assert re.search(r"<td>\d\d/\d\d/\d{4} \d\d:\d\d</td>", pagina)
