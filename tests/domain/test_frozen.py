"""Frozen values (domain/frozen.py) behave as the frozen dataclasses they replaced: the same repr, equality,
hashing, immutability and replace(), checked against a frozen dataclass with the same fields."""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.contract import AggregateRow
from coachlog.domain.frozen import Frozen
from coachlog.domain.periods import Period
from coachlog.domain.values import Entry, NewEntry, Stance
from coachlog.errors import UsageError
from coachlog.reports.report import Report


@functools.cache
def twin(cls: type[Frozen]) -> Any:
    """A frozen dataclass of the same name and fields as `cls` (no defaults: the tests give every field)."""
    return dataclasses.make_dataclass(cls.__name__, list(cls.FIELDS), frozen=True)


START = datetime(2026, 6, 10, 13, 0, tzinfo=UTC)
texts = st.none() | st.text(alphabet="ab \n", max_size=3)
new_entries = st.builds(
    NewEntry,
    kind=st.sampled_from(["session", "duty", "prep"]),
    start=st.just(START),
    minutes=st.integers(1, 3),
    local_date=st.just(date(2026, 6, 10)),
    time_known=st.booleans(),
    teachers=st.lists(st.sampled_from(["A", "B"]), max_size=2).map(tuple),
    stance=st.none() | st.sampled_from(Stance),
    note=texts,
    story=texts,
    uid=st.none() | st.just("u"),
)


def as_twin(value: Frozen) -> Any:
    return twin(type(value))(**{name: getattr(value, name) for name in value.FIELDS})


@given(new_entries, new_entries)
def test_a_new_entry_is_equal_hashed_and_shown_as_its_dataclass(a: NewEntry, b: NewEntry) -> None:
    """Equality, hash and repr agree with a frozen dataclass of the same fields."""
    assert repr(a) == repr(as_twin(a))
    assert (a == b) == (as_twin(a) == as_twin(b))
    assert hash(a) == hash(as_twin(a))
    assert a.replace() == a and a.replace() is not a
    assert repr(a.replace(minutes=a.minutes + 1)) == repr(dataclasses.replace(as_twin(a), minutes=a.minutes + 1))
    assert vars(a.replace(minutes=9)) == {**vars(a), "minutes": 9}


@given(new_entries)
def test_an_entry_is_never_equal_to_its_new_entry(a: NewEntry) -> None:
    """As dataclasses of two classes: an Entry with the same fields as a NewEntry is not equal to it."""
    stored = Entry(*(getattr(a, name) for name in NewEntry.FIELDS), id=1)
    assert stored != a and a != stored
    assert repr(stored) == repr(as_twin(stored))
    assert stored.replace(cycle=3).cycle == 3 and stored.replace(cycle=3).id == 1


def test_immutable_and_checked() -> None:
    """Assigning or deleting a field raises an AttributeError; replace() goes through __init__'s checks, and refuses
    a field that is not there."""
    entry = NewEntry("session", START, 30, date(2026, 6, 10), True, ("A",))
    with pytest.raises(AttributeError, match="cannot assign to field 'minutes'"):
        entry.minutes = 5  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete field 'note'"):
        del entry.note  # type: ignore[misc]
    with pytest.raises(UsageError, match="control characters"):
        entry.replace(note="a\x07")
    with pytest.raises(TypeError):
        entry.replace(colour="red")
    assert Entry("session", START, 30, date(2026, 6, 10), True, note="old\x07", id=1).note == "old\x07"


def test_a_row_and_a_report() -> None:
    """AggregateRow and Report: the same repr and equality as their dataclasses; a Report's empty dict is its own."""
    row = AggregateRow("2026-06-10", "session", "coaching", None, 30, 1)
    assert repr(row) == repr(as_twin(row)) and row == AggregateRow(*(getattr(row, n) for n in row.FIELDS))
    assert hash(row) == hash(as_twin(row))
    period = Period(date(2026, 6, 8), date(2026, 6, 14), "this week")
    first, second = (Report(period, (), 0, 0, 0, {}, (), "week", ()) for _ in range(2))
    assert first == second and first.prep_by_activity is not second.prep_by_activity
    assert repr(first) == repr(as_twin(first))
    assert first.replace(prep_minutes=5).prep_minutes == 5 and first.replace(prep_minutes=5) != first
    with pytest.raises(TypeError):
        hash(first)  # a dict field: unhashable, as the frozen dataclass


def test_the_imports_values() -> None:
    """What `import` and `edit` hand the store (Incoming, EntryChanges) and a sheet's columns and options: Frozen
    since they stopped being dataclasses (an import loads no `dataclasses`), with the same repr, equality, hashing
    and defaults; ImportResult, a plain mutable class, is equal and shown as the dataclass it was, and unhashable."""
    from coachlog.domain.changes import OPEN_CYCLE, EntryChanges, ImportResult, Incoming
    from coachlog.formats.columns import Columns
    from coachlog.formats.ics import BrokenEvent
    from coachlog.formats.spreadsheet import ImportOptions

    new = NewEntry("session", START, 30, date(2026, 6, 10), True, ("A",))
    values = [
        Incoming(new),
        Incoming(new, 7, "line 3"),
        EntryChanges(minutes=5),
        EntryChanges(note="n", tags=("t",)),
        Columns({"date": 0}),
        Columns({"date": 0}, ("a note",), (2,)),
        BrokenEvent(None, "title", "why"),
        ImportOptions(UTC, START, ("planning",)),
    ]
    for value in values:
        assert repr(value) == repr(as_twin(value)) and value == type(value)(*(getattr(value, n) for n in value.FIELDS))
        if not any(isinstance(getattr(value, n), dict) for n in value.FIELDS):
            assert hash(value) == hash(as_twin(value))
    assert Incoming(new).cycle is OPEN_CYCLE and Incoming(new).where == "" and Incoming(new).wanted_id is None
    assert EntryChanges().is_empty() and not EntryChanges(minutes=5).is_empty()
    assert ImportOptions(UTC, START, ()).mapping == {} and not ImportOptions(UTC, START, ()).raw
    with pytest.raises(UsageError, match="control characters"):
        EntryChanges(story="a\x07")
    result = ImportResult()
    assert result == ImportResult() and result.sessions == {"consulting": 0, "collaborating": 0, "coaching": 0}
    assert result.sessions is not ImportResult().sessions and result != ImportResult(added=1)
    assert repr(result) == (
        "ImportResult(dry_run=False, added=0, already_there=0, sessions={'consulting': 0, 'collaborating': 0,"
        " 'coaching': 0}, duties={}, first=None, last=None, new_teachers=[], linked=0, unlinked={})"
    )
    with pytest.raises(TypeError):
        hash(result)


# ---- NamedTuple (domain/frozen.py): typing.NamedTuple's class, without compiling its annotations -------------


def both_named_tuples(source: str) -> tuple[Any, Any]:
    """The class `source` defines (`class T(NamedTuple): ...`, annotations as strings) built by frozen.NamedTuple
    and by typing.NamedTuple."""
    import typing

    from coachlog.domain import frozen

    made = []
    for base in (frozen.NamedTuple, typing.NamedTuple):
        scope: dict[str, Any] = {"NamedTuple": base, "__name__": "tests.twin"}
        exec(compile("from __future__ import annotations\n" + source, "<twin>", "exec"), scope)
        made.append(scope["T"])
    return made[0], made[1]


def test_a_named_tuple_is_the_class_typing_builds() -> None:
    """Fields, defaults, docstring, methods, module, repr, equality and the namedtuple API are typing's; only the
    annotations stay the strings written (typing compiles each into a ForwardRef: the first compile() of a process
    alone costs about 10 million instructions)."""
    lean, typed = both_named_tuples(
        'class T(NamedTuple):\n    """A doc."""\n\n    a: int\n    b: str | None = None\n    c: tuple[str, ...] = ()\n'
        "\n    def both(self) -> str:\n        return f'{self.a}{self.b}'\n"
    )
    for cls in (lean, typed):
        value = cls(1, b="x")
        assert (value, repr(value), value.both(), value._asdict(), value._replace(a=2)) == (
            (1, "x", ()), "T(a=1, b='x', c=())", "1x", {"a": 1, "b": "x", "c": ()}, (2, "x", ())
        )  # fmt: skip
        assert (cls.__doc__, cls.__module__, cls.__qualname__, cls.__mro__[1:]) == ("A doc.", "tests.twin", "T",
                                                                                    (tuple, object))  # fmt: skip
        assert (cls._fields, cls._field_defaults, cls.__new__.__defaults__) == (
            ("a", "b", "c"), {"b": None, "c": ()}, (None, ())
        )  # fmt: skip
    assert lean.__annotations__ == {"a": "int", "b": "str | None", "c": "tuple[str, ...]"}
    assert {k: v.__forward_arg__ for k, v in typed.__annotations__.items()} == lean.__annotations__
    assert sorted(set(vars(typed)) - set(vars(lean))) == ["__orig_bases__"]  # the one difference


@pytest.mark.parametrize(
    "source",
    [
        "class T(NamedTuple):\n    a: int = 1\n    b: int\n",  # a field without a default after one with
        "class T(NamedTuple):\n    a: int\n    def _replace(self): pass\n",  # the namedtuple API overwritten
        "class T(NamedTuple, int):\n    a: int\n",  # another base
    ],
)
def test_a_named_tuple_refuses_what_typing_refuses(source: str) -> None:
    """The same errors, in the same words, for a class typing.NamedTuple refuses."""
    import typing

    from coachlog.domain import frozen

    errors = []
    for base in (frozen.NamedTuple, typing.NamedTuple):
        with pytest.raises((TypeError, AttributeError)) as caught:
            exec(source, {"NamedTuple": base, "__name__": "tests.twin"})
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]
