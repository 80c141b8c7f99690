"""Prórrogas (ampliaciones del periodo de reserva) contra la clasificación original.

Revisión: 0002
Anterior: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prorrogas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clasificacion_id", sa.Integer(), nullable=False),
        sa.Column("oficio", sa.String(200), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("anios", sa.Integer(), nullable=True),
        sa.Column("hasta", sa.Date(), nullable=False),
        sa.Column("motivo", sa.Text(), nullable=False),
        sa.Column("registrada_en", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clasificacion_id"], ["clasificaciones.id"], ondelete="CASCADE",
                                name="fk_prorrogas_clasificacion_id_clasificaciones"),
        sa.PrimaryKeyConstraint("id", name="pk_prorrogas"),
        sa.UniqueConstraint("clasificacion_id", "oficio", name="uq_prorrogas_clasificacion_oficio"),
    )
    op.create_index("ix_prorrogas_clasificacion_id", "prorrogas", ["clasificacion_id"])


def downgrade() -> None:
    op.drop_table("prorrogas")
