"""Replay of recorded traffic: a JSONL file fed into the running pipeline.

Lines go to ``voc.raw`` byte for byte (bad lines included, so they become dead letters with
their reason). With ``speed`` the gaps between events' ``occurred_at`` are kept, divided by
``speed`` (1 = real time, 60 = a minute per second); without it events go as fast as the
broker takes them.

Either way the stream's windows (bursts, cooldowns, incident horizons) run on each event's
``occurred_at``, not on arrival: a scenario replayed at full speed is judged as if it had
happened live. ``speed`` matters where wall time does: which alert is *delivered* before which
event arrives (the lead-time scenarios under ``examples/scenarios``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from vocradar.connectors.base import thread_key

__all__ = ["iter_lines", "replay"]


def iter_lines(path: Path) -> Iterator[bytes]:
    """Non-empty lines of a file, as bytes, without their newline."""
    with Path(path).open("rb") as fh:
        for line in fh:
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield line


def _peek(line: bytes) -> tuple[str | None, float | None]:
    try:
        obj: Any = json.loads(line)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(obj, dict):
        return None, None
    ts: float | None = None
    if isinstance(obj.get("occurred_at"), str):
        try:
            ts = datetime.fromisoformat(obj["occurred_at"].replace("Z", "+00:00")).timestamp()
        except ValueError:
            ts = None
    return thread_key(obj), ts


def replay(
    path: Path,
    sink: Any,
    speed: float | None = None,
    progress: Callable[[int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send every line of ``path`` to ``sink``; returns the number of lines sent."""
    sent = 0
    first_ts: float | None = None
    started = time.monotonic()
    for line in iter_lines(path):
        key, ts = _peek(line)
        if speed and ts is not None:
            if first_ts is None:
                first_ts = ts
            due = started + max(ts - first_ts, 0.0) / speed
            wait = due - time.monotonic()
            if wait > 0:
                sleep(wait)
        sink.emit_raw(line, key)
        sent += 1
        if progress is not None:
            progress(1)
    sink.flush()
    return sent
