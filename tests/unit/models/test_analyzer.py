"""The Kiwi analyser: batching, speakers, English path, truncation, and incremental live calls."""

from __future__ import annotations

import pytest

from vocradar.models.analyzer import KiwiAnalyzer, compact, detect_lang
from vocradar.models.events import parse_event


@pytest.fixture(scope="module")
def analyzer() -> KiwiAnalyzer:
    return KiwiAnalyzer(num_workers=2)


def _call(n: int, turns: list[dict], conv: str = "live-1"):
    return parse_event(
        {
            "event_id": f"{conv}#{n}",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "conversation_id": conv,
            "meta": {"partial": True},
            "turns": turns[:n],
        }
    )


TURNS = [
    {"speaker": "system", "text": "본 통화는 녹음됩니다."},
    {"speaker": "agent", "text": "네 고객님, 무엇을 도와드릴까요?"},
    {"speaker": "customer", "text": "인터넷 해지해 주세요."},
    {"speaker": "agent", "text": "해지보다는 할인 혜택을 드릴게요."},
    {"speaker": "customer", "text": "해지해 달라고요. 이 통화 녹음하고 있어요."},
]


def test_units_follow_turns_and_speakers(analyzer):
    a = analyzer.analyze([_call(5, TURNS)])[0]
    assert [u.speaker for u in a.units] == ["system", "agent", "customer", "agent", "customer"]
    assert [u.index for u in a.units] == [0, 1, 2, 3, 4]
    assert "해지하다" in a.units[2].lemmas
    assert "녹음" in a.units[4].lemmas
    assert a.units_by("customer")[1].index == 4


def test_text_event_is_one_author_unit(analyzer):
    ev = parse_event(
        {
            "event_id": "t",
            "source": "tweet",
            "occurred_at": "2026-11-23T10:00:00Z",
            "text": "요금폭탄 실화냐ㅋㅋ 고객센터는 계속 불통",
        }
    )
    a = analyzer.analyze([ev])[0]
    assert len(a.units) == 1 and a.units[0].speaker == "author" and a.lang == "ko"
    assert a.units[0].compact == "요금폭탄실화냐ㅋㅋ고객센터는계속불통"


def test_english_takes_its_own_path(analyzer):
    ev = parse_event(
        {
            "event_id": "e",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00Z",
            "lang": "en",
            "turns": [{"speaker": "customer", "text": "I want to CANCEL my service. I'm recording this."}],
        }
    )
    a = analyzer.analyze([ev])[0]
    assert a.lang == "en"
    assert "cancel" in a.units[0].lemmas and "recording" in a.units[0].lemmas
    assert detect_lang("Please cancel my account, this is the third time I call") == "en"
    assert detect_lang("해지 좀 해주세요 please") == "ko"


def test_long_text_is_truncated_and_flagged(analyzer):
    small = KiwiAnalyzer(num_workers=2, max_chars=500)
    small._kiwi = analyzer.kiwi  # share the loaded model
    ev = parse_event(
        {"event_id": "l", "source": "email", "occurred_at": "2026-11-23T10:00:00Z", "text": "요금 " * 1000}
    )
    a = small.analyze([ev])[0]
    assert a.truncated and len(a.units[0].text) == 500


def test_growing_transcript_is_analysed_incrementally(analyzer):
    fresh = KiwiAnalyzer(num_workers=2)
    fresh._kiwi = analyzer.kiwi
    seen: list[int] = []
    real = fresh._morphs

    def counting(texts: list[str]):
        seen.append(len(texts))
        return real(texts)

    fresh._morphs = counting  # type: ignore[method-assign]
    partials = [_call(n, TURNS, "grow-1") for n in range(1, 6)]
    results = [fresh.analyze([p])[0] for p in partials]
    assert sum(seen) == len(TURNS), "each turn is analysed once, however many partials repeat it"
    assert results[-1].units == analyzer.analyze([partials[-1]])[0].units  # same result as from scratch
    # Several partials of one call in one batch: still once per turn, same results.
    seen.clear()
    batch = [_call(n, TURNS, "grow-2") for n in range(1, 6)]
    assert [r.units for r in fresh.analyze(batch)] == [r.units for r in analyzer.analyze(batch)]
    assert sum(seen) == len(TURNS)


def test_compact_ignores_spacing_and_case():
    assert compact("해지 해 주세요\n NOW") == "해지해주세요now"
    assert compact(" 녹음  하고 있어요 ") == "녹음하고있어요"
