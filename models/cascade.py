"""The category cascade: a fast classifier for every event, the e5 classifier for the uncertain ones.

The fast classifier reads the distilled static encoder (``e5-static``); the slow one reads
multilingual-e5 itself (:class:`~vocradar.models.embedder.E5Embedder`), which generalises better
to wording unlike the training texts but encodes only about 30 short texts a second per core.
:class:`CascadeClassifier` sends to the slow classifier the events whose fast confidence is below
``threshold``, least confident first, within a budget of e5 encodes per second (a token bucket):
under load the cascade does less and the stream keeps its pace; at a normal rate every uncertain
event gets the better answer. Offline scoring (``vocradar score``/``eval``) has no budget.

A cascaded prediction averages the two models' calibrated probabilities (``blend``) and keeps
the category with the highest average.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from vocradar.models.types import CategoryPrediction, EventAnalysis

__all__ = ["CascadeClassifier", "TokenBucket"]

log = logging.getLogger(__name__)


class TokenBucket:
    """At most ``rate`` tokens a second on average, ``burst`` at once; None: no limit.

    Parameters
    ----------
    rate
        Tokens added per second.
    burst
        Most tokens held (default: one second's worth).
    clock
        Monotonic clock (seconds); tests give their own.
    """

    def __init__(
        self, rate: float | None, burst: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else (rate or 0.0)
        self._clock = clock
        self._tokens = self.burst
        self._at = clock()
        self._lock = threading.Lock()

    def take(self, wanted: int) -> int:
        """Take up to ``wanted`` tokens; returns how many were granted."""
        if self.rate is None:
            return wanted
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            granted = min(wanted, int(self._tokens))
            self._tokens -= granted
            return granted


class CascadeClassifier:
    """Fast predictions for all, the slow model's opinion blended in for the uncertain ones.

    Parameters
    ----------
    fast, slow
        Classifiers with ``predict`` (the slow one also ``predict_proba`` and ``classes_``).
    threshold
        Fast confidence below which an event is uncertain (1.0: every event).
    max_per_s
        e5 encodes a second (None: no limit; offline scoring).
    blend
        Weight of the slow model's probabilities in a cascaded event.
    """

    def __init__(
        self,
        fast: Any,
        slow: Any,
        *,
        threshold: float = 0.6,
        max_per_s: float | None = None,
        blend: float = 0.5,
    ) -> None:
        self.fast = fast
        self.slow = slow
        self.threshold = threshold
        self.blend = blend
        self.bucket = TokenBucket(max_per_s)
        self.version = f"{fast.version}+cascade({slow.version})"
        self.cascaded = 0
        self.skipped = 0

    def predict(self, analyses: Sequence[EventAnalysis]) -> list[CategoryPrediction]:
        predictions = list(self.fast.predict(analyses))
        uncertain = sorted(
            (i for i, p in enumerate(predictions) if p.confidence < self.threshold or self.threshold >= 1.0),
            key=lambda i: predictions[i].confidence,
        )
        if not uncertain:
            return predictions
        granted = self.bucket.take(len(uncertain))
        self.skipped += len(uncertain) - granted
        chosen = sorted(uncertain[:granted])
        if not chosen:
            return predictions
        try:
            proba = self.slow.predict_proba([analyses[i] for i in chosen])
        except Exception as exc:  # the message of a model error can quote its input: the type only
            log.error(
                "the e5 classifier failed (%s): fast predictions kept for %d events",
                type(exc).__name__,
                len(chosen),
            )
            return predictions
        self.cascaded += len(chosen)
        classes = [str(c) for c in self.slow.classes_]
        for i, row in zip(chosen, proba, strict=True):
            fast = predictions[i].scores
            mixed = {
                c: (1 - self.blend) * fast.get(c, 0.0) + self.blend * float(p)
                for c, p in zip(classes, row, strict=True)
            }
            best = max(mixed, key=lambda c: mixed[c])
            predictions[i] = CategoryPrediction(best, round(mixed[best], 4), mixed)
        return predictions
