"""Los textos de la versión pública: la leyenda de la primera hoja, el recuadro y el nombre.

* Lineamiento Quincuagésimo segundo: la fecha de elaboración de la versión pública y la de
  confirmación del Comité, el tipo de información confidencial testada, las personas o
  instancias autorizadas a acceder a ella y, en los documentos de difusión electrónica, «en
  la primera hoja y en el nombre del archivo», que es una versión pública.
* Lineamiento Sexagésimo primero: en el recuadro que cubre lo testado «se deberá establecer el
  tipo de información suprimida».
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..letras import fecha_con_cifras
from .marcas import Encargo

TITULO = "VERSIÓN PÚBLICA"
SUFIJO = "version-publica"
SUFIJO_CONFIDENCIAL = "version-publica-confidencial"


def recuadro(etiqueta: str) -> str:
    """El texto del recuadro que ocupa el lugar de lo testado."""
    return f"[TESTADO: {etiqueta}]"


def lineas_de_leyenda(encargo: Encargo, tipos: list[str]) -> list[str]:
    """Los párrafos de la leyenda de la primera hoja (Quincuagésimo segundo)."""
    lineas = [f"Versión pública de un documento que contiene información {encargo.clasificacion}."]
    if tipos:
        lineas.append("Información testada: " + "; ".join(tipos) + ".")
    lineas.append(f"Fecha de elaboración de la versión pública: {fecha_con_cifras(encargo.fecha_elaboracion)}.")
    if encargo.fecha_confirmacion is not None:
        sesion = f" ({encargo.sesion})" if encargo.sesion else ""
        lineas.append("Fecha en que el Comité de Transparencia confirmó la clasificación: "
                      f"{fecha_con_cifras(encargo.fecha_confirmacion)}{sesion}.")
    else:
        lineas.append("Fecha en que el Comité de Transparencia confirmó la clasificación: pendiente.")
    if encargo.area:
        lineas.append(f"Área que elaboró la versión pública: {encargo.area}.")
    if encargo.cita_del_caso:
        lineas.append(f"Fundamento legal: {encargo.cita_del_caso}.")
    if encargo.autorizados:
        lineas.append("Personas o instancias autorizadas a acceder a la información clasificada: "
                      + "; ".join(encargo.autorizados) + ".")
    return lineas


def _sin_acentos(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texto) if unicodedata.category(c) != "Mn").lower()


def dice_version_publica(nombre: str, confidencial: bool = False) -> bool:
    plano = _sin_acentos(nombre)
    return re.search(r"version[\s_.-]*publica", plano) is not None and (not confidencial or "confidencial" in plano)


def nombre_de_salida(entrada: Path, salida: Path | None, formato: str,
                     confidencial: bool = False) -> tuple[Path, bool]:
    """El archivo de salida, cuyo nombre dice que es una versión pública (y, si el documento
    tiene información confidencial, que la tiene: «en la primera hoja y en el nombre del
    archivo», Quincuagésimo segundo); y si hubo que añadírselo al nombre pedido."""
    sufijo = SUFIJO_CONFIDENCIAL if confidencial else SUFIJO
    if salida is None:
        return entrada.with_name(f"{entrada.stem}-{sufijo}.{formato}"), False
    if salida.is_dir():
        return salida / f"{entrada.stem}-{sufijo}.{formato}", False
    if dice_version_publica(salida.stem, confidencial):
        return salida, False
    return salida.with_name(f"{salida.stem}-{sufijo}{salida.suffix}"), True
