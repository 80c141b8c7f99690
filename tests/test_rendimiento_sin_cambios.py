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
        assert modulo_contexto._nombres_de(modelo) == modulo_contexto._nombres_de_la_clase(type(modelo))
        assert modulo_contexto._nombres_de(modelo) is modulo_contexto._nombres_de(modelo)


def test_el_patron_de_espacios_deja_el_mismo_texto():
    de_siempre = re.compile(r"[ \t\n\r\f\v]+")
    azar = random.Random(19)
    for _ in range(20000):
        texto = "".join(azar.choice("ab \t\n\r\f\v \u00a0") for _ in range(azar.randint(0, 14)))
        assert _ESPACIO_HTML.sub(" ", texto) == de_siempre.sub(" ", texto), repr(texto)
