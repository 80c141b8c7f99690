"""El catálogo de fundamentos y cláusulas.

Segunda etapa de la tubería. Lee los archivos YAML de ``catalogo_fundamentos/``
(uno por instrumento jurídico, más los de cláusulas) y, si se piden, los de una
carpeta del usuario que añade o sustituye entradas. El formato está descrito en
``docs/formato-catalogo.md``. El texto legal es un dato: aquí solo se lee, se valida
y se consulta.

* ``modelos``: la forma de cada entrada; ``fundamentos``: el catálogo cargado;
* ``carga``: leer las carpetas, con caché; ``enlaces`` y ``clausulas``: lo que se revisa
  al cargar; ``referencias``: los ids de un expediente;
* ``citas``: el párrafo de fundamentación; ``busqueda``: buscar por palabras.
"""

from .carga import VARIABLE_ENTORNO, cargar, carpeta_base, carpetas_de_usuario
from .fundamentos import Catalogo, Fundamento, es_instrumento_completo, ids_de_variable
from .modelos import (
    JERARQUIA,
    PARTES_PRUEBA_DE_DANO,
    Categoria,
    Causal,
    Clausula,
    Disposicion,
    Elemento,
    Instrumento,
    ValorPorFecha,
    Variable,
    Version,
    Vigencia,
)
from .referencias import comprobar_ids

__all__ = [
    "VARIABLE_ENTORNO", "cargar", "carpeta_base", "carpetas_de_usuario", "Catalogo",
    "Fundamento", "es_instrumento_completo", "ids_de_variable", "JERARQUIA",
    "PARTES_PRUEBA_DE_DANO", "Categoria", "Causal", "Clausula", "Disposicion", "Elemento", "Instrumento",
    "ValorPorFecha", "Variable", "Version", "Vigencia", "comprobar_ids",
]
