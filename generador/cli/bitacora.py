"""``resoluciones bitacora``: leer la bitácora de un caso y comprobar que nadie la cambió.

La bitácora se escribe sola (la página, ``usuarios``); aquí solo se lee. ``--verificar``
recorre la cadena de huellas entera y sale con 0 si está intacta y 2 (con cada problema en
español) si alguna fila se cambió o se borró fuera del programa: sirve en un respaldo o en
una tarea programada. La lógica vive en ``aprobacion/bitacora.py``.
"""

from __future__ import annotations

import re

import click

from ..aprobacion import bitacora as lectura
from ..aprobacion.estados import NOMBRES_DE_SENTIDO
from ..errores import ErrorDeUsuario
from ..registro import mostrable, motor, url_del_registro
from .grupo import CONTEXTO, Comando
from .opcion_registro import opcion_registro


@click.command(cls=Comando, context_settings=CONTEXTO)
@click.argument("caso", required=False, metavar="[CASO]")
@click.option("--verificar", is_flag=True, help="Comprueba la cadena de huellas de toda la bitácora.")
@click.option("--ancla", metavar="HUELLA",
              help="Con --verificar: la huella de una entrada anotada antes (la que mostró una verificación "
                   "anterior); si ya no está, se borraron entradas.")
@click.option("--diff", "con_diff", is_flag=True, help="Muestra el diff de cada guardado.")
@opcion_registro
def bitacora(caso: str | None, verificar: bool, ancla: str | None, con_diff: bool,
             registro: str | None = None) -> None:
    """Lo que pasó con un caso (CASO: el nombre de su archivo, p. ej. cta-40418.yaml), de lo
    más antiguo a lo más nuevo; con --verificar, si la bitácora sigue intacta.

    \b
    Ejemplos:
      resoluciones bitacora cta-40418.yaml --diff
      resoluciones bitacora --verificar
      resoluciones bitacora --verificar --ancla HUELLA
    """
    if not caso and not verificar:
        raise ErrorDeUsuario("diga de qué caso (el nombre de su archivo) o use --verificar")
    if ancla is not None and not verificar:
        raise ErrorDeUsuario("--ancla solo sirve con --verificar")
    if ancla is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", ancla.strip()):
        raise ErrorDeUsuario("--ancla: debe ser la huella completa de una entrada (64 caracteres hexadecimales), "
                             "como la mostró «resoluciones bitacora --verificar»")
    url = url_del_registro(registro)
    m = motor(url)
    if caso:
        entradas = lectura.de_caso(m, caso)
        if not entradas:
            click.echo(f"La bitácora de {mostrable(url)} no tiene entradas del caso «{caso}».", err=True)
        for e in entradas:
            click.echo(f"{e['momento']}  {e['usuario']:<16} {e['nombre_accion']}{_resumen(e['detalle'])}")
            if con_diff and e["detalle"].get("diff"):
                click.echo("    " + e["detalle"]["diff"].rstrip("\n").replace("\n", "\n    "))
    if verificar:
        problemas = lectura.verificar_cadena(m, ancla)
        if problemas:
            raise ErrorDeUsuario(f"la bitácora de {mostrable(url)} no está intacta:\n  " + "\n  ".join(problemas))
        click.echo(f"La bitácora de {mostrable(url)} está intacta: cada entrada corresponde a su huella"
                   + (" y la entrada de la ancla sigue en ella." if ancla else "."), err=True)
        fin = lectura.ultima(m)
        if fin is not None:
            cuantas = "Una entrada" if fin["entradas"] == 1 else f"{fin['entradas']} entradas"
            click.echo(f"{cuantas}; la última ({fin['id']}, {fin['momento']}, "
                       f"{lectura.NOMBRES_DE_ACCION.get(fin['accion'], fin['accion'])}) tiene la huella:\n"
                       f"{fin['huella']}", err=True)
            click.echo("Anótela fuera del servidor (un acta, un correo): borrar las últimas entradas no rompe la "
                       "cadena, pero con «--ancla» y esa huella se nota.", err=True)


def _resumen(detalle: dict) -> str:
    partes = []
    if detalle.get("reabierto"):
        partes.append(f"volvió a revisión (ronda {detalle.get('ronda')})")
    if detalle.get("sentido"):
        partes.append(NOMBRES_DE_SENTIDO.get(detalle["sentido"], detalle["sentido"]).lower())
    for clave in ("sesion", "motivo", "titular", "formato", "cuenta"):
        if detalle.get(clave):
            partes.append(str(detalle[clave]))
    if detalle.get("comentario"):
        partes.append(f"«{detalle['comentario']}»")
    return (": " + ", ".join(partes)) if partes else ""
