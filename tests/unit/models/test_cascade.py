"""The category cascade: which events reach the e5 classifier, the budget, the blend, and a
pipeline built from real fast and e5 artifacts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from vocradar.lexicons import load_lexicon
from vocradar.models.analyzer import KiwiAnalyzer
from vocradar.models.cascade import CascadeClassifier, TokenBucket
from vocradar.models.events import parse_event
from vocradar.models.learned import CASCADE_FILE, CLASSIFIER_FILE, LearnedClassifier
from vocradar.models.types import CATEGORIES, CategoryPrediction
from vocradar.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "data" / "labelled_small.jsonl"


class _Fast:
    """A classifier whose confidences are given: the cascade's routing is what is tested."""

    version = "fast/1"

    def __init__(self, confidences: list[float]) -> None:
        self.confidences = confidences

    def predict(self, analyses):
        out = []
        for c in self.confidences[: len(analyses)]:
            scores = dict.fromkeys(CATEGORIES, (1 - c) / (len(CATEGORIES) - 1))
            scores["billing"] = c
            out.append(CategoryPrediction("billing", c, scores))
        return out


class _Slow:
    version = "slow/1"
    classes_ = np.asarray(CATEGORIES)

    def __init__(self) -> None:
        self.seen: list[int] = []

    def predict_proba(self, analyses):
        self.seen.append(len(analyses))
        row = np.full(len(CATEGORIES), 0.0)
        row[CATEGORIES.index("network")] = 1.0
        return np.tile(row, (len(analyses), 1))


def test_only_uncertain_events_reach_the_slow_model_and_are_blended():
    slow = _Slow()
    cascade = CascadeClassifier(_Fast([0.9, 0.3, 0.55, 0.7]), slow, threshold=0.6, blend=0.5)
    out = cascade.predict([object()] * 4)
    assert slow.seen == [2]
    assert [p.category for p in out] == ["billing", "network", "network", "billing"]
    assert out[1].confidence == pytest.approx(0.5 * 1.0 + 0.5 * (0.7 / 11), abs=1e-4)
    assert out[2].scores["network"] == pytest.approx(0.5 + 0.5 * 0.45 / 11)
    assert out[2].scores["billing"] == pytest.approx(0.5 * 0.55)  # the fast opinion still counts
    assert cascade.cascaded == 2 and cascade.version == "fast/1+cascade(slow/1)"


def test_budget_sends_the_least_confident_first_and_counts_the_rest():
    t = [0.0]
    slow = _Slow()
    cascade = CascadeClassifier(_Fast([0.5, 0.1, 0.4, 0.2]), slow, threshold=0.6, max_per_s=2.0)
    cascade.bucket = TokenBucket(2.0, clock=lambda: t[0])
    out = cascade.predict([object()] * 4)
    assert [p.category for p in out] == ["billing", "network", "billing", "network"]
    assert cascade.skipped == 2
    assert [p.category for p in cascade.predict([object()] * 4)] == ["billing"] * 4  # bucket empty
    t[0] = 1.0
    cascade.predict([object()] * 4)
    assert slow.seen == [2, 2]


def test_token_bucket_refills_at_its_rate():
    t = [0.0]
    bucket = TokenBucket(10.0, burst=5.0, clock=lambda: t[0])
    assert bucket.take(8) == 5
    t[0] = 0.2
    assert bucket.take(8) == 2
    assert TokenBucket(None).take(1_000) == 1_000


def test_a_failing_slow_model_keeps_the_fast_answers():
    class Broken(_Slow):
        def predict_proba(self, analyses):
            raise RuntimeError("e5 down")

    out = CascadeClassifier(_Fast([0.1]), Broken()).predict([object()])
    assert out[0].category == "billing"


def test_pipeline_builds_the_cascade_from_real_artifacts(tmp_path):
    from vocradar.models.embedder import E5Embedder
    from vocradar.models.pipeline import RawMessage, ScoringPipeline

    lexicon = load_lexicon()
    analyzer = KiwiAnalyzer(user_dictionary=lexicon.user_dictionary_path)
    lines, labels, families = [], [], []
    for raw in DATA.read_bytes().splitlines():
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("label") and obj.get("meta", {}).get("split") == "train":
            lines.append(raw)
            labels.append(obj["label"]["category"])
            families.append(obj["meta"]["family"])
    analyses = [analyzer.analyze([parse_event(line)])[0] for line in lines]
    fast = LearnedClassifier(lexicon=lexicon, min_df=1, cv=3).fit(analyses, labels, families)
    slow = LearnedClassifier(lexicon=lexicon, min_df=1, cv=3, embedder=E5Embedder(num_threads=1))
    slow.fit(analyses, labels, families)
    fast.save(tmp_path / CLASSIFIER_FILE)
    slow.save(tmp_path / CASCADE_FILE)

    settings = Settings(
        _env_file=None, model_dir=tmp_path, cascade=True, cascade_threshold=1.0, cascade_max_per_s=None
    )
    pipeline = ScoringPipeline.build(settings)
    assert isinstance(pipeline.classifier, CascadeClassifier)
    raw = json.dumps(
        {
            "event_id": "x",
            "source": "ticket",
            "occurred_at": "2026-11-20T10:00:00+09:00",
            "text": "인터넷이 끊겨요",
        },
        ensure_ascii=False,
    ).encode()
    (item,) = pipeline.process([RawMessage(raw, "t:0")]).items
    assert item.prediction.category in CATEGORIES
    assert pipeline.classifier.cascaded == 1

    off = ScoringPipeline.build(Settings(_env_file=None, model_dir=tmp_path, cascade=False))
    assert isinstance(off.classifier, LearnedClassifier)


def test_train_writes_both_classifiers_and_keeps_the_e5_vectors(tmp_path):
    from vocradar.models.learned import load_cascade
    from vocradar.models.training import train

    settings = Settings(_env_file=None, model_dir=tmp_path / "out", cascade=True)
    cache = tmp_path / "teacher.npz"
    result = train(
        [DATA],
        tmp_path / "out",
        settings,
        embedding="e5-static",
        demo=0,
        reasons=False,
        evaluate_split=None,
        cascade=True,
        teacher_cache=cache,
        classifier_params={"min_df": 1, "cv": 3},
    )
    assert result.classifier_path.is_file() and (tmp_path / "out" / CASCADE_FILE).is_file()
    with np.load(cache) as z:
        assert 0 < len(z["texts"]) <= result.train_events and z["vectors"].shape[1] == 384
    fast = LearnedClassifier.load(result.classifier_path, lexicon=load_lexicon())
    assert isinstance(load_cascade(settings, load_lexicon(), fast), CascadeClassifier)
    train([DATA], tmp_path / "out", settings, demo=0, reasons=False, evaluate_split=None, cascade=False)
    assert not (tmp_path / "out" / CASCADE_FILE).exists()  # a model without a cascade leaves none behind
