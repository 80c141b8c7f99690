"""La lectura de YAML de una sola pasada da lo mismo que la de dos pasadas (issue 19).

``yaml_lineas.leer_yaml`` arma los datos y las líneas a la vez (``_sencillo``) cuando el
árbol es sencillo, y si no, como siempre (``construct_document`` de PyYAML y luego
``_recorrer``). Aquí se compara con el camino de siempre, escrito tal cual estaba: las
muestras, los catálogos y perfiles del proyecto, YAML hostil escrito a mano (anclas,
alias, etiquetas, claves repetidas o que no son texto, anidamiento hondo) y documentos al
azar. Los datos, las líneas, el inicio de cada valor y el error (tipo y mensaje) deben ser
los mismos. El camino de siempre usa también el ``resolve`` de PyYAML (expresiones regulares
por primera letra), no el del cargador (un conjunto).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generador.errores import ErrorDeUsuario
from generador.expediente import yaml_lineas
from generador.expediente.yaml_lineas import Documento, _CargadorLiteral, _recorrer, leer_yaml

RAIZ = Path(__file__).resolve().parent.parent
ARCHIVOS = sorted([*RAIZ.glob("samples/*.yaml"), *RAIZ.glob("catalogo_fundamentos/**/*.yaml"),
                   *RAIZ.glob("perfiles/**/*.yaml"), *RAIZ.glob("plantillas/**/*.yaml")])


class _ResolverDeSiempre(_CargadorLiteral):
    """El cargador con los métodos de PyYAML para etiquetar cada nodo."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def _de_siempre(texto: str, archivo: str) -> Documento:
    """``leer_yaml`` antes del atajo, copiado tal cual estaba."""
    error, _traducir_problema = yaml_lineas.error, yaml_lineas._traducir_problema
    yaml_lineas.revisar_separadores(texto, archivo)  # antes de leer, en los dos caminos
    try:
        cargador = _ResolverDeSiempre(texto)
        try:
            nodo = cargador.get_single_node()
            datos = cargador.construct_document(nodo) if nodo is not None else None
        finally:
            cargador.dispose()
    except RecursionError:
        raise error("el YAML está anidado a demasiada profundidad", archivo=archivo) from None
    except yaml.reader.ReaderError:  # el mismo mensaje que leer_yaml (no es parte del atajo)
        indice = yaml_lineas._NO_IMPRIMIBLES.search(texto).start()
        raise yaml_lineas._error_de_caracter(texto, indice, archivo, "un carácter de control no permitido") from None
    except yaml.MarkedYAMLError as exc:
        marca = exc.problem_mark or exc.context_mark
        problema = (exc.problem or "sintaxis no válida").strip()
        raise error(
            f"el YAML no es válido: {_traducir_problema(problema)}",
            archivo=archivo, linea=(marca.line + 1) if marca else None,
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"el YAML no es válido: {exc}", archivo=archivo) from None
    lineas: dict = {}
    inicio: dict = {}
    if nodo is not None:
        try:
            _recorrer(nodo, (), lineas, archivo, inicio, set())
        except RecursionError:
            raise error("el YAML está anidado a demasiada profundidad", archivo=archivo) from None
    return Documento(datos, lineas, archivo, inicio)


def _resultado(leer, texto: str):
    try:
        doc = leer(texto, "caso.yaml")
    except ErrorDeUsuario as exc:
        return ("error", [str(p) for p in exc.problemas])
    except Exception as exc:  # noqa: BLE001 — que falle igual también cuenta
        return ("excepcion", type(exc).__name__, str(exc))
    return ("datos", repr(doc.datos), doc.datos, doc.lineas, doc.inicio_valor)


def _comparar(texto: str) -> None:
    assert _resultado(leer_yaml, texto) == _resultado(_de_siempre, texto), texto


def test_los_archivos_del_proyecto_dan_lo_mismo():
    assert len(ARCHIVOS) > 14
    for archivo in ARCHIVOS:
        _comparar(archivo.read_text(encoding="utf-8"))


def test_las_muestras_toman_el_atajo(monkeypatch):
    llamadas = []
    original = _CargadorLiteral.construct_document
    monkeypatch.setattr(_CargadorLiteral, "construct_document", lambda self, nodo: llamadas.append(1) or original(self, nodo))
    for archivo in RAIZ.glob("samples/*.yaml"):
        leer_yaml(archivo.read_text(encoding="utf-8"), archivo.name)
    assert llamadas == []


HOSTILES = [
    "", "~", "hola", "- a\n- b", "a: 1\nb:\n  - x\n  - {c: d}\n",
    "a: &x {b: 1}\nc: *x\n",
    "a: &x [1]\nc: *x\n",
    "a: &x hola\nc: *x\n",
    "a: &x [*x]\n",
    "base: &b {x: 1}\nhijo:\n  <<: *b\n  y: 2\n",
    "hijo:\n  !!merge <<: {x: 1}\n",
    "a: !!int 3\nb: !!float 1.5\nc: !!binary aGVsbG8=\nd: !!timestamp 2018-11-21\n",
    "a: !!bool yes\nb: !!bool off\n",
    "a: !!bool quizas\n",
    "a: !!null algo\nb: !!str ~\nc: !!str true\n",
    "a: !!str [1]\n", "a: !!map x\n", "a: !!seq {b: 1}\n", "a: !!null [1]\n",
    "a: !propia x\n", "a: !!python/object:os.system x\n",
    "a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n",
    "true: 1\nTrue: 2\n", "~: 1\nnull: 2\n", "'1': a\n1: b\n",
    "? [a, b]\n: c\n", "? {a: 1}\n: c\n",
    "a: |\n  línea\n  otra\nb: >\n  plegado\n", "a: 'comillas'\nb: \"dobles \\u00e1\"\n",
    "a: !!omap [{b: 1}]\n", "a: !!set {b, c}\n", "a: !!pairs [{b: 1}]\n",
    "= : valor\n", "a: !!value =\n",
    "a: [" * 50 + "]" * 50, "- " * 200 + "x", "a:\n" + "".join(f"{'  ' * i}b{i}:\n" for i in range(1, 120)),
    "[" * 700 + "]" * 700,
    "a: b: c\n", "a:\n\t- b\n", "a: \x07\n", "- a\n b\n",
]


@pytest.mark.parametrize("texto", HOSTILES)
def test_yaml_hostil_da_lo_mismo(texto):
    _comparar(texto)


_ESCALARES = ["a", "'a'", '"b"', "~", "null", "true", "False", "yes", "no", "1", "0001", "2018-02-30", "!!int 5",
              "!!str 7", "!!bool on", "&k v", "*k", "|\n    x", "x y", "[]", "{}", "[a, b]", "{c: d}", "!!null ~"]


def _documento(azar: random.Random, hondura: int = 0) -> str:
    sangria = "  " * hondura
    lineas = []
    for _ in range(azar.randint(1, 4)):
        clave = azar.choice(["a", "b", "c", "true", "~", "'a'", "<<", "1", "!!str x"])
        if hondura < 3 and azar.random() < 0.35:
            lineas.append(f"{sangria}{clave}:\n{_documento(azar, hondura + 1)}")
        elif hondura < 3 and azar.random() < 0.2:
            lineas.append(f"{sangria}{clave}:\n" + "".join(f"{sangria}  - {azar.choice(_ESCALARES)}\n"
                                                          for _ in range(azar.randint(1, 3))))
        else:
            lineas.append(f"{sangria}{clave}: {azar.choice(_ESCALARES)}\n")
    return "".join(lineas)


def test_documentos_al_azar_dan_lo_mismo():
    azar = random.Random(19)
    for _ in range(2000):
        _comparar(_documento(azar))


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.text(max_size=8) | st.integers(),
                    lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=5), hijos, max_size=3),
                    max_leaves=12))
def test_lo_que_escribe_pyyaml_da_lo_mismo(datos):
    _comparar(yaml.safe_dump(datos, allow_unicode=True))


_VALORES = ["", "\n", "~", "~\n", "null", "null\n", "Null", "NULL", "nULL", "nul", "null ", " null", "none",
            "true", "True", "TRUE", "tRUE", "true\n", "false", "False", "FALSE", "falso", "yes", "no", "on",
            "0", "1.5", "2018-02-30", "hola", "\n\n", "a\nb", "null\nnull", "\u00a0", "t", "f", "n", "N"]


@pytest.mark.parametrize("implicito", [(True, False), (False, True), (False, False), (True, True)])
def test_el_resolve_del_cargador_es_el_de_pyyaml(implicito):
    """Cada escalar (llano o entre comillas) y cada lista o mapa reciben la misma etiqueta."""
    nuestro = _CargadorLiteral("")
    de_siempre = _ResolverDeSiempre("")
    try:
        for valor in _VALORES:
            assert nuestro.resolve(yaml.ScalarNode, valor, implicito) == \
                de_siempre.resolve(yaml.ScalarNode, valor, implicito), (valor, implicito)
        for tipo in (yaml.SequenceNode, yaml.MappingNode):
            assert nuestro.resolve(tipo, None, implicito[0]) == de_siempre.resolve(tipo, None, implicito[0])
    finally:
        nuestro.dispose()
        de_siempre.dispose()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("~nNulLtTrRuUeEfFaAsS \n"), max_size=7), st.booleans(), st.booleans())
def test_el_resolve_del_cargador_es_el_de_pyyaml_al_azar(valor, llano, entre_comillas):
    nuestro = _CargadorLiteral("")
    de_siempre = _ResolverDeSiempre("")
    try:
        implicito = (llano, entre_comillas)
        assert nuestro.resolve(yaml.ScalarNode, valor, implicito) == \
            de_siempre.resolve(yaml.ScalarNode, valor, implicito)
    finally:
        nuestro.dispose()
        de_siempre.dispose()
