"""The lexicon classifier: one primary complaint category per event from reviewed cues.

:class:`LexiconClassifier` implements the :class:`~vocradar.models.types.Classifier`
protocol. Per unit it matches the category cues of the lexicon (phrases on the spacing-free
text, lemmas on Kiwi's stems), weights them by who spoke (customer and customer-written text
fully, agent notes almost fully, agent turns less, system turns not at all), and then applies
the category rules of shared/voc-contract.md, section 2:

* the topic of a problem or of a neutral request wins (``topic`` + ``signal`` cues);
* ``inquiry`` only when no problem and no topical request was found;
* a cancellation or refund the agent obstructs stays ``cancellation`` / ``delivery_refund``
  rather than ``agent_conduct`` (the behaviour is a risk reason, not the topic);
* unauthorised charges in the customer's name (명의 도용) are ``privacy``, not ``billing``;
* praise turned sarcastic ("참 친절하시네요 ㅋㅋ") counts as a complaint about the agent;
* ``other`` for spam, ads and chatter, and when nothing matched (with a low confidence).

Cues are matched on each unit's normalised text (obfuscations spelled out, elongations
collapsed). The cue scores of a live call's turns are kept, so a growing transcript costs only
its new turns.

Confidence is a softmax over the (log-compressed) scores with a small prior on ``other``, so
it is low when few or conflicting cues were found and high only when one category clearly
dominates.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from vocradar.lexicons import TOPICAL, Hit, Lexicon, TextView, role_of
from vocradar.models.types import CATEGORIES, CategoryPrediction, EventAnalysis, Unit

__all__ = ["ROLE_WEIGHTS", "LexiconClassifier"]

#: How much a unit's cues count, by who produced it.
ROLE_WEIGHTS: dict[str, float] = {"customer": 1.0, "note": 0.9, "agent": 0.35}

_VERSION = "lexicon-classifier/1"
_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
_TOPIC_SHARE = 0.5  # a topic word counts half as much as a problem or request signal
_PROBLEM_MIN = 1.0  # signal score from which a topical problem or request is present
_OTHER_PRIOR = 0.5  # score 'other' has before any cue: weak evidence does not beat it
_BETA = 1.3  # softmax sharpness
_COMPRESS = 4.0  # scores are compressed as C*log(1 + s/C): long calls do not reach certainty
_SARCASM_TARGET = "agent_conduct"
_OBSTRUCTED_TOPICS = ("cancellation", "delivery_refund", "billing")


_Add = tuple[bool, str, float]  # (to signal, else to topic; category; amount)
_UnitTally = tuple[tuple[_Add, ...], frozenset[str]]


def _weight(hits: Sequence[Hit]) -> float:
    """Sum of the weights of the distinct cues among ``hits``."""
    if not hits:
        return 0.0
    return sum(c.weight for c in {h.cue for h in hits})


@dataclass
class _Tally:
    topic: dict[str, float]
    signal: dict[str, float]
    obstruction: bool = False

    @classmethod
    def empty(cls) -> _Tally:
        return cls({c: 0.0 for c in CATEGORIES}, {c: 0.0 for c in CATEGORIES})


class LexiconClassifier:
    """Chooses each event's primary category from the lexicon's category cues.

    Parameters
    ----------
    lexicon
        The loaded lexicon (:func:`vocradar.lexicons.load_lexicon`).
    role_weights
        Weight of a unit's cues by role (``customer``, ``note``, ``agent``); system turns
        never count.
    cache_size
        Live-call turns whose cue scores are kept: a growing transcript costs only its new
        turns (least recently used out first).

    Attributes
    ----------
    version
        ``lexicon-classifier/1+<lexicon hash>``: recorded with every prediction.
    """

    def __init__(
        self, lexicon: Lexicon, role_weights: dict[str, float] | None = None, cache_size: int = 50_000
    ) -> None:
        self.lexicon = lexicon
        self.role_weights = dict(ROLE_WEIGHTS if role_weights is None else role_weights)
        self.version = f"{_VERSION}+{lexicon.hash}"
        obstruction = lexicon.reasons.get("agent_obstruction")
        self._obstruction = obstruction.cues if obstruction is not None else None
        self.cache_size = cache_size
        # (conversation, turn, text, role) -> the unit's category adds and obstruction cue roles
        self._units: OrderedDict[tuple[str, int, str, str], _UnitTally] = OrderedDict()
        self._lock = threading.Lock()

    def predict(self, analyses: Sequence[EventAnalysis]) -> list[CategoryPrediction]:
        """One prediction per analysed event, in order."""
        return [self.predict_one(a) for a in analyses]

    def predict_one(self, analysis: EventAnalysis) -> CategoryPrediction:
        """The primary category of one event, its confidence and every category's probability."""
        tally = self._tally(analysis)
        scores = self._apply_rules(tally)
        return self._decide(scores)

    # ----------------------------------------------------------------------------------

    def _adds(self, unit: Unit, weight: float, view: TextView) -> tuple[_Add, ...]:
        """What one unit adds to the tally, in the order it is added."""
        adds: list[_Add] = []
        sarcasm = self.lexicon.sarcasm.hits(view)
        for code, cues in self.lexicon.categories.items():
            signal = _weight(cues.signal.hits(view))
            if code == "praise" and sarcasm and signal:
                # praise that means the opposite is a complaint about the agent
                adds.append((True, _SARCASM_TARGET, weight * signal))
                signal = 0.0
            topic = _weight(cues.topic.hits(view))
            if topic:
                adds.append((False, code, weight * topic))
            if signal:
                adds.append((True, code, weight * signal))
        if sarcasm:
            adds.append((True, _SARCASM_TARGET, weight * max(h.cue.weight for h in sarcasm)))
        return tuple(adds)

    def _obstruction_roles(self, role: str, view: TextView) -> frozenset[str]:
        """The roles of the obstruction cues the unit matches (request, deflection, report...)."""
        if self._obstruction is None:
            return frozenset()
        return frozenset(h.cue.role or "" for h in self._obstruction.for_speaker(role).hits(view))

    def _tally(self, analysis: EventAnalysis) -> _Tally:
        tally = _Tally.empty()
        asked = False
        event = analysis.event
        live = bool(event.conversation_id) and analysis.is_transcript
        for unit in analysis.units:
            role = role_of(event.source, unit.speaker)
            weight = self.role_weights.get(role, 0.0) if role is not None else 0.0
            if role is None or weight <= 0:
                continue
            if live:
                # a live call's turns come again with every partial transcript: read them once
                key = (event.conversation_id or "", unit.index, unit.text, role)
                with self._lock:
                    cached = self._units.get(key)
                    if cached is not None:
                        self._units.move_to_end(key)
                if cached is None:
                    view = self.lexicon.view_of_unit(unit)
                    self.lexicon.cue_group(role).prime(view)
                    cached = (self._adds(unit, weight, view), self._obstruction_roles(role, view))
                    with self._lock:
                        self._units[key] = cached
                        while len(self._units) > self.cache_size:
                            self._units.popitem(last=False)
                adds, roles = cached
            else:
                view = self.lexicon.view_of_unit(unit)
                self.lexicon.cue_group(role).prime(view)
                adds = self._adds(unit, weight, view)
                roles = frozenset() if tally.obstruction else self._obstruction_roles(role, view)
            for to_signal, code, amount in adds:
                (tally.signal if to_signal else tally.topic)[code] += amount
            # a report of blocking, or a deflection once something was asked for (an agent's
            # "연락드리겠습니다" before any request deflects nothing)
            if "report" in roles or ("deflection" in roles and (asked or role == "note")):
                tally.obstruction = True
            asked = asked or "request" in roles
        return tally

    @staticmethod
    def _apply_rules(tally: _Tally) -> dict[str, float]:
        signal, topic = tally.signal, tally.topic
        scores = {c: signal[c] + _TOPIC_SHARE * topic[c] for c in CATEGORIES}
        problem = max(signal[c] for c in TOPICAL) >= _PROBLEM_MIN
        if problem:
            # inquiry only when no problem and no topical request
            scores["inquiry"] *= 0.25
        elif signal["inquiry"] > 0:
            # a question that merely names a subject ("어떤 요금제가 좋아요?") is an inquiry
            for c in TOPICAL:
                scores[c] *= 0.5
        if tally.obstruction:
            # the employee obstructing a cancellation/refund: the topic is what was asked for
            asked = [c for c in _OBSTRUCTED_TOPICS if signal[c] + topic[c] > 0]
            if asked:
                target = max(asked, key=lambda c: scores[c])
                scores[target] += scores["agent_conduct"]
                scores["agent_conduct"] *= 0.2
        if signal["privacy"] >= 2.5 and scores["billing"] > 0:
            # unauthorised charges in the customer's name are privacy, not billing
            moved = 0.5 * scores["billing"]
            scores["billing"] -= moved
            scores["privacy"] += moved
        scores["other"] += _OTHER_PRIOR
        return scores

    @staticmethod
    def _decide(scores: dict[str, float]) -> CategoryPrediction:
        codes = list(scores)
        log1p, exp = math.log1p, math.exp
        compressed = [_COMPRESS * log1p(max(s, 0.0) / _COMPRESS) for s in scores.values()]
        top = max(compressed)
        exps = [exp(_BETA * (v - top)) for v in compressed]
        total = sum(exps)
        probs = [e / total for e in exps]
        # the most probable; on a tie, the category listed first in CATEGORIES
        best = max(range(len(codes)), key=lambda i: (probs[i], -_ORDER[codes[i]]))
        return CategoryPrediction(
            category=codes[best],
            confidence=round(probs[best], 4),
            scores={c: round(p, 4) for c, p in zip(codes, probs, strict=True)},
        )
