"""Lo aprobado no cambia en silencio: un caso aprobado o firmado guarda el SHA-256 de su YAML.

Si el YAML cambia (desde la página o desde un editor, en la carpeta de casos), lo que el
Comité aprobó ya no es lo que está en el archivo. Entonces el caso vuelve a revisión en una
ronda nueva: los votos anteriores quedan en la base y en la bitácora, pero ya no cuentan.
Si además estaba firmado, el PDF firmado se aparta (se renombra, nunca se borra) porque sus
firmas ya no corresponden al caso; se dice en la página.

Se revisa al guardar desde la página (``al_guardar``, con el diff en la bitácora) y cada
vez que se muestra o se usa el caso (``revisar``: alcanza lo cambiado fuera de la página).

Un guardado que solo cambia la forma del archivo y no sus datos (la página reacomoda una
línea larga la primera vez que lo guarda) no es un cambio para el Comité: el documento que
sale es el mismo. Entonces se anota con ``mismo_contenido`` y la huella congelada pasa a la
del archivo nuevo, sin volver a revisión.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..errores import ErrorDeUsuario
from ..expediente.yaml_lineas import leer_yaml
from .bitacora import anotar, diff_de
from .estados import NOMBRES_DE_ESTADO, en_transaccion, fila_bloqueada

CARPETA_FIRMADOS = "firmados"


def sha256_de(texto: str) -> str:
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()


def ruta_firmado(carpeta_casos: Path, caso: str) -> Path:
    """Dónde queda el PDF firmado de un caso: ``firmados/<caso sin .yaml>.pdf``; el de un
    ``.yml``, ``firmados/<caso>.yml.pdf``: «a.yaml» y «a.yml» son casos distintos y el PDF
    firmado de uno nunca debe pisar (ni apartar, ni servir) el del otro."""
    ruta = Path(caso)
    return carpeta_casos / CARPETA_FIRMADOS / ((ruta.stem if ruta.suffix == ".yaml" else ruta.name) + ".pdf")


def al_guardar(motor: Engine, caso: str, antes: str, despues: str, quien, carpeta_casos: Path) -> str | None:
    """Anota el guardado (con su diff) y aplica el congelado. Devuelve el aviso para la
    página si el caso volvió a revisión, o None."""
    detalle = diff_de(antes, despues, nombre=caso)
    return _aplicar(motor, caso, despues, quien, carpeta_casos, detalle, antes=antes)


def revisar(motor: Engine, caso: str, texto: str, quien, carpeta_casos: Path) -> str | None:
    """Si el YAML de un caso aprobado o firmado ya no es el aprobado (cambió fuera de la
    página), lo regresa a revisión y lo anota. Devuelve el aviso, o None si nada cambió."""
    return _aplicar(motor, caso, texto, quien, carpeta_casos, None)


def _aplicar(motor: Engine, caso: str, texto: str, quien, carpeta_casos: Path, detalle: dict | None, *,
             antes: str | None = None) -> str | None:
    huella = sha256_de(texto)
    nuevos = _datos(texto, caso) if antes is not None else None
    misma_forma = nuevos is not None and _datos(antes, caso) == nuevos

    def trabajo(s: Session) -> str | None:
        fila = fila_bloqueada(s, caso, crear=False)
        congelado = fila is not None and fila.estado in ("aprobada", "firmada") and fila.sha256_aprobado
        if detalle is None and not (congelado and fila.sha256_aprobado != huella):
            return None
        propio = dict(detalle or {"sha256": huella, "fuera_de_la_pagina": True,
                                  "diff": "(el archivo cambió fuera de la página: no hay diff)"})
        aviso = None
        if congelado and fila.sha256_aprobado != huella and misma_forma and fila.sha256_aprobado == sha256_de(antes):
            fila.sha256_aprobado = huella  # los mismos datos, otra forma: el mismo documento
            propio["mismo_contenido"] = True
        elif congelado and fila.sha256_aprobado != huella:
            previo, aviso, apartado = _reabrir(fila, quien, carpeta_casos)
            propio.update({"reabierto": True, "de": previo, "ronda": fila.ronda})
            if apartado:
                propio["pdf_apartado"] = apartado
        anotar(s, usuario_id=quien.id, usuario=quien.nombre_usuario, accion="guardar", caso=caso, detalle=propio)
        return aviso
    return en_transaccion(motor, trabajo)


def _datos(texto: str, caso: str):
    try:
        return leer_yaml(texto, caso).datos
    except ErrorDeUsuario:
        return None


def _reabrir(fila, quien, carpeta_casos: Path) -> tuple[str, str, str | None]:
    """Aprobada o firmada → en revisión, ronda nueva; aparta el PDF firmado."""
    previo, sesion = fila.estado, fila.sesion
    fila.estado, fila.ronda, fila.sha256_aprobado = "en_revision", fila.ronda + 1, None
    fila.sesion, fila.fecha_sesion = "", None
    fila.actualizado_en = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    fila.actualizado_por = quien.id
    aviso = (f"El caso estaba «{NOMBRES_DE_ESTADO[previo]}» por el Comité ({sesion or 'sin sesión'}); como cambió, "
             f"volvió a revisión (ronda {fila.ronda}): los votos anteriores ya no cuentan y hay que votar y "
             "aprobar de nuevo.")
    apartado = None
    if previo == "firmada":
        apartado = apartar_firmado(carpeta_casos, fila.caso)
        aviso += (" Las firmas electrónicas ya no corresponden al caso: el PDF firmado se apartó"
                  + (f" como «{CARPETA_FIRMADOS}/{apartado}»" if apartado else "") + " y habrá que firmar de nuevo.")
    return previo, aviso, apartado


def apartar_firmado(carpeta_casos: Path, caso: str) -> str | None:
    """Renombra el PDF firmado a ``<caso>.sin-validez-<momento>.pdf`` (nunca lo borra).
    Devuelve el nombre nuevo, o None si no había PDF firmado."""
    ruta = ruta_firmado(carpeta_casos, caso)
    if not ruta.is_file():
        return None
    momento = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    destino = ruta.with_name(f"{ruta.stem}.sin-validez-{momento}.pdf")
    n = 1
    while destino.exists():
        n += 1
        destino = ruta.with_name(f"{ruta.stem}.sin-validez-{momento}-{n}.pdf")
    os.replace(ruta, destino)
    return destino.name
