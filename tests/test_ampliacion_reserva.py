"""La ampliación del periodo de reserva (issue 12, punto 5): esqueleto, muestra y revisión.

Ley General 2025, art. 104, párrafo tercero: «Excepcionalmente, los sujetos obligados, con la
aprobación de su Comité de Transparencia, podrán ampliar el periodo de reserva hasta por un plazo de
cinco años adicionales, siempre y cuando justifiquen que subsisten las causas que dieron origen a su
clasificación, mediante la aplicación de una prueba de daño»; art. 40, fr. VII: «Solicitar y autorizar
la ampliación del plazo de reserva de la información»; Lineamiento Trigésimo quinto: la solicitud del
área se hace «con tres meses de anticipación al vencimiento del mismo».
"""

from __future__ import annotations

import json

from .conftest import RAIZ, texto_docx
from .test_revision_2025 import _c, _h

MUESTRA = (RAIZ / "samples" / "ampliacion-reserva-2026.yaml").read_text(encoding="utf-8")


def test_la_muestra_es_valida_sin_hallazgos(cli, tmp_path):
    # Ni PLZ-03 (plazo de respuesta de la solicitud de 2021) ni VIG-02 (solicitud anterior a 2025):
    # la ampliación no responde esa solicitud, es el procedimiento del art. 104.
    assert _h(cli, tmp_path, MUESTRA) == (0, [])


def test_la_muestra_aprueba_la_ampliacion_con_su_fundamento(cli, tmp_path):
    salida = tmp_path / "ampliacion.docx"
    codigo, _, err = cli("generar", str(RAIZ / "samples" / "ampliacion-reserva-2026.yaml"), "--sin-registro",
                         "-o", str(salida))
    assert codigo == 0, err
    texto = texto_docx(salida.read_bytes())
    assert "Se aprueba la ampliación del periodo de reserva" in texto
    assert "por tres años adicionales" in texto
    # 2021-09-13 + 5 + 3 años.
    assert "la reserva vence el 13 de septiembre de 2029" in texto
    assert "artículos 40, fracción VII, y 104 de la Ley General de Transparencia" in texto


def test_pedida_a_menos_de_tres_meses_del_vencimiento(cli, tmp_path):
    # Vence el 2026-09-13: a más tardar el 2026-06-13.
    texto = _c(MUESTRA, "    fecha: 2026-05-29", "    fecha: 2026-06-15")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 1
    assert [x["codigo"] for x in h] == ["PLZ-06"]
    assert h[0]["lineamiento"] == "Trigésimo quinto"


def test_una_reserva_ya_vencida_no_se_amplia(cli, tmp_path):
    # Art. 104, fr. II: los documentos reservados «serán públicos cuando […] Expire el plazo de clasificación».
    texto = _c(MUESTRA, "fecha_clasificacion: 2021-09-13", "fecha_clasificacion: 2021-03-13")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and "PLZ-05" in {x["codigo"] for x in h if x["nivel"] == "error"}


def test_mas_de_cinco_anios_adicionales_no(cli, tmp_path):
    texto = _c(MUESTRA, "anios_adicionales: 3", "anios_adicionales: 6")
    codigo, h = _h(cli, tmp_path, texto)
    assert codigo == 2 and any(x["campo"] == "ampliacion_reserva.anios_adicionales" for x in h)


def test_el_esqueleto_pide_cada_campo(cli, tmp_path):
    caso = tmp_path / "nuevo.yaml"
    codigo, _, err = cli("nuevo", "--tipo", "ampliacion_reserva", "--institucion", "generica",
                         "--fecha", "2026-06-18", "-o", str(caso))
    assert codigo == 0, err
    texto = caso.read_text(encoding="utf-8")
    assert "tipo: ampliacion_reserva" in texto and "resolutivo.amplia_reserva" in texto
    codigo, salida, _ = cli("validar", str(caso), "--json")
    campos = {h["campo"] for h in json.loads(salida)["hallazgos"]}
    assert codigo == 2
    # Lo que el área y el Comité deben decir: art. 104 y Lineamiento Trigésimo quinto.
    for campo in ("ampliacion_reserva.unidad", "ampliacion_reserva.informacion",
                  "ampliacion_reserva.fecha_clasificacion", "ampliacion_reserva.subsisten_causas"):
        assert campo in campos, campos
    # Nada que el esqueleto mismo haga mal: ninguna cláusula ni campo desconocido.
    assert not any(h["codigo"] == "GEN-01" for h in json.loads(salida)["hallazgos"])


def test_la_vigencia_revisa_los_fundamentos_de_la_ampliacion(cli, tmp_path):
    """Una ampliación de 2026 fundada en la Ley Federal abrogada el 21 de marzo de 2025 es un
    error VIG-01 en su propio campo (antes, esos ids no se revisaban)."""
    texto = (RAIZ / "samples" / "ampliacion-reserva-2026.yaml").read_text(encoding="utf-8")
    inicio = texto.index("ampliacion_reserva:")
    posicion = texto.index("  fundamentos:\n", inicio) + len("  fundamentos:\n")
    texto = texto[:posicion] + "    - lftaip.110.I\n" + texto[posicion:]
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso), "--json")
    hallazgos = json.loads(salida)["hallazgos"]
    assert codigo == 2
    assert any(h["codigo"] == "VIG-01" and h["nivel"] == "error" and h["campo"].startswith("ampliacion_reserva.fundamentos")
               for h in hallazgos), hallazgos


def test_la_ampliacion_imprime_su_prueba_de_dano(cli, tmp_path):
    """Art. 104: la ampliación se justifica «mediante la aplicación de una prueba de daño»; el
    documento la escribe con sus tres partes (antes, el bloque no la mostraba)."""
    salida = tmp_path / "a.docx"
    codigo, _, errores = cli("generar", str(RAIZ / "samples" / "ampliacion-reserva-2026.yaml"), "-o", str(salida))
    assert codigo in (0, 1), errores
    texto = texto_docx(salida.read_bytes())
    assert "Prueba de daño:" in texto
    for parte in ("I. La divulgación", "II. ", "III. "):
        assert parte in texto
