"""Openly licensed Korean text from public repositories, read from a local checkout.

The texts are unlabelled: they serve to distil the sentence encoder (:func:`vocradar.models.
embedder.distil_e5`) and as everyday Korean vocabulary, never as labelled evaluation data. None of
them is shipped; point the readers at a checkout of the repository.

========================  ==========================================  ========  ============
reader                    repository and file                         licence   what
========================  ==========================================  ========  ============
:func:`read_kote`         searle-j/KOTE ``val.tsv``, ``test.tsv``     MIT       online comments
:func:`read_nsmc_raw`     e9t/nsmc ``raw/*.json``                     CC0 1.0   movie reviews
:func:`read_chatbot`      songys/Chatbot_data ``ChatbotData.csv``     MIT       everyday questions
========================  ==========================================  ========  ============

Every reader returns :class:`PublicText` rows with the source path, so that each text names where it
came from.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LICENCES", "PublicText", "read_chatbot", "read_kote", "read_nsmc_raw", "read_public"]

#: Licence of each repository read here.
LICENCES: dict[str, str] = {
    "searle-j/KOTE": "MIT",
    "e9t/nsmc": "CC0-1.0",
    "songys/Chatbot_data": "MIT",
}


@dataclass(frozen=True, slots=True)
class PublicText:
    """One text and where it came from (``repo:owner/name/path``) under which licence."""

    text: str
    source: str
    licence: str


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def read_kote(paths: Iterable[Path]) -> Iterator[PublicText]:
    """Comments of KOTE's ``val.tsv``/``test.tsv`` (``id<TAB>text<TAB>labels``)."""
    for path in paths:
        with Path(path).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or not parts[1].strip():
                    raise ValueError(f"{path}:{n}: not a KOTE row (id, text, labels)")
                yield PublicText(
                    _clean(parts[1]),
                    f"repo:searle-j/KOTE/{Path(path).name}#{parts[0]}",
                    LICENCES["searle-j/KOTE"],
                )


def read_nsmc_raw(directory: Path, limit: int | None = None, seed: int = 0) -> Iterator[PublicText]:
    """Reviews of NSMC's ``raw/`` JSON files (a list of ``{review, rating, ...}`` per movie).

    ``limit`` texts at most, drawn from files in an order fixed by ``seed``, a few per movie.
    """
    files = sorted(Path(directory).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no NSMC raw JSON files in {directory}")
    random.Random(seed).shuffle(files)
    count = 0
    for path in files:
        items = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(items, list):
            raise ValueError(f"{path}: not a list of reviews")
        for item in items[:8]:
            text = _clean(item.get("review", "")) if isinstance(item, dict) else ""
            if not text:
                continue
            yield PublicText(text, f"repo:e9t/nsmc/raw/{path.name}", LICENCES["e9t/nsmc"])
            count += 1
            if limit is not None and count >= limit:
                return


def read_chatbot(path: Path) -> Iterator[PublicText]:
    """Questions (column ``Q``) of Chatbot_data's ``ChatbotData.csv``."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "Q" not in reader.fieldnames:
            raise ValueError(f"{path}: no Q column (not ChatbotData.csv)")
        for n, row in enumerate(reader, 2):
            text = _clean(row.get("Q") or "")
            if text:
                yield PublicText(
                    text, f"repo:songys/Chatbot_data/ChatbotData.csv#L{n}", LICENCES["songys/Chatbot_data"]
                )


def read_public(path: Path, limit: int | None = None) -> list[PublicText]:
    """Whatever :func:`read_kote`, :func:`read_nsmc_raw` or :func:`read_chatbot` reads at ``path``.

    A directory of JSON files is NSMC ``raw/``; a ``.tsv`` is KOTE; a ``.csv`` is Chatbot_data.
    """
    path = Path(path)
    if path.is_dir():
        rows = list(read_nsmc_raw(path, limit=limit))
    elif path.suffix == ".tsv":
        rows = list(read_kote([path]))
    elif path.suffix == ".csv":
        rows = list(read_chatbot(path))
    else:
        raise ValueError(f"{path}: not a KOTE .tsv, a Chatbot_data .csv or an NSMC raw directory")
    return rows[:limit] if limit is not None else rows
