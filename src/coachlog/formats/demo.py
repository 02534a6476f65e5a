"""A realistic term of one coach's log, for demos and tests.

Follows "A realistic week" in DOMAIN.md: 12-25 entries a week of cycle contacts,
drop-ins, team/PLC meetings, PD, a leader meeting and 2-6 duties, laid out
without overlaps in school hours (07:30-16:30) on school days. Weeks 0-1 are
set-up weeks, week 6 is a holiday, week 8 an assessment window; the stance mix
moves from consulting towards coaching. A fixed seed makes it repeatable.
Five coaching cycles (three running, two closed, one with its evidence) link the sessions with
their teachers. All names are fictional; notes hold no student names.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coachlog.domain.caseload import RosterLine
from coachlog.domain.cycles import NewCycle
from coachlog.domain.periods import week_start
from coachlog.domain.values import NewEntry, Stance, Term

SEED = 2026
WEEKS_BEFORE, WEEKS_AFTER = 10, 5
SETUP_WEEKS, HOLIDAY_WEEK, ASSESSMENT_WEEK = 2, 6, 8
DAY_START, DAY_END = 7 * 60 + 30, 16 * 60 + 30  # minutes after local midnight

CASELOAD = (
    ("Ms. Rivera", "math"), ("Mr. Okafor", "science"), ("Dana Whitfield", "ela"),
    ("Mme. Lefèvre", None), ("Mr. Nguyễn", "math"), ("Mrs. Kowalski", "ela"),
    ("Priya Raman", "science"), ("Mr. Søndergaard", "math"), ("Ms. O'Connell", "ela"),
    ("Ms. Baptiste", "ela"),
)  # fmt: skip
OTHERS = (
    ("Mr. Abernathy", None), ("Ms. Chen", "math"), ("Jordan Ellis", None), ("Sra. Muñoz", None),
    ("Ms. Adebayo", "science"), ("Mr. Park", "math"), ("Lena Schröder", "ela"), ("Ms. Tanaka", "ela"),
    ("Mr. Brooks", None), ("Coach Ramírez", None), ("Ms. Whitaker", "ela"), ("Mr. Lindqvist", "science"),
    ("Ms. Hoffmann", "math"), ("Amara Diallo", "ela"), ("Mr. Fitzgerald", None), ("Ms. Castillo", "math"),
    ("Mr. Yılmaz", "science"), ("Ms. Patel", "math"), ("Mrs. Goldberg", None), ("Mr. Ōkubo", "math"),
)  # fmt: skip
SUBJECTS = dict(CASELOAD + OTHERS)
LEADER = "Dr. Haddad"  # the principal: sessions need a name, so leader meetings carry one

# minutes: (min, typical, max), from DOMAIN.md; admin/event/other are guesses
DURATIONS = {
    "planning": (25, 40, 55), "observing": (30, 50, 75), "modeling": (30, 50, 75),
    "co-teaching": (30, 50, 75), "debrief": (10, 20, 40), "drop-in": (5, 10, 20),
    "data": (30, 50, 75), "team": (30, 50, 75), "workshop": (45, 60, 120), "leaders": (15, 30, 60),
    "cover": (40, 50, 60), "supervision": (20, 30, 45), "testing": (60, 120, 240),
    "admin": (15, 30, 60), "event": (30, 60, 90), "other": (10, 20, 45),
}  # fmt: skip
# (consulting, collaborating, coaching) weights at the start and at the end of the term
STANCE_MIX = {
    "cycle": ((35, 35, 30), (15, 35, 50)), "drop-in": ((50, 30, 20), (35, 30, 35)),
    "team": ((20, 65, 15), (15, 60, 25)), "workshop": ((85, 15, 0), (85, 15, 0)),
    "leaders": ((40, 60, 0), (40, 60, 0)),
}  # fmt: skip
# the activity a session of each kind has, given its stance
ACTIVITIES = {
    "cycle": ({"modeling": 55, "planning": 35, "data": 10},
              {"co-teaching": 40, "planning": 30, "data": 15, "observing": 15},
              {"debrief": 60, "planning": 20, "observing": 20}),
    "drop-in": ({"resources": 75, "other": 25}, {"observing": 60, "planning": 25, "other": 15},
                {"debrief": 70, "other": 30}),
    "team": ({"team": 70, "data": 30},) * 3, "workshop": ({"workshop": 1},) * 3,
    "leaders": ({"leaders": 1},) * 3,
}  # fmt: skip
DUTY_WEIGHTS = {"cover": 25, "supervision": 45, "testing": 3, "admin": 15, "event": 5, "other": 5}
NOTES = {
    "planning": ("Co-planned the fractions unit", "Set a cycle goal: more student talk",
                 "Planned the launch of the writing unit", "Mapped next week's lessons to standards"),
    "observing": ("Observed small-group rotation", "Observed the discussion protocol; noted wait time",
                  "Watched the lab launch; tallied questions"),
    "modeling": ("Modeled a number talk", "Modeled a think-aloud for close reading",
                 "Modeled the turn-and-talk routine"),
    "co-teaching": ("Co-taught the guided reading block", "Co-taught lab stations",
                    "Co-taught the exit-ticket routine"),
    "debrief": ("Debriefed the lesson; teacher chose the next step", "Reflected on questioning data",
                "Teacher named what worked and what to try next"),
    "data": ("Looked at exit tickets together", "Sorted writing samples against the rubric"),
    "team": ("Grade team planned a common assessment", "PLC looked at student work",
             "Team agreed on a shared routine"),
    "workshop": ("Led PD on checks for understanding", "Workshop on structured student talk"),
    "resources": ("Dropped off anchor charts", "Shared leveled texts", "Sent an article on feedback"),
    "leaders": ("Check-in with the principal on priorities", "Shared time-use numbers with leadership"),
    "other": ("Quick hallway check-in", "Answered a question about the new curriculum"),
    "cover": ("Covered a class (teacher out)",), "supervision": ("Lunch duty", "Recess supervision"),
    "testing": ("Proctored the benchmark", "Ran make-up testing"), "admin": ("Schedules and paperwork",),
    "event": ("Helped with family night",), "duty-other": ("Fire drill and follow-up",),
}  # fmt: skip


def _term_name(day: date) -> str:
    season = "Fall" if day.month >= 8 else "Winter" if day.month <= 3 else "Spring"
    return f"{season} term {day.year}"


def demo_term(today: date, first_weekday: int) -> Term:
    """The term holding `today`: from 10 weeks before today's week to 5 weeks after it."""
    this_week = week_start(today, first_weekday)
    start = this_week - timedelta(weeks=WEEKS_BEFORE)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    end = this_week + timedelta(weeks=WEEKS_AFTER, days=6)
    while end.weekday() >= 5:
        end -= timedelta(days=1)
    return Term(name=_term_name(today), start=start, end=end)


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _duration(rng: random.Random, what: str) -> int:
    low, typical, high = DURATIONS[what]
    return min(high, max(low, 5 * round(rng.triangular(low, high, typical) / 5)))


def _session(
    rng: random.Random, kind: str, teachers: list[str], progress: float, tags: tuple[str, ...] = ()
) -> NewEntry:
    """A session of a kind (cycle, drop-in, team...) without a time; _lay_out places it."""
    early, late = STANCE_MIX[kind]
    weights = [a + (b - a) * progress for a, b in zip(early, late, strict=True)]
    stance = rng.choices(list(Stance), weights=weights)[0]
    activity = _pick(rng, ACTIVITIES[kind][list(Stance).index(stance)])
    minutes = _duration(rng, "drop-in" if kind == "drop-in" else activity)
    note = rng.choice(NOTES[activity]) if rng.random() < 0.85 else None
    return NewEntry("session", datetime.min, minutes, date.min, True, tuple(teachers), stance,
                    None, activity, note, tags)  # fmt: skip


def _duty(rng: random.Random, kind: str, tags: tuple[str, ...] = ()) -> NewEntry:
    note = rng.choice(NOTES["duty-other" if kind == "other" else kind]) if rng.random() < 0.7 else None
    return NewEntry("duty", datetime.min, _duration(rng, kind), date.min, True, duty_kind=kind,
                    note=note, tags=tags)  # fmt: skip


def _teacher(rng: random.Random, caseload_share: float) -> str:
    return rng.choice(CASELOAD if rng.random() < caseload_share else OTHERS)[0]


def _cycle_contact(rng: random.Random, week: int, progress: float) -> NewEntry:
    teacher = _teacher(rng, 0.9)
    tags = [] if week < SETUP_WEEKS else [f"cycle-{1 if week < HOLIDAY_WEEK else 2}"]
    subject = SUBJECTS[teacher]
    if subject and rng.random() < 0.5:
        tags.append(subject)
    return _session(rng, "cycle", [teacher], progress, tuple(tags))


def _week_plan(rng: random.Random, week: int, progress: float) -> list[NewEntry]:
    """The week's entries, without times: how many of each kind depends on the week."""
    setup, assessment = week < SETUP_WEEKS, week == ASSESSMENT_WEEK
    cycles = rng.randint(3, 5) if setup else rng.randint(4, 6) if assessment else rng.randint(5, 10)
    drop_ins = rng.randint(5, 8) if setup else rng.randint(2, 4) if assessment else rng.randint(3, 8)
    teams = 1 if assessment else rng.randint(1, 3)
    workshops = int(rng.random() < (0.6 if setup else 0.2))
    duties = rng.randint(5, 6) if assessment else rng.randint(2, 4 if setup else 6)
    drop_ins -= max(0, cycles + drop_ins + teams + workshops + 1 + duties - 25)  # at most 25 a week
    progress = 0.0 if setup else progress  # set-up weeks lean on consulting
    names = [name for name, _ in CASELOAD + OTHERS]
    plan = [_cycle_contact(rng, week, progress) for _ in range(cycles)]
    plan += [_session(rng, "drop-in", [_teacher(rng, 0.4)], progress) for _ in range(drop_ins)]
    plan += [_session(rng, "team", rng.sample(names, rng.randint(2, 4)), progress, ("plc",))
             for _ in range(teams)]  # fmt: skip
    plan += [_session(rng, "workshop", rng.sample(names, 4), progress, ("pd",)) for _ in range(workshops)]
    plan.append(_session(rng, "leaders", [LEADER], progress))
    testing = 4 if assessment else 0
    plan += [_duty(rng, "testing", ("assessment",)) for _ in range(testing)]
    plan += [_duty(rng, _pick(rng, DUTY_WEIGHTS)) for _ in range(duties - testing)]
    return plan


def _lay_out(rng: random.Random, plan: list[NewEntry], days: list[date], tz: tzinfo | None) -> list[NewEntry]:
    """Spread the plan over the days (least-loaded first), then over each day in order, with gaps."""
    loads: dict[date, list[NewEntry]] = {day: [] for day in days}
    for entry in sorted(plan, key=lambda e: -e.minutes):
        day = min(days, key=lambda d: (sum(e.minutes for e in loads[d]), rng.random()))
        loads[day].append(entry)
    placed = []
    for day, entries in loads.items():
        rng.shuffle(entries)
        while entries and _slack(entries) < 0:  # a day that cannot hold them all drops the last
            entries.pop()
        offsets = sorted(rng.randint(0, _slack(entries) // 5) for _ in entries)
        clock = DAY_START
        for offset, entry in zip(offsets, entries, strict=True):
            begin = clock + 5 * offset
            start = datetime.combine(day, time(begin // 60, begin % 60), tzinfo=tz)
            placed.append(entry.replace(start=start, local_date=day))
            clock += entry.minutes + 5  # at least 5 minutes between two entries
    return placed


def _slack(entries: list[NewEntry]) -> int:
    """Minutes of the school day left over once the entries and 5-minute gaps are placed."""
    return DAY_END - DAY_START - sum(e.minutes + 5 for e in entries) + 5


def _ended_by(entry: NewEntry, now: datetime) -> bool:
    end = entry.start.astimezone(UTC) + timedelta(minutes=entry.minutes)
    return end <= now.astimezone(UTC)


def demo_entries(today: date, now: datetime, first_weekday: int) -> list[NewEntry]:
    """One coach's entries from the start of the demo term up to `now`, the same for the same inputs."""
    rng = random.Random(SEED)
    term = demo_term(today, first_weekday)
    first_week = week_start(term.start, first_weekday)
    entries: list[NewEntry] = []
    for week in range(WEEKS_BEFORE + 1):
        plan = _week_plan(rng, week, week / WEEKS_BEFORE)
        if week == HOLIDAY_WEEK:
            continue
        days = [first_week + timedelta(weeks=week, days=i) for i in range(7)]
        entries += _lay_out(rng, plan, [d for d in days if d.weekday() < 5], now.tzinfo)
    return _with_voices(sorted((e for e in entries if _ended_by(e, now)), key=lambda e: e.start))


HELPFUL = (
    "Seeing the lesson from the students' side",
    "Having time to plan the questions in advance",
    "The data conversation: I know who to pull tomorrow",
    "Watching the routine modeled with my own class",
    "Talking it through without being judged",
)
STORIES = (
    "Tried cold-calling with wait time; twice as many students answered.",
    "Her exit tickets now drive the next day's small groups.",
    "He ran the discussion protocol alone and the students led it.",
)


def _with_voices(entries: list[NewEntry]) -> list[NewEntry]:
    """Half the debriefs record the teacher's answer (most of them shareable), some a story.

    A separate random stream, so the entries themselves stay as they were.
    """
    rng = random.Random(SEED + 1)
    voiced = []
    for entry in entries:
        if entry.activity == "debrief" and rng.random() < 0.5:
            story = rng.choice(STORIES) if rng.random() < 0.4 else None
            entry = entry.replace(helpful=rng.choice(HELPFUL), story=story, shareable=rng.random() < 0.6)
        voiced.append(entry)
    return voiced


# The demo's coaching cycles: (teachers, goal, focus, start (week, weekday), close or None, phase, evidence, outcome).
# Evidence is numbers only: what they count, a baseline and a result (None: not measured yet).
CYCLES = (
    (("Mr. Nguyễn",), "every lesson opens with a routine students run", "engagement", (1, 1), (5, 4), "improve",
     None, "the opening routine runs without him now"),
    (("Mr. Okafor",), "every lesson ends with an exit ticket", "formative assessment", (2, 1), (7, 4), "improve",
     ("exit tickets returned (of 25)", 9.0, 21.0), "exit tickets now decide the next day's small groups"),
    (("Ms. Rivera",), "students cite evidence in discussion", "questioning", (3, 0), None, "improve",
     ("students citing evidence unprompted (of 28)", 6.0, None), None),
    (("Dana Whitfield", "Mrs. Kowalski"), "more student talk in small groups", "questioning", (5, 2), None, "learn",
     None, None),
    (("Priya Raman",), "lab reports that argue from evidence", "writing", (8, 0), None, "identify", None, None),
)  # fmt: skip


def demo_cycles(today: date, first_weekday: int) -> list[NewCycle]:
    """The demo term's coaching cycles, dated by its weeks (three running, two closed, one with evidence)."""
    first_week = week_start(demo_term(today, first_weekday).start, first_weekday)

    def day(week: int, weekday: int) -> date:
        return first_week + timedelta(weeks=week, days=weekday)

    cycles = []
    for teachers, goal, focus, start, close, phase, evidence, outcome in CYCLES:
        measure, baseline, result = evidence or (None, None, None)
        cycles.append(
            NewCycle(
                teachers=teachers,
                goal=goal,
                phase=phase,
                started_on=day(*start),
                focus=focus,
                closed_on=day(*close) if close else None,
                outcome=outcome,
                measure=measure,
                baseline=baseline,
                result=result,
            )
        )
    return cycles


# ---- prep: coaching work without a teacher present (issue 15) -----------------------------------------

PREP = {"preparing": 5, "designing-pd": 3, "resources": 2}  # activity: weight
PREP_NOTES = {
    "preparing": ("Prepared the modeling lesson", "Read up on discussion protocols", "Set up the observation form"),
    "designing-pd": ("Designed the PLC session on questioning", "Built the workshop slides"),
    "resources": ("Gathered leveled texts for the grade 7 team", "Sorted the lab-station materials"),
}


def demo_prep(entries: list[NewEntry], now: datetime) -> list[NewEntry]:
    """Prep entries in gaps of the school day: one or two days a week, 20 to 60 minutes each, never overlapping
    an entry and never after `now`. A separate random stream, so the other entries stay as they were."""
    rng = random.Random(SEED + 2)
    by_day: dict[date, list[NewEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.local_date, []).append(entry)
    by_week: dict[date, list[date]] = {}
    for day in sorted(by_day):
        by_week.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    prep = []
    for days in by_week.values():
        for day in rng.sample(days, min(len(days), rng.randint(1, 2))):
            if (made := _prep_in_a_gap(rng, day, by_day[day], now)) is not None:
                prep.append(made)
    return sorted(prep, key=lambda e: e.start)


def _prep_in_a_gap(rng: random.Random, day: date, entries: list[NewEntry], now: datetime) -> NewEntry | None:
    """A prep entry in the day's longest gap between entries (from 07:30 to 16:30), or None if none fits."""
    tz = entries[0].start.tzinfo
    ends = [DAY_START] + [
        e.start.hour * 60 + e.start.minute + e.minutes for e in sorted(entries, key=lambda e: e.start)
    ]
    starts = [e.start.hour * 60 + e.start.minute for e in sorted(entries, key=lambda e: e.start)] + [DAY_END]
    gap, begin = max((start - end, end) for end, start in zip(ends, starts, strict=True))
    minutes = min(5 * rng.randint(4, 12), 5 * ((gap - 10) // 5))
    if minutes < 20:
        return None
    activity = _pick(rng, PREP)
    start = datetime.combine(day, time((begin + 5) // 60, (begin + 5) % 60), tzinfo=tz)
    entry = NewEntry("prep", start, minutes, day, True, activity=activity,
                     note=rng.choice(PREP_NOTES[activity]) if rng.random() < 0.7 else None)  # fmt: skip
    return entry if _ended_by(entry, now) else None


# ---- the roster and the check-backs (issue 15) ----------------------------------------------------

GRADES = ("6", "7", "8")
NEW_STAFF = (("Ms. Achterberg", "science"), ("Mr. Duarte", "math"), ("Ms. Kim", None))  # on staff, not seen yet
NEXT_STEPS = (
    ("Ms. Rivera", -3, "Bring the exit-ticket sort to planning"),
    ("Mr. Okafor", 0, "Check in on the wait-time goal"),
    ("Dana Whitfield", 2, "Share the discussion-protocol video"),
    ("Mr. Nguyễn", 6, "Look at the fractions quiz together"),
    ("Priya Raman", -8, "Send the lab-stations checklist"),  # done: the coach came back to it
)  # (teacher, due in days from today, what to come back to)


def demo_roster() -> list[RosterLine]:
    """The school's staff: every teacher of the demo and three not seen yet, with a department (specials for
    those without a subject) and a grade; the principal too (leadership, no grade), met in leader meetings."""
    return [
        RosterLine(name, (subject or "specials").upper() if subject == "ela" else (subject or "specials").title(),
                   GRADES[index % len(GRADES)])
        for index, (name, subject) in enumerate(CASELOAD + OTHERS + NEW_STAFF)
    ] + [RosterLine(LEADER, "Leadership")]  # fmt: skip


def demo_steps(today: date) -> list[tuple[str, str, date, date | None]]:
    """A few check-backs: (teacher, text, due, done on or None): one overdue, one due today, two to come, one
    done."""
    steps = []
    for teacher, days, text in NEXT_STEPS:
        due = today + timedelta(days=days)
        steps.append((teacher, text, due, due if days < -5 else None))
    return steps
