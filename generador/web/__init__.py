"""``resoluciones servir``: una aplicación web local para redactar sin terminal.

Flask con HTML generado en el servidor y un poco de JavaScript propio (sin pasos de
compilación ni recursos de internet). Los casos son los mismos archivos YAML que lee
el CLI, en una carpeta; la página los lee y los escribe de forma atómica, conserva lo
que alguien editó a mano (comentarios incluidos) y no pisa un archivo que cambió en el
disco desde que se abrió.

Seguridad: escucha en 127.0.0.1 salvo que se dé un token (``seguridad.py``: Host,
token, Origin, ``no-store``); cada formulario y cada llamada que cambia algo lleva un
token CSRF; los nombres de archivo se validan y nunca salen de la carpeta de casos; el
tamaño de lo que se envía está limitado; todo se escapa; las plantillas de los autores
se ejecutan solo en el entorno aislado.

Guardar nunca pierde datos: solo se borra lo que la página mostraba (``formulario.py``);
un archivo que la página no puede representar (anclas, un tabulador que ruamel no lee)
no se guarda desde ella; la comprobación de la versión en disco y la escritura van bajo
un candado (``guardado.py``).
"""

from __future__ import annotations

import errno
import hmac
import logging
import os
import secrets
import socket
from pathlib import Path

from flask import (
    Flask,
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from ruamel.yaml.error import YAMLError
from werkzeug.serving import make_server

from ..catalogo.busqueda import buscar, palabras_de
from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import formatear_ruta
from ..plantillas.esqueletos import esqueleto, tipos_disponibles
from ..plantillas.perfil import instituciones_disponibles
from ..rutas import carpetas_de_plantillas
from ..salida import RESERVADOS_EN_WINDOWS, escribir_atomico
from . import cuentas_web, fusion, rutas_aprobacion, seguridad
from .a_partir_de import a_partir_de
from .aplicacion import Aplicacion
from .casos import LIMITE_BYTES, NOMBRE_VALIDO, Casos
from .casos import huella as _huella
from .envio import Peticion, clases_del_formulario, datos_del_formulario
from .formulario import campo_mas_cercano, campos_de, fecha_valida, nodos
from .guardado import candado, motivo_no_editable
from .horas import hora_local, nombre_de_la_zona
from .ida_y_vuelta import no_mostrados, yaml_actualizado
from .pasos import IDS as PASOS
from .pasos import mapa_de_campos, repartir
from .propuestas import (
    con_oficio,
    fecha_elegida,
    fecha_pedida,
    institucion_del_oficio,
    miembros_del_perfil,
    nombre_de_oficio,
    proponer,
)
from .recursos import Recursos
from .revision_completa import hallazgos_de, hallazgos_del_formulario
from .rutas_documento import instalar as instalar_rutas_del_documento
from .rutas_pasos import hay_conversor_pdf
from .rutas_pasos import instalar as instalar_rutas_de_pasos
from .variables import tipar, unidades_de


def crear_app(carpeta: Path, catalogos: list[Path] | None = None, plantillas: list[Path] | None = None, *,
              token: str | None = None, nombres: tuple[str, ...] = (), anfitrion: str = "127.0.0.1",
              puerto: int | None = None, registro: str | None = None) -> Flask:
    """La aplicación. ``token``: si se da, toda petición debe autenticarse; ``nombres``: los
    anfitriones que se aceptan en «Host» además de los locales; ``puerto``: el del servidor,
    que deben llevar los nombres locales (None: cualquiera, p. ej. en las pruebas); ``registro``: la URL
    del registro de resoluciones donde queda cada descarga (None: no se registra)."""
    app = Aplicacion(__name__, template_folder="paginas", static_folder="estaticos")
    app.request_class = Peticion  # el formulario entero en cada validación en vivo: leído más rápido
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=LIMITE_BYTES,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    casos = Casos(carpeta)
    catalogos = catalogos or []
    plantillas = plantillas or []
    recursos = Recursos(catalogos, plantillas)  # el catálogo en memoria mientras sus archivos no cambien
    seguridad.instalar(app, token=token, nombres=seguridad.nombres_permitidos(anfitrion, nombres), puerto=puerto)
    cuentas_web.instalar(app, registro, abierto_sin_token=not (seguridad.es_local(anfitrion) or token))  # issue 20

    # --- CSRF --------------------------------------------------------------------------
    def token_csrf() -> str:
        if "sesion" not in session:
            session["sesion"] = secrets.token_hex(16)
        return hmac.new(app.config["SECRET_KEY"], session["sesion"].encode(), "sha256").hexdigest()

    @app.before_request
    def _csrf():
        if request.method == "POST":
            enviado = request.form.get("csrf") or request.headers.get("X-CSRF-Token", "")
            if not enviado or not hmac.compare_digest(enviado.encode(), token_csrf().encode()):
                abort(400, "Falta el token de seguridad del formulario (CSRF); recargue la página.")

    @app.after_request
    def _cabeceras(respuesta: Response) -> Response:
        # Solo las vistas previas pueden mostrarse dentro de la propia página (paso «Revisión»).
        marco = "'self'" if request.endpoint in ("vista", "vista_pdf") else "'none'"
        respuesta.headers["Content-Security-Policy"] = (
            f"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors {marco}; "
            "form-action 'self'; base-uri 'none'")
        respuesta.headers["X-Content-Type-Options"] = "nosniff"
        # «same-origin» y no «no-referrer»: con este último el navegador manda «Origin: null»
        # en los formularios de la propia página y la revisión de origen no podría distinguirlos.
        respuesta.headers["Referrer-Policy"] = "same-origin"
        return respuesta

    app.jinja_env.globals["csrf"] = token_csrf
    app.jinja_env.globals["fecha_valida"] = fecha_valida
    app.jinja_env.filters["hora_local"] = hora_local
    app.jinja_env.globals["zona_horaria"] = nombre_de_la_zona

    def _volver() -> str:
        """A dónde lleva «Volver» en una página de error: al caso, si existe y el error no
        fue al abrirlo; si no, al inicio. Un enlace de verdad (la CSP bloquea javascript:)."""
        nombre = (request.view_args or {}).get("nombre")
        if (nombre and NOMBRE_VALIDO.match(nombre) and request.endpoint != "caso"
                and (casos.carpeta / nombre).is_file()):
            return url_for("caso", nombre=nombre)
        return url_for("inicio")

    def pagina_de_error(mensaje: str, estado: int, hallazgos=None):
        # El nombre del caso, no dónde está en el servidor (un error de lectura lo decía).
        mensaje = mensaje.replace(str(casos.carpeta) + os.sep, "")
        if request.path.startswith("/api/"):
            return jsonify({"error": mensaje}), estado
        return render_template("error.html", mensaje=mensaje, hallazgos=hallazgos, volver=_volver()), estado

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(409)
    @app.errorhandler(413)
    def _error(error):
        mensajes = {404: "No existe esa página o ese caso.", 405: "Esa acción no existe en esta página.",
                    413: "Lo enviado es demasiado grande (máximo 2 MB)."}
        mensaje = mensajes.get(error.code) or getattr(error, "description", "") or "Solicitud no válida."
        return pagina_de_error(mensaje, error.code)

    @app.errorhandler(500)
    def _error_interno(error):
        """Lo imprevisto: la traza va a la terminal del servidor, nunca a la página."""
        original = getattr(error, "original_exception", None)
        logging.getLogger(__name__).error("error interno en %s", request.path, exc_info=original)
        return pagina_de_error("Ocurrió un error inesperado; no se modificó ningún archivo. El detalle quedó en la "
                               "terminal donde corre «resoluciones servir».", 500)

    # --- Utilidades ---------------------------------------------------------------------
    def leer(nombre: str) -> tuple[Path, str]:
        ruta = casos.ruta(nombre)
        if not ruta.is_file():
            abort(404)
        try:
            return ruta, ruta.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            abort(400, f"«{nombre}» no está en UTF-8; guárdelo con esa codificación desde su editor.")
        except OSError as exc:
            abort(400, f"No se pudo leer «{nombre}» ({exc.strerror or exc}).")

    def revisar(texto: str, nombre: str) -> tuple[list[dict], object | None]:
        """Hallazgos del texto de un expediente (los de forma y los jurídicos, juntos) y el
        caso leído (o None si no se pudo leer)."""
        return hallazgos_de(texto, nombre, recursos.caso_desde_bytes, _hallazgo_de)

    def datos_de(texto: str) -> dict:
        return fusion.datos_de(texto) or {}

    # --- Páginas ------------------------------------------------------------------------
    @app.get("/")
    def inicio():
        bases = carpetas_de_plantillas(plantillas)
        return render_template("inicio.html", casos=casos.listar(), tipos=tipos_disponibles(bases),
                               instituciones=instituciones_disponibles(bases), carpeta=casos.carpeta,
                               hoy=fecha_elegida(None).isoformat())

    @app.post("/nuevo")
    def nuevo():
        escrito = request.form.get("nombre", "").strip()
        nombre = escrito or nombre_de_oficio(request.form.get("oficio", ""))
        if not nombre.endswith((".yaml", ".yml")):
            nombre += ".yaml"
        ruta = casos.ruta(nombre) if NOMBRE_VALIDO.match(nombre) else None
        if ruta is None and not escrito and not request.form.get("oficio", "").strip():
            abort(400, "Escriba el número de oficio de la resolución (de él sale el nombre del archivo) o, si aún no "
                       "lo tiene, un «Nombre del archivo» (p. ej. «solicitud-0001»).")
        if ruta is None and not escrito:
            abort(400, "No se pudo sacar un nombre de archivo del número de oficio: escriba uno en «Nombre del "
                       "archivo» (letras sin acentos ni ñ, números, «-» y «_»; p. ej. «solicitud-0001»).")
        if ruta is None:
            abort(400, "Nombre de archivo no válido: use letras sin acentos ni ñ, números, «-» y «_», sin espacios "
                       "(p. ej. «solicitud-0001»).")
        if nombre.partition(".")[0].upper() in RESERVADOS_EN_WINDOWS:
            abort(400, f"«{nombre.partition('.')[0]}» es un nombre que Windows reserva para un dispositivo: el archivo "
                       "no se podría abrir ni copiar ahí. Elija otro (p. ej. «solicitud-0001»).")
        if ruta.exists():
            abort(400, f"Ya existe un caso llamado «{nombre}»: ábralo desde la lista o elija otro nombre.")
        # La institución y el tipo se eligen de una lista: nunca se usan como ruta. Un caso
        # nuevo «a partir de» otro (de la lista de casos) toma los de ese caso.
        bases = carpetas_de_plantillas(plantillas)
        tipo, institucion = request.form.get("tipo", "reserva"), request.form.get("institucion", "")
        anterior = request.form.get("a_partir_de", "")
        if anterior:
            anterior = leer(anterior)[1] if anterior in casos.listar() else abort(400, "Ese caso no existe.")
            tipo, institucion = (str(datos_de(anterior).get(k) or "") for k in ("tipo", "institucion"))
        try:
            fecha = fecha_pedida(request.form.get("fecha"))
        except ErrorDeUsuario as exc:
            abort(400, exc.texto())
        institucion = institucion or institucion_del_oficio(request.form.get("oficio", ""), fecha, plantillas)
        if institucion not in instituciones_disponibles(bases):
            abort(400, "Institución desconocida; elija una de la lista: "
                       + ", ".join(instituciones_disponibles(bases)) + ".")
        if tipo not in tipos_disponibles(bases):
            abort(400, "Tipo de resolución desconocido; elija uno de la lista: " + ", ".join(tipos_disponibles(bases))
                  + ".")
        try:
            texto = con_oficio(esqueleto(tipo, institucion, fecha, nombre, plantillas), request.form.get("oficio", ""))
            texto = a_partir_de(texto, anterior) if anterior else texto
            escribir_atomico(ruta, texto.encode("utf-8"))
        except YAMLError:
            abort(400, "No se pudo leer el caso del que se parte; ábralo para ver por qué.")
        except ErrorDeUsuario as exc:
            abort(400, exc.texto())
        return redirect(url_for("caso", nombre=nombre))

    @app.get("/caso/<nombre>")
    def caso(nombre: str):
        _, texto = leer(nombre)
        # Recién guardado (la huella de lo que se escribió es la del archivo): la página le dice al
        # navegador que el borrador que guardó al enviar ya está en el disco y puede olvidarlo.
        guardado = session.pop("guardado", None) == _huella(texto)
        return _pagina_caso(nombre, texto, datos_de(texto), mensaje=session.pop("aviso", None),
                            paso=request.args.get("paso", ""), descargar=request.args.get("descargar", ""),
                            guardado=guardado)

    def _pagina_caso(nombre, texto, datos, mensaje=None, conflicto=False, estado=200, paso="", descargar="",
                     guardado=False):
        cat = recursos.catalogo()
        clausulas: dict[str, list[str]] = {}
        for id_, clausula in sorted(cat.clausulas.items()):
            clausulas.setdefault(clausula.tipo, []).append(id_)
        hallazgos, _ = revisar(texto, nombre)
        arbol = tipar(nodos(datos, clausulas), cat.clausulas)
        existentes = campos_de(arbol)
        por_campo: dict[str, list[dict]] = {}
        for h in hallazgos:
            por_campo.setdefault(campo_mas_cercano(h.get("campo") or "", existentes), []).append(h)
        en_disco = datos_de(texto)
        pasos = repartir(arbol, hallazgos)
        activo = paso if paso in PASOS or paso == "todo" else ("todo" if conflicto else PASOS[0])
        return render_template("caso.html", nombre=nombre, nodos=arbol, huella=_huella(texto),
                               pasos=pasos, activo=activo, mapa_pasos=mapa_de_campos(pasos),
                               unidades=unidades_de(datos), causales=sorted(cat.causales.values(), key=lambda c: c.titulo),
                               con_pdf=hay_conversor_pdf(), miembros=[] if datos.get("firmantes") else
                               miembros_del_perfil(datos.get("institucion"), datos.get("fecha"), plantillas), fecha_caso=str(datos.get("fecha") or ""),
                               descargar=descargar if descargar in ("docx", "pdf") else "", guardado=guardado,
                               hallazgos=hallazgos, por_campo=por_campo, mensaje=mensaje,
                               conflicto=conflicto, no_editable=recursos.motivo_no_editable(texto, nombre),
                               ocultos=no_mostrados(en_disco, nodos(en_disco, clausulas))), estado

    @app.post("/caso/<nombre>")
    def guardar(nombre: str):
        ruta = casos.ruta(nombre)
        datos, problemas = datos_del_formulario(request.form)
        datos = proponer(datos, miembros_del_perfil(datos.get("institucion"), datos.get("fecha"), plantillas)
                         if request.args.get("firmantes") == "perfil" else None)
        clases = clases_del_formulario(request.form)
        # Leer, comparar con la versión que vio la página y escribir, todo bajo el candado:
        # de varios guardados simultáneos de la misma versión gana uno solo.
        _, texto = leer(nombre)  # lo que se muestra si el candado o la escritura fallan
        falla = None
        try:
            with candado(ruta):
                _, texto = leer(nombre)
                motivo = motivo_no_editable(texto, nombre)
                if motivo is None and not problemas and request.form.get("__huella__") == _huella(texto):
                    nuevo = yaml_actualizado(texto, datos, clases)
                    ilegible = motivo_no_editable(nuevo, nombre)
                    if ilegible is not None:
                        # Nunca se escribe un archivo que el programa mismo no puede volver a leer.
                        raise ErrorDeUsuario(f"el archivo que resultaría no se puede volver a leer ({ilegible}); "
                                             "es un error del programa: por favor, infórmelo")
                    escribir_atomico(ruta, nuevo.encode("utf-8"), sobrescribir=True)
                    session["aviso"] = comite.guardado(nombre, texto, ruta.read_text(encoding="utf-8"))
                    session["guardado"] = _huella(nuevo)
                    return redirect(_despues_de_guardar(nombre))
        except (ErrorDeUsuario, OSError) as exc:
            falla = exc.texto() if isinstance(exc, ErrorDeUsuario) else (exc.strerror or str(exc))
        if falla is not None:
            # Disco lleno, carpeta de solo lectura…: el archivo sigue como estaba y lo escrito
            # se vuelve a mostrar para no perderlo.
            return _pagina_caso(nombre, texto, datos, conflicto=True, estado=507,
                                mensaje=f"No se guardó: {falla}. El archivo no cambió; abajo sigue lo que "
                                        "usted escribió.")
        if motivo is not None:
            return _pagina_caso(nombre, texto, datos_de(texto), conflicto=True, estado=422,
                                mensaje="No se guardó, para no perder datos del archivo.")
        if request.form.get("__huella__") != _huella(texto) and not problemas and motivo is None:
            # Alguien guardó mientras tanto: si los campos que esta persona cambió siguen en el
            # archivo como ella los vio, se escriben solo esos y se conservan los de la otra.
            pares = fusion.cambiados(request.form)
            if pares is not None:
                try:
                    with candado(ruta):
                        _, texto = leer(nombre)
                        juntos = fusion.fusionar(texto, request.form, pares)
                        if juntos.texto is not None and motivo_no_editable(juntos.texto, nombre) is None:
                            escribir_atomico(ruta, juntos.texto.encode("utf-8"), sobrescribir=True)
                            session["aviso"] = (comite.guardado(nombre, texto, ruta.read_text(encoding="utf-8"))
                                                + " Mientras usted editaba, otra persona guardó cambios en otros "
                                                "campos; se conservaron los de las dos.")
                            session["guardado"] = _huella(juntos.texto)
                            return redirect(_despues_de_guardar(nombre))
                except (ErrorDeUsuario, OSError) as exc:
                    return _pagina_caso(nombre, texto, datos, conflicto=True, estado=507,
                                        mensaje=f"No se guardó: {exc.texto() if isinstance(exc, ErrorDeUsuario) else exc}"
                                                ". El archivo no cambió; abajo sigue lo que usted escribió.")
                choques = juntos.choques
            else:
                choques = []
            en_disco = datos_de(texto)
            if choques:
                return _pagina_caso(
                    nombre, texto, datos, conflicto=True, estado=409,
                    mensaje="No se guardó: mientras usted editaba, otra persona guardó otro valor en "
                            + ", ".join(f"«{c}»" for c in choques[:10]) + (" y otros" if len(choques) > 10 else "")
                            + ", que usted también cambió. Abajo sigue lo que usted escribió; compárelo con lo que "
                            "dice ahora el archivo (recargue la página en otra pestaña) y decida. Si vuelve a "
                            "guardar, su versión reemplazará la del disco.")
        if request.form.get("__huella__") != _huella(texto):
            # Alguien cambió el archivo desde que se abrió la página: no se pisa. Se vuelve a
            # mostrar lo que la persona escribió (no se pierde) y se le dice qué cambió en el
            # disco, para que decida; si guarda de nuevo, su versión reemplaza a la del disco.
            en_disco = datos_de(texto)
            de_la_pagina = datos_de(yaml_actualizado(texto, datos, clases)) if not problemas else datos
            distintos = sorted(k for k in set(en_disco) | set(de_la_pagina) if en_disco.get(k) != de_la_pagina.get(k))
            return _pagina_caso(
                nombre, texto, datos, conflicto=True, estado=409,
                mensaje="El archivo cambió en el disco desde que abrió esta página, así que no se guardó. Abajo "
                        "sigue lo que usted escribió. Difiere del archivo en: " + (", ".join(distintos) or "nada")
                        + ". Si vuelve a guardar, su versión reemplazará la del disco; si no, recargue la página.")
        return _pagina_caso(nombre, texto, datos, mensaje="No se guardó: " +
                            "; ".join(f"{c}: {m}" for c, m in problemas), estado=400)

    instalar_rutas_del_documento(app, recursos, leer, revisar, pagina_de_error, registro)

    def _despues_de_guardar(nombre: str) -> str:
        """El paso al que vuelve la página («Guardar y seguir» lleva al siguiente) y, si se
        guardó para descargar, la descarga que sigue (lo descargado es lo que se veía)."""
        paso = request.form.get("__siguiente__") or request.form.get("__paso__", "")
        descargar = request.form.get("__despues__", "")
        argumentos = {"paso": paso} if paso in PASOS or paso == "todo" else {}
        if descargar in ("docx", "pdf"):
            argumentos["descargar"] = descargar
        return url_for("caso", nombre=nombre, **argumentos)

    instalar_rutas_de_pasos(app, casos, recursos, leer, pagina_de_error)
    comite = rutas_aprobacion.instalar(app, casos, leer, pagina_de_error, registro, recursos)  # bitácora, Comité

    # --- API para la página (JSON) ------------------------------------------------------
    @app.post("/api/validar/<nombre>")
    def api_validar(nombre: str):
        _, texto = leer(nombre)
        datos, problemas = datos_del_formulario(request.form)
        hallazgos = [{"nivel": "error", "codigo": "FORM", "campo": _ruta_visible(c), "mensaje": m}
                     for c, m in problemas]
        motivo = recursos.motivo_no_editable(texto, nombre)
        if motivo is not None:
            hallazgos.append({"nivel": "error", "codigo": "FORM", "campo": "",
                              "mensaje": f"Este archivo no se puede editar en la página: {motivo}"})
        elif not problemas:
            hallazgos = hallazgos_del_formulario(texto, nombre, datos, request.form, recursos, _hallazgo_de)
        return jsonify({"hallazgos": hallazgos})

    @app.get("/api/clausula/<id_>")
    def api_clausula(id_: str):
        """Las variables que pide una cláusula, para llenarlas en la página."""
        clausula = recursos.catalogo().clausulas.get(id_)
        if clausula is None:
            abort(404)
        return jsonify({"id": id_, "titulo": clausula.titulo, "variables": [
            {"nombre": n, "descripcion": v.descripcion, "obligatoria": v.obligatoria and not v.por_fecha}
            for n, v in clausula.variables.items()]})

    @app.get("/api/catalogo")
    def api_catalogo():
        consulta = request.args.get("q", "")[:200]
        if len("".join(palabras_de(consulta))) < 2:
            return jsonify({"resultados": [], "total": 0})
        resultados = buscar(recursos.catalogo(), consulta)
        return jsonify({"resultados": [
            {"id": r.id, "cita": r.cita, "rubro": r.fundamento.disposicion.rubro or "",
             "texto": (r.fundamento.disposicion.texto or r.fundamento.disposicion.sin_texto or "")[:400]}
            for r in resultados[:50]], "total": len(resultados)})

    return app


def _ruta_visible(nombre: str) -> str:
    """«resolutivos.1.variables» → «resolutivos[2].variables», como en los hallazgos."""
    return formatear_ruta(tuple(int(p) if p.isdigit() else p for p in nombre.split(".")))


def _hallazgo_de(problema, nombre: str, codigo: str = "EXP-01") -> dict:
    campo = problema.ubicacion.campo
    return {"nivel": "error", "codigo": codigo, "mensaje": problema.mensaje, "campo": campo,
            "linea": problema.ubicacion.linea, "archivo": nombre, "lineamiento": None}


def crear_servidor(carpeta: Path, puerto: int, anfitrion: str, catalogos: list[Path], plantillas: list[Path], *,
                   token: str | None = None, nombres: tuple[str, ...] = (), registro: str | None = None):
    """El servidor WSGI de Werkzeug, con hilos (suficiente para una persona o una oficina),
    ya escuchando. Un puerto ocupado, o escuchar más allá de esta computadora sin token, es
    un ``ErrorDeUsuario``."""
    seguridad.revisar_escucha(anfitrion, token, con_cuentas=cuentas_web.hay_cuentas(registro))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # sin una línea en inglés por petición
    # Werkzeug avisa de un puerto ocupado en inglés y termina el proceso: se prueba antes.
    try:
        with socket.socket(socket.AF_INET6 if ":" in anfitrion else socket.AF_INET) as prueba:
            prueba.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            prueba.bind((anfitrion, puerto))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ErrorDeUsuario(f"el puerto {puerto} ya está en uso; pruebe con otro: --puerto {puerto + 1}") from None
        raise ErrorDeUsuario(f"no se pudo escuchar en {anfitrion}:{puerto} ({exc.strerror or exc})") from None
    app = crear_app(carpeta, catalogos, plantillas, token=token, nombres=nombres, anfitrion=anfitrion, puerto=puerto,
                    registro=registro)
    return make_server(anfitrion, puerto, app, threaded=True)
