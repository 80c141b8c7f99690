"""Lectura de YAML que recuerda en qué línea está cada campo.

Los errores deben nombrar la línea del archivo del usuario, así que el YAML se lee
dos veces de una pasada: como árbol de nodos (que lleva las posiciones) y como
datos de Python.

Además, el cargador no interpreta por su cuenta números, fechas ni «yes/no»: todo
escalar llega como texto y el modelo (pydantic) lo convierte según el tipo del
campo. Así un folio ``0000500194518`` conserva sus ceros, ``2018-02-30`` produce un
error de fecha con su línea (y no una excepción del lector de YAML) y ``no`` no se
vuelve ``False`` sin que nadie lo pida.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errores import ErrorDeUsuario, error

Ruta = tuple[Any, ...]


# El analizador en C (libyaml) es varias veces más rápido; PyYAML lo trae casi
# siempre, y si no, se usa el de Python puro con el mismo resultado.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ETIQUETA = "tag:yaml.org,2002:"
_TEXTO, _NULO, _SI_NO, _MAPA, _LISTA = (_ETIQUETA + t for t in ("str", "null", "bool", "map", "seq"))


class _CargadorLiteral(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader que solo reconoce ``null`` (y ``~`` o vacío) y ``true``/``false``."""

    def construct_object(self, node, deep=False):
        # Una etiqueta explícita con un valor que no le corresponde («!!bool quizás»,
        # «!!int tres», «!!timestamp ayer») hacía fallar al constructor de PyYAML con un
        # KeyError o un ValueError sin línea (una traza): es un error del YAML, con su línea.
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception:  # noqa: BLE001 - cualquier fallo del constructor de una etiqueta
            etiqueta = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"el valor no corresponde a su etiqueta «{etiqueta}»", node.start_mark) from None

    # PyYAML llama a estos tres métodos por cada nodo desde el analizador en C: el
    # ``resolve`` de siempre recorre la lista de expresiones regulares de la primera letra y
    # los otros dos no hacen nada sin «path resolvers» (aquí no hay). Con solo dos etiquetas
    # implícitas, un conjunto basta: ~15 % de leer un expediente (issue 19). Da lo mismo que
    # ``BaseResolver.resolve`` con los dos resolutores de abajo (tests/test_rapidez_yaml.py).
    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value.endswith("\n"):  # el «$» de las expresiones acepta un «\n» final: el de siempre
                    return super().resolve(kind, value, implicit)
                if value in _NULOS:
                    return _NULO
                if value in _SI_NO_TEXTOS:
                    return _SI_NO
            return _TEXTO
        return _LISTA if kind is yaml.SequenceNode else _MAPA

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


_NULOS = frozenset({"~", "null", "Null", "NULL", ""})
_SI_NO_TEXTOS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_CargadorLiteral.yaml_implicit_resolvers = {}
_CargadorLiteral.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)
_CargadorLiteral.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class Documento:
    """Datos leídos de un YAML y las líneas (1-based) de cada ruta."""

    datos: Any
    lineas: dict[Ruta, int]
    archivo: str
    inicio_valor: dict[Ruta, int] = field(default_factory=dict)  # línea donde empieza cada valor

    def linea(self, ruta: Ruta) -> int | None:
        """Línea de la ruta, o de su antecesor más cercano que tenga línea."""
        ruta = tuple(ruta)
        while ruta:
            if ruta in self.lineas:
                return self.lineas[ruta]
            ruta = ruta[:-1]
        return self.lineas.get((), None)


def _recorrer(nodo: yaml.Node, ruta: Ruta, lineas: dict[Ruta, int], archivo: str,
              inicio: dict[Ruta, int], vistos: set[int]) -> None:
    if isinstance(nodo, (yaml.MappingNode, yaml.SequenceNode)):
        # Un alias (*) hace que el mismo nodo aparezca dos veces; anidados, multiplican
        # el documento (la «bomba de mil millones de risas»). Un expediente no los necesita.
        if id(nodo) in vistos:
            raise error("no se admiten anclas y alias de YAML («&» y «*») en este archivo; "
                        "escriba el contenido completo", archivo=archivo, linea=nodo.start_mark.line + 1,
                        campo=formatear_ruta(ruta) or None)
        vistos.add(id(nodo))
    lineas.setdefault(ruta, nodo.start_mark.line + 1)
    # Un bloque «|» o «>» empieza en la línea siguiente a su indicador.
    inicio[ruta] = nodo.start_mark.line + 1 + (1 if getattr(nodo, "style", None) in ("|", ">") else 0)
    if isinstance(nodo, yaml.MappingNode):
        for clave, valor in nodo.value:
            if isinstance(clave, yaml.ScalarNode):
                linea = clave.start_mark.line + 1
                if ruta + (clave.value,) in lineas:
                    # PyYAML se queda en silencio con el último valor: en un documento
                    # jurídico eso esconde un error de captura.
                    raise error(
                        f"la clave «{clave.value}» está repetida (ya aparece en la línea "
                        f"{lineas[ruta + (clave.value,)]})",
                        archivo=archivo, linea=linea, campo=formatear_ruta(ruta + (clave.value,)),
                    )
                lineas[ruta + (clave.value,)] = linea
                _recorrer(valor, ruta + (clave.value,), lineas, archivo, inicio, vistos)
    elif isinstance(nodo, yaml.SequenceNode):
        for i, hijo in enumerate(nodo.value):
            _recorrer(hijo, ruta + (i,), lineas, archivo, inicio, vistos)




class _NoSencillo(Exception):
    """El árbol tiene algo que solo sabe armar el constructor de PyYAML, o un error."""


def _sencillo(nodo: yaml.Node, ruta: Ruta, lineas: dict[Ruta, int], inicio: dict[Ruta, int],
              vistos: set[int]) -> Any:
    """Los datos y las líneas de una sola pasada, para el árbol sencillo de casi todo
    expediente: textos, nulos, sí/no, mapas con claves de texto y listas, sin etiquetas
    propias, sin claves repetidas ni alias de mapas o listas. Arma lo mismo que
    ``construct_document`` (que recorre el árbol otra vez, con un generador por nodo) y
    anota lo mismo que ``_recorrer``. Cualquier otra cosa es ``_NoSencillo``: entonces se lee
    por el camino completo de siempre, que da el error o los datos de siempre."""
    etiqueta = nodo.tag
    lineas.setdefault(ruta, nodo.start_mark.line + 1)
    inicio[ruta] = nodo.start_mark.line + 1 + (1 if getattr(nodo, "style", None) in ("|", ">") else 0)
    if isinstance(nodo, yaml.ScalarNode):
        if etiqueta == _TEXTO:
            return nodo.value
        if etiqueta == _NULO:
            return None
        if etiqueta == _SI_NO and nodo.value.lower() in _CargadorLiteral.bool_values:
            return _CargadorLiteral.bool_values[nodo.value.lower()]
        raise _NoSencillo
    if id(nodo) in vistos:
        raise _NoSencillo
    vistos.add(id(nodo))
    if isinstance(nodo, yaml.MappingNode) and etiqueta == _MAPA:
        mapa: dict[Any, Any] = {}
        for clave, valor in nodo.value:
            if not isinstance(clave, yaml.ScalarNode) or clave.tag not in (_TEXTO, _NULO, _SI_NO):
                raise _NoSencillo
            ruta_clave = ruta + (clave.value,)
            if ruta_clave in lineas:
                raise _NoSencillo
            lineas[ruta_clave] = clave.start_mark.line + 1
            llave = _sencillo(clave, (), {}, {}, vistos)
            mapa[llave] = _sencillo(valor, ruta_clave, lineas, inicio, vistos)
        return mapa
    if isinstance(nodo, yaml.SequenceNode) and etiqueta == _LISTA:
        lista = []
        for i, hijo in enumerate(nodo.value):
            lista.append(_sencillo(hijo, ruta + (i,), lineas, inicio, vistos))
        return lista
    raise _NoSencillo


# Líneas más comas: una cota de cuántos valores tiene el documento, que se puede contar antes
# de leerlo. El analizador de C arma el árbol entero antes de devolver nada (~500 bytes por
# valor): un perfil de 18 MB con una lista de nueve millones de elementos usaba 4 GB. El archivo
# más grande del catálogo (los Lineamientos) tiene unas 4 000.
MAXIMO_DE_LINEAS_Y_COMAS = 200_000


def leer_yaml(texto: str, archivo: str) -> Documento:
    """Lee un documento YAML; un error de sintaxis es un ``ErrorDeUsuario`` con línea."""
    revisar_separadores(texto, archivo)
    if texto.count("\n") + texto.count(",") > MAXIMO_DE_LINEAS_Y_COMAS:
        cota = f"{MAXIMO_DE_LINEAS_Y_COMAS:,}".replace(",", " ")
        raise error(f"el archivo es demasiado grande para un expediente, un perfil o un archivo del catálogo (más de "
                    f"{cota} líneas y comas en total); divídalo", archivo=archivo)
    try:
        cargador = _CargadorLiteral(texto)
        try:
            nodo = cargador.get_single_node()
            if nodo is not None:
                try:
                    lineas: dict[Ruta, int] = {}
                    inicio: dict[Ruta, int] = {}
                    return Documento(_sencillo(nodo, (), lineas, inicio, set()), lineas, archivo, inicio)
                except (_NoSencillo, RecursionError):  # RecursionError: el camino de siempre anida menos
                    pass
            datos = cargador.construct_document(nodo) if nodo is not None else None
        finally:
            cargador.dispose()
    except RecursionError:
        raise error("el YAML está anidado a demasiada profundidad", archivo=archivo) from None
    except yaml.reader.ReaderError:
        # La posición del lector en C cuenta bytes de UTF-8, no caracteres: con acentos antes
        # del carácter, la línea salía de más. Se busca el carácter en el texto mismo.
        encontrado = _NO_IMPRIMIBLES.search(texto)
        if encontrado is None:  # no debería ocurrir: lo que el lector rechaza está en la lista
            raise error("el archivo contiene un carácter de control no permitido; quítelo del texto",
                        archivo=archivo) from None
        raise _error_de_caracter(texto, encontrado.start(), archivo,
                                 "un carácter de control no permitido") from None
    except yaml.MarkedYAMLError as exc:
        marca = exc.problem_mark or exc.context_mark
        problema = (exc.problem or "sintaxis no válida").strip()
        raise error(
            f"el YAML no es válido: {_traducir_problema(problema)}",
            archivo=archivo, linea=(marca.line + 1) if marca else None,
        ) from None
    except yaml.YAMLError as exc:  # errores sin marca (p. ej. de lectura)
        raise error(f"el YAML no es válido: {exc}", archivo=archivo) from None
    lineas: dict[Ruta, int] = {}
    inicio: dict[Ruta, int] = {}
    if nodo is not None:
        try:
            _recorrer(nodo, (), lineas, archivo, inicio, set())
        except RecursionError:
            raise error("el YAML está anidado a demasiada profundidad", archivo=archivo) from None
    return Documento(datos, lineas, archivo, inicio)


# Lo que el lector de PyYAML no admite (su ``Reader.NON_PRINTABLE``), y los tres caracteres que
# YAML 1.1 toma como saltos de línea y que los editores no muestran.
_NO_IMPRIMIBLES = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")
_INVISIBLES = re.compile("[\x85\u2028\u2029]")


def revisar_separadores(texto: str, archivo: str) -> None:
    """YAML 1.1 toma U+0085, U+2028 y U+2029 como saltos de línea (los editores, casi nunca):
    uno pegado desde otro programa partía un valor en dos sin verse, con un error confuso
    («falta «:»») o un texto cambiado (PyYAML mismo escribe «'\x85'» y lo lee como « »). Es un
    error con su línea, como un carácter de control."""
    if "\u2028" in texto or "\u2029" in texto or "\x85" in texto:
        indice = _INVISIBLES.search(texto).start()
        raise _error_de_caracter(texto, indice, archivo, "un separador de línea invisible",
                                 "; cámbielo por un salto de línea normal o por un espacio")


def _error_de_caracter(texto: str, indice: int, archivo: str, que: str, como: str = "; quítelo del texto"):
    """El error de un carácter que no puede ir en el archivo, con su línea (contada con «\n»,
    como la cuenta un editor) y, si el resto del archivo se deja leer, el campo donde está."""
    linea = texto.count("\n", 0, indice) + 1
    columna = indice - (texto.rfind("\n", 0, indice) + 1) + 1
    return error(f"el archivo contiene {que} (U+{ord(texto[indice]):04X}) en la columna {columna}{como}",
                 archivo=archivo, linea=linea, campo=_campo_de_la_linea(texto, linea, archivo))


def _campo_de_la_linea(texto: str, linea: int, archivo: str) -> str | None:
    """El campo cuyo valor está en ``linea``: se lee una copia con esos caracteres cambiados
    por espacios (la misma longitud y las mismas líneas); None si la copia tampoco se lee."""
    limpio = _INVISIBLES.sub(" ", _NO_IMPRIMIBLES.sub(" ", texto))
    try:
        doc = leer_yaml(limpio, archivo)
    except ErrorDeUsuario:
        return None
    candidatos = [(inicio, len(ruta), ruta) for ruta, inicio in doc.inicio_valor.items() if ruta and inicio <= linea]
    return formatear_ruta(max(candidatos)[2]) if candidatos else None


def formatear_ruta(ruta: Ruta) -> str:
    """``("respuestas", 0, "fecha")`` → ``respuestas[1].fecha``.

    Los elementos de una lista se cuentan desde 1, como los cuenta una persona.
    """
    texto = ""
    for parte in ruta:
        if isinstance(parte, int):
            texto += f"[{parte + 1}]"
        else:
            texto += ("." if texto else "") + str(parte)
    return texto


_PROBLEMAS = {
    "mapping values are not allowed": "no se permite «clave: valor» en este lugar "
    "(¿falta una sangría, o unas comillas alrededor de un texto que contiene «: »?)",
    "did not find expected '-' indicator": "un elemento de lista «-» no está alineado con los demás",
    "did not find expected key": "la sangría no es coherente: revise que los campos del mismo nivel "
    "empiecen en la misma columna",
    "did not find expected ',' or ']'": "falta «,» o «]» en una lista entre corchetes",
    "did not find expected ',' or '}'": "falta «,» o «}» en un conjunto entre llaves",
    "did not find expected node content": "falta un valor (¿corchete o llave sin cerrar?)",
    "did not find expected comment or line break": "sobra texto después de un valor entre comillas",
    "found unexpected end of stream": "el archivo termina antes de cerrar unas comillas o corchetes",
    "could not find expected ':'": "falta «:» después de una clave",
    "found character that cannot start any token": "hay un carácter que no puede iniciar un valor "
    "(¿un tabulador, o un «@» o «`» al inicio? ponga el texto entre comillas)",
    "found undefined tag handle": "hay un «!» al inicio de un valor; ponga el texto entre comillas",
    "found character '\\t' that cannot start any token": "hay un tabulador; use espacios para la sangría",
    "expected <block end>, but found '-'": "un elemento de lista «-» no está alineado con los demás",
    "found undefined alias": "se usa un alias (*) que no está definido",
    "found duplicate anchor": "hay un ancla (&) repetida",
    "found unknown escape character": "hay una secuencia de escape desconocida dentro de comillas dobles",
    "expected the node content": "falta un valor (¿corchete o llave sin cerrar?)",
    "found unexpected ':'": "hay un «:» inesperado; ponga el texto entre comillas",
    "expected ',' or ']'": "falta «,» o «]» en una lista entre corchetes",
    "expected ',' or '}'": "falta «,» o «}» en un conjunto entre llaves",
    "expected a comment or a line break": "sobra texto después de un valor entre comillas",
    "found a tab character": "hay un tabulador; use espacios para la sangría",
}


def _traducir_problema(problema: str) -> str:
    for ingles, espanol in _PROBLEMAS.items():
        if problema.startswith(ingles):
            return espanol
    return f"sintaxis de YAML no válida (detalle técnico: {problema})"
