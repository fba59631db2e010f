"""The scoring agent's link messages: a batch per message, split by size, read back in order; what
they carry (the masked row, hashed terms, where the event was read: nothing personal)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vocradar.models.events import parse_event
from vocradar.models.incidents import TermHasher, is_hashed_term
from vocradar.models.pipeline import RawMessage, ScoringPipeline
from vocradar.settings import Settings
from vocradar.streams.incident_agent import batch_records
from vocradar.streams.score_agent import link_chunks, link_records


def _record(i: int, chars: int = 10) -> dict[str, Any]:
    return {
        "row": {"event_id": f"e{i}", "redacted_text": "가" * chars, "evidence": []},
        "ref": f"voc.raw:0:{i}",
    }


def test_a_batch_travels_as_one_message_when_it_fits() -> None:
    records = [_record(i) for i in range(200)]
    chunks = list(link_chunks(records, 1_000_000))
    assert len(chunks) == 1 and chunks[0] == records


def test_large_batches_are_split_in_order_and_nothing_is_lost() -> None:
    records = [_record(i, chars=20_000) for i in range(30)]
    chunks = list(link_chunks(records, 300_000))
    assert len(chunks) > 1
    assert [r for c in chunks for r in c] == records
    # every message stays under the limit unless a single record is larger than it
    assert all(len(c) == 1 or sum(2_048 + 3 * 20_002 for _ in c) <= 300_000 for c in chunks)
    huge = [_record(0, chars=400_000), _record(1)]
    assert [len(c) for c in link_chunks(huge, 300_000)] == [1, 1]
    assert list(link_chunks([], 300_000)) == []


def test_link_messages_of_both_shapes_are_read() -> None:
    records = [_record(i) for i in range(3)]
    assert batch_records({"records": records}) == records
    assert batch_records(records[0]) == [records[0]]  # a single record from an earlier release
    assert batch_records({"records": [records[0], "junk"]}) == [records[0]]
    assert batch_records("junk") == [] and batch_records({"nothing": 1}) == []


# --- what travels on voc.link ------------------------------------------------------------

RRN, PHONE, CARD, EMAIL = "850315-1639428", "010-9876-5432", "5429 8312 7754 0096", "minji.kwon77@naver.com"
NEEDLES = (RRN, "8503151639428", "9876-5432", "01098765432", CARD, "5429831277540096", EMAIL, "kwon77")
NAMES = ("박지훈", "윤서연", "지훈", "서연")
IDS = ("cust-pii-1", "cust-pii-2", "minji_k77")  # the agent's id is staff data, in the row by design

EVENTS: list[dict[str, Any]] = [
    {
        "event_id": "call-1",
        "source": "call",
        "occurred_at": "2026-11-23T10:15:00+09:00",
        "conversation_id": "conv-1",
        "customer": {"id": IDS[0], "phone": PHONE, "segment": "vip"},
        "agent": {"id": "agent-77", "team": "해지방어팀"},
        "product": "기가인터넷",
        "meta": {"region": "부산 해운대구", "caller": PHONE},
        "turns": [
            {"speaker": "agent", "text": "네 고객님, 윤서연 상담원입니다.", "offset_s": 1.5},
            {"speaker": "customer", "text": f"인터넷 해지해 주세요. 주민번호 {RRN}이고 번호는 010-9876"},
            {"speaker": "customer", "text": "5432예요. 벌써 세 번째 전화예요. 담당자: 박지훈 바꿔 주세요."},
            {"speaker": "agent", "text": "해지는 어렵고요, 요금 할인 혜택을 드릴게요."},
            {
                "speaker": "customer",
                "text": f"녹음하고 있어요. 유튜브에 올릴 거예요. 메일 {EMAIL}로 답 주세요.",
            },
        ],
    },
    {
        "event_id": "ticket-1",
        "source": "ticket",
        "occurred_at": "2026-11-23T10:20:00+09:00",
        "customer": {"id": IDS[1], "email": EMAIL},
        "product": "5G 요금제",
        "requester_phone": PHONE,
        "text": f"요금이 두 번 청구됐어요. 카드번호 {CARD} 이중 결제입니다. 환불해 주세요. 담당자: 박지훈",
    },
    {
        "event_id": "tweet-1",
        "source": "tweet",
        "occurred_at": "2026-11-23T10:40:00+09:00",
        "customer": {"handle": IDS[2], "followers": 50_000, "verified": True},
        "text": f"인터넷 또 끊김. 윤서연 상담원 연결해 주세요 했더니 30분 대기. 번호 {PHONE} 로 연락 준대요",
    },
    {
        "event_id": "note-1",
        "source": "note",
        "occurred_at": "2026-11-23T10:45:00+09:00",
        "text": f"고객 요금 문의, 회신 {EMAIL}",
    },
]


@pytest.fixture(scope="module")
def pipeline() -> ScoringPipeline:
    return ScoringPipeline.build(Settings(_env_file=None))


def test_a_link_record_carries_no_personal_data(pipeline: ScoringPipeline) -> None:
    messages = [
        RawMessage(json.dumps(e, ensure_ascii=False).encode(), f"voc.raw:{i % 2}:{10 + i}", None)
        for i, e in enumerate(EVENTS)
    ]
    result = pipeline.process(messages)
    assert len(result.scored) == len(EVENTS)
    records = link_records(messages, result, TermHasher("salt"))
    text = json.dumps(records, ensure_ascii=False)
    for needle in (*NEEDLES, *NAMES, *IDS):
        assert needle not in text
    assert [r["row"]["event_id"] for r in records] == [e["event_id"] for e in EVENTS]
    assert [r["ref"] for r in records] == [m.ref for m in messages], "where to read the event back"
    assert all(set(r) == {"row", "terms", "region", "ref", "arrived"} for r in records)
    assert all(r["terms"] and all(is_hashed_term(t) for t in r["terms"]) for r in records)
    assert records[0]["region"] == "부산 해운대구"
    assert records[0]["row"]["customer_key"] == pipeline.customer_key(result.scored[0].event) != ""
    # the raw row travels masked: the number read out over two turns too
    redacted = records[0]["row"]["redacted_text"]
    assert "010-****\n[고객] ****예요" in redacted and "윤○○" in redacted and "박○○" in redacted


def test_a_dead_letter_keeps_the_customer_id_only_as_its_pseudonym(pipeline: ScoringPipeline) -> None:
    bad = {
        "event_id": "bad-1",
        "source": "ticket",
        "customer": {"id": IDS[0]},
        "text": f"{RRN} 담당자: 박지훈",
    }
    whole = json.dumps(bad, ensure_ascii=False)
    for raw in (whole, whole[:70]):  # missing its date; cut inside the id (broken JSON)
        dead = pipeline.process([RawMessage(raw.encode(), "voc.raw:0:9")]).dead[0]
        text = json.dumps(dead.record(), ensure_ascii=False)
        assert IDS[0] not in text and RRN not in text and "박지훈" not in text
    dead = pipeline.process([RawMessage(whole.encode(), "voc.raw:0:9")]).dead[0]
    ev = parse_event(json.dumps({**bad, "occurred_at": "2026-11-23T10:00:00+09:00"}))
    assert f'"id": "{pipeline.customer_key(ev)}"' in dead.payload_excerpt
