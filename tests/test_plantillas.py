"""Las plantillas no pueden dañar al usuario: sandbox, variables estrictas, runs partidos."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from generador import catalogo as cat
from generador.errores import ErrorDeUsuario
from generador.plantillas.entorno import crear_entorno, renderizar
from generador.tuberia import generar_docx, leer_caso

from .conftest import MUESTRA, RAIZ, texto_docx


def test_variable_indefinida_es_error_con_archivo_y_linea(tmp_path):
    (tmp_path / "bloque.html.j2").write_text("<p>Hola</p>\n<p>{{ exp.oficio }} {{ falta }}</p>\n", encoding="utf-8")
    entorno = crear_entorno([tmp_path])
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(entorno, "bloque.html.j2", {"exp": {"oficio": "X"}})
    texto = str(info.value)
    assert "«falta»" in texto and "bloque.html.j2" in texto and "línea 2" in texto


def test_atributo_inexistente_es_error(tmp_path):
    (tmp_path / "b.html.j2").write_text("<p>{{ exp.oficoi }}</p>", encoding="utf-8")
    with pytest.raises(ErrorDeUsuario, match="oficoi"):
        renderizar(crear_entorno([tmp_path]), "b.html.j2", {"exp": {"oficio": "X"}})


@pytest.mark.parametrize("maliciosa", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ exp.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
])
def test_sandbox_rechaza_el_interior_de_python(tmp_path, maliciosa):
    (tmp_path / "m.html.j2").write_text(f"<p>{maliciosa}</p>", encoding="utf-8")
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "m.html.j2", {"exp": object()})
    assert "no permitida" in str(info.value) or "no existe" in str(info.value)


@pytest.mark.parametrize("expresion, esperado", [
    ("{% for x in exp.fecha %}{{ x }}{% endfor %}", "se quiso recorrer con «for» (o separar en partes) una fecha"),
    ("{{ exp.fecha[0] }}", "se quiso tomar el elemento [0] de una fecha, que no lo tiene"),
    ("{{ exp.numero + exp.oficio }}", "no se puede operar «+» entre un número entero y un texto"),
    ("{{ exp.oficio + exp.numero }}", "no se puede sumar un número entero a un texto; para juntar textos use «~»"),
    ("{{ exp.numero < exp.oficio }}", "no se puede comparar con «<» un número entero y un texto"),
    ("{{ exp.lista[5] }}", "la lista no tiene un elemento en la posición [5]"),
    ("{{ exp.lista | first | first }}", "no es una lista"),
    ("{{ exp.oficio() }}", "la plantilla no puede llamar a «str»"),
])
def test_un_error_de_python_de_la_plantilla_en_espanol(tmp_path, expresion, esperado):
    """Lo que la plantilla hace mal con un dato (recorrer una fecha, sumar texto y número)
    se dice en español, con archivo y línea, no como el TypeError de Python."""
    import datetime as dt

    (tmp_path / "e.html.j2").write_text(f"<p>Hola</p>\n<p>{expresion}</p>", encoding="utf-8")
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "e.html.j2",
                   {"exp": {"fecha": dt.date(2026, 1, 2), "numero": 3, "oficio": "X", "lista": [1]}})
    texto = str(info.value)
    assert esperado in texto and "e.html.j2" in texto and "línea 2" in texto, texto
    assert not any(ingles in texto for ingles in ("object", "TypeError", "not ", "index", "supported")), texto


def test_error_de_sintaxis_con_linea(tmp_path):
    (tmp_path / "s.html.j2").write_text("<p>\n{% if %}\n</p>", encoding="utf-8")
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "s.html.j2", {})
    assert "sintaxis" in str(info.value) and "línea 2" in str(info.value)


def test_clausula_con_variable_no_declarada_del_usuario(tmp_path, cli):
    """Una cláusula del usuario que usa una variable inexistente: error con archivo y línea."""
    propia = tmp_path / "catalogo"
    propia.mkdir()
    (propia / "clausulas.yaml").write_text(
        "clausulas:\n"
        "  - id: resolutivo.propio\n"
        "    tipo: resolutivo\n"
        "    titulo: Prueba\n"
        "    texto: |-\n"
        "      Se resuelve conforme a\n"
        "      {{ variable_inexistente }}.\n", encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(MUESTRA.read_text(encoding="utf-8").replace(
        "clausula: resolutivo.reproduccion\n    variables:\n      fundamentos: [lftaip.145]",
        "clausula: resolutivo.propio"), encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "--catalogo", str(propia), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2
    assert "«variable_inexistente»" in errores and "clausulas.yaml" in errores and "línea 7" in errores
    assert not (tmp_path / "r.docx").exists()


def test_autoescape_en_bloques(tmp_path):
    (tmp_path / "e.html.j2").write_text("<p>{{ texto }}</p>", encoding="utf-8")
    html = renderizar(crear_entorno([tmp_path]), "e.html.j2", {"texto": "<b>A&B</b>"})
    assert html == "<p>&lt;b&gt;A&amp;B&lt;/b&gt;</p>"


def _partir_run(ruta: Path, etiqueta: str) -> None:
    """Simula a Word: parte la etiqueta en dos runs con formato distinto."""
    import zipfile

    datos = {}
    with zipfile.ZipFile(ruta) as z:
        for nombre in z.namelist():
            datos[nombre] = z.read(nombre)
    xml = datos["word/document.xml"].decode("utf-8")
    mitad = len(etiqueta) // 2
    partido = (etiqueta[:mitad] + '</w:t></w:r><w:r><w:rPr><w:lang w:val="es-MX"/></w:rPr>'
               '<w:t xml:space="preserve">' + etiqueta[mitad:])
    assert etiqueta in xml
    datos["word/document.xml"] = xml.replace(etiqueta, partido, 1).encode("utf-8")
    with zipfile.ZipFile(ruta, "w") as z:
        for nombre, contenido in datos.items():
            z.writestr(nombre, contenido)


def test_etiquetas_partidas_por_word_siguen_funcionando(tmp_path):
    """Un diseño propio (carpeta de plantillas del usuario) con una etiqueta partida en dos runs."""
    propias = tmp_path / "plantillas"
    (propias / "word").mkdir(parents=True)
    word = propias / "word" / "resolucion.docx"
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", word)
    _partir_run(word, "{{ f.nombre_firma }}")
    from generador.plantillas.perfil import cargar_perfil
    from generador.word import ruta_diseno

    caso = leer_caso(MUESTRA, plantillas_extra=[propias])
    perfil, carpeta = cargar_perfil("sre", plantillas=caso.plantillas)
    assert ruta_diseno(perfil, carpeta, caso.plantillas) == word  # se usa el diseño partido
    documento = docx.Document(io.BytesIO(generar_docx(caso)))
    nombres = [p.text for p in documento.paragraphs if p.style.name == "Firma nombre"]
    assert nombres == ["OSCAR SÁNCHEZ DELGADO", "JORGE FUENTES HERNÁNDEZ", "ROSAURA GARCÍA PALMEROS"]


def test_el_catalogo_base_es_valido():
    catalogo = cat.cargar()
    assert not catalogo.problemas


def test_estilo_inexistente_en_el_diseno(tmp_path, monkeypatch):
    from generador.plantillas import formato
    from generador.word import composicion as word

    bloques = formato.html_a_bloques('<p data-estilo="Estilo Que No Existe">x</p>')
    documento = docx.Document(str(RAIZ / "plantillas" / "word" / "resolucion.docx"))
    ids = {s.name: s.style_id for s in documento.styles}
    with pytest.raises(ErrorDeUsuario, match="Estilo Que No Existe"):
        word._parrafos(bloques, word._Estilos(ids, "resolucion.docx"))


def test_texto_del_documento_sin_huecos(tmp_path):
    texto = texto_docx(generar_docx(leer_caso(MUESTRA)))
    assert "  " not in texto.replace("\n", " ")
    assert "None" not in texto and "{{" not in texto and "{%" not in texto


def test_institucion_nueva_solo_con_datos(cli, tmp_path, monkeypatch):
    """Una institución nueva: se copia el perfil genérico a una carpeta propia y se edita."""
    import yaml

    propia = tmp_path / "mis_plantillas" / "instituciones" / "afeih"
    propia.mkdir(parents=True)
    perfil = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    perfil.update(id="afeih", nombre="Agencia Federal de Ejemplo en Hidráulica", siglas="AFEIH", genero="f")
    perfil["encabezado"] = {"siglas": "AFEIH", "institucion": ["AGENCIA FEDERAL DE EJEMPLO", "EN HIDRÁULICA"],
                            "area": ["COMITÉ DE TRANSPARENCIA"]}
    (propia / "perfil.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True), encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(MUESTRA.read_text(encoding="utf-8").replace("institucion: sre", "institucion: afeih"),
                    encoding="utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida))
    assert codigo == 2 and "«afeih»" in errores and "--plantillas" in errores
    monkeypatch.setenv("RESOLUCIONES_PLANTILLAS", str(tmp_path / "mis_plantillas"))
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida))
    assert codigo == 0, errores
    documento = docx.Document(str(salida))
    encabezado = " ".join(p.text for t in documento.sections[0].header.tables for c in t.rows[0].cells
                          for p in c.paragraphs)
    assert "AGENCIA FEDERAL DE EJEMPLO" in encabezado
    assert "COMITÉ DE TRANSPARENCIA DE LA AGENCIA FEDERAL DE EJEMPLO EN HIDRÁULICA" in texto_docx(salida.read_bytes())


def test_variable_inexistente_en_el_diseno_de_word(tmp_path):
    """Una etiqueta del diseño .docx que no existe: error que nombra la variable y el archivo."""
    import zipfile

    propias = tmp_path / "plantillas"
    (propias / "word").mkdir(parents=True)
    word = propias / "word" / "resolucion.docx"
    with zipfile.ZipFile(RAIZ / "plantillas" / "word" / "resolucion.docx") as origen, \
            zipfile.ZipFile(word, "w") as destino:
        for nombre in origen.namelist():
            datos = origen.read(nombre)
            if nombre == "word/header1.xml":
                datos = datos.replace(b"{{ oficio }}", b"{{ oficio_inexistente }}")
            destino.writestr(nombre, datos)
    with pytest.raises(ErrorDeUsuario) as info:
        generar_docx(leer_caso(MUESTRA, plantillas_extra=[propias]))
    assert "«oficio_inexistente»" in str(info.value) and "resolucion.docx" in str(info.value)


def test_expediente_sin_permiso_de_lectura(cli, tmp_path, monkeypatch):
    from pathlib import Path

    def sin_permiso(self):
        raise PermissionError(13, "Permission denied")

    caso = tmp_path / "caso.yaml"
    caso.write_text("x: 1", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", sin_permiso)
    codigo, errores, _ = cli("validar", str(caso))
    assert codigo == 2 and "no hay permiso para leer" in errores


def test_plantillas_validar_encuentra_cada_falla(cli, tmp_path):
    import yaml

    carpeta = tmp_path / "mis_plantillas"
    perfil = carpeta / "instituciones" / "mala"
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "perfil.yaml").write_text(yaml.safe_dump({"id": "mala", "nombre": "X", "siglas": "X", "genero": "z",
                                                         "encabezado": {"institucion": ["X"], "area": ["Y"]}}),
                                        encoding="utf-8")
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>{{ exp.oficio }}</p>\n<p>{{ variable_que_no_existe }}</p>\n<p>{% if %}</p>\n", encoding="utf-8")
    (carpeta / "word").mkdir()
    diseno = carpeta / "word" / "resolucion.docx"
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", diseno)
    _partir_run(diseno, "{{ f.nombre_firma }}")
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 2
    assert "perfil.yaml" in salida and "«genero»" in salida
    assert "cuerpo.html.j2, línea 3: error de sintaxis de Jinja" in salida
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>{{ exp.oficio }}</p>\n<p>{{ variable_que_no_existe }}</p>\n", encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert "cuerpo.html.j2, línea 2: usa «variable_que_no_existe»" in salida
    assert "advertencia" in salida and "«{{ f.nombre_firma }}» está partida" in salida


def test_plantillas_del_proyecto_sin_problemas_y_listar(cli):
    codigo, salida, _ = cli("plantillas", "validar", str(RAIZ / "plantillas"))
    assert codigo == 0, salida
    codigo, salida, _ = cli("plantillas", "listar")
    assert codigo == 0
    for nombre in ("sre", "generica", "organo-autonomo", "reserva/cuerpo.html.j2", "resolucion.docx"):
        assert nombre in salida


def _perfil_propio(cli, carpeta: Path, id_: str = "propia") -> Path:
    perfil = carpeta / "instituciones" / id_
    perfil.mkdir(parents=True)
    codigo, _, errores = cli("perfil", "nuevo", "--id", id_, "-o", str(perfil / "perfil.yaml"))
    assert codigo == 0, errores
    return perfil


def test_plantillas_validar_revisa_el_diseno_de_cada_perfil(cli, tmp_path):
    """Lo que antes solo se veía al generar: un estilo de «formato.estilos» o de un
    «data-estilo» que el diseño no tiene, y un diseño fuera de la carpeta del perfil."""
    carpeta = tmp_path / "mis_plantillas"
    perfil = _perfil_propio(cli, carpeta)
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 0, salida  # el perfil de «perfil nuevo», tal cual, está bien
    texto = (perfil / "perfil.yaml").read_text(encoding="utf-8")
    (perfil / "perfil.yaml").write_text(texto + "\nformato:\n  estilos:\n    Estilo Fantasma: {fuente: Arial}\n",
                                        encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 2 and "no tiene el estilo «Estilo Fantasma»" in salida and "formato.estilos" in salida, salida
    (perfil / "perfil.yaml").write_text(texto, encoding="utf-8")
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        '<p data-estilo="Quote">{{ exp.oficio }}</p>\n<p data-estilo="Estilo Inexistente">x</p>\n', encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 2, salida
    assert "cuerpo.html.j2, línea 2: pide el estilo «Estilo Inexistente»" in salida and "«Quote»" not in salida
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").unlink()
    afuera = tmp_path / "afuera.docx"
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", afuera)
    for ruta in (str(afuera), "../../../afuera.docx"):
        (perfil / "perfil.yaml").write_text(texto + f"\nplantilla_word: {ruta}\n", encoding="utf-8")
        codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
        assert codigo == 2 and "está fuera de la carpeta del perfil" in salida, salida


@pytest.mark.parametrize("ruta", ["/etc/passwd", "../../../etc/passwd", "textos/../../x.j2"])
def test_incluir_algo_fuera_de_la_carpeta_lo_dice(tmp_path, ruta):
    (tmp_path / "i.html.j2").write_text(f"<p>{{% include '{ruta}' %}}</p>", encoding="utf-8")
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "i.html.j2", {})
    assert "está fuera de su carpeta" in str(info.value) and "no se encontró" not in str(info.value)


def test_listar_muestra_el_diseno_propio_de_un_perfil(cli, tmp_path):
    carpeta = tmp_path / "mis_plantillas"
    perfil = _perfil_propio(cli, carpeta, "con-diseno")
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", perfil / "resolucion.docx")
    codigo, salida, _ = cli("plantillas", "listar", "--plantillas", str(carpeta))
    assert codigo == 0 and "con-diseno: resolucion.docx" in salida and str(perfil / "resolucion.docx") in salida
