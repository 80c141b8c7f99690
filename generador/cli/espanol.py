"""Mensajes de Click en español.

Click marca sus mensajes con ``gettext`` («Usage:», «Missing argument»…), pero no
trae traducciones. Cada módulo de Click toma ``_`` como variable global al
importarse; aquí se sustituye por una función que busca la traducción en esta
tabla y, si no la encuentra, deja el mensaje original.
"""

from __future__ import annotations

import click

TRADUCCIONES = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Error: {message}": "Error: {message}",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing command.": "Falta el comando.",
    "Missing {param_type}": "Falta {param_type}",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "argument": "el argumento",
    "option": "la opción",
    "parameter": "el parámetro",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option: {name}": "No existe la opción: {name}",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Possible options: {possibilities})": "(Opciones posibles: {possibilities})",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Option {name!r} requires an argument.": "La opción {name!r} necesita un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción {name!r} necesita {nargs} valores.",
    "Got unexpected extra argument ({args})": "Sobra un argumento ({args})",
    "Got unexpected extra arguments ({args})": "Sobran argumentos ({args})",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "integer": "número entero",
    "float": "número decimal",
    "{value} is not in the range {range}.": "{value} está fuera del intervalo {range}.",
    "{value!r} is not one of {choices}.": "{value!r} no es una de estas opciones: {choices}.",
    "{value!r} is not {choice}.": "{value!r} no es {choice}.",
    "{value!r} is not a valid boolean.": "{value!r} no es un valor lógico válido.",
    # Click pone delante «Path», «Directory» o «File» en inglés (y con .title()): el
    # mensaje en español prescinde de ese nombre.
    "{name} {filename!r} does not exist.": "{filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{filename!r} es una carpeta, no un archivo.",
    "{name} {filename!r} is a file.": "{filename!r} es un archivo, no una carpeta.",
    "{name} {filename!r} is not readable.": "{filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{filename!r} no se puede escribir.",
    "File": "El archivo",
    "Directory": "La carpeta",
    "Path": "La ruta",
    "Could not open file {filename!r}: {message}": "No se pudo abrir el archivo {filename!r}: {message}",
    "Aborted!": "Cancelado.",
    "default: {default}": "predeterminado: {default}",
    "required": "obligatorio",
    "env var: {var}": "variable de entorno: {var}",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    # Click 8.2 y posteriores: varias sugerencias, rangos, confirmaciones y otros tipos.
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir una de estas?: {possibilities})",
    "integer range": "número entero",
    "float range": "número decimal",
    "boolean": "valor lógico",
    "text": "texto",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "unknown error": "error desconocido",
    "deprecated": "obsoleto",
    "Value must be an iterable.": "El valor debe ser una lista.",
    "Takes {nargs} values but 1 was given.": "Lleva {nargs} valores, pero se dio 1.",
    "Takes {nargs} values but {len} were given.": "Lleva {nargs} valores, pero se dieron {len}.",
    "Argument {name!r} takes {nargs} values.": "El argumento {name!r} lleva {nargs} valores.",
    "{len_type} values are required, but {len_value} was given.":
        "Se necesitan {len_type} valores, pero se dio {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "Se necesitan {len_type} valores, pero se dieron {len_value}.",
    "{name} {filename!r} is not executable.": "{filename!r} no se puede ejecutar.",
    "{value!r} does not match the format {format}.": "{value!r} no tiene el formato {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} no tiene ninguno de los formatos {formats}.",
    "{value!r} is not a valid UUID.": "{value!r} no es un UUID válido.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} no es un valor lógico válido. Valores posibles: {states}",
    "Confirm the action without prompting.": "Confirma la acción sin preguntar.",
    "Do you want to continue?": "¿Quiere continuar?",
    "Repeat for confirmation": "Repítalo para confirmar",
    "Error: The two entered values do not match.": "Error: los dos valores no coinciden.",
    "Error: invalid input": "Error: valor no válido",
    "Press any key to continue...": "Pulse una tecla para continuar…",
}


def _traducir(mensaje: str) -> str:
    return TRADUCCIONES.get(mensaje, mensaje)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _traducir(singular if n == 1 else plural)


def instalar() -> None:
    """Pone los mensajes de Click en español (idempotente)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for modulo in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types,
                   click.termui):
        if hasattr(modulo, "_"):
            modulo._ = _traducir
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = _ngettext
    # El nombre de cada tipo va tal cual en los mensajes («'cero' no es un {number_type}
    # válido»: Click no lo pasa por gettext) y, en mayúsculas, en la ayuda de una opción sin
    # metavar: se le da su nombre en español.
    for tipo in (click.types.IntParamType, click.types.FloatParamType, click.types.IntRange, click.types.FloatRange,
                 click.types.BoolParamType, click.types.StringParamType):
        tipo.name = _traducir(tipo.name)


__all__ = ["instalar", "click"]
