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
        d.parrafo or 0,
        d.orden_fraccion(),
        d.fraccion or "",
        d.inciso or "",
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


# Los niveles de un artículo, de afuera hacia adentro, con su palabra en singular y plural.
# El orden es el de la cita: «artículo 6o., apartado A, párrafo segundo, fracción I, inciso a)».
_NIVELES = (
    ("apartado", "apartado", "apartados"),
    ("parrafo", "párrafo", "párrafos"),
    ("fraccion", "fracción", "fracciones"),
    ("inciso", "inciso", "incisos"),
)


def _valor_nivel(fundamento: Fundamento, nivel: int):
    return getattr(fundamento.disposicion, _NIVELES[nivel][0])


def _etiqueta(nivel: int, valor) -> str:
    campo = _NIVELES[nivel][0]
    if campo == "parrafo":
        return ordinal(valor)
    if campo == "inciso":
        return f"{valor})"
    return str(valor)


def _detalle_nivel(detalles: list[Fundamento], nivel: int) -> str:
    """La parte de la cita desde ``nivel`` hacia adentro (", párrafo segundo, fracciones I y II").

    Las disposiciones que comparten un valor en este nivel se juntan bajo una sola palabra;
    las que solo difieren en el último nivel que citan se escriben en plural. Ningún nivel
    del id se pierde: si dos ramas tienen detalles distintos, cada una se escribe completa."""
    if nivel == len(_NIVELES):
        return ""
    grupos: dict = {}
    for d in detalles:
        grupos.setdefault(_valor_nivel(d, nivel), []).append(d)
    if list(grupos) == [None]:
        return _detalle_nivel(detalles, nivel + 1)
    _, singular, plural = _NIVELES[nivel]
    interiores = {valor: _detalle_nivel(grupo, nivel + 1) for valor, grupo in grupos.items()}
    if None not in grupos and not any(interiores.values()):
        etiquetas = [_etiqueta(nivel, v) for v in grupos]
        palabra = singular if len(etiquetas) == 1 else plural
        return f", {palabra} " + _unir(etiquetas)
    piezas = []
    for valor, interior in interiores.items():
        if valor is None:
            piezas.append(interior.removeprefix(", "))
        else:
            piezas.append(f"{singular} {_etiqueta(nivel, valor)}{interior}")
    return ", " + _unir(piezas, coma_antes_de_y=len(piezas) > 1 and any(interiores.values()))


def _detalle(detalles: list[Fundamento]) -> str:
    """", apartado A, fracciones II y V" a partir de las disposiciones citadas de un artículo.

    Un id nunca pierde una de sus partes (apartado, párrafo, fracción, inciso): si el texto
    escrito no la contiene, es un error y no una cita incompleta."""
    texto = _detalle_nivel(detalles, 0)
    for f in detalles:
        for nivel, (campo, singular, _) in enumerate(_NIVELES):
            valor = getattr(f.disposicion, campo)
            if valor is not None and _etiqueta(nivel, valor) not in texto:
                raise ErrorDeUsuario([Problema(
                    f"la cita de «{f.id}» no puede escribir su {singular} «{_etiqueta(nivel, valor)}» "
                    "en esta combinación de disposiciones; cítela por separado")])
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
