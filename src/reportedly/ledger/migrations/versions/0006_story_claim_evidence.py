"""story_claims.evidence: why a claim joined its story, as the matcher saw it then (score, how,
the closest member, entities and figures shared with the story)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_claims") as batch:
        batch.add_column(sa.Column("evidence", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story_claims") as batch:
        batch.drop_column("evidence")
