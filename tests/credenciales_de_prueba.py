"""Credenciales de prueba con la forma de la e.firma del SAT, de una autoridad desechable.

Las pruebas de la firma nunca usan certificados reales: aquí se construye, con
``cryptography``, una autoridad raíz de usar y tirar, certificados de firmante con el
sujeto como los emite el SAT (CN, O, x500UniqueIdentifier con el RFC, serialNumber con la
CURP; uso de llave digitalSignature y nonRepudiation), la llave privada en PKCS#8 DER
cifrada con contraseña (como el ``.key``), una variante vencida y un certificado de sello
de tiempo para el ``DummyTimeStamper`` de pyHanko.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

CLAVE = "clave-de-prueba"
_AHORA = dt.datetime.now(dt.timezone.utc)


def _llave() -> rsa.RSAPrivateKey:
    # 2048 bits: lo que usa el SAT, y aún rápido de generar en una prueba.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _nombre_de_autoridad() -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "AUTORIDAD DE PRUEBA DESECHABLE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pruebas del generador de resoluciones"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
    ])


def autoridad(tmp_path: Path | None = None) -> tuple[bytes, object]:
    """Una autoridad raíz desechable: (certificado DER, llave privada).

    Si se da ``tmp_path``, deja además el certificado en ``tmp_path/autoridad.cer``."""
    llave = _llave()
    nombre = _nombre_de_autoridad()
    cert = (x509.CertificateBuilder()
            .subject_name(nombre).issuer_name(nombre)
            .public_key(llave.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_AHORA - dt.timedelta(days=30))
            .not_valid_after(_AHORA + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(llave.public_key()), critical=False)
            .sign(llave, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    if tmp_path is not None:
        (Path(tmp_path) / "autoridad.cer").write_bytes(der)
    return der, llave


def autoridad_intermedia(raiz: tuple[bytes, object], nombre: str = "AC INTERMEDIA DE PRUEBA") -> tuple[bytes, object]:
    """Una autoridad intermedia emitida por ``raiz`` (como las AC del SAT que emiten las e.firmas)."""
    llave = _llave()
    cert_raiz = x509.load_der_x509_certificate(raiz[0])
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nombre),
                                     x509.NameAttribute(NameOID.COUNTRY_NAME, "MX")]))
            .issuer_name(cert_raiz.subject)
            .public_key(llave.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_AHORA - dt.timedelta(days=20))
            .not_valid_after(_AHORA + dt.timedelta(days=3000))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(llave.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(cert_raiz.public_key()),
                           critical=False)
            .sign(raiz[1], hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.DER), llave


def _emitir(autoridad_: tuple[bytes, object], sujeto: x509.Name, llave, *, inicio: dt.datetime,
            fin: dt.datetime, sello_de_tiempo: bool = False) -> x509.Certificate:
    cert_ca = x509.load_der_x509_certificate(autoridad_[0])
    constructor = (x509.CertificateBuilder()
                   .subject_name(sujeto).issuer_name(cert_ca.subject)
                   .public_key(llave.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(inicio).not_valid_after(fin)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(cert_ca.public_key()),
                                  critical=False))
    if sello_de_tiempo:
        constructor = (constructor
                       .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                                    key_encipherment=False, data_encipherment=False,
                                                    key_agreement=False, key_cert_sign=False, crl_sign=False,
                                                    encipher_only=False, decipher_only=False), critical=True)
                       .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True))
    else:
        constructor = constructor.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False), critical=True)
    return constructor.sign(autoridad_[1], hashes.SHA256())


def sujeto_sat(titular: str, rfc: str, curp: str) -> x509.Name:
    """El sujeto como lo pone el SAT: el RFC en x500UniqueIdentifier (2.5.4.45, texto) y
    la CURP en serialNumber (2.5.4.5)."""
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, titular),
        x509.NameAttribute(x509.ObjectIdentifier("2.5.4.41"), titular),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, titular),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, "firmante@example.org"),
        x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, rfc, _type=_ASN1Type.PrintableString),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, curp),
    ])


def cifrar_como_el_sat(pkcs8_der: bytes, clave: str) -> bytes:
    """Un PKCS#8 cifrado como los ``.key`` del SAT: PBES2, PBKDF2-HMAC-SHA1 con 2048
    iteraciones y DES-EDE3-CBC (``cryptography`` solo escribe AES; leerlo es lo que importa)."""
    sal, vector, iteraciones = os.urandom(8), os.urandom(8), 2048
    llave = PBKDF2HMAC(hashes.SHA1(), 24, sal, iteraciones).derive(clave.encode("utf-8"))
    relleno = padding.PKCS7(64).padder()
    datos = relleno.update(pkcs8_der) + relleno.finalize()
    cifrador = Cipher(TripleDES(llave), modes.CBC(vector)).encryptor()
    return asn1_keys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {"algorithm": "pbes2", "parameters": {
            "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                "salt": asn1_core.OctetString(sal), "iteration_count": iteraciones}},
            "encryption_scheme": {"algorithm": "tripledes_3key", "parameters": asn1_core.OctetString(vector)}}},
        "encrypted_data": cifrador.update(datos) + cifrador.finalize(),
    }).dump()


def credencial(tmp_path: Path, autoridad_: tuple[bytes, object], *, titular: str, rfc: str,
               clave: str = CLAVE, vencida: bool = False, curp: str = "XEXX010101HNEXXXA4",
               tres_des: bool = False) -> tuple[Path, Path]:
    """Escribe en ``tmp_path`` un ``.cer`` (DER) y su ``.key`` (PKCS#8 DER cifrado con
    ``clave``) con la forma de la e.firma; devuelve (ruta del .cer, ruta del .key).

    Por omisión la llave va cifrada con ``BestAvailableEncryption`` (AES); ``tres_des=True``
    la cifra como el SAT (PBES2 con DES-EDE3-CBC)."""
    llave = _llave()
    if vencida:
        inicio, fin = _AHORA - dt.timedelta(days=800), _AHORA - dt.timedelta(days=5)
    else:
        inicio, fin = _AHORA - dt.timedelta(days=1), _AHORA + dt.timedelta(days=1460)
    cert = _emitir(autoridad_, sujeto_sat(titular, rfc, curp), llave, inicio=inicio, fin=fin)
    base = rfc.split("/")[0].strip().lower() + ("-vencida" if vencida else "") + ("-3des" if tres_des else "")
    ruta_cer = Path(tmp_path) / f"{base}.cer"
    ruta_key = Path(tmp_path) / f"{base}.key"
    ruta_cer.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    if tres_des:
        ruta_key.write_bytes(cifrar_como_el_sat(llave.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), clave))
    else:
        ruta_key.write_bytes(llave.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(clave.encode("utf-8"))))
    return ruta_cer, ruta_key


def sello_de_tiempo(autoridad_: tuple[bytes, object]):
    """Un ``DummyTimeStamper`` de pyHanko cuyo certificado emite la autoridad de prueba."""
    llave = _llave()
    sujeto = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SELLO DE TIEMPO DE PRUEBA"),
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX")])
    cert = _emitir(autoridad_, sujeto, llave, inicio=_AHORA - dt.timedelta(days=1),
                   fin=_AHORA + dt.timedelta(days=365), sello_de_tiempo=True)
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(llave.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(autoridad_[0])])
