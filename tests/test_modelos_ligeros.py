"""La base ligera de los modelos da lo mismo que pydantic (``generador/modelos``, issue 19).

``generar`` y ``validar`` usan, con los validadores guardados, una base que no importa
pydantic (``modelos/ligero.py``). Solo vale si nada de lo que se ve cambia: cada prueba corre
lo mismo en procesos nuevos con la base ligera y con pydantic (``RESOLUCIONES_MODELOS=pydantic``)
sobre la misma caché y compara. Expedientes válidos (datos, revisión, el .docx byte a byte) e
inválidos (cada mensaje, con su campo, su línea y su «¿quiso decir…?», también anidado), un
perfil con una opción mal escrita, un catálogo propio que se valida con la base ligera (y
una entrada mala), lo que el programa usa de un modelo (igualdad, hash, copia, congelado,
pickle en los dos sentidos) y la caché dañada.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RAIZ, entorno_de_modelos, variantes_de_la_muestra

MUESTRAS = sorted((RAIZ / "samples").glob("*.yaml"))

_PROGRAMA = r"""
import hashlib, json, pickle, sys
from pathlib import Path
modo_pedido, salida_pickle, entrada_pickle, *rutas = sys.argv[1:]
from generador.modelos import modo
if modo_pedido == "ligero":
    modo.pedir_ligero()
from generador.errores import ErrorDeUsuario
from generador.expediente import leer_texto
from generador.modelos import base
from generador.plantillas.perfil import cargar_perfil
from generador.tuberia import generar_docx, leer_caso, revisar_caso

def problemas(exc):
    return [str(p) for p in exc.problemas]

def comportamiento(modelo):
    # Lo que el programa usa de un modelo, escrito como datos comparables.
    clase = type(modelo)
    datos = {"dump": modelo.model_dump(mode="json"), "json": modelo.model_dump_json(),
             "repr": repr(modelo), "iter": [k for k, _ in modelo], "igual": modelo == clase.model_validate(
                 modelo.model_dump()), "campos": list(clase.model_fields),
             "descripciones": [c.description for c in clase.model_fields.values()]}
    try:
        datos["hash"] = hash(modelo)
    except TypeError as exc:
        datos["hash"] = f"TypeError: {exc}"
    try:
        setattr(modelo, next(iter(clase.model_fields)), "otro")
        datos["congelado"] = None
    except Exception as exc:
        datos["congelado"] = [type(exc).__name__, getattr(exc, "errors", lambda: str(exc))()]
    copia = modelo.model_copy(update={next(iter(clase.model_fields)): "x"})
    datos["copia"] = [repr(copia), sorted(copia.model_fields_set), repr(modelo)]
    return datos

salida = {"ligero": modo.ligero(), "base": base.BaseModel.__module__, "expedientes": {}, "docx": {}, "revision": {}}
primero = None
for ruta in rutas:
    nombre = Path(ruta).name
    try:
        expediente, _ = leer_texto(Path(ruta).read_text(encoding="utf-8"), nombre)
        salida["expedientes"][nombre] = expediente.model_dump(mode="json")
        if nombre == "cta-40418.yaml":
            primero = expediente
    except ErrorDeUsuario as exc:
        salida["expedientes"][nombre] = problemas(exc)
        continue
    try:
        caso = leer_caso(ruta)
        salida["revision"][nombre] = [str(h) for h in revisar_caso(caso)]
        salida["docx"][nombre] = hashlib.sha256(generar_docx(caso)).hexdigest()
    except ErrorDeUsuario as exc:
        salida["docx"][nombre] = problemas(exc)
salida["modelos"] = {
    "expediente": comportamiento(primero), "firmante": comportamiento(primero.firmantes[0]),
    "clasificacion": comportamiento(primero.clasificaciones[0]),
}
perfil, _ = cargar_perfil("sre", "caso.yaml", 3)
salida["perfil"] = comportamiento(perfil)
salida["formato"] = comportamiento(perfil.formato)
Path(salida_pickle).write_bytes(pickle.dumps([primero, perfil]))
if entrada_pickle != "-":
    ajeno, perfil_ajeno = pickle.loads(Path(entrada_pickle).read_bytes())
    salida["pickle_ajeno"] = [ajeno == primero, ajeno.model_dump(mode="json") == primero.model_dump(mode="json"),
                              perfil_ajeno == perfil, type(ajeno).__module__]
print(json.dumps(salida, ensure_ascii=False, sort_keys=True))
"""




def _malos(carpeta: Path) -> list[Path]:
    """Expedientes que fallan de formas distintas, con campos desconocidos arriba y adentro (la
    sugerencia de un firmante sale de un modelo anidado)."""
    return variantes_de_la_muestra(carpeta, {
        "fecha-imposible.yaml": ("fecha: 2018-11-21", "fecha: 2018-02-30"),
        "clave-desconocida.yaml": ("oficio: CTA-40418", "oficio: CTA-40418\noficoi: 1"),
        "tipo.yaml": ("oficio: CTA-40418", "oficio: [1, 2]"),
        "control.yaml": ("oficio: CTA-40418", "oficio: \"CTA\\u0007-40418\""),
        "iniciales-largas.yaml": ("oficio: CTA-40418", "oficio: CTA-40418\nelaboro: " + "J" * 41),
        "sin-oficio.yaml": ("oficio: CTA-40418\n", ""),
        "anidado.yaml": ("    cargo:", "    cargoo:"),
    })


def _correr(cache: Path, modo: str, salida: Path, entrada: Path | None, rutas: list[Path]) -> dict:
    proceso = subprocess.run(
        [sys.executable, "-c", _PROGRAMA, modo, str(salida), str(entrada) if entrada else "-", *map(str, rutas)],
        capture_output=True, text=True, env=entorno_de_modelos(cache, modo), cwd=RAIZ, check=False)
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    return json.loads(proceso.stdout)


def _cli(cache: Path, modo: str, *argumentos: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generador", *argumentos], capture_output=True,
                          env=entorno_de_modelos(cache, modo), cwd=RAIZ, check=False)


@pytest.fixture(scope="module")
def preparada(tmp_path_factory) -> Path:
    """Una caché con los validadores guardados: la deja la primera corrida de «validar», que
    usa pydantic (no había nada guardado) y al salir guarda lo que la base ligera necesita."""
    cache = tmp_path_factory.mktemp("ligeros") / "cache"
    primera = _cli(cache, "ligero", "validar", str(RAIZ / "samples" / "cta-40418.yaml"))
    assert primera.returncode in (0, 1), primera.stderr.decode()[-2000:]
    assert len(list(cache.glob("resoluciones/validadores-*.pickle"))) == 3
    return cache


@pytest.fixture(scope="module")
def corridas(preparada, tmp_path_factory) -> dict:
    carpeta = tmp_path_factory.mktemp("corridas")
    rutas = MUESTRAS + _malos(carpeta)
    de_pydantic = _correr(preparada, "pydantic", carpeta / "pydantic.pickle", None, rutas)
    ligera = _correr(preparada, "ligero", carpeta / "ligero.pickle", carpeta / "pydantic.pickle", rutas)
    de_vuelta = _correr(preparada, "pydantic", carpeta / "otra.pickle", carpeta / "ligero.pickle", rutas)
    return {"pydantic": de_pydantic, "ligero": ligera, "de_vuelta": de_vuelta, "rutas": rutas}


def _sin(corrida: dict, *claves: str) -> dict:
    return {k: v for k, v in corrida.items() if k not in ("ligero", "base", "pickle_ajeno", *claves)}


def test_cada_corrida_usa_la_base_que_se_pidio(corridas):
    assert corridas["ligero"]["ligero"] is True and corridas["ligero"]["base"] == "generador.modelos.ligero"
    assert corridas["pydantic"]["ligero"] is False and corridas["pydantic"]["base"] == "pydantic.main"


def test_los_expedientes_y_los_documentos_dan_lo_mismo(corridas):
    de_pydantic, ligera = corridas["pydantic"], corridas["ligero"]
    # Control: hay válidos con su .docx y los inválidos dan mensajes con campo y línea.
    assert len(de_pydantic["docx"]) >= len(MUESTRAS) - 1
    assert all(isinstance(v, str) and len(v) == 64 for v in de_pydantic["docx"].values())
    for nombre in ("fecha-imposible.yaml", "clave-desconocida.yaml", "tipo.yaml", "control.yaml",
                   "iniciales-largas.yaml", "sin-oficio.yaml", "anidado.yaml"):
        assert isinstance(de_pydantic["expedientes"][nombre], list) and de_pydantic["expedientes"][nombre], nombre
    assert "¿quiso decir «oficio»?" in " ".join(de_pydantic["expedientes"]["clave-desconocida.yaml"])
    assert "¿quiso decir «cargo»?" in " ".join(de_pydantic["expedientes"]["anidado.yaml"])
    assert "40 caracteres" in " ".join(de_pydantic["expedientes"]["iniciales-largas.yaml"])
    assert "línea" in " ".join(de_pydantic["expedientes"]["fecha-imposible.yaml"])
    for parte in ("expedientes", "docx", "revision"):
        assert ligera[parte] == de_pydantic[parte], parte


def test_los_modelos_se_comportan_igual(corridas):
    de_pydantic, ligera = corridas["pydantic"], corridas["ligero"]
    # Control: los congelados no se dejan cambiar y el expediente tiene campos y hash.
    assert de_pydantic["modelos"]["firmante"]["congelado"][0] == "ValidationError"
    assert de_pydantic["modelos"]["expediente"]["campos"][:2] == ["version_formato", "institucion"]
    for parte in ("modelos", "perfil", "formato"):
        assert ligera[parte] == de_pydantic[parte], parte


def test_el_pickle_de_una_base_se_lee_con_la_otra(corridas):
    # Lo que guardó pydantic, leído con la base ligera, y al revés.
    assert corridas["ligero"]["pickle_ajeno"] == [True, True, True, "generador.expediente.modelo"]
    assert corridas["de_vuelta"]["pickle_ajeno"] == [True, True, True, "generador.expediente.modelo"]
    assert _sin(corridas["de_vuelta"]) == _sin(corridas["pydantic"])


def _con_catalogo_y_perfil_propios(carpeta: Path, bueno: bool) -> tuple[Path, Path]:
    """Un catálogo propio (categorías, causales y una ley, que se validan de nuevo) y un perfil
    propio de la SRE; si no ``bueno``, con una causal mala y una opción mal escrita."""
    catalogo = carpeta / "catalogo"
    catalogo.mkdir()
    for nombre in ("categorias_confidenciales.yaml", "causales_reserva.yaml", "lgtaip2025.yaml"):
        shutil.copy(RAIZ / "catalogo_fundamentos" / nombre, catalogo / nombre)
    plantillas = carpeta / "plantillas"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", plantillas / "instituciones" / "sre")
    if not bueno:
        causales = catalogo / "causales_reserva.yaml"
        texto = causales.read_text(encoding="utf-8")
        causales.write_text(texto.replace("  - id:", "  - idd:", 1), encoding="utf-8")
        perfil = plantillas / "instituciones" / "sre" / "perfil.yaml"
        perfil.write_text(perfil.read_text(encoding="utf-8") + "\nfehcas: {}\n", encoding="utf-8")
    return catalogo, plantillas


@pytest.mark.parametrize("bueno", [True, False], ids=["bueno", "con-errores"])
def test_la_linea_de_ordenes_da_lo_mismo(preparada, tmp_path, bueno):
    """«generar» y «validar» de cada muestra, con un catálogo y un perfil propios que la base
    ligera valida (nada de eso está en la caché): mismo .docx, mismos mensajes, mismo código."""
    catalogo, plantillas = _con_catalogo_y_perfil_propios(tmp_path, bueno)
    propias = ["--catalogo", str(catalogo), "--plantillas", str(plantillas)]
    resultados = {}
    for modo in ("ligero", "pydantic"):
        # Cada base con su propia copia de la caché: la ligera valida el catálogo propio.
        cache = tmp_path / f"cache-{modo}"
        shutil.copytree(preparada, cache)
        salidas = []
        for muestra in MUESTRAS[:6] if bueno else MUESTRAS[:2]:
            docx = tmp_path / f"{modo}-{muestra.stem}.docx"
            generado = _cli(cache, modo, "generar", str(muestra), "-o", str(docx), *propias)
            validado = _cli(cache, modo, "validar", "--json", str(muestra), *propias)
            salidas.append([generado.returncode, generado.stderr.decode().replace(str(docx), "SALIDA"),
                            docx.read_bytes() if docx.exists() else None, validado.returncode,
                            validado.stdout.decode(), validado.stderr.decode()])
        resultados[modo] = salidas
    assert resultados["ligero"] == resultados["pydantic"]
    assert all("Traceback" not in s[1] + s[5] for s in resultados["ligero"])
    if bueno:
        assert all(s[0] == 0 and s[2] for s in resultados["ligero"])  # control: se generaron
    else:
        mensajes = " ".join(s[1] for s in resultados["ligero"])
        assert all(s[0] == 2 and s[2] is None for s in resultados["ligero"]), mensajes
        assert "causales_reserva.yaml" in mensajes


def test_una_cache_danada_vuelve_a_empezar_con_pydantic(preparada, tmp_path):
    """Los validadores guardados están pero no se pueden leer: el proceso vuelve a empezar con
    pydantic (no hay otra base que sepa armarlos) y da el mismo resultado, sin traza."""
    cache = tmp_path / "cache"
    shutil.copytree(preparada, cache)
    muestra = str(RAIZ / "samples" / "cta-40418.yaml")
    bueno = _cli(preparada, "pydantic", "generar", muestra, "-o", str(tmp_path / "bueno.docx"))
    for archivo in cache.glob("resoluciones/validadores-*.pickle"):
        archivo.write_bytes(b"no es un pickle")
    danado = _cli(cache, "ligero", "generar", muestra, "-o", str(tmp_path / "danado.docx"))
    assert danado.returncode == bueno.returncode == 0, danado.stderr.decode()[-2000:]
    assert danado.stderr.decode().replace("danado", "X") == bueno.stderr.decode().replace("bueno", "X")
    assert (tmp_path / "danado.docx").read_bytes() == (tmp_path / "bueno.docx").read_bytes()
    # Y quedaron guardados de nuevo, legibles, para el siguiente.
    siguiente = _cli(cache, "ligero", "generar", muestra, "-o", str(tmp_path / "siguiente.docx"))
    assert siguiente.returncode == 0
    assert (tmp_path / "siguiente.docx").read_bytes() == (tmp_path / "bueno.docx").read_bytes()


def test_los_grupos_son_los_que_se_completan(monkeypatch):
    """Leer un expediente, el catálogo y un perfil completa cada grupo que ``modo`` busca en la
    caché para decidir la base ligera, con sus clases (si no, nunca los encontraría)."""
    from generador.catalogo import cargar
    from generador.expediente import leer_texto
    from generador.modelos import guardados, modo
    from generador.plantillas import perfil

    pedidos = []
    monkeypatch.setattr(guardados, "_hechos", set())
    monkeypatch.setattr(guardados, "_completar", lambda modelos: pedidos.append(guardados._nombres(modelos)))
    monkeypatch.setattr(guardados, "_construido", lambda modelo: False)
    leer_texto((RAIZ / "samples" / "cta-40418.yaml").read_text(encoding="utf-8"), "cta-40418.yaml")
    cargar()
    perfil._perfil.cache_clear()
    perfil.cargar_perfil("sre", "caso.yaml", 3)
    assert set(pedidos) == set(modo.GRUPOS.values())


def test_una_cache_danada_con_la_entrada_estandar_pide_repetir(preparada, tmp_path):
    """La entrada estándar ya se leyó y no se puede volver a leer: en lugar de empezar de nuevo,
    un error en español (código 2, sin traza) y la caché borrada; repetir la orden funciona."""
    cache = tmp_path / "cache"
    shutil.copytree(preparada, cache)
    for archivo in cache.glob("resoluciones/validadores-*.pickle"):
        archivo.write_bytes(b"no es un pickle")
    muestra = (RAIZ / "samples" / "cta-40418.yaml").read_bytes()
    orden = [sys.executable, "-m", "generador", "generar", "-", "-o", str(tmp_path / "r.docx")]
    danado = subprocess.run(orden, input=muestra, capture_output=True, env=entorno_de_modelos(cache, "ligero"), cwd=RAIZ)
    assert danado.returncode == 2
    assert "vuelva a ejecutar la misma orden" in danado.stderr.decode() and b"Traceback" not in danado.stderr
    assert not (tmp_path / "r.docx").exists()
    otra = subprocess.run(orden, input=muestra, capture_output=True, env=entorno_de_modelos(cache, "ligero"), cwd=RAIZ)
    assert otra.returncode == 0, otra.stderr.decode()[-2000:]


def test_sin_poder_escribir_la_cache_no_se_prepara_al_salir(tmp_path):
    """Con una caché que no se puede crear, la base ligera nunca llegará: el proceso no paga al
    salir la preparación de los validadores (lo haría en cada arranque)."""
    no_carpeta = tmp_path / "archivo"
    no_carpeta.write_text("no es una carpeta", encoding="utf-8")
    programa = ("import atexit\nfrom generador.modelos import modo\nmodo.pedir_ligero()\n"
                "antes = atexit._ncallbacks()\nprint(modo.ligero(), atexit._ncallbacks() - antes)\n")
    for cache, esperado in ((no_carpeta / "cache", "False 0"), (tmp_path / "cache", "False 1")):
        entorno = entorno_de_modelos(cache, "ligero")
        proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True, env=entorno,
                                 cwd=RAIZ, check=True)
        assert proceso.stdout.strip() == esperado  # control: con una caché que sí se escribe, se prepara
