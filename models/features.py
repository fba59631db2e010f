"""Speaker-aware features of one analysed event: who said what, the 해지 방어 loop, who got heated.

:class:`FeatureExtractor` reads an :class:`~vocradar.models.types.EventAnalysis` with the
lexicon and returns frozen :class:`ConversationFeatures`:

* per speaker (``agent``, ``customer``, ``system``; ``author`` for text events): the turn
  indices, their texts and character count;
* every risk, anger and sarcasm cue each unit matches *for its speaker* (the lexicon's
  ``speaker`` rules; negations and hedges near a cue cancel it; the company's own phrases
  never match), with offsets into the unit's original text (:class:`UnitSignals`); inside
  the quotes of a customer's text (an employee's words, reported) the employee's
  ``agent_hostility`` cues are read too;
* the obstruction loop (:class:`ObstructionLoop`): the turns where the customer asked to
  cancel or for a refund, per topic (a customer turn that turns down the agent's answer,
  "아니요 됐고요", "No thanks", repeats the latest request), and the agent turns that
  deflected after the first request; reports that the agent blocked it; counts stated in the
  text (``해지요청 4회``);
* who raised their voice first: the first customer turn with anger, profanity or an angry
  emoji (the abuse side) and the first agent turn with hostility (the hostility side);
* emoji hints (anger, praise) per speaker role.

This is the one place where the cues of a conversation are read: the lexicon risk scorer builds
its reasons and evidence on these features. Feature computation is linear in the number of
units, and the signals of a live call's turns are cached by (conversation, turn, text), so a
growing transcript costs only its new turns, as in the analyser.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from vocradar.lexicons import EMOJI_KINDS, OBSTRUCTION_TOPICS, Cue, Hit, Lexicon, TextView, role_of
from vocradar.models.types import EventAnalysis, Unit

__all__ = [
    "ConversationFeatures",
    "CueMatch",
    "FeatureExtractor",
    "ObstructionLoop",
    "SpeakerStats",
    "UnitSignals",
    "suppressed",
]

#: Reasons whose cues show a customer raising their voice (with ``anger``).
_CUSTOMER_HEAT = ("anger", "customer_abuse")
#: Reasons whose cues show an agent raising their voice.
_AGENT_HEAT = ("agent_hostility",)
#: Quoted speech in a customer's text ("상담사가 '그것도 모르세요?' 하더라"): what an employee said,
#: read with the employee's cues. An ASCII apostrophe only quotes outside a word (not "don't").
_QUOTED = re.compile(
    r"[\"“]([^\"“”\n]{4,300})[\"”]|‘([^‘’\n]{4,300})’|(?<![A-Za-z])'([^'\n]{4,300})'(?![A-Za-z])"
    r"|[「『]([^「」『』\n]{4,300})[」』]"
)
#: Reasons whose employee-side cues are read inside quotes.
_QUOTED_REASONS = ("agent_hostility",)


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One cue found in a unit: a reason code (or ``anger`` / ``sarcasm``), the cue, where it is
    in the unit's original text, and the count it states (``해지요청 4회``), if any."""

    reason: str
    cue: Cue
    start: int
    end: int
    count: int | None = None


@dataclass(frozen=True, slots=True)
class UnitSignals:
    """The cues one unit matches for its speaker, and its emoji hints.

    ``role`` is the cue speaker the unit counts as (``customer``, ``agent``, ``note``; None for
    system turns, which never match anything).
    """

    index: int
    speaker: str
    role: str | None
    matches: tuple[CueMatch, ...] = ()
    emoji: tuple[str, ...] = ()

    def of(self, reason: str) -> tuple[CueMatch, ...]:
        """The matches of one reason code (or ``anger``, ``sarcasm``)."""
        return tuple(m for m in self.matches if m.reason == reason)

    def weight(self, reason: str) -> float:
        """Summed weight of the distinct cues of ``reason`` in this unit."""
        return sum(c.weight for c in {m.cue for m in self.matches if m.reason == reason})


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    """What one speaker said: turn indices in order, their texts, and the characters."""

    speaker: str
    turns: tuple[int, ...]
    texts: tuple[str, ...]
    chars: int

    @property
    def count(self) -> int:
        """Number of turns (units)."""
        return len(self.turns)

    @property
    def first(self) -> int | None:
        """Index of the speaker's first turn."""
        return self.turns[0] if self.turns else None

    @property
    def last(self) -> int | None:
        """Index of the speaker's last turn."""
        return self.turns[-1] if self.turns else None

    @property
    def text(self) -> str:
        """Everything the speaker said, one turn per line."""
        return "\n".join(self.texts)


@dataclass(frozen=True, slots=True)
class ObstructionLoop:
    """The 해지 방어 loop: requests the customer repeated and the agent's deflections.

    Attributes
    ----------
    requests
        Indices of the units (customer turns, customer text, notes) asking to cancel or for a
        refund, in order; a customer turn that turns down the agent's answer to a request
        (an ``insist`` cue) asks again.
    topics
        ``(topic, request indices)`` per topic (``cancel``, ``refund``): how often the customer
        asked for the same thing.
    deflections
        Indices of agent turns (or notes) that deflect, counted only after the first request.
    reports
        Indices of units saying the agent blocked it ("해지를 안 해줘요", "won't let me cancel").
    report_weight
        Summed weight of the distinct report cues per unit.
    claimed_requests, claimed_deflections
        Counts stated in the text ("해지요청 4회", "I've asked five times", "방어 2회").
    grants
        Indices of agent turns after the first request that do what was asked ("해지 접수해
        드렸습니다", "I'll go ahead and cancel").
    """

    requests: tuple[int, ...] = ()
    topics: tuple[tuple[str, tuple[int, ...]], ...] = ()
    deflections: tuple[int, ...] = ()
    reports: tuple[int, ...] = ()
    report_weight: float = 0.0
    claimed_requests: int = 0
    claimed_deflections: int = 0
    grants: tuple[int, ...] = ()

    @property
    def request_count(self) -> int:
        """Requests: the turns that asked, or the count stated in the text if higher."""
        return max(len(self.requests), self.claimed_requests)

    @property
    def deflection_count(self) -> int:
        """Deflections: the turns, a stated count, or one fewer than the stated requests."""
        return max(len(self.deflections), self.claimed_deflections, self.claimed_requests - 1)

    @property
    def same_request_count(self) -> int:
        """How often the customer asked for the one thing they asked for most."""
        most = max((len(turns) for _, turns in self.topics), default=0)
        return max(most, self.claimed_requests)

    @property
    def topic(self) -> str | None:
        """What the customer asked for most (``cancel`` or ``refund``)."""
        if not self.topics:
            return None
        return max(self.topics, key=lambda t: (len(t[1]), -OBSTRUCTION_TOPICS.index(t[0])))[0]

    @property
    def latest_request(self) -> int | None:
        """Index of the customer's latest request."""
        return self.requests[-1] if self.requests else None

    @property
    def latest_deflection(self) -> int | None:
        """Index of the agent's latest deflection."""
        return self.deflections[-1] if self.deflections else None


@dataclass(frozen=True, slots=True)
class ConversationFeatures:
    """Speaker-aware features of one event (see the module docstring).

    Attributes
    ----------
    units
        The cue signals of every unit, in order.
    speakers
        Per speaker, in order of first appearance.
    loop
        The obstruction loop.
    customer_heat
        Index of the first customer turn with anger, profanity or abuse (or an angry emoji).
    agent_heat
        Index of the first agent turn with hostility.
    emoji
        ``(role, kind, units)``: how many units of each cue speaker carry each emoji hint.
    """

    units: tuple[UnitSignals, ...]
    speakers: tuple[SpeakerStats, ...]
    loop: ObstructionLoop
    customer_heat: int | None = None
    agent_heat: int | None = None
    emoji: tuple[tuple[str, str, int], ...] = ()

    def speaker(self, name: str) -> SpeakerStats:
        """The stats of one speaker (empty when they did not speak)."""
        for s in self.speakers:
            if s.speaker == name:
                return s
        return SpeakerStats(name, (), (), 0)

    def unit(self, index: int) -> UnitSignals | None:
        """The signals of the unit with this index."""
        for u in self.units:
            if u.index == index:
                return u
        return None

    @property
    def raised_first(self) -> str | None:
        """Who raised their voice first: ``customer`` (abuse side), ``agent`` (hostility side)."""
        if self.customer_heat is None and self.agent_heat is None:
            return None
        if self.agent_heat is None:
            return "customer"
        if self.customer_heat is None:
            return "agent"
        return "customer" if self.customer_heat < self.agent_heat else "agent"

    @property
    def raised_first_turn(self) -> int | None:
        """The turn where the voice was first raised."""
        who = self.raised_first
        return None if who is None else (self.customer_heat if who == "customer" else self.agent_heat)

    def emoji_count(self, kind: str, role: str = "customer") -> int:
        """Units of ``role`` with an emoji of ``kind`` (``anger``, ``praise``)."""
        return sum(n for r, k, n in self.emoji if r == role and k == kind)


def suppressed(lexicon: Lexicon, hit: Hit, reason: str, view: TextView, negations: Sequence[Hit]) -> bool:
    """Whether a negation or hedge of the unit cancels ``hit`` of ``reason``.

    It does when it overlaps the cue, or lies within the lexicon's window on its scope side
    (``before``: the cue comes first, Korean; ``after``: the cue follows, English) with no
    sentence end between; a negation found on the other view cancels across the whole unit.
    """
    for neg in negations:
        modifier = lexicon.modifier_of(neg.cue)
        if reason not in modifier.applies_to:
            continue
        if neg.view != hit.view:
            return True  # positions are not comparable: the unit-wide rule
        if hit.start < neg.end and neg.start < hit.end:
            return True
        text = view.get(hit.view)
        window = lexicon.window_compact if hit.view == "compact" else lexicon.window_words
        if modifier.scope == "before" and hit.end <= neg.start:
            between = text[hit.end : neg.start]
        elif modifier.scope == "after" and hit.start >= neg.end:
            between = text[neg.end : hit.start]
        else:
            continue
        if len(between) <= window and not any(ch in between for ch in ".!?"):
            return True
    return False


class FeatureExtractor:
    """Computes :class:`ConversationFeatures` of analysed events with one lexicon.

    Parameters
    ----------
    lexicon
        The loaded lexicon (:func:`vocradar.lexicons.load_lexicon`).
    cache_size
        Live-call turns whose signals are kept, least recently used out first.
    recent_size
        Events whose features are kept (by identity), so the learned classifier's loop features
        and the risk scorer, sharing one extractor, read an event once: at least a batch.

    Attributes
    ----------
    computed
        Units whose cues were matched (not taken from the cache): for tests and monitoring.
    """

    def __init__(self, lexicon: Lexicon, cache_size: int = 50_000, recent_size: int = 1_024) -> None:
        self.lexicon = lexicon
        self.cache_size = cache_size
        self.recent_size = recent_size
        self.computed = 0
        self._cache: OrderedDict[tuple[str, int, str, str | None], UnitSignals] = OrderedDict()
        self._recent: OrderedDict[int, tuple[EventAnalysis, ConversationFeatures]] = OrderedDict()
        self._lock = threading.Lock()
        emoji = {e: kind for kind in EMOJI_KINDS for e in lexicon.informal.emoji.get(kind, ())}
        self._emoji_kind = emoji
        self._emoji_starts = frozenset(e[0] for e in emoji)  # most texts have none: skip the regex
        alternatives = "|".join(re.escape(e) for e in sorted(emoji, key=len, reverse=True))
        self._emoji_rx = re.compile(alternatives) if emoji else None

    # ------------------------------------------------------------------------------------

    def signals(self, unit: Unit, role: str | None) -> UnitSignals:
        """Every cue ``unit`` matches when spoken by ``role``, with its emoji hints."""
        self.computed += 1
        if role is None:
            return UnitSignals(unit.index, unit.speaker, None)
        lexicon = self.lexicon
        view = lexicon.view_of_unit(unit)
        lexicon.cue_group(role).prime(view)
        negations = lexicon.negations.hits(view)
        matches: list[CueMatch] = []

        def add(reason: str, hit: Hit) -> None:
            start, end = view.text_span(hit.view, hit.start, hit.end)
            matches.append(CueMatch(reason, hit.cue, start, end, hit.count))

        for reason, cues in lexicon.reasons.items():
            for hit in cues.cues.for_speaker(role).hits(view):
                if not suppressed(lexicon, hit, reason, view, negations):
                    add(reason, hit)
        if role == "customer":
            matches += self._quoted(unit.text, matches)
        for hit in lexicon.anger.for_speaker(role).hits(view):
            add("anger", hit)
        if role == "customer":
            for hit in lexicon.sarcasm.hits(view):
                add("sarcasm", hit)
        kinds: tuple[str, ...] = ()
        if self._emoji_rx is not None and not self._emoji_starts.isdisjoint(unit.text):
            found = {self._emoji_kind[m.group()] for m in self._emoji_rx.finditer(unit.text)}
            kinds = tuple(k for k in EMOJI_KINDS if k in found)
        return UnitSignals(unit.index, unit.speaker, role, tuple(matches), kinds)

    def _quoted(self, text: str, found: Sequence[CueMatch]) -> list[CueMatch]:
        """Employee cues inside the quotes of a customer's text, with offsets into ``text``."""
        if not any(q in text for q in "\"“‘'「『"):
            return []
        lexicon = self.lexicon
        out: list[CueMatch] = []
        seen = {(m.reason, m.cue) for m in found}
        for m in _QUOTED.finditer(text):
            group = next(g for g in range(1, 5) if m.group(g) is not None)
            quote, offset = m.group(group), m.start(group)
            view = lexicon.view_of(quote)
            negations = lexicon.negations.hits(view)
            for reason in _QUOTED_REASONS:
                cues = lexicon.reasons.get(reason)
                if cues is None:
                    continue
                for hit in cues.cues.for_speaker("agent").hits(view):
                    if (reason, hit.cue) in seen or suppressed(lexicon, hit, reason, view, negations):
                        continue
                    seen.add((reason, hit.cue))
                    start, end = view.text_span(hit.view, hit.start, hit.end)
                    out.append(CueMatch(reason, hit.cue, offset + start, offset + end, hit.count))
        return out

    def _cached_signals(self, analysis: EventAnalysis, unit: Unit, role: str | None) -> UnitSignals:
        event = analysis.event
        if not (event.conversation_id and analysis.is_transcript):
            return self.signals(unit, role)
        key = (event.conversation_id, unit.index, unit.text, role)
        with self._lock:
            sig = self._cache.get(key)
            if sig is not None:
                self._cache.move_to_end(key)
                return sig
        sig = self.signals(unit, role)
        with self._lock:
            self._cache[key] = sig
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return sig

    def extract(self, analysis: EventAnalysis) -> ConversationFeatures:
        """The features of one analysed event (linear in its units); an event just read is not read again."""
        key = id(analysis)
        with self._lock:
            hit = self._recent.get(key)
        if hit is not None and hit[0] is analysis:
            return hit[1]
        features = self._extract(analysis)
        with self._lock:
            self._recent[key] = (analysis, features)
            while len(self._recent) > self.recent_size:
                self._recent.popitem(last=False)
        return features

    def _extract(self, analysis: EventAnalysis) -> ConversationFeatures:
        source = analysis.event.source
        units: list[UnitSignals] = []
        turns: dict[str, list[int]] = {}
        texts: dict[str, list[str]] = {}
        chars: dict[str, int] = {}
        requests: list[int] = []
        topics: dict[str, list[int]] = {}
        deflections: list[int] = []
        reports: list[int] = []
        grants: list[int] = []
        report_weight = 0.0
        claimed_requests = claimed_deflections = 0
        customer_heat: int | None = None
        agent_heat: int | None = None
        emoji: dict[tuple[str, str], int] = {}
        asked = False
        answered_after: int | None = None  # the latest agent turn
        for unit in analysis.units:
            role = role_of(source, unit.speaker)
            sig = self._cached_signals(analysis, unit, role)
            units.append(sig)
            turns.setdefault(unit.speaker, []).append(unit.index)
            texts.setdefault(unit.speaker, []).append(unit.text)
            chars[unit.speaker] = chars.get(unit.speaker, 0) + len(unit.text)
            if role is None:
                continue
            found = sig.of("agent_obstruction")
            asking = [m for m in found if m.cue.role == "request"]
            if asking:
                asked = True
                requests.append(unit.index)
                for topic in sorted({m.cue.topic or OBSTRUCTION_TOPICS[0] for m in asking}):
                    topics.setdefault(topic, []).append(unit.index)
                claimed_requests = max([claimed_requests] + [m.count or 0 for m in asking])
            elif (
                asked
                and role == "customer"
                and answered_after is not None
                and answered_after > requests[-1]
                and any(m.cue.role == "insist" for m in found)
            ):
                # "아니요 됐고요", "No thanks": the customer turns down what the agent offered
                # instead and so asks again for what they asked last.
                requests.append(unit.index)
                for turns_of in topics.values():
                    if turns_of and turns_of[-1] == requests[-2]:
                        turns_of.append(unit.index)
            if role == "agent":
                answered_after = unit.index
            deflecting = [m for m in found if m.cue.role == "deflection"]
            if deflecting and (asked or role == "note"):
                deflections.append(unit.index)
                claimed_deflections = max([claimed_deflections] + [m.count or 0 for m in deflecting])
            if asked and role == "agent" and any(m.cue.role == "grant" for m in found):
                grants.append(unit.index)
            reporting = {m.cue for m in found if m.cue.role == "report"}
            if reporting:
                reports.append(unit.index)
                report_weight += sum(c.weight for c in reporting)
            if (
                role == "customer"
                and customer_heat is None
                and ("anger" in sig.emoji or any(m.reason in _CUSTOMER_HEAT for m in sig.matches))
            ):
                customer_heat = unit.index
            if role == "agent" and agent_heat is None and any(m.reason in _AGENT_HEAT for m in sig.matches):
                agent_heat = unit.index
            for kind in sig.emoji:
                emoji[role, kind] = emoji.get((role, kind), 0) + 1
        loop = ObstructionLoop(
            requests=tuple(requests),
            topics=tuple((t, tuple(topics[t])) for t in OBSTRUCTION_TOPICS if t in topics),
            deflections=tuple(deflections),
            reports=tuple(reports),
            report_weight=report_weight,
            claimed_requests=claimed_requests,
            claimed_deflections=claimed_deflections,
            grants=tuple(grants),
        )
        speakers = tuple(
            SpeakerStats(name, tuple(turns[name]), tuple(texts[name]), chars[name]) for name in turns
        )
        return ConversationFeatures(
            units=tuple(units),
            speakers=speakers,
            loop=loop,
            customer_heat=customer_heat,
            agent_heat=agent_heat,
            emoji=tuple((r, k, n) for (r, k), n in emoji.items()),
        )
