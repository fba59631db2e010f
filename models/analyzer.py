"""Korean (Kiwi) and English text analysis of events into :class:`~vocradar.models.types.Unit` s.

One :class:`KiwiAnalyzer` per process: the Kiwi object is built lazily on first use and then
kept; batches of texts are handed to Kiwi as a list so its thread pool spreads them over cores.
English text (``lang: en`` or mostly Latin letters) takes a light regex path instead of Kiwi.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vocradar.models.events import VocEvent
from vocradar.models.types import EventAnalysis, Unit

__all__ = ["KiwiAnalyzer", "compact", "detect_lang"]

_WS = re.compile(r"\s+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
_EN_WORD = re.compile(r"[a-z][a-z']*")
# Content morphemes kept as lemmas: nouns, verbs, adjectives, adverbs, roots, foreign words,
# and Kiwi's SW tag (ㅋㅋ, ㅠㅠ, 초성 like ㅅㅂ).
_CONTENT = ("NN", "VV", "VA", "XR", "MAG", "SL", "SW", "SH", "NR")


def compact(text: str) -> str:
    """Lower-cased text with all whitespace removed (spacing-insensitive cue matching)."""
    return _WS.sub("", text).lower()


def detect_lang(text: str, declared: str | None = None) -> str:
    """``ko`` or ``en``: the declared language if given, else by the letters used."""
    if declared:
        return "en" if declared.lower().startswith("en") else "ko"
    sample = text[:2000]
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "en" if latin > 3 * max(hangul, 1) else "ko"


class KiwiAnalyzer:
    """Analyses batches of events with one shared Kiwi.

    Parameters
    ----------
    num_workers
        Kiwi threads for list input (-1: every core).
    user_dictionary
        Optional Kiwi user dictionary file (word, tag, score per line).
    max_chars
        Text of a unit beyond this many characters is cut (the analysis says so).
    """

    def __init__(
        self, num_workers: int = -1, user_dictionary: Path | None = None, max_chars: int = 20_000
    ) -> None:
        self.num_workers = num_workers
        self.user_dictionary = user_dictionary
        self.max_chars = max_chars
        self._kiwi: Any = None
        self._lock = threading.Lock()

    @property
    def kiwi(self) -> Any:
        """The process's Kiwi, built on first use."""
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    kiwi = Kiwi(num_workers=self.num_workers)
                    if self.user_dictionary is not None:
                        kiwi.load_user_dictionary(str(self.user_dictionary))
                    self._kiwi = kiwi
        return self._kiwi

    def _morphs(self, texts: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        if not texts:
            return []
        results = self.kiwi.tokenize(texts) if len(texts) > 1 else [self.kiwi.tokenize(texts[0])]
        out = []
        for tokens in results:
            morphs = tuple(f"{t.form}/{t.tag}" for t in tokens)
            lemmas: list[str] = []
            prev_noun: str | None = None
            for t in tokens:
                tag = t.tag
                if tag.startswith("XSV") or tag.startswith("XSA"):
                    # 해지 + 하 -> 해지하다: the verb a customer actually used
                    if prev_noun is not None:
                        lemmas.append(prev_noun + t.form + "다")
                    prev_noun = None
                    continue
                if tag.startswith(("VV", "VA")):
                    lemmas.append(t.lemma if t.lemma.endswith("다") else t.form + "다")
                elif tag.startswith(_CONTENT):
                    lemmas.append(t.form.lower())
                prev_noun = t.form if tag.startswith(("NNG", "XR", "SL")) else None
            out.append((morphs, tuple(lemmas)))
        return out

    @staticmethod
    def _english(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        words = tuple(_EN_WORD.findall(text.lower()))
        return tuple(f"{w}/SL" for w in words), words

    def analyze(self, events: Sequence[VocEvent]) -> list[EventAnalysis]:
        """Analyse a batch of events; Kiwi sees all their Korean texts as one list."""
        plans: list[tuple[VocEvent, str, bool, list[tuple[int, str, str]]]] = []
        korean: list[str] = []
        for ev in events:
            truncated = False
            pieces: list[tuple[int, str, str]] = []
            if ev.turns is not None:
                budget = self.max_chars
                for i, turn in enumerate(ev.turns):
                    text = turn.text
                    if len(text) > budget:
                        text, truncated = text[: max(budget, 0)], True
                    budget -= len(text)
                    pieces.append((i, turn.speaker, text))
                if ev.text:
                    pieces.insert(0, (-1, "author", ev.text[: self.max_chars]))
            else:
                text = ev.text or ""
                if len(text) > self.max_chars:
                    text, truncated = text[: self.max_chars], True
                pieces.append((0, "author", text))
            lang = detect_lang(" ".join(p[2] for p in pieces[:5]), ev.lang)
            if lang == "ko":
                korean.extend(p[2] for p in pieces)
            plans.append((ev, lang, truncated, pieces))
        analysed = iter(self._morphs(korean))
        out: list[EventAnalysis] = []
        for ev, lang, truncated, pieces in plans:
            units = []
            for index, speaker, text in pieces:
                morphs, lemmas = next(analysed) if lang == "ko" else self._english(text)
                units.append(Unit(index, speaker, text, compact(text), morphs, lemmas))
            out.append(EventAnalysis(ev, tuple(units), lang, truncated))
        return out
