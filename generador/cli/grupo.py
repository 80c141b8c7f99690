"""El grupo de comandos de ``resoluciones``: subcomandos perezosos y errores en español.

Un error de la entrada (``ErrorDeUsuario``) se imprime en español, sin traza de Python,
y sale con su código (2); Ctrl-C sale con 130.
"""

from __future__ import annotations

import importlib

import click

from ..errores import ErrorDeUsuario
from ..modelos.pedido import pedir_ligero

CONTEXTO = {"help_option_names": ["-h", "--ayuda", "--help"], "max_content_width": 100}


class Comando(click.Command):
    """Un subcomando con «[OPCIONES]» en español en su uso."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


class Grupo(click.Group):
    """Grupo que convierte los errores de usuario en un mensaje y código 2."""

    command_class = Comando

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "COMANDO [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)
        # Una tabla por grupo: si fuera de la clase, «registro --help» listaría (y correría)
        # los subcomandos de «resoluciones».
        self.perezosos: dict[str, tuple[str, str]] = {}
        # Los subcomandos que piden la base ligera de los modelos (``principal.main``).
        self.ligeros: frozenset[str] = frozenset()

    # Cada subcomando vive en su módulo y se importa solo cuando se pide (el patrón de
    # grupos perezosos de Click; ``--help`` los importa todos para su resumen):
    # ``generar`` no paga el arranque del lote, la web, las plantillas ni el PDF.

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.perezosos})

    def get_command(self, ctx: click.Context, nombre: str) -> click.Command | None:
        if nombre in self.ligeros:
            pedir_ligero()
        if nombre in self.perezosos and nombre not in self.commands:
            modulo, atributo = self.perezosos[nombre]
            self.add_command(getattr(importlib.import_module(modulo), atributo))
        return super().get_command(ctx, nombre)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ErrorDeUsuario as exc:
            click.echo(f"Error: {exc.texto()}", err=True)
            ctx.exit(exc.codigo_salida)
        except KeyboardInterrupt:
            click.echo("Cancelado.", err=True)
            ctx.exit(130)
