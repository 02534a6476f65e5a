"""How fast coachlog is at 1k, 10k, 100k and 1M entries, against a plain-sqlite3 floor.

Builds one database per size from the demo's realistic weeks, spread over three
school years (nine terms), once: they are kept under ~/.cache/coachlog-bench (a
million entries take two minutes to build), and each run works on a copy. Then it
runs each command as a whole process: one warm-up, then --runs timed runs (--big-runs
from a million entries). Prints medians (milliseconds, peak resident MiB), the ratio
to a floor measured in the same run (a plain Python script that does the same insert,
aggregate, listing or export with the standard library's sqlite3) and the target of
issue 17 that ratio is held to. The "(terminal)" rows run the command on a
pseudo-terminal, so coachlog writes what a coach sees there (colour, bars, rules; Rich
where a command uses it, such as progress bars).

    python benchmarks/bench.py              # about half an hour on 2 cores, most of it at 1M
    python benchmarks/bench.py --sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as clock
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coachlog.domain.values import NewEntry, Term
from coachlog.formats.demo import demo_entries
from coachlog.storage import open_store

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 6, 10, 15, 0, tzinfo=ZONE)  # a Wednesday in the newest term
TERMS = [
    Term(
        f"{name} {year + (name != 'Fall')}", date(year + (name != "Fall"), *start), date(year + (name != "Fall"), *end)
    )
    for year in (2023, 2024, 2025)
    for name, start, end in (("Fall", (9, 4), (12, 20)), ("Winter", (1, 3), (3, 28)), ("Spring", (4, 8), (6, 26)))
]
TERM_CLOSES = [
    date(t.start.year, 11, 17) if t.name.startswith("Fall") else date(t.start.year, 3, 21)
    if t.name.startswith("Winter") else date(t.start.year, 6, 10)
    for t in TERMS
]  # fmt: skip


def realistic_entries(count: int) -> list[NewEntry]:
    """`count` entries over three school years: the demo's weeks, for as many coaches as it takes."""
    one_coach: list[NewEntry] = []
    for close in TERM_CLOSES:
        now = datetime.combine(close, datetime.min.time(), tzinfo=ZONE).replace(hour=17)
        one_coach += demo_entries(close, now, 0)
    coaches = -(-count // len(one_coach))
    pool = [
        NewEntry(**{**entry.__dict__, "teachers": tuple(f"{t} ({coach})" for t in entry.teachers)}) if coach else entry
        for entry in one_coach
        for coach in range(coaches)
    ]
    pool.sort(key=lambda e: e.start)
    return [pool[i * len(pool) // count] for i in range(count)]


BUILDER = 1  # raise when realistic_entries or build changes: the cached databases are then built anew
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coachlog-bench"


def build(path: Path, count: int) -> None:
    with open_store(path) as store:
        for term in TERMS:
            store.terms.add(term)
        store.imports.add_many(realistic_entries(count), NOW)
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def cached(count: int) -> tuple[Path, float]:
    """The database of `count` entries, built once per BUILDER version and kept under ~/.cache/coachlog-bench
    (a million entries take minutes to build); with the seconds it took to build, 0 when it was cached."""
    path = CACHE / f"v{BUILDER}-{count}.db"
    if path.exists():
        return path, 0.0
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    started = time.perf_counter()
    build(partial, count)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path, time.perf_counter() - started


# A small Python process starts each command and reports its wall time and peak memory.
# (Measured from this big process instead, a child's peak would include our own pages.)
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {elapsed * 1000} {usage.ru_maxrss / 1024}")
"""


# The same on a pseudo-terminal 100 columns wide: what a coach sees, styled for a terminal.
TERMINAL_LAUNCHER = """
import fcntl, os, struct, sys, termios, time
started = time.perf_counter()
pid, fd = os.forkpty()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    os.execv(sys.argv[2], sys.argv[2:])
while True:
    try:
        if not os.read(fd, 65536):
            break
    except OSError:  # EIO: the child closed the terminal
        break
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {elapsed * 1000} {usage.ru_maxrss / 1024}")
"""


def measure(
    argvs: list[list[str]], env: dict[str, str], runs: int, scratch: Path, terminal: bool = False
) -> list[tuple[float, float]]:
    """Median wall time (ms) and median peak RSS (MiB) of each of `argvs` as a whole process. Their runs take
    turns (coachlog, floor, coachlog, ...), so a busy moment of a shared machine weighs on both alike."""
    times: list[list[float]] = [[] for _ in argvs]
    peaks: list[list[float]] = [[] for _ in argvs]
    result = scratch / "measure.txt"
    launcher = TERMINAL_LAUNCHER if terminal else LAUNCHER
    for attempt in range(runs + 1):
        for index, argv in enumerate(argvs):
            subprocess.run([sys.executable, "-c", launcher, str(result), *argv], env=env, check=True)
            code, elapsed, peak = result.read_text().split()
            if int(code) != 0:
                raise SystemExit(f"failed ({code}): {' '.join(argv)}")
            if attempt:  # the first run warms the page cache and .pyc files
                times[index].append(float(elapsed))
                peaks[index].append(float(peak))
    return [(statistics.median(t), statistics.median(p)) for t, p in zip(times, peaks, strict=True)]


FLOOR_ADD = """
import sqlite3, sys, uuid
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
tid = c.execute("SELECT id FROM teacher LIMIT 1").fetchone()[0]
cur = c.execute("INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, created_at,"
                " updated_at) VALUES (?, 'bench', 'session', '2026-06-10 13:00:00', 30, '2026-06-10', 1, 'coaching',"
                " '2026-06-10 13:30:00', '2026-06-10 13:30:00')", (str(uuid.uuid4()),))
c.execute("INSERT INTO entry_teacher VALUES (?, ?, 0)", (cur.lastrowid, tid))
c.execute("COMMIT")
"""
FLOOR_ADD_NEW = """
import sqlite3, sys, uuid
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
name = f"New {uuid.uuid4()}"
tid = c.execute("INSERT INTO teacher (owner, name, name_key, created_at) VALUES ('bench', ?, ?, '2026-06-10 13:30:00')",
                (name, name.casefold())).lastrowid
cur = c.execute("INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, created_at,"
                " updated_at) VALUES (?, 'bench', 'session', '2026-06-10 13:00:00', 30, '2026-06-10', 1, 'coaching',"
                " '2026-06-10 13:30:00', '2026-06-10 13:30:00')", (str(uuid.uuid4()),))
c.execute("INSERT INTO entry_teacher VALUES (?, ?, 0)", (cur.lastrowid, tid))
c.execute("COMMIT")
"""
# `add` of a teacher never seen: a new name each run (the shell's process id).
ADD_NEW = 'exec "$@" "New teacher $$" coaching 30 --at 09:00'
FLOOR_REPORT = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT local_date, kind, stance, duty_kind, SUM(minutes), COUNT(*) FROM entry"
                 " WHERE local_date BETWEEN '2026-04-08' AND '2026-06-26' GROUP BY 1, 2, 3, 4").fetchall()
n = c.execute("SELECT COUNT(DISTINCT teacher_id) FROM entry_teacher JOIN entry ON id = entry_id"
              " WHERE local_date BETWEEN '2026-04-08' AND '2026-06-26'").fetchone()
print(len(rows), n)
"""
FLOOR_LOG = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute("SELECT e.*, (SELECT group_concat(t.name, '; ') FROM entry_teacher et JOIN teacher t"
                     " ON t.id = et.teacher_id WHERE et.entry_id = e.id) FROM entry e"
                     " WHERE local_date BETWEEN '2026-06-08' AND '2026-06-14' ORDER BY start_utc"):
    print(*row, sep=" | ")
"""
FLOOR_IMPORT = """
import csv, shutil, sqlite3, sys, uuid
shutil.copy(sys.argv[1], sys.argv[2])
c = sqlite3.connect(sys.argv[2], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
teachers = {}
with open(sys.argv[3], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        duty = row["kind"] == "duty"
        cur = c.execute("INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance,"
                        " duty_kind, activity, note, created_at, updated_at)"
                        " VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (str(uuid.uuid4()), row["kind"], (row["start"] or row["date"] + " 00:00") + ":00",
                         int(row["minutes"]), row["date"], int(bool(row["start"])), row["stance"] or None,
                         row["activity"] if duty else None, None if duty else row["activity"] or None,
                         row["note"] or None, "2026-06-10 13:30:00", "2026-06-10 13:30:00"))
        for position, name in enumerate(filter(None, row["teachers"].split("; "))):
            if name not in teachers:
                teachers[name] = c.execute("INSERT INTO teacher (owner, name, name_key, created_at)"
                                           " VALUES ('bench', ?, ?, ?)",
                                           (name, name.casefold(), "2026-06-10 13:30:00")).lastrowid
            c.execute("INSERT INTO entry_teacher VALUES (?, ?, ?)", (cur.lastrowid, teachers[name], position))
c.execute("COMMIT")
"""
# Each timed import starts from a copy of an empty database, so it measures the import, not the schema's creation.
IMPORT_FRESH = 'cp "$1" "$2" && rm -f "$2-wal" "$2-shm" && shift 2 && exec "$@"'
FLOOR_EXPORT = """
import csv, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    for row in c.execute("SELECT e.*, (SELECT group_concat(t.name, '; ') FROM entry_teacher et JOIN teacher t"
                         " ON t.id = et.teacher_id WHERE et.entry_id = e.id) FROM entry e ORDER BY local_date, start_utc"):
        w.writerow(row)
"""


def row(label: str, size: int, ms: float, mib: float, floor_ms: float, target: float | None) -> None:
    ratio = ms / floor_ms
    verdict = "" if target is None else f"≤{target:g} " + ("ok" if ratio <= target else "OVER")
    print(f"{label:<38}{size:>10,}{ms:>10.0f}{mib:>9.1f}{floor_ms:>9.0f}{ratio:>8.1f}  {verdict}", flush=True)


def main() -> None:
    """Long because it lists every case of the benchmark in one table, as the README shows them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs from 1M entries (default: 3)")
    parser.add_argument("--only", nargs="+", metavar="WORDS", help="only the commands whose label holds one of these")
    args = parser.parse_args()
    command = shutil.which("coachlog", path=os.path.dirname(sys.executable)) or shutil.which("coachlog")
    coachlog = [command] if command else [sys.executable, "-m", "coachlog"]
    python = [sys.executable]
    print(f"coachlog benchmark · {clock.date.today()} · Python {platform.python_version()} · {platform.machine()}"
          f" · {os.cpu_count()} cores")  # fmt: skip
    print(f"{'command':<38}{'entries':>10}{'ms':>10}{'MiB':>9}{'floor ms':>9}{'× floor':>8}  target")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {  # without PYTHONDONTWRITEBYTECODE: the warm-up writes the .pyc files an installed coachlog has
            **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
            "COACHLOG_CONFIG": str(work / "config.toml"),
            "COACHLOG_TIMEZONE": "America/New_York",
            "COACHLOG_NOW": NOW.isoformat(),
            "PAGER": "cat",
        }
        for size in args.sizes:
            runs = args.big_runs if size >= 1_000_000 else args.runs
            source, built = cached(size)
            db = work / f"bench-{size}.db"
            shutil.copyfile(source, db)
            open_store(db).close()  # brings an older cached database to the schema of this coachlog
            run_env = {**env, "COACHLOG_DB": str(db)}
            out = str(work / "export.csv")
            big = 4 if size >= 1_000_000 else None
            cases = [
                ("coachlog --help", ["--help"], ["-c", "pass"], 5, False),
                ("coachlog --version", ["--version"], ["-c", "pass"], 5, False),
                ("coachlog add", ["add", "Ms. Rivera", "coaching", "30", "--at", "09:00"], ["-c", FLOOR_ADD, str(db)],
                 3, False),
                ("coachlog add (a new teacher)", None, ["-c", FLOOR_ADD_NEW, str(db)], None, False),
                ("coachlog report --term", ["report", "--term"], ["-c", FLOOR_REPORT, str(db)], 3, False),
                ("coachlog report --term (terminal)", ["report", "--term"], ["-c", FLOOR_REPORT, str(db)], None, True),
                ("coachlog log --week", ["log", "--week"], ["-c", FLOOR_LOG, str(db)], 3, False),
                ("coachlog log --week (terminal)", ["log", "--week", "--no-pager"], ["-c", FLOOR_LOG, str(db)], None,
                 True),
                *[(f"coachlog summary ({f})", ["summary", "-f", f], ["-c", FLOOR_REPORT, str(db)], big, False)
                  for f in ("text", "markdown", "html", "json")],
                ("coachlog summary (terminal)", ["summary"], ["-c", FLOOR_REPORT, str(db)], big, True),
                ("coachlog export -o FILE", ["export", "-o", out], ["-c", FLOOR_EXPORT, str(db), out], 2.5, False),
            ]  # fmt: skip
            cases = [case for case in cases if not args.only or any(word in case[0] for word in args.only)]
            for label, coachlog_args, floor_args, target, terminal in cases:
                argv = ["/bin/sh", "-c", ADD_NEW, "sh", *coachlog, "add"] if coachlog_args is None else [
                    *coachlog, *coachlog_args]  # fmt: skip
                (ms, mib), (floor_ms, _) = measure([argv, [*python, *floor_args]], run_env, runs, work, terminal)
                row(label, size, ms, mib, floor_ms, target)
            if args.only and not any(word in "coachlog import FILE (empty db)" for word in args.only):
                db.unlink()
                continue
            # import: coachlog's own export of this database into an empty one (a day later, so none is "future")
            exported, empty, target_db = work / f"import-{size}.csv", work / "empty.db", work / "imported.db"
            subprocess.run([*coachlog, "export", "-o", str(exported)], env=run_env, check=True, capture_output=True)
            if not empty.exists():
                open_store(empty).close()
            later_env = {**run_env, "COACHLOG_NOW": (NOW + timedelta(days=1)).isoformat()}
            fresh = ["/bin/sh", "-c", IMPORT_FRESH, "sh", str(empty), str(target_db)]
            argv = [*fresh, *coachlog, "--db", str(target_db), "import", str(exported)]
            floor = [*python, "-c", FLOOR_IMPORT, str(empty), str(target_db), str(exported)]
            (ms, mib), (floor_ms, _) = measure([argv, floor], later_env, runs, work)
            row("coachlog import FILE (empty db)", size, ms, mib, floor_ms, 2.5)
            db.unlink()
            for leftover in (exported, target_db):
                leftover.unlink(missing_ok=True)
            if built:
                print(f"{'(built the database in)':<38}{size:>10,}{built * 1000:>10.0f}")


if __name__ == "__main__":
    main()
