"""names and tags without ';' or control characters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

coachlog 0.2 refuses ';' (it joins names and tags in exports) and control characters
in teacher names and tags. Older databases may hold them: a CSV export would split
such a name into two teachers on import. This rewrites them: ';' becomes ',', and
control characters become spaces (runs of spaces folded). Name keys ignore both, so
no two teachers collide; two tags of one entry that become equal are kept once.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text.replace(";", ",")).split())


def upgrade() -> None:
    connection = op.get_bind()
    for teacher_id, name in connection.execute(sa.text("SELECT id, name FROM teacher")).fetchall():
        fixed = _plain(name)
        if fixed != name and fixed:
            connection.execute(
                sa.text("UPDATE teacher SET name = :name WHERE id = :id"), {"name": fixed, "id": teacher_id}
            )
    for entry_id, tag in connection.execute(sa.text("SELECT entry_id, tag FROM entry_tag")).fetchall():
        fixed = _plain(tag).lower()
        if fixed != tag and fixed:
            connection.execute(
                sa.text("DELETE FROM entry_tag WHERE entry_id = :entry AND tag = :tag"), {"entry": entry_id, "tag": tag}
            )
            exists = connection.execute(
                sa.text("SELECT 1 FROM entry_tag WHERE entry_id = :entry AND tag = :tag"),
                {"entry": entry_id, "tag": fixed},
            ).fetchone()
            if exists is None:
                connection.execute(
                    sa.text("INSERT INTO entry_tag (entry_id, tag) VALUES (:entry, :tag)"),
                    {"entry": entry_id, "tag": fixed},
                )


def downgrade() -> None:
    pass  # the old text is not kept: the rewritten names and tags are valid in every version
