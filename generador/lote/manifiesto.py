"""El manifiesto del lote (JSON y CSV): cada caso con su salida, su estado y sus huellas.

Se escribe caso por caso (nada se acumula en memoria) en temporales que toman su nombre
al cerrar: un lote interrumpido o un disco lleno nunca dejan un manifiesto a medias. Con
él, una segunda corrida salta lo que está al día. Las celdas del CSV que Excel tomaría
por fórmulas se neutralizan (``casos.celda_segura``).
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..salida import mensaje_de_os
from .casos import MANIFIESTO, Resultado, celda_segura, mostrable


def leer_manifiesto(carpeta: Path) -> dict[str, dict]:
    """Lo que registró la corrida anterior, por nombre de archivo de salida (la carpeta de
    salida es la del manifiesto; así da igual si se escribió con ruta relativa o absoluta,
    y el .docx y el .pdf de un mismo caso son registros distintos)."""
    ruta = carpeta / f"{MANIFIESTO}.json"
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
        return {Path(str(c["salida"])).name: c for c in datos.get("casos", [])
                if isinstance(c, dict) and c.get("salida")}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _mostrable_todo(valor: Any) -> Any:
    if isinstance(valor, str):
        return mostrable(valor)
    if isinstance(valor, dict):
        return {k: _mostrable_todo(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_mostrable_todo(v) for v in valor]
    return valor


def _lista_de_errores(lista: Any) -> str:
    """Los errores o advertencias de un caso en una celda (un manifiesto anterior editado a
    mano puede traer cualquier cosa: no por eso se cae el lote)."""
    if not isinstance(lista, list):
        return ""
    return " | ".join((f"{e.get('campo')}: " if e.get("campo") else "") + str(e.get("mensaje", ""))
                      if isinstance(e, dict) else str(e) for e in lista)


class Manifiesto:
    """Escribe manifiesto.json y manifiesto.csv caso por caso (nada se acumula en memoria)
    y les da su nombre al cerrar; un lote interrumpido no deja un manifiesto a medias.

    Si el disco se llena a mitad del lote, los casos siguen (cada uno con su error) y al
    cerrar se informa en español que el manifiesto no se pudo escribir: el anterior queda
    intacto, nunca uno a medias."""

    def __init__(self, carpeta: Path, huella: str, previos: dict[str, dict] | None = None):
        self.carpeta, self.huella = carpeta, huella
        self.conteo = {"generado": 0, "al_dia": 0, "error": 0}
        self.con_advertencias = 0
        # Los casos de corridas anteriores que esta no toca (otra tabla, una parte de la
        # misma, otro formato) siguen en el manifiesto: si no, sus archivos parecerían ajenos.
        self._previos = dict(previos or {})
        self.conservados = 0
        self._fallo: OSError | None = None
        self._temporales = [carpeta / f".{MANIFIESTO}.json.tmp", carpeta / f".{MANIFIESTO}.csv.tmp"]
        try:
            self._json = self._temporales[0].open("w", encoding="utf-8")
            # Con BOM: Excel en Windows abre así el CSV con sus acentos.
            self._csv_archivo = self._temporales[1].open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._csv_archivo)
            self._csv.writerow(["caso", "origen", "salida", "estado", "sha256_salida", "sha256_entrada", "errores",
                                "advertencias"])
            self._json.write('{\n  "version": %s,\n  "huella": %s,\n  "casos": [' % (json.dumps(__version__),
                                                                                     json.dumps(huella)))
        except OSError as exc:
            raise ErrorDeUsuario(Problema(f"no se puede escribir el manifiesto: {mensaje_de_os(exc)}",
                                          Ubicacion(mostrable(str(carpeta))))) from None
        self._primero = True

    def agregar(self, r: Resultado) -> None:
        self.conteo[r.estado] += 1
        self.con_advertencias += bool(r.advertencias) and r.estado != "error"
        previo = self._previos.pop(Path(r.salida).name, None)
        fila = asdict(r)
        fila.pop("registro", None)  # va al registro de resoluciones, no al manifiesto
        fila["huella"] = self.huella
        if r.estado == "error" and previo:
            # La salida que el lote escribió antes sigue en disco: se recuerda su SHA para
            # reconocerla si alguien deshace la edición que la hizo parecer ajena.
            anterior = previo.get("sha256_salida") or previo.get("sha256_salida_anterior")
            if anterior:
                fila["sha256_salida_anterior"] = anterior
        self._escribir(fila)

    def _escribir(self, fila: dict) -> None:
        if self._fallo is not None:
            return  # el disco ya falló: los casos siguen, el error se dice al cerrar
        fila = _mostrable_todo(fila)
        celdas = [fila.get("caso"), fila.get("origen"), fila.get("salida"), fila.get("estado"),
                  fila.get("sha256_salida") or "", fila.get("sha256_entrada"), _lista_de_errores(fila.get("errores")),
                  _lista_de_errores(fila.get("advertencias"))]
        try:
            self._json.write(("\n    " if self._primero else ",\n    ") + json.dumps(fila, ensure_ascii=False,
                                                                                     default=str))
            self._primero = False
            self._csv.writerow([celda_segura("" if c is None else str(c)) for c in celdas])
        except OSError as exc:
            self._fallo = exc

    def cerrar(self) -> None:
        for previo in self._previos.values():
            if previo.get("estado") in ("generado", "al_dia") and (self.carpeta / Path(str(previo["salida"])).name).is_file():
                self._escribir(previo)
                self.conservados += 1
        total = sum(self.conteo.values())
        try:
            if self._fallo is not None:
                raise self._fallo
            # Los documentos se escribieron sin fsync uno por uno: se sincroniza todo una vez,
            # antes de que el manifiesto diga que están escritos.
            os.sync()
            self._json.write('\n  ],\n  "total": %d,\n  "generados": %d,\n  "al_dia": %d,\n  "errores": %d,\n'
                             '  "con_advertencias": %d\n}\n' % (total, self.conteo["generado"], self.conteo["al_dia"],
                                                               self.conteo["error"], self.con_advertencias))
            for archivo in (self._json, self._csv_archivo):
                archivo.flush()
                os.fsync(archivo.fileno())
                archivo.close()
            os.replace(self._temporales[0], self.carpeta / f"{MANIFIESTO}.json")
            os.replace(self._temporales[1], self.carpeta / f"{MANIFIESTO}.csv")
        except OSError as exc:
            for archivo in (self._json, self._csv_archivo):
                try:
                    archivo.close()
                except OSError:
                    pass  # lo que no cupo en el disco ya no importa: el temporal se borra
            for temporal in self._temporales:
                temporal.unlink(missing_ok=True)
            raise ErrorDeUsuario(Problema(
                f"no se pudo escribir el manifiesto: {mensaje_de_os(exc)}. Los documentos ya escritos siguen en la "
                "carpeta; libere espacio y vuelva a correr el lote (reconoce los que ya están)",
                Ubicacion(mostrable(str(self.carpeta))))) from None
