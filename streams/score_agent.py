"""Agent ``score``: voc.raw -> (voc.scored, voc.alerts, voc.dead).

Takes a batch of raw messages, scores it with the pipeline on the scoring thread, and sends
each result on, keyed by incident so one contact stays on one partition downstream.
"""

from __future__ import annotations

import logging
from typing import Any

import faust

from vocradar.models.pipeline import DeadLetter, RawMessage, ScoredEvent
from vocradar.streams.runtime import Runtime

__all__ = ["register"]

log = logging.getLogger(__name__)


def _raw_value(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if value is None:
        return b""
    return str(value).encode("utf-8", errors="replace")


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
            result = await rt.run_scoring(rt.pipeline.process, messages)
            for item in result.items:
                if isinstance(item, ScoredEvent):
                    key = item.incident_key.encode()
                    row = item.event_row()
                    row["occurred_at"] = row["occurred_at"].isoformat()
                    row["scored_at"] = row["scored_at"].isoformat()
                    row["arrived_at"] = row["arrived_at"].isoformat()
                    await topics.scored.send(key=key, value=row)
                    if item.assessment.alert:
                        await topics.alerts.send(key=key, value=item.alert_record())
                elif isinstance(item, DeadLetter):
                    await topics.dead.send(key=None, value=item.record())
