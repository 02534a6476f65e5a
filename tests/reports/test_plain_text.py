"""Text typed by the coach or a teacher reaches every format without control characters (reports.summary.plain)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coachlog.reports.summary import plain


def slow_plain(text: str) -> str:
    """Written independently: every line break a space, every other unprintable character a space."""
    out = []
    for c in text.replace("\r\n", "\n"):
        out.append(" " if c == "\n" or not c.isprintable() else c)
    return "".join(out)


@given(st.text())
def test_plain_keeps_printable_text_and_spaces_out_the_rest(text: str) -> None:
    """Printable text comes back as it was (the fast path); anything else as the slow path gives it."""
    result = plain(text)
    assert result == slow_plain(text)
    assert result is not None and result.isprintable()
    if text.isprintable():
        assert result == text


def test_none_stays_none_and_escapes_are_gone() -> None:
    assert plain(None) is None
    assert plain("a\x1b[31mred\r\nnext\tline") == "a [31mred next line"
