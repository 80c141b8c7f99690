"""La entrada de un lote: una carpeta de expedientes o una tabla con un expediente base.

``revisar_entrada`` revisa la tabla entera (encabezados, UTF-8, celdas) antes de escribir
nada; ``tareas`` produce los casos uno a uno, sin cargar miles en memoria.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import leer_entrada
from ..expediente.yaml_lineas import leer_yaml
from ..salida import CONTROLES_EN_NOMBRES, nombre_de_archivo, visible
from .casos import Tarea, corto, mostrable
from .columnas import poner, problemas_de_encabezados, ruta_de_columna
from .oficios import OficiosDelLote, oficio_repetido
from .tabla import filas


def _base(base: Path | None) -> dict:

    if base is None:
        raise ErrorDeUsuario("una tabla necesita un expediente base: use --base CASO.yaml")
    base_bytes, base_nombre = leer_entrada(base)
    base_datos = leer_yaml(base_bytes.decode("utf-8-sig"), base_nombre).datos
    if not isinstance(base_datos, dict):
        raise ErrorDeUsuario(Problema("el expediente base no es un conjunto de campos", Ubicacion(base_nombre)))
    return base_datos


def revisar_entrada(entrada: Path, base: Path | None) -> tuple[int, dict | None]:
    """Revisa la entrada completa antes de generar nada; devuelve cuántos casos tiene y,
    si es una tabla, los datos del expediente base (para no volver a leerlo).

    Lo que afectaría a todo el lote (una tabla ilegible o que no está en UTF-8, columnas
    que no son campos, ninguna fila, ``--base`` con una carpeta) es un error aquí, con
    código 2 y sin escribir nada, en lugar de repetirse en cada caso o cortar el lote a
    la mitad. La tabla se recorre sin guardarla en memoria.
    """
    if entrada.is_dir():
        if base is not None:
            raise ErrorDeUsuario("--base solo se usa con una tabla (CSV o XLSX); en una carpeta, cada "
                                 "expediente está completo")
        total = len([*entrada.glob("*.yaml"), *entrada.glob("*.yml")])
        if total == 0:
            raise ErrorDeUsuario(Problema("la carpeta no tiene expedientes (.yaml)", Ubicacion(str(entrada))))
        return total, None
    if not entrada.is_file():
        raise ErrorDeUsuario(Problema("no existe", Ubicacion(str(entrada))))
    if entrada.suffix.lower() not in (".csv", ".xlsx"):
        raise ErrorDeUsuario(Problema("la entrada debe ser una carpeta de expedientes o una tabla .csv o .xlsx",
                                      Ubicacion(str(entrada))))
    base_datos = _base(base)
    total = 0
    columnas: list[str] | None = None
    for _, fila in filas(entrada):
        if columnas is None:
            columnas = [str(c).strip() for c in fila if c is not None and str(c).strip() and c != "archivo"]
        total += 1
    if total == 0:
        raise ErrorDeUsuario(Problema("la tabla no tiene filas de casos (solo encabezados, o nada)",
                                      Ubicacion(str(entrada))))
    problemas = problemas_de_encabezados(columnas or [], base_datos, str(entrada))
    if problemas:
        raise ErrorDeUsuario(problemas, titulo=f"Las columnas de {entrada} no corresponden al expediente:")
    return total, base_datos


def _nombre_de_salida(fila: dict[str, Any], datos: dict, numero: int) -> str:
    nombre = str(fila.get("archivo") or datos.get("oficio") or f"fila-{numero}").strip()
    # «archivo: con.docx» es «con»: la extensión la pone el formato del lote.
    nombre = re.sub(r"\.(docx|pdf)$", "", nombre, flags=re.I)
    return nombre_de_archivo(nombre)


def _problemas_del_archivo(pedido: Any) -> list[str]:
    """La columna «archivo» nombra la salida dentro de la carpeta del lote: una carpeta
    («../../fuera», «a/b») o un carácter de control no se cambian en silencio por otro
    nombre, son un error de la fila. Lo demás (espacios, «/» de un oficio) se convierte como
    siempre (``nombre_de_archivo``)."""
    if pedido is None or not str(pedido).strip():
        return []
    texto = str(pedido).strip()
    if "/" in texto or "\\" in texto or CONTROLES_EN_NOMBRES.search(texto) or not texto.strip("."):
        return [f"la columna «archivo» da solo el nombre de la salida, sin carpetas ni caracteres de control "
                f"(se escribió «{visible(corto(texto))}»)"]
    return []


def tareas(entrada: Path, carpeta_salida: Path, base_datos: dict | None = None) -> Iterator[Tarea]:
    """Las tareas del lote, una por expediente o por fila, sin leerlas todas a la vez
    (``revisar_entrada`` ya comprobó la tabla y sus columnas y leyó la base)."""
    if entrada.is_dir():
        for ruta in sorted([*entrada.glob("*.yaml"), *entrada.glob("*.yml")]):
            nombre, origen = mostrable(ruta.stem), mostrable(str(ruta))
            if nombre != ruta.stem:
                # Un nombre en otra codificación (Latin-1 de un disco viejo): su salida no
                # tendría un nombre que se pueda escribir en el manifiesto ni mostrar.
                yield Tarea(nombre, origen, carpeta_salida / f"{nombre_de_archivo(nombre)}.docx", datos={
                    "__problemas__": [("el nombre del archivo no está en UTF-8; renómbrelo (sin caracteres "
                                       "extraños) y vuelva a correr el lote")]})
                continue
            yield Tarea(ruta.stem, origen, carpeta_salida / f"{nombre_de_archivo(ruta.stem)}.docx", ruta=ruta)
        return
    assert base_datos is not None, "una tabla necesita los datos de la base (revisar_entrada)"
    # Dos filas con la misma salida (el mismo oficio) serían dos resoluciones con el mismo
    # número: la segunda es un error, no un archivo renombrado en silencio. Sin distinguir
    # mayúsculas, porque Windows y macOS no las distinguen en los nombres de archivo.
    usados: dict[str, int] = {}
    # Y aunque las salidas se llamen distinto (columna «archivo»), dos filas con el mismo
    # oficio, escrito con otras mayúsculas o espacios, son la misma resolución para el
    # registro (``clave_de``): la segunda reemplazaba a la primera sin aviso.
    oficios = OficiosDelLote()
    for numero, fila in filas(entrada):  # el número de la fila en la hoja (la 1 son los encabezados)
        origen = f"{entrada}, fila {numero}"
        datos = copy.deepcopy(base_datos)
        problemas = []
        for columna, valor in fila.items():
            if columna is None or not str(columna).strip() or columna == "archivo":
                continue
            # Una celda vacía deja el campo sin valor (nunca el de la base: un oficio o una
            # unidad de otro caso en una resolución sería peor que un error).
            if valor is not None and not str(valor).strip():
                valor = None
            try:
                poner(datos, ruta_de_columna(str(columna)), valor, str(columna))
            except ValueError as exc:
                problemas.append(str(exc))
        oficio = datos.get("oficio")
        con_el_mismo = numero
        if isinstance(oficio, str) and oficio.strip():
            con_el_mismo = oficios.anotar(oficio, numero)
            if con_el_mismo != numero:
                problemas.append(oficio_repetido(f"la fila {con_el_mismo}", oficio))
        problemas += _problemas_del_archivo(fila.get("archivo"))
        nombre = _nombre_de_salida(fila, datos, numero)
        anterior = usados.setdefault(nombre.casefold(), numero)
        if anterior != numero:
            if anterior != con_el_mismo:  # con el mismo oficio, ya se dijo (un problema, un mensaje)
                problemas.append(f"la fila {anterior} ya produce «{nombre}»; dé a esta fila otro «oficio» o un "
                                 "nombre en la columna «archivo»")
            nombre = f"{nombre}-fila-{numero}"
        contenido = json.dumps(datos, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        tarea = Tarea(nombre, origen, carpeta_salida / f"{nombre}.docx", contenido, datos)
        if problemas:
            tarea.datos = {"__problemas__": problemas}
        yield tarea


# --- Huella del entorno (para saber si una salida está al día) -------------------
