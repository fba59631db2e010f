"""The real-text data set: customer words from public sources, labelled by the contract.

Rows live in ``models/corpus/real/raw/*.jsonl`` as they were collected: a contract event
(shared/voc-contract.md, section 1) with a ``label`` and a ``meta`` that names where the words
come from (``source_url``, ``source_site``, ``source_kind``) and under which ``licence``.
:func:`build` checks every row (:func:`check_row`), drops repeated texts, assigns each row a
split **by source** (:func:`assign_splits`: a whole site, or for a site that holds much of a
language, a whole page, goes to one split) and writes ``models/corpus/real/voc_real.jsonl``, the
file that ``vocradar eval --data ... --split test`` reads.

Splits: ``train`` (read to review lexicons; trains shipped weights only where its licence
allows, see :func:`trainable`), ``dev`` (model choices and thresholds) and ``test`` (scored once
per model change, never trained or tuned on).

Run ``python -m vocradar.models.corpus.real`` to rebuild the file and print its tables.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from vocradar.models.types import CATEGORIES, REASONS

__all__ = [
    "REAL_DIR",
    "REAL_FILE",
    "SOURCE_KINDS",
    "SPLITS",
    "BadRow",
    "assign_splits",
    "build",
    "check_row",
    "final_label",
    "group_key",
    "read_passes",
    "read_raw",
    "source_groups",
    "stats",
    "trainable",
]

REAL_DIR = Path(__file__).resolve().parent / "real"
REAL_FILE = REAL_DIR / "voc_real.jsonl"
#: Target share of each split (per language, counted in rows).
SPLITS: dict[str, float] = {"train": 0.35, "dev": 0.25, "test": 0.40}
#: A site holding more than this share of a language's rows is split by page, not as a whole.
_BIG_SITE = 0.10
SOURCE_KINDS = frozenset(
    {
        "news_quote",
        "news_narration",
        "complaint_report",
        "reader_letter",
        "community_post",
        "blog",
        "review",
        "tweet",
        "qa",
        "company_statement",
        "dataset",
    }
)
#: Licence words that allow training shipped weights (an open licence stated by the source).
_OPEN = re.compile(r"\b(CC0|CC BY(?:-SA)? [0-9.]+|MIT|Apache-2\.0|KOGL Type 1|공공누리 제1유형)\b", re.I)
_EVAL_ONLY = re.compile(r"evaluation only", re.I)
_SOURCES = {"call", "ticket", "tweet", "note", "chat", "email"}


class BadRow(ValueError):
    """A raw row that breaks the data set's rules; the message says which rule."""


def trainable(licence: str) -> bool:
    """Whether a row under ``licence`` may train weights that ship (an open licence, not eval-only)."""
    return bool(_OPEN.search(licence)) and not _EVAL_ONLY.search(licence)


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", unicodedata.normalize("NFC", text)).lower()


def _body(row: Mapping[str, Any]) -> str:
    if isinstance(row.get("text"), str):
        return str(row["text"])
    return " ".join(str(t.get("text", "")) for t in row.get("turns") or [] if isinstance(t, dict))


def _check_label(label: Any) -> None:
    if not isinstance(label, dict) or label.get("category") not in CATEGORIES:
        raise BadRow(f"bad category {label.get('category') if isinstance(label, dict) else label!r}")
    if label.get("alert") not in (True, False, None):
        raise BadRow(f"alert must be true, false or null, got {label.get('alert')!r}")
    reasons = label.get("reasons") or []
    if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
        raise BadRow(f"bad reasons {reasons!r}")


def check_row(row: Any) -> dict[str, Any]:
    """Return ``row`` if it follows the data set's rules, else raise :class:`BadRow` saying why."""
    if not isinstance(row, dict):
        raise BadRow("not a JSON object")
    for key in ("event_id", "source", "occurred_at", "lang", "label", "meta"):
        if key not in row:
            raise BadRow(f"missing {key}")
    if row["source"] not in _SOURCES:
        raise BadRow(f"unknown source {row['source']!r}")
    if row["lang"] not in ("ko", "en"):
        raise BadRow(f"lang must be ko or en, got {row['lang']!r}")
    body = _body(row).strip()
    if not body:
        raise BadRow("no text and no turns")
    if len(body) > 1_200:
        raise BadRow(f"excerpt too long ({len(body)} characters): quote a short excerpt")
    _check_label(row["label"])
    meta = row["meta"]
    if not isinstance(meta, dict):
        raise BadRow("meta is not an object")
    for key in ("source_url", "source_site", "source_kind", "licence"):
        if not str(meta.get(key) or "").strip():
            raise BadRow(f"meta.{key} is missing: every row names its source and licence")
    if not re.match(r"^(https?://|repo:)", str(meta["source_url"])):
        raise BadRow(f"meta.source_url is not a URL or repository path: {meta['source_url']!r}")
    if meta["source_kind"] not in SOURCE_KINDS:
        raise BadRow(f"unknown meta.source_kind {meta['source_kind']!r}")
    return row


def read_raw(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Rows of the raw files that pass :func:`check_row`, and ``(file:line, why)`` for the others.

    A text seen before (spacing, punctuation and case aside) is reported and left out.
    """
    rows: list[dict[str, Any]] = []
    rejected: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for path in sorted(Path(p) for p in paths):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            ref = f"{path.name}:{n}"
            try:
                row = check_row(json.loads(line))
            except (ValueError, BadRow) as exc:
                rejected.append((ref, str(exc)))
                continue
            key = _norm(_body(row))
            if key in seen:
                rejected.append((ref, f"repeats {seen[key]}"))
                continue
            if row["event_id"] in ids:
                rejected.append((ref, f"repeated event_id {row['event_id']}"))
                continue
            seen[key] = ref
            ids.add(row["event_id"])
            rows.append(row)
    return rows, rejected


def _site(meta: Mapping[str, Any]) -> str:
    site = str(meta["source_site"]).lower().strip()
    return site.removeprefix("www.").removeprefix("m.")


def group_key(row: Mapping[str, Any], big_sites: set[str]) -> str:
    """The unit a split holds whole: the site, or the page for a site in ``big_sites``."""
    meta = row["meta"]
    site = _site(meta)
    if site in big_sites:
        url = re.sub(r"^https?://(www\.|m\.)?", "", str(meta["source_url"]).split("#")[0])
        return f"{site}|{url}"
    return site


def source_groups(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """``lang -> group key -> event ids``: the sources (:func:`group_key`) of each language."""
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    out: dict[str, dict[str, list[str]]] = {}
    for lang, lang_rows in by_lang.items():
        sites = Counter(_site(r["meta"]) for r in lang_rows)
        big = {s for s, n in sites.items() if n > _BIG_SITE * len(lang_rows)}
        groups: dict[str, list[str]] = defaultdict(list)
        for r in lang_rows:
            groups[group_key(r, big)].append(r["event_id"])
        out[lang] = groups
    return out


def assign_splits(rows: Sequence[dict[str, Any]], seed: str = "real-1") -> dict[str, str]:
    """``event_id -> split``: whole sources go to one split, per language, near :data:`SPLITS`.

    Groups are visited in an order fixed by a hash of their key, and each goes to the split
    furthest below its target share; adding rows from a new site leaves the old ones in place
    unless the balance needs them.
    """
    out: dict[str, str] = {}
    for groups in source_groups(rows).values():
        order = sorted(groups, key=lambda k: hashlib.sha256(f"{seed}|{k}".encode()).hexdigest())
        filled = dict.fromkeys(SPLITS, 0)
        for key in order:
            total = sum(filled.values()) + len(groups[key])
            split = max(SPLITS, key=lambda s: SPLITS[s] * total - filled[s])
            filled[split] += len(groups[key])
            for event_id in groups[key]:
                out[event_id] = split
    return out


def read_passes(directory: Path) -> dict[str, dict[str, Any]]:
    """``event_id -> label`` of one labelling pass (``{event_id, category, alert, reasons, ...}`` lines)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            label = {
                "category": item["category"],
                "alert": item["alert"],
                "reasons": list(item.get("reasons") or []),
            }
            try:
                _check_label(label)
            except BadRow as exc:
                raise BadRow(f"{path.name}:{n}: {exc}") from exc
            out[str(item["event_id"])] = label
    return out


def final_label(
    first: dict[str, Any], second: dict[str, Any] | None, decided: dict[str, Any] | None
) -> tuple[dict[str, Any], str]:
    """The label a row keeps, and how it was reached.

    ``agreed``: the second, blind pass gave the same category and alert (the first pass's reasons
    are kept); ``adjudicated``: a third reader chose between the two, or neither; ``single``: one
    pass only (rows added after the second pass).
    """
    if decided is not None:
        return decided, "adjudicated"
    if second is None:
        return first, "single"
    if second["category"] == first["category"] and second["alert"] == first["alert"]:
        return first, "agreed"
    return first, "disputed"


def build(
    raw_dir: Path = REAL_DIR / "raw", out: Path = REAL_FILE
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Check, de-duplicate, settle labels and split the raw rows; write them to ``out``.

    Labels: the raw files hold the first pass; ``labels2/`` a blind second pass; ``labels3/`` the
    adjudication of rows where the two differ (:func:`final_label`).
    """
    rows, rejected = read_raw(sorted(Path(raw_dir).glob("*.jsonl")))
    second = read_passes(Path(raw_dir).parent / "labels2")
    decided = read_passes(Path(raw_dir).parent / "labels3")
    splits = assign_splits(rows)
    family = {e: key for groups in source_groups(rows).values() for key, ids in groups.items() for e in ids}
    with Path(out).open("w", encoding="utf-8") as fh:
        for row in rows:
            meta = dict(row["meta"])
            meta["family"] = f"real:{family[row['event_id']]}"
            meta["split"] = splits[row["event_id"]]
            meta["trainable"] = trainable(str(meta["licence"]))
            label, meta["labelled"] = final_label(
                row["label"], second.get(row["event_id"]), decided.get(row["event_id"])
            )
            row = {**row, "label": label, "meta": meta}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows, rejected


def stats(path: Path = REAL_FILE) -> dict[str, Any]:
    """Counts of the written data set by language and split: rows, sites, categories, alerts."""
    table: dict[str, Any] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = f"{row['lang']}/{row['meta']['split']}"
        t = table.setdefault(
            key,
            {
                "rows": 0,
                "sites": set(),
                "categories": Counter(),
                "alert": Counter(),
                "kinds": Counter(),
                "labelled": Counter(),
            },
        )
        t["rows"] += 1
        t["sites"].add(row["meta"]["source_site"])
        t["categories"][row["label"]["category"]] += 1
        t["alert"][str(row["label"]["alert"]).lower()] += 1
        t["kinds"][row["meta"]["source_kind"]] += 1
        t["labelled"][row["meta"].get("labelled", "single")] += 1
    for t in table.values():
        t["sites"] = len(t["sites"])
    return dict(sorted(table.items()))


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild ``voc_real.jsonl`` and print what was rejected and the counts."""
    rows, rejected = build()
    for ref, why in rejected:
        print(f"rejected {ref}: {why}", file=sys.stderr)
    print(f"{len(rows)} rows written to {REAL_FILE} ({len(rejected)} rejected)")
    for key, t in stats().items():
        cats = ", ".join(f"{c} {n}" for c, n in t["categories"].most_common())
        print(
            f"{key}: {t['rows']} rows from {t['sites']} sites; alert {dict(t['alert'])}; "
            f"labels {dict(t['labelled'])}; {cats}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
