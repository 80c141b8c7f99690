"""Firmar un PDF con una e.firma: PAdES (B-B, o B-T con sello de tiempo) en una revisión incremental.

Cada integrante añade su firma sin tocar los bytes ya firmados (``IncrementalPdfFileWriter``
de pyHanko): las firmas anteriores siguen valiendo. Todo ocurre en memoria, bytes que entran
y bytes que salen; la llave privada no se escribe en disco.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ..errores import ErrorDeUsuario
from . import compatibilidad  # noqa: F401 - el RFC del SAT en asn1crypto, antes de leer certificados
from .apariencia import estilo_del_sello, texto_del_sello
from .credencial import Credencial, leer_certificados
from .lectura import abrir_pdf


def _firmante(credencial: Credencial, cadena: list[bytes]) -> signers.SimpleSigner:
    cert = asn1_x509.Certificate.load(credencial.certificado_der)
    # La llave pasa a pyHanko descifrada, pero solo como bytes en memoria.
    llave = asn1_keys.PrivateKeyInfo.load(credencial.llave.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    # Las autoridades intermedias van dentro de la firma: quien verifica solo necesita la raíz.
    intermedias = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                   for datos in cadena for c in leer_certificados(datos, "de la cadena")]
    return signers.SimpleSigner(signing_cert=cert, signing_key=llave,
                                cert_registry=SimpleCertificateStore.from_certs([cert, *intermedias]))


def _revisar_caja(caja) -> tuple[float, float, float, float]:
    try:
        x1, y1, x2, y2 = (float(v) for v in caja)
    except (TypeError, ValueError):
        raise ErrorDeUsuario("la caja de la firma son cuatro números: x1,y1,x2,y2 (en puntos del PDF)") from None
    if x2 <= x1 or y2 <= y1:
        raise ErrorDeUsuario("la caja de la firma debe ir de la esquina inferior izquierda (x1,y1) a la "
                             "superior derecha (x2,y2), con x2 > x1 y y2 > y1")
    return x1, y1, x2, y2


def _revisar_pagina(escritor: IncrementalPdfFileWriter, pagina: int) -> None:
    total = int(escritor.root["/Pages"]["/Count"])
    if not -total <= pagina < total:
        raise ErrorDeUsuario(f"el PDF tiene {total} página(s): no hay página {pagina + 1 if pagina >= 0 else pagina}")


def _sellador(tsa: str | None, sellador: TimeStamper | None) -> TimeStamper | None:
    if sellador is not None:
        return sellador
    if not tsa:
        return None
    if not tsa.startswith(("http://", "https://")):
        raise ErrorDeUsuario(f"la autoridad de sello de tiempo debe ser una URL http(s)://, no «{tsa}»")
    # aiohttp (lo que usa el cliente de sellos de tiempo de pyHanko) solo se carga si hay TSA.
    from pyhanko.sign.timestamps import HTTPTimeStamper
    return HTTPTimeStamper(tsa, timeout=15)


def firmar_pdf(pdf: bytes, credencial: Credencial, *, campo: str, pagina: int = -1,
               caja: tuple[float, float, float, float] | None = None, texto: str | None = None,
               razon: str = "", lugar: str = "", tsa: str | None = None,
               cadena: list[bytes] | tuple[bytes, ...] = (), sellador: TimeStamper | None = None) -> bytes:
    """Añade a ``pdf`` la firma PAdES de ``credencial`` en el campo ``campo`` y devuelve el PDF firmado.

    ``pagina`` cuenta desde 0 (-1 es la última); con ``caja`` (x1, y1, x2, y2 en puntos)
    la firma se ve en esa página con ``texto`` (por omisión: quién, su RFC y cuándo); sin
    ella, el campo es invisible. Con ``tsa`` (URL) o ``sellador`` (un ``TimeStamper`` de
    pyHanko, para pruebas) la firma lleva sello de tiempo (PAdES B-T). ``cadena``: los
    certificados (DER o PEM) de las autoridades intermedias, que se incluyen en la firma."""
    campo = (campo or "").strip()
    if not campo or "." in campo:
        raise ErrorDeUsuario("el nombre del campo de firma no puede estar vacío ni llevar puntos")
    escritor = abrir_pdf(pdf, para_escribir=True)
    existentes = {nombre for nombre, _valor, _ref in fields.enumerate_sig_fields(escritor)}
    if campo in existentes:
        raise ErrorDeUsuario(f"el PDF ya tiene un campo de firma «{campo}»: indique otro nombre de campo "
                             "(cada integrante firma en su propio campo)")
    momento = dt.datetime.now(dt.timezone.utc)
    if caja is not None:
        _revisar_pagina(escritor, pagina)
        especificacion = fields.SigFieldSpec(sig_field_name=campo, on_page=pagina, box=_revisar_caja(caja))
    else:
        especificacion = fields.SigFieldSpec(sig_field_name=campo)
    metadatos = signers.PdfSignatureMetadata(
        field_name=campo, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=razon or None, location=lugar or None, name=credencial.titular or None)
    firmador = signers.PdfSigner(
        metadatos, _firmante(credencial, list(cadena)), timestamper=_sellador(tsa, sellador),
        stamp_style=estilo_del_sello(texto if texto is not None else texto_del_sello(credencial, momento)),
        new_field_spec=especificacion)
    salida = BytesIO()
    try:
        firmador.sign_pdf(escritor, output=salida)
    except (SigningError, PdfError) as exc:
        raise ErrorDeUsuario(f"no se pudo firmar el PDF: {exc}") from None
    except OSError as exc:  # el cliente de la TSA: red caída, nombre que no resuelve, plazo vencido
        causa = exc.__cause__ or exc
        raise ErrorDeUsuario(f"no se obtuvo el sello de tiempo de {tsa or 'la autoridad de sello de tiempo'} "
                             f"({type(causa).__name__}: {causa}); la firma no se hizo") from None
    return salida.getvalue()
