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
``Message-ID``). The outbox keeps it in the first message's record and hands the Slack ``ts``
back in :attr:`AlertMessage.thread` for the updates; an e-mail update names its first message
by the ``Message-ID`` derived from that message's key (:attr:`AlertMessage.parent_key`).

Both retry with exponential backoff and jitter on failures that can heal (connection errors,
timeouts, HTTP 5xx and 429, SMTP 4xx) and give up at once on the others. ``send`` never raises
(except on cancellation): it returns a :class:`DeliveryResult`. Secrets (the webhook URL, which
is itself the credential, and the SMTP password) never appear in results, errors or logs.

Deciding *whether* to notify (minimum level, one message per incident, Slack's one message per
second) belongs to the caller. What this module adds is the *outbox* (:class:`Outbox`): every
message gets a deterministic key (:func:`message_key`) and a pending record with a lease before
it is sent, is marked sent after, and a failed or interrupted one is retried later with backoff
until it succeeds or an operator gives up (:func:`give_up`). The records live in the warehouse
table ``voc_outbox`` (:class:`WarehouseOutbox`); :class:`MemoryOutbox` keeps them in a dict.

What "exactly one message" means per channel, and where it stops holding:

- Slack Web API: the key travels in the message's ``metadata``; a record found pending after a
  crash is first looked up in the channel's history (``conversations.history``) and marked sent
  when the message is there. Exactly one, as long as the history answers (a channel *id* in
  ``slack_channel``; a name cannot be looked up, and the message is then re-sent, flagged).
- Slack incoming webhook: not idempotent and cannot be asked. A crash after Slack accepted the
  message and before the record says sent (a few milliseconds) re-sends it once the lease ends,
  marked 재전송 so a reader sees it may repeat the one before. At least once, never lost.
- E-mail: the ``Message-ID`` is derived from the key, so a re-send after the same crash window
  carries the same id (mail clients and archives show it once) and says ``X-VOCRadar-Resent``.
- Two workers (a rebalance while a slow delivery retries): a record pending under another
  worker's unexpired lease is left alone; claims are written, then read back after
  ``settle_s``, and only the claim that won sends. Two claims can both win only when one worker
  stalls for longer than ``settle_s`` between reading the record and writing its claim, or when
  the workers' clocks differ by more than that (record versions are wall-clock nanoseconds).
- A round is cut short before its lease ends; a message whose last attempt was cut (or whose
  worker died mid-round) has an unknown outcome, and its next round is flagged as a re-send.
- While the warehouse is down nothing new is sent (no record, no send): messages wait for it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import hashlib
import html
import json
import logging
import os
import random
import re
import smtplib
import socket
import ssl
import time
import unicodedata
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import quote

import aiohttp

from vocradar.metrics import NOTIFICATIONS

if TYPE_CHECKING:
    from vocradar.settings import Settings

__all__ = [
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "OUTBOX_STATES",
    "REASON_LABELS",
    "AlertMessage",
    "DeliveryResult",
    "EmailNotifier",
    "Evidence",
    "MemoryOutbox",
    "Notifier",
    "Outbox",
    "OutboxOutcome",
    "OutboxPolicy",
    "OutboxStore",
    "SlackApiNotifier",
    "SlackNotifier",
    "WarehouseOutbox",
    "build_email",
    "build_notifiers",
    "digest_message",
    "give_up",
    "header_safe",
    "message_key",
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

#: Said by a message sent again because an earlier attempt's outcome could not be known.
RESENT_NOTE = "재전송: 앞선 전송의 결과를 확인하지 못해 다시 보냅니다 (같은 내용이 이미 도착했을 수 있습니다)"

#: ``metadata.event_type`` of the Slack messages this project posts (carries the outbox key).
SLACK_METADATA_EVENT = "vocradar_alert"

_MAX_TITLE_REASONS = 3
_MAX_EVIDENCE = 5
_MAX_EVIDENCE_CHARS = 500
_SLACK_HEADER_MAX = 150  # Block Kit limit of a header's plain_text


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def header_safe(text: str) -> str:
    """``text`` fit for one header line: line breaks and other control characters become spaces.

    A newline in a header value would start a new header (header injection); the standard
    library refuses such values with an exception, which must never reach the caller.
    """
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return re.sub(r" {2,}", " ", cleaned).strip()


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
    message_key: str = ""
    parent_key: str = ""
    resent: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The message as plain JSON values (what the outbox stores)."""
        out = dataclasses.asdict(self)
        out["thread"] = dict(self.thread)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AlertMessage:
        """The message stored by :meth:`to_dict` (unknown keys are ignored)."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["evidence"] = tuple(Evidence(**e) for e in values.get("evidence") or ())
        for name in ("reasons", "reason_labels"):
            values[name] = tuple(values.get(name) or ())
        values["thread"] = dict(values.get("thread") or {})
        return cls(**values)

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
        if self.resent:
            lines.append(RESENT_NOTE)
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
        if self.resent:
            out.append(f"<p><em>{e(RESENT_NOTE)}</em></p>")
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
    return header_safe(title)  # the title is the e-mail subject and the Slack header: one line


# --- rendering --------------------------------------------------------------------------


def _mrkdwn(text: str) -> str:
    # Slack's mrkdwn treats &, < and > as control characters (links, mentions).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(msg: AlertMessage) -> dict[str, Any]:
    """The Block Kit payload of an alert (``text`` fallback + ``blocks``)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _truncate(msg.title, _SLACK_HEADER_MAX)}},
    ]
    if msg.resent:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn(RESENT_NOTE)}]})
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


def email_message_id(key: str, sender: str) -> str:
    """The ``Message-ID`` of the message with outbox key ``key``: the same on every re-send."""
    domain = header_safe(sender.rpartition("@")[2]) or "vocradar.localhost"
    return f"<{key}@{domain}>"


def build_email(
    msg: AlertMessage, sender: str, recipients: Sequence[str], message_id: str | None = None
) -> EmailMessage:
    """The ``multipart/alternative`` e-mail of an alert (UTF-8 subject, plain + HTML bodies).

    An update (``msg.thread["email"]`` set to the first message's ``Message-ID``, or
    ``msg.parent_key`` naming the first message's outbox key) replies to it: ``In-Reply-To`` and
    ``References`` thread it in every mail client. The ``Message-ID`` is ``message_id``, else derived
    from ``msg.message_key``, else a fresh one. Every header value is made one safe line first.
    """
    mail = EmailMessage()
    parent = msg.thread.get("email") if msg.thread else None
    if not parent and msg.parent_key:
        parent = email_message_id(msg.parent_key, sender)
    title = header_safe(msg.title)
    mail["Subject"] = f"Re: {title}" if parent else title
    if parent:
        mail["In-Reply-To"] = header_safe(parent)
        mail["References"] = header_safe(parent)
    mail["From"] = header_safe(sender)
    mail["To"] = ", ".join(header_safe(r) for r in recipients)
    mail["Date"] = email.utils.formatdate(localtime=False)
    if message_id is None:
        if msg.message_key:
            message_id = email_message_id(msg.message_key, sender)
        else:
            domain = header_safe(sender.rpartition("@")[2]) or "vocradar.localhost"
            # An explicit domain: make_msgid() would otherwise resolve this host's FQDN (slow without DNS).
            message_id = email.utils.make_msgid(domain=domain)
    mail["Message-ID"] = header_safe(message_id)
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-VOCRadar-Event-Id"] = header_safe(msg.event_id)
    if msg.level:
        mail["X-VOCRadar-Level"] = header_safe(msg.level)
    if msg.resent:
        mail["X-VOCRadar-Resent"] = "1"
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
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def attempt() -> _Outcome:
                payload = slack_payload(msg)  # inside the retried step: nothing here may raise out
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

    def _payload(self, msg: AlertMessage) -> dict[str, Any]:
        payload: dict[str, Any] = {"channel": self.slack_channel, **slack_payload(msg)}
        parent = msg.thread.get("slack") if msg.thread else None
        if parent:
            payload["thread_ts"] = parent
            if msg.level == "critical":
                payload["reply_broadcast"] = True  # a rise to critical shows in the channel too
        if msg.message_key:  # lets a recovering worker find the message (see find())
            payload["metadata"] = {
                "event_type": SLACK_METADATA_EVENT,
                "event_payload": {"message_key": msg.message_key},
            }
        return payload

    async def find(self, key: str, since: float) -> str | None:
        """The ``ts`` of the message with outbox key ``key`` posted since ``since`` (Unix seconds),
        read from the channel's history; ``None`` when it is not there.

        Raises on any failure to read the history (the caller then cannot know, and says so).
        """
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        headers = {"Authorization": f"Bearer {self._token}"}
        params = {
            "channel": self.slack_channel,
            "oldest": f"{max(0.0, since - 60):.6f}",
            "include_all_metadata": "true",
            "limit": "200",
        }
        cursor = ""
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for _ in range(20):  # 4,000 messages: far more than one lease's worth of alerts
                query = {**params, **({"cursor": cursor} if cursor else {})}
                url = f"{self.api_url}/conversations.history"
                async with session.get(url, params=query, headers=headers, allow_redirects=False) as resp:
                    if resp.status != 200:
                        raise RuntimeError(f"conversations.history: HTTP {resp.status}")
                    body = await resp.json(content_type=None)
                if not isinstance(body, dict) or not body.get("ok"):
                    error = body.get("error") if isinstance(body, dict) else "not JSON"
                    raise RuntimeError(f"conversations.history: {error}")
                for m in body.get("messages") or ():
                    meta = m.get("metadata") or {}
                    if (meta.get("event_payload") or {}).get("message_key") == key:
                        return str(m.get("ts") or "") or None
                cursor = str((body.get("response_metadata") or {}).get("next_cursor") or "")
                if not body.get("has_more") or not cursor:
                    return None
        return None

    async def send(self, msg: AlertMessage) -> DeliveryResult:
        """Post one alert (in its incident's thread when it is an update); never raises."""
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        headers = {"Authorization": f"Bearer {self._token}"}
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def attempt() -> _Outcome:
                payload = self._payload(msg)  # inside the retried step: nothing here may raise out
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
        # One Message-ID for every attempt; the message itself is built inside the retried step,
        # so whatever building it raises becomes a failed delivery, never an exception.
        if msg.message_key:
            message_id = email_message_id(msg.message_key, self.sender)
        else:
            domain = header_safe(self.sender.rpartition("@")[2]) or "vocradar.localhost"
            message_id = email.utils.make_msgid(domain=domain)

        async def attempt() -> _Outcome:
            mail = build_email(msg, self.sender, self.recipients, message_id)
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


# --- the outbox ---------------------------------------------------------------------------

#: States of an outbox record: ``pending`` (claimed by ``owner`` until ``due_ms``, being sent),
#: ``sent``, ``failed`` (to be retried from ``due_ms``) and ``given_up`` (by an operator).
OUTBOX_STATES: tuple[str, ...] = ("pending", "sent", "failed", "given_up")
_FINAL_STATES = ("sent", "given_up")


def message_key(incident_key: str, kind: str, trigger: str, channel: str) -> str:
    """The idempotency key of one message on one channel.

    ``kind`` is ``open``, ``update`` or ``digest``; ``trigger`` tells the messages of one kind
    apart (the event that caused an update, the window of a digest; empty for the one first
    message of an incident). The same inputs give the same key in every worker, before and after
    a restart.
    """
    ident = "\x1f".join((incident_key, kind, trigger, channel))
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]


def _ms(t: float) -> int:
    return int(t * 1000)


def _utc_text(ms: int) -> str:
    """A DateTime64(3) literal every ClickHouse input format reads (no ``T``, no offset)."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


@runtime_checkable
class OutboxStore(Protocol):
    """Where outbox records live: one row per message key, the highest ``version`` wins."""

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The current record of each key that has one."""
        ...

    def put(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Write new versions of records (durably: returns only once stored)."""
        ...

    def due(self, now_ms: int, limit: int) -> list[dict[str, Any]]:
        """Records to act on: failed ones whose next attempt is due, pending ones whose lease ended."""
        ...

    def of_incident(self, incident_key: str) -> list[dict[str, Any]]:
        """Every record of one incident."""
        ...

    def latest_digest(self) -> dict[str, Any] | None:
        """The newest digest record (its payload holds the digest window's state), if any."""
        ...

    def listing(self, states: Sequence[str], limit: int) -> list[dict[str, Any]]:
        """Records in ``states``, newest first."""
        ...

    def record_delivery(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Log outcomes in ``voc_notifications`` (what dashboards and reports read)."""
        ...


class MemoryOutbox:
    """An :class:`OutboxStore` in a dict (one process; for tools and tests)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.deliveries: list[dict[str, Any]] = []
        self.writes = 0

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {k: dict(self.rows[k]) for k in keys if k in self.rows}

    def put(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for r in rows:
            cur = self.rows.get(r["message_key"])
            if cur is None or int(r["version"]) >= int(cur["version"]):
                self.rows[r["message_key"]] = dict(r)
            self.writes += 1

    def due(self, now_ms: int, limit: int) -> list[dict[str, Any]]:
        rows = [
            r for r in self.rows.values() if r["state"] in ("pending", "failed") and r["due_ms"] <= now_ms
        ]
        return [dict(r) for r in sorted(rows, key=lambda r: r["due_ms"])[:limit]]

    def of_incident(self, incident_key: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows.values() if r["incident_key"] == incident_key]

    def latest_digest(self) -> dict[str, Any] | None:
        rows = [r for r in self.rows.values() if r["kind"] == "digest"]
        return dict(max(rows, key=lambda r: r["created_ms"])) if rows else None

    def listing(self, states: Sequence[str], limit: int) -> list[dict[str, Any]]:
        rows = [r for r in self.rows.values() if r["state"] in states]
        return [dict(r) for r in sorted(rows, key=lambda r: -r["created_ms"])[:limit]]

    def record_delivery(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.deliveries.extend(dict(r) for r in rows)


class WarehouseOutbox:
    """An :class:`OutboxStore` in the warehouse table ``voc_outbox`` (read with ``FINAL``).

    Parameters
    ----------
    warehouse
        Returns the process's :class:`~vocradar.connectors.warehouse.Warehouse` (built on first use).
    """

    def __init__(self, warehouse: Callable[[], Any]) -> None:
        self._warehouse = warehouse

    def _select(self, where: str, params: Mapping[str, Any], tail: str = "") -> list[dict[str, Any]]:
        wh = self._warehouse()
        sql = f"SELECT * FROM {wh.database}.voc_outbox FINAL WHERE {where} {tail}"
        return [dict(r) for r in wh.query(sql, params)]

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not keys:
            return {}
        rows = self._select("message_key IN {keys:Array(String)}", {"keys": list(keys)})
        return {r["message_key"]: r for r in rows}

    def put(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._warehouse().insert("voc_outbox", rows)

    def due(self, now_ms: int, limit: int) -> list[dict[str, Any]]:
        return self._select(
            "state IN ('pending', 'failed') AND due_ms <= {now:Int64}",
            {"now": now_ms},
            f"ORDER BY due_ms LIMIT {int(limit)}",
        )

    def of_incident(self, incident_key: str) -> list[dict[str, Any]]:
        return self._select("incident_key = {k:String}", {"k": incident_key})

    def latest_digest(self) -> dict[str, Any] | None:
        rows = self._select("kind = 'digest'", {}, "ORDER BY created_ms DESC LIMIT 1")
        return rows[0] if rows else None

    def listing(self, states: Sequence[str], limit: int) -> list[dict[str, Any]]:
        return self._select(
            "state IN {s:Array(String)}", {"s": list(states)}, f"ORDER BY created_ms DESC LIMIT {int(limit)}"
        )

    def record_delivery(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._warehouse().insert("voc_notifications", rows)


@dataclass(frozen=True)
class OutboxPolicy:
    """Timing of the outbox.

    Attributes
    ----------
    lease_s
        How long a claim holds a record. One delivery round (every attempt of the notifier, with
        its backoffs) is cut short before the lease ends, so no two workers ever send at once;
        it must exceed ``(retries + 1) × timeout`` plus the backoffs.
    settle_s
        Wait between writing a claim and reading it back; only the claim read back sends.
    retry_base_s, retry_max_s
        Delay before the second round of a failed message, doubled each round up to the cap.
    """

    lease_s: float = 120.0
    settle_s: float = 0.5
    retry_base_s: float = 10.0
    retry_max_s: float = 900.0

    def backoff(self, rounds: int) -> float:
        """Delay before the next round after ``rounds`` failed ones (with jitter)."""
        base = min(self.retry_base_s * (2 ** max(0, rounds - 1)), self.retry_max_s)
        return base * random.uniform(0.8, 1.0)


@dataclass(frozen=True)
class OutboxOutcome:
    """What became of one message on one channel.

    ``state``: ``sent`` (now), ``already`` (sent or given up before), ``failed`` (to be retried),
    ``in_flight`` (pending under another worker's lease), ``waiting`` (failed, next round not due
    yet) or ``lost_claim`` (another worker claimed it at the same moment and sends it).
    """

    key: str
    channel: str
    state: str
    ref: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the message is known to be out (or an operator gave it up)."""
        return self.state in ("sent", "already")


class Outbox:
    """Sends messages through their records: pending (with a lease) → sent, or failed → retried.

    Parameters
    ----------
    store
        Where the records live.
    notifiers
        One notifier per channel.
    policy
        Leases and retry timing.
    run_io
        Runs a blocking store call off the event loop (``None``: call it directly).
    owner
        This worker's name in claims (default: host, pid and a random suffix).
    on_delivered
        Called with the record right after a channel accepted it and before it is marked sent.
    """

    def __init__(
        self,
        store: OutboxStore,
        notifiers: Iterable[Notifier],
        policy: OutboxPolicy | None = None,
        *,
        run_io: Callable[..., Awaitable[Any]] | None = None,
        owner: str | None = None,
        on_delivered: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.store = store
        self.notifiers = {n.channel: n for n in notifiers}
        self.policy = policy or OutboxPolicy()
        self._run_io = run_io
        self.owner = owner or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.on_delivered = on_delivered

    # -- records -----------------------------------------------------------------------------
    def new_row(
        self,
        msg: AlertMessage,
        *,
        incident_key: str,
        kind: str,
        channel: str,
        trigger: str = "",
        parent_key: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The record of a message not yet stored (``extra`` is kept in its payload)."""
        now = _ms(time.time())
        key = message_key(incident_key, kind, trigger, channel)
        payload = {"message": msg.to_dict(), **(extra or {})}
        return {
            "message_key": key,
            "incident_key": incident_key,
            "kind": kind,
            "channel": channel,
            "event_id": msg.event_id,
            "risk_level": msg.level,
            "parent_key": parent_key,
            "payload": json.dumps(payload, ensure_ascii=False),
            "state": "new",
            "owner": "",
            "due_ms": now,
            "rounds": 0,
            "attempts": 0,
            "ref": "",
            "error": "",
            "unknown": 0,
            "created_ms": now,
            "updated_ms": now,
            "version": 0,
        }

    # -- store access, retried while the store is away ----------------------------------------
    async def _io(self, fn: Callable[..., Any], *args: Any) -> Any:
        delay = 0.2
        attempt = 0
        while True:
            attempt += 1
            try:
                if self._run_io is None:
                    return fn(*args)
                return await self._run_io(fn, *args)
            except Exception as exc:
                log.warning(
                    "outbox store call failed (attempt %d): %s; retrying in %.1fs",
                    attempt,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, 10.0)

    async def records_of(self, incident_key: str) -> list[dict[str, Any]]:
        """Every record of one incident (waits while the store is away)."""
        rows: list[dict[str, Any]] = await self._io(self.store.of_incident, incident_key)
        return rows

    async def latest_digest(self) -> dict[str, Any] | None:
        """The newest digest record (waits while the store is away)."""
        row: dict[str, Any] | None = await self._io(self.store.latest_digest)
        return row

    # -- sending -----------------------------------------------------------------------------
    async def submit(self, rows: Sequence[dict[str, Any]]) -> list[OutboxOutcome]:
        """Send new messages (from :meth:`new_row`) unless their key is already in the outbox.

        A key already sent or given up is not sent again; one pending under a live lease is left
        to its owner; one failed is left to its next round (:meth:`retry_due`), unless due now.
        """
        existing: dict[str, dict[str, Any]] = await self._io(self.store.get, [r["message_key"] for r in rows])
        now = _ms(time.time())
        outcomes: dict[str, OutboxOutcome] = {}
        todo: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        for r in rows:
            key, channel = r["message_key"], r["channel"]
            ex = existing.get(key)
            if ex is None:
                todo.append((r, None))
            elif ex["state"] in _FINAL_STATES:
                outcomes[key] = OutboxOutcome(key, channel, "already", ex.get("ref") or None)
            elif int(ex["due_ms"]) > now:
                state = "in_flight" if ex["state"] == "pending" else "waiting"
                if state == "in_flight":
                    log.warning(
                        "outbox %s (%s) is being sent by %s: left to it", key[:12], channel, ex["owner"]
                    )
                outcomes[key] = OutboxOutcome(key, channel, state, error=ex.get("error") or None)
            else:
                todo.append((ex, ex))
        done = await asyncio.gather(*(self._claim_and_send(r, prev) for r, prev in todo))
        outcomes.update((o.key, o) for o in done)
        return [outcomes[r["message_key"]] for r in rows]

    async def retry_due(self, limit: int = 20) -> list[OutboxOutcome]:
        """One round for each record whose retry is due or whose lease ended (at most ``limit``)."""
        rows: list[dict[str, Any]] = await self._io(self.store.due, _ms(time.time()), limit)
        return list(await asyncio.gather(*(self._claim_and_send(r, r) for r in rows)))

    def _version(self, prev: Mapping[str, Any] | None) -> int:
        return max(time.time_ns(), int(prev["version"]) + 1 if prev else 0)

    async def _claim_and_send(self, row: dict[str, Any], prev: dict[str, Any] | None) -> OutboxOutcome:
        key, channel = row["message_key"], row["channel"]
        start = time.time()
        # Found pending after its lease: the worker that held it died or was cut off mid-delivery.
        unknown = int(
            prev is not None and (prev["state"] == "pending" or bool(int(prev.get("unknown") or 0)))
        )
        claim = {
            **row,
            "state": "pending",
            "owner": self.owner,
            "due_ms": _ms(start + self.policy.lease_s),
            "rounds": int(row["rounds"]) + 1,
            "unknown": unknown,
            "updated_ms": _ms(start),
            "version": self._version(prev),
        }
        await self._io(self.store.put, [claim])
        if self.policy.settle_s > 0:
            await asyncio.sleep(self.policy.settle_s)
            cur = (await self._io(self.store.get, [key])).get(key)
            if cur is None or cur["owner"] != self.owner or int(cur["version"]) != claim["version"]:
                log.warning(
                    "outbox %s (%s): claimed by another worker at the same time, left to it",
                    key[:12],
                    channel,
                )
                return OutboxOutcome(key, channel, "lost_claim")

        notifier = self.notifiers.get(channel)
        if notifier is None:
            return await self._failed(claim, 0, f"channel {channel} is not configured", unknown=False)
        try:
            payload = json.loads(claim["payload"])
            msg = AlertMessage.from_dict(payload["message"])
        except (ValueError, KeyError, TypeError) as exc:
            return await self._failed(claim, 0, f"unreadable record: {type(exc).__name__}", unknown=False)
        msg = replace(msg, message_key=key, parent_key=claim.get("parent_key") or "", resent=bool(unknown))
        parent_key = claim.get("parent_key") or ""
        if parent_key and channel == "slack":  # a Slack thread needs the first message's ts
            parent = (await self._io(self.store.get, [parent_key])).get(parent_key)
            if parent is not None and parent.get("ref"):
                msg = replace(msg, thread={**msg.thread, channel: str(parent["ref"])})

        find = getattr(notifier, "find", None)
        if unknown and find is not None:
            try:
                found = await find(key, int(claim["created_ms"]) / 1000)
            except Exception as exc:
                log.warning("outbox %s (%s): could not look for an earlier send: %s", key[:12], channel, exc)
                found = None
            if found:
                log.warning(
                    "outbox %s (%s): found sent before an interruption; not sent again", key[:12], channel
                )
                return await self._sent(claim, 0, str(found))

        budget = self.policy.lease_s - (time.time() - start) - 1.0
        cut = False
        try:
            result = await asyncio.wait_for(notifier.send(msg), timeout=max(0.1, budget))
        except TimeoutError:
            cut = True
            result = DeliveryResult(channel, ok=False, attempts=1, error="cut at the end of its lease")
        if result.ok:
            if self.on_delivered is not None:
                self.on_delivered(claim)
            return await self._sent(claim, result.attempts, result.ref or "")
        return await self._failed(claim, result.attempts, result.error or "not delivered", unknown=cut)

    def _delivery(self, row: Mapping[str, Any], ok: bool) -> dict[str, Any]:
        return {
            "notification_id": row["message_key"],
            "incident_key": row["incident_key"],
            "event_id": row["event_id"],
            "channel": row["channel"],
            "risk_level": row["risk_level"],
            "sent_at": _utc_text(int(row["updated_ms"])),
            "ok": int(ok),
            "attempts": min(int(row["attempts"]), 255),
            "error": str(row["error"])[:500],
            "version": 2 if ok else 1,  # a success replaces an earlier failure, never the reverse
        }

    async def _sent(self, claim: dict[str, Any], attempts: int, ref: str) -> OutboxOutcome:
        now = time.time()
        row = {
            **claim,
            "state": "sent",
            "ref": ref,
            "error": "",
            "attempts": int(claim["attempts"]) + attempts,
            "due_ms": _ms(now),
            "updated_ms": _ms(now),
            "version": self._version(claim),
        }
        await self._io(self.store.put, [row])
        await self._io(self.store.record_delivery, [self._delivery(row, True)])
        NOTIFICATIONS.labels(row["channel"], "sent").inc()
        return OutboxOutcome(row["message_key"], row["channel"], "sent", ref or None)

    async def _failed(
        self, claim: dict[str, Any], attempts: int, error: str, *, unknown: bool
    ) -> OutboxOutcome:
        key, channel = claim["message_key"], claim["channel"]
        now = time.time()
        delay = self.policy.backoff(int(claim["rounds"]))
        row = {
            **claim,
            "state": "failed",
            "error": error[:500],
            "attempts": int(claim["attempts"]) + attempts,
            "unknown": int(unknown),
            "due_ms": _ms(now + delay),
            "updated_ms": _ms(now),
            "version": self._version(claim),
        }
        cur = (await self._io(self.store.get, [key])).get(key)
        if cur is not None and cur["state"] == "given_up":  # an operator gave up meanwhile: keep it so
            return OutboxOutcome(key, channel, "already", error=error)
        await self._io(self.store.put, [row])
        await self._io(self.store.record_delivery, [self._delivery(row, False)])
        NOTIFICATIONS.labels(channel, "failed").inc()
        log.error(
            "%s message %s not delivered to %s (round %d): %s; next round in %.0fs",
            claim["kind"],
            key[:12],
            channel,
            int(claim["rounds"]),
            error,
            delay,
        )
        return OutboxOutcome(key, channel, "failed", error=error)


def give_up(store: OutboxStore, key: str, actor: str = "operator") -> dict[str, Any] | None:
    """Stop retrying the message ``key`` (a prefix of at least 8 characters is enough when it is
    unique among the unsent records). Returns the record as it now is, ``None`` when not found;
    a message already sent stays sent."""
    matches = store.get([key])
    if not matches and len(key) >= 8:
        open_rows = store.listing(("pending", "failed"), 10_000)
        hits = [r for r in open_rows if str(r["message_key"]).startswith(key)]
        if len(hits) == 1:
            matches = {hits[0]["message_key"]: hits[0]}
    if not matches:
        return None
    cur = next(iter(matches.values()))
    if cur["state"] in _FINAL_STATES:
        return cur
    now = time.time()
    row = {
        **cur,
        "state": "given_up",
        "error": header_safe(f"given up by {actor}: {cur.get('error') or ''}")[:500],
        "updated_ms": _ms(now),
        "version": max(time.time_ns(), int(cur["version"]) + 1),
    }
    store.put([row])
    return row
