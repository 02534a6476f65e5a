"""A coaching team on PostgreSQL: its administration (init, members) and the coordinator's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coachlog.domain.periods import RangeChoice, check_one_range, span_text, team_range
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.reports.team import TeamFigures
    from coachlog.storage.team import NewMember, TeamInfo


def team_url(session: Session, what: str) -> str:
    """The team database's URL from --db (or COACHLOG_DB); a file there is refused in one line (exit 2)."""
    url = session.db_url
    if not url:
        raise UsageError(
            f"{what} reads a team database on PostgreSQL: give its URL, as in"
            " --db 'postgresql+psycopg://NAME:PASSWORD@HOST:5432/DB'"
        )
    return url


def init(session: Session, min_group: int | None, role_prefix: str | None) -> TeamInfo:
    """`coachlog team init`: build or upgrade the team database, its roles and its row security."""
    from coachlog.domain.values import MIN_GROUP
    from coachlog.storage.team import init_team

    if min_group is not None and min_group < MIN_GROUP:
        raise UsageError(f"invalid --min-group {min_group}: use {MIN_GROUP} or more")
    return init_team(team_url(session, "team init"), min_group, role_prefix)


def add_member(session: Session, name: str, kind: str, reset_password: bool) -> NewMember:
    """`coachlog team add-coach` and `add-coordinator`: a login (or a new password for one)."""
    from coachlog.storage.team import add_member as add

    return add(team_url(session, f"team add-{kind}"), name, kind, reset_password)


def members(session: Session) -> dict[str, list[str]]:
    """`coachlog team list`: the login names of the coaches and of the coordinators."""
    from coachlog.storage.team import list_members

    return list_members(team_url(session, "team list"))


@dataclass(frozen=True)
class TeamView:
    """The coordinator's figures for a range, with its label and the label with its dates."""

    figures: TeamFigures
    label: str
    span: str


def figures(session: Session, choice: RangeChoice, what: str) -> TeamView:
    """`report --team` and `summary --team` (named by `what`): every coach's figures in the range
    (default: the school year to date)."""
    from coachlog.reports.team import team_figures_from
    from coachlog.storage.team import team_report_data

    url = team_url(session, what)
    start, end, label = team_period(session, choice)
    return TeamView(
        team_figures_from(team_report_data(url, start, end), start, end), label, span_text(start, end, label)
    )


def team_period(session: Session, choice: RangeChoice) -> tuple[date | None, date | None, str]:
    """The range of `--team` figures (None: open): the school year to date unless a range is given."""
    check_one_range(choice)  # before the settings are read
    return team_range(choice, session.today(), session.settings.first_weekday)
