"""Lo que se registra de una resolución: datos simples (se pueden enviar entre procesos del
lote), sacados del caso ya leído y del documento escrito.

Para el índice de cada clasificación reservada: el área (la unidad que clasificó), el
documento (la descripción de lo que se clasifica), el tema (el título de la causal del
catálogo cuya fracción se cita), el fundamento legal (la cita que escribe la resolución),
la motivación, las partes (si es parcial), las fechas de clasificación, del acta, de inicio
y de fin del plazo (la escrita en el expediente, o la calculada: inicio + años).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from .. import __version__
from ..catalogo.citas import citar
from ..errores import ErrorDeUsuario


def texto_plano(texto: str | None) -> str:
    """Sin las marcas de formato ligero (**negritas**, viñetas) y en una sola línea."""
    if not texto:
        return ""
    texto = re.sub(r"\*\*(.+?)\*\*", r"\1", texto, flags=re.S)
    texto = re.sub(r"(?m)^\s*[-•]\s+", "", texto)
    return re.sub(r"\s+", " ", texto).strip()


def clave_de(oficio: str) -> str:
    """La clave única de una resolución en el registro: el oficio sin espacios de más y en
    mayúsculas («cta-40418 » y «CTA-40418» son la misma resolución)."""
    clave = re.sub(r"\s+", " ", oficio or "").strip().upper()
    if not clave:
        raise ErrorDeUsuario("registro: la resolución no tiene número de oficio")
    return clave


def _tema(catalogo, ids: list[str]) -> str:
    citados = set(ids)
    for causal in getattr(catalogo, "causales", {}).values():
        if citados & {f for f in causal.fracciones.values() if f}:
            return causal.titulo
    return ""


def _cita(catalogo, ids: list[str], fecha) -> str:
    """Con la fecha de la resolución: las reformas publicadas hasta entonces, como la resolución."""
    try:
        return citar(catalogo, ids, fecha=fecha)
    except (KeyError, ErrorDeUsuario):
        return ", ".join(ids)


def clasificacion(c, exp, catalogo, posicion: int) -> dict[str, Any]:
    """Una clasificación del expediente como fila del registro."""
    periodo = c.periodo_reserva
    inicio = periodo.inicio(exp.fecha) if periodo else None
    fin = periodo.expiracion(exp.fecha) if periodo else None
    calculado = False
    if periodo is not None and fin is None:
        fin, calculado = periodo.vencimiento_calculado(exp.fecha), True
    ids = [*c.fundamentos, *c.en_relacion_con]
    return {
        "posicion": posicion, "tipo": c.tipo, "parcial": bool(c.parcial), "area": c.unidad,
        "documento": texto_plano(c.descripcion), "tema": _tema(catalogo, ids), "fundamentos": ids,
        "fundamento_legal": _cita(catalogo, ids, exp.fecha), "motivacion": texto_plano(c.motivacion),
        "partes": texto_plano(c.descripcion) if c.parcial else "",
        "fecha_clasificacion": inicio or exp.fecha,
        "fecha_acta": exp.sesion.fecha if exp.sesion and getattr(exp.sesion, "fecha", None) else exp.fecha,
        "anios": periodo.anios if periodo else None, "inicio": inicio, "fin": fin, "fin_calculado": calculado,
    }


def resumen(caso, documento: bytes | None, *, archivo: str | None, formato: str | None,
            origen: str) -> dict[str, Any]:
    """La resolución entera para ``escritura.registrar``: datos del caso, clasificaciones,
    huellas SHA-256 del documento y del expediente, versión del programa."""
    exp = caso.expediente
    return {
        "clave": clave_de(exp.oficio), "oficio": exp.oficio, "institucion": exp.institucion, "tipo": exp.tipo,
        "fecha": exp.fecha, "asunto": texto_plano(exp.asunto),
        "fecha_sesion": getattr(exp.sesion, "fecha", None) if exp.sesion else None,
        "folios": [s.folio for s in exp.solicitudes],
        "expediente": exp.model_dump(mode="json"),
        "sha256_documento": hashlib.sha256(documento).hexdigest() if documento is not None else None,
        "sha256_expediente": hashlib.sha256(caso.entrada).hexdigest(),
        "version_herramienta": __version__, "formato": formato, "archivo": archivo, "origen": origen,
        "clasificaciones": [clasificacion(c, exp, caso.catalogo, i) for i, c in enumerate(exp.clasificaciones)],
    }


def ahora() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
