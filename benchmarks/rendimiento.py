"""Mide dónde espera la gente: la página web, el PDF, el primer documento y el lote.

Uso (con el proyecto instalado; una sola orden):

    python benchmarks/rendimiento.py            # todo: ~10 minutos
    python benchmarks/rendimiento.py --rapido   # tandas chicas, para probar el script

Cada comparación se mide en la misma corrida y en pares (A, B, A, B…), y se informa la
mediana de las razones de cada par; la carga de la máquina al empezar y al terminar queda en
benchmarks/resultados.json, con todo lo demás, y la tabla del README se imprime al final.

1. Tubería entera en caliente (leer, validar, revisar, redactar, Word, escribir) contra
   docxtemplater en node en caliente con el mismo documento ya redactado (``referencia_node``).
2. Render de Word por documento: el motor contra docxtpl «como se acostumbra».
3. Lote con 1 y 2 procesos, en pares; memoria máxima de un lote grande.
4. Arranque en frío de ``generar`` contra un script mínimo de docxtpl y contra docxtemplater.
5. Lote a PDF contra una sola llamada a soffice con los mismos .docx.
6. Página web (``web``): validar, vista previa, .docx y PDF con 1 y 8 clientes, con 1 y 2
   procesos del servidor, y el PDF sin LibreOffice caliente. Tamaño del .docx.
Las metas viven aquí, nunca en las pruebas.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import informe
import referencia_node
import web

RAIZ = Path(__file__).resolve().parent.parent
MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
CORREGIDA = RAIZ / "samples" / "cta-40418-corregida.yaml"
RESULTADOS = Path(__file__).resolve().parent / "resultados.json"


def _contexto_word():
    """El diseño y el contexto de CTA-40418 ya redactada (lo que recibe el paso de Word):
    se toma del propio ``componer`` al generar, así sigue al día con el diseño."""
    from generador.tuberia import generar_docx, leer_caso
    from generador.word import motor as _motor

    caso = leer_caso(MUESTRA)
    capturado: dict = {}
    original = _motor.DisenoCompilado.renderizar

    def capturar(self, contexto, *args, **kwargs):
        capturado.update(contexto=dict(contexto), compilado=self)
        return original(self, contexto, *args, **kwargs)

    _motor.DisenoCompilado.renderizar = capturar
    try:
        generar_docx(caso)
    finally:
        _motor.DisenoCompilado.renderizar = original
    compilado = capturado["compilado"]
    return caso, compilado.ruta, compilado, capturado["contexto"]


def _por_documento(funcion, n: int) -> float:
    """Milisegundos por documento (mediana de tres tandas de n/3)."""
    tanda = max(n // 3, 1)
    tiempos = []
    for _ in range(3):
        inicio = time.perf_counter()
        for _ in range(tanda):
            funcion()
        tiempos.append((time.perf_counter() - inicio) / tanda * 1000)
    return statistics.median(tiempos)


def medir_render(n: int) -> dict:
    import datetime as dt

    from docxtpl import DocxTemplate

    caso, diseno, compilado, contexto = _contexto_word()
    momento = dt.datetime(2018, 11, 21, 12)

    def motor():
        compilado.renderizar(contexto, {"titulo": "Resolución CTA-40418"}, momento)

    import markupsafe

    plano = _contexto_plano(contexto)
    for clave in plano.pop("__seguros__"):
        plano[clave] = markupsafe.Markup(plano[clave])

    def docxtpl_usual():  # con datos simples (el motor los pasa por su entorno aislado)
        plantilla = DocxTemplate(str(diseno))
        plantilla.render(plano, autoescape=True)
        plantilla.save(io.BytesIO())

    motor()
    docxtpl_usual()
    ms_motor = _por_documento(motor, n)
    ms_docxtpl = _por_documento(docxtpl_usual, max(n // 4, 12))
    return {"ms_motor": ms_motor, "ms_docxtpl": ms_docxtpl, "razon": ms_docxtpl / ms_motor}


def medir_tuberia(n: int, carpeta: Path, variar: bool = True) -> dict:
    """La tubería entera por documento en un proceso caliente, como la usa la página: leer
    el expediente, validarlo, revisarlo, redactarlo, escribir el Word y guardarlo en disco,
    con el catálogo en memoria (``web.recursos``).

    Con ``variar``, cada documento lleva otro número de oficio (como un lote: documentos
    distintos), así ninguna memoria de resultados por documento completo puede contestar
    por el siguiente; sin él, el mismo documento cada vez."""
    from generador.tuberia import generar_docx, revisar_caso
    from generador.web.recursos import Recursos

    recursos = Recursos([], [])
    base = MUESTRA.read_bytes()
    assert b"oficio: CTA-40418" in base
    entradas = [base.replace(b"oficio: CTA-40418", f"oficio: CTA-{i}".encode()) if variar else base
                for i in range(n + 1)]
    siguiente = iter(entradas)
    salida = carpeta / "caliente.docx"

    def uno():
        caso = recursos.caso_desde_bytes(next(siguiente), MUESTRA.name)
        revisar_caso(caso)
        salida.write_bytes(generar_docx(caso))

    uno()
    ms = _por_documento(uno, n - n % 3)
    return {"ms_por_documento": ms, "documentos_por_segundo": 1000 / ms, "documentos_distintos": variar}


def _instalacion() -> str:
    """Cómo está instalado el proyecto en este entorno: una instalación editable (``pip install
    -e``) agrega a cada arranque de Python su buscador de módulos (~15 ms), que docxtemplater en
    node no paga; ``pip install .`` (el README) no lo tiene."""
    editable = any("__editable__" in (getattr(buscador, "__module__", "") or "") + type(buscador).__module__
                   for buscador in sys.meta_path)  # setuptools pone la clase misma, no una instancia
    return "editable (pip install -e .)" if editable else "pip install ."


def _resoluciones() -> list[str]:
    return [sys.executable, "-m", "generador"]


def _lote(n: int, procesos: int, carpeta: Path) -> dict:
    """Corre ``resoluciones lote`` en un proceso hijo; devuelve segundos y RSS máximo (MB)."""
    entrada = carpeta / f"entrada-{n}"
    if not entrada.is_dir():
        entrada.mkdir()
        texto = CORREGIDA.read_text(encoding="utf-8")
        for i in range(n):
            (entrada / f"caso{i:05d}.yaml").write_text(texto.replace("oficio: CTA-40418", f"oficio: CTA-{i}"),
                                                       encoding="utf-8")
    salida = carpeta / f"salida-{n}-{procesos}"
    codigo = (
        "import resource, subprocess, sys, time\n"
        "inicio = time.perf_counter()\n"
        f"r = subprocess.run({_resoluciones() + ['lote', str(entrada), '-o', str(salida), '--procesos', str(procesos), '--forzar', '--silencioso', '--sin-registro']!r}, capture_output=True)\n"
        "fin = time.perf_counter() - inicio\n"
        "print(r.returncode, fin, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    salida_texto = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True).stdout
    retorno, segundos, rss_kb = salida_texto.split()
    if retorno != "0":
        raise RuntimeError(f"el lote falló (código {retorno})")
    shutil.rmtree(salida, ignore_errors=True)
    return {"documentos": n, "procesos": procesos, "segundos": float(segundos),
            "documentos_por_segundo": n / float(segundos), "rss_max_mb": int(rss_kb) / 1024}


def medir_lote(n: int, n_memoria: int, carpeta: Path, pares: int) -> dict:
    """Lote con 1 y con 2 procesos, en pares (1, 2, 1, 2…): la razón de cada par y su mediana."""
    corridas = [(_lote(n, 1, carpeta), _lote(n, 2, carpeta)) for _ in range(pares)]
    razones = [dos["documentos_por_segundo"] / uno["documentos_por_segundo"] for uno, dos in corridas]
    memoria = _lote(n_memoria, 1, carpeta) if n_memoria else None
    return {"documentos": n, "pares": pares, "razones_2_a_1": razones, "razon_2_a_1": statistics.median(razones),
            "docs_por_segundo_1": statistics.median(u["documentos_por_segundo"] for u, _ in corridas),
            "docs_por_segundo_2": statistics.median(d["documentos_por_segundo"] for _, d in corridas),
            "memoria": memoria}


def medir_pdf(n: int, carpeta: Path) -> dict:
    """Lote a PDF contra una sola llamada a soffice que convierte los mismos .docx."""
    from generador.pdf import buscar_soffice

    try:
        soffice = buscar_soffice()
    except Exception:
        return {"omitido": "LibreOffice no está instalado"}
    entrada = carpeta / f"pdf-entrada-{n}"
    entrada.mkdir()
    texto = CORREGIDA.read_text(encoding="utf-8")
    for i in range(n):
        (entrada / f"caso{i:04d}.yaml").write_text(texto.replace("oficio: CTA-40418", f"oficio: CTA-{i}"), encoding="utf-8")
    docx = carpeta / f"pdf-docx-{n}"
    subprocess.run(_resoluciones() + ["lote", str(entrada), "-o", str(docx), "--silencioso", "--sin-registro"], check=True,
                   capture_output=True)
    archivos = sorted(str(p) for p in docx.glob("*.docx"))
    directo = carpeta / "pdf-directo"
    inicio = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(carpeta / 'perfil-lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(directo), *archivos], check=True, capture_output=True)
    s_directo = time.perf_counter() - inicio
    inicio = time.perf_counter()
    subprocess.run(_resoluciones() + ["lote", str(entrada), "-o", str(carpeta / "pdf-lote"), "--formato", "pdf",
                                      "--silencioso", "--sin-registro"], check=True, capture_output=True)
    s_lote = time.perf_counter() - inicio
    inicio = time.perf_counter()  # con 2 procesos: dos LibreOffice calientes a la vez
    subprocess.run(_resoluciones() + ["lote", str(entrada), "-o", str(carpeta / "pdf-lote-2"), "--formato", "pdf",
                                      "--procesos", "2", "--silencioso", "--sin-registro"], check=True, capture_output=True)
    s_lote_2 = time.perf_counter() - inicio
    return {"documentos": n, "s_soffice_directo": s_directo, "s_lote_pdf": s_lote, "razon": s_lote / s_directo,
            "s_lote_pdf_2_procesos": s_lote_2, "razon_2_procesos": s_lote_2 / s_directo}


def _pares(a: list[str], b: list[str], veces: int, entorno: dict | None = None, entorno_b: dict | None = None) -> dict:
    """A, B, A, B…: cada par corre seguido (la deriva de la máquina afecta a los dos); la
    razón A/B de cada par y su mediana, y la mediana de cada uno en ms. ``entorno_b``: otro
    entorno para B (si no, el mismo)."""
    ta, tb = [], []
    for _ in range(veces):
        for orden, tiempos, env in ((a, ta, entorno), (b, tb, entorno_b or entorno)):
            inicio = time.perf_counter()
            subprocess.run(orden, check=True, capture_output=True, env=env)
            tiempos.append(time.perf_counter() - inicio)
    razones = [x / y for x, y in zip(ta, tb)]
    return {"ms_a": statistics.median(ta) * 1000, "ms_b": statistics.median(tb) * 1000,
            "razon": statistics.median(razones), "razones": razones}


def _plano(valor):
    """Un valor del contexto como JSON (para que el script de docxtpl no importe el proyecto);
    los textos ya marcados como seguros (Markup) se anotan para volver a marcarlos allá."""
    if hasattr(valor, "model_dump"):
        datos = valor.model_dump(mode="json")
        for nombre in ("nombre_firma", "cargo_firma"):
            if hasattr(valor, nombre):
                datos[nombre] = getattr(valor, nombre)
        return datos
    if isinstance(valor, (list, tuple)):
        return [_plano(v) for v in valor]
    if isinstance(valor, dict):
        return {k: _plano(v) for k, v in valor.items()}
    if isinstance(valor, str):
        return str(valor)
    return valor


def _contexto_plano(contexto: dict) -> dict:
    plano = {k: _plano(v) for k, v in contexto.items()}
    plano["__seguros__"] = [k for k, v in contexto.items() if isinstance(v, str) and type(v) is not str]
    return plano


def medir_arranque(carpeta: Path, veces: int, node: tuple | None) -> dict:
    """Arranque en frío de ``generar`` (sin registro: la referencia tampoco registra) contra un
    script mínimo de docxtpl que renderiza el mismo documento (mismo diseño, contexto de
    CTA-40418 ya redactada) y contra docxtemplater en node (el mismo documento ya redactado)."""
    _, diseno, _, contexto = _contexto_word()
    datos = carpeta / "contexto.json"
    datos.write_text(json.dumps(_contexto_plano(contexto), ensure_ascii=False), encoding="utf-8")
    # Con el código ya compilado, como queda instalado (pip compila los .pyc): si el entorno
    # trae PYTHONDONTWRITEBYTECODE, cada arranque volvía a compilar los módulos del proyecto
    # (los de site-packages sí tenían .pyc) y la comparación salía injusta. Los .pyc van a una
    # carpeta temporal (PYTHONPYCACHEPREFIX), la misma para las dos órdenes de cada par.
    entorno = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    entorno.update(RESOLUCIONES_SIN_REGISTRO="1", PYTHONPYCACHEPREFIX=str(carpeta / "pycache"))
    generar = _resoluciones() + ["generar", str(MUESTRA), "-o", str(carpeta / "frio.docx"), "--sobrescribir"]
    docxtpl = [sys.executable, "-c",
               "import io, json, docxtpl, markupsafe\n"
               f"with open({str(datos)!r}, encoding='utf-8') as f:\n    c = json.load(f)\n"
               "for k in c.pop('__seguros__'):\n    c[k] = markupsafe.Markup(c[k])\n"
               f"t = docxtpl.DocxTemplate({str(diseno)!r})\n"
               "t.render(c, autoescape=True)\n"
               f"t.save({str(carpeta / 'docxtpl.docx')!r})\n"]
    for orden in (generar, docxtpl):  # la primera corrida escribe los .pyc
        subprocess.run(orden, check=True, capture_output=True, env=entorno)
    # La primera corrida de generar también dejó en la caché los validadores que la base ligera
    # de los modelos necesita (generador/modelos): qué base usan las corridas medidas.
    base = subprocess.run([sys.executable, "-c", "from generador.modelos import modo; modo.pedir_ligero(); "
                           "print(modo.ligero())"], check=True, capture_output=True, text=True, env=entorno)
    resultado = {"bytecode": "compilado (PYTHONPYCACHEPREFIX temporal, sin PYTHONDONTWRITEBYTECODE)",
                 "modelos": "base ligera" if base.stdout.strip() == "True" else "pydantic",
                 "contra_docxtpl": _pares(generar, docxtpl, veces, entorno),
                 "ms_interprete": _pares([sys.executable, "-c", "pass"], [sys.executable, "-c", "pass"], 3)["ms_a"]}
    # Lo que costaba compilar el proyecto en cada arranque (como medía la corrida anterior).
    sin_pyc = {k: v for k, v in entorno.items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    resultado["sin_pyc_contra_con_pyc"] = _pares(generar, generar, max(veces // 3, 3), sin_pyc, entorno)
    # Lo que ahorra la base ligera: la misma orden obligada a usar pydantic.
    con_pydantic = entorno | {"RESOLUCIONES_MODELOS": "pydantic"}
    resultado["pydantic_contra_ligera"] = _pares(generar, generar, max(veces // 3, 3), con_pydantic, entorno)
    if node is not None:
        plantilla, contexto_node = node
        resultado["contra_docxtemplater"] = _pares(
            generar, referencia_node.orden_en_frio(plantilla, contexto_node, carpeta / "node.docx"), veces, entorno)
    return resultado


def medir_tuberia_contra_node(n: int, carpeta: Path, node: tuple, pares: int) -> dict:
    """La tubería entera en caliente contra docxtemplater en caliente, en pares."""
    plantilla, contexto = node
    razones, ms_nuestro, ms_node, ms_igual = [], [], [], []
    for _ in range(pares):
        nuestro = medir_tuberia(n, carpeta)["ms_por_documento"]
        suyo = referencia_node.ms_en_caliente(plantilla, contexto, carpeta / "node-caliente.docx", n)
        ms_igual.append(medir_tuberia(n, carpeta, variar=False)["ms_por_documento"])
        razones.append(nuestro / suyo)
        ms_nuestro.append(nuestro)
        ms_node.append(suyo)
    return {"ms_tuberia": statistics.median(ms_nuestro), "ms_docxtemplater": statistics.median(ms_node),
            "razon": statistics.median(razones), "razones": razones, "documentos_distintos": True,
            "ms_tuberia_mismo_documento": statistics.median(ms_igual)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="lotes chicos (para probar el script)")
    parser.add_argument("--sin-web", action="store_true", help="sin las mediciones de la página web")
    parser.add_argument("--solo", default="", help="solo estas partes, separadas por comas (render, tuberia, "
                        "lote, arranque, pdf, web); los resultados van a resultados-parcial.json, no a la tabla")
    args = parser.parse_args()
    solo = {parte.strip() for parte in args.solo.split(",") if parte.strip()}
    quiere = (lambda parte: not solo or parte in solo)
    n_render, n_lote, n_memoria, pares = (60, 100, 0, 3) if args.rapido else (300, 600, 10_000, 5)
    resultados = {
        "fecha": time.strftime("%Y-%m-%d %H:%M"),
        "maquina": {"python": platform.python_version(), "cpu": os.cpu_count(), "sistema": platform.platform(),
                    "carga_al_empezar": os.getloadavg(), "instalacion": _instalacion()},
    }
    aviso_node = referencia_node.preparar()
    if aviso_node:
        print(f"Aviso: {aviso_node}", flush=True)
        resultados["docxtemplater"] = {"omitido": aviso_node}
    with tempfile.TemporaryDirectory(prefix="bench-resoluciones-") as temporal:
        carpeta = Path(temporal)
        salida = carpeta / "cta-40418.docx"
        subprocess.run(_resoluciones() + ["generar", str(MUESTRA), "-o", str(salida), "--sin-registro"],
                       check=True, capture_output=True)
        resultados["tamano_docx_kb"] = salida.stat().st_size / 1024
        node = None if aviso_node else referencia_node.plantilla_y_contexto(salida, carpeta)
        # La tubería antes que el render: medir el render carga docxtpl y python-docx y deja su
        # basura en este proceso, y la tubería medida después salía ~60 % más lenta.
        if quiere("tuberia"):
            print("1. Tubería entera en caliente…", flush=True)
            resultados["tuberia"] = (medir_tuberia_contra_node(n_render, carpeta, node, 3) if node
                                     else medir_tuberia(n_render, carpeta))
        if quiere("render"):
            print("2. Render de Word por documento…", flush=True)
            resultados["render"] = medir_render(n_render)
        if quiere("lote"):
            print(f"3. Lote de {n_lote}, 1 y 2 procesos en {pares} pares…", flush=True)
            resultados["lote"] = medir_lote(n_lote, n_memoria, carpeta, pares)
        if quiere("arranque"):
            print("4. Arranque en frío, en pares…", flush=True)
            resultados["arranque"] = medir_arranque(carpeta, 5 if args.rapido else 15, node)
        if quiere("pdf"):
            print("5. Lote a PDF contra una sola llamada a LibreOffice…", flush=True)
            resultados["pdf"] = medir_pdf(10 if args.rapido else 50, carpeta)
        if not args.sin_web and quiere("web"):
            con_pdf = "omitido" not in resultados.get("pdf", {})
            print("6. Página web: 1 y 8 clientes, con 1 y 2 procesos…", flush=True)
            resultados["web"] = {f"procesos_{p or 'por_omision'}": web.medir_web(MUESTRA, carpeta, p, args.rapido,
                                                                                 con_pdf)
                                 for p in (1, 2, None)}
            resultados["web"]["validar_en_proceso"] = web.medir_validacion_en_proceso(MUESTRA, carpeta,
                                                                                      3 if args.rapido else 7)
            if con_pdf:
                resultados["web"]["pdf_de_una_vez"] = web.medir_pdf_de_una_vez(MUESTRA, carpeta, 3)
    resultados["maquina"]["carga_al_terminar"] = os.getloadavg()
    destino = RESULTADOS.with_name("resultados-parcial.json") if solo else RESULTADOS
    destino.write_text(json.dumps(resultados, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print()
    print(informe.tabla(resultados))
    print(f"\nResultados en {destino}")


if __name__ == "__main__":
    main()
