"""time-ordered search: full-text rows keyed by publication time, sources indexed by date

On SQLite the FTS5 rowid becomes `fts_key` = published seconds * 2**30 + claim id, so the newest
matches of a word come first from the index itself (ORDER BY rowid DESC LIMIT n) however many
claims match. Chain links carry the publication date, indexed with the source, so "newest
claims of a source" is an index walk on both backends.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY = "(COALESCE(CAST(strftime('%s', {p}) AS INTEGER), 0) * 1073741824 + {i})"


def upgrade() -> None:
    op.add_column("chain_links", sa.Column("published", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE chain_links SET published = "
        "(SELECT published FROM claims WHERE claims.id = chain_links.claim_id)"
    )
    op.create_index("ix_chain_links_source_published", "chain_links", ["source_id", "published"])
    op.add_column("claims", sa.Column("fts_key", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE claims SET fts_key = {KEY.format(p='published', i='id')}")
    op.create_index("ix_claims_fts_key", "claims", ["fts_key"], unique=True)
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("claims_fts_insert", "claims_fts_delete", "claims_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS claims_fts")
    op.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5("
        "text, content='claims', content_rowid='fts_key', tokenize='porter unicode61')"
    )
    op.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    key = KEY.format(p="new.published", i="new.id")
    op.execute(
        "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
        f"UPDATE claims SET fts_key = {key} WHERE id = new.id; "
        f"INSERT INTO claims_fts(rowid, text) VALUES ({key}, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
        "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.fts_key, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims BEGIN "
        "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.fts_key, old.text); "
        "INSERT INTO claims_fts(rowid, text) VALUES (new.fts_key, new.text); END"
    )


def downgrade() -> None:
    raise NotImplementedError("0003 is not reversible; restore a backup taken before upgrading")
