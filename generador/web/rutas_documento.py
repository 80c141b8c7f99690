"""La resolución de un caso en la página: la vista previa (``/vista``) y la descarga en Word o PDF.

Por qué aparte: las dos redactan el documento con la misma revisión que ``resoluciones
generar`` (con errores, ni vista ni descarga ni registro), y no tienen que ver con el
formulario ni con el guardado de ``web/__init__.py``.
"""

from __future__ import annotations

from flask import Response, abort, render_template, request

from ..errores import ErrorDeUsuario
from ..expediente import leer_entrada
from ..pdf import docx_a_pdf_caliente
from ..plantillas.formato import bloques_a_html
from ..plantillas.perfil import cargar_perfil
from ..redaccion import redactar
from ..registro import registrar_caso
from ..tuberia import generar_docx


def instalar(app, recursos, leer, revisar, pagina_de_error, registro) -> None:
    """Registra las rutas en ``app`` (con los ``recursos``, ``leer``, ``revisar`` y
    ``pagina_de_error`` de la aplicación, y el ``registro`` donde se anota lo descargado)."""

    @app.get("/caso/<nombre>/vista")
    def vista(nombre: str):
        _, texto = leer(nombre)
        hallazgos, caso_leido = revisar(texto, nombre)
        if caso_leido is None or any(h["nivel"] == "error" for h in hallazgos):
            return pagina_de_error("El expediente tiene errores; corríjalos para ver la vista previa.", 400, hallazgos)
        exp = caso_leido.expediente
        try:
            perfil, carpeta = cargar_perfil(exp.institucion, plantillas=caso_leido.plantillas, fecha=exp.fecha)
            resolucion = redactar(exp, caso_leido.catalogo, perfil, carpeta, caso_leido.documento,
                                  caso_leido.plantillas)
        except ErrorDeUsuario as exc:
            return pagina_de_error(exc.texto(), 400)
        # Se escribe de nuevo desde los párrafos leídos: nunca el HTML tal como lo dio la
        # plantilla (un navegador podría leerlo distinto; ver formato.bloques_a_html).
        return render_template("vista.html", nombre=nombre, resolucion=resolucion,
                               cuerpo=bloques_a_html(resolucion.cuerpo), incrustada=bool(request.args.get("incrustada")))

    @app.get("/caso/<nombre>/descargar.<formato>")
    def descargar(nombre: str, formato: str):
        if formato not in ("docx", "pdf"):
            abort(404)
        ruta, texto = leer(nombre)
        # Como «resoluciones generar»: con errores de la revisión no se entrega ni se registra
        # nada (la descarga entregaba, y anotaba en el índice, una reserva con otra fecha).
        hallazgos, _ = revisar(texto, nombre)
        if any(h["nivel"] == "error" for h in hallazgos):
            return pagina_de_error("El expediente tiene errores; no se generó el documento. Corríjalos (paso «Revisión "
                                   "y descarga») y vuelva a descargarlo.", 400, hallazgos)
        try:
            caso_leido = recursos.caso_desde_bytes(*leer_entrada(ruta))
            datos = generar_docx(caso_leido)
            if formato == "pdf":
                datos = docx_a_pdf_caliente(datos)  # un LibreOffice que queda arrancado
            if registro is not None:  # el documento que se entrega queda en el registro
                registrar_caso(registro, caso_leido, datos, archivo=str(ruta), formato=formato, origen="web")
        except ErrorDeUsuario as exc:
            return pagina_de_error(exc.texto(), 400)
        tipo = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if formato == "docx"
                else "application/pdf")
        archivo = ruta.stem + "." + formato
        return Response(datos, mimetype=tipo, headers={"Content-Disposition": f'attachment; filename="{archivo}"'})
