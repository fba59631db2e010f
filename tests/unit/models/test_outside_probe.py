"""Outside probe sets, through the `vocradar score` path.

``tests/data/outside_probe.jsonl`` holds 205 events in two sets (``meta.family``
``outside-probe-1.ko|en``: 70 Korean and 45 English; ``outside-probe-2.ko|en``: 60 and 30)
written from the contract alone (``shared/voc-contract.md``) by writers who had not seen the
corpus, the lexicon, the models or the other set: calls, chats, tickets, community posts,
tweets, notes and news quotes, with hard negatives (the company's recording notice, 분실 신고,
"recorded my screen", second thoughts) and every category and reason. They are not used for
training or thresholds. Each set was scored once blind (``models/MODEL_CARD.md``, Outside
probes); the lexicon was then widened after reading the misses, so they are no longer blind:
they guard the behaviour on outside wording against regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vocradar.models.pipeline import RawMessage, ScoredEvent, ScoringPipeline
from vocradar.settings import Settings

CASES = Path(__file__).resolve().parents[2] / "data" / "outside_probe.jsonl"


@pytest.fixture(scope="module")
def scored() -> list[tuple[dict, ScoredEvent]]:
    pipeline = ScoringPipeline.build(Settings(_env_file=None))
    lines = CASES.read_bytes().splitlines()
    items = pipeline.process([RawMessage(line, f"probe:{i}") for i, line in enumerate(lines)]).items
    out = []
    for line, item in zip(lines, items, strict=True):
        assert isinstance(item, ScoredEvent), item
        out.append((json.loads(line), item))
    return out


def test_the_set_covers_every_category_and_both_languages(scored: list[tuple[dict, ScoredEvent]]) -> None:
    from vocradar.models.types import CATEGORIES

    assert {case["label"]["category"] for case, _ in scored} == set(CATEGORIES)
    assert {case["lang"] for case, _ in scored} == {"ko", "en"}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_alerts_on_outside_wording(scored: list[tuple[dict, ScoredEvent]], lang: str) -> None:
    pairs = [(case["label"]["alert"], item.assessment.alert) for case, item in scored if case["lang"] == lang]
    tp = sum(want and got for want, got in pairs)
    fp = sum(got and not want for want, got in pairs)
    fn = sum(want and not got for want, got in pairs)
    assert tp / (tp + fn) >= 0.9, (tp, fp, fn)
    assert tp / (tp + fp) >= 0.85, (tp, fp, fn)


def test_categories_on_outside_wording(scored: list[tuple[dict, ScoredEvent]]) -> None:
    right = sum(case["label"]["category"] == item.prediction.category for case, item in scored)
    assert right / len(scored) >= 0.75
