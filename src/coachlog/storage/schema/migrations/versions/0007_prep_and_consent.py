"""prep entries (work without a teacher present); consent that can be withdrawn; what each summary shared

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

`entry.kind` gains 'prep' (preparing, designing professional learning: coaching work, not a
duty), with neither stance nor duty kind; `entry.consent_withdrawn_at` says when a teacher
withdrew their consent to share an answer or story (shareable is then false); and
`summary_record` keeps what each leadership summary contained (the uids of the entries whose
answers or stories it showed), so a withdrawal can be traced to the summaries already sent.
On SQLite the CHECK changes by rebuilding `entry` (batch mode), which drops its triggers:
the tombstone triggers of 0004 are created again. Ids, uids and every row are kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTRY_TABLE = {"sqlite_autoincrement": True}
STANCES = "('consulting', 'collaborating', 'coaching')"
DUTY_KINDS = "('cover', 'supervision', 'testing', 'admin', 'event', 'other')"
SESSION = f"(kind = 'session' AND stance IS NOT NULL AND stance IN {STANCES} AND duty_kind IS NULL)"
DUTY = f"(kind = 'duty' AND stance IS NULL AND duty_kind IS NOT NULL AND duty_kind IN {DUTY_KINDS})"
PREP = "(kind = 'prep' AND stance IS NULL AND duty_kind IS NULL)"

TOMBSTONE_TRIGGERS = (
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


def on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_entry(kinds: str, fields: str, add_column: bool) -> None:
    """Rebuild `entry` with new checks. On SQLite the rebuild drops the tombstone triggers (made again here) and
    AUTOINCREMENT's memory of ids handed out and deleted since (kept, so that such an id never comes back)."""
    used = _high_water_mark() if on_sqlite() else 0
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_entry_kind"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_entry_kind_fields"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_entry_kind"), f"kind IN {kinds}")
        batch_op.create_check_constraint(batch_op.f("ck_entry_kind_fields"), fields)
        if add_column:
            batch_op.add_column(sa.Column("consent_withdrawn_at", sa.String(length=19), nullable=True))
        else:
            batch_op.drop_column("consent_withdrawn_at")
    if on_sqlite():
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_delete")
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_insert")
        for trigger in TOMBSTONE_TRIGGERS:
            op.execute(trigger)
        op.get_bind().execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :used) WHERE name = 'entry'"), {"used": used}
        )
        if (
            used
            and op.get_bind().execute(sa.text("SELECT 1 FROM sqlite_sequence WHERE name = 'entry'")).first() is None
        ):
            op.get_bind().execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('entry', :used)"), {"used": used}
            )


def _high_water_mark() -> int:
    row = op.get_bind().execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'entry'")).fetchone()
    return int(row[0]) if row else 0


def upgrade() -> None:
    _rebuild_entry("('session', 'duty', 'prep')", f"{SESSION} OR {DUTY} OR {PREP}", add_column=True)
    op.create_table(
        "summary_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=63), nullable=False),
        sa.Column("made_at", sa.String(length=19), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(), nullable=True),
        sa.Column("uids", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_record")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_summary_record_owner"), "summary_record", ["owner"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_summary_record_owner"), table_name="summary_record")
    op.drop_table("summary_record")
    op.execute("DELETE FROM entry WHERE kind = 'prep'")
    _rebuild_entry("('session', 'duty')", f"{SESSION} OR {DUTY}", add_column=False)
