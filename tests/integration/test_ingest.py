"""``vocradar ingest`` against a real broker: ticket webhooks over HTTP and a live call directory.

The connectors process is started as an operator would start it; what reaches ``voc.raw`` is
read back with a plain Kafka consumer.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import PARTITIONS
from kafka import KafkaConsumer, TopicPartition
from receivers import wait_until

from vocradar.models.events import parse_event
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port

pytestmark = pytest.mark.integration


def _read_raw(bootstrap: str) -> list[tuple[bytes | None, bytes]]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, consumer_timeout_ms=1500)
    consumer.assign([TopicPartition("voc.raw", p) for p in range(PARTITIONS)])
    consumer.seek_to_beginning()
    out = [(m.key, m.value) for m in consumer]
    consumer.close()
    return out


def _post(url: str, body: dict) -> int:
    req = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def test_tickets_and_live_calls_reach_the_raw_topic(broker, tmp_path: Path):
    port = free_port()
    calls = tmp_path / "calls"
    calls.mkdir()
    proc = spawn(
        python_module_cmd("ingest", "--port", str(port), "--calls-dir", str(calls)),
        env={"VOCRADAR_KAFKA_BOOTSTRAP": broker.bootstrap, "VOCRADAR_PARTITIONS": str(PARTITIONS)},
        log_path=str(tmp_path / "ingest.log"),
    )
    try:
        wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
        ticket = {
            "ticket": {
                "id": 9001,
                "subject": "요금 이중 청구",
                "description": "이번 달 요금이 두 번 결제됐어요.",
                "created_at": "2026-11-23T10:00:00+09:00",
                "requester": {"id": 77, "name": "홍길동", "email": "hong@example.com"},
                "via": {"channel": "web"},
                "tags": ["product:5G 요금제"],
            }
        }
        assert _post(f"http://127.0.0.1:{port}/webhooks/zendesk", ticket) == 202

        live = calls / "call-42.jsonl"
        with live.open("w", encoding="utf-8") as fh:
            for turn in [
                {"speaker": "상담원", "text": "네 고객님"},
                {"speaker": "고객", "text": "해지해 주세요"},
            ]:
                fh.write(json.dumps(turn, ensure_ascii=False) + "\n")
                fh.flush()
                time.sleep(1.0)
            fh.write(
                json.dumps({"speaker": "고객", "text": "이 통화 녹음하고 있어요"}, ensure_ascii=False) + "\n"
            )
            fh.write('{"end": true}\n')

        def events() -> list[dict]:
            return [json.loads(v) for _, v in _read_raw(broker.bootstrap)]

        wait_until(
            lambda: any(e["event_id"].endswith("#final") for e in events()), 30, what="the final call event"
        )
        got = events()
        by_id = {e["event_id"]: e for e in got}
        assert "zd-9001" in by_id
        t = parse_event(by_id["zd-9001"])
        assert t.source == "ticket" and t.customer and t.customer.id == "77"
        assert "홍길동" not in json.dumps(by_id["zd-9001"], ensure_ascii=False)
        partials = [e for e in got if e.get("conversation_id") == "call-42" and e["meta"].get("partial")]
        assert partials, "a live call produces partial transcripts while it grows"
        final = by_id["call-42#final"]
        assert [t["speaker"] for t in final["turns"]] == ["agent", "customer", "customer"]
        assert all(parse_event(e) for e in got)
        keys = {
            k for k, v in _read_raw(broker.bootstrap) if json.loads(v).get("conversation_id") == "call-42"
        }
        assert keys == {b"call-42"}, "one call, one key: its partials stay ordered on one partition"
    finally:
        stop_process(proc)


def _request(url: str, data: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_locked_ingest_acknowledges_only_what_the_broker_took(broker, tmp_path: Path):
    """With a token, anonymous posts are refused; an event over the broker's message limit is a
    413 the sender hears (not a 202 and a silent loss); the rest reaches voc.raw."""
    port = free_port()
    token = "tok-" + "x" * 24
    proc = spawn(
        python_module_cmd("ingest", "--port", str(port)),
        env={
            "VOCRADAR_KAFKA_BOOTSTRAP": broker.bootstrap,
            "VOCRADAR_PARTITIONS": str(PARTITIONS),
            "VOCRADAR_INGEST_TOKEN": token,
            "VOCRADAR_INGEST_MAX_EVENT_BYTES": "4000000",  # ingest would take it; the broker limit would not
            "VOCRADAR_KAFKA_MESSAGE_MAX_BYTES": "1048576",
        },
        log_path=str(tmp_path / "ingest.log"),
    )
    try:
        wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
        url = f"http://127.0.0.1:{port}/events"
        auth = {"Authorization": f"Bearer {token}"}
        small = {
            "event_id": "lk-1",
            "source": "note",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "text": "VIP",
        }
        big = {**small, "event_id": "lk-big", "text": "요금 " * 300_000}  # about 2 MB of JSON
        assert len(json.dumps(big, ensure_ascii=False).encode()) > 2_000_000

        status, out = _request(url, json.dumps(small).encode())
        assert status == 401, out
        status, out = _request(url, json.dumps(big, ensure_ascii=False).encode(), auth)
        assert status == 413 and "too large" in out["error"], out
        status, out = _request(url, json.dumps(small).encode(), auth)
        assert status == 202, out

        wait_until(
            lambda: any(json.loads(v)["event_id"] == "lk-1" for _, v in _read_raw(broker.bootstrap)),
            20,
            what="the accepted event",
        )
        ids = [json.loads(v)["event_id"] for _, v in _read_raw(broker.bootstrap)]
        assert ids.count("lk-1") == 1 and "lk-big" not in ids
        log = (tmp_path / "ingest.log").read_text(encoding="utf-8")
        assert "not delivered" in log and "요금" not in log  # the refusal is logged, the text is not
    finally:
        stop_process(proc)
