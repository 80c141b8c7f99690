"""Leer el catálogo: la carpeta del proyecto y, encima, las del usuario, con caché.

Una entrada de una carpeta del usuario sustituye a la del mismo id del catálogo base (así
una institución corrige o añade sin bifurcar el proyecto). Cada elemento de un archivo se
valida por separado, para que uno malo no oculte los problemas de los demás; al final se
revisan los enlaces (``enlaces.py``) y las plantillas de las cláusulas (``clausulas.py``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..cache import carpeta_de_cache, guardar_en_cache, huella_del_codigo, leer_de_cache
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import problemas_de_validacion
from ..expediente.yaml_lineas import leer_yaml
from ..modelos.base import BaseModel, ValidationError
from ..modelos.guardados import completar
from ..plantillas.cargador import TAMANO_MAXIMO_DE_DATOS, leer_confinado
from ..rutas import carpeta_datos
from .fundamentos import Catalogo
from .modelos import Categoria, Causal, Clausula, Disposicion, Instrumento

VARIABLE_ENTORNO = "RESOLUCIONES_CATALOGO"


def carpeta_base() -> Path:
    """Carpeta del catálogo que trae el proyecto."""
    return carpeta_datos("catalogo_fundamentos")


def carpetas_de_usuario(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Carpetas del usuario: las de ``--catalogo`` y las de la variable de entorno."""
    carpetas = [Path(c) for c in extra]
    entorno = os.environ.get(VARIABLE_ENTORNO, "")
    carpetas += [Path(c) for c in entorno.split(os.pathsep) if c]
    return carpetas


def _archivos(carpeta: Path) -> list[Path]:
    # También los que no son archivos normales (un enlace roto, una tubería): leerlos da su error.
    return sorted(p for p in carpeta.rglob("*.yaml") if p.is_symlink() or not p.is_dir())


def _clave_de_cache(capas: list[Path]) -> str | None:
    """Huella de los archivos del catálogo (ruta, tamaño y fecha de modificación)."""
    h = hashlib.sha256(f"{__version__}|{sys.version}|{huella_del_codigo()}".encode())
    for carpeta in capas:
        if not carpeta.is_dir():
            return None
        for archivo in _archivos(carpeta):
            try:
                estado = archivo.stat()
            except OSError:
                return None  # un enlace roto: sin caché, y al leerlo se dirá qué pasa
            h.update(f"{archivo.resolve()}|{estado.st_size}|{estado.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cargar(carpetas_extra: Iterable[str | Path] = (), *, estricto: bool = True) -> Catalogo:
    """Carga el catálogo base y, encima, las carpetas del usuario.

    Una entrada de una carpeta del usuario sustituye a la del mismo id del catálogo
    base (así una institución corrige o añade sin bifurcar el proyecto). Ids
    repetidos dentro de una misma carpeta son un error.

    Un catálogo sin problemas se guarda ya validado en la caché del usuario
    (``~/.cache/resoluciones``): leer y validar cientos de entradas cuesta ~0.1 s y
    cargarlo de la caché, ~5 ms. La clave cambia si cambia cualquier archivo.
    """
    capas = [carpeta_base(), *carpetas_de_usuario(carpetas_extra)]
    # Leído de la caché, ningún modelo se valida; la revisión y la redacción arman después
    # disposiciones y vigencias por su cuenta: sus validadores, ya construidos. Los de los
    # elementos de un archivo (instrumento, cláusulas, causales, categorías) van en el mismo
    # grupo: la base ligera (``generador.modelos``) no los sabría armar si el catálogo cambia.
    completar("catalogo")
    cache, clave = carpeta_de_cache(), _clave_de_cache(capas)
    if cache is not None and clave is not None:
        try:
            return pickle.loads(leer_de_cache(cache / f"catalogo-{clave}.pickle"))
        except Exception:  # noqa: BLE001 — falta, dañada o de otro código: se carga de los archivos
            pass
    catalogo = _cargar_capas(capas, estricto)
    if cache is not None and clave is not None and not catalogo.problemas:
        guardar_en_cache(cache, f"catalogo-{clave}.pickle", pickle.dumps(catalogo, protocol=pickle.HIGHEST_PROTOCOL))
    return catalogo


def _cargar_capas(capas: list[Path], estricto: bool) -> Catalogo:
    catalogo = Catalogo()
    problemas: list[Problema] = []
    for n, carpeta in enumerate(capas):
        if not carpeta.is_dir():
            problemas.append(Problema("la carpeta del catálogo no existe", Ubicacion(str(carpeta))))
            continue
        vistos: dict[str, Ubicacion] = {}
        for archivo in _archivos(carpeta):
            _cargar_archivo(archivo, carpeta, catalogo, vistos, problemas, sustituye=n > 0)
    # Solo sin caché: revisar enlaces y plantillas de cláusulas (jinja2.meta, el análisis
    # del entorno aislado) no se paga en el arranque de cada documento.
    from .clausulas import problemas_de_clausulas
    from .enlaces import enlaces_rotos

    problemas += enlaces_rotos(catalogo)
    problemas += problemas_de_clausulas(catalogo)
    if problemas and estricto:
        raise ErrorDeUsuario(problemas, titulo="El catálogo de fundamentos tiene errores:")
    catalogo.problemas = problemas
    return catalogo


# Qué puede contener un archivo del catálogo: su clave de primer nivel y el modelo
# de cada elemento de la lista.
_LISTAS: dict[str, type[BaseModel]] = {
    "disposiciones": Disposicion, "clausulas": Clausula, "causales": Causal, "categorias": Categoria,
}


def _cargar_archivo(archivo: Path, carpeta: Path, catalogo: Catalogo, vistos: dict[str, Ubicacion],
                    problemas: list[Problema], sustituye: bool) -> None:
    """Carga un archivo. Cada elemento se valida por separado: uno malo no oculta
    los problemas de los demás."""
    nombre = str(archivo)
    try:
        doc = leer_yaml(leer_confinado(archivo, carpeta, TAMANO_MAXIMO_DE_DATOS), nombre)
    except ErrorDeUsuario as exc:
        problemas.extend(exc.problemas)
        return
    except (OSError, UnicodeDecodeError) as exc:
        problemas.append(Problema(f"no se pudo leer el archivo ({exc})", Ubicacion(nombre)))
        return
    datos = doc.datos
    lista = next((c for c in _LISTAS if isinstance(datos, dict) and c in datos), None)
    if not isinstance(datos, dict) or lista is None or (lista == "disposiciones") != ("instrumento" in datos):
        problemas.append(Problema(
            "un archivo del catálogo lleva «instrumento:» y «disposiciones:», o bien «clausulas:», "
            "«causales:» o «categorias:»", Ubicacion(nombre, 1)))
        return
    sobrantes = set(datos) - {lista, "instrumento"}
    if sobrantes:
        problemas.append(Problema(f"clave desconocida de primer nivel: {', '.join(sorted(sobrantes))}",
                                  Ubicacion(nombre, doc.linea((sorted(sobrantes)[0],)))))

    def validar(modelo: type[BaseModel], valor, ruta: tuple):
        try:
            return modelo.model_validate(valor)
        except ValidationError as exc:
            problemas.extend(problemas_de_validacion(exc, doc, base=ruta))
            return None

    def registrar(id_: str, ruta: tuple) -> bool:
        ubicacion = Ubicacion(nombre, doc.linea(ruta), id_)
        if id_ in vistos:
            problemas.append(Problema(f"id repetido «{id_}» (ya definido en {vistos[id_]})", ubicacion))
            return False
        if not sustituye and id_ in catalogo.origen:
            problemas.append(Problema(f"id repetido «{id_}» (ya definido en {catalogo.origen[id_]})", ubicacion))
            return False
        vistos[id_] = ubicacion
        catalogo.origen[id_] = ubicacion
        return True

    instrumento = None
    if lista == "disposiciones":
        instrumento = validar(Instrumento, datos["instrumento"], ("instrumento",))
        if instrumento is None:
            return
        if registrar(instrumento.id, ("instrumento",)):
            catalogo.instrumentos[instrumento.id] = instrumento
    elementos = datos[lista] or []
    if not isinstance(elementos, list):
        problemas.append(Problema(f"«{lista}» debe ser una lista", Ubicacion(nombre, doc.linea((lista,)), lista)))
        return
    for i, valor in enumerate(elementos):
        ruta = (lista, i)
        elemento = validar(_LISTAS[lista], valor, ruta)
        if elemento is None:
            continue
        if instrumento is not None and not elemento.id.startswith(instrumento.id + "."):
            problemas.append(Problema(
                f"el id «{elemento.id}» debe empezar con el id del instrumento «{instrumento.id}.»",
                Ubicacion(nombre, doc.linea(ruta + ("id",)), elemento.id)))
            continue
        if not registrar(elemento.id, ruta):
            continue
        if isinstance(elemento, Disposicion):
            catalogo.disposiciones[elemento.id] = elemento
            catalogo._instrumento_de[elemento.id] = instrumento.id
        elif isinstance(elemento, Clausula):
            catalogo.clausulas[elemento.id] = elemento
            for parte in elemento.plantillas():
                ruta_texto = ruta + (("texto",) if parte == "texto" else ("partes", parte))
                catalogo.linea_texto[f"{elemento.id}#{parte}"] = doc.inicio_valor.get(ruta_texto, 1)
        elif isinstance(elemento, Causal):
            catalogo.causales[elemento.id] = elemento
        else:
            catalogo.categorias[elemento.id] = elemento
