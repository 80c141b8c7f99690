"""Los validadores de pydantic guardados ya armados (``modelos/guardados.py``, issue 19), con pydantic.

Guardar el esquema solo vale si no cambia nada de lo que se ve: cada prueba corre el mismo
programa en procesos nuevos con una caché vacía (pydantic arma y se guarda), con la caché
llena (se toma lo guardado) y sin caché (pydantic, como siempre), y compara lo que dicen:
expedientes y perfiles válidos (sus datos), inválidos (cada mensaje, con su campo y su
línea) y el JSON Schema de ``resoluciones esquema``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generador.expediente import MAX_CARACTERES_CAMPO

from .conftest import RAIZ, variantes_de_la_muestra

MUESTRAS = sorted((RAIZ / "samples").glob("*.yaml"))

_PROGRAMA = r"""
import json, sys
from pathlib import Path
import pydantic
from pydantic_core import SchemaValidator
from generador.errores import ErrorDeUsuario
from generador.expediente import Expediente, esquema_json, leer_texto
from generador.plantillas.perfil import Perfil, cargar_perfil

def problemas(exc):
    return [str(p) for p in exc.problemas]

salida = {"expedientes": {}, "perfiles": {}}
for ruta in sys.argv[1:]:
    texto = Path(ruta).read_text(encoding="utf-8")
    try:
        expediente, _ = leer_texto(texto, Path(ruta).name)
        salida["expedientes"][Path(ruta).name] = expediente.model_dump(mode="json")
    except ErrorDeUsuario as exc:
        salida["expedientes"][Path(ruta).name] = problemas(exc)
for institucion in ("sre", "no-existe"):
    try:
        perfil, _ = cargar_perfil(institucion, "caso.yaml", 3)
        salida["perfiles"][institucion] = perfil.model_dump(mode="json")
    except ErrorDeUsuario as exc:
        salida["perfiles"][institucion] = problemas(exc)
salida["de_la_cache"] = sorted(
    m.__name__ for m in (Expediente, Perfil)
    if isinstance(m.__dict__.get("__pydantic_validator__"), SchemaValidator) and not m.__pydantic_complete__)
salida["esquema"] = esquema_json()
print(json.dumps(salida, ensure_ascii=False, sort_keys=True))
"""


def _malos(carpeta: Path) -> list[Path]:
    """Expedientes que fallan de formas distintas (tipo, fecha, clave, longitud, control, falta)."""
    return variantes_de_la_muestra(carpeta, {
        "fecha-imposible.yaml": ("fecha: 2018-11-21", "fecha: 2018-02-30"),
        "clave-desconocida.yaml": ("oficio: CTA-40418", "oficio: CTA-40418\nsobrante: 1"),
        "tipo.yaml": ("oficio: CTA-40418", "oficio: [1, 2]"),
        "control.yaml": ("oficio: CTA-40418", "oficio: \"CTA\\u0007-40418\""),
        "largo.yaml": ("oficio: CTA-40418", "oficio: " + "X" * (MAX_CARACTERES_CAMPO + 1)),
        "sin-oficio.yaml": ("oficio: CTA-40418\n", ""),
    })


def _correr(rutas: list[Path], cache: Path | None) -> dict:
    entorno = {k: v for k, v in os.environ.items() if k not in ("RESOLUCIONES_SIN_CACHE", "XDG_CACHE_HOME")}
    if cache is None:
        entorno["RESOLUCIONES_SIN_CACHE"] = "1"
    else:
        entorno["XDG_CACHE_HOME"] = str(cache)
    proceso = subprocess.run([sys.executable, "-c", _PROGRAMA, *map(str, rutas)], capture_output=True, text=True,
                             env=entorno, cwd=RAIZ, check=False)
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    return json.loads(proceso.stdout)


@pytest.fixture(scope="module")
def corridas(tmp_path_factory) -> dict:
    carpeta = tmp_path_factory.mktemp("validadores")
    rutas = MUESTRAS + _malos(carpeta)
    cache = carpeta / "cache"
    return {"sin_cache": _correr(rutas, None), "armando": _correr(rutas, cache), "guardados": _correr(rutas, cache),
            "cache": cache, "rutas": rutas}


def _sin_origen(corrida: dict) -> dict:
    return {k: v for k, v in corrida.items() if k != "de_la_cache"}


def test_la_segunda_corrida_toma_los_validadores_guardados(corridas):
    assert corridas["sin_cache"]["de_la_cache"] == []
    assert corridas["armando"]["de_la_cache"] == []
    assert corridas["guardados"]["de_la_cache"] == ["Expediente", "Perfil"]
    assert list(corridas["cache"].glob("resoluciones/validadores-*.pickle"))


def test_los_expedientes_dan_lo_mismo(corridas):
    sin_cache = corridas["sin_cache"]["expedientes"]
    assert len(sin_cache) == len(corridas["rutas"])
    # Control: hay válidos (datos) y los seis inválidos dan mensajes con campo y línea.
    assert sum(isinstance(v, dict) for v in sin_cache.values()) >= len(MUESTRAS) - 1
    for nombre in ("fecha-imposible.yaml", "clave-desconocida.yaml", "tipo.yaml", "control.yaml", "largo.yaml",
                   "sin-oficio.yaml"):
        assert isinstance(sin_cache[nombre], list) and sin_cache[nombre], nombre
    assert "línea" in " ".join(sin_cache["fecha-imposible.yaml"])
    for corrida in ("armando", "guardados"):
        assert corridas[corrida]["expedientes"] == sin_cache, corrida


def test_los_perfiles_y_el_esquema_dan_lo_mismo(corridas):
    assert isinstance(corridas["sin_cache"]["perfiles"]["sre"], dict)
    assert isinstance(corridas["sin_cache"]["perfiles"]["no-existe"], list)
    assert corridas["sin_cache"]["esquema"]["title"]  # control: el esquema salió
    for corrida in ("armando", "guardados"):
        assert _sin_origen(corridas[corrida]) == _sin_origen(corridas["sin_cache"]), corrida


def test_una_cache_danada_se_arma_de_nuevo(corridas, tmp_path):
    cache = tmp_path / "cache"
    rutas = corridas["rutas"]
    _correr(rutas[:1], cache)
    guardados = list(cache.glob("resoluciones/validadores-*.pickle"))
    assert guardados
    for archivo in guardados:
        archivo.write_bytes(b"no es un pickle")
    danada = _correr(rutas, cache)
    assert danada["de_la_cache"] == []
    assert _sin_origen(danada) == _sin_origen(corridas["sin_cache"])
    # Y la corrida que encontró la caché dañada dejó una buena para la siguiente.
    assert _correr(rutas[:1], cache)["de_la_cache"] == ["Expediente", "Perfil"]


def test_la_clave_cambia_con_el_codigo(monkeypatch):
    from generador.expediente import Expediente
    from generador.modelos import guardados, modo

    antes = guardados._clave((Expediente,))
    assert antes is not None
    monkeypatch.setitem(modo._estado, "base", None)
    monkeypatch.setattr(modo, "huella_del_codigo", lambda: "otro código")
    assert guardados._clave((Expediente,)) != antes


def test_la_clave_cambia_con_pydantic(monkeypatch):
    """Otra versión de pydantic o de pydantic-core (otro archivo) arma otro esquema."""
    from generador.expediente import Expediente
    from generador.modelos import guardados, modo

    antes = guardados._clave((Expediente,))
    monkeypatch.setitem(modo._estado, "base", None)
    archivos = modo._archivos_de_pydantic()
    assert archivos is not None and any(a.startswith("_pydantic_core") for a in archivos)
    monkeypatch.setattr(modo, "_archivos_de_pydantic", lambda: [*archivos[:-1], "_pydantic_core.so:1:2"])
    assert guardados._clave((Expediente,)) != antes
