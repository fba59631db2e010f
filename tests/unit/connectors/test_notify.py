"""Alert delivery against real local receivers: an aiohttp web app standing in for Slack and an
aiosmtpd SMTP server. Nothing in the HTTP or SMTP path is mocked. The outbox's records live in a
:class:`MemoryOutbox` here (its warehouse table is exercised in tests/integration)."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import logging
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from vocradar.connectors.notify import (
    AlertMessage,
    DeliveryResult,
    EmailNotifier,
    Notifier,
    SlackNotifier,
    build_notifiers,
    send_all,
    slack_payload,
)
from vocradar.settings import Settings

DASHBOARD = "http://dash.example:8501"
SECRET_PATH = "/services/T000/B000/SeCrEtToKeN42"


def make_alert(**overrides: Any) -> dict[str, Any]:
    alert: dict[str, Any] = {
        "event_id": "c-001",
        "incident_key": "conv-77",
        "source": "call",
        "occurred_at": "2026-11-23T10:00:00+00:00",
        "product": "기가인터넷",
        "category": "cancellation",
        "category_confidence": 0.91,
        "risk": 0.93,
        "risk_level": "critical",
        "alert": True,
        "reasons": ["agent_obstruction", "publicity_threat"],
        "evidence": [{"turn": 7, "text": "이 통화 녹음하고 있어요", "reason": "publicity_threat"}],
        "redacted_text": "해지해 달라니까요 010-****-**** ...",
        "agent_team": "해지방어팀",
        "is_update": False,
        "previous_level": None,
    }
    alert.update(overrides)
    return alert


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- a real webhook receiver -------------------------------------------------------------


@dataclass
class Webhook:
    """Records posted JSON; answers each request from ``script`` (then 200 "ok")."""

    script: list[str] = field(default_factory=list)  # "500", "400", "429:<retry-after>", "hang"
    posts: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.paths.append(request.path)
        self.posts.append(await request.json())
        action = self.script.pop(0) if self.script else "200"
        if action == "hang":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), 5)
            return web.Response(text="ok")
        if action.startswith("429"):
            _, _, after = action.partition(":")
            return web.Response(status=429, text="rate_limited", headers={"Retry-After": after or "1"})
        status = int(action)
        return web.Response(status=status, text="ok" if status == 200 else "invalid_payload")


@contextlib.asynccontextmanager
async def webhook_server(script: list[str] | None = None) -> AsyncIterator[Webhook]:
    hook = Webhook(script=list(script or []))
    app = web.Application()
    app.router.add_post(SECRET_PATH, hook.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    site = web.SockSite(runner, sock)
    await site.start()
    hook.url = f"http://127.0.0.1:{sock.getsockname()[1]}{SECRET_PATH}"
    try:
        yield hook
    finally:
        hook.release.set()
        await runner.cleanup()


def message(**overrides: Any) -> AlertMessage:
    return AlertMessage.from_alert(make_alert(**overrides), DASHBOARD)


def block_texts(payload: dict[str, Any]) -> str:
    """All visible text of the blocks, joined (header, sections, fields, context)."""
    out: list[str] = []
    for block in payload["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out.extend(f["text"] for f in block.get("fields", []))
        out.extend(e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str))
    return "\n".join(out)


# --- the message -------------------------------------------------------------------------


def test_message_title_labels_and_link() -> None:
    msg = message()
    assert msg.title == "🚨 [CRITICAL] 해지 방어 + 녹음·게시 예고 — 기가인터넷 (call)"
    assert msg.reason_labels == ("상담원 해지/환불 방해", "공개·언론 제보 예고")
    assert msg.category_label == "해지"
    assert msg.link == f"{DASHBOARD}/?event_id=c-001"
    assert msg.update_note is None
    text = msg.text()
    assert "[턴 7]" in text and "이 통화 녹음하고 있어요" in text
    assert "업데이트" not in text


def test_message_update_encoding_and_missing_fields() -> None:
    msg = AlertMessage.from_alert(
        {
            "event_id": "t 9/#x&y",
            "risk_level": "high",
            "reasons": ["customer_abuse", "new_code"],
            "evidence": [{"text": "no turn here"}, {"turn": 2, "text": ""}],
            "is_update": True,
            "previous_level": "high",
        },
        DASHBOARD + "/",
    )
    assert msg.link == f"{DASHBOARD}/?event_id=t%209%2F%23x%26y"
    assert msg.update_note == "업데이트: high → high"
    assert msg.reason_labels == ("고객 폭언·위협 (상담원 보호)", "new_code")
    assert msg.title.startswith("⚠️ [HIGH] 상담원 폭언 피해 + new_code")
    assert [e.turn for e in msg.evidence] == [None]
    assert "업데이트: high → high" in msg.text()
    upd = message(is_update=True, previous_level="high")
    assert upd.update_note == "업데이트: high → critical"
    assert "업데이트: high → critical" in block_texts(slack_payload(upd))


# --- Slack -------------------------------------------------------------------------------


def test_slack_payload_reaches_receiver() -> None:
    async def run() -> tuple[DeliveryResult, Webhook]:
        async with webhook_server() as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=2, backoff_s=0.01)
            return await notifier.send(message(is_update=True, previous_level="high")), hook

    result, hook = asyncio.run(run())
    assert result == DeliveryResult(channel="slack", ok=True, attempts=1, status=200, error=None)
    assert len(hook.posts) == 1
    payload = hook.posts[0]
    assert payload["text"].startswith("🚨 [CRITICAL]")
    types = [b["type"] for b in payload["blocks"]]
    assert types[0] == "header" and "section" in types and "context" in types and "actions" in types
    assert (
        payload["blocks"][0]["text"]["text"] == "🚨 [CRITICAL] 해지 방어 + 녹음·게시 예고 — 기가인터넷 (call)"
    )
    visible = block_texts(payload)
    assert "긴급 (critical)" in visible  # level field
    assert "해지 (cancellation)" in visible and "기가인터넷" in visible and "통화 (call)" in visible
    assert "상담원 해지/환불 방해" in visible and "공개·언론 제보 예고" in visible
    assert ">이 통화 녹음하고 있어요" in visible and "턴 7" in visible  # evidence as a quote
    assert "업데이트: high → critical" in visible
    buttons = [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["url"] == f"{DASHBOARD}/?event_id=c-001"


def test_slack_escapes_mrkdwn_control_characters() -> None:
    evidence = [{"turn": 3, "text": "<!channel> 보세요 & <https://evil|클릭>", "reason": "publicity_threat"}]
    visible = block_texts(slack_payload(message(evidence=evidence)))
    assert "&lt;!channel&gt; 보세요 &amp; &lt;https://evil|클릭&gt;" in visible
    assert "<!channel>" not in visible


def test_slack_retries_on_500_then_succeeds() -> None:
    async def run() -> tuple[DeliveryResult, Webhook]:
        async with webhook_server(["500", "503"]) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=3, backoff_s=0.01)
            return await notifier.send(message()), hook

    result, hook = asyncio.run(run())
    assert result.ok and result.attempts == 3 and result.status == 200 and result.error is None
    assert len(hook.posts) == 3
    assert hook.posts[0] == hook.posts[2]  # the same payload each time


def test_slack_retries_after_timeout_then_succeeds() -> None:
    async def run() -> tuple[DeliveryResult, Webhook, float]:
        async with webhook_server(["hang"]) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=0.3, retries=2, backoff_s=0.01)
            start = time.monotonic()
            result = await notifier.send(message())
            return result, hook, time.monotonic() - start

    result, hook, elapsed = asyncio.run(run())
    assert result.ok and result.attempts == 2 and result.status == 200
    assert len(hook.posts) == 2
    assert 0.3 <= elapsed < 2.0


def test_slack_gives_up_after_retries_without_raising(caplog: pytest.LogCaptureFixture) -> None:
    async def run() -> tuple[DeliveryResult, Webhook]:
        async with webhook_server(["500"] * 10) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=2, backoff_s=0.01)
            return await notifier.send(message()), hook

    with caplog.at_level(logging.DEBUG):
        result, hook = asyncio.run(run())
    assert not result.ok and result.attempts == 3 and result.status == 500
    assert result.error and "500" in result.error
    assert len(hook.posts) == 3
    assert "SeCrEtToKeN42" not in repr(result) and "SeCrEtToKeN42" not in caplog.text


def test_slack_no_retry_on_400() -> None:
    async def run() -> tuple[DeliveryResult, Webhook]:
        async with webhook_server(["400"]) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=3, backoff_s=0.01)
            return await notifier.send(message()), hook

    result, hook = asyncio.run(run())
    assert not result.ok and result.attempts == 1 and result.status == 400
    assert len(hook.posts) == 1


def test_slack_429_honours_retry_after() -> None:
    async def run() -> tuple[DeliveryResult, float]:
        async with webhook_server(["429:0.3"]) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=2, backoff_s=0.0)
            start = time.monotonic()
            result = await notifier.send(message())
            return result, time.monotonic() - start

    result, elapsed = asyncio.run(run())
    assert result.ok and result.attempts == 2
    assert elapsed >= 0.28  # waited as told, although backoff is 0


def test_slack_429_retry_after_is_capped() -> None:
    async def run() -> tuple[DeliveryResult, float]:
        async with webhook_server(["429:3600"]) as hook:
            notifier = SlackNotifier(hook.url, timeout_s=2, retries=2, backoff_s=0.01, max_delay_s=0.05)
            start = time.monotonic()
            result = await notifier.send(message())
            return result, time.monotonic() - start

    result, elapsed = asyncio.run(run())
    assert result.ok and result.attempts == 2
    assert elapsed < 2.0


def test_slack_unreachable_reports_without_secret(caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}{SECRET_PATH}"
    notifier = SlackNotifier(url, timeout_s=1, retries=2, backoff_s=0.01)
    with caplog.at_level(logging.DEBUG):
        result = asyncio.run(notifier.send(message()))
    assert not result.ok and result.attempts == 3 and result.status is None and result.error
    for text in (repr(result), repr(notifier), caplog.text):
        assert "SeCrEtToKeN42" not in text and SECRET_PATH not in text


# --- e-mail ------------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: records accepted messages; answers DATA from ``replies`` first."""

    def __init__(self, replies: list[str] | None = None) -> None:
        self.replies = list(replies or [])
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.raw = b""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.pop(0)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.raw = envelope.content
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


@contextlib.contextmanager
def smtp_server(replies: list[str] | None = None) -> Any:
    box = Mailbox(replies)
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


def email_notifier(port: int, **kw: Any) -> EmailNotifier:
    args: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "sender": "vocradar@example.com",
        "recipients": ["cs-lead@example.com", "exec@example.com"],
        "timeout_s": 2,
        "retries": 2,
        "backoff_s": 0.01,
    }
    args.update(kw)
    return EmailNotifier(**args)


def test_email_arrives_with_korean_subject_and_escaped_html() -> None:
    evidence = [
        {
            "turn": 7,
            "text": "이 통화 녹음하고 있어요 <script>alert(1)</script>",
            "reason": "publicity_threat",
        },
        {"turn": 9, "text": "유튜브에 올릴 거예요 & 기사 제보", "reason": "publicity_threat"},
    ]
    msg = message(evidence=evidence, is_update=True, previous_level="high")
    with smtp_server() as (box, port):
        result = asyncio.run(email_notifier(port).send(msg))
    assert len(box.messages) == 1
    rcpts, mail = box.messages[0]
    assert result == DeliveryResult(
        channel="email", ok=True, attempts=1, status=250, error=None, ref=mail["Message-ID"]
    )
    assert rcpts == ["cs-lead@example.com", "exec@example.com"]
    assert mail["Subject"] == "🚨 [CRITICAL] 해지 방어 + 녹음·게시 예고 — 기가인터넷 (call)"
    assert b"=?utf-8?" in box.raw.split(b"\r\n\r\n", 1)[0].lower()  # RFC 2047 encoded header
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(preferencelist=("plain",))
    rich = mail.get_body(preferencelist=("html",))
    assert plain is not None and rich is not None
    plain_text, html_text = plain.get_content(), rich.get_content()
    assert "공개·언론 제보 예고" in plain_text and "[턴 7]" in plain_text
    assert "업데이트: high → critical" in plain_text
    assert f"{DASHBOARD}/?event_id=c-001" in plain_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "<script>" not in html_text
    assert "유튜브에 올릴 거예요 &amp; 기사 제보" in html_text
    assert "상담원 해지/환불 방해" in html_text and "업데이트: high → critical" in html_text
    assert f'href="{DASHBOARD}/?event_id=c-001"' in html_text


def test_email_retries_transient_reply_but_not_permanent() -> None:
    with smtp_server(["451 4.3.0 try again later"]) as (box, port):
        transient = asyncio.run(email_notifier(port).send(message()))
    assert transient.ok and transient.attempts == 2 and len(box.messages) == 1

    with smtp_server(["554 5.7.1 rejected"]) as (box, port):
        permanent = asyncio.run(email_notifier(port).send(message()))
    assert not permanent.ok and permanent.attempts == 1 and permanent.status == 554
    assert box.messages == []


def test_email_smtp_down_gives_up_without_raising() -> None:
    notifier = email_notifier(free_port(), retries=2)
    result = asyncio.run(notifier.send(message()))
    assert not result.ok and result.attempts == 3 and result.channel == "email" and result.error


def test_email_login_failure_hides_password(caplog: pytest.LogCaptureFixture) -> None:
    # The test server offers no AUTH: a configuration error, not retried.
    with smtp_server() as (box, port), caplog.at_level(logging.DEBUG):
        notifier = email_notifier(port, user="alerts", password="hunter2-PASSWORD")
        result = asyncio.run(notifier.send(message()))
    assert not result.ok and result.attempts == 1 and box.messages == []
    for text in (repr(result), repr(notifier), caplog.text):
        assert "hunter2-PASSWORD" not in text


# --- wiring ------------------------------------------------------------------------------


def test_build_notifiers_from_settings() -> None:
    none = Settings(_env_file=None, slack_webhook_url=None, smtp_host=None, alert_email_to="")  # type: ignore[call-arg]
    assert build_notifiers(none) == []
    no_rcpt = Settings(_env_file=None, slack_webhook_url=None, smtp_host="127.0.0.1", alert_email_to="")  # type: ignore[call-arg]
    assert build_notifiers(no_rcpt) == []

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_webhook_url=SecretStr("https://hooks.slack.com" + SECRET_PATH),
        smtp_host="127.0.0.1",
        smtp_port=2525,
        smtp_password=SecretStr("hunter2-PASSWORD"),
        alert_email_to="a@example.com, b@example.com",
        notify_retries=4,
    )
    notifiers = build_notifiers(settings)
    assert [n.channel for n in notifiers] == ["slack", "email"]
    assert all(isinstance(n, Notifier) for n in notifiers)
    mail = notifiers[1]
    assert isinstance(mail, EmailNotifier)
    assert mail.recipients == ["a@example.com", "b@example.com"] and mail.port == 2525
    assert "SeCrEtToKeN42" not in repr(notifiers) and "hunter2" not in repr(notifiers)


def test_send_all_delivers_on_both_channels() -> None:
    async def run(port: int) -> tuple[list[DeliveryResult], Webhook]:
        async with webhook_server(["500"]) as hook:
            notifiers: list[Notifier] = [
                SlackNotifier(hook.url, timeout_s=2, retries=1, backoff_s=0.01),
                email_notifier(port),
            ]
            return await send_all(notifiers, message()), hook

    with smtp_server() as (box, port):
        results, hook = asyncio.run(run(port))
    assert [(r.channel, r.ok) for r in results] == [("slack", True), ("email", True)]
    assert results[0].attempts == 2 and len(hook.posts) == 2 and len(box.messages) == 1


# --- threaded updates: Slack Web API and e-mail ------------------------------------------


@dataclass
class SlackApi:
    """Answers ``chat.postMessage`` as Slack does (``{"ok": true, "ts": ...}``), or per ``script``."""

    script: list[str] = field(default_factory=list)  # "500", "invalid_auth", "ratelimited"
    posts: list[dict[str, Any]] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)
    url: str = ""

    async def history(self, request: web.Request) -> web.Response:
        self.auth.append(request.headers.get("Authorization", ""))
        oldest = float(request.query.get("oldest", "0"))
        messages = [p for p in reversed(self.posts) if float(p["ts"]) >= oldest]
        if request.query.get("include_all_metadata") != "true":
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        return web.json_response({"ok": True, "messages": messages, "has_more": False})

    async def handle(self, request: web.Request) -> web.Response:
        self.auth.append(request.headers.get("Authorization", ""))
        body = await request.json()
        action = self.script.pop(0) if self.script else "ok"
        if action == "500":
            return web.Response(status=500, text="boom")
        if action != "ok":
            return web.json_response({"ok": False, "error": action})
        body["ts"] = f"{int(time.time())}.{len(self.posts):06d}"
        self.posts.append(body)
        return web.json_response({"ok": True, "channel": body["channel"], "ts": body["ts"]})


@contextlib.asynccontextmanager
async def slack_api(script: list[str] | None = None) -> AsyncIterator[SlackApi]:
    api = SlackApi(script=list(script or []))
    app = web.Application()
    app.router.add_post("/api/chat.postMessage", api.handle)
    app.router.add_get("/api/conversations.history", api.history)
    runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    api.url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    try:
        yield api
    finally:
        await runner.cleanup()


def test_slack_api_threads_updates_under_the_first_message() -> None:
    from vocradar.connectors.notify import SlackApiNotifier

    async def run() -> tuple[list[DeliveryResult], SlackApi]:
        async with slack_api(["500"]) as api:
            n = SlackApiNotifier("xoxb-SECRET-1", "#cs-exec", api.url, timeout_s=2, retries=2, backoff_s=0.01)
            first = await n.send(message())
            update = message(event_id="tw-1", source="tweet", is_update=True, previous_level="critical")
            second = await n.send(update.threaded({"slack": first.ref or ""}, "원 메시지: 첫 알림"))
            return [first, second], api

    (first, second), api = asyncio.run(run())
    assert first.ok and first.attempts == 2 and first.ref and first.ref.endswith(".000000")
    assert second.ok and second.ref and second.ref.endswith(".000001")
    assert "thread_ts" not in api.posts[0] and api.posts[1]["thread_ts"] == first.ref
    assert api.posts[0]["channel"] == "#cs-exec" and api.posts[0]["blocks"]
    assert "원 메시지: 첫 알림" in str(api.posts[1]["blocks"])
    assert all(a == "Bearer xoxb-SECRET-1" for a in api.auth)


def test_slack_api_error_is_reported_without_the_token(caplog: pytest.LogCaptureFixture) -> None:
    from vocradar.connectors.notify import SlackApiNotifier

    async def run() -> DeliveryResult:
        async with slack_api(["invalid_auth"]) as api:
            n = SlackApiNotifier("xoxb-SECRET-2", "#c", api.url, timeout_s=2, retries=3, backoff_s=0.01)
            return await n.send(message())

    with caplog.at_level(logging.WARNING):
        result = asyncio.run(run())
    assert not result.ok and result.attempts == 1 and "invalid_auth" in (result.error or "")
    assert "xoxb-SECRET-2" not in caplog.text and "xoxb-SECRET-2" not in repr(result)


def test_email_update_replies_to_the_first_message() -> None:
    async def run(port: int) -> tuple[DeliveryResult, DeliveryResult]:
        n = email_notifier(port)
        first = await n.send(message())
        update = message(event_id="tw-1", is_update=True, previous_level="high")
        second = await n.send(update.threaded({"email": first.ref or ""}, "원 메시지: 첫 알림"))
        return first, second

    with smtp_server() as (box, port):
        first, second = asyncio.run(run(port))
    (_, mail1), (_, mail2) = box.messages
    assert first.ref == mail1["Message-ID"] and second.ref == mail2["Message-ID"]
    assert mail1["In-Reply-To"] is None
    assert mail2["In-Reply-To"] == mail1["Message-ID"] and mail2["References"] == mail1["Message-ID"]
    assert str(mail2["Subject"]).startswith("Re: ")
    assert "원 메시지: 첫 알림" in mail2.get_body(("plain",)).get_content()


def test_webhook_update_says_update_and_names_the_first_message() -> None:
    update = message(is_update=True, previous_level="high").threaded({}, "원 메시지: 🚨 [CRITICAL] 해지 방어")
    text = str(slack_payload(update))
    assert "업데이트" in text and "원 메시지" in text


def test_bot_token_selects_the_web_api() -> None:
    from vocradar.connectors.notify import SlackApiNotifier

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_webhook_url=SecretStr("https://hooks.slack.com" + SECRET_PATH),
        slack_bot_token=SecretStr("xoxb-SECRET-3"),
        smtp_host=None,
    )
    (slack,) = build_notifiers(settings)
    assert isinstance(slack, SlackApiNotifier) and "xoxb-SECRET-3" not in repr(slack)


def test_digest_lists_incidents() -> None:
    from vocradar.connectors.notify import digest_message

    msg = digest_message(
        [
            {
                "incident_key": "k1",
                "risk_level": "high",
                "categories": ["billing"],
                "sources": ["tweet"],
                "reasons": ["burst"],
                "event_count": 7,
            },
        ],
        DASHBOARD,
        "2026-11-23 10:00 UTC",
    )
    assert "1건" in msg.title and "k1" in msg.text() and "이벤트 7건" in msg.text()


# --- safe headers ----------------------------------------------------------------------------


def test_header_safe_turns_line_breaks_into_spaces() -> None:
    from vocradar.connectors.notify import header_safe

    assert header_safe("기가\r\nBcc: evil@example.com\x00 끝\u2028") == "기가 Bcc: evil@example.com 끝"


def test_a_newline_in_product_becomes_a_safe_subject_not_an_injected_header() -> None:
    msg = message(product="기가인터넷\r\nBcc: evil@example.com", event_id="c-9\nX-Evil: 1")
    assert "\n" not in msg.title and "\r" not in msg.title
    with smtp_server() as (box, port):
        result = asyncio.run(email_notifier(port).send(msg))
    assert result.ok
    ((rcpts, mail),) = box.messages
    assert rcpts == ["cs-lead@example.com", "exec@example.com"]
    assert mail["Bcc"] is None and mail["X-Evil"] is None
    assert "기가인터넷 Bcc: evil@example.com" in str(mail["Subject"])
    assert b"\r\nBcc:" not in box.raw


def test_whatever_building_the_email_raises_is_a_failed_delivery_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import vocradar.connectors.notify as notify

    def refuse(*_: Any, **__: Any) -> None:
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    monkeypatch.setattr(notify, "build_email", refuse)  # the fault the header check used to raise
    with smtp_server() as (box, port):
        result = asyncio.run(email_notifier(port, retries=2).send(message()))
    assert not result.ok and result.attempts == 1 and "ValueError" in (result.error or "")
    assert box.messages == []


# --- the outbox ----------------------------------------------------------------------------


def _outbox(notifiers: list[Notifier], store: Any = None, **policy: float) -> Any:
    from vocradar.connectors.notify import MemoryOutbox, Outbox, OutboxPolicy

    args = {"lease_s": 10.0, "settle_s": 0.0, "retry_base_s": 0.05, "retry_max_s": 0.2, **policy}
    return Outbox(store if store is not None else MemoryOutbox(), notifiers, OutboxPolicy(**args))


def test_message_keys_are_deterministic_and_distinct() -> None:
    from vocradar.connectors.notify import message_key

    k = message_key("conv-1", "open", "", "slack")
    assert k == message_key("conv-1", "open", "", "slack") and len(k) == 32
    others = {
        message_key("conv-1", "open", "", "email"),
        message_key("conv-1", "update", "tw-1", "slack"),
        message_key("conv-1", "update", "tw-2", "slack"),
        message_key("conv-2", "open", "", "slack"),
    }
    assert k not in others and len(others) == 4


def test_message_survives_the_round_trip_through_its_record() -> None:
    msg = message(is_update=True, previous_level="high").threaded({"slack": "1.2"}, "원 메시지: x")
    back = AlertMessage.from_dict(json.loads(json.dumps(msg.to_dict(), ensure_ascii=False)))
    assert back == msg


def test_outbox_sends_once_per_key_and_records_pending_then_sent() -> None:
    from vocradar.connectors.notify import MemoryOutbox

    async def run() -> tuple[list[Any], list[Any], Webhook, Any]:
        async with webhook_server() as hook:
            states: list[str] = []

            class Recording(MemoryOutbox):
                def put(self, rows: Any) -> None:
                    states.extend(r["state"] for r in rows)
                    super().put(rows)

            notifier = SlackNotifier(hook.url, timeout_s=2, retries=1, backoff_s=0.01)
            box = _outbox([notifier], Recording())
            row = box.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            first = await box.submit([row])
            again = await box.submit([dict(row)])  # a redelivered alert: same key
            return first, again, hook, states

    first, again, hook, states = asyncio.run(run())
    assert [o.state for o in first] == ["sent"] and [o.state for o in again] == ["already"]
    assert len(hook.posts) == 1
    assert states == ["pending", "sent"]  # recorded before it was sent, then marked


def test_a_message_pending_under_another_workers_lease_is_left_to_it() -> None:
    from vocradar.connectors.notify import MemoryOutbox

    async def run() -> tuple[list[Any], Webhook]:
        async with webhook_server() as hook:
            store = MemoryOutbox()
            box = _outbox([SlackNotifier(hook.url, timeout_s=2, retries=0)], store)
            row = box.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            lease_end = int((time.time() + 60) * 1000)
            store.put([{**row, "state": "pending", "owner": "worker-a", "due_ms": lease_end, "version": 1}])
            outcomes = await box.submit([row])
            outcomes += await box.retry_due()  # not due: the lease is live
            return outcomes, hook

    outcomes, hook = asyncio.run(run())
    assert [o.state for o in outcomes] == ["in_flight"] and hook.posts == []


def test_two_workers_claiming_at_once_send_one_message() -> None:
    from vocradar.connectors.notify import MemoryOutbox

    async def run() -> tuple[list[Any], Webhook]:
        async with webhook_server() as hook:
            store = MemoryOutbox()
            a = _outbox([SlackNotifier(hook.url, timeout_s=2, retries=0)], store, settle_s=0.2)
            b = _outbox([SlackNotifier(hook.url, timeout_s=2, retries=0)], store, settle_s=0.2)
            row = a.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            # both read "no record" before either wrote its claim: the read-back decides
            got = await asyncio.gather(a.submit([dict(row)]), b.submit([dict(row)]))
            return [o for outs in got for o in outs], hook

    outcomes, hook = asyncio.run(run())
    assert sorted(o.state for o in outcomes) == ["lost_claim", "sent"]
    assert len(hook.posts) == 1


def test_a_failed_channel_is_retried_with_backoff_until_it_succeeds() -> None:
    from vocradar.connectors.notify import MemoryOutbox

    async def run() -> tuple[list[str], Webhook, MemoryOutbox, list[int]]:
        async with webhook_server(["500", "500", "500", "500"]) as hook:
            store = MemoryOutbox()
            box = _outbox([SlackNotifier(hook.url, timeout_s=2, retries=1, backoff_s=0.01)], store)
            row = box.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            states = [o.state for o in await box.submit([row])]
            delays = [store.rows[row["message_key"]]["due_ms"] - store.rows[row["message_key"]]["updated_ms"]]
            assert await box.retry_due() == []  # not due yet
            for _ in range(40):
                await asyncio.sleep(0.05)
                for o in await box.retry_due():
                    states.append(o.state)
                    cur = store.rows[row["message_key"]]
                    delays.append(cur["due_ms"] - cur["updated_ms"])
                if states[-1] == "sent":
                    break
            return states, hook, store, delays

    states, hook, store, delays = asyncio.run(run())
    assert states == ["failed", "failed", "sent"]  # two attempts per round: 500, 500 | 500, 500 | 200
    assert len(hook.posts) == 5 and hook.posts[0] == hook.posts[-1]
    assert 40 <= delays[0] <= 50 and 80 <= delays[1] <= 100  # 50 ms, then doubled (with jitter)
    (rec,) = store.rows.values()
    assert rec["state"] == "sent" and rec["rounds"] == 3 and rec["attempts"] == 5
    assert [d["ok"] for d in store.deliveries] == [0, 0, 1]


def test_an_operator_gives_up_and_the_retries_stop() -> None:
    from vocradar.connectors.notify import MemoryOutbox, give_up

    store = MemoryOutbox()
    box = _outbox([email_notifier(free_port(), retries=0)], store)
    row = box.new_row(message(), incident_key="conv-77", kind="open", channel="email")
    assert [o.state for o in asyncio.run(box.submit([row]))] == ["failed"]
    assert give_up(store, "nope") is None
    given = give_up(store, row["message_key"][:10], actor="ops")  # a unique prefix is enough
    assert given is not None and given["state"] == "given_up" and "ops" in given["error"]
    store.rows[row["message_key"]]["due_ms"] = 0
    assert asyncio.run(box.retry_due()) == []
    assert [o.state for o in asyncio.run(box.submit([row]))] == ["already"]


class _Crash(Exception):
    """Stands for the worker process dying (the integration tests kill a real one)."""


def _crash(row: Any) -> None:
    raise _Crash(row["message_key"])


def test_an_interrupted_webhook_message_is_resent_flagged_and_an_api_message_is_found() -> None:
    from vocradar.connectors.notify import RESENT_NOTE, MemoryOutbox, SlackApiNotifier

    async def run() -> tuple[Webhook, SlackApi, MemoryOutbox]:
        async with webhook_server() as hook, slack_api() as api:
            store = MemoryOutbox()
            crashed = _outbox([SlackNotifier(hook.url, timeout_s=2, retries=0)], store)
            hook_row = crashed.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            api_notifier = SlackApiNotifier("xoxb-T", "C123", api.url, timeout_s=2, retries=0)
            api_row = crashed.new_row(message(), incident_key="conv-78", kind="open", channel="slack")
            # a worker that dies right after the channel accepted each message, before recording it
            crashed.on_delivered = _crash
            for box_notifier, row in ((None, hook_row), (api_notifier, api_row)):
                if box_notifier is not None:
                    crashed.notifiers = {"slack": box_notifier}
                with contextlib.suppress(_Crash):
                    await crashed.submit([row])
            assert {r["state"] for r in store.rows.values()} == {"pending"}
            for r in store.rows.values():
                r["due_ms"] = 0  # the dead worker's lease ends
            await _outbox([SlackNotifier(hook.url, timeout_s=2, retries=0)], store).retry_due(limit=1)
            hook_key = hook_row["message_key"]
            assert store.rows[hook_key]["state"] == "sent"
            await _outbox([api_notifier], store).retry_due()
            return hook, api, store

    hook, api, store = asyncio.run(run())
    assert len(hook.posts) == 2  # the webhook cannot be asked: sent again, saying so
    assert RESENT_NOTE not in str(hook.posts[0]) and RESENT_NOTE in str(hook.posts[1])
    assert len(api.posts) == 1  # found in the channel's history by its key: not sent again
    assert api.posts[0]["metadata"]["event_payload"]["message_key"]
    assert {r["state"] for r in store.rows.values()} == {"sent"}
    api_rec = next(r for r in store.rows.values() if r["incident_key"] == "conv-78")
    assert api_rec["ref"] == api.posts[0]["ts"]


def test_an_email_sent_again_keeps_its_message_id_and_updates_reply_to_it() -> None:
    from vocradar.connectors.notify import MemoryOutbox, email_message_id

    async def run(port: int) -> MemoryOutbox:
        store = MemoryOutbox()
        box = _outbox([email_notifier(port)], store)
        first = box.new_row(message(), incident_key="conv-77", kind="open", channel="email")
        await box.submit([first])
        # the same message found pending after a crash: sent again with the same Message-ID
        store.put([{**store.rows[first["message_key"]], "state": "pending", "due_ms": 0, "version": 2**62}])
        await box.retry_due()
        update = box.new_row(
            message(event_id="tw-1", is_update=True, previous_level="high"),
            incident_key="conv-77",
            kind="update",
            channel="email",
            trigger="tw-1",
            parent_key=first["message_key"],
        )
        await box.submit([update])
        return store

    with smtp_server() as (box, port):
        store = asyncio.run(run(port))
    (_, m1), (_, m2), (_, m3) = box.messages
    keys = [r["message_key"] for r in sorted(store.rows.values(), key=lambda r: r["kind"])]
    assert m1["Message-ID"] == m2["Message-ID"] == email_message_id(keys[0], "vocradar@example.com")
    assert m1["X-VOCRadar-Resent"] is None and m2["X-VOCRadar-Resent"] == "1"
    assert m3["In-Reply-To"] == m1["Message-ID"] and m3["Message-ID"] != m1["Message-ID"]


def test_a_delivery_longer_than_its_lease_is_cut_and_marked_unknown() -> None:
    async def run() -> tuple[list[Any], Any]:
        async with webhook_server(["hang"]) as hook:
            box = _outbox([SlackNotifier(hook.url, timeout_s=5, retries=0)], lease_s=1.3)
            row = box.new_row(message(), incident_key="conv-77", kind="open", channel="slack")
            start = time.monotonic()
            outcomes = await box.submit([row])
            assert time.monotonic() - start < 1.3  # stopped before the lease ended
            return outcomes, box.store.rows[row["message_key"]]

    outcomes, rec = asyncio.run(run())
    assert [o.state for o in outcomes] == ["failed"] and "lease" in (outcomes[0].error or "")
    assert rec["state"] == "failed" and rec["unknown"] == 1  # the next round says 재전송
