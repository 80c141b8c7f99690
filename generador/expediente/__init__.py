"""El expediente: el caso que el Comité resuelve, leído de un archivo YAML (primera etapa).

Define el formato del expediente (modelos pydantic, de los que sale también el JSON Schema
de ``resoluciones esquema``), lo lee y lo valida. Todo error se informa en español con la
ruta del campo y la línea del archivo.

* ``campos``: tipos de campo y la base de los modelos; ``partes``, ``secciones`` y
  ``modelo``: el formato del expediente; ``esquema``: el JSON Schema;
* ``yaml_lineas``: YAML con la línea de cada nodo; ``validacion``: errores de pydantic en
  español; ``lectura``: leer y validar un archivo o la entrada estándar. La base de los
  modelos y sus validadores guardados están en ``generador.modelos``.
"""

from .campos import FECHA_MAXIMA, FECHA_MINIMA, MAX_CARACTERES_CAMPO, PROHIBIDOS_EN_XML, texto_valido, titulo_de_campo
from .esquema import esquema_json
from .lectura import decodificar, leer_archivo, leer_entrada, leer_texto, validar_documento
from .modelo import Expediente
from .partes import (
    Clasificacion,
    Firmante,
    PeriodoReserva,
    PruebaDeDano,
    Reproduccion,
    Resolutivo,
    Respuesta,
    Sesion,
    Solicitud,
    VersionPublica,
)
from .secciones import Acta, Acuerdo, Ampliacion, Busqueda, Fundamentacion, Incompetencia, Inexistencia
from .validacion import problemas_de_validacion

__all__ = [
    "FECHA_MAXIMA", "FECHA_MINIMA", "MAX_CARACTERES_CAMPO", "PROHIBIDOS_EN_XML", "texto_valido", "titulo_de_campo",
    "esquema_json", "decodificar", "leer_archivo", "leer_entrada", "leer_texto", "validar_documento", "Expediente",
    "Clasificacion", "Firmante", "PeriodoReserva", "PruebaDeDano", "Reproduccion", "Resolutivo", "Respuesta",
    "Sesion", "Solicitud", "VersionPublica", "Acta", "Acuerdo", "Ampliacion", "Busqueda", "Fundamentacion",
    "Incompetencia", "Inexistencia", "problemas_de_validacion",
]
