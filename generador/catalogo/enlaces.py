"""Enlaces rotos del catálogo: ids que una entrada menciona y que no existen."""

from __future__ import annotations

from ..errores import Problema
from .fundamentos import Catalogo


def enlaces_rotos(catalogo: Catalogo) -> list[Problema]:
    """Cada id al que apunta una entrada (relacionadas, sucesora, valores por fecha,
    causales, categorías, abrogado_por) y que no está en el catálogo, y cada fecha de reforma
    de una disposición que su instrumento no registra (la nota de la cita saldría de ellas)."""
    problemas = []
    for id_, disp in catalogo.disposiciones.items():
        for enlace in [*disp.relacionadas, *([disp.sucesora] if disp.sucesora else [])]:
            if not catalogo.existe(enlace):
                problemas.append(Problema(
                    f"enlace roto: «{enlace}» no está en el catálogo", catalogo.origen[id_]))
    for id_, clausula in catalogo.clausulas.items():
        for nombre, variable in clausula.variables.items():
            if variable.tipo != "fundamentos":
                continue
            for opcion in variable.por_fecha:
                ids = [opcion.valor] if isinstance(opcion.valor, str) else opcion.valor
                for enlace in ids if isinstance(ids, list) else []:
                    if not catalogo.existe(str(enlace)):
                        problemas.append(Problema(
                            f"enlace roto en la variable «{nombre}»: «{enlace}» no está en el catálogo",
                            catalogo.origen[id_]))
    for id_, causal in catalogo.causales.items():
        enlaces = [f for f in causal.fracciones.values() if f] + causal.lineamientos
        enlaces += [e.fundamento for e in causal.elementos]
        for enlace in enlaces:
            if not catalogo.existe(enlace):
                problemas.append(Problema(f"enlace roto: «{enlace}» no está en el catálogo", catalogo.origen[id_]))
        if causal.clausula and causal.clausula not in catalogo.clausulas:
            problemas.append(Problema(f"la cláusula «{causal.clausula}» no está en el catálogo", catalogo.origen[id_]))
    for id_, categoria in catalogo.categorias.items():
        if not catalogo.existe(categoria.fundamento):
            problemas.append(Problema(f"enlace roto: «{categoria.fundamento}» no está en el catálogo",
                                      catalogo.origen[id_]))
    for id_, disp in catalogo.disposiciones.items():
        instrumento = catalogo.fundamento(id_).instrumento
        for fecha in disp.reformas_dof:
            if fecha not in instrumento.reformas_dof:
                problemas.append(Problema(
                    f"«reformas_dof» de «{id_}» dice {fecha.isoformat()}, que no es una de las reformas del "
                    f"instrumento «{instrumento.id}» ({', '.join(f.isoformat() for f in instrumento.reformas_dof) or 'ninguna'})",
                    catalogo.origen[id_]))
    for instrumento in catalogo.instrumentos.values():
        if instrumento.abrogado_por and instrumento.abrogado_por not in catalogo.instrumentos:
            problemas.append(Problema(
                f"«abrogado_por» apunta a «{instrumento.abrogado_por}», que no está en el catálogo",
                catalogo.origen[instrumento.id]))
    return problemas
