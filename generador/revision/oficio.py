"""El número de oficio contra la numeración del perfil de la institución (OFI-01)."""

from __future__ import annotations

from .hallazgo import Hallazgo, Revisor


def revisar_oficio(r: Revisor) -> None:
    """Un número de oficio que no sigue la numeración de la institución suele ser una
    resolución anterior copiada sin cambiar el número (o el año)."""
    exp, doc, perfil = r.exp, r.doc, r.perfil
    if perfil is None or perfil.sigue_patron_oficio(exp.oficio, exp.fecha) is not False:
        return
    ejemplo = perfil.oficio(1, exp.fecha)
    r.hallazgos.append(Hallazgo(
        "advertencia", "OFI-01",
        f"el oficio «{exp.oficio}» no sigue la numeración del perfil «{perfil.id}» en {exp.fecha.year} "
        f"(«{perfil.patron_oficio}», p. ej. «{ejemplo}»); revise el número y el año",
        "oficio", doc.linea(("oficio",)) if doc else None, doc.archivo if doc else None))
