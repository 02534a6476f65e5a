"""Tests for the parsing helpers in coachlog.domain.names: choices, stances and teacher names."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from coachlog.domain.names import clean_name, closest_name, name_key, parse_stance, resolve_choice
from coachlog.domain.values import DEFAULT_ACTIVITIES, DUTY_KINDS, STANCES, Stance
from coachlog.errors import UsageError

CHOICE_LISTS = [STANCES, DUTY_KINDS, DEFAULT_ACTIVITIES]

# Letters a teacher's name is likely to hold, all precomposed so case changes are reversible.
NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789áéíóúñüçàèìòùâêîôûäëïöåæøœÁÉÍÓÚÑÜÇ"
SEPARATORS = " .,-'_\t\n’–·()/"
names = st.text(alphabet=NAME_LETTERS + SEPARATORS, max_size=40)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)


def unique_prefix_owner(prefix: str, choices: tuple[str, ...]) -> str | None:
    """Oracle: the choice `prefix` names under 'exact first, else a sole prefix match'."""
    wanted = prefix.strip().casefold()
    if not wanted:
        return None
    exact = [c for c in choices if c.casefold() == wanted]
    if exact:
        return exact[0]
    matches = [c for c in choices if c.casefold().startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


# --------------------------------------------------------------------------- resolve_choice / parse_stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("consulting", Stance.CONSULTING),
        ("collaborating", Stance.COLLABORATING),
        ("coaching", Stance.COACHING),
        ("COACHING", Stance.COACHING),
        ("Collaborating", Stance.COLLABORATING),
        ("cons", Stance.CONSULTING),
        ("CONS", Stance.CONSULTING),
        ("collab", Stance.COLLABORATING),
        ("coach", Stance.COACHING),
        ("CoAcH", Stance.COACHING),
        ("  coach  ", Stance.COACHING),
        ("coa", Stance.COACHING),
        ("col", Stance.COLLABORATING),
        ("con", Stance.CONSULTING),
    ],
)
def test_parse_stance_accepts_names_and_prefixes(text: str, stance: Stance) -> None:
    """Stances are matched in any case, in full or by an unambiguous prefix."""
    assert parse_stance(text) is stance


def test_parse_stance_returns_enum_with_plain_str() -> None:
    """parse_stance gives a Stance whose str() is its value."""
    stance = parse_stance("cons")
    assert isinstance(stance, Stance)
    assert str(stance) == "consulting"


@pytest.mark.parametrize("text", ["co", "c", "C", "CO", " co "])
def test_parse_stance_ambiguous_prefix_lists_choices(text: str) -> None:
    """An ambiguous stance prefix is refused with every stance listed."""
    with pytest.raises(UsageError) as info:
        parse_stance(text)
    message = str(info.value)
    assert "ambiguous" in message
    assert f"'{text}'" in message
    for stance in STANCES:
        assert stance in message


@pytest.mark.parametrize("text", ["mentoring", "coachingx", "x", "consultant", "coaching!"])
def test_parse_stance_unknown_lists_choices(text: str) -> None:
    """An unknown stance is refused with every stance listed."""
    with pytest.raises(UsageError) as info:
        parse_stance(text)
    message = str(info.value)
    assert "unknown" in message
    assert f"'{text}'" in message
    for stance in STANCES:
        assert stance in message


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_parse_stance_empty_lists_choices(text: str) -> None:
    """An empty stance is refused with every stance listed."""
    with pytest.raises(UsageError) as info:
        parse_stance(text)
    for stance in STANCES:
        assert stance in str(info.value)


def test_resolve_choice_exact_match_beats_prefix() -> None:
    """An exact name wins even when it is also a prefix of another choice."""
    choices = ("database", "data", "datum")
    assert resolve_choice("data", choices, "activity") == "data"
    assert resolve_choice("DATA", choices, "activity") == "data"
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_choice("dat", choices, "activity")
    assert resolve_choice("datab", choices, "activity") == "database"


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("co", "co-teaching"),  # only co-teaching starts with "co" among the activities
        ("co-", "co-teaching"),
        ("CO-TEACHING", "co-teaching"),
        ("obs", "observing"),
        ("p", "planning"),
        ("deb", "debrief"),
        ("da", "data"),
        ("data", "data"),
        ("other", "other"),
        ("work", "workshop"),
        ("l", "leaders"),
    ],
)
def test_resolve_choice_activities(text: str, activity: str) -> None:
    """Activities resolve by exact name or sole prefix; 'co' names co-teaching alone."""
    assert resolve_choice(text, DEFAULT_ACTIVITIES, "activity") == activity


@pytest.mark.parametrize("text", ["o", "O", "d", "D"])
def test_resolve_choice_ambiguous_activities(text: str) -> None:
    """A prefix shared by several activities is ambiguous and lists every activity."""
    with pytest.raises(UsageError) as info:
        resolve_choice(text, DEFAULT_ACTIVITIES, "activity")
    message = str(info.value)
    assert "ambiguous activity" in message
    for activity in DEFAULT_ACTIVITIES:
        assert activity in message


@pytest.mark.parametrize(
    ("text", "kind"), [("cov", "cover"), ("SUP", "supervision"), ("t", "testing"), ("ev", "event")]
)
def test_resolve_choice_duty_kinds(text: str, kind: str) -> None:
    """Duty kinds resolve by unambiguous prefix in any case."""
    assert resolve_choice(text, DUTY_KINDS, "duty kind") == kind


@given(
    choices=st.sampled_from(CHOICE_LISTS),
    index=st.integers(min_value=0, max_value=20),
    length=st.integers(min_value=1, max_value=20),
    upper=st.booleans(),
)
def test_resolve_choice_prefix_property(choices: tuple[str, ...], index: int, length: int, upper: bool) -> None:
    """Property: a prefix of a choice resolves to the choice it alone names, or is refused as ambiguous."""
    choice = choices[index % len(choices)]
    prefix = choice[:length]
    text = prefix.upper() if upper else prefix
    owner = unique_prefix_owner(prefix, choices)
    if owner is not None:
        assert resolve_choice(text, choices, "thing") == owner
    else:
        with pytest.raises(UsageError, match="ambiguous"):
            resolve_choice(text, choices, "thing")


@given(choices=st.sampled_from(CHOICE_LISTS), text=st.text())
@example(choices=STANCES, text="co")
@example(choices=DEFAULT_ACTIVITIES, text="co")
def test_resolve_choice_random_text_property(choices: tuple[str, ...], text: str) -> None:
    """Property: any text resolves to a listed choice or raises UsageError listing every choice."""
    try:
        result = resolve_choice(text, choices, "thing")
    except UsageError as error:
        message = str(error)
        for choice in choices:
            assert choice in message
        assert unique_prefix_owner(text, choices) is None
    else:
        assert result in choices
        assert result == unique_prefix_owner(text, choices)


@given(
    choices=st.lists(
        st.text(alphabet="abcde-", min_size=1, max_size=6), min_size=1, max_size=6, unique_by=str.casefold
    ),
    text=st.text(alphabet="abcdeABCDE-", max_size=7),
)
def test_resolve_choice_arbitrary_lists_property(choices: list[str], text: str) -> None:
    """Property: for any choice list, the result is the exact match, else the sole prefix match."""
    owner = unique_prefix_owner(text, tuple(choices))
    if owner is not None:
        assert resolve_choice(text, choices, "thing") == owner
    else:
        with pytest.raises(UsageError):
            resolve_choice(text, choices, "thing")


# --------------------------------------------------------------------------- name_key


@pytest.mark.parametrize(
    "spelling", ["Ms. Rivera", "ms rivera", "MS  RIVERA", " ms.rivera ", "Ms.\tRivera", "ms-rivera"]
)
def test_name_key_spellings_share_a_key(spelling: str) -> None:
    """Case, punctuation and spacing variants of one name share the key 'msrivera'."""
    assert name_key(spelling) == "msrivera"
    assert name_key(spelling) == name_key("Ms. Rivera")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ms. Rivera", "Mr. Rivera"),
        ("Ana", "Anna"),
        ("Ms. Rivera", "Ms. Riviera"),
        ("José", "Jose"),
        ("Room 12", "Room 21"),
    ],
)
def test_name_key_different_names_differ(one: str, other: str) -> None:
    """Genuinely different names get different keys."""
    assert name_key(one) != name_key(other)


def test_name_key_normalizes_compatibility_and_composition() -> None:
    """Decomposed accents and fullwidth letters give the same key as their plain forms."""
    assert name_key("Jose\u0301") == name_key("José")
    assert name_key("ＲＩＶＥＲＡ") == name_key("rivera")
    assert name_key("STRASSE") == name_key("Straße")


@given(names)
def test_name_key_idempotent_property(name: str) -> None:
    """Property: name_key of a key is the key itself."""
    key = name_key(name)
    assert name_key(key) == key


@given(st.text())
def test_name_key_output_has_no_separators_property(text: str) -> None:
    """Property: a key holds no whitespace, underscores or punctuation and is already case-folded."""
    key = name_key(text)
    assert not any(c.isspace() for c in key)
    assert "_" not in key
    assert key.casefold() == key
    assert all(unicodedata.category(c)[0] in "LMN" for c in key)  # letters, marks (vowel signs), digits


@given(name=names, upper=st.booleans())
def test_name_key_ignores_case_property(name: str, upper: bool) -> None:
    """Property: changing the case of a name leaves its key unchanged."""
    changed = name.upper() if upper else name.lower()
    assert name_key(changed) == name_key(name)
    assert name_key(name.swapcase()) == name_key(name)


@given(
    name=names,
    insertions=st.lists(
        st.tuples(st.integers(min_value=0, max_value=60), st.text(alphabet=SEPARATORS, min_size=1, max_size=3)),
        max_size=5,
    ),
)
def test_name_key_ignores_inserted_separators_property(name: str, insertions: list[tuple[int, str]]) -> None:
    """Property: inserting spaces or punctuation anywhere leaves the key unchanged."""
    changed = name
    for position, separator in insertions:
        at = position % (len(changed) + 1)
        changed = changed[:at] + separator + changed[at:]
    assert name_key(changed) == name_key(name)


@given(one=keys, other=keys)
def test_name_key_distinguishes_keys_property(one: str, other: str) -> None:
    """Property: names that differ in their letters or digits keep different keys."""
    assume(one != other)
    assert name_key(f"Ms. {one}") != name_key(f"Ms. {other}")


@pytest.mark.parametrize(("one", "other"), [("राम", "रमा"), ("मीना", "मोना")])
def test_name_key_keeps_vowel_signs(one: str, other: str) -> None:
    """Names that differ only in Indic vowel signs or viramas are different names."""
    assert name_key(one) != name_key(other)


def test_name_key_idempotent_on_hangul_jamo() -> None:
    """Conjoining jamo split by a separator still give an idempotent key."""
    key = name_key("\u1100.\u1161")  # ᄀ . ᅡ
    assert name_key(key) == key


# --------------------------------------------------------------------------- clean_name / closest_name


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Ms. Rivera", "Ms. Rivera"),
        ("  Ms.   Rivera  ", "Ms. Rivera"),
        ("Ms.\tRivera\n", "Ms. Rivera"),
        ("O'Neil", "O'Neil"),
        ("7", "7"),
        ("x" * 100, "x" * 100),
    ],
)
def test_clean_name_folds_spaces(raw: str, cleaned: str) -> None:
    """clean_name trims the ends and folds inner whitespace runs to one space."""
    assert clean_name(raw) == cleaned


@pytest.mark.parametrize("raw", ["", "   ", "...", "—", "_", "-- . --", "\u0301", "()"])
def test_clean_name_rejects_names_without_letters_or_digits(raw: str) -> None:
    """A name with no letter or digit is refused, naming the value."""
    with pytest.raises(UsageError) as info:
        clean_name(raw)
    message = str(info.value)
    assert f"'{raw}'" in message
    assert "letter or digit" in message


def test_clean_name_rejects_long_names() -> None:
    """A name over 100 characters after cleaning is refused."""
    with pytest.raises(UsageError, match="too long"):
        clean_name("x" * 101)
    assert clean_name("  " + "x" * 100 + "  ") == "x" * 100


@given(names)
def test_clean_name_property(raw: str) -> None:
    """Property: clean_name keeps the key and leaves no stray whitespace, or refuses a keyless name."""
    if not name_key(raw) or len(" ".join(raw.split())) > 100:
        with pytest.raises(UsageError):
            clean_name(raw)
        return
    cleaned = clean_name(raw)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert not any(c.isspace() and c != " " for c in cleaned)
    assert name_key(cleaned) == name_key(raw)
    assert clean_name(cleaned) == cleaned


def test_closest_name_suggests_near_spelling() -> None:
    """A near miss such as 'Ms. Riviera' suggests the known 'Ms. Rivera'."""
    known = {name_key(n): n for n in ("Ms. Rivera", "Mr. Chen", "Dr. Okafor")}
    assert closest_name(name_key("Ms. Riviera"), known) == "Ms. Rivera"
    assert closest_name(name_key("mr chen"), known) == "Mr. Chen"


def test_closest_name_returns_none_when_nothing_is_close() -> None:
    """No suggestion is made for an unrelated name or when no names are known."""
    known = {name_key(n): n for n in ("Ms. Rivera", "Mr. Chen")}
    assert closest_name(name_key("Mx. Abernathy-Smith"), known) is None
    assert closest_name(name_key("Ms. Rivera"), {}) is None


@given(key=keys, known_names=st.lists(names, max_size=5))
def test_closest_name_property(key: str, known_names: list[str]) -> None:
    """Property: a suggestion is always one of the known display names, and an exact key finds itself."""
    known = {name_key(n): n for n in known_names if name_key(n)}
    suggestion = closest_name(key, known)
    assert suggestion is None or suggestion in known.values()
    if key in known:
        assert suggestion == known[key]
