"""stories and shareable answers on entries, an entry's source, the running timer

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Batch mode rebuilds the table: say again that entry ids are never reused.
ENTRY_TABLE = {"sqlite_autoincrement": True}


def on_sqlite() -> bool:
    """SQLite stores booleans as integers and needs a CHECK; PostgreSQL's boolean holds only true/false."""
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.add_column(sa.Column("helpful", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("story", sa.String(), nullable=True))
        # sa.false() is DEFAULT 0 on SQLite, as before, and DEFAULT false on PostgreSQL.
        batch_op.add_column(sa.Column("shareable", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("source", sa.String(length=300), nullable=True))
        if on_sqlite():
            batch_op.create_check_constraint(batch_op.f("ck_entry_shareable"), "shareable IN (0, 1)")
        batch_op.create_unique_constraint(batch_op.f("uq_entry_source"), ["source"])

    op.create_table(
        "timer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.String(length=19), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("teachers", sa.String(), nullable=False),
        sa.Column("activity", sa.String(length=40), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("tags", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(length=19), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_timer_single")),
        sa.CheckConstraint("stance IN ('consulting', 'collaborating', 'coaching')", name=op.f("ck_timer_stance")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timer")),
    )


def downgrade() -> None:
    op.drop_table("timer")
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_entry_source"), type_="unique")
        if on_sqlite():
            batch_op.drop_constraint(batch_op.f("ck_entry_shareable"), type_="check")
        batch_op.drop_column("source")
        batch_op.drop_column("shareable")
        batch_op.drop_column("story")
        batch_op.drop_column("helpful")
