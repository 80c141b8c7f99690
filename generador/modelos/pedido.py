"""Si el comando que viene pidió la base ligera de los modelos (``modo``).

Aparte de ``modo`` para que la línea de órdenes lo diga sin importar nada: ``modo`` calcula
claves (hashlib, la huella del código) y eso solo se paga si después se importa un modelo;
``resoluciones --version`` o ``fecha`` no lo pagan.
"""

from __future__ import annotations

_pedido = [False]


def pedir_ligero() -> None:
    """El comando que viene prefiere la base ligera (si ya se decidió, no cambia nada)."""
    _pedido[0] = True


def fue_pedido() -> bool:
    return _pedido[0]
