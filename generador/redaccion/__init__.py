"""La redacción: del expediente y el catálogo al texto de la resolución (tercera etapa).

* ``redactor``: renderiza los bloques de texto y las cláusulas en el entorno aislado y
  devuelve la :class:`Resolucion` (párrafos, encabezado, firmas); no sabe nada de Word;
* ``variables``: el valor de cada variable de cláusula, comprobado y convertido a su tipo;
* ``calendario``: días hábiles (sábados, domingos, días de descanso y los del perfil).
"""

from .redactor import Resolucion, carpetas_de_textos, redactar

__all__ = ["Resolucion", "carpetas_de_textos", "redactar"]
