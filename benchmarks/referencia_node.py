"""docxtemplater en node como referencia: el mismo documento, con el contenido ya redactado.

La plantilla se arma desde la salida del generador para CTA-40418: su cuerpo se sustituye
por una etiqueta de XML crudo (``{@cuerpo}``) y el oficio de los encabezados por ``{oficio}``;
el contexto lleva ese cuerpo. Así docxtemplater lee la plantilla, pone el contenido y escribe
un .docx del mismo tamaño, sin redactar nada (el generador, en cambio, lee, valida, revisa y
redacta). Si no hay node o npm, las comparaciones con él se omiten con un aviso.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

CARPETA = Path(__file__).resolve().parent / "node"


def preparar() -> str | None:
    """Instala docxtemplater (versiones fijas de package-lock.json); None si se pudo, o el motivo."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node o npm no están instalados: se omiten las comparaciones con docxtemplater"
    if not (CARPETA / "node_modules" / "docxtemplater").is_dir():
        orden = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        resultado = subprocess.run(orden, cwd=CARPETA, capture_output=True, text=True, check=False)
        if resultado.returncode != 0:
            return f"npm ci falló ({resultado.stderr.strip()[-300:]}): se omiten las comparaciones con docxtemplater"
    return None


def plantilla_y_contexto(salida_docx: Path, carpeta: Path) -> tuple[Path, Path]:
    """La plantilla de docxtemplater y su contexto, a partir de un .docx generado."""
    plantilla, contexto = carpeta / "docxtemplater.docx", carpeta / "docxtemplater.json"
    with zipfile.ZipFile(salida_docx) as origen, zipfile.ZipFile(plantilla, "w", zipfile.ZIP_DEFLATED) as destino:
        datos = {"oficio": ""}
        for info in origen.infolist():
            contenido = origen.read(info.filename)
            if info.filename == "word/document.xml":
                texto = contenido.decode("utf-8")
                inicio = texto.index("<w:body>") + len("<w:body>")
                fin = texto.rindex("<w:sectPr")
                datos["cuerpo"] = texto[inicio:fin]
                contenido = (texto[:inicio] + "<w:p><w:r><w:t>{@cuerpo}</w:t></w:r></w:p>" + texto[fin:]).encode()
            elif re.fullmatch(r"word/header\d*\.xml", info.filename):
                texto = contenido.decode("utf-8")
                if "CTA-40418" in texto:
                    datos["oficio"] = "CTA-40418"
                    contenido = texto.replace("CTA-40418", "{oficio}").encode()
            destino.writestr(info, contenido)
    contexto.write_text(json.dumps(datos, ensure_ascii=False), encoding="utf-8")
    return plantilla, contexto


def orden_en_frio(plantilla: Path, contexto: Path, salida: Path) -> list[str]:
    return ["node", str(CARPETA / "render.js"), str(plantilla), str(contexto), str(salida)]


def ms_en_caliente(plantilla: Path, contexto: Path, salida: Path, veces: int) -> float:
    """Milisegundos por documento de docxtemplater en un proceso ya arrancado."""
    resultado = subprocess.run(orden_en_frio(plantilla, contexto, salida) + [str(veces)], capture_output=True,
                               text=True, check=True)
    return json.loads(resultado.stdout.strip().splitlines()[-1])["ms_por_documento"]
