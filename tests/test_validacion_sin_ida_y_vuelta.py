"""La validación en vivo sin ida y vuelta por ruamel da lo mismo que con ella.

``documento_sin_ida_y_vuelta`` evita cargar y volcar el YAML cuando el formulario no cambió
la forma del documento. Aquí, para varios casos de muestra y muchas ediciones del formulario
(valores cambiados, vaciados, con comillas o varias líneas, fechas y números, casillas,
elementos añadidos, quitados y reordenados), se compara con el camino de siempre: escribir el
YAML con ``yaml_actualizado`` y leerlo. Cuando el camino corto se toma, los datos, las líneas
y los hallazgos deben ser idénticos; cuando no, la página hace la ida y vuelta, y la ruta
``/api/validar`` debe responder lo mismo en ambos casos.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from generador.expediente.yaml_lineas import leer_yaml
from generador.web import _hallazgo_de, crear_app
from generador.web.envio import clases_del_formulario, datos_del_formulario
from generador.web.ida_y_vuelta import (
    documento_sin_ida_y_vuelta,
    referencia,
    yaml_actualizado,
)
from generador.web.recursos import Recursos
from generador.web.revision_completa import hallazgos_de, hallazgos_del_documento

from .test_web import campos_del_formulario

MUESTRAS = Path(__file__).resolve().parent.parent / "samples"
TODAS = sorted(p.name for p in MUESTRAS.glob("*.yaml"))
VARIADAS = ["cta-40418.yaml", "inexistencia-2026.yaml", "acta-2026.yaml", "mixta-2026.yaml"]


def _clases(form: MultiDict) -> dict[str, str]:
    return {k[len("__clase__."):]: v for k, v in form.items() if k.startswith("__clase__.") and "__i__" not in k}


def _primero(form: MultiDict, clase: str, corto: bool | None = None) -> str | None:
    for nombre, c in _clases(form).items():
        if c == clase and nombre in form:
            valor = form.get(nombre, "")
            if corto is None or (corto and 0 < len(valor) < 30) or (corto is False and len(valor) > 120):
                return nombre
    return None


def _listas(form: MultiDict) -> list[tuple[str, int]]:
    """Las listas del formulario con cuántos elementos muestran (por los nombres «lista.N.campo»)."""
    salida = []
    for nombre, clase in _clases(form).items():
        if clase != "lista":
            continue
        indices = {int(m.group(1)) for k in form if (m := re.match(re.escape(nombre) + r"\.(\d+)\.", k))}
        if indices:
            salida.append((nombre, max(indices) + 1))
    return salida


def _poner(campo_clase: str, valor: str | None = None, *, corto: bool | None = None, sufijo: str = ""):
    def editar(form: MultiDict) -> bool:
        nombre = _primero(form, campo_clase, corto)
        if nombre is None:
            return False
        form.setlist(nombre, [valor if valor is not None else form.get(nombre, "") + sufijo])
        return True
    return editar


def _dos_parrafos(form: MultiDict) -> bool:
    largos = [n for n, c in _clases(form).items() if c == "parrafos" and len(form.get(n, "")) > 120]
    if len(largos) < 2:
        return False
    form.setlist(largos[0], ["Un párrafo nuevo y breve."])
    form.setlist(largos[1], [form.get(largos[1]) + "\n\nOtro párrafo, " + "con varias palabras más " * 8 + "al final."])
    return True


def _cambiar_casilla(form: MultiDict) -> bool:
    nombre = next((n for n, c in _clases(form).items() if c == "casilla"), None)
    if nombre is None:
        return False
    if nombre in form:
        form.poplist(nombre)
    else:
        form.setlist(nombre, ["true"])
    return True


def _anadir_elemento(form: MultiDict) -> bool:
    for lista, cuantos in _listas(form):
        prefijo = f"{lista}.0."
        for k in [k for k in form if k.startswith((prefijo, f"__clase__.{prefijo}"))]:
            form.setlist(k.replace(prefijo, f"{lista}.{cuantos}.", 1), form.getlist(k))
        return True
    return False


def _quitar_elemento(form: MultiDict) -> bool:
    for lista, cuantos in _listas(form):
        if cuantos > 1:
            for k in [k for k in form if k.startswith(f"{lista}.0.")]:
                form.poplist(k)
            return True
    return False


def _reordenar(form: MultiDict) -> bool:
    for lista, cuantos in _listas(form):
        if cuantos > 1:
            form.setlist(f"__orden__.{lista}", [",".join(str(i) for i in [1, 0, *range(2, cuantos)])])
            return True
    return False


def _linea_de_ids(form: MultiDict) -> bool:
    nombre = _primero(form, "ids")
    if nombre is None:
        return False
    form.setlist(nombre, [form.get(nombre, "") + "\nno.existe.99"])
    return True


EDICIONES = {
    "sin_cambios": lambda form: True,
    "texto_corto": _poner("texto", "Dirección de Prueba", corto=True),
    "texto_que_parece_otra_cosa": _poner("texto", "true", corto=True),
    "texto_que_parece_numero": _poner("texto", "0012", corto=True),
    "texto_que_parece_fecha": _poner("texto", "2026-01-01", corto=True),
    "texto_con_comillas": _poner("texto", "a: 'b' \"c\" #d", corto=True),
    "texto_de_varias_lineas": _poner("texto", "primera\nsegunda", corto=True),
    "texto_vaciado": _poner("texto", "", corto=True),
    "parrafo_largo": _poner("parrafos", corto=False, sufijo=" Se añade una oración al final del párrafo."),
    "parrafo_acortado": _poner("parrafos", "Breve.", corto=False),
    "texto_alargado": _poner("texto", "palabra larga " * 12 + "fin", corto=True),
    "dos_parrafos": _dos_parrafos,
    "fecha_que_no_existe": _poner("fecha", "2018-02-30"),
    "fecha_otra": _poner("fecha", "2026-03-02"),
    "numero": _poner("numero", "7"),
    "casilla": _cambiar_casilla,
    "id_desconocido": _linea_de_ids,
    "elemento_anadido": _anadir_elemento,
    "elemento_quitado": _quitar_elemento,
    "reordenado": _reordenar,
}
# Lo que debe tomar el camino corto (si el caso tiene ese campo) y lo que no.
CORTO = {"sin_cambios", "texto_corto", "fecha_que_no_existe", "fecha_otra", "texto_que_parece_fecha",
         "parrafo_largo", "texto_de_varias_lineas", "parrafo_acortado", "texto_alargado", "dos_parrafos"}
LARGO = {"elemento_anadido", "elemento_quitado", "reordenado", "id_desconocido"}


@pytest.fixture(scope="module")
def entorno(tmp_path_factory):
    casos = tmp_path_factory.mktemp("casos")
    for nombre in TODAS:
        shutil.copy(MUESTRAS / nombre, casos / nombre)
    app = crear_app(casos)
    app.testing = True
    c = app.test_client()
    paginas = {n: c.get(f"/caso/{n}").get_data(as_text=True) for n in TODAS}
    return c, casos, paginas, Recursos([], [])


def _comparar(entorno, nombre: str, edicion: str) -> bool | None:
    """Compara los dos caminos; True si se tomó el corto, None si la edición no aplica."""
    c, casos, paginas, recursos = entorno
    form = campos_del_formulario(paginas[nombre])
    if not EDICIONES[edicion](form):
        return None
    texto = (casos / nombre).read_text(encoding="utf-8")
    datos, problemas = datos_del_formulario(form)
    clases = clases_del_formulario(form)
    respuesta = c.post(f"/api/validar/{nombre}", data=form, headers={"X-CSRF-Token": form["csrf"]}).get_json()
    if problemas:
        return None
    vuelta = yaml_actualizado(texto, datos, clases)
    esperados, _ = hallazgos_de(vuelta, nombre, recursos.caso_desde_bytes, _hallazgo_de)
    assert respuesta["hallazgos"] == esperados  # la ruta, por el camino que sea
    doc = documento_sin_ida_y_vuelta(referencia(texto, nombre), datos, clases)
    if doc is None:
        return False
    leido = leer_yaml(vuelta, nombre)
    assert doc.datos == leido.datos
    assert doc.lineas == leido.lineas
    assert doc.inicio_valor == leido.inicio_valor
    rapidos, _ = hallazgos_del_documento(doc, recursos.caso_desde_documento, recursos.caso_desde_bytes, _hallazgo_de)
    assert rapidos == esperados
    return True


@pytest.mark.parametrize("nombre", TODAS)
def test_formulario_sin_cambios_toma_el_camino_corto(entorno, nombre):
    assert _comparar(entorno, nombre, "sin_cambios") is True


@pytest.mark.parametrize("edicion", sorted(EDICIONES))
@pytest.mark.parametrize("nombre", VARIADAS)
def test_mismos_hallazgos_que_con_ida_y_vuelta(entorno, nombre, edicion):
    corto = _comparar(entorno, nombre, edicion)
    if corto is None:
        pytest.skip(f"{nombre} no tiene un campo para «{edicion}»")
    if edicion in CORTO:
        assert corto is True
    if edicion in LARGO:
        assert corto is False


def test_hallazgos_de_forma_con_sus_lineas(entorno):
    """Un error de forma por el camino corto lleva la misma línea que por el largo."""
    c, casos, paginas, _ = entorno
    form = campos_del_formulario(paginas["cta-40418.yaml"])
    form.setlist("fecha", ["2018-02-30"])
    assert _comparar(entorno, "cta-40418.yaml", "fecha_que_no_existe") is True
    hallazgos = c.post("/api/validar/cta-40418.yaml", data=form, headers={"X-CSRF-Token": form["csrf"]}).get_json()
    fecha = [h for h in hallazgos["hallazgos"] if h["campo"] == "fecha"]
    linea = next(i for i, l in enumerate((casos / "cta-40418.yaml").read_text().splitlines(), 1) if l.startswith("fecha:"))
    assert fecha and fecha[0]["linea"] == linea


def test_la_referencia_se_carga_una_vez_por_texto(entorno, monkeypatch):
    from generador.web import recursos as modulo

    _, casos, paginas, _ = entorno
    llamadas = []
    original = modulo.referencia
    monkeypatch.setattr(modulo, "referencia", lambda t, n: llamadas.append(n) or original(t, n))
    recursos = Recursos([], [])
    form = campos_del_formulario(paginas["cta-40418.yaml"])
    datos, _ = datos_del_formulario(form)
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    for _ in range(3):
        assert recursos.documento_del_formulario(texto, "cta-40418.yaml", datos, clases_del_formulario(form))
    assert llamadas == ["cta-40418.yaml"]
    assert recursos.documento_del_formulario(texto + "\n# otro\n", "cta-40418.yaml", datos,
                                             clases_del_formulario(form)) is not None
    assert len(llamadas) == 2
