"""Los mensajes de Click que lee quien usa la terminal están en español (``cli/espanol.py``).

Click marca sus mensajes con ``gettext`` pero no trae traducciones; la tabla de aquí los
traduce. Esta prueba lee el código de Click instalado: un mensaje nuevo de una versión nueva
que no esté en la tabla (ni en la lista de los que solo ve quien programa) hace que falle,
en lugar de salir en inglés.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generador.cli.espanol import TRADUCCIONES

# Los que nadie que usa el programa ve: errores de quien declara opciones, el editor, la
# consola de Windows, el autocompletado del shell, colores y flujos.
SOLO_DE_PROGRAMACION = {
    "d", "(dynamic)", "{editor}: Editing failed", "{editor}: Editing failed: {e}", "Windows error: {error}",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Name '{name}' defined twice",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Invalid start character for option ({option})",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Shell completion is not supported for Bash versions older than 4.4.",
    "Unknown color {colour!r}", "Choice({choices})", "Unknown standard stream '{name}'",
}


def _mensajes_de_click() -> set[str]:
    mensajes = set()
    literal = r'"(?:[^"\\]|\\.)*"'
    for archivo in Path(click.__file__).parent.glob("*.py"):
        codigo = archivo.read_text(encoding="utf-8")
        for m in re.finditer(rf"(?<![A-Za-z_.])(?:_|ngettext)\(\s*((?:{literal}\s*)+)(?:,\s*((?:{literal}\s*)+))?",
                             codigo):
            for grupo in m.groups():
                if grupo:
                    texto = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', grupo))
                    mensajes.add(texto.encode("latin-1", "backslashreplace").decode("unicode_escape"))
    return mensajes


def test_cada_mensaje_de_click_tiene_su_traduccion():
    mensajes = _mensajes_de_click()
    assert len(mensajes) > 60  # la lectura del código de Click encontró sus mensajes
    faltan = sorted(mensajes - set(TRADUCCIONES) - SOLO_DE_PROGRAMACION)
    assert faltan == [], f"mensajes de Click sin traducir: {faltan}"


@pytest.mark.parametrize("argumentos, esperado", [
    (("generar", "samples/cta-40418.yaml", "--formatoo", "pdf"), "¿Quiso decir una de estas?"),
    (("lote", "samples", "--procesos", "cero", "-o", "x"), "'cero' no es un número entero válido"),
    (("servir", "--puerto", "abc"), "'abc' no es un número entero válido"),
    (("vencimientos", "--meses", "x"), "'x' no es un número entero válido"),
])
def test_errores_de_opciones_en_espanol(cli, argumentos, esperado):
    codigo, _, errores = cli(*argumentos)
    assert codigo == 2 and esperado in errores, errores
    for ingles in ("Did you mean", "integer", "is not a valid", "range"):
        assert ingles not in errores, errores


def test_la_ayuda_no_muestra_tipos_en_ingles(cli):
    for orden in ("servir", "lote", "vencimientos", "firmar", "generar", "version-publica"):
        codigo, salida, _ = cli(orden, "--help")
        assert codigo == 0
        assert not re.search(r"\b(INTEGER|TEXT|FLOAT|BOOLEAN|RANGE|FILENAME|PATH|DIRECTORY)\b", salida), (orden, salida)


@pytest.mark.parametrize("orden", [("generar", "samples/cta-40418.yaml"), ("indice",), ("lote", "samples"),
                                   ("nuevo", "--institucion", "sre"), ("registro", "exportar")])
def test_salida_vacia_es_un_error_que_lo_dice(cli, orden):
    """«-o ''» era la carpeta actual para Click, y el error nombraba «.»."""
    codigo, _, errores = cli(*orden, "-o", "")
    assert codigo == 2 and "falta el nombre del archivo de salida" in errores, errores
