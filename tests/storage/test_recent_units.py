"""store.recent: the units each activity's typical session is taken from, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from test_store import D16, D17, D18, D30, backend, scripted, store  # noqa: F401 (fixtures)

from coachlog.domain.periods import Period
from coachlog.storage.store import Store


@pytest.mark.parametrize("count", [1, 2, 500])
@pytest.mark.parametrize("until", [D16, D17, D18, D30])
def test_recent_units_are_the_whole_days_of_each_activitys_newest_sessions(
    scripted: Store,  # noqa: F811
    until: date,
    count: int,
) -> None:
    """The units (day, stance, activity, in a cycle or not: as session_atoms gives them) of each named activity from
    the day of its `count`-th newest session up to `until`, and the distinct teachers of their sessions."""
    entries = list(scripted.entries.query(None))
    expected: dict[tuple[date, str, str], list[int]] = defaultdict(lambda: [0, 0])
    teachers: dict[str, set[int]] = defaultdict(set)
    for activity in sorted({e.activity for e in entries if e.activity}):
        mine = [e for e in entries if e.kind == "session" and e.activity == activity and e.local_date <= until]
        if not mine:
            continue
        oldest = sorted(mine, key=lambda e: (e.local_date, e.id), reverse=True)[:count][-1].local_date
        for e in mine:
            if e.local_date >= oldest:
                expected[(e.local_date, e.stance, activity)][0] += e.minutes
                expected[(e.local_date, e.stance, activity)][1] += 1
                teachers[activity] |= {scripted.teachers.id_of(name) for name in e.teachers}
    units, met = scripted.recent.by_activity(until, count)
    assert {(u.local_date, u.stance, u.activity): [u.minutes, u.sessions] for u in units} == expected
    assert met == {activity: len(who) for activity, who in teachers.items()}
    page = scripted.aggregates.session_atoms(Period(D16, D30, "all"))  # the same units, seeds and all: same rounding
    assert sorted(units, key=repr) == sorted(
        (a for a in page if (a.local_date, a.stance, a.activity) in expected), key=repr
    )
