"""Realistic cases outside the corpus, through the `vocradar score` path.

``tests/data/realistic_cases.jsonl`` holds 15 hand-written cases in the wording of public accounts:
the 2014 retention call (paraphrased from the public recording), 해지방어 posts, a USIM-breach
complaint, an outage ticket, abuse of a worker, a quoted rude agent, a refund runaround, a
retention note and sincere thanks. They are not used for training or thresholds; they guard the
product's behaviour on wording its corpus families do not have (10 should alert, 5 should not).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vocradar.models.pipeline import RawMessage, ScoredEvent, ScoringPipeline
from vocradar.settings import Settings

CASES = Path(__file__).resolve().parents[2] / "data" / "realistic_cases.jsonl"


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple[dict, ScoredEvent]]:
    pipeline = ScoringPipeline.build(Settings(_env_file=None))
    lines = CASES.read_bytes().splitlines()
    items = pipeline.process([RawMessage(line, f"case:{i}") for i, line in enumerate(lines)]).items
    out = {}
    for line, item in zip(lines, items, strict=True):
        case = json.loads(line)
        assert isinstance(item, ScoredEvent), item
        out[case["event_id"]] = (case["label"], item)
    return out


def test_every_alert_fires_and_nothing_else(scored: dict[str, tuple[dict, ScoredEvent]]) -> None:
    missed = [k for k, (label, item) in scored.items() if label["alert"] and not item.assessment.alert]
    false = [k for k, (label, item) in scored.items() if not label["alert"] and item.assessment.alert]
    assert (missed, false) == ([], [])
    assert sum(label["alert"] for label, _ in scored.values()) == 10


def test_the_retention_call_is_critical_with_its_reasons(scored: dict[str, tuple[dict, ScoredEvent]]) -> None:
    _, item = scored["real-01"]
    assert item.assessment.level == "critical"
    assert {"agent_obstruction", "publicity_threat"} <= set(item.assessment.reasons)
    assert any("recording" in e.text for e in item.assessment.evidence)


def test_escalation_reasons_are_found(scored: dict[str, tuple[dict, ScoredEvent]]) -> None:
    escalation = {
        "publicity_threat",
        "regulator_threat",
        "agent_obstruction",
        "agent_hostility",
        "customer_abuse",
    }
    for key, (label, item) in scored.items():
        wanted = set(label["reasons"]) & escalation
        if wanted:
            assert wanted & set(item.assessment.reasons), (key, label["reasons"], item.assessment.reasons)
