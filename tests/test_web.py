"""La aplicación web (servidor): casos, formulario, guardado seguro, API y descargas."""

from __future__ import annotations

import html
import json
import io
import re

import docx
import pytest
from werkzeug.datastructures import MultiDict

from generador.catalogo import cargar
from generador.expediente.yaml_lineas import leer_yaml



def campos_del_formulario(pagina: str) -> MultiDict:
    """Lo que un navegador enviaría con el formulario tal como se muestra."""
    formulario = pagina[pagina.index('<form method="post" id="formulario"'):]
    formulario = re.sub(r"<template>.*?</template>", "", formulario, flags=re.S)
    datos = []
    for m in re.finditer(r"<input([^>]*)>", formulario):
        atributos = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in atributos or (atributos.get("type") == "checkbox" and "checked" not in m.group(1)):
            continue
        datos.append((html.unescape(atributos["name"]), html.unescape(atributos.get("value", ""))))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', formulario, flags=re.S):
        datos.append((html.unescape(m.group(1)), html.unescape(m.group(2))))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', formulario, flags=re.S):
        # Sin opción marcada, el navegador envía la primera (no una vacía).
        elegida = (re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)</option>', m.group(2))
                   or re.search(r'<option(?: value="([^"]*)")?>([^<]*)</option>', m.group(2)))
        valor = (elegida.group(1) if elegida.group(1) is not None else elegida.group(2)) if elegida else ""
        datos.append((html.unescape(m.group(1)), html.unescape(valor)))
    return MultiDict(datos)


def _csrf(cliente) -> str:
    pagina = cliente.get("/").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', pagina).group(1)


def test_ida_y_vuelta_conserva_datos_y_comentarios(cliente):
    c, casos = cliente
    antes = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    respuesta = c.post("/caso/cta-40418.yaml", data=campos_del_formulario(pagina))
    assert respuesta.status_code == 302
    despues = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    assert leer_yaml(despues, "d").datos == leer_yaml(antes, "a").datos
    assert [l for l in antes.splitlines() if l.lstrip().startswith("#")] == \
           [l for l in despues.splitlines() if l.lstrip().startswith("#")]


def test_un_cambio_en_la_pagina_llega_al_archivo_y_respeta_lo_demas(cliente):
    c, casos = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    datos = campos_del_formulario(pagina)
    datos.setlist("oficio", ["CTA-99999"])
    assert c.post("/caso/cta-40418.yaml", data=datos).status_code == 302
    assert "Guardado." in c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    assert "Guardado." not in c.get("/caso/cta-40418.yaml").get_data(as_text=True)  # el aviso se muestra una vez
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    assert "oficio: CTA-99999" in texto and "# Expediente de la resolución CTA-40418" in texto


def test_no_pisa_un_archivo_que_cambio_en_el_disco(cliente):
    c, casos = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    a_mano = (casos / "cta-40418.yaml").read_text(encoding="utf-8").replace("oficio: CTA-40418", "oficio: CTA-A-MANO")
    (casos / "cta-40418.yaml").write_text(a_mano, encoding="utf-8")
    datos = campos_del_formulario(pagina)
    datos.setlist("oficio", ["CTA-DESDE-LA-PAGINA"])
    respuesta = c.post("/caso/cta-40418.yaml", data=datos)
    assert respuesta.status_code == 409
    pagina = respuesta.get_data(as_text=True)
    assert "cambió en el disco" in pagina and "Difiere del archivo en: oficio" in pagina
    assert (casos / "cta-40418.yaml").read_text(encoding="utf-8") == a_mano
    # Lo que la persona escribió no se pierde: sigue en el formulario.
    assert 'value="CTA-DESDE-LA-PAGINA"' in pagina


def test_csrf_obligatorio(cliente):
    c, _ = cliente
    assert c.post("/nuevo", data={"nombre": "x", "tipo": "reserva", "institucion": "sre"}).status_code == 400
    assert c.post("/api/validar/cta-40418.yaml", data={}).status_code == 400


def test_nombres_fuera_de_la_carpeta(cliente):
    c, _ = cliente
    for ruta in ("/caso/..%2F..%2Fetc%2Fpasswd", "/caso/../x.yaml", "/caso/.oculto.yaml", "/caso/a.txt",
                 "/caso/cta-40418.yaml/descargar.exe", "/caso/cta-40418.yaml%0A"):
        assert c.get(ruta).status_code == 404, ruta
    csrf = _csrf(c)
    assert c.post("/nuevo", data={"nombre": "../fuera", "tipo": "reserva", "institucion": "sre",
                                  "csrf": csrf}).status_code in (400, 404)


def test_separadores_de_unicode_pegados_se_guardan_como_saltos(cliente):
    """U+2028, U+2029 y U+0085 (de un PDF o un procesador de textos) son saltos de línea para
    YAML, y el lector del expediente los rechaza: guardados tal cual, el caso no se volvía a
    abrir. Se guardan como saltos de línea y el de párrafo como párrafo nuevo."""
    c, casos = cliente
    datos = campos_del_formulario(c.get("/caso/cta-40418.yaml").get_data(as_text=True))
    largo = max(datos, key=lambda k: len(datos[k]))
    datos.setlist(largo, [datos[largo] + "\n\nUno\u2028dos\x85tres\u2029cuatro"])
    assert c.post("/caso/cta-40418.yaml", data=datos).status_code == 302
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    assert not {"\u2028", "\u2029", "\x85"} & set(texto)
    valor = leer_yaml(texto, "c").datos
    for parte in largo.split("."):
        valor = valor[int(parte)] if parte.isdigit() else valor[parte]
    assert valor.endswith("Uno\ndos\ntres\n\ncuatro\n") or valor.endswith("Uno\ndos\ntres\n\ncuatro")
    assert "Guardado." in c.get("/caso/cta-40418.yaml").get_data(as_text=True)


def test_caso_nuevo_desde_la_pagina(cliente):
    c, casos = cliente
    csrf = _csrf(c)
    respuesta = c.post("/nuevo", data={"nombre": "nuevo-caso", "tipo": "inexistencia", "institucion": "generica",
                                       "csrf": csrf})
    assert respuesta.status_code == 302 and (casos / "nuevo-caso.yaml").is_file()
    pagina = c.get("/caso/nuevo-caso.yaml").get_data(as_text=True)
    assert "«oficio»: no puede estar vacío" in pagina and 'name="inexistencia.busqueda.criterios"' in pagina
    assert 'name="clasificaciones.0.tipo"' not in pagina  # solo las secciones del tipo


@pytest.mark.parametrize("tipo", ["inexistencia", "reserva", "confidencial", "mixta", "ampliacion", "incompetencia",
                                  "acta", "ampliacion_reserva"])
def test_un_caso_nuevo_se_guarda_como_yaml_que_se_vuelve_a_leer(cliente, tipo):
    """La auditoría de la página: una inexistencia recién creada, guardada con un folio y lo demás
    vacío, quedaba con «inexistencia: # …» y «{}» en la línea siguiente (YAML que no se lee) y ya
    no se podía editar en la página."""
    c, casos = cliente
    nombre = f"nuevo-{tipo}"
    assert c.post("/nuevo", data={"nombre": nombre, "tipo": tipo, "institucion": "generica",
                                  "csrf": _csrf(c)}).status_code == 302
    pagina = c.get(f"/caso/{nombre}.yaml").get_data(as_text=True)
    assert "el YAML no es válido" not in pagina
    datos = campos_del_formulario(pagina)
    if "solicitudes.0.folio" in datos:
        datos.setlist("solicitudes.0.folio", ["330024600000126"])
    respuesta = c.post(f"/caso/{nombre}.yaml", data=datos)
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)[:500]
    texto = (casos / f"{nombre}.yaml").read_text(encoding="utf-8")
    leer_yaml(texto, nombre)  # se lee sin error
    pagina = c.get(f"/caso/{nombre}.yaml").get_data(as_text=True)
    assert "no se puede editar en la página" not in pagina and "el YAML no es válido" not in pagina


def test_el_nombre_del_archivo_sale_del_oficio_con_n_y_acentos(cliente):
    """La auditoría: «UT/CT/Ñ-003/2026» daba «ut-ct---003-2026» (la Ñ desaparecía, y «Á-003» daba el
    mismo nombre); «CON» se aceptaba (Windows lo reserva para un dispositivo)."""
    c, casos = cliente
    for oficio, nombre in (("UT/CT/Ñ-003/2026", "ut-ct-n-003-2026"), ("UT/CT/Á-003/2026", "ut-ct-a-003-2026"),
                           ('Núñez/ÑOÑO 😀 <x>&"', "nunez-nono-x")):
        respuesta = c.post("/nuevo", data={"oficio": oficio, "tipo": "reserva", "institucion": "generica",
                                           "csrf": _csrf(c)})
        assert respuesta.status_code == 302 and (casos / f"{nombre}.yaml").is_file()
    respuesta = c.post("/nuevo", data={"oficio": "///", "tipo": "reserva", "institucion": "generica", "csrf": _csrf(c)})
    assert respuesta.status_code == 400 and "del número de oficio" in respuesta.get_data(as_text=True)
    for reservado in ("CON", "nul", "Com1"):
        respuesta = c.post("/nuevo", data={"nombre": reservado, "tipo": "reserva", "institucion": "generica",
                                           "csrf": _csrf(c)})
        assert respuesta.status_code == 400 and "Windows reserva" in respuesta.get_data(as_text=True)
        assert not (casos / f"{reservado}.yaml").exists()


def test_caso_nuevo_con_una_fecha_que_no_existe(cliente):
    """La fecha decide la ley que cita el esqueleto: una que no existe es un error, no hoy."""
    c, casos = cliente
    for fecha, mensaje in (("2025-02-30", "no existe"), ("30/02/2025", "AAAA-MM-DD"), ("9999-12-31", "debe estar entre")):
        respuesta = c.post("/nuevo", data={"nombre": "con-fecha", "tipo": "reserva", "institucion": "generica",
                                           "fecha": fecha, "csrf": _csrf(c)})
        pagina = respuesta.get_data(as_text=True)
        assert respuesta.status_code == 400 and "fecha de la resolución" in pagina and mensaje in pagina, pagina
        assert not (casos / "con-fecha.yaml").exists()
    respuesta = c.post("/nuevo", data={"nombre": "con-fecha", "tipo": "reserva", "institucion": "generica",
                                       "fecha": "2025-02-28", "csrf": _csrf(c)})
    assert respuesta.status_code == 302
    assert "fecha: 2025-02-28" in (casos / "con-fecha.yaml").read_text(encoding="utf-8")


def test_validar_en_vivo_por_campo(cliente):
    c, _ = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    datos = campos_del_formulario(pagina)
    datos.setlist("fecha", ["2018-02-30"])
    respuesta = c.post("/api/validar/cta-40418.yaml", data=datos, headers={"X-CSRF-Token": datos["csrf"]})
    hallazgos = respuesta.get_json()["hallazgos"]
    assert any(h["campo"] == "fecha" and "no existe" in h["mensaje"] for h in hallazgos)
    assert 'data-para="fecha"' in pagina  # el lugar donde la página lo muestra


def test_vista_previa_escapa_el_texto(cliente):
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8").replace(
        "Solicito documentos relacionados", "Solicito <script>alert(1)</script> documentos relacionados")
    (casos / "cta-40418.yaml").write_text(texto, encoding="utf-8")
    pagina = c.get("/caso/cta-40418.yaml/vista").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina and "<script>alert" not in pagina
    assert "ASÍ LO RESOLVIERON Y FIRMAN" in pagina and "OSCAR SÁNCHEZ DELGADO" in pagina


def test_descarga_docx(cliente):
    c, _ = cliente
    respuesta = c.get("/caso/cta-40418.yaml/descargar.docx")
    assert respuesta.status_code == 200
    texto = "\n".join(p.text for p in docx.Document(io.BytesIO(respuesta.data)).paragraphs)
    assert "A VEINTIUNO DE NOVIEMBRE DE DOS MIL DIECIOCHO" in texto


def _cambiar(datos: MultiDict, campo: str, valor: str, cambiados: list) -> None:
    """Lo que hace el navegador al guardar: el valor nuevo y, en «__cambiados__», el que tenía."""
    cambiados.append([campo, datos.get(campo)])
    datos.setlist(campo, [valor])
    datos.setlist("__cambiados__", [json.dumps(cambiados)])


def test_dos_personas_que_cambian_campos_distintos_conservan_las_dos(cliente):
    """La auditoría de la página: el segundo guardado reemplazaba entero al primero, y lo que la
    primera persona cambió en un campo que la segunda ni tocó se perdía sin aviso."""
    c, casos = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    primera, segunda = campos_del_formulario(pagina), campos_del_formulario(pagina)
    _cambiar(primera, "oficio", "CTA-DE-MARIA", [])
    assert c.post("/caso/cta-40418.yaml", data=primera).status_code == 302
    _cambiar(segunda, "asunto", "Asunto escrito por Jorge", [])
    respuesta = c.post("/caso/cta-40418.yaml", data=segunda)
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)[:400]
    datos = leer_yaml((casos / "cta-40418.yaml").read_text(encoding="utf-8"), "x").datos
    assert datos["oficio"] == "CTA-DE-MARIA" and datos["asunto"] == "Asunto escrito por Jorge"
    aviso = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    assert "se conservaron los de las dos" in aviso


def test_dos_personas_que_cambian_el_mismo_campo_no_se_pisan(cliente):
    c, casos = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    primera, segunda = campos_del_formulario(pagina), campos_del_formulario(pagina)
    _cambiar(primera, "oficio", "CTA-DE-MARIA", [])
    assert c.post("/caso/cta-40418.yaml", data=primera).status_code == 302
    cambiados: list = []
    _cambiar(segunda, "asunto", "Asunto escrito por Jorge", cambiados)
    _cambiar(segunda, "oficio", "CTA-DE-JORGE", cambiados)
    respuesta = c.post("/caso/cta-40418.yaml", data=segunda)
    pagina = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 409 and "otra persona guardó otro valor en «oficio»" in pagina
    assert "«asunto»" not in pagina.split("otra persona guardó otro valor en")[1].split(", que usted")[0]
    datos = leer_yaml((casos / "cta-40418.yaml").read_text(encoding="utf-8"), "x").datos
    assert datos["oficio"] == "CTA-DE-MARIA" and datos["asunto"] != "Asunto escrito por Jorge"
    # Sin la lista (p. ej. añadió un elemento): el aviso de siempre, sin juntar nada.
    segunda.setlist("__cambiados__", ["*"])
    assert c.post("/caso/cta-40418.yaml", data=segunda).status_code == 409


def test_la_descarga_con_errores_de_la_revision_no_entrega_ni_registra(cliente, tmp_path):
    """Como «resoluciones generar»: la auditoría de la página descargó (y anotó en el registro de
    reservas) una resolución con la fecha de expiración equivocada (TC-02)."""
    c, casos = cliente
    texto = (casos / "cta-40418.yaml").read_text(encoding="utf-8")
    assert "anios: 5" in texto
    (casos / "cta-40418.yaml").write_text(texto.replace("anios: 5", "anios: 5\n      vencimiento: 2030-01-01", 1),
                                          encoding="utf-8")
    for formato in ("docx", "pdf"):
        respuesta = c.get(f"/caso/cta-40418.yaml/descargar.{formato}")
        pagina = respuesta.get_data(as_text=True)
        assert respuesta.status_code == 400 and "no se generó el documento" in pagina and "no corresponde a 5 años" in pagina


def test_busqueda_en_el_catalogo(cliente):
    c, _ = cliente
    resultados = c.get("/api/catalogo?q=informacion reservada por motivos").get_json()["resultados"]
    assert any(r["id"] == "lsn.51" and "Seguridad Nacional" in r["cita"] for r in resultados)
    # Por palabras, en cualquier orden y sin acentos, primero las que coinciden en la cita.
    for consulta, esperado in (("110 fraccion I", "lftaip.110.I"), ("articulo 51 ley de seguridad nacional", "lsn.51"),
                               ("6o apartado A fraccion I", "cpeum.6.A.I"), ("acuerdo comite", "acuerdo_comite_sre")):
        ids = [r["id"] for r in c.get(f"/api/catalogo?q={consulta}").get_json()["resultados"]][:5]
        assert esperado in ids, (consulta, ids)


def test_limite_de_tamano(cliente):
    c, _ = cliente
    respuesta = c.post("/api/validar/cta-40418.yaml", data={"texto": "x" * (3 * 1024 * 1024)})
    assert respuesta.status_code == 413


def test_cabeceras_de_seguridad(cliente):
    c, _ = cliente
    cabeceras = c.get("/").headers
    assert "default-src 'self'" in cabeceras["Content-Security-Policy"]
    assert cabeceras["X-Content-Type-Options"] == "nosniff"


def test_clausulas_se_eligen_de_una_lista_con_sus_variables(cliente):
    c, _ = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="resolutivos.0.clausula"[^>]*class="clausula"', pagina)
    # La lista muestra el título de cada cláusula (con su id) y envía el id: guardar no cambia.
    clausulas = cargar().clausulas
    competencia = html.escape(clausulas["resolutivo.competencia"].titulo)
    vida = html.escape(clausulas["prueba_de_dano.vida_seguridad_salud"].titulo)
    assert f'<option value="resolutivo.competencia" selected>{competencia} (resolutivo.competencia)</option>' in pagina
    assert (f'<option value="prueba_de_dano.vida_seguridad_salud">{vida} (prueba_de_dano.vida_seguridad_salud)'
            "</option>") in pagina
    assert "<option>resolutivo." not in pagina and "<option selected>resolutivo." not in pagina
    assert campos_del_formulario(pagina)["resolutivos.0.clausula"] == "resolutivo.competencia"
    datos = c.get("/api/clausula/prueba_de_dano.vida_seguridad_salud").get_json()
    nombres = {v["nombre"]: v for v in datos["variables"]}
    assert {"informacion", "riesgo", "ponderacion", "vinculo", "bien_juridico", "dano"} <= set(nombres)
    assert nombres["proporcionalidad"]["obligatoria"] is False
    assert c.get("/api/clausula/no.existe").status_code == 404


def test_quitar_y_anadir_no_pisa_elementos(cliente):
    """Los índices de elementos nuevos solo crecen: «firmantes.3» tras quitar el primero
    no pisa a «firmantes.2» (antes se perdía un firmante)."""
    c, casos = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    assert 'data-nombre="firmantes" data-siguiente="3"' in pagina
    datos = campos_del_formulario(pagina)
    for clave in [k for k in list(datos.keys()) if k.startswith("firmantes.0.")]:
        del datos[clave]  # «Quitar» el primero
    datos["firmantes.3.nombre"] = "Persona Nueva"
    datos["firmantes.3.cargo"] = "Vocal"
    assert c.post("/caso/cta-40418.yaml", data=datos).status_code == 302
    firmantes = leer_yaml((casos / "cta-40418.yaml").read_text(encoding="utf-8"), "x").datos["firmantes"]
    assert [f["nombre"] for f in firmantes] == ["Jorge Fuentes Hernández", "Rosaura García Palmeros", "Persona Nueva"]


def test_hallazgo_de_un_grupo_se_muestra_junto_al_grupo(cliente):
    c, _ = cliente
    pagina = c.get("/caso/cta-40418.yaml").get_data(as_text=True)
    assert re.search(r'data-para="clasificaciones\[1\]\.periodo_reserva">[^<]*no se indica la fecha de expiración',
                     pagina)


def test_servir_con_el_puerto_ocupado(cli, tmp_path):
    import socket

    with socket.socket() as ocupado:
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        puerto = ocupado.getsockname()[1]
        codigo, _, errores = cli("servir", "--carpeta", str(tmp_path / "casos"), "--puerto", str(puerto))
    assert codigo == 2 and f"el puerto {puerto} ya está en uso" in errores


def test_una_redireccion_dice_su_cuerpo_en_espanol(cliente):
    """El cuerpo de una redirección (lo ve quien usa curl o un script) no queda en inglés."""
    c, _ = cliente
    respuesta = c.post("/nuevo", data={"nombre": "redirigido", "tipo": "reserva", "institucion": "generica",
                                       "csrf": _csrf(c)})
    cuerpo = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("/caso/redirigido.yaml")
    assert 'lang="es"' in cuerpo and "Redirigiendo" in cuerpo and "redirected" not in cuerpo


def test_la_pagina_tiene_su_icono(cliente):
    """Sin él, el navegador pedía /favicon.ico en cada página y anotaba un 404."""
    c, _ = cliente
    pagina = c.get("/").get_data(as_text=True)
    enlace = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', pagina)
    assert enlace and c.get(enlace.group(1)).status_code == 200


def test_caso_nuevo_sin_oficio_pide_el_oficio(cliente):
    """La auditoría 9: sin oficio, el mensaje mandaba a llenar «Nombre del archivo»."""
    c, _ = cliente
    respuesta = c.post("/nuevo", data={"oficio": "", "nombre": "", "tipo": "reserva", "institucion": "generica",
                                       "csrf": _csrf(c)})
    assert respuesta.status_code == 400
    assert "Escriba el número de oficio" in html.unescape(respuesta.get_data(as_text=True))
