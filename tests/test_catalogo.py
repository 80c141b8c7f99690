"""El catálogo: contenido, formato, catálogos del usuario y comandos ``catalogo``."""

from __future__ import annotations

import json
import re

import pytest

from generador import catalogo as cat

from .conftest import MUESTRA, RAIZ

SEMILLA_LINEAMIENTOS = RAIZ.parent / "shared" / "seeds" / "002_6a54730e4a762206.txt"


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


def _normal(texto: str) -> str:
    return " ".join(texto.split())


def test_todos_los_numerales_de_los_lineamientos(catalogo):
    for numero in range(1, 75):
        assert f"lgcd.{numero}" in catalogo.disposiciones, numero
    assert catalogo.disposiciones["lgcd.3"].derogado  # Tercero: derogado en 2022
    assert catalogo.instrumentos["lgcd"].unidad == "numeral"


def test_fracciones_contenidas_en_su_articulo(catalogo):
    """El texto de cada fracción está, tal cual, dentro del de su artículo."""
    for id_, d in catalogo.disposiciones.items():
        if not d.fraccion or d.texto is None or d.inciso:
            continue
        padre_id = id_.rsplit(".", 1)[0]
        padre = catalogo.disposiciones.get(padre_id)
        if padre is None or padre.texto is None:
            continue
        assert _normal(d.texto) in _normal(padre.texto), id_


def test_textos_de_los_lineamientos_coinciden_con_la_semilla(catalogo):
    """Cada párrafo de cada numeral aparece en la semilla (con saltos de línea unidos)."""
    if not SEMILLA_LINEAMIENTOS.is_file():
        pytest.skip("la semilla de los Lineamientos no está junto al repositorio")
    semilla = _normal(SEMILLA_LINEAMIENTOS.read_text(encoding="utf-8"))
    faltan = []
    for numero in (4, 5, 7, 8, 17, 33, 34, 38, 51):
        for parrafo in catalogo.disposiciones[f"lgcd.{numero}"].texto.split("\n"):
            # En la semilla los números de fracción quedaron separados de su texto.
            fragmento = _normal(re.sub(r"^([IVXL]+|\d+)\.\s*", "", parrafo))[:80]
            if len(fragmento) > 40 and fragmento not in semilla:
                faltan.append((numero, fragmento))
    assert not faltan


def test_entrada_sin_texto_dice_por_que(catalogo):
    for d in catalogo.disposiciones.values():
        if d.texto is None and not d.versiones:
            assert d.sin_texto, d.id


def test_ley_general_2025_causales_y_prueba_de_dano(catalogo):
    for romano in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                   "XIV", "XV", "XVI", "XVII"):
        assert f"lgtaip2025.112.{romano}" in catalogo.disposiciones
    texto = catalogo.disposiciones["lgtaip2025.107"].texto
    assert "riesgo real, demostrable e identificable" in texto
    assert catalogo.instrumentos["lgtaip2025"].vigencia.desde.isoformat() == "2025-03-21"
    assert catalogo.instrumentos["lftaip"].vigencia.hasta.isoformat() == "2025-03-20"


def test_sucesoras_por_materia(catalogo):
    assert catalogo.disposiciones["lftaip.110.I"].sucesora == "lgtaip2025.112.I"
    assert catalogo.disposiciones["lgtaip2015.113.XIII"].sucesora == "lgtaip2025.112.XVII"
    assert catalogo.disposiciones["lgtaip2015.104"].sucesora == "lgtaip2025.107"


def test_version_vigente_por_fecha(catalogo):
    """Una disposición con dos versiones devuelve la vigente en cada fecha."""
    fundamento = catalogo.fundamento("lsn.5")
    antes, _ = fundamento.texto_en(__import__("datetime").date(2010, 1, 1))
    despues, _ = fundamento.texto_en(__import__("datetime").date(2026, 1, 1))
    assert antes is None and despues and "espionaje" in despues


def _catalogo_con_fallas(carpeta):
    (carpeta / "propio.yaml").write_text(
        "instrumento:\n"
        "  id: ri_ejemplo\n"
        "  nombre: Reglamento Interior del Instituto de Ejemplo\n"
        "  tipo: reglamento\n"
        "  genero: m\n"
        "disposiciones:\n"
        "  - id: ri_ejemplo.5\n"
        "    articulo: \"5\"\n"
        "    texto: Texto del artículo 5.\n"
        "  - id: ri_ejemplo.5\n"               # id repetido (línea 10)
        "    articulo: \"5\"\n"
        "    texto: Otra vez.\n"
        "  - id: ri_ejemplo.6\n"
        "    articulo: \"6\"\n"
        "    texto: null\n"                    # sin texto y sin explicación (línea 15)
        "  - id: ri_ejemplo.7\n"
        "    articulo: \"7\"\n"
        "    texto: Texto.\n"
        "    relacionadas: [lftaip.999]\n",    # enlace roto
        encoding="utf-8")
    (carpeta / "clausulas.yaml").write_text(
        "clausulas:\n"
        "  - id: resolutivo.roto\n"
        "    tipo: resolutivo\n"
        "    titulo: Con Jinja roto\n"
        "    texto: >-\n"
        "      Se resuelve {% if %} algo.\n", encoding="utf-8")


def test_catalogo_validar_encuentra_cada_falla(cli, tmp_path):
    _catalogo_con_fallas(tmp_path)
    codigo, salida, _ = cli("catalogo", "validar", str(tmp_path))
    assert codigo == 2
    assert re.search(r"propio\.yaml, línea 10 — campo «ri_ejemplo\.5»: id repetido", salida), salida
    assert re.search(r"propio\.yaml, línea 1[3-5].*sin_texto", salida), salida
    assert "enlace roto: «lftaip.999»" in salida
    assert re.search(r"clausulas\.yaml, línea 6.*sintaxis de Jinja", salida), salida


def test_catalogo_validar_base(cli):
    codigo, salida, _ = cli("catalogo", "validar")
    assert codigo == 0 and "Catálogo válido" in salida


def test_catalogo_del_usuario_anade_y_sustituye(cli, tmp_path, monkeypatch):
    (tmp_path / "sre.yaml").write_text(
        "instrumento:\n"
        "  id: risre\n"
        "  nombre: Reglamento Interior de la Secretaría de Relaciones Exteriores\n"
        "  tipo: reglamento\n"
        "  genero: m\n"
        "disposiciones:\n"
        "  - id: risre.34\n"
        "    articulo: \"34\"\n"
        "    texto: Texto propio del artículo 34.\n"
        "  - id: risre.35\n"
        "    articulo: \"35\"\n"
        "    texto: Texto propio del artículo 35.\n", encoding="utf-8")
    codigo, salida, _ = cli("catalogo", "mostrar", "risre.35", "--catalogo", str(tmp_path))
    assert codigo == 0 and "Texto propio del artículo 35." in salida
    monkeypatch.setenv("RESOLUCIONES_CATALOGO", str(tmp_path))
    codigo, salida, _ = cli("catalogo", "mostrar", "risre.34")
    assert codigo == 0 and "Texto propio del artículo 34." in salida


def test_catalogo_citar(cli):
    codigo, salida, _ = cli("catalogo", "citar", "lgcd.34", "lftaip.110.I", "cpeum.6.A.I")
    assert codigo == 0
    assert salida.strip() == (
        "artículos 6o., apartado A, fracción I, de la Constitución Política de los Estados Unidos "
        "Mexicanos; 110, fracción I, de la Ley Federal de Transparencia y Acceso a la Información "
        "Pública; numeral Trigésimo Cuarto de los Lineamientos Generales en materia de clasificación "
        "y desclasificación de la información, así como para la elaboración de versiones públicas, "
        "publicados en el Diario Oficial de la Federación el 15 de abril de 2016")


def test_catalogo_buscar_sin_acentos_ni_mayusculas(cli):
    codigo, salida, _ = cli("catalogo", "buscar", "INFORMACION RESERVADA POR MOTIVOS DE SEGURIDAD")
    assert codigo == 0 and salida.startswith("lsn.51 ")


def test_catalogo_listar_json_por_etiqueta(cli):
    codigo, salida, _ = cli("catalogo", "listar", "--etiqueta", "reserva", "--vigentes-en", "2026-01-01", "--json")
    filas = json.loads(salida)
    ids = {f["id"] for f in filas}
    assert "lgtaip2025.112.I" in ids and "lftaip.110.I" not in ids


def test_catalogo_mostrar_sin_texto_y_desconocido(cli):
    codigo, salida, _ = cli("catalogo", "mostrar", "lftaip.110.I")
    assert codigo == 0 and "[Sin texto]" in salida and "Sucesora: lgtaip2025.112.I" in salida
    codigo, _, errores = cli("catalogo", "mostrar", "lftaip.110.l")
    assert codigo == 2 and "lftaip.110.I" in errores


def test_advertencia_de_vigencia_y_estricto(cli, tmp_path):
    # Issue 12: un fundamento no vigente en la fecha de la resolución es un error por omisión (antes, una
    # advertencia); solo una excepción razonada del caso («excepciones_vigencia») lo baja a advertencia.
    caso = tmp_path / "caso.yaml"
    caso.write_text(MUESTRA.read_text(encoding="utf-8").replace("fecha: 2018-11-21", "fecha: 2026-11-20"),
                    encoding="utf-8")
    codigo, salida, _ = cli("validar", str(caso))
    assert codigo == 2
    assert "error VIG-01" in salida
    assert "«lftaip.110.I»" in salida and "Disposición sucesora: «lgtaip2025.112.I»" in salida
    codigo, _, errores = cli("generar", str(caso), "--estricto", "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and not (tmp_path / "r.docx").exists()
    codigo, _, errores = cli("generar", str(caso), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "VIG-01" in errores and not (tmp_path / "r.docx").exists()


def test_fundamentos_por_omision_segun_la_fecha(tmp_path):
    """Sin fundamentos en la cláusula, una resolución de 2026 cita la Ley General de 2025."""
    from generador.tuberia import generar_docx, leer_caso

    from .conftest import texto_docx

    texto = MUESTRA.read_text(encoding="utf-8").replace("fecha: 2018-11-21", "fecha: 2026-11-20")
    texto = texto.replace("      fundamentos: [lftaip.102, lftaip.140.I, lftaip.t3]\n", "      {}\n")
    texto = texto.replace("    variables:\n      {}\n", "    variables: {}\n")
    caso = tmp_path / "caso.yaml"
    caso.write_text(texto, encoding="utf-8")
    documento = texto_docx(generar_docx(leer_caso(caso)))
    assert ("competente para resolver respecto del presente asunto de conformidad con el artículo "
            "40, fracción II, de la Ley General de Transparencia y Acceso a la Información "
            "Pública.") in documento


def test_sugerencias_primero_la_que_solo_difiere_en_mayusculas(catalogo, cli):
    assert catalogo.parecidos("lgtaip2025.112.i")[0] == "lgtaip2025.112.I"
    assert catalogo.parecidos("LGCD.17.iv")[0] == "lgcd.17.IV"
    codigo, _, errores = cli("catalogo", "mostrar", "lgtaip2025.112.i")
    assert codigo == 2 and "¿quiso decir lgtaip2025.112.I," in errores


def test_buscar_marca_lo_no_vigente_y_filtra_por_fecha(cli):
    codigo, salida, _ = cli("catalogo", "buscar", "seguridad nacional")
    lineas = {l.split()[0]: l for l in salida.splitlines() if l and not l.startswith(" ")}
    assert "[no vigente hoy: rigió hasta el 2025-03-20]" in lineas["lftaip.110.I"]
    assert "no vigente" not in lineas["lgtaip2025.112.I"]
    _, en_2026, _ = cli("catalogo", "buscar", "seguridad nacional", "--vigentes-en", "2026-03-10")
    _, en_2018, _ = cli("catalogo", "buscar", "seguridad nacional", "--vigentes-en", "2018-11-21")
    assert "lgtaip2025.112.I " in en_2026 and "lftaip.110.I " not in en_2026
    assert "lftaip.110.I " in en_2018 and "lgtaip2025.112.I " not in en_2018


def test_buscar_por_palabras_en_cualquier_orden(cli):
    # La búsqueda anterior era una subcadena: «fraccion I 110» no encontraba nada.
    codigo, salida, _ = cli("catalogo", "buscar", "fraccion I 110")
    assert codigo == 0 and salida.startswith("lftaip.110.I ")


def test_buscar_pone_primero_lo_que_coincide_en_la_cita_o_el_rubro():
    from generador.catalogo import cargar
    from generador.catalogo.busqueda import buscar, sin_acentos

    resultados = buscar(cargar(), "Seguridad Nacional")
    en_cita = [sin_acentos(f"{r.id} {r.cita} {r.fundamento.disposicion.rubro or ''}").count("seguridad nacional") > 0
               for r in resultados]
    assert True in en_cita and False in en_cita, "la prueba necesita resultados de los dos tipos"
    # Todos los que la tienen en la cita o el rubro van antes que los que solo la tienen en el texto.
    assert en_cita == sorted(en_cita, reverse=True)
    # Y en cada resultado están las dos palabras, en algún lugar.
    for r in resultados:
        textos = [r.fundamento.disposicion.texto or "", *(v.texto or "" for v in r.fundamento.disposicion.versiones)]
        todo = sin_acentos(" ".join([r.id, r.cita, r.fundamento.disposicion.rubro or "", *textos]))
        assert "seguridad" in todo and "nacional" in todo


def _catalogo_con_clausula(tmp_path, texto: str):
    carpeta = tmp_path / "cat"
    carpeta.mkdir()
    (carpeta / "c.yaml").write_text(
        "clausulas:\n  - id: resolutivo.prueba\n    tipo: resolutivo\n    titulo: Prueba\n"
        "    variables:\n      x:\n        descripcion: algo\n    texto: >-\n      " + texto + "\n",
        encoding="utf-8")
    return carpeta


@pytest.mark.parametrize("texto, mensaje", [
    ("{{ x | mayusculass }}", "usa el filtro «mayusculass», que no existe; ¿quiso decir «mayusculas»"),
    ("{% if x is definedd %}a{% endif %}", "usa la prueba «definedd», que no existe; ¿quiso decir «defined»"),
    ("{{ citar(['lgtaip2025.112.I', 'lgtaip2025.9999']) }} {{ x }}", "cita «lgtaip2025.9999», que no está en el catálogo"),
    ("{% if x %}a", "la plantilla termina sin cerrar el bloque «if» (falta {% endif %})"),
])
def test_clausula_con_filtro_prueba_o_cita_desconocidos(cli, tmp_path, texto, mensaje):
    """Antes: un filtro desconocido era una traza de Python (código 1); una prueba o una cita
    inexistente pasaban la validación y fallaban al generar, sin archivo ni línea."""
    carpeta = _catalogo_con_clausula(tmp_path, texto)
    codigo, salida, errores = cli("catalogo", "validar", str(carpeta))
    assert codigo == 2 and mensaje in salida + errores, salida + errores
    assert "Traceback" not in salida + errores and "c.yaml, línea 9" in salida + errores


def test_mensajes_de_sintaxis_de_jinja_en_espanol():
    import jinja2

    from generador.plantillas.entorno import mensaje_de_jinja

    esperados = {
        "{{ x }": "«}» inesperado",
        "{{ x y }}": "se esperaba «}}» y se encontró «y»",
        "{% foo %}": "etiqueta desconocida «foo»",
        "{% if x %}{% endfor %}": "etiqueta «endfor» inesperada: falta cerrar antes el bloque «if» ({% endif %})",
        "{{ ": "la plantilla termina con una etiqueta sin cerrar («}}» o «%}»)",
    }
    for plantilla, esperado in esperados.items():
        with pytest.raises(jinja2.TemplateSyntaxError) as error:
            jinja2.Environment().parse(plantilla)
        assert mensaje_de_jinja(error.value.message) == esperado
    assert mensaje_de_jinja("algo que no se conoce") == "algo que no se conoce"


def test_vigencia_que_termina_antes_de_empezar(cli, tmp_path):
    carpeta = tmp_path / "cat"
    carpeta.mkdir()
    (carpeta / "ley.yaml").write_text(
        "instrumento:\n  id: ltest\n  nombre: Ley de Prueba\n  tipo: ley\n  unidad: articulo\n"
        "  vigencia:\n    desde: 2024-05-01\n    hasta: 2020-01-01\n"
        "disposiciones:\n  - id: ltest.1\n    articulo: \"1\"\n    texto: Texto.\n", encoding="utf-8")
    codigo, salida, errores = cli("catalogo", "validar", str(carpeta))
    assert codigo == 2 and "la vigencia termina (2020-01-01) antes de empezar (2024-05-01)" in salida + errores
