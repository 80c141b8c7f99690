"""La base ligera de los modelos: las mismas clases, validadas por pydantic-core sin pydantic.

Por qué: importar pydantic y construir con él las clases de ~60 modelos costaba ~110 ms
de cada ``generar`` en frío (de ~250), aunque el validador de cada modelo ya estaba
guardado, armado por pydantic, en la caché (``guardados``). Aquí las clases de los modelos
se crean como clases de Python comunes (sus anotaciones ni se evalúan) y el validador y el
serializador que pydantic armó de ellas se instalan desde la caché. Los mensajes de error
son los de pydantic-core con el mismo esquema, así que son los mismos.

Lo que se imita de ``pydantic.BaseModel`` es lo que el programa usa de un modelo en
``generar`` y ``validar`` (validar, leer campos, ``model_dump``, ``model_copy``,
``model_fields``, igualdad, hash de los congelados, pickle compatible en los dos
sentidos con el de pydantic: el catálogo guardado por uno lo lee el otro). Lo demás
(``model_json_schema``, ``model_rebuild``…) es de pydantic: pedirlo aquí es un error del
programa, no del usuario, y lo dice.

Solo se usa si ``modo.ligero()`` lo decidió; los nombres que exporta son los de pydantic
que usan los modelos (``base`` elige de dónde vienen).
"""

from __future__ import annotations

from .guardados import instalar
from .nucleo import nucleo

__all__ = ["AfterValidator", "BaseModel", "ConfigDict", "Field", "ValidationError", "field_validator",
           "model_validator"]

PydanticUndefined = nucleo().PydanticUndefined
ValidationError = nucleo().ValidationError
_object_setattr = object.__setattr__
_RANURAS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


class AfterValidator:
    """Marca de ``Annotated`` (su función ya está en el esquema guardado)."""

    def __init__(self, func):
        self.func = func


class _Campo:
    """Lo que ``Field(...)`` dice de un campo: aquí no hace falta (está en el esquema)."""

    def __init__(self, default=PydanticUndefined, **opciones):
        self.default = default
        self.opciones = opciones


def Field(default=PydanticUndefined, **opciones):
    return _Campo(default, **opciones)


def ConfigDict(**opciones) -> dict:
    return dict(opciones)


def field_validator(*_campos, **_opciones):
    """Como en pydantic, el validador queda en la clase como método de clase: el esquema
    guardado lo nombra así (``getattr(Clase, nombre)``)."""

    def decorar(funcion):
        return funcion if isinstance(funcion, classmethod) else classmethod(funcion)

    return decorar


def model_validator(*, mode: str):
    """«after» queda como función (recibe el modelo); «before» y «wrap», como método de
    clase: lo mismo que deja pydantic en la clase, que es lo que nombra el esquema guardado."""

    def decorar(funcion):
        if mode == "after" or isinstance(funcion, classmethod):
            return funcion
        return classmethod(funcion)

    return decorar


class CampoGuardado:
    """Un campo de ``model_fields`` en la base ligera: su descripción y los modelos que puede
    contener (lo que usan las sugerencias de «¿quiso decir…?»), tomados de pydantic al guardar."""

    __slots__ = ("description", "modelos")

    def __init__(self, description: str | None, modelos: tuple[type, ...]):
        self.description = description
        self.modelos = modelos


class _ClaseDeModelo(type):
    """Crea la clase sin evaluar anotaciones y le da, la primera vez que se piden, el
    validador, el serializador y los campos guardados (``guardados.instalar``)."""

    def __new__(mcs, nombre, bases, espacio, **opciones):
        # La configuración se hereda y se combina, como en pydantic.
        configuracion: dict = {}
        for base in reversed(bases):
            configuracion.update(getattr(base, "model_config", {}))
        configuracion.update(espacio.get("model_config", {}))
        espacio["model_config"] = configuracion
        anotaciones = espacio.get("__annotations__", {})
        for campo, anotacion in anotaciones.items():
            if campo.startswith("_") or campo == "model_config" or str(anotacion).startswith(("ClassVar", "typing.ClassVar")):
                continue
            espacio.pop(campo, None)  # pydantic tampoco deja los valores por omisión en la clase
        clase = super().__new__(mcs, nombre, bases, espacio, **opciones)
        if configuracion.get("frozen"):
            clase.__hash__ = _hash_congelado
        return clase

    @property
    def model_fields(cls) -> dict[str, CampoGuardado]:
        return guardado(cls, "__campos_guardados__")


def guardado(clase: type, nombre: str):
    """El validador, el serializador o los campos de ``clase`` (los suyos, nunca los de una
    clase de la que hereda), instalados desde la caché la primera vez que se piden."""
    try:
        return clase.__dict__[nombre]
    except KeyError:
        instalar(clase, nombre)
    try:
        return clase.__dict__[nombre]
    except KeyError:
        raise RuntimeError(f"el modelo {clase.__module__}.{clase.__qualname__} no tiene validador guardado "
                           "para la base ligera") from None


def _hash_congelado(self) -> int:
    # Como pydantic (``operator.itemgetter`` de los campos): con un solo campo, el hash de su
    # valor; con varios, el de la tupla de valores en su orden; sin campos, 0.
    valores = tuple(self.__dict__.values())
    return hash(valores[0] if len(valores) == 1 else valores) if valores else 0


class BaseModel(metaclass=_ClaseDeModelo):
    """La base ligera: mismas ranuras y mismo estado que ``pydantic.BaseModel``."""

    __slots__ = _RANURAS
    model_config: dict = {}

    def __init__(self, /, **datos):
        guardado(type(self), "__pydantic_validator__").validate_python(datos, self_instance=self)

    @classmethod
    def model_validate(cls, obj, *, strict=None, from_attributes=None, context=None):
        return guardado(cls, "__pydantic_validator__").validate_python(obj, strict=strict, from_attributes=from_attributes,
                                                          context=context)

    def model_dump(self, **opciones):
        return guardado(type(self), "__pydantic_serializer__").to_python(self, **opciones)

    def model_dump_json(self, *, indent=None, **opciones) -> str:
        return guardado(type(self), "__pydantic_serializer__").to_json(self, indent=indent, **opciones).decode()

    def model_copy(self, *, update=None, deep: bool = False):
        copia = self.__deepcopy__() if deep else self.__copy__()
        if update:
            copia.__dict__.update(update)
            copia.__pydantic_fields_set__.update(update.keys())
        return copia

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    @property
    def model_extra(self):
        return self.__pydantic_extra__

    def __copy__(self):
        clase = type(self)
        copia = clase.__new__(clase)
        _object_setattr(copia, "__dict__", dict(self.__dict__))
        _object_setattr(copia, "__pydantic_extra__", None if self.__pydantic_extra__ is None else dict(self.__pydantic_extra__))
        _object_setattr(copia, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _object_setattr(copia, "__pydantic_private__", None if self.__pydantic_private__ is None else dict(self.__pydantic_private__))
        return copia

    def __deepcopy__(self, memo=None):
        import copy

        clase = type(self)
        copia = clase.__new__(clase)
        _object_setattr(copia, "__dict__", copy.deepcopy(self.__dict__, memo=memo))
        _object_setattr(copia, "__pydantic_extra__", copy.deepcopy(self.__pydantic_extra__, memo=memo))
        _object_setattr(copia, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _object_setattr(copia, "__pydantic_private__", copy.deepcopy(self.__pydantic_private__, memo=memo))
        return copia

    # El estado de pickle es el de pydantic (``BaseModel.__getstate__``), así que un catálogo
    # guardado con una base se lee con la otra.
    def __getstate__(self):
        return {"__dict__": self.__dict__, "__pydantic_extra__": self.__pydantic_extra__,
                "__pydantic_fields_set__": self.__pydantic_fields_set__,
                "__pydantic_private__": self.__pydantic_private__ or None}

    def __setstate__(self, estado):
        _object_setattr(self, "__pydantic_fields_set__", estado.get("__pydantic_fields_set__", {}))
        _object_setattr(self, "__pydantic_extra__", estado.get("__pydantic_extra__", {}))
        _object_setattr(self, "__pydantic_private__", estado.get("__pydantic_private__", {}))
        _object_setattr(self, "__dict__", estado.get("__dict__", {}))

    def __setattr__(self, nombre, valor):
        if type(self).model_config.get("frozen"):
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": "frozen_instance", "loc": (nombre,), "input": valor}])
        if nombre not in type(self).model_fields:
            raise ValueError(f'"{type(self).__name__}" object has no field "{nombre}"')
        self.__dict__[nombre] = valor
        self.__pydantic_fields_set__.add(nombre)

    def __delattr__(self, nombre):
        if type(self).model_config.get("frozen"):
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": "frozen_instance", "loc": (nombre,), "input": None}])
        del self.__dict__[nombre]

    def __eq__(self, otro):
        if not isinstance(otro, BaseModel):
            return NotImplemented
        return (type(self) is type(otro) and self.__dict__ == otro.__dict__
                and (self.__pydantic_extra__ or {}) == (otro.__pydantic_extra__ or {})
                and self.__pydantic_private__ == otro.__pydantic_private__)

    def __iter__(self):
        yield from [(k, v) for k, v in self.__dict__.items() if not k.startswith("_")]
        if self.__pydantic_extra__:
            yield from self.__pydantic_extra__.items()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __str__(self) -> str:
        return " ".join(f"{k}={v!r}" for k, v in self.__dict__.items())

    @classmethod
    def __get_pydantic_json_schema__(cls, *_, **__):
        # El esquema guardado lo nombra (en sus metadatos, para el JSON Schema): existe para que
        # se pueda leer; el JSON Schema sale de pydantic.
        raise RuntimeError("el JSON Schema sale de pydantic: este proceso usa la base ligera de los modelos")

    @classmethod
    def model_json_schema(cls, *_, **__):
        raise RuntimeError("el JSON Schema sale de pydantic: este proceso usa la base ligera de los modelos")

    @classmethod
    def model_rebuild(cls, *_, **__):
        raise RuntimeError("la base ligera no arma validadores: este proceso debió usar pydantic")
