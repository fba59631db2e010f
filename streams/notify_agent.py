"""Agent ``notify``: voc.alerts -> Slack and e-mail, one message per incident with threaded updates.

voc.alerts is keyed by incident (the incident stage has already put a tweet that quotes a call
under the call's incident key), so all alerts of one incident reach the same worker in order.
The routing rules (:class:`~vocradar.models.incidents.Router`, from the routing file) decide:

- the tier: 1st line (the CS quality team, on the dashboard and in the digest) or 2nd line
  (executives on Slack and e-mail: critical incidents, spreading outages);
- one message per incident on the 2nd line, then *updates* in its thread (Slack ``thread_ts``
  with a bot token, e-mail ``In-Reply-To``; a webhook posts a new message saying 업데이트 that
  names the first) on a level rise, a new channel or a burst, at most one per cooldown (event
  time, so a compressed replay behaves as live traffic) except a level rise;
- acknowledgement: once a person acknowledged or resolved the incident on the dashboard
  (``voc_incident_actions``), nothing more is sent until it is reopened or its level rises above
  the level notified at acknowledgement.

A changelogged table remembers per incident what was sent (first message's references, level,
last update time). Deliveries are recorded in ``voc_notifications``; after a crash the worker
checks them before opening, so a redelivered alert is not sent twice. A timer on the leader
sends the digest of 1st-line incidents to the digest channels: those changed since the previous
digest and not acknowledged or resolved (:func:`~vocradar.models.incidents.digest_sql`), each
change named once (:class:`~vocradar.models.incidents.DigestWindow`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from datetime import UTC, datetime
from typing import Any

import faust

from vocradar.models.incidents import (
    SETTLED_ACTIONS,
    Decision,
    DigestWindow,
    Router,
    digest_sql,
    latest_action_sql,
    load_routing,
)
from vocradar.models.pipeline import level_rank
from vocradar.models.types import LEVELS
from vocradar.streams.persist_agent import write_with_retry
from vocradar.streams.runtime import Runtime

__all__ = ["delivered_rank", "latest_action", "register", "update_note"]

log = logging.getLogger(__name__)

_CHANGE_LABELS = {
    "level_rise": "등급 상승",
    "new_source": "새 채널에서 확인",
    "burst": "이슈 급증",
    "service_outage": "서비스 장애 확산",
    "escalated": "2차 대응으로 격상",
    "linked": "관련 이벤트 추가",
}
_SOURCE_LABELS = {
    "call": "통화", "ticket": "문의 티켓", "tweet": "SNS",
    "note": "상담 메모", "chat": "채팅", "email": "이메일",
}  # fmt: skip


def delivered_rank(rt: Runtime, incident_key: str) -> int:
    """Highest level rank (0-3) already delivered for an incident, -1 when none."""
    db = rt.settings.warehouse_database
    rows = rt.warehouse.query(
        f"SELECT DISTINCT risk_level FROM {db}.voc_notifications FINAL "
        "WHERE incident_key = {k:String} AND ok = 1",
        {"k": incident_key},
    )
    return max((level_rank(r["risk_level"]) for r in rows), default=-1)


def latest_action(rt: Runtime, incident_key: str) -> str | None:
    """The latest dashboard action on an incident (acknowledged, resolved, reopened) or None."""
    rows = rt.warehouse.query(latest_action_sql(rt.settings.warehouse_database), {"k": incident_key})
    action = rows[0].get("action") if rows else None
    return str(action) if action else None


def update_note(alert: dict[str, Any], memory: dict[str, Any], decision: Decision) -> str:
    """The Korean line that says what changed since the last message."""
    level = alert.get("incident", {}).get("level") or alert.get("risk_level") or "?"
    parts = []
    for change in alert.get("changes") or ():
        if change not in _CHANGE_LABELS or change == "linked":
            continue
        if change == "level_rise":
            prev = LEVELS[int(memory.get("rank", 0))] if 0 <= int(memory.get("rank", 0)) < 4 else "?"
            parts.append(f"등급 상승 {prev} → {level}")
        elif change == "new_source":
            source = str(alert.get("source") or "")
            parts.append(f"새 채널에서 확인 ({_SOURCE_LABELS.get(source, source)})")
        else:
            parts.append(_CHANGE_LABELS[change])
    if not parts and decision.why == "level_rise":
        parts.append(f"등급 상승 → {level}")
    return "업데이트: " + (", ".join(parts) if parts else "관련 이벤트 추가")


def _snapshot(alert: dict[str, Any]) -> dict[str, Any]:
    inc = alert.get("incident")
    if isinstance(inc, dict):
        return inc
    return {  # an alert that did not pass the incident stage: its own incident
        "key": alert.get("incident_key") or alert.get("event_id"),
        "level": alert.get("risk_level", "low"),
        "reasons": list(alert.get("reasons") or ()),
        "sources": [alert.get("source")] if alert.get("source") else [],
        "events": 1,
    }


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the notifying agent, its table and the digest timer on ``app``."""
    settings = rt.settings
    min_rank = level_rank(settings.notify_min_level)
    rules = load_routing(settings.routing_file)
    # incident_key -> what was sent: opened, rank, refs, title, sent_at, last_update_t, updates, ack_rank
    notified = app.Table("notified", default=None, partitions=settings.partitions)

    def channels_of(names: tuple[str, ...]) -> list[Any]:
        return [n for n in rt.notifiers if n.channel in names]

    async def deliver(alert: dict[str, Any], decision: Decision, memory: dict[str, Any]) -> dict[str, Any]:
        from vocradar.connectors.notify import AlertMessage

        inc = _snapshot(alert)
        level = inc.get("level") or alert.get("risk_level", "low")
        msg = AlertMessage.from_alert({**alert, "risk_level": level}, settings.dashboard_url)
        is_update = decision.action == "update"
        if is_update:
            from dataclasses import replace

            reference = f"원 메시지: {memory.get('title', '')} ({memory.get('sent_at', '')})"
            note = update_note(alert, memory, decision)
            msg = replace(msg.threaded(memory.get("refs") or {}, reference), update_note=note)
        notifiers = channels_of(decision.channels)
        results = await asyncio.gather(*(n.send(msg) for n in notifiers))
        now = datetime.now(UTC)
        rows = []
        for r in results:
            what = f"update|{alert['event_id']}" if is_update else "open"
            ident = f"{alert['incident_key']}|{what}|{r.channel}"
            rows.append(
                {
                    "notification_id": hashlib.sha256(ident.encode()).hexdigest()[:24],
                    "incident_key": alert["incident_key"],
                    "event_id": alert["event_id"],
                    "channel": r.channel,
                    "risk_level": level,
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
        out = dict(memory)
        out["opened"] = True
        out["rank"] = max(int(memory.get("rank", -1)), level_rank(level))
        out["last_update_t"] = float(alert.get("t") or 0.0)
        if is_update:
            out["updates"] = int(memory.get("updates", 0)) + 1
        else:
            out["refs"] = {r.channel: r.ref for r in results if r.ok and r.ref}
            out["title"] = msg.title
            out["sent_at"] = now.isoformat(timespec="seconds")
        return out

    router: Router | None = None  # built on first use: the notifiers are built lazily

    @app.agent(topics.alerts, name="notify")
    async def notify(stream: faust.StreamT) -> None:
        nonlocal router
        async for alert in stream:
            key = alert.get("incident_key") or alert.get("event_id")
            inc = _snapshot(alert)
            if not key or level_rank(inc.get("level", "low")) < min_rank:
                continue
            memory: dict[str, Any] = dict(notified.get(key) or {})
            ack = None
            if memory.get("opened"):
                try:
                    ack = await rt.run_io(latest_action, rt, key)
                except Exception as exc:  # warehouse down: keep notifying rather than go silent
                    log.warning("could not read actions on %s: %s", key, exc)
                if ack in SETTLED_ACTIONS and "ack_rank" not in memory:
                    memory["ack_rank"] = int(memory.get("rank", -1))
                    notified[key] = memory
                elif ack == "reopened" and "ack_rank" in memory:
                    memory.pop("ack_rank")
                    notified[key] = memory
            t = float(alert.get("t") or 0.0)
            if router is None:
                router = Router(rules, channels_available=tuple(sorted({n.channel for n in rt.notifiers})))
            decision = router.decide(inc, alert.get("changes") or (), t, memory, ack)
            if decision.action == "skip":
                continue
            if decision.action == "open":
                try:
                    already = await rt.run_io(delivered_rank, rt, key)
                except Exception as exc:  # warehouse down: the table alone decides
                    log.warning("could not check earlier deliveries of %s: %s", key, exc)
                    already = -1
                if already >= 0:  # sent before a crash: remember it, do not send again
                    notified[key] = {**memory, "opened": True, "rank": already, "last_update_t": t}
                    continue
            notified[key] = await deliver(alert, decision, memory)

    digest = rules.digest
    window = DigestWindow(digest)

    @app.timer(digest.every_s, on_leader=True)
    async def send_digest() -> None:  # pragma: no cover - timing path, tests/integration/test_stream.py
        wanted = channels_of(tuple(digest.channels))
        if not wanted:
            return
        from vocradar.connectors.notify import digest_message

        now = time.time()
        sql = digest_sql(settings.warehouse_database, digest, extra=len(window.sent))
        try:
            rows = await rt.run_io(rt.warehouse.query, sql, {"since_ms": window.since_ms(now)})
        except Exception as exc:
            log.warning("digest skipped: %s", exc)
            return
        rows = window.select(rows, now)
        if rows:
            period = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M UTC")
            msg = digest_message(rows, settings.dashboard_url, period)
            for r in await asyncio.gather(*(n.send(msg) for n in wanted)):
                if not r.ok:
                    log.error("digest of %d incidents not delivered to %s: %s", len(rows), r.channel, r.error)
