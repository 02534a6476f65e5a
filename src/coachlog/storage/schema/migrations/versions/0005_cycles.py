"""coaching cycles: a goal with a teacher (or a small team), phases, dates and numbers-only evidence

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

`cycle` holds each cycle (a uid, as entries have, so that a cycle can travel), `cycle_teacher` who
it is with, and `entry.cycle_id` the cycle a session belongs to (set to NULL if the cycle goes).
On SQLite `entry` is rebuilt in batch mode: a plain ADD COLUMN would take the REFERENCES clause, but
SQLAlchemy cannot read a column's own constraint back (its name, ON DELETE), so the schema test could
not hold the database to the models. The rebuild drops the tombstone triggers (migration 0004), so
they are made again, and it keeps the AUTOINCREMENT high-water mark (ids never come back).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

ENTRY_TABLE = {"sqlite_autoincrement": True}

TOMBSTONE_TRIGGERS = (  # as migration 0004 made them
    """
    CREATE TRIGGER entry_tombstone_on_delete AFTER DELETE ON entry BEGIN
        INSERT OR REPLACE INTO entry_tombstone (uid, deleted_at)
        SELECT old.uid, strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE EXISTS (SELECT 1 FROM pushed WHERE uid = old.uid);
    END
    """,
    """
    CREATE TRIGGER entry_tombstone_on_insert AFTER INSERT ON entry BEGIN
        DELETE FROM entry_tombstone WHERE uid = new.uid;
    END
    """,
)

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=63), nullable=False),
        sa.Column("goal", sa.String(length=500), nullable=False),
        sa.Column("focus", sa.String(length=100), nullable=True),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("measure", sa.String(length=200), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("result", sa.Float(), nullable=True),
        sa.Column("created_at", sa.String(length=19), nullable=False),
        sa.Column("updated_at", sa.String(length=19), nullable=False),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= started_on", name=op.f("ck_cycle_dates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle")),
        sa.UniqueConstraint("uid", name=op.f("uq_cycle_uid")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_cycle_owner_started_on", "cycle", ["owner", "started_on"], unique=False)
    op.create_table(
        "cycle_teacher",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_cycle_teacher_cycle_id_cycle"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_cycle_teacher_teacher_id_teacher"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("cycle_id", "teacher_id", name=op.f("pk_cycle_teacher")),
    )
    op.create_index(op.f("ix_cycle_teacher_teacher_id"), "cycle_teacher", ["teacher_id"], unique=False)
    sqlite = on_sqlite()
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_delete")
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_insert")
        used = high_water_mark()
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.add_column(sa.Column("cycle_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_entry_cycle_id_cycle"), "cycle", ["cycle_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_entry_cycle_id"), ["cycle_id"], unique=False)
    if sqlite:
        keep_high_water_mark(used)
        for trigger in TOMBSTONE_TRIGGERS:
            op.execute(trigger)


def high_water_mark() -> int:
    """The largest entry id SQLite ever handed out (AUTOINCREMENT's memory), 0 for none."""
    row = op.get_bind().execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'entry'")).fetchone()
    return int(row[0]) if row else 0


def keep_high_water_mark(used: int) -> None:
    """After a rebuild, SQLite remembers only the largest id still there: remember the old mark again."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM sqlite_sequence WHERE name = 'entry'")).fetchone() is None:
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('entry', :used)"), {"used": used})
    else:
        bind.execute(sa.text("UPDATE sqlite_sequence SET seq = max(seq, :used) WHERE name = 'entry'"), {"used": used})


def downgrade() -> None:
    sqlite = on_sqlite()
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_delete")
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_insert")
        used = high_water_mark()
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_cycle_id"))
        batch_op.drop_constraint(batch_op.f("fk_entry_cycle_id_cycle"), type_="foreignkey")
        batch_op.drop_column("cycle_id")
    if sqlite:
        keep_high_water_mark(used)
        for trigger in TOMBSTONE_TRIGGERS:
            op.execute(trigger)
    op.drop_index(op.f("ix_cycle_teacher_teacher_id"), table_name="cycle_teacher")
    op.drop_table("cycle_teacher")
    op.drop_index("ix_cycle_owner_started_on", table_name="cycle")
    op.drop_table("cycle")
