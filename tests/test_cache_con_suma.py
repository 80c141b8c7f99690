"""Una caché dañada no cambia el documento: cada archivo lleva su SHA-256 (``cache.py``).

El catálogo validado, los diseños preparados y los validadores se guardan con pickle, y el
bytecode de Jinja con marshal. Un archivo dañado que aún se deja leer (un byte cambiado
dentro de un texto de ley o de una plantilla) daba, sin ningún error, un documento con otro
texto. Aquí se daña cada archivo de la caché de tres formas y el documento debe salir igual
byte a byte, sin traza, y la caché, rehecha.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MUESTRA, entorno_de_modelos


def _generar(cache: Path, salida: Path) -> bytes:
    resultado = subprocess.run([sys.executable, "-m", "generador", "generar", str(MUESTRA), "-o", str(salida),
                                "--sobrescribir"], env=entorno_de_modelos(cache, "ligero"), capture_output=True,
                               text=True, timeout=120)
    assert resultado.returncode == 0 and "Traceback" not in resultado.stderr, resultado.stderr
    return salida.read_bytes()


def _cambiar_un_texto(datos: bytes, textos: list[bytes]) -> bytes | None:
    """Una letra cambiada dentro del primer texto de ``textos`` que aparezca (el archivo sigue
    leyéndose con pickle o marshal: la misma longitud)."""
    for texto in textos:
        i = datos.find(texto)
        if i >= 0:
            j = i + len(texto) // 2
            return datos[:j] + (b"X" if datos[j:j + 1] != b"X" else b"Y") + datos[j + 1:]
    return None


DANOS = {
    "un texto cambiado": lambda datos: _cambiar_un_texto(datos, [b"Transparencia", b"Prueba de da", b"Normal",
                                                                b"fundamento", b"Comit"]),
    "cortado": lambda datos: datos[: len(datos) // 2],
    "vacío": lambda datos: b"",
}


@pytest.mark.parametrize("dano", DANOS)
def test_una_cache_danada_da_el_mismo_documento(tmp_path, dano):
    cache = tmp_path / "cache"
    esperado = _generar(cache, tmp_path / "a.docx")
    _generar(cache, tmp_path / "b.docx")  # ya con todo en la caché (y los validadores guardados)
    archivos = [p for p in (cache / "resoluciones").rglob("*") if p.is_file() and p.suffix in (".pickle", ".cache")]
    tipos = {p.name.split("-")[0] if p.suffix == ".pickle" else "jinja" for p in archivos}
    assert {"catalogo", "diseno", "validadores", "jinja"} <= tipos, tipos
    danados = {}
    for archivo in archivos:
        nuevo = DANOS[dano](archivo.read_bytes())
        if nuevo is not None:
            archivo.write_bytes(nuevo)
            danados[archivo] = nuevo
    # Al menos un archivo de cada tipo quedó dañado (con «un texto cambiado», los que lo llevan).
    assert {p.name.split("-")[0] if p.suffix == ".pickle" else "jinja" for p in danados} >= \
        ({"catalogo", "jinja"} if dano == "un texto cambiado" else tipos)
    assert _generar(cache, tmp_path / "c.docx") == esperado
    # La caché se rehízo: lo dañado ya no está.
    assert any(archivo.exists() and archivo.read_bytes() != nuevo for archivo, nuevo in danados.items())
    assert _generar(cache, tmp_path / "d.docx") == esperado


def test_sin_la_suma_el_texto_cambiado_llegaba_al_documento(tmp_path, monkeypatch):
    """La prueba de arriba sirve: la misma caché dañada, leída sin comprobar la suma, cambia
    el catálogo que se carga."""
    import pickle

    from generador import cache as _cache

    cache = tmp_path / "cache"
    _generar(cache, tmp_path / "a.docx")
    archivo = next((cache / "resoluciones").glob("catalogo-*.pickle"))
    datos = _cache.leer_de_cache(archivo)
    cambiado = _cambiar_un_texto(datos, [b"Transparencia"])
    assert cambiado is not None and cambiado != datos
    catalogo = pickle.loads(cambiado)  # se deja leer, con otro texto
    assert catalogo != pickle.loads(datos)
    archivo.write_bytes(_cache.con_suma(datos)[:32] + cambiado)
    with pytest.raises(ValueError, match="suma"):
        _cache.leer_de_cache(archivo)


def test_la_cache_de_bytecode_se_poda(tmp_path, monkeypatch):
    """Cada cláusula editada deja su archivo compilado: pasado el máximo se conservan los usados
    más recientemente, y una carpeta de otra versión sin usar en 30 días se borra."""
    import os
    import time

    import jinja2

    from generador.plantillas import bytecode

    monkeypatch.setattr(bytecode, "MAXIMO_DE_ARCHIVOS", 10)
    monkeypatch.setattr(bytecode, "CONSERVAR_AL_PODAR", 6)
    actual = tmp_path / "jinja-actual"
    vieja, reciente = tmp_path / "jinja-vieja", tmp_path / "jinja-reciente"
    for carpeta in (actual, vieja, reciente):
        carpeta.mkdir()
    (vieja / "x.cache").write_bytes(b"x")
    hace_40_dias = time.time() - 40 * 86400
    os.utime(vieja, (hace_40_dias, hace_40_dias))
    cache = bytecode.CacheDeBytecode(str(actual))
    entorno = jinja2.Environment(bytecode_cache=cache, loader=jinja2.DictLoader(
        {f"p{i}": f"version {i}" for i in range(12)}))
    ahora = time.time()
    for i in range(12):
        entorno.get_template(f"p{i}")
        archivo = actual / cache._get_cache_filename(cache.get_bucket(entorno, f"p{i}", None, f"version {i}"))
        os.utime(archivo, (ahora - 100 + i, ahora - 100 + i))  # p11, la más reciente
    guardados = sorted(actual.glob("*.cache"))
    assert 6 <= len(guardados) <= 10
    # La más reciente sigue; la más vieja se fue.
    nombre = cache._get_cache_filename(cache.get_bucket(entorno, "p11", None, "version 11"))
    assert (actual / nombre).exists()
    nombre = cache._get_cache_filename(cache.get_bucket(entorno, "p0", None, "version 0"))
    assert not (actual / nombre).exists()
    assert not vieja.exists() and reciente.exists()
