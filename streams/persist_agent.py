"""Agents ``persist``, ``persist_dead`` and ``persist_incidents``: voc.scored / voc.dead /
voc.incidents -> warehouse, in batches.

A batch goes to :class:`~vocradar.connectors.batches.BatchWriter` (one insert per table and
partition group) and its offsets are committed only after every row is stored or dead-lettered:
while the warehouse is unavailable the agent waits, retrying with backoff (back-pressure, nothing
lost); rows the warehouse refuses for good are isolated by splitting the batch and go to
``voc_dead`` with the server's reason, so one bad row never stops persistence. Rows are keyed by
``event_id`` / ``dead_id`` / ``incident_key`` in ReplacingMergeTree tables, so a redelivered
batch never double-counts (an incident's latest version wins).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import faust

from vocradar.metrics import BATCH_SECONDS, EVENTS
from vocradar.streams.runtime import Runtime

__all__ = ["alert_row", "register", "write_with_retry"]

log = logging.getLogger(__name__)

_ALERT_FIELDS = (
    "event_id",
    "incident_key",
    "source",
    "occurred_at",
    "product",
    "agent_team",
    "category",
    "risk",
    "risk_level",
    "reasons",
    "evidence",
    "redacted_text",
    "version",
)


def alert_row(event_row: dict[str, Any]) -> dict[str, Any]:
    """The ``voc_alerts`` row of an alerting ``voc_events`` row."""
    row = {k: event_row[k] for k in _ALERT_FIELDS}
    row["alerted_at"] = event_row["scored_at"]
    row["redacted_text"] = row["redacted_text"][:600]
    return row


async def write_with_retry(
    rt: Runtime, fn: Callable[[], None], what: str, max_backoff_s: float = 10.0, max_attempts: int = 3
) -> bool:
    """Run a blocking write: retried with backoff while the warehouse is unavailable (as long as
    that lasts), at most ``max_attempts`` times for any other failure, which is then logged
    and given up (False). True when the write succeeded."""
    from vocradar.connectors.batches import classify

    delay = 0.2
    attempt = 0
    while True:
        attempt += 1
        try:
            await rt.run_io(fn)
            if attempt > 1:
                log.warning("%s written after %d attempts", what, attempt)
            return True
        except Exception as exc:
            kind = classify(exc)
            if kind != "unavailable" and attempt >= max_attempts:
                log.error(
                    "writing %s failed for good (%s, attempt %d): %s", what, kind, attempt, type(exc).__name__
                )
                return False
            log.warning(
                "writing %s failed (%s, attempt %d): %s; retrying in %.1fs",
                what, kind, attempt, type(exc).__name__, delay,
            )  # fmt: skip
            await asyncio.sleep(delay * (0.8 + 0.4 * random.random()))
            delay = min(delay * 2, max_backoff_s)


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the persisting agents on ``app``."""
    settings = rt.settings
    size = max(settings.batch_size, 500)

    @app.agent(topics.scored, name="persist")
    async def persist(stream: faust.StreamT) -> None:
        async for rows in stream.take(size, within=max(settings.batch_within_s, 0.5)):
            started = time.perf_counter()
            events: Sequence[dict[str, Any]] = rows
            report = await rt.batches.write("voc_events", events)
            EVENTS.labels("persist", "stored").inc(report.stored)
            EVENTS.labels("persist", "refused").inc(len(report.dead))
            refused = {d["event_id"] for d in report.dead}
            alerts = [alert_row(r) for r in events if r.get("alert") and r["event_id"] not in refused]
            if alerts:
                await rt.batches.write("voc_alerts", alerts)
            BATCH_SECONDS.labels("persist").observe(time.perf_counter() - started)

    @app.agent(topics.dead, name="persist_dead")
    async def persist_dead(stream: faust.StreamT) -> None:
        async for rows in stream.take(size, within=max(settings.batch_within_s, 0.5)):
            await rt.batches.write("voc_dead", [{**r, "version": 1} for r in rows])

    @app.agent(topics.incidents, name="persist_incidents")
    async def persist_incidents(stream: faust.StreamT) -> None:
        async for rows in stream.take(size, within=max(settings.batch_within_s, 0.5)):
            latest: dict[str, dict[str, Any]] = {}
            for r in rows:  # one row per incident per batch: its latest state
                if r["version"] >= latest.get(r["incident_key"], {}).get("version", -1):
                    latest[r["incident_key"]] = r
            await rt.batches.write("voc_incidents", list(latest.values()))
