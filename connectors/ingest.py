"""``vocradar ingest``: the connectors process of a deployment, and its HTTP ingest endpoint.

Runs, side by side, the HTTP ingest endpoint (Zendesk ticket webhooks and raw contract events),
the watcher of the directory where the STT engine writes call transcripts, and optionally a
follower of a tweet JSONL stream; all produce to ``voc.raw`` through one Kafka sink.

The endpoint (:func:`create_ingest_app`) is a door into the pipeline, so it is locked and bounded:

- **Who may post** (:class:`IngestPolicy`): with ``VOCRADAR_INGEST_TOKEN`` set, every request
  needs ``Authorization: Bearer <token>`` (401 without); a Zendesk webhook may instead carry
  Zendesk's signature (``X-Zendesk-Webhook-Signature`` = base64 HMAC-SHA256 of the timestamp
  header followed by the body, keyed by ``VOCRADAR_ZENDESK_SIGNING_SECRET``), refused when its
  timestamp is more than ``zendesk_max_skew_s`` away from now (a replay). With neither set,
  :func:`run_ingest` listens on a loopback address only.
- **How much**: at most ``max_items`` events per request, ``max_event_bytes`` bytes and
  ``max_turns`` turns per event (413, naming the limit), ``max_body_bytes`` per request, nesting
  at most ``max_depth`` deep (400). A body is read within ``read_timeout_s`` (408); at most
  ``max_concurrent`` requests are served at once (503 with ``Retry-After``).
- **Off the event loop**: decoding and validation run on worker threads, item by item, so a
  large body never stalls other callers; the sink is called from one thread of its own.
- **Nothing acknowledged that was not taken**: 202 is sent after the broker acknowledged every
  record (:meth:`~vocradar.connectors.producer.KafkaEventSink.flush`); a record the broker
  refuses as too large is a 413, any other failure a 503 (retry later), each with a log line.
  Input that can never be accepted (not UTF-8, not JSON, a lone surrogate, too deep) is a 400,
  so the sender does not retry it for ever.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from vocradar.connectors.base import DeliveryError, EventSink, thread_key
from vocradar.metrics import INGEST_EVENTS, INGEST_REJECTED

if TYPE_CHECKING:
    from vocradar.settings import Settings

__all__ = ["IngestPolicy", "IngestRefused", "create_ingest_app", "run_ingest"]

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature"
TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp"


@dataclass(frozen=True)
class IngestPolicy:
    """Who may post to the ingest endpoint, and how much (module docstring)."""

    token: str | None = None
    zendesk_secret: str | None = None
    zendesk_max_skew_s: float = 300.0
    max_items: int = 1000
    max_event_bytes: int = 1_000_000
    max_turns: int = 2000
    max_depth: int = 32
    max_body_bytes: int = 8 * 1024 * 1024
    read_timeout_s: float = 30.0
    max_concurrent: int = 64

    @classmethod
    def from_settings(cls, s: Settings) -> IngestPolicy:
        """The policy the settings describe (``ingest_*``, ``zendesk_*``)."""
        return cls(
            token=s.ingest_token.get_secret_value() if s.ingest_token else None,
            zendesk_secret=s.zendesk_signing_secret.get_secret_value() if s.zendesk_signing_secret else None,
            zendesk_max_skew_s=s.zendesk_max_skew_s,
            max_items=s.ingest_max_items,
            max_event_bytes=s.ingest_max_event_bytes,
            max_turns=s.ingest_max_turns,
            max_body_bytes=s.ingest_max_body_bytes,
            read_timeout_s=s.ingest_read_timeout_s,
            max_concurrent=s.ingest_max_concurrent,
        )

    @property
    def locked(self) -> bool:
        """True when callers must prove who they are (a token or a Zendesk secret is set)."""
        return bool(self.token or self.zendesk_secret)

    def bearer_ok(self, header: str | None) -> bool:
        """True when ``header`` is ``Bearer <the token>``."""
        if not self.token or not header or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[7:].strip().encode(), self.token.encode())

    def zendesk_ok(self, signature: str | None, timestamp: str | None, body: bytes, now: float) -> str | None:
        """None when the Zendesk signature is good and fresh; else why it is refused."""
        if not self.zendesk_secret:
            return "no Zendesk signing secret is configured"
        if not signature or not timestamp:
            return f"missing {SIGNATURE_HEADER} or {TIMESTAMP_HEADER}"
        try:
            at = datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
        except ValueError:
            return "unreadable signature timestamp"
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        if abs(now - at.timestamp()) > self.zendesk_max_skew_s:
            return f"stale signature (timestamp more than {self.zendesk_max_skew_s:.0f} s from now)"
        mac = hmac.new(self.zendesk_secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
        if not hmac.compare_digest(base64.b64encode(mac), signature.strip().encode()):
            return "bad signature"
        return None


def zendesk_signature(secret: str, timestamp: str, body: bytes) -> str:
    """Zendesk's signature of a webhook body (what a Zendesk account sends)."""
    return base64.b64encode(
        hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    ).decode()


class IngestRefused(Exception):
    """A request the endpoint refuses: the HTTP status and a message naming the rule."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# --- reading bodies (on worker threads) ------------------------------------------------------


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise IngestRefused(400, f"body is not UTF-8 ({e.reason} at byte {e.start})") from None


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestRefused(400, f"{where} is not JSON: {e.msg} at position {e.pos}") from None
    except RecursionError:
        raise IngestRefused(400, f"{where} is nested too deeply") from None


def _items(text: str, max_items: int) -> Iterator[Any]:
    """The values of a top-level JSON array one at a time (a body that is not an array: itself),
    stopping with a 413 at item ``max_items + 1`` without decoding the rest."""
    decoder = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    if i >= n or text[i] != "[":
        yield _loads(text, "body")
        return
    i += 1
    count = 0
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == "]" and count == 0:
            i += 1
            break
        if count >= max_items:
            raise IngestRefused(
                413, f"more than {max_items} events in one request (VOCRADAR_INGEST_MAX_ITEMS)"
            )
        try:
            value, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise IngestRefused(400, f"body is not JSON: {e.msg} at position {e.pos}") from None
        except RecursionError:
            raise IngestRefused(400, f"item {count} is nested too deeply") from None
        count += 1
        yield value
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == "]":
            i += 1
            break
        raise IngestRefused(400, f"body is not JSON: expected ',' or ']' at position {i}")
    if text[i:].strip():
        raise IngestRefused(400, f"body is not JSON: extra data at position {i}")


def _depth(value: Any, limit: int) -> bool:
    """True when ``value`` nests at most ``limit`` containers deep (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            if d > limit:
                return False
            stack.extend((c, d + 1) for c in (v.values() if isinstance(v, dict) else v))
    return True


def _check_event(item: Any, where: str, policy: IngestPolicy) -> None:
    """Refuse what no retry can fix: not an object, too deep, too many turns, not Unicode, too large."""
    if not isinstance(item, dict):
        raise IngestRefused(400, f"{where} is a JSON {type(item).__name__}, not an event object")
    if not _depth(item, policy.max_depth):
        raise IngestRefused(400, f"{where} is nested more than {policy.max_depth} levels deep")
    turns = item.get("turns")
    if isinstance(turns, list) and len(turns) > policy.max_turns:
        raise IngestRefused(
            413, f"{where} has {len(turns)} turns; at most {policy.max_turns} (VOCRADAR_INGEST_MAX_TURNS)"
        )
    try:
        size = len(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:
        raise IngestRefused(400, f"{where} holds text that is not valid Unicode (a lone surrogate)") from None
    if size > policy.max_event_bytes:
        raise IngestRefused(
            413,
            f"{where} is {size:,} bytes; at most {policy.max_event_bytes:,} "
            "(VOCRADAR_INGEST_MAX_EVENT_BYTES)",
        )


def read_events(raw: bytes, policy: IngestPolicy) -> tuple[list[dict[str, Any]], bool]:
    """The event objects of a ``POST /events`` body, and whether it was a list; raises
    :class:`IngestRefused`. Blocking and CPU-bound: run it on a worker thread."""
    text = _text(raw)
    stripped = text.lstrip()
    is_list = stripped.startswith("[")
    items = list(_items(text, policy.max_items))
    if not items:
        raise IngestRefused(400, "empty list: send an event object or a non-empty list of them")
    for i, item in enumerate(items):
        _check_event(item, f"item {i}" if is_list else "body", policy)
    return items, is_list


def read_zendesk(raw: bytes, policy: IngestPolicy, product_field_ids: tuple[str, ...]) -> dict[str, Any]:
    """The contract event of a Zendesk webhook body; raises :class:`IngestRefused`."""
    from vocradar.connectors.tickets import zendesk_to_event

    payload = _loads(_text(raw), "body")
    if not _depth(payload, policy.max_depth * 2):
        raise IngestRefused(400, "body is nested too deeply")
    try:
        event = zendesk_to_event(payload, product_field_ids)
    except ValueError as e:
        raise IngestRefused(400, str(e)) from None
    _check_event(event, "ticket", policy)
    return event


# --- the HTTP app ----------------------------------------------------------------------------

_SINK: web.AppKey[EventSink] = web.AppKey("sink")
_SINK_POOL: web.AppKey[ThreadPoolExecutor] = web.AppKey("sink_pool")
_WORK_POOL: web.AppKey[ThreadPoolExecutor] = web.AppKey("work_pool")
_STATS: web.AppKey[dict[str, int]] = web.AppKey("stats")
_FIELDS: web.AppKey[tuple[str, ...]] = web.AppKey("product_field_ids")
_POLICY: web.AppKey[IngestPolicy] = web.AppKey("policy")
_ACTIVE: web.AppKey[list[int]] = web.AppKey("active")
_BODY: web.RequestKey[bytes] = web.RequestKey("body", bytes)


def _error(status: int, message: str, **headers: str) -> web.Response:
    INGEST_REJECTED.labels(str(status)).inc()
    return web.json_response({"error": message}, status=status, headers=headers or None)


async def _body(request: web.Request) -> bytes:
    """The request body, read once within the read timeout (cached on the request)."""
    if _BODY in request:
        return request[_BODY]
    policy = request.app[_POLICY]
    try:
        raw = await asyncio.wait_for(request.read(), policy.read_timeout_s)
    except TimeoutError:
        raise IngestRefused(408, f"body not received within {policy.read_timeout_s:.0f} s") from None
    except web.HTTPRequestEntityTooLarge:
        raise IngestRefused(
            413, f"request body larger than {policy.max_body_bytes:,} bytes (VOCRADAR_INGEST_MAX_BODY_BYTES)"
        ) from None
    request[_BODY] = raw
    return raw


@web.middleware
async def _guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Connection cap, authentication and refusals for every route."""
    app = request.app
    policy, active = app[_POLICY], app[_ACTIVE]
    if active[0] >= policy.max_concurrent:
        return _error(503, "too many requests in flight; retry shortly", **{"Retry-After": "1"})
    active[0] += 1
    try:
        if policy.locked and not policy.bearer_ok(request.headers.get("Authorization")):
            why = "missing or wrong bearer token"
            if request.path == "/webhooks/zendesk" and request.method == "POST" and policy.zendesk_secret:
                raw = await _body(request)
                refused = policy.zendesk_ok(
                    request.headers.get(SIGNATURE_HEADER),
                    request.headers.get(TIMESTAMP_HEADER),
                    raw,
                    datetime.now(UTC).timestamp(),
                )
                if refused is None:
                    return await handler(request)
                why = f"Zendesk signature refused: {refused}"
            app[_STATS]["unauthorized"] += 1
            log.warning("ingest: %s %s refused (401: %s)", request.method, request.path, why)
            return _error(401, why, **{"WWW-Authenticate": 'Bearer realm="vocradar-ingest"'})
        return await handler(request)
    except IngestRefused as e:
        app[_STATS]["rejected"] += 1
        return _error(e.status, str(e))
    finally:
        active[0] -= 1


async def _on_thread(request: web.Request, fn: Callable[[], Any]) -> Any:
    return await asyncio.get_running_loop().run_in_executor(request.app[_WORK_POOL], fn)


async def _deliver(request: web.Request, events: list[dict[str, Any]]) -> web.Response | None:
    """Emit and flush on the app's one sink thread; 413/503 when the broker did not take them."""
    sink = request.app[_SINK]

    def work() -> None:
        for event in events:
            sink.emit(event, key=thread_key(event))
        sink.flush()

    try:
        await asyncio.get_running_loop().run_in_executor(request.app[_SINK_POOL], work)
    except DeliveryError as e:
        request.app[_STATS]["sink_errors"] += 1
        log.warning(
            "ingest: %d event(s) not delivered (%s)",
            len(events),
            type(e.causes[0]).__name__ if e.causes else "",
        )
        if e.too_large:
            return _error(413, f"the broker refused an event as too large: {e}")
        return _error(503, f"the broker did not take the events; retry later: {e}")
    except Exception as e:
        request.app[_STATS]["sink_errors"] += 1
        log.warning("ingest: sink failed: %s", type(e).__name__)
        return _error(503, f"sink unavailable: {type(e).__name__}: {e}")
    return None


async def _zendesk(request: web.Request) -> web.Response:
    raw = await _body(request)
    policy, fields = request.app[_POLICY], request.app[_FIELDS]
    event: dict[str, Any] = await _on_thread(request, lambda: read_zendesk(raw, policy, fields))
    failed = await _deliver(request, [event])
    if failed is not None:
        return failed
    request.app[_STATS]["accepted"] += 1
    INGEST_EVENTS.labels("zendesk").inc()
    return web.json_response({"event_id": event["event_id"]}, status=202)


async def _events(request: web.Request) -> web.Response:
    from vocradar.models.events import BadEvent, parse_event

    raw = await _body(request)
    policy = request.app[_POLICY]

    def read() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        items, _ = read_events(raw, policy)
        # Objects go on as they are: the stream validates them and dead-letters the bad ones with
        # the reason, so bad input is counted in one place. The reason is also reported here.
        invalid: list[dict[str, Any]] = []
        for i, item in enumerate(items):
            try:
                parse_event(item)
            except BadEvent as e:
                invalid.append({"index": i, "event_id": e.event_id, "reason": e.reason, "detail": e.detail})
        return items, invalid

    items, invalid = await _on_thread(request, read)
    failed = await _deliver(request, items)
    if failed is not None:
        return failed
    request.app[_STATS]["accepted"] += len(items)
    INGEST_EVENTS.labels("events").inc(len(items))
    event_ids = [item.get("event_id") for item in items]
    return web.json_response({"accepted": len(items), "event_ids": event_ids, "invalid": invalid}, status=202)


async def _health(request: web.Request) -> web.Response:
    stats: dict[str, int] = request.app[_STATS]
    return web.json_response({"status": "ok", **stats})


async def _metrics(request: web.Request) -> web.Response:
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _shutdown(app: web.Application) -> None:
    app[_SINK_POOL].shutdown(wait=True)
    app[_WORK_POOL].shutdown(wait=False, cancel_futures=True)


def create_ingest_app(
    sink: EventSink,
    product_field_ids: tuple[int | str, ...] | list[int | str] = (),
    policy: IngestPolicy | None = None,
) -> web.Application:
    """The HTTP ingest endpoint.

    Routes
    ------
    ``POST /webhooks/zendesk``
        Maps the body with :func:`~vocradar.connectors.tickets.zendesk_to_event`, emits and
        flushes it; ``202 {"event_id"}``, or ``400 {"error"}`` when it cannot be mapped.
    ``POST /events``
        A contract event or a list of them, forwarded as they are (the stream dead-letters bad
        ones with the reason). ``202 {"accepted", "event_ids", "invalid"}`` where ``invalid``
        lists, for information, the items the stream will dead-letter and why; ``400`` when the
        body is not JSON, an empty list, or holds something other than objects (nothing of that
        request is forwarded); ``413`` over a limit.
    ``GET /health``
        ``{"status": "ok", "accepted", "rejected", "unauthorized", "sink_errors"}``.
    ``GET /metrics``
        The process's Prometheus metrics.

    With a locked ``policy`` every route needs the bearer token (or, for the webhook, Zendesk's
    signature). A ``503`` means the sink or the broker failed: the sender should retry.
    """
    policy = policy or IngestPolicy()
    app = web.Application(client_max_size=policy.max_body_bytes, middlewares=[_guard])
    app[_SINK] = sink
    app[_SINK_POOL] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vocradar-ingest-sink")
    app[_WORK_POOL] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vocradar-ingest-read")
    app[_STATS] = {"accepted": 0, "rejected": 0, "unauthorized": 0, "sink_errors": 0}
    app[_FIELDS] = tuple(str(i) for i in product_field_ids)
    app[_POLICY] = policy
    app[_ACTIVE] = [0]
    app.router.add_post("/webhooks/zendesk", _zendesk)
    app.router.add_post("/events", _events)
    app.router.add_get("/health", _health)
    app.router.add_get("/metrics", _metrics)
    app.on_cleanup.append(_shutdown)
    return app


def is_loopback(host: str) -> bool:
    """True for a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_ingest(settings: Settings, tweets: Path | None = None, host: str = "127.0.0.1") -> None:
    """Serve and watch until SIGINT/SIGTERM.

    Raises
    ------
    ValueError
        When asked to listen on a non-loopback address without a token or a Zendesk secret.
    """
    from vocradar.connectors.calls import CallDirectoryWatcher
    from vocradar.connectors.producer import KafkaEventSink
    from vocradar.connectors.tweets import follow_jsonl

    policy = IngestPolicy.from_settings(settings)
    if not policy.locked and not is_loopback(host):
        raise ValueError(
            f"refusing to serve ingest on {host} without authentication: set VOCRADAR_INGEST_TOKEN "
            "(and/or VOCRADAR_ZENDESK_SIGNING_SECRET), or listen on 127.0.0.1"
        )
    assert settings.kafka_bootstrap
    sink = KafkaEventSink(
        settings.kafka_bootstrap,
        client_id="vocradar-ingest",
        settings=settings,
        max_message_bytes=settings.kafka_message_max_bytes,
    )
    stop = threading.Event()
    threads: list[threading.Thread] = []
    if settings.calls_dir is not None:
        watcher = CallDirectoryWatcher(settings.calls_dir, sink)
        threads.append(threading.Thread(target=watcher.run, args=(stop,), name="calls-watcher", daemon=True))
        log.info("watching %s for call transcripts", settings.calls_dir)
    if tweets is not None:
        threads.append(
            threading.Thread(target=follow_jsonl, args=(tweets, sink, stop), name="tweets", daemon=True)
        )
        log.info("following tweets in %s", tweets)
    for t in threads:
        t.start()

    async def serve() -> None:
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        runner = web.AppRunner(create_ingest_app(sink, policy=policy), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, settings.ingest_port).start()
        log.info(
            "ingest endpoint on http://%s:%d (%s)",
            host,
            settings.ingest_port,
            "bearer token or Zendesk signature required" if policy.locked else "open, loopback only",
        )
        try:
            await done.wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(serve())
    finally:
        stop.set()
        for t in threads:
            t.join(5)
        sink.close()
