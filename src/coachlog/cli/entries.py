"""Commands that log and change entries: add, duty, prep, edit, delete, undo."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.add_run import parse_cycle_choice, run_add
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import (
    ActivityOption,
    AtOption,
    ByOption,
    CycleOption,
    EditCycleOption,
    EditNoCycleOption,
    EditShareableOption,
    EntryActivityOption,
    EntryTagsOption,
    HelpfulOption,
    NextOption,
    NoCycleOption,
    NoteOption,
    OtherTeachersOption,
    StanceArgument,
    StoryOption,
    TagOption,
    TeacherArgument,
    WithOption,
    parse_entry_id,
)
from coachlog.cli.show import print_added, print_week_split, warn_if_long
from coachlog.domain.names import resolve_choice
from coachlog.domain.timeparse import parse_duration
from coachlog.domain.values import DUTY_KINDS
from coachlog.errors import CoachlogError, UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.contract import Added, CycleLink
    from coachlog.domain.values import Entry


@app.command(cls=CoachlogCommand)
def add(
    ctx: typer.Context,
    teacher: TeacherArgument,
    stance: StanceArgument,
    duration: Annotated[str, typer.Argument(metavar="DURATION", help="45, 45m, 1h, 1h30m, 1.5h or 1:30.")],
    with_: WithOption = None,
    at: AtOption = None,
    note: NoteOption = None,
    activity: ActivityOption = None,
    tag: TagOption = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: Annotated[
        bool,
        typer.Option("--shareable", help="The teacher agreed their answer and the story may be shared."),
    ] = False,
    cycle: CycleOption = None,
    no_cycle: NoCycleOption = False,
    next_: NextOption = None,
    by: ByOption = None,
) -> None:
    """Log a coaching session that just ended.

    \b
    Examples:
      coachlog add "Ms. Rivera" coaching 45m
      coachlog add okafor collab 1h30m --with "Dana Whitfield" -a co-teaching
      coachlog add rivera coach 20 --at "tue 14:10" -n "goal: wait time"
      coachlog add rivera coach 40 --helpful "the video of my own lesson" --shareable
      coachlog add rivera coach 30 --next "look at the exit tickets together" --by friday
    """
    run_add(
        get_state(ctx),
        teacher,
        stance,
        duration,
        with_=with_,
        at=at,
        note=note,
        activity=activity,
        tag=tag,
        helpful=helpful,
        story=story,
        shareable=shareable,
        cycle=cycle,
        no_cycle=no_cycle,
        next_=next_,
        by=by,
    )


@app.command(cls=CoachlogCommand)
def duty(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="cover, supervision, testing, admin, event or other (or a prefix).",
            autocompletion=complete.duty_kinds,
        ),
    ],
    duration: Annotated[str, typer.Argument(metavar="DURATION", help="45, 45m, 1h, 1h30m, 1.5h or 1:30.")],
    at: AtOption = None,
    note: NoteOption = None,
) -> None:
    """Log time pulled away from coaching (covering a class, supervision, testing...).

    \b
    Examples:
      coachlog duty cover 50m
      coachlog duty sup 30 --at "yesterday 12:10"
    """
    from coachlog.services import entries

    session = get_state(ctx)
    duty_kind = resolve_choice(kind, DUTY_KINDS, "duty")
    minutes = parse_duration(duration)
    added = entries.log_duty(session, duty_kind, minutes, at, note)
    warn_if_long(minutes)
    print_added(session, added, "Logged")
    print_week_split(session)


@app.command(cls=CoachlogCommand)
def prep(
    ctx: typer.Context,
    duration: Annotated[str, typer.Argument(metavar="DURATION", help="45, 45m, 1h, 1h30m, 1.5h or 1:30.")],
    activity: Annotated[
        str | None,
        typer.Option("--activity", "-a", help="preparing (the default), designing-pd, resources, planning or other."),
    ] = None,
    at: AtOption = None,
    note: NoteOption = None,
) -> None:
    """Log coaching work done without a teacher present (preparing, designing professional learning).

    It counts as coaching work, not as a duty, and is never time with teachers.

    \b
    Examples:
      coachlog prep 40m
      coachlog prep 1h30m -a designing-pd --at "yesterday 15:30"
    """
    from coachlog.services import entries

    session = get_state(ctx)
    minutes = parse_duration(duration)
    added = entries.log_prep(session, activity, minutes, at, note)
    warn_if_long(minutes)
    print_added(session, added, "Logged")
    print_week_split(session)


# ---- commands: changing -----------------------------------------------------------------------


@app.command(cls=CoachlogCommand)
def edit(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `coachlog log` shows it.")],
    teacher: Annotated[
        str | None, typer.Option("--teacher", help="The (first) teacher.", autocompletion=complete.teachers)
    ] = None,
    with_: OtherTeachersOption = None,
    stance: Annotated[
        str | None,
        typer.Option("--stance", help="consulting, collaborating or coaching.", autocompletion=complete.stances),
    ] = None,
    duration: Annotated[str | None, typer.Option("--duration", "-d", help="45m, 1h30m...")] = None,
    at: Annotated[str | None, typer.Option("--at", help="When it started.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="The note ('' clears it).")] = None,
    activity: EntryActivityOption = None,
    tag: EntryTagsOption = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: EditShareableOption = None,
    cycle: EditCycleOption = None,
    no_cycle: EditNoCycleOption = False,
    editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Edit every field in $VISUAL or $EDITOR (the default in a terminal).")
    ] = False,
) -> None:
    """Change an entry and show it before and after. With no option in a terminal (or --editor), open the entry
    in $VISUAL or $EDITOR as TOML fields; saved, the changes apply as one; a bad value changes nothing.

    \b
    Examples:
      coachlog edit 42
      coachlog edit 42 --stance coaching
      coachlog edit 42 --duration 50m --at "yesterday 13:20"
      coachlog edit 42 --with "Mr. Okafor" --tag cycle-2
      coachlog edit 42 --story "first time she tried think-pair-share" --shareable
      coachlog edit 42 --cycle 3   (or --no-cycle; a session moved off its cycle's days or teachers is relinked)
    """
    from coachlog.services import entries

    session = get_state(ctx)
    ident = parse_entry_id(entry_id)
    link = _cycle_link(cycle, no_cycle)
    given = (teacher, with_, stance, duration, at, note, activity, tag, helpful, story, shareable, link)
    if editor or (all(value is None for value in given) and sys.stdin.isatty()):
        if any(value is not None for value in given):
            raise UsageError("--editor edits every field: give it alone, or give the options without it")
        _edit_in_editor(session, ident)
        return
    minutes = parse_duration(duration) if duration is not None else None
    before, added = entries.edit_entry(
        session,
        ident,
        minutes,
        teacher=teacher,
        with_=with_,
        stance=stance,
        at=at,
        note=note,
        activity=activity,
        tags=tag,
        helpful=helpful,
        story=story,
        shareable=shareable,
        cycle=link,
    )
    if minutes is not None:
        warn_if_long(minutes)
    _show_edit(session, before, added)


def _cycle_link(cycle: str | None, no_cycle: bool) -> "CycleLink | None":
    """`edit --cycle ID` / `--no-cycle` as the change to make; None: neither was given."""
    from coachlog.domain.contract import CycleLink

    if cycle is None and not no_cycle:
        return None
    chosen, _ = parse_cycle_choice(cycle, no_cycle)
    return CycleLink(chosen, auto=False)


def _show_edit(session: Session, before: "Entry", added: "Added") -> None:
    from coachlog.render.entries import changed_texts, entry_line

    output.say(f"before: {entry_line(before, session.tz, detail=True)}")
    print_added(session, added, "after: ", detail=True)
    for line in changed_texts(before, added.entry):
        output.say(line)
    if before.cycle != added.entry.cycle:
        was, now = (f"cycle #{c}" if c is not None else "no cycle" for c in (before.cycle, added.entry.cycle))
        output.say(f"  {was} -> {now}")


def _edit_in_editor(session: Session, ident: int) -> None:
    """`edit ID --editor`: the entry as TOML in the coach's editor, applied as one change when saved."""
    from coachlog.services import entries

    entry, text = entries.editable_text(session, ident)
    edited = _run_editor(text)
    changed = None if edited == text else entries.apply_edited_text(session, ident, entry, edited)
    if changed is None:
        output.note(f"Nothing changed: #{ident} is as it was.")
        return
    _show_edit(session, *changed)


def _run_editor(text: str) -> str:
    """`text` as the coach's editor ($VISUAL, $EDITOR, else vi) leaves it, in an owner-only file removed after."""
    import os
    import shlex
    import subprocess
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="coachlog-edit-", suffix=".toml")  # mode 0600: notes are private
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            done = subprocess.run([*shlex.split(command), name], check=False)
        except (OSError, ValueError) as exc:
            raise CoachlogError(
                f"could not start the editor '{command}' ({exc}): set $EDITOR, or edit with options"
            ) from None
        if done.returncode != 0:
            raise CoachlogError(f"the editor '{command}' exited with {done.returncode}: nothing changed")
        try:
            with open(name, encoding="utf-8") as back:
                return back.read()
        except UnicodeDecodeError:
            raise UsageError("the edited entry is not valid text (use UTF-8): nothing changed") from None
    finally:
        os.unlink(name)


@app.command(cls=CoachlogCommand)
def delete(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `coachlog log` shows it.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (needed when not in a terminal).")
    ] = False,
) -> None:
    """Delete an entry (undo brings it back).

    \b
    Examples:
      coachlog delete 42
      coachlog delete 42 --yes
    """
    from coachlog.render.entries import entry_line
    from coachlog.services import entries

    session = get_state(ctx)
    ident = parse_entry_id(entry_id)
    entry = entries.entry(session, ident)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not in a terminal, so not asking: add --yes to delete #{ident}")
        if not typer.confirm(f"Delete {entry_line(entry, session.tz)}?", default=False):
            output.note("Nothing deleted.")
            raise typer.Exit(1)
    deleted = entries.delete_entry(session, ident)
    output.say(f"Deleted {entry_line(deleted, session.tz)}")


@app.command(cls=CoachlogCommand)
def undo(ctx: typer.Context) -> None:
    """Revert the most recent change: an entry's (add, duty, prep, edit, delete, import), a teacher's, the timer's,
    a cycle's, a check-back's or a consent's; one step per call. It says what it reverted: each entry it removed,
    restored or changed back.

    \b
    Example:
      coachlog undo
    """
    from coachlog.render.entries import entry_line
    from coachlog.services import entries

    session = get_state(ctx)
    reverted = entries.undo(session)
    if reverted is None:
        output.note("Nothing to undo.")
        return
    output.say(f"Undid the {reverted.description}.")
    if reverted.description.startswith(("rename of", "merge of", "start of cycle")):
        return  # the names say it all (a cycle's sessions stay as they were, unlinked)
    for gone, back in reverted.entries:  # each entry the step touched: what went, what came back
        if back is not None:
            output.say(f"  {'back to' if gone else 'restored'}: {entry_line(back, session.tz)}")
        if gone is not None:
            output.say(f"  {'instead of' if back else 'removed'}: {entry_line(gone, session.tz)}")
