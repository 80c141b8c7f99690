"""Mide la velocidad y la memoria del generador contra docxtpl usado como se acostumbra.

Uso (con el proyecto instalado):

    python benchmarks/rendimiento.py            # todo: ~2 minutos y ~450 MB de disco temporal
    python benchmarks/rendimiento.py --rapido   # lotes más chicos, para probar el script

Todas las comparaciones se miden en la misma corrida, en esta máquina, y se imprimen
como razones; los resultados se guardan en benchmarks/resultados.json.

1. Render de Word, por documento: el motor (diseño preparado una vez) contra docxtpl
   «como se acostumbra» (DocxTemplate(ruta), render, save por documento), con el mismo
   diseño y el mismo contexto (la resolución CTA-40418 ya redactada).
2. Documento completo, por documento: redacción + Word, en un proceso caliente.
3. Lote: ``resoluciones lote`` con 1 y 2 procesos (documentos por segundo y razón) y la
   memoria máxima (RSS) de un lote grande.
4. Arranque en frío: ``resoluciones generar samples/cta-40418.yaml`` contra importar
   docxtpl y renderizar una vez el mismo documento en un proceso nuevo; y el «suelo»:
   lo que tarda solo importar las bibliotecas que ese camino no puede evitar.
5. PDF: ``resoluciones lote --formato pdf`` contra una sola llamada a soffice que
   convierte los mismos .docx (si LibreOffice está instalado).
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

RAIZ = Path(__file__).resolve().parent.parent
MUESTRA = RAIZ / "samples" / "cta-40418.yaml"
CORREGIDA = RAIZ / "samples" / "cta-40418-corregida.yaml"
RESULTADOS = Path(__file__).resolve().parent / "resultados.json"


def _contexto_word():
    """El diseño y el contexto de CTA-40418 ya redactada (lo que recibe el paso de Word)."""
    from generador.plantillas.perfil import cargar_perfil
    from generador.redaccion import redactar
    from generador.tuberia import leer_caso
    from generador.word import ruta_diseno
    from generador.word.composicion import _en_linea, _Estilos, _parrafos
    from generador.word.motor import diseno_compilado

    caso = leer_caso(MUESTRA)
    perfil, carpeta = cargar_perfil(caso.expediente.institucion, plantillas=caso.plantillas)
    resolucion = redactar(caso.expediente, caso.catalogo, perfil, carpeta, caso.documento, caso.plantillas)
    diseno = ruta_diseno(perfil, carpeta, caso.plantillas)
    compilado = diseno_compilado(diseno, perfil.formato)
    contexto = {
        "cuerpo": _parrafos(resolucion.cuerpo, _Estilos(compilado.estilos, str(diseno))),
        "oficio": resolucion.oficio, "folios": resolucion.folios, "asunto": _en_linea(resolucion.asunto),
        "firmantes": resolucion.firmantes, "inst": resolucion.perfil,
        "firmantes_pares": [resolucion.firmantes[i:i + 2] for i in range(0, len(resolucion.firmantes), 2)],
    }
    return caso, diseno, compilado, contexto


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

    from generador.plantillas.entorno import entorno_para

    caso, diseno, compilado, contexto = _contexto_word()
    momento = dt.datetime(2018, 11, 21, 12)

    def motor():
        compilado.renderizar(contexto, {"titulo": "Resolución CTA-40418"}, momento)

    def docxtpl_usual():
        plantilla = DocxTemplate(str(diseno))
        plantilla.render(contexto, jinja_env=entorno_para(), autoescape=True)
        plantilla.save(io.BytesIO())

    motor()
    docxtpl_usual()
    ms_motor = _por_documento(motor, n)
    ms_docxtpl = _por_documento(docxtpl_usual, max(n // 4, 12))
    return {"ms_motor": ms_motor, "ms_docxtpl": ms_docxtpl, "razon": ms_docxtpl / ms_motor}


def medir_completo(n: int) -> dict:
    from generador.tuberia import generar_docx, leer_caso

    caso = leer_caso(MUESTRA)
    generar_docx(caso)
    ms = _por_documento(lambda: generar_docx(caso), n)
    return {"ms_por_documento": ms, "documentos_por_segundo": 1000 / ms}


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
        f"r = subprocess.run({_resoluciones() + ['lote', str(entrada), '-o', str(salida), '--procesos', str(procesos), '--forzar', '--silencioso']!r}, capture_output=True)\n"
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


def medir_lote(n: int, n_memoria: int, carpeta: Path) -> dict:
    uno = _lote(n, 1, carpeta)
    dos = _lote(n, 2, carpeta)
    memoria = _lote(n_memoria, 1, carpeta) if n_memoria != n else uno
    return {"un_proceso": uno, "dos_procesos": dos, "razon_2_a_1": dos["documentos_por_segundo"] / uno["documentos_por_segundo"],
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
    subprocess.run(_resoluciones() + ["lote", str(entrada), "-o", str(docx), "--silencioso"], check=True, capture_output=True)
    archivos = sorted(str(p) for p in docx.glob("*.docx"))
    directo = carpeta / "pdf-directo"
    inicio = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(carpeta / 'perfil-lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(directo), *archivos], check=True, capture_output=True)
    s_directo = time.perf_counter() - inicio
    inicio = time.perf_counter()
    subprocess.run(_resoluciones() + ["lote", str(entrada), "-o", str(carpeta / "pdf-lote"), "--formato", "pdf",
                                      "--silencioso"], check=True, capture_output=True)
    s_lote = time.perf_counter() - inicio
    return {"documentos": n, "s_soffice_directo": s_directo, "s_lote_pdf": s_lote, "razon": s_lote / s_directo}


def _medianas_de_procesos(comandos: dict[str, list[str]], veces: int) -> dict[str, float]:
    """Mediana en ms de cada comando, corridos por turnos (la deriva de la máquina afecta a todos)."""
    tiempos: dict[str, list[float]] = {nombre: [] for nombre in comandos}
    for _ in range(veces):
        for nombre, argumentos in comandos.items():
            inicio = time.perf_counter()
            subprocess.run(argumentos, check=True, capture_output=True)
            tiempos[nombre].append(time.perf_counter() - inicio)
    return {nombre: statistics.median(valores) * 1000 for nombre, valores in tiempos.items()}


def _contexto_plano(contexto: dict) -> dict:
    """El contexto de Word como datos JSON, para que el proceso de docxtpl no importe el proyecto."""
    def firmante(f):
        return {**f.model_dump(), "nombre_firma": f.nombre_firma, "cargo_firma": f.cargo_firma}

    return {
        "cuerpo": str(contexto["cuerpo"]), "asunto": str(contexto["asunto"]), "oficio": contexto["oficio"],
        "folios": list(contexto["folios"]), "firmantes": [firmante(f) for f in contexto["firmantes"]],
        "firmantes_pares": [[firmante(f) for f in par] for par in contexto["firmantes_pares"]],
        "inst": contexto["inst"].model_dump(mode="json"),
    }


def medir_arranque(carpeta: Path, veces: int) -> dict:
    """Arranque en frío de ``generar`` contra docxtpl importado y usado una vez para el
    mismo documento (mismo diseño, contexto de CTA-40418 ya redactada), y el «suelo»:
    solo importar las bibliotecas que el camino de un documento no puede evitar."""
    _, diseno, _, contexto = _contexto_word()
    datos = carpeta / "contexto.json"
    datos.write_text(json.dumps(_contexto_plano(contexto), ensure_ascii=False), encoding="utf-8")
    comandos = {
        "generar": _resoluciones() + ["generar", str(MUESTRA), "-o", str(carpeta / "frio.docx"), "--sobrescribir"],
        "docxtpl": [sys.executable, "-c",
                    "import io, json, docxtpl, markupsafe\n"
                    f"with open({str(datos)!r}, encoding='utf-8') as f:\n    c = json.load(f)\n"
                    "c['cuerpo'], c['asunto'] = markupsafe.Markup(c['cuerpo']), markupsafe.Markup(c['asunto'])\n"
                    f"t = docxtpl.DocxTemplate({str(diseno)!r})\n"
                    "t.render(c, autoescape=True)\n"
                    "t.save(io.BytesIO())\n"],
        "docxtpl_solo_import": [sys.executable, "-c", "import docxtpl"],
        # Click (la CLI), Jinja con su sandbox (las plantillas) y num2words (las
        # letras) los fija la ficha del producto; PyYAML lee el expediente y zipfile
        # el diseño. Importarlos, sin hacer nada más, es el mínimo de ``generar``.
        "suelo": [sys.executable, "-c", "import click, jinja2.sandbox, num2words, yaml, zipfile"],
        "interprete": [sys.executable, "-c", "pass"],
    }
    ms = _medianas_de_procesos(comandos, veces)
    return {
        "ms_generar": ms["generar"], "ms_docxtpl_import_y_render": ms["docxtpl"],
        "ms_docxtpl_solo_import": ms["docxtpl_solo_import"], "ms_suelo_dependencias": ms["suelo"],
        "ms_interprete": ms["interprete"],
        "razon_generar_a_docxtpl": ms["generar"] / ms["docxtpl"],
        "razon_suelo_a_docxtpl": ms["suelo"] / ms["docxtpl"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="lotes chicos (para probar el script)")
    args = parser.parse_args()
    n_render, n_lote, n_memoria = (60, 60, 200) if args.rapido else (300, 1000, 10_000)
    resultados = {
        "fecha": time.strftime("%Y-%m-%d %H:%M"),
        "maquina": {"python": platform.python_version(), "cpu": os.cpu_count(), "sistema": platform.platform()},
    }
    with tempfile.TemporaryDirectory(prefix="bench-resoluciones-") as temporal:
        carpeta = Path(temporal)
        print("1. Render de Word por documento…", flush=True)
        resultados["render"] = medir_render(n_render)
        print("2. Documento completo por documento…", flush=True)
        resultados["completo"] = medir_completo(n_render)
        print(f"3. Lote de {n_lote} (1 y 2 procesos) y de {n_memoria} (memoria)…", flush=True)
        resultados["lote"] = medir_lote(n_lote, n_memoria, carpeta)
        print("4. Arranque en frío…", flush=True)
        resultados["arranque"] = medir_arranque(carpeta, 11)
        print("5. Lote a PDF contra una sola llamada a LibreOffice…", flush=True)
        resultados["pdf"] = medir_pdf(20 if args.rapido else 100, carpeta)
    r = resultados
    print()
    print(f"Render de Word:     motor {r['render']['ms_motor']:.2f} ms/doc · docxtpl usual "
          f"{r['render']['ms_docxtpl']:.2f} ms/doc · {r['render']['razon']:.1f}× (meta ≥ 12×)")
    print(f"Documento completo: {r['completo']['ms_por_documento']:.2f} ms/doc "
          f"({r['completo']['documentos_por_segundo']:.0f} docs/s, redacción incluida)")
    lote = r["lote"]
    print(f"Lote {lote['un_proceso']['documentos']}: 1 proceso {lote['un_proceso']['documentos_por_segundo']:.0f} docs/s · "
          f"2 procesos {lote['dos_procesos']['documentos_por_segundo']:.0f} docs/s · {lote['razon_2_a_1']:.2f}× (meta ≥ 1.7×)")
    print(f"Memoria, lote de {lote['memoria']['documentos']}: RSS máximo {lote['memoria']['rss_max_mb']:.0f} MB (meta < 80 MB)")
    a = r["arranque"]
    print(f"Arranque en frío:   generar {a['ms_generar']:.0f} ms · importar docxtpl y renderizar una vez "
          f"{a['ms_docxtpl_import_y_render']:.0f} ms · {a['razon_generar_a_docxtpl']:.2f}× (meta ≤ 0.60×)")
    print(f"                    solo importar click, jinja2.sandbox, num2words, yaml y zipfile: "
          f"{a['ms_suelo_dependencias']:.0f} ms · {a['razon_suelo_a_docxtpl']:.2f}× (intérprete vacío: "
          f"{a['ms_interprete']:.0f} ms)")
    p = r["pdf"]
    if "omitido" in p:
        print(f"PDF:                {p['omitido']}")
    else:
        print(f"PDF, lote de {p['documentos']}: {p['s_lote_pdf']:.1f} s contra {p['s_soffice_directo']:.1f} s de una sola "
              f"llamada a soffice con los mismos .docx: {p['razon']:.2f}× (meta ≤ 1.3×)")
    RESULTADOS.write_text(json.dumps(resultados, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nResultados en {RESULTADOS}")


if __name__ == "__main__":
    main()
