"""El formato propio de cada Comité, solo con opciones del perfil (issue 14).

Lo esperado está escrito como lo imprimen los estilos que se imitan: los Comités judiciales
(«A N T E C E D E N T E S:», «I. Solicitud de información.», «C O N S I D E R A N D O S:»,
fechas con letras), la antigua autoridad garante nacional («RESULTANDOS», «PRIMERO.», fechas
con cifras, glosario) y los Comités estatales («siendo las 10:00 diez horas del 13 trece de
agosto de 2020 dos mil veinte», «DESARROLLO DE LA SESIÓN», «PRIMERO.-»).
"""

from __future__ import annotations

import datetime as _dt
import re

import pytest
import yaml

from generador import letras
from generador.expediente import esquema_json
from generador.plantillas.estructura import Estructura, espaciar, numerar
from generador.plantillas.perfil import Perfil, cargar_perfil
from generador.plantillas.perfil_comentado import perfil_comentado

from .conftest import RAIZ, texto_docx

GENERICA = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
RESERVA = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
INEXISTENCIA = (RAIZ / "samples" / "inexistencia-2026.yaml").read_text(encoding="utf-8")


def _plantillas(tmp_path, **cambios):
    datos = {**GENERICA, "id": "prueba", **cambios}
    carpeta = tmp_path / "plantillas" / "instituciones" / "prueba"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), "utf-8")
    return tmp_path / "plantillas"


def _texto(cli, tmp_path, caso: str, plantillas=None) -> str:
    archivo = tmp_path / "caso.yaml"
    archivo.write_text(caso, encoding="utf-8")
    salida = tmp_path / "r.docx"
    extra = ["--plantillas", str(plantillas)] if plantillas else []
    codigo, _, errores = cli("generar", str(archivo), "-o", str(salida), "--sobrescribir", "--sin-registro", *extra)
    assert codigo == 0, errores
    return texto_docx(salida.read_bytes())


def _muestra(cli, tmp_path, nombre: str) -> str:
    return _texto(cli, tmp_path, (RAIZ / "samples" / nombre).read_text(encoding="utf-8"))


# --- Fechas y horas -----------------------------------------------------------------------------

@pytest.mark.parametrize("fecha, estilo, opciones, esperado", [
    (_dt.date(2020, 8, 13), "mixta", {}, "13 trece de agosto de 2020 dos mil veinte"),
    (_dt.date(2011, 8, 15), "cifras", {"mes_primero": True}, "agosto 15 de 2011"),
    (_dt.date(2020, 7, 4), "cifras", {"cero_inicial": True}, "04 de julio de 2020"),
    (_dt.date(2020, 7, 4), "mixta", {"cero_inicial": True}, "04 cuatro de julio de 2020 dos mil veinte"),
    (_dt.date(2018, 11, 1), "letras", {}, "primero de noviembre de dos mil dieciocho"),
    (_dt.date(2018, 11, 21), "letras", {"mayusculas": True}, "VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO"),
])
def test_estilos_de_fecha(fecha, estilo, opciones, esperado):
    assert letras.fecha_con_estilo(fecha, estilo, **opciones) == esperado


@pytest.mark.parametrize("hora, estilo, esperado", [
    ("10:00", "mixta", "las 10:00 diez horas"),
    ("10:30", "cifras", "las 10:30 horas"),
    ("9:05", "mixta", "las 09:05 nueve horas con cinco minutos"),
    ("11:30", "letras", "las once horas con treinta minutos"),
])
def test_estilos_de_hora(hora, estilo, esperado):
    assert letras.hora_con_estilo(hora, estilo) == esperado


# --- Numeración y títulos ------------------------------------------------------------------------

@pytest.mark.parametrize("n, estilo, separador, esperado", [
    (1, "romanos", ".", "I."), (4, "romanos", ".", "IV."), (1, "ordinales", ".", "PRIMERO."),
    (1, "ordinales", ".-", "PRIMERO.-"), (2, "ordinales_f", ".", "SEGUNDA."), (11, "ordinales", ".", "DÉCIMO PRIMERO."),
    (3, "arabigos", ".", "3."), (2, "letras", ")", "B)"), (1, "ninguna", ".", ""),
])
def test_numeracion_de_secciones(n, estilo, separador, esperado):
    assert numerar(n, estilo, separador) == esperado


def test_titulos_espaciados_y_con_dos_puntos():
    assert espaciar("ANTECEDENTES") == "A N T E C E D E N T E S"
    e = Estructura(titulos_espaciados=True, dos_puntos=True)
    assert e.titulo(e.resolutivos) == "R E S U E L V E:"
    assert Estructura().titulo("ORDEN DEL DÍA") == "ORDEN DEL DÍA"


def test_nombre_plural_de_la_institucion():
    perfil = Perfil.model_validate({**GENERICA, "nombre": "Órganos Jurisdiccionales de Ejemplo", "genero": "m",
                                    "plural": True})
    assert perfil.comite_completo == "Comité de Transparencia de los Órganos Jurisdiccionales de Ejemplo"


def test_varias_series_de_numeracion():
    perfil, _ = cargar_perfil("judicial-ejemplo")
    dia = _dt.date(2016, 3, 16)
    assert perfil.oficio(5, dia, serie="J") == "CT-CI/J-5-2016"
    assert perfil.oficio(3, dia, serie="A") == "CT-CI/A-3-2016"
    assert perfil.sigue_patron_oficio("CT-CI/A-3-2016", dia) is True
    assert perfil.sigue_patron_oficio("CT-VT/J-3-2016", dia) is False


def test_patron_hostil_en_el_encabezado_se_rechaza():
    with pytest.raises(ValueError):
        Estructura(encabezado="{comite.__class__}")


# --- Opciones desconocidas -----------------------------------------------------------------------

def test_opcion_desconocida_con_sugerencia(cli, tmp_path):
    datos = {**GENERICA, "id": "prueba", "estructura": {"antecedentes": {"titulo": "RESULTANDOS",
                                                                          "numeracoin": "ordinales"}}}
    datos["fecha"] = datos.pop("fechas")
    carpeta = tmp_path / "instituciones" / "prueba"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    codigo, salida, errores = cli("plantillas", "validar", str(tmp_path))
    texto = salida + errores
    assert codigo == 2
    assert "¿quiso decir «fechas»?" in texto
    assert "¿quiso decir «numeracion»?" in texto and "estructura.antecedentes.numeracoin" in texto
    assert "titulo, numeracion, separador, titulos" in texto


def test_campo_desconocido_del_expediente_con_sugerencia(cli, tmp_path):
    caso = tmp_path / "caso.yaml"
    caso.write_text(RESERVA.replace("fecha: 2026-11-20\n", "fecha: 2026-11-20\nlugr: Toluca\n", 1), "utf-8")
    codigo, salida, errores = cli("validar", str(caso))
    assert codigo == 2
    assert "¿quiso decir «lugar»?" in salida + errores


# --- Los tres perfiles de muestra (solo opciones) -----------------------------------------------

def test_perfiles_de_muestra_no_traen_bloques_de_texto():
    for id_ in ("judicial-ejemplo", "garante-ejemplo", "estatal-ejemplo"):
        carpeta = RAIZ / "plantillas" / "instituciones" / id_
        assert (carpeta / "perfil.yaml").is_file()
        assert not (carpeta / "textos").exists(), id_


def test_estilo_judicial(cli, tmp_path):
    texto = _muestra(cli, tmp_path, "judicial-reserva-2026.yaml")
    lineas = texto.splitlines()
    assert lineas[0] == "EXPEDIENTE: UT-A/0342/2026"
    assert lineas[1] == "INSTANCIA REQUERIDA: DIRECCIÓN DE SEGURIDAD INSTITUCIONAL"
    assert lineas[2].startswith("VISTOS para resolver el expediente UT-A/0342/2026, relativo a la solicitud")
    assert "A N T E C E D E N T E S:" in lineas
    assert "C O N S I D E R A N D O S:" in lineas and "R E S U E L V E:" in lineas
    assert ("I. Solicitud de información. El tres de noviembre de dos mil veintiséis, se recibió a través de la "
            "Plataforma Nacional de Transparencia la solicitud") in texto
    assert "II. Admisión y turno. Mediante el acuerdo UT-A/0342/2026 de cuatro de noviembre de dos mil veintiséis" in texto
    assert ("III. Requerimiento a la DIRECCIÓN DE SEGURIDAD INSTITUCIONAL. Mediante oficio UT-A/1187/2026 de cinco de "
            "noviembre de dos mil veintiséis, se requirió a la DIRECCIÓN DE SEGURIDAD INSTITUCIONAL, en un plazo de "
            "cinco días hábiles") in texto
    assert "V. Convocatoria." in texto and "a su Décima Primera Sesión Ordinaria" in texto
    assert "PRIMERO. Competencia. Este Comité es competente" in texto
    assert "durante 2026.\" (sic)" in texto                       # (sic) tras las comillas de cierre
    assert "\"(…) La información relativa" in texto                # omisión al principio
    assert "\nPRIMERO. Que el Comité de Transparencia del Tribunal Superior de Ejemplo" in texto  # sin título en línea
    assert "EN LA CIUDAD DE MÉXICO, A VEINTE DE NOVIEMBRE DE DOS MIL VEINTISÉIS." in texto


def test_estilo_garante(cli, tmp_path):
    texto = _muestra(cli, tmp_path, "garante-inexistencia-2026.yaml")
    lineas = texto.splitlines()
    assert ("RESOLUCIÓN DEL COMITÉ DE TRANSPARENCIA DEL INSTITUTO NACIONAL DE EJEMPLO PARA LA TRANSPARENCIA EN EL "
            "EXPEDIENTE UT/EXP/0131/2026") in lineas
    assert "GLOSARIO" in lineas and "Ley General: Ley General de Transparencia y Acceso a la Información Pública." in lineas
    assert lineas.index("GLOSARIO") < lineas.index("RESULTANDOS") < lineas.index("CONSIDERANDOS") < lineas.index("RESUELVE")
    assert ("PRIMERO. El 18 de noviembre de 2026, se recibió a través de la Plataforma Nacional de Transparencia la "
            "solicitud de acceso a la información con folio 330024600131226") in texto
    assert "SEGUNDO. El 19 de noviembre de 2026, la Unidad de Transparencia admitió la solicitud" in texto
    assert "El presente asunto se relaciona con el expediente CT/INET/031/2026." in texto
    assert "SEGUNDO. Análisis de la inexistencia." in texto
    assert "EN LA CIUDAD DE MÉXICO, A 3 DE DICIEMBRE DE 2026." in texto


def test_estilo_estatal_acta(cli, tmp_path):
    texto = _muestra(cli, tmp_path, "estatal-acta-2026.yaml")
    lineas = texto.splitlines()
    assert ("En la ciudad de Guadalajara, Jalisco, siendo las 10:00 diez horas del 3 tres de diciembre de 2026 dos mil "
            "veintiséis, en la sala de juntas") in texto
    assert lineas.index("ORDEN DEL DÍA") < lineas.index("DESARROLLO DE LA SESIÓN") < lineas.index("ACUERDOS")
    assert "PRIMERO.- Lista de asistencia y verificación del quórum. La Presidente del Comité pasó lista" in texto
    # El Secretario Técnico firma sin ser integrante: no cuenta para el quórum.
    assert "Se hace constar la asistencia de tres de las tres personas integrantes" in texto
    assert "SEGUNDO.- Solicitud con folio 330024600130126." in texto
    assert "ACUERDO CT/IEE/ACTA/12/2026/1. El Comité acuerda aprobar la ampliación" in texto
    assert ("A LAS 12:45 DOCE HORAS CON CUARENTA Y CINCO MINUTOS DEL 3 TRES DE DICIEMBRE DE 2026 DOS MIL "
            "VEINTISÉIS") in texto


# --- Cada opción sobre un perfil propio ------------------------------------------------------------

def test_resultandos_sin_titulo_y_considerandos_femeninos_con_guion(cli, tmp_path):
    plantillas = _plantillas(tmp_path, estructura={
        "apertura": "ninguna",
        "antecedentes": {"titulo": "RESULTANDOS", "numeracion": "ordinales", "titulos": False},
        "considerandos": {"titulo": "CONSIDERACIONES", "numeracion": "ordinales_f", "separador": ".-"},
        "resolutivos": {"titulo": "ACUERDOS", "numeracion": "romanos", "titulos": False}})
    texto = _texto(cli, tmp_path, INEXISTENCIA.replace("institucion: generica", "institucion: prueba"), plantillas)
    lineas = texto.splitlines()
    assert "Visto el expediente" not in texto
    assert "RESULTANDOS" in lineas and "CONSIDERACIONES" in lineas and "ACUERDOS" in lineas
    assert "\nPRIMERO. El 18 de noviembre de 2026, se recibió la solicitud" in texto
    assert "PRIMERA.- Competencia. Este Comité es competente" in texto
    assert "SEGUNDA.- Análisis de la inexistencia." in texto
    assert "\nI. Que el Comité de Transparencia" in texto


def test_fechas_con_letras_en_el_cuerpo_y_lugar_en_el_cierre_clasico(cli, tmp_path):
    plantillas = _plantillas(tmp_path, fechas={"cuerpo": "letras", "cierre": "mixta"},
                             lugar="Toluca de Lerdo, Estado de México")
    texto = _texto(cli, tmp_path, INEXISTENCIA.replace("institucion: generica", "institucion: prueba"), plantillas)
    assert "Solicitud 330024600131226, presentada el dieciocho de noviembre de dos mil veintiséis:" in texto
    assert ("EN TOLUCA DE LERDO, ESTADO DE MÉXICO, A 3 TRES DE DICIEMBRE DE 2026 DOS MIL VEINTISÉIS.") in texto


def test_el_lugar_del_expediente_gana_al_del_perfil(cli, tmp_path):
    plantillas = _plantillas(tmp_path, lugar="la Ciudad de México")
    caso = INEXISTENCIA.replace("institucion: generica", "institucion: prueba").replace(
        "fecha: 2026-12-03\n", "fecha: 2026-12-03\nlugar: Guadalajara, Jalisco\n", 1)
    assert "EN GUADALAJARA, JALISCO, A TRES DE DICIEMBRE" in _texto(cli, tmp_path, caso, plantillas)


def test_mes_primero_y_cero_inicial(cli, tmp_path):
    plantillas = _plantillas(tmp_path, fechas={"cuerpo": "cifras", "cierre": "cifras", "mes_primero": True,
                                               "cero_inicial": True})
    texto = _texto(cli, tmp_path, INEXISTENCIA.replace("institucion: generica", "institucion: prueba"), plantillas)
    assert "presentada el noviembre 18 de 2026" in texto
    assert "A DICIEMBRE 03 DE 2026." in texto


def test_sin_opciones_nuevas_el_cierre_no_cambia(cli, tmp_path):
    texto = _texto(cli, tmp_path, INEXISTENCIA)
    assert "ASÍ LO RESOLVIERON Y FIRMAN LOS INTEGRANTES DEL COMITÉ DE TRANSPARENCIA DE LA INSTITUCIÓN DE EJEMPLO, EN " \
           "SU DÉCIMA SEGUNDA SESIÓN ORDINARIA, A TRES DE DICIEMBRE DE DOS MIL VEINTISÉIS." in texto


def test_suplente_con_su_propio_cargo():
    from generador.expediente import Firmante

    f = Firmante(nombre="Ana Ruiz", cargo="Titular del Órgano Interno de Control", suplente=True,
                 cargo_propio="Directora de Área")
    assert f.cargo_firma == "Directora de Área, suplente del Titular del Órgano Interno de Control"
    assert Firmante(nombre="Ana", cargo="X", rol="Presidente", genero="f").articulo == "la"


# --- perfil nuevo y esquema ---------------------------------------------------------------------------

def test_perfil_nuevo_es_valido_y_trae_todas_las_opciones(cli, tmp_path):
    carpeta = tmp_path / "instituciones" / "nueva"
    carpeta.mkdir(parents=True)
    codigo, _, errores = cli("perfil", "nuevo", "--id", "nueva", "-o", str(carpeta / "perfil.yaml"))
    assert codigo == 0, errores
    texto = (carpeta / "perfil.yaml").read_text("utf-8")
    for nombre in Perfil.model_fields:
        assert f"{nombre}:" in texto, nombre
    assert "# estructura:" in texto and "# titulos_espaciados: false" in texto
    assert '# hora: "letras"    # p. ej. "mixta"' in texto
    Perfil.model_validate(yaml.safe_load(texto))
    codigo, salida, errores = cli("plantillas", "validar", str(tmp_path))
    assert codigo == 0, salida + errores


def test_perfil_nuevo_descomentado_sigue_siendo_valido():
    # Quitar el «#» de la estructura y de todas sus opciones da un perfil válido con sus valores por omisión.
    opcion = re.compile(r"^(  +)# ([a-z_]+):( |$)")
    lineas, dentro = [], False
    for linea in perfil_comentado("x").splitlines():
        if linea == "# estructura:":
            dentro = True
            lineas.append("estructura:")
        elif dentro and linea.startswith("  "):
            if opcion.match(linea):
                lineas.append(linea.replace("# ", "", 1))
        else:
            dentro = False
            lineas.append(linea)
    perfil = Perfil.model_validate(yaml.safe_load("\n".join(lineas)))
    assert perfil.estructura == Estructura()


def test_esquema_tiene_los_campos_nuevos():
    esquema = str(esquema_json())
    for campo in ("procedimiento", "requerimientos", "convocatoria", "relacionados", "omision_inicial", "sic",
                  "cargo_propio", "lugar"):
        assert campo in esquema, campo


def test_fundamento_del_turno_que_no_existe_es_error_con_linea(cli, tmp_path):
    caso = (RAIZ / "samples" / "judicial-reserva-2026.yaml").read_text("utf-8").replace(
        "    areas: [DIRECCIÓN DE SEGURIDAD INSTITUCIONAL]\n",
        "    areas: [DIRECCIÓN DE SEGURIDAD INSTITUCIONAL]\n    fundamentos: [lgtaip2025.999]\n", 1)
    archivo = tmp_path / "caso.yaml"
    archivo.write_text(caso, "utf-8")
    codigo, salida, errores = cli("generar", str(archivo), "-o", str(tmp_path / "r.docx"), "--sin-registro")
    assert codigo == 2
    assert "procedimiento.turno.fundamentos[1]" in salida + errores or "procedimiento.turno.fundamentos" in salida + errores
    assert "lgtaip2025.999" in salida + errores


def test_nuevo_con_serie_de_oficios(cli):
    """«CT-CI/J-…» y «CT-CI/A-…»: el consecutivo se numera en la serie que se pide."""
    codigo, texto, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "judicial-ejemplo",
                                 "--consecutivo", "7", "--fecha", "2026-05-04", "--serie", "A")
    assert codigo == 0, errores
    assert 'oficio: "CT-CI/A-7-2026"' in texto
    codigo, _, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "judicial-ejemplo",
                             "--consecutivo", "7", "--serie", "ZZ")
    assert codigo == 2 and "ZZ" in errores and "J, A" in errores
