"""Text a coach may store: what control and invisible formatting characters are refused, and how a refused
value is shown in a message.

Stdlib only. Free text (a note, the helpful answer, a story) keeps tab and newline (and CRLF, from a
spreadsheet's multi-line cell); a name (a teacher, term, tag, activity, the coach, the school) is one line.
Both refuse NUL and the other C0 and C1 controls: a terminal would obey them, and a PostgreSQL team
database cannot hold NUL at all. Names also refuse the invisible characters that reorder or hide text
(U+202E RIGHT-TO-LEFT OVERRIDE makes "Ms. Rivera\\u202egnp.exe" read otherwise): every format character
but ZWNJ and ZWJ, which spell words in Persian and Indic scripts and join emoji.
"""

from __future__ import annotations

import re
import unicodedata

from coachlog.errors import UsageError


class LazyPattern:
    """A regular expression compiled when it is first used, not when its module is imported: a command pays
    only for the patterns it matches (one with re.I and a Unicode class takes milliseconds to compile)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)


_FREE_TEXT_CONTROLS = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ: parts of spelling, not disguise
SHOWN = 60  # characters of a refused value a message shows


def escaped(text: str) -> str:
    """`text` with control and invisible formatting characters as escapes (\\x00, \\u202e), to show in a message."""
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cf") else c for c in text
    )


def shown(text: str) -> str:
    """A refused value as a message quotes it: escaped, and cut short when long."""
    text = escaped(text)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def name_problem(text: str) -> str | None:
    """Why `text` cannot be a name (one line, nothing invisible); None if it can."""
    for c in text:
        category = unicodedata.category(c)
        if category == "Cc":
            return f"control characters such as {escaped(c)} are not allowed"
        if category == "Cf" and c not in _JOINERS:
            name = unicodedata.name(c, "unnamed")
            return f"invisible formatting characters such as {escaped(c)} ({name}) are not allowed"
    return None


def check_free_text(value: str | None, what: str) -> None:
    """Refuse a note, helpful answer or story holding a control character other than tab and newline."""
    if value and (found := _FREE_TEXT_CONTROLS.search(value)):
        raise UsageError(
            f"invalid {what} '{shown(value)}': control characters such as {escaped(found.group())} are not allowed"
            " (tab and newline are)"
        )
