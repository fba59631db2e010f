"""Agent ``score``: voc.raw -> (voc.link, voc.dead).

Takes a batch of raw messages, scores it with the pipeline on the scoring thread, and sends
the results, a batch per message, to the incident stage (``voc.link``, see
:mod:`vocradar.streams.incident_agent`),
which adds what needs state across conversations (repeat contacts, bursts, incident links)
before the result reaches voc.scored and voc.alerts.

voc.raw stays keyed by conversation, so a live call's partial transcripts are scored in order on
one worker (the analyser keeps a per-conversation turn cache) and this, the costly stage, scales
with the partitions.

Nothing unmasked travels on voc.link: a record carries the masked row, the event's terms as keyed
hashes (:class:`~vocradar.models.incidents.TermHasher`) and where the event was read in voc.raw;
the incident stage reads the rare event whose customer turns out to be a repeat contact back from
there to re-score it (:class:`~vocradar.streams.incident_agent.RawReader`), so the re-score sees
the very bytes the first one saw.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any

import faust

from vocradar.metrics import BATCH_SECONDS, DEAD_LETTERS, EVENTS
from vocradar.models.incidents import TermHasher
from vocradar.models.pipeline import BatchResult, RawMessage, ScoredEvent
from vocradar.streams.runtime import Runtime

__all__ = ["link_chunks", "link_record", "link_records", "link_row", "register"]

log = logging.getLogger(__name__)


def _raw_value(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if value is None:
        return b""
    return str(value).encode("utf-8", errors="replace")


def link_row(item: ScoredEvent) -> dict[str, Any]:
    """A scored event's ``voc_events`` row as JSON can carry it (timestamps as ISO text)."""
    row = item.event_row()
    for k in ("occurred_at", "scored_at", "arrived_at"):
        row[k] = row[k].isoformat()
    return row


def link_record(item: ScoredEvent, msg: RawMessage, hasher: TermHasher) -> dict[str, Any]:
    """What the incident stage gets of one scored event: its masked row, its terms as keyed
    hashes, its region, and where it was read (``ref``: ``topic:partition:offset`` of voc.raw),
    from which a repeat contact is read back to be re-scored."""
    row = link_row(item)
    meta = item.event.meta or {}
    region = meta.get("region")
    return {
        "row": row,
        "terms": hasher.terms(item.terms),
        "region": region if isinstance(region, str) else "",
        "ref": msg.ref,
        "arrived": msg.arrived_at,
    }


def link_records(
    messages: Sequence[RawMessage], result: BatchResult, hasher: TermHasher
) -> list[dict[str, Any]]:
    """The link records of a scored batch, in order (its dead letters have none)."""
    return [
        link_record(item, msg, hasher)
        for msg, item in zip(messages, result.items, strict=True)
        if isinstance(item, ScoredEvent)
    ]


def _size(record: dict[str, Any]) -> int:
    """A generous estimate of a link record's JSON size in bytes (Hangul is 3 bytes in UTF-8)."""
    row = record["row"]
    return 2_048 + 3 * (len(row.get("redacted_text") or "") + len(str(row.get("evidence"))))


def link_chunks(records: list[dict[str, Any]], max_bytes: int) -> Iterator[list[dict[str, Any]]]:
    """Split a batch's link records into messages of at most about ``max_bytes`` each.

    A batch travels to the incident stage as one message (a message per event costs the
    broker, the client and both agents as much as the event's scoring); a record bigger than
    ``max_bytes`` travels alone.
    """
    chunk: list[dict[str, Any]] = []
    size = 0
    for rec in records:
        n = _size(rec)
        if chunk and size + n > max_bytes:
            yield chunk
            chunk, size = [], 0
        chunk.append(rec)
        size += n
    if chunk:
        yield chunk


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the scoring agent on ``app``."""
    settings = rt.settings
    hasher = TermHasher(settings.pseudonym_salt.get_secret_value())

    @app.agent(topics.raw, name="score")
    async def score(stream: faust.StreamT) -> None:
        batches = stream.take_events(settings.batch_size, within=settings.batch_within_s)  # type: ignore[attr-defined]
        async for events in batches:
            messages = [
                RawMessage(
                    _raw_value(e.value),
                    f"{e.message.topic}:{e.message.partition}:{e.message.offset}",
                    e.message.timestamp,
                )
                for e in events
            ]
            started = time.perf_counter()
            result = await rt.score(messages)
            for item in result.dead:
                DEAD_LETTERS.labels(item.reason.split(":")[0]).inc()
                await topics.dead.send(key=None, value=item.record())
            EVENTS.labels("score", "dead").inc(len(result.dead))
            EVENTS.labels("score", "scored").inc(len(messages) - len(result.dead))
            records = await rt.run_scoring(link_records, messages, result, hasher)  # hashing: off the loop
            for chunk in link_chunks(records, settings.link_message_bytes):
                await topics.link.send(key=None, value={"records": chunk})
            BATCH_SECONDS.labels("score").observe(time.perf_counter() - started)
