"""La redacción: del expediente y el catálogo al texto de la resolución.

Tercera etapa de la tubería. Renderiza los bloques de texto de la plantilla
(``plantillas/textos/<tipo>/cuerpo.html.j2``, o los de la institución si los trae)
y las cláusulas de los resolutivos, en el entorno aislado de Jinja, y devuelve la
resolución como una lista de párrafos (``Bloque``) más los datos del encabezado y
de las firmas. No sabe nada de Word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import letras
from ..catalogo import Catalogo, Clausula, citas
from ..catalogo.menciones import Menciones
from ..errores import ErrorDeUsuario, Problema, Ubicacion
from ..expediente import Expediente, Firmante
from ..expediente.yaml_lineas import Documento, formatear_ruta
from ..plantillas.cargador import dentro_de
from ..plantillas.contexto import a_datos, contexto_de_datos
from ..plantillas.entorno import compilar_texto, entorno_para, renderizar
from ..plantillas.formato import Bloque, html_a_bloques, texto_a_html, texto_en_linea
from ..plantillas.limites import PlantillaNoPermitida, con_limites
from ..plantillas.perfil import Perfil
from ..rutas import carpetas_de_plantillas
from .estilo import Estilo
from .variables import convertir_variable

# Una variable que es una frase («perjuicio», «supuesto») seguida del punto de la cláusula: si
# quien redacta la terminó con punto, salía «…nacional..-». No toca «...» ni «../».
_PUNTO_DOBLE = re.compile(r"(?<!\.)\.\.(?![./])")


@dataclass
class Resolucion:
    """La resolución redactada, lista para el diseño de Word."""

    cuerpo: list[Bloque]
    html: str  # el cuerpo tal como lo dieron los bloques de texto (para la vista previa)
    oficio: str
    folios: list[str]
    asunto: Markup
    firmantes: list[Firmante]
    perfil: Perfil


MAXIMO_DIAS_HABILES = 2_600  # unos diez años hábiles: más que cualquier plazo de la ley


def carpetas_de_textos(perfil_carpeta: Path | None, plantillas: list[Path] | None = None) -> list[Path]:
    """Dónde buscar bloques de texto: primero los de la institución, luego los de cada
    carpeta de plantillas en orden de prioridad."""
    carpetas = []
    if perfil_carpeta is not None and (perfil_carpeta / "textos").is_dir():
        # La del perfil, dentro de la carpeta de plantillas del perfil (…/instituciones/<id>).
        carpetas.append(dentro_de(perfil_carpeta / "textos", perfil_carpeta.parent.parent))
    for base in plantillas if plantillas is not None else carpetas_de_plantillas():
        if (base / "textos").is_dir():
            carpetas.append(dentro_de(base / "textos", base))
    return carpetas


class _Redactor:
    def __init__(self, expediente: Expediente, catalogo: Catalogo, perfil: Perfil,
                 perfil_carpeta: Path | None, doc: Documento | None, plantillas: list[Path] | None):
        self.exp = expediente
        self.catalogo = catalogo
        self.perfil = perfil
        self.doc = doc
        self.estilo = Estilo(expediente, perfil)
        self.entorno = entorno_para(tuple(carpetas_de_textos(perfil_carpeta, plantillas)))

    def citar(self, ids: Any, orden: str | None = None, determinante: bool = False,
              en_relacion_con: Any = (), union_final: str = "; ") -> str:
        if isinstance(ids, str):
            ids = [ids]
        # Con la fecha de la resolución y el estilo del perfil: la nota de reformas de los
        # numerales citados y la forma de citar de la institución.
        return citas.citar(
            self.catalogo, list(ids), orden=orden or self.exp.orden_citas,
            determinante=determinante, en_relacion_con=list(en_relacion_con), union_final=union_final,
            fecha=self.exp.fecha, estilo=self.perfil.citas, cortos=self._cortos, menciones=self._menciones,
        )

    @cached_property
    def _cortos(self) -> dict[str, str] | None:
        """Con ``estructura.glosario_en_citas``, la forma corta de cada instrumento del glosario:
        el que nombra el término («instrumento: lgtaip») o aquel cuyo nombre es su significado."""
        estructura = self.perfil.estructura
        if estructura is None or not estructura.glosario_en_citas:
            return None
        return self._formas(estructura.glosario, "estructura.glosario", "del glosario")

    @cached_property
    def _menciones(self) -> Menciones | None:
        """Con ``citas.formas_cortas`` (sin glosario impreso): la primera mención completa, con
        «(en lo sucesivo, …)», y las siguientes con la forma corta. Lo que ya abrevia el glosario
        en las citas no se vuelve a avisar."""
        estilo = self.perfil.citas
        if not estilo.formas_cortas:
            return None
        formas = {id_: corto for id_, corto in self._formas(estilo.formas_cortas, "citas.formas_cortas", "").items()
                  if not (self._cortos and id_ in self._cortos)}
        return Menciones(formas, estilo.en_lo_sucesivo) if formas else None

    def _formas(self, terminos, campo: str, donde: str) -> dict[str, str]:
        por_nombre: dict[str, list[str]] = {}
        for id_, instrumento in self.catalogo.instrumentos.items():  # la Ley General de 2015 y la de 2025
            por_nombre.setdefault(" ".join(instrumento.nombre.split()).casefold(), []).append(id_)
        cortos = {}
        for termino in terminos:
            if termino.instrumento is not None and termino.instrumento not in self.catalogo.instrumentos:
                parecidos = self.catalogo.parecidos(termino.instrumento)
                raise ErrorDeUsuario(Problema(
                    f"el término «{termino.termino}» {donde + ' ' if donde else ''}nombra el instrumento "
                    f"«{termino.instrumento}», que no está en el catálogo"
                    + (f"; ¿quiso decir {', '.join(parecidos)}?" if parecidos else ""),
                    Ubicacion(campo=campo)))
            ids = [termino.instrumento] if termino.instrumento else \
                por_nombre.get(" ".join(termino.significado.split()).casefold(), [])
            for id_ in ids:
                cortos[id_] = termino.termino
        return cortos

    @cached_property
    def _contexto(self) -> dict[str, Any]:
        # Datos y funciones ofrecidas, nunca los modelos: una plantilla no alcanza sus
        # métodos (``contexto.py``). Se arma una vez por documento.
        return contexto_de_datos(
            {"exp": self.exp, "inst": self.perfil,
             "asistentes": self.exp.firmantes_en_orden() or list(self.perfil.miembros),
             "estilo": self.estilo.datos()},
            {"citar": self.citar, "categorias": self.categorias, "fecha_letras": letras.fecha_con_letras,
             "fecha": self.fecha, "dias_habiles": self.dias_habiles, "hora": self.estilo.hora,
             "numero": self.estilo.numero, "titulo": self.estilo.titulo, "cita": self.estilo.cita,
             "frase": self.estilo.frase, "apertura_acta": self.estilo.apertura_acta})

    def contexto(self) -> dict[str, Any]:
        return dict(self._contexto)

    def dias_habiles(self, desde, dias: int):
        """El día hábil número ``dias`` después de ``desde``, con los inhábiles del perfil.

        Hasta ``MAXIMO_DIAS_HABILES``: se cuenta día por día, y una sola llamada con mil
        millones tardaba nueve segundos (el plazo de la plantilla se revisa entre llamadas)."""
        from .calendario import sumar_dias_habiles

        dias = int(dias)
        if not 0 <= dias <= MAXIMO_DIAS_HABILES:
            raise PlantillaNoPermitida(f"dias_habiles: el número de días debe ir de 0 a {MAXIMO_DIAS_HABILES} "
                                       f"(se pidieron {dias})")
        return sumar_dias_habiles(desde, dias, self.perfil.inhabiles())

    def fecha(self, dia, uso: str = "cuerpo", mayusculas: bool = False) -> str:
        """Una fecha con el estilo del perfil para ese uso («cuerpo» o «cierre»)."""
        return self.estilo.fecha(dia, uso, mayusculas)

    def categorias(self, ids: list[str]) -> list[str]:
        """Nombres de las categorías de datos confidenciales (Lineamiento Trigésimo octavo)."""
        return [self.catalogo.categorias[i].nombre for i in ids if i in self.catalogo.categorias]

    def _ubicacion(self, ruta: tuple) -> Ubicacion:
        if self.doc is None:
            return Ubicacion(campo=formatear_ruta(ruta))
        return Ubicacion(self.doc.archivo, self.doc.linea(ruta), formatear_ruta(ruta))

    def _variables_de_clausula(self, clausula: Clausula, valores: dict[str, Any], ruta: tuple) -> dict[str, Any]:
        valores = dict(valores)
        for nombre, variable in clausula.variables.items():
            if nombre not in valores:
                predeterminado = variable.predeterminado(self.exp.fecha)
                if predeterminado is not None:
                    valores[nombre] = predeterminado
        problemas = []
        invalidas = set()
        for nombre, variable in clausula.variables.items():
            if nombre not in valores:
                continue
            if valores[nombre] is None and not variable.obligatoria:
                # «nombre:» sin valor en una variable opcional es lo mismo que no darla.
                del valores[nombre]
                continue
            try:
                valores[nombre] = convertir_variable(nombre, variable, valores[nombre])
            except ValueError as exc:
                invalidas.add(nombre)
                problemas.append(Problema(str(exc), self._ubicacion(ruta + ("variables", nombre))))
        for nombre in valores:
            if nombre not in clausula.variables:
                declaradas = ", ".join(clausula.variables) or "ninguna"
                problemas.append(Problema(
                    f"la cláusula «{clausula.id}» no tiene la variable «{nombre}» (declara: {declaradas})",
                    self._ubicacion(ruta + ("variables", nombre))))
        for nombre, variable in clausula.variables.items():
            if nombre not in valores:
                if variable.obligatoria:
                    problemas.append(Problema(
                        f"falta la variable «{nombre}» de la cláusula «{clausula.id}»: {variable.descripcion}",
                        self._ubicacion(ruta + ("variables",))))
                continue
            if variable.tipo == "fundamentos" and nombre not in invalidas:
                for i, id_ in enumerate(valores[nombre]):
                    if not self.catalogo.existe(id_):
                        parecidos = self.catalogo.parecidos(id_)
                        sugerencia = f" ¿Quiso decir {', '.join(parecidos)}?" if parecidos else ""
                        problemas.append(Problema(
                            f"el fundamento «{id_}» no está en el catálogo.{sugerencia}",
                            self._ubicacion(ruta + ("variables", nombre, i))))
        if problemas:
            raise ErrorDeUsuario(problemas)
        return dict(valores)

    def _clausula(self, id_: str, valores: dict[str, Any], ruta: tuple) -> dict[str, Markup]:
        """Renderiza una cláusula del catálogo: {"texto": …} o una entrada por parte."""
        clausula = self.catalogo.clausulas.get(id_)
        if clausula is None:
            raise ErrorDeUsuario(Problema(
                f"la cláusula «{id_}» no está en el catálogo; disponibles: "
                + ", ".join(sorted(self.catalogo.clausulas)), self._ubicacion(ruta + ("clausula",))))
        variables = self._variables_de_clausula(clausula, valores, ruta)
        origen = self.catalogo.origen.get(clausula.id)
        archivo = origen.archivo if origen and origen.archivo else clausula.id
        salida = {}
        for parte, texto in clausula.plantillas().items():
            plantilla = compilar_texto(self.entorno, texto, archivo,
                                       self.catalogo.linea_texto.get(f"{clausula.id}#{parte}", 1))
            texto = renderizar(self.entorno, plantilla, {**self.contexto(), **a_datos(variables)}, origen=archivo)
            salida[parte] = Markup(_PUNTO_DOBLE.sub(".", texto.strip()))
        return salida

    def resolutivos(self) -> list[dict[str, Any]]:
        salida = []
        problemas: list[Problema] = []
        for i, resolutivo in enumerate(self.exp.resolutivos):
            ruta = ("resolutivos", i)
            if resolutivo.texto is not None:
                html = texto_a_html(resolutivo.texto)
                # Un resolutivo de texto libre de un párrafo va en línea con su ordinal.
                if html.startswith("<p>") and html.count("<p>") == 1 and html.endswith("</p>"):
                    html = Markup(html[3:-4])
            else:
                try:
                    html = self._clausula(resolutivo.clausula, resolutivo.variables, ruta)["texto"]
                except ErrorDeUsuario as exc:
                    problemas += exc.problemas
                    continue
            salida.append({"ordinal": letras.ordinal_resolutivo(i + 1), "texto": html})
        if problemas:
            raise ErrorDeUsuario(problemas)
        return salida

    def pruebas_de_dano(self) -> list[dict[str, Markup] | None]:
        """Las tres partes de la prueba de daño de cada clasificación que la da por cláusula."""
        salida: list[dict[str, Markup] | None] = []
        problemas: list[Problema] = []
        for i, c in enumerate(self.exp.clasificaciones):
            prueba = c.prueba_de_dano
            if prueba is not None and prueba.clausula is not None:
                try:
                    salida.append(self._clausula(prueba.clausula, prueba.variables,
                                                 ("clasificaciones", i, "prueba_de_dano")))
                except ErrorDeUsuario as exc:
                    problemas += exc.problemas
            else:
                salida.append(None)
        if problemas:
            raise ErrorDeUsuario(problemas)
        return salida

    def prueba_de_dano_de_la_ampliacion(self) -> dict[str, Markup] | None:
        """La prueba de daño de una ampliación del periodo de reserva, si la da por cláusula
        (art. 104: la ampliación se justifica «mediante la aplicación de una prueba de daño»)."""
        ampliacion = getattr(self.exp, "ampliacion_reserva", None)
        if ampliacion is None or ampliacion.prueba_de_dano.clausula is None:
            return None
        prueba = ampliacion.prueba_de_dano
        return self._clausula(prueba.clausula, prueba.variables, ("ampliacion_reserva", "prueba_de_dano"))

    def _clausulas(self) -> tuple[Any, ...]:
        """Resolutivos y pruebas de daño; los problemas de todas las cláusulas se informan
        juntos, en el orden del expediente (no uno por corrida)."""
        problemas: list[Problema] = []
        resultados: list[Any] = []
        for etapa in (self.resolutivos, self.pruebas_de_dano, self.prueba_de_dano_de_la_ampliacion):
            try:
                resultados.append(etapa())
            except ErrorDeUsuario as exc:
                problemas += exc.problemas
        if problemas:
            raise ErrorDeUsuario(sorted(problemas, key=lambda p: p.ubicacion.linea or 0))
        return tuple(resultados)

    def _comprobar_fundamentos_nuevos(self) -> None:
        """Los ids del turno y de cada firmante se citan en el texto: uno que no está en el
        catálogo es un error con su línea, no una falla al renderizar."""
        ids: list[tuple[str, tuple]] = []
        proc = self.exp.procedimiento
        if proc is not None and proc.turno is not None:
            ids += [(id_, ("procedimiento", "turno", "fundamentos", j)) for j, id_ in enumerate(proc.turno.fundamentos)]
        for i, f in enumerate(self.exp.firmantes):
            ids += [(id_, ("firmantes", i, "fundamentos", j)) for j, id_ in enumerate(f.fundamentos)]
        problemas = []
        for id_, ruta in ids:
            if not self.catalogo.existe(id_):
                parecidos = self.catalogo.parecidos(id_)
                sugerencia = f" ¿Quiso decir {', '.join(parecidos)}?" if parecidos else ""
                problemas.append(Problema(f"el fundamento «{id_}» no está en el catálogo.{sugerencia}",
                                          self._ubicacion(ruta)))
        if problemas:
            raise ErrorDeUsuario(problemas)

    def redactar(self) -> Resolucion:
        plantilla = f"{self.exp.tipo}/cuerpo.html.j2"
        self._comprobar_fundamentos_nuevos()
        resolutivos, pruebas_de_dano, de_la_ampliacion = self._clausulas()
        contexto = {**self.contexto(), "resolutivos": a_datos(resolutivos), "pruebas_de_dano": a_datos(pruebas_de_dano),
                    "prueba_de_dano_ampliacion": a_datos(de_la_ampliacion)}
        html = renderizar(self.entorno, plantilla, contexto)
        if self._menciones is not None:
            # La primera mención de cada instrumento, en el orden de lectura del documento entero
            # (los resolutivos se redactaron antes que el cuerpo, pero se leen después).
            html = self._menciones.resolver(html)
        cuerpo = html_a_bloques(html, origen=plantilla)
        firmantes = self.exp.firmantes_en_orden() or list(self.perfil.miembros)
        if not firmantes:
            raise ErrorDeUsuario(Problema(
                "no hay quién firme: el expediente no da «firmantes» y el perfil de la institución no tiene «miembros»",
                self._ubicacion(("firmantes",))))
        return Resolucion(
            cuerpo=cuerpo,
            html=html,
            oficio=self.exp.oficio,
            folios=self.exp.folios,
            asunto=texto_en_linea(self.exp.asunto),
            firmantes=firmantes,
            perfil=self.perfil,
        )


def redactar(expediente: Expediente, catalogo: Catalogo, perfil: Perfil,
             perfil_carpeta: Path | None = None, doc: Documento | None = None,
             plantillas: list[Path] | None = None) -> Resolucion:
    """Redacta la resolución del expediente."""
    with con_limites():  # el de generar_docx si viene de ahí; uno propio para la vista previa
        return _Redactor(expediente, catalogo, perfil, perfil_carpeta, doc, plantillas).redactar()
