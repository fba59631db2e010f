"""Persistence under rows the warehouse refuses for good, on a real worker, broker and warehouse
(and the worker's /health and /metrics telling the operator).

A batch on ``voc.scored`` holding one row the warehouse cannot parse used to stop persistence
for ever (the writer retried it without end). Now the bad row goes to ``voc_dead`` with the
server's reason, its neighbours are stored, and what comes after flows as before.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import WorkerPool, open_warehouse, stack_env
from kafka import KafkaProducer
from receivers import wait_until
from test_stream import PLANTED, _replay
from test_warehouse import _row

from vocradar.processes import free_port

pytestmark = pytest.mark.integration


def test_a_refused_row_in_a_batch_of_good_ones_does_not_stop_persistence(
    broker, warehouse_url, tmp_path: Path
):
    db = "p_" + uuid.uuid4().hex[:10]
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}")
    port = free_port()
    env["VOCRADAR_WORKER_HTTP_PORT"] = str(port)  # the worker's /health and /metrics
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        wh = open_warehouse(warehouse_url, db)
        # the worker is up when a real event has gone all the way through
        first = tmp_path / "first.jsonl"
        first.write_text(
            json.dumps(dict(PLANTED, event_id="warm-1"), ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _replay(first, env)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = 'warm-1'"),
            180,
            what="the worker to be ready",
        )
        rows = [_row(f"good-{i}", 1) for i in range(60)]
        rows[17] = {**rows[17], "event_id": "refused-1", "risk": "not a number"}
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=50)
        for r in rows:  # one burst: the persist agent takes them as one batch
            producer.send(
                "voc.scored",
                key=r["event_id"].encode(),
                value=json.dumps(r, ensure_ascii=False, default=str).encode(),
            )
        producer.flush()
        producer.close()
        wait_until(
            lambda: (
                wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE startsWith(event_id, 'good-')")
                == 59
            ),
            120,
            what="the 59 good rows",
        )
        dead = wh.query(
            f"SELECT event_id, reason, detail FROM {db}.voc_dead FINAL WHERE event_id = 'refused-1'"
        )
        assert len(dead) == 1 and dead[0]["reason"] == "warehouse_refused" and "Code: 27" in dead[0]["detail"]
        # and the stream goes on: a new event is stored
        after = tmp_path / "after.jsonl"
        after.write_text(
            json.dumps(dict(PLANTED, event_id="after-1"), ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _replay(after, env)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = 'after-1'"),
            120,
            what="an event after the refused row",
        )
        pool.check_alive()
        log = (tmp_path / "worker-1.log").read_text(encoding="utf-8", errors="replace")
        assert "refused row refused-1" in log
        # operators see it too: the worker's metrics count the dead row, and it reports healthy
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        assert 'vocradar_warehouse_dead_rows_total{table="voc_events"} 1.0' in metrics
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as r:
            health = json.loads(r.read())
        assert r.status == 200 and health["warehouse"] is True and health["kafka"]["brokers_known"] >= 1
    finally:
        pool.stop_all()
