"""Speaker-aware conversation features: per-speaker stats, the 해지 방어 loop, who got heated first,
emoji hints, and incremental computation for growing live transcripts."""

from __future__ import annotations

from typing import Any

import pytest

from vocradar.lexicons import Lexicon, load_lexicon
from vocradar.models.analyzer import KiwiAnalyzer
from vocradar.models.events import parse_event
from vocradar.models.features import ConversationFeatures, FeatureExtractor, ObstructionLoop
from vocradar.models.types import EventAnalysis

Turns = list[tuple[str, str]]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def analyzer(lexicon: Lexicon) -> KiwiAnalyzer:
    return KiwiAnalyzer(num_workers=2, user_dictionary=lexicon.user_dictionary_path, lexicon=lexicon)


@pytest.fixture(scope="module")
def extractor(lexicon: Lexicon) -> FeatureExtractor:
    return FeatureExtractor(lexicon)


def _event(turns: Turns | None = None, text: str | None = None, source: str = "call", **extra: Any) -> Any:
    raw: dict[str, Any] = {"event_id": "f", "source": source, "occurred_at": "2026-11-23T10:00:00+09:00"}
    if turns is not None:
        raw["turns"] = [{"speaker": s, "text": t} for s, t in turns]
    if text is not None:
        raw["text"] = text
    return parse_event({**raw, **extra})


def _features(analyzer: KiwiAnalyzer, extractor: FeatureExtractor, **kw: Any) -> ConversationFeatures:
    analysis: EventAnalysis = analyzer.analyze([_event(**kw)])[0]
    return extractor.extract(analysis)


RETENTION_CALL: Turns = [
    ("system", "본 통화는 서비스 품질 향상을 위해 녹음됩니다."),
    ("customer", "인터넷 해지하려고 전화했어요."),
    ("agent", "고객님, 해지보다는 혜택을 드릴게요. 요금 할인해 드릴 수 있어요."),
    ("customer", "아니요, 그냥 해지해 주세요."),
    ("agent", "다시 한번 생각해 보시면 어떨까요? 이번 달만 더 써 보세요."),
    ("customer", "해지해 달라고요. 벌써 세 번째 말씀드리는 거예요."),
    ("agent", "해지는 지금은 처리가 안 되고 담당 부서로 연결해 드릴게요."),
    ("customer", "이 통화 녹음하고 있어요. 유튜브에 올릴 거예요."),
]


def test_per_speaker_text_counts_and_positions(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    f = _features(analyzer, extractor, turns=RETENTION_CALL)
    customer, agent = f.speaker("customer"), f.speaker("agent")
    assert customer.turns == (1, 3, 5, 7) and agent.turns == (2, 4, 6)
    assert (customer.first, customer.last, customer.count) == (1, 7, 4)
    assert customer.chars == sum(len(t) for s, t in RETENTION_CALL if s == "customer")
    assert customer.text.splitlines()[-1] == RETENTION_CALL[7][1]
    assert [s.speaker for s in f.speakers] == ["system", "customer", "agent"]
    assert f.speaker("author").count == 0 and f.speaker("author").first is None
    # the company's recording notice is nobody's signal
    assert f.unit(0) is not None and f.unit(0).role is None and f.unit(0).matches == ()


def test_the_obstruction_loop(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    loop = _features(analyzer, extractor, turns=RETENTION_CALL).loop
    assert loop.requests == (1, 3, 5) and loop.deflections == (2, 4, 6)
    assert loop.topics == (("cancel", (1, 3, 5)),) and loop.topic == "cancel"
    assert (loop.request_count, loop.deflection_count, loop.same_request_count) == (3, 3, 3)
    assert (loop.latest_request, loop.latest_deflection) == (5, 6)
    assert loop.reports == () and loop.report_weight == 0


def test_offers_before_any_request_are_not_deflections(
    analyzer: KiwiAnalyzer, extractor: FeatureExtractor
) -> None:
    turns: Turns = [
        ("agent", "고객님만을 위한 혜택을 드릴게요."),
        ("customer", "환불해 주세요."),
        ("agent", "요금 할인해 드릴 수 있어요."),
        ("customer", "해지해 주세요."),
    ]
    loop = _features(analyzer, extractor, turns=turns).loop
    assert loop.deflections == (2,) and loop.requests == (1, 3)
    assert loop.topics == (("cancel", (3,)), ("refund", (1,)))
    assert loop.same_request_count == 1


def test_counts_stated_in_text_and_reports(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    note = _features(analyzer, extractor, text="고객 해지요청 4회, 방어 실패", source="note").loop
    assert (note.claimed_requests, note.request_count, note.deflection_count) == (4, 4, 3)
    ticket = _features(
        analyzer, extractor, text="해지해 달라고 세 번이나 말했는데 해지를 안 해줘요.", source="ticket"
    ).loop
    assert ticket.reports == (0,) and ticket.report_weight >= 1.5 and ticket.claimed_requests == 3
    english = _features(
        analyzer, extractor, text="I've asked you to refund my order five times.", source="email", lang="en"
    ).loop
    assert english.topics == (("refund", (0,)),) and english.request_count == 5


def test_turning_down_the_offer_asks_again(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    """ "아니요 됐어요" after a deflection repeats the latest request, with its topic."""
    turns: Turns = [
        ("customer", "환불 좀 해 주세요."),
        ("agent", "대신 포인트 5천 점 적립해 드릴게요."),
        ("customer", "아니요, 됐어요."),
        ("agent", "그럼 할인 쿠폰을 드릴게요."),
        ("customer", "필요 없다니까요."),
    ]
    loop = _features(analyzer, extractor, turns=turns).loop
    assert loop.requests == (0, 2, 4) and loop.deflections == (1, 3)
    assert loop.topics == (("refund", (0, 2, 4)),)
    english = _features(
        analyzer,
        extractor,
        turns=[
            ("customer", "I need to cancel my internet."),
            ("agent", "Before we go ahead, we have a special offer for you."),
            ("customer", "No thanks."),
            ("agent", "Can I ask which carrier you're moving to?"),
            ("customer", "It doesn't matter. Please process the cancellation."),
        ],
        lang="en",
    ).loop
    assert english.requests == (0, 2, 4) and english.deflections == (1, 3)


def test_turning_down_counts_only_after_a_request_and_an_answer(
    analyzer: KiwiAnalyzer, extractor: FeatureExtractor
) -> None:
    # no request yet: "아니요" answers a question about the outage
    before = _features(
        analyzer,
        extractor,
        turns=[("agent", "공유기 재부팅은 해 보셨어요?"), ("customer", "아니요, 안 해 봤어요.")],
    ).loop
    assert before.requests == ()
    # two customer turns in a row: nothing was offered in between
    row = _features(
        analyzer,
        extractor,
        turns=[("customer", "해지해 주세요."), ("customer", "아니 그러니까 됐고요."), ("agent", "네.")],
    ).loop
    assert row.requests == (0,)


def test_spacing_free_request(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    turns: Turns = [("customer", "해지해달라고몇번을말해요"), ("agent", "해지보다는요금할인을해드릴게요")]
    loop = _features(analyzer, extractor, turns=turns).loop
    assert loop.requests == (0,) and loop.deflections == (1,) and loop.claimed_requests == 3


def test_customer_raised_their_voice_first(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    turns: Turns = [
        ("agent", "네 고객님, 무엇을 도와드릴까요?"),
        ("customer", "요금이 왜 이래요? 시1발 진짜 짜증나네"),
        ("agent", "그건 고객님 사정이고요."),
    ]
    f = _features(analyzer, extractor, turns=turns)
    assert (f.customer_heat, f.agent_heat) == (1, 2)
    assert f.raised_first == "customer" and f.raised_first_turn == 1
    abuse = f.unit(1).of("customer_abuse")
    assert [turns[1][1][m.start : m.end] for m in abuse] == ["시1발"]  # offsets into the original


def test_agent_raised_their_voice_first(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    turns: Turns = [
        ("customer", "요금 설명 좀 해 주세요."),
        ("agent", "제가 몇 번을 말씀드려요. 알아서 하세요."),
        ("customer", "아니 말을 왜 그렇게 해요? 진짜 어이없네"),
    ]
    f = _features(analyzer, extractor, turns=turns)
    assert (f.raised_first, f.raised_first_turn, f.customer_heat) == ("agent", 1, 2)
    calm = _features(
        analyzer, extractor, turns=[("customer", "요금 문의요"), ("agent", "네 안내해 드릴게요")]
    )
    assert calm.raised_first is None and calm.raised_first_turn is None


def test_emoji_hints(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    f = _features(analyzer, extractor, text="개통 또 안 됨 😡 🤬", source="tweet")
    assert f.units[0].emoji == ("anger",) and f.emoji_count("anger") == 1 and f.emoji_count("praise") == 0
    assert f.customer_heat == 0  # an angry emoji is anger
    turns: Turns = [("customer", "해결해 주셔서 감사해요 👍🙏"), ("agent", "좋은 하루 보내세요 😊")]
    f = _features(analyzer, extractor, turns=turns)
    assert f.emoji_count("praise") == 1 and f.emoji_count("praise", role="agent") == 1
    assert f.raised_first is None


def test_negation_and_company_phrases(analyzer: KiwiAnalyzer, extractor: FeatureExtractor) -> None:
    f = _features(
        analyzer, extractor, text="소비자원에 신고할 생각은 없지만 요금 확인 부탁드려요", source="ticket"
    )
    assert f.units[0].of("regulator_threat") == ()
    turns: Turns = [("agent", "본 통화는 녹음됩니다. 무엇을 도와드릴까요?"), ("customer", "요금 문의요")]
    assert all(not u.of("publicity_threat") for u in _features(analyzer, extractor, turns=turns).units)


def test_growing_transcript_costs_only_its_new_turns(analyzer: KiwiAnalyzer, lexicon: Lexicon) -> None:
    fresh = FeatureExtractor(lexicon)
    turns = [{"speaker": s, "text": t} for s, t in RETENTION_CALL]
    partials = [
        parse_event(
            {
                "event_id": f"live#{n}",
                "source": "call",
                "occurred_at": "2026-11-23T10:00:00+09:00",
                "conversation_id": "live-features",
                "meta": {"partial": True},
                "turns": turns[:n],
            }
        )
        for n in range(1, len(turns) + 1)
    ]
    results = [fresh.extract(a) for a in analyzer.analyze(partials)]
    assert fresh.computed == len(turns), "each turn's cues are matched once"
    assert results[-1] == FeatureExtractor(lexicon).extract(analyzer.analyze([partials[-1]])[0])
    assert [r.loop.request_count for r in results] == [0, 1, 1, 2, 2, 3, 3, 3]


def test_a_long_call_is_linear_in_its_turns(analyzer: KiwiAnalyzer, lexicon: Lexicon) -> None:
    fresh = FeatureExtractor(lexicon)
    turns = RETENTION_CALL[1:7] * 100  # 600 turns
    f = fresh.extract(analyzer.analyze([_event(turns=turns)])[0])
    assert fresh.computed == len(turns)
    assert len(f.loop.requests) == 300 and len(f.loop.deflections) == 300


def test_empty_loop_properties() -> None:
    loop = ObstructionLoop()
    assert (loop.request_count, loop.deflection_count, loop.same_request_count) == (0, 0, 0)
    assert loop.topic is None and loop.latest_request is None and loop.latest_deflection is None


def test_an_event_just_read_is_not_read_again(analyzer: KiwiAnalyzer, lexicon: Lexicon) -> None:
    extractor = FeatureExtractor(lexicon, recent_size=2)
    texts = ("해지해 주세요", "환불해 주세요", "요금 문의")
    a, b, c = analyzer.analyze([_event(text=t, source="ticket") for t in texts])
    first = extractor.extract(a)
    computed = extractor.computed
    assert extractor.extract(a) is first and extractor.computed == computed
    extractor.extract(b)
    extractor.extract(c)  # a falls out of the two kept
    assert extractor.extract(a) is not first and extractor.extract(a) == first


def test_an_agent_turn_that_grants_the_request_is_recorded(
    analyzer: KiwiAnalyzer, extractor: FeatureExtractor
) -> None:
    friendly: Turns = [
        ("customer", "I'm moving abroad so I need to cancel my phone line."),
        (
            "agent",
            "There's a seasonal hold if you want to keep the number, otherwise I'll go ahead and cancel.",
        ),
        ("customer", "No, I'll just cancel, thanks."),
        ("agent", "No problem, it's cancelled and I've emailed you the confirmation."),
    ]
    loop = _features(analyzer, extractor, turns=friendly).loop
    assert loop.request_count == 2 and loop.grants == (1, 3)
    granted_ko: Turns = [
        ("customer", "인터넷 해지하려고요."),
        ("agent", "네 고객님, 해지 접수해 드렸습니다."),
    ]
    assert _features(analyzer, extractor, turns=granted_ko).loop.grants == (1,)
    # a grant before anything was asked grants nothing
    early: Turns = [("agent", "해지 처리 완료되었습니다."), ("customer", "네 감사합니다.")]
    assert _features(analyzer, extractor, turns=early).loop.grants == ()
    # and the retention call has none
    assert _features(analyzer, extractor, turns=RETENTION_CALL).loop.grants == ()
