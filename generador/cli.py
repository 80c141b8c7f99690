"""El comando ``resoluciones``.

Última etapa de la tubería. Cada subcomando es delgado: lee argumentos, llama a
la tubería y traduce los errores. Un error de la entrada (``ErrorDeUsuario``) se
imprime en español, sin traza de Python, y sale con código 2. Los módulos pesados
(docxtpl, python-docx) se importan solo en el comando que los usa, para que
``--help``, ``fecha`` o ``esquema`` arranquen rápido.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

import click

from . import __version__
from .click_es import instalar as _espanol
from .errores import ErrorDeUsuario, fecha_iso

_espanol()

CONTEXTO = {"help_option_names": ["-h", "--ayuda", "--help"], "max_content_width": 100}


class _Comando(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


class _Grupo(click.Group):
    """Grupo que convierte los errores de usuario en un mensaje y código 2."""

    command_class = _Comando

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "COMANDO [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)

    # Subgrupos que se importan solo cuando se piden (``--help`` los importa para
    # su resumen): ``generar`` no paga el arranque del lote ni de las plantillas.
    perezosos = {
        "catalogo": ("generador.cli_catalogo", "catalogo"),
        "lote": ("generador.cli_lote", "lote"),
        "plantillas": ("generador.cli_plantillas", "plantillas"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.perezosos})

    def get_command(self, ctx: click.Context, nombre: str) -> click.Command | None:
        if nombre in self.perezosos and nombre not in self.commands:
            import importlib

            modulo, atributo = self.perezosos[nombre]
            self.add_command(getattr(importlib.import_module(modulo), atributo))
        return super().get_command(ctx, nombre)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ErrorDeUsuario as exc:
            click.echo(f"Error: {exc.texto()}", err=True)
            ctx.exit(exc.codigo_salida)
        except KeyboardInterrupt:
            click.echo("Cancelado.", err=True)
            ctx.exit(130)


@click.group(cls=_Grupo, context_settings=CONTEXTO)
@click.version_option(__version__, "-V", "--version", prog_name="resoluciones",
                      message="%(prog)s, versión %(version)s")
def principal() -> None:
    """Genera resoluciones de Comités de Transparencia en Word a partir de un
    expediente YAML y del catálogo de fundamentos.

    \b
    Ejemplos:
      resoluciones generar samples/cta-40418.yaml
      resoluciones validar samples/cta-40418.yaml
      resoluciones fecha 2018-11-21 --mayusculas
      resoluciones esquema > expediente.schema.json
    """


_opcion_catalogo = click.option(
    "--catalogo", "catalogos", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    metavar="CARPETA",
    help="Carpeta con entradas propias del catálogo (se puede repetir; también la variable "
         "RESOLUCIONES_CATALOGO).",
)


_opcion_plantillas = click.option(
    "--plantillas", "plantillas", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    metavar="CARPETA",
    help="Carpeta con perfiles de instituciones, bloques de texto o diseños de Word propios "
         "(se puede repetir; también la variable RESOLUCIONES_PLANTILLAS).",
)

_opcion_estricto = click.option(
    "--estricto", is_flag=True,
    help="Trata como errores las advertencias de vigencia (fundamentos no vigentes en la fecha).",
)


@principal.command(context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("-o", "--salida", type=click.Path(path_type=Path), metavar="SALIDA.docx",
              help="Archivo de salida (por omisión, <oficio>.docx en la carpeta actual).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de salida si ya existe.")
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (predeterminado) o pdf (con LibreOffice). Si falta, lo da la extensión de -o.")
@_opcion_estricto
@_opcion_catalogo
@_opcion_plantillas
def generar(caso: str, salida: Path | None, sobrescribir: bool, formato: str | None, estricto: bool,
            catalogos: tuple[Path, ...], plantillas: tuple[Path, ...]) -> None:
    """Genera la resolución en Word (.docx) o PDF del expediente CASO.yaml («-» lee la
    entrada estándar).

    Antes revisa el expediente: con errores no escribe nada; las advertencias se
    muestran y el documento se genera."""
    from .salida import escribir_atomico, nombre_de_archivo
    from .tuberia import generar_docx, leer_caso, revisar_caso

    formato = formato or (salida.suffix.lower().lstrip(".") if salida is not None and salida.suffix.lower()
                          in (".docx", ".pdf") else "docx")
    if salida is not None and salida.suffix.lower() != f".{formato}":
        raise ErrorDeUsuario(f"{salida}: con el formato {formato}, el nombre de la salida debe terminar en .{formato}")
    if formato == "pdf":
        from .pdf import buscar_soffice

        buscar_soffice()  # sin LibreOffice, el error sale antes de trabajar
    datos = leer_caso(caso, catalogos, plantillas)
    hallazgos = revisar_caso(datos, estricto=estricto)
    if any(h.nivel == "error" for h in hallazgos):
        click.echo("Error: el expediente tiene errores; no se generó el documento.", err=True)
        for hallazgo in hallazgos:
            click.echo(f"  • {hallazgo}", err=True)
        sys.exit(2)
    documento = generar_docx(datos)
    destino = salida or Path(nombre_de_archivo(datos.expediente.oficio) + f".{formato}")
    if not sobrescribir and destino.exists():
        escribir_atomico(destino, b"", sobrescribir=False)  # el mismo error claro, antes de convertir
    if formato == "pdf":
        from .pdf import docx_a_pdf

        documento = docx_a_pdf(documento, nombre_de_archivo(datos.expediente.oficio))
    escribir_atomico(destino, documento, sobrescribir=sobrescribir)
    for hallazgo in hallazgos:
        click.echo(str(hallazgo), err=True)
    click.echo(f"Resolución escrita en {destino}")


@principal.command(context_settings=CONTEXTO)
@click.argument("caso", metavar="CASO.yaml")
@click.option("--json", "como_json", is_flag=True, help="Imprime los hallazgos como JSON.")
@_opcion_estricto
@_opcion_catalogo
@_opcion_plantillas
def validar(caso: str, como_json: bool, estricto: bool, catalogos: tuple[Path, ...],
            plantillas: tuple[Path, ...]) -> None:
    """Revisa el expediente: formato, fechas, tipos, referencias al catálogo y vigencia
    de los fundamentos en la fecha de la resolución.

    Sale con 0 si no hay hallazgos, 1 si solo hay advertencias y 2 si hay errores."""
    from .revision import Hallazgo, codigo_de_salida
    from .tuberia import generar_docx, leer_caso, revisar_caso

    def como_hallazgos(exc: ErrorDeUsuario, codigo: str) -> list[Hallazgo]:
        return [Hallazgo("error", codigo, p.mensaje, p.ubicacion.campo, p.ubicacion.linea, p.ubicacion.archivo)
                for p in exc.problemas]

    nombre = caso
    try:
        datos = leer_caso(caso, catalogos, plantillas)
    except ErrorDeUsuario as exc:
        # Un expediente ilegible o mal formado también es un hallazgo: el informe de
        # validar sale completo en la salida estándar, con o sin --json.
        hallazgos = como_hallazgos(exc, "EXP-01")
    else:
        nombre = datos.documento.archivo
        hallazgos = revisar_caso(datos, estricto=estricto)
        # Se redacta el documento en memoria, sin escribirlo: así validar encuentra todo
        # lo que haría fallar a generar (perfil, variables de cláusulas, plantillas).
        try:
            generar_docx(datos)
        except ErrorDeUsuario as exc:
            hallazgos += como_hallazgos(exc, "GEN-01")
    codigo = codigo_de_salida(hallazgos)
    if como_json:
        click.echo(json.dumps({"archivo": nombre, "valido": codigo != 2,
                               "hallazgos": [h.como_dict() for h in hallazgos]}, ensure_ascii=False, indent=2))
    else:
        for hallazgo in hallazgos:
            click.echo(str(hallazgo))
        if codigo == 0:
            click.echo(f"{nombre}: el expediente es válido, sin hallazgos.")
        else:
            errores = sum(h.nivel == "error" for h in hallazgos)
            click.echo(f"{nombre}: {errores} error(es), {len(hallazgos) - errores} advertencia(s).")
    sys.exit(codigo)


@principal.command(context_settings=CONTEXTO)
@click.argument("fecha", metavar="AAAA-MM-DD")
@click.option("--mayusculas", is_flag=True, help="En mayúsculas, como en el cierre de una resolución.")
@click.option("--dia-uno", is_flag=True, help="Escribe el día 1 como «uno» en lugar de «primero».")
def fecha(fecha: str, mayusculas: bool, dia_uno: bool) -> None:
    """Escribe una fecha con palabras: 2018-11-21 → veintiuno de noviembre de dos mil dieciocho."""
    from .letras import fecha_con_letras

    dia = fecha_iso(fecha, "FECHA")
    click.echo(fecha_con_letras(dia, mayusculas=mayusculas, primero=not dia_uno))


@principal.command(context_settings=CONTEXTO)
@click.option("--tipo", default="reserva", show_default=True, metavar="TIPO",
              help="Tipo de resolución: reserva, confidencial, mixta, inexistencia, ampliacion, incompetencia "
                   "o acta (y los que añadan sus plantillas en nuevos/).")
@click.option("--institucion", required=True, metavar="ID", help="Id del perfil de la institución (p. ej. sre).")
@click.option("--fecha", "fecha_texto", metavar="AAAA-MM-DD", help="Fecha de la resolución (por omisión, hoy).")
@click.option("--consecutivo", type=click.IntRange(1, 10**9), metavar="N",
              help="Número consecutivo del oficio, con el patrón del perfil («patron_oficio»).")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path), metavar="CASO.yaml",
              help="Archivo que se escribe (por omisión, la salida estándar).")
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo si ya existe.")
@_opcion_plantillas
def nuevo(tipo: str, institucion: str, fecha_texto: str | None, consecutivo: int | None, salida: Path | None,
          sobrescribir: bool, plantillas: tuple[Path, ...]) -> None:
    """Escribe un expediente en blanco, comentado, con cada campo que el tipo necesita.
    Después, «resoluciones validar» dice campo por campo qué falta."""
    from .nuevo import esqueleto
    from .salida import escribir_atomico

    dia = _dt.date.today()
    if fecha_texto is not None:
        dia = fecha_iso(fecha_texto, "--fecha")
    texto = esqueleto(tipo, institucion, dia, str(salida or "caso.yaml"), list(plantillas), consecutivo)
    if salida is None:
        click.echo(texto, nl=False)
        return
    escribir_atomico(salida, texto.encode("utf-8"), sobrescribir=sobrescribir)
    click.echo(f"Expediente en blanco escrito en {salida}; llénelo y revíselo con: resoluciones validar {salida}",
               err=True)


@principal.command(context_settings=CONTEXTO)
@click.option("--puerto", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Puerto.")
@click.option("--carpeta", type=click.Path(file_okay=False, path_type=Path), default=Path("casos"),
              show_default=True, metavar="CASOS", help="Carpeta de los casos (se crea si no existe).")
@click.option("--anfitrion", default="127.0.0.1", show_default=True, metavar="IP",
              help="Dirección en que escucha; por omisión solo esta computadora. Otra exige --token.")
@click.option("--token", envvar="RESOLUCIONES_TOKEN", default=None, metavar="SECRETO",
              help="Secreto que toda persona debe dar para entrar; obligatorio para escuchar más allá de "
                   "esta computadora. Mejor en la variable RESOLUCIONES_TOKEN, que no se ve en la lista de procesos.")
@click.option("--nombre-permitido", "nombres", multiple=True, metavar="NOMBRE",
              help="Nombre (o IP) con que otras computadoras abren la página, además de 127.0.0.1 y "
                   "localhost; se puede repetir. Cualquier otro recibe un error (protege del DNS rebinding).")
@_opcion_catalogo
@_opcion_plantillas
def servir(puerto: int, carpeta: Path, anfitrion: str, token: str | None, nombres: tuple[str, ...],
           catalogos: tuple[Path, ...], plantillas: tuple[Path, ...]) -> None:
    """Abre la aplicación web para redactar en el navegador: http://127.0.0.1:8000."""
    from .web import crear_servidor
    from .web.seguridad import es_local

    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorDeUsuario(f"{carpeta}: no se pudo crear la carpeta de casos ({exc.strerror})") from None
    servidor = crear_servidor(carpeta, puerto, anfitrion, list(catalogos), list(plantillas), token=token or None,
                              nombres=nombres)
    if not es_local(anfitrion):
        click.echo(f"Aviso: escuchando en {anfitrion}: otras computadoras de la red podrán abrir la aplicación "
                   "con el token. Sin https, el token y los casos viajan sin cifrar: use un proxy con https.",
                   err=True)
        if not nombres:
            click.echo("Aviso: sin --nombre-permitido, solo se acepta la página abierta como 127.0.0.1 o "
                       f"{anfitrion}.", err=True)
    direccion = f"[{anfitrion}]" if ":" in anfitrion else anfitrion
    entrada = " y escriba el token" if token else ""
    click.echo(f"Abra http://{direccion}:{puerto} en su navegador{entrada} (Ctrl+C para terminar). "
               f"Casos en {carpeta}.", err=True)
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.", err=True)
    finally:
        servidor.server_close()


@principal.command(context_settings=CONTEXTO)
def esquema() -> None:
    """Imprime el JSON Schema del expediente (para autocompletar en el editor)."""
    from .expediente import esquema_json

    click.echo(json.dumps(esquema_json(), ensure_ascii=False, indent=2))


def main() -> None:  # pragma: no cover - punto de entrada alternativo
    principal(prog_name="resoluciones")


if __name__ == "__main__":  # pragma: no cover
    main()
