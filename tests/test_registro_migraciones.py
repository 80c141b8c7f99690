"""Las migraciones del registro: desde una base vacía, desde la revisión anterior (con datos
que no se pierden), el esquema igual a los modelos y la cabeza que conoce el programa.

``comprobar_migraciones`` corre también sobre PostgreSQL (``test_registro_postgresql.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text

from generador import registro
from generador.registro import conexion
from generador.registro.modelos import Base


def _sin_diferencias(m) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with m.connect() as c:
        diferencias = compare_metadata(MigrationContext.configure(c, opts={"compare_type": False}), Base.metadata)
        c.rollback()
    assert diferencias == [], diferencias


def comprobar_migraciones(direccion: str) -> None:
    m = registro.crear_motor(direccion)
    try:
        # Desde vacía hasta la revisión anterior, con una resolución registrada a mano.
        assert registro.migrar(m, "0001") is None
        with m.begin() as c:
            assert conexion.revision_actual(c) == "0001"
            assert not inspect(c).has_table("prorrogas")
            c.execute(text(
                "INSERT INTO resoluciones (clave, oficio, institucion, tipo, fecha, asunto, folios, expediente, "
                "version_herramienta, origen, generaciones, creada_en, actualizada_en) VALUES ('CT/1', 'CT/1', "
                "'generica', 'reserva', '2025-01-01', '', '[]', '{}', '0', 'generar', 1, :t, :t)"),
                {"t": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)})
            id_ = c.execute(text("SELECT id FROM resoluciones")).scalar()
            c.execute(text(
                "INSERT INTO clasificaciones (resolucion_id, posicion, tipo, parcial, area, documento, tema, "
                "fundamentos, fundamento_legal, motivacion, partes, inicio, fin, fin_calculado) VALUES (:id, 0, "
                "'reservada', false, 'A', 'D', '', '[]', '', '', '', '2025-01-01', '2030-01-01', false)"), {"id": id_})
        # A la última: lo registrado sigue ahí y la tabla nueva funciona.
        assert registro.migrar(m) == "0001"
        assert registro.migrar(m) == registro.CABEZA  # ya al día: no hace nada
        registro.prorrogar(m, "CT/1", resolucion="CT/2", fecha=dt.date(2029, 12, 1), hasta=None, anios=2, motivo="")
        [r] = registro.listar(m)
        assert r.oficio == "CT/1" and r.clasificaciones[0].prorrogas[0].hasta == dt.date(2032, 1, 1)
        _sin_diferencias(m)
    finally:
        m.dispose()


def test_migraciones_en_sqlite(tmp_path):
    comprobar_migraciones(f"sqlite:///{tmp_path / 'r.sqlite3'}")


def test_la_cabeza_del_programa_es_la_de_alembic():
    from alembic.script import ScriptDirectory

    guion = ScriptDirectory.from_config(conexion.configuracion_alembic())
    assert guion.get_current_head() == registro.CABEZA
    assert tuple(r.revision for r in reversed(list(guion.walk_revisions()))) == registro.REVISIONES


def test_bajar_y_volver_a_subir(tmp_path):
    from alembic import command

    m = registro.crear_motor(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    registro.migrar(m)
    with m.begin() as c:
        command.downgrade(conexion.configuracion_alembic(c), "0001")
    with m.connect() as c:
        assert conexion.revision_actual(c) == "0001" and not inspect(c).has_table("prorrogas")
    registro.migrar(m)
    _sin_diferencias(m)
    m.dispose()


def test_una_base_de_una_version_mas_nueva_es_un_error_claro(cli, tmp_path):
    archivo = tmp_path / "r.sqlite3"
    m = registro.crear_motor(f"sqlite:///{archivo}")
    registro.migrar(m)
    with m.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    m.dispose()
    codigo, _, errores = cli("registro", "listar", "--registro", str(archivo))
    assert codigo == 2 and "versión más nueva" in errores


def test_generar_con_la_base_al_dia_no_importa_alembic_ni_sqlalchemy(tmp_path):
    """Con la base ya al día, registrar no paga la importación de Alembic ni de SQLAlchemy."""
    import subprocess
    import sys

    from .conftest import MUESTRA

    archivo = tmp_path / "r.sqlite3"
    registro.migrar(registro.crear_motor(f"sqlite:///{archivo}"))
    programa = ("import sys\nfrom generador.cli import principal\n"
                "try:\n    principal(sys.argv[1:], prog_name='resoluciones')\nexcept SystemExit:\n    pass\n"
                "print('alembic' in sys.modules, 'sqlalchemy' in sys.modules)")
    proceso = subprocess.run([sys.executable, "-c", programa, "generar", str(MUESTRA), "-o", str(tmp_path / "a.docx"),
                              "--registro", str(archivo)], capture_output=True, text=True, check=True)
    # En un SQLite al día, ni SQLAlchemy (registro.rapido): el arranque de generar no cambia.
    assert proceso.stdout.split()[-2:] == ["False", "False"], proceso.stderr
    assert registro.listar(registro.motor(f"sqlite:///{archivo}"))[0].oficio == "CTA-40418"
    proceso = subprocess.run([sys.executable, "-c", programa, "generar", str(MUESTRA), "-o", str(tmp_path / "b.docx"),
                              "--sin-registro"], capture_output=True, text=True, check=True)
    assert proceso.stdout.split()[-2:] == ["False", "False"], proceso.stderr
