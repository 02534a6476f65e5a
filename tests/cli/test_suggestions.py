"""One suggestion mechanism (domain/names.py): a typo in a closed vocabulary, a teacher's or a term's name,
or a command name is refused in one line that says what was probably meant; `--term` takes a word prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachlog.domain.names import closest, resolve_choice, resolve_name, starts_words
from coachlog.errors import UsageError
from helpers import Run, table_dump


@pytest.fixture
def logged(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    ok("add", "Mr. Okafor", "collaborating", "30", "--at", "2026-11-20 10:00")
    ok("term", "add", "Fall term 2026", "2026-08-24", "2026-12-18")
    ok("term", "add", "Spring term 2027", "2027-01-04", "2027-06-11")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add", "rivera", "coachng", "30"), "unknown stance 'coachng': did you mean 'coaching'? Choose one of"),
        (
            ("add", "rivera", "coach", "30", "-a", "observation"),
            "unknown activity 'observation': did you mean 'observing'?",
        ),
        (("duty", "supervison", "30"), "unknown duty 'supervison': did you mean 'supervision'?"),
        (("start", "rivera", "colaborating"), "unknown stance 'colaborating': did you mean 'collaborating'?"),
        (("log", "--stance", "consultng"), "did you mean 'consulting'?"),
        (
            ("log", "--teacher", "rivra"),
            "no teacher named 'rivra': did you mean 'Ms. Rivera'? See `coachlog teacher list`",
        ),
        (("teacher", "rename", "okafr", "Mr. Okafor-Lee"), "did you mean 'Mr. Okafor'?"),
        (("report", "--by", "teachr"), "unknown grouping 'teachr': did you mean 'teacher'?"),
        (("log", "--format", "jsno"), "unknown format 'jsno': did you mean 'json'?"),
        (("export", "--format", "cvs"), "unknown format 'cvs': did you mean 'csv'?"),
        (("summary", "--format", "htlm"), "unknown format 'htlm': did you mean 'html'?"),
        (("config", "set", "weekstart", "monday"), "unknown setting 'weekstart': did you mean 'week_start'?"),
        (("report", "--term", "falll"), "unknown term 'falll': did you mean 'Fall term 2026'?"),
        (("term", "remove", "Fall term"), "no term named 'Fall term': did you mean 'Fall term 2026'?"),
    ],
)
def test_a_typo_gets_one_line_saying_what_was_meant(
    run: Run, logged: None, db_path: Path, args: tuple[str, ...], expected: str
) -> None:
    before = table_dump(db_path)
    result = run(*args)
    assert result.exit_code in (1, 2), result
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr, result.stderr
    assert table_dump(db_path) == before


def test_nothing_close_is_refused_as_before(run: Run, logged: None) -> None:
    """No guess when nothing is close: the choices alone."""
    result = run("add", "rivera", "evaluating", "30")
    assert result.stderr == "Error: unknown stance 'evaluating': choose one of consulting, collaborating, coaching\n"
    assert "did you mean" not in run("log", "--teacher", "Zebulon").stderr


def test_an_unknown_tag_filter_is_refused_with_the_tag_meant(run: Run, ok: Run, logged: None) -> None:
    """`log --tag mth --all` and `report --tag cycle2` were silently empty: a tag no entry has is refused in one
    line (exit 2); a tag in use with nothing in the range is an empty result."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-21 09:00", "--tag", "math", "--tag", "cycle-2")
    for args, expected in (
        (
            ("log", "--tag", "mth", "--all"),
            "Error: no tag named 'mth': did you mean 'math'? Tags in use: cycle-2, math",
        ),
        (("report", "--tag", "cycle2", "--all"), "Error: no tag named 'cycle2': did you mean 'cycle-2'?"),
        (("export", "--tag", "zzz", "--all"), "Error: no tag named 'zzz': tags in use: cycle-2, math"),
    ):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (2, ""), result
        assert result.stderr.startswith(expected) and result.stderr.count("\n") == 1, result.stderr
    assert ok("log", "--tag", "MATH", "--all", "--format", "csv").stdout.count("\n") == 2  # header and the entry
    assert ok("log", "--tag", "math", "--yesterday", "--format", "csv").stdout.count("\n") == 1  # none that day


def test_a_stance_that_is_an_activity_says_so(run: Run) -> None:
    result = run("add", "rivera", "observation", "5m")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown stance 'observation': choose one of consulting, collaborating, coaching"
        " ('observing' is an activity: -a observing)\n"
    )


def test_a_term_is_named_by_a_word_prefix(run: Run, ok: Run, logged: None) -> None:
    """`--term fall` is "Fall term 2026", as stances take prefixes; an ambiguous word lists the candidates."""
    assert (
        ok("report", "--term", "fall", "--format", "json").stdout
        == ok("report", "--term", "Fall term 2026", "--format", "json").stdout
    )
    assert "Spring term 2027" in ok("report", "--term", "spr 2027").stdout
    assert ok("log", "--term", "FALL", "--format", "csv").stdout.count("\n") == 3  # the header and both entries
    ambiguous = run("report", "--term", "term")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr == (
        "Error: ambiguous term 'term': it could be 'Fall term 2026' or 'Spring term 2027'; type more of the name\n"
    )


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (("rm", "3"), "delete"),  # Click's spelling alone suggested `term`
        (("ls",), "log"),
        (("new", "rivera", "coaching", "30"), "add"),
        (("reprot",), "report"),
        (("statu",), "status"),
        (("teacher", "ls"), "list"),
        (("term", "rm", "Fall"), "remove"),
    ],
)
def test_an_unknown_command_is_suggested_by_meaning_then_spelling(run: Run, args: tuple[str, ...], meant: str) -> None:
    typed = args[1] if args[0] in ("teacher", "term") else args[0]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: No such command '{typed}'. Did you mean '{meant}'?"


def test_a_command_nothing_like_any_gets_no_guess(run: Run) -> None:
    assert run("xyzzy").stderr.splitlines()[-1] == "Error: No such command 'xyzzy'."


# ---- the mechanism itself -------------------------------------------------------------------


def test_closest_ignores_case_and_needs_a_close_match() -> None:
    assert closest("COACHNG", ("consulting", "collaborating", "coaching")) == "coaching"
    assert closest("evaluating", ("consulting", "collaborating", "coaching")) is None
    assert closest("cvs", ("csv", "json")) == "csv"  # one swap in a short word
    assert closest("jsn", ("csv", "json")) == "json"
    assert closest("xml", ("csv", "json")) is None


def test_resolve_choice_keeps_exact_and_prefix_matches() -> None:
    assert resolve_choice("coach", ("consulting", "collaborating", "coaching"), "stance") == "coaching"
    with pytest.raises(UsageError, match="ambiguous stance 'co'"):
        resolve_choice("co", ("consulting", "collaborating", "coaching"), "stance")


def test_resolve_name_matches_keys_then_word_prefixes() -> None:
    names = ["Fall term 2026", "Spring term 2027", "Term 1"]
    assert resolve_name("fall term 2026", names, "term") == "Fall term 2026"
    assert resolve_name("term1", names, "term") == "Term 1"  # the same key: exact, though a prefix of none
    assert resolve_name("SPRING", names, "term") == "Spring term 2027"
    assert resolve_name("2026", names, "term") == "Fall term 2026"
    with pytest.raises(UsageError, match="it could be 'Fall term 2026' or 'Spring term 2027' or 'Term 1'"):
        resolve_name("term", names, "term")
    assert starts_words("fa 2026", "Fall term 2026") and not starts_words("2026 fa", "Fall term 2026")
    assert not starts_words("", "Fall term 2026")


@pytest.mark.parametrize("command", ["log", "report", "export"])
def test_an_unknown_teacher_filter_is_bad_usage_like_an_unknown_tag(run: Run, logged: None, command: str) -> None:
    """A filter that could only ever show nothing is refused as usage (exit 2), whether it is a teacher or a tag."""
    for option, value in (("--teacher", "Nobody"), ("--tag", "nothing")):
        result = run(command, option, value)
        assert result.exit_code == 2, (option, result)
        assert result.stderr.count("\n") == 1 and result.stdout == "", result.stderr


def test_a_report_for_one_teacher_is_headed_with_their_name_as_stored(ok: Run, logged: None) -> None:
    """`report --teacher rivera` says whose report it is as the log has her: "with Ms. Rivera", not "with rivera"."""
    heading = ok("report", "--from", "2026-11-16", "--to", "2026-11-22", "--teacher", "rivera").stdout.splitlines()[0]
    assert heading.endswith(" · with Ms. Rivera"), heading
