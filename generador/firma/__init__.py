"""La e.firma del SAT sobre el PDF final: firmar (PAdES con pyHanko, una firma incremental por integrante) y verificar (integridad, cadena hasta una raíz de confianza, nada cambiado después)."""

from .credencial import Credencial, cargar_credencial
from .firmar import firmar_pdf
from .verificar import FirmaVerificada, ResultadoDeVerificacion, verificar_pdf

__all__ = ["Credencial", "FirmaVerificada", "ResultadoDeVerificacion", "cargar_credencial", "firmar_pdf",
           "verificar_pdf"]
