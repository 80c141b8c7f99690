"""Los tipos de campo del expediente y la base de sus modelos.

Texto sin caracteres que Word no puede abrir ni campos vacíos, fechas dentro del
calendario que los plazos necesitan, títulos de campo en español para el JSON Schema y la
página web, y un modelo que rechaza los campos desconocidos (casi siempre errores de
escritura).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any

from ..modelos.base import AfterValidator, BaseModel, ConfigDict, Field

# Caracteres que XML 1.0 no admite (y que Word no puede abrir): controles C0
# salvo tabulador y saltos de línea, sustitutos sueltos y U+FFFE/U+FFFF.
PROHIBIDOS_EN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Tamaño máximo de un campo de texto: holgado para una respuesta larga, pero
# evita que un archivo dañado produzca un documento de miles de páginas.
MAX_CARACTERES_CAMPO = 2_000_000


# Los que cambian la dirección del texto (incrustaciones, sustituciones y aislamientos
# bidireccionales): un U+202E en un nombre hace que se lea otra cosa de lo que dice, en la
# página, en Word y en el registro. Ningún texto de una resolución en español los necesita.
DIRECCION_DEL_TEXTO = re.compile("[\u202a-\u202e\u2066-\u2069]")


# Los dos, en una sola pasada por el texto (se valida cada campo de cada expediente).
_NO_PERMITIDOS = re.compile(f"{PROHIBIDOS_EN_XML.pattern}|{DIRECCION_DEL_TEXTO.pattern}")


def texto_valido(valor: str) -> str:
    encontrado = _NO_PERMITIDOS.search(valor)
    if encontrado:
        caracter = encontrado.group()
        if DIRECCION_DEL_TEXTO.match(caracter):
            raise ValueError(
                f"contiene un carácter invisible que cambia la dirección del texto (U+{ord(caracter):04X}) "
                f"en la posición {encontrado.start() + 1}: el texto se vería distinto de lo que dice. Quítelo"
            )
        raise ValueError(
            f"contiene un carácter de control no permitido (U+{ord(caracter):04X}) en la "
            f"posición {encontrado.start() + 1}; Word no puede guardarlo. Quítelo del texto"
        )
    return valor


def _una_linea(valor: str) -> str:
    salto = next((i for i, c in enumerate(valor) if c in "\n\r"), None)
    if salto is not None:
        raise ValueError(f"va en una sola línea (tiene un salto de línea en la posición {salto + 1})")
    return valor


def _no_vacio(valor: str) -> str:
    if not valor.strip():
        raise ValueError("no puede estar vacío")
    return valor


Texto = Annotated[
    str, Field(max_length=MAX_CARACTERES_CAMPO), AfterValidator(texto_valido),
    AfterValidator(_no_vacio),
]
"""Texto de una línea o de varias, sin formato."""

Linea = Annotated[
    str, Field(max_length=MAX_CARACTERES_CAMPO), AfterValidator(texto_valido), AfterValidator(_no_vacio),
    AfterValidator(_una_linea),
]
"""Texto de una sola línea: el número de oficio y el folio, que dan el nombre del archivo, la
clave del registro y el encabezado de cada página."""

Iniciales = Annotated[
    str, Field(max_length=40), AfterValidator(texto_valido), AfterValidator(_no_vacio),
]
"""Las iniciales de quien elaboró y revisó («JFH/rgp»): un texto de hasta 40 caracteres. El
límite va en el texto mismo (no sobre ``Texto | None``, donde pydantic lo revisaba con una
función suya que el validador guardado tendría que importar de pydantic)."""

TextoConFormato = Annotated[
    str,
    Field(
        max_length=MAX_CARACTERES_CAMPO,
        description=(
            "Texto con formato ligero: párrafos separados por una línea en blanco; "
            "viñetas con «- » al inicio de la línea (dos espacios más de sangría por "
            "cada nivel); **negritas** entre dobles asteriscos."
        ),
    ),
    AfterValidator(texto_valido),
    AfterValidator(_no_vacio),
]

# El calendario de Python termina el 31 de diciembre de 9999 (y empieza en el año 1): una
# fecha cerca de los bordes haría que los plazos que se cuentan desde ella (hasta cinco años
# de reserva, los días hábiles de una ampliación, el día anterior al vencimiento) se salgan
# de él a mitad de la revisión o del documento. Se rechaza al leer, con el campo.
FECHA_MINIMA = _dt.date(1900, 1, 1)
FECHA_MAXIMA = _dt.date(9989, 12, 31)


def fecha_en_rango(valor: _dt.date) -> _dt.date:
    if not FECHA_MINIMA <= valor <= FECHA_MAXIMA:
        raise ValueError(
            f"la fecha debe estar entre {FECHA_MINIMA.isoformat()} y {FECHA_MAXIMA.isoformat()}: los plazos que "
            "se cuentan desde ella (años de reserva, días hábiles) deben caber en el calendario, que termina en 9999"
        )
    return valor


Fecha = Annotated[_dt.date, AfterValidator(fecha_en_rango)]
"""Una fecha AAAA-MM-DD del expediente."""

IdCatalogo = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_\-]+)*$",
        description="Id de una entrada del catálogo de fundamentos, p. ej. «lftaip.110.I».",
    ),
]


# Títulos del JSON Schema con sus acentos (los editores los muestran al autocompletar).
_CON_ACENTO = {
    "anios": "años", "senalada": "señalada", "interes": "interés", "publico": "público",
    "numero": "número", "institucion": "institución", "clasificacion": "clasificación",
    "clasificaciones": "clasificaciones", "descripcion": "descripción", "motivacion": "motivación",
    "fundamentacion": "fundamentación", "resolucion": "resolución", "reproduccion": "reproducción",
    "version": "versión", "dano": "daño", "omision": "omisión", "relacion": "relación",
    "genero": "género", "sesion": "sesión", "clausula": "cláusula", "categorias": "categorías",
    "honorifico": "honorífico", "publica": "pública", "busqueda": "búsqueda", "determinacion": "determinación",
    "votacion": "votación", "informacion": "información", "ampliacion": "ampliación",
    "instruccion": "instrucción",
}


_TITULOS = {
    "periodo_reserva": "Periodo de reserva", "orden_citas": "Orden de las citas", "prueba_de_dano": "Prueba de daño",
    "version_publica": "Versión pública", "fundamentacion_resolucion": "Fundamentación jurídica de la resolución",
    "genero_cargo": "Género del cargo suplido", "senalada_por": "Señalada por la unidad",
    "en_relacion_con": "En relación con", "omision_final": "Termina con «...» (texto omitido)",
    "version_formato": "Versión del formato", "hora_inicio": "Hora de inicio", "hora_cierre": "Hora de cierre",
    "orden_del_dia": "Orden del día", "dias_respuesta": "Días de respuesta", "dias_ampliacion": "Días de ampliación",
    "fecha_presentacion": "Fecha de presentación", "fecha_inicio": "Fecha de inicio",
    "manifiesta_excepciones": "Manifiesta que no hay violaciones graves ni corrupción",
    "notificar_oic": "Dar vista al órgano interno de control",
}


def titulo_de_campo(nombre: str, *_: Any) -> str:
    if nombre in _TITULOS:
        return _TITULOS[nombre]
    palabras = [_CON_ACENTO.get(p, p) for p in nombre.split("_")]
    return " ".join(palabras).capitalize()


class Modelo(BaseModel):
    # Un campo desconocido es casi siempre un error de escritura («fundamento» por
    # «fundamentos»): se rechaza en lugar de ignorarlo.
    # defer_build: el validador de cada modelo se arma la primera vez que se usa, no al
    # importar. Validar un expediente arma el de ``Expediente`` (con sus partes adentro); los
    # de las partes sueltas casi nunca hacen falta, y armarlos costaba en cada arranque en frío.
    model_config = ConfigDict(extra="forbid", frozen=True, field_title_generator=titulo_de_campo, defer_build=True)
