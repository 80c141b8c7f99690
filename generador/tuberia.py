"""La tubería completa: expediente → catálogo → revisión → redacción → Word.

La fachada de la biblioteca: lo que usan el CLI, el lote y la página web, y la API para
quien escribe scripts en Python (ver ``docs/arquitectura.md``)::

    from generador.tuberia import leer_caso, revisar_caso, generar_docx

    caso = leer_caso("samples/cta-40418.yaml")      # lee, valida y comprueba referencias
    hallazgos = revisar_caso(caso)                   # la revisión jurídica (validar)
    documento = generar_docx(caso)                   # los bytes del .docx

Todo error de la entrada es un ``generador.errores.ErrorDeUsuario`` con su ubicación.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

from . import catalogo as _catalogo
from .errores import ErrorDeUsuario, Problema, Ubicacion
from .expediente import Expediente, decodificar, leer_entrada, leer_texto
from .expediente.yaml_lineas import Documento, formatear_ruta
from .plantillas.limites import con_limites
from .plantillas.perfil import Perfil, cargar_perfil, catalogos_del_perfil
from .redaccion import redactar
from .revision import Hallazgo, clausulas_citadas, fundamentos_citados, revisar
from .rutas import carpetas_de_plantillas
from .word import componer


@dataclass
class Caso:
    """Un expediente leído y comprobado contra el catálogo, con su texto original."""

    expediente: Expediente
    documento: Documento
    catalogo: _catalogo.Catalogo
    entrada: bytes
    plantillas: list[Path]

    @cached_property
    def perfil(self) -> tuple[Perfil, Path]:
        """El perfil de la institución vigente en la fecha de la resolución, y su carpeta;
        se carga una vez para la revisión y la redacción."""
        exp = self.expediente
        return cargar_perfil(exp.institucion, self.documento.archivo, self.documento.linea(("institucion",)),
                             self.plantillas, exp.fecha)


def comprobar(exp: Expediente, doc: Documento, catalogo: _catalogo.Catalogo) -> list[Problema]:
    """Problemas de referencias: fundamentos y cláusulas que no están en el catálogo."""
    clausulas = [(id_, ruta + ("clausula",)) for id_, _, ruta in clausulas_citadas(exp)]
    problemas = _catalogo.comprobar_ids(catalogo, clausulas, doc, clausulas=True)
    problemas += _catalogo.comprobar_ids(catalogo, list(fundamentos_citados(exp, catalogo)), doc)
    for i, c in enumerate(exp.clasificaciones):
        for j, id_ in enumerate(c.categorias):
            if id_ not in catalogo.categorias:
                ruta = ("clasificaciones", i, "categorias", j)
                problemas.append(Problema(
                    f"la categoría «{id_}» no está en el catálogo (catalogo_fundamentos/"
                    f"categorias_confidenciales.yaml); disponibles: {', '.join(sorted(catalogo.categorias))}",
                    Ubicacion(doc.archivo, doc.linea(ruta), formatear_ruta(ruta))))
    return problemas


def leer_caso(ruta: str | Path, catalogo_extra: Iterable[str | Path] = (),
              plantillas_extra: Iterable[str | Path] = ()) -> Caso:
    """Lee el expediente, carga el catálogo y comprueba las referencias."""
    entrada, nombre = leer_entrada(ruta)
    return caso_desde_bytes(entrada, nombre, catalogo_extra, plantillas_extra)


def caso_desde_bytes(entrada: bytes, nombre: str, catalogo_extra: Iterable[str | Path] = (),
                     plantillas_extra: Iterable[str | Path] = ()) -> Caso:
    """Como ``leer_caso``, con el expediente ya en memoria (la página web, el lote)."""
    exp, doc = leer_texto(decodificar(entrada, nombre), nombre)
    plantillas = carpetas_de_plantillas(plantillas_extra)
    catalogo = _catalogo.cargar([*catalogos_del_perfil(exp.institucion, plantillas), *catalogo_extra])
    problemas = comprobar(exp, doc, catalogo)
    if problemas:
        raise ErrorDeUsuario(problemas, titulo=f"El expediente {doc.archivo} tiene referencias inválidas:")
    return Caso(exp, doc, catalogo, entrada, plantillas)


def revisar_caso(caso: Caso, *, estricto: bool = False) -> list[Hallazgo]:
    """Los hallazgos de la revisión jurídica, con el perfil de la institución cuando se
    puede cargar (si no, el error lo da ``generar_docx``)."""
    try:
        perfil, _ = caso.perfil
    except ErrorDeUsuario:
        perfil = None
    return revisar(caso.expediente, caso.documento, caso.catalogo, estricto=estricto, perfil=perfil)


def generar_docx(caso: Caso) -> bytes:
    """Redacta la resolución del caso y la escribe en Word."""
    exp = caso.expediente
    perfil, carpeta = caso.perfil
    # Un solo presupuesto (tiempo, salida, vueltas) para todas las plantillas del documento:
    # el cuerpo, cada cláusula y cada parte del diseño de Word.
    with con_limites():
        resolucion = redactar(exp, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas)
        return componer(resolucion, exp.fecha, carpeta, caso.entrada, caso.plantillas, expediente=exp)
