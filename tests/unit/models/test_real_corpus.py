"""The real-text data set: row rules, label passes, splits by source, and the shipped file itself."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from vocradar.models.corpus.real import (
    REAL_FILE,
    BadRow,
    assign_splits,
    build,
    check_row,
    final_label,
    read_raw,
    trainable,
)
from vocradar.models.types import CATEGORIES, REASONS


def _row(event_id: str = "r-1", site: str = "example.co.kr", url: str | None = None, **over: object) -> dict:
    row = {
        "event_id": event_id,
        "source": "ticket",
        "occurred_at": "2025-01-01T00:00:00+09:00",
        "lang": "ko",
        "text": f"해지해 달라고 했는데 계속 미뤄요 {event_id}",
        "label": {"category": "cancellation", "alert": True, "reasons": ["agent_obstruction"]},
        "meta": {
            "source_url": url or f"https://{site}/a/{event_id}",
            "source_site": site,
            "source_kind": "news_quote",
            "licence": "quoted excerpt; copyright of the publisher; evaluation only",
        },
    }
    row.update(over)
    return row


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["meta"].pop("source_url"), "source_url"),
        (lambda r: r["meta"].update(licence=""), "licence"),
        (lambda r: r["meta"].update(source_url="somewhere"), "not a URL"),
        (lambda r: r["label"].update(category="anger"), "category"),
        (lambda r: r["label"].update(reasons=["viral"]), "reasons"),
        (lambda r: r["label"].update(alert="yes"), "alert"),
        (lambda r: r.update(text=""), "no text"),
        (lambda r: r.update(text="가" * 1500), "too long"),
        (lambda r: r.update(lang="ja"), "lang"),
        (lambda r: r["meta"].update(source_kind="rumour"), "source_kind"),
    ],
)
def test_check_row_names_the_broken_rule(change, message):
    row = _row()
    change(row)
    with pytest.raises(BadRow, match=message):
        check_row(row)


def test_licences_decide_what_may_train_shipped_weights():
    assert not trainable("quoted excerpt; copyright of the publisher; evaluation only")
    assert trainable("CC0 1.0")
    assert trainable("KOGL Type 1 (공공누리 제1유형)")
    assert not trainable("CC BY 4.0; evaluation only")


def test_read_raw_drops_repeated_texts_and_reports_bad_rows(tmp_path):
    a = _row("a-1")
    dup = _row("b-1", text=a["text"].replace(" ", "  ") + "!")
    bad = _row("c-1")
    bad["meta"]["licence"] = ""
    (tmp_path / "x.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (a, dup, bad)) + "\nnot json\n", encoding="utf-8"
    )
    rows, rejected = read_raw([tmp_path / "x.jsonl"])
    assert [r["event_id"] for r in rows] == ["a-1"]
    assert [why.split(" ")[0] for _, why in rejected] == ["repeats", "meta.licence", "Expecting"]


def test_splits_hold_whole_sources_near_their_targets():
    rows = []
    for s in range(40):
        for k in range(1 + s % 4):
            rows.append(_row(f"s{s}-{k}", site=f"site{s}.kr"))
    rows += [_row(f"big-{k}", site="big.kr", url=f"https://big.kr/article/{k // 3}") for k in range(60)]
    splits = assign_splits(rows)
    groups = defaultdict(set)
    for r in rows:
        key = r["meta"]["source_site"] if r["meta"]["source_site"] != "big.kr" else r["meta"]["source_url"]
        groups[key].add(splits[r["event_id"]])
    assert all(len(s) == 1 for s in groups.values())  # a source is never in two splits
    big_splits = {splits[r["event_id"]] for r in rows if r["meta"]["source_site"] == "big.kr"}
    assert len(big_splits) > 1  # a site holding much of the language is split by page
    share = {s: sum(v == s for v in splits.values()) / len(rows) for s in ("train", "dev", "test")}
    assert abs(share["test"] - 0.40) < 0.06 and abs(share["dev"] - 0.25) < 0.06
    assert assign_splits(list(reversed(rows))) == splits  # the order of rows does not matter


def test_final_label_keeps_agreement_and_adjudication():
    first = {"category": "billing", "alert": False, "reasons": []}
    same = {"category": "billing", "alert": False, "reasons": ["repeat_contact"]}
    other = {"category": "other", "alert": True, "reasons": ["customer_abuse"]}
    assert final_label(first, None, None) == (first, "single")
    assert final_label(first, same, None) == (first, "agreed")
    assert final_label(first, other, None) == (first, "disputed")
    assert final_label(first, other, other) == (other, "adjudicated")


def test_build_writes_splits_families_and_labels(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "labels2").mkdir()
    (tmp_path / "labels3").mkdir()
    rows = [_row(f"r-{i}", site=f"s{i % 7}.kr") for i in range(30)]
    (raw / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (tmp_path / "labels2" / "p.jsonl").write_text(
        json.dumps({"event_id": "r-0", "category": "billing", "alert": False, "reasons": []}),
        encoding="utf-8",
    )
    (tmp_path / "labels3" / "p.jsonl").write_text(
        json.dumps({"event_id": "r-0", "category": "other", "alert": False, "reasons": []}), encoding="utf-8"
    )
    out = tmp_path / "real.jsonl"
    build(raw, out)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 30
    first = written[0]
    assert first["label"]["category"] == "other" and first["meta"]["labelled"] == "adjudicated"
    assert {w["meta"]["split"] for w in written} <= {"train", "dev", "test"}
    assert all(w["meta"]["family"].startswith("real:") and w["meta"]["trainable"] is False for w in written)


def test_the_shipped_data_set_names_every_source_and_keeps_splits_apart():
    rows = [json.loads(line) for line in Path(REAL_FILE).read_text(encoding="utf-8").splitlines()]
    by_lang: dict[str, int] = defaultdict(int)
    families: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        check_row(row)
        by_lang[row["lang"]] += 1
        families[row["meta"]["family"]].add(row["meta"]["split"])
        assert row["label"]["category"] in CATEGORIES
        assert set(row["label"]["reasons"]) <= set(REASONS)
        assert row["meta"]["labelled"] in {"agreed", "adjudicated", "disputed", "single"}
    assert by_lang["ko"] >= 1_000 and by_lang["en"] >= 200
    assert all(len(splits) == 1 for splits in families.values())
    sites = defaultdict(set)
    for row in rows:
        sites[(row["lang"], row["meta"]["family"])].add(row["meta"]["split"])
    assert {row["meta"]["split"] for row in rows} == {"train", "dev", "test"}
    assert not any(row["meta"]["trainable"] for row in rows if "evaluation only" in row["meta"]["licence"])
