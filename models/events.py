"""The input-event contract (shared/voc-contract.md, section 1): parsing, validation, normalisation.

:func:`parse_event` turns the bytes of one Kafka message (or one JSONL line) into a
:class:`VocEvent`, or raises :class:`BadEvent` whose ``reason`` is a short machine code and
whose ``detail`` says in words what was wrong. Bad input is never fatal to the caller.

It also owns how a conversation is masked: :func:`mask_turn_texts` masks the turns of a call or
chat as one joined text, so a number the customer reads out over two turns (``010-1234`` then
``5678``), or that the agent repeats in between, is masked in every turn that holds a piece of it;
:func:`mask_excerpt` masks a quote from one turn the same way.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "SOURCES",
    "Agent",
    "BadEvent",
    "Customer",
    "PieceMasker",
    "Turn",
    "VocEvent",
    "clean_text",
    "mask_excerpt",
    "mask_turn_texts",
    "parse_event",
]

SOURCES = ("call", "ticket", "tweet", "note", "chat", "email")
Source = Literal["call", "ticket", "tweet", "note", "chat", "email"]
Speaker = Literal["agent", "customer", "system"]

# Control characters other than tab/newline carry no meaning in VOC text and break displays.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)} | {127: None}


def clean_text(text: str) -> str:
    """Normalise text to NFC and drop control characters (keeps newlines and tabs)."""
    return unicodedata.normalize("NFC", text).translate(_CONTROL)


class BadEvent(ValueError):
    """An input that breaks the contract; carries a reason code and a readable detail."""

    def __init__(self, reason: str, detail: str, event_id: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.event_id = event_id


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Customer(_Model):
    """Who is speaking; ``followers``/``verified`` describe public reach."""

    id: str | None = None
    handle: str | None = None
    followers: int | None = Field(None, ge=0)
    verified: bool | None = None
    segment: str | None = None


class Agent(_Model):
    """The employee on the other side."""

    id: str | None = None
    team: str | None = None


class Turn(_Model):
    """One speaker turn of a call or chat transcript."""

    speaker: Speaker
    text: str
    offset_s: float | None = None

    @field_validator("text")
    @classmethod
    def _clean(cls, v: str) -> str:
        return clean_text(v)


class VocEvent(_Model):
    """One customer contact (or one partial transcript of it), as the contract defines it."""

    event_id: str = Field(min_length=1, max_length=256)
    source: Source
    occurred_at: datetime
    text: str | None = None
    turns: list[Turn] | None = None
    conversation_id: str | None = Field(None, max_length=256)
    customer: Customer | None = None
    agent: Agent | None = None
    product: str | None = None
    lang: str | None = None
    meta: dict[str, Any] | None = None

    @field_validator("event_id", "conversation_id", mode="before")
    @classmethod
    def _id_as_string(cls, v: Any) -> Any:
        # Source systems often send numeric ids; they are ids all the same.
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("text")
    @classmethod
    def _clean(cls, v: str | None) -> str | None:
        return None if v is None else clean_text(v)

    @field_validator("occurred_at")
    @classmethod
    def _needs_offset(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("occurred_at needs a UTC offset (ISO-8601, e.g. 2026-11-23T10:00:00+09:00)")
        return v.astimezone(UTC)

    @model_validator(mode="after")
    def _has_body(self) -> VocEvent:
        if self.turns is None and self.text is None:
            raise ValueError("an event needs `text`, or `turns` for calls and chats")
        if not self.body_text().strip():
            raise ValueError("the event has no text: `text` and every turn are empty")
        return self

    @property
    def thread_key(self) -> str:
        """Partition key that keeps one contact ordered: conversation, else customer, else event."""
        if self.conversation_id:
            return self.conversation_id
        if self.customer and (self.customer.id or self.customer.handle):
            return f"cust:{self.customer.id or self.customer.handle}"
        return self.event_id

    @property
    def is_partial(self) -> bool:
        """True for a partial transcript of a call that is still going on."""
        return bool(self.meta and self.meta.get("partial"))

    def body_text(self) -> str:
        """All the event's text: ``text``, then every turn, one per line."""
        parts: list[str] = []
        if self.text:
            parts.append(self.text)
        if self.turns:
            parts.extend(t.text for t in self.turns if t.text)
        return "\n".join(parts)


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ())) or "event"
    etype = err.get("type", "")
    if etype == "missing":
        return f"missing_field:{loc}", f"required field `{loc}` is missing"
    return f"invalid_field:{loc}", f"`{loc}`: {err.get('msg', 'invalid')}"


def parse_event(raw: bytes | str | dict[str, Any], max_bytes: int = 2_000_000) -> VocEvent:
    """Parse and validate one input event.

    Parameters
    ----------
    raw
        The message value (bytes or str of JSON), or an already decoded object.
    max_bytes
        Messages larger than this are refused as ``too_large``.

    Raises
    ------
    BadEvent
        With reason ``too_large``, ``invalid_utf8``, ``invalid_json``, ``not_an_object``,
        ``missing_field:<name>`` or ``invalid_field:<name>``.
    """
    obj: Any
    if isinstance(raw, dict):
        obj = raw
    else:
        size = len(raw)
        if size > max_bytes:
            raise BadEvent("too_large", f"event is {size} bytes, the limit is {max_bytes}")
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise BadEvent("invalid_utf8", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
        if not raw.strip():
            raise BadEvent("invalid_json", "empty message")
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as e:
            msg = e.msg if isinstance(e, json.JSONDecodeError) else "nested too deeply"
            pos = f" at position {e.pos}" if isinstance(e, json.JSONDecodeError) else ""
            raise BadEvent("invalid_json", f"malformed JSON: {msg}{pos}") from None
    if not isinstance(obj, dict):
        raise BadEvent("not_an_object", f"expected a JSON object, got {type(obj).__name__}")
    event_id = obj.get("event_id")
    eid = str(event_id) if isinstance(event_id, str | int) else None
    try:
        return VocEvent.model_validate(obj)
    except ValidationError as e:
        reason, detail = _first_error(e)
        raise BadEvent(reason, detail, eid) from None


# ---------------------------------------------------------------------------------------------
# Masking a conversation
# ---------------------------------------------------------------------------------------------

#: What stands between two turns in the joined text that is masked: a space, which the number
#: patterns take as a separator (``010-1234`` + ``5678`` reads ``010-1234 5678``).
TURN_JOIN = " "
# Turns around a quoted turn that are masked with it when the quote cannot be cut from the
# masked conversation (a name mask changed the turn's length).
_EXCERPT_WINDOW_CHARS = 300


class PieceMasker(Protocol):
    """Masks texts cut in pieces as one text (:meth:`vocradar.models.pii.PiiMasker.mask_pieces`)."""

    def mask_pieces(self, pieces: Sequence[str]) -> list[str]: ...


def _joined(texts: Sequence[str]) -> list[str]:
    pieces: list[str] = []
    for i, text in enumerate(texts):
        if i:
            pieces.append(TURN_JOIN)
        pieces.append(text)
    return pieces


def mask_turn_texts(texts: Sequence[str], masker: PieceMasker) -> list[str]:
    """The masked text of every turn, masked over the joined conversation (see :data:`TURN_JOIN`).

    A number split across turns is found in the joined text and masked in each turn holding
    part of it; a turn's own personal data is masked as :meth:`PiiMasker.mask` masks it.
    """
    if not texts:
        return []
    return masker.mask_pieces(_joined(texts))[0::2]


def mask_excerpt(
    texts: Sequence[str],
    index: int,
    excerpt: str,
    masker: PieceMasker,
    masked_turns: Sequence[str] | None = None,
) -> str | None:
    """``excerpt``, a quote from turn ``index``, masked as it is masked in the whole conversation.

    ``masked_turns`` (from :func:`mask_turn_texts`) saves work: when the quoted turn kept its
    length the quote is cut from it. Returns None when ``excerpt`` is not in that turn.
    """
    if not 0 <= index < len(texts) or not excerpt:
        return None
    turn = texts[index]
    at = turn.find(excerpt)
    if at < 0:
        return None
    if masked_turns is not None and len(masked_turns[index]) == len(turn):
        return masked_turns[index][at : at + len(excerpt)]
    lo, hi, size = index, index + 1, 0
    while lo > 0 and size < _EXCERPT_WINDOW_CHARS:
        lo -= 1
        size += len(texts[lo])
    size = 0
    while hi < len(texts) and size < _EXCERPT_WINDOW_CHARS:
        size += len(texts[hi])
        hi += 1
    before = _joined(texts[lo:index]) + ([TURN_JOIN] if lo < index else [])
    after = ([TURN_JOIN] if index + 1 < hi else []) + _joined(texts[index + 1 : hi])
    pieces = [*before, turn[:at], excerpt, turn[at + len(excerpt) :], *after]
    return masker.mask_pieces(pieces)[len(before) + 1]
