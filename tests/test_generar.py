"""De punta a punta: el expediente CTA-40418 produce la resolución completa en Word."""

from __future__ import annotations

import difflib
import io
import re
import zipfile

import docx
import pytest

from generador.tuberia import generar_docx, leer_caso

from .conftest import DATOS, MUESTRA, texto_docx


@pytest.fixture(scope="module")
def documento_bytes() -> bytes:
    return generar_docx(leer_caso(MUESTRA))


@pytest.fixture(scope="module")
def documento(documento_bytes):
    return docx.Document(io.BytesIO(documento_bytes))


def _semilla_sin_encabezados() -> str:
    """El texto de la semilla sin sus encabezados de página ni el «EEE» suelto."""
    texto = (DATOS / "cta-40418-semilla.txt").read_text(encoding="utf-8")
    texto = re.sub(r"\*\*SRE\*\*.*?Asunto: Se confirma la clasificación de información\s+\**RESERVADA\**", " ",
                   texto, flags=re.S)
    return texto.replace("EEE", " ").replace("*", "")


def _palabras(texto: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", texto)


def test_el_cuerpo_coincide_con_la_semilla(documento_bytes):
    semilla, generado = _palabras(_semilla_sin_encabezados()), _palabras(texto_docx(documento_bytes))
    similitud = difflib.SequenceMatcher(None, semilla, generado, autojunk=False).ratio()
    assert similitud >= 0.97, similitud


def test_secciones_en_orden(documento_bytes):
    texto = texto_docx(documento_bytes)
    marcas = [
        "Visto el expediente que contiene la solicitud",
        "Solicitud 0000500194518:",
        '"Solicito documentos relacionados con la creación y mantenimiento del servicio Mexitel',
        "Respuesta de la Unidad Administrativa consultada la DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN",
        "Control en el centro de datos por medio de control de acceso físico",
        "I. La divulgación de la información que se reserva representa un riesgo real",
        "II. El riesgo de perjuicio supera el interés público general",
        "III. La limitación se adecua al principio de proporcionalidad",
        "Respuesta de la Unidad Administrativa consultada la DIRECCIÓN GENERAL DE BIENES INMUEBLES Y RECURSOS MATERIALES",
        "Clasificación de la información solicitada: RESERVADA, las medidas establecidas",
        "Fundamentación Jurídica de la clasificación de información RESERVADA: Artículos 6o.",
        "Motivación de la clasificación de información RESERVADA: La naturaleza de parte",
        "Periodo de reserva: 5 años.",
        "Prueba de daño: La señalada por la DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN.",
        "Fundamentación jurídica de la resolución: Analizadas todas y cada una",
        "RESUELVE",
        "PRIMERO. Que el Comité de Transparencia de la Secretaría de Relaciones Exteriores es competente",
        "SEGUNDO. Se confirma la clasificación de parte de la información",
        "TERCERO. Póngase a disposición del solicitante, previo pago de derechos por concepto de reproducción de 145 fojas útiles",
        "CUARTO. Notifíquese la presente resolución al interesado",
        "ASÍ LO RESOLVIERON Y FIRMAN LOS INTEGRANTES DEL COMITÉ DE TRANSPARENCIA DE LA SECRETARÍA DE "
        "RELACIONES EXTERIORES, A VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO.",
        "OSCAR SÁNCHEZ DELGADO",
        "JORGE FUENTES HERNÁNDEZ",
        "ROSAURA GARCÍA PALMEROS",
    ]
    posicion = -1
    for marca in marcas:
        encontrado = texto.find(marca, posicion + 1)
        assert encontrado > posicion, f"falta o está fuera de orden: {marca!r}"
        posicion = encontrado


def test_sin_errores_de_transcripcion(documento_bytes):
    texto = texto_docx(documento_bytes)
    assert "EXTERNALES" not in texto
    assert "EEE" not in texto
    assert "Mexitel.." not in texto
    assert "en relación el artículo 51, fracción I, de la Ley" not in texto


def test_encabezado_de_pagina(documento):
    encabezado = documento.sections[0].header
    texto = "\n".join(p.text for t in encabezado.tables for c in t.rows[0].cells for p in c.paragraphs)
    for linea in ("SRE", "SECRETARÍA DE RELACIONES EXTERIORES", "COMITÉ DE TRANSPARENCIA",
                  "Oficio: CTA-40418", "Folio 0000500194518",
                  "Asunto: Se confirma la clasificación de información RESERVADA"):
        assert linea in texto
    # Una sola sección sin primera página distinta: el encabezado se repite en todas.
    assert len(documento.sections) == 1
    assert not documento.sections[0].different_first_page_header_footer


def test_carta_y_texto_justificado(documento):
    seccion = documento.sections[0]
    assert abs(seccion.page_width.cm - 21.59) < 0.05 and abs(seccion.page_height.cm - 27.94) < 0.05
    normal = documento.styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.paragraph_format.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY


def test_estilos_reales_y_sin_parrafos_vacios(documento):
    usados = {p.style.name for p in documento.paragraphs}
    assert {"Normal", "Quote", "Heading 1", "Cita con viñetas", "Cita con viñetas 2", "Cierre",
            "Firma nombre", "Firma cargo"} <= usados
    assert all(p.text.strip() for p in documento.paragraphs), "hay párrafos vacíos usados como espacio"


def test_bloque_de_firmas(documento):
    parrafos = documento.paragraphs
    nombres = [p for p in parrafos if p.style.name == "Firma nombre"]
    assert [p.text for p in nombres] == ["OSCAR SÁNCHEZ DELGADO", "JORGE FUENTES HERNÁNDEZ", "ROSAURA GARCÍA PALMEROS"]
    for p in nombres:
        assert p.style.font.bold
    cargos = [p.text for p in parrafos if p.style.name == "Firma cargo"]
    assert cargos[0] == "Titular de la Unidad de Transparencia de la Secretaría de Relaciones Exteriores"
    assert cargos[2] == "Suplente del Titular del Órgano Interno de Control en la Secretaría de Relaciones Exteriores"
    # Cierre y firmas encadenados con «conservar con el siguiente»: no se separan de página.
    indice = next(i for i, p in enumerate(parrafos) if p.style.name == "Cierre")
    for p in parrafos[indice:]:
        assert p.style.paragraph_format.keep_with_next


def test_negritas_en_unidades_y_resolutivos(documento):
    visto = documento.paragraphs[0]
    negritas = [r.text for r in visto.runs if r.bold]
    assert "DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN" in negritas
    assert "RESERVADA" in negritas
    primero = next(p for p in documento.paragraphs if p.text.startswith("PRIMERO."))
    assert primero.runs[0].bold and primero.runs[0].text == "PRIMERO."


def test_salida_reproducible(documento_bytes):
    otra = generar_docx(leer_caso(MUESTRA))
    assert otra == documento_bytes
    with zipfile.ZipFile(io.BytesIO(documento_bytes)) as paquete:
        assert {i.date_time for i in paquete.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_propiedades_del_documento(documento, documento_bytes):
    import hashlib

    propiedades = documento.core_properties
    assert propiedades.title == "Resolución CTA-40418"
    assert hashlib.sha256(MUESTRA.read_bytes()).hexdigest() in propiedades.comments
    assert propiedades.created.date().isoformat() == "2018-11-21"


def test_comando_generar(cli, tmp_path):
    salida = tmp_path / "resolucion.docx"
    codigo, texto, errores = cli("generar", str(MUESTRA), "-o", str(salida))
    assert codigo == 0, errores
    assert salida.is_file() and "Resolución escrita en" in texto
    assert "VEINTIUNO DE NOVIEMBRE" in texto_docx(salida.read_bytes())
    # No se sobrescribe sin permiso expreso.
    antes = salida.read_bytes()
    salida.write_bytes(b"documento del usuario")
    codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(salida))
    assert codigo == 2 and "--sobrescribir" in errores
    assert salida.read_bytes() == b"documento del usuario"
    codigo, _, _ = cli("generar", str(MUESTRA), "-o", str(salida), "--sobrescribir")
    assert codigo == 0 and salida.read_bytes() == antes


def test_nombre_por_omision_y_entrada_estandar(cli, tmp_path, monkeypatch, muestra_texto):
    monkeypatch.chdir(tmp_path)
    codigo, _, errores = cli("generar", "-", entrada=muestra_texto)
    assert codigo == 0, errores
    assert (tmp_path / "CTA-40418.docx").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["CTA-40418.docx"]


def test_permisos_normales_del_archivo(cli, tmp_path):
    import os
    import stat

    salida = tmp_path / "r.docx"
    assert cli("generar", str(MUESTRA), "-o", str(salida))[0] == 0
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(salida.stat().st_mode) == 0o666 & ~umask
