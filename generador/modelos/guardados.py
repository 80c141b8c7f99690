"""Los validadores de pydantic de los modelos, guardados ya construidos en la caché del usuario.

Por qué: los modelos se definen con ``defer_build`` (importarlos no arma nada) y pydantic
arma el validador de cada uno la primera vez que se usa. En ``generar`` en frío eso costaba
~60 ms de ~300: el del expediente ~43 ms, 18 de ellos solo en importar ``importlib.metadata``
para buscar complementos de pydantic que no usamos; el perfil y el catálogo, otros ~20.
Leer el esquema ya armado y dárselo a pydantic-core cuesta ~1.5 ms.

Lo que se guarda, por grupo de modelos (``modo.GRUPOS``), es el esquema que pydantic armó
del mismo modelo (hay una sola definición, la de pydantic): de él salen el validador y el
serializador, con los mismos mensajes, y el JSON Schema de ``resoluciones esquema`` sigue
saliendo de pydantic. Junto a él van, para cada modelo que aparece dentro, su parte del
esquema y sus campos (nombre, descripción, modelos que puede contener): es lo que necesita
la base ligera (``ligero``), que no tiene pydantic para sacarlos. Si el esquema no se puede
guardar (una función sin nombre dentro) o leer, pydantic lo arma como siempre. El nombre del
archivo lleva la huella del código del paquete y de los archivos de Python, pydantic,
pydantic-core, annotated_types y typing_extensions (``modo.clave``): con cualquier cambio,
se arma de nuevo. Como el catálogo y los diseños, va en ``~/.cache/resoluciones`` con
pickle; ``RESOLUCIONES_SIN_CACHE=1`` lo apaga.

Con pydantic el modelo no se marca como completo: lo que pydantic quiera reconstruir
después (``model_rebuild``, un submodelo usado por su cuenta) lo reconstruye él, con el
mismo resultado.
"""

from __future__ import annotations

import importlib
import os
import pickle
import stat
import sys
import threading

from ..cache import guardar_en_cache, huella_del_codigo, leer_de_cache
from ..errores import ErrorDeUsuario
from . import modo
from .nucleo import nucleo

SchemaSerializer = nucleo().SchemaSerializer
SchemaValidator = nucleo().SchemaValidator

_candado = threading.RLock()
_hechos: set[str] = set()
# Base ligera: lo leído de la caché y aún no instalado en su clase.
_esquemas: dict[type, tuple] = {}
_campos: dict[type, dict] = {}
_leidos: list[bool] = []
# La huella del código (y la de pydantic, en la clave) se fija al importar (junto con los
# modelos), no al primer uso: un proceso largo (el servidor) cuyo código o cuyo pydantic se
# cambia después guardaría el esquema viejo con la clave nueva, y el siguiente proceso lo
# tomaría por bueno.
huella_del_codigo()
modo.clave_base()


def _nombres(modelos: tuple[type, ...]) -> tuple[str, ...]:
    return tuple(f"{m.__module__}.{m.__qualname__}" for m in modelos)


def _clases(nombres: tuple[str, ...]) -> tuple[type, ...]:
    """Las clases de ``nombres`` («modulo.Clase»), importando sus módulos si hace falta."""
    return tuple(getattr(importlib.import_module(modulo), clase)
                 for modulo, clase in (nombre.rsplit(".", 1) for nombre in nombres))


def _clave(modelos: tuple[type, ...]) -> str | None:
    return modo.clave(_nombres(modelos))


def _construido(modelo: type) -> bool:
    return bool(modelo.__dict__.get("__pydantic_complete__")) or isinstance(
        modelo.__dict__.get("__pydantic_validator__"), SchemaValidator)


def completar(grupo: str) -> None:
    """Deja listos los validadores de los modelos de ``grupo`` (uno de ``modo.GRUPOS``): del
    esquema guardado si hay uno que valga para este código, o armándolos con pydantic (y
    guardando el esquema para la próxima vez). Se nombra el grupo, no sus clases: la lista
    está una sola vez, en ``modo``, que es donde se buscan los archivos."""
    if grupo in _hechos:
        return
    with _candado:
        if grupo in _hechos:
            return
        modelos = _clases(modo.GRUPOS[grupo])
        # Con la base ligera, cada clase instala lo suyo al usarlo (``ligero.guardado``).
        if not modo.ligero() and not all(_construido(m) for m in modelos):
            _completar(modelos)
        _hechos.add(grupo)


def _instalar(modelo: type, esquema, configuracion) -> None:
    modelo.__pydantic_core_schema__ = esquema
    modelo.__pydantic_validator__ = SchemaValidator(esquema, configuracion)
    modelo.__pydantic_serializer__ = SchemaSerializer(esquema, configuracion)


def _leer_con_suma(archivo) -> dict:
    """El grupo guardado, si su suma SHA-256 coincide (``cache.leer_de_cache``): un archivo
    cambiado que aún se deja leer con pickle (un byte distinto en un nombre de campo o de un
    valor permitido) daría resultados equivocados sin ningún error."""
    guardado = pickle.loads(leer_de_cache(archivo))
    if not isinstance(guardado, dict):
        raise ValueError(f"{archivo}: no es un grupo de validadores")
    return guardado


def _completar(modelos: tuple[type, ...]) -> None:
    archivo = modo.archivo_del_grupo(_nombres(modelos))
    if archivo is not None:
        try:
            guardado = _leer_con_suma(archivo)
            for modelo, (esquema, configuracion) in zip(modelos, guardado["modelos"], strict=True):
                if not _construido(modelo):
                    _instalar(modelo, esquema, configuracion)
            return
        except Exception:  # una caché ilegible, cambiada o vieja no es un error: se arma como siempre
            pass
    for modelo in modelos:
        modelo.model_rebuild()
    if archivo is None:
        return
    try:
        datos = pickle.dumps(_para_guardar(modelos), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # un esquema con una función sin nombre no se guarda; vale igual
        return
    guardar_en_cache(archivo.parent, archivo.name, datos, patron="validadores-*.pickle", conservar=12)


def _configuracion(modelo: type):
    """La configuración de pydantic-core que pydantic le da al validador del modelo."""
    # Solo al guardar (una vez por versión del código), no en cada arranque.
    from pydantic._internal._config import ConfigWrapper

    return ConfigWrapper(modelo.model_config, check=False).core_config(title=modelo.__name__)


def _modelos_dentro(esquema):
    """Cada nodo «model» del esquema (los modelos anidados), una vez cada uno."""
    vistos: set[int] = set()
    pendientes = [esquema]
    while pendientes:
        nodo = pendientes.pop()
        if isinstance(nodo, dict):
            if id(nodo) in vistos:
                continue
            vistos.add(id(nodo))
            if nodo.get("type") == "model" and isinstance(nodo.get("cls"), type):
                yield nodo
            pendientes.extend(nodo.values())
        elif isinstance(nodo, (list, tuple)):
            pendientes.extend(nodo)


def _para_guardar(modelos: tuple[type, ...]) -> dict:
    """El grupo tal como se guarda: el esquema de cada modelo pedido, y de cada modelo que
    aparece dentro, su parte del esquema (con las definiciones que comparte) y sus campos."""
    from .anidados import modelos_del_campo

    subesquemas: dict[type, tuple] = {}
    for modelo in modelos:
        esquema = modelo.__pydantic_core_schema__
        definiciones = esquema.get("definitions", []) if esquema.get("type") == "definitions" else []
        en_definiciones = {id(d) for d in definiciones}
        for nodo in _modelos_dentro(esquema):
            clase = nodo["cls"]
            if clase in subesquemas or clase in modelos:
                continue
            if id(nodo) in en_definiciones:
                parte = {"type": "definitions", "schema": {"type": "definition-ref", "schema_ref": nodo["ref"]},
                         "definitions": definiciones}
            elif definiciones:
                parte = {"type": "definitions", "schema": nodo, "definitions": definiciones}
            else:
                parte = nodo
            subesquemas[clase] = (parte, _configuracion(clase))
    campos = {clase: {nombre: (info.description, tuple(modelos_del_campo(info)))
                      for nombre, info in clase.model_fields.items()}
              for clase in (*modelos, *subesquemas)}
    return {"modelos": [(m.__pydantic_core_schema__, _configuracion(m)) for m in modelos],
            "subesquemas": subesquemas, "campos": campos}


# --- La base ligera: leer los grupos guardados e instalar lo de cada clase al pedirlo ---

def _leer_grupos() -> None:
    """Lee todos los grupos guardados (``modo`` ya comprobó que están). Si uno no se puede
    leer, el proceso vuelve a empezar con pydantic: la base ligera no sabe armar validadores."""
    if _leidos:
        return
    try:
        for nombres in modo.GRUPOS.values():
            guardado = _leer_con_suma(modo.archivo_del_grupo(nombres))
            for clase, par in zip(_clases(nombres), guardado["modelos"], strict=True):
                _esquemas.setdefault(clase, par)
            for clase, par in guardado["subesquemas"].items():
                _esquemas.setdefault(clase, par)
            for clase, campos in guardado["campos"].items():
                _campos.setdefault(clase, campos)
    except Exception:  # una caché que no se lee: se empieza de nuevo con pydantic
        _de_nuevo_con_pydantic()
    _leidos.append(True)


def _de_nuevo_con_pydantic() -> None:
    """Borra los grupos ilegibles y vuelve a correr la misma orden con pydantic (que los arma y
    los guarda). Si la orden leyó la entrada estándar (ya no se puede volver a leer) o el sistema
    no reemplaza procesos (Windows), pide repetirla: la siguiente vez funciona."""
    for nombres in modo.GRUPOS.values():
        archivo = modo.archivo_del_grupo(nombres)
        if archivo is not None:
            archivo.unlink(missing_ok=True)
    if os.name == "nt" or not _se_puede_repetir(sys.orig_argv[1:]):
        raise ErrorDeUsuario("los validadores guardados en la caché estaban dañados y se borraron; vuelva a "
                             "ejecutar la misma orden")
    entorno = dict(os.environ, RESOLUCIONES_MODELOS="pydantic")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], entorno)


def _se_puede_repetir(argumentos: list[str]) -> bool:
    """Si la orden se puede correr otra vez igual: no, si leyó algo que no se vuelve a leer (la
    entrada estándar, ``/dev/stdin``, una tubería o ``<(…)``)."""
    for argumento in argumentos:
        if argumento == "-":
            return False
        try:
            estado = os.stat(argumento)
        except (OSError, ValueError):
            continue
        if not (stat.S_ISREG(estado.st_mode) or stat.S_ISDIR(estado.st_mode)):
            return False
    return True


def instalar(clase: type, que: str) -> None:
    """Base ligera: instala en ``clase`` lo guardado que se pide: sus campos
    (``__campos_guardados__``) o su validador y su serializador. Solo lo pedido: las
    sugerencias y el paso a datos de las plantillas leen los campos de cada modelo anidado,
    y armar por eso el validador de cada uno costaría más que lo que se ahorra."""
    from .ligero import CampoGuardado

    with _candado:
        _leer_grupos()
        if que == "__campos_guardados__":
            campos = _campos.pop(clase, None)
            if campos is not None:
                clase.__campos_guardados__ = {nombre: CampoGuardado(descripcion, modelos)
                                              for nombre, (descripcion, modelos) in campos.items()}
            return
        par = _esquemas.pop(clase, None)
        if par is not None and "__pydantic_validator__" not in clase.__dict__:
            try:
                _instalar(clase, *par)
            except Exception:  # un esquema que pydantic-core no acepta: se empieza de nuevo con pydantic
                _de_nuevo_con_pydantic()


def preparar_grupos() -> None:
    """Con pydantic: guarda los grupos que falten en la caché (lo que la base ligera necesita)."""
    for nombres in modo.GRUPOS.values():
        archivo = modo.archivo_del_grupo(nombres)
        if archivo is None or archivo.is_file():
            continue
        _completar(_clases(nombres))
