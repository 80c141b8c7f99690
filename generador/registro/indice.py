"""El índice de expedientes clasificados como reservados: sus columnas y sus archivos.

**Fuente de las columnas**: el Lineamiento Décimo cuarto de los Lineamientos Generales en
materia de Clasificación y Desclasificación de la Información (DOF 15/04/2016, reformas
de 2016 y 2022), fracciones I a XII, en ese orden y con sus palabras; y el artículo 105 de
la Ley General de Transparencia de 2025, que añade el tema, la fecha en que *inicia* la
reserva y la prórroga. El formato de la Plataforma Nacional de Transparencia no está en
los textos del proyecto: no se imita. Al final van columnas del registro (estado, oficio y
fecha de la resolución, desclasificación), que el Lineamiento no pide.

El índice es **acumulado**: una reserva vencida o desclasificada sigue con su estado. La
fracción XIII (2022) pide publicar solo lo vigente: ``--solo-vigentes``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from ..errores import ErrorDeUsuario
from ..salida import escribir_atomico
from .consultas import Reserva

# (clave, encabezado, de dónde sale). El encabezado es el texto de la fracción.
COLUMNAS: list[tuple[str, str, str]] = [
    ("area", "Área que generó, obtuvo, adquirió, transformó y/o conserva la información", "Décimo cuarto, fr. I"),
    ("documento", "Nombre del documento", "Décimo cuarto, fr. II"),
    ("tema", "Tema", "art. 105 LGTAIP; Décimo segundo"),
    ("fraccion_septimo", "Fracción del numeral séptimo que da origen a la reserva", "Décimo cuarto, fr. III"),
    ("fecha_clasificacion", "Fecha de clasificación", "Décimo cuarto, fr. IV"),
    ("fundamento_legal", "Fundamento legal de la clasificación", "Décimo cuarto, fr. V"),
    ("motivacion", "Razones y motivos de la clasificación", "Décimo cuarto, fr. VI"),
    ("completa_o_parcial", "Clasificación completa o parcial", "Décimo cuarto, fr. VII"),
    ("partes_reservadas", "En caso de ser parcial, las partes del documento que son reservadas", "Décimo cuarto, fr. VIII"),
    ("fecha_acta", "Fecha del acta en donde el Comité de Transparencia confirmó la clasificación", "Décimo cuarto, fr. IX"),
    ("plazo", "Plazo de reserva", "Décimo cuarto, fr. X"),
    ("en_prorroga", "Se encuentra o no en prórroga", "Décimo cuarto, fr. X"),
    ("inicio", "Fecha en que inicia la reserva", "art. 105 LGTAIP"),
    ("fin", "Fecha en que culmina el plazo de la clasificación", "Décimo cuarto, fr. XI"),
    ("partes_clasificadas", "Partes o secciones de los expedientes o documentos que se clasifican", "Décimo cuarto, fr. XII"),
    ("estado", "Estado", "registro"),
    ("oficio", "Oficio de la resolución", "registro"),
    ("fecha_resolucion", "Fecha de la resolución", "registro"),
    ("fin_calculado", "Fecha de fin calculada (no escrita en la resolución)", "registro"),
    ("desclasificada_el", "Fecha de desclasificación", "registro"),
    ("prorroga", "Resolución de la prórroga", "registro"),
]
ENCABEZADOS = {clave: encabezado for clave, encabezado, _ in COLUMNAS}
FORMATOS = (".csv", ".xlsx", ".json")


def _plazo(anios) -> str:
    return "" if anios is None else f"{anios} año" + ("" if anios == 1 else "s")


def fila(r: Reserva) -> dict[str, str]:
    """Una reserva como fila del índice (texto; fechas AAAA-MM-DD)."""
    c, res = r.clasificacion, r.resolucion
    prorroga = r.ultima_prorroga
    texto = lambda fecha: fecha.isoformat() if fecha else ""  # noqa: E731
    return {
        "area": c.area, "documento": c.documento, "tema": c.tema,
        # Las resoluciones que redacta la herramienta responden a una solicitud de acceso:
        # numeral Séptimo, fracción I. Lo importado conserva lo que traía.
        "fraccion_septimo": (res.expediente or {}).get("_fraccion_septimo", "I") if res.origen == "importacion" else "I",
        "fecha_clasificacion": texto(c.fecha_clasificacion), "fundamento_legal": c.fundamento_legal,
        "motivacion": c.motivacion, "completa_o_parcial": "Parcial" if c.parcial else "Completa",
        "partes_reservadas": c.partes if c.parcial else "", "fecha_acta": texto(c.fecha_acta),
        "plazo": _plazo(c.anios) + (f" (prorrogado {_plazo(prorroga.anios)})" if prorroga and prorroga.anios else ""),
        "en_prorroga": "Sí" if c.prorrogas else "No", "inicio": texto(c.inicio), "fin": texto(r.fin_vigente),
        "partes_clasificadas": c.partes if c.parcial else c.documento, "estado": r.estado, "oficio": res.oficio,
        "fecha_resolucion": texto(res.fecha), "fin_calculado": "Sí" if c.fin_calculado else "No",
        "desclasificada_el": texto(c.desclasificada_el), "prorroga": prorroga.oficio if prorroga else "",
    }


CARACTERES_DE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _celda_segura(valor: str) -> str:
    # Una celda que empieza con =, +, - o @ sería una fórmula en Excel: se neutraliza. Un
    # carácter de control (de un registro viejo o importado) se ve como «\ufffd»: en un XLSX
    # no se puede escribir (openpyxl fallaba y el índice entero no salía) y en la terminal
    # movería el cursor o cambiaría colores.
    valor = CARACTERES_DE_CONTROL.sub("\ufffd", valor)
    return "'" + valor if valor[:1] in ("=", "+", "-", "@", "\t", "\r") else valor


def a_csv(filas: list[dict[str, str]]) -> bytes:
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow([e for _, e, _ in COLUMNAS])
    for f in filas:
        escritor.writerow([_celda_segura(f[k]) for k, _, _ in COLUMNAS])
    return ("\ufeff" + salida.getvalue()).encode("utf-8")  # con BOM: Excel lo abre en UTF-8


def a_json(filas: list[dict[str, str]], periodo: dict) -> bytes:
    datos = {"periodo": periodo, "fuente_de_las_columnas": "Lineamiento Décimo cuarto (fr. I a XII) de los "
             "Lineamientos Generales de Clasificación y Desclasificación; art. 105 de la LGTAIP",
             "columnas": [{"clave": k, "encabezado": e, "fuente": f} for k, e, f in COLUMNAS], "filas": filas}
    return json.dumps(datos, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def a_xlsx(filas: list[dict[str, str]]) -> bytes:
    # openpyxl solo al escribir un .xlsx (como en el lote).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    libro = Workbook()
    hoja = libro.active
    hoja.title = "Índice"
    hoja.append([e for _, e, _ in COLUMNAS])
    for celda in hoja[1]:
        celda.font, celda.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for f in filas:
        hoja.append([_celda_segura(f[k]) for k, _, _ in COLUMNAS])
    hoja.freeze_panes = "A2"
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def escribir(destino: Path, reservas: list[Reserva], periodo: dict, *, sobrescribir: bool = False) -> int:
    """Escribe el índice en ``destino`` (.csv, .xlsx o .json, por la extensión, de forma
    atómica); devuelve cuántas filas."""
    extension = destino.suffix.lower()
    if extension not in FORMATOS:
        raise ErrorDeUsuario(f"{destino}: el índice se escribe en .csv, .xlsx o .json (formatos abiertos)")
    filas = [fila(r) for r in reservas]
    datos = a_csv(filas) if extension == ".csv" else a_json(filas, periodo) if extension == ".json" else a_xlsx(filas)
    escribir_atomico(destino, datos, sobrescribir=sobrescribir)
    return len(filas)
