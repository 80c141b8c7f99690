"""Lo que la página propone para ahorrar escritura sin decidir por quien redacta.

Cada propuesta copia un dato que el caso ya tiene al lugar donde la ley pide el mismo dato
(la unidad que respondió es la que clasificó; el resolutivo que confirma la clasificación
nombra esa unidad), o los integrantes del Comité del perfil cuando quien redacta pulsa
«Firman los integrantes del Comité». Solo se llenan campos vacíos: lo escrito no se toca,
y todo queda a la vista en el formulario para corregirlo.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from pathlib import Path

from ..errores import ErrorDeUsuario, fecha_iso
from ..expediente.campos import fecha_en_rango
from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..plantillas.perfil import cargar_perfil, instituciones_disponibles
from ..rutas import carpetas_de_plantillas
from .envio import Indexada


def miembros_del_perfil(institucion: str, fecha, plantillas: list[Path] | None) -> list[dict]:
    """Los «miembros» del perfil vigente en la fecha del caso, como se escriben en «firmantes»."""
    try:
        fecha = fecha if isinstance(fecha, _dt.date) else _dt.date.fromisoformat(str(fecha)[:10])
    except ValueError:
        fecha = _dt.date.today()
    try:
        perfil, _ = cargar_perfil(str(institucion or ""), plantillas=carpetas_de_plantillas(plantillas or []),
                                  fecha=fecha)
    except ErrorDeUsuario:
        return []
    return [m.model_dump(mode="json", exclude_defaults=True) for m in perfil.miembros]


def _vacio(valor) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def proponer(datos: dict, firmantes_del_perfil: list[dict] | None = None) -> dict:
    """Llena los campos vacíos que repiten un dato del caso; con ``firmantes_del_perfil``
    (quien redacta pulsó el botón), los escribe como firmantes si el caso no da ninguno."""
    respuestas = [r for r in datos.get("respuestas") or [] if isinstance(r, dict)]
    clasificaciones = [c for c in datos.get("clasificaciones") or [] if isinstance(c, dict)]
    if len(clasificaciones) == 1 and respuestas and _vacio(clasificaciones[0].get("unidad")) \
            and not _vacio(respuestas[0].get("unidad")):
        # La primera respuesta es la de la unidad que clasifica (así se ordenan los antecedentes).
        clasificaciones[0]["unidad"] = respuestas[0]["unidad"]
    if len(clasificaciones) == 1:
        origen = clasificaciones[0]
        for resolutivo in datos.get("resolutivos") or []:
            if not isinstance(resolutivo, dict) or resolutivo.get("clausula") != "resolutivo.confirma_clasificacion":
                continue
            variables = resolutivo.setdefault("variables", {})
            if not isinstance(variables, dict):
                continue
            if _vacio(variables.get("unidad")) and not _vacio(origen.get("unidad")):
                variables["unidad"] = origen["unidad"]
            if variables.get("parcial") is None and origen.get("parcial") is True:
                variables["parcial"] = True
    if len(clasificaciones) == 1:
        _prueba_de_la_unidad(clasificaciones[0], fecha_elegida(datos.get("fecha")))
    _resolutivo_de_reproduccion(datos)
    if firmantes_del_perfil and not datos.get("firmantes"):
        datos["firmantes"] = Indexada(enumerate(dict(m) for m in firmantes_del_perfil))
    return datos


def _prueba_de_la_unidad(clasificacion: dict, fecha: _dt.date) -> None:
    """Con la Ley Federal (antes del 21-03-2025), la prueba de daño de una reserva la aplica
    la unidad que clasifica (art. 111 de la LFTAIP): si el caso no dice otra, se propone esa."""
    if clasificacion.get("tipo") != "reservada" or fecha >= ENTRADA_EN_VIGOR_2025 or _vacio(clasificacion.get("unidad")):
        return
    prueba = clasificacion.get("prueba_de_dano")
    if prueba is None or (isinstance(prueba, dict) and not any(not _vacio(v) for v in prueba.values())):
        clasificacion["prueba_de_dano"] = {"senalada_por": clasificacion["unidad"]}


def _resolutivo_de_reproduccion(datos: dict) -> None:
    """«reproduccion» solo se escribe en el resolutivo que pone la información a disposición
    previo pago: si el caso la da y no tiene ese resolutivo, se añade antes de la notificación."""
    resolutivos = datos.get("resolutivos")
    reproduccion = datos.get("reproduccion")
    if not isinstance(resolutivos, list) or not isinstance(reproduccion, dict) or _vacio(reproduccion.get("fojas")):
        return
    clausulas = [r.get("clausula") if isinstance(r, dict) else None for r in resolutivos]
    if "resolutivo.reproduccion" in clausulas:
        return
    lugar = clausulas.index("resolutivo.notificacion") if "resolutivo.notificacion" in clausulas else len(resolutivos)
    # Una lista del formulario recuerda el número de cada elemento en el archivo: el nuevo
    # lleva uno que no está en él, y la lista queda «reordenada» para que vaya en su lugar.
    pares = list(zip(getattr(resolutivos, "indices", range(len(resolutivos))), resolutivos))
    pares.insert(lugar, (max((i for i, _ in pares), default=-1) + 1000, {"clausula": "resolutivo.reproduccion"}))
    datos["resolutivos"] = Indexada(pares, reordenada=True)


def fecha_elegida(texto: str | None) -> _dt.date:
    """La fecha de la resolución que eligió quien crea el caso (hoy si no eligió): de ella
    dependen la ley que cita el esqueleto, la autoridad garante y la fecha de expiración."""
    try:
        return _dt.date.fromisoformat(str(texto or "").strip()[:10])
    except ValueError:
        return _dt.date.today()


def fecha_pedida(texto: str | None) -> _dt.date:
    """La fecha de un caso nuevo (hoy si no se eligió). Una fecha escrita que no existe o que
    está fuera del calendario es un error: la fecha decide la ley que cita el esqueleto, y
    cambiarla por la de hoy sin avisar daba otro caso (``fecha_elegida`` sí lo hace, para las
    propuestas de un caso ya abierto, donde la validación señala la fecha)."""
    if not str(texto or "").strip():
        return _dt.date.today()
    fecha = fecha_iso(str(texto), "la fecha de la resolución")
    try:
        return fecha_en_rango(fecha)  # la misma regla que el campo «fecha» del expediente
    except ValueError as exc:
        raise ErrorDeUsuario(f"la fecha de la resolución «{texto}»: {exc}") from None


def institucion_del_oficio(oficio: str, fecha: _dt.date, plantillas: list[Path] | None) -> str:
    """La institución cuyo patrón de oficio sigue el número dado («CTA-40418» → sre), si es
    una sola; si ninguna o varias lo siguen, ninguna: entonces la página pide elegirla."""
    if not oficio.strip():
        return ""
    bases = carpetas_de_plantillas(plantillas or [])
    candidatas = []
    for institucion in instituciones_disponibles(bases):
        try:
            perfil, _ = cargar_perfil(institucion, plantillas=bases, fecha=fecha)
        except ErrorDeUsuario:
            continue
        if perfil.sigue_patron_oficio(oficio, fecha):
            candidatas.append(institucion)
    return candidatas[0] if len(candidatas) == 1 else ""


def nombre_de_oficio(oficio: str) -> str:
    """«CTA-40418» → «cta-40418»: el nombre del archivo cuando quien redacta solo dio el oficio.
    Las letras con acento y la ñ pierden la marca («UT/CT/Ñ-003» → «ut-ct-n-003»): antes
    desaparecían, y «Ñ-003» y «Á-003» daban el mismo nombre."""
    sin_marcas = "".join(c for c in unicodedata.normalize("NFKD", oficio.strip().lower())
                         if not unicodedata.combining(c))
    nombre = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in sin_marcas)
    # Varios símbolos seguidos son un solo guion («ñoño 😀 <x>» daba «nono----x»).
    return re.sub(r"-{2,}", "-", nombre).strip("-_")[:80]


def con_oficio(texto: str, oficio: str) -> str:
    """El esqueleto con el número de oficio escrito (entre comillas dobles de JSON, que YAML lee
    igual: ningún carácter del oficio puede cambiar la estructura del archivo)."""
    oficio = " ".join(oficio.split())[:80]
    if not oficio:
        return texto
    return texto.replace('oficio: ""                     # número de oficio de la resolución',
                         "oficio: " + json.dumps(oficio, ensure_ascii=False), 1)
