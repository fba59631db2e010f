"""The persist agents: batched writes, alert rows for alerts, retries until the warehouse takes them."""

from __future__ import annotations

import asyncio
from typing import Any

from vocradar.settings import Settings
from vocradar.streams.app import create_app
from vocradar.streams.persist_agent import alert_row
from vocradar.streams.runtime import Runtime


class FlakyWarehouse:
    """Refuses the first ``failures`` inserts, like a warehouse that is restarting."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.attempts = 0
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("warehouse restarting")
        self.rows.setdefault(table, []).extend(rows)

    def close(self) -> None:
        pass


def _row(i: int, alert: bool) -> dict[str, Any]:
    return {
        "event_id": f"e{i}",
        "incident_key": f"c{i}",
        "source": "call",
        "occurred_at": "2026-11-23T01:00:00+00:00",
        "scored_at": "2026-11-23T01:00:01+00:00",
        "product": "IPTV",
        "agent_team": "해지방어팀",
        "category": "cancellation",
        "risk": 0.9 if alert else 0.1,
        "risk_level": "critical" if alert else "low",
        "alert": int(alert),
        "reasons": ["publicity_threat"] if alert else [],
        "evidence": "[]",
        "redacted_text": "가" * 1000,
        "version": 1,
    }


def _persist(rows: list[dict[str, Any]], wh: FlakyWarehouse) -> None:
    settings = Settings(_env_file=None, kafka_bootstrap="127.0.0.1:1", batch_within_s=0.05)
    rt = Runtime(settings, warehouse=wh, notifiers=[])  # type: ignore[arg-type]
    app = create_app(settings, runtime=rt)
    app.finalize()
    app.conf.store = "memory://"

    async def feed() -> None:
        async with app.agents["persist"].test_context() as ctx:
            for r in rows:
                await ctx.put(r, key=r["incident_key"].encode(), wait=False)
            for _ in range(200):
                if len(wh.rows.get("voc_events", [])) >= len(rows):
                    break
                await asyncio.sleep(0.05)

    asyncio.run(feed())
    rt.close()


def test_events_and_alert_rows_are_written():
    wh = FlakyWarehouse()
    _persist([_row(i, alert=i % 3 == 0) for i in range(9)], wh)
    assert [r["event_id"] for r in wh.rows["voc_events"]] == [f"e{i}" for i in range(9)]
    assert [r["event_id"] for r in wh.rows["voc_alerts"]] == ["e0", "e3", "e6"]
    assert all(len(r["redacted_text"]) == 600 for r in wh.rows["voc_alerts"])


def test_a_failing_warehouse_is_retried_not_skipped():
    wh = FlakyWarehouse(failures=3)
    _persist([_row(i, alert=False) for i in range(5)], wh)
    assert len(wh.rows["voc_events"]) == 5
    assert wh.attempts >= 4


def test_alert_row_takes_the_alerting_fields():
    row = alert_row(_row(1, alert=True))
    assert row["alerted_at"] == "2026-11-23T01:00:01+00:00" and row["risk_level"] == "critical"
    assert "customer_key" not in row
