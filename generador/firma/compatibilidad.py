"""Que asn1crypto (la base de pyHanko) lea el RFC de un certificado del SAT.

El SAT escribe el RFC en el atributo x500UniqueIdentifier (OID 2.5.4.45) del sujeto como
texto (PrintableString), aunque la norma X.520 lo define como BIT STRING. asn1crypto solo
acepta la forma de la norma y falla al comparar o indexar el nombre («tag should have been 3»,
wbond/asn1crypto#228), así que pyHanko no podría firmar ni validar con una e.firma. Aquí se
amplía, una vez y al importar el paquete, el tipo de ese atributo a «BIT STRING o texto»;
los certificados con la forma de la norma se leen igual que antes.
"""

from __future__ import annotations

from asn1crypto import core
from asn1crypto import x509 as asn1_x509


class IdentificadorUnico(core.Choice):
    """x500UniqueIdentifier: el BIT STRING de la norma o el texto que usa el SAT."""

    _alternatives = [
        ("bit_string", core.OctetBitString),
        ("printable_string", core.PrintableString),
        ("utf8_string", core.UTF8String),
        ("teletex_string", asn1_x509.NotReallyTeletexString),
        ("ia5_string", core.IA5String),
        ("bmp_string", core.BMPString),
    ]


def instalar() -> None:
    """Registra el tipo ampliado (idempotente)."""
    especificaciones = asn1_x509.NameTypeAndValue._oid_specs
    if especificaciones.get("unique_identifier") is not IdentificadorUnico:
        asn1_x509.NameTypeAndValue._oid_specs = {**especificaciones, "unique_identifier": IdentificadorUnico}


instalar()
