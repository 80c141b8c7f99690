"""Utilidades comunes de las pruebas."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

RAIZ = Path(__file__).resolve().parent.parent
MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
DATOS = Path(__file__).resolve().parent / "datos"


@pytest.fixture
def cli():
    """Ejecuta ``resoluciones`` en proceso; devuelve (código, salida, errores)."""
    from generador.cli import principal

    def ejecutar(*args: str, entrada: str | None = None):
        runner = CliRunner()
        resultado = runner.invoke(principal, list(args), input=entrada, prog_name="resoluciones")
        if resultado.exception and not isinstance(resultado.exception, SystemExit):
            raise resultado.exception
        return resultado.exit_code, resultado.stdout, resultado.stderr

    return ejecutar


@pytest.fixture
def muestra_texto() -> str:
    return MUESTRA.read_text(encoding="utf-8")


def texto_docx(datos: bytes) -> str:
    """Texto del cuerpo de un .docx, un párrafo por línea."""
    import docx

    documento = docx.Document(io.BytesIO(datos))
    return "\n".join(p.text for p in documento.paragraphs)
