"""Los validadores de pydantic de los modelos, guardados ya construidos en la caché del usuario.

Por qué: los modelos se definen con ``defer_build`` (importarlos no arma nada) y pydantic
arma el validador de cada uno la primera vez que se usa. En ``generar`` en frío eso costaba
~60 ms de ~300: el del expediente ~43 ms, 18 de ellos solo en importar ``importlib.metadata``
para buscar complementos de pydantic que no usamos; el perfil y el catálogo, otros ~20.
Leer el esquema ya armado y dárselo a pydantic-core cuesta ~1.5 ms.

Lo que se guarda es el esquema que pydantic armó del mismo modelo (hay una sola definición,
la de pydantic): de él salen el validador y el serializador, con los mismos mensajes, y el
JSON Schema de ``resoluciones esquema`` sigue saliendo de pydantic. Si el esquema no se
puede guardar (una función sin nombre dentro) o leer, se arma como siempre. El nombre del
archivo lleva la huella del código del paquete y las versiones de Python, pydantic y
pydantic-core: con cualquier cambio, se arma de nuevo. Como el catálogo y los diseños,
va en ``~/.cache/resoluciones`` con pickle; ``RESOLUCIONES_SIN_CACHE=1`` lo apaga.

El modelo no se marca como completo: lo que pydantic quiera reconstruir después
(``model_rebuild``, un submodelo usado por su cuenta) lo reconstruye él, con el mismo
resultado.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading

import annotated_types
import pydantic
import pydantic_core
import typing_extensions
from pydantic import BaseModel
from pydantic_core import SchemaSerializer, SchemaValidator

from ..cache import carpeta_de_cache, guardar_en_cache, huella_del_codigo

_candado = threading.Lock()
_hechos: set[tuple[type[BaseModel], ...]] = set()
# La huella del código se fija al importar (junto con los modelos), no al primer uso: un
# proceso largo (el servidor) cuyo código se edita después guardaría el esquema de su código
# viejo con la clave del nuevo, y el siguiente proceso lo tomaría por bueno.
huella_del_codigo()


def _de_quienes_arma_pydantic() -> str:
    """Tamaño y fecha de annotated_types y typing_extensions, que también deciden el esquema
    que arma pydantic (no tienen una versión a mano sin ``importlib.metadata``, que es lo que
    se quiere evitar)."""
    partes = []
    for modulo in (annotated_types, typing_extensions):
        estado = os.stat(modulo.__file__)
        partes.append(f"{modulo.__name__}:{estado.st_size}:{estado.st_mtime_ns}")
    return "|".join(partes)


def _clave(modelos: tuple[type[BaseModel], ...]) -> str:
    nombres = ",".join(f"{m.__module__}.{m.__qualname__}" for m in modelos)
    texto = (f"{sys.version}|{pydantic.VERSION}|{pydantic_core.__version__}|{_de_quienes_arma_pydantic()}|"
             f"{huella_del_codigo()}|{nombres}")
    return hashlib.sha256(texto.encode()).hexdigest()[:24]


def _configuracion(modelo: type[BaseModel]):
    """La configuración de pydantic-core que pydantic le da al validador del modelo."""
    # Solo al guardar (una vez por versión del código), no en cada arranque.
    from pydantic._internal._config import ConfigWrapper

    return ConfigWrapper(modelo.model_config, check=False).core_config(title=modelo.__name__)


def _instalar(modelo: type[BaseModel], esquema, configuracion) -> None:
    modelo.__pydantic_core_schema__ = esquema
    modelo.__pydantic_validator__ = SchemaValidator(esquema, configuracion)
    modelo.__pydantic_serializer__ = SchemaSerializer(esquema, configuracion)


def _construido(modelo: type[BaseModel]) -> bool:
    return modelo.__pydantic_complete__ or isinstance(modelo.__dict__.get("__pydantic_validator__"), SchemaValidator)


def completar(*modelos: type[BaseModel]) -> None:
    """Deja listos los validadores de ``modelos``: del esquema guardado si hay uno que valga
    para este código, o armándolos con pydantic (y guardando el esquema para la próxima vez)."""
    if modelos in _hechos:
        return
    with _candado:
        if modelos in _hechos:
            return
        pendientes = tuple(m for m in modelos if not _construido(m))
        if pendientes:
            _completar(pendientes)
        _hechos.add(modelos)


def _completar(modelos: tuple[type[BaseModel], ...]) -> None:
    cache = carpeta_de_cache()
    archivo = cache / f"validadores-{_clave(modelos)}.pickle" if cache is not None else None
    if archivo is not None:
        try:
            guardados = pickle.loads(archivo.read_bytes())
            for modelo, (esquema, configuracion) in zip(modelos, guardados, strict=True):
                _instalar(modelo, esquema, configuracion)
            return
        except Exception:  # noqa: BLE001 - una caché ilegible o vieja no es un error: se arma como siempre
            pass
    for modelo in modelos:
        modelo.model_rebuild()
    if archivo is None:
        return
    try:
        datos = pickle.dumps([(m.__pydantic_core_schema__, _configuracion(m)) for m in modelos],
                             protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - un esquema con una función sin nombre no se guarda; vale igual
        return
    guardar_en_cache(cache, archivo.name, datos, patron="validadores-*.pickle", conservar=12)
