"""What every dashboard page shares: the page context, safe Markdown, badges, and failure notices.

Pages receive one :class:`PageContext` (database, the cached warehouse getter, the viewer, the
pseudonym salt and the client's address) from ``streamlit_app.py``; :meth:`PageContext.audit`
records what the viewer did or saw in the audit log. A logged-in session's idle deadline lives in
the session state (:func:`idle_expired`), so live parts that refresh on their own can end it.
Customer text is always shown through :func:`md`, so nothing a customer typed can become a link,
an image or formatting.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import streamlit as st

from vocradar.connectors.warehouse import Warehouse
from vocradar.dashboards import queries
from vocradar.dashboards.auth import Viewer
from vocradar.dashboards.labels import LEVEL_COLORS, level_label, reason_label

__all__ = [
    "EMPTY_TEXT",
    "IDLE_DEADLINE_KEY",
    "PageContext",
    "ago",
    "audit_view_once",
    "badge",
    "duration",
    "excerpt",
    "idle_expired",
    "level_badge",
    "md",
    "reason_badges",
    "render_evidence",
    "show_failure",
]

log = logging.getLogger(__name__)

EMPTY_TEXT: Final = (
    "아직 수집된 VOC가 없습니다. 파이프라인이 이벤트를 적재하기 시작하면 이 화면이 자동으로 채워집니다."
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


@dataclass(frozen=True)
class PageContext:
    """What a page needs from the app: where the data is and who is looking."""

    database: str
    get_warehouse: Callable[[], Warehouse]
    viewer: Viewer
    salt: str
    client: str = ""

    def warehouse(self) -> Warehouse:
        """The shared warehouse client (may raise while it is unreachable)."""
        return self.get_warehouse()

    def audit(self, action: str, incident_key: str = "", customer_keys: Sequence[str] = ()) -> None:
        """Record in the audit log that the viewer did or saw something (raises when it cannot)."""
        v = self.viewer
        queries.record_audit(
            self.warehouse(),
            self.database,
            action,
            v.actor,
            v.role,
            v.auth,
            incident_key,
            tuple(customer_keys),
            self.client,
        )


_VIEWED_KEY: Final = "vocradar-audited-views"


def audit_view_once(ctx: PageContext, incident_key: str, customer_keys: Sequence[str] = ()) -> bool:
    """Record, once per session and incident, that the viewer opened a customer's contacts.

    False (with the failure shown) when the record cannot be written: then show nothing.
    """
    seen: set[str] = st.session_state.setdefault(_VIEWED_KEY, set())
    if incident_key in seen:
        return True
    try:
        ctx.audit("viewed_contacts", incident_key, customer_keys)
    except Exception as exc:
        show_failure(exc, "열람 기록")
        st.caption("열람 기록을 남길 수 없어 고객 상담 내용을 표시하지 않습니다.")
        return False
    seen.add(incident_key)
    return True


# When a logged-in session ends for idleness (seconds since the epoch), kept in st.session_state.
IDLE_DEADLINE_KEY: Final = "vocradar-idle-deadline"


def idle_expired() -> bool:
    """True when this session is logged in and has been idle past its deadline."""
    deadline = st.session_state.get(IDLE_DEADLINE_KEY)
    return isinstance(deadline, int | float) and time.time() > deadline


def md(text: object) -> str:
    """Escape text for Streamlit Markdown so it is shown literally (no links, images, styling)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def badge(label: str, color: str) -> str:
    """A coloured Markdown badge with an escaped label."""
    return f":{color}-badge[{md(label)}]"


def level_badge(level: str) -> str:
    """The badge of a risk level."""
    return badge(level_label(level), LEVEL_COLORS.get(level, "gray"))


def reason_badges(reasons: Sequence[str]) -> str:
    """Badges of reason codes, in their Korean labels."""
    return " ".join(badge(reason_label(r), "violet") for r in reasons)


def ago(seconds: object) -> str:
    """``seconds`` as "N분 전"; empty when not a number."""
    try:
        s = max(0, int(seconds))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    if s < 60:
        return f"{s}초 전"
    if s < 3600:
        return f"{s // 60}분 전"
    if s < 86_400:
        return f"{s // 3600}시간 전"
    return f"{s // 86_400}일 전"


def duration(seconds: object) -> str:
    """A span of seconds in Korean units ("1시간 5분"); ``-`` when unknown."""
    try:
        value = float(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "-"
    if pd.isna(value):
        return "-"
    s = round(value)
    if s < 60:
        return f"{s}초"
    if s < 3600:
        return f"{s // 60}분 {s % 60}초" if s % 60 and s < 600 else f"{s // 60}분"
    if s < 86_400:
        return f"{s // 3600}시간 {s % 3600 // 60}분"
    return f"{s // 86_400}일 {s % 86_400 // 3600}시간"


def excerpt(text: object, limit: int = 300) -> str:
    """Text on one line, cut to ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " …"


def render_evidence(evidence: Sequence[dict[str, Any]], title: str = "근거 발화") -> None:
    """The evidence turns of an event as a list: where, why, what was said (masked)."""
    if not evidence:
        return
    lines = []
    for item in evidence:
        where = f"턴 {item['turn']}" if item.get("turn") is not None else "본문"
        why = f" · {md(reason_label(item['reason']))}" if item.get("reason") else ""
        lines.append(f"- **{where}**{why}: “{md(item['text'])}”")
    st.markdown(f"**{title}**  \n" + "\n".join(lines))


def show_failure(exc: BaseException, what: str = "데이터") -> None:
    """Explain a failed query on the page (never a traceback)."""
    text = str(exc).strip()
    reason = md(text.splitlines()[0][:240]) if text else type(exc).__name__
    if queries.is_missing_schema(exc):
        st.info(f"웨어하우스에 아직 VOC 테이블이 없습니다. {EMPTY_TEXT}", icon="📭")
    elif queries.is_unreachable(exc):
        st.error(
            f"웨어하우스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.  \n원인: {reason}",
            icon="🔌",
        )
    elif isinstance(exc, ValueError):
        st.error(f"웨어하우스 설정을 확인해 주세요 (VOCRADAR_WAREHOUSE_*).  \n원인: {reason}", icon="⚙️")
    else:
        log.warning("%s query failed: %s", what, exc, exc_info=True)
        st.error(f"{what}를 불러오지 못했습니다.  \n원인: {reason}", icon="⚠️")
