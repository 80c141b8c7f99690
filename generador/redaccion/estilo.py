"""El estilo de la institución, ofrecido a los bloques de texto como funciones y datos.

Los bloques del proyecto no saben cómo fecha, numera o titula cada Comité: lo preguntan
aquí (``fecha``, ``hora``, ``numero``, ``titulo``, ``cita``) y esto lo lee del perfil. Así
un autor de plantillas cambia la estructura en ``perfil.yaml`` sin escribir Jinja, y quien
sí escribe un bloque propio usa las mismas funciones.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from .. import letras
from ..expediente import Expediente
from ..expediente.procedimiento import MEDIOS_DE_SOLICITUD
from ..plantillas.estructura import Estructura, numerar
from ..plantillas.formato import texto_a_html
from ..plantillas.frases import CAMPOS as FRASES_DE_ESTRUCTURA
from ..plantillas.frases import CAMPOS_DEL_ACTA as FRASES_DEL_ACTA
from ..plantillas.patron import formatear_patron
from ..plantillas.perfil import Perfil

_USOS = ("cuerpo", "cierre")


@lru_cache(maxsize=1)
def _estructura_predeterminada() -> Estructura:
    """La estructura de un perfil que no trae la suya: el modelo es inmutable (``frozen``),
    así que basta uno por proceso y no uno nuevo, validado, en cada documento. Se arma la
    primera vez que hace falta (no al importar: el validador se construye tarde)."""
    return Estructura()


class Estilo:
    """Las funciones de estilo de un documento (una instancia por documento)."""

    def __init__(self, expediente: Expediente, perfil: Perfil):
        self.exp = expediente
        self.perfil = perfil
        self.estructura = perfil.estructura or _estructura_predeterminada()

    def fecha(self, dia, uso: str = "cuerpo", mayusculas: bool = False) -> str:
        """Una fecha con el estilo del perfil para ese uso («cuerpo» o «cierre»)."""
        if uso not in _USOS:
            raise ValueError(f"fecha(…, uso) acepta «cuerpo» o «cierre», no «{uso}»")
        f = self.perfil.fechas
        return letras.fecha_con_estilo(dia, getattr(f, uso), mes_primero=f.mes_primero,
                                       cero_inicial=f.cero_inicial, mayusculas=mayusculas)

    @staticmethod
    def en_dias(dia) -> str:
        """«a los trece días del mes de agosto de dos mil veinte» («al primer día del mes de …»,
        «a los veintiún días…»), como cierran muchas actas; es el dato ``{fecha_dias}`` de los patrones."""
        if dia.day == 1:
            inicio = "al primer día"
        else:
            numero = letras.cardinal(dia.day)
            numero = numero[:-9] + "veintiún" if numero.endswith("veintiuno") else (
                numero[:-1] if numero.endswith("uno") else numero)
            inicio = f"a los {numero} días"
        return f"{inicio} del mes de {letras.MESES[dia.month - 1]} de {letras.cardinal(dia.year)}"

    def hora(self, hora: str, mayusculas: bool = False) -> str:
        """Una hora («10:00») con el estilo del perfil: «las diez horas», «las 10:00 diez horas»…"""
        texto = letras.hora_con_estilo(str(hora), self.perfil.fechas.hora)
        return texto.upper() if mayusculas else texto

    def _seccion(self, seccion: str):
        if seccion in ("antecedentes", "considerandos", "resolutivos"):
            s = getattr(self.estructura, seccion)
            return s.numeracion, s.separador
        if seccion == "desarrollo":
            return self.perfil.acta.numeracion, self.perfil.acta.separador
        if seccion == "orden":
            return self.perfil.acta.numeracion_orden, "."
        raise ValueError(f"numero(…, seccion) acepta antecedentes, considerandos, resolutivos, desarrollo u orden, "
                         f"no «{seccion}»")

    def numero(self, n: int, seccion: str) -> str:
        """La etiqueta del elemento ``n`` de una sección: «I.», «PRIMERO.-», «1.»."""
        estilo, separador = self._seccion(seccion)
        return numerar(int(n), estilo, separador)

    def titulo(self, seccion: str) -> str:
        """El título de una sección como lo imprime la institución («A N T E C E D E N T E S:»);
        también acepta un título propio («ORDEN DEL DÍA»)."""
        if seccion in ("antecedentes", "considerandos", "resolutivos"):
            return self.estructura.titulo(getattr(self.estructura, seccion))
        return self.estructura.titulo(str(seccion))

    def cita(self, texto: str, omision_inicial: bool = False, omision_final: bool = False,
             sic: bool = False) -> Markup:
        """Un texto transcrito entre comillas, con «(…)» al principio si se omite el inicio y
        «(sic)» tras las comillas de cierre si se transcribe tal cual."""
        c = self.perfil.citas
        en_linea = omision_final and c.omision_final_en_linea
        html = str(texto_a_html(texto, comillas=True, omision_final=omision_final and not en_linea))
        if omision_final and not en_linea and c.marca_omision_final != "...":
            fin = html.rfind("<p>...&quot;</p>")
            html = html[:fin] + f"<p>{escape(c.marca_omision_final)}&quot;</p>" + html[fin + 16:]
        elif en_linea and (fin := html.rfind("&quot;")) >= 0:
            html = html[:fin] + f" {escape(c.marca_omision_final)}" + html[fin:]
        if omision_inicial:
            html = html.replace("&quot;", f"&quot;{escape(c.marca_omision_inicial)} ", 1)
        if sic and (fin := html.rfind("&quot;")) >= 0:
            html = html[:fin + 6] + f" {escape(c.marca_sic)}" + html[fin + 6:]
        return Markup(html)

    def frase(self, elemento: str, **valores: Any) -> dict[str, str | None]:
        """El título y el texto propios de un elemento (``estructura.frases``), ya escritos con sus
        datos: las fechas con el estilo del cuerpo y las listas unidas con «y»; None si el perfil no
        los da (entonces el bloque escribe los de siempre)."""
        acta = elemento.startswith("acta.")
        frases = self.perfil.acta.frases if acta else self.estructura.frases
        nombre = elemento[5:] if acta else elemento
        if nombre not in type(frases).model_fields:
            validos = [*FRASES_DE_ESTRUCTURA, *(f"acta.{e}" for e in FRASES_DEL_ACTA)]
            raise ValueError(f"frase(elemento) acepta {', '.join(validos)}, no «{elemento}»")
        frase = getattr(frases, nombre)
        if frase is None:
            return {"titulo": None, "texto": None}
        # El patrón no admite «<», «>» ni «&» (``frases.py``); los datos se escapan aquí, salvo los que
        # ya son HTML (una determinación con **negritas**), así que el resultado es HTML seguro.
        datos = {nombre: escape(valor if isinstance(valor, Markup) else self._dato(valor))
                 for nombre, valor in valores.items()}
        return {parte: Markup(formatear_patron(getattr(frase, parte), datos)) if getattr(frase, parte) else None
                for parte in ("titulo", "texto")}

    def _dato(self, valor: Any) -> str:
        if valor is None:
            return ""
        if isinstance(valor, _dt.date):
            return self.fecha(valor)
        if isinstance(valor, (list, tuple)):
            partes = [str(v) for v in valor]
            if len(partes) < 2:
                return "".join(partes)
            return ", ".join(partes[:-1]) + " y " + partes[-1]
        return str(valor)

    def lugar(self) -> str | None:
        return self.exp.lugar or self.perfil.lugar

    def _sesion(self) -> str:
        s = self.exp.sesion
        if s is None or s.numero is None:
            return ""
        numero = letras.ordinal(s.numero, titulo=True, genero="f") if s.numero <= 99 else str(s.numero)
        return f"{numero} Sesión" + (f" {s.tipo.capitalize()}" if s.tipo else "")

    def _datos_del_acta(self, valores: dict[str, Any]) -> dict[str, Any]:
        a = self.exp.acta
        dia = (self.exp.sesion.fecha if self.exp.sesion else None) or self.exp.fecha
        return {**valores, "numero": self.exp.sesion.numero if self.exp.sesion else "",
                "fecha": self.fecha(dia, "cierre"), "fecha_cuerpo": self.fecha(dia),
                "hora_inicio": self.hora(a.hora_inicio), "hora_cierre": self.hora(a.hora_cierre),
                "ciudad": a.ciudad, "sede": a.lugar, "fecha_dias": self.en_dias(dia)}

    def apertura_acta(self, asistentes: str) -> Markup:
        """La apertura propia del acta (``acta.apertura``) con la lista de asistentes que escribió
        el bloque (ya en HTML); los demás datos se escapan aquí."""
        datos = {k: escape(v) for k, v in self._datos_del_acta(self._valores()).items()}
        return Markup(formatear_patron(self.perfil.acta.apertura, {**datos, "asistentes": Markup(asistentes)}))

    def _acta(self, valores: dict[str, Any]) -> dict[str, Any]:
        """El título y el cierre propios del acta (``acta.titulo``, ``acta.cierre``), ya escritos."""
        a, ea = self.exp.acta, self.perfil.acta
        if a is None or not (ea.titulo or ea.cierre):
            return {"titulo_acta": None, "cierre_acta": None}
        datos = self._datos_del_acta(valores)
        titulo = formatear_patron(ea.titulo, datos).upper() if ea.titulo else None
        cierre = formatear_patron(ea.cierre, datos) if ea.cierre else None
        return {"titulo_acta": titulo, "cierre_acta": cierre.upper() if cierre and ea.cierre_mayusculas else cierre}

    def _valores(self) -> dict[str, Any]:
        """Los datos del caso que admiten los patrones de la estructura (``CAMPOS_DE_ESTRUCTURA``)."""
        proc = self.exp.procedimiento
        expediente = (proc.expediente if proc and proc.expediente else self.exp.oficio)
        return {
            "oficio": self.exp.oficio, "folios": ", ".join(self.exp.folios),
            "fecha": self.fecha(self.exp.fecha, "cierre"), "comite": self.perfil.comite_completo,
            "siglas": self.perfil.siglas, "institucion": self.perfil.nombre, "lugar": self.lugar() or "",
            "expediente": expediente, "sesion": self._sesion(), "fecha_cuerpo": self.fecha(self.exp.fecha),
            "fecha_sesion": self.fecha(self.exp.sesion.fecha) if self.exp.sesion and self.exp.sesion.fecha else "",
            "votacion": self.exp.votacion or "", "fecha_dias": self.en_dias(self.exp.fecha),
        }

    def datos(self) -> dict[str, Any]:
        """Lo que los bloques estructurados leen ya calculado: encabezado y rubro."""
        proc = self.exp.procedimiento
        valores = self._valores()
        expediente = valores["expediente"]
        e = self.estructura
        encabezado = formatear_patron(e.encabezado, valores) if e.encabezado else None
        if encabezado and e.encabezado_mayusculas:
            encabezado = encabezado.upper()
        cierre = formatear_patron(e.cierre, valores) if e.cierre else None
        if cierre and e.cierre_mayusculas:
            cierre = cierre.upper()
        antes = formatear_patron(e.antes_de_resolutivos, valores) if e.antes_de_resolutivos else None
        etiquetas = {
            "expediente": ("EXPEDIENTE", expediente), "oficio": ("OFICIO", self.exp.oficio),
            "folios": ("FOLIOS" if len(self.exp.folios) > 1 else "FOLIO", valores["folios"]),
            "sesion": ("SESIÓN", valores["sesion"]), "fecha": ("FECHA", self.fecha(self.exp.fecha)),
            "lugar": ("LUGAR", valores["lugar"]),
            "instancia": ("INSTANCIA REQUERIDA" if not proc or len(proc.instancia) < 2 else "INSTANCIAS REQUERIDAS",
                          "; ".join(proc.instancia) if proc else ""),
            "relacionados": ("RELACIONADOS", ", ".join(proc.relacionados) if proc else ""),
        }
        rubro = [{"etiqueta": e.rubro_etiquetas.get(d, etiquetas[d][0]), "valor": etiquetas[d][1]}
                 for d in e.rubro if etiquetas[d][1]]
        return {"encabezado": encabezado, "rubro": rubro, "cierre": cierre, "sesion": valores["sesion"],
                "preambulo": [formatear_patron(linea, valores) for linea in e.preambulo],
                "antes_de_resolutivos": antes, **self._acta(valores),
                "glosario": [formatear_patron(e.glosario_linea, {"termino": t.termino, "significado": t.significado})
                             for t in e.glosario] if e.glosario_linea else None, "expediente": expediente,
                "medios": dict(MEDIOS_DE_SOLICITUD), "lugar": self.lugar()}
