"""Cada tipo de resolución con su muestra: golden tests escritos desde las reglas y la ley."""

from __future__ import annotations

import datetime as dt

import pytest

from generador.redaccion.calendario import sumar_dias_habiles

from .conftest import RAIZ, texto_docx

LGT = "de la Ley General de Transparencia y Acceso a la Información Pública"


def _generar(cli, tmp_path, muestra: str, *extra: str) -> str:
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(RAIZ / "samples" / muestra), "-o", str(salida), *extra)
    assert codigo == 0, errores
    assert "advertencia" not in errores, errores
    return " ".join(texto_docx(salida.read_bytes()).split())


def test_ampliacion_calcula_los_dias_habiles(cli, tmp_path):
    texto = _generar(cli, tmp_path, "ampliacion-2026.yaml")
    # Presentada el viernes 13-11-2026; el lunes 16 es inhábil (tercer lunes de noviembre):
    # 20 días hábiles → 14-12-2026; 10 más (25 de diciembre inhábil) → 29-12-2026.
    assert ("la solicitud se presentó el 13 de noviembre de 2026; el plazo de veinte días hábiles vence el "
            "14 de diciembre de 2026 y, con la ampliación de diez días hábiles, el 29 de diciembre de 2026.") in texto
    assert ("SEGUNDO. Se aprueba la ampliación del plazo de respuesta por diez días hábiles respecto de la solicitud "
            "identificada con el número de folio 330024600130126, solicitada por la DIRECCIÓN DE RECURSOS MATERIALES, "
            f"de conformidad con los artículos 40, fracción II, y 134 {LGT}.") in texto
    assert "la solicitud de AMPLIACIÓN DEL PLAZO DE RESPUESTA formulada por la DIRECCIÓN DE RECURSOS MATERIALES" in texto


def test_dias_inhabiles_del_perfil(cli, tmp_path):
    import yaml

    perfil = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    perfil["dias_inhabiles"] = [{"desde": "2026-12-21", "hasta": "2026-12-31", "motivo": "Periodo vacacional"}]
    carpeta = tmp_path / "p" / "instituciones" / "generica"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True), encoding="utf-8")
    texto = _generar(cli, tmp_path, "ampliacion-2026.yaml", "--plantillas", str(tmp_path / "p"))
    # Del 15 al 18 de diciembre (4), vacaciones del 21 al 31, 1 de enero inhábil, del 4 al 11 de enero (6).
    assert "con la ampliación de diez días hábiles, el 11 de enero de 2027." in texto


@pytest.mark.parametrize("desde, dias, esperado", [
    (dt.date(2026, 11, 13), 1, dt.date(2026, 11, 17)),   # sábado, domingo y el lunes 16 (Revolución)
    (dt.date(2026, 11, 13), 20, dt.date(2026, 12, 14)),
    (dt.date(2025, 3, 14), 1, dt.date(2025, 3, 18)),     # lunes 17 de marzo de 2025 (natalicio de Juárez)
    (dt.date(2026, 4, 30), 1, dt.date(2026, 5, 4)),      # 1 de mayo, viernes
    (dt.date(2026, 12, 24), 1, dt.date(2026, 12, 28)),   # 25 de diciembre
])
def test_sumar_dias_habiles(desde, dias, esperado):
    assert sumar_dias_habiles(desde, dias) == esperado


def test_inexistencia(cli, tmp_path):
    texto = _generar(cli, tmp_path, "inexistencia-2026.yaml")
    assert "de las que se desprende la INEXISTENCIA de la información solicitada" in texto
    assert ("Búsqueda exhaustiva: la búsqueda se realizó en las unidades administrativas DIRECCIÓN DE RECURSOS "
            "MATERIALES y COORDINACIÓN DE ARCHIVOS.") in texto
    assert "Circunstancias de tiempo, modo y lugar que generaron la inexistencia: El estacionamiento" in texto
    assert ("SEGUNDO. Se confirma la INEXISTENCIA de la información solicitada en la solicitud identificada con el "
            "número de folio 330024600131226, toda vez que se realizó una búsqueda exhaustiva en los archivos de las "
            "unidades administrativas competentes, de conformidad con los artículos 140, fracción II, y 141 "
            f"{LGT}.") in texto


def test_incompetencia(cli, tmp_path):
    texto = _generar(cli, tmp_path, "incompetencia-2026.yaml")
    assert "de la que se desprende la INCOMPETENCIA de este sujeto obligado para atender la solicitud" in texto
    assert ("SEGUNDO. Se confirma la incompetencia de la Institución de Ejemplo para atender la solicitud "
            "identificada con el número de folio 330024600131526, de conformidad con los artículos 40, fracción II, "
            f"y 138 {LGT}; oriéntese a la persona solicitante para que presente su solicitud ante la Secretaría de "
            "Movilidad de la Ciudad de México.") in texto


def test_confidencial_con_version_publica(cli, tmp_path):
    texto = _generar(cli, tmp_path, "confidencial-2026.yaml")
    assert "Tipos de datos protegidos: Datos identificativos." in texto
    assert ("solo podrán tener acceso a ella sus titulares, sus representantes y las personas servidoras públicas "
            "facultadas para ello") in texto
    assert ("Área encargada de la versión pública: DIRECCIÓN DE FINANZAS, cuya persona titular es Ana Lucía Torres "
            "Vega; versión pública de fecha 1 de diciembre de 2026, confirmada por este Comité en la presente "
            "resolución.") in texto
    assert f"de conformidad con el artículo 120 {LGT}." in texto
    assert "Periodo de reserva" not in texto and "Prueba de daño" not in texto


def test_mixta(cli, tmp_path):
    texto = _generar(cli, tmp_path, "mixta-2026.yaml")
    assert "Clasificación de la información solicitada: RESERVADA" in texto
    assert "Clasificación de la información solicitada: CONFIDENCIAL" in texto
    assert "la información solicitada como RESERVADA y CONFIDENCIAL, atendiendo" in texto


@pytest.mark.parametrize("tipo, falta", [("inexistencia", "inexistencia"), ("ampliacion", "ampliacion"),
                                         ("incompetencia", "incompetencia")])
def test_cada_tipo_exige_su_seccion(cli, tmp_path, tipo, falta):
    texto = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8").replace("tipo: reserva\n", f"tipo: {tipo}\n", 1)
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    codigo, errores, _ = cli("validar", str(caso))
    assert codigo == 2 and f"necesita la sección «{falta}»" in errores


def test_acta_de_sesion(cli, tmp_path):
    texto = _generar(cli, tmp_path, "acta-2026.yaml")
    assert texto.startswith("ACTA DE LA DÉCIMA SEGUNDA SESIÓN ORDINARIA DEL COMITÉ DE TRANSPARENCIA DE LA "
                            "INSTITUCIÓN DE EJEMPLO")
    assert ("En la Ciudad de México, siendo las once horas con treinta minutos del tres de diciembre de dos mil "
            "veintiséis, en la sala de juntas del tercer piso del edificio sede del Instituto, se reunieron") in texto
    assert "Mtra. María Elena Ruiz Campos, Titular de la Unidad de Transparencia, Presidenta;" in texto
    assert "1. Lista de asistencia y verificación del quórum." in texto
    assert "Se hace constar la asistencia de tres de las tres personas integrantes del Comité" in texto
    assert ("CT/ACTA/12/2026/2. Solicitud con folio 330024600131226, sometida por la DIRECCIÓN DE RECURSOS "
            "MATERIALES. El Comité acuerda confirmar la inexistencia del estudio de impacto ambiental de 1998, con "
            f"fundamento en los artículos 40, fracción II, 140, fracción II, y 141 {LGT}.") in texto
    assert "Votación: aprobado por unanimidad de votos." in texto
    assert ("SE DA POR CONCLUIDA LA SESIÓN A LAS DOCE HORAS CON CUARENTA Y CINCO MINUTOS DEL TRES DE DICIEMBRE DE "
            "DOS MIL VEINTISÉIS, FIRMANDO AL CALCE QUIENES EN ELLA INTERVINIERON.") in texto


def test_acta_sin_quorum_y_sin_numero_de_sesion(cli, tmp_path):
    base = (RAIZ / "samples" / "acta-2026.yaml").read_text(encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(base.replace("integrantes: 3", "integrantes: 7"), encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso))
    assert codigo == 2 and "QUO-01" in salida and "asisten 3 de 7 integrantes" in salida
    caso.write_text(base.replace("sesion: {numero: 12, tipo: ordinaria, fecha: 2026-12-03}", "sesion: {tipo: ordinaria}"),
                    encoding="utf-8")
    codigo, errores, _ = cli("validar", str(caso))
    assert codigo == 2 and "un acta necesita «sesion» con su «numero»" in errores


@pytest.mark.parametrize("hora, esperado", [
    ("11:30", "las once horas con treinta minutos"), ("13:00", "las trece horas"),
    ("01:05", "la una hora con cinco minutos"), ("21:31", "las veintiuna horas con treinta y un minutos"),
    ("12:01", "las doce horas con un minuto"), ("00:15", "las cero horas con quince minutos"),
])
def test_horas_con_letras(hora, esperado):
    from generador.letras import hora_con_letras

    assert hora_con_letras(hora) == esperado
