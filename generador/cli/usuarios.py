"""``resoluciones usuarios``: las cuentas del servidor de la unidad (crear, listar, desactivar,
cambiar la contraseña y el RFC), para quien administra la base del registro.

La contraseña nunca va en la línea de órdenes (la vería cualquiera en la lista de procesos):
se pide dos veces sin mostrarla, o se lee de ``RESOLUCIONES_CONTRASENA`` para scripts. La
lógica vive en ``cuentas/usuarios.py``; aquí solo la terminal.
"""

from __future__ import annotations

import getpass
import os

import click

from ..cuentas import usuarios as cuentas
from ..cuentas.roles import NOMBRES_DE_ROL, ROLES
from ..errores import ErrorDeUsuario
from ..registro import mostrable, motor, url_del_registro
from .grupo import CONTEXTO, Grupo
from .opcion_registro import opcion_registro

VARIABLE_CONTRASENA = "RESOLUCIONES_CONTRASENA"


@click.group(cls=Grupo, context_settings=CONTEXTO)
def usuarios() -> None:
    """Las cuentas de quienes usan la página: con al menos una cuenta activa, la página pide
    entrar con usuario y contraseña; sin ninguna, es de una sola persona (en esta computadora).

    \b
    Roles: administrador, redactor, integrante (del Comité), lector.
    Ejemplo: resoluciones usuarios crear mlopez --rol redactor --nombre "María López"
    Un integrante necesita el RFC de su e.firma para firmar: --rfc al crear, o «usuarios rfc».
    """


def _quien() -> str:
    """Quién hizo el cambio, para la bitácora: la cuenta del sistema que corre el comando."""
    try:
        return f"terminal:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "terminal"


def _contrasena(pregunta: str) -> str:
    propia = os.environ.get(VARIABLE_CONTRASENA)
    if propia is not None:
        return propia
    primera = click.prompt(pregunta, hide_input=True, err=True)
    if click.prompt("Repita la contraseña", hide_input=True, err=True) != primera:
        raise ErrorDeUsuario("las dos contraseñas no coinciden; no se cambió nada")
    return primera


def _motor(registro: str | None):
    return motor(url_del_registro(registro))


@usuarios.command(name="crear")
@click.argument("nombre_usuario", metavar="NOMBRE")
@click.option("--rol", type=click.Choice(ROLES), required=True, help="Lo que podrá hacer la cuenta.")
@click.option("--nombre", default="", metavar="TEXTO", help="Nombre completo, como se muestra y firma.")
@click.option("--cargo", default="", metavar="TEXTO", help="Cargo (p. ej. «Titular de la Unidad de Transparencia»).")
@click.option("--preside", is_flag=True, help="Preside el Comité (solo con --rol integrante).")
@click.option("--correo", default=None, metavar="CORREO", help="Correo electrónico (opcional).")
@click.option("--rfc", default=None, metavar="RFC",
              help="RFC de su e.firma (13 caracteres); un integrante solo firma con la e.firma de ese RFC.")
@opcion_registro
def crear(nombre_usuario, rol, nombre, cargo, preside, correo, rfc, registro):
    """Crea una cuenta activa. La contraseña (mínimo 12 caracteres) se pide dos veces sin mostrarla."""
    if rfc is not None:
        rfc = cuentas.normalizar_rfc(rfc)  # antes de pedir la contraseña
    base = _motor(registro)
    if cuentas.buscar(base, nombre_usuario) is not None:
        raise ErrorDeUsuario(f"ya existe la cuenta «{cuentas.normalizar(nombre_usuario)}» (una cuenta desactivada "
                             "no se borra; elija otro nombre)")
    primera = not cuentas.hay_activas(base)
    cuenta = cuentas.crear(base, nombre_usuario, _contrasena("Contraseña de la cuenta"), rol=rol, nombre=nombre,
                           cargo=cargo, preside=preside, correo=correo, rfc=rfc, por=_quien())
    click.echo(f"Cuenta «{cuenta.nombre_usuario}» creada ({NOMBRES_DE_ROL[cuenta.rol]}).")
    if cuenta.rol == "integrante" and not cuenta.rfc:
        click.echo(f"Sin RFC, no podrá firmar: póngalo con «resoluciones usuarios rfc {cuenta.nombre_usuario} RFC».",
                   err=True)
    if primera:
        click.echo("Es la primera cuenta activa: desde ahora la página pide entrar con usuario y contraseña.",
                   err=True)


@usuarios.command(name="listar")
@opcion_registro
def listar(registro):
    """Lista las cuentas, activas y desactivadas."""
    url = url_del_registro(registro)
    lista = cuentas.listar(motor(url))
    if not lista:
        click.echo(f"El registro {mostrable(url)} no tiene cuentas: la página es de una sola persona "
                   "(créelas con «resoluciones usuarios crear»).")
        return
    for c in lista:
        estado = "activa" if c.activo else "desactivada"
        acceso = c.ultimo_acceso.strftime("%Y-%m-%d %H:%M UTC") if c.ultimo_acceso else "nunca"
        extra = ", preside" if c.preside else ""
        rfc = f"RFC {c.rfc}  " if c.rfc else ("sin RFC (no puede firmar)  " if c.rol == "integrante" else "")
        click.echo(f"{c.nombre_usuario}  {NOMBRES_DE_ROL.get(c.rol, c.rol)}{extra}  {estado}  "
                   f"«{c.nombre}»{' — ' + c.cargo if c.cargo else ''}  {rfc}(último acceso: {acceso})")


@usuarios.command(name="desactivar")
@click.argument("nombre_usuario", metavar="NOMBRE")
@opcion_registro
def desactivar(nombre_usuario, registro):
    """Desactiva una cuenta (nunca se borra: la bitácora la nombra) y cierra sus sesiones abiertas."""
    cerradas = cuentas.desactivar(_motor(registro), nombre_usuario, por=_quien())
    click.echo(f"Cuenta «{cuentas.normalizar(nombre_usuario)}» desactivada; sesiones cerradas: {cerradas}.")


@usuarios.command(name="contrasena")
@click.argument("nombre_usuario", metavar="NOMBRE")
@opcion_registro
def contrasena(nombre_usuario, registro):
    """Pone una contraseña nueva a una cuenta y cierra sus sesiones abiertas."""
    base = _motor(registro)
    if cuentas.buscar(base, nombre_usuario) is None:
        raise ErrorDeUsuario(f"no existe la cuenta «{nombre_usuario}»; vea las que hay con: resoluciones usuarios "
                             "listar")
    cerradas = cuentas.cambiar_contrasena(base, nombre_usuario, _contrasena("Contraseña nueva"), por=_quien())
    click.echo(f"Contraseña de «{cuentas.normalizar(nombre_usuario)}» cambiada; sesiones cerradas: {cerradas}.")


@usuarios.command(name="rfc")
@click.argument("nombre_usuario", metavar="NOMBRE")
@click.argument("rfc", metavar="RFC")
@opcion_registro
def rfc(nombre_usuario, rfc, registro):
    """Pone o cambia el RFC de una cuenta: el de su e.firma (un integrante solo firma con la suya)."""
    nuevo = cuentas.cambiar_rfc(_motor(registro), nombre_usuario, rfc, por=_quien())
    click.echo(f"RFC de «{cuentas.normalizar(nombre_usuario)}»: {nuevo}.")
