"""A sheet's header: which column holds which field, recognised by its heading or named by --map.

Pure: no SQL, no printing. Anything that cannot be settled (a column coachlog does not
know, a heading that could be two fields, a field with no column) is a UsageError
before any row is read.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from typing import ClassVar

from coachlog.domain.frozen import Frozen
from coachlog.errors import UsageError
from coachlog.formats.cells import (
    AMBIGUOUS,
    DURATION_FIELDS,
    FIELD_OF,
    FIELDS,
    IGNORED,
    field_named,
    heading_key,
    stance_word,
)
from coachlog.formats.habits import duty_in
from coachlog.formats.records import Record, listed

Reread = Callable[[], Generator[Record, None, None]]  # a file's records again, from the top


def parse_map(text: str) -> tuple[str, str | None]:
    """'Session date=date' -> ('Session date', 'date'); 'Email=' -> ('Email', None): ignore the column."""
    column, equals, wanted = text.rpartition("=")
    if not equals or not column.strip():
        raise UsageError(
            f"invalid --map '{text}': use COLUMN=FIELD, as in --map 'Session date=date', or COLUMN= to ignore a column"
        )
    return column.strip(), field_named(wanted) if wanted.strip() else None


# ---- columns --------------------------------------------------------------------------------


class Columns(Frozen):
    """Which column holds which field, and what to tell the coach about the rest. Frozen (domain/frozen.py)."""

    FIELDS: ClassVar[tuple[str, ...]] = ("index", "notes", "unnamed")
    index: dict[str, int]
    notes: tuple[str, ...]
    unnamed: tuple[int, ...]  # columns with no heading: ignored while they are empty

    def __init__(self, index: dict[str, int], notes: tuple[str, ...] = (), unnamed: tuple[int, ...] = ()) -> None:
        self.__dict__.update(index=index, notes=notes, unnamed=unnamed)


def map_columns(header: list[str], mapping: dict[str, str | None], name: str, reread: Reread | None = None) -> Columns:
    """Recognise each heading (or follow --map); raise UsageError for what cannot be settled. A 'Type'
    column whose every value is a stance or a duty is the stance when no other column is (read by `reread`)."""
    chosen = _mapped(header, mapping, name)
    notes: list[str] = []
    if reread is not None and (i := _stance_type(header, chosen, reread)) is not None:
        chosen[i] = "stance"
        notes.append(f"Read column '{header[i]}' as the stance: each value in it is a stance or a duty")
    unknown: list[str] = []
    ambiguous: list[str] = []
    unnamed: list[int] = []
    by_field: dict[str, list[int]] = {}
    for i, heading in enumerate(header):
        key = heading_key(heading)
        if i in chosen:
            wanted = chosen[i]
        elif not heading.strip():
            unnamed.append(i)
            continue
        elif key in IGNORED:
            notes.append(f"Ignored column '{heading}': it is {IGNORED[key]} (--map '{heading}=date' to use it)")
            continue
        elif key in AMBIGUOUS:
            options = " or ".join(f"--map '{heading}={f}'" for f in AMBIGUOUS[key])
            ambiguous.append(f"'{heading}' could be the {' or the '.join(AMBIGUOUS[key])} ({options})")
            continue
        elif key in FIELD_OF:
            wanted = FIELD_OF[key]
        else:
            unknown.append(heading)
            continue
        if wanted is not None:
            by_field.setdefault(wanted, []).append(i)
    for wanted, indexes in by_field.items():
        if len(indexes) > 1:
            names = [header[i] for i in indexes]
            raise UsageError(
                f"columns {listed(names)} of {name} all hold the {wanted}: keep one and ignore the others"
                f" with --map '{names[-1]}='"
            )
    if ambiguous:
        raise UsageError(f"unclear column in {name}: " + "; ".join(ambiguous) + ", or --map COLUMN= to ignore it")
    if unknown:
        raise UsageError(
            f"{name} has columns coachlog does not know: {listed(unknown)}; say what each holds with"
            f" --map 'COLUMN=FIELD' (fields: {', '.join(FIELDS)}) or ignore it with --map 'COLUMN='"
        )
    index = {wanted: indexes[0] for wanted, indexes in by_field.items()}
    _check_needed(index, header, name)
    return Columns(index, tuple(notes), tuple(unnamed))


def _stance_type(header: list[str], chosen: dict[int, str | None], reread: Reread) -> int | None:
    """The one 'Type' column (not named by --map) that holds only stances and duties, when no column is the stance."""
    keys = [heading_key(h) for h in header]
    types = [i for i, key in enumerate(keys) if key == "type" and i not in chosen]
    taken = "stance" in chosen.values() or any(
        FIELD_OF.get(k) == "stance" for i, k in enumerate(keys) if i not in chosen
    )
    if len(types) != 1 or taken:
        return None
    column, seen = types[0], False
    with closing(reread()) as records:
        for _, cells, _ in records:
            cell = cells[column] if column < len(cells) else ""
            if not isinstance(cell, str) or not cell.strip():
                continue
            if not _says_stance(cell):
                return None
            seen = True
    return column if seen else None


def _says_stance(text: str) -> bool:
    """Whether a cell is a stance, a duty kind or a duty ("coaching", "Cover", "Lunch duty")."""
    try:
        stance_word(text)
    except UsageError:
        return duty_in(text) is not None
    return True


def _mapped(header: list[str], mapping: dict[str, str | None], name: str) -> dict[int, str | None]:
    """The field --map gives each column it names, by column number."""
    folded = [" ".join(h.split()).casefold() for h in header]
    chosen: dict[int, str | None] = {}
    for column, wanted in mapping.items():
        found = [i for i, h in enumerate(folded) if h == " ".join(column.split()).casefold()]
        if not found:
            raise UsageError(
                f"--map names a column '{column}' that {name} does not have: its columns are {listed(header)}"
            )
        if len(found) > 1:
            raise UsageError(f"{name} has {len(found)} columns named '{column}': rename all but one in the file")
        chosen[found[0]] = wanted
    return chosen


def _check_needed(index: dict[str, int], header: list[str], name: str) -> None:
    """UsageError unless the columns give a date, a duration and a stance (or kind)."""
    missing = []
    if "date" not in index and "start" not in index:
        missing.append("date")
    if not any(f in index for f in DURATION_FIELDS) and not ("start" in index and "end" in index):
        missing.append("minutes")
    if "stance" not in index and "kind" not in index:
        missing.append("stance")
    if missing:
        raise UsageError(
            f"no {' or '.join(missing)} column in {name}: its columns are {listed(header)};"
            f" say which holds it with " + " and ".join(f"--map 'COLUMN={m}'" for m in missing)
        )
