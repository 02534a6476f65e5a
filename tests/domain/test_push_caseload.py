"""What push decides for next steps and the roster (coachlog.domain.push): digests, roster uids and the plans."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.caseload import NextStep
from coachlog.domain.frozen import replace
from coachlog.domain.names import name_key
from coachlog.domain.push import (
    CHANGED_THERE,
    ROSTER_UID,
    RosterFacts,
    plan_roster,
    plan_steps,
    roster_digest,
    roster_uid,
    step_digest,
)

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéÁÉ .-'", min_size=1, max_size=40)


@given(first=names, second=names)
def test_a_roster_uid_is_the_name_key_s_never_a_uuid(first: str, second: str) -> None:
    """Two spellings of one name key share a roster uid; other keys do not; it fits the uid column (36) and can
    never be taken for an entry's, cycle's or step's UUID."""
    uid = roster_uid(first)
    assert uid.startswith(ROSTER_UID) and len(uid) == 36
    assert (uid == roster_uid(second)) == (name_key(first) == name_key(second))
    try:
        uuid.UUID(uid)
    except ValueError:
        pass
    else:  # pragma: no cover - the assertion fails here
        raise AssertionError(f"{uid} reads as a UUID")


STEP = NextStep(1, "Ms. Rivera", "see the exit tickets", date(2026, 11, 27), None, 4, uid="s1", entry_uid="e1")


def test_a_step_digest_sees_what_the_step_says_not_its_ids_or_session() -> None:
    """Teacher, text, due date and done day change the digest; the id and the session it came from do not."""
    same = replace(STEP, id=9, entry_id=None, entry_uid=None)
    assert step_digest(same) == step_digest(STEP)
    for change in ({"teacher": "Mr. Okafor"}, {"text": "x"}, {"due_on": date(2026, 12, 1)}):
        assert step_digest(replace(STEP, **change)) != step_digest(STEP)  # type: ignore[arg-type]
    assert step_digest(replace(STEP, done_on=date(2026, 11, 27))) != step_digest(STEP)


def test_a_step_changed_on_both_sides_is_a_conflict_and_keep_mine_sends_it() -> None:
    """The decision table of plan_steps for one step agreed before, changed here and there."""
    agreed = {"s1": step_digest(STEP)}
    mine, theirs = replace(STEP, due_on=date(2026, 12, 2)), replace(STEP, due_on=date(2026, 12, 11))
    plan = plan_steps([mine], agreed, [], lambda uids: {"s1": theirs})
    assert plan.conflicts[0].reason == CHANGED_THERE and not plan.sends_anything
    assert plan_steps([mine], agreed, [], lambda uids: {"s1": theirs}, keep_mine=True).changed == [mine]
    assert plan_steps([mine], agreed, [], lambda uids: {"s1": STEP}).changed == [mine]
    assert plan_steps([], agreed, ["s1"], lambda uids: {"s1": STEP}).deleted == ["s1"]


FACTS = RosterFacts("Mr. Park", "math", "7", True, None)


def test_the_roster_plan_sends_teachers_with_facts_and_takes_off_those_gone() -> None:
    """Only teachers with a roster fact are sent; facts agreed before whose teacher has none here any more are taken
    off there (unless changed there: a conflict); uids that are not roster uids (entries, cycles) are left alone."""
    met = RosterFacts("Ms. Rivera", None, None, False, None)
    assert not met.any and FACTS.any and RosterFacts("Ms. Kay", None, None, False, date(2026, 11, 20)).any
    plan = plan_roster([FACTS, met], {}, lambda uids: {})
    assert plan.new == [FACTS] and plan.agreed == {FACTS.uid: roster_digest(FACTS)}
    base = {FACTS.uid: roster_digest(FACTS), "an-entry-uid": "d"}
    plan = plan_roster([], base, lambda uids: {FACTS.uid: FACTS} if FACTS.uid in uids else {})
    assert plan.deleted == [FACTS.uid] and plan.forgotten == [FACTS.uid]
    moved = replace(FACTS, grade="8")
    plan = plan_roster([], base, lambda uids: {FACTS.uid: moved})
    assert plan.conflicts and not plan.deleted
    left = replace(FACTS, on_staff=False, left_on=date(2026, 11, 20))
    assert plan_roster([left], base, lambda uids: {FACTS.uid: FACTS}).changed == [left]
