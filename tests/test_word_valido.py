"""Archivos de Word que Word abre sin «reparar» y con el aspecto de la institución (issue 13).

Cada muestra y el diseño base pasan ``openxml-audit`` (el validador que predice si
Microsoft Word mostrará «Word encontró contenido que no se puede leer») sin un solo error;
el paquete dice quién lo hizo, está en el modo de Word actual y en español de México; la
fuente del perfil llega a todos los estilos; el pie lleva el número de página como campos
de Word; un elemento de lista que ya trae su número no lleva viñeta.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from generador.redaccion import redactar
from generador.tuberia import generar_docx, leer_caso
from generador.word import componer

from .conftest import RAIZ

MUESTRAS = sorted((RAIZ / "samples").glob("*.yaml"))
DISENO = RAIZ / "plantillas" / "word" / "resolucion.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _errores(ruta: Path) -> list[str]:
    """Todo lo que el validador encuentra (errores y advertencias), en Word 2019 y en 365."""
    hallazgos = []
    for formato in (FileFormat.OFFICE_2019, FileFormat.MICROSOFT_365):
        resultado = OpenXmlValidator(file_format=formato, max_errors=0).validate(ruta)
        hallazgos += [f"{formato.name}: {e}" for e in resultado.errors]
    return hallazgos


@pytest.fixture(scope="module")
def documentos(tmp_path_factory) -> dict[str, Path]:
    carpeta = tmp_path_factory.mktemp("word")
    salida = {}
    for muestra in MUESTRAS:
        salida[muestra.stem] = carpeta / f"{muestra.stem}.docx"
        salida[muestra.stem].write_bytes(generar_docx(leer_caso(muestra)))
    return salida


def _partes(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as paquete:
        return {n: paquete.read(n) for n in paquete.namelist()}


@pytest.mark.parametrize("muestra", [m.stem for m in MUESTRAS])
def test_cada_muestra_pasa_el_validador_sin_errores(documentos, muestra):
    assert _errores(documentos[muestra]) == []


def test_el_diseno_base_pasa_el_validador_y_es_el_que_escribe_la_herramienta(tmp_path):
    assert _errores(DISENO) == []
    from herramientas.construir_plantilla_word import construir

    nuevo = construir(tmp_path / "resolucion.docx")
    assert nuevo.read_bytes() == DISENO.read_bytes(), \
        "plantillas/word/resolucion.docx no es el de la herramienta: python herramientas/construir_plantilla_word.py"


@pytest.mark.parametrize("muestra", ["cta-40418", "reserva-2026-antecedentes", "acta-2026"])
def test_el_paquete_dice_quien_lo_hizo_y_esta_en_espanol(documentos, muestra):
    partes = _partes(documentos[muestra])
    assert "word/stylesWithEffects.xml" not in partes and not any(n.startswith("docProps/thumbnail") for n in partes)
    assert not any(b"stylesWithEffects" in d or b"thumbnail" in d for n, d in partes.items() if n.endswith(".rels"))
    app = partes["docProps/app.xml"].decode()
    assert "<Application>resoluciones</Application>" in app and "Macintosh" not in app
    assert re.search(r"<AppVersion>\d\d\.\d{4}</AppVersion>", app)
    assert "<Pages>" not in app and "<Words>" not in app  # sin cuentas inventadas
    settings = partes["word/settings.xml"].decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert 'w:themeFontLang w:val="es-MX"' in settings
    estilos = partes["word/styles.xml"].decode()
    por_omision = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", estilos, re.S).group(0)
    assert 'w:lang w:val="es-MX"' in por_omision and "en-US" not in estilos


def _fuente_efectiva(estilo) -> str | None:
    while estilo is not None:
        if estilo.font.name:
            return estilo.font.name
        estilo = estilo.base_style
    return None


def _fuentes_usadas(documento) -> dict[str, str | None]:
    """Fuente efectiva de cada estilo usado en el cuerpo, el encabezado y el pie."""
    parrafos = list(documento.paragraphs)
    seccion = documento.sections[0]
    for parte in (seccion.header, seccion.footer):
        parrafos += parte.paragraphs + [p for t in parte.tables for f in t.rows for c in f.cells for p in c.paragraphs]
    parrafos += [p for t in documento.tables for f in t.rows for c in f.cells for p in c.paragraphs]
    return {p.style.name: _fuente_efectiva(p.style) for p in parrafos}


def test_la_fuente_del_perfil_llega_a_todos_los_estilos(documentos):
    documento = docx.Document(str(documentos["reserva-2026-antecedentes"]))  # perfil organo-autonomo
    usados = _fuentes_usadas(documento)
    assert {"Normal", "Heading 1", "Quote", "Cierre", "Firma nombre", "Firma cargo", "Header",
            "Encabezado siglas", "Encabezado área", "Encabezado datos"} <= set(usados)
    assert set(usados.values()) == {"Times New Roman"}, usados
    # Nada más fija fuente: ni otro estilo, ni el tema, ni un run.
    partes = _partes(documentos["reserva-2026-antecedentes"])
    estilos = partes["word/styles.xml"].decode()
    assert set(re.findall(r'w:ascii="([^"]+)"', estilos)) == {"Times New Roman"}
    assert "Theme" not in "".join(re.findall(r"<w:rFonts[^>]*>", estilos))
    for nombre in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        assert b"<w:rFonts" not in partes[nombre]
    # El tamaño del perfil (12 pt) también, salvo el encabezado de página, más chico a propósito.
    normal = documento.styles["Normal"]
    assert normal.font.size.pt == 12
    assert all(documento.styles[n].font.size is None for n in ("Heading 1", "Quote", "Firma nombre", "Cierre"))


def _perfil_propio(tmp_path: Path, formato: str, diseno: Path | None = None) -> Path:
    plantillas = tmp_path / "plantillas"
    carpeta = plantillas / "instituciones" / "prueba"
    carpeta.mkdir(parents=True)
    texto = (RAIZ / "plantillas" / "instituciones" / "sre" / "perfil.yaml").read_text(encoding="utf-8")
    texto = texto.replace("id: sre", "id: prueba")
    texto = re.sub(r"formato:\n(  .*\n)+", "formato:\n" + formato, texto)
    if diseno is not None:
        shutil.copy(diseno, carpeta / "propio.docx")
        texto = texto.replace("plantilla_word: resolucion.docx", "plantilla_word: propio.docx")
    (carpeta / "perfil.yaml").write_text(texto, encoding="utf-8")
    return plantillas


def _caso(tmp_path: Path) -> Path:
    caso = tmp_path / "caso.yaml"
    caso.write_text((RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
                    .replace("institucion: sre", "institucion: prueba"), encoding="utf-8")
    return caso


def _generar(cli, tmp_path: Path, plantillas: Path) -> tuple[int, str, Path]:
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(_caso(tmp_path)), "--plantillas", str(plantillas), "-o", str(salida),
                             "--sobrescribir")
    return codigo, errores, salida


def test_un_estilo_fijado_a_proposito_conserva_su_fuente(cli, tmp_path):
    plantillas = _perfil_propio(tmp_path, '  fuente: Courier New\n  tamano: 10\n'
                                          '  estilos: {"Encabezado siglas": {fuente: Arial Black, tamano: 18}}\n')
    codigo, errores, salida = _generar(cli, tmp_path, plantillas)
    assert codigo == 0, errores
    documento = docx.Document(str(salida))
    usados = _fuentes_usadas(documento)
    assert usados.pop("Encabezado siglas") == "Arial Black"
    assert set(usados.values()) == {"Courier New"}
    assert documento.styles["Encabezado siglas"].font.size.pt == 18
    assert documento.styles["Normal"].font.size.pt == 10
    assert _errores(salida) == []


def test_un_estilo_que_no_existe_en_el_diseno_es_un_error_claro(cli, tmp_path):
    plantillas = _perfil_propio(tmp_path, '  estilos: {"Titulo Inventado": {fuente: Arial}}\n')
    codigo, errores, salida = _generar(cli, tmp_path, plantillas)
    assert codigo == 2 and "Titulo Inventado" in errores and "formato.estilos" in errores
    assert "Traceback" not in errores and not salida.exists()


@pytest.mark.parametrize("patron, texto", [("Página {pagina} de {paginas}", ["Página ", " de "]),
                                           ("{pagina}/{paginas}", ["/"])])
def test_numero_de_pagina_como_campos_de_word(cli, tmp_path, patron, texto):
    plantillas = _perfil_propio(tmp_path, f'  paginacion: "{patron}"\n  pie: ["Oficio {{oficio}} · {{folios}}"]\n')
    codigo, errores, salida = _generar(cli, tmp_path, plantillas)
    assert codigo == 0, errores
    pie = _partes(salida)["word/footer1.xml"].decode()
    assert re.search(r'<w:fldSimple w:instr=" PAGE [^"]*">', pie) and re.search(r'w:instr=" NUMPAGES ', pie)
    assert pie.index("PAGE ") < pie.index("NUMPAGES")
    for trozo in texto:
        assert f">{trozo}<" in pie
    assert "Oficio CTA-40418 · 0000500194518" in pie
    assert _errores(salida) == []


def test_sin_paginacion_no_hay_numero_de_pagina(documentos):
    pie = _partes(documentos["cta-40418"])["word/footer1.xml"].decode()  # el perfil de la SRE no numera
    assert "fldSimple" not in pie and "PAGE" not in pie


@pytest.mark.parametrize("formato, campo", [('  paginacion: "{pagina.__class__}"\n', "formato.paginacion"),
                                            ('  pie: ["{oficio:>999999}"]\n', "formato.pie"),
                                            ('  encabezado_adicional: ["{clave_secreta}"]\n',
                                             "formato.encabezado_adicional")])
def test_patron_del_pie_no_valido_es_un_error_con_su_campo(cli, tmp_path, formato, campo):
    plantillas = _perfil_propio(tmp_path, formato)
    codigo, errores, salida = _generar(cli, tmp_path, plantillas)
    assert codigo == 2 and campo in errores and "Traceback" not in errores and not salida.exists()


def test_pie_y_encabezado_con_datos_del_caso():
    """La sesión y las áreas vienen del expediente (Lineamiento Quincuagésimo primero, fr. I:
    número y fecha de la sesión); una línea sin su dato no se escribe."""
    caso = leer_caso(RAIZ / "samples" / "reserva-2026-antecedentes.yaml")
    perfil, carpeta = caso.perfil
    exp = caso.expediente
    resolucion = redactar(exp, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas)
    datos = componer(resolucion, exp.fecha, carpeta, caso.entrada, caso.plantillas, expediente=exp)
    partes = {n: d.decode() for n, d in _partes_de_bytes(datos).items() if n.startswith("word/")
              and n.endswith(".xml")}
    assert "Comité de Transparencia del Órgano Autónomo de Ejemplo · Décima Primera Sesión Ordinaria" in partes[
        "word/footer1.xml"]
    assert "Áreas: DIRECCIÓN DE SEGURIDAD INSTITUCIONAL" in partes["word/header1.xml"]
    # Sin el expediente no hay sesión ni áreas: esas líneas no se escriben a medias.
    sin_datos = _partes_de_bytes(componer(resolucion, exp.fecha, carpeta, caso.entrada, caso.plantillas))
    assert b"Sesi\xc3\xb3n" not in sin_datos["word/footer1.xml"] and b"\xc3\x81reas" not in sin_datos["word/header1.xml"]


def _partes_de_bytes(datos: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        return {n: paquete.read(n) for n in paquete.namelist()}


def test_el_logotipo_del_perfil_en_el_encabezado(documentos):
    partes = _partes(documentos["reserva-2026-antecedentes"])
    assert b"<a:blip" in partes["word/header1.xml"]
    assert any(n.startswith("word/media/") for n in partes)


def _numerado(parrafo, documento) -> bool:
    """Si el párrafo lleva numeración o viñeta de Word (directa o por su estilo)."""
    ppr = parrafo._p.pPr
    if ppr is not None and ppr.find(f"{W}numPr") is not None:
        return ppr.find(f"{W}numPr/{W}numId").get(f"{W}val") != "0"
    estilo = parrafo.style
    while estilo is not None:
        ppr = estilo.element.pPr
        if ppr is not None and ppr.find(f"{W}numPr") is not None:
            return True
        estilo = estilo.base_style
    return False


def test_prueba_de_dano_y_resolutivos_sin_vinetas(documentos):
    """«• I.» no: los elementos que ya traen su número (las fracciones del art. 104 en la
    prueba de daño citada) y los resolutivos («PRIMERO.») son texto, sin viñeta de Word;
    las viñetas de verdad de la respuesta citada siguen siendo lista de Word."""
    documento = docx.Document(str(documentos["cta-40418"]))
    parrafos = documento.paragraphs
    con_numero = [p for p in parrafos if re.match(r"(I|II|III)\. ", p.text)]
    assert len(con_numero) >= 3
    assert not [p.text[:30] for p in con_numero if _numerado(p, documento)]
    resolutivos = [p for p in parrafos if re.match(r"(PRIMERO|SEGUNDO|TERCERO)\.", p.text)]
    assert len(resolutivos) == 3 and not [p for p in resolutivos if _numerado(p, documento)]
    vinetas = [p for p in parrafos if p.text.startswith("A dicho aplicativo se le agregó un captcha")]
    assert vinetas and all(_numerado(p, documento) for p in vinetas)


def test_el_cierre_se_mantiene_con_el_ultimo_resolutivo(documentos):
    for muestra in ("cta-40418", "acta-2026", "mixta-2026"):
        parrafos = docx.Document(str(documentos[muestra])).paragraphs
        indice = next(i for i, p in enumerate(parrafos) if p.style.name == "Cierre")
        assert parrafos[indice - 1].paragraph_format.keep_with_next, muestra


def test_un_diseno_hecho_con_la_plantilla_de_python_docx(cli, tmp_path):
    """Un autor que parte de la plantilla por omisión de python-docx (con su
    stylesWithEffects.xml, su miniatura y «Microsoft Macintosh Word»): ``plantillas
    validar`` señala cada problema con su parte y su elemento, y el documento generado
    con ese diseño sale ya normalizado y válido."""
    propio = docx.Document()
    propio.add_paragraph("{{p cuerpo }}")
    propio.add_paragraph("{%p for f in firmantes %}")
    propio.add_paragraph("{{ f.nombre_firma }}", style=propio.styles.add_style("Firma nombre", 1))
    propio.add_paragraph("{{ f.cargo_firma }}", style=propio.styles.add_style("Firma cargo", 1))
    propio.add_paragraph("{%p endfor %}")
    for nombre in ("Cierre", "Cita con viñetas", "Cita con viñetas 2", "Cita con viñetas 3"):
        propio.styles.add_style(nombre, 1)
    ruta = tmp_path / "propio.docx"
    propio.save(ruta)
    plantillas = _perfil_propio(tmp_path, "  fuente: Arial\n", ruta)
    codigo, salida, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo != 0
    assert "stylesWithEffects.xml" in salida and "según openxml-audit" in salida and "elemento «" in salida
    codigo, errores, generado = _generar(cli, tmp_path, plantillas)
    assert codigo == 0, errores
    assert _errores(generado) == []


def test_el_documento_de_generar_lleva_sesion_areas_e_iniciales_del_caso(cli, tmp_path):
    """Por la tubería (lo que usan generar, lote y la página), no solo llamando a componer:
    el pie lleva la sesión y las iniciales de quien elaboró, el encabezado las áreas."""
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(RAIZ / "samples" / "reserva-2026-antecedentes.yaml"), "-o", str(salida))
    assert codigo in (0, 1), errores
    partes = _partes_de_bytes(salida.read_bytes())
    pie = partes["word/footer1.xml"].decode()
    assert "Décima Primera Sesión Ordinaria" in pie and "MRV/jlc" in pie
    assert "Áreas: DIRECCIÓN DE SEGURIDAD INSTITUCIONAL" in partes["word/header1.xml"].decode()
