"""Generación por lotes: muchos expedientes, un proceso por núcleo, nada en memoria de más.

La entrada es una carpeta de expedientes YAML, o una tabla (CSV o XLSX) cuyas filas
llenan campos de un expediente base: cada columna es la ruta de un campo
(``oficio``, ``fecha``, ``solicitudes[1].folio``…; los elementos de lista se cuentan
desde 1, como en los mensajes de error).

Cada proceso carga el catálogo y prepara los diseños una sola vez; cada documento es
una redacción y un render (``motor.py``), escrito de forma atómica por el mismo
proceso. Los documentos nunca se juntan en memoria. Un caso que falla se informa y no
detiene a los demás. El manifiesto (JSON y CSV) registra cada caso con su salida, su
estado y el SHA-256 del documento; con él, una segunda corrida salta los casos cuya
salida está al día (mismo expediente, misma versión, mismo catálogo y plantillas).
"""

from __future__ import annotations

import copy
import csv
import datetime as _dt
import hashlib
import json
import os
import re
import warnings
import xml.parsers.expat
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import __version__
from .errores import ErrorDeUsuario, Problema, Ubicacion
from .salida import mensaje_de_os, nombre_de_archivo

MANIFIESTO = "manifiesto"


def mostrable(texto: str) -> str:
    """El texto con lo que no es UTF-8 (un nombre de archivo en otra codificación, que
    Python guarda como «sustitutos») cambiado por «\ufffd»: así se puede imprimir y
    escribir en el manifiesto sin que el lote se caiga."""
    return texto.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def errores_de(exc: BaseException) -> list[dict[str, Any]]:
    """Los errores de un caso como los registra el manifiesto: {campo, mensaje, linea}.

    Un error del disco (lleno, de solo lectura) se dice en español; uno que no se esperaba
    (un defecto del programa) se dice como tal, sin traza, y el lote sigue con los demás."""
    if isinstance(exc, ErrorDeUsuario):
        return [{"campo": p.ubicacion.campo, "mensaje": p.mensaje, "linea": p.ubicacion.linea} for p in exc.problemas]
    if isinstance(exc, OSError):
        return [{"campo": None, "linea": None, "mensaje": mensaje_de_os(exc)}]
    return [{"campo": None, "linea": None, "mensaje":
             f"error interno del programa ({type(exc).__name__}: {str(exc)[:200]}); no se generó este caso. "
             "No es un error del expediente: por favor, infórmelo"}]


# OWASP, «CSV injection»: Excel o LibreOffice toman por fórmula una celda que empieza así
# (=HYPERLINK(…) en un nombre de archivo abriría un enlace o ejecutaría algo al abrir el
# manifiesto). Con un apóstrofo delante se muestra como texto.
_INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def celda_segura(valor: Any) -> Any:
    """El valor de una celda que el programa escribe en un CSV o un XLSX, neutralizado."""
    if isinstance(valor, str) and valor.startswith(_INICIO_DE_FORMULA):
        return "'" + valor
    return valor


@dataclass
class Tarea:
    """Un caso del lote: su nombre, su expediente y su salida.

    Un expediente de una carpeta viaja como ruta y lo lee el proceso que lo genera (el
    principal no lee ni copia miles de archivos); uno de una tabla, como datos armados."""

    caso: str
    origen: str
    salida: Path
    entrada: bytes = b""
    datos: dict | None = None  # si viene de una tabla
    ruta: Path | None = None  # si viene de una carpeta


@dataclass
class Resultado:
    caso: str
    origen: str
    salida: str
    estado: str  # generado | al_dia | error
    sha256_entrada: str
    sha256_salida: str | None = None
    errores: list[dict[str, Any]] = field(default_factory=list)
    # Advertencias de la revisión jurídica: no impiden generar, pero quedan registradas.
    advertencias: list[dict[str, Any]] = field(default_factory=list)


# --- Lectura de la entrada -------------------------------------------------------

_PASO = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# nombre, luego [n] o .nombre; índices de hasta seis cifras (int() de miles de cifras es
# lento, y ninguna base tiene un millón de elementos).
_RUTA = re.compile(r"[^.\[\]]+(?:\[\d{1,6}\]|\.[^.\[\]]+)*")


def _ruta_de_columna(columna: str) -> list[str | int]:
    """``solicitudes[1].folio`` → ["solicitudes", 0, "folio"]. Un encabezado que no tiene esa
    forma (``..``, ``[1]``, ``a[x]``) es un error, no una ruta vacía o adivinada."""
    if not _RUTA.fullmatch(columna.strip()):
        raise ValueError(f"la columna «{_corto(columna)}» no es la ruta de un campo (p. ej. «oficio» o "
                         "«solicitudes[1].folio»)")
    return [int(indice) - 1 if indice else nombre for nombre, indice in _PASO.findall(columna.strip())]


def _corto(texto: str, largo: int = 80) -> str:
    """Un encabezado o un nombre en un mensaje, sin copiar miles de caracteres."""
    return texto if len(texto) <= largo else texto[:largo] + "…"


def _poner(datos: dict, ruta: list[str | int], valor: Any, columna: str) -> None:
    columna = _corto(columna)
    actual: Any = datos
    for i, paso in enumerate(ruta[:-1]):
        siguiente = ruta[i + 1]
        if isinstance(paso, int):
            if not isinstance(actual, list) or not 0 <= paso < len(actual):
                raise ValueError(f"la columna «{columna}» pide un elemento que la base no tiene")
            actual = actual[paso]
        else:
            if not isinstance(actual, dict):
                raise ValueError(f"la columna «{columna}» no corresponde a un campo de la base")
            actual = actual.setdefault(paso, [] if isinstance(siguiente, int) else {})
    ultimo = ruta[-1]
    if isinstance(ultimo, int):
        if not isinstance(actual, list) or not 0 <= ultimo < len(actual):
            raise ValueError(f"la columna «{columna}» pide un elemento que la base no tiene")
        actual[ultimo] = valor
    elif isinstance(actual, dict) and valor is None:
        actual.pop(ultimo, None)  # celda vacía: el campo queda sin valor
    elif isinstance(actual, dict):
        actual[ultimo] = valor
    else:
        raise ValueError(f"la columna «{columna}» no corresponde a un campo de la base")


def _texto_de_celda(valor: Any) -> Any:
    if isinstance(valor, _dt.datetime):
        return valor.date().isoformat()
    if isinstance(valor, _dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return None if valor is None else str(valor)


# Una celda puede llevar un texto largo (la respuesta completa de una unidad): el
# límite de 128 KiB del módulo csv se sube al máximo que acepta un campo del expediente.
_MAX_CELDA = 2_100_000
# Una línea física del CSV (una fila sin celdas de varias líneas): holgada para varias
# celdas largas, pero un archivo de una sola línea de 1 GB no se junta en memoria.
_MAX_LINEA = 8 * _MAX_CELDA
# XLSX: un ZIP cuyas partes se descomprimen al leerlas. Lo que declaran se revisa antes
# de abrirlo: una «bomba» (unos KB que se vuelven GB) o una celda gigante agotarían la memoria.
_MAX_XLSX_PARTE = 512 * 2**20  # bytes descomprimidos de una parte (una hoja, las cadenas)
_MAX_XLSX_TOTAL = 1024 * 2**20
_MAX_XLSX_PARTES = 10_000
_MAX_XLSX_PROPORCION = 300  # descomprimido / comprimido; un XLSX real queda muy por debajo de 100


def _dialecto(primera_linea: str) -> str:
    # Excel en configuración regional con coma decimal guarda el CSV con «;».
    return ";" if primera_linea.count(";") > primera_linea.count(",") else ","


def _lineas(archivo, tabla: Path) -> Iterator[str]:
    """Las líneas del CSV, cada una de hasta ``_MAX_LINEA`` caracteres (el módulo csv junta
    una fila entera en memoria: mil millones de comas serían mil millones de celdas)."""
    numero = 0
    while linea := archivo.readline(_MAX_LINEA):
        numero += 1
        if len(linea) == _MAX_LINEA and not linea.endswith(("\n", "\r")):
            raise ErrorDeUsuario(Problema(f"una línea de la tabla pasa de {_MAX_LINEA:,} caracteres".replace(",", " "),
                                          Ubicacion(str(tabla), numero)))
        yield linea


def _filas_csv(tabla: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(_MAX_CELDA)
    lector = None
    with tabla.open(encoding="utf-8-sig", newline="") as archivo:
        try:
            delimitador = _dialecto(archivo.readline(_MAX_LINEA))
            archivo.seek(0)
            lector = csv.DictReader(_lineas(archivo, tabla), delimiter=delimitador)
            yield from lector
        except csv.Error as exc:
            limite = "field larger than field limit" in str(exc)
            linea = (lector.line_num if lector else 0) + (1 if limite else 0)
            raise ErrorDeUsuario(Problema(
                "una celda pasa de dos millones de caracteres" if limite else f"el CSV está mal formado ({exc})",
                Ubicacion(str(tabla), linea or None))) from None
        except UnicodeDecodeError:
            # El lector decodifica por bloques: la línea exacta sale de los bytes.
            from .expediente import decodificar

            try:
                decodificar(tabla.read_bytes(), str(tabla))
                linea = None
            except ErrorDeUsuario as exc:
                linea = exc.problemas[0].ubicacion.linea
            raise ErrorDeUsuario(Problema(
                "la tabla no está en UTF-8: en Excel, guárdela con «Guardar como» → «CSV UTF-8 (delimitado por "
                "comas)»", Ubicacion(str(tabla), linea))) from None


class _CeldaGrande(Exception):
    pass


def _medir_celdas(parte, nombre: str) -> None:
    """Recorre el XML de una hoja o de sus cadenas compartidas sin armarlo en memoria
    (expat entrega el texto por trozos) y corta en cuanto una celda pasa de ``_MAX_CELDA``
    caracteres. openpyxl sí guardaría la celda entera (y todas las cadenas compartidas)."""
    celda = "si" if nombre.endswith("sharedStrings.xml") else "c"
    estado = {"largo": 0, "ref": None}

    def abrir(etiqueta, atributos):
        if etiqueta.rsplit(":", 1)[-1] == celda:
            estado.update(largo=0, ref=atributos.get("r"))

    def texto(datos):
        estado["largo"] += len(datos)
        if estado["largo"] > _MAX_CELDA:
            raise _CeldaGrande(estado["ref"])

    lector = xml.parsers.expat.ParserCreate()
    lector.StartElementHandler, lector.CharacterDataHandler = abrir, texto
    while bloque := parte.read(1 << 20):
        lector.Parse(bloque, False)
    lector.Parse(b"", True)


def _revisar_xlsx(tabla: Path) -> None:
    """Antes de abrir un XLSX con openpyxl: tamaños declarados del ZIP (bombas) y tamaño de
    cada celda (el mismo límite que en un CSV), con un error en español en lugar de agotar
    la memoria. zipfile no descomprime más de lo que cada parte declara."""
    def error(mensaje: str) -> ErrorDeUsuario:
        return ErrorDeUsuario(Problema(mensaje, Ubicacion(str(tabla))))

    try:
        with zipfile.ZipFile(tabla) as libro:
            partes = libro.infolist()
            if len(partes) > _MAX_XLSX_PARTES:
                raise error(f"el libro de Excel tiene {len(partes)} partes; no parece un XLSX (¿un archivo dañado?)")
            total = 0
            for parte in partes:
                total += parte.file_size
                if (parte.file_size > _MAX_XLSX_PARTE or total > _MAX_XLSX_TOTAL
                        or parte.file_size > _MAX_XLSX_PROPORCION * max(parte.compress_size, 1024)):
                    raise error("el libro de Excel se descomprime en demasiados datos "
                                f"({parte.file_size // 2**20} MiB en «{mostrable(parte.filename)}»); no se abre. "
                                "Guarde la tabla como CSV UTF-8 o divídala")
            for parte in partes:
                nombre = parte.filename
                if nombre.startswith("xl/worksheets/") and nombre.endswith(".xml") or nombre == "xl/sharedStrings.xml":
                    with libro.open(parte) as contenido:
                        try:
                            _medir_celdas(contenido, nombre)
                        except _CeldaGrande as exc:
                            donde = f" (celda {exc.args[0]})" if exc.args[0] else ""
                            raise error(f"una celda pasa de dos millones de caracteres{donde}") from None
    except ErrorDeUsuario:
        raise
    except (zipfile.BadZipFile, xml.parsers.expat.ExpatError, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise error(f"no se pudo abrir como libro de Excel ({type(exc).__name__})") from None


def _filas(tabla: Path) -> Iterator[dict[str, Any]]:
    if tabla.suffix.lower() == ".csv":
        yield from _filas_csv(tabla)
        return
    from openpyxl import load_workbook

    _revisar_xlsx(tabla)
    # openpyxl avisa en inglés (una fecha fuera de rango se lee como error): el caso ya lo
    # informa en español al validar el campo.
    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

    try:
        libro = load_workbook(tabla, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl no distingue sus errores de formato
        raise ErrorDeUsuario(Problema(f"no se pudo abrir como libro de Excel ({type(exc).__name__})",
                                      Ubicacion(str(tabla)))) from None
    try:
        hoja = libro.worksheets[0]
        filas = _sin_errores_de_openpyxl(hoja.iter_rows(values_only=True), tabla)
        encabezados = [str(c).strip() if c is not None else "" for c in next(filas, [])]
        for fila in filas:
            if fila is None or all(c is None for c in fila):
                continue
            # Una celda vacía (o una fila más corta que los encabezados) es «sin valor».
            celdas = list(fila) + [None] * (len(encabezados) - len(fila))
            yield {encabezado: _texto_de_celda(valor) for encabezado, valor in zip(encabezados, celdas) if encabezado}
    finally:
        libro.close()


def _sin_errores_de_openpyxl(filas: Iterator[tuple], tabla: Path) -> Iterator[tuple]:
    """Las filas de la hoja; lo que openpyxl no puede convertir al leerlas (una fecha de
    Excel fuera del calendario, un número ilegible) es un error con la fila, no una traza."""
    numero = 0
    while True:
        numero += 1
        try:
            fila = next(filas)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 — openpyxl no distingue sus errores de formato
            raise ErrorDeUsuario(Problema(f"una celda de esta fila no se pudo leer ({type(exc).__name__}); revísela "
                                          "en Excel", Ubicacion(str(tabla), numero))) from None
        yield fila


def _columnas_de(datos: Any, prefijo: str = "") -> Iterator[str]:
    """Las rutas de columna (campos con un valor) de un expediente: «oficio», «solicitudes[1].folio»…"""
    if isinstance(datos, dict):
        for clave, valor in datos.items():
            yield from _columnas_de(valor, f"{prefijo}.{clave}" if prefijo else str(clave))
    elif isinstance(datos, list):
        for i, valor in enumerate(datos):
            yield from _columnas_de(valor, f"{prefijo}[{i + 1}]")
    elif prefijo:
        yield prefijo


def _problemas_de_encabezados(columnas: list[str], base_datos: dict, tabla: str) -> list[Problema]:
    """Cada columna que no llena un campo del expediente, una sola vez (no una por fila)."""
    import difflib

    from .expediente import Expediente
    from .yaml_lineas import formatear_ruta

    conocidas = sorted(set(_columnas_de(base_datos)))
    problemas = []

    def problema(columna: str, mensaje: str) -> None:
        parecidas = difflib.get_close_matches(columna, conocidas, n=2, cutoff=0.75)
        sugerencia = f"; ¿quiso decir {' o '.join('«' + c + '»' for c in parecidas)}?" if parecidas else ""
        problemas.append(Problema(f"{mensaje}{sugerencia}", Ubicacion(tabla, 1, _corto(columna))))

    vistas = set(columnas)
    prueba = copy.deepcopy(base_datos)
    for columna in columnas:
        try:
            _poner(prueba, _ruta_de_columna(columna), "x", columna)
        except ValueError as exc:
            problema(columna, str(exc))
    # Un nombre de campo mal escrito («folioo») no choca con la base: lo dice el modelo.
    from pydantic import ValidationError

    try:
        Expediente.model_validate(prueba)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if err["type"] == "extra_forbidden":
                ruta = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                columna = formatear_ruta(ruta)
                if columna in vistas:
                    problema(columna, "la columna no es un campo del expediente")
    return problemas


def _base(base: Path | None) -> dict:
    from .expediente import leer_entrada
    from .yaml_lineas import leer_yaml

    if base is None:
        raise ErrorDeUsuario("una tabla necesita un expediente base: use --base CASO.yaml")
    base_bytes, base_nombre = leer_entrada(base)
    base_datos = leer_yaml(base_bytes.decode("utf-8-sig"), base_nombre).datos
    if not isinstance(base_datos, dict):
        raise ErrorDeUsuario(Problema("el expediente base no es un conjunto de campos", Ubicacion(base_nombre)))
    return base_datos


def revisar_entrada(entrada: Path, base: Path | None) -> tuple[int, dict | None]:
    """Revisa la entrada completa antes de generar nada; devuelve cuántos casos tiene y,
    si es una tabla, los datos del expediente base (para no volver a leerlo).

    Lo que afectaría a todo el lote (una tabla ilegible o que no está en UTF-8, columnas
    que no son campos, ninguna fila, ``--base`` con una carpeta) es un error aquí, con
    código 2 y sin escribir nada, en lugar de repetirse en cada caso o cortar el lote a
    la mitad. La tabla se recorre sin guardarla en memoria.
    """
    if entrada.is_dir():
        if base is not None:
            raise ErrorDeUsuario("--base solo se usa con una tabla (CSV o XLSX); en una carpeta, cada "
                                 "expediente está completo")
        total = len([*entrada.glob("*.yaml"), *entrada.glob("*.yml")])
        if total == 0:
            raise ErrorDeUsuario(Problema("la carpeta no tiene expedientes (.yaml)", Ubicacion(str(entrada))))
        return total, None
    if not entrada.is_file():
        raise ErrorDeUsuario(Problema("no existe", Ubicacion(str(entrada))))
    if entrada.suffix.lower() not in (".csv", ".xlsx"):
        raise ErrorDeUsuario(Problema("la entrada debe ser una carpeta de expedientes o una tabla .csv o .xlsx",
                                      Ubicacion(str(entrada))))
    base_datos = _base(base)
    total = 0
    columnas: list[str] | None = None
    for fila in _filas(entrada):
        if columnas is None:
            columnas = [str(c).strip() for c in fila if c is not None and str(c).strip() and c != "archivo"]
        total += 1
    if total == 0:
        raise ErrorDeUsuario(Problema("la tabla no tiene filas de casos (solo encabezados, o nada)",
                                      Ubicacion(str(entrada))))
    problemas = _problemas_de_encabezados(columnas or [], base_datos, str(entrada))
    if problemas:
        raise ErrorDeUsuario(problemas, titulo=f"Las columnas de {entrada} no corresponden al expediente:")
    return total, base_datos


def _nombre_de_salida(fila: dict[str, Any], datos: dict, numero: int) -> str:
    nombre = str(fila.get("archivo") or datos.get("oficio") or f"fila-{numero}").strip()
    # «archivo: con.docx» es «con»: la extensión la pone el formato del lote.
    nombre = re.sub(r"\.(docx|pdf)$", "", nombre, flags=re.I)
    return nombre_de_archivo(nombre)


def tareas(entrada: Path, carpeta_salida: Path, base_datos: dict | None = None) -> Iterator[Tarea]:
    """Las tareas del lote, una por expediente o por fila, sin leerlas todas a la vez
    (``revisar_entrada`` ya comprobó la tabla y sus columnas y leyó la base)."""
    if entrada.is_dir():
        for ruta in sorted([*entrada.glob("*.yaml"), *entrada.glob("*.yml")]):
            nombre, origen = mostrable(ruta.stem), mostrable(str(ruta))
            if nombre != ruta.stem:
                # Un nombre en otra codificación (Latin-1 de un disco viejo): su salida no
                # tendría un nombre que se pueda escribir en el manifiesto ni mostrar.
                yield Tarea(nombre, origen, carpeta_salida / f"{nombre_de_archivo(nombre)}.docx", datos={
                    "__problemas__": [("el nombre del archivo no está en UTF-8; renómbrelo (sin caracteres "
                                       "extraños) y vuelva a correr el lote")]})
                continue
            yield Tarea(ruta.stem, origen, carpeta_salida / f"{nombre_de_archivo(ruta.stem)}.docx", ruta=ruta)
        return
    assert base_datos is not None, "una tabla necesita los datos de la base (revisar_entrada)"
    # Dos filas con la misma salida (el mismo oficio) serían dos resoluciones con el mismo
    # número: la segunda es un error, no un archivo renombrado en silencio. Sin distinguir
    # mayúsculas, porque Windows y macOS no las distinguen en los nombres de archivo.
    usados: dict[str, int] = {}
    for numero, fila in enumerate(_filas(entrada), start=2):  # la fila 1 son los encabezados
        origen = f"{entrada}, fila {numero}"
        datos = copy.deepcopy(base_datos)
        problemas = []
        for columna, valor in fila.items():
            if columna is None or not str(columna).strip() or columna == "archivo":
                continue
            # Una celda vacía deja el campo sin valor (nunca el de la base: un oficio o una
            # unidad de otro caso en una resolución sería peor que un error).
            if valor is not None and not str(valor).strip():
                valor = None
            try:
                _poner(datos, _ruta_de_columna(str(columna)), valor, str(columna))
            except ValueError as exc:
                problemas.append(str(exc))
        nombre = _nombre_de_salida(fila, datos, numero)
        anterior = usados.setdefault(nombre.casefold(), numero)
        if anterior != numero:
            problemas.append(f"la fila {anterior} ya produce «{nombre}» (¿el mismo oficio?); dé a esta fila otro "
                             "«oficio» o un nombre en la columna «archivo»")
            nombre = f"{nombre}-fila-{numero}"
        contenido = json.dumps(datos, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        tarea = Tarea(nombre, origen, carpeta_salida / f"{nombre}.docx", contenido, datos)
        if problemas:
            tarea.datos = {"__problemas__": problemas}
        yield tarea


# --- Huella del entorno (para saber si una salida está al día) -------------------

def huella_del_entorno(catalogos: list[Path], plantillas: list[Path]) -> str:
    """SHA-256 de la versión y de todos los archivos del catálogo y de las plantillas."""
    from .catalogo import carpeta_base, carpetas_de_usuario

    h = hashlib.sha256(__version__.encode())
    for carpeta in [carpeta_base(), *carpetas_de_usuario(catalogos), *plantillas]:
        if not carpeta.is_dir():
            continue
        for ruta in sorted(p for p in carpeta.rglob("*") if p.is_file()):
            h.update(str(ruta.relative_to(carpeta)).encode())
            h.update(ruta.read_bytes())
    return h.hexdigest()


# --- Trabajo de cada proceso -----------------------------------------------------

_ESTADO: dict[str, Any] = {}


def iniciar_trabajador(catalogos: list[str], plantillas: list[str], forzar: bool, huella: str,
                       previos: dict[str, dict], extension: str = ".docx") -> None:
    """Carga una vez por proceso lo que todos los documentos comparten. Si el proceso se
    creó por *fork* desde uno ya iniciado con lo mismo, ya lo tiene y no hace nada."""
    from .catalogo import cargar
    from .rutas import carpetas_de_plantillas

    clave = (tuple(catalogos), tuple(plantillas), forzar, huella, id(previos), extension)
    if _ESTADO.get("clave") == clave:
        return
    _ESTADO.update(clave=clave, extension=extension,
        catalogo=cargar(catalogos), plantillas=carpetas_de_plantillas(plantillas),
        forzar=forzar, huella=huella, previos=previos,
    )


def _al_dia(tarea: Tarea, sha_entrada: str) -> tuple[str, str] | None:
    """(salida, sha) de la corrida anterior si sigue al día: mismo expediente, mismo
    entorno y el archivo intacto. La salida es la que registró el manifiesto (un .pdf
    en un lote a PDF)."""
    salida = _salida_final(tarea)
    previo = _ESTADO["previos"].get(salida.name)
    if _ESTADO["forzar"] or not previo or previo.get("estado") not in ("generado", "al_dia"):
        return None
    if previo.get("sha256_entrada") != sha_entrada or previo.get("huella") != _ESTADO["huella"]:
        return None
    if not salida.is_file():
        return None
    sha_salida = hashlib.sha256(salida.read_bytes()).hexdigest()
    return (str(salida), sha_salida) if sha_salida == previo.get("sha256_salida") else None


def _salida_final(tarea: Tarea) -> Path:
    # En un lote a PDF el .docx va a la carpeta temporal «.docx-temporales» y el PDF
    # queda en la carpeta de salida, un nivel arriba.
    if _ESTADO.get("extension", ".docx") == ".pdf":
        return tarea.salida.parent.parent / f"{tarea.salida.stem}.pdf"
    return tarea.salida


def _ajeno(tarea: Tarea) -> Path | None:
    """La salida si ya existe y no es la que el lote anterior escribió tal cual (la
    editaron en Word o es de otra persona): no se reemplaza sin ``--forzar``."""
    final = _salida_final(tarea)
    if _ESTADO["forzar"] or not final.exists():
        return None
    previo = _ESTADO["previos"].get(final.name) or {}
    if final.is_file():
        conocidos = {previo.get("sha256_salida"), previo.get("sha256_salida_anterior")} - {None}
        if hashlib.sha256(final.read_bytes()).hexdigest() in conocidos:
            return None
    return final


# Un expediente de la carpeta se lee entero: uno de más de esto no es un expediente
# (cada campo admite dos millones de caracteres; ninguno real llega a varios MB).
_MAX_EXPEDIENTE = 64 * 2**20


def _revisar_archivo(ruta: Path, origen: str) -> None:
    """Un «caso.yaml» que es una tubería o un dispositivo (o un enlace a /dev/zero) colgaría
    el lote o agotaría la memoria al leerlo: es un error de ese caso."""
    if ruta.is_dir():
        return  # leer_entrada lo dice
    if not ruta.is_file():
        raise ErrorDeUsuario(Problema("no es un archivo normal (¿una tubería, un dispositivo o un enlace roto?)",
                                      Ubicacion(origen)))
    if ruta.stat().st_size > _MAX_EXPEDIENTE:
        raise ErrorDeUsuario(Problema(f"el archivo pasa de {_MAX_EXPEDIENTE // 2**20} MiB; no parece un expediente",
                                      Ubicacion(origen)))


def procesar(tarea: Tarea) -> Resultado:
    """Genera un caso; todo error queda en el resultado y nunca detiene el lote: el del
    expediente, el del disco (lleno, de solo lectura) y también uno que no se esperaba."""
    resultado = Resultado(tarea.caso, tarea.origen, str(tarea.salida), "error", "")
    try:
        return _procesar(tarea, resultado)
    except Exception as exc:  # noqa: BLE001 — un caso roto no corta el lote (Ctrl-C sí)
        resultado.estado, resultado.sha256_salida = "error", None
        resultado.errores = errores_de(exc)
        return resultado


def _procesar(tarea: Tarea, resultado: Resultado) -> Resultado:
    from .expediente import decodificar, leer_entrada, leer_texto, validar_documento
    from .salida import escribir_atomico
    from .tuberia import Caso, comprobar, generar_docx, revisar_caso
    from .yaml_lineas import Documento

    if tarea.ruta is not None:
        _revisar_archivo(tarea.ruta, tarea.origen)
        tarea.entrada, _ = leer_entrada(tarea.ruta)
    sha_entrada = resultado.sha256_entrada = hashlib.sha256(tarea.entrada).hexdigest()
    if tarea.datos is not None and "__problemas__" in tarea.datos:
        raise ErrorDeUsuario([Problema(p, Ubicacion(tarea.origen)) for p in tarea.datos["__problemas__"]])
    previo = _al_dia(tarea, sha_entrada)
    if previo:
        resultado.estado = "al_dia"
        resultado.salida, resultado.sha256_salida = previo
        resultado.advertencias = list(_ESTADO["previos"][Path(resultado.salida).name].get("advertencias") or [])
        return resultado
    ajeno = _ajeno(tarea)
    if tarea.datos is not None:
        expediente, doc = validar_documento(Documento(tarea.datos, {}, tarea.origen))
    else:
        expediente, doc = leer_texto(decodificar(tarea.entrada, tarea.origen), tarea.origen)
    catalogo = _ESTADO["catalogo"]
    problemas = comprobar(expediente, doc, catalogo)
    if problemas:
        raise ErrorDeUsuario(problemas)
    caso = Caso(expediente, doc, catalogo, tarea.entrada, _ESTADO["plantillas"])
    for h in revisar_caso(caso):
        lista = resultado.errores if h.nivel == "error" else resultado.advertencias
        lista.append({"campo": h.campo, "mensaje": f"{h.codigo}: {h.mensaje}", "linea": h.linea})
    if resultado.errores:
        return resultado
    documento = generar_docx(caso)
    # Un archivo que el manifiesto no conoce pero es idéntico al que se generaría es de
    # este lote (un lote interrumpido lo escribió sin llegar a registrarlo): no es ajeno.
    if ajeno is not None and (ajeno.suffix != ".docx" or not ajeno.is_file() or ajeno.read_bytes() != documento):
        resultado.salida = str(ajeno)
        resultado.errores = [{"campo": None, "linea": None, "mensaje":
                              f"«{ajeno}» ya existe y no es el documento que registró el manifiesto (se modificó "
                              "después de generarse o es un archivo ajeno); no se reemplaza: muévalo o use --forzar"}]
        return resultado
    escribir_atomico(tarea.salida, documento, sobrescribir=True, sincronizar=False)
    resultado.estado = "generado"
    resultado.sha256_salida = hashlib.sha256(documento).hexdigest()
    return resultado


# --- Una corrida a la vez por carpeta ------------------------------------------------

def bloquear(carpeta: Path) -> Path:
    """Marca la carpeta como ocupada por este lote. Dos lotes a la vez en la misma carpeta
    se pisarían el manifiesto y tomarían los documentos del otro por ajenos."""
    marca = carpeta / ".lote-en-curso"
    for _ in range(2):
        try:
            with open(marca, "x", encoding="utf-8") as archivo:
                archivo.write(str(os.getpid()))
            return marca
        except FileExistsError:
            try:
                pid = int(marca.read_text(encoding="utf-8").strip() or 0)
                os.kill(pid, 0)
            except (ValueError, OSError):
                # El lote que la dejó ya no existe (se cortó la luz, se mató el proceso).
                marca.unlink(missing_ok=True)
                continue
            raise ErrorDeUsuario(Problema(
                f"otro lote (proceso {pid}) está escribiendo en esta carpeta; espere a que termine o use otra "
                "carpeta de salida", Ubicacion(str(carpeta)))) from None
        except OSError as exc:  # carpeta de solo lectura, disco lleno: nada se generaría
            raise ErrorDeUsuario(Problema(f"no se puede escribir en la carpeta de salida: {mensaje_de_os(exc)}",
                                          Ubicacion(mostrable(str(carpeta))))) from None
    raise ErrorDeUsuario(Problema("no se pudo reservar la carpeta de salida", Ubicacion(str(carpeta))))


# --- Manifiesto ------------------------------------------------------------------

def leer_manifiesto(carpeta: Path) -> dict[str, dict]:
    """Lo que registró la corrida anterior, por nombre de archivo de salida (la carpeta de
    salida es la del manifiesto; así da igual si se escribió con ruta relativa o absoluta,
    y el .docx y el .pdf de un mismo caso son registros distintos)."""
    ruta = carpeta / f"{MANIFIESTO}.json"
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
        return {Path(str(c["salida"])).name: c for c in datos.get("casos", [])
                if isinstance(c, dict) and c.get("salida")}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _mostrable_todo(valor: Any) -> Any:
    if isinstance(valor, str):
        return mostrable(valor)
    if isinstance(valor, dict):
        return {k: _mostrable_todo(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_mostrable_todo(v) for v in valor]
    return valor


def _lista_de_errores(lista: Any) -> str:
    """Los errores o advertencias de un caso en una celda (un manifiesto anterior editado a
    mano puede traer cualquier cosa: no por eso se cae el lote)."""
    if not isinstance(lista, list):
        return ""
    return " | ".join((f"{e.get('campo')}: " if e.get("campo") else "") + str(e.get("mensaje", ""))
                      if isinstance(e, dict) else str(e) for e in lista)


class Manifiesto:
    """Escribe manifiesto.json y manifiesto.csv caso por caso (nada se acumula en memoria)
    y les da su nombre al cerrar; un lote interrumpido no deja un manifiesto a medias.

    Si el disco se llena a mitad del lote, los casos siguen (cada uno con su error) y al
    cerrar se informa en español que el manifiesto no se pudo escribir: el anterior queda
    intacto, nunca uno a medias."""

    def __init__(self, carpeta: Path, huella: str, previos: dict[str, dict] | None = None):
        self.carpeta, self.huella = carpeta, huella
        self.conteo = {"generado": 0, "al_dia": 0, "error": 0}
        self.con_advertencias = 0
        # Los casos de corridas anteriores que esta no toca (otra tabla, una parte de la
        # misma, otro formato) siguen en el manifiesto: si no, sus archivos parecerían ajenos.
        self._previos = dict(previos or {})
        self.conservados = 0
        self._fallo: OSError | None = None
        self._temporales = [carpeta / f".{MANIFIESTO}.json.tmp", carpeta / f".{MANIFIESTO}.csv.tmp"]
        try:
            self._json = self._temporales[0].open("w", encoding="utf-8")
            # Con BOM: Excel en Windows abre así el CSV con sus acentos.
            self._csv_archivo = self._temporales[1].open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._csv_archivo)
            self._csv.writerow(["caso", "origen", "salida", "estado", "sha256_salida", "sha256_entrada", "errores",
                                "advertencias"])
            self._json.write('{\n  "version": %s,\n  "huella": %s,\n  "casos": [' % (json.dumps(__version__),
                                                                                     json.dumps(huella)))
        except OSError as exc:
            raise ErrorDeUsuario(Problema(f"no se puede escribir el manifiesto: {mensaje_de_os(exc)}",
                                          Ubicacion(mostrable(str(carpeta))))) from None
        self._primero = True

    def agregar(self, r: Resultado) -> None:
        self.conteo[r.estado] += 1
        self.con_advertencias += bool(r.advertencias) and r.estado != "error"
        previo = self._previos.pop(Path(r.salida).name, None)
        fila = asdict(r)
        fila["huella"] = self.huella
        if r.estado == "error" and previo:
            # La salida que el lote escribió antes sigue en disco: se recuerda su SHA para
            # reconocerla si alguien deshace la edición que la hizo parecer ajena.
            anterior = previo.get("sha256_salida") or previo.get("sha256_salida_anterior")
            if anterior:
                fila["sha256_salida_anterior"] = anterior
        self._escribir(fila)

    def _escribir(self, fila: dict) -> None:
        if self._fallo is not None:
            return  # el disco ya falló: los casos siguen, el error se dice al cerrar
        fila = _mostrable_todo(fila)
        celdas = [fila.get("caso"), fila.get("origen"), fila.get("salida"), fila.get("estado"),
                  fila.get("sha256_salida") or "", fila.get("sha256_entrada"), _lista_de_errores(fila.get("errores")),
                  _lista_de_errores(fila.get("advertencias"))]
        try:
            self._json.write(("\n    " if self._primero else ",\n    ") + json.dumps(fila, ensure_ascii=False,
                                                                                     default=str))
            self._primero = False
            self._csv.writerow([celda_segura("" if c is None else str(c)) for c in celdas])
        except OSError as exc:
            self._fallo = exc

    def cerrar(self) -> None:
        for previo in self._previos.values():
            if previo.get("estado") in ("generado", "al_dia") and (self.carpeta / Path(str(previo["salida"])).name).is_file():
                self._escribir(previo)
                self.conservados += 1
        total = sum(self.conteo.values())
        try:
            if self._fallo is not None:
                raise self._fallo
            # Los documentos se escribieron sin fsync uno por uno: se sincroniza todo una vez,
            # antes de que el manifiesto diga que están escritos.
            os.sync()
            self._json.write('\n  ],\n  "total": %d,\n  "generados": %d,\n  "al_dia": %d,\n  "errores": %d,\n'
                             '  "con_advertencias": %d\n}\n' % (total, self.conteo["generado"], self.conteo["al_dia"],
                                                               self.conteo["error"], self.con_advertencias))
            for archivo in (self._json, self._csv_archivo):
                archivo.flush()
                os.fsync(archivo.fileno())
                archivo.close()
            os.replace(self._temporales[0], self.carpeta / f"{MANIFIESTO}.json")
            os.replace(self._temporales[1], self.carpeta / f"{MANIFIESTO}.csv")
        except OSError as exc:
            for archivo in (self._json, self._csv_archivo):
                try:
                    archivo.close()
                except OSError:
                    pass  # lo que no cupo en el disco ya no importa: el temporal se borra
            for temporal in self._temporales:
                temporal.unlink(missing_ok=True)
            raise ErrorDeUsuario(Problema(
                f"no se pudo escribir el manifiesto: {mensaje_de_os(exc)}. Los documentos ya escritos siguen en la "
                "carpeta; libere espacio y vuelva a correr el lote (reconoce los que ya están)",
                Ubicacion(mostrable(str(self.carpeta))))) from None
