"""Las partes de un artículo citado: «, apartado A, párrafo segundo, fracciones I y II».

Aparte de ``citas.py`` porque es donde se decide que ningún nivel de un id (apartado, párrafo,
fracción, inciso) se pierde, y donde se escriben los dos órdenes que usan las instituciones:
del artículo hacia adentro («artículo 113, fracción XI») o de adentro hacia el artículo
(«fracción XI del artículo 113»).
"""

from __future__ import annotations

from ..errores import ErrorDeUsuario, Problema
from ..letras import ordinal
from .fundamentos import Fundamento

# Los niveles de un artículo, de afuera hacia adentro, con su palabra en singular y plural y su
# género (para «la fracción», «del párrafo»). El orden es el de la cita: «artículo 6o., apartado A,
# párrafo segundo, fracción I, inciso a)».
NIVELES = (
    ("apartado", "apartado", "apartados", "m"),
    ("parrafo", "párrafo", "párrafos", "m"),
    ("fraccion", "fracción", "fracciones", "f"),
    ("inciso", "inciso", "incisos", "m"),
)


def _valor_nivel(fundamento: Fundamento, nivel: int):
    return getattr(fundamento.disposicion, NIVELES[nivel][0])


def _es_ultimo(grupo: list[Fundamento], ultimo_parrafo: bool) -> bool:
    return ultimo_parrafo and any(f.disposicion.parrafo_ultimo for f in grupo)


def etiqueta(nivel: int, valor, ultimo: bool = False) -> str:
    campo = NIVELES[nivel][0]
    if campo == "parrafo":
        return "último" if ultimo else ordinal(valor)
    if campo == "inciso":
        return f"{valor})"
    return str(valor)


def _con_palabra(nivel: int, etiquetas: list[str]) -> str:
    """«fracciones I y II»; «último párrafo» (así se escribe, con el adjetivo antes)."""
    _, singular, plural, _ = NIVELES[nivel]
    if etiquetas == ["último"]:
        return f"último {singular}"
    palabra = singular if len(etiquetas) == 1 else plural
    return f"{palabra} " + unir(etiquetas)


def unir(partes: list[str], coma_antes_de_y: bool = False) -> str:
    if len(partes) == 1:
        return partes[0]
    union = ", y " if coma_antes_de_y else " y "
    return ", ".join(partes[:-1]) + union + partes[-1]


def _grupos(detalles: list[Fundamento], nivel: int) -> dict:
    grupos: dict = {}
    for d in detalles:
        grupos.setdefault(_valor_nivel(d, nivel), []).append(d)
    return grupos


def _detalle_nivel(detalles: list[Fundamento], nivel: int, ultimo_parrafo: bool) -> str:
    """La parte de la cita desde ``nivel`` hacia adentro (", párrafo segundo, fracciones I y II").

    Las disposiciones que comparten un valor en este nivel se juntan bajo una sola palabra;
    las que solo difieren en el último nivel que citan se escriben en plural. Ningún nivel
    del id se pierde: si dos ramas tienen detalles distintos, cada una se escribe completa."""
    if nivel == len(NIVELES):
        return ""
    grupos = _grupos(detalles, nivel)
    if list(grupos) == [None]:
        return _detalle_nivel(detalles, nivel + 1, ultimo_parrafo)
    interiores = {valor: _detalle_nivel(grupo, nivel + 1, ultimo_parrafo) for valor, grupo in grupos.items()}
    if None not in grupos and not any(interiores.values()):
        etiquetas = [etiqueta(nivel, v, _es_ultimo(g, ultimo_parrafo)) for v, g in grupos.items()]
        return ", " + _con_palabra(nivel, etiquetas)
    piezas = []
    for valor, interior in interiores.items():
        if valor is None:
            piezas.append(interior.removeprefix(", "))
        else:
            piezas.append(_con_palabra(nivel, [etiqueta(nivel, valor, _es_ultimo(grupos[valor], ultimo_parrafo))])
                          + interior)
    return ", " + unir(piezas, coma_antes_de_y=len(piezas) > 1 and any(interiores.values()))


def _comprobar(detalles: list[Fundamento], texto: str, ultimo_parrafo: bool) -> None:
    """Un id nunca pierde una de sus partes: si el texto escrito no la contiene, es un error
    y no una cita incompleta."""
    for f in detalles:
        for nivel, (campo, singular, _, _) in enumerate(NIVELES):
            valor = getattr(f.disposicion, campo)
            if valor is None:
                continue
            marca = etiqueta(nivel, valor, _es_ultimo([f], ultimo_parrafo))
            if marca not in texto:
                raise ErrorDeUsuario([Problema(
                    f"la cita de «{f.id}» no puede escribir su {singular} «{marca}» "
                    "en esta combinación de disposiciones; cítela por separado")])


def detalle(detalles: list[Fundamento], ultimo_parrafo: bool = False) -> str:
    """", apartado A, fracciones II y V" a partir de las disposiciones citadas de un artículo."""
    texto = _detalle_nivel(detalles, 0, ultimo_parrafo)
    _comprobar(detalles, texto, ultimo_parrafo)
    return texto


def _de(genero: str) -> str:
    return "de la" if genero == "f" else "del"


def _cadena(detalles: list[Fundamento], ultimo_parrafo: bool) -> tuple[str, str] | None:
    """Las disposiciones como una sola cadena de adentro hacia afuera: («fracciones I y V»,
    « del párrafo segundo») y el género de la primera palabra; ``None`` si se ramifican (dos
    párrafos con fracciones distintas), para escribirlas una por una."""
    niveles = [n for n in range(len(NIVELES)) if any(_valor_nivel(d, n) is not None for d in detalles)]
    if any(_valor_nivel(d, n) is None for d in detalles for n in niveles):
        return None
    *afuera, adentro = niveles
    if any(len(_grupos(detalles, n)) > 1 for n in afuera):
        return None
    grupos = _grupos(detalles, adentro)
    primera = _con_palabra(adentro, [etiqueta(adentro, v, _es_ultimo(g, ultimo_parrafo)) for v, g in grupos.items()])
    resto = ""
    for n in reversed(afuera):
        valor = _valor_nivel(detalles[0], n)
        resto += f" {_de(NIVELES[n][3])} " + _con_palabra(n, [etiqueta(n, valor, _es_ultimo(detalles, ultimo_parrafo))])
    genero = NIVELES[adentro][3]
    plural = len(grupos) > 1
    return primera + resto, ("las" if plural else "la") if genero == "f" else ("los" if plural else "el")


def fraccion_primero(detalles: list[Fundamento], articulo: str, genero_articulo: str, determinante: bool,
                     ultimo_parrafo: bool = False) -> str:
    """«fracción XI del artículo 113»; «la fracción XI del artículo 113» con determinante.
    ``articulo`` es lo que sigue a «del»/«de la»: «artículo 113», «numeral Décimo Séptimo» o,
    en unas reglas citadas sin palabra, «Tercera» (femenino: «de la Tercera»)."""
    cadena = _cadena(detalles, ultimo_parrafo)
    if cadena is None:
        # Ramas distintas: cada disposición completa, para no perder ninguna parte.
        return unir([fraccion_primero([d], articulo, genero_articulo, determinante, ultimo_parrafo)
                     for d in detalles])
    texto, articulo_determinado = cadena
    salida = f"{articulo_determinado} {texto}" if determinante else texto
    completo = f"{salida} {_de(genero_articulo)} {articulo}"
    _comprobar(detalles, completo, ultimo_parrafo)
    return completo
