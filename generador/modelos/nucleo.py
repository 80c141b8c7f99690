"""pydantic-core sin su paquete de Python: solo el módulo compilado, para la base ligera.

Por qué: ``import pydantic_core`` ejecuta su ``__init__``, que importa ``core_schema`` (cientos
de TypedDict para escribir esquemas a mano) y ``typing_extensions``: ~18 ms de cada arranque
en frío, y la base ligera no escribe esquemas, solo lee los guardados. Lo que usa
(``SchemaValidator``, ``SchemaSerializer``, ``ValidationError``, ``PydanticUndefined``) está en
el módulo compilado ``pydantic_core._pydantic_core``, que se carga tal cual desde su archivo y
queda en ``sys.modules`` con su nombre: si después algo importa ``pydantic_core`` (el propio
núcleo lo hace en casos raros), su ``__init__`` encuentra ese mismo módulo y todo sigue igual.
Si no se encuentra el archivo o algo falla, o si el proceso usa pydantic, se importa
``pydantic_core`` como siempre.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

from . import modo

_NOMBRE = "pydantic_core._pydantic_core"


def _del_archivo():
    paquete = modo.en_sys_path("pydantic_core", "__init__.py")
    if paquete is None:
        return None
    for sufijo in importlib.machinery.EXTENSION_SUFFIXES:
        ruta = os.path.join(os.path.dirname(paquete), "_pydantic_core" + sufijo)
        if os.path.isfile(ruta):
            cargador = importlib.machinery.ExtensionFileLoader(_NOMBRE, ruta)
            modulo = importlib.util.module_from_spec(importlib.util.spec_from_file_location(_NOMBRE, ruta,
                                                                                               loader=cargador))
            cargador.exec_module(modulo)
            sys.modules[_NOMBRE] = modulo
            return modulo
    return None


def nucleo():
    """El módulo compilado de pydantic-core (ya cargado, cargado desde su archivo o importado)."""
    if _NOMBRE in sys.modules:
        return sys.modules[_NOMBRE]
    if "pydantic_core" not in sys.modules and modo.ligero():  # con pydantic, se importa entero de todos modos
        try:
            modulo = _del_archivo()
        except Exception:  # noqa: BLE001 - si no se puede cargar así, se importa como siempre
            sys.modules.pop(_NOMBRE, None)
            modulo = None
        if modulo is not None:
            return modulo
    import pydantic_core._pydantic_core as modulo

    return modulo
