"""The input-event contract: what parses, and the reason given for what does not."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocradar.models.events import BadEvent, parse_event

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
