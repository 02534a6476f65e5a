"""an index of the entries a summary's stories come from: shareable, with an answer or a story

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

A summary prints the answers and stories the teachers agreed to share (storage/aggregates.py, shared_voices),
and `summary -o` records which (storage/consent.py, shared_uids): the period's entries that are shareable and
hold one, oldest first. Without an index SQLite reads every entry of the period to find them (at a million
entries about 3 in 100 are such, and that walk was about a twentieth of a summary's instructions). This partial
index holds those entries alone, by day and start, so the walk is theirs and needs no sort. Its WHERE is the
queries' own condition, word for word: SQLite uses a partial index only for a query whose WHERE contains it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARED = "shareable AND (helpful IS NOT NULL OR story IS NOT NULL)"


def upgrade() -> None:
    op.create_index(
        "ix_entry_shared",
        "entry",
        ["local_date", "start_utc"],
        sqlite_where=sa.text(SHARED),
        postgresql_where=sa.text(SHARED),
    )


def downgrade() -> None:
    op.drop_index("ix_entry_shared", table_name="entry")
