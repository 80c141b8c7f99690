"""Generador de resoluciones de Comités de Transparencia.

Una tubería, con una etapa por subpaquete, en este orden::

    expediente (YAML)  →  catalogo (fundamentos y cláusulas)  →  revision (hallazgos)
    →  redaccion (texto)  →  word (documento .docx)  →  pdf (opcional)

``plantillas`` ejecuta lo que escriben los autores de plantillas en un entorno aislado;
``tuberia`` es la fachada para scripts; ``lote``, ``cli`` y ``web`` la usan. El mapa
completo, qué puede importar cada carpeta y dónde va cada cosa: ``docs/arquitectura.md``.
"""

__version__ = "0.1.0"
