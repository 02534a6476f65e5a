"""Coaching cycles as values: a cycle, the changes an edit makes, its phases and its evidence. Stdlib only.

A cycle is a teacher (or a small team) and the coach working towards a goal through phases (by default
Knight's identify, learn, improve), from the day it starts to the day it closes. Its evidence is numbers
only: what they measure, a baseline and a result. Never student names.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, ClassVar

from coachlog.domain.frozen import Frozen, NamedTuple
from coachlog.domain.names import clean_tag, resolve_choice
from coachlog.domain.text import check_free_text, name_problem, shown
from coachlog.errors import UsageError

DEFAULT_PHASES: tuple[str, ...] = ("identify", "learn", "improve")  # Jim Knight's Impact Cycle
LONGEST_GOAL = 500
LONGEST_MEASURE = 200
LONGEST_NUMBER = 1e9  # evidence is a count, a score or a percent: far below this


class NewCycle(Frozen):
    """A cycle as a coach describes it: its teachers, goal, phase, dates and evidence (the demo stores whole ones
    at once; a stored one is a Cycle). Frozen (domain/frozen.py): a summary reads cycles, and a dataclass would cost
    it the module and a millisecond per class (issue 17)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "teachers", "goal", "phase", "started_on", "focus", "closed_on", "outcome", "measure", "baseline", "result"
    )  # fmt: skip
    teachers: tuple[str, ...]
    goal: str
    phase: str
    started_on: date
    focus: str | None
    closed_on: date | None
    outcome: str | None
    measure: str | None
    baseline: float | None
    result: float | None

    def __init__(
        self,
        teachers: tuple[str, ...],
        goal: str,
        phase: str,
        started_on: date,
        focus: str | None = None,
        closed_on: date | None = None,
        outcome: str | None = None,
        measure: str | None = None,
        baseline: float | None = None,
        result: float | None = None,
    ) -> None:
        self.__dict__.update(
            teachers=teachers, goal=goal, phase=phase, started_on=started_on, focus=focus, closed_on=closed_on,
            outcome=outcome, measure=measure, baseline=baseline, result=result,
        )  # fmt: skip


class Cycle(NewCycle):
    """A stored cycle, with the sessions linked to it so far and their minutes."""

    FIELDS = (*NewCycle.FIELDS, "id", "uid", "sessions", "minutes")
    id: int
    uid: str
    sessions: int
    minutes: int

    def __init__(self, *args: Any, id: int, uid: str, sessions: int = 0, minutes: int = 0, **kwargs: Any) -> None:
        """NewCycle's fields (positional or by name), then a stored cycle's, by name only."""
        super().__init__(*args, **kwargs)
        self.__dict__.update(id=id, uid=uid, sessions=sessions, minutes=minutes)

    @property
    def active(self) -> bool:
        return self.closed_on is None

    def days(self, today: date) -> int:
        """Days from its start to its close (or to `today`, while it runs), counting both."""
        return ((self.closed_on or today) - self.started_on).days + 1

    def weeks(self, today: date) -> int:
        """Whole weeks it has run (or ran): the first week is week 1."""
        return max(1, math.ceil(self.days(today) / 7))


class CycleChanges(NamedTuple):
    """What `cycle edit` (or phase, close) sets; None leaves a field as it is, "" clears a text."""

    goal: str | None = None
    focus: str | None = None
    phase: str | None = None
    measure: str | None = None
    baseline: float | None = None
    result: float | None = None
    closed_on: date | None = None
    outcome: str | None = None
    clear_baseline: bool = False
    clear_result: bool = False

    def columns(self) -> dict[str, object]:
        """The columns these changes set, with their values (an empty text as NULL)."""
        fields: dict[str, object] = {}
        for name in ("goal", "focus", "phase", "measure", "outcome"):
            value = getattr(self, name)
            if value is not None:
                fields[name] = value or None
        for name in ("baseline", "result"):
            if getattr(self, name) is not None or getattr(self, f"clear_{name}"):
                fields[name] = getattr(self, name)
        if self.closed_on is not None:
            fields["closed_on"] = self.closed_on.isoformat()
        return fields


def clean_goal(text: str) -> str:
    """A goal as the coach typed it: one line, not empty, at most LONGEST_GOAL characters."""
    goal = text.strip()
    if not goal:
        raise UsageError("empty --goal: say what the cycle works towards, e.g. --goal 'students cite evidence'")
    if problem := name_problem(goal):
        raise UsageError(f"invalid --goal '{shown(goal)}': {problem}")
    if len(goal) > LONGEST_GOAL:
        raise UsageError(f"--goal is {len(goal)} characters long: use at most {LONGEST_GOAL}")
    return goal


def clean_focus(text: str) -> str:
    """A focus area ("questioning", "engagement"): a short label, like a tag ("" clears it)."""
    return clean_tag(text, "focus", 100) if text.strip() else ""


def clean_measure(text: str) -> str:
    """What the evidence counts: one line, at most LONGEST_MEASURE characters ("" clears it)."""
    measure = text.strip()
    if problem := name_problem(measure):
        raise UsageError(f"invalid --measure '{shown(measure)}': {problem}")
    if len(measure) > LONGEST_MEASURE:
        raise UsageError(f"--measure is {len(measure)} characters long: use at most {LONGEST_MEASURE}")
    return measure


def clean_outcome(text: str | None) -> str | None:
    check_free_text(text, "outcome")
    return text.strip() if text is not None else None


def parse_number(text: str, what: str) -> float:
    """A baseline or result: a plain number (a count, a score, a percent with or without %)."""
    value = text.strip().rstrip("%").strip()
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > LONGEST_NUMBER or not value:
        raise UsageError(f"invalid {what} '{text}': use a number such as 12, 12.5 or 40% (numbers only, no names)")
    return number


def parse_phase(value: str, phases: tuple[str, ...]) -> str:
    """The phase `value` names among `phases` (a prefix will do; a slip gets a suggestion)."""
    return resolve_choice(value, phases, "phase")


def number_text(value: float | None) -> str:
    """12.0 as 12, 12.5 as 12.5; None as ""."""
    return "" if value is None else f"{value:g}"


def moved(cycle: Cycle) -> bool | None:
    """Whether the cycle's measure moved (result differs from baseline); None without both numbers."""
    if cycle.baseline is None or cycle.result is None:
        return None
    return cycle.result != cycle.baseline
