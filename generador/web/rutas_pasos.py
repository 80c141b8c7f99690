"""Las rutas del formulario por pasos: la causal que propone sus fundamentos, los campos de
las variables de una cláusula y la vista previa en PDF.

Van aparte de ``__init__`` (la aplicación y sus páginas) porque son ayudas del formulario:
ninguna escribe en un caso.
"""

from __future__ import annotations

import datetime as _dt
import re

from flask import Response, abort, jsonify, render_template, request

from ..errores import ErrorDeUsuario
from ..expediente import leer_entrada
from ..pdf import buscar_soffice, docx_a_pdf_caliente
from ..tuberia import generar_docx
from .formulario import Nodo
from .variables import campos_de_variables

_BASE = re.compile(r"^[a-z_][a-z0-9_]{0,60}(\.(\d{1,5}|[a-z_][a-z0-9_]{0,60})){1,8}$")
# Preferencia entre las leyes en vigor a la vez (2016-2025): la Ley Federal, que es la que
# citan los sujetos obligados federales; la Ley General de 2015 no tiene texto en el catálogo.
_PREFERENCIA = ("lftaip", "lgtaip2025", "lgtaip2015")


def hay_conversor_pdf() -> bool:
    """Si hay LibreOffice para mostrar la vista previa con sus páginas."""
    try:
        buscar_soffice()
    except ErrorDeUsuario:
        return False
    return True


def fraccion_en_vigor(catalogo, causal, fecha: _dt.date) -> str | None:
    """La fracción de la causal que corresponde a la fecha de la resolución."""
    candidatas = sorted(((ley, id_) for ley, id_ in causal.fracciones.items() if id_ and catalogo.existe(id_)),
                        key=lambda par: _PREFERENCIA.index(par[0]) if par[0] in _PREFERENCIA else 99)
    for _, id_ in candidatas:
        if catalogo.fundamento(id_).en_vigor(fecha):
            return id_
    return candidatas[0][1] if candidatas else None


def instalar(app, casos, recursos, leer, pagina_de_error) -> None:
    """Registra las rutas en ``app`` (``recursos``, ``leer`` y ``pagina_de_error`` son los de
    la aplicación: el mismo catálogo en memoria, la misma carpeta de casos, los mismos mensajes)."""

    @app.get("/api/causal/<id_>")
    def api_causal(id_: str):
        """Lo que se propone al elegir una causal: su fracción vigente, los numerales de los
        Lineamientos con los supuestos que desarrollan y su cláusula de prueba de daño."""
        catalogo = recursos.catalogo()
        causal = catalogo.causales.get(id_)
        if causal is None:
            abort(404)
        try:
            fecha = _dt.date.fromisoformat(request.args.get("fecha", "")[:10])
        except ValueError:
            fecha = _dt.date.today()
        fraccion = fraccion_en_vigor(catalogo, causal, fecha)
        # Lo que sobra al elegir esta causal: las fracciones de las demás (y las suyas de otra
        # ley) y los numerales de los Lineamientos de las demás causales.
        propios = {fraccion, *causal.lineamientos}
        ajenos = sorted(({f for c in catalogo.causales.values() for f in c.fracciones.values() if f}
                         | {n for c in catalogo.causales.values() if c.id != id_ for n in c.lineamientos}) - propios)
        return jsonify({
            "id": id_, "titulo": causal.titulo, "fraccion": fraccion, "ajenos": ajenos,
            "lineamientos": [n for n in causal.lineamientos if catalogo.existe(n)],
            "elementos": [{"descripcion": e.descripcion, "fundamento": e.fundamento} for e in causal.elementos
                          if catalogo.existe(e.fundamento)],
            "clausula": causal.clausula if causal.clausula in catalogo.clausulas else None})

    @app.get("/caso/<nombre>/variables")
    def variables_de_clausula(nombre: str):
        """Los campos vacíos de las variables de una cláusula, para ponerlos en la página al
        cambiarla (la página pasa a ellos los valores de las variables del mismo nombre)."""
        casos.ruta(nombre)
        base, campo = request.args.get("base", ""), request.args.get("campo", "")
        clausula = recursos.catalogo().clausulas.get(request.args.get("clausula", ""))
        if clausula is None or not _BASE.match(base) or not base.endswith(".variables") or len(campo) > 300:
            abort(404)
        nodo = campos_de_variables(Nodo("variables", nombre=base, campo=campo, titulo=""), clausula, {})
        return render_template("variables.html", nodo=nodo, por_campo={})

    @app.get("/caso/<nombre>/vista.pdf")
    def vista_pdf(nombre: str):
        """La resolución guardada en PDF, para verla dentro de la página con sus páginas."""
        ruta, _ = leer(nombre)
        try:
            datos = docx_a_pdf_caliente(generar_docx(recursos.caso_desde_bytes(*leer_entrada(ruta))))
        except ErrorDeUsuario as exc:
            return pagina_de_error(exc.texto(), 400)
        return Response(datos, mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{ruta.stem}.pdf"'})
