"""Korean (Kiwi) and English text analysis of events into :class:`~vocradar.models.types.Unit` s.

One :class:`KiwiAnalyzer` per process: the Kiwi object is built lazily on first use and then
kept; batches of texts are handed to Kiwi as a list so its thread pool spreads them over cores.
English text (``lang: en`` or mostly Latin letters) takes a light regex path instead of Kiwi.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
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


_Morphs = tuple[tuple[str, ...], tuple[str, ...]]  # (form/TAG morphemes, lemmas)


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
        self,
        num_workers: int = -1,
        user_dictionary: Path | None = None,
        max_chars: int = 20_000,
        turn_cache_size: int = 50_000,
    ) -> None:
        self.num_workers = num_workers
        self.user_dictionary = user_dictionary
        self.max_chars = max_chars
        self._kiwi: Any = None
        self._lock = threading.Lock()
        # Turns of live calls already analysed, by (conversation, turn index, text): a growing
        # transcript costs only its new turns. Bounded, least recently used out first.
        self._turns: OrderedDict[tuple[str, int, str], _Morphs] = OrderedDict()
        self.turn_cache_size = turn_cache_size
        self.turn_cache_hits = 0

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

    def _remember(self, key: tuple[str, int, str], value: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        self._turns[key] = value
        while len(self._turns) > self.turn_cache_size:
            self._turns.popitem(last=False)

    @staticmethod
    def _english(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        words = tuple(_EN_WORD.findall(text.lower()))
        return tuple(f"{w}/SL" for w in words), words

    def analyze(self, events: Sequence[VocEvent]) -> list[EventAnalysis]:
        """Analyse a batch of events; Kiwi sees all their new Korean texts as one list.

        Turns of a conversation that were analysed before (an earlier partial transcript of the
        same call) come from the turn cache; identical turns within the batch are analysed once.
        """
        Piece = tuple[int, str, str, int]  # unit index, speaker, text, slot in `korean` (-1: English)
        plans: list[tuple[VocEvent, str, bool, list[Piece]]] = []
        korean: list[str] = []
        slot_of: dict[tuple[str, int, str], int] = {}
        cached: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for ev in events:
            truncated = False
            raw: list[tuple[int, str, str]] = []
            if ev.turns is not None:
                budget = self.max_chars
                for i, turn in enumerate(ev.turns):
                    text = turn.text
                    if len(text) > budget:
                        text, truncated = text[: max(budget, 0)], True
                    budget -= len(text)
                    raw.append((i, turn.speaker, text))
                if ev.text:
                    raw.insert(0, (-1, "author", ev.text[: self.max_chars]))
            else:
                text = ev.text or ""
                if len(text) > self.max_chars:
                    text, truncated = text[: self.max_chars], True
                raw.append((0, "author", text))
            lang = detect_lang(" ".join(p[2] for p in raw[:5]), ev.lang)
            pieces: list[Piece] = []
            for index, speaker, text in raw:
                slot = -1
                if lang == "ko":
                    live = ev.conversation_id and ev.turns is not None
                    key = (ev.conversation_id or "", index, text) if live else None
                    if key is not None and key in slot_of:
                        slot = slot_of[key]
                    elif key is not None and key in self._turns:
                        self.turn_cache_hits += 1
                        self._turns.move_to_end(key)
                        slot = -2 - len(cached)
                        cached[slot] = self._turns[key]
                    else:
                        slot = len(korean)
                        korean.append(text)
                        if key is not None:
                            slot_of[key] = slot
                pieces.append((index, speaker, text, slot))
            plans.append((ev, lang, truncated, pieces))
        analysed = self._morphs(korean)
        for key, slot in slot_of.items():
            self._remember(key, analysed[slot])
        out: list[EventAnalysis] = []
        for ev, lang, truncated, pieces in plans:
            units = []
            for index, speaker, text, slot in pieces:
                if slot == -1:
                    morphs, lemmas = self._english(text)
                elif slot < -1:
                    morphs, lemmas = cached[slot]
                else:
                    morphs, lemmas = analysed[slot]
                units.append(Unit(index, speaker, text, compact(text), morphs, lemmas))
            out.append(EventAnalysis(ev, tuple(units), lang, truncated))
        return out
