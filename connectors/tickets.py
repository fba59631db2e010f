"""Tickets and e-mail from a helpdesk (Zendesk) and the HTTP ingest endpoint that receives them.

:func:`zendesk_to_event` maps one Zendesk webhook body to a contract event. Three shapes are read:

* the ticket object, ``{"ticket": {"id", "subject", "description", "created_at", "updated_at",
  "status", "priority", "tags", "via": {"channel"}, "requester": {"id", ...},
  "custom_fields": [...], "latest_comment": {...}}}`` (also a bare ticket object);
* Zendesk's event webhooks, ``{"type": "zen:event-type:ticket.comment_added", "detail": {ticket},
  "event": {"comment": {"id", "body", "author": {"id", "is_staff"}, "is_public"}}}``;
* the flat JSON an admin builds from placeholders, ``{"ticket_id", "subject", "description"
  and/or "latest_comment", "comment_id"?, "created_at", "requester_id", "channel", "tags"}``
  (``tags`` may be the space-separated string ``{{ticket.tags}}`` renders).

Mapping: ``source`` is ``email`` when the ticket came in by e-mail, else ``ticket``. The opening
of a ticket is ``zd-<id>``; a later comment (a reply) is ``zd-<id>-c<comment id>`` with the same
``conversation_id`` ``zd-<id>``, so every reply is an event of its own and redelivered webhooks
repeat the same id. ``text`` is the subject, a newline, and the description or comment.
``customer.id`` is the requester's Zendesk id: never the name or e-mail address, and nothing
personal goes into ``meta`` (custom-field values can hold phone numbers, so only the product
field is read). ``product`` comes from a tag ``product:<name>`` (or ``상품:<name>``), else from a
custom field named ``product``/``상품`` or whose id is in ``product_field_ids``. Tags, status,
priority and channel are kept in ``meta``.

:func:`vocradar.connectors.ingest.create_ingest_app` serves it over HTTP (``POST /webhooks/zendesk``).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Collection
from typing import Any

from vocradar.connectors.base import iso_time

__all__ = ["zendesk_to_event"]

_PRODUCT_TAG_PREFIXES = ("product:", "상품:")
_PRODUCT_FIELD_NAMES = {"product", "상품", "상품명"}
_EMAIL_CHANNELS = {"email", "mail", "e-mail", "이메일"}
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_TAG = re.compile(r"<[^>]+>")


def _str_id(value: Any, what: str) -> str | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        s = value.strip()
        if _PLACEHOLDER.search(s):
            raise ValueError(f"{what} is an unrendered Zendesk placeholder: {s!r}")
        return s or None
    raise ValueError(f"{what} must be a string or an integer, got {type(value).__name__}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return value.strip()


def _comment_body(comment: Any) -> str:
    if isinstance(comment, str):
        return comment.strip()
    if not isinstance(comment, dict):
        return ""
    for k in ("plain_body", "body", "value"):
        if _text(comment.get(k)):
            return _text(comment[k])
    if _text(comment.get("html_body")):
        return html.unescape(_TAG.sub(" ", comment["html_body"])).strip()
    return ""


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t for t in value.split() if t]
    if isinstance(value, list):
        return [str(t) for t in value if isinstance(t, str | int) and str(t)]
    return []


def _product(tags: list[str], custom_fields: Any, field_ids: set[str]) -> str | None:
    for tag in tags:
        for prefix in _PRODUCT_TAG_PREFIXES:
            if tag.startswith(prefix) and tag[len(prefix) :]:
                return tag[len(prefix) :]
    if isinstance(custom_fields, list):
        for cf in custom_fields:
            if not isinstance(cf, dict):
                continue
            name = str(cf.get("name") or cf.get("title") or "").strip().casefold()
            if (str(cf.get("id")) in field_ids or name in _PRODUCT_FIELD_NAMES) and _text(cf.get("value")):
                return _text(cf["value"])
    return None


def _norm(s: str) -> str:
    return " ".join(s.split())


def _unpack(payload: dict[str, Any]) -> tuple[dict[str, Any], Any, bool]:
    """The ticket fields, the comment (if any) and whether the payload says it is a new comment."""
    if isinstance(payload.get("detail"), dict) and str(payload.get("type", "")).startswith("zen:event-type:"):
        ev = payload.get("event") if isinstance(payload.get("event"), dict) else {}
        comment = ev.get("comment") if isinstance(ev, dict) else None
        return payload["detail"], comment, str(payload["type"]).endswith("comment_added")
    if isinstance(payload.get("ticket"), dict):
        ticket = payload["ticket"]
        return ticket, ticket.get("latest_comment", payload.get("latest_comment")), False
    if "ticket_id" in payload or "id" in payload:
        comment = payload.get("latest_comment")
        if isinstance(comment, str) and payload.get("comment_id") is not None:
            comment = {"id": payload["comment_id"], "body": comment}
        return payload, comment, False
    raise ValueError(
        "not a Zendesk ticket payload: expected a `ticket` object, an event webhook "
        "(`type` zen:event-type:..., `detail`) or a flat object with `ticket_id`"
    )


def zendesk_to_event(
    payload: dict[str, Any], product_field_ids: Collection[int | str] = ()
) -> dict[str, Any]:
    """Map one Zendesk webhook body to a contract event (``ticket`` or ``email``).

    Parameters
    ----------
    payload
        The decoded webhook JSON, in one of the shapes the module docstring lists.
    product_field_ids
        Ids of the ticket custom fields that hold the product name.

    Raises
    ------
    ValueError
        When the payload is not an object, has no ticket id, no text, an unrendered
        placeholder as id, or a timestamp that cannot be read.
    """
    if not isinstance(payload, dict):
        raise ValueError(f"expected a JSON object, got {type(payload).__name__}")
    ticket, comment, says_comment = _unpack(payload)
    tid = _str_id(ticket["ticket_id"] if "ticket_id" in ticket else ticket.get("id"), "ticket id")
    if tid is None:
        raise ValueError("the ticket has no id (`ticket.id` or `ticket_id`)")
    conv = f"zd-{tid}"

    subject = _text(ticket.get("subject"))
    description = _text(ticket.get("description"))
    body = _comment_body(comment)
    comment_id = _str_id(comment.get("id"), "comment id") if isinstance(comment, dict) else None
    comment_at = comment.get("created_at") if isinstance(comment, dict) else None
    created_at = ticket.get("created_at")
    updated_at = ticket.get("updated_at")

    # A ticket's first comment is its description; only a later comment is a reply of its own.
    if says_comment:
        is_reply = bool(body)
    elif not body:
        is_reply = False
    elif description:
        is_reply = _norm(body) != _norm(description)
    else:
        is_reply = comment_at is not None and comment_at != created_at
        if comment_at is None and updated_at is not None and updated_at != created_at:
            is_reply = True

    if is_reply:
        # No comment id in the payload: a digest of the text keeps redeliveries idempotent.
        cid = comment_id or hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]
        event_id = f"{conv}-c{cid}"
        main = body
        when = comment_at or payload.get("time") or updated_at or created_at
    else:
        event_id = conv
        main = description or body
        when = created_at or payload.get("time")
    if when is None:
        raise ValueError(f"ticket {tid}: no timestamp (`created_at`)")
    text = "\n".join(p for p in (subject, main) if p)
    if not text:
        raise ValueError(f"ticket {tid}: no subject, description or comment text")
    try:
        occurred_at = iso_time(when)
    except ValueError as e:
        raise ValueError(f"ticket {tid}: {e}") from None

    via = ticket.get("via")
    channel = via.get("channel") if isinstance(via, dict) else via if isinstance(via, str) else None
    channel = channel if channel is not None else ticket.get("channel")
    channel_s = str(channel).strip() if channel is not None else None
    source = "email" if channel_s and channel_s.casefold() in _EMAIL_CHANNELS else "ticket"

    requester = ticket.get("requester")
    nested_requester = requester.get("id") if isinstance(requester, dict) else None
    requester_id = _str_id(
        nested_requester if nested_requester is not None else ticket.get("requester_id"), "requester id"
    )
    tags = _tags(ticket.get("tags"))
    field_ids = {str(i) for i in product_field_ids}
    product = _product(tags, ticket.get("custom_fields"), field_ids)

    meta: dict[str, Any] = {"zendesk_ticket_id": tid, "tags": tags}
    for k in ("status", "priority"):
        if _text(ticket.get(k)):
            meta[k] = _text(ticket[k]).lower()
    if channel_s:
        meta["channel"] = channel_s
    if is_reply and comment_id:
        meta["comment_id"] = comment_id
    event: dict[str, Any] = {
        "event_id": event_id,
        "source": source,
        "occurred_at": occurred_at,
        "text": text,
        "conversation_id": conv,
    }
    if requester_id:
        event["customer"] = {"id": requester_id}
    if isinstance(comment, dict) and is_reply:
        author: dict[str, Any] = comment["author"] if isinstance(comment.get("author"), dict) else {}
        author_id = _str_id(author.get("id", comment.get("author_id")), "comment author id")
        if author.get("is_staff") is True or (author_id and requester_id and author_id != requester_id):
            meta["author_role"] = "agent"
            if author_id:
                event["agent"] = {"id": author_id}
        elif author_id and author_id == requester_id:
            meta["author_role"] = "customer"
        public = comment.get("public", comment.get("is_public"))
        if isinstance(public, bool):
            meta["public"] = public
    if product:
        event["product"] = product
    locale = requester.get("locale") if isinstance(requester, dict) else None
    if isinstance(locale, str) and locale.strip():
        event["lang"] = locale.strip()
    event["meta"] = meta
    return event
