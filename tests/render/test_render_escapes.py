"""output.visible's fast path for printable text, and the renderers built on it, give what escaping a character at a
time gives; render/html.py's escape is html.escape."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.output import BIDI_CONTROLS, visible
from coachlog.render.html import escape
from coachlog.render.markdown import MARKDOWN_SPECIAL, literal

# Text as stored text can hold it: letters, the control and bidi characters visible() escapes, and the rest.
TEXT = st.text(st.characters() | st.sampled_from("\n\t\r\x1b\x7f\u202e\u2066\u2028 |*_\\`[]<>!#"))
# Markdown's escape a character at a time: what render/markdown.py's chain of replaces must give
ESCAPES = str.maketrans({c: "\\" + c for c in MARKDOWN_SPECIAL})


@given(st.text(st.characters() | st.sampled_from("\n\t\r\x1b\x7f\u202e\u2066\u2028\u00a0")), st.booleans())
@example("a story\x1b[31m with a colour", False)
@example("right\u202eto left", False)
@example("line\nbreak", True)
def test_visible_text_is_the_per_character_escape(text: str, keep_layout: bool) -> None:
    """output.visible returns printable text as it is (no copy: an import's line can name 20,000 new teachers),
    and that is what escaping it a character at a time gives."""
    escaped = "".join(
        c.encode("unicode_escape").decode("ascii")
        if ((c < " " or c == "\x7f") and not (keep_layout and c in "\n\t")) or c in BIDI_CONTROLS
        else c
        for c in text
    )
    assert visible(text, keep_layout) == escaped


@given(TEXT)
@example("*Ms. Rivera* [link](x) | <b>")
@example("two\nlines\x1b")
@example("\\* a backslash before a star, `code`, <b>, ![img](x) #1")
def test_literal_is_visible_then_the_markdown_escapes(text: str) -> None:
    """render/markdown.py's literal(text) is the slow form: line breaks as spaces, visible(), then the escapes."""
    assert literal(text) == visible(text.replace("\n", " ")).translate(ESCAPES)


@given(TEXT | st.text(st.sampled_from("&<>\"'a;#x27")))
@example('&amp; <b>"Ms. O\'Neil"</b> &#x27;')
def test_the_html_escape_is_the_standard_librarys(text: str) -> None:
    """render/html.py's escape (the HTML page's, without loading `html`) gives html.escape's bytes."""
    import html

    assert escape(text) == html.escape(text)
