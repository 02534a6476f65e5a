"""every row belongs to a coach; every entry gets a global id; push bookkeeping

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Team databases hold many coaches' rows, so entries, teachers, terms, undo steps and the
timer get an `owner`; teacher and term names, and entry sources, become unique per owner.
Rows already there belong to the coach migrate.py names (the configured coach of a
personal file; the migrating role on a server). Each entry gets a random `uid` that stays
with it wherever it is pushed. `setting` holds this database's random id (and a personal
file's owner), `entry_tombstone` remembers deleted entries that were pushed (SQLite triggers write it:
note that a later batch migration that rebuilds `entry` must create them again), and
`pushed` what `push` last agreed on with a team database.
"""

import getpass
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTRY_TABLE = {"sqlite_autoincrement": True}
OWNED = ("entry", "teacher", "term", "undo_step")

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


def owner_of_existing_rows() -> str:
    """The coach named by whoever runs the migration (migrate.py), else the role or login running it."""
    named = context.config.attributes.get("owner")
    if named:
        return str(named)[:63]
    if not on_sqlite():
        return str(op.get_bind().execute(sa.text("SELECT current_user")).scalar())
    return getpass.getuser()[:63]


def upgrade() -> None:
    bind = op.get_bind()
    owner = owner_of_existing_rows()
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    settings = [{"key": "database_id", "value": str(uuid.uuid4())}]
    if on_sqlite():
        settings.append({"key": "owner", "value": owner})
    bind.execute(sa.text("INSERT INTO setting (key, value) VALUES (:key, :value)"), settings)
    op.create_table(
        "entry_tombstone",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("deleted_at", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_entry_tombstone")),
    )
    op.create_table(
        "pushed",
        sa.Column("remote", sa.String(length=36), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("remote", "uid", name=op.f("pk_pushed")),
    )

    for table in OWNED:
        kwargs = ENTRY_TABLE if table in ("entry", "undo_step") else {}
        with op.batch_alter_table(table, schema=None, table_kwargs=kwargs) as batch_op:
            batch_op.add_column(sa.Column("owner", sa.String(length=63), nullable=True))
            if table == "entry":
                batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET owner = :owner"), {"owner": owner})
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM entry"))]
    if ids:
        bind.execute(
            sa.text("UPDATE entry SET uid = :uid WHERE id = :id"), [{"id": i, "uid": str(uuid.uuid4())} for i in ids]
        )

    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.alter_column("owner", existing_type=sa.String(length=63), nullable=False)
        batch_op.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_constraint(batch_op.f("uq_entry_source"), type_="unique")
        batch_op.create_unique_constraint("uq_entry_owner_source", ["owner", "source"])
        batch_op.create_unique_constraint(batch_op.f("uq_entry_uid"), ["uid"])
        batch_op.create_index("ix_entry_owner_local_date", ["owner", "local_date"], unique=False)
    for table in ("teacher", "term"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("owner", existing_type=sa.String(length=63), nullable=False)
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_name_key"), type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_owner_name_key", ["owner", "name_key"])
    with op.batch_alter_table("undo_step", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.alter_column("owner", existing_type=sa.String(length=63), nullable=False)

    # The timer was one row (id = 1); now each coach has one: keyed by owner.
    running = [dict(row._mapping) for row in bind.execute(sa.text("SELECT * FROM timer"))]
    op.drop_table("timer")
    timer = op.create_table(
        "timer",
        sa.Column("owner", sa.String(length=63), nullable=False),
        sa.Column("start_utc", sa.String(length=19), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("teachers", sa.String(), nullable=False),
        sa.Column("activity", sa.String(length=40), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("tags", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(length=19), nullable=False),
        sa.CheckConstraint("stance IN ('consulting', 'collaborating', 'coaching')", name=op.f("ck_timer_stance")),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_timer")),
    )
    for row in running:
        row.pop("id", None)
        op.bulk_insert(timer, [{**row, "owner": owner}])

    if on_sqlite():
        for trigger in TOMBSTONE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    bind = op.get_bind()
    if on_sqlite():
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_delete")
        op.execute("DROP TRIGGER IF EXISTS entry_tombstone_on_insert")
    running = [dict(row._mapping) for row in bind.execute(sa.text("SELECT * FROM timer"))][:1]
    op.drop_table("timer")
    timer = op.create_table(
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
    for row in running:
        row.pop("owner", None)
        op.bulk_insert(timer, [{**row, "id": 1}])
    with op.batch_alter_table("undo_step", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.drop_column("owner")
    for table in ("teacher", "term"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_owner_name_key", type_="unique")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_name_key"), ["name_key"])
            batch_op.drop_column("owner")
    with op.batch_alter_table("entry", schema=None, table_kwargs=ENTRY_TABLE) as batch_op:
        batch_op.drop_index("ix_entry_owner_local_date")
        batch_op.drop_constraint(batch_op.f("uq_entry_uid"), type_="unique")
        batch_op.drop_constraint("uq_entry_owner_source", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_entry_source"), ["source"])
        batch_op.drop_column("uid")
        batch_op.drop_column("owner")
    op.drop_table("pushed")
    op.drop_table("entry_tombstone")
    op.drop_table("setting")
