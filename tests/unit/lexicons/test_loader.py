"""Tests of the lexicon loader: the packaged files, validation errors, hashing and matching rules,
and the informal-writing rules of informal.yaml."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vocradar.lexicons import (
    CUE_REASONS,
    FILES,
    InformalRules,
    Lexicon,
    LexiconError,
    TextView,
    load_informal,
    load_lexicon,
    parse_count,
    role_of,
)
from vocradar.models.analyzer import TextNormalizer
from vocradar.models.types import CATEGORIES, Unit

PACKAGED = Path(load_lexicon().directory)
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    """A writable copy of the packaged lexicon files."""
    for name in FILES:
        shutil.copy(PACKAGED / name, tmp_path / name)
    return tmp_path


def _edit_yaml(directory: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / name
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    change(data)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True), encoding="utf-8")


# ------------------------------------------------------------------------------------------
# the packaged lexicon


def test_packaged_lexicon_loads_with_hash_and_user_dictionary(lexicon: Lexicon) -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", lexicon.hash)
    assert load_lexicon().hash == lexicon.hash  # stable
    assert load_lexicon(PACKAGED).hash == lexicon.hash
    assert lexicon.user_dictionary_path is not None and lexicon.user_dictionary_path.is_file()


def test_every_category_has_enough_korean_and_english_cues(lexicon: Lexicon) -> None:
    assert set(lexicon.categories) == set(CATEGORIES)
    for code, cues in lexicon.categories.items():
        every = cues.topic.cues + cues.signal.cues
        assert len(every) >= 25, code
        assert any(HANGUL.search(c.text) for c in every), code
        assert any(c.text.isascii() for c in every), code


def test_every_text_reason_has_enough_cues(lexicon: Lexicon) -> None:
    for reason in CUE_REASONS:
        if reason == "repeat_contact":
            continue
        cues = lexicon.reasons[reason].cues.cues
        assert len(cues) >= 20, reason
        assert any(HANGUL.search(c.text) for c in cues), reason
        assert any(c.text.isascii() for c in cues), reason
    obstruction = lexicon.reasons["agent_obstruction"].cues.cues
    assert {c.role for c in obstruction} == {"request", "insist", "deflection", "report", "grant"}
    assert all(c.speakers == {"agent"} for c in obstruction if c.role == "grant")
    assert all("agent" not in c.speakers for c in obstruction if c.role == "request")
    assert all("customer" not in c.speakers for c in obstruction if c.role == "deflection")
    publicity = lexicon.reasons["publicity_threat"].cues.cues
    assert all("agent" not in c.speakers for c in publicity)


def test_user_dictionary_is_valid_for_kiwi(lexicon: Lexicon) -> None:
    from kiwipiepy import Kiwi

    assert lexicon.user_dictionary_path is not None
    kiwi = Kiwi(num_workers=-1)
    assert kiwi.load_user_dictionary(str(lexicon.user_dictionary_path)) >= 30
    forms = [t.form for t in kiwi.tokenize("해지방어 때문에 번호이동 알아보는 중")]
    assert "해지방어" in forms and "번호이동" in forms


def test_hash_follows_the_file_contents(copy_dir: Path, lexicon: Lexicon) -> None:
    assert load_lexicon(copy_dir).hash == lexicon.hash
    with (copy_dir / "modifiers.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# reviewed again\n")
    assert load_lexicon(copy_dir).hash != lexicon.hash


def test_user_dictionary_is_optional(copy_dir: Path) -> None:
    (copy_dir / "user_dict.txt").unlink()
    assert load_lexicon(copy_dir).user_dictionary_path is None


# ------------------------------------------------------------------------------------------
# validation


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _rename_category(old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["categories"][new] = data["categories"].pop(old)

    return change


def _add_reason(code: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["reasons"][code] = {"speaker": "customer", "cues": [{"phrase": "x", "weight": 1.0}]}

    return change


CASES: list[tuple[str, str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown category", "categories.yaml", _rename_category("billing", "bills"), "categories.bills"),
    (
        "missing category",
        "categories.yaml",
        lambda d: d["categories"].pop("praise"),
        "categories without cues: praise",
    ),
    (
        "empty phrase",
        "categories.yaml",
        _set(["categories", "billing", "signal", 0], {"phrase": "  ", "weight": 1.0}),
        "categories.billing.signal[0]",
    ),
    (
        "zero weight",
        "categories.yaml",
        _set(["categories", "network", "signal", 2, "weight"], 0),
        "categories.network.signal[2]",
    ),
    (
        "weight too high",
        "categories.yaml",
        _set(["categories", "network", "signal", 2, "weight"], 9),
        "must be in (0, 5]",
    ),
    (
        "weight not a number",
        "categories.yaml",
        _set(["categories", "device", "topic", 1, "weight"], "heavy"),
        "categories.device.topic[1]",
    ),
    (
        "weight is a bool",
        "categories.yaml",
        _set(["categories", "device", "topic", 1, "weight"], True),
        "must be a number",
    ),
    (
        "two kinds",
        "categories.yaml",
        _set(["categories", "device", "topic", 0], {"phrase": "a", "lemma": "b", "weight": 1}),
        "exactly one of phrase, lemma, pattern",
    ),
    (
        "topic on inquiry",
        "categories.yaml",
        _set(["categories", "inquiry", "topic"], [{"phrase": "요금", "weight": 1}]),
        "categories.inquiry",
    ),
    ("unknown reason", "risk_cues.yaml", _add_reason("viral"), "unknown reason code 'viral'"),
    ("stream-level reason", "risk_cues.yaml", _add_reason("burst"), "reasons.burst"),
    (
        "bad speaker",
        "risk_cues.yaml",
        _set(["reasons", "publicity_threat", "speaker"], "supervisor"),
        "unknown speaker 'supervisor'",
    ),
    (
        "system speaker",
        "risk_cues.yaml",
        _set(["reasons", "regulator_threat", "cues", 0, "speaker"], "system"),
        "reasons.regulator_threat.cues[0]",
    ),
    (
        "obstruction cue without role",
        "risk_cues.yaml",
        _set(["reasons", "agent_obstruction", "cues", 0], {"phrase": "해지", "weight": 1.0}),
        "reasons.agent_obstruction.cues[0]: agent_obstruction cues need role",
    ),
    (
        "deflection said by the customer",
        "risk_cues.yaml",
        _set(
            ["reasons", "agent_obstruction", "cues", 0],
            {"phrase": "혜택", "weight": 1.0, "role": "deflection", "speaker": "customer"},
        ),
        "a deflection cue cannot apply to customer",
    ),
    (
        "pattern does not compile",
        "risk_cues.yaml",
        _set(["reasons", "customer_abuse", "cues", 0], {"pattern": "(ㅅㅂ", "weight": 1.0}),
        "does not compile",
    ),
    (
        "repeat contact without a count",
        "risk_cues.yaml",
        _set(["reasons", "repeat_contact", "cues", 0], {"phrase": "또 전화", "weight": 1.0}),
        "reasons.repeat_contact.cues[0]",
    ),
    (
        "unknown tag",
        "risk_cues.yaml",
        _set(["reasons", "customer_abuse", "cues", 0, "tags"], ["loud"]),
        "reasons.customer_abuse.cues[0]",
    ),
    (
        "empty cue list",
        "risk_cues.yaml",
        _set(["reasons", "churn_intent", "cues"], []),
        "reasons.churn_intent.cues: the list of cues is empty",
    ),
    (
        "negation for an unknown reason",
        "modifiers.yaml",
        _set(["negation", 0, "applies_to"], ["gossip"]),
        "negation[0]: applies_to",
    ),
    (
        "lemma modifier",
        "modifiers.yaml",
        _set(["system", 0], {"lemma": "녹음"}),
        "system[0]: lemma cues are not allowed",
    ),
    ("bad window", "modifiers.yaml", _set(["window", "compact"], -3), "window.compact"),
    (
        "unknown key",
        "modifiers.yaml",
        _set(["sarcasm", 1, "colour"], "red"),
        "sarcasm[1]: unknown key(s) colour",
    ),
]


@pytest.mark.parametrize(("file", "change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_entries_name_file_and_entry(
    copy_dir: Path, file: str, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _edit_yaml(copy_dir, file, change)
    with pytest.raises(LexiconError) as err:
        load_lexicon(copy_dir)
    assert file in str(err.value)
    assert expected in str(err.value)


def test_invalid_yaml_and_missing_files(copy_dir: Path, tmp_path: Path) -> None:
    (copy_dir / "risk_cues.yaml").write_text("reasons: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"risk_cues\.yaml: not valid YAML"):
        load_lexicon(copy_dir)
    (copy_dir / "risk_cues.yaml").unlink()
    with pytest.raises(LexiconError, match=r"risk_cues\.yaml: missing"):
        load_lexicon(copy_dir)
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("해지 방어\tNNG\t0", "line 5: the word must be non-empty and without spaces"),
        ("해지방어\tNOUN\t0", "line 5: unknown Kiwi tag 'NOUN'"),
        ("해지방어\tNNG\tlots", "line 5: score of '해지방어' must be a number"),
        ("해지방어", "line 5: expected word<TAB>TAG<TAB>score"),
    ],
)
def test_invalid_user_dictionary_lines(copy_dir: Path, line: str, expected: str) -> None:
    path = copy_dir / "user_dict.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(4, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(copy_dir)
    assert "user_dict.txt" in str(err.value) and expected in str(err.value)


def test_duplicate_cues_are_refused(copy_dir: Path) -> None:
    def dup(data: dict[str, Any]) -> None:
        data["categories"]["billing"]["signal"].append({"phrase": "요금폭탄", "weight": 1.0})

    _edit_yaml(copy_dir, "categories.yaml", dup)
    with pytest.raises(LexiconError, match="duplicate cue '요금폭탄'"):
        load_lexicon(copy_dir)


# ------------------------------------------------------------------------------------------
# matching rules


def _texts(lexicon: Lexicon, reason: str, text: str, speaker: str = "customer") -> set[str]:
    view = lexicon.view_of(text)
    return {h.cue.text for h in lexicon.reasons[reason].cues.for_speaker(speaker).find(view)}


def test_korean_phrases_ignore_spacing(lexicon: Lexicon) -> None:
    signal = lexicon.categories["cancellation"].signal
    for text in ("해지 해 주세요", "해지해주세요", "해 지 해 주 세 요"):
        assert "해지해 주세요" in {h.cue.text for h in signal.find(TextView.of(text))}


def test_english_phrases_match_from_the_start_of_words(lexicon: Lexicon) -> None:
    assert "sue" in _texts(lexicon, "regulator_threat", "I will sue you")
    assert "sue" not in _texts(lexicon, "regulator_threat", "There is an issue you should fix")
    topic = lexicon.categories["cancellation"].topic
    assert "cancel" in {h.cue.text for h in topic.find(TextView.of("Cancellation request"))}
    assert "rude" not in _texts(lexicon, "agent_hostility", "prudent advice")


def test_the_longest_match_wins_inside_one_set(lexicon: Lexicon) -> None:
    found = lexicon.categories["billing"].signal.find(TextView.of("요금 폭탄 맞았어요"))
    assert [h.cue.text for h in found] == ["요금 폭탄"]


def test_counts_are_read_from_patterns(lexicon: Lexicon) -> None:
    view = lexicon.view_of("고객 해지요청 4회, 방어 실패")
    hits = lexicon.reasons["agent_obstruction"].cues.for_speaker("note").find(view)
    assert max(h.count or 0 for h in hits if h.cue.role == "request") == 4
    view = lexicon.view_of("I've asked you to cancel five times.")
    hits = lexicon.reasons["agent_obstruction"].cues.for_speaker("customer").find(view)
    assert max(h.count or 0 for h in hits) == 5


def test_system_phrases_are_blanked_out(lexicon: Lexicon) -> None:
    view = lexicon.view_of("본 통화는 서비스 품질 향상을 위해 녹음됩니다. 저도 녹음하고 있어요")
    assert "녹음됩니다" not in view.compact
    assert "녹음하고 있" in _texts(lexicon, "publicity_threat", view.text)
    assert not _texts(lexicon, "publicity_threat", "This call may be recorded for quality assurance")


def test_obfuscated_profanity(lexicon: Lexicon) -> None:
    for text in ("시1발 진짜", "ㅅㅂ", "씨@발", "ㅅ.ㅂ 뭐야"):
        assert _texts(lexicon, "customer_abuse", text), text
    for text in ("새 요금제 출시 발표", "요금 인상 시 발생하는 위약금"):
        assert not _texts(lexicon, "customer_abuse", text), text


def test_text_view_maps_back_to_the_text() -> None:
    view = TextView.of("이 통화  녹음하고 있어요")
    start = view.compact.index("녹음")
    assert view.text_span("compact", start, start + 2) == (6, 8)
    words = TextView.of("I've asked, twice!")
    assert words.words == " ive asked twice !"
    s, e = words.text_span("words", 1, 4)
    assert words.text[s:e] == "I've"


@pytest.mark.parametrize(
    ("token", "count"),
    [("4", 4), ("세", 3), ("다섯", 5), ("five", 5), ("3rd", 3), ("몇", 3), ("twice", 2), ("xyz", None)],
)
def test_parse_count(token: str, count: int | None) -> None:
    assert parse_count(token) == count


def test_role_of() -> None:
    assert role_of("call", "system") is None
    assert role_of("call", "agent") == "agent"
    assert role_of("note", "author") == "note"
    assert role_of("tweet", "author") == "customer"


# ------------------------------------------------------------------------------------------
# informal.yaml and obstruction topics


def test_informal_rules_are_loaded(lexicon: Lexicon) -> None:
    rules = lexicon.informal
    assert len(rules.obfuscated) >= 10 and len(rules.abbreviations) >= 20
    assert set(rules.emoji) == {"anger", "praise"} and "🤬" in rules.emoji["anger"]
    assert load_informal() == load_informal(PACKAGED)
    obstruction = lexicon.reasons["agent_obstruction"].cues.cues
    topicless = ("deflection", "insist", "grant")
    assert {c.topic for c in obstruction if c.role not in topicless} == {"cancel", "refund"}
    assert all(c.topic is None for c in obstruction if c.role in topicless)


def test_every_canonical_form_is_found_by_the_cues(lexicon: Lexicon) -> None:
    abuse = lexicon.reasons["customer_abuse"].cues.for_speaker("customer")
    anger = lexicon.anger.for_speaker("customer")
    for entry in lexicon.informal.obfuscated:
        view = lexicon.view_of(entry.canonical)
        assert abuse.find(view) or anger.find(view), entry.where


def test_every_slot_entry_undoes_its_own_obfuscation(lexicon: Lexicon) -> None:
    normalizer = TextNormalizer(lexicon.informal)
    for entry in lexicon.informal.obfuscated:
        if entry.slots:
            hidden = ".".join(slot[-1] for slot in entry.slots)  # 뻘 for 발, 꺄 for 끼, ...
            assert normalizer.normalize(f"야 {hidden} 뭐해")[0] == f"야 {entry.canonical} 뭐해", entry.where


def test_informal_rules_are_optional_and_hashed(copy_dir: Path, lexicon: Lexicon) -> None:
    with (copy_dir / "informal.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# reviewed again\n")
    assert load_lexicon(copy_dir).hash != lexicon.hash
    (copy_dir / "informal.yaml").unlink()
    bare = load_lexicon(copy_dir)
    assert bare.informal == InformalRules() and load_informal(copy_dir) == InformalRules()
    assert bare.hash != lexicon.hash


def _append(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path:
            node = node[key]
        node.append(value)

    return change


INFORMAL_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown top-level key", _set(["slang"], {}), "unknown top-level key(s) slang"),
    (
        "canonical with a space",
        _set(["obfuscated", 0, "canonical"], "ㅅ ㅂ"),
        "obfuscated[0]: canonical must be one word",
    ),
    (
        "slots and pattern",
        _set(["obfuscated", 0, "pattern"], "x+"),
        "obfuscated[0]: give exactly one of slots, pattern",
    ),
    ("one slot", _set(["obfuscated", 0, "slots"], [["ㅅ"]]), "at least two syllables"),
    ("two letters in a slot", _set(["obfuscated", 0, "slots", 0], ["시발"]), "obfuscated[0]: slots[0]"),
    ("digit in a slot", _set(["obfuscated", 0, "slots", 1], ["1"]), "obfuscated[0]: slots[1]"),
    (
        "jamo and syllables mixed",
        _set(["obfuscated", 0, "slots", 0], ["ㅅ", "시"]),
        "spell every slot in jamo, or none",
    ),
    ("spelling twice", _set(["obfuscated", 0, "slots", 0], ["ㅅ", "ㅅ"]), "lists a spelling twice"),
    (
        "pattern does not compile",
        _append(["obfuscated"], {"canonical": "fuck", "pattern": "f(u"}),
        "does not compile",
    ),
    (
        "pattern with a named group",
        _append(["obfuscated"], {"canonical": "fuck", "pattern": "f(?P<x>u)ck"}),
        "named groups are not allowed",
    ),
    (
        "Korean pattern",
        _append(["obfuscated"], {"canonical": "씨발", "pattern": "시.발"}),
        "spell Korean words with slots",
    ),
    (
        "empty pattern match",
        _append(["obfuscated"], {"canonical": "x", "pattern": "a*"}),
        "matches the empty",
    ),
    ("shorthand not jamo", _set(["abbreviations", "ㅅa"], "씨발"), "abbreviations.ㅅa"),
    ("empty expansion", _set(["abbreviations", "ㅇㅇ"], ""), "abbreviations.ㅇㅇ"),
    ("unknown emoji kind", _set(["emoji", "sad"], ["😭"]), "emoji.sad: unknown kind"),
    ("a word as emoji", _set(["emoji", "anger"], ["화남"]), "is not an emoji"),
    ("emoji of two kinds", _append(["emoji", "praise"], "😡"), "already listed under anger"),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in INFORMAL_CASES], ids=[c[0] for c in INFORMAL_CASES]
)
def test_invalid_informal_entries(
    copy_dir: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _edit_yaml(copy_dir, "informal.yaml", change)
    with pytest.raises(LexiconError) as err:
        load_lexicon(copy_dir)
    assert "informal.yaml" in str(err.value) and expected in str(err.value)


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ({"phrase": "해지 좀", "weight": 1.0, "role": "request", "topic": "upgrade"}, "topic must be one of"),
        (
            {
                "phrase": "혜택 드려요",
                "weight": 1.0,
                "role": "deflection",
                "speaker": "agent",
                "topic": "cancel",
            },
            "no topic",
        ),
        ({"phrase": "아니요", "weight": 1.0, "role": "insist", "topic": "refund"}, "no topic"),
        (
            {"phrase": "됐고요", "weight": 1.0, "role": "insist", "speaker": "agent"},
            "cannot apply to agent",
        ),
    ],
)
def test_invalid_obstruction_topics(copy_dir: Path, cue: dict[str, Any], expected: str) -> None:
    _edit_yaml(copy_dir, "risk_cues.yaml", _set(["reasons", "agent_obstruction", "cues", 0], cue))
    with pytest.raises(LexiconError, match=expected):
        load_lexicon(copy_dir)


def test_views_of_normalised_units_point_into_the_original(lexicon: Lexicon) -> None:
    text = "아 시1발 진짜"
    unit = Unit(0, "customer", text, "", (), (), norm="아 씨발 진짜", norm_spans=((2, 4, 2, 5),))
    view = lexicon.view_of_unit(unit)
    assert view.text == text and "씨발" in view.compact
    (hit,) = lexicon.reasons["customer_abuse"].cues.for_speaker("customer").find(view)
    start, end = view.text_span(hit.view, hit.start, hit.end)
    assert text[start:end] == "시1발"
    plain = Unit(0, "customer", "요금 폭탄", "", (), ("요금",))
    assert lexicon.view_of_unit(plain).compact == lexicon.view_of("요금 폭탄").compact


def test_a_text_is_viewed_and_matched_once_per_cue_set(lexicon: Lexicon) -> None:
    """The classifier, the learned features and the risk scorer read the same view of a unit;
    a cue set's matches are kept on the view, and a cached answer equals a fresh one."""
    text = "요금 폭탄 맞았어요. 해지해 주세요, 녹음하고 있어요"
    view = lexicon.view_of(text)
    assert lexicon.view_of(text) is view
    assert lexicon.view_of(text, ("해지하다",)) is not view  # other lemmas, another view
    signal = lexicon.categories["billing"].signal
    first = signal.find(view)
    assert [h.cue.text for h in first] == ["요금 폭탄"]
    first.clear()  # callers own the list they get
    assert signal.find(view) == signal._find(TextView.of(view.text).masked(())) == signal._find(view)
    assert id(signal) in view.found
    for other in [lexicon.categories[c].signal for c in CATEGORIES] + [lexicon.anger, lexicon.sarcasm]:
        fresh = lexicon.system.find(TextView.of(text))
        assert other.find(view) == other._find(TextView.of(text).masked(fresh))


def test_the_view_cache_is_bounded(lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type(lexicon), "VIEW_CACHE_SIZE", 5)
    lexicon._views.clear()
    lexicon._view_chars[0] = 0
    views = [lexicon.view_of(f"문의 {i}") for i in range(12)]
    assert len(lexicon._views) == 5
    assert lexicon.view_of("문의 11") is views[-1]
    assert lexicon.view_of("문의 0") is not views[0]
    # and by characters: long texts do not pile up
    monkeypatch.setattr(type(lexicon), "VIEW_CACHE_SIZE", 1_000)
    monkeypatch.setattr(type(lexicon), "VIEW_CACHE_CHARS", 1_000)
    for i in range(30):
        lexicon.view_of(f"{i} " + "요금이 너무 많이 나왔어요 " * 5)
    assert lexicon._view_chars[0] == sum(len(v.text) for v in lexicon._views.values()) <= 1_000
    huge = "해지해 주세요 " * 100
    assert lexicon.view_of(huge) is not lexicon.view_of(huge), "a text over a tenth of the budget is not kept"
    lexicon._views.clear()
    lexicon._view_chars[0] = 0


def _all_patterns(lexicon: Lexicon) -> list[tuple[re.Pattern[str], frozenset[str] | None]]:
    sets = [lexicon.negations, lexicon.sarcasm, lexicon.anger, lexicon.system]
    sets += [c.signal for c in lexicon.categories.values()] + [c.topic for c in lexicon.categories.values()]
    sets += [r.cues for r in lexicon.reasons.values()]
    return [
        (rx, first) for cs in sets for name in ("compact", "words") for rx, _, first in cs._patterns[name]
    ]


def test_patterns_are_skipped_only_where_they_cannot_match(lexicon: Lexicon) -> None:
    """A pattern is not run on a text that lacks every character a match could start with; that
    must never hide a match. Checked on every pattern against texts made to match it."""
    from vocradar.lexicons import _first_chars

    patterns = _all_patterns(lexicon)
    assert sum(first is not None for _, first in patterns) >= 0.8 * len(patterns)
    corpus = Path(__file__).resolve().parents[3] / "models" / "corpus" / "voc_ko.jsonl"
    texts = [TextView.of(line).compact for line in corpus.read_text(encoding="utf-8").splitlines()[:1500]]
    texts += [TextView.of(line).words for line in corpus.read_text(encoding="utf-8").splitlines()[:300]]
    for rx, first in patterns:
        if first is None:
            continue
        for text in texts:
            for m in rx.finditer(text):
                assert m.end() <= m.start() or text[m.start()] in first, (rx.pattern, m.group())
    assert _first_chars("(?<!불)친절(하|히)") == frozenset("친")
    assert _first_chars("(감사|고맙)[가-힣]{0,8}") == frozenset("감고")
    assert _first_chars("(?i)abc") is None and _first_chars(r"\d+번") is None
    assert _first_chars("a?b") == frozenset("ab") and _first_chars("x*") is None


def test_a_cue_group_finds_what_each_of_its_sets_finds(lexicon: Lexicon) -> None:
    from vocradar.lexicons import CueGroup

    texts = [
        "요금 폭탄 맞았어요. 해지해 주세요, 녹음하고 있어요",
        "세 번째 전화인데 또 해지 안 해주시네요 ㅅㅂ 소보원에 신고할게요",
        "I've asked you to cancel five times. I'm recording this call and posting it.",
        "감사합니다 ㅎㅎ 친절하게 도와주셨어요",
        "",
    ]
    for role in ("customer", "agent", "note", "author"):
        group = lexicon.cue_group(role)
        assert isinstance(group, CueGroup) and len(group.sets) > 30
        for text in texts:
            primed, plain = lexicon.view_of(text), TextView.of(text)
            primed.found.clear()
            group.prime(primed)
            plain = plain.masked(lexicon.system._find(plain))
            for cs in group.sets:
                assert primed.found[id(cs)] == tuple(cs._find(plain)), (role, text)


_SAMPLE_CHARS = "가나다해지요금 abcXYZ09 .!?\t\n\u3000\u00a0'’`ΣσİKẞ😡ㅋㅎ,-"


@given(st.text(alphabet=st.sampled_from(list(_SAMPLE_CHARS)), max_size=60) | st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_fast_views_equal_the_plain_ones(text: str) -> None:
    from vocradar.lexicons import _views_fast, _views_plain

    fast = _views_fast(text)
    if fast is not None:
        assert fast == _views_plain(text)


def test_fast_views_cover_the_corpus() -> None:
    from vocradar.lexicons import _views_fast, _views_plain

    corpus = Path(__file__).resolve().parents[3] / "models" / "corpus" / "voc_ko.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[:800]
    fast = [_views_fast(line) for line in lines]
    assert sum(f is not None for f in fast) > 0.5 * len(lines)
    for line, f in zip(lines, fast, strict=True):
        if f is not None:
            assert f == _views_plain(line)
