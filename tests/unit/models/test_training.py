"""Evaluation metrics (hand-computed), reading labelled files, and the ``vocradar eval`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vocradar.cli import main
from vocradar.models.training import (
    alert_metrics,
    calibration_metrics,
    category_metrics,
    format_report,
    read_labelled,
    reason_recall,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def test_category_metrics_by_hand():
    # truth a a a b b c ; predicted a a b b c c
    y_true = ["billing", "billing", "billing", "network", "network", "device"]
    y_pred = ["billing", "billing", "network", "network", "device", "device"]
    m = category_metrics(y_true, y_pred, labels=["billing", "network", "device"])
    assert m["confusion"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    b, n, d = (m["per_class"][c] for c in ("billing", "network", "device"))
    assert (b["precision"], b["recall"]) == (1.0, pytest.approx(2 / 3))
    assert b["f1"] == pytest.approx(0.8)
    assert (n["precision"], n["recall"], n["f1"]) == (0.5, 0.5, 0.5)
    assert (d["precision"], d["recall"]) == (0.5, 1.0)
    assert d["f1"] == pytest.approx(2 / 3)
    assert m["macro_f1"] == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert b["support"] == 3


def test_macro_f1_ignores_classes_absent_from_the_truth():
    m = category_metrics(["billing", "billing"], ["billing", "other"])
    assert m["labels"] == ["billing", "other"]
    assert m["macro_f1"] == pytest.approx(2 / 3)  # billing only: p 1, r 0.5


def test_alert_metrics_leave_out_debatable():
    truth = [True, True, False, False, None, None, True]
    pred = [True, False, True, False, True, False, True]
    m = alert_metrics(truth, pred)
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (2, 1, 1, 1)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["debatable"] == 2 and m["n"] == 5
    assert alert_metrics([None], [True])["precision"] == 0.0


def test_reason_recall():
    truth = [("publicity_threat", "churn_intent"), ("churn_intent",), ()]
    pred = [("publicity_threat",), ("churn_intent", "agent_hostility"), ("churn_intent",)]
    r = reason_recall(truth, pred)
    assert r["publicity_threat"] == {"support": 1, "found": 1, "recall": 1.0, "given": 1, "precision": 1.0}
    assert r["churn_intent"]["recall"] == 0.5
    assert r["churn_intent"]["precision"] == 0.5
    assert r["agent_hostility"]["support"] == 0 and r["agent_hostility"]["given"] == 1
    assert "regulator_threat" not in r


def test_calibration_by_hand():
    # bin 0.9-1.0: conf .95 .95, one right -> gap .45; bin 0.5-0.6: conf .55 .55, both right -> gap .45
    conf = [0.95, 0.95, 0.55, 0.55]
    correct = [True, False, True, True]
    c = calibration_metrics(conf, correct, bins=10)
    assert c["ece"] == pytest.approx(0.45)
    assert c["mce"] == pytest.approx(0.45)
    assert [b["n"] for b in c["bins"]] == [2, 2]
    perfect = calibration_metrics([1.0, 1.0], [True, True], [[1.0, 0.0], [0.0, 1.0]], [0, 1])
    assert perfect["ece"] == 0.0 and perfect["brier"] == 0.0


def test_read_labelled_counts_skipped_and_bad_lines():
    data = read_labelled([DATA / "labelled_small.jsonl"])
    assert len(data) == 49
    assert data.unlabelled == 1
    assert data.bad == 2  # broken JSON, unknown category
    test = read_labelled([DATA / "labelled_small.jsonl"], split="test")
    assert len(test) == 13 and test.other_split == 36
    assert test.labels[-1].alert is True and "publicity_threat" in test.labels[-1].reasons

    sample = read_labelled([DATA / "sample_events.jsonl"])
    assert len(sample) == 2  # the two hand-labelled retention calls
    assert sample.bad >= 1  # the binary line is not JSON
    assert sample.unlabelled > 50


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_eval_command_on_sample_events(runner):
    result = runner.invoke(main, ["eval", "--data", str(DATA / "sample_events.jsonl"), "--code-labels"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "events 2 scored" in out
    assert "bad lines" in out and "unlabelled skipped" in out
    assert "macro-F1" in out and "confusion" in out
    assert "alert  precision" in out
    assert "calibration of category_confidence: ECE" in out
    assert "cancellation" in out

    as_json = runner.invoke(main, ["eval", "--data", str(DATA / "sample_events.jsonl"), "--json"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.output.strip().splitlines()[-1])
    assert report["data"]["events"] == 2
    assert report["data"]["bad_lines"] >= 1
    assert report["category"]["per_class"]["cancellation"]["support"] == 2
    assert report["alert"]["n"] == 2
    assert set(report) >= {"category", "alert", "reasons", "calibration", "cost", "model_version"}


def test_eval_command_split_and_empty(runner, tmp_path):
    result = runner.invoke(
        main, ["eval", "--data", str(DATA / "labelled_small.jsonl"), "--split", "test", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["data"]["events"] == 13
    assert report["data"]["other_split"] == 36
    empty = tmp_path / "e.jsonl"
    empty.write_text('{"event_id": "x"}\n', encoding="utf-8")
    result = runner.invoke(main, ["eval", "--data", str(empty)])
    assert result.exit_code != 0
    assert "no labelled events" in result.output


def test_format_report_is_readable_in_korean(runner):
    from vocradar.models.training import EvalReport

    cat = category_metrics(["billing", "network"], ["billing", "billing"])
    report = EvalReport(
        data={"events": 2, "invalid": 0, "unlabelled": 0, "bad_lines": 0, "other_split": 0, "families": 2},
        category=cat,
        alert=alert_metrics([True, False], [True, False]),
        reasons=reason_recall([("churn_intent",), ()], [("churn_intent",), ()]),
        calibration=calibration_metrics([0.9, 0.6], [True, False]),
        levels={"low": 1, "high": 1},
        cost={"ms_per_event": 1.0},
        model_version="m",
    )
    text = format_report(report)
    assert "요금" in text and "네트워크" in text
    assert "billing (요금)" in text


def test_eval_reports_each_language_of_a_mixed_file(runner, tmp_path):
    events = [
        {
            "event_id": "k1",
            "source": "ticket",
            "occurred_at": "2025-01-01T00:00:00+09:00",
            "lang": "ko",
            "text": "인터넷이 하루 종일 끊겨요",
            "label": {"category": "network", "alert": False, "reasons": []},
        },
        {
            "event_id": "k2",
            "source": "ticket",
            "occurred_at": "2025-01-01T00:00:00+09:00",
            "lang": "ko",
            "text": "이번 달 요금이 두 번 청구됐어요",
            "label": {"category": "billing", "alert": False, "reasons": []},
        },
        {
            "event_id": "e1",
            "source": "ticket",
            "occurred_at": "2025-01-01T00:00:00+00:00",
            "lang": "en",
            "text": "I was charged twice for my phone bill this month",
            "label": {"category": "billing", "alert": False, "reasons": []},
        },
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events), encoding="utf-8")
    result = runner.invoke(main, ["eval", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert {lang: m["events"] for lang, m in report["by_lang"].items()} == {"ko": 2, "en": 1}
    assert report["by_lang"]["ko"]["category"]["n"] == 2
    text = runner.invoke(main, ["eval", "--data", str(path), "--code-labels"]).output
    assert "by language" in text and "\n  en " in text
