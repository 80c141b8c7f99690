"""El comando ``resoluciones`` y la tabla de sus subcomandos (cada uno en su módulo)."""

from __future__ import annotations

import atexit
import gc

import click

from .. import __version__
from .espanol import instalar as _espanol
from .grupo import CONTEXTO, Grupo

_espanol()
# Al salir, Python pasa el recolector de basura por cada objeto vivo (en «generar», ~0.1 s:
# más que el trabajo). Congelarlos antes (gc.freeze) se lo ahorra sin saltarse nada: las
# salidas ya se escribieron de forma atómica y los demás atexit (el registro, los LibreOffice
# calientes) corren igual; os._exit sí se los saltaría.
atexit.register(gc.freeze)

@click.group(cls=Grupo, context_settings=CONTEXTO)
@click.version_option(__version__, "-V", "--version", prog_name="resoluciones",
                      message="%(prog)s, versión %(version)s")
def principal() -> None:
    """Genera resoluciones de Comités de Transparencia en Word a partir de un
    expediente YAML y del catálogo de fundamentos.

    \b
    Ejemplos:
      resoluciones generar samples/cta-40418.yaml
      resoluciones validar samples/cta-40418.yaml
      resoluciones fecha 2018-11-21 --mayusculas
      resoluciones esquema > expediente.schema.json
    """


principal.perezosos.update({
    "generar": ("generador.cli.generar", "generar"),
    "validar": ("generador.cli.validar", "validar"),
    "fecha": ("generador.cli.fecha", "fecha"),
    "nuevo": ("generador.cli.nuevo", "nuevo"),
    "servir": ("generador.cli.servir", "servir"),
    "esquema": ("generador.cli.esquema", "esquema"),
    "catalogo": ("generador.cli.catalogo", "catalogo"),
    "lote": ("generador.cli.lote", "lote"),
    "plantillas": ("generador.cli.plantillas", "plantillas"),
    "leyenda": ("generador.cli.leyenda", "leyenda"),
    "version-publica": ("generador.cli.version_publica", "version_publica"),
    "indice": ("generador.cli.indice", "indice"),
    "vencimientos": ("generador.cli.vencimientos", "vencimientos"),
    "desclasificar": ("generador.cli.desclasificar", "desclasificar"),
    "prorrogar": ("generador.cli.prorrogar", "prorrogar"),
    "registro": ("generador.cli.registro", "registro"),
    "perfil": ("generador.cli.perfil", "perfil"),
    "usuarios": ("generador.cli.usuarios", "usuarios"),
    "firmar": ("generador.cli.firmar", "firmar"),
    "verificar": ("generador.cli.firmar", "verificar"),
    "bitacora": ("generador.cli.bitacora", "bitacora"),
})


def main() -> None:
    """El programa ``resoluciones`` (y ``python -m generador``). A diferencia de llamar a
    ``principal`` desde otro programa o una prueba, aquí ``generar`` y ``validar`` piden la
    base ligera de los modelos (``generador.modelos``): el proceso es suyo y lo que se espera
    es el arranque en frío."""
    principal.ligeros = frozenset({"generar", "validar"})
    principal(prog_name="resoluciones")
