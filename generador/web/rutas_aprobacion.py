"""Las rutas del Comité: el estado de un caso, los votos, la sesión que lo aprueba, las firmas
y la bitácora del caso (solo para leer: ninguna ruta la edita).

Van aparte de ``__init__`` porque son otra etapa del caso (después de redactarlo). La lógica
vive en ``generador.aprobacion`` (estados, congelado, firmado, bitácora); aquí solo se lee el
formulario, se pide el permiso de cada ruta (``permisos.exigir``) y se dice el resultado.

Lo que las demás rutas anotan en la bitácora sin tocar su código: después de cada respuesta
buena de «descargar» (acción ``descargar``), de la vista previa (``generar``) y del caso
nuevo (``caso_creado``). El guardado sí llama a ``Comite.guardado`` desde su ruta, bajo el
candado del archivo, porque necesita el YAML de antes y el de después.

La e.firma (``.cer``, ``.key`` y su contraseña) vive solo en la petición: se lee de la
memoria (la petición está limitada a ``LIMITE_FIRMA`` bytes, así Werkzeug nunca la pasa a un
archivo temporal), no se guarda, no se anota y no se vuelve a mostrar.
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Response, abort, current_app, redirect, render_template, request, session, url_for

from sqlalchemy.exc import SQLAlchemyError

from ..aprobacion import bitacora, congelado, estados, firmado
from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml
from ..firma import cargar_credencial
from ..letras import FEMENINO, ordinal
from ..pdf import docx_a_pdf_caliente
from ..registro import motor as motor_del_registro
from ..tuberia import generar_docx, revisar_caso
from . import permisos

LIMITE_FIRMA = 64 * 1024  # un .cer y un .key del SAT pesan pocos KB
MAXIMO_DE_ENTRADAS = 500  # de la bitácora de un caso, en su página (las más nuevas)
_TITULOS = {"lic", "licda", "mtro", "mtra", "dr", "dra", "ing", "c", "cp", "arq", "ldo", "lda"}
_RUTAS = {"comite": "ver", "comite_enviar": "enviar_a_revision", "comite_votar": "votar",
          "comite_aprobar": "aprobar", "comite_devolver": "aprobar", "comite_firmar": "firmar",
          "comite_firmado": "ver"}
_registro = logging.getLogger(__name__)


class Comite:
    """Lo que la aplicación necesita del Comité fuera de sus rutas (el guardado y el caso)."""

    def __init__(self, motor, carpeta: Path):
        self.motor, self.carpeta = motor, carpeta

    def guardado(self, nombre: str, antes: str, despues: str) -> str:
        """Anota un guardado con su diff y aplica el congelado; el aviso para la página."""
        if self.motor is None:
            return "Guardado."
        try:
            aviso = congelado.al_guardar(self.motor, nombre, antes, despues, permisos.usuario_actual(), self.carpeta)
        except (ErrorDeUsuario, SQLAlchemyError) as exc:  # el archivo ya se escribió: se dice así
            _registro.error("bitácora: no se pudo anotar el guardado de %s: %s", nombre, _explicar(exc))
            return f"Guardado, pero no quedó en la bitácora ({_explicar(exc)}); avise a quien administra el servidor."
        return f"Guardado. {aviso}" if aviso else "Guardado."

    def anotar(self, accion: str, nombre: str | None, detalle: dict | None = None) -> None:
        if self.motor is not None:
            quien = permisos.usuario_actual()
            bitacora.anotar_en(self.motor, usuario_id=quien.id, usuario=quien.nombre_usuario, accion=accion,
                               caso=nombre, detalle=detalle)

    def resumen(self, nombre: str, texto: str | None = None) -> dict | None:
        """El estado del caso para la página del caso (y el aviso si acaba de volver a revisión)."""
        if self.motor is None:
            return None
        estado = estados.estado_de(self.motor, nombre)
        aviso = None
        # Solo si el archivo ya no es el aprobado se abre la transacción que lo regresa a revisión.
        if texto is not None and estado["sha256_aprobado"] and estado["sha256_aprobado"] != congelado.sha256_de(texto):
            aviso = congelado.revisar(self.motor, nombre, texto, permisos.usuario_actual(), self.carpeta)
            estado = estados.estado_de(self.motor, nombre)
        return {**estado, "aviso": aviso}


def instalar(app, casos, leer, pagina_de_error, motor, recursos=None) -> Comite:
    """Registra las rutas del Comité. ``motor``: el del registro (o su URL; None: sin base,
    y entonces la página lo dice y no hay aprobación ni bitácora)."""
    if isinstance(motor, str):
        motor = motor_del_registro(motor)
    comite = Comite(motor, casos.carpeta)
    for endpoint, permiso in _RUTAS.items():
        permisos.exigir(endpoint, permiso)

    def resumen_para_plantilla(nombre: str):
        ruta = casos.carpeta / nombre
        try:
            texto = ruta.read_text(encoding="utf-8") if ruta.is_file() else None
        except (OSError, UnicodeDecodeError):
            texto = None
        return comite.resumen(nombre, texto)

    app.jinja_env.globals["comite_de"] = resumen_para_plantilla
    app.jinja_env.globals["estados_del_comite"] = lambda nombres: (
        {c: (e, estados.NOMBRES_DE_ESTADO.get(e, e)) for c, e in estados.estados_de_casos(motor, nombres).items()}
        if motor is not None else {})

    def _limitar_la_firma():
        # Antes que cualquier otra revisión (la del CSRF lee el formulario): una petición de
        # firma más grande que una e.firma no se lee, así Werkzeug nunca la pasa a un archivo.
        # Tampoco una por trozos, sin Content-Length: Werkzeug pasaría la llave a un temporal.
        largo = request.content_length
        if request.endpoint == "comite_firmar" and request.method == "POST" and (
                (largo or 0) > LIMITE_FIRMA or largo is None and (
                    request.headers.get("Transfer-Encoding") or request.environ.get("wsgi.input_terminated"))):
            abort(413)
    app.before_request_funcs.setdefault(None, []).insert(0, _limitar_la_firma)

    def pagina(nombre: str, mensaje: str | None = None, error: bool = False, estado: int = 200):
        _, texto = leer(nombre)
        if motor is None:
            return render_template("comite.html", nombre=nombre, sin_base=True, mensaje=mensaje, error=error), estado
        resumen = comite.resumen(nombre, texto)
        if resumen["aviso"]:
            mensaje, error = resumen["aviso"] + (" " + mensaje if mensaje else ""), True
        firmado_pdf = congelado.ruta_firmado(casos.carpeta, nombre)
        return render_template(
            "comite.html", nombre=nombre, sin_base=False, e=resumen, mensaje=mensaje, error=error,
            entradas=list(reversed(bitacora.de_caso(motor, nombre, limite=MAXIMO_DE_ENTRADAS))),
            maximo=MAXIMO_DE_ENTRADAS, puede=permisos.puede_actual,
            quien=permisos.usuario_actual(), hay_firmado=firmado_pdf.is_file() and bool(resumen["firmas"]),
            sentidos=estados.NOMBRES_DE_SENTIDO, sesion_del_caso=_sesion_del_caso(recursos, texto, nombre),
            nombre_firmado=firmado_pdf.name), estado

    def hecho(nombre: str, mensaje: str):
        session["aviso_comite"] = mensaje
        return redirect(url_for("comite", nombre=nombre))

    def accion(nombre: str, hacer, mensaje: str):
        _, texto = leer(nombre)
        if motor is None:
            return pagina(nombre, "Sin base de datos no hay aprobación.", True, 409)
        try:
            congelado.revisar(motor, nombre, texto, permisos.usuario_actual(), casos.carpeta)
            resultado = hacer(texto)
        except ErrorDeUsuario as exc:
            return pagina(nombre, "No se pudo: " + exc.texto() + ".", True, 409)
        return hecho(nombre, resultado if isinstance(resultado, str) else mensaje)

    @app.get("/caso/<nombre>/comite", endpoint="comite")
    def comite_del_caso(nombre: str):
        return pagina(nombre, session.pop("aviso_comite", None))

    @app.post("/caso/<nombre>/comite/enviar")
    def comite_enviar(nombre: str):
        def enviar(texto: str):
            _sin_errores(recursos, texto, nombre, "enviarlo al Comité")
            return estados.enviar_a_revision(motor, nombre, permisos.usuario_actual(),
                                             comentario=request.form.get("comentario", ""))
        return accion(nombre, enviar, "Enviado a revisión del Comité: sus integrantes ya pueden votar.")

    @app.post("/caso/<nombre>/comite/votar")
    def comite_votar(nombre: str):
        sentido = request.form.get("sentido", "")
        return accion(nombre, lambda texto: estados.votar(motor, nombre, permisos.usuario_actual(), sentido,
                                                          request.form.get("comentario", ""),
                                                          sha256=congelado.sha256_de(texto)),
                      f"Voto registrado: {estados.NOMBRES_DE_SENTIDO.get(sentido, sentido).lower()}.")

    @app.post("/caso/<nombre>/comite/aprobar")
    def comite_aprobar(nombre: str):
        def aprobar(texto: str):
            _sin_errores(recursos, texto, nombre, "aprobarlo")
            _, fecha_del_caso, _ = _sesion_del_caso(recursos, texto, nombre)
            if fecha_del_caso and request.form.get("fecha_sesion", "") != fecha_del_caso:
                # La bitácora y el documento firmado dirían dos sesiones distintas.
                raise ErrorDeUsuario(f"la fecha de la sesión ({request.form.get('fecha_sesion', '') or 'vacía'}) no es "
                                     f"la que dice la resolución ({fecha_del_caso}, en «Sesión»); corrija una de las "
                                     "dos para que el registro y el documento coincidan")
            return estados.aprobar(motor, nombre, permisos.usuario_actual(), request.form.get("sesion", ""),
                                   request.form.get("fecha_sesion", ""), sha256=congelado.sha256_de(texto))
        return accion(nombre, aprobar,
                      "Aprobado en la sesión del Comité. El caso queda congelado: si cambia, vuelve a revisión.")

    @app.post("/caso/<nombre>/comite/devolver")
    def comite_devolver(nombre: str):
        return accion(nombre, lambda _: estados.devolver(motor, nombre, permisos.usuario_actual(),
                                                         request.form.get("motivo", "")),
                      "Devuelto a borrador, con el motivo en la bitácora.")

    @app.post("/caso/<nombre>/comite/firmar")
    def comite_firmar(nombre: str):
        if request.content_length is None or request.content_length > LIMITE_FIRMA:
            abort(413)
        ruta, _ = leer(nombre)
        cer, key = request.files.get("cer"), request.files.get("key")
        if cer is None or key is None or not cer.filename or not key.filename:
            return pagina(nombre, "No se pudo firmar: elija su certificado (.cer) y su llave privada (.key).",
                          True, 400)

        def firmar(texto: str) -> str:
            credencial = cargar_credencial(cer.read(), key.read(), request.form.get("clave", ""))
            quien = permisos.usuario_actual()
            hecho_ = firmado.firmar_caso(
                motor, nombre, quien, carpeta_casos=casos.carpeta, texto_yaml=texto,
                generar_pdf=lambda: _pdf_de(recursos, texto, ruta), credencial=credencial,
                nombres=_nombres_a_buscar(texto, nombre, quien, credencial.titular),
                razon=f"Resolución aprobada por el Comité de Transparencia ({estados.estado_de(motor, nombre)['sesion']})",
                tsa=current_app.config.get("RESOLUCIONES_TSA") or os.environ.get("RESOLUCIONES_TSA") or None)
            if hecho_["visible"]:
                return f"Firmado por {credencial.titular} (firma {hecho_['firmas']} del PDF), sobre su nombre."
            return (f"Firmado por {credencial.titular} (firma {hecho_['firmas']} del PDF). No se encontró su nombre "
                    "en el bloque de firmas: la firma va en un campo invisible (se ve en el panel de firmas del "
                    "lector de PDF).")
        return accion(nombre, firmar, "Firmado.")

    @app.get("/caso/<nombre>/firmado.pdf")
    def comite_firmado(nombre: str):
        ruta = congelado.ruta_firmado(casos.carpeta, casos.ruta(nombre).name)
        if motor is None or not ruta.is_file():
            abort(404)
        datos = ruta.read_bytes()
        comite.anotar("descargar", nombre, {"formato": "pdf", "firmado": True, "sha256": _sha(datos)})
        return Response(datos, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{ruta.stem}-firmado.pdf"'})

    @app.after_request
    def _anotar_lo_demas(respuesta):
        if motor is None or request.method not in ("GET", "POST"):
            return respuesta
        endpoint, nombre = request.endpoint, (request.view_args or {}).get("nombre")
        try:
            if endpoint == "descargar" and respuesta.status_code == 200:
                comite.anotar("descargar", nombre, {"formato": request.view_args.get("formato"),
                                                    "sha256": _sha(respuesta.get_data())})
            elif endpoint in ("vista", "vista_pdf") and respuesta.status_code == 200:
                comite.anotar("generar", nombre, {"formato": "pdf" if endpoint == "vista_pdf" else "html",
                                                  "vista_previa": True})
            elif endpoint == "nuevo" and respuesta.status_code in (301, 302, 303):
                creado = unquote(urlsplit(respuesta.location or "").path.rstrip("/").rsplit("/", 1)[-1])
                comite.anotar("caso_creado", creado, {"a_partir_de": request.form.get("a_partir_de") or None})
        except (ErrorDeUsuario, SQLAlchemyError) as exc:  # la base cayó: queda en el registro del servidor
            _registro.error("bitácora: no se pudo anotar %s de %s: %s", endpoint, nombre, _explicar(exc))
        return respuesta

    return comite


def _explicar(exc: Exception) -> str:
    if isinstance(exc, ErrorDeUsuario):
        return exc.texto()
    return "la base de datos no respondió: " + (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]


def _sesion_del_caso(recursos, texto: str | None, nombre: str) -> tuple[str, str | None, str]:
    """El nombre y la fecha de la sesión que dice el caso («Cuarta sesión ordinaria de 2026»,
    «2026-05-04») y la fecha que el formulario de aprobación propone: la de la sesión o, sin
    ella, la de la resolución (proponía la de hoy, y la bitácora guardaba una sesión y el PDF
    aprobado decía otra). Del expediente ya validado (los tipos del modelo); uno que no se lee
    no propone nada."""
    try:
        exp = recursos.caso_desde_bytes((texto or "").encode("utf-8"), nombre).expediente
    except (ErrorDeUsuario, AttributeError):
        return "", None, ""
    sesion = exp.sesion
    fecha = sesion.fecha.isoformat() if sesion is not None and sesion.fecha else None
    titulo = ""
    if sesion is not None and sesion.numero and sesion.numero <= 99 and sesion.tipo:
        anio = f" de {fecha[:4]}" if fecha else ""
        titulo = f"{ordinal(sesion.numero, mayuscula_inicial=True, genero=FEMENINO)} sesión {sesion.tipo}{anio}"
    return titulo, fecha, fecha or exp.fecha.isoformat()


def _sha(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def _sin_errores(recursos, texto: str, nombre: str, para: str) -> None:
    """Al Comité no va (ni sale aprobado) un caso con errores de la revisión: lo que se vota
    es lo que se va a firmar."""
    if recursos is None:
        return
    try:
        errores = [h for h in revisar_caso(recursos.caso_desde_bytes(texto.encode("utf-8"), nombre))
                   if h.nivel == "error"]
    except ErrorDeUsuario as exc:
        raise ErrorDeUsuario(f"el caso no se puede leer ({exc.texto()}); corríjalo antes de {para}") from None
    if errores:
        raise ErrorDeUsuario(f"el caso tiene {len(errores)} error(es) de la revisión (el primero: {errores[0]}); "
                             f"corríjalos antes de {para}")


def _pdf_de(recursos, texto: str, ruta: Path) -> bytes:
    """El PDF final del YAML aprobado (el mismo armado y LibreOffice caliente que la vista previa)."""
    if recursos is None:
        raise ErrorDeUsuario("la página no tiene el catálogo para generar el PDF")
    return docx_a_pdf_caliente(generar_docx(recursos.caso_desde_bytes(texto.encode("utf-8"), str(ruta))))


def _sin_acentos(texto: str) -> list[str]:
    plano = "".join(c for c in unicodedata.normalize("NFD", texto.lower()) if unicodedata.category(c) != "Mn")
    return [p for p in "".join(c if c.isalnum() else " " for c in plano).split() if p not in _TITULOS]


def _nombres_a_buscar(texto: str, nombre: str, quien, titular: str) -> list[str]:
    """Los nombres del bloque de firmas que son de quien firma: el de su cuenta y los
    firmantes del caso cuyo nombre (sin títulos ni acentos) está en el titular de la e.firma."""
    try:
        datos = leer_yaml(texto, nombre).datos or {}
    except ErrorDeUsuario:
        datos = {}
    propios = set(_sin_acentos(titular)) | set(_sin_acentos("" if quien.local else quien.nombre))
    salida = [] if quien.local or not quien.nombre else [quien.nombre]
    firmantes = datos.get("firmantes") if isinstance(datos, dict) else None
    for firmante in firmantes if isinstance(firmantes, list) else []:
        candidato = str(firmante.get("nombre") or "") if isinstance(firmante, dict) else ""
        palabras = _sin_acentos(candidato)
        if len(palabras) >= 2 and set(palabras) <= propios:
            salida[:0] = [candidato, candidato.upper()]  # el bloque de firmas suele ir en mayúsculas
    return salida
