"""El registro sobre un servidor PostgreSQL de verdad, que las pruebas arrancan y detienen.

El servidor lo arrancan los fixtures ``servidor`` y ``url_pg`` de ``conftest.py`` (los usan
también las pruebas de cuentas y de la aprobación). El grupo de bases es de usar y tirar:
``initdb`` en una carpeta temporal y ``pg_ctl start`` escuchando solo en un socket Unix de esa carpeta (sin puerto TCP). Como root, initdb se
niega a correr: el servidor corre como el usuario ``postgres`` del paquete de Debian (con
``runuser``). Sin los programas del servidor, las pruebas se saltan y dicen por qué (en CI,
``.ci/run`` instala el paquete ``postgresql``).
"""

from __future__ import annotations

from pathlib import Path



from .test_registro import escenario_completo, escritores_a_la_vez
from .test_registro_migraciones import comprobar_migraciones


def test_escenario_completo_en_postgresql(cli, tmp_path, url_pg):
    escenario_completo(cli, tmp_path, url_pg)


def test_hilos_a_la_vez_en_postgresql(url_pg):
    escritores_a_la_vez(url_pg, procesos=False)


def test_procesos_a_la_vez_en_postgresql(url_pg):
    escritores_a_la_vez(url_pg, procesos=True)


def test_migraciones_en_postgresql(url_pg):
    comprobar_migraciones(url_pg)


def test_la_url_postgresql_sin_driver_tambien_sirve(cli, tmp_path, url_pg):
    sin_driver = url_pg.replace("postgresql+psycopg://", "postgresql://")
    codigo, _, errores = cli("generar", str(Path(__file__).resolve().parent.parent / "samples" / "reserva-2026.yaml"),
                             "-o", str(tmp_path / "r.docx"), "--registro", sin_driver)
    assert codigo == 0 and "Registrada" in errores
