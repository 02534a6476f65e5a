"""Consent you can withdraw: withdraw it, list withdrawals, find the summaries that already showed an entry;
and keep a record of what each summary shared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachlog.services.session import Session

if TYPE_CHECKING:
    from datetime import datetime

    from coachlog.domain.periods import Period
    from coachlog.domain.values import Entry
    from coachlog.storage.consent import SharedSummary


def withdraw(session: Session, ident: int) -> Entry:
    """`coachlog consent withdraw ID`: the entry's answer and story leave every later summary (undoable)."""
    return session.store.consent.withdraw(ident, session.now())


def withdrawn(session: Session) -> list[tuple[Entry, datetime]]:
    """`coachlog consent list`: entries whose consent was withdrawn, with when."""
    return session.store.consent.withdrawn()


def summaries_with(session: Session, ident: int) -> list[SharedSummary]:
    """`coachlog consent where ID`: the summaries already written that showed entry ID's answer or story."""
    return session.store.consent.summaries_with(ident)


def record_summary(session: Session, period: Period, fmt: str, path: str | None) -> int:
    """Record what a summary of `period` just written showed (the entries of its answers and stories); the
    number of entries. Nothing is recorded for a summary that showed none."""
    consent = session.store.consent
    uids = consent.shared_uids(period)
    if uids:
        consent.record_summary(session.now(), period, fmt, path, uids)
    return len(uids)
