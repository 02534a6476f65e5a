"""Logging and changing entries: add, duty, edit, delete, undo; the entries a listing shows; the week's split."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from coachlog.domain.names import clean_name, clean_tags, clean_text, parse_stance, resolve_choice
from coachlog.domain.periods import Period
from coachlog.domain.values import DUTY_KINDS, PREP_ACTIVITIES, Entry, NewEntry, Stance, When
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.caseload import StepRequest
    from coachlog.domain.contract import Added, CycleLink, Filters
    from coachlog.storage.history import Undone


def activity_of(session: Session, value: str | None) -> str | None:
    """The configured activity `value` names (a prefix will do); None when not given."""
    return resolve_choice(value, session.settings.all_activities, "activity") if value else None


def when_of(session: Session, at: str | None, minutes: int) -> When:
    """When a session of `minutes` started: `--at` as typed, or (none given) counted back from now."""
    from coachlog.domain.timeparse import parse_when, to_minute

    now = session.now()
    if at is None:  # it just ended: count back in real time, not wall-clock time (DST); whole minutes
        start = to_minute((now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(now.tzinfo))
        return When(start=start, local_date=start.date(), time_known=True)
    return parse_when(at, now)


def _when_fields(session: Session, at: str | None, minutes: int) -> dict[str, Any]:
    when = when_of(session, at, minutes)
    return {"start": when.start, "local_date": when.local_date, "time_known": when.time_known}


def log_session(
    session: Session,
    teachers: tuple[str, ...],
    stance: Stance,
    minutes: int,
    *,
    at: str | None,
    note: str | None,
    activity: str | None,
    tags: list[str] | None,
    helpful: str | None,
    story: str | None,
    shareable: bool,
    cycle: int | None = None,
    auto_cycle: bool = True,
    step: StepRequest | None = None,
) -> Added:
    """`coachlog add`: save a session (teachers cleaned, stance and minutes parsed by the caller); it joins
    cycle `cycle`, else (unless `auto_cycle` is False) the open cycle of its teacher; with the next step `step`
    for its first teacher."""
    from coachlog.domain.contract import CycleLink

    new = NewEntry(
        kind="session",
        minutes=minutes,
        teachers=teachers,
        stance=stance,
        activity=activity_of(session, activity),
        note=note or None,
        tags=clean_tags(tags),
        helpful=clean_text(helpful, "helpful") or None,
        story=clean_text(story, "story") or None,
        shareable=shareable,
        **_when_fields(session, at, minutes),
    )
    return session.store.entries.add(new, session.now(), "add of session", CycleLink(cycle, auto_cycle), step)


def log_duty(session: Session, duty_kind: str, minutes: int, at: str | None, note: str | None) -> Added:
    """`coachlog duty`: save time pulled away from coaching."""
    new = NewEntry(
        kind="duty", minutes=minutes, duty_kind=duty_kind, note=note or None, **_when_fields(session, at, minutes)
    )
    return session.store.entries.add(new, session.now(), "add of duty")


def log_prep(session: Session, activity: str | None, minutes: int, at: str | None, note: str | None) -> Added:
    """`coachlog prep`: save coaching work done without a teacher present (preparing, designing PD): not a duty."""
    new = NewEntry(
        kind="prep",
        minutes=minutes,
        activity=resolve_choice(activity, PREP_ACTIVITIES, "prep activity") if activity else "preparing",
        note=note or None,
        **_when_fields(session, at, minutes),
    )
    return session.store.entries.add(new, session.now(), "add of prep")


def week_split(session: Session) -> tuple[Period, dict[str, int], int]:
    """This week: its period, the minutes of each stance and the minutes of duties."""
    from coachlog.domain.periods import week_period
    from coachlog.reports.week import week_split as split

    period = week_period(session.today(), session.settings.first_weekday)
    minutes, duties = split(session.store.aggregates.by_day(period))
    return period, minutes, duties


def edit_entry(
    session: Session,
    ident: int,
    minutes: int | None,
    *,
    teacher: str | None,
    with_: list[str] | None,
    stance: str | None,
    at: str | None,
    note: str | None,
    activity: str | None,
    tags: list[str] | None,
    helpful: str | None,
    story: str | None,
    shareable: bool | None,
    cycle: CycleLink | None = None,
) -> tuple[Entry, Added]:
    """`coachlog edit`: change what is given (checked in the order of old), returning the entry before and after.
    `cycle` is --cycle ID or --no-cycle; a session whose day or teachers change is relinked (storage: `_relink`)."""
    from coachlog.domain.changes import EntryChanges

    store = session.store
    current = store.entries.get(ident)
    if current.kind == "duty" and activity is not None:
        activity_value: str | None = resolve_choice(activity, DUTY_KINDS, "duty")
    elif current.kind == "prep" and activity is not None:
        activity_value = resolve_choice(activity, PREP_ACTIVITIES, "prep activity")
    else:
        activity_value = activity_of(session, activity) if activity else activity
    when = None
    if at is not None:
        from coachlog.domain.timeparse import parse_when

        when = parse_when(at, session.now())
    changes = EntryChanges(
        teacher=clean_name(teacher) if teacher is not None else None,
        others=tuple(clean_name(n) for n in with_ if n.strip()) if with_ is not None else None,
        stance=parse_stance(stance) if stance is not None else None,
        minutes=minutes,
        when=when,
        note=note,
        activity=activity_value,
        tags=_edited_tags(tags),
        helpful=clean_text(helpful, "helpful"),
        story=clean_text(story, "story"),
        shareable=shareable,
        cycle=cycle,
    )
    if changes.is_empty():
        raise UsageError(
            "nothing to change: give at least one of --teacher, --with, --stance, --duration, --at,"
            " --note, --activity, --tag, --helpful, --story, --shareable, --cycle, --no-cycle"
        )
    return store.entries.edit(ident, changes, session.now())


def _edited_tags(tags: list[str] | None) -> tuple[str, ...] | None:
    if tags is None:
        return None
    if len(tags) == 1 and not tags[0].strip():
        return ()  # --tag '' removes them all
    return clean_tags(tags)


def entry(session: Session, ident: int) -> Entry:
    """One entry by its id (NotFoundError if there is none)."""
    return session.store.entries.get(ident)


def delete_entry(session: Session, ident: int) -> Entry:
    """`coachlog delete`: the entry deleted."""
    return session.store.entries.delete(ident)


def undo(session: Session) -> Undone | None:
    """`coachlog undo`: what was reverted (the entries it touched, before and after), or None when there was
    nothing to undo."""
    return session.store.history.undo_step()


def filters(
    session: Session,
    teacher: str | None,
    stance: str | None,
    activity: str | None,
    duties: bool,
    tag: str | None = None,
) -> Filters:
    """The filters of `log`, `export` and `report`: a teacher, a stance, an activity or duty kind, duties only,
    a tag."""
    from coachlog.domain.contract import Filters
    from coachlog.domain.names import clean_tag

    activity_value = None
    if activity:
        activity_value = resolve_choice(
            activity, tuple(dict.fromkeys(session.settings.all_activities + DUTY_KINDS + PREP_ACTIVITIES)), "activity"
        )
    return Filters(
        teacher=known_teacher(session, teacher) if teacher is not None else None,
        stance=parse_stance(stance) if stance else None,
        activity=activity_value,
        duties_only=duties,
        tag=known_tag(session, clean_tag(tag)) if tag is not None else None,
    )


def known_teacher(session: Session, typed: str) -> str:
    """The stored name of the teacher a filter means (`rivera`: "Ms. Rivera", which headings then show); a name
    no teacher has is bad usage, like an unknown tag or stance, since filtering by it could only show nothing."""
    from coachlog.errors import NotFoundError

    try:
        return session.store.teachers.name_of(typed)
    except NotFoundError as exc:
        raise UsageError(str(exc)) from None


def known_tag(session: Session, tag: str) -> str:
    """`tag` when some entry has it; else a refusal with the tag it most likely misspells (`log --tag mth`), since
    filtering by it could only ever show nothing."""
    from coachlog.domain.names import closest, did_you_mean

    known = session.store.entries.tags()
    if tag in known:
        return tag
    listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    advice = did_you_mean(closest(tag, known), f"tags in use: {listed}" if known else "no entry has a tag yet")
    raise UsageError(f"no tag named '{tag}': {advice}")


def listed(session: Session, period: Period | None, chosen: Filters) -> Iterator[Entry]:
    """The entries of `period` (None: all) that pass the filters, oldest first."""
    return session.store.entries.query(period, chosen)


def rows(session: Session, period: Period | None, chosen: Filters) -> Iterator[tuple[Any, ...]]:
    """The stored rows `listed` makes its entries of (see storage/rows.py ENTRY_FIELDS), for the export."""
    return session.store.entries.rows(period, chosen)


def count(session: Session, period: Period | None, chosen: Filters) -> int:
    """How many entries `listed` gives."""
    return session.store.entries.count(period, chosen)


# ---- edit in $EDITOR ----------------------------------------------------------------------------

EDIT_HELP = (
    "# Edit entry #{id}, save and quit; lines starting with # are ignored.\n"
    "# Quit without saving (or leave it as it is) to change nothing. A bad value changes nothing either.\n"
)
SESSION_FIELDS = ("teacher", "with", "stance", "duration", "at", "activity", "tags", "note", "helpful", "story")
DUTY_FIELDS = ("kind", "duration", "at", "note")


def editable_text(session: Session, ident: int) -> tuple[Entry, str]:
    """The entry `ident` and its fields as TOML text for an editor (what `apply_edited_text` reads back)."""
    entry = session.store.entries.get(ident)
    fields = _editable_fields(entry, session)
    lines = [EDIT_HELP.format(id=ident)]
    for key, value in fields.items():
        lines.append(f"{key} = {_toml_value(value)}\n")
    return entry, "".join(lines)


def _editable_fields(entry: Entry, session: Session) -> dict[str, object]:
    from coachlog.domain.timeparse import format_minutes

    start = entry.start.astimezone(session.tz)
    common: dict[str, object] = {
        "duration": format_minutes(entry.minutes),
        "at": f"{entry.local_date} {start:%H:%M}" if entry.time_known else entry.local_date.isoformat(),
        "note": entry.note or "",
    }
    if entry.kind == "duty":
        return {"kind": entry.duty_kind or "", **common}
    if entry.kind == "prep":
        return {"kind": entry.activity or "", **common}
    return {
        "teacher": entry.teachers[0] if entry.teachers else "",
        "with": list(entry.teachers[1:]),
        "stance": str(entry.stance),
        **common,
        "activity": entry.activity or "",
        "tags": list(entry.tags),
        "helpful": entry.helpful or "",
        "story": entry.story or "",
        "shareable": entry.shareable,
    }


def _toml_value(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def apply_edited_text(session: Session, ident: int, entry: Entry, text: str) -> tuple[Entry, Added] | None:
    """Apply what the editor gave back to entry `ident` (read as `entry`) in one transaction; None when it changed
    nothing. Unknown keys, wrong types and bad values are refused (UsageError) before anything is written."""
    import tomllib

    try:
        edited = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"invalid edit of #{ident}: {exc}; nothing changed") from None
    original = _editable_fields(entry, session)
    unknown = [key for key in edited if key not in original]
    if unknown:
        raise UsageError(f"invalid edit of #{ident}: unknown field '{unknown[0]}'; use {', '.join(original)}")
    changed = {key: value for key, value in edited.items() if value != original[key]}
    for key, value in changed.items():
        wanted = type(original[key])
        if not isinstance(value, wanted) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            shape = {bool: "true or false", list: 'a list of texts, as ["a", "b"]'}.get(wanted, "a text in quotes")
            raise UsageError(f"invalid edit of #{ident}: {key} must be {shape}; nothing changed")
    if not changed:
        return None
    if "kind" in changed:
        changed["activity"] = changed.pop("kind")
    if changed.get("tags") == []:
        changed["tags"] = [""]  # as --tag '': remove them all
    from coachlog.domain.timeparse import parse_duration

    minutes = parse_duration(changed.pop("duration")) if "duration" in changed else None
    args = {name: changed.get(name) for name in ("teacher", "stance", "at", "note", "activity", "helpful", "story")}
    return edit_entry(
        session,
        ident,
        minutes,
        with_=changed.get("with"),
        tags=changed.get("tags"),
        shareable=changed.get("shareable"),
        **args,
    )
