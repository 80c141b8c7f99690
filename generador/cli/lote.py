"""``resoluciones lote``: genera muchos documentos en paralelo, con manifiesto."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

import click

from .. import lote as motor_lote
from ..errores import ErrorDeUsuario
from ..pdf import (
    buscar_soffice,
    convertir_cada,
    convertir_en_paralelo,
    tiempo_por_documento,
)
from ..rutas import carpetas_de_plantillas
from .opcion_registro import opcion_registro, opcion_sin_registro
from .opciones import Salida


class _Progreso:
    """Una línea en la terminal: cuántos, a qué ritmo y cuánto falta. Nada si no es terminal."""

    def __init__(self, total: int | None, activo: bool):
        self.total, self.activo = total, activo
        self.hechos, self.inicio, self.ultimo = 0, time.perf_counter(), 0.0

    def avanzar(self) -> None:
        self.hechos += 1
        ahora = time.perf_counter()
        if not self.activo or (ahora - self.ultimo < 0.1 and self.hechos != self.total):
            return
        self.ultimo = ahora
        ritmo = self.hechos / max(ahora - self.inicio, 1e-9)
        texto = f"\r  {self.hechos}" + (f"/{self.total}" if self.total else "") + f" documentos · {ritmo:.1f}/s"
        if self.total:
            texto += f" · faltan {max(self.total - self.hechos, 0) / ritmo:.0f} s"
        click.echo(texto + "   ", nl=False, err=True)

    def terminar(self) -> None:
        if self.activo and self.hechos:
            click.echo("", err=True)


@click.command(name="lote", options_metavar="[OPCIONES]")
@click.argument("entrada", type=click.Path(exists=True, path_type=Path), metavar="ENTRADA")
@click.option("-o", "--salida", "carpeta", required=True, type=Salida(file_okay=False, path_type=Path),
              metavar="CARPETA", help="Carpeta de salida (se crea si no existe).")
@click.option("--base", type=click.Path(dir_okay=False, path_type=Path), metavar="CASO.yaml",
              help="Expediente base cuyas columnas llena cada fila de una tabla CSV o XLSX.")
@click.option("--procesos", type=click.IntRange(1, 64), default=1, show_default=True, metavar="N",
              help="Procesos en paralelo (uno por núcleo es lo razonable).")
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default="docx", show_default=True,
              help="docx, o pdf (con LibreOffice: un solo arranque convierte toda la tanda).")
@click.option("--forzar", is_flag=True, help="Genera todo de nuevo, aunque la salida esté al día.")
@click.option("--silencioso", is_flag=True, help="Sin barra de progreso (en scripts ya no aparece).")
@click.option("--catalogo", "catalogos", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="CARPETA", help="Carpeta con entradas propias del catálogo (se puede repetir).")
@click.option("--plantillas", "plantillas", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="CARPETA", help="Carpeta con perfiles, textos o diseños propios (se puede repetir).")
@opcion_registro
@opcion_sin_registro
def lote(entrada: Path, carpeta: Path, base: Path | None, procesos: int, formato: str, forzar: bool,
         silencioso: bool, catalogos: tuple[Path, ...], plantillas: tuple[Path, ...], registro: str | None = None,
         sin_registro: bool = False) -> None:
    """Genera las resoluciones de ENTRADA: una carpeta de expedientes YAML, o una tabla (CSV o
    XLSX) cuyas columnas llenan campos del expediente --base (p. ej. «oficio», «fecha»,
    «solicitudes[1].folio»; una columna «archivo» da el nombre de la salida).

    Escribe un manifiesto (manifiesto.json y manifiesto.csv) con cada caso, su salida, su
    estado y el SHA-256 del documento. Un caso con errores no detiene a los demás. Vuelve a
    correrlo y salta los casos cuya salida está al día. Sale con 1 si algún caso falló.

    Cada documento generado queda en el registro de resoluciones (salvo --sin-registro)."""
    # Todo lo que afectaría al lote entero (tabla ilegible, columnas que no son campos) se
    # informa antes de escribir nada.
    total, base_datos = motor_lote.revisar_entrada(entrada, base)
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # Aquí ENOENT no es «la carpeta de salida no existe» (se iba a crear): es que la ruta
        # pasa por algo donde no se pueden crear carpetas (/proc, un archivo).
        motivo = ("esa ruta no admite carpetas nuevas" if exc.errno in (errno.ENOENT, errno.ENOTDIR)
                  else motor_lote.mensaje_de_os(exc))
        raise ErrorDeUsuario(f"{motor_lote.mostrable(str(carpeta))}: no se pudo crear la carpeta de salida "
                             f"({motivo})") from None
    if formato == "pdf":
        buscar_soffice()  # sin LibreOffice (o con un plazo mal escrito), el error sale antes de generar nada
        tiempo_por_documento()
    registrador = None if sin_registro else _Registrador.abrir(registro)
    bloqueo = motor_lote.bloquear(carpeta)
    try:
        _lote(entrada, carpeta, base_datos, procesos, formato, forzar, silencioso, catalogos, plantillas, total,
              registrador)
    finally:
        bloqueo.unlink(missing_ok=True)


def _lote(entrada, carpeta, base_datos, procesos, formato, forzar, silencioso, catalogos, plantillas, total,
          registrador=None) -> None:

    huella = motor_lote.huella_del_entorno(list(catalogos), carpetas_de_plantillas(plantillas))
    previos = motor_lote.leer_manifiesto(carpeta)
    argumentos = ([str(c) for c in catalogos], [str(p) for p in plantillas], forzar, huella, previos,
                  f".{formato}", registrador is not None)
    # A PDF: los .docx se escriben en una carpeta temporal y se convierten al final, todos juntos.
    destino_docx = carpeta / ".docx-temporales" if formato == "pdf" else carpeta
    try:
        destino_docx.mkdir(exist_ok=True)
    except OSError as exc:
        raise ErrorDeUsuario(f"{motor_lote.mostrable(str(destino_docx))}: no se pudo crear la carpeta temporal de los "
                             f".docx ({motor_lote.mensaje_de_os(exc)})") from None
    tareas = motor_lote.tareas(entrada, destino_docx, base_datos)
    progreso = _Progreso(total, activo=not silencioso and sys.stderr.isatty())
    manifiesto = motor_lote.Manifiesto(carpeta, huella, previos)
    if registrador is not None:
        manifiesto = registrador.envolver(manifiesto)
    # El proceso principal se prepara antes de crear los demás: con «fork» lo heredan
    # (catálogo, plantillas compiladas) en lugar de cargarlo cada uno.
    motor_lote.iniciar_trabajador(*argumentos)
    pendientes = [] if formato == "pdf" else None
    try:
        if procesos == 1:
            fallidos = _recoger(map(motor_lote.procesar, tareas), progreso, manifiesto, pendientes)
        else:
            import multiprocessing

            grupo = multiprocessing.get_context(motor_lote.metodo_de_arranque()).Pool(
                procesos, motor_lote.iniciar_trabajador_del_grupo, argumentos)
            try:
                # imap (no imap_unordered): el manifiesto sigue el orden de la tabla y es
                # el mismo en cada corrida; los casos cuestan lo mismo, casi no se espera.
                fallidos = _recoger(grupo.imap(motor_lote.procesar, tareas, chunksize=8), progreso,
                                    manifiesto, pendientes)
                # Al acabar bien, cada proceso recibe su señal de fin y sale solo (close y join).
                # No terminate(), que es lo que hace «with Pool»: se lleva de la cola las señales
                # de fin que iban a los procesos y los mata con SIGTERM, un camino con carreras
                # (una corrida de CI se quedó colgada, sin traza, en la prueba de un lote de tres
                # casos con dos procesos: uno de ellos nunca recibe tarea; es el sospechoso).
                grupo.close()
            except BaseException:  # Ctrl-C o un error: el grupo se termina en el acto
                grupo.terminate()
                raise
            finally:
                grupo.join()
        progreso.terminar()
        if pendientes is not None:
            fallidos += _a_pdf(pendientes, carpeta, destino_docx, manifiesto, silencioso, procesos)
    finally:
        # También si se interrumpe (Ctrl-C): el manifiesto registra lo ya escrito, y la
        # siguiente corrida lo reconoce en lugar de tomarlo por ajeno.
        manifiesto.cerrar()
        if registrador is not None:
            registrador.terminar(silencioso)
        if formato == "pdf":
            shutil.rmtree(destino_docx, ignore_errors=True)
    conteo = manifiesto.conteo
    click.echo(f"{sum(conteo.values())} casos: {conteo['generado']} generados, {conteo['al_dia']} al día, "
               f"{conteo['error']} con errores. Manifiesto: {motor_lote.mostrable(str(carpeta / 'manifiesto.json'))}")
    if manifiesto.con_advertencias:
        click.echo(f"{manifiesto.con_advertencias} documento(s) con advertencias de la revisión jurídica: véalas en "
                   "la columna «advertencias» del manifiesto o con «resoluciones validar».")
    sys.exit(1 if fallidos else 0)


def _a_pdf(pendientes: list, carpeta: Path, temporal: Path, manifiesto, silencioso: bool, procesos: int = 1) -> int:
    """Convierte a PDF los documentos generados: con un proceso, un arranque de LibreOffice
    por tanda (ya es un LibreOffice que queda arrancado para toda la tanda); con varios,
    tantos LibreOffice calientes a la vez (hasta ``RESOLUCIONES_PDF_CONVERSORES``), que
    aprovechan los demás núcleos.

    Un documento que LibreOffice no convierte (o que lo cuelga) es un error de ese caso;
    los demás siguen. Devuelve cuántos fallaron."""
    if pendientes and not silencioso and sys.stderr.isatty():
        click.echo(f"  convirtiendo {len(pendientes)} documentos a PDF…", err=True)
    try:
        docx = [Path(r.salida) for r in pendientes]
        pdfs = convertir_cada(docx, temporal) if procesos == 1 else convertir_en_paralelo(docx, temporal, procesos)
    except ErrorDeUsuario as exc:  # no se pudo arrancar LibreOffice: ninguno se convirtió
        pdfs = [exc] * len(pendientes)
    fallidos = 0
    for r, pdf in zip(pendientes, pdfs):
        try:
            if isinstance(pdf, ErrorDeUsuario):
                raise pdf
            final = carpeta / pdf.name
            datos = pdf.read_bytes()
            os.replace(pdf, final)
            r.salida, r.sha256_salida = str(final), hashlib.sha256(datos).hexdigest()
            if r.registro is not None:
                r.registro.update(archivo=str(final.resolve()), formato="pdf", sha256_documento=r.sha256_salida)
        except (ErrorDeUsuario, OSError) as exc:
            r.estado, r.sha256_salida = "error", None
            r.errores = motor_lote.errores_de(exc)
            fallidos += 1
            _informar(r, False)
        manifiesto.agregar(r)
    return fallidos


def _recoger(flujo, progreso: _Progreso, manifiesto, pendientes: list | None = None) -> int:
    """Registra cada resultado en cuanto llega e informa los errores; devuelve cuántos fallaron.
    Con ``pendientes`` (lote a PDF), los generados se guardan para convertirlos al final."""
    fallidos = 0
    oficios = motor_lote.OficiosDelLote()
    for r in flujo:
        oficios.revisar(r)
        if pendientes is not None and r.estado == "generado":
            pendientes.append(r)
        else:
            manifiesto.agregar(r)
        progreso.avanzar()
        if r.estado != "error":
            continue
        fallidos += 1
        _informar(r, progreso.activo)
    return fallidos


def _informar(r, progreso_activo: bool) -> None:
    """Cada error de un caso en la salida de errores: origen, línea, campo y mensaje."""
    for e in r.errores or [{"campo": None, "mensaje": "error desconocido"}]:
        campo = f" — campo «{e['campo']}»" if e.get("campo") else ""
        linea = f", línea {e['linea']}" if e.get("linea") else ""
        texto = f"{chr(13) if progreso_activo else ''}error: {r.origen}{linea}{campo}: {e['mensaje']}"
        click.echo(motor_lote.mostrable(texto), err=True)


class _Registrador:
    """Registra en el registro de resoluciones, desde el proceso principal y por tandas (una
    transacción cada ``TANDA`` documentos), cada documento que el manifiesto anota como
    generado. Envuelve al manifiesto: lo que queda en él como generado queda registrado,
    también si el lote se interrumpe (se registra al cerrar)."""

    TANDA = 100

    def __init__(self, url: str):
        self.url, self.pendientes, self.registrados, self.error = url, [], 0, None

    @classmethod
    def abrir(cls, registro: str | None) -> _Registrador | None:
        # El registro (SQLAlchemy) solo si se registra. La base se abre y se migra antes de
        # generar (un servidor caído se sabe al principio) y se cierra antes de crear los
        # procesos: no heredan sus conexiones.
        from .. import registro as reg

        if reg.sin_registro_por_entorno():
            return None
        url = reg.url_del_registro(registro)
        reg.motor(url)
        reg.cerrar_todos()
        return cls(url)

    def envolver(self, manifiesto):
        agregar = manifiesto.agregar

        def agregar_y_registrar(r) -> None:
            agregar(r)
            if r.estado == "generado" and r.registro is not None:
                self.pendientes.append(r.registro)
                if len(self.pendientes) >= self.TANDA:
                    self._vaciar()

        manifiesto.agregar = agregar_y_registrar
        return manifiesto

    def _vaciar(self) -> None:
        from .. import registro as reg  # ya importado en abrir()

        if not self.pendientes or self.error is not None:
            return
        try:
            reg.registrar_varios(reg.motor(self.url), self.pendientes)
            self.registrados += len(self.pendientes)
            self.pendientes = []
        except ErrorDeUsuario as exc:  # el lote sigue; se informa al final
            self.error = exc

    def terminar(self, silencioso: bool) -> None:
        from .. import registro as reg

        self._vaciar()
        if self.error is not None:
            click.echo(f"Error: {self.error.texto()}\n  Los documentos se escribieron, pero "
                       f"{len(self.pendientes)} no quedaron en el registro: vuelva a correr el lote con --forzar "
                       "cuando la base esté disponible.", err=True)
            sys.exit(2)
        if self.registrados and not silencioso:
            click.echo(f"{self.registrados} documento(s) registrados en {reg.mostrable(self.url)}.", err=True)
