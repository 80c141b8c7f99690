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
            descriptor = os.open(marca, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(descriptor, str(os.getpid()).encode())
            except OSError:
                # Creada pero sin el PID (disco lleno): una marca vacía bloqueaba la carpeta
                # para siempre (su «proceso 0» es el grupo propio y siempre «existe»).
                os.close(descriptor)
                marca.unlink(missing_ok=True)
                raise
            os.close(descriptor)
            return marca
        except FileExistsError:
            try:
                pid = int(marca.read_text(encoding="utf-8").strip())
                if pid <= 0:
                    raise ValueError(pid)  # 0 y los negativos nombran grupos de procesos, no un lote
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
