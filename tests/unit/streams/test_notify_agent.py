"""The notify agent: one executive message per incident, threaded updates, acknowledgement.

Faust's ``agent.test_context()`` drives the agent without a broker; the notifiers and the
warehouse are fakes here (a unit test), the real ones are exercised in tests/integration.
"""

from __future__ import annotations

import asyncio
from typing import Any

from vocradar.connectors.notify import DeliveryResult
from vocradar.settings import Settings
from vocradar.streams.app import create_app
from vocradar.streams.runtime import Runtime


class FakeNotifier:
    channel = "slack"

    def __init__(self) -> None:
        self.sent: list[Any] = []

    async def send(self, msg: Any) -> DeliveryResult:
        self.sent.append(msg)
        ref = f"ts-{len(self.sent)}"
        return DeliveryResult(channel=self.channel, ok=True, attempts=1, status=200, error=None, ref=ref)


class FakeWarehouse:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.rows.setdefault(table, []).extend(rows)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        key = (params or {}).get("k")
        if "voc_incident_actions" in sql:
            acts = [r for r in self.rows.get("voc_incident_actions", []) if r["incident_key"] == key]
            return [{"action": acts[-1]["action"]}] if acts else [{"action": ""}]
        return [
            {"risk_level": r["risk_level"]}
            for r in self.rows.get("voc_notifications", [])
            if r["incident_key"] == key and r["ok"]
        ]

    def close(self) -> None:
        pass


def _alert(event_id: str, incident: str, level: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "incident_key": incident,
        "risk_level": level,
        "risk": 0.9,
        "alert": True,
        "source": "call",
        "category": "cancellation",
        "reasons": ["agent_obstruction"],
        "evidence": [],
        "redacted_text": "",
        "occurred_at": "2026-11-23T01:00:00+00:00",
    }


def _run(
    alerts: list[dict[str, Any]], warehouse: FakeWarehouse | None = None, expect: int = 0
) -> tuple[FakeNotifier, FakeWarehouse]:
    """Feed alerts to the agent; wait (bounded) until ``expect`` messages went out, then a bit more."""
    settings = Settings(_env_file=None, kafka_bootstrap="127.0.0.1:1")
    notifier, wh = FakeNotifier(), warehouse or FakeWarehouse()
    rt = Runtime(settings, warehouse=wh, notifiers=[notifier])  # type: ignore[arg-type]
    app = create_app(settings, runtime=rt)
    app.finalize()
    app.conf.store = "memory://"
    agent = app.agents["notify"]

    async def feed() -> None:
        async with agent.test_context() as ctx:
            for a in alerts:
                await ctx.put(a, key=a["incident_key"].encode())
            for _ in range(100):  # the agent may still be handling the last value
                if len(notifier.sent) >= expect:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)  # room for a wrong extra message to show up

    asyncio.run(feed())
    rt.close()
    return notifier, wh


def test_partials_of_one_call_open_once_and_update_in_the_thread_on_a_level_rise():
    notifier, wh = _run(
        [
            _alert("c1#5", "c1", "high"),  # 1st line: the dashboard, no message
            _alert("c1#6", "c1", "critical"),
            _alert("c1#7", "c1", "critical"),
            _alert("c1#8", "c1", "high"),
        ],
        expect=1,
    )
    assert [m.event_id for m in notifier.sent] == ["c1#6"]
    assert notifier.sent[0].thread == {} and notifier.sent[0].update_note is None
    assert len(wh.rows["voc_notifications"]) == 1


def _incident_alert(event_id: str, level: str, t: float, changes: list[str], source: str = "tweet") -> dict:
    alert = _alert(event_id, "conv-1", level)
    alert.update(
        source=source,
        t=t,
        changes=changes,
        incident={
            "key": "conv-1",
            "level": "critical",
            "reasons": [],
            "sources": ["call", source],
            "events": 2,
        },
    )
    return alert


def test_updates_are_threaded_and_rate_limited():
    first = _incident_alert("call", "critical", 0.0, ["opened", "escalated"], source="call")
    first["incident"] = {**first["incident"], "sources": ["call"], "events": 1}
    notifier, wh = _run(
        [
            first,
            _incident_alert("tw-1", "high", 100.0, ["new_source", "linked"]),  # within the cooldown
            _incident_alert("tw-2", "high", 900.0, ["burst", "linked"]),
            _incident_alert("tw-3", "high", 950.0, ["linked"]),
        ],
        expect=2,
    )
    assert [m.event_id for m in notifier.sent] == ["call", "tw-2"]
    update = notifier.sent[1]
    assert update.thread == {"slack": "ts-1"}
    assert update.update_note is not None and "이슈 급증" in update.update_note
    assert update.reference is not None and "원 메시지" in update.reference
    assert len(wh.rows["voc_notifications"]) == 2


def test_an_acknowledged_incident_is_not_renotified():
    wh = FakeWarehouse()
    first = _incident_alert("call", "critical", 0.0, ["opened"], source="call")
    notifier, _ = _run([first], warehouse=wh, expect=1)
    assert len(notifier.sent) == 1
    wh.insert("voc_incident_actions", [{"incident_key": "conv-1", "action": "acknowledged"}])
    # the same warehouse, a fresh worker: the opened message is remembered, the update is not sent
    notifier2, _ = _run([first, _incident_alert("tw-9", "high", 5000.0, ["burst"])], warehouse=wh)
    assert notifier2.sent == []


def test_separate_incidents_each_notify_and_lower_levels_do_not():
    notifier, _ = _run(
        [_alert("a", "a", "critical"), _alert("b", "b", "medium"), _alert("c", "c", "high")], expect=1
    )
    assert [m.event_id for m in notifier.sent] == ["a"]


def test_a_delivery_remembered_in_the_warehouse_is_not_repeated():
    wh = FakeWarehouse()
    wh.insert("voc_notifications", [{"incident_key": "x", "risk_level": "critical", "ok": 1}])
    notifier, _ = _run([_alert("x#9", "x", "critical")], warehouse=wh)
    assert notifier.sent == []
