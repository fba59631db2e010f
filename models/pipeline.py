"""The scoring pipeline: raw messages in, scored events and dead letters out.

This is the one code path behind both the stream agents and ``vocradar score``: parse and
validate (:mod:`vocradar.models.events`), analyse a whole batch with one Kiwi call, classify,
score risk, and mask personal data in everything that leaves (text, evidence, dead letters).
The pipeline never raises for bad input: each message becomes a :class:`ScoredEvent` or a
:class:`DeadLetter` carrying its reason.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from vocradar.models.events import BadEvent, VocEvent, mask_excerpt, mask_turn_texts, parse_event
from vocradar.models.types import (
    LEVELS,
    CategoryPrediction,
    Classifier,
    EventAnalysis,
    RiskAssessment,
    RiskContext,
    RiskScorer,
)

if TYPE_CHECKING:
    from vocradar.models.analyzer import KiwiAnalyzer
    from vocradar.settings import Settings

__all__ = [
    "BatchResult",
    "DeadLetter",
    "Masker",
    "RawMessage",
    "ScoredEvent",
    "ScoringPipeline",
    "settle_heap",
    "warm_up_messages",
]

log = logging.getLogger(__name__)

_SPEAKER_LABEL = {"agent": "상담원", "customer": "고객", "system": "시스템"}
_EXCERPT_CHARS = 1_000
# The customer object of a payload and its identifying fields (a dead letter's excerpt keeps
# their pseudonym): matched on the text, so a truncated or broken payload is covered too.
_CUSTOMER_OBJECT = re.compile(r'"customer"\s*:\s*\{[^{}]*\}?')
_CUSTOMER_ID = re.compile(r'("(?:id|handle)"\s*:\s*)("(?:[^"\\]|\\.)*"?|-?\d+)')


class Masker(Protocol):
    """Masks personal data in text, and in a text cut in pieces (the turns of a conversation)."""

    def mask(self, text: str) -> str: ...

    def mask_pieces(self, pieces: Sequence[str]) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One input message: its bytes and where it was read (``topic:partition:offset`` or ``file:line``)."""

    value: bytes
    ref: str
    arrived_at: float | None = None  # when the broker got it (epoch seconds), for latency


def _now_ms() -> datetime:
    return datetime.now(UTC)


def _version() -> int:
    return time.time_ns()


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """A valid event with its category, risk, masked text and evidence."""

    event: VocEvent
    prediction: CategoryPrediction
    assessment: RiskAssessment
    redacted_text: str
    evidence: tuple[dict[str, Any], ...]
    truncated: bool
    lang: str
    customer_key: str
    lexicon_hash: str
    model_version: str
    raw_text: str = ""
    scored_at: datetime = field(default_factory=_now_ms)
    arrived_at: datetime | None = None
    terms: tuple[str, ...] = ()  # content lemmas in order of appearance, for incident linking and bursts

    @property
    def incident_key(self) -> str:
        """What groups alerts into one incident: the conversation, else the event itself."""
        return self.event.conversation_id or self.event.event_id

    def output(self) -> dict[str, Any]:
        """The contract's output line of ``vocradar score`` (plus traceability fields)."""
        ev = self.event
        return {
            "event_id": ev.event_id,
            "category": self.prediction.category,
            "category_confidence": round(self.prediction.confidence, 4),
            "risk": round(self.assessment.risk, 4),
            "risk_level": self.assessment.level,
            "alert": self.assessment.alert,
            "reasons": list(self.assessment.reasons),
            "evidence": list(self.evidence),
            "redacted_text": self.redacted_text,
            "source": ev.source,
            "occurred_at": ev.occurred_at.isoformat(),
            "conversation_id": ev.conversation_id,
            "incident_key": self.incident_key,
            "product": ev.product,
            "agent_team": ev.agent.team if ev.agent else None,
            "lang": self.lang,
            "truncated": self.truncated,
            "lexicon_hash": self.lexicon_hash,
            "model_version": self.model_version,
        }

    def event_row(self) -> dict[str, Any]:
        """The ``voc_events`` row."""
        ev = self.event
        return {
            "event_id": ev.event_id,
            "source": ev.source,
            "occurred_at": ev.occurred_at,
            "scored_at": self.scored_at,
            "arrived_at": self.arrived_at or self.scored_at,
            "conversation_id": ev.conversation_id or "",
            "incident_key": self.incident_key,
            "customer_key": self.customer_key,
            "customer_followers": (ev.customer.followers or 0) if ev.customer else 0,
            "customer_verified": int(bool(ev.customer and ev.customer.verified)),
            "agent_id": (ev.agent.id or "") if ev.agent else "",
            "agent_team": (ev.agent.team or "") if ev.agent else "",
            "product": ev.product or "",
            "lang": self.lang,
            "is_partial": int(ev.is_partial),
            "turn_count": min(len(ev.turns or ()), 65_535),
            "char_count": len(ev.body_text()),
            "truncated": int(self.truncated),
            "redacted_text": self.redacted_text,
            "raw_text": self.raw_text,
            "category": self.prediction.category,
            "category_confidence": self.prediction.confidence,
            "risk": self.assessment.risk,
            "risk_level": self.assessment.level,
            "alert": int(self.assessment.alert),
            "reasons": list(self.assessment.reasons),
            "evidence": json.dumps(list(self.evidence), ensure_ascii=False),
            "lexicon_hash": self.lexicon_hash,
            "model_version": self.model_version,
            "version": _version(),
        }

    def alert_record(self) -> dict[str, Any]:
        """What goes to ``voc.alerts`` and the ``voc_alerts`` table (masked throughout)."""
        out = self.output()
        out["excerpt"] = self.redacted_text[:600]
        return out


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """Bad input with its reason, masked excerpt and origin."""

    ref: str
    reason: str
    detail: str
    event_id: str | None
    payload_excerpt: str
    payload_bytes: int
    received_at: datetime = field(default_factory=_now_ms)

    @property
    def dead_id(self) -> str:
        """Stable id: where the message was read, so redelivery does not add a second row."""
        return hashlib.sha256(self.ref.encode()).hexdigest()[:24]

    def output(self) -> dict[str, Any]:
        """The contract's error line of ``vocradar score``."""
        return {"event_id": self.event_id, "error": f"{self.reason}: {self.detail}"}

    def record(self) -> dict[str, Any]:
        """What goes to ``voc.dead`` and the ``voc_dead`` table."""
        return {
            "dead_id": self.dead_id,
            "received_at": self.received_at.isoformat(),
            "source_ref": self.ref,
            "event_id": self.event_id or "",
            "reason": self.reason,
            "detail": self.detail,
            "payload_excerpt": self.payload_excerpt,
            "payload_bytes": self.payload_bytes,
        }


@dataclass(slots=True)
class BatchResult:
    """The outcome of one batch, in input order (``items`` holds both kinds)."""

    items: list[ScoredEvent | DeadLetter] = field(default_factory=list)

    @property
    def scored(self) -> list[ScoredEvent]:
        return [i for i in self.items if isinstance(i, ScoredEvent)]

    @property
    def dead(self) -> list[DeadLetter]:
        return [i for i in self.items if isinstance(i, DeadLetter)]


ContextFn = Callable[[VocEvent, CategoryPrediction], RiskContext]


def _check_not_future(ev: VocEvent, arrived: float, margin_s: float) -> None:
    """A dead letter for an event dated more than ``margin_s`` after it arrived: a wrong clock
    or a forged date, which would otherwise move the event-time windows ahead of real time."""
    ahead = ev.occurred_at.timestamp() - arrived
    if ahead > margin_s:
        raise BadEvent(
            "future_time",
            f"occurred_at is {ahead / 3600:,.1f} h after its arrival; more than "
            f"{margin_s:,.0f} s (VOCRADAR_FUTURE_MARGIN_S)",
            ev.event_id,
        )


def warm_up_messages() -> list[RawMessage]:
    """Events that load Kiwi, its threads and every model before real traffic: Korean and
    English, a text and a transcript, none of them from any corpus."""
    events: list[dict[str, Any]] = [
        {"source": "tweet", "text": "인터넷 또 끊겼어요 해지할래요 ㅠㅠ"},
        {"source": "note", "text": "warm up"},
        {
            "source": "call",
            "conversation_id": "warmup-call",
            "turns": [
                {"speaker": "agent", "text": "네 고객님, 무엇을 도와드릴까요?"},
                {"speaker": "customer", "text": "요금이 이상하게 나와서 문의드려요."},
            ],
        },
    ]
    return [
        RawMessage(
            json.dumps(
                {"event_id": f"warmup-{i}", "occurred_at": "2026-01-01T00:00:00+09:00", **ev},
                ensure_ascii=False,
            ).encode(),
            "warmup",
        )
        for i, ev in enumerate(events)
    ]


#: The garbage collector's thresholds once the heap is settled (CPython's default is 700, 10,
#: 10): allocations between two young-generation passes, then young passes per middle pass and
#: middle passes per full one. Scoring allocates many short-lived objects per event; measured on
#: short posts, the scorers spend about 8% less CPU with these.
GC_THRESHOLDS = (20_000, 20, 20)


def settle_heap() -> None:
    """Call once Kiwi, the models and the lexicons are built (after a warm-up): they live as
    long as the process, so move them out of the garbage collector's passes (``gc.freeze``),
    which otherwise walk every one of their objects, and collect less often
    (:data:`GC_THRESHOLDS`). Objects frozen here are never collected as cycles: call it once
    per process, or ``gc.unfreeze()`` before building the models again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _no_context(_: VocEvent, __: CategoryPrediction) -> RiskContext:
    return RiskContext()


class ScoringPipeline:
    """Parse, analyse, classify, score and mask batches of raw messages.

    Parameters
    ----------
    settings
        The process settings (limits, pseudonym salt, raw-text policy).
    analyzer, classifier, scorer, masker
        The analysis parts; built once per process by :meth:`build`.
    lexicon_hash
        Version of the lexicon files, recorded with every score.
    """

    def __init__(
        self,
        settings: Settings,
        analyzer: KiwiAnalyzer,
        classifier: Classifier,
        scorer: RiskScorer,
        masker: Masker,
        lexicon_hash: str,
    ) -> None:
        self.settings = settings
        self.analyzer = analyzer
        self.classifier = classifier
        self.scorer = scorer
        self.masker = masker
        self.lexicon_hash = lexicon_hash
        self.model_version = f"{classifier.version}+{scorer.version}"

    @classmethod
    def build(cls, settings: Settings) -> ScoringPipeline:
        """Build every heavy part once (Kiwi is loaded lazily on the first batch)."""
        from vocradar.lexicons import load_lexicon
        from vocradar.models.analyzer import KiwiAnalyzer
        from vocradar.models.classifier import LexiconClassifier
        from vocradar.models.pii import PiiMasker
        from vocradar.models.risk import LexiconRiskScorer

        lexicon = load_lexicon(settings.lexicon_dir)
        analyzer = KiwiAnalyzer(
            num_workers=-1,
            user_dictionary=lexicon.user_dictionary_path,
            max_chars=settings.max_text_chars,
            lexicon=lexicon,
        )
        classifier: Classifier = LexiconClassifier(lexicon)
        scorer: RiskScorer = LexiconRiskScorer(lexicon, settings)
        if settings.classifier == "learned" or settings.risk_model == "hybrid":
            # the learned models when `vocradar train` wrote them; the lexicon ones otherwise
            from vocradar.models.learned import (
                HybridRiskScorer,
                load_cascade,
                load_classifier,
                load_reason_models,
            )

            learned = load_classifier(settings, lexicon)
            if learned is not None:
                # the loop features and the risk scorer read each event once, with one extractor
                learned.share_extractor(scorer.extractor)
            if learned is not None and settings.classifier == "learned":
                classifier = load_cascade(settings, lexicon, learned)
            reasons = load_reason_models(settings, learned) if settings.risk_model == "hybrid" else None
            if reasons is not None and learned is not None:
                scorer = HybridRiskScorer(scorer, reasons, learned, settings)
        return cls(settings, analyzer, classifier, scorer, PiiMasker(), lexicon.hash)

    # ------------------------------------------------------------------------------------
    def _dead(self, msg: RawMessage, exc: BadEvent) -> DeadLetter:
        text = msg.value[: _EXCERPT_CHARS * 4].decode("utf-8", errors="replace")[:_EXCERPT_CHARS]
        return DeadLetter(
            ref=msg.ref,
            reason=exc.reason,
            detail=self.masker.mask(exc.detail),
            event_id=exc.event_id,
            payload_excerpt=self.masker.mask(self._pseudonymise_customer(text)),
            payload_bytes=len(msg.value),
        )

    def _pseudonymise_customer(self, text: str) -> str:
        """The customer's id and handle in a payload's (JSON) text replaced by their pseudonymous
        key, as the scored rows carry it; found by their shape, so broken JSON is covered too."""

        def ident(m: re.Match[str]) -> str:
            try:
                value = json.loads(m.group(2))
            except ValueError:
                value = m.group(2).strip('"')
            return f'{m.group(1)}"{self._pseudonym(str(value))}"'

        return _CUSTOMER_OBJECT.sub(lambda m: _CUSTOMER_ID.sub(ident, m.group(0)), text)

    def _pseudonym(self, ident: str) -> str:
        return hashlib.sha256(
            f"{self.settings.pseudonym_salt.get_secret_value()}:{ident}".encode()
        ).hexdigest()[:16]

    def customer_key(self, event: VocEvent) -> str:
        """Pseudonymous customer key (salted hash of id or handle); empty when unknown."""
        c = event.customer
        ident = (c.id or c.handle) if c else None
        if not ident:
            return ""
        return self._pseudonym(ident)

    def _render(self, analysis: EventAnalysis) -> str:
        ev = analysis.event
        if ev.turns is None:
            return ev.text or ""
        lines = [ev.text] if ev.text else []
        lines += [f"[{_SPEAKER_LABEL.get(t.speaker, t.speaker)}] {t.text}" for t in ev.turns if t.text]
        return "\n".join(lines)

    def _redact(self, ev: VocEvent, assessment: RiskAssessment) -> tuple[str, tuple[dict[str, Any], ...]]:
        """The masked text as :meth:`_render` lays it out, and the masked evidence.

        A transcript is masked over its joined turns (:func:`mask_turn_texts`), so a number read
        out over two turns is masked in both, and so is a quote of either turn.
        """
        limit = self.settings.max_text_chars
        if ev.turns is None:
            redacted = self.masker.mask((ev.text or "")[:limit])
            return redacted, tuple(
                {**e.as_dict(), "text": self.masker.mask(e.text)} for e in assessment.evidence
            )
        head = [ev.text[:limit]] if ev.text else []
        texts, size = list(head), sum(map(len, head))
        for turn in ev.turns:  # the turns that reach into the first `limit` characters
            if size > limit:
                break
            texts.append(turn.text[:limit])
            size += len(turn.text) + 6
        masked = mask_turn_texts(texts, self.masker)
        shown = ev.turns[: len(texts) - len(head)]
        lines = masked[: len(head)] + [
            f"[{_SPEAKER_LABEL.get(t.speaker, t.speaker)}] {m}"
            for t, m in zip(shown, masked[len(head) :], strict=True)
            if t.text
        ]
        evidence = []
        for e in assessment.evidence:
            quoted = mask_excerpt(texts, e.turn + len(head), e.text, self.masker, masked)
            evidence.append({**e.as_dict(), "text": self.masker.mask(e.text) if quoted is None else quoted})
        return "\n".join(lines)[:limit], tuple(evidence)

    def _score_one(
        self,
        analysis: EventAnalysis,
        prediction: CategoryPrediction,
        context_fn: ContextFn,
        arrived_at: float | None = None,
    ) -> ScoredEvent:
        ev = analysis.event
        assessment = self.scorer.score(analysis, prediction, context_fn(ev, prediction))
        text = self._render(analysis)
        redacted, evidence = self._redact(ev, assessment)
        return ScoredEvent(
            event=ev,
            prediction=prediction,
            assessment=assessment,
            redacted_text=redacted,
            evidence=evidence,
            truncated=analysis.truncated,
            lang=analysis.lang,
            customer_key=self.customer_key(ev),
            lexicon_hash=self.lexicon_hash,
            model_version=self.model_version,
            raw_text=text if self.settings.store_raw_text else "",
            arrived_at=datetime.fromtimestamp(arrived_at, UTC) if arrived_at else None,
            terms=_terms(analysis),
        )

    def warm_up(self) -> ScoringPipeline:
        """Score :func:`warm_up_messages`, so Kiwi, its threads and every model are loaded before
        the first real batch; returns the pipeline."""
        self.process(warm_up_messages())
        return self

    def process(self, messages: Sequence[RawMessage], context_fn: ContextFn = _no_context) -> BatchResult:
        """Score a batch; every message yields exactly one item, in order."""
        slots: list[ScoredEvent | DeadLetter | None] = [None] * len(messages)
        valid: list[tuple[int, VocEvent]] = []
        now = time.time()
        for i, msg in enumerate(messages):
            try:
                ev = parse_event(msg.value, self.settings.max_event_bytes)
                _check_not_future(ev, msg.arrived_at or now, self.settings.future_margin_s)
                valid.append((i, ev))
            except BadEvent as exc:
                slots[i] = self._dead(msg, exc)
        if valid:
            try:
                analyses = self.analyzer.analyze([ev for _, ev in valid])
                predictions = self.classifier.predict(analyses)
            except Exception as exc:
                # One poisonous event must not sink its batch: retry one by one. The log names the
                # error's type only: an error's message can quote the text it failed on.
                log.error("batch analysis failed (%s); scoring its events one at a time", type(exc).__name__)
                analyses, predictions = [], []
                for i, ev in valid:
                    try:
                        a = self.analyzer.analyze([ev])
                        p = self.classifier.predict(a)
                        analyses += a
                        predictions += p
                    except Exception as exc:
                        slots[i] = self._dead(
                            messages[i], BadEvent("analysis_failed", repr(exc)[:300], ev.event_id)
                        )
                valid = [(i, ev) for i, ev in valid if slots[i] is None]
            for (i, ev), analysis, prediction in zip(valid, analyses, predictions, strict=True):
                try:
                    slots[i] = self._score_one(analysis, prediction, context_fn, messages[i].arrived_at)
                except Exception as exc:
                    log.error("scoring failed for %s (%s)", ev.event_id, type(exc).__name__)
                    slots[i] = self._dead(
                        messages[i], BadEvent("scoring_failed", repr(exc)[:300], ev.event_id)
                    )
        return BatchResult([s for s in slots if s is not None])


_MAX_TERMS = 40


def _terms(analysis: EventAnalysis) -> tuple[str, ...]:
    """Distinct content lemmas (two characters or more, no digits) of the non-system units, in order.

    They stay inside the stream (incident linking, burst keys): never stored, alerted or shown,
    since a lemma can be an unmasked name.
    """
    seen: dict[str, None] = {}
    for unit in analysis.units:
        if unit.speaker == "system":
            continue
        for lemma in unit.lemmas:
            if len(lemma) >= 2 and not any(ch.isdigit() for ch in lemma) and "@" not in lemma:
                seen.setdefault(lemma, None)
                if len(seen) >= _MAX_TERMS:
                    return tuple(seen)
    return tuple(seen)


def level_rank(level: str) -> int:
    """Position of a risk level (low=0 ... critical=3)."""
    return LEVELS.index(level) if level in LEVELS else 0
