"""El servidor de la unidad (issue 20): cuentas, sesiones, intentos de entrada, ajustes
comunes, bitácora, estados de los casos con sus votos y firmas, y candados de edición.

Revisión: 0003
Anterior: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLAS = ("votos", "firmas", "sesiones", "estados_de_caso", "candados", "bitacora", "usuarios",
          "intentos_de_entrada", "ajustes")


def upgrade() -> None:
    op.create_table('ajustes',
    sa.Column('clave', sa.String(length=80), nullable=False),
    sa.Column('valor', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('clave', name=op.f('pk_ajustes'))
    )
    op.create_table('intentos_de_entrada',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre_usuario', sa.String(length=80), nullable=False),
    sa.Column('direccion', sa.String(length=64), nullable=False),
    sa.Column('momento', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exito', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intentos_de_entrada'))
    )
    op.create_index(op.f('ix_intentos_de_entrada_direccion'), 'intentos_de_entrada', ['direccion'], unique=False)
    op.create_index(op.f('ix_intentos_de_entrada_momento'), 'intentos_de_entrada', ['momento'], unique=False)
    op.create_index(op.f('ix_intentos_de_entrada_nombre_usuario'), 'intentos_de_entrada', ['nombre_usuario'], unique=False)
    op.create_table('usuarios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre_usuario', sa.String(length=80), nullable=False),
    sa.Column('nombre', sa.Text(), nullable=False),
    sa.Column('correo', sa.String(length=200), nullable=True),
    sa.Column('rol', sa.String(length=20), nullable=False),
    sa.Column('cargo', sa.Text(), nullable=False),
    sa.Column('preside', sa.Boolean(), nullable=False),
    sa.Column('rfc', sa.String(length=13), nullable=True),
    sa.Column('contrasena_hash', sa.Text(), nullable=False),
    sa.Column('activo', sa.Boolean(), nullable=False),
    sa.Column('creado_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actualizado_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ultimo_acceso', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usuarios')),
    sa.UniqueConstraint('nombre_usuario', name=op.f('uq_usuarios_nombre_usuario'))
    )
    op.create_table('bitacora',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('momento', sa.DateTime(timezone=True), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('usuario', sa.String(length=80), nullable=False),
    sa.Column('accion', sa.String(length=30), nullable=False),
    sa.Column('caso', sa.String(length=200), nullable=True),
    sa.Column('detalle', sa.JSON(), nullable=False),
    sa.Column('huella', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuarios.id'], name=op.f('fk_bitacora_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bitacora'))
    )
    op.create_index(op.f('ix_bitacora_accion'), 'bitacora', ['accion'], unique=False)
    op.create_index(op.f('ix_bitacora_caso'), 'bitacora', ['caso'], unique=False)
    op.create_index(op.f('ix_bitacora_momento'), 'bitacora', ['momento'], unique=False)
    op.create_index(op.f('ix_bitacora_usuario_id'), 'bitacora', ['usuario_id'], unique=False)
    op.create_table('candados',
    sa.Column('caso', sa.String(length=200), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('adquirido_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expira_en', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuarios.id'], name=op.f('fk_candados_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('caso', name=op.f('pk_candados'))
    )
    op.create_table('estados_de_caso',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caso', sa.String(length=200), nullable=False),
    sa.Column('estado', sa.String(length=20), nullable=False),
    sa.Column('ronda', sa.Integer(), nullable=False),
    sa.Column('sesion', sa.Text(), nullable=False),
    sa.Column('fecha_sesion', sa.Date(), nullable=True),
    sa.Column('sha256_aprobado', sa.String(length=64), nullable=True),
    sa.Column('actualizado_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actualizado_por', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actualizado_por'], ['usuarios.id'], name=op.f('fk_estados_de_caso_actualizado_por_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_estados_de_caso')),
    sa.UniqueConstraint('caso', name=op.f('uq_estados_de_caso_caso'))
    )
    op.create_table('sesiones',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=False),
    sa.Column('creada_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ultima_actividad', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expira_en', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revocada', sa.Boolean(), nullable=False),
    sa.Column('direccion', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuarios.id'], name=op.f('fk_sesiones_usuario_id_usuarios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sesiones'))
    )
    op.create_index(op.f('ix_sesiones_expira_en'), 'sesiones', ['expira_en'], unique=False)
    op.create_index(op.f('ix_sesiones_usuario_id'), 'sesiones', ['usuario_id'], unique=False)
    op.create_table('firmas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('estado_id', sa.Integer(), nullable=False),
    sa.Column('ronda', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('momento', sa.DateTime(timezone=True), nullable=False),
    sa.Column('campo', sa.String(length=80), nullable=False),
    sa.Column('titular', sa.Text(), nullable=False),
    sa.Column('rfc', sa.String(length=20), nullable=False),
    sa.Column('serie_certificado', sa.String(length=80), nullable=False),
    sa.Column('sha256_pdf', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['estado_id'], ['estados_de_caso.id'], name=op.f('fk_firmas_estado_id_estados_de_caso'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuarios.id'], name=op.f('fk_firmas_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firmas'))
    )
    op.create_index(op.f('ix_firmas_estado_id'), 'firmas', ['estado_id'], unique=False)
    op.create_table('votos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('estado_id', sa.Integer(), nullable=False),
    sa.Column('ronda', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('sentido', sa.String(length=20), nullable=False),
    sa.Column('comentario', sa.Text(), nullable=False),
    sa.Column('momento', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['estado_id'], ['estados_de_caso.id'], name=op.f('fk_votos_estado_id_estados_de_caso'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuarios.id'], name=op.f('fk_votos_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votos')),
    sa.UniqueConstraint('estado_id', 'ronda', 'usuario_id', name='uq_votos_estado_ronda_usuario')
    )
    op.create_index(op.f('ix_votos_estado_id'), 'votos', ['estado_id'], unique=False)


def downgrade() -> None:
    for tabla in TABLAS:
        op.drop_table(tabla)
