"""Utilidades comunes de las pruebas."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

RAIZ = Path(__file__).resolve().parent.parent
MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
DATOS = Path(__file__).resolve().parent / "datos"

# El registro de resoluciones (issue 16): las pruebas nunca escriben en la carpeta de datos
# del usuario. Todo lo que genera (generar, lote, la página) se registra en un SQLite
# temporal de esta corrida, que heredan los subprocesos; las pruebas del registro usan el
# suyo (tests/test_registro*.py).
_REGISTRO_TEMPORAL = tempfile.mkdtemp(prefix="resoluciones-registro-pruebas-")
os.environ["RESOLUCIONES_REGISTRO"] = os.path.join(_REGISTRO_TEMPORAL, "registro.sqlite3")
os.environ.pop("RESOLUCIONES_SIN_REGISTRO", None)
atexit.register(shutil.rmtree, _REGISTRO_TEMPORAL, ignore_errors=True)


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


def procesos_vivos(*, padre: int | None = None, grupo: int | None = None) -> list[int]:
    """Procesos vivos (no zombis), leídos de /proc, hijos de ``padre`` o del grupo ``grupo``:
    para comprobar que nada queda corriendo tras detener un servidor o un LibreOffice."""
    vivos = []
    for nombre in os.listdir("/proc"):
        if not nombre.isdigit():
            continue
        try:
            campos = Path(f"/proc/{nombre}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if campos[0] == "Z":
            continue
        if (padre is not None and int(campos[1]) == padre) or (grupo is not None and int(campos[2]) == grupo):
            vivos.append(int(nombre))
    return vivos


@pytest.fixture
def cliente(tmp_path):
    """La aplicación web sobre una carpeta de casos con la CTA-40418: (cliente de Flask, carpeta)."""
    from generador.web import crear_app

    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos)
    app.testing = True
    return app.test_client(), casos

