"""Rounding that holds across outputs: the arithmetic, and an attacker holding summaries of any ranges.

The attacker's test is a twin: two logs that differ only in the time of one unit about fewer than 5
teachers (a day's sessions of one stance and activity), by as much as the rounding allows. If every
summary of every range is the same for both, no set of summaries can tell the two apart, so no figure
about those teachers can be worked out closer than that difference.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.frozen import replace
from coachlog.domain.values import ROUND_TO, STANCES, SessionAtom
from coachlog.reports.rounding import round_minutes, rounding_offset
from summaries import Entry, summary_of, units_of

BASES = st.sampled_from([15, 30, 60])
MONDAY = date(2026, 10, 5)


@given(base=BASES, offset=st.integers(0, 59), minutes=st.integers(0, 600))
def test_a_rounded_value_fits_exactly_base_whole_minutes(base: int, offset: int, minutes: int) -> None:
    """With the offset fixed, the values that round to the same R are `base` consecutive minutes (fewer only
    where they would go below zero): a rounded figure never pins its true value closer than that."""
    offset %= base
    rounded = round_minutes(minutes, offset, base)
    assert rounded % base == 0 and abs(rounded - minutes) < base
    same = [m for m in range(0, minutes + 2 * base) if round_minutes(m, offset, base) == rounded]
    assert minutes in same and same == list(range(same[0], same[-1] + 1))
    if rounded >= base:
        assert len(same) == base


@given(base=BASES, minutes=st.integers(0, 600))
def test_rounding_is_true_on_average_over_the_offsets(base: int, minutes: int) -> None:
    """Up with chance remainder/base: summed over every offset, the rounded values are exactly base x minutes,
    so sums of many units stay true on average (unbiased random rounding)."""
    assert sum(round_minutes(minutes, offset, base) for offset in range(base)) == base * minutes


def test_the_offset_is_fixed_per_unit_and_spread_over_the_base() -> None:
    unit = SessionAtom(MONDAY, "coaching", "debrief", 45, 1, "uid-1")
    assert rounding_offset(unit, 30) == rounding_offset(SessionAtom(MONDAY, "coaching", "debrief", 50, 2, "uid-1"), 30)
    offsets = {rounding_offset(SessionAtom(MONDAY, "coaching", "debrief", 45, 1, f"uid-{i}"), 30) for i in range(300)}
    assert len(offsets) == 30  # every threshold occurs: without the uid the direction cannot be worked out


@st.composite
def logs(draw: st.DrawFn) -> list[Entry]:
    entries = draw(
        st.lists(
            st.tuples(
                st.integers(0, 20),
                st.sampled_from(STANCES),
                st.sampled_from(["planning", "debrief", "modeling"]),
                st.frozensets(st.integers(1, 9), min_size=1, max_size=3),
                st.integers(1, 24).map(lambda n: 5 * n),
            ),
            min_size=1,
            max_size=40,
        )
    )
    return entries


@settings(max_examples=150, deadline=None)
@given(
    entries=logs(),
    ranges=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=2, max_size=6),
    pick=st.integers(0, 10_000),
)
def test_no_set_of_summaries_tells_a_unit_from_its_twin(
    entries: list[Entry], ranges: list[tuple[int, int]], pick: int
) -> None:
    """Summaries of any ranges (the attacker's choice, overlapping or not) are the same, figure for figure,
    for a log and its twin whose one unit differs by at least half the rounding base: whatever the unit
    describes, no set of summaries pins its time, or any figure it is part of, closer than that."""
    atoms, cells = units_of(entries, MONDAY)
    index = pick % len(atoms)
    unit = atoms[index]
    offset = rounding_offset(unit, ROUND_TO)
    rounded = round_minutes(unit.minutes, offset, ROUND_TO)
    same = [m for m in range(1, rounded + ROUND_TO) if round_minutes(m, offset, ROUND_TO) == rounded]
    twin_minutes = max(same, key=lambda m: abs(m - unit.minutes))
    if rounded >= ROUND_TO:
        assert abs(twin_minutes - unit.minutes) >= ROUND_TO // 2
    twin = [*atoms[:index], replace(unit, minutes=twin_minutes), *atoms[index + 1 :]]
    for first, last in ranges:
        start, end = MONDAY + timedelta(days=min(first, last)), MONDAY + timedelta(days=max(first, last))
        assert summary_of(atoms, cells, start, end) == summary_of(twin, cells, start, end)


def test_two_summaries_cannot_be_subtracted_to_a_small_unit() -> None:
    """Issue 12, item 5, as data: the term to date less the term to last week is last week's consulting,
    15 minutes with one teacher. The two consulting totals now differ by a multiple of 30, never by 15."""
    entries: list[Entry] = [(d, "consulting", "planning", frozenset({d % 6 + 1}), 45) for d in range(0, 14)]
    entries.append((16, "consulting", "planning", frozenset({1}), 15))
    atoms, cells = units_of(entries, MONDAY)
    for seed in ("one entry's uid", "another", "a third"):
        seeded = [replace(atom, seed=seed + atom.seed) for atom in atoms]
        full = summary_of(seeded, cells, MONDAY, MONDAY + timedelta(days=20))
        before = summary_of(seeded, cells, MONDAY, MONDAY + timedelta(days=13))
        totals = [{s.stance: s.minutes for s in summary.stances}["consulting"] for summary in (full, before)]
        assert None not in totals
        assert (totals[0] - totals[1]) in (0, 30)
