"""Firmar el PDF final de un caso aprobado: una firma incremental por integrante.

Por qué así:

* **El PDF que se firma es el del YAML aprobado**: la primera firma lo genera (quien llama
  da ``generar_pdf``); las siguientes firman, de forma incremental, el que ya está en
  ``firmados/`` y cuyo SHA-256 coincide con el de la última firma anotada. Si el archivo no
  coincide (alguien lo cambió o lo reemplazó), no se firma encima.
* **Dos integrantes que firman a la vez** no se pisan: la firma se prepara fuera de la
  transacción (es lo lento), y dentro, con la fila del caso bloqueada, se comprueba que nadie
  firmó mientras tanto; si alguien lo hizo, se vuelve a firmar sobre su PDF (la credencial ya
  está en memoria). El PDF se escribe de forma atómica dentro de esa misma transacción, junto
  con la fila de la firma y su entrada en la bitácora.
* **La caja visible va sobre el nombre del integrante** en el bloque de firmas, si PyMuPDF lo
  encuentra en el PDF (desde la última página); si no, la firma va en un campo invisible.
* La llave y su contraseña nunca pasan por aquí: llega la ``Credencial`` ya abierta, en memoria.
* **Cada integrante firma con su propia e.firma** (lo pide el Lineamiento): con cuentas, el RFC
  del certificado debe ser el RFC de la cuenta; quien tenga los archivos y la contraseña de otra
  persona no puede firmar por ella, y una cuenta sin RFC no firma. En el modo de una sola
  persona (sin cuentas) no hay con qué comparar y no se revisa.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..firma import firmar_pdf
from ..registro.modelos import Usuario
from ..salida import escribir_atomico
from .congelado import ruta_firmado, sha256_de
from .estados import en_transaccion, estado_de, fila_bloqueada, permitido, registrar_firma

_ANCHO_MINIMO = 170.0  # puntos: lo que ocupa el texto del sello
_ALTO = 46.0
_INTENTOS = 3


def caja_sobre_nombre(pdf: bytes, nombres: list[str]) -> tuple[int, tuple[float, float, float, float]] | None:
    """(página, caja en puntos del PDF con el origen abajo a la izquierda) justo encima del
    nombre, o None si no aparece ninguno de ``nombres``."""
    # PyMuPDF solo al firmar: al importarse arranca hilos nativos (onnxruntime) que dejaban
    # colgados al salir los procesos de gunicorn, y el servidor no lo necesita para lo demás.
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for numero in range(doc.page_count - 1, -1, -1):
            pagina = doc[numero]
            for nombre in (n.strip() for n in nombres):
                encontrados = pagina.search_for(nombre) if len(nombre) >= 4 else []
                if not encontrados:
                    continue
                r = encontrados[-1]
                limites = pagina.rect
                ancho = max(r.width, _ANCHO_MINIMO)
                x1 = max(limites.x0 + 4, min(r.x0 + r.width / 2 - ancho / 2, limites.x1 - 4 - ancho))
                arriba = max(limites.y0 + 4, r.y0 - _ALTO - 2)
                abajo = max(arriba + 10, r.y0 - 2)
                # PyMuPDF mide desde arriba; el PDF (y pyHanko), desde abajo.
                return numero, (x1, limites.height - abajo, x1 + ancho, limites.height - arriba)
    return None


def firmar_caso(motor: Engine, caso: str, quien, *, carpeta_casos: Path, texto_yaml: str, generar_pdf, credencial,
                nombres: list[str], razon: str = "", lugar: str = "", tsa: str | None = None,
                sellador=None) -> dict:
    """Firma el PDF del caso ``caso`` (aprobado) con ``credencial`` y lo guarda en ``firmados/``.

    Devuelve el detalle anotado en la bitácora (campo, titular, RFC, serie, SHA-256 del PDF)."""
    if not permitido(quien, "firmar"):
        raise ErrorDeUsuario(f"su cuenta ({getattr(quien, 'rol', '') or 'sin rol'}) no tiene permiso para firmar")
    revisar_que_sea_suya(motor, quien, credencial)
    ruta = ruta_firmado(carpeta_casos, caso)
    for _ in range(_INTENTOS):
        estado = estado_de(motor, caso)
        _revisar_aprobado(estado, texto_yaml)
        vigentes = [f for f in estado["firmas"] if f["cuenta"]]
        base = _pdf_base(ruta, vigentes, generar_pdf)
        campo = f"Firma{len(vigentes) + 1}_{credencial.rfc or credencial.serie}".replace(".", "")[:80]
        donde = caja_sobre_nombre(base, [*nombres, credencial.titular])
        firmado = firmar_pdf(base, credencial, campo=campo, pagina=donde[0] if donde else -1,
                             caja=donde[1] if donde else None, razon=razon, lugar=lugar, tsa=tsa,
                             sellador=sellador)
        huella = hashlib.sha256(firmado).hexdigest()

        def trabajo(s: Session, estado=estado, vigentes=vigentes, firmado=firmado, campo=campo, huella=huella):
            fila = fila_bloqueada(s, caso, crear=False)
            actuales = [f for f in fila.firmas if f.ronda == fila.ronda] if fila else []
            if (fila is None or fila.ronda != estado["ronda"] or fila.sha256_aprobado != estado["sha256_aprobado"]
                    or [f.sha256_pdf for f in actuales] != [f["sha256_pdf"] for f in vigentes]):
                return None  # otro firmó (o el caso cambió) mientras tanto: de nuevo
            detalle = registrar_firma(s, fila, quien, campo=campo, titular=credencial.titular, rfc=credencial.rfc,
                                      serie=credencial.serie, sha256_pdf=huella)
            ruta.parent.mkdir(parents=True, exist_ok=True)
            escribir_atomico(ruta, firmado, sobrescribir=True)
            return {**detalle, "visible": donde is not None, "archivo": ruta.name}
        hecho = en_transaccion(motor, trabajo)
        if hecho is not None:
            return hecho
    raise ErrorDeUsuario("otros integrantes firmaron al mismo tiempo; vuelva a intentarlo")


def revisar_que_sea_suya(motor: Engine, quien, credencial) -> None:
    """``ErrorDeUsuario`` si, con cuentas, la e.firma no es la de la cuenta que firma (RFC distinto)
    o la cuenta no tiene RFC. El usuario local (sin cuentas) no se revisa."""
    if getattr(quien, "local", False):
        return
    with Session(motor) as s:
        fila = s.get(Usuario, quien.id) if getattr(quien, "id", None) is not None else None
        propio = ((fila.rfc or "") if fila is not None else "").strip().upper()
    nombre = getattr(quien, "nombre_usuario", "") or "…"
    if not propio:
        raise ErrorDeUsuario(f"no se puede firmar: registre su RFC en su cuenta (resoluciones usuarios rfc {nombre} "
                             "RFC) antes de firmar; así se comprueba que la e.firma es la suya")
    if (credencial.rfc or "").strip().upper() != propio:
        raise ErrorDeUsuario("no se puede firmar: la e.firma es de otra persona (RFC del certificado distinto del de "
                             "su cuenta); cada integrante firma con su propia e.firma")


def _revisar_aprobado(estado: dict, texto_yaml: str) -> None:
    if estado["estado"] not in ("aprobada", "firmada"):
        raise ErrorDeUsuario(f"no se puede firmar: el caso está «{estado['nombre_estado']}»; se firma lo que el "
                             "Comité aprobó")
    if estado["sha256_aprobado"] != sha256_de(texto_yaml):
        raise ErrorDeUsuario("no se puede firmar: el caso cambió desde que el Comité lo aprobó")


def _pdf_base(ruta: Path, vigentes: list[dict], generar_pdf) -> bytes:
    if not vigentes:
        return generar_pdf()
    try:
        base = ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeUsuario(f"no se encontró el PDF firmado «{ruta.name}» ({exc.strerror or exc}); "
                             "las firmas anotadas no tienen archivo") from None
    if hashlib.sha256(base).hexdigest() != vigentes[-1]["sha256_pdf"]:
        raise ErrorDeUsuario(f"el PDF firmado «{ruta.name}» no es el de la última firma anotada (se cambió o se "
                             "reemplazó fuera del programa); no se firma encima")
    return base
