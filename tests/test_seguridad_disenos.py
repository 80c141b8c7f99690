"""Un diseño de Word ajeno no trae a la resolución nada que salga a buscar algo o que se ejecute
(``word/activos.py``), y un perfil no mete caracteres de control en el documento.

La auditoría de 2026-12: un diseño con una imagen vinculada a ``http://…`` hizo que LibreOffice
(y el servidor, en ``vista.pdf``) pidiera esa dirección; una vinculada a ``file:///…`` metió en el
PDF una imagen del disco; ``attachedTemplate``, ``INCLUDEPICTURE``/``INCLUDETEXT``, ``altChunk`` y
``vbaProject`` llegaban tal cual al .docx; un ``<!DOCTYPE`` terminaba en una traza de lxml."""

from __future__ import annotations

import shutil
import zipfile

import pytest
import yaml

from .conftest import MUESTRA, RAIZ

DISENO = RAIZ / "plantillas" / "word" / "resolucion.docx"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _perfil(tmp_path):
    destino = tmp_path / "plantillas" / "instituciones" / "sre"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", destino)
    datos = yaml.safe_load((destino / "perfil.yaml").read_text("utf-8"))
    datos["plantilla_word"] = "hostil.docx"
    (destino / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    return tmp_path / "plantillas", destino


def _con(destino, cambiar) -> None:
    """El diseño del proyecto con ``cambiar(nombre, datos) -> datos`` (y partes nuevas con «+nombre»)."""
    with zipfile.ZipFile(DISENO) as original, zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as nuevo:
        partes = {n: original.read(n) for n in original.namelist()}
        for nombre, datos in cambiar(partes).items():
            nuevo.writestr(nombre, datos)


def _relacion(partes, parte_rels, tipo, destino, externa=True):
    texto = partes[parte_rels].decode("utf-8")
    modo = ' TargetMode="External"' if externa else ""
    texto = texto.replace("</Relationships>", f'<Relationship Id="rIdMal" Type="{REL}/{tipo}" '
                                              f'Target="{destino}"{modo}/></Relationships>')
    partes[parte_rels] = texto.encode("utf-8")
    return partes


def _en_el_cuerpo(partes, xml):
    texto = partes["word/document.xml"].decode("utf-8")
    partes["word/document.xml"] = texto.replace("<w:body>", "<w:body>" + xml, 1).encode("utf-8")
    return partes


ATAQUES = {
    "imagen vinculada por http": (lambda p: _relacion(p, "word/_rels/document.xml.rels", "image",
                                                      "http://127.0.0.1:9/rastreo.png"), "vínculo externo «image»"),
    "imagen vinculada a un archivo": (lambda p: _relacion(p, "word/_rels/document.xml.rels", "image",
                                                          "file:///etc/firma.png"), "file:///etc/firma.png"),
    "plantilla adjunta": (lambda p: {**_relacion(p, "word/_rels/document.xml.rels", "attachedTemplate",
                                                 "http://127.0.0.1:9/x.dotm")}, "attachedTemplate"),
    "altChunk interno": (lambda p: {**_relacion(p, "word/_rels/document.xml.rels", "aFChunk", "pedazo.html",
                                                externa=False), "word/pedazo.html": b"<p>x</p>"}, "aFChunk"),
    "macros": (lambda p: {**p, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "macros"),
    "campo INCLUDEPICTURE": (lambda p: _en_el_cuerpo(
        p, '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/a.png&quot; \\d "/></w:p>'),
        "un campo INCLUDEPICTURE"),
    "campo INCLUDETEXT partido": (lambda p: _en_el_cuerpo(
        p, '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE'
           '</w:instrText></w:r><w:r><w:instrText>TEXT "/etc/hostname"</w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'), "un campo INCLUDETEXT"),
    "DOCTYPE": (lambda p: {**p, "word/document.xml": p["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)}, "<!DOCTYPE"),
    "demasiadas partes": (lambda p: {**p, **{f"vacias/{i}.txt": b"" for i in range(2100)}}, "partes"),
    # La auditoría 9: las búsquedas eran de bytes ASCII; en UTF-16 el campo y el DOCTYPE pasaban, y
    # un DOCTYPE después de 4 KB (un comentario largo) también.
    "campo en una parte UTF-16": (lambda p: {**p, "word/header1.xml": _utf16(_en_el_cuerpo(
        {"word/document.xml": p["word/document.xml"]},
        '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/a.png&quot; \\d "/></w:p>')[
        "word/document.xml"])}, "no está en UTF-8"),
    "DOCTYPE en UTF-16 en una parte nueva": (lambda p: {**p, "customXml/item1.xml": _utf16(
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE r [<!ENTITY y SYSTEM "file:///etc/hostname">]><r>&y;</r>')},
        "no está en UTF-8"),
    "DOCTYPE después de un comentario largo": (lambda p: {**p, "word/document.xml": p["word/document.xml"].replace(
        b"?>", b"?><!--" + b"x" * 5000 + b'--><!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/d">]>', 1)},
        "<!DOCTYPE"),
}


def _utf16(datos: bytes) -> bytes:
    return datos.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1).encode("utf-16")


@pytest.mark.parametrize("ataque", ATAQUES)
def test_un_diseno_con_contenido_activo_se_rechaza(cli, tmp_path, ataque):
    cambiar, dice = ATAQUES[ataque]
    plantillas, perfil = _perfil(tmp_path)
    _con(perfil / "hostil.docx", cambiar)
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and not salida.exists(), errores
    assert dice in errores and "Traceback" not in errores
    if ataque != "demasiadas partes":
        codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
        assert codigo == 2 and dice in salida_validar


def test_un_hipervinculo_y_los_campos_de_pagina_si_se_admiten(cli, tmp_path):
    def cambiar(p):
        p = _relacion(p, "word/_rels/document.xml.rels", "hyperlink", "https://www.gob.mx/")
        return _en_el_cuerpo(p, '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES '
                                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                                '<w:r><w:t>LINK</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')

    plantillas, perfil = _perfil(tmp_path)
    _con(perfil / "hostil.docx", cambiar)
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(tmp_path / "r.docx"))
    assert codigo == 0, errores


@pytest.mark.parametrize("campo, valor", [
    ("nombre", "Secretaría\x00\x07 de Relaciones"),
    ("comite", "Comité\x0b de Transparencia"),
    ("siglas", "SRE\nOTRA"),
    ("paginacion", "P\x00INCLUDEPICTURE http://127.0.0.1:9/p.png \\d\x00 {pagina}"),
    ("pie", ["{oficio}\x01"]),
])
def test_un_perfil_con_caracteres_de_control_no_llega_al_documento(cli, tmp_path, campo, valor):
    """``nombre`` y ``comite`` van a docProps/core.xml (que quedaba mal formado: Word lo abre como
    ilegible); un «\\0» en ``paginacion`` es el separador interno de los campos de Word."""
    plantillas, perfil = _perfil(tmp_path)
    datos = yaml.safe_load((perfil / "perfil.yaml").read_text("utf-8"))
    datos.pop("plantilla_word")
    if campo in ("paginacion", "pie"):
        datos.setdefault("formato", {})[campo] = valor
    else:
        datos[campo] = valor
    (perfil / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and not salida.exists(), errores
    assert f"«{'formato.' if campo in ('paginacion', 'pie') else ''}{campo}" in errores and "Traceback" not in errores
