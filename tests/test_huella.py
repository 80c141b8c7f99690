"""La huella de un modelo (``modelos/huella.py``): clave de las citas y del diseño preparado.

Tiene que cambiar con cualquier dato (una clave que no cambia devolvería una cita o un
diseño de otro perfil) y no confundir un texto con su versión marcada como segura.
"""

from __future__ import annotations

import gc

from markupsafe import Markup

from generador.modelos.huella import huella
from generador.plantillas.estilo_citas import EstiloCitas
from generador.plantillas.perfil import Formato


def test_cambia_con_cada_dato_y_no_con_la_copia():
    base = Formato()
    assert huella(base) == huella(Formato())  # otro objeto, los mismos datos
    margenes = base.margenes_cm
    campo = next(iter(type(margenes).model_fields))
    otros = [base.model_copy(update={"fuente": "Otra"}), base.model_copy(update={"pie": ["Pie"]}),
             base.model_copy(update={"margenes_cm": margenes.model_copy(update={campo: 9.75})})]
    huellas = {huella(base), *map(huella, otros)}
    assert len(huellas) == 4


def test_un_texto_seguro_no_es_el_mismo_texto():
    estilo = EstiloCitas()
    campo = next(n for n, v in estilo.__dict__.items() if isinstance(v, str))
    plano = estilo.model_copy(update={campo: "<b>x</b>"})
    seguro = estilo.model_copy(update={campo: Markup("<b>x</b>")})
    assert huella(plano) != huella(seguro)


def test_un_objeto_nuevo_en_el_mismo_lugar_no_hereda_la_huella():
    # La memoria guarda el objeto mismo: su id no puede pasar a otro mientras esté guardado.
    vistos = {}
    for tamano in range(8, 40):
        formato = Formato().model_copy(update={"pie": [str(tamano)]})
        vistos[huella(formato)] = tamano
        del formato
        gc.collect()
    assert len(vistos) == 32
