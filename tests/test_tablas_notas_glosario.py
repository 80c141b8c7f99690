"""Tablas, notas al pie y glosario en las citas (issue 14).

* una ``<table>`` de un bloque de texto sale como tabla real de Word (``w:tbl``) con las filas
  de ``<thead>`` repetidas en cada hoja, los anchos de ``data-anchos`` y bordes o no;
* una ``<nota>`` (o «^[…]» en un texto del expediente) sale como nota al pie real: la parte
  ``word/footnotes.xml`` con su tipo de contenido y su relación, y la llamada con su id;
* el rubro en dos columnas (``estructura.rubro_formato: tabla``) y el glosario en las citas
  (``estructura.glosario_en_citas``), escritos como los imprimen los estilos que se imitan;
* lo que escribe una plantilla es hostil: tablas anidadas, demasiadas filas, atributos
  desconocidos, notas dentro de notas son errores claros, y el texto va escapado;
* todo lo que sale pasa el validador de Word (openxml-audit), y un documento sin tablas ni
  notas no cambia (ni parte de notas ni relación nueva).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from openxml_audit import FileFormat, OpenXmlValidator

from generador.errores import ErrorDeUsuario
from generador.plantillas import tablas
from generador.plantillas.formato import bloques_a_html, html_a_bloques, texto_a_html
from generador.plantillas.perfil import Perfil

from .conftest import RAIZ, texto_docx

DATOS = Path(__file__).parent / "datos" / "tablas_notas_glosario"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _esperado(nombre: str) -> list[str]:
    lineas = (DATOS / nombre).read_text("utf-8").splitlines()
    return [linea for linea in lineas if linea and not linea.startswith("#")]


def _errores_de_word(ruta: Path) -> list[str]:
    hallazgos = []
    for formato in (FileFormat.OFFICE_2019, FileFormat.MICROSOFT_365):
        resultado = OpenXmlValidator(file_format=formato, max_errors=0).validate(ruta)
        hallazgos += [f"{formato.name}: {e}" for e in resultado.errors]
    return hallazgos


def _partes(datos: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        return {n: paquete.read(n) for n in paquete.namelist()}


def _perfil_de(tmp_path: Path, base: str, textos: dict[str, str] | None = None, **estructura) -> Path:
    """Copia del perfil ``base`` con cambios en su estructura (y bloques de texto propios)."""
    datos = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / base / "perfil.yaml").read_text("utf-8"))
    if estructura:
        datos["estructura"] = {**(datos.get("estructura") or {}), **estructura}
    carpeta = tmp_path / "plantillas" / "instituciones" / base
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), "utf-8")
    for ruta, texto in (textos or {}).items():
        (carpeta / "textos" / ruta).parent.mkdir(parents=True, exist_ok=True)
        (carpeta / "textos" / ruta).write_text(texto, "utf-8")
    return tmp_path / "plantillas"


def _generar(cli, tmp_path: Path, caso: str, plantillas: Path | None = None) -> Path:
    archivo = tmp_path / "caso.yaml"
    archivo.write_text(caso, encoding="utf-8")
    salida = tmp_path / "r.docx"
    extra = ["--plantillas", str(plantillas)] if plantillas else []
    codigo, _, errores = cli("generar", str(archivo), "-o", str(salida), "--sobrescribir", "--sin-registro", *extra)
    assert codigo == 0, errores
    return salida


def _muestra(nombre: str) -> str:
    return (RAIZ / "samples" / nombre).read_text(encoding="utf-8")


# --- El HTML de los bloques: tablas y notas leídas y acotadas ------------------------------------

def test_tabla_con_encabezado_anchos_y_sin_bordes():
    bloques = html_a_bloques('<p>Antes.</p><table data-bordes="no" data-anchos="30,70" data-ancho="60" '
                             'data-alineacion="derecha"><thead><tr><th>Dato</th><th>Fojas</th></tr></thead>'
                             '<tbody><tr><td><b>Nombre</b></td><td>3 y 4</td></tr></tbody></table><p>Después.</p>')
    assert [b.estilo for b in bloques] == ["parrafo", "tabla", "parrafo"]
    tabla = bloques[1].tabla
    assert (tabla.bordes, tabla.anchos, tabla.ancho, tabla.alineacion) == (False, (30, 70), 60, "derecha")
    assert [f.encabezado for f in tabla.filas] == [True, False]
    assert [[tablas.texto_de_tramos(c.tramos) for c in f.celdas] for f in tabla.filas] == [["Dato", "Fojas"],
                                                                                          ["Nombre", "3 y 4"]]
    assert all(t.negrita for c in tabla.filas[0].celdas for t in c.tramos)  # <th>: en negritas


def test_nota_al_pie_pegada_a_la_palabra_y_con_formato():
    bloque, = html_a_bloques("<p>de la Ley General <nota>Publicada en el <i>Diario Oficial</i>.</nota> y</p>")
    antes, nota, despues = bloque.tramos
    assert antes.texto == "de la Ley General" and nota.texto == "" and despues.texto == " y"
    assert [(t.texto, t.cursiva) for t in nota.nota] == [("Publicada en el ", False), ("Diario Oficial", True),
                                                         (".", False)]
    assert bloque.texto == "de la Ley General y"  # la nota no es texto del párrafo


def test_nota_en_el_formato_ligero_del_expediente():
    html = str(texto_a_html("El **artículo 113**^[Publicada en el DOF el 20 de marzo de 2025.] de la Ley."))
    assert html == "<p>El <b>artículo 113</b><nota>Publicada en el DOF el 20 de marzo de 2025.</nota> de la Ley.</p>"
    assert str(texto_a_html("Sin nota: ^ [x] y [y].")) == "<p>Sin nota: ^ [x] y [y].</p>"


@pytest.mark.parametrize("html, mensaje", [
    ("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", "no va dentro"),
    ("<p>a<table><tr><td>x</td></tr></table></p>", "no va dentro de un párrafo"),
    ("<blockquote><table><tr><td>x</td></tr></table></blockquote>", "no va dentro"),
    ("<table><tr><td><p>x</p></td></tr></table>", "<p> no va dentro de una tabla"),
    ("<table onload=\"x\"><tr><td>x</td></tr></table>", "atributo «onload» no admitido"),
    ('<table data-anchos="1e9"><tr><td>x</td></tr></table>', "data-anchos"),
    ('<table data-anchos="50,0"><tr><td>x</td><td>y</td></tr></table>', "ancho 0"),
    ('<table data-anchos="50,50,50"><tr><td>x</td><td>y</td></tr></table>', "3 anchos para 2 columnas"),
    ('<table data-ancho="500"><tr><td>x</td></tr></table>', "data-ancho"),
    ('<table data-bordes="tal vez"><tr><td>x</td></tr></table>', "data-bordes"),
    ("<table><tr><td>x</td></tr><tr><td>x</td><td>y</td></tr></table>", "mismas celdas"),
    ("<table></table>", "no tiene filas"),
    ("<tr><td>x</td></tr>", "fuera de una tabla"),
    ("<table><tr><td>x<td>y</td></td></tr></table>", "no dentro de otra celda"),
    ("<table>texto suelto<tr><td>x</td></tr></table>", "texto fuera de un párrafo"),
    ("<p><nota>a<nota>b</nota></nota></p>", "no dentro de otra nota"),
    ("<nota>suelta</nota>", "dentro de un párrafo"),
    ("<p>x<nota> </nota></p>", "<nota> vacía"),
    ("<p>x<nota><p>y</p></nota></p>", "no va dentro de una nota"),
    ("<p>x<nota>" + "a" * (tablas.MAX_TEXTO_DE_NOTA + 1) + "</nota></p>", "más de"),
    ("<table><tr><td>" + "a" * (tablas.MAX_TEXTO_DE_CELDA + 1) + "</td></tr></table>", "más de"),
    ("<table>" + "<tr><td>x</td></tr>" * (tablas.MAX_FILAS + 1) + "</table>", f"más de {tablas.MAX_FILAS} filas"),
    ("<table><tr>" + "<td>x</td>" * (tablas.MAX_COLUMNAS + 1) + "</tr></table>", "más de"),
    ("<table><tr><td>x</td></tr></table>" * (tablas.MAX_TABLAS + 1), "tablas en un documento"),
    ("<p>" + "x<nota>n</nota>" * (tablas.MAX_NOTAS + 1) + "</p>", "notas al pie en un documento"),
    ("<table><tr><td>x</td></tr>", "no está cerrada"),
])
def test_lo_que_escribe_una_plantilla_esta_acotado(html, mensaje):
    with pytest.raises(ErrorDeUsuario) as error:
        html_a_bloques(html, origen="prueba.html.j2")
    assert mensaje in str(error.value) and "prueba.html.j2" in str(error.value)


def test_la_vista_previa_escribe_la_tabla_y_las_notas_desde_los_datos():
    bloques = html_a_bloques('<table data-bordes="no"><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;'
                             '<nota>uno &amp; dos</nota></td></tr></table><p>texto<nota>tres</nota></p>')
    html = str(bloques_a_html(bloques))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<table class="sin-bordes"' in html
    assert html.index('<sup class="nota">1</sup>') < html.index('<sup class="nota">2</sup>')
    assert '<div class="notas"><p><sup>1</sup> uno &amp; dos</p><p><sup>2</sup> tres</p></div>' in html


# --- En Word ------------------------------------------------------------------------------------------

_BLOQUE_CON_TABLA = """\
<p>La versión pública testa los datos siguientes:</p>
<table data-anchos="40,40,20">
<thead><tr><th>Dato testado</th><th>Fundamento</th><th>Fojas</th></tr></thead>
{% for c in exp.clasificaciones %}<tr><td>{{ c.descripcion }}</td><td>{{ citar(c.fundamentos) }}<nota>{{ c.tipo }}</nota></td><td>1 a 3</td></tr>{% endfor %}
</table>
<table data-bordes="no"><tr><td>{{ exp.oficio }}</td><td>{{ '<b>no es HTML</b>' }}</td></tr></table>
"""


def test_tabla_de_un_bloque_es_tabla_de_word_valida(cli, tmp_path):
    plantillas = _perfil_de(tmp_path, "generica", {"reserva/cuerpo.html.j2": _BLOQUE_CON_TABLA})
    salida = _generar(cli, tmp_path, _muestra("reserva-2026.yaml"), plantillas)
    assert _errores_de_word(salida) == []
    documento = docx.Document(str(salida))
    datos, rubro = documento.tables
    assert [c.text for c in datos.rows[0].cells] == ["Dato testado", "Fundamento", "Fojas"]
    assert len(datos.rows) == 2 and datos.rows[1].cells[2].text == "1 a 3"
    assert datos.rows[1].cells[1].text.startswith("artículo")
    # La fila de encabezado se repite en cada hoja; las celdas de <th>, en negritas.
    filas = datos._tbl.findall(f"{W}tr")
    assert filas[0].find(f"{W}trPr/{W}tblHeader") is not None and filas[1].find(f"{W}trPr/{W}tblHeader") is None
    assert all(r.bold for c in datos.rows[0].cells for p in c.paragraphs for r in p.runs)
    # Anchos 40/40/20 del ancho útil (carta, márgenes del perfil genérico), con bordes.
    rejilla = [int(g.get(f"{W}w")) for g in datos._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert rejilla[0] == rejilla[1] == 2 * rejilla[2] or abs(rejilla[0] - 2 * rejilla[2]) <= 1
    assert datos._tbl.find(f"{W}tblPr/{W}tblBorders") is not None
    assert rubro._tbl.find(f"{W}tblPr/{W}tblBorders") is None
    assert [c.text for c in rubro.rows[0].cells] == ["CT/IE/045/2026", "<b>no es HTML</b>"]  # escapado


def test_nota_al_pie_real_de_word(cli, tmp_path):
    caso = _muestra("reserva-2026.yaml").replace(
        "de la Ley General de Transparencia y Acceso a la Información Pública.\n    razones_periodo",
        "de la Ley General de Transparencia y Acceso a la Información Pública.^[Publicada en el Diario Oficial "
        "de la Federación el 20 de marzo de 2025.]\n    razones_periodo", 1)
    assert "^[" in caso
    salida = _generar(cli, tmp_path, caso)
    assert _errores_de_word(salida) == []
    partes = _partes(salida.read_bytes())
    assert ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"/>') in partes["[Content_Types].xml"].decode()
    rels = partes["word/_rels/document.xml.rels"].decode()
    assert re.search(r'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                     r'Target="footnotes.xml"', rels)
    notas = partes["word/footnotes.xml"].decode()
    # Las separadoras de Word, sin llamada propia, y la nota con su id y su texto.
    assert re.search(r'<w:footnote w:type="separator" w:id="-1">(?:(?!footnoteRef).)*</w:footnote>', notas)
    assert 'w:type="continuationSeparator" w:id="0"' in notas
    assert re.search(r'<w:footnote w:id="1">.*<w:footnoteRef/>.*Publicada en el Diario Oficial de la Federación '
                     r'el 20 de marzo de 2025\.', notas)
    documento = partes["word/document.xml"].decode()
    assert documento.count("<w:footnoteReference ") == 1 and '<w:footnoteReference w:id="1"/>' in documento
    assert "Información Pública.</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>" \
           "<w:footnoteReference" in documento  # la llamada, pegada al punto que anota
    assert '<w:footnote w:id="-1"/><w:footnote w:id="0"/>' in partes["word/settings.xml"].decode()
    assert "^[" not in texto_docx(salida.read_bytes())


def test_notas_se_suman_a_las_del_diseno(cli, tmp_path):
    """Un diseño hecho en Word ya trae su parte de notas (las separadoras y, aquí, una nota
    propia): las nuevas se añaden a esa parte, con ids que siguen, sin otra relación."""
    diseno = _partes((RAIZ / "plantillas" / "word" / "resolucion.docx").read_bytes())
    propias = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="http://schemas.'
               'openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
               '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p>'
               '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Del '
               'diseño.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    diseno["word/footnotes.xml"] = propias.encode()
    diseno["[Content_Types].xml"] = diseno["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    diseno["word/_rels/document.xml.rels"] = diseno["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    plantillas = _perfil_de(tmp_path, "generica")
    with zipfile.ZipFile(plantillas / "instituciones" / "generica" / "resolucion.docx", "w") as nuevo:
        for nombre, datos in diseno.items():
            nuevo.writestr(nombre, datos)
    caso = _muestra("reserva-2026.yaml").replace("Información Pública.\n    razones_periodo",
                                                 "Información Pública.^[Nota nueva.]\n    razones_periodo", 1)
    salida = _generar(cli, tmp_path, caso, plantillas)
    partes = _partes(salida.read_bytes())
    notas = partes["word/footnotes.xml"].decode()
    assert "Del diseño." in notas and re.search(r'<w:footnote w:id="2">.*Nota nueva\.', notas)
    assert '<w:footnoteReference w:id="2"/>' in partes["word/document.xml"].decode()
    assert partes["word/_rels/document.xml.rels"].decode().count("relationships/footnotes") == 1
    assert partes["[Content_Types].xml"].decode().count("footnotes+xml") == 1
    assert _errores_de_word(salida) == []


@pytest.mark.parametrize("muestra", ["reserva-2026.yaml", "judicial-reserva-2026.yaml", "acta-2026.yaml"])
def test_sin_tablas_ni_notas_el_paquete_no_cambia(cli, tmp_path, muestra):
    partes = _partes(_generar(cli, tmp_path, _muestra(muestra)).read_bytes())
    assert "word/footnotes.xml" not in partes
    assert b"footnote" not in partes["word/_rels/document.xml.rels"] + partes["word/settings.xml"]
    assert b"footnotes" not in partes["[Content_Types].xml"]


# --- El rubro en dos columnas --------------------------------------------------------------------

def test_rubro_en_dos_columnas_como_el_de_los_tribunales(cli, tmp_path):
    plantillas = _perfil_de(tmp_path, "judicial-ejemplo", rubro_formato="tabla",
                            rubro_etiquetas={"expediente": "CLASIFICACIÓN DE INFORMACIÓN"})
    salida = _generar(cli, tmp_path, _muestra("judicial-reserva-2026.yaml"), plantillas)
    assert _errores_de_word(salida) == []
    documento = docx.Document(str(salida))
    rubro = documento.tables[0]
    filas = [" | ".join(c.text for c in fila.cells) for fila in rubro.rows]
    assert filas == _esperado("rubro_judicial.txt")
    propiedades = rubro._tbl.find(f"{W}tblPr")
    assert propiedades.find(f"{W}jc").get(f"{W}val") == "right"
    assert propiedades.find(f"{W}tblW").get(f"{W}w") == str(60 * 50)  # 60 % de la página
    assert propiedades.find(f"{W}tblBorders") is None
    # Va antes que todo el texto, y el rubro ya no se repite como párrafos.
    cuerpo = documento.element.body
    assert cuerpo.index(rubro._tbl) < cuerpo.index(documento.paragraphs[0]._p) or \
        not documento.paragraphs[0].text.strip()
    assert "CLASIFICACIÓN DE INFORMACIÓN:" not in texto_docx(salida.read_bytes())


def test_rubro_etiqueta_no_valida_y_formato_desconocido(cli, tmp_path):
    with pytest.raises(ValueError, match="etiqueta"):
        Perfil.model_validate({**yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml")
                                                .read_text("utf-8")),
                               "estructura": {"rubro_etiquetas": {"expediente": "<b>X</b>"}}})
    plantillas = _perfil_de(tmp_path, "generica", rubro_formto="tabla")
    codigo, salida, errores = cli("plantillas", "validar", str(plantillas))
    assert codigo != 0 and "rubro_formto" in salida + errores and "rubro_formato" in salida + errores


# --- El glosario en las citas ----------------------------------------------------------------------

def test_con_glosario_las_citas_usan_la_forma_corta(cli, tmp_path):
    plantillas = _perfil_de(tmp_path, "garante-ejemplo", glosario_en_citas=True)
    texto = texto_docx(_generar(cli, tmp_path, _muestra("garante-inexistencia-2026.yaml"), plantillas).read_bytes())
    parrafos = texto.splitlines()
    for esperado in _esperado("citas_garante.txt"):
        assert esperado in parrafos, esperado
    # Tras el glosario, ninguna cita repite el nombre completo de la Ley General.
    despues = texto[texto.index("Ley General: Ley General de Transparencia") + 80:]
    assert "Ley General de Transparencia" not in despues
    assert "de la Ley General" in despues


def test_sin_la_opcion_el_glosario_no_cambia_las_citas(cli, tmp_path):
    texto = texto_docx(_generar(cli, tmp_path, _muestra("garante-inexistencia-2026.yaml")).read_bytes())
    assert "140 y 141 de la Ley General de Transparencia y Acceso a la Información Pública." in texto


def test_glosario_con_instrumento_del_catalogo(cli, tmp_path):
    glosario = [{"termino": "Constitución", "significado": "Constitución Política de los Estados Unidos Mexicanos",
                 "instrumento": "cpeum"},
                {"termino": "Ley General", "significado": "Ley General de Transparencia y Acceso a la Información "
                                                          "Pública"}]
    plantillas = _perfil_de(tmp_path, "garante-ejemplo", glosario=glosario, glosario_en_citas=True)
    texto = texto_docx(_generar(cli, tmp_path, _muestra("garante-inexistencia-2026.yaml"), plantillas).read_bytes())
    assert ("con fundamento en los artículos 6o., apartado A, fracción I, de la Constitución; 40, fracción II, "
            "140 y 141 de la Ley General.") in texto
    assert "Constitución: Constitución Política de los Estados Unidos Mexicanos." in texto


def test_glosario_con_instrumento_que_no_existe(cli, tmp_path):
    glosario = [{"termino": "Ley General", "significado": "Ley General de Transparencia", "instrumento": "lgtaip2052"}]
    plantillas = _perfil_de(tmp_path, "garante-ejemplo", glosario=glosario, glosario_en_citas=True)
    archivo = tmp_path / "caso.yaml"
    archivo.write_text(_muestra("garante-inexistencia-2026.yaml"), encoding="utf-8")
    codigo, _, errores = cli("generar", str(archivo), "-o", str(tmp_path / "r.docx"), "--sin-registro",
                             "--plantillas", str(plantillas))
    assert codigo == 2 and "lgtaip2052" in errores and "Traceback" not in errores
    assert "¿quiso decir" in errores and not (tmp_path / "r.docx").exists()


# --- La relación de datos testados de una versión pública ---------------------------------------------

_TESTADOS = """      fecha: 2026-12-01
      testados:
        - {dato: Número de cuenta bancaria, fojas: 3 y 4}
        - {dato: Nombre de la persona beneficiaria, fojas: "7", fundamento: artículo 115 de la Ley General}
"""


def test_version_publica_con_la_tabla_de_datos_testados_y_sus_fojas(cli, tmp_path):
    caso = _muestra("confidencial-2026.yaml").replace("      fecha: 2026-12-01\n", _TESTADOS, 1)
    assert "testados:" in caso
    salida = _generar(cli, tmp_path, caso)
    assert _errores_de_word(salida) == []
    tabla, = docx.Document(str(salida)).tables
    filas = [[c.text for c in fila.cells] for fila in tabla.rows]
    assert filas[0] == ["Dato testado", "Fojas", "Fundamento"]
    assert filas[1][:2] == ["Número de cuenta bancaria", "3 y 4"] and filas[1][2].startswith("Artículo")
    assert filas[2] == ["Nombre de la persona beneficiaria", "7", "artículo 115 de la Ley General"]
    assert tabla._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_testados_en_el_esquema_del_expediente(cli):
    import json

    esquema = json.loads(cli("esquema")[1])
    assert "testados" in json.dumps(esquema, ensure_ascii=False) and "fojas" in json.dumps(esquema)
