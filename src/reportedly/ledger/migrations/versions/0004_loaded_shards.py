"""loaded shards: Parquet shards of the distributed engine that are in the ledger

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loaded_shards",
        sa.Column("shard_id", sa.String(length=64), primary_key=True),
        sa.Column("loaded", sa.DateTime(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("loaded_shards")
