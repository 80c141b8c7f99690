"""Arranque en frío: ``generar`` importa solo lo que usa (issue 6).

No se mide tiempo (eso es de ``benchmarks/``): se comprueba qué módulos quedan
cargados tras generar un documento en un proceso nuevo, para que una importación
descuidada (el lote, la web, el PDF, python-docx) no vuelva a pagarse en cada
llamada.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from .conftest import MUESTRA

# Lo que ``generar`` a .docx no necesita: otros comandos, python-docx/docxtpl
# (solo al preparar un diseño nuevo), lxml, la web, tablas, procesos, PDF, y
# urllib (lo arrastraba xml.sax.saxutils solo para escapar tres caracteres).
NO_DEBEN_CARGARSE = [
    "generador.cli.lote", "generador.lote", "generador.cli.plantillas", "generador.plantillas.revision",
    "generador.web", "generador.pdf", "generador.plantillas.esqueletos", "generador.redaccion.calendario",
    "generador.cli.servir", "generador.cli.catalogo", "generador.cli.nuevo",
    "docx", "docxtpl", "lxml", "flask", "werkzeug", "openpyxl", "ruamel", "holidays",
    "multiprocessing", "subprocess", "xml.sax", "urllib.request",
    # num2words completo carga sus 56 idiomas; letras.py carga solo el español (issue 19).
    "num2words", "_num2words_es.lang_EN", "_num2words_es.lang_DE",
    # Con los validadores ya guardados, los modelos usan la base ligera (generador.modelos):
    # ni pydantic ni lo que solo él usa se importan (~75 ms; issue 19), ni se buscan
    # complementos de pydantic (importlib.metadata y el correo de la biblioteca estándar).
    "pydantic", "annotated_types", "typing_inspection", "importlib.metadata", "email",
]
# Sin registrar (como mide benchmarks/), ni el paquete de pydantic-core: solo su módulo compilado
# (modelos/nucleo.py); las claves del diseño y de las citas no serializan con él
# (modelos/huella.py), que lo importaría (~18 ms). Registrar guarda el expediente serializado
# por pydantic-core, y eso sí lo importa.
NO_DEBEN_CARGARSE_SIN_REGISTRO = ["pydantic_core.core_schema", "typing_extensions", "platformdirs"]
# (difflib sí se carga: Click lo importa al probar «-o» como opción larga antes de
# leerla como corta; cuesta un milisegundo y no depende de nosotros.)

_PROGRAMA = """
import atexit, gc, json, sys
# Registrado antes que el de generador: corre después (atexit va en orden inverso) y ve si
# los objetos quedaron congelados antes de la limpieza final.
atexit.register(lambda: print(json.dumps({"congelados": gc.get_freeze_count()})))
from generador.cli import main
try:
    main()  # como el programa «resoluciones» (y «python -m generador»): lee sys.argv
except SystemExit as fin:
    codigo = fin.code
modulos = sorted(sys.modules)
from generador.modelos import base, modo
def subclases(c):
    for s in c.__subclasses__():
        yield s
        yield from subclases(s)
modelos = [m for m in subclases(base.BaseModel) if m.__module__.startswith("generador.")]
armados = sorted({m.__name__ for m in modelos if m.__dict__.get("__pydantic_complete__")})
instalados = sorted({m.__name__ for m in modelos if "__pydantic_validator__" in m.__dict__})
print(json.dumps({"codigo": codigo, "modulos": modulos, "armados": armados, "instalados": instalados,
                  "ligero": modo.ligero(), "base": base.BaseModel.__module__}))
"""


def _cargados(tmp_path_factory, *opciones: str) -> set[str]:
    salida = tmp_path_factory.mktemp("arranque") / "r.docx"
    # Un diseño ya preparado en la caché es el caso de todos los días; la primera
    # corrida lo prepara (y entonces sí usa python-docx).
    for _ in range(2):
        proceso = subprocess.run(
            [sys.executable, "-c", _PROGRAMA, "generar", str(MUESTRA), "-o", str(salida), "--sobrescribir", *opciones],
            capture_output=True, text=True, check=True,
        )
    resultado = json.loads(proceso.stdout.splitlines()[-2])
    assert resultado["codigo"] in (0, None), proceso.stderr
    assert salida.stat().st_size > 0
    with zipfile.ZipFile(salida) as documento:  # completo: la salida se escribió antes de salir
        assert documento.testzip() is None and "word/document.xml" in documento.namelist()
    return (set(resultado["modulos"]) | {f"congelados={json.loads(proceso.stdout.splitlines()[-1])['congelados']}"}
            | {f"armado={m}" for m in resultado["armados"]} | {f"instalado={m}" for m in resultado["instalados"]}
            | {f"ligero={resultado['ligero']}", f"base={resultado['base']}"})


@pytest.fixture(scope="module")
def cargados(tmp_path_factory) -> set[str]:
    return _cargados(tmp_path_factory)


@pytest.fixture(scope="module")
def cargados_sin_registro(tmp_path_factory) -> set[str]:
    return _cargados(tmp_path_factory, "--sin-registro")


@pytest.mark.parametrize("modulo", NO_DEBEN_CARGARSE + NO_DEBEN_CARGARSE_SIN_REGISTRO)
def test_generar_sin_registro_no_importa_lo_que_no_usa(cargados_sin_registro, modulo):
    presentes = sorted(m for m in cargados_sin_registro if m == modulo or m.startswith(modulo + "."))
    assert not presentes, f"generar --sin-registro importó {presentes}"
    assert "generador.word.motor" in cargados_sin_registro  # control: sí generó


@pytest.mark.parametrize("modulo", NO_DEBEN_CARGARSE)
def test_generar_no_importa_lo_que_no_usa(cargados, modulo):
    presentes = sorted(m for m in cargados if m == modulo or m.startswith(modulo + "."))
    assert not presentes, f"generar importó {presentes}"


def test_generar_si_importa_lo_que_usa(cargados):
    # Control de la prueba: si el programa no llegara a generar, la lista de
    # arriba pasaría sin decir nada.
    assert {"generador.word.motor", "generador.redaccion", "jinja2", "yaml"} <= cargados


def test_generar_carga_solo_el_espanol_de_num2words(cargados):
    assert "_num2words_es.lang_ES" in cargados
    # lang_EU es la base de los idiomas europeos, de la que hereda el español.
    assert not [m for m in cargados if m.startswith("_num2words_es.lang_")
                and m not in ("_num2words_es.lang_ES", "_num2words_es.lang_EU")]


def test_al_salir_los_objetos_estan_congelados(cargados):
    # gc.freeze al salir: la limpieza final no recorre cada objeto (issue 19).
    (congelados,) = [m for m in cargados if m.startswith("congelados=")]
    assert int(congelados.split("=")[1]) > 0


def test_el_espanol_solo_escribe_lo_mismo_que_num2words():
    programa = (
        "import json\n"
        "from generador import letras\n"
        "numeros = list(range(0, 2000)) + [21000, 100000, 999999, 1000000, 21000000, 999999999999]\n"
        "nuestro = [letras._cardinal(n) for n in numeros]\n"
        "from num2words import num2words\n"
        "print(json.dumps(nuestro == [num2words(n, lang='es') for n in numeros]))\n"
    )
    proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True, check=True)
    assert proceso.stdout.strip() == "true"


def test_generar_no_arma_validadores_con_los_guardados(cargados):
    """Los esquemas que pydantic armó quedaron guardados en la caché en la primera corrida
    (``modelos/guardados.py``, issue 19): la segunda usa la base ligera, no arma ninguno,
    instala los del expediente, el perfil y el catálogo, y ninguno de una parte suelta (se
    validan dentro del expediente)."""
    assert "ligero=True" in cargados and "base=generador.modelos.ligero" in cargados
    assert sorted(m for m in cargados if m.startswith("armado=")) == []
    instalados = {m.split("=")[1] for m in cargados if m.startswith("instalado=")}
    assert {"Expediente", "Perfil"} <= instalados
    assert not instalados & {"Clasificacion", "Firmante", "Resolutivo"}


def test_importar_los_modelos_del_perfil_no_arma_validadores():
    """Perfil, estructura, estilo de citas, frases y catálogo: ``defer_build`` (issue 19). Sus
    validadores se arman al validar el primer perfil o archivo, nunca al importar."""
    programa = (
        "import json, pydantic\n"
        "import generador.plantillas.perfil, generador.plantillas.estructura, generador.plantillas.frases\n"
        "import generador.plantillas.estilo_citas, generador.catalogo.modelos, generador.expediente\n"
        "def subclases(c):\n"
        "    for s in c.__subclasses__():\n"
        "        yield s\n"
        "        yield from subclases(s)\n"
        "modelos = {m for m in subclases(pydantic.BaseModel) if m.__module__.startswith('generador.')}\n"
        "print(json.dumps([len(modelos), sorted(m.__name__ for m in modelos if m.__dict__.get('__pydantic_complete__'))]))\n"
    )
    proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True, check=True)
    cuantos, armados = json.loads(proceso.stdout)
    assert cuantos > 20  # control: los modelos sí se importaron
    assert armados == []


def test_version_no_calcula_claves_de_modelos():
    """``resoluciones --version`` (y cualquier orden que no valide modelos) solo deja dicho que
    ``generar`` o ``validar`` prefieren la base ligera: no importa ``modelos.modo``, que calcula
    claves con hashlib y la huella del código (issue 19)."""
    proceso = subprocess.run([sys.executable, "-X", "importtime", "-m", "generador", "--version"],
                             capture_output=True, text=True, check=True)
    importados = {linea.rsplit("|", 1)[-1].strip() for linea in proceso.stderr.splitlines() if "|" in linea}
    assert "generador.modelos.pedido" in importados  # control: sí se leyó lo que importa
    assert not importados & {"generador.modelos.modo", "generador.cache", "hashlib"}
