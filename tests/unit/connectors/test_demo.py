"""The demo traffic generator (``connectors/demo.py``) and the sample replay file it seeds.

``tests/data/sample_events.jsonl`` (68 lines, one event a line; read it in binary mode, one line
is deliberately not UTF-8):

* 60 lines: ``DemoTraffic(seed=7, start=SAMPLE_START).batch(60)``, i.e. ids ``demo7-...``, with the
  synthetic ground truth in ``meta.demo_topic`` / ``meta.demo_escalation`` / ``meta.demo_reasons``;
* ``sample-ko-retention-001``: one complete Korean 해지 방어 call (``meta.final``, not partial), the
  agent refusing the cancellation again and again until the customer says the call is recorded
  and will go online: clearly ``critical`` (``agent_obstruction`` + ``publicity_threat``), with a
  contract ``label``;
* ``sample-en-retention-001``: the same story in English (``lang: en``), labelled likewise;
* 6 bad lines that must be dead-lettered, each with its :func:`parse_event` reason: malformed JSON
  (``invalid_json``), no ``event_id`` (``missing_field:event_id``), source ``fax``
  (``invalid_field:source``), binary garbage (``invalid_utf8``), a call with empty ``turns``
  (``invalid_field:event``), a JSON array (``not_an_object``).

Regenerate it after changing the generator: ``python tests/unit/connectors/test_demo.py --write``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vocradar.connectors.demo import (
    _ESCALATION,
    KST,
    PUBLICITY_REMARK,
    RECORDING_NOTICE,
    TOPICS,
    DemoTraffic,
    _Slots,
    _split,
    _Word,
    template_counts,
    write_jsonl,
)
from vocradar.models.events import BadEvent, parse_event
from vocradar.models.types import CATEGORIES, REASONS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_events.jsonl"
SAMPLE_START = datetime(2026, 11, 23, 9, 0, tzinfo=KST)
PHONE = re.compile(r"010-\d{4}-\d{4}")
EMAIL = re.compile(r"[\w.]+@[\w.]+\.\w+")


def _turns(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    out, t = [], 0.0
    for speaker, text in pairs:
        out.append({"speaker": speaker, "text": text, "offset_s": round(t, 1)})
        t += 1.5 + 0.12 * len(text)
    return out


KO_RETENTION: dict[str, Any] = {
    "event_id": "sample-ko-retention-001",
    "source": "call",
    "occurred_at": "2026-11-23T10:15:00+09:00",
    "conversation_id": "sample-conv-ko-001",
    "turns": _turns(
        ("system", "본 통화는 서비스 품질 향상을 위해 녹음됩니다."),
        ("agent", "사랑합니다 고객님, 해지방어팀 상담사 이지은입니다. 무엇을 도와드릴까요?"),
        ("customer", "네, 기가인터넷 해지하려고 전화했어요."),
        ("agent", "아 네 고객님, 혹시 해지하시려는 이유를 여쭤봐도 될까요?"),
        ("customer", "다음 달에 이사 가는데 거기선 다른 통신사 쓰기로 했어요. 해지해 주세요."),
        ("agent", "고객님, 이사 가셔도 이전 설치 무료로 해드리고요, 월 1만 원 할인을 12개월 해드려요."),
        ("customer", "아니요, 할인 필요 없어요. 해지만 해주세요."),
        ("agent", "지금 해지하시면 위약금이 27만 원 정도 나오시는데, 그냥 유지하시는 게 훨씬 이득이세요."),
        ("customer", "위약금 내도 돼요. 해지해 달라고요. 벌써 세 번째 말씀드리는 거예요."),
        ("agent", "고객님, 해지는 지금 바로는 어렵고요, 왜 저희 서비스를 안 쓰시려는 건지 이해가 안 돼서요."),
        ("customer", "아니 제가 왜 이유를 계속 설명해야 돼요? 해지하겠다고요!"),
        ("agent", "이 조건은 오늘 통화에서만 가능한 거라서요, 한 번만 다시 생각해 보시면..."),
        ("customer", "됐고요. 해지 처리 하실 거예요, 안 하실 거예요?"),
        ("agent", "해지는 어렵습니다. 해지 전담 부서에서 다시 연락드리겠습니다."),
        ("customer", "이 통화 녹음하고 있고요, 인터넷에 올릴 거예요. 어떻게 해지를 막는지 다들 보라고요."),
    ),
    "customer": {"id": "cust-004217", "segment": "일반"},
    "agent": {"id": "agt-0301", "team": "해지방어팀"},
    "product": "기가인터넷",
    "lang": "ko",
    "meta": {"partial": False, "final": True, "handwritten": True},
    "label": {
        "category": "cancellation",
        "alert": True,
        "reasons": ["agent_obstruction", "publicity_threat", "churn_intent"],
    },
}

EN_RETENTION: dict[str, Any] = {
    "event_id": "sample-en-retention-001",
    "source": "call",
    "occurred_at": "2026-11-23T10:42:30+09:00",
    "conversation_id": "sample-conv-en-001",
    "turns": _turns(
        ("system", "This call may be recorded for quality and training purposes."),
        ("agent", "Thank you for calling, this is Ryan. How can I help you today?"),
        ("customer", "Hi, I'd like to cancel my internet and TV service, please."),
        ("agent", "I can help with that. Can I ask why you want to disconnect?"),
        ("customer", "We're switching to another provider. We just want to cancel."),
        ("agent", "But we have the fastest internet in the country. Why wouldn't you want the best?"),
        ("customer", "I'm not interested. Please just cancel the account."),
        ("agent", "I'm trying to help you here. I can't process that until I understand the reason."),
        ("customer", "Helping me would be cancelling the service. That's the only thing I'm asking for."),
        ("agent", "I'm not able to disconnect you today. Let me go over some offers with you first."),
        (
            "customer",
            "This is the fourth time I've asked. I'm recording this call and I'm going to post it online.",
        ),
    ),
    "customer": {"id": "cust-008812", "segment": "foreign resident"},
    "agent": {"id": "agt-0777", "team": "해지방어팀"},
    "product": "인터넷+IPTV 결합상품",
    "lang": "en",
    "meta": {"partial": False, "final": True, "handwritten": True},
    "label": {
        "category": "cancellation",
        "alert": True,
        "reasons": ["agent_obstruction", "publicity_threat", "churn_intent"],
    },
}

BAD_LINES: list[tuple[bytes, str]] = [
    (
        '{"event_id": "bad-json-001", "source": "ticket", "occurred_at": "2026-11-23T10:00:00+09:00", '
        '"text": "요금 문의드립니다'.encode(),
        "invalid_json",
    ),
    (
        '{"source": "tweet", "occurred_at": "2026-11-23T10:01:00+09:00", '
        '"text": "인터넷 또 끊김 ㅠㅠ"}'.encode(),
        "missing_field:event_id",
    ),
    (
        '{"event_id": "bad-source-001", "source": "fax", "occurred_at": "2026-11-23T10:02:00+09:00", '
        '"text": "팩스로 해지 신청서 보냅니다."}'.encode(),
        "invalid_field:source",
    ),
    (b"\x89PNG\x1a\x00\xff\xfe\x00\x9c\xc3(\xa0\xa1binary\x00garbage\xe2\x28\xa1\x80\x80", "invalid_utf8"),
    (
        b'{"event_id": "bad-empty-turns-001", "source": "call", "occurred_at": "2026-11-23T10:03:00+09:00", '
        b'"turns": []}',
        "invalid_field:event",
    ),
    (
        '[{"event_id": "bad-array-001", "source": "tweet", "occurred_at": "2026-11-23T10:04:00+09:00", '
        '"text": "배열로 감싼 이벤트"}]'.encode(),
        "not_an_object",
    ),
]
BAD_AT = (5, 17, 26, 38, 51, 63)  # line indexes of the bad lines in the file
GOOD_AT = {KO_RETENTION["event_id"]: 31, EN_RETENTION["event_id"]: 46}


def _dumps(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode()


def build_sample_lines() -> list[bytes]:
    """The lines of ``tests/data/sample_events.jsonl``, in order."""
    lines = [_dumps(e) for e in DemoTraffic(seed=7, start=SAMPLE_START).batch(60)]
    for event in (KO_RETENTION, EN_RETENTION):
        lines.insert(GOOD_AT[event["event_id"]], _dumps(event))
    for at, (raw, _) in zip(BAD_AT, BAD_LINES, strict=True):
        lines.insert(at, raw)
    return lines


@pytest.fixture(scope="module")
def big() -> list[dict[str, Any]]:
    return DemoTraffic(seed=2026, start=SAMPLE_START).batch(2000)


def _complete(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if not e["meta"].get("partial")]


# --- the contract ---------------------------------------------------------------------------


def test_every_event_passes_the_contract(big):
    for e in big:
        parsed = parse_event(e)
        parsed_again = parse_event(json.dumps(e, ensure_ascii=False).encode())
        assert parsed == parsed_again
        assert e["occurred_at"].endswith("+09:00")
        assert datetime.fromisoformat(e["occurred_at"]).utcoffset() == timedelta(hours=9)
        meta = e["meta"]
        assert meta["demo_topic"] in CATEGORIES
        assert isinstance(meta["demo_escalation"], bool)
        assert set(meta["demo_reasons"]) <= set(REASONS)
        assert e["lang"] in ("ko", "en")
    assert len({e["event_id"] for e in big}) == len(big)
    assert {e["source"] for e in big} == {"call", "chat", "ticket", "email", "tweet", "note"}
    times = [datetime.fromisoformat(e["occurred_at"]) for e in big]
    assert times == sorted(times)


def test_mix_of_kinds_and_their_shape(big):
    kinds = Counter(e["source"] for e in big)
    assert kinds["call"] > kinds["chat"] > 0 and kinds["tweet"] > kinds["email"] > 0
    for e in _complete(big):
        if e["source"] in ("call", "chat"):
            assert 4 <= len(e["turns"]) <= 20, e["event_id"]
            assert e["turns"][0]["speaker"] in ("system", "agent")
            assert {t["speaker"] for t in e["turns"]} >= {"agent", "customer"}
            offsets = [t["offset_s"] for t in e["turns"]]
            assert offsets == sorted(offsets)
            assert e["conversation_id"]
        else:
            assert e["text"].strip()
        if e["source"] == "tweet":
            assert e["customer"]["handle"].startswith("@") and "agent" not in e
        else:
            assert e["agent"]["id"].startswith("agt-") and e["agent"]["team"].endswith("팀")
        if e["source"] in ("ticket", "email", "call", "chat"):
            assert re.fullmatch(r"cust-\d{6}", e["customer"]["id"])
    calls = [e for e in _complete(big) if e["source"] == "call"]
    assert sum(e["turns"][0]["text"] == RECORDING_NOTICE for e in calls) > len(calls) / 2
    tweets = [e for e in big if e["source"] == "tweet"]
    assert any(e["customer"]["followers"] >= 10_000 for e in tweets)
    assert any(e["customer"].get("verified") for e in tweets)
    assert any(re.search(r"[ㅋㅠ]{2}", e["text"]) for e in tweets)
    assert any("#" in e["text"] for e in tweets)
    assert any("ㅅㅂ" in e["text"] for e in tweets)
    assert any(e["lang"] == "en" for e in big)
    assert len({e["text"] for e in big if "text" in e}) > 0.7 * sum("text" in e for e in big)


def test_every_category_is_covered_in_every_register(big):
    assert set(TOPICS) == set(CATEGORIES)
    topics = Counter(e["meta"]["demo_topic"] for e in big)
    assert set(topics) == set(CATEGORIES)
    assert min(topics.values()) >= 20
    by_kind: dict[str, set[str]] = defaultdict(set)
    for e in big:
        by_kind[e["meta"]["demo_topic"]].add(e["source"])
    for code in CATEGORIES:
        assert len(by_kind[code]) >= 4, (code, by_kind[code])
    # the intended topic shows in the words, not just in the metadata
    cues = {"privacy": "명의", "cancellation": "해지", "billing": "요금", "installation": "설치"}
    for code, cue in cues.items():
        texts = [parse_event(e).body_text() for e in big if e["meta"]["demo_topic"] == code]
        assert sum(cue in t for t in texts) > len(texts) / 4, code


def test_every_template_renders():
    pools: list[str] = []
    for t in TOPICS.values():
        for name in ("spoken", "follow", "agent", "formal", "ask", "tweet", "note", "english"):
            pools.extend(getattr(t, name))
    for by_register in _ESCALATION.values():
        for templates in by_register.values():
            pools.extend(templates)
    import random

    for seed in range(5):
        for template in pools:
            text, reasons = _split(template)
            rendered = text.format_map(_Slots(random.Random(seed), agent_name="김서연", team="요금상담팀"))
            assert "{" not in rendered and "}" not in rendered and "§" not in rendered
            assert set(reasons) <= set(REASONS)
    counts = template_counts()
    assert set(counts) >= {"call", "chat", "ticket", "email", "tweet", "note", "retention_call"}
    assert min(counts.values()) >= 25


@pytest.mark.parametrize(
    ("word", "spec", "expected"),
    [
        ("기가인터넷", "이", "기가인터넷이"),
        ("IPTV", "이", "IPTV가"),
        ("셋톱박스", "을", "셋톱박스를"),
        ("5G 요금제", "으로", "5G 요금제로"),
        ("서울 강남구", "으로", "서울 강남구로"),
        ("11월 23일", "으로", "11월 23일로"),
        ("인터넷 500M", "으로", "인터넷 500M으로"),
        ("35만 원", "이나", "35만 원이나"),
        ("010-1234-5678", "이에요", "010-1234-5678이에요"),
        ("me@naver.com", "으로", "me@naver.com으로"),
    ],
)
def test_particles_follow_the_word(word, spec, expected):
    assert format(_Word(word), spec) == expected


# --- planted escalations ---------------------------------------------------------------------


def test_retention_call_partials_grow_and_end_with_the_publicity_remark(big):
    convs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in big:
        if e["meta"].get("demo_scenario") == "retention_call":
            convs[e["conversation_id"]].append(e)
    finished = {c: evs for c, evs in convs.items() if evs[-1]["meta"]["final"]}
    assert len(finished) >= 12  # ~11 minutes of traffic, one call every 40 s
    for conv, evs in finished.items():
        sizes = [len(e["turns"]) for e in evs]
        assert sizes == sorted(set(sizes)) and len(evs) >= 3, conv
        for prev, cur in itertools.pairwise(evs):
            assert cur["turns"][: len(prev["turns"])] == prev["turns"]
            assert cur["occurred_at"] > prev["occurred_at"]
        for e in evs:
            assert e["event_id"] == f"{conv}#{len(e['turns'])}"
            assert e["meta"]["demo_escalation"] is True and e["meta"]["demo_topic"] == "cancellation"
            assert e["agent"]["team"] == "해지방어팀"
        assert [(e["meta"]["partial"], e["meta"]["final"]) for e in evs] == (
            [(True, False)] * (len(evs) - 1) + [(False, True)]
        )
        assert len({json.dumps(e["customer"]) for e in evs}) == 1
        turns = evs[-1]["turns"]
        assert turns[0] == {"speaker": "system", "text": RECORDING_NOTICE, "offset_s": 0.0}
        assert turns[-1]["speaker"] == "customer" and turns[-1]["text"].startswith(PUBLICITY_REMARK)
        customer = [t["text"] for t in turns if t["speaker"] == "customer"]
        agent = [t["text"] for t in turns if t["speaker"] == "agent"]
        assert sum("해지" in t for t in customer) >= 3
        assert any("어렵" in t for t in agent) and any(w in " ".join(agent) for w in ("할인", "혜택"))
        final_reasons = set(evs[-1]["meta"]["demo_reasons"])
        assert {"agent_obstruction", "publicity_threat", "churn_intent"} <= final_reasons
        assert "publicity_threat" not in evs[0]["meta"]["demo_reasons"]
        for e in evs:
            parse_event(e)
            assert parse_event(e).is_partial is e["meta"]["partial"]


def test_other_planted_signals(big):
    reasons = Counter(r for e in big for r in e["meta"]["demo_reasons"])
    for r in (
        "customer_abuse",
        "regulator_threat",
        "agent_hostility",
        "high_reach",
        "repeat_contact",
        "service_outage",
        "churn_intent",
    ):
        assert reasons[r] > 0, r
    bodies = {e["event_id"]: parse_event(e).body_text() for e in big}
    assert any("소비자원" in b or "방통위" in b for b in bodies.values())
    assert any("명의" in b and "도용" in b for b in bodies.values())
    for e in big:
        meta = e["meta"]
        if "customer_abuse" in meta["demo_reasons"] or "regulator_threat" in meta["demo_reasons"]:
            assert meta["demo_escalation"] is True
        if meta["demo_topic"] in ("praise", "inquiry", "other") and meta.get("demo_scenario") is None:
            assert meta["demo_escalation"] is False and not meta["demo_reasons"], e["event_id"]
    outage = [e for e in big if e["meta"].get("demo_scenario") == "outage"]
    assert len(outage) >= 20 and {e["meta"]["demo_topic"] for e in outage} == {"network"}
    assert len({e["meta"]["demo_outage"] for e in outage}) >= 1


def test_repeat_contacts_on_the_same_issue(big):
    earlier: Counter[tuple[str, str]] = Counter()
    for e in big:
        cid = (e.get("customer") or {}).get("id")
        if not cid or e["meta"].get("demo_scenario") == "retention_call":
            continue
        key = (cid, e["meta"]["demo_topic"])
        assert earlier[key] >= e["meta"].get("demo_contact_no", 1) - 1, e["event_id"]
        earlier[key] += 1
    assert max(earlier.values()) >= 3
    third = [e for e in big if e["meta"].get("demo_contact_no", 1) >= 3]
    assert third and all("repeat_contact" in e["meta"]["demo_reasons"] for e in third)


def test_some_pii_for_the_masker(big):
    pii = [e for e in big if e["meta"].get("demo_pii")]
    assert 0.002 * len(big) <= len(pii) <= 0.03 * len(big)
    for e in pii:
        body = parse_event(e).body_text()
        assert PHONE.search(body) or EMAIL.search(body), e["event_id"]
    clean = [e for e in big if not e["meta"].get("demo_pii")]
    assert not any(PHONE.search(parse_event(e).body_text()) for e in clean)


# --- determinism and pacing ------------------------------------------------------------------


def test_same_seed_same_events_other_seed_other_events():
    a = DemoTraffic(seed=5, start=SAMPLE_START).batch(400)
    assert a == DemoTraffic(seed=5, start=SAMPLE_START).batch(400)
    assert a != DemoTraffic(seed=6, start=SAMPLE_START).batch(400)
    # without a start only the timestamps depend on the wall clock
    x, y = DemoTraffic(seed=5).batch(50), DemoTraffic(seed=5, start=SAMPLE_START).batch(50)
    assert [{**e, "occurred_at": None} for e in x] == [{**e, "occurred_at": None} for e in y]
    # consecutive batches continue one timeline
    two = DemoTraffic(seed=5, start=SAMPLE_START)
    assert two.batch(150) + two.batch(250) == a


def test_unseeded_generators_do_not_share_ids():
    a, b = DemoTraffic(), DemoTraffic()
    assert a.id_prefix != b.id_prefix
    assert not {e["event_id"] for e in a.batch(50)} & {e["event_id"] for e in b.batch(50)}


class FakeClock:
    """A monotonic clock that only moves when someone sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds

    def now(self) -> datetime:
        return SAMPLE_START + timedelta(seconds=self.t)


def test_events_honour_the_rate_on_an_injected_clock():
    clock = FakeClock()
    gen = DemoTraffic(seed=3, rate=10).events(now=clock.now, sleep=clock.sleep, monotonic=clock.monotonic)
    events = list(itertools.islice(gen, 51))
    assert clock.t == pytest.approx(5.0)
    assert len(clock.sleeps) == 50 and all(s == pytest.approx(0.1) for s in clock.sleeps)
    stamps = [datetime.fromisoformat(e["occurred_at"]) for e in events]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    assert all(g == pytest.approx(0.1, abs=1e-3) for g in gaps)
    for e in events:
        parse_event(e)


def test_a_slow_consumer_gets_no_burst_afterwards():
    clock = FakeClock()
    gen = DemoTraffic(seed=3, rate=10).events(now=clock.now, sleep=clock.sleep, monotonic=clock.monotonic)
    for _ in range(5):
        next(gen)
        clock.t += 2.0  # the consumer takes 2 s per event
    assert clock.sleeps == []
    stamps = [datetime.fromisoformat(next(gen)["occurred_at"]) for _ in range(6)]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    assert all(g == pytest.approx(0.1, abs=1e-3) for g in gaps)


def test_events_limit_and_a_retention_call_in_event_time():
    clock = FakeClock()
    traffic = DemoTraffic(seed=9, rate=20, retention_call_every_s=30)
    events = list(traffic.events(now=clock.now, sleep=clock.sleep, monotonic=clock.monotonic, limit=2400))
    assert len(events) == 2400 and clock.t == pytest.approx(119.95)
    calls = {e["conversation_id"] for e in events if e["meta"].get("demo_scenario") == "retention_call"}
    assert len(calls) == 4  # at 0, 30, 60 and 90 s of event time
    assert len([e for e in events if e["meta"].get("final")]) >= 2
    first = datetime.fromisoformat(next(e for e in events if e["meta"].get("partial"))["occurred_at"])
    assert (first - SAMPLE_START).total_seconds() < 30  # the dashboard sees one within the first minute
    off = DemoTraffic(seed=9, rate=20, retention_call_every_s=math.inf)
    assert not any(e["meta"].get("demo_scenario") == "retention_call" for e in off.batch(1000))


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        DemoTraffic(rate=0)
    with pytest.raises(ValueError):
        DemoTraffic(retention_call_every_s=0)


def test_write_jsonl_round_trips(tmp_path):
    events = DemoTraffic(seed=1, start=SAMPLE_START).batch(30)
    path = tmp_path / "out" / "demo.jsonl"
    assert write_jsonl(path, iter(events)) == 30
    lines = path.read_bytes().splitlines()
    assert [json.loads(line) for line in lines] == events
    assert "고객".encode() in path.read_bytes()  # Korean kept readable, not \\u-escaped


# --- the sample replay file ------------------------------------------------------------------


def test_sample_file_good_and_bad_lines():
    lines = SAMPLE.read_bytes().splitlines()
    assert len(lines) == 68
    good, bad, raw = [], [], {}
    for line in lines:
        try:
            good.append(parse_event(line))
        except BadEvent as e:
            bad.append(e.reason)
        else:
            raw[good[-1].event_id] = json.loads(line)
    assert sorted(bad) == sorted(r for _, r in BAD_LINES)
    assert [i for i, line in enumerate(lines) if line in {raw for raw, _ in BAD_LINES}] == list(BAD_AT)
    assert len(good) == 62 and len({g.event_id for g in good}) == 62
    demo = [g for g in good if g.event_id.startswith("demo7-")]
    assert len(demo) == 60 and all(g.meta and "demo_topic" in g.meta for g in demo)
    by_id = {k: v for k, v in raw.items() if not k.startswith("demo7-")}
    assert by_id == {KO_RETENTION["event_id"]: KO_RETENTION, EN_RETENTION["event_id"]: EN_RETENTION}
    for event in (KO_RETENTION, EN_RETENTION):
        parsed = parse_event(event)
        assert not parsed.is_partial and parsed.turns and parsed.turns[-1].speaker == "customer"
        assert {"agent_obstruction", "publicity_threat"} <= set(event["label"]["reasons"])
    assert parse_event(EN_RETENTION).lang == "en"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/unit/connectors/test_demo.py --write")
    SAMPLE.write_bytes(b"\n".join(build_sample_lines()) + b"\n")
    print(f"wrote {SAMPLE}")


def test_a_batch_is_traffic_that_has_happened() -> None:
    """Events dated past their arrival are dead letters (future_time): a batch ends about now."""
    from vocradar.connectors.base import KST
    from vocradar.connectors.demo import DemoTraffic

    events = DemoTraffic(seed=41).batch(3000)
    latest = max(datetime.fromisoformat(e["occurred_at"]) for e in events)
    assert latest < datetime.now(KST) + timedelta(seconds=120)
