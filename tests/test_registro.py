"""El registro de resoluciones y el índice de reservados, sobre SQLite (issue 16).

Las mismas comprobaciones corren sobre PostgreSQL en ``test_registro_postgresql.py``
(``escenario_completo`` y ``escritores_a_la_vez`` son de las dos)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from generador import registro

from .conftest import RAIZ

MUESTRAS = RAIZ / "samples"
RESERVAS = ["cta-40418.yaml", "cta-40418-corregida.yaml", "reserva-2026.yaml", "reserva-2026-antecedentes.yaml",
            "mixta-2026.yaml"]


@pytest.fixture(autouse=True)
def _cerrar_motores():
    yield
    registro.cerrar_todos()


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    """Un registro SQLite de usar y tirar, también para lo que lee RESOLUCIONES_REGISTRO."""
    direccion = f"sqlite:///{tmp_path / 'registro.sqlite3'}"
    monkeypatch.setenv("RESOLUCIONES_REGISTRO", direccion)
    return direccion


def _generar(cli, carpeta: Path, muestra: str, *extra: str):
    return cli("generar", str(MUESTRAS / muestra), "-o", str(carpeta / (Path(muestra).stem + ".docx")),
               "--sobrescribir", *extra)


def escenario_completo(cli, carpeta: Path, direccion: str) -> None:
    """Lo de «Cómo se comprobará»: las reservas (una dos veces) y una confidencial; el índice
    de 2018 a 2026 y los vencimientos del 2031-09-01 a tres meses."""
    for muestra in [*RESERVAS, "reserva-2026.yaml", "confidencial-2026.yaml"]:
        codigo, _, errores = _generar(cli, carpeta, muestra, "--registro", direccion)
        assert codigo == 0, errores
    destino = carpeta / "indice.json"
    codigo, salida, errores = cli("indice", "--desde", "2018-01-01", "--hasta", "2026-12-31", "-o", str(destino),
                                  "--registro", direccion)
    assert codigo == 0, errores
    filas = json.loads(destino.read_text(encoding="utf-8"))["filas"]
    por_oficio = {}
    for fila in filas:
        por_oficio.setdefault(fila["oficio"], []).append(fila)
    assert sorted(por_oficio) == ["CT/IE/045/2026", "CT/IE/046/2026", "CTA-40418"]  # sin la confidencial
    assert all(len(v) == 1 for v in por_oficio.values()), "una fila por reserva, sin duplicados"
    assert por_oficio["CTA-40418"][0]["fin"] == "2023-11-21"
    assert por_oficio["CTA-40418"][0]["estado"] == "vencida"
    assert por_oficio["CTA-40418"][0]["completa_o_parcial"] == "Parcial"
    assert por_oficio["CT/IE/045/2026"][0]["fin"] == "2031-11-20"
    assert por_oficio["CT/IE/045/2026"][0]["estado"] == "vigente"
    assert "112, fracción V" in por_oficio["CT/IE/045/2026"][0]["fundamento_legal"]
    codigo, salida, _ = cli("vencimientos", "--al", "2031-09-01", "--meses", "3", "--json", "--registro", direccion)
    assert codigo == 1
    oficios = [r["oficio"] for r in json.loads(salida)["reservas"]]
    assert "CT/IE/045/2026" in oficios and "CTA-40418" not in oficios
    assert json.loads(salida)["reservas"][0]["dias"] == (dt.date(2031, 11, 20) - dt.date(2031, 9, 1)).days
    codigo, salida, _ = cli("vencimientos", "--al", "2031-09-01", "--registro", direccion)
    assert codigo == 1 and "CT/IE/045/2026" in salida and "faltan 80 días" in salida and "CTA-40418" not in salida
    codigo, salida, _ = cli("vencimientos", "--al", "2027-01-01", "--registro", direccion)
    assert codigo == 0 and "Ninguna" in salida
    # Regenerar no duplica: el registro tiene una resolución por oficio.
    resoluciones = registro.listar(registro.motor(direccion))
    assert sorted(r.oficio for r in resoluciones) == ["CT/IE/045/2026", "CT/IE/046/2026", "CT/IE/054/2026",
                                                      "CTA-40418"]
    assert {r.oficio: r.generaciones for r in resoluciones}["CT/IE/045/2026"] == 3


def _resumen_sintetico(oficio: str, fin: dt.date = dt.date(2030, 1, 1)) -> dict:
    return {"clave": registro.clave_de(oficio), "oficio": oficio, "institucion": "generica", "tipo": "reserva",
            "fecha": dt.date(2025, 1, 1), "asunto": "prueba", "fecha_sesion": None, "folios": ["1"],
            "expediente": {}, "sha256_documento": "0" * 64, "sha256_expediente": "1" * 64,
            "version_herramienta": "0", "formato": "docx", "archivo": None, "origen": "generar",
            "clasificaciones": [{"posicion": 0, "tipo": "reservada", "parcial": False, "area": "ÁREA",
                                 "documento": f"documento {oficio}", "tema": "", "fundamentos": [],
                                 "fundamento_legal": "", "motivacion": "", "partes": "",
                                 "fecha_clasificacion": dt.date(2025, 1, 1), "fecha_acta": dt.date(2025, 1, 1),
                                 "anios": 5, "inicio": dt.date(2025, 1, 1), "fin": fin, "fin_calculado": False}]}


def _escribir_muchos(direccion: str, prefijo: str, veces: int) -> None:
    m = registro.motor(direccion)
    for i in range(veces):
        registro.registrar(m, _resumen_sintetico(f"{prefijo}-{i}"))
        registro.registrar(m, _resumen_sintetico("COMPARTIDO"))


def _en_proceso(argumentos) -> None:
    registro.cerrar_todos()  # nada heredado del padre
    _escribir_muchos(*argumentos)


def escritores_a_la_vez(direccion: str, *, procesos: bool) -> None:
    """Ocho escritores (hilos o procesos) sobre una base nueva: ninguno pierde ni duplica."""
    escritores, veces = 8, 10
    registro.cerrar_todos()
    if procesos:
        contexto = multiprocessing.get_context("fork")
        with contexto.Pool(escritores) as grupo:
            grupo.map(_en_proceso, [(direccion, f"P{n}", veces) for n in range(escritores)])
    else:
        hilos = [threading.Thread(target=_escribir_muchos, args=(direccion, f"H{n}", veces)) for n in range(escritores)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
    lista = registro.listar(registro.motor(direccion))
    claves = [r.clave for r in lista]
    assert len(claves) == len(set(claves)) == escritores * veces + 1
    compartido = next(r for r in lista if r.clave == "COMPARTIDO")
    assert compartido.generaciones == escritores * veces
    assert all(len(r.clasificaciones) == 1 for r in lista)


# --- SQLite ---------------------------------------------------------------------------

def test_escenario_completo_en_sqlite(cli, tmp_path, url):
    escenario_completo(cli, tmp_path, url)


def test_hilos_a_la_vez_en_sqlite(tmp_path):
    escritores_a_la_vez(f"sqlite:///{tmp_path / 'hilos.sqlite3'}", procesos=False)


def test_procesos_a_la_vez_en_sqlite(tmp_path):
    escritores_a_la_vez(f"sqlite:///{tmp_path / 'procesos.sqlite3'}", procesos=True)


def test_la_ruta_de_un_archivo_y_la_variable(cli, tmp_path, monkeypatch):
    archivo = tmp_path / "sub" / "mio.sqlite3"
    monkeypatch.setenv("RESOLUCIONES_REGISTRO", str(archivo))
    codigo, _, errores = _generar(cli, tmp_path, "reserva-2026.yaml")
    assert codigo == 0 and "Registrada: CT/IE/045/2026" in errores
    assert archivo.is_file()
    codigo, _, errores = _generar(cli, tmp_path, "reserva-2026.yaml")
    assert "Actualizada en el registro" in errores


def test_sin_registro_no_escribe_nada(cli, tmp_path, monkeypatch):
    archivo = tmp_path / "nada.sqlite3"
    monkeypatch.setenv("RESOLUCIONES_REGISTRO", str(archivo))
    codigo, _, errores = _generar(cli, tmp_path, "reserva-2026.yaml", "--sin-registro")
    assert codigo == 0 and "Registrada" not in errores and not archivo.exists()
    monkeypatch.setenv("RESOLUCIONES_SIN_REGISTRO", "1")
    codigo, _, _ = _generar(cli, tmp_path, "reserva-2026.yaml")
    assert codigo == 0 and not archivo.exists()


def test_la_predeterminada_esta_en_la_carpeta_de_datos(monkeypatch, tmp_path):
    monkeypatch.delenv("RESOLUCIONES_REGISTRO", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert registro.url_del_registro(None) == f"sqlite:///{tmp_path / 'resoluciones' / 'registro.sqlite3'}"
    assert registro.url_del_registro("postgresql://u:secreto@h/b") == "postgresql+psycopg://u:secreto@h/b"
    assert "secreto" not in registro.mostrable("postgresql+psycopg://u:secreto@h/b")


@pytest.mark.parametrize("args, mensaje", [
    (("indice", "-o", "x.pdf"), "formatos abiertos"),
    (("indice", "--desde", "2026-02-30", "-o", "x.csv"), "no existe"),
    (("indice", "--desde", "2026-05-01", "--hasta", "2026-01-01", "-o", "x.csv"), "posterior"),
    (("vencimientos", "--al", "mañana"), "AAAA-MM-DD"),
    (("vencimientos", "--meses", "-1"), "entre 0 y 120"),
    (("desclasificar", "NO-EXISTE", "--fecha", "2026-01-01"), "no está en el registro"),
    (("registro", "mostrar", "NO-EXISTE"), "no está en el registro"),
    (("prorrogar", "NO-EXISTE", "--resolucion", "X", "--fecha", "2026-01-01", "--anios", "2"), "no está"),
    (("registro", "listar", "--registro", "mysql://u@h/b"), "no es una dirección"),
    (("registro", "importar", "no-hay.csv"), "no existe"),
])
def test_errores_en_espanol_con_codigo_2(cli, url, tmp_path, monkeypatch, args, mensaje):
    monkeypatch.chdir(tmp_path)
    codigo, salida, errores = cli(*args)
    assert codigo == 2, (salida, errores)
    assert mensaje in errores and "Traceback" not in errores


def test_un_servidor_que_no_responde_es_un_error_claro(cli, tmp_path):
    codigo, _, errores = _generar(cli, tmp_path, "reserva-2026.yaml", "--registro",
                                  f"postgresql+psycopg://nadie@/registro?host={tmp_path}")
    assert codigo == 2 and "no se pudo usar la base de datos" in errores
    assert "El documento sí se escribió" in errores and (tmp_path / "reserva-2026.docx").is_file()


def test_desclasificar_y_prorrogar_contra_la_reserva_original(cli, tmp_path, url):
    _generar(cli, tmp_path, "reserva-2026.yaml")
    codigo, salida, errores = cli("prorrogar", "CT/IE/045/2026", "--resolucion", "CT/IE/300/2031",
                                  "--fecha", "2031-10-01", "--anios", "2", "--motivo", "subsisten las causas")
    assert codigo == 0, errores
    assert "2033-11-20" in salida
    # Repetida con el mismo oficio de ampliación: se corrige, no se duplica.
    codigo, _, _ = cli("prorrogar", "CT/IE/045/2026", "--resolucion", "CT/IE/300/2031", "--fecha", "2031-10-01",
                       "--hasta", "2033-11-21")
    r = registro.mostrar(registro.motor(url), "CT/IE/045/2026")
    assert [(p.oficio, p.hasta) for p in r.clasificaciones[0].prorrogas] == [("CT/IE/300/2031", dt.date(2033, 11, 21))]
    codigo, salida, _ = cli("vencimientos", "--al", "2031-09-01", "--json")
    assert codigo == 0 and json.loads(salida)["reservas"] == []  # prorrogada: ya no vence en esa ventana
    codigo, salida, _ = cli("vencimientos", "--al", "2033-10-01", "--json")
    assert codigo == 1 and json.loads(salida)["reservas"][0]["estado"] == "en prórroga"
    # Regenerar la resolución original conserva la prórroga.
    _generar(cli, tmp_path, "reserva-2026.yaml")
    assert registro.mostrar(registro.motor(url), "CT/IE/045/2026").clasificaciones[0].prorrogas
    codigo, salida, errores = cli("desclasificar", "ct/ie/045/2026", "--fecha", "2032-01-15", "--motivo",
                                  "se extinguieron las causas")
    assert codigo == 0, errores
    destino = tmp_path / "i.json"
    cli("indice", "--hasta", "2032-06-30", "-o", str(destino))
    fila = json.loads(destino.read_text(encoding="utf-8"))["filas"][0]
    assert fila["estado"] == "desclasificada" and fila["desclasificada_el"] == "2032-01-15"
    assert fila["en_prorroga"] == "Sí" and fila["prorroga"] == "CT/IE/300/2031"
    # Antes de la desclasificación seguía en prórroga; con --solo-vigentes ya no aparece.
    cli("indice", "--hasta", "2031-12-31", "-o", str(destino), "--sobrescribir")
    assert json.loads(destino.read_text(encoding="utf-8"))["filas"][0]["estado"] == "en prórroga"
    cli("indice", "--hasta", "2032-06-30", "--solo-vigentes", "-o", str(destino), "--sobrescribir")
    assert json.loads(destino.read_text(encoding="utf-8"))["filas"] == []
    codigo, _, errores = cli("prorrogar", "CT/IE/045/2026", "--resolucion", "OTRA", "--fecha", "2032-02-01",
                             "--anios", "1")
    assert codigo == 2 and "ya se desclasificó" in errores


def test_indice_en_csv_y_xlsx_con_las_columnas_del_lineamiento(cli, tmp_path, url):
    _generar(cli, tmp_path, "cta-40418-corregida.yaml")
    _generar(cli, tmp_path, "reserva-2026.yaml")
    codigo, _, _ = cli("indice", "--area", "seguridad institucional", "-o", str(tmp_path / "i.csv"))
    assert codigo == 0
    filas = list(csv.reader(io.StringIO((tmp_path / "i.csv").read_text(encoding="utf-8-sig"))))
    assert filas[0][:2] == ["Área que generó, obtuvo, adquirió, transformó y/o conserva la información",
                            "Nombre del documento"]
    assert "Fecha en que culmina el plazo de la clasificación" in filas[0]
    assert len(filas) == 2 and filas[1][0] == "DIRECCIÓN DE SEGURIDAD INSTITUCIONAL"
    codigo, _, _ = cli("indice", "-o", str(tmp_path / "i.xlsx"))
    from openpyxl import load_workbook

    hoja = load_workbook(tmp_path / "i.xlsx").active
    assert hoja.max_row == 3 and hoja["B1"].value == "Nombre del documento"


def test_importar_un_indice_anterior_sin_duplicar(cli, tmp_path, url):
    _generar(cli, tmp_path, "reserva-2026.yaml")
    anterior = tmp_path / "anterior.csv"
    anterior.write_text(
        "Área,Nombre del documento,Fecha de clasificación,Plazo de reserva,Oficio de la resolución,Estado\n"
        "DIRECCIÓN JURÍDICA,Expedientes del juicio 12/2019,2019-03-01,5 años,CT/IE/007/2019,vencida\n"
        "DIRECCIÓN JURÍDICA,Dictamen interno,01/06/2022,3 años,CT/IE/020/2022,desclasificada\n"
        "DIRECCIÓN DE SEGURIDAD INSTITUCIONAL,Ya registrado,2026-11-20,5 años,CT/IE/045/2026,vigente\n",
        encoding="utf-8")
    for _ in range(2):
        codigo, salida, errores = cli("registro", "importar", str(anterior))
        assert codigo == 0, errores
        assert "Importadas 2 reserva(s)" in salida and "CT/IE/045/2026" in errores
    lista = registro.listar(registro.motor(url))
    assert sorted(r.oficio for r in lista) == ["CT/IE/007/2019", "CT/IE/020/2022", "CT/IE/045/2026"]
    assert next(r for r in lista if r.oficio == "CT/IE/045/2026").origen == "generar"  # no se pisó
    destino = tmp_path / "i.json"
    cli("indice", "-o", str(destino))
    filas = {f["oficio"]: f for f in json.loads(destino.read_text(encoding="utf-8"))["filas"]}
    assert filas["CT/IE/007/2019"]["fin"] == "2024-03-01" and filas["CT/IE/007/2019"]["estado"] == "vencida"
    assert filas["CT/IE/020/2022"]["estado"] == "desclasificada"
    # El índice que escribe la herramienta se puede volver a importar (otra base).
    cli("indice", "-o", str(tmp_path / "propio.xlsx"))
    codigo, salida, errores = cli("registro", "importar", str(tmp_path / "propio.xlsx"), "--registro",
                                  str(tmp_path / "otra.sqlite3"))
    assert codigo == 0 and "Importadas 3 reserva(s) de 3" in salida, errores


def test_importar_con_errores_no_importa_nada(cli, tmp_path, url):
    malo = tmp_path / "malo.csv"
    malo.write_text("Área,Nombre del documento,Fecha en que culmina el plazo de la clasificación\n"
                    "A,Uno,2030-01-01\nB,,2030-02-30\n", encoding="utf-8")
    codigo, _, errores = cli("registro", "importar", str(malo))
    assert codigo == 2 and "línea 3" in errores and "no es una fecha" in errores and "está vacía" in errores
    assert registro.listar(registro.motor(url)) == []
    sin_columnas = tmp_path / "sin.csv"
    sin_columnas.write_text("Documento\nx\n", encoding="utf-8")
    codigo, _, errores = cli("registro", "importar", str(sin_columnas))
    assert codigo == 2 and "faltan las columnas" in errores


def test_listar_mostrar_exportar_y_migrar(cli, tmp_path, url):
    codigo, salida, _ = cli("registro", "migrar")
    assert codigo == 0 and "vacía a la 0003" in salida
    codigo, salida, _ = cli("registro", "migrar")
    assert "ya está en la última versión" in salida
    _generar(cli, tmp_path, "reserva-2026.yaml")
    _generar(cli, tmp_path, "confidencial-2026.yaml")
    codigo, salida, _ = cli("registro", "listar")
    assert codigo == 0 and "CT/IE/045/2026" in salida and "CT/IE/054/2026" in salida
    codigo, salida, _ = cli("registro", "listar", "--tipo", "confidencial", "--json")
    assert [r["oficio"] for r in json.loads(salida)] == ["CT/IE/054/2026"]
    codigo, salida, _ = cli("registro", "mostrar", "CT/IE/045/2026", "--expediente")
    datos = json.loads(salida)
    documento = (tmp_path / "reserva-2026.docx").read_bytes()
    import hashlib

    assert datos["sha256_documento"] == hashlib.sha256(documento).hexdigest()
    assert datos["sha256_expediente"] == hashlib.sha256((MUESTRAS / "reserva-2026.yaml").read_bytes()).hexdigest()
    assert datos["expediente"]["oficio"] == "CT/IE/045/2026" and datos["version_herramienta"]
    codigo, _, _ = cli("registro", "exportar", "-o", str(tmp_path / "todo.json"))
    assert len(json.loads((tmp_path / "todo.json").read_text(encoding="utf-8"))["resoluciones"]) == 2
    # Un archivo que ya existe no se pisa sin --sobrescribir (el índice y la exportación).
    for orden in (("registro", "exportar"), ("indice",)):
        ajeno = tmp_path / f"ajeno-{orden[0]}.json"
        ajeno.write_text("de alguien más", encoding="utf-8")
        codigo, _, errores = cli(*orden, "-o", str(ajeno))
        assert codigo == 2 and "--sobrescribir" in errores and "Traceback" not in errores, errores
        assert ajeno.read_text(encoding="utf-8") == "de alguien más"
        codigo, _, errores = cli(*orden, "-o", str(ajeno), "--sobrescribir")
        assert codigo == 0, errores
        assert json.loads(ajeno.read_text(encoding="utf-8"))


def test_el_lote_registra_cada_documento(cli, tmp_path, url):
    entrada = tmp_path / "casos"
    entrada.mkdir()
    for muestra in ("reserva-2026.yaml", "cta-40418-corregida.yaml", "confidencial-2026.yaml"):
        (entrada / muestra).write_bytes((MUESTRAS / muestra).read_bytes())
    for _ in range(2):  # la segunda corrida está al día: no registra de nuevo
        codigo, _, errores = cli("lote", str(entrada), "-o", str(tmp_path / "salida"), "--procesos", "2")
        assert codigo == 0, errores
    lista = registro.listar(registro.motor(url))
    assert sorted(r.oficio for r in lista) == ["CT/IE/045/2026", "CT/IE/054/2026", "CTA-40418"]
    assert all(r.origen == "lote" and r.generaciones == 1 for r in lista)
    manifiesto = json.loads((tmp_path / "salida" / "manifiesto.json").read_text(encoding="utf-8"))
    assert "registro" not in manifiesto["casos"][0]
    assert {r.sha256_documento for r in lista} == {c["sha256_salida"] for c in manifiesto["casos"]}


def test_la_pagina_registra_lo_que_se_descarga(tmp_path, url):
    from generador.web import crear_app

    carpeta = tmp_path / "casos"
    carpeta.mkdir()
    (carpeta / "reserva.yaml").write_bytes((MUESTRAS / "reserva-2026.yaml").read_bytes())
    cliente = crear_app(carpeta, registro=url).test_client()
    respuesta = cliente.get("/caso/reserva.yaml/descargar.docx")
    assert respuesta.status_code == 200
    [r] = registro.listar(registro.motor(url))
    assert r.origen == "web" and r.oficio == "CT/IE/045/2026"
    import hashlib

    assert r.sha256_documento == hashlib.sha256(respuesta.data).hexdigest()


def test_quitar_una_clasificacion_conserva_la_que_tiene_historia(tmp_path):
    direccion = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    m = registro.motor(direccion)
    datos = _resumen_sintetico("CT/1")
    segunda = dict(datos["clasificaciones"][0], posicion=1, documento="segunda")
    tercera = dict(datos["clasificaciones"][0], posicion=2, documento="tercera")
    registro.registrar(m, dict(datos, clasificaciones=[datos["clasificaciones"][0], segunda, tercera]))
    registro.desclasificar(m, "CT/1", dt.date(2026, 1, 1), "prueba", posicion=3)
    registro.registrar(m, datos)  # el expediente corregido ya solo tiene la primera
    documentos = [c.documento for c in registro.mostrar(m, "CT/1").clasificaciones]
    assert documentos == ["documento CT/1", "tercera"]  # la desclasificada nunca se borra


def _filas(direccion: str) -> list[tuple]:
    from sqlalchemy import select

    from generador.registro.modelos import Clasificacion, Resolucion

    m = registro.motor(direccion)
    with m.connect() as c:
        omitir = {"id", "resolucion_id", "creada_en", "actualizada_en"}
        res = [tuple(v for k, v in fila._mapping.items() if k not in omitir)
               for fila in c.execute(select(Resolucion.__table__).order_by(Resolucion.clave))]
        cla = [tuple(v for k, v in fila._mapping.items() if k not in omitir)
               for fila in c.execute(select(Clasificacion.__table__).order_by(Clasificacion.posicion))]
    return res + cla


def test_el_camino_rapido_de_sqlite_deja_lo_mismo_que_sqlalchemy(tmp_path):
    from generador.registro import rapido
    from generador.tuberia import leer_caso

    caso = leer_caso(MUESTRAS / "cta-40418-corregida.yaml")
    from generador.registro.resumen import resumen

    datos = resumen(caso, b"documento", archivo="x.docx", formato="docx", origen="generar")
    uno, otro = tmp_path / "uno.sqlite3", tmp_path / "otro.sqlite3"
    assert rapido.registrar_sqlite(str(uno), datos) is None  # base que no existe: que migre SQLAlchemy
    for archivo in (uno, otro):
        registro.migrar(registro.crear_motor(f"sqlite:///{archivo}"))
    for _ in range(2):
        registro.registrar(registro.motor(f"sqlite:///{uno}"), datos)
        rapido.registrar_sqlite(str(otro), datos)
    assert _filas(f"sqlite:///{uno}") == _filas(f"sqlite:///{otro}")
    assert registro.mostrar(registro.motor(f"sqlite:///{otro}"), "CTA-40418").generaciones == 2


def test_prorrogar_solo_lo_que_admite_el_articulo_104(cli, tmp_path, url):
    """Art. 104: el Comité amplía una vez, hasta cinco años, antes de que venza; otra ampliación,
    solo la autoridad garante (párrafo cuarto). La auditoría registró prórrogas hasta 2055."""
    _generar(cli, tmp_path, "reserva-2026.yaml")  # reserva del 2026-11-20 al 2031-11-20
    oficio = "CT/IE/045/2026"
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "A", "--fecha", "2031-10-01", "--hasta", "2037-01-01")
    assert codigo == 2 and "pasa de cinco años después del fin original" in errores and "2036-11-20" in errores
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "A", "--fecha", "2032-01-10", "--anios", "2")
    assert codigo == 2 and "venció el 2031-11-20" in errores and "fracción II" in errores
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "A", "--fecha", "2020-01-10", "--anios", "2")
    assert codigo == 2 and "anterior a la clasificación" in errores
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "A", "--fecha", "2031-10-01", "--anios", "5")
    assert codigo == 0, errores
    # La segunda: no la aprueba el Comité.
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "B", "--fecha", "2036-10-01", "--anios", "5")
    assert codigo == 2 and "ya se amplió con A" in errores and "--autoridad-garante" in errores
    r = registro.mostrar(registro.motor(url), oficio)
    assert [(p.oficio, p.hasta) for p in r.clasificaciones[0].prorrogas] == [("A", dt.date(2036, 11, 20))]
    # Corregir la misma ampliación sí se puede; y con la autoridad garante, otra.
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "A", "--fecha", "2031-10-01", "--anios", "4")
    assert codigo == 0, errores
    # Ni la autoridad garante amplía de nuevo una reserva por la vida o la seguridad de una
    # persona (112, fr. V): solo infraestructura estratégica o la fr. IV (art. 104, párrafo cuarto).
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "B", "--fecha", "2035-08-01", "--anios", "3",
                             "--autoridad-garante")
    assert codigo == 2 and "lgtaip2025.112.V" in errores and "párrafo cuarto" in errores, errores
    from sqlalchemy import text

    with registro.motor(url).begin() as conexion:  # la misma reserva, si fuera de seguridad nacional
        conexion.execute(text("UPDATE clasificaciones SET fundamentos = :f"),
                         {"f": '["cpeum.6.A.I", "lgtaip2025.104", "lgtaip2025.112.I", "lgcd.17"]'})
    codigo, _, errores = cli("prorrogar", oficio, "--resolucion", "B", "--fecha", "2035-08-01", "--anios", "3",
                             "--autoridad-garante")
    assert codigo == 0, errores
    r = registro.mostrar(registro.motor(url), oficio)
    prorrogas = {p.oficio: p for p in r.clasificaciones[0].prorrogas}
    assert prorrogas["B"].hasta == dt.date(2038, 11, 20) and "autoridad garante" in prorrogas["B"].motivo
