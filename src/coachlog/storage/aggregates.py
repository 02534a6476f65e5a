"""The figures reports are built from: minutes and counts grouped by day, teacher or activity, and who they describe."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coachlog.domain.contract import NO_FILTERS, AggregateRow, Filters, PeriodParts
from coachlog.domain.periods import Period
from coachlog.storage.database import Database
from coachlog.storage.rows import ENTRY_TEACHERS, SEP, where
from coachlog.storage.schema.conditions import SHARED_STORIES

if TYPE_CHECKING:  # imported where used: `add` and `report` read by_day alone and never build these
    from coachlog.domain.figures import (
        StanceHalf,
        TeacherCell,
        TeacherGroup,
        Voice,
    )


_IDS: dict[int, int] = {}  # one int object per teacher id, however many groups list it


def ids(text: str) -> frozenset[int]:
    """The ids a distinct_ids column lists ("3,17,5"), read by json's parser: a big term's groups list a hundred
    thousand, and int() over their split took two to four times as long. Each id is the one int object of
    _IDS, not one per group that lists it (about 5 MiB less at a million entries)."""
    import json  # here: `add` and `report` import this module and never read ids

    listed = json.loads(f"[{text}]")
    return frozenset(map(_IDS.setdefault, listed, listed))


def aggregate(row: Any) -> AggregateRow:
    return AggregateRow(
        group=row["grp"],
        kind=row["kind"],
        stance=row["stance"],
        duty_kind=row["duty_kind"],
        minutes=int(row["minutes"]),
        count=int(row["n"]),
    )


class Aggregates:
    """Read-only figures over a period."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def sessions(self) -> str:
        """The condition "e is a session", for a period's sessions: read by the date's index. Left to itself,
        SQLite's planner takes the index on (kind, activity, local_date, id) (migration 0008, for the typical
        sessions) and walks every session ever logged: at a million entries a term's groups took 240-300 ms that
        way, 70-100 ms by date."""
        return f"{self.database.d.not_indexed('e.kind')} = 'session'"

    def _where(self, period: Period, filters: Filters) -> tuple[str, dict[str, object]]:
        """The WHERE of the entries `e` in `period` that pass `filters` (a teacher by the name it matches)."""
        clauses, params = where(period, filters)
        if filters.teacher is not None:
            from coachlog.storage.teachers import Teachers

            params["teacher_id"] = Teachers(self.database).id_of(filters.teacher)
        return clauses, params

    def by_day(self, period: Period, filters: Filters = NO_FILTERS) -> list[AggregateRow]:
        """Minutes and counts per local date, kind, stance and duty kind: the base of every report."""
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT e.local_date AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE {clauses}
            GROUP BY e.local_date, kind, stance, duty_kind ORDER BY e.local_date
            """,
            params,
        )
        return [aggregate(row) for row in rows]

    def by_teacher(self, period: Period, filters: Filters = NO_FILTERS) -> list[AggregateRow]:
        """Session minutes per teacher and stance: a team session counts for each of its teachers."""
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT t.name AS grp, e.kind, e.stance, e.duty_kind, SUM(e.minutes) AS minutes, COUNT(*) AS n
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id JOIN teacher t ON t.id = et.teacher_id
            WHERE {clauses}
            GROUP BY t.id, e.kind, e.stance, e.duty_kind ORDER BY {self.database.d.sort_key("t.name_key")}
            """,
            params,
        )
        return [aggregate(row) for row in rows]

    def by_activity(self, period: Period, filters: Filters = NO_FILTERS) -> list[AggregateRow]:
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT COALESCE(e.activity, '') AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE {clauses} AND kind = 'session'
            GROUP BY e.activity, kind, stance, duty_kind ORDER BY {self.database.d.sort_key("COALESCE(e.activity, '')")}
            """,
            params,
        )
        return [aggregate(row) for row in rows]

    def teachers_reached(self, period: Period, filters: Filters = NO_FILTERS) -> int:
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT COUNT(DISTINCT et.teacher_id) FROM entry_teacher et JOIN entry e ON e.id = et.entry_id
            WHERE {clauses}
            """,
            params,
        )
        return int(rows[0][0])

    def teacher_cells(self, period: Period, filters: Filters = NO_FILTERS) -> list[TeacherCell]:
        """Each teacher's (day, stance, activity) combinations in `period`, once each: who every figure describes."""
        from coachlog.domain.figures import TeacherCell

        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT DISTINCT e.local_date, e.stance, COALESCE(e.activity, '') AS activity, et.teacher_id
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id
            WHERE {clauses} AND {self.sessions}
            """,
            params,
        )
        return [TeacherCell(date.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]

    def teacher_groups(self, period: Period, filters: Filters = NO_FILTERS) -> list[TeacherGroup]:
        """The teacher cells of `period` (see teacher_cells), one row per day, stance and activity: a summary's
        figures need the teachers of these groups alone, and a big term has a hundred thousand cells."""
        from coachlog.domain.figures import TeacherGroup

        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT e.local_date, e.stance, COALESCE(e.activity, '') AS activity,
                   {self.database.d.distinct_ids("et.teacher_id")}
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id
            WHERE {clauses} AND {self.sessions}
            GROUP BY e.local_date, e.stance, COALESCE(e.activity, '')
            """,
            params,
        )
        return [TeacherGroup(date.fromisoformat(r[0]), r[1], r[2], ids(r[3])) for r in rows]

    def period_parts(self, period: Period) -> PeriodParts:
        """`period`'s session atoms, teacher groups split by cycle, duties by day and the teachers of its other
        entries, in two passes over one range of the index of migration 0010, in the order they group (at a million
        entries the four queries that gave these, each sorting the period's entries, took twice as long): the
        minutes, then the teachers (a join in the same order; a correlated list per entry took half as long again).
        Groups of one cycle each come merged by in-cycle or not, repeated ids dropped when read (ids)."""
        clauses, params = self._where(period, NO_FILTERS)
        group = "GROUP BY e.local_date, e.kind, e.stance, e.duty_kind, e.activity, e.cycle_id"
        minutes = self.database.read(
            f"""
            SELECT e.local_date, e.kind, e.stance, e.duty_kind, e.activity, e.cycle_id,
                   SUM(e.minutes), COUNT(*), MIN(e.uid)
            FROM entry e WHERE {clauses} {group}
            """,
            params,
        )
        teachers = self.database.read(
            f"""
            SELECT e.local_date, e.kind, e.stance, e.duty_kind, e.activity, e.cycle_id,
                   {self.database.d.listed_ids("et.teacher_id")}
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id WHERE {clauses} {group}
            """,
            params,
        )
        return _parts(minutes, {tuple(r[:6]): r[6] for r in teachers})

    def shared_voices(self, period: Period, filters: Filters = NO_FILTERS, names: bool = True) -> list[Voice]:
        """Answers and stories the teachers agreed to share, oldest first; with `names`, each with its teachers' names
        (else none: a summary without --names prints none, and at a million entries listing them cost ~15 ms).
        Notes are never read here."""
        from coachlog.domain.figures import Voice

        clauses, params = self._where(period, filters)
        teachers = self.database.d.joined("t.name", "et.position", ENTRY_TEACHERS) if names else "NULL"
        rows = self.database.read(
            f"""
            SELECT e.local_date, e.helpful, e.story, {teachers} AS teachers
            FROM entry e
            WHERE {clauses} AND {SHARED_STORIES}
            ORDER BY e.local_date, e.start_utc, e.id
            """,
            params,
        )
        return [Voice(date.fromisoformat(r[0]), r[1], r[2], tuple(r[3].split(SEP)) if r[3] else ()) for r in rows]

    def teacher_names(self, period: Period, filters: Filters = NO_FILTERS) -> list[str]:
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT DISTINCT t.name, {self.database.d.sort_key("t.name_key")} AS sort_key FROM teacher t
            JOIN entry_teacher et ON et.teacher_id = t.id
            JOIN entry e ON e.id = et.entry_id WHERE {clauses} ORDER BY sort_key
            """,
            params,
        )
        return [r[0] for r in rows]

    def by_tag(self, period: Period, filters: Filters = NO_FILTERS) -> list[AggregateRow]:
        """Minutes per tag, kind and stance: an entry with two tags counts for each; untagged entries under ''."""
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT COALESCE(g.tag, '') AS grp, e.kind, e.stance, e.duty_kind, SUM(e.minutes) AS minutes, COUNT(*) AS n
            FROM entry e LEFT JOIN entry_tag g ON g.entry_id = e.id
            WHERE {clauses}
            GROUP BY g.tag, e.kind, e.stance, e.duty_kind ORDER BY {self.database.d.sort_key("COALESCE(g.tag, '')")}
            """,
            params,
        )
        return [aggregate(row) for row in rows]

    def prep_by_activity(self, period: Period, filters: Filters = NO_FILTERS) -> dict[str, int]:
        """Minutes of work without a teacher present (kind 'prep') per activity."""
        clauses, params = self._where(period, filters)
        rows = self.database.read(
            f"""
            SELECT COALESCE(e.activity, '') AS activity, SUM(e.minutes) FROM entry e
            WHERE {clauses} AND e.kind = 'prep' GROUP BY COALESCE(e.activity, '') ORDER BY 1
            """,
            params,
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def stance_halves(self, period: Period, second: date, positions: dict[str, int]) -> list[StanceHalf]:
        """Per teacher met in `period`'s sessions and per half (the second from `second`) where they were met: the
        sessions with a stance and the sum of their stances' `positions` (a session with two teachers counts for each;
        one with no stance for none, but it meets its teachers in its half)."""
        from coachlog.domain.figures import StanceHalf

        clauses, params = self._where(period, NO_FILTERS)
        cases = " ".join(f"WHEN :stance_{i} THEN {int(p)}" for i, p in enumerate(positions.values()))
        params |= {f"stance_{i}": stance for i, stance in enumerate(positions)} | {"second": second.isoformat()}
        rows = self.database.read(
            f"""
            SELECT et.teacher_id, CASE WHEN e.local_date >= :second THEN 1 ELSE 0 END AS second_half,
                   COUNT(CASE e.stance {cases} END), COALESCE(SUM(CASE e.stance {cases} END), 0)
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id
            WHERE {clauses} AND {self.sessions}
            GROUP BY et.teacher_id, CASE WHEN e.local_date >= :second THEN 1 ELSE 0 END
            """,
            params,
        )
        return [StanceHalf(int(r[0]), bool(r[1]), int(r[2]), int(r[3])) for r in rows]

    def date_span(self) -> tuple[date, date] | None:
        row = self.database.read(  # one by one, each is one step down the date's index; together, a scan
            "SELECT (SELECT MIN(local_date) FROM entry), (SELECT MAX(local_date) FROM entry)"
        )[0]
        return (date.fromisoformat(row[0]), date.fromisoformat(row[1])) if row[0] else None


def _parts(rows: list[Any], teachers: dict[tuple[Any, ...], str]) -> PeriodParts:
    """period_parts from its rows (by raw group: day, kind, stance, duty kind, activity, cycle) and each group's
    teachers listed: groups of the same day, kind, stance, duty kind, activity and in-cycle or not (one per
    cycle, or an activity NULL and '') merged, in the order of those; duties merged by day and duty kind."""
    from coachlog.domain.figures import CycleGroup, SessionAtom

    merged: dict[tuple[object, ...], list[Any]] = {}
    for r in rows:
        activity, in_cycle = r[4] or "", int(r[5] is not None)
        # by_day's rows for duties: one per day and duty kind, over activities and cycles
        key: tuple[object, ...] = (r[0], r[1], r[3]) if r[1] == "duty" else (r[0], r[1], r[2], activity, in_cycle)
        listed = teachers.get(tuple(r[:6]))
        found = merged.get(key)
        if found is None:
            merged[key] = [r[0], r[1], r[2], r[3], activity, in_cycle, int(r[6]), int(r[7]), r[8], [listed]]
        else:
            found[6:9] = [found[6] + int(r[6]), found[7] + int(r[7]), min(found[8], r[8])]
            found[9].append(listed)
    atoms, groups, duties, outside = [], [], [], frozenset[int]()
    for m in sorted(merged.values(), key=_order):
        listed = ",".join(t for t in m[9] if t is not None)
        if m[1] == "session":
            day = date.fromisoformat(m[0])
            atoms.append(SessionAtom(day, m[2], m[4], m[6], m[7], str(m[8]), bool(m[5])))
            if listed:
                groups.append(CycleGroup(day, m[2], m[4], bool(m[5]), tuple(sorted(ids(listed)))))
            continue
        if listed:
            outside |= ids(listed)
        if m[1] == "duty":
            duties.append(AggregateRow(m[0], "duty", None, m[3], m[6], m[7]))
    return PeriodParts(atoms, groups, duties, outside)


def _order(group: list[Any]) -> tuple[object, ...]:
    """A merged group's place: by day, kind, stance, duty kind, activity, in-cycle (SQLite's order of the texts:
    byte order, which Python's order of code points is), a missing stance or duty kind first."""
    return (group[0], group[1], group[2] or "", group[3] or "", group[4], group[5])
