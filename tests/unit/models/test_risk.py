"""Tests of the lexicon risk scorer: reasons, levels, evidence, on real Korean and English contacts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from vocradar.lexicons import Lexicon, load_lexicon
from vocradar.models.analyzer import KiwiAnalyzer
from vocradar.models.classifier import LexiconClassifier
from vocradar.models.events import parse_event
from vocradar.models.risk import LexiconRiskScorer, level_for
from vocradar.models.types import CategoryPrediction, RiskAssessment, RiskContext, RiskScorer
from vocradar.settings import Settings

Turns = list[tuple[str, str]]
Score = Callable[..., RiskAssessment]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def analyzer(lexicon: Lexicon) -> KiwiAnalyzer:
    return KiwiAnalyzer(user_dictionary=lexicon.user_dictionary_path)


def make_settings(**overrides: Any) -> Settings:
    """Default settings plus overrides, ignoring any .env file of the working directory."""
    return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]  # pydantic-settings init kwarg


@pytest.fixture(scope="module")
def settings() -> Settings:
    return make_settings()


@pytest.fixture(scope="module")
def scorer(lexicon: Lexicon, settings: Settings) -> LexiconRiskScorer:
    return LexiconRiskScorer(lexicon, settings)


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
def score(analyzer: KiwiAnalyzer, lexicon: Lexicon, scorer: LexiconRiskScorer, settings: Settings) -> Score:
    classifier = LexiconClassifier(lexicon)

    def run(
        text: str | None = None,
        turns: Turns | None = None,
        source: str = "ticket",
        prior_contacts: int = 0,
        **extra: Any,
    ) -> RiskAssessment:
        analysis = analyzer.analyze([make_event(text, turns, source, **extra)])[0]
        category = classifier.predict([analysis])[0]
        result = scorer.score(analysis, category, RiskContext(prior_contacts=prior_contacts))
        # invariants of every assessment
        assert 0.0 <= result.risk <= 1.0
        assert level_for(result.risk, settings) == result.level
        assert result.alert == (result.level in ("high", "critical"))
        assert len(set(result.reasons)) == len(result.reasons)
        per_reason = Counter(e.reason for e in result.evidence)
        assert all(n <= 2 for n in per_reason.values())
        assert set(per_reason) <= set(result.reasons)
        assert all(0 < len(e.text) <= 200 for e in result.evidence)
        return result

    return run


def texts(result: RiskAssessment, reason: str) -> list[str]:
    return [e.text for e in result.evidence if e.reason == reason]


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


# ------------------------------------------------------------------------------------------
# the 해지 방어 loop


def test_korean_retention_call_is_critical(score: Score) -> None:
    result = score(turns=RETENTION_CALL)
    assert result.level == "critical" and result.alert
    assert {"agent_obstruction", "publicity_threat"} <= set(result.reasons)
    assert result.reasons.index("churn_intent") > result.reasons.index("agent_obstruction")
    assert any("녹음하고 있어요" in t or "유튜브" in t for t in texts(result, "publicity_threat"))
    turns = {e.turn for e in result.evidence if e.reason == "agent_obstruction"}
    assert turns & {2, 4, 6} and turns & {1, 3, 5}  # the agent deflecting and the customer asking
    assert all(e.turn != 0 for e in result.evidence)  # the system notice is never evidence


def test_english_retention_call_is_critical(score: Score) -> None:
    turns: Turns = [
        ("system", "This call may be recorded for quality assurance."),
        ("customer", "I want to cancel my service."),
        ("agent", "I'd like to understand why. What is it about the service you don't like?"),
        ("customer", "I've asked you to cancel five times. Just cancel it."),
        ("agent", "Before we cancel, let me offer you a discount."),
        ("customer", "I'm recording this call and posting it online."),
    ]
    result = score(turns=turns, lang="en")
    assert result.level == "critical"
    assert {"agent_obstruction", "publicity_threat"} <= set(result.reasons)
    assert texts(result, "publicity_threat") == ["I'm recording this call and posting it online."]


def test_agent_note_with_request_count_is_critical(score: Score) -> None:
    result = score("고객 해지요청 4회, 방어 실패, 녹음 언급", source="note")
    assert result.level == "critical"
    assert {"agent_obstruction", "publicity_threat"} <= set(result.reasons)


def test_requests_that_are_processed_are_not_obstruction(score: Score) -> None:
    turns: Turns = [
        ("customer", "인터넷 해지하려고요."),
        ("agent", "네 고객님, 본인 확인 후 진행해 드리겠습니다."),
        ("customer", "네 해지해 주세요."),
        ("agent", "해지 접수 완료되었습니다. 장비 회수 일정 안내드릴게요."),
    ]
    result = score(turns=turns)
    assert "agent_obstruction" not in result.reasons
    assert result.level == "medium"  # the customer leaves: churn intent


def test_one_offer_turned_down_then_granted_is_not_obstruction(score: Score) -> None:
    turns: Turns = [
        ("customer", "인터넷 해지할게요."),
        ("agent", "해지하시기 전에 요금 할인 혜택을 안내해 드려도 될까요?"),
        ("customer", "아니요, 됐어요."),
        ("agent", "네 고객님, 해지 접수 완료되었습니다."),
    ]
    result = score(turns=turns)
    assert "agent_obstruction" not in result.reasons and not result.alert


def test_offers_turned_down_again_and_again_are_obstruction(score: Score) -> None:
    turns: Turns = [
        ("customer", "음 그 해지 좀 할게요. 인터넷이랑 TV 다요."),
        ("agent", "재약정하시면 상품권 20만 원 드리거든요."),
        ("customer", "안 해요. 필요 없어요."),
        ("agent", "해지하시면 가족 결합 할인도 다 깨지셔서요."),
        ("customer", "그건 제가 알아서 할게요."),
        ("agent", "일단 혜택 문자로 보내 드릴 테니 보시고 다시 연락 주세요."),
    ]
    result = score(turns=turns)
    assert "agent_obstruction" in result.reasons and result.alert
    note = next(e.note for e in result.evidence if e.reason == "agent_obstruction")
    assert "requests 3 (turns 0, 2, 4)" in note and "deflections 3" in note


def test_offers_before_any_request_are_not_deflections(score: Score) -> None:
    turns: Turns = [
        ("agent", "고객님만을 위한 혜택을 드릴게요. 요금 할인해 드릴 수 있어요."),
        ("agent", "좋은 조건으로 다른 상품도 안내해 드릴게요."),
        ("customer", "해지해 주세요."),
        ("customer", "해지해 주세요 그냥."),
    ]
    assert "agent_obstruction" not in score(turns=turns).reasons


def test_reported_obstruction_in_a_ticket(score: Score) -> None:
    result = score("해지해 달라고 세 번이나 말했는데 계속 혜택 얘기만 하고 해지를 안 해줘요.")
    assert "agent_obstruction" in result.reasons
    assert result.level == "high"


# ------------------------------------------------------------------------------------------
# speakers, system phrases, negation


def test_company_recording_notice_is_no_publicity_threat(score: Score) -> None:
    turns: Turns = [
        ("system", "본 통화는 녹음됩니다. 통화 내용이 녹음될 수 있습니다."),
        ("agent", "안녕하세요 고객님, 상담 품질 향상을 위해 통화 내용이 녹음되는 점 양해 부탁드립니다."),
        ("customer", "네, 이번 달 요금 문의드리려고요."),
    ]
    result = score(turns=turns)
    assert "publicity_threat" not in result.reasons
    assert result.level == "low" and not result.alert


def test_agent_mentioning_recording_is_not_a_customer_threat(score: Score) -> None:
    turns: Turns = [
        ("agent", "지금 녹음하고 있어요, 유튜브에 올릴 거예요 라고 하시면 곤란합니다."),
        ("customer", "네 알겠습니다. 요금제 변경만 해 주세요."),
    ]
    assert "publicity_threat" not in score(turns=turns).reasons


def test_negated_regulator_threat(score: Score) -> None:
    negated = score("소비자원에 신고할 생각은 없지만 요금이 이중으로 청구된 건 너무하네요.")
    assert "regulator_threat" not in negated.reasons
    assert not negated.alert
    threat = score("요금이 이중으로 청구됐어요. 소비자원에 신고할 거예요.")
    assert threat.reasons[0] == "regulator_threat"
    assert threat.level == "high"


def test_negation_only_reaches_its_own_clause(score: Score) -> None:
    result = score("소비자원에 신고할 생각은 없어요. 그런데 이 통화 녹음하고 있고 유튜브에 올릴 거예요.")
    assert "regulator_threat" not in result.reasons
    assert "publicity_threat" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "환불 3주째 안 해줌 상담 캡처 다 모아놨다 블로그에 정리해서 올림",
        "인터넷 사흘째 먹통인데 보상 얘기도 없음. 더쿠에 글 쓴다 진짜",
        "이거 오늘 안 되면 기자한테 제보하고 끝낼 거예요.",
    ],
)
def test_going_public_in_other_words(score: Score, text: str) -> None:
    assert "publicity_threat" in score(text, source="tweet").reasons


@pytest.mark.parametrize(
    "text",
    [
        "폰 분실했는데 매장 직원분이 끝까지 찾아주심 감사해요 제보는 DM으로",
        "라이브 방송 상품에 대해 제보가 여러 건 들어왔습니다. 입장을 부탁드립니다.",
        "칭찬 게시판에 글은 처음 써 봅니다. 기사님 감사합니다.",
        "솔직히 인터넷에 올릴까도 생각했는데요, 그럴 생각은 없어요.",
    ],
)
def test_tips_boards_and_second_thoughts_are_no_threat(score: Score, text: str) -> None:
    assert "publicity_threat" not in score(text, source="tweet").reasons


@pytest.mark.parametrize(
    ("reason", "text", "lang"),
    [
        ("publicity_threat", "남들은 블로그에 올리고 난리라는데 저는 그런 거 안 할 거니까 수리만요", "ko"),
        ("publicity_threat", "이런 분은 유튜브에 칭찬 영상이라도 올려드리고 싶네요", "ko"),
        ("regulator_threat", "방통위까지 갈 생각이었는데 팀장님이 해결해 주셨어요", "ko"),
        ("regulator_threat", "덕분에 소비자원 신고 안 하게 돼서 다행입니다", "ko"),
        ("churn_intent", "번호이동하려다 말았어요 혜택이 괜찮아서", "ko"),
        ("publicity_threat", "not gonna post this anywhere, just want my internet back", "en"),
        ("publicity_threat", "I recorded my screen so you can see the app crash on login", "en"),
        ("regulator_threat", "my phone was stolen. do I need a police report to get a new one?", "en"),
        ("regulator_threat", "where is the FCC broadband facts label for the 1 gig plan?", "en"),
        ("agent_hostility", "the agent wasnt rude, just slow to answer", "en"),
        ("regulator_threat", "my lawyer friend says the contract looks fine, any discounts?", "en"),
        ("publicity_threat", "Im a reporter and travel a lot (not writing about you!). Which plan?", "en"),
        ("regulator_threat", "화나서 소비자원에 민원 넣으려다가 고객센터에 먼저 전화해 봤어요", "ko"),
        ("regulator_threat", "단통법 관련 방통위 보도 내용 문의하셔서 안내 페이지 드림", "ko"),
    ],
)
def test_harmless_second_thoughts_and_documents(score: Score, reason: str, text: str, lang: str) -> None:
    assert reason not in score(text, source="tweet", lang=lang).reasons


@pytest.mark.parametrize(
    ("reason", "text", "lang", "source"),
    [
        ("publicity_threat", "상담 녹취 받으면 그대로 공유할게요 다들 들어보세요", "ko", "tweet"),
        ("publicity_threat", "if this isnt fixed im sending the whole chat to the local news", "en", "tweet"),
        ("churn_intent", "porting my number to Mint tomorrow, good riddance", "en", "tweet"),
        ("repeat_contact", "세 번 넘게 얘기했는데 아직도 그대로네요", "ko", "ticket"),
        ("customer_abuse", "caller called me a r*tard, said hed be waiting outside the store", "en", "note"),
        ("customer_abuse", "cx said he would find out where you live if it fails again", "en", "note"),
        ("regulator_threat", "불안해서 집단소송 카페 가입했어요", "ko", "tweet"),
        ("regulator_threat", "if this isnt fixed Im talking to my lawyer", "en", "email"),
        ("agent_hostility", "직원이 '나이 드셔서 잘 모르시나 본데 그냥 하세요' 하더군요", "ko", "email"),
    ],
)
def test_other_words_for_the_reasons(score: Score, reason: str, text: str, lang: str, source: str) -> None:
    result = score(text, source=source, lang=lang)
    assert reason in result.reasons
    assert texts(result, reason)  # with the words as evidence


@pytest.mark.parametrize(
    ("reason", "text", "lang", "source"),
    [
        ("customer_abuse", "The tech said hell be waiting outside at 3pm", "en", "tweet"),
        ("customer_abuse", "Tech never showed up, I was waiting for u outside for 2 hours", "en", "tweet"),
        ("customer_abuse", "It was 100°F in my apartment and the AC unit you sold me died", "en", "ticket"),
        ("publicity_threat", "Ill post the screenshots of the error below", "en", "ticket"),
        ("publicity_threat", "오류 화면 캡처해서 공유합니다 확인 부탁드려요", "ko", "ticket"),
        ("churn_intent", "Plugged the ethernet port to the modem and still no internet", "en", "ticket"),
        ("churn_intent", "My number was ported to another carrier without my consent", "en", "email"),
    ],
)
def test_everyday_words_near_the_new_cues_are_harmless(
    score: Score, reason: str, text: str, lang: str, source: str
) -> None:
    assert reason not in score(text, source=source, lang=lang).reasons


@pytest.mark.parametrize(
    "agent",
    [
        "어머님께서 연세가 있으셔서 실버 요금제가 더 저렴합니다",
        "내일 다시 전화하시든가 매장 방문하시든가 하시면 됩니다",
    ],
)
def test_polite_advice_is_not_hostility(score: Score, agent: str) -> None:
    turns: Turns = [("customer", "요금제 좀 바꾸고 싶어서요"), ("agent", agent), ("customer", "네 알겠어요")]
    assert "agent_hostility" not in score(turns=turns, source="call").reasons


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("소비자원에 신고할 거예요 진짜 안 할 거라고 생각하지 마세요", "ko"),
        ("Not gonna lie, im filing an FCC complaint tonight", "en"),
        ("Im not going to wait anymore, filing a complaint with the FCC", "en"),
    ],
)
def test_negation_idioms_do_not_cancel_a_threat(score: Score, text: str, lang: str) -> None:
    assert "regulator_threat" in score(text, source="tweet", lang=lang).reasons


def test_waiting_outside_for_a_worker_is_a_threat_of_violence(score: Score) -> None:
    threat = score("caller said hed be waiting outside the store after my shift", source="note", lang="en")
    assert threat.level == "critical" and "customer_abuse" in threat.reasons
    waiting = score("Ive been waiting outside for the technician for two hours", source="tweet", lang="en")
    assert "customer_abuse" not in waiting.reasons


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("인터넷 해지하려고 전화했는데 상담원이 계속 다른 요금제만 권하고 해지는 안 해줌..", "ko"),
        ("Spent 45 minutes trying to cancel. They transferred me four times, had to explain again.", "en"),
    ],
)
def test_blocking_reported_in_a_post(score: Score, text: str, lang: str) -> None:
    result = score(text, source="tweet", lang=lang)
    assert "agent_obstruction" in result.reasons
    assert texts(result, "agent_obstruction")  # the report is the evidence


def test_only_an_exchange_offered_instead_of_a_refund(score: Score) -> None:
    turns: Turns = [
        ("customer", "환불해 주세요. 물건 받은 지 이틀 됐어요."),
        ("agent", "확인 결과 교환만 가능합니다."),
        ("customer", "불량이라고요. 환불해 주세요."),
        ("agent", "규정상 환불은 어렵고 적립금으로만 가능합니다."),
    ]
    assert "agent_obstruction" in score(turns=turns, source="chat").reasons
    once: Turns = [("customer", "환불해 주세요."), ("agent", "확인 결과 교환만 가능합니다.")]
    assert "agent_obstruction" not in score(turns=once, source="chat").reasons


def test_the_agents_warning_shows_abuse(score: Score) -> None:
    turns: Turns = [
        ("customer", "언니 목소리 예쁘네. 번호나 좀 줘 봐."),
        ("agent", "고객님, 상담과 무관한 말씀은 삼가 주세요."),
    ]
    assert "customer_abuse" in score(turns=turns).reasons
    notice: Turns = [
        ("system", "폭언이나 욕설 시 상담이 중단될 수 있습니다."),
        ("customer", "요금 문의 좀 할게요."),
    ]
    assert "customer_abuse" not in score(turns=notice).reasons


def test_condescension_and_blame_in_the_agents_words(score: Score) -> None:
    turns: Turns = [
        ("customer", "요금이 많이 나왔는데 설명 좀 해 주세요."),
        ("agent", "명세서 보시면 다 나와 있어요. 그 정도는 직접 보셔야죠."),
        ("customer", "봐도 모르니까 전화한 거잖아요."),
    ]
    assert "agent_hostility" in score(turns=turns).reasons
    polite: Turns = [
        ("customer", "요금이 많이 나왔는데 설명 좀 해 주세요."),
        ("agent", "네 고객님, 명세서 항목을 하나씩 설명해 드릴게요."),
    ]
    assert "agent_hostility" not in score(turns=polite).reasons


def test_negated_publicity_threat(score: Score) -> None:
    assert "publicity_threat" not in score("녹음은 안 했는데요, 상담이 너무 길었어요.").reasons
    english = score("I'm not going to post this online, I just want my bill fixed.", lang="en")
    assert "publicity_threat" not in english.reasons


# ------------------------------------------------------------------------------------------
# abuse, hostility, reach


def test_violent_abuse_of_a_worker_is_critical(score: Score) -> None:
    turns: Turns = [
        ("agent", "고객님, 확인해 보니 요금은 정상 청구되었습니다."),
        ("customer", "ㅅㅂ 죽여버린다 진짜. 너 어디 있는지 찾아간다."),
    ]
    result = score(turns=turns)
    assert result.level == "critical"
    assert result.reasons[0] == "customer_abuse"
    assert [e.turn for e in result.evidence if e.reason == "customer_abuse"] == [1]


def test_obfuscated_profanity_is_abuse(score: Score) -> None:
    turns: Turns = [("customer", "시1발 요금이 왜 이래 ㅈㄴ 짜증나네"), ("agent", "확인해 드리겠습니다.")]
    result = score(turns=turns)
    assert "customer_abuse" in result.reasons
    assert result.level == "high"


def test_profanity_in_a_tweet_is_anger_not_abuse_of_a_worker(score: Score) -> None:
    result = score("시1발 인터넷 또 끊김 ㅈㄴ 짜증나네 진짜 최악", source="tweet")
    assert "customer_abuse" not in result.reasons
    assert result.level == "medium"


def test_rude_agent_in_the_call(score: Score) -> None:
    turns: Turns = [
        ("customer", "요금이 왜 이렇게 많이 나왔는지 설명 좀 해 주세요."),
        ("agent", "그건 고객님 사정이고요, 제가 몇 번을 말씀드려요. 알아서 하세요."),
    ]
    result = score(turns=turns)
    assert "agent_hostility" in result.reasons
    assert [e.turn for e in result.evidence if e.reason == "agent_hostility"] == [1]
    assert result.level == "high"


def test_high_reach_tweet_about_rude_agent_is_critical(score: Score) -> None:
    text = "@telco 상담원이 반말하고 비웃었어요. 고객을 뭘로 보는 건지"
    result = score(text, source="tweet", customer={"handle": "@itreviewer", "followers": 50_000})
    assert result.level == "critical"
    assert {"agent_hostility", "high_reach"} <= set(result.reasons)
    small = score(text, source="tweet", customer={"handle": "@someone", "followers": 80})
    assert small.level == "high" and "high_reach" not in small.reasons


def test_high_reach_needs_a_negative_post(score: Score) -> None:
    verified = {"handle": "@celeb", "verified": True}
    assert score("강남점 영업시간이 몇 시까지인가요?", source="tweet", customer=verified).level == "low"
    outage = score("인터넷이 하루 종일 안 돼요. 속도 저하 심각", source="tweet", customer=verified)
    assert outage.reasons == ("high_reach",)
    assert outage.level == "high"


# ------------------------------------------------------------------------------------------
# medium and low


def test_neutral_inquiry_is_low(score: Score) -> None:
    result = score("어떤 요금제가 저한테 맞을까요? 추천해 주세요.")
    assert result.level == "low" and not result.alert
    assert result.reasons == () and result.evidence == ()


def test_praise_is_low(score: Score) -> None:
    result = score("상담원분이 친절하게 빠르게 해결해 주셔서 정말 감사합니다. 칭찬합니다!")
    assert result.level == "low" and result.reasons == ()


def test_billing_complaint_and_repeat_contact(score: Score) -> None:
    text = "이번 달 요금이 이중으로 청구됐어요. 확인 부탁드립니다."
    first = score(text)
    assert first.level == "low" and first.reasons == ()
    assert score(text, prior_contacts=1).level == "low"
    third = score(text, prior_contacts=2)
    assert third.reasons == ("repeat_contact",) and third.level == "medium"
    assert third.risk > first.risk


def test_repeat_contact_stated_in_the_text(score: Score) -> None:
    result = score("벌써 세 번째 전화드리는 건데 인터넷이 또 끊겨요.")
    assert "repeat_contact" in result.reasons and result.level == "medium"


def test_churn_intent_is_medium(score: Score) -> None:
    result = score("위약금 물더라도 다른 통신사로 갈아탈 거예요. 번호이동 알아보는 중입니다.")
    assert result.reasons == ("churn_intent",)
    assert result.level == "medium" and not result.alert


def test_sarcasm_is_not_praise(score: Score) -> None:
    result = score("참 친절하시네요 ㅋㅋ", source="tweet")
    assert result.level == "medium" and not result.alert


def test_sincere_thanks_with_a_smile_is_not_sarcasm(score: Score) -> None:
    result = score("인터넷 나갔는데 기사님이 20분 만에 복구해 주심 감사합니다 ㅎㅎ", source="tweet")
    assert result.level == "low" and not result.reasons
    sneer = score("30분 기다리게 해 주셔서 정말 감사합니다 ㅡㅡ", source="tweet")
    assert sneer.level == "medium"


def test_english_sarcasm_from_a_wide_reach_account_alerts(score: Score) -> None:
    wide = {"customer": {"handle": "@techreviewer", "followers": 120_000}}
    sneer = score(
        "Gotta love paying double for internet that drops every night. Thanks for the surprise bill!",
        source="tweet",
        lang="en",
        **wide,
    )
    assert "high_reach" in sneer.reasons and sneer.alert
    thanks = "Shoutout to the store staff, so friendly and helpful. Thank you!"
    sincere = score(thanks, source="tweet", lang="en", **wide)
    assert not sincere.alert


def test_praise_with_wide_reach_does_not_alert(score: Score) -> None:
    star = {"handle": "@creator", "followers": 120_000}
    thanks = score("설치 기사님 정말 친절하셨어요 👍 감사합니다", source="tweet", customer=star)
    assert "high_reach" not in thanks.reasons and not thanks.alert


def test_regulator_threat_during_obstruction_is_critical(score: Score) -> None:
    turns: Turns = [
        ("customer", "해지해 주세요."),
        ("agent", "해지보다는 요금 할인해 드릴게요."),
        ("customer", "해지해 달라니까요."),
        ("agent", "지금은 처리가 안 됩니다. 매장에 방문하셔야 해요."),
        ("customer", "방통위에 민원 넣겠습니다."),
    ]
    result = score(turns=turns)
    assert result.level == "critical"
    assert set(result.reasons) >= {"agent_obstruction", "regulator_threat"}


# ------------------------------------------------------------------------------------------
# scores, thresholds, evidence


def test_version_and_protocol(scorer: LexiconRiskScorer, lexicon: Lexicon) -> None:
    protocol: RiskScorer = scorer  # the static check is the point; mypy verifies it
    assert protocol.version == f"lexicon-risk/1+{lexicon.hash}"


def test_levels_follow_custom_thresholds(analyzer: KiwiAnalyzer, lexicon: Lexicon) -> None:
    settings = make_settings(risk_medium=0.2, risk_high=0.5, risk_critical=0.9)
    scorer = LexiconRiskScorer(lexicon, settings)
    classifier = LexiconClassifier(lexicon)
    events = [
        make_event("어떤 요금제가 좋을까요?"),
        make_event("다른 통신사로 갈아탈 거예요"),
        make_event("방통위에 민원 넣겠습니다"),
        make_event(turns=RETENTION_CALL),
    ]
    analyses = analyzer.analyze(events)
    levels = []
    for analysis, category in zip(analyses, classifier.predict(analyses), strict=True):
        result = scorer.score(analysis, category, RiskContext())
        assert level_for(result.risk, settings) == result.level
        levels.append(result.level)
    assert levels == ["low", "medium", "high", "critical"]


def test_invalid_thresholds_are_refused(lexicon: Lexicon) -> None:
    with pytest.raises(ValueError, match="risk thresholds"):
        LexiconRiskScorer(lexicon, make_settings(risk_medium=0.7, risk_high=0.6))


def test_evidence_is_trimmed_to_the_sentence(score: Score) -> None:
    filler = "그리고 " * 80
    text = f"{filler}제가 이 통화 녹음하고 있어요 {filler}"
    result = score(turns=[("customer", text)])
    (evidence,) = texts(result, "publicity_threat")
    assert "녹음하고 있어요" in evidence and len(evidence) <= 200


def test_more_evidence_means_higher_risk_within_a_level(score: Score) -> None:
    one = score("방통위에 민원 넣겠습니다.")
    two = score("방통위에 민원 넣고 소비자원에도 신고할 거예요. 변호사랑 소송도 준비합니다.")
    assert one.level == two.level == "high"
    assert two.risk > one.risk


def test_categories_given_by_the_caller_are_respected(
    analyzer: KiwiAnalyzer, scorer: LexiconRiskScorer
) -> None:
    analysis = analyzer.analyze([make_event("인터넷이 느려요")])[0]
    neutral = CategoryPrediction("other", 0.2)
    assert scorer.score(analysis, neutral, RiskContext(prior_contacts=5)).reasons == ()
    topical = CategoryPrediction("network", 0.9)
    assert scorer.score(analysis, topical, RiskContext(prior_contacts=5)).reasons == ("repeat_contact",)


# ------------------------------------------------------------------------------------------
# informal text, conversation features, evidence notes


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("개.새.끼야 요금 똑바로 해", "개.새.끼"),
        ("ㅅ ㅂ 요금이 왜 이래", "ㅅ ㅂ"),
        ("ㅅ.ㅂ 요금이 왜 이래", "ㅅ.ㅂ"),
        ("씨@발 요금이 왜 이래", "씨@발"),
        ("ㄷㅊ 말 돌리지 마", "ㄷㅊ"),
        ("f*ck you and your bill", "f*ck"),
    ],
)
def test_obfuscated_abuse_of_a_worker(score: Score, text: str, written: str) -> None:
    result = score(turns=[("agent", "요금 확인해 드리겠습니다."), ("customer", text)])
    assert "customer_abuse" in result.reasons and result.alert
    (evidence,) = texts(result, "customer_abuse")
    assert written in evidence  # evidence quotes what the customer wrote, not the normalised copy


def test_spacing_free_obstruction(score: Score) -> None:
    turns: Turns = [
        ("customer", "인터넷해지해주세요"),
        ("agent", "해지보다는요금할인을해드릴게요"),
        ("customer", "해지해달라고몇번을말해요"),
        ("agent", "다시한번생각해보시면어떨까요"),
    ]
    result = score(turns=turns)
    assert "agent_obstruction" in result.reasons and result.level == "high"


def test_obstruction_evidence_is_the_latest_request_and_deflection(score: Score) -> None:
    result = score(turns=RETENTION_CALL)
    evidence = [e for e in result.evidence if e.reason == "agent_obstruction"]
    assert [e.turn for e in evidence] == [5, 6]
    note = evidence[0].note
    assert "requests 3 (turns 1, 3, 5)" in note and "deflections 3 (turns 2, 4, 6)" in note
    assert "same request (cancel) 3" in note
    assert evidence[0].as_dict()["note"] == note
    assert "note" not in next(e for e in result.evidence if e.reason == "publicity_threat").as_dict()
    assert result.features is not None and result.features.loop.request_count == 3


def test_abuse_evidence_says_who_raised_their_voice_first(score: Score) -> None:
    turns: Turns = [
        ("agent", "그건 고객님 사정이고요, 알아서 하세요."),
        ("customer", "뭐라고? 개.새.끼가 어디서"),
    ]
    result = score(turns=turns)
    assert {"agent_hostility", "customer_abuse"} <= set(result.reasons)
    notes = {e.reason: e.note for e in result.evidence}
    assert notes["customer_abuse"] == notes["agent_hostility"] == "voice first raised by the agent (turn 0)"


def test_hedged_threat_with_informal_writing(score: Score) -> None:
    result = score("소비자원에 신고할 생각은 없지만ㅠㅠㅠㅠ 요금이 두 번 나갔어요!!!!!")
    assert "regulator_threat" not in result.reasons and not result.alert


def test_sarcasm_with_stretched_laughter(score: Score) -> None:
    result = score("상담원분 참 친절하시네요ㅋㅋㅋㅋㅋㅋㅋ 일처리 참 잘하시고", source="tweet")
    assert result.level == "medium" and not result.alert


def test_recording_notice_in_an_informal_chat_is_not_a_threat(score: Score) -> None:
    turns: Turns = [
        ("system", "본 통화는 녹음됩니다ㅎㅎ"),
        ("agent", "안녕하세요~~~~ 상담 내용은 녹음됩니다!!!!"),
        ("customer", "ㅇㅇ 요금제 변경하려고요ㅋㅋㅋㅋ"),
    ]
    result = score(turns=turns)
    assert "publicity_threat" not in result.reasons and result.level == "low"
