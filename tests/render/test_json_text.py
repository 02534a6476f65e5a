"""render/json_text.py's pretty_json writes what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.render.json_text import pretty_json

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=30,
)


@given(VALUES)
@example({"a": [], "b": {}, "c": [1, [2, {"d": None}]], "e": '\u2028 " \\ \x00 é'})
@example([float("nan"), float("inf"), -float("inf"), -0.0, 1e300, True, False])
@example({3: "int key", 2.5: "float key", True: "bool key", False: "false key", None: "null key"})
def test_pretty_json_is_json_dumps_with_an_indent(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{1, 2}, {"when": object()}, {(1, 2): "tuple key"}, b"bytes"])
def test_what_json_refuses_it_refuses(value: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        pretty_json(value)
