"""Incidents across channels: linking, repeat contacts, routing rules and pattern queries.

This module owns what turns scored events into *incidents*, with no Kafka in sight:

- :class:`IncidentLinker` joins events from different sources that are the same story into one
  incident: the same conversation; the same (pseudonymous) customer on another channel (the
  ticket that follows a call); the same phrases (Kiwi lemmas, weighted by how rare they are,
  kept as keyed hashes: :class:`TermHasher`) close in time and about the same product (the
  tweets that quote a recorded call); the same burst episode (:mod:`vocradar.models.bursts`).
  Only incidents that matter are kept as link targets: those opened by an alerting event or by
  a burst. A story link needs a source other than the incident's origin: two separate calls of
  one customer stay two incidents (and count as repeat contacts), while the call, the tweets
  quoting it and the press inquiry become one.
- :class:`ContactLedger` remembers each customer's contacts per category, so the risk scorer
  gets ``RiskContext.prior_contacts`` (``repeat_contact`` from the third contact on).
- :class:`RoutingRules` (loaded once from ``lexicons/routing.yaml``, validated) and
  :class:`Router` decide the tier of an incident (1st line: the CS quality team on the
  dashboard; 2nd line: executives on Slack and e-mail) and whether a change is worth a threaded
  update (level rise, a new channel, a burst), with a cooldown in event time and a stop once a
  person acknowledged or resolved the incident.
- SQL over the warehouse for the heavy contacters and the most repeated questions
  (:func:`repeat_contacts_sql`, :func:`repeated_questions_sql`) and the effective incident status
  (:func:`incident_status_sql`).

State lives in mappings of plain JSON values: dicts in tests, changelogged Faust tables in the
stream (``streams/incident_agent.py``). Values are replaced, never mutated in place.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import re
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from vocradar.models.bursts import BurstConfig, BurstSignal
from vocradar.models.types import LEVELS

log = logging.getLogger(__name__)

__all__ = [
    "SETTLED_ACTIONS",
    "ContactLedger",
    "DigestWindow",
    "EventFacts",
    "IncidentLinker",
    "Link",
    "LinkConfig",
    "Router",
    "RoutingRules",
    "TermHasher",
    "digest_sql",
    "incident_status_sql",
    "is_hashed_term",
    "load_routing",
    "repeat_contacts_sql",
    "repeated_questions_sql",
]

DEFAULT_ROUTING_FILE = Path(__file__).resolve().parents[1] / "lexicons" / "routing.yaml"
_QUIET = frozenset({"praise", "other"})
#: Human actions after which an incident is not notified again (until it is reopened).
SETTLED_ACTIONS: tuple[str, ...] = ("acknowledged", "resolved")
# A post about how an employee treated a customer tells the same story as the contact itself.
_CONDUCT = ("agent_conduct",)


def _rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


# --- configuration ----------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EscalationRule(_Strict):
    """An incident goes to the 2nd line when every condition of one rule holds."""

    min_level: Literal["low", "medium", "high", "critical"] = "critical"
    reasons_any: tuple[str, ...] = ()
    min_sources: int = 1
    min_events: int = 1


class UpdateRules(_Strict):
    cooldown_s: float = Field(default=600.0, ge=0)
    triggers: tuple[Literal["level_rise", "new_source", "burst", "service_outage", "linked"], ...] = (
        "level_rise",
        "new_source",
        "burst",
        "service_outage",
    )
    max_updates: int = Field(default=20, ge=0)
    immediate: tuple[Literal["level_rise", "new_source", "burst", "service_outage", "linked"], ...] = (
        "level_rise",
        "burst",
        "service_outage",
    )


class DigestRules(_Strict):
    min_level: Literal["low", "medium", "high", "critical"] = "high"
    every_s: float = Field(default=3600.0, gt=0)
    channels: tuple[Literal["slack", "email"], ...] = ("email",)
    max_items: int = Field(default=20, ge=1)


class AckRules(_Strict):
    renotify_on_level_rise: bool = True


class LinkConfig(_Strict):
    """Parameters of :class:`IncidentLinker`."""

    story_horizon_s: float = 6 * 3600.0
    customer_horizon_s: float = 7 * 86400.0
    min_shared_terms: int = 4
    min_similarity: float = 0.5
    strong_shared_terms: int = 8
    strong_similarity: float = 0.3
    story_sources: tuple[str, ...] = ("tweet", "email")
    max_open: int = 5000
    keep_s: float = 7 * 86400.0


class ContactRules(_Strict):
    horizon_s: float = 30 * 86400.0
    max_kept: int = 20


class RoutingRules(_Strict):
    """The routing file: tiers, escalation, updates, digest, acknowledgement, linking, bursts."""

    tiers: dict[Literal["first_line", "second_line"], tuple[Literal["dashboard", "slack", "email"], ...]] = {
        "first_line": ("dashboard",),
        "second_line": ("slack", "email"),
    }
    escalate: tuple[EscalationRule, ...] = (EscalationRule(),)
    updates: UpdateRules = UpdateRules()
    digest: DigestRules = DigestRules()
    ack: AckRules = AckRules()
    linking: LinkConfig = LinkConfig()
    contacts: ContactRules = ContactRules()
    bursts: BurstConfig = BurstConfig()


def load_routing(path: Path | None) -> RoutingRules:
    """Read and validate the routing file (``None``: the packaged ``lexicons/routing.yaml``)."""
    p = Path(path) if path else DEFAULT_ROUTING_FILE
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{p}: the routing file must be a mapping")
    return RoutingRules.model_validate(data)


# --- events and links -------------------------------------------------------------------


@dataclass(frozen=True)
class EventFacts:
    """What linking needs of one scored event (masked; ``customer_key`` is pseudonymous)."""

    event_id: str
    t: float
    source: str
    incident_key: str
    conversation_id: str = ""
    customer_key: str = ""
    product: str = ""
    category: str = ""
    level: str = "low"
    reasons: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    alert: bool = False

    @property
    def uid(self) -> str:
        """The event's identity: ``event_id`` is unique per source (the contract), not overall."""
        return event_uid(self.source, self.event_id)

    @classmethod
    def from_row(cls, row: dict[str, Any], t: float, terms: Sequence[str]) -> EventFacts:
        return cls(
            event_id=row["event_id"],
            t=t,
            source=row.get("source", ""),
            incident_key=row.get("incident_key") or row["event_id"],
            conversation_id=row.get("conversation_id") or "",
            customer_key=row.get("customer_key") or "",
            product=row.get("product") or "",
            category=row.get("category") or "",
            level=row.get("risk_level") or "low",
            reasons=tuple(row.get("reasons") or ()),
            terms=tuple(terms),
            alert=bool(row.get("alert")),
        )


@dataclass(frozen=True)
class Link:
    """Where an event went: its incident, how it got there, and what changed on the incident."""

    incident_key: str
    how: Literal["own", "conversation", "customer", "story", "burst", "new"]
    incident: dict[str, Any] | None = None
    changes: tuple[str, ...] = ()
    similarity: float = 0.0

    @property
    def tracked(self) -> bool:
        """True when the event belongs to an incident the linker keeps."""
        return self.incident is not None


def _new_incident(key: str, ev: EventFacts, kind: str, burst: BurstSignal | None = None) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "origin_source": ev.source,
        "opened_at": min(burst.first_at, ev.t) if burst else ev.t,
        "detected_at": burst.detected_at if burst else ev.t,
        "last_at": ev.t,
        "first_event_id": ev.event_id,
        "sources": [],
        "customers": [],
        "conversations": [],
        "products": [],
        "categories": [],
        "terms": {},
        "origin_terms": list(ev.terms)[:60],
        "origin_category": ev.category,
        "story_terms": [],
        "level": "low",
        "reasons": [],
        "events": 0,
        "event_ids": [],
        "timeline": [],
        "burst_key": burst.key if burst else "",
    }


class IncidentLinker:
    """Joins events into incidents; state in ``store`` (``incident_key -> JSON dict``).

    In-memory indexes (conversation, customer, term -> incidents) and the term document
    frequencies are rebuilt from ``store`` on first use, so a restarted worker links as before.
    """

    def __init__(self, config: LinkConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = {} if store is None else store
        self._loaded = False
        self._by_conv: dict[str, str] = {}
        self._by_customer: dict[str, set[str]] = {}
        self._by_term: dict[str, set[str]] = {}
        self._by_burst: dict[str, str] = {}
        self._df: dict[str, int] = {}
        self._docs = 0
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._key_recent: dict[str, deque[tuple[float, str]]] = {}

    # -- indexes ----------------------------------------------------------------------------
    def _index(self, inc: dict[str, Any]) -> None:
        key = inc["key"]
        for c in inc["conversations"]:
            self._by_conv[c] = key
        for c in inc["customers"]:
            self._by_customer.setdefault(c, set()).add(key)
        for term in [*(inc.get("origin_terms") or ()), *(inc.get("story_terms") or ())]:
            self._by_term.setdefault(term, set()).add(key)
        for burst_key in inc.get("burst_keys") or ([inc["burst_key"]] if inc.get("burst_key") else []):
            self._by_burst[burst_key] = key

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for _, inc in list(self.store.items()):
            if isinstance(inc, dict) and "key" in inc:
                self._index(inc)

    def _observe_terms(self, terms: Iterable[str]) -> None:
        self._docs += 1
        for term in set(terms):
            self._df[term] = self._df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term over the events seen by this process."""
        return math.log((1 + self._docs) / (1 + self._df.get(term, 0))) + 1.0

    def similarity(self, terms: Sequence[str], inc: dict[str, Any]) -> tuple[float, int]:
        """Share of the event's term weight found in the incident, and how many terms are shared."""
        mine = set(terms)
        if not mine:
            return 0.0, 0
        total = sum(self.idf(t) for t in mine)
        best = (0.0, 0)
        for story in (inc.get("origin_terms") or [], inc.get("story_terms") or []):
            shared = mine & set(story)
            sim = sum(self.idf(t) for t in shared) / total if total else 0.0
            best = max(best, (sim, len(shared)))
        return best

    # -- linking ----------------------------------------------------------------------------
    def _live(self, key: str, t: float, horizon: float) -> dict[str, Any] | None:
        inc = self.store.get(key)
        if not isinstance(inc, dict):
            return None
        if t - inc["last_at"] > horizon and t - inc["opened_at"] > horizon:
            return None
        return inc

    def _find(
        self, ev: EventFacts, bursts: Sequence[BurstSignal]
    ) -> tuple[dict[str, Any] | None, str, float]:
        cfg = self.config
        if ev.conversation_id and ev.conversation_id in self._by_conv:
            inc = self._live(self._by_conv[ev.conversation_id], ev.t, cfg.keep_s)
            if inc is not None:
                return inc, "conversation", 1.0
        own = self._live(ev.incident_key, ev.t, cfg.keep_s)
        if own is not None:
            return own, "own", 1.0
        if ev.customer_key and ev.category not in _QUIET:
            for key in sorted(self._by_customer.get(ev.customer_key, ())):
                inc = self._live(key, ev.t, cfg.customer_horizon_s)
                if inc is not None and inc["origin_source"] != ev.source:
                    return inc, "customer", 1.0
        if ev.category not in _QUIET and ev.terms and ev.source in cfg.story_sources:
            best: tuple[float, str] | None = None
            candidates: set[str] = set()
            for term in set(ev.terms):
                candidates |= self._by_term.get(term, set())
            for key in candidates:
                inc = self._live(key, ev.t, cfg.story_horizon_s)
                if inc is None or inc["kind"] != "contact" or inc["origin_source"] == ev.source:
                    continue
                if ev.product and inc["products"] and ev.product not in inc["products"]:
                    continue
                if ev.category not in (inc.get("origin_category"), *_CONDUCT):
                    continue
                sim, shared = self.similarity(ev.terms, inc)
                close = shared >= cfg.min_shared_terms and sim >= cfg.min_similarity
                strong = shared >= cfg.strong_shared_terms and sim >= cfg.strong_similarity
                if (close or strong) and (best is None or sim > best[0]):
                    best = (sim, key)
            if best is not None:
                return self.store[best[1]], "story", best[0]
        for b in bursts:
            burst_incident = self._by_burst.get(b.key)
            if burst_incident is not None:
                inc = self._live(burst_incident, ev.t, self.config.story_horizon_s)
                # a story's burst takes the events that speak of it; an outage's takes every report
                if inc is not None and (inc["kind"] == "burst" or self.similarity(ev.terms, inc)[1] >= 2):
                    return inc, "burst", 1.0
        return None, "own", 0.0

    def _dominant(self, burst_key: str, t: float, window_s: float) -> str | None:
        """The tracked incident most of a key's recent events were linked to, if any."""
        recent = [k for ts, k in self._key_recent.get(burst_key, ()) if t - ts <= window_s]
        if not recent:
            return None
        key, n = Counter(recent).most_common(1)[0]
        return key if n >= max(2, len(recent) // 3) and key in self.store else None

    def link(self, ev: EventFacts, bursts: Sequence[BurstSignal] = (), keys: Sequence[str] = ()) -> Link:
        """Place one event; a burst signal with ``new`` set opens the burst's incident.

        ``keys`` are the event's topic keys: a new burst whose recent events mostly belong to one
        incident (the tweets quoting a call) is attached to that incident instead of opening one.
        """
        self._load()
        if ev.uid not in self._recent:
            self._observe_terms(ev.terms)
            self._recent[ev.uid] = None
            if len(self._recent) > 100_000:
                self._recent.popitem(last=False)
        inc, how, sim = self._find(ev, bursts)
        fresh = [b for b in bursts if b.new and b.key not in self._by_burst]
        if inc is None and fresh:
            for b in fresh:
                dominant = self._dominant(b.key, ev.t, 3600.0)
                if dominant is not None:
                    inc, how = self.store[dominant], "burst"
                    break
        if inc is not None and fresh:
            inc = {**inc, "burst_keys": [*(inc.get("burst_keys") or []), *(b.key for b in fresh)][-20:]}
        if inc is None:
            if fresh:
                b = max(fresh, key=lambda s: (s.outage, s.kind != "term", s.count))
                inc = _new_incident(b.incident_key, ev, "burst", b)
                how = "new"
            elif ev.alert:
                inc = _new_incident(ev.incident_key, ev, "contact")
                how = "new"
            else:
                return Link(ev.incident_key, "own")
        new_inc, changes = self._add(inc, ev, bursts)
        notable = _rank(ev.level) >= _rank("high")
        if how == "story" and notable:  # what the story's posts say links the next posts
            story = new_inc.get("story_terms") or []
            new_inc["story_terms"] = list(dict.fromkeys([*story, *ev.terms]))[:80]
        self.store[new_inc["key"]] = new_inc
        self._index(new_inc)
        for k in keys:
            recent = self._key_recent.setdefault(k, deque(maxlen=50))
            recent.append((ev.t, new_inc["key"]))
        self._expire(ev.t)
        return Link(new_inc["key"], how, new_inc, changes, sim)  # type: ignore[arg-type]

    def _add(
        self, inc: dict[str, Any], ev: EventFacts, bursts: Sequence[BurstSignal]
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        out: dict[str, Any] = {
            k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
            for k, v in inc.items()
        }
        if ev.uid in out["event_ids"] or ev.event_id in out["event_ids"]:  # (bare ids: older state)
            return out, ()  # redelivered: nothing changes
        changes: list[str] = []
        if out["events"] == 0:
            changes.append("opened")
        if ev.source not in out["sources"]:
            if out["sources"]:
                changes.append("new_source")
            out["sources"].append(ev.source)
        reasons = list(ev.reasons)
        for b in bursts:
            own_burst = out["kind"] == "burst" and b.key == out.get("burst_key")
            if own_burst and b.detected_at < out["detected_at"]:
                out["detected_at"] = b.detected_at  # late reports showed the rule held earlier
            reasons.append("burst")
            if b.outage:
                reasons.append("service_outage")
        for r in reasons:
            if r not in out["reasons"]:
                out["reasons"].append(r)
                if r in ("burst", "service_outage") and out["events"] > 0:
                    changes.append(r)
        if _rank(ev.level) > _rank(out["level"]):
            if out["events"] > 0:
                changes.append("level_rise")
            out["level"] = ev.level
        for name, value in (
            ("customers", ev.customer_key),
            ("conversations", ev.conversation_id),
            ("products", ev.product),
            ("categories", ev.category),
        ):
            if value and value not in out[name] and len(out[name]) < 200:
                out[name].append(value)
        terms: dict[str, int] = out["terms"]
        for term in ev.terms:
            if term in terms or len(terms) < 120:
                terms[term] = terms.get(term, 0) + 1
        if out["events"] > 0 and "linked" not in changes:
            changes.append("linked")
        out["events"] += 1
        out["event_ids"] = (out["event_ids"] + [ev.uid])[-500:]
        out["last_at"] = max(out["last_at"], ev.t)
        out["opened_at"] = min(out["opened_at"], ev.t)
        out["timeline"] = (
            out["timeline"] + [[ev.t, ev.source, ev.event_id, ev.level, ",".join(ev.reasons)]]
        )[-50:]
        return out, tuple(changes)

    def expire(self, now: float) -> int:
        """Forget incidents whose last event is older than ``keep_s``; how many were dropped."""
        self._load()
        before = len(self.store)
        self._expire(now, force=True)
        return before - len(self.store)

    def _expire(self, now: float, force: bool = False) -> None:
        if not force and len(self._by_conv) < self.config.max_open and len(self.store) < self.config.max_open:
            return
        for key, inc in list(self.store.items()):
            if isinstance(inc, dict) and now - inc.get("last_at", now) > self.config.keep_s:
                del self.store[key]
        self._by_conv.clear()
        self._by_customer.clear()
        self._by_term.clear()
        self._by_burst.clear()
        self._loaded = False
        self._load()


# --- repeat contacts --------------------------------------------------------------------


class ContactLedger:
    """Each customer's contacts per category; state ``customer_key|category -> [[t, contact], ...]``.

    A contact is a conversation (a call's partial transcripts are one contact), else an event.
    """

    def __init__(self, rules: ContactRules, store: MutableMapping[str, Any] | None = None) -> None:
        self.rules = rules
        self.store: MutableMapping[str, Any] = {} if store is None else store

    def record(self, customer_key: str, category: str, contact: str, t: float) -> int:
        """Record a contact; returns how many *earlier* contacts on this issue the customer had."""
        if not customer_key:
            return 0
        key = f"{customer_key}|{category}"
        rows = [r for r in (self.store.get(key) or []) if t - r[0] <= self.rules.horizon_s]
        earlier = {c for ts, c in rows if c != contact and ts <= t}
        if not any(c == contact for _, c in rows):
            rows = ([*rows, [t, contact]])[-self.rules.max_kept :]
            self.store[key] = rows
        return len(earlier)

    def expire(self, now: float) -> int:
        """Forget customers whose last contact is older than the horizon; how many were dropped."""
        stale = [
            k
            for k, rows in list(self.store.items())
            if not rows or now - max(float(r[0]) for r in rows) > self.rules.horizon_s
        ]
        for k in stale:
            del self.store[k]
        return len(stale)


# --- routing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What the notifier does with one alert: ``open`` a message, ``update`` it, or ``skip``."""

    action: Literal["open", "update", "skip"]
    tier: int
    channels: tuple[str, ...] = ()
    why: str = ""


@dataclass
class Router:
    """Applies :class:`RoutingRules` to an incident snapshot and the notifier's memory of it.

    ``memory`` (per incident, JSON) holds ``opened`` (a 2nd-line message exists), ``rank`` (highest
    level notified), ``last_update_t`` (event time of the last message) and ``updates``.
    ``ack`` is the latest human action on the incident (``acknowledged``, ``resolved``,
    ``reopened`` or None) and ``ack_rank`` the level notified when it was taken.
    """

    rules: RoutingRules
    channels_available: tuple[str, ...] = field(default=("slack", "email"))

    def tier(self, incident: dict[str, Any]) -> int:
        level = _rank(incident.get("level", "low"))
        reasons = set(incident.get("reasons") or ())
        for rule in self.rules.escalate:
            if (
                level >= _rank(rule.min_level)
                and (not rule.reasons_any or reasons & set(rule.reasons_any))
                and len(incident.get("sources") or ()) >= rule.min_sources
                and int(incident.get("events") or 0) >= rule.min_events
            ):
                return 2
        return 1

    def decide(
        self,
        incident: dict[str, Any],
        changes: Sequence[str],
        t: float,
        memory: dict[str, Any] | None,
        ack: str | None = None,
    ) -> Decision:
        tier = self.tier(incident)
        wanted = self.rules.tiers.get("second_line" if tier == 2 else "first_line", ())
        channels = tuple(c for c in wanted if c in self.channels_available)
        if not channels:
            return Decision("skip", tier, why="tier has no message channel")
        rank = _rank(incident.get("level", "low"))
        if not memory or not memory.get("opened"):
            return Decision("open", tier, channels, "first message")
        rose = rank > int(memory.get("rank", -1))
        if ack in SETTLED_ACTIONS:
            if rose and self.rules.ack.renotify_on_level_rise and rank > int(memory.get("ack_rank", -1)):
                return Decision("update", tier, channels, "level rose after acknowledgement")
            return Decision("skip", tier, why=f"incident {ack}")
        if rose:
            return Decision("update", tier, channels, "level_rise")
        triggers = [c for c in changes if c in self.rules.updates.triggers]
        if not triggers:
            return Decision("skip", tier, why="nothing worth an update")
        if int(memory.get("updates", 0)) >= self.rules.updates.max_updates:
            return Decision("skip", tier, why="update limit")
        urgent = [c for c in triggers if c in self.rules.updates.immediate]
        if not urgent and t - float(memory.get("last_update_t", -math.inf)) < self.rules.updates.cooldown_s:
            return Decision("skip", tier, why="cooldown")
        return Decision("update", tier, channels, ",".join(triggers))


# --- queries ----------------------------------------------------------------------------


def repeat_contacts_sql(db: str, days: int = 30, min_contacts: int = 3, limit: int = 100) -> str:
    """Heavy contacters: customers with ``min_contacts`` or more contacts on one category."""
    return f"""
SELECT customer_key, category,
       uniqExact(if(conversation_id = '', event_id, conversation_id)) AS contacts,
       groupUniqArray(source) AS sources,
       min(occurred_at) AS first_at, max(occurred_at) AS last_at,
       max(risk) AS max_risk
FROM {db}.voc_events FINAL
WHERE customer_key != '' AND occurred_at >= now() - INTERVAL {int(days)} DAY
  AND category NOT IN ('praise', 'other')
GROUP BY customer_key, category
HAVING contacts >= {int(min_contacts)}
ORDER BY contacts DESC, last_at DESC
LIMIT {int(limit)}"""


def repeated_questions_sql(db: str, days: int = 30, limit: int = 50) -> str:
    """The most repeated questions: customer text normalised (digits, masks, punctuation gone).

    Candidates for FAQ and self-service: many customers asking the same thing.
    """
    norm = (
        "substring(trim(replaceRegexpAll(replaceRegexpAll(lower(redacted_text), "
        "'\\\\[[^\\\\]]*\\\\]|[0-9*]+|[^\\\\p{L} ]', ' '), ' +', ' ')), 1, 80)"
    )
    return f"""
SELECT category, {norm} AS question,
       count() AS asked, uniqExact(customer_key) AS customers,
       any(redacted_text) AS example
FROM {db}.voc_events FINAL
WHERE occurred_at >= now() - INTERVAL {int(days)} DAY AND is_partial = 0
  AND category NOT IN ('praise', 'other') AND source != 'note'
GROUP BY category, question
HAVING asked >= 2 AND question != ''
ORDER BY asked DESC
LIMIT {int(limit)}"""


def _latest_actions_sql(db: str) -> str:
    """Per incident with a human action: the latest one (``last_action``), when and by whom."""
    return f"""
    SELECT incident_key, argMax(action, acted_at) AS last_action, max(acted_at) AS last_acted_at,
           argMax(actor, acted_at) AS last_actor
    FROM {db}.voc_incident_actions FINAL GROUP BY incident_key"""


def incident_status_sql(db: str) -> str:
    """Incidents with their effective status: the latest human action, else the stream's status."""
    return f"""
SELECT i.*, if(a.last_action = '' OR a.last_action = 'reopened', i.status, a.last_action)
           AS effective_status,
       a.last_acted_at AS action_at, a.last_actor AS action_by
FROM {db}.voc_incidents AS i FINAL
LEFT JOIN ({_latest_actions_sql(db)}
) AS a ON a.incident_key = i.incident_key
ORDER BY i.last_event_at DESC"""


def digest_sql(db: str, rules: DigestRules, extra: int = 0) -> str:
    """The 1st-line incidents changed since ``{since_ms:Int64}`` that still want attention.

    An incident is in the digest when it stayed with the 1st line (tier 1), is at ``min_level`` or
    above, changed since the bound parameter ``since_ms`` (Unix milliseconds), and its latest human
    action is neither an acknowledgement nor a resolution (a reopened incident is back in the
    digest). Newest first, at most ``max_items + extra`` rows (``extra`` leaves room for the rows
    :class:`DigestWindow` drops as already sent).
    """
    levels = ", ".join(f"'{lv}'" for lv in LEVELS[LEVELS.index(rules.min_level) :])
    settled = ", ".join(f"'{a}'" for a in SETTLED_ACTIONS)
    return f"""
SELECT i.* FROM {db}.voc_incidents AS i FINAL
WHERE i.tier = 1 AND i.risk_level IN ({levels})
  AND i.updated_at >= fromUnixTimestamp64Milli({{since_ms:Int64}})
  AND i.incident_key NOT IN (
      SELECT incident_key FROM ({_latest_actions_sql(db)}
      ) WHERE last_action IN ({settled})
  )
ORDER BY i.last_event_at DESC
LIMIT {int(rules.max_items) + max(0, int(extra))}"""


class DigestWindow:
    """What each digest covers: the incidents changed since the previous digest, none twice.

    The first digest of a process looks back ``every_s``. Each later one looks back to the previous
    one's time less ``grace_s``: an incident is stamped ``updated_at`` when the stream renders it
    and reaches the warehouse a moment later, so a window that started exactly at the previous
    digest would miss what was in flight then. The overlap repeats nothing: a row already sent in
    the previous digest (same key, same version) is dropped.
    """

    def __init__(self, rules: DigestRules, grace_s: float = 120.0) -> None:
        self.rules = rules
        self.grace_s = grace_s
        self.last_t: float | None = None
        self.sent: dict[str, int] = {}

    def since_ms(self, now: float) -> int:
        """The ``since_ms`` parameter of :func:`digest_sql` for a digest at ``now`` (Unix seconds)."""
        start = now - self.rules.every_s if self.last_t is None else self.last_t - self.grace_s
        return int(start * 1000)

    def select(self, rows: Sequence[dict[str, Any]], now: float) -> list[dict[str, Any]]:
        """The rows of the digest at ``now``: those not sent before, at most ``max_items``; records
        them as sent."""
        sent: dict[str, int] = {}
        fresh: list[dict[str, Any]] = []
        for r in rows:
            key, version = str(r["incident_key"]), int(r["version"])
            if self.sent.get(key) == version:
                sent[key] = version  # still in the overlap: keep remembering it
            elif len(fresh) < self.rules.max_items:
                fresh.append(r)
                sent[key] = version
        self.last_t = now
        self.sent = sent
        return fresh


def latest_action_sql(db: str) -> str:
    """The latest human action on one incident (parameter ``k``)."""
    return (
        f"SELECT argMax(action, acted_at) AS action FROM {db}.voc_incident_actions FINAL "
        "WHERE incident_key = {k:String}"
    )


# --- the stage --------------------------------------------------------------------------


@dataclass
class StageOutput:
    """One event after the incident stage: its (possibly re-keyed) row, alert and incident.

    ``state`` is the incident's state after the event; :attr:`incident` renders it as its
    ``voc_incidents`` row on demand (the stream renders it once per incident per batch: an
    incident's timeline grows with its events).
    """

    row: dict[str, Any]
    alert: dict[str, Any] | None = None
    state: dict[str, Any] | None = None

    @property
    def incident(self) -> dict[str, Any] | None:
        """The incident's ``voc_incidents`` row, or None when the event joined no incident."""
        return None if self.state is None else incident_row(self.state)


_ALERT_KEYS = (
    "event_id", "category", "category_confidence", "risk", "risk_level", "alert", "reasons",
    "redacted_text", "source", "occurred_at", "conversation_id", "incident_key", "product",
    "agent_team", "lang", "truncated", "lexicon_hash", "model_version",
)  # fmt: skip
_NOTIFY_CHANGES = frozenset({"opened", "new_source", "burst", "service_outage", "level_rise", "escalated"})


#: Light verbs and fillers that say nothing about a story (Kiwi lemmas).
_STOP_TERMS = frozenset(
    {
        "하다",
        "되다",
        "보다",
        "있다",
        "없다",
        "같다",
        "이다",
        "아니다",
        "않다",
        "주다",
        "드리다",
        "오다",
        "가다",
        "받다",
        "싶다",
        "알다",
        "말다",
        "말하다",
        "그렇다",
        "이렇다",
        "어떻다",
        "너무",
        "진짜",
        "정말",
        "그냥",
        "좀",
        "지금",
        "오늘",
        "이제",
        "계속",
        "다시",
        "안녕",
        "안녕하다",
        "감사",
        "감사하다",
        "고객",
        "고객님",
        "문의",
        "부탁",
        "부탁드리다",
        "확인",
        "제목",
        "번째",
    }
)


def content_terms(terms: Sequence[str]) -> list[str]:
    """The terms that can tell one story from another: no light verbs, fillers or ㅋㅋ/ㅠㅠ."""
    return [t for t in terms if t not in _STOP_TERMS and not all("\u3131" <= ch <= "\u318e" for ch in t)]


#: A hashed term: ``#`` and 12 base64url characters (72 bits of a keyed BLAKE2b).
_HASHED_TERM = re.compile(r"#[A-Za-z0-9_-]{12}")


class TermHasher:
    """Keyed hashes of content terms: what the incident stage keeps and compares instead of words.

    Terms are Kiwi lemmas of unmasked text, and a lemma can be a name (``박지훈`` is a proper noun
    to Kiwi). The stage's state goes to changelog topics and ``voc.link`` carries the terms, so
    both hold ``#`` + a truncated BLAKE2b of the term keyed with a secret (the pseudonym salt):
    equal terms stay equal, so similarity, story terms and burst keys work as on words, and
    without the key a term cannot be found again by hashing guesses.

    Parameters
    ----------
    secret
        The key material (``settings.pseudonym_salt``); changing it makes new hashes, so the
        terms of incidents open at the change no longer match new events.
    """

    #: Terms whose hashes are kept in memory (the vocabulary repeats: a hash is computed once).
    CACHE_SIZE: Final[int] = 200_000

    def __init__(self, secret: str) -> None:
        self._key = hashlib.blake2b(secret.encode("utf-8"), digest_size=32, person=b"vocradar-terms").digest()
        self._cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        """The hash of one term; a term that is a hash already is returned as it is."""
        if is_hashed_term(term):
            return term
        digest = hashlib.blake2b(term.encode("utf-8"), digest_size=9, key=self._key).digest()
        return "#" + base64.urlsafe_b64encode(digest).decode("ascii")

    def _content(self, term: str) -> str:
        """The hash of a content term, ``""`` for a term :func:`content_terms` drops (cached)."""
        h = self._cache.get(term)
        if h is None:
            h = self(term) if content_terms((term,)) else ""
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            self._cache[term] = h
        return h

    def terms(self, terms: Sequence[str]) -> list[str]:
        """The content terms (:func:`content_terms`) of an event, hashed, in order, without
        duplicates."""
        out = dict.fromkeys(map(self._content, terms))
        out.pop("", None)
        return list(out)


def is_hashed_term(term: str) -> bool:
    """True for a term as :class:`TermHasher` writes it."""
    return _HASHED_TERM.fullmatch(term) is not None


def event_uid(source: str, event_id: str) -> str:
    """The idempotency key of an event in the stage's state: ``source:event_id`` (the contract
    makes ``event_id`` unique per source only)."""
    return f"{source}:{event_id}"


def contact_uid(row: dict[str, Any]) -> str:
    """The contact an event belongs to, per source: its conversation, else the event itself."""
    return event_uid(row.get("source") or "", row.get("conversation_id") or row["event_id"])


EXPIRE_EVERY_S: Final[float] = 3600.0
"""How often (event time) the incident stage sweeps its keyed state for entries past their window."""


def event_time(row: dict[str, Any]) -> float:
    """Event time (epoch seconds) of a scored row (``occurred_at`` as ISO text or datetime)."""
    from datetime import datetime

    value = row["occurred_at"]
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def arrival_time(row: dict[str, Any]) -> float | None:
    """When the row's event reached the broker (epoch seconds), if the row says."""
    from datetime import UTC, datetime

    value = row.get("arrived_at")
    if not value:
        return None
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()


def alert_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The ``voc.alerts`` record of a scored row (contract output fields, masked)."""
    import json

    out = {k: row.get(k) for k in _ALERT_KEYS}
    out["alert"] = bool(row.get("alert"))
    try:
        out["evidence"] = json.loads(row.get("evidence") or "[]")
    except ValueError:
        out["evidence"] = []
    out["excerpt"] = (row.get("redacted_text") or "")[:600]
    return out


class IncidentStage:
    """Repeat contacts, bursts and links for batches of scored rows (the incident agent's work).

    Parameters
    ----------
    rules
        The routing file's rules.
    thresholds
        Risk from which the levels medium, high and critical start (for burst upgrades).
    contacts, bursts, incidents, seen
        State mappings (Faust tables in the stream, dicts in tests). ``seen`` remembers the
        contacts already counted for bursts, so an event redelivered after a crash or a
        rebalance is not counted twice.
    future_margin_s
        An event counts for bursts at its event time, but never later than its arrival plus
        this margin: one event dated in the future cannot move the burst clock ahead (and switch
        outage detection off until real time catches up).
    term_hasher
        Hashes the terms before they reach any state (:class:`TermHasher`): the stream's stage
        keeps no word of customer text in its changelogs. Without one (tests) terms are kept as
        they come.
    """

    def __init__(
        self,
        rules: RoutingRules,
        thresholds: tuple[float, float, float] = (0.35, 0.6, 0.85),
        contacts: MutableMapping[str, Any] | None = None,
        bursts: MutableMapping[str, Any] | None = None,
        incidents: MutableMapping[str, Any] | None = None,
        seen: MutableMapping[str, Any] | None = None,
        future_margin_s: float = 300.0,
        term_hasher: TermHasher | None = None,
    ) -> None:
        from vocradar.models.bursts import BurstDetector

        self.rules = rules
        self.future_margin_s = future_margin_s
        self.term_hasher = term_hasher
        self.thresholds = thresholds
        self.ledger = ContactLedger(rules.contacts, contacts)
        self.detector = BurstDetector(rules.bursts, bursts)
        self.linker = IncidentLinker(rules.linking, incidents)
        self.router = Router(rules)
        self.seen: MutableMapping[str, Any] = {} if seen is None else seen
        self._expired_at: float | None = None  # event time of the last sweep of keyed state

    def reset(self) -> None:
        """Forget in-memory indexes and caches; they are rebuilt from the stores on next use.

        Called when the stream's partition moved: the stores (tables) are recovered from their
        changelog, the indexes built from the old owner's view would be stale.
        """
        self.linker = IncidentLinker(self.linker.config, self.linker.store)

    def expire(self, now: float) -> dict[str, int]:
        """Drop keyed state older than its window at event time ``now`` (run every
        :data:`EXPIRE_EVERY_S` of event time by :meth:`link`): customers whose last contact is
        past the contacts horizon, incidents past ``linking.keep_s``, contacts no burst window
        still counts. Deleting from a changelogged table writes a tombstone, so the state stays
        bounded after restarts too. Returns how many entries each store dropped."""
        self._expired_at = now
        b = self.rules.bursts
        horizon = now - (b.history_s + 2 * b.window_s + 3600.0)
        seen = [k for k, v in list(self.seen.items()) if not isinstance(v, int | float) or v < horizon]
        for k in seen:
            del self.seen[k]
        dropped = {
            "contacts": self.ledger.expire(now),
            "incidents": self.linker.expire(now),
            "seen": len(seen),
        }
        if any(dropped.values()):
            log.info("expired keyed state: %s", dropped)
        return dropped

    def prior_contacts(self, row: dict[str, Any]) -> int:
        """Record the row's contact; earlier contacts of its customer on its category."""
        contact = contact_uid(row)
        customer, category = row.get("customer_key") or "", row.get("category") or ""
        return self.ledger.record(customer, category, contact, event_time(row))

    @staticmethod
    def needs_rescore(row: dict[str, Any], prior: int) -> bool:
        """True when the scorer would see a repeat contact it did not see (third contact or later)."""
        return (
            prior >= 2
            and "repeat_contact" not in (row.get("reasons") or ())
            and row.get("category") not in ("praise", "other")
        )

    def _first_of_contact(self, row: dict[str, Any], t: float) -> bool:
        contact = contact_uid(row)
        if contact in self.seen:
            return False
        self.seen[contact] = t  # forgotten by expire() once no window counts it any more
        return True

    def _upgrade(self, row: dict[str, Any], signals: Sequence[BurstSignal]) -> None:
        medium, high, critical = self.thresholds
        reasons = list(row.get("reasons") or ())
        level = row.get("risk_level") or "low"
        floor = "medium"
        for s in signals:
            if "burst" not in reasons:
                reasons.append("burst")
            if s.outage:
                if "service_outage" not in reasons:
                    reasons.append("service_outage")
                spreading = s.count >= 2 * self.rules.bursts.min_count
                floor = max(floor, "critical" if spreading else "high", key=_rank)
        if _rank(floor) > _rank(level):
            level = floor
            floor_risk = {"medium": medium, "high": high}.get(level, critical)
            row["risk"] = max(float(row.get("risk") or 0.0), floor_risk)
        row["risk_level"] = level
        row["reasons"] = reasons
        row["alert"] = int(_rank(level) >= _rank("high"))

    def link(self, row: dict[str, Any], terms: Sequence[str], region: str = "") -> StageOutput:
        """Count the row for bursts, link it, and say what goes on to the alerts and incidents."""
        t = event_time(row)
        arrived = arrival_time(row)
        if arrived is not None:
            t = min(t, arrived + self.future_margin_s)
        if self._expired_at is None or t - self._expired_at >= EXPIRE_EVERY_S:
            self.expire(t)
        product = row.get("product") or ""
        if self.term_hasher is not None:
            terms, product_term = self.term_hasher.terms(terms), self.term_hasher(product) if product else ""
        else:
            terms, product_term = content_terms(terms), product
        keys = topic_keys_for(row, terms, region, self.rules.bursts.max_terms, product_term)
        signals = self.detector.observe(t, keys, count_it=self._first_of_contact(row, t))
        if region and not any(s.kind == "region" for s in signals):
            # the product is failing elsewhere: this report's own region is not part of it
            signals = [s for s in signals if s.kind != "topic"]
        if signals:
            self._upgrade(row, signals)
        facts = EventFacts.from_row(row, t, terms)
        link = self.linker.link(facts, signals, [k for k, _ in keys])
        row["incident_key"] = link.incident_key
        if link.incident is None:
            return StageOutput(row, alert_from_row(row) if row.get("alert") else None)
        inc = link.incident
        changes = set(link.changes)
        tier = self.router.tier(inc)
        if tier > int(inc.get("tier", 1)):
            changes.add("escalated")
            inc = {**inc, "tier": tier, "escalated_at": t}
            self.linker.store[inc["key"]] = inc
        elif "tier" not in inc:
            inc = {**inc, "tier": tier, "escalated_at": t if tier == 2 else None}
            self.linker.store[inc["key"]] = inc
        alert = None
        if row.get("alert") or changes & _NOTIFY_CHANGES:
            alert = alert_from_row(row)
            alert["incident"] = incident_snapshot(inc)
            alert["changes"] = sorted(changes)
            alert["link"] = link.how
            alert["t"] = t
        return StageOutput(row, alert, inc)


def topic_keys_for(
    row: dict[str, Any], terms: Sequence[str], region: str, max_terms: int, product_term: str | None = None
) -> list[tuple[str, Any]]:
    """The row's burst topic keys (:func:`~vocradar.models.bursts.topic_keys`); ``product_term``
    is the product as it appears among ``terms`` (its hash when they are hashed)."""
    from vocradar.models.bursts import topic_keys

    category, product = row.get("category") or "", row.get("product") or ""
    return list(topic_keys(category, product, region, terms, max_terms, product_term))


def incident_snapshot(inc: dict[str, Any]) -> dict[str, Any]:
    """The compact view of an incident that rides with its alerts."""
    return {
        "key": inc["key"],
        "kind": inc["kind"],
        "level": inc["level"],
        "tier": int(inc.get("tier", 1)),
        "reasons": list(inc["reasons"]),
        "sources": list(inc["sources"]),
        "events": int(inc["events"]),
        "customers": len(inc["customers"]),
        "products": list(inc["products"]),
        "categories": list(inc["categories"]),
        "opened_at": inc["opened_at"],
        "first_event_id": inc["first_event_id"],
        "burst_key": inc.get("burst_key", ""),
    }


def incident_row(inc: dict[str, Any]) -> dict[str, Any]:
    """The ``voc_incidents`` row of an incident's current state (timestamps as ISO text)."""
    import json
    import time
    from datetime import UTC, datetime

    def iso(t: float | None) -> str | None:
        return None if t is None else datetime.fromtimestamp(t, UTC).isoformat()

    tier = int(inc.get("tier", 1))
    return {
        "incident_key": inc["key"],
        "kind": inc["kind"],
        "status": "escalated" if tier == 2 else "open",
        "tier": tier,
        "risk_level": inc["level"],
        "reasons": list(inc["reasons"]),
        "origin_source": inc["origin_source"],
        "sources": list(inc["sources"]),
        "categories": list(inc["categories"]),
        "products": list(inc["products"]),
        "burst_key": inc.get("burst_key", ""),
        "first_event_id": inc["first_event_id"],
        "event_count": int(inc["events"]),
        "customer_count": len(inc["customers"]),
        "opened_at": iso(inc["opened_at"]),
        "detected_at": iso(inc.get("detected_at", inc["opened_at"])),
        "last_event_at": iso(inc["last_at"]),
        "escalated_at": iso(inc.get("escalated_at")),
        "timeline": json.dumps(
            [
                {"t": iso(t), "source": src, "event_id": eid, "level": lvl, "reasons": rs}
                for t, src, eid, lvl, rs in inc["timeline"]
            ],
            ensure_ascii=False,
        ),
        "updated_at": datetime.now(UTC).isoformat(),
        "version": time.time_ns(),
    }


# --- lead-time report -------------------------------------------------------------------


def lead_time_report(
    scored: Sequence[dict[str, Any]], notifications: Sequence[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """When each incident's first alert fired against its social burst, for a replayed scenario.

    Parameters
    ----------
    scored
        The scenario's ``voc_events`` rows (``event_id``, ``occurred_at``, ``incident_key``,
        ``alert``, ``reasons``, ``source``).
    notifications
        ``voc_notifications`` rows of their incidents (``incident_key``, ``channel``, ``ok``).

    Returns
    -------
    dict
        Per alerting incident: its first alert (event, source, event time), the first public
        post linked to it (``social_at``) and the first event flagged ``burst`` or
        ``service_outage`` (``burst_at``), the lead times in minutes against both, the number of
        alerting events and the messages delivered per channel.
    """
    from datetime import UTC, datetime

    def ts(v: Any) -> float:
        if isinstance(v, datetime):
            return (v if v.tzinfo else v.replace(tzinfo=UTC)).timestamp()
        return datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp()

    incidents: dict[str, dict[str, Any]] = {}
    for r in sorted(scored, key=lambda r: ts(r["occurred_at"])):
        t = ts(r["occurred_at"])
        inc = incidents.setdefault(r["incident_key"], {"alerts": 0, "social_at": None, "burst_at": None})
        if r.get("alert"):
            inc["alerts"] += 1
            inc.setdefault("first_alert_event", r["event_id"])
            inc.setdefault("first_alert_at", t)
            inc.setdefault("source", r["source"])
        if r["source"] == "tweet" and inc["social_at"] is None:
            inc["social_at"] = t
        if {"burst", "service_outage"} & set(r.get("reasons") or ()) and inc["burst_at"] is None:
            inc["burst_at"] = t
    out: dict[str, dict[str, Any]] = {}
    for key, inc in incidents.items():
        if not inc["alerts"]:
            continue
        for name, ref in (("lead_vs_social_min", inc["social_at"]), ("lead_vs_burst_min", inc["burst_at"])):
            inc[name] = None if ref is None else round((ref - inc["first_alert_at"]) / 60, 1)
        by_channel: dict[str, int] = {}
        for n in notifications:
            if n["incident_key"] == key and n.get("ok"):
                by_channel[n["channel"]] = by_channel.get(n["channel"], 0) + 1
        inc["messages"] = by_channel
        out[key] = inc
    return out
