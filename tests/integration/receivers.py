"""Real local receivers for alert delivery: an HTTP webhook recorder (also answering the Slack Web
API's ``chat.postMessage`` as Slack does) and an SMTP server.

Both listen on 127.0.0.1 on free ports, record what they receive, and can be told to fail
(HTTP 500, hang) or go down and come back (SMTP) so retry paths are exercised against real
sockets. The Slack stand-in also answers ``conversations.history`` (with message metadata).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller

from vocradar.processes import free_port


@dataclass
class WebhookReceiver:
    """An HTTP server recording JSON posts; ``fail_next`` answers 500 and ``hang_next`` hangs, N times."""

    port: int = field(default_factory=free_port)
    posts: list[dict[str, Any]] = field(default_factory=list)
    fail_next: int = 0
    hang_next: int = 0
    hang_s: float = 0.0
    failures: int = 0
    api_posts: list[dict[str, Any]] = field(default_factory=list)  # chat.postMessage bodies, with "ts"

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    @property
    def api_url(self) -> str:
        """Base URL of the Slack Web API stand-in (``{api_url}/chat.postMessage``)."""
        return f"http://127.0.0.1:{self.port}/api"

    async def _post_message(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"ok": False, "error": "not_authed"})
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failures += 1
            return web.Response(status=500, text="boom")
        body = json.loads(await request.read())
        ts = f"{time.time():.6f}"
        body["ts"] = ts
        self.api_posts.append(body)
        return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts})

    async def _history(self, request: web.Request) -> web.Response:
        """``conversations.history`` as Slack answers it: the posted messages, newest first, with
        their ``metadata`` when ``include_all_metadata`` is set."""
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"ok": False, "error": "not_authed"})
        oldest = float(request.query.get("oldest") or 0)
        messages = [m for m in reversed(self.api_posts) if float(m["ts"]) >= oldest]
        if request.query.get("include_all_metadata") != "true":
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        return web.json_response({"ok": True, "messages": messages, "has_more": False})

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.read()
        if self.hang_next > 0:
            self.hang_next -= 1
            self.failures += 1
            await asyncio.sleep(self.hang_s)  # longer than the client's timeout
            return web.Response(status=504, text="late")
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failures += 1
            return web.Response(status=500, text="boom")
        self.posts.append(json.loads(body))
        return web.Response(text="ok")

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        app.router.add_post("/api/chat.postMessage", self._post_message)
        app.router.add_get("/api/conversations.history", self._history)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> WebhookReceiver:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def _cleanup() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        fut = asyncio.run_coroutine_threadsafe(_cleanup(), self._loop)
        fut.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"


class SmtpReceiver:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message."""

    def __init__(self) -> None:
        self.port = free_port()
        self._handler = _Recorder()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self._handler.messages

    def start(self) -> SmtpReceiver:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def restart(self) -> SmtpReceiver:
        """Listen again on the same port after :meth:`stop`, keeping the messages received so far."""
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        return self.start()


def wait_until(predicate: Any, timeout_s: float, interval_s: float = 0.25, what: str = "condition") -> None:
    """Poll ``predicate`` until it is truthy or fail with ``what``."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s:.0f}s waiting for {what} (last: {last!r})")
