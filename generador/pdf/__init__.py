"""PDF: la resolución en Word convertida con LibreOffice sin ventanas (``libreoffice``).

Es una salida más, no una etapa de la redacción: recibe los bytes de un .docx ya hecho.
Importarlo no arranca nada; ``generar`` a .docx nunca lo carga.
"""

from .libreoffice import buscar_soffice, convertir, convertir_cada, docx_a_pdf, tiempo_por_documento

__all__ = ["buscar_soffice", "convertir", "convertir_cada", "docx_a_pdf", "tiempo_por_documento"]
