"""Las notas al pie: la parte ``word/footnotes.xml``, su tipo de contenido y su relación.

python-docx no sabe escribir notas al pie y docxtpl tampoco; una nota de Word son tres
cosas que tienen que coincidir: la llamada en el texto (``w:footnoteReference`` con un id),
la nota en ``word/footnotes.xml`` (con las dos notas especiales que dibujan la línea
separadora, sin llamada propia: una separadora con ``w:footnoteRef`` es lo que hace que Word
«repare» el archivo) y, en el paquete, el tipo de contenido de la parte y la relación desde
``document.xml``. Solo un documento con notas lleva la parte: uno sin ellas sale igual, byte
a byte, que antes de que existieran. Si el diseño ya trae notas (uno hecho en Word trae las
separadoras), las nuevas se añaden a su parte, con ids que siguen a los suyos.

Sin estilos «footnote text» y «footnote reference» en el diseño, la nota va en «Normal»
dos puntos más chica y la llamada en superíndice.
"""

from __future__ import annotations

import re
import zlib

from .paquete import Entrada, comprimir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARTE = "word/footnotes.xml"
_TIPO = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_RELACION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ESPECIALES = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
_ID = re.compile(rb'<w:footnote\b[^>]*\bw:id="(-?\d+)"')


def primer_id(partes: dict[str, bytes]) -> int:
    """El id de la primera nota nueva: el que sigue a los de las notas que trae el diseño."""
    existentes = [int(i) for i in _ID.findall(partes.get(PARTE, b""))]
    return max([0, *existentes]) + 1


class Notas:
    """Las notas al pie de un documento, en el orden de sus llamadas."""

    def __init__(self, primera: int, estilos: dict[str, str], tamano: float):
        self.primera = primera
        self.notas: list[str] = []
        self.estilo_texto = estilos.get("footnote text")
        self.estilo_llamada = estilos.get("footnote reference")
        self.normal = estilos.get("Normal", "Normal")
        self.medios_puntos = max(12, int(round((tamano - 2) * 2)))  # el tamaño de la nota, en medios puntos

    @property
    def tamano_de_nota(self) -> int | None:
        """El tamaño que cada run de la nota lleva directo (None si el diseño tiene su estilo)."""
        return None if self.estilo_texto else self.medios_puntos

    def _rpr_llamada(self, tamano: str = "") -> str:
        # En el orden del esquema: rStyle, …, sz, szCs, …, vertAlign.
        if self.estilo_llamada:
            return f'<w:rPr><w:rStyle w:val="{self.estilo_llamada}"/>{tamano}</w:rPr>'
        return f'<w:rPr>{tamano}<w:vertAlign w:val="superscript"/></w:rPr>'

    def agregar(self, runs: str) -> str:
        """Guarda la nota (``runs``: su texto ya escrito en XML) y devuelve el run de su llamada."""
        id_ = self.primera + len(self.notas)
        if self.estilo_texto:
            ppr = f'<w:pPr><w:pStyle w:val="{self.estilo_texto}"/></w:pPr>'
        else:
            ppr = (f'<w:pPr><w:pStyle w:val="{self.normal}"/><w:spacing w:before="0" w:after="0"/>'
                   '<w:ind w:left="0" w:right="0" w:firstLine="0"/></w:pPr>')
        tamano = "" if self.estilo_texto else f'<w:sz w:val="{self.medios_puntos}"/><w:szCs w:val="{self.medios_puntos}"/>'
        llamada = self._rpr_llamada(tamano)
        self.notas.append(f'<w:footnote w:id="{id_}"><w:p>{ppr}<w:r>{llamada}<w:footnoteRef/></w:r>'
                          f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>')
        return f'<w:r>{self._rpr_llamada()}<w:footnoteReference w:id="{id_}"/></w:r>'


def _leer(entrada: Entrada) -> bytes:
    return zlib.decompress(entrada.comprimido, -15)


def con_notas(entradas: list[Entrada], notas: list[str]) -> list[Entrada]:
    """Las entradas del paquete con las notas: su parte (nueva o la del diseño, ampliada), su
    tipo de contenido, su relación y, si la parte es nueva, las separadoras en ``settings.xml``
    (como las declara Word)."""
    if not notas:
        return entradas
    por_nombre = {e.nombre.decode("utf-8"): i for i, e in enumerate(entradas)}
    salida = list(entradas)
    cuerpo = "".join(notas)
    if PARTE in por_nombre:
        existente = _leer(entradas[por_nombre[PARTE]]).decode("utf-8")
        fin = existente.rindex("</w:footnotes>")
        salida[por_nombre[PARTE]] = comprimir(PARTE, (existente[:fin] + cuerpo + existente[fin:]).encode("utf-8"))
        return salida
    parte = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<w:footnotes xmlns:w="{W}" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             f"{_ESPECIALES}{cuerpo}</w:footnotes>")
    tipos = _leer(entradas[por_nombre["[Content_Types].xml"]]).decode("utf-8")
    tipos = tipos.replace("</Types>", f'<Override PartName="/{PARTE}" ContentType="{_TIPO}"/></Types>')
    salida[por_nombre["[Content_Types].xml"]] = comprimir("[Content_Types].xml", tipos.encode("utf-8"))
    nombre_rels = "word/_rels/document.xml.rels"
    rels = _leer(entradas[por_nombre[nombre_rels]]).decode("utf-8")
    if _RELACION not in rels:
        usados = set(re.findall(r'Id="([^"]+)"', rels))
        rid = next(f"rIdNotas{i}" for i in range(1, len(usados) + 2) if f"rIdNotas{i}" not in usados)
        rels = rels.replace("</Relationships>",
                            f'<Relationship Id="{rid}" Type="{_RELACION}" Target="footnotes.xml"/></Relationships>')
        salida[por_nombre[nombre_rels]] = comprimir(nombre_rels, rels.encode("utf-8"))
    if "word/settings.xml" in por_nombre:
        ajustes = _leer(entradas[por_nombre["word/settings.xml"]]).decode("utf-8")
        if "<w:footnotePr>" not in ajustes and "<w:compat>" in ajustes:
            ajustes = ajustes.replace("<w:compat>", '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                                                    "</w:footnotePr><w:compat>", 1)
            salida[por_nombre["word/settings.xml"]] = comprimir("word/settings.xml", ajustes.encode("utf-8"))
    posicion = por_nombre.get("word/document.xml", len(salida) - 1) + 1
    salida.insert(posicion, comprimir(PARTE, parte.encode("utf-8")))
    return salida
