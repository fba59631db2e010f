"""The HTTP ingest endpoint's doors and limits, over real HTTP on loopback (aiohttp's test server).

The sink is an in-memory one; the broker's side (acknowledgements, a record too large) is
exercised in tests/integration/test_ingest.py.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from vocradar.connectors.base import DeliveryError, ListSink
from vocradar.connectors.ingest import IngestPolicy, create_ingest_app, is_loopback, zendesk_signature

Client = TestClient[web.Request, web.Application]
TOKEN = "s3cret-ingest-token"
SECRET = "zendesk-signing-secret"
EVENT = {
    "event_id": "n-1",
    "source": "note",
    "occurred_at": "2026-11-23T10:00:00+09:00",
    "text": "VIP 3회차 민원",
}
TICKET = {
    "ticket_id": 501,
    "subject": "요금 문의",
    "description": "이번 달 요금이 왜 이렇게 많이 나왔나요?",
    "created_at": "2026-11-23T01:15:00Z",
    "requester_id": 77,
}


def run(app: web.Application, body: Callable[[Client], Awaitable[None]]) -> None:
    async def main() -> None:
        async with TestClient(TestServer(app)) as client:
            await body(client)

    asyncio.run(main())


def _signed(body: bytes, secret: str = SECRET, at: datetime | None = None) -> dict[str, str]:
    ts = (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "X-Zendesk-Webhook-Signature": zendesk_signature(secret, ts, body),
        "X-Zendesk-Webhook-Signature-Timestamp": ts,
        "Content-Type": "application/json",
    }


def test_a_token_locks_every_route() -> None:
    sink = ListSink()
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def body(client: Client) -> None:
        for method, path in [("POST", "/events"), ("POST", "/webhooks/zendesk"), ("GET", "/health")]:
            r = await client.request(method, path, json=EVENT)
            assert r.status == 401, path
            assert r.headers["WWW-Authenticate"].startswith("Bearer")
        r = await client.post("/events", json=EVENT, headers={"Authorization": "Bearer wrong"})
        assert r.status == 401
        r = await client.post("/events", json=EVENT, headers=auth)
        assert r.status == 202
        r = await client.get("/health", headers=auth)
        assert (await r.json())["unauthorized"] == 4

    run(create_ingest_app(sink, policy=IngestPolicy(token=TOKEN)), body)
    assert [e["event_id"] for e in sink.events] == ["n-1"]  # nothing from the anonymous posts


def test_zendesk_signature_good_bad_and_stale() -> None:
    sink = ListSink()
    raw = json.dumps(TICKET, ensure_ascii=False).encode()

    async def body(client: Client) -> None:
        r = await client.post("/webhooks/zendesk", data=raw, headers=_signed(raw))
        assert r.status == 202, await r.text()
        assert (await r.json())["event_id"] == "zd-501"
        r = await client.post("/webhooks/zendesk", data=raw, headers=_signed(raw, secret="not-the-secret"))
        assert r.status == 401 and "bad signature" in (await r.json())["error"]
        tampered = raw.replace(b"501", b"502")
        r = await client.post("/webhooks/zendesk", data=tampered, headers=_signed(raw))
        assert r.status == 401
        stale = _signed(raw, at=datetime.now(UTC) - timedelta(minutes=10))
        r = await client.post("/webhooks/zendesk", data=raw, headers=stale)
        assert r.status == 401 and "stale" in (await r.json())["error"]
        # a signature opens the webhook only, never /events
        r = await client.post("/events", data=raw, headers=_signed(raw))
        assert r.status == 401

    run(create_ingest_app(sink, policy=IngestPolicy(token=TOKEN, zendesk_secret=SECRET)), body)
    assert [e["event_id"] for e in sink.events] == ["zd-501"]


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (json.dumps([EVENT] * 11).encode(), 413, "more than 10 events"),
        (json.dumps({**EVENT, "text": "가" * 3000}, ensure_ascii=False).encode(), 413, "at most 5,000"),
        (
            json.dumps({**EVENT, "turns": [{"speaker": "customer", "text": "네"}] * 21}).encode(),
            413,
            "at most 20",
        ),
        (b'{"event_id": "x", "meta": ' + b'{"a": ' * 40 + b"1" + b"}" * 41, 400, "nested more than"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
        (b'{"event_id": "s-1", "source": "note", "text": "\\ud800"}', 400, "lone surrogate"),
        (b"\xff\xfe", 400, "not UTF-8"),
        (b"[{}, 3]", 400, "item 1 is a JSON int"),
        (b"[{}] x", 400, "extra data"),
    ],
)
def test_limits_and_unusable_bodies(data: bytes, status: int, words: str) -> None:
    sink = ListSink()
    policy = IngestPolicy(max_items=10, max_event_bytes=5_000, max_turns=20)

    async def body(client: Client) -> None:
        r = await client.post("/events", data=data)
        assert r.status == status, await r.text()
        assert words in (await r.json())["error"]

    run(create_ingest_app(sink, policy=policy), body)
    assert sink.events == [] and sink.raw == []  # nothing of a refused request goes on


def test_eight_mib_of_empty_objects_is_refused_fast_and_stalls_no_one() -> None:
    sink = ListSink()
    flood = b"[" + b",".join([b"{}"] * (8 * 1024 * 1024 // 3 - 10)) + b"]"
    assert len(flood) < 8 * 1024 * 1024

    async def body(client: Client) -> None:
        async def other() -> float:
            await asyncio.sleep(0.05)
            t0 = time.perf_counter()
            r = await client.post("/events", json=EVENT)
            assert r.status == 202
            return time.perf_counter() - t0

        t0 = time.perf_counter()
        flooded, waited = await asyncio.gather(client.post("/events", data=flood), other())
        elapsed = time.perf_counter() - t0
        assert flooded.status == 413 and "more than 1000" in (await flooded.json())["error"]
        # the refusal reads only the first 1,001 items; the other caller is not held up by it
        assert elapsed < 5 and waited < 2, (elapsed, waited)

    run(create_ingest_app(sink, policy=IngestPolicy()), body)
    assert [e["event_id"] for e in sink.events] == ["n-1"]


def test_a_slow_body_times_out_and_too_many_callers_are_told_to_retry() -> None:
    sink = ListSink()

    async def body(client: Client) -> None:
        async def trickle() -> Any:
            yield b'{"event_id": "slow", '
            await asyncio.sleep(3)
            yield b'"source": "note"}'

        r = await client.post("/events", data=trickle())
        assert r.status == 408

    run(create_ingest_app(sink, policy=IngestPolicy(read_timeout_s=0.5)), body)

    async def crowd(client: Client) -> None:
        async def slow_one() -> int:
            async def trickle() -> Any:
                yield b"["
                await asyncio.sleep(1.0)
                yield json.dumps(EVENT).encode() + b"]"

            r = await client.post("/events", data=trickle())
            return r.status

        first = asyncio.create_task(slow_one())
        await asyncio.sleep(0.3)
        r = await client.post("/events", json=EVENT)
        assert r.status == 503 and r.headers["Retry-After"] == "1"
        assert await first == 202

    run(create_ingest_app(sink, policy=IngestPolicy(max_concurrent=1)), crowd)


def test_what_the_broker_does_not_take_is_never_acknowledged() -> None:
    class Refusing(ListSink):
        def __init__(self, exc: BaseException) -> None:
            super().__init__()
            self.exc = exc

        def flush(self) -> None:
            raise DeliveryError([self.exc], 1_048_576)

    class MessageSizeTooLargeError(Exception):
        """Named like kafka-python's error for a record over the size limit."""

    async def body(client: Client) -> None:
        r = await client.post("/events", json=EVENT)
        assert r.status == 413 and "1,048,576" in (await r.json())["error"]

    run(create_ingest_app(Refusing(MessageSizeTooLargeError("2,000,123 bytes"))), body)

    async def body2(client: Client) -> None:
        r = await client.post("/events", json=EVENT)
        assert r.status == 503 and "retry later" in (await r.json())["error"]

    run(create_ingest_app(Refusing(TimeoutError("no answer"))), body2)


def test_open_mode_is_for_loopback_only() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5") and not is_loopback("ingest.internal")


def test_ingest_refuses_to_listen_openly_on_a_network_address() -> None:
    from vocradar.connectors.ingest import run_ingest
    from vocradar.settings import Settings

    settings = Settings(kafka_bootstrap="127.0.0.1:1", run_embedded=False)
    with pytest.raises(ValueError, match="without authentication"):
        run_ingest(settings, host="0.0.0.0")
