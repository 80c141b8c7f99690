"""Generación por lotes: carpeta o tabla, paralelo, manifiesto, al día, idéntico a generar."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from .conftest import RAIZ

BASE = RAIZ / "samples" / "cta-40418-corregida.yaml"


@pytest.fixture
def carpeta_de_casos(tmp_path):
    entrada = tmp_path / "casos"
    entrada.mkdir()
    texto = BASE.read_text(encoding="utf-8")
    for i in range(1, 6):
        (entrada / f"caso{i}.yaml").write_text(texto.replace("oficio: CTA-40418", f"oficio: CTA-{i}"), encoding="utf-8")
    (entrada / "roto.yaml").write_text(texto.replace("fecha: 2018-11-21\n", "fecha: 2018-02-30\n", 1), encoding="utf-8")
    return entrada


def _manifiesto(carpeta):
    return json.loads((carpeta / "manifiesto.json").read_text(encoding="utf-8"))


def test_lote_de_carpeta_con_un_caso_roto(cli, tmp_path, carpeta_de_casos):
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(carpeta_de_casos), "-o", str(salida))
    assert codigo == 1
    assert "6 casos: 5 generados, 0 al día, 1 con errores" in texto
    assert "roto.yaml, línea" in errores and "«fecha»" in errores
    manifiesto = _manifiesto(salida)
    estados = {c["caso"]: c["estado"] for c in manifiesto["casos"]}
    assert estados == {"caso1": "generado", "caso2": "generado", "caso3": "generado", "caso4": "generado",
                       "caso5": "generado", "roto": "error"}
    for caso in manifiesto["casos"]:
        if caso["estado"] == "generado":
            datos = (salida / f"{caso['caso']}.docx").read_bytes()
            assert hashlib.sha256(datos).hexdigest() == caso["sha256_salida"]
    assert not (salida / "roto.docx").exists()
    with (salida / "manifiesto.csv").open(encoding="utf-8-sig") as archivo:
        filas = list(csv.DictReader(archivo))
    assert len(filas) == 6 and {f["estado"] for f in filas} == {"generado", "error"}


def test_segunda_corrida_salta_lo_que_esta_al_dia(cli, tmp_path, carpeta_de_casos):
    salida = tmp_path / "salida"
    cli("lote", str(carpeta_de_casos), "-o", str(salida))
    codigo, texto, _ = cli("lote", str(carpeta_de_casos), "-o", str(salida))
    assert "0 generados, 5 al día, 1 con errores" in texto
    # Un caso cambiado se vuelve a generar; los demás siguen al día.
    caso = carpeta_de_casos / "caso3.yaml"
    caso.write_text(caso.read_text(encoding="utf-8").replace("CTA-3", "CTA-3-bis"), encoding="utf-8")
    codigo, texto, _ = cli("lote", str(carpeta_de_casos), "-o", str(salida))
    assert "1 generados, 4 al día" in texto
    codigo, texto, _ = cli("lote", str(carpeta_de_casos), "-o", str(salida), "--forzar")
    assert "5 generados, 0 al día" in texto


def test_no_reemplaza_una_salida_editada_ni_ajena_sin_forzar(cli, tmp_path, carpeta_de_casos):
    salida = tmp_path / "salida"
    cli("lote", str(carpeta_de_casos), "-o", str(salida))
    # caso2.docx se editó en Word después de generarse; caso3 cambió de expediente.
    editado = salida / "caso2.docx"
    editado.write_bytes(editado.read_bytes() + b"editado")
    caso = carpeta_de_casos / "caso2.yaml"
    caso.write_text(caso.read_text(encoding="utf-8").replace("CTA-2", "CTA-2-bis"), encoding="utf-8")
    contenido = editado.read_bytes()
    codigo, texto, errores = cli("lote", str(carpeta_de_casos), "-o", str(salida))
    assert codigo == 1 and "0 generados, 4 al día, 2 con errores" in texto
    assert "caso2.docx» ya existe y no es el documento que registró el manifiesto" in errores
    assert "--forzar" in errores and editado.read_bytes() == contenido
    # Un archivo que ya estaba en una carpeta nueva tampoco se pisa.
    nueva = tmp_path / "nueva"
    nueva.mkdir()
    (nueva / "caso1.docx").write_bytes(b"de otra persona")
    codigo, texto, _ = cli("lote", str(carpeta_de_casos), "-o", str(nueva))
    assert "4 generados" in texto and (nueva / "caso1.docx").read_bytes() == b"de otra persona"
    # Con --forzar se reemplazan.
    codigo, texto, _ = cli("lote", str(carpeta_de_casos), "-o", str(salida), "--forzar")
    assert "5 generados" in texto and editado.read_bytes() != contenido


def test_lote_identico_a_generar_y_en_paralelo(cli, tmp_path, carpeta_de_casos):
    uno, dos = tmp_path / "uno", tmp_path / "dos"
    cli("lote", str(carpeta_de_casos), "-o", str(uno))
    cli("lote", str(carpeta_de_casos), "-o", str(dos), "--procesos", "2")
    suelto = tmp_path / "suelto.docx"
    assert cli("generar", str(carpeta_de_casos / "caso2.yaml"), "-o", str(suelto))[0] == 0
    assert (uno / "caso2.docx").read_bytes() == suelto.read_bytes() == (dos / "caso2.docx").read_bytes()
    for i in range(1, 6):
        assert (uno / f"caso{i}.docx").read_bytes() == (dos / f"caso{i}.docx").read_bytes()


def test_tabla_csv_con_expediente_base(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    tabla.write_text("oficio,solicitudes[1].folio,reproduccion.fojas,archivo\n"
                     "CT/1/2018,0001,10,\n"
                     "CT/2/2018,0002,veinte,\n"
                     "CT/3/2018,0003,30,tercera\n", encoding="utf-8")
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 1
    assert "tabla.csv, fila 3" in errores and "«reproduccion.fojas»" in errores
    assert sorted(p.name for p in salida.glob("*.docx")) == ["CT-1-2018.docx", "tercera.docx"]
    from .conftest import texto_docx

    texto_doc = texto_docx((salida / "CT-1-2018.docx").read_bytes())
    assert "Solicitud 0001:" in texto_doc and "reproducción de 10 fojas útiles" in texto_doc


def test_tabla_xlsx(cli, tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    hoja.append(["oficio", "fecha", "solicitudes[1].folio", "clasificaciones[1].periodo_reserva.vencimiento"])
    hoja.append(["CT/9/2018", dt.datetime(2018, 11, 23), "0009", dt.date(2023, 11, 23)])
    tabla = tmp_path / "tabla.xlsx"
    libro.save(tabla)
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0, errores
    from .conftest import texto_docx

    assert "A VEINTITRÉS DE NOVIEMBRE DE DOS MIL DIECIOCHO" in texto_docx((salida / "CT-9-2018.docx").read_bytes())


def test_tabla_sin_base_y_columna_inexistente(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    tabla.write_text("oficio,respuestas[9].unidad\nCT/1,X\n", encoding="utf-8")
    codigo, _, errores = cli("lote", str(tabla), "-o", str(tmp_path / "s"))
    assert codigo == 2 and "--base" in errores
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    # Las columnas se revisan una vez, antes de generar: código 2 y nada escrito.
    assert codigo == 2 and "«respuestas[9].unidad» pide un elemento que la base no tiene" in errores
    assert not (tmp_path / "s").exists()


def test_columnas_mal_escritas_se_informan_una_vez_con_sugerencia(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    filas = "".join(f"CT/IE/{i:03d}/2026,{i}\n" for i in range(1, 31))
    tabla.write_text("oficio,solicitudes[1].folioo\n" + filas, encoding="utf-8")
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    assert codigo == 2 and errores.count("folioo") == 1, errores
    assert "la columna no es un campo del expediente; ¿quiso decir «solicitudes[1].folio»" in errores
    tabla.write_text("oficio;solicitudes[1].folio\nCT/IE/001/2026;0000500194599\n", encoding="utf-8")  # CSV con «;»
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    assert codigo == 0 and "1 generados" in texto, errores


def test_tabla_que_no_es_utf8_o_con_una_celda_enorme(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    tabla.write_bytes("oficio,respuestas[1].unidad\nCT/IE/001/2026,DIRECCIÓN\n".encode("cp1252"))
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    assert codigo == 2 and "no está en UTF-8" in errores and "línea 2" in errores and "Traceback" not in errores
    tabla.write_text("oficio,respuestas[1].texto\nCT/IE/001/2026," + "x" * 2_200_000 + "\n", encoding="utf-8")
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    assert codigo == 2 and "pasa de dos millones de caracteres" in errores
    assert not (tmp_path / "s").exists()
    # Más de 128 KiB (el límite del módulo csv) y menos del máximo de un campo: se genera.
    tabla.write_text("oficio,respuestas[1].texto\nCT/IE/001/2026," + "palabra " * 20_000 + "\n", encoding="utf-8")
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(tmp_path / "s"))
    assert codigo == 0 and "1 generados" in texto, errores


def test_celda_vacia_y_oficio_repetido_son_errores(cli, tmp_path):
    tabla = tmp_path / "tabla.csv"
    tabla.write_text("oficio,respuestas[1].unidad,archivo\n"
                     "CT/IE/001/2026,DIRECCIÓN A,\n"
                     ",DIRECCIÓN B,\n"            # sin oficio: nunca el de la base
                     "CT/IE/001/2026,DIRECCIÓN C,\n"  # mismo oficio que la fila 2
                     "CT/IE/004/2026,DIRECCIÓN D,propio.docx\n"
                     # Otro nombre de salida, pero el mismo oficio para el registro (mayúsculas y
                     # espacios aparte): la segunda resolución reemplazaba a la primera.
                     " ct/ie/004/2026 ,DIRECCIÓN E,otro.docx\n"
                     "CT/IE/008/2026,DIRECCIÓN F,propio\n", encoding="utf-8")  # otro oficio, la salida de la fila 5
    salida = tmp_path / "s"
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 1 and "2 generados" in texto and "4 con errores" in texto, texto + errores
    assert "fila 3 — campo «oficio»: falta este campo obligatorio" in errores
    # Un problema, un mensaje: el mismo oficio (y por eso la misma salida) se dice una vez.
    assert "fila 4: la fila 2 ya tiene el oficio «CT/IE/001/2026»" in errores and "fila 4: la fila 2 ya produce" not in errores
    assert "fila 6: la fila 5 ya tiene el oficio «ct/ie/004/2026»" in errores, errores
    assert "fila 7: la fila 5 ya produce «propio»" in errores, errores
    assert sorted(p.name for p in salida.glob("*.docx")) == ["CT-IE-001-2026.docx", "propio.docx"]


def test_un_archivo_ilegible_no_detiene_el_lote(cli, tmp_path, carpeta_de_casos):
    (carpeta_de_casos / "binario.yaml").write_bytes(b"\xff\xfe\x00basura")
    salida = tmp_path / "salida"
    codigo, texto, errores = cli("lote", str(carpeta_de_casos), "-o", str(salida))
    assert codigo == 1 and "5 generados" in texto and "binario.yaml" in errores and "UTF-8" in errores


def test_advertencias_en_el_manifiesto_tambien_al_dia(cli, tmp_path):
    # CTA-40418 tal cual no indica sesión ni vencimiento: se genera, con dos advertencias.
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "cta.yaml").write_bytes((RAIZ / "samples" / "cta-40418.yaml").read_bytes())
    # Con otro oficio: dos resoluciones del lote no comparten número (``lote/oficios.py``).
    corregida = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
    (entrada / "corregida.yaml").write_text(corregida.replace("oficio: CTA-40418", "oficio: CTA-40518"),
                                            encoding="utf-8")
    salida = tmp_path / "salida"
    for _ in range(2):  # la segunda corrida, al día, conserva las advertencias
        codigo, texto, _ = cli("lote", str(entrada), "-o", str(salida))
        assert codigo == 0 and "1 documento(s) con advertencias" in texto
        casos = {c["caso"]: c for c in _manifiesto(salida)["casos"]}
        assert [a["mensaje"][:6] for a in casos["cta"]["advertencias"]] == ["QP-01:", "QP-06:"]
        assert casos["corregida"]["advertencias"] == [] and _manifiesto(salida)["con_advertencias"] == 1
        with (salida / "manifiesto.csv").open(encoding="utf-8-sig") as archivo:
            filas = {f["caso"]: f for f in csv.DictReader(archivo)}
        assert filas["cta"]["advertencias"].startswith("sesion: QP-01") and filas["corregida"]["advertencias"] == ""


def _tabla(ruta, oficios):
    ruta.write_text("oficio,solicitudes[1].folio\n" + "".join(f"{o},00{i:05d}\n" for i, o in enumerate(oficios)),
                    encoding="utf-8")
    return ruta


def test_una_corrida_parcial_no_vuelve_ajenos_los_demas(cli, tmp_path):
    """Antes el manifiesto solo guardaba la última corrida: tras generar una parte de la
    tabla en la misma carpeta, los demás documentos del lote parecían ajenos."""
    oficios = [f"CT/{i:03d}/2026" for i in range(1, 9)]
    completa, parte = _tabla(tmp_path / "todo.csv", oficios), _tabla(tmp_path / "parte.csv", oficios[:3])
    salida = tmp_path / "s"
    assert cli("lote", str(completa), "--base", str(BASE), "-o", str(salida))[0] == 0
    codigo, texto, errores = cli("lote", str(parte), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0 and "3 al día" in texto, errores
    assert len(_manifiesto(salida)["casos"]) == 8  # los otros cinco siguen registrados
    codigo, texto, errores = cli("lote", str(completa), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0 and "0 generados, 8 al día, 0 con errores" in texto, errores


def test_deshacer_la_edicion_de_un_documento_lo_vuelve_a_reconocer(cli, tmp_path):
    tabla = _tabla(tmp_path / "t.csv", ["CT/001/2026", "CT/002/2026"])
    salida = tmp_path / "s"
    cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    documento = salida / "CT-001-2026.docx"
    original = documento.read_bytes()
    documento.write_bytes(original + b"editado")
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 1 and "no se reemplaza" in errores
    documento.write_bytes(original)
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0 and "0 con errores" in texto, errores


def test_manifiesto_en_el_orden_de_la_tabla_con_dos_procesos(cli, tmp_path):
    oficios = [f"CT/{i:03d}/2026" for i in range(40, 0, -1)]  # al revés del orden alfabético
    tabla = _tabla(tmp_path / "t.csv", oficios)
    salida = tmp_path / "s"
    assert cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida), "--procesos", "2")[0] == 0
    assert [c["caso"] for c in _manifiesto(salida)["casos"]] == [o.replace("/", "-") for o in oficios]
    crudo = (salida / "manifiesto.csv").read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbfcaso,")  # con BOM: Excel lo abre con sus acentos


def test_documentos_sin_registrar_pero_identicos_no_son_ajenos(cli, tmp_path):
    """Un lote interrumpido puede dejar documentos escritos que no llegó a registrar."""
    tabla = _tabla(tmp_path / "t.csv", ["CT/001/2026", "CT/002/2026"])
    salida = tmp_path / "s"
    cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    (salida / "manifiesto.json").unlink()
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0 and "2 generados" in texto and "0 con errores" in texto, errores


def test_dos_lotes_a_la_vez_en_la_misma_carpeta(cli, tmp_path):
    import os

    tabla = _tabla(tmp_path / "t.csv", ["CT/001/2026"])
    salida = tmp_path / "s"
    salida.mkdir()
    marca = salida / ".lote-en-curso"
    marca.write_text(str(os.getppid()), encoding="utf-8")  # un proceso vivo
    codigo, _, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 2 and "otro lote" in errores and not list(salida.glob("*.docx"))
    marca.write_text("999999999", encoding="utf-8")  # un lote que ya no existe: la marca se ignora
    codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida))
    assert codigo == 0 and "1 generados" in texto, errores
    assert not marca.exists()
    # Una marca vacía (la dejaba un disco lleno) o con 0: no es un lote vivo (os.kill(0, 0) es
    # el grupo propio, que siempre existe, y la carpeta quedaba bloqueada para siempre).
    for contenido in ("", "0", "-1"):
        marca.write_text(contenido, encoding="utf-8")
        codigo, texto, errores = cli("lote", str(tabla), "--base", str(BASE), "-o", str(salida), "--forzar")
        assert codigo == 0 and "1 generados" in texto, (contenido, errores)


def test_sin_espacio_para_la_marca_no_deja_una_vacia(tmp_path, monkeypatch):
    import errno
    import os

    from generador.errores import ErrorDeUsuario
    from generador.lote import bloqueo

    def disco_lleno(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bloqueo.os, "write", disco_lleno)
    with pytest.raises(ErrorDeUsuario, match="espacio"):
        bloqueo.bloquear(tmp_path)
    assert not (tmp_path / ".lote-en-curso").exists()
    monkeypatch.undo()
    assert bloqueo.bloquear(tmp_path).read_text() == str(os.getpid())


@pytest.mark.parametrize("procesos", ["1", "2"])
def test_dos_expedientes_de_una_carpeta_con_el_mismo_oficio(cli, tmp_path, procesos):
    """En una carpeta, el oficio se sabe al leer cada expediente: el segundo con el mismo
    número (otras mayúsculas) es un error, sin documento y sin pisar al primero en el registro."""
    entrada = tmp_path / "casos"
    entrada.mkdir()
    texto = BASE.read_text(encoding="utf-8")
    (entrada / "a.yaml").write_text(texto.replace("oficio: CTA-40418", "oficio: CTA-77001"), encoding="utf-8")
    (entrada / "b.yaml").write_text(texto.replace("oficio: CTA-40418", "oficio: cta-77001"), encoding="utf-8")
    (entrada / "c.yaml").write_text(texto.replace("oficio: CTA-40418", "oficio: CTA-77002"), encoding="utf-8")
    registro = tmp_path / "registro.sqlite3"
    salida = tmp_path / "salida"
    for corrida in range(2):  # en la segunda, «a» está al día y «b» sigue chocando con él
        codigo, texto_salida, errores = cli("lote", str(entrada), "-o", str(salida), "--procesos", procesos,
                                            "--registro", str(registro))
        assert codigo == 1, (corrida, texto_salida, errores)
        assert "«a», de este mismo lote, ya tiene el oficio «cta-77001»" in errores, errores
        assert sorted(p.name for p in salida.glob("*.docx")) == ["a.docx", "c.docx"]
        filas = {f["caso"]: f for f in _manifiesto(salida)["casos"]}
        assert filas["b"]["estado"] == "error" and filas["a"]["estado"] == ("generado" if corrida == 0 else "al_dia")
    codigo, listado, _ = cli("registro", "listar", "--json", "--registro", str(registro))
    registrados = json.loads(listado)
    assert sorted(r["oficio"] for r in registrados) == ["CTA-77001", "CTA-77002"]


def test_con_otro_hilo_vivo_los_procesos_no_se_copian_a_medias(cli, tmp_path, carpeta_de_casos):
    """Un programa con más hilos (aquí, uno que tiene tomado un candado) que llama al lote con
    varios procesos: los hijos no se crean por «fork» (heredarían los candados tomados de los
    otros hilos y el lote se colgaba), sino por «spawn», y el resultado es el mismo."""
    import threading

    from generador import lote as motor_lote

    candado, listo, soltar = threading.Lock(), threading.Event(), threading.Event()

    def ocupado():
        with candado:
            listo.set()
            soltar.wait(120)

    hilo = threading.Thread(target=ocupado, daemon=True)
    hilo.start()
    listo.wait(10)
    try:
        assert motor_lote.metodo_de_arranque() == "spawn"
        uno, dos = tmp_path / "uno", tmp_path / "dos"
        cli("lote", str(carpeta_de_casos), "-o", str(uno), "--procesos", "1", "--sin-registro")
        codigo, texto, errores = cli("lote", str(carpeta_de_casos), "-o", str(dos), "--procesos", "2",
                                     "--sin-registro")
        assert codigo == 1 and "5 generados" in texto and "1 con errores" in texto, errores
        for documento in sorted(uno.glob("*.docx")):
            assert (dos / documento.name).read_bytes() == documento.read_bytes(), documento.name
        assert len(list(dos.glob("*.docx"))) == 5
    finally:
        soltar.set()
        hilo.join(10)


def test_metodo_de_arranque_en_un_proceso_de_un_solo_hilo():
    """La orden de la terminal tiene un solo hilo: ahí sí «fork» (los hijos heredan el catálogo)."""
    import subprocess
    import sys

    codigo = "from generador import lote; print(lote.metodo_de_arranque())"
    hecho = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ, timeout=120)
    assert hecho.stdout.strip() == "fork", hecho.stderr
