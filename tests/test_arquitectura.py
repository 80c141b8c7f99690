"""La disposición del paquete (issue 17): etapas como subpaquetes, módulos chicos, sin ciclos.

Se comprueba sobre el código, sin importarlo: las importaciones que un módulo hace al
cargarse (las del nivel del módulo), no las que hace dentro de una función.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAQUETE = Path(__file__).resolve().parent.parent / "generador"
ETAPAS = ["expediente", "catalogo", "plantillas", "revision", "redaccion", "word", "pdf", "lote", "cli", "web"]
# Lo que viene después de la resolución: el registro y la publicación (leyenda, versión pública).
DESPUES = ["registro", "publicacion", "cuentas", "aprobacion", "firma"]
# Lo que está debajo de las etapas que tienen modelos (expediente, catálogo, plantillas): la base
# de los modelos y sus validadores guardados (issue 19). No es una etapa: no importa ninguna.
DEBAJO = ["modelos"]
# Lo único que vive arriba: errores, rutas, caché, letras, la escritura atómica y la fachada.
MODULOS_DE_ARRIBA = {"__init__", "__main__", "errores", "rutas", "cache", "letras", "salida", "tuberia"}
LINEAS_MAXIMAS = 450


def _modulos() -> dict[str, Path]:
    salida = {}
    for ruta in PAQUETE.rglob("*.py"):
        partes = ruta.relative_to(PAQUETE.parent).with_suffix("").parts
        salida[".".join(partes[:-1] if partes[-1] == "__init__" else partes)] = ruta
    return salida


MODULOS = _modulos()


def _importaciones(modulo: str) -> set[str]:
    """Módulos de generador que ``modulo`` importa al cargarse."""
    ruta = MODULOS[modulo]
    paquete = modulo if ruta.name == "__init__.py" else modulo.rsplit(".", 1)[0]
    destinos = set()
    for nodo in ast.parse(ruta.read_text(encoding="utf-8")).body:
        if isinstance(nodo, ast.ImportFrom):
            if nodo.level:
                base = paquete.split(".")
                base = base[:len(base) - (nodo.level - 1)]
                absoluto = ".".join(base + ([nodo.module] if nodo.module else []))
            else:
                absoluto = nodo.module or ""
            for alias in nodo.names:
                submodulo = f"{absoluto}.{alias.name}"
                destinos.add(submodulo if submodulo in MODULOS else absoluto)
        elif isinstance(nodo, ast.Import):
            destinos |= {a.name for a in nodo.names}
    return {d for d in destinos if d in MODULOS and d != modulo}


def test_las_carpetas_son_las_etapas():
    carpetas = {p.name for p in PAQUETE.iterdir() if (p / "__init__.py").is_file()}
    assert set(ETAPAS) <= carpetas <= set(ETAPAS + DESPUES + DEBAJO), sorted(carpetas)
    arriba = {p.stem for p in PAQUETE.glob("*.py")}
    assert arriba <= MODULOS_DE_ARRIBA, f"módulos sueltos arriba: {sorted(arriba - MODULOS_DE_ARRIBA)}"


@pytest.mark.parametrize("modulo", sorted(m for m in MODULOS if m.startswith(tuple(f"generador.{d}" for d in DEBAJO))))
def test_lo_de_debajo_no_importa_las_etapas(modulo):
    etapas = tuple(f"generador.{e}" for e in ETAPAS + DESPUES)
    assert not {d for d in _importaciones(modulo) if d.startswith(etapas)}


@pytest.mark.parametrize("modulo", sorted(MODULOS))
def test_ningun_modulo_pasa_de_450_lineas_y_todos_dicen_por_que_existen(modulo):
    texto = MODULOS[modulo].read_text(encoding="utf-8")
    assert len(texto.splitlines()) <= LINEAS_MAXIMAS
    if not modulo.endswith("__main__"):
        assert ast.get_docstring(ast.parse(texto)), f"{modulo} no tiene docstring"


def test_sin_ciclos_de_importacion():
    grafo = {m: _importaciones(m) for m in MODULOS}
    visitados: dict[str, int] = {}  # 1 en curso, 2 terminado

    def recorrer(modulo: str, camino: list[str]) -> None:
        visitados[modulo] = 1
        for destino in sorted(grafo[modulo]):
            if visitados.get(destino) == 1:
                ciclo = camino[camino.index(destino):] + [destino]
                pytest.fail("ciclo de importación: " + " → ".join(ciclo))
            if destino not in visitados:
                recorrer(destino, camino + [destino])
        visitados[modulo] = 2

    for modulo in sorted(grafo):
        if modulo not in visitados:
            recorrer(modulo, [modulo])


@pytest.mark.parametrize("modulo", sorted(m for m in MODULOS if not m.startswith(("generador.cli", "generador.web"))
                                           and m != "generador.__main__"))
def test_la_biblioteca_no_importa_el_cli_ni_la_web(modulo):
    malas = {d for d in _importaciones(modulo) if d.startswith(("generador.cli", "generador.web"))}
    # También dentro de funciones: la biblioteca nunca depende de sus interfaces.
    texto = MODULOS[modulo].read_text(encoding="utf-8")
    for nodo in ast.walk(ast.parse(texto)):
        if isinstance(nodo, ast.ImportFrom) and nodo.module and (
                nodo.module.split(".")[0] in ("cli", "web") or nodo.module.startswith(("generador.cli", "generador.web"))):
            malas.add(nodo.module)
    assert not malas


def test_cada_paquete_va_en_la_instalacion():
    """``pip install .`` instala los paquetes que enumera pyproject.toml: uno que falte funciona
    en el repositorio (y en sus pruebas, que corren desde él) y falla instalado."""
    import tomllib

    datos = tomllib.loads((PAQUETE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    instalados = set(datos["tool"]["setuptools"]["packages"])
    paquetes = {".".join(p.relative_to(PAQUETE.parent).parts) for p in PAQUETE.rglob("*")
                if p.is_dir() and (p / "__init__.py").is_file()}
    assert paquetes <= instalados, sorted(paquetes - instalados)
