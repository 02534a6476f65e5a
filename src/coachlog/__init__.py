"""coachlog: a time tracker for instructional coaches."""

__version__ = "0.1.0"
