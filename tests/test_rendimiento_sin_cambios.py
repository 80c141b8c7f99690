"""Los atajos de velocidad dan los mismos hallazgos y la misma salida que el camino completo (issue 19).

La validación en vivo guarda, por expediente, lo que dijo la redacción completa
(``Recursos.problemas_al_generar``) mientras no cambie ningún archivo vigilado. Aquí se
compara con redactar y componer de verdad (``revision_completa.problemas_al_generar``): en
todas las muestras, y antes y después de cambiar un bloque de texto, un perfil o el
catálogo. También los atajos de la redacción: los nombres de un modelo calculados una vez
por clase y el patrón de espacios del HTML que solo toca lo que cambia.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from generador.errores import ErrorDeUsuario, Problema
from generador.plantillas import contexto as modulo_contexto
from generador.plantillas.formato import _ESPACIO_HTML
from generador.rutas import carpeta_datos
from generador.tuberia import caso_desde_bytes
from generador.web import _hallazgo_de
from generador.web import recursos as modulo_recursos
from generador.web.recursos import Recursos
from generador.web.revision_completa import hallazgos_de, problemas_al_generar

from .conftest import MUESTRA

MUESTRAS = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
CUERPO = Path("textos") / "reserva" / "cuerpo.html.j2"


def _textos(problemas: list[Problema]) -> list[str]:
    return [str(p) for p in problemas]


@pytest.fixture
def redacciones(monkeypatch):
    """Cuenta las veces que los recursos redactan y componen de verdad."""
    veces = []
    original = modulo_recursos.generar_docx

    def contar(caso):
        veces.append(caso)
        return original(caso)

    monkeypatch.setattr(modulo_recursos, "generar_docx", contar)
    return veces


@pytest.mark.parametrize("muestra", MUESTRAS, ids=lambda p: p.stem)
def test_mismos_hallazgos_que_el_camino_completo(muestra, redacciones):
    recursos = Recursos([], [])
    entrada = muestra.read_bytes()
    completo = hallazgos_de(entrada.decode("utf-8"), muestra.name, caso_desde_bytes, _hallazgo_de)[0]
    for _ in range(2):  # la segunda, de lo guardado
        assert hallazgos_de(entrada.decode("utf-8"), muestra.name, recursos.caso_desde_bytes,
                            _hallazgo_de)[0] == completo
    assert len(redacciones) == 1


def _carpeta_propia(tmp_path: Path) -> Path:
    """Una carpeta de plantillas del usuario con su propio cuerpo de reserva (el de siempre)."""
    propia = tmp_path / "plantillas"
    (propia / CUERPO).parent.mkdir(parents=True)
    shutil.copy(carpeta_datos("plantillas") / CUERPO, propia / CUERPO)
    return propia


def _comparar(recursos: Recursos, entrada: bytes) -> list[str]:
    caso = recursos.caso_desde_bytes(entrada, "c.yaml")
    guardado = _textos(recursos.problemas_al_generar(caso))
    assert guardado == _textos(problemas_al_generar(recursos.caso_desde_bytes(entrada, "c.yaml")))
    return guardado


def test_un_bloque_de_texto_que_cambia_cambia_los_hallazgos(tmp_path, redacciones):
    propia = _carpeta_propia(tmp_path)
    recursos = Recursos([], [propia])
    recursos.vigencia = 0  # revisar la huella de los archivos en cada llamada
    entrada = MUESTRA.read_bytes()
    assert _comparar(recursos, entrada) == [] and _comparar(recursos, entrada) == []
    assert len(redacciones) == 1
    original = (propia / CUERPO).read_text(encoding="utf-8")
    (propia / CUERPO).write_text(original + "{{ exp.campo_que_no_existe }}\n", encoding="utf-8")
    roto = _comparar(recursos, entrada)
    assert roto and any("campo_que_no_existe" in t for t in roto) and len(redacciones) == 2
    assert _comparar(recursos, entrada) == roto and len(redacciones) == 2
    (propia / CUERPO).write_text(original, encoding="utf-8")
    assert _comparar(recursos, entrada) == [] and len(redacciones) == 3


def test_un_perfil_que_cambia_cambia_los_hallazgos(tmp_path, redacciones):
    propia = tmp_path / "plantillas"
    shutil.copytree(carpeta_datos("plantillas") / "instituciones" / "sre", propia / "instituciones" / "sre")
    perfil = propia / "instituciones" / "sre" / "perfil.yaml"
    recursos = Recursos([], [propia])
    recursos.vigencia = 0
    entrada = MUESTRA.read_bytes()
    assert _comparar(recursos, entrada) == []
    texto = perfil.read_text(encoding="utf-8")
    assert re.search(r"(?m)^plantilla_word: .*$", texto)
    perfil.write_text(re.sub(r"(?m)^plantilla_word: .*$", "plantilla_word: no-existe.docx", texto),
                      encoding="utf-8")
    roto = _comparar(recursos, entrada)
    assert any("no-existe.docx" in t for t in roto) and len(redacciones) == 2
    perfil.write_text(texto, encoding="utf-8")
    assert _comparar(recursos, entrada) == [] and len(redacciones) == 3


def test_el_catalogo_que_cambia_vuelve_a_redactar(tmp_path, redacciones):
    propio = tmp_path / "catalogo"
    propio.mkdir()
    recursos = Recursos([propio], [])
    recursos.vigencia = 0
    entrada = MUESTRA.read_bytes()
    _comparar(recursos, entrada)
    _comparar(recursos, entrada)
    assert len(redacciones) == 1
    (propio / "nota.txt").write_text("un archivo nuevo en la carpeta del catálogo", encoding="utf-8")
    _comparar(recursos, entrada)
    assert len(redacciones) == 2


def test_otro_expediente_no_usa_lo_guardado(redacciones):
    recursos = Recursos([], [])
    texto = MUESTRA.read_text(encoding="utf-8")
    otro = texto.replace("asunto: Se confi", "asunto: Otro asunto. Se confi", 1)
    linea_movida = "\n" + texto  # los mismos datos, otras líneas: otras ubicaciones
    assert otro != texto
    for t in (texto, otro, linea_movida):
        assert _comparar(recursos, t.encode("utf-8")) == []
    assert len(redacciones) == 3


def test_lo_que_dependio_del_reloj_no_se_guarda(monkeypatch):
    veces = []

    def sin_tiempo(caso):
        veces.append(caso)
        raise ErrorDeUsuario(Problema("la plantilla excedió el tiempo máximo de 5 s por documento"))

    monkeypatch.setattr(modulo_recursos, "generar_docx", sin_tiempo)
    recursos = Recursos([], [])
    caso = recursos.caso_desde_bytes(MUESTRA.read_bytes(), "c.yaml")
    assert recursos.problemas_al_generar(caso) and recursos.problemas_al_generar(caso)
    assert len(veces) == 2


def test_los_problemas_guardados_no_se_comparten(redacciones, tmp_path):
    propia = _carpeta_propia(tmp_path)
    (propia / CUERPO).write_text((propia / CUERPO).read_text(encoding="utf-8") + "{{ exp.no_existe }}\n",
                                 encoding="utf-8")
    recursos = Recursos([], [propia])
    caso = recursos.caso_desde_bytes(MUESTRA.read_bytes(), "c.yaml")
    primero = recursos.problemas_al_generar(caso)
    assert primero
    primero[0].mensaje = "cambiado por quien lo recibió"
    assert recursos.problemas_al_generar(caso)[0].mensaje != primero[0].mensaje


def test_los_nombres_de_un_modelo_son_los_de_su_clase():
    caso = caso_desde_bytes(MUESTRA.read_bytes(), "c.yaml")
    perfil, _ = caso.perfil
    modelos = [caso.expediente, perfil, *caso.expediente.clasificaciones, perfil.formato]
    for modelo in modelos:
        assert modulo_contexto._nombres_de(modelo) == modulo_contexto.nombres_de_la_clase(type(modelo))
        assert modulo_contexto._nombres_de(modelo) is modulo_contexto._nombres_de(modelo)


def test_el_patron_de_espacios_deja_el_mismo_texto():
    de_siempre = re.compile(r"[ \t\n\r\f\v]+")
    azar = random.Random(19)
    for _ in range(20000):
        texto = "".join(azar.choice("ab \t\n\r\f\v \u00a0") for _ in range(azar.randint(0, 14)))
        assert _ESPACIO_HTML.sub(" ", texto) == de_siempre.sub(" ", texto), repr(texto)


# --- Las líneas de un texto de bloque, sin escribirlo (``web.bloques_yaml``) ---------------

_RUTAS = [("respuestas", 0, "texto"), ("asunto",), ("clasificaciones", 1, "prueba_de_dano", "riesgo_real"),
          ("a", 0, 1, "b"), ("x", 0), ("a", "b", "c", "d", "e")]
_PALABRAS = ["palabra", "de", "la", "art.\u00a06", "núm.", "—", "información", "a:b", "#c", "'", '"q"', "-", "é",
             "😀", "fracción", "I,", "(LGTAIP)", "|", ">", "---", "\t", "\u2028", "\ufeff", "\x85"]


def _textos_de_muestra() -> list[str]:
    from generador.expediente.yaml_lineas import leer_yaml

    textos = []

    def recorrer(valor):
        if isinstance(valor, dict):
            for v in valor.values():
                recorrer(v)
        elif isinstance(valor, list):
            for v in valor:
                recorrer(v)
        elif isinstance(valor, str) and (len(valor) > 100 or "\n" in valor):
            textos.append(valor)

    for muestra in MUESTRAS:
        recorrer(leer_yaml(muestra.read_text(encoding="utf-8"), muestra.name).datos)
    return textos


def _candidatos(azar: random.Random, cuantos: int):
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    for texto in _textos_de_muestra():
        yield FoldedScalarString(" ".join(texto.split())), azar.choice(_RUTAS)
        yield LiteralScalarString(texto.rstrip("\n") + "\n"), azar.choice(_RUTAS)
        yield LiteralScalarString(texto.rstrip("\n") + " más\n\n  sangrado\n"), azar.choice(_RUTAS)
    for _ in range(cuantos):
        palabras = [azar.choice(_PALABRAS) if azar.random() < 0.9 else "x" * azar.randint(1, 100)
                    for _ in range(azar.randint(1, 80))]
        plegado = " ".join(palabras) if azar.random() < 0.8 else "".join(
            p + azar.choice([" ", "  ", "\n", " \n"]) for p in palabras)
        yield FoldedScalarString(plegado), azar.choice(_RUTAS)
        lineas = "\n".join(" " * azar.choice([0, 0, 1, 4]) + " ".join(azar.sample(_PALABRAS[:17], azar.randint(0, 9)))
                           for _ in range(azar.randint(1, 10)))
        yield LiteralScalarString(lineas.rstrip("\n") + "\n"), azar.choice(_RUTAS)


def test_el_bloque_sin_escribir_es_lo_que_escribe_ruamel():
    from generador.web.bloques_yaml import bloque_sin_escribir
    from generador.web.ida_y_vuelta import _emision

    usados = total = 0
    for objeto, ruta in _candidatos(random.Random(19), 1500):
        total += 1
        rapido = bloque_sin_escribir(ruta, objeto)
        if rapido is None:
            continue
        usados += 1
        escrito = _emision(ruta, objeto)
        assert rapido == escrito and type(escrito[1]) is str, (ruta, objeto)
    # Control: el atajo se usa de verdad en muchos textos (si no, no probaría nada); los
    # demás llevan a propósito caracteres y espacios que piden escribirlos.
    assert usados > total / 5


def test_el_original_se_escribe_una_vez_con_todo_lo_suyo():
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    from generador.web import ida_y_vuelta

    ruta = ("respuestas", 0, "texto")
    texto = "Un texto de prueba que se escribe en la página. " * 4
    for original in (FoldedScalarString(texto), LiteralScalarString(texto + "\n"), texto):
        assert ida_y_vuelta._emision_del_original(ruta, original) == ida_y_vuelta._emision(ruta, original)
        assert ida_y_vuelta._emision_del_original(ruta, original) == ida_y_vuelta._emision(ruta, original)
    plegado = FoldedScalarString(texto)
    plegado.fold_pos = [20]  # pliegues propios del archivo: otra emisión, otra clave
    assert ida_y_vuelta._emision_del_original(ruta, plegado) == ida_y_vuelta._emision(ruta, plegado)
