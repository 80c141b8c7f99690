"""Qué base usan los modelos en este proceso: pydantic o la ligera (``ligero``).

Se decide una vez, al importar el primer modelo. La ligera solo se usa si el comando la
pide antes (``pedir_ligero``: lo hacen ``generar`` y ``validar``, donde el arranque en frío es
lo que se espera) y si están guardados los validadores de todos los grupos de modelos para
este código y estas versiones de pydantic: la ligera no sabe armarlos. Si falta alguno, el
proceso usa pydantic y, al salir, guarda los que falten, para la próxima vez.

``RESOLUCIONES_MODELOS=pydantic`` obliga a usar pydantic (para comparar o diagnosticar);
sin caché (``RESOLUCIONES_SIN_CACHE``) no hay validadores guardados y se usa pydantic.
Este módulo no importa pydantic ni los modelos: lo que mira son nombres y archivos.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import sys

from ..cache import carpeta_de_cache, huella_del_codigo
from .pedido import fue_pedido, pedir_ligero

# Los modelos que se completan juntos (``guardados.completar(grupo)``), por nombre: cada grupo
# es un archivo en la caché.
GRUPOS: dict[str, tuple[str, ...]] = {
    "expediente": ("generador.expediente.modelo.Expediente",),
    "perfil": tuple(f"generador.plantillas.{n}" for n in (
        "perfil.Perfil", "perfil.Formato", "perfil.Fechas", "estructura.EstiloActa", "frases.FrasesDelActa",
        "estilo_citas.EstiloCitas", "estructura.Estructura", "estructura.Seccion", "frases.Frases")),
    "catalogo": tuple(f"generador.catalogo.modelos.{n}" for n in (
        "Disposicion", "Vigencia", "Instrumento", "Clausula", "Causal", "Categoria")),
}

__all__ = ["GRUPOS", "archivo_del_grupo", "clave", "clave_base", "en_sys_path", "ligero", "pedir_ligero"]

_estado: dict[str, object] = {"ligero": None, "base": None}


def en_sys_path(*ruta: str) -> str | None:
    """El primer archivo ``ruta`` que hay en las carpetas de ``sys.path`` (sin importar nada)."""
    for entrada in sys.path:
        archivo = os.path.join(entrada or ".", *ruta)
        if os.path.isfile(archivo):
            return archivo
    return None


def _archivos_de_pydantic() -> list[str] | None:
    """Tamaño y fecha de pydantic, pydantic-core, annotated_types y typing_extensions (lo que
    decide el esquema que pydantic arma), sin importar pydantic: se buscan en ``sys.path``.
    None si alguno no está donde se espera (entonces no hay base ligera)."""
    buscados = {"pydantic": ("pydantic", "version.py"), "pydantic_core": ("pydantic_core", "__init__.py"),
                "annotated_types": ("annotated_types", "__init__.py"), "typing_extensions": ("typing_extensions.py",)}
    partes = []
    for nombre, ruta in buscados.items():
        archivo = en_sys_path(*ruta)
        if archivo is None:
            return None
        estado = os.stat(archivo)
        partes.append(f"{nombre}:{estado.st_size}:{estado.st_mtime_ns}")
        if nombre == "pydantic_core":  # el núcleo compilado, donde está el validador
            carpeta = os.path.dirname(archivo)
            for entrada in sorted(os.listdir(carpeta)):
                if entrada.startswith("_pydantic_core") and not entrada.endswith(".pyi"):
                    estado = os.stat(os.path.join(carpeta, entrada))
                    partes.append(f"{entrada}:{estado.st_size}:{estado.st_mtime_ns}")
    return partes


def clave_base() -> str | None:
    """Lo que comparten las claves de todos los grupos: Python, las bibliotecas, el código."""
    if _estado["base"] is None:
        archivos = _archivos_de_pydantic()
        _estado["base"] = "" if archivos is None else f"{sys.version}|{'|'.join(archivos)}|{huella_del_codigo()}"
    return _estado["base"] or None


def clave(nombres: tuple[str, ...]) -> str | None:
    base = clave_base()
    if base is None:
        return None
    return hashlib.sha256(f"{base}|{','.join(nombres)}".encode()).hexdigest()[:24]


def archivo_del_grupo(nombres: tuple[str, ...]):
    """Dónde se guarda el grupo de ``nombres`` en la caché (None sin caché)."""
    cache, su_clave = carpeta_de_cache(), clave(nombres)
    if cache is None or su_clave is None:
        return None
    return cache / f"validadores-{su_clave}.pickle"


def ligero() -> bool:
    """¿Usan los modelos de este proceso la base ligera? Se decide la primera vez."""
    if _estado["ligero"] is None:
        _estado["ligero"] = _decidir()
    return bool(_estado["ligero"])


def _decidir() -> bool:
    if not fue_pedido() or os.environ.get("RESOLUCIONES_MODELOS") == "pydantic":
        return False
    archivos = [archivo_del_grupo(nombres) for nombres in GRUPOS.values()]
    if all(a is not None and a.is_file() for a in archivos):
        return True
    if all(a is not None for a in archivos) and _se_puede_escribir(archivos[0].parent):
        atexit.register(_preparar)
    return False


def _se_puede_escribir(carpeta) -> bool:
    """Si la caché no se puede escribir, preparar al salir no serviría de nada (y se pagaría en
    cada arranque): el proceso usa pydantic, como siempre."""
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(carpeta, os.W_OK)


def _preparar() -> None:
    """Al salir de un proceso que pidió la base ligera y no la tuvo: guarda los grupos que
    falten (una vez por versión del código), para que el próximo arranque la use."""
    from .guardados import preparar_grupos

    try:
        preparar_grupos()
    except Exception:  # preparar la próxima vez nunca hace fallar esta
        pass
