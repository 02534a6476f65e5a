"""the roster on teachers; next steps (check-backs) a coach promised

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Teachers gain the roster's facts: a department and a grade (text, both optional), whether they
are on staff, and the day a leaver left (their row and sessions stay, for history). Teachers
already in the database were met in sessions, not listed on a roster: they start off the roster
(on_staff false, no left_on), so a database keeps using the configured `staff` number until a
roster is imported or a teacher is added to it. `next_step` holds what the coach promised to
come back to: a teacher, the session it came from (if any), a text, the day it is due and the
day it was done.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("grade", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("on_staff", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        if sqlite:
            batch_op.create_check_constraint("on_staff", "on_staff IN (0, 1)")
    op.create_table(
        "next_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=63), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=19), nullable=False),
        sa.Column("updated_at", sa.String(length=19), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entry.id"], name=op.f("fk_next_step_entry_id_entry"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_next_step_teacher_id_teacher"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_next_step")),
        sa.UniqueConstraint("uid", name=op.f("uq_next_step_uid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("next_step", schema=None) as batch_op:
        batch_op.create_index("ix_next_step_owner_due_on", ["owner", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_next_step_teacher_id"), ["teacher_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("next_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_next_step_teacher_id"))
        batch_op.drop_index("ix_next_step_owner_due_on")
    op.drop_table("next_step")
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        if op.get_bind().dialect.name == "sqlite":
            batch_op.drop_constraint("ck_teacher_on_staff", type_="check")
        batch_op.drop_column("left_on")
        batch_op.drop_column("on_staff")
        batch_op.drop_column("grade")
        batch_op.drop_column("department")
