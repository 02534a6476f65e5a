"""What push decides for terms (coachlog.domain.push): term uids, the term digest and plan_terms."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.names import name_key
from coachlog.domain.push import ROSTER_UID, TERM_UID, TermDates, plan_terms, roster_uid, term_digest, term_uid

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéÁÉ 0123456789.-'", min_size=1)

FALL = TermDates("fall", date(2026, 9, 1), date(2026, 11, 20))


@given(first=names, second=names)
def test_a_term_uid_is_the_name_key_s_never_a_uuid_nor_a_roster_uid(first: str, second: str) -> None:
    """Two spellings of one name key share a term uid; other keys do not; it fits the uid column (36) and is
    never an entry's, cycle's or step's UUID, nor a teacher's roster uid of the same name."""
    uid = term_uid(first)
    assert uid.startswith(TERM_UID) and len(uid) == 36 and not uid.startswith(ROSTER_UID)
    assert (uid == term_uid(second)) == (name_key(first) == name_key(second))
    assert uid != roster_uid(first)
    try:
        uuid.UUID(uid)
    except ValueError:
        pass
    else:  # pragma: no cover - the assertion fails here
        raise AssertionError(f"{uid} reads as a UUID")


def test_the_term_digest_sees_its_spelling_and_dates() -> None:
    assert FALL.uid == replace(FALL, name="Fall").uid
    digests = {term_digest(t) for t in (FALL, replace(FALL, name="Fall"), replace(FALL, end=date(2026, 11, 21)))}
    assert len(digests) == 3 and term_digest(replace(FALL)) == term_digest(FALL)


def test_the_term_plan_sends_changes_deletes_those_gone_and_leaves_other_uids_alone() -> None:
    """A new term is sent; one agreed and gone here is deleted there (a conflict when changed there); a changed one
    is sent when the team's is as agreed, a conflict when not (sent with keep_mine); uids that are not term uids
    (entries, cycles, roster facts) are left alone."""
    plan = plan_terms([FALL], {}, lambda uids: {})
    assert plan.new == [FALL] and plan.agreed == {FALL.uid: term_digest(FALL)}
    base = {FALL.uid: term_digest(FALL), "an-entry-uid": "d", roster_uid("fall"): "r"}
    plan = plan_terms([], base, lambda uids: {FALL.uid: FALL} if FALL.uid in uids else {})
    assert plan.deleted == [FALL.uid] and plan.forgotten == [FALL.uid]
    moved = replace(FALL, start=date(2026, 9, 2))
    assert plan_terms([], base, lambda uids: {FALL.uid: moved}).conflicts
    longer = replace(FALL, end=date(2026, 11, 21))
    assert plan_terms([longer], base, lambda uids: {FALL.uid: FALL}).changed == [longer]
    clash = plan_terms([longer], base, lambda uids: {FALL.uid: moved})
    assert clash.conflicts and not clash.changed
    assert plan_terms([longer], base, lambda uids: {FALL.uid: moved}, keep_mine=True).changed == [longer]
