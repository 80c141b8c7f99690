"""Registro de resoluciones y de sus clasificaciones (primera versión del esquema).

Revisión: 0001
Anterior: ninguna
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resoluciones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clave", sa.String(200), nullable=False),
        sa.Column("oficio", sa.String(200), nullable=False),
        sa.Column("institucion", sa.String(100), nullable=False),
        sa.Column("tipo", sa.String(40), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("asunto", sa.Text(), nullable=False),
        sa.Column("fecha_sesion", sa.Date(), nullable=True),
        sa.Column("folios", sa.JSON(), nullable=False),
        sa.Column("expediente", sa.JSON(), nullable=False),
        sa.Column("sha256_documento", sa.String(64), nullable=True),
        sa.Column("sha256_expediente", sa.String(64), nullable=True),
        sa.Column("version_herramienta", sa.String(40), nullable=False),
        sa.Column("formato", sa.String(10), nullable=True),
        sa.Column("archivo", sa.Text(), nullable=True),
        sa.Column("origen", sa.String(20), nullable=False),
        sa.Column("generaciones", sa.Integer(), nullable=False),
        sa.Column("creada_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actualizada_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_resoluciones"),
        sa.UniqueConstraint("clave", name="uq_resoluciones_clave"),
    )
    op.create_index("ix_resoluciones_fecha", "resoluciones", ["fecha"])
    op.create_table(
        "clasificaciones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolucion_id", sa.Integer(), nullable=False),
        sa.Column("posicion", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(20), nullable=False),
        sa.Column("parcial", sa.Boolean(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("documento", sa.Text(), nullable=False),
        sa.Column("tema", sa.Text(), nullable=False),
        sa.Column("fundamentos", sa.JSON(), nullable=False),
        sa.Column("fundamento_legal", sa.Text(), nullable=False),
        sa.Column("motivacion", sa.Text(), nullable=False),
        sa.Column("partes", sa.Text(), nullable=False),
        sa.Column("fecha_clasificacion", sa.Date(), nullable=True),
        sa.Column("fecha_acta", sa.Date(), nullable=True),
        sa.Column("anios", sa.Integer(), nullable=True),
        sa.Column("inicio", sa.Date(), nullable=True),
        sa.Column("fin", sa.Date(), nullable=True),
        sa.Column("fin_calculado", sa.Boolean(), nullable=False),
        sa.Column("desclasificada_el", sa.Date(), nullable=True),
        sa.Column("motivo_desclasificacion", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["resolucion_id"], ["resoluciones.id"], ondelete="CASCADE",
                                name="fk_clasificaciones_resolucion_id_resoluciones"),
        sa.PrimaryKeyConstraint("id", name="pk_clasificaciones"),
        sa.UniqueConstraint("resolucion_id", "posicion", name="uq_clasificaciones_resolucion_posicion"),
    )
    op.create_index("ix_clasificaciones_resolucion_id", "clasificaciones", ["resolucion_id"])
    op.create_index("ix_clasificaciones_fin", "clasificaciones", ["fin"])


def downgrade() -> None:
    op.drop_table("clasificaciones")
    op.drop_table("resoluciones")
