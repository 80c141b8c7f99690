"""Paginación que un comité firmaría (issue 13): cada muestra convertida a PDF con LibreOffice.

* la hoja del cierre («ASÍ LO RESOLVIERON…», «NO HABIENDO MÁS ASUNTOS…») lleva también
  texto de la resolución (al menos el final del último resolutivo o del acta), y es la
  última: ninguna hoja tiene solo el cierre y las firmas;
* la primera firma va con el cierre, y el nombre de cada firmante con su cargo;
* una sola familia tipográfica en todo el PDF (la del perfil, o la que LibreOffice usa en
  su lugar con las mismas medidas);
* la CTA-40418 lleva su encabezado en cada hoja.

Las líneas del encabezado y del pie se distinguen del cuerpo por su tamaño (9 y 8 puntos
frente a los 11 o 12 del perfil).
"""

from __future__ import annotations

import os
import re
import shutil

import pymupdf
import pytest

from generador.pdf import convertir
from generador.tuberia import generar_docx, leer_caso

from .conftest import RAIZ

HAY_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
pytestmark = pytest.mark.skipif(not HAY_LIBREOFFICE and not os.environ.get("CI"),
                                reason="LibreOffice no está instalado")

MUESTRAS = sorted((RAIZ / "samples").glob("*.yaml"))
CIERRES = ("ASÍ LO RESOLVIERON", "NO HABIENDO MÁS ASUNTOS")
# Lo que LibreOffice usa en lugar de las fuentes de Microsoft, con las mismas medidas.
SUSTITUTAS = {"Arial": "LiberationSans", "Times New Roman": "LiberationSerif"}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[object, pymupdf.Document]]:
    carpeta = tmp_path_factory.mktemp("paginacion")
    casos, documentos = {}, []
    for muestra in MUESTRAS:
        caso = leer_caso(muestra)
        casos[muestra.stem] = caso
        ruta = carpeta / f"{muestra.stem}.docx"
        ruta.write_bytes(generar_docx(caso))
        documentos.append(ruta)
    salida = {}
    for ruta, pdf in zip(documentos, convertir(documentos, carpeta)):  # un solo arranque de LibreOffice
        salida[ruta.stem] = (casos[ruta.stem], pymupdf.open(pdf))
    return salida


def _lineas_del_cuerpo(pagina, tamano: float) -> list[str]:
    """Las líneas de la hoja con la letra del cuerpo (sin encabezado ni pie), en orden."""
    lineas = []
    for bloque in pagina.get_text("dict")["blocks"]:
        for linea in bloque.get("lines", []):
            spans = [s for s in linea["spans"] if s["text"].strip()]
            if spans and max(s["size"] for s in spans) >= tamano - 0.6:
                lineas.append((linea["bbox"][1], "".join(s["text"] for s in spans).strip()))
    return [texto for _, texto in sorted(lineas)]


def _hoja_del_cierre(pdf) -> int:
    hojas = [i for i, p in enumerate(pdf) if any(c in p.get_text() for c in CIERRES)]
    assert len(hojas) == 1, hojas
    return hojas[0]


@pytest.mark.parametrize("muestra", [m.stem for m in MUESTRAS])
def test_la_hoja_del_cierre_lleva_texto_de_la_resolucion(pdfs, muestra):
    caso, pdf = pdfs[muestra]
    perfil, _ = caso.perfil
    hoja = _hoja_del_cierre(pdf)
    assert hoja == len(pdf) - 1, f"después del cierre hay {len(pdf) - 1 - hoja} hoja(s) solo con firmas"
    lineas = _lineas_del_cuerpo(pdf[hoja], perfil.formato.tamano)
    cierre = next(i for i, t in enumerate(lineas) if any(c in t for c in CIERRES))
    antes = [t for t in lineas[:cierre] if len(t) > 3]
    assert antes, f"la hoja {hoja + 1} tiene solo el cierre y las firmas"


@pytest.mark.parametrize("muestra", [m.stem for m in MUESTRAS])
def test_cada_firma_junta_y_la_primera_con_el_cierre(pdfs, muestra):
    caso, pdf = pdfs[muestra]
    hoja = _hoja_del_cierre(pdf)
    texto_hoja = " ".join(pdf[hoja].get_text().split())
    firmantes = caso.expediente.firmantes or caso.perfil[0].miembros
    assert firmantes
    assert firmantes[0].nombre_firma in texto_hoja
    for firmante in firmantes:
        hojas = [i for i, p in enumerate(pdf) if firmante.nombre_firma in " ".join(p.get_text().split())]
        assert len(hojas) == 1, firmante.nombre_firma
        texto = " ".join(pdf[hojas[0]].get_text().split())
        # El principio del cargo, en la misma hoja que el nombre.
        assert " ".join(firmante.cargo_firma.split()[:3]) in texto, firmante.cargo_firma


@pytest.mark.parametrize("muestra", [m.stem for m in MUESTRAS])
def test_una_sola_familia_tipografica(pdfs, muestra):
    caso, pdf = pdfs[muestra]
    perfil, _ = caso.perfil
    familias = set()
    for pagina in pdf:
        for fuente in pagina.get_fonts():
            nombre = fuente[3].split("+")[-1]
            familias.add(re.sub(r"[-,](Bold|Italic|BoldItalic|Regular|Oblique|BoldOblique)$", "", nombre))
    esperada = SUSTITUTAS.get(perfil.formato.fuente, perfil.formato.fuente.replace(" ", ""))
    assert familias == {esperada}, familias


def test_la_cta_40418_lleva_su_encabezado_en_cada_hoja(pdfs):
    _, pdf = pdfs["cta-40418"]
    assert len(pdf) >= 3
    for pagina in pdf:
        texto = " ".join(pagina.get_text().split())
        for linea in ("SRE", "SECRETARÍA DE RELACIONES EXTERIORES", "COMITÉ DE TRANSPARENCIA", "Oficio: CTA-40418",
                      "Folio 0000500194518"):
            assert linea in texto
