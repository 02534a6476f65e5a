"""an index of sessions by activity and date: a summary's typical session reads the newest few hundred

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

"Coaching lost" restates duties at the typical length of the coach's most recent sessions of an
activity (reports/leaders.py). `entry (kind, activity, local_date, id)` finds the activities by
skipping along it and each one's newest sessions as one range of it, so the figure costs the same
at a thousand entries as at a million (it used to read every entry of the log).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_entry_kind_activity_local_date", "entry", ["kind", "activity", "local_date", "id"])


def downgrade() -> None:
    op.drop_index("ix_entry_kind_activity_local_date", table_name="entry")
