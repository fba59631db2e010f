"""Burst detection: which topics are spiking against their own baseline, in event time.

:class:`BurstDetector` owns the rule that sets the ``burst`` and ``service_outage`` reasons.
Every scored event is counted under a few *topic keys* (:func:`topic_keys`): its category
(network and device complaints together, as ``service``) and product, the same with its region
when the source names one (``meta.region``), and its category with each of a few key terms.
In the stream those terms are keyed hashes (:class:`vocradar.models.incidents.TermHasher`), so a
term key (``k|<category>|#<hash>``) holds no word of customer text: it is compared, never shown.
Counts live in event-time buckets (``bucket_s``, 10 s), so a replay compressed 60x, or
partitions arriving out of order, give the same answer as live traffic.

A key bursts when the count of the last ``window_s`` (60 s) is at least ``min_count``, at least
``min_ratio`` times what its baseline predicts, and improbable under a Poisson law with the
baseline's mean (``alpha``). The baseline is the key's own rate over the preceding
``history_s`` (30 min, excluding the window), with a small prior for keys never seen before.
Nothing fires before the stream has ``warmup_s`` of event time behind it: until then every key
would look new. A sliding-history baseline follows the daily rhythm (a slow rise over an hour
moves the baseline with it) while a local outage or a spreading story, tens of reports in a
minute on one topic, stands out within seconds of its onset.

State is a mapping of plain JSON values (``store``): a dict in tests, a changelogged Faust table
in the stream (``streams/incident_agent.py``), so it survives restarts and rebalances. Values
are replaced, never mutated in place, because a Faust table only logs assignments.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from scipy.special import pdtrc

__all__ = ["BurstConfig", "BurstDetector", "BurstSignal", "topic_keys"]

_CLOCK = "__clock__"
#: Categories whose bursts are failures of the service itself (an outage), not a story.
OUTAGE_CATEGORIES: frozenset[str] = frozenset({"network", "device"})
_QUIET_CATEGORIES = frozenset({"praise", "other", "inquiry"})
#: Topic group of the outage categories: a dead set-top box and a dead line are one failure.
SERVICE = "service"

KeyKind = Literal["topic", "region", "term"]


class BurstConfig(BaseModel):
    """Parameters of the burst rule (the ``bursts`` section of the routing file, validated:
    an unknown key is refused)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bucket_s: float = 10.0
    window_s: float = 60.0
    history_s: float = 1800.0
    warmup_s: float = 600.0
    min_count: int = 6
    min_ratio: float = 3.0
    alpha: float = 1e-6
    prior_per_min: float = 0.2
    prior_s: float = 300.0
    recent_s: float = 600.0
    episode_s: float = 900.0
    max_terms: int = 3


@dataclass(frozen=True)
class BurstSignal:
    """A key that is bursting at an event's time.

    ``new`` is True for the event at which the episode was detected (its onset signal);
    ``detected_at`` is the event time of that detection and ``first_at`` the earliest event time
    counted in the window that triggered it (the estimated onset).
    """

    key: str
    kind: KeyKind
    category: str
    count: int
    expected: float
    p_value: float
    detected_at: float
    first_at: float
    new: bool

    @property
    def outage(self) -> bool:
        """True when this burst is many customers reporting a failure of the service."""
        return self.kind in ("topic", "region") and self.category in (SERVICE, *OUTAGE_CATEGORIES)

    @property
    def incident_key(self) -> str:
        """The key of the incident this burst episode opens."""
        digest = hashlib.sha1(f"{self.key}|{int(self.detected_at)}".encode()).hexdigest()[:10]
        return f"burst-{digest}"


def topic_keys(
    category: str,
    product: str,
    region: str,
    terms: Sequence[str],
    max_terms: int = 3,
    product_term: str | None = None,
) -> list[tuple[str, KeyKind]]:
    """The topic keys an event is counted under.

    Praise, chatter and neutral questions are not counted: they are not stories or failures.
    The product among the terms (``product_term``: the product itself unless the terms are
    hashed, then its hash) gets no term key: it has its topic key.
    """
    skip = product if product_term is None else product_term
    if category in _QUIET_CATEGORIES:
        return []
    group = SERVICE if category in OUTAGE_CATEGORIES else category
    keys: list[tuple[str, KeyKind]] = [(f"t|{group}|{product}", "topic")]
    if region:
        keys.append((f"r|{group}|{product}|{region}", "region"))
    seen: set[str] = set()
    for term in terms:
        if len(seen) >= max_terms:
            break
        if term and term not in seen and term != skip:
            seen.add(term)
            keys.append((f"k|{category}|{term}", "term"))
    return keys


def _category_of(key: str) -> str:
    return key.split("|", 2)[1]


class BurstDetector:
    """Counts events per topic key in event-time buckets and reports bursting keys.

    Parameters
    ----------
    config
        The rule's parameters.
    store
        Where per-key state lives (``key -> JSON dict``); a dict by default.
    """

    def __init__(self, config: BurstConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = {} if store is None else store

    # -- clock ------------------------------------------------------------------------------
    def _clock(self, t: float) -> dict[str, float]:
        clock = self.store.get(_CLOCK)
        if clock is None:
            clock = {"first": t, "max": t}
        elif t < clock["first"] or t > clock["max"]:
            clock = {"first": min(clock["first"], t), "max": max(clock["max"], t)}
        else:
            return dict(clock)
        self.store[_CLOCK] = clock
        return dict(clock)

    def _bucket(self, t: float) -> int:
        return math.floor(t / self.config.bucket_s)

    # -- the rule ---------------------------------------------------------------------------
    def expected(self, buckets: dict[str, int], t: float, stream_first: float) -> float:
        """Baseline count of one window ending at ``t``."""
        c = self.config
        b_now = self._bucket(t)
        n_window = round(c.window_s / c.bucket_s)
        n_hist = round(c.history_s / c.bucket_s)
        lo, hi = b_now - n_window - n_hist + 1, b_now - n_window  # history buckets, inclusive
        hist = sum(v for k, v in buckets.items() if lo <= int(k) <= hi)
        span = max(0.0, min(c.history_s, t - c.window_s - stream_first))
        prior_events = c.prior_per_min / 60.0 * c.prior_s
        # The prior only steadies a young or quiet key; it never pulls the baseline below what
        # the key was seen doing, over its history or over the last `recent_s` (a daily rhythm
        # that rises slowly is its own baseline, not a burst).
        rate = (hist + prior_events) / (span + c.prior_s)
        if span >= c.window_s:
            rate = max(rate, hist / span)
        if span >= c.recent_s:
            n_recent = round(c.recent_s / c.bucket_s)
            recent = sum(v for k, v in buckets.items() if hi - n_recent < int(k) <= hi)
            rate = max(rate, recent / c.recent_s)
        return rate * c.window_s

    def window_count(self, buckets: dict[str, int], t: float) -> tuple[int, int]:
        """Events in the window ending at ``t`` and the first bucket holding one."""
        c = self.config
        b_now = self._bucket(t)
        n_window = round(c.window_s / c.bucket_s)
        lo = b_now - n_window + 1
        inside = [(int(k), v) for k, v in buckets.items() if lo <= int(k) <= b_now and v > 0]
        return sum(v for _, v in inside), min((k for k, _ in inside), default=b_now)

    def _hot(self, buckets: dict[str, int], t: float, stream_first: float) -> bool:
        c = self.config
        count, _ = self.window_count(buckets, t)
        if count < c.min_count:
            return False
        mu = self.expected(buckets, t, stream_first)
        return count >= c.min_ratio * mu and float(pdtrc(count - 1, mu)) < c.alpha

    def _first_hot(self, buckets: dict[str, int], t_eval: float, stream_first: float) -> float:
        """The earliest event time at which the rule holds: where the window first qualified.

        With events arriving out of order the rule is noticed on a late arrival; the detection
        time reported is the event time the counts first satisfied it (bucket resolution).
        """
        c = self.config
        # windows ending up to five windows back: out of order, the rule may have held earlier
        for b in range(self._bucket(t_eval - 5 * c.window_s), self._bucket(t_eval) + 1):
            te = min((b + 1) * self.config.bucket_s - 0.001, t_eval)
            if self._hot(buckets, te, stream_first):
                return te
        return t_eval

    def observe(
        self, t: float, keys: Iterable[tuple[str, KeyKind]], count_it: bool = True
    ) -> list[BurstSignal]:
        """Count one event at event time ``t`` under ``keys``; return the keys bursting now.

        ``count_it`` False evaluates without counting: the caller counts contacts, not events
        (the fifth partial transcript of one call is not a fifth customer).
        """
        c = self.config
        clock = self._clock(t)
        signals: list[BurstSignal] = []
        b_now = self._bucket(t)
        keep_from = self._bucket(clock["max"] - c.history_s - 2 * c.window_s)
        for key, kind in keys:
            state = self.store.get(key) or {"b": {}, "ep": None}
            buckets = {k: v for k, v in state["b"].items() if int(k) >= keep_from}
            if count_it:
                buckets[str(b_now)] = buckets.get(str(b_now), 0) + 1
            episode = state.get("ep")
            # The latest window holding this event that the stream has reached: an event arriving
            # late (another partition was behind) is judged with the events after it, so the
            # answer does not depend on arrival order.
            t_eval = max(t, min(clock["max"], t + c.window_s - c.bucket_s))
            count, first_bucket = self.window_count(buckets, t_eval)
            mu = self.expected(buckets, t_eval, clock["first"])
            warm = clock["max"] - clock["first"] >= c.warmup_s
            hot = warm and count >= c.min_count and count >= c.min_ratio * mu
            # Poisson tail P(X >= count) under the baseline, only where it can matter
            p = float(pdtrc(count - 1, mu)) if count >= c.min_count else 1.0
            hot = hot and p < c.alpha
            in_episode = episode is not None and abs(t_eval - episode["at"]) < c.episode_s
            if hot and not in_episode:
                at = self._first_hot(buckets, t_eval, clock["first"])
                episode = {"at": at, "first": first_bucket * c.bucket_s}
                signals.append(
                    BurstSignal(key, kind, _category_of(key), count, mu, p, at, episode["first"], True)
                )
            elif in_episode and episode is not None and count >= c.min_count:
                if count_it and t < episode["at"]:
                    # a late report of the episode's start: the rule may have held earlier
                    at = self._first_hot(buckets, episode["at"], clock["first"])
                    if at < episode["at"]:
                        episode = {**episode, "at": at}
                signals.append(
                    BurstSignal(
                        key, kind, _category_of(key), count, mu, p, episode["at"], episode["first"], False
                    )
                )
            if count_it or episode is not state.get("ep"):
                self.store[key] = {"b": buckets, "ep": episode}
        return signals
