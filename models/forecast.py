"""Pre-launch VOC forecasting for product launch councils (상품 출시협의회).

This module owns the analysis, with no I/O: the launch and plan records, the analogue retrieval,
the post-launch curve model, the conformal prediction intervals, the "riskier than its analogues"
check, the expected complaint themes, the leave-one-launch-out backtest against the naive and
same-type baselines, and the real reference records (launches with publicly reported complaints,
validated here, read from disk by :mod:`vocradar.connectors.launches`) with their own backtest of
category mix and volume. The registry tables live in :mod:`vocradar.connectors.launches`; the
report in :mod:`vocradar.models.forecast_report`.

How a forecast is made
----------------------
1. **Analogues.** Every past launch gets a similarity to the plan: the cosine of character
   n-gram TF-IDF vectors of the descriptions (meaning, as far as shared words go) blended with an
   attribute similarity (same product type, subscriber base on a log scale, channel overlap).
   The ``k`` most similar launches of the plan's product type (any type when the type is new)
   are weighted by a softmax of that similarity.
2. **Curve.** Each analogue's daily VOC per category is divided by its subscriber base (VOC per
   1,000 subscribers) and by the weekday profile of the whole history; the weighted mean of those
   curves, times the plan's base and the plan's own weekdays, is the forecast.
3. **Channel and attribute lift.** A ridge regression per category (launch attributes → log of
   the 8-week VOC rate) says how much a plan's attributes raise or lower a category compared with
   its analogues' attributes; the forecast is multiplied by that lift, and categories with a lift
   of :data:`RISK_LIFT` or more are reported as riskier than the analogues, with the attributes
   that drive it. The lifted curve is then shrunk halfway toward the plain mean curve of the
   plan's product type (few launches per type: equal weights cut the variance of the analogue
   weights).
4. **Intervals.** Split-conformal bands on ``log((y + 1) / (ŷ + 1))`` residuals of the
   leave-one-launch-out forecasts of the history, calibrated separately per magnitude bin of the
   prediction, so a band is as wide as the errors this model actually made on launches it did
   not see.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from vocradar.models.pii import mask_pii
from vocradar.models.types import CATEGORIES

__all__ = [
    "CHANNELS",
    "HORIZON_DAYS",
    "MIX_MIN_COVERAGE",
    "PRODUCT_TYPES",
    "RISK_LIFT",
    "Analogue",
    "AnalogueFinder",
    "BacktestResult",
    "ConformalBands",
    "CurveModel",
    "Launch",
    "LaunchForecast",
    "LaunchForecaster",
    "LaunchHistory",
    "LaunchPlan",
    "RealBacktestResult",
    "RealReference",
    "ReportedType",
    "RiskFlag",
    "Theme",
    "VocExample",
    "backtest",
    "driver_label",
    "feature_label",
    "load_plan",
    "naive_forecast",
    "real_backtest",
    "real_references_from_mapping",
    "tvd",
    "type_average_forecast",
    "wape",
]

HORIZON_DAYS: Final = 56  # the first 8 weeks after launch
RISK_LIFT: Final = 1.2  # a category this much above its analogues (attribute-adjusted) is flagged
_NOT_RISKS: Final = frozenset({"praise", "other"})  # more thanks or chatter is no complaint risk

#: Product types of a launch, with their Korean names.
PRODUCT_TYPES: Final[dict[str, str]] = {
    "smartphone": "단말(스마트폰) 출시",
    "mobile_plan": "모바일 요금제",
    "iptv_bundle": "IPTV·결합 상품",
    "internet": "인터넷 상품",
    "app": "앱·디지털 채널 개편",
    "price_change": "요금·약관 변경",
    "add_on": "부가서비스",
    "network": "통신망 세대 전환 (LTE·5G)",
}

#: Sales and service channels a launch uses, with their Korean names.
CHANNELS: Final[dict[str, str]] = {
    "online": "온라인몰",
    "retail": "대리점·매장",
    "telesales": "텔레마케팅",
    "preorder": "사전예약",
    "home_visit": "방문 설치",
    "app": "앱",
}


# --- records ------------------------------------------------------------------------------------
class LaunchPlan(BaseModel):
    """A planned launch, as a council describes it (a YAML or JSON file).

    ``channels`` are codes of :data:`CHANNELS`; ``category`` is a code of :data:`PRODUCT_TYPES`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    category: str
    launch_date: date
    subscriber_base: int = Field(gt=0, description="Subscribers expected to take the product.")
    channels: tuple[str, ...] = ()

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str) -> str:
        if v not in PRODUCT_TYPES:
            raise ValueError(f"unknown product category {v!r}; one of {', '.join(PRODUCT_TYPES)}")
        return v

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in v if c not in CHANNELS]
        if bad:
            raise ValueError(f"unknown channels {bad}; use {', '.join(CHANNELS)}")
        return tuple(dict.fromkeys(v))


class Launch(LaunchPlan):
    """A past launch of the registry."""

    launch_id: str = Field(min_length=1)
    synthetic: bool = False


def load_plan(path: Path | str) -> LaunchPlan:
    """Read a plan from a ``.yaml``/``.yml`` or ``.json`` file (raises ``ValueError`` when invalid)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    return plan_from_mapping(data)


def plan_from_mapping(data: Any) -> LaunchPlan:
    """Validate a plan given as a mapping (an uploaded YAML file, a JSON body)."""
    if not isinstance(data, Mapping):
        raise ValueError("a plan is a mapping of name, description, category, launch_date, ...")
    return LaunchPlan.model_validate(dict(data))


@dataclass(frozen=True)
class VocExample:
    """One masked VOC linked to a past launch, with the complaint theme it belongs to."""

    launch_id: str
    event_id: str
    day: int
    category: str
    theme: str
    text: str


@dataclass
class LaunchHistory:
    """Past launches with their daily VOC per category for the first :data:`HORIZON_DAYS` days.

    ``counts[i, c, d]`` is the VOC of launch ``i`` in category ``CATEGORIES[c]`` on day ``d``
    after launch (day 0 is the launch day).
    """

    launches: list[Launch]
    counts: np.ndarray
    examples: list[VocExample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.counts = np.asarray(self.counts, dtype=float)
        expected = (len(self.launches), len(CATEGORIES), HORIZON_DAYS)
        if self.counts.shape != expected:
            raise ValueError(f"counts must have shape {expected}, got {self.counts.shape}")

    def __len__(self) -> int:
        return len(self.launches)

    @property
    def synthetic(self) -> bool:
        """True when any launch of the history is synthetic demo data."""
        return any(launch.synthetic for launch in self.launches)

    def subset(self, keep: Sequence[int]) -> LaunchHistory:
        """The history restricted to the launches at positions ``keep``."""
        ids = {self.launches[i].launch_id for i in keep}
        return LaunchHistory(
            [self.launches[i] for i in keep],
            self.counts[list(keep)],
            [e for e in self.examples if e.launch_id in ids],
        )

    def without(self, i: int) -> LaunchHistory:
        """The history without the launch at position ``i`` (one leave-one-out fold)."""
        return self.subset([j for j in range(len(self)) if j != i])


# --- shared helpers -----------------------------------------------------------------------------
def _weekdays(start: date, days: int = HORIZON_DAYS) -> np.ndarray:
    return np.array([(start + timedelta(days=d)).weekday() for d in range(days)])


def _per_thousand(base: int | float) -> float:
    return max(float(base), 1.0) / 1000.0


def wape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Weighted absolute percentage error: ``Σ|y − ŷ| / Σ y`` (robust to the many zero days)."""
    a = np.asarray(actual, dtype=float)
    total = float(np.abs(a).sum())
    return float(np.abs(a - np.asarray(predicted, dtype=float)).sum() / total) if total else float("nan")


def naive_forecast(history: LaunchHistory, plan: LaunchPlan) -> np.ndarray:
    """The baseline: the average post-launch curve per 1,000 subscribers, scaled to the plan's base."""
    bases = np.array([_per_thousand(launch.subscriber_base) for launch in history.launches])
    rates = history.counts / bases[:, None, None]
    return np.asarray(rates.mean(axis=0) * _per_thousand(plan.subscriber_base))


def type_average_forecast(history: LaunchHistory, plan: LaunchPlan) -> np.ndarray:
    """A stronger reference: the average curve of past launches of the plan's product type only."""
    same = [i for i, launch in enumerate(history.launches) if launch.category == plan.category]
    return naive_forecast(history.subset(same), plan) if same else naive_forecast(history, plan)


def _features(plans: Sequence[LaunchPlan]) -> tuple[np.ndarray, list[str]]:
    """Attribute features of launches: product type, channels, log subscriber base."""
    names = [f"type:{t}" for t in PRODUCT_TYPES] + [f"channel:{c}" for c in CHANNELS] + ["log_base"]
    rows = []
    for p in plans:
        row = [1.0 if p.category == t else 0.0 for t in PRODUCT_TYPES]
        row += [1.0 if c in p.channels else 0.0 for c in CHANNELS]
        row.append(math.log10(max(p.subscriber_base, 1)))
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(plans), len(names)), names


def feature_label(name: str) -> str:
    """Korean label of an attribute feature name."""
    kind, _, code = name.partition(":")
    if kind == "type":
        return f"상품 유형: {PRODUCT_TYPES.get(code, code)}"
    if kind == "channel":
        return f"채널: {CHANNELS.get(code, code)}"
    return "가입자 규모"


def driver_label(name: str, delta: float) -> str:
    """How a plan differs from its analogues on one attribute, in Korean."""
    if name == "log_base":
        return "가입자 규모가 더 큼" if delta > 0 else "가입자 규모가 더 작음"
    return f"{feature_label(name)} {'있음 (유사 출시엔 적음)' if delta > 0 else '없음 (유사 출시엔 있음)'}"


# --- analogue retrieval -------------------------------------------------------------------------
@dataclass(frozen=True)
class Analogue:
    """A past launch similar to the plan, with the parts of its similarity and its weight."""

    launch: Launch
    text_similarity: float
    attribute_similarity: float
    similarity: float
    weight: float


class AnalogueFinder:
    """Finds the past launches most similar to a plan.

    Parameters
    ----------
    k
        Number of analogues kept.
    text_weight
        Share of the description similarity in the blended similarity (the rest is attributes).
    temperature
        Softmax temperature turning similarities into weights (smaller: sharper).
    ngram_range
        Character n-gram range of the TF-IDF over descriptions (Korean words share stems as
        character n-grams, so no tokenizer is needed to match 요금제 with 요금).
    same_type_first
        Keep only launches of the plan's product type when there is at least one (other types
        only when the type is new): on the demo history, launches of another type made the
        forecast worse than the plain same-type average at the weekly and 8-week horizons.
    """

    def __init__(
        self,
        k: int = 5,
        text_weight: float = 0.5,
        temperature: float = 0.1,
        ngram_range: tuple[int, int] = (2, 4),
        same_type_first: bool = False,
    ) -> None:
        self.k = k
        self.text_weight = text_weight
        self.temperature = temperature
        self.ngram_range = ngram_range
        self.same_type_first = same_type_first

    def fit(self, launches: Sequence[Launch]) -> AnalogueFinder:
        """Index the launches' descriptions and attributes."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not launches:
            raise ValueError("no past launches to compare with")
        self.launches_ = list(launches)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True
        )
        self.doc_vectors_ = self.vectorizer_.fit_transform([self._doc(p) for p in self.launches_])
        return self

    @staticmethod
    def _doc(p: LaunchPlan) -> str:
        return f"{p.name} {p.description}"

    @staticmethod
    def attribute_similarity(a: LaunchPlan, b: LaunchPlan) -> float:
        """Same product type (half), subscriber base within a factor of ten, channel overlap (Jaccard)."""
        same_type = 1.0 if a.category == b.category else 0.0
        ratio = abs(math.log10(max(a.subscriber_base, 1) / max(b.subscriber_base, 1)))
        base = max(0.0, 1.0 - ratio)
        ca, cb = set(a.channels), set(b.channels)
        jaccard = len(ca & cb) / len(ca | cb) if ca | cb else 1.0
        return 0.5 * same_type + 0.2 * base + 0.3 * jaccard

    def find(self, plan: LaunchPlan) -> list[Analogue]:
        """The ``k`` most similar launches, most similar first, with weights summing to one."""
        text = (self.doc_vectors_ @ self.vectorizer_.transform([self._doc(plan)]).T).toarray().ravel()
        attrs = np.array([self.attribute_similarity(plan, launch) for launch in self.launches_])
        sims = self.text_weight * text + (1.0 - self.text_weight) * attrs
        order = np.argsort(-sims, kind="stable")
        if self.same_type_first and any(launch.category == plan.category for launch in self.launches_):
            order = np.array([i for i in order if self.launches_[i].category == plan.category])
        order = order[: self.k]
        logits = (sims[order] - sims[order].max()) / self.temperature
        weights = np.exp(logits) / np.exp(logits).sum()
        return [
            Analogue(self.launches_[i], float(text[i]), float(attrs[i]), float(sims[i]), float(w))
            for i, w in zip(order, weights, strict=True)
        ]


# --- curve model --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RiskFlag:
    """A category where the plan looks riskier than its analogues."""

    category: str
    lift: float
    # (feature name, plan minus analogues' weighted value, contribution to the log lift)
    drivers: tuple[tuple[str, float, float], ...]

    def driver_labels(self) -> list[str]:
        """Korean description of each driver (what the plan has, or lacks, compared with analogues)."""
        return [driver_label(name, delta) for name, delta, _ in self.drivers]


class CurveModel:
    """Analogue-weighted daily VOC curves per category, with an attribute lift per category.

    Parameters
    ----------
    finder
        The analogue retrieval (fitted by :meth:`fit`).
    lift
        Multiply each category by its attribute lift (ridge on launch attributes); off gives the
        plain analogue mean.
    ridge_alpha
        Regularisation of the lift regressions (few launches: keep it strong).
    max_lift
        Lifts are clipped to ``[1 / max_lift, max_lift]``.
    smooth
        Smooth each analogue's daily curve with a ``[1, 2, 1]`` kernel (days 0 and 1, the launch
        spike, are kept as they are): a single analogue's day-to-day noise is not a forecast.
    shrink
        Weight of the plain mean curve of the plan's product type (all launches of the type,
        equally weighted) blended into the analogue curve: with two or three launches per type,
        shrinking the analogue weights toward equal weights cuts their variance.
    """

    def __init__(
        self,
        finder: AnalogueFinder | None = None,
        lift: bool = True,
        ridge_alpha: float = 1.0,
        max_lift: float = 2.5,
        smooth: bool = True,
        shrink: float = 0.0,
    ) -> None:
        if not 0.0 <= shrink <= 1.0:
            raise ValueError("shrink must be in [0, 1]")
        self.finder = finder or AnalogueFinder()
        self.lift = lift
        self.ridge_alpha = ridge_alpha
        self.max_lift = max_lift
        self.smooth = smooth
        self.shrink = shrink

    def fit(self, history: LaunchHistory) -> CurveModel:
        """Learn the weekday profile, the deseasonalised rate curves and the lift regressions."""
        from sklearn.linear_model import Ridge

        if len(history) < 2:
            raise ValueError("at least two past launches are needed")
        self.history_ = history
        self.finder.fit(history.launches)
        bases = np.array([_per_thousand(launch.subscriber_base) for launch in history.launches])
        rates = history.counts / bases[:, None, None]
        self.weekday_ = self._weekday_profile(history)
        self.index_ = {launch.launch_id: i for i, launch in enumerate(history.launches)}
        wd = np.stack([_weekdays(launch.launch_date) for launch in history.launches])
        self.rates_ = rates / self.weekday_[wd][:, None, :]
        if self.smooth:
            padded = np.pad(self.rates_, ((0, 0), (0, 0), (1, 1)), mode="edge")
            smoothed = 0.25 * padded[:, :, :-2] + 0.5 * padded[:, :, 1:-1] + 0.25 * padded[:, :, 2:]
            self.rates_ = np.concatenate([self.rates_[:, :, :2], smoothed[:, :, 2:]], axis=2)
        self.features_, self.feature_names_ = _features(history.launches)
        targets = np.log(rates.sum(axis=2) + 0.05)  # (launches, categories)
        self.ridge_ = Ridge(alpha=self.ridge_alpha).fit(self.features_, targets)
        return self

    @staticmethod
    def _weekday_profile(history: LaunchHistory) -> np.ndarray:
        """Mean ratio of a day's total VOC to its centred 7-day mean, per weekday (mean one)."""
        sums = np.zeros(7)
        n = np.zeros(7)
        for launch, counts in zip(history.launches, history.counts, strict=True):
            total = counts.sum(axis=0)
            smooth = np.convolve(total, np.ones(7) / 7, mode="valid")  # centred on days 3..D-4
            days = np.arange(3, 3 + len(smooth))
            ok = smooth > 0
            wd = _weekdays(launch.launch_date)[days[ok]]
            np.add.at(sums, wd, total[days[ok]] / smooth[ok])
            np.add.at(n, wd, 1)
        profile = np.where(n > 0, sums / np.maximum(n, 1), 1.0)
        return np.asarray(profile / profile.mean())

    def lifts(self, plan: LaunchPlan, analogues: Sequence[Analogue]) -> np.ndarray:
        """Per-category multiplier of the plan's attributes over its analogues' (weighted)."""
        x_plan, _ = _features([plan])
        x_ref = sum(a.weight * self.features_[self.index_[a.launch.launch_id]] for a in analogues)
        delta = x_plan[0] - np.asarray(x_ref)
        log_lift = self.ridge_.coef_ @ delta
        return np.asarray(np.clip(np.exp(log_lift), 1.0 / self.max_lift, self.max_lift))

    def risk_flags(
        self, plan: LaunchPlan, analogues: Sequence[Analogue], min_share: float = 0.03
    ) -> list[RiskFlag]:
        """Categories whose lift is at least :data:`RISK_LIFT`, largest first, with their drivers.

        Categories expected to hold less than ``min_share`` of the plan's VOC are left out (a
        large lift of almost nothing is not a risk a council can act on), and so are ``praise``
        and ``other``.
        """
        x_plan, _ = _features([plan])
        x_ref = sum(a.weight * self.features_[self.index_[a.launch.launch_id]] for a in analogues)
        delta = x_plan[0] - np.asarray(x_ref)
        lifts = self.lifts(plan, analogues)
        expected = self.predict(plan, analogues).sum(axis=1)
        share = expected / max(float(expected.sum()), 1e-9)
        flags = []
        for c, cat in enumerate(CATEGORIES):
            if cat in _NOT_RISKS or lifts[c] < RISK_LIFT or share[c] < min_share:
                continue
            contrib = self.ridge_.coef_[c] * delta
            top = np.argsort(-contrib)[:3]
            drivers = tuple(
                (self.feature_names_[j], float(delta[j]), float(contrib[j])) for j in top if contrib[j] > 0.02
            )
            flags.append(RiskFlag(cat, float(lifts[c]), drivers))
        return sorted(flags, key=lambda f: -f.lift)

    def predict(self, plan: LaunchPlan, analogues: Sequence[Analogue] | None = None) -> np.ndarray:
        """Expected daily VOC per category for the plan, shape ``(categories, days)``."""
        analogues = list(analogues) if analogues is not None else self.finder.find(plan)
        mean = np.asarray(sum(a.weight * self.rates_[self.index_[a.launch.launch_id]] for a in analogues))
        if self.lift:
            mean = mean * self.lifts(plan, analogues)[:, None]
        if self.shrink > 0:
            same = [i for i, launch in enumerate(self.history_.launches) if launch.category == plan.category]
            if same:
                mean = (1.0 - self.shrink) * mean + self.shrink * self.rates_[same].mean(axis=0)
        curve = mean * self.weekday_[_weekdays(plan.launch_date)][None, :]
        return np.asarray(curve * _per_thousand(plan.subscriber_base))


# --- intervals ----------------------------------------------------------------------------------
class ConformalBands:
    """Split-conformal prediction bands on log-ratio residuals, per magnitude bin of the prediction.

    The score of a point is ``log((y + 1) / (ŷ + 1))``; the band at level ``α`` is
    ``(ŷ + 1)·exp(q) − 1`` for the lower and upper ``(1 ± α) / 2`` conformal quantiles ``q`` of
    the calibration scores of the prediction's bin.

    Parameters
    ----------
    bins
        Number of magnitude bins (equal-count on the calibration predictions).
    """

    def __init__(self, bins: int = 4) -> None:
        self.bins = bins

    def fit(self, predicted: np.ndarray, actual: np.ndarray) -> ConformalBands:
        """Calibrate on predictions and the actuals they were made for (any matching shapes)."""
        p = np.asarray(predicted, dtype=float).ravel()
        y = np.asarray(actual, dtype=float).ravel()
        if p.size == 0:
            raise ValueError("no calibration points")
        bins = max(1, min(self.bins, p.size // 20))
        self.edges_ = np.quantile(p, np.linspace(0, 1, bins + 1)[1:-1]) if bins > 1 else np.array([])
        which = np.searchsorted(self.edges_, p, side="right")
        scores = np.log1p(y) - np.log1p(p)
        self.scores_ = [np.sort(scores[which == b]) for b in range(bins)]
        return self

    def _quantile(self, scores: np.ndarray, q: float) -> float:
        n = scores.size
        if n == 0:
            return 0.0
        # Finite-sample conformal rank, clipped to the observed range.
        rank = math.ceil((n + 1) * q) - 1 if q >= 0.5 else math.floor((n + 1) * q) - 1
        return float(scores[min(max(rank, 0), n - 1)])

    def interval(self, predicted: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of the ``level`` band (e.g. 0.8) around ``predicted``."""
        if not 0 < level < 1:
            raise ValueError("level must be in (0, 1)")
        p = np.asarray(predicted, dtype=float)
        which = np.searchsorted(self.edges_, p.ravel(), side="right").reshape(p.shape)
        lo = np.zeros_like(p)
        hi = np.zeros_like(p)
        for b, scores in enumerate(self.scores_):
            mask = which == b
            q_lo = self._quantile(scores, (1 - level) / 2)
            q_hi = self._quantile(scores, (1 + level) / 2)
            lo[mask] = np.maximum(np.expm1(np.log1p(p[mask]) + q_lo), 0.0)
            hi[mask] = np.expm1(np.log1p(p[mask]) + q_hi)
        return lo, hi


# --- the forecast -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Theme:
    """A complaint theme seen after the analogues' launches, with masked examples."""

    theme: str  # empty: VOC linked from the pipeline and not themed yet (the category stands for it)
    category: str
    share: float  # weighted share of the analogues' linked VOC examples
    launches: tuple[str, ...]  # names of the analogues it came from
    examples: tuple[str, ...]  # masked VOC text


@dataclass
class LaunchForecast:
    """Everything the council sees for one plan."""

    plan: LaunchPlan
    analogues: list[Analogue]
    mean: np.ndarray  # (categories, days)
    bands: dict[float, tuple[np.ndarray, np.ndarray]]  # level -> per category and day
    total_bands: dict[float, tuple[np.ndarray, np.ndarray]]  # level -> per day, all categories
    category_totals: np.ndarray  # (categories,) 8-week expected VOC
    category_total_bands: dict[float, tuple[np.ndarray, np.ndarray]]
    total_band: dict[float, tuple[float, float]]  # level -> 8-week VOC of all categories
    baseline: np.ndarray  # the naive forecast, (categories, days)
    risks: list[RiskFlag]
    themes: list[Theme]
    synthetic_history: bool
    levels: tuple[float, ...] = (0.8, 0.95)

    @property
    def daily_total(self) -> np.ndarray:
        """Expected VOC per day, all categories."""
        return np.asarray(self.mean.sum(axis=0))

    @property
    def dates(self) -> list[date]:
        """Calendar dates of the forecast days."""
        return [self.plan.launch_date + timedelta(days=d) for d in range(self.mean.shape[1])]

    def top_categories(self, n: int = 6) -> list[str]:
        """The ``n`` categories with the most expected VOC."""
        order = np.argsort(-self.category_totals)[:n]
        return [CATEGORIES[i] for i in order if self.category_totals[i] > 0]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no per-day arrays except the totals)."""
        lo80, hi80 = self.category_total_bands[0.8]
        return {
            "plan": self.plan.model_dump(mode="json"),
            "synthetic_history": self.synthetic_history,
            "analogues": [
                {
                    "launch_id": a.launch.launch_id,
                    "name": a.launch.name,
                    "similarity": round(a.similarity, 3),
                    "text_similarity": round(a.text_similarity, 3),
                    "attribute_similarity": round(a.attribute_similarity, 3),
                    "weight": round(a.weight, 3),
                }
                for a in self.analogues
            ],
            "expected_voc_8w": round(float(self.category_totals.sum()), 1),
            "expected_voc_8w_p80": [round(v, 1) for v in self.total_band[0.8]],
            "categories": {
                cat: {
                    "expected": round(float(self.category_totals[c]), 1),
                    "p80": [round(float(lo80[c]), 1), round(float(hi80[c]), 1)],
                }
                for c, cat in enumerate(CATEGORIES)
            },
            "daily_total": [round(float(v), 2) for v in self.daily_total],
            "risks": [{"category": r.category, "lift": round(r.lift, 2)} for r in self.risks],
            "themes": [
                {"theme": t.theme, "category": t.category, "share": round(t.share, 3)} for t in self.themes
            ],
        }


def _loo_predictions(
    history: LaunchHistory, make_model: Callable[[], CurveModel]
) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-launch-out forecasts of every launch of ``history`` (and the naive ones)."""
    preds = np.zeros_like(history.counts)
    naive = np.zeros_like(history.counts)
    for i, launch in enumerate(history.launches):
        rest = history.without(i)
        preds[i] = make_model().fit(rest).predict(launch)
        naive[i] = naive_forecast(rest, launch)
    return preds, naive


class LaunchForecaster:
    """The forecast a council gets: analogues, curves with intervals, risks and themes.

    Parameters
    ----------
    k, text_weight, temperature, lift, same_type_first, shrink
        Passed to :class:`AnalogueFinder` and :class:`CurveModel` (the defaults are the ones
        that beat the same-type average on the demo history at every horizon; see the README).
    levels
        Nominal coverages of the prediction bands.
    bins
        Magnitude bins of the conformal calibration.
    """

    def __init__(
        self,
        k: int = 5,
        text_weight: float = 0.5,
        temperature: float = 0.1,
        lift: bool = True,
        levels: tuple[float, ...] = (0.8, 0.95),
        bins: int = 4,
        same_type_first: bool = True,
        shrink: float = 0.5,
    ) -> None:
        self.k = k
        self.text_weight = text_weight
        self.temperature = temperature
        self.lift = lift
        self.levels = levels
        self.bins = bins
        self.same_type_first = same_type_first
        self.shrink = shrink

    def make_model(self) -> CurveModel:
        """A fresh, unfitted curve model with this forecaster's parameters."""
        finder = AnalogueFinder(
            k=self.k,
            text_weight=self.text_weight,
            temperature=self.temperature,
            same_type_first=self.same_type_first,
        )
        return CurveModel(finder, lift=self.lift, shrink=self.shrink)

    def fit(self, history: LaunchHistory) -> LaunchForecaster:
        """Fit the curve model on the whole history and calibrate the bands on its LOO forecasts."""
        if len(history) < 3:
            raise ValueError("at least three past launches are needed to forecast and calibrate")
        self.history_ = history
        self.model_ = self.make_model().fit(history)
        loo, _ = _loo_predictions(history, self.make_model)
        self.calibrate(loo, history.counts)
        return self

    def calibrate(self, predicted: np.ndarray, actual: np.ndarray) -> None:
        """Fit the three kinds of bands from out-of-sample forecasts ``(launches, cats, days)``."""
        self.daily_bands_ = ConformalBands(self.bins).fit(predicted, actual)
        self.total_bands_ = ConformalBands(self.bins).fit(predicted.sum(axis=1), actual.sum(axis=1))
        self.cat_total_bands_ = ConformalBands(2).fit(predicted.sum(axis=2), actual.sum(axis=2))
        self.grand_total_bands_ = ConformalBands(1).fit(predicted.sum(axis=(1, 2)), actual.sum(axis=(1, 2)))

    def _grand(self, total: float, level: float) -> tuple[float, float]:
        lo, hi = self.grand_total_bands_.interval(np.array([total]), level)
        return float(lo[0]), float(hi[0])

    def forecast(self, plan: LaunchPlan, n_themes: int = 6, n_examples: int = 2) -> LaunchForecast:
        """The forecast of one planned launch."""
        model = self.model_
        analogues = model.finder.find(plan)
        mean = model.predict(plan, analogues)
        totals = mean.sum(axis=1)
        return LaunchForecast(
            plan=plan,
            analogues=analogues,
            mean=mean,
            bands={lv: self.daily_bands_.interval(mean, lv) for lv in self.levels},
            total_bands={lv: self.total_bands_.interval(mean.sum(axis=0), lv) for lv in self.levels},
            category_totals=totals,
            category_total_bands={lv: self.cat_total_bands_.interval(totals, lv) for lv in self.levels},
            total_band={lv: self._grand(float(totals.sum()), lv) for lv in self.levels},
            baseline=naive_forecast(self.history_, plan),
            risks=model.risk_flags(plan, analogues),
            themes=expected_themes(self.history_.examples, analogues, n_themes, n_examples),
            synthetic_history=self.history_.synthetic,
            levels=self.levels,
        )


def expected_themes(
    examples: Iterable[VocExample], analogues: Sequence[Analogue], n: int = 6, n_examples: int = 2
) -> list[Theme]:
    """Themes of the analogues' linked VOC, weighted by analogue weight, with masked examples."""
    by_launch: dict[str, list[VocExample]] = {}
    for e in examples:
        by_launch.setdefault(e.launch_id, []).append(e)
    share: dict[tuple[str, str], float] = {}
    sources: dict[tuple[str, str], list[str]] = {}
    texts: dict[tuple[str, str], list[str]] = {}
    for a in sorted(analogues, key=lambda a: -a.weight):
        items = by_launch.get(a.launch.launch_id, [])
        for e in items:
            key = (e.theme, e.category)
            share[key] = share.get(key, 0.0) + a.weight / len(items)
            if a.launch.name not in sources.setdefault(key, []):
                sources[key].append(a.launch.name)
            masked = mask_pii(e.text)  # stored text is masked already; mask again before showing
            if masked not in texts.setdefault(key, []):
                texts[key].append(masked)
    total = sum(share.values()) or 1.0
    top = sorted(share, key=lambda k: -share[k])[:n]
    return [Theme(k[0], k[1], share[k] / total, tuple(sources[k]), tuple(texts[k][:n_examples])) for k in top]


# --- backtest -----------------------------------------------------------------------------------
@dataclass
class BacktestResult:
    """Leave-one-launch-out errors of the forecast and the naive baseline, and band coverage."""

    launches: list[Launch]
    wape_daily: dict[str, float]  # model -> WAPE over every launch, category and day
    # models: "forecast", "naive" (the baseline to beat) and "same_type" (a stronger reference:
    # the average curve of the same product type, scaled by subscriber base)
    wape_weekly: dict[str, float]  # model -> WAPE of weekly VOC per category
    wape_total: dict[str, float]  # model -> WAPE of the 8-week VOC per category
    per_launch: dict[str, list[float]]  # model -> daily-by-category WAPE of each launch
    coverage: dict[float, float]  # level -> share of held-out daily actuals inside the band
    coverage_total: dict[float, float]  # level -> the same for the daily total of all categories
    wins: int  # launches where the forecast beats the baseline

    @property
    def beats_baseline(self) -> bool:
        """True when the forecast's pooled daily WAPE is below the naive baseline's."""
        return self.wape_daily["forecast"] < self.wape_daily["naive"]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "launches": len(self.launches),
            "wape_daily": self.wape_daily,
            "wape_weekly": self.wape_weekly,
            "wape_total": self.wape_total,
            "coverage": {str(k): v for k, v in self.coverage.items()},
            "coverage_total": {str(k): v for k, v in self.coverage_total.items()},
            "wins": self.wins,
            "beats_baseline": self.beats_baseline,
        }

    def summary(self) -> str:
        """A few lines for a terminal."""
        lines = [
            f"leave-one-launch-out backtest over {len(self.launches)} launches "
            f"(forecast beats the naive baseline on {self.wins} of them)",
            f"  {'WAPE':<28}{'forecast':>10}{'naive':>10}{'same type':>11}",
        ]
        for label, d in (
            ("daily x category", self.wape_daily),
            ("weekly x category", self.wape_weekly),
            ("8-week total x category", self.wape_total),
        ):
            lines.append(f"  {label:<28}{d['forecast']:>10.3f}{d['naive']:>10.3f}{d['same_type']:>11.3f}")
        cov = ", ".join(
            f"{lv:.0%} band holds {self.coverage[lv]:.1%} (daily total {self.coverage_total[lv]:.1%})"
            for lv in sorted(self.coverage)
        )
        lines.append(
            "  (naive: average post-launch curve x subscriber base; same type: the same, per product type)"
        )
        lines.append(f"  interval coverage of held-out daily actuals: {cov}")
        return "\n".join(lines)


def _weekly(a: np.ndarray) -> np.ndarray:
    """Sum the last (day) axis into weeks."""
    return a.reshape(*a.shape[:-1], a.shape[-1] // 7, 7).sum(axis=-1)


def backtest(
    history: LaunchHistory,
    forecaster: LaunchForecaster | None = None,
    progress: Callable[[int], Any] | None = None,
) -> BacktestResult:
    """Leave one launch out, forecast it from the others, and compare with the naive baseline.

    The bands of a held-out launch are calibrated on leave-one-out forecasts made *without* it
    (nested leave-one-out), so the coverage is that of launches the model never saw.
    """
    fc = forecaster or LaunchForecaster()
    n = len(history)
    if n < 4:
        raise ValueError("the backtest needs at least four launches")
    # inner[i][j]: forecast of launch j from the history without i and j (nested folds).
    preds = np.zeros_like(history.counts)
    naive = np.zeros_like(history.counts)
    same_type = np.zeros_like(history.counts)
    inside = {lv: [0, 0] for lv in fc.levels}
    inside_total = {lv: [0, 0] for lv in fc.levels}
    for i, launch in enumerate(history.launches):
        rest = history.without(i)
        preds[i] = fc.make_model().fit(rest).predict(launch)
        naive[i] = naive_forecast(rest, launch)
        same_type[i] = type_average_forecast(rest, launch)
        inner, _ = _loo_predictions(rest, fc.make_model)
        calib = LaunchForecaster(levels=fc.levels, bins=fc.bins)
        calib.calibrate(inner, rest.counts)
        actual = history.counts[i]
        for lv in fc.levels:
            lo, hi = calib.daily_bands_.interval(preds[i], lv)
            inside[lv][0] += int(((actual >= lo) & (actual <= hi)).sum())
            inside[lv][1] += actual.size
            lo_t, hi_t = calib.total_bands_.interval(preds[i].sum(axis=0), lv)
            tot = actual.sum(axis=0)
            inside_total[lv][0] += int(((tot >= lo_t) & (tot <= hi_t)).sum())
            inside_total[lv][1] += tot.size
        if progress is not None:
            progress(1)
    y = history.counts
    models = {"forecast": preds, "naive": naive, "same_type": same_type}
    per_launch = {m: [wape(y[i], p[i]) for i in range(n)] for m, p in models.items()}
    return BacktestResult(
        launches=list(history.launches),
        wape_daily={m: wape(y, p) for m, p in models.items()},
        wape_weekly={m: wape(_weekly(y), _weekly(p)) for m, p in models.items()},
        wape_total={m: wape(y.sum(axis=2), p.sum(axis=2)) for m, p in models.items()},
        per_launch=per_launch,
        coverage={lv: a / b for lv, (a, b) in inside.items()},
        coverage_total={lv: a / b for lv, (a, b) in inside_total.items()},
        wins=sum(f < b for f, b in zip(per_launch["forecast"], per_launch["naive"], strict=True)),
    )


# --- real reference history ---------------------------------------------------------------------
MIX_MIN_COVERAGE: Final = 0.75  # a reported mix is compared only where its types cover this share
_REQUIRED_PROVENANCE: Final = ("source", "url", "accessed", "licence")


@dataclass(frozen=True)
class ReportedType:
    """One complaint type as a source reports it, with the VOC category it maps to."""

    label: str
    category: str
    count: float  # reported count, or the reported share times the total


@dataclass(frozen=True)
class RealReference:
    """A real launch (or a period of a new product) with the complaints reported after it.

    The counts are complaints filed outside the operator (``measure`` says with whom), so they
    give a category mix and a relative size, not an operator's VOC volume.
    """

    ref_id: str
    name: str
    kind: str  # launch | product_change | product_period
    product_type: str
    channels: tuple[str, ...]
    launch_date: date
    description: str
    window_start: date
    window_end: date
    window_label: str
    measure: str
    total: int
    reported: tuple[ReportedType, ...]
    subscriber_base: int | None
    source: str
    url: str
    accessed: str
    licence: str
    notes: str = ""
    also: tuple[str, ...] = ()

    @property
    def window_days(self) -> int:
        """Length of the reported window in days (both ends included)."""
        return (self.window_end - self.window_start).days + 1

    def category_counts(self) -> np.ndarray:
        """Reported complaints per VOC category (what the listed types cover)."""
        out = np.zeros(len(CATEGORIES))
        for r in self.reported:
            out[CATEGORIES.index(r.category)] += r.count
        return out

    @property
    def classified_share(self) -> float:
        """Share of the total that the listed types cover."""
        return float(self.category_counts().sum() / self.total) if self.total else 0.0

    @property
    def mix(self) -> np.ndarray:
        """Category mix of the listed types (sums to one)."""
        c = self.category_counts()
        return np.asarray(c / c.sum()) if c.sum() else c

    @property
    def mix_usable(self) -> bool:
        """True when the listed types cover enough of the total, in two categories or more."""
        return self.classified_share >= MIX_MIN_COVERAGE and int((self.category_counts() > 0).sum()) >= 2

    @property
    def rate_per_1000_month(self) -> float | None:
        """Reported complaints per 1,000 subscribers per 30 days (None without a subscriber base)."""
        if not self.subscriber_base:
            return None
        return self.total / (self.subscriber_base / 1000.0) / (self.window_days / 30.0)


def _need(row: Mapping[str, Any], key: str, where: str) -> Any:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{where}: {key!r} is missing")
    return value


def real_references_from_mapping(data: Any) -> list[RealReference]:
    """Validate the real reference history (the parsed ``launches_real.yaml``).

    Every row must name its ``source``, ``url``, ``accessed`` date and ``licence``; every reported
    type must be in ``category_map`` and map to a VOC category; counts may not exceed the total.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the real reference history is a mapping with category_map and references")
    cmap = data.get("category_map") or {}
    for label, entry in cmap.items():
        if not isinstance(entry, Mapping) or entry.get("category") not in CATEGORIES:
            raise ValueError(f"category_map[{label!r}]: category must be one of {', '.join(CATEGORIES)}")
        _need(entry, "why", f"category_map[{label!r}]")
    refs: list[RealReference] = []
    for n, row in enumerate(data.get("references") or []):
        where = f"references[{n}] ({row.get('id', '?')})"
        for key in _REQUIRED_PROVENANCE:
            _need(row, key, where)
        if row.get("product_type") not in PRODUCT_TYPES:
            raise ValueError(f"{where}: unknown product_type {row.get('product_type')!r}")
        channels = tuple(row.get("channels") or ())
        if any(c not in CHANNELS for c in channels):
            raise ValueError(f"{where}: unknown channels {channels}")
        total = int(_need(row, "total", where))
        reported = []
        for item in row.get("reported") or []:
            label = item.get("type")
            if label not in cmap:
                raise ValueError(f"{where}: reported type {label!r} is not in category_map")
            if item.get("count") is not None:
                count = float(item["count"])
            elif item.get("share") is not None:
                count = float(item["share"]) * total
            else:
                raise ValueError(f"{where}: reported type {label!r} has neither count nor share")
            reported.append(ReportedType(str(label), str(cmap[label]["category"]), count))
        if sum(r.count for r in reported) > total + 1e-6:
            raise ValueError(f"{where}: the reported types add up to more than the total")
        window = _need(row, "window", where)
        base = row.get("subscriber_base")
        refs.append(
            RealReference(
                ref_id=str(_need(row, "id", where)),
                name=str(_need(row, "name", where)),
                kind=str(_need(row, "kind", where)),
                product_type=str(row["product_type"]),
                channels=channels,
                launch_date=_as_date(_need(row, "launch_date", where)),
                description=str(_need(row, "description", where)).strip(),
                window_start=_as_date(window["start"]),
                window_end=_as_date(window["end"]),
                window_label=str(window.get("label", "")),
                measure=str(_need(row, "measure", where)),
                total=total,
                reported=tuple(reported),
                subscriber_base=int(base) if base else None,
                source=str(row["source"]),
                url=str(row["url"]),
                accessed=str(row["accessed"]),
                licence=str(row["licence"]),
                notes=str(row.get("notes") or "").strip(),
                also=tuple(str(u) for u in row.get("also") or ()),
            )
        )
    if len({r.ref_id for r in refs}) != len(refs):
        raise ValueError("reference ids must be unique")
    return refs


def _as_date(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


# --- real backtest ------------------------------------------------------------------------------
def tvd(p: np.ndarray, q: np.ndarray) -> float:
    """Total variation distance between two category mixes: half the L1 distance (0 to 1)."""
    return float(0.5 * np.abs(np.asarray(p, dtype=float) - np.asarray(q, dtype=float)).sum())


@dataclass(frozen=True)
class _PoolItem:
    name: str
    product_type: str
    channels: tuple[str, ...]
    text: str
    mix: np.ndarray | None
    rate: float | None  # per 1,000 subscribers per 30 days, on its own scale
    real: bool
    external: bool  # counted outside the operator (a reference), not operator VOC


@dataclass
class RealBacktestResult:
    """Leave-one-real-reference-out errors of the mix and the volume per 1,000 subscribers."""

    rows: list[dict[str, Any]]
    tvd: dict[str, float]  # model -> mean total variation distance of the mix
    log_ratio: dict[str, float]  # model -> mean |ln(predicted / actual)| of the volume
    n_mix: int
    n_volume: int
    scale: float  # median estimated external complaints per synthetic VOC (volume folds)
    mix_wins: dict[str, int] = field(default_factory=dict)  # baseline -> references the forecast beats

    def best(self, metric: str) -> str:
        """The model with the lowest mean error on ``metric`` (``tvd`` or ``log_ratio``)."""
        d = self.tvd if metric == "tvd" else self.log_ratio
        return min(d, key=lambda m: d[m])

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "references_mix": self.n_mix,
            "references_volume": self.n_volume,
            "tvd": self.tvd,
            "abs_log_ratio": self.log_ratio,
            "scale_external_per_demo_voc": self.scale,
            "mix_wins": self.mix_wins,
            "rows": self.rows,
        }

    def summary(self) -> str:
        """A few lines for a terminal."""
        lines = [
            f"real-reference backtest: leave one real reference out, forecast it from the others "
            f"(real and synthetic); mix over {self.n_mix}, volume over {self.n_volume} references",
            f"  {'error':<34}{'forecast':>10}{'naive':>10}{'same type':>11}",
            f"  {'mix: total variation distance':<34}"
            + "".join(
                f"{self.tvd[m]:>{w}.3f}" for m, w in (("forecast", 10), ("naive", 10), ("same_type", 11))
            ),
            f"  {'volume/1,000/month: |ln ratio|':<34}"
            + "".join(
                f"{self.log_ratio[m]:>{w}.3f}"
                for m, w in (("forecast", 10), ("naive", 10), ("same_type", 11))
            ),
        ]
        for r in self.rows:
            mix = (
                f"TVD {r['tvd']['forecast']:.2f}/{r['tvd']['naive']:.2f}/{r['tvd']['same_type']:.2f}"
                if r["tvd"]
                else "mix -"
            )
            vol = (
                f"rate {r['rate_actual']:.3f} vs {r['rate_pred']['forecast']:.3f}"
                if r["rate_actual"] is not None
                else "rate -"
            )
            lines.append(f"  {r['id']:<16}{mix:<26}{vol:<24}{r['name']}")
        lines.append(
            "  (rates: reported complaints per 1,000 subscribers per 30 days; synthetic VOC converted with "
            f"a ratio estimated from the other real references, median {self.scale:.4f})"
        )
        mix_best, vol_best = self.best("tvd"), self.best("log_ratio")
        if mix_best != "forecast" or vol_best != "forecast":
            lines.append(
                f"  note: on real references the best tool is '{mix_best}' for the mix and '{vol_best}' "
                "for the volume; use it where it beats the forecast"
            )
        return "\n".join(lines)


def _pool(references: Sequence[RealReference], history: LaunchHistory) -> list[_PoolItem]:
    items = [
        _PoolItem(
            r.name,
            r.product_type,
            r.channels,
            f"{r.name} {r.description}",
            r.mix if r.mix_usable else None,
            r.rate_per_1000_month,
            True,
            True,
        )
        for r in references
    ]
    for launch, counts in zip(history.launches, history.counts, strict=True):
        totals = counts.sum(axis=1)
        total = float(totals.sum())
        rate = total / _per_thousand(launch.subscriber_base) / (counts.shape[1] / 30.0) if total else None
        items.append(
            _PoolItem(
                launch.name,
                launch.category,
                launch.channels,
                f"{launch.name} {launch.description}",
                totals / total if total else None,
                rate,
                not launch.synthetic,
                False,
            )
        )
    return items


def _scale(others: Sequence[_PoolItem]) -> float:
    """External complaints per operator VOC, from items of a type seen on both scales.

    For every external item with a rate whose product type also has operator-VOC items with a
    rate, the log of its rate minus the mean log rate of those items; the ratio is the exponent
    of their mean (of the medians of the two scales when no type is shared).
    """
    internal: dict[str, list[float]] = {}
    for o in others:
        if not o.external and o.rate:
            internal.setdefault(o.product_type, []).append(math.log(o.rate))
    diffs = [
        math.log(o.rate) - float(np.mean(internal[o.product_type]))
        for o in others
        if o.external and o.rate and o.product_type in internal
    ]
    if diffs:
        return math.exp(float(np.mean(diffs)))
    ext = [math.log(o.rate) for o in others if o.external and o.rate]
    inn = [v for vs in internal.values() for v in vs]
    return math.exp(float(np.median(ext)) - float(np.median(inn))) if ext and inn else 1.0


def _similarities(target: _PoolItem, others: Sequence[_PoolItem], text_weight: float) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    docs = vec.fit_transform([o.text for o in others])
    text = (docs @ vec.transform([target.text]).T).toarray().ravel()
    attrs = []
    for o in others:
        ca, cb = set(target.channels), set(o.channels)
        jac = len(ca & cb) / len(ca | cb) if ca | cb else 1.0
        attrs.append(0.6 * (o.product_type == target.product_type) + 0.4 * jac)
    return np.asarray(text_weight * text + (1 - text_weight) * np.array(attrs))


def _predict(
    target: _PoolItem,
    others: Sequence[_PoolItem],
    values: Sequence[np.ndarray],
    k: int,
    temperature: float,
    text_weight: float,
    shrink: float,
) -> dict[str, np.ndarray]:
    """Naive, same-type and analogue forecasts of one value (a mix or a log rate)."""
    vals = np.array(values, dtype=float)
    naive = vals.mean(axis=0)
    same = [i for i, o in enumerate(others) if o.product_type == target.product_type]
    same_type = vals[same].mean(axis=0) if same else naive
    sims = _similarities(target, others, text_weight)
    order = [int(i) for i in np.argsort(-sims, kind="stable")]
    if same:
        order = [i for i in order if i in set(same)]
    order = order[:k]
    logits = (sims[order] - sims[order].max()) / temperature
    w = np.exp(logits) / np.exp(logits).sum()
    analogue = (w[:, None] * vals[order].reshape(len(order), -1)).sum(axis=0).reshape(naive.shape)
    forecast = (1 - shrink) * analogue + shrink * same_type if same else analogue
    return {"forecast": forecast, "naive": naive, "same_type": same_type}


def real_backtest(
    references: Sequence[RealReference],
    history: LaunchHistory,
    k: int = 5,
    temperature: float = 0.1,
    text_weight: float = 0.5,
    shrink: float = 0.5,
) -> RealBacktestResult:
    """Leave one real reference out and forecast its category mix and its volume from the others.

    The others are the remaining real references and every launch of ``history`` (synthetic or
    registered). Mix: analogue-weighted mean of the others' mixes (same product type first,
    shrunk toward the same-type mean, as the curve forecast does), against the mean mix of all
    others (naive) and of the same type; error: total variation distance. Volume: complaints per
    1,000 subscribers per 30 days, in logs; the history's VOC is converted to the scale of the
    real references by a ratio estimated in each fold from the other real references of a type
    the history also has; error: ``|ln(predicted / actual)|``.
    """
    pool = _pool(references, history)
    real_idx = list(range(len(references)))
    rows: list[dict[str, Any]] = []
    tvds: dict[str, list[float]] = {"forecast": [], "naive": [], "same_type": []}
    logs: dict[str, list[float]] = {"forecast": [], "naive": [], "same_type": []}
    scales: list[float] = []
    for i in real_idx:
        target, ref = pool[i], references[i]
        others = [it for j, it in enumerate(pool) if j != i]
        row: dict[str, Any] = {
            "id": ref.ref_id,
            "name": ref.name,
            "kind": ref.kind,
            "product_type": ref.product_type,
            "launch_date": ref.launch_date.isoformat(),
            "measure": ref.measure,
            "window": ref.window_label,
            "total": ref.total,
            "subscriber_base": ref.subscriber_base,
            "source": ref.source,
            "url": ref.url,
            "tvd": {},
            "rate_actual": target.rate,
            "rate_pred": {},
        }
        mixers = [o for o in others if o.mix is not None]
        if target.mix is not None and len(mixers) >= 2:
            pred = _predict(
                target, mixers, [np.asarray(o.mix) for o in mixers], k, temperature, text_weight, shrink
            )
            row["tvd"] = {m: tvd(np.asarray(target.mix), p) for m, p in pred.items()}
            for m, v in row["tvd"].items():
                tvds[m].append(v)
        if target.rate is not None:
            scale = _scale(others)
            scales.append(scale)
            raters = [o for o in others if o.rate is not None]
            values = [
                np.array(math.log(float(o.rate or 0.0) * (1.0 if o.external else scale))) for o in raters
            ]
            pred = _predict(target, raters, values, k, temperature, text_weight, shrink)
            row["rate_pred"] = {m: float(math.exp(float(p))) for m, p in pred.items()}
            for m, p in pred.items():
                logs[m].append(abs(float(p) - math.log(target.rate)))
        rows.append(row)
    wins = {
        b: sum(1 for r in rows if r["tvd"] and r["tvd"]["forecast"] < r["tvd"][b])
        for b in ("naive", "same_type")
    }
    return RealBacktestResult(
        rows=rows,
        tvd={m: float(np.mean(v)) if v else float("nan") for m, v in tvds.items()},
        log_ratio={m: float(np.mean(v)) if v else float("nan") for m, v in logs.items()},
        n_mix=len(tvds["forecast"]),
        n_volume=len(logs["forecast"]),
        scale=float(np.median(scales)) if scales else float("nan"),
        mix_wins=wins,
    )
