"""What `coachlog --help` lists, written once and readable without Typer: every command's module and one-line
help (COMMANDS), their order (COMMAND_ORDER), the app's help and the root options.

cli/app.py builds the Typer app from these; cli/roothelp.py prints the root help from them before Typer loads.
Standard library only, and cheap to import: `coachlog --help` imports it and nothing heavier.
"""

from __future__ import annotations

# Set (not empty), each makes Typer print something else: a completion request; Typer's test switch that lists the
# completion options per shell. cli/roothelp.py and cli/fastpath.py leave such a command line to Typer (the fast
# path reads it here, not from roothelp, whose textwrap it does not need).
TYPER_VARIABLES = ("_COACHLOG_COMPLETE", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")

# The order of `coachlog --help`: the daily commands first, housekeeping last.
COMMAND_ORDER = (
    "add", "duty", "prep", "start", "stop", "status", "cancel", "due", "done", "check", "log", "report", "reach",
    "summary", "export", "import", "push", "edit", "delete", "undo", "cycle", "consent", "term", "teacher", "config",
    "backup", "restore", "demo", "team",
)  # fmt: skip

# Every top-level command: the module under coachlog.cli that defines it, and its one-line help for
# `coachlog --help` (the first sentence of its docstring; tests/system/test_startup.py checks they agree).
# `coachlog NAME ...` imports only NAME's module, so start-up pays for the command being run alone.
# A new command is one line here (and its name in COMMAND_ORDER).
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("entries", "Log a coaching session that just ended."),
    "duty": ("entries", "Log time pulled away from coaching (covering a class, supervision, testing...)."),
    "prep": ("entries", "Log coaching work done without a teacher present (preparing, designing professional"
             " learning)."),
    "start": ("timer", "Start a timer for a session that begins now; `coachlog stop` saves it."),
    "stop": ("timer", "Stop the timer and save the session, rounded to whole minutes."),
    "status": ("timer", "Show the running timer: who, which stance, since when and for how long."),
    "cancel": ("timer", "Discard the running timer without saving a session (`coachlog undo` brings it back)."),
    "due": ("caseload", "Check-backs due today or overdue (`add`/`stop --next TEXT --by DATE` records them); with an"
            " ID and --by or --next, change that one (a done one is reopened; `coachlog undo` reverts it)."),
    "done": ("caseload", "Mark a check-back done (today); `coachlog undo` reopens it."),
    "check": ("caseload", "Quiet unless something needs you (for a shell prompt or cron): exit 0 and no output when"
              " all is well."),
    "log": ("reports", "List entries with their ids, oldest first (default: this week): one line each, fitted to the"
            " terminal."),
    "report": ("reports", "Where the time went: stance split, weekly rows, reach and duties (default: this week)."),
    "reach": ("caseload", "Who on staff you saw, who not yet, and how long since each (default: this term, else"
              " the school year)."),
    "summary": ("summary", "A one-page summary to share with school leaders (default: the current term)."),
    "export": ("reports", "Write one row per entry, in time order, as CSV or JSON (default: everything)."),
    "import": ("imports", "Add entries from a spreadsheet (CSV) or from coachlog's own export (CSV or JSON)."),
    "push": ("push", "Send new, changed and deleted entries, cycles, next steps and roster facts to your team's"
             " database."),
    "edit": ("entries", "Change an entry and show it before and after."),
    "delete": ("entries", "Delete an entry (undo brings it back)."),
    "undo": ("entries", "Revert the most recent change: an entry's (add, duty, prep, edit, delete, import), a"
             " teacher's, the timer's, a cycle's, a check-back's or a consent's; one step per call."),
    "cycle": ("cycles", "Coaching cycles: a goal with a teacher (or a small team), phases, dates and evidence."),
    "consent": ("consent", "Consent to share answers and stories: withdraw it, list withdrawals, find the summaries"
                " that held one."),
    "term": ("manage", "School terms for reports."),
    "teacher": ("manage caseload", "The teachers you work with."),  # its roster commands live in cli/caseload.py
    "config": ("manage", "Settings."),
    "backup": ("manage", "Copy the database safely, even while other coachlog commands run."),
    "restore": ("manage", "Replace the database with a backup; the database it replaces is kept as a backup too."),
    "demo": ("manage", "Fill an empty database with a realistic term of one coach's work (the same every time)."),
    "team": ("team", "A coaching team on PostgreSQL: the administrator sets it up and adds coaches and"
             " coordinators."),
}  # fmt: skip


def ordered(names: list[str]) -> list[str]:
    """`names` in the order of `coachlog --help`: COMMAND_ORDER's first, any other after them as they came."""
    return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(names))


# The app's help: the top of `coachlog --help` (Click's "\b" keeps the next paragraph as written).
APP_HELP = (
    "Log coaching sessions by stance and see where the time goes.\n\n"
    "\b\nStart here:\n  coachlog demo --db demo.db && coachlog --db demo.db report --term"
)

HELP_OPTION_NAMES = ("-h", "--help")


class RootOption:
    """An option of the root command (`coachlog --db PATH COMMAND`): its name, help, metavar and variable."""

    __slots__ = ("envvar", "help", "metavar", "name")

    def __init__(self, name: str, help: str, metavar: str | None = None, envvar: str | None = None) -> None:
        self.name = name
        self.help = help
        self.metavar = metavar  # None: a flag
        self.envvar = envvar


DB = RootOption(
    "--db",
    "Database file (default: in your data directory), or a team database's postgresql://user@host/dbname URL.",
    metavar="PATH|URL",
    envvar="COACHLOG_DB",
)
VERSION = RootOption("--version", "Show the version and exit.")
NO_PAGER = RootOption("--no-pager", "Never page a long listing (as PAGER=cat would).")
# In the order of the root callback's parameters (cli/app.py `root`), which is the order of the help.
ROOT_OPTIONS = (DB, VERSION, NO_PAGER)
