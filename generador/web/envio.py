"""Lo que envía el formulario, convertido en el diccionario del expediente.

Los nombres de los campos son rutas (``respuestas.0.unidad``); se comprueban (forma,
profundidad, un campo y un grupo con el mismo nombre) antes de armar nada. Lo escrito en
un campo de texto se guarda como texto; solo los campos de número, fecha y casilla
(según el modelo, en los ``__clase__.`` del formulario) producen números, fechas y
booleanos.

Rapidez (issue 19): la página valida en vivo con cada cambio y manda el formulario entero
(cientos de campos), así que leer el cuerpo y convertirlo se paga en cada validación. El
cuerpo se lee con ``pares_del_cuerpo`` (lo mismo que Werkzeug, sin llamar a ``unquote`` por
cada nombre sin escapes) y cada nombre de campo se parte y se comprueba una vez por proceso
(``_partes``); las pruebas comparan el resultado con el de antes
(``tests/test_web_rapidez_formulario.py``).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

import werkzeug.urls  # noqa: F401 (registra el manejador de errores «werkzeug.url_quote»)
from flask import Request
from werkzeug.formparser import FormDataParser

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml

PROFUNDIDAD_MAXIMA = 12  # la ruta más honda del expediente tiene 6 partes
_PARTE = re.compile(r"[a-z_][a-z0-9_]{0,60}|\d{1,5}")
# Las clases de campo cuyo valor la página muestra entero: si llega vacío, la persona lo borró.
EDITABLES = {"texto", "parrafos", "numero", "fecha", "casilla", "opciones", "clausula", "ids", "lineas",
              "variables", "sino", "unidad", "otras"}
# Las variables de una cláusula que no tienen campo propio (no las declara la cláusula elegida
# o su valor no cabe en uno) van juntas en un campo «__otras__»: así nada se pierde.
OTRAS = "__otras__"


class _Grupo(dict):
    """Un grupo armado con los nombres del formulario (no el valor de un campo «variables»)."""


class Indexada(list):
    """Una lista del formulario que recuerda el número que cada elemento tenía en la página
    (el mismo del archivo para los que ya estaban). Así, «Quitar» el primero no escribe los
    datos del segundo sobre el primero ni le pasa sus claves desconocidas."""

    def __init__(self, pares=(), reordenada: bool = False):
        pares = list(pares)
        super().__init__(v for _, v in pares)
        self.indices = [i for i, _ in pares]
        # True si la persona cambió el orden («Subir», «Bajar»): el guardado mueve los
        # elementos del archivo (con sus claves desconocidas y comentarios) a su nuevo lugar.
        self.reordenada = reordenada


def _ruta(nombre: str) -> tuple:
    ruta = _RUTAS.get(nombre)
    if ruta is None:
        ruta = tuple(int(p) if p.isdigit() else p for p in nombre.split("."))
        _recordar(_RUTAS, nombre, ruta)
    return ruta


# Los nombres de los campos son los mismos en cada validación de una página: se parten y se
# comprueban una vez. Acotados (los nombres los manda el navegador): llenos, se vacían.
_MAXIMO_DE_NOMBRES = 8192
_PARTES: dict[str, tuple[tuple, str] | None] = {}
_RUTAS: dict[str, tuple] = {}


def _recordar(memoria: dict, clave: str, valor: Any) -> None:
    if len(memoria) >= _MAXIMO_DE_NOMBRES:
        memoria.clear()
    memoria[clave] = valor


def _partes(nombre: str) -> tuple[tuple, str] | None:
    """(las partes del grupo, la última) de un nombre de campo del expediente, o None si no
    lo es (demasiado hondo o con caracteres raros)."""
    try:
        return _PARTES[nombre]
    except KeyError:
        pass
    partes = nombre.split(".")
    resultado = None
    if len(partes) <= PROFUNDIDAD_MAXIMA and all(_PARTE.fullmatch(p) for p in partes):
        resultado = (tuple(partes[:-1]), partes[-1])
    _recordar(_PARTES, nombre, resultado)
    return resultado


def _grupo(destino: dict, ruta: tuple) -> _Grupo | None:
    """El grupo en ``ruta`` (creado si falta); None si choca con un valor («oficio» y «oficio.a»)."""
    actual: Any = destino
    for parte in ruta:
        actual = actual.setdefault(parte, _Grupo())
        if not isinstance(actual, _Grupo):
            return None
    return actual


_VACIOS = (None, "", [], {})


def _limpiar(valor: Any) -> Any:
    """Quita lo vacío: un campo sin llenar no se escribe en el expediente."""
    if isinstance(valor, dict):
        limpio = type(valor)()
        for k, v in valor.items():
            if isinstance(v, (dict, list)):
                v = _limpiar(v)
            if v not in _VACIOS:
                limpio[k] = v
        return limpio
    if isinstance(valor, list):
        limpio = [_limpiar(v) if isinstance(v, (dict, list)) else v for v in valor]
        return [v for v in limpio if v not in _VACIOS]
    return valor


def _listas(valor: Any) -> Any:
    """Los grupos con claves numéricas se vuelven listas (``Indexada``), en orden."""
    if not isinstance(valor, _Grupo):
        return valor
    convertido = {k: _listas(v) for k, v in valor.items()}
    if convertido and all(k.isdigit() for k in convertido):
        return Indexada(sorted((int(k), v) for k, v in convertido.items()))
    return convertido


# Los separadores de línea y de párrafo de Unicode (y el NEL) llegan pegados desde un PDF o
# un procesador de textos; YAML los toma como saltos de línea y el lector del expediente los
# rechaza (``yaml_lineas.revisar_separadores``): guardados tal cual, el caso ya no se abriría.
# Son saltos de línea, y el de párrafo, un párrafo nuevo (una línea en blanco).
_SALTOS_INVISIBLES = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\x85": "\n"})


def _convertir(clase: str, valores: list[str], nombre: str, problemas: list) -> Any:
    """El valor de un campo con el tipo que dice su clase: lo escrito en un campo de texto
    sigue siendo texto («true», «123», «2026-01-01», «null» se guardan entre comillas)."""
    valor = valores[-1] if valores else ""
    if not valor.isascii():
        valor = valor.translate(_SALTOS_INVISIBLES)
    if clase == "texto":  # el caso más común, primero (las clases se excluyen entre sí)
        return valor.replace("\r\n", "\n").strip("\n")
    if clase == "casilla":
        return "true" in valores
    if clase == "sino":  # sí, no o sin indicar: una variable lógica que falta no es «no»
        return {"si": True, "no": False}.get(valor)
    if clase in ("ids", "lineas"):
        separadores = valor.replace(",", "\n") if clase == "ids" else valor
        # Solo se recortan espacios comunes: un espacio fino o de no separación es del texto.
        return [linea.strip(" \t\r") for linea in separadores.splitlines() if linea.strip(" \t\r")]
    if clase in ("variables", "otras"):
        if not valor.strip():
            return {}
        try:
            leido = leer_yaml(valor, nombre).datos
        except ErrorDeUsuario as exc:
            problemas.append((nombre, exc.problemas[0].mensaje))
            return None
        if not isinstance(leido, dict):
            problemas.append((nombre, "escriba una variable por línea: «nombre: valor»"))
            return None
        return leido
    valor = valor.replace("\r\n", "\n").strip("\n")
    if clase == "numero" and re.fullmatch(r"-?\d{1,15}", valor.strip(" ")):
        return int(valor)
    if clase == "fecha" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor.strip(" ")):
        try:
            return _dt.date.fromisoformat(valor.strip(" "))
        except ValueError:
            return valor  # la validación dirá que la fecha no existe
    return valor


def datos_del_formulario(formulario) -> tuple[dict, list[tuple[str, str]]]:
    """(datos del expediente, problemas de conversión como (campo, mensaje)).

    Un nombre de campo que no es del expediente (demasiado hondo, con caracteres raros o
    que choca con otro) es un problema, no una excepción."""
    problemas: list[tuple[str, str]] = []
    crudo = _Grupo()
    clases: dict[str, str] = {}
    ordenes: list[tuple[str, str]] = []
    campos: list[tuple[str, list[str]]] = []
    for nombre, valores in formulario.lists():
        if nombre.startswith("__"):
            if nombre.startswith("__clase__."):
                clases[nombre[10:]] = valores[0]
            elif nombre.startswith("__orden__."):
                ordenes.append((nombre[10:], valores[0]))
        elif "__i__" not in nombre and nombre != "csrf":
            campos.append((nombre, valores))
    grupos: dict[tuple, Any] = {(): crudo}  # el grupo de cada ruta ya recorrida (nunca se reemplaza)
    for nombre, valores in campos:
        partes = _partes(nombre)
        if partes is None:
            problemas.append((nombre[:80], "no es un campo del expediente"))
            continue
        valor = _convertir(clases.get(nombre, "texto"), valores, nombre, problemas)
        if valor is None:
            continue
        padre, ultima = partes
        grupo = grupos.get(padre)
        if grupo is None:
            grupo = _grupo(crudo, padre)
            if grupo is not None:
                grupos[padre] = grupo
        if grupo is None or isinstance(grupo.get(ultima), _Grupo):
            problemas.append((nombre[:80], "choca con otro campo del mismo nombre (un valor y un grupo a la vez)"))
        else:
            grupo[ultima] = valor
    datos = _listas(_fusionar_otras(_limpiar(crudo)))
    for nombre, orden in ordenes:
        _reordenar(datos, nombre, orden)
    return datos, problemas


def _fusionar_otras(valor: Any) -> Any:
    """Las variables de «__otras__» pasan a su grupo «variables» (sin pisar las que tienen campo)."""
    if not isinstance(valor, dict):
        return valor
    salida = type(valor)((k, _fusionar_otras(v)) for k, v in valor.items() if k != OTRAS)
    otras = valor.get(OTRAS)
    if isinstance(otras, dict):
        for k, v in otras.items():
            salida.setdefault(str(k), v)
    return salida


def _reordenar(datos: dict, nombre: str, orden: str) -> None:
    """Aplica el orden que dejó la página («2,0,1»: los números de los elementos, de arriba
    abajo) a la lista ``nombre``. Un orden que no corresponde a la lista se ignora."""
    padre: Any = datos
    partes = nombre.split(".")
    for parte in partes[:-1]:
        padre = padre[int(parte)] if isinstance(padre, list) and parte.isdigit() and int(parte) < len(padre) \
            else padre.get(parte) if isinstance(padre, dict) else None
    lista = padre.get(partes[-1]) if isinstance(padre, dict) else None
    if not isinstance(lista, Indexada) or not re.fullmatch(r"\d{1,5}(,\d{1,5})*", orden):
        return
    posicion = {int(i): k for k, i in reversed(list(enumerate(orden.split(","))))}
    pares = sorted(zip(lista.indices, lista), key=lambda par: (posicion.get(par[0], len(posicion)), par[0]))
    if [i for i, _ in pares] != lista.indices:
        padre[partes[-1]] = Indexada(pares, reordenada=True)


def clases_del_formulario(formulario) -> dict[tuple, str]:
    """Lo que la página mostró: cada campo con su clase (de los «__clase__.»). El guardado
    solo borra lo que está aquí; lo demás del archivo se conserva tal cual."""
    return {_ruta(k[10:]): v for k, v in formulario.items()
            if k.startswith("__clase__.") and "__i__" not in k and k.count(".") <= PROFUNDIDAD_MAXIMA}


# --- El cuerpo de la petición ------------------------------------------------------------

# Convierte «\xHH» en bytes, en C (``unquote_to_bytes`` recorre cada «%» en Python, y un párrafo
# con acentos tiene cientos). Existe desde siempre aunque no esté documentada: si faltara, se
# usa ``unquote_to_bytes``.
_BYTES_DE_ESCAPES = getattr(codecs, "escape_decode", None)


def _sin_escapes(texto: str) -> str:
    """``unquote(texto.replace("+", " "), errors="werkzeug.url_quote")`` para un texto ASCII."""
    if "+" in texto:
        texto = texto.replace("+", " ")
    if "%" not in texto:
        return texto
    if _BYTES_DE_ESCAPES is not None and "\\" not in texto:
        # Sin otras barras, cada «\x» viene de un «%»; un escape roto («%4», «%zz») o bytes que
        # no son UTF-8 lanzan ValueError y se decodifican como siempre.
        try:
            return _BYTES_DE_ESCAPES(texto.replace("%", "\\x"))[0].decode("utf-8")
        except ValueError:
            pass
    return unquote_to_bytes(texto).decode("utf-8", "werkzeug.url_quote")


def pares_del_cuerpo(texto: str) -> list[tuple[str, str]]:
    """Los pares de un cuerpo ``application/x-www-form-urlencoded``: los mismos que da
    ``parse_qsl(texto, keep_blank_values=True, errors="werkzeug.url_quote")`` (lo que hace
    Werkzeug). Un navegador lo manda todo en ASCII (lo demás, con escapes); si no, se usa
    ``parse_qsl`` tal cual."""
    if not texto.isascii():
        return parse_qsl(texto, keep_blank_values=True, errors="werkzeug.url_quote")
    pares = []
    for par in texto.split("&"):
        if par:
            nombre, _, valor = par.partition("=")
            pares.append((_sin_escapes(nombre), _sin_escapes(valor)))
    return pares


class _LectorDeFormularios(FormDataParser):
    """El de Werkzeug, con ``pares_del_cuerpo`` para los formularios urlencoded."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        # Como Werkzeug: el flujo ya viene limitado a MAX_CONTENT_LENGTH; un cuerpo que no es
        # UTF-8 lanza ValueError y ``parse`` da un formulario vacío.
        return stream, self.cls(pares_del_cuerpo(stream.read().decode())), self.cls()


class Peticion(Request):
    """La petición de Flask, con el lector de formularios de aquí (``app.request_class``)."""

    form_data_parser_class = _LectorDeFormularios
