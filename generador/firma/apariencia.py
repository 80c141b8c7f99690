"""El sello visible de una firma: el texto («Firmado electrónicamente por…») y su estilo.

Aparte de ``firmar.py`` porque es lo que un integrante ve en la página y lo que una unidad
querrá ajustar (texto, tamaño), sin tocar la criptografía.
"""

from __future__ import annotations

import datetime as dt

from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from .credencial import Credencial

# Courier (una fuente estándar de PDF, sin incrustar) con WinAnsi: acentos y eñes del
# español se ven sin cargar una fuente TrueType.
_TAMANO_DE_LETRA = 9


def texto_del_sello(credencial: Credencial, momento: dt.datetime) -> str:
    """El texto por omisión: quién firma, su RFC y la fecha y hora (con su zona)."""
    local = momento.astimezone()
    return (f"Firmado electrónicamente por {credencial.titular}\n"
            f"RFC {credencial.rfc}\n"
            f"{local:%Y-%m-%d %H:%M:%S} (UTC{local:%z})")


def estilo_del_sello(texto: str) -> TextStampStyle:
    """El estilo de pyHanko que pinta ``texto`` tal cual (sin plantillas «%(…)s»)."""
    return TextStampStyle(
        # pyHanko interpola el texto con «%»: se escapa para que un «%» del usuario
        # se vea como tal y no rompa el sello.
        stamp_text=texto.replace("%", "%%"),
        text_box_style=TextBoxStyle(font_size=_TAMANO_DE_LETRA),
        border_width=1,
    )
