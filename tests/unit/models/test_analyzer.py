"""The Kiwi analyser: batching, speakers, English path, truncation, incremental live calls, informal
text (elongation, obfuscation, shorthand, emoji, typos) and robustness against hostile input."""

from __future__ import annotations

import pytest

from vocradar.lexicons import load_informal
from vocradar.models.analyzer import (
    KiwiAnalyzer,
    TextNormalizer,
    compact,
    detect_lang,
    english_tokens,
    sanitize,
)
from vocradar.models.events import VocEvent, parse_event
from vocradar.models.types import Unit


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

    fresh._morphs = counting
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


# ------------------------------------------------------------------------------------------
# informal text


def _text_event(text: str, source: str = "tweet", **extra: object):
    return parse_event(
        {"event_id": "i", "source": source, "occurred_at": "2026-11-23T10:00:00Z", "text": text, **extra}
    )


def _unit(analyzer: KiwiAnalyzer, text: str, source: str = "tweet") -> Unit:
    return analyzer.analyze([_text_event(text, source)])[0].units[0]


@pytest.fixture(scope="module")
def normalizer() -> TextNormalizer:
    return TextNormalizer(load_informal())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ㅋㅋㅋㅋㅋㅋㅋ 실화냐", "ㅋㅋㅋ 실화냐"),
        ("요금 폭탄ㅠㅠㅠㅠㅠ", "요금 폭탄ㅠㅠ"),
        ("왜 안 돼요!!!!!!", "왜 안 돼요!!!"),
        ("뭐죠?????", "뭐죠???"),
        ("미치겠네에에에", "미치겠네"),
        ("좋아아아아", "좋아"),
        ("하하하하하하", "하하하"),
        ("ㅡㅡㅡㅡㅡ", "ㅡㅡㅡ"),
        ("soooooo slow", "soo slow"),
        ("1000000원", "1000000원"),  # digits are never collapsed
        ("ㅋㅋ 네에", "ㅋㅋ 네에"),  # two is not an elongation
    ],
)
def test_elongations_collapse(normalizer: TextNormalizer, text: str, expected: str) -> None:
    norm, _ = normalizer.normalize(text)
    assert (text if norm is None else norm) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시1발 요금 뭐냐", "씨발 요금 뭐냐"),
        ("씨@발", "씨발"),
        ("개.새.끼들", "개새끼들"),
        ("개 새.끼", "개새끼"),
        ("ㅅ.ㅂ 진짜", "ㅅㅂ 진짜"),
        ("ㅅ ㅂ 진짜", "ㅅㅂ 진짜"),
        ("ㅆ1ㅂ", "ㅅㅂ"),
        ("ㅈ.ㄴ 느림", "ㅈㄴ 느림"),
        ("ㅋㅋㅅ.ㅂ", "ㅋㅋㅅㅂ"),
        ("f*ck this", "fuck this"),
        ("ㅁㅊ 요금", "미친 요금"),
        ("ㄱㅅㄱㅅ", "감사감사"),
        ("ㄱㅅ합니다", "감사합니다"),
        ("ㅇㅇ ㄴㄴ", "응 아니"),
        ("ㅋㅋㄷㄷ", "ㅋㅋ덜덜"),
    ],
)
def test_obfuscation_and_shorthand(normalizer: TextNormalizer, text: str, expected: str) -> None:
    assert normalizer.normalize(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "새 요금제 출시 발표",  # syllables apart with spaces are words
        "요금 인상 시 발생하는 위약금",
        "오후 3시, 발송 예정",
        "3시.발송",  # a time
        "오후 3시. 발송",
        "개 새 끼",  # spaces only: left to the cues, which match it spacing-free
        "ㅆㅂ ㅆ 뭐",  # ㅂ + ㅆ of two different words is no ㅂㅅ
        "ㅅㅂ",  # the cues know it as written, with its own weight
        "ㅈㄴ 느림",
        "ㄱ. ㄴ. ㄷ. 항목",  # an enumeration
        "아이 우유 오이",
    ],
)
def test_ordinary_text_is_left_alone(normalizer: TextNormalizer, text: str) -> None:
    assert normalizer.normalize(text) == (None, ())


def test_norm_keeps_the_original_text_and_maps_back(analyzer: KiwiAnalyzer) -> None:
    unit = _unit(analyzer, "아 시1발 요금 왜 이래ㅋㅋㅋㅋㅋ")
    assert unit.text == "아 시1발 요금 왜 이래ㅋㅋㅋㅋㅋ"  # evidence quotes what was written
    assert unit.norm == "아 씨발 요금 왜 이래ㅋㅋㅋ"
    assert unit.compact == "아씨발요금왜이래ㅋㅋㅋ"
    origin = unit.origin()
    assert origin is not None and len(origin) == len(unit.norm)
    start = unit.norm.index("씨발")
    assert unit.text[origin[start] : origin[start + 1] + 1] == "시1발"
    assert origin[unit.norm.index("요금")] == unit.text.index("요금")
    plain = _unit(analyzer, "요금이 많이 나왔어요")
    assert plain.norm is None and plain.origin() is None and plain.matched_text == plain.text


def test_origin_of_a_deleted_stretch() -> None:
    unit = Unit(0, "author", "네에에 좋아요", "", (), (), norm="네 좋아요", norm_spans=((1, 1, 1, 3),))
    assert unit.origin() == [0, 3, 4, 5, 6]


def test_kiwi_sees_the_normalised_text(analyzer: KiwiAnalyzer) -> None:
    unit = _unit(analyzer, "ㅁㅊ 요금 진짜 미치겠네에에에")
    assert "미치다" in unit.lemmas
    assert not any(m.startswith("에") for m in unit.morphs)
    coda = _unit(analyzer, "개통 했닼ㅋㅋ")
    assert "개통하다" in coda.lemmas and "ᆿ/Z_CODA" in coda.morphs  # Kiwi splits the added coda
    assert "인터넷" in _unit(analyzer, "인터넷ㅅ 안 됨").lemmas  # coda normalisation would lose it


def test_spacing_free_text(analyzer: KiwiAnalyzer) -> None:
    unit = _unit(analyzer, "해지해달라고몇번을말해요", source="ticket")
    assert {"해지하다", "말하다"} <= set(unit.lemmas)
    unit = _unit(analyzer, "인터넷이자꾸끊겨서재택근무를못하겠어요", source="ticket")
    assert {"인터넷", "끊기다", "재택근무"} <= set(unit.lemmas)


def test_emoji_stay_and_do_not_break_kiwi(analyzer: KiwiAnalyzer) -> None:
    text = "개통 안 됨 😡🤬 👍🏽 👨‍👩‍👧 🇰🇷 ❤️"
    unit = _unit(analyzer, text)
    assert unit.text == text
    assert "개통" in unit.lemmas
    assert sum(m.endswith("/W_EMOJI") for m in unit.morphs) >= 4


def test_typo_correction_only_where_it_helps(analyzer: KiwiAnalyzer) -> None:
    fixed = _unit(analyzer, "재택근무하는데 인터넷이 자꾸끈겨요")
    assert fixed.typo_corrected and "끊기다" in fixed.lemmas
    # the correction would read 왠만하면 해지 as 웬만하면 해/VV 지: 해지 must survive
    assert "해지" in _unit(analyzer, "왠만하면 해지 안할려고 했는데").lemmas
    clean = _unit(analyzer, "인터넷이 자꾸 끊겨서 재택근무를 못 하겠어요")
    assert not clean.typo_corrected and "끊기다" in clean.lemmas
    never = KiwiAnalyzer(num_workers=2, typos=None)
    never._kiwi = analyzer.kiwi
    assert not _unit(never, "재택근무하는데 인터넷이 자꾸끈겨요").typo_corrected


def test_english_tokens_are_cleaned_and_negation_is_marked() -> None:
    morphs, lemmas = english_tokens("I'm NOT going to post it online!!! But I won't stay, can't cancel?")
    assert "not_post" in lemmas and "post" not in lemmas and "not_online" in lemmas
    assert "stay" not in lemmas and "not_stay" in lemmas and "not_cancel" in lemmas
    assert "but" in lemmas and "i" in lemmas and "am" in lemmas  # contractions expanded
    assert all(m.endswith(("/SL", "/SN")) for m in morphs) and "online/SL" in morphs
    assert not any(ch in "".join(lemmas) for ch in "!?,.'")
    _, lemmas = english_tokens("Please cancel my account. I dont want to stay")
    assert "cancel" in lemmas and "not_want" in lemmas and "not_stay" in lemmas


# ------------------------------------------------------------------------------------------
# robustness: bounded time and memory, never a crash


@pytest.mark.timeout(60)
def test_empty_and_blank_turns(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.analyze([]) == []
    ev = parse_event(
        {
            "event_id": "e",
            "source": "chat",
            "occurred_at": "2026-11-23T10:00:00Z",
            "turns": [{"speaker": "agent", "text": ""}, {"speaker": "customer", "text": "   "}, TURNS[2]],
        }
    )
    a = analyzer.analyze([ev])[0]
    assert [u.text for u in a.units] == ["", "   ", TURNS[2]["text"]]
    assert a.units[0].morphs == () and a.units[0].lemmas == ()


@pytest.mark.timeout(60)
def test_a_megabyte_of_text_is_cut_and_flagged(analyzer: KiwiAnalyzer) -> None:
    text = "요금이 너무 많이 나왔어요 ㅋㅋㅋㅋ " * 45_000  # ~1 MB of UTF-8
    assert len(text.encode()) > 1_000_000
    a = analyzer.analyze([_text_event(text, "email")])[0]
    assert a.truncated and len(a.units[0].text) == analyzer.max_chars
    assert len(a.units[0].matched_text) <= analyzer.max_chars
    call = parse_event(
        {
            "event_id": "c",
            "source": "call",
            "occurred_at": "2026-11-23T10:00:00Z",
            "text": text,
            "turns": [{"speaker": "customer", "text": "해지해 주세요"}],
        }
    )
    assert analyzer.analyze([call])[0].truncated  # the body of a call counts too


@pytest.mark.timeout(60)
def test_a_very_long_single_word_is_bounded(analyzer: KiwiAnalyzer) -> None:
    word = "해지해달라고몇번을말해요" * 9_000  # 108,000 characters, no space
    a = analyzer.analyze([_text_event(word, "ticket")])[0]
    assert a.truncated and len(a.units[0].text) == analyzer.max_chars
    assert "해지하다" in a.units[0].lemmas


def test_surrogates_and_control_characters(analyzer: KiwiAnalyzer) -> None:
    raw = '{"event_id": "s", "source": "tweet", "occurred_at": "2026-11-23T10:00:00Z", '
    raw += '"text": "요금 \\ud800폭탄 \\udfff 시1발\\u0007"}'
    a = analyzer.analyze([parse_event(raw)])[0]
    unit = a.units[0]
    assert "\ufffd" in unit.text and not any("\ud800" <= ch <= "\udfff" for ch in unit.text)
    unit.text.encode("utf-8")  # safe to write out
    assert "폭탄" in unit.lemmas and unit.norm is not None and "씨발" in unit.norm
    assert sanitize("a\x00b\x1bc\x85d\ud83de") == "a b c d\ufffde"
    # IME full-width forms read as ASCII, one for one (offsets unchanged)
    assert sanitize("ＳＫＴ　５Ｇ 요금제！") == "SKT 5G 요금제!"
    # events built in code skip the parser's cleaning: the analyser still copes
    ev = VocEvent.model_construct(
        event_id="m",
        source="ticket",
        occurred_at=None,
        text="해지\x00해 주세요\x1b[0m",
        turns=None,
        lang=None,
    )
    unit = analyzer.analyze([ev])[0].units[0]
    assert len(unit.text) == len("해지\x00해 주세요\x1b[0m") and "\x00" not in unit.text


def test_mixed_scripts(analyzer: KiwiAnalyzer) -> None:
    text = "인터넷 안 돼요 internet down مرحبا 你好 こんにちは Привет 😡 ①②③ ﷽ \u200b\u200d"
    a = analyzer.analyze([_text_event(text)])[0]
    assert a.lang == "ko" and a.units[0].text == text
    assert "인터넷" in a.units[0].lemmas and "internet" in a.units[0].lemmas


def test_one_text_kiwi_refuses_does_not_fail_its_batch(analyzer: KiwiAnalyzer) -> None:
    real = analyzer.kiwi

    class Refusing:
        def tokenize(self, text: object, **options: object) -> object:
            texts = [text] if isinstance(text, str) else list(text)  # type: ignore[call-overload]
            if any("BOOM" in t for t in texts):
                raise RuntimeError("refused")
            return real.tokenize(text if isinstance(text, str) else texts, **options)

    fragile = KiwiAnalyzer(num_workers=2)
    fragile._kiwi = Refusing()
    out = fragile.analyze([_text_event("요금 폭탄 맞았어요"), _text_event("BOOM 해지 요청")])
    assert "폭탄" in out[0].units[0].lemmas
    assert out[1].units[0].morphs == ("BOOM/UN", "해지/UN", "요청/UN")
