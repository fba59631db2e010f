"""Agents' CRM notes (상담 메모) from an export file, as ``note`` events.

An export is CSV (comma or tab separated), JSONL or one JSON array, in UTF-8, UTF-8 with a BOM
(Excel's "CSV UTF-8") or CP949 (Excel's default "CSV" on Korean Windows); the encoding is
detected. Column names, English or Korean, are mapped through :data:`COLUMN_ALIASES` (case,
spaces, ``_`` and ``-`` do not matter)::

    note_id,created_at,customer_id,agent_id,team,product,channel,text
    메모ID,작성일시,고객ID,상담원ID,팀,상품,채널,내용

Columns not in the table are not read at all: exports carry 고객명, 연락처 and the like, which
must not travel. ``note_id``, ``created_at`` and ``text`` columns are required.

Each row becomes ``{"event_id": "note-<note_id>", "source": "note", "occurred_at", "text",
"customer": {"id"}, "agent": {"id", "team"}, "product", "meta": {"channel"}}``, with
``conversation_id`` when the export links the note to a call (``call_id``/``통화ID``...).
Timestamps without an offset are Korean time (+09:00): CRM exports write local wall-clock time
and the contact centres are in Korea (``2026-11-23 14:05``, ``2026.11.23 14:05``,
``2026-11-23 오후 2:05:00`` are all read). A row that cannot be fully mapped (no id, empty text, a
date in no known form) is still yielded with what it has (the unreadable date kept as written),
so the stream dead-letters it with the reason instead of the import dropping it silently.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
from collections.abc import Iterator, Mapping
from datetime import tzinfo
from pathlib import Path
from typing import Any

from vocradar.connectors.base import KST, EventSink, iso_time, thread_key

__all__ = ["COLUMN_ALIASES", "detect_encoding", "note_to_event", "read_notes", "send_notes"]

log = logging.getLogger(__name__)

COLUMN_ALIASES: dict[str, str] = {
    # note id
    "noteid": "note_id",
    "id": "note_id",
    "메모id": "note_id",
    "메모번호": "note_id",
    # time the note was written
    "createdat": "created_at",
    "작성일시": "created_at",
    "작성일자": "created_at",
    "작성시간": "created_at",
    "등록일시": "created_at",
    # customer, agent, team
    "customerid": "customer_id",
    "고객id": "customer_id",
    "고객번호": "customer_id",
    "agentid": "agent_id",
    "상담원id": "agent_id",
    "상담사id": "agent_id",
    "team": "team",
    "팀": "team",
    "상담팀": "team",
    "소속팀": "team",
    # product and channel
    "product": "product",
    "상품": "product",
    "상품명": "product",
    "channel": "channel",
    "채널": "channel",
    "접수채널": "channel",
    # the note itself
    "text": "text",
    "내용": "text",
    "메모": "text",
    "메모내용": "text",
    "상담내용": "text",
    # the contact the note is about
    "conversationid": "conversation_id",
    "callid": "conversation_id",
    "통화id": "conversation_id",
    "상담id": "conversation_id",
}
"""Normalised column name (casefolded, without spaces, ``_``, ``-``) -> note field."""

_REQUIRED = ("note_id", "created_at", "text")
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def _norm_column(name: str) -> str:
    return "".join(ch for ch in name.lstrip("\ufeff").casefold() if not ch.isspace() and ch not in "_-")


def _field(name: Any) -> str | None:
    return COLUMN_ALIASES.get(_norm_column(name)) if isinstance(name, str) else None


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """``utf-8-sig`` when the file starts with a BOM, ``utf-8`` when all of it decodes, else ``cp949``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with Path(path).open("rb") as f:
        first = f.read(3)
        if first == codecs.BOM_UTF8:
            return "utf-8-sig"
        chunk = first
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = f.read(1 << 16)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp949"
    return "utf-8"


def _value(v: Any) -> str | None:
    if v is None or isinstance(v, bool):
        return None
    s = str(v).strip() if isinstance(v, str | int | float) else None
    return s or None


def note_to_event(record: Mapping[str, Any], naive_tz: tzinfo = KST) -> dict[str, Any]:
    """Map one note (a CSV row or JSONL object, keys as in :data:`COLUMN_ALIASES`) to a ``note`` event.

    Never raises on content: what cannot be mapped is left out or kept as written, for the
    stream's validator to reject with the reason (see the module docstring).
    """
    fields: dict[str, Any] = {}
    for name, value in record.items():
        f = _field(name)
        if f is not None and f not in fields:
            fields[f] = value
    event: dict[str, Any] = {"source": "note"}
    note_id = _value(fields.get("note_id"))
    if note_id:
        event["event_id"] = f"note-{note_id}"
    created = fields.get("created_at")
    if _value(created) is not None:
        try:
            event["occurred_at"] = iso_time(created, naive_tz=naive_tz)
        except ValueError:
            event["occurred_at"] = created
    text = fields.get("text")
    event["text"] = text.strip() if isinstance(text, str) else text
    conv = _value(fields.get("conversation_id"))
    if conv:
        event["conversation_id"] = conv
    customer_id = _value(fields.get("customer_id"))
    if customer_id:
        event["customer"] = {"id": customer_id}
    agent_pairs = (("id", _value(fields.get("agent_id"))), ("team", _value(fields.get("team"))))
    agent = {k: v for k, v in agent_pairs if v}
    if agent:
        event["agent"] = agent
    product = _value(fields.get("product"))
    if product:
        event["product"] = product
    channel = _value(fields.get("channel"))
    event["meta"] = {"channel": channel} if channel else {}
    return event


def _is_jsonl(path: Path, encoding: str) -> bool:
    suffix = path.suffix.casefold()
    if suffix in _JSONL_SUFFIXES:
        return True
    if suffix in _CSV_SUFFIXES:
        return False
    with path.open("r", encoding=encoding, errors="replace") as f:
        head = f.read(4096).lstrip("\ufeff").lstrip()
    return head.startswith("{")


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any] | bytes]]:
    with path.open("r", encoding=encoding, newline="") as f:
        first = f.readline()
        delimiter = "\t" if path.suffix.casefold() == ".tsv" or ("\t" in first and "," not in first) else ","
        reader = csv.reader(io.StringIO(first), delimiter=delimiter)
        header = next(reader, [])
        mapped = {_field(h) for h in header}
        missing = [r for r in _REQUIRED if r not in mapped]
        if missing:
            raise ValueError(
                f"{path}: no column for {', '.join(missing)} (found columns: {', '.join(header) or 'none'}; "
                f"known names: {', '.join(sorted(COLUMN_ALIASES))})"
            )
        rows = csv.DictReader(f, fieldnames=header, delimiter=delimiter)
        for row in rows:
            if not any((v or "").strip() for k, v in row.items() if isinstance(v, str)):
                continue  # blank line at the end of an export
            yield rows.line_num + 1, {k: v for k, v in row.items() if k is not None}


def _jsonl_rows(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any] | bytes]]:
    with path.open("rb") as f:
        if f.read(64).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"["):
            # a .json export holding one array of notes rather than one note per line
            f.seek(0)
            try:
                items = json.loads(f.read().removeprefix(codecs.BOM_UTF8).decode(encoding))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
                raise ValueError(f"{path}: not a JSON array of notes: {e}") from None
            for i, item in enumerate(items if isinstance(items, list) else [], start=1):
                yield i, item if isinstance(item, dict) else json.dumps(item).encode("utf-8")
            return
        f.seek(0)
        for lineno, raw in enumerate(f, start=1):
            line = raw.rstrip(b"\r\n")
            if lineno == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode(encoding))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                yield lineno, line
                continue
            yield lineno, obj if isinstance(obj, dict) else line


def _records(
    path: str | os.PathLike[str], encoding: str | None
) -> Iterator[tuple[int, dict[str, Any] | bytes]]:
    p = Path(path)
    enc = encoding or detect_encoding(p)
    if _is_jsonl(p, enc):
        yield from _jsonl_rows(p, "utf-8" if enc == "utf-8-sig" else enc)
    else:
        yield from _csv_rows(p, enc)


def _warn_if_incomplete(event: dict[str, Any], where: str) -> None:
    lacking = [k for k in ("event_id", "occurred_at") if k not in event]
    if not (isinstance(event.get("text"), str) and event["text"]):
        lacking.append("text")
    if lacking:
        log.warning("%s: note without %s; the stream will dead-letter it", where, ", ".join(lacking))


def read_notes(
    path: str | os.PathLike[str], encoding: str | None = None, naive_tz: tzinfo = KST
) -> Iterator[dict[str, Any]]:
    """Yield one ``note`` event per row of a CSV or JSONL export.

    Parameters
    ----------
    path
        The export. ``.jsonl``/``.ndjson``/``.json`` is JSONL (or a JSON array of notes),
        ``.csv``/``.tsv``/``.txt`` CSV; any other name is sniffed.
    encoding
        Force an encoding instead of detecting it (:func:`detect_encoding`).
    naive_tz
        Zone of timestamps written without an offset (KST).

    Raises
    ------
    ValueError
        When a CSV lacks a required column, a JSON array export is not JSON, or a JSONL line
        (array item) is not a JSON object (the message names the line or item;
        :func:`send_notes` forwards such lines to the dead-letter path instead).
    """
    p = Path(path)
    for lineno, rec in _records(p, encoding):
        if isinstance(rec, bytes):
            raise ValueError(f"{p}:{lineno}: not a JSON object: {rec[:80]!r}")
        event = note_to_event(rec, naive_tz=naive_tz)
        _warn_if_incomplete(event, f"{p.name}:{lineno}")
        yield event


def send_notes(
    path: str | os.PathLike[str], sink: EventSink, encoding: str | None = None, naive_tz: tzinfo = KST
) -> int:
    """Emit every note of an export into ``sink`` and flush; returns the number of messages sent.

    Like :func:`read_notes`, except that JSONL lines that are not JSON objects are forwarded raw
    (:meth:`EventSink.emit_raw`) for the stream to dead-letter.
    """
    p = Path(path)
    sent = 0
    for lineno, rec in _records(p, encoding):
        if isinstance(rec, bytes):
            log.warning("%s:%d: not a JSON object, forwarded raw for the dead-letter topic", p.name, lineno)
            sink.emit_raw(rec)
        else:
            event = note_to_event(rec, naive_tz=naive_tz)
            _warn_if_incomplete(event, f"{p.name}:{lineno}")
            sink.emit(event, key=thread_key(event))
        sent += 1
    sink.flush()
    return sent
