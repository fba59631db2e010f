"""Agent ``score``: voc.raw -> (voc.link, voc.dead).

Takes a batch of raw messages, scores it with the pipeline on the scoring thread, and sends
the results, a batch per message, to the incident stage (``voc.link``, see
:mod:`vocradar.streams.incident_agent`),
which adds what needs state across conversations (repeat contacts, bursts, incident links)
before the result reaches voc.scored and voc.alerts.

voc.raw stays keyed by conversation, so a live call's partial transcripts are scored in order on
one worker (the analyser keeps a per-conversation turn cache) and this, the costly stage, scales
with the partitions. The link record carries the raw bytes so the incident stage can re-score
the rare event whose customer turns out to be a repeat contact.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import faust

from vocradar.models.pipeline import DeadLetter, RawMessage, ScoredEvent
from vocradar.streams.runtime import Runtime

__all__ = ["link_chunks", "link_record", "link_row", "register"]

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


def link_record(item: ScoredEvent, msg: RawMessage) -> dict[str, Any]:
    """What the incident stage gets of one scored event: its row, terms, region and raw bytes."""
    row = link_row(item)
    meta = item.event.meta or {}
    region = meta.get("region")
    return {
        "row": row,
        "terms": list(item.terms),
        "region": region if isinstance(region, str) else "",
        "raw": msg.value.decode("utf-8", errors="replace"),
        "ref": msg.ref,
        "arrived": msg.arrived_at,
    }


def _size(record: dict[str, Any]) -> int:
    """A generous estimate of a link record's JSON size in bytes (Hangul is 3 bytes in UTF-8)."""
    row = record["row"]
    return 2_048 + 3 * (
        len(record["raw"]) + len(row.get("redacted_text") or "") + len(str(row.get("evidence")))
    )


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
            result = await rt.score(messages)
            records: list[dict[str, Any]] = []
            for msg, item in zip(messages, result.items, strict=True):
                if isinstance(item, ScoredEvent):
                    records.append(link_record(item, msg))
                elif isinstance(item, DeadLetter):
                    await topics.dead.send(key=None, value=item.record())
            for chunk in link_chunks(records, settings.link_message_bytes):
                await topics.link.send(key=None, value={"records": chunk})
