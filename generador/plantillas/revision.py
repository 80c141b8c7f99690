"""Revisión de una carpeta de plantillas, para autores de plantillas.

Una carpeta de plantillas puede tener perfiles (``instituciones/<id>/perfil.yaml``),
bloques de texto (``textos/**/*.j2``, también dentro de cada institución), diseños de
Word (``word/*.docx`` o dentro de cada institución) y esqueletos (``nuevos/*.yaml.j2``).
Se revisa cada cosa con su archivo y, cuando se puede, su línea:

* perfiles: el formato, también con cada una de sus vigencias aplicada;
* bloques de texto: sintaxis de Jinja, variables que no existen en el contexto y campos
  del caso o del perfil que no existen (``exp.solicitudes[0].foli``: ``campos_usados.py``);
* diseños de Word: etiquetas partidas por Word en varios *runs* (docxtpl las junta,
  pero conviene saberlo: un cambio de formato a media etiqueta sí la rompe), sintaxis de
  Jinja, variables desconocidas y el esquema OOXML (con ``openxml-audit``: lo que haría
  que Word «repare» el archivo, con su parte y su elemento).
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from docxtpl import DocxTemplate
from jinja2 import meta

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente.modelo import Expediente
from ..word.activos import contenido_activo
from .analisis import enlaces_que_salen, usos_no_permitidos
from .campos_usados import campos_desconocidos
from .cargador import TAMANO_MAXIMO_DE_DATOS, comprobar_docx, leer_confinado
from .entorno import crear_entorno, mensaje_de_jinja
from .limites import PlantillaNoPermitida
from .mensajes import DEMASIADO_ANIDADA, filtros_y_pruebas_desconocidos
from .perfil import Perfil, cargar_perfil, instituciones_disponibles

# Lo que reciben los bloques de texto (redaccion.py) y los diseños de Word (word.py).
CONTEXTO_TEXTOS = {"exp", "inst", "citar", "categorias", "fecha_letras", "fecha", "dias_habiles", "asistentes",
                   "resolutivos", "pruebas_de_dano", "prueba_de_dano_ampliacion", "estilo", "hora", "numero", "titulo",
                   "cita", "frase", "apertura_acta"}
CONTEXTO_WORD = {"cuerpo", "oficio", "folios", "asunto", "firmantes", "firmantes_pares", "inst", "pares_completos",
                 "firmante_impar", "paginacion", "pie", "encabezado_adicional"}
CONTEXTO_NUEVOS = {"inst", "hoy", "archivo", "vigente_2025", "vencimiento", "tipo", "c"}
# Los nombres del contexto que son un modelo: se revisan los campos que la plantilla les pide.
RAICES_TEXTOS = {"exp": Expediente, "inst": Perfil}
RAICES_WORD = RAICES_NUEVOS = {"inst": Perfil}

_PARTE_CON_ETIQUETAS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


@dataclass
class Hallazgo:
    nivel: str  # error | advertencia | aviso (lo que no se pudo revisar: no cambia el código de salida)
    mensaje: str
    archivo: str
    linea: int | None = None

    def __str__(self) -> str:
        donde = self.archivo + (f", línea {self.linea}" if self.linea else "")
        return f"{self.nivel}: {donde}: {self.mensaje}"

    @classmethod
    def de_problema(cls, problema: Problema, archivo: str) -> Hallazgo:
        """El error de un ``Problema`` (con su campo, si lo tiene); ``archivo``, si no dice cuál."""
        campo = f" (campo «{problema.ubicacion.campo}»)" if problema.ubicacion.campo else ""
        return cls("error", problema.mensaje + campo, problema.ubicacion.archivo or archivo, problema.ubicacion.linea)


def _jinja(entorno, texto: str, archivo: str, permitidas: set[str], raices: dict[str, type]) -> list[Hallazgo]:
    try:
        arbol = entorno.parse(texto)
    except jinja2.TemplateSyntaxError as exc:
        return [Hallazgo("error", f"error de sintaxis de Jinja: {mensaje_de_jinja(exc.message)}", archivo, exc.lineno)]
    except RecursionError:
        return [Hallazgo("error", DEMASIADO_ANIDADA, archivo, 1)]
    except PlantillaNoPermitida as exc:
        return [Hallazgo("error", str(exc), archivo, 1)]
    desconocidos = filtros_y_pruebas_desconocidos(entorno, arbol)
    if desconocidos:
        return [Hallazgo("error", mensaje, archivo, linea) for mensaje, linea in desconocidos]
    hallazgos = [Hallazgo("error", mensaje, archivo, linea)
                 for mensaje, linea in usos_no_permitidos(arbol) + campos_desconocidos(arbol, raices)]
    # meta da falsos positivos con «set» dentro de bloques anidados: se descuentan todos
    # los nombres que la plantilla asigna en alguna parte (set, for, parámetros de macros).
    asignados = {n.name for n in arbol.find_all(jinja2.nodes.Name) if n.ctx in ("store", "param")}
    # Lo mismo con «{% import … as x %}» dentro de un «{% if %}» (los bloques guiados por el perfil).
    asignados |= {n.target for n in arbol.find_all(jinja2.nodes.Import)}
    lineas = texto.splitlines()
    for nombre in sorted(meta.find_undeclared_variables(arbol) - permitidas - set(entorno.globals) - asignados):
        linea = next((i + 1 for i, t in enumerate(lineas) if re.search(rf"\b{re.escape(nombre)}\b", t)), None)
        hallazgos.append(Hallazgo("error", f"usa «{nombre}», que no existe en los datos que recibe "
                                  f"(puede usar: {', '.join(sorted(permitidas))})", archivo, linea))
    return hallazgos


def _etiquetas_partidas(xml: str) -> list[str]:
    """Etiquetas {{ … }} o {% … %} cuyo texto quedó repartido en varios runs de Word."""
    partidas = []
    for inicio in re.finditer(r"\{[{%]", xml):
        cierre = xml.find("}}" if inicio.group() == "{{" else "%}", inicio.end())
        if cierre == -1:
            continue
        trozo = xml[inicio.start():cierre + 2]
        if "<w:t" in trozo or "</w:t>" in trozo:
            partidas.append(re.sub(r"<[^>]+>", "", trozo))
    return partidas


def _esquema_ooxml(ruta: Path) -> list[Hallazgo]:
    """Lo que un validador de OOXML predice que Word repararía al abrir el diseño."""
    try:
        # openxml-audit es una dependencia de las pruebas: solo aquí, y si falta se avisa.
        from openxml_audit import OpenXmlValidator, ValidationSeverity
    except ImportError:
        return [Hallazgo("aviso", "no se revisó el esquema OOXML del diseño porque falta openxml-audit "
                         "(pip install openxml-audit); lo demás sí se revisó", str(ruta))]
    try:
        resultado = OpenXmlValidator(max_errors=50).validate(ruta)
    except Exception as exc:  # el validador no distingue sus errores de lectura
        return [Hallazgo("error", f"el validador de OOXML no pudo leer el diseño ({exc})", str(ruta))]
    hallazgos = []
    for error in resultado.errors:
        if error.severity != ValidationSeverity.ERROR:
            continue
        donde = f"parte {error.part_uri or '(el paquete)'}" + (f", elemento «{error.node}»" if error.node else "") \
            + (f" en {error.path}" if error.path else "")
        hallazgos.append(Hallazgo("error", f"Word repararía el diseño al abrirlo ({donde}): según openxml-audit, "
                                  f"«{error.description}»", str(ruta)))
    return hallazgos


def _revisar_docx(ruta: Path, entorno) -> list[Hallazgo]:
    hallazgos = []
    try:
        comprobar_docx(ruta)
    except ErrorDeUsuario as exc:
        return [Hallazgo("error", p.mensaje, str(ruta)) for p in exc.problemas]
    hallazgos += _esquema_ooxml(ruta)
    try:
        with zipfile.ZipFile(ruta) as paquete:
            hallazgos += [Hallazgo("error", f"trae {a}; al usarse se rechaza (docs/seguridad.md)", str(ruta))
                          for a in contenido_activo([(n, paquete.read(n)) for n in paquete.namelist()])]
            partes = {n: paquete.read(n).decode("utf-8") for n in paquete.namelist() if _PARTE_CON_ETIQUETAS.match(n)}
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        return [Hallazgo("error", f"no es un .docx que se pueda leer ({exc})", str(ruta))]
    for nombre, xml in sorted(partes.items()):
        for etiqueta in _etiquetas_partidas(xml):
            hallazgos.append(Hallazgo(
                "advertencia", f"la etiqueta «{etiqueta}» está partida en varios fragmentos de Word en {nombre}: "
                "funciona, pero si cambia el formato de una parte de ella dejará de funcionar; escríbala de nuevo "
                "de una vez, sin formato a la mitad", str(ruta)))
        for hallazgo in _jinja(entorno, DocxTemplate.patch_xml(None, xml), f"{ruta} ({nombre})", CONTEXTO_WORD, RAICES_WORD):
            hallazgo.linea = None  # las líneas del XML interno no le dicen nada a quien edita en Word
            hallazgos.append(hallazgo)
    return hallazgos


def fechas_del_perfil(ruta: Path) -> list[_dt.date | None]:
    """Hoy (None) y el inicio de cada vigencia del perfil: cada una es otro perfil que revisar."""
    fechas: list[_dt.date | None] = [None]
    try:
        datos = yaml.safe_load(leer_confinado(ruta, ruta.parent, TAMANO_MAXIMO_DE_DATOS)) or {}
        for vigencia in datos.get("vigencias") or []:
            desde = vigencia.get("desde") if isinstance(vigencia, dict) else None
            if isinstance(desde, _dt.date):
                fechas.append(desde)
    except (yaml.YAMLError, OSError, AttributeError, ErrorDeUsuario):
        pass  # cargar_perfil da el error con su línea
    return fechas


def _revisar_perfil(ruta: Path) -> list[Hallazgo]:
    id_ = ruta.parent.name
    plantillas = [ruta.parent.parent.parent]
    hallazgos = []
    for fecha in fechas_del_perfil(ruta):
        try:
            cargar_perfil(id_, plantillas=plantillas, fecha=fecha)
        except ErrorDeUsuario as exc:
            hallazgos += [Hallazgo.de_problema(p, str(ruta)) for p in exc.problemas]
            break
    return hallazgos


def revisar_carpeta(carpeta: Path) -> list[Hallazgo]:
    """Todos los hallazgos de una carpeta de plantillas."""
    if not carpeta.is_dir():
        raise ErrorDeUsuario(Problema("la carpeta de plantillas no existe", Ubicacion(str(carpeta))))
    entorno = crear_entorno()
    hallazgos: list[Hallazgo] = [
        Hallazgo("error", f"es un enlace simbólico que apunta fuera de la carpeta de plantillas ({destino}); "
                 "al usarse se rechaza", str(enlace))
        for enlace, destino in enlaces_que_salen(carpeta)]
    for perfil in sorted(carpeta.glob("instituciones/*/perfil.yaml")):
        hallazgos += _revisar_perfil(perfil)
    fuera = {enlace for enlace, _ in enlaces_que_salen(carpeta)}
    permitidas = CONTEXTO_TEXTOS | {"m"}  # «m»: el nombre habitual de las macros importadas
    plantillas = [(p, permitidas, RAICES_TEXTOS) for p in sorted(carpeta.rglob("*.j2")) if "nuevos" not in p.parts]
    plantillas += [(p, CONTEXTO_NUEVOS, RAICES_NUEVOS) for p in sorted(carpeta.glob("nuevos/*.yaml.j2"))]
    for plantilla, nombres, raices in plantillas:
        if plantilla in fuera:
            continue  # ya se dijo que es un enlace que sale de la carpeta; no se lee
        try:
            texto = leer_confinado(plantilla, carpeta)
        except ErrorDeUsuario as exc:
            hallazgos += [Hallazgo("error", p.mensaje, str(plantilla)) for p in exc.problemas]
            continue
        hallazgos += _jinja(entorno, texto, str(plantilla), nombres, raices)
    for diseno in sorted(p for p in carpeta.rglob("*.docx") if p not in fuera):
        hallazgos += _revisar_docx(diseno, entorno)
    return hallazgos


def listar(carpetas: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """Lo que hay en las carpetas de plantillas, en orden de prioridad: (nombre, origen)."""
    salida: dict[str, list[tuple[str, str]]] = {"instituciones": [], "textos": [], "word": [], "nuevos": []}
    vistos: dict[str, set[str]] = {clave: set() for clave in salida}

    def agregar(clave: str, nombre: str, origen: Path) -> None:
        if nombre not in vistos[clave]:
            vistos[clave].add(nombre)
            salida[clave].append((nombre, str(origen)))

    for base in carpetas:
        for id_ in instituciones_disponibles([base]):
            agregar("instituciones", id_, base / "instituciones" / id_)
            for bloque in sorted((base / "instituciones" / id_ / "textos").rglob("*.j2")):
                agregar("textos", f"{id_}: {bloque.relative_to(base / 'instituciones' / id_ / 'textos')}", bloque)
            # El diseño propio de un perfil (en su carpeta) va antes que los de «word/».
            for diseno in sorted((base / "instituciones" / id_).glob("*.docx")):
                agregar("word", f"{id_}: {diseno.name}", diseno)
        for bloque in sorted((base / "textos").rglob("*.j2")) if (base / "textos").is_dir() else []:
            agregar("textos", str(bloque.relative_to(base / "textos")), bloque)
        for diseno in sorted((base / "word").glob("*.docx")) if (base / "word").is_dir() else []:
            agregar("word", diseno.name, diseno)
        for esqueleto in sorted((base / "nuevos").glob("*.yaml.j2")) if (base / "nuevos").is_dir() else []:
            agregar("nuevos", esqueleto.name.removesuffix(".yaml.j2"), esqueleto)
    return salida
