"""Tests of the lexicon classifier on real Korean and English VOC examples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vocradar.lexicons import Lexicon, load_lexicon
from vocradar.models.analyzer import KiwiAnalyzer
from vocradar.models.classifier import LexiconClassifier
from vocradar.models.events import parse_event
from vocradar.models.types import CATEGORIES, CategoryPrediction, Classifier, EventAnalysis

Turns = list[tuple[str, str]]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def analyzer(lexicon: Lexicon) -> KiwiAnalyzer:
    return KiwiAnalyzer(user_dictionary=lexicon.user_dictionary_path)


@pytest.fixture(scope="module")
def classifier(lexicon: Lexicon) -> LexiconClassifier:
    return LexiconClassifier(lexicon)


def make_event(
    text: str | None = None, turns: Turns | None = None, source: str = "ticket", **extra: Any
) -> Any:
    raw: dict[str, Any] = {
        "event_id": "e-1",
        "source": "call" if turns is not None else source,
        "occurred_at": "2026-11-23T10:00:00+09:00",
    }
    if text is not None:
        raw["text"] = text
    if turns is not None:
        raw["turns"] = [{"speaker": s, "text": t} for s, t in turns]
    raw.update(extra)
    return parse_event(raw)


@pytest.fixture(scope="module")
def classify(analyzer: KiwiAnalyzer, classifier: LexiconClassifier) -> Callable[..., CategoryPrediction]:
    def run(text: str | None = None, turns: Turns | None = None, source: str = "ticket", **extra: Any) -> Any:
        analysis: EventAnalysis = analyzer.analyze([make_event(text, turns, source, **extra)])[0]
        return classifier.predict([analysis])[0]

    return run


RETENTION_CALL: Turns = [
    ("system", "본 통화는 서비스 품질 향상을 위해 녹음됩니다."),
    ("customer", "인터넷 해지하려고 전화했어요."),
    ("agent", "고객님, 해지보다는 혜택을 드릴게요. 요금 할인해 드릴 수 있어요."),
    ("customer", "아니요, 그냥 해지해 주세요."),
    ("agent", "다시 한번 생각해 보시면 어떨까요? 상담원이 특별히 챙겨 드릴게요."),
    ("customer", "해지해 달라고요. 벌써 세 번째 말씀드리는 거예요."),
    ("agent", "해지는 지금은 처리가 안 되고 담당 부서로 연결해 드릴게요."),
    ("customer", "이 통화 녹음하고 있어요. 유튜브에 올릴 거예요."),
]

TEXT_CASES: list[tuple[str, str, str, str]] = [
    ("billing", "ticket", "이번 달 요금이 이중으로 청구됐어요. 확인 부탁드립니다.", "billing"),
    ("bill shock", "tweet", "요금폭탄 맞음;; 데이터 요금이 왜 이렇게 많이 나왔지", "billing"),
    ("moving internet", "ticket", "다음 주에 이사 가는데 인터넷 이전 설치 신청하려고요.", "installation"),
    (
        "technician no-show",
        "tweet",
        "설치 기사님이 약속 시간에 안 오셨어요. 설치 일정 변경도 안 된대요",
        "installation",
    ),
    (
        "identity theft",
        "ticket",
        "제 명의로 모르는 소액결제가 30만원 청구됐어요. 명의도용 같아요.",
        "privacy",
    ),
    ("network", "tweet", "기가인터넷이 저녁만 되면 자꾸 끊겨요 벌써 3일째", "network"),
    ("device", "ticket", "셋톱박스가 고장 났는지 전원이 안 켜져요.", "device"),
    ("rude agent", "tweet", "상담원이 반말하고 비웃었어요. 태도 진짜 최악", "agent_conduct"),
    ("sarcasm", "tweet", "참 친절하시네요 ㅋㅋ 30분 기다렸다가 끊김", "agent_conduct"),
    ("sarcasm alone", "tweet", "참 친절하시네요 ㅋㅋ", "agent_conduct"),
    (
        "mis-selling",
        "ticket",
        "판매점에서 사은품 준다더니 안 줬고, 설명과 다르게 고가 요금제에 가입시켰어요.",
        "sales_contract",
    ),
    ("delivery", "ticket", "주문한 공기청정기가 일주일째 아직도 안 와요. 환불해 주세요.", "delivery_refund"),
    ("plan question", "ticket", "어떤 요금제가 저한테 맞을까요? 추천해 주세요.", "inquiry"),
    ("shop hours", "tweet", "강남점 영업시간이 몇 시까지인가요?", "inquiry"),
    (
        "praise",
        "ticket",
        "상담원분이 친절하게 설명해 주시고 빠르게 해결해 주셔서 정말 감사합니다. 칭찬합니다!",
        "praise",
    ),
    ("spam", "tweet", "(광고) 고수익 부업 리딩방 지금 참여하세요 무료거부 080", "other"),
    ("agent note", "note", "고객 해지요청 4회, 방어 실패, 녹음 언급", "cancellation"),
    (
        "english billing",
        "email",
        "You charged me twice this month. Please fix this billing error.",
        "billing",
    ),
    ("english rude", "tweet", "The agent was rude and hung up on me.", "agent_conduct"),
    ("english praise", "tweet", "Kudos to the support team, resolved quickly. Great service!", "praise"),
]


@pytest.mark.parametrize(
    ("source", "text", "expected"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES]
)
def test_text_events(
    classify: Callable[..., CategoryPrediction], source: str, text: str, expected: str
) -> None:
    prediction = classify(text, source=source)
    assert prediction.category == expected, prediction.scores


def test_protocol_version_and_batch(
    analyzer: KiwiAnalyzer, classifier: LexiconClassifier, lexicon: Lexicon
) -> None:
    protocol: Classifier = classifier  # the static check is the point; mypy verifies it
    assert protocol.version == f"lexicon-classifier/1+{lexicon.hash}"
    events = [
        make_event("요금이 이중으로 청구됐어요"),
        make_event("인터넷이 자꾸 끊겨요"),
        make_event("ㅎㅇ"),
    ]
    predictions = classifier.predict(analyzer.analyze(events))
    assert [p.category for p in predictions] == ["billing", "network", "other"]
    for p in predictions:
        assert set(p.scores) == set(CATEGORIES)
        assert abs(sum(p.scores.values()) - 1.0) < 1e-3
        assert p.confidence == max(p.scores.values())
    assert classifier.predict([]) == []


def test_obstructed_cancellation_is_cancellation(classify: Callable[..., CategoryPrediction]) -> None:
    prediction = classify(turns=RETENTION_CALL)
    assert prediction.category == "cancellation"
    assert prediction.confidence > 0.8


def test_obstruction_reported_in_a_tweet_is_cancellation(classify: Callable[..., CategoryPrediction]) -> None:
    prediction = classify("상담원이 불친절하게 해지를 안 해줘요. 계속 다른 부서로 돌려요.", source="tweet")
    assert prediction.category == "cancellation", prediction.scores


def test_english_retention_call(classify: Callable[..., CategoryPrediction]) -> None:
    turns: Turns = [
        ("customer", "I want to cancel my service."),
        ("agent", "Help me understand why. What is it about the service you don't like?"),
        ("customer", "I've asked you to cancel five times. Just cancel it."),
    ]
    assert classify(turns=turns, lang="en").category == "cancellation"


def test_nothing_matched_is_other_with_low_confidence(classify: Callable[..., CategoryPrediction]) -> None:
    prediction = classify("오늘 날씨 진짜 좋다", source="tweet")
    assert prediction.category == "other"
    assert prediction.confidence < 0.3


def test_confidence_is_honest(classify: Callable[..., CategoryPrediction]) -> None:
    weak = classify("요금제 얘기", source="tweet")  # one topic word
    clear = classify("요금 폭탄에 이중 청구까지, 과금 오류 확인해 주세요")
    mixed = classify("인터넷이 끊기고 요금도 이중으로 청구됐어요")
    assert weak.confidence < 0.4
    assert clear.category == "billing" and clear.confidence > 0.8
    assert mixed.confidence < clear.confidence


def test_system_turns_are_ignored(classify: Callable[..., CategoryPrediction]) -> None:
    turns: Turns = [
        ("system", "요금 폭탄 이중 청구 과금 오류 안내 방송입니다"),
        ("customer", "인터넷이 자꾸 끊겨요"),
    ]
    assert classify(turns=turns).category == "network"


def test_customer_turns_outweigh_agent_turns(classify: Callable[..., CategoryPrediction]) -> None:
    turns: Turns = [
        ("customer", "이번 달 요금이 이중으로 청구됐어요"),
        ("agent", "혹시 공유기 고장이나 셋톱박스 불량은 없으신가요?"),
    ]
    assert classify(turns=turns).category == "billing"


def test_thanks_at_the_end_of_a_complaint_is_not_praise(classify: Callable[..., CategoryPrediction]) -> None:
    turns: Turns = [
        ("customer", "인터넷이 또 끊겨서 전화했어요. 속도 저하도 심해요."),
        ("agent", "불편을 드려 죄송합니다. 기사님 방문 일정 잡아 드릴게요."),
        ("customer", "네 감사합니다."),
    ]
    assert classify(turns=turns).category == "network"


def test_growing_transcript_reads_each_turn_once(analyzer: KiwiAnalyzer, lexicon: Lexicon) -> None:
    fresh = LexiconClassifier(lexicon)
    turns = [{"speaker": s, "text": t} for s, t in RETENTION_CALL]
    partials = [
        parse_event(
            {
                "event_id": f"live#{n}",
                "source": "call",
                "occurred_at": "2026-11-23T10:00:00+09:00",
                "conversation_id": "live-classifier",
                "meta": {"partial": True},
                "turns": turns[:n],
            }
        )
        for n in range(1, len(turns) + 1)
    ]
    analyses = analyzer.analyze(partials)
    predictions = fresh.predict(analyses)
    assert len(fresh._units) == len(turns) - 1  # every turn but the system notice, once
    assert predictions[-1] == LexiconClassifier(lexicon).predict([analyses[-1]])[0]
    # the same turns outside a live call (no conversation id) give the same answer
    final = make_event(turns=[(s, t) for s, t in RETENTION_CALL])
    assert fresh.predict(analyzer.analyze([final]))[0] == predictions[-1]
    assert predictions[-1].category == "cancellation"


def test_informal_writing_is_read_like_the_plain_one(classify: Callable[..., CategoryPrediction]) -> None:
    plain = classify("요금이 너무 많이 나왔어요 확인해 주세요", source="tweet")
    noisy = classify("요금이 너무 많이 나왔어요ㅠㅠㅠㅠㅠ 확인해 주세요!!!!!!", source="tweet")
    assert plain.category == noisy.category == "billing"
    assert classify("상담사님 친절하게 해결해 주셔서 ㄱㅅㄱㅅ 👍", source="tweet").category == "praise"
