"""El formulario del expediente, generado a partir de los modelos.

* ``nodos``: recorre el modelo pydantic del expediente y arma un árbol de campos
  (grupos, listas que se repiten, textos, fechas, opciones, listas de ids…) con los
  valores del archivo; la página lo dibuja con una macro recursiva.
* ``envio.py`` convierte lo enviado en el diccionario del expediente, y
  ``ida_y_vuelta.py`` lo escribe sobre el YAML original sin perder lo que la página no
  muestra.
"""

from __future__ import annotations

import datetime as _dt
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from ..expediente import Expediente
from ..expediente import titulo_de_campo as _titulo_del_modelo
from ..expediente.yaml_lineas import formatear_ruta
from ..modelos.base import BaseModel

# Campos de texto largo (con formato ligero: párrafos, viñetas, **negritas**).
MULTILINEA = {
    "texto", "descripcion", "motivacion", "razones", "criterios", "lugares", "informacion", "riesgo_real",
    "interes_publico", "proporcionalidad", "instruccion", "determinacion", "razones_periodo", "partes_reservadas",
    "justificacion_garante",
}
# Títulos que el nombre del campo no da bien (sin acentos o a medias): en la página se leen
# como en la ley, no como la clave del archivo.
TITULOS_DE_LA_PAGINA = {
    "ponderacion": "Ponderación", "razones_periodo": "Razones del plazo de reserva",
    "servidores_publicos": "Son datos de personas servidoras públicas", "propuesta_area": "Lo que propuso el área",
    "partes_reservadas": "Partes reservadas", "justificacion_garante": "Justificación de la autoridad garante",
    "excepciones_vigencia": "Fundamentos citados fuera de su vigencia", "ubicacion": "Ubicación",
    "regimen": "Régimen", "tipo_clasificacion": "Tipo de clasificación", "elaboro": "Iniciales de quien elaboró",
    "areas": "Áreas", "ampliacion_reserva": "Ampliación del periodo de reserva", "autoridad_garante": "Autoridad garante",
    "fecha_clasificacion": "Fecha de la clasificación", "subsisten_causas": "Subsisten las causas",
    "vencimiento_original": "Vencimiento original", "nuevo_vencimiento": "Nuevo vencimiento",
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
    # Lo que la lista muestra de cada opción cuando el id no basta («Título (id)» de una cláusula).
    etiquetas: dict[str, str] = field(default_factory=dict)
    hijos: list["Nodo"] = field(default_factory=list)
    plantilla: "Nodo | None" = None  # para añadir un elemento a una lista
    # Un grupo o una lista opcional que el caso no usa: la página lo muestra plegado, para que
    # los campos de lo que casi nunca se llena no tapen los del caso.
    plegado: bool = False
    por_que_plegado: str = "opcional; el caso no lo usa todavía"
    secundario: bool = False  # va en «Más datos» de su grupo
    usado: bool = False  # un secundario con un valor que no es el de siempre


# Grupos cuyos campos son formas alternativas de decir lo mismo: la ayuda dice cuál llenar.
AYUDAS_DE_GRUPO = {
    "prueba_de_dano": "Obligatoria si es reservada. Llene una sola de tres formas: elija una cláusula del catálogo "
                      "y escriba sus datos; o, si la unidad la dio en su respuesta, diga qué unidad la señaló (y "
                      "dónde, si no es su respuesta); o escriba sus tres partes (riesgo real, interés público y "
                      "proporcionalidad).",
}


def _sin_opcional(tipo: Any) -> Any:
    origen = typing.get_origin(tipo)
    if origen in (typing.Union, types.UnionType):
        argumentos = [a for a in typing.get_args(tipo) if a is not type(None)]
        if len(argumentos) == 1:
            return argumentos[0]
        return tipo
    return tipo


def para_la_pagina(descripcion: str) -> str:
    """La ayuda del modelo, dicha para quien llena la página: sin hablar del archivo YAML ni
    de «true» y «false», que en la página son una casilla o un «Sí» y un «No»."""
    texto = re.sub(r"\s*\((?:en el archivo YAML|en YAML)[^)]*\)", "", descripcion)
    texto = re.sub(r"\s*\((?:true|false)\)", "", texto)
    texto = re.sub(r"«[a-z_]+: true»", "esa opción activada", texto)
    texto = re.sub(r"\btrue (para|si)\b", r"márquelo \1", texto)
    texto = re.sub(r"\bfalse (para|si)\b", r"desmárquelo \1", texto)
    return texto[:1].upper() + texto[1:] if texto else texto


def _titulo(nombre: str) -> str:
    return TITULOS_DE_LA_PAGINA.get(nombre) or _titulo_del_modelo(nombre)


def nombre_de_campo(ruta: tuple) -> str:
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


def _nodo(nombre_campo: str, info, tipo: Any, valor: Any, ruta: tuple, en_grupo_ausente: bool = False) -> Nodo:
    tipo = _sin_opcional(tipo)
    nombre = ".".join(str(p) for p in ruta)
    # Dentro de un grupo opcional que el archivo no trae, nada es obligatorio: una lista de
    # opciones sin la opción vacía mandaría su primera opción y crearía el grupo al guardar
    # sin cambios (un «propuesta_area: {tipo: reservada}» que nadie escribió).
    base = dict(nombre=nombre, campo=nombre_de_campo(ruta), titulo=_titulo(nombre_campo),
                descripcion=para_la_pagina(info.description or "") if info is not None else "",
                obligatorio=bool(info is not None and info.is_required()) and not en_grupo_ausente)
    origen = typing.get_origin(tipo)
    if isinstance(tipo, type) and issubclass(tipo, BaseModel):
        if valor is not None and not isinstance(valor, dict):
            return _intocable(base, valor)
        ausente = valor is None and not base["obligatorio"]
        if nombre_campo in AYUDAS_DE_GRUPO:
            base["descripcion"] = AYUDAS_DE_GRUPO[nombre_campo]
        return Nodo("grupo", hijos=_hijos(tipo, valor or {}, ruta, en_grupo_ausente or ausente),
                    plegado=ausente and not en_grupo_ausente, **base)
    if origen is list:
        (elemento,) = typing.get_args(tipo) or (str,)
        elemento = _sin_opcional(typing.get_origin(elemento) is typing.Annotated and typing.get_args(elemento)[0]
                                 or elemento)
        if valor is not None and not isinstance(valor, list):
            return _intocable(base, valor)
        if isinstance(elemento, type) and issubclass(elemento, BaseModel):
            lista = valor or []
            hijos = [Nodo("grupo", nombre=f"{nombre}.{i}", campo=nombre_de_campo(ruta + (i,)), titulo=f"{i + 1}",
                          hijos=_hijos(elemento, v, ruta + (i,))) if isinstance(v, dict) else
                     _intocable(dict(nombre=f"{nombre}.{i}", campo=nombre_de_campo(ruta + (i,)), titulo=f"{i + 1}"), v)
                     for i, v in enumerate(lista)]
            plantilla = Nodo("grupo", nombre=f"{nombre}.__i__", campo=nombre_de_campo(ruta + ("__i__",)), titulo="nuevo elemento",
                             hijos=_hijos(elemento, {}, ruta + ("__i__",)))
            return Nodo("lista", hijos=hijos, plantilla=plantilla,
                        plegado=not lista and not base["obligatorio"] and not en_grupo_ausente, **base)
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
        base["descripcion"] = ("Qué dice este resolutivo: al elegirlo, debajo aparecen su título y los datos que "
                               "pide." if tipo_clausula == "resolutivo" else
                               "La prueba de daño redactada del catálogo: al elegirla, debajo aparecen su título y "
                               "los datos de este caso que pide.")
        return Nodo("clausula", valor="" if valor is None else str(valor),
                    opciones=CLAUSULAS.get(tipo_clausula, []), **base)
    clase = "parrafos" if nombre_campo in MULTILINEA else "texto"
    if nombre_campo == "texto" and ruta[0] in ("solicitudes", "respuestas"):
        base["descripcion"] += (" Si lo pega con «...» al final (o «(…)» al principio), como en el original, la "
                                "página quita los puntos y marca la casilla de la omisión.")
    return Nodo(clase, valor="" if valor is None else str(valor), **base)


# Campos que casi nunca se llenan en cada elemento de una lista: van juntos en «Más datos»,
# plegado salvo que alguno tenga un valor distinto del de siempre.
SECUNDARIOS = {
    "Firmante": {"suplente", "genero_cargo", "orden", "integrante", "voto", "genero", "cargo_propio",
                 "fundamentos"},
    "Respuesta": {"genero", "omision_inicial", "sic"},
    "Solicitud": {"omision_inicial", "sic"},
}


def _hijos(modelo: type[BaseModel], datos: dict, ruta: tuple, en_grupo_ausente: bool = False) -> list[Nodo]:
    hijos = []
    secundarios = SECUNDARIOS.get(modelo.__name__, set())
    for nombre, info in modelo.model_fields.items():
        valor = datos.get(nombre)
        hijo = _nodo(nombre, info, info.annotation, valor, ruta + (nombre,), en_grupo_ausente)
        if nombre in secundarios:
            hijo.secundario = True
            hijo.usado = valor not in (None, "", []) and valor != info.default
        hijos.append(hijo)
    return hijos


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
        if nodo.nombre in ("institucion", "tipo") and nodo.valor:
            # Se eligieron al crear el caso: a la vista, pero sin ocupar el primer lugar del paso.
            nodo.plegado, nodo.por_que_plegado = True, f"«{nodo.valor}», elegido al crear el caso"
        salida.append(nodo)
    _plegar_lo_de_otro_tipo(salida)
    return salida


# Campos de una clasificación que solo sirven para un tipo: vacíos en el otro, van plegados.
_SOLO_DE_TIPO = {
    "reservada": {"periodo_reserva", "prueba_de_dano", "razones_periodo", "partes_reservadas",
                  "manifiesta_excepciones", "ampliacion_reserva"},
    "confidencial": {"categorias", "servidores_publicos"},
}


def _vacio(nodo: Nodo) -> bool:
    if nodo.hijos:
        return all(_vacio(h) for h in nodo.hijos)
    return nodo.valor in (None, "", False) or nodo.clase == "lista"


def _plegar_lo_de_otro_tipo(arbol: list[Nodo]) -> None:
    """En una clasificación reservada, lo que es de la confidencial (y al revés) se pliega si
    está vacío: se ve que existe, pero no se confunde con lo que hay que llenar."""
    for lista in arbol:
        if lista.nombre != "clasificaciones":
            continue
        for elemento in lista.hijos:
            tipo = next((h.valor for h in elemento.hijos if h.nombre.endswith(".tipo")), "")
            for otro, campos in _SOLO_DE_TIPO.items():
                if tipo in _SOLO_DE_TIPO and tipo != otro:
                    for hijo in elemento.hijos:
                        if hijo.nombre.rsplit(".", 1)[-1] in campos and _vacio(hijo):
                            hijo.plegado, hijo.por_que_plegado = True, f"solo si la información es {otro}"


def campo_mas_cercano(campo: str, existentes: set[str]) -> str:
    """El campo de la página donde mostrar un hallazgo: el suyo o el ancestro más cercano."""
    ruta = campo
    while ruta and ruta not in existentes:
        cortes = [m.start() for m in re.finditer(r"[.\[]", ruta)]
        ruta = ruta[:cortes[-1]] if cortes else ""
    return ruta


def fecha_valida(valor: str) -> bool:
    """Si el campo de fecha puede ser un selector de fecha del navegador (que borraría un
    valor que no es una fecha: ese se muestra como texto, para corregirlo sin perderlo)."""
    try:
        return valor == "" or bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor) and _dt.date.fromisoformat(valor))
    except ValueError:
        return False


def campos_de(arbol: list[Nodo]) -> set[str]:
    salida: set[str] = set()
    for nodo in arbol:
        salida.add(nodo.campo)
        salida |= campos_de(nodo.hijos)
    return salida


# --- Del formulario a los datos -------------------------------------------------------
