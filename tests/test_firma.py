"""La e.firma sobre el PDF (issue 20, punto 4): firmar en PAdES y verificar como lo pide el issue.

Todo con una autoridad de prueba desechable (``tests/credenciales_de_prueba.py``), nunca
con certificados reales: un PDF firmado verifica contra esa autoridad, se rechaza sin ella,
se rechaza si cambia un byte firmado o si se le añade después algo que no es una firma;
dos integrantes firman uno tras otro y las dos firmas valen.
"""

from __future__ import annotations

import builtins
import datetime as dt
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

import pymupdf
import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from generador.errores import ErrorDeUsuario
from generador.firma import cargar_credencial, firmar_pdf, verificar_pdf
from generador.firma.credencial import datos_del_sujeto

from .conftest import MUESTRA
from .credenciales_de_prueba import CLAVE, autoridad, autoridad_intermedia, credencial, sello_de_tiempo

HAY_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


@pytest.fixture(scope="module")
def carpeta(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("firma")


@pytest.fixture(scope="module")
def ca(carpeta):
    return autoridad(carpeta)


@pytest.fixture(scope="module")
def ana(carpeta, ca):
    return credencial(carpeta, ca, titular="ANA PÉREZ GARCÍA", rfc="PEGA800101AB1")


@pytest.fixture(scope="module")
def beto(carpeta, ca):
    return credencial(carpeta, ca, titular="ALBERTO LÓPEZ RUIZ", rfc="LORA750505XY2")


def _abrir(par, clave=CLAVE):
    cer, key = par
    return cargar_credencial(cer.read_bytes(), key.read_bytes(), clave)


def _pdf(paginas: int = 2) -> bytes:
    doc = pymupdf.open()
    for numero in range(paginas):
        pagina = doc.new_page()
        pagina.insert_text((72, 72), f"Resolución del Comité de Transparencia, hoja {numero + 1}")
    return doc.tobytes()


@pytest.fixture(scope="module")
def firmado(ana) -> bytes:
    return firmar_pdf(_pdf(), _abrir(ana), campo="Firma-Ana", caja=(72, 100, 300, 160), razon="Aprobación")


def _escribir(carpeta: Path, nombre: str, datos: bytes) -> Path:
    ruta = carpeta / nombre
    ruta.write_bytes(datos)
    return ruta


# --- Lo que pide el issue -------------------------------------------------------------------

def test_verifica_con_su_autoridad_y_se_rechaza_sin_ella(cli, carpeta, ca, firmado):
    pdf = _escribir(carpeta, "firmado.pdf", firmado)
    raiz = carpeta / "autoridad.cer"
    codigo, salida, errores = cli("verificar", str(pdf), "--confianza", str(raiz))
    assert codigo == 0, errores
    assert "titular: ANA PÉREZ GARCÍA" in salida and "RFC: PEGA800101AB1" in salida
    assert "íntegra: sí" in salida and "cadena de confianza: sí" in salida

    codigo, salida, errores = cli("verificar", str(pdf))
    assert codigo == 2
    assert "cadena de confianza: no" in salida
    assert "no lleva a ninguna autoridad de confianza" in errores
    assert "Traceback" not in errores

    # Otra autoridad (también de prueba) no sirve de raíz para esta firma.
    otra = _escribir(carpeta, "otra.cer", autoridad()[0])
    assert cli("verificar", str(pdf), "--confianza", str(otra))[0] == 2


def test_se_rechaza_si_cambia_un_byte_firmado(cli, carpeta, firmado):
    lector = PdfFileReader(io.BytesIO(firmado))
    inicio, largo, _, _ = lector.embedded_signatures[0].sig_object["/ByteRange"]
    assert inicio == 0 and largo > 20
    alterado = bytearray(firmado)
    # Un byte del diccionario de información (el productor), dentro del rango firmado: el PDF
    # sigue legible, solo que ya no es el que se firmó.
    indice = firmado.index(b"Producer(MuPDF ") + len(b"Producer(MuPDF ")
    assert indice < largo
    alterado[indice] = ord("9") if alterado[indice] != ord("9") else ord("8")
    pdf = _escribir(carpeta, "alterado.pdf", bytes(alterado))
    codigo, salida, errores = cli("verificar", str(pdf), "--confianza", str(carpeta / "autoridad.cer"))
    assert codigo == 2
    assert "íntegra: no" in salida
    assert "no es íntegra: el documento cambió después de firmarse" in errores


def test_se_rechaza_un_cambio_incremental_que_no_es_firma(cli, carpeta, firmado):
    pdf = _escribir(carpeta, "anotado.pdf", firmado)
    doc = pymupdf.open(pdf)
    doc[0].add_text_annot((200, 200), "cambio posterior")
    doc.save(pdf, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    assert pdf.read_bytes().startswith(firmado)  # de verdad incremental: lo firmado sigue igual
    codigo, salida, errores = cli("verificar", str(pdf), "--confianza", str(carpeta / "autoridad.cer"))
    assert codigo == 2
    assert "íntegra: sí" in salida  # los bytes firmados no cambiaron…
    assert "el PDF cambió después de la firma de ANA PÉREZ GARCÍA" in errores  # …pero se añadió algo


def test_se_rechaza_un_cambio_de_solo_metadatos_despues_de_firmar(ca, tmp_path, firmado):
    # pyHanko tolera esto (lo clasifica como actualización de validación); una resolución
    # firmada no: ni su título cambia sin otra firma.
    pdf = _escribir(tmp_path, "metadatos.pdf", firmado)
    doc = pymupdf.open(pdf)
    doc.set_metadata({"title": "Otro título"})
    doc.save(pdf, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    resultado = verificar_pdf(pdf.read_bytes(), [ca[0]])
    assert not resultado.valida
    assert resultado.firmas[0].intacta and resultado.firmas[0].confiable
    assert not resultado.firmas[0].sin_cambios_posteriores
    assert any("no es una firma" in m for m in resultado.motivos)


def test_dos_integrantes_firman_y_las_dos_firmas_valen(ca, ana, beto, firmado):
    segunda = firmar_pdf(firmado, _abrir(beto), campo="Firma-Alberto", caja=(320, 100, 540, 160))
    assert segunda.startswith(firmado)  # incremental: la primera firma no se tocó
    resultado = verificar_pdf(segunda, [ca[0]])
    assert resultado.valida, resultado.motivos
    assert [(f.campo, f.rfc) for f in resultado.firmas] == [("Firma-Ana", "PEGA800101AB1"),
                                                          ("Firma-Alberto", "LORA750505XY2")]
    assert all(f.intacta and f.confiable and f.sin_cambios_posteriores for f in resultado.firmas)
    assert resultado.firmas[0].cambios == "solo firmas posteriores"


def test_un_cambio_entre_dos_firmas_invalida_la_primera(tmp_path, ca, beto, firmado):
    intermedio = tmp_path / "intermedio.pdf"
    intermedio.write_bytes(firmado)
    doc = pymupdf.open(intermedio)
    doc[1].add_text_annot((100, 100), "nota agregada entre firmas")
    doc.save(intermedio, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    segunda = firmar_pdf(intermedio.read_bytes(), _abrir(beto), campo="Firma-Alberto")
    resultado = verificar_pdf(segunda, [ca[0]])
    assert not resultado.valida
    primera, ultima = resultado.firmas
    assert primera.intacta and not primera.sin_cambios_posteriores
    assert ultima.intacta and ultima.sin_cambios_posteriores
    assert any("después de la firma de ANA PÉREZ GARCÍA" in m for m in resultado.motivos)


def test_la_firma_visible_queda_en_su_pagina_con_su_caja(firmado):
    doc = pymupdf.open(stream=firmado)
    assert not list(doc[0].widgets())  # -1: la última página
    widgets = list(doc[-1].widgets())
    assert [w.field_name for w in widgets] == ["Firma-Ana"]
    alto = doc[-1].rect.height
    # PyMuPDF mide desde arriba; la caja se dio desde abajo (puntos del PDF).
    assert tuple(round(v) for v in widgets[0].rect) == (72, round(alto - 160), 300, round(alto - 100))
    texto = doc[-1].get_text()
    assert "Firmado electrónicamente por ANA PÉREZ GARCÍA" in texto and "RFC PEGA800101AB1" in texto


def test_sin_caja_la_firma_es_invisible_y_en_pades(ana, ca):
    firmado = firmar_pdf(_pdf(1), _abrir(ana), campo="Invisible", pagina=0)
    firma = PdfFileReader(io.BytesIO(firmado)).embedded_signatures[0]
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    rect = [float(v) for v in firma.sig_field["/Rect"]] if "/Rect" in firma.sig_field else [0, 0, 0, 0]
    assert rect[2] - rect[0] == 0 and rect[3] - rect[1] == 0
    assert verificar_pdf(firmado, [ca[0]]).valida


def test_la_llave_no_se_escribe_en_disco_ni_en_el_pdf(monkeypatch, ana):
    abierta = _abrir(ana)
    escrituras = []
    abrir, abrir_os = builtins.open, os.open

    def espia(archivo, modo="r", *args, **kwargs):
        if any(letra in modo for letra in "wax+"):
            escrituras.append(archivo)
        return abrir(archivo, modo, *args, **kwargs)

    def espia_os(ruta, banderas, *args, **kwargs):
        if banderas & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            escrituras.append(ruta)
        return abrir_os(ruta, banderas, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", espia)
    monkeypatch.setattr(os, "open", espia_os)
    firmado = firmar_pdf(_pdf(1), abierta, campo="Sin-disco", caja=(72, 72, 300, 140))
    monkeypatch.undo()
    assert escrituras == []
    privada = abierta.llave.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
    assert privada[-64:] not in firmado


def test_un_campo_repetido_es_un_error_claro(ana, firmado):
    with pytest.raises(ErrorDeUsuario, match="ya tiene un campo de firma «Firma-Ana»"):
        firmar_pdf(firmado, _abrir(ana), campo="Firma-Ana")


def test_sello_de_tiempo_b_t(ca, ana):
    firmado = firmar_pdf(_pdf(1), _abrir(ana), campo="Con-sello", sellador=sello_de_tiempo(ca))
    firma = PdfFileReader(io.BytesIO(firmado)).embedded_signatures[0]
    atributos = firma.signer_info["unsigned_attrs"].native
    assert any(a["type"] == "signature_time_stamp_token" for a in atributos)
    resultado = verificar_pdf(firmado, [ca[0]])
    assert resultado.valida, resultado.motivos
    assert resultado.firmas[0].sello_de_tiempo and resultado.firmas[0].momento is not None
    # Sin la autoridad, ni la firma ni el sello de tiempo son de confianza.
    sin_raiz = verificar_pdf(firmado, [])
    assert not sin_raiz.valida
    assert any("sello de tiempo" in m for m in sin_raiz.motivos)


class _TsaLocal(http.server.BaseHTTPRequestHandler):
    """Una autoridad de sello de tiempo RFC 3161 en loopback, respaldada por el DummyTimeStamper."""

    sellador = None

    def do_POST(self):  # noqa: N802 - nombre que impone http.server
        peticion = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        respuesta = self.sellador.request_tsa_response(peticion).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(respuesta)))
        self.end_headers()
        self.wfile.write(respuesta)

    def log_message(self, *args):
        pass


def test_sello_de_tiempo_por_http_desde_la_terminal(cli, tmp_path, monkeypatch, carpeta, ca, ana):
    manejador = type("Tsa", (_TsaLocal,), {"sellador": sello_de_tiempo(ca)})
    servidor = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manejador)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    try:
        url = f"http://127.0.0.1:{servidor.server_address[1]}/"
        salida = tmp_path / "bt.pdf"
        codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), "--tsa", url, monkeypatch=monkeypatch)
        assert codigo == 0, errores
    finally:
        servidor.shutdown()
        servidor.server_close()
    codigo, texto, errores = cli("verificar", str(salida), "--confianza", str(carpeta / "autoridad.cer"))
    assert codigo == 0, errores
    assert "(sello de tiempo)" in texto
    # Una TSA que no responde: error en español y sin archivo.
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(tmp_path / "no.pdf"), "--tsa", url,
                                 monkeypatch=monkeypatch)
    assert codigo == 2 and "no se obtuvo el sello de tiempo" in errores
    assert not (tmp_path / "no.pdf").exists()


def test_la_cadena_intermedia_va_dentro_de_la_firma(cli, tmp_path, monkeypatch, ca):
    intermedia = autoridad_intermedia(ca)
    par = credencial(tmp_path, intermedia, titular="EVA INTERMEDIA", rfc="INEV800101AA1")
    ruta_intermedia = _escribir(tmp_path, "intermedia.cer", intermedia[0])
    raiz = _escribir(tmp_path, "raiz.cer", ca[0])
    sin, con = tmp_path / "sin.pdf", tmp_path / "con.pdf"
    assert _firmar(cli, tmp_path, par, "-o", str(sin), monkeypatch=monkeypatch)[0] == 0
    assert _firmar(cli, tmp_path, par, "-o", str(con), "--cadena", str(ruta_intermedia),
                   monkeypatch=monkeypatch)[0] == 0
    # Sin la intermedia dentro, la raíz sola no basta; dándola también como confianza, sí.
    assert cli("verificar", str(sin), "--confianza", str(raiz))[0] == 2
    assert cli("verificar", str(sin), "--confianza", str(raiz), "--confianza", str(ruta_intermedia))[0] == 0
    assert cli("verificar", str(con), "--confianza", str(raiz))[0] == 0


def test_pdf_cifrado_o_truncado_es_un_error_claro(ana, tmp_path):
    cifrado = tmp_path / "cifrado.pdf"
    doc = pymupdf.open()
    doc.new_page()
    doc.save(cifrado, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="dueño", user_pw="")
    with pytest.raises(ErrorDeUsuario, match="está cifrado"):
        firmar_pdf(cifrado.read_bytes(), _abrir(ana), campo="F")
    with pytest.raises(ErrorDeUsuario, match="está cifrado"):
        verificar_pdf(cifrado.read_bytes(), [])
    with pytest.raises(ErrorDeUsuario, match="dañado"):
        firmar_pdf(_pdf(1)[:300], _abrir(ana), campo="F")


def test_un_pdf_sin_firmas_no_es_valido(cli, tmp_path):
    pdf = tmp_path / "sin.pdf"
    pdf.write_bytes(_pdf(1))
    codigo, _, errores = cli("verificar", str(pdf))
    assert codigo == 2 and "el PDF no tiene firmas" in errores


# --- La credencial --------------------------------------------------------------------------

def test_la_credencial_lee_titular_rfc_curp_y_serie(carpeta, ca):
    cer, key = credencial(carpeta, ca, titular="INSTITUTO DE PRUEBA", rfc="IPR010101AA1 / PEGA800101AB1",
                          curp=" / PEGA800101HDFRRN09")
    abierta = _abrir((cer, key))
    assert (abierta.titular, abierta.rfc) == ("INSTITUTO DE PRUEBA", "IPR010101AA1")
    assert abierta.curp == ""  # la persona moral no tiene CURP: la del representante va después de «/»
    assert abierta.serie and abierta.vigente_hasta > abierta.vigente_desde
    assert "llave" not in repr(abierta) and "PRIVATE" not in repr(abierta)
    sujeto = x509.load_der_x509_certificate(cer.read_bytes())
    assert datos_del_sujeto(sujeto)[1] == "IPR010101AA1"


def test_contrasena_equivocada_pareja_distinta_y_vencida(carpeta, ca, ana, beto):
    with pytest.raises(ErrorDeUsuario, match="contraseña de la llave privada .* es incorrecta"):
        _abrir(ana, clave="otra")
    with pytest.raises(ErrorDeUsuario, match="no son pareja"):
        cargar_credencial(ana[0].read_bytes(), beto[1].read_bytes(), CLAVE)
    vencida = credencial(carpeta, ca, titular="CARLA VENCIDA", rfc="VECA700101ZZ9", vencida=True)
    with pytest.raises(ErrorDeUsuario, match="venció el"):
        _abrir(vencida)


def test_una_firma_con_certificado_vencido_se_rechaza_al_verificar(carpeta, ca):
    # cargar_credencial no deja firmar con un certificado vencido; aquí se le dice que «ahora»
    # es antes del vencimiento para obtener esa firma y ver que verificar tampoco la acepta.
    cer, key = credencial(carpeta, ca, titular="CARLA VENCIDA", rfc="VECA700101ZZ9", vencida=True)
    antes = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
    firmado = firmar_pdf(_pdf(1), cargar_credencial(cer.read_bytes(), key.read_bytes(), CLAVE, ahora=antes),
                         campo="Vencida")
    resultado = verificar_pdf(firmado, [ca[0]])
    assert not resultado.valida and resultado.firmas[0].intacta and not resultado.firmas[0].confiable
    assert any("no estaba vigente" in m for m in resultado.motivos)


def test_la_llave_cifrada_como_la_del_sat_tres_des(carpeta, ca):
    cer, key = credencial(carpeta, ca, titular="DIANA TRES DES", rfc="TEDD800101AA1", tres_des=True)
    assert b"\x2a\x86\x48\x86\xf7\x0d\x03\x07" in key.read_bytes()  # OID des-ede3-cbc
    abierta = _abrir((cer, key))
    assert abierta.rfc == "TEDD800101AA1"
    assert verificar_pdf(firmar_pdf(_pdf(1), abierta, campo="F"), [ca[0]]).valida
    with pytest.raises(ErrorDeUsuario, match="contraseña"):
        _abrir((cer, key), clave="mala")


def test_archivos_cambiados_de_lugar(ana):
    with pytest.raises(ErrorDeUsuario, match="no es un certificado X.509"):
        cargar_credencial(ana[1].read_bytes(), ana[1].read_bytes(), CLAVE)
    with pytest.raises(ErrorDeUsuario, match="no es una llave privada PKCS#8"):
        cargar_credencial(ana[0].read_bytes(), ana[0].read_bytes(), CLAVE)


# --- El comando -----------------------------------------------------------------------------

def _firmar(cli, tmp_path, par, *extra, clave=CLAVE, entrada=None, monkeypatch=None):
    pdf = tmp_path / "resolucion.pdf"
    if not pdf.exists():
        pdf.write_bytes(_pdf())
    if monkeypatch is not None:
        monkeypatch.setenv("RESOLUCIONES_FIEL_CLAVE", clave)
    return cli("firmar", str(pdf), "--cer", str(par[0]), "--key", str(par[1]), *extra, entrada=entrada)


def test_firmar_desde_la_terminal_y_verificar(cli, tmp_path, monkeypatch, carpeta, ana):
    salida = tmp_path / "firmado.pdf"
    codigo, texto, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), "--caja", "72,72,300,140",
                                     "--pagina", "1", "--razon", "Aprobación del Comité", monkeypatch=monkeypatch)
    assert codigo == 0, errores
    assert "ANA PÉREZ GARCÍA" in texto
    doc = pymupdf.open(salida)
    assert [w.field_name for w in doc[0].widgets()] == ["Firma-PEGA800101AB1"]
    assert cli("verificar", str(salida), "--confianza", str(carpeta / "autoridad.cer"))[0] == 0


def test_la_contrasena_se_pide_si_no_esta_en_el_entorno(cli, tmp_path, monkeypatch, ana):
    monkeypatch.delenv("RESOLUCIONES_FIEL_CLAVE", raising=False)
    salida = tmp_path / "firmado.pdf"
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), entrada=CLAVE + "\n")
    assert codigo == 0, errores
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(tmp_path / "otro.pdf"), entrada="mala\n")
    assert codigo == 2 and "contraseña" in errores and "Traceback" not in errores
    assert not (tmp_path / "otro.pdf").exists()


def test_errores_del_comando_en_espanol_sin_traza(cli, tmp_path, monkeypatch, carpeta, ca, ana, beto):
    salida = tmp_path / "f.pdf"
    monkeypatch.setenv("RESOLUCIONES_FIEL_CLAVE", "equivocada")
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida))
    assert codigo == 2 and "la contraseña de la llave privada (.key) es incorrecta" in errores
    monkeypatch.setenv("RESOLUCIONES_FIEL_CLAVE", CLAVE)
    codigo, _, errores = _firmar(cli, tmp_path, (ana[0], beto[1]), "-o", str(salida))
    assert codigo == 2 and "no son pareja" in errores
    vencida = credencial(carpeta, ca, titular="CARLA VENCIDA", rfc="VECA700101ZZ9", vencida=True)
    codigo, _, errores = _firmar(cli, tmp_path, vencida, "-o", str(salida))
    assert codigo == 2 and "venció" in errores
    codigo, _, errores = _firmar(cli, tmp_path, (tmp_path / "no-existe.cer", ana[1]), "-o", str(salida))
    assert codigo == 2 and "no existe el certificado" in errores
    codigo, _, errores = cli("firmar", str(ana[0]), "--cer", str(ana[0]), "--key", str(ana[1]), "-o", str(salida))
    assert codigo == 2 and "no es un PDF" in errores
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), "--caja", "1,2,3")
    assert codigo == 2 and "cuatro números" in errores
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), "--caja", "1,2,3,4", "--pagina", "9")
    assert codigo == 2 and "no hay página 9" in errores
    assert not salida.exists()


def test_no_se_sobrescribe_la_salida_sin_permiso(cli, tmp_path, monkeypatch, ana):
    salida = tmp_path / "ya.pdf"
    salida.write_bytes(b"de otra persona")
    codigo, _, errores = _firmar(cli, tmp_path, ana, "-o", str(salida), monkeypatch=monkeypatch)
    assert codigo == 2 and "--sobrescribir" in errores
    assert salida.read_bytes() == b"de otra persona"
    codigo, _, _ = _firmar(cli, tmp_path, ana, "-o", str(salida), "--sobrescribir", monkeypatch=monkeypatch)
    assert codigo == 0 and salida.read_bytes().startswith(b"%PDF-")


def test_la_confianza_acepta_pem(cli, tmp_path, ca, firmado):
    pem = tmp_path / "autoridad.pem"
    pem.write_bytes(x509.load_der_x509_certificate(ca[0]).public_bytes(serialization.Encoding.PEM))
    pdf = _escribir(tmp_path, "firmado.pdf", firmado)
    assert cli("verificar", str(pdf), "--confianza", str(pem))[0] == 0
    basura = _escribir(tmp_path, "basura.cer", b"no es un certificado")
    codigo, _, errores = cli("verificar", str(pdf), "--confianza", str(basura))
    assert codigo == 2 and "no es un certificado X.509" in errores


@pytest.mark.skipif(not HAY_LIBREOFFICE, reason="LibreOffice no está instalado")
def test_la_resolucion_real_en_pdf_se_firma_y_verifica(cli, tmp_path, monkeypatch, carpeta, ana, beto):
    pdf = tmp_path / "cta-40418.pdf"
    codigo, _, errores = cli("generar", str(MUESTRA), "--formato", "pdf", "-o", str(pdf))
    assert codigo == 0, errores
    monkeypatch.setenv("RESOLUCIONES_FIEL_CLAVE", CLAVE)
    uno, dos = tmp_path / "uno.pdf", tmp_path / "dos.pdf"
    assert cli("firmar", str(pdf), "--cer", str(ana[0]), "--key", str(ana[1]), "-o", str(uno),
               "--caja", "72,40,290,100")[0] == 0
    assert cli("firmar", str(uno), "--cer", str(beto[0]), "--key", str(beto[1]), "-o", str(dos),
               "--caja", "310,40,530,100")[0] == 0
    codigo, salida, errores = cli("verificar", str(dos), "--confianza", str(carpeta / "autoridad.cer"))
    assert codigo == 0, errores
    assert salida.count("íntegra: sí") == 2
