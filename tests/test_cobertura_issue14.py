"""Cobertura del issue 14: cada cosa que imprimen los Comités reales, solo con opciones.

La lista «What real committees print that a profile or case cannot express today» del issue 14,
punto por punto (y cada ejemplo entre comillas): cada prueba escribe un caso pequeño y un perfil
**solo con opciones** (sin bloques de texto propios, sin una línea de Jinja), genera el .docx con
el comando de siempre y compara el texto producido con el que se espera, escrito a partir del
estilo que cita el issue («13 trece de agosto de 2020 dos mil veinte», «A N T E C E D E N T E S:»,
«la Presidente», «fracción XI del artículo 112 de …», «(sic)», «(…)»…). La tabla que relaciona
cada punto con su opción y su prueba está en docs/perfiles.md, «Cobertura del issue 14».
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from .conftest import RAIZ, texto_docx

GENERICA = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
INEXISTENCIA = yaml.safe_load((RAIZ / "samples" / "inexistencia-2026.yaml").read_text("utf-8"))
ACTA = yaml.safe_load((RAIZ / "samples" / "acta-2026.yaml").read_text("utf-8"))
LEY_GENERAL = "Ley General de Transparencia y Acceso a la Información Pública"
DATOS = Path(__file__).parent / "datos" / "issue14"

# Un perfil con la estructura de los Comités que narran el procedimiento (solo opciones).
ESTRUCTURA = {
    "rubro": ["expediente", "instancia", "relacionados"],
    "apertura": "visto",
    "antecedentes": {"titulo": "ANTECEDENTES", "numeracion": "romanos", "titulos": True},
    "considerandos": {"titulo": "CONSIDERANDOS", "numeracion": "ordinales", "titulos": True},
    "resolutivos": {"titulo": "RESUELVE", "numeracion": "ordinales", "titulos": False},
}

PROCEDIMIENTO = {
    "expediente": "UT/EXP/045/2026",
    "instancia": ["DIRECCIÓN DE RECURSOS MATERIALES"],
    "relacionados": ["CT-CI/A-3-2026", "CT-CI/J-7-2026"],
    "turno": {"fecha": _dt.date(2026, 11, 19), "oficio": "el acuerdo UT/AT/045/2026",
              "areas": ["DIRECCIÓN DE RECURSOS MATERIALES", "COORDINACIÓN DE ARCHIVOS"],
              "fundamentos": ["lgtaip2025.41.IV"]},
    "requerimientos": [{"area": "DIRECCIÓN DE RECURSOS MATERIALES", "oficio": "UT/1131/2026",
                        "fecha": _dt.date(2026, 11, 20), "plazo": "tres días hábiles",
                        "objeto": "que se pronunciara sobre la existencia del estudio solicitado."}],
    "convocatoria": {"fecha": _dt.date(2026, 12, 1), "oficio": "el oficio CT/SE/090/2026"},
}


# --- Ayudas: un perfil de opciones, un caso y el texto del documento ------------------------------

def _plantillas(tmp_path: Path, catalogo: dict[str, str] | None = None, **opciones) -> Path:
    """Una carpeta de plantillas con el perfil «prueba»: el genérico más ``opciones``. Sin
    ``textos/``: solo opciones (y, si se pide, el catálogo propio de la institución)."""
    datos = {**copy.deepcopy(GENERICA), "id": "prueba", **opciones}
    carpeta = tmp_path / "plantillas" / "instituciones" / "prueba"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), "utf-8")
    for nombre, texto in (catalogo or {}).items():
        (carpeta / "catalogo").mkdir(exist_ok=True)
        (carpeta / "catalogo" / nombre).write_text(texto, "utf-8")
    assert not (carpeta / "textos").exists()
    return tmp_path / "plantillas"


def _caso(base: dict = INEXISTENCIA, **cambios) -> dict:
    caso = copy.deepcopy(base)
    caso["institucion"] = "prueba"
    caso.update(copy.deepcopy(cambios))
    return caso


def _docx(cli, tmp_path: Path, caso: dict, plantillas: Path) -> bytes:
    archivo = tmp_path / "caso.yaml"
    archivo.write_text(yaml.safe_dump(caso, allow_unicode=True, sort_keys=False), encoding="utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(archivo), "-o", str(salida), "--sobrescribir", "--sin-registro",
                             "--plantillas", str(plantillas))
    assert codigo == 0, errores
    return salida.read_bytes()


def _texto(cli, tmp_path: Path, caso: dict, plantillas: Path) -> str:
    return texto_docx(_docx(cli, tmp_path, caso, plantillas))


def _encabezados(datos: bytes) -> str:
    """El texto de las partes de encabezado de página (header*.xml), en orden."""
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        partes = sorted(n for n in paquete.namelist() if re.fullmatch(r"word/header\d*\.xml", n))
        xml = "".join(paquete.read(n).decode("utf-8") for n in partes)
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def _estructurado(tmp_path, **mas):
    return _plantillas(tmp_path, estructura={**ESTRUCTURA, **mas.pop("estructura", {})}, **mas)


# --- 1. El procedimiento ante el Comité ------------------------------------------------------------

def test_turno_con_fecha_fundamento_y_areas(cli, tmp_path):
    texto = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), _estructurado(tmp_path))
    assert ("II. Admisión y turno. Mediante el acuerdo UT/AT/045/2026 de 19 de noviembre de 2026, la Unidad de "
            "Transparencia admitió la solicitud, formó el expediente UT/EXP/045/2026 y la turnó a la DIRECCIÓN DE "
            "RECURSOS MATERIALES y la COORDINACIÓN DE ARCHIVOS, con fundamento en el artículo 41, fracción IV, de la "
            f"{LEY_GENERAL}.") in texto.splitlines()


def test_requerimientos_con_oficio_fecha_objeto_y_plazo(cli, tmp_path):
    texto = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), _estructurado(tmp_path))
    assert ("III. Requerimiento a la DIRECCIÓN DE RECURSOS MATERIALES. Mediante oficio UT/1131/2026 de 20 de "
            "noviembre de 2026, se requirió a la DIRECCIÓN DE RECURSOS MATERIALES, en un plazo de tres días hábiles, "
            "lo siguiente: que se pronunciara sobre la existencia del estudio solicitado.") in texto.splitlines()


def test_expediente_interno_de_la_unidad(cli, tmp_path):
    lineas = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), _estructurado(tmp_path)).splitlines()
    assert lineas[0] == "EXPEDIENTE: UT/EXP/045/2026"
    assert lineas[1] == "INSTANCIA REQUERIDA: DIRECCIÓN DE RECURSOS MATERIALES"
    assert lineas[3] == ("Visto el expediente UT/EXP/045/2026, relativo a la solicitud de acceso a la información con "
                         "folio 330024600131226, se emite la presente resolución con base en los siguientes:")


def test_expedientes_relacionados_o_de_origen(cli, tmp_path):
    lineas = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), _estructurado(tmp_path)).splitlines()
    assert lineas[2] == "RELACIONADOS: CT-CI/A-3-2026, CT-CI/J-7-2026"
    assert ("VI. Expedientes relacionados. El presente asunto se relaciona con los expedientes CT-CI/A-3-2026 y "
            "CT-CI/J-7-2026.") in lineas


def test_convocatoria_a_la_sesion(cli, tmp_path):
    lineas = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), _estructurado(tmp_path)).splitlines()
    assert ("VII. Convocatoria. Mediante el oficio CT/SE/090/2026 de 1 de diciembre de 2026, se convocó a las personas "
            "integrantes del Comité a su Décima Segunda Sesión Ordinaria, celebrada el 3 de diciembre de 2026.") in lineas


def test_medio_y_fecha_de_la_solicitud(cli, tmp_path):
    medios = {"portal": "a través de la Plataforma Nacional de Transparencia",
              "modulo": "a través de el módulo de atención de la Unidad de Transparencia",
              "correo": "por correo electrónico", "presencial": "a través de escrito presentado en la Unidad de "
                                                                "Transparencia",
              "correo_postal": "por correo postal", "telefono": "vía telefónica"}
    solicitudes = [{"folio": f"3300246001312{i}", "fecha": _dt.date(2026, 11, 18), "medio": medio,
                    "texto": "Solicito el estudio de impacto ambiental."} for i, medio in enumerate(medios, 10)]
    texto = _texto(cli, tmp_path, _caso(solicitudes=solicitudes), _estructurado(tmp_path))
    for i, (medio, frase) in enumerate(medios.items(), 10):
        numero = ["I", "II", "III", "IV", "V", "VI"][i - 10]
        assert (f"{numero}. Solicitud de información. El 18 de noviembre de 2026, se recibió {frase} la solicitud de "
                f"acceso a la información con folio 3300246001312{i}, en la que se pidió:") in texto.splitlines(), medio


# --- 2. El lugar de emisión en cada tipo -----------------------------------------------------------

@pytest.mark.parametrize("muestra", ["reserva-2026", "confidencial-2026", "mixta-2026", "inexistencia-2026",
                                     "ampliacion-2026", "incompetencia-2026", "ampliacion-reserva-2026",
                                     "acta-2026"])
def test_lugar_de_emision_en_cada_tipo(cli, tmp_path, muestra):
    caso = _caso(yaml.safe_load((RAIZ / "samples" / f"{muestra}.yaml").read_text("utf-8")))
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, lugar="la Ciudad de México"))
    cierre = [linea for linea in texto.splitlines() if "EN LA CIUDAD DE MÉXICO, " in linea]
    assert len(cierre) == 1, muestra
    assert cierre[0].startswith("ASÍ LO RESOLVIERON" if muestra != "acta-2026" else "NO HABIENDO MÁS ASUNTOS")


def test_lugar_y_fecha_al_principio_toluca(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={"preambulo": ["{lugar}, a {fecha_cuerpo}."]})
    caso = _caso(lugar="Toluca de Lerdo, Estado de México", fecha=_dt.date(2020, 8, 13),
                 sesion={"numero": 12, "tipo": "ordinaria", "fecha": _dt.date(2020, 8, 13)},
                 solicitudes=[{**INEXISTENCIA["solicitudes"][0], "fecha": _dt.date(2020, 8, 3)}],
                 respuestas=[{**r, "fecha": _dt.date(2020, 8, 10)} for r in INEXISTENCIA["respuestas"]],
                 fundamentacion_resolucion={"fundamentos": ["cpeum.6.A.I", "lgtaip2015.43"]},
                 resolutivos=[{"texto": "Se confirma la inexistencia."}])
    texto = _texto(cli, tmp_path, caso, plantillas)
    assert "Toluca de Lerdo, Estado de México, a 13 de agosto de 2020." in texto.splitlines()
    assert "EN TOLUCA DE LERDO, ESTADO DE MÉXICO, A TRECE DE AGOSTO DE DOS MIL VEINTE." in texto


def test_acta_en_la_ciudad_de_guadalajara_siendo_las(cli, tmp_path):
    acta = {**ACTA["acta"], "ciudad": "la ciudad de Guadalajara, Jalisco", "hora_inicio": "10:00"}
    acta["acuerdos"] = [{**a, "fundamentos": ["lgtaip2015.43"]} for a in acta["acuerdos"]]  # la ley de 2020
    caso = _caso(ACTA, acta=acta, fecha=_dt.date(2020, 8, 13),
                 sesion={"numero": 8, "tipo": "ordinaria", "fecha": _dt.date(2020, 8, 13)})
    plantillas = _plantillas(tmp_path, fechas={"cuerpo": "mixta", "cierre": "mixta", "hora": "mixta"})
    texto = _texto(cli, tmp_path, caso, plantillas)
    assert texto.splitlines()[1].startswith(
        "En la ciudad de Guadalajara, Jalisco, siendo las 10:00 diez horas del 13 trece de agosto de 2020 dos mil "
        "veinte, en ")


# --- 3. Fechas y horas -----------------------------------------------------------------------------

@pytest.mark.parametrize("fechas, cuerpo, cierre", [
    ({"cuerpo": "letras", "cierre": "letras"}, "presentada el dieciocho de noviembre de dos mil veintiséis",
     "A TRES DE DICIEMBRE DE DOS MIL VEINTISÉIS."),
    ({"cuerpo": "cifras", "cierre": "cifras"}, "presentada el 18 de noviembre de 2026", "A 3 DE DICIEMBRE DE 2026."),
    ({"cuerpo": "mixta", "cierre": "mixta"}, "presentada el 18 dieciocho de noviembre de 2026 dos mil veintiséis",
     "A 3 TRES DE DICIEMBRE DE 2026 DOS MIL VEINTISÉIS."),
    ({"cuerpo": "cifras", "cierre": "cifras", "mes_primero": True}, "presentada el noviembre 18 de 2026",
     "A DICIEMBRE 3 DE 2026."),
    ({"cuerpo": "cifras", "cierre": "cifras", "cero_inicial": True}, "presentada el 18 de noviembre de 2026",
     "A 03 DE DICIEMBRE DE 2026."),
])
def test_estilos_de_fecha_en_el_documento(cli, tmp_path, fechas, cuerpo, cierre):
    texto = _texto(cli, tmp_path, _caso(), _plantillas(tmp_path, fechas=fechas))
    assert cuerpo in texto and cierre in texto


def test_fecha_agosto_15_de_2011_y_04_de_julio(cli, tmp_path):
    plantillas = _estructurado(tmp_path, fechas={"cuerpo": "cifras", "cierre": "cifras", "mes_primero": True},
                               estructura={"preambulo": ["{fecha_cuerpo}"]})
    caso = _caso(fecha=_dt.date(2011, 8, 15), sesion=None,
                 fundamentacion_resolucion={"fundamentos": ["cpeum.6.A.I"]},
                 resolutivos=[{"texto": "Se confirma la inexistencia."}])
    caso.pop("sesion")
    assert "agosto 15 de 2011" in _texto(cli, tmp_path, caso, plantillas).splitlines()
    otra = tmp_path / "otra"
    plantillas = _estructurado(otra, fechas={"cuerpo": "cifras", "cierre": "cifras", "cero_inicial": True},
                               estructura={"preambulo": ["{fecha_cuerpo}"]})
    caso["fecha"] = _dt.date(2020, 7, 4)
    assert "04 de julio de 2020" in _texto(cli, otra, caso, plantillas).splitlines()


def test_hora_en_cifras_y_letras(cli, tmp_path):
    caso = _caso(ACTA, acta={**ACTA["acta"], "hora_inicio": "10:00", "hora_cierre": "12:30"})
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, fechas={"cuerpo": "cifras", "cierre": "mixta",
                                                                       "hora": "mixta"}))
    assert "siendo las 10:00 diez horas del " in texto
    assert "A LAS 12:30 DOCE HORAS CON TREINTA MINUTOS DEL " in texto


def test_fecha_en_mayusculas_en_el_encabezado(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={"encabezado": "RESOLUCIÓN {expediente} DE {fecha}"})
    texto = _texto(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), plantillas)
    assert "RESOLUCIÓN UT/EXP/045/2026 DE TRES DE DICIEMBRE DE DOS MIL VEINTISÉIS" in texto.splitlines()


# --- 4. Nombres y numeración de las secciones ------------------------------------------------------

@pytest.mark.parametrize("antecedentes, considerandos, resolutivos", [
    ("ANTECEDENTES", "CONSIDERANDOS", "RESUELVE"), ("RESULTANDOS", "CONSIDERACIONES", "ACUERDOS")])
def test_nombres_de_las_secciones(cli, tmp_path, antecedentes, considerandos, resolutivos):
    plantillas = _estructurado(tmp_path, estructura={
        "antecedentes": {"titulo": antecedentes}, "considerandos": {"titulo": considerandos},
        "resolutivos": {"titulo": resolutivos}})
    lineas = _texto(cli, tmp_path, _caso(), plantillas).splitlines()
    assert lineas.index(antecedentes) < lineas.index(considerandos) < lineas.index(resolutivos)


def test_titulos_espaciados_con_dos_puntos(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={"titulos_espaciados": True, "dos_puntos": True})
    lineas = _texto(cli, tmp_path, _caso(), plantillas).splitlines()
    for titulo in ("A N T E C E D E N T E S:", "C O N S I D E R A N D O S:", "R E S U E L V E:"):
        assert titulo in lineas


@pytest.mark.parametrize("seccion, esperado", [
    ({"numeracion": "romanos", "separador": ".", "titulos": True}, "I. Competencia. Este Comité es competente"),
    ({"numeracion": "ordinales", "separador": ".", "titulos": True}, "PRIMERO. Competencia. Este Comité es competente"),
    ({"numeracion": "ordinales", "separador": ".-", "titulos": True},
     "PRIMERO.- Competencia. Este Comité es competente"),
    ({"numeracion": "ordinales", "separador": ".-", "titulos": False}, "PRIMERO.- Este Comité es competente"),
])
def test_numeracion_con_y_sin_titulo_en_negritas(cli, tmp_path, seccion, esperado):
    plantillas = _estructurado(tmp_path, estructura={"considerandos": {"titulo": "CONSIDERANDOS", **seccion}})
    documento = docx.Document(io.BytesIO(_docx(cli, tmp_path, _caso(), plantillas)))
    parrafo = next(p for p in documento.paragraphs if p.text.startswith(esperado))
    negritas = "".join(r.text for r in parrafo.runs if r.bold).strip()
    etiqueta = esperado.split(" Este Comité")[0]
    assert negritas.startswith(etiqueta) and "Este Comité" not in negritas


def test_glosario_y_forma_corta_en_las_citas(cli, tmp_path):
    glosario = [{"termino": "Ley General", "significado": LEY_GENERAL}]
    plantillas = _estructurado(tmp_path, estructura={"glosario": glosario, "glosario_en_citas": True})
    lineas = _texto(cli, tmp_path, _caso(), plantillas).splitlines()
    assert lineas[lineas.index("GLOSARIO") + 1] == f"Ley General: {LEY_GENERAL}."
    assert ("PRIMERO. Competencia. Este Comité es competente para conocer y resolver el presente asunto, con "
            "fundamento en los artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados "
            "Unidos Mexicanos; 40, fracción II, 140 y 141 de la Ley General.") in lineas


# --- 5. El bloque de identificación y las tablas -------------------------------------------------

def test_rubro_en_dos_columnas(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={
        "rubro": ["expediente", "instancia", "folios"], "rubro_formato": "tabla",
        "rubro_etiquetas": {"instancia": "INSTANCIA VINCULADA"}})
    documento = docx.Document(io.BytesIO(_docx(cli, tmp_path, _caso(procedimiento=PROCEDIMIENTO), plantillas)))
    filas = [[c.text for c in fila.cells] for fila in documento.tables[0].rows]
    assert filas == [["EXPEDIENTE:", "UT/EXP/045/2026"], ["INSTANCIA VINCULADA:", "DIRECCIÓN DE RECURSOS MATERIALES"],
                     ["FOLIO:", "330024600131226"]]


def test_tabla_de_datos_testados_con_fojas(cli, tmp_path):
    caso = _caso(yaml.safe_load((RAIZ / "samples" / "confidencial-2026.yaml").read_text("utf-8")))
    caso["clasificaciones"][0]["version_publica"]["testados"] = [
        {"dato": "Número de cuenta bancaria", "fojas": "3 y 4", "fundamento": "artículo 115 de la Ley General"}]
    documento = docx.Document(io.BytesIO(_docx(cli, tmp_path, caso, _plantillas(tmp_path))))
    filas = [[c.text for c in fila.cells] for fila in documento.tables[0].rows]
    assert filas == [["Dato testado", "Fojas", "Fundamento"],
                     ["Número de cuenta bancaria", "3 y 4", "artículo 115 de la Ley General"]]


# --- 6. Series, nombres en plural y el género de la persona --------------------------------------

def test_varias_series_de_numeracion(cli, tmp_path):
    _plantillas(tmp_path, patron_oficio="CT-CI/J-{consecutivo}-{anio}", series_oficio={
        "J": "CT-CI/J-{consecutivo}-{anio}", "A": "CT-CI/A-{consecutivo}-{anio}", "VT": "CT-VT/J-{consecutivo}-{anio}"})
    for serie, esperado in (("J", "CT-CI/J-7-2026"), ("A", "CT-CI/A-7-2026"), ("VT", "CT-VT/J-7-2026")):
        codigo, texto, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "prueba", "--plantillas",
                                     str(tmp_path / "plantillas"), "--consecutivo", "7", "--fecha", "2026-05-04",
                                     "--serie", serie)
        assert codigo == 0, errores
        assert f'oficio: "{esperado}"' in texto


def test_nombre_de_la_institucion_en_plural(cli, tmp_path):
    plantillas = _plantillas(tmp_path, nombre="Órganos Jurisdiccionales de Ejemplo", genero="m", plural=True)
    texto = _texto(cli, tmp_path, _caso(), plantillas)
    assert ("ASÍ LO RESOLVIERON Y FIRMAN LOS INTEGRANTES DEL COMITÉ DE TRANSPARENCIA DE LOS ÓRGANOS JURISDICCIONALES "
            "DE EJEMPLO") in texto


def test_la_presidente_genero_de_la_persona(cli, tmp_path):
    caso = _caso(ACTA, firmantes=[
        {"nombre": "María Elena Ruiz Campos", "cargo": "Titular de la Unidad de Transparencia", "rol": "Presidente",
         "genero": "f"},
        {"nombre": "Jorge Méndez Soto", "cargo": "Titular del Área Coordinadora de Archivos", "rol": "Vocal"},
        {"nombre": "Laura Gómez Ortega", "cargo": "Titular del Órgano Interno de Control", "rol": "Vocal"}])
    plantillas = _plantillas(tmp_path, acta={"desarrollo": "DESARROLLO DE LA SESIÓN"})
    assert "La Presidente del Comité pasó lista de asistencia." in _texto(cli, tmp_path, caso, plantillas)


# --- 7. El Comité ------------------------------------------------------------------------------------

_FIRMANTES_ACTA = [
    {"nombre": "María Elena Ruiz Campos", "cargo": "Titular de la Unidad de Transparencia", "rol": "Presidenta",
     "fundamentos": ["lgtaip2025.39"]},
    {"nombre": "Jorge Méndez Soto", "cargo": "Titular del Área Coordinadora de Archivos", "rol": "Vocal",
     "fundamentos": ["lgtaip2025.39"]},
    {"nombre": "Ana Luisa Herrera Vidal", "cargo": "Titular del Órgano Interno de Control", "suplente": True,
     "cargo_propio": "Directora de Área", "rol": "Vocal", "genero": "f"},
    {"nombre": "Óscar Villa Durán", "cargo": "Director Jurídico", "rol": "Secretario Técnico", "integrante": False},
]


def test_secretario_que_firma_sin_ser_integrante(cli, tmp_path):
    caso = _caso(ACTA, firmantes=_FIRMANTES_ACTA, acta={**ACTA["acta"], "integrantes": 3})
    lineas = _texto(cli, tmp_path, caso, _plantillas(tmp_path)).splitlines()
    assert ("Verificación del quórum. Se hace constar la asistencia de tres de las tres personas integrantes del "
            "Comité, por lo que existe quórum para sesionar y los acuerdos que se tomen son válidos.") in lineas
    assert "ÓSCAR VILLA DURÁN" in lineas and "Director Jurídico" in "\n".join(lineas)


def test_fundamento_de_cada_integrante_en_el_acta(cli, tmp_path):
    caso = _caso(ACTA, firmantes=_FIRMANTES_ACTA)
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, acta={"fundamento_de_cada_integrante": True}))
    assert (f"María Elena Ruiz Campos, Titular de la Unidad de Transparencia, Presidenta, con fundamento en el "
            f"artículo 39 de la {LEY_GENERAL}; Jorge Méndez Soto") in texto


def test_suplente_con_su_propio_cargo(cli, tmp_path):
    texto = _texto(cli, tmp_path, _caso(ACTA, firmantes=_FIRMANTES_ACTA), _plantillas(tmp_path))
    assert ("Ana Luisa Herrera Vidal, Directora de Área, suplente del Titular del Órgano Interno de Control, "
            "Vocal") in texto
    assert "Directora de Área, suplente del Titular del Órgano Interno de Control" in texto.splitlines()


# --- 8. Estilos de cita -----------------------------------------------------------------------------

def _competencia(texto: str) -> str:
    return next(linea for linea in texto.splitlines() if linea.startswith("Fundamentación jurídica"))


def test_fraccion_antes_del_articulo(cli, tmp_path):
    caso = _caso(fundamentacion_resolucion={"fundamentos": ["lgtaip2025.112.XI"]})
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, citas={"fraccion_primero": True}))
    assert f"con fundamento en la fracción XI del artículo 112 de la {LEY_GENERAL}, el Comité" in _competencia(texto)


_REGLAS = """instrumento:
  id: reglas_comite
  nombre: Reglas de Operación del Comité de Transparencia
  tipo: acuerdo
  genero: fp
  unidad: regla
  palabra_unidad: false
  fuente: Prueba (reglas ficticias de la institución).
disposiciones:
  - {id: reglas_comite.3, articulo: "3", texto: null, sin_texto: Reglas ficticias de prueba.}
"""


def test_regla_por_su_ordinal_femenino(cli, tmp_path):
    plantillas = _plantillas(tmp_path, catalogo={"reglas.yaml": _REGLAS})
    caso = _caso(fundamentacion_resolucion={"fundamentos": ["reglas_comite.3"]})
    assert ("con fundamento en la Tercera de las Reglas de Operación del Comité de Transparencia, el Comité"
            in _competencia(_texto(cli, tmp_path, caso, plantillas)))


def test_ultimo_parrafo(cli, tmp_path):
    caso = _caso(fundamentacion_resolucion={"fundamentos": ["lgcd.51.p4"]})
    texto = _competencia(_texto(cli, tmp_path, caso, _plantillas(tmp_path, citas={"ultimo_parrafo": True})))
    assert "con fundamento en el numeral Quincuagésimo Primero, último párrafo, de los Lineamientos" in texto


@pytest.mark.parametrize("estilo, esperado", [
    ("cada_uno", "los artículos Segundo Transitorio y Noveno Transitorio de la"),
    ("agrupados", "los artículos Segundo y Noveno Transitorios de la"),
    ("antepuestos", "los artículos Transitorios Segundo y Noveno de la"),
])
def test_transitorios_como_los_escribe_la_fuente(cli, tmp_path, estilo, esperado):
    caso = _caso(fundamentacion_resolucion={"fundamentos": ["lgtaip2025.t2", "lgtaip2025.t9"]})
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, citas={"transitorios": estilo}))
    assert f"con fundamento en {esperado} {LEY_GENERAL}" in _competencia(texto)


def test_instrumento_completo_en_relacion_con(cli, tmp_path):
    caso = _caso(yaml.safe_load((RAIZ / "samples" / "reserva-2026.yaml").read_text("utf-8")))
    caso["clasificaciones"][0]["en_relacion_con"] = ["lsn"]
    texto = _texto(cli, tmp_path, caso, _estructurado(tmp_path))
    assert "; en relación con la Ley de Seguridad Nacional." in texto


# --- 9. Controles de la cita textual ------------------------------------------------------------------

def test_sic_y_omision_al_principio_y_al_final(cli, tmp_path):
    solicitud = {**INEXISTENCIA["solicitudes"][0], "sic": True, "omision_inicial": True}
    respuesta = {**INEXISTENCIA["respuestas"][0], "omision_final": True, "omision_inicial": True}
    caso = _caso(solicitudes=[solicitud], respuestas=[respuesta, INEXISTENCIA["respuestas"][1]])
    lineas = _texto(cli, tmp_path, caso, _plantillas(tmp_path)).splitlines()
    assert ('"(…) Solicito el estudio de impacto ambiental del estacionamiento del edificio sede, elaborado en '
            '1998." (sic)') in lineas
    inicio = lineas.index('"(…) Después de una búsqueda exhaustiva en el archivo de trámite y en el de concentración, '
                          'no se localizó el estudio solicitado.')
    assert lineas[inicio + 1] == '..."'                     # la omisión final, como en la CTA-40418


# --- 10. Notas al pie y el encabezado de página con datos del caso --------------------------------

def test_nota_al_pie_desde_el_caso(cli, tmp_path):
    solicitud = {**INEXISTENCIA["solicitudes"][0],
                 "texto": "Solicito el estudio^[Presentado por la Plataforma Nacional de Transparencia.] de 1998."}
    datos = _docx(cli, tmp_path, _caso(solicitudes=[solicitud]), _plantillas(tmp_path))
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        notas = paquete.read("word/footnotes.xml").decode("utf-8")
    assert "Presentado por la Plataforma Nacional de Transparencia." in notas
    assert '"Solicito el estudio de 1998."' in texto_docx(datos)


def test_encabezado_de_pagina_con_datos_del_caso(cli, tmp_path):
    formato = {**GENERICA["formato"], "encabezado_adicional": ["Expediente: {oficio}", "{sesion}"]}
    datos = _docx(cli, tmp_path, _caso(elaboro="JFH/rgp"), _plantillas(tmp_path, formato=formato))
    encabezado = _encabezados(datos)
    assert "Expediente: CT/IE/052/2026" in encabezado and "Décima Segunda Sesión Ordinaria" in encabezado


# --- 11. La primera mención completa sin glosario impreso ---------------------------------------

def test_primera_mencion_completa_y_en_lo_sucesivo(cli, tmp_path):
    """La primera mención es la primera en el orden de lectura: la fundamentación, no los
    resolutivos (que se redactan antes, pero se leen después)."""
    plantillas = _plantillas(tmp_path, citas={"formas_cortas": [{"termino": "Ley General",
                                                                 "significado": LEY_GENERAL}]})
    texto = _texto(cli, tmp_path, _caso(), plantillas)
    assert (f"con fundamento en los artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados "
            f"Unidos Mexicanos; 40, fracción II, 140 y 141 de la {LEY_GENERAL} (en lo sucesivo, la Ley General), el "
            "Comité") in _competencia(texto)
    assert texto.count(LEY_GENERAL) == 1 and texto.count("(en lo sucesivo") == 1
    assert ("de conformidad con el artículo 40, fracción II, de la Ley General." in texto)


def test_primera_mencion_con_otro_aviso_y_por_instrumento(cli, tmp_path):
    formas = [{"termino": "Ley General", "significado": "x", "instrumento": "lgtaip2025"},
              {"termino": "Constitución", "significado": "Constitución Política de los Estados Unidos Mexicanos"}]
    plantillas = _estructurado(tmp_path, citas={"formas_cortas": formas, "en_lo_sucesivo": "(en adelante, {termino})"})
    caso = _caso(procedimiento={"turno": {**PROCEDIMIENTO["turno"], "fundamentos": ["lgtaip2025.41.IV"]}})
    texto = _texto(cli, tmp_path, caso, plantillas)
    # El turno (antecedentes) se lee antes que la competencia (considerandos).
    assert (f"con fundamento en el artículo 41, fracción IV, de la {LEY_GENERAL} (en adelante, Ley General).") in texto
    assert ("con fundamento en los artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados "
            "Unidos Mexicanos (en adelante, Constitución); 40, fracción II, 140 y 141 de la Ley General.") in texto


def test_primera_mencion_aviso_no_valido(cli, tmp_path):
    plantillas = _plantillas(tmp_path, citas={"formas_cortas": [{"termino": "Ley General", "significado": LEY_GENERAL}],
                                              "en_lo_sucesivo": "(en lo sucesivo, {nombre.__class__})"})
    codigo, salida, errores = cli("plantillas", "validar", str(plantillas))
    assert codigo != 0 and "en_lo_sucesivo" in salida + errores


# --- 12. Preámbulo y cierre propios ------------------------------------------------------------------

def test_preambulo_y_cierre_del_estilo_judicial(cli, tmp_path):
    plantillas = _estructurado(tmp_path, lugar="Ciudad de México", fechas={"cuerpo": "letras", "cierre": "letras"},
                               estructura={
        "apertura": "ninguna",
        "preambulo": ["{lugar}. Acuerdo del {comite}, correspondiente a la sesión de {fecha_sesion}."],
        "cierre": "Así lo resolvió el {comite}, {votacion}.", "cierre_mayusculas": False})
    caso = _caso(votacion="por unanimidad de votos")
    lineas = _texto(cli, tmp_path, caso, plantillas).splitlines()
    assert ("Ciudad de México. Acuerdo del Comité de Transparencia de la Institución de Ejemplo, correspondiente a la "
            "sesión de tres de diciembre de dos mil veintiséis.") in lineas
    assert ("Así lo resolvió el Comité de Transparencia de la Institución de Ejemplo, por unanimidad de votos."
            in lineas)
    assert not any(linea.startswith("ASÍ LO RESOLVIERON") for linea in lineas)


def test_parrafo_antes_de_los_resolutivos(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={
        "antes_de_resolutivos": "Por lo anteriormente expuesto y fundado, el {comite}:"})
    lineas = _texto(cli, tmp_path, _caso(), plantillas).splitlines()
    indice = lineas.index("Por lo anteriormente expuesto y fundado, el Comité de Transparencia de la Institución de "
                          "Ejemplo:")
    assert lineas[indice + 1] == "RESUELVE" and "Por lo expuesto y fundado, este Comité" not in lineas


# --- 13. El acta: título, cierre e invitados propios -----------------------------------------------

def test_titulo_y_cierre_propios_del_acta(cli, tmp_path):
    plantillas = _plantillas(tmp_path, fechas={"cuerpo": "mixta", "cierre": "mixta", "hora": "mixta"}, acta={
        "titulo": "ACTA DE LA SESIÓN ORDINARIA NÚMERO {numero} DEL {comite}",
        "cierre": "Se levanta la sesión a {hora_cierre} del {fecha}, en {ciudad}, firmando quienes intervinieron.",
        "cierre_mayusculas": False})
    lineas = _texto(cli, tmp_path, _caso(ACTA), plantillas).splitlines()
    assert lineas[0] == "ACTA DE LA SESIÓN ORDINARIA NÚMERO 12 DEL COMITÉ DE TRANSPARENCIA DE LA INSTITUCIÓN DE EJEMPLO"
    assert ("Se levanta la sesión a las 12:45 doce horas con cuarenta y cinco minutos del 3 tres de diciembre de 2026 "
            "dos mil veintiséis, en la Ciudad de México, firmando quienes intervinieron.") in lineas
    assert not any(linea.startswith("NO HABIENDO MÁS ASUNTOS") for linea in lineas)


def test_quien_no_es_integrante_se_nombra_aparte(cli, tmp_path):
    caso = _caso(ACTA, firmantes=_FIRMANTES_ACTA)
    texto = _texto(cli, tmp_path, caso, _plantillas(tmp_path, acta={"invitados_aparte": True}))
    assert ("Ana Luisa Herrera Vidal, Directora de Área, suplente del Titular del Órgano Interno de Control, Vocal; así "
            "como Óscar Villa Durán, Director Jurídico, Secretario Técnico, para celebrar") in texto


# --- 14. Las marcas de omisión de la institución ------------------------------------------------

def test_marca_sic_propia(cli, tmp_path):
    solicitud = {**INEXISTENCIA["solicitudes"][0], "sic": True}
    lineas = _texto(cli, tmp_path, _caso(solicitudes=[solicitud]),
                    _plantillas(tmp_path, citas={"marca_sic": "[sic]"})).splitlines()
    assert '"Solicito el estudio de impacto ambiental del estacionamiento del edificio sede, elaborado en 1998." [sic]' \
        in lineas


@pytest.mark.parametrize("citas, inicio, fin", [
    ({"marca_omision_inicial": "[…]", "marca_omision_final": "(…)"}, '"[…] Después de', ['solicitado.', '(…)"']),
    ({"omision_final_en_linea": True, "marca_omision_final": "(…)"}, '"(…) Después de', ['solicitado. (…)"']),
])
def test_marcas_de_omision_propias(cli, tmp_path, citas, inicio, fin):
    respuesta = {**INEXISTENCIA["respuestas"][0], "omision_final": True, "omision_inicial": True}
    caso = _caso(respuestas=[respuesta, INEXISTENCIA["respuestas"][1]])
    lineas = _texto(cli, tmp_path, caso, _plantillas(tmp_path, citas=citas)).splitlines()
    i = next(i for i, linea in enumerate(lineas) if linea.startswith(inicio))
    assert lineas[i].endswith(fin[0]) and lineas[i + 1:i + len(fin)] == fin[1:]
    assert lineas[i + len(fin)] != '..."'


# --- 15. Lo que «plantillas validar» explica de las opciones nuevas ----------------------------------

@pytest.mark.parametrize("opciones, ruta, sugerencia", [
    ({"citas": {"formas_corta": []}}, "citas.formas_corta", "formas_cortas"),
    ({"estructura": {"preambul": ["{lugar}"]}}, "estructura.preambul", "preambulo"),
    ({"acta": {"invitados_apart": True}}, "acta.invitados_apart", "invitados_aparte"),
    ({"estructura": {"frases": {"solicitd": {"texto": "x"}}}}, "estructura.frases.solicitd", "solicitud"),
    ({"acta": {"frases": {"acuerdo": {"txto": "x"}}}}, "acta.frases.acuerdo.txto", "texto"),
])
def test_opcion_nueva_mal_escrita_con_sugerencia(cli, tmp_path, opciones, ruta, sugerencia):
    plantillas = _plantillas(tmp_path, **opciones)
    codigo, salida, errores = cli("plantillas", "validar", str(plantillas))
    texto = salida + errores
    assert codigo == 2 and ruta in texto and f"¿quiso decir «{sugerencia}»?" in texto


def test_perfil_nuevo_trae_las_opciones_nuevas(cli):
    codigo, texto, errores = cli("perfil", "nuevo", "--id", "nueva")
    assert codigo == 0, errores
    for opcion in ("# preambulo: []", "# cierre: null", "# antes_de_resolutivos:", "# formas_cortas: []",
                   '# en_lo_sucesivo: "(en lo sucesivo, {determinante} {termino})"', "# invitados_aparte: false",
                   '# marca_omision_final: "..."', "# omision_final_en_linea: false", "# titulo: null"):
        assert opcion in texto, opcion


# --- 16. La frase de cada antecedente y de la competencia, con la redacción de la institución --------

_FRASES = {
    "solicitud": {"texto": "El {fecha} se recibió a través de {medio}, la solicitud tramitada con el folio {folio}, "
                           "en la que se requirió:"},
    "turno": {"titulo": "Trámite.", "texto": "Por acuerdo de {fecha}, la Unidad General de Transparencia integró el "
                                             "expediente {expediente} y lo turnó a {areas}, con fundamento en "
                                             "{fundamento}."},
    "requerimiento": {"titulo": "Requerimiento de información.",
                      "texto": "Por oficio {oficio} de {fecha}, se solicitó a la {area}, en un plazo de {plazo},"},
    "respuesta": {"titulo": "Informe de la {unidad}.", "texto": "Mediante {medio} {referencia} de {fecha}, informó:"},
    "relacionados": {"texto": "Este expediente deriva de {relacionados}."},
    "convocatoria": {"texto": "Por {oficio} de {fecha}, se convocó a la {sesion} del Comité, celebrada el "
                              "{fecha_sesion}."},
    "competencia": {"texto": "El {comite} es competente para conocer del presente asunto, con fundamento en "
                             "{fundamento}."},
}


def test_frases_propias_de_los_antecedentes_y_la_competencia(cli, tmp_path):
    plantillas = _estructurado(tmp_path, fechas={"cuerpo": "letras", "cierre": "letras"},
                               estructura={"frases": _FRASES})
    caso = _caso(procedimiento=PROCEDIMIENTO,
                 solicitudes=[{**INEXISTENCIA["solicitudes"][0], "medio": "portal"}])
    lineas = _texto(cli, tmp_path, caso, plantillas).splitlines()
    esperadas = [
        "I. Solicitud de información. El dieciocho de noviembre de dos mil veintiséis se recibió a través de la "
        "Plataforma Nacional de Transparencia, la solicitud tramitada con el folio 330024600131226, en la que se "
        "requirió:",
        "II. Trámite. Por acuerdo de diecinueve de noviembre de dos mil veintiséis, la Unidad General de Transparencia "
        "integró el expediente UT/EXP/045/2026 y lo turnó a DIRECCIÓN DE RECURSOS MATERIALES y COORDINACIÓN DE "
        f"ARCHIVOS, con fundamento en el artículo 41, fracción IV, de la {LEY_GENERAL}.",
        "III. Requerimiento de información. Por oficio UT/1131/2026 de veinte de noviembre de dos mil veintiséis, se "
        "solicitó a la DIRECCIÓN DE RECURSOS MATERIALES, en un plazo de tres días hábiles, que se pronunciara sobre la "
        "existencia del estudio solicitado.",
        "IV. Informe de la DIRECCIÓN DE RECURSOS MATERIALES. Mediante oficio DRM/1131/2026 de veintisiete de noviembre "
        "de dos mil veintiséis, informó:",
        "VI. Expedientes relacionados. Este expediente deriva de CT-CI/A-3-2026 y CT-CI/J-7-2026.",
        "VII. Convocatoria. Por el oficio CT/SE/090/2026 de primero de diciembre de dos mil veintiséis, se convocó a la "
        "Décima Segunda Sesión Ordinaria del Comité, celebrada el tres de diciembre de dos mil veintiséis.",
        "PRIMERO. Competencia. El Comité de Transparencia de la Institución de Ejemplo es competente para conocer del "
        "presente asunto, con fundamento en los artículos 6o., apartado A, fracción I, de la Constitución Política de "
        f"los Estados Unidos Mexicanos; 40, fracción II, 140 y 141 de la {LEY_GENERAL}.",
    ]
    for esperada in esperadas:
        assert esperada in lineas, esperada


def test_frase_con_un_dato_que_no_es_suyo(cli, tmp_path):
    plantillas = _estructurado(tmp_path, estructura={"frases": {"turno": {"texto": "Folio {folio}."}}})
    codigo, salida, errores = cli("plantillas", "validar", str(plantillas))
    texto = salida + errores
    assert codigo == 2 and "turno.texto" in texto and "{folio}" in texto and "{fundamento}" in texto


def test_apertura_propia_del_acta(cli, tmp_path):
    plantillas = _plantillas(tmp_path, fechas={"cuerpo": "mixta", "cierre": "mixta", "hora": "mixta"}, acta={
        "invitados_aparte": True,
        "apertura": "En {ciudad}, siendo {hora_inicio} del día {fecha}, en {sede}, se reunieron los integrantes del "
                    "{comite}: {asistentes}, para celebrar su {sesion}, bajo el siguiente:"})
    acta = {**ACTA["acta"], "ciudad": "la ciudad de Guadalajara, Jalisco", "hora_inicio": "10:00",
            "lugar": "la sala de juntas & usos múltiples"}
    lineas = _texto(cli, tmp_path, _caso(ACTA, acta=acta, firmantes=_FIRMANTES_ACTA), plantillas).splitlines()
    assert lineas[1] == (
        "En la ciudad de Guadalajara, Jalisco, siendo las 10:00 diez horas del día 3 tres de diciembre de 2026 dos mil "
        "veintiséis, en la sala de juntas & usos múltiples, se reunieron los integrantes del Comité de Transparencia "
        "de la Institución de Ejemplo: María Elena Ruiz Campos, Titular de la Unidad de Transparencia, Presidenta; "
        "Jorge Méndez Soto, Titular del Área Coordinadora de Archivos, Vocal y Ana Luisa Herrera Vidal, Directora de "
        "Área, suplente del Titular del Órgano Interno de Control, Vocal; así como Óscar Villa Durán, Director "
        "Jurídico, Secretario Técnico, para celebrar su Décima Segunda Sesión Ordinaria, bajo el siguiente:")


def test_frases_propias_del_desarrollo_del_acta(cli, tmp_path):
    plantillas = _plantillas(tmp_path, acta={"desarrollo": "DESARROLLO DE LA SESIÓN", "frases": {
        "quorum": {"titulo": "Lista de asistencia.", "texto": "{quien} verificó la asistencia de {presentes} de "
                                                              "{integrantes} integrantes; hay quórum."},
        "punto": {"titulo": "Asunto de la {unidad}.", "texto": "En desahogo de este punto, se analizó el folio {folios}."},
        "acuerdo": {"titulo": "{clave}.", "texto": "Se aprueba {determinacion}, con fundamento en {fundamento}, "
                                                   "{votacion}."}}})
    firmantes = [{**f, "genero": "f"} if f["rol"] == "Presidenta" else f for f in _FIRMANTES_ACTA]
    lineas = _texto(cli, tmp_path, _caso(ACTA, firmantes=firmantes, acta={**ACTA["acta"], "integrantes": 3}),
                    plantillas).splitlines()
    assert ("PRIMERO.- Lista de asistencia. La Presidenta verificó la asistencia de tres de tres integrantes; hay "
            "quórum.") in lineas
    assert "SEGUNDO.- Asunto de la DIRECCIÓN DE RECURSOS MATERIALES. En desahogo de este punto, se analizó el folio " \
           "330024600130126." in lineas
    acuerdo = next(linea for linea in lineas if linea.startswith("CT/ACTA/12/2026/2. Se aprueba"))
    assert acuerdo == ("CT/ACTA/12/2026/2. Se aprueba confirmar la inexistencia del estudio de impacto ambiental de "
                       "1998, con fundamento en los artículos 40, fracción II, 140, fracción II, y 141 de la "
                       f"{LEY_GENERAL}, por unanimidad de votos.")


# --- 17. Una apertura real reconstruida solo con opciones (la medida del issue) ------------------------

def _similitud(a: list[str], b: list[str]) -> float:
    """La similitud del texto visible, como la mide el issue (difflib sobre el texto, línea por línea)."""
    return difflib.SequenceMatcher(None, "\n".join(a), "\n".join(b), autojunk=False).ratio()


def test_apertura_de_estilo_judicial_solo_con_opciones(cli, tmp_path):
    esperado = [linea for linea in (DATOS / "apertura_judicial.txt").read_text("utf-8").splitlines()
                if linea and not linea.startswith("#")]
    caso = yaml.safe_load((RAIZ / "samples" / "judicial-reserva-2026.yaml").read_text("utf-8"))
    perfil = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "judicial-ejemplo" / "perfil.yaml")
                            .read_text("utf-8"))
    # Con el perfil de muestra tal cual (las opciones de antes), la apertura queda lejos.
    antes = texto_docx(_docx(cli, tmp_path, caso, RAIZ / "plantillas")).splitlines()[:len(esperado)]
    perfil["lugar"] = "Ciudad de México"
    perfil["estructura"].update({
        "rubro": ["oficio", "instancia"], "rubro_etiquetas": {"oficio": "CLASIFICACIÓN DE INFORMACIÓN"},
        "apertura": "ninguna",
        "preambulo": ["{lugar}. Acuerdo del {comite}, correspondiente a la sesión de {fecha_sesion}."],
        "frases": {
            "solicitud": {"texto": "El {fecha} se recibió a través de {medio}, la solicitud tramitada con el folio "
                                   "{folio}, en la que se requirió:"},
            "turno": {"titulo": "Trámite.", "texto": "Por acuerdo de {fecha}, la Unidad General de Transparencia "
                                                     "integró el expediente {expediente} y lo turnó a la {areas}."},
            "requerimiento": {"titulo": "Requerimiento de información.",
                              "texto": "Por oficio {oficio} de {fecha}, se solicitó a la {area}, en un plazo de {plazo},"},
            "respuesta": {"titulo": "Informe de la instancia requerida.",
                          "texto": "Mediante {medio} {referencia} de {fecha}, la {unidad} informó:"},
            "convocatoria": {"titulo": "Sesión.", "texto": "Por {oficio} de {fecha}, se convocó a la {sesion} de este "
                                                           "Comité."}}})
    carpeta = tmp_path / "propias" / "instituciones" / "judicial-ejemplo"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True, sort_keys=False), "utf-8")
    assert not (carpeta / "textos").exists()
    ahora = texto_docx(_docx(cli, tmp_path, caso, tmp_path / "propias")).splitlines()[:len(esperado)]
    assert ahora == esperado
    assert _similitud(antes, esperado) < 0.85 <= _similitud(ahora, esperado)


@pytest.mark.parametrize("dia, esperado", [
    (_dt.date(2026, 12, 13), "a los trece días del mes de diciembre de dos mil veintiséis"),
    (_dt.date(2026, 12, 21), "a los veintiún días del mes de diciembre de dos mil veintiséis"),
    (_dt.date(2026, 12, 31), "a los treinta y un días del mes de diciembre de dos mil veintiséis"),
    (_dt.date(2026, 12, 1), "al primer día del mes de diciembre de dos mil veintiséis"),
])
def test_fecha_a_los_dias_del_mes_en_un_cierre_propio(cli, tmp_path, dia, esperado):
    plantillas = _estructurado(tmp_path, estructura={"cierre": "Así lo resolvió el {comite}, {fecha_dias}.",
                                                     "cierre_mayusculas": False})
    caso = _caso(fecha=dia, sesion={"numero": 12, "tipo": "ordinaria", "fecha": dia})
    lineas = _texto(cli, tmp_path, caso, plantillas).splitlines()
    assert f"Así lo resolvió el Comité de Transparencia de la Institución de Ejemplo, {esperado}." in lineas


@pytest.mark.parametrize("muestra, frases, esperado", [
    ("reserva-2026", {"clasificacion": {"titulo": "Clasificación {tipo}.", "texto": "La {unidad} clasificó"},
                      "fundamento_clasificacion": {"texto": "Fundamento: {fundamento}."}},
     ["SEGUNDO. Clasificación reservada. La DIRECCIÓN DE SEGURIDAD INSTITUCIONAL clasificó los nombres",
      "Fundamento: los artículos 6o., apartado A, fracción I, de la Constitución"]),
    ("inexistencia-2026", {"inexistencia": {"titulo": "Inexistencia.", "texto": "Se declara inexistente:"}},
     ["SEGUNDO. Inexistencia. Se declara inexistente: El estudio de impacto ambiental"]),
    ("incompetencia-2026", {"incompetencia": {"titulo": "Notoria incompetencia.", "texto": "Lo anterior, porque"}},
     ["SEGUNDO. Notoria incompetencia. Lo anterior, porque "]),
    ("ampliacion-2026", {"ampliacion": {"titulo": "Ampliación.", "texto": "La {unidad} justificó:"}},
     ["SEGUNDO. Ampliación. La DIRECCIÓN DE RECURSOS MATERIALES justificó: "]),
])
def test_frases_propias_de_los_considerandos(cli, tmp_path, muestra, frases, esperado):
    caso = _caso(yaml.safe_load((RAIZ / "samples" / f"{muestra}.yaml").read_text("utf-8")))
    texto = _texto(cli, tmp_path, caso, _estructurado(tmp_path, estructura={"frases": frases}))
    lineas = texto.splitlines()
    for inicio in esperado:
        assert any(linea.startswith(inicio) for linea in lineas), (inicio, texto[:3000])
    assert "Análisis de la" not in texto and "La clasificación se funda en" not in texto


_ACTA_ESTATAL = {
    "titulo": "ACTA DE LA SESIÓN ORDINARIA NÚMERO {numero} DEL {comite}",
    "apertura": "En {ciudad}, siendo {hora_inicio} del día {fecha}, en {sede}, se reunieron los integrantes del "
                "{comite}: {asistentes}, para celebrar su {sesion}, bajo el siguiente:",
    "invitados_aparte": True,
    "frases": {
        "quorum": {"titulo": "Lista de asistencia y declaración de quórum.",
                   "texto": "{quien} verificó la asistencia de {presentes} de los {integrantes} integrantes del "
                            "Comité, por lo que declaró la existencia de quórum legal para sesionar."},
        "punto": {"titulo": "Análisis de la solicitud {folios}.",
                  "texto": "La {unidad} expuso ante el Comité lo siguiente:"},
        "motivacion": {"titulo": "Exposición:"},
        "analizado": {"texto": "En consecuencia, el Comité emite el siguiente:"},
        "acuerdo": {"titulo": "ACUERDO {clave}.",
                    "texto": "El Comité determina {determinacion}, con fundamento en {fundamento}. Votación: {votacion}."},
        "resumen": {"texto": "El Comité determinó {determinacion}."}},
    "cierre": "No habiendo más asuntos que tratar, se da por concluida la sesión a {hora_cierre} del día de su "
              "inicio, firmando al calce quienes en ella intervinieron.",
    "cierre_mayusculas": False,
}


def test_acta_de_estilo_estatal_solo_con_opciones(cli, tmp_path):
    esperado = [linea for linea in (DATOS / "acta_estatal.txt").read_text("utf-8").splitlines()
                if linea and not linea.startswith("#")]
    caso = yaml.safe_load((RAIZ / "samples" / "estatal-acta-2026.yaml").read_text("utf-8"))
    perfil = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "estatal-ejemplo" / "perfil.yaml")
                            .read_text("utf-8"))
    antes = texto_docx(_docx(cli, tmp_path, caso, RAIZ / "plantillas")).splitlines()[:len(esperado)]
    perfil["acta"].update(_ACTA_ESTATAL)
    carpeta = tmp_path / "propias" / "instituciones" / "estatal-ejemplo"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True, sort_keys=False), "utf-8")
    ahora = texto_docx(_docx(cli, tmp_path, caso, tmp_path / "propias")).splitlines()[:len(esperado)]
    assert ahora == esperado
    assert _similitud(antes, esperado) < 0.85 <= _similitud(ahora, esperado)


def test_primera_mencion_en_mayusculas_y_en_orden_de_lectura():
    """Las marcas se resuelven en el orden del texto, no en el de su redacción, y una cita que un
    filtro pasó a mayúsculas recibe el nombre en mayúsculas."""
    from generador.catalogo.menciones import Menciones
    from generador.catalogo.modelos import Instrumento

    ley = Instrumento.model_validate({"id": "lg", "nombre": LEY_GENERAL, "tipo": "ley_general", "genero": "f"})
    menciones = Menciones({"lg": "Ley General"})
    redactada_primero = menciones.marca(ley, ley.nombre)       # p. ej. un resolutivo
    redactada_despues = menciones.marca(ley, ley.nombre, "publicada en el Diario Oficial de la Federación")
    html = f"<p>de la {redactada_despues}</p><p>DE LA {redactada_primero.upper()}</p>"
    assert menciones.resolver(html) == (
        f"<p>de la {LEY_GENERAL} (en lo sucesivo, la Ley General), publicada en el Diario Oficial de la "
        "Federación</p><p>DE LA LEY GENERAL</p>")


def test_linea_propia_del_glosario(cli, tmp_path):
    glosario = [{"termino": "Ley General", "significado": LEY_GENERAL},
                {"termino": "Comité", "significado": "Comité de Transparencia de la Institución de Ejemplo"}]
    plantillas = _estructurado(tmp_path, estructura={"glosario": glosario, "glosario_linea": "{termino}.- {significado}."})
    lineas = _texto(cli, tmp_path, _caso(), plantillas).splitlines()
    i = lineas.index("GLOSARIO")
    assert lineas[i + 1:i + 3] == [f"Ley General.- {LEY_GENERAL}.",
                                   "Comité.- Comité de Transparencia de la Institución de Ejemplo."]


def test_medio_de_la_solicitud_sin_estructura(cli, tmp_path):
    solicitud = {**INEXISTENCIA["solicitudes"][0], "medio": "portal"}
    lineas = _texto(cli, tmp_path, _caso(solicitudes=[solicitud]), _plantillas(tmp_path)).splitlines()
    assert ("Solicitud 330024600131226, presentada el 18 de noviembre de 2026 a través de la Plataforma Nacional de "
            "Transparencia:") in lineas
    sin_fecha = {k: v for k, v in solicitud.items() if k != "fecha"} | {"medio": "correo"}
    lineas = _texto(cli, tmp_path, _caso(solicitudes=[sin_fecha]), _plantillas(tmp_path / "otra")).splitlines()
    assert "Solicitud 330024600131226, por correo electrónico:" in lineas
