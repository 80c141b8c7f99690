"""Los errores de pydantic en español, con la ruta del campo y la línea del archivo.

Lo usan el expediente, el catálogo y los perfiles: quien escribe YAML lee «campo
«fecha»: la fecha no existe», no «value_error, input should be a valid date».
"""

from __future__ import annotations

import re
from typing import Any

from ..errores import Problema, Ubicacion
from ..modelos.base import ValidationError
from .sugerencias import explicar_desconocido
from .yaml_lineas import Documento, formatear_ruta

_MENSAJES = {
    "missing": "falta este campo obligatorio",
    "extra_forbidden": "campo desconocido (revise cómo está escrito)",
    "string_type": "debe ser texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero, sin decimales",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "no es una fecha válida (use AAAA-MM-DD)",
    "date_from_datetime_parsing": "no es una fecha válida (use AAAA-MM-DD, p. ej. 2018-11-21)",
    "date_from_datetime_inexact": "debe ser una fecha sin hora",
    "list_type": "debe ser una lista (elementos con «- »)",
    "dict_type": "debe ser un conjunto de campos «clave: valor»",
    "model_type": "debe ser un conjunto de campos «clave: valor»",
    "model_attributes_type": "debe ser un conjunto de campos «clave: valor»",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "string_too_long": "es demasiado largo",
}


def _mensaje(err: dict[str, Any]) -> str:
    tipo = err["type"]
    ctx = err.get("ctx") or {}
    if tipo.endswith("_type") and err.get("input") is None and tipo not in ("dict_type", "model_type",
                                                                           "model_attributes_type", "list_type"):
        # «fecha:» sin valor (lo que deja el esqueleto): falta, como cualquier campo vacío; decía
        # «debe ser una fecha AAAA-MM-DD» en la página recién abierta.
        return _MENSAJES["missing"]
    if tipo == "value_error":
        return str(ctx.get("error", err["msg"]))
    if tipo == "literal_error":
        opciones = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return "debe ser uno de: " + ", ".join(f"«{o}»" for o in opciones) if opciones else err["msg"]
    if tipo == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "institucion":
        return "el id de la institución solo lleva minúsculas sin acentos, cifras, «_» y «-» (p. ej. «sre»)"
    if tipo == "string_pattern_mismatch":
        return "no tiene el formato esperado: un id del catálogo es como «lftaip.110.I» o «lgcd.17»"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser al menos {ctx.get('ge', ctx.get('gt'))}"
    if tipo in ("less_than_equal", "less_than"):
        return f"no puede ser mayor que {ctx.get('le', ctx.get('lt'))}"
    if tipo == "too_short":
        return "no puede estar vacío" if ctx.get("min_length") == 1 else f"necesita al menos {ctx.get('min_length')} elementos"
    if tipo == "string_too_long" and ctx.get("max_length", 0) < 1000:
        return f"es demasiado largo: admite como máximo {ctx['max_length']} caracteres"
    if tipo == "too_long":
        return f"admite como máximo {ctx.get('max_length')} elementos"
    if tipo == "date_from_datetime_parsing" and "day value is outside" in str(ctx.get("error", "")):
        return "la fecha no existe (ese mes no tiene ese día)"
    if tipo == "date_from_datetime_parsing" and "month value is outside" in str(ctx.get("error", "")):
        return "la fecha no existe (el mes debe estar entre 01 y 12)"
    return _MENSAJES.get(tipo, err["msg"])


def problemas_de_validacion(exc: ValidationError, doc: Documento, base: tuple = (),
                            modelo: type | None = None) -> list[Problema]:
    """Traduce los errores de pydantic a problemas con campo y línea. Con ``modelo``, un campo
    desconocido dice además cuál se parece y cuáles se admiten en ese lugar."""
    problemas = []
    for err in exc.errors(include_url=False):
        # pydantic añade a la ruta el nombre de la variante de una unión: se omite.
        ruta = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        mensaje = _mensaje(err)
        if modelo is not None and err["type"] == "extra_forbidden":
            explicacion = explicar_desconocido(modelo, ruta)
            if explicacion:
                mensaje = f"{mensaje}; {explicacion}"
        ruta = base + ruta
        problemas.append(
            Problema(mensaje, Ubicacion(doc.archivo, doc.linea(ruta), formatear_ruta(ruta) or None))
        )
    return problemas
