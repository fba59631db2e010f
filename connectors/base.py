"""What every source connector shares: the sink it emits into, the partition key, time parsing.

A source connector (``calls``, ``tickets``, ``tweets``, ``notes``) turns one source's native
format into contract events (``shared/voc-contract.md`` section 1) as plain dicts and hands them
to an :class:`EventSink`. The sink decides where they go: a Kafka topic (``voc.raw``), a list in
memory (:class:`ListSink`, for tests and ``vocradar score``), a file.

Connectors do not validate against the contract themselves; the stream parses every message
with :func:`vocradar.models.events.parse_event` and dead-letters what breaks it. Input a
connector cannot even read as JSON goes through :meth:`EventSink.emit_raw` so that it is
dead-lettered and counted there too, rather than dropped here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Protocol, runtime_checkable

__all__ = ["KST", "DeliveryError", "EventSink", "ListSink", "iso_time", "thread_key"]

KST = timezone(timedelta(hours=9), "KST")
"""Korea Standard Time; the documented assumption for timestamps exported without an offset."""


class DeliveryError(RuntimeError):
    """The broker did not take some records: refused (too large, an error) or no answer in time.

    ``too_large`` is True when a record exceeded the message size limit: sending it again would
    fail the same way (HTTP 413 to an ingest caller); anything else may pass later (503).
    """

    def __init__(self, causes: Sequence[BaseException], limit_bytes: int | None = None) -> None:
        self.causes = list(causes)
        self.too_large = any(_is_too_large(c) for c in self.causes)
        first = self.causes[0] if self.causes else None
        what = f"{len(self.causes)} record(s) not acknowledged by the broker"
        if self.too_large and limit_bytes:
            what += f" (a record exceeds the {limit_bytes:,}-byte message limit)"
        super().__init__(f"{what}: {type(first).__name__}: {first}" if first else what)


def _is_too_large(exc: BaseException) -> bool:
    name = type(exc).__name__
    return name in ("MessageSizeTooLargeError", "RecordTooLargeError") or "too large" in str(exc).lower()


@runtime_checkable
class EventSink(Protocol):
    """Where a connector puts what it read.

    Each connector calls its sink from one thread at a time, but a sink shared by connectors
    running in threads of their own (the watcher, the tweet follower, the ingest app's sink
    thread) is called concurrently and must be thread-safe, as ``ListSink`` and a
    kafka-python ``KafkaProducer`` are.
    """

    def emit(self, event: dict[str, Any], key: str | None = None) -> None:
        """Send one contract event.

        Parameters
        ----------
        event
            The event as a JSON-serialisable dict.
        key
            Partition key that keeps one contact ordered (see :func:`thread_key`); ``None`` lets
            the sink derive it from the event.
        """
        ...

    def emit_raw(self, value: bytes, key: str | None = None) -> None:
        """Send bytes that could not be read as an event, so the stream dead-letters them."""
        ...

    def flush(self) -> None:
        """Block until everything emitted so far is delivered; raise :class:`DeliveryError` when
        something the calling thread emitted was not taken (its caller must not move on)."""
        ...


class ListSink:
    """A sink that keeps everything in memory, in arrival order (tests, ``vocradar score``).

    Attributes
    ----------
    events
        The emitted events, as given.
    keys
        The partition key of each event (given, else :func:`thread_key`), parallel to ``events``.
    raw
        The bytes passed to :meth:`emit_raw`.
    raw_keys
        Their keys, parallel to ``raw``.
    flushes
        How many times :meth:`flush` was called.
    """

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.keys: list[str | None] = []
        self.raw: list[bytes] = []
        self.raw_keys: list[str | None] = []
        self.flushes = 0
        # The ingest app and the call watcher may emit from another thread than the reader's.
        self._lock = threading.Lock()

    def emit(self, event: dict[str, Any], key: str | None = None) -> None:
        """Append ``event`` (and its key) to :attr:`events`."""
        with self._lock:
            self.events.append(event)
            self.keys.append(key if key is not None else thread_key(event))

    def emit_raw(self, value: bytes, key: str | None = None) -> None:
        """Append ``value`` to :attr:`raw`."""
        with self._lock:
            self.raw.append(bytes(value))
            self.raw_keys.append(key)

    def flush(self) -> None:
        """Nothing to deliver; counts the call."""
        with self._lock:
            self.flushes += 1

    def clear(self) -> None:
        """Forget everything collected so far."""
        with self._lock:
            self.events.clear()
            self.keys.clear()
            self.raw.clear()
            self.raw_keys.clear()
            self.flushes = 0

    def __len__(self) -> int:
        return len(self.events) + len(self.raw)


def _as_key(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int):
        s = str(value)
        return s or None
    return None


def thread_key(event: dict[str, Any]) -> str | None:
    """Partition key of an event: conversation, else customer, else the event itself.

    Mirrors :attr:`vocradar.models.events.VocEvent.thread_key` but works on a dict that has not
    been validated (it may be bad input on its way to the dead-letter topic): the conversation
    id, else ``cust:<customer id or handle>``, else the event id, else ``None``.
    """
    conv = _as_key(event.get("conversation_id"))
    if conv:
        return conv
    customer = event.get("customer")
    if isinstance(customer, dict):
        who = _as_key(customer.get("id")) or _as_key(customer.get("handle"))
        if who:
            return f"cust:{who}"
    return _as_key(event.get("event_id"))


# Korean spreadsheet exports write 12-hour times as "2026-11-23 오후 3:05:00".
_KO_AMPM = re.compile(r"^(?P<d>\S+)\s+(?P<ampm>오전|오후)\s+(?P<h>\d{1,2}):(?P<rest>\d{2}(?::\d{2})?)$")
_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # Twitter v1.1: "Wed Oct 10 20:19:24 +0000 2018"
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y%m%d%H%M%S",
    "%B %d, %Y %H:%M",  # Zendesk placeholder {{ticket.created_at}}: "November 23, 2026 10:15"
    "%B %d, %Y",
)


def _parse_string_time(s: str) -> datetime:
    s = s.strip()
    # "2026. 11. 23. 14:05" (Korean locale date) -> "2026.11.23 14:05"
    s = re.sub(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?(?=\s|$)", r"\1.\2.\3", s)
    m = _KO_AMPM.match(s)
    if m:
        hour = int(m["h"]) % 12 + (12 if m["ampm"] == "오후" else 0)
        s = f"{m['d']} {hour:02d}:{m['rest']}"
    if re.fullmatch(r"\d{9,13}(\.\d+)?", s):
        return _from_epoch(float(s))
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    raise ValueError(f"unrecognised timestamp {s!r}")


def _from_epoch(x: float) -> datetime:
    # Milliseconds since the epoch are at least 1e11 for any date after 1973.
    return datetime.fromtimestamp(x / 1000 if x >= 1e11 else x, UTC)


def iso_time(value: Any, naive_tz: tzinfo = KST) -> str:
    """ISO-8601 timestamp with an offset, from whatever a source system wrote.

    Accepts a ``datetime`` or ``date``, epoch seconds or milliseconds (number or digit string),
    ISO-8601 (``Z`` or an offset or none), Twitter's classic ``Wed Oct 10 20:19:24 +0000 2018``,
    ``2026.11.23 10:15``, ``2026/11/23 10:15:30``, ``2026-11-23 오후 3:05:00`` and Zendesk's
    ``November 23, 2026 10:15``. A time without an offset is taken to be in ``naive_tz``
    (KST unless told otherwise). The offset given is kept, not converted.

    Raises
    ------
    ValueError
        When the value is empty or not a timestamp in any of these forms.
    """
    dt: datetime
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        dt = _from_epoch(float(value))
    elif isinstance(value, str) and value.strip():
        dt = _parse_string_time(value)
    else:
        raise ValueError(f"no timestamp: {value!r}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=naive_tz)
    return dt.isoformat()
