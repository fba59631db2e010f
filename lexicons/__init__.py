"""The reviewed lexicon files of VOC Radar and the one loader that reads them.

The folder holds data, not code:

``categories.yaml``
    Cues per complaint category (shared/voc-contract.md, section 2). Topical categories have
    ``topic`` cues (the subject is mentioned) and ``signal`` cues (a problem is reported or
    something is asked for); ``inquiry``, ``praise`` and ``other`` only have ``signal`` cues.
``risk_cues.yaml``
    Cues per reason code (section 3) with the speaker each applies to, the roles of the
    cancellation/refund loop (``request``, ``insist``, ``deflection``, ``report``), and ``anger`` cues
    (strong anger raises an event to ``medium`` without a reason code of its own).
``modifiers.yaml``
    Negation and hedging that cancel a nearby cue (``신고할 생각은 없지만``), the company's own
    phrases that only look risky (``본 통화는 녹음됩니다``) and sarcasm markers.
``informal.yaml`` (optional)
    Informal writing the analyser rewrites before Kiwi and the cues see a text: obfuscated
    words (``시1발``, ``ㅅ.ㅂ``, ``개.새.끼``) and their canonical forms, 초성 shorthand
    (``ㅈㄴ``, ``ㄱㅅ``) and emoji that hint at anger or praise (:class:`InformalRules`).
``user_dict.txt``
    Kiwi user dictionary (``word<TAB>TAG<TAB>score``) with telecom and commerce nouns.

:func:`load_lexicon` validates every file (a :class:`LexiconError` names the file and the
entry) and returns a :class:`Lexicon` whose ``hash`` identifies the exact file contents, so
every score can record which lexicon produced it.

How a cue matches (the same rules for every file):

* ``phrase`` with Hangul or other non-ASCII letters: a substring of the unit's *compact*
  text (lower-cased, whitespace and apostrophes removed), so ``해지 해 주세요`` matches
  ``해지해주세요``.
* ``phrase`` in plain ASCII: a sequence of whole words from the start of a word (prefix
  match: ``cancel`` matches ``cancellation``, ``sue`` does not match ``issue``), matched
  on the unit's *words* text (lower-case ``[a-z0-9]`` words and ``.!?``, single spaces).
* ``lemma``: one of Kiwi's lemmas of the unit exactly (``해지하다``, ``끊기다``, ``반말``).
* ``pattern``: a regular expression on the compact text, or on the words text when the
  pattern is pure ASCII. A named group ``n`` captures a count (``해지요청 4회``).

Analysed units are matched on their normalised text (``Unit.norm``: obfuscations spelled
out, elongations collapsed; :meth:`Lexicon.view_of_unit`), with offsets into the original
text, so evidence quotes what was written.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

from vocradar.models.types import CATEGORIES, REASONS, Unit

__all__ = [
    "CUE_REASONS",
    "EMOJI_KINDS",
    "FILES",
    "OBSTRUCTION_TOPICS",
    "ROLES",
    "SPEAKERS",
    "TAGS",
    "TOPICAL",
    "CategoryCues",
    "Cue",
    "CueGroup",
    "CueSet",
    "Hit",
    "InformalRules",
    "Lexicon",
    "LexiconError",
    "Modifier",
    "Obfuscation",
    "ReasonCues",
    "TextView",
    "load_informal",
    "load_lexicon",
    "parse_count",
    "role_of",
]

CATEGORIES_FILE = "categories.yaml"
RISK_FILE = "risk_cues.yaml"
MODIFIERS_FILE = "modifiers.yaml"
INFORMAL_FILE = "informal.yaml"
USER_DICT_FILE = "user_dict.txt"
FILES: tuple[str, ...] = (CATEGORIES_FILE, RISK_FILE, MODIFIERS_FILE, INFORMAL_FILE, USER_DICT_FILE)
_REQUIRED_FILES = (CATEGORIES_FILE, RISK_FILE, MODIFIERS_FILE)

#: Categories that name the topic of a problem; only these may have ``topic`` cues.
TOPICAL: tuple[str, ...] = tuple(c for c in CATEGORIES if c not in ("inquiry", "praise", "other"))
#: Reasons that are found from text cues (the others come from metadata or the stream).
CUE_REASONS: tuple[str, ...] = (
    "publicity_threat",
    "regulator_threat",
    "agent_obstruction",
    "agent_hostility",
    "customer_abuse",
    "churn_intent",
    "repeat_contact",
)
_REQUIRED_REASONS = tuple(r for r in CUE_REASONS if r != "repeat_contact")
#: Who a risk cue applies to: customer turns and customer-written text, agent turns, agent notes.
SPEAKERS: tuple[str, ...] = ("customer", "agent", "note")
#: Roles of ``agent_obstruction`` cues.
ROLES: tuple[str, ...] = ("request", "insist", "deflection", "report", "grant")
_ROLE_SPEAKERS = {
    "request": {"customer", "note"},
    "insist": {"customer"},
    "deflection": {"agent", "note"},
    "report": {"customer", "note"},
    "grant": {"agent"},
}
#: Roles without a topic of their own: a deflection answers any request, an insistence repeats
#: the customer's latest one.
_TOPICLESS_ROLES = frozenset({"deflection", "insist", "grant"})
#: What an ``agent_obstruction`` cue is about (``topic:``; default ``cancel``): the loop counts
#: how often the customer asked for the same thing.
OBSTRUCTION_TOPICS: tuple[str, ...] = ("cancel", "refund")
#: Tags a cue may carry.
TAGS: tuple[str, ...] = ("violence",)
#: Kinds of emoji hints in ``informal.yaml``.
EMOJI_KINDS: tuple[str, ...] = ("anger", "praise")
_MAX_WEIGHT = 5.0
_USER_DICT_TAGS = frozenset("NNG NNP NNB NR NP VV VA VX XR MAG MAJ MM IC SL SH SN SW XPN XSN XSV XSA".split())  # noqa: SIM905

CueKind = Literal["phrase", "lemma", "pattern"]
ViewName = Literal["compact", "words"]
Scope = Literal["before", "after"]

# libyaml's loader when PyYAML has it (ten times faster); the same safe subset of YAML
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD = re.compile(r"[a-z0-9]+|[.!?]+")
_APOSTROPHES = "'’`"
# The compact view leaves out every character str.isspace() accepts and the apostrophes.
_HAS_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_NUMBERS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "몇": 3, "여러": 3, "수": 3, "수십": 10,
    "once": 1, "one": 1, "twice": 2, "two": 2, "second": 2, "three": 3, "thrice": 3, "third": 3,
    "four": 4, "fourth": 4, "five": 5, "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7,
    "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10, "tenth": 10,
    "several": 3, "many": 3, "multiple": 3, "countless": 5, "numerous": 3, "dozen": 12,
}  # fmt: skip


def parse_count(token: str) -> int | None:
    """A count written as digits (``4``, ``3rd``) or as a Korean or English number word."""
    token = token.strip().lower()
    digits = re.match(r"\d+", token)
    if digits:
        return int(digits.group())
    return _NUMBERS.get(token)


def role_of(source: str, speaker: str) -> str | None:
    """The cue speaker (``customer``, ``agent``, ``note``) a unit counts as; None for system turns.

    Transcript turns keep their speaker. The author of a note is an agent writing about the
    customer (``note``); the author of any other text (ticket, tweet, e-mail) is the customer.
    """
    if speaker == "system":
        return None
    if speaker == "author":
        return "note" if source == "note" else "customer"
    return speaker if speaker in SPEAKERS else None


class LexiconError(ValueError):
    """A lexicon file is missing or breaks the format; the message names the file and entry."""


# --------------------------------------------------------------------------------------------
# Text views and matching
# --------------------------------------------------------------------------------------------


def _compact_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if not ch.isspace() and ch not in _APOSTROPHES)


def _words_key(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower().translate({ord(a): None for a in _APOSTROPHES})))


def _is_ascii(text: str) -> bool:
    return text.isascii()


@dataclass(frozen=True, slots=True)
class TextView:
    """The two matchable forms of one unit's text, with offsets back into the text.

    ``compact`` is the lower-cased text without whitespace or apostrophes (the content of
    ``Unit.compact``); ``words`` is ``" w1 w2 ..."`` of ASCII words and ``.!?``. The
    ``*_map`` tuples give, for each character, its offset in ``text``. Masked characters
    (the company's own phrases) are replaced by ``\\x00`` so no cue can match them.
    """

    text: str
    compact: str
    compact_map: tuple[int, ...]
    words: str
    words_map: tuple[int, ...]
    lemmas: frozenset[str]
    compact_grams: Mapping[str, Sequence[int]] = field(default_factory=dict, compare=False, repr=False)
    words_grams: Mapping[str, Sequence[int]] = field(default_factory=dict, compare=False, repr=False)
    # what each cue set found in this view (CueSet.find), keyed by the set's id: the classifier,
    # the learned features and the risk scorer ask the same sets about the same view
    found: dict[int, tuple[Hit, ...]] = field(default_factory=dict, compare=False, repr=False)
    gram_keys: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # where each two-character sequence starts: phrase cues are looked up by their first two
        if not self.compact_grams and len(self.compact) > 1:
            object.__setattr__(self, "compact_grams", _grams(self.compact))
        if not self.words_grams and len(self.words) > 1:
            object.__setattr__(self, "words_grams", _grams(self.words))
        keys = {"compact": frozenset(self.compact_grams), "words": frozenset(self.words_grams)}
        object.__setattr__(self, "gram_keys", keys)

    @classmethod
    def of(
        cls,
        text: str,
        lemmas: Iterable[str] = (),
        *,
        original: str | None = None,
        origin: Sequence[int] | None = None,
    ) -> TextView:
        """Build the view of ``text`` (and its Kiwi lemmas).

        When ``text`` is a normalised copy of a unit's ``original`` text, ``origin[i]`` is the
        offset in ``original`` of character ``i`` of ``text``: the view matches the normalised
        text, but its offsets (and :attr:`text`) are those of the original, so evidence
        quotes what the customer actually wrote.
        """
        compact, cmap, words, wmap = _views_fast(text) or _views_plain(text)
        if origin is not None and original is not None:
            last = len(original) - 1
            cmap = [min(origin[i], last) for i in cmap]
            wmap = [min(origin[i], last) for i in wmap]
            text = original
        return cls(text, compact, tuple(cmap), words, tuple(wmap), frozenset(lemmas))

    def get(self, view: ViewName) -> str:
        """The compact or the words text."""
        return self.compact if view == "compact" else self.words

    def grams(self, view: ViewName) -> Mapping[str, Sequence[int]]:
        """Start offsets of every two-character sequence of a view."""
        return self.compact_grams if view == "compact" else self.words_grams

    def text_span(self, view: ViewName, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` of the characters ``start:end`` of a view."""
        cmap = self.compact_map if view == "compact" else self.words_map
        if not cmap:
            return 0, 0
        start = min(max(start, 0), len(cmap) - 1)
        end = min(max(end, start + 1), len(cmap))
        return cmap[start], cmap[end - 1] + 1

    def masked(self, hits: Sequence[Hit]) -> TextView:
        """A copy with the spans of ``hits`` blanked out, and lemmas inside them dropped."""
        if not hits:
            return self
        compact = list(self.compact)
        words = list(self.words)
        blanked: list[str] = []
        for h in hits:
            target = compact if h.view == "compact" else words
            blanked.append("".join(target[h.start : h.end]))
            for i in range(h.start, h.end):
                target[i] = "\x00"
        gone = "".join(blanked)
        lemmas = frozenset(lem for lem in self.lemmas if not _stem(lem) or _stem(lem) not in gone)
        return TextView(self.text, "".join(compact), self.compact_map, "".join(words), self.words_map, lemmas)


def _views_plain(text: str) -> tuple[str, list[int], str, list[int]]:
    """The compact and words views of ``text`` with their offset maps, character by character."""
    chars: list[str] = []
    cmap: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _APOSTROPHES:
            continue
        for lower in ch.lower():
            chars.append(lower)
            cmap.append(i)
    wchars: list[str] = []
    wmap: list[int] = []
    # one character per character of text (ASCII lower-casing keeps offsets); apostrophes
    # inside words vanish (i've -> ive), like in the cue keys
    squeezed = [
        (i, ch.lower() if ch.isascii() else " ") for i, ch in enumerate(text) if ch not in _APOSTROPHES
    ]
    stream = "".join(ch for _, ch in squeezed)
    offsets = [i for i, _ in squeezed]
    for m in _WORD.finditer(stream):
        wchars.append(" ")
        wmap.append(offsets[m.start()])
        for j in range(m.start(), m.end()):
            wchars.append(stream[j])
            wmap.append(offsets[j])
    return "".join(chars), cmap, "".join(wchars), wmap


def _views_fast(text: str) -> tuple[str, list[int], str, list[int]] | None:
    """What :func:`_views_plain` gives, mostly in C, or None when that cannot be done.

    Lower-casing the whole text keeps every offset unless a character lower-cases to two or a
    final sigma depends on its context; apostrophes shift the words view. Those texts (rare)
    take the plain path.
    """
    low = text.lower()
    if len(low) != len(text) or "Σ" in text or "\u212a" in text or _HAS_APOSTROPHE.search(text):
        return None
    # str.split() drops exactly the characters str.isspace() accepts (the text has no apostrophe)
    compact = "".join(low.split())
    cmap = [i for i, ch in enumerate(low) if not ch.isspace()]
    # only ASCII characters make words: the Kelvin sign, the one other character that
    # lower-cases to ASCII, was sent to the plain path above
    found = list(_WORD.finditer(low))
    words = "".join([" " + m.group() for m in found])
    wmap: list[int] = []
    for m in found:
        wmap.append(m.start())
        wmap.extend(range(m.start(), m.end()))
    return compact, cmap, words, wmap


def _grams(text: str) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        at = positions.get(gram)
        if at is None:
            positions[gram] = [i]
        else:
            at.append(i)
    return positions


def _stem(lemma: str) -> str:
    """``해지하다`` -> ``해지``, ``끊기다`` -> ``끊기``: the part of a lemma that appears in text."""
    if lemma.endswith("하다") and len(lemma) > 2:
        return lemma[:-2]
    if lemma.endswith("되다") and len(lemma) > 2:
        return lemma[:-2]
    if lemma.endswith("다") and len(lemma) > 1:
        return lemma[:-1]
    return lemma


@dataclass(frozen=True, slots=True)
class Cue:
    """One reviewed cue: what to look for, how much it counts, and for whom.

    ``where`` names the file and entry (``risk_cues.yaml: reasons.publicity_threat.cues[3]``)
    for error messages and debugging.
    """

    kind: CueKind
    text: str
    weight: float = 1.0
    speakers: frozenset[str] = frozenset(SPEAKERS)
    role: str | None = None
    tags: frozenset[str] = frozenset()
    where: str = ""
    topic: str | None = None

    @property
    def view(self) -> ViewName | None:
        """The text view this cue is matched on (None for lemma cues)."""
        if self.kind == "lemma":
            return None
        return "words" if _is_ascii(self.text) else "compact"

    @property
    def key(self) -> str:
        """The normalised form matched against the view (the regex source for patterns)."""
        if self.kind == "pattern" or self.kind == "lemma":
            return self.text
        return _words_key(self.text) if self.view == "words" else _compact_key(self.text)


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a cue in a view: character span in that view and an optional count."""

    cue: Cue
    view: ViewName
    start: int
    end: int
    count: int | None = None


@dataclass(frozen=True)
class CueSet:
    """A group of cues compiled for fast matching.

    Phrases are indexed by their first two characters, so a unit only checks the phrases whose
    start occurs in it; each pattern is one compiled regex; lemmas are a table.
    """

    cues: tuple[Cue, ...]
    _literals: dict[str, dict[str, tuple[tuple[str, Cue], ...]]] = field(
        init=False, repr=False, compare=False
    )
    _patterns: dict[str, tuple[tuple[re.Pattern[str], Cue, frozenset[str] | None], ...]] = field(
        init=False, repr=False, compare=False
    )
    _lemmas: dict[str, list[Cue]] = field(init=False, repr=False, compare=False)
    _by_speaker: dict[str, CueSet] = field(init=False, repr=False, compare=False)
    _firsts: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _solo: CueGroup | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        literals: dict[str, dict[str, tuple[tuple[str, Cue], ...]]] = {}
        compiled: dict[str, tuple[tuple[re.Pattern[str], Cue, frozenset[str] | None], ...]] = {}
        lemmas: dict[str, list[Cue]] = {}
        for view in ("compact", "words"):
            index: dict[str, list[tuple[str, Cue]]] = {}
            # one regex per pattern: in an alternation the first alternative that matches would
            # hide a longer, more specific one at the same position
            patterns: list[tuple[re.Pattern[str], Cue, frozenset[str] | None]] = []
            for cue in self.cues:
                if cue.view != view:
                    continue
                if cue.kind == "pattern":
                    patterns.append((re.compile(cue.text), cue, _first_chars(cue.text)))
                else:
                    index.setdefault(cue.key[:2], []).append((cue.key, cue))
            # longest key first: at one position the most specific phrase wins
            literals[view] = {g: tuple(sorted(keys, key=lambda kc: -len(kc[0]))) for g, keys in index.items()}
            compiled[view] = tuple(patterns)
        for cue in self.cues:
            if cue.kind == "lemma":
                lemmas.setdefault(cue.text, []).append(cue)
        object.__setattr__(self, "_literals", literals)
        object.__setattr__(self, "_firsts", {view: frozenset(index) for view, index in literals.items()})
        object.__setattr__(self, "_patterns", compiled)
        object.__setattr__(self, "_lemmas", lemmas)
        object.__setattr__(self, "_by_speaker", {})

    def __len__(self) -> int:
        return len(self.cues)

    def for_speaker(self, speaker: str) -> CueSet:
        """The cues that apply to ``speaker`` (compiled once, then kept)."""
        sub = self._by_speaker.get(speaker)
        if sub is None:
            sub = CueSet(tuple(c for c in self.cues if speaker in c.speakers))
            self._by_speaker[speaker] = sub
        return sub

    def hits(self, view: TextView) -> tuple[Hit, ...]:
        """What :meth:`find` gives, as the view's own (shared, immutable) tuple: no copy."""
        known = view.found.get(id(self))
        if known is None:
            known = view.found[id(self)] = tuple(self._find(view))
        return known

    def find(self, view: TextView) -> list[Hit]:
        """Every cue of the set found in ``view``.

        Phrases are found at every position, patterns where they match; a match that lies
        inside a longer match of the set is dropped (``요금 폭탄`` does not also count as ``요금``).
        Lemma cues are added as found, positioned at the first occurrence of their stem (or
        spanning the whole unit when the stem does not appear as such).
        """
        return list(self.hits(view))

    def _find(self, view: TextView) -> list[Hit]:
        """What the set finds in ``view``, without the view's cache (a group of one set)."""
        solo = self._solo
        if solo is None:
            solo = CueGroup([self])
            object.__setattr__(self, "_solo", solo)
        return solo.match(view).get(0, [])

    def _lemma_hits(self, view: TextView, hits: list[Hit], lemmas: Iterable[str]) -> None:
        """Add the hits of this set's cues for ``lemmas`` (lemmas of the view it has cues for)."""
        for lemma in lemmas:
            stem = _stem(lemma)
            at = view.compact.find(stem) if stem else -1
            # a stem that does not appear as such (끊기다 in 끊겨요) stands for the whole unit
            start, end = (at, at + len(stem)) if at >= 0 else (0, len(view.compact))
            hits.extend(Hit(cue, "compact", start, end) for cue in self._lemmas[lemma])


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when that is not a short list.

    A pattern whose first characters are absent from a text cannot match it, which spares most
    regex scans of a short unit. Read from the regex parser of the standard library; anything it
    does not know makes the answer None (the pattern always runs).
    """
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - other Python versions
        return None

    def seq(items: Any) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            first, nullable = elem(op, av)
            if first is None:
                return None, False
            out |= first
            if not nullable:
                return out, False
        return out, True

    def elem(op: Any, av: Any) -> tuple[set[str] | None, bool]:
        if op is C.LITERAL:
            return {chr(av)}, False
        if op is C.IN:
            chars: set[str] = set()
            for iop, iav in av:
                if iop is C.LITERAL:
                    chars.add(chr(iav))
                elif iop is C.RANGE and iav[1] - iav[0] <= 64:
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
                else:
                    return None, False
            return chars, False
        if op is C.SUBPATTERN:
            return seq(av[-1])
        if op is C.BRANCH:
            union: set[str] = set()
            empty = False
            for branch in av[1]:
                first, nullable = seq(branch)
                if first is None:
                    return None, False
                union |= first
                empty = empty or nullable
            return union, empty
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, _, sub = av
            first, nullable = seq(sub)
            return (None, False) if first is None else (first, nullable or low == 0)
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):  # zero width: the match starts after it
            return set(), True
        return None, False

    try:
        if re.compile(pattern).flags & re.IGNORECASE:
            return None  # the parser reports one case of each letter
        first, nullable = seq(P.parse(pattern))
    except Exception:  # pragma: no cover - a parser of another Python version
        return None
    if first is None or nullable or len(first) > 200:
        return None
    return frozenset(first)


@functools.lru_cache(maxsize=4096)
def view_chars(text: str) -> frozenset[str]:
    """The distinct characters of a view's text (kept for the texts matched most recently)."""
    return frozenset(text)


def _settle(found: list[Hit], hits: list[Hit]) -> None:
    """Add ``found`` to ``hits`` in text order, dropping a match inside a longer one before it."""
    found.sort(key=lambda h: (h.start, h.start - h.end))
    covered_to = -1
    for h in found:
        if h.end <= covered_to:
            continue
        hits.append(h)
        covered_to = h.end


class CueGroup:
    """Several cue sets matched in one pass over a view.

    The classifier, the learned features and the risk scorer ask some forty sets about every
    unit; most find nothing. The group walks the view's two-character sequences once against
    the phrases of all its sets, runs each set's patterns and lemmas, and leaves each set's
    answer on the view (:attr:`TextView.found`), where :meth:`CueSet.find` then takes it. Each
    set's answer is exactly what the set alone would find.
    """

    def __init__(self, sets: Sequence[CueSet]) -> None:
        unique: dict[int, CueSet] = {}
        for cs in sets:
            unique.setdefault(id(cs), cs)
        self.sets: tuple[CueSet, ...] = tuple(unique.values())
        self._literals: dict[str, dict[str, tuple[tuple[str, Cue, int], ...]]] = {}
        self._firsts: dict[str, frozenset[str]] = {}
        for name in ("compact", "words"):
            index: dict[str, list[tuple[str, Cue, int]]] = {}
            for si, cs in enumerate(self.sets):
                for gram, keys in cs._literals[name].items():
                    index.setdefault(gram, []).extend((key, cue, si) for key, cue in keys)
            # longest first, as in each set (a stable sort keeps each set's own order)
            self._literals[name] = {g: tuple(sorted(e, key=lambda k: -len(k[0]))) for g, e in index.items()}
            self._firsts[name] = frozenset(self._literals[name])
        self._ids: tuple[int, ...] = tuple(id(cs) for cs in self.sets)
        self._lemma_sets: dict[str, tuple[int, ...]] = {}
        for si, cs in enumerate(self.sets):
            for lemma in cs._lemmas:
                self._lemma_sets[lemma] = (*self._lemma_sets.get(lemma, ()), si)
        # every pattern of the group, set by set in each set's order, and which of them can
        # start with a given character (the rest, whose first characters are unknown, always run)
        self._patterns: dict[str, tuple[tuple[int, re.Pattern[str], Cue], ...]] = {}
        self._pattern_starts: dict[str, dict[str, tuple[int, ...]]] = {}
        self._pattern_always: dict[str, tuple[int, ...]] = {}
        for name in ("compact", "words"):
            patterns: list[tuple[int, re.Pattern[str], Cue]] = []
            starts: dict[str, list[int]] = {}
            always: list[int] = []
            for si, cs in enumerate(self.sets):
                for rx, cue, first in cs._patterns[name]:
                    pi = len(patterns)
                    patterns.append((si, rx, cue))
                    if first is None:
                        always.append(pi)
                    else:
                        for ch in first:
                            starts.setdefault(ch, []).append(pi)
            self._patterns[name] = tuple(patterns)
            self._pattern_starts[name] = {ch: tuple(ids) for ch, ids in starts.items()}
            self._pattern_always[name] = tuple(always)

    def prime(self, view: TextView) -> None:
        """Match every set of the group that ``view`` has no answer for yet."""
        found_on = view.found
        if id(self) in found_on:  # primed before (the group's own entry stays empty)
            return
        found_on[id(self)] = ()
        todo = [i for i, key in enumerate(self._ids) if key not in found_on]
        if not todo:
            return
        hits = self.match(view, set(todo) if len(todo) < len(self.sets) else None)
        for si in todo:
            found_on[self._ids[si]] = tuple(hits.get(si, ()))

    def _patterns_found(
        self, name: ViewName, text: str, found: dict[int, list[Hit]], wanted: set[int] | None
    ) -> None:
        """Run the patterns that can start with a character of ``text``; add their matches to
        ``found`` per set, in each set's pattern order."""
        patterns = self._patterns[name]
        if not patterns:
            return
        starts = self._pattern_starts[name]
        ids: set[int] = set(self._pattern_always[name])
        for ch in view_chars(text):
            some = starts.get(ch)
            if some is not None:
                ids.update(some)
        for pi in sorted(ids):
            si, rx, cue = patterns[pi]
            if wanted is not None and si not in wanted:
                continue
            for m in rx.finditer(text):
                if m.end() <= m.start():
                    continue
                n = m.groupdict().get("n")
                hit = Hit(cue, name, m.start(), m.end(), parse_count(n) if n else None)
                found.setdefault(si, []).append(hit)

    def match(self, view: TextView, wanted: set[int] | None = None) -> dict[int, list[Hit]]:
        """What each set (by index; ``wanted`` ones only, all when None) finds in ``view``.

        Phrases are found at every position, patterns where they match; a match that lies
        inside a longer match of its set is dropped. Lemma cues are added as found, positioned
        at the first occurrence of their stem (or spanning the whole unit when the stem does not
        appear as such). Sets that find nothing are left out.
        """
        hits: dict[int, list[Hit]] = {}
        for name in ("compact", "words"):
            text = view.get(name)
            found: dict[int, list[Hit]] = {}
            grams = view.grams(name)
            literals = self._literals[name]
            # frozenset & frozenset walks the smaller of the two
            for gram in self._firsts[name] & view.gram_keys[name]:
                entries = literals[gram]
                for at in grams[gram]:
                    done: set[int] = set()  # at one position, a set's longest phrase only
                    for key, cue, si in entries:
                        if si in done or (wanted is not None and si not in wanted):
                            continue
                        if text.startswith(key, at):
                            found.setdefault(si, []).append(Hit(cue, name, at, at + len(key)))
                            done.add(si)
            self._patterns_found(name, text, found, wanted)
            for si, some in found.items():
                if some:
                    _settle(some, hits.setdefault(si, []))
        if view.lemmas:
            # the sets that have a lemma cue for one of the view's lemmas, and which lemmas
            with_lemma: dict[int, list[str]] = {}
            for lemma in view.lemmas:
                for si in self._lemma_sets.get(lemma, ()):
                    if wanted is None or si in wanted:
                        with_lemma.setdefault(si, []).append(lemma)
            for si in sorted(with_lemma):
                # lemmas in order: a set's hits do not depend on the hash seed
                self.sets[si]._lemma_hits(view, hits.setdefault(si, []), sorted(with_lemma[si]))
        return hits


@dataclass(frozen=True, slots=True)
class CategoryCues:
    """The cues of one category: ``topic`` (the subject is named) and ``signal``."""

    topic: CueSet
    signal: CueSet


@dataclass(frozen=True, slots=True)
class ReasonCues:
    """The cues of one reason code."""

    reason: str
    cues: CueSet


@dataclass(frozen=True, slots=True)
class Modifier:
    """A negation or hedge: cancels cues of ``applies_to`` that it overlaps or that lie within
    the window on its ``scope`` side (``before``: the cue precedes it, Korean word order;
    ``after``: the cue follows it, English word order), inside one sentence."""

    cue: Cue
    applies_to: frozenset[str]
    scope: Scope


@dataclass(frozen=True, slots=True)
class Obfuscation:
    """An obfuscated word and its canonical spelling (``informal.yaml``).

    Either ``slots`` (the spellings of each syllable, in order) or ``pattern`` (a regular
    expression on the lower-cased text) is set.
    """

    canonical: str
    slots: tuple[tuple[str, ...], ...] = ()
    pattern: str = ""
    where: str = ""


@dataclass(frozen=True)
class InformalRules:
    """The informal-writing rules of ``informal.yaml``, validated.

    Attributes
    ----------
    obfuscated
        Obfuscated words and their canonical forms.
    abbreviations
        초성 shorthand (consonant jamo only) and what it stands for.
    emoji
        Emoji per hint kind (``anger``, ``praise``).
    """

    obfuscated: tuple[Obfuscation, ...] = ()
    abbreviations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    emoji: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Lexicon:
    """Everything the lexicon classifier and risk scorer read, validated and compiled.

    Attributes
    ----------
    directory
        Where the files were read from.
    hash
        First 12 hex digits of the sha256 over the files' names and contents.
    categories
        Cues per category code (every code of ``CATEGORIES``).
    reasons
        Cues per reason code (``CUE_REASONS``; ``repeat_contact`` may be absent).
    anger
        Cues of strong anger (no reason code of its own).
    negations
        Negation/hedging modifiers, all in one compiled set (``modifiers[i]`` belongs to the
        cue ``negations.cues[i]``).
    system
        Phrases of the company itself (recording notices) that no cue may match inside.
    sarcasm
        Sarcasm markers (praise that means the opposite).
    window_compact, window_words
        How many characters may separate a modifier from the cue it cancels, per view.
    user_dictionary_path
        The Kiwi user dictionary file, if the directory has one.
    informal
        The informal-writing rules the analyser applies (empty when the directory has no
        ``informal.yaml``).
    employee
        Words that name an employee or an exchange with one (``상담원``, ``기사님``, "the
        rep", "she told me"): a text must name one before a learned model may say an
        employee was hostile in it (empty when ``risk_cues.yaml`` has no ``employee`` block).
    """

    directory: Path
    hash: str
    categories: Mapping[str, CategoryCues]
    reasons: Mapping[str, ReasonCues]
    anger: CueSet
    negations: CueSet
    modifiers: tuple[Modifier, ...]
    system: CueSet
    sarcasm: CueSet
    window_compact: int
    window_words: int
    user_dictionary_path: Path | None
    informal: InformalRules = field(default_factory=lambda: InformalRules())
    employee: CueSet = field(default_factory=lambda: CueSet(()))

    _modifier_by_cue: Mapping[Cue, Modifier] = field(init=False, repr=False, compare=False)
    _views: OrderedDict[tuple[Any, ...], TextView] = field(init=False, repr=False, compare=False)
    _views_lock: threading.Lock = field(init=False, repr=False, compare=False)
    _groups: dict[str, CueGroup] = field(init=False, repr=False, compare=False)
    _view_chars: list[int] = field(init=False, repr=False, compare=False)

    #: Views kept per process (the classifier, the learned features and the risk scorer each read
    #: a unit's view; a live call's earlier turns come again with every partial transcript).
    VIEW_CACHE_SIZE = 8192
    #: ... and at most this many characters in all: a view costs about a hundred bytes per
    #: character (offset maps, two-character index), so long texts must not fill the cache.
    VIEW_CACHE_CHARS = 1_000_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "_modifier_by_cue", MappingProxyType({m.cue: m for m in self.modifiers}))
        # first in, first out: an OrderedDict pops its oldest entry in constant time (a dict's
        # first live entry lies behind every slot deleted before it)
        object.__setattr__(self, "_views", OrderedDict())
        object.__setattr__(self, "_view_chars", [0])
        object.__setattr__(self, "_views_lock", threading.Lock())
        object.__setattr__(self, "_groups", {})

    def cue_group(self, role: str) -> CueGroup:
        """The cue sets the scorers read for a unit spoken by ``role``, as one :class:`CueGroup`."""
        group = self._groups.get(role)
        if group is None:
            sets = [self.negations, self.sarcasm, self.anger.for_speaker(role)]
            for cues in self.categories.values():
                sets += [cues.signal, cues.topic]
            sets += [rc.cues.for_speaker(role) for rc in self.reasons.values()]
            group = CueGroup(sets)
            self._groups[role] = group
        return group

    def _cached_view(self, key: tuple[Any, ...], build: Callable[[], TextView]) -> TextView:
        view = self._views.get(key)
        if view is None:
            view = build()
            size = len(view.text)
            if size > self.VIEW_CACHE_CHARS // 10:
                return view  # one long text would push out hundreds of short ones
            with self._views_lock:
                if key not in self._views:
                    self._views[key] = view
                    self._view_chars[0] += size
                while self._views and (
                    len(self._views) > self.VIEW_CACHE_SIZE or self._view_chars[0] > self.VIEW_CACHE_CHARS
                ):
                    self._view_chars[0] -= len(self._views.popitem(last=False)[1].text)
        return view

    def modifier_of(self, cue: Cue) -> Modifier:
        """The modifier a cue of :attr:`negations` belongs to."""
        return self._modifier_by_cue[cue]

    def view_of(self, text: str, lemmas: Iterable[str] = ()) -> TextView:
        """The matchable view of a unit's text with the company's own phrases blanked out.

        Views are kept (up to :attr:`VIEW_CACHE_SIZE` views and :attr:`VIEW_CACHE_CHARS`
        characters), with what each cue set found in them, so a text read by several scorers is
        matched once.
        """
        lemmas = tuple(lemmas)

        def build() -> TextView:
            view = TextView.of(text, lemmas)
            return view.masked(self.system.find(view))

        return self._cached_view((text, None, lemmas), build)

    def view_of_unit(self, unit: Unit) -> TextView:
        """The matchable view of an analysed unit: its normalised text (``Unit.norm``, where
        obfuscated words are spelled out), with offsets into its original text."""
        if unit.norm is None:
            return self.view_of(unit.text, unit.lemmas)
        norm = unit.norm

        def build() -> TextView:
            view = TextView.of(norm, unit.lemmas, original=unit.text, origin=unit.origin())
            return view.masked(self.system.find(view))

        return self._cached_view((unit.text, norm, tuple(unit.lemmas), unit.norm_spans), build)


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------


def _default_directory() -> Path:
    return Path(__file__).resolve().parent


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as e:
        raise LexiconError(f"{path.name}: not valid YAML: {e}") from None
    except UnicodeDecodeError as e:
        raise LexiconError(f"{path.name}: not UTF-8 text ({e.reason})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: the top level must be a mapping, got {type(data).__name__}")
    return data


def _need_mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _need_list(value: Any, where: str, allow_empty: bool = False) -> list[Any]:
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list of cues, got {type(value).__name__}")
    if not value and not allow_empty:
        raise LexiconError(f"{where}: the list of cues is empty")
    return value


def _speakers(value: Any, where: str) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise LexiconError(f"{where}: speaker must be one of {', '.join(SPEAKERS)} or a list of them")
    out: set[str] = set()
    for item in items:
        if item == "any":
            out.update(SPEAKERS)
        elif item in SPEAKERS:
            out.add(item)
        else:
            raise LexiconError(
                f"{where}: unknown speaker {item!r} (use {', '.join(SPEAKERS)}, any); "
                "system turns never count"
            )
    return frozenset(out)


def _cue(
    raw: Any,
    where: str,
    *,
    allowed: frozenset[str],
    default_speakers: frozenset[str] = frozenset(SPEAKERS),
    weighted: bool = True,
    lemma_ok: bool = True,
) -> tuple[Cue, dict[str, Any]]:
    """Validate one cue mapping; returns the cue and the mapping (for extra keys)."""
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: a cue must be a mapping like {{phrase: ..., weight: 1.0}}, got {raw!r}")
    kinds = [k for k in ("phrase", "lemma", "pattern") if k in raw]
    if len(kinds) != 1:
        raise LexiconError(f"{where}: a cue needs exactly one of phrase, lemma, pattern; got {raw!r}")
    kind: CueKind = kinds[0]  # type: ignore[assignment]
    if kind == "lemma" and not lemma_ok:
        raise LexiconError(f"{where}: lemma cues are not allowed here (use phrase or pattern)")
    unknown = set(raw) - allowed - {kind}
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} in {raw!r}")
    text = raw[kind]
    if not isinstance(text, str) or not text.strip():
        raise LexiconError(f"{where}: empty {kind} in {raw!r}")
    text = text.strip()
    if kind == "phrase":
        key = _words_key(text) if _is_ascii(text) else _compact_key(text)
        if not key.strip():
            raise LexiconError(f"{where}: phrase {text!r} has nothing matchable")
        if len(key) < 2:
            raise LexiconError(f"{where}: phrase {text!r} is one character; use a lemma or a pattern")
    elif kind == "lemma":
        if any(ch.isspace() for ch in text):
            raise LexiconError(f"{where}: a lemma is one word, got {text!r}")
        text = text.lower()
    else:
        try:
            compiled = re.compile(text)
        except re.error as e:
            raise LexiconError(f"{where}: pattern {text!r} does not compile: {e}") from None
        if compiled.match(""):
            raise LexiconError(f"{where}: pattern {text!r} matches the empty string")
        if set(compiled.groupindex) - {"n"}:
            raise LexiconError(f"{where}: pattern {text!r}: the only named group allowed is (?P<n>...)")
    weight = 1.0
    if weighted:
        if "weight" not in raw:
            raise LexiconError(f"{where}: cue {text!r} has no weight")
        w = raw["weight"]
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w):
            raise LexiconError(f"{where}: weight of {text!r} must be a number, got {w!r}")
        if not 0 < w <= _MAX_WEIGHT:
            raise LexiconError(f"{where}: weight of {text!r} must be in (0, {_MAX_WEIGHT:g}], got {w}")
        weight = float(w)
    speakers = _speakers(raw["speaker"], where) if "speaker" in raw else default_speakers
    tags_raw = raw.get("tags", [])
    if not isinstance(tags_raw, list) or any(t not in TAGS for t in tags_raw):
        raise LexiconError(f"{where}: tags of {text!r} must be a list of {', '.join(TAGS)}, got {tags_raw!r}")
    role = raw.get("role")
    cue = Cue(kind, text, weight, speakers, role, frozenset(tags_raw), where)
    return cue, raw


def _check_duplicates(cues: Sequence[Cue], where: str) -> None:
    seen: dict[tuple[str, str, str | None], str] = {}
    for cue in cues:
        key = (cue.kind, cue.key, cue.role)
        if key in seen:
            raise LexiconError(f"{cue.where}: duplicate cue {cue.text!r} (same as {seen[key]})")
        seen[key] = cue.where


def _load_categories(path: Path) -> dict[str, CategoryCues]:
    data = _read_yaml(path)
    name = path.name
    unknown_top = set(data) - {"version", "categories"}
    if unknown_top:
        raise LexiconError(f"{name}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    cats = _need_mapping(data.get("categories"), f"{name}: categories")
    out: dict[str, CategoryCues] = {}
    for code, body in cats.items():
        where = f"{name}: categories.{code}"
        if code not in CATEGORIES:
            raise LexiconError(f"{where}: unknown category code {code!r} (known: {', '.join(CATEGORIES)})")
        body = _need_mapping(body, where)
        extra = set(body) - {"topic", "signal"}
        if extra:
            raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(extra))} (use topic, signal)")
        if "topic" in body and code not in TOPICAL:
            raise LexiconError(f"{where}: only topical categories have topic cues; put them under signal")
        lists: dict[str, tuple[Cue, ...]] = {}
        for part in ("topic", "signal"):
            if part not in body:
                if part == "signal":
                    raise LexiconError(f"{where}: missing signal cues")
                lists[part] = ()
                continue
            raw_cues = _need_list(body[part], f"{where}.{part}")
            cues = tuple(
                _cue(raw, f"{where}.{part}[{i}]", allowed=frozenset({"weight"}))[0]
                for i, raw in enumerate(raw_cues)
            )
            _check_duplicates(cues, f"{where}.{part}")
            lists[part] = cues
        out[code] = CategoryCues(CueSet(lists["topic"]), CueSet(lists["signal"]))
    missing = [c for c in CATEGORIES if c not in out]
    if missing:
        raise LexiconError(f"{name}: categories without cues: {', '.join(missing)}")
    return out


def _load_reason_block(body: Any, where: str, reason: str | None) -> CueSet:
    body = _need_mapping(body, where)
    extra = set(body) - {"speaker", "cues"}
    if extra:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(extra))} (use speaker, cues)")
    default = _speakers(body["speaker"], f"{where}.speaker") if "speaker" in body else frozenset(SPEAKERS)
    allowed = {"weight", "speaker"}
    if reason == "agent_obstruction":
        allowed.update(("role", "topic"))
    if reason == "customer_abuse":
        allowed.add("tags")
    raw_cues = _need_list(body.get("cues"), f"{where}.cues")
    cues: list[Cue] = []
    for i, raw in enumerate(raw_cues):
        cwhere = f"{where}.cues[{i}]"
        cue, _ = _cue(raw, cwhere, allowed=frozenset(allowed), default_speakers=default)
        if reason == "agent_obstruction":
            if cue.role not in ROLES:
                raise LexiconError(f"{cwhere}: agent_obstruction cues need role: {' | '.join(ROLES)}")
            topicless = cue.role in _TOPICLESS_ROLES
            topic = raw.get("topic", None if topicless else OBSTRUCTION_TOPICS[0])
            if topicless and topic is not None:
                raise LexiconError(
                    f"{cwhere}: a {cue.role} has no topic (a deflection answers any request, "
                    "an insistence repeats the latest one)"
                )
            if not topicless and topic not in OBSTRUCTION_TOPICS:
                raise LexiconError(
                    f"{cwhere}: topic must be one of {', '.join(OBSTRUCTION_TOPICS)}, got {topic!r}"
                )
            role = cue.role
            wrong = cue.speakers - _ROLE_SPEAKERS[role]
            if wrong:
                raise LexiconError(
                    f"{cwhere}: a {role} cue cannot apply to {', '.join(sorted(wrong))} "
                    f"(allowed: {', '.join(sorted(_ROLE_SPEAKERS[role]))})"
                )
            cue = replace(cue, topic=topic)
        cues.append(cue)
    _check_duplicates(cues, where)
    return CueSet(tuple(cues))


def _load_risk(path: Path) -> tuple[dict[str, ReasonCues], CueSet, CueSet]:
    data = _read_yaml(path)
    name = path.name
    unknown_top = set(data) - {"version", "reasons", "anger", "employee"}
    if unknown_top:
        raise LexiconError(f"{name}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    reasons = _need_mapping(data.get("reasons"), f"{name}: reasons")
    out: dict[str, ReasonCues] = {}
    for code, body in reasons.items():
        where = f"{name}: reasons.{code}"
        if code not in REASONS:
            raise LexiconError(f"{where}: unknown reason code {code!r} (known: {', '.join(REASONS)})")
        if code not in CUE_REASONS:
            raise LexiconError(
                f"{where}: {code} is not found from text cues (it comes from metadata or the stream)"
            )
        cues = _load_reason_block(body, where, code)
        if code == "repeat_contact":
            for cue in cues.cues:
                if cue.kind != "pattern" or "(?P<n>" not in cue.text:
                    raise LexiconError(
                        f"{cue.where}: repeat_contact cues must be patterns with a count (?P<n>...)"
                    )
        out[code] = ReasonCues(code, cues)
    missing = [r for r in _REQUIRED_REASONS if r not in out]
    if missing:
        raise LexiconError(f"{name}: reasons without cues: {', '.join(missing)}")
    if "anger" not in data:
        raise LexiconError(f"{name}: missing anger cues")
    anger = _load_reason_block(data["anger"], f"{name}: anger", None)
    employee = CueSet(())
    if "employee" in data:
        employee = _load_reason_block(data["employee"], f"{name}: employee", None)
    return out, anger, employee


def _load_modifiers(path: Path) -> tuple[tuple[Modifier, ...], CueSet, CueSet, int, int]:
    data = _read_yaml(path)
    name = path.name
    unknown_top = set(data) - {"version", "window", "negation", "system", "sarcasm"}
    if unknown_top:
        raise LexiconError(f"{name}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    window = _need_mapping(data.get("window", {"compact": 16, "words": 30}), f"{name}: window")
    windows: list[int] = []
    for view in ("compact", "words"):
        w = window.get(view)
        if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= 200:
            raise LexiconError(
                f"{name}: window.{view} must be a whole number of characters in [0, 200], got {w!r}"
            )
        windows.append(w)
    modifiers: list[Modifier] = []
    for i, raw in enumerate(_need_list(data.get("negation"), f"{name}: negation")):
        where = f"{name}: negation[{i}]"
        cue, body = _cue(
            raw, where, allowed=frozenset({"applies_to", "scope"}), weighted=False, lemma_ok=False
        )
        applies = body.get("applies_to")
        if applies == "all":
            targets = frozenset(CUE_REASONS)
        elif isinstance(applies, list) and applies and all(a in CUE_REASONS for a in applies):
            targets = frozenset(applies)
        else:
            raise LexiconError(
                f"{where}: applies_to must be 'all' or a list of reason codes ({', '.join(CUE_REASONS)}), "
                f"got {applies!r}"
            )
        scope = body.get("scope", "after" if cue.view == "words" else "before")
        if scope not in ("before", "after"):
            raise LexiconError(f"{where}: scope must be before or after, got {scope!r}")
        modifiers.append(Modifier(cue, targets, scope))
    _check_duplicates([m.cue for m in modifiers], f"{name}: negation")
    system: list[Cue] = []
    for i, raw in enumerate(_need_list(data.get("system"), f"{name}: system")):
        system.append(
            _cue(raw, f"{name}: system[{i}]", allowed=frozenset(), weighted=False, lemma_ok=False)[0]
        )
    _check_duplicates(system, f"{name}: system")
    sarcasm: list[Cue] = []
    for i, raw in enumerate(_need_list(data.get("sarcasm"), f"{name}: sarcasm")):
        sarcasm.append(_cue(raw, f"{name}: sarcasm[{i}]", allowed=frozenset({"weight"}), lemma_ok=False)[0])
    _check_duplicates(sarcasm, f"{name}: sarcasm")
    return tuple(modifiers), CueSet(tuple(system)), CueSet(tuple(sarcasm)), windows[0], windows[1]


def _is_jamo(ch: str) -> bool:
    return "\u3131" <= ch <= "\u3163"


def _is_consonant_jamo(ch: str) -> bool:
    return "\u3131" <= ch <= "\u314e"


def _is_slot_spelling(ch: str) -> bool:
    return ("\uac00" <= ch <= "\ud7a3") or _is_jamo(ch) or (ch.isascii() and ch.isalpha())


def _load_obfuscation(raw: Any, where: str) -> Obfuscation:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected a mapping like {{canonical: ..., slots: [...]}}, got {raw!r}")
    unknown = set(raw) - {"canonical", "slots", "pattern"}
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    canonical = raw.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip() or any(ch.isspace() for ch in canonical):
        raise LexiconError(f"{where}: canonical must be one word, got {canonical!r}")
    if ("slots" in raw) == ("pattern" in raw):
        raise LexiconError(f"{where}: give exactly one of slots, pattern")
    if "pattern" in raw:
        pattern = raw["pattern"]
        if not isinstance(pattern, str) or not pattern:
            raise LexiconError(f"{where}: empty pattern")
        try:
            compiled = re.compile(pattern)
        except re.error as e:
            raise LexiconError(f"{where}: pattern {pattern!r} does not compile: {e}") from None
        if compiled.match(""):
            raise LexiconError(f"{where}: pattern {pattern!r} matches the empty string")
        if compiled.groupindex:
            raise LexiconError(f"{where}: pattern {pattern!r}: named groups are not allowed here")
        if not pattern.isascii():
            raise LexiconError(f"{where}: patterns are for Latin-script words; spell Korean words with slots")
        return Obfuscation(canonical, (), pattern, where)
    slots_raw = raw["slots"]
    if not isinstance(slots_raw, list) or len(slots_raw) < 2:
        raise LexiconError(f"{where}: slots must list the spellings of at least two syllables")
    slots: list[tuple[str, ...]] = []
    for i, slot in enumerate(slots_raw):
        if not isinstance(slot, list) or not slot:
            raise LexiconError(f"{where}: slots[{i}] must be a non-empty list of spellings")
        for item in slot:
            if not isinstance(item, str) or len(item) != 1 or not _is_slot_spelling(item):
                raise LexiconError(
                    f"{where}: slots[{i}]: each spelling is one Hangul syllable, jamo or Latin letter, "
                    f"got {item!r}"
                )
        if len(set(slot)) != len(slot):
            raise LexiconError(f"{where}: slots[{i}] lists a spelling twice: {slot!r}")
        slots.append(tuple(slot))
    jamo = {_is_jamo(ch) for slot in slots for ch in slot}
    if len(jamo) > 1:
        raise LexiconError(f"{where}: spell every slot in jamo, or none (put jamo forms in their own entry)")
    return Obfuscation(canonical, tuple(slots), "", where)


def _load_informal(path: Path) -> InformalRules:
    data = _read_yaml(path)
    name = path.name
    unknown_top = set(data) - {"version", "obfuscated", "abbreviations", "emoji"}
    if unknown_top:
        raise LexiconError(f"{name}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    obfuscated: list[Obfuscation] = []
    seen: dict[tuple[Any, ...], str] = {}
    for i, raw in enumerate(_need_list(data.get("obfuscated", []), f"{name}: obfuscated", allow_empty=True)):
        entry = _load_obfuscation(raw, f"{name}: obfuscated[{i}]")
        key = (entry.slots, entry.pattern)
        if key in seen:
            raise LexiconError(f"{entry.where}: duplicate entry (same as {seen[key]})")
        seen[key] = entry.where
        obfuscated.append(entry)
    abbreviations: dict[str, str] = {}
    raw_abbr = _need_mapping(data.get("abbreviations", {}), f"{name}: abbreviations")
    for short, long in raw_abbr.items():
        where = f"{name}: abbreviations.{short}"
        if not isinstance(short, str) or not 1 <= len(short) <= 8 or not all(map(_is_consonant_jamo, short)):
            raise LexiconError(f"{where}: a shorthand is one to eight consonant jamo (ㄱ-ㅎ), got {short!r}")
        if not isinstance(long, str) or not long.strip() or long != long.strip():
            raise LexiconError(f"{where}: the expansion must be non-empty text, got {long!r}")
        abbreviations[short] = long
    emoji: dict[str, frozenset[str]] = {}
    owner: dict[str, str] = {}
    for kind, items in _need_mapping(data.get("emoji", {}), f"{name}: emoji").items():
        where = f"{name}: emoji.{kind}"
        if kind not in EMOJI_KINDS:
            raise LexiconError(f"{where}: unknown kind {kind!r} (use {', '.join(EMOJI_KINDS)})")
        if not isinstance(items, list) or not items:
            raise LexiconError(f"{where}: expected a non-empty list of emoji")
        for item in items:
            if (
                not isinstance(item, str)
                or not item
                or len(item) > 8
                or any(ch.isalnum() or ch.isspace() for ch in item)
            ):
                raise LexiconError(f"{where}: {item!r} is not an emoji")
            if item in owner:
                raise LexiconError(f"{where}: {item} is already listed under {owner[item]}")
            owner[item] = kind
        emoji[kind] = frozenset(items)
    return InformalRules(tuple(obfuscated), MappingProxyType(abbreviations), MappingProxyType(emoji))


def load_informal(directory: Path | None = None) -> InformalRules:
    """Only the informal-writing rules of a lexicon folder (what the analyser needs).

    Empty rules when the folder has no ``informal.yaml``; :class:`LexiconError` when it is
    invalid.
    """
    directory = Path(directory) if directory is not None else _default_directory()
    path = directory / INFORMAL_FILE
    return _load_informal(path) if path.is_file() else InformalRules()


def _check_user_dictionary(path: Path) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise LexiconError(f"{path.name}: not UTF-8 text ({e.reason})") from None
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.name}: line {number}"
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise LexiconError(f"{where}: expected word<TAB>TAG<TAB>score, got {line!r}")
        word, tag = fields[0], fields[1]
        if not word or any(ch.isspace() for ch in word):
            raise LexiconError(f"{where}: the word must be non-empty and without spaces, got {word!r}")
        if tag not in _USER_DICT_TAGS:
            raise LexiconError(f"{where}: unknown Kiwi tag {tag!r} for {word!r}")
        if len(fields) == 3:
            try:
                score = float(fields[2])
            except ValueError:
                raise LexiconError(
                    f"{where}: score of {word!r} must be a number, got {fields[2]!r}"
                ) from None
            if not math.isfinite(score) or not -20 <= score <= 20:
                raise LexiconError(f"{where}: score of {word!r} must be in [-20, 20], got {score}")
        if (word, tag) in seen:
            raise LexiconError(f"{where}: duplicate entry {word}/{tag} (first on line {seen[word, tag]})")
        seen[word, tag] = number


def _digest(directory: Path) -> str:
    sha = hashlib.sha256()
    for name in FILES:
        path = directory / name
        if path.is_file():
            sha.update(name.encode())
            sha.update(b"\0")
            sha.update(path.read_bytes())
            sha.update(b"\0")
    return sha.hexdigest()[:12]


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read, validate and compile the lexicon files.

    Parameters
    ----------
    directory
        A folder with ``categories.yaml``, ``risk_cues.yaml``, ``modifiers.yaml`` and
        optionally ``informal.yaml`` and ``user_dict.txt``; None reads the files packaged
        with VOC Radar.

    Raises
    ------
    LexiconError
        When a file is missing, is not valid YAML, or an entry breaks the format (unknown
        category or reason code, empty cue, bad weight, speaker, role or pattern); the
        message names the file and the entry.
    """
    directory = Path(directory) if directory is not None else _default_directory()
    if not directory.is_dir():
        raise LexiconError(f"{directory}: lexicon directory not found")
    for name in _REQUIRED_FILES:
        if not (directory / name).is_file():
            raise LexiconError(f"{name}: missing from {directory}")
    categories = _load_categories(directory / CATEGORIES_FILE)
    reasons, anger, employee = _load_risk(directory / RISK_FILE)
    modifiers, system, sarcasm, window_compact, window_words = _load_modifiers(directory / MODIFIERS_FILE)
    informal = load_informal(directory)
    user_dict = directory / USER_DICT_FILE
    if user_dict.is_file():
        _check_user_dictionary(user_dict)
    return Lexicon(
        directory=directory,
        hash=_digest(directory),
        categories=MappingProxyType(categories),
        reasons=MappingProxyType(reasons),
        anger=anger,
        negations=CueSet(tuple(m.cue for m in modifiers)),
        modifiers=modifiers,
        system=system,
        sarcasm=sarcasm,
        window_compact=window_compact,
        window_words=window_words,
        user_dictionary_path=user_dict if user_dict.is_file() else None,
        informal=informal,
        employee=employee,
    )
