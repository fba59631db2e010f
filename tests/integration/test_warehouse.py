"""The warehouse on the real ClickHouse engine (chDB) behind the ClickHouse HTTP interface.

clickhouse-connect, the client used against a ClickHouse server, talks to the embedded service
here: the same DDL and SQL serve both.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from conftest import open_warehouse

pytestmark = pytest.mark.integration


def _row(event_id: str, version: int, risk: float = 0.1) -> dict:
    now = datetime.now(UTC)
    return {
        "event_id": event_id,
        "source": "tweet",
        "occurred_at": now.isoformat(),
        "scored_at": now,
        "conversation_id": "",
        "incident_key": event_id,
        "customer_key": "",
        "customer_followers": 0,
        "customer_verified": 0,
        "agent_id": "",
        "agent_team": "",
        "product": "5G 요금제",
        "lang": "ko",
        "is_partial": 0,
        "turn_count": 0,
        "char_count": 10,
        "truncated": 0,
        "redacted_text": "요금 폭탄 ㅠㅠ",
        "raw_text": "",
        "category": "billing",
        "category_confidence": 0.8,
        "risk": risk,
        "risk_level": "low",
        "alert": 0,
        "reasons": [],
        "evidence": "[]",
        "lexicon_hash": "x",
        "model_version": "y",
        "version": version,
    }


@pytest.fixture()
def wh(warehouse_url):
    db = "w_" + uuid.uuid4().hex[:8]
    w = open_warehouse(warehouse_url, db)
    yield w, db
    w.command(f"DROP DATABASE IF EXISTS {db}")
    w.close()


def test_schema_is_idempotent(wh):
    w, db = wh
    w.ensure_schema()
    w.ensure_schema()
    tables = {
        r["name"] for r in w.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": db})
    }
    assert {"voc_events", "voc_alerts", "voc_notifications", "voc_dead", "voc_schema"} <= tables


def test_redelivered_rows_are_counted_once(wh):
    w, db = wh
    w.insert("voc_events", [_row("e1", 1), _row("e2", 1)])
    w.insert("voc_events", [_row("e1", 2, risk=0.9)])  # the same event, delivered again
    assert w.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 2
    assert w.scalar(f"SELECT risk FROM {db}.voc_events FINAL WHERE event_id = 'e1'") == pytest.approx(0.9)


def test_bound_parameters_cannot_inject(wh):
    w, db = wh
    w.insert("voc_events", [_row("e1", 1)])
    evil = "x' OR 1=1 --"
    rows = w.query(f"SELECT event_id FROM {db}.voc_events FINAL WHERE event_id = {{e:String}}", {"e": evil})
    assert rows == []
    quoted = w.query("SELECT {e:String} AS v", {"e": "it's \\ 'quoted'\t한글"})
    assert quoted[0]["v"] == "it's \\ 'quoted'\t한글"


def test_korean_text_and_arrays_round_trip(wh):
    w, db = wh
    row = _row("e3", 1) | {
        "reasons": ["publicity_threat", "agent_obstruction"],
        "redacted_text": "녹음하고 있어요 😡",
    }
    w.insert("voc_events", [row])
    got = w.query(f"SELECT reasons, redacted_text FROM {db}.voc_events FINAL")[0]
    assert got["reasons"] == ["publicity_threat", "agent_obstruction"]
    assert got["redacted_text"] == "녹음하고 있어요 😡"


def test_errors_come_back_as_errors(wh):
    w, _ = wh
    with pytest.raises(Exception, match=r"(?i)syntax|unknown|exception"):
        w.query("SELEC nonsense")
    with pytest.raises(ValueError):
        w.insert("not_a_table", [{"a": 1}])


def _incident(key: str, *, tier: int = 1, level: str = "high", age_s: float = 0.0) -> dict:
    from datetime import timedelta

    at = datetime.now(UTC) - timedelta(seconds=age_s)
    return {
        "incident_key": key,
        "kind": "conversation",
        "status": "open",
        "tier": tier,
        "risk_level": level,
        "reasons": ["repeat_contact"],
        "origin_source": "call",
        "sources": ["call"],
        "categories": ["billing"],
        "products": ["5G 요금제"],
        "burst_key": "",
        "first_event_id": key,
        "event_count": 1,
        "customer_count": 1,
        "opened_at": at,
        "detected_at": at,
        "last_event_at": at,
        "escalated_at": None,
        "timeline": "[]",
        "updated_at": at,
        "version": 1,
    }


def _action(key: str, action: str, minutes_ago: int) -> dict:
    from datetime import timedelta

    return {
        "action_id": f"{key}-{action}-{minutes_ago}",
        "incident_key": key,
        "action": action,
        "actor": "qa-lead",
        "actor_role": "cs_quality",
        "note": "",
        "acted_at": datetime.now(UTC) - timedelta(minutes=minutes_ago),
        "version": 1,
    }


def test_digest_lists_first_line_incidents_that_still_want_attention(wh):
    from vocradar.models.incidents import DigestRules, digest_sql

    wh, db = wh
    wh.insert(
        "voc_incidents",
        [
            _incident("open-high"),
            _incident("open-critical", level="critical"),
            _incident("medium", level="medium"),  # below the digest's level
            _incident("second-line", tier=2),  # executives were told directly
            _incident("quiet", age_s=7200),  # nothing new in the period
            _incident("acknowledged"),
            _incident("resolved"),
            _incident("reopened"),
        ],
    )
    wh.insert(
        "voc_incident_actions",
        [
            _action("acknowledged", "acknowledged", 5),
            _action("resolved", "acknowledged", 9),
            _action("resolved", "resolved", 4),
            _action("reopened", "acknowledged", 30),
            _action("reopened", "reopened", 2),  # back with the 1st line
        ],
    )
    rules = DigestRules(min_level="high", every_s=3600, channels=("email",), max_items=20)
    hour_ago = {"since_ms": int((datetime.now(UTC).timestamp() - 3600) * 1000)}

    def keys(rules: DigestRules) -> list[str]:
        return [r["incident_key"] for r in wh.query(digest_sql(db, rules), hour_ago)]

    assert set(keys(rules)) == {"open-high", "open-critical", "reopened"}
    assert len(keys(rules.model_copy(update={"max_items": 2}))) == 2
    assert "medium" in keys(rules.model_copy(update={"min_level": "medium"}))


# --- retention ------------------------------------------------------------------------------------


def test_every_table_with_personal_data_has_a_ttl_in_its_ddl(wh):
    from vocradar.connectors.schema import RETENTION, TABLES, ddl_statements
    from vocradar.connectors.warehouse import retention_days
    from vocradar.settings import Settings

    w, db = wh
    days = retention_days(Settings(_env_file=None))
    ddl = {t: s for t, s in zip(TABLES, ddl_statements(db, days)[1:], strict=True)}
    for table in TABLES:
        assert ("TTL " in ddl[table]) == (table in RETENTION), table
    assert "TTL toDateTime(scored_at) + toIntervalDay(365)" in ddl["voc_events"]
    assert "TTL toDateTime(received_at) + toIntervalDay(30)" in ddl["voc_dead"]
    assert all("TTL" not in s for s in ddl_statements(db))  # no retention given: none
    engines = {
        r["name"]: r["engine_full"]
        for r in w.query("SELECT name, engine_full FROM system.tables WHERE database = {d:String}", {"d": db})
    }
    assert "TTL toDateTime(scored_at) + toIntervalDay(365)" in engines["voc_events"]
    assert "TTL toDateTime(acted_at) + toIntervalDay(730)" in engines["voc_incident_actions"]
    assert "TTL" not in engines["voc_launches"] and "TTL" not in engines["voc_schema"]


def test_retention_migration_applies_to_an_old_table_and_drops_expired_rows(warehouse_url):
    from datetime import timedelta

    from vocradar.connectors.schema import SCHEMA_VERSION
    from vocradar.connectors.warehouse import Warehouse, connect_warehouse
    from vocradar.settings import Settings

    db = "r_" + uuid.uuid4().hex[:8]
    base = Settings(_env_file=None, warehouse_url=warehouse_url, warehouse_database=db)
    client = connect_warehouse(base, ensure_schema=False).client
    old = Warehouse(client, db)  # as the first release made it: no retention, schema version 1
    try:
        old.ensure_schema()
        old.command(f"TRUNCATE TABLE {db}.voc_schema")
        old.insert("voc_schema", [{"version": 1}])

        def engine(table: str) -> str:
            return str(
                old.scalar(
                    "SELECT engine_full FROM system.tables WHERE database = {d:String} AND name = {t:String}",
                    {"d": db, "t": table},
                )
            )

        assert "TTL" not in engine("voc_events")
        stale = _row("stale", 1) | {"scored_at": datetime.now(UTC) - timedelta(days=40)}
        old.insert("voc_events", [stale, _row("fresh", 1)])

        new = connect_warehouse(base.model_copy(update={"retention_days_events": 30}))
        assert "TTL toDateTime(scored_at) + toIntervalDay(30)" in engine("voc_events")
        assert "TTL toDateTime(received_at) + toIntervalDay(30)" in engine("voc_dead")
        assert new.scalar(f"SELECT max(version) FROM {db}.voc_schema") == SCHEMA_VERSION
        assert new.retention_migrations() == []  # applied once; the next start has nothing to do
        new.command(f"OPTIMIZE TABLE {db}.voc_events FINAL")
        assert {r["event_id"] for r in new.query(f"SELECT event_id FROM {db}.voc_events")} == {"fresh"}

        # 0 days: kept forever, the TTL goes
        connect_warehouse(base.model_copy(update={"retention_days_events": 0}))
        assert "TTL" not in engine("voc_events")
        assert "TTL toDateTime(alerted_at) + toIntervalDay(365)" in engine("voc_alerts")
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()
