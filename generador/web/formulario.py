"""El formulario del expediente, generado a partir de los modelos, y su vuelta a YAML.

* ``nodos``: recorre el modelo pydantic del expediente y arma un árbol de campos
  (grupos, listas que se repiten, textos, fechas, opciones, listas de ids…) con los
  valores del archivo; la página lo dibuja con una macro recursiva.
* ``datos_del_formulario``: convierte lo enviado (nombres como ``respuestas.0.unidad``)
  en el diccionario del expediente.
* ``aplicar``: escribe esos datos sobre el YAML original leído con ruamel.yaml, que
  conserva comentarios y orden: lo que alguien editó a mano en el archivo sobrevive.
"""

from __future__ import annotations

import datetime as _dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from ..expediente import Expediente

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
    from ..expediente import _titulo as titulo

    return titulo(nombre)


def _campo(ruta: tuple) -> str:
    """La ruta como la escriben los hallazgos («respuestas[2].fecha»). En la plantilla de
    un elemento nuevo, «[__n__]» se cambia por su número al añadirlo."""
    from ..yaml_lineas import formatear_ruta

    if "__i__" in ruta:
        corte = ruta.index("__i__")
        antes, despues = formatear_ruta(ruta[:corte]), formatear_ruta(ruta[corte + 1:])
        return f"{antes}[__n__]" + (f".{despues}" if despues else "")
    return formatear_ruta(ruta)


def _nodo(nombre_campo: str, info, tipo: Any, valor: Any, ruta: tuple) -> Nodo:
    tipo = _sin_opcional(tipo)
    nombre = ".".join(str(p) for p in ruta)
    base = dict(nombre=nombre, campo=_campo(ruta), titulo=_titulo(nombre_campo),
                descripcion=(info.description or "") if info is not None else "",
                obligatorio=bool(info is not None and info.is_required()))
    origen = typing.get_origin(tipo)
    if isinstance(tipo, type) and issubclass(tipo, BaseModel):
        return Nodo("grupo", hijos=_hijos(tipo, valor if isinstance(valor, dict) else {}, ruta), **base)
    if origen is list:
        (elemento,) = typing.get_args(tipo) or (str,)
        elemento = _sin_opcional(typing.get_origin(elemento) is typing.Annotated and typing.get_args(elemento)[0]
                                 or elemento)
        if isinstance(elemento, type) and issubclass(elemento, BaseModel):
            lista = valor if isinstance(valor, list) else []
            hijos = [Nodo("grupo", nombre=f"{nombre}.{i}", campo=_campo(ruta + (i,)), titulo=f"{i + 1}",
                          hijos=_hijos(elemento, v if isinstance(v, dict) else {}, ruta + (i,)))
                     for i, v in enumerate(lista)]
            plantilla = Nodo("grupo", nombre=f"{nombre}.__i__", campo=_campo(ruta + ("__i__",)), titulo="nuevo elemento",
                             hijos=_hijos(elemento, {}, ruta + ("__i__",)))
            return Nodo("lista", hijos=hijos, plantilla=plantilla, **base)
        lineas = valor if isinstance(valor, list) else []
        clase = "ids" if nombre_campo in ("fundamentos", "en_relacion_con", "categorias") else "lineas"
        return Nodo(clase, valor="\n".join(str(v) for v in lineas), **base)
    if origen is dict:
        import yaml

        texto = yaml.safe_dump(valor, allow_unicode=True, sort_keys=False, default_flow_style=False) if valor else ""
        return Nodo("variables", valor=texto, **base)
    if origen is Literal:
        return Nodo("opciones", valor="" if valor is None else str(valor),
                    opciones=[str(o) for o in typing.get_args(tipo)], **base)
    if tipo is bool:
        return Nodo("casilla", valor=str(valor).lower() == "true" if valor is not None else False, **base)
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
    import re

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

def _poner(destino: dict, partes: list[str], valor: Any) -> None:
    """Pone el valor en la ruta; los índices quedan como claves y ``_listas`` los ordena."""
    actual: Any = destino
    for parte in partes[:-1]:
        actual = actual.setdefault(parte, {})
    actual[partes[-1]] = valor


def _listas(valor: Any) -> Any:
    """Los diccionarios con claves numéricas se vuelven listas, en orden."""
    if isinstance(valor, dict):
        convertido = {k: _listas(v) for k, v in valor.items()}
        if convertido and all(k.isdigit() for k in convertido):
            return [convertido[k] for k in sorted(convertido, key=int)]
        return convertido
    return valor


def _limpiar(valor: Any) -> Any:
    """Quita lo vacío: un campo sin llenar no se escribe en el expediente."""
    if isinstance(valor, dict):
        limpio = {k: _limpiar(v) for k, v in valor.items()}
        return {k: v for k, v in limpio.items() if v not in (None, "", [], {})}
    if isinstance(valor, list):
        limpio = [_limpiar(v) for v in valor]
        return [v for v in limpio if v not in (None, "", [], {})]
    return valor


def datos_del_formulario(formulario) -> tuple[dict, list[tuple[str, str]]]:
    """(datos del expediente, problemas de conversión como (campo, mensaje))."""
    from ..errores import ErrorDeUsuario
    from ..yaml_lineas import leer_yaml

    problemas: list[tuple[str, str]] = []
    crudo: dict = {}
    clases = {k[len("__clase__."):]: v for k, v in formulario.items() if k.startswith("__clase__.")}
    for nombre in formulario.keys():
        if nombre.startswith("__") or "__i__" in nombre or nombre == "csrf":
            continue
        valores = formulario.getlist(nombre)
        valor = valores[-1] if valores else ""
        clase = clases.get(nombre, "texto")
        if clase == "casilla":
            valor = "true" if "true" in valores else "false"
        elif clase in ("ids", "lineas"):
            separadores = valor.replace(",", "\n") if clase == "ids" else valor
            valor = [linea.strip() for linea in separadores.splitlines() if linea.strip()]
        elif clase == "variables":
            if valor.strip():
                try:
                    leido = leer_yaml(valor, nombre).datos
                except ErrorDeUsuario as exc:
                    problemas.append((nombre, exc.problemas[0].mensaje))
                    continue
                if not isinstance(leido, dict):
                    problemas.append((nombre, "escriba una variable por línea: «nombre: valor»"))
                    continue
                valor = leido
            else:
                valor = {}
        else:
            valor = valor.replace("\r\n", "\n").strip("\n") if isinstance(valor, str) else valor
        _poner(crudo, nombre.split("."), valor)
    datos = _limpiar(_listas(crudo))
    # Una casilla en «false» y sin nada más en su grupo no debe crear el grupo.
    return datos, problemas


# --- De los datos al YAML (conservando lo editado a mano) ------------------------------

def _escalar(original: Any, valor: Any) -> Any:
    """El valor nuevo, con el tipo del original cuando se puede (una fecha sigue siendo fecha
    y se escribe sin comillas; un valor sin cambios se conserva tal cual)."""
    import re

    from ruamel.yaml.scalarstring import LiteralScalarString

    if not isinstance(valor, str):
        return valor
    if valor in ("true", "false"):
        return valor == "true"
    if original is not None and not isinstance(original, (dict, list)):
        texto = original.isoformat() if isinstance(original, _dt.date) else str(original)
        if texto.rstrip("\n") == valor.rstrip("\n"):
            return original
        if isinstance(original, int) and not isinstance(original, bool) and re.fullmatch(r"-?\d+", valor):
            return int(valor)
    if original is None and re.fullmatch(r"[1-9]\d{0,8}", valor):
        return int(valor)  # un número nuevo (fojas, años) se escribe como número; «0001» sigue como texto
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor):
        try:
            return _dt.date.fromisoformat(valor)
        except ValueError:
            return valor  # la validación dirá que la fecha no existe
    if "\n" in valor:
        return LiteralScalarString(valor.rstrip("\n") + "\n")
    if len(valor) > 100:
        from ruamel.yaml.scalarstring import FoldedScalarString

        return FoldedScalarString(valor)  # un párrafo largo, en líneas cortas legibles («>-»)
    return valor


def aplicar(original: Any, nuevo: Any) -> Any:
    """Escribe ``nuevo`` sobre ``original`` (estructuras de ruamel) conservando comentarios."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(nuevo, dict):
        destino = original if isinstance(original, CommentedMap) else CommentedMap()
        for clave in list(destino.keys()):
            if clave not in nuevo:
                del destino[clave]
        for clave, valor in nuevo.items():
            if valor == "false" and clave not in destino:
                continue  # una casilla sin marcar no añade «false» a un archivo que no lo tenía
            destino[clave] = aplicar(destino.get(clave), valor)
        return destino
    if isinstance(nuevo, list):
        destino = original if isinstance(original, CommentedSeq) else CommentedSeq()
        for i, valor in enumerate(nuevo):
            if i < len(destino):
                destino[i] = aplicar(destino[i], valor)
            else:
                destino.append(aplicar(None, valor))
        del destino[len(nuevo):]
        return destino
    return _escalar(original, nuevo)


def yaml_actualizado(texto_original: str, datos: dict) -> str:
    """El texto del expediente con los datos nuevos, conservando comentarios y orden."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 92
    yaml.indent(mapping=2, sequence=4, offset=2)  # el estilo de los expedientes del proyecto
    original = yaml.load(texto_original) if texto_original.strip() else None
    documento = aplicar(original, datos)
    salida = io.StringIO()
    yaml.dump(documento, salida)
    return salida.getvalue()
