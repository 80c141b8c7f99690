"""Un lote a la vez por carpeta de salida: la marca ``.lote-en-curso`` con el PID.

Dos lotes a la vez en la misma carpeta se pisarían el manifiesto y tomarían los
documentos del otro por ajenos; una marca de un proceso que ya no existe se ignora.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..salida import mensaje_de_os
from .casos import mostrable


def bloquear(carpeta: Path) -> Path:
    """Marca la carpeta como ocupada por este lote. Dos lotes a la vez en la misma carpeta
    se pisarían el manifiesto y tomarían los documentos del otro por ajenos."""
    marca = carpeta / ".lote-en-curso"
    for _ in range(2):
        try:
            with open(marca, "x", encoding="utf-8") as archivo:
                archivo.write(str(os.getpid()))
            return marca
        except FileExistsError:
            try:
                pid = int(marca.read_text(encoding="utf-8").strip() or 0)
                os.kill(pid, 0)
            except (ValueError, OSError):
                # El lote que la dejó ya no existe (se cortó la luz, se mató el proceso).
                marca.unlink(missing_ok=True)
                continue
            raise ErrorDeUsuario(Problema(
                f"otro lote (proceso {pid}) está escribiendo en esta carpeta; espere a que termine o use otra "
                "carpeta de salida", Ubicacion(str(carpeta)))) from None
        except OSError as exc:  # carpeta de solo lectura, disco lleno: nada se generaría
            raise ErrorDeUsuario(Problema(f"no se puede escribir en la carpeta de salida: {mensaje_de_os(exc)}",
                                          Ubicacion(mostrable(str(carpeta))))) from None
    raise ErrorDeUsuario(Problema("no se pudo reservar la carpeta de salida", Ubicacion(str(carpeta))))
