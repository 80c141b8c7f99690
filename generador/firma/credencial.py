"""La e.firma del SAT en memoria: el ``.cer`` (DER), el ``.key`` (PKCS#8 DER cifrado) y su contraseña.

Se cargan aquí, una sola vez, con ``cryptography``: que la contraseña abra la llave, que la
llave sea la del certificado y que el certificado esté vigente, con un mensaje en español
para cada cosa que falle. La llave privada vive solo en el objeto ``Credencial`` (bytes en
memoria): la biblioteca nunca la escribe en disco.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import keys, pem
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ..errores import ErrorDeUsuario

# El SAT pone el RFC en x500UniqueIdentifier (2.5.4.45) y la CURP en serialNumber (2.5.4.5);
# en una persona moral, «RFC de la persona / RFC del representante» (y « / CURP»).
_OID_RFC = NameOID.X500_UNIQUE_IDENTIFIER
_OID_CURP = NameOID.SERIAL_NUMBER
MAXIMO_DE_VUELTAS = 1_000_000  # de PBKDF2 al descifrar el .key (el del SAT: unos miles)


@dataclass(frozen=True)
class Credencial:
    """Una e.firma abierta: el certificado, su llave y lo que se lee del sujeto."""

    titular: str
    rfc: str
    curp: str
    serie: str
    vigente_desde: dt.datetime
    vigente_hasta: dt.datetime
    certificado_der: bytes = field(repr=False)
    # La llave descifrada, solo en memoria; repr=False para que no aparezca en trazas.
    llave: object = field(repr=False)

    @property
    def certificado(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.certificado_der)


def _primero(nombre: x509.Name, oid) -> str:
    valores = nombre.get_attributes_for_oid(oid)
    if not valores:
        return ""
    valor = valores[0].value
    if isinstance(valor, bytes):
        valor = valor.decode("utf-8", "replace")
    return str(valor).strip()


def _parte_del_titular(texto: str) -> str:
    """«RFC / RFC-REPRESENTANTE» → el primero (el del titular del certificado)."""
    return texto.split("/")[0].strip() if texto else ""


def datos_del_sujeto(cert: x509.Certificate) -> tuple[str, str, str]:
    """(titular, RFC, CURP) del sujeto de un certificado con la forma del SAT."""
    sujeto = cert.subject
    titular = _primero(sujeto, NameOID.COMMON_NAME) or _primero(sujeto, NameOID.ORGANIZATION_NAME)
    rfc = _parte_del_titular(_primero(sujeto, _OID_RFC))
    curp = _parte_del_titular(_primero(sujeto, _OID_CURP))
    return titular, rfc, curp


def leer_certificado(cer: bytes) -> x509.Certificate:
    """El certificado de un ``.cer`` del SAT (DER; se acepta también PEM)."""
    try:
        if cer.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(cer)
        return x509.load_der_x509_certificate(cer)
    except ValueError:
        raise ErrorDeUsuario("el archivo .cer no es un certificado X.509 (se espera el .cer de la e.firma, en DER)") from None


def leer_certificados(datos: bytes, que: str) -> list[x509.Certificate]:
    """Los certificados de un archivo DER (uno) o PEM (uno o varios); ``que`` dice cuál es."""
    try:
        if datos.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificates(datos)
        return [x509.load_der_x509_certificate(datos)]
    except ValueError:
        raise ErrorDeUsuario(f"el certificado {que} no es un certificado X.509 (DER o PEM)") from None


def _revisar_cifrado(key: bytes) -> None:
    """Antes de descifrar: el número de vueltas de la derivación de la contraseña. El ``.key``
    lo dice él mismo y OpenSSL lo obedece; uno con 2 147 483 647 vueltas (PBKDF2) tendría
    ocupado al servidor varios minutos por petición. El SAT usa unos miles; se aceptan hasta
    ``MAXIMO_DE_VUELTAS``. Lo que no se deja leer aquí lo rechaza después ``cryptography``."""
    der = key
    if key.lstrip().startswith(b"-----BEGIN"):
        if b"BEGIN ENCRYPTED PRIVATE KEY" not in key[:200]:
            return  # PEM tradicional de OpenSSL: una sola vuelta (EVP_BytesToKey)
        try:
            _, _, der = pem.unarmor(key.strip())
        except (ValueError, TypeError):
            return
    try:
        algoritmo = keys.EncryptedPrivateKeyInfo.load(der)["encryption_algorithm"]
        nombre = algoritmo["algorithm"].native
        if nombre == "pbes2":
            kdf = algoritmo["parameters"]["key_derivation_func"]["algorithm"].native
            vueltas = algoritmo.kdf_iterations if kdf == "pbkdf2" else None
        else:
            vueltas = algoritmo.kdf_iterations
    except (ValueError, TypeError, KeyError):
        return
    if vueltas is None or not 0 < vueltas <= MAXIMO_DE_VUELTAS:
        raise ErrorDeUsuario("el archivo .key no tiene el cifrado de una llave de e.firma (la derivación de su "
                             "contraseña es desconocida o pide demasiadas vueltas); use el .key que entregó el SAT")


def _abrir_llave(key: bytes, clave: str):
    _revisar_cifrado(key)
    try:
        if key.lstrip().startswith(b"-----BEGIN"):
            return serialization.load_pem_private_key(key, password=clave.encode("utf-8"))
        return serialization.load_der_private_key(key, password=clave.encode("utf-8"))
    except TypeError:
        # La llave no estaba cifrada: la del SAT siempre lo está; se rechaza para no
        # aceptar en silencio un archivo que no es un .key de e.firma.
        raise ErrorDeUsuario("el archivo .key no está cifrado con contraseña: no parece la llave de una e.firma") from None
    except ValueError as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise ErrorDeUsuario("la contraseña de la llave privada (.key) es incorrecta") from None
        raise ErrorDeUsuario("el archivo .key no es una llave privada PKCS#8 (se espera el .key de la e.firma)") from None
    except Exception:  # noqa: BLE001 - cryptography da errores de bajo nivel para datos basura
        raise ErrorDeUsuario("el archivo .key no es una llave privada PKCS#8 (se espera el .key de la e.firma)") from None


def numero_de_serie(cert: x509.Certificate) -> str:
    """El número de serie como lo muestra el SAT: sus bytes son dígitos ASCII
    (p. ej. 0x3030303031… → «00001…»); si no lo son, en hexadecimal."""
    crudo = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8 or 1, "big")
    if crudo.isdigit():
        return crudo.decode("ascii")
    return format(cert.serial_number, "x")


def _llave_publica_der(llave_publica) -> bytes:
    return llave_publica.public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo)


def cargar_credencial(cer: bytes, key: bytes, clave: str, *, ahora: dt.datetime | None = None) -> Credencial:
    """Abre una e.firma: ``cer`` y ``key`` son los bytes de los archivos, ``clave`` la contraseña.

    ``ErrorDeUsuario`` en español si la contraseña no abre la llave, si la llave no es la
    del certificado o si el certificado no está vigente (``ahora`` por omisión: la hora UTC)."""
    cert = leer_certificado(cer)
    llave = _abrir_llave(key, clave)
    if not isinstance(llave, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise ErrorDeUsuario("la llave privada no es RSA ni de curva elíptica: no se puede firmar con ella")
    if _llave_publica_der(llave.public_key()) != _llave_publica_der(cert.public_key()):
        raise ErrorDeUsuario("el .cer y el .key no son pareja: la llave privada no corresponde a ese certificado")
    momento = ahora or dt.datetime.now(dt.timezone.utc)
    desde, hasta = cert.not_valid_before_utc, cert.not_valid_after_utc
    titular, rfc, curp = datos_del_sujeto(cert)
    if momento > hasta:
        raise ErrorDeUsuario(f"el certificado de {titular or 'la e.firma'} venció el {hasta:%Y-%m-%d}: "
                             "renueve la e.firma en el SAT")
    if momento < desde:
        raise ErrorDeUsuario(f"el certificado de {titular or 'la e.firma'} aún no es válido (lo es desde el "
                             f"{desde:%Y-%m-%d %H:%M} UTC)")
    return Credencial(titular=titular, rfc=rfc, curp=curp, serie=numero_de_serie(cert),
                      vigente_desde=desde, vigente_hasta=hasta,
                      certificado_der=cert.public_bytes(serialization.Encoding.DER), llave=llave)
