"""La tabla del README a partir de resultados.json: cada medida, su resultado y su meta (issue 19).

Aparte de ``rendimiento.py`` para poder rehacer la tabla sin volver a medir:
``python benchmarks/informe.py`` lee benchmarks/resultados.json e imprime la tabla.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTADOS = Path(__file__).resolve().parent / "resultados.json"


def _web(r: dict, procesos, prueba: str, clientes: str) -> dict | None:
    return r.get("web", {}).get(f"procesos_{procesos}", {}).get(prueba, {}).get(clientes)


def _procesos(r: dict, procesos) -> str:
    """«2 proceso(s)», o los de por omisión con su número («4 × 1 hilo, por omisión»)."""
    if procesos == "por_omision":
        return f"{r.get('web', {}).get('procesos_por_omision', {}).get('procesos', '?')}, por omisión"
    return f"{procesos} proceso(s)"


def _modelos(arranque: dict) -> str:
    """Con qué base de modelos corrieron las órdenes medidas (resultados anteriores no lo dicen)."""
    return f", con la {arranque['modelos']}" if arranque.get("modelos") == "base ligera" else (
        ", con pydantic" if arranque.get("modelos") else "")


def tabla(r: dict) -> str:
    filas = [("medida", "resultado", "meta"), ("---", "---", "---")]
    for procesos in (1, 2, "por_omision"):
        v1, v8 = _web(r, procesos, "validar", "1"), _web(r, procesos, "validar", "8")
        if v1 and v8:
            filas.append((f"página: validar en vivo el formulario sin cambios, {_procesos(r, procesos)}",
                          f"p50 {v1['ms_p50']:.0f} ms con 1 cliente; p95 {v8['ms_p95']:.0f} ms con 8",
                          "p50 ≤ 15 ms; p95 ≤ 60 ms con 8 (2 núcleos)"))
    for procesos in (1, 2, "por_omision"):
        v1, v8 = _web(r, procesos, "validar_editando", "1"), _web(r, procesos, "validar_editando", "8")
        if v1 and v8:
            # La meta vale también aquí: en vivo, quien escribe cambia el texto antes de cada validación.
            filas.append((f"página: validar en vivo cambiando un párrafo en cada petición, {_procesos(r, procesos)}",
                          f"p50 {v1['ms_p50']:.0f} ms con 1 cliente; p95 {v8['ms_p95']:.0f} ms con 8",
                          "p50 ≤ 15 ms; p95 ≤ 60 ms con 8 (2 núcleos)"))
    en_proceso = r.get("web", {}).get("validar_en_proceso", {})
    for caso, nombre in (("sin_cambios", "el formulario como se muestra"), ("editando", "un párrafo cambiado")):
        v = en_proceso.get(caso)
        if v:
            filas.append((f"validar en un proceso, sin HTTP ({nombre}): con ida y vuelta por ruamel contra sin ella",
                          f"{v['ms_con_ida_y_vuelta']:.1f} contra {v['ms_sin_ida_y_vuelta']:.1f} ms: "
                          f"**{v['razon']:.2f}×** más rápido", "—"))
    guardada = en_proceso.get("redaccion_guardada")
    if guardada:
        filas.append(("validar otra vez el mismo formulario, en un proceso: con la redacción guardada contra "
                      "redactando y componiendo cada vez",
                      f"{guardada['ms_guardada']:.1f} contra {guardada['ms_redactando']:.1f} ms: "
                      f"**{guardada['razon']:.2f}×**", "—"))
    principal = "por_omision" if "procesos_por_omision" in r.get("web", {}) else 2
    for prueba, nombre in (("vista_previa", "vista previa"), ("docx", "descarga .docx")):
        a, b = _web(r, principal, prueba, "1"), _web(r, principal, prueba, "8")
        if a and b:
            filas.append((f"página: {nombre}, {_procesos(r, principal)}", f"p50 {a['ms_p50']:.0f} ms (1 cliente); p50 {b['ms_p50']:.0f}"
                          f" / p95 {b['ms_p95']:.0f} ms y {b['por_segundo']:.1f}/s (8)", "—"))
    p1, p8 = _web(r, principal, "pdf", "1"), _web(r, principal, "pdf", "8")
    una_vez = r.get("web", {}).get("pdf_de_una_vez")
    if p1 and p8:
        comparado = f" (sin LibreOffice caliente: {una_vez['ms_p50'] / 1000:.2f} s)" if una_vez else ""
        filas.append((f"página: PDF con LibreOffice caliente, {_procesos(r, principal)}",
                      f"p50 {p1['ms_p50'] / 1000:.2f} s{comparado}; {p8['por_segundo']:.1f} PDF/s con 8 clientes",
                      "p50 ≤ 0.4 s; ≥ 3 PDF/s con 8"))
    t = r.get("tuberia", {})
    if "razon" in t:
        distintos = (", cada documento con otro oficio (como un lote), contra docxtemplater con el mismo documento ya "
                     "redactado" if t.get("documentos_distintos") else " contra docxtemplater (mismo documento ya redactado)")
        igual = (f"; el mismo documento cada vez: {t['ms_tuberia_mismo_documento']:.1f} ms"
                 if "ms_tuberia_mismo_documento" in t else "")
        filas.append((f"tubería entera en caliente{distintos}",
                      f"{t['ms_tuberia']:.1f} contra {t['ms_docxtemplater']:.1f} ms: **{t['razon']:.2f}×**{igual}",
                      "≤ 0.5×"))
    elif t:
        filas.append(("tubería entera en caliente", f"{t['ms_por_documento']:.1f} ms por documento", "—"))
    a = r.get("arranque", {})
    if "contra_docxtemplater" in a:
        c = a["contra_docxtemplater"]
        filas.append((f"`generar` en frío contra docxtemplater en frío (node){_modelos(a)}",
                      f"{c['ms_a']:.0f} contra {c['ms_b']:.0f} ms: **{c['razon']:.2f}×**", "≤ 1.0×"))
    if "contra_docxtpl" in a:
        c = a["contra_docxtpl"]
        filas.append((f"`generar` en frío contra un script mínimo de docxtpl{_modelos(a)}",
                      f"{c['ms_a']:.0f} contra {c['ms_b']:.0f} ms: **{c['razon']:.2f}×**", "≤ 1.3×"))
    if "sin_pyc_contra_con_pyc" in a:
        c = a["sin_pyc_contra_con_pyc"]
        filas.append(("`generar` en frío compilando el proyecto en cada arranque (PYTHONDONTWRITEBYTECODE) contra "
                      "con .pyc", f"{c['ms_a']:.0f} contra {c['ms_b']:.0f} ms: **{c['razon']:.2f}×**", "—"))
    if "pydantic_contra_ligera" in a:
        c = a["pydantic_contra_ligera"]
        filas.append(("`generar` en frío con pydantic (`RESOLUCIONES_MODELOS=pydantic`) contra la base ligera "
                      "de los modelos", f"{c['ms_a']:.0f} contra {c['ms_b']:.0f} ms: **{c['razon']:.2f}×**", "—"))
    if "render" in r:
        filas.append(("render de Word por documento contra docxtpl usual",
                      f"{r['render']['ms_motor']:.2f} contra {r['render']['ms_docxtpl']:.1f} ms: "
                      f"**{r['render']['razon']:.1f}×**", "≥ 12×"))
    lote = r.get("lote", {})
    if lote:
        filas.append((f"lote de {lote['documentos']}, 2 procesos contra 1 ({lote['pares']} pares)",
                      f"{lote['docs_por_segundo_2']:.0f} contra {lote['docs_por_segundo_1']:.0f} docs/s: "
                      f"**{lote['razon_2_a_1']:.2f}×**", "≥ 1.7×"))
        if lote.get("memoria"):
            filas.append((f"RSS máximo, lote de {lote['memoria']['documentos']}",
                          f"**{lote['memoria']['rss_max_mb']:.0f} MB**", "< 80 MB"))
    pdf = r.get("pdf", {})
    if "razon" in pdf:
        filas.append((f"lote de {pdf['documentos']} a PDF contra una sola llamada a soffice",
                      f"{pdf['s_lote_pdf']:.1f} contra {pdf['s_soffice_directo']:.1f} s: **{pdf['razon']:.2f}×**; "
                      f"con 2 procesos {pdf['s_lote_pdf_2_procesos']:.1f} s: **{pdf['razon_2_procesos']:.2f}×**",
                      "≤ 1.3×"))
    if "tamano_docx_kb" in r:
        filas.append(("tamaño del .docx de CTA-40418", f"**{r['tamano_docx_kb']:.1f} KB**", "≤ 25 KB"))
    maquina = r.get("maquina", {})
    if "carga_al_empezar" in maquina:
        carga = (f"{maquina['cpu']} núcleos; carga media (1 min) {maquina['carga_al_empezar'][0]:.1f} al empezar y "
                 f"{maquina.get('carga_al_terminar', [float('nan')])[0]:.1f} al terminar"
                 + (f"; proyecto instalado con {maquina['instalacion']}" if "instalacion" in maquina else ""))
        filas.append(("máquina", carga, "—"))
    return "\n".join(f"| {a} | {b} | {c} |" for a, b, c in filas)


if __name__ == "__main__":
    print(tabla(json.loads(RESULTADOS.read_text(encoding="utf-8"))))
