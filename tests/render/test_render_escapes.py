"""The renderers' fast path for printable text gives what escaping it a character at a time gives."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.output import visible
from coachlog.render.markdown import _MARKDOWN_SPECIAL, literal
from coachlog.render.text import escaped

# Text as stored text can hold it: letters, the control and bidi characters visible() escapes, and the rest.
TEXT = st.text(st.characters() | st.sampled_from("\n\t\r\x1b\x7f\u202e\u2066\u2028 |*_"))


@given(TEXT)
@example("a story\x1b[31m with a colour")
@example("right\u202eto left")
@example("line\nbreak")
def test_escaped_is_visible(text: str) -> None:
    """render/text.py's escaped(text) is output.visible(text), whether or not the text is printable."""
    assert escaped(text) == visible(text)


@given(TEXT)
@example("*Ms. Rivera* [link](x) | <b>")
@example("two\nlines\x1b")
def test_literal_is_visible_then_the_markdown_escapes(text: str) -> None:
    """render/markdown.py's literal(text) is the slow form: line breaks as spaces, visible(), then the escapes."""
    assert literal(text) == visible(text.replace("\n", " ")).translate(_MARKDOWN_SPECIAL)
