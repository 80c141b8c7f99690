"""La configuración del servidor de producción: un archivo TOML y variables de entorno.

Por qué aquí y no en opciones de la línea de comandos: un servicio (systemd, un servicio de
Windows) arranca siempre igual y se configura en un archivo que el administrador revisa; los
secretos (la clave de las cookies, la contraseña de PostgreSQL dentro de la URL) van mejor en
variables de entorno, que no quedan en un archivo legible. Por eso cada clave del archivo
tiene su variable ``RESOLUCIONES_…`` y la variable gana sobre el archivo (y una opción dada en
la línea de comandos, sobre las dos: lo decide ``cli/servir.py``).

Un error (una clave desconocida, un tipo que no es, un valor fuera de rango) se dice en
español con la clave y el archivo (o la variable), nunca se adivina: un servidor mal
configurado que arranca es peor que uno que no arranca.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errores import ErrorDeUsuario

SERVIDORES = ("gunicorn", "waitress")


def servidor_de_la_plataforma() -> str:
    """waitress en Windows (gunicorn no existe ahí); gunicorn en Linux y macOS."""
    return "waitress" if sys.platform == "win32" else "gunicorn"


@dataclass(frozen=True)
class Configuracion:
    """Lo que necesita el servidor de producción; los valores por omisión son los de ``servir``."""

    carpeta: Path = Path("casos")
    anfitrion: str = "127.0.0.1"
    puerto: int = 8000
    registro: str | None = None
    servidor: str = field(default_factory=servidor_de_la_plataforma)
    procesos: int | None = None  # None: uno por núcleo, hasta 4 (gunicorn); waitress siempre 1
    hilos: int = 4
    nombres_permitidos: tuple[str, ...] = ()
    cookie_segura: bool = True
    proxies_de_confianza: int = 0
    clave_secreta: str | None = field(default=None, repr=False)
    tsa: str | None = None
    conversores_pdf: int | None = None
    plazo_de_cierre: int = 10  # segundos para terminar las peticiones en curso al detenerse (gunicorn)


def _entero(minimo: int, maximo: int):
    def revisar(valor, desde_texto: bool):
        if desde_texto:
            if not re.fullmatch(r"\s*\d+\s*", valor):
                return None
            valor = int(valor)
        if isinstance(valor, bool) or not isinstance(valor, int) or not minimo <= valor <= maximo:
            return None
        return valor
    return revisar, f"un número entero de {minimo} a {maximo}"


def _booleano(valor, desde_texto: bool):
    if desde_texto:
        return {"1": True, "si": True, "sí": True, "true": True, "0": False, "no": False,
                "false": False}.get(valor.strip().lower())
    return valor if isinstance(valor, bool) else None


def _texto(valor, desde_texto: bool):
    return valor.strip() if isinstance(valor, str) and valor.strip() else None


def _url(valor, desde_texto: bool):
    valor = _texto(valor, desde_texto)
    return valor if valor and re.match(r"^https?://[^\s/]+", valor) else None


def _nombres(valor, desde_texto: bool):
    if desde_texto:
        valor = [n for n in valor.split(",")]
    if not isinstance(valor, list) or not all(isinstance(n, str) for n in valor):
        return None
    nombres = tuple(n.strip() for n in valor if n.strip())
    return nombres if all(re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+", n) for n in nombres) else None


def _servidor(valor, desde_texto: bool):
    valor = _texto(valor, desde_texto)
    return valor.lower() if valor and valor.lower() in SERVIDORES else None


def _clave(valor, desde_texto: bool):
    valor = _texto(valor, desde_texto)
    return valor if valor and len(valor) >= 32 else None


# clave del archivo → (variable de entorno, revisión, qué debe ser)
CLAVES = {
    "carpeta": ("RESOLUCIONES_CARPETA", _texto, "la ruta de la carpeta de los casos (texto)"),
    "anfitrion": ("RESOLUCIONES_ANFITRION", _texto, "una dirección IP o un nombre (texto), p. ej. \"127.0.0.1\""),
    "puerto": ("RESOLUCIONES_PUERTO", *_entero(1, 65535)),
    "registro": ("RESOLUCIONES_REGISTRO", _texto,
                 "la ruta de un archivo SQLite o una URL postgresql+psycopg://USUARIO@SERVIDOR/BASE (texto)"),
    "servidor": ("RESOLUCIONES_SERVIDOR", _servidor, "\"gunicorn\" o \"waitress\""),
    "procesos": ("RESOLUCIONES_PROCESOS", *_entero(1, 64)),
    "hilos": ("RESOLUCIONES_HILOS", *_entero(1, 64)),
    "nombres_permitidos": ("RESOLUCIONES_NOMBRES_PERMITIDOS", _nombres,
                           ("una lista de nombres o direcciones, p. ej. [\"resoluciones.ejemplo.gob.mx\"] "
                           "(en la variable, separados por comas)")),
    "cookie_segura": ("RESOLUCIONES_COOKIE_SEGURA", _booleano, "true o false (en la variable, 1 o 0)"),
    "proxies_de_confianza": ("RESOLUCIONES_PROXIES_DE_CONFIANZA", *_entero(0, 5)),
    "clave_secreta": ("RESOLUCIONES_CLAVE_SECRETA", _clave,
                      ("un texto secreto de al menos 32 caracteres; genere uno con: "
                      "python3 -c \"import secrets; print(secrets.token_urlsafe(48))\"")),
    "tsa": ("RESOLUCIONES_TSA", _url, "la URL http:// o https:// de una autoridad de sellado de tiempo"),
    "conversores_pdf": ("RESOLUCIONES_PDF_CONVERSORES", *_entero(1, 64)),
    "plazo_de_cierre": ("RESOLUCIONES_PLAZO_DE_CIERRE", *_entero(1, 600)),
}


def cargar(archivo: Path | None = None, entorno: Mapping[str, str] | None = None) -> Configuracion:
    """La configuración de ``archivo`` (si se da) con las variables de ``entorno`` encima."""
    entorno = os.environ if entorno is None else entorno
    valores: dict[str, object] = {}
    if archivo is not None:
        valores.update(_del_archivo(archivo))
    for clave, (variable, revisar, esperado) in CLAVES.items():
        texto = entorno.get(variable)
        if texto is None or not texto.strip():
            continue
        valor = revisar(texto, True)
        if valor is None:
            mostrado = "(oculto)" if clave == "clave_secreta" else texto
            raise ErrorDeUsuario(f"variable {variable}={mostrado}: debe ser {esperado}")
        valores[clave] = valor
    return _construir(valores)


def _del_archivo(archivo: Path) -> dict[str, object]:
    try:
        contenido = archivo.read_bytes()
    except OSError as exc:
        raise ErrorDeUsuario(f"{archivo}: no se pudo leer el archivo de configuración ({exc.strerror or exc})") \
            from None
    try:
        datos = tomllib.loads(contenido.decode("utf-8"))
    except UnicodeDecodeError:
        raise ErrorDeUsuario(f"{archivo}: el archivo de configuración no está en UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        donde = re.search(r"at line (\d+), column (\d+)", str(exc))
        lugar = f" (línea {donde.group(1)}, columna {donde.group(2)})" if donde else ""
        raise ErrorDeUsuario(f"{archivo}: no es un TOML válido{lugar}; revise comillas, corchetes y que cada "
                             "línea sea «clave = valor»") from None
    valores = {}
    for clave, valor in datos.items():
        if clave not in CLAVES:
            parecida = difflib.get_close_matches(clave, CLAVES, n=1)
            quiso = f"¿quiso decir «{parecida[0]}»? " if parecida else ""
            raise ErrorDeUsuario(f"{archivo}: clave desconocida «{clave}»; {quiso}las que se aceptan son: "
                                 + ", ".join(CLAVES))
        _, revisar, esperado = CLAVES[clave]
        revisado = revisar(valor, False)
        if revisado is None:
            mostrado = "(oculto)" if clave == "clave_secreta" else _mostrar(valor)
            raise ErrorDeUsuario(f"{archivo}: la clave «{clave}» debe ser {esperado} (se leyó {mostrado})")
        valores[clave] = revisado
    # Las rutas del archivo son relativas a él, no a la carpeta desde la que se arranca el servicio.
    for clave in ("carpeta", "registro"):
        valor = valores.get(clave)
        if isinstance(valor, str) and "://" not in valor and not Path(valor).expanduser().is_absolute():
            valores[clave] = str(archivo.resolve().parent / valor)
    if "clave_secreta" in valores:
        # Una clave en un archivo que otros pueden leer deja de ser secreta: se dice, no se calla.
        _revisar_permisos(archivo)
    return valores


def _mostrar(valor) -> str:
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, str):
        return f"«{valor[:80]}»"
    if isinstance(valor, dict):
        return "una tabla"
    return repr(valor)[:80]


def _revisar_permisos(archivo: Path) -> None:
    if os.name == "posix" and archivo.stat().st_mode & 0o004:
        raise ErrorDeUsuario(f"{archivo}: tiene la clave «clave_secreta» y cualquier usuario de la máquina puede "
                             f"leerlo; quite ese permiso (chmod o-r {archivo}) o ponga la clave en la variable "
                             "RESOLUCIONES_CLAVE_SECRETA (p. ej. en el EnvironmentFile del servicio)")


def _construir(valores: dict[str, object]) -> Configuracion:
    if "carpeta" in valores:
        valores["carpeta"] = Path(str(valores["carpeta"])).expanduser()
    return dataclasses.replace(Configuracion(), **valores)
