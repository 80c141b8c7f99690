"""Generador de resoluciones de Comités de Transparencia.

El flujo tiene una etapa por módulo, como una tubería:

    expediente (YAML)  →  catalogo (fundamentos y cláusulas)  →  redaccion (texto)
    →  word (documento .docx)  →  cli (comando ``resoluciones``)
"""

__version__ = "0.1.0"
