"""Shared value types and interfaces of the analysis layer.

The stream agents and ``vocradar score`` only talk to the :class:`Classifier` and
:class:`RiskScorer` protocols; the lexicon implementations in this package are the first
ones, and learned models replace them behind the same interfaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from vocradar.models.events import VocEvent

__all__ = [
    "CATEGORIES",
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
UnitSpeaker = Literal["agent", "customer", "system", "author"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One analysed piece of an event: a transcript turn, or the whole body of a text event.

    ``speaker`` is ``author`` for text events (tickets, tweets, e-mail: the customer wrote it;
    notes: an agent wrote it about the customer). ``compact`` is the lower-cased text with all
    whitespace removed, for phrase cues that survive missing or extra spacing. ``morphs`` are
    Kiwi morphemes as ``form/TAG``; ``lemmas`` are content words, verbs and adjectives as
    dictionary forms (``하다`` verbs joined: 해지하다), for cue matching on stems.
    """

    index: int
    speaker: UnitSpeaker
    text: str
    compact: str
    morphs: tuple[str, ...]
    lemmas: tuple[str, ...]


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
    """A piece of text a person can read to see why a reason was given."""

    turn: int
    text: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RiskContext:
    """What the scorer knows beyond the event itself (state kept by the stream)."""

    prior_contacts: int = 0  # earlier contacts by the same customer on the same category


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """Risk of one event per the contract: score, level, alert flag, reasons and evidence."""

    risk: float
    level: Level
    alert: bool
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]


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
