"""Un expediente roto nunca rompe nada: error en español con campo y línea, código 2,
sin traza de Python y sin archivo de salida."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import MUESTRA

TEXTO = MUESTRA.read_text(encoding="utf-8")


def _linea(patron: str) -> int:
    """Línea (1-based) de la primera aparición de ``patron`` en la muestra."""
    for numero, linea in enumerate(TEXTO.splitlines(), 1):
        if patron in linea:
            return numero
    raise AssertionError(patron)


CASOS_ROTOS = [
    # (nombre, texto del expediente, campo esperado en el mensaje, línea esperada o None)
    ("fecha imposible", TEXTO.replace("fecha: 2018-11-21", "fecha: 2018-02-30"), "fecha", _linea("fecha: 2018-11-21")),
    ("mes imposible", TEXTO.replace("fecha: 2018-11-20", "fecha: 2018-13-20"), "respuestas[1].fecha", _linea("fecha: 2018-11-20")),
    ("campo desconocido", TEXTO.replace("oficio: CTA-40418", "oficio: CTA-40418\nofcio: x"), "ofcio", _linea("oficio: CTA-40418") + 1),
    ("falta un campo", TEXTO.replace("oficio: CTA-40418\n", ""), "oficio", None),
    ("reserva mayor a cinco años", TEXTO.replace("anios: 5", "anios: 6"),
     "clasificaciones[1].periodo_reserva.anios", _linea("anios: 5")),
    ("reserva negativa", TEXTO.replace("anios: 5", "anios: -1"), "clasificaciones[1].periodo_reserva.anios", _linea("anios: 5")),
    ("fojas no numéricas", TEXTO.replace("fojas: 145", "fojas: muchas"), "reproduccion.fojas", _linea("fojas: 145")),
    ("fojas enormes", TEXTO.replace("fojas: 145", "fojas: 99999999999999999999"), "reproduccion.fojas", _linea("fojas: 145")),
    ("lista vacía", re.sub(r"firmantes:\n(.|\n)*", "firmantes: []\n", TEXTO), "firmantes", None),
    ("fundamento desconocido", TEXTO.replace("- lftaip.110.I     # causal", "- lftaip.110.XX    # causal"),
     "clasificaciones[1].fundamentos[2]", _linea("- lftaip.110.I     # causal")),
    ("cláusula desconocida", TEXTO.replace("clausula: resolutivo.reproduccion", "clausula: resolutivo.reproducion"),
     "resolutivos[3].clausula", _linea("clausula: resolutivo.reproduccion")),
    ("carácter de control", TEXTO.replace("oficio: CTA-40418", 'oficio: "CTA-\\a40418"'), "oficio", _linea("oficio: CTA-40418")),
    ("YAML mal formado", TEXTO.replace("tipo: reserva\n", "tipo: [reserva\n", 1), None, None),
    ("clave repetida", TEXTO.replace("tipo: reserva\n", "tipo: reserva\ntipo: reserva\n", 1), "tipo", _linea("tipo: reserva") + 1),
    ("tipo de resolución desconocido", TEXTO.replace("tipo: reserva\n", "tipo: reservadisima\n", 1), "tipo", _linea("tipo: reserva")),
    ("prueba de daño incompleta", TEXTO.replace("senalada_por: DIRECCIÓN", "riesgo_real: DIRECCIÓN"),
     "clasificaciones[1].prueba_de_dano", None),
    ("variable de cláusula que falta", TEXTO.replace("      fundamentos: [lftaip.145]\n", ""), "resolutivos[3].variables", None),
    ("texto vacío", TEXTO.replace("medio: correo electrónico\n    fecha: 2018-11-21", "medio: ''\n    fecha: 2018-11-21"),
     "respuestas[2].medio", None),
    ("institución desconocida", TEXTO.replace("institucion: sre", "institucion: xyz"), "institucion", _linea("institucion: sre")),
    ("archivo vacío", "", None, None),
    # Una etiqueta explícita con un valor que no le corresponde (el constructor de PyYAML
    # fallaba con un KeyError o un ValueError y salía una traza).
    ("!!bool con otro valor", TEXTO.replace("oficio: CTA-40418", "oficio: !!bool quizás"), None, _linea("oficio: CTA-40418")),
    ("!!int con texto", TEXTO.replace("fojas: 145", "fojas: !!int muchas"), None, _linea("fojas: 145")),
    ("!!float con texto", TEXTO.replace("fojas: 145", "fojas: !!float x"), None, _linea("fojas: 145")),
    ("!!timestamp con texto", TEXTO.replace("fecha: 2018-11-21", "fecha: !!timestamp ayer"), None, _linea("fecha: 2018-11-21")),
    ("!!binary mal formado", TEXTO.replace("oficio: CTA-40418", "oficio: !!binary '%%'"), None, _linea("oficio: CTA-40418")),
    ("lista en lugar de mapa", "- a\n- b\n", None, None),
    # Un carácter de control sin escapar, con acentos en las líneas de antes: el lector en C
    # cuenta bytes y la línea salía de más (el comentario de arriba de la muestra tiene «ó»).
    ("carácter de control sin escapar", TEXTO.replace("oficio: CTA-40418", "oficio: CTA-\x0140418"), "oficio",
     _linea("oficio: CTA-40418")),
    ("tabulador vertical en un bloque", TEXTO.replace("pasó a ser propiedad", "pasó a\x0b ser propiedad"),
     "respuestas[1].texto", _linea("pasó a ser propiedad")),
    # YAML 1.1 toma estos como saltos de línea: partían el valor sin verse.
    ("separador de línea U+2028", TEXTO.replace("asunto: Se confirma", "asunto: Se\u2028confirma"), "asunto",
     _linea("asunto: Se confirma")),
    ("separador de párrafo U+2029", TEXTO.replace("asunto: Se confirma", "asunto: 'Se\u2029confirma"), None,
     _linea("asunto: Se confirma")),
    ("NEL U+0085", TEXTO.replace("oficio: CTA-40418", "oficio: 'CTA-\x8540418'"), "oficio", _linea("oficio: CTA-40418")),
    # El oficio y el folio dan el nombre del archivo, la clave del registro y el encabezado.
    ("oficio en dos líneas", TEXTO.replace("oficio: CTA-40418", 'oficio: "../../CTA\\n40418"'), "oficio",
     _linea("oficio: CTA-40418")),
    ("folio en dos líneas", TEXTO.replace('folio: "0000500194518"', 'folio: "00005\\r00194518"'),
     "solicitudes[1].folio", _linea('folio: "0000500194518"')),
    # Un nombre que se ve al revés de lo que dice (U+202E), escrito tal cual o con su escape.
    ("cambio de dirección del texto", TEXTO.replace("nombre: Oscar Sánchez Delgado", "nombre: Oscar \u202eodagleD"),
     "firmantes[1].nombre", _linea("nombre: Oscar Sánchez Delgado")),
    ("aislamiento de dirección", TEXTO.replace("nombre: Oscar Sánchez Delgado", 'nombre: "Oscar \\u2067S\\u2069"'),
     "firmantes[1].nombre", _linea("nombre: Oscar Sánchez Delgado")),
]


@pytest.mark.parametrize("nombre, texto, campo, linea", CASOS_ROTOS, ids=[c[0] for c in CASOS_ROTOS])
def test_expediente_roto(cli, tmp_path, nombre, texto, campo, linea):
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    salida = tmp_path / "salida"
    salida.mkdir()
    for argumentos in (["validar", str(caso)], ["generar", str(caso), "-o", str(salida / "r.docx")]):
        codigo, salida_texto, errores = cli(*argumentos)
        assert codigo == 2, (argumentos, errores)
        if argumentos[0] == "generar":
            assert errores.startswith("Error:"), errores
        else:  # validar da su informe completo en la salida estándar, también con un archivo roto
            assert not errores and any(l.startswith("error ") for l in salida_texto.splitlines()), errores
            assert ": 0 error(es)" not in salida_texto.splitlines()[-1]
        errores = salida_texto + errores  # validar informa sus hallazgos en la salida estándar
        assert "Traceback" not in errores
        if campo:
            assert f"«{campo}»" in errores, errores
        if linea:
            assert f"línea {linea}" in errores, errores
    assert os.listdir(salida) == [], "quedó un archivo de salida"


def test_caso_inexistente_carpeta_y_no_utf8(cli, tmp_path):
    codigo, _, errores = cli("generar", str(tmp_path / "no-existe.yaml"))
    assert codigo == 2 and "no existe" in errores
    codigo, _, errores = cli("generar", str(tmp_path))
    assert codigo == 2 and "carpeta" in errores
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("oficio: Año\n".encode("latin-1"))
    codigo, errores, _ = cli("validar", str(latin1))
    assert codigo == 2 and "UTF-8" in errores and "línea 1" in errores


def test_carpeta_de_salida_inexistente_o_de_solo_lectura(cli, tmp_path):
    codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(tmp_path / "no" / "existe.docx"))
    assert codigo == 2 and "no existe" in errores
    if os.geteuid() == 0:
        pytest.skip("como root, una carpeta de solo lectura sigue siendo escribible")
    solo_lectura = tmp_path / "ro"
    solo_lectura.mkdir()
    solo_lectura.chmod(0o500)
    try:
        codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(solo_lectura / "r.docx"))
        assert codigo == 2 and "permiso" in errores
        assert os.listdir(solo_lectura) == []
    finally:
        solo_lectura.chmod(0o700)


def test_disco_lleno_no_deja_archivo(tmp_path, monkeypatch):
    import errno

    from generador import salida
    from generador.errores import ErrorDeUsuario

    def sin_espacio(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(salida.os, "fsync", sin_espacio)
    destino = tmp_path / "r.docx"
    with pytest.raises(ErrorDeUsuario, match="no hay espacio en el disco"):
        salida.escribir_atomico(destino, b"x" * 1000)
    assert os.listdir(tmp_path) == []


def test_validar_muestra(cli):
    """CTA-40418, como el original, no tiene número de sesión ni fecha de expiración: son
    exactamente sus dos hallazgos. La versión corregida no tiene ninguno."""
    codigo, salida, _ = cli("validar", str(MUESTRA))
    assert codigo == 1
    codigos = re.findall(r"^(?:error|advertencia) (\S+)", salida, flags=re.M)
    assert codigos == ["QP-01", "QP-06"], salida
    codigo, salida, _ = cli("validar", str(MUESTRA.with_name("cta-40418-corregida.yaml")))
    assert codigo == 0 and "sin hallazgos" in salida


def test_validar_json(cli, tmp_path):
    import json

    codigo, salida, _ = cli("validar", str(MUESTRA), "--json")
    datos = json.loads(salida)
    assert codigo == 1 and datos["valido"] is True
    assert [(h["nivel"], h["codigo"], h["campo"]) for h in datos["hallazgos"]] == [
        ("advertencia", "QP-01", "sesion"),
        ("advertencia", "QP-06", "clasificaciones[1].periodo_reserva"),
    ]
    assert datos["hallazgos"][1]["lineamiento"] == "Quincuagésimo primero, párrafo segundo, fracción III"
    caso = tmp_path / "caso.yaml"
    caso.write_text(TEXTO.replace("fecha: 2018-11-21", "fecha: 2018-02-30"), encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso), "--json")
    datos = json.loads(salida)
    assert codigo == 2 and datos["valido"] is False
    assert datos["hallazgos"][0]["campo"] == "fecha" and datos["hallazgos"][0]["linea"] == _linea("fecha: 2018-11-21")


def test_texto_con_caracteres_especiales_de_xml(tmp_path):
    """«& < > " '», emoji y texto de derecha a izquierda salen tal cual en el documento."""
    from generador.tuberia import generar_docx, leer_caso

    from .conftest import texto_docx

    especial = "Contrato A&B <urgente> \"comillas\" 'simples' 😀 عربي עברית"
    caso = tmp_path / "caso.yaml"
    # En un bloque «>-» de YAML el texto va tal cual, sin escapar.
    caso.write_text(TEXTO.replace("Solicito documentos relacionados con la creación",
                                  f"Solicito {especial} y la creación"), encoding="utf-8")
    texto = texto_docx(generar_docx(leer_caso(caso)))
    assert especial in texto


def test_sin_permiso_de_escritura_no_deja_archivo(tmp_path, monkeypatch):
    """Simula una carpeta sin permiso (las pruebas pueden correr como root)."""
    import errno

    from generador import salida
    from generador.errores import ErrorDeUsuario

    def sin_permiso(*_, **__):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(salida.tempfile, "mkstemp", sin_permiso)
    with pytest.raises(ErrorDeUsuario, match="no hay permiso para escribir"):
        salida.escribir_atomico(tmp_path / "r.docx", b"x")
    assert os.listdir(tmp_path) == []


def test_campo_de_un_megabyte(tmp_path):
    """Un campo de 1 MB produce un documento válido que lo contiene completo."""
    import io

    import docx

    from generador.tuberia import generar_docx, leer_caso

    grande = " ".join(f"palabra{i}" for i in range(110_000))  # ~1 MB
    caso = tmp_path / "caso.yaml"
    caso.write_text(TEXTO.replace("Acceso a la Información pública.\n", f"Acceso a la Información pública. {grande}\n", 1),
                    encoding="utf-8")
    documento = docx.Document(io.BytesIO(generar_docx(leer_caso(caso))))
    assert any(grande in p.text for p in documento.paragraphs)


def test_bomba_de_alias_y_anidamiento_profundo(cli, tmp_path):
    bomba = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    caso = tmp_path / "bomba.yaml"
    caso.write_text(bomba, encoding="utf-8")
    codigo, errores, _ = cli("validar", str(caso))
    assert codigo == 2 and "alias" in errores
    caso.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    codigo, errores, _ = cli("validar", str(caso))
    assert codigo == 2 and "Traceback" not in errores


def test_delimitadores_de_plantilla_en_el_texto_llegan_intactos(tmp_path):
    """Hallado por hypothesis: «{_%» del expediente se volvía «{%» (falla heredada de docxtpl)."""
    from generador.tuberia import generar_docx, leer_caso

    from .conftest import texto_docx

    raro = "{_% {_{ }_} %_} {{ x }} {% if %} {# c #}"
    caso = tmp_path / "caso.yaml"
    caso.write_text(TEXTO.replace("oficio: CTA-40418", f"oficio: \"A {raro}\"").replace(
        "Solicito documentos relacionados", f"Solicito {raro} documentos relacionados"), encoding="utf-8")
    documento = generar_docx(leer_caso(caso))
    assert raro in texto_docx(documento)
    import io

    import docx

    encabezado = docx.Document(io.BytesIO(documento)).sections[0].header
    assert any(raro in p.text for t in encabezado.tables for c in t.rows[0].cells for p in c.paragraphs)
