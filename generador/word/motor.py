"""Motor de documentos Word: el diseño se prepara una vez y cada documento es un render.

docxtpl, usado como se acostumbra (``DocxTemplate(ruta)``, ``render``, ``save``), vuelve
a leer el .docx, a preprocesar sus etiquetas y a compilar el Jinja en cada documento,
y comprime de nuevo partes que nunca cambian (estilos, tema, fuentes). Aquí:

1. el diseño se prepara una vez (``diseno.py``: formato del perfil, preprocesado de
   docxtpl, partes fijas ya comprimidas, en la caché del usuario);
2. sus partes con etiquetas se compilan una vez con el Jinja aislado;
3. cada documento: renderizar esas partes sobre datos, escribir sus propiedades y armar
   el .zip con fechas fijas (``paquete.py``: los mismos datos dan los mismos bytes).

Un documento suelto (``generar``) y un lote (``lote``) usan este mismo motor, así que su
salida es idéntica byte a byte.
"""

from __future__ import annotations

import datetime as _dt
import zlib
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

import jinja2

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..modelos.huella import huella
from ..plantillas.contexto import a_datos
from ..plantillas.entorno import ERRORES_DE_PLANTILLA, compilar_texto, entorno_para, mensaje_de_jinja, traducir_error
from ..plantillas.perfil import Formato
from ..plantillas.sandbox import generar
from .diseno import preparar_con_cache
from .notas import PARTE as PARTE_DE_NOTAS
from .notas import con_notas, primer_id
from .paquete import Entrada, comprimir, comprobar_xml, core_xml, empaquetar


class DisenoCompilado:
    """Un diseño de Word preparado para renderizar muchos documentos."""

    def __init__(self, ruta: Path, formato: Formato):
        self.ruta = ruta
        self.estilos, preparadas = preparar_con_cache(ruta, formato)
        entorno = entorno_para()
        self._partes: list[tuple[str, Entrada | jinja2.Template | None]] = []
        for nombre, parte in preparadas:
            if isinstance(parte, str):
                try:
                    parte = compilar_texto(entorno, parte, f"{ruta} ({nombre})")
                except jinja2.TemplateSyntaxError as exc:
                    raise ErrorDeUsuario(Problema(
                        f"error de sintaxis en una etiqueta del diseño ({nombre}): {mensaje_de_jinja(exc.message)}",
                        Ubicacion(str(ruta)))) from None
            self._partes.append((nombre, parte))
        de_notas = [p for n, p in self._partes if n == PARTE_DE_NOTAS and isinstance(p, Entrada)]
        self.primera_nota = primer_id({PARTE_DE_NOTAS: zlib.decompress(de_notas[0].comprimido, -15)} if de_notas else {})

    def renderizar(self, contexto: dict[str, Any], propiedades: dict[str, str], momento: _dt.datetime,
                   notas: list[str] | None = None) -> bytes:
        """El .docx de un documento. El diseño ve solo datos (``a_datos``), dentro de los
        límites del entorno aislado: lo escribe un autor de plantillas, no el programa.
        ``notas``: las notas al pie del cuerpo, ya en XML (``notas.py``)."""
        contexto = {nombre: a_datos(valor) for nombre, valor in contexto.items()}
        entradas = []
        for nombre, parte in self._partes:
            if parte is None:
                entradas.append(comprimir(nombre, core_xml(propiedades, momento)))
            elif isinstance(parte, Entrada):
                entradas.append(parte)
            else:
                try:
                    xml = generar(parte, contexto)
                except ERRORES_DE_PLANTILLA as exc:
                    error = traducir_error(exc, str(self.ruta))
                    for problema in error.problemas:
                        # Las líneas serían del XML interno del .docx: se nombra solo el archivo.
                        problema.ubicacion = Ubicacion(str(self.ruta))
                    raise error from None
                datos = xml.encode("utf-8")
                try:
                    comprobar_xml(datos)
                except ExpatError as exc:
                    raise ErrorDeUsuario(Problema(
                        f"el diseño de Word produjo XML no válido en {nombre} ({exc}); revise sus etiquetas",
                        Ubicacion(str(self.ruta)))) from None
                entradas.append(comprimir(nombre, datos))
        return empaquetar(con_notas(entradas, notas or []))


_COMPILADOS: dict[tuple[Path, float, str], DisenoCompilado] = {}
_MAXIMO_EN_MEMORIA = 32


def diseno_compilado(ruta: Path, formato: Formato) -> DisenoCompilado:
    """El diseño preparado, reutilizado mientras el archivo y el formato no cambien (la
    clave es la huella del formato: lleva listas y mapas, que no se pueden usar de clave)."""
    clave = (ruta, ruta.stat().st_mtime, huella(formato))
    compilado = _COMPILADOS.get(clave)
    if compilado is None:
        compilado = DisenoCompilado(ruta, formato)
        if len(_COMPILADOS) >= _MAXIMO_EN_MEMORIA:
            _COMPILADOS.pop(next(iter(_COMPILADOS)))
        _COMPILADOS[clave] = compilado
    return compilado
