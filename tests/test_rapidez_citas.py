"""Las citas guardadas por catálogo dan el mismo texto que escribirlas de nuevo (issue 19).

``citas.citar`` guarda cada párrafo de cita por catálogo; aquí se compara con
``citas._citar`` (escribirla siempre) en muchas combinaciones de ids, órdenes, fechas y
estilos, la primera vez y la segunda (ya guardada); y se comprueba lo que no debe
guardarse (con menciones, un error), que un catálogo distinto no ve las citas de otro y
que la memoria está acotada.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import random

import pytest

from generador import catalogo as cat
from generador.catalogo import citas
from generador.catalogo.menciones import Menciones
from generador.errores import ErrorDeUsuario
from generador.plantillas.estilo_citas import EstiloCitas


@pytest.fixture(scope="module")
def catalogo():
    return cat.cargar()


ESTILOS = [None, EstiloCitas(), EstiloCitas(fraccion_primero=True), EstiloCitas(transitorios="agrupados"),
           EstiloCitas(transitorios="antepuestos", ultimo_parrafo=True), EstiloCitas(reformas="del_numeral")]
FECHAS = [None, dt.date(2018, 11, 21), dt.date(2020, 6, 1), dt.date(2026, 2, 10)]


def test_la_cita_guardada_es_la_de_siempre(catalogo):
    azar = random.Random(19)
    ids = sorted(catalogo.disposiciones)
    for _ in range(400):
        elegidos = azar.sample(ids, azar.randint(1, 8))
        relacion = azar.sample(ids, azar.randint(0, 2))
        opciones = dict(orden=azar.choice(["jerarquico", "expediente"]), determinante=azar.random() < 0.5,
                        union_final=azar.choice(["; ", "; y ", ", y "]), fecha=azar.choice(FECHAS),
                        estilo=azar.choice(ESTILOS))
        esperado = citas._citar(catalogo, elegidos, en_relacion_con=relacion, **opciones)
        assert citas.citar(catalogo, elegidos, en_relacion_con=relacion, **opciones) == esperado
        assert citas.citar(catalogo, iter(elegidos), en_relacion_con=iter(relacion), **opciones) == esperado


def test_cada_argumento_cuenta(catalogo):
    ids = ["lftaip.110.I", "lgcd.33", "lftaip.t3"]
    base = citas.citar(catalogo, ids)
    assert citas.citar(catalogo, ids, determinante=True) != base
    assert citas.citar(catalogo, ids, estilo=EstiloCitas(fraccion_primero=True)) != base
    assert citas.citar(catalogo, ids, fecha=dt.date(2026, 2, 10)) != citas.citar(catalogo, ids, fecha=dt.date(2016, 5, 1))
    cortos = {catalogo.fundamento("lftaip.110.I").instrumento.id: "Ley Federal"}
    assert "Ley Federal" in citas.citar(catalogo, ids, cortos=cortos) and citas.citar(catalogo, ids) == base


def test_otro_catalogo_no_ve_las_citas_del_primero(catalogo):
    ids = ["lftaip.110.I"]
    original = citas.citar(catalogo, ids)
    instrumento = catalogo.fundamento("lftaip.110.I").instrumento
    otro = dataclasses.replace(catalogo, instrumentos={
        **catalogo.instrumentos, instrumento.id: instrumento.model_copy(update={"nombre": "Ley Inventada"})})
    assert "Ley Inventada" in citas.citar(otro, ids)
    assert citas.citar(catalogo, ids) == original
    clave = id(otro)
    del otro
    gc.collect()
    assert clave not in citas._MEMORIA or citas._MEMORIA[clave][0]() is not None


def test_con_menciones_no_se_guarda(catalogo):
    ids = ["lftaip.110.I", "lgcd.33"]
    instrumento = catalogo.fundamento("lftaip.110.I").instrumento.id

    def nuevas():
        return Menciones({instrumento: "Ley Federal"}, "(en lo sucesivo, {determinante} {termino})")

    esperado = citas._citar(catalogo, ids, menciones=nuevas())
    memoria = citas._memoria_de(catalogo)
    antes = len(memoria)
    assert citas.citar(catalogo, ids, menciones=nuevas()) == esperado
    assert citas.citar(catalogo, ids, menciones=nuevas()) == esperado
    assert len(memoria) == antes


def test_un_error_no_se_guarda(catalogo):
    for _ in range(2):
        with pytest.raises(ErrorDeUsuario, match="lftaip.9999"):
            citas.citar(catalogo, ["lftaip.110.I", "lftaip.9999"])


def test_lo_que_no_sirve_de_clave_falla_como_siempre(catalogo):
    memoria = citas._memoria_de(catalogo)
    antes = len(memoria)
    for citar in (citas._citar, citas.citar):
        with pytest.raises(TypeError, match="unhashable"):
            citar(catalogo, [["lftaip.110.I"]])
    assert len(memoria) == antes


def test_la_memoria_esta_acotada(catalogo, monkeypatch):
    monkeypatch.setattr(citas, "_CITAS_POR_CATALOGO", 5)
    otro = dataclasses.replace(catalogo)
    ids = sorted(otro.disposiciones)[:20]
    for id_ in ids:
        assert citas.citar(otro, [id_]) == citas._citar(otro, [id_])
    assert len(citas._memoria_de(otro)) == 5
