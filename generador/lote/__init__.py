"""Generación por lotes: muchos expedientes, un proceso por núcleo, nada en memoria de más.

La entrada es una carpeta de expedientes YAML, o una tabla (CSV o XLSX) cuyas filas
llenan campos de un expediente base: cada columna es la ruta de un campo
(``oficio``, ``fecha``, ``solicitudes[1].folio``…; los elementos de lista se cuentan
desde 1, como en los mensajes de error).

Cada proceso carga el catálogo y prepara los diseños una sola vez; cada documento es
una redacción y un render (``word/motor.py``), escrito de forma atómica por el mismo
proceso. Los documentos nunca se juntan en memoria. Un caso que falla se informa y no
detiene a los demás. El manifiesto (JSON y CSV) registra cada caso con su salida, su
estado y el SHA-256 del documento; con él, una segunda corrida salta los casos cuya
salida está al día (mismo expediente, misma versión, mismo catálogo y plantillas).

Partes: ``entrada`` (carpeta o tabla → casos), ``tabla`` y ``columnas`` (leer la tabla),
``trabajo`` (generar un caso en cada proceso), ``oficios`` (dos casos, un número), ``manifiesto`` y
``bloqueo``.
"""

from ..salida import mensaje_de_os
from .bloqueo import bloquear
from .casos import MANIFIESTO, Resultado, Tarea, celda_segura, errores_de, mostrable
from .entrada import revisar_entrada, tareas
from .manifiesto import Manifiesto, leer_manifiesto
from .oficios import OficiosDelLote
from .trabajo import (huella_del_entorno, iniciar_trabajador, iniciar_trabajador_del_grupo, metodo_de_arranque,
                      procesar)

__all__ = ["MANIFIESTO", "Manifiesto", "OficiosDelLote", "Resultado", "Tarea", "bloquear", "celda_segura",
           "errores_de", "huella_del_entorno", "iniciar_trabajador", "iniciar_trabajador_del_grupo", "leer_manifiesto",
           "mensaje_de_os", "metodo_de_arranque", "mostrable", "procesar", "revisar_entrada", "tareas"]
