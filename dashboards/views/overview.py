"""Page "실시간 현황" (overview): live headline numbers, volume and risk trends, rising topics,
open incidents and the alert feed.

UI only: every number comes from :mod:`vocradar.dashboards.queries`. The live part is one
``st.fragment`` that reruns every :data:`REFRESH_S` seconds; when the warehouse is down it shows
an error and simply tries again on the next tick. ``?event_id=...`` in the URL (the link in
Slack and e-mail alerts) opens that event's detail above everything else, once its opening is in
the audit log (``viewed_contacts``).

All customer text shown here is the pipeline's masked text (``redacted_text``, ``evidence``),
escaped so that nothing a customer typed can turn into links, images or formatting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import quote

import altair as alt
import pandas as pd
import streamlit as st

from vocradar.connectors.warehouse import Warehouse
from vocradar.dashboards import queries
from vocradar.dashboards.labels import (
    CATEGORY_LABELS,
    LEVEL_HEX,
    LEVEL_ORDER,
    SOURCE_LABELS,
    category_label,
    level_label,
    reason_label,
    source_label,
    status_label,
)
from vocradar.dashboards.views.common import ago, idle_expired, level_badge, md, reason_badges

__all__ = ["ALERT_LIMIT", "REFRESH_S", "TITLE", "WINDOWS", "render"]

log = logging.getLogger(__name__)

TITLE: Final = "실시간 현황"
REFRESH_S: Final = 5
ALERT_LIMIT: Final = 20
INCIDENT_LIMIT: Final = 8
EXCERPT_CHARS: Final = 300

# Window label -> (hours, bucket minutes).
WINDOWS: Final[dict[str, tuple[int, int]]] = {
    "최근 1시간": (1, 1),
    "최근 6시간": (6, 5),
    "최근 24시간": (24, 15),
}
_DEFAULT_WINDOW: Final = "최근 1시간"

EMPTY_TEXT: Final = (
    "아직 수집된 VOC가 없습니다. 파이프라인이 이벤트를 적재하기 시작하면 이 화면이 자동으로 채워집니다."
)


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


# --- navigation through the URL -----------------------------------------------------------------
def _open_detail(event_id: str) -> None:
    st.query_params["event_id"] = event_id


def _close_detail() -> None:
    st.query_params.pop("event_id", None)


# --- data ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Snapshot:
    kpis: dict[str, Any]
    by_source: pd.DataFrame
    by_category: pd.DataFrame
    by_level: pd.DataFrame
    alerts: pd.DataFrame
    detail: pd.DataFrame | None
    rising: pd.DataFrame
    incidents: pd.DataFrame


def _load(
    database: str,
    get_warehouse: Callable[[], Warehouse],
    hours: int,
    bucket: int,
    level: str,
    source: str,
    event_id: str | None,
) -> _Snapshot | None:
    """Run every query of the page; on failure show why (and return None) instead of raising."""
    try:
        wh = get_warehouse()
        kpi_df = queries.kpis(wh, database)
        return _Snapshot(
            kpis=kpi_df.iloc[0].to_dict() if not kpi_df.empty else {},
            by_source=queries.volume(wh, database, "source", hours, bucket),
            by_category=queries.volume(wh, database, "category", hours, bucket),
            by_level=queries.risk_levels(wh, database, hours, bucket),
            alerts=queries.latest_alerts(wh, database, ALERT_LIMIT, level=level, source=source),
            detail=queries.event_detail(wh, database, event_id) if event_id else None,
            rising=queries.rising_topics(wh, database, recent_hours=1, base_hours=24),
            incidents=queries.incidents(wh, database, hours=24, status="active", limit=INCIDENT_LIMIT),
        )
    except Exception as exc:  # the page must explain a failure, never show a traceback
        _show_failure(exc)
        return None


def _show_failure(exc: BaseException) -> None:
    reason = md(str(exc).strip().splitlines()[0][:240]) if str(exc).strip() else type(exc).__name__
    if queries.is_missing_schema(exc):
        st.info(f"웨어하우스에 아직 VOC 테이블이 없습니다. {EMPTY_TEXT}", icon="📭")
    elif queries.is_unreachable(exc):
        st.error(
            f"웨어하우스에 연결할 수 없습니다. {REFRESH_S}초 후 자동으로 다시 시도합니다.  \n원인: {reason}",
            icon="🔌",
        )
    elif isinstance(exc, ValueError):
        st.error(f"웨어하우스 설정을 확인해 주세요 (VOCRADAR_WAREHOUSE_*).  \n원인: {reason}", icon="⚙️")
    else:
        log.warning("overview query failed: %s", exc, exc_info=True)
        st.error(
            f"데이터를 불러오지 못했습니다. {REFRESH_S}초 후 다시 시도합니다.  \n원인: {reason}", icon="⚠️"
        )


# --- charts -------------------------------------------------------------------------------------
def _time_chart(
    df: pd.DataFrame,
    *,
    legend_title: str,
    label: Callable[[str], str],
    order: Sequence[str],
    mark: Literal["line", "area"],
    colors: dict[str, str] | None = None,
    fmt: str = "%H:%M",
) -> alt.Chart:
    """A line or stacked-area chart of ``events`` per ``bucket``, coloured by the Korean label of ``key``."""
    keys = list(dict.fromkeys(df["key"].astype(str)))
    present = [k for k in order if k in keys] + sorted(k for k in keys if k not in order)
    domain = [label(k) for k in present]
    rank = {k: i for i, k in enumerate(present)}
    data = df.assign(
        label=[label(str(k)) for k in df["key"]],
        rank=[rank[str(k)] for k in df["key"]],
    )
    if colors is not None:
        scale = alt.Scale(domain=domain, range=[colors.get(k, "#888888") for k in present])
    else:
        scale = alt.Scale(domain=domain, scheme="tableau10" if len(domain) <= 10 else "tableau20")
    base = alt.Chart(data)
    chart = (
        base.mark_area(opacity=0.85, interpolate="monotone")
        if mark == "area"
        else base.mark_line(interpolate="monotone", strokeWidth=2)
    )
    return chart.encode(
        x=alt.X("bucket:T", title="시각 (KST)", axis=alt.Axis(format=fmt, labelAngle=0, tickCount=6)),
        y=alt.Y(
            "events:Q",
            title=None,  # a rotated Korean title reads badly; the heading says "(건)"
            stack="zero" if mark == "area" else None,
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        color=alt.Color(
            "label:N", title=legend_title, scale=scale, sort=domain, legend=alt.Legend(orient="bottom")
        ),
        order=alt.Order("rank:Q"),
        tooltip=[
            alt.Tooltip("bucket:T", title="시각 (KST)", format="%m-%d %H:%M"),
            alt.Tooltip("label:N", title=legend_title),
            alt.Tooltip("events:Q", title="건수", format=","),
        ],
    ).properties(height=260)


def _chart_or_note(title: str, df: pd.DataFrame, make: Callable[[pd.DataFrame], alt.Chart]) -> None:
    st.markdown(f"**{title}**")
    if df.empty:
        st.caption("이 구간에 들어온 VOC가 없습니다.")
    else:
        st.altair_chart(make(df), width="stretch")


# --- sections -----------------------------------------------------------------------------------
def _render_kpis(k: dict[str, Any]) -> None:
    def n(name: str) -> int:
        value = k.get(name)
        return int(value) if value is not None and not pd.isna(value) else 0

    cols = st.columns(5)
    cols[0].metric(
        "최근 1시간 VOC",
        f"{n('events_1h'):,}",
        delta=n("events_1h") - n("events_prev_1h"),
        delta_color="inverse",
        help="발생 시각 기준, 중복 수신은 한 번만 셉니다. 변화량은 직전 1시간 대비.",
        border=True,
    )
    cols[1].metric("최근 24시간 VOC", f"{n('events_24h'):,}", border=True)
    cols[2].metric(
        "알림 (24시간)",
        f"{n('alerts_24h'):,}",
        help=f"위험 단계 ‘높음’ 이상. 최근 1시간 {n('alerts_1h'):,}건.",
        border=True,
    )
    cols[3].metric("심각 알림 (24시간)", f"{n('critical_24h'):,}", help="위험 단계 ‘심각’.", border=True)
    cols[4].metric(
        "처리 불가 입력 (24시간)",
        f"{n('dead_24h'):,}",
        help="형식 오류 등으로 점수를 매길 수 없어 격리된 입력(dead letter).",
        border=True,
    )


def _render_evidence(evidence: Sequence[dict[str, Any]]) -> None:
    if not evidence:
        return
    lines = []
    for item in evidence:
        where = f"턴 {item['turn']}" if item.get("turn") is not None else "본문"
        why = f" · {md(reason_label(item['reason']))}" if item.get("reason") else ""
        lines.append(f"- **{where}**{why}: “{md(item['text'])}”")
    st.markdown("**근거 발화**  \n" + "\n".join(lines))


def _render_detail(event_id: str, detail: pd.DataFrame) -> None:
    with st.container(border=True):
        head, close = st.columns([8, 1], vertical_alignment="center")
        head.subheader("🔎 이벤트 상세")
        close.button("닫기", key="overview-close-detail", on_click=_close_detail, width="stretch")
        if detail.empty:
            st.warning(
                f"이벤트 {md(event_id)}를 찾을 수 없습니다. "
                "방금 발생한 이벤트라면 적재되는 대로 자동으로 표시됩니다.",
                icon="🔍",
            )
            return
        row = detail.iloc[0]
        st.markdown(
            f"{level_badge(row['risk_level'])} **{md(category_label(row['category']))}** · "
            f"{md(source_label(row['source']))} · {md(row['product'] or '상품 정보 없음')} · "
            f"{md(row['occurred_kst'])} KST"
        )
        cols = st.columns(4)
        cols[0].metric("위험도", f"{float(row['risk']):.2f}")
        cols[1].metric("유형 신뢰도", f"{float(row['category_confidence']):.0%}")
        cols[2].metric("대화 턴 수", f"{int(row['turn_count']):,}")
        cols[3].metric("채널", source_label(row["source"]))
        if row["reasons"]:
            st.markdown("**위험 사유** " + reason_badges(row["reasons"]))
        _render_evidence(row["evidence"])
        st.markdown("**내용 (개인정보 마스킹)**")
        with st.container(height=220 if len(str(row["redacted_text"])) > 600 else "content", border=False):
            st.markdown(md(row["redacted_text"]) or "_(내용 없음)_")
        notes = [
            f"이벤트 {md(row['event_id'])}",
            f"대화 {md(row['conversation_id'])}" if row["conversation_id"] else "",
            f"상담팀 {md(row['agent_team'])}" if row["agent_team"] else "",
            f"발신자 팔로워 {int(row['customer_followers']):,}" if int(row["customer_followers"]) else "",
            "인증 계정" if int(row["customer_verified"]) else "",
            "부분 전사" if int(row["is_partial"]) else "",
            "긴 본문 일부만 분석" if int(row["truncated"]) else "",
            f"분석 {md(row['scored_kst'])} KST",
            f"모델 {md(row['model_version'])}" if row["model_version"] else "",
        ]
        st.caption(" · ".join(n for n in notes if n))


def _render_rising(rising: pd.DataFrame) -> None:
    st.subheader("📈 급상승 주제")
    st.caption("최근 1시간 유입을 직전 23시간의 시간당 평균과 비교한 유형·상품 조합 (3건 이상).")
    if rising.empty:
        st.caption("최근 1시간에 급증한 주제가 없습니다.")
        return
    shown = pd.DataFrame(
        {
            "유형": [category_label(c) for c in rising["category"]],
            "상품": [p or "-" for p in rising["product"]],
            "최근 1시간": rising["recent"].astype(int),
            "평소(시간당)": rising["expected"].astype(float).round(1),
            "증가 배수": rising["ratio"].astype(float).round(1),
            "채널 수": rising["sources"].astype(int),
            "알림": rising["alerts"].astype(int),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={"증가 배수": st.column_config.NumberColumn(format="×%.1f")},
    )


def _render_incidents(incidents: pd.DataFrame) -> None:
    st.subheader("🧭 진행 중 인시던트")
    if incidents.empty:
        st.caption("최근 24시간에 처리 중인 인시던트가 없습니다.")
        return
    st.caption(
        "최근 24시간, 해결되지 않은 인시던트 (위험도·최근 순). 처리는 ‘알림·인시던트’ 화면에서 합니다."
    )
    for row in incidents.to_dict("records"):
        channels = ", ".join(source_label(s) for s in row["sources"])
        link = f"[열기](/alerts?incident={quote(str(row['incident_key']), safe='')})"
        st.markdown(
            f"{level_badge(row['risk_level'])} **{md(category_label(row['category']))}** · "
            f"{md(row['product'] or '상품 정보 없음')} · {md(channels)} · "
            f"{md(status_label(row['status']))} · {md(ago(row['age_s']))} · {link}"
        )


def _render_alerts(alerts: pd.DataFrame) -> None:
    st.subheader("🚨 최근 알림")
    if alerts.empty:
        st.info(
            "조건에 맞는 알림이 없습니다. 위험 단계가 ‘높음’ 이상인 VOC가 들어오면 여기에 표시됩니다.",
            icon="✅",
        )
        return
    for row in alerts.to_dict("records"):
        when = str(row["occurred_kst"])[5:16]
        product = row["product"] or "상품 정보 없음"
        label = (
            f"{level_badge(row['risk_level'])} **{md(category_label(row['category']))}** · "
            f"{md(product)} · {md(source_label(row['source']))} · {md(when)} KST"
        )
        with st.expander(label, key=f"overview-alert-{row['event_id']}"):
            if row["reasons"]:
                st.markdown(reason_badges(row["reasons"]))
            if str(row["redacted_text"]).strip():
                st.markdown("> " + md(_excerpt(row["redacted_text"])))
            _render_evidence(row["evidence"])
            info, action = st.columns([5, 1], vertical_alignment="center")
            info.caption(
                f"위험도 {float(row['risk']):.2f} · {ago(row['age_s'])} · 이벤트 {md(row['event_id'])}"
                + (f" · 상담팀 {md(row['agent_team'])}" if row["agent_team"] else "")
            )
            action.button(
                "상세 보기",
                key=f"overview-open-{row['event_id']}",
                on_click=_open_detail,
                args=(str(row["event_id"]),),
                width="stretch",
            )


@st.fragment(run_every=REFRESH_S)
def _live(
    database: str,
    get_warehouse: Callable[[], Warehouse],
    hours: int,
    bucket: int,
    level: str,
    source: str,
    audit_view: Callable[[str], bool] | None = None,
) -> None:
    if idle_expired():  # a logged-in session idle too long: the whole app logs it out
        st.rerun(scope="app")
    event_id = st.query_params.get("event_id") or None
    snap = _load(database, get_warehouse, hours, bucket, level, source, event_id)
    if snap is None:
        return
    if event_id and snap.detail is not None:
        # an event is a customer's contact: its opening is recorded first (nothing shown otherwise)
        found = not snap.detail.empty
        if not found or audit_view is None or audit_view(str(snap.detail.iloc[0]["incident_key"])):
            _render_detail(event_id, snap.detail)

    k = snap.kpis
    _render_kpis(k)
    last = str(k.get("last_event_kst") or "")
    now = pd.Timestamp.now(tz=queries.KST).strftime("%H:%M:%S")
    st.caption(
        (f"마지막 VOC {last} KST · " if last else "") + f"{REFRESH_S}초마다 자동 갱신 · 갱신 {now} KST"
    )
    if not int(k.get("has_events") or 0) and snap.alerts.empty:
        st.info(EMPTY_TEXT, icon="📭")
        return

    fmt = "%H:%M" if hours <= 24 else "%m-%d %H:%M"
    left, right = st.columns(2)
    with left:
        _chart_or_note(
            "채널별 유입 (건)",
            snap.by_source,
            lambda df: _time_chart(
                df, legend_title="채널", label=source_label, order=list(SOURCE_LABELS), mark="line", fmt=fmt
            ),
        )
    with right:
        _chart_or_note(
            "유형별 유입 (건)",
            snap.by_category,
            lambda df: _time_chart(
                df,
                legend_title="유형",
                label=category_label,
                order=list(CATEGORY_LABELS),
                mark="area",
                fmt=fmt,
            ),
        )
    _chart_or_note(
        "위험 단계 추이 (건)",
        snap.by_level,
        lambda df: _time_chart(
            df,
            legend_title="위험 단계",
            label=level_label,
            order=list(LEVEL_ORDER),
            mark="area",
            colors=LEVEL_HEX,
            fmt=fmt,
        ),
    )
    left, right = st.columns(2)
    with left:
        _render_rising(snap.rising)
    with right:
        _render_incidents(snap.incidents)
    _render_alerts(snap.alerts)


def render(
    database: str,
    get_warehouse: Callable[[], Warehouse],
    audit_view: Callable[[str], bool] | None = None,
) -> None:
    """Draw the page.

    Parameters
    ----------
    database
        The warehouse database holding the ``voc_*`` tables (from the settings).
    get_warehouse
        Returns the app's cached :class:`Warehouse`; may raise while the warehouse is
        unreachable, which the page reports and retries on its next refresh.
    audit_view
        Records that the viewer opened an event of the given incident (``?event_id=``); the
        event is shown only when it returns True.
    """
    st.title(f"📡 {TITLE}")
    st.caption(
        "통화·티켓·SNS·상담 메모로 들어온 고객의 소리(VOC)를 유형과 에스컬레이션 위험으로 나눠 봅니다. "
        "고객 문장은 개인정보가 마스킹된 상태로만 표시됩니다."
    )
    c_window, c_level, c_source = st.columns([2, 1, 1], vertical_alignment="bottom")
    with c_window:
        window = st.segmented_control(
            "조회 구간", list(WINDOWS), default=_DEFAULT_WINDOW, required=True, key="overview-window"
        )
    with c_level:
        level = st.selectbox(
            "알림 단계",
            ["", "critical", "high"],
            format_func=lambda c: level_label(c) if c else "전체",
            key="overview-level",
        )
    with c_source:
        source = st.selectbox(
            "알림 채널",
            ["", *SOURCE_LABELS],
            format_func=lambda c: source_label(c) if c else "전체",
            key="overview-source",
        )
    hours, bucket = WINDOWS.get(str(window), WINDOWS[_DEFAULT_WINDOW])
    _live(database, get_warehouse, hours, bucket, str(level or ""), str(source or ""), audit_view)
