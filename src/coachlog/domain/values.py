"""Domain values: stances, duty kinds, activities, entries. Plain data, stdlib only.

Every command that reads or writes entries imports this module, so what it builds at import is start-up time:
a value with no behaviour is a NamedTuple, an entry is a Frozen value (domain/frozen.py: a frozen dataclass
without the `dataclasses` module and its `inspect`), and the summary's figure types live in figures.py.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from coachlog.domain.frozen import Frozen, NamedTuple
from coachlog.domain.text import check_free_text

if TYPE_CHECKING:  # moved to figures.py (only reports use them); still importable from here, built on first use
    from coachlog.domain.figures import CycleGroup as CycleGroup
    from coachlog.domain.figures import SessionAtom as SessionAtom
    from coachlog.domain.figures import StanceHalf as StanceHalf
    from coachlog.domain.figures import TeacherCell as TeacherCell
    from coachlog.domain.figures import TeacherGroup as TeacherGroup
    from coachlog.domain.figures import Voice as Voice
    from coachlog.domain.figures import grouped as grouped
else:

    def __getattr__(name: str) -> object:
        """The figures' types, moved to figures.py, by their old names here: built when first asked for, so
        that `coachlog add` (which never needs them) does not pay for creating their classes."""
        if name in _FIGURES:
            from coachlog.domain import figures

            return getattr(figures, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FIGURES = (
    "CycleGroup",
    "SessionAtom",
    "StanceHalf",
    "TeacherCell",
    "TeacherGroup",
    "Voice",
    "grouped",
)


class Stance(StrEnum):
    """Lipton & Wellman's continuum, from the coach's expertise to the teacher's thinking."""

    CONSULTING = "consulting"
    COLLABORATING = "collaborating"
    COACHING = "coaching"


STANCES: tuple[str, ...] = tuple(s.value for s in Stance)
ENTRY_KINDS: tuple[str, ...] = ("session", "duty", "prep")  # prep: coaching work without a teacher present
PREP_ACTIVITIES: tuple[str, ...] = ("preparing", "designing-pd", "resources", "planning", "other")
DUTY_KINDS: tuple[str, ...] = ("cover", "supervision", "testing", "admin", "event", "other")
DEFAULT_ACTIVITIES: tuple[str, ...] = (
    "planning",
    "observing",
    "modeling",
    "co-teaching",
    "debrief",
    "data",
    "team",
    "workshop",
    "resources",
    "leaders",
    "other",
)
MIN_MINUTES = 1
MAX_MINUTES = 12 * 60
LONG_MINUTES = 4 * 60


class NewEntry(Frozen):
    """What a coach logs: a session with teachers and a stance, or a duty. Frozen (domain/frozen.py)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "kind", "start", "minutes", "local_date", "time_known", "teachers", "stance", "duty_kind", "activity", "note",
        "tags", "helpful", "story", "shareable", "source", "uid",
    )  # fmt: skip
    kind: str  # "session", "duty" or "prep" (coaching work without a teacher: preparing, designing PD)
    start: datetime  # aware; for a date without a time, local midnight of that date
    minutes: int
    local_date: date
    time_known: bool
    teachers: tuple[str, ...]
    stance: Stance | None
    duty_kind: str | None
    activity: str | None
    note: str | None
    tags: tuple[str, ...]
    helpful: str | None  # the teacher's answer to "What was most helpful for you today?"
    story: str | None  # a success worth telling
    shareable: bool  # the teacher agreed the answer and story may be shared
    source: str | None  # where an imported entry came from (a calendar event), to import it once
    uid: str | None  # its global id; a new one is made when None (push keeps the one it has)

    def __init__(
        self,
        kind: str,
        start: datetime,
        minutes: int,
        local_date: date,
        time_known: bool,
        teachers: tuple[str, ...] = (),
        stance: Stance | None = None,
        duty_kind: str | None = None,
        activity: str | None = None,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        helpful: str | None = None,
        story: str | None = None,
        shareable: bool = False,
        source: str | None = None,
        uid: str | None = None,
    ) -> None:
        self.__dict__.update(
            kind=kind, start=start, minutes=minutes, local_date=local_date, time_known=time_known, teachers=teachers,
            stance=stance, duty_kind=duty_kind, activity=activity, note=note, tags=tags, helpful=helpful,
            story=story, shareable=shareable, source=source, uid=uid,
        )  # fmt: skip
        self.__post_init__()

    def __post_init__(self) -> None:
        """Every way in (add, duty, stop, import, calendar) makes a NewEntry: no control characters get past."""
        check_free_text(self.note, "note")
        check_free_text(self.helpful, "helpful")
        check_free_text(self.story, "story")


class Entry(NewEntry):
    """A stored entry, as read back: its id, and times as aware UTC instants."""

    FIELDS = (*NewEntry.FIELDS, "id", "cycle")
    id: int
    cycle: int | None  # the coaching cycle a session is linked to

    def __init__(self, *args: Any, id: int, cycle: int | None = None, **kwargs: Any) -> None:
        """NewEntry's fields (positional or by name), then the two of a stored entry, by name only."""
        super().__init__(*args, **kwargs)
        self.__dict__.update(id=id, cycle=cycle)

    def __post_init__(self) -> None:
        """Read back as stored, unchecked: an older row holding a control character is still shown (escaped),
        and push names it rather than failing on it (storage/rows.py's entry_of fills the fields directly)."""


class Term(NamedTuple):
    name: str
    start: date
    end: date


class TeacherStats(NamedTuple):
    id: int
    name: str
    sessions: int
    minutes: int
    last_seen: date | None


class Timer(NamedTuple):
    """A session still running (`coachlog start`); `coachlog stop` saves it as an entry.

    The teachers are names, not ids: a new teacher is created only when the session is saved.
    """

    start: datetime  # aware
    stance: Stance
    teachers: tuple[str, ...]
    activity: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None  # set by the store; tells one timer from another started later

    def label(self) -> str:
        """Who and what, as the timer's messages show it: "Ms. Rivera, coaching, debrief"."""
        return ", ".join((*self.teachers, str(self.stance), *((self.activity,) if self.activity else ())))


class TeacherMatch(NamedTuple):
    """A typed name checked against the known teachers: the name to keep, whether it is new, a close name."""

    name: str
    new: bool
    hint: str | None = None


# ---- what the store takes and gives back ------------------------------------------------------

ROUND_TO = (
    30  # minutes: shared time about fewer than MIN_GROUP teachers is randomly rounded to this (reports/rounding.py)
)
MIN_GROUP = 5  # the fewest teachers a shared figure may describe; privacy.min_group and team init may raise it


class When(NamedTuple):
    """When a session started: an aware instant, its local date, and whether the time was given."""

    start: datetime
    local_date: date
    time_known: bool
