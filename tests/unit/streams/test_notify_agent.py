"""The notify agent: one executive message per incident, threaded updates, acknowledgement, and
the outbox's memory across workers (a redelivered alert, a fresh worker, the digest's window).

Faust's ``agent.test_context()`` drives the agent without a broker; the notifiers and the
warehouse are fakes here (a unit test) and the outbox keeps its records in a
:class:`MemoryOutbox`; the real ones are exercised in tests/integration.
"""

from __future__ import annotations

import asyncio
from typing import Any

from vocradar.connectors.notify import AlertMessage, DeliveryResult, MemoryOutbox, Outbox, message_key
from vocradar.models.incidents import DigestRules, DigestWindow
from vocradar.settings import Settings
from vocradar.streams.app import create_app
from vocradar.streams.notify_agent import digest_state, restore_window, restored_memory
from vocradar.streams.runtime import Runtime


class FakeNotifier:
    channel = "slack"

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[Any] = []
        self.fail = fail

    async def send(self, msg: Any) -> DeliveryResult:
        if self.fail > 0:
            self.fail -= 1
            return DeliveryResult(channel=self.channel, ok=False, attempts=1, status=500, error="HTTP 500")
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
        assert "voc_incident_actions" in sql, sql  # the agent reads nothing else from the warehouse
        acts = [r for r in self.rows.get("voc_incident_actions", []) if r["incident_key"] == key]
        return [{"action": acts[-1]["action"]}] if acts else [{"action": ""}]

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
    alerts: list[dict[str, Any]],
    warehouse: FakeWarehouse | None = None,
    expect: int = 0,
    store: MemoryOutbox | None = None,
    notifier: FakeNotifier | None = None,
) -> tuple[FakeNotifier, FakeWarehouse]:
    """Feed alerts to a fresh worker's agent (its own table; the outbox ``store`` may be shared);
    wait (bounded) until ``expect`` messages went out, then a bit more."""
    settings = Settings(_env_file=None, kafka_bootstrap="127.0.0.1:1", notify_claim_settle_s=0)  # type: ignore[call-arg]
    notifier, wh = notifier or FakeNotifier(), warehouse or FakeWarehouse()
    rt = Runtime(settings, warehouse=wh, notifiers=[notifier])
    rt.outbox_store = store if store is not None else MemoryOutbox()
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
    notifier, _ = _run(
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
    assert notifier.sent[0].message_key == message_key("c1", "open", "", "slack")


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
    store = MemoryOutbox()
    notifier, _ = _run(
        [
            first,
            _incident_alert("tw-1", "high", 100.0, ["new_source", "linked"]),  # within the cooldown
            _incident_alert("tw-2", "high", 900.0, ["burst", "linked"]),
            _incident_alert("tw-3", "high", 950.0, ["linked"]),
        ],
        expect=2,
        store=store,
    )
    assert [m.event_id for m in notifier.sent] == ["call", "tw-2"]
    update = notifier.sent[1]
    assert update.thread == {"slack": "ts-1"}
    assert update.update_note is not None and "이슈 급증" in update.update_note
    assert update.reference is not None and "원 메시지" in update.reference
    assert update.parent_key == message_key("conv-1", "open", "", "slack")
    assert [d["ok"] for d in store.deliveries] == [1, 1]  # voc_notifications rows
    assert sorted(r["kind"] for r in store.rows.values()) == ["open", "update"]
    assert {r["state"] for r in store.rows.values()} == {"sent"}


def test_an_acknowledged_incident_is_not_renotified():
    wh, store = FakeWarehouse(), MemoryOutbox()
    first = _incident_alert("call", "critical", 0.0, ["opened"], source="call")
    notifier, _ = _run([first], warehouse=wh, expect=1, store=store)
    assert len(notifier.sent) == 1
    wh.insert("voc_incident_actions", [{"incident_key": "conv-1", "action": "acknowledged"}])
    # the same warehouse, a fresh worker: the opened message is remembered, the update is not sent
    notifier2, _ = _run(
        [first, _incident_alert("tw-9", "high", 5000.0, ["burst"])], warehouse=wh, store=store
    )
    assert notifier2.sent == []


def test_separate_incidents_each_notify_and_lower_levels_do_not():
    notifier, _ = _run(
        [_alert("a", "a", "critical"), _alert("b", "b", "medium"), _alert("c", "c", "high")], expect=1
    )
    assert [m.event_id for m in notifier.sent] == ["a"]


def test_a_first_message_in_the_outbox_is_not_repeated_by_a_fresh_worker():
    store = MemoryOutbox()
    notifier, _ = _run([_alert("x#1", "x", "critical")], expect=1, store=store)
    assert len(notifier.sent) == 1
    # the alert is redelivered to a worker whose table never saw the first message
    notifier2, _ = _run([_alert("x#1", "x", "critical"), _alert("x#2", "x", "critical")], store=store)
    assert notifier2.sent == []


def test_a_redelivered_update_is_not_sent_again():
    first = _incident_alert("call", "critical", 0.0, ["opened"], source="call")
    update = _incident_alert("tw-2", "high", 900.0, ["burst"])
    store = MemoryOutbox()
    notifier, _ = _run([first, update], expect=2, store=store)
    assert [m.event_id for m in notifier.sent] == ["call", "tw-2"]
    # a fresh worker gets both again (its table is empty, e.g. after a rebalance): nothing is repeated
    notifier2, _ = _run([first, update], store=store)
    assert notifier2.sent == []
    assert len(store.rows) == 2


def test_a_failed_first_message_stays_in_the_outbox_and_is_sent_on_a_later_round():
    store = MemoryOutbox()
    notifier = FakeNotifier(fail=1)
    _run([_alert("y#1", "y", "critical")], store=store, notifier=notifier)
    assert notifier.sent == []
    (row,) = store.rows.values()
    assert row["state"] == "failed" and row["rounds"] == 1 and "500" in row["error"]
    assert store.deliveries[-1]["ok"] == 0
    # the incident counts as opened (a second alert does not open it again)...
    _run([_alert("y#2", "y", "critical")], store=store, notifier=notifier)
    assert notifier.sent == [] and len(store.rows) == 1
    # ...and the retry timer's round sends it once the backoff is over
    store.rows[row["message_key"]]["due_ms"] = 0
    box = Outbox(store, [notifier])
    outcomes = asyncio.run(box.retry_due())
    assert [o.state for o in outcomes] == ["sent"]
    assert [m.event_id for m in notifier.sent] == ["y#1"]
    assert asyncio.run(box.retry_due()) == []


def test_restored_memory_from_outbox_records():
    assert restored_memory([], 5.0) is None
    store = MemoryOutbox()
    box = Outbox(store, [FakeNotifier()])
    msg = AlertMessage.from_alert(_alert("z#1", "z", "critical"), "http://d")
    rows = [
        box.new_row(msg, incident_key="z", kind="open", channel="slack"),
        box.new_row(msg, incident_key="z", kind="update", channel="slack", trigger="z#3"),
        box.new_row(msg, incident_key="z", kind="update", channel="email", trigger="z#3"),
    ]
    rows[1]["risk_level"] = "high"
    memory = restored_memory(rows, 42.0)
    assert memory is not None
    assert memory["opened"] and memory["rank"] == 3 and memory["updates"] == 1
    assert memory["last_update_t"] == 42.0 and memory["title"] == msg.title


def test_the_digest_window_survives_a_restart_through_its_record():
    rules = DigestRules(every_s=600.0)
    store = MemoryOutbox()
    box = Outbox(store, [FakeNotifier()])
    before = DigestWindow(rules)
    picked = before.select(
        [{"incident_key": "k1", "version": 3}, {"incident_key": "k2", "version": 1}], 1000.0
    )
    assert len(picked) == 2
    msg = AlertMessage.from_alert(_alert("digest-x", "digest", "high"), "http://d")
    state = {"window": {"last_t": before.last_t, "sent": before.sent}}
    store.put(
        [
            {
                **box.new_row(msg, incident_key="digest", kind="digest", channel="slack", extra=state),
                "version": 1,
            }
        ]
    )
    assert digest_state(store.latest_digest()) == (1000.0, {"k1": 3, "k2": 1})

    after = DigestWindow(rules)  # a restarted leader
    assert restore_window(after, store.latest_digest())
    assert after.since_ms(1600.0) == before.since_ms(1600.0) == int((1000.0 - before.grace_s) * 1000)
    # what the last digest named is not named again; a newer version of it is
    again = after.select([{"incident_key": "k1", "version": 3}, {"incident_key": "k2", "version": 2}], 1600.0)
    assert [r["incident_key"] for r in again] == ["k2"]
    assert not restore_window(after, store.latest_digest())  # an older record never rewinds it
    assert digest_state(None) is None and digest_state({"payload": "{}"}) is None
