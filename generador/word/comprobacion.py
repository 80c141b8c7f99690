"""Lo que solo se sabe con el diseño de Word del perfil en la mano, para ``plantillas validar``.

La revisión de una carpeta de plantillas (``plantillas/revision.py``) lee perfiles, bloques
y diseños cada uno por su lado; lo que los une se veía solo al generar: un diseño que el
perfil no encuentra (o que está fuera de su carpeta), un estilo de ``formato.estilos`` que
el diseño no tiene, un logo que falta, o un ``data-estilo`` de un bloque de texto que el
diseño no define. Aquí se prepara el diseño de cada perfil como al generar
(``ruta_diseno``, ``preparar_con_cache``) y se miran los estilos que piden sus bloques. Vive en
``word/`` y no en ``plantillas/revision.py`` porque necesita el diseño (las etapas solo miran
hacia abajo); ``plantillas validar`` junta las dos revisiones.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..plantillas.cargador import leer_confinado
from ..plantillas.perfil import Perfil, cargar_perfil, instituciones_disponibles
from ..plantillas.revision import Hallazgo, fechas_del_perfil
from ..rutas import carpetas_de_plantillas
from .composicion import ESTILOS, ESTILOS_LISTA, ruta_diseno
from .diseno import preparar_con_cache

# Un ``data-estilo`` escrito tal cual (uno calculado con Jinja solo se sabe al generar).
_DATA_ESTILO = re.compile(r'data-estilo="([^"{}<>]+)"')


def problemas_del_diseno(perfil: Perfil, perfil_carpeta: Path, plantillas: list[Path],
                         bloques: list[Path]) -> list[Problema]:
    """Los problemas del diseño del perfil y de los estilos que piden ``bloques``."""
    try:
        diseno = ruta_diseno(perfil, perfil_carpeta, plantillas)
        nombres, _ = preparar_con_cache(diseno, perfil.formato)
    except ErrorDeUsuario as exc:
        return list(exc.problemas)
    conocidos = set(nombres) | set(ESTILOS) | set(ESTILOS_LISTA)
    problemas = []
    for bloque in bloques:
        try:
            # Confinado (un archivo normal, con tamaño máximo, en UTF-8): un enlace a /dev/zero
            # agotaba la memoria y una tubería dejaba «plantillas validar» colgado.
            texto = leer_confinado(bloque, bloque.parent)
        except ErrorDeUsuario:
            continue  # la revisión de la carpeta ya lo dice
        for numero, linea in enumerate(texto.splitlines(), 1):
            for m in _DATA_ESTILO.finditer(linea):
                if m[1] not in conocidos:
                    problemas.append(Problema(
                        f"pide el estilo «{m[1]}», que el diseño de Word «{diseno.name}» del perfil «{perfil.id}» no "
                        f"tiene; estilos del diseño: {', '.join(sorted(nombres))}", Ubicacion(str(bloque), numero)))
    return problemas


def disenos_de_la_carpeta(carpeta: Path) -> list[Hallazgo]:
    """``problemas_del_diseno`` de cada perfil de una carpeta de plantillas, en cada vigencia
    del perfil, con sus bloques propios y los compartidos de la carpeta."""
    if not carpeta.is_dir():
        return []
    bases = carpetas_de_plantillas([carpeta])
    compartidos = sorted((carpeta / "textos").rglob("*.j2")) if (carpeta / "textos").is_dir() else []
    hallazgos: list[Hallazgo] = []
    vistos: set[tuple] = set()
    for id_ in instituciones_disponibles([carpeta]):
        propios = carpeta / "instituciones" / id_ / "textos"
        bloques = [*(sorted(propios.rglob("*.j2")) if propios.is_dir() else []), *compartidos]
        for fecha in fechas_del_perfil(carpeta / "instituciones" / id_ / "perfil.yaml"):
            try:
                perfil, perfil_carpeta = cargar_perfil(id_, plantillas=bases, fecha=fecha)
            except ErrorDeUsuario:
                continue  # la revisión de la carpeta ya dio el error del perfil
            for problema in problemas_del_diseno(perfil, perfil_carpeta, bases, bloques):
                hallazgo = Hallazgo.de_problema(problema, str(perfil_carpeta / "perfil.yaml"))
                if (hallazgo.mensaje, hallazgo.archivo, hallazgo.linea) not in vistos:
                    vistos.add((hallazgo.mensaje, hallazgo.archivo, hallazgo.linea))
                    hallazgos.append(hallazgo)
    return hallazgos
