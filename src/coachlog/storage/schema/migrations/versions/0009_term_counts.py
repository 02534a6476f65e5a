"""an ended term's exact counts, fixed the first time a summary shows them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

A summary shows exact counts (cycles, stance movement, reach by department) only for a whole named
term that has ended. Recomputed from the log each time, a late change to that term (a cycle's result
corrected, a session backdated, a department changed, the term's dates moved by a day) showed as the
difference between a summary before it and one after. `term_count` keeps the counts as first shown
(the figure lines as JSON), one row per term's days, with the first day its cycle counts took in (the
break before it) and the privacy.min_group they were fixed at (a stricter one later shows none).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "term_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=63), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("min_group", sa.Integer(), nullable=False),
        sa.Column("fixed_on", sa.Date(), nullable=False),
        sa.Column("lines", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term_count")),
        sa.UniqueConstraint("owner", "start_date", "end_date", name="uq_term_count_owner_dates"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("term_count")
