"""Agent ``notify``: voc.alerts -> Slack and e-mail, one message per incident and level.

voc.alerts is keyed by incident, so all alerts of one conversation reach the same worker in
order. A changelogged table remembers the highest level notified per incident: later partial
transcripts of a call do not notify again unless the level rises. Deliveries are recorded in
``voc_notifications``; after a crash the worker checks them before sending, so a redelivered
alert is not sent twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import UTC, datetime
from typing import Any

import faust

from vocradar.models.pipeline import level_rank
from vocradar.models.types import LEVELS
from vocradar.streams.persist_agent import write_with_retry
from vocradar.streams.runtime import Runtime

__all__ = ["delivered_rank", "register"]

log = logging.getLogger(__name__)


def delivered_rank(rt: Runtime, incident_key: str) -> int:
    """Highest level rank (0-3) already delivered for an incident, -1 when none."""
    db = rt.settings.warehouse_database
    rows = rt.warehouse.query(
        f"SELECT DISTINCT risk_level FROM {db}.voc_notifications FINAL "
        "WHERE incident_key = {k:String} AND ok = 1",
        {"k": incident_key},
    )
    return max((level_rank(r["risk_level"]) for r in rows), default=-1)


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the notifying agent and its table on ``app``."""
    settings = rt.settings
    min_rank = level_rank(settings.notify_min_level)
    # incident_key -> 1 + highest level rank notified (0: nothing yet)
    notified = app.Table("notified", default=int, partitions=settings.partitions)

    async def deliver(alert: dict[str, Any], previous: int) -> None:
        from vocradar.connectors.notify import AlertMessage

        update = dict(
            alert, is_update=previous >= 0, previous_level=LEVELS[previous] if previous >= 0 else None
        )
        msg = AlertMessage.from_alert(update, settings.dashboard_url)
        results = await asyncio.gather(*(n.send(msg) for n in rt.notifiers))
        now = datetime.now(UTC)
        rows = []
        for r in results:
            ident = f"{alert['incident_key']}|{alert['risk_level']}|{r.channel}"
            rows.append(
                {
                    "notification_id": hashlib.sha256(ident.encode()).hexdigest()[:24],
                    "incident_key": alert["incident_key"],
                    "event_id": alert["event_id"],
                    "channel": r.channel,
                    "risk_level": alert["risk_level"],
                    "sent_at": now,
                    "ok": int(r.ok),
                    "attempts": min(r.attempts, 255),
                    "error": (r.error or "")[:500],
                    "version": 2 if r.ok else 1,  # a success replaces an earlier failure, never the reverse
                }
            )
            if not r.ok:
                log.error("alert %s not delivered to %s: %s", alert["event_id"], r.channel, r.error)
        if rows:
            await write_with_retry(
                rt, lambda: rt.warehouse.insert("voc_notifications", rows), "notification record"
            )

    @app.agent(topics.alerts, name="notify")
    async def notify(stream: faust.StreamT) -> None:
        async for alert in stream:
            key = alert.get("incident_key") or alert.get("event_id")
            rank = level_rank(alert.get("risk_level", "low"))
            if rank < min_rank or not key:
                continue
            previous = notified[key] - 1
            if rank <= previous:
                continue
            try:
                already = await rt.run_io(delivered_rank, rt, key)
            except Exception as exc:  # warehouse down: the table alone decides (state survives via changelog)
                log.warning("could not check earlier deliveries of %s: %s", key, exc)
                already = -1
            if rank <= already:
                notified[key] = already + 1
                continue
            await deliver(alert, max(previous, already))
            notified[key] = rank + 1
