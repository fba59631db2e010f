"""The warehouse on the real ClickHouse engine (chDB) behind the ClickHouse HTTP interface.

clickhouse-connect, the client used against a ClickHouse server, talks to the embedded service
here: the same DDL and SQL serve both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    base = Settings(
        _env_file=None, warehouse_url=warehouse_url, warehouse_database=db, warehouse_auto_migrate=True
    )
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


# --- the idempotency key (source, event_id) -------------------------------------------------------


def _alert(event_id: str, source: str, version: int = 1) -> dict:
    now = datetime.now(UTC)
    return {
        "event_id": event_id,
        "incident_key": f"{source}-{event_id}",
        "source": source,
        "occurred_at": now,
        "alerted_at": now,
        "product": "",
        "agent_team": "",
        "category": "billing",
        "risk": 0.9,
        "risk_level": "high",
        "reasons": [],
        "evidence": "[]",
        "redacted_text": "",
        "version": version,
    }


def test_a_ticket_and_a_call_with_the_same_id_are_two_events(wh):
    w, db = wh
    w.insert("voc_events", [_row("123", 1) | {"source": "ticket"}, _row("123", 1) | {"source": "call"}])
    w.insert("voc_alerts", [_alert("123", "ticket"), _alert("123", "call")])
    # the call redelivered: it replaces its own twin only
    w.insert("voc_events", [_row("123", 2, risk=0.7) | {"source": "call"}])
    w.insert("voc_alerts", [_alert("123", "call", version=2)])
    for table in ("voc_events", "voc_alerts"):
        assert w.scalar(f"SELECT count() FROM {db}.{table} FINAL") == 2, table
        w.command(f"OPTIMIZE TABLE {db}.{table} FINAL")  # merged for good: still two
        assert w.scalar(f"SELECT count() FROM {db}.{table}") == 2, table
    risks = dict(w.client.query(f"SELECT source, risk FROM {db}.voc_events FINAL").result_rows)
    assert risks["ticket"] == pytest.approx(0.1) and risks["call"] == pytest.approx(0.7)
    sorting = w.scalar(
        "SELECT sorting_key FROM system.tables WHERE database = {d:String} AND name = 'voc_events'", {"d": db}
    )
    assert sorting == "source, event_id"

    from vocradar.dashboards.queries import event_detail

    assert set(event_detail(w, db, "123")["source"]) <= {"ticket", "call"}
    assert list(event_detail(w, db, "123", "ticket")["risk"]) == [pytest.approx(0.1)]
    assert list(event_detail(w, db, "123", "call")["risk"]) == [pytest.approx(0.7)]


def test_erasure_of_a_ticket_leaves_the_call_with_the_same_id(wh):
    from vocradar.connectors.erasure import erase_warehouse

    w, db = wh
    w.insert(
        "voc_events",
        [
            _row("123", 1) | {"source": "ticket", "customer_key": "erase-me"},
            _row("123", 1) | {"source": "call", "customer_key": "someone-else"},
        ],
    )
    w.insert("voc_alerts", [_alert("123", "ticket"), _alert("123", "call")])
    report = erase_warehouse(w, "erase-me")
    assert report.events == [("ticket", "123")]
    assert report.tables["voc_alerts"] == 1
    assert w.client.query(f"SELECT source FROM {db}.voc_alerts FINAL").result_rows == [("call",)]
    assert w.client.query(f"SELECT source FROM {db}.voc_events FINAL").result_rows == [("call",)]


# --- migrations ------------------------------------------------------------------------------------


def _previous_release(w, db: str) -> None:
    """The tables as the release before the (source, event_id) key made them (schema 2)."""
    from vocradar.connectors.schema import ddl_statements

    for stmt in ddl_statements(db):
        w.command(
            stmt.replace("ORDER BY (source, event_id)", "ORDER BY event_id").replace(
                ",\n    description         String DEFAULT ''", ""
            )
        )
    w.insert("voc_schema", [{"version": 1}, {"version": 2}])


def _fresh(warehouse_url: str, prefix: str):
    from vocradar.connectors.warehouse import Warehouse, connect_warehouse
    from vocradar.settings import Settings

    db = prefix + uuid.uuid4().hex[:8]
    # these tests upgrade old databases through connect_warehouse, as a worker allowed to migrate
    settings = Settings(
        _env_file=None, warehouse_url=warehouse_url, warehouse_database=db, warehouse_auto_migrate=True
    )
    return db, settings, Warehouse(connect_warehouse(settings, ensure_schema=False).client, db)


def _sorting(w, db: str) -> dict[str, str]:
    rows = w.query("SELECT name, sorting_key FROM system.tables WHERE database = {d:String}", {"d": db})
    return {r["name"]: r["sorting_key"] for r in rows}


def test_upgrade_from_the_previous_release_keeps_every_row(warehouse_url):
    from datetime import timedelta

    from vocradar.connectors.schema import MIGRATIONS, SCHEMA_VERSION
    from vocradar.connectors.warehouse import connect_warehouse

    db, settings, old = _fresh(warehouse_url, "m_")
    try:
        _previous_release(old, db)
        assert _sorting(old, db)["voc_events"] == "event_id"
        # three monthly partitions, and a redelivered row the old key already merged
        months = [datetime.now(UTC) - timedelta(days=d) for d in (0, 35, 70)]
        rows = [_row(f"e{i}", 1) | {"occurred_at": months[i % 3].isoformat()} for i in range(30)]
        old.insert("voc_events", rows)
        old.insert("voc_events", [_row("e0", 2, risk=0.5) | {"occurred_at": months[0].isoformat()}])
        old.insert("voc_alerts", [_alert(f"a{i}", "call") for i in range(5)])

        new = connect_warehouse(settings)
        keys = _sorting(new, db)
        assert keys["voc_events"] == "source, event_id" and keys["voc_alerts"] == "source, event_id"
        assert not [t for t in keys if "__rebuild" in t]  # nothing left half-way
        assert new.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 30
        assert new.scalar(f"SELECT risk FROM {db}.voc_events FINAL WHERE event_id = 'e0'") == pytest.approx(
            0.5
        )
        assert new.scalar(f"SELECT count() FROM {db}.voc_alerts FINAL") == 5
        recorded = new.query(f"SELECT version, description FROM {db}.voc_schema FINAL ORDER BY version")
        assert [r["version"] for r in recorded] == [m.version for m in MIGRATIONS]
        assert recorded[-1]["version"] == SCHEMA_VERSION and "source, event_id" in recorded[-1]["description"]
        # the next start has nothing to do
        assert new.ensure_schema() == []
        # and the new key holds: a ticket "e1" no longer replaces the tweet "e1"
        new.insert("voc_events", [_row("e1", 5) | {"source": "ticket"}])
        assert new.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = 'e1'") == 2
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()


def test_a_rebuild_interrupted_after_its_rename_resumes_without_loss(warehouse_url):
    from vocradar.connectors.warehouse import connect_warehouse

    db, settings, old = _fresh(warehouse_url, "h_")
    try:
        _previous_release(old, db)
        old.insert("voc_events", [_row(f"e{i}", 1) for i in range(12)])
        # a crash right after `RENAME voc_events TO voc_events__rebuild_old` (the new table never
        # got the name): the rows sit in the old table under its temporary name
        old.command(f"RENAME TABLE {db}.voc_events TO {db}.voc_events__rebuild_old")
        new = connect_warehouse(settings)
        keys = _sorting(new, db)
        assert keys["voc_events"] == "source, event_id" and "voc_events__rebuild_old" not in keys
        assert new.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 12
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()


def test_two_workers_migrating_at_once_lose_nothing(warehouse_url):
    import threading

    from vocradar.connectors.warehouse import connect_warehouse

    db, settings, old = _fresh(warehouse_url, "c_")
    try:
        _previous_release(old, db)
        old.insert("voc_events", [_row(f"e{i}", 1) for i in range(40)])
        old.insert("voc_alerts", [_alert(f"a{i}", "tweet") for i in range(10)])
        errors: list[BaseException] = []
        go = threading.Barrier(2)

        def start() -> None:
            try:
                go.wait()
                connect_warehouse(settings).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=start) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        keys = _sorting(old, db)
        assert keys["voc_events"] == "source, event_id" and not [t for t in keys if "__rebuild" in t]
        assert old.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 40
        assert old.scalar(f"SELECT count() FROM {db}.voc_alerts FINAL") == 10
        assert old.scalar(f"SELECT count() FROM {db}.voc_schema FINAL WHERE version = 3") == 1
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()


def test_a_later_column_migration_is_applied_once_and_inserts_use_it(warehouse_url):
    from vocradar.connectors.schema import MIGRATIONS, Migration, add_column_statements

    db, _, w = _fresh(warehouse_url, "a_")

    def add_channel(target) -> None:
        for stmt in add_column_statements(
            target.layout, "voc_dead", "channel LowCardinality(String) DEFAULT ''"
        ):
            target.command(stmt)

    migrations = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "voc_dead.channel", add_channel))
    try:
        w.ensure_schema()  # this release's schema
        w.insert("voc_dead", [{"dead_id": "d1", "received_at": datetime.now(UTC), "version": 1}])
        later = type(w)(w.client, db, migrations=migrations)
        assert later.ensure_schema() == [len(MIGRATIONS) + 1]
        assert later.ensure_schema() == []
        add_channel(later)  # run again by hand: still fine (ADD COLUMN IF NOT EXISTS)
        later.insert(
            "voc_dead", [{"dead_id": "d2", "received_at": datetime.now(UTC), "channel": "x", "version": 1}]
        )
        got = dict(w.client.query(f"SELECT dead_id, channel FROM {db}.voc_dead FINAL").result_rows)
        assert got == {"d1": "", "d2": "x"}
        # the older release now meets a newer schema: it stops and says why
        from vocradar.connectors.schema import SchemaError

        with pytest.raises(SchemaError, match="newer than this release"):
            w.ensure_schema()
    finally:
        w.command(f"DROP DATABASE IF EXISTS {db}")
        w.close()


def test_cluster_ddl_parses_on_the_real_engine(wh):
    """chDB has no cluster: the ON CLUSTER statements are parsed by the engine, not run."""
    from vocradar.connectors.schema import Layout, add_column_statements, ddl_statements, ttl_migrations

    w, _ = wh
    layout = Layout("vocradar", "prod-cluster")
    statements = [
        *ddl_statements(layout, {"retention_days_events": 30}),
        *ttl_migrations(layout, {"voc_events_local": "MergeTree"}, {"retention_days_events": 30}),
        *add_column_statements(layout, "voc_dead", "channel String DEFAULT ''"),
    ]
    for stmt in statements:
        canonical = w.scalar("SELECT formatQuerySingleLine({q:String})", {"q": stmt})
        assert "ON CLUSTER `prod-cluster`" in canonical, stmt


# --- a server's default settings ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_defaults_service(tmp_path_factory):
    """The embedded engine started with a ClickHouse server's defaults (date_time_input_format=basic)."""
    import asyncio
    import threading

    from vocradar.connectors.chdb_service import ChdbHttpService

    svc = ChdbHttpService(tmp_path_factory.mktemp("chdb-basic"), port=0, server_defaults=True)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(svc.start(), loop).result(60)
        yield svc
    finally:
        asyncio.run_coroutine_threadsafe(svc.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def _post(port: int, sql: str) -> tuple[int, str]:
    """A bare HTTP request: no client library, no settings of its own."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=sql.encode(), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_inserts_do_not_depend_on_the_embedded_engines_settings(server_defaults_service):
    import clickhouse_connect

    from vocradar.connectors.warehouse import Warehouse

    port = server_defaults_service.port
    setting = "SELECT value FROM system.settings WHERE name = 'date_time_input_format'"
    assert _post(port, setting) == (200, "basic\n")
    # a client that asks for a server's reading too (clickhouse-connect would send best_effort)
    client = clickhouse_connect.get_client(
        host="127.0.0.1", port=port, compress=False, settings={"date_time_input_format": "basic"}
    )
    w = Warehouse(client, "basic_db")
    try:
        w.ensure_schema()
        row = _row("iso", 1) | {"occurred_at": "2026-03-01T09:30:00.250+09:00"}
        # the row as it travels, without a setting: the server's `basic` reading refuses it
        status, body = _post(
            port, "INSERT INTO basic_db.voc_events FORMAT JSONEachRow\n" + json.dumps(row, default=str)
        )
        assert status == 500 and "Cannot parse" in body and "occurred_at" in body
        w.insert("voc_events", [row])
        got = w.scalar("SELECT toString(occurred_at) FROM basic_db.voc_events FINAL WHERE event_id = 'iso'")
        assert got == "2026-03-01 00:30:00.250"
        assert _post(port, setting) == (200, "basic\n")  # the insert's setting held for it alone
    finally:
        w.close()


def test_vocradar_migrate_upgrades_an_older_warehouse(warehouse_service, warehouse_url):
    import os
    import subprocess
    import sys

    db, _, old = _fresh(warehouse_url, "cli_")
    env = {
        **os.environ,
        "VOCRADAR_WAREHOUSE_URL": warehouse_service.base_url,  # the password travels on its own
        "VOCRADAR_WAREHOUSE_USER": warehouse_service.writer[0],
        "VOCRADAR_WAREHOUSE_PASSWORD": warehouse_service.writer[1],
        "VOCRADAR_WAREHOUSE_DATABASE": db,
    }

    def migrate() -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "vocradar", "migrate", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        assert warehouse_service.writer[1] not in out.stdout + out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    try:
        _previous_release(old, db)
        old.insert("voc_events", [_row(f"e{i}", 1) for i in range(7)])
        assert migrate() == {"applied": [3], "version": 3}
        assert _sorting(old, db)["voc_events"] == "source, event_id"
        assert old.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 7
        assert migrate() == {"applied": [], "version": 3}
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()


def test_a_worker_against_an_older_schema_stops_and_says_to_migrate(warehouse_url):
    """Upgrading the schema is the operator's step: without VOCRADAR_WAREHOUSE_AUTO_MIGRATE a
    worker refuses an older schema (and a new database is still created as before)."""
    from vocradar.connectors.schema import SchemaError
    from vocradar.connectors.warehouse import connect_warehouse

    db, settings, old = _fresh(warehouse_url, "s_")
    try:
        _previous_release(old, db)
        old.insert("voc_events", [_row(f"e{i}", 1) for i in range(5)])
        cautious = settings.model_copy(update={"warehouse_auto_migrate": False})
        with pytest.raises(SchemaError, match="vocradar migrate"):
            connect_warehouse(cautious)
        assert _sorting(old, db)["voc_events"] == "event_id"  # nothing was changed
        done = subprocess.run(
            [sys.executable, "-m", "vocradar", "worker"],
            env={
                **os.environ,
                "VOCRADAR_KAFKA_BOOTSTRAP": "127.0.0.1:9",
                "VOCRADAR_WAREHOUSE_URL": warehouse_url,
                "VOCRADAR_WAREHOUSE_DATABASE": db,
                "VOCRADAR_PSEUDONYM_SALT": "s" * 24,
                "VOCRADAR_AGENT_PSEUDONYM_SALT": "a" * 24,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode != 0 and "vocradar migrate" in done.stderr, done.stderr[-2000:]
        fresh_db, fresh_settings, fresh = _fresh(warehouse_url, "n_")
        try:
            connect_warehouse(fresh_settings.model_copy(update={"warehouse_auto_migrate": False})).close()
            assert _sorting(fresh, fresh_db)["voc_events"] == "source, event_id"
        finally:
            fresh.command(f"DROP DATABASE IF EXISTS {fresh_db}")
            fresh.close()
    finally:
        old.command(f"DROP DATABASE IF EXISTS {db}")
        old.close()
