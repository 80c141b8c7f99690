"""Issue 11, «ninguna traza»: cada ataque al lote, al PDF y a las fechas termina en un
mensaje en español (un error del caso o el código 2), el lote sigue con los demás casos y
el manifiesto se escribe. Cada prueba lleva el nombre del ataque."""

from __future__ import annotations

import csv
import datetime
import errno
import io
import json
import os
import random
import shutil
import stat
import string
import subprocess
import sys
import time
import zipfile

import pytest

from generador import lote as motor_lote
from generador.errores import ErrorDeUsuario
from generador.expediente.xlsx import revisar_xlsx
from generador.lote import bloqueo
from generador.lote import tabla as lectura_de_tabla
from generador.pdf import libreoffice as pdf

from .conftest import MUESTRA, RAIZ, texto_docx

BASE = RAIZ / "samples" / "cta-40418-corregida.yaml"
TEXTO_BASE = BASE.read_text(encoding="utf-8")
ES_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _carpeta(tmp_path, nombres: list[str | bytes]):
    entrada = tmp_path / "casos"
    entrada.mkdir()
    for i, nombre in enumerate(nombres):
        texto = TEXTO_BASE.replace("oficio: CTA-40418", f"oficio: CTA-{i + 1}").encode("utf-8")
        ruta = os.path.join(os.fsencode(entrada), nombre) if isinstance(nombre, bytes) else entrada / nombre
        with open(ruta, "wb") as archivo:
            archivo.write(texto)
    return entrada


def _manifiesto(carpeta) -> dict:
    return json.loads((carpeta / "manifiesto.json").read_text(encoding="utf-8"))


def _filas_csv(carpeta) -> list[list[str]]:
    with (carpeta / "manifiesto.csv").open(encoding="utf-8-sig", newline="") as archivo:
        return list(csv.reader(archivo))


# --- 1. El lote no se cae ------------------------------------------------------------

def test_nombre_de_archivo_que_no_es_utf8_es_un_error_del_caso(cli, tmp_path):
    try:
        entrada = _carpeta(tmp_path, ["bueno.yaml", b"malo-\xff\xfe.yaml"])
    except (OSError, UnicodeError):
        pytest.skip("este sistema de archivos no admite nombres que no son UTF-8")
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(salida))
    assert codigo == 1, errores
    assert "2 casos: 1 generados, 0 al día, 1 con errores" in texto
    assert "no está en UTF-8" in errores and "renómbrelo" in errores and "Traceback" not in errores
    casos = {c["caso"]: c for c in _manifiesto(salida)["casos"]}
    assert casos["bueno"]["estado"] == "generado"
    (malo,) = [c for n, c in casos.items() if n != "bueno"]
    assert malo["estado"] == "error" and "\ufffd" in malo["caso"] and "UTF-8" in malo["errores"][0]["mensaje"]
    assert len(_filas_csv(salida)) == 3


class _DiscoLleno(io.RawIOBase):
    def writable(self):
        return True

    def write(self, datos):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disco_lleno_cada_documento_es_un_error_y_el_manifiesto_se_escribe(cli, tmp_path, monkeypatch):
    entrada = _carpeta(tmp_path, [f"caso{i}.yaml" for i in range(1, 5)])
    salida = tmp_path / "salida"
    original, escritos = os.fdopen, []

    def fdopen(descriptor, *args, **kwargs):
        # Los dos primeros documentos caben; después el disco está lleno.
        escritos.append(descriptor)
        if len(escritos) <= 2:
            return original(descriptor, *args, **kwargs)
        os.close(descriptor)
        return io.BufferedWriter(_DiscoLleno())

    monkeypatch.setattr(os, "fdopen", fdopen)
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(salida))
    assert codigo == 1
    assert "4 casos: 2 generados, 0 al día, 2 con errores" in texto
    assert errores.count("no hay espacio en el disco") == 2 and "Traceback" not in errores
    estados = [c["estado"] for c in _manifiesto(salida)["casos"]]
    assert estados == ["generado", "generado", "error", "error"]
    # Ningún temporal a medias en la carpeta.
    assert sorted(p.name for p in salida.iterdir()) == ["caso1.docx", "caso2.docx", "manifiesto.csv", "manifiesto.json"]


def test_disco_lleno_al_escribir_el_manifiesto_error_claro_y_el_anterior_intacto(cli, tmp_path, monkeypatch):
    entrada = _carpeta(tmp_path, ["caso1.yaml", "caso2.yaml"])
    salida = tmp_path / "salida"
    cli("lote", str(entrada), "-o", str(salida))
    anterior = (salida / "manifiesto.json").read_bytes()
    original = motor_lote.Manifiesto.__init__

    def iniciar(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._json.close()
        self._json = io.TextIOWrapper(io.BufferedWriter(_DiscoLleno()), encoding="utf-8", write_through=True)

    monkeypatch.setattr(motor_lote.Manifiesto, "__init__", iniciar)
    codigo, _, errores = cli("lote", str(entrada), "-o", str(salida), "--forzar")
    assert codigo == 2
    assert "no se pudo escribir el manifiesto: no hay espacio en el disco" in errores
    assert "vuelva a correr el lote" in errores and "Traceback" not in errores
    assert (salida / "manifiesto.json").read_bytes() == anterior
    assert not [p for p in salida.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not ES_ROOT or not sys.platform.startswith("linux"), reason="montar un tmpfs requiere root")
def test_disco_lleno_de_verdad_en_un_tmpfs_pequeno(cli, tmp_path):
    punto = tmp_path / "tmpfs"
    punto.mkdir()
    # Caben dos o tres documentos (unos 9 KB cada uno desde el issue 13) y el manifiesto.
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(punto)], capture_output=True,
                      check=False).returncode:
        pytest.skip("no se pudo montar un tmpfs")
    try:
        entrada = _carpeta(tmp_path, [f"caso{i}.yaml" for i in range(1, 7)])
        codigo, _, errores = cli("lote", str(entrada), "-o", str(punto / "salida"))
        assert codigo == 1 and "no hay espacio en el disco" in errores and "Traceback" not in errores
        casos = _manifiesto(punto / "salida")["casos"]
        assert len(casos) == 6 and {c["estado"] for c in casos} == {"generado", "error"}
    finally:
        subprocess.run(["umount", str(punto)], check=False)


def test_carpeta_de_salida_de_solo_lectura_codigo_2_sin_traza(cli, tmp_path, monkeypatch):
    entrada = _carpeta(tmp_path, ["caso1.yaml"])
    salida = tmp_path / "salida"
    salida.mkdir()

    abrir = os.open

    def solo_lectura(ruta, *args, **kwargs):
        if str(ruta).endswith(".lote-en-curso"):
            raise OSError(errno.EROFS, "Read-only file system")
        return abrir(ruta, *args, **kwargs)

    # La marca del lote es lo primero que se escribe en la carpeta.
    monkeypatch.setattr(bloqueo.os, "open", solo_lectura)
    codigo, _, errores = cli("lote", str(entrada), "-o", str(salida))
    assert codigo == 2
    assert "no se puede escribir en la carpeta de salida: la carpeta está en un sistema de archivos de solo lectura" \
        in errores
    assert list(salida.iterdir()) == []


@pytest.mark.skipif(ES_ROOT or os.name != "posix", reason="como root, una carpeta de solo lectura sigue siendo escribible")
def test_carpeta_de_salida_sin_permiso_de_escritura(cli, tmp_path):
    entrada = _carpeta(tmp_path, ["caso1.yaml"])
    salida = tmp_path / "salida"
    salida.mkdir()
    salida.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        codigo, _, errores = cli("lote", str(entrada), "-o", str(salida))
    finally:
        salida.chmod(stat.S_IRWXU)
    assert codigo == 2 and "no hay permiso para escribir" in errores and "Traceback" not in errores


def test_carpeta_que_se_vuelve_de_solo_lectura_a_mitad_del_lote(cli, tmp_path, monkeypatch):
    import tempfile

    entrada = _carpeta(tmp_path, ["caso1.yaml", "caso2.yaml", "caso3.yaml"])
    salida = tmp_path / "salida"
    original, llamadas = tempfile.mkstemp, []

    def mkstemp(*args, **kwargs):
        llamadas.append(1)
        if len(llamadas) == 2:
            raise PermissionError(errno.EACCES, "Permission denied")
        return original(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(salida))
    assert codigo == 1 and "3 casos: 2 generados, 0 al día, 1 con errores" in texto
    assert "caso2.yaml: no hay permiso para escribir en esa carpeta" in errores
    assert [c["estado"] for c in _manifiesto(salida)["casos"]] == ["generado", "error", "generado"]


def test_un_error_interno_en_un_caso_no_corta_el_lote(cli, tmp_path, monkeypatch):
    from generador import tuberia

    entrada = _carpeta(tmp_path, ["caso1.yaml", "caso2.yaml"])
    original = tuberia.generar_docx

    def generar(caso):
        if caso.expediente.oficio == "CTA-1":
            raise RecursionError("maximum recursion depth exceeded")
        return original(caso)

    monkeypatch.setattr(tuberia, "generar_docx", generar)
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(tmp_path / "salida"))
    assert codigo == 1 and "1 generados, 0 al día, 1 con errores" in texto
    assert "error interno del programa (RecursionError" in errores and "Traceback" not in errores


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="sin tuberías con nombre")
def test_tuberia_dispositivo_y_enlace_roto_en_la_carpeta_no_cuelgan_el_lote(cli, tmp_path):
    entrada = _carpeta(tmp_path, ["bueno.yaml"])
    os.mkfifo(entrada / "tuberia.yaml")
    (entrada / "cero.yaml").symlink_to("/dev/zero")
    (entrada / "roto.yaml").symlink_to(tmp_path / "no-existe")
    (entrada / "carpeta.yaml").mkdir()
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(tmp_path / "salida"))
    assert codigo == 1 and "5 casos: 1 generados, 0 al día, 4 con errores" in texto
    assert errores.count("no es un archivo normal") == 3 and "es una carpeta" in errores


@pytest.mark.parametrize("columna", ["..", ".", "[1]", "a..b", "oficio.", "solicitudes[x].folio",
                                     "solicitudes[0].folio", "solicitudes[99999999999999999999].folio",
                                     "oficio[1]", "__class__", "x" * 5000])
def test_columna_hostil_es_un_error_de_la_tabla_sin_traza(cli, tmp_path, columna):
    tabla = tmp_path / "tabla.csv"
    with tabla.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(["oficio", columna])
        escritor.writerow(["CTA-1", "valor"])
    salida = tmp_path / "salida"
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 2, errores
    assert "no corresponden al expediente" in errores and "línea 1" in errores
    assert len(errores) < 2000  # una columna de miles de caracteres no se copia entera
    assert not salida.exists()


def test_columna_archivo_con_una_ruta_no_sale_de_la_carpeta(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    with tabla.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(["oficio", "archivo"])
        escritor.writerows([["CTA-1", "../../fuera"], ["CTA-2", "/etc/passwd"], ["CTA-3", ".."],
                            ["CTA-4", "con\nsalto"], ["CTA-5", "al\u202erevés"], ["CTA-6", "CON"], ["CTA-7", "propio"]])
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    # Una carpeta o un carácter de control en «archivo» no se cambia en silencio por otro
    # nombre: es un error de la fila, con lo que se escribió a la vista.
    assert codigo == 1 and "5 con errores" in texto, texto + errores
    for fila, escrito in ((2, "../../fuera"), (3, "/etc/passwd"), (4, ".."), (5, "con\\u000asalto"),
                          (6, "al\\u202erevés")):
        assert f"fila {fila}: la columna «archivo» da solo el nombre de la salida" in errores, errores
        assert f"«{escrito}»" in errores, (escrito, errores)
    # «CON» es un dispositivo en Windows (ni se abre ni se copia allí): el nombre se completa.
    assert sorted(p.name for p in salida.iterdir() if p.suffix == ".docx") == ["CON-resolucion.docx", "propio.docx"]
    assert not (tmp_path / "fuera.docx").exists()


def test_un_nombre_de_salida_con_caracteres_de_control_es_un_error(cli, tmp_path):
    for nombre in ("con\nsalto.docx", "al\u202erevés.docx", "tab\tulado.docx", "nel\x85.docx"):
        destino = tmp_path / nombre
        codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(destino), "--sin-registro")
        assert codigo == 2 and "el nombre del archivo contiene un carácter de control" in errores, errores
        assert "Traceback" not in errores and "\n" not in errores.strip()
    assert list(tmp_path.iterdir()) == []


def test_una_linea_de_csv_gigante_no_se_junta_en_memoria(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(lectura_de_tabla, "_MAX_LINEA", 1000)
    tabla = tmp_path / "tabla.csv"
    tabla.write_text("oficio\nCTA-1" + "," * 5000 + "\n", encoding="utf-8")
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "salida"))
    assert codigo == 2 and "línea 2" in errores and "una línea de la tabla pasa de 1 000 caracteres" in errores


# --- 2. Inyección de fórmulas --------------------------------------------------------

FORMULAS = ['=HYPERLINK("x","a")', "+1", "-2", "@SUM(A1)", "\tTAB"]


def test_inyeccion_de_formulas_por_nombres_de_archivo_en_el_manifiesto_csv(cli, tmp_path):
    entrada = _carpeta(tmp_path, [f"{n}.yaml" for n in FORMULAS])
    salida = tmp_path / "salida"
    codigo, _, errores = cli("lote", str(entrada), "-o", str(salida))
    assert codigo == 0, errores
    filas = _filas_csv(salida)
    for fila in filas:
        for celda in fila:
            assert not celda.startswith(("=", "+", "-", "@", "\t", "\r")), fila
    assert sorted(f[0] for f in filas[1:]) == sorted("'" + n for n in FORMULAS)
    # El JSON (que no abre Excel) guarda el nombre tal cual.
    assert sorted(c["caso"] for c in _manifiesto(salida)["casos"]) == sorted(FORMULAS)


def test_inyeccion_de_formulas_por_mensajes_y_origen_de_una_tabla(cli, tmp_path):
    tabla = tmp_path / "=cmd.csv"
    with tabla.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(["oficio", "archivo"])
        escritor.writerows([["=1+1", "@x"], ["", "-y"]])
    salida = tmp_path / "salida"
    cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    for fila in _filas_csv(salida):
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in fila), fila


@pytest.mark.parametrize("valor", ["=1", "+1", "-1", "@a", "\ta", "\ra"])
def test_celda_segura_antepone_un_apostrofo(valor):
    assert motor_lote.celda_segura(valor) == "'" + valor
    assert motor_lote.celda_segura("a" + valor) == "a" + valor


# --- 3. XLSX: celdas gigantes y bombas ------------------------------------------------

def _xlsx(ruta, celda: str) -> None:
    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    hoja.append(["oficio", "asunto"])
    hoja.append(["CTA-1", celda])
    libro.save(ruta)


def _no_abre_openpyxl(monkeypatch):
    import openpyxl

    def prohibido(*args, **kwargs):
        raise AssertionError("openpyxl no debe abrir un libro que no pasó la revisión")

    monkeypatch.setattr(openpyxl, "load_workbook", prohibido)


def _enorme(largo: int = 2_200_000) -> str:
    # Letras al azar: se comprimen poco, como un texto de verdad (no es una «bomba»).
    return "".join(random.Random(11).choices(string.ascii_letters, k=largo))


def test_xlsx_con_una_celda_enorme_se_rechaza_antes_de_cargarla(cli, tmp_path, monkeypatch):
    tabla = tmp_path / "tabla.xlsx"
    _xlsx(tabla, "corta")
    # openpyxl corta al escribir lo que pasa de 32 767 caracteres (el límite de Excel): la
    # celda gigante se pone a mano, como la pondría un atacante.
    _reescribir(tabla, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b">corta<", f">{_enorme()}<".encode()))
    _no_abre_openpyxl(monkeypatch)
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "salida"))
    assert codigo == 2 and "una celda pasa de dos millones de caracteres" in errores and "Traceback" not in errores
    assert not (tmp_path / "salida").exists()


def test_xlsx_celda_enorme_en_linea_en_la_hoja(tmp_path):
    tabla = tmp_path / "tabla.xlsx"
    _xlsx(tabla, "corta")
    hoja = '<c r="B7" t="inlineStr"><is><t>' + _enorme() + "</t></is></c>"
    _reescribir(tabla, "xl/worksheets/sheet1.xml",
                lambda xml: xml.replace(b"</sheetData>", f"<row r=\"7\">{hoja}</row></sheetData>".encode()))
    with pytest.raises(ErrorDeUsuario, match=r"celda B7"):
        list(lectura_de_tabla.filas(tabla))


def _reescribir(tabla, parte: str, cambio) -> None:
    with zipfile.ZipFile(tabla) as libro:
        partes = {n: libro.read(n) for n in libro.namelist()}
    partes[parte] = cambio(partes.get(parte, b""))
    with zipfile.ZipFile(tabla, "w", zipfile.ZIP_DEFLATED) as libro:
        for nombre, datos in partes.items():
            libro.writestr(nombre, datos)


def test_xlsx_bomba_zip_se_rechaza_por_la_proporcion(cli, tmp_path, monkeypatch):
    tabla = tmp_path / "bomba.xlsx"
    _xlsx(tabla, "corta")
    # 64 MiB de ceros caben en unos 64 KiB: una bomba pequeña, pero con la proporción de una.
    _reescribir(tabla, "xl/sharedStrings.xml", lambda xml: xml + b"\0" * (64 * 2**20))
    assert tabla.stat().st_size < 2**20
    _no_abre_openpyxl(monkeypatch)
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "salida"))
    assert codigo == 2 and "se descomprime en demasiados datos" in errores and "sharedStrings.xml" in errores


def test_xlsx_celda_enorme_en_las_cadenas_compartidas(tmp_path):
    tabla = tmp_path / "tabla.xlsx"
    _xlsx(tabla, "corta")
    _reescribir(tabla, "xl/sharedStrings.xml", lambda _: (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>corta</t></si>'
        f'<si><r><t>{_enorme(1_100_000)}</t></r><r><t>{_enorme(1_100_000)}</t></r></si></sst>').encode())
    with pytest.raises(ErrorDeUsuario, match="una celda pasa de dos millones de caracteres"):
        revisar_xlsx(tabla)


def test_xlsx_que_declara_una_celda_de_1_5_gb_no_se_descomprime(cli, tmp_path, monkeypatch):
    """El ataque del issue: cadenas compartidas de 1,5 GB. Aquí el ZIP lo declara (sin
    ocuparlo en disco): la revisión lo rechaza por el tamaño declarado, sin leer nada."""
    tabla = tmp_path / "enorme.xlsx"
    _xlsx(tabla, "corta")
    _reescribir(tabla, "xl/sharedStrings.xml", lambda _: b"<sst><si><t>corta</t></si></sst>")
    datos = bytearray(tabla.read_bytes())
    nombre = b"xl/sharedStrings.xml"
    mentira = (1536 * 2**20).to_bytes(4, "little")
    with zipfile.ZipFile(tabla) as libro:
        local = libro.getinfo(nombre.decode()).header_offset
    datos[local + 22:local + 26] = mentira  # tamaño descomprimido en la cabecera local
    central = datos.find(b"PK\x01\x02")
    while datos[central + 46:central + 46 + len(nombre)] != nombre:
        central = datos.find(b"PK\x01\x02", central + 4)
    datos[central + 24:central + 28] = mentira  # y en el directorio central
    tabla.write_bytes(bytes(datos))
    _no_abre_openpyxl(monkeypatch)
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "salida"))
    assert codigo == 2 and "1536 MiB" in errores and "Traceback" not in errores


def test_xlsx_normal_sigue_funcionando(cli, tmp_path):
    tabla = tmp_path / "tabla.xlsx"
    _xlsx(tabla, "Un asunto con\u00a0espacio duro")
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "salida"))
    assert codigo in (0, 1) and "Traceback" not in errores
    assert (tmp_path / "salida" / "CTA-1.docx").is_file()


# --- 4. Fechas cerca de 9999 ---------------------------------------------------------

def _con_fecha(tmp_path, fecha: str, nombre: str = "caso.yaml", muestra=BASE):
    texto = muestra.read_text(encoding="utf-8")
    texto = texto.replace("fecha: 2018-11-21\n", f"fecha: {fecha}\n", 1).replace(
        "fecha: 2026-11-20\n", f"fecha: {fecha}\n", 1)
    ruta = tmp_path / nombre
    ruta.write_text(texto, encoding="utf-8")
    return ruta


@pytest.mark.parametrize("muestra", sorted((RAIZ / "samples").glob("*.yaml")), ids=lambda p: p.stem)
def test_fecha_9999_12_31_en_generar_y_validar_es_un_error_del_campo(cli, tmp_path, muestra):
    texto = muestra.read_text(encoding="utf-8")
    lineas = [("fecha: 9999-12-31" if linea.startswith("fecha:") else linea) for linea in texto.splitlines()]
    caso = tmp_path / "caso.yaml"
    caso.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    for orden in (["generar", str(caso), "-o", str(tmp_path / "r.docx")], ["validar", str(caso)]):
        codigo, texto_salida, errores = cli(*orden)
        assert codigo in (1, 2), (orden, texto_salida, errores)
        assert "«fecha»" in errores + texto_salida and "9999" in errores + texto_salida
        assert "Overflow" not in errores + texto_salida and "out of range" not in errores + texto_salida
    assert not (tmp_path / "r.docx").exists()


def test_reserva_de_cinco_anios_que_terminaria_despues_de_9999(cli, tmp_path):
    caso = tmp_path / "caso.yaml"
    texto = BASE.read_text(encoding="utf-8")
    assert "anios: 5" in texto
    texto = texto.replace("anios: 5", "anios: 5\n      fecha_inicio: 9996-06-01", 1)
    caso.write_text(texto, encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "fecha_inicio" in errores and "9999" in errores and "Overflow" not in errores


def test_lote_con_fecha_9999_sigue_con_los_demas(cli, tmp_path):
    entrada = _carpeta(tmp_path, ["bueno.yaml"])
    _con_fecha(entrada, "9999-12-31", "fin-del-calendario.yaml")
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(tmp_path / "salida"))
    assert codigo == 1 and "1 generados, 0 al día, 1 con errores" in texto
    assert "fin-del-calendario.yaml, línea" in errores and "«fecha»" in errores


def test_dias_habiles_despues_de_9999_error_en_espanol():
    from generador.redaccion.calendario import sumar_dias_habiles

    with pytest.raises(ErrorDeUsuario, match="después del año 9999"):
        sumar_dias_habiles(datetime.date(9999, 12, 20), 30)
    assert sumar_dias_habiles(datetime.date(9999, 12, 20), 3) <= datetime.date(9999, 12, 31)


def test_comando_fecha_9999_12_31(cli):
    codigo, texto, errores = cli("fecha", "9999-12-31")
    assert codigo == 0 and "nueve mil novecientos noventa y nueve" in texto
    codigo, _, errores = cli("fecha", "10000-01-01")
    assert codigo == 2 and "AAAA-MM-DD" in errores


# --- 5. LibreOffice colgado ----------------------------------------------------------

FALSO_SOFFICE = """#!{python}
import os, subprocess, sys, time
salida = sys.argv[sys.argv.index("--outdir") + 1]
for documento in [a for a in sys.argv[1:] if a.endswith(".docx")]:
    nombre = os.path.splitext(os.path.basename(documento))[0]
    if "cuelga" in nombre.lower():
        # Un hijo que sobreviviría a su padre si solo se matara al padre.
        hijo = subprocess.Popen(["sleep", "300"])
        with open(os.environ["PID_HIJO"], "a") as archivo:
            archivo.write(str(hijo.pid) + "\\n")
        with open(os.path.join(salida, nombre + ".pdf"), "wb") as pdf:
            pdf.write(b"%PDF-1.4 a medias")
        time.sleep(300)
    with open(os.path.join(salida, nombre + ".pdf"), "wb") as pdf:
        pdf.write(b"%PDF-1.4\\n%%EOF\\n")
"""


def _vivo(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as archivo:
            return archivo.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def soffice_colgado(tmp_path, monkeypatch):
    if not sys.platform.startswith("linux") or not shutil.which("sleep"):
        pytest.skip("la prueba usa /proc y sleep")
    programa = tmp_path / "soffice"
    programa.write_text(FALSO_SOFFICE.format(python=sys.executable), encoding="utf-8")
    programa.chmod(0o755)
    pids = tmp_path / "pids"
    monkeypatch.setenv("RESOLUCIONES_SOFFICE", str(programa))
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", "1")
    monkeypatch.setenv("PID_HIJO", str(pids))
    yield pids
    for linea in (pids.read_text().split() if pids.exists() else []):
        try:
            os.kill(int(linea), 9)  # por si la prueba falló: no dejar procesos de la prueba
        except ProcessLookupError:
            pass


def test_libreoffice_colgado_se_detiene_con_todo_su_grupo(tmp_path, soffice_colgado):
    carpeta = tmp_path / "docs"
    carpeta.mkdir()
    documentos = [carpeta / f"{n}.docx" for n in ("uno", "cuelga", "tres")]
    for d in documentos:
        d.write_bytes(b"docx")
    inicio = time.monotonic()
    resultados = pdf.convertir_cada(documentos, carpeta)
    assert time.monotonic() - inicio < 20
    assert resultados[0] == carpeta / "uno.pdf" and resultados[2] == carpeta / "tres.pdf"
    assert isinstance(resultados[1], ErrorDeUsuario)
    assert "no terminó de convertir el documento a PDF en 1 s" in resultados[1].texto()
    assert "RESOLUCIONES_PDF_TIEMPO" in resultados[1].texto()
    assert not (carpeta / "cuelga.pdf").exists()  # el PDF a medias se borra
    (hijo,) = map(int, soffice_colgado.read_text().split())
    for _ in range(50):
        if not _vivo(hijo):
            break
        time.sleep(0.1)
    assert not _vivo(hijo), "quedó vivo un hijo de LibreOffice"


def test_libreoffice_que_no_responde_no_se_espera_documento_por_documento(tmp_path, soffice_colgado):
    carpeta = tmp_path / "docs"
    carpeta.mkdir()
    documentos = [carpeta / f"cuelga{i}.docx" for i in range(10)]
    for d in documentos:
        d.write_bytes(b"docx")
    inicio = time.monotonic()
    resultados = pdf.convertir_cada(documentos, carpeta)
    assert time.monotonic() - inicio < 15  # dos plazos de 1 s, no diez
    assert all(isinstance(r, ErrorDeUsuario) for r in resultados)
    assert "dejó de responder" in resultados[-1].texto()
    for hijo in map(int, soffice_colgado.read_text().split()):
        for _ in range(50):
            if not _vivo(hijo):
                break
            time.sleep(0.1)
        assert not _vivo(hijo)


def test_lote_a_pdf_con_libreoffice_colgado_escribe_el_manifiesto(cli, tmp_path, soffice_colgado):
    entrada = _carpeta(tmp_path, ["bueno.yaml", "cuelga.yaml"])
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(entrada), "-o", str(salida), "--formato", "pdf")
    assert codigo == 1, errores
    assert "1 generados, 0 al día, 1 con errores" in texto
    assert "cuelga" in errores and "no terminó de convertir el documento a PDF" in errores and "Traceback" not in errores
    estados = {c["caso"]: c["estado"] for c in _manifiesto(salida)["casos"]}
    assert estados == {"bueno": "generado", "cuelga": "error"}
    assert (salida / "bueno.pdf").is_file() and not (salida / "cuelga.pdf").exists()


def test_generar_a_pdf_con_libreoffice_colgado_codigo_2(cli, tmp_path, soffice_colgado):
    caso = tmp_path / "caso.yaml"
    caso.write_text(TEXTO_BASE.replace("oficio: CTA-40418", "oficio: CUELGA-1"), encoding="utf-8")
    salida = tmp_path / "r.pdf"
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida))
    assert codigo == 2 and "no terminó de convertir el documento a PDF en 1 s" in errores
    assert "resoluciones-pdf-" not in errores and not salida.exists()


@pytest.mark.parametrize("valor", ["abc", "0", "-5", "1e9"])
def test_plazo_de_libreoffice_mal_escrito_es_un_error_de_entrada(cli, tmp_path, monkeypatch, valor):
    monkeypatch.setenv("RESOLUCIONES_PDF_TIEMPO", valor)
    monkeypatch.setenv("RESOLUCIONES_SOFFICE", sys.executable)
    entrada = _carpeta(tmp_path, ["caso.yaml"])
    codigo, _, errores = cli("lote", str(entrada), "-o", str(tmp_path / "salida"), "--formato", "pdf")
    assert codigo == 2 and "RESOLUCIONES_PDF_TIEMPO" in errores and "segundos" in errores


# --- 6. Espacios duros y finos -------------------------------------------------------

ESPACIOS = {"\u00a0": "duro", "\u2009": "fino", "\u202f": "fino angosto"}


def test_espacios_duros_y_finos_llegan_al_docx(cli, tmp_path):
    texto = TEXTO_BASE.replace("Solicito documentos relacionados", "Solicito\u00a0documentos\u202frelacionados")
    texto = texto.replace("DIRECCIÓN GENERAL DE TECNOLOGÍAS", "DIRECCIÓN\u2009GENERAL DE TECNOLOGÍAS", 1)
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida))
    assert codigo == 0, errores
    cuerpo = texto_docx(salida.read_bytes())
    assert "Solicito\u00a0documentos\u202frelacionados" in cuerpo
    assert "DIRECCIÓN\u2009GENERAL" in cuerpo


def test_espacios_duros_en_el_formato_ligero_y_en_una_linea():
    from generador.plantillas.formato import html_a_bloques, texto_a_html, texto_en_linea

    for espacio in ESPACIOS:
        assert f"a{espacio}b" in texto_en_linea(f"  a{espacio}b  ")
        html = texto_a_html(f"art.{espacio}6 y  10{espacio}000\n- viñeta{espacio}dura")
        assert f"art.{espacio}6" in html and f"10{espacio}000" in html and f"viñeta{espacio}dura" in html
        (bloque,) = html_a_bloques(f"<p>x{espacio}y \n z</p>")
        assert "".join(t.texto for t in bloque.tramos) == f"x{espacio}y z"


def test_ctrl_c_con_dos_procesos_no_deja_temporales_ni_trazas(tmp_path):
    """La terminal manda Ctrl-C a todo el grupo: los procesos del lote lo ignoran y el
    principal los termina; un documento a medio escribir borra su temporal."""
    import signal

    tabla = tmp_path / "t.csv"
    tabla.write_text("oficio,solicitudes[1].folio\n" + "".join(f"CTA-{i}18,00{i:06d}\n" for i in range(1, 20000)),
                     encoding="utf-8")
    salida = tmp_path / "s"
    entorno = {**os.environ, "RESOLUCIONES_SIN_REGISTRO": "1"}
    proceso = subprocess.Popen([sys.executable, "-m", "generador", "lote", str(tabla), "--base", str(BASE), "-o",
                                str(salida), "--procesos", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=entorno, start_new_session=True)
    try:
        limite = time.monotonic() + 120
        while not (salida.is_dir() and sum(1 for _ in salida.glob("*.docx")) > 300):
            assert proceso.poll() is None and time.monotonic() < limite, "el lote terminó antes de interrumpirlo"
            time.sleep(0.02)
        os.killpg(proceso.pid, signal.SIGINT)
        _, errores = proceso.communicate(timeout=60)
    finally:
        if proceso.poll() is None:
            os.killpg(proceso.pid, signal.SIGKILL)
    errores = errores.decode("utf-8")
    assert proceso.returncode == 130 and errores.strip().endswith("Cancelado."), errores
    assert "ForkPoolWorker" not in errores and "Traceback" not in errores, errores
    time.sleep(0.5)
    assert sorted(p.name for p in salida.iterdir() if p.suffix != ".docx") == ["manifiesto.csv", "manifiesto.json"]


@pytest.mark.parametrize("pedido, esperado", [("CON", "CON-resolucion"), ("con.v2", "con-resolucion.v2"),
                                              ("LPT1.final", "LPT1-resolucion.final"), ("CONSEJO", "CONSEJO"),
                                              ("acta.CON", "acta.CON")])
def test_nombres_de_dispositivo_de_windows(pedido, esperado):
    """Windows reserva el nombre antes del primer punto, con cualquier extensión detrás."""
    from generador.salida import nombre_de_archivo

    assert nombre_de_archivo(pedido) == esperado
