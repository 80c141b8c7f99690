"""Perfiles de institución: firmas, estilo de fechas, integrantes por omisión y vigencias."""

from __future__ import annotations

import io

import docx
import pytest
import yaml

from .conftest import MUESTRA, RAIZ, texto_docx

CORREGIDA = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
FIRMANTES_CTA = CORREGIDA[CORREGIDA.index("firmantes:"):]


def _perfil(tmp_path, **cambios) -> tuple:
    """Un perfil propio «prueba» a partir del genérico, en una carpeta de plantillas propia."""
    base = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    base.update(id="prueba", **cambios)
    carpeta = tmp_path / "plantillas" / "instituciones" / "prueba"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path / "plantillas"


def _generar(cli, tmp_path, plantillas, texto: str) -> docx.Document:
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto.replace("institucion: sre", "institucion: prueba"), encoding="utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "-o", str(salida), "--plantillas", str(plantillas), "--sobrescribir")
    assert codigo == 0, errores
    return docx.Document(io.BytesIO(salida.read_bytes()))


FIRMANTES = """firmantes:
  - nombre: María Elena Ruiz Campos
    honorifico: Mtra.
    cargo: Titular de la Unidad de Transparencia
    rol: Presidenta
  - nombre: Jorge Méndez Soto
    honorifico: Lic.
    cargo: Directora General de Recursos Materiales
    suplente: true
    genero_cargo: f
    rol: Vocal
  - nombre: Laura Gómez Ortega
    cargo: Titular del Órgano Interno de Control
    rol: Secretaria Técnica
"""


def test_firmas_con_tratamiento_suplencia_y_papel(cli, tmp_path):
    plantillas = _perfil(tmp_path)
    documento = _generar(cli, tmp_path, plantillas, CORREGIDA.replace(FIRMANTES_CTA, FIRMANTES))
    nombres = [p.text for p in documento.paragraphs if p.style.name == "Firma nombre"]
    assert nombres == ["MTRA. MARÍA ELENA RUIZ CAMPOS", "LIC. JORGE MÉNDEZ SOTO", "LAURA GÓMEZ ORTEGA"]
    cargos = [p.text for p in documento.paragraphs if p.style.name == "Firma cargo"]
    assert cargos == ["Titular de la Unidad de Transparencia", "Presidenta",
                      "Suplente de la Directora General de Recursos Materiales", "Vocal",
                      "Titular del Órgano Interno de Control", "Secretaria Técnica"]


def test_firmas_en_dos_columnas(cli, tmp_path):
    plantillas = _perfil(tmp_path, firmas="dos_columnas")
    documento = _generar(cli, tmp_path, plantillas, CORREGIDA.replace(FIRMANTES_CTA, FIRMANTES))
    assert not [p for p in documento.paragraphs if p.style.name == "Firma nombre"]
    tabla = documento.tables[-1]
    filas = [[c.paragraphs[0].text for c in fila.cells] for fila in tabla.rows]
    # La firma que queda sola ocupa la fila entera (una celda en las dos columnas), centrada (issue 13).
    assert filas == [["MTRA. MARÍA ELENA RUIZ CAMPOS", "LIC. JORGE MÉNDEZ SOTO"],
                     ["LAURA GÓMEZ ORTEGA", "LAURA GÓMEZ ORTEGA"]]
    sola = tabla.rows[1].cells[0]
    assert sola._tc.grid_span == 2 and sola.paragraphs[0].style.paragraph_format.alignment == 1  # CENTER
    for fila in tabla.rows:  # ninguna fila se parte entre páginas
        assert fila._tr.trPr is not None and fila._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None


def test_integrantes_del_perfil_firman_por_omision(cli, tmp_path):
    miembros = yaml.safe_load(FIRMANTES)["firmantes"]
    plantillas = _perfil(tmp_path, miembros=miembros)
    documento = _generar(cli, tmp_path, plantillas, CORREGIDA.replace(FIRMANTES_CTA, ""))
    assert [p.text for p in documento.paragraphs if p.style.name == "Firma nombre"][0] == "MTRA. MARÍA ELENA RUIZ CAMPOS"


def test_sin_firmantes_ni_integrantes_es_error(cli, tmp_path):
    plantillas = _perfil(tmp_path)
    caso = tmp_path / "caso.yaml"
    caso.write_text(CORREGIDA.replace(FIRMANTES_CTA, "").replace("institucion: sre", "institucion: prueba"),
                    encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"), "--plantillas", str(plantillas))
    assert codigo == 2 and "no hay quién firme" in errores and not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("estilo, cierre", [
    ("letras", "A VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO."),
    ("mixta", "A 21 VEINTIUNO DE NOVIEMBRE DE 2018 DOS MIL DIECIOCHO."),
    ("cifras", "A 21 DE NOVIEMBRE DE 2018."),
])
def test_estilo_de_fechas_del_perfil(cli, tmp_path, estilo, cierre):
    plantillas = _perfil(tmp_path, fechas={"cuerpo": "letras", "cierre": estilo})
    texto = texto_docx(_save(_generar(cli, tmp_path, plantillas, CORREGIDA)))
    assert cierre in texto
    assert "mediante correo electrónico TIN-4366 de fecha veinte de noviembre de dos mil dieciocho" in texto


def _save(documento) -> bytes:
    memoria = io.BytesIO()
    documento.save(memoria)
    return memoria.getvalue()


def test_vigencias_del_perfil(cli, tmp_path):
    """El perfil vigente en la fecha de la resolución: el nombre cambió en 2020."""
    plantillas = _perfil(tmp_path, nombre="Instituto Viejo", genero="m", vigencias=[
        {"desde": "2020-01-01", "cambios": {"nombre": "Agencia Nueva", "genero": "f",
                                            "encabezado": {"institucion": ["AGENCIA NUEVA"]}}}])
    antes = texto_docx(_save(_generar(cli, tmp_path, plantillas, CORREGIDA)))
    assert "COMITÉ DE TRANSPARENCIA DEL INSTITUTO VIEJO" in antes
    despues = _generar(cli, tmp_path, plantillas, CORREGIDA.replace("fecha: 2018-11-21\n", "fecha: 2021-03-02\n", 1)
                       .replace("vencimiento: 2023-11-21", "vencimiento: 2026-03-02"))
    assert "COMITÉ DE TRANSPARENCIA DE LA AGENCIA NUEVA" in texto_docx(_save(despues))
    encabezado = " ".join(p.text for t in despues.sections[0].header.tables for c in t.rows[0].cells
                          for p in c.paragraphs)
    assert "AGENCIA NUEVA" in encabezado


def test_estructura_de_antecedentes_y_consideraciones_solo_con_datos(cli, tmp_path):
    """Un perfil con otra estructura (ANTECEDENTES, CONSIDERACIONES, RESUELVE), sin código."""
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(RAIZ / "samples" / "reserva-2026-antecedentes.yaml"), "-o", str(salida))
    assert codigo == 0, errores
    documento = docx.Document(str(salida))
    titulos = [p.text for p in documento.paragraphs if p.style.name == "Heading 1"]
    assert titulos == ["ANTECEDENTES", "CONSIDERACIONES", "RESUELVE"]
    texto = texto_docx(salida.read_bytes())
    assert texto.startswith("Resolución del Comité de Transparencia del Órgano Autónomo de Ejemplo, correspondiente "
                            "al veinte de noviembre de dos mil veintiséis.")
    for marca in ("I. Solicitud de información.", "II. Respuesta de la DIRECCIÓN DE SEGURIDAD INSTITUCIONAL.",
                  "III. Solicitud de clasificación.", "PRIMERA. Competencia.", "TERCERA. Análisis de la clasificación",
                  "Periodo de reserva. Cinco años, con fecha de expiración el veinte de noviembre de dos mil treinta y uno.",
                  "PRIMERO. Que el Comité de Transparencia del Órgano Autónomo de Ejemplo es competente"):
        assert marca in texto, marca
    assert documento.styles["Normal"].font.name == "Times New Roman"
    assert documento.tables  # firmas en dos columnas


def test_fundamentos_propios_en_la_carpeta_del_perfil(cli, tmp_path):
    """«catalogo/» dentro del perfil: el Reglamento Interior de la institución, sin --catalogo."""
    plantillas = _perfil(tmp_path)
    (plantillas / "instituciones" / "prueba" / "catalogo").mkdir()
    (plantillas / "instituciones" / "prueba" / "catalogo" / "ri.yaml").write_text(
        "instrumento:\n  id: ri_prueba\n  nombre: Reglamento Interior de la Institución de Prueba\n"
        "  tipo: reglamento\n  genero: m\ndisposiciones:\n  - id: ri_prueba.15.IV\n    articulo: \"15\"\n"
        "    fraccion: IV\n    texto: null\n    sin_texto: Pendiente de cotejar con el DOF.\n", encoding="utf-8")
    texto = CORREGIDA.replace("    - risre.36\n", "    - risre.36\n    - ri_prueba.15.IV\n")
    documento = _generar(cli, tmp_path, plantillas, texto)
    assert "15, fracción IV, del Reglamento Interior de la Institución de Prueba" in texto_docx(_save(documento))


def test_logotipo_en_el_encabezado(cli, tmp_path):
    import struct
    import zipfile
    import zlib

    def png(ancho: int, alto: int) -> bytes:
        crudo = b"".join(b"\x00" + bytes([200, 30, 40]) * ancho for _ in range(alto))

        def trozo(tipo: bytes, datos: bytes) -> bytes:
            return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos) & 0xFFFFFFFF)

        return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", ancho, alto, 8, 2, 0, 0, 0))
                + trozo(b"IDAT", zlib.compress(crudo)) + trozo(b"IEND", b""))

    plantillas = _perfil(tmp_path, formato={"fuente": "Arial", "logo": "logo.png", "logo_ancho_cm": 3})
    (plantillas / "instituciones" / "prueba" / "logo.png").write_bytes(png(40, 20))
    _generar(cli, tmp_path, plantillas, CORREGIDA)
    with zipfile.ZipFile(tmp_path / "r.docx") as paquete:
        assert "word/media/image1.png" in paquete.namelist()
        assert b"media/image1.png" in paquete.read("word/_rels/header1.xml.rels")
    (plantillas / "instituciones" / "prueba" / "logo.png").unlink()
    caso = tmp_path / "caso.yaml"
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "otro.docx"), "--plantillas", str(plantillas))
    assert codigo == 2 and "«formato.logo»" in errores


def test_numero_de_oficio_con_el_patron_del_perfil(cli):
    codigo, salida, _ = cli("nuevo", "--institucion", "sre", "--fecha", "2018-11-21", "--consecutivo", "404")
    assert codigo == 0 and 'oficio: "CTA-40418"' in salida
    codigo, _, errores = cli("nuevo", "--institucion", "generica", "--consecutivo", "1")
    assert codigo == 2 and "patron_oficio" in errores


def test_perfil_nuevo_trae_vigencias_y_el_error_las_nombra(cli, tmp_path):
    """«vigencias» no es un campo del modelo (se aplica antes de validar), pero el perfil la
    admite: el perfil comentado la trae y el error de una clave mal escrita la sugiere."""
    perfil = tmp_path / "p" / "instituciones" / "nueva" / "perfil.yaml"
    perfil.parent.mkdir(parents=True)
    codigo, _, errores = cli("perfil", "nuevo", "--id", "nueva", "-o", str(perfil))
    assert codigo == 0, errores
    texto = perfil.read_text(encoding="utf-8")
    assert "# vigencias:" in texto
    con_vigencia = texto.replace("# vigencias:", "vigencias:").replace("#   - desde", "  - desde") \
        .replace("#     cambios", "    cambios")
    perfil.write_text(con_vigencia, encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(tmp_path / "p"))
    assert codigo == 0, salida
    perfil.write_text(con_vigencia.replace("vigencias:", "vigencia:"), encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(tmp_path / "p"))
    assert codigo == 2 and "¿quiso decir «vigencias»?" in salida and "vigencias (campo «vigencia»)" in salida, salida


def _png_minimo() -> bytes:
    import struct
    import zlib

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + trozo(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + trozo(b"IEND", b""))


def test_el_perfil_de_ejemplo_de_la_documentacion_genera(cli, tmp_path):
    """El primer perfil de docs/perfiles.md, copiado tal cual, genera la muestra (antes tenía
    dos integrantes con voto: COM-01 pide un número impar)."""
    import re

    texto = (RAIZ / "docs" / "perfiles.md").read_text(encoding="utf-8")
    ejemplo = re.search(r"```yaml\n(id: afeih.*?)```", texto, re.S).group(1)
    carpeta = tmp_path / "mis_plantillas" / "instituciones" / "afeih"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(ejemplo, encoding="utf-8")
    (carpeta / "logo.png").write_bytes(_png_minimo())
    caso = tmp_path / "caso.yaml"
    caso.write_text(MUESTRA.read_text(encoding="utf-8").replace("institucion: sre", "institucion: afeih")
                    .replace("oficio: CTA-40418", "oficio: CT/2018/40418"), encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"), "--plantillas",
                             str(tmp_path / "mis_plantillas"), "--sin-registro")
    assert codigo == 0, errores
    codigo, salida, _ = cli("plantillas", "validar", str(tmp_path / "mis_plantillas"))
    assert codigo in (0, 1) and " 0 error(es)" in salida or "sin problemas" in salida, salida
