"""The caseload's values: the roster (who is on staff, by department and grade) and next steps (check-backs).

Plain data, stdlib only. `parse_due` reads a next step's `--by DATE`, looking forward as a due
date does: a weekday is the next one, `12/10` the next 10 December.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.text import LazyPattern, check_free_text
from coachlog.domain.timeparse import parse_date
from coachlog.errors import UsageError

DUE_FORMS = (
    "YYYY-MM-DD, today, tomorrow, a weekday (friday: the next one), in 3 days, in 2 weeks, next week,"
    " or a month and day (12/10, Dec 10: the next one)"
)
MAX_STEP_TEXT = 500
MAX_ROSTER_FIELD = {"department": 60, "grade": 30}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_IN = LazyPattern(r"(?:in )?(?P<n>[0-9]{1,4}) ?(?P<unit>d|days?|w|weeks?)", re.ASCII | re.I)
_MONTH_DAY = LazyPattern(
    r"[0-9]{1,2}/[0-9]{1,2}|[a-z]{3,9}\.? [0-9]{1,2}(?:st|nd|rd|th)?|[0-9]{1,2}(?:st|nd|rd|th)? [a-z]{3,9}\.?", re.I
)


class RosterLine(NamedTuple):
    """One teacher as a roster file (or `teacher add`) gives them; None: not given (left as it is)."""

    name: str
    department: str | None = None
    grade: str | None = None


class RosterMember(NamedTuple):
    """A teacher with the roster's facts; `listed` says whether they were ever put on the roster."""

    id: int
    name: str
    department: str | None
    grade: str | None
    on_staff: bool
    left_on: date | None

    @property
    def listed(self) -> bool:
        return self.on_staff or self.left_on is not None

    def on_staff_during(self, start: date, end: date) -> bool:
        """On staff on some day from `start` to `end`: on staff now, or left on or after `start`."""
        return self.on_staff or (self.left_on is not None and self.left_on >= start)


class RosterChange(NamedTuple):
    """What an import (or `teacher add`) did, or would do on a dry run: names added and updated, and how many
    were already as the file says."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    dry_run: bool = False
    hints: tuple[tuple[str, str], ...] = ()  # (a new name, a known one it resembles)


class NextStep(NamedTuple):
    """A check-back: what the coach promised `teacher`, due on `due_on`; `entry_id` is the session it came from."""

    id: int
    teacher: str
    text: str
    due_on: date
    done_on: date | None
    entry_id: int | None
    uid: str | None = None  # the same step in every database it is pushed to (push reads it; listings do not)
    entry_uid: str | None = None  # the uid of the session it came from, which push links it to there

    def state(self, today: date) -> str:
        """done, overdue, due (today) or upcoming."""
        if self.done_on is not None:
            return "done"
        if self.due_on < today:
            return "overdue"
        return "due" if self.due_on == today else "upcoming"


class StepRequest(NamedTuple):
    """`--next TEXT --by DATE` as parsed: what to come back to, and when."""

    text: str
    due_on: date


def parse_due(text: str, today: date) -> date:
    """A due date: forward-looking day phrases (see DUE_FORMS); a past date is refused."""
    value = " ".join(text.split()).lower()
    day = _due_day(value, today, text)
    if day is None:
        raise UsageError(f"invalid date '{text}' for --by: use {DUE_FORMS}")
    if day < today:
        raise UsageError(f"invalid date '{text}' for --by: {day} has passed; a check-back is due today or later")
    return day


def _due_day(value: str, today: date, original: str) -> date | None:
    if value in ("today", "tomorrow"):
        return today + timedelta(days=value == "tomorrow")
    if value == "next week":
        return today + timedelta(days=7)
    word = value[5:] if value.startswith("next ") else value
    weekday = next((i for i, name in enumerate(_WEEKDAYS) if len(word) >= 3 and name.startswith(word)), None)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    if match := _IN.fullmatch(value):
        days = int(match["n"]) * (7 if match["unit"].startswith("w") else 1)
        return today + timedelta(days=days)
    if _MONTH_DAY.fullmatch(value):
        # The most recent such day (as --at reads it), moved a year on when it has passed.
        latest = parse_date(value, today)
        if latest >= today:
            return latest
        try:
            return latest.replace(year=latest.year + 1)
        except ValueError:  # 29 February: the next leap year's
            return parse_date(value, date(latest.year + 4, 12, 31))
    if re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", value):
        return parse_date(value, today)
    return None


def parse_step(text: str | None, by: str | None, today: date) -> StepRequest | None:
    """`--next TEXT --by DATE`: None without --next; --by alone is refused; --by defaults to a week on."""
    if text is None:
        if by is not None:
            raise UsageError("--by needs --next: say what to come back to, e.g. --next 'see the exit tickets'")
        return None
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UsageError("invalid --next '': say what to come back to, e.g. --next 'see the exit tickets'")
    if len(cleaned) > MAX_STEP_TEXT:
        raise UsageError(f"invalid --next: use at most {MAX_STEP_TEXT} characters (it has {len(cleaned)})")
    check_free_text(cleaned, "--next")
    due = parse_due(by, today) if by is not None else today + timedelta(days=7)
    return StepRequest(cleaned, due)


def parse_step_change(text: str | None, by: str | None, today: date) -> tuple[str | None, date | None]:
    """`due ID [--next TEXT] [--by DATE]`: the new text and due date (None: unchanged); one at least."""
    if text is None and by is None:
        raise UsageError("say what to change: --by DATE (when it is due) or --next TEXT (what to come back to)")
    cleaned = parse_step(text, None, today).text if text is not None else None  # type: ignore[union-attr]
    return cleaned, parse_due(by, today) if by is not None else None


def clean_roster_field(value: str | None, what: str) -> str | None:
    """A department or grade as stored: spaces folded; '' and None are not given."""
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if not cleaned:
        return None
    limit = MAX_ROSTER_FIELD[what]
    if len(cleaned) > limit:
        raise UsageError(f"invalid {what} '{cleaned[:40]}…': use at most {limit} characters")
    check_free_text(cleaned, what)
    return cleaned
