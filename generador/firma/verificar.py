"""Verificar las firmas de un PDF: íntegras, con cadena hasta una raíz dada y sin cambios después.

Se apoya en pyHanko (``validate_pdf_signature``) con un contexto de validación que solo
confía en los certificados que se le dan y no sale a la red. Una firma vale solo si pyHanko
da por buena su conclusión (``bottom_line``: integridad, cadena, sello de tiempo, política
de cambios) y además, después de firmarse, el documento solo recibió otras firmas: cualquier
revisión incremental que no sea una firma (una anotación, un texto) la invalida.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import compatibilidad  # noqa: F401 - el RFC del SAT en asn1crypto, antes de leer certificados
from .credencial import datos_del_sujeto, leer_certificados
from .lectura import abrir_pdf

# Lo que la revisión de cambios de pyHanko permite después de una firma para que otra
# firma se añada (llenar un campo de firma) o se guarde información de validación.
_NIVELES_ACEPTADOS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


@dataclass
class FirmaVerificada:
    """Lo que se sabe de una firma del PDF."""

    campo: str
    titular: str = ""
    rfc: str = ""
    momento: dt.datetime | None = None
    sello_de_tiempo: bool = False
    intacta: bool = False
    confiable: bool = False
    sin_cambios_posteriores: bool = False
    aceptada: bool = False
    cambios: str = ""
    motivos: list[str] = field(default_factory=list)


@dataclass
class ResultadoDeVerificacion:
    """``valida`` solo si hay al menos una firma y todas se aceptan."""

    firmas: list[FirmaVerificada] = field(default_factory=list)
    motivos: list[str] = field(default_factory=list)
    motivos_generales: list[str] = field(default_factory=list)

    @property
    def valida(self) -> bool:
        return bool(self.firmas) and all(f.aceptada for f in self.firmas) and not self.motivos_generales


def certificados_de_confianza(confianza: list[bytes]) -> list[asn1_x509.Certificate]:
    """Los certificados raíz dados (DER o PEM; un PEM puede traer varios)."""
    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for numero, datos in enumerate(confianza, start=1)
            for c in leer_certificados(datos, f"de confianza número {numero}")]


def _quien(cert: asn1_x509.Certificate | None) -> tuple[str, str]:
    if cert is None:
        return "", ""
    titular, rfc, _curp = datos_del_sujeto(x509.load_der_x509_certificate(cert.dump()))
    return titular, rfc


def _describir_cambios(estado, aceptado: bool) -> str:
    """Qué cambió después de una firma, en palabras."""
    nivel = estado.modification_level
    if aceptado:
        if estado.coverage == SignatureCoverageLevel.ENTIRE_FILE or nivel == ModificationLevel.NONE:
            return "ninguno"
        return "solo información de validación" if nivel == ModificationLevel.LTA_UPDATES else "solo firmas posteriores"
    if nivel in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return "una revisión posterior que no es una firma (metadatos o información de validación)"
    if nivel == ModificationLevel.ANNOTATIONS:
        return "anotaciones añadidas después de firmar"
    if nivel in _NIVELES_ACEPTADOS:
        return "revisiones posteriores que no son firmas"
    return "cambios al contenido después de firmar"


def _motivo_de_confianza(quien: str, indicacion) -> str:
    """Por qué la cadena del certificado no se aceptó, en palabras (``indicacion``: la
    subindicación AdES de pyHanko, p. ej. NO_CERTIFICATE_CHAIN_FOUND)."""
    nombre = getattr(indicacion, "name", "")
    if nombre in ("OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED"):
        return (f"el certificado de {quien} (o el de una autoridad de su cadena) no estaba vigente al "
                "validar la firma")
    if nombre == "NOT_YET_VALID":
        return f"el certificado de {quien} aún no era válido cuando se firmó"
    if nombre.startswith("REVOKED"):
        return f"el certificado de {quien} (o el de una autoridad de su cadena) está revocado"
    if nombre in ("CHAIN_CONSTRAINTS_FAILURE", "CERTIFICATE_CHAIN_GENERAL_FAILURE"):
        return (f"la cadena del certificado de {quien} no cumple las reglas de certificación (uso de llave, "
                "restricciones de la autoridad)")
    return f"el certificado de {quien} no lleva a ninguna autoridad de confianza dada con --confianza"


def _revisar_una(firma, raices, revisiones_firmadas: set[int], total_revisiones: int) -> FirmaVerificada:
    campo = firma.field_name or "(sin nombre)"
    resultado = FirmaVerificada(campo=campo)
    resultado.titular, resultado.rfc = _quien(firma.signer_cert)
    quien = resultado.titular or campo
    contexto = ValidationContext(trust_roots=raices, allow_fetching=False)
    try:
        estado = validate_pdf_signature(firma, signer_validation_context=contexto)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        resultado.motivos.append(f"la firma de {quien} no se pudo validar: {exc}")
        return resultado
    resultado.momento = estado.signer_reported_dt
    if estado.timestamp_validity is not None:
        resultado.sello_de_tiempo = True
        resultado.momento = estado.timestamp_validity.timestamp
    resultado.intacta = bool(estado.intact and estado.valid)
    resultado.confiable = bool(estado.trusted)
    # Después de esta firma, solo revisiones que son a su vez firmas (o ninguna).
    posteriores = set(range(firma.signed_revision + 1, total_revisiones))
    solo_firmas = posteriores <= revisiones_firmadas
    nivel = estado.modification_level
    # Estricto: pyHanko da por buenas revisiones de solo metadatos o de información de
    # validación (LTA_UPDATES); aquí no, porque nadie debe cambiar una resolución firmada
    # (ni su título) sin firmarla: toda revisión posterior tiene que ser una firma.
    resultado.sin_cambios_posteriores = bool(estado.docmdp_ok and nivel in _NIVELES_ACEPTADOS and solo_firmas)
    resultado.cambios = _describir_cambios(estado, resultado.sin_cambios_posteriores)
    if not resultado.intacta:
        resultado.motivos.append(f"la firma de {quien} no es íntegra: el documento cambió después de firmarse")
    if not resultado.confiable:
        resultado.motivos.append(_motivo_de_confianza(quien, estado.trust_problem_indic))
    ts = estado.timestamp_validity
    if ts is not None and not (ts.valid and ts.intact and ts.trusted):
        resultado.motivos.append(f"el sello de tiempo de la firma de {quien} no es válido o su autoridad "
                                 "no es de confianza")
    if resultado.intacta and not resultado.sin_cambios_posteriores:
        resultado.motivos.append(f"el PDF cambió después de la firma de {quien}: {resultado.cambios} "
                                 "(solo se admiten otras firmas)")
    resultado.aceptada = bool(estado.bottom_line and resultado.intacta and resultado.confiable
                              and resultado.sin_cambios_posteriores)
    if not resultado.aceptada and not resultado.motivos:
        resultado.motivos.append(f"la firma de {quien} no pasa la validación: {estado.summary()}")
    return resultado


def verificar_pdf(pdf: bytes, confianza: list[bytes]) -> ResultadoDeVerificacion:
    """Verifica cada firma de ``pdf`` contra las raíces ``confianza`` (DER o PEM)."""
    raices = certificados_de_confianza(list(confianza))
    lector = abrir_pdf(pdf)
    todas = list(lector.embedded_signatures)
    resultado = ResultadoDeVerificacion()
    if not todas:
        resultado.motivos_generales.append("el PDF no tiene firmas")
    revisiones_firmadas = {firma.signed_revision for firma in todas}
    total = lector.xrefs.total_revisions
    for firma in lector.embedded_regular_signatures:
        resultado.firmas.append(_revisar_una(firma, raices, revisiones_firmadas, total))
    if todas and not resultado.firmas:
        resultado.motivos_generales.append("el PDF solo tiene sellos de tiempo de documento, ninguna firma")
    resultado.motivos = resultado.motivos_generales + [m for f in resultado.firmas for m in f.motivos]
    return resultado
