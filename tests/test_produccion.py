"""``servir --produccion`` (issue 20): el servidor de la unidad, de verdad, en un subproceso.

Veinte personas a la vez (hilos, cada una con su sesión) abren páginas, validan en vivo y
guardan, con gunicorn de dos procesos y con waitress: ningún error, ningún 5xx, y la sesión
abierta en un proceso vale en el otro. La clave de las cookies es la de la base: sobrevive a
un reinicio. Un archivo de configuración mal escrito, o producción sin base, se dice en
español (código 2) sin arrancar nada; al detenerlo no queda ningún proceso.
"""

from __future__ import annotations

import http.client
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
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from generador.errores import ErrorDeUsuario
from generador.web import crear_app
from generador.web.configuracion import Configuracion, cargar
from generador.web.produccion import preparar

from .conftest import MUESTRA, procesos_vivos
from .test_web import campos_del_formulario

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="los procesos vivos se leen en /proc")

CLIENTES = 20
PETICIONES = 10  # por cliente: acotado


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pedir(puerto: int, metodo: str, ruta: str, cuerpo: bytes | None = None, cabeceras: dict | None = None):
    """Una petición en una conexión nueva (así el sistema la reparte entre los procesos)."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=120)
    try:
        conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras or {})
        respuesta = conexion.getresponse()
        return respuesta.status, respuesta.getheaders(), respuesta.read()
    finally:
        conexion.close()


def _configuracion(tmp_path: Path, puerto: int, **extra) -> Path:
    # Con un plazo de cierre largo, un proceso que no terminara solo (y que gunicorn mataría al
    # vencer el plazo) haría fallar la espera de _detener en lugar de pasar inadvertido.
    lineas = [f'carpeta = "{tmp_path / "casos"}"', f"puerto = {puerto}", f'registro = "{tmp_path / "base.sqlite3"}"',
              "procesos = 2", "hilos = 4", "plazo_de_cierre = 300"]
    for clave, valor in extra.items():
        lineas.append(f"{clave} = " + (f'"{valor}"' if isinstance(valor, str) else
                                       "[" + ", ".join(f'"{v}"' for v in valor) + "]" if isinstance(valor, list)
                                       else str(valor).lower()))
    archivo = tmp_path / "servidor.toml"
    archivo.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return archivo


def _entorno(**cambios) -> dict:
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("RESOLUCIONES_") or k == "RESOLUCIONES_CACHE"}
    entorno.update(cambios)
    return entorno


@contextmanager
def _servidor(tmp_path: Path, servidor: str, *, casos: int = 1, entorno: dict | None = None, **extra):
    """El servidor de producción corriendo: (proceso, puerto, carpeta de casos, archivo de su salida)."""
    carpeta = tmp_path / "casos"
    carpeta.mkdir(exist_ok=True)
    for i in range(casos):
        if not (carpeta / f"caso-{i:02d}.yaml").exists():
            shutil.copy(MUESTRA, carpeta / f"caso-{i:02d}.yaml")
    puerto = _puerto_libre()
    archivo = _configuracion(tmp_path, puerto, **extra)
    salida = tmp_path / f"salida-{puerto}.txt"
    with salida.open("wb") as escrito:  # a un archivo: una tubería llena detendría al servidor
        proceso = subprocess.Popen(
            [sys.executable, "-m", "generador", "servir", "--produccion", "--configuracion", str(archivo),
             "--servidor", servidor], stdout=escrito, stderr=subprocess.STDOUT, start_new_session=True,
            env=entorno if entorno is not None else _entorno())
    try:
        limite = time.monotonic() + 90
        while True:
            try:
                if _pedir(puerto, "GET", "/")[0] in (200, 302):  # 302: con cuentas, a la página de entrada
                    break
            except OSError:
                pass
            assert proceso.poll() is None, salida.read_text(encoding="utf-8")
            assert time.monotonic() < limite, "el servidor no respondió"
            time.sleep(0.2)
        yield proceso, puerto, carpeta, salida
    finally:
        if proceso.poll() is None:
            os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait()


def _esperar_procesos(pid: int, cuantos: int) -> None:
    """gunicorn crea sus procesos uno tras otro y el primero ya responde antes de que exista
    el segundo: se espera (acotado) a que estén todos."""
    limite = time.monotonic() + 30
    while len(procesos_vivos(padre=pid)) < cuantos and time.monotonic() < limite:
        time.sleep(0.05)
    assert len(procesos_vivos(padre=pid)) == cuantos


def _descendientes(pid: int) -> list[int]:
    hijos = procesos_vivos(padre=pid)
    return hijos + [n for h in hijos for n in _descendientes(h)]


def _detener(proceso, salida: Path, *, ctrl_c: bool = False) -> str:
    """SIGTERM (o Ctrl+C: SIGINT a todo el grupo, como la terminal): termina con 0, lo dice una
    vez, sin traza, ningún proceso tuvo que ser matado y no queda ninguno (tampoco los
    LibreOffice, que tienen su propio grupo)."""
    todos = _descendientes(proceso.pid)
    if ctrl_c:
        os.killpg(proceso.pid, signal.SIGINT)
    else:
        proceso.send_signal(signal.SIGTERM)
    try:
        assert proceso.wait(timeout=60) == 0, salida.read_text(encoding="utf-8")
    except subprocess.TimeoutExpired:
        donde = {p: Path(f"/proc/{p}/wchan").read_text() for p in procesos_vivos(grupo=proceso.pid)}
        pytest.fail(f"el servidor no terminó; procesos que quedan y dónde esperan: {donde}\n"
                    + salida.read_text(encoding="utf-8")[-3000:])
    texto = salida.read_text(encoding="utf-8")
    assert texto.count("Servidor detenido.") == 1 and "Traceback" not in texto, texto
    assert "SIGKILL" not in texto, texto  # gunicorn lo dice cuando un proceso no terminó solo
    limite = time.monotonic() + 30

    def quedan() -> list[int]:
        return procesos_vivos(grupo=proceso.pid) + [p for p in todos if _vivos(p)]

    while quedan() and time.monotonic() < limite:
        time.sleep(0.1)
    assert not quedan(), f"quedaron procesos del servidor o de LibreOffice: {quedan()}"
    return texto


def _vivos(pid: int) -> bool:
    """Si el proceso sigue vivo (no zombi)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _cookie(cabeceras) -> str:
    return next(v for k, v in cabeceras if k.lower() == "set-cookie")


class Cliente:
    """Una persona: su cookie de sesión y su token CSRF, en cada petición una conexión nueva."""

    def __init__(self, puerto: int, caso: str):
        self.puerto, self.caso, self.cookie = puerto, caso, ""
        self.estados: list[tuple[str, int]] = []

    def pedir(self, metodo: str, ruta: str, datos=None) -> tuple[int, list, bytes]:
        cabeceras = {"Cookie": self.cookie} if self.cookie else {}
        cuerpo = None
        if datos is not None:
            cuerpo = urllib.parse.urlencode(list(datos.items(multi=True))).encode()
            cabeceras.update({"Content-Type": "application/x-www-form-urlencoded",
                              "Origin": f"http://127.0.0.1:{self.puerto}"})
        estado, respuesta, contenido = _pedir(self.puerto, metodo, ruta, cuerpo, cabeceras)
        nueva = [v for k, v in respuesta if k.lower() == "set-cookie"]
        if nueva:
            self.cookie = nueva[0].split(";")[0]
        self.estados.append((f"{metodo} {ruta}", estado))
        return estado, respuesta, contenido

    def trabajar(self) -> None:
        ruta = f"/caso/{self.caso}"
        _, _, pagina = self.pedir("GET", ruta)
        formulario = campos_del_formulario(pagina.decode("utf-8"))
        csrf = formulario["csrf"]
        for i in range(PETICIONES - 3):
            if i % 2:
                estado, _, cuerpo = self.pedir("POST", f"/api/validar/{self.caso}", formulario)
                assert b"hallazgos" in cuerpo or estado != 200
            else:
                self.pedir("GET", "/" if i % 4 else "/api/catalogo?q=reservada")
        formulario.setlist("oficio", [f"CTA-P{self.caso[5:7]}"])
        estado, respuesta, _ = self.pedir("POST", ruta, formulario)  # guardar
        assert estado == 302, estado
        self.pedir("GET", dict(respuesta)["Location"].replace(f"http://127.0.0.1:{self.puerto}", ""))
        assert csrf


def _veinte_a_la_vez(puerto: int) -> list[Cliente]:
    clientes = [Cliente(puerto, f"caso-{i:02d}.yaml") for i in range(CLIENTES)]
    fallas: list[BaseException] = []

    def uno(cliente: Cliente) -> None:
        try:
            cliente.trabajar()
        except BaseException as exc:  # noqa: BLE001 (se informa abajo, con lo que hizo el cliente)
            fallas.append(exc)

    hilos = [threading.Thread(target=uno, args=(c,)) for c in clientes]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=600)
    assert not any(h.is_alive() for h in hilos), "un cliente no terminó"
    assert not fallas, repr(fallas[:3])
    return clientes


@pytest.mark.parametrize("servidor", ["gunicorn", "waitress"])
def test_veinte_clientes_a_la_vez_sin_errores(tmp_path, servidor):
    if servidor == "gunicorn":
        pytest.importorskip("gunicorn")
    pytest.importorskip("waitress")
    with _servidor(tmp_path, servidor, casos=CLIENTES) as (proceso, puerto, carpeta, salida):
        if servidor == "gunicorn":
            _esperar_procesos(proceso.pid, 2)  # dos procesos que atienden
        clientes = _veinte_a_la_vez(puerto)
        estados = [e for c in clientes for e in c.estados]
        assert len(estados) == CLIENTES * PETICIONES
        malos = [e for e in estados if e[1] not in (200, 302)]
        assert not malos, malos[:10]
        for i in range(CLIENTES):  # cada uno guardó su caso
            assert f"oficio: CTA-P{i:02d}" in (carpeta / f"caso-{i:02d}.yaml").read_text(encoding="utf-8")
        if shutil.which("soffice") and os.environ.get("CI", shutil.which("pdftotext")):
            # Un PDF: arranca un LibreOffice caliente, que al detener el servidor también se va.
            estado, _, pdf = _pedir(puerto, "GET", "/caso/caso-00.yaml/descargar.pdf")
            assert estado == 200 and pdf.startswith(b"%PDF")
        texto = _detener(proceso, salida)
    if servidor == "gunicorn":
        # El registro de accesos dice qué proceso atendió cada petición: los dos atendieron, y
        # una misma sesión (con su token CSRF) pasó por los dos.
        procesos = set(re.findall(r"<(\d+)>$", texto, flags=re.MULTILINE))
        assert len(procesos) == 2, texto[-2000:]
    assert "cookie_segura" not in texto  # Secure por omisión: ningún aviso


def test_la_cookie_es_segura_y_la_clave_sobrevive_al_reinicio(tmp_path):
    pytest.importorskip("gunicorn")
    with _servidor(tmp_path, "gunicorn") as (proceso, puerto, _, salida):
        estado, cabeceras, pagina = _pedir(puerto, "GET", "/caso/caso-00.yaml")
        assert estado == 200
        cookie = _cookie(cabeceras)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        # __Host-: el navegador la rechaza si no llegó por https, con Domain o para otra ruta.
        assert cookie.startswith("__Host-sesion=") and "Path=/;" in cookie + ";" and "Domain" not in cookie
        csrf = re.search(rb'name="csrf" value="([^"]+)"', pagina).group(1).decode()
        _detener(proceso, salida)
    # Otro arranque con la misma base (sin RESOLUCIONES_CLAVE_SECRETA): la clave es la guardada,
    # así que la sesión y su token CSRF siguen valiendo.
    with _servidor(tmp_path, "waitress") as (proceso, puerto, _, salida):
        estado, _, respuesta = _pedir(puerto, "POST", "/api/validar/caso-00.yaml",
                                      urllib.parse.urlencode({"csrf": csrf}).encode(), {
                                          "Cookie": cookie.split(";")[0], "X-CSRF-Token": csrf,
                                          "Content-Type": "application/x-www-form-urlencoded"})
        assert estado == 200, respuesta[:300]
        # Con otra clave no valdría: la prueba puede fallar.
        _detener(proceso, salida)
    with _servidor(tmp_path, "waitress", entorno=_entorno(RESOLUCIONES_CLAVE_SECRETA="k" * 40)) as (
            proceso, puerto, _, salida):
        estado, _, _ = _pedir(puerto, "POST", "/api/validar/caso-00.yaml",
                              urllib.parse.urlencode({"csrf": csrf}).encode(), {
                                  "Cookie": cookie.split(";")[0], "X-CSRF-Token": csrf,
                                  "Content-Type": "application/x-www-form-urlencoded"})
        assert estado == 400
        _detener(proceso, salida)


PUBLICO = "resoluciones.ejemplo.gob.mx"
DEL_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": PUBLICO, "X-Forwarded-For": "203.0.113.7",
             "X-Forwarded-Port": "443", "Origin": f"https://{PUBLICO}"}


@pytest.mark.parametrize("motor", ["sqlite", "postgresql"])
def test_con_cuentas_detras_de_un_proxy_la_sesion_vale_en_cualquier_proceso(tmp_path, request, motor):
    pytest.importorskip("gunicorn")
    # PostgreSQL por la variable, que gana sobre el «registro» del archivo.
    base = request.getfixturevalue("url_pg") if motor == "postgresql" else f"sqlite:///{tmp_path / 'base.sqlite3'}"
    entorno = _entorno(RESOLUCIONES_REGISTRO=base) if motor == "postgresql" else _entorno()
    creada = subprocess.run(
        [sys.executable, "-m", "generador", "usuarios", "crear", "redactora", "--rol", "redactor",
         "--nombre", "Ana Redactora", "--registro", base], check=False, capture_output=True, text=True,
        timeout=120, env={**entorno, "RESOLUCIONES_CONTRASENA": "una contraseña larga"})
    assert creada.returncode == 0, creada.stderr
    with _servidor(tmp_path, "gunicorn", entorno=entorno, proxies_de_confianza=1, nombres_permitidos=[PUBLICO]) as (
            proceso, puerto, _, salida):
        # Sin sesión: a la página de entrada; la API, 401.
        estado, cabeceras, _ = _pedir(puerto, "GET", "/", cabeceras=DEL_PROXY)
        assert estado == 302 and "/cuenta/entrar" in dict(cabeceras)["Location"]
        assert _pedir(puerto, "GET", "/api/catalogo?q=reserva", cabeceras=DEL_PROXY)[0] == 401
        # Un nombre que el proxy no debería mandar: ProxyFix lo toma y la revisión de Host lo niega.
        assert _pedir(puerto, "GET", "/cuenta/entrar", cabeceras={**DEL_PROXY, "X-Forwarded-Host": "otro.example"}
                      )[0] == 400
        estado, cabeceras, pagina = _pedir(puerto, "GET", "/cuenta/entrar", cabeceras=DEL_PROXY)
        assert estado == 200
        cookie = _cookie(cabeceras).split(";")[0]
        csrf = re.search(rb'name="csrf" value="([^"]+)"', pagina).group(1).decode()
        cuerpo = urllib.parse.urlencode({"csrf": csrf, "usuario": "redactora", "contrasena": "una contraseña larga",
                                         "siguiente": ""}).encode()
        estado, cabeceras, _ = _pedir(puerto, "POST", "/cuenta/entrar", cuerpo, {
            **DEL_PROXY, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        assert estado == 302, salida.read_text(encoding="utf-8")[-2000:]
        nueva = _cookie(cabeceras)
        assert "Secure" in nueva and "HttpOnly" in nueva
        cookie = nueva.split(";")[0]
        for i in range(24):  # conexiones nuevas: las reparte el sistema entre los dos procesos
            estado, _, pagina = _pedir(puerto, "GET", f"/caso/caso-00.yaml?vuelta={i}",
                                       cabeceras={**DEL_PROXY, "Cookie": cookie})
            assert estado == 200 and b'id="formulario"' in pagina, estado  # sin sesión sería un 302
        texto = _detener(proceso, salida, ctrl_c=True)
    vueltas = set(re.findall(r"vuelta=\d+ HTTP/1.1\" 200 .* <(\d+)>$", texto, flags=re.MULTILINE))
    assert len(vueltas) == 2, texto[-3000:]  # la misma sesión, atendida por los dos procesos
    # La dirección de la sesión es la del cliente que dijo el proxy (X-Forwarded-For), no la del proxy.
    motor_de_prueba = create_engine(base)
    try:
        with motor_de_prueba.connect() as conexion:
            assert conexion.execute(text("select direccion from sesiones")).all() == [("203.0.113.7",)]
    finally:
        motor_de_prueba.dispose()


def test_sin_cookie_segura_lo_avisa_fuerte(tmp_path):
    pytest.importorskip("waitress")
    with _servidor(tmp_path, "waitress", cookie_segura=False) as (proceso, puerto, _, salida):
        _, cabeceras, _ = _pedir(puerto, "GET", "/caso/caso-00.yaml")
        assert "Secure" not in _cookie(cabeceras)
        assert not _cookie(cabeceras).startswith("__Host-")  # sin Secure, el navegador la rechazaría
        texto = _detener(proceso, salida, ctrl_c=True)
    assert "¡AVISO! cookie_segura = false" in texto


def _servir(tmp_path, *argumentos, entorno=None, archivo_toml: str | None = None):
    if archivo_toml is not None:
        (tmp_path / "malo.toml").write_text(archivo_toml, encoding="utf-8")
        argumentos = ("--configuracion", str(tmp_path / "malo.toml"), *argumentos)
    return subprocess.run([sys.executable, "-m", "generador", "servir", "--produccion", *argumentos],
                          check=False, capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env=entorno if entorno is not None else _entorno(
                              RESOLUCIONES_REGISTRO=str(tmp_path / "base.sqlite3")))


@pytest.mark.parametrize("contenido, se_dice", [
    ('puertoo = 8000\n', "clave desconocida «puertoo»; ¿quiso decir «puerto»?"),
    ('puerto = "ocho mil"\n', "la clave «puerto» debe ser un número entero de 1 a 65535"),
    ('procesos = 0\n', "la clave «procesos» debe ser un número entero de 1 a 64"),
    ('cookie_segura = "no"\n', "la clave «cookie_segura» debe ser true o false"),
    ('nombres_permitidos = "uno"\n', "la clave «nombres_permitidos» debe ser una lista"),
    ('servidor = "apache"\n', "la clave «servidor» debe ser \"gunicorn\" o \"waitress\""),
    ('tsa = "ftp://x"\n', "la clave «tsa» debe ser la URL"),
    ('clave_secreta = "corta"\n', "la clave «clave_secreta» debe ser un texto secreto de al menos 32"),
    ('puerto = \n', "no es un TOML válido (línea 1"),
])
def test_un_archivo_de_configuracion_mal_escrito(tmp_path, contenido, se_dice):
    resultado = _servir(tmp_path, archivo_toml=contenido)
    assert resultado.returncode == 2, resultado.stderr
    assert "malo.toml" in resultado.stderr and se_dice in resultado.stderr, resultado.stderr
    assert "Traceback" not in resultado.stderr and "corta" not in resultado.stderr.split("se leyó")[-1]


def test_una_variable_mal_escrita_y_la_variable_gana_sobre_el_archivo(tmp_path):
    resultado = _servir(tmp_path, entorno=_entorno(RESOLUCIONES_REGISTRO=str(tmp_path / "b.sqlite3"),
                                                   RESOLUCIONES_HILOS="muchos"))
    assert resultado.returncode == 2 and "RESOLUCIONES_HILOS=muchos: debe ser un número entero" in resultado.stderr
    with socket.socket() as ocupado:  # el archivo dice un puerto libre; la variable, uno ocupado: gana ella
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        puerto = ocupado.getsockname()[1]
        resultado = _servir(tmp_path, archivo_toml=f"puerto = {_puerto_libre()}\n", entorno=_entorno(
            RESOLUCIONES_REGISTRO=str(tmp_path / "b.sqlite3"), RESOLUCIONES_PUERTO=str(puerto)))
    assert resultado.returncode == 2 and f"el puerto {puerto} ya está en uso" in resultado.stderr, resultado.stderr


def test_produccion_sin_base_no_arranca(tmp_path):
    resultado = _servir(tmp_path, entorno=_entorno())
    assert resultado.returncode == 2 and "--produccion necesita la base del registro" in resultado.stderr
    resultado = _servir(tmp_path, "--sin-registro")
    assert resultado.returncode == 2 and "quite --sin-registro" in resultado.stderr
    assert "Traceback" not in resultado.stderr


def test_sin_cuentas_no_se_abre_a_la_red(tmp_path):
    resultado = _servir(tmp_path, archivo_toml="proxies_de_confianza = 1\n")
    assert resultado.returncode == 2, resultado.stderr
    assert "no hay cuentas en la base y el servidor se abre a la red" in resultado.stderr
    resultado = _servir(tmp_path, archivo_toml='anfitrion = "0.0.0.0"\n')
    assert resultado.returncode == 2 and "resoluciones usuarios crear" in resultado.stderr


def test_configuracion_sin_produccion_es_un_error(tmp_path):
    (tmp_path / "c.toml").write_text("puerto = 8001\n", encoding="utf-8")
    resultado = subprocess.run([sys.executable, "-m", "generador", "servir", "--configuracion",
                                str(tmp_path / "c.toml")], check=False, capture_output=True, text=True, timeout=60)
    assert resultado.returncode == 2 and "úselos con --produccion" in resultado.stderr


# --- La configuración, sin arrancar nada -----------------------------------------------------

def test_el_ejemplo_de_la_documentacion_se_lee():
    ejemplo = Path(__file__).resolve().parent.parent / "docs" / "servidor.ejemplo.toml"
    conf = cargar(ejemplo, entorno={})
    assert conf.carpeta == Path("/var/lib/resoluciones/casos") and conf.puerto == 8000
    assert conf.nombres_permitidos == ("resoluciones.ejemplo.gob.mx",) and conf.proxies_de_confianza == 1
    assert conf.cookie_segura is True and conf.clave_secreta is None and conf.registro.endswith("registro.sqlite3")


def test_la_variable_gana_sobre_el_archivo_y_las_rutas_son_del_archivo(tmp_path):
    carpeta = tmp_path / "etc"
    carpeta.mkdir()
    (carpeta / "s.toml").write_text('carpeta = "casos"\nregistro = "base.sqlite3"\npuerto = 8001\n'
                                    'cookie_segura = true\n', encoding="utf-8")
    conf = cargar(carpeta / "s.toml", entorno={"RESOLUCIONES_PUERTO": "9001", "RESOLUCIONES_COOKIE_SEGURA": "no",
                                               "RESOLUCIONES_NOMBRES_PERMITIDOS": "a.gob.mx, b.gob.mx"})
    assert (conf.puerto, conf.cookie_segura, conf.nombres_permitidos) == (9001, False, ("a.gob.mx", "b.gob.mx"))
    assert conf.carpeta == carpeta.resolve() / "casos" and conf.registro == str(carpeta.resolve() / "base.sqlite3")
    assert cargar(carpeta / "s.toml", entorno={}).puerto == 8001
    # Lo de la variable es relativo a la carpeta de trabajo, como cualquier ruta de la terminal.
    assert cargar(None, entorno={"RESOLUCIONES_CARPETA": "otra"}).carpeta == Path("otra")


def test_la_clave_en_un_archivo_que_todos_leen_no_se_acepta(tmp_path):
    archivo = tmp_path / "s.toml"
    archivo.write_text(f'clave_secreta = "{"s" * 40}"\n', encoding="utf-8")
    archivo.chmod(0o644)
    with pytest.raises(ErrorDeUsuario, match=r"chmod o-r") as error:
        cargar(archivo, entorno={})
    assert "s" * 40 not in error.value.texto()
    archivo.chmod(0o640)
    assert cargar(archivo, entorno={}).clave_secreta == "s" * 40
    assert "s" * 40 not in repr(cargar(archivo, entorno={}))


def test_detras_de_un_proxy_el_origen_y_el_nombre_son_los_del_navegador(tmp_path):
    (tmp_path / "casos").mkdir()
    shutil.copy(MUESTRA, tmp_path / "casos" / "cta-40418.yaml")
    token = "t" * 20
    app = crear_app(tmp_path / "casos", token=token, nombres=(PUBLICO,), puerto=8000)
    preparar(app, Configuracion(proxies_de_confianza=1, nombres_permitidos=(PUBLICO,)), b"k" * 32)
    c = app.test_client()
    respuesta = c.get(f"/?token={token}", headers=DEL_PROXY)
    assert respuesta.status_code == 302 and "Secure" in respuesta.headers["Set-Cookie"]
    pagina = c.get("/caso/cta-40418.yaml", headers=DEL_PROXY).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)
    assert c.post("/api/validar/cta-40418.yaml", data={"csrf": csrf}, headers=DEL_PROXY).status_code == 200
    # Un Origin de otro sitio sigue negado; sin ProxyFix, el nombre público no coincidiría con Host.
    otro = {**DEL_PROXY, "Origin": "https://otro.example"}
    assert c.post("/api/validar/cta-40418.yaml", data={"csrf": csrf}, headers=otro).status_code == 403
    sin_proxy = crear_app(tmp_path / "casos", token=token, nombres=(PUBLICO,), puerto=8000)
    preparar(sin_proxy, Configuracion(), b"k" * 32)
    c = sin_proxy.test_client()
    assert c.get(f"/?token={token}").status_code == 302
    assert c.post("/api/validar/cta-40418.yaml", data={"csrf": csrf}, headers=DEL_PROXY).status_code == 403


def test_un_proceso_de_gunicorn_no_sale_solo_con_ctrl_c(tmp_path):
    """Ctrl+C llega a todo el grupo: si un proceso salía antes de que el principal lo supiera,
    gunicorn lo reemplazaba en pleno apagado y el nuevo se quedaba colgado. Solo el principal
    atiende SIGINT; los procesos siguen hasta que él los detiene."""
    pytest.importorskip("gunicorn")
    with _servidor(tmp_path, "gunicorn") as (proceso, _puerto, _, salida):
        _esperar_procesos(proceso.pid, 2)
        trabajadores = sorted(procesos_vivos(padre=proceso.pid))
        os.kill(trabajadores[0], signal.SIGINT)
        time.sleep(1.0)
        assert sorted(procesos_vivos(padre=proceso.pid)) == trabajadores
        _detener(proceso, salida, ctrl_c=True)
