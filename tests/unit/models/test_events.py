"""The input-event contract: what parses, and the reason given for what does not; how the turns
of a conversation are masked together."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocradar.models.events import BadEvent, mask_excerpt, mask_turn_texts, parse_event
from vocradar.models.pii import PiiMasker

OK = {
    "event_id": "t-1",
    "source": "tweet",
    "occurred_at": "2026-11-23T10:00:00+09:00",
    "text": "요금 폭탄 실화냐 ㅠㅠ",
}


def test_valid_event_is_normalised_to_utc_and_cleaned():
    ev = parse_event(json.dumps({**OK, "text": "요금\x00 폭탄\u0007"}).encode())
    assert ev.occurred_at.isoformat() == "2026-11-23T01:00:00+00:00"
    assert ev.text == "요금 폭탄"
    assert ev.thread_key == "t-1"


def test_thread_key_prefers_conversation_then_customer():
    assert parse_event({**OK, "conversation_id": "c9", "customer": {"id": "u1"}}).thread_key == "c9"
    assert parse_event({**OK, "customer": {"handle": "@kim"}}).thread_key == "cust:@kim"


def test_numeric_ids_are_accepted_as_strings():
    assert parse_event({**OK, "event_id": 12345}).event_id == "12345"


def test_call_turns_and_partial_flag():
    ev = parse_event(
        {
            "event_id": "c-1#2",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00Z",
            "conversation_id": "c-1",
            "meta": {"partial": True},
            "turns": [
                {"speaker": "agent", "text": "네 고객님"},
                {"speaker": "customer", "text": "해지해 주세요", "offset_s": 3.5},
            ],
        }
    )
    assert ev.is_partial
    assert ev.body_text() == "네 고객님\n해지해 주세요"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "invalid_json"),
        (b"{not json", "invalid_json"),
        (b"[1,2]", "not_an_object"),
        (b"\xff\xfe\xfa", "invalid_utf8"),
        (b'"just a string"', "not_an_object"),
        (json.dumps({**OK, "source": "fax"}).encode(), "invalid_field:source"),
        (json.dumps({k: v for k, v in OK.items() if k != "event_id"}).encode(), "missing_field:event_id"),
        (
            json.dumps({k: v for k, v in OK.items() if k != "occurred_at"}).encode(),
            "missing_field:occurred_at",
        ),
        (json.dumps({**OK, "occurred_at": "2026-11-23 10:00:00"}).encode(), "invalid_field:occurred_at"),
        (json.dumps({**OK, "occurred_at": "어제"}).encode(), "invalid_field:occurred_at"),
        (json.dumps({**OK, "text": "   "}).encode(), "invalid_field:event"),
        (json.dumps({k: v for k, v in OK.items() if k != "text"}).encode(), "invalid_field:event"),
        (
            json.dumps({**OK, "turns": [{"speaker": "robot", "text": "hi"}]}).encode(),
            "invalid_field:turns.0.speaker",
        ),
        (json.dumps({**OK, "customer": {"followers": -5}}).encode(), "invalid_field:customer.followers"),
        (b"[" * 100_000, "invalid_json"),
    ],
)
def test_bad_input_has_a_reason(raw, reason):
    with pytest.raises(BadEvent) as err:
        parse_event(raw)
    assert err.value.reason == reason
    assert err.value.detail


def test_too_large_is_refused_before_parsing():
    big = json.dumps({**OK, "text": "가" * 1_000_000}, ensure_ascii=False).encode()  # ~3 MB
    with pytest.raises(BadEvent) as err:
        parse_event(big, max_bytes=1_000_000)
    assert err.value.reason == "too_large"
    assert parse_event(big, max_bytes=4_000_000).text is not None


def test_event_id_is_kept_on_bad_events_when_present():
    with pytest.raises(BadEvent) as err:
        parse_event({**OK, "source": "fax"})
    assert err.value.event_id == "t-1"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_never_escape_as_another_exception(raw):
    try:
        parse_event(raw)
    except BadEvent as e:
        assert e.reason


# ---------------------------------------------------------------------------------------------
# Masking a conversation over its joined turns (all numbers made up)
# ---------------------------------------------------------------------------------------------

SPLIT_CALL: dict[str, Any] = {
    "event_id": "c-77#4",
    "source": "call",
    "occurred_at": "2026-11-23T10:00:00+09:00",
    "conversation_id": "c-77",
    "turns": [
        {"speaker": "agent", "text": "회신받으실 연락처 말씀해 주세요."},
        {"speaker": "customer", "text": "공일공 이사육팔"},
        {"speaker": "customer", "text": "일삼오칠이요. 아니 숫자로 010-2468"},
        {"speaker": "agent", "text": "네, 010-2468 다음 네 자리요?"},
        {"speaker": "customer", "text": "1357이요. 주민번호는 900101"},
        {"speaker": "customer", "text": "1234567이고 홍길동 고객 맞아요"},
        {"speaker": "agent", "text": "확인 감사합니다. 요금은 45,000원이고 3건 처리됐습니다."},
    ],
}
SPLIT_CALL_MASKED = [
    "회신받으실 연락처 말씀해 주세요.",
    "*** ****",
    "****이요. 아니 숫자로 010-****",
    "네, 010-**** 다음 네 자리요?",
    "****이요. 주민번호는 ******",
    "*******이고 홍○○ 고객 맞아요",
    "확인 감사합니다. 요금은 45,000원이고 3건 처리됐습니다.",
]


def test_a_number_split_across_turns_is_masked_in_every_turn() -> None:
    """Spoken digits over two turns, a number whose last group comes after the agent repeats the
    first part, and a resident number over two turns: each piece is masked in its own turn."""
    ev = parse_event(json.dumps(SPLIT_CALL, ensure_ascii=False).encode())
    texts = [t.text for t in ev.turns or []]
    masker = PiiMasker()
    assert mask_turn_texts(texts, masker) == SPLIT_CALL_MASKED
    # turn by turn, the pieces are not recognised: the joined conversation is what finds them
    alone = [masker.mask(t) for t in texts]
    assert alone[1] == "공일공 이사육팔" and alone[4] == "1357이요. 주민번호는 900101"


def test_partial_transcripts_mask_what_they_hold() -> None:
    """A live call's partial transcript ends mid-number: the part already read out is masked."""
    texts = [t["text"] for t in SPLIT_CALL["turns"][:4]]
    assert mask_turn_texts(texts, PiiMasker()) == SPLIT_CALL_MASKED[:4]


def test_turns_without_personal_data_are_unchanged() -> None:
    texts = ["요금이 두 번 나왔어요", "2026년 11월 23일에 3건", "5G 요금제 69,000원"]
    assert mask_turn_texts(texts, PiiMasker()) == texts
    assert mask_turn_texts([], PiiMasker()) == []


def test_a_quote_of_a_turn_is_masked_as_in_the_conversation() -> None:
    texts = [t["text"] for t in SPLIT_CALL["turns"]]
    masker = PiiMasker()
    masked = mask_turn_texts(texts, masker)
    assert mask_excerpt(texts, 4, "1357이요.", masker, masked) == "****이요."
    # without the masked turns (and for a turn a name mask made shorter) the neighbours are masked again
    assert mask_excerpt(texts, 4, "1357이요.", masker) == "****이요."
    names = ["상담원 이영희입니다", "남궁민수 고객님 번호가 010-1234", "5678 맞으시죠"]
    masked_names = mask_turn_texts(names, masker)
    assert masked_names == ["상담원 이○○입니다", "남○○ 고객님 번호가 010-****", "**** 맞으시죠"]
    assert mask_excerpt(names, 2, "5678 맞으시죠", masker, masked_names) == "**** 맞으시죠"
    assert mask_excerpt(names, 1, "번호가 010-1234", masker, masked_names) == "번호가 010-****"
    # a quote that is not in the turn, or a turn that does not exist: the caller masks it alone
    assert mask_excerpt(texts, 4, "없는 문장", masker) is None
    assert mask_excerpt(texts, 99, "1357", masker) is None
    assert mask_excerpt(texts, -1, "1357", masker) is None
