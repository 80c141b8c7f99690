"""El trabajo de cada proceso del lote: generar un caso, o saber que está al día.

Cada proceso carga el catálogo y las plantillas una sola vez (``iniciar_trabajador``);
cada documento es una redacción y un render, escrito de forma atómica por el mismo
proceso. Todo error queda en el :class:`~.casos.Resultado` del caso y nunca detiene a
los demás.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
from pathlib import Path
from typing import Any

from .. import __version__, salida, tuberia
from ..catalogo import cargar, carpeta_base, carpetas_de_usuario
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import decodificar, leer_entrada, leer_texto, validar_documento
from ..expediente.yaml_lineas import Documento
from ..rutas import carpetas_de_plantillas
from ..registro.resumen import resumen
from ..salida import escribir_atomico
from .casos import Resultado, Tarea, errores_de


def huella_del_entorno(catalogos: list[Path], plantillas: list[Path]) -> str:
    """SHA-256 de la versión y de todos los archivos del catálogo y de las plantillas."""

    h = hashlib.sha256(__version__.encode())
    for carpeta in [carpeta_base(), *carpetas_de_usuario(catalogos), *plantillas]:
        if not carpeta.is_dir():
            continue
        for ruta in sorted(p for p in carpeta.rglob("*") if p.is_file()):
            h.update(str(ruta.relative_to(carpeta)).encode())
            h.update(ruta.read_bytes())
    return h.hexdigest()


# --- Trabajo de cada proceso -----------------------------------------------------

_ESTADO: dict[str, Any] = {}


def iniciar_trabajador(catalogos: list[str], plantillas: list[str], forzar: bool, huella: str,
                       previos: dict[str, dict], extension: str = ".docx", registrar: bool = False) -> None:
    """Carga una vez por proceso lo que todos los documentos comparten. Si el proceso se
    creó por *fork* desde uno ya iniciado con lo mismo, ya lo tiene y no hace nada."""

    clave = (tuple(catalogos), tuple(plantillas), forzar, huella, id(previos), extension, registrar)
    if _ESTADO.get("clave") == clave:
        return
    _ESTADO.update(clave=clave, extension=extension, registrar=registrar,
        catalogo=cargar(catalogos), plantillas=carpetas_de_plantillas(plantillas),
        forzar=forzar, huella=huella, previos=previos,
    )


def metodo_de_arranque() -> str:
    """Cómo se crean los procesos de ``--procesos N``. «fork» si el proceso tiene un solo
    hilo (la orden ``resoluciones lote``): los hijos heredan el catálogo y las plantillas ya
    cargados. Con más hilos (un programa que llama al lote desde dentro, las pruebas con un
    LibreOffice caliente y su vigía), un hijo copiado a mitad de lo que hacía otro hilo hereda
    sus candados tomados y nadie los suelta: el lote se quedaba colgado. Ahí, «spawn»: cada
    hijo es un Python nuevo que carga el catálogo por su cuenta (no «forkserver», cuyo
    servidor guarda el entorno del primer lote y no vería las variables cambiadas después)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def iniciar_trabajador_del_grupo(*argumentos) -> None:
    """``iniciar_trabajador`` en un proceso del grupo (``--procesos N``), que ignora Ctrl-C: lo
    atiende el principal, que cierra el manifiesto y termina el grupo. Sin esto, cada proceso
    también recibía la interrupción (la terminal la manda a todo el grupo) y escribía
    «Process ForkPoolWorker-1:» con su traza antes de «Cancelado.».

    Si el lote se interrumpe, el principal termina el grupo con SIGTERM: aquí el proceso borra
    el temporal que estaba escribiendo (``salida.EN_CURSO``) en lugar de dejarlo en la carpeta,
    y sale en el acto. No con ``SystemExit``: lanzada en cualquier punto (esperando la cola de
    tareas, con su candado tomado), la salida ordenada de multiprocessing podía quedarse
    esperando y el principal, esperándolo a él."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminar)
    iniciar_trabajador(*argumentos)


def _terminar(_senal, _marco) -> None:
    for temporal in list(salida.EN_CURSO):
        try:
            os.unlink(temporal)
        except OSError:
            pass
    os._exit(0)


def _al_dia(tarea: Tarea, sha_entrada: str) -> tuple[str, str] | None:
    """(salida, sha) de la corrida anterior si sigue al día: mismo expediente, mismo
    entorno y el archivo intacto. La salida es la que registró el manifiesto (un .pdf
    en un lote a PDF)."""
    salida = _salida_final(tarea)
    previo = _ESTADO["previos"].get(salida.name)
    if _ESTADO["forzar"] or not previo or previo.get("estado") not in ("generado", "al_dia"):
        return None
    if previo.get("sha256_entrada") != sha_entrada or previo.get("huella") != _ESTADO["huella"]:
        return None
    if not salida.is_file():
        return None
    sha_salida = hashlib.sha256(salida.read_bytes()).hexdigest()
    return (str(salida), sha_salida) if sha_salida == previo.get("sha256_salida") else None


def _salida_final(tarea: Tarea) -> Path:
    # En un lote a PDF el .docx va a la carpeta temporal «.docx-temporales» y el PDF
    # queda en la carpeta de salida, un nivel arriba.
    if _ESTADO.get("extension", ".docx") == ".pdf":
        return tarea.salida.parent.parent / f"{tarea.salida.stem}.pdf"
    return tarea.salida


def _ajeno(tarea: Tarea) -> Path | None:
    """La salida si ya existe y no es la que el lote anterior escribió tal cual (la
    editaron en Word o es de otra persona): no se reemplaza sin ``--forzar``."""
    final = _salida_final(tarea)
    if _ESTADO["forzar"] or not final.exists():
        return None
    previo = _ESTADO["previos"].get(final.name) or {}
    if final.is_file():
        conocidos = {previo.get("sha256_salida"), previo.get("sha256_salida_anterior")} - {None}
        if hashlib.sha256(final.read_bytes()).hexdigest() in conocidos:
            return None
    return final


# Un expediente de la carpeta se lee entero: uno de más de esto no es un expediente
# (cada campo admite dos millones de caracteres; ninguno real llega a varios MB).
_MAX_EXPEDIENTE = 64 * 2**20


def _revisar_archivo(ruta: Path, origen: str) -> None:
    """Un «caso.yaml» que es una tubería o un dispositivo (o un enlace a /dev/zero) colgaría
    el lote o agotaría la memoria al leerlo: es un error de ese caso."""
    if ruta.is_dir():
        return  # leer_entrada lo dice
    if not ruta.is_file():
        raise ErrorDeUsuario(Problema("no es un archivo normal (¿una tubería, un dispositivo o un enlace roto?)",
                                      Ubicacion(origen)))
    if ruta.stat().st_size > _MAX_EXPEDIENTE:
        raise ErrorDeUsuario(Problema(f"el archivo pasa de {_MAX_EXPEDIENTE // 2**20} MiB; no parece un expediente",
                                      Ubicacion(origen)))


def procesar(tarea: Tarea) -> Resultado:
    """Genera un caso; todo error queda en el resultado y nunca detiene el lote: el del
    expediente, el del disco (lleno, de solo lectura) y también uno que no se esperaba."""
    resultado = Resultado(tarea.caso, tarea.origen, str(tarea.salida), "error", "")
    try:
        return _procesar(tarea, resultado)
    except Exception as exc:  # noqa: BLE001 — un caso roto no corta el lote (Ctrl-C sí)
        resultado.estado, resultado.sha256_salida = "error", None
        resultado.errores = errores_de(exc)
        return resultado


def _procesar(tarea: Tarea, resultado: Resultado) -> Resultado:

    if tarea.ruta is not None:
        _revisar_archivo(tarea.ruta, tarea.origen)
        tarea.entrada, _ = leer_entrada(tarea.ruta)
    sha_entrada = resultado.sha256_entrada = hashlib.sha256(tarea.entrada).hexdigest()
    if tarea.datos is not None and "__problemas__" in tarea.datos:
        raise ErrorDeUsuario([Problema(p, Ubicacion(tarea.origen)) for p in tarea.datos["__problemas__"]])
    previo = _al_dia(tarea, sha_entrada)
    if previo:
        resultado.estado = "al_dia"
        resultado.salida, resultado.sha256_salida = previo
        fila = _ESTADO["previos"][Path(resultado.salida).name]
        resultado.advertencias = list(fila.get("advertencias") or [])
        resultado.oficio = fila.get("oficio") if isinstance(fila.get("oficio"), str) else None
        return resultado
    ajeno = _ajeno(tarea)
    if tarea.datos is not None:
        expediente, doc = validar_documento(Documento(tarea.datos, {}, tarea.origen))
    else:
        expediente, doc = leer_texto(decodificar(tarea.entrada, tarea.origen), tarea.origen)
    catalogo = _ESTADO["catalogo"]
    problemas = tuberia.comprobar(expediente, doc, catalogo)
    if problemas:
        raise ErrorDeUsuario(problemas)
    caso = tuberia.Caso(expediente, doc, catalogo, tarea.entrada, _ESTADO["plantillas"])
    for h in tuberia.revisar_caso(caso):
        lista = resultado.errores if h.nivel == "error" else resultado.advertencias
        lista.append({"campo": h.campo, "mensaje": f"{h.codigo}: {h.mensaje}", "linea": h.linea})
    if resultado.errores:
        return resultado
    documento = tuberia.generar_docx(caso)
    # Un archivo que el manifiesto no conoce pero es idéntico al que se generaría es de
    # este lote (un lote interrumpido lo escribió sin llegar a registrarlo): no es ajeno.
    if ajeno is not None and (ajeno.suffix != ".docx" or not ajeno.is_file() or ajeno.read_bytes() != documento):
        resultado.salida = str(ajeno)
        resultado.errores = [{"campo": None, "linea": None, "mensaje":
                              f"«{ajeno}» ya existe y no es el documento que registró el manifiesto (se modificó "
                              "después de generarse o es un archivo ajeno); no se reemplaza: muévalo o use --forzar"}]
        return resultado
    escribir_atomico(tarea.salida, documento, sobrescribir=True, sincronizar=False)
    resultado.estado, resultado.oficio = "generado", expediente.oficio
    resultado.sha256_salida = hashlib.sha256(documento).hexdigest()
    if _ESTADO.get("registrar"):
        resultado.registro = resumen(caso, documento, archivo=str(Path(tarea.salida).resolve()), formato="docx",
                                     origen="lote")
    return resultado
