"""El formateador de citas: de una lista de ids a un párrafo de fundamentación.

Reglas (las de las resoluciones mexicanas):

* los fundamentos se agrupan por instrumento; los grupos van en orden jerárquico
  (Constitución, tratados, leyes, reglamentos, decretos, acuerdos, lineamientos)
  o en el orden en que el expediente los lista, y se separan con «;»;
* dentro de un instrumento, los artículos van en orden numérico y los
  transitorios al final ("145 y Tercero Transitorio");
* las fracciones de un mismo artículo se juntan: "61, fracciones II y V";
* «artículo»/«artículos» y «numeral»/«numerales» según cuántos se citan; la
  palabra se repite solo cuando cambia la unidad (de artículos a numerales);
* los numerales de los Lineamientos se escriben con ordinales en palabras y
  mayúscula inicial ("Décimo Séptimo, fracción IV");
* antes del último elemento va «y»; si el penúltimo lleva fracción, «, y» para
  no confundir la fracción con el artículo ("3, fracción V, y 13");
* un elemento con fracción se cierra con coma antes del instrumento
  ("110, fracción I, de la Ley …");
* un numeral reformado antes de la fecha de la resolución nombra su instrumento con la nota de
  reformas (``reformas.py``); los transitorios de un acuerdo de reforma se citan «de» ese acuerdo.

El perfil elige otros estilos (``EstiloCitas``): la fracción antes del artículo, «último
párrafo», los transitorios agrupados; un instrumento de reglas se cita con ordinales femeninos
y, si su ``palabra_unidad`` es falsa, sin la palabra («la Tercera de las Reglas …»).

Con un GLOSARIO (``estructura.glosario_en_citas``), ``cortos`` da la forma corta de cada
instrumento del glosario y la cita la usa siempre, sin el complemento de su publicación: el
glosario es la primera mención, la completa («artículo 113, fracción I, de la Ley General»).
Sin glosario impreso (``citas.formas_cortas``), ``menciones`` deja una marca en lugar del nombre
y la primera en el orden de lectura se escribe completa, con «(en lo sucesivo, …)» (``menciones.py``).
"""

from __future__ import annotations

import datetime as _dt
import re
import weakref
from dataclasses import dataclass
from typing import Any, Iterable

from ..errores import ErrorDeUsuario, Problema
from ..letras import ordinal
from ..modelos.huella import huella
from ..plantillas.estilo_citas import EstiloCitas
from .detalles import detalle, fraccion_primero, unir
from .fundamentos import Catalogo, Fundamento, es_instrumento_completo
from .menciones import Menciones
from .modelos import JERARQUIA, Instrumento
from .reformas import complemento


@dataclass
class _Articulo:
    """Un artículo citado, con las fracciones (o incisos, párrafos) que se citan de él."""

    fundamento: Fundamento
    completo: bool
    detalles: list[Fundamento]
    nombre: str = ""
    cuantos: int = 1  # más de uno si son transitorios escritos juntos


def _clave_articulo(fundamento: Fundamento) -> tuple:
    d = fundamento.disposicion
    numero = re.match(r"(\d+)\s*(.*)", d.articulo)
    if numero:
        return (d.transitorio, int(numero.group(1)), numero.group(2).lower())
    return (d.transitorio, 10**9, d.articulo.lower())


def _clave_detalle(fundamento: Fundamento) -> tuple:
    d = fundamento.disposicion
    return (
        d.apartado or "",
        d.parrafo or 0,
        d.orden_fraccion(),
        d.fraccion or "",
        d.inciso or "",
    )


def _genero_unidad(instrumento: Instrumento) -> str:
    return "f" if instrumento.unidad == "regla" else "m"


def _numero(fundamento: Fundamento) -> str:
    """El número como se escribe: «Décimo Séptimo», «Tercera» (reglas), «6o.», «113», «Tercero»
    (transitorio, sin la palabra)."""
    d, instrumento = fundamento.disposicion, fundamento.instrumento
    if d.transitorio or instrumento.unidad in ("numeral", "regla"):
        if d.articulo.isdigit():
            genero = "f" if instrumento.unidad == "regla" and not d.transitorio else "m"
            return ordinal(int(d.articulo), titulo=True, genero=genero)
        return d.articulo
    if instrumento.sufijo_ordinal and d.articulo.isdigit() and 1 <= int(d.articulo) <= 9:
        return f"{d.articulo}o."
    return d.articulo


def _nombre_articulo(fundamento: Fundamento, transitorios: str = "cada_uno") -> str:
    if fundamento.disposicion.transitorio:
        numero = _numero(fundamento)
        return f"Transitorio {numero}" if transitorios == "antepuestos" else f"{numero} Transitorio"
    return _numero(fundamento)


def _juntar_transitorios(articulos: list[_Articulo], modo: str) -> list[_Articulo]:
    """«Segundo y Noveno Transitorios» o «Transitorios Segundo y Noveno»: los transitorios citados
    completos se escriben juntos, como los agrupa la fuente bajo su rubro «Transitorios»."""
    if modo == "cada_uno":
        return articulos
    completos = [a for a in articulos if a.completo and a.fundamento.disposicion.transitorio]
    if len(completos) < 2:
        return articulos
    numeros = unir([_numero(a.fundamento) for a in completos])
    junto = _Articulo(completos[0].fundamento, True, [],
                      f"Transitorios {numeros}" if modo == "antepuestos" else f"{numeros} Transitorios",
                      len(completos))
    salida, puesto = [], False
    for a in articulos:
        if any(a is c for c in completos):
            if not puesto:
                salida.append(junto)
                puesto = True
        else:
            salida.append(a)
    return salida


def _articulos(fundamentos: list[Fundamento]) -> list[_Articulo]:
    por_articulo: dict[tuple, _Articulo] = {}
    for f in sorted(fundamentos, key=lambda f: (_clave_articulo(f), _clave_detalle(f))):
        d = f.disposicion
        clave = _clave_articulo(f)
        es_completo = not (d.apartado or d.fraccion or d.inciso or d.parrafo)
        if clave not in por_articulo:
            por_articulo[clave] = _Articulo(f, es_completo, [] if es_completo else [f])
        elif es_completo:
            # Citar el artículo completo abarca sus fracciones.
            por_articulo[clave].completo = True
            por_articulo[clave].detalles = []
        elif not por_articulo[clave].completo:
            por_articulo[clave].detalles.append(f)
    return list(por_articulo.values())


@dataclass
class _Grupo:
    instrumento_id: str
    decreto: str | None
    fundamentos: list[Fundamento]

    @property
    def instrumento(self) -> Instrumento:
        return self.fundamentos[0].instrumento

    @property
    def completo(self) -> bool:
        return any(es_instrumento_completo(f) for f in self.fundamentos)

    @property
    def unidad(self) -> str:
        # Los de un acuerdo de reforma son sus «ARTÍCULOS TRANSITORIOS» (así los rubrica la fuente).
        return "articulo" if self.decreto else self.instrumento.unidad


def _agrupar(fundamentos: list[Fundamento], orden: str) -> list[_Grupo]:
    # Los transitorios de un acuerdo de reforma forman su propio grupo: se citan «de» ese acuerdo.
    grupos: dict[tuple, _Grupo] = {}
    for f in fundamentos:
        clave = (f.instrumento.id, f.disposicion.decreto)
        grupos.setdefault(clave, _Grupo(f.instrumento.id, f.disposicion.decreto, [])).fundamentos.append(f)
    lista = list(grupos.values())
    if orden == "jerarquico":
        # sorted es estable: dentro del mismo rango se respeta el orden de aparición.
        lista.sort(key=lambda g: JERARQUIA[g.instrumento.tipo])
    return lista


_PALABRAS = {"articulo": ("artículo", "artículos", "m"), "numeral": ("numeral", "numerales", "m"),
             "regla": ("regla", "reglas", "f")}


def _palabra(unidad: str, cantidad: int, determinante: bool) -> str:
    singular, plural, genero = _PALABRAS[unidad]
    palabra = singular if cantidad == 1 else plural
    if determinante:
        articulo = ("la " if cantidad == 1 else "las ") if genero == "f" else ("el " if cantidad == 1 else "los ")
        palabra = articulo + palabra
    return palabra


def _de_nombre(catalogo: Catalogo, grupo: _Grupo, fecha: _dt.date | None, estilo: EstiloCitas,
               cortos: dict[str, str] | None = None, menciones: Menciones | None = None) -> str:
    """«de los Lineamientos …, publicados …» (con la nota de reformas si toca) o, para los
    transitorios de un acuerdo de reforma, el nombre de ese acuerdo como lo da el catálogo."""
    if grupo.decreto:
        return grupo.decreto
    instrumento = grupo.instrumento
    det = instrumento.determinante
    if cortos and instrumento.id in cortos:
        return f"del {cortos[instrumento.id]}" if det == "el" else f"de {det} {cortos[instrumento.id]}"
    extra = complemento(catalogo, grupo.fundamentos, fecha, estilo)
    if menciones is not None and menciones.nombra(instrumento):
        marca = menciones.marca(instrumento, instrumento.nombre, extra or "")
        return f"del {marca}" if det == "el" else f"de {det} {marca}"
    base = f"del {instrumento.nombre}" if det == "el" else f"de {det} {instrumento.nombre}"
    return f"{base}, {extra}" if extra else base


def _texto_por_elementos(articulos: list[_Articulo], instrumento: Instrumento, determinante: bool,
                         estilo: EstiloCitas) -> str:
    """Cada tramo de artículos completos con su palabra y cada artículo con detalle escrito
    aparte: «el artículo 100, la fracción XI del artículo 113 y el artículo 116»; sin la palabra
    de la unidad, «la Tercera, fracción II, y la Quinta». Lo usan la fracción primero y las
    reglas citadas sin palabra."""
    con_palabra = instrumento.palabra_unidad
    genero = _genero_unidad(instrumento)
    det_uno = ("la " if genero == "f" else "el ") if determinante else ""
    piezas: list[str] = []
    pendientes: list[_Articulo] = []

    def cerrar_tramo() -> None:
        if not pendientes:
            return
        nombres = [p.nombre for p in pendientes]
        if con_palabra:
            cuantos = sum(p.cuantos for p in pendientes)
            piezas.append(_palabra(instrumento.unidad, cuantos, determinante) + " " + unir(nombres))
        else:
            piezas.append(unir([det_uno + n for n in nombres]))
        pendientes.clear()

    for a in articulos:
        if a.completo:
            pendientes.append(a)
            continue
        cerrar_tramo()
        if estilo.fraccion_primero:
            # Lo que sigue a «del»/«de la»: «artículo 113», «regla Tercera» o, sin palabra, «Tercera».
            if con_palabra:
                nombre, genero_nombre = f"{_palabra(instrumento.unidad, 1, False)} {a.nombre}", genero
            else:
                nombre = a.nombre
                genero_nombre = "m" if a.fundamento.disposicion.transitorio else genero
            piezas.append(fraccion_primero(a.detalles, nombre, genero_nombre, determinante, estilo.ultimo_parrafo))
        else:
            piezas.append(det_uno + a.nombre + detalle(a.detalles, estilo.ultimo_parrafo))
    cerrar_tramo()
    coma = not estilo.fraccion_primero and len(articulos) > 1 and not articulos[-2].completo
    return unir(piezas, coma_antes_de_y=coma)


def resolver(catalogo: Catalogo, ids: Iterable[str]) -> list[Fundamento]:
    """Fundamentos de los ids (sin repetir); un id desconocido es un error."""
    vistos: set[str] = set()
    fundamentos, faltan = [], []
    for id_ in ids:
        if id_ in vistos:
            continue
        vistos.add(id_)
        try:
            fundamentos.append(catalogo.fundamento(id_))
        except KeyError:
            faltan.append(id_)
    if faltan:
        raise ErrorDeUsuario([Problema(f"el fundamento «{i}» no está en el catálogo") for i in faltan])
    return fundamentos


# Las citas ya escritas, por catálogo (ver ``citar``): a lo sumo tantas y tan largas.
_MEMORIA: dict[int, tuple[weakref.ref, dict[tuple, str]]] = {}
_CITAS_POR_CATALOGO = 2048
_CITA_MAS_LARGA = 4000
# La clave también se acota: una plantilla puede repetir un id miles de veces (la cita sale
# corta, los repetidos no cuentan) o pasar un «union_final» enorme que una cita de un solo
# instrumento no usa; guardada, esa clave ocuparía la memoria del proceso con cada documento.
_IDS_POR_CLAVE = 128
_TEXTO_DE_LA_CLAVE = 4000


def _guardable(ids: tuple, relacion: tuple, orden: Any, determinante: Any, union_final: Any, fecha: Any) -> bool:
    """Si la cita con estos argumentos se puede guardar: solo con tipos exactos (un ``Markup``
    es igual como clave a su ``str``, pero ``union_final`` como ``Markup`` da un párrafo
    ``Markup`` con sus etiquetas sin escapar, que no debe recibir quien pasó un ``str``; ``1``
    es igual a ``True``) y con una clave pequeña."""
    if len(ids) + len(relacion) > _IDS_POR_CLAVE or type(union_final) is not str \
            or type(determinante) is not bool or (orden is not None and type(orden) is not str) \
            or (fecha is not None and type(fecha) is not _dt.date):
        return False
    if not all(type(i) is str for i in ids) or not all(type(i) is str for i in relacion):
        return False
    return sum(map(len, ids)) + sum(map(len, relacion)) + len(union_final) + len(orden or "") <= _TEXTO_DE_LA_CLAVE


def _memoria_de(catalogo: Catalogo) -> dict[tuple, str]:
    """Las citas de este catálogo. Se guardan por su ``id`` con una referencia débil: si el
    catálogo desaparece (se recargó porque cambió un archivo), sus citas se van con él, y un
    objeto nuevo que reciba el mismo ``id`` no encuentra las del anterior."""
    clave = id(catalogo)
    entrada = _MEMORIA.get(clave)
    if entrada is None or entrada[0]() is not catalogo:
        def olvidar(referencia: weakref.ref, clave: int = clave) -> None:
            if _MEMORIA.get(clave, (None,))[0] is referencia:
                del _MEMORIA[clave]
        entrada = _MEMORIA[clave] = (weakref.ref(catalogo, olvidar), {})
    return entrada[1]


def citar(
    catalogo: Catalogo,
    ids: Iterable[str],
    *,
    orden: str = "jerarquico",
    determinante: bool = False,
    en_relacion_con: Iterable[str] = (),
    union_final: str = "; ",
    fecha: _dt.date | None = None,
    estilo: EstiloCitas | None = None,
    cortos: dict[str, str] | None = None,
    menciones: Menciones | None = None,
) -> str:
    """Escribe el párrafo de cita de los ids (ver ``_citar``).

    La cita es una función pura de sus argumentos y del catálogo, y un documento (y cada
    validación en vivo de la página) cita lo mismo que el anterior: se guarda por catálogo,
    con la clave hecha de datos simples (los ids, la fecha, la huella del estilo, las formas
    cortas). No se guarda con ``menciones`` (recuerda qué instrumento ya se nombró: la cita
    depende del documento), ni lo que da un error (se repite y vuelve a fallar), ni lo que no
    se puede usar de clave. La memoria está acotada (``_CITAS_POR_CATALOGO`` citas de a lo
    sumo ``_CITA_MAS_LARGA`` caracteres): una plantilla que llama a ``citar`` con miles de
    listas distintas no la hace crecer sin medida. Lo que una plantilla recibe es el mismo
    texto, y el entorno aislado lo sigue contando en su presupuesto de salida."""
    argumentos: dict[str, Any] = dict(orden=orden, determinante=determinante, union_final=union_final,
                                      fecha=fecha, estilo=estilo, cortos=cortos, menciones=menciones)
    if menciones is not None:
        return _citar(catalogo, ids, en_relacion_con=en_relacion_con, **argumentos)
    ids, en_relacion_con = tuple(ids), tuple(en_relacion_con)
    if not _guardable(ids, en_relacion_con, orden, determinante, union_final, fecha):
        return _citar(catalogo, ids, en_relacion_con=en_relacion_con, **argumentos)
    try:
        clave = (ids, en_relacion_con, orden, determinante, union_final, fecha,
                 huella(estilo) if estilo is not None else None,
                 tuple(sorted(cortos.items())) if cortos is not None else None,
                 len(catalogo.instrumentos), len(catalogo.disposiciones))
        memoria = _memoria_de(catalogo)
        texto = memoria.get(clave)
    except TypeError:  # algo que no se puede usar de clave: se cita sin guardar
        return _citar(catalogo, ids, en_relacion_con=en_relacion_con, **argumentos)
    if texto is None:
        texto = _citar(catalogo, ids, en_relacion_con=en_relacion_con, **argumentos)
        if type(texto) is str and len(texto) <= _CITA_MAS_LARGA and len(memoria) < _CITAS_POR_CATALOGO:
            memoria[clave] = texto
    return texto


def _citar(
    catalogo: Catalogo,
    ids: Iterable[str],
    *,
    orden: str = "jerarquico",
    determinante: bool = False,
    en_relacion_con: Iterable[str] = (),
    union_final: str = "; ",
    fecha: _dt.date | None = None,
    estilo: EstiloCitas | None = None,
    cortos: dict[str, str] | None = None,
    menciones: Menciones | None = None,
    _en_relacion: bool = False,
) -> str:
    """Escribe el párrafo de cita de los ids.

    ``determinante`` antepone «el»/«los» ("con fundamento en los artículos …");
    ``en_relacion_con`` añade "; en relación con el artículo …";
    ``union_final`` es lo que separa el último instrumento (p. ej. ", y ");
    ``fecha`` (la de la resolución) decide si un instrumento lleva su nota de reformas: sin
    ella, se cita como siempre; ``estilo`` son las opciones de cita del perfil; ``cortos``, la
    forma corta de los instrumentos del glosario (id del instrumento → «Ley General»); ``menciones``,
    las de la primera mención completa (se resuelven con el documento entero, ``menciones.py``).
    """
    estilo = estilo or EstiloCitas()
    fundamentos = resolver(catalogo, ids)
    if not fundamentos:
        return ""
    grupos = _agrupar(fundamentos, orden)
    piezas: list[str] = []
    # Cada tramo de grupos con la misma unidad (artículos o numerales) lleva una
    # sola palabra al principio, en singular o plural según el total del tramo.
    unidad_actual: str | None = None
    inicio_tramo = 0
    conteo_tramo = 0

    def cerrar_tramo() -> None:
        if unidad_actual is not None:
            piezas[inicio_tramo] = _palabra(unidad_actual, conteo_tramo, determinante) + " " + piezas[inicio_tramo]

    for grupo in grupos:
        instrumento = grupo.instrumento
        if grupo.completo and len(grupo.fundamentos) == 1:
            # «en relación con la Ley de Seguridad Nacional»: el instrumento entero, con su artículo.
            if cortos and instrumento.id in cortos:
                nombre = cortos[instrumento.id]
            elif menciones is not None and menciones.nombra(instrumento):
                nombre = menciones.marca(instrumento, instrumento.nombre, instrumento.cita_complemento or "")
            else:
                nombre = instrumento.nombre_citado()
            # Solo ahí: en la lista de fundamentos la CTA-40418 nombra los acuerdos sin artículo.
            piezas.append(f"{instrumento.determinante} {nombre}" if _en_relacion else nombre)
            continue
        articulos = _articulos([f for f in grupo.fundamentos if not es_instrumento_completo(f)])
        for a in articulos:
            a.nombre = _nombre_articulo(a.fundamento, estilo.transitorios)
        articulos = _juntar_transitorios(articulos, estilo.transitorios)
        de_nombre = _de_nombre(catalogo, grupo, fecha, estilo, cortos, menciones)
        if estilo.fraccion_primero or not instrumento.palabra_unidad:
            cerrar_tramo()
            unidad_actual = None
            texto = _texto_por_elementos(articulos, instrumento, determinante, estilo)
            cierra_con_detalle = not articulos[-1].completo and not estilo.fraccion_primero
            piezas.append(f"{texto}{', ' if cierra_con_detalle else ' '}{de_nombre}")
            continue
        elementos = [a.nombre + ("" if a.completo else detalle(a.detalles, estilo.ultimo_parrafo)) for a in articulos]
        penultimo_con_detalle = len(articulos) > 1 and not articulos[-2].completo
        texto = unir(elementos, coma_antes_de_y=penultimo_con_detalle)
        separador = ", " if not articulos[-1].completo else " "
        texto = f"{texto}{separador}{de_nombre}"
        if grupo.unidad != unidad_actual:
            cerrar_tramo()
            unidad_actual, inicio_tramo, conteo_tramo = grupo.unidad, len(piezas), 0
        conteo_tramo += sum(a.cuantos for a in articulos)
        piezas.append(texto)
    cerrar_tramo()
    if len(piezas) > 1:
        parrafo = "; ".join(piezas[:-1]) + union_final + piezas[-1]
    else:
        parrafo = piezas[0]
    relacion = list(en_relacion_con)
    if relacion:
        parrafo += "; en relación con " + _citar(catalogo, relacion, orden=orden, determinante=True,
                                                fecha=fecha, estilo=estilo, cortos=cortos, menciones=menciones,
                                                _en_relacion=True)
    return parrafo


def primera_mayuscula(texto: str) -> str:
    return texto[:1].upper() + texto[1:]
