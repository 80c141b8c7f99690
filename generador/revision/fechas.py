"""Fechas del expediente posteriores a la de la resolución (FEC-01)."""

from __future__ import annotations

from ..expediente.yaml_lineas import formatear_ruta
from .hallazgo import Hallazgo, Revisor


def revisar_fechas(r: Revisor) -> None:
    """Solicitudes, respuestas o sesión con fecha posterior a la resolución: casi siempre
    un error de captura (la resolución no puede analizar lo que aún no existía)."""
    exp, doc = r.exp, r.doc
    fechas = [(s.fecha, ("solicitudes", i, "fecha")) for i, s in enumerate(exp.solicitudes)]
    fechas += [(r.fecha, ("respuestas", i, "fecha")) for i, r in enumerate(exp.respuestas)]
    if exp.sesion is not None:
        fechas.append((exp.sesion.fecha, ("sesion", "fecha")))
    r.hallazgos += [
        Hallazgo("advertencia", "FEC-01",
                 f"la fecha {fecha.isoformat()} es posterior a la de la resolución ({exp.fecha.isoformat()})",
                 formatear_ruta(ruta), doc.linea(ruta) if doc else None, doc.archivo if doc else None)
        for fecha, ruta in fechas if fecha is not None and fecha > exp.fecha
    ]
