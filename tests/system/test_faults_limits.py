"""Extreme values (issue 13): every numeric and date environment variable and option at its limits, an empty
--db, and backup names retried within the same second. One line naming the value and what is accepted
(exit 2), or a result: never an OverflowError."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Run

# Every environment variable coachlog reads that holds a number or a date (grep COACHLOG_ in src).
ENV_LIMITS = [
    ("COACHLOG_LOCK_TIMEOUT", "inf", "from 0 to 86400"),
    ("COACHLOG_LOCK_TIMEOUT", "1e309", "from 0 to 86400"),
    ("COACHLOG_LOCK_TIMEOUT", "nan", "from 0 to 86400"),
    ("COACHLOG_LOCK_TIMEOUT", "-1", "from 0 to 86400"),
    ("COACHLOG_LOCK_TIMEOUT", "86401", "from 0 to 86400"),
    ("COACHLOG_NOW", "9999-12-31T23:59:59+00:00", "between 1900 and 9998"),
    ("COACHLOG_NOW", "0001-01-01T00:00:00+00:00", "between 1900 and 9998"),
    ("COACHLOG_NOW", "9998-12-31T23:59:59-12:00", "between 1900 and 9998"),  # 9999 in New York
    ("COACHLOG_NOW", "1900-01-01T00:00:00+14:00", "between 1900 and 9998"),  # 1899 in New York
]
COMMANDS = [
    ("log",),
    ("report",),
    ("summary", "--all"),
    ("add", "Ms. Rivera", "coaching", "30m"),
    ("start", "A", "coaching"),
]


@pytest.mark.parametrize(("name", "value", "accepted"), ENV_LIMITS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_extreme_environment_value_is_one_line_naming_it(
    ok: Run, run: Run, db_path: Path, name: str, value: str, accepted: str, command: tuple[str, ...]
) -> None:
    ok("demo")
    before = db_path.read_bytes()
    result = run(*command, env={name: value})
    assert result.exit_code == 2, result
    assert result.stderr.startswith(f"Error: invalid {name} '{value}': "), result
    assert result.stderr.count("\n") == 1 and accepted in result.stderr
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("value", ["0", "0.5", "86400"])
def test_a_lock_timeout_within_range_works(ok: Run, value: str) -> None:
    ok("log", env={"COACHLOG_LOCK_TIMEOUT": value})


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "--from", "2026-01-01", "--to", "9998-12-31"),
        ("summary", "--from", "1900-01-01", "--to", "1900-12-31"),
        ("summary", "--from", "1900-03-01", "--to", "1900-03-31"),
        ("summary", "--from", "1900-01-05", "--to", "1900-01-11"),
        ("summary", "--from", "9998-12-25", "--to", "9998-12-31"),
        ("report", "--from", "1900-01-01", "--to", "9998-12-31", "--by", "week"),
        ("report", "--from", "9998-12-31", "--to", "9998-12-31"),
        ("log", "--from", "1900-01-01", "--to", "9998-12-31"),
        ("export", "--from", "1900-01-01", "--to", "9998-12-31"),
    ],
)
def test_the_widest_ranges_work(ok: Run, args: tuple[str, ...]) -> None:
    """The first and last days coachlog takes, as range ends: a result (the comparison period stops at 1900)."""
    ok("demo")
    ok(*args)


@pytest.mark.parametrize(
    ("args", "accepted"),
    [
        (("add", "A", "coaching", "99999999999999999999h"), "invalid duration"),
        (("add", "A", "coaching", "1e309m"), "invalid duration"),
        (("add", "A", "coaching", "30m", "--at", "9999-12-31 23:59"), "between 1900 and 9998"),
        (("add", "A", "coaching", "30m", "--at", "0001-01-01 00:00"), "between 1900 and 9998"),
        (("start", "A", "coaching", "--at", "9999-12-31 23:59"), "between 1900 and 9998"),
        (("log", "--from", "0001-01-01"), "between 1900 and 9998"),
        (("report", "--to", "9999-12-31"), "between 1900 and 9998"),
        (("edit", "99999999999999999999999", "--note", "x"), "invalid id"),
        (("config", "set", "staff", "99999999999999999999"), "from 1 to 100000"),
        (("config", "set", "target.coaching", "1e309"), "from 0 to 100"),
        (("config", "set", "privacy.min_group", "1e309"), "from 2 to 1000"),
    ],
)
def test_extreme_option_values_are_one_line(run: Run, args: tuple[str, ...], accepted: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result
    assert result.stderr.count("\n") == 1 and accepted in result.stderr


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_db_option_is_refused(run: Run, db_path: Path, tmp_path: Path, value: str) -> None:
    """`--db "$UNSET"` never means the default database (created if missing): refused, exit 2, nothing made."""
    result = run("--db", value, "add", "Ms. Rivera", "coaching", "30m")
    assert result.exit_code == 2, result
    assert result.stderr == f"Error: invalid --db '{value}': give a database file or a postgresql:// URL" + (
        " (leave --db out for the default one)\n"
    )
    assert not db_path.exists() and not (tmp_path / "home" / "data").exists()


def test_an_empty_coachlog_db_variable_means_unset(ok: Run, tmp_path: Path) -> None:
    """COACHLOG_DB="" is treated as unset (as most tools treat an empty variable): the default database."""
    ok("add", "Ms. Rivera", "coaching", "30m", env={"COACHLOG_DB": ""})
    assert (tmp_path / "home" / "data" / "coachlog" / "coachlog.db").is_file()


def test_backups_named_by_coachlog_never_collide_within_one_second(ok: Run, db_path: Path) -> None:
    """`coachlog backup` twice in the same second (the clock fixed): two backups, the first untouched."""
    ok("demo")
    ok("backup")
    (first,) = (db_path.parent / "backups").iterdir()
    kept = first.read_bytes()
    ok("add", "Ms. Rivera", "coaching", "30m")
    ok("backup")
    names = {p.name for p in (db_path.parent / "backups").iterdir()}
    assert names == {first.name, first.name.replace(".db", "-2.db")}
    assert first.read_bytes() == kept


def test_an_upgrade_retried_within_the_same_second_keeps_a_new_backup(ok: Run, db_path: Path, tmp_path: Path) -> None:
    """An upgrade that crashed after its backup, retried in the same second: the backup name is taken, so the
    retry keeps its copy under the next name and upgrades; the earlier backup is left as it was."""
    first_release = Path(__file__).resolve().parent.parent / "data" / "coachlog-0.1.0.db"
    db_path.write_bytes(first_release.read_bytes())
    db_path.chmod(0o600)
    # what the crashed run left: its backup, named by the same (fixed) clock second
    crashed = db_path.with_name(f"{db_path.name}.before-upgrade-20261123-200000.bak")
    crashed.write_bytes(b"the earlier attempt's copy")
    ok("log", "--all")
    assert crashed.read_bytes() == b"the earlier attempt's copy"
    retried = db_path.with_name(f"{db_path.name}.before-upgrade-20261123-200000-2.bak")
    assert retried.read_bytes()[:16] == b"SQLite format 3\x00"
