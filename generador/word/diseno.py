"""Preparar un diseño de Word una vez: aplicarle el formato del perfil y separar sus partes.

1. el diseño se abre con python-docx y se le aplica el formato del perfil (la fuente en
   todos los estilos, página, márgenes, logotipo) y se normaliza lo que Word repararía
   (``normalizar.py``: partes de más, propiedades de otro programa, orden del esquema);
2. las partes con etiquetas (documento, encabezados, pies) pasan una vez por el
   preprocesado de docxtpl (``patch_xml``: etiquetas partidas por Word, ``{%p``, ``{%tr``,
   ``{%tc``, ``{%r``): la sintaxis para los autores de plantillas es la de docxtpl;
3. las partes que no cambian se comprimen una vez.

El resultado se guarda en la caché del usuario: en frío no hace falta importar
python-docx ni docxtpl (las dos se importan solo aquí, al preparar un diseño nuevo).
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import zipfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..cache import carpeta_de_cache, guardar_en_cache, huella_del_codigo, leer_de_cache
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..modelos.huella import huella
from ..plantillas.cargador import comprobar_docx
from ..plantillas.perfil import Formato
from .paquete import comprimir

_CON_ETIQUETAS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
PAGINAS_CM = {"carta": (21.59, 27.94), "oficio": (21.59, 34.01), "a4": (21.0, 29.7)}


def _aplicar_formato(documento, formato: Formato, ruta: Path) -> None:
    from docx.shared import Cm  # python-docx y lxml solo al preparar un diseño nuevo (ver el docstring)

    from .normalizar import aplicar_fuente

    por_nombre = {s.name: s.style_id for s in documento.styles}
    desconocidos = [nombre for nombre in formato.estilos if nombre not in por_nombre]
    if desconocidos:
        raise ErrorDeUsuario(Problema(
            f"el diseño de Word no tiene el estilo «{desconocidos[0]}» que el perfil fija en «formato.estilos»; "
            f"estilos del diseño: {', '.join(sorted(por_nombre))}", Ubicacion(str(ruta), campo="formato.estilos")))
    aplicar_fuente(documento.styles.element, formato.fuente, formato.tamano,
                   {por_nombre[nombre]: propio for nombre, propio in formato.estilos.items()})
    if formato.logo:
        _poner_logo(documento, Path(formato.logo), Cm(formato.logo_ancho_cm))
    ancho, alto = PAGINAS_CM[formato.pagina]
    for seccion in documento.sections:
        seccion.page_width, seccion.page_height = Cm(ancho), Cm(alto)
        seccion.top_margin = Cm(formato.margenes_cm.superior)
        seccion.bottom_margin = Cm(formato.margenes_cm.inferior)
        seccion.left_margin = Cm(formato.margenes_cm.izquierdo)
        seccion.right_margin = Cm(formato.margenes_cm.derecho)


def _poner_logo(documento, imagen: Path, ancho) -> None:
    """El logotipo, en su propio párrafo, arriba de la primera celda del encabezado."""
    encabezado = documento.sections[0].header
    destino = encabezado.tables[0].rows[0].cells[0] if encabezado.tables else encabezado
    primero = destino.paragraphs[0]
    parrafo = primero.insert_paragraph_before(style=primero.style)
    try:
        parrafo.add_run().add_picture(str(imagen), width=ancho)
    except Exception as exc:  # python-docx no distingue sus errores de imagen
        raise ErrorDeUsuario(Problema(f"no se pudo usar la imagen del logotipo ({exc})", Ubicacion(str(imagen)))) from None


def _delimitadores_literales(xml: str) -> str:
    """Los delimitadores escapados de docxtpl (``{_{`` se imprime ``{{``…) se convierten
    en expresiones de Jinja que los imprimen, en la plantilla y no en el resultado: así
    un «{_%» escrito en el expediente llega intacto al documento (docxtpl lo altera)."""
    for escapado, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        xml = xml.replace(escapado, "{{ '" + literal + "' }}")
    return xml


def _preparar(ruta: Path, formato: Formato) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    """Lee el diseño, le aplica el formato y separa sus partes: (ids de estilos, partes).

    Cada parte es ``(nombre, Entrada)`` si no cambia, ``(nombre, str)`` con el XML ya
    preprocesado por docxtpl si lleva etiquetas, o ``(nombre, None)`` para las
    propiedades del documento, que se escriben en cada uno.
    """
    from docx import Document
    from docxtpl import DocxTemplate

    from .activos import contenido_activo  # usan lxml: solo al preparar un diseño nuevo
    from .normalizar import normalizar_paquete

    comprobar_docx(ruta)
    try:
        with zipfile.ZipFile(ruta) as original:
            activos = contenido_activo([(n, original.read(n)) for n in original.namelist()])
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ErrorDeUsuario(Problema(f"el diseño de Word no se pudo abrir ({exc})", Ubicacion(str(ruta)))) from None
    if activos:
        raise ErrorDeUsuario([Problema(f"el diseño de Word trae {a}; no se admite en un diseño: quítelo en Word "
                                       "(o use un diseño de su propia institución)", Ubicacion(str(ruta)))
                              for a in activos])
    try:
        documento = Document(str(ruta))
    except Exception as exc:  # python-docx no distingue sus errores de lectura
        raise ErrorDeUsuario(Problema(f"el diseño de Word no se pudo abrir ({exc})", Ubicacion(str(ruta)))) from None
    _aplicar_formato(documento, formato, ruta)
    estilos = {s.name: s.style_id for s in documento.styles}
    memoria = io.BytesIO()
    documento.save(memoria)
    partes: list[tuple[str, Any]] = []
    with zipfile.ZipFile(memoria) as paquete:
        leidas = [(nombre, paquete.read(nombre)) for nombre in paquete.namelist()]
    for nombre, datos in normalizar_paquete(leidas):
        if nombre == "docProps/core.xml":
            partes.append((nombre, None))
        elif _CON_ETIQUETAS.match(nombre) and (b"{{" in datos or b"{%" in datos):
            partes.append((nombre, _delimitadores_literales(DocxTemplate.patch_xml(None, datos.decode("utf-8")))))
        else:
            partes.append((nombre, comprimir(nombre, datos)))
    return estilos, partes


def preparar_con_cache(ruta: Path, formato: Formato) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    """Como ``_preparar``, guardado en la caché del usuario: en frío se ahorra importar
    python-docx y reprocesar el diseño. La clave cambia si cambia el archivo o el formato."""
    cache = carpeta_de_cache()
    if cache is None:
        return _preparar(ruta, formato)
    estado = ruta.stat()
    clave = hashlib.sha256(
        f"{__version__}|{huella_del_codigo()}|{ruta.resolve()}|{estado.st_size}|{estado.st_mtime_ns}|"
        f"{huella(formato)}|{_huella_de_archivo(formato.logo)}".encode()
    ).hexdigest()
    archivo = cache / f"diseno-{clave}.pickle"
    try:
        return pickle.loads(leer_de_cache(archivo))
    except Exception:  # noqa: BLE001 — falta, dañada o de otro código: se prepara de nuevo
        preparado = _preparar(ruta, formato)
        guardar_en_cache(cache, archivo.name, pickle.dumps(preparado, protocol=pickle.HIGHEST_PROTOCOL),
                          patron="diseno-*.pickle", conservar=16)
        return preparado


def _huella_de_archivo(ruta: str | None) -> str:
    if not ruta:
        return ""
    estado = Path(ruta).stat()
    return f"{estado.st_size}:{estado.st_mtime_ns}"
