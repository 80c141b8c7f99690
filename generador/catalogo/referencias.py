"""Las referencias de un expediente al catálogo: cada id que no existe, con sugerencias."""

from __future__ import annotations

import difflib
from typing import Iterable

from ..errores import Problema, Ubicacion
from ..expediente.yaml_lineas import Documento, formatear_ruta
from .fundamentos import Catalogo


def comprobar_ids(catalogo: Catalogo, ids_con_ruta: Iterable[tuple[str, tuple]], doc: Documento,
                  clausulas: bool = False) -> list[Problema]:
    """Problemas por cada id del expediente que no está en el catálogo."""
    problemas = []
    for id_, ruta in ids_con_ruta:
        existe = id_ in catalogo.clausulas if clausulas else catalogo.existe(id_)
        if existe:
            continue
        if clausulas:
            parecidos = difflib.get_close_matches(id_, list(catalogo.clausulas), n=3, cutoff=0.5)
        else:
            parecidos = catalogo.parecidos(id_)
        sugerencia = f" ¿Quiso decir {', '.join('«' + p + '»' for p in parecidos)}?" if parecidos else ""
        que = "la cláusula" if clausulas else "el fundamento"
        problemas.append(Problema(
            f"{que} «{id_}» no está en el catálogo.{sugerencia}",
            Ubicacion(doc.archivo, doc.linea(ruta), formatear_ruta(ruta))))
    return problemas
