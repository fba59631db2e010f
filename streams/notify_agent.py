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

Every message goes through the outbox (:class:`~vocradar.connectors.notify.Outbox`, records in
``voc_outbox``): its key is the incident, the kind (first, update, digest), what triggered it and
the channel, so a redelivered alert, a restarted worker or the new owner of a partition finds the
record and does not send it again; a record is pending before the message is sent and sent after,
and a failed or interrupted one is retried by the leader's timer until it is sent or an operator
gives up (``vocradar outbox``). A changelogged table remembers per incident what was sent (level,
last update time); when it lost its last writes, the outbox rebuilds it. A timer on the leader
sends the digest of 1st-line incidents to the digest channels: those changed since the previous
digest and not acknowledged or resolved (:func:`~vocradar.models.incidents.digest_sql`), each
change named once (:class:`~vocradar.models.incidents.DigestWindow`, whose state is kept in the
digest's outbox record, so it survives restarts and a change of leader).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import faust

from vocradar.connectors.notify import (
    AlertMessage,
    Outbox,
    OutboxPolicy,
    WarehouseOutbox,
    digest_message,
    message_key,
)
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
from vocradar.streams.runtime import Runtime

__all__ = [
    "digest_state",
    "latest_action",
    "outbox_for",
    "register",
    "restore_window",
    "restored_memory",
    "update_note",
]

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


def restored_memory(rows: list[dict[str, Any]], t: float) -> dict[str, Any] | None:
    """The notifier's memory of an incident rebuilt from its outbox records (after a restart or a
    rebalance that lost the table's last writes), or None when no first message was ever recorded."""
    opens = [r for r in rows if r.get("kind") == "open"]
    if not opens:
        return None
    ranks = [level_rank(str(r.get("risk_level") or "")) for r in rows if r.get("kind") in ("open", "update")]
    updates = {r.get("event_id") for r in rows if r.get("kind") == "update"}
    first = min(opens, key=lambda r: int(r.get("created_ms") or 0))
    try:
        title = str(json.loads(first.get("payload") or "{}").get("message", {}).get("title", ""))
    except ValueError:
        title = ""
    sent_at = datetime.fromtimestamp(int(first.get("created_ms") or 0) / 1000, UTC)
    return {
        "opened": True,
        "rank": max(ranks, default=-1),
        "last_update_t": t,
        "updates": len(updates),
        "title": title,
        "sent_at": sent_at.isoformat(timespec="seconds"),
    }


def digest_state(row: dict[str, Any] | None) -> tuple[float, dict[str, int]] | None:
    """The digest window's state (``last_t``, ``sent``) kept in the newest digest record."""
    if not row:
        return None
    try:
        window = json.loads(row.get("payload") or "{}").get("window") or {}
        return float(window["last_t"]), {str(k): int(v) for k, v in (window.get("sent") or {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def restore_window(window: DigestWindow, row: dict[str, Any] | None) -> bool:
    """Bring ``window`` up to the state of the newest digest record; True when it changed."""
    state = digest_state(row)
    if state is None or (window.last_t is not None and state[0] <= window.last_t):
        return False
    window.last_t, window.sent = state
    return True


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


def outbox_for(rt: Runtime) -> Outbox:
    """The worker's outbox: records in the warehouse (or in ``rt.outbox_store`` when the runtime
    carries one), the runtime's notifiers, the notify settings."""
    settings = rt.settings
    store = getattr(rt, "outbox_store", None) or WarehouseOutbox(lambda: rt.warehouse)
    policy = OutboxPolicy(
        lease_s=settings.notify_lease_s,
        settle_s=settings.notify_claim_settle_s,
        retry_base_s=settings.notify_retry_base_s,
        retry_max_s=settings.notify_retry_max_s,
    )
    on_delivered = None
    if settings.notify_fault_exit_after_send:
        channel = settings.notify_fault_exit_after_send

        def on_delivered(row: Mapping[str, Any]) -> None:  # pragma: no cover - exits the process
            if row["channel"] == channel:
                log.error("fault injection: exiting after %s accepted %s", channel, row["message_key"][:12])
                os._exit(70)

    return Outbox(store, rt.notifiers, policy, run_io=rt.run_io, on_delivered=on_delivered)


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the notifying agent, its table, the outbox's retry timer and the digest timer."""
    settings = rt.settings
    min_rank = level_rank(settings.notify_min_level)
    rules = load_routing(settings.routing_file)
    # incident_key -> what was sent: opened, rank, title, sent_at, last_update_t, updates, ack_rank
    notified = app.Table("notified", default=None, partitions=settings.partitions)
    outbox: Outbox | None = None  # built on first use: the notifiers are built lazily

    def get_outbox() -> Outbox:
        nonlocal outbox
        if outbox is None:
            outbox = outbox_for(rt)
        return outbox

    def channels_of(names: tuple[str, ...]) -> list[str]:
        configured = {n.channel for n in rt.notifiers}
        return [c for c in names if c in configured]

    async def deliver(alert: dict[str, Any], decision: Decision, memory: dict[str, Any]) -> dict[str, Any]:
        key = str(alert.get("incident_key") or alert.get("event_id"))
        inc = _snapshot(alert)
        level = inc.get("level") or alert.get("risk_level", "low")
        msg = AlertMessage.from_alert({**alert, "risk_level": level}, settings.dashboard_url)
        is_update = decision.action == "update"
        if is_update:
            reference = f"원 메시지: {memory.get('title', '')} ({memory.get('sent_at', '')})"
            note = update_note(alert, memory, decision)
            msg = replace(msg.threaded({}, reference), update_note=note)
        box = get_outbox()
        kind = "update" if is_update else "open"
        trigger = str(alert.get("event_id") or "") if is_update else ""
        rows = [
            box.new_row(
                msg,
                incident_key=key,
                kind=kind,
                channel=channel,
                trigger=trigger,
                parent_key=message_key(key, "open", "", channel) if is_update else "",
            )
            for channel in channels_of(decision.channels)
        ]
        outcomes = await box.submit(rows)
        now = datetime.now(UTC)
        out = dict(memory)
        # Opened even when a channel failed: its record stays in the outbox and is retried there.
        out["opened"] = True
        out["rank"] = max(int(memory.get("rank", -1)), level_rank(level))
        out["last_update_t"] = float(alert.get("t") or 0.0)
        if is_update:
            out["updates"] = int(memory.get("updates", 0)) + 1
        else:
            out["title"] = msg.title
            out["sent_at"] = now.isoformat(timespec="seconds")
        for o in outcomes:
            if o.state == "failed":
                log.error(
                    "%s of %s not delivered to %s yet: %s (retried later)", kind, key, o.channel, o.error
                )
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
                # The table may have lost the last writes (a crash, a rebalance): the outbox has not.
                box = get_outbox()
                records = await box.records_of(str(key))
                restored = restored_memory(records, t)
                if restored is not None:  # a first message exists (sent, pending or retried): not again
                    for r in records:
                        if r["kind"] == "open" and r["state"] == "pending":
                            log.warning(
                                "first message of %s on %s is being sent by %s: left to it",
                                key,
                                r["channel"],
                                r["owner"],
                            )
                    notified[key] = {**memory, **restored}
                    continue
            notified[key] = await deliver(alert, decision, memory)

    @app.timer(settings.notify_retry_every_s, on_leader=True)
    async def retry_outbox() -> None:  # pragma: no cover - timing path, tests/integration/test_faults.py
        if not rt.notifiers:
            return
        for o in await get_outbox().retry_due():
            if o.state == "sent":
                log.warning("message %s delivered to %s on a later round", o.key[:12], o.channel)

    digest = rules.digest
    window = DigestWindow(digest)

    @app.timer(digest.every_s, on_leader=True)
    async def send_digest() -> None:  # pragma: no cover - timing path, tests/integration/test_stream.py
        wanted = channels_of(tuple(digest.channels))
        if not wanted:
            return
        box = get_outbox()
        # The window lives in the newest digest record: a restarted or new leader goes on from it.
        restore_window(window, await box.latest_digest())
        await send_digest_now(box, window, wanted, time.time())

    async def send_digest_now(box: Outbox, window: DigestWindow, wanted: list[str], now: float) -> None:
        sql = digest_sql(settings.warehouse_database, digest, extra=len(window.sent))
        since_ms = window.since_ms(now)
        try:
            rows = await rt.run_io(rt.warehouse.query, sql, {"since_ms": since_ms})
        except Exception as exc:
            log.warning("digest skipped: %s", exc)
            return
        rows = window.select(rows, now)
        if not rows:
            return
        period = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M UTC")
        msg = digest_message(rows, settings.dashboard_url, period)
        state = {"window": {"last_t": window.last_t, "sent": window.sent}}
        records = [
            box.new_row(
                msg, incident_key="digest", kind="digest", channel=c, trigger=str(since_ms), extra=state
            )
            for c in wanted
        ]
        for o in await box.submit(records):
            if o.state == "failed":
                log.error("digest of %d incidents not delivered to %s yet: %s", len(rows), o.channel, o.error)
