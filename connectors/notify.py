"""Alert delivery to people: Slack (Web API or incoming webhook) and e-mail, with threaded updates.

An alert is a scored event (contract section 4, text already masked) that reached a person's
attention. :meth:`AlertMessage.from_alert` turns it into the human content once (Korean title,
labels for the level, category and reasons, evidence quotes with their turn, a dashboard link),
and each :class:`Notifier` renders that content for its channel:

- :class:`SlackApiNotifier` posts Block Kit JSON with a bot token through ``chat.postMessage``;
  an update of an incident goes into the thread of its first message (``thread_ts``);
- :class:`SlackNotifier` posts Block Kit JSON to an incoming webhook with aiohttp; webhooks
  cannot thread, so an update is a new message that says 업데이트 and names the first one;
- :class:`EmailNotifier` sends a ``multipart/alternative`` (plain text + HTML) message with the
  standard library's :mod:`smtplib`, run off the event loop in a thread; an update carries
  ``In-Reply-To`` and ``References`` to the first message so mail clients thread it.

Each result carries the channel's reference of what it sent (Slack ``ts``, e-mail
``Message-ID``); the caller keeps the first one per incident and passes it back in
:attr:`AlertMessage.thread` for the updates.

Both retry with exponential backoff and jitter on failures that can heal (connection errors,
timeouts, HTTP 5xx and 429, SMTP 4xx) and give up at once on the others. ``send`` never raises
(except on cancellation): it returns a :class:`DeliveryResult`. Secrets (the webhook URL, which
is itself the credential, and the SMTP password) never appear in results, errors or logs.

Deciding *whether* to notify (minimum level, one message per incident, Slack's one message per
second) belongs to the caller; this module only delivers.
"""

from __future__ import annotations

import asyncio
import email.utils
import html
import json
import logging
import random
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import quote

import aiohttp

if TYPE_CHECKING:
    from vocradar.settings import Settings

__all__ = [
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "REASON_LABELS",
    "AlertMessage",
    "DeliveryResult",
    "EmailNotifier",
    "Evidence",
    "Notifier",
    "SlackApiNotifier",
    "SlackNotifier",
    "build_email",
    "build_notifiers",
    "digest_message",
    "send_all",
    "slack_payload",
]

log = logging.getLogger(__name__)

# --- labels -----------------------------------------------------------------------------

#: Korean label of each reason code (contract section 3), as shown in the message body.
REASON_LABELS: dict[str, str] = {
    "publicity_threat": "공개·언론 제보 예고",
    "regulator_threat": "규제기관·소송 언급",
    "agent_obstruction": "상담원 해지/환불 방해",
    "agent_hostility": "상담원 불친절·비하",
    "customer_abuse": "고객 폭언·위협 (상담원 보호)",
    "churn_intent": "이탈 의사",
    "repeat_contact": "반복 문의",
    "high_reach": "영향력 큰 발신자",
    "burst": "이슈 급증",
    "service_outage": "서비스 장애",
}

# Short forms for the title, where space is tight.
_REASON_SHORT: dict[str, str] = {
    "publicity_threat": "녹음·게시 예고",
    "regulator_threat": "민원·소송 예고",
    "agent_obstruction": "요청 방해",
    "agent_hostility": "상담원 불친절",
    "customer_abuse": "상담원 폭언 피해",
    "churn_intent": "이탈 의사",
    "repeat_contact": "반복 문의",
    "high_reach": "영향력 큰 발신자",
    "burst": "이슈 급증",
    "service_outage": "서비스 장애",
}
# What an obstructed request is depends on its topic: 해지 방어 is the cancellation case.
_OBSTRUCTION_BY_CATEGORY: dict[str, str] = {
    "cancellation": "해지 방어",
    "delivery_refund": "환불 방해",
    "billing": "환불·정정 방해",
}

#: Korean label of each complaint category code (contract section 2).
CATEGORY_LABELS: dict[str, str] = {
    "billing": "요금·청구",
    "cancellation": "해지",
    "network": "통신 품질·장애",
    "device": "단말기·장비",
    "installation": "개통·설치",
    "agent_conduct": "상담원 태도",
    "privacy": "개인정보·명의도용",
    "sales_contract": "가입·계약",
    "delivery_refund": "배송·교환·환불",
    "inquiry": "일반 문의",
    "praise": "칭찬",
    "other": "기타",
}

#: Korean label of each risk level.
LEVEL_LABELS: dict[str, str] = {"critical": "긴급", "high": "높음", "medium": "보통", "low": "낮음"}

_SOURCE_LABELS: dict[str, str] = {
    "call": "통화",
    "ticket": "문의 티켓",
    "tweet": "SNS 게시물",
    "note": "상담 메모",
    "chat": "채팅",
    "email": "이메일",
}
_LEVEL_EMOJI: dict[str, str] = {"critical": "🚨", "high": "⚠️", "medium": "🔔", "low": "ℹ️"}

_MAX_TITLE_REASONS = 3
_MAX_EVIDENCE = 5
_MAX_EVIDENCE_CHARS = 500
_SLACK_HEADER_MAX = 150  # Block Kit limit of a header's plain_text


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


# --- the message ------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One quoted piece of the contact that supports a reason."""

    text: str
    turn: int | None = None
    reason: str | None = None  # reason code
    reason_label: str | None = None

    @property
    def where(self) -> str:
        """Where the quote is, in Korean (``"턴 7"``), or ``""`` when the source has no turns."""
        return f"턴 {self.turn}" if self.turn is not None else ""


@dataclass(frozen=True)
class AlertMessage:
    """The human content of one alert, built once and rendered by every channel.

    Build it with :meth:`from_alert`; the fields are plain data so a notifier never has to look
    at the raw alert again.
    """

    event_id: str
    title: str
    level: str
    level_label: str
    risk: float | None
    category: str
    category_label: str
    product: str
    source: str
    source_label: str
    reasons: tuple[str, ...]
    reason_labels: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    link: str
    update_note: str | None = None
    incident_key: str = ""
    occurred_at: str = ""
    agent_team: str = ""
    category_confidence: float | None = None
    incident_note: str | None = None
    thread: Mapping[str, str] = field(default_factory=dict)
    reference: str | None = None

    def threaded(self, thread: Mapping[str, str], reference: str | None) -> AlertMessage:
        """This message as an update of an earlier one (``thread``: channel -> its reference)."""
        return replace(self, thread=dict(thread), reference=reference)

    @classmethod
    def from_alert(cls, alert: Mapping[str, Any], dashboard_url: str) -> AlertMessage:
        """Build the message of a scored event.

        Parameters
        ----------
        alert
            The scored event (``event_id``, ``risk_level``, ``category``, ``reasons``,
            ``evidence``... as in the contract; missing fields are tolerated).
        dashboard_url
            Base URL of the dashboard; the link is ``{dashboard_url}/?event_id=<id>``.
        """
        event_id = _str(alert.get("event_id")) or "?"
        level = _str(alert.get("risk_level")).lower()
        category = _str(alert.get("category"))
        product = _str(alert.get("product"))
        source = _str(alert.get("source"))
        codes = tuple(_str(r) for r in (alert.get("reasons") or []) if _str(r))
        risk = _float_or_none(alert.get("risk"))

        evidence: list[Evidence] = []
        for item in list(alert.get("evidence") or [])[:_MAX_EVIDENCE]:
            if not isinstance(item, Mapping):
                continue
            text = _str(item.get("text"))
            if not text:
                continue
            turn = item.get("turn")
            code = _str(item.get("reason")) or None
            evidence.append(
                Evidence(
                    text=_truncate(text, _MAX_EVIDENCE_CHARS),
                    turn=int(turn) if isinstance(turn, int | float) and not isinstance(turn, bool) else None,
                    reason=code,
                    reason_label=REASON_LABELS.get(code, code) if code else None,
                )
            )

        incident = alert.get("incident")
        incident_note = None
        if isinstance(incident, Mapping) and incident.get("events"):
            sources = ", ".join(_SOURCE_LABELS.get(str(x), str(x)) for x in incident.get("sources") or [])
            incident_note = f"사건 이벤트 {int(incident['events'])}건 · 채널: {sources or '-'}"
            customers = int(incident.get("customers") or 0)
            if customers > 1:
                incident_note += f" · 고객 {customers}명"
        update_note = None
        if alert.get("is_update"):
            previous = _str(alert.get("previous_level")).lower()
            update_note = (
                f"업데이트: {previous} → {level or '?'}" if previous else f"업데이트: {level or '?'}"
            )

        return cls(
            event_id=event_id,
            title=_title(level, category, codes, product, source),
            level=level,
            level_label=LEVEL_LABELS.get(level, level or "?"),
            risk=risk,
            category=category,
            category_label=CATEGORY_LABELS.get(category, category or "미분류"),
            product=product,
            source=source,
            source_label=_SOURCE_LABELS.get(source, source),
            reasons=codes,
            reason_labels=tuple(REASON_LABELS.get(c, c) for c in codes),
            evidence=tuple(evidence),
            link=f"{dashboard_url.rstrip('/')}/?event_id={quote(event_id, safe='')}",
            update_note=update_note,
            incident_key=_str(alert.get("incident_key")),
            occurred_at=_str(alert.get("occurred_at")),
            agent_team=_str(alert.get("agent_team")),
            category_confidence=_float_or_none(alert.get("category_confidence")),
            incident_note=incident_note,
        )

    # The summary fields every channel shows, as (label, value) pairs.
    @property
    def fields(self) -> list[tuple[str, str]]:
        """Level, category, product and source as ``(label, value)`` pairs, in Korean."""
        level = f"{self.level_label} ({self.level})" if self.level else self.level_label
        if self.risk is not None:
            level += f" · 위험도 {self.risk:.2f}"
        category = f"{self.category_label} ({self.category})" if self.category else self.category_label
        source = f"{self.source_label} ({self.source})" if self.source else "-"
        return [("등급", level), ("유형", category), ("상품", self.product or "-"), ("채널", source)]

    @property
    def context(self) -> str:
        """One line of identifiers: event, incident, time, team."""
        parts = [f"이벤트 {self.event_id}"]
        if self.incident_key:
            parts.append(f"사건 {self.incident_key}")
        if self.occurred_at:
            parts.append(f"발생 {self.occurred_at}")
        if self.agent_team:
            parts.append(f"상담팀 {self.agent_team}")
        return " · ".join(parts)

    def text(self) -> str:
        """The whole message as plain text (e-mail body, logs)."""
        lines = [self.title]
        if self.update_note:
            lines.append(self.update_note)
        if self.reference:
            lines.append(self.reference)
        if self.incident_note:
            lines.append(self.incident_note)
        lines.append("")
        lines.extend(f"{label}: {value}" for label, value in self.fields)
        if self.reason_labels:
            lines += ["", "사유:"]
            lines.extend(f"- {label}" for label in self.reason_labels)
        if self.evidence:
            lines += ["", "근거 발화:"]
            for ev in self.evidence:
                where = f"[{ev.where}] " if ev.where else ""
                why = f" ({ev.reason_label})" if ev.reason_label else ""
                lines.append(f'- {where}"{ev.text}"{why}')
        lines += ["", f"대시보드에서 보기: {self.link}", self.context]
        return "\n".join(lines)

    def html(self) -> str:
        """The whole message as a small HTML document; every piece of text is escaped."""
        e = html.escape
        out = [
            '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"></head>',
            '<body style="font-family:sans-serif;line-height:1.5">',
            f"<h2>{e(self.title)}</h2>",
        ]
        if self.update_note:
            out.append(f"<p><strong>{e(self.update_note)}</strong></p>")
        if self.reference:
            out.append(f"<p>{e(self.reference)}</p>")
        if self.incident_note:
            out.append(f"<p>{e(self.incident_note)}</p>")
        out.append('<table cellpadding="4" style="border-collapse:collapse">')
        out.extend(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in self.fields)
        out.append("</table>")
        if self.reason_labels:
            out.append("<h3>사유</h3><ul>")
            out.extend(f"<li>{e(label)}</li>" for label in self.reason_labels)
            out.append("</ul>")
        if self.evidence:
            out.append("<h3>근거 발화</h3>")
            for ev in self.evidence:
                head = " · ".join(x for x in (ev.where, ev.reason_label or "") if x)
                if head:
                    out.append(f"<p style='margin-bottom:0;color:#555'>{e(head)}</p>")
                out.append(
                    "<blockquote style='margin:0 0 8px 0;padding-left:8px;border-left:3px solid #ccc'>"
                    f"{e(ev.text)}</blockquote>"
                )
        out.append(f'<p><a href="{e(self.link, quote=True)}">대시보드에서 보기</a></p>')
        out.append(f"<p style='color:#777;font-size:small'>{e(self.context)}</p>")
        out.append("</body></html>")
        return "\n".join(out)


def _float_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _title(level: str, category: str, codes: Sequence[str], product: str, source: str) -> str:
    emoji = _LEVEL_EMOJI.get(level, "🔔")
    tag = level.upper() if level else "ALERT"
    heads: list[str] = []
    for code in codes:
        if code == "agent_obstruction":
            short = _OBSTRUCTION_BY_CATEGORY.get(category, _REASON_SHORT[code])
        else:
            short = _REASON_SHORT.get(code, REASON_LABELS.get(code, code))
        if short not in heads:
            heads.append(short)
    if heads:
        what = " + ".join(heads[:_MAX_TITLE_REASONS])
        if len(heads) > _MAX_TITLE_REASONS:
            what += f" 외 {len(heads) - _MAX_TITLE_REASONS}건"
    else:
        what = CATEGORY_LABELS.get(category, category or "고객 이슈")
    title = f"{emoji} [{tag}] {what}"
    if product:
        title += f" — {product}"
    if source:
        title += f" ({source})"
    return title


# --- rendering --------------------------------------------------------------------------


def _mrkdwn(text: str) -> str:
    # Slack's mrkdwn treats &, < and > as control characters (links, mentions).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(msg: AlertMessage) -> dict[str, Any]:
    """The Block Kit payload of an alert (``text`` fallback + ``blocks``)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _truncate(msg.title, _SLACK_HEADER_MAX)}},
    ]
    if msg.update_note:
        note = f"*{_mrkdwn(msg.update_note)}*"
        if msg.reference:
            note += f"\n{_mrkdwn(msg.reference)}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": note}})
    if msg.incident_note:
        note_el = {"type": "mrkdwn", "text": _mrkdwn(msg.incident_note)}
        blocks.append({"type": "context", "elements": [note_el]})
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*{_mrkdwn(label)}*\n{_mrkdwn(value)}"}
                for label, value in msg.fields
            ],
        }
    )
    if msg.reason_labels:
        reasons = "\n".join(f"• {_mrkdwn(label)}" for label in msg.reason_labels)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*사유*\n{reasons}"}})
    for ev in msg.evidence:
        head = " · ".join(x for x in (ev.where, ev.reason_label or "") if x) or "근거"
        quoted = "\n".join(f">{_mrkdwn(line)}" for line in ev.text.splitlines() or [""])
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{_mrkdwn(head)}*\n{quoted}"}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn(msg.context)}]})
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "대시보드에서 보기"},
                    "url": msg.link,
                    "action_id": "open_dashboard",
                    **({"style": "danger"} if msg.level == "critical" else {}),
                }
            ],
        }
    )
    fallback = msg.title
    if msg.reason_labels:
        fallback += " · " + ", ".join(msg.reason_labels)
    return {"text": _mrkdwn(fallback), "blocks": blocks}


def build_email(msg: AlertMessage, sender: str, recipients: Sequence[str]) -> EmailMessage:
    """The ``multipart/alternative`` e-mail of an alert (UTF-8 subject, plain + HTML bodies).

    An update (``msg.thread["email"]`` set to the first message's ``Message-ID``) replies to it:
    ``In-Reply-To`` and ``References`` thread it in every mail client.
    """
    mail = EmailMessage()
    parent = msg.thread.get("email") if msg.thread else None
    mail["Subject"] = f"Re: {msg.title}" if parent else msg.title
    if parent:
        mail["In-Reply-To"] = parent
        mail["References"] = parent
    mail["From"] = sender
    mail["To"] = ", ".join(recipients)
    mail["Date"] = email.utils.formatdate(localtime=False)
    domain = sender.rpartition("@")[2] or "vocradar.localhost"
    # An explicit domain: make_msgid() would otherwise resolve this host's FQDN (slow without DNS).
    mail["Message-ID"] = email.utils.make_msgid(domain=domain)
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-VOCRadar-Event-Id"] = msg.event_id
    if msg.level:
        mail["X-VOCRadar-Level"] = msg.level
    # base64 keeps the Korean body 7-bit clean for servers without 8BITMIME.
    mail.set_content(msg.text(), subtype="plain", charset="utf-8", cte="base64")
    mail.add_alternative(msg.html(), subtype="html", charset="utf-8", cte="base64")
    return mail


# --- delivery ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryResult:
    """Outcome of one alert on one channel.

    Attributes
    ----------
    channel
        ``"slack"`` or ``"email"``.
    ok
        True when the receiver accepted the message.
    attempts
        Attempts made (1 + retries used).
    status
        Last HTTP status or SMTP reply code, when there was one.
    error
        Why the last attempt failed (never contains a secret), ``None`` on success.
    ref
        The channel's reference of the message sent (Slack ``ts``, e-mail ``Message-ID``), when known.
    """

    channel: str
    ok: bool
    attempts: int
    status: int | None = None
    error: str | None = None
    ref: str | None = None


@runtime_checkable
class Notifier(Protocol):
    """Delivers alert messages to one channel; ``send`` never raises."""

    channel: str

    async def send(self, msg: AlertMessage) -> DeliveryResult:
        """Deliver one message, retrying transient failures."""
        ...


@dataclass
class _Outcome:
    ok: bool
    retryable: bool = False
    status: int | None = None
    error: str | None = None
    retry_after: float | None = None
    ref: str | None = None


_URL_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+")


@dataclass
class _Retrier:
    channel: str
    retries: int
    backoff_s: float
    max_delay_s: float
    secrets: Sequence[str] = field(default_factory=tuple)

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "***")
        return _URL_RE.sub("<url>", text)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_delay_s))
        base = min(self.backoff_s * (2 ** (attempt - 1)), self.max_delay_s)
        return base * random.uniform(0.5, 1.0)  # jitter: spread retries of many workers

    async def run(self, attempt_fn: Callable[[], Awaitable[_Outcome]]) -> DeliveryResult:
        total = 1 + max(0, self.retries)
        outcome = _Outcome(ok=False, error="not attempted")
        attempt = 0
        for attempt in range(1, total + 1):
            try:
                outcome = await attempt_fn()
            except Exception as exc:  # a bug or an unforeseen failure: report it, never raise
                outcome = _Outcome(ok=False, retryable=False, error=f"{type(exc).__name__}: {exc}")
            if outcome.error:
                outcome.error = self.scrub(outcome.error)[:300]
            if outcome.ok:
                break
            log.warning(
                "%s delivery attempt %d/%d failed (status=%s): %s",
                self.channel,
                attempt,
                total,
                outcome.status,
                outcome.error,
            )
            if not outcome.retryable or attempt == total:
                break
            await asyncio.sleep(self.delay(attempt, outcome.retry_after))
        return DeliveryResult(
            channel=self.channel,
            ok=outcome.ok,
            attempts=attempt,
            status=outcome.status,
            error=None if outcome.ok else outcome.error,
            ref=outcome.ref if outcome.ok else None,
        )


def _http_failure(exc: BaseException, timeout_s: float) -> _Outcome:
    """The outcome of a Slack request that got no answer: a timeout or a client error (an
    ``InvalidURL`` and the like would fail the same way again, so only those are final)."""
    if isinstance(exc, TimeoutError):
        return _Outcome(False, True, None, f"timeout after {timeout_s:g} s")
    retryable = not isinstance(exc, aiohttp.InvalidURL)
    return _Outcome(False, retryable, None, f"{type(exc).__name__}: {exc}")


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class SlackNotifier:
    """Posts alerts to a Slack incoming webhook.

    Parameters
    ----------
    webhook_url
        The incoming-webhook URL. It is a credential: it is never logged or reported.
    timeout_s
        Timeout of one attempt (connect + response).
    retries
        Attempts after the first on connection errors, timeouts, 5xx and 429.
    backoff_s
        First backoff delay; doubled on each retry, with jitter.
    max_delay_s
        Cap of one backoff delay and of a ``Retry-After`` wait.
    """

    channel = "slack"

    def __init__(
        self,
        webhook_url: str,
        timeout_s: float,
        retries: int,
        backoff_s: float = 0.5,
        *,
        max_delay_s: float = 30.0,
    ) -> None:
        self._url = webhook_url
        self.timeout_s = timeout_s
        self._retrier = _Retrier("slack", retries, backoff_s, max_delay_s, secrets=(webhook_url,))

    def __repr__(self) -> str:
        return f"SlackNotifier(timeout_s={self.timeout_s}, retries={self._retrier.retries})"

    async def send(self, msg: AlertMessage) -> DeliveryResult:
        """Post one alert; returns how it went (never raises)."""
        payload = slack_payload(msg)
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def attempt() -> _Outcome:
                try:
                    async with session.post(self._url, json=payload, allow_redirects=False) as resp:
                        body = (await resp.text(errors="replace"))[:200]
                        status = resp.status
                        if 200 <= status < 300:
                            return _Outcome(ok=True, status=status)
                        error = f"HTTP {status}: {body}".strip()
                        if status == 429:
                            retry_after = _parse_retry_after(resp.headers.get("Retry-After"))
                            return _Outcome(False, True, status, error, retry_after)
                        return _Outcome(False, status >= 500, status, error)
                except (TimeoutError, aiohttp.ClientError) as exc:
                    return _http_failure(exc, self.timeout_s)

            result = await self._retrier.run(attempt)
        if result.ok:
            log.info("slack alert %s delivered (%d attempt(s))", msg.event_id, result.attempts)
        return result


class SlackApiNotifier:
    """Posts alerts with a bot token through the Slack Web API (``chat.postMessage``).

    Unlike an incoming webhook, the API answers with the message's ``ts``, so an incident's
    updates go into the thread of its first message (``msg.thread["slack"]``).

    Parameters
    ----------
    token
        The bot token (``xoxb-...``). A credential: never logged or reported.
    channel
        Channel id or name to post to.
    api_url
        Base URL of the Web API (``https://slack.com/api``; tests point it at a local receiver).
    timeout_s, retries, backoff_s, max_delay_s
        As for :class:`SlackNotifier`.
    """

    channel = "slack"

    def __init__(
        self,
        token: str,
        channel: str,
        api_url: str,
        timeout_s: float,
        retries: int,
        backoff_s: float = 0.5,
        *,
        max_delay_s: float = 30.0,
    ) -> None:
        self._token = token
        self.slack_channel = channel
        self.api_url = api_url.rstrip("/")
        self.timeout_s = timeout_s
        self._retrier = _Retrier("slack", retries, backoff_s, max_delay_s, secrets=(token,))

    def __repr__(self) -> str:
        return f"SlackApiNotifier(channel={self.slack_channel!r}, retries={self._retrier.retries})"

    async def send(self, msg: AlertMessage) -> DeliveryResult:
        """Post one alert (in its incident's thread when it is an update); never raises."""
        payload: dict[str, Any] = {"channel": self.slack_channel, **slack_payload(msg)}
        parent = msg.thread.get("slack") if msg.thread else None
        if parent:
            payload["thread_ts"] = parent
            if msg.level == "critical":
                payload["reply_broadcast"] = True  # a rise to critical shows in the channel too
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        headers = {"Authorization": f"Bearer {self._token}"}
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def attempt() -> _Outcome:
                try:
                    url = f"{self.api_url}/chat.postMessage"
                    post = session.post(url, json=payload, headers=headers, allow_redirects=False)
                    async with post as resp:
                        status = resp.status
                        text = await resp.text(errors="replace")
                        if status == 429:
                            retry_after = _parse_retry_after(resp.headers.get("Retry-After"))
                            return _Outcome(False, True, status, "HTTP 429: rate limited", retry_after)
                        if status >= 300:
                            return _Outcome(False, status >= 500, status, f"HTTP {status}: {text[:200]}")
                        try:
                            body = json.loads(text)
                        except ValueError:
                            return _Outcome(False, False, status, f"not JSON: {text[:200]}")
                        if not isinstance(body, dict) or not body.get("ok"):
                            error = str(body.get("error") if isinstance(body, dict) else body)[:200]
                            # Slack's own transient errors; the rest (invalid_auth, channel_not_found) stay
                            retryable = error in ("ratelimited", "internal_error", "service_unavailable")
                            return _Outcome(False, retryable, status, f"slack error: {error}")
                        return _Outcome(True, status=status, ref=str(body.get("ts") or "") or None)
                except (TimeoutError, aiohttp.ClientError) as exc:
                    return _http_failure(exc, self.timeout_s)

            result = await self._retrier.run(attempt)
        if result.ok:
            log.info("slack alert %s posted (%d attempt(s))", msg.event_id, result.attempts)
        return result


class EmailNotifier:
    """Sends alerts as e-mail through an SMTP server (stdlib :mod:`smtplib`, in a thread).

    Parameters
    ----------
    host, port
        The SMTP server. Port 465 uses implicit TLS unless ``implicit_tls`` says otherwise.
    sender
        ``From`` address.
    recipients
        ``To`` addresses.
    user, password
        Login, when the server wants one. The password is never logged or reported.
    starttls
        Upgrade the connection with STARTTLS before logging in.
    timeout_s
        Socket timeout of each SMTP operation.
    retries
        Attempts after the first on connection errors, timeouts and transient (4xx) replies.
    backoff_s
        First backoff delay; doubled on each retry, with jitter.
    max_delay_s
        Cap of one backoff delay.
    implicit_tls
        Connect with TLS from the start (SMTPS); ``None``: only on port 465.
    """

    channel = "email"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout_s: float = 5.0,
        retries: int = 5,
        backoff_s: float = 0.5,
        *,
        max_delay_s: float = 30.0,
        implicit_tls: bool | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.recipients = list(recipients)
        self.user = user
        self._password = password
        self.starttls = starttls
        self.timeout_s = timeout_s
        self.implicit_tls = port == 465 if implicit_tls is None else implicit_tls
        self._retrier = _Retrier("email", retries, backoff_s, max_delay_s, secrets=(password or "",))

    def __repr__(self) -> str:
        return (
            f"EmailNotifier(host={self.host!r}, port={self.port}, recipients={self.recipients!r}, "
            f"retries={self._retrier.retries})"
        )

    async def send(self, msg: AlertMessage) -> DeliveryResult:
        """Send one alert e-mail; returns how it went (never raises)."""
        if not self.recipients:
            return DeliveryResult(self.channel, ok=False, attempts=0, error="no recipients")
        mail = build_email(msg, self.sender, self.recipients)

        async def attempt() -> _Outcome:
            outcome = await asyncio.to_thread(self._attempt, mail)
            outcome.ref = str(mail["Message-ID"])
            return outcome

        result = await self._retrier.run(attempt)
        if result.ok:
            log.info("e-mail alert %s delivered (%d attempt(s))", msg.event_id, result.attempts)
        return result

    def _attempt(self, mail: EmailMessage) -> _Outcome:
        try:
            self._deliver(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            transient = bool(codes) and all(400 <= c < 500 for c in codes)
            return _Outcome(
                False, transient, codes[0] if codes else None, f"all {len(codes)} recipient(s) refused"
            )
        except smtplib.SMTPResponseException as exc:
            # SMTPAuthenticationError, SMTPSenderRefused, SMTPDataError, SMTPHeloError...
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            return _Outcome(False, 400 <= exc.smtp_code < 500, exc.smtp_code, f"SMTP {exc.smtp_code}: {text}")
        except smtplib.SMTPServerDisconnected as exc:
            return _Outcome(False, True, None, f"server disconnected: {exc}")
        except smtplib.SMTPException as exc:  # e.g. STARTTLS or AUTH not supported: configuration
            return _Outcome(False, False, None, f"{type(exc).__name__}: {exc}")
        except ssl.SSLError as exc:  # certificate or protocol mismatch: retrying will not help
            return _Outcome(False, False, None, f"TLS error: {exc}")
        except TimeoutError:
            return _Outcome(False, True, None, f"timeout after {self.timeout_s:g} s")
        except OSError as exc:  # refused, reset, unreachable, DNS
            return _Outcome(False, True, None, f"{type(exc).__name__}: {exc}")
        return _Outcome(True, status=250)

    def _deliver(self, mail: EmailMessage) -> None:
        # gethostname(), not getfqdn(): no reverse-DNS lookup before EHLO.
        local = socket.gethostname() or "localhost"
        smtp: smtplib.SMTP
        if self.implicit_tls:
            smtp = smtplib.SMTP_SSL(
                self.host,
                self.port,
                local_hostname=local,
                timeout=self.timeout_s,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, local_hostname=local, timeout=self.timeout_s)
        with smtp:
            smtp.ehlo()
            if self.starttls and not self.implicit_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self._password or "")
            refused = smtp.send_message(mail, from_addr=self.sender, to_addrs=self.recipients)
        if refused:  # some recipients accepted it: delivered, but say who was refused
            log.warning("e-mail alert: %d recipient(s) refused: %s", len(refused), sorted(refused))


# --- wiring -----------------------------------------------------------------------------


def build_notifiers(settings: Settings, *, backoff_s: float = 0.5) -> list[Notifier]:
    """The notifiers the settings configure.

    Slack through the Web API when a bot token is set, else through the webhook; e-mail when an
    SMTP host and recipients are set.
    """
    notifiers: list[Notifier] = []
    webhook = settings.slack_webhook_url.get_secret_value() if settings.slack_webhook_url else ""
    token = settings.slack_bot_token.get_secret_value().strip() if settings.slack_bot_token else ""
    if token:  # the Web API threads updates; the webhook is the fallback
        notifiers.append(
            SlackApiNotifier(
                token,
                settings.slack_channel,
                settings.slack_api_url,
                settings.notify_timeout_s,
                settings.notify_retries,
                backoff_s,
            )
        )
    elif webhook.strip():
        notifiers.append(
            SlackNotifier(webhook.strip(), settings.notify_timeout_s, settings.notify_retries, backoff_s)
        )
    recipients = settings.email_recipients
    if settings.smtp_host and recipients:
        notifiers.append(
            EmailNotifier(
                host=settings.smtp_host,
                port=settings.smtp_port,
                sender=settings.alert_email_from,
                recipients=recipients,
                user=settings.smtp_user,
                password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
                starttls=settings.smtp_starttls,
                timeout_s=settings.notify_timeout_s,
                retries=settings.notify_retries,
                backoff_s=backoff_s,
            )
        )
    return notifiers


async def send_all(notifiers: Iterable[Notifier], msg: AlertMessage) -> list[DeliveryResult]:
    """Send one message on every channel concurrently; one result per notifier, in order."""
    return list(await asyncio.gather(*(n.send(msg) for n in notifiers)))


def digest_message(incidents: Sequence[Mapping[str, Any]], dashboard_url: str, period: str) -> AlertMessage:
    """One digest message of 1st-line incidents (``voc_incidents`` rows), for the digest channels."""
    items = []
    for row in incidents:
        level = _str(row.get("risk_level"))
        cats = ", ".join(CATEGORY_LABELS.get(str(c), str(c)) for c in row.get("categories") or []) or "-"
        sources = ", ".join(_SOURCE_LABELS.get(str(c), str(c)) for c in row.get("sources") or []) or "-"
        reasons = ", ".join(_REASON_SHORT.get(str(c), str(c)) for c in row.get("reasons") or []) or "-"
        items.append(
            Evidence(
                text=(
                    f"{LEVEL_LABELS.get(level, level)} · {cats} · "
                    f"이벤트 {int(row.get('event_count') or 0)}건 ({sources}) · 사유: {reasons} · "
                    f"사건 {_str(row.get('incident_key'))}"
                )
            )
        )
    return AlertMessage(
        event_id=f"digest-{period}",
        title=f"📋 [DIGEST] 1차 대응 사건 요약 {len(items)}건 ({period})",
        level="",
        level_label="요약",
        risk=None,
        category="",
        category_label="여러 유형",
        product="",
        source="",
        source_label="",
        reasons=(),
        reason_labels=(),
        evidence=tuple(items),
        link=f"{dashboard_url.rstrip('/')}/",
    )
