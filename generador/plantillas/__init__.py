"""Las plantillas de los autores, ejecutadas sin riesgo: el entorno aislado y lo que lo rodea.

Lo usan el catálogo (para revisar sus cláusulas), la redacción (bloques de texto y
cláusulas), el documento de Word (las etiquetas del diseño) y ``nuevo`` (esqueletos):

* ``sandbox``: el entorno aislado por lista de lo permitido; ``limites``: el presupuesto
  de cada render; ``filtros``: los filtros con sus argumentos acotados;
* ``contexto``: lo que ve una plantilla (datos, nunca objetos); ``formato``: el lenguaje
  de sus salidas (texto con formato del expediente → HTML pequeño → párrafos con estilo);
* ``cargador``: plantillas leídas solo de su carpeta; ``entorno``: crear el entorno y
  renderizar; ``mensajes``: los errores de Jinja en español;
* ``analisis`` y ``revision``: revisar una carpeta de plantillas sin ejecutarla;
* ``perfil`` y ``patron``: el perfil de la institución y su patrón de oficio;
  ``esqueletos``: los expedientes en blanco de ``nuevo``.

Ver ``docs/seguridad.md``.
"""
