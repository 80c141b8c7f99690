"""La aprobación del Comité sin la página (issue 20): la bitácora encadenada, los estados del
caso con sus permisos, la mayoría, las rondas y el congelado de lo aprobado, en SQLite y
contra escritores concurrentes."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sqlite3
import threading

import pytest
from sqlalchemy.orm import Session

from generador import registro
from generador.aprobacion import bitacora, congelado, estados
from generador.aprobacion.estados import LOCAL, Actor
from generador.errores import ErrorDeUsuario
from generador.registro.modelos import Usuario


HOY = dt.date.today().isoformat()


@pytest.fixture
def base(tmp_path):
    ruta = tmp_path / "registro.sqlite3"
    motor = registro.motor(f"sqlite:///{ruta}")
    yield motor, ruta
    registro.cerrar_todos()


def _usuario(motor, nombre_usuario: str, rol: str, activo: bool = True) -> Actor:
    ahora = dt.datetime.now(dt.timezone.utc)
    with Session(motor) as s, s.begin():
        u = Usuario(nombre_usuario=nombre_usuario, nombre=nombre_usuario.title(), rol=rol, cargo="",
                    contrasena_hash="x", activo=activo, creado_en=ahora, actualizado_en=ahora)
        s.add(u)
        s.flush()
        return Actor(u.id, nombre_usuario, u.nombre, rol)


def _acciones(motor, caso="c.yaml"):
    return [e["accion"] for e in bitacora.de_caso(motor, caso)]


# --- La bitácora -----------------------------------------------------------------------

def test_la_bitacora_encadena_y_detecta_una_fila_cambiada_a_mano(base):
    motor, ruta = base
    for i in range(3):
        bitacora.anotar_en(motor, usuario_id=None, usuario="local", accion="guardar", caso="c.yaml",
                           detalle=bitacora.diff_de(f"a: {i}\n", f"a: {i + 1}\n"))
    assert bitacora.verificar_cadena(motor) == []
    entradas = bitacora.de_caso(motor, "c.yaml")
    assert [e["detalle"]["diff"].splitlines()[-1] for e in entradas] == ["+a: 1", "+a: 2", "+a: 3"]

    with sqlite3.connect(ruta) as con:  # alguien con acceso a la base cambia el diff del segundo
        con.execute("UPDATE bitacora SET detalle = ? WHERE id = 2", ('{"diff": "nada"}',))
    problemas = bitacora.verificar_cadena(motor)
    assert len(problemas) == 1 and problemas[0].startswith("entrada 2 (guardar")
    assert "huella no corresponde" in problemas[0]


def test_la_bitacora_detecta_una_fila_borrada_y_un_usuario_cambiado(base):
    motor, ruta = base
    for accion in ("guardar", "generar", "descargar", "votar"):
        bitacora.anotar_en(motor, usuario_id=None, usuario="local", accion=accion, caso="c.yaml")
    with sqlite3.connect(ruta) as con:
        con.execute("DELETE FROM bitacora WHERE id = 2")
        con.execute("UPDATE bitacora SET usuario = 'otra' WHERE id = 4")
    problemas = bitacora.verificar_cadena(motor)
    assert [p.split(" (")[0] for p in problemas] == ["entrada 3", "entrada 4"]


def test_la_bitacora_no_acepta_acciones_inventadas_ni_tiene_como_editar(base):
    motor, _ = base
    with pytest.raises(ValueError):
        bitacora.anotar_en(motor, usuario_id=None, usuario="local", accion="borrar", caso="c.yaml")
    publicas = {n for n in dir(bitacora) if not n.startswith("_")}
    assert not {n for n in publicas if any(p in n for p in ("borrar", "editar", "actualizar", "cambiar"))}


def test_el_diff_de_un_guardado_se_recorta(base):
    antes = "".join(f"linea_{i}: {i}\n" for i in range(5000))
    detalle = bitacora.diff_de(antes, antes.replace(": ", ": x"))
    assert detalle["diff_recortado"] and len(detalle["diff"]) == bitacora.LIMITE_DIFF
    assert detalle["diff_caracteres"] > bitacora.LIMITE_DIFF


def test_escritores_concurrentes_no_rompen_la_cadena(base):
    _escritores_a_la_vez(base[0])


def test_escritores_concurrentes_en_postgresql(url_pg):
    motor = registro.motor(url_pg)
    _escritores_a_la_vez(motor)
    _votos_a_la_vez(motor)
    # Y la huella no depende de la zona de la sesión de PostgreSQL.
    with motor.begin() as conexion:
        conexion.exec_driver_sql("ALTER DATABASE " + motor.url.database + " SET timezone TO 'America/Mexico_City'")
    registro.cerrar_todos()
    assert bitacora.verificar_cadena(registro.motor(url_pg)) == []


def _anotar_en_proceso(argumentos) -> None:
    url, quien, veces = argumentos
    m = registro.motor(url)
    for i in range(veces):
        bitacora.anotar_en(m, usuario_id=None, usuario=quien, accion="descargar", caso="c.yaml", detalle={"i": i})
    registro.cerrar_todos()


def _procesos_a_la_vez(url: str) -> None:
    """Seis procesos (como los del servidor con gunicorn) anotan a la vez: la cadena no se bifurca."""
    registro.cerrar_todos()
    with multiprocessing.get_context("fork").Pool(6) as grupo:
        grupo.map(_anotar_en_proceso, [(url, f"proceso{n}", 8) for n in range(6)])
    motor = registro.motor(url)
    assert len(bitacora.de_caso(motor, "c.yaml")) == 48
    assert bitacora.verificar_cadena(motor) == []


def test_procesos_a_la_vez_en_sqlite(tmp_path):
    _procesos_a_la_vez(f"sqlite:///{tmp_path / 'procesos.sqlite3'}")


def test_procesos_a_la_vez_en_postgresql(url_pg):
    _procesos_a_la_vez(url_pg)


def _escritores_a_la_vez(motor):
    errores = []

    def escribir(n):
        try:
            for i in range(10):
                bitacora.anotar_en(motor, usuario_id=None, usuario=f"hilo{n}", accion="generar", caso="c.yaml",
                                   detalle={"i": i})
        except Exception as exc:  # noqa: BLE001 - se informa abajo
            errores.append(exc)

    hilos = [threading.Thread(target=escribir, args=(n,)) for n in range(6)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert len(bitacora.de_caso(motor, "c.yaml")) == 60
    assert bitacora.verificar_cadena(motor) == []


# --- Estados y permisos --------------------------------------------------------------------

def test_el_flujo_completo_de_una_sola_persona(base):
    motor, _ = base
    assert estados.estado_de(motor, "c.yaml")["estado"] == "borrador"
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", LOCAL, "a_favor", "de acuerdo")
    estados.aprobar(motor, "c.yaml", LOCAL, "Primera sesión ordinaria", HOY, sha256=congelado.sha256_de("a: 1\n"))
    e = estados.estado_de(motor, "c.yaml")
    assert (e["estado"], e["sesion"], e["fecha_sesion"].isoformat()) == ("aprobada", "Primera sesión ordinaria", HOY)
    assert _acciones(motor) == ["enviar_a_revision", "votar", "aprobar"]
    aprobar = bitacora.de_caso(motor, "c.yaml")[-1]["detalle"]
    assert aprobar["sesion"] == "Primera sesión ordinaria" and aprobar["de"] == "en_revision"


def test_cada_rol_solo_hace_lo_suyo(base):
    motor, _ = base
    redactora = _usuario(motor, "redactora", "redactor")
    lector = _usuario(motor, "lector", "lector")
    integrante = _usuario(motor, "integrante", "integrante")
    with pytest.raises(ErrorDeUsuario, match=r"su cuenta \(lector\) no tiene permiso para enviar"):
        estados.enviar_a_revision(motor, "c.yaml", lector)
    with pytest.raises(ErrorDeUsuario, match="no tiene permiso para enviar"):
        estados.enviar_a_revision(motor, "c.yaml", integrante)
    estados.enviar_a_revision(motor, "c.yaml", redactora)
    with pytest.raises(ErrorDeUsuario, match=r"\(redactor\) no tiene permiso para votar"):
        estados.votar(motor, "c.yaml", redactora, "a_favor")
    with pytest.raises(ErrorDeUsuario, match="no tiene permiso para registrar la sesión"):
        estados.aprobar(motor, "c.yaml", redactora, "Sesión", HOY, sha256="0" * 64)
    with pytest.raises(ErrorDeUsuario, match="no tiene permiso para devolver"):
        estados.devolver(motor, "c.yaml", lector, "porque sí")
    # Nada de lo rechazado quedó: ni el estado ni la bitácora.
    assert estados.estado_de(motor, "c.yaml")["votos"] == []
    assert _acciones(motor) == ["enviar_a_revision"]


def test_las_transiciones_piden_el_estado_correcto(base):
    motor, _ = base
    integrante = _usuario(motor, "integrante", "integrante")
    with pytest.raises(ErrorDeUsuario, match="no se puede votar: el caso está «Borrador»"):
        estados.votar(motor, "c.yaml", integrante, "a_favor")
    with pytest.raises(ErrorDeUsuario, match="no se puede aprobar: el caso está «Borrador»"):
        estados.aprobar(motor, "c.yaml", integrante, "Sesión", HOY, sha256="0" * 64)
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    with pytest.raises(ErrorDeUsuario, match="no se puede enviar a revisión: el caso está «En revisión"):
        estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    with pytest.raises(ErrorDeUsuario, match="sentido del voto desconocido"):
        estados.votar(motor, "c.yaml", integrante, "quizá")
    with pytest.raises(ErrorDeUsuario, match="nombre de la sesión"):
        estados.aprobar(motor, "c.yaml", integrante, "  ", HOY, sha256="0" * 64)
    with pytest.raises(ErrorDeUsuario, match="fecha de la sesión"):
        estados.aprobar(motor, "c.yaml", integrante, "Sesión", "ayer", sha256="0" * 64)
    with pytest.raises(ErrorDeUsuario, match="diga por qué"):
        estados.devolver(motor, "c.yaml", integrante, "")


def test_aprobar_pide_la_mayoria_de_los_integrantes_activos(base):
    motor, _ = base
    a, b, c = (_usuario(motor, n, "integrante") for n in ("ana", "beto", "carla"))
    _usuario(motor, "dada_de_baja", "integrante", activo=False)  # no cuenta para la mayoría
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", a, "a_favor")
    estados.votar(motor, "c.yaml", b, "en_contra", "falta la prueba de daño")
    with pytest.raises(ErrorDeUsuario, match="hacen falta 2 votos a favor de 3 integrantes activos.*hay 1"):
        estados.aprobar(motor, "c.yaml", a, "Sesión", HOY, sha256="0" * 64)
    estados.votar(motor, "c.yaml", b, "a_favor", "ya está")  # cambia su voto: no se duplica
    detalle = estados.aprobar(motor, "c.yaml", c, "Tercera sesión", HOY, sha256="0" * 64)
    assert (detalle["a_favor"], detalle["integrantes"]) == (2, 3)
    votos = estados.estado_de(motor, "c.yaml")["votos"]
    assert [(v["usuario"], v["sentido"]) for v in votos] == [("ana", "a_favor"), ("beto", "a_favor")]
    cambio = [e["detalle"] for e in bitacora.de_caso(motor, "c.yaml") if e["accion"] == "votar"][-1]
    assert cambio["cambia"] == "en_contra"


def test_devolver_abre_una_ronda_nueva_y_los_votos_viejos_no_cuentan(base):
    motor, _ = base
    ana = _usuario(motor, "ana", "integrante")
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", ana, "a_favor")
    estados.devolver(motor, "c.yaml", ana, "Corregir la fecha del acta")
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    e = estados.estado_de(motor, "c.yaml")
    assert (e["estado"], e["ronda"], e["a_favor"]) == ("en_revision", 2, 0)
    assert [v["cuenta"] for v in e["votos"]] == [False]
    with pytest.raises(ErrorDeUsuario, match="hacen falta 1 votos a favor de 1"):
        estados.aprobar(motor, "c.yaml", ana, "Sesión", HOY, sha256="0" * 64)
    devolucion = [x["detalle"] for x in bitacora.de_caso(motor, "c.yaml") if x["accion"] == "devolver"][0]
    assert devolucion["motivo"] == "Corregir la fecha del acta" and devolucion["ronda"] == 2


def test_votos_concurrentes_de_varios_integrantes_quedan_todos(base):
    _votos_a_la_vez(base[0])


def _votos_a_la_vez(motor):
    integrantes = [_usuario(motor, f"i{n}", "integrante") for n in range(6)]
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    errores = []

    def votar(quien):
        try:
            estados.votar(motor, "c.yaml", quien, "a_favor")
        except Exception as exc:  # noqa: BLE001
            errores.append(exc)

    hilos = [threading.Thread(target=votar, args=(q,)) for q in integrantes]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert estados.estado_de(motor, "c.yaml")["a_favor"] == 6
    assert bitacora.verificar_cadena(motor) == []


# --- El congelado -------------------------------------------------------------------------

def _aprobado(motor, texto="a: 1\n"):
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", LOCAL, "a_favor")
    estados.aprobar(motor, "c.yaml", LOCAL, "Sesión uno", HOY, sha256=congelado.sha256_de(texto))


def test_cambiar_un_caso_aprobado_lo_regresa_a_revision(base, tmp_path):
    motor, _ = base
    _aprobado(motor)
    assert congelado.al_guardar(motor, "c.yaml", "a: 1\n", "a: 1\n", LOCAL, tmp_path) is None  # igual: sigue
    assert estados.estado_de(motor, "c.yaml")["estado"] == "aprobada"
    aviso = congelado.al_guardar(motor, "c.yaml", "a: 1\n", "a: 2\n", LOCAL, tmp_path)
    assert "volvió a revisión (ronda 2)" in aviso and "los votos anteriores ya no cuentan" in aviso
    e = estados.estado_de(motor, "c.yaml")
    assert (e["estado"], e["ronda"], e["sha256_aprobado"], e["a_favor"]) == ("en_revision", 2, None, 0)
    assert [v["cuenta"] for v in e["votos"]] == [False]  # el voto sigue en la base, sin contar
    ultimo = bitacora.de_caso(motor, "c.yaml")[-1]
    assert ultimo["accion"] == "guardar" and ultimo["detalle"]["reabierto"] and ultimo["detalle"]["de"] == "aprobada"
    assert "+a: 2" in ultimo["detalle"]["diff"]


def test_un_cambio_fuera_de_la_pagina_tambien_cuenta(base, tmp_path):
    motor, _ = base
    _aprobado(motor)
    assert congelado.revisar(motor, "c.yaml", "a: 1\n", LOCAL, tmp_path) is None
    assert congelado.revisar(motor, "c.yaml", "a: 9\n", LOCAL, tmp_path).startswith("El caso estaba «Aprobada»")
    assert estados.estado_de(motor, "c.yaml")["estado"] == "en_revision"
    assert bitacora.de_caso(motor, "c.yaml")[-1]["detalle"]["fuera_de_la_pagina"] is True


def test_cambiar_un_caso_firmado_aparta_el_pdf_sin_borrarlo(base, tmp_path):
    motor, _ = base
    _aprobado(motor)
    pdf = congelado.ruta_firmado(tmp_path, "c.yaml")
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-firmado")
    with Session(motor) as s, s.begin():  # una firma anotada (la de verdad la prueba test_web_aprobacion)
        fila = estados.fila_bloqueada(s, "c.yaml")
        estados.registrar_firma(s, fila, LOCAL, campo="Firma1", titular="ANA", rfc="AAAA010101AAA", serie="1",
                                sha256_pdf="f" * 64)
    assert estados.estado_de(motor, "c.yaml")["estado"] == "firmada"
    aviso = congelado.al_guardar(motor, "c.yaml", "a: 1\n", "a: 2\n", LOCAL, tmp_path)
    assert "Las firmas electrónicas ya no corresponden" in aviso
    assert not pdf.exists()
    apartados = list(pdf.parent.glob("c.sin-validez-*.pdf"))
    assert len(apartados) == 1 and apartados[0].read_bytes() == b"%PDF-firmado"
    assert apartados[0].name in aviso
    e = estados.estado_de(motor, "c.yaml")
    assert e["estado"] == "en_revision" and [f["cuenta"] for f in e["firmas"]] == [False]
    assert bitacora.de_caso(motor, "c.yaml")[-1]["detalle"]["pdf_apartado"] == apartados[0].name


def test_reacomodar_el_archivo_sin_cambiar_sus_datos_no_descongela(base, tmp_path):
    motor, _ = base
    _aprobado(motor, "a: 1\nb: [x, y]\n")
    assert congelado.al_guardar(motor, "c.yaml", "a: 1\nb: [x, y]\n", "a: 1\nb:\n  - x\n  - y\n", LOCAL,
                                tmp_path) is None
    e = estados.estado_de(motor, "c.yaml")
    assert e["estado"] == "aprobada" and e["sha256_aprobado"] == congelado.sha256_de("a: 1\nb:\n  - x\n  - y\n")
    assert bitacora.de_caso(motor, "c.yaml")[-1]["detalle"]["mismo_contenido"] is True
    # Y un cambio de datos después sí lo regresa a revisión.
    assert congelado.al_guardar(motor, "c.yaml", "a: 1\nb:\n  - x\n  - y\n", "a: 2\nb: [x, y]\n", LOCAL, tmp_path)
    assert estados.estado_de(motor, "c.yaml")["estado"] == "en_revision"


def test_la_terminal_lee_la_bitacora_y_la_verifica(cli, base):
    motor, ruta = base
    url = f"sqlite:///{ruta}"
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", LOCAL, "en_contra", "falta el acta")
    codigo, salida, _ = cli("bitacora", "c.yaml", "--registro", url)
    assert codigo == 0 and "Envió a revisión" in salida and "Votó: en contra, «falta el acta»" in salida
    codigo, _, errores = cli("bitacora", "--verificar", "--registro", url)
    assert codigo == 0 and "intacta" in errores
    with sqlite3.connect(ruta) as con:
        con.execute("UPDATE bitacora SET detalle = '{}' WHERE id = 2")
    codigo, _, errores = cli("bitacora", "--verificar", "--registro", url)
    assert codigo == 2 and "no está intacta" in errores and "entrada 2 (votar" in errores


def test_borrar_las_ultimas_entradas_se_nota_con_el_ancla(cli, base):
    """La cadena sola no nota que faltan las últimas entradas; la huella anotada antes, sí."""
    motor, ruta = base
    url = f"sqlite:///{ruta}"
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    codigo, _, errores = cli("bitacora", "--verificar", "--registro", url)
    assert codigo == 0 and "Una entrada; la última (1, " in errores
    huella = re.search(r"\n([0-9a-f]{64})\n", errores).group(1)
    with sqlite3.connect(ruta) as con:
        assert con.execute("SELECT huella FROM bitacora ORDER BY id DESC LIMIT 1").fetchone()[0] == huella
    estados.votar(motor, "c.yaml", LOCAL, "a_favor", None)
    codigo, _, errores = cli("bitacora", "--verificar", "--ancla", huella.upper(), "--registro", url)
    assert codigo == 0 and "la entrada de la ancla sigue en ella" in errores
    with sqlite3.connect(ruta) as con:  # quien borra el final: lo que queda sigue encadenado
        con.execute("DELETE FROM bitacora WHERE id >= (SELECT id FROM bitacora WHERE huella = ?)", (huella,))
    codigo, _, errores = cli("bitacora", "--verificar", "--registro", url)
    assert codigo == 0
    codigo, _, errores = cli("bitacora", "--verificar", "--ancla", huella, "--registro", url)
    assert codigo == 2 and f"ninguna entrada tiene la huella {huella}" in errores
    codigo, _, errores = cli("bitacora", "--verificar", "--ancla", "abc", "--registro", url)
    assert codigo == 2 and "64 caracteres hexadecimales" in errores
    codigo, _, errores = cli("bitacora", "c.yaml", "--ancla", huella, "--registro", url)
    assert codigo == 2 and "--ancla solo sirve con --verificar" in errores


def test_el_flujo_y_el_congelado_en_postgresql(url_pg, tmp_path):
    motor = registro.motor(url_pg)
    ana, beto = _usuario(motor, "ana", "integrante"), _usuario(motor, "beto", "integrante")
    estados.enviar_a_revision(motor, "c.yaml", LOCAL)
    estados.votar(motor, "c.yaml", ana, "a_favor")
    with pytest.raises(ErrorDeUsuario, match="hacen falta 2 votos"):
        estados.aprobar(motor, "c.yaml", ana, "Sesión", HOY, sha256=congelado.sha256_de("a: 1\n"))
    estados.votar(motor, "c.yaml", beto, "a_favor")
    estados.aprobar(motor, "c.yaml", beto, "Sesión", HOY, sha256=congelado.sha256_de("a: 1\n"))
    assert estados.estado_de(motor, "c.yaml")["fecha_sesion"].isoformat() == HOY
    assert "ronda 2" in congelado.al_guardar(motor, "c.yaml", "a: 1\n", "a: 2\n", LOCAL, tmp_path)
    e = estados.estado_de(motor, "c.yaml")
    assert (e["estado"], e["ronda"], e["a_favor"]) == ("en_revision", 2, 0)
    assert _acciones(motor) == ["enviar_a_revision", "votar", "votar", "aprobar", "guardar"]
    assert bitacora.verificar_cadena(motor) == []
