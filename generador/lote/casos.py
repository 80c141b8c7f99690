"""Lo que viaja entre las partes del lote: un caso (:class:`Tarea`), lo que resultó
(:class:`Resultado`) y cómo se dicen sus errores sin que un nombre de archivo o un
defecto del programa tumbe el lote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errores import ErrorDeUsuario
from ..salida import mensaje_de_os

MANIFIESTO = "manifiesto"


def mostrable(texto: str) -> str:
    """El texto con lo que no es UTF-8 (un nombre de archivo en otra codificación, que
    Python guarda como «sustitutos») cambiado por «\ufffd»: así se puede imprimir y
    escribir en el manifiesto sin que el lote se caiga."""
    return texto.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def errores_de(exc: BaseException) -> list[dict[str, Any]]:
    """Los errores de un caso como los registra el manifiesto: {campo, mensaje, linea}.

    Un error del disco (lleno, de solo lectura) se dice en español; uno que no se esperaba
    (un defecto del programa) se dice como tal, sin traza, y el lote sigue con los demás."""
    if isinstance(exc, ErrorDeUsuario):
        return [{"campo": p.ubicacion.campo, "mensaje": p.mensaje, "linea": p.ubicacion.linea} for p in exc.problemas]
    if isinstance(exc, OSError):
        return [{"campo": None, "linea": None, "mensaje": mensaje_de_os(exc)}]
    return [{"campo": None, "linea": None, "mensaje":
             f"error interno del programa ({type(exc).__name__}: {str(exc)[:200]}); no se generó este caso. "
             "No es un error del expediente: por favor, infórmelo"}]


# OWASP, «CSV injection»: Excel o LibreOffice toman por fórmula una celda que empieza así
# (=HYPERLINK(…) en un nombre de archivo abriría un enlace o ejecutaría algo al abrir el
# manifiesto). Con un apóstrofo delante se muestra como texto.
_INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def celda_segura(valor: Any) -> Any:
    """El valor de una celda que el programa escribe en un CSV o un XLSX, neutralizado."""
    if isinstance(valor, str) and valor.startswith(_INICIO_DE_FORMULA):
        return "'" + valor
    return valor


@dataclass
class Tarea:
    """Un caso del lote: su nombre, su expediente y su salida.

    Un expediente de una carpeta viaja como ruta y lo lee el proceso que lo genera (el
    principal no lee ni copia miles de archivos); uno de una tabla, como datos armados."""

    caso: str
    origen: str
    salida: Path
    entrada: bytes = b""
    datos: dict | None = None  # si viene de una tabla
    ruta: Path | None = None  # si viene de una carpeta


@dataclass
class Resultado:
    caso: str
    origen: str
    salida: str
    estado: str  # generado | al_dia | error
    sha256_entrada: str
    sha256_salida: str | None = None
    errores: list[dict[str, Any]] = field(default_factory=list)
    # Advertencias de la revisión jurídica: no impiden generar, pero quedan registradas.
    advertencias: list[dict[str, Any]] = field(default_factory=list)
    # El oficio del expediente (``oficios.py``: dos casos del lote no comparten número).
    oficio: str | None = None
    # Lo que se registra del caso generado (``registro.resumen``), para que el proceso
    # principal lo registre; no va al manifiesto.
    registro: dict[str, Any] | None = field(default=None, repr=False)


def corto(texto: str, largo: int = 80) -> str:
    """Un encabezado o un nombre en un mensaje, sin copiar miles de caracteres."""
    return texto if len(texto) <= largo else texto[:largo] + "…"
