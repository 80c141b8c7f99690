"""Los errores de Jinja en español, con el archivo y la línea de la plantilla.

Un autor de plantillas no lee trazas de Python ni mensajes de Jinja en inglés: cada
error de sintaxis, variable indefinida, operación no permitida o límite excedido se
convierte en un ``ErrorDeUsuario`` que dice qué pasó y dónde.
"""

from __future__ import annotations

import difflib
import re

import jinja2
from jinja2.sandbox import SecurityError

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from .limites import PlantillaNoPermitida


def _linea_de_plantilla(exc: BaseException) -> tuple[str | None, int | None]:
    """Archivo y línea de la plantilla donde ocurrió el error.

    Jinja reescribe la traza para que sus marcos apunten al archivo de la
    plantilla; se toma el más profundo que no sea código de Python.
    """
    archivo, linea = None, None
    tb = exc.__traceback__
    while tb is not None:
        nombre = tb.tb_frame.f_code.co_filename
        if not nombre.endswith(".py") and nombre != "<template>":
            archivo, linea = nombre, tb.tb_lineno
        elif nombre == "<template>":
            archivo, linea = archivo or "<plantilla>", tb.tb_lineno
        tb = tb.tb_next
    return archivo, linea


_SIMBOLOS = {"end of template": "el final de la plantilla", "end of print statement": "«}}»",
             "end of statement block": "«%}»", "name": "un nombre"}

_MENSAJES_DE_JINJA = [
    (r"No filter named '([^']+)'\.?", lambda m: f"el filtro «{m[1]}» no existe"),
    (r"No test named '([^']+)'(?: found)?\.?", lambda m: f"la prueba «{m[1]}» no existe"),
    (r"(?:Unexpected end of template|Encountered unknown tag '([^']+)')\. Jinja was looking for the following "
     r"tags: .*The innermost block that needs to be closed is '([^']+)'\.",
     lambda m: (f"etiqueta «{m[1]}» inesperada: falta cerrar antes el bloque «{m[2]}» ({{% end{m[2]} %}})" if m[1]
                else f"la plantilla termina sin cerrar el bloque «{m[2]}» (falta {{% end{m[2]} %}})")),
    (r"Encountered unknown tag '([^']+)'\.?", lambda m: f"etiqueta desconocida «{m[1]}»"),
    (r"expected token '([^']+)', got '([^']+)'",
     lambda m: f"se esperaba {_SIMBOLOS.get(m[1], '«' + m[1] + '»')} y se encontró «{m[2]}»"),
    (r"Expected an expression, got '([^']+)'",
     lambda m: f"falta una expresión antes de {_SIMBOLOS.get(m[1], '«' + m[1] + '»')}"),
    (r"unexpected 'end of template'", lambda m: "la plantilla termina con una etiqueta sin cerrar («}}» o «%}»)"),
    (r"unexpected '([^']+)'", lambda m: f"«{m[1]}» inesperado"),
]


def mensaje_de_jinja(mensaje: str | None) -> str:
    """El mensaje de un error de sintaxis de Jinja, en español (el original si no se conoce)."""
    mensaje = mensaje or ""
    for patron, traducir in _MENSAJES_DE_JINJA:
        encontrado = re.fullmatch(patron, mensaje.strip(), flags=re.S)
        if encontrado:
            return traducir(encontrado)
    return mensaje


def filtros_y_pruebas_desconocidos(entorno: jinja2.Environment, arbol: jinja2.nodes.Template) -> list[tuple[str, int]]:
    """(mensaje, línea relativa) de cada filtro o prueba que el entorno no tiene.

    Se revisa sobre el árbol, antes de compilar: Jinja avisa de un filtro desconocido
    solo al compilar (y de una prueba, solo al renderizar), con un mensaje en inglés.
    """
    desconocidos = []
    for clase, disponibles, que in ((jinja2.nodes.Filter, entorno.filters, "el filtro"),
                                    (jinja2.nodes.Test, entorno.tests, "la prueba")):
        for nodo in arbol.find_all(clase):
            if nodo.name in disponibles:
                continue
            parecidos = difflib.get_close_matches(nodo.name, list(disponibles), n=2, cutoff=0.6)
            sugerencia = f"; ¿quiso decir {' o '.join('«' + p + '»' for p in parecidos)}?" if parecidos else ""
            desconocidos.append((f"usa {que} «{nodo.name}», que no existe{sugerencia}", nodo.lineno))
    return desconocidos


def traducir_error(exc: BaseException, origen: str) -> ErrorDeUsuario:
    """Convierte un error de Jinja en un error en español con archivo y línea."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ErrorDeUsuario(Problema(
            f"error de sintaxis en la plantilla: {mensaje_de_jinja(exc.message)}",
            Ubicacion(exc.filename or exc.name or origen, exc.lineno)))
    archivo, linea = _linea_de_plantilla(exc)
    if archivo in (None, "<plantilla>") or archivo.startswith("@memoria/"):  # compilada desde texto (cláusula)
        archivo = origen
    if isinstance(exc, PlantillaNoPermitida):
        return ErrorDeUsuario(Problema(str(exc), Ubicacion(archivo, linea)))
    if isinstance(exc, RecursionError) and not _linea_de_plantilla(exc)[1]:
        return ErrorDeUsuario(Problema(DEMASIADO_ANIDADA, Ubicacion(archivo, linea)))
    if isinstance(exc, RecursionError):
        return ErrorDeUsuario(Problema(
            "la plantilla se llama a sí misma sin fin (una macro recursiva)", Ubicacion(archivo, linea)))
    if isinstance(exc, (OverflowError, MemoryError)):
        return ErrorDeUsuario(Problema(
            "la plantilla calculó un número o un texto demasiado grande", Ubicacion(archivo, linea)))
    if isinstance(exc, ZeroDivisionError):
        return ErrorDeUsuario(Problema("la plantilla divide entre cero", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.UndefinedError):
        mensaje = str(exc.message or exc)
        elemento = re.fullmatch(r"'?([\w.]+) object'? has no element (.+)", mensaje)
        if elemento:  # «x[5]» de una lista corta, «fecha[0]»
            texto = (f"la lista no tiene un elemento en la posición [{elemento[2]}]"
                     if elemento[1] in ("list", "tuple") else
                     f"se quiso tomar el elemento [{elemento[2]}] de {_tipo(elemento[1])}, que no lo tiene")
            return ErrorDeUsuario(Problema(texto, Ubicacion(archivo, linea)))
        nombre = mensaje.split("'")[1] if mensaje.count("'") >= 2 else mensaje
        if "has no attribute" in mensaje:
            partes = mensaje.split("'")
            nombre = partes[-2] if len(partes) >= 4 else nombre
            texto = f"la plantilla usa «{nombre}», que no existe en los datos disponibles"
        else:
            texto = f"la plantilla usa la variable «{nombre}», que no está definida"
        return ErrorDeUsuario(Problema(texto, Ubicacion(archivo, linea)))
    if isinstance(exc, SecurityError):
        return ErrorDeUsuario(Problema(
            f"la plantilla intenta una operación no permitida ({exc}); las plantillas no pueden "
            "acceder al interior de Python", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.TemplateRuntimeError) and str(exc).startswith("No test named"):
        return ErrorDeUsuario(Problema(f"la plantilla usa {mensaje_de_jinja(str(exc))}", Ubicacion(archivo, linea)))
    if isinstance(exc, jinja2.TemplateNotFound):
        nombre = str(exc.name)
        if nombre.startswith(("/", "\\")) or ".." in nombre.replace("\\", "/").split("/") or ":" in nombre[:3]:
            return ErrorDeUsuario(Problema(
                f"la plantilla «{nombre}» está fuera de su carpeta: las plantillas solo pueden usar archivos de su "
                "propia carpeta (rutas relativas a ella, sin «..»)", Ubicacion(archivo, linea)))
        return ErrorDeUsuario(Problema(f"no se encontró la plantilla «{nombre}»", Ubicacion(archivo, linea)))
    return ErrorDeUsuario(Problema(f"error al aplicar la plantilla: {mensaje_de_python(exc)}",
                                   Ubicacion(archivo, linea)))


# Los tipos de los datos que ve una plantilla, como los nombra quien la escribe.
_TIPOS = {"date": "una fecha", "datetime": "una fecha con hora", "int": "un número entero", "float": "un número",
          "Decimal": "un número", "str": "un texto", "Markup": "un texto", "list": "una lista", "tuple": "una lista",
          "dict": "un grupo de datos", "Registro": "un grupo de datos", "NoneType": "un valor vacío",
          "bool": "un sí o no", "Funcion": "una función", "Macro": "una macro", "Undefined": "un valor indefinido",
          "StrictUndefined": "un valor indefinido", "Rango": "un rango", "set": "un conjunto"}


def _tipo(nombre: str) -> str:
    nombre = nombre.rsplit(".", 1)[-1]
    return _TIPOS.get(nombre, f"un valor de tipo «{nombre}»")


_MENSAJES_DE_PYTHON = [
    (re.compile(r"'([\w.]+)' object is not iterable"),
     lambda m: f"se quiso recorrer con «for» (o separar en partes) {_tipo(m[1])}, que no es una lista"),
    (re.compile(r"'([\w.]+)' object is not subscriptable"),
     lambda m: f"se quiso tomar un elemento con «[…]» de {_tipo(m[1])}, que no es una lista ni un grupo de datos"),
    (re.compile(r"'([\w.]+)' object is not callable"),
     lambda m: f"se llamó como función a {_tipo(m[1])}, que no es una función"),
    (re.compile(r"object of type '([\w.]+)' has no len\(\)"),
     lambda m: f"se pidió la longitud de {_tipo(m[1])}, que no tiene"),
    (re.compile(r"unsupported operand type\(s\) for (\S+): '([\w.]+)' and '([\w.]+)'"),
     lambda m: f"no se puede operar «{m[1]}» entre {_tipo(m[2])} y {_tipo(m[3])}"),
    (re.compile(r"can only concatenate (\w+) \(not \"(\w+)\"\) to (\w+)"),
     lambda m: f"no se puede sumar {_tipo(m[2])} a {_tipo(m[1])}; para juntar textos use «~»"),
    (re.compile(r"'(\S+)' not supported between instances of '([\w.]+)' and '([\w.]+)'"),
     lambda m: f"no se puede comparar con «{m[1]}» {_tipo(m[2])} y {_tipo(m[3])}"),
    (re.compile(r"invalid literal for int\(\) with base \d+: (.*)"),
     lambda m: f"«{m[1].strip(chr(39))}» no es un número entero"),
    (re.compile(r"could not convert string to float: (.*)"), lambda m: f"«{m[1].strip(chr(39))}» no es un número"),
    (re.compile(r"(?:list|tuple|string) index out of range"), lambda m: "la lista no tiene un elemento en esa posición"),
]


def mensaje_de_python(exc: BaseException) -> str:
    """El error de Python que provocó una plantilla, en español: los más comunes con lo que
    quiso hacer la plantilla y con qué tipo de dato; los demás, con una frase general y el
    detalle técnico aparte (para quien programa)."""
    texto = str(exc)
    for patron, traducir in _MENSAJES_DE_PYTHON:
        m = patron.search(texto)
        if m:
            return traducir(m)
    if isinstance(exc, KeyError):
        return f"no existe la clave «{texto.strip(chr(39))}»"
    return f"una operación no es válida con esos datos (detalle técnico: {type(exc).__name__}: {texto})"


# Cualquier error al renderizar lo provoca la plantilla (sus datos son del programa, ya
# validados): todos se traducen a un error en español con archivo y línea, nunca una
# traza de Python (``cycler()`` vacío da RuntimeError; «nan»|moneda, InvalidOperation…).
ERRORES_DE_PLANTILLA = (Exception,)

# Jinja lee y compila con recursión: cientos de corchetes anidados agotan la pila de Python.
DEMASIADO_ANIDADA = "la plantilla anida demasiados paréntesis, corchetes o bloques para leerla"
