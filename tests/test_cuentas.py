"""Las cuentas (issue 20): contraseñas argon2, límite de intentos, sesiones que caducan y se
revocan, el comando ``resoluciones usuarios`` y el cambio de modo con la primera cuenta."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from generador import registro
from generador.aprobacion import bitacora
from generador.cuentas import clave, contrasenas, entrada, intentos, sesiones, usuarios
from generador.cuentas.roles import PERMISOS, ROLES, puede
from generador.errores import ErrorDeUsuario
from generador.registro.modelos import Ajuste, IntentoDeEntrada, Sesion, Usuario
from tests.conftest import MUESTRA

CONTRASENA = "una frase bastante larga"
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def url(tmp_path):
    return "sqlite:///" + str(tmp_path / "registro.sqlite3")


@pytest.fixture
def motor(url):
    return registro.motor(url)


def _acciones(motor) -> list[str]:
    return [e["accion"] for e in bitacora_completa(motor)]


def bitacora_completa(motor) -> list[dict]:
    with Session(motor) as s:
        from generador.registro.modelos import EntradaDeBitacora
        return [{"accion": e.accion, "usuario": e.usuario, "detalle": e.detalle}
                for e in s.scalars(select(EntradaDeBitacora).order_by(EntradaDeBitacora.id))]


# --- roles ------------------------------------------------------------------------------

def test_roles_del_contrato():
    assert ROLES == ("administrador", "redactor", "integrante", "lector")
    assert all(puede(r, "ver") for r in ROLES)
    assert not puede("lector", "editar") and puede("redactor", "editar") and not puede("integrante", "editar")
    assert puede("integrante", "firmar") and not puede("administrador", "firmar")
    assert puede("administrador", "administrar") and not any(puede(r, "administrar") for r in ROLES[1:])
    assert not puede("administrador", "permiso-inventado") and not puede("jefe", "ver")
    assert set(PERMISOS) == {"ver", "editar", "enviar_a_revision", "votar", "aprobar", "firmar", "administrar"}


# --- contraseñas --------------------------------------------------------------------------

def test_contrasena_con_argon2id_y_verificacion():
    guardado = contrasenas.cifrar(CONTRASENA)
    assert guardado.startswith("$argon2id$") and CONTRASENA not in guardado
    assert contrasenas.verificar(guardado, CONTRASENA)
    assert not contrasenas.verificar(guardado, CONTRASENA + "x")
    assert not contrasenas.verificar(None, CONTRASENA)  # la cuenta no existe: no, pero se verifica igual
    assert not contrasenas.verificar("no-es-un-hash", CONTRASENA)
    assert contrasenas.cifrar(CONTRASENA) != guardado  # sal aleatoria
    assert not contrasenas.necesita_rehash(guardado)


def test_contrasena_corta_se_rechaza_en_espanol():
    with pytest.raises(ErrorDeUsuario, match="al menos 12 caracteres"):
        contrasenas.cifrar("corta")


def test_hash_debil_se_rehace_al_entrar(motor):
    from argon2 import PasswordHasher
    usuarios.crear(motor, "ana", CONTRASENA, rol="redactor")
    debil = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(CONTRASENA)
    with Session(motor) as s, s.begin():
        s.scalar(select(Usuario)).contrasena_hash = debil
    entrada.entrar(motor, "ana", CONTRASENA, direccion="10.0.0.1")
    with Session(motor) as s:
        nuevo = s.scalar(select(Usuario)).contrasena_hash
    assert nuevo != debil and not contrasenas.necesita_rehash(nuevo)


# --- usuarios -----------------------------------------------------------------------------

def test_crear_listar_y_no_duplicar(motor):
    assert not usuarios.hay_activas(motor)
    cuenta = usuarios.crear(motor, "  MLopez ", CONTRASENA, rol="integrante", nombre="María López", preside=True,
                            cargo="Presidenta", correo="mlopez@example.org")
    assert cuenta.nombre_usuario == "mlopez" and cuenta.preside and cuenta.activo
    assert usuarios.hay_activas(motor)
    with pytest.raises(ErrorDeUsuario, match="ya existe la cuenta «mlopez»"):
        usuarios.crear(motor, "mlopez", CONTRASENA, rol="lector")
    with pytest.raises(ErrorDeUsuario, match="rol desconocido"):
        usuarios.crear(motor, "otro", CONTRASENA, rol="jefe")
    with pytest.raises(ErrorDeUsuario, match="nombre de usuario no válido"):
        usuarios.crear(motor, "con espacio", CONTRASENA, rol="lector")
    with pytest.raises(ErrorDeUsuario, match="presidirlo"):
        usuarios.crear(motor, "otro", CONTRASENA, rol="lector", preside=True)
    assert [c.nombre_usuario for c in usuarios.listar(motor)] == ["mlopez"]
    with Session(motor) as s:
        assert s.scalar(select(Usuario.contrasena_hash)).startswith("$argon2id$")
    assert _acciones(motor) == ["usuario_creado"]


@pytest.mark.parametrize("rfc", ["LOPM800101AB", "LOPM801301AB1", "LOPM800132AB1", "LOP1800101AB1",
                                 "LOP800101AB1", "LOPM800101AB1X", "LOPM-800101-AB1"])
def test_rfc_con_forma_de_persona_fisica(motor, rfc):
    with pytest.raises(ErrorDeUsuario, match="RFC no válido.*persona física tiene 13 caracteres"):
        usuarios.crear(motor, "ana", CONTRASENA, rol="integrante", rfc=rfc)
    assert usuarios.listar(motor) == [] and _acciones(motor) == []


def test_rfc_se_normaliza_se_cambia_y_queda_en_la_bitacora(motor):
    cuenta = usuarios.crear(motor, "ana", CONTRASENA, rol="integrante", rfc="  peña800101ab1 ")
    assert cuenta.rfc == "PEÑA800101AB1"
    assert usuarios.crear(motor, "amp", CONTRASENA, rol="integrante", rfc="M&RA751231Z9A").rfc == "M&RA751231Z9A"
    assert usuarios.crear(motor, "beto", CONTRASENA, rol="lector", rfc="  ").rfc is None
    assert usuarios.cambiar_rfc(motor, "beto", "gobe900215kk3", por="admin") == "GOBE900215KK3"
    assert usuarios.cambiar_rfc(motor, "ANA", "PEBA800101AB2") == "PEBA800101AB2"
    with pytest.raises(ErrorDeUsuario, match="RFC no válido"):
        usuarios.cambiar_rfc(motor, "ana", "no-es-un-rfc")
    with pytest.raises(ErrorDeUsuario, match="no existe la cuenta «nadie»"):
        usuarios.cambiar_rfc(motor, "nadie", "PEBA800101AB2")
    assert {c.nombre_usuario: c.rfc for c in usuarios.listar(motor)} == {
        "amp": "M&RA751231Z9A", "ana": "PEBA800101AB2", "beto": "GOBE900215KK3"}
    cambios = [e for e in bitacora_completa(motor) if e["accion"] == "rfc_cambiado"]
    assert [(e["usuario"], e["detalle"]) for e in cambios] == [
        ("admin", {"cuenta": "beto", "anterior": None, "rfc": "GOBE900215KK3"}),
        ("terminal", {"cuenta": "ana", "anterior": "PEÑA800101AB1", "rfc": "PEBA800101AB2"})]
    assert bitacora.verificar_cadena(motor) == []


def test_desactivar_revoca_las_sesiones_y_no_deja_entrar(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="redactor")
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    otro, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    assert sesiones.vigente(motor, token, ahora=T0) is not None
    assert usuarios.desactivar(motor, "ana", por="admin") == 2
    assert sesiones.vigente(motor, token, ahora=T0) is None and sesiones.vigente(motor, otro, ahora=T0) is None
    assert not usuarios.hay_activas(motor)
    with pytest.raises(ErrorDeUsuario, match="Usuario o contraseña incorrectos"):
        entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    with pytest.raises(ErrorDeUsuario, match="ya estaba desactivada"):
        usuarios.desactivar(motor, "ana")
    assert "usuario_desactivado" in _acciones(motor)


def test_cambiar_contrasena_cierra_las_sesiones(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="redactor")
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    assert usuarios.cambiar_contrasena(motor, "ana", "otra frase igual de larga") == 1
    assert sesiones.vigente(motor, token, ahora=T0) is None
    with pytest.raises(ErrorDeUsuario):
        entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    entrada.entrar(motor, "ana", "otra frase igual de larga", ahora=T0)
    assert _acciones(motor)[-3:] == ["contrasena_cambiada", "entrada_fallida", "entrar"]


# --- sesiones -----------------------------------------------------------------------------

def test_la_base_guarda_solo_el_sha256_del_token(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    token, vigente = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0, direccion="10.1.1.1")
    assert vigente.rol == "lector" and len(token) >= 40
    with Session(motor) as s:
        fila = s.scalar(select(Sesion))
    assert fila.id == sesiones.huella(token) != token and fila.direccion == "10.1.1.1"


def test_sesion_caduca_por_inactividad_y_por_maximo(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    minuto = dt.timedelta(minutes=1)
    assert sesiones.vigente(motor, token, ahora=T0 + 29 * minuto) is not None  # y renueva la actividad
    assert sesiones.vigente(motor, token, ahora=T0 + 58 * minuto) is not None  # 29 min desde la última
    assert sesiones.vigente(motor, token, ahora=T0 + 89 * minuto) is None       # 31 min sin uso
    # Usada cada 20 minutos, igual caduca a las 12 horas.
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    momento = T0
    while momento + 20 * minuto < T0 + dt.timedelta(hours=12):
        momento += 20 * minuto
        assert sesiones.vigente(motor, token, ahora=momento) is not None, momento
    assert sesiones.vigente(motor, token, ahora=T0 + dt.timedelta(hours=12)) is None
    # Configurable.
    corta = sesiones.Duracion(inactividad=dt.timedelta(minutes=5), maxima=dt.timedelta(hours=1))
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0, duracion=corta)
    assert sesiones.vigente(motor, token, ahora=T0 + 4 * minuto, duracion=corta) is not None
    assert sesiones.vigente(motor, token, ahora=T0 + 10 * minuto, duracion=corta) is None


def test_salir_revoca_la_sesion_y_lo_anota(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    token, _ = entrada.entrar(motor, "ana", CONTRASENA, ahora=T0)
    entrada.salir(motor, token)
    assert sesiones.vigente(motor, token, ahora=T0) is None
    entrada.salir(motor, token)  # dos veces: nada
    assert sesiones.vigente(motor, "token-inventado", ahora=T0) is None
    assert _acciones(motor) == ["usuario_creado", "entrar", "salir"]
    assert bitacora.verificar_cadena(motor) == []


# --- límite de intentos -----------------------------------------------------------------------

def test_cinco_fallos_bloquean_la_cuenta_quince_minutos(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    for i in range(5):
        with pytest.raises(ErrorDeUsuario, match="incorrectos"):
            entrada.entrar(motor, "ana", "no es la contraseña", ahora=T0 + dt.timedelta(seconds=i), direccion=f"10.0.0.{i}")
    # Bloqueada aunque la contraseña sea la buena y venga de otra dirección.
    with pytest.raises(ErrorDeUsuario, match=r"^Demasiados intentos; espere 15 minutos\.$"):
        entrada.entrar(motor, "ana", CONTRASENA, ahora=T0 + dt.timedelta(seconds=10), direccion="10.9.9.9")
    with pytest.raises(ErrorDeUsuario, match="espere 5 minutos"):
        entrada.entrar(motor, "ana", CONTRASENA, ahora=T0 + dt.timedelta(minutes=10), direccion="10.9.9.9")
    # Otra cuenta no está bloqueada.
    usuarios.crear(motor, "beto", CONTRASENA, rol="lector")
    entrada.entrar(motor, "beto", CONTRASENA, ahora=T0 + dt.timedelta(minutes=1), direccion="10.0.0.1")
    # Pasada la ventana, entra; y la entrada correcta vuelve a contar desde cero.
    entrada.entrar(motor, "ana", CONTRASENA, ahora=T0 + dt.timedelta(minutes=15, seconds=1))
    with pytest.raises(ErrorDeUsuario, match="incorrectos"):
        entrada.entrar(motor, "ana", "otra mala", ahora=T0 + dt.timedelta(minutes=16))
    assert _acciones(motor).count("entrada_fallida") == 6


def test_veinte_fallos_desde_una_direccion_la_bloquean(motor):
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    for i in range(20):  # cuentas distintas (y que no existen): no se bloquea ninguna cuenta
        with pytest.raises(ErrorDeUsuario, match="incorrectos"):
            entrada.entrar(motor, f"nadie{i}", "x" * 12, ahora=T0 + dt.timedelta(seconds=i), direccion="10.6.6.6")
    with pytest.raises(ErrorDeUsuario, match="Demasiados intentos"):
        entrada.entrar(motor, "ana", CONTRASENA, ahora=T0 + dt.timedelta(minutes=1), direccion="10.6.6.6")
    entrada.entrar(motor, "ana", CONTRASENA, ahora=T0 + dt.timedelta(minutes=1), direccion="10.7.7.7")


def test_el_limite_se_cuenta_en_la_base_no_en_memoria(url, motor):
    """Otro motor sobre la misma base (otro proceso) ve los mismos intentos."""
    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    for i in range(5):
        with pytest.raises(ErrorDeUsuario):
            entrada.entrar(motor, "ana", "mala mala mala", ahora=T0)
    otro = registro.crear_motor(url)
    try:
        with pytest.raises(ErrorDeUsuario, match="Demasiados intentos"):
            entrada.entrar(otro, "ana", CONTRASENA, ahora=T0)
    finally:
        otro.dispose()
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(IntentoDeEntrada)) == 5  # el bloqueado no se anota


def test_los_intentos_viejos_se_borran(motor):
    with Session(motor) as s, s.begin():
        intentos.anotar(s, "ana", "1.1.1.1", exito=False, ahora=T0)
        intentos.anotar(s, "ana", "1.1.1.1", exito=False, ahora=T0 + dt.timedelta(days=2))
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(IntentoDeEntrada)) == 1


# --- clave secreta ------------------------------------------------------------------------

def test_clave_secreta_una_vez_en_la_base(motor, monkeypatch):
    monkeypatch.delenv(clave.VARIABLE, raising=False)
    primera = clave.clave_secreta(motor)
    assert len(primera) == 32 and clave.clave_secreta(motor) == primera
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(Ajuste)) == 1
    monkeypatch.setenv(clave.VARIABLE, "k" * 40)
    assert clave.clave_secreta(motor) == b"k" * 40
    monkeypatch.setenv(clave.VARIABLE, "corta")
    with pytest.raises(ErrorDeUsuario, match="demasiado corta"):
        clave.clave_secreta(motor)


def test_clave_secreta_sin_carrera(url, monkeypatch):
    """Varios procesos (motores) que arrancan a la vez obtienen la misma clave."""
    import threading

    monkeypatch.delenv(clave.VARIABLE, raising=False)
    registro.motor(url)
    motores = [registro.crear_motor(url) for _ in range(6)]
    salidas, barrera = [], threading.Barrier(len(motores))

    def uno(m):
        barrera.wait()
        salidas.append(clave.clave_secreta(m))

    hilos = [threading.Thread(target=uno, args=(m,)) for m in motores]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    for m in motores:
        m.dispose()
    assert len(salidas) == 6 and len(set(salidas)) == 1


# --- el comando --------------------------------------------------------------------------

def test_cli_crear_listar_desactivar(cli, url, monkeypatch):
    monkeypatch.setenv("RESOLUCIONES_CONTRASENA", CONTRASENA)
    codigo, salida, errores = cli("usuarios", "crear", "admin", "--rol", "administrador", "--nombre", "Admin Uno",
                                  "--registro", url)
    assert codigo == 0 and "Cuenta «admin» creada (Administrador)" in salida
    assert "primera cuenta activa" in errores
    codigo, salida, errores = cli("usuarios", "crear", "pres", "--rol", "integrante", "--preside", "--cargo",
                                  "Presidente", "--registro", url)
    assert codigo == 0 and "primera" not in errores
    codigo, salida, errores = cli("usuarios", "crear", "admin", "--rol", "lector", "--registro", url)
    assert codigo == 2 and "ya existe la cuenta «admin»" in errores and "Traceback" not in errores
    codigo, salida, errores = cli("usuarios", "crear", "x1", "--rol", "jefe", "--registro", url)
    assert codigo == 2 and "no es una de estas opciones" in errores
    monkeypatch.setenv("RESOLUCIONES_CONTRASENA", "corta")
    codigo, salida, errores = cli("usuarios", "crear", "x2", "--rol", "lector", "--registro", url)
    assert codigo == 2 and "al menos 12 caracteres" in errores
    codigo, salida, _ = cli("usuarios", "listar", "--registro", url)
    assert codigo == 0
    lineas = salida.splitlines()
    assert len(lineas) == 2 and lineas[0].startswith("admin  Administrador  activa  «Admin Uno»")
    assert "Integrante del Comité, preside  activa" in lineas[1] and "Presidente" in lineas[1]
    codigo, salida, _ = cli("usuarios", "desactivar", "pres", "--registro", url)
    assert codigo == 0 and "desactivada" in salida
    codigo, salida, errores = cli("usuarios", "desactivar", "pres", "--registro", url)
    assert codigo == 2 and "ya estaba desactivada" in errores
    codigo, salida, errores = cli("usuarios", "desactivar", "nadie", "--registro", url)
    assert codigo == 2 and "no existe la cuenta «nadie»" in errores
    assert "desactivada" in cli("usuarios", "listar", "--registro", url)[1].splitlines()[1]


def test_cli_rfc_al_crear_y_despues(cli, url, motor, monkeypatch):
    monkeypatch.setenv("RESOLUCIONES_CONTRASENA", CONTRASENA)
    codigo, _, errores = cli("usuarios", "crear", "ana", "--rol", "integrante", "--rfc", "ABC", "--registro", url)
    assert codigo == 2 and "RFC no válido: «ABC»" in errores and "Traceback" not in errores
    assert usuarios.listar(motor) == []
    codigo, salida, _ = cli("usuarios", "crear", "ana", "--rol", "integrante", "--rfc", "sado800101ab1",
                            "--registro", url)
    assert codigo == 0 and usuarios.buscar(motor, "ana").rfc == "SADO800101AB1"
    codigo, _, errores = cli("usuarios", "crear", "jorge", "--rol", "integrante", "--registro", url)
    assert codigo == 0 and "Sin RFC, no podrá firmar" in errores and "usuarios rfc jorge" in errores
    lineas = cli("usuarios", "listar", "--registro", url)[1].splitlines()
    assert "RFC SADO800101AB1" in lineas[0] and "sin RFC (no puede firmar)" in lineas[1]
    codigo, salida, _ = cli("usuarios", "rfc", "jorge", "fuhj800101ab2", "--registro", url)
    assert codigo == 0 and "RFC de «jorge»: FUHJ800101AB2" in salida
    assert usuarios.buscar(motor, "jorge").rfc == "FUHJ800101AB2"
    codigo, _, errores = cli("usuarios", "rfc", "jorge", "FUHJ80010", "--registro", url)
    assert codigo == 2 and "RFC no válido" in errores and usuarios.buscar(motor, "jorge").rfc == "FUHJ800101AB2"
    codigo, _, errores = cli("usuarios", "rfc", "nadie", "FUHJ800101AB2", "--registro", url)
    assert codigo == 2 and "no existe la cuenta «nadie»" in errores
    assert _acciones(motor).count("rfc_cambiado") == 1


def test_cli_contrasena_por_la_terminal_dos_veces(cli, url, monkeypatch):
    monkeypatch.delenv("RESOLUCIONES_CONTRASENA", raising=False)
    codigo, salida, errores = cli("usuarios", "crear", "ana", "--rol", "redactor", "--registro", url,
                                  entrada=f"{CONTRASENA}\n{CONTRASENA}\n")
    assert codigo == 0 and CONTRASENA not in salida + errores
    codigo, _, errores = cli("usuarios", "contrasena", "ana", "--registro", url,
                             entrada="nueva contraseña larga\notra distinta del todo\n")
    assert codigo == 2 and "las dos contraseñas no coinciden" in errores
    codigo, _, errores = cli("usuarios", "contrasena", "ana", "--registro", url,
                             entrada="nueva contraseña larga\nnueva contraseña larga\n")
    assert codigo == 0, errores
    m = registro.motor(url)
    entrada.entrar(m, "ana", "nueva contraseña larga")
    assert _acciones(m)[-2:] == ["contrasena_cambiada", "entrar"]
    codigo, _, errores = cli("usuarios", "contrasena", "nadie", "--registro", url, entrada="x\n")
    assert codigo == 2 and "no existe la cuenta" in errores


def test_cli_listar_sin_cuentas(cli, url):
    codigo, salida, _ = cli("usuarios", "listar", "--registro", url)
    assert codigo == 0 and "no tiene cuentas" in salida


# --- el modo de la página -------------------------------------------------------------------

def test_la_primera_cuenta_pide_entrar_sin_reiniciar(tmp_path, url, monkeypatch):
    from generador.web import crear_app, permisos

    reloj = [1000.0]
    monkeypatch.setattr(permisos.time, "monotonic", lambda: reloj[0])
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos, registro=url)
    c = app.test_client()
    assert c.get("/").status_code == 200  # una persona: como siempre
    usuarios.crear(registro.motor(url), "ana", CONTRASENA, rol="lector")
    respuesta = c.get("/caso/cta-40418.yaml")  # al instante: «no hay cuentas» no se guarda en caché
    assert respuesta.status_code == 302 and "/cuenta/entrar" in respuesta.headers["Location"]
    pagina = c.get("/cuenta/entrar").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)
    respuesta = c.post("/cuenta/entrar", data={"csrf": csrf, "usuario": "ana", "contrasena": CONTRASENA,
                                               "siguiente": "/caso/cta-40418.yaml"})
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("/caso/cta-40418.yaml")
    assert c.get("/caso/cta-40418.yaml").status_code == 200
    usuarios.desactivar(registro.motor(url), "ana")
    reloj[0] += 2.5
    assert c.get("/").status_code == 200  # sin cuentas activas: de nuevo una persona (en esta computadora)


def test_escuchar_en_la_red_sin_token_solo_con_cuentas(tmp_path, url, monkeypatch):
    from generador.web import crear_app, cuentas_web, permisos, seguridad

    with pytest.raises(ErrorDeUsuario, match="usuarios crear"):
        seguridad.revisar_escucha("0.0.0.0", None, con_cuentas=cuentas_web.hay_cuentas(url))
    with pytest.raises(ErrorDeUsuario):
        seguridad.revisar_escucha("0.0.0.0", None)
    assert not cuentas_web.hay_cuentas(None)
    usuarios.crear(registro.motor(url), "ana", CONTRASENA, rol="lector")
    seguridad.revisar_escucha("0.0.0.0", None, con_cuentas=cuentas_web.hay_cuentas(url))  # sin error
    # Abierta a la red sin token: con cuentas pide entrar; si se desactivan todas, no atiende a nadie.
    reloj = [0.0]
    monkeypatch.setattr(permisos.time, "monotonic", lambda: reloj[0])
    app = crear_app(tmp_path, registro=url, anfitrion="0.0.0.0")
    c = app.test_client()
    assert c.get("/").status_code == 302
    usuarios.desactivar(registro.motor(url), "ana")
    reloj[0] += 3
    respuesta = c.get("/")
    assert respuesta.status_code == 403 and "no tiene cuentas activas" in respuesta.get_data(as_text=True)
    assert c.get("/estaticos/app.css").status_code == 200


def test_intentos_simultaneos_no_pasan_del_limite(motor):
    """Doce intentos a la vez contra la misma cuenta: solo cinco llegan a probar la contraseña."""
    import threading

    usuarios.crear(motor, "ana", CONTRASENA, rol="lector")
    mensajes, barrera = [], threading.Barrier(12)

    def uno():
        barrera.wait()
        try:
            entrada.entrar(motor, "ana", "no es la contraseña", ahora=T0)
        except ErrorDeUsuario as exc:
            mensajes.append(exc.texto())

    hilos = [threading.Thread(target=uno) for _ in range(12)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(m.split(";")[0].split(" ")[0] for m in mensajes) == ["Demasiados"] * 7 + ["Usuario"] * 5


def test_en_postgresql_entrar_limite_simultaneo_desactivar_y_clave(url_pg, monkeypatch):  # noqa: F811
    """Lo mismo en PostgreSQL: el candado consultivo hace cumplir el límite con intentos simultáneos."""
    import threading

    monkeypatch.delenv(clave.VARIABLE, raising=False)
    m = registro.motor(url_pg)
    usuarios.crear(m, "ana", CONTRASENA, rol="integrante", preside=True)
    token, vigente = entrada.entrar(m, "ana", CONTRASENA, ahora=T0, direccion="10.0.0.1")
    assert vigente.preside and sesiones.vigente(m, token, ahora=T0 + dt.timedelta(minutes=5)) is not None
    assert sesiones.vigente(m, token, ahora=T0 + dt.timedelta(hours=13)) is None
    mensajes, barrera = [], threading.Barrier(10)

    def uno():
        barrera.wait()
        try:
            entrada.entrar(m, "ana", "no es la contraseña", ahora=T0 + dt.timedelta(minutes=1))
        except ErrorDeUsuario as exc:
            mensajes.append(exc.texto().split(" ")[0])

    hilos = [threading.Thread(target=uno) for _ in range(10)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(mensajes) == ["Demasiados"] * 5 + ["Usuario"] * 5
    assert usuarios.desactivar(m, "ana") == 1 and sesiones.vigente(m, token, ahora=T0) is None
    motores = [registro.crear_motor(url_pg) for _ in range(3)]
    claves = {clave.clave_secreta(otro) for otro in motores}
    for otro in motores:
        otro.dispose()
    assert len(claves) == 1
    assert bitacora.verificar_cadena(m) == []


def test_duracion_de_las_sesiones_por_variables_de_entorno(monkeypatch):
    monkeypatch.setenv(sesiones.VARIABLE_INACTIVIDAD, "10")
    monkeypatch.setenv(sesiones.VARIABLE_MAXIMA, "2")
    d = sesiones.duracion_del_entorno()
    assert d.inactividad == dt.timedelta(minutes=10) and d.maxima == dt.timedelta(hours=2)
    monkeypatch.setenv(sesiones.VARIABLE_MAXIMA, "mucho")
    with pytest.raises(ErrorDeUsuario, match="RESOLUCIONES_SESION_HORAS debe ser un número positivo"):
        sesiones.duracion_del_entorno()
    monkeypatch.delenv(sesiones.VARIABLE_MAXIMA)
    monkeypatch.delenv(sesiones.VARIABLE_INACTIVIDAD)
    assert sesiones.duracion_del_entorno() == sesiones.Duracion()
