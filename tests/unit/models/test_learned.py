"""The learned classifier on a small hand-labelled set: fit, calibrated probabilities, save/load,
unknown text, speaker weighting, the hybrid risk scorer's levels and the pipeline's fallback."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from vocradar.lexicons import load_lexicon
from vocradar.models.analyzer import KiwiAnalyzer
from vocradar.models.events import parse_event
from vocradar.models.learned import (
    CLASSIFIER_FILE,
    HybridRiskScorer,
    LearnedClassifier,
    ReasonModels,
    SpeakerTfidf,
    load_classifier,
)
from vocradar.models.types import CATEGORIES, CategoryPrediction, EventAnalysis, RiskAssessment, RiskContext
from vocradar.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "data" / "labelled_small.jsonl"


def _labelled(split: str) -> tuple[list[bytes], list[str], list[str]]:
    lines, labels, families = [], [], []
    for raw in DATA.read_bytes().splitlines():
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        label = obj.get("label")
        if not label or label.get("category") not in CATEGORIES or obj["meta"]["split"] != split:
            continue
        lines.append(raw)
        labels.append(label["category"])
        families.append(obj["meta"]["family"])
    return lines, labels, families


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def analyzer(lexicon) -> KiwiAnalyzer:
    return KiwiAnalyzer(user_dictionary=lexicon.user_dictionary_path)


def _analyse(analyzer: KiwiAnalyzer, items: list[bytes | dict]) -> list[EventAnalysis]:
    return [analyzer.analyze([parse_event(i)])[0] for i in items]


@pytest.fixture(scope="module")
def train_set(analyzer):
    lines, labels, families = _labelled("train")
    return _analyse(analyzer, lines), labels, families, lines


@pytest.fixture(scope="module")
def model(train_set, lexicon) -> LearnedClassifier:
    analyses, labels, families, lines = train_set
    return LearnedClassifier(lexicon=lexicon, min_df=1, cv=3).fit(
        analyses, labels, families, training_lines=lines
    )


def _text(text: str, source: str = "ticket") -> dict:
    return {"event_id": "x", "source": source, "occurred_at": "2026-11-20T10:00:00+09:00", "text": text}


def test_fit_sets_fitted_state_and_version(model, train_set):
    analyses, labels, _, _ = train_set
    assert set(model.classes_) == set(labels)
    assert model.version.startswith("learned-classifier/1+")
    assert model.training_["events"] == len(labels)
    assert model.training_["data_hash"] in model.version.replace("+", " ") or model.version.endswith(
        model.training_["data_hash"][:8]
    )
    # it learned its own training data
    assert np.mean([p == t for p, t in zip(model.predict_labels(analyses), labels, strict=True)]) >= 0.9


def test_probabilities_are_calibrated_distributions(model, analyzer):
    lines, _, _ = _labelled("test")
    analyses = _analyse(analyzer, lines)
    preds = model.predict(analyses)
    assert len(preds) == len(analyses)
    for p in preds:
        assert isinstance(p, CategoryPrediction)
        assert p.category in CATEGORIES
        assert set(p.scores) == set(CATEGORIES)
        assert sum(p.scores.values()) == pytest.approx(1.0, abs=1e-3)
        assert p.confidence == pytest.approx(max(p.scores.values()), abs=1e-4)
        assert 0.0 <= p.confidence <= 1.0
    proba = model.predict_proba(analyses)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.predict([]) == []


def test_held_out_items_mostly_right(model, analyzer):
    lines, labels, _ = _labelled("test")
    preds = model.predict_labels(_analyse(analyzer, lines))
    # 13 unseen, differently worded items with only 3 training examples per class
    assert sum(p == t for p, t in zip(preds, labels, strict=True)) >= len(labels) // 2


def test_unknown_text_gets_low_confidence(model, analyzer):
    clear, unknown = _analyse(
        analyzer,
        [_text("이번 달 요금이 이중으로 청구됐어요. 요금 폭탄이에요."), _text("qzv wprtk xjjq 7741")],
    )
    p_clear, p_unknown = model.predict([clear, unknown])
    assert p_clear.category == "billing"
    # nothing known in it: no complaint category is likely ('other' = none of the above)
    topical = {c: p for c, p in p_unknown.scores.items() if c not in ("other", "inquiry", "praise")}
    assert max(topical.values()) < 0.3
    assert p_unknown.category == "other" or p_unknown.confidence < 0.5
    assert p_unknown.confidence < p_clear.confidence


def test_save_load_round_trip(model, analyzer, lexicon, tmp_path):
    path = model.save(tmp_path / CLASSIFIER_FILE)
    loaded = LearnedClassifier.load(path, lexicon=lexicon)
    analyses = _analyse(analyzer, _labelled("test")[0])
    assert np.allclose(loaded.predict_proba(analyses), model.predict_proba(analyses))
    assert loaded.version == model.version
    assert loaded.training_ == model.training_


def test_load_refuses_other_files(tmp_path):
    import joblib

    joblib.dump({"something": 1}, tmp_path / "x.joblib")
    with pytest.raises(ValueError, match="not a VOC Radar classifier"):
        LearnedClassifier.load(tmp_path / "x.joblib")


def test_fit_validates_labels(train_set, lexicon):
    analyses, labels, _, _ = train_set
    with pytest.raises(ValueError, match="unknown categories"):
        LearnedClassifier(lexicon=lexicon).fit(analyses, ["nonsense"] * len(analyses))
    with pytest.raises(ValueError, match="labels"):
        LearnedClassifier(lexicon=lexicon).fit(analyses, labels[:-1])


def test_speaker_weights_and_system_turns(analyzer):
    call = {
        "event_id": "c",
        "source": "call",
        "occurred_at": "2026-11-20T10:00:00+09:00",
        "turns": [
            {"speaker": "system", "text": "본 통화는 녹음됩니다"},
            {"speaker": "agent", "text": "공유기 교체 도와드릴게요"},
            {"speaker": "customer", "text": "요금이 이상해요"},
        ],
    }
    (a,) = _analyse(analyzer, [call])
    vec = SpeakerTfidf("lemma", (1, 1), min_df=1)
    vec.fit([a])
    assert "녹음" not in vec.vocabulary_  # system turns never count
    terms = vec._terms(a)
    assert terms["요금"] == pytest.approx(1.0)
    assert terms["공유기"] == pytest.approx(0.35)
    channel = SpeakerTfidf("lemma", (1, 1), min_df=1, agent_channel=True)
    assert "@공유기" in channel._terms(a)
    chars = SpeakerTfidf("char", (2, 2), min_df=1).fit([a])
    assert "요금" in chars.vocabulary_


class _Const:
    """A fitted-logistic-regression look-alike that always says ``p``."""

    def __init__(self, p: float, n_features: int = 1) -> None:
        self.p = p
        self.coef_ = np.zeros((1, n_features))
        self.intercept_ = np.array([np.log(p / (1 - p))])

    def predict_proba(self, X):
        return np.tile([1 - self.p, self.p], (X.shape[0], 1))


class _LowScorer:
    version = "stub"

    def score(self, analysis, category, context):
        return RiskAssessment(0.1, "low", False, (), ())


class _Features:
    def transform(self, analyses):
        import scipy.sparse as sp

        return sp.csr_matrix(np.zeros((len(analyses), 1)))


def test_hybrid_scorer_keeps_the_level_rules(analyzer):
    (a,) = _analyse(analyzer, [_text("해지해 주세요")])
    cat = CategoryPrediction("cancellation", 0.9, {})
    settings = Settings(_env_file=None)
    models = ReasonModels({"agent_obstruction": _Const(0.9)}, {"agent_obstruction": 0.6}, {"data_hash": "x"})
    hybrid = HybridRiskScorer(_LowScorer(), models, _Features(), settings)  # type: ignore[arg-type]
    out = hybrid.score(a, cat, RiskContext())
    assert out.reasons == ("agent_obstruction",)
    assert out.level == "high" and out.alert
    assert settings.risk_high <= out.risk < settings.risk_critical

    both = ReasonModels(
        {"agent_obstruction": _Const(0.9), "publicity_threat": _Const(0.95)},
        {"agent_obstruction": 0.6, "publicity_threat": 0.6},
        {"data_hash": "x"},
    )
    out = HybridRiskScorer(_LowScorer(), both, _Features(), settings).score(a, cat, RiskContext())  # type: ignore[arg-type]
    assert out.level == "critical" and out.alert
    assert out.risk >= settings.risk_critical

    unsure = ReasonModels({"agent_obstruction": _Const(0.3)}, {"agent_obstruction": 0.6}, {"data_hash": "x"})
    out = HybridRiskScorer(_LowScorer(), unsure, _Features(), settings).score(a, cat, RiskContext())  # type: ignore[arg-type]
    assert out.level == "low" and not out.alert


class _LexiconLowScorer(_LowScorer):
    def __init__(self, lexicon) -> None:
        self.lexicon = lexicon


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("요금이 왜 이렇게 많이 나왔죠 진짜 화나네", False),
        ("요즘 스팸문자 하루에 20통은 오는듯ㅡㅡ 내 번호 어디서 유출된거임??", False),
        ("why is my bill $40 higher this month?? nobody told me about this fee. ridiculous", False),
        ("상담원이 비웃으면서 먼저 전화 끊음", True),
        ("매장 직원이 어머니한테 어차피 모르시잖아요 이러더라", True),
        ("the rep laughed at me and put me on hold again", True),
        ("she told me to stop wasting her time", True),
    ],
)
def test_learned_hostility_in_a_text_needs_an_employee(analyzer, lexicon, text, named):
    (a,) = _analyse(analyzer, [_text(text, source="tweet")])
    cat = CategoryPrediction("billing", 0.9, {})
    models = ReasonModels({"agent_hostility": _Const(0.9)}, {"agent_hostility": 0.5}, {"data_hash": "x"})
    scorer = HybridRiskScorer(_LexiconLowScorer(lexicon), models, _Features(), Settings(_env_file=None))  # type: ignore[arg-type]
    out = scorer.score(a, cat, RiskContext())
    assert ("agent_hostility" in out.reasons) is named
    assert out.alert is named


@pytest.mark.parametrize(
    ("text", "source", "taken"),
    [
        ("이 공유기 진짜 ㅅㅂ 하루에 열 번은 꺼짐", "tweet", False),
        ("상담원 ㅅㅂ 말귀를 못 알아먹네", "tweet", True),
        ("이 공유기 진짜 ㅅㅂ 하루에 열 번은 꺼짐", "ticket", True),
    ],
)
def test_learned_abuse_in_a_public_post_needs_a_worker(analyzer, lexicon, text, source, taken):
    (a,) = _analyse(analyzer, [_text(text, source=source)])
    cat = CategoryPrediction("device", 0.9, {})
    models = ReasonModels({"customer_abuse": _Const(0.9)}, {"customer_abuse": 0.5}, {"data_hash": "x"})
    scorer = HybridRiskScorer(_LexiconLowScorer(lexicon), models, _Features(), Settings(_env_file=None))  # type: ignore[arg-type]
    assert ("customer_abuse" in scorer.score(a, cat, RiskContext()).reasons) is taken


def test_pipeline_uses_the_artifact_or_falls_back(model, lexicon, tmp_path):
    from vocradar.models.classifier import LexiconClassifier
    from vocradar.models.pipeline import RawMessage, ScoringPipeline

    empty = Settings(_env_file=None, model_dir=tmp_path / "none")
    assert load_classifier(empty, lexicon) is None
    assert isinstance(ScoringPipeline.build(empty).classifier, LexiconClassifier)

    model.save(tmp_path / CLASSIFIER_FILE)
    settings = Settings(_env_file=None, model_dir=tmp_path)
    pipeline = ScoringPipeline.build(settings)
    assert isinstance(pipeline.classifier, LearnedClassifier)
    assert pipeline.model_version.startswith(model.version)
    lexicon_only = ScoringPipeline.build(Settings(_env_file=None, model_dir=tmp_path, classifier="lexicon"))
    assert isinstance(lexicon_only.classifier, LexiconClassifier)

    raw = json.dumps(_text("인터넷이 계속 끊겨요. 속도도 느려요.")).encode()
    (item,) = pipeline.process([RawMessage(raw, "t:0")]).items
    out = item.output()
    assert out["category"] in CATEGORIES
    assert 0 <= out["category_confidence"] <= 1


def test_hybrid_alert_gate_adds_the_likeliest_escalation_reason(analyzer):
    from vocradar.models.learned import base_row

    (a,) = _analyse(analyzer, [_text("이거 어떻게 된 거예요")])
    cat = CategoryPrediction("billing", 0.9, {})
    settings = Settings(_env_file=None)
    gate = _Const(0.9, 1 + len(base_row(RiskAssessment(0.0, "low", False, (), ()))))
    models = ReasonModels(
        {"publicity_threat": _Const(0.2), "agent_hostility": _Const(0.4)},
        {},  # no reason is confident enough on its own
        {"data_hash": "x"},
        alert_model=gate,
        alert_threshold=0.5,
    )
    out = HybridRiskScorer(_LowScorer(), models, _Features(), settings).score(a, cat, RiskContext())  # type: ignore[arg-type]
    assert out.reasons == ("agent_hostility",)
    assert out.level == "high" and out.alert
    models.alert_threshold = 0.95
    out = HybridRiskScorer(_LowScorer(), models, _Features(), settings).score(a, cat, RiskContext())  # type: ignore[arg-type]
    assert not out.alert and out.reasons == ()


def test_reason_models_fast_path_matches_sklearn():
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.random((40, 6)))
    y = rng.random(40) > 0.5
    lr = LogisticRegression().fit(X, y)
    base = RiskAssessment(0.1, "low", False, (), ())
    from vocradar.models.learned import base_row

    G = sp.hstack([X, sp.csr_matrix(np.tile(base_row(base), (40, 1)))]).tocsr()
    gate = LogisticRegression().fit(G, y)
    models = ReasonModels({"churn_intent": lr}, {}, {"data_hash": "x"}, alert_model=gate, alert_threshold=0.5)
    probas, partial = models.linear(X)
    slow = models.proba(X)
    assert [p["churn_intent"] for p in probas] == pytest.approx([p["churn_intent"] for p in slow])
    assert models.gate(float(partial[3]), base) == pytest.approx(models.alert_proba(X[3], base))
    # a gate trained on the text alone ignores the lexicon's assessment
    text_gate = LogisticRegression().fit(X, y)
    plain = ReasonModels(
        {}, {}, {"data_hash": "x"}, alert_model=text_gate, alert_threshold=0.5, gate_reads_lexicon=False
    )
    _, partial = plain.linear(X)
    high = RiskAssessment(0.8, "high", True, ("agent_hostility",), ())
    assert plain.gate(float(partial[3]), high) == pytest.approx(plain.alert_proba(X[3], base))
    assert plain.alert_proba(X[3], base) == pytest.approx(float(text_gate.predict_proba(X[3])[0, 1]))
