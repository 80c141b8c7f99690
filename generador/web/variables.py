"""Las variables de una cláusula, cada una con el campo que corresponde a su tipo.

El catálogo declara las variables de cada cláusula con su tipo (texto, fundamentos, fecha,
entero, unidad, lógico): la página dibuja un campo por variable en lugar de pedir líneas
«nombre: valor», que quien redacta no tiene por qué conocer. Lo que no cabe en esos
campos (una variable que la cláusula no declara, un valor con otra forma) va junto, en
«Otros valores», para que guardar no lo pierda.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

from .envio import OTRAS
from .formulario import TITULOS_DE_LA_PAGINA, Nodo, para_la_pagina

_NOMBRE = re.compile(r"^[a-z_][a-z0-9_]{0,60}$")
# La clase de campo para cada tipo de variable del catálogo.
_CLASE = {"texto": "parrafos", "fundamentos": "ids", "fecha": "fecha", "entero": "numero", "unidad": "unidad",
          "logico": "sino"}


def _cabe(tipo: str, valor: Any) -> bool:
    """Si el valor se puede mostrar en el campo de su tipo sin cambiarlo."""
    if valor is None:
        return True
    if tipo == "fundamentos":
        return isinstance(valor, str) or (isinstance(valor, list) and all(isinstance(v, str) and "\n" not in v
                                                                           for v in valor))
    if tipo == "fecha":
        return isinstance(valor, (_dt.date, str)) and not isinstance(valor, _dt.datetime)
    if tipo == "entero":
        return isinstance(valor, int) and not isinstance(valor, bool)
    if tipo == "logico":
        return isinstance(valor, bool)
    return isinstance(valor, str)


def _mostrar(tipo: str, valor: Any) -> Any:
    if valor is None:
        return ""
    if tipo == "fundamentos":
        return valor if isinstance(valor, str) else "\n".join(valor)
    if tipo == "logico":
        return "si" if valor else "no"
    return str(valor)


def campos_de_variables(base: Nodo, clausula, valores: dict) -> Nodo:
    """El grupo de campos de las variables de ``clausula`` con sus ``valores``."""
    restantes = dict(valores)
    hijos = []
    for nombre, variable in clausula.variables.items():
        if not _NOMBRE.match(nombre) or not _cabe(variable.tipo, restantes.get(nombre)):
            continue
        valor = restantes.pop(nombre, None)
        hijos.append(Nodo(_CLASE.get(variable.tipo, "parrafos"), nombre=f"{base.nombre}.{nombre}",
                          campo=f"{base.campo}.{nombre}", titulo=TITULOS_DE_LA_PAGINA.get(nombre) or nombre.replace("_", " ").capitalize(),
                          descripcion=para_la_pagina(variable.descripcion) + (" Si la deja vacía, se usa la que corresponde a la "
                                                              "fecha de la resolución." if variable.por_fecha else ""),
                          valor=_mostrar(variable.tipo, valor),
                          obligatorio=variable.obligatoria and not variable.por_fecha,
                          opciones=["si", "no"] if variable.tipo == "logico" else []))
    otras = yaml.safe_dump(restantes, allow_unicode=True, sort_keys=False, default_flow_style=False,
                           width=10**6) if restantes else ""
    hijos.append(Nodo("otras", nombre=f"{base.nombre}.{OTRAS}", campo=base.campo, titulo="Otros valores",
                      descripcion="Valores que esta cláusula no usa; uno por línea, «nombre: valor». Se conservan "
                                  "al guardar; bórrelos si ya no sirven.", valor=otras))
    return Nodo("variables_tipadas", nombre=base.nombre, campo=base.campo, titulo="Datos de la cláusula",
                descripcion=clausula.titulo, valor=clausula.id, hijos=hijos)


def titular(arbol: list[Nodo], clausulas: dict) -> None:
    """Da a cada lista de cláusulas (también en la plantilla de añadir) el título de cada una:
    quien redacta reconoce «Confirma la clasificación», no «resolutivo.confirma_clasificacion».
    El id sigue siendo el valor que se guarda y va entre paréntesis, como en el catálogo."""
    for nodo in arbol:
        if nodo.clase == "clausula":
            nodo.etiquetas = {id_: f"{clausulas[id_].titulo} ({id_})" for id_ in nodo.opciones if id_ in clausulas}
        titular(nodo.hijos, clausulas)
        if nodo.plantilla is not None:
            titular([nodo.plantilla], clausulas)


def tipar(arbol: list[Nodo], clausulas: dict) -> list[Nodo]:
    """Cambia cada campo «variables» cuya cláusula hermana está en el catálogo por sus campos,
    y pone a cada lista de cláusulas sus títulos (``titular``)."""
    titular(arbol, clausulas)
    return _tipar(arbol, clausulas)


def _tipar(arbol: list[Nodo], clausulas: dict) -> list[Nodo]:
    for nodo in arbol:
        if nodo.clase not in ("grupo", "lista"):
            continue
        hermanos = {h.nombre.rsplit(".", 1)[-1]: h for h in nodo.hijos}
        elegida = hermanos.get("clausula")
        variables = hermanos.get("variables")
        clausula = clausulas.get(elegida.valor) if elegida is not None and elegida.valor else None
        if clausula is not None and variables is not None and variables.clase == "variables":
            valores = yaml.safe_load(variables.valor) if variables.valor else {}
            if isinstance(valores, dict) and all(isinstance(k, str) for k in valores):
                nodo.hijos[nodo.hijos.index(variables)] = campos_de_variables(variables, clausula, valores)
        _tipar(nodo.hijos, clausulas)
    return arbol


def unidades_de(datos: dict) -> list[str]:
    """Las unidades que el caso ya nombra (respuestas y clasificaciones): las que se ofrecen
    al llenar una variable de tipo unidad."""
    vistas: list[str] = []
    for seccion in ("respuestas", "clasificaciones"):
        for elemento in datos.get(seccion) or []:
            unidad = elemento.get("unidad") if isinstance(elemento, dict) else None
            if isinstance(unidad, str) and unidad.strip() and unidad not in vistas:
                vistas.append(unidad)
    return vistas
