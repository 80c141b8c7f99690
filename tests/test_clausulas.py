"""Cláusulas del catálogo: prueba de daño por causal, resolutivos y valores por fecha."""

from __future__ import annotations

import re

import pytest

from generador import catalogo as cat
from generador import letras
from generador.tuberia import generar_docx, leer_caso

from .conftest import DATOS, MUESTRA, RAIZ, texto_docx


def _partes_de_la_semilla() -> list[str]:
    """Los puntos I, II y III de la prueba de daño de CTA-40418, tal como están en la semilla."""
    semilla = (DATOS / "cta-40418-semilla.txt").read_text(encoding="utf-8")
    semilla = re.sub(r"\*\*SRE\*\*.*?\*\*RESERVADA\*\*", " ", semilla, flags=re.S).replace("*", "")
    inicio = semilla.index("- I. La divulgación")
    fin = semilla.index("4 de noviembre de 2015).") + len("4 de noviembre de 2015).")
    bloque = " ".join(semilla[inicio:fin].split())
    # Error de transcripción del PDF: «mexicano. -La» por «mexicano.- La» (como en II y III).
    bloque = bloque.replace("mexicano. -La", "mexicano.- La")
    partes = re.split(r"- (?:I|II|III)\. ", bloque)[1:]
    return [p.strip() for p in partes]


def test_prueba_de_dano_de_cta_40418_con_la_clausula_de_seguridad_nacional(tmp_path):
    """La prueba de daño de CTA-40418 = la cláusula de seguridad nacional + las variables del caso."""
    semilla = _partes_de_la_semilla()
    riesgo = semilla[0].split(".- ", 1)[1]
    ponderacion = semilla[1].split(".- ", 1)[1]
    texto = MUESTRA.read_text(encoding="utf-8").replace(
        "    prueba_de_dano:\n      senalada_por: DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN\n",
        "    prueba_de_dano:\n"
        "      clausula: prueba_de_dano.seguridad_nacional\n"
        "      variables:\n"
        "        perjuicio: a los intereses del gobierno mexicano\n"
        f"        riesgo: \"{riesgo}\"\n"
        f"        ponderacion: \"{ponderacion}\"\n")
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    documento = texto_docx(generar_docx(leer_caso(caso))).split("\n")
    parrafos = {p[:4]: p for p in documento if p.startswith(("I. ", "II. ", "III."))}
    assert parrafos["I. L"] == "I. " + semilla[0]
    assert parrafos["II. "] == "II. " + semilla[1]
    # En III la semilla dice «la información que se reservan» (errata); la cláusula corrige
    # la concordancia: es la única diferencia.
    assert parrafos["III."] == "III. " + semilla[2].replace("que se reservan es", "que se reserva es")


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


def test_cada_causal_une_sus_fracciones_y_su_clausula(catalogo):
    causal = catalogo.causales["causal.seguridad_nacional"]
    assert causal.fracciones["lgtaip2025"] == "lgtaip2025.112.I"
    assert causal.fracciones["lftaip"] == "lftaip.110.I"
    assert "lgcd.17" in causal.lineamientos
    assert catalogo.clausulas[causal.clausula].tipo == "prueba_de_dano"
    fracciones_2025 = {c.fracciones.get("lgtaip2025") for c in catalogo.causales.values()}
    assert {f"lgtaip2025.112.{r}" for r in ("I", "V", "VIII", "XIII", "XVI", "XVII")} <= fracciones_2025


def test_categorias_del_trigesimo_octavo(catalogo):
    datos = [c for c in catalogo.categorias.values() if c.id.startswith("datos.")]
    assert sorted(c.numero for c in datos) == list(range(1, 12))
    texto = catalogo.disposiciones["lgcd.38.I"].texto
    for categoria in datos:
        assert categoria.descripcion in texto


def test_muestra_2026_cita_la_ley_general_de_2025(cli, tmp_path):
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(RAIZ / "samples" / "reserva-2026.yaml"), "-o", str(salida))
    assert codigo == 0 and "VIG-01" not in errores
    texto = texto_docx(salida.read_bytes())
    assert ("PRIMERO. Que el Comité de Transparencia de la Institución de Ejemplo es competente para "
            "resolver respecto del presente asunto de conformidad con el artículo 40, fracción II, de la "
            "Ley General de Transparencia y Acceso a la Información Pública.") in texto
    assert "EN SU DÉCIMA PRIMERA SESIÓN ORDINARIA, A VEINTE DE NOVIEMBRE DE DOS MIL VEINTISÉIS." in texto
    assert "Ley Federal de Transparencia" not in texto
    assert re.search(r"^I\. La divulgación de los nombres, horarios y rutas del personal de escolta representa "
                     r"un riesgo real, demostrable e identificable", texto, flags=re.M)


def test_variable_obligatoria_sin_valor_por_fecha(cli, tmp_path):
    """Después de 2025 no hay autoridad garante por omisión: el expediente debe darla."""
    texto = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
    texto = texto.replace("    variables:\n      autoridad_garante: Transparencia para el Pueblo\n", "")
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "«Autoridad garante»" in errores and "resolutivos[3]" in errores
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("n, esperado", [(1, "primera"), (11, "décima primera"), (20, "vigésima"),
                                         (33, "trigésima tercera")])
def test_ordinales_femeninos(n, esperado):
    assert letras.ordinal(n, genero=letras.FEMENINO) == esperado


def test_variable_de_clausula_vacia_o_con_control(cli, tmp_path):
    """Nunca un hueco en el documento: una variable vacía o con caracteres prohibidos es un error."""
    base = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    for valor, mensaje in (('""', "está vacía"), ('"Trans\\aparencia"', "carácter de control")):
        caso.write_text(base.replace("autoridad_garante: Transparencia para el Pueblo", f"autoridad_garante: {valor}"),
                        encoding="utf-8")
        codigo, salida, errores = cli("validar", str(caso))
        assert codigo == 2 and mensaje in salida + errores and "resolutivos[3].variables.autoridad_garante" in salida + errores


def test_nuevo_esqueleto_que_validar_explica(cli, tmp_path):
    esqueleto = tmp_path / "caso.yaml"
    codigo, _, errores = cli("nuevo", "--institucion", "sre", "--fecha", "2026-11-22", "-o", str(esqueleto))
    assert codigo == 0, errores
    texto = esqueleto.read_text(encoding="utf-8")
    assert "institucion: sre" in texto and "lgtaip2025.112.I" in texto and "lftaip" not in texto
    codigo, errores, _ = cli("validar", str(esqueleto))
    assert codigo == 2
    for campo in ("oficio", "solicitudes[1].folio", "respuestas[1].unidad", "clasificaciones[1].motivacion",
                  "firmantes[1].nombre"):
        assert f"«{campo}»" in errores
    # Antes de 2025, el esqueleto trae la Ley Federal.
    codigo, salida, _ = cli("nuevo", "--institucion", "sre", "--fecha", "2019-05-02")
    assert "lftaip.110.I" in salida and "lgtaip2025" not in salida
    codigo, _, errores = cli("nuevo", "--institucion", "sre", "--tipo", "inventado")
    assert codigo == 2 and "reserva" in errores
    codigo, _, errores = cli("nuevo", "--institucion", "sre", "-o", str(esqueleto))
    assert codigo == 2 and "--sobrescribir" in errores


@pytest.mark.parametrize("tipo", ["reserva", "confidencial", "mixta", "inexistencia", "ampliacion", "incompetencia",
                                  "acta", "ampliacion_reserva"])
def test_nuevo_para_cada_tipo(cli, tmp_path, tipo):
    """Cada esqueleto es YAML válido del tipo pedido, y validar explica lo que falta. No trae
    valores de relleno que haya que borrar (un «AAAA-MM-DD» era un error de entrada en la página)."""
    import re

    esqueleto = tmp_path / f"{tipo}.yaml"
    assert cli("nuevo", "--tipo", tipo, "--institucion", "generica", "--fecha", "2026-11-22", "-o", str(esqueleto))[0] == 0
    assert f"tipo: {tipo}\n" in esqueleto.read_text(encoding="utf-8")
    valores = [re.sub(r"\s+#.*", "", linea) for linea in esqueleto.read_text(encoding="utf-8").splitlines()
               if not linea.lstrip().startswith("#")]
    assert not [v for v in valores if "AAAA" in v or "XXXX" in v], valores
    codigo, errores, _ = cli("validar", str(esqueleto))
    assert codigo == 2 and "el YAML no es válido" not in errores and "«oficio»: no puede estar vacío" in errores


@pytest.mark.parametrize("valor, parte", [("no", False), ("sí", True), ("false", False), ("true", True)])
def test_variable_logica_acepta_si_y_no(cli, tmp_path, valor, parte):
    from .conftest import texto_docx

    base = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(base.replace("      parcial: true\n  - clausula: resolutivo.reproduccion",
                                 f"      parcial: {valor}\n  - clausula: resolutivo.reproduccion"), encoding="utf-8")
    salida = tmp_path / "r.docx"
    assert cli("generar", str(caso), "-o", str(salida))[0] == 0
    texto = texto_docx(salida.read_bytes())
    assert ("Se confirma la clasificación de parte de la información" in texto) is parte


def test_fundamentos_de_variable_separados_por_comas(cli, tmp_path):
    from .conftest import texto_docx

    base = (RAIZ / "samples" / "cta-40418-corregida.yaml").read_text(encoding="utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(base.replace("fundamentos: [lftaip.102, lftaip.140.I, lftaip.t3]",
                                 'fundamentos: "lftaip.102, lftaip.140.I, lftaip.t3"'), encoding="utf-8")
    salida = tmp_path / "r.docx"
    assert cli("generar", str(caso), "-o", str(salida))[0] == 0
    assert "los artículos 102, 140, fracción I, y Tercero Transitorio" in texto_docx(salida.read_bytes())


_CLAUSULA_TIPADA = """\
clausulas:
  - id: resolutivo.custodia
    tipo: resolutivo
    titulo: Custodia de la información
    variables:
      desde:
        descripcion: Fecha desde la que se custodia.
        tipo: fecha
      dias:
        descripcion: Días hábiles de custodia.
        tipo: entero
      nota:
        descripcion: Nota opcional.
        obligatoria: false
    texto: >-
      Se custodia desde el {{ desde | fecha_letras }} durante {{ dias + 1 }} días{% if nota is defined %}
      ({{ nota }}){% endif %}.
"""


@pytest.fixture
def caso_con_clausula_tipada(tmp_path):
    carpeta = tmp_path / "catalogo"
    carpeta.mkdir()
    (carpeta / "custodia.yaml").write_text(_CLAUSULA_TIPADA, encoding="utf-8")
    base = (RAIZ / "samples" / "reserva-2026.yaml").read_text(encoding="utf-8")

    def escribir(variables: str):
        caso = tmp_path / "caso.yaml"
        caso.write_text(base.replace(
            "  - clausula: resolutivo.notificacion\n    variables:\n      autoridad_garante: Transparencia para el Pueblo\n",
            "  - clausula: resolutivo.custodia\n    variables:\n" + variables), encoding="utf-8")
        return caso, carpeta

    return escribir


def test_variables_fecha_y_entero_se_convierten(cli, tmp_path, caso_con_clausula_tipada):
    caso, carpeta = caso_con_clausula_tipada("      desde: 2025-02-10\n      dias: \"14\"\n      nota:\n")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "--catalogo", str(carpeta), "-o", str(salida))
    assert codigo in (0, None), errores
    texto = texto_docx(salida.read_bytes())
    # La fecha se escribe con letras y el entero admite aritmética; la nota opcional sin
    # valor es como no darla (nunca «None»).
    assert "Se custodia desde el diez de febrero de dos mil veinticinco durante 15 días." in texto
    assert "None" not in texto


@pytest.mark.parametrize("variables, mensaje, campo", [
    ("      desde:\n      dias: 3\n", "la variable «desde» está vacía", "resolutivos[3].variables.desde"),
    ("      desde: 2025-02-30\n      dias: 3\n", "la fecha 2025-02-30 no existe", "resolutivos[3].variables.desde"),
    ("      desde: ayer\n      dias: 3\n", "es una fecha AAAA-MM-DD", "resolutivos[3].variables.desde"),
    ("      desde: 2025-02-10\n      dias: quince\n", "es un número entero", "resolutivos[3].variables.dias"),
    ("      desde: 2025-02-10\n      dias: 3\n      nota: [a, b]\n", "debe ser texto", "resolutivos[3].variables.nota"),
])
def test_variable_nula_o_de_otro_tipo_es_error(cli, caso_con_clausula_tipada, variables, mensaje, campo):
    caso, carpeta = caso_con_clausula_tipada(variables)
    codigo, salida, _ = cli("validar", str(caso), "--catalogo", str(carpeta))
    assert codigo == 2 and mensaje in salida and f"«{campo}»" in salida, salida
