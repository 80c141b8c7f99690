"""Revisión jurídica del expediente: los hallazgos de ``resoluciones validar``.

Cada hallazgo tiene un nivel (``error`` o ``advertencia``), un código estable, el
campo y la línea que lo originan y, cuando aplica, el numeral de los Lineamientos
que lo exige. ``generar`` se niega a escribir con errores e imprime las advertencias.

Cada familia de revisiones vive en su módulo y se registra en :data:`REVISIONES`, en el
orden en que se informan (la lista completa, con un ejemplo de cada hallazgo, está en
``docs/revision.md``). Una revisión nueva es una función ``revisar_…(r: Revisor)`` que
añade hallazgos con ``r(nivel, codigo, lineamiento, ruta, mensaje)``; se añade aquí.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..catalogo import Catalogo
from ..expediente import Expediente
from ..expediente.yaml_lineas import Documento
from .citados import clausulas_citadas, fundamentos_citados
from .citas_libres import revisar_citas_libres
from .clasificacion import revisar_causales, revisar_trigesimo_octavo, revisar_trigesimo_septimo
from .confidencial import revisar_confidencial
from .determinacion import revisar_determinacion
from .fechas import revisar_fechas
from .hallazgo import Hallazgo, Nivel, Revisor, codigo_de_salida
from .oficio import revisar_oficio
from .plazos import revisar_ampliacion_reserva, revisar_inicio_de_la_reserva, revisar_plazos, revisar_reserva_vencida
from .prueba_de_dano import revisar_lineamientos_de_la_reserva, revisar_prueba_de_dano
from .razones import revisar_razones
from .recurso import revisar_autoridad_garante, revisar_fundamento_del_recurso, revisar_garante_faltante
from .recurso_texto import revisar_texto_del_recurso
from .sesion_y_firmas import (
    revisar_comite,
    revisar_integrantes_apf,
    revisar_quincuagesimo_primero,
    revisar_quorum,
)
from .vigencia import revisar_menciones_abrogadas, revisar_transicion, revisar_vigencia

if TYPE_CHECKING:
    from ..plantillas.perfil import Perfil

__all__ = ["Hallazgo", "Nivel", "Revisor", "REVISIONES", "revisar", "codigo_de_salida",
           "fundamentos_citados", "clausulas_citadas"]

REVISIONES: tuple[Callable[[Revisor], None], ...] = (
    revisar_quincuagesimo_primero,
    revisar_causales,
    revisar_trigesimo_septimo,
    revisar_trigesimo_octavo,
    revisar_quorum,
    revisar_comite,
    revisar_integrantes_apf,
    revisar_determinacion,
    revisar_confidencial,
    revisar_prueba_de_dano,
    revisar_lineamientos_de_la_reserva,
    revisar_autoridad_garante,
    revisar_garante_faltante,
    revisar_fundamento_del_recurso,
    revisar_texto_del_recurso,
    revisar_plazos,
    revisar_reserva_vencida,
    revisar_inicio_de_la_reserva,
    revisar_ampliacion_reserva,
    revisar_razones,
    revisar_vigencia,
    revisar_transicion,
    revisar_menciones_abrogadas,
    revisar_citas_libres,
    revisar_fechas,
    revisar_oficio,
)


def revisar(exp: Expediente, doc: Documento | None, catalogo: Catalogo, *, estricto: bool = False,
            perfil: Perfil | None = None) -> list[Hallazgo]:
    """Todos los hallazgos del expediente, errores primero. Con el ``perfil`` de la
    institución se revisa también la numeración del oficio."""
    revisor = Revisor(exp, doc, catalogo, perfil, estricto)
    for revision in REVISIONES:
        revision(revisor)
    return sorted(revisor.hallazgos, key=lambda h: (h.nivel != "error", h.linea or 0))
