"""The learned complaint classifier (and, when the lexicon's alerts fall short, a learned alert layer).

:class:`LearnedClassifier` implements the :class:`~vocradar.models.types.Classifier` protocol
with a scikit-learn model over what the analyser already produced (nothing is re-tokenised):

``lemma``
    TF-IDF of Kiwi lemmas (unigrams and bigrams inside a unit), :class:`SpeakerTfidf`.
``char``
    TF-IDF of character 2-4-grams of each unit's ``compact`` text: robust to typos, missing
    spacing and words Kiwi splits oddly.
``lexicon``
    :class:`LexiconFeatures`: the lexicon classifier's per-category scores, the reason cue
    weights found per speaker, anger and sarcasm, and a few shape features.
``embedding`` (optional)
    :class:`EmbeddingFeatures`: a sentence embedding of the customer's words
    (:mod:`vocradar.models.embedder`); off unless it measurably helps.

Every unit counts by who produced it (:data:`ROLE_WEIGHTS`: the customer fully, an agent's
note almost fully, agent turns less, system turns not at all), so an agent reading out the
retention script does not outweigh what the customer asked for. The linear model (a
class-balanced logistic regression) is wrapped in :class:`~sklearn.calibration.CalibratedClassifierCV`
with temperature scaling fitted on *family-grouped* cross-validation folds, so that
``category_confidence`` is calibrated for text unlike the training templates, not for
near-duplicates of them.

Artifacts are written by :meth:`LearnedClassifier.save` (joblib) together with the hash of the
training data, the lexicon hash and the library versions, and read back by
:meth:`LearnedClassifier.load`; :func:`load_classifier` is what :class:`ScoringPipeline` uses.
"""

from __future__ import annotations

import hashlib
import logging
import math
import platform
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from vocradar.lexicons import CUE_REASONS, Lexicon, load_lexicon, role_of
from vocradar.models.risk import ESCALATION_REASONS, reasons_level, risk_band, sort_reasons
from vocradar.models.types import (
    CATEGORIES,
    LEVELS,
    REASONS,
    CategoryPrediction,
    EventAnalysis,
    Level,
    RiskAssessment,
    RiskContext,
    RiskScorer,
)

if TYPE_CHECKING:
    from vocradar.settings import Settings

__all__ = [
    "ARTIFACTS_DIR",
    "CASCADE_FILE",
    "CLASSIFIER_FILE",
    "REASON_FILE",
    "ROLE_WEIGHTS",
    "EmbeddingFeatures",
    "HybridRiskScorer",
    "LearnedClassifier",
    "LexiconFeatures",
    "ReasonModels",
    "SpeakerTfidf",
    "base_row",
    "customer_text",
    "data_hash",
    "fit_reason_models",
    "load_cascade",
    "load_classifier",
    "load_reason_models",
]

log = logging.getLogger(__name__)

#: Where ``vocradar train`` writes, and the pipeline looks, by default.
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
CLASSIFIER_FILE = "classifier.joblib"
#: The slow classifier of the cascade (over multilingual-e5), see :mod:`vocradar.models.cascade`.
CASCADE_FILE = "classifier_e5.joblib"
REASON_FILE = "reasons.joblib"
#: How much a unit counts, by who produced it (system turns: never).
ROLE_WEIGHTS: dict[str, float] = {"customer": 1.0, "note": 0.9, "agent": 0.35}

_VERSION = "learned-classifier/1"
_FORMAT = 1
_QUESTION = re.compile(
    r"[?？]|나요|까요|ㄹ까|는지|을지|ㄴ가요|습니까|할래|어떻게|어떤|언제|얼마|몇"
    r"|how|what|when|which|can i|is there"
)


def data_hash(lines: Iterable[bytes]) -> str:
    """A short, order-independent hash of training lines (what the model was trained on)."""
    h = hashlib.sha256()
    for digest in sorted(hashlib.sha256(line).digest() for line in lines):
        h.update(digest)
    return h.hexdigest()[:16]


def _same(term: str) -> str:
    return term


def _units(analysis: EventAnalysis, role_weights: Mapping[str, float]) -> Iterable[tuple[str, float, Any]]:
    """(role, weight, unit) of the units that count."""
    source = analysis.event.source
    for unit in analysis.units:
        role = role_of(source, unit.speaker)
        weight = role_weights.get(role, 0.0) if role is not None else 0.0
        if weight > 0:
            yield role or "", weight, unit


def customer_text(analysis: EventAnalysis, max_chars: int = 2_000) -> str:
    """The customer's own words (customer turns, or the body of a customer-written text).

    For an agent's note it is the note; for a transcript without customer turns, everything
    said. Used by the sentence embedder, which should read what the customer wants.
    """
    source = analysis.event.source
    parts = [u.text for u in analysis.units if role_of(source, u.speaker) in ("customer", "note")]
    if not parts:
        parts = [u.text for u in analysis.units if u.speaker != "system"]
    return " ".join(parts)[:max_chars]


# ------------------------------------------------------------------------------------------
# features


class SpeakerTfidf(BaseEstimator, TransformerMixin):
    """TF-IDF over the analysed units, each unit's terms counted by the weight of its speaker.

    Parameters
    ----------
    kind
        ``lemma``: Kiwi lemmas (n-grams inside a unit); ``char``: character n-grams of the
        unit's spacing-free ``compact`` text.
    ngram_range
        Smallest and largest n.
    role_weights
        Weight of a unit by role (``customer``, ``note``, ``agent``); default :data:`ROLE_WEIGHTS`.
    min_df
        Terms in fewer training events are dropped (rare template tokens, names, numbers).
    min_groups
        Terms seen in fewer template families (``groups`` given to :meth:`fit`) are dropped:
        wording one writer used in one situation does not generalise to other customers.
    max_features
        Keep at most this many terms (highest document frequency first); None: all.
    agent_channel
        Also emit agent-turn terms under their own ``@`` prefix, so the model can tell a term
        the agent used from one the customer used.

    Attributes
    ----------
    vocabulary_ : dict[str, int]
    idf_ : numpy.ndarray
    """

    def __init__(
        self,
        kind: str = "lemma",
        ngram_range: tuple[int, int] = (1, 2),
        role_weights: Mapping[str, float] | None = None,
        min_df: int = 2,
        max_features: int | None = None,
        agent_channel: bool = False,
        min_groups: int = 1,
    ) -> None:
        self.kind = kind
        self.ngram_range = ngram_range
        self.role_weights = role_weights
        self.min_df = min_df
        self.min_groups = min_groups
        self.max_features = max_features
        self.agent_channel = agent_channel

    def _unit_terms(self, unit: Any) -> list[str]:
        lo, hi = self.ngram_range
        terms: list[str] = []
        if self.kind == "char":
            text = unit.compact
            for n in range(lo, hi + 1):
                terms += [text[i : i + n] for i in range(len(text) - n + 1)]
        elif self.kind == "lemma":
            toks = unit.lemmas
            for n in range(lo, hi + 1):
                terms += [" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)]
        else:
            raise ValueError(f"kind must be 'lemma' or 'char', got {self.kind!r}")
        return terms

    def _terms(self, analysis: EventAnalysis, column: Callable[[str], Any] | None = None) -> dict[Any, float]:
        """Speaker-weighted term counts of ``analysis`` (agent terms also as ``@term`` with the
        agent channel); with ``column`` (the fitted vocabulary's lookup), by column and only the
        vocabulary's terms: the same sums, in the same order."""
        weights = ROLE_WEIGHTS if self.role_weights is None else self.role_weights
        key = column or _same
        out: dict[Any, float] = {}
        get = out.get
        for role, weight, unit in _units(analysis, weights):
            agent = self.agent_channel and role == "agent"
            for term in self._unit_terms(unit):
                j = key(term)
                if j is not None:
                    out[j] = get(j, 0.0) + weight
                if agent:
                    j = key("@" + term)
                    if j is not None:
                        out[j] = get(j, 0.0) + 1.0
        return out

    def _fit_docs(self, docs: Sequence[dict[str, float]], groups: Sequence[str] | None = None) -> None:
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        terms = [t for t, n in df.items() if n >= self.min_df]
        if groups is not None and self.min_groups > 1:
            seen: dict[str, set[str]] = {}
            for d, g in zip(docs, groups, strict=True):
                for t in d:
                    seen.setdefault(t, set()).add(g)
            terms = [t for t in terms if len(seen[t]) >= self.min_groups]
        if self.max_features is not None and len(terms) > self.max_features:
            terms = sorted(terms, key=lambda t: (-df[t], t))[: self.max_features]
        terms.sort()
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        n = len(docs)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)

    def _columns(self, docs: Sequence[dict[str, float]]) -> list[dict[int, float]]:
        column = self.vocabulary_.get
        return [{j: v for j, v in ((column(t), v) for t, v in d.items()) if j is not None} for d in docs]

    def _matrix(self, docs: Sequence[dict[int, float]]) -> sp.csr_matrix:
        vocab = self.vocabulary_
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        log1p = math.log1p
        for d in docs:
            indices += d.keys()
            # sublinear tf that stays >= 0 for fractional (speaker-weighted) counts
            values += [log1p(count) for count in d.values()]
            indptr.append(len(indices))
        m = sp.csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(docs), len(vocab)),
        )
        m = m.multiply(self.idf_).tocsr()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ m)

    def fit(
        self, X: Sequence[EventAnalysis], y: Any = None, groups: Sequence[str] | None = None
    ) -> SpeakerTfidf:
        self._fit_docs([self._terms(a) for a in X], groups)
        return self

    def fit_transform(
        self, X: Sequence[EventAnalysis], y: Any = None, groups: Sequence[str] | None = None, **_: Any
    ) -> sp.csr_matrix:
        docs = [self._terms(a) for a in X]
        self._fit_docs(docs, groups)
        return self._matrix(self._columns(docs))

    def transform(self, X: Sequence[EventAnalysis]) -> sp.csr_matrix:
        column = self.vocabulary_.get
        return self._matrix([self._terms(a, column) for a in X])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        names = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return np.asarray([f"{self.kind}:{t}" for t in names], dtype=object)


_LOOP_FEATURES = ("loop:requests", "loop:deflections", "loop:both", "loop:reported")


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Dense features from the reviewed lexicon: what the rules already know, as numbers.

    Per event: the :class:`~vocradar.models.classifier.LexiconClassifier` probability of each
    category; for each text reason, the summed weight of its cues said by the customer (or
    written in a note) and by the agent, log-compressed, as the risk scorer reads them (on the
    normalised text, negated and hedged cues left out); anger and sarcasm; the share of
    customer units that ask a question; the log length of the customer's words; and the
    obstruction loop (:class:`~vocradar.models.features.ObstructionLoop`: how often the
    customer asked, the agent deflected, both, and how strongly blocking was reported).

    Parameters
    ----------
    lexicon
        The loaded lexicon. Not saved with a model: :meth:`LearnedClassifier.load` attaches
        the process's lexicon (the packaged one when None).
    role_weights
        Weight of a unit by role, as in :class:`SpeakerTfidf`.
    """

    def __init__(
        self, lexicon: Lexicon | None = None, role_weights: Mapping[str, float] | None = None
    ) -> None:
        self.lexicon = lexicon
        self.role_weights = role_weights
        self._classifier: Any = None
        self._extractor: Any = None

    # the lexicon is process state (compiled patterns), not model state
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["lexicon"] = None
        state["_classifier"] = None
        state["_extractor"] = None
        return state

    def _features(self, analysis: EventAnalysis) -> Any:
        """The conversation features of ``analysis`` (the risk scorer's reading, shared)."""
        from vocradar.models.features import FeatureExtractor

        extractor = getattr(self, "_extractor", None)
        if extractor is None or extractor.lexicon is not self._lex():
            extractor = self._extractor = FeatureExtractor(self._lex())
        return extractor.extract(analysis)

    @staticmethod
    def _loop(features: Any) -> list[float]:
        """The 해지 방어 loop as numbers: requests, deflections, reported blocking (log-compressed)."""
        loop = features.loop
        return [
            math.log1p(loop.request_count),
            math.log1p(loop.deflection_count),
            math.log1p(min(loop.request_count, loop.deflection_count)),
            math.log1p(loop.report_weight),
        ]

    def _lex(self) -> Lexicon:
        if self.lexicon is None:
            self.lexicon = load_lexicon()
        return self.lexicon

    def _clf(self) -> Any:
        if self._classifier is None or self._classifier.lexicon is not self._lex():
            from vocradar.models.classifier import LexiconClassifier

            self._classifier = LexiconClassifier(self._lex())
        return self._classifier

    def feature_names(self) -> list[str]:
        names = [f"lex:{c}" for c in CATEGORIES]
        for r in CUE_REASONS:
            names += [f"cue:{r}:customer", f"cue:{r}:agent"]
        return [*names, "anger", "sarcasm", "question_share", "log_chars", *_LOOP_FEATURES]

    def _row(self, analysis: EventAnalysis) -> list[float]:
        pred = self._clf().predict_one(analysis)
        row = [float(pred.scores.get(c, 0.0)) for c in CATEGORIES]
        cues = {r: [0.0, 0.0] for r in CUE_REASONS}
        anger = sarcasm = 0.0
        questions = asked = 0
        chars = 0
        weights = ROLE_WEIGHTS if self.role_weights is None else self.role_weights
        # the cues as the risk scorer reads them: on the normalised text, without the negated or
        # hedged ones ("안 올릴 거예요", "not rude"), with employee cues quoted by the customer
        features = self._features(analysis)
        for unit, signals in zip(analysis.units, features.units, strict=True):
            role = signals.role
            weight = weights.get(role, 0.0) if role is not None else 0.0
            if role is None or weight <= 0:
                continue
            side = 1 if role == "agent" else 0
            said: dict[str, set[Any]] = {}
            for m in signals.matches:
                # a turned-down offer ("아니요") is a request only inside the loop, and a granted
                # request is no sign of blocking: neither is a cue here
                if m.cue.role not in ("insist", "grant"):
                    said.setdefault(m.reason, set()).add(m.cue)
            for reason, found in said.items():
                if reason in cues:
                    cues[reason][side] += sum(c.weight for c in found)
            if "anger" in said:
                anger += weight * sum(c.weight for c in said["anger"])
            if role != "agent":
                if "sarcasm" in said:
                    sarcasm = 1.0
                asked += 1
                questions += bool(_QUESTION.search(unit.compact))
                chars += len(unit.compact)
        for r in CUE_REASONS:
            row += [math.log1p(cues[r][0]), math.log1p(cues[r][1])]
        share = questions / asked if asked else 0.0
        return [*row, math.log1p(anger), sarcasm, share, math.log1p(chars) / 8, *self._loop(features)]

    def fit(self, X: Sequence[EventAnalysis], y: Any = None, **_: Any) -> LexiconFeatures:
        self.n_features_out_ = len(self.feature_names())
        return self

    def transform(self, X: Sequence[EventAnalysis]) -> sp.csr_matrix:
        rows = [self._row(a) for a in X]
        return sp.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(rows), -1))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(self.feature_names(), dtype=object)


class EmbeddingFeatures(BaseEstimator, TransformerMixin):
    """A sentence embedding of the customer's words (:func:`customer_text`), L2-normalised.

    Parameters
    ----------
    embedder
        An object with ``encode(list[str]) -> ndarray`` and a ``spec`` string
        (:mod:`vocradar.models.embedder`). Saved with the model only when it says it can be
        (``embedder.picklable``); otherwise :meth:`LearnedClassifier.load` rebuilds it from ``spec``.
    """

    def __init__(self, embedder: Any = None) -> None:
        self.embedder = embedder

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        emb = state.get("embedder")
        if emb is not None and not getattr(emb, "picklable", False):
            state["embedder"] = None
            state["spec_"] = getattr(emb, "spec", None)
        return state

    def fit(self, X: Sequence[EventAnalysis], y: Any = None, **_: Any) -> EmbeddingFeatures:
        self.spec_ = getattr(self.embedder, "spec", None)
        return self

    def transform(self, X: Sequence[EventAnalysis]) -> sp.csr_matrix:
        if self.embedder is None:
            raise RuntimeError(f"embedder {getattr(self, 'spec_', None)!r} is not loaded")
        vectors = np.asarray(self.embedder.encode([customer_text(a) for a in X]), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return sp.csr_matrix(vectors / norms)


# ------------------------------------------------------------------------------------------
# the classifier


def _cv_splits(
    y: np.ndarray, groups: Sequence[str] | None, n_splits: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Calibration folds: grouped by family when every fold can still see every class."""
    counts = Counter(y.tolist())
    n_splits = max(2, min(n_splits, min(counts.values())))
    if groups is not None:
        per_class = {c: len({g for g, yy in zip(groups, y, strict=True) if yy == c}) for c in counts}
        k = min(n_splits, min(per_class.values()))
        if k >= 2:
            splits = list(StratifiedGroupKFold(k, shuffle=True, random_state=seed).split(y, y, groups))
            classes = set(counts)
            if all(set(y[tr].tolist()) == classes for tr, _ in splits):
                return splits
        log.warning("calibration folds are not grouped by family (too few families per class)")
    return list(StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(y, y))


class LearnedClassifier(BaseEstimator, ClassifierMixin):
    """Calibrated linear classifier of the complaint category over lemma, character and lexicon features.

    Parameters
    ----------
    C
        Inverse regularisation of the logistic regression.
    lemma_ngram, char_ngram
        N-gram ranges of the lemma and character TF-IDF blocks.
    min_df
        Minimum document frequency of a TF-IDF term.
    min_groups
        Minimum number of template families a TF-IDF term occurs in (with ``groups``).
    role_weights
        Weight of a unit's terms by role; default :data:`ROLE_WEIGHTS`.
    agent_channel
        Agent-turn terms also get their own features (see :class:`SpeakerTfidf`).
    use_lexicon
        Add :class:`LexiconFeatures`.
    block_weights
        Multipliers of the feature blocks (``lemma`` 1, ``char`` 0.5, ``lexicon`` 1, ``embedding`` 1
        unless given).
    embedder
        Optional sentence embedder (:mod:`vocradar.models.embedder`); None: no embedding block.
    calibration
        ``temperature`` (one temperature for all classes; keeps the argmax), ``sigmoid`` or
        ``isotonic``.
    cv
        Calibration folds (grouped by template family when ``groups`` are given to :meth:`fit`).
    class_weight
        Passed to the logistic regression (``balanced`` favours macro-F1).
    lexicon
        The process's lexicon for :class:`LexiconFeatures` (the packaged one when None).
    random_state
        Seed of the calibration folds.

    Attributes
    ----------
    version : str
        ``learned-classifier/1+<training-data hash>``.
    model_ : sklearn.pipeline.Pipeline
        Features, then the calibrated logistic regression.
    classes_ : numpy.ndarray
        Category codes the model knows.
    training_ : dict
        What the model was trained on: data hash, event count, class counts, lexicon hash,
        library versions, time.
    """

    def __init__(
        self,
        *,
        C: float = 8.0,
        lemma_ngram: tuple[int, int] = (1, 2),
        char_ngram: tuple[int, int] = (2, 4),
        min_df: int = 2,
        min_groups: int = 2,
        role_weights: Mapping[str, float] | None = None,
        agent_channel: bool = False,
        use_lexicon: bool = True,
        block_weights: Mapping[str, float] | None = None,
        embedder: Any = None,
        calibration: str = "temperature",
        cv: int = 5,
        class_weight: str | None = "balanced",
        lexicon: Lexicon | None = None,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.lemma_ngram = lemma_ngram
        self.char_ngram = char_ngram
        self.min_df = min_df
        self.min_groups = min_groups
        self.role_weights = role_weights
        self.agent_channel = agent_channel
        self.use_lexicon = use_lexicon
        self.block_weights = block_weights
        self.embedder = embedder
        self.calibration = calibration
        self.cv = cv
        self.class_weight = class_weight
        self.lexicon = lexicon
        self.random_state = random_state
        self.version = _VERSION

    def __getstate__(self) -> dict[str, Any]:
        # the lexicon is process state (compiled patterns): attach() gives it back after load
        state = dict(super().__getstate__())
        state["lexicon"] = None
        state.pop("_last", None)
        if self.embedder is not None and not getattr(self.embedder, "picklable", False):
            state["embedder"] = None
        return state

    def _features(self) -> FeatureUnion:
        blocks: list[tuple[str, Any]] = [
            (
                "lemma",
                SpeakerTfidf(
                    "lemma",
                    self.lemma_ngram,
                    self.role_weights,
                    self.min_df,
                    None,
                    self.agent_channel,
                    self.min_groups,
                ),
            ),
            (
                "char",
                SpeakerTfidf(
                    "char",
                    self.char_ngram,
                    self.role_weights,
                    self.min_df,
                    200_000,
                    self.agent_channel,
                    self.min_groups,
                ),
            ),
        ]
        if self.use_lexicon:
            blocks.append(("lexicon", LexiconFeatures(self.lexicon, self.role_weights)))
        if self.embedder is not None:
            blocks.append(("embedding", EmbeddingFeatures(self.embedder)))
        weights = {"lemma": 1.0, "char": 0.5, "lexicon": 1.0, "embedding": 1.0}
        weights.update(self.block_weights or {})
        return FeatureUnion(blocks, transformer_weights={n: weights[n] for n, _ in blocks})

    def fit(
        self,
        X: Sequence[EventAnalysis],
        y: Sequence[str],
        groups: Sequence[str] | None = None,
        *,
        sample_weight: Sequence[float] | None = None,
        training_lines: Sequence[bytes] | None = None,
    ) -> LearnedClassifier:
        """Fit the features and the calibrated model.

        Parameters
        ----------
        X
            Analysed events.
        y
            Their category codes.
        groups
            Template family of each event: calibration folds never split a family, and TF-IDF
            terms must occur in ``min_groups`` families.
        sample_weight
            Weight of each event in the logistic regression (e.g. less for auxiliary data).
        training_lines
            The raw lines the events came from, for the recorded data hash.
        """
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(X):
            raise ValueError(f"{len(X)} events but {len(labels)} labels")
        unknown = set(labels.tolist()) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories: {sorted(unknown)}")
        if len(set(labels.tolist())) < 2:
            raise ValueError("need at least two categories to learn from")
        splits = _cv_splits(labels, groups, self.cv, self.random_state)
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        calibrated = CalibratedClassifierCV(base, method=self.calibration, cv=splits, ensemble=False)
        self.model_ = Pipeline([("features", self._features()), ("clf", calibrated)])
        params: dict[str, Any] = {}
        if groups is not None:
            params["features__groups"] = list(groups)
        if sample_weight is not None:
            params["clf__sample_weight"] = np.asarray(sample_weight, dtype=np.float64)
        self.model_.fit(list(X), labels, **params)
        self.classes_ = np.asarray(self.model_.classes_)
        lexicon = self.lexicon
        digest = data_hash(training_lines) if training_lines is not None else _analysis_hash(X, labels)
        self.training_ = {
            "data_hash": digest,
            "events": len(labels),
            "classes": dict(sorted(Counter(labels.tolist()).items())),
            "families": len(set(groups)) if groups is not None else None,
            "lexicon_hash": lexicon.hash if lexicon is not None else None,
            "embedder": getattr(self.embedder, "spec", None),
            "sklearn": sklearn.__version__,
            "python": platform.python_version(),
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.version = f"{_VERSION}+{digest[:8]}"
        return self

    def transform(self, X: Sequence[EventAnalysis]) -> sp.csr_matrix:
        """The feature rows of ``X``.

        The rows of the last batch are kept (by object identity), so the learned reason models
        of :class:`HybridRiskScorer`, which score one event at a time right after the batch was
        classified, reuse them instead of computing the features again.
        """
        cache = getattr(self, "_last", None)
        if cache is not None:
            batch, rows, matrix = cache
            hit = [rows.get(id(a)) for a in X]
            if all(h is not None for h in hit) and all(batch[h] is a for h, a in zip(hit, X, strict=True)):
                return sp.csr_matrix(matrix[hit])
        matrix = sp.csr_matrix(self.model_.named_steps["features"].transform(list(X)))
        self._last = (list(X), {id(a): i for i, a in enumerate(X)}, matrix)
        return matrix

    def predict_proba(self, X: Sequence[EventAnalysis]) -> np.ndarray:
        """Calibrated probability of each class in :attr:`classes_`, one row per event."""
        if not X:
            return np.zeros((0, len(self.classes_)))
        return np.asarray(self.model_.named_steps["clf"].predict_proba(self.transform(X)))

    def predict(self, analyses: Sequence[EventAnalysis]) -> list[CategoryPrediction]:
        """One :class:`CategoryPrediction` per event (the Classifier protocol)."""
        proba = self.predict_proba(analyses)
        classes = [str(c) for c in self.classes_]
        best = np.argmax(proba, axis=1).tolist() if len(proba) else []
        out = []
        for row, b in zip(proba.tolist(), best, strict=True):
            rounded = [round(p, 4) for p in row]
            scores = dict.fromkeys(CATEGORIES, 0.0)
            scores.update(zip(classes, rounded, strict=True))
            out.append(CategoryPrediction(classes[b], rounded[b], scores))
        return out

    def predict_labels(self, analyses: Sequence[EventAnalysis]) -> list[str]:
        """Just the category codes."""
        return [p.category for p in self.predict(analyses)]

    # --------------------------------------------------------------------------------------
    def share_extractor(self, extractor: Any) -> None:
        """Read the loop features with ``extractor`` (the risk scorer's), so an event is read once."""
        features: FeatureUnion = self.model_.named_steps["features"]
        for name, block in features.transformer_list:
            if name == "lexicon" and extractor.lexicon is block._lex():
                block._extractor = extractor

    def attach(self, lexicon: Lexicon | None = None, embedder: Any = None) -> None:
        """Give a loaded model the process's lexicon (and embedder, when it was not saved)."""
        self.lexicon = lexicon
        features: FeatureUnion = self.model_.named_steps["features"]
        for name, block in features.transformer_list:
            if name == "lexicon":
                block.lexicon = lexicon
                block._classifier = None
            elif name == "embedding" and block.embedder is None:
                if embedder is None:
                    from vocradar.models.embedder import load_embedder

                    embedder = load_embedder(getattr(block, "spec_", None) or "none")
                block.embedder = embedder
                self.embedder = embedder

    def save(self, path: Path) -> Path:
        """Write the fitted model with its training record (joblib, compressed)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "format": _FORMAT,
                "kind": "classifier",
                "version": self.version,
                "training": self.training_,
                "model": self,
            },
            path,
            compress=3,
        )
        return path

    @classmethod
    def load(cls, path: Path, lexicon: Lexicon | None = None, embedder: Any = None) -> LearnedClassifier:
        """Read a model written by :meth:`save` and attach the process's lexicon."""
        blob = joblib.load(Path(path))
        if not isinstance(blob, dict) or blob.get("format") != _FORMAT or blob.get("kind") != "classifier":
            raise ValueError(f"{path}: not a VOC Radar classifier artifact (format {_FORMAT})")
        model: LearnedClassifier = blob["model"]
        trained = model.training_.get("lexicon_hash")
        if lexicon is not None and trained and trained != lexicon.hash:
            log.warning(
                "classifier %s was trained with lexicon %s, this process has %s: retrain (vocradar train)",
                model.version,
                trained,
                lexicon.hash,
            )
        model.attach(lexicon, embedder)
        return model


def _analysis_hash(X: Sequence[EventAnalysis], labels: np.ndarray) -> str:
    return data_hash(
        f"{a.event.event_id}\t{lab}\t{' '.join(u.text for u in a.units)}".encode()
        for a, lab in zip(X, labels, strict=True)
    )


# ------------------------------------------------------------------------------------------
# learned reasons on top of the lexicon risk scorer

# A reason without a threshold of its own (too few families to set one) needs this to be named by the gate.
_GATE_REASON_FLOOR = 0.6
#: Text reasons a learned model may add.
LEARNED_REASONS: tuple[str, ...] = (
    "publicity_threat",
    "regulator_threat",
    "agent_obstruction",
    "agent_hostility",
    "customer_abuse",
    "churn_intent",
)


def base_row(assessment: RiskAssessment) -> list[float]:
    """What the lexicon scorer concluded, as features of the alert gate: level and reasons."""
    return [float(assessment.level == lv) for lv in LEVELS] + [
        float(r in assessment.reasons) for r in REASONS
    ]


@dataclass
class ReasonModels:
    """Learned reason models and the alert gate, over the classifier's features.

    Attributes
    ----------
    models
        Reason code -> fitted binary classifier (``predict_proba``) on the classifier's features.
    thresholds
        Reason code -> probability from which the reason is added on its own (reasons without a
        threshold are only used to explain the gate).
    alert_model
        Binary classifier of "this event should alert" on the classifier's features (plus
        :func:`base_row` of the lexicon's assessment when ``gate_reads_lexicon``); None: no gate.
    alert_threshold
        Probability from which the gate raises an event the lexicon left below ``high``.
    training
        The training record; its ``data_hash`` must be the classifier's.
    version
        ``learned-reasons/1+<training-data hash>``.
    gate_reads_lexicon
        Whether the gate also reads the lexicon's assessment. :func:`fit_reason_models` trains it
        on the text alone: on the families the lexicon's cues were written from, the lexicon is
        nearly always right, and a gate that reads it learns to trust it where, on new wording,
        it misses.
    """

    models: dict[str, Any]
    thresholds: dict[str, float]
    training: dict[str, Any]
    version: str = "learned-reasons/1"
    alert_model: Any = None
    alert_threshold: float = 1.01
    gate_reads_lexicon: bool = True

    def proba(self, X: Any) -> list[dict[str, float]]:
        """Probability of each reason per row of the feature matrix ``X``."""
        if X.shape[0] == 0:
            return []
        cols = {r: m.predict_proba(X)[:, 1] for r, m in self.models.items()}
        return [{r: float(cols[r][i]) for r in cols} for i in range(X.shape[0])]

    def alert_proba(self, X: Any, assessment: RiskAssessment) -> float:
        """Probability that the event of the one-row ``X`` should alert (0 without a gate)."""
        if self.alert_model is None:
            return 0.0
        row = X
        if self.gate_reads_lexicon:
            row = sp.hstack([X, sp.csr_matrix(np.asarray([base_row(assessment)]))]).tocsr()
        return float(self.alert_model.predict_proba(row)[0, 1])

    def linear(self, X: Any) -> tuple[list[dict[str, float]], np.ndarray]:
        """Batch fast path for logistic models: reason probabilities and the gate's partial logit.

        The gate's logit is completed per event by :meth:`gate` once the lexicon's assessment
        is known. Equal to :meth:`proba` / :meth:`alert_proba` for ``LogisticRegression`` models.
        """
        names = list(self.models)
        n = X.shape[0]
        if names:
            W = np.column_stack([np.ravel(self.models[r].coef_) for r in names])
            b = np.asarray([float(np.ravel(self.models[r].intercept_)[0]) for r in names])
            P = 1.0 / (1.0 + np.exp(-(np.asarray(X @ W) + b)))
        else:
            P = np.zeros((n, 0))
        probas = [{r: float(P[i, j]) for j, r in enumerate(names)} for i in range(n)]
        if self.alert_model is None:
            return probas, np.full(n, -np.inf)
        coef = np.ravel(self.alert_model.coef_)
        partial = np.asarray(X @ coef[: X.shape[1]]).ravel() + float(np.ravel(self.alert_model.intercept_)[0])
        return probas, partial

    def gate(self, partial_logit: float, assessment: RiskAssessment) -> float:
        """Complete the gate's logit with the lexicon's assessment; its probability."""
        if self.alert_model is None or not np.isfinite(partial_logit):
            return 0.0
        z = partial_logit
        if self.gate_reads_lexicon:
            coef = np.ravel(self.alert_model.coef_)
            tail = coef[len(coef) - len(LEVELS) - len(REASONS) :]
            z += float(np.dot(tail, base_row(assessment)))
        return float(1.0 / (1.0 + math.exp(-z)))

    def save(self, path: Path) -> Path:
        """Write the models (joblib)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = {"format": _FORMAT, "kind": "reasons", "version": self.version, "model": self}
        joblib.dump(blob, path, compress=3)
        return path

    @classmethod
    def load(cls, path: Path) -> ReasonModels:
        """Read models written by :meth:`save`."""
        blob = joblib.load(Path(path))
        if not isinstance(blob, dict) or blob.get("format") != _FORMAT or blob.get("kind") != "reasons":
            raise ValueError(f"{path}: not a VOC Radar reason-model artifact")
        model: ReasonModels = blob["model"]
        return model


def _lowest_threshold(
    proba: np.ndarray, y: np.ndarray, eligible: np.ndarray, target: float, floor: float
) -> float | None:
    """The lowest threshold at which the eligible events above it are right ``target`` of the time."""
    for t in np.arange(floor, 0.96, 0.025):
        add = eligible & (proba >= t)
        if add.sum() >= 3 and y[add].mean() >= target:
            return round(float(t), 3)
    return None


def fit_reason_models(
    classifier: LearnedClassifier,
    analyses: Sequence[EventAnalysis],
    labels: Sequence[Any],
    base: Sequence[RiskAssessment],
    *,
    lines: Sequence[bytes] | None = None,
    reason_precision: float = 0.7,
    alert_precision: float = 0.78,
    floor: float = 0.3,
    gate_floor: float = 0.1,
    min_support: int = 8,
    C: float = 4.0,
) -> ReasonModels | None:
    """Per-reason models and the alert gate, thresholds set on family-grouped out-of-fold predictions.

    A reason's threshold is the lowest probability (from ``floor``) at which the model alone is
    right ``reason_precision`` of the time out of fold. It is not judged only on the events the
    lexicon missed: the lexicon's cues were written while reading these families, so what it
    leaves to the model here understates what it leaves on wording it has not seen. The gate reads
    the text alone (see :attr:`ReasonModels.gate_reads_lexicon`); its threshold is the lowest
    (from ``gate_floor``) at which the alerts it would add keep the overall alert precision at
    ``alert_precision``. Only the
    corpus families count when thresholds are chosen (auxiliary ``demo:`` events train the models
    but are not judged).

    Parameters
    ----------
    labels
        Objects with ``reasons``, ``alert`` and ``family`` (:class:`~vocradar.models.training.Label`).
    base
        The lexicon scorer's assessment of each event.
    """
    from sklearn.model_selection import cross_val_predict

    X = classifier.transform(analyses)
    groups = [lab.family for lab in labels]
    judged = np.asarray([not g.startswith("demo:") for g in groups])
    models: dict[str, Any] = {}
    thresholds: dict[str, float] = {}
    folds = StratifiedGroupKFold(n_splits=min(5, len(set(groups))), shuffle=True, random_state=0)

    def oof_and_fit(F: Any, y: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, Any] | None:
        g = [groups[i] for i in rows]
        splits = [(tr, te) for tr, te in folds.split(F[rows], y, g) if 0 < y[tr].sum() < len(tr)]
        if len(splits) < folds.get_n_splits() or len({gg for gg, v in zip(g, y, strict=True) if v}) < 3:
            return None  # too few families with the label to judge a model on unseen ones
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        oof = cross_val_predict(lr, F[rows], y, cv=splits, method="predict_proba")[:, 1]
        return oof, lr.fit(F[rows], y)

    everyone = np.arange(len(labels))
    for reason in LEARNED_REASONS:
        y = np.asarray([reason in lab.reasons for lab in labels])
        if y.sum() < min_support or (~y).sum() < min_support:
            continue
        fitted = oof_and_fit(X, y, everyone)
        if fitted is None:
            continue
        oof, models[reason] = fitted
        t = _lowest_threshold(oof, y, judged, reason_precision, floor)
        if t is not None:
            thresholds[reason] = t

    alert_model: Any = None
    alert_threshold = 1.01
    known = np.asarray([lab.alert is not None for lab in labels])
    rows = np.where(known)[0]
    ya = np.asarray([bool(labels[i].alert) for i in rows])
    fitted = oof_and_fit(X, ya, rows) if ya.sum() >= min_support else None
    if fitted is not None:
        oof, alert_model = fitted
        lexicon_alert = np.asarray([base[i].alert for i in rows])
        keep = judged[rows]
        for t in np.arange(gate_floor, 0.96, 0.025):
            pred = (lexicon_alert | (oof >= t))[keep]
            truth = ya[keep]
            if pred.sum() and truth[pred].mean() >= alert_precision:
                alert_threshold = round(float(t), 3)
                break
        else:
            alert_model = None
    if not models and alert_model is None:
        return None
    training = dict(classifier.training_)
    if lines is not None:
        training["data_hash"] = data_hash(lines)
    training["reasons"] = {r: int(sum(r in lab.reasons for lab in labels)) for r in models}
    return ReasonModels(
        models,
        thresholds,
        training,
        version=f"learned-reasons/1+{training['data_hash'][:8]}",
        alert_model=alert_model,
        alert_threshold=alert_threshold,
        gate_reads_lexicon=False,
    )


class HybridRiskScorer:
    """The lexicon risk scorer, raised where learned models see what its cues missed.

    The lexicon's reasons and evidence are kept. A learned reason is added when its model is
    confident (threshold chosen on family-held-out folds) and the lexicon did not give it. When
    the lexicon leaves an event below ``high`` but the learned alert gate is confident it should
    alert, the most probable escalation reason is added to say why. The level then follows the
    contract's rules from the union of reasons (as
    :class:`~vocradar.models.risk.LexiconRiskScorer` does): going public together with an
    aggravator is ``critical``; one escalation reason ``high``; churn or a repeat ``medium``.
    Learned reasons carry no evidence snippet (the models weigh the whole event).

    Parameters
    ----------
    lexicon_scorer
        The scorer that reads cues and metadata.
    reason_models
        The learned reason models and alert gate.
    features
        The :class:`LearnedClassifier` whose features the models read (it keeps the rows of the
        batch it just classified, so scoring costs no second feature pass).
    settings
        Risk thresholds (``risk_medium``, ``risk_high``, ``risk_critical``).
    """

    def __init__(
        self,
        lexicon_scorer: RiskScorer,
        reason_models: ReasonModels,
        features: LearnedClassifier,
        settings: Settings,
    ) -> None:
        self.lexicon_scorer = lexicon_scorer
        self.reason_models = reason_models
        self.features = features
        self.settings = settings
        self.version = f"{lexicon_scorer.version}+{reason_models.version}"
        self._cache: dict[int, tuple[EventAnalysis, dict[str, float], float]] = {}

    def _learned(self, analysis: EventAnalysis) -> tuple[dict[str, float], float]:
        """Reason probabilities and gate logit; computed for the classifier's whole last batch at once."""
        hit = self._cache.get(id(analysis))
        if hit is not None and hit[0] is analysis:
            return hit[1], hit[2]
        last = getattr(self.features, "_last", None)
        batch: list[EventAnalysis] = [analysis]
        if (
            last is not None
            and last[1].get(id(analysis)) is not None
            and last[0][last[1][id(analysis)]] is analysis
        ):
            batch = last[0]
        probas, partial = self.reason_models.linear(self.features.transform(batch))
        cache = {id(a): (a, p, float(z)) for a, p, z in zip(batch, probas, partial, strict=True)}
        self._cache = cache
        entry = cache[id(analysis)]
        return entry[1], entry[2]

    def _supported(self, reason: str, analysis: EventAnalysis, base: RiskAssessment, category: str) -> bool:
        """Whether an event shows what a learned reason about the employee needs.

        In a transcript the employee's behaviour is there to read: a learned
        ``agent_obstruction`` needs the loop to have started (the customer asked twice, and the
        employee deflected or answered in between without granting it), a learned
        ``agent_hostility`` an employee turn. Without this a live call would alert on its first
        "해지할게요", before anyone obstructed anything. Texts without agent turns (tweets,
        tickets, notes) report the behaviour; a learned ``agent_hostility`` there needs the text
        to name an employee or an exchange with one (:attr:`Lexicon.employee`): an angry post
        about a bill or spam texts is not about anyone's behaviour. Thanks never support either.
        A learned ``customer_abuse`` in a tweet needs an employee named too: swearing about a
        router or spam texts in a public post is anger, not abuse of a worker. A learned
        ``regulator_threat`` or ``publicity_threat`` needs at least one cue of its own in the text,
        even one too weak to give the reason alone, so that the alert shows the words it rests on
        (a customer told by the company to report a theft to the police names no cue of a threat).
        """
        if reason in ("regulator_threat", "publicity_threat"):
            features = base.features
            return features is None or any(u.of(reason) for u in features.units)
        if reason == "customer_abuse" and analysis.event.source == "tweet":
            # swearing in a public post is anger; abuse needs a worker it is aimed at
            return self._names_employee(analysis)
        if reason not in ("agent_obstruction", "agent_hostility"):
            return True
        if category == "praise":
            return False  # thanks for an employee is not a complaint about one
        speakers = {u.speaker for u in analysis.units}
        if "agent" not in speakers:
            if "customer" in speakers:
                return False  # a one-sided transcript: nothing to read the employee by
            return reason != "agent_hostility" or self._names_employee(analysis)
        if reason == "agent_hostility":
            return True
        features = base.features
        if features is None:
            return True
        loop = features.loop
        if loop.request_count < 2:
            return False
        last = loop.requests[-1] if loop.requests else -1
        if loop.deflection_count < 2 and any(g > last for g in loop.grants):
            return False  # the employee did what was asked after the last request: one offer is no loop
        if loop.deflection_count >= 1 or len(loop.requests) < 2:
            return True
        # The customer asked again after the employee answered: the answer did not grant it.
        first = loop.requests[0]
        return any(u.speaker == "agent" and first < u.index < last for u in analysis.units)

    def _names_employee(self, analysis: EventAnalysis) -> bool:
        """Whether a unit of the text names an employee (or, with no employee cues loaded, True)."""
        lexicon = getattr(self.lexicon_scorer, "lexicon", None)
        if lexicon is None or not len(lexicon.employee):
            return True
        return any(lexicon.employee.hits(lexicon.view_of_unit(u)) for u in analysis.units)

    def score(
        self, analysis: EventAnalysis, category: CategoryPrediction, context: RiskContext
    ) -> RiskAssessment:
        """The lexicon's assessment, raised by the reasons the learned models add."""
        base = self.lexicon_scorer.score(analysis, category, context)
        models = self.reason_models
        proba, partial = self._learned(analysis)
        proba = dict(proba)
        added = [
            r
            for r, p in proba.items()
            if r not in base.reasons
            and p >= models.thresholds.get(r, 1.01)
            and self._supported(r, analysis, base, category.category)
        ]
        present = set(base.reasons) | set(added)
        if not base.alert and not present & set(ESCALATION_REASONS):
            gate = models.gate(partial, base)
            if gate >= models.alert_threshold:
                # The gate says "alert"; the reason it gives must be one its own model leans to
                # (at least half its threshold), never a near-zero guess: out of fold, a reason
                # named below that is wrong more often than right.
                candidates = {
                    r: p
                    for r, p in proba.items()
                    if r in ESCALATION_REASONS
                    and r not in present
                    and p >= 0.5 * models.thresholds.get(r, _GATE_REASON_FLOOR)
                    and self._supported(r, analysis, base, category.category)
                }
                if candidates:
                    best = max(candidates, key=candidates.__getitem__)
                    added.append(best)
                    present.add(best)
                    proba[best] = max(proba[best], gate)
        if not added:
            return base
        level: Level = max(base.level, reasons_level(present), key=LEVELS.index)
        if level == base.level:
            return RiskAssessment(base.risk, base.level, base.alert, (*base.reasons, *added), base.evidence)
        lo, hi = risk_band(level, self.settings)
        confidence = max(proba[r] for r in added)
        risk = lo + (hi - lo) * 0.5 * confidence
        return RiskAssessment(
            risk=round(min(risk, math.nextafter(hi, lo)), 4),
            level=level,
            alert=level in ("high", "critical"),
            reasons=sort_reasons(present),
            evidence=base.evidence,
        )


# ------------------------------------------------------------------------------------------
# loading for the pipeline


def _artifact_dir(settings: Settings) -> Path:
    directory = getattr(settings, "model_dir", None)
    return Path(directory) if directory else ARTIFACTS_DIR


def load_classifier(settings: Settings, lexicon: Lexicon) -> LearnedClassifier | None:
    """The learned classifier of ``settings.model_dir``, or None (logged) when there is none or it fails."""
    path = _artifact_dir(settings) / CLASSIFIER_FILE
    if not path.is_file():
        log.info("no learned classifier at %s: using the lexicon classifier", path)
        return None
    try:
        return LearnedClassifier.load(path, lexicon=lexicon)
    except Exception:
        log.exception("could not load the learned classifier %s: using the lexicon classifier", path)
        return None


def load_cascade(settings: Settings, lexicon: Lexicon, fast: LearnedClassifier) -> Any:
    """``fast`` wrapped in a :class:`~vocradar.models.cascade.CascadeClassifier` when the e5 model
    exists and the cascade is on; ``fast`` itself otherwise (logged)."""
    path = _artifact_dir(settings) / CASCADE_FILE
    if not getattr(settings, "cascade", False) or not path.is_file():
        return fast
    from vocradar.models.cascade import CascadeClassifier

    try:
        slow = LearnedClassifier.load(path, lexicon=lexicon)
    except Exception:
        log.exception("could not load the e5 classifier %s: no cascade", path)
        return fast
    return CascadeClassifier(
        fast, slow, threshold=settings.cascade_threshold, max_per_s=settings.cascade_max_per_s
    )


def load_reason_models(settings: Settings, classifier: LearnedClassifier | None) -> ReasonModels | None:
    """The learned reason models of ``settings.model_dir`` when they match ``classifier``, else None."""
    path = _artifact_dir(settings) / REASON_FILE
    if classifier is None or not path.is_file():
        return None
    try:
        models = ReasonModels.load(path)
    except Exception:
        log.exception("could not load the reason models %s: lexicon reasons only", path)
        return None
    if models.training.get("data_hash") != classifier.training_.get("data_hash"):
        log.warning(
            "reason models %s do not match classifier %s: lexicon reasons only",
            models.version,
            classifier.version,
        )
        return None
    return models
