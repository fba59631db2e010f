"""Page "VOC 검색": search the masked VOC text with filters.

The search term and every filter travel to the warehouse as bound parameters; only masked text
(``redacted_text``) is searched and shown. A call's partial transcripts give way to its latest
version. UI only; SQL in :mod:`vocradar.dashboards.queries`.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

import streamlit as st

from vocradar.dashboards import queries
from vocradar.dashboards.labels import (
    CATEGORY_LABELS,
    LEVEL_ORDER,
    SOURCE_LABELS,
    category_label,
    level_label,
    source_label,
)
from vocradar.dashboards.views.common import PageContext, level_badge, md, reason_badges, show_failure

__all__ = ["TITLE", "render"]

TITLE: Final = "VOC 검색"
WINDOWS: Final[dict[str, int]] = {"최근 1일": 1, "최근 7일": 7, "최근 30일": 30, "최근 90일": 90}
RESULT_LIMIT: Final = 30
SNIPPET_CHARS: Final = 90


def _snippet(text: str, term: str) -> str:
    """The text around the first match, with the match highlighted (everything escaped)."""
    flat = " ".join(str(text).split())
    if not term:
        cut = flat[: SNIPPET_CHARS * 2]
        return md(cut) + (" …" if len(flat) > len(cut) else "")
    m = re.search(re.escape(term), flat, re.IGNORECASE)
    if m is None:
        return md(flat[: SNIPPET_CHARS * 2])
    start, end = max(0, m.start() - SNIPPET_CHARS), min(len(flat), m.end() + SNIPPET_CHARS)
    return (
        ("… " if start else "")
        + md(flat[start : m.start()])
        + f":orange-background[**{md(m.group(0))}**]"
        + md(flat[m.end() : end])
        + (" …" if end < len(flat) else "")
    )


def render(ctx: PageContext) -> None:
    """Draw the page."""
    st.title(f"🔍 {TITLE}")
    st.caption(
        "개인정보가 마스킹된 VOC 본문에서 검색합니다. 검색어는 대소문자를 구분하지 않는 부분 일치입니다."
    )
    try:
        team_choices = queries.teams(ctx.warehouse(), ctx.database)
    except Exception:  # the search below reports the failure
        team_choices = []
    with st.form("search-form", border=False):
        term = st.text_input(
            "검색어", key="search-text", max_chars=200, placeholder="예: 위약금, 녹음, 소비자원"
        )
        c1, c2, c3, c4, c5 = st.columns(5, vertical_alignment="bottom")
        window = c1.selectbox("기간", list(WINDOWS), index=1, key="search-window")
        source = c2.selectbox(
            "채널",
            ["", *SOURCE_LABELS],
            format_func=lambda c: source_label(c) if c else "전체",
            key="search-source",
        )
        category = c3.selectbox(
            "유형",
            ["", *CATEGORY_LABELS],
            format_func=lambda c: category_label(c) if c else "전체",
            key="search-category",
        )
        level = c4.selectbox(
            "위험 단계",
            ["", *reversed(LEVEL_ORDER)],
            format_func=lambda c: level_label(c) if c else "전체",
            key="search-level",
        )
        team = c5.selectbox(
            "상담팀", ["", *team_choices], format_func=lambda c: c or "전체", key="search-team"
        )
        st.form_submit_button("검색", type="primary")
    term = str(term or "").strip()
    try:
        df = queries.search_events(
            ctx.warehouse(),
            ctx.database,
            term,
            WINDOWS.get(str(window), 7),
            str(source or ""),
            str(category or ""),
            str(level or ""),
            str(team or ""),
            RESULT_LIMIT,
        )
    except Exception as exc:
        show_failure(exc, "검색 결과")
        return
    if df.empty:
        st.info("조건에 맞는 VOC가 없습니다. 검색어나 기간을 바꿔 보세요.", icon="🔍")
        return
    total = int(df["total"].iloc[0])
    shown = f"{total:,}건" if total < 10_000 else "10,000건 이상"
    st.caption(f"{shown} 중 최근 {len(df):,}건")
    for row in df.to_dict("records"):
        with st.container(border=True):
            link = f"[인시던트 보기](/alerts?incident={quote(str(row['incident_key']), safe='')})"
            st.markdown(
                f"{level_badge(row['risk_level'])} **{md(category_label(row['category']))}** · "
                f"{md(source_label(row['source']))} · {md(row['product'] or '상품 정보 없음')} · "
                f"{md(row['agent_team'] or '-')} · {md(row['occurred_kst'])} KST"
                + (f" · {link}" if row["risk_level"] in ("high", "critical") else "")
            )
            if row["reasons"]:
                st.markdown(reason_badges(row["reasons"]))
            st.markdown(_snippet(row["redacted_text"], term))
