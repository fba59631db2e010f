"""The labelled corpus (models/corpus): contract validity, label rules, family-held-out splits, size,
determinism, and independence from the demo generator's templates."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from vocradar.connectors import demo
from vocradar.models.corpus import build
from vocradar.models.events import parse_event
from vocradar.models.pii import mask_pii

CORPUS_DIR = build.OUT_DIR
LANGS = ("ko", "en")


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for lang, name in build.FILES.items():
        lines = (CORPUS_DIR / name).read_text(encoding="utf-8").splitlines()
        out[lang] = [json.loads(line) for line in lines]
    return out


def _body(event: dict[str, Any]) -> str:
    if event.get("text") is not None:
        return str(event["text"])
    return "\n".join(t["text"] for t in event["turns"])


def test_every_item_parses_as_a_contract_event(corpus: dict[str, list[dict[str, Any]]]) -> None:
    ids: set[str] = set()
    for lang in LANGS:
        for event in corpus[lang]:
            parsed = parse_event(json.dumps(event, ensure_ascii=False))
            assert parsed.lang == lang
            assert parsed.event_id not in ids
            ids.add(parsed.event_id)
            if parsed.source in ("call", "chat"):
                assert parsed.turns and parsed.conversation_id
            else:
                assert parsed.text


def test_labels_use_only_contract_codes(corpus: dict[str, list[dict[str, Any]]]) -> None:
    for lang in LANGS:
        for event in corpus[lang]:
            label = event["label"]
            assert set(label) == {"category", "alert", "reasons"}
            assert label["category"] in build.CATEGORIES
            assert label["alert"] in (True, False, None)
            assert set(label["reasons"]) <= set(build.REASONS)
            assert not {"burst", "service_outage"} & set(label["reasons"])
            assert len(label["reasons"]) == len(set(label["reasons"]))
            meta = event["meta"]
            assert meta["style"] in build.STYLES
            assert meta["split"] in ("train", "test")
            assert meta["level"] in ("low", "medium", "high", "critical")


def test_alert_follows_the_level_rules(corpus: dict[str, list[dict[str, Any]]]) -> None:
    escalation = set(build.ESCALATION_REASONS)
    for lang in LANGS:
        for event in corpus[lang]:
            label, meta = event["label"], event["meta"]
            reasons = set(label["reasons"])
            level = meta["level"]
            # the stored level is what the rules give (violence/anger only ever raise it)
            ruled = build.level_of(reasons)
            order = ["low", "medium", "high", "critical"]
            assert order.index(level) >= order.index(ruled), event["event_id"]
            if level == "critical" and ruled != "critical":
                assert "customer_abuse" in reasons  # a threat of violence against a worker
            if not reasons & escalation:
                assert level in ("low", "medium"), event["event_id"]
            if label["alert"] is None:
                assert meta.get("debatable") is True
            else:
                assert label["alert"] == (level in ("high", "critical")), event["event_id"]
                # e.g. a publicity threat always alerts unless the item is marked debatable
                if reasons & escalation:
                    assert label["alert"] is True


def test_high_reach_only_on_wide_reach_speakers(corpus: dict[str, list[dict[str, Any]]]) -> None:
    for lang in LANGS:
        for event in corpus[lang]:
            customer = event.get("customer") or {}
            wide = (
                (customer.get("followers") or 0) >= build.HIGH_REACH_FOLLOWERS
                or bool(customer.get("verified"))
                or customer.get("segment") == "press"
            )
            if "high_reach" in event["label"]["reasons"]:
                assert wide, event["event_id"]
            elif wide and event["label"]["category"] not in ("praise", "inquiry", "other"):
                pytest.fail(f"{event['event_id']}: negative post from a wide-reach author, no high_reach")


def test_splits_are_disjoint_by_family(corpus: dict[str, list[dict[str, Any]]]) -> None:
    for lang in LANGS:
        split_of: dict[str, set[str]] = defaultdict(set)
        for event in corpus[lang]:
            split_of[event["meta"]["family"]].add(event["meta"]["split"])
        assert all(len(s) == 1 for s in split_of.values())
        test_share = sum(s == {"test"} for s in split_of.values()) / len(split_of)
        assert 0.2 <= test_share <= 0.4, test_share
        known = {f.id for f in build.FAMILIES}
        assert set(split_of) <= known


def test_pinned_families_train_and_move_no_other_family(corpus: dict[str, list[dict[str, Any]]]) -> None:
    pinned = {f.id for f in build.FAMILIES if f.split is not None}
    assert pinned, "the 1.1 families are pinned to train"
    split_of = {e["meta"]["family"]: e["meta"]["split"] for lang in LANGS for e in corpus[lang]}
    assert all(split_of[fid] == "train" for fid in pinned)
    # the other families are split as if the pinned ones did not exist
    for lang in LANGS:
        families = [f for f in build.FAMILIES if f.lang == lang and f.split is None]
        events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in corpus[lang]:
            events[e["meta"]["family"]].append(e)
        alone = build.assign_splits({f.id: build._strata(f, events[f.id]) for f in families})
        assert all(split_of[fid] == s for fid, s in alone.items())
    with pytest.raises(ValueError, match="pinned"):
        build.Family("ko.x.y.z", "ko", "tweet", "tweet", "other", ("t",), split="test")


@pytest.mark.parametrize("lang", LANGS)
def test_every_category_source_and_reason_in_both_splits(
    corpus: dict[str, list[dict[str, Any]]], lang: str
) -> None:
    seen: dict[str, set[str]] = {"train": set(), "test": set()}
    for event in corpus[lang]:
        keys = {
            f"category:{event['label']['category']}",
            f"source:{event['source']}",
            f"style:{event['meta']['style']}",
        }
        keys |= {f"reason:{r}" for r in event["label"]["reasons"]}
        seen[event["meta"]["split"]] |= keys
    wanted = {f"category:{c}" for c in build.CATEGORIES} | {f"source:{s}" for s in build.SOURCES}
    wanted |= {f"reason:{r}" for r in build.REASONS}
    assert wanted <= seen["train"], sorted(wanted - seen["train"])
    assert wanted <= seen["test"], sorted(wanted - seen["test"])


def test_sizes_and_mix(corpus: dict[str, list[dict[str, Any]]]) -> None:
    ko, en = corpus["ko"], corpus["en"]
    assert len(ko) >= 3000
    assert len(en) >= 500
    per_category = Counter(e["label"]["category"] for e in ko)
    assert min(per_category[c] for c in build.CATEGORIES) >= 150, per_category
    every = ko + en
    hard = sum(bool(e["meta"]["hard_negative"]) for e in every)
    assert hard / len(every) >= 0.15
    debatable = sum(e["label"]["alert"] is None for e in every)
    assert 0.005 <= debatable / len(every) <= 0.08
    assert Counter(e["source"] for e in ko).keys() == set(build.SOURCES)
    tweets = [e for e in every if e["source"] == "tweet"]
    assert all("followers" in e["customer"] and "verified" in e["customer"] for e in tweets)
    calls = [e for e in ko if e["source"] == "call"]
    assert sum(any(t["speaker"] == "system" for t in e["turns"]) for e in calls) / len(calls) > 0.5


def test_planted_pii_is_masked(corpus: dict[str, list[dict[str, Any]]]) -> None:
    every = corpus["ko"] + corpus["en"]
    planted = [e for e in every if "pii" in e["meta"]]
    assert 0.015 <= len(planted) / len(every) <= 0.06
    kinds = Counter(k for e in planted for k in e["meta"]["pii"])
    assert {"mobile", "email", "name", "rrn"} <= set(kinds)
    for event in planted:
        body = _body(event)
        assert mask_pii(body) != body, event["event_id"]


def _demo_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every demo template (with at least one space and 8 literal characters) as a regex."""
    out: list[tuple[str, re.Pattern[str]]] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            t = v.split(" §")[0].strip()
            parts = re.split(r"\{[^}]*\}", t)
            literal = "".join(parts)
            if " " in literal.strip() and len(literal.replace(" ", "")) >= 8:
                pieces = (re.escape(p).replace("\\ ", " ?") for p in parts)  # spacing may be dropped
                out.append((t, re.compile(".{1,40}?".join(pieces))))
        elif isinstance(v, tuple | list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)

    for topic in demo.TOPICS.values():
        for name in ("spoken", "follow", "agent", "formal", "ask", "tweet", "note", "english", "subjects"):
            walk(getattr(topic, name))
    for name in dir(demo):
        if name.isupper() or (name.startswith("_") and not name.startswith("__")):
            walk(getattr(demo, name))
    return out


def test_no_demo_template_is_reused(corpus: dict[str, list[dict[str, Any]]]) -> None:
    patterns = _demo_patterns()
    assert len(patterns) > 200
    bodies = "\n\x00".join(_body(e) for lang in LANGS for e in corpus[lang])
    squeezed = bodies.replace(" ", "")
    reused = []
    for template, rx in patterns:
        # cheap filter first: the longest literal piece (spaces ignored) must occur at all
        longest = max(re.split(r"\{[^}]*\}", template), key=len).replace(" ", "")
        if longest in squeezed and rx.search(bodies):
            reused.append(template)
    assert not reused, reused[:10]


def test_build_is_deterministic(tmp_path: Path) -> None:
    paths = build.build(tmp_path)
    for name, path in paths.items():
        shipped = CORPUS_DIR / path.name
        assert path.read_bytes() == shipped.read_bytes(), (
            f"{name}: rebuild the corpus (python -m vocradar.models.corpus.build)"
        )


def test_level_rules() -> None:
    assert build.level_of([]) == "low"
    assert build.level_of(["churn_intent"]) == "medium"
    assert build.level_of([], angry=True) == "medium"
    assert build.level_of(["publicity_threat"]) == "high"
    assert build.level_of(["publicity_threat", "regulator_threat"]) == "high"
    assert build.level_of(["publicity_threat", "agent_obstruction"]) == "critical"
    assert build.level_of(["high_reach", "agent_hostility"]) == "critical"
    assert build.level_of(["customer_abuse"], violence=True) == "critical"
    assert build.level_of(["customer_abuse"]) == "high"


def test_template_language() -> None:
    import random

    slots = build._Slots(random.Random(3))
    text = build.render_line("{net:을} <해지|이전>합니다", slots)
    assert text.startswith(slots.values["net"])
    assert "<" not in text and "{" not in text
