"""Leer un expediente: de un archivo o de la entrada estándar, en UTF-8, validado.

Un archivo que no existe, una carpeta, un archivo sin permiso o que no está en UTF-8 es un
error en español con el nombre del archivo; el YAML se lee recordando la línea de cada
campo (``yaml_lineas``) para que cada error diga dónde está.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..modelos.base import ValidationError
from ..modelos.guardados import completar
from .modelo import Expediente
from .validacion import problemas_de_validacion
from .yaml_lineas import Documento, leer_yaml


def leer_texto(texto: str, archivo: str) -> tuple[Expediente, Documento]:
    """Lee y valida un expediente desde texto YAML."""
    return validar_documento(leer_yaml(texto, archivo))


def validar_documento(doc: Documento) -> tuple[Expediente, Documento]:
    """Valida los datos ya leídos (de un YAML, o armados desde una fila de una tabla)."""
    archivo = doc.archivo
    if not isinstance(doc.datos, dict):
        raise ErrorDeUsuario(
            Problema("el expediente debe ser un conjunto de campos «clave: valor» (¿archivo vacío?)",
                     Ubicacion(archivo, 1)),
        )
    completar("expediente")
    try:
        expediente = Expediente.model_validate(doc.datos)
    except ValidationError as exc:
        raise ErrorDeUsuario(problemas_de_validacion(exc, doc, modelo=Expediente), titulo=f"El expediente {archivo} no es válido:") from None
    return expediente, doc


def leer_entrada(ruta: str | Path) -> tuple[bytes, str]:
    """Bytes del expediente y el nombre con que se citará en los errores (``-`` = entrada estándar)."""

    if str(ruta) == "-":
        flujo = getattr(sys.stdin, "buffer", None)
        return (flujo.read() if flujo is not None else sys.stdin.read().encode("utf-8")), "(entrada estándar)"
    ruta = Path(ruta)
    nombre = str(ruta)
    if ruta.is_dir():
        raise ErrorDeUsuario(Problema("es una carpeta, no un archivo de expediente", Ubicacion(nombre)))
    try:
        return ruta.read_bytes(), nombre
    except FileNotFoundError:
        raise ErrorDeUsuario(Problema("el archivo no existe", Ubicacion(nombre))) from None
    except PermissionError:
        raise ErrorDeUsuario(Problema("no hay permiso para leer el archivo", Ubicacion(nombre))) from None
    except OSError as exc:
        raise ErrorDeUsuario(Problema(f"no se pudo leer el archivo ({exc.strerror})", Ubicacion(nombre))) from None


def decodificar(datos: bytes, nombre: str) -> str:
    """Texto UTF-8 (con o sin BOM); otra codificación es un error con su línea."""
    try:
        return datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = datos[: exc.start].count(b"\n") + 1
        raise ErrorDeUsuario(
            Problema("el archivo no está en UTF-8 (guárdelo como UTF-8)", Ubicacion(nombre, linea))
        ) from None


def leer_archivo(ruta: str | Path) -> tuple[Expediente, Documento]:
    """Lee y valida un expediente de un archivo (``-`` = entrada estándar)."""
    datos, nombre = leer_entrada(ruta)
    return leer_texto(decodificar(datos, nombre), nombre)
