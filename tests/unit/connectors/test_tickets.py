"""Zendesk payloads to contract events, and the HTTP ingest app (run with plain asyncio)."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from vocradar.connectors.base import ListSink, thread_key
from vocradar.connectors.ingest import create_ingest_app
from vocradar.connectors.tickets import zendesk_to_event
from vocradar.models.events import parse_event

OPENING = "11월 청구서에 기가인터넷 요금이 두 번 빠져나갔어요. 환불 안 해주면 소비자원에 신고합니다."
TICKET = {
    "ticket": {
        "id": 48213,
        "subject": "요금이 이중으로 청구되었습니다",
        "description": OPENING,
        "created_at": "2026-11-23T01:15:00Z",
        "updated_at": "2026-11-23T01:15:00Z",
        "status": "new",
        "priority": "high",
        "tags": ["billing", "product:기가인터넷", "vip"],
        "via": {"channel": "web"},
        "requester": {"id": 90017, "name": "홍길동", "email": "gildong.hong@example.co.kr", "locale": "ko"},
        "custom_fields": [{"id": 360011, "value": "010-9876-5432"}],
        "latest_comment": {
            "id": 1001,
            "body": OPENING,
            "author_id": 90017,
            "created_at": "2026-11-23T01:15:00Z",
        },
    }
}


def reply(body: str, comment_id: int, author_id: int) -> dict[str, Any]:
    p = copy.deepcopy(TICKET)
    p["ticket"]["updated_at"] = "2026-11-23T03:40:00Z"
    p["ticket"]["status"] = "open"
    p["ticket"]["latest_comment"] = {
        "id": comment_id,
        "body": body,
        "author_id": author_id,
        "public": True,
        "created_at": "2026-11-23T03:40:00Z",
    }
    return p


# --- mapping -----------------------------------------------------------------------------------


def test_new_ticket() -> None:
    event = zendesk_to_event(TICKET)
    parsed = parse_event(event)
    assert event["event_id"] == "zd-48213" == event["conversation_id"]
    assert event["source"] == "ticket"
    assert event["text"].startswith("요금이 이중으로 청구되었습니다\n11월 청구서에")
    assert event["customer"] == {"id": "90017"}
    assert event["product"] == "기가인터넷"
    assert event["lang"] == "ko"
    assert event["meta"]["tags"] == ["billing", "product:기가인터넷", "vip"]
    assert event["meta"]["priority"] == "high" and event["meta"]["status"] == "new"
    assert event["meta"]["channel"] == "web"
    assert parsed.occurred_at.isoformat() == "2026-11-23T01:15:00+00:00"
    assert thread_key(event) == parsed.thread_key == "zd-48213"
    dumped = json.dumps(event, ensure_ascii=False)
    for personal in ("홍길동", "gildong.hong@example.co.kr", "010-9876-5432"):
        assert personal not in dumped


def test_email_channel_is_an_email_event() -> None:
    p = copy.deepcopy(TICKET)
    p["ticket"]["via"] = {"channel": "email"}
    event = zendesk_to_event(p)
    parse_event(event)
    assert event["source"] == "email"


def test_replies_are_separate_events_of_the_same_conversation() -> None:
    answer = "고객님, 확인 결과 이중 청구가 맞습니다. 다음 달 청구서에서 차감해 드리겠습니다."
    angry = "다음 달이요? 지금 당장 환불해 주세요. 안 그러면 인터넷에 올립니다."
    agent = zendesk_to_event(reply(answer, 1002, 5501))
    customer = zendesk_to_event(reply(angry, 1003, 90017))
    for e in (agent, customer):
        parse_event(e)
        assert e["conversation_id"] == "zd-48213"
    assert agent["event_id"] == "zd-48213-c1002"
    assert customer["event_id"] == "zd-48213-c1003"
    assert agent["meta"]["author_role"] == "agent" and agent["agent"] == {"id": "5501"}
    assert customer["meta"]["author_role"] == "customer" and "agent" not in customer
    assert customer["text"] == "요금이 이중으로 청구되었습니다\n" + angry
    assert customer["occurred_at"] == "2026-11-23T03:40:00+00:00"
    assert customer["meta"]["status"] == "open"


def test_flat_placeholder_payload() -> None:
    payload: dict[str, Any] = {
        "ticket_id": "48214",
        "subject": "번호이동 해지 요청",
        "description": "해지 신청했는데 상담원이 계속 다른 요금제만 권유합니다.",
        "created_at": "2026-11-23 14:05:00",
        "requester_id": "90018",
        "channel": "Email",
        "tags": "cancellation product:5G_프리미엄",
    }
    event = zendesk_to_event(payload)
    parse_event(event)
    assert event["event_id"] == "zd-48214"
    assert event["source"] == "email"
    assert event["occurred_at"] == "2026-11-23T14:05:00+09:00"  # no offset: KST
    assert event["product"] == "5G_프리미엄"
    assert event["meta"]["tags"] == ["cancellation", "product:5G_프리미엄"]
    assert event["customer"] == {"id": "90018"}

    payload["latest_comment"] = "세 번째 요청입니다. 오늘 안에 해지 안 되면 방통위에 민원 넣겠습니다."
    payload["comment_id"] = 7
    later = zendesk_to_event(payload)
    parse_event(later)
    assert later["event_id"] == "zd-48214-c7"
    assert later["conversation_id"] == "zd-48214"
    assert "방통위" in later["text"]

    # no comment id: a digest of the comment keeps redeliveries on one id
    del payload["comment_id"]
    a, b = zendesk_to_event(payload), zendesk_to_event(dict(payload))
    assert a["event_id"] == b["event_id"] and a["event_id"].startswith("zd-48214-c")


def test_event_webhook_comment_added() -> None:
    payload = {
        "type": "zen:event-type:ticket.comment_added",
        "account_id": 1,
        "id": "01JQ",
        "time": "2026-11-23T05:00:00Z",
        "subject": "zen:ticket:48215",
        "detail": {
            "id": "48215",
            "subject": "공유기 교체 문의",
            "description": "공유기가 자꾸 재부팅돼요.",
            "created_at": "2026-11-22T23:00:00Z",
            "requester_id": "90019",
            "priority": "LOW",
            "status": "OPEN",
            "tags": ["device"],
            "via": {"channel": "web_service"},
        },
        "event": {
            "comment": {
                "id": "555",
                "body": "기사님 방문 일정이 언제인가요?",
                "is_public": True,
                "author": {"id": "90019", "is_staff": False, "name": "최유리"},
            }
        },
    }
    event = zendesk_to_event(payload)
    parse_event(event)
    assert event["event_id"] == "zd-48215-c555"
    assert event["occurred_at"] == "2026-11-23T05:00:00+00:00"
    assert event["meta"]["priority"] == "low" and event["meta"]["author_role"] == "customer"
    assert "최유리" not in json.dumps(event, ensure_ascii=False)


def test_product_from_a_custom_field() -> None:
    p = copy.deepcopy(TICKET)
    p["ticket"]["tags"] = ["billing"]
    p["ticket"]["custom_fields"] = [
        {"id": 360011, "value": "010-9876-5432"},
        {"id": 360022, "value": "IPTV 베이직"},
    ]
    assert "product" not in zendesk_to_event(p)
    assert zendesk_to_event(p, product_field_ids=[360022])["product"] == "IPTV 베이직"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([1, 2], "expected a JSON object"),
        ({"foo": "bar"}, "not a Zendesk ticket payload"),
        ({"ticket": {"subject": "제목"}}, "has no id"),
        ({"ticket_id": "{{ticket.id}}", "subject": "제목", "created_at": "2026-11-23"}, "unrendered"),
        ({"ticket": {"id": 1, "created_at": "2026-11-23T01:00:00Z"}}, "no subject, description"),
        ({"ticket": {"id": 1, "subject": "제목"}}, "no timestamp"),
        ({"ticket": {"id": 1, "subject": "제목", "created_at": "어제 오후"}}, "unrecognised timestamp"),
    ],
)
def test_unmappable_payloads_raise_value_error(payload: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        zendesk_to_event(payload)


# --- the ingest app ----------------------------------------------------------------------------


Client = TestClient[web.Request, web.Application]


def with_client(app: web.Application, body: Callable[[Client], Awaitable[None]]) -> None:
    async def main() -> None:
        async with TestClient(TestServer(app)) as client:
            await body(client)

    asyncio.run(main())


def test_webhook_endpoint() -> None:
    sink = ListSink()

    async def body(client: Client) -> None:
        r = await client.post("/webhooks/zendesk", json=TICKET)
        assert r.status == 202
        assert await r.json() == {"event_id": "zd-48213"}

        r = await client.post("/webhooks/zendesk", data=b'{"ticket": ')
        assert r.status == 400
        assert "not JSON" in (await r.json())["error"]

        r = await client.post("/webhooks/zendesk", json={"ticket": {"subject": "제목"}})
        assert r.status == 400
        assert "no id" in (await r.json())["error"]

        r = await client.get("/health")
        assert await r.json() == {
            "status": "ok",
            "accepted": 1,
            "rejected": 2,
            "unauthorized": 0,
            "sink_errors": 0,
        }

    with_client(create_ingest_app(sink), body)
    assert [e["event_id"] for e in sink.events] == ["zd-48213"]
    assert sink.keys == ["zd-48213"]
    assert sink.flushes == 1
    parse_event(sink.events[0])


def test_events_endpoint_forwards_objects_and_reports_the_bad_ones() -> None:
    sink = ListSink()
    good = {
        "event_id": "chat-3301",
        "source": "chat",
        "occurred_at": "2026-11-23T11:00:00+09:00",
        "turns": [{"speaker": "customer", "text": "배송이 일주일째 안 와요. 환불해 주세요."}],
        "customer": {"id": "CUST-1"},
    }
    bad = {"event_id": "chat-3302", "source": "fax", "occurred_at": "2026-11-23T11:00:00+09:00", "text": "팩"}

    async def body(client: Client) -> None:
        r = await client.post("/events", json=good)
        assert r.status == 202
        assert await r.json() == {"accepted": 1, "event_ids": ["chat-3301"], "invalid": []}

        r = await client.post("/events", json=[good, bad])
        assert r.status == 202
        out = await r.json()
        assert out["accepted"] == 2
        [invalid] = out["invalid"]
        assert invalid["index"] == 1 and invalid["event_id"] == "chat-3302"
        assert invalid["reason"] == "invalid_field:source" and "source" in invalid["detail"]

        for data, why in [
            (b"not json", "not JSON"),
            (b"[]", "empty list"),
            (b"[{}, 3]", "item 1 is a JSON int"),
            (b'"text"', "body is a JSON str"),
            (b"\xff\xfe", "not UTF-8"),
        ]:
            r = await client.post("/events", data=data)
            assert r.status == 400, data
            assert why in (await r.json())["error"]

    with_client(create_ingest_app(sink), body)
    # the bad one is forwarded as it is, for the stream to dead-letter
    assert [e["event_id"] for e in sink.events] == ["chat-3301", "chat-3301", "chat-3302"]
    assert sink.keys == ["cust:CUST-1", "cust:CUST-1", "chat-3302"]


def test_a_failing_sink_answers_503() -> None:
    class BrokenSink(ListSink):
        def flush(self) -> None:
            raise ConnectionError("broker down")

    async def body(client: Client) -> None:
        r = await client.post("/webhooks/zendesk", json=TICKET)
        assert r.status == 503
        assert "broker down" in (await r.json())["error"]
        assert (await (await client.get("/health")).json())["sink_errors"] == 1

    with_client(create_ingest_app(BrokenSink()), body)
