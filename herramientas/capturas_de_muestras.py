"""Imágenes de la primera y la última hoja del PDF de cada muestra, en ``docs/capturas/muestras/``.

Para que quien revisa vea el aspecto de cada tipo de resolución (encabezado, logotipo,
cierre, firmas, número de página) sin instalar nada. Genera cada ``samples/*.yaml`` con la
fachada (sin la revisión jurídica: es una imagen, no un documento para firmar), convierte
todos con un solo arranque de LibreOffice y guarda PNG a 60 ppp. Uso::

    python herramientas/capturas_de_muestras.py

Vuelva a correrlo cuando cambie el diseño de Word, un perfil, un bloque de texto o una muestra.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

import pymupdf  # noqa: E402

from generador.pdf import convertir  # noqa: E402
from generador.tuberia import generar_docx, leer_caso  # noqa: E402

DESTINO = RAIZ / "docs" / "capturas" / "muestras"
PPP = 60


def capturar(destino: Path = DESTINO) -> list[Path]:
    destino.mkdir(parents=True, exist_ok=True)
    escritas = []
    with tempfile.TemporaryDirectory(prefix="capturas-") as temporal:
        carpeta = Path(temporal)
        documentos = []
        for muestra in sorted((RAIZ / "samples").glob("*.yaml")):
            ruta = carpeta / f"{muestra.stem}.docx"
            ruta.write_bytes(generar_docx(leer_caso(muestra)))
            documentos.append(ruta)
        for documento, pdf in zip(documentos, convertir(documentos, carpeta)):
            with pymupdf.open(pdf) as paginas:
                for nombre, indice in (("primera", 0), ("ultima", len(paginas) - 1)):
                    imagen = destino / f"{documento.stem}-{nombre}.png"
                    paginas[indice].get_pixmap(dpi=PPP).save(imagen)
                    escritas.append(imagen)
    return escritas


if __name__ == "__main__":
    for ruta in capturar():
        print(ruta.relative_to(RAIZ))
