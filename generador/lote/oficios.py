"""Un lote no da el mismo número de oficio a dos resoluciones.

En una tabla, ``entrada.tareas`` lo revisa antes de generar. En una carpeta, el oficio de
cada expediente se sabe solo al leerlo, y lo lee el proceso que lo genera: el principal lo
revisa aquí, en cuanto llega cada resultado y antes del manifiesto, del PDF y del registro.
Dos expedientes con el mismo oficio eran dos documentos y un solo renglón en el registro
(el segundo reemplazaba al primero sin aviso). Se comparan con la clave del registro: sin
distinguir mayúsculas ni espacios.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..registro.resumen import clave_de
from .casos import Resultado, corto


def oficio_repetido(quien: str, oficio: str) -> str:
    """El mensaje de un oficio que ya tiene ``quien`` («la fila 5», «a»)."""
    return (f"{quien} ya tiene el oficio «{corto(oficio.strip())}» (sin distinguir mayúsculas ni espacios): serían "
            "dos resoluciones con el mismo número; cambie el de una de las dos")


class OficiosDelLote:
    """Los oficios ya vistos en este lote, con quién tiene cada uno (un caso o una fila)."""

    def __init__(self) -> None:
        self._casos: dict[str, Any] = {}

    def anotar(self, oficio: str, quien: Any) -> Any:
        """Anota ``oficio`` para ``quien`` y devuelve quién lo tuvo primero (``quien`` si nadie)."""
        return self._casos.setdefault(clave_de(oficio), quien)

    def revisar(self, r: Resultado) -> None:
        """Un caso recién generado con el oficio de otro anterior del lote se vuelve un error
        y su documento se borra (lo acaba de escribir este lote). Uno al día solo anota su
        oficio: su documento es de una corrida anterior."""
        if r.estado not in ("generado", "al_dia") or not r.oficio or not r.oficio.strip():
            return
        primero = self.anotar(r.oficio, r.caso)
        if primero == r.caso or r.estado != "generado":
            return
        Path(r.salida).unlink(missing_ok=True)
        r.estado, r.sha256_salida, r.registro = "error", None, None
        r.errores = [{"campo": "oficio", "linea": None,
                      "mensaje": oficio_repetido(f"«{corto(primero)}», de este mismo lote,", r.oficio)}]
