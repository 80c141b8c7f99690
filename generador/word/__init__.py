"""El documento de Word: cuarta etapa de la tubería.

* ``composicion``: los párrafos redactados → XML de Word con los estilos del diseño, y el
  contexto (datos) del diseño;
* ``motor``: el diseño compilado una vez y renderizado por documento;
* ``diseno``: preparar un diseño (formato del perfil, preprocesado de docxtpl), en caché;
* ``normalizar``: lo que Word repararía (partes de más, modo, idioma, orden del esquema) y
  la fuente del perfil en todos los estilos, al preparar un diseño;
* ``pagina``: número de página, pie y líneas del encabezado del perfil con datos del caso;
* ``paquete``: el .zip reproducible y las propiedades del documento.
"""

from .composicion import ESTILOS, ESTILOS_LISTA, componer, ruta_diseno

__all__ = ["ESTILOS", "ESTILOS_LISTA", "componer", "ruta_diseno"]
