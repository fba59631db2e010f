"""Page "알림·인시던트": the incident feed with filters, and one incident's page.

An incident is the group of alerts and events sharing an ``incident_key`` (a conversation, else
a single event); its status is the latest acknowledge/resolve/reopen row the quality team
appended from here (``voc_incident_actions``), which the notifier also reads. ``?incident=KEY``
in the URL opens an incident: its timeline across channels, the call transcript with the
evidence turns highlighted and the reasons explained, linked posts and tickets, and the action log.
Opening an incident shows a customer's contacts, so it is recorded in the audit log
(``viewed_contacts``, once per session) before anything is shown; every action is recorded there
too, with the logged-in person.

UI only; all SQL lives in :mod:`vocradar.dashboards.queries`.
"""

from __future__ import annotations

import re
from typing import Any, Final

import altair as alt
import pandas as pd
import streamlit as st

from vocradar.dashboards import queries
from vocradar.dashboards.labels import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    LEVEL_HEX,
    LEVEL_ORDER,
    SOURCE_LABELS,
    STATUS_COLORS,
    category_label,
    level_label,
    reason_explanation,
    reason_label,
    source_label,
    status_label,
)
from vocradar.dashboards.views.common import (
    PageContext,
    ago,
    audit_view_once,
    badge,
    excerpt,
    level_badge,
    md,
    reason_badges,
    render_evidence,
    show_failure,
)

__all__ = ["TITLE", "render"]

TITLE: Final = "알림·인시던트"
FEED_LIMIT: Final = 30
WINDOWS: Final[dict[str, int]] = {"최근 24시간": 24, "최근 3일": 72, "최근 7일": 168}
STATUS_FILTERS: Final[dict[str, str]] = {
    "active": "처리 중",
    "open": "미처리",
    "acknowledged": "확인됨",
    "resolved": "해결됨",
    "": "전체",
}
_TURN_LINE = re.compile(r"^\[(상담원|고객|시스템|agent|customer|system)\] ?(.*)$")
_SPEAKER_ICON: Final[dict[str, str]] = {"상담원": "🎧", "고객": "🙋", "시스템": "⚙️"}


def _status_badge(status: str) -> str:
    return badge(status_label(status), STATUS_COLORS.get(status, "gray"))


def _open_incident(key: str) -> None:
    st.query_params["incident"] = key


def _close_incident() -> None:
    st.query_params.pop("incident", None)


# --- feed ---------------------------------------------------------------------------------------
def _filters(ctx: PageContext) -> dict[str, Any]:
    team_choices: list[str] = []
    try:
        team_choices = queries.teams(ctx.warehouse(), ctx.database)
    except Exception:  # the feed below reports the failure
        team_choices = []
    c1, c2, c3, c4, c5, c6 = st.columns([1.3, 1.4, 1, 1, 1.2, 1.2], vertical_alignment="bottom")
    window = c1.selectbox("기간", list(WINDOWS), key="alerts-window")
    status = c2.selectbox(
        "상태", list(STATUS_FILTERS), format_func=STATUS_FILTERS.__getitem__, key="alerts-status"
    )
    level = c3.selectbox(
        "위험 단계",
        ["", "critical", "high"],
        format_func=lambda c: level_label(c) if c else "전체",
        key="alerts-level",
    )
    source = c4.selectbox(
        "채널",
        ["", *SOURCE_LABELS],
        format_func=lambda c: source_label(c) if c else "전체",
        key="alerts-source",
    )
    category = c5.selectbox(
        "유형",
        ["", *CATEGORY_LABELS],
        format_func=lambda c: category_label(c) if c else "전체",
        key="alerts-category",
    )
    team = c6.selectbox("상담팀", ["", *team_choices], format_func=lambda c: c or "전체", key="alerts-team")
    return {
        "hours": WINDOWS.get(str(window), 24),
        "status": str(status or ""),
        "level": str(level or ""),
        "source": str(source or ""),
        "category": str(category or ""),
        "team": str(team or ""),
    }


def _render_feed(ctx: PageContext, filters: dict[str, Any]) -> None:
    try:
        df = queries.incidents(ctx.warehouse(), ctx.database, limit=FEED_LIMIT, **filters)
    except Exception as exc:
        show_failure(exc, "알림")
        return
    if df.empty:
        st.info(
            "조건에 맞는 인시던트가 없습니다. 위험 단계 ‘높음’ 이상 VOC가 들어오면 여기에 표시됩니다.",
            icon="✅",
        )
        return
    st.caption(f"인시던트 {len(df):,}건 (위험도·최근 순, 최대 {FEED_LIMIT}건)")
    for row in df.to_dict("records"):
        with st.container(border=True):
            head, action = st.columns([6, 1], vertical_alignment="center")
            channels = ", ".join(source_label(s) for s in row["sources"])
            head.markdown(
                f"{level_badge(row['risk_level'])} {_status_badge(row['status'])} "
                f"**{md(category_label(row['category']))}** · {md(row['product'] or '상품 정보 없음')} · "
                f"{md(channels)} · 알림 {int(row['alerts'])}건 · {md(ago(row['age_s']))}"
            )
            if row["reasons"]:
                head.markdown(reason_badges(row["reasons"]))
            head.caption(md(excerpt(row["excerpt"], 220)))
            action.button(
                "열기",
                key=f"alerts-open-{row['incident_key']}",
                on_click=_open_incident,
                args=(str(row["incident_key"]),),
                width="stretch",
            )


# --- incident page ------------------------------------------------------------------------------
def _transcript_lines(text: str) -> list[tuple[int | None, str, str]]:
    """The lines of a stored transcript as (turn index or None, speaker, text)."""
    out: list[tuple[int | None, str, str]] = []
    turn = 0
    for line in str(text).splitlines():
        m = _TURN_LINE.match(line)
        if m:
            out.append((turn, m.group(1), m.group(2)))
            turn += 1
        elif line.strip():
            out.append((None, "", line))
    return out


def _render_transcript(event: dict[str, Any]) -> None:
    """The conversation with its evidence turns highlighted and labelled with their reasons."""
    evidence = event["evidence"]
    flagged: dict[int, list[str]] = {}
    for item in evidence:
        if item.get("turn") is not None:
            flagged.setdefault(int(item["turn"]), []).append(str(item.get("reason") or ""))
    texts = [str(item["text"]) for item in evidence]
    lines = _transcript_lines(event["redacted_text"])
    st.markdown(
        f"**{md(source_label(event['source']))} 전사** · {int(event['turn_count']):,}턴 · "
        f"{md(event['occurred_kst'])} KST"
        + (" · 부분 전사(통화 진행 중)" if int(event["is_partial"]) else "")
    )
    # Long calls scroll inside a box; typical ones are shown whole so every highlighted turn is in view.
    with st.container(height=560 if len(lines) > 24 else "content", border=True):
        for turn, speaker, text in lines:
            reasons = flagged.get(turn, []) if turn is not None else []
            hit = bool(reasons) or any(t and t in text for t in texts)
            icon = _SPEAKER_ICON.get(speaker, "")
            who = f"{icon} **{md(speaker)}**" if speaker else ""
            where = f"`{turn}` " if turn is not None else ""
            body = md(text)
            if hit:
                labels = " ".join(badge(reason_label(r), "red") for r in reasons if r)
                st.markdown(f"{where}{who} :red-background[{body}] {labels}")
            else:
                st.markdown(f"{where}{who} {body}")


def _render_reasons(reasons: list[str], evidence: list[dict[str, Any]]) -> None:
    if not reasons:
        return
    st.markdown("**위험 사유와 근거**")
    for reason in reasons:
        said = [e for e in evidence if e.get("reason") == reason]
        quote = ""
        if said:
            first = said[0]
            where = f"턴 {first['turn']}" if first.get("turn") is not None else "본문"
            quote = f"  \n  ↳ {where}: “{md(first['text'])}”"
            note = str(first.get("note") or "")
            if note:
                quote += f" ({md(note)})"
        st.markdown(f"- {badge(reason_label(reason), 'violet')} {md(reason_explanation(reason))}{quote}")


def _timeline_chart(events: pd.DataFrame) -> alt.Chart:
    data = events.assign(
        when=pd.to_datetime(events["occurred_kst"]),
        channel=[source_label(s) for s in events["source"]],
        level=[level_label(v) for v in events["risk_level"]],
        what=[
            f"{category_label(c)} · {'연결' if k == 'link' else '인시던트'}"
            for c, k in zip(events["category"], events["kind"], strict=True)
        ],
    )
    domain = [level_label(v) for v in LEVEL_ORDER]
    return (
        alt.Chart(data)
        .mark_circle(size=160, opacity=0.9)
        .encode(
            x=alt.X(
                "when:T", title="시각 (KST)", axis=alt.Axis(format="%m-%d %H:%M", labelAngle=0, tickCount=6)
            ),
            y=alt.Y("channel:N", title=None, sort=[source_label(s) for s in SOURCE_LABELS]),
            color=alt.Color(
                "level:N",
                title="위험 단계",
                scale=alt.Scale(domain=domain, range=[LEVEL_HEX[v] for v in LEVEL_ORDER]),
                legend=alt.Legend(orient="right"),
            ),
            shape=alt.Shape("kind:N", title="구분", legend=None),
            tooltip=[
                alt.Tooltip("when:T", title="시각 (KST)", format="%m-%d %H:%M:%S"),
                alt.Tooltip("channel:N", title="채널"),
                alt.Tooltip("level:N", title="위험 단계"),
                alt.Tooltip("what:N", title="유형"),
            ],
        )
        .properties(height=max(150, 46 * data["channel"].nunique()))
    )


def _render_actions(ctx: PageContext, key: str, status: str) -> None:
    viewer = ctx.viewer
    can_act = viewer.role == "quality"
    st.markdown(f"**처리 상태** {_status_badge(status)}")
    if not can_act:
        st.caption("확인·해결 처리는 품질관리팀 권한으로만 할 수 있습니다.")
        return
    note = st.text_input(
        "처리 메모 (선택)", key=f"alerts-note-{key}", max_chars=500, placeholder="예: 팀장 콜백 완료"
    )
    buttons = st.columns(3)
    choices = [
        ("acknowledged", status == "open"),
        ("resolved", status != "resolved"),
        ("reopened", status != "open"),
    ]
    for col, (action, enabled) in zip(buttons, choices, strict=True):
        if col.button(
            ACTION_LABELS[action],
            key=f"alerts-{action}-{key}",
            disabled=not enabled,
            width="stretch",
            type="primary" if action == "resolved" else "secondary",
        ):
            try:
                queries.record_action(
                    ctx.warehouse(),
                    ctx.database,
                    key,
                    action,
                    viewer.actor,
                    viewer.role,
                    note,
                    auth=viewer.auth,
                    client=ctx.client,
                )
            except Exception as exc:
                show_failure(exc, "처리 기록")
                return
            queries.incidents.clear()
            queries.incident_actions.clear()
            st.toast(f"인시던트를 ‘{ACTION_LABELS[action]}’ 처리했습니다.", icon="✅")
            st.rerun()


def _render_incident(ctx: PageContext, key: str) -> None:
    head, close = st.columns([8, 1], vertical_alignment="center")
    head.subheader("🧭 인시던트 상세")
    close.button("목록으로", key="alerts-close", on_click=_close_incident, width="stretch")
    try:
        wh = ctx.warehouse()
        events = queries.incident_events(wh, ctx.database, key, ctx.viewer.sees_agent_ids, ctx.salt)
        summary = queries.incidents(wh, ctx.database, hours=24 * 90, limit=1, key=key)
        actions = queries.incident_actions(wh, ctx.database, key)
    except Exception as exc:
        show_failure(exc, "인시던트")
        return
    if events.empty:
        st.warning(
            f"인시던트 {md(key)}의 이벤트를 찾을 수 없습니다. 방금 발생했다면 적재되는 대로 표시됩니다.",
            icon="🔍",
        )
        return
    if not audit_view_once(ctx, key, sorted({str(c) for c in events["customer_key"] if c})):
        return
    top = events.sort_values(["risk", "occurred_ms"], ascending=False).iloc[0].to_dict()
    status = str(summary.iloc[0]["status"]) if not summary.empty else "open"
    reasons = list(dict.fromkeys(r for rs in events["reasons"] for r in rs))
    evidence = [e for ev in events["evidence"] for e in ev]
    channels = ", ".join(source_label(s) for s in dict.fromkeys(events["source"]))
    st.markdown(
        f"{level_badge(top['risk_level'])} {_status_badge(status)} "
        f"**{md(category_label(top['category']))}** · {md(top['product'] or '상품 정보 없음')} · "
        f"{md(channels)} · "
        f"{md(events.iloc[0]['occurred_kst'])} ~ {md(events.iloc[-1]['occurred_kst'])} KST"
    )
    cols = st.columns(4)
    cols[0].metric("최고 위험도", f"{float(events['risk'].max()):.2f}")
    cols[1].metric("이벤트", f"{len(events):,}")
    cols[2].metric("상담팀", str(top["agent_team"] or "-"))
    agent = str(top["agent"] or "-")
    cols[3].metric("상담사" if ctx.viewer.sees_agent_ids else "상담사(가명)", agent)

    left, right = st.columns([3, 2])
    with right:
        _render_reasons(reasons, evidence)
        _render_actions(ctx, key, status)
        if not actions.empty:
            st.markdown("**처리 이력**")
            for a in actions.to_dict("records"):
                note = f" — {md(a['note'])}" if a["note"] else ""
                st.caption(
                    f"{md(a['acted_kst'])} · {md(ACTION_LABELS.get(a['action'], a['action']))} · "
                    f"{md(a['actor'])}{note}"
                )
    conversations = events[events["source"].isin(["call", "chat"])]
    with left:
        if not conversations.empty:
            latest = conversations.sort_values(
                ["is_partial", "turn_count", "occurred_ms"], ascending=[True, False, False]
            )
            _render_transcript(latest.iloc[0].to_dict())
        else:
            st.markdown(f"**{md(source_label(top['source']))} 본문 (개인정보 마스킹)**")
            with st.container(border=True):
                st.markdown(md(top["redacted_text"]) or "_(내용 없음)_")
            render_evidence(top["evidence"])

    try:
        related = queries.related_events(
            ctx.warehouse(),
            ctx.database,
            key,
            tuple(sorted({str(c) for c in events["customer_key"] if c})),
            str(top["category"]),
            str(top["product"]),
            int(events["occurred_ms"].min()),
            int(events["occurred_ms"].max()),
        )
    except Exception as exc:
        show_failure(exc, "연결된 VOC")
        related = pd.DataFrame()
    st.markdown("**채널 간 타임라인**")
    timeline = events[["occurred_kst", "source", "risk_level", "category"]].assign(kind="incident")
    if not related.empty:
        timeline = pd.concat(
            [timeline, related[["occurred_kst", "source", "risk_level", "category"]].assign(kind="link")],
            ignore_index=True,
        )
    st.altair_chart(_timeline_chart(timeline), width="stretch")
    st.caption("● 이 인시던트의 이벤트와, 같은 고객 또는 같은 유형·상품으로 연결된 다른 채널의 VOC.")

    st.markdown("**연결된 게시글·티켓**")
    if related.empty:
        st.caption("같은 고객(7일 이내)이나 같은 유형·상품(6시간 이내)으로 연결된 다른 VOC가 없습니다.")
    for r in related.to_dict("records"):
        why = "같은 고객" if r["link"] == "customer" else "같은 유형·상품"
        with st.container(border=True):
            st.markdown(
                f"{level_badge(r['risk_level'])} {badge(why, 'blue')} **{md(source_label(r['source']))}** · "
                f"{md(category_label(r['category']))} · {md(r['occurred_kst'])} KST "
                + (reason_badges(r["reasons"]) if r["reasons"] else "")
            )
            st.caption(md(excerpt(r["redacted_text"], 260)))


def render(ctx: PageContext) -> None:
    """Draw the page: the incident given by ``?incident=`` or else the filtered feed."""
    st.title(f"🚨 {TITLE}")
    st.caption(
        "위험 단계 ‘높음’ 이상 VOC를 대화(인시던트) 단위로 묶어 보여 줍니다. "
        "확인·해결 처리는 알림 재발송에도 반영됩니다. 고객 문장은 개인정보가 마스킹된 상태로만 표시됩니다."
    )
    key = st.query_params.get("incident")
    if key:
        _render_incident(ctx, str(key))
        return
    _render_feed(ctx, _filters(ctx))
