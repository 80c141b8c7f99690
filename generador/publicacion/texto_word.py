"""Testar en el texto de Word: lo marcado, aunque esté repartido en varios runs.

Cada párrafo se lee como un solo texto (la suma de sus ``w:t``, con tabuladores y saltos como
espacios); ahí se buscan las marcas y lo resaltado. Cada pasaje encontrado se quita de los
``w:t`` que lo contienen y en su lugar queda un recuadro (un run con borde y fondo negro, letra
blanca) que dice el tipo de información y, si se dio, el fundamento (Lineamiento Sexagésimo
primero). Lo demás del párrafo —palabras, formato, runs— no se toca.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from .aviso import recuadro
from .limpieza import NS, q
from .marcas import Marca

CONTENIDO = {q("t"): None, q("tab"): " ", q("br"): " ", q("cr"): " ", q("noBreakHyphen"): "-",
             q("softHyphen"): "", q("sym"): ""}
QUITAR_DEL_RECUADRO = ("highlight", "vanish", "color", "shd", "bdr", "strike", "dstrike", "u", "effect")


@dataclass
class Pasaje:
    """Un tramo testado de un párrafo."""

    inicio: int
    fin: int
    tipos: list[str]
    texto: str


def _parrafo_de(elemento):
    padre = elemento.getparent()
    while padre is not None and padre.tag != q("p"):
        padre = padre.getparent()
    return padre


def _partir_runs(parrafo) -> None:
    """Un run por cada pieza de contenido (cada ``w:t``, tabulador, salto), con su formato."""
    for run in [r for r in parrafo.iter(q("r")) if _parrafo_de(r) is parrafo]:
        piezas = [h for h in run if h.tag != q("rPr")]
        if len(piezas) <= 1:
            continue
        rpr = run.find("w:rPr", NS)
        padre, indice = run.getparent(), run.getparent().index(run)
        for pieza in piezas[1:]:
            nuevo = etree.Element(q("r"))
            if rpr is not None:
                nuevo.append(copy.deepcopy(rpr))
            nuevo.append(pieza)
            indice += 1
            padre.insert(indice, nuevo)


def _resaltado(run) -> bool:
    marca = run.find("w:rPr/w:highlight", NS)
    return marca is not None and marca.get(q("val"), "none") != "none"


def _segmentos(parrafo) -> tuple[str, list[tuple[int, int, object]], list[tuple[int, int]]]:
    """El texto del párrafo, los ``w:t`` con su tramo y los tramos resaltados."""
    texto: list[str] = []
    segmentos, resaltados = [], []
    posicion = 0
    for run in [r for r in parrafo.iter(q("r")) if _parrafo_de(r) is parrafo]:
        for pieza in run:
            if pieza.tag not in CONTENIDO:
                continue
            valor = pieza.text or "" if pieza.tag == q("t") else CONTENIDO[pieza.tag]
            if pieza.tag == q("t"):
                segmentos.append((posicion, posicion + len(valor), pieza))
                if _resaltado(run) and valor:
                    resaltados.append((posicion, posicion + len(valor)))
            texto.append(valor)
            posicion += len(valor)
    return "".join(texto), segmentos, resaltados


def _pasajes(texto: str, marcas: list[Marca], resaltados: list[tuple[int, int]],
             tipo_resaltado: str | None, usadas: dict[int, int]) -> list[Pasaje]:
    tramos: list[tuple[int, int, str]] = []
    for n, marca in enumerate(marcas):
        for m in marca.expresion.finditer(texto):
            if m.end() > m.start():
                tramos.append((m.start(), m.end(), marca.etiqueta))
                usadas[n] = usadas.get(n, 0) + 1
    # Lo resaltado contiguo es un solo pasaje.
    for inicio, fin in resaltados:
        if tramos and tramos[-1][2] == "\0resaltado" and tramos[-1][1] == inicio:
            tramos[-1] = (tramos[-1][0], fin, "\0resaltado")
        else:
            tramos.append((inicio, fin, "\0resaltado"))
    tramos = [(i, f, tipo_resaltado or "Información clasificada") if t == "\0resaltado" else (i, f, t)
              for i, f, t in tramos]
    tramos.sort()
    pasajes: list[Pasaje] = []
    for inicio, fin, tipo in tramos:  # marcas que se traslapan: un solo recuadro con ambos tipos
        if pasajes and inicio <= pasajes[-1].fin:
            ultimo = pasajes[-1]
            ultimo.fin = max(ultimo.fin, fin)
            if tipo not in ultimo.tipos:
                ultimo.tipos.append(tipo)
        else:
            pasajes.append(Pasaje(inicio, fin, [tipo], ""))
    for p in pasajes:
        p.texto = texto[p.inicio:p.fin]
    return pasajes


def _run_recuadro(modelo, etiqueta: str):
    run = etree.Element(q("r"))
    rpr = copy.deepcopy(modelo.find("w:rPr", NS)) if modelo.find("w:rPr", NS) is not None else etree.Element(q("rPr"))
    for nombre in QUITAR_DEL_RECUADRO + ("rStyle",):
        for e in rpr.findall(f"w:{nombre}", NS):
            rpr.remove(e)
    etree.SubElement(rpr, q("b"))
    etree.SubElement(rpr, q("color"), {q("val"): "FFFFFF"})
    etree.SubElement(rpr, q("bdr"), {q("val"): "single", q("sz"): "4", q("space"): "0", q("color"): "000000"})
    etree.SubElement(rpr, q("shd"), {q("val"): "clear", q("color"): "auto", q("fill"): "000000"})
    run.append(rpr)
    t = etree.SubElement(run, q("t"))
    t.text = recuadro(etiqueta)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _sin_resaltado(run) -> None:
    for e in run.findall("w:rPr/w:highlight", NS):
        e.getparent().remove(e)


def _testar(pasaje: Pasaje, segmentos) -> None:
    primero = True
    for inicio, fin, t in segmentos:
        if fin <= pasaje.inicio or inicio >= pasaje.fin or fin == inicio:
            continue
        run = t.getparent()
        texto = t.text or ""
        a, b = max(pasaje.inicio, inicio) - inicio, min(pasaje.fin, fin) - inicio
        antes, despues = texto[:a], texto[b:]
        padre = run.getparent()
        if primero:
            caja = _run_recuadro(run, "; ".join(pasaje.tipos))
            if antes:
                padre.insert(padre.index(run) + 1, caja)
            else:
                padre.insert(padre.index(run), caja)
            primero = False
        if antes and despues:
            resto = copy.deepcopy(run)
            resto.find("w:t", NS).text = despues
            padre.insert(padre.index(caja) + 1, resto)
            t.text = antes
        elif antes or despues:
            t.text = antes or despues
        else:
            padre.remove(run)
            continue
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def testar_parte(raiz, marcas: list[Marca], usar_resaltado: bool, tipo_resaltado: str | None,
                 usadas: dict[int, int]) -> list[Pasaje]:
    """Testa todos los párrafos de una parte (también los de cuadros de texto y tablas)."""
    hechos: list[Pasaje] = []
    for parrafo in list(raiz.iter(q("p"))):
        _partir_runs(parrafo)
        texto, segmentos, resaltados = _segmentos(parrafo)
        if not usar_resaltado:
            resaltados = []
        pasajes = _pasajes(texto, marcas, resaltados, tipo_resaltado, usadas)
        for pasaje in reversed(pasajes):  # de atrás hacia adelante: las posiciones no se mueven
            _testar(pasaje, segmentos)
        hechos += pasajes
        if usar_resaltado and resaltados:
            for run in parrafo.iter(q("r")):
                _sin_resaltado(run)
    return hechos
