"""Call transcripts from a speech-to-text engine: one JSONL file per call, read whole or live.

File format (one JSON object per line, UTF-8)::

    {"call_id": "C-20261123-0042", "started_at": "2026-11-23T10:02:11+09:00",
     "customer": {"id": "CUST-88121"}, "agent": {"id": "A-301", "team": "해지방어"},
     "product": "기가인터넷", "lang": "ko"}                      <- optional header, first line
    {"speaker": "agent", "text": "네, 고객님 무엇을 도와드릴까요?", "offset_s": 0.8}
    {"speaker": "고객", "text": "인터넷 해지하려고요.", "start": 3.2}
    {"end": true, "duration_s": 312.5}                          <- optional end marker

A turn's speaker label is mapped through :data:`SPEAKER_ALIASES` (case-insensitive); ``offset_s``
(or ``start``) is seconds from the start of the call. Turns with empty text are dropped.
Only the contract's ``customer`` (id, handle, followers, verified, segment) and ``agent``
(id, team) keys are copied from the header: an STT header often also carries the caller's
phone number, which must not travel.

:func:`read_call_jsonl` reads a finished file into one final ``call`` event.
:class:`CallDirectoryWatcher` follows a directory while the engine writes it and emits a
partial event (cumulative transcript) each time complete lines arrive, then one final event.

Event ids are deterministic, ``<conversation_id>#<n_turns>`` for partials and
``<conversation_id>#final`` for the final event, whichever of the two readers produced it: a
watcher restarted over the same files, or a batch re-read, emits the same ids and the stream's
idempotency drops the repeats. ``conversation_id`` is the header's ``call_id``, else the file
name without ``.jsonl``/``.done``. ``occurred_at`` is the call's start: the header's
``started_at`` (KST when it has no offset), else the file's modification time at first sight
minus the largest turn offset seen then.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from vocradar.connectors.base import DeliveryError, EventSink, iso_time, thread_key

__all__ = ["SPEAKER_ALIASES", "CallDirectoryWatcher", "read_call_jsonl"]

log = logging.getLogger(__name__)

SPEAKER_ALIASES: dict[str, str] = {
    # the contract's own labels
    "agent": "agent",
    "customer": "customer",
    "system": "system",
    # Korean labels used by call-centre STT and QA tools
    "상담원": "agent",
    "상담사": "agent",
    "직원": "agent",
    "고객": "customer",
    "시스템": "system",
    "ars": "system",
    "ivr": "system",
    # single letters (A = agent, C = customer) and English synonyms
    "a": "agent",
    "c": "customer",
    "operator": "agent",
    "caller": "customer",
    # diarisation output: the agent answers an inbound call, so the first speaker is the agent
    "spk0": "agent",
    "spk1": "customer",
    "speaker0": "agent",
    "speaker1": "customer",
}
"""Speaker labels an STT engine may write, mapped to the contract's agent|customer|system."""

_DONE_SUFFIX = ".done"
_LIVE_SUFFIX = ".jsonl"
_HEADER_KEYS = ("call_id", "started_at", "customer", "agent", "product", "lang", "source")
_CUSTOMER_KEYS = ("id", "handle", "followers", "verified", "segment")
_AGENT_KEYS = ("id", "team")


def _speaker(label: Any) -> str:
    if not isinstance(label, str) or label.strip().casefold() not in SPEAKER_ALIASES:
        raise ValueError(f"unknown speaker {label!r} (known: {', '.join(sorted(SPEAKER_ALIASES))})")
    return SPEAKER_ALIASES[label.strip().casefold()]


def _offset(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _pick(obj: Any, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if not isinstance(obj, dict):
        return None
    out: dict[str, Any] = {}
    for k in keys:
        v = obj.get(k)
        if v is None or v == "":
            continue
        # ids arrive as numbers from some systems; the contract wants strings
        out[k] = str(v) if k in ("id", "handle", "team", "segment") and isinstance(v, int) else v
    return out or None


def _stem(name: str) -> str:
    """Call identity of a file name: ``c-1.jsonl``, ``c-1.jsonl.done`` and ``c-1.done`` -> ``c-1``."""
    if name.endswith(_DONE_SUFFIX):
        name = name[: -len(_DONE_SUFFIX)]
    if name.endswith(_LIVE_SUFFIX):
        name = name[: -len(_LIVE_SUFFIX)]
    return name


@dataclass
class _Call:
    """What has been read of one call so far."""

    stem: str
    header: dict[str, Any] = field(default_factory=dict)
    turns: list[dict[str, Any]] = field(default_factory=list)
    ended: dict[str, Any] | None = None
    bad_lines: int = 0
    started_at: str | None = None

    def feed(self, line: bytes) -> None:
        """Take one complete line; raises ValueError when it is not a header, turn or end marker."""
        text = line.decode("utf-8").strip()
        if not text:
            return
        obj = json.loads(text)
        if not isinstance(obj, dict):
            raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
        if obj.get("end") is True:
            self.ended = obj
            return
        if "speaker" not in obj:
            if self.turns or self.header or not any(k in obj for k in _HEADER_KEYS):
                raise ValueError("line is neither a turn (no `speaker`) nor the header")
            self.header = obj
            if obj.get("started_at") is not None:
                self.started_at = iso_time(obj["started_at"])
            return
        speaker = _speaker(obj["speaker"])
        text_value = obj.get("text")
        if not isinstance(text_value, str):
            raise ValueError("turn has no `text` string")
        if not text_value.strip():
            return
        turn: dict[str, Any] = {"speaker": speaker, "text": text_value}
        off = _offset(obj.get("offset_s", obj.get("start")))
        if off is not None:
            turn["offset_s"] = off
        self.turns.append(turn)

    def feed_safely(self, line: bytes, where: str) -> None:
        try:
            self.feed(line)
        except (ValueError, UnicodeDecodeError) as e:
            self.bad_lines += 1
            log.warning("%s: skipped a line that is not a call record: %s", where, e)

    @property
    def conversation_id(self) -> str:
        cid = self.header.get("call_id")
        return str(cid) if isinstance(cid, str | int) and str(cid) else self.stem

    def fix_start(self, mtime: float) -> None:
        """Estimate the start of a call whose header gave none (see the module docstring)."""
        if self.started_at is not None:
            return
        last = max((t.get("offset_s", 0.0) for t in self.turns), default=0.0)
        start = datetime.fromtimestamp(mtime, UTC) - timedelta(seconds=max(0.0, last))
        self.started_at = start.isoformat()

    def event(self, final: bool, ended_by: str | None = None) -> dict[str, Any]:
        cid = self.conversation_id
        source = self.header.get("source")
        meta: dict[str, Any] = {"partial": not final, "final": final, "turn_count": len(self.turns)}
        if final and ended_by:
            meta["ended_by"] = ended_by
        if final and self.ended:
            for k in ("duration_s", "ended_at", "reason"):
                if self.ended.get(k) is not None:
                    meta[k] = self.ended[k]
        if self.bad_lines:
            meta["bad_lines"] = self.bad_lines
        event: dict[str, Any] = {
            "event_id": f"{cid}#final" if final else f"{cid}#{len(self.turns)}",
            "source": source if source in ("call", "chat") else "call",
            "occurred_at": self.started_at,
            "conversation_id": cid,
            "turns": [dict(t) for t in self.turns],
        }
        customer = _pick(self.header.get("customer"), _CUSTOMER_KEYS)
        agent = _pick(self.header.get("agent"), _AGENT_KEYS)
        if customer:
            event["customer"] = customer
        if agent:
            event["agent"] = agent
        for k in ("product", "lang"):
            if isinstance(self.header.get(k), str) and self.header[k]:
                event[k] = self.header[k]
        event["meta"] = meta
        return event


def read_call_jsonl(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read one finished call file into its final ``call`` event.

    The event is the same one :class:`CallDirectoryWatcher` emits when the call ends
    (``event_id`` ``<conversation_id>#final``, ``meta.final`` true), so reading a file in batch
    after the watcher saw it live does not count the call twice.

    Raises
    ------
    ValueError
        On a line that is not JSON, not a header/turn/end marker, or has an unknown speaker
        (the message names the file and line), and on a file without any turn.
    """
    p = Path(path)
    call = _Call(stem=_stem(p.name))
    with p.open("rb") as f:
        for lineno, line in enumerate(f, start=1):
            try:
                call.feed(line)
            except (ValueError, UnicodeDecodeError) as e:
                raise ValueError(f"{p}:{lineno}: {e}") from None
        mtime = os.fstat(f.fileno()).st_mtime
    if not call.turns:
        raise ValueError(f"{p}: no speaker turns")
    call.fix_start(mtime)
    return call.event(final=True, ended_by="end_marker" if call.ended else "file")


@dataclass
class _Tracked:
    call: _Call
    path: Path
    offset: int = 0  # bytes of complete lines consumed
    size: int = -1
    changed_at: float = 0.0  # clock() when the size last changed
    emitted_turns: int = 0
    final: bool = False


class CallDirectoryWatcher:
    """Follows a directory of live call transcripts and emits partial and final call events.

    The STT engine writes ``<call>.jsonl`` and appends one line per turn while the call goes on.
    Each poll reads what complete lines were added since the last one (a last line without its
    newline yet is left for the next poll) and, when they added turns, emits a partial event
    with the whole transcript so far. A call is final when its file gets the line
    ``{"end": true}``, is renamed to ``<call>.jsonl.done`` or ``<call>.done``, or has not changed
    for ``idle_final_s`` seconds; then one final event is emitted (alone: the turns that arrived
    with the end are in it, no partial repeats them). Data appended after that is ignored with
    a warning. Lines that cannot be read are skipped, logged and counted in ``meta.bad_lines``.

    Parameters
    ----------
    directory
        The directory the engine writes into; it may not exist yet.
    sink
        Receives the events, keyed by conversation id.
    poll_s
        Pause between two polls in :meth:`run`.
    idle_final_s
        A file unchanged this long is taken as finished (an engine that crashed or never
        writes the end marker). Generous by default because customers are put on hold.
    clock
        Monotonic clock in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        sink: EventSink,
        poll_s: float = 0.5,
        idle_final_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.directory = Path(directory)
        self.sink = sink
        self.poll_s = poll_s
        self.idle_final_s = idle_final_s
        self._clock = clock
        self._calls: dict[str, _Tracked] = {}

    def run(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set; one unreadable file never stops the loop."""
        log.info("watching %s for call transcripts", self.directory)
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("call watcher poll failed; retrying")
            stop.wait(self.poll_s)

    def poll_once(self) -> int:
        """Read every file once, emit what is due; returns the number of events emitted.

        The sink is flushed before returning when anything was emitted. When the broker did not
        take them (:class:`~vocradar.connectors.base.DeliveryError`), the calls that emitted are
        forgotten, so the next poll reads their files again from the start and emits the same
        events (same ids) again; the error is raised.
        """
        now = self._clock()
        try:
            entries = sorted(os.scandir(self.directory), key=lambda e: e.name)
        except FileNotFoundError:
            return 0
        seen: set[str] = set()
        emitted = 0
        emitting: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not (name.endswith(_LIVE_SUFFIX) or name.endswith(_DONE_SUFFIX)):
                continue
            if not entry.is_file():
                continue
            stem = _stem(name)
            seen.add(stem)
            try:
                n = self._poll_file(stem, Path(entry.path), name.endswith(_DONE_SUFFIX), now)
                emitted += n
                if n:
                    emitting.append(stem)
            except OSError as e:  # removed or renamed between listing and reading
                log.debug("call file %s went away while reading: %s", name, e)
        # Forget finished calls whose file is gone; keep those still on disk so they are not re-read.
        for stem in [s for s, t in self._calls.items() if t.final and s not in seen]:
            del self._calls[stem]
        if emitted:
            try:
                self.sink.flush()
            except DeliveryError:
                for stem in emitting:  # not delivered: read again from the start next time
                    self._calls.pop(stem, None)
                log.warning(
                    "%d call event(s) not acknowledged by the broker; re-reading their files", emitted
                )
                raise
        return emitted

    def _poll_file(self, stem: str, path: Path, done: bool, now: float) -> int:
        tracked = self._calls.get(stem)
        if tracked is None:
            tracked = self._calls[stem] = _Tracked(call=_Call(stem=stem), path=path, changed_at=now)
        if tracked.path != path:
            tracked.path = path  # renamed to .done: same content, same offsets
        st = path.stat()
        if tracked.final:
            if st.st_size > tracked.offset:
                log.warning(
                    "call %s: %d bytes appended after its final event; ignored",
                    stem,
                    st.st_size - tracked.offset,
                )
                tracked.offset = st.st_size
            return 0
        if st.st_size != tracked.size:
            tracked.size = st.st_size
            tracked.changed_at = now
        if st.st_size < tracked.offset:
            log.warning(
                "call %s: file shrank from %d to %d bytes; ignoring the rewrite",
                stem,
                tracked.offset,
                st.st_size,
            )
            tracked.offset = st.st_size
        call = tracked.call
        idle = now - tracked.changed_at >= self.idle_final_s
        if st.st_size > tracked.offset:
            with path.open("rb") as f:
                f.seek(tracked.offset)
                chunk = f.read(st.st_size - tracked.offset)
            complete, newline, rest = chunk.rpartition(b"\n")
            if newline:
                for line in complete.split(b"\n"):
                    call.feed_safely(line, path.name)
                tracked.offset += len(complete) + 1
            # A file that is finished has no more newline coming: its last line is whole.
            if rest and (done or idle):
                call.feed_safely(rest, path.name)
                tracked.offset += len(rest)
            call.fix_start(st.st_mtime)
        ended_by = None
        if call.ended is not None:
            ended_by = "end_marker"
        elif done:
            ended_by = "done_rename"
        elif idle and call.turns:
            ended_by = "idle"
        if ended_by is not None:
            tracked.final = True
            if not call.turns:
                log.warning("call %s ended without any turn; nothing to emit", stem)
                return 0
            self._emit(call.event(final=True, ended_by=ended_by))
            return 1
        if len(call.turns) > tracked.emitted_turns:
            tracked.emitted_turns = len(call.turns)
            self._emit(call.event(final=False))
            return 1
        return 0

    def _emit(self, event: dict[str, Any]) -> None:
        self.sink.emit(event, key=thread_key(event))
