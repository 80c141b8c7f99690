"""Todos los hallazgos a la vez: los de forma y los jurídicos, juntos.

Un expediente con un error de forma (un campo vacío, una fecha que no existe, un id que
no está en el catálogo) no se puede leer, y la revisión jurídica necesita un expediente
leído: sin más, quien redacta vería los hallazgos jurídicos solo después de corregir los
de forma, de uno en uno. Aquí, para la página, se revisa además una copia «reparada» del
caso: cada campo con un error de forma se quita (si es opcional) o se llena con un valor
provisional (si es obligatorio), y los hallazgos jurídicos de esa copia se muestran junto
a los de forma, salvo los de los campos reparados (que hablarían del valor provisional).
La copia nunca se guarda ni se redacta: solo sirve para revisar.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
import typing
from typing import Any, Literal

import yaml

from ..errores import ErrorDeUsuario
from ..expediente import Expediente
from ..expediente.yaml_lineas import Documento, formatear_ruta, leer_yaml
from ..modelos.base import BaseModel
from ..tuberia import generar_docx, revisar_caso
from .envio import clases_del_formulario
from .formulario import _sin_opcional
from .ida_y_vuelta import yaml_actualizado

_PARTE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
# Campos de los que depende todo lo demás (el perfil, las leyes vigentes): si uno está mal,
# no hay copia que sirva para revisar.
_CENTRALES = {("fecha",), ("institucion",), ("tipo",), ()}
_VUELTAS = 6


def ruta_de(campo: str) -> tuple | None:
    """«respuestas[1].fecha» → («respuestas», 0, «fecha»); None si no es una ruta."""
    partes, visto = [], 0
    for m in _PARTE.finditer(campo or ""):
        if m.start() not in (visto, visto + 1):
            return None
        partes.append(m.group(1) if m.group(1) else int(m.group(2)) - 1)
        visto = m.end()
    return tuple(partes) if partes and visto == len(campo) else None


def _campo_del_modelo(ruta: tuple):
    """(tipo, obligatorio) del campo del expediente en ``ruta``, o None."""
    tipo: Any = Expediente
    obligatorio = True
    for parte in ruta:
        tipo = _sin_opcional(tipo)
        if typing.get_origin(tipo) is typing.Annotated:
            tipo = typing.get_args(tipo)[0]
        if isinstance(parte, int):
            if typing.get_origin(tipo) is not list:
                return None
            tipo, obligatorio = typing.get_args(tipo)[0], True
        elif isinstance(tipo, type) and issubclass(tipo, BaseModel) and parte in tipo.model_fields:
            info = tipo.model_fields[parte]
            tipo, obligatorio = info.annotation, info.is_required()
        else:
            return None
    tipo = _sin_opcional(tipo)
    if typing.get_origin(tipo) is typing.Annotated:
        tipo = typing.get_args(tipo)[0]
    return tipo, obligatorio


def _provisional(tipo: Any, fecha: Any) -> Any:
    if tipo is str:
        return "(pendiente)"
    if tipo is _dt.date:
        return fecha if isinstance(fecha, _dt.date) else _dt.date.today()
    if tipo is int:
        return 1
    if typing.get_origin(tipo) is Literal:
        return typing.get_args(tipo)[0]
    return None


def _reparar(datos: Any, ruta: tuple) -> bool:
    """Quita o llena el campo de ``ruta`` en ``datos``; False si no se puede."""
    if ruta in _CENTRALES or not ruta:
        return False
    campo = _campo_del_modelo(ruta)
    padre = datos
    for parte in ruta[:-1]:
        try:
            padre = padre[parte]
        except (KeyError, IndexError, TypeError):
            return False
    ultima = ruta[-1]
    if campo is None:  # un campo que no existe en el modelo: se quita
        if isinstance(padre, dict) and ultima in padre:
            del padre[ultima]
            return True
        return False
    tipo, obligatorio = campo
    if isinstance(ultima, int) and isinstance(padre, list) and 0 <= ultima < len(padre) and len(padre) > 1:
        del padre[ultima]  # un elemento de una lista (p. ej. un id que no está en el catálogo)
        return True
    if not isinstance(padre, dict):
        return False
    if not obligatorio:
        if ultima not in padre:
            return False
        del padre[ultima]
        return True
    valor = _provisional(tipo, datos.get("fecha") if isinstance(datos, dict) else None)
    if valor is None or padre.get(ultima) == valor:
        return False
    padre[ultima] = valor
    return True


def hallazgos_de(texto: str, nombre: str, caso_desde_bytes, como_hallazgo) -> tuple[list[dict], Any]:
    """(hallazgos, caso leído o None). ``caso_desde_bytes(bytes, nombre)`` lee el caso (el de
    la aplicación, con su catálogo en memoria); ``como_hallazgo(problema, nombre[, código])``
    da la forma de un problema de lectura como hallazgo de la página."""
    return _hallazgos(lambda: caso_desde_bytes(texto.encode("utf-8"), nombre), lambda: _datos_del_texto(texto, nombre),
                      nombre, caso_desde_bytes, como_hallazgo, _problemas_de(caso_desde_bytes))


def hallazgos_del_documento(doc: Documento, caso_desde_documento, caso_desde_bytes,
                            como_hallazgo, problemas_al_generar=None) -> tuple[list[dict], Any]:
    """Lo mismo que ``hallazgos_de`` con el expediente ya leído (datos y líneas): la
    validación en vivo sin escribir el YAML (``ida_y_vuelta.documento_sin_ida_y_vuelta``)."""
    return _hallazgos(lambda: caso_desde_documento(doc), lambda: copy.deepcopy(doc.datos), doc.archivo,
                      caso_desde_bytes, como_hallazgo, problemas_al_generar or _problemas_de(caso_desde_bytes))


def hallazgos_del_formulario(texto: str, nombre: str, datos: dict, formulario, recursos, como_hallazgo) -> list[dict]:
    """Los hallazgos del expediente que dejaría el formulario (``datos``, ya convertidos) sobre
    ``texto``: sin escribir el YAML si el formulario no cambió su forma (los mismos hallazgos,
    ``tests/test_validacion_sin_ida_y_vuelta.py``); si la cambió, escribiéndolo y leyéndolo."""
    clases = clases_del_formulario(formulario)
    doc = recursos.documento_del_formulario(texto, nombre, datos, clases)
    if doc is not None:
        return hallazgos_del_documento(doc, recursos.caso_desde_documento, recursos.caso_desde_bytes, como_hallazgo,
                                       recursos.problemas_al_generar)[0]
    return hallazgos_de(yaml_actualizado(texto, datos, clases), nombre, recursos.caso_desde_bytes, como_hallazgo)[0]


def problemas_al_generar(caso) -> list:
    """Los problemas de ``generar_docx(caso)``: redactar y componer el Word de verdad, porque
    un error de una plantilla o del diseño solo aparece al hacerlo (GEN-01)."""
    try:
        generar_docx(caso)
    except ErrorDeUsuario as exc:
        return list(exc.problemas)
    return []


def _problemas_de(caso_desde_bytes):
    """Con el ``caso_desde_bytes`` de los recursos del servidor, su ``problemas_al_generar``
    (guardado por expediente mientras no cambien los archivos); si no, el de aquí."""
    recursos = getattr(caso_desde_bytes, "__self__", None)
    return getattr(recursos, "problemas_al_generar", problemas_al_generar)


def _hallazgos(leer, datos, nombre: str, caso_desde_bytes, como_hallazgo,
               problemas_al_generar=problemas_al_generar) -> tuple[list[dict], Any]:
    try:
        caso = leer()
    except ErrorDeUsuario as exc:
        return [como_hallazgo(p, nombre) for p in exc.problemas] + _de_la_copia(datos(), nombre, caso_desde_bytes,
                                                                                exc.problemas), None
    hallazgos = [dict(h.como_dict(), archivo=nombre) for h in revisar_caso(caso)]
    hallazgos += [como_hallazgo(p, nombre, "GEN-01") for p in problemas_al_generar(caso)]
    return hallazgos, caso


def _datos_del_texto(texto: str, nombre: str) -> Any:
    try:
        return leer_yaml(texto, nombre).datos
    except ErrorDeUsuario:
        return None


def _de_la_copia(datos: Any, nombre: str, caso_desde_bytes, problemas) -> list[dict]:
    """Los hallazgos jurídicos de la copia reparada (vacío si no se pudo reparar)."""
    if not isinstance(datos, dict):
        return []
    reparados: list[tuple] = []
    for _ in range(_VUELTAS):
        rutas = [ruta_de(p.ubicacion.campo or "") for p in problemas]
        if any(r is None for r in rutas) or not all(_reparar(datos, r) for r in rutas):
            return []
        reparados += rutas
        copia = yaml.safe_dump(datos, allow_unicode=True, sort_keys=False)
        try:
            juridicos = revisar_caso(caso_desde_bytes(copia.encode("utf-8"), nombre))
        except ErrorDeUsuario as exc:
            problemas = exc.problemas
            continue
        except Exception:  # la copia es solo una ayuda: nunca tumba la página
            return []
        prefijos = [formatear_ruta(r) for r in reparados]
        return [dict(h.como_dict(), archivo=nombre, linea=None) for h in juridicos
                if not any((h.campo or "") == p or (h.campo or "").startswith((p + ".", p + "[")) for p in prefijos)]
    return []
