"""`coachlog summary`: the same figures in every format, equal to `report`; confidential by construction."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from contextlib import closing
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coachlog.domain.timeparse import format_minutes
from helpers import Run, table_dump, text_tables

STANCES = ("consulting", "collaborating", "coaching")
BAR = set("█·")


# ---- reading each format back into tables ------------------------------------------------------


class _HtmlTables(HTMLParser):
    """Every <table> row's cell texts, and the key-figure tiles as [name, value] rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._tile: list[str] | None = None
        self._in_tile_part = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("style", "title", "svg"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "div" and "figures" in classes.split():
            self.tables.append([])
        elif tag == "div" and "figure" in classes.split():
            self._tile = []
        elif tag in ("b", "span") and self._tile is not None:
            self._in_tile_part = True
            self._tile.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "svg"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag in ("b", "span") and self._tile is not None:
            self._in_tile_part = False
        elif tag == "div" and self._tile is not None:
            value, name = self._tile
            self.tables[-1].append([name, value])
            self._tile = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        elif self._tile is not None and self._in_tile_part:
            self._tile[-1] += data


def html_tables(page: str) -> list[list[list[str]]]:
    parser = _HtmlTables()
    parser.feed(page)
    return [table for table in parser.tables if table]


def markdown_tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            if not set(line) <= set("|-: "):
                tables[-1].append([cell.strip().replace("\\|", "|") for cell in line[1:-1].split("|")])
        previous = line
    return tables


def normalised(tables: list[list[list[str]]]) -> list[list[list[str]]]:
    """Rows as every format shows them: no heading rows, no text bars (HTML draws charts), no empty cells.

    The duties table is left out: HTML shows it as one line (checked on its own).
    """
    return [
        [[cell for cell in row if cell and not set(cell) <= BAR] for row in table[1:]]
        for table in tables
        if table[0] != ["duty", "time"]
    ]


def key_figures(tables: list[list[list[str]]]) -> dict[str, str]:
    return dict((row[0], row[1]) for row in tables[0] if len(row) == 2)


def rows_by_first_cell(tables: list[list[list[str]]], heading: str) -> dict[str, list[str]]:
    for table in tables:
        if table and table[0] and table[0][0] == heading:
            return {row[0]: row for row in table[1:]}
    raise AssertionError(f"no table headed {heading!r}")


def all_formats(ok: Run, *args: str) -> dict[str, str]:
    return {fmt: ok("summary", "--format", fmt, *args).stdout for fmt in ("markdown", "html", "text", "json")}


def tables_of(outputs: dict[str, str]) -> dict[str, list[list[list[str]]]]:
    html_view = html_tables(outputs["html"])
    html_view[0].insert(0, ["figure", "value"])  # the tiles have no heading row
    return {
        "markdown": markdown_tables(outputs["markdown"]),
        "html": html_view,
        "text": text_tables(outputs["text"]),
    }


@pytest.fixture
def demo(ok: Run) -> None:
    ok("demo")


# ---- the same figures everywhere, equal to `report`'s summed from the shared units -------------


def shared_report(ok: Run, *range_args: str) -> dict:
    """The figures a shared summary must show, worked out here from the exported entries: session time summed
    per day, stance, activity and in a coaching cycle or not, each such unit rounded by its entries' smallest uid
    (the one function reused
    is the rounding of one number, tested on its own in tests/reports/test_rounding.py)."""
    from collections import defaultdict

    from coachlog.domain.values import SessionAtom
    from coachlog.reports.rounding import round_minutes, rounding_offset

    entries = json.loads(ok("export", "--format", "json", *range_args).stdout)
    with closing(sqlite3.connect(_db_path())) as db:
        uids = dict(db.execute("SELECT id, uid FROM entry"))
        in_cycle = {row[0] for row in db.execute("SELECT id FROM entry WHERE cycle_id IS NOT NULL")}
    units: dict[tuple[str, str, str, bool], list] = defaultdict(lambda: [0, []])
    duties: dict[str, int] = defaultdict(int)
    prep = 0  # coaching work without a teacher: exact, like duties (the demo has some)
    for entry in entries:
        if entry["kind"] == "duty":
            duties[entry["activity"]] += entry["minutes"]
            continue
        if entry["kind"] == "prep":
            prep += entry["minutes"]
            continue
        unit = units[(entry["date"], entry["stance"], entry["activity"] or "", entry["id"] in in_cycle)]
        unit[0] += entry["minutes"]
        unit[1].append(uids[entry["id"]])
    stances: dict[str, int] = defaultdict(int)
    activities: dict[str, int] = defaultdict(int)
    for (day, stance, activity, cycle), (minutes, seeds) in units.items():
        atom = SessionAtom(date.fromisoformat(day), stance, activity, minutes, len(seeds), min(seeds), cycle)
        minutes = round_minutes(minutes, rounding_offset(atom, 30), 30)
        stances[stance] += minutes
        activities[activity] += minutes
    with_teachers = sum(stances.values())
    return {
        "minutes": with_teachers,
        "logged_minutes": with_teachers + sum(duties.values()) + prep,
        "duty_minutes": sum(duties.values()),
        "stances": stances,
        "activities": activities,
        "sessions": sum(1 for e in entries if e["kind"] == "session"),
    }


def _db_path() -> str:
    import os

    return os.environ["COACHLOG_DB"]


def test_every_format_shows_the_same_figures_summed_from_the_shared_units(ok: Run, demo: None) -> None:
    """Markdown, HTML and text hold the same tables; their times are the exported entries' summed from the
    rounded units, and their counts and duties are `report --term --format json`'s exactly."""
    outputs = all_formats(ok)
    tables = tables_of(outputs)
    assert normalised(tables["markdown"]) == normalised(tables["html"]) == normalised(tables["text"])

    report = json.loads(ok("report", "--term", "--format", "json").stdout)
    period = report["period"]
    expected = shared_report(ok, "--from", period["start"], "--to", period["end"])
    totals = report["totals"]
    for name, view in tables.items():
        figures = key_figures(view)
        assert figures["Hours logged"] == format_minutes(expected["logged_minutes"]), name
        assert figures["Hours with teachers"] == format_minutes(expected["minutes"]), name
        assert figures["Sessions"] == str(totals["sessions"]) == str(expected["sessions"]), name
        assert figures["Teachers reached"].split(" of ")[0] == str(totals["teachers"]), name  # of the demo's roster
        assert figures["Duty hours"] == format_minutes(totals["duty_minutes"]), name
        duty_share = round(100 * totals["duty_minutes"] / expected["logged_minutes"], 1)
        assert figures["Duty share of logged time"] == f"{duty_share:g}%", name

        stances = rows_by_first_cell(view, "stance")
        shown = 0
        for stance in STANCES:
            row = stances[stance]
            if "fewer than" not in row[1] and row[1] != "hidden":
                minutes = expected["stances"][stance]
                share = round(100 * minutes / expected["minutes"], 1)
                assert row[1:3] == [format_minutes(minutes), f"{share:g}%"], name
                shown += 1
        assert shown >= 2  # the demo term is big enough to show most of the mix

        weeks = rows_by_first_cell(view, "week of")
        assert list(weeks) == [week["start"] for week in report["weeks"]]
        for week in report["weeks"]:
            cells = [cell for cell in weeks[week["start"]] if not set(cell) <= BAR]  # no text bar
            assert cells[-1] == format_minutes(week["duties"]), name  # duties describe no teacher: always shown

        activities = rows_by_first_cell(view, "activity")
        for activity, minutes in expected["activities"].items():
            row = activities[activity or "(none given)"]
            if row[1] not in ("hidden", "fewer than 5"):
                assert row[1] == format_minutes(minutes), name
                assert row[2] == f"{round(100 * minutes / expected['minutes'], 1):g}%", name

    for kind, minutes in report["duties"].items():
        assert f"{kind} <b>{format_minutes(minutes)}</b>" in outputs["html"]
        assert rows_by_first_cell(tables["markdown"], "duty")[kind][1] == format_minutes(minutes)

    data = json.loads(outputs["json"])
    assert data["totals"]["minutes"] == expected["minutes"]
    assert data["totals"]["logged_minutes"] == expected["logged_minutes"]
    assert {k: data["totals"][k] for k in ("sessions", "teachers", "duty_minutes")} == {
        k: totals[k] for k in ("sessions", "teachers", "duty_minutes")
    }
    assert data["duties"] == report["duties"]


def test_a_unit_of_many_teachers_is_rounded_too_so_a_session_added_to_it_stays_hidden(ok: Run) -> None:
    """Review finding: a unit about 5 teachers or more was exact, so two summaries either side of one more
    session in it (a 17-minute one-teacher chat after a PLC, same day, stance and activity) differed by
    exactly 17 minutes. Every unit is rounded now; the coach's own report stays exact."""
    others = [arg for name in ("Bob B", "Cat C", "Dan D", "Eve E") for arg in ("--with", name)]
    ok("add", "Ann A", "collab", "60m", *others, "--at", "2026-11-23 09:00", "-a", "planning")
    day = ("--from", "2026-11-23", "--to", "2026-11-23")
    first = json.loads(ok("summary", "--format", "json", *day).stdout)["totals"]["minutes"]
    ok("add", "Fay F", "collab", "17m", "--at", "2026-11-23 14:00", "-a", "planning")
    second = json.loads(ok("summary", "--format", "json", *day).stdout)["totals"]["minutes"]
    exact = [json.loads(ok("report", *day, "--format", "json").stdout)["totals"]["minutes"]]
    assert exact == [77]
    assert first % 30 == 0 and second % 30 == 0 and second - first != 17


def test_a_short_session_that_rounds_to_nothing_is_not_called_nothing_logged(ok: Run) -> None:
    """Review finding: "Nothing logged yet" and the comparison's presence were decided from rounded minutes,
    so a 10-minute session whose unit rounded to 0 showed as nothing logged. They come from counts now."""
    ok("add", "Ann A", "consulting", "1m", "--at", "2026-11-16 09:00")
    for args in (("--from", "2026-11-16", "--to", "2026-11-16"), ("--from", "2026-11-16", "--to", "2026-11-18")):
        page = ok("summary", *args).stdout
        assert "Nothing logged yet" not in page and "fewer than 5" in page
    ok("add", "Bob B", "consulting", "1m", "--at", "2026-11-23 09:00")
    data = json.loads(ok("summary", "--week", "--format", "json").stdout)
    assert data["previous"] is not None  # the week before (to the same weekday) had a session, however rounded


def test_text_in_a_pipe_is_plain_and_markdown_has_no_html_or_escapes(ok: Run, demo: None) -> None:
    """Piped text has no ANSI codes; Markdown pastes cleanly: no tags, no escapes."""
    outputs = all_formats(ok)
    for fmt in ("markdown", "text"):
        assert "\x1b" not in outputs[fmt]
    assert not re.search(r"<[a-zA-Z/][^>]*>", outputs["markdown"])
    assert outputs["markdown"].startswith("# Coaching summary")


def test_sections_come_in_the_promised_order(ok: Run, demo: None) -> None:
    """Heading, key figures, stance mix, protected time, trend, comparison, activities, voices."""
    ok("term", "add", "Summer 2026", "2026-06-01", "2026-08-14")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-06-10 10:00")
    text = ok("summary").stdout
    order = ["# Coaching summary", "## Key figures", "## Stance mix", "## Protected time", "## Week by week",
             "## Compared with the period before", "## Activities", "## Voices and stories"]  # fmt: skip
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "made 2026-11-23" in text


def test_heading_names_coach_school_and_reach_out_of_the_staff(ok: Run, demo: None) -> None:
    """Coach and school from config in the heading; reach as 'N of staff': the roster's staff in the period (the
    demo has a roster of 34), which the `staff` setting does not override (it is the fallback without one)."""
    ok("config", "set", "coach", "Sam Lee")
    ok("config", "set", "school", "Lincoln Elementary")
    ok("config", "set", "staff", "48")
    text = ok("summary").stdout
    assert text.startswith("# Coaching summary — Sam Lee, Lincoln Elementary")
    reached = json.loads(ok("report", "--term", "--format", "json").stdout)["totals"]["teachers"]
    assert f"| Teachers reached | {reached} of 34 ({round(100 * reached / 34)}%) |" in text


# ---- the browser -------------------------------------------------------------------------------


def chromium() -> str:
    import os
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("COACHLOG_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (COACHLOG_REQUIRE_BROWSER) but is not installed")
        pytest.skip("needs Debian's chromium (.ci/run installs it)")
    return found


def browse(page: Path, tmp_path: Path, *, screenshot: Path | None = None, dump: bool = False) -> tuple[str, list]:
    """Load `page` in headless Chromium; return the DOM it built and the requests the page itself made."""
    import subprocess

    net_log = tmp_path / "net.json"
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={net_log}", "--window-size=900,2400",
        "--hide-scrollbars", "--virtual-time-budget=2000",
    ]  # fmt: skip
    command += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*command, page.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    log = json.loads(net_log.read_text())
    starts = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    # The browser's own housekeeping has no initiator ("not an origin"); what a page asks for has one.
    made = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == starts and "url" in params and params.get("initiator") != "not an origin":
            made.append(params["url"])
    return done.stdout, made


def test_the_html_page_renders_with_charts_and_makes_no_request(ok: Run, demo: None, tmp_path: Path) -> None:
    """Headless Chromium draws a non-blank page with both charts; the figures are in its text; nothing is fetched."""
    from PIL import Image

    page = tmp_path / "summary.html"
    ok("summary", "--format", "html", "-o", str(page))
    shot = tmp_path / "summary.png"
    _, requests = browse(page, tmp_path, screenshot=shot)
    assert requests == []
    # The page's CSP would block a fetch before the net log saw it: check the page without it too.
    open_page = tmp_path / "without-csp.html"
    open_page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text()))
    assert "Content-Security-Policy" not in open_page.read_text()
    _, requests = browse(open_page, tmp_path / "open")
    assert requests == []
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the page looks blank"
    painted = {colour for _, colour in colours}
    for stance_colour in ("#9cc3e6", "#3d7cc0", "#173f6d"):  # charts.COLOURS: the bars were drawn
        assert tuple(int(stance_colour[i : i + 2], 16) for i in (1, 3, 5)) in painted, stance_colour
    white = sum(count for count, colour in colours if colour == (255, 255, 255))
    assert white < 0.97 * image.width * image.height

    dom, requests = browse(page, tmp_path / "dom")
    assert requests == []
    report = json.loads(ok("summary", "--format", "json").stdout)["totals"]  # the shared figures
    text = re.sub(r"<[^>]+>", " ", dom)
    for figure in (
        format_minutes(report["logged_minutes"]),
        format_minutes(report["minutes"]),
        str(report["sessions"]),
        str(report["teachers"]),
        format_minutes(report["duty_minutes"]),
        f"{report['duty_percent']:g}%",
    ):
        assert f" {figure} " in f" {' '.join(text.split())} ", figure
    assert dom.count("<svg") == 2 and "stance-chart" in dom and "trend-chart" in dom


def test_the_request_check_would_see_a_page_that_fetches(tmp_path: Path) -> None:
    """The check above can fail: a page with a remote image shows up as a request made by the page."""
    page = tmp_path / "fetching.html"
    page.write_text('<!DOCTYPE html><p>hi</p><img src="http://127.0.0.1:9/pixel.png">')
    _, requests = browse(page, tmp_path)
    assert requests == ["http://127.0.0.1:9/pixel.png"]


def test_the_html_is_self_contained(ok: Run, demo: None) -> None:
    """No script, no link, no image, no URL: inline CSS and SVG only, with a CSP that forbids fetching."""
    page = ok("summary", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "http:", "https:", "src=", "href="):
        assert forbidden not in page.lower(), forbidden
    assert not re.search(r"url\((?!#)", page)  # only references inside the page: url(#duty-hatch)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert '<meta name="viewport"' in page and "@media print" in page


def test_charts_say_their_numbers_in_text(ok: Run, demo: None) -> None:
    """Each chart has a title and a description with every stance share, for screen readers and print."""
    page = ok("summary", "--format", "html").stdout
    data = json.loads(ok("summary", "--format", "json").stdout)
    stance_desc = re.search(r'<desc id="stance-chart-desc">([^<]*)</desc>', page)
    assert stance_desc
    for stance, figure in data["stances"].items():
        if figure["percent"] is not None:
            assert f"{stance} {figure['percent']:g}%" in stance_desc.group(1)
            assert f'data-stance="{stance}" data-percent="{figure["percent"]:g}"' in page
    trend_desc = re.search(r'<desc id="trend-chart-desc">([^<]*)</desc>', page)
    assert trend_desc and all(f"week of {week['start']}" in trend_desc.group(1) for week in data["weeks"])
    drawn = sum(int(m) for m in re.findall(r'class="bar duty" data-week="[^"]+" data-minutes="(\d+)"', page))
    assert drawn == data["totals"]["duty_minutes"]


# ---- confidential by default ----------------------------------------------------------------------


def database_texts(path: Path, sql: str) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute(sql) if row[0]}


def test_no_teacher_name_and_no_note_in_any_format_without_names(ok: Run, demo: None, db_path: Path) -> None:
    """Every teacher's name (and surname) and every note in the database is absent from every format."""
    names = database_texts(db_path, "SELECT name FROM teacher")
    notes = database_texts(db_path, "SELECT note FROM entry")
    assert len(names) > 20 and len(notes) > 20
    surnames = {name.split()[-1] for name in names}
    for fmt, text in all_formats(ok).items():
        for name in names | surnames:
            assert not re.search(rf"\b{re.escape(name)}\b", text), (fmt, name)
        for note in notes:
            assert note not in text, (fmt, note)


def test_names_only_when_asked_and_notes_never(ok: Run, demo: None, db_path: Path) -> None:
    """--names shows who was reached and who said what; notes stay out even then."""
    notes = database_texts(db_path, "SELECT note FROM entry")
    for fmt, text in all_formats(ok, "--names").items():
        assert "Ms. Rivera" in text, fmt
        assert not any(note in text for note in notes), fmt


@pytest.fixture
def voices(ok: Run) -> None:
    """Answers and stories, some shared with consent and some not, each text unique."""
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    ok("add", "Ms. Rivera", "coach", "40", "--at", "2026-11-16 09:00", "-n", "NOTE-ONE private",
       "--helpful", "SHARED-ANSWER the video", "--story", "SHARED-STORY she led it", "--shareable")  # fmt: skip
    ok("add", "Mr. Okafor", "coach", "30", "--at", "2026-11-17 09:00", "-n", "NOTE-TWO private",
       "--helpful", "PRIVATE-ANSWER not agreed", "--story", "PRIVATE-STORY not agreed")  # fmt: skip
    ok("add", "Dana Lee", "collab", "30", "--at", "2026-11-18 09:00", "--story", "WITHDRAWN-STORY", "--shareable")
    ok("edit", "3", "--not-shareable")


def test_only_shareable_answers_and_stories_appear_and_without_names(ok: Run, voices: None) -> None:
    """Unshared or withdrawn stories never appear; shared ones appear without a name or date unless --names."""
    for fmt, text in all_formats(ok).items():
        assert "SHARED-ANSWER the video" in text and "SHARED-STORY she led it" in text, fmt
        for secret in ("PRIVATE-ANSWER", "PRIVATE-STORY", "WITHDRAWN-STORY", "NOTE-ONE", "NOTE-TWO", "Rivera"):
            assert secret not in text, (fmt, secret)
        if fmt == "json":
            assert all(set(voice) == {"helpful", "story"} for voice in json.loads(text)["voices"])
        else:
            assert "2026-11-16" not in re.split("voices and stories", text, flags=re.I)[-1], fmt
    for fmt, text in all_formats(ok, "--names").items():
        assert "Ms. Rivera" in text and "SHARED-STORY" in text, fmt
        assert "PRIVATE-STORY" not in text and "NOTE-ONE" not in text, fmt


@pytest.fixture
def small_activity(ok: Run) -> None:
    """Twelve teachers; 'modeling' with only two of them, 'observing' and 'planning' with more."""
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    day = 2
    for n in range(12):
        activity = "modeling" if n < 2 else "observing" if n < 7 else "planning"
        ok("add", f"Teacher {n:02}", "coach", str(20 + 5 * n), "-a", activity, "--at", f"2026-11-{day:02} 09:00")
        day += 1


def test_a_small_group_is_hidden_and_cannot_be_derived_from_the_totals(
    ok: Run, small_activity: None, db_path: Path
) -> None:
    """'modeling' (2 teachers) shows as 'fewer than 5'; another activity is hidden too, so that what the
    total gives away (the hidden cells together) describes at least 5 teachers."""
    data = json.loads(ok("summary", "--format", "json").stdout)
    rows = {a["activity"]: a for a in data["activities"]}
    assert rows["modeling"]["minutes"] is None and rows["modeling"]["hidden"] == "fewer"
    hidden = [name for name, row in rows.items() if row["minutes"] is None]
    assert len(hidden) >= 2
    with closing(sqlite3.connect(db_path)) as connection:
        described = {
            teacher
            for (teacher,) in connection.execute(
                "SELECT DISTINCT et.teacher_id FROM entry e JOIN entry_teacher et ON et.entry_id = e.id"
                f" WHERE e.activity IN ({', '.join('?' * len(hidden))})",
                hidden,
            )
        }
    assert len(described) >= 5
    shown = sum(row["minutes"] for row in rows.values() if row["minutes"] is not None)
    assert data["totals"]["minutes"] - shown > 0  # what can be worked out is the hidden ones together
    for fmt, text in all_formats(ok).items():
        if fmt != "json":
            assert "fewer than 5" in text and "hidden" in text, fmt
            modeling_minutes = sum(20 + 5 * n for n in range(2))
            assert format_minutes(modeling_minutes) not in text.split("Activities")[-1], fmt


def test_hidden_activities_come_last_by_name_never_placed_by_their_time(ok: Run, small_activity: None) -> None:
    """Issue 12: sorted by true time, a hidden row's place bounded its value by its neighbours ('planning',
    hidden, first meant at least the next shown row's time). Shown rows go by time, hidden ones after, by name."""
    data = json.loads(ok("summary", "--format", "json").stdout)
    order = [(row["minutes"] is None, row["activity"]) for row in data["activities"]]
    shown = [row["minutes"] for row in data["activities"] if row["minutes"] is not None]
    assert [hidden for hidden, _ in order] == sorted(hidden for hidden, _ in order)  # every hidden row last
    assert shown == sorted(shown, reverse=True)
    hidden_names = [name for hidden, name in order if hidden]
    assert hidden_names == sorted(hidden_names) and len(hidden_names) >= 2
    markdown = ok("summary", "--format", "markdown").stdout.split("Activities")[-1]
    positions = [markdown.index(f"| {name} |") for _, name in order]
    assert positions == sorted(positions)


def test_the_threshold_comes_from_config(ok: Run, small_activity: None) -> None:
    """privacy.min_group 2 lets the two-teacher activity show; 6 hides the five-teacher one as well."""
    ok("config", "set", "privacy.min_group", "2")
    rows = {a["activity"]: a for a in json.loads(ok("summary", "--format", "json").stdout)["activities"]}
    assert rows["modeling"]["minutes"] == shared_report(ok, "--all")["activities"]["modeling"]
    assert rows["modeling"]["minutes"] in range(45 - 60 + 1, 45 + 60)  # two one-teacher days, each rounded to 30
    ok("config", "set", "privacy.min_group", "6")
    data = json.loads(ok("summary", "--format", "json").stdout)
    rows = {a["activity"]: a for a in data["activities"]}
    assert rows["observing"]["hidden"] == "fewer" and data["privacy"]["min_group"] == 6
    assert "fewer than 6" in ok("summary").stdout


# ---- targets, empty periods, the period before, files ------------------------------------------


def test_targets_show_their_differences_and_none_invent_nothing(ok: Run, demo: None) -> None:
    """With targets: each difference in every format; without: no target column at all."""
    for fmt, text in all_formats(ok).items():
        assert "target" not in text.lower() or fmt == "json", fmt
    assert all(s["target"] is None for s in json.loads(ok("summary", "-f", "json").stdout)["stances"].values())
    ok("config", "set", "target.coaching", "40")
    ok("config", "set", "target.with_teachers", "70")
    data = json.loads(ok("summary", "--format", "json").stdout)
    coaching = data["stances"]["coaching"]
    assert coaching["difference"] == round(coaching["percent"] - 40, 1)
    expected = f"{coaching['difference']:+g} pts"
    with_teachers = data["totals"]["with_teachers_percent"]
    for fmt, text in all_formats(ok).items():
        if fmt != "json":
            assert expected in text, fmt
            assert f"(target 70%, {round(with_teachers - 70, 1):+g} pts)" in text, fmt


def test_an_empty_period_is_a_short_friendly_summary(ok: Run, db_path: Path) -> None:
    """No entries in the range: exit 0, a short page that says so, in every format; nothing divides by zero."""
    for fmt in ("markdown", "html", "text"):
        text = ok("summary", "--week", "--format", fmt).stdout
        assert "nothing logged yet" in text.lower() and "No sessions or duties were logged" in text
        assert len(text.splitlines()) < 40 or fmt == "html"
    data = json.loads(ok("summary", "--week", "--format", "json").stdout)
    assert data["totals"]["logged_minutes"] == 0 and data["totals"]["duty_percent"] == 0


def test_without_a_term_the_default_says_how_to_add_one(run: Run) -> None:
    """The default range is the current term; with none defined, one line says what to do (exit 2)."""
    result = run("summary")
    assert result.exit_code == 2 and "coachlog term add" in result.stderr and result.stderr.count("\n") == 1


def test_compared_with_the_previous_term(ok: Run) -> None:
    """A term is compared with the term before: hours, reach and stance shares, with the changes."""
    ok("term", "add", "Term 1", "2026-09-01", "2026-10-16")
    ok("term", "add", "Term 2", "2026-10-19", "2026-12-18")
    for n in range(6):
        ok("add", f"Teacher {n}", "coach", "30", "--at", f"2026-10-0{n + 1} 09:00")
    for n in range(8):
        ok("add", f"Teacher {n}", "collab", "60", "--at", f"2026-11-{n + 10} 09:00")
    data = json.loads(ok("summary", "--format", "json").stdout)
    assert data["period"]["label"] == "Term 2"
    before = data["previous"]
    assert (before["label"], before["minutes"], before["teachers"]) == ("Term 1, to the same point", 180, 6)
    assert (before["start"], before["end"]) == ("2026-09-01", "2026-10-06")  # as many days as Term 2 has run
    assert before["stance_change"] == {"consulting": 0.0, "collaborating": 100.0, "coaching": -100.0}
    text = ok("summary").stdout
    assert "Against Term 1, to the same point (2026-09-01 to 2026-10-06)." in text
    assert "| Hours with teachers | 3h | 8h | +5h |" in text
    assert "| Teachers reached | 6 | 8 | +2 |" in text


def test_a_month_is_compared_with_the_month_before(ok: Run) -> None:
    """--month (November, running) meets October up to the same day; a finished month the whole one before."""
    ok("add", "Teacher 1", "coach", "20", "--at", "2026-10-05 09:00")
    data = json.loads(ok("summary", "--month", "--format", "json").stdout)
    assert (data["previous"]["start"], data["previous"]["end"]) == ("2026-10-01", "2026-10-23")
    assert data["previous"]["label"] == "October 2026, to the same point"
    from coachlog.domain.periods import Period, previous_period

    march = Period(date(2026, 3, 1), date(2026, 3, 31), "March 2026")
    assert previous_period(march, [], date(2026, 11, 23)) == Period(
        date(2026, 2, 1), date(2026, 2, 28), "February 2026"
    )


def test_a_range_is_compared_with_as_many_days_before(ok: Run) -> None:
    """--from/--to compares with the same number of days just before."""
    for day in ("2026-11-02", "2026-11-09"):
        for n in range(5):
            ok("add", f"Teacher {n}", "coach", "20", "--at", f"{day} {9 + n}:00")
    data = json.loads(ok("summary", "--from", "2026-11-09", "--to", "2026-11-15", "--format", "json").stdout)
    assert data["previous"]["label"] == "the week before" and data["previous"]["start"] == "2026-11-02"


def test_output_file_is_owner_only_and_the_database_is_untouched(
    ok: Run, demo: None, db_path: Path, tmp_path: Path
) -> None:
    """-o writes the file 0600 and says where; a summary changes nothing in the database but the record of what
    it shared (summary_record: the entries whose answers or stories it showed, for `consent where`)."""
    before = table_dump(db_path)
    target = tmp_path / "out" / "summary.html"
    target.parent.mkdir()
    result = ok("summary", "--format", "html", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert str(target) in result.stderr and result.stdout == ""
    after = table_dump(db_path)
    (record,) = after.pop("summary_record")
    assert str(target) in record and "html" in record and before.pop("summary_record") == []
    assert after == before


def test_bad_format_is_one_line_and_writes_nothing(run: Run, demo: None, tmp_path: Path) -> None:
    result = run("summary", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "'pdf'" in result.stderr and "markdown" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_period_with_too_few_teachers_shows_no_breakdown(ok: Run) -> None:
    """Two teachers all week: the stance, week and activity figures would equal the totals, so none is shown."""
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    ok("add", "Ann Alpha", "coaching", "90", "--at", "2026-11-17 09:00", "-a", "modeling")
    ok("add", "Bob Beta", "coaching", "30", "--at", "2026-11-18 09:00", "-a", "modeling")
    data = json.loads(ok("summary", "--last-week", "--format", "json").stdout)
    assert data["totals"]["minutes"] is None and data["totals"]["teachers"] is None
    assert all(s["minutes"] is None and s["percent"] is None for s in data["stances"].values())
    assert all(w["with_teachers"] is None and all(w[s] is None for s in STANCES) for w in data["weeks"])
    assert data["activities"] == []
    for fmt, text in all_formats(ok, "--last-week").items():
        if fmt != "json":
            mix = re.split("protected time", re.split("stance mix", text, flags=re.I)[1], flags=re.I)[0]
            assert "modeling" not in text and "0m" not in mix and "%" not in mix, fmt
            assert "covers fewer than 5 teachers" in text, fmt


def test_a_small_period_before_is_not_shown_through_the_comparison(ok: Run) -> None:
    """The period before covered two teachers: its stance shares and their changes are not shown."""
    ok("add", "Ann Alpha", "coaching", "90", "--at", "2026-11-16 09:00")
    ok("add", "Bob Beta", "coaching", "30", "--at", "2026-11-16 11:00")
    for i in range(6):
        ok("add", f"T{i}", "collab", "30", "--at", f"2026-11-23 0{i + 1}:00")
    data = json.loads(ok("summary", "--week", "--format", "json").stdout)
    before = data["previous"]
    assert before["teachers"] is None and before["minutes"] is None and before["logged_minutes"] is None
    assert before["teachers_change"] is None and before["minutes_change"] is None
    assert all(v is None for v in before["stance_percent"].values())
    assert all(v is None for v in before["stance_change"].values())
    text = ok("summary", "--week").stdout
    for stance in STANCES:
        assert f"| {stance} share | not shown |" in text


def test_a_day_with_one_teacher_shows_no_key_figure_about_them(ok: Run) -> None:
    """Issue 12, item 2: a one-teacher day showed "Hours with teachers 40m / Sessions 1 / Teachers reached 1"
    while its own week table called that figure "fewer than 5". Now every key figure that describes the
    teacher says so, in every format; duties, which describe no teacher, still show."""
    ok("add", "Ann Alpha", "coaching", "40m", "--at", "2026-11-17 09:00")
    ok("duty", "cover", "25m", "--at", "2026-11-17 13:00")
    data = json.loads(ok("summary", "--from", "2026-11-17", "--to", "2026-11-17", "--format", "json").stdout)
    totals = data["totals"]
    for figure in ("logged_minutes", "minutes", "sessions", "teachers", "duty_percent", "with_teachers_percent"):
        assert totals[figure] is None, figure
    assert totals["duty_minutes"] == 25 and totals["hidden"] == "fewer"
    outputs = all_formats(ok, "--from", "2026-11-17", "--to", "2026-11-17")
    for fmt, view in tables_of(outputs).items():
        text = outputs[fmt]
        figures = key_figures(view)
        for name in ("Hours logged", "Hours with teachers", "Sessions", "Teachers reached"):
            assert figures[name] == "fewer than 5", (fmt, name)
        assert figures["Duty hours"] == "25m", fmt
        assert "40m" not in text and "1h05m" not in text, fmt


def test_a_term_of_few_teachers_shows_nothing_about_them_through_the_comparison(ok: Run) -> None:
    """Issue 12, item 3: the term summary's "Compared with the period before" printed the term's and the
    previous term's figures and "Teachers reached 1". Either side about fewer than 5 teachers: not shown."""
    ok("term", "add", "Spring", "2026-01-05", "2026-06-19")
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    for i in range(6):
        ok("add", f"T{i}", "collab", "30", "--at", f"2026-03-0{i + 2} 09:00")
    ok("add", "Ann Alpha", "coaching", "50m", "--at", "2026-11-17 09:00")
    data = json.loads(ok("summary", "--format", "json").stdout)
    before = data["previous"]
    assert before["label"].startswith("Spring") and before["teachers"] == 6  # the term before is big enough to show
    assert before["teachers_change"] is None and before["minutes_change"] is None
    assert before["logged_change"] is None
    text = ok("summary").stdout
    comparison = text.split("## Compared with the period before")[1].split("##")[0]
    assert "| Teachers reached | 6 | fewer than 5 | not shown |" in comparison
    assert "50m" not in text and "| 1 |" not in comparison


def test_a_page_hidden_by_the_rule_says_why_and_which_range_would_show(ok: Run) -> None:
    """Issue 12, item 8: a coach with five teachers got an all-"fewer than 5" page without a word. Now one
    line says why, and names the latest start (ending where the page ends) from which every stance shows."""
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    for week, day in enumerate(("2026-10-05", "2026-10-12", "2026-10-19")):
        for i in range(5):
            ok("add", f"T{i}", STANCES[(i + week) % 3], "30", "--at", f"{day} 0{i + 1}:00")
    ok("add", "T0", "coaching", "30", "--at", "2026-11-23 08:00")
    page = ok("summary", "--week").stdout
    assert page.count("Most figures here are hidden") == 1
    line = next(line for line in page.splitlines() if "Most figures here are hidden" in line)
    assert "fewer than 5 teachers" in line
    assert "(summary --from 2026-10-05 --to 2026-11-29) every stance would show" in line
    widened = json.loads(ok("summary", "--from", "2026-10-05", "--to", "2026-11-29", "--format", "json").stdout)
    assert all(s["hidden"] is None for s in widened["stances"].values())
    assert not widened["privacy"]["mostly_hidden"]
    assert "Most figures here are hidden" not in ok("summary", "--from", "2026-10-05", "--to", "2026-11-29").stdout


def test_a_page_with_no_wider_range_that_shows_says_so(ok: Run) -> None:
    ok("add", "Ann Alpha", "coaching", "30", "--at", "2026-11-10 09:00")
    ok("add", "Bob Beta", "coaching", "30", "--at", "2026-11-23 08:00")
    data = json.loads(ok("summary", "--week", "--format", "json").stdout)
    assert data["privacy"]["mostly_hidden"] and data["privacy"]["widen_from"] is None
    assert "No longer range ending 2026-11-29 reaches 5 teachers in every stance yet." in ok("summary", "--week").stdout


def test_stories_cannot_inject_markup_or_escapes(ok: Run, db_path: Path) -> None:
    """A story with HTML, a remote image, pipes, a newline and a terminal escape is shown as plain text."""
    story = "<script>alert(1)</script> ![x](http://evil.example/p.png) a|b\nnext \x1b[31mRED"
    ok("config", "set", "coach", "Sam <i>Lee</i>")
    ok("add", "Ann Alpha", "coaching", "30", "--at", "2026-11-23 09:00", "--story", "?", "--shareable")
    with closing(sqlite3.connect(db_path)) as connection, connection:  # `add` refuses the escape now; an older
        connection.execute("UPDATE entry SET story = ?", (story,))  # coachlog's database may hold it
    outputs = all_formats(ok, "--week")
    for fmt, text in outputs.items():
        assert "\x1b" not in text, fmt
    markdown = outputs["markdown"]
    assert "<script>" not in markdown and "<i>" not in markdown and "![x](" not in markdown
    assert "\\<script\\>" in markdown and "a\\|b next" in markdown
    assert "<script>" not in outputs["html"] and "&lt;script&gt;" in outputs["html"]
    assert json.loads(outputs["json"])["voices"][0]["story"].startswith("<script>")  # data stays data
