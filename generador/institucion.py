"""Perfil de una institución: nombre, comité, encabezado y formato de página.

Cada institución tiene una carpeta ``plantillas/instituciones/<id>/`` con un
``perfil.yaml``; puede traer además sus propios bloques de texto en ``textos/``
(que sustituyen a los de ``plantillas/textos/`` con el mismo nombre) y su propio
diseño de Word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errores import ErrorDeUsuario, Problema, Ubicacion
from .rutas import carpetas_de_plantillas
from .yaml_lineas import leer_yaml


class _Modelo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margenes(_Modelo):
    superior: float = Field(2.5, gt=0, le=10)
    inferior: float = Field(2.5, gt=0, le=10)
    izquierdo: float = Field(3.0, gt=0, le=10)
    derecho: float = Field(2.5, gt=0, le=10)


class Formato(_Modelo):
    """Formato de página y tipografía del documento."""

    fuente: str = "Arial"
    tamano: float = Field(11, ge=6, le=24, description="Tamaño de la letra en puntos.")
    pagina: Literal["carta", "oficio", "a4"] = "carta"
    margenes_cm: Margenes = Field(default_factory=Margenes)


class Encabezado(_Modelo):
    """Encabezado de página (se repite en todas las páginas)."""

    siglas: str | None = Field(None, description="Siglas en grande, arriba a la izquierda (p. ej. «SRE»).")
    institucion: list[str] = Field(min_length=1, description="Columna izquierda: nombre de la institución, por líneas.")
    area: list[str] = Field(min_length=1, description="Columna derecha, arriba: el área que emite, por líneas.")


class Perfil(_Modelo):
    id: str
    nombre: str
    siglas: str
    genero: Literal["f", "m"] = Field(description="Género del nombre: «la Secretaría», «el Instituto».")
    comite: str = Field("Comité de Transparencia", description="Nombre del comité, sin la institución.")
    encabezado: Encabezado
    formato: Formato = Field(default_factory=Formato)
    plantilla_word: str = Field("resolucion.docx", description="Diseño de Word (en la carpeta del perfil o en plantillas/word/).")

    @property
    def de_nombre(self) -> str:
        """"de la Secretaría de Relaciones Exteriores"."""
        return ("de la " if self.genero == "f" else "del ") + self.nombre

    @property
    def comite_completo(self) -> str:
        """"Comité de Transparencia de la Secretaría de Relaciones Exteriores"."""
        return f"{self.comite} {self.de_nombre}"


def instituciones_disponibles(plantillas: list[Path]) -> list[str]:
    ids = set()
    for base in plantillas:
        if (base / "instituciones").is_dir():
            ids |= {p.name for p in (base / "instituciones").iterdir() if (p / "perfil.yaml").is_file()}
    return sorted(ids)


def cargar_perfil(id_: str, archivo_caso: str | None = None, linea: int | None = None,
                  plantillas: list[Path] | None = None) -> tuple[Perfil, Path]:
    """Perfil de la institución y su carpeta (la primera que lo tenga, en orden de
    prioridad). Una institución desconocida es un error."""
    plantillas = plantillas if plantillas is not None else carpetas_de_plantillas()
    carpeta = next((b / "instituciones" / id_ for b in plantillas
                    if (b / "instituciones" / id_ / "perfil.yaml").is_file()), None)
    if carpeta is None:
        raise ErrorDeUsuario(Problema(
            f"no hay perfil para la institución «{id_}»; disponibles: "
            f"{', '.join(instituciones_disponibles(plantillas))}. Para añadir una, copie "
            "plantillas/instituciones/generica/ a una carpeta propia y use --plantillas",
            Ubicacion(archivo_caso, linea, "institucion")))
    ruta = carpeta / "perfil.yaml"
    doc = leer_yaml(ruta.read_text(encoding="utf-8"), str(ruta))
    try:
        perfil = Perfil.model_validate(doc.datos)
    except ValidationError as exc:
        from .expediente import problemas_de_validacion

        raise ErrorDeUsuario(problemas_de_validacion(exc, doc), titulo=f"El perfil {ruta} no es válido:") from None
    if perfil.id != id_:
        raise ErrorDeUsuario(Problema(f"el id del perfil («{perfil.id}») debe ser el nombre de su carpeta («{id_}»)",
                                      Ubicacion(str(ruta), doc.linea(("id",)), "id")))
    return perfil, carpeta
