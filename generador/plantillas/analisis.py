"""Lo que una plantilla intenta fuera de la lista de lo permitido, visto sin ejecutarla.

El entorno aislado (``sandbox.py``) rechaza al renderizar todo lo que no está en su lista;
esto lo encuentra antes, en el árbol de Jinja, para que ``plantillas validar`` y
``catalogo validar`` digan de una carpeta recibida de otra institución qué línea intenta
qué: atributos internos (``__class__``, ``_algo``), métodos de los modelos de pydantic
(``parse_raw``, ``model_dump``…), llamadas a métodos que no están en la lista y
``include``/``import`` con rutas que salen de la carpeta.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import nodes
from pydantic import BaseModel

from .contexto import METODOS_PERMITIDOS
from .sandbox import ATRIBUTOS_PERMITIDOS

# Los nombres públicos de un modelo de pydantic y del interior de Python: nunca son datos.
_INTERNOS = frozenset(n for n in dir(BaseModel) if not n.startswith("_")) | frozenset({
    "mro", "format", "format_map", "func_globals", "f_globals", "f_locals", "f_back", "f_code", "gi_frame",
    "gi_code", "cr_frame", "tb_frame", "tb_next", "im_func", "im_self", "func_code", "func_closure",
})
# Métodos que una plantilla puede llamar: los de los tipos básicos, los de los modelos
# en la lista de ``contexto.py`` y los de los objetos de Jinja (loop, cycler).
_METODOS = (frozenset().union(*ATRIBUTOS_PERMITIDOS.values()) | frozenset().union(*METODOS_PERMITIDOS.values())
            | frozenset({"cycle", "changed", "next", "reset"}))


def usos_no_permitidos(arbol: nodes.Template) -> list[tuple[str, int]]:
    """(mensaje, línea relativa) de cada uso que el entorno aislado rechazaría."""
    # Los nombres de {% import … as m %} y «self» llevan macros y bloques: se pueden llamar.
    modulos = {n.target for n in arbol.find_all(nodes.Import)} | {"self"}
    hallazgos: list[tuple[str, int]] = []
    for nodo in arbol.find_all(nodes.Getattr):
        if nodo.attr.startswith("_") or nodo.attr in _INTERNOS:
            hallazgos.append((f"usa «{nodo.attr}», que es interior de Python o de pydantic y no un dato; "
                              "las plantillas no pueden usarlo", nodo.lineno))
    for nodo in arbol.find_all(nodes.Getitem):
        if isinstance(nodo.arg, nodes.Const) and isinstance(nodo.arg.value, str) and nodo.arg.value.startswith("_"):
            hallazgos.append((f"usa «{nodo.arg.value}», que es interior de Python; las plantillas no pueden usarlo",
                              nodo.lineno))
    for nodo in arbol.find_all(nodes.Call):
        metodo = nodo.node
        if not isinstance(metodo, nodes.Getattr) or metodo.attr.startswith("_") or metodo.attr in _INTERNOS:
            continue  # lo de arriba ya lo informó; una función por nombre se revisa como variable
        if isinstance(metodo.node, nodes.Name) and metodo.node.name in modulos:
            continue
        if metodo.attr not in _METODOS:
            hallazgos.append((f"llama a «{metodo.attr}()», que no está en la lista de lo que una plantilla "
                              "puede llamar", nodo.lineno))
    for nodo in arbol.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        nombre = nodo.template.value if isinstance(nodo.template, nodes.Const) else None
        if isinstance(nombre, str) and (os.path.isabs(nombre) or ".." in Path(nombre).parts):
            hallazgos.append((f"usa la plantilla «{nombre}», fuera de su carpeta", nodo.lineno))
    return sorted(set(hallazgos), key=lambda h: (h[1], h[0]))


def enlaces_que_salen(carpeta: Path) -> list[tuple[Path, str]]:
    """Los enlaces simbólicos de la carpeta que apuntan fuera de ella: (enlace, destino)."""
    base = os.path.realpath(carpeta)
    salida = []
    for raiz, directorios, archivos in os.walk(carpeta, followlinks=False):
        for nombre in [*directorios, *archivos]:
            ruta = Path(raiz) / nombre
            if ruta.is_symlink():
                destino = os.path.realpath(ruta)
                if not destino.startswith(base + os.sep):
                    salida.append((ruta, destino))
    return sorted(salida)
