"""Un campo mal escrito en un bloque, un diseño o una cláusula se ve al validar, no con el
primer caso real que pasa por esa rama (``plantillas/campos_usados.py``)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from generador.expediente.modelo import Expediente
from generador.plantillas.campos_usados import campos_desconocidos
from generador.plantillas.entorno import crear_entorno
from generador.plantillas.perfil import Perfil

from .conftest import RAIZ

RAICES = {"exp": Expediente, "inst": Perfil}


def _desconocidos(texto: str) -> list[tuple[str, int]]:
    return campos_desconocidos(crear_entorno().parse(texto), RAICES)


@pytest.mark.parametrize("texto, campo, sugerido, linea", [
    ("{{ exp.ofcio }}", "ofcio", "oficio", 1),
    ("\n{{ exp['asnto'] }}", "asnto", "asunto", 2),
    ("{% for s in exp.solicitudes %}\n{{ s.foli }}{% endfor %}", "foli", "folio", 2),
    ("{{ exp.solicitudes[0].fecah }}", "fecah", "fecha", 1),
    ("{{ (exp.solicitudes | first).folo }}", "folo", "folio", 1),
    ("{% set ses = exp.sesion %}{{ ses.numer }}", "numer", "numero", 1),
    ("{{ exp.firmantes_en_orden()[0].cargp }}", "cargp", "cargo", 1),
    ("{% for c in exp.clasificaciones %}{{ c.periodo_reserva.anos }}{% endfor %}", "anos", "anios", 1),
    ("{{ inst.siglaz }}", "siglaz", "siglas", 1),
    ("{% for m in inst.miembros %}{% if m %}{{ m.nombr }}{% endif %}{% endfor %}", "nombr", "nombre", 1),
])
def test_campo_mal_escrito(texto, campo, sugerido, linea):
    (hallazgo,) = _desconocidos(texto)
    mensaje, linea_hallada = hallazgo
    assert f"usa «{campo}», que no es un dato de" in mensaje
    assert f"¿quiso decir «{sugerido}»?" in mensaje
    assert linea_hallada == linea


@pytest.mark.parametrize("texto", [
    "{{ exp.oficio }}{{ exp.folios | join(', ') }}{{ exp.fecha.year }}",
    "{% for s in exp.solicitudes %}{{ s.folio }}{{ s.fecha }}{{ loop.index }}{% endfor %}",
    "{% for x in exp.folios %}{{ x.upper() }}{% endfor %}",
    "{% for c in exp.clasificaciones %}{{ c.periodo_reserva.expiracion() }}{% endfor %}",
    # Un nombre atado a dos cosas distintas, o un parámetro de macro: no se afirma nada.
    "{% set x = exp.sesion %}{% set x = inst %}{{ x.siglas }}{{ x.numero }}",
    "{% macro m(s) %}{{ s.lo_que_sea }}{% endmacro %}{% for s in exp.solicitudes %}{{ m(s) }}{% endfor %}",
    "{% for a, b in exp.solicitudes | map(attribute='folio') | batch(2) %}{{ a.b }}{% endfor %}",
    "{{ (exp.solicitudes | map(attribute='folio') | first).upper() }}",
])
def test_sin_falsos_positivos(texto):
    assert _desconocidos(texto) == []


def test_los_textos_y_disenos_del_proyecto_no_tienen_campos_desconocidos():
    entorno = crear_entorno()
    for plantilla in sorted((RAIZ / "plantillas").rglob("*.j2")):
        if "nuevos" in plantilla.parts:
            continue
        arbol = entorno.parse(plantilla.read_text(encoding="utf-8"))
        assert campos_desconocidos(arbol, RAICES) == [], plantilla


def test_plantillas_validar_nombra_el_campo_y_la_linea(cli, tmp_path):
    carpeta = tmp_path / "mis_plantillas"
    bloque = carpeta / "textos" / "reserva" / "cuerpo.html.j2"
    bloque.parent.mkdir(parents=True)
    bloque.write_text("<p>{{ exp.oficio }}</p>\n{% if exp.tipo == 'mixta' %}\n"
                      "<p>{% for s in exp.solicitudes %}{{ s.foio }}{% endfor %}</p>{% endif %}\n", encoding="utf-8")
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 2
    assert "cuerpo.html.j2, línea 3: usa «foio», que no es un dato de Solicitud" in salida
    assert "¿quiso decir «folio»?" in salida


def test_plantillas_validar_revisa_los_campos_del_perfil_en_un_diseno(cli, tmp_path):
    carpeta = tmp_path / "mis_plantillas"
    (carpeta / "word").mkdir(parents=True)
    diseno = carpeta / "word" / "resolucion.docx"
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", diseno)
    with zipfile.ZipFile(diseno) as origen:
        partes = {n: origen.read(n) for n in origen.namelist()}
    encabezado = partes["word/header1.xml"].decode("utf-8")
    assert "{{ oficio }}" in encabezado
    partes["word/header1.xml"] = encabezado.replace("{{ oficio }}", "{{ oficio }} {{ inst.nombre_corto }}").encode()
    with zipfile.ZipFile(diseno, "w", zipfile.ZIP_DEFLATED) as destino:
        for nombre, datos in partes.items():
            destino.writestr(nombre, datos)
    codigo, salida, _ = cli("plantillas", "validar", str(carpeta))
    assert codigo == 2
    assert "usa «nombre_corto», que no es un dato de Perfil" in salida


def test_catalogo_validar_revisa_los_campos_de_una_clausula(cli, tmp_path):
    propia = tmp_path / "catalogo"
    propia.mkdir()
    (propia / "clausulas.yaml").write_text(
        "clausulas:\n"
        "  - id: resolutivo.propio\n"
        "    tipo: resolutivo\n"
        "    titulo: Prueba\n"
        "    texto: |-\n"
        "      Se notifica a quien solicitó\n"
        "      {{ exp.solicitudes[0].folo }}.\n", encoding="utf-8")
    codigo, salida, errores = cli("catalogo", "validar", str(propia))
    assert codigo == 2
    texto = salida + errores
    assert "usa «folo», que no es un dato de Solicitud" in texto and "¿quiso decir «folio»?" in texto
    assert "clausulas.yaml" in texto and "línea 7" in texto


def test_con_la_base_ligera_de_los_modelos_tambien(tmp_path):
    """El programa instalado usa la base ligera de los modelos (sin las anotaciones de pydantic en
    ``model_fields``): una cláusula propia hacía fallar ``generar`` con una traza y los campos mal
    escritos no se veían. La primera corrida guarda los validadores; las siguientes ya son ligeras,
    y cada catálogo distinto se revisa de nuevo (uno igual saldría de la caché, ya revisado)."""
    import subprocess
    import sys

    from .conftest import MUESTRA, entorno_de_modelos

    entorno = entorno_de_modelos(tmp_path / "cache", "ligero")

    def correr(*argumentos):
        resultado = subprocess.run([sys.executable, "-m", "generador", *argumentos], env=entorno,
                                   capture_output=True, text=True, timeout=120)
        assert "Traceback" not in resultado.stderr, resultado.stderr
        return resultado.returncode, resultado.stdout + resultado.stderr

    assert correr("generar", str(MUESTRA), "-o", str(tmp_path / "r.docx"), "--sobrescribir")[0] == 0
    catalogo = tmp_path / "catalogo"
    catalogo.mkdir()
    clausula = ("clausulas:\n  - id: resolutivo.propio\n    tipo: resolutivo\n    titulo: Prueba\n"
                "    texto: Se notifica {{ exp.solicitudes[0].folio }}{{ exp.solicitudes[0].FOLIO_MAL }}.\n")
    (catalogo / "clausulas.yaml").write_text(clausula, encoding="utf-8")
    codigo, texto = correr("catalogo", "validar", str(catalogo))
    assert codigo == 2 and "usa «FOLIO_MAL», que no es un dato de Solicitud" in texto, texto
    (catalogo / "clausulas.yaml").write_text(clausula.replace("{{ exp.solicitudes[0].FOLIO_MAL }}", ""),
                                             encoding="utf-8")
    codigo, texto = correr("generar", str(MUESTRA), "--catalogo", str(catalogo), "-o", str(tmp_path / "r.docx"),
                           "--sobrescribir")
    assert codigo == 0, texto
