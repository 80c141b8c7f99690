"""Migraciones de Alembic del registro: ``env.py`` y una revisión por cambio en ``versiones/``."""
