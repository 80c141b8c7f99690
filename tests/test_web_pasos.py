"""El formulario por pasos (servidor): pasos con sus hallazgos, variables con campos de su
tipo, listas reordenadas sin perder nada, la causal que propone fundamentos, guardar y
seguir, guardar para descargar y la vista previa que se puede mostrar dentro de la página."""

from __future__ import annotations

import datetime as dt
import re


from generador.expediente.yaml_lineas import leer_yaml

from .test_web import campos_del_formulario

CASO = "/caso/cta-40418.yaml"


def _datos(casos):
    return leer_yaml((casos / "cta-40418.yaml").read_text(encoding="utf-8"), "x").datos


def test_los_pasos_siguen_el_trabajo_y_cuentan_sus_hallazgos(cliente):
    c, _ = cliente
    pagina = c.get(CASO).get_data(as_text=True)
    pasos = re.findall(r'<section class="paso" id="paso-([a-z]+)"', pagina)
    assert pasos == ["solicitud", "clasificacion", "resolutivos", "firmas", "revision"]
    # Sin «paso», se ve el primero; los demás están en el mismo formulario, ocultos.
    assert re.search(r'id="paso-solicitud" data-paso="solicitud" aria-labelledby="titulo-solicitud">', pagina)
    assert re.search(r'id="paso-firmas" data-paso="firmas" aria-labelledby="titulo-firmas" hidden>', pagina)
    seccion = pagina[pagina.index('id="paso-solicitud"'):pagina.index('id="paso-clasificacion"')]
    assert 'name="respuestas.0.unidad"' in seccion and 'name="clasificaciones.0.unidad"' not in seccion
    # El periodo de reserva sin vencimiento es un hallazgo del paso de la clasificación.
    indicador = pagina[pagina.index('<nav class="pasos"'):pagina.index("</nav>")]
    clasificacion = re.search(r'data-paso="clasificacion"[^>]*>.*?<span class="cuenta([^"]*)">([^<]*)</span>', indicador)
    assert clasificacion.group(1).strip() in ("error", "advertencia") and clasificacion.group(2) != "sin hallazgos"
    assert 'class="cuenta">sin hallazgos' in indicador  # otro paso, sin hallazgos
    revision = re.search(r'data-paso="revision"[^>]*>.*?<span class="cuenta([^"]*)">([^<]*)</span>', indicador)
    assert revision.group(2) != "sin hallazgos"  # la revisión cuenta los de todos los pasos
    assert 'id="paso-clasificacion"' in c.get(CASO + "?paso=clasificacion").get_data(as_text=True).replace(
        'id="paso-clasificacion" data-paso="clasificacion" aria-labelledby="titulo-clasificacion" hidden', "")


def test_guardar_y_seguir_lleva_al_paso_siguiente(cliente):
    c, casos = cliente
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos["__siguiente__"] = "clasificacion"
    respuesta = c.post(CASO, data=datos)
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("?paso=clasificacion")
    datos["__siguiente__"] = "../../fuera"  # un paso que no existe no se usa
    datos["__huella__"] = re.search(r'name="__huella__" value="([^"]+)"', c.get(CASO).get_data(as_text=True)).group(1)
    respuesta = c.post(CASO, data=datos)
    assert respuesta.headers["Location"].endswith(CASO)


def test_guardar_para_descargar_vuelve_con_la_descarga(cliente):
    c, _ = cliente
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos["__despues__"] = "docx"
    datos["__paso__"] = "revision"
    respuesta = c.post(CASO, data=datos)
    assert respuesta.headers["Location"].endswith("?paso=revision&descargar=docx")
    pagina = c.get(respuesta.headers["Location"]).get_data(as_text=True)
    assert 'data-descargar="docx"' in pagina


def test_variables_con_campos_de_su_tipo_y_sus_valores_con_su_tipo(cliente):
    c, casos = cliente
    pagina = c.get(CASO).get_data(as_text=True)
    # resolutivo.confirma_clasificacion: unidad (de las respuestas), tipo y parcial (sí o no).
    assert re.search(r'<input[^>]*name="resolutivos\.1\.variables\.unidad"[^>]*list="unidades-del-caso"', pagina)
    assert re.search(r'<select[^>]*name="resolutivos\.1\.variables\.parcial"', pagina)
    assert '<option value="si" selected>Sí</option>' in pagina
    assert re.search(r'<textarea[^>]*name="resolutivos\.0\.variables\.fundamentos"[^>]*class="ids"', pagina)
    assert '<option value="DIRECCIÓN GENERAL DE BIENES INMUEBLES Y RECURSOS MATERIALES">' in pagina
    assert 'name="resolutivos.1.variables"' not in pagina  # ya no hay líneas «nombre: valor»
    antes = _datos(casos)
    datos = campos_del_formulario(pagina)
    assert c.post(CASO, data=datos).status_code == 302
    despues = _datos(casos)
    assert despues == antes  # sin cambios: nada cambia, y «parcial: true» sigue siendo un booleano
    assert despues["resolutivos"][1]["variables"]["parcial"] is True
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos["resolutivos.1.variables.parcial"] = "no"
    datos["resolutivos.0.variables.fundamentos"] = "lftaip.102\nlftaip.140.I"
    c.post(CASO, data=datos)
    despues = _datos(casos)
    assert despues["resolutivos"][1]["variables"]["parcial"] is False
    assert despues["resolutivos"][0]["variables"]["fundamentos"] == ["lftaip.102", "lftaip.140.I"]
    assert "fundamentos: [lftaip.102, lftaip.140.I]" in (casos / "cta-40418.yaml").read_text(encoding="utf-8")


def test_variables_que_la_clausula_no_declara_se_conservan(cliente):
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8").replace(
        "      tipo_clasificacion: reservada\n", "      tipo_clasificacion: reservada\n      nota_vieja: de otra cláusula\n")
    (casos / "cta-40418.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get(CASO).get_data(as_text=True)
    assert re.search(r'name="resolutivos\.1\.variables\.__otras__"[^>]*>nota_vieja: de otra cláusula', pagina)
    assert c.post(CASO, data=campos_del_formulario(pagina)).status_code == 302
    assert _datos(casos)["resolutivos"][1]["variables"]["nota_vieja"] == "de otra cláusula"
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos["resolutivos.1.variables.__otras__"] = ""  # la persona los borra
    c.post(CASO, data=datos)
    assert "nota_vieja" not in _datos(casos)["resolutivos"][1]["variables"]


def test_reordenar_resolutivos_mueve_cada_uno_con_lo_suyo(cliente):
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8").replace(
        "  - clausula: resolutivo.reproduccion\n",
        "  # el de la reproducción\n  - clausula: resolutivo.reproduccion\n    clave_rara: se conserva\n")
    (casos / "cta-40418.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get(CASO).get_data(as_text=True)
    assert 'name="__orden__.resolutivos" value="0,1,2,3"' in pagina
    datos = campos_del_formulario(pagina)
    datos["__orden__.resolutivos"] = "2,0,1,3"  # «Subir» dos veces el tercero
    assert c.post(CASO, data=datos).status_code == 302
    resolutivos = _datos(casos)["resolutivos"]
    assert [r["clausula"] for r in resolutivos] == ["resolutivo.reproduccion", "resolutivo.competencia",
                                                    "resolutivo.confirma_clasificacion", "resolutivo.notificacion"]
    assert resolutivos[0]["clave_rara"] == "se conserva" and "clave_rara" not in resolutivos[1]
    assert resolutivos[0]["variables"] == {"fundamentos": ["lftaip.145"]}
    guardado = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    assert "# el de la reproducción" in guardado
    # Un orden que no corresponde a la lista se ignora (no borra ni duplica nada).
    datos = campos_del_formulario(c.get(CASO).get_data(as_text=True))
    datos["__orden__.resolutivos"] = "9,9,x"
    c.post(CASO, data=datos)
    assert len(_datos(casos)["resolutivos"]) == 4


def test_campos_de_una_clausula_para_cambiarla_en_la_pagina(cliente):
    c, _ = cliente
    respuesta = c.get(CASO + "/variables?clausula=resolutivo.confirma_clasificacion&base=resolutivos.4.variables"
                             "&campo=resolutivos[5].variables")
    html = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 200
    assert 'name="resolutivos.4.variables.unidad"' in html and 'name="__clase__.resolutivos.4.variables"' in html
    for malo in ("clausula=resolutivo.competencia&base=../x.variables", "clausula=resolutivo.competencia&base=resolutivos.4",
                 "clausula=no.existe&base=resolutivos.4.variables"):
        assert c.get(CASO + "/variables?" + malo).status_code == 404
    assert c.get("/caso/no-existe.yaml/variables").status_code == 404


def test_la_causal_propone_la_fraccion_vigente_y_su_prueba_de_dano(cliente):
    c, _ = cliente
    pagina = c.get(CASO).get_data(as_text=True)
    assert re.search(r'<select id="causal-clasificaciones\.0" class="causal"', pagina)
    de_2018 = c.get("/api/causal/causal.seguridad_nacional?fecha=2018-11-21").get_json()
    assert de_2018["fraccion"] == "lftaip.110.I"
    assert de_2018["clausula"] == "prueba_de_dano.seguridad_nacional"
    assert any(e["fundamento"] == "lgcd.17.IV" for e in de_2018["elementos"])
    de_2026 = c.get("/api/causal/causal.seguridad_nacional?fecha=2026-03-02").get_json()
    assert de_2026["fraccion"] == "lgtaip2025.112.I"
    # Lo que se quita al elegirla: la fracción de la ley abrogada y lo de otras causales, no lo suyo.
    assert "lftaip.110.I" in de_2026["ajenos"] and "lgtaip2025.112.I" not in de_2026["ajenos"]
    assert "lgcd.17" not in de_2026["ajenos"] and "cpeum.6.A.I" not in de_2026["ajenos"]
    assert c.get("/api/causal/causal.no_existe").status_code == 404


def test_solo_las_vistas_previas_se_pueden_mostrar_dentro_de_la_pagina(cliente):
    c, _ = cliente
    assert "frame-ancestors 'none'" in c.get(CASO).headers["Content-Security-Policy"]
    vista = c.get(CASO + "/vista?incrustada=1")
    assert "frame-ancestors 'self'" in vista.headers["Content-Security-Policy"]
    assert "Volver al caso" not in vista.get_data(as_text=True)
    pagina = c.get(CASO).get_data(as_text=True)
    assert re.search(r'<iframe id="previa" title="Vista previa de la resolución" data-src="/caso/cta-40418\.yaml/'
                     r'(vista\.pdf|vista\?incrustada=1)"', pagina)


def test_fechas_con_selector_solo_si_son_fechas(cliente):
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8").replace("    fecha: 2018-11-20\n",
                                                                            "    fecha: AAAA-MM-DD\n")
    (casos / "cta-40418.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get(CASO).get_data(as_text=True)
    assert re.search(r'name="fecha" value="2018-11-21" type="date"', pagina)
    # Lo que no es una fecha no va en un selector (el navegador lo borraría): se muestra para corregirlo.
    assert re.search(r'name="respuestas\.0\.fecha" value="AAAA-MM-DD" placeholder="AAAA-MM-DD"', pagina)
    from generador.web.formulario import fecha_valida

    assert fecha_valida("") and fecha_valida(str(dt.date(2018, 11, 21)))
    assert not fecha_valida("2018-02-30") and not fecha_valida("20181121") and not fecha_valida("AAAA-MM-DD")


def test_un_campo_nuevo_del_modelo_aparece_en_el_primer_paso():
    from generador.web.formulario import Nodo
    from generador.web.pasos import repartir

    pasos = repartir([Nodo("texto", nombre="campo_futuro", campo="campo_futuro", titulo="Campo futuro")],
                     [{"nivel": "error", "campo": "campo_futuro", "mensaje": "x"}, {"nivel": "error", "mensaje": "y"}])
    assert [n.nombre for n in pasos[0].nodos] == ["campo_futuro"] and pasos[0].errores == 1
    # La revisión los lista todos y los cuenta todos (decía «sin hallazgos» junto a su lista).
    assert pasos[-1].errores == 2


def test_hallazgos_de_forma_y_juridicos_a_la_vez(cliente):
    """Un error de forma (el oficio vacío, un fundamento que no existe) ya no oculta los
    hallazgos jurídicos del resto del caso."""
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    texto = texto.replace("oficio: CTA-40418", 'oficio: ""').replace("      - lgcd.33\n", "      - lgcd.no_existe\n", 1)
    (casos / "cta-40418.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get(CASO).get_data(as_text=True)
    # El de forma, junto a su campo…
    assert re.search(r'data-para="oficio">[^<]*no puede estar vacío', pagina)
    # …y el jurídico, junto al suyo, en la misma página.
    assert re.search(r'data-para="clasificaciones\[1\]\.periodo_reserva">[^<]*no se indica la fecha de expiración',
                     pagina)
    datos = campos_del_formulario(pagina)
    hallazgos = c.post("/api/validar/cta-40418.yaml", data=datos, headers={"X-CSRF-Token": datos["csrf"]}).get_json()
    campos = {h["campo"] for h in hallazgos["hallazgos"]}
    assert {"oficio", "clasificaciones[1].periodo_reserva"} <= campos
    # Nada habla del valor provisional con que se revisó la copia.
    assert not any("(pendiente)" in h["mensaje"] for h in hallazgos["hallazgos"])


def test_la_copia_reparada_no_se_usa_si_falla_un_campo_central():
    from generador.web.revision_completa import _reparar, ruta_de

    assert ruta_de("respuestas[2].fecha") == ("respuestas", 1, "fecha")
    assert ruta_de("clasificaciones[1].fundamentos[3]") == ("clasificaciones", 0, "fundamentos", 2)
    assert ruta_de("") is None and ruta_de("a..b") is None
    datos = {"fecha": "x", "oficio": "", "sesion": {"numero": "diez"}}
    assert not _reparar(datos, ("fecha",))
    assert _reparar(datos, ("oficio",)) and datos["oficio"] == "(pendiente)"
    assert _reparar(datos, ("sesion", "numero")) and "numero" not in datos["sesion"]


def test_las_ayudas_no_hablan_de_yaml_ni_de_true(cliente):
    c, _ = cliente
    for url in ("/", CASO):
        pagina = c.get(url).get_data(as_text=True)
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<template>.*?</template>", "", pagina, flags=re.S))
        assert "YAML" not in visible, url
        assert not re.search(r"\b(true|false)\b", visible), url


def test_caso_nuevo_a_partir_de_otro(cliente):
    c, casos = cliente
    inicio = c.get("/").get_data(as_text=True)
    assert '<select name="a_partir_de">' in inicio and "<option>cta-40418.yaml</option>" in inicio
    csrf = re.search(r'name="csrf" value="([^"]+)"', inicio).group(1)
    respuesta = c.post("/nuevo", data={"nombre": "siguiente", "tipo": "inexistencia", "institucion": "generica",
                                       "a_partir_de": "cta-40418.yaml", "csrf": csrf})
    assert respuesta.status_code == 302
    texto = (casos / "siguiente.yaml").read_text(encoding="utf-8")
    nuevo, anterior = leer_yaml(texto, "n").datos, _datos(casos)
    # Lo que se repite de una resolución a otra del mismo Comité…
    for clave in ("institucion", "tipo", "orden_citas", "fundamentacion_resolucion", "resolutivos", "firmantes"):
        assert nuevo[clave] == anterior[clave], clave
    assert "suplente: true       # se imprime «Suplente del Director General…»" in texto  # con sus comentarios
    # …y lo propio de cada caso, en blanco.
    assert nuevo["oficio"] == "" and nuevo["solicitudes"][0]["folio"] == ""
    assert str(nuevo["fecha"]) == str(dt.date.today())
    for malo in ("../fuera.yaml", "no-existe.yaml"):
        assert c.post("/nuevo", data={"nombre": "otro", "tipo": "reserva", "institucion": "sre",
                                      "a_partir_de": malo, "csrf": csrf}).status_code == 400
    assert not (casos / "otro.yaml").exists()


def test_sin_libreoffice_la_vista_previa_es_la_de_html(cliente, monkeypatch):
    import generador.web as web

    c, _ = cliente
    monkeypatch.setattr(web, "hay_conversor_pdf", lambda: False)
    pagina = c.get(CASO).get_data(as_text=True)
    assert 'data-src="/caso/cta-40418.yaml/vista?incrustada=1"' in pagina and "vista.pdf" not in pagina
    vista = c.get(CASO + "/vista?incrustada=1").get_data(as_text=True)
    assert 'class="barra"' not in vista and "RESUELVE" in vista  # dentro de la página, sin la barra


def test_caso_nuevo_con_oficio_y_fecha_propone_sin_pedir_borrar(cliente):
    """El caso nuevo nace con su oficio (que da el nombre del archivo y, por su patrón, la
    institución) y con la fecha elegida: el esqueleto de 2018 cita la Ley Federal y no trae
    sesión, fechas de relleno ni fecha de expiración que haya que borrar."""
    c, casos = cliente
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
    respuesta = c.post("/nuevo", data={"oficio": "CTA-41018", "fecha": "2018-11-21", "tipo": "reserva",
                                       "institucion": "", "csrf": csrf})
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("/caso/cta-41018.yaml")
    texto = (casos / "cta-41018.yaml").read_text(encoding="utf-8")
    datos = leer_yaml(texto, "n").datos
    assert datos["oficio"] == "CTA-41018" and datos["institucion"] == "sre" and str(datos["fecha"]) == "2018-11-21"
    assert all("AAAA-MM-DD" not in linea.split("#")[0] for linea in texto.splitlines()) and "lftaip.110.I" in texto and "lgtaip2025" not in texto
    assert not any((datos.get("sesion") or {}).values())
    clasificacion = datos["clasificaciones"][0]
    assert clasificacion["periodo_reserva"].get("vencimiento") is None and "clausula" not in clasificacion["prueba_de_dano"]
    # Los integrantes del Comité de esa fecha, con un clic: quedan escritos en el caso.
    pagina = c.get("/caso/cta-41018.yaml").get_data(as_text=True)
    assert "Oscar Sánchez Delgado" in pagina and "firmantes=perfil" in pagina
    campos = campos_del_formulario(pagina)
    campos["respuestas.0.unidad"] = "DIRECCIÓN GENERAL DE TECNOLOGÍAS DE INFORMACIÓN E INNOVACIÓN"
    campos["reproduccion.fojas"] = "145"
    campos["__siguiente__"] = "revision"
    respuesta = c.post("/caso/cta-41018.yaml?firmantes=perfil", data=campos)
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("?paso=revision")
    datos = leer_yaml((casos / "cta-41018.yaml").read_text(encoding="utf-8"), "n").datos
    assert [f["nombre"] for f in datos["firmantes"]] == ["Oscar Sánchez Delgado", "Jorge Fuentes Hernández",
                                                        "Rosaura García Palmeros"]
    assert [f.get("suplente", False) for f in datos["firmantes"]] == [False, True, True]
    # La unidad que respondió es la que clasificó, la que señala la prueba de daño (Ley Federal)
    # y la que nombra el resolutivo que confirma; con «reproduccion», su resolutivo en su lugar.
    unidad = datos["respuestas"][0]["unidad"]
    clasificacion = datos["clasificaciones"][0]
    assert clasificacion["unidad"] == unidad and clasificacion["prueba_de_dano"] == {"senalada_por": unidad}
    assert [r["clausula"] for r in datos["resolutivos"]] == [
        "resolutivo.competencia", "resolutivo.confirma_clasificacion", "resolutivo.reproduccion",
        "resolutivo.notificacion"]
    assert datos["resolutivos"][1]["variables"]["unidad"] == unidad
    # En 2026 no hay integrantes que proponer (la fuente solo da los de 2018), y el esqueleto
    # calcula la fecha de expiración y trae la cláusula de prueba de daño de la Ley General.
    c.post("/nuevo", data={"oficio": "CTA-1026", "fecha": "2026-03-02", "tipo": "reserva", "institucion": "sre",
                           "csrf": csrf})
    nuevo = leer_yaml((casos / "cta-1026.yaml").read_text(encoding="utf-8"), "n").datos
    assert nuevo["clasificaciones"][0]["periodo_reserva"]["vencimiento"] == "calcular" and "firmantes" in nuevo
    assert "firmantes=perfil" not in c.get("/caso/cta-1026.yaml").get_data(as_text=True)


def test_lo_que_el_caso_no_usa_va_plegado_y_se_abre_si_tiene_hallazgos(cliente):
    """Los grupos opcionales que el caso no trae (procedimiento, versión pública…) y, en una
    reserva, lo que es solo de la información confidencial, van en un «details» cerrado: sus
    campos siguen en el formulario (guardar no los pierde) pero no tapan los del caso."""
    from generador.web.formulario import nodos

    c, casos = cliente
    pagina = c.get(CASO).get_data(as_text=True)

    def plegado(nombre: str) -> re.Match | None:
        return re.search(r'<details class="opcional"( open)?><summary>[^<]*<span class="ayuda-en-linea">\(([^)]*)\)'
                         r'</span></summary>\s*(?:<fieldset[^>]*>|<div class="campo"[^>]*>)\s*(?:<legend>[^<]*</legend>)?'
                         r'(?:(?!</details>).)*?name="' + re.escape(nombre) + '"', pagina, flags=re.S)

    assert plegado("procedimiento.expediente").group(2) == "opcional; el caso no lo usa todavía"
    assert plegado("clasificaciones.0.categorias").group(2) == "solo si la información es confidencial"
    assert plegado("clasificaciones.0.servidores_publicos")
    # Lo que el caso sí trae no se pliega.
    assert not plegado("clasificaciones.0.periodo_reserva.anios") and not plegado("reproduccion.fojas")
    assert not plegado("respuestas.0.unidad")
    # Una confidencial pliega lo de la reserva (vacío) y deja a la vista sus categorías.
    arbol = nodos({"tipo": "confidencial", "clasificaciones": [{"tipo": "confidencial", "unidad": "X"}]})
    elemento = next(n for n in arbol if n.nombre == "clasificaciones").hijos[0]
    estado = {h.nombre.rsplit(".", 1)[-1]: h.plegado for h in elemento.hijos}
    assert estado["prueba_de_dano"] and estado["periodo_reserva"] and not estado["categorias"]
    # Con un valor, lo de otro tipo queda a la vista (para corregirlo).
    arbol = nodos({"tipo": "reserva", "clasificaciones": [{"tipo": "reservada", "categorias": ["datos.identificativos"]}]})
    elemento = next(n for n in arbol if n.nombre == "clasificaciones").hijos[0]
    assert not next(h for h in elemento.hijos if h.nombre.endswith(".categorias")).plegado


def test_la_pagina_habla_como_la_ley_y_no_como_el_archivo(cliente):
    c, _ = cliente
    pagina = c.get(CASO).get_data(as_text=True)
    for titulo in ("Razones del plazo de reserva", "Tipo de clasificación", "Autoridad garante", "Iniciales de quien elaboró"):
        assert f">{titulo}" in pagina, titulo
    for crudo in (">Razones periodo<", ">Tipo clasificacion", ">Elaboro<", ">Ponderacion"):
        assert crudo not in pagina, crudo
    # La ayuda del texto citado dice qué hace el «...» pegado al final.
    assert "Si lo pega con «...» al final" in pagina
    assert "Id de la cláusula de resolutivo del catálogo" not in pagina


def test_mas_datos_de_cada_firmante_se_abre_si_alguno_tiene_valor(cliente):
    c, _ = cliente
    pagina = c.get(CASO).get_data(as_text=True)

    def mas_datos(i: int) -> str:
        inicio = pagina.index(f'name="firmantes.{i}.nombre"')
        return re.search(r'<details class="opcional mas-datos"( open)?>', pagina[inicio:]).group(0)

    # La primera firma como titular (nada que mostrar); la segunda es suplente: se ve.
    assert mas_datos(0) == '<details class="opcional mas-datos">'
    assert mas_datos(1) == '<details class="opcional mas-datos" open>'
    assert re.search(r'<details class="opcional mas-datos" open>(?:(?!</details>).)*name="firmantes\.1\.suplente"',
                     pagina, flags=re.S)
