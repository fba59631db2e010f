"""Korean (Kiwi) and English text analysis of events into :class:`~vocradar.models.types.Unit` s.

One :class:`KiwiAnalyzer` per process: the Kiwi object is built lazily on first use and then
kept; batches of texts are handed to Kiwi as a list so its thread pool spreads them over cores.
English text (``lang: en`` or mostly Latin letters) takes a light regex path instead of Kiwi.

Informal writing
    Before Kiwi, every text goes through :class:`TextNormalizer` (a few compiled regexes):
    elongations are collapsed (ㅋㅋㅋㅋㅋ → ㅋㅋㅋ, ㅠㅠㅠㅠ → ㅠㅠ, !!!!! → !!!, 미치겠네에에에 →
    미치겠네), obfuscated words are spelled out in the form the risk cues know (시1발 → 씨발,
    ㅅ.ㅂ → ㅅㅂ, 개.새.끼 → 개새끼) and 초성 shorthand is expanded (ㅁㅊ → 미친, ㄱㅅ → 감사),
    all driven by the lexicon's ``informal.yaml``. The unit keeps its original ``text`` for
    evidence; Kiwi and the cues read ``Unit.norm``, with offsets back into the original
    (``Unit.norm_spans``). Emoji stay in the text (Kiwi tags them ``W_EMOJI``).

Kiwi's own informal-text options, measured
    Coda normalisation (``normalize_coda``, 했닼ㅋㅋ) is off by default: Kiwi already splits an
    added coda off (``ᆿ/Z_CODA``) with the same lemmas, and on 4,900 distinct demo and corpus
    texts it changed the lemmas of 4, all for the worse (인터넷ㅅ → 인터네 + ㅅㅅ). Typo
    correction (``typos='basic'``) costs about twice the Kiwi time when run on everything and
    barely changes the demo texts (4 of 639 distinct tweets, all for the worse: 내 명의 → 네
    명), so it is applied only to texts whose plain analysis is ungrammatical in a way
    misspellings cause (an unknown token, a noun followed directly by an ending, a verb right
    after a modifier ending: 자꾸끈겨요), and kept only when it removes those signs without
    losing a noun (왠만하면 해지 must keep 해지).

Robustness
    Lone surrogates become U+FFFD and control characters spaces (the text keeps its length),
    text beyond ``max_chars`` is cut (``EventAnalysis.truncated``), and a text Kiwi cannot
    analyse is split on spaces instead of failing its batch.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vocradar.lexicons import InformalRules, Lexicon, load_informal
from vocradar.models.events import VocEvent
from vocradar.models.types import FULL_WIDTH_TO_ASCII, EventAnalysis, Unit

__all__ = ["KiwiAnalyzer", "TextNormalizer", "compact", "detect_lang", "english_tokens", "sanitize"]

log = logging.getLogger(__name__)

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
# Content morphemes kept as lemmas: nouns, verbs, adjectives, adverbs, roots, foreign words,
# and Kiwi's SW tag (ㅋㅋ, ㅠㅠ, 초성 like ㅅㅂ).
_CONTENT = ("NN", "VV", "VA", "XR", "MAG", "SL", "SW", "SH", "NR")
# Tags after which a derivational 하/되 (XSV, XSA) is grammatical.
_XS_HOSTS = ("NN", "XR", "SL", "SH", "SN", "NR", "MAG", "XSN", "ETN", "W_")
_ENDINGS = frozenset({"EC", "EF", "EP", "ETM", "ETN"})
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

Span = tuple[int, int, int, int]  # (norm start, norm end, text start, text end)


@dataclass(frozen=True, slots=True)
class _Analysed:
    """What the analyser keeps per text (and per cached live-call turn)."""

    norm: str | None
    spans: tuple[Span, ...]
    morphs: tuple[str, ...]
    lemmas: tuple[str, ...]
    typo: bool = False


def compact(text: str) -> str:
    """Lower-cased text with all whitespace removed (spacing-insensitive cue matching)."""
    return "".join(text.split()).lower()


def detect_lang(text: str, declared: str | None = None) -> str:
    """``ko`` or ``en``: the declared language if given, else by the letters used."""
    if declared:
        return "en" if declared.lower().startswith("en") else "ko"
    sample = text[:2000]
    if _LATIN.search(sample) is None:
        return "ko"
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "en" if latin > 3 * max(hangul, 1) else "ko"


def sanitize(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD, control characters (but tab and newline) as
    spaces and full-width forms as ASCII: the same length, so offsets stay valid, and safe for
    Kiwi, for cue matching and for UTF-8 output."""
    if not text.isascii():
        text = text.translate(FULL_WIDTH_TO_ASCII)
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)


# --------------------------------------------------------------------------------------------
# Normalisation of informal text
# --------------------------------------------------------------------------------------------

# Syllables of ㅇ + a vowel, the ones a stretched vowel is written with (네에에, 좋아아아).
_VOWEL_SYLLABLES = "아애야얘어에여예오와왜외요우워웨위유으의이"
# Syllables of laughter and sobbing that get repeated (하하하하하 -> 하하하).
_LAUGH_SYLLABLES = "하히호헤흐크키흑헐"
# The vowel a syllable is heard with, by medial index: ㅑ→ㅏ, ㅕ→ㅓ, ㅐ≈ㅔ, ㅘ→ㅏ, ㅝ→ㅓ, ㅟ/ㅢ→ㅣ, ...
_BASE_VOWEL = (0, 5, 0, 5, 4, 5, 4, 5, 8, 0, 5, 5, 8, 13, 4, 5, 20, 13, 18, 20, 20)
_CONSONANT_JAMO = "\u3131-\u314e"
_LETTER = re.compile(r"[^\W\d_]")
_NOT_LAUGH = "[\u3131-\u314a\u314c\u314d]"  # consonant jamo but ㅋ and ㅎ
# Between the syllables of an obfuscated word: up to three digits, symbols or spaces.
_GAP = r"[\W\d_]"


def _vowel(syllable: str) -> int:
    return _BASE_VOWEL[((ord(syllable) - 0xAC00) // 28) % 21]


def _has_coda(syllable: str) -> bool:
    return (ord(syllable) - 0xAC00) % 28 != 0


def _is_jamo(ch: str) -> bool:
    return "\u3131" <= ch <= "\u3163"


class TextNormalizer:
    """Rewrites informal writing with a few compiled regexes and records where each rewrite came from.

    A few scans, each cheap on ordinary text: rules that start with jamo, punctuation or a
    Latin letter; obfuscated words spelled in syllables (only when a text shows such a
    syllable followed by a symbol or digit); stretched vowels (네에에); repeated laughter
    syllables (하하하하). Each only runs where its first character occurs, which Python's regex
    engine finds at C speed.

    Parameters
    ----------
    rules
        The lexicon's informal-writing rules (``informal.yaml``).

    Examples
    --------
    >>> from vocradar.lexicons import load_informal
    >>> TextNormalizer(load_informal()).normalize("시1발 ㅈㄴ 느려ㅠㅠㅠㅠ")[0]
    '씨발 ㅈㄴ 느려ㅠㅠ'
    """

    def __init__(self, rules: InformalRules) -> None:
        self.rules = rules
        parts: list[str] = []  # rules that start with jamo, punctuation or a Latin letter
        syllable_parts: list[str] = []  # obfuscated words spelled in syllables
        syllable_starts: set[str] = set()
        self._canonical: dict[str, str] = {}
        self._slotted: set[str] = set()
        ordered = sorted(rules.obfuscated, key=lambda o: -len(o.slots))
        for i, ob in enumerate(ordered):
            name = f"ob{i}"
            self._canonical[name] = ob.canonical
            if not ob.slots:
                parts.append(f"(?P<{name}>(?i:{ob.pattern}))")  # Latin script (the loader checks)
                continue
            self._slotted.add(name)
            body = self._slot_regex(ob.slots)
            if all(_is_jamo(ch) for slot in ob.slots for ch in slot):
                # jamo standing on their own: "ㅆㅂ ㅆ" holds no ㅂㅅ (laughter may touch them)
                parts.append(f"(?P<{name}>(?<!{_NOT_LAUGH})(?:{body})(?!{_NOT_LAUGH}))")
            else:
                syllable_parts.append(f"(?P<{name}>(?i:{body}))")
                syllable_starts.update(ob.slots[0])
        self._abbreviations = dict(rules.abbreviations)
        if self._abbreviations:
            keys = "|".join(re.escape(k) for k in sorted(self._abbreviations, key=len, reverse=True))
            cj = _CONSONANT_JAMO
            # shorthand stands alone, or next to ㅋㅋ/ㅎㅎ laughter (ㅋㅋㅅㅂ, ㄱㅅㅎㅎ)
            parts.append(f"(?P<ab>(?:(?<![{cj}])|(?<=[ㅋㅎ]{{2}}))(?:{keys})(?=[ㅋㅎ]{{2}}|[^{cj}]|\\Z))")
        parts += [
            f"(?P<lc>(?P<lcc>[{_CONSONANT_JAMO}])(?P=lcc){{3,}})",  # ㅋㅋㅋㅋㅋ -> ㅋㅋㅋ
            r"(?P<ly>[ㅠㅜ]{3,})",  # ㅠㅠㅠㅠ -> ㅠㅠ
            r"(?P<lv>(?P<lvc>[ㅏ-ㅣ])(?P=lvc){3,})",  # ㅡㅡㅡㅡ -> ㅡㅡㅡ
            r"(?P<lp>(?P<lpc>[!?.~;^])(?P=lpc){3,})",  # !!!!! -> !!!
            r"(?P<ll>(?P<llc>[a-vyzA-VYZ])(?P=llc){2,})",  # soooo -> soo
        ]
        # Each scan first finds out, at C speed, whether the text has anything it could rewrite.
        starts = "[\\u3131-\\u3163a-zA-Z!?.~;^]"
        self._main_hint = re.compile(starts)
        self._main = re.compile(f"(?={starts})(?:{'|'.join(parts)})")
        self._syllable_hint: re.Pattern[str] | None = None
        self._syllables: re.Pattern[str] | None = None
        if syllable_parts:
            # an obfuscated word shows a gap after its first or second syllable
            first = "[" + "".join(sorted(syllable_starts)) + "]"
            self._syllable_hint = re.compile(f"{first}[가-힣]?{_GAP}")
            self._syllables = re.compile(f"(?={first})(?:{'|'.join(syllable_parts)})")
        self._stretch = re.compile(f"([{_VOWEL_SYLLABLES}])\\1+")  # 네에에, 좋아아아
        self._laugh = re.compile(f"([{_LAUGH_SYLLABLES}])\\1{{3,}}")  # 하하하하하 -> 하하하

    @staticmethod
    def _slot_regex(slots: Sequence[Sequence[str]]) -> str:
        """Slots joined by gaps, at least one gap not empty (adjacent syllables are left to
        the cues, and adjacent jamo to the shorthand table)."""
        classes = ["[" + "".join(re.escape(c) for c in slot) + "]" for slot in slots]
        options = []
        for first in range(len(classes) - 1):
            body = classes[0]
            for gap, cls in enumerate(classes[1:]):
                quant = "{0}" if gap < first else ("{1,3}" if gap == first else "{0,3}")
                body += f"{_GAP}{quant}{cls}"
            options.append(body)
        return "|".join(options)

    def _replacement(self, m: re.Match[str], text: str) -> str | None:
        kind = m.lastgroup or ""
        found = m.group()
        if kind.startswith("ob"):
            if kind in self._slotted and not _is_jamo(found[0]):
                # syllables apart: one gap must be symbols or digits only ("개 새.끼"), else they
                # are words ("오후 3시, 발송"); and "3시.발" is a time
                if not any(g and not any(c.isspace() for c in g) for g in _LETTER.split(found)[1:-1]):
                    return None
                if m.start() > 0 and text[m.start() - 1].isdigit():
                    return None
            return self._canonical[kind]
        if kind == "ab":
            return self._abbreviations[found]
        if kind == "ly" or kind == "ll":
            return found[:2]
        if kind in ("lc", "lv", "lp"):
            return found[:3]
        return None

    @staticmethod
    def _stretched(m: re.Match[str], text: str) -> tuple[int, int, str] | None:
        """A stretched vowel: 네에에 -> 네 (the syllable before carries the vowel), 좋아아아 ->
        좋아, 아아아 -> 아."""
        start, end = m.span()
        found = m.group()
        prev = text[start - 1] if start else ""
        if "가" <= prev <= "힣":
            if not _has_coda(prev) and _vowel(prev) == _vowel(found[0]):
                return start, end, ""
            return start, end, found[0]
        if len(found) >= 3:
            return start + 1, end, ""
        return None

    def normalize(self, text: str) -> tuple[str | None, tuple[Span, ...]]:
        """The normalised text and its rewritten spans, or ``(None, ())`` when nothing changed."""
        edits: list[tuple[int, int, str]] = []
        scans = [self._main] if self._main_hint.search(text) else []
        hint = self._syllable_hint
        if self._syllables is not None and hint is not None and hint.search(text):
            scans.append(self._syllables)
        for scan in scans:
            for m in scan.finditer(text):
                rep = self._replacement(m, text)
                if rep is not None and rep != m.group():
                    edits.append((m.start(), m.end(), rep))
        main = len(edits) if len(scans) == 1 else 0
        for m in self._stretch.finditer(text):
            edit = self._stretched(m, text)
            if edit is not None:
                edits.append(edit)
        edits.extend((m.start(), m.end(), m.group()[:3]) for m in self._laugh.finditer(text))
        if not edits:
            return None, ()
        if len(edits) > main:
            edits.sort()
        pieces: list[str] = []
        spans: list[Span] = []
        last = n_pos = 0
        for start, end, rep in edits:
            if start < last:
                continue  # overlaps an earlier rewrite
            pieces.append(text[last:start])
            n_pos += start - last
            pieces.append(rep)
            spans.append((n_pos, n_pos + len(rep), start, end))
            n_pos += len(rep)
            last = end
        pieces.append(text[last:])
        return "".join(pieces), tuple(spans)


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

_EN_NEG_CONTRACTION = re.compile(
    r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must|need|wo|ca|ai|sha)n'?t\b"
)
_EN_CONTRACTION = re.compile(r"'(re|m|ve|ll|d|s)\b")
_EN_STEMS = {"wo": "will", "ca": "can", "ai": "is", "sha": "shall"}
_EN_SUFFIXES = {"re": " are", "m": " am", "ve": " have", "ll": " will", "d": " would", "s": ""}
_EN_TOKEN = re.compile(r"[a-z0-9]+|[.!?;:,]")
_EN_NEGATORS = frozenset({"not", "no", "never", "nor", "without", "neither"})
_EN_BREAKS = frozenset({"but", "however", "though", "although", "yet"})
# Words a negation reaches across without spending its scope ("not going to post it").
_EN_TRANSPARENT_WORDS = (
    "to be been being going gonna a an the my your our their his her its it this that these those "
    "any anything ever even really just able have has had do does did will would can could should "
    "shall i you we they he she me us them am is are was were so too very more at all"
)
_EN_TRANSPARENT = frozenset(_EN_TRANSPARENT_WORDS.split())
_EN_SCOPE = 3


def english_tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Morphemes (``word/SL``, ``number/SN``) and lemmas of English text.

    Lower-cased, punctuation stripped, contractions expanded (won't → will not, I'm → i am).
    Up to three content words after a negation (not, no, never, ...) and before the next
    punctuation or "but" get a ``not_`` prefix in the lemmas: "I'm not going to post it" gives
    ``not_post``, so a lemma cue ``post`` does not fire on it.
    """
    low = text.lower().replace("\u2019", "'").replace("`", "'")
    low = low.replace("cannot", "can not")
    low = _EN_NEG_CONTRACTION.sub(lambda m: f"{_EN_STEMS.get(m.group(1), m.group(1))} not", low)
    low = _EN_CONTRACTION.sub(lambda m: _EN_SUFFIXES[m.group(1)], low)
    morphs: list[str] = []
    lemmas: list[str] = []
    scope = 0
    for tok in _EN_TOKEN.findall(low):
        if not tok[0].isalnum():
            scope = 0
            continue
        morphs.append(f"{tok}/{'SN' if tok.isdigit() else 'SL'}")
        if tok in _EN_BREAKS:
            scope = 0
            lemmas.append(tok)
        elif tok in _EN_NEGATORS:
            scope = _EN_SCOPE
            lemmas.append(tok)
        elif scope and tok not in _EN_TRANSPARENT:
            lemmas.append("not_" + tok)
            scope -= 1
        else:
            lemmas.append(tok)
    return tuple(morphs), tuple(lemmas)


# --------------------------------------------------------------------------------------------
# The analyser
# --------------------------------------------------------------------------------------------


# What the token reader needs to know about a Kiwi tag, as bits (tags are few: computed once).
_XS, _VERB, _CONTENT_TAG, _NOUN_HOST, _ETM, _NOUN, _ENDING, _XS_HOST, _UNKNOWN = (1 << i for i in range(9))
_TAG_BITS: dict[str, int] = {}


def _tag_bits(tag: str) -> int:
    bits = _TAG_BITS.get(tag)
    if bits is None:
        bits = (
            (_XS if tag.startswith(("XSV", "XSA")) else 0)
            | (_VERB if tag.startswith(("VV", "VA")) else 0)
            | (_CONTENT_TAG if tag.startswith(_CONTENT) else 0)
            | (_NOUN_HOST if tag.startswith(("NNG", "XR", "SL")) else 0)
            | (_ETM if tag == "ETM" else 0)
            | (_NOUN if tag.startswith(("NNG", "NNP")) else 0)
            | (_ENDING if tag in _ENDINGS else 0)
            | (_XS_HOST if tag.startswith(_XS_HOSTS) else 0)
            | (_UNKNOWN if tag == "UN" else 0)
        )
        _TAG_BITS[tag] = bits
    return bits


def _read_tokens(tokens: Sequence[Any]) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Morphemes, lemmas, and how many signs of a typo Kiwi's plain analysis shows.

    The signs are grammar Kiwi only produces for misspelt words, within one word: 끈겨요 ->
    끄/VV ᆫ/ETM 기/VV (a verb after a modifier ending), 됫는데 -> 됫/NNG 는데/EC (a noun with an
    ending), 왠만하면 -> 왠/MM 만하/XSA (하다 after a determiner), and unknown tokens.
    """
    morphs: list[str] = []
    lemmas: list[str] = []
    prev_noun: str | None = None
    anomalies = 0
    prev: Any = None
    prev_bits = 0
    for t in tokens:
        tag = t.tag
        form = t.form
        bits = _TAG_BITS.get(tag)
        if bits is None:
            bits = _tag_bits(tag)
        morphs.append(f"{form}/{tag}")
        if prev is not None and (
            (prev_bits & _ETM and bits & _VERB)
            or (prev_bits & _NOUN and bits & _ENDING)
            or (bits & _XS and not prev_bits & _XS_HOST)
        ):
            # only a suspect pair pays for the position check: within one word?
            anomalies += prev.start + prev.len == t.start
        if bits & _UNKNOWN:
            anomalies += 1
        prev, prev_bits = t, bits
        if bits & _XS:
            # 해지 + 하 -> 해지하다: the verb a customer actually used
            if prev_noun is not None:
                lemmas.append(prev_noun + form + "다")
            prev_noun = None
            continue
        if bits & _VERB:
            lemma = t.lemma
            lemmas.append(lemma if lemma.endswith("다") else form + "다")
        elif bits & _CONTENT_TAG:
            lemmas.append(form.lower())
        prev_noun = form if bits & _NOUN_HOST else None
    return tuple(morphs), tuple(lemmas), anomalies


def _nouns(tokens: Sequence[Any]) -> set[str]:
    return {t.form for t in tokens if t.tag in ("NNG", "NNP") and len(t.form) > 1}


class KiwiAnalyzer:
    """Analyses batches of events with one shared Kiwi.

    Parameters
    ----------
    num_workers
        Kiwi threads for list input (-1: every core).
    user_dictionary
        Optional Kiwi user dictionary file (word, tag, score per line).
    max_chars
        Text of an event beyond this many characters is cut (the analysis says so).
    turn_cache_size
        Live-call turns kept analysed, so a growing transcript costs only its new turns.
    lexicon, informal
        Where the informal-writing rules come from: ``informal`` if given, else the
        lexicon's, else the ``informal.yaml`` next to ``user_dictionary``, else the packaged one.
    typos
        Kiwi typo model for the texts whose plain analysis looks misspelt (None: never).
    typo_max_chars
        Longer texts are never re-analysed with typo correction (bounded time).
    normalize_coda
        Kiwi's coda normalisation (했닼ㅋㅋ → 했다 + ㅋㅋㅋ). Off: Kiwi already splits such a
        coda off (``ᆿ/Z_CODA``) with the same lemmas, and normalising reads 인터넷ㅅ as 인터네 + ㅅㅅ.
    """

    def __init__(
        self,
        num_workers: int = -1,
        user_dictionary: Path | None = None,
        max_chars: int = 20_000,
        turn_cache_size: int = 50_000,
        *,
        lexicon: Lexicon | None = None,
        informal: InformalRules | None = None,
        typos: str | None = "basic",
        typo_max_chars: int = 1_000,
        normalize_coda: bool = False,
    ) -> None:
        self.num_workers = num_workers
        self.normalize_coda = normalize_coda
        self.user_dictionary = user_dictionary
        self.max_chars = max(max_chars, 0)
        self.typos = typos
        self.typo_max_chars = typo_max_chars
        if informal is None:
            if lexicon is not None:
                informal = lexicon.informal
            else:
                informal = load_informal(Path(user_dictionary).parent if user_dictionary else None)
        self.normalizer = TextNormalizer(informal)
        self._kiwi: Any = None
        self._lock = threading.Lock()
        # Turns of live calls already analysed, by (conversation, turn index, text): a growing
        # transcript costs only its new turns. Bounded, least recently used out first.
        self._turns: OrderedDict[tuple[str, int, str], _Analysed] = OrderedDict()
        self.turn_cache_size = turn_cache_size
        self.turn_cache_hits = 0
        self.typo_retries = 0
        self.typo_corrections = 0

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

    def _tokenize_one(self, text: str, **options: Any) -> Any:
        """Kiwi tokens of one text; a text Kiwi refuses is split on spaces instead."""
        try:
            return self.kiwi.tokenize(text, normalize_coda=self.normalize_coda, **options)
        except Exception:
            log.warning("Kiwi could not analyse a text of %d characters; split on spaces", len(text))
            return [_Fallback(w.group(), w.start()) for w in re.finditer(r"\S+", text)]

    def _morphs(self, texts: list[str]) -> list[_Analysed]:
        """Normalise and analyse new texts (sanitised originals), one result per text.

        The texts are normalised first (cheap: pure Python regexes) and handed to Kiwi as one
        list, which its threads share out; tokens are read as they arrive. A batch Kiwi refuses
        is redone text by text, so one bad text never fails its batch.
        """
        if not texts:
            return []
        kiwi = self.kiwi
        normalize = self.normalizer.normalize
        norms = [normalize(text) for text in texts]
        inputs = [text if norm is None else norm for text, (norm, _) in zip(texts, norms, strict=True)]
        read: list[tuple[tuple[str, ...], tuple[str, ...], int]] = []
        suspects: dict[int, Any] = {}  # plain tokens of texts that look misspelt

        def take(tokens: Any) -> None:
            result = _read_tokens(tokens)
            if result[2] and self.typos:
                suspects[len(read)] = tokens
            read.append(result)

        try:
            if len(inputs) == 1:
                take(kiwi.tokenize(inputs[0], normalize_coda=self.normalize_coda))
            else:
                for tokens in kiwi.tokenize(inputs, normalize_coda=self.normalize_coda):
                    take(tokens)
        except Exception:
            read.clear()
            suspects.clear()
            for text in inputs:
                take(self._tokenize_one(text))
        out = [_Analysed(norm, spans, m, lem) for (norm, spans), (m, lem, _) in zip(norms, read, strict=True)]
        retry = [i for i in suspects if len(out[i].norm or texts[i]) <= self.typo_max_chars]
        if retry:
            self.typo_retries += len(retry)
            matched = [out[i].norm or texts[i] for i in retry]
            if len(matched) == 1:
                fixed = [self._tokenize_one(matched[0], typos=self.typos)]
            else:
                try:
                    fixed = list(kiwi.tokenize(matched, normalize_coda=self.normalize_coda, typos=self.typos))
                except Exception:
                    fixed = [self._tokenize_one(t, typos=self.typos) for t in matched]
            for i, tokens in zip(retry, fixed, strict=True):
                morphs, lemmas, left = _read_tokens(tokens)
                # keep the correction only if it removed misspelling signs and lost no noun
                # (typo correction reads 왠만하면 해지 as 웬만하면 해/VV 지: 해지 would be gone)
                if left < read[i][2] and _nouns(suspects[i]) <= _nouns(tokens):
                    out[i] = _Analysed(out[i].norm, out[i].spans, morphs, lemmas, True)
                    self.typo_corrections += 1
        return out

    def _remember(self, key: tuple[str, int, str], value: _Analysed) -> None:
        self._turns[key] = value
        while len(self._turns) > self.turn_cache_size:
            self._turns.popitem(last=False)

    @staticmethod
    def _english(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return english_tokens(text)

    def analyze(self, events: Sequence[VocEvent]) -> list[EventAnalysis]:
        """Analyse a batch of events; Kiwi sees all their new Korean texts as one list.

        Turns of a conversation that were analysed before (an earlier partial transcript of the
        same call) come from the turn cache; identical turns within the batch are analysed once.
        """
        # unit index, speaker, text, slot in `korean` (-1: done here, < -1: from the cache)
        Piece = tuple[int, str, str, int]
        plans: list[tuple[VocEvent, str, bool, list[Piece]]] = []
        korean: list[str] = []
        slot_of: dict[tuple[str, int, str], int] = {}
        ready: dict[int, _Analysed] = {}
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
                    raw.append((i, turn.speaker, sanitize(text)))
                if ev.text:
                    truncated = truncated or len(ev.text) > self.max_chars
                    raw.insert(0, (-1, "author", sanitize(ev.text[: self.max_chars])))
            else:
                text = ev.text or ""
                if len(text) > self.max_chars:
                    text, truncated = text[: self.max_chars], True
                raw.append((0, "author", sanitize(text)))
            lang = detect_lang(" ".join(p[2] for p in raw[:5]), ev.lang)
            pieces: list[Piece] = []
            live = bool(ev.conversation_id) and ev.turns is not None
            for index, speaker, text in raw:
                key = (ev.conversation_id or "", index, text) if live and lang == "ko" else None
                if key is not None and key in slot_of:
                    slot = slot_of[key]
                elif key is not None and key in self._turns:
                    self.turn_cache_hits += 1
                    self._turns.move_to_end(key)
                    slot = -2 - len(ready)
                    ready[slot] = self._turns[key]
                elif lang == "ko":
                    slot = len(korean)
                    korean.append(text)
                    if key is not None:
                        slot_of[key] = slot
                else:
                    norm, spans = self.normalizer.normalize(text)
                    slot = -2 - len(ready)
                    ready[slot] = _Analysed(norm, spans, *self._english(text if norm is None else norm))
                pieces.append((index, speaker, text, slot))
            plans.append((ev, lang, truncated, pieces))
        analysed = self._morphs(korean)
        for key, slot in slot_of.items():
            self._remember(key, analysed[slot])
        out: list[EventAnalysis] = []
        for ev, lang, truncated, pieces in plans:
            units = []
            for index, speaker, text, slot in pieces:
                a = ready[slot] if slot < 0 else analysed[slot]
                matched = text if a.norm is None else a.norm
                units.append(
                    Unit(
                        index,
                        speaker,
                        text,
                        compact(matched),
                        a.morphs,
                        a.lemmas,
                        a.norm,
                        a.spans,
                        a.typo,
                    )
                )
            out.append(EventAnalysis(ev, tuple(units), lang, truncated))
        return out


@dataclass(frozen=True, slots=True)
class _Fallback:
    """A token of the space-split fallback (the attributes :func:`_read_tokens` reads)."""

    form: str
    start: int
    tag: str = "UN"

    @property
    def len(self) -> int:
        return len(self.form)

    @property
    def lemma(self) -> str:
        return self.form
