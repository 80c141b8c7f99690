"""El formulario del expediente, generado a partir de los modelos, y su vuelta a YAML.

* ``nodos``: recorre el modelo pydantic del expediente y arma un árbol de campos
  (grupos, listas que se repiten, textos, fechas, opciones, listas de ids…) con los
  valores del archivo; la página lo dibuja con una macro recursiva.
* ``datos_del_formulario``: convierte lo enviado (nombres como ``respuestas.0.unidad``)
  en el diccionario del expediente.
* ``aplicar``: escribe esos datos sobre el YAML original leído con ruamel.yaml, que
  conserva comentarios y orden: lo que alguien editó a mano en el archivo sobrevive.
  Solo se borra lo que la página mostraba (los ``__clase__.`` del formulario) y llegó
  vacío o quitado: una clave mal escrita, una sección de otro tipo de resolución o un
  valor con una forma que el campo no sabe dibujar («intocable») se quedan como estaban.
  Lo escrito en un campo de texto se guarda como texto; solo los campos de número, fecha
  y casilla (según el modelo) producen números, fechas y booleanos.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..errores import ErrorDeUsuario
from ..expediente import Expediente
from ..expediente import _titulo as _titulo_del_modelo
from ..yaml_lineas import formatear_ruta, leer_yaml

# Campos de texto largo (con formato ligero: párrafos, viñetas, **negritas**).
MULTILINEA = {
    "texto", "descripcion", "motivacion", "razones", "criterios", "lugares", "informacion", "riesgo_real",
    "interes_publico", "proporcionalidad", "instruccion", "determinacion",
}
# Secciones de primer nivel que usa cada tipo de resolución.
SECCIONES_POR_TIPO = {
    "reserva": {"clasificaciones", "reproduccion"},
    "confidencial": {"clasificaciones", "reproduccion"},
    "mixta": {"clasificaciones", "reproduccion"},
    "inexistencia": {"inexistencia"},
    "ampliacion": {"ampliacion"},
    "incompetencia": {"incompetencia"},
    "acta": {"acta"},
}
_SOLO_POR_TIPO = {"clasificaciones", "reproduccion", "inexistencia", "ampliacion", "incompetencia", "acta"}
_SIN_ACTA = {"solicitudes", "respuestas", "fundamentacion_resolucion", "resolutivos", "orden_citas"}


@dataclass
class Nodo:
    clase: str  # grupo | lista | texto | parrafos | numero | fecha | casilla | opciones | ids | lineas | variables
    nombre: str  # nombre del campo en el formulario: «respuestas.0.unidad»
    campo: str  # ruta como la muestran los hallazgos: «respuestas[1].unidad»
    titulo: str
    descripcion: str = ""
    valor: Any = None
    obligatorio: bool = False
    opciones: list[str] = field(default_factory=list)
    hijos: list["Nodo"] = field(default_factory=list)
    plantilla: "Nodo | None" = None  # para añadir un elemento a una lista


def _sin_opcional(tipo: Any) -> Any:
    origen = typing.get_origin(tipo)
    if origen in (typing.Union, types.UnionType):
        argumentos = [a for a in typing.get_args(tipo) if a is not type(None)]
        if len(argumentos) == 1:
            return argumentos[0]
        return tipo
    return tipo


def _titulo(nombre: str) -> str:
    return _titulo_del_modelo(nombre)


def _campo(ruta: tuple) -> str:
    """La ruta como la escriben los hallazgos («respuestas[2].fecha»). En la plantilla de
    un elemento nuevo, «[__n__]» se cambia por su número al añadirlo."""
    if "__i__" in ruta:
        corte = ruta.index("__i__")
        antes, despues = formatear_ruta(ruta[:corte]), formatear_ruta(ruta[corte + 1:])
        return f"{antes}[__n__]" + (f".{despues}" if despues else "")
    return formatear_ruta(ruta)


def _intocable(base: dict, valor: Any) -> Nodo:
    """Un valor con una forma que el campo no puede mostrar (una lista donde va un texto,
    un texto donde va un grupo…): se enseña sin nombre de formulario, así que el guardado
    lo conserva tal cual en lugar de reemplazarlo por lo que el campo dibujaría."""
    texto = yaml.safe_dump(valor, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    return Nodo("intocable", valor=texto.removesuffix("...\n").strip(), **base)


def _escalar_simple(valor: Any) -> bool:
    return valor is None or isinstance(valor, (str, int, float, _dt.date))


def _nodo(nombre_campo: str, info, tipo: Any, valor: Any, ruta: tuple) -> Nodo:
    tipo = _sin_opcional(tipo)
    nombre = ".".join(str(p) for p in ruta)
    base = dict(nombre=nombre, campo=_campo(ruta), titulo=_titulo(nombre_campo),
                descripcion=(info.description or "") if info is not None else "",
                obligatorio=bool(info is not None and info.is_required()))
    origen = typing.get_origin(tipo)
    if isinstance(tipo, type) and issubclass(tipo, BaseModel):
        if valor is not None and not isinstance(valor, dict):
            return _intocable(base, valor)
        return Nodo("grupo", hijos=_hijos(tipo, valor or {}, ruta), **base)
    if origen is list:
        (elemento,) = typing.get_args(tipo) or (str,)
        elemento = _sin_opcional(typing.get_origin(elemento) is typing.Annotated and typing.get_args(elemento)[0]
                                 or elemento)
        if valor is not None and not isinstance(valor, list):
            return _intocable(base, valor)
        if isinstance(elemento, type) and issubclass(elemento, BaseModel):
            lista = valor or []
            hijos = [Nodo("grupo", nombre=f"{nombre}.{i}", campo=_campo(ruta + (i,)), titulo=f"{i + 1}",
                          hijos=_hijos(elemento, v, ruta + (i,))) if isinstance(v, dict) else
                     _intocable(dict(nombre=f"{nombre}.{i}", campo=_campo(ruta + (i,)), titulo=f"{i + 1}"), v)
                     for i, v in enumerate(lista)]
            plantilla = Nodo("grupo", nombre=f"{nombre}.__i__", campo=_campo(ruta + ("__i__",)), titulo="nuevo elemento",
                             hijos=_hijos(elemento, {}, ruta + ("__i__",)))
            return Nodo("lista", hijos=hijos, plantilla=plantilla, **base)
        lineas = valor or []
        if not all(_escalar_simple(v) and "\n" not in str(v) for v in lineas):
            return _intocable(base, valor)
        clase = "ids" if nombre_campo in ("fundamentos", "en_relacion_con", "categorias") else "lineas"
        return Nodo(clase, valor="\n".join(str(v) for v in lineas), **base)
    if origen is dict:
        if valor is not None and not isinstance(valor, dict):
            return _intocable(base, valor)
        texto = yaml.safe_dump(valor, allow_unicode=True, sort_keys=False, default_flow_style=False) if valor else ""
        return Nodo("variables", valor=texto, **base)
    if not _escalar_simple(valor):
        return _intocable(base, valor)
    if origen is Literal:
        return Nodo("opciones", valor="" if valor is None else str(valor),
                    opciones=[str(o) for o in typing.get_args(tipo)], **base)
    if tipo is bool:
        if valor is not None and not isinstance(valor, bool):
            return _intocable(base, valor)
        return Nodo("casilla", valor=bool(valor), **base)
    if tipo is int:
        return Nodo("numero", valor="" if valor is None else str(valor), **base)
    if tipo is _dt.date:
        return Nodo("fecha", valor="" if valor is None else str(valor), **base)
    if nombre_campo == "clausula":
        # Las cláusulas se eligen de una lista: las de prueba de daño o las de resolutivos.
        tipo_clausula = "prueba_de_dano" if "prueba_de_dano" in ruta else "resolutivo"
        return Nodo("clausula", valor="" if valor is None else str(valor),
                    opciones=CLAUSULAS.get(tipo_clausula, []), **base)
    clase = "parrafos" if nombre_campo in MULTILINEA else "texto"
    return Nodo(clase, valor="" if valor is None else str(valor), **base)


def _hijos(modelo: type[BaseModel], datos: dict, ruta: tuple) -> list[Nodo]:
    return [_nodo(nombre, info, info.annotation, datos.get(nombre), ruta + (nombre,))
            for nombre, info in modelo.model_fields.items()]


CLAUSULAS: dict[str, list[str]] = {}


def nodos(datos: dict, clausulas: dict[str, list[str]] | None = None) -> list[Nodo]:
    """Los campos del expediente, con sus valores, en el orden del modelo.

    Solo aparecen las secciones del tipo de resolución elegido. ``clausulas`` da las
    opciones de los campos «clausula» por tipo («prueba_de_dano», «resolutivo»)."""
    CLAUSULAS.clear()
    CLAUSULAS.update(clausulas or {})
    tipo = str(datos.get("tipo") or "reserva")
    visibles = SECCIONES_POR_TIPO.get(tipo, set())
    salida = []
    for nodo in _hijos(Expediente, datos, ()):
        if nodo.nombre in _SOLO_POR_TIPO and nodo.nombre not in visibles:
            continue
        if tipo == "acta" and nodo.nombre in _SIN_ACTA:
            continue
        salida.append(nodo)
    return salida


def campo_mas_cercano(campo: str, existentes: set[str]) -> str:
    """El campo de la página donde mostrar un hallazgo: el suyo o el ancestro más cercano."""
    ruta = campo
    while ruta and ruta not in existentes:
        cortes = [m.start() for m in re.finditer(r"[.\[]", ruta)]
        ruta = ruta[:cortes[-1]] if cortes else ""
    return ruta


def campos_de(arbol: list[Nodo]) -> set[str]:
    salida: set[str] = set()
    for nodo in arbol:
        salida.add(nodo.campo)
        salida |= campos_de(nodo.hijos)
    return salida


# --- Del formulario a los datos -------------------------------------------------------

PROFUNDIDAD_MAXIMA = 12  # la ruta más honda del expediente tiene 6 partes
_PARTE = re.compile(r"[a-z_][a-z0-9_]{0,60}|\d{1,5}")
# Las clases de campo cuyo valor la página muestra entero: si llega vacío, la persona lo borró.
_EDITABLES = {"texto", "parrafos", "numero", "fecha", "casilla", "opciones", "clausula", "ids", "lineas",
              "variables"}


class _Grupo(dict):
    """Un grupo armado con los nombres del formulario (no el valor de un campo «variables»)."""


class Indexada(list):
    """Una lista del formulario que recuerda el número que cada elemento tenía en la página
    (el mismo del archivo para los que ya estaban). Así, «Quitar» el primero no escribe los
    datos del segundo sobre el primero ni le pasa sus claves desconocidas."""

    def __init__(self, pares=()):
        pares = list(pares)
        super().__init__(v for _, v in pares)
        self.indices = [i for i, _ in pares]


def _ruta(nombre: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in nombre.split("."))


def _poner(destino: dict, partes: list[str], valor: Any) -> bool:
    """Pone el valor en la ruta; False si choca con otro campo («oficio» y «oficio.a»)."""
    actual: Any = destino
    for parte in partes[:-1]:
        actual = actual.setdefault(parte, _Grupo())
        if not isinstance(actual, _Grupo):
            return False
    if isinstance(actual.get(partes[-1]), _Grupo):
        return False
    actual[partes[-1]] = valor
    return True


def _limpiar(valor: Any) -> Any:
    """Quita lo vacío: un campo sin llenar no se escribe en el expediente."""
    if isinstance(valor, dict):
        limpio = type(valor)((k, _limpiar(v)) for k, v in valor.items())
        return type(valor)((k, v) for k, v in limpio.items() if v not in (None, "", [], {}))
    if isinstance(valor, list):
        limpio = [_limpiar(v) for v in valor]
        return [v for v in limpio if v not in (None, "", [], {})]
    return valor


def _listas(valor: Any) -> Any:
    """Los grupos con claves numéricas se vuelven listas (``Indexada``), en orden."""
    if not isinstance(valor, _Grupo):
        return valor
    convertido = {k: _listas(v) for k, v in valor.items()}
    if convertido and all(k.isdigit() for k in convertido):
        return Indexada(sorted((int(k), v) for k, v in convertido.items()))
    return convertido


def _convertir(clase: str, valores: list[str], nombre: str, problemas: list) -> Any:
    """El valor de un campo con el tipo que dice su clase: lo escrito en un campo de texto
    sigue siendo texto («true», «123», «2026-01-01», «null» se guardan entre comillas)."""
    valor = valores[-1] if valores else ""
    if clase == "casilla":
        return "true" in valores
    if clase in ("ids", "lineas"):
        separadores = valor.replace(",", "\n") if clase == "ids" else valor
        # Solo se recortan espacios comunes: un espacio fino o de no separación es del texto.
        return [linea.strip(" \t\r") for linea in separadores.splitlines() if linea.strip(" \t\r")]
    if clase == "variables":
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
    clases = {k[len("__clase__."):]: v for k, v in formulario.items() if k.startswith("__clase__.")}
    for nombre in formulario.keys():
        if nombre.startswith("__") or "__i__" in nombre or nombre == "csrf":
            continue
        partes = nombre.split(".")
        if len(partes) > PROFUNDIDAD_MAXIMA or not all(_PARTE.fullmatch(p) for p in partes):
            problemas.append((nombre[:80], "no es un campo del expediente"))
            continue
        valor = _convertir(clases.get(nombre, "texto"), formulario.getlist(nombre), nombre, problemas)
        if valor is not None and not _poner(crudo, partes, valor):
            problemas.append((nombre[:80], "choca con otro campo del mismo nombre (un valor y un grupo a la vez)"))
    return _listas(_limpiar(crudo)), problemas


def clases_del_formulario(formulario) -> dict[tuple, str]:
    """Lo que la página mostró: cada campo con su clase (de los «__clase__.»). El guardado
    solo borra lo que está aquí; lo demás del archivo se conserva tal cual."""
    return {_ruta(k[len("__clase__."):]): v for k, v in formulario.items()
            if k.startswith("__clase__.") and "__i__" not in k and k.count(".") <= PROFUNDIDAD_MAXIMA}


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
            salida.append(_campo(ruta))
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
    prefijos: set = field(default_factory=set)

    def __post_init__(self):
        self.prefijos = {c[:i] for c in self.clases for i in range(len(c) + 1)}

    def dentro_de_variables(self, ruta: tuple) -> bool:
        return any(self.clases.get(ruta[:i]) == "variables" for i in range(len(ruta)))

    def hay(self, ruta: tuple) -> bool:
        return ruta in self.prefijos or self.dentro_de_variables(ruta)

    def campo(self, ruta: tuple) -> bool:
        """La página mostraba este valor entero: si no llegó, la persona lo vació."""
        return self.clases.get(ruta) in _EDITABLES or self.dentro_de_variables(ruta)


def _escalar(original: Any, valor: Any) -> Any:
    """El valor nuevo; un valor sin cambios se conserva tal cual (con su estilo, comillas y
    ancla). El texto sigue siendo texto: ruamel lo pone entre comillas si hace falta."""
    if original is not None and not isinstance(original, (dict, list)) and \
            str(original).rstrip("\n") == str(valor).rstrip("\n"):
        return original
    if isinstance(valor, str) and "\n" in valor:
        return LiteralScalarString(valor.rstrip("\n") + "\n")
    if isinstance(valor, str) and len(valor) > 100:
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
        for i in reversed(range(cuantos)):
            sub = ruta + (i,)
            if i in por_indice:
                destino[i] = aplicar(destino[i], por_indice[i], sub, mostrado)
            elif mostrado.hay(sub):
                if isinstance(destino[i], CommentedMap) and not aplicar(destino[i], {}, sub, mostrado):
                    del destino[i]
            elif mostrado.clases.get(ruta) == "lista":
                del destino[i]  # «Quitar»
        for i, valor in zip(nuevo.indices, nuevo):
            if i >= cuantos:
                destino.append(aplicar(None, valor, ruta + (i,), mostrado))
        return destino
    if isinstance(nuevo, list):  # las líneas de un campo: la lista entera es el valor
        destino = original if isinstance(original, CommentedSeq) else CommentedSeq()
        for i, valor in enumerate(nuevo):
            if i < len(destino):
                destino[i] = _escalar(destino[i], valor)
            else:
                destino.append(_escalar(None, valor))
        del destino[len(nuevo):]
        return destino
    return _escalar(original, nuevo)


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
    lo que la página no mostraba (``clases``: lo que sí mostraba)."""
    documento = aplicar(cargar_ida_y_vuelta(texto_original), datos, (), _Mostrado(clases or {}))
    salida = io.StringIO()
    _yaml().dump(documento, salida)
    return salida.getvalue()
