"""Faults on real parts: the warehouse gone for 30 s, Slack failing, SMTP down, a flood of bad input.

Afterwards: no event lost, none counted twice in query results, no alert sent twice, every bad
event a dead letter with its reason, and the pipeline still running.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from conftest import WorkerPool, open_warehouse, stack_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from receivers import SmtpReceiver, WebhookReceiver, wait_until
from test_stream import PLANTED, _replay

from vocradar.connectors.demo import DemoTraffic
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port

pytestmark = pytest.mark.integration


def _db() -> str:
    return "f_" + uuid.uuid4().hex[:10]


def _feed(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / f"feed-{uuid.uuid4().hex[:6]}.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _planted(n: int) -> list[dict]:
    """``n`` distinct critical retention calls, each its own incident."""
    return [dict(PLANTED, event_id=f"planted-{i}", conversation_id=f"planted-conv-{i}") for i in range(n)]


def test_warehouse_down_for_30s_loses_nothing(broker, tmp_path):
    db = _db()
    path, port = tmp_path / "wh", free_port()

    def start_warehouse():
        proc = spawn(
            python_module_cmd("warehouse", "--path", str(path), "--port", str(port)),
            log_path=str(tmp_path / "warehouse.log"),
        )
        wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
        return proc

    wh_proc = start_warehouse()
    url = f"http://127.0.0.1:{port}"
    env = stack_env(broker, url, db, app_id=f"vr-{db}")
    events = DemoTraffic(seed=31).batch(1500)
    expected = {e["event_id"] for e in events}
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        wh = open_warehouse(url, db)
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in events[:500]]), env)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= 100,
            120,
            what="the stream to be under way",
        )
        wh.close()
        stop_process(wh_proc)  # the warehouse goes away...
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in events[500:]]), env)
        time.sleep(30)  # ...for 30 s while traffic keeps coming
        assert all(p.poll() is None for p in pool.procs), "a worker died while the warehouse was down"
        wh_proc = start_warehouse()
        wh = open_warehouse(url, db)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(expected),
            180,
            what="every event after the warehouse came back",
        )
        time.sleep(2)
        assert wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == len(expected)
        assert {r["event_id"] for r in wh.query(f"SELECT event_id FROM {db}.voc_events FINAL")} == expected
    finally:
        pool.stop_all()
        stop_process(wh_proc)


def test_slack_errors_and_timeouts_then_smtp_down(broker, warehouse_url, tmp_path):
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook, smtp=smtp)
    env["VOCRADAR_NOTIFY_TIMEOUT_S"] = "1"
    env["VOCRADAR_NOTIFY_RETRIES"] = "4"
    hook.fail_next = 2  # first incident: 500, 500, then accepted
    hook.hang_next = 1  # ...and before that one attempt that times out
    hook.hang_s = 3.0
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        first = _planted(1)
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in first]), env)
        wait_until(
            lambda: len(hook.posts) >= 1 and len(smtp.messages) >= 1, 120, what="delivery after retries"
        )
        assert hook.failures == 3

        smtp.stop()  # the mail server goes down; Slack keeps working
        second = [
            dict(e, event_id=f"late-{i}", conversation_id=f"late-conv-{i}") for i, e in enumerate(_planted(3))
        ]
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in second]), env)
        wait_until(lambda: len(hook.posts) >= 4, 120, what="Slack posts while SMTP is down")
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: (
                wh.scalar(
                    f"SELECT count() FROM {db}.voc_notifications FINAL WHERE channel = 'email' AND ok = 0"
                )
                >= 3
            ),
            120,
            what="failed e-mails recorded",
        )
        time.sleep(3)
        ids = [p_id for p in hook.posts for p_id in [json.dumps(p, ensure_ascii=False)]]
        for e in first + second:
            assert sum(e["event_id"] in s for s in ids) == 1, f"{e['event_id']} not posted exactly once"
        assert all(p.poll() is None for p in pool.procs)
        # the pipeline still runs: a fresh event is scored
        _replay(
            _feed(tmp_path, [json.dumps(DemoTraffic(seed=5).batch(1)[0], ensure_ascii=False).encode()]), env
        )
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= 5, 60, what="still running"
        )
    finally:
        pool.stop_all()
        hook.stop()


_bad = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.dictionaries(
        st.sampled_from(["event_id", "source", "occurred_at", "text", "turns"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=3)),
        max_size=5,
    ).map(lambda d: json.dumps(d).encode()),
    st.recursive(st.integers() | st.text(max_size=5), lambda c: st.lists(c, max_size=3), max_leaves=10).map(
        lambda v: json.dumps(v).encode()
    ),
)


def _is_bad(raw: bytes) -> bool:
    from vocradar.models.events import BadEvent, parse_event

    try:
        parse_event(raw)
    except BadEvent:
        return True
    return False


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(shapes=st.lists(_bad, min_size=200, max_size=200))
def test_ten_thousand_malformed_events_mixed_with_good_ones(
    broker_factory, warehouse_url, tmp_path_factory, shapes
):
    tmp_path = tmp_path_factory.mktemp("flood")
    broker = broker_factory()
    db = _db()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}")
    # Hypothesis draws 200 malformed shapes (its buffer cannot hold 10,000 at once); each is sent
    # 50 times, made distinct by a suffix: 10,000 bad messages in all, one per line.
    bad = [shapes[i % len(shapes)] + f" #{i}".encode() for i in range(10_000)]
    bad = [b.replace(b"\n", b" ").replace(b"\r", b" ") for b in bad]
    bad = [b if _is_bad(b) else b"{" + b for b in bad]
    good = DemoTraffic(seed=41).batch(1000)
    lines: list[bytes] = []
    for i, b in enumerate(bad):
        lines.append(b)
        if i % 10 == 0:
            lines.append(json.dumps(good[i // 10], ensure_ascii=False).encode())
    blank = sum(1 for b in lines if not b.strip())
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay(_feed(tmp_path, lines), env)
        wh = open_warehouse(warehouse_url, db)
        n_bad = len(bad) - blank  # replay skips blank lines
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") >= n_bad,
            300,
            what="every bad event dead-lettered",
        )
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(good),
            120,
            what="every good event scored",
        )
        assert wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") == n_bad
        assert wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL WHERE reason = '' OR detail = ''") == 0
        assert wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == len(good)
        assert all(p.poll() is None for p in pool.procs)
    finally:
        pool.stop_all()
        broker.stop()
