"""Los datos del formulario escritos sobre el YAML original, sin perder nada.

``aplicar`` escribe sobre el YAML leído con ruamel.yaml, que conserva comentarios y
orden: lo que alguien editó a mano en el archivo sobrevive. Solo se borra lo que la
página mostraba (los ``__clase__.`` del formulario) y llegó vacío o quitado: una clave mal
escrita, una sección de otro tipo de resolución o un valor con una forma que el campo no
sabe dibujar («intocable») se quedan como estaban.

La validación en vivo no necesita el texto: ``documento_sin_ida_y_vuelta`` da los mismos
datos y las mismas líneas que leer el YAML que escribiría ``yaml_actualizado``, sin cargar ni
volcar con ruamel (cuatro quintos del tiempo de una validación), siempre que el formulario no
haya cambiado la forma del documento (ninguna clave ni elemento de más o de menos, ningún
orden nuevo, ningún valor que ocupe otro número de líneas). Si la cambió, da None y se hace
la ida y vuelta.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import Documento, formatear_ruta, leer_yaml
from .bloques_yaml import bloque_sin_escribir
from .envio import EDITABLES, Indexada
from .formulario import Nodo, nombre_de_campo
from .releer import texto_cambiado


def no_mostrados(datos: Any, arbol: list[Nodo]) -> list[str]:
    """Las rutas del archivo que la página no muestra (claves desconocidas o mal escritas,
    secciones de otro tipo de resolución): se conservan al guardar y se avisa de ellas."""
    nombres: dict[str, str] = {}

    def registrar(lista):
        for n in lista:
            nombres[n.nombre] = n.clase
            registrar(n.hijos)

    registrar(arbol)
    salida = []

    def recorrer(valor, ruta):
        nombre = ".".join(str(p) for p in ruta)
        if ruta and nombre not in nombres:
            salida.append(nombre_de_campo(ruta))
            return
        if ruta and nombres[nombre] not in ("grupo", "lista"):
            return
        if isinstance(valor, dict):
            for clave, hijo in valor.items():
                recorrer(hijo, ruta + (str(clave),))
        elif isinstance(valor, list):
            for i, hijo in enumerate(valor):
                recorrer(hijo, ruta + (i,))

    recorrer(datos, ())
    return salida


# --- De los datos al YAML (conservando lo editado a mano) ------------------------------

@dataclass
class _Mostrado:
    """Qué partes del archivo estaban en la página (ver ``clases_del_formulario``)."""

    clases: dict[tuple, str]
    entre_comillas: bool = False  # todo texto nuevo entre comillas dobles (ver ``yaml_actualizado``)

    @cached_property
    def prefijos(self) -> set:
        """Las rutas que llevan a algo mostrado. Solo si se pregunta: la validación en vivo de
        un formulario que no cambió la forma casi nunca lo hace (issue 19)."""
        return {c[:i] for c in self.clases for i in range(len(c) + 1)}

    def dentro_de_variables(self, ruta: tuple) -> bool:
        return any(self.clases.get(ruta[:i]) == "variables" for i in range(len(ruta)))

    def hay(self, ruta: tuple) -> bool:
        return ruta in self.prefijos or self.dentro_de_variables(ruta)

    def campo(self, ruta: tuple) -> bool:
        """La página mostraba este valor entero: si no llegó, la persona lo vació."""
        return self.clases.get(ruta) in EDITABLES or self.dentro_de_variables(ruta)


def _escalar(original: Any, valor: Any, entre_comillas: bool = False) -> Any:
    """El valor nuevo; un valor sin cambios se conserva tal cual (con su estilo, comillas y
    ancla). El texto sigue siendo texto: ruamel lo pone entre comillas si hace falta."""
    if original is not None and not isinstance(original, (dict, list)) and \
            str(original).rstrip("\n") == str(valor).rstrip("\n"):
        return original
    if not isinstance(valor, str):
        return valor
    if entre_comillas or valor[:1].isspace() or valor.rstrip("\n")[-1:].isspace():
        # Un bloque («|», «>-») con espacios al principio o al final cambia al releerse: con uno
        # final, el comentario del esqueleto quedaba dentro del texto (y de la resolución). Con un
        # tipo de ruamel, no un str: sobre un valor que era bloque, ruamel le daría ese estilo.
        return DoubleQuotedScalarString(valor)
    if "\n" in valor:
        return LiteralScalarString(valor.rstrip("\n") + "\n")
    if len(valor) > 100 and "  " not in valor:
        return FoldedScalarString(valor)  # un párrafo largo, en líneas cortas legibles («>-»)
    return valor


def aplicar(original: Any, nuevo: Any, ruta: tuple = (), mostrado: _Mostrado | None = None) -> Any:
    """Escribe ``nuevo`` sobre ``original`` (estructuras de ruamel) conservando comentarios.

    Solo se borra lo que la página mostraba y llegó vacío o quitado; una clave desconocida,
    una sección de otro tipo o un valor que la página no sabe dibujar quedan intactos."""
    mostrado = mostrado or _Mostrado({})
    if isinstance(nuevo, dict):
        destino = original if isinstance(original, CommentedMap) else CommentedMap()
        for clave in list(destino.keys()):
            sub = ruta + (clave,)
            if clave in nuevo or mostrado.clases.get(sub) == "intocable":
                continue
            if mostrado.campo(sub):
                del destino[clave]
            elif mostrado.hay(sub) and isinstance(destino[clave], (CommentedMap, CommentedSeq)):
                vacio = Indexada() if isinstance(destino[clave], CommentedSeq) else {}
                if not aplicar(destino[clave], vacio, sub, mostrado):
                    del destino[clave]
        for clave, valor in nuevo.items():
            if valor is False and clave not in destino:
                continue  # una casilla sin marcar no añade «false» a un archivo que no lo tenía
            resultado = aplicar(destino.get(clave), valor, ruta + (clave,), mostrado)
            if clave in destino or resultado not in ({}, []):
                destino[clave] = resultado
        return destino
    if isinstance(nuevo, Indexada):
        destino = original if isinstance(original, CommentedSeq) else CommentedSeq()
        por_indice = dict(zip(nuevo.indices, nuevo))
        cuantos = len(destino)
        quedan = list(range(cuantos))  # el número en el archivo de cada elemento que sigue
        for i in reversed(range(cuantos)):
            sub = ruta + (i,)
            if i in por_indice:
                destino[i] = aplicar(destino[i], por_indice[i], sub, mostrado)
            elif mostrado.hay(sub):
                if isinstance(destino[i], CommentedMap) and not aplicar(destino[i], {}, sub, mostrado):
                    del destino[i]
                    del quedan[i]
            elif mostrado.clases.get(ruta) == "lista":
                del destino[i]  # «Quitar»
                del quedan[i]
        for i, valor in zip(nuevo.indices, nuevo):
            if i >= cuantos:
                destino.append(aplicar(None, valor, ruta + (i,), mostrado))
                quedan.append(i)
        if getattr(nuevo, "reordenada", False):
            _reordenar(destino, quedan, nuevo.indices)
        return destino
    if isinstance(nuevo, list):  # las líneas de un campo: la lista entera es el valor
        destino = original if isinstance(original, CommentedSeq) else CommentedSeq()
        for i, valor in enumerate(nuevo):
            if i < len(destino):
                destino[i] = _escalar(destino[i], valor, mostrado.entre_comillas)
            else:
                destino.append(_escalar(None, valor, mostrado.entre_comillas))
        del destino[len(nuevo):]
        return destino
    return _escalar(original, nuevo, mostrado.entre_comillas)


def _reordenar(destino: CommentedSeq, quedan: list[int], orden: list[int]) -> None:
    """Pone los elementos en el orden de la página, cada uno con su comentario. Uno que la
    página no mostraba sigue al que lo precedía en el archivo."""
    posicion = {i: k for k, i in enumerate(orden)}
    claves, anterior = [], -1.0
    for i in quedan:
        anterior = float(posicion[i]) if i in posicion else anterior + 0.001
        claves.append(anterior)
    nuevo_orden = sorted(range(len(destino)), key=lambda p: claves[p])
    if nuevo_orden == list(range(len(destino))):
        return
    elementos = list(destino)
    comentarios = dict(destino.ca.items)
    destino.ca.items.clear()
    for nuevo_lugar, viejo_lugar in enumerate(nuevo_orden):
        list.__setitem__(destino, nuevo_lugar, elementos[viejo_lugar])
        if viejo_lugar in comentarios:
            destino.ca.items[nuevo_lugar] = comentarios[viejo_lugar]


def cargar_ida_y_vuelta(texto: str) -> Any:
    """El documento con ruamel (conserva comentarios y orden). Puede lanzar YAMLError."""
    return _yaml().load(texto) if texto.strip() else None


def _yaml():
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 92
    yaml.indent(mapping=2, sequence=4, offset=2)  # el estilo de los expedientes del proyecto
    return yaml


def yaml_actualizado(texto_original: str, datos: dict, clases: dict[tuple, str] | None = None) -> str:
    """El texto del expediente con los datos nuevos, conservando comentarios, orden y todo
    lo que la página no mostraba (``clases``: lo que sí mostraba). Cada texto enviado se relee
    igual (``releer``); si no, se escribe todo lo nuevo entre comillas dobles, que YAML lee
    exactamente, y si aun así no, no se guarda."""
    for entre_comillas in (False, True):
        documento = aplicar(cargar_ida_y_vuelta(texto_original), datos, (), _Mostrado(clases or {}, entre_comillas))
        _vacios_en_linea(documento)
        salida = io.StringIO()
        _yaml().dump(documento, salida)
        cambiado = texto_cambiado(datos, salida.getvalue())
        if cambiado is None:
            return salida.getvalue()
    raise ErrorDeUsuario(f"no se guardó: el campo «{formatear_ruta(cambiado)}» se volvería a leer distinto de como "
                         "se escribió; es un error del programa: por favor, infórmelo (lo escrito sigue en la página)")


def _vacios_en_linea(valor: Any) -> None:
    """Un mapa o una lista que quedó vacía se escribe en la línea de su clave («inexistencia:
    {}»). Si no, ruamel la escribe en bloque y, con un comentario al final de la clave (los del
    esqueleto), deja «{}» en la columna 0 de la línea siguiente: YAML que no se puede leer (un
    caso de inexistencia recién creado quedaba así al guardarlo con sus campos vacíos)."""
    hijos = valor.values() if isinstance(valor, CommentedMap) else valor if isinstance(valor, CommentedSeq) else ()
    for hijo in hijos:
        if isinstance(hijo, (CommentedMap, CommentedSeq)):
            if len(hijo) == 0:
                hijo.fa.set_flow_style()
            else:
                _vacios_en_linea(hijo)


# --- Sin ida y vuelta (la validación en vivo) ------------------------------------------

class _OtraForma(Exception):
    """El formulario cambia la forma del documento: hay que escribir el YAML de verdad."""


@dataclass(frozen=True)
class Referencia:
    """Un texto de expediente ya cargado: el árbol de ruamel (solo se lee, nunca se pasa a
    ``aplicar``) y la lectura (datos y líneas) de su volcado sin cambios."""

    arbol: Any
    documento: Documento
    emisiones: dict = field(default_factory=dict)  # ruta → ``_emision`` del valor original


def referencia(texto: str, nombre: str) -> Referencia | None:
    """La referencia de un texto (se calcula una vez por texto); None si no se puede leer."""
    try:
        arbol = cargar_ida_y_vuelta(texto)
        salida = io.StringIO()
        _yaml().dump(arbol, salida)
        documento = leer_yaml(salida.getvalue(), nombre)
    except (YAMLError, ErrorDeUsuario):
        return None
    return Referencia(arbol, documento)


def documento_sin_ida_y_vuelta(ref: Referencia, datos: dict, clases: dict[tuple, str] | None = None) -> Documento | None:
    """El mismo ``Documento`` que ``leer_yaml(yaml_actualizado(texto, datos, clases))``, o
    None si el formulario cambió la forma del documento (entonces hay que escribirlo).

    Un valor cambiado se escribe solo (``_emision``, con la sangría que tendría en el
    documento): así se sabe cómo lo leerá ``leer_yaml`` y cuántas líneas ocupa, y las líneas
    de lo que sigue se recorren esa diferencia."""
    cambios: list[tuple[tuple, int, int]] = []
    try:
        nuevos = _plano(ref.arbol, datos, (), _Mostrado(clases or {}), ref.documento.datos, (cambios, ref.emisiones))
    except _OtraForma:
        return None
    doc = ref.documento
    lineas, inicio = dict(doc.lineas), dict(doc.inicio_valor)
    if cambios:
        marcas = [(doc.lineas[ruta], diferencia) for ruta, diferencia, _ in cambios if diferencia]

        def mover(linea: int) -> int:
            return linea + sum(d for donde, d in marcas if donde < linea)

        lineas = {ruta: mover(linea) for ruta, linea in doc.lineas.items()}
        inicio = {ruta: mover(linea) for ruta, linea in doc.inicio_valor.items()}
        for ruta, _, salto in cambios:
            inicio[ruta] = lineas[ruta] + salto
    return Documento(nuevos, lineas, doc.archivo, inicio)


def _plano(original: Any, nuevo: Any, ruta: tuple, mostrado: _Mostrado, leido: Any, cambios: list) -> Any:
    """Lo que ``aplicar`` dejaría, como lo lee ``leer_yaml`` (``leido``: la lectura del
    original); lanza ``_OtraForma`` donde ``aplicar`` quitaría, añadiría o movería algo.
    Anota en ``cambios`` (una lista y las emisiones ya calculadas de la referencia) cada valor
    cambiado: (ruta, líneas de más, dónde empieza)."""
    if isinstance(nuevo, dict):
        if not isinstance(original, CommentedMap) or not isinstance(leido, dict) or \
                list(original.keys()) != list(leido.keys()):
            raise _OtraForma
        for clave in original:
            sub = ruta + (clave,)
            if not isinstance(clave, str):
                raise _OtraForma
            if clave in nuevo or mostrado.clases.get(sub) == "intocable":
                continue
            if mostrado.campo(sub) or (mostrado.hay(sub) and isinstance(original[clave], (CommentedMap, CommentedSeq))):
                raise _OtraForma  # «aplicar» lo borraría (o borraría lo vacío de adentro)
        if any(clave not in original and not _no_anade(valor) for clave, valor in nuevo.items()):
            raise _OtraForma  # una clave nueva
        return {clave: _valor(original, clave, nuevo[clave], ruta + (clave,), mostrado, valor, cambios)
                if clave in nuevo else _copia(valor) for clave, valor in leido.items()}
    if isinstance(nuevo, Indexada):
        if not isinstance(original, CommentedSeq) or not isinstance(leido, list) or len(leido) != len(original) \
                or getattr(nuevo, "reordenada", False) or nuevo.indices != list(range(len(original))):
            raise _OtraForma
        return [_valor(original, i, valor, ruta + (i,), mostrado, leido[i], cambios) for i, valor in enumerate(nuevo)]
    if isinstance(nuevo, list):  # las líneas de un campo
        if not isinstance(original, CommentedSeq) or not isinstance(leido, list) or \
                len(nuevo) != len(original) or len(leido) != len(original):
            raise _OtraForma
        return [_hoja(original, i, valor, ruta + (i,), leido[i], cambios) for i, valor in enumerate(nuevo)]
    raise _OtraForma  # un escalar suelto: lo trata su padre


def _valor(padre: Any, clave: Any, nuevo: Any, ruta: tuple, mostrado: _Mostrado, leido: Any, cambios: list) -> Any:
    if isinstance(nuevo, (dict, list)):
        return _plano(padre[clave], nuevo, ruta, mostrado, leido, cambios)
    return _hoja(padre, clave, nuevo, ruta, leido, cambios)


def _no_anade(valor: Any) -> bool:
    """Una clave nueva con este valor no se escribe: una casilla sin marcar, o un grupo o una
    lista que quedan vacíos (``aplicar`` no añade ``{}`` ni ``[]``)."""
    if isinstance(valor, dict):
        return all(_no_anade(v) for v in valor.values())
    return valor is False or (isinstance(valor, list) and not valor)


def _hoja(padre: Any, clave: Any, valor: Any, ruta: tuple, leido: Any, cambios: list) -> Any:
    """Un escalar: el leído si ``_escalar`` conserva el original; si no, el valor nuevo como
    lo lee ``leer_yaml`` tras escribirlo con la misma sangría."""
    original = padre[clave]
    if isinstance(original, (dict, list)) or isinstance(leido, (dict, list)):
        raise _OtraForma
    objeto = _escalar(original, valor)
    if objeto is original:
        return leido
    if not isinstance(objeto, (str, int, _dt.date)):
        raise _OtraForma
    if isinstance(objeto, str) and not isinstance(objeto, ScalarString) and isinstance(original, ScalarString):
        objeto = type(original)(objeto)  # lo que hace ruamel al asignar sobre un valor con estilo
    cambios, emisiones = cambios
    if ruta not in emisiones:
        emisiones[ruta] = _emision_del_original(ruta, original)
    viejas = emisiones[ruta][0]
    corto = _corto(ruta, objeto) if viejas == 1 else None
    nuevas, nuevo, salto = (1, corto, 0) if corto is not None else \
        (bloque_sin_escribir(ruta, objeto) or _emision(ruta, objeto))
    if (viejas, nuevas) != (1, 1) and not _solo_despues(padre.ca.items.get(clave)):
        raise _OtraForma  # un comentario junto a un valor de varias líneas: mejor escribirlo
    cambios.append((ruta, nuevas - viejas, salto))
    return nuevo


_COLUMNA_SEGURA = 80  # el volcado corta en la columna 92 (``_yaml``); antes, una línea es una línea


def _corto(ruta: tuple, objeto: Any) -> Any:
    """Sin escribirlo, cómo lee ``leer_yaml`` un valor corto de una línea (texto, salvo los
    booleanos); None si no es tan simple (entonces se escribe con ``_emision``)."""
    if isinstance(objeto, bool):
        return objeto
    if isinstance(objeto, _dt.date):
        return objeto.isoformat()
    if type(objeto) is int:
        return str(objeto)
    if type(objeto) is not str:
        return None
    columna = 4 * len(ruta) + (len(ruta[-1]) + 2 if isinstance(ruta[-1], str) else 2)
    if "\n" in objeto or not objeto.isprintable() or len(objeto) > 100 or \
            columna + len(objeto) + 2 + objeto.count("'") + objeto.count('"') > _COLUMNA_SEGURA:
        return None
    return objeto


def _solo_despues(comentarios: Any) -> bool:
    """Los comentarios de una clave van todos en líneas propias después del valor (líneas en
    blanco o comentarios que empiezan en la línea siguiente), no al lado del valor."""
    fichas = [f for f in (comentarios or []) if f is not None]
    return all(not isinstance(f, list) and str(getattr(f, "value", "")).startswith("\n") for f in fichas)


def _emision(ruta: tuple, objeto: Any) -> tuple[int, Any, int]:
    """(líneas que ocupa, valor leído, línea donde empieza respecto de su clave) de ``objeto``
    escrito solo, dentro de mapas y listas de un elemento con la forma de ``ruta``: el volcado
    da a cada nivel la misma sangría (``_yaml``), así que lo escribe igual que en el documento."""
    documento: Any = objeto
    for parte in reversed(ruta):
        documento = CommentedSeq([documento]) if isinstance(parte, int) else CommentedMap([(parte, documento)])
    salida = io.StringIO()
    _yaml().dump(documento, salida)
    texto = salida.getvalue()
    leido = leer_yaml(texto, "valor")
    donde = tuple(0 if isinstance(p, int) else p for p in ruta)
    valor: Any = leido.datos
    for parte in donde:
        valor = valor[parte]
    linea = leido.lineas[donde]
    return texto.count("\n") - linea + 1, valor, leido.inicio_valor[donde] - linea


_EMISIONES: dict[tuple, tuple[int, Any, int]] = {}
_MAXIMO_DE_EMISIONES = 256


def _emision_del_original(ruta: tuple, original: Any) -> tuple[int, Any, int]:
    """``_emision`` del valor que está en disco, una vez: es el mismo en cada validación. La
    clave lleva todo lo que ruamel escribe de él (texto, estilo, ancla, comentario, pliegues)."""
    ancla = getattr(original, "yaml_anchor", lambda: None)()
    clave = (ruta, type(original), original if isinstance(original, (str, int, _dt.date)) else repr(original),
             repr(getattr(original, "fold_pos", None)), repr(getattr(original, "comment", None)),
             (ancla.value, ancla.always_dump) if ancla is not None else None)
    if clave not in _EMISIONES:
        if len(_EMISIONES) >= _MAXIMO_DE_EMISIONES:
            _EMISIONES.pop(next(iter(_EMISIONES)))
        _EMISIONES[clave] = _emision(ruta, original)
    return _EMISIONES[clave]


def _copia(valor: Any) -> Any:
    """Copia de dicts y listas (los escalares leídos no cambian): la referencia se comparte."""
    if isinstance(valor, dict):
        return {k: _copia(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_copia(v) for v in valor]
    return valor
