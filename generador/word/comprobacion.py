"""Lo que solo se sabe con el diseño de Word del perfil en la mano, para ``plantillas validar``.

La revisión de una carpeta de plantillas (``plantillas/revision.py``) lee perfiles, bloques
y diseños cada uno por su lado; lo que los une se veía solo al generar: un diseño que el
perfil no encuentra (o que está fuera de su carpeta), un estilo de ``formato.estilos`` que
el diseño no tiene, un logo que falta, o un ``data-estilo`` de un bloque de texto que el
diseño no define. Aquí se prepara el diseño de cada perfil como al generar
(``ruta_diseno``, ``preparar_con_cache``) y se miran los estilos que piden sus bloques.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..plantillas.perfil import Perfil
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
            texto = bloque.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # la revisión de la carpeta ya lo dice
        for numero, linea in enumerate(texto.splitlines(), 1):
            for m in _DATA_ESTILO.finditer(linea):
                if m[1] not in conocidos:
                    problemas.append(Problema(
                        f"pide el estilo «{m[1]}», que el diseño de Word «{diseno.name}» del perfil «{perfil.id}» no "
                        f"tiene; estilos del diseño: {', '.join(sorted(nombres))}", Ubicacion(str(bloque), numero)))
    return problemas
