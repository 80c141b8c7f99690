"""Revisión jurídica: cada elemento que exigen los Lineamientos, quitado por turno,
produce su hallazgo; el expediente completo no produce ninguno."""

from __future__ import annotations

import json

import pytest

from .conftest import RAIZ

CORREGIDA = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
RESERVA_2026 = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")


def _hallazgos(cli, tmp_path, texto: str) -> tuple[int, list[dict]]:
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso), "--json")
    return codigo, json.loads(salida)["hallazgos"]


def _quitar(texto: str, fragmento: str, reemplazo: str = "") -> str:
    assert fragmento in texto, fragmento
    return texto.replace(fragmento, reemplazo, 1)


SESION = "sesion:\n  numero: 44            # ilustrativo\n  tipo: extraordinaria  # ilustrativo\n  fecha: 2018-11-21\n"

CASOS = [
    # (nombre, texto, código esperado, nivel, campo)
    ("sin sesión", _quitar(CORREGIDA, SESION), "QP-01", "advertencia", "sesion"),
    ("sin número de sesión", _quitar(CORREGIDA, "  numero: 44            # ilustrativo\n"), "QP-01", "advertencia", "sesion"),
    ("sin fecha de sesión", _quitar(CORREGIDA, "  fecha: 2018-11-21\n# La", "# La"), "QP-02", "advertencia", "sesion.fecha"),
    ("área que clasificó ajena a las respuestas",
     _quitar(CORREGIDA, "    parcial: true\n    unidad: DIRECCIÓN GENERAL DE TECNOLOGÍAS",
             "    parcial: true\n    unidad: DIRECCIÓN GENERAL DE OTRA COSA Y TECNOLOGÍAS"),
     "QP-03", "advertencia", "clasificaciones[1].unidad"),
    ("menos de tres firmantes",
     _quitar(CORREGIDA, "  - nombre: Rosaura García Palmeros\n    suplente: true\n    cargo: Titular del Órgano "
                        "Interno de Control en la Secretaría de Relaciones Exteriores\n"),
     "QP-04", "advertencia", "firmantes"),
    ("ningún resolutivo confirma",
     _quitar(CORREGIDA, "  - clausula: resolutivo.confirma_clasificacion\n    variables:\n      unidad: DIRECCIÓN "
                        "GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN\n      tipo_clasificacion: reservada\n"
                        "      parcial: true\n"),
     "QP-05", "advertencia", "resolutivos"),
    ("sin fecha de expiración", _quitar(CORREGIDA, "      vencimiento: 2023-11-21\n"),
     "QP-06", "advertencia", "clasificaciones[1].periodo_reserva"),
    ("expiración incongruente", _quitar(CORREGIDA, "vencimiento: 2023-11-21", "vencimiento: 2024-11-21"),
     "TC-02", "error", "clasificaciones[1].periodo_reserva.vencimiento"),
    ("sin fracción de la causal", _quitar(CORREGIDA, "      - lftaip.110.I     # causal de reserva: seguridad nacional\n"),
     "OC-01", "error", "clasificaciones[1].fundamentos"),
    ("sin el numeral de la causal", _quitar(CORREGIDA, "      - lgcd.17.IV\n"),
     "OC-02", "advertencia", "clasificaciones[1].fundamentos"),
    ("prueba de daño de otra unidad",
     _quitar(CORREGIDA, "      senalada_por: DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN",
             "      senalada_por: DIRECCIÓN GENERAL INEXISTENTE"),
     "TT-02", "advertencia", "clasificaciones[1].prueba_de_dano.senalada_por"),
    ("cláusula de prueba de daño de otra causal",
     _quitar(RESERVA_2026, "clausula: prueba_de_dano.vida_seguridad_salud", "clausula: prueba_de_dano.seguridad_nacional"),
     "TT-01", "advertencia", "clasificaciones[1].prueba_de_dano.clausula"),
    ("menciona corrupción sin manifestarlo",
     _quitar(CORREGIDA, "Solicito documentos relacionados", "Por posibles actos de corrupción, solicito documentos relacionados"),
     "TS-01", "advertencia", "clasificaciones[1]"),
    ("confidencial sin categorías",
     _quitar(_quitar(_quitar(RESERVA_2026, "  - tipo: reservada", "  - tipo: confidencial"),
                     "    periodo_reserva:\n      anios: 5\n      vencimiento: 2031-11-20\n"), "tipo: reserva\n", "tipo: confidencial\n"),
     "TO-01", "error", "clasificaciones[1].categorias"),
    ("respuesta posterior a la resolución", _quitar(CORREGIDA, "fecha: 2018-11-20", "fecha: 2019-01-20"),
     "FEC-01", "advertencia", "respuestas[1].fecha"),
    ("fundamento no vigente", _quitar(RESERVA_2026, "      - lgtaip2025.112.V\n      - lgtaip2025.113\n",
                                      "      - lgtaip2025.112.V\n      - lftaip.111\n"),
     "VIG-01", "error", "clasificaciones[1].fundamentos[5]"),  # issue 12: error por omisión
    # La SRE numera «CTA-{consecutivo}{aa}»: un oficio de 2017 copiado en una resolución de 2018.
    ("oficio con el año de otra resolución", _quitar(CORREGIDA, "oficio: CTA-40418", "oficio: CTA-40417"),
     "OFI-01", "advertencia", "oficio"),
    ("oficio con otra numeración", _quitar(CORREGIDA, "oficio: CTA-40418", "oficio: CT/404/2018"),
     "OFI-01", "advertencia", "oficio"),
]


def test_expedientes_completos_sin_hallazgos(cli, tmp_path):
    for texto in (CORREGIDA, RESERVA_2026):
        codigo, hallazgos = _hallazgos(cli, tmp_path, texto)
        assert (codigo, hallazgos) == (0, [])


@pytest.mark.parametrize("nombre, texto, codigo, nivel, campo", CASOS, ids=[c[0] for c in CASOS])
def test_cada_elemento_quitado_da_su_hallazgo(cli, tmp_path, nombre, texto, codigo, nivel, campo):
    salida, hallazgos = _hallazgos(cli, tmp_path, texto)
    encontrados = [h for h in hallazgos if h["codigo"] == codigo]
    assert encontrados, hallazgos
    assert encontrados[0]["nivel"] == nivel and encontrados[0]["campo"] == campo
    assert salida == (2 if any(h["nivel"] == "error" for h in hallazgos) else 1)
    if codigo not in ("FEC-01", "VIG-01", "OFI-01"):
        assert encontrados[0]["lineamiento"]


def test_manifestar_excepciones_quita_la_advertencia_y_va_al_documento(cli, tmp_path):
    from .conftest import texto_docx

    texto = _quitar(CORREGIDA, "Solicito documentos relacionados", "Por posibles actos de corrupción, solicito documentos relacionados")
    texto = _quitar(texto, "    parcial: true\n    unidad:", "    parcial: true\n    manifiesta_excepciones: true\n    unidad:")
    codigo, hallazgos = _hallazgos(cli, tmp_path, texto)
    assert codigo == 0 and hallazgos == []
    salida = tmp_path / "r.docx"
    assert cli("generar", str(tmp_path / "caso.yaml"), "-o", str(salida))[0] == 0
    assert "no se refiere a violaciones graves de derechos humanos" in texto_docx(salida.read_bytes())


def test_generar_se_niega_con_errores_y_muestra_advertencias_con_exito(cli, tmp_path):
    caso = tmp_path / "caso.yaml"
    caso.write_text(_quitar(CORREGIDA, "vencimiento: 2023-11-21", "vencimiento: 2030-01-01"), encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "TC-02" in errores and not (tmp_path / "r.docx").exists()
    caso.write_text(_quitar(CORREGIDA, "      vencimiento: 2023-11-21\n"), encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"))
    assert codigo == 0 and "QP-06" in errores


def test_expiracion_en_letras_en_el_documento(cli, tmp_path):
    from .conftest import texto_docx

    salida = tmp_path / "r.docx"
    assert cli("generar", str(RAIZ / "samples" / "cta-40418-corregida.yaml"), "-o", str(salida))[0] == 0
    texto = texto_docx(salida.read_bytes())
    assert "Periodo de reserva: 5 años, con fecha de expiración el veintiuno de noviembre de dos mil veintitrés." in texto
    assert "EN SU CUADRAGÉSIMA CUARTA SESIÓN EXTRAORDINARIA, A VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO." in texto


def test_vencimiento_calculado_por_el_programa(cli, tmp_path):
    from .conftest import texto_docx

    caso = tmp_path / "caso.yaml"
    caso.write_text(_quitar(CORREGIDA, "vencimiento: 2023-11-21", "vencimiento: calcular"), encoding="utf-8")
    codigo, hallazgos = _hallazgos(cli, tmp_path, caso.read_text(encoding="utf-8"))
    assert (codigo, hallazgos) == (0, [])
    salida = tmp_path / "r.docx"
    assert cli("generar", str(caso), "-o", str(salida))[0] == 0
    assert "con fecha de expiración el veintiuno de noviembre de dos mil veintitrés." in texto_docx(salida.read_bytes())


def test_oficio_del_patron_sin_hallazgo_y_mensaje_con_ejemplo(cli, tmp_path):
    # Otro consecutivo del mismo año sigue la numeración: no es hallazgo.
    codigo, hallazgos = _hallazgos(cli, tmp_path, _quitar(CORREGIDA, "oficio: CTA-40418", "oficio: CTA-1218"))
    assert (codigo, hallazgos) == (0, [])
    _, hallazgos = _hallazgos(cli, tmp_path, _quitar(CORREGIDA, "oficio: CTA-40418", "oficio: CTA-40417"))
    (ofi,) = [h for h in hallazgos if h["codigo"] == "OFI-01"]
    assert "«CTA-{consecutivo}{aa}»" in ofi["mensaje"] and "«CTA-118»" in ofi["mensaje"]
    assert ofi["linea"] == CORREGIDA.splitlines().index("oficio: CTA-40418") + 1


def test_perfil_sin_patron_no_revisa_el_oficio(cli, tmp_path):
    # El perfil «generica» no define «patron_oficio»: cualquier número es aceptable.
    _, hallazgos = _hallazgos(cli, tmp_path, _quitar(RESERVA_2026, "oficio: CT/IE/045/2026", "oficio: 17-B"))
    assert [h for h in hallazgos if h["codigo"] == "OFI-01"] == []


def test_variables_vacias_de_todas_las_clausulas_en_una_sola_revision(cli, tmp_path):
    # Una vacía en la prueba de daño y otra en un resolutivo: las dos de una vez, en orden.
    texto = _quitar(RESERVA_2026, "        riesgo: >-\n", "        riesgo: ''\n        riesgo_anterior: >-\n")
    texto = _quitar(texto, "      autoridad_garante: Transparencia para el Pueblo",
                    "      autoridad_garante: ''")
    codigo, hallazgos = _hallazgos(cli, tmp_path, texto)
    vacias = [h["campo"] for h in hallazgos if h["codigo"] == "GEN-01" and "está vacía" in h["mensaje"]]
    assert codigo == 2
    assert vacias == ["clasificaciones[1].prueba_de_dano.variables.riesgo",
                      "resolutivos[3].variables.autoridad_garante"], hallazgos


def test_firman_los_miembros_del_perfil_sin_aviso_qp04(cli, tmp_path):
    """Si el expediente no da «firmantes», firman los «miembros» del perfil: QP-04 cuenta a
    esos (antes avisaba «firman 0 integrantes» aunque el documento llevara tres firmas)."""
    perfil = (RAIZ / "plantillas" / "instituciones" / "generica" / "perfil.yaml").read_text(encoding="utf-8")
    carpeta = tmp_path / "plantillas" / "instituciones" / "generica"
    carpeta.mkdir(parents=True)
    miembros = "".join(f"  - {{nombre: Persona {i}, cargo: Cargo {i}}}\n" for i in range(1, 4))
    (carpeta / "perfil.yaml").write_text(perfil + "\nmiembros:\n" + miembros, encoding="utf-8")
    texto = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto[:texto.index("\nfirmantes:")] + "\n", encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso), "--plantillas", str(tmp_path / "plantillas"), "--json")
    codigos = [h["codigo"] for h in json.loads(salida)["hallazgos"]]
    assert "QP-04" not in codigos and codigo in (0, 1), salida
    # Sin miembros en el perfil ni firmantes, el aviso sí corresponde (y generar falla).
    codigo, salida, _ = cli("validar", str(caso), "--json")
    assert "QP-04" in [h["codigo"] for h in json.loads(salida)["hallazgos"]]
