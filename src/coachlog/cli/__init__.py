"""The command line (Typer only): declare options, call one service, render or print.

cli/run.py holds the entry point (`main`) and registers every command on `app` (cli/app.py).
"""
