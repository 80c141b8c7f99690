"""Importar un índice que la unidad ya llevaba en una hoja de cálculo (CSV o XLSX), para
empezar el registro con su historia.

Las columnas se reconocen por su encabezado, sin distinguir mayúsculas ni acentos: el
texto de las columnas del índice que escribe ``resoluciones indice`` (ver ``indice.py``)
o su clave corta (``area``, ``documento``, ``oficio``, ``inicio``, ``fin``…). Se exigen el
área, el nombre del documento y la fecha en que culmina la reserva (o la de inicio y el
plazo). Cada fila es una reserva; las filas con el mismo oficio son reservas de la misma
resolución. Sin oficio, la clave es «IMPORTADO-» y una huella de la fila: importar dos
veces el mismo archivo no duplica nada. Una resolución que la herramienta ya registró al
generarla no se pisa con lo importado. Todo o nada: con un error en una fila, no se importa
ninguna.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import __version__
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente.secciones import sumar_anios
from ..expediente.xlsx import MAX_CELDA, filas_xlsx
from .escritura import registrar_varios
from .indice import CARACTERES_DE_CONTROL, COLUMNAS
from .modelos import Resolucion
from .resumen import clave_de

_MAXIMO = 20 * 2**20
_MAXIMO_FILAS = 200_000


def _normal(texto: str) -> str:
    texto = "".join(c for c in unicodedata.normalize("NFD", str(texto or "")) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", texto.casefold()).strip()


_POR_ENCABEZADO = {_normal(e): k for k, e, _ in COLUMNAS} | {_normal(k): k for k, _, _ in COLUMNAS} | {
    "area": "area", "unidad": "area", "nombre del documento": "documento", "justificacion": "motivacion",
    "fundamento": "fundamento_legal", "fecha de inicio": "inicio", "fecha de fin": "fin", "vencimiento": "fin",
    "periodo": "plazo", "parcial": "completa_o_parcial", "prorroga": "en_prorroga", "oficio": "oficio",
    "fecha de desclasificacion": "desclasificada_el", "motivo": "motivo"}


def _leer_filas(ruta: Path) -> list[tuple[int, list]]:
    """(número de fila en la hoja, celdas) de cada fila; las vacías no se guardan, pero cuentan."""
    if not ruta.is_file():
        raise ErrorDeUsuario(f"{ruta}: no existe o no es un archivo")
    if ruta.stat().st_size > _MAXIMO:
        raise ErrorDeUsuario(f"{ruta}: pasa de {_MAXIMO // 2**20} MiB; no parece un índice")
    if ruta.suffix.lower() == ".csv":
        datos = ruta.read_bytes()
        try:
            texto = datos.decode("utf-8-sig")
        except UnicodeDecodeError:
            texto = datos.decode("cp1252", errors="replace")  # lo que guarda Excel en Windows
        muestra = texto[:4096]
        delimitador = ";" if muestra.count(";") > muestra.count(",") else ","
        csv.field_size_limit(MAX_CELDA)
        lector = csv.reader(io.StringIO(texto), delimiter=delimitador)
        try:
            return list(enumerate(lector, start=1))
        except csv.Error as exc:  # una celda de más de MAX_CELDA caracteres, un NUL…
            raise ErrorDeUsuario(Problema(f"no se pudo leer como CSV ({exc})", Ubicacion(str(ruta), lector.line_num))) \
                from None
    if ruta.suffix.lower() == ".xlsx":
        # Revisado antes de abrirlo y sin las dimensiones que declara (expediente/xlsx.py); las
        # filas vacías no se guardan (un millón de ellas eran la memoria entera).
        filas = []
        for numero, fila in enumerate(filas_xlsx(ruta), start=1):
            if any(c is not None and str(c).strip() for c in fila):
                filas.append((numero, list(fila)))
                if len(filas) > _MAXIMO_FILAS:
                    raise ErrorDeUsuario(f"{ruta}: pasa de {_MAXIMO_FILAS} filas; no parece un índice")
        return filas
    raise ErrorDeUsuario(f"{ruta}: el índice que se importa debe ser .csv o .xlsx")


def _fecha(valor, donde: Ubicacion, problemas: list[Problema]) -> dt.date | None:
    if valor in (None, ""):
        return None
    if isinstance(valor, dt.datetime):
        return valor.date()
    if isinstance(valor, dt.date):
        return valor
    texto = str(valor).strip()
    for patron, orden in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", (0, 1, 2)), (r"(\d{1,2})/(\d{1,2})/(\d{4})", (2, 1, 0))):
        encontrada = re.fullmatch(patron, texto)
        if encontrada:
            partes = [int(g) for g in encontrada.groups()]
            try:
                return dt.date(partes[orden[0]], partes[orden[1]], partes[orden[2]])
            except ValueError:
                break
    problemas.append(Problema(f"«{texto}» no es una fecha (AAAA-MM-DD o DD/MM/AAAA)", donde))
    return None


def _anios(valor) -> int | None:
    encontrado = re.search(r"\d+", str(valor or ""))
    return int(encontrado.group()) if encontrado else None


def leer(ruta: Path) -> list[dict]:
    """Las resoluciones del archivo, listas para registrar (o un error con cada fila mala)."""
    filas = _leer_filas(ruta)
    if not filas:
        raise ErrorDeUsuario(f"{ruta}: está vacío")
    columnas = [_POR_ENCABEZADO.get(_normal(e)) for e in filas[0][1]]
    faltan = [nombre for clave, nombre in (("area", "Área"), ("documento", "Nombre del documento"))
              if clave not in columnas]
    if "fin" not in columnas and not ("plazo" in columnas and {"inicio", "fecha_clasificacion"} & set(columnas)):
        faltan.append("Fecha en que culmina el plazo de la clasificación (o inicio y plazo)")
    if faltan:
        raise ErrorDeUsuario(f"{ruta}: faltan las columnas: {', '.join(faltan)}")
    problemas: list[Problema] = []
    resoluciones: dict[str, dict] = {}
    for numero, crudo in filas[1:]:
        valores = {c: ("" if v is None else v) for c, v in zip(columnas, crudo) if c}
        if not any(str(v).strip() for v in valores.values()):
            continue
        texto = {c: str(v).strip() for c, v in valores.items() if not isinstance(v, (dt.date, dt.datetime))}
        donde = lambda col: Ubicacion(str(ruta), numero, col)  # noqa: E731
        for col, valor in texto.items():
            # Un carácter de control no es texto de un índice, y después no se puede escribir
            # en un XLSX (el índice exportado fallaba) ni mostrar en una terminal.
            if CARACTERES_DE_CONTROL.search(valor):
                problemas.append(Problema("tiene caracteres de control (invisibles); bórrelos", donde(col)))
        fechas = {c: _fecha(valores.get(c), donde(c), problemas)
                  for c in ("inicio", "fin", "fecha_clasificacion", "fecha_acta", "fecha_resolucion", "desclasificada_el")}
        anios = _anios(valores.get("plazo"))
        inicio = fechas["inicio"] or fechas["fecha_clasificacion"]
        fin = fechas["fin"] or (sumar_anios(inicio, anios) if inicio and anios else None)
        for col in ("area", "documento"):
            if not texto.get(col):
                problemas.append(Problema("está vacía", donde(col)))
        if fin is None:
            problemas.append(Problema("falta la fecha en que culmina la reserva (o el inicio y el plazo)", donde("fin")))
            continue
        parcial = _normal(texto.get("completa_o_parcial", "")).startswith("parcial")
        huella = hashlib.sha256("|".join([texto.get("area", ""), texto.get("documento", ""), str(inicio)]).encode())
        oficio = texto.get("oficio") or f"IMPORTADO-{huella.hexdigest()[:10].upper()}"
        fecha_resolucion = fechas["fecha_resolucion"] or fechas["fecha_acta"] or inicio or fin
        resolucion = resoluciones.setdefault(clave_de(oficio), {
            "clave": clave_de(oficio), "oficio": oficio, "institucion": "importada", "tipo": "reserva",
            "fecha": fecha_resolucion, "asunto": "Importada de un índice anterior", "fecha_sesion": fechas["fecha_acta"],
            "folios": [], "expediente": {"_importado_de": ruta.name, "_fraccion_septimo": texto.get("fraccion_septimo") or "I"},
            "sha256_documento": None, "sha256_expediente": None, "version_herramienta": __version__,
            "formato": None, "archivo": None, "origen": "importacion", "clasificaciones": [], "_fila": numero})
        desclasificada = fechas["desclasificada_el"] or (
            fin if _normal(texto.get("estado", "")) == "desclasificada" else None)
        resolucion["clasificaciones"].append({
            "posicion": len(resolucion["clasificaciones"]), "tipo": "reservada", "parcial": parcial,
            "area": texto.get("area", ""), "documento": texto.get("documento", ""), "tema": texto.get("tema", ""),
            "fundamentos": [], "fundamento_legal": texto.get("fundamento_legal", ""),
            "motivacion": texto.get("motivacion", ""),
            "partes": texto.get("partes_reservadas") or texto.get("partes_clasificadas", "") if parcial else "",
            "fecha_clasificacion": inicio, "fecha_acta": fechas["fecha_acta"], "anios": anios, "inicio": inicio,
            "fin": fin, "fin_calculado": fechas["fin"] is None, "desclasificada_el": desclasificada,
            "motivo_desclasificacion": texto.get("motivo") or ("importada del índice anterior" if desclasificada else None)})
    if problemas:
        raise ErrorDeUsuario(problemas[:50], titulo=f"El índice {ruta} tiene errores; no se importó nada:")
    return list(resoluciones.values())


def importar(m: Engine, ruta: Path) -> tuple[int, int, list[str]]:
    """Importa el archivo. Devuelve (reservas importadas, resoluciones, oficios omitidos
    porque la herramienta ya los había registrado)."""
    lista = leer(ruta)
    with Session(m) as sesion:
        propias = set(sesion.scalars(select(Resolucion.clave).where(
            Resolucion.clave.in_([r["clave"] for r in lista]), Resolucion.origen != "importacion")).all())
    omitidos = [r["oficio"] for r in lista if r["clave"] in propias]
    lista = [{k: v for k, v in r.items() if k != "_fila"} for r in lista if r["clave"] not in propias]
    registrar_varios(m, lista)
    return sum(len(r["clasificaciones"]) for r in lista), len(lista), omitidos
