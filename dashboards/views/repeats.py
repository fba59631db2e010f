"""Page "재문의·주요 이슈": heavy contacters, repeated issues and questions, FAQ candidates, and
first-response and resolution times per channel.

Customers appear only as pseudonyms (the first characters of the salted hash the pipeline
stores), never by id, handle or name. UI only; SQL in :mod:`vocradar.dashboards.queries`,
question grouping in :mod:`vocradar.dashboards.faq`.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from vocradar.dashboards import queries
from vocradar.dashboards.faq import group_questions
from vocradar.dashboards.labels import category_label, level_label, source_label
from vocradar.dashboards.views.common import PageContext, duration, show_failure

__all__ = ["TITLE", "render"]

TITLE: Final = "재문의·주요 이슈"
WINDOWS: Final[dict[str, int]] = {"최근 1일": 1, "최근 7일": 7, "최근 30일": 30}

HOW_TIMES: Final = """
- **첫 응답**: 고객이 먼저 연 대화(티켓·이메일 등, 첫 이벤트에 상담사가 없음)에 상담사가 별도 이벤트(답변)로
  처음 응답하기까지의 시간. 통화·채팅은 상담사가 연결 즉시 응대하므로 해당 건이 없으면 ‘-’로 표시합니다.
- **처리 시간**: 이벤트가 여러 개인 대화(티켓 답변 이어짐, 통화의 부분 전사)의 첫 이벤트부터
  마지막 이벤트까지.
- **해결 소요**: 같은 고객이 같은 유형으로 두 번 이상 연락한 경우 첫 연락부터 마지막 연락까지(문제가 열려 있던
  기간). 첫 연락 채널로 집계합니다.
- 모두 중앙값(P50)과 90번째 백분위(P90), 괄호 안은 해당 건수입니다.
"""


@st.cache_data(ttl=queries.TTL_S * 6, show_spinner=False)
def _faq(texts: pd.DataFrame) -> pd.DataFrame:
    return group_questions(texts)


def _render_contacters(df: pd.DataFrame) -> None:
    st.subheader("🔁 다빈도 연락 고객")
    st.caption("고객은 가명(고객-해시 앞 8자리)으로만 표시됩니다. 연락 수는 대화 단위입니다.")
    if df.empty:
        st.caption("이 기간에 두 번 이상 연락한 고객이 없습니다.")
        return
    shown = pd.DataFrame(
        {
            "고객(가명)": df["customer"],
            "연락 수": df["contacts"],
            "채널": [", ".join(source_label(s) for s in v) for v in df["sources"]],
            "주요 유형": [category_label(c) for c in df["top_category"]],
            "알림": df["alerts"],
            "최고 위험": [level_label(v) for v in df["max_level"]],
            "첫 연락 (KST)": df["first_kst"].str.slice(5, 16),
            "최근 연락 (KST)": df["last_kst"].str.slice(5, 16),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=300)


def _render_issues(df: pd.DataFrame) -> None:
    st.subheader("📌 반복 문의 이슈")
    st.caption("같은 고객이 같은 유형·상품으로 두 번 이상 연락한 이슈.")
    if df.empty:
        st.caption("반복 문의가 없습니다.")
        return
    shown = pd.DataFrame(
        {
            "유형": [category_label(c) for c in df["category"]],
            "상품": [p or "-" for p in df["product"]],
            "재문의 고객": df["repeaters"],
            "전체 고객": df["customers"],
            "연락 수": df["contacts"],
            "재문의 비율": (df["repeat_share"].astype(float) * 100).round(1),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=300,
        column_config={"재문의 비율": st.column_config.NumberColumn(format="%.1f%%")},
    )


def _render_questions(groups: pd.DataFrame) -> None:
    st.subheader("❓ 자주 묻는 질문과 FAQ 후보")
    st.caption(
        "비슷하게 표현된 문의를 글자 n-그램 유사도로 묶었습니다. "
        "여러 고객이 같은 질문을 했다면 FAQ 후보입니다."
    )
    if groups.empty:
        st.caption("반복되는 질문이 아직 없습니다.")
        return
    faq = groups[groups["faq"]]
    if not faq.empty:
        st.markdown(f"**FAQ 후보 {len(faq)}건**")
    shown = pd.DataFrame(
        {
            "FAQ 후보": groups["faq"],
            "대표 문의 (마스킹)": groups["example"].str.slice(0, 160),
            "건수": groups["asked"],
            "고객 수": groups["customers"],
            "유형": [category_label(c) for c in groups["category"]],
            "채널": [", ".join(source_label(s) for s in v) for v in groups["sources"]],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            "FAQ 후보": st.column_config.CheckboxColumn(width="small"),
            "대표 문의 (마스킹)": st.column_config.TextColumn(width="large"),
        },
    )


def _render_times(df: pd.DataFrame) -> None:
    st.subheader("⏱️ 채널별 첫 응답·처리·해결 시간")
    if df.empty:
        st.caption("이 기간에 대화가 없습니다.")
        return

    def cell(row: pd.Series, name: str) -> str:
        n = row.get(f"{name}_n")
        count = 0 if n is None or pd.isna(n) else int(n)
        if not count:
            return "-"
        return f"{duration(row[f'{name}_p50'])} / {duration(row[f'{name}_p90'])} ({count:,})"

    shown = pd.DataFrame(
        {
            "채널": [source_label(s) for s in df["source"]],
            "대화 수": df["conversations"],
            "첫 응답 P50 / P90": [cell(r, "first_response") for _, r in df.iterrows()],
            "처리 시간 P50 / P90": [cell(r, "handling") for _, r in df.iterrows()],
            "해결 소요 P50 / P90": [cell(r, "resolution") for _, r in df.iterrows()],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    with st.expander("산출 방법", expanded=False):
        st.markdown(HOW_TIMES)


def render(ctx: PageContext) -> None:
    """Draw the page."""
    st.title(f"🔁 {TITLE}")
    st.caption(
        "같은 고객·같은 문제로 반복되는 연락과 자주 묻는 질문을 찾아 근본 원인과 FAQ 개선에 활용합니다."
    )
    window = st.selectbox("기간", list(WINDOWS), index=1, key="repeats-window")
    days = WINDOWS.get(str(window), 7)
    try:
        wh = ctx.warehouse()
        contacters = queries.heavy_contacters(wh, ctx.database, days)
        issues = queries.repeat_issues(wh, ctx.database, days)
        texts = queries.question_texts(wh, ctx.database, days)
        times = queries.response_times(wh, ctx.database, days)
    except Exception as exc:
        show_failure(exc, "재문의 현황")
        return
    left, right = st.columns(2)
    with left:
        _render_contacters(contacters)
    with right:
        _render_issues(issues)
    _render_questions(_faq(texts))
    _render_times(times)
