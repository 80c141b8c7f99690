"""El comando ``resoluciones``: una capa delgada sobre la biblioteca.

Cada subcomando vive en su módulo (``generar``, ``validar``, ``lote``, ``servir``…) y lee
argumentos, llama a la biblioteca (``generador.tuberia`` y las etapas) y traduce los
errores. ``principal`` los importa solo cuando se piden (ver ``grupo.py``). Nada de la
biblioteca importa este paquete.
"""

from .principal import main, principal

__all__ = ["main", "principal"]
