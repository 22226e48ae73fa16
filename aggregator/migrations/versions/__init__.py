"""Alembic revisions, one module each, applied in order by ``upgrade_to_head``."""
