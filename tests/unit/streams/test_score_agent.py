"""The scoring agent's link messages: a batch per message, split by size, read back in order."""

from __future__ import annotations

from typing import Any

from vocradar.streams.incident_agent import batch_records
from vocradar.streams.score_agent import link_chunks


def _record(i: int, chars: int = 10) -> dict[str, Any]:
    return {"row": {"event_id": f"e{i}", "redacted_text": "가" * chars, "evidence": []}, "raw": "가" * chars}


def test_a_batch_travels_as_one_message_when_it_fits() -> None:
    records = [_record(i) for i in range(200)]
    chunks = list(link_chunks(records, 1_000_000))
    assert len(chunks) == 1 and chunks[0] == records


def test_large_batches_are_split_in_order_and_nothing_is_lost() -> None:
    records = [_record(i, chars=20_000) for i in range(30)]
    chunks = list(link_chunks(records, 300_000))
    assert len(chunks) > 1
    assert [r for c in chunks for r in c] == records
    # every message stays under the limit unless a single record is larger than it
    assert all(len(c) == 1 or sum(2_048 + 3 * 40_002 for _ in c) <= 300_000 for c in chunks)
    huge = [_record(0, chars=400_000), _record(1)]
    assert [len(c) for c in link_chunks(huge, 300_000)] == [1, 1]
    assert list(link_chunks([], 300_000)) == []


def test_link_messages_of_both_shapes_are_read() -> None:
    records = [_record(i) for i in range(3)]
    assert batch_records({"records": records}) == records
    assert batch_records(records[0]) == [records[0]]  # a single record from an earlier release
    assert batch_records({"records": [records[0], "junk"]}) == [records[0]]
    assert batch_records("junk") == [] and batch_records({"nothing": 1}) == []
