"""A live call fed turn by turn: the retention call alerts while it happens, at the latest at
the customer's recording remark, and an ordinary cancellation never alerts; a number read out
over several turns is masked in every partial transcript."""

from __future__ import annotations

import json
import re

import pytest

from vocradar.models.pipeline import RawMessage, ScoredEvent, ScoringPipeline, level_rank
from vocradar.settings import Settings

KO_RETENTION = [
    ("system", "고객님과의 통화는 품질 향상을 위해 녹음됩니다."),
    ("agent", "네 고객님, 무엇을 도와드릴까요?"),
    ("customer", "인터넷이랑 TV 해지하려고 전화했어요."),
    ("agent", "아 고객님, 혹시 어떤 점이 불편하셨는지 여쭤봐도 될까요?"),
    ("customer", "이사 가는데 그냥 해지할게요. 해지 처리해 주세요."),
    ("agent", "고객님 지금 해지하시면 위약금도 있고, 저희가 요금 할인을 더 해드릴 수 있어요."),
    ("customer", "할인 필요 없어요. 해지해 달라고요."),
    ("agent", "그래도 왜 옮기시는지 이유를 말씀해 주셔야 도와드리죠. 다른 통신사보다 저희가 훨씬 나은데요."),
    ("customer", "이유는 말씀드렸잖아요. 벌써 몇 번째 말하는 거예요. 해지요."),
    ("agent", "고객님 그렇게 말씀하시면 곤란하고요, 제가 더 좋은 조건을 찾아드릴게요."),
    ("customer", "지금 이 통화 녹음하고 있어요. 계속 이러시면 인터넷에 올릴 겁니다."),
    ("agent", "네 고객님... 그럼 해지 접수 도와드리겠습니다."),
]
EN_RETENTION = [
    ("system", "This call may be recorded for quality and training purposes."),
    ("agent", "Thanks for calling, how can I help you?"),
    ("customer", "Hi, I'd like to cancel my internet and cable service, please."),
    ("agent", "I'm sorry to hear that. Can I ask why you want to disconnect?"),
    ("customer", "I'm switching providers. I just want to cancel, please."),
    ("agent", "But we're the best provider out there. Why would you want to leave us?"),
    ("customer", "I don't need to explain. Please just disconnect the service."),
    ("agent", "I'm trying to help you here. What is it about the service that isn't working?"),
    ("customer", "This is the fifth time I'm asking. Cancel it, please."),
    ("agent", "I can't do that until you tell me why you're leaving."),
    ("customer", "I'm recording this call, and I'm going to post it online."),
    ("agent", "Okay, I'll process the cancellation."),
]
# The recording remark comes before any obstruction: the threat alone must alert at once.
KO_EARLY_THREAT = [
    ("system", "상담 내용은 녹음됩니다."),
    ("agent", "네 고객센터입니다."),
    ("customer", "지난달 요금이 두 배로 나왔어요. 설명도 없이요."),
    ("customer", "미리 말씀드리는데 이 통화 녹음하고 있고요, 해결 안 되면 유튜브에 올릴 거예요."),
    ("agent", "네 고객님, 청구 내역 바로 확인해 드리겠습니다."),
]
KO_ORDINARY_CANCEL = [
    ("system", "고객님과의 통화는 품질 향상을 위해 녹음됩니다."),
    ("agent", "네 고객님, 무엇을 도와드릴까요?"),
    ("customer", "이사 때문에 인터넷 해지하려고요."),
    ("agent", "네 알겠습니다. 해지 접수해 드릴게요. 장비 회수 일정은 문자로 안내드립니다."),
    ("customer", "네 감사합니다."),
]


@pytest.fixture(scope="module")
def pipeline() -> ScoringPipeline:
    return ScoringPipeline.build(Settings(_env_file=None))  # type: ignore[call-arg]  # pydantic-settings init kwarg


def feed(pipeline: ScoringPipeline, turns: list[tuple[str, str]], lang: str, conv: str) -> list[ScoredEvent]:
    """The growing transcript, one partial event per turn (the last one final), in order."""
    out = []
    for k in range(1, len(turns) + 1):
        event = {
            "event_id": f"{conv}#{k}",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "conversation_id": conv,
            "lang": lang,
            "customer": {"id": f"cust-{conv}"},
            "agent": {"id": "agent-7", "team": "retention"},
            "meta": {"partial": k < len(turns)},
            "turns": [{"speaker": s, "text": t} for s, t in turns[:k]],
        }
        raw = json.dumps(event, ensure_ascii=False).encode()
        (item,) = pipeline.process([RawMessage(raw, f"voc.raw:0:{k}")]).items
        assert isinstance(item, ScoredEvent)
        out.append(item)
    return out


def _recording_turn(turns: list[tuple[str, str]]) -> int:
    return next(i for i, (s, t) in enumerate(turns) if s == "customer" and ("녹음" in t or "recording" in t))


@pytest.mark.parametrize(
    ("turns", "lang"), [(KO_RETENTION, "ko"), (EN_RETENTION, "en")], ids=["korean", "english"]
)
def test_retention_call_alerts_by_the_recording_remark(pipeline, turns, lang) -> None:
    scored = feed(pipeline, turns, lang, f"live-{lang}")
    remark = _recording_turn(turns)
    first_alert = next(i for i, s in enumerate(scored) if s.assessment.alert)
    assert first_alert <= remark, "the alert must fire while the call goes on, by the recording remark"
    at_remark = scored[remark].assessment
    assert at_remark.level == "critical"
    assert {"agent_obstruction", "publicity_threat"} <= set(at_remark.reasons)
    assert scored[remark].prediction.category == "cancellation"
    # the evidence points at the remark itself, with its text
    threat = [e for e in scored[remark].evidence if e["reason"] == "publicity_threat"]
    assert threat and threat[0]["turn"] == remark
    # the final transcript keeps the verdict
    assert scored[-1].assessment.level == "critical"


@pytest.mark.parametrize(
    ("turns", "lang"), [(KO_RETENTION, "ko"), (EN_RETENTION, "en")], ids=["korean", "english"]
)
def test_no_alert_before_the_agent_obstructs(pipeline, turns, lang) -> None:
    """One request and one retention question are a normal call, not yet an obstruction."""
    scored = feed(pipeline, turns[:4], lang, f"early-{lang}")
    assert not any(s.assessment.alert for s in scored)
    assert all("agent_obstruction" not in s.assessment.reasons for s in scored)


def test_a_threat_alone_alerts_at_its_turn(pipeline) -> None:
    scored = feed(pipeline, KO_EARLY_THREAT, "ko", "live-threat")
    remark = _recording_turn(KO_EARLY_THREAT)
    assert not any(s.assessment.alert for s in scored[:remark])
    assert scored[remark].assessment.alert
    assert "publicity_threat" in scored[remark].assessment.reasons
    assert "agent_obstruction" not in scored[-1].assessment.reasons


def test_an_ordinary_cancellation_never_alerts(pipeline) -> None:
    scored = feed(pipeline, KO_ORDINARY_CANCEL, "ko", "live-ordinary")
    assert not any(s.assessment.alert for s in scored)
    assert scored[-1].prediction.category == "cancellation"
    assert max(level_rank(s.assessment.level) for s in scored) <= level_rank("medium")


def test_partials_reuse_the_turns_already_analysed(pipeline) -> None:
    before = pipeline.analyzer.turn_cache_hits
    feed(pipeline, KO_RETENTION, "ko", "live-cache")
    n = len(KO_RETENTION)
    # partial k re-reads k-1 earlier turns from the cache: 0 + 1 + ... + (n-1)
    assert pipeline.analyzer.turn_cache_hits - before == n * (n - 1) // 2


# The customer reads a (made-up) number over three turns while the agent repeats its first part,
# then quotes the last digits in the threat that becomes the evidence.
KO_SPLIT_NUMBER = [
    ("agent", "회신받으실 연락처 말씀해 주세요."),
    ("customer", "010-2468"),
    ("agent", "네, 010-2468 다음 네 자리요?"),
    ("customer", "1357로 연락 주세요, 해지 안 해주면 녹음한 거 유튜브에 올릴 거예요"),
    ("agent", "네 고객님, 해지 접수 도와드리겠습니다."),
]


def test_a_number_split_across_turns_never_leaves_unmasked(pipeline) -> None:
    scored = feed(pipeline, KO_SPLIT_NUMBER, "ko", "live-split")
    for item in scored:
        blob = json.dumps(
            [item.output(), item.event_row(), item.alert_record()], ensure_ascii=False, default=str
        )
        assert "2468" not in blob and "1357" not in blob, blob
    assert scored[1].redacted_text.splitlines()[-1] == "[고객] 010-****"
    assert scored[-1].redacted_text.splitlines() == [
        "[상담원] 회신받으실 연락처 말씀해 주세요.",
        "[고객] 010-****",
        "[상담원] 네, 010-**** 다음 네 자리요?",
        "[고객] ****로 연락 주세요, 해지 안 해주면 녹음한 거 유튜브에 올릴 거예요",
        "[상담원] 네 고객님, 해지 접수 도와드리겠습니다.",
    ]
    # the threat is the evidence, quoted with the number masked as in the conversation
    threat = [e for e in scored[-1].evidence if e["reason"] == "publicity_threat"]
    assert threat and threat[0]["turn"] == 3
    assert re.match(r"\*{4}로 연락 주세요", threat[0]["text"]) and "유튜브" in threat[0]["text"]
