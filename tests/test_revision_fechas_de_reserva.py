"""Lo que la revisión no creía (auditoría de 2026-12): los vencimientos de una ampliación de la
reserva, un inicio de la reserva posterior a la resolución y resolutivos que resuelven sobre otra
clasificación.

Ley General 2025, art. 104, párrafo segundo: la reserva dura «hasta por un periodo de cinco años.
El periodo de reserva correrá a partir de la fecha en que se clasifica el documento»; párrafo
tercero: se amplía «hasta por un plazo de cinco años adicionales»; art. 139: el Comité confirma,
modifica o revoca la clasificación; arts. 106 y 107: negar el acceso exige prueba de daño y plazo.
"""

from __future__ import annotations

from .conftest import RAIZ, texto_docx
from .test_revision_2025 import _c, _codigos, _h

AMPLIACION = (RAIZ / "samples" / "ampliacion-reserva-2026.yaml").read_text(encoding="utf-8")
RESERVA = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
INEXISTENCIA = (RAIZ / "samples" / "inexistencia-2026.yaml").read_text(encoding="utf-8")
MIXTA = (RAIZ / "samples" / "mixta-2026.yaml").read_text(encoding="utf-8")

# La muestra: clasificada el 2021-09-13 por 5 años (vence el 2026-09-13), ampliada 3 (2029-09-13).
_ANIOS = "  anios_adicionales: 3\n"


def test_un_nuevo_vencimiento_de_mas_de_los_anios_adicionales_es_error(cli, tmp_path):
    # 2021 + 5 + 5 = 2031: la auditoría escribió 2033 (doce años) y pasaba sin hallazgos.
    codigo, h = _h(cli, tmp_path, _c(AMPLIACION, _ANIOS, _ANIOS + "  nuevo_vencimiento: 2033-09-13\n"))
    assert codigo == 2 and _codigos(h, "error") == {"PLZ-08"}
    (hallazgo,) = h
    assert hallazgo["campo"] == "ampliacion_reserva.nuevo_vencimiento"
    assert "a lo más el 2029-09-13" in hallazgo["mensaje"]


def test_un_nuevo_vencimiento_que_no_amplia_es_error(cli, tmp_path):
    codigo, h = _h(cli, tmp_path, _c(AMPLIACION, _ANIOS, _ANIOS + "  nuevo_vencimiento: 2026-09-13\n"))
    assert codigo == 2 and _codigos(h, "error") == {"PLZ-08"} and "no amplía nada" in h[0]["mensaje"]


def test_el_nuevo_vencimiento_exacto_pasa(cli, tmp_path):
    assert _h(cli, tmp_path, _c(AMPLIACION, _ANIOS, _ANIOS + "  nuevo_vencimiento: 2029-09-13\n")) == (0, [])


def test_un_vencimiento_original_escrito_mas_tarde_no_se_cree(cli, tmp_path):
    # Clasificada el 2019-01-10 por 5 años: venció el 2024-01-10; escribir 2026-09-13 no la revive.
    texto = _c(AMPLIACION, "fecha_clasificacion: 2021-09-13", "fecha_clasificacion: 2019-01-10")
    codigo, h = _h(cli, tmp_path, _c(texto, _ANIOS, _ANIOS + "  vencimiento_original: 2026-09-13\n"))
    assert codigo == 2 and {"PLZ-05", "PLZ-07"} <= _codigos(h, "error")
    (plz05,) = [x for x in h if x["codigo"] == "PLZ-05"]
    assert "venció el 2024-01-10" in plz05["mensaje"]


def test_una_clasificacion_posterior_a_la_ampliacion_es_error(cli, tmp_path):
    codigo, h = _h(cli, tmp_path, _c(AMPLIACION, "fecha_clasificacion: 2021-09-13", "fecha_clasificacion: 2027-01-01"))
    assert codigo == 2 and _codigos(h, "error") == {"PLZ-09"}


def test_el_nuevo_vencimiento_se_calcula_desde_el_vencimiento_original(cli, tmp_path):
    # Un vencimiento original anterior (el área lo fijó así) más 3 años: sin hallazgos y el documento lo dice.
    texto = _c(AMPLIACION, _ANIOS, _ANIOS + "  vencimiento_original: 2026-09-01\n")
    assert _h(cli, tmp_path, texto) == (0, [])
    codigo, _, errores = cli("generar", str(tmp_path / "caso.yaml"), "--sin-registro", "-o", str(tmp_path / "a.docx"))
    assert codigo == 0, errores
    assert "la reserva vence el 1 de septiembre de 2029" in texto_docx((tmp_path / "a.docx").read_bytes())


def test_una_reserva_que_empieza_despues_de_la_resolucion_es_error(cli, tmp_path):
    # Resolución del 2026-11-20 con inicio en 2028: la reserva duraría siete años.
    texto = _c(RESERVA, "      anios: 5\n      vencimiento: 2031-11-20",
               "      anios: 5\n      fecha_inicio: 2028-01-01\n      vencimiento: calcular")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and _codigos(h, "error") == {"PLZ-09"}
    assert h[0]["campo"] == "clasificaciones[1].periodo_reserva.fecha_inicio"


def test_una_reserva_que_empezo_antes_pasa(cli, tmp_path):
    texto = _c(RESERVA, "      anios: 5\n      vencimiento: 2031-11-20",
               "      anios: 5\n      fecha_inicio: 2026-11-12\n      vencimiento: calcular")
    assert _h(cli, tmp_path, texto) == (0, [])


def test_una_inexistencia_no_confirma_una_clasificacion(cli, tmp_path):
    texto = _c(INEXISTENCIA, "  - clausula: resolutivo.confirma_inexistencia\n",
               "  - clausula: resolutivo.confirma_inexistencia\n  - clausula: resolutivo.confirma_clasificacion\n"
               "    variables: {unidad: DIRECCIÓN DE FINANZAS, tipo_clasificacion: reservada}\n")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and _codigos(h, "error") == {"DET-06"}
    assert h[0]["campo"] == "resolutivos[3].clausula" and "tipo «inexistencia»" in h[0]["mensaje"]


def test_el_resolutivo_nombra_la_clasificacion_que_el_comite_estudio(cli, tmp_path):
    codigo, h = _h(cli, tmp_path, _c(RESERVA, "      tipo_clasificacion: reservada",
                                     "      tipo_clasificacion: confidencial"))
    assert codigo == 2 and _codigos(h, "error") == {"DET-07"}
    assert h[0]["campo"] == "resolutivos[2].variables.tipo_clasificacion"
    # En mayúsculas o con más palabras, también.
    codigo, _ = _h(cli, tmp_path, _c(RESERVA, "      tipo_clasificacion: reservada",
                                     "      tipo_clasificacion: RESERVADA por cinco años"))
    assert codigo == 0


def test_la_modificacion_compara_lo_propuesto_y_lo_determinado(cli, tmp_path):
    # La mixta: el área propuso reservada y el Comité la determina confidencial.
    codigo, h = _h(cli, tmp_path, _c(MIXTA, "      tipo_propuesto: reservada\n      tipo_clasificacion: confidencial",
                                     "      tipo_propuesto: reservada\n      tipo_clasificacion: reservada"))
    assert codigo == 2 and _codigos(h, "error") == {"DET-07"}
    codigo, h = _h(cli, tmp_path, _c(MIXTA, "      tipo_propuesto: reservada\n      tipo_clasificacion: confidencial",
                                     "      tipo_propuesto: confidencial\n      tipo_clasificacion: confidencial"))
    assert codigo == 2 and _codigos(h, "error") == {"DET-07"} and h[0]["campo"].endswith("tipo_propuesto")


def test_sin_proporcionalidad_la_prueba_de_dano_2025_es_error(cli, tmp_path):
    # Art. 107: «deberá justificar que: […] III. La limitación se adecua al principio de
    # proporcionalidad»; sin la variable, la cláusula escribiría la parte III de otra resolución.
    inicio = RESERVA.index("        proporcionalidad: >-")
    fin = RESERVA.index("\n\n", inicio)
    codigo, h = _h(cli, tmp_path, RESERVA[:inicio] + RESERVA[fin + 1:])
    assert codigo == 2 and _codigos(h, "error") == {"PD-02"}


SRE_2026 = _c(_c(RESERVA, "institucion: generica", "institucion: sre"), "oficio: CT/IE/045/2026", "oficio: CTA-00126")


def test_un_comite_de_la_apf_sin_el_organo_interno_de_control_se_advierte(cli, tmp_path):
    # Art. 39: en la APF, «I. La persona responsable del área coordinadora de archivos o equivalente;
    # II. La persona responsable de la Unidad de Transparencia, y III. La persona titular del Órgano
    # Interno de Control u homólogo». El perfil de la SRE dice «sujeto_obligado: ejecutivo_federal».
    assert _h(cli, tmp_path, SRE_2026) == (0, [])
    texto = _c(SRE_2026, "    cargo: Titular del Órgano Interno de Control",
               "    cargo: Director General de Seguridad Institucional")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 1 and [x["codigo"] for x in h] == ["COM-03"]
    assert "Órgano Interno de Control u homólogo (fr. III)" in h[0]["mensaje"]
    assert "Unidad de Transparencia" not in h[0]["mensaje"]
    # Fuera de la APF (el perfil genérico no dice qué sujeto obligado es), nada.
    assert _h(cli, tmp_path, _c(RESERVA, "    cargo: Titular del Órgano Interno de Control",
                                "    cargo: Director General de Seguridad Institucional")) == (0, [])


def test_un_texto_del_comite_que_invoca_una_ley_abrogada_se_advierte(cli, tmp_path):
    # Transitorio Segundo de la Ley General de 2025: «se abrogan […] III. La Ley Federal de
    # Transparencia y Acceso a la Información Pública».
    viejo = "      de la Ley General de Transparencia y Acceso a la Información Pública.\n    razones_periodo"
    texto = _c(RESERVA, viejo, "      de la Ley General de Transparencia y Acceso a la Información Pública, y 110, "
                               "fracción V, de la Ley Federal, como ha sostenido el INAI.\n    razones_periodo")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 1 and [x["codigo"] for x in h] == ["VIG-03", "VIG-03"]
    assert all(x["campo"] == "clasificaciones[1].motivacion" for x in h)
    assert "transitorio Segundo, fracción III" in h[0]["mensaje"] and "INAI" in h[1]["mensaje"]
    # Otra ley federal con su nombre, o la respuesta del área, no.
    texto = _c(RESERVA, viejo, "      de la Ley General de Transparencia y Acceso a la Información Pública y de la "
                               "Ley Federal de Procedimiento Administrativo.\n    razones_periodo")
    assert _h(cli, tmp_path, texto) == (0, [])
    texto = _c(RESERVA, "reservada, con fundamento en el artículo 112, fracción V, de la Ley General",
               "reservada, con fundamento en el artículo 110, fracción V, de la Ley Federal")
    assert _h(cli, tmp_path, texto) == (0, [])


INEXISTENCIA_RAZONES = ("    El estacionamiento se construyó en 1998 como obra de adecuación menor, para la que la\n"
                        "    normativa vigente entonces no exigía un estudio de impacto ambiental; por ello el estudio no\n"
                        "    se elaboró y no obra en los archivos del Instituto.\n")


def test_razones_de_dos_palabras_son_error(cli, tmp_path):
    # Art. 141: «las circunstancias de tiempo, modo y lugar que generaron la inexistencia».
    codigo, h = _h(cli, tmp_path, _c(INEXISTENCIA, INEXISTENCIA_RAZONES, "    No existe.\n"))
    assert codigo == 2 and [x["codigo"] for x in h] == ["RAZ-01"] and h[0]["campo"] == "inexistencia.razones"
    ampliacion = (RAIZ / "samples" / "ampliacion-2026.yaml").read_text(encoding="utf-8")
    inicio = ampliacion.index("  razones: >-\n")
    fin = ampliacion.index("\n  ", ampliacion.index("uno antes de entregarlos"))
    codigo, h = _h(cli, tmp_path, ampliacion[:inicio] + "  razones: Carga de trabajo." + ampliacion[fin:])
    assert codigo == 2 and [x["codigo"] for x in h] == ["RAZ-01"] and "art. 134" in h[0]["mensaje"]


def test_un_cero_no_es_una_inexistencia(cli, tmp_path):
    # Art. 141, párrafo tercero: el cero «deberá entenderse como un dato […] y no como la inexistencia».
    texto = _c(INEXISTENCIA, "Solicito el estudio de impacto ambiental del estacionamiento del edificio sede, "
                             "elaborado en 1998.", "¿Cuántas quejas se presentaron contra el personal en 2025?")
    texto = _c(texto, INEXISTENCIA_RAZONES, "    Se revisó el registro de quejas de 2025 y el número de quejas "
                                            "contra el personal es cero, por lo que no existe la información.\n")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 1 and [x["codigo"] for x in h] == ["INX-01"]


def test_la_notoria_incompetencia_en_tres_dias(cli, tmp_path):
    incompetencia = (RAIZ / "samples" / "incompetencia-2026.yaml").read_text(encoding="utf-8")
    assert _h(cli, tmp_path, incompetencia) == (0, [])  # recibida el 30-11, confirmada el 3-12: el tercer día
    texto = _c(incompetencia, "fecha: 2026-12-03\nsesion: {numero: 12, tipo: ordinaria, fecha: 2026-12-03}",
               "fecha: 2026-12-04\nsesion: {numero: 12, tipo: ordinaria, fecha: 2026-12-04}")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 1 and [x["codigo"] for x in h] == ["PLZ-10"] and "a más tardar el 2026-12-03" in h[0]["mensaje"]


def test_el_pronunciamiento_sobre_quejas_en_tramite_no_pide_categoria(cli, tmp_path):
    # Art. 115, párrafo quinto (nuevo en 2025): no es ninguna categoría de datos del Trigésimo octavo.
    confidencial = (RAIZ / "samples" / "confidencial-2026.yaml").read_text(encoding="utf-8")
    sin_categoria = _c(confidencial, "    categorias: [datos.identificativos]\n", "")
    codigo, h = _h(cli, tmp_path, sin_categoria)
    assert codigo == 2 and "TO-01" in _codigos(h, "error")
    con_p5 = _c(sin_categoria, "    fundamentos: [cpeum.6.A.II, lgtaip2025.115, lgpdppso2025.3.IX, lgcd.38.I]",
                "    fundamentos: [cpeum.6.A.II, lgtaip2025.115.p5]")
    codigo, h = _h(cli, tmp_path, con_p5)
    assert "TO-01" not in _codigos(h)
