"""Lo que el servidor carga una vez por proceso y vuelve a cargar solo cuando cambian sus archivos.

Por qué: la página valida en vivo mientras se escribe, y cada validación volvía a leer el
catálogo de la caché del disco (varios milisegundos, y más con ocho personas a la vez) y a
leer con ruamel el archivo del caso para saber si se puede editar, aunque ni el catálogo ni
el archivo hubieran cambiado. Aquí el catálogo queda en memoria, comprobado contra la huella
(ruta, tamaño y fecha) de sus archivos y de los de las plantillas a lo sumo una vez por
``VIGENCIA`` segundos; un cambio en cualquiera lo descarta. Los perfiles y los diseños de Word
compilados ya se guardan por proceso mientras su archivo no cambie (``plantillas.perfil``,
``word.motor``), y las plantillas de Jinja, en su entorno (``plantillas.entorno``). También
queda, por texto del caso en disco, su carga con ruamel (``ida_y_vuelta.Referencia``): con
ella la validación en vivo no vuelve a escribir ni a leer el YAML en cada petición. Y, por
expediente, lo que dijo la redacción completa (``problemas_al_generar``): validar el mismo
caso otra vez (otra pestaña, volver a un campo, validar antes de descargar) no vuelve a
redactar ni a componer el Word mientras no cambie un archivo vigilado.

Cada proceso del servidor tiene los suyos: no hay nada aquí que deba compartirse entre
quienes redactan (los candados de guardado son de archivo, ``guardado.py``).
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from ..catalogo import Catalogo, cargar, carpeta_base, carpetas_de_usuario
from ..errores import ErrorDeUsuario, Problema
from ..expediente import decodificar, leer_texto, validar_documento
from ..expediente.yaml_lineas import Documento
from ..plantillas.perfil import catalogos_del_perfil
from ..rutas import carpetas_de_plantillas
from ..tuberia import Caso, comprobar, generar_docx
from .guardado import motivo_no_editable
from .ida_y_vuelta import Referencia, documento_sin_ida_y_vuelta, referencia

VIGENCIA = 1.0  # segundos entre dos revisiones de la huella de los archivos
_MAXIMO_DE_MOTIVOS = 64
_MAXIMO_DE_REFERENCIAS = 16  # cada una guarda el árbol de ruamel de un caso: más pesada
_MAXIMO_DE_REDACCIONES = 64
# Un render que se quedó sin tiempo depende de la carga de la máquina, no del caso: no se guarda.
_POR_TIEMPO = "excedió el tiempo máximo"


def _huella(carpetas: list[Path]) -> tuple:
    """Ruta, tamaño y fecha de modificación de cada archivo bajo ``carpetas``."""
    partes = []
    for carpeta in carpetas:
        for raiz, directorios, archivos in os.walk(carpeta):
            directorios.sort()
            for nombre in sorted(archivos):
                try:
                    estado = os.stat(os.path.join(raiz, nombre))
                except OSError:
                    continue
                partes.append((raiz, nombre, estado.st_size, estado.st_mtime_ns))
    return tuple(partes)


def _estado_del_logo(caso: Caso) -> tuple | None:
    """Tamaño y fecha del logotipo del perfil: puede estar fuera de las carpetas vigiladas."""
    try:
        logo = caso.perfil[0].formato.logo
    except ErrorDeUsuario:
        return None
    try:
        estado = os.stat(logo) if logo else None
    except OSError:
        return ("ausente", str(logo))
    return (str(logo), estado.st_size, estado.st_mtime_ns) if estado else None


class Recursos:
    """El catálogo y lo derivado del texto de un caso, en memoria mientras no cambien."""

    def __init__(self, catalogos: list[Path], plantillas: list[Path]):
        self.catalogos, self.plantillas = list(catalogos), list(plantillas)
        self.vigencia = VIGENCIA
        self._candado = threading.Lock()
        self._catalogos: dict[tuple, Catalogo] = {}
        self._huella: tuple | None = None
        self._revisada = float("-inf")
        self._motivos: OrderedDict[tuple[str, str], str | None] = OrderedDict()
        self._referencias: OrderedDict[tuple[str, str], Referencia | None] = OrderedDict()
        self._redacciones: OrderedDict[tuple, tuple[Catalogo, tuple[Problema, ...]]] = OrderedDict()
        self.cargas = 0  # cuántas veces se leyó el catálogo (lo miran las pruebas)

    def _carpetas_vigiladas(self) -> list[Path]:
        return [carpeta_base(), *carpetas_de_usuario(self.catalogos), *carpetas_de_plantillas(self.plantillas)]

    def _al_dia(self) -> None:
        """Descarta lo guardado si cambió algún archivo (revisado a lo sumo cada ``vigencia`` s)."""
        ahora = time.monotonic()
        if ahora - self._revisada < self.vigencia:
            return
        huella = _huella(self._carpetas_vigiladas())
        self._revisada = ahora
        if huella != self._huella:
            self._huella, self._catalogos = huella, {}
            self._redacciones.clear()

    def catalogo(self, del_perfil: list[Path] | tuple[Path, ...] = ()) -> Catalogo:
        """El catálogo base con las carpetas del perfil y las del usuario encima."""
        clave = tuple(str(p) for p in (*del_perfil, *self.catalogos))
        with self._candado:
            self._al_dia()
            catalogo = self._catalogos.get(clave)
            if catalogo is None:
                catalogo = cargar([*del_perfil, *self.catalogos])
                self._catalogos[clave] = catalogo
                self.cargas += 1
            return catalogo

    def caso_desde_bytes(self, entrada: bytes, nombre: str) -> Caso:
        """Como ``tuberia.caso_desde_bytes`` (los mismos pasos y errores), con el catálogo en
        memoria: el mismo armado que el lote hace en cada trabajador (``lote.trabajo``)."""
        exp, doc = leer_texto(decodificar(entrada, nombre), nombre)
        return self._caso(exp, doc, entrada)

    def caso_desde_documento(self, doc: Documento) -> Caso:
        """Lo mismo con el expediente ya leído (la validación en vivo, sin escribir el YAML).
        El caso no lleva el texto (``entrada`` vacía): sirve para revisar, no para guardar."""
        exp, doc = validar_documento(doc)
        return self._caso(exp, doc, b"")

    def _caso(self, exp, doc: Documento, entrada: bytes) -> Caso:
        plantillas = carpetas_de_plantillas(self.plantillas)
        catalogo = self.catalogo(catalogos_del_perfil(exp.institucion, plantillas))
        problemas = comprobar(exp, doc, catalogo)
        if problemas:
            raise ErrorDeUsuario(problemas, titulo=f"El expediente {doc.archivo} tiene referencias inválidas:")
        return Caso(exp, doc, catalogo, entrada, plantillas)

    def documento_del_formulario(self, texto: str, nombre: str, datos: dict,
                                 clases: dict[tuple, str]) -> Documento | None:
        """El expediente que dejaría el formulario, leído, sin escribir el YAML (None si el
        formulario cambió su forma: entonces se escribe). La carga con ruamel del texto en
        disco, una vez por texto (``ida_y_vuelta.Referencia``)."""
        ref = self._recordado(self._referencias, (texto, nombre), lambda: referencia(texto, nombre),
                              _MAXIMO_DE_REFERENCIAS)
        return documento_sin_ida_y_vuelta(ref, datos, clases) if ref is not None else None

    def _recordado(self, memoria: OrderedDict, clave: tuple, calcular, maximo: int = _MAXIMO_DE_MOTIVOS):
        """El valor de ``clave`` en ``memoria`` (a lo sumo ``maximo``, los más recientes), o calculado."""
        with self._candado:
            if clave in memoria:
                memoria.move_to_end(clave)
                return memoria[clave]
        valor = calcular()
        with self._candado:
            memoria[clave] = valor
            while len(memoria) > maximo:
                memoria.popitem(last=False)
        return valor

    def problemas_al_generar(self, caso: Caso) -> list[Problema]:
        """Los problemas que da ``generar_docx(caso)`` (vacío si redacta y compone), una vez por
        expediente. La clave es todo lo que la redacción lee del caso: el expediente validado
        (su JSON), el archivo y las líneas de cada campo (las ubicaciones de los errores) y las
        carpetas de plantillas; y el catálogo en memoria (el mismo objeto, que se descarta con
        cualquier cambio en los archivos del catálogo, los perfiles, los textos o los diseños:
        ``_al_dia``). Pruebas: ``tests/test_rendimiento_sin_cambios.py``."""
        doc = caso.documento
        clave = (doc.archivo, caso.expediente.model_dump_json(), tuple(doc.lineas.items()),
                 tuple(doc.inicio_valor.items()), tuple(str(p) for p in caso.plantillas), id(caso.catalogo),
                 _estado_del_logo(caso))
        with self._candado:
            guardado = self._redacciones.get(clave)
            if guardado is not None and guardado[0] is caso.catalogo:
                self._redacciones.move_to_end(clave)
                return copy.deepcopy(list(guardado[1]))  # quien los recibe puede tocar su ubicación
        try:
            generar_docx(caso)
            problemas: list[Problema] = []
        except ErrorDeUsuario as exc:
            problemas = list(exc.problemas)
        if not any(_POR_TIEMPO in p.mensaje for p in problemas):
            with self._candado:
                self._redacciones[clave] = (caso.catalogo, tuple(copy.deepcopy(problemas)))
                while len(self._redacciones) > _MAXIMO_DE_REDACCIONES:
                    self._redacciones.popitem(last=False)
        return problemas

    def motivo_no_editable(self, texto: str, nombre: str) -> str | None:
        """``guardado.motivo_no_editable``, una vez por texto: mientras alguien escribe en la
        página, el archivo en disco es el mismo en cada validación. (Guardar no usa esto:
        vuelve a leer y a revisar bajo el candado.)"""
        return self._recordado(self._motivos, (texto, nombre), lambda: motivo_no_editable(texto, nombre))
