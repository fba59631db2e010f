"""Shared value types and interfaces of the analysis layer.

The stream agents and ``vocradar score`` only talk to the :class:`Classifier` and
:class:`RiskScorer` protocols; the lexicon implementations in this package are the first
ones, and learned models replace them behind the same interfaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from vocradar.models.events import VocEvent

if TYPE_CHECKING:
    from vocradar.models.features import ConversationFeatures

__all__ = [
    "CATEGORIES",
    "FULL_WIDTH_TO_ASCII",
    "LEVELS",
    "REASONS",
    "CategoryPrediction",
    "Classifier",
    "EventAnalysis",
    "Evidence",
    "RiskAssessment",
    "RiskContext",
    "RiskScorer",
    "Unit",
]

CATEGORIES: tuple[str, ...] = (
    "billing",
    "cancellation",
    "network",
    "device",
    "installation",
    "agent_conduct",
    "privacy",
    "sales_contract",
    "delivery_refund",
    "inquiry",
    "praise",
    "other",
)
REASONS: tuple[str, ...] = (
    "publicity_threat",
    "regulator_threat",
    "agent_obstruction",
    "agent_hostility",
    "customer_abuse",
    "churn_intent",
    "repeat_contact",
    "high_reach",
    "burst",
    "service_outage",
)
Level = Literal["low", "medium", "high", "critical"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high", "critical")

# Full-width forms typed with a Korean IME (ＳＫＴ, ５Ｇ, ０１０－, ｈｏｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ) and the
# ideographic space, as ASCII (``str.translate``): one character for one, so offsets found on the
# folded text are those of the original.
FULL_WIDTH_TO_ASCII: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
UnitSpeaker = Literal["agent", "customer", "system", "author"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One analysed piece of an event: a transcript turn, or the whole body of a text event.

    ``speaker`` is ``author`` for text events (tickets, tweets, e-mail: the customer wrote it;
    notes: an agent wrote it about the customer). ``text`` is the original text (evidence
    quotes it). ``norm`` is the normalised copy Kiwi and the cues read (elongations collapsed,
    obfuscated words and 초성 shorthand spelled out; None when nothing changed), and
    ``norm_spans`` records each rewritten piece as ``(norm_start, norm_end, text_start,
    text_end)``. ``compact`` is the lower-cased normalised text with all whitespace removed,
    for phrase cues that survive missing or extra spacing. ``morphs`` are Kiwi morphemes as
    ``form/TAG``; ``lemmas`` are content words, verbs and adjectives as dictionary forms
    (``하다`` verbs joined: 해지하다), for cue matching on stems. ``typo_corrected`` is True when
    Kiwi's typo correction was applied to this unit.
    """

    index: int
    speaker: UnitSpeaker
    text: str
    compact: str
    morphs: tuple[str, ...]
    lemmas: tuple[str, ...]
    norm: str | None = None
    norm_spans: tuple[tuple[int, int, int, int], ...] = ()
    typo_corrected: bool = False

    @property
    def matched_text(self) -> str:
        """The text cues and Kiwi read: ``norm`` if the text was normalised, else ``text``."""
        return self.text if self.norm is None else self.norm

    def origin(self) -> list[int] | None:
        """For each character of ``norm``, its offset in ``text`` (None when not normalised).

        A rewritten piece spreads over the original piece it replaces, so a span of ``norm``
        maps to the whole original span (``씨발`` for ``ㅅ.ㅂ``: offsets 0 and 2).
        """
        if self.norm is None:
            return None
        out: list[int] = []
        n_pos = o_pos = 0
        for n_start, n_end, o_start, o_end in self.norm_spans:
            out.extend(range(o_pos, o_pos + n_start - n_pos))
            size, width = n_end - n_start, o_end - o_start
            for i in range(size):
                out.append(o_end - 1 if i == size - 1 and width else o_start + (i * width) // size)
            n_pos, o_pos = n_end, o_end
        out.extend(range(o_pos, o_pos + len(self.norm) - n_pos))
        return out


@dataclass(frozen=True, slots=True)
class EventAnalysis:
    """The analysis of one event: its units in order, and whether text was cut."""

    event: VocEvent
    units: tuple[Unit, ...]
    lang: str
    truncated: bool = False

    @property
    def is_transcript(self) -> bool:
        """True when units are speaker turns."""
        return self.event.turns is not None

    def units_by(self, *speakers: str) -> list[Unit]:
        """The units spoken by any of ``speakers``."""
        return [u for u in self.units if u.speaker in speakers]


@dataclass(frozen=True, slots=True)
class CategoryPrediction:
    """One primary category with a confidence in [0, 1] and the per-category scores."""

    category: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A piece of text a person can read to see why a reason was given.

    ``note`` optionally gives the counts behind it ("requests 3 (turns 1, 3, 5); deflections 2
    (turns 2, 4)"); :meth:`as_dict` includes it only when set.
    """

    turn: int
    text: str
    reason: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"turn": self.turn, "text": self.text, "reason": self.reason}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class RiskContext:
    """What the scorer knows beyond the event itself (state kept by the stream)."""

    prior_contacts: int = 0  # earlier contacts by the same customer on the same category


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """Risk of one event per the contract: score, level, alert flag, reasons and evidence.

    ``features`` are the conversation features the scorer read, when it computed them
    (per-speaker counts, the obstruction loop, who raised their voice first).
    """

    risk: float
    level: Level
    alert: bool
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    features: ConversationFeatures | None = field(default=None, compare=False, repr=False)


class Classifier(Protocol):
    """Chooses the one primary complaint category of each event."""

    version: str

    def predict(self, analyses: Sequence[EventAnalysis]) -> list[CategoryPrediction]: ...


class RiskScorer(Protocol):
    """Scores escalation and viral risk with reasons and evidence."""

    version: str

    def score(
        self, analysis: EventAnalysis, category: CategoryPrediction, context: RiskContext
    ) -> RiskAssessment: ...
