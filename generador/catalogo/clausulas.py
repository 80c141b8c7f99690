"""Las plantillas de las cláusulas del catálogo, revisadas sin ejecutarlas: sintaxis de Jinja,
filtros, variables no declaradas, ids citados que no existen y usos fuera de la lista de lo
permitido (``plantillas/analisis.py``)."""

from __future__ import annotations

import jinja2
from jinja2 import meta, nodes

from ..errores import Problema, Ubicacion
from ..expediente.modelo import Expediente
from ..plantillas.analisis import usos_no_permitidos
from ..plantillas.campos_usados import campos_desconocidos
from ..plantillas.entorno import crear_entorno, mensaje_de_jinja
from ..plantillas.limites import PlantillaNoPermitida
from ..plantillas.mensajes import DEMASIADO_ANIDADA, filtros_y_pruebas_desconocidos
from ..plantillas.perfil import Perfil
from .fundamentos import Catalogo, ids_de_variable
from .modelos import Clausula

# Nombres que toda cláusula puede usar además de sus variables declaradas.
GLOBALES_DE_CLAUSULA = {"exp", "inst", "citar", "fecha_letras"}
# Los que son un modelo: se revisan los campos que la cláusula les pide.
RAICES_DE_CLAUSULA = {"exp": Expediente, "inst": Perfil}


def problemas_de_clausulas(catalogo: Catalogo) -> list[Problema]:
    """Sintaxis de Jinja y variables no declaradas de cada cláusula (y de cada parte)."""
    entorno = crear_entorno()
    problemas = []
    for clausula in catalogo.clausulas.values():
        for parte, texto in clausula.plantillas().items():
            problemas += _problemas_de_plantilla(entorno, catalogo, clausula, parte, texto)
    return problemas


def _problemas_de_plantilla(entorno, catalogo: Catalogo, clausula: Clausula, parte: str,
                            texto: str) -> list[Problema]:
    origen = catalogo.origen[clausula.id]
    linea = catalogo.linea_texto.get(f"{clausula.id}#{parte}", origen.linea or 1)
    try:
        arbol = entorno.parse(texto)
    except jinja2.TemplateSyntaxError as exc:
        return [Problema(f"error de sintaxis de Jinja en la cláusula: {mensaje_de_jinja(exc.message)}",
                         Ubicacion(origen.archivo, linea + (exc.lineno or 1) - 1, clausula.id))]
    except RecursionError:
        return [Problema(f"la cláusula: {DEMASIADO_ANIDADA}", Ubicacion(origen.archivo, linea, clausula.id))]
    except PlantillaNoPermitida as exc:
        return [Problema(f"la cláusula: {exc}", Ubicacion(origen.archivo, linea, clausula.id))]
    desconocidos = filtros_y_pruebas_desconocidos(entorno, arbol)
    if desconocidos:
        # Sin sus filtros, Jinja no puede analizar el resto de la cláusula.
        return [Problema(f"la cláusula {mensaje}", Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id))
                for mensaje, relativa in desconocidos]
    permitidas = set(clausula.variables) | GLOBALES_DE_CLAUSULA
    lineas = texto.splitlines()
    problemas = [Problema(f"la cláusula {mensaje}", Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id))
                 for mensaje, relativa in usos_no_permitidos(arbol) + campos_desconocidos(arbol, RAICES_DE_CLAUSULA)]
    for id_, relativa in _ids_citados(arbol):
        if not catalogo.existe(id_):
            parecidos = catalogo.parecidos(id_)
            sugerencia = f" ¿Quiso decir {', '.join(parecidos)}?" if parecidos else ""
            problemas.append(Problema(f"la cláusula cita «{id_}», que no está en el catálogo.{sugerencia}",
                                      Ubicacion(origen.archivo, linea + (relativa or 1) - 1, clausula.id)))
    for nombre in sorted(meta.find_undeclared_variables(arbol) - permitidas):
        # La primera línea donde aparece el nombre (meta no da posiciones).
        desplazamiento = next((i for i, t in enumerate(lineas) if nombre in t), 0)
        problemas.append(Problema(
            f"la cláusula usa «{nombre}», que no declara en «variables» "
            f"(puede usar: {', '.join(sorted(permitidas))})",
            Ubicacion(origen.archivo, linea + desplazamiento, clausula.id)))
    return problemas


def _ids_citados(arbol) -> list[tuple[str, int]]:
    """Los ids escritos tal cual en ``citar([...])`` dentro de una cláusula, con su línea."""
    citados = []
    for llamada in arbol.find_all(nodes.Call):
        if not (isinstance(llamada.node, nodes.Name) and llamada.node.name == "citar" and llamada.args):
            continue
        argumento = llamada.args[0]
        if isinstance(argumento, nodes.Const) and isinstance(argumento.value, str):
            citados += [(i, llamada.lineno) for i in ids_de_variable(argumento.value)]
        elif isinstance(argumento, (nodes.List, nodes.Tuple)):
            citados += [(e.value, llamada.lineno) for e in argumento.items
                        if isinstance(e, nodes.Const) and isinstance(e.value, str)]
    return citados
