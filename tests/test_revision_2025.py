"""La revisión del régimen de 2025 (issue 12): cada caso se construye con las palabras de la ley.

Ley General de Transparencia de 2025 (DOF 20-03-2025, en vigor el 21-03-2025), arts. 3, 39, 104, 107,
115, 134, 139, 144 y 145; Lineamientos Generales (semilla 002), numerales Trigésimo segundo a
Trigésimo cuarto, Quincuagésimo primero y Quincuagésimo séptimo."""

from __future__ import annotations

import json

import pytest

from generador.catalogo import cargar
from generador.catalogo.citas import citar

from .conftest import RAIZ

M = {n: (RAIZ / "samples" / f"{n}.yaml").read_text(encoding="utf-8")
     for n in ("reserva-2026", "reserva-2026-antecedentes", "mixta-2026", "confidencial-2026", "ampliacion-2026",
               "acta-2026")}


def _h(cli, tmp_path, texto):
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso), "--json")
    return codigo, json.loads(salida)["hallazgos"]


def _c(texto, viejo, nuevo):
    assert viejo in texto, viejo
    return texto.replace(viejo, nuevo, 1)


def _codigos(hallazgos, nivel=None):
    return {h["codigo"] for h in hallazgos if nivel is None or h["nivel"] == nivel}


@pytest.mark.parametrize("nombre", sorted(M))
def test_las_muestras_2026_no_tienen_hallazgos(cli, tmp_path, nombre):
    assert _h(cli, tmp_path, M[nombre]) == (0, [])


# 1. Art. 3, fr. III: «Autoridad garante federal: Transparencia para el Pueblo»; fr. V: «los órganos
#    internos de control o equivalentes de los órganos constitucionales autónomos».
INAI = "el Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales"


def test_2026_ante_el_inai_es_error(cli, tmp_path):
    texto = _c(M["reserva-2026"], "autoridad_garante: Transparencia para el Pueblo", f"autoridad_garante: {INAI}")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and "REC-01" in _codigos(h, "error")


def test_organo_autonomo_ante_transparencia_para_el_pueblo_es_error(cli, tmp_path):
    texto = _c(M["reserva-2026-antecedentes"], "autoridad_garante: el Órgano Interno de Control del Órgano Autónomo de Ejemplo",
               "autoridad_garante: Transparencia para el Pueblo")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and "REC-03" in _codigos(h, "error")
    justificado = texto + "justificacion_garante: El asunto se remitió por acuerdo de la autoridad garante competente.\n"
    assert "REC-03" not in _codigos(_h(cli, tmp_path, justificado)[1])


def test_sin_autoridad_garante_ni_en_el_perfil_rec06_dice_donde_escribirla(cli, tmp_path):
    # El perfil «generica» no dice su tipo de sujeto obligado: sin la variable, nadie sabría ante quién recurrir.
    texto = _c(M["reserva-2026"], "  - clausula: resolutivo.notificacion\n    variables:\n"
               "      autoridad_garante: Transparencia para el Pueblo\n", "  - clausula: resolutivo.notificacion\n")
    codigo, h = _h(cli, tmp_path, texto)
    rec06 = [x for x in h if x["codigo"] == "REC-06"]
    assert codigo == 2 and [x["nivel"] for x in rec06] == ["error"], h
    mensaje = rec06[0]["mensaje"]
    # Quien redacta lee qué falta y dónde llenarlo (el campo de la página o el perfil), no claves del perfil.
    assert "ante quién se puede interponer el recurso de revisión" in mensaje
    assert "«Autoridad garante»" in mensaje and "perfil de la institución «generica»" in mensaje
    assert "sujeto_obligado" not in mensaje and "«autoridad_garante»" not in mensaje
    assert "REC-06" not in _codigos(_h(cli, tmp_path, M["reserva-2026"])[1])


def test_transparencia_para_el_pueblo_antes_de_existir_es_error(cli, tmp_path):
    texto = M["reserva-2026"].replace("2026-11-20", "2025-03-20").replace("fecha: 2026-11-12", "fecha: 2025-03-12")
    codigo, h = _h(cli, tmp_path, texto)
    assert "REC-02" in _codigos(h, "error")


def test_notificacion_2025_con_plazo_de_quince_dias_y_fraccion_del_145(tmp_path):
    from generador.tuberia import generar_docx, leer_caso

    from .conftest import texto_docx

    caso = tmp_path / "caso.yaml"
    caso.write_text(M["reserva-2026-antecedentes"], encoding="utf-8")
    texto = texto_docx(generar_docx(leer_caso(caso)))
    assert ("ante el Órgano Interno de Control del Órgano Autónomo de Ejemplo, o ante la Unidad de Transparencia que "
            "conoció de la solicitud, dentro de los quince días siguientes a la fecha de la notificación de la respuesta"
            ) in texto
    assert "los artículos 144 y 145, fracción I, de la Ley General de Transparencia" in texto


# 2. Vigencia: error por omisión; excepción razonada caso por caso.
def test_ley_general_2025_citada_el_20_de_marzo_es_error_y_la_excepcion_la_baja(cli, tmp_path):
    texto = M["reserva-2026"].replace("2026-11-20", "2025-03-20").replace("fecha: 2026-11-12", "fecha: 2025-03-12")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and "VIG-01" in _codigos(h, "error")
    excepcion = texto + ("excepciones_vigencia:\n  - fundamento: lgtaip2025.112.V\n"
                         "    razon: Se cita para ilustrar el régimen que entra en vigor al día siguiente.\n")
    h2 = _h(cli, tmp_path, excepcion)[1]
    assert any(x["codigo"] == "VIG-01" and x["nivel"] == "advertencia" and "a sabiendas" in x["mensaje"] for x in h2)


def test_solicitud_anterior_a_2025_resuelta_despues_explica_la_transicion(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "    fecha: 2026-11-20\n", "    fecha: 2025-03-10\n")
    assert "VIG-02" in _codigos(_h(cli, tmp_path, texto)[1], "advertencia")


# 3. Art. 139: «I. Confirmar la clasificación; II. Modificar la clasificación […]; III. Revocar».
def test_mixta_que_cambia_la_reserva_del_area_a_confidencial_no_se_confirma(cli, tmp_path):
    texto = _c(M["mixta-2026"], "  - clausula: resolutivo.modifica_clasificacion\n    variables:\n"
               "      unidad: DIRECCIÓN DE SEGURIDAD INSTITUCIONAL\n      informacion: los nombres del personal de escolta\n"
               "      tipo_propuesto: reservada\n      tipo_clasificacion: confidencial\n", "")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and "DET-02" in _codigos(h, "error")


def test_confirmar_lo_que_cambia_es_error(cli, tmp_path):
    texto = _c(M["mixta-2026"], "propuesta_area: {tipo: reservada}", "propuesta_area: {tipo: reservada}\n    determinacion: confirma")
    assert "DET-01" in _codigos(_h(cli, tmp_path, texto)[1], "error")


REVOCACION = '''
  - tipo: confidencial
    unidad: DIRECCIÓN DE FINANZAS
    descripcion: los montos pagados a cada proveedor
    categorias: [datos.patrimoniales]
    fundamentos: [cpeum.6.A.II, lgtaip2025.115, lgpdppso2025.3.IX, lgcd.38.I]
    motivacion: >-
      El área estimó que los montos revelan el patrimonio de las personas proveedoras; el Comité
      considera que documentan el ejercicio de recursos públicos.
    determinacion: revoca
'''


def test_una_revocacion_valida_no_tiene_hallazgos(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "fundamentacion_resolucion:", REVOCACION.lstrip("\n").replace("\n  - tipo", "  - tipo", 1)
               + "fundamentacion_resolucion:")
    texto = texto.replace("clasificaciones:\n", "clasificaciones:\n", 1)
    texto = _c(texto, "  - clausula: resolutivo.version_publica", "  - clausula: resolutivo.revoca_clasificacion\n"
               "    variables: {unidad: DIRECCIÓN DE FINANZAS, tipo_clasificacion: confidencial, "
               "informacion: los montos pagados a cada proveedor}\n"
               "  - clausula: resolutivo.ordena_entrega\n"
               "    variables: {unidad: DIRECCIÓN DE FINANZAS, informacion: los montos pagados a cada proveedor}\n"
               "  - clausula: resolutivo.version_publica")
    assert _h(cli, tmp_path, texto) == (0, [])
    sin_entrega = _c(texto, "  - clausula: resolutivo.ordena_entrega\n", "  - clausula: resolutivo.competencia\n")
    assert "DET-04" in _codigos(_h(cli, tmp_path, sin_entrega)[1], "error")


def test_no_se_confirma_en_texto_libre_no_pasa_por_confirmacion(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "  - clausula: resolutivo.confirma_clasificacion\n"
               "    variables: {unidad: DIRECCIÓN DE FINANZAS, tipo_clasificacion: confidencial, parcial: true}\n",
               "  - texto: No se confirma la clasificación.\n")
    assert "QP-05" in _codigos(_h(cli, tmp_path, texto)[1])


# 4. Art. 115: «La información confidencial no estará sujeta a temporalidad alguna».
def test_confidencial_con_periodo_de_reserva_es_error(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "    categorias: [datos.identificativos]\n",
               "    categorias: [datos.identificativos]\n    periodo_reserva: {anios: 5}\n")
    assert "CON-01" in _codigos(_h(cli, tmp_path, texto)[1], "error")


def test_confidencial_fundada_en_causal_de_reserva(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "fundamentos: [cpeum.6.A.II, lgtaip2025.115, lgpdppso2025.3.IX, lgcd.38.I]",
               "fundamentos: [lgtaip2025.112.V]")
    assert "CON-03" in _codigos(_h(cli, tmp_path, texto)[1], "error")


def test_nombres_de_servidores_publicos_quincuagesimo_septimo(cli, tmp_path):
    texto = _c(M["confidencial-2026"], "    categorias: [datos.identificativos]\n",
               "    categorias: [datos.identificativos]\n    servidores_publicos: true\n")
    assert "QS-01" in _codigos(_h(cli, tmp_path, texto)[1])


# 5. Art. 134: «no podrá exceder de veinte días»; la ampliación «deberá notificarse […] antes de su vencimiento».
def test_plazo_ordinario_de_cuarenta_dias_es_error(cli, tmp_path):
    texto = _c(M["ampliacion-2026"], "  dias_ampliacion:", "  dias_respuesta: 40\n  dias_ampliacion:")
    assert "PLZ-01" in _codigos(_h(cli, tmp_path, texto)[1], "error")


def test_reserva_vencida_antes_de_la_resolucion_es_error(cli, tmp_path):
    texto = _c(M["reserva-2026"], "      vencimiento: 2031-11-20", "      fecha_inicio: 2016-03-01\n      vencimiento: 2021-03-01")
    assert "PLZ-04" in _codigos(_h(cli, tmp_path, texto)[1], "error")


# 6. Art. 107 y Trigésimo tercero: las tres partes, con contenido.
def test_ponderacion_de_un_punto_es_error(cli, tmp_path):
    texto = M["reserva-2026"]
    inicio = texto.index("        ponderacion: >-\n")
    fin = texto.index("        vinculo:")
    texto = texto[:inicio] + "        ponderacion: '.'\n" + texto[fin:]
    assert "PD-01" in _codigos(_h(cli, tmp_path, texto)[1], "error")


# 7. Art. 39: «integrado por un número impar»; invitados: «voz, pero no voto».
def test_comite_par_es_error_y_la_invitada_no_cuenta(cli, tmp_path):
    extra = "  - {nombre: Ana Ruiz, cargo: Directora Jurídica, integrante: false}\n"
    texto = M["confidencial-2026"] + extra
    assert "COM-01" not in _codigos(_h(cli, tmp_path, texto)[1])
    texto = M["confidencial-2026"] + "  - {nombre: Ana Ruiz, cargo: Directora Jurídica, rol: Vocal}\n"
    assert "COM-01" in _codigos(_h(cli, tmp_path, texto)[1], "error")


def test_comite_de_una_sola_persona_no_es_colegiado(cli, tmp_path):
    """Art. 39: «colegiado»; uno es impar, pero no es un Comité (COM-01 no lo veía)."""
    texto = M["confidencial-2026"]
    inicio = texto.index("firmantes:\n")
    solo = texto[:inicio] + "firmantes:\n  - {nombre: María Elena Ruiz Campos, cargo: Titular de la Unidad, rol: Presidenta}\n"
    assert texto.count("\n  - {nombre:", inicio) == 3 and "COM-04" not in _codigos(_h(cli, tmp_path, texto)[1])
    hallazgos = _h(cli, tmp_path, solo)[1]
    # Sabido solo por quién firma (los demás pudieron no firmar): aviso; si lo dice el perfil, error.
    assert "COM-04" in _codigos(hallazgos, "advertencia") and "COM-01" not in _codigos(hallazgos)
    import yaml

    base = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    base.update(id="uno", miembros=[{"nombre": "María Elena Ruiz Campos", "cargo": "Titular de la Unidad"}])
    carpeta = tmp_path / "plantillas" / "instituciones" / "uno"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(solo.replace("institucion: generica", "institucion: uno", 1), encoding="utf-8")
    _, salida, _ = cli("validar", str(caso), "--json", "--plantillas", str(tmp_path / "plantillas"))
    assert "COM-04" in _codigos(json.loads(salida)["hallazgos"], "error")
    # Antes de 2025 la revisión es la de siempre.
    viejo = _c(_c(solo, "fecha: 2026-12-03\n", "fecha: 2024-12-03\n"), "fecha: 2026-12-03}", "fecha: 2024-12-03}")
    assert "COM-04" not in _codigos(_h(cli, tmp_path, viejo)[1])


def test_firman_menos_de_la_mayoria_del_perfil(cli, tmp_path):
    """Art. 39: «por mayoría de votos»: el perfil dice que el Comité tiene cinco integrantes y
    la resolución la firman dos (más una invitada, que no vota)."""
    import yaml

    base = yaml.safe_load((RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text("utf-8"))
    base.update(id="cinco", miembros=[{"nombre": f"Integrante {n}", "cargo": f"Cargo {n}"} for n in "ABCDE"])
    carpeta = tmp_path / "plantillas" / "instituciones" / "cinco"
    carpeta.mkdir(parents=True)
    (carpeta / "perfil.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    texto = _c(M["confidencial-2026"], "institucion: generica", "institucion: cinco")
    inicio = texto.index("firmantes:\n")
    firmantes = ("firmantes:\n  - {nombre: Integrante A, cargo: Cargo A, rol: Presidenta}\n"
                 "  - {nombre: Integrante B, cargo: Cargo B, rol: Vocal}\n"
                 "  - {nombre: Ana Ruiz, cargo: Directora Jurídica, integrante: false}\n")
    caso = tmp_path / "caso.yaml"

    def codigos(firmas):
        caso.write_text(texto[:inicio] + firmas, encoding="utf-8")
        _, salida, _ = cli("validar", str(caso), "--json", "--plantillas", str(tmp_path / "plantillas"))
        return _codigos(json.loads(salida)["hallazgos"])

    assert "COM-05" in codigos(firmantes)
    assert "COM-05" not in codigos(firmantes + "  - {nombre: Integrante C, cargo: Cargo C, rol: Vocal}\n")


# 8. Citas exactas: ninguna parte del id se pierde.
def test_parrafo_con_fraccion_no_pierde_el_parrafo():
    catalogo = cargar([])
    assert "párrafo segundo, fracción I" in citar(catalogo, ["lgcd.51.p2.I"])
    assert citar(catalogo, ["lgcd.51.p2.I"]) != citar(catalogo, ["lgcd.51.I"])


def test_combinaciones_de_apartado_parrafo_fraccion_e_inciso(tmp_path):
    (tmp_path / "prueba.yaml").write_text("""instrumento:
  id: prueba
  nombre: Ley de Prueba
  tipo: ley
  genero: f
disposiciones:
  - {id: prueba.5.A.p2.I.a, articulo: "5", apartado: A, parrafo: 2, fraccion: I, inciso: a, sin_texto: prueba}
  - {id: prueba.5.p3.b, articulo: "5", parrafo: 3, inciso: b, sin_texto: prueba}
  - {id: prueba.7.p1, articulo: "7", parrafo: 1, sin_texto: prueba}
  - {id: prueba.7.p2, articulo: "7", parrafo: 2, sin_texto: prueba}
""", encoding="utf-8")
    catalogo = cargar([tmp_path])
    assert citar(catalogo, ["prueba.5.A.p2.I.a"]) == (
        "artículo 5, apartado A, párrafo segundo, fracción I, inciso a), de la Ley de Prueba")
    assert "párrafo tercero, inciso b)" in citar(catalogo, ["prueba.5.p3.b"])
    assert "7, párrafos primero y segundo" in citar(catalogo, ["prueba.7.p1", "prueba.7.p2"])


def test_la_manifestacion_de_excepciones_no_calla_lo_que_dice_el_expediente(cli, tmp_path):
    """Art. 114, fr. II: no hay reserva de «información relacionada con actos de corrupción
    acreditados». ``manifiesta_excepciones`` escribe una frase fija que lo niega: si la solicitud
    habla de corrupción y la motivación no lo trata, se avisa (TS-02)."""
    import yaml

    datos = yaml.safe_load(M["reserva-2026"])
    datos["solicitudes"][0]["texto"] += " Incluye información sobre actos de corrupción acreditados del personal."
    reservada = datos["clasificaciones"][0]
    reservada["manifiesta_excepciones"] = True

    def codigos():
        return _codigos(_h(cli, tmp_path, yaml.safe_dump(datos, allow_unicode=True, sort_keys=False))[1])

    assert "TS-02" in codigos() and "TS-01" not in codigos()
    reservada["motivacion"] += (" Las bitácoras no documentan actos de corrupción acreditados: registran solo "
                                "horarios y rutas.")
    assert not {"TS-01", "TS-02"} & codigos()
    reservada["manifiesta_excepciones"] = False
    assert "TS-01" in codigos()


def test_el_perjuicio_de_la_parte_i_es_el_de_la_ley(cli, tmp_path):
    """Art. 107, fr. I: «perjuicio significativo al interés público o a la seguridad nacional»; la
    fórmula de la CTA-40418, «a los intereses del gobierno mexicano», no es ninguno (PD-04)."""
    import yaml

    datos = yaml.safe_load(M["reserva-2026"])
    prueba = datos["clasificaciones"][0]["prueba_de_dano"]
    variables = {"riesgo": prueba["variables"]["riesgo"], "ponderacion": prueba["variables"]["ponderacion"],
                 "proporcionalidad": prueba["variables"]["proporcionalidad"]}
    prueba.update(clausula="prueba_de_dano.seguridad_nacional", variables=variables)

    def codigos(perjuicio=None):
        if perjuicio:
            variables["perjuicio"] = perjuicio
        return _codigos(_h(cli, tmp_path, yaml.safe_dump(datos, allow_unicode=True, sort_keys=False))[1])

    assert "PD-04" not in codigos()
    assert "PD-04" in codigos("a los intereses del gobierno mexicano")
    assert "PD-04" not in codigos("a la seguridad nacional, por la estabilidad de las instituciones")


def test_la_numeracion_de_la_ley_abrogada_en_un_texto_libre(cli, tmp_path):
    """VIG-04: «artículo 113, fracción V, de la Ley General» era la causal de 2015; en la ley de
    2025 el 113 no tiene fracciones (su texto completo está en el catálogo)."""
    texto = M["reserva-2026"]
    assert "artículo 112, fracción V,\n      de la Ley General" in texto
    assert "VIG-04" not in _codigos(_h(cli, tmp_path, texto)[1])
    viejo = texto.replace("artículo 112, fracción V,\n      de la Ley General", "artículo 113, fracción V,\n      de la Ley General")
    assert ("VIG-04" in _codigos(_h(cli, tmp_path, viejo)[1], "advertencia"))
    # Otra ley general (la de datos personales) no es la de transparencia: no se juzga.
    otra = texto.replace("artículo 112, fracción V,\n      de la Ley General de Transparencia",
                         "artículo 113, fracción V,\n      de la Ley General de Protección de Datos")
    assert otra != texto and "VIG-04" not in _codigos(_h(cli, tmp_path, otra)[1])
    otra = texto.replace("artículo 112, fracción V,\n      de la Ley General de Transparencia y Acceso a la Información Pública",
                         "artículo 122, fracción I,\n      de la Ley General del Sistema Nacional de Seguridad Pública")
    assert otra != texto and "VIG-04" not in _codigos(_h(cli, tmp_path, otra)[1])


def test_una_fecha_obligatoria_vacia_dice_que_falta(cli, tmp_path):
    """«fecha:» sin valor (lo que deja el esqueleto) decía «debe ser una fecha AAAA-MM-DD»; los
    demás campos vacíos dicen «falta este campo obligatorio», y en vivo la página también."""
    texto = _c(M["reserva-2026"], "    fecha: 2026-11-12\n", "    fecha:\n")
    mensajes = [h["mensaje"] for h in _h(cli, tmp_path, texto)[1] if h["campo"] == "respuestas[1].fecha"]
    assert mensajes == ["falta este campo obligatorio"]
    mal = _c(M["reserva-2026"], "    fecha: 2026-11-12\n", "    fecha: 2026-13-12\n")
    assert [h["mensaje"] for h in _h(cli, tmp_path, mal)[1] if h["campo"] == "respuestas[1].fecha"] != mensajes
