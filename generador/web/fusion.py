"""Dos personas editan el mismo caso: se juntan sus cambios campo por campo, si no chocan.

Por qué: el guardado compara la versión del archivo que vio la página (``__huella__``); si
otra persona guardó mientras tanto, antes se mostraba una página de conflicto y, si se
guardaba de nuevo, la segunda versión reemplazaba entera a la primera: lo que la primera
persona cambió en campos que la segunda ni tocó se perdía sin que nadie lo supiera.

El navegador manda, al guardar, qué campos cambió y qué valor tenían cuando abrió la página
(``__cambiados__``: una lista JSON de ``[nombre, valor original]``; ``"*"`` si añadió, quitó o
movió elementos, o si un campo tiene varios valores: entonces no se junta nada). Con eso:

* si en el archivo esos campos siguen con su valor original (lo que cambió la otra persona
  son otros campos), se escriben solo esos campos sobre el archivo actual: se conservan los
  cambios de las dos;
* si alguno cambió también en el archivo, es un conflicto de verdad en ese campo: se dice
  cuál y qué dice el archivo, y no se guarda nada.

Se reutiliza el guardado de siempre (``ida_y_vuelta.yaml_actualizado``) con un formulario que
solo tiene esos campos: lo que la página «no mostró» queda intacto en el archivo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml
from .envio import clases_del_formulario, datos_del_formulario
from .ida_y_vuelta import yaml_actualizado

MAXIMO_CAMBIADOS = 2_000


@dataclass
class Fusion:
    """El texto que se escribiría (``texto``), o los campos que chocan (``choques``)."""

    texto: str | None = None
    choques: list[str] = field(default_factory=list)


def cambiados(formulario) -> list[tuple[str, str]] | None:
    """Los ``(nombre, valor original)`` que mandó el navegador, o None si no se puede juntar."""
    crudo = formulario.get("__cambiados__", "")
    if not crudo or crudo == "*" or len(crudo) > 5_000_000:
        return None
    try:
        lista = json.loads(crudo)
    except ValueError:
        return None
    if not isinstance(lista, list) or not lista or len(lista) > MAXIMO_CAMBIADOS:
        return None
    pares = []
    for par in lista:
        if not (isinstance(par, list) and len(par) == 2 and all(isinstance(x, str) for x in par)):
            return None
        nombre = par[0]
        if nombre.startswith("__") or nombre == "csrf" or len(formulario.getlist(nombre)) != 1:
            return None
        pares.append((nombre, par[1]))
    return pares


def datos_de(texto: str) -> dict | None:
    """Lo que dice un texto (None si no se lee: nunca se junta sobre algo ilegible)."""
    try:
        datos = leer_yaml(texto, "caso").datos
    except ErrorDeUsuario:
        return None
    return datos if isinstance(datos, dict) else None


def _parcial(formulario, valores: dict[str, str]) -> MultiDict:
    """Un formulario con solo ``valores`` y la clase de cada uno (lo que «mostró» la página)."""
    parcial = MultiDict(list(valores.items()))
    for nombre in valores:
        clase = formulario.get(f"__clase__.{nombre}")
        if clase is not None:
            parcial.add(f"__clase__.{nombre}", clase)
    return parcial


def _aplicado(texto: str, formulario: MultiDict) -> str | None:
    datos, problemas = datos_del_formulario(formulario)
    if problemas:
        return None
    return yaml_actualizado(texto, datos, clases_del_formulario(formulario))


def fusionar(texto_en_disco: str, formulario, pares: list[tuple[str, str]]) -> Fusion:
    """Los cambios de ``pares`` (con el valor nuevo del ``formulario``) sobre el archivo actual."""
    originales = _parcial(formulario, dict(pares))
    nuevos = _parcial(formulario, {nombre: formulario.get(nombre, "") for nombre, _ in pares})
    en_disco = datos_de(texto_en_disco)
    choques = []
    # Un campo choca si escribir su valor original cambia el archivo: allí ya dice otra cosa.
    for nombre, original in pares:
        solo = _parcial(formulario, {nombre: original})
        con_original = _aplicado(texto_en_disco, solo)
        if con_original is None or datos_de(con_original) != en_disco:
            choques.append(nombre)
    if choques:
        return Fusion(choques=choques)
    if _aplicado(texto_en_disco, originales) is None:
        return Fusion(choques=[n for n, _ in pares])
    texto = _aplicado(texto_en_disco, nuevos)
    return Fusion(texto=texto) if texto is not None else Fusion(choques=[n for n, _ in pares])
