"""Después de la resolución: la leyenda de clasificación y la versión pública.

* ``leyenda``: el formato del Lineamiento Quincuagésimo tercero (tabla de Word y sello PDF).
* ``marcas``: qué se testa (archivo de marcas, resaltado de Word, datos del caso).
* ``limpieza``, ``texto_word`` y ``docx``: la versión pública de un .docx, parte por parte.
* ``pdf``: la versión pública de un PDF con la redacción de PyMuPDF aplicada.
* ``verificacion``: la relectura independiente de la salida, que falla cerrada.
* ``version_publica``: todo junto, con la escritura atómica.
"""

from .marcas import Encargo, Marca, aplicar_caso, leer_marcas
from .version_publica import hacer as hacer_version_publica

__all__ = ["Encargo", "Marca", "aplicar_caso", "hacer_version_publica", "leer_marcas"]
