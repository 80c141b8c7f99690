"""``resoluciones firmar`` y ``resoluciones verificar``: la e.firma del SAT sobre un PDF, desde la terminal.

La criptografía vive en ``generador.firma``; aquí solo se leen los archivos, se pide la
contraseña (oculta, o de ``RESOLUCIONES_FIEL_CLAVE`` para scripts), se escribe la salida
de forma atómica y se cuenta el resultado en español. Este módulo se importa solo cuando se
pide uno de sus comandos (tabla perezosa de ``principal``): pyHanko no pesa en ``generar``.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from ..errores import ErrorDeUsuario, Problema
from ..firma import cargar_credencial, firmar_pdf, verificar_pdf
from ..salida import escribir_atomico, mensaje_de_os
from .grupo import CONTEXTO, Comando
from .opciones import Salida

VARIABLE_DE_CLAVE = "RESOLUCIONES_FIEL_CLAVE"


def _silenciar_pyhanko() -> None:
    # pyHanko registra con trazas cada cadena que no se pudo construir; el comando ya
    # explica el motivo en español, así que esos registros solo confundirían.
    for nombre in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(nombre).setLevel(logging.CRITICAL + 1)


def _leer(ruta: Path, que: str) -> bytes:
    try:
        return ruta.read_bytes()
    except FileNotFoundError:
        raise ErrorDeUsuario(f"{ruta}: no existe {que}") from None
    except IsADirectoryError:
        raise ErrorDeUsuario(f"{ruta}: es una carpeta, no {que}") from None
    except OSError as exc:
        raise ErrorDeUsuario(f"{ruta}: {mensaje_de_os(exc)}") from None


def _leer_pdf(ruta: Path, que: str) -> bytes:
    datos = _leer(ruta, que)
    if not datos[:1024].lstrip().startswith(b"%PDF-"):
        raise ErrorDeUsuario(f"{ruta}: no es un PDF (no empieza con «%PDF-»)")
    return datos


def _caja(texto: str | None) -> tuple[float, float, float, float] | None:
    if texto is None:
        return None
    partes = [p.strip() for p in texto.split(",")]
    try:
        valores = tuple(float(p) for p in partes)
    except ValueError:
        valores = ()
    if len(valores) != 4:
        raise ErrorDeUsuario(f"--caja: «{texto}» no son cuatro números x1,y1,x2,y2 (en puntos del PDF, "
                             "p. ej. 72,72,300,140)")
    return valores  # type: ignore[return-value]


def _pagina(numero: int) -> int:
    """La página como la cuenta una persona (1 = la primera, -1 = la última) → índice desde 0."""
    if numero == 0:
        raise ErrorDeUsuario("--pagina: las páginas se cuentan desde 1 (o -1 para la última)")
    return numero - 1 if numero > 0 else numero


def _clave() -> str:
    clave = os.environ.get(VARIABLE_DE_CLAVE)
    if clave is not None:
        return clave
    if not sys.stdin.isatty():
        # Un script que la pasa por la entrada estándar: una línea, sin eco que controlar.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Contraseña de la llave privada (.key)", hide_input=True, err=True)


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("pdf", metavar="PDF", type=click.Path(path_type=Path))
@click.option("--cer", "cer", required=True, type=click.Path(path_type=Path), metavar="FIEL.cer",
              help="El certificado de la e.firma (.cer, en DER).")
@click.option("--key", "key", required=True, type=click.Path(path_type=Path), metavar="FIEL.key",
              help="La llave privada de la e.firma (.key, PKCS#8 cifrado). Su contraseña se pide "
                   f"sin mostrarla, o se toma de la variable {VARIABLE_DE_CLAVE}.")
@click.option("-o", "--salida", required=True, type=Salida(path_type=Path), metavar="FIRMADO.pdf",
              help="El PDF firmado que se escribe.")
@click.option("--campo", metavar="NOMBRE", help="Nombre del campo de firma (por omisión Firma-<RFC>); "
                                                  "debe ser nuevo en el PDF.")
@click.option("--pagina", type=int, default=-1, show_default=True, metavar="N",
              help="Página de la firma visible (1 = la primera, -1 = la última).")
@click.option("--caja", metavar="x1,y1,x2,y2",
              help="Rectángulo de la firma visible, en puntos desde la esquina inferior izquierda; "
                   "sin él, la firma es invisible.")
@click.option("--texto", metavar="TEXTO", help="Texto del sello visible (por omisión: «Firmado "
                                                "electrónicamente por…», el RFC y la fecha y hora).")
@click.option("--razon", default="", metavar="TEXTO", help="Razón de la firma (p. ej. «Aprobación del Comité»).")
@click.option("--lugar", default="", metavar="TEXTO", help="Lugar de la firma.")
@click.option("--tsa", metavar="URL", envvar="RESOLUCIONES_TSA",
              help="Autoridad de sello de tiempo (RFC 3161; también la variable RESOLUCIONES_TSA): la firma "
                   "queda en PAdES B-T.")
@click.option("--cadena", "cadena", multiple=True, type=click.Path(path_type=Path), metavar="AC.cer",
              help="Certificado de una autoridad intermedia que emitió la e.firma (se puede repetir): va "
                   "dentro de la firma, para que baste la raíz al verificar.")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
def firmar(pdf: Path, cer: Path, key: Path, salida: Path, campo: str | None, pagina: int, caja: str | None,
           texto: str | None, razon: str, lugar: str, tsa: str | None, cadena: tuple[Path, ...],
           sobrescribir: bool) -> None:
    """Firma un PDF con la e.firma del SAT (PAdES, en una revisión incremental: las firmas
    anteriores siguen valiendo). La llave privada se usa en memoria y nunca se guarda.

    \b
    Ejemplo:
      resoluciones firmar CTA-40418.pdf --cer FIEL.cer --key FIEL.key -o CTA-40418-firmado.pdf \\
          --caja 72,72,300,140 --razon "Aprobación del Comité de Transparencia"
    """
    _silenciar_pyhanko()
    if salida.exists() and not sobrescribir:
        escribir_atomico(salida, b"", sobrescribir=False)  # el mensaje de siempre, antes de pedir nada
    rectangulo, indice = _caja(caja), _pagina(pagina)
    contenido = _leer_pdf(pdf, "el PDF que se va a firmar")
    datos_cer, datos_key = _leer(cer, "el certificado (.cer)"), _leer(key, "la llave privada (.key)")
    intermedias = [_leer(ruta, "el certificado de la cadena") for ruta in cadena]
    credencial = cargar_credencial(datos_cer, datos_key, _clave())
    firmado = firmar_pdf(contenido, credencial, campo=campo or f"Firma-{credencial.rfc or credencial.serie}",
                         pagina=indice, caja=rectangulo, texto=texto, razon=razon, lugar=lugar, tsa=tsa,
                         cadena=intermedias)
    escribir_atomico(salida, firmado, sobrescribir=sobrescribir)
    click.echo(f"Firmado por {credencial.titular} (RFC {credencial.rfc}) en {salida}")


def _si_no(valor: bool) -> str:
    return "sí" if valor else "no"


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("pdf", metavar="PDF", type=click.Path(path_type=Path))
@click.option("--confianza", "confianza", multiple=True, type=click.Path(path_type=Path), metavar="CA.cer",
              help="Certificado raíz en el que se confía (DER o PEM; se puede repetir), p. ej. los del SAT.")
def verificar(pdf: Path, confianza: tuple[Path, ...]) -> None:
    """Verifica las firmas de un PDF: cada una íntegra, con su cadena hasta una raíz dada con
    --confianza, y sin cambios posteriores salvo otras firmas. Sale con 0 solo si todo eso se
    cumple; si no, con 2 y el motivo."""
    _silenciar_pyhanko()
    raices = [_leer(ruta, "el certificado de confianza") for ruta in confianza]
    resultado = verificar_pdf(_leer_pdf(pdf, "el PDF que se va a verificar"), raices)
    for numero, firma in enumerate(resultado.firmas, start=1):
        momento = f"{firma.momento.astimezone():%Y-%m-%d %H:%M:%S %z}" if firma.momento else "(sin fecha)"
        click.echo(f"Firma {numero}: campo «{firma.campo}»")
        click.echo(f"  titular: {firma.titular or '(desconocido)'}")
        click.echo(f"  RFC: {firma.rfc or '(desconocido)'}")
        click.echo(f"  fecha: {momento}" + (" (sello de tiempo)" if firma.sello_de_tiempo else ""))
        click.echo(f"  íntegra: {_si_no(firma.intacta)}")
        click.echo(f"  cadena de confianza: {_si_no(firma.confiable)}")
        click.echo(f"  cambios posteriores: {firma.cambios or '(no se pudo saber)'}")
    if not resultado.valida:
        raise ErrorDeUsuario([Problema(m) for m in resultado.motivos or ["el PDF no pasa la verificación"]],
                             titulo="El PDF no pasa la verificación:")
    click.echo(f"Válido: {len(resultado.firmas)} firma(s) íntegra(s), de confianza y sin cambios posteriores.")
