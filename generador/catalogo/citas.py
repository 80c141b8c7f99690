"""El formateador de citas: de una lista de ids a un párrafo de fundamentación.

Reglas (las de las resoluciones mexicanas):

* los fundamentos se agrupan por instrumento; los grupos van en orden jerárquico
  (Constitución, tratados, leyes, reglamentos, decretos, acuerdos, lineamientos)
  o en el orden en que el expediente los lista, y se separan con «;»;
* dentro de un instrumento, los artículos van en orden numérico y los
  transitorios al final ("145 y Tercero Transitorio");
* las fracciones de un mismo artículo se juntan: "61, fracciones II y V";
* «artículo»/«artículos» y «numeral»/«numerales» según cuántos se citan; la
  palabra se repite solo cuando cambia la unidad (de artículos a numerales);
* los numerales de los Lineamientos se escriben con ordinales en palabras y
  mayúscula inicial ("Décimo Séptimo, fracción IV");
* antes del último elemento va «y»; si el penúltimo lleva fracción, «, y» para
  no confundir la fracción con el artículo ("3, fracción V, y 13");
* un elemento con fracción se cierra con coma antes del instrumento
  ("110, fracción I, de la Ley …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..errores import ErrorDeUsuario, Problema
from ..letras import ordinal
from .fundamentos import Catalogo, Fundamento, es_instrumento_completo
from .modelos import JERARQUIA


@dataclass
class _Articulo:
    """Un artículo citado, con las fracciones (o incisos, párrafos) que se citan de él."""

    fundamento: Fundamento
    completo: bool
    detalles: list[Fundamento]


def _clave_articulo(fundamento: Fundamento) -> tuple:
    d = fundamento.disposicion
    numero = re.match(r"(\d+)\s*(.*)", d.articulo)
    if numero:
        return (d.transitorio, int(numero.group(1)), numero.group(2).lower())
    return (d.transitorio, 10**9, d.articulo.lower())


def _clave_detalle(fundamento: Fundamento) -> tuple:
    d = fundamento.disposicion
    return (
        d.apartado or "",
        d.orden_fraccion(),
        d.fraccion or "",
        d.inciso or "",
        d.parrafo or 0,
    )


def _nombre_articulo(fundamento: Fundamento) -> str:
    d, instrumento = fundamento.disposicion, fundamento.instrumento
    if d.transitorio:
        return f"{ordinal(int(d.articulo), titulo=True)} Transitorio" if d.articulo.isdigit() else f"{d.articulo} Transitorio"
    if instrumento.unidad == "numeral" and d.articulo.isdigit():
        return ordinal(int(d.articulo), titulo=True)
    if instrumento.sufijo_ordinal and d.articulo.isdigit() and 1 <= int(d.articulo) <= 9:
        return f"{d.articulo}o."
    return d.articulo


def _unir(partes: Sequence[str], coma_antes_de_y: bool = False) -> str:
    if len(partes) == 1:
        return partes[0]
    union = ", y " if coma_antes_de_y else " y "
    return ", ".join(partes[:-1]) + union + partes[-1]


def _detalle(detalles: list[Fundamento]) -> str:
    """", apartado A, fracciones II y V" a partir de las disposiciones citadas de un artículo."""
    texto = ""
    apartados = sorted({d.disposicion.apartado for d in detalles if d.disposicion.apartado})
    if apartados:
        texto += ", apartado " + _unir(apartados) if len(apartados) == 1 else ", apartados " + _unir(apartados)
    fracciones = [d for d in detalles if d.disposicion.fraccion]
    if fracciones:
        nombres: list[str] = []
        for f in fracciones:
            nombre = f.disposicion.fraccion
            if f.disposicion.inciso:
                nombre += f", inciso {f.disposicion.inciso})"
            if nombre not in nombres:
                nombres.append(nombre)
        palabra = "fracción" if len(nombres) == 1 else "fracciones"
        texto += f", {palabra} " + _unir(nombres)
    parrafos = sorted({d.disposicion.parrafo for d in detalles if d.disposicion.parrafo and not d.disposicion.fraccion})
    if parrafos:
        palabra = "párrafo" if len(parrafos) == 1 else "párrafos"
        texto += f", {palabra} " + _unir([ordinal(p) for p in parrafos])
    return texto


def _articulos(fundamentos: list[Fundamento]) -> list[_Articulo]:
    por_articulo: dict[tuple, _Articulo] = {}
    for f in sorted(fundamentos, key=lambda f: (_clave_articulo(f), _clave_detalle(f))):
        d = f.disposicion
        clave = _clave_articulo(f)
        es_completo = not (d.apartado or d.fraccion or d.inciso or d.parrafo)
        if clave not in por_articulo:
            por_articulo[clave] = _Articulo(f, es_completo, [] if es_completo else [f])
        elif es_completo:
            # Citar el artículo completo abarca sus fracciones.
            por_articulo[clave].completo = True
            por_articulo[clave].detalles = []
        elif not por_articulo[clave].completo:
            por_articulo[clave].detalles.append(f)
    return list(por_articulo.values())


@dataclass
class _Grupo:
    instrumento_id: str
    fundamentos: list[Fundamento]

    @property
    def instrumento(self):
        return self.fundamentos[0].instrumento

    @property
    def completo(self) -> bool:
        return any(es_instrumento_completo(f) for f in self.fundamentos)


def _agrupar(fundamentos: list[Fundamento], orden: str) -> list[_Grupo]:
    grupos: dict[str, _Grupo] = {}
    for f in fundamentos:
        grupos.setdefault(f.instrumento.id, _Grupo(f.instrumento.id, [])).fundamentos.append(f)
    lista = list(grupos.values())
    if orden == "jerarquico":
        # sorted es estable: dentro del mismo rango se respeta el orden de aparición.
        lista.sort(key=lambda g: JERARQUIA[g.instrumento.tipo])
    return lista


def _palabra(unidad: str, cantidad: int, determinante: bool) -> str:
    if unidad == "numeral":
        palabra = "numeral" if cantidad == 1 else "numerales"
    else:
        palabra = "artículo" if cantidad == 1 else "artículos"
    if determinante:
        palabra = ("el " if cantidad == 1 else "los ") + palabra
    return palabra


def resolver(catalogo: Catalogo, ids: Iterable[str]) -> list[Fundamento]:
    """Fundamentos de los ids (sin repetir); un id desconocido es un error."""
    vistos: set[str] = set()
    fundamentos, faltan = [], []
    for id_ in ids:
        if id_ in vistos:
            continue
        vistos.add(id_)
        try:
            fundamentos.append(catalogo.fundamento(id_))
        except KeyError:
            faltan.append(id_)
    if faltan:
        raise ErrorDeUsuario([Problema(f"el fundamento «{i}» no está en el catálogo") for i in faltan])
    return fundamentos


def citar(
    catalogo: Catalogo,
    ids: Iterable[str],
    *,
    orden: str = "jerarquico",
    determinante: bool = False,
    en_relacion_con: Iterable[str] = (),
    union_final: str = "; ",
) -> str:
    """Escribe el párrafo de cita de los ids.

    ``determinante`` antepone «el»/«los» ("con fundamento en los artículos …");
    ``en_relacion_con`` añade "; en relación con el artículo …";
    ``union_final`` es lo que separa el último instrumento (p. ej. ", y ").
    """
    fundamentos = resolver(catalogo, ids)
    if not fundamentos:
        return ""
    grupos = _agrupar(fundamentos, orden)
    piezas: list[str] = []
    # Cada tramo de grupos con la misma unidad (artículos o numerales) lleva una
    # sola palabra al principio, en singular o plural según el total del tramo.
    unidad_actual: str | None = None
    inicio_tramo = 0
    conteo_tramo = 0
    for grupo in grupos:
        instrumento = grupo.instrumento
        if grupo.completo and len(grupo.fundamentos) == 1:
            piezas.append(instrumento.nombre_citado())
            continue
        articulos = _articulos([f for f in grupo.fundamentos if not es_instrumento_completo(f)])
        elementos = [_nombre_articulo(a.fundamento) + ("" if a.completo else _detalle(a.detalles)) for a in articulos]
        penultimo_con_detalle = len(articulos) > 1 and not articulos[-2].completo
        texto = _unir(elementos, coma_antes_de_y=penultimo_con_detalle)
        separador = ", " if not articulos[-1].completo else " "
        texto = f"{texto}{separador}{instrumento.de_nombre()}"
        if instrumento.unidad != unidad_actual:
            if unidad_actual is not None:
                piezas[inicio_tramo] = _palabra(unidad_actual, conteo_tramo, determinante) + " " + piezas[inicio_tramo]
            unidad_actual, inicio_tramo, conteo_tramo = instrumento.unidad, len(piezas), 0
        conteo_tramo += len(articulos)
        piezas.append(texto)
    if unidad_actual is not None:
        piezas[inicio_tramo] = _palabra(unidad_actual, conteo_tramo, determinante) + " " + piezas[inicio_tramo]
    if len(piezas) > 1:
        parrafo = "; ".join(piezas[:-1]) + union_final + piezas[-1]
    else:
        parrafo = piezas[0]
    relacion = list(en_relacion_con)
    if relacion:
        parrafo += "; en relación con " + citar(catalogo, relacion, orden=orden, determinante=True)
    return parrafo


def primera_mayuscula(texto: str) -> str:
    return texto[:1].upper() + texto[1:]
