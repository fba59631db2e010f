"""Tweets to contract events, and tailing a JSONL stream file."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from vocradar.connectors.base import ListSink, thread_key
from vocradar.connectors.tweets import follow_jsonl, tweet_to_event
from vocradar.models.events import BadEvent, parse_event

V2 = {
    "data": {
        "id": "1861234567890123456",
        "text": "@KT_CS 3일째 인터넷 불통인데 고객센터는 연결도 안 되네요. 방통위에 민원 넣습니다.",
        "created_at": "2026-11-23T02:31:07.000Z",
        "author_id": "44196397",
        "lang": "ko",
        "conversation_id": "1861234567890123400",
        "referenced_tweets": [{"type": "replied_to", "id": "1861234567890123400"}],
    },
    "includes": {
        "users": [
            {"id": "11111", "username": "someone_else"},
            {
                "id": "44196397",
                "username": "techreview_kr",
                "name": "테크리뷰",
                "public_metrics": {"followers_count": 182000},
                "verified": True,
                "verified_type": "blue",
            },
        ]
    },
    "matching_rules": [{"id": "1", "tag": "brand-kt"}],
}
FLAT = {
    "id": 1861234567890999999,
    "id_str": "1861234567890999999",
    "full_text": "SKT 상담원이 반말하고 전화 끊어버림 ㅋㅋ 어이가 없네",
    "created_at": "Mon Nov 23 05:12:44 +0000 2026",
    "lang": "ko",
    "user": {"id_str": "9988", "screen_name": "minji_0315", "followers_count": 312, "verified": False},
}


def jl(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def test_v2_tweet() -> None:
    event = tweet_to_event(V2)
    parsed = parse_event(event)
    assert event["event_id"] == "tw-1861234567890123456"
    assert event["source"] == "tweet"
    assert event["customer"] == {"handle": "@techreview_kr", "followers": 182000, "verified": True}
    assert event["lang"] == "ko"
    assert event["conversation_id"] == "tw-1861234567890123400"
    assert event["meta"]["reply"] is True and event["meta"]["retweet"] is False
    assert event["meta"]["matching_rules"] == ["brand-kt"]
    assert event["meta"]["author_id"] == "44196397"
    assert "테크리뷰" not in json.dumps(event, ensure_ascii=False)
    assert parsed.occurred_at.isoformat() == "2026-11-23T02:31:07+00:00"
    assert parsed.thread_key == "tw-1861234567890123400"


def test_flat_v11_tweet() -> None:
    event = tweet_to_event(FLAT)
    parsed = parse_event(event)
    assert event["event_id"] == "tw-1861234567890999999"
    assert event["text"] == FLAT["full_text"]
    assert event["customer"] == {"handle": "@minji_0315", "followers": 312, "verified": False}
    assert event["occurred_at"] == "2026-11-23T05:12:44+00:00"
    assert "conversation_id" not in event
    assert thread_key(event) == parsed.thread_key == "cust:@minji_0315"


def test_pseudo_language_codes_are_dropped_and_english_kept() -> None:
    assert "lang" not in tweet_to_event({**FLAT, "lang": "und"})
    assert "lang" not in tweet_to_event({**FLAT, "lang": "qme"})
    en = tweet_to_event({**FLAT, "full_text": "Worst customer service ever, @LGUplus", "lang": "en"})
    parse_event(en)
    assert en["lang"] == "en"


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"data": {"id": "1", "text": "요금 폭탄"}}, "no created_at"),
        ({"data": {"id": "1", "text": "", "created_at": "2026-11-23T00:00:00Z"}}, "no text"),
        ({"data": {"text": "hi", "created_at": "2026-11-23T00:00:00Z"}}, "no id"),
        ({"hello": "world"}, "not a tweet"),
        ("just a string", "expected a JSON object"),
    ],
)
def test_unmappable_tweets_raise(obj: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tweet_to_event(obj)


def test_follow_once_forwards_bad_lines_raw(tmp_path: Path) -> None:
    f = tmp_path / "stream.jsonl"
    f.write_bytes(
        jl(V2)
        + b"\r\n"  # keep-alive
        + b'{"data": {"id": "2", "text": "\xec\x9a\x94\xea\xb8\x88 \xed\x8f\xad\xed\x83\x84'  # cut off
        + b"\n"
        + jl({"errors": [{"title": "operational-disconnect"}]})
        + jl({"hello": "world"})
        + jl(FLAT).rstrip(b"\n")  # last line without a newline
    )
    sink = ListSink()
    stats = follow_jsonl(f, sink, threading.Event(), follow=False)

    assert (stats.events, stats.raw, stats.skipped) == (2, 2, 1)
    assert [e["event_id"] for e in sink.events] == ["tw-1861234567890123456", "tw-1861234567890999999"]
    for e in sink.events:
        parse_event(e)
    assert sink.raw[1] == b'{"hello": "world"}'
    # the stream will dead-letter what was forwarded raw
    for raw in sink.raw:
        with pytest.raises(BadEvent):
            parse_event(raw)
    assert sink.flushes >= 1


def test_follow_missing_file_without_follow_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        follow_jsonl(tmp_path / "none.jsonl", ListSink(), threading.Event(), follow=False)


def wait_until(cond: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cond()


def test_follow_tails_appends_half_lines_and_rotation(tmp_path: Path) -> None:
    f = tmp_path / "stream.jsonl"
    sink = ListSink()
    stop = threading.Event()
    t = threading.Thread(target=follow_jsonl, args=(f, sink, stop), kwargs={"poll_s": 0.01}, daemon=True)
    t.start()
    try:
        time.sleep(0.05)  # the file does not exist yet: the follower waits for it
        first = jl(V2)
        with f.open("ab") as out:
            out.write(first[:40])
            out.flush()
            time.sleep(0.05)
            assert sink.events == []  # half a line is not read
            out.write(first[40:])
        wait_until(lambda: len(sink.events) == 1)

        with f.open("ab") as out:
            out.write(b"garbage line\n")
        wait_until(lambda: len(sink.raw) == 1)

        # log rotation: the old file moves away, a new one takes its name
        os.replace(f, tmp_path / "stream.jsonl.1")
        f.write_bytes(jl(FLAT))
        wait_until(lambda: len(sink.events) == 2)
    finally:
        stop.set()
        t.join(timeout=5)
    assert not t.is_alive()
    assert [e["event_id"] for e in sink.events] == ["tw-1861234567890123456", "tw-1861234567890999999"]
    assert sink.raw == [b"garbage line"]


def test_lines_the_broker_did_not_take_are_read_again(tmp_path: Path) -> None:
    from vocradar.connectors.base import DeliveryError

    class DroppingSink(ListSink):
        """Loses what was emitted since the last good flush, the first two times."""

        def __init__(self) -> None:
            super().__init__()
            self.failures, self._kept = 2, 0

        def flush(self) -> None:
            super().flush()
            if self.failures > 0:
                self.failures -= 1
                del self.events[self._kept :]
                raise DeliveryError([ConnectionError("broker gone")])
            self._kept = len(self.events)

    f = tmp_path / "stream.jsonl"
    f.write_bytes(jl(V2))
    sink = DroppingSink()
    stop = threading.Event()
    t = threading.Thread(target=follow_jsonl, args=(f, sink, stop), kwargs={"poll_s": 0.01}, daemon=True)
    t.start()
    try:
        wait_until(lambda: sink.failures == 0 and len(sink.events) == 1)
        with f.open("ab") as out:
            out.write(jl(FLAT))
        wait_until(lambda: len(sink.events) == 2)
        time.sleep(0.1)
    finally:
        stop.set()
        t.join(timeout=5)
    assert [e["event_id"] for e in sink.events] == ["tw-1861234567890123456", "tw-1861234567890999999"]
