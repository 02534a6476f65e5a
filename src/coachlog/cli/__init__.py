"""The command line (Typer only): declare options, call one service, render or print.

cli/run.py holds the entry point (`main`); cli/app.py the app; cli/commands.py COMMANDS, the module of every
command, imported only when that command runs; cli/roothelp.py `coachlog --help`, printed without Typer.
"""
