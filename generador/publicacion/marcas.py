"""Qué se testa en una versión pública: el archivo de marcas, el caso y sus fechas.

Una **marca** es un texto exacto (sin distinguir mayúsculas ni la cantidad de espacios) o un
patrón (expresión regular), con el tipo de información que se quita (una categoría del
Lineamiento Trigésimo octavo por su id, p. ej. ``datos.identificativos``, o un texto libre)
y, si se quiere, los ids de sus fundamentos. El archivo de marcas::

    marcas:
      - texto: Juan Pérez López
        tipo: datos.identificativos
        fundamentos: [lgtaip2025.115]
      - patron: '[A-Z&Ñ]{3,4}\\d{6}[A-Z0-9]{3}'
        tipo: RFC
    resaltado: {tipo: datos.identificativos}   # lo resaltado en Word
    fecha_elaboracion: 2026-12-01
    fecha_confirmacion: 2026-12-03
    autorizados: [Dirección de Finanzas]

Del caso (``--caso``) salen el tipo de clasificación, el tipo por omisión de cada marca
(las categorías de la clasificación confidencial), las fechas (la de la versión pública y la
de la sesión del Comité) y la cita de los fundamentos de la leyenda de la primera hoja.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogo import Catalogo
from ..catalogo.citas import citar
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente.yaml_lineas import Documento, leer_yaml

CLAVES = {"marcas", "resaltado", "fecha_elaboracion", "fecha_confirmacion", "autorizados", "regiones"}
CLAVES_MARCA = {"texto", "patron", "tipo", "fundamentos"}
ID_CATEGORIA = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
MAXIMO_MARCAS = 5_000


@dataclass(frozen=True)
class Marca:
    """Lo que se busca y cómo se nombra su recuadro."""

    expresion: re.Pattern
    tipo: str
    cita: str = ""
    origen: str = ""
    literal: str | None = None  # el texto exacto, si no es un patrón

    @property
    def etiqueta(self) -> str:
        return f"{self.tipo} ({self.cita})" if self.cita else self.tipo


@dataclass
class Encargo:
    """Todo lo que pide una versión pública."""

    marcas: list[Marca] = field(default_factory=list)
    tipo_resaltado: str | None = None
    usar_resaltado: bool = True
    clasificacion: str = "clasificada"  # «confidencial», «reservada» o ambas
    tipos_del_caso: list[str] = field(default_factory=list)
    cita_del_caso: str = ""
    fecha_elaboracion: _dt.date = field(default_factory=_dt.date.today)
    fecha_confirmacion: _dt.date | None = None
    sesion: str = ""
    area: str = ""
    autorizados: list[str] = field(default_factory=list)
    regiones: list[tuple[int, tuple[float, float, float, float], str]] = field(default_factory=list)

    @property
    def tipo_por_omision(self) -> str | None:
        return "; ".join(self.tipos_del_caso) or None


def expresion_literal(texto: str) -> re.Pattern:
    """El texto exacto, sin distinguir mayúsculas y con cualquier espacio entre palabras;
    no encuentra la marca dentro de otra palabra («Ana» no está en «Anabel»)."""
    piezas = [re.escape(p) for p in texto.split()]
    cuerpo = r"\s+".join(piezas)
    antes = r"(?<!\w)" if re.match(r"\w", texto.strip()) else ""
    despues = r"(?!\w)" if re.search(r"\w$", texto.strip()) else ""
    return re.compile(antes + cuerpo + despues, re.IGNORECASE)


def nombre_de_tipo(tipo: str, catalogo: Catalogo | None, ubicacion: Ubicacion) -> str:
    """El nombre del tipo: el de la categoría del Trigésimo octavo, o el texto libre."""
    tipo = " ".join(str(tipo).split())
    if ID_CATEGORIA.match(tipo):
        categorias = catalogo.categorias if catalogo is not None else {}
        if tipo not in categorias:
            raise ErrorDeUsuario(Problema(
                f"la categoría «{tipo}» no está en el catálogo (Lineamiento Trigésimo octavo); disponibles: "
                f"{', '.join(sorted(categorias))}; o escriba el tipo con palabras", ubicacion))
        return categorias[tipo].nombre
    if not tipo:
        raise ErrorDeUsuario(Problema("el tipo de información está vacío", ubicacion))
    return tipo


def _ubicacion(doc: Documento, ruta: tuple) -> Ubicacion:
    campo = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in ruta).replace(".[", "[")
    return Ubicacion(doc.archivo, doc.linea(ruta), campo or None)


def _fecha(valor, doc: Documento, ruta: tuple) -> _dt.date:
    if isinstance(valor, _dt.date):
        return valor
    try:
        return _dt.date.fromisoformat(str(valor))
    except ValueError:
        raise ErrorDeUsuario(Problema(f"«{valor}» no es una fecha AAAA-MM-DD que exista", _ubicacion(doc, ruta))) from None


def _cita(ids, catalogo: Catalogo | None, doc: Documento, ruta: tuple, fecha: _dt.date | None = None) -> str:
    """La cita de los ``ids``; con ``fecha``, con las reformas publicadas hasta ese día (los
    Lineamientos de 2016 «y sus modificaciones … de 2022», como en la resolución)."""
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ErrorDeUsuario(Problema("debe ser una lista de ids del catálogo, p. ej. [lgtaip2025.115]",
                                      _ubicacion(doc, ruta)))
    if not ids:
        return ""
    if catalogo is None:
        raise ErrorDeUsuario(Problema("para citar fundamentos hace falta el catálogo", _ubicacion(doc, ruta)))
    try:
        return citar(catalogo, ids, fecha=fecha)
    except ErrorDeUsuario as exc:
        raise ErrorDeUsuario([Problema(p.mensaje, _ubicacion(doc, ruta)) for p in exc.problemas]) from None


def _marca(dato, i: int, doc: Documento, encargo: Encargo, catalogo: Catalogo | None) -> Marca:
    ruta = ("marcas", i)
    donde = _ubicacion(doc, ruta)
    if not isinstance(dato, dict):
        raise ErrorDeUsuario(Problema("cada marca es un mapeo con «texto» o «patron» y «tipo»", donde))
    sobran = set(dato) - CLAVES_MARCA
    if sobran:
        raise ErrorDeUsuario(Problema(f"clave desconocida «{sorted(sobran)[0]}»; se admiten: "
                                      f"{', '.join(sorted(CLAVES_MARCA))}", _ubicacion(doc, ruta + (sorted(sobran)[0],))))
    if ("texto" in dato) == ("patron" in dato):
        raise ErrorDeUsuario(Problema("indique «texto» (el texto exacto) o «patron» (una expresión regular), "
                                      "uno de los dos", donde))
    clave = "texto" if "texto" in dato else "patron"
    valor = dato[clave]
    if not isinstance(valor, (str, int)) or not str(valor).strip():
        raise ErrorDeUsuario(Problema("no puede estar vacío", _ubicacion(doc, ruta + (clave,))))
    valor = str(valor)
    if clave == "texto":
        expresion, literal = expresion_literal(valor), " ".join(valor.split())
    else:
        try:
            expresion = re.compile(valor)
        except re.error as exc:
            raise ErrorDeUsuario(Problema(f"el patrón no es una expresión regular válida ({exc})",
                                          _ubicacion(doc, ruta + (clave,)))) from None
        if expresion.search(""):
            raise ErrorDeUsuario(Problema("el patrón encuentra el texto vacío: testaría nada",
                                          _ubicacion(doc, ruta + (clave,))))
        literal = None
    tipo = dato.get("tipo") or encargo.tipo_por_omision
    if tipo is None:
        raise ErrorDeUsuario(Problema("falta «tipo»: el tipo de información que se testa (Lineamiento "
                                      "Sexagésimo primero), p. ej. datos.identificativos", donde))
    tipo = nombre_de_tipo(tipo, catalogo, _ubicacion(doc, ruta + ("tipo",)))
    cita = _cita(dato.get("fundamentos", []), catalogo, doc, ruta + ("fundamentos",),
                 encargo.fecha_confirmacion or encargo.fecha_elaboracion)
    return Marca(expresion, tipo, cita, f"{doc.archivo}, línea {doc.linea(ruta)}", literal)


def _region(texto: str, tipo: str, donde: Ubicacion) -> tuple[int, tuple[float, float, float, float], str]:
    m = re.fullmatch(r"\s*(\d+)\s*:\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*", texto)
    if not m:
        raise ErrorDeUsuario(Problema(f"la región «{texto}» debe ser PAGINA:x0,y0,x1,y1 (en puntos, desde la "
                                      "esquina superior izquierda; p. ej. 1:72,100,300,130)", donde))
    try:
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(2, 6))
    except ValueError:
        raise ErrorDeUsuario(Problema(f"la región «{texto}» tiene un número no válido", donde)) from None
    if int(m.group(1)) < 1 or x1 <= x0 or y1 <= y0:
        raise ErrorDeUsuario(Problema(f"la región «{texto}»: la página empieza en 1 y x1, y1 deben ser mayores "
                                      "que x0, y0", donde))
    return int(m.group(1)), (x0, y0, x1, y1), tipo


def aplicar_caso(encargo: Encargo, caso) -> None:
    """Tipo, fechas, área y fundamentos desde el expediente (``tuberia.Caso``)."""
    exp = caso.expediente
    tipos = sorted({c.tipo for c in exp.clasificaciones})
    if tipos:
        encargo.clasificacion = " y ".join(tipos)
    nombres: list[str] = []
    ids: list[str] = []
    for c in exp.clasificaciones:
        for id_ in c.categorias:
            nombre = caso.catalogo.categorias[id_].nombre
            if nombre not in nombres:
                nombres.append(nombre)
        if c.tipo == "reservada" and "Información reservada" not in nombres:
            nombres.append("Información reservada")
        ids += [i for i in c.fundamentos if i not in ids]
        if c.version_publica is not None:
            encargo.area = encargo.area or c.version_publica.unidad
            if c.version_publica.fecha:
                encargo.fecha_elaboracion = c.version_publica.fecha
        encargo.area = encargo.area or c.unidad
    encargo.tipos_del_caso = nombres
    encargo.cita_del_caso = citar(caso.catalogo, ids, fecha=exp.fecha) if ids else ""
    sesion = exp.sesion
    encargo.fecha_confirmacion = (sesion.fecha if sesion and sesion.fecha else exp.fecha)
    partes = [f"oficio {exp.oficio}"]
    if sesion and sesion.numero:
        partes.insert(0, f"sesión {sesion.tipo or ''} número {sesion.numero}".replace("  ", " "))
    encargo.sesion = ", ".join(partes)


def leer_marcas(ruta: str | Path | None, encargo: Encargo, catalogo: Catalogo | None,
                regiones: tuple[str, ...] = ()) -> Encargo:
    """Lee el archivo de marcas (si lo hay) y las regiones de la línea de comandos."""
    if ruta is not None:
        ruta = Path(ruta)
        try:
            texto = ruta.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ErrorDeUsuario(Problema("el archivo de marcas no existe", Ubicacion(str(ruta)))) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ErrorDeUsuario(Problema(f"no se pudo leer el archivo de marcas ({exc})", Ubicacion(str(ruta)))) from None
        doc = leer_yaml(texto, str(ruta))
        datos = doc.datos
        if not isinstance(datos, dict):
            raise ErrorDeUsuario(Problema("el archivo de marcas debe ser un mapeo con la lista «marcas»",
                                          Ubicacion(str(ruta), 1)))
        for clave in datos:
            if clave not in CLAVES:
                raise ErrorDeUsuario(Problema(f"clave desconocida; se admiten: {', '.join(sorted(CLAVES))}",
                                              _ubicacion(doc, (clave,))))
        for clave in ("fecha_elaboracion", "fecha_confirmacion"):
            if datos.get(clave) is not None:
                setattr(encargo, clave, _fecha(datos[clave], doc, (clave,)))
        autorizados = datos.get("autorizados", [])
        if not isinstance(autorizados, list) or not all(isinstance(a, str) for a in autorizados):
            raise ErrorDeUsuario(Problema("debe ser una lista de personas o áreas", _ubicacion(doc, ("autorizados",))))
        encargo.autorizados = autorizados
        resaltado = datos.get("resaltado")
        if resaltado is not None:
            if not isinstance(resaltado, dict) or set(resaltado) - {"tipo"}:
                raise ErrorDeUsuario(Problema("debe ser un mapeo con «tipo»", _ubicacion(doc, ("resaltado",))))
            if resaltado.get("tipo"):
                encargo.tipo_resaltado = nombre_de_tipo(resaltado["tipo"], catalogo,
                                                        _ubicacion(doc, ("resaltado", "tipo")))
        lista = datos.get("marcas", [])
        if not isinstance(lista, list):
            raise ErrorDeUsuario(Problema("«marcas» debe ser una lista", _ubicacion(doc, ("marcas",))))
        if len(lista) > MAXIMO_MARCAS:
            raise ErrorDeUsuario(Problema(f"hay más de {MAXIMO_MARCAS} marcas", _ubicacion(doc, ("marcas",))))
        encargo.marcas += [_marca(m, i, doc, encargo, catalogo) for i, m in enumerate(lista)]
        for i, r in enumerate(datos.get("regiones", []) or []):
            ruta_r = ("regiones", i)
            if not isinstance(r, dict) or "region" not in r:
                raise ErrorDeUsuario(Problema("cada región es un mapeo con «region: PAGINA:x0,y0,x1,y1» y «tipo»",
                                              _ubicacion(doc, ruta_r)))
            tipo = nombre_de_tipo(r.get("tipo") or encargo.tipo_por_omision or "Información clasificada", catalogo,
                                  _ubicacion(doc, ruta_r + ("tipo",)))
            encargo.regiones.append(_region(str(r["region"]), tipo, _ubicacion(doc, ruta_r + ("region",))))
    for texto in regiones:
        encargo.regiones.append(_region(texto, encargo.tipo_por_omision or "Información clasificada",
                                        Ubicacion(campo="--region")))
    if encargo.tipo_resaltado is None:
        encargo.tipo_resaltado = encargo.tipo_por_omision
    return encargo
