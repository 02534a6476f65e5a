"""Looking after the database file: backup, restore, and the demo term."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachlog.errors import CoachlogError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.values import Term


def backup(session: Session, target: Path | None) -> tuple[int, Path]:
    """`coachlog backup`: copy the database safely (default: a backups folder beside it); its entries and
    where the copy is."""
    from coachlog.storage.backup import backup_file, default_backup_path

    session.file_only("backup")
    source = Path(session.store.path)  # a file (file_only refused a URL); opening it checks it is sound
    if target:
        written = backup_file(source, Path(target).expanduser())
    else:
        written = backup_file(source, default_backup_path(source), numbered=True)
    return session.store.entries.count(), written


def restore(session: Session, source: Path) -> tuple[int, Path | None]:
    """`coachlog restore`: replace the database with a backup; its entries and where the replaced one is kept."""
    from coachlog.storage import open_store
    from coachlog.storage.backup import restore_file

    path = session.file_only("restore")
    entries, kept = restore_file(Path(source).expanduser(), path)
    if kept is not None:  # an ended term's counts, once shown, stay as shown (reports/term_counts.py)
        with open_store(path) as store:
            store.term_counts.carry_from(kept)
    return entries, kept


@dataclass(frozen=True)
class Demo:
    """What `coachlog demo` added: how many entries, the term (None when one already covered it), where."""

    count: int
    term: Term | None
    path: Path | str  # a team database's URL without its password


def demo(session: Session) -> Demo:
    """`coachlog demo`: fill an empty database with a realistic term of one coach's work."""
    from coachlog.formats.demo import demo_cycles, demo_entries, demo_prep, demo_term

    store = session.store
    if store.entries.count():
        raise CoachlogError(f"{store.path} already holds entries: run demo on a new file, e.g. --db demo.db")
    now = session.now()
    term = demo_term(now.date(), session.settings.first_weekday)
    entries = demo_entries(now.date(), now, session.settings.first_weekday)
    entries += demo_prep(entries, now)  # after the others: their ids stay as they were
    overlapping = any(t.start <= term.end and t.end >= term.start for t in store.terms.all())
    cycles = demo_cycles(now.date(), session.settings.first_weekday)
    from coachlog.formats.demo import demo_roster, demo_steps

    count = store.imports.add_many(
        entries,
        now,
        terms=() if overlapping else (term,),
        cycles=cycles,
        also=(  # in the same transaction: a demo is all there, or not at all
            lambda db: store.roster.apply_in(db, demo_roster(), now, None),  # the staff: reach, by department
            lambda db: store.steps.insert_many(db, demo_steps(now.date()), now),  # check-backs: `coachlog due`
        ),
    )
    return Demo(count, None if overlapping else term, store.path)
