"""Training and evaluation of the learned models, as plain functions (``vocradar train`` / ``eval``).

Reading labelled data
    :func:`read_labelled` reads JSONL files of labelled events (shared/voc-contract.md, section 4:
    an input event plus ``label``). Unlabelled lines are skipped, lines that are not JSON objects
    or whose label breaks the contract are counted as bad; ``meta.split`` selects the split and
    ``meta.family`` is the template family (the unit of the held-out split).

Evaluation
    :func:`evaluate` scores the labelled lines through :meth:`ScoringPipeline.process`, exactly
    the code path of ``vocradar score`` and the stream agents, and compares with the labels:
    :func:`category_metrics` (per-class precision/recall/F1, macro-F1, confusion matrix),
    :func:`alert_metrics` (``alert: null`` left out), :func:`reason_recall` and
    :func:`calibration_metrics` (expected calibration error and a reliability table of
    ``category_confidence``). :func:`format_report` prints it for people.

Training
    :func:`train` analyses the train split once, fits :class:`~vocradar.models.learned.LearnedClassifier`
    (calibration folds grouped by family), optionally per-reason models, writes the artifacts,
    and evaluates the result on the held-out split through the pipeline.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vocradar.models.types import CATEGORIES, REASONS

if TYPE_CHECKING:
    from vocradar.lexicons import Lexicon
    from vocradar.models.analyzer import KiwiAnalyzer
    from vocradar.models.pipeline import ScoringPipeline
    from vocradar.models.types import EventAnalysis
    from vocradar.settings import Settings

__all__ = [
    "KO_LABELS",
    "EvalReport",
    "Label",
    "LabelledSet",
    "alert_metrics",
    "analyse",
    "calibration_metrics",
    "category_metrics",
    "evaluate",
    "format_report",
    "read_labelled",
    "reason_recall",
    "train",
]

Progress = Callable[[int], None]

#: Weight of an auxiliary demo event in the classifier's loss (see :func:`train`).
DEMO_WEIGHT = 3.0
#: Weight of a text written in a real genre (``models/corpus/written/``; see :func:`train`).
WRITTEN_WEIGHT = 1.0

#: Korean names of the category codes, for readable confusion matrices.
KO_LABELS: dict[str, str] = {
    "billing": "요금",
    "cancellation": "해지",
    "network": "네트워크",
    "device": "단말",
    "installation": "개통설치",
    "agent_conduct": "응대태도",
    "privacy": "개인정보",
    "sales_contract": "가입계약",
    "delivery_refund": "배송환불",
    "inquiry": "문의",
    "praise": "칭찬",
    "other": "기타",
}


# ------------------------------------------------------------------------------------------
# labelled data


@dataclass(frozen=True, slots=True)
class Label:
    """The label of one event: category, alert (None: debatable), reasons, family and split;
    ``written`` marks a text written in a real genre (``meta.written``)."""

    category: str
    alert: bool | None
    reasons: tuple[str, ...]
    family: str
    split: str | None
    written: bool = False


@dataclass
class LabelledSet:
    """Labelled lines (raw bytes, as a stream would see them) with their labels and counts."""

    lines: list[bytes] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    unlabelled: int = 0
    bad: int = 0
    other_split: int = 0

    def __len__(self) -> int:
        return len(self.lines)


def _label(obj: dict[str, Any], ref: str) -> Label | None:
    raw = obj.get("label")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError("label is not an object")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    alert = raw.get("alert")
    if alert is not None and not isinstance(alert, bool):
        raise ValueError(f"alert must be true, false or null, got {alert!r}")
    reasons = raw.get("reasons") or []
    if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
        raise ValueError(f"bad reasons {reasons!r}")
    meta_raw = obj.get("meta")
    meta: dict[str, Any] = meta_raw if isinstance(meta_raw, dict) else {}
    family = str(meta.get("family") or obj.get("event_id") or ref)
    split = meta.get("split")
    return Label(
        str(category),
        alert,
        tuple(reasons),
        family,
        str(split) if split is not None else None,
        bool(meta.get("written")),
    )


def read_labelled(paths: Iterable[Path], split: str | None = None) -> LabelledSet:
    """Read labelled events from JSONL files.

    Parameters
    ----------
    paths
        JSONL files (one event per line; blank lines ignored).
    split
        Keep only events whose ``meta.split`` is this (None: every labelled event).
    """
    out = LabelledSet()
    for path in paths:
        path = Path(path)
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip(b"\r\n")
                if not line.strip():
                    continue
                ref = f"{path.name}:{n}"
                try:
                    obj = json.loads(line)
                    if not isinstance(obj, dict):
                        raise ValueError("not an object")
                    label = _label(obj, ref)
                except (ValueError, RecursionError):
                    out.bad += 1
                    continue
                if label is None:
                    out.unlabelled += 1
                    continue
                if split is not None and label.split != split:
                    out.other_split += 1
                    continue
                out.lines.append(line)
                out.labels.append(label)
                out.refs.append(ref)
    return out


def demo_labelled(n: int, seed: int = 11) -> LabelledSet:
    """``n`` labelled events from the demo traffic generator (:mod:`vocradar.connectors.demo`).

    Auxiliary training data: the demo's templates are written independently of the corpus, so
    they add situations and wordings the corpus families do not have. The label is the demo's
    topic, escalation and text reasons; partial transcripts are left out. Each event's family is
    ``demo:<topic>:<k>`` (k spreads a topic over calibration folds).
    """
    from vocradar.connectors.demo import DemoTraffic

    out = LabelledSet()
    if n <= 0:
        return out
    traffic = DemoTraffic(seed=seed, retention_call_every_s=600.0)
    while len(out) < n:
        for event in traffic.batch(min(2 * n, 10_000)):
            meta = event.get("meta") or {}
            topic = meta.get("demo_topic")
            if topic not in CATEGORIES or meta.get("partial"):
                continue
            reasons = tuple(r for r in meta.get("demo_reasons", ()) if r in REASONS)
            k = len(out) % 5
            out.labels.append(
                Label(str(topic), bool(meta.get("demo_escalation")), reasons, f"demo:{topic}:{k}", "train")
            )
            out.lines.append(json.dumps(event, ensure_ascii=False).encode())
            out.refs.append(f"demo:{event.get('event_id')}")
            if len(out) >= n:
                break
    return out


# ------------------------------------------------------------------------------------------
# metrics


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def category_metrics(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """Per-class precision/recall/F1/support, macro-F1 (over classes present in the truth), accuracy
    and the confusion matrix (rows: truth, columns: prediction, in ``labels`` order)."""
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    if labels is None:
        labels = [c for c in CATEGORIES if c in set(y_true) | set(y_pred)]
    index = {c: i for i, c in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for truth, pred in zip(y_true, y_pred, strict=True):
        if truth in index and pred in index:
            confusion[index[truth]][index[pred]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for c, i in index.items():
        tp = confusion[i][i]
        fp = sum(confusion[j][i] for j in range(len(labels))) - tp
        fn = sum(confusion[i]) - tp
        prec, rec, f1 = _prf(tp, fp, fn)
        per_class[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    present = [c for c in labels if per_class[c]["support"] > 0]
    macro = sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0
    correct = sum(t == p for t, p in zip(y_true, y_pred, strict=True))
    return {
        "labels": list(labels),
        "per_class": per_class,
        "macro_f1": macro,
        "accuracy": correct / len(y_true) if y_true else 0.0,
        "confusion": confusion,
        "n": len(y_true),
    }


def alert_metrics(truth: Sequence[bool | None], predicted: Sequence[bool]) -> dict[str, Any]:
    """Alert precision/recall/F1; events whose true alert is None (debatable) are left out."""
    tp = fp = fn = tn = 0
    for t, p in zip(truth, predicted, strict=True):
        if t is None:
            continue
        if t and p:
            tp += 1
        elif p:
            fp += 1
        elif t:
            fn += 1
        else:
            tn += 1
    prec, rec, f1 = _prf(tp, fp, fn)
    return {
        "precision": prec,
        "recall": rec,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "n": tp + fp + fn + tn,
        "debatable": sum(t is None for t in truth),
    }


def reason_recall(truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Per reason: how many events have it, how many of those got it (recall), and precision."""
    out: dict[str, dict[str, float]] = {}
    for reason in REASONS:
        support = found = given = 0
        for t, p in zip(truth, predicted, strict=True):
            support += reason in t
            given += reason in p
            found += reason in t and reason in p
        if support or given:
            out[reason] = {
                "support": support,
                "found": found,
                "recall": found / support if support else 0.0,
                "given": given,
                "precision": found / given if given else 0.0,
            }
    return out


def calibration_metrics(
    confidence: Sequence[float],
    correct: Sequence[bool],
    proba: Sequence[Sequence[float]] | None = None,
    truth_index: Sequence[int] | None = None,
    bins: int = 10,
) -> dict[str, Any]:
    """Expected and maximum calibration error of the top-class confidence, with a reliability table.

    With the full probability rows (``proba``) and the true class's column (``truth_index``)
    the multi-class Brier score and log loss are added.
    """
    n = len(confidence)
    table = []
    ece = mce = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if (lo <= c < hi) or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidence[i] for i in idx) / len(idx)
        acc = sum(bool(correct[i]) for i in idx) / len(idx)
        gap = abs(acc - conf)
        ece += len(idx) / n * gap
        mce = max(mce, gap)
        table.append({"lo": lo, "hi": hi, "n": len(idx), "confidence": conf, "accuracy": acc})
    out: dict[str, Any] = {
        "ece": ece,
        "mce": mce,
        "bins": table,
        "n": n,
        "mean_confidence": sum(confidence) / n if n else 0.0,
        "accuracy": sum(map(bool, correct)) / n if n else 0.0,
    }
    if proba is not None and truth_index is not None and n:
        p = np.asarray(proba, dtype=np.float64)
        onehot = np.zeros_like(p)
        onehot[np.arange(n), np.asarray(truth_index)] = 1.0
        out["brier"] = float(np.mean(np.sum((p - onehot) ** 2, axis=1)))
        out["log_loss"] = float(
            -np.mean(np.log(np.clip(p[np.arange(n), np.asarray(truth_index)], 1e-6, 1.0)))
        )
    return out


# ------------------------------------------------------------------------------------------
# evaluation through the pipeline


@dataclass
class EvalReport:
    """Everything ``vocradar eval`` reports."""

    data: dict[str, Any]
    category: dict[str, Any]
    alert: dict[str, Any]
    reasons: dict[str, Any]
    calibration: dict[str, Any]
    levels: dict[str, Any]
    cost: dict[str, Any]
    model_version: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    by_lang: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "data": self.data,
            "category": self.category,
            "alert": self.alert,
            "reasons": self.reasons,
            "calibration": self.calibration,
            "levels": self.levels,
            "by_lang": self.by_lang,
            "cost": self.cost,
        }


def evaluate(
    pipeline: ScoringPipeline,
    data: LabelledSet,
    *,
    batch: int = 256,
    progress: Progress | None = None,
    keep_errors: int = 25,
) -> EvalReport:
    """Score ``data`` through ``pipeline.process`` (the ``vocradar score`` path) and compare with labels.

    Lines the pipeline dead-letters are counted as ``invalid`` and left out of the metrics.
    """
    from vocradar.models.pipeline import RawMessage, ScoredEvent

    y_true: list[str] = []
    y_pred: list[str] = []
    conf: list[float] = []
    proba: list[list[float]] = []
    alert_true: list[bool | None] = []
    alert_pred: list[bool] = []
    reasons_true: list[tuple[str, ...]] = []
    reasons_pred: list[tuple[str, ...]] = []
    level_counts: Counter[str] = Counter()
    langs: list[str] = []
    invalid = 0
    errors: list[dict[str, Any]] = []
    started = time.perf_counter()
    for start in range(0, len(data), batch):
        chunk = [
            RawMessage(line, data.refs[start + i]) for i, line in enumerate(data.lines[start : start + batch])
        ]
        items = pipeline.process(chunk).items
        for label, item in zip(data.labels[start : start + batch], items, strict=True):
            if not isinstance(item, ScoredEvent):
                invalid += 1
                continue
            pred = item.prediction
            y_true.append(label.category)
            y_pred.append(pred.category)
            conf.append(pred.confidence)
            proba.append([pred.scores.get(c, 0.0) for c in CATEGORIES])
            alert_true.append(label.alert)
            alert_pred.append(item.assessment.alert)
            reasons_true.append(label.reasons)
            reasons_pred.append(item.assessment.reasons)
            level_counts[item.assessment.level] += 1
            langs.append(item.lang)
            wrong_alert = label.alert is not None and label.alert != item.assessment.alert
            if (pred.category != label.category or wrong_alert) and len(errors) < keep_errors:
                errors.append(
                    {
                        "event_id": item.event.event_id,
                        "family": label.family,
                        "true": label.category,
                        "pred": pred.category,
                        "confidence": pred.confidence,
                        "alert_true": label.alert,
                        "alert_pred": item.assessment.alert,
                        "reasons_true": list(label.reasons),
                        "reasons_pred": list(item.assessment.reasons),
                    }
                )
        if progress is not None:
            progress(len(chunk))
    elapsed = time.perf_counter() - started
    scored = len(y_true)
    by_lang: dict[str, Any] = {}
    for lang in sorted(set(langs)):
        rows = [i for i, lg in enumerate(langs) if lg == lang]
        by_lang[lang] = {
            "events": len(rows),
            "category": category_metrics([y_true[i] for i in rows], [y_pred[i] for i in rows]),
            "alert": alert_metrics([alert_true[i] for i in rows], [alert_pred[i] for i in rows]),
        }
    truth_index = [CATEGORIES.index(t) for t in y_true]
    return EvalReport(
        data={
            "events": scored,
            "invalid": invalid,
            "unlabelled": data.unlabelled,
            "bad_lines": data.bad,
            "other_split": data.other_split,
            "families": len({lab.family for lab in data.labels}),
        },
        category=category_metrics(y_true, y_pred),
        alert=alert_metrics(alert_true, alert_pred),
        reasons=reason_recall(reasons_true, reasons_pred),
        calibration=calibration_metrics(
            conf, [t == p for t, p in zip(y_true, y_pred, strict=True)], proba, truth_index
        ),
        levels=dict(level_counts),
        by_lang=by_lang,
        cost={"seconds": elapsed, "ms_per_event": 1000 * elapsed / max(len(data), 1)},
        model_version=pipeline.model_version,
        errors=errors,
    )


STAGES = ("parse", "analyse", "classify", "risk")


def stage_cost(
    pipeline: ScoringPipeline, lines: Sequence[bytes], batch: int = 256
) -> dict[str, dict[str, float]]:
    """Milliseconds per event of each stage (parse, analyse, classify, risk) on ``lines``:
    ``{"wall": {...}, "cpu": {...}}``.

    ``pipeline`` should be a fresh one: the caches of a pipeline that has already seen these
    events (views, unit signals) would flatter the scorers. The analyser here is a fresh one
    without the turn cache, sharing the pipeline's loaded Kiwi. CPU time is the whole
    process's, so it counts Kiwi's worker threads: the analyser runs on every core, the scorers
    on one, and wall time alone would compare a parallel stage with a serial one.
    """
    from vocradar.models.analyzer import KiwiAnalyzer
    from vocradar.models.events import BadEvent, parse_event
    from vocradar.models.types import RiskContext

    analyzer = KiwiAnalyzer(max_chars=pipeline.analyzer.max_chars, turn_cache_size=0)
    analyzer._kiwi = pipeline.analyzer.kiwi  # the same loaded model: only the cache differs

    wall = dict.fromkeys(STAGES, 0.0)
    cpu = dict.fromkeys(STAGES, 0.0)
    n = 0

    def clocks() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    for start in range(0, len(lines), batch):
        marks = [clocks()]
        events = []
        for line in lines[start : start + batch]:
            try:
                events.append(parse_event(line, pipeline.settings.max_event_bytes))
            except BadEvent:
                continue
        marks.append(clocks())
        analyses = analyzer.analyze(events)
        marks.append(clocks())
        predictions = pipeline.classifier.predict(analyses)
        marks.append(clocks())
        for a, p in zip(analyses, predictions, strict=True):
            pipeline.scorer.score(a, p, RiskContext())
        marks.append(clocks())
        for i, stage in enumerate(STAGES):
            wall[stage] += marks[i + 1][0] - marks[i][0]
            cpu[stage] += marks[i + 1][1] - marks[i][1]
        n += len(events)
    return {
        "wall": {k: 1000 * v / max(n, 1) for k, v in wall.items()},
        "cpu": {k: 1000 * v / max(n, 1) for k, v in cpu.items()},
    }


def format_stage_cost(stages: Mapping[str, Mapping[str, float]]) -> list[str]:
    """:func:`stage_cost` for people: per stage, then scoring next to analysis, in CPU time."""
    wall, cpu = stages["wall"], stages["cpu"]
    scoring = cpu["classify"] + cpu["risk"]
    return [
        "  per event: " + ", ".join(f"{k} {wall[k]:.2f}" for k in STAGES) + " ms (wall)",
        "             " + ", ".join(f"{k} {cpu[k]:.2f}" for k in STAGES) + " ms (CPU, all threads)",
        f"  scoring (classify + risk) {scoring:.2f} ms CPU/event vs analysis {cpu['analyse']:.2f}: "
        f"{scoring / max(cpu['analyse'], 1e-9):.2f}x",
    ]


# ------------------------------------------------------------------------------------------
# the report for people


def _pct(x: float) -> str:
    return f"{x:.3f}"


def format_report(report: EvalReport, korean: bool = True) -> str:
    """The report as text: per-class table, confusion matrix, alerts, reasons, calibration."""
    cat = report.category
    d = report.data
    lines = [
        f"model {report.model_version}",
        f"events {d['events']} scored ({d['families']} families), {d['invalid']} invalid, "
        f"{d['unlabelled']} unlabelled skipped, {d['bad_lines']} bad lines"
        + (f", {d['other_split']} in other splits" if d.get("other_split") else ""),
        "",
        "category            precision  recall      f1  support",
    ]
    for c in cat["labels"]:
        m = cat["per_class"][c]
        name = f"{c} ({KO_LABELS.get(c, c)})" if korean else c
        lines.append(
            f"  {name:<18}{_pct(m['precision']):>10}{_pct(m['recall']):>8}{_pct(m['f1']):>8}{m['support']:>9}"
        )
    lines.append(f"  macro-F1 {cat['macro_f1']:.3f}   accuracy {cat['accuracy']:.3f}   n {cat['n']}")
    lines.append("")
    lines.append("confusion (rows: true, columns: predicted)")
    names = [KO_LABELS.get(c, c) if korean else c for c in cat["labels"]]
    short = [n[:4] if korean else n[:6] for n in names]
    width = 6
    lines.append(" " * 14 + "".join(_pad(s, width) for s in short))
    for name, row in zip(names, cat["confusion"], strict=True):
        lines.append(_pad(name, 14, left=True) + "".join(f"{v if v else '.':>{width}}" for v in row))
    a = report.alert
    lines += [
        "",
        f"alert  precision {a['precision']:.3f}  recall {a['recall']:.3f}  F1 {a['f1']:.3f}  "
        f"(tp {a['tp']}, fp {a['fp']}, fn {a['fn']}, tn {a['tn']}; {a['debatable']} debatable left out)",
        "levels "
        + ", ".join(f"{lv} {report.levels.get(lv, 0)}" for lv in ("low", "medium", "high", "critical")),
    ]
    if len(report.by_lang) > 1:
        lines.append("")
        lines.append("by language      events  macro-F1  accuracy  alert P  alert R")
        for lang, m in report.by_lang.items():
            la = m["alert"]
            lines.append(
                f"  {lang:<14}{m['events']:>8}{m['category']['macro_f1']:>10.3f}"
                f"{m['category']['accuracy']:>10.3f}{la['precision']:>9.3f}{la['recall']:>9.3f}"
            )
    lines += [
        "",
        "reason               support  recall  precision",
    ]
    for r, m in report.reasons.items():
        lines.append(f"  {r:<19}{m['support']:>8}{_pct(m['recall']):>8}{_pct(m['precision']):>11}")
    c = report.calibration
    extra = f"  Brier {c['brier']:.3f}  log-loss {c['log_loss']:.3f}" if "brier" in c else ""
    lines += [
        "",
        f"calibration of category_confidence: ECE {c['ece']:.3f}  MCE {c['mce']:.3f}  "
        f"mean confidence {c['mean_confidence']:.3f} vs accuracy {c['accuracy']:.3f}{extra}",
        "  confidence      n   mean conf  accuracy",
    ]
    for b in c["bins"]:
        lines.append(
            f"  {b['lo']:.1f}-{b['hi']:.1f}  {b['n']:>7}{b['confidence']:>12.3f}{b['accuracy']:>10.3f}"
        )
    cost = report.cost
    lines += ["", f"cost {cost['ms_per_event']:.2f} ms/event through the whole pipeline"]
    if "stages" in cost:
        lines += format_stage_cost(cost["stages"])
    return "\n".join(lines)


def _pad(text: str, width: int, left: bool = False) -> str:
    """Pad to a display width (Hangul is two columns wide)."""
    w = sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)
    space = " " * max(width - w, 1 if not left else 0)
    return text + space if left else space + text


def plot_report(report: EvalReport, path: Path) -> bool:
    """A reliability diagram and the confusion matrix as a PNG, when matplotlib is installed.

    Returns False (nothing written) when no plotting library is available.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
    bins = report.calibration["bins"]
    ax1.plot([0, 1], [0, 1], "--", color="grey")
    ax1.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-")
    ax1.set_xlabel("category_confidence")
    ax1.set_ylabel("accuracy")
    ax1.set_title(f"reliability (ECE {report.calibration['ece']:.3f})")
    cm = np.asarray(report.category["confusion"], dtype=float)
    ax2.imshow(cm / np.maximum(cm.sum(axis=1, keepdims=True), 1), cmap="Blues")
    labels = report.category["labels"]
    ax2.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax2.set_yticks(range(len(labels)), labels)
    ax2.set_title(f"confusion (macro-F1 {report.category['macro_f1']:.3f})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


# ------------------------------------------------------------------------------------------
# training


def analyse(
    analyzer: KiwiAnalyzer,
    lines: Sequence[bytes],
    *,
    batch: int = 256,
    progress: Progress | None = None,
) -> tuple[list[EventAnalysis], list[int]]:
    """Parse and analyse ``lines``; returns the analyses and the indices of the lines they came from."""
    from vocradar.models.events import BadEvent, parse_event

    analyses: list[EventAnalysis] = []
    kept: list[int] = []
    for start in range(0, len(lines), batch):
        events = []
        for i in range(start, min(start + batch, len(lines))):
            try:
                events.append(parse_event(lines[i]))
                kept.append(i)
            except BadEvent:
                continue
        analyses += analyzer.analyze(events)
        if progress is not None:
            progress(min(batch, len(lines) - start))
    return analyses, kept


@dataclass
class TrainResult:
    """What :func:`train` wrote and measured."""

    classifier_path: Path
    reasons_path: Path | None
    train_events: int
    families: int
    seconds: float
    report: EvalReport | None
    baseline: EvalReport | None = None


def train(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    lexicon: Lexicon | None = None,
    embedding: str = "none",
    demo: int = 4000,
    demo_weight: float = DEMO_WEIGHT,
    written_weight: float = WRITTEN_WEIGHT,
    cascade: bool = True,
    teacher_cache: Path | None = None,
    reasons: bool = True,
    evaluate_split: str | None = "test",
    progress: Callable[[str, int], Progress] | None = None,
    classifier_params: dict[str, Any] | None = None,
) -> TrainResult:
    """Train on the ``train`` split of ``paths``, write artifacts to ``out_dir``, evaluate held out.

    Parameters
    ----------
    paths
        Labelled JSONL files (``meta.split`` = ``train`` | ``test``).
    out_dir
        Where ``classifier.joblib`` (and ``reasons.joblib``) are written.
    settings
        Process settings; evaluation builds the pipeline from them with ``model_dir=out_dir``.
    demo
        Auxiliary labelled events from the demo generator added to training (0: none), see
        :func:`demo_labelled`.
    demo_weight
        Weight of each demo event in the classifier's loss (corpus events weigh 1). Their
        templates are written apart from the corpus, so they teach wording the corpus families
        lack: in family-grouped cross-validation of the train split (corpus 1.1), macro-F1 was
        0.788 / 0.793 / 0.798 / 0.803 / 0.805 / 0.799 at weights 0.25 / 0.5 / 1 / 2 / 3 / 4.
    written_weight
        Weight of a text written in a real genre (``meta.written``, ``models/corpus/written/``): they
        are fewer than the template events and closer to how customers write.
    embedding
        ``e5-static``, ``none``, ``static`` or a SentenceTransformer path/name
        (:func:`~vocradar.models.embedder.load_embedder`).
    cascade
        Also fit the slow classifier of the cascade (:mod:`vocradar.models.cascade`): the same
        model over multilingual-e5 vectors, written to ``classifier_e5.joblib``. Encoding the
        training texts with e5 takes minutes; ``teacher_cache`` (an ``.npz``) keeps the vectors.
    reasons
        Also fit the learned reason models (:class:`~vocradar.models.learned.ReasonModels`).
    evaluate_split
        Split evaluated afterwards through the pipeline (None: skip).
    progress
        ``progress(description, total)`` returns a callback taking a count (a tqdm bar's update).
    """
    from vocradar.lexicons import load_lexicon
    from vocradar.models.analyzer import KiwiAnalyzer
    from vocradar.models.embedder import load_embedder
    from vocradar.models.learned import CASCADE_FILE, CLASSIFIER_FILE, REASON_FILE, LearnedClassifier
    from vocradar.models.pipeline import ScoringPipeline

    started = time.perf_counter()
    lexicon = lexicon or load_lexicon(settings.lexicon_dir)
    data = read_labelled(paths, split="train")
    if not len(data):
        raise ValueError(f"no labelled events with meta.split = train in {[str(p) for p in paths]}")
    extra = demo_labelled(demo)
    data.lines += extra.lines
    data.labels += extra.labels
    data.refs += extra.refs
    analyzer = KiwiAnalyzer(num_workers=-1, user_dictionary=lexicon.user_dictionary_path)
    bar = progress("analyse", len(data)) if progress else None
    analyses, kept = analyse(analyzer, data.lines, progress=bar)
    labels = [data.labels[i] for i in kept]
    lines = [data.lines[i] for i in kept]
    embedder = load_embedder(embedding, train_texts=analyses, train_labels=[lab.category for lab in labels])
    model = LearnedClassifier(lexicon=lexicon, embedder=embedder, **(classifier_params or {}))
    fit_bar = progress("fit", 2 if reasons else 1) if progress else None
    weights = [
        demo_weight if lab.family.startswith("demo:") else written_weight if lab.written else 1.0
        for lab in labels
    ]
    fit_args = (analyses, [lab.category for lab in labels], [lab.family for lab in labels])
    model.fit(*fit_args, sample_weight=weights, training_lines=lines)
    model.training_["auxiliary_demo_events"] = len(extra)
    model.training_["demo_weight"] = demo_weight
    model.training_["written_weight"] = written_weight
    model.training_["written_events"] = sum(lab.written for lab in labels)
    if fit_bar:
        fit_bar(1)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    classifier_path = model.save(out_dir / CLASSIFIER_FILE)
    reasons_path: Path | None = None
    stale = out_dir / REASON_FILE
    if reasons:
        from vocradar.models.learned import fit_reason_models
        from vocradar.models.risk import LexiconRiskScorer
        from vocradar.models.types import RiskContext

        scorer = LexiconRiskScorer(lexicon, settings)
        predictions = model.predict(analyses)
        base = [scorer.score(a, p, RiskContext()) for a, p in zip(analyses, predictions, strict=True)]
        reason_models = fit_reason_models(model, analyses, labels, base, lines=lines)
        if reason_models is not None:
            reasons_path = reason_models.save(stale)
        elif stale.exists():
            stale.unlink()
        if fit_bar:
            fit_bar(1)
    elif stale.exists():
        stale.unlink()
    slow_path = out_dir / CASCADE_FILE
    if cascade:
        import os

        from vocradar.models.embedder import CachedEncoder, E5Embedder

        encoder = CachedEncoder(
            lambda: E5Embedder(num_threads=os.cpu_count()),
            teacher_cache or Path(".vocradar/e5-teacher.npz"),
            spec="e5",
        )
        slow = LearnedClassifier(lexicon=lexicon, embedder=encoder, **(classifier_params or {}))
        slow.fit(*fit_args, sample_weight=weights, training_lines=lines)
        encoder.save()
        slow.save(slow_path)
    elif slow_path.exists():
        slow_path.unlink()
    seconds = time.perf_counter() - started
    report = baseline = None
    if evaluate_split is not None:
        test = read_labelled(paths, split=evaluate_split)
        if len(test):
            tuned = settings.model_copy(
                update={"model_dir": out_dir, "classifier": "learned", "cascade_max_per_s": None}
            )
            pipeline = ScoringPipeline.build(tuned)
            ebar = progress(f"eval {evaluate_split}", len(test)) if progress else None
            report = evaluate(pipeline, test, progress=ebar)
            fresh = ScoringPipeline.build(tuned).warm_up()  # with no cache of the test texts
            report.cost["stages"] = stage_cost(fresh, test.lines)
            plain = settings.model_copy(update={"classifier": "lexicon", "risk_model": "lexicon"})
            bbar = progress("baseline", len(test)) if progress else None
            baseline = evaluate(ScoringPipeline.build(plain), test, progress=bbar)
    return TrainResult(
        classifier_path,
        reasons_path,
        len(labels),
        len({lab.family for lab in labels}),
        seconds,
        report,
        baseline,
    )


def summary_line(report: EvalReport) -> str:
    """One line: macro-F1, alert precision/recall, ECE."""
    return (
        f"macro-F1 {report.category['macro_f1']:.3f}, accuracy {report.category['accuracy']:.3f}; "
        f"alert precision {report.alert['precision']:.3f} recall {report.alert['recall']:.3f}; "
        f"ECE {report.calibration['ece']:.3f}"
    )


def log_loss_of(proba: np.ndarray, truth: Sequence[int]) -> float:
    """Mean negative log-likelihood of the true classes."""
    p = np.clip(proba[np.arange(len(truth)), np.asarray(truth)], 1e-6, 1.0)
    return float(-np.mean(np.log(p))) if len(truth) else math.nan
