"""Posts on Twitter/X: mapping one tweet to a contract event, and following a JSONL stream file.

:func:`tweet_to_event` reads the two shapes a collector writes:

* API v2 (filtered stream, search): ``{"data": {"id", "text", "created_at", "author_id", "lang",
  "conversation_id", "referenced_tweets"}, "includes": {"users": [{"id", "username",
  "public_metrics": {"followers_count"}, "verified"}]}, "matching_rules": [...]}``;
* the flat v1.1 style: ``{"id" or "id_str", "text" or "full_text", "created_at", "lang",
  "user": {"screen_name", "followers_count", "verified"}}``.

The event is ``tw-<id>``, ``source`` ``tweet``; ``customer.handle`` is ``@<username>`` (the ``@``
keeps social handles apart from CRM customer ids in partition keys and repeat-contact counts),
with ``followers`` and ``verified`` for public reach. A v2 ``conversation_id`` becomes
``tw-<root tweet id>``, so a thread's replies share one conversation. Twitter's pseudo-language
codes (``und``, ``zxx``, ``qme``...) are left out of ``lang``.

:func:`follow_jsonl` tails a file of such lines (``tail -F``-like) into a sink. Lines that are
not JSON, or JSON that is not a tweet, are forwarded raw with :meth:`EventSink.emit_raw`, so the
stream dead-letters and counts them; blank keep-alive lines and stream control messages (an
``errors`` object without ``data``, v1.1 ``delete`` notices) are skipped.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from vocradar.connectors.base import DeliveryError, EventSink, iso_time, thread_key

__all__ = ["FollowStats", "follow_jsonl", "tweet_to_event"]

log = logging.getLogger(__name__)

_CONTROL_KEYS = ("delete", "scrub_geo", "limit", "status_withheld", "user_withheld", "disconnect", "warning")


def _id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value).strip()
    return None


def _lang(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip()
    # Twitter's own codes for "no language": und(efined), zxx, and qme/qht/qam/qct/qst...
    if code in ("und", "zxx") or (len(code) == 3 and code.startswith("q")):
        return None
    return code


def _followers(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _customer(user: dict[str, Any], followers: Any, verified: Any) -> dict[str, Any] | None:
    handle = user.get("username") or user.get("screen_name")
    out: dict[str, Any] = {}
    if isinstance(handle, str) and handle.strip():
        out["handle"] = "@" + handle.strip().lstrip("@")
    n = _followers(followers)
    if n is not None:
        out["followers"] = n
    if isinstance(verified, bool):
        out["verified"] = verified
    return out or None


def _v2(obj: dict[str, Any]) -> dict[str, Any]:
    data = obj["data"]
    if not isinstance(data, dict):
        raise ValueError("`data` must be one tweet object")
    tid = _id(data.get("id"))
    author_id = _id(data.get("author_id"))
    users = obj.get("includes", {}).get("users", []) if isinstance(obj.get("includes"), dict) else []
    user: dict[str, Any] = next(
        (u for u in users if isinstance(u, dict) and _id(u.get("id")) == author_id and author_id), {}
    )
    metrics = user.get("public_metrics") if isinstance(user.get("public_metrics"), dict) else {}
    event = _base(tid, data.get("text"), data.get("created_at"), data.get("lang"))
    customer = _customer(user, (metrics or {}).get("followers_count"), user.get("verified"))
    if customer:
        event["customer"] = customer
    conv = _id(data.get("conversation_id"))
    if conv:
        event["conversation_id"] = f"tw-{conv}"
    meta: dict[str, Any] = {}
    if author_id:
        meta["author_id"] = author_id
    refs = data.get("referenced_tweets")
    if isinstance(refs, list):
        kept = [
            {"type": str(r.get("type")), "id": _id(r.get("id"))}
            for r in refs
            if isinstance(r, dict) and r.get("type")
        ]
        if kept:
            meta["referenced_tweets"] = kept
            types = {r["type"] for r in kept}
            meta["retweet"] = "retweeted" in types
            meta["quote"] = "quoted" in types
            meta["reply"] = "replied_to" in types
    if isinstance(user.get("verified_type"), str):
        meta["verified_type"] = user["verified_type"]
    rules = obj.get("matching_rules")
    if isinstance(rules, list):
        tags = [str(r.get("tag") or r.get("id")) for r in rules if isinstance(r, dict)]
        if tags:
            meta["matching_rules"] = tags
    event["meta"] = meta
    return event


def _flat(obj: dict[str, Any]) -> dict[str, Any]:
    tid = _id(obj.get("id_str")) or _id(obj.get("id"))
    ext = obj.get("extended_tweet")
    full = ext.get("full_text") if isinstance(ext, dict) else None
    text = full or obj.get("full_text") or obj.get("text")
    event = _base(tid, text, obj.get("created_at"), obj.get("lang"))
    user: dict[str, Any] = obj["user"] if isinstance(obj.get("user"), dict) else {}
    customer = _customer(user, user.get("followers_count"), user.get("verified"))
    if customer:
        event["customer"] = customer
    conv = _id(obj.get("conversation_id"))
    if conv:
        event["conversation_id"] = f"tw-{conv}"
    meta: dict[str, Any] = {}
    author_id = _id(user.get("id_str")) or _id(user.get("id"))
    if author_id:
        meta["author_id"] = author_id
    reply_to = _id(obj.get("in_reply_to_status_id_str")) or _id(obj.get("in_reply_to_status_id"))
    if reply_to:
        meta["reply"] = True
        meta["in_reply_to"] = reply_to
    if isinstance(obj.get("retweeted_status"), dict):
        meta["retweet"] = True
    if isinstance(obj.get("quoted_status"), dict) or obj.get("is_quote_status") is True:
        meta["quote"] = True
    event["meta"] = meta
    return event


def _base(tid: str | None, text: Any, created_at: Any, lang: Any) -> dict[str, Any]:
    if tid is None:
        raise ValueError("the tweet has no id")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"tweet {tid} has no text")
    if created_at is None:
        raise ValueError(f"tweet {tid} has no created_at (request tweet.fields=created_at)")
    try:
        occurred_at = iso_time(created_at)
    except ValueError as e:
        raise ValueError(f"tweet {tid}: {e}") from None
    event: dict[str, Any] = {
        "event_id": f"tw-{tid}",
        "source": "tweet",
        "occurred_at": occurred_at,
        "text": text,
    }
    code = _lang(lang)
    if code:
        event["lang"] = code
    return event


def tweet_to_event(obj: dict[str, Any]) -> dict[str, Any]:
    """Map one tweet (API v2 or flat v1.1 style, see the module docstring) to a contract event.

    Raises
    ------
    ValueError
        When ``obj`` is not an object, or the tweet has no id, no text or no readable
        ``created_at``.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    if "data" in obj:
        return _v2(obj)
    if "id" in obj or "id_str" in obj:
        return _flat(obj)
    raise ValueError("not a tweet: expected `data` (API v2) or `id` and `text` (flat style)")


def _is_control(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    if "errors" in obj and "data" not in obj:
        return True
    return any(k in obj for k in _CONTROL_KEYS) and "id" not in obj and "data" not in obj


@dataclass
class FollowStats:
    """What :func:`follow_jsonl` did: events emitted, raw lines forwarded, control lines skipped."""

    events: int = 0
    raw: int = 0
    skipped: int = 0


def _handle_line(line: bytes, sink: EventSink, stats: FollowStats, where: str) -> None:
    body = line.rstrip(b"\r\n")
    if not body.strip():
        return  # keep-alive
    try:
        obj = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        log.warning("%s: not JSON, forwarded raw for the dead-letter topic: %s", where, e)
        sink.emit_raw(body)
        stats.raw += 1
        return
    if _is_control(obj):
        log.info("%s: stream control message skipped (fields: %s)", where, ",".join(sorted(obj))[:200])
        stats.skipped += 1
        return
    try:
        event = tweet_to_event(obj)
    except ValueError as e:
        log.warning("%s: not a tweet, forwarded raw for the dead-letter topic: %s", where, e)
        sink.emit_raw(body)
        stats.raw += 1
        return
    sink.emit(event, key=thread_key(event))
    stats.events += 1


def _inode(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def follow_jsonl(
    path: str | os.PathLike[str],
    sink: EventSink,
    stop: threading.Event,
    follow: bool = True,
    poll_s: float = 0.2,
) -> FollowStats:
    """Read a JSONL file of tweets into ``sink``, and with ``follow`` keep reading what is appended.

    Like ``tail -F`` from the start of the file: a last line without its newline waits for the
    rest (or, without ``follow``, is read at the end of the file); a file that is truncated is
    read again from the start and a file replaced by a new one (log rotation) is reopened once
    the old one is drained; a file that does not exist yet is waited for. The sink is flushed
    whenever the reader catches up with the file, and at the end. When the broker did not take
    what was sent since the last flush (:class:`~vocradar.connectors.base.DeliveryError`), the
    reader goes back to where that flush left it and sends those lines again.

    Parameters
    ----------
    path
        The JSONL file.
    sink
        Receives tweet events (keyed by conversation, else handle) and raw unmappable lines.
    stop
        Set it to end the loop; checked between lines and while waiting.
    follow
        Keep waiting for new lines at the end of the file; ``False`` reads it once.
    poll_s
        Pause when there is nothing new.

    Raises
    ------
    FileNotFoundError
        Without ``follow``, when the file does not exist.
    """
    p = Path(path)
    stats = FollowStats()
    f: IO[bytes] | None = None
    pending = b""
    lineno = 0
    delivered = 0  # stats.events + stats.raw at the last flush
    mark: tuple[int, int, FollowStats] = (0, 0, FollowStats())  # file position, line, stats at the last flush
    try:
        while not stop.is_set():
            if f is None:
                try:
                    f = p.open("rb")
                except FileNotFoundError:
                    if not follow:
                        raise
                    stop.wait(poll_s)
                    continue
                pending, lineno = b"", 0
                mark = (0, 0, FollowStats(**vars(stats)))
            line = f.readline()
            if line:
                pending += line
                if not pending.endswith(b"\n"):
                    continue  # half-written: the rest comes with the next read
                lineno += 1
                _handle_line(pending, sink, stats, f"{p.name}:{lineno}")
                pending = b""
                continue
            # At the end of what is there: deliver, then see whether more is coming.
            if not follow:
                if pending:
                    lineno += 1
                    _handle_line(pending, sink, stats, f"{p.name}:{lineno}")
                    pending = b""
                break
            if stats.events + stats.raw != delivered:
                try:
                    sink.flush()
                except DeliveryError as e:
                    log.warning(
                        "%s: lines not acknowledged by the broker (%s); sending them again", p.name, e
                    )
                    f.seek(mark[0])
                    pending, lineno, stats = b"", mark[1], FollowStats(**vars(mark[2]))
                    delivered = stats.events + stats.raw
                    stop.wait(poll_s)
                    continue
                delivered = stats.events + stats.raw
                mark = (f.tell() - len(pending), lineno, FollowStats(**vars(stats)))
            stop.wait(poll_s)
            try:
                st = p.stat()
            except FileNotFoundError:
                continue  # rotated away; the new file has not appeared yet
            if _inode(st) != _inode(os.fstat(f.fileno())):
                if pending:  # the old file's last line never got its newline
                    lineno += 1
                    _handle_line(pending, sink, stats, f"{p.name}:{lineno}")
                f.close()
                f = None  # the old file is drained (readline returned nothing): move on
            elif st.st_size < f.tell():
                log.warning("%s was truncated; reading it from the start", p)
                f.seek(0)
                pending, lineno = b"", 0
    finally:
        if f is not None:
            f.close()
        sink.flush()
    return stats
