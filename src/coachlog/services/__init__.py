"""Use cases: one function per thing a coach asks of coachlog; they gather from storage and compute with
domain and reports.

Never prints, never imports the CLI, Typer or Rich: a command parses, calls one of these, and shows the result.
"""
