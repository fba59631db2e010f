"""The lexicon risk scorer: escalation and viral risk of one event, with reasons and evidence.

:class:`LexiconRiskScorer` implements the :class:`~vocradar.models.types.RiskScorer` protocol
following shared/voc-contract.md, section 3.

How an event is read
    The conversation features (:mod:`vocradar.models.features`) match every unit against the
    lexicon's reason cues *for its speaker*, on its normalised text (obfuscated profanity
    spelled out): publicity and regulator threats, abuse and churn count from the customer
    (and from agent notes that report them); hostility from the agent (or a customer
    reporting it); system turns and the company's own phrases (``본 통화는 녹음됩니다``) never
    count. A negation or hedge near a cue in the same unit cancels it (``소비자원에 신고할
    생각은 없지만``). Evidence quotes the original text.

The 해지 방어 loop (``agent_obstruction``)
    Customer turns that ask to cancel or get a refund are counted (turning down what the
    agent offered instead, "아니요 됐고요", asks again), and agent turns that
    deflect after the first request (:class:`~vocradar.models.features.ObstructionLoop`).
    The reason is given when the customer asked at least ``min_requests`` times and the agent
    deflected at least ``min_deflections`` times, or when someone reports the blocking
    ("해지를 안 해줘요", "won't let me cancel"). A stated count (``해지요청 4회`` in a note,
    "I've asked you to cancel five times") stands for that many requests and one deflection
    fewer. Its evidence is the customer's latest request and the agent's latest deflection,
    with the counts and turns in the evidence note.

Metadata
    ``high_reach`` when the customer has ``settings.high_reach_followers`` followers or more,
    is verified, or is press, and the event is negative; ``repeat_contact`` when
    ``context.prior_contacts >= 2`` (the third contact or later) or the text says so.
    ``burst`` and ``service_outage`` are set at stream level, not here.

Levels (the contract's rules, in order)
    ``critical``: going public (publicity or regulator threat, or a high-reach post) together
    with an aggravator (an obstructed request, a hostile employee, or wide reach), or threats
    of violence against a worker. ``high``: one escalation signal (publicity, regulator,
    obstruction, hostility, abuse, high reach). ``medium``: churn intent, a repeat contact or
    strong anger. ``low``: everything else. The ``risk`` number is then placed inside the
    level's band of the settings' thresholds (``risk_medium``, ``risk_high``,
    ``risk_critical``), higher the more evidence there is, so :func:`level_for` of the risk
    always gives back the level.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vocradar.lexicons import TOPICAL, Lexicon
from vocradar.models.features import ConversationFeatures, CueMatch, FeatureExtractor
from vocradar.models.types import (
    CategoryPrediction,
    EventAnalysis,
    Evidence,
    Level,
    RiskAssessment,
    RiskContext,
    Unit,
)
from vocradar.settings import Settings

__all__ = [
    "ESCALATION_REASONS",
    "MEDIUM_REASONS",
    "LexiconRiskScorer",
    "level_for",
    "reasons_level",
    "risk_band",
    "sort_reasons",
]

_VERSION = "lexicon-risk/1"

#: Reasons that alone make an event ``high`` (in order of importance for ties).
ESCALATION_REASONS: tuple[str, ...] = (
    "agent_obstruction",
    "publicity_threat",
    "regulator_threat",
    "customer_abuse",
    "agent_hostility",
    "high_reach",
)
#: Reasons that make an event ``medium``.
MEDIUM_REASONS: tuple[str, ...] = ("churn_intent", "repeat_contact")
_ORDER = ESCALATION_REASONS + MEDIUM_REASONS
_GOING_PUBLIC = frozenset({"publicity_threat", "regulator_threat", "high_reach"})
_AGGRAVATORS = frozenset({"agent_obstruction", "agent_hostility", "high_reach"})
_ESCALATION_SET = frozenset(ESCALATION_REASONS)
_MEDIUM_SET = frozenset(MEDIUM_REASONS)
_REPORT_MIN = 1.5  # summed weight of "the agent blocked it" reports that establishes obstruction
_PRESS_SEGMENTS = frozenset({"press", "media", "journalist", "reporter", "influencer", "celebrity"})

_SENTENCE_BREAK = re.compile(r"[.!?…\n]+\s*|(?<=[요죠])\s+|(?<=니다)\s+")
_MAX_EVIDENCE_CHARS = 200


def reasons_level(reasons: Iterable[str]) -> Level:
    """The level the reasons alone give: ``critical`` when going public (a threat to go to the
    public or a regulator, or wide reach) meets an aggravator (obstruction, hostility, or wide
    reach) that is another reason; ``high`` with any escalation reason; ``medium`` with churn
    intent or a repeat contact; else ``low``."""
    present = set(reasons)
    if any(g != a for g in present & _GOING_PUBLIC for a in present & _AGGRAVATORS):
        return "critical"
    if present & _ESCALATION_SET:
        return "high"
    if present & _MEDIUM_SET:
        return "medium"
    return "low"


def risk_band(level: Level, settings: Settings) -> tuple[float, float]:
    """The range of ``risk`` values of ``level`` under the settings' thresholds."""
    return {
        "low": (0.0, settings.risk_medium),
        "medium": (settings.risk_medium, settings.risk_high),
        "high": (settings.risk_high, settings.risk_critical),
        "critical": (settings.risk_critical, 1.0),
    }[level]


def sort_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    """Reasons in order of importance (escalation reasons first, as listed), unknown ones last."""
    return tuple(sorted(reasons, key=lambda r: _ORDER.index(r) if r in _ORDER else len(_ORDER)))


def level_for(risk: float, settings: Settings) -> Level:
    """The level a risk value falls in under the settings' thresholds."""
    if risk >= settings.risk_critical:
        return "critical"
    if risk >= settings.risk_high:
        return "high"
    if risk >= settings.risk_medium:
        return "medium"
    return "low"


@dataclass
class _Found:
    """A cue match in one unit."""

    unit: Unit
    match: CueMatch


@dataclass
class _Reading:
    """Everything the scorer found in one event."""

    features: ConversationFeatures
    hits: dict[str, list[_Found]] = field(default_factory=dict)
    strength: dict[str, float] = field(default_factory=dict)
    anger: float = 0.0
    violence: bool = False
    requests: int = 0
    deflections: int = 0
    report: float = 0.0


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start:end``, at most ``_MAX_EVIDENCE_CHARS`` long."""
    s, e = 0, len(text)
    for m in _SENTENCE_BREAK.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            e = m.start() + len(m.group().rstrip())
            break
    sentence = text[s:e].strip()
    if len(sentence) <= _MAX_EVIDENCE_CHARS:
        return sentence
    # a long run-on sentence (speech-to-text often has no punctuation): a window on the cue
    half = (_MAX_EVIDENCE_CHARS - 2) // 2
    mid = (start + end) // 2
    lo = max(s, mid - half)
    hi = min(e, lo + _MAX_EVIDENCE_CHARS - 2)
    lo = max(s, hi - (_MAX_EVIDENCE_CHARS - 2))
    return ("…" if lo > s else "") + text[lo:hi].strip() + ("…" if hi < e else "")


class LexiconRiskScorer:
    """Scores escalation and viral risk from the lexicon's risk cues and the event's metadata.

    Parameters
    ----------
    lexicon
        The loaded lexicon (:func:`vocradar.lexicons.load_lexicon`).
    settings
        Thresholds ``risk_medium`` < ``risk_high`` < ``risk_critical`` and
        ``high_reach_followers``.
    min_requests, min_deflections
        The obstruction loop: how often the customer must have asked and the agent deflected.
    reason_min
        Summed cue weight from which a text reason is given.
    anger_min
        Summed anger weight from which anger is "strong" (level ``medium``).
    emoji_anger
        Anger weight of a customer unit with an angry emoji (😡, 🤬, 💢; ``informal.yaml``).
        0 by default: on the labelled corpus a swear word with 🤬 in a tweet is still ``low``,
        so the emoji is a feature (:attr:`ConversationFeatures.emoji`), not a risk signal.
    evidence_per_reason
        At most this many evidence snippets per reason.

    Attributes
    ----------
    version
        ``lexicon-risk/1+<lexicon hash>``: recorded with every assessment.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        settings: Settings,
        *,
        min_requests: int = 2,
        min_deflections: int = 2,
        reason_min: float = 1.0,
        anger_min: float = 2.0,
        emoji_anger: float = 0.0,
        evidence_per_reason: int = 2,
    ) -> None:
        if not 0 < settings.risk_medium < settings.risk_high < settings.risk_critical <= 1:
            raise ValueError(
                "risk thresholds must satisfy 0 < risk_medium < risk_high < risk_critical <= 1, got "
                f"{settings.risk_medium}, {settings.risk_high}, {settings.risk_critical}"
            )
        self.lexicon = lexicon
        self.settings = settings
        self.min_requests = min_requests
        self.min_deflections = min_deflections
        self.reason_min = reason_min
        self.anger_min = anger_min
        self.emoji_anger = emoji_anger
        self.evidence_per_reason = evidence_per_reason
        self.version = f"{_VERSION}+{lexicon.hash}"
        self.extractor = FeatureExtractor(lexicon)

    # ----------------------------------------------------------------------------------

    def score(
        self, analysis: EventAnalysis, category: CategoryPrediction, context: RiskContext
    ) -> RiskAssessment:
        """Risk, level, alert flag, reasons (most important first) and evidence of one event."""
        reading = self._read(analysis, self.extractor.extract(analysis))
        reasons = self._reasons(analysis, category, context, reading)
        level = self._level(reasons, reading)
        risk = self._risk(level, reasons, reading, category)
        ordered = sorted(
            reasons,
            key=lambda r: (r not in ESCALATION_REASONS, -round(reasons[r], 6), _ORDER.index(r)),
        )
        return RiskAssessment(
            risk=risk,
            level=level,
            alert=level in ("high", "critical"),
            reasons=tuple(ordered),
            evidence=tuple(e for r in ordered for e in self._evidence(r, reading)),
            features=reading.features,
        )

    # ----------------------------------------------------------------------------------
    # reading the text

    def _read(self, analysis: EventAnalysis, features: ConversationFeatures) -> _Reading:
        reading = _Reading(features)
        source = analysis.event.source
        units = {u.index: u for u in analysis.units}
        counted = set(features.loop.deflections)
        asked = set(features.loop.requests)
        for sig in features.units:
            if sig.role is None:
                continue
            unit = units[sig.index]
            for reason in self.lexicon.reasons:
                found = list(sig.of(reason))
                if not found:
                    continue
                if reason == "customer_abuse" and source == "tweet":
                    # profanity in a public post is anger, not abuse of a worker; threats stay
                    reading.anger += sum(m.cue.weight for m in found if "violence" not in m.cue.tags)
                    found = [m for m in found if "violence" in m.cue.tags]
                if reason == "agent_obstruction":
                    found = [m for m in found if m.cue.role != "grant"]  # not a sign of blocking
                if reason == "agent_obstruction" and sig.index not in counted:
                    found = [m for m in found if m.cue.role != "deflection"]  # before any request
                if reason == "agent_obstruction" and sig.index not in asked:
                    found = [m for m in found if m.cue.role != "insist"]  # "아니요" to nothing asked
                if reason == "repeat_contact":
                    found = [m for m in found if (m.count or 0) >= 3]
                if reason == "customer_abuse" and any("violence" in m.cue.tags for m in found):
                    reading.violence = True
                reading.hits.setdefault(reason, []).extend(_Found(unit, m) for m in found)
                if reason not in ("agent_obstruction", "repeat_contact"):
                    weight = sum(c.weight for c in {m.cue for m in found})
                    reading.strength[reason] = reading.strength.get(reason, 0.0) + weight
            reading.anger += sig.weight("anger")
            if sig.role == "customer":
                sarcasm = sig.of("sarcasm")
                if sarcasm:
                    reading.anger += max(m.cue.weight for m in sarcasm)
                if "anger" in sig.emoji:
                    reading.anger += self.emoji_anger
        loop = features.loop
        reading.requests = loop.request_count
        reading.deflections = loop.deflection_count
        reading.report = loop.report_weight
        return reading

    # ----------------------------------------------------------------------------------
    # reasons, level, risk

    def _high_reach(self, analysis: EventAnalysis) -> bool:
        customer = analysis.event.customer
        if customer is None:
            return False
        followers = customer.followers or 0
        segment = (customer.segment or "").lower()
        return (
            followers >= self.settings.high_reach_followers
            or bool(customer.verified)
            or segment in _PRESS_SEGMENTS
        )

    def _reasons(
        self, analysis: EventAnalysis, category: CategoryPrediction, context: RiskContext, reading: _Reading
    ) -> dict[str, float]:
        reasons: dict[str, float] = {}
        for reason, strength in reading.strength.items():
            if strength >= self.reason_min:
                reasons[reason] = strength
        if reading.violence:
            reasons["customer_abuse"] = reading.strength.get("customer_abuse", 0.0) + 2.0
        loop = (
            reading.requests >= self.min_requests and reading.deflections >= self.min_deflections
        ) or reading.report >= _REPORT_MIN
        if loop:
            reasons["agent_obstruction"] = min(reading.requests, reading.deflections) + reading.report
        repeat_text = bool(reading.hits.get("repeat_contact"))
        repeat_meta = context.prior_contacts >= 2 and category.category not in ("praise", "other")
        if repeat_text or repeat_meta:
            reasons["repeat_contact"] = 1.0 + 0.25 * max(context.prior_contacts - 2, 0)
        # Thanks with wide reach is good news, not a risk (a sarcastic "thanks" is classified by its topic).
        negative = category.category != "praise" and (
            category.category in TOPICAL or bool(reasons) or reading.anger >= self.anger_min
        )
        if negative and self._high_reach(analysis):
            reasons["high_reach"] = 2.0
        return reasons

    def _level(self, reasons: dict[str, float], reading: _Reading) -> Level:
        if reading.violence:
            return "critical"
        level = reasons_level(reasons)
        if level == "low" and reading.anger >= self.anger_min:
            return "medium"
        return level

    def _risk(
        self, level: Level, reasons: dict[str, float], reading: _Reading, category: CategoryPrediction
    ) -> float:
        lo, hi = risk_band(level, self.settings)
        # each reason adds with diminishing returns, so no single one saturates the band
        evidence = sum(3.0 * math.log1p(v / 3.0) for v in reasons.values()) + 0.5 * min(reading.anger, 4.0)
        if category.category in TOPICAL:
            evidence += 0.5 * category.confidence
        position = 1.0 - math.exp(-evidence / 4.0)
        top = hi if level == "critical" else hi - 1e-4  # stay inside the band
        return round(min(lo + (hi - lo) * position, top), 4)

    # ----------------------------------------------------------------------------------
    # evidence

    @staticmethod
    def _note(reason: str, reading: _Reading) -> str:
        """The counts behind a reason, for the people reading its evidence."""
        features = reading.features
        if reason == "agent_obstruction":
            loop = features.loop
            turns = ", ".join(map(str, loop.requests))
            parts = [f"requests {reading.requests}" + (f" (turns {turns})" if turns else "")]
            if loop.topic is not None and loop.same_request_count > 1:
                parts.append(f"same request ({loop.topic}) {loop.same_request_count}")
            turns = ", ".join(map(str, loop.deflections))
            parts.append(f"deflections {reading.deflections}" + (f" (turns {turns})" if turns else ""))
            if loop.reports:
                parts.append(f"reported blocking (turns {', '.join(map(str, loop.reports))})")
            return "; ".join(parts)
        if reason in ("customer_abuse", "agent_hostility") and reading.features.raised_first is not None:
            return f"voice first raised by the {features.raised_first} (turn {features.raised_first_turn})"
        return ""

    def _evidence(self, reason: str, reading: _Reading) -> list[Evidence]:
        found = reading.hits.get(reason, [])
        if not found:
            return []
        if reason == "agent_obstruction":
            rank = {"report": 0, "request": 1, "insist": 2, "deflection": 3}
            asked = sorted(
                (f for f in found if f.match.cue.role != "deflection"),
                key=lambda f: (rank[f.match.cue.role or "request"], -(f.match.count or 0), -f.unit.index),
            )
            deflected = [f for f in found if f.match.cue.role == "deflection"]
            # the customer's latest request and the agent's latest deflection: the loop at its height
            ordered = asked[:1] + deflected[::-1][:1] + asked[1:] + deflected[::-1][1:]
        else:
            ordered = sorted(found, key=lambda f: (-f.match.cue.weight, f.unit.index))
        note = self._note(reason, reading)
        out: list[Evidence] = []
        units: set[int] = set()
        for f in ordered:
            if f.unit.index in units:
                continue
            text = _sentence(f.unit.text, f.match.start, f.match.end)
            out.append(Evidence(turn=f.unit.index, text=text, reason=reason, note=note))
            units.add(f.unit.index)
            if len(out) >= self.evidence_per_reason:
                break
        return sorted(out, key=lambda e: e.turn)
