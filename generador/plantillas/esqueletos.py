"""``resoluciones nuevo``: el esqueleto comentado de un expediente.

Los esqueletos son plantillas de datos (``plantillas/nuevos/<tipo>.yaml.j2``), no
código: un autor de plantillas añade el de un tipo nuevo escribiendo un archivo.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente.regimen import ENTRADA_EN_VIGOR_2025
from ..rutas import carpetas_de_plantillas
from .cargador import dentro_de
from .contexto import a_datos
from .entorno import crear_entorno, renderizar
from .perfil import cargar_perfil


def tipos_disponibles(plantillas: list[Path]) -> list[str]:
    # Los que empiezan con «_» son piezas comunes, no tipos.
    return sorted({p.name.removesuffix(".yaml.j2") for base in plantillas
                   for p in (base / "nuevos").glob("*.yaml.j2") if not p.name.startswith("_")})


def esqueleto(tipo: str, institucion: str, fecha: _dt.date, archivo: str, plantillas_extra: list[Path],
              consecutivo: int | None = None, serie: str | None = None) -> str:
    """El esqueleto comentado de un expediente; con ``consecutivo``, el oficio según el patrón del
    perfil o, con ``serie``, el de una de sus ``series_oficio`` («CT-CI/A-…»)."""
    plantillas = carpetas_de_plantillas(plantillas_extra)
    perfil, _ = cargar_perfil(institucion, plantillas=plantillas, fecha=fecha)
    carpetas = [dentro_de(base / "nuevos", base) for base in plantillas if (base / "nuevos").is_dir()]
    if tipo not in tipos_disponibles(plantillas):
        raise ErrorDeUsuario(Problema(
            f"no hay esqueleto para el tipo «{tipo}»; disponibles: {', '.join(tipos_disponibles(plantillas))}",
            Ubicacion(campo="tipo")))
    # Un esqueleto es YAML, no HTML: sin escape automático (los valores son del perfil).
    entorno = crear_entorno(carpetas)
    entorno.autoescape = False
    texto = renderizar(entorno, f"{tipo}.yaml.j2", {
        "inst": a_datos(perfil), "hoy": fecha.isoformat(), "archivo": archivo, "tipo": tipo,
        # Lo que depende de la fecha (la ley que se cita, la fecha de expiración, la prueba
        # de daño) sigue a la fecha de la resolución que eligió quien redacta, no a la de hoy.
        "vigente_2025": fecha >= ENTRADA_EN_VIGOR_2025,
    })
    if consecutivo is not None:
        oficio = perfil.oficio(consecutivo, fecha, serie)
        texto = texto.replace('oficio: ""                     # número de oficio de la resolución',
                              f'oficio: "{oficio}"', 1)
    return texto
