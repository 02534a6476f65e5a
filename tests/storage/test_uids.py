"""A new entry's uid (storage/rows.py new_uid, issue 17): what str(uuid.uuid4()) gives, without the `uuid` module."""

from __future__ import annotations

import uuid

from coachlog.storage.rows import new_uid


def test_a_new_uid_is_a_random_uuid4() -> None:
    """Each is a version 4 UUID of the RFC 4122 variant, written as str(UUID) writes it; none repeats, and every
    digit that uuid4 leaves random takes many values (the variant's digit: all four it can)."""
    uids = [new_uid() for _ in range(2_000)]
    for uid in uids:
        parsed = uuid.UUID(uid)
        assert str(parsed) == uid and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert len(set(uids)) == len(uids)
    assert {uid[19] for uid in uids} == set("89ab")
    for position in (i for i in range(36) if i not in (8, 13, 14, 18, 19, 23)):
        assert len({uid[position] for uid in uids}) == 16, position
