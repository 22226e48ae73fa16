"""review verdict, page kind reasons, rejected fields; fingerprint renamed body_digest

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 18:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verdict", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("page_kind_reasons", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rejected_fields", sa.JSON(), nullable=True))
        # "fingerprint" also names request fingerprints and MinHash signatures;
        # this column is the digest of the body text.
        batch_op.drop_index("ix_reviews_fingerprint")
        batch_op.alter_column("fingerprint", new_column_name="body_digest")
    # A second batch: SQLite's copy-and-move of the first knows only the old name.
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_body_digest", ["body_digest"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_body_digest")
        batch_op.alter_column("body_digest", new_column_name="fingerprint")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_fingerprint", ["fingerprint"], unique=False)
        batch_op.drop_column("rejected_fields")
        batch_op.drop_column("page_kind_reasons")
        batch_op.drop_column("verdict")
