"""The scoring pipeline: one result per message, in order; bad input as dead letters; no PII out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from vocradar.models.pipeline import DeadLetter, RawMessage, ScoredEvent, ScoringPipeline
from vocradar.settings import Settings

PII = ["010-2345-6789", "01098765432", "900101-1234567", "hong.gildong@example.com", "4111 1111 1111 1111"]
PII_DIGITS = [re.sub(r"\D", "", p) for p in PII if re.sub(r"\D", "", p)]


@pytest.fixture(scope="module")
def pipeline() -> ScoringPipeline:
    return ScoringPipeline.build(Settings(_env_file=None))


def _msg(obj: object, i: int = 0) -> RawMessage:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj, ensure_ascii=False).encode()
    return RawMessage(raw, f"test:0:{i}")


RETENTION = {
    "event_id": "c-001",
    "source": "call",
    "occurred_at": "2026-11-23T10:00:00+09:00",
    "conversation_id": "conv-1",
    "customer": {"id": "cust-9"},
    "agent": {"id": "a-1", "team": "해지방어팀"},
    "product": "기가인터넷",
    "turns": [
        {"speaker": "system", "text": "본 통화는 서비스 품질 향상을 위해 녹음됩니다."},
        {"speaker": "customer", "text": "인터넷 해지해 주세요. 제 번호는 010-2345-6789예요."},
        {"speaker": "agent", "text": "고객님 해지보다는 할인 혜택을 드릴게요."},
        {"speaker": "customer", "text": "필요 없어요. 해지해 달라고요."},
        {"speaker": "agent", "text": "해지는 어렵습니다. 다시 한번 생각해 보세요."},
        {
            "speaker": "customer",
            "text": "몇 번을 말해요, 해지해 주세요. 이 통화 녹음하고 있어요. 인터넷에 올릴 거예요.",
        },
    ],
}


def test_one_result_per_message_in_order(pipeline):
    msgs = [
        _msg(RETENTION, 0),
        _msg(b"{broken", 1),
        _msg(
            {
                "event_id": "t-1",
                "source": "tweet",
                "occurred_at": "2026-11-23T10:00:00+09:00",
                "text": "요금제 변경 어떻게 하나요?",
            },
            2,
        ),
        _msg(b"\xff\xfe", 3),
    ]
    items = pipeline.process(msgs).items
    assert [type(i) for i in items] == [ScoredEvent, DeadLetter, ScoredEvent, DeadLetter]
    assert items[1].reason == "invalid_json" and items[3].reason == "invalid_utf8"
    assert items[1].dead_id != items[3].dead_id


def test_retention_call_output_follows_the_contract(pipeline):
    out = pipeline.process([_msg(RETENTION)]).items[0].output()
    for key in (
        "event_id",
        "category",
        "category_confidence",
        "risk",
        "risk_level",
        "alert",
        "reasons",
        "evidence",
        "redacted_text",
    ):
        assert key in out
    assert out["category"] == "cancellation"
    assert out["risk_level"] == "critical" and out["alert"] is True
    assert {"agent_obstruction", "publicity_threat"} <= set(out["reasons"])
    assert all({"turn", "text", "reason"} <= set(e) for e in out["evidence"])
    assert any(e["reason"] == "publicity_threat" and e["turn"] == 5 for e in out["evidence"])
    assert 0.0 <= out["risk"] <= 1.0 and 0.0 <= out["category_confidence"] <= 1.0
    assert out["lexicon_hash"]


def test_no_personal_data_leaves_the_pipeline(pipeline):
    text = (
        "연락처 "
        + ", ".join(PII)
        + " 로 연락 주세요. 홍길동 고객님 요금이 이상해요. 녹음했고 유튜브에 올릴게요"
    )
    events = [
        {"event_id": "p-1", "source": "ticket", "occurred_at": "2026-11-23T10:00:00+09:00", "text": text},
        {
            "event_id": "p-2",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "turns": [{"speaker": "customer", "text": text}],
        },
    ]
    bad = ('{"event_id": "p-3", "source": "fax", "occurred_at": "x", "text": "' + text + '"}').encode()
    items = pipeline.process([_msg(e, i) for i, e in enumerate(events)] + [RawMessage(bad, "t:0:9")]).items
    for item in items:
        rows = [item.output()] + (
            [item.event_row(), item.alert_record()] if isinstance(item, ScoredEvent) else [item.record()]
        )
        blob = json.dumps(rows, ensure_ascii=False, default=str)
        digits = re.sub(r"\D", "", blob)
        for d in PII_DIGITS:
            assert d not in digits, f"{d} survived in {type(item).__name__}"
        assert "hong.gildong" not in blob and "홍길동" not in blob


def test_raw_text_is_kept_only_when_the_operator_asks(pipeline):
    ev = {
        "event_id": "r-1",
        "source": "note",
        "occurred_at": "2026-11-23T10:00:00+09:00",
        "text": "010-2345-6789",
    }
    assert pipeline.process([_msg(ev)]).items[0].event_row()["raw_text"] == ""
    keep = ScoringPipeline(
        Settings(_env_file=None, store_raw_text=True),
        pipeline.analyzer,
        pipeline.classifier,
        pipeline.scorer,
        pipeline.masker,
        pipeline.lexicon_hash,
    )
    assert keep.process([_msg(ev)]).items[0].event_row()["raw_text"] == "010-2345-6789"


def test_huge_and_odd_texts_are_bounded_not_fatal(pipeline):
    weird = "😡" * 10 + "ㅋㅋㅋ" + "\u202e" + "مرحبا" + "中文" + "a" * 50
    events = [
        {
            "event_id": "big",
            "source": "email",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "text": "요금이 너무 많이 나왔어요. " * 25_000,
        },  # ~1 MB of UTF-8
        {"event_id": "odd", "source": "tweet", "occurred_at": "2026-11-23T10:00:00+09:00", "text": weird},
    ]
    assert 900_000 < len(events[0]["text"].encode()) < 1_100_000
    items = pipeline.process([_msg(e, i) for i, e in enumerate(events)]).items
    assert all(isinstance(i, ScoredEvent) for i in items)
    assert items[0].truncated and len(items[0].redacted_text) <= pipeline.settings.max_text_chars
    assert not items[1].truncated


def test_oversized_event_is_a_dead_letter_with_its_reason(pipeline):
    ev = {
        "event_id": "huge",
        "source": "email",
        "occurred_at": "2026-11-23T10:00:00+09:00",
        "text": "가" * 1_000_000,
    }
    item = pipeline.process([_msg(ev)]).items[0]
    assert isinstance(item, DeadLetter) and item.reason == "too_large"
    assert len(item.payload_excerpt) <= 1_000


def test_customer_key_is_a_pseudonym(pipeline):
    item = pipeline.process([_msg(RETENTION)]).items[0]
    assert item.customer_key and "cust-9" not in item.customer_key
    other = ScoringPipeline(
        Settings(_env_file=None, pseudonym_salt="other"),
        pipeline.analyzer,
        pipeline.classifier,
        pipeline.scorer,
        pipeline.masker,
        pipeline.lexicon_hash,
    )
    assert other.customer_key(item.event) != item.customer_key


def test_score_command_writes_one_line_per_input_line(tmp_path, data_dir):
    src = data_dir / "sample_events.jsonl"
    out = tmp_path / "out.jsonl"
    subprocess.run(
        [sys.executable, "-m", "vocradar", "score", "--in", str(src), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    n_in = sum(1 for line in src.read_bytes().splitlines() if line.strip())
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == n_in
    errors = [x for x in lines if "error" in x]
    assert len(errors) == 6 and all(x["error"] for x in errors)
    scored = [x for x in lines if "error" not in x]
    assert all(x["risk_level"] in ("low", "medium", "high", "critical") for x in scored)
    assert all(x["alert"] == (x["risk_level"] in ("high", "critical")) for x in scored)


def test_warm_up_events_are_scored_and_load_kiwi() -> None:
    from vocradar.models.pipeline import warm_up_messages

    fresh = ScoringPipeline.build(Settings(_env_file=None))
    assert fresh.analyzer._kiwi is None, "Kiwi is built on first use"
    items = fresh.process(warm_up_messages()).items
    assert items and all(isinstance(i, ScoredEvent) for i in items)
    assert fresh.analyzer._kiwi is not None, "the warm-up must load Kiwi"


def test_the_learned_features_and_the_risk_scorer_share_one_extractor(pipeline: ScoringPipeline) -> None:
    from vocradar.models.learned import HybridRiskScorer, LearnedClassifier

    fast = getattr(pipeline.classifier, "fast", pipeline.classifier)  # the cascade's fast classifier
    assert isinstance(fast, LearnedClassifier)
    assert isinstance(pipeline.scorer, HybridRiskScorer)
    block = dict(fast.model_.named_steps["features"].transformer_list)["lexicon"]
    assert block._extractor is pipeline.scorer.lexicon_scorer.extractor  # type: ignore[attr-defined]


def test_an_event_dated_past_the_future_margin_is_a_dead_letter(pipeline: ScoringPipeline) -> None:
    arrived = datetime(2026, 11, 23, 1, 0, tzinfo=UTC).timestamp()

    def msg(event_id: str, occurred_at: str) -> RawMessage:
        body = {
            "event_id": event_id,
            "source": "tweet",
            "occurred_at": occurred_at,
            "text": "인터넷 또 끊겼네",
        }
        return RawMessage(json.dumps(body, ensure_ascii=False).encode(), f"voc.raw:0:{event_id}", arrived)

    items = pipeline.process(
        [
            msg("ok-skew", "2026-11-23T10:04:00+09:00"),  # four minutes ahead: clocks differ
            msg("forged", "2031-01-01T00:00:00+09:00"),
            msg("ok-past", "2026-11-20T10:00:00+09:00"),
        ]
    ).items
    assert [type(i).__name__ for i in items] == ["ScoredEvent", "DeadLetter", "ScoredEvent"]
    dead = items[1]
    assert isinstance(dead, DeadLetter) and dead.reason == "future_time" and dead.event_id == "forged"
    assert "VOCRADAR_FUTURE_MARGIN_S" in dead.detail
