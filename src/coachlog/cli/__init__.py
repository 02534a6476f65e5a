"""The command line (Typer only): declare options, call one service, render or print.

cli/run.py holds the entry point (`main`); cli/app.py the app; cli/commands.py COMMANDS, the module of every
command, imported only when that command runs; cli/roothelp.py `coachlog --help`, printed without Typer.
"""

# Set (not empty), each makes Typer print something else: a completion request; Typer's test switch that
# lists the completion options per shell. Here, where both cli/roothelp.py and cli/fastpath.py read it, so that
# the fast path does not import roothelp (its textwrap and the command table) to learn it.
TYPER_VARIABLES = ("_COACHLOG_COMPLETE", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")
