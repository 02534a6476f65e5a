"""What `coachlog add` does once its command line is read, standard library only: the Typer command
(cli/entries.py) and the fast path that skips Typer (cli/fastpath.py) both call run_add(), so the two cannot
drift apart. Also the `--cycle`/`--no-cycle` parser `add`, `edit` and `stop` share.
"""

from coachlog.cli.show import print_added, print_step, print_week_split, warn_if_long
from coachlog.domain.names import clean_name, parse_stance
from coachlog.domain.timeparse import parse_duration
from coachlog.errors import UsageError
from coachlog.services.session import Session


def run_add(
    session: Session,
    teacher: str,
    stance: str,
    duration: str,
    *,
    with_: list[str] | None = None,
    at: str | None = None,
    note: str | None = None,
    activity: str | None = None,
    tag: list[str] | None = None,
    helpful: str | None = None,
    story: str | None = None,
    shareable: bool = False,
    cycle: str | None = None,
    no_cycle: bool = False,
    next_: str | None = None,
    by: str | None = None,
) -> None:
    """`coachlog add` with its arguments and options as typed: parse them, save the session (one transaction)
    and print what was logged, the next step and the week's split."""
    from coachlog.services import entries

    parsed_stance = parse_stance(stance)
    minutes = parse_duration(duration)
    step = None
    if next_ is not None or by is not None:
        from coachlog.domain.caseload import parse_step  # only then: its --by patterns cost a few milliseconds

        step = parse_step(next_, by, session.today())
    teachers = tuple(dict.fromkeys(clean_name(name) for name in (teacher, *(with_ or []))))
    chosen, auto = parse_cycle_choice(cycle, no_cycle)
    added = entries.log_session(
        session,
        teachers,
        parsed_stance,
        minutes,
        at=at,
        note=note,
        activity=activity,
        tags=tag,
        helpful=helpful,
        story=story,
        shareable=shareable,
        cycle=chosen,
        auto_cycle=auto,
        step=step,
    )
    warn_if_long(minutes)
    print_added(session, added, "Logged")
    print_step(added, step)
    print_week_split(session)


def parse_cycle_choice(cycle: str | None, no_cycle: bool) -> tuple[int | None, bool]:
    """--cycle ID and --no-cycle as (the cycle chosen, whether to link by teacher): one of them at most."""
    if cycle is None:
        return None, not no_cycle
    if no_cycle:
        raise UsageError(f"--cycle {cycle} and --no-cycle contradict each other: give one of them")
    value = cycle.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid --cycle '{cycle}': use the number `coachlog cycle list` shows, such as 3 or #3")
    return int(value), False
