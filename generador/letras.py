"""Números, fechas y cantidades escritos con palabras, en español de México.

num2words es la base (convierte cada grupo de tres cifras), pero se equivoca en
casos que los documentos jurídicos usan a diario, así que aquí se corrige:

* apócope ante *mil*, *millón(es)* y ante sustantivo masculino:
  ``21000`` → "veintiún mil" (num2words: "veintiuno mil"),
  ``21 000 000`` → "veintiún millones", "veintiún pesos", "un peso";
* concordancia femenina: "veintiuna fojas", "doscientas cuarenta y cinco fojas",
  "doscientas mil fojas" (el millón es masculino: "doscientos millones de fojas");
* "de" tras millón o millones exactos: "un millón de pesos";
* el día 1 de un mes se escribe "primero" (uso de los documentos mexicanos).

Referencia: RAE, *Diccionario panhispánico de dudas*, s. v. «uno», «veintiuno»,
«cientos»; *Nueva gramática*, § 21.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.util
import sys
import types
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)

MASCULINO = "m"
FEMENINO = "f"

# Mayor número que se escribe con palabras: billones (10**12) ya no aparecen en
# resoluciones y num2words los nombra de forma inconsistente.
MAXIMO = 10**12 - 1


_ESPANOL = None  # el convertidor de num2words para el español, al primer número


def _convertidor_espanol():
    """Solo la parte en español de num2words (y lo que ella importa: la base y las monedas).

    ``import num2words`` carga sus 56 idiomas (~20 ms en cada ``generar``) y solo se usa
    uno. Importar ``num2words.lang_ES`` no basta (primero corre el ``__init__`` del paquete,
    que los carga todos), así que sus archivos se cargan bajo otro nombre de paquete, sin
    ese ``__init__``: ``num2words`` queda intacto para quien lo importe de verdad. Si otra
    versión cambia esa disposición, se usa el paquete completo."""
    completo = sys.modules.get("num2words")
    if completo is not None and hasattr(completo, "CONVERTER_CLASSES"):
        return completo.CONVERTER_CLASSES["es"]
    try:
        lugar = importlib.util.find_spec("num2words")
        paquete = types.ModuleType("_num2words_es")
        paquete.__path__ = list(lugar.submodule_search_locations)
        sys.modules.setdefault("_num2words_es", paquete)
        return importlib.import_module("_num2words_es.lang_ES").Num2Word_ES()
    except (ImportError, AttributeError, TypeError):
        from num2words import CONVERTER_CLASSES

        return CONVERTER_CLASSES["es"]


def _cardinal(n: int) -> str:
    """``num2words(n, lang="es")`` con solo el español cargado."""
    global _ESPANOL
    if _ESPANOL is None:
        _ESPANOL = _convertidor_espanol()
    return _ESPANOL.to_cardinal(n)


def _grupo(n: int, genero: str, apocope: bool) -> str:
    """Escribe 1..999 con el género y la apócope pedidos."""
    palabras = _cardinal(n)
    if genero == FEMENINO:
        # "doscientos" → "doscientas"; el "uno" final → "una" ("veintiuna", "treinta y una").
        palabras = palabras.replace("ientos", "ientas")
        if palabras.endswith("veintiuno"):
            palabras = palabras[: -len("veintiuno")] + "veintiuna"
        elif palabras == "uno" or palabras.endswith(" uno"):
            palabras = palabras[:-3] + "una"
    elif apocope:
        if palabras.endswith("veintiuno"):
            palabras = palabras[: -len("veintiuno")] + "veintiún"
        elif palabras == "uno" or palabras.endswith(" uno"):
            palabras = palabras[:-3] + "un"
    return palabras


def _antes_de_mil(n: int, genero: str) -> str:
    """El multiplicador de *mil*: concuerda en centenas, apocopa el "uno" final.

    "doscientas mil fojas", pero "veintiún mil fojas" (forma recomendada por la RAE
    ante *mil* incluso con sustantivo femenino) y "veintiún mil pesos".
    """
    palabras = _grupo(n, genero, apocope=True)
    if palabras.endswith("veintiuna"):
        palabras = palabras[: -len("veintiuna")] + "veintiún"
    elif palabras == "una" or palabras.endswith(" una"):
        palabras = palabras[:-3] + "un"
    return palabras


def cardinal(numero: int, genero: str = MASCULINO, apocope: bool = False) -> str:
    """Número cardinal con palabras.

    ``genero`` es el del sustantivo que cuenta ("m" o "f"); ``apocope`` indica que
    el número precede a un sustantivo masculino ("veintiún días", "un peso").
    """
    if isinstance(numero, bool) or not isinstance(numero, int):
        raise TypeError("cardinal() espera un número entero")
    if numero < 0:
        return "menos " + cardinal(-numero, genero, apocope)
    if numero > MAXIMO:
        raise ValueError(f"{numero} es demasiado grande para escribirlo con palabras")
    if numero == 0:
        return "cero"
    millones, resto = divmod(numero, 10**6)
    miles, unidades = divmod(resto, 1000)
    partes: list[str] = []
    if millones:
        if millones == 1:
            partes.append("un millón")
        else:
            # El millón es masculino: "veintiún millones", "doscientos millones".
            partes.append(cardinal(millones, MASCULINO, apocope=True) + " millones")
    if miles:
        partes.append("mil" if miles == 1 else _antes_de_mil(miles, genero) + " mil")
    if unidades:
        partes.append(_grupo(unidades, genero, apocope))
    return " ".join(partes)


def cantidad(numero: int, singular: str, plural: str, genero: str = MASCULINO) -> str:
    """Número y sustantivo concordados: "veintiuna fojas", "un millón de pesos"."""
    palabras = cardinal(numero, genero, apocope=(genero == MASCULINO))
    sustantivo = singular if numero == 1 else plural
    if numero and numero % 10**6 == 0:
        return f"{palabras} de {sustantivo}"
    return f"{palabras} {sustantivo}"


def dia_con_letras(dia: int, primero: bool = True) -> str:
    """El día del mes: 1 → "primero" (o "uno"), 21 → "veintiuno"."""
    if not 1 <= dia <= 31:
        raise ValueError(f"día fuera de rango: {dia}")
    if dia == 1 and primero:
        return "primero"
    return cardinal(dia)


def fecha_con_letras(fecha: _dt.date, *, mayusculas: bool = False, primero: bool = True) -> str:
    """``2018-11-21`` → "veintiuno de noviembre de dos mil dieciocho"."""
    texto = (
        f"{dia_con_letras(fecha.day, primero)} de {MESES[fecha.month - 1]} "
        f"de {cardinal(fecha.year)}"
    )
    return texto.upper() if mayusculas else texto


def fecha_con_cifras(fecha: _dt.date) -> str:
    """``2018-11-20`` → "20 de noviembre de 2018" (sin ceros a la izquierda)."""
    return f"{fecha.day} de {MESES[fecha.month - 1]} de {fecha.year}"


def fecha_mixta(fecha: _dt.date) -> str:
    """Cifras y letras, estilo de varios órganos estatales:
    "13 trece de agosto de 2020 dos mil veinte"."""
    return (
        f"{fecha.day} {dia_con_letras(fecha.day, primero=False)} de {MESES[fecha.month - 1]} "
        f"de {fecha.year} {cardinal(fecha.year)}"
    )


def fecha_con_estilo(fecha: _dt.date, estilo: str = "cifras", *, mes_primero: bool = False,
                     cero_inicial: bool = False, mayusculas: bool = False) -> str:
    """Una fecha como la escribe cada institución (opciones ``fechas`` del perfil):

    * ``cifras`` «20 de noviembre de 2018»; ``letras`` «veintiuno de noviembre de dos mil
      dieciocho»; ``mixta`` «13 trece de agosto de 2020 dos mil veinte»;
    * ``mes_primero`` «agosto 15 de 2011» (uso de varias secretarías en los oficios);
    * ``cero_inicial`` «04 de julio de 2020» (día con dos cifras, en cifras y en mixta).

    Sin opciones da lo mismo que ``fecha_con_cifras``, ``fecha_con_letras`` y ``fecha_mixta``.
    """
    if estilo not in ("cifras", "letras", "mixta"):
        raise ValueError(f"estilo de fecha desconocido: «{estilo}» (cifras, letras o mixta)")
    dia_cifras = f"{fecha.day:02d}" if cero_inicial else str(fecha.day)
    mes = MESES[fecha.month - 1]
    if estilo == "cifras":
        dia, anio = dia_cifras, str(fecha.year)
    elif estilo == "letras":
        dia, anio = dia_con_letras(fecha.day), cardinal(fecha.year)
    else:
        dia = f"{dia_cifras} {dia_con_letras(fecha.day, primero=False)}"
        anio = f"{fecha.year} {cardinal(fecha.year)}"
    texto = f"{mes} {dia} de {anio}" if mes_primero else f"{dia} de {mes} de {anio}"
    return texto.upper() if mayusculas else texto


def hora_con_estilo(hora: str, estilo: str = "letras") -> str:
    """Una hora del reloj de 24 horas como la escribe la institución: ``letras`` «las diez
    horas con treinta minutos», ``cifras`` «las 10:30 horas», ``mixta`` «las 10:30 diez horas
    con treinta minutos» (actas estatales: «siendo las 10:00 diez horas»)."""
    if estilo == "letras":
        return hora_con_letras(hora)
    if estilo not in ("cifras", "mixta"):
        raise ValueError(f"estilo de hora desconocido: «{estilo}» (letras, cifras o mixta)")
    horas, minutos = (int(p) for p in hora.split(":"))
    cifras = f"{horas:02d}:{minutos:02d}"
    articulo = "la" if horas == 1 else "las"
    if estilo == "cifras":
        return f"{articulo} {cifras} horas"
    palabras = hora_con_letras(hora).split(" ", 1)[1]  # sin el artículo: «diez horas con…»
    return f"{articulo} {cifras} {palabras}"


def _miles_con_comas(entero: int) -> str:
    return f"{entero:,}"


def moneda(importe: "Decimal | int | float | str") -> str:
    """Importe en pesos mexicanos con su leyenda:
    ``1234.5`` → "$1,234.50 (MIL DOSCIENTOS TREINTA Y CUATRO PESOS 50/100 M.N.)".
    """
    try:
        valor = Decimal(str(importe)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"importe no válido: {importe!r}") from exc
    if valor < 0:
        raise ValueError("el importe no puede ser negativo")
    pesos = int(valor)
    centavos = int((valor - pesos) * 100)
    if pesos == 0:
        letras = "cero pesos"
    else:
        letras = cantidad(pesos, "peso", "pesos")
    return f"${_miles_con_comas(pesos)}.{centavos:02d} ({letras.upper()} {centavos:02d}/100 M.N.)"


def hora_con_letras(hora: str) -> str:
    """``"11:30"`` → "las once horas con treinta minutos"; ``"13:00"`` → "las trece horas";
    ``"01:05"`` → "la una hora con cinco minutos" (reloj de 24 horas)."""
    horas, minutos = (int(p) for p in hora.split(":"))
    if not (0 <= horas <= 23 and 0 <= minutos <= 59):
        raise ValueError(f"hora fuera de rango: {hora}")
    if horas == 1:
        texto = "la una hora"
    else:
        texto = f"las {cardinal(horas, FEMENINO)} horas" if horas else "las cero horas"
    if minutos:
        texto += " con " + ("un minuto" if minutos == 1 else f"{cardinal(minutos, apocope=True)} minutos")
    return texto


_ORDINALES_UNIDADES = (
    "", "primero", "segundo", "tercero", "cuarto", "quinto",
    "sexto", "séptimo", "octavo", "noveno",
)
_ORDINALES_DECENAS = (
    "", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo",
    "sexagésimo", "septuagésimo", "octogésimo", "nonagésimo",
)


def ordinal(numero: int, *, mayuscula_inicial: bool = False, titulo: bool = False,
            genero: str = MASCULINO) -> str:
    """Ordinal con palabras hasta 99: 17 → "décimo séptimo" ("décima séptima" en femenino).

    ``titulo=True`` pone mayúscula a cada palabra, como se citan los numerales de los
    Lineamientos ("Décimo Séptimo"); ``mayuscula_inicial`` solo a la primera.
    Las formas de 11 y 12 son "décimo primero" y "décimo segundo", que es como los
    Lineamientos nombran sus numerales.
    """
    if not 1 <= numero <= 99:
        raise ValueError(f"ordinal fuera de rango: {numero}")
    decenas, unidades = divmod(numero, 10)
    palabras = [p for p in (_ORDINALES_DECENAS[decenas], _ORDINALES_UNIDADES[unidades]) if p]
    if genero == FEMENINO:
        palabras = [p[:-1] + "a" for p in palabras]
    texto = " ".join(palabras)
    if titulo:
        return " ".join(p[0].upper() + p[1:] for p in texto.split())
    if mayuscula_inicial:
        return texto[0].upper() + texto[1:]
    return texto


def ordinal_resolutivo(numero: int) -> str:
    """Ordinal de un resolutivo o acuerdo: 1 → "PRIMERO", 11 → "DÉCIMO PRIMERO"."""
    return ordinal(numero).upper()


_ROMANOS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def romano(numero: int) -> str:
    """Número romano: 4 → "IV"."""
    if not 1 <= numero <= 3999:
        raise ValueError(f"no hay número romano para {numero}")
    salida = []
    for valor, letras in _ROMANOS:
        while numero >= valor:
            salida.append(letras)
            numero -= valor
    return "".join(salida)


def desde_romano(texto: str) -> int:
    """"XIV" → 14. Lanza ValueError si no es un romano bien formado."""
    texto = texto.strip().upper()
    total, i = 0, 0
    for valor, letras in _ROMANOS:
        while texto.startswith(letras, i):
            total += valor
            i += len(letras)
    if not texto or i != len(texto) or romano(total) != texto:
        raise ValueError(f"«{texto}» no es un número romano válido")
    return total
