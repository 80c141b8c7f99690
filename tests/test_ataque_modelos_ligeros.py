"""Ataque a la base ligera de los modelos (``generador/modelos``): donde podría no dar lo mismo que pydantic.

``generar`` y ``validar`` usan, con los validadores guardados en la caché, clases comunes de
Python validadas por pydantic-core (``modelos/ligero.py``). El contrato: nada de lo que se ve
cambia (documento, mensajes, códigos de salida, sin trazas de Python) y una caché dañada nunca
da un resultado equivocado. Cada prueba corre lo mismo en procesos nuevos con la base ligera y
con pydantic (``RESOLUCIONES_MODELOS=pydantic``) y compara.

Lo que resiste va como prueba normal (expedientes, perfiles y catálogos mal escritos de muchas
formas, cachés truncadas, cambiadas de grupo o de otra versión, dos procesos preparando a la vez,
caché que no se puede escribir, entrada estándar, huellas del formato). Lo que no resistía
(propiedades de la base ligera visibles para las plantillas, /dev/stdin con la caché dañada, un
byte cambiado en la caché, un esquema guardado que pydantic-core no acepta, ``str()`` de un
modelo) se arregló; sus pruebas quedan al final.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RAIZ, entorno_de_modelos

MUESTRA = RAIZ / "samples" / "cta-40418.yaml"


# --- Utilidades --------------------------------------------------------------------------



def _cli(cache: Path, modo: str, *argumentos: str, entrada: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generador", *argumentos], capture_output=True, input=entrada,
                          env=entorno_de_modelos(cache, modo), cwd=RAIZ, check=False, timeout=120)


def _copia(preparada: Path, destino: Path) -> Path:
    shutil.copytree(preparada, destino)
    return destino


def _grupos(cache: Path) -> list[Path]:
    return sorted(cache.glob("resoluciones/validadores-*.pickle"))


def _leer_grupo(archivo: Path):
    """Un grupo guardado: 32 bytes de su suma SHA-256 y el pickle (``guardados._con_suma``)."""
    contenido = archivo.read_bytes()
    assert hashlib.sha256(contenido[32:]).digest() == contenido[:32]
    return pickle.loads(contenido[32:])


def _resellar(archivo: Path, datos: bytes) -> None:
    """Escribe ``datos`` (un pickle) con su suma correcta: un archivo que pasa la comprobación de
    integridad pero no sirve (de otra versión, por ejemplo)."""
    archivo.write_bytes(hashlib.sha256(datos).digest() + datos)


def _grupo_del_expediente(cache: Path) -> Path:
    """El archivo del grupo «expediente» (el único con un solo modelo pedido)."""
    for archivo in _grupos(cache):
        if len(_leer_grupo(archivo)["modelos"]) == 1:
            return archivo
    raise AssertionError("no está el grupo del expediente")


def _resultado(proceso: subprocess.CompletedProcess, *cambios: tuple[str, str]) -> tuple:
    salida, errores = proceso.stdout.decode(), proceso.stderr.decode()
    for antes, despues in cambios:
        salida, errores = salida.replace(antes, despues), errores.replace(antes, despues)
    return proceso.returncode, salida, errores


@pytest.fixture(scope="module")
def preparada(tmp_path_factory) -> Path:
    """Una caché con los validadores guardados (la primera «validar» usa pydantic y los guarda)."""
    cache = tmp_path_factory.mktemp("ataque") / "cache"
    primera = _cli(cache, "ligero", "validar", str(MUESTRA))
    assert primera.returncode in (0, 1), primera.stderr.decode()[-2000:]
    assert len(_grupos(cache)) == 3
    return cache


# Un proceso por base que corre muchas órdenes seguidas (con el CliRunner de Click): mucho más
# barato que un proceso por orden, y cada orden ve lo mismo que vería la línea de órdenes.
_LOTE = r"""
import hashlib, importlib, json, os, sys, traceback
from pathlib import Path
modo_pedido, lista = sys.argv[1:]
from generador.modelos import modo
if modo_pedido == "ligero":
    modo.pedir_ligero()
from click.testing import CliRunner
principal = importlib.import_module("generador.cli.principal")
principal.principal.ligeros = frozenset({"generar", "validar"})
salida = {}
for nombre, argumentos in json.loads(Path(lista).read_text(encoding="utf-8")):
    documento = next((a for a in argumentos if a.endswith(".docx")), None)
    if documento and os.path.exists(documento):
        os.unlink(documento)
    r = CliRunner().invoke(principal.principal, argumentos, catch_exceptions=True)
    traza = None
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        traza = "".join(traceback.format_exception(r.exception))[-2000:]
    bytes_ = Path(documento).read_bytes() if documento and os.path.exists(documento) else None
    salida[nombre] = [r.exit_code, r.stdout, r.stderr, hashlib.sha256(bytes_).hexdigest() if bytes_ else None, traza]
print(json.dumps({"ligero": modo.ligero(), "salida": salida}, ensure_ascii=False))
"""


def _lote(preparada: Path, carpeta: Path, trabajos: list[tuple[str, list[str]]]) -> dict:
    """Corre ``trabajos`` con cada base (cada una con su copia de la caché) y devuelve lo de cada una."""
    lista = carpeta / "trabajos.json"
    lista.write_text(json.dumps(trabajos, ensure_ascii=False), encoding="utf-8")
    resultados = {}
    for modo in ("ligero", "pydantic"):
        cache = _copia(preparada, carpeta / f"cache-{modo}")
        proceso = subprocess.run([sys.executable, "-c", _LOTE, modo, str(lista)], capture_output=True, text=True,
                                 env=entorno_de_modelos(cache, modo), cwd=RAIZ, check=False, timeout=120)
        assert proceso.returncode == 0, proceso.stderr[-3000:]
        datos = json.loads(proceso.stdout)
        assert datos["ligero"] is (modo == "ligero")  # control: cada una usó la base pedida
        resultados[modo] = datos["salida"]
    for nombre, (_, _, errores, _, traza) in resultados["ligero"].items():
        assert traza is None and "Traceback" not in errores, (nombre, traza or errores)
    return resultados


def _diferencias(resultados: dict) -> list[str]:
    return [n for n in resultados["pydantic"] if resultados["ligero"][n] != resultados["pydantic"][n]]


# --- Expedientes, perfiles y catálogos mal escritos: lo que resiste --------------------------

_CAMBIOS_DEL_EXPEDIENTE = {
    "fecha-con-hora": ("fecha: 2018-11-21", "fecha: 2018-11-21 10:00:00"),
    "fecha-con-zona": ("fecha: 2018-11-21", "fecha: 2018-11-21T00:00:00Z"),
    "fecha-anio-cero": ("fecha: 2018-11-21", "fecha: 0000-01-01"),
    "fecha-1899": ("fecha: 2018-11-21", "fecha: 1899-12-31"),
    "fecha-9990": ("fecha: 2018-11-21", "fecha: 9990-01-01"),
    "fecha-entero": ("fecha: 2018-11-21", "fecha: 20181121"),
    "conjunto": ("oficio: CTA-40418", "oficio: !!set {a, b}"),
    "binario": ("oficio: CTA-40418", "oficio: !!binary aGVsbG8="),
    "etiqueta-python": ("oficio: CTA-40418", "oficio: !!python/object:os.system ls"),
    "etiqueta-propia": ("oficio: CTA-40418", "oficio: !mio x"),
    "clave-entera": ("oficio: CTA-40418", "oficio: CTA-40418\n1: x"),
    "clave-nula": ("oficio: CTA-40418", "oficio: CTA-40418\n~: x"),
    "version-infinita": ("version_formato: 1", "version_formato: .inf"),
    "version-nan": ("version_formato: 1", "version_formato: .nan"),
    "version-enorme": ("version_formato: 1", "version_formato: 1" + "0" * 4000),
    "version-texto": ("version_formato: 1", "version_formato: '1'"),
    "nulo-en-texto": ("oficio: CTA-40418", 'oficio: "CTA\\x00"'),
    "fffe": ("oficio: CTA-40418", 'oficio: "CTA\\uFFFE"'),
    "solo-espacios": ("oficio: CTA-40418", 'oficio: "   "'),
    "nulo": ("oficio: CTA-40418", "oficio: null"),
    "lista-arriba": ("version_formato: 1", "- version_formato: 1"),
    "alias": ("oficio: CTA-40418", "oficio: &a CTA-40418\nasunto2: *a"),
    "fusion": ("oficio: CTA-40418", "<<: {oficio: X}\noficio: CTA-40418"),
    "firmante-desconocido": ("    cargo:", "    fundamentoss: [a]\n    cargo:"),
    "clasificacion-desconocida": ("    motivacion:", "    motivaion: x\n    motivacion:"),
    "periodo-desconocido": ("      anios: 5", "      anios: 5\n      anioss: 5"),
    "periodo-calcular-mal": ("      anios: 5", "      anios: 5\n      vencimiento: calcularr"),
    "tipo-mal": ("tipo: reserva", "tipo: reservaa"),
    "institucion-mal": ("institucion: sre", "institucion: SRE"),
    "institucion-que-no-hay": ("institucion: sre", "institucion: zzz"),
    "iniciales-41-acentos": ("oficio: CTA-40418", "oficio: CTA-40418\nelaboro: '" + "é" * 41 + "'"),
    "sesion-desconocida": ("oficio: CTA-40418", "oficio: CTA-40418\nsesion: {numero: 0, tipoo: x}"),
    "procedimiento-anidado": ("oficio: CTA-40418", "oficio: CTA-40418\nprocedimiento: {turno: {fechaa: 1}}"),
    "firmantes-muchos": ("oficio: CTA-40418", "oficio: CTA-40418\nfirmantes2: " + json.dumps([{"nombre": "x"}] * 200)),
}


def test_expedientes_raros_dan_lo_mismo(preparada, tmp_path):
    """Fechas fuera del calendario, etiquetas de YAML, claves que no son texto, números enormes,
    caracteres de control y campos desconocidos en varios niveles: mismo mensaje, misma línea,
    mismo «¿quiso decir…?», mismo código y mismo .docx con las dos bases."""
    base = MUESTRA.read_text(encoding="utf-8")
    trabajos = []
    for nombre, (antes, despues) in _CAMBIOS_DEL_EXPEDIENTE.items():
        assert antes in base, nombre  # control: el cambio se aplica
        archivo = tmp_path / f"{nombre}.yaml"
        archivo.write_text(base.replace(antes, despues, 1), encoding="utf-8")
        trabajos.append((nombre, ["validar", "--json", str(archivo)]))
        trabajos.append((f"{nombre}-generar", ["generar", str(archivo), "-o", str(tmp_path / f"{nombre}.docx"),
                                               "--sin-registro"]))
    resultados = _lote(preparada, tmp_path, trabajos)
    de_pydantic = resultados["pydantic"]
    # Control: casi todos fallan (código 2) y el campo desconocido anidado trae su sugerencia.
    assert sum(r[0] == 2 for r in de_pydantic.values()) > len(trabajos) // 2
    assert "¿quiso decir «fundamentos»?" in de_pydantic["firmante-desconocido"][1]
    assert "¿quiso decir «anios»?" in de_pydantic["periodo-desconocido"][1]
    assert _diferencias(resultados) == []


def _perfil_roto(carpeta: Path, nombre: str, cambio) -> Path:
    plantillas = carpeta / nombre
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", plantillas / "instituciones" / "sre")
    archivo = plantillas / "instituciones" / "sre" / "perfil.yaml"
    texto = archivo.read_text(encoding="utf-8")
    nuevo = cambio(texto)
    assert nuevo != texto, nombre  # control: el cambio se aplica
    archivo.write_text(nuevo, encoding="utf-8")
    return plantillas


_CAMBIOS_DEL_PERFIL = {
    "fechas-mal-escrito": lambda t: t + "\nfehcas: {}\n",
    "formato-anidado": lambda t: t.replace("  pagina: carta", "  pagina: carta\n  margnes_cm: {}"),
    "margenes-anidado": lambda t: t.replace("superior: 2.5,", "superiorr: 2.5,"),
    "margen-cero": lambda t: t.replace("superior: 2.5,", "superior: 0,"),
    "pagina-mal": lambda t: t.replace("pagina: carta", "pagina: tabloide"),
    "estilos-mal": lambda t: t.replace("  pagina: carta", "  pagina: carta\n  estilos: {Normal: {fuentee: Arial}}"),
    "pie-patron-mal": lambda t: t.replace("  pagina: carta", "  pagina: carta\n  pie: ['{oficio.__class__}']"),
    "paginacion-mal": lambda t: t.replace("  pagina: carta", "  pagina: carta\n  paginacion: '{nada}'"),
    "encabezado-vacio": lambda t: t.replace("  institucion:\n    - SECRETARÍA DE RELACIONES EXTERIORES\n",
                                            "  institucion: []\n"),
    "miembro-desconocido": lambda t: t.replace("        - nombre: Oscar Sánchez Delgado",
                                               "        - nombre: Oscar Sánchez Delgado\n          cargoo: x"),
    "dias-inhabiles": lambda t: t + "\ndias_inhabiles:\n  - {desde: 2018-11-01, hastaa: 2018-11-05}\n",
    "dias-inhabiles-fecha": lambda t: t + "\ndias_inhabiles:\n  - {desde: 2018-02-30}\n",
    "dias-inhabiles-no-lista": lambda t: t + "\ndias_inhabiles: 3\n",
    "estructura-seccion": lambda t: t + "\nestructura:\n  antecedentes: {titulo: RESULTANDOS, numeracionn: romanos}\n",
    "estructura-numeracion": lambda t: t + "\nestructura:\n  considerandos: {titulo: X, numeracion: griegos}\n",
    "estructura-frases": lambda t: t + "\nestructura:\n  frases:\n    solicitud: {titulo: '{nada}'}\n",
    "estructura-frase-desconocida": lambda t: t + "\nestructura:\n  frases:\n    solicitudd: {titulo: x}\n",
    "estructura-rubro": lambda t: t + "\nestructura:\n  rubro: [oficio, zzz]\n  rubro_etiquetas: {oficio: ''}\n",
    "estructura-glosario": lambda t: t + "\nestructura:\n  glosario: [{termino: Ley, significadoo: x}]\n",
    "citas-desconocida": lambda t: t + "\ncitas: {marca_sicc: x}\n",
    "citas-patron": lambda t: t + "\ncitas: {nota_reformas: '{nada}', marca_sic: '<sic>'}\n",
    "citas-formas-cortas": lambda t: t + "\ncitas: {formas_cortas: [{termino: x}]}\n",
    "acta-frases": lambda t: t + "\nacta: {frases: {quorum: {texto: '{nada}'}}, titulo: 3}\n",
    "plazo": lambda t: t + "\nplazo_respuesta: {dias: 0, fundamento: abc}\n",
    "series": lambda t: t + "\nseries_oficio: {a: '{consecutivo!r}'}\n",
    "sujeto": lambda t: t.replace("sujeto_obligado: ejecutivo_federal", "sujeto_obligado: ejecutivo"),
    "id-distinto": lambda t: t.replace("id: sre", "id: otra"),
    "vigencias-mal": lambda t: t.replace("  - desde: 2018-11-21\n", "  - desde: 2018-13-21\n"),
    "lista": lambda t: "- " + t.replace("\n", "\n  "),
}


def test_perfiles_rotos_dan_lo_mismo(preparada, tmp_path):
    """Un perfil propio roto de muchas formas (opciones anidadas mal escritas, valores por omisión
    de modelos anidados, ``dias_inhabiles``, ``estructura``, ``frases``, ``citas``, ``acta``):
    mismo mensaje con su «¿quiso decir…?», mismo código, nada escrito."""
    trabajos = []
    for nombre, cambio in _CAMBIOS_DEL_PERFIL.items():
        plantillas = _perfil_roto(tmp_path, nombre, cambio)
        trabajos.append((nombre, ["validar", "--json", str(MUESTRA), "--plantillas", str(plantillas)]))
        trabajos.append((f"{nombre}-generar", ["generar", str(MUESTRA), "-o", str(tmp_path / f"{nombre}.docx"),
                                               "--sin-registro", "--plantillas", str(plantillas)]))
    resultados = _lote(preparada, tmp_path, trabajos)
    de_pydantic = resultados["pydantic"]
    assert de_pydantic["fechas-mal-escrito-generar"][0] == 2 and de_pydantic["fechas-mal-escrito-generar"][3] is None
    assert "¿quiso decir «fechas»?" in de_pydantic["fechas-mal-escrito-generar"][2]
    assert "¿quiso decir «significado»?" in de_pydantic["estructura-glosario-generar"][2]
    assert _diferencias(resultados) == []


def test_catalogos_propios_rotos_dan_lo_mismo(preparada, tmp_path):
    """Un catálogo propio con una entrada mala de cada clase (instrumento, disposición, vigencia,
    cláusula, causal, categoría): mismos mensajes y mismo código con las dos bases."""
    fuente = RAIZ / "catalogo_fundamentos"
    cambios = {
        "instrumento": ("lgtaip2025.yaml", "  nombre_corto: LGTAIP", "  nombre_corto: LGTAIP\n  nombre_cortoo: x"),
        "vigencia": ("lgtaip2025.yaml", "    desde: 2025-03-21", "    desde: 2025-03-21\n    hastaa: null"),
        "vigencia-invertida": ("lgtaip2025.yaml", "    hasta: null", "    hasta: 2001-01-01"),
        "disposicion": ("lgtaip2025.yaml", "    articulo: \"1\"", "    articulo: \"1\"\n    articuloo: 1"),
        "disposicion-tipo": ("lgtaip2025.yaml", "    etiquetas: [definiciones]", "    etiquetas: definiciones"),
        "clausula": ("clausulas/prueba_de_dano.yaml", "    tipo: prueba_de_dano", "    tipo: prueba_de_danno"),
        "clausula-plantilla": ("clausulas/resolutivos.yaml", "      Que el {{ inst.comite_completo }} es",
                               "      Que el {{ inst.comite_completo }} {{ exp.model_dump() }} es"),
        "clausula-jinja": ("clausulas/resolutivos.yaml", "      Que el {{ inst.comite_completo }} es",
                           "      Que el {{ inst.comite_completo }} {% for %} es"),
        "causal": ("causales_reserva.yaml", "  - id:", "  - idd:"),
        "categoria": ("categorias_confidenciales.yaml", "  - id:", "  - id: 3\n    idd:"),
    }
    trabajos = []
    for nombre, (archivo, antes, despues) in cambios.items():
        carpeta = tmp_path / nombre
        (carpeta / "clausulas").mkdir(parents=True)
        texto = (fuente / archivo).read_text(encoding="utf-8")
        assert antes in texto, nombre
        (carpeta / archivo).write_text(texto.replace(antes, despues, 1), encoding="utf-8")
        for muestra in (MUESTRA, RAIZ / "samples" / "reserva-2026.yaml"):
            trabajos.append((f"{nombre}-{muestra.stem}", ["validar", "--json", str(muestra), "--catalogo", str(carpeta)]))
        trabajos.append((f"{nombre}-generar", ["generar", str(MUESTRA), "-o", str(tmp_path / f"{nombre}.docx"),
                                               "--sin-registro", "--catalogo", str(carpeta)]))
    resultados = _lote(preparada, tmp_path, trabajos)
    assert all(r[0] == 2 for n, r in resultados["pydantic"].items() if n.endswith("-generar"))  # control
    assert _diferencias(resultados) == []


# --- La caché dañada, ajena o disputada: lo que resiste -----------------------------------

def _danar_truncado(cache: Path) -> None:
    archivo = _grupo_del_expediente(cache)
    archivo.write_bytes(archivo.read_bytes()[: archivo.stat().st_size // 2])


def _danar_vacio(cache: Path) -> None:
    for archivo in _grupos(cache):
        archivo.write_bytes(b"")


def _danar_grupos_cambiados(cache: Path) -> None:
    # Cada archivo con el contenido de otro grupo (se leen bien, pero no son los suyos).
    archivos = _grupos(cache)
    contenidos = [a.read_bytes() for a in archivos]
    for archivo, contenido in zip(archivos, contenidos[1:] + contenidos[:1]):
        archivo.write_bytes(contenido)


def _danar_clase_que_ya_no_existe(cache: Path) -> None:
    # Como un archivo de otra versión del código en la que el modelo se llamaba distinto.
    archivo = _grupo_del_expediente(cache)
    datos = archivo.read_bytes()[32:]
    assert b"Firmante" in datos
    _resellar(archivo, datos.replace(b"Firmante", b"Firmantx"))


def _danar_no_es_diccionario(cache: Path) -> None:
    for archivo in _grupos(cache):
        _resellar(archivo, pickle.dumps(["otra", "cosa"]))


@pytest.mark.parametrize("danar", [_danar_truncado, _danar_vacio, _danar_grupos_cambiados, _danar_clase_que_ya_no_existe,
                                   _danar_no_es_diccionario],
                         ids=["truncado", "vacio", "grupos-cambiados", "clase-de-otra-version", "no-es-diccionario"])
def test_una_cache_ilegible_da_lo_mismo_y_se_repara(preparada, tmp_path, danar):
    """Validadores guardados que no se pueden usar tal cual: el proceso vuelve a empezar con
    pydantic, da el mismo resultado sin traza, y la siguiente corrida ya es ligera."""
    bueno = _cli(preparada, "pydantic", "generar", str(MUESTRA), "-o", str(tmp_path / "bueno.docx"))
    cache = _copia(preparada, tmp_path / "cache")
    danar(cache)
    danado = _cli(cache, "ligero", "generar", str(MUESTRA), "-o", str(tmp_path / "danado.docx"))
    assert b"Traceback" not in danado.stderr, danado.stderr.decode()[-2000:]
    assert _resultado(danado, ("danado", "X")) == _resultado(bueno, ("bueno", "X"))
    assert (tmp_path / "danado.docx").read_bytes() == (tmp_path / "bueno.docx").read_bytes()
    siguiente = _cli(cache, "ligero", "validar", "--json", str(MUESTRA))
    assert _resultado(siguiente) == _resultado(_cli(preparada, "pydantic", "validar", "--json", str(MUESTRA)))
    assert len(_grupos(cache)) == 3


def test_validadores_de_otras_versiones_no_se_usan(preparada, tmp_path):
    """Archivos de validadores con otra clave (otra versión del código o de pydantic) en la misma
    carpeta: no se leen; la base ligera sigue dando lo mismo y no se pierden los buenos."""
    cache = _copia(preparada, tmp_path / "cache")
    carpeta = cache / "resoluciones"
    for i in range(6):
        (carpeta / f"validadores-{i:024d}.pickle").write_bytes(b"de otra version")
    ligero = _cli(cache, "ligero", "validar", "--json", str(MUESTRA))
    assert _resultado(ligero) == _resultado(_cli(preparada, "pydantic", "validar", "--json", str(MUESTRA)))
    assert len(_grupos(cache)) == 9


def test_dos_procesos_preparando_la_cache_a_la_vez(tmp_path):
    """Dos «validar» en frío sobre la misma caché vacía, a la vez: los dos terminan bien, los
    grupos quedan legibles y la siguiente corrida (ligera) da lo mismo."""
    cache = tmp_path / "cache"
    procesos = [subprocess.Popen([sys.executable, "-m", "generador", "validar", "--json", str(MUESTRA)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=entorno_de_modelos(cache, "ligero"), cwd=RAIZ)
                for _ in range(2)]
    salidas = [p.communicate(timeout=120) + (p.returncode,) for p in procesos]
    assert salidas[0] == salidas[1] and salidas[0][2] == 1, salidas[0][1].decode()[-2000:]
    assert len(_grupos(cache)) == 3
    for archivo in _grupos(cache):
        _leer_grupo(archivo)  # legibles, completos, con su suma
    siguiente = _cli(cache, "ligero", "validar", "--json", str(MUESTRA))
    assert (siguiente.stdout, siguiente.stderr, siguiente.returncode) == salidas[0]


def test_una_cache_que_no_se_puede_escribir(tmp_path):
    """La carpeta de la caché es un archivo (no se puede crear ni escribir): siempre pydantic,
    mismo resultado, sin traza, aunque al salir intente guardar los validadores."""
    base = tmp_path / "cache"
    base.mkdir()
    (base / "resoluciones").write_text("no soy una carpeta")
    salidas = []
    for modo in ("ligero", "pydantic"):
        proceso = _cli(base, modo, "generar", str(MUESTRA), "-o", str(tmp_path / f"{modo}.docx"))
        assert b"Traceback" not in proceso.stderr, proceso.stderr.decode()[-2000:]
        salidas.append(_resultado(proceso, (modo, "X")) + ((tmp_path / f"{modo}.docx").read_bytes(),))
    assert salidas[0] == salidas[1] and salidas[0][0] == 0


def test_la_entrada_estandar_con_la_base_ligera(preparada, tmp_path):
    """El expediente por la entrada estándar («-»), con la caché buena: mismo .docx, mismos
    mensajes; y uno inválido por la entrada estándar, el mismo error."""
    texto = MUESTRA.read_bytes()
    malo = texto.replace(b"oficio: CTA-40418", b"oficio: CTA-40418\noficoi: 1")
    salidas = {}
    for modo in ("ligero", "pydantic"):
        cache = _copia(preparada, tmp_path / f"cache-{modo}")
        bien = _cli(cache, modo, "generar", "-", "-o", str(tmp_path / f"{modo}.docx"), entrada=texto)
        mal = _cli(cache, modo, "validar", "--json", "-", entrada=malo)
        salidas[modo] = [_resultado(bien, (modo, "X")), (tmp_path / f"{modo}.docx").read_bytes(), _resultado(mal)]
    assert salidas["ligero"] == salidas["pydantic"]
    assert salidas["pydantic"][0][0] == 0 and "¿quiso decir «oficio»?" in salidas["pydantic"][2][1]


# --- La huella del formato y del estilo de citas (claves del diseño y de las citas) -------

_HUELLAS = r"""
import json, sys
from generador.modelos import modo
if sys.argv[1] == "ligero":
    modo.pedir_ligero()
from generador.modelos.huella import huella
from generador.plantillas.perfil import Formato
from generador.plantillas.estilo_citas import EstiloCitas
variantes = [
    {}, {"tamano": 11}, {"tamano": 11.5}, {"fuente": "Arial "}, {"pie": ["{oficio}"]}, {"pie": ["{oficio}", "{fecha}"]},
    {"encabezado_adicional": ["{oficio}"]}, {"estilos": {"Normal": {"fuente": "Times"}}},
    {"estilos": {"Normal": {"tamano": 12}}}, {"estilos": {"Normal": {}}}, {"estilos": {"Título 1": {}}},
    {"margenes_cm": {"superior": 2.6}}, {"margenes_cm": {"inferior": 2.6}}, {"paginacion": "{pagina}"},
    {"logo": "a.png"}, {"logo": "a.png", "logo_ancho_cm": 3}, {"pagina": "oficio"},
]
citas = [{}, {"marca_sic": "[sic]"}, {"formas_cortas": [{"termino": "Ley", "significado": "La Ley"}]},
         {"formas_cortas": [{"termino": "Ley", "significado": "La Ley", "instrumento": "lgtaip2025"}]},
         {"fraccion_primero": True}, {"ultimo_parrafo": True}, {"reformas": "del_numeral"}]
print(json.dumps({"formato": [huella(Formato.model_validate(v)) for v in variantes],
                  "citas": [huella(EstiloCitas.model_validate(v)) for v in citas], "ligero": modo.ligero()}))
"""


def test_la_huella_distingue_formatos_y_es_la_misma_con_las_dos_bases(preparada):
    """Formatos y estilos de cita distintos dan huellas distintas (si no, el diseño o la cita
    guardados serían los de otro perfil), y la misma con las dos bases."""
    huellas = {}
    for modo in ("ligero", "pydantic"):
        proceso = subprocess.run([sys.executable, "-c", _HUELLAS, modo], capture_output=True, text=True,
                                 env=entorno_de_modelos(preparada, modo), cwd=RAIZ, check=False, timeout=120)
        assert proceso.returncode == 0, proceso.stderr[-2000:]
        huellas[modo] = json.loads(proceso.stdout)
        assert huellas[modo].pop("ligero") is (modo == "ligero")
    assert huellas["ligero"] == huellas["pydantic"]
    for grupo in ("formato", "citas"):
        assert len(set(huellas["pydantic"][grupo])) == len(huellas["pydantic"][grupo]), grupo


def test_el_diseno_guardado_de_otro_formato_no_se_usa(preparada, tmp_path):
    """Dos perfiles que solo difieren en la fuente, uno tras otro sobre la misma caché (el diseño
    del primero queda guardado): el segundo sale igual que con una caché recién hecha."""
    uno = _perfil_roto(tmp_path, "arial", lambda t: t.replace("fuente: Arial", "fuente: Arial Narrow"))
    otro = _perfil_roto(tmp_path, "times", lambda t: t.replace("fuente: Arial", "fuente: Times New Roman"))
    cache = _copia(preparada, tmp_path / "cache")
    for plantillas, nombre in ((uno, "uno"), (otro, "otro")):
        proceso = _cli(cache, "ligero", "generar", str(MUESTRA), "-o", str(tmp_path / f"{nombre}.docx"),
                       "--plantillas", str(plantillas))
        assert proceso.returncode == 0, proceso.stderr.decode()[-2000:]
    limpio = _cli(_copia(preparada, tmp_path / "cache-limpia"), "pydantic", "generar", str(MUESTRA), "-o",
                  str(tmp_path / "limpio.docx"), "--plantillas", str(otro))
    assert limpio.returncode == 0
    assert (tmp_path / "otro.docx").read_bytes() == (tmp_path / "limpio.docx").read_bytes()
    assert (tmp_path / "otro.docx").read_bytes() != (tmp_path / "uno.docx").read_bytes()  # control


# --- Lo que el programa usa de un modelo: copia profunda, igualdad, pickle ----------------

_MODELOS = r"""
import copy, json, pickle, sys
from pathlib import Path
from generador.modelos import modo
if sys.argv[1] == "ligero":
    modo.pedir_ligero()
from generador.expediente import leer_texto
from generador.plantillas.perfil import cargar_perfil
expediente, _ = leer_texto(Path(sys.argv[2]).read_text(encoding="utf-8"), "caso.yaml")
perfil, _ = cargar_perfil("sre", "caso.yaml", 3)
profunda = expediente.model_copy(deep=True)
otra = copy.deepcopy(perfil)
cambiado = perfil.model_copy(update={"formato": perfil.formato.model_copy(update={"tamano": 12.0})})
def hash_o_error(modelo):
    # El valor solo se compara entre procesos si no hay None dentro (en Python 3.11 el hash de
    # None es su dirección en memoria); si no, se compara con el de una copia del mismo proceso.
    try:
        valor = hash(modelo)
    except TypeError as exc:
        return f"TypeError: {exc}"
    return valor if None not in modelo.__dict__.values() else valor == hash(copy.deepcopy(modelo))
datos = {
    "profunda": [profunda == expediente, profunda is expediente, profunda.firmantes[0] is expediente.firmantes[0],
                 profunda.model_dump(mode="json") == expediente.model_dump(mode="json")],
    "deepcopy": [otra == perfil, otra.formato == perfil.formato, hash(otra.fechas) == hash(perfil.fechas)],
    "cambiado": [cambiado == perfil, cambiado.formato.tamano, sorted(cambiado.formato.model_fields_set),
                 cambiado.model_dump(mode="json")["formato"]],
    "hash": [hash_o_error(m) for m in (perfil.formato, perfil.fechas, perfil.formato.margenes_cm, perfil.acta, perfil,
                                       expediente.firmantes[0], expediente.fundamentacion_resolucion, expediente)],
    "igual-otro-tipo": [perfil.formato == perfil.fechas, perfil.formato == "x", perfil.formato != perfil.formato],
    "ida-y-vuelta": pickle.loads(pickle.dumps(expediente)) == expediente,
    "json": expediente.model_dump_json(indent=2, exclude_defaults=True),
}
print(json.dumps(datos, ensure_ascii=False, default=str))
"""


def test_copias_igualdad_y_hash_dan_lo_mismo(preparada):
    """``model_copy(deep=True)``, ``copy.deepcopy``, copia con cambios anidados, igualdad con
    otro tipo, hash de los congelados y pickle: lo mismo con las dos bases."""
    salidas = {}
    for modo in ("ligero", "pydantic"):
        proceso = subprocess.run([sys.executable, "-c", _MODELOS, modo, str(MUESTRA)], capture_output=True, text=True,
                                 env=entorno_de_modelos(preparada, modo), cwd=RAIZ, check=False, timeout=120)
        assert proceso.returncode == 0, proceso.stderr[-2000:]
        salidas[modo] = json.loads(proceso.stdout)
    assert salidas["pydantic"]["profunda"] == [True, False, False, True]  # control
    assert salidas["ligero"] == salidas["pydantic"]


# --- Lo que no resistía (arreglado tras este ataque; las pruebas quedan) ------------------

def test_una_plantilla_propia_ve_los_mismos_campos_de_un_modelo(preparada, tmp_path):
    """Un bloque de texto propio que recorre los campos de un firmante (un Registro es un mapa) y
    lee «model_extra»: con pydantic, el firmante no tiene esos campos; con la base ligera, sí."""
    plantillas = tmp_path / "plantillas"
    shutil.copytree(RAIZ / "plantillas" / "instituciones" / "sre", plantillas / "instituciones" / "sre")
    bloque = plantillas / "instituciones" / "sre" / "textos" / "reserva" / "cuerpo.html.j2"
    bloque.parent.mkdir(parents=True)
    bloque.write_text("<p>Campos del firmante: {{ exp.firmantes[0] | list | join(', ') }}.</p>\n"
                      + (RAIZ / "plantillas" / "textos" / "reserva" / "cuerpo.html.j2").read_text(encoding="utf-8"),
                      encoding="utf-8")
    salidas = {}
    for modo in ("ligero", "pydantic"):
        cache = _copia(preparada, tmp_path / f"cache-{modo}")
        docx = tmp_path / f"{modo}.docx"
        proceso = _cli(cache, modo, "generar", str(MUESTRA), "-o", str(docx), "--plantillas", str(plantillas))
        salidas[modo] = _resultado(proceso, (str(docx), "SALIDA")) + (docx.read_bytes() if docx.exists() else None,)
    assert salidas["pydantic"][0] == 0 and salidas["pydantic"][3]  # control: con pydantic se generó
    assert salidas["ligero"] == salidas["pydantic"]


def test_una_cache_danada_con_dev_stdin_da_el_resultado_correcto(preparada, tmp_path):
    """El expediente llega por /dev/stdin y los validadores guardados están dañados: el
    resultado debe ser el mismo que con pydantic (o, al menos, pedir repetir la orden)."""
    if not os.path.exists("/dev/stdin"):
        pytest.skip("sin /dev/stdin")
    texto = MUESTRA.read_bytes()
    bueno = _cli(_copia(preparada, tmp_path / "cache-buena"), "pydantic", "validar", "/dev/stdin", entrada=texto)
    assert bueno.returncode == 1 and b"0 error(es)" in bueno.stdout  # control: válido, con advertencias
    cache = _copia(preparada, tmp_path / "cache")
    for archivo in _grupos(cache):
        archivo.write_bytes(b"no es un pickle")
    danado = _cli(cache, "ligero", "validar", "/dev/stdin", entrada=texto)
    assert b"Traceback" not in danado.stderr
    # «validar» da el error como un hallazgo (en la salida); «generar», en la de errores.
    pide_repetir = danado.returncode == 2 and b"vuelva a ejecutar la misma orden" in danado.stdout + danado.stderr
    assert pide_repetir or _resultado(danado) == _resultado(bueno), danado.stdout.decode()[-1000:]


def test_un_byte_cambiado_en_la_cache_no_cambia_el_resultado(preparada, tmp_path):
    """Un solo byte cambiado dentro de un texto del esquema guardado (el archivo sigue siendo un
    pickle legible): el resultado debe ser el correcto, no el del esquema dañado."""
    bueno = _cli(preparada, "pydantic", "validar", str(MUESTRA))
    assert bueno.returncode == 1  # control: válido, con advertencias
    cache = _copia(preparada, tmp_path / "cache")
    archivo = _grupo_del_expediente(cache)
    datos = archivo.read_bytes()
    assert datos.count(b"\x8c\x07reserva") == 1  # el literal de «tipo», una vez (lo demás lo nombra por memo)
    archivo.write_bytes(datos.replace(b"\x8c\x07reserva", b"\x8c\x07reservo"))
    pickle.loads(archivo.read_bytes()[32:])  # sigue siendo un pickle legible: lo delata la suma
    danado = _cli(cache, "ligero", "validar", str(MUESTRA))
    assert _resultado(danado) == _resultado(bueno), danado.stdout.decode()[-1000:]


def test_un_esquema_guardado_que_no_se_puede_armar_no_muestra_traza(preparada, tmp_path):
    """Un grupo guardado que pickle lee pero cuyo esquema pydantic-core rechaza (un tipo de nodo
    que no existe): el resultado debe ser el de pydantic, sin traza."""
    bueno = _cli(preparada, "pydantic", "validar", str(MUESTRA))
    cache = _copia(preparada, tmp_path / "cache")
    archivo = _grupo_del_expediente(cache)
    datos = archivo.read_bytes()[32:]
    assert datos.count(b"\x8c\x05model\x94") == 1
    # Con su suma correcta (como un archivo de otra versión de pydantic-core): pasa la
    # comprobación de integridad y falla al armar el validador.
    _resellar(archivo, datos.replace(b"\x8c\x05model\x94", b"\x8c\x05mxdel\x94"))
    danado = _cli(cache, "ligero", "validar", str(MUESTRA))
    assert b"Traceback" not in danado.stderr, danado.stderr.decode()[-1500:]
    assert _resultado(danado) == _resultado(bueno)


_TEXTO_DEL_MODELO = r"""
import json, sys
from pathlib import Path
from generador.modelos import modo
if sys.argv[1] == "ligero":
    modo.pedir_ligero()
from generador.expediente import leer_texto
expediente, _ = leer_texto(Path(sys.argv[2]).read_text(encoding="utf-8"), "caso.yaml")
periodo = expediente.clasificaciones[0].periodo_reserva
print(json.dumps([str(periodo), f"{expediente.firmantes[0]}", modo.ligero()], ensure_ascii=False))
"""


def test_el_texto_de_un_modelo_es_el_mismo(preparada):
    """``str()`` y ``format()`` de un modelo (lo que imprime un programa que use los modelos con
    ``modo.pedir_ligero()``): el mismo texto con las dos bases."""
    salidas = {}
    for modo in ("ligero", "pydantic"):
        proceso = subprocess.run([sys.executable, "-c", _TEXTO_DEL_MODELO, modo, str(MUESTRA)], capture_output=True,
                                 text=True, env=entorno_de_modelos(preparada, modo), cwd=RAIZ, check=False, timeout=120)
        assert proceso.returncode == 0, proceso.stderr[-2000:]
        *textos, ligero = json.loads(proceso.stdout)
        assert ligero is (modo == "ligero")
        salidas[modo] = textos
    assert salidas["pydantic"][0].startswith("anios=")  # control
    assert salidas["ligero"] == salidas["pydantic"]
