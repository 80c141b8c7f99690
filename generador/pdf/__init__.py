"""PDF: la resolución en Word convertida con LibreOffice sin ventanas.

Es una salida más, no una etapa de la redacción: recibe los bytes de un .docx ya hecho.
Dos caminos: ``libreoffice`` (un arranque por llamada, para muchos documentos de una vez o
para uno solo en ``generar``) y ``caliente`` (LibreOffice que queda arrancado entre
documentos, para la página web y el lote en paralelo; ``conversor`` y ``ayudante_uno``).
Importarlo no arranca nada; ``generar`` a .docx nunca lo carga.
"""

from .caliente import convertir_en_paralelo, docx_a_pdf_caliente
from .libreoffice import (
           buscar_soffice,
           convertir,
           convertir_cada,
           docx_a_pdf,
           tiempo_por_documento,
)

__all__ = ["buscar_soffice", "convertir", "convertir_cada", "convertir_en_paralelo", "docx_a_pdf",
           "docx_a_pdf_caliente", "tiempo_por_documento"]
