"""De dónde vienen ``BaseModel``, ``Field`` y compañía para los modelos de este proceso.

Los módulos de modelos importan de aquí, no de pydantic: con la base ligera decidida
(``modo.ligero()``), los nombres son los de ``ligero``; si no, los de pydantic, tal cual.
Importar este módulo fija la decisión para el resto del proceso.
"""

from __future__ import annotations

from .modo import ligero

if ligero():
    from .ligero import (
        AfterValidator,
        BaseModel,
        ConfigDict,
        Field,
        ValidationError,
        field_validator,
        model_validator,
    )
else:
    from pydantic import (
        AfterValidator,
        BaseModel,
        ConfigDict,
        Field,
        ValidationError,
        field_validator,
        model_validator,
    )

__all__ = ["AfterValidator", "BaseModel", "ConfigDict", "Field", "ValidationError", "field_validator",
           "model_validator"]
