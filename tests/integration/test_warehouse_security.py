"""The embedded warehouse service's locks, erasure of a customer, and the pseudonym salt rule.

Everything real: the `vocradar warehouse` process of the session (a writer and a read-only
credential, as `vocradar run` makes them), a broker and a stream worker for the erasure test,
and `vocradar erase` / `vocradar worker` run as an operator would.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_SALTS, WarehouseService, WorkerPool, open_warehouse, stack_env
from kafka import KafkaConsumer, TopicPartition
from receivers import wait_until

from vocradar.connectors.demo import DemoTraffic
from vocradar.connectors.erasure import customer_pseudonym
from vocradar.connectors.warehouse import Warehouse, WarehouseUnavailable, connect_warehouse
from vocradar.settings import Settings

pytestmark = pytest.mark.integration

HOSTNAME = Path("/etc/hostname").read_text(encoding="utf-8").strip()


def _post(
    svc: WarehouseService,
    sql: str | None,
    cred: tuple[str, str] | None,
    *,
    method: str = "POST",
    query: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, str]:
    url = svc.base_url + "/" + (f"?query={urllib.request.quote(query)}" if query else "")
    req = urllib.request.Request(url, data=sql.encode() if sql is not None else None, method=method)
    if cred is not None:
        req.add_header("Authorization", "Basic " + base64.b64encode(":".join(cred).encode()).decode())
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


# --- authentication and transport ----------------------------------------------------------------


def test_logged_in_writer_is_served(warehouse_service):
    assert _post(warehouse_service, "SELECT 40 + 2", warehouse_service.writer) == (200, "42\n")


def test_get_queries_are_refused_even_logged_in(warehouse_service):
    status, body = _post(warehouse_service, None, warehouse_service.writer, method="GET", query="SELECT 1")
    assert status == 405
    status, body = _post(
        warehouse_service,
        None,
        None,
        method="GET",
        query="SELECT * FROM file('/etc/hostname', 'LineAsString')",
    )
    assert status == 405 and HOSTNAME not in body


@pytest.mark.parametrize(
    "cred",
    [None, ("default", "wrong"), ("nobody", "x"), ("reader", "")],
    ids=["anonymous", "wrong-password", "unknown-user", "empty-password"],
)
def test_sql_without_the_credential_is_refused(warehouse_service, cred):
    status, body = _post(warehouse_service, "SELECT * FROM file('/etc/hostname', 'LineAsString')", cred)
    assert status == 401
    assert HOSTNAME not in body
    assert _post(warehouse_service, "SELECT 1", cred)[0] == 401


def test_clickhouse_headers_authenticate_too(warehouse_service):
    user, password = warehouse_service.writer
    headers = {"X-ClickHouse-User": user, "X-ClickHouse-Key": password}
    assert _post(warehouse_service, "SELECT 1", None, headers=headers) == (200, "1\n")
    headers["X-ClickHouse-Key"] = password + "x"
    assert _post(warehouse_service, "SELECT 1", None, headers=headers)[0] == 401


def test_requests_from_a_web_page_are_refused(warehouse_service):
    """A page in the operator's browser sends an Origin header; even with a credential it gets 403."""
    status, _ = _post(
        warehouse_service, "SELECT 1", warehouse_service.writer, headers={"Origin": "https://evil.example"}
    )
    assert status == 403


# --- statements that reach outside the warehouse --------------------------------------------------

ESCAPES = {
    "file": "SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "upper-case": "SELECT * FROM FILE('/etc/hostname', 'LineAsString')",
    "mixed-case-space": "select * from FiLe   ('/etc/hostname', 'LineAsString')",
    "comment-between": "SELECT * FROM file/* hidden */('/etc/hostname', 'LineAsString')",
    "line-comment-newline": "SELECT * FROM -- a note\n file\n(\n'/etc/hostname', 'LineAsString')",
    "backquoted": "SELECT * FROM `file`('/etc/hostname', 'LineAsString')",
    "scalar-file": "SELECT file('/etc/hostname')",
    "in-subquery": "SELECT 1 WHERE 'x' IN (SELECT * FROM file('/etc/hostname', 'LineAsString'))",
    "in-cte": "WITH h AS (SELECT * FROM file('/etc/hostname', 'LineAsString')) SELECT * FROM h",
    "union": "SELECT 'a' UNION ALL SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "url": "SELECT * FROM url('http://127.0.0.1:9/x', 'LineAsString', 's String')",
    "s3": "SELECT * FROM s3('http://127.0.0.1:9/b/k', 'LineAsString')",
    "hdfs": "SELECT * FROM hdfs('hdfs://127.0.0.1:9/x', 'LineAsString')",
    "remote": "SELECT * FROM remote('127.0.0.1:9', system.one)",
    "mysql": "SELECT * FROM mysql('127.0.0.1:9', 'db', 't', 'u', 'p')",
    "postgresql": "SELECT * FROM postgresql('127.0.0.1:9', 'db', 't', 'u', 'p')",
    "executable": "SELECT * FROM executable('cat /etc/hostname', 'LineAsString', 's String')",
    "input": "SELECT * FROM input('s String')",
    "multi-statement": "SELECT 1; SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "into-outfile": "SELECT 1 INTO OUTFILE '/tmp/vocradar-outfile-probe'",
    "from-infile": "INSERT INTO system.one FROM INFILE '/etc/hostname' FORMAT LineAsString",
    "insert-function": "INSERT INTO FUNCTION file('/tmp/vocradar-probe', 'TSV', 's String') SELECT 'x'",
    "file-engine": "CREATE TABLE default.probe_f (s String) ENGINE = File(LineAsString, '/etc/hostname')",
    "url-engine": "CREATE TABLE default.probe_u (s String) ENGINE = URL('http://127.0.0.1:9/', LineAsString)",
    "create-as-file": "CREATE TABLE default.probe_a ENGINE = Memory AS SELECT * FROM file('/etc/hostname')",
    "dictionary": "CREATE DICTIONARY default.probe_d (s String) PRIMARY KEY s "
    "SOURCE(FILE(path '/etc/hostname' format 'LineAsString')) LAYOUT(FLAT()) LIFETIME(0)",
    "disk-setting": "CREATE TABLE default.probe_s (s String) ENGINE = MergeTree ORDER BY s "
    "SETTINGS disk = disk(type = 'local', path = '/etc/')",
    "except-outfile": "SELECT 1 EXCEPT SELECT 2 INTO OUTFILE '/tmp/vocradar-outfile-probe'",
    "describe-file": "DESCRIBE TABLE file('/etc/hostname', 'LineAsString')",
    "in-view": "SELECT * FROM view(SELECT * FROM file('/etc/hostname', 'LineAsString'))",
    "explain": "EXPLAIN SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "placeholder-lookalike": "SELECT '{a:', * FROM file('/etc/hostname', 'LineAsString') WHERE '}' != ''",
    "placeholder-lookalike-2": "SELECT '{a:' AS x, "
    "(SELECT * FROM file('/etc/hostname', 'LineAsString')) AS y, '}' AS z",
    "settings-clause": "SELECT 1 SETTINGS max_threads = 1",
    "template-format": "SELECT 1 FORMAT Template",
    "values-expression": "INSERT INTO default.probe_v VALUES (file('/etc/hostname'))",
    "system": "SYSTEM FLUSH LOGS",
    "set": "SET readonly = 0",
}


@pytest.mark.parametrize("sql", list(ESCAPES.values()), ids=list(ESCAPES))
def test_statements_that_reach_files_urls_or_programs_are_refused(warehouse_service, sql):
    status, body = _post(warehouse_service, sql, warehouse_service.writer)
    assert status in (400, 403), body
    assert HOSTNAME not in body
    assert not Path("/tmp/vocradar-outfile-probe").exists()
    assert not Path("/tmp/vocradar-probe").exists()
    tables = _post(
        warehouse_service,
        "SELECT count() FROM system.tables WHERE database = 'default' AND startsWith(name, 'probe_')",
        warehouse_service.writer,
    )
    assert tables == (200, "0\n")


def test_bound_parameters_still_work(warehouse_service):
    status, body = _post(
        warehouse_service,
        "SELECT {a:String} AS x, length({ids:Array(String)}) AS n LIMIT {k:UInt8}",
        warehouse_service.writer,
    )
    assert status == 500 and "Substitution" in body  # judged fine; the engine wants the values
    url = warehouse_service.base_url + "/?param_a=file&param_ids=%5B%27x%27%5D&param_k=1"
    req = urllib.request.Request(url, data=b"SELECT {a:String}, length({ids:Array(String)}) LIMIT {k:UInt8}")
    req.add_header(
        "Authorization", "Basic " + base64.b64encode(":".join(warehouse_service.writer).encode()).decode()
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.read().decode() == "file\t1\n"


def test_refusal_is_in_the_parser_not_in_the_text(warehouse_service):
    """A string that merely mentions file(...) is data, and runs."""
    status, body = _post(
        warehouse_service, "SELECT 'file(\\'/etc/hostname\\')' AS s FORMAT TSVRaw", warehouse_service.writer
    )
    assert (status, body) == (200, "file('/etc/hostname')\n")


# --- the read-only credential -----------------------------------------------------------------------


@pytest.fixture()
def db_pair(warehouse_service, warehouse_url):
    db = "s_" + uuid.uuid4().hex[:8]
    writer = open_warehouse(warehouse_url, db)
    reader = connect_warehouse(
        Settings(warehouse_url=warehouse_service.url_for(*warehouse_service.reader), warehouse_database=db),
        ensure_schema=False,
    )
    yield writer, reader, db
    writer.command(f"DROP DATABASE IF EXISTS {db}")
    writer.close()
    reader.close()


def test_reader_reads_and_may_only_append_actions(db_pair):
    writer, reader, db = db_pair
    assert (
        reader.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = {{e:String}}", {"e": "x"})
        == 0
    )
    now = datetime.now(UTC)
    action = {
        "action_id": "a1",
        "incident_key": "inc-1",
        "action": "acknowledged",
        "actor": "kim",
        "actor_role": "quality",
        "note": "",
        "acted_at": now,
        "version": 1,
    }
    Warehouse(reader.client, db).insert("voc_incident_actions", [action])
    assert writer.scalar(f"SELECT count() FROM {db}.voc_incident_actions") == 1
    writes = [
        lambda: Warehouse(reader.client, db).insert("voc_events", [{"event_id": "x", "version": 1}]),
        lambda: reader.command(f"ALTER TABLE {db}.voc_events DELETE WHERE 1"),
        lambda: reader.command(f"DELETE FROM {db}.voc_incident_actions WHERE 1"),
        lambda: reader.command(f"TRUNCATE TABLE {db}.voc_events"),
        lambda: reader.command(f"DROP TABLE {db}.voc_events"),
        lambda: reader.command(f"CREATE TABLE {db}.x (a String) ENGINE = Memory"),
        lambda: reader.command(
            f"INSERT INTO {db}.voc_incident_actions SELECT * FROM {db}.voc_incident_actions"
        ),
        lambda: reader.command(f"OPTIMIZE TABLE {db}.voc_events FINAL"),
    ]
    for write in writes:
        with pytest.raises(Exception, match="read-only"):
            write()
    assert writer.scalar(f"SELECT count() FROM {db}.voc_incident_actions") == 1
    assert writer.scalar(f"SELECT count() FROM system.tables WHERE database = '{db}' AND name = 'x'") == 0


def test_reader_cannot_create_the_schema_and_fails_fast(warehouse_service):
    started = time.monotonic()
    with pytest.raises(WarehouseUnavailable, match="read-only"):
        connect_warehouse(
            Settings(
                warehouse_url=warehouse_service.url_for(*warehouse_service.reader), warehouse_database="s_ro"
            ),
            wait_s=30,
        )
    assert time.monotonic() - started < 10


def test_reader_cannot_lift_its_own_limit(warehouse_service):
    for sql in ("SET readonly = 0", "SELECT 1 SETTINGS readonly = 0", "CREATE USER x IDENTIFIED BY 'y'"):
        status, _ = _post(warehouse_service, sql, warehouse_service.reader)
        assert status in (400, 403)


# --- the pseudonym salts -------------------------------------------------------------------------------


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VOCRADAR_")}


def test_worker_with_the_default_salts_refuses_an_external_broker():
    env = {**_clean_env(), "VOCRADAR_KAFKA_BOOTSTRAP": "127.0.0.1:9"}
    out = subprocess.run(
        [sys.executable, "-m", "vocradar", "worker"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0
    assert "VOCRADAR_PSEUDONYM_SALT" in out.stderr and "VOCRADAR_AGENT_PSEUDONYM_SALT" in out.stderr
    # agents need a salt of their own: the customer one twice is refused too
    env["VOCRADAR_PSEUDONYM_SALT"] = env["VOCRADAR_AGENT_PSEUDONYM_SALT"] = "same-secret-for-both"
    out = subprocess.run(
        [sys.executable, "-m", "vocradar", "worker"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0 and "Error: VOCRADAR_AGENT_PSEUDONYM_SALT must be set" in out.stderr


def test_salt_rule_allows_own_secrets_and_the_embedded_demo():
    external = {"_env_file": None, "kafka_bootstrap": "kafka:9092"}
    good = {"pseudonym_salt": "a-customer-secret-1", "agent_pseudonym_salt": "an-agent-secret-22"}
    assert Settings(**external, **good).salt_problem() is None
    assert Settings(**external, run_embedded=True).salt_problem() is None  # `vocradar run`'s own broker
    assert Settings(_env_file=None).salt_problem() is None  # no broker given: embedded
    short = Settings(**external, pseudonym_salt="short", agent_pseudonym_salt="an-agent-secret-22")
    assert "VOCRADAR_PSEUDONYM_SALT" in (short.salt_problem() or "")
    assert Settings(**external).default_salts() == [
        "VOCRADAR_PSEUDONYM_SALT",
        "VOCRADAR_AGENT_PSEUDONYM_SALT",
    ]


def test_run_refuses_an_external_broker_with_the_default_salts(tmp_path):
    env = {**_clean_env(), "VOCRADAR_KAFKA_BOOTSTRAP": "127.0.0.1:9", "VOCRADAR_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "vocradar", "run", "--no-dashboard"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0 and "VOCRADAR_PSEUDONYM_SALT" in out.stderr
    assert not (tmp_path / "logs").exists(), "nothing was started"


# --- erasure after a real pipeline run -------------------------------------------------------------------

CUSTOMER = "cust-erase-4711"
OTHER = "cust-keep-0815"


def _call(event_id: str, conv: str, customer: str, minute: int) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "source": "call",
        "occurred_at": f"2026-11-23T10:{minute:02d}:00+09:00",
        "conversation_id": conv,
        "customer": {"id": customer},
        "agent": {"id": "agent-31", "team": "해지방어팀"},
        "product": "기가인터넷",
        "turns": [
            {"speaker": "customer", "text": "인터넷 해지하려고요. 해지해 주세요."},
            {"speaker": "agent", "text": "해지는 좀 어렵고요, 다시 한번 생각해 보시는 게 어떠세요?"},
            {"speaker": "customer", "text": "벌써 세 번째예요. 해지해 주세요, 제발."},
            {"speaker": "agent", "text": "그래도 해지보다는 요금제를 바꾸시는 게 낫습니다."},
            {
                "speaker": "customer",
                "text": "지금 이 통화 녹음하고 있어요. 유튜브랑 인터넷에 다 올릴 거예요.",
            },
        ],
    }


def _ticket(event_id: str, customer: str, minute: int) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "source": "ticket",
        "occurred_at": f"2026-11-23T10:{minute:02d}:00+09:00",
        "customer": {"id": customer},
        "product": "기가인터넷",
        "text": "해지 요청을 세 번이나 했는데 계속 거절당했습니다. 소비자원에 신고하겠습니다.",
    }


def _changelog(bootstrap: str, topic: str) -> dict[str, bytes | None]:
    """The latest value per key of a changelog topic (keys as Faust writes them: JSON strings)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    try:
        parts = sorted(consumer.partitions_for_topic(topic) or ())
        tps = [TopicPartition(topic, p) for p in parts]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        latest: dict[str, bytes | None] = {}
        while any(consumer.position(tp) < end[tp] for tp in tps):
            for records in consumer.poll(timeout_ms=500).values():
                for rec in records:
                    latest[json.loads(rec.key)] = rec.value
        return latest
    finally:
        consumer.close()


def _mentions(wh: Warehouse, db: str, needles: list[str], ids: list[str]) -> dict[str, int]:
    """Per voc_* table, rows that name the customer (any column, as text) or hold one of their events."""
    cols: dict[str, set[str]] = {}
    for r in wh.query(
        "SELECT table, name FROM system.columns WHERE database = {d:String} AND startsWith(table, 'voc_')",
        {"d": db},
    ):
        cols.setdefault(r["table"], set()).add(r["name"])
    counts = {}
    for table, names in cols.items():
        where = ["multiSearchAny(toString(tuple(*)), {n:Array(String)})"]
        where += [f"has({{i:Array(String)}}, {c})" for c in ("event_id", "first_event_id") if c in names]
        if "timeline" in names:
            where.append(
                "hasAny(arrayMap(x -> JSONExtractString(x, 'event_id'), JSONExtractArrayRaw(timeline)), "
                "{i:Array(String)})"
            )
        sql = f"SELECT count() FROM {db}.{table} WHERE " + " OR ".join(where)
        counts[table] = int(wh.scalar(sql, {"n": needles, "i": ids}))
    return counts


def test_erase_removes_a_customer_from_every_table_and_the_changelogs(
    broker, warehouse_url, webhook, tmp_path
):
    db = "e_" + uuid.uuid4().hex[:8]
    app_id = f"vr-{db}"
    env = stack_env(broker, warehouse_url, db, app_id=app_id, webhook=webhook)
    mine = [
        _call("erase-call-1", "erase-conv-1", CUSTOMER, 1),
        _ticket("erase-ticket-2", CUSTOMER, 3),
        _call("erase-call-3", "erase-conv-3", CUSTOMER, 5),
    ]
    theirs = [_call("keep-call-1", "keep-conv-1", OTHER, 2), _ticket("keep-ticket-2", OTHER, 4)]
    background = list(DemoTraffic(seed=5).batch(40))
    lines = [json.dumps(e, ensure_ascii=False) for e in [*background, *mine, *theirs]]
    # a bad event of the customer's: a dead letter that quotes their id
    lines.append(json.dumps({"event_id": "erase-bad-4", "source": "fax", "customer": {"id": CUSTOMER}}))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")

    key = customer_pseudonym(TEST_SALTS[0], CUSTOMER)
    other_key = customer_pseudonym(TEST_SALTS[0], OTHER)
    ids = [e["event_id"] for e in mine]
    wh = open_warehouse(warehouse_url, db)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        subprocess.run(
            [sys.executable, "-m", "vocradar", "replay", str(feed)],
            env={**os.environ, **env},
            check=True,
            timeout=180,
            capture_output=True,
        )
        wanted = len(background) + len(mine) + len(theirs)
        wait_until(
            lambda: pool.check_alive() or wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= wanted,
            150,
            what="every event in the warehouse",
        )
        wait_until(lambda: wh.scalar(f"SELECT count() FROM {db}.voc_dead") >= 1, 60, what="the dead letter")
        wait_until(
            lambda: (
                wh.scalar(
                    f"SELECT count() FROM {db}.voc_alerts WHERE has({{i:Array(String)}}, event_id)",
                    {"i": ids},
                )
                > 0
            ),
            60,
            what="the customer's alerts",
        )
        wait_until(
            lambda: any(
                k.startswith(f"{key}|") for k in _changelog(broker.bootstrap, f"{app_id}-contacts-changelog")
            ),
            60,
            what="the customer's contacts in the changelog",
        )
    finally:
        pool.stop_all()  # erasure is run with the workers stopped, as documented

    needles = [key, CUSTOMER]
    before = _mentions(wh, db, needles, ids)
    assert before["voc_events"] == len(mine)
    assert before["voc_alerts"] > 0 and before["voc_dead"] > 0 and before["voc_incidents"] > 0
    others_before = wh.scalar(
        f"SELECT count() FROM {db}.voc_events WHERE customer_key = {{k:String}}", {"k": other_key}
    )
    assert others_before == len(theirs)

    out = subprocess.run(
        [sys.executable, "-m", "vocradar", "erase", "--customer", CUSTOMER, "--json"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["customer_key"] == key and report["events"] == len(mine)
    assert report["tables"]["voc_events"] == len(mine)
    assert report["changelogs"][f"{app_id}-contacts-changelog"] >= 1
    assert CUSTOMER not in out.stdout + out.stderr  # the raw id is not echoed

    # every table: no row names the customer, their pseudonym or one of their events
    assert _mentions(wh, db, needles, ids) == {t: 0 for t in before}
    # other customers are untouched
    assert wh.scalar(
        f"SELECT count() FROM {db}.voc_events WHERE customer_key = {{k:String}}", {"k": other_key}
    ) == len(theirs)
    assert wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == wanted - len(mine)

    # the changelogs: tombstones for the customer's keys, no incident state that names them
    contacts = _changelog(broker.bootstrap, f"{app_id}-contacts-changelog")
    theirs_keys = [k for k in contacts if k.startswith(f"{key}|")]
    assert theirs_keys and all(contacts[k] is None for k in theirs_keys)
    assert any(k.startswith(f"{other_key}|") and v is not None for k, v in contacts.items())
    seen = _changelog(broker.bootstrap, f"{app_id}-seen-changelog")
    for contact in ("erase-conv-1", "erase-ticket-2", "erase-conv-3"):
        # the stage keys contacts per source (`source:id`)
        keyed = [k for k in seen if k.partition(":")[2] == contact]
        assert keyed and all(seen[k] is None for k in keyed), contact
    incidents = _changelog(broker.bootstrap, f"{app_id}-incidents-changelog")
    for value in incidents.values():
        if value is not None:
            text = value.decode("utf-8")
            assert key not in text and not any(i in text for i in ids)
