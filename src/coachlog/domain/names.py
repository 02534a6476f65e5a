"""Names as coaches type them: teachers' names and their keys, tags, and choices picked by a prefix.

Stdlib only: every `coachlog add` passes through here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from coachlog.domain.text import check_free_text, name_problem, shown
from coachlog.domain.values import STANCES, Stance
from coachlog.errors import UsageError


def resolve_choice(value: str, choices: tuple[str, ...] | list[str], what: str) -> str:
    """Return the choice that `value` names: exact (any case) or an unambiguous prefix.

    An unknown value is refused with the choice it most likely misspells ("coachng": did you mean 'coaching'?).
    """
    wanted = value.strip().casefold()
    listed = ", ".join(choices)
    if not wanted:
        raise UsageError(f"empty {what}: choose one of {listed}")
    for choice in choices:
        if choice.casefold() == wanted:
            return choice
    matches = [c for c in choices if c.casefold().startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"ambiguous {what} '{value}': it could be {' or '.join(matches)}; choose one of {listed}")
    advice = did_you_mean(closest(value, choices), f"choose one of {listed}")
    raise UsageError(f"unknown {what} '{value}': {advice}")


# ---- suggestions: the one way coachlog says "did you mean" -----------------------------------


def closest(typed: str, candidates: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The candidate `typed` most likely misspells (case and outer spaces aside), or None when none is close."""
    import difflib  # only on the way to an error

    folded = {candidate.casefold(): candidate for candidate in candidates}
    wanted = typed.strip().casefold()
    found = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=cutoff)
    if not found and len(wanted) >= 3:  # short words: one slip of the finger ("cvs" for csv) is close too
        found = [candidate for candidate in folded if _one_slip(wanted, candidate)][:1]
    return folded[found[0]] if found else None


def _one_slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter wrong, missing, extra, or swapped with the next one."""
    if len(typed) == len(word):
        wrong = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        swapped = len(wrong) == 2 and wrong[1] == wrong[0] + 1 and typed[wrong[0]] == word[wrong[1]]
        return len(wrong) == 1 or (swapped and typed[wrong[1]] == word[wrong[0]])
    shorter, longer = sorted((typed, word), key=len)
    return len(longer) - len(shorter) == 1 and any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def did_you_mean(suggestion: str | None, then: str) -> str:
    """An error's advice: "did you mean 'x'? Choose one of …" with a suggestion, else `then` as it is."""
    if not suggestion:
        return then
    return f"did you mean '{suggestion}'? {then[:1].upper()}{then[1:]}"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def starts_words(typed: str, name: str) -> bool:
    """Whether each word of `typed` begins a word of `name`, in order ("fall" and "fall 2026" in "Fall term 2026")."""
    wanted = _words(typed)
    for word in _words(name):
        if wanted and word.startswith(wanted[0]):
            wanted.pop(0)
    return not wanted and bool(_words(typed))


def resolve_name(typed: str, names: Iterable[str], what: str) -> str:
    """The name `typed` means: the same name (case, punctuation and spaces aside), else the only name whose
    words it begins ("fall" for "Fall term 2026"); several are refused with the candidates, none with a
    suggestion and every name."""
    names = list(names)
    key = name_key(typed)
    for name in names:
        if name_key(name) == key:
            return name
    matches = [name for name in names if starts_words(typed, name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        could = " or ".join(f"'{name}'" for name in matches)
        raise UsageError(f"ambiguous {what} '{typed}': it could be {could}; type more of the name")
    advice = did_you_mean(closest_of(typed, names), f"choose one of {', '.join(names)}")
    raise UsageError(f"unknown {what} '{typed}': {advice}")


def closest_of(typed: str, names: Iterable[str]) -> str | None:
    """The name `typed` most likely misspells: whole ("Fal 2026" for "Fall 2026"), else by one of its words,
    when only that name has a word so close ("falll" for "Fall term 2026")."""
    names = list(names)
    found = closest(typed, names)
    if found is None and len(_words(typed)) == 1:
        by_word = {word: name for name in names for word in _words(name)}
        word = closest(typed, by_word)
        if word is not None and sum(w == word for name in names for w in _words(name)) == 1:
            found = by_word[word]
    return found


def parse_stance(value: str) -> Stance:
    """The stance `value` names; an unknown one that is (close to) an activity says so ("observation")."""
    try:
        return Stance(resolve_choice(value, STANCES, "stance"))
    except UsageError as error:
        from coachlog.domain.values import DEFAULT_ACTIVITIES

        activity = closest(value, DEFAULT_ACTIVITIES) if str(error).startswith("unknown") else None
        if activity is None:
            raise
        raise UsageError(f"{error} ('{activity}' is an activity: -a {activity})") from None


@lru_cache(maxsize=4096)  # an import looks up the same few dozen names thousands of times
def name_key(name: str) -> str:
    """The key two spellings of one name share: case, punctuation and spaces ignored.

    "Ms. Rivera", "ms rivera" and "MS  RIVERA" all give "msrivera".
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")  # letters, marks, digits
    return unicodedata.normalize("NFKC", kept)


def _plain_text_problem(text: str) -> str | None:
    """Why `text` cannot be a name or a tag: exports join those with "; ", a terminal would obey a control
    character (an escape sequence in a calendar invitation's title, say), and invisible formatting characters
    (U+202E and the other bidi controls) disguise what a name says (domain/text.py)."""
    if ";" in text:
        return "';' separates names and tags in exports"
    return name_problem(text)


def clean_name(name: str) -> str:
    """A teacher's name as shown: inner runs of spaces folded, ends trimmed."""
    cleaned = " ".join(name.split())
    if not any(unicodedata.category(c)[0] in "LN" for c in name_key(cleaned)):
        raise UsageError(f"invalid teacher name '{name}': a name needs at least one letter or digit")
    if problem := _plain_text_problem(cleaned):
        raise UsageError(f"invalid teacher name '{shown(name)}': {problem}")
    if len(cleaned) > 100:
        raise UsageError(f"teacher name too long ({len(cleaned)} characters): 100 at most")
    return cleaned


TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "m", "mme", "mlle", "sr", "sra", "srta", "herr", "frau", "coach"}
)


def split_title(name: str) -> tuple[str | None, str]:
    """("ms", "rivera") for "Ms. Rivera"; (None, "rivera") for "rivera". Keys, not display text."""
    words = [key for key in (name_key(word) for word in re.split(r"[\s.]+", name)) if key]
    if len(words) > 1 and words[0] in TITLES:
        return words[0], "".join(words[1:])
    return None, "".join(words)


class TeacherNames:
    """The known teachers' names, for matching what a coach types. Keys map to display names.

    A name matches its key exactly ("ms rivera" is "Ms. Rivera"), or, when one side has
    no title, by the rest of the name ("rivera" is "Ms. Rivera" while she is the only
    Rivera). Several such matches are an error rather than a guess.
    """

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names: dict[str, str] = {}
        self._by_bare: dict[str, list[tuple[str | None, str]]] = {}
        for key, name in (names or {}).items():
            self.add(key, name)

    def add(self, key: str, name: str) -> None:
        self.names[key] = name
        title, bare = split_title(name)
        self._by_bare.setdefault(bare, []).append((title, key))

    def match(self, typed: str) -> str | None:
        """The key of the teacher `typed` means, or None for someone new."""
        key = name_key(typed)
        if key in self.names:
            return key
        title, bare = split_title(typed)
        matches = [
            other_key
            for other_title, other_key in self._by_bare.get(bare, [])
            if title is None or other_title is None or title == other_title
        ]
        if len(matches) > 1:
            names = " or ".join(f"'{self.names[k]}'" for k in matches)
            raise UsageError(f"teacher '{typed}' could be {names}: type the name in full")
        return matches[0] if matches else None

    def closest(self, typed: str) -> str | None:
        """The display name of a known teacher that `typed` looks like a misspelling of."""
        found = closest_name(name_key(typed), self.names)
        if found is None:  # "rivra" for "Ms. Rivera": the names less their titles, where one teacher has it
            bare = {b: self.names[keys[0][1]] for b, keys in self._by_bare.items() if b and len(keys) == 1}
            found = closest_name(split_title(typed)[1], bare)
        return found


def closest_name(key: str, known: dict[str, str]) -> str | None:
    """The known display name whose key is closest to `key`, if any is close."""
    import difflib  # only when a new name is typed

    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.8)
    return known[match[0]] if match else None


def clean_text(value: str | None, what: str = "text") -> str | None:
    """Free text as typed, ends trimmed ("" stays "", to clear a field on edit); no control characters but tab
    and newline."""
    check_free_text(value, what)
    return None if value is None else value.strip()


def clean_tags(tags: list[str] | None) -> tuple[str, ...]:
    """Tags as typed (`--tag` repeated): each cleaned, each once, in the order given."""
    return tuple(dict.fromkeys(clean_tag(t) for t in tags or []))


def clean_tag(tag: str, what: str = "tag", longest: int = 60) -> str:
    """A tag (or a configured activity): lower case, spaces folded, 1 to `longest` characters."""
    cleaned = " ".join(tag.split()).lower()
    if not cleaned or len(cleaned) > longest:
        raise UsageError(f"invalid {what} '{tag}': use 1 to {longest} characters")
    if problem := _plain_text_problem(cleaned):
        raise UsageError(f"invalid {what} '{shown(tag)}': {problem}")
    return cleaned
