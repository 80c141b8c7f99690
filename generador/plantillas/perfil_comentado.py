"""``resoluciones perfil nuevo``: un ``perfil.yaml`` comentado con todas las opciones.

Nadie debería empezar un perfil desde un archivo en blanco ni buscar en la documentación
qué opciones existen. Este archivo se escribe **a partir del modelo** (``Perfil`` y sus
partes): cada opción aparece con su descripción, su valor por omisión y un ejemplo, así que
una opción nueva del perfil sale aquí sola. Las obligatorias van escritas; las demás,
comentadas con su valor por omisión, para quitar el «#» de las que se quieran cambiar.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from ..modelos.anidados import modelos_de_anotacion
from ..modelos.base import BaseModel
from .perfil import Perfil

# Ejemplos por ruta de la opción (los obligatorios se escriben con estos valores).
EJEMPLOS: dict[str, Any] = {
    "id": "mi-institucion",
    "nombre": "Secretaría de Ejemplo",
    "siglas": "SE",
    "genero": "f",
    "lugar": "la Ciudad de México",
    "encabezado.siglas": "SE",
    "encabezado.institucion": ["SECRETARÍA DE EJEMPLO"],
    "encabezado.area": ["COMITÉ DE TRANSPARENCIA"],
    "formato.fuente": "Times New Roman",
    "formato.logo": "logo.png",
    "formato.paginacion": "Página {pagina} de {paginas}",
    "formato.pie": ["{comite} · {sesion}"],
    "formato.encabezado_adicional": ["Áreas: {areas}"],
    "formato.estilos": {"Encabezado siglas": {"fuente": "Arial Black", "tamano": 18}},
    "fechas.cuerpo": "letras",
    "fechas.hora": "mixta",
    "estructura.encabezado": "RESOLUCIÓN DEL {comite} EN EL EXPEDIENTE {expediente}",
    "estructura.rubro": ["expediente", "instancia"],
    "estructura.rubro_formato": "tabla",
    "estructura.rubro_etiquetas": {"expediente": "CLASIFICACIÓN DE INFORMACIÓN"},
    "estructura.glosario_en_citas": True,
    "estructura.glosario_linea": "{termino}.- {significado}.",
    "estructura.apertura": "vistos",
    "estructura.glosario": [{"termino": "Ley General",
                             "significado": "Ley General de Transparencia y Acceso a la Información Pública"}],
    "estructura.antecedentes.titulo": "RESULTANDOS",
    "estructura.antecedentes.numeracion": "ordinales",
    "estructura.considerandos.titulo": "CONSIDERACIONES",
    "estructura.considerandos.numeracion": "ordinales_f",
    "estructura.resolutivos.titulo": "ACUERDOS",
    "estructura.resolutivos.separador": ".-",
    "estructura.preambulo": ["{lugar}, a {fecha_cuerpo}."],
    "estructura.cierre": "Así lo resolvió el {comite}, {votacion}, en {lugar}, a {fecha}.",
    "estructura.cierre_mayusculas": False,
    "estructura.antes_de_resolutivos": "Por lo anteriormente expuesto y fundado, el {comite}:",
    "estructura.frases.solicitud.texto": "El {fecha} se recibió a través de {medio}, la solicitud tramitada con el "
                                         "folio {folio}, en la que se requirió:",
    "estructura.frases.turno.texto": "Por acuerdo de {fecha}, la Unidad de Transparencia integró el expediente "
                                     "{expediente} y lo turnó a {areas}.",
    "estructura.frases.requerimiento.texto": "Por oficio {oficio} de {fecha}, se solicitó a la {area}, en un plazo de "
                                             "{plazo},",
    "estructura.frases.respuesta.titulo": "Informe de la {unidad}.",
    "estructura.frases.respuesta.texto": "Mediante {medio} {referencia} de {fecha}, informó:",
    "estructura.frases.relacionados.texto": "Este expediente deriva de {relacionados}.",
    "estructura.frases.convocatoria.texto": "Por {oficio} de {fecha}, se convocó a la {sesion} del Comité.",
    "estructura.frases.competencia.texto": "El {comite} es competente para conocer del presente asunto, con "
                                           "fundamento en {fundamento}.",
    "estructura.frases.clasificacion.titulo": "Clasificación de la información {tipo}.",
    "estructura.frases.fundamento_clasificacion.texto": "Dicha clasificación encuentra sustento en {fundamento}.",
    "estructura.frases.inexistencia.titulo": "Inexistencia de la información.",
    "estructura.frases.incompetencia.titulo": "Notoria incompetencia.",
    "estructura.frases.ampliacion.texto": "La {unidad} justificó la ampliación como sigue:",
    "acta.desarrollo": "DESARROLLO DE LA SESIÓN",
    "acta.titulo": "ACTA DE LA SESIÓN ORDINARIA NÚMERO {numero} DEL {comite}",
    "acta.cierre": "Se levanta la sesión a {hora_cierre} del {fecha}, firmando quienes intervinieron.",
    "acta.invitados_aparte": True,
    "acta.frases.quorum.texto": "{quien} verificó la asistencia de {presentes} de {integrantes} integrantes.",
    "acta.frases.punto.titulo": "Asunto de la {unidad}.",
    "acta.frases.acuerdo.texto": "Se aprueba {determinacion}, con fundamento en {fundamento}, {votacion}.",
    "acta.frases.motivacion.titulo": "Exposición:",
    "acta.frases.analizado.texto": "En consecuencia, el Comité emite el siguiente:",
    "acta.frases.resumen.texto": "El Comité determinó {determinacion}.",
    "citas.marca_sic": "[sic]",
    "acta.apertura": "En {ciudad}, siendo {hora_inicio} del día {fecha}, en {sede}, se reunieron los integrantes del "
                     "{comite}: {asistentes}, para celebrar su {sesion}, bajo el siguiente:",
    "acta.fundamento_de_cada_integrante": True,
    "citas.fraccion_primero": True,
    "citas.ultimo_parrafo": True,
    "citas.transitorios": "agrupados",
    "citas.marca_omision_inicial": "[…]",
    "citas.marca_omision_final": "(…)",
    "citas.omision_final_en_linea": True,
    "citas.formas_cortas": [{"termino": "Ley General",
                             "significado": "Ley General de Transparencia y Acceso a la Información Pública"}],
    "citas.en_lo_sucesivo": "(en adelante, {termino})",
    "series_oficio": {"J": "CT-CI/J-{consecutivo}-{anio}", "A": "CT-CI/A-{consecutivo}-{anio}"},
    "patron_oficio": "CT/{anio}/{consecutivo:03d}",
    "dias_inhabiles": [{"desde": "2026-12-21", "hasta": "2026-12-31", "motivo": "Periodo vacacional"}],
    "miembros": [{"nombre": "María Elena Ruiz Campos", "honorifico": "Mtra.",
                  "cargo": "Titular de la Unidad de Transparencia", "rol": "Presidenta"}],
    "sujeto_obligado": "ejecutivo_federal",
    "autoridad_garante": "el Órgano Interno de Control",
    "plazo_respuesta": {"dias": 15, "fundamento": "artículo … de la ley local que lo fije"},
    "firmas": "dos_columnas",
    "plural": True,
}

_VALORES_DEL_ID = ("id", "nombre", "siglas", "encabezado.siglas")


def _yaml(valor: Any) -> str:
    """Un valor en YAML de una línea (JSON es YAML válido; los textos van entre comillas)."""
    if isinstance(valor, BaseModel):
        valor = valor.model_dump(mode="json", exclude_none=True)
    if valor is None:
        return "null"
    return json.dumps(valor, ensure_ascii=False, default=str)


def _modelo_del_campo(anotacion: Any) -> type[BaseModel] | None:
    """El modelo de un campo que es un modelo (o un modelo opcional), no una lista de ellos."""
    origen = typing.get_origin(anotacion)
    if origen in (list, dict, tuple, set, frozenset):
        return None
    modelos = modelos_de_anotacion(anotacion)
    return modelos[0] if modelos else None


def _por_omision(campo) -> Any:
    if campo.default_factory is not None:
        return campo.default_factory()
    return campo.default


def _lineas(modelo: type[BaseModel], prefijo: str, sangria: str, comentado: bool, salida: list[str],
            valores: dict[str, Any], defecto: BaseModel | None = None) -> None:
    for nombre, campo in modelo.model_fields.items():
        ruta = f"{prefijo}{nombre}"
        obligatorio = campo.is_required() and not comentado
        marca = "" if obligatorio else "# "
        if campo.description:
            salida.append(f"{sangria}# {campo.description}")
        submodelo = _modelo_del_campo(campo.annotation)
        ejemplo = valores.get(ruta, EJEMPLOS.get(ruta))
        if submodelo is not None and ruta not in EJEMPLOS:
            salida.append(f"{sangria}{marca}{nombre}:")
            hijo = getattr(defecto, nombre, None) if defecto is not None else (
                None if campo.is_required() else _por_omision(campo))
            _lineas(submodelo, ruta + ".", sangria + "  ", comentado or not campo.is_required(), salida, valores,
                    hijo if isinstance(hijo, BaseModel) else None)
            continue
        if obligatorio:
            salida.append(f"{sangria}{nombre}: {_yaml(ejemplo)}")
            continue
        if defecto is not None:
            por_omision = getattr(defecto, nombre)
        else:
            por_omision = ejemplo if campo.is_required() else _por_omision(campo)
        linea = f"{sangria}# {nombre}: {_yaml(por_omision)}"
        if ejemplo is not None and ejemplo != por_omision:
            linea += f"    # p. ej. {_yaml(ejemplo)}"
        salida.append(linea)


def perfil_comentado(id_: str = "mi-institucion", nombre: str | None = None, siglas: str | None = None) -> str:
    """El texto de un ``perfil.yaml`` válido con todas las opciones del perfil, comentadas."""
    valores = {"id": id_}
    if nombre:
        valores["nombre"] = nombre
    if siglas:
        valores["siglas"] = valores["encabezado.siglas"] = siglas
    salida = [
        "# Perfil de institución escrito por «resoluciones perfil nuevo».",
        "# Las opciones obligatorias ya tienen un valor de ejemplo: cámbielo. Las demás están",
        "# comentadas con su valor por omisión (y un ejemplo): quite el «#» de las que quiera usar.",
        "# Guárdelo en MIS_PLANTILLAS/instituciones/<id>/perfil.yaml (id = nombre de la carpeta) y",
        "# revíselo con: resoluciones plantillas validar MIS_PLANTILLAS",
        "",
    ]
    _lineas(Perfil, "", "", False, salida, valores)
    # «vigencias» no es un campo del modelo (se aplica antes de validarlo): va a mano.
    salida += [
        "",
        "# El perfil cambia con el tiempo (nombre, comité, integrantes): cada vigencia, desde una",
        "# fecha (y hasta otra, si termina), cambia estas mismas opciones; la resolución usa el perfil",
        "# de su fecha.",
        "# vigencias:",
        "#   - desde: 2027-01-01",
        "#     cambios: {nombre: Secretaría Nueva de Ejemplo, encabezado: {institucion: [SECRETARÍA NUEVA DE EJEMPLO]}}",
    ]
    return "\n".join(salida) + "\n"
