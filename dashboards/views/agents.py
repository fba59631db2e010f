"""Page "상담 품질": teams and agents by obstruction, hostility and abuse received, with examples.

The lesson of the 해지 방어 cases is that an over-zealous employee under retention pressure
turns a cancellation into a national story, and that the same employees take abuse all day.
So this page counts, per team and per agent, contacts where the employee obstructed a
cancellation or refund, where the employee was hostile, and where the employee was abused, and
shows the evidence turns to coach from (or to protect the worker).

Only the quality team sees agent ids; executives see a stable pseudonym computed in the
warehouse (the id never reaches their session). UI only; SQL in :mod:`vocradar.dashboards.queries`.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

import altair as alt
import pandas as pd
import streamlit as st

from vocradar.dashboards import queries
from vocradar.dashboards.labels import category_label, level_label, source_label
from vocradar.dashboards.views.common import PageContext, level_badge, md, render_evidence, show_failure

__all__ = ["CONDUCT", "TITLE", "render"]

TITLE: Final = "상담 품질"
WINDOWS: Final[dict[str, int]] = {"최근 1일": 1, "최근 7일": 7, "최근 30일": 30}
# column -> (reason code, label, chart colour)
CONDUCT: Final[dict[str, tuple[str, str, str]]] = {
    "obstruction": ("agent_obstruction", "해지·환불 방해", "#d62839"),
    "hostility": ("agent_hostility", "불친절·비하", "#f08a24"),
    "abuse": ("customer_abuse", "폭언 피해(직원 보호)", "#5b6cff"),
}
EXAMPLE_LIMIT: Final = 6


def _rates(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    contacts = out["contacts"].clip(lower=1)
    for col in CONDUCT:
        out[f"{col}_pct"] = (out[col] / contacts * 100).round(1)
    return out


def _table(df: pd.DataFrame, first: dict[str, str]) -> pd.DataFrame:
    shown = _rates(df)
    cols = {**first, "contacts": "상담 건수"}
    for col, (_, label, _) in CONDUCT.items():
        cols[col] = f"{label} 건"
        cols[f"{col}_pct"] = f"{label} %"
    cols["alerts"] = "알림 건"
    return shown[list(cols)].rename(columns=cols)


def _chart(teams: pd.DataFrame) -> alt.Chart:
    rates = _rates(teams)
    long = pd.concat(
        [
            pd.DataFrame(
                {"팀": rates["agent_team"], "지표": label, "비율": rates[f"{col}_pct"], "건수": rates[col]}
            )
            for col, (_, label, _) in CONDUCT.items()
        ],
        ignore_index=True,
    )
    labels = [label for _, label, _ in CONDUCT.values()]
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("팀:N", title=None, sort=list(rates["agent_team"]), axis=alt.Axis(labelLimit=160)),
            x=alt.X("비율:Q", title="상담 100건당 건수 (%)"),
            yOffset=alt.YOffset("지표:N", sort=labels),
            color=alt.Color(
                "지표:N",
                title="지표",
                scale=alt.Scale(domain=labels, range=[c for _, _, c in CONDUCT.values()]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["팀:N", "지표:N", alt.Tooltip("비율:Q", format=".1f"), "건수:Q"],
        )
        .properties(height=max(160, 54 * len(rates)))
    )


def _incident_link(key: str) -> str:
    return f"[인시던트 보기](/alerts?incident={quote(key, safe='')})"


def _render_examples(ctx: PageContext, days: int, team: str) -> None:
    st.subheader("🎓 코칭·보호 사례")
    st.caption("위험도가 높은 순서로, 대화마다 한 건씩 근거 발화를 보여 줍니다.")
    tabs = st.tabs([label for _, label, _ in CONDUCT.values()])
    for tab, (reason, label, _) in zip(tabs, CONDUCT.values(), strict=True):
        with tab:
            try:
                df = queries.coaching_examples(
                    ctx.warehouse(),
                    ctx.database,
                    days,
                    reason,
                    team,
                    ctx.viewer.sees_agent_ids,
                    ctx.salt,
                    EXAMPLE_LIMIT,
                )
            except Exception as exc:
                show_failure(exc, "사례")
                continue
            if df.empty:
                st.caption(f"이 기간에 ‘{label}’ 사례가 없습니다.")
                continue
            for row in df.to_dict("records"):
                with st.container(border=True):
                    who = md(row["agent"]) if row["agent"] else "상담사 정보 없음"
                    st.markdown(
                        f"{level_badge(row['risk_level'])} "
                        f"**{md(row['agent_team'] or '팀 정보 없음')}** · {who} · "
                        f"{md(source_label(row['source']))} · {md(category_label(row['category']))} · "
                        f"{md(row['occurred_kst'])} KST · {_incident_link(str(row['incident_key']))}"
                    )
                    evidence = [e for e in row["evidence"] if e.get("reason") == reason] or row["evidence"]
                    render_evidence(evidence, title="근거 발화")


def render(ctx: PageContext) -> None:
    """Draw the page."""
    st.title(f"🎧 {TITLE}")
    st.caption(
        "팀·상담사별로 해지·환불 방해, 불친절·비하, 그리고 상담사가 받은 폭언을 집계합니다. "
        "과도한 해지 방어는 고객 분쟁으로, 폭언은 상담사 보호 조치로 이어져야 합니다. "
        "상담 건수는 대화 단위(같은 통화의 부분 전사는 한 건)입니다."
    )
    if not ctx.viewer.sees_agent_ids:
        st.info("경영진 보기: 상담사는 팀 또는 가명(상담사-xxxxxx)으로만 표시됩니다.", icon="🔒")
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    window = c1.selectbox("기간", list(WINDOWS), index=1, key="agents-window")
    days = WINDOWS.get(str(window), 7)
    try:
        wh = ctx.warehouse()
        teams = queries.team_conduct(wh, ctx.database, days)
    except Exception as exc:
        show_failure(exc, "상담 품질")
        return
    if teams.empty:
        st.info("이 기간에 상담사가 응대한 VOC가 없습니다.", icon="📭")
        return
    team = c2.selectbox(
        "상담팀",
        ["", *teams["agent_team"].astype(str)],
        format_func=lambda c: c or "전체 팀",
        key="agents-team",
    )
    team = str(team or "")

    totals = teams[["contacts", *CONDUCT]].sum()
    cols = st.columns(4)
    cols[0].metric("상담 건수", f"{int(totals['contacts']):,}", border=True)
    for col, (name, (_, label, _)) in zip(cols[1:], CONDUCT.items(), strict=True):
        share = int(totals[name]) / max(int(totals["contacts"]), 1)
        col.metric(label, f"{int(totals[name]):,}건", help=f"전체 상담의 {share:.1%}", border=True)

    st.subheader("팀별 현황")
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(_chart(teams), width="stretch")
    with right:
        st.dataframe(
            _table(teams, {"agent_team": "팀", "agents": "상담사 수"}),
            hide_index=True,
            width="stretch",
            height=300,
        )

    st.subheader("상담사별 현황" if ctx.viewer.sees_agent_ids else "상담사별 현황 (가명)")
    try:
        agents = queries.agent_conduct(
            ctx.warehouse(), ctx.database, days, team, ctx.viewer.sees_agent_ids, ctx.salt
        )
    except Exception as exc:
        show_failure(exc, "상담사 현황")
        agents = pd.DataFrame()
    if agents.empty:
        st.caption("표시할 상담사가 없습니다.")
    else:
        label = "상담사 ID" if ctx.viewer.sees_agent_ids else "상담사(가명)"
        st.dataframe(
            _table(agents, {"agent": label, "agent_team": "팀"}), hide_index=True, width="stretch", height=320
        )
        st.caption(
            "방해·불친절이 잦은 상담사는 코칭 대상, "
            "폭언 피해가 잦은 상담사는 보호(휴식·전담 이관) 대상입니다. "
            f"위험 단계 기준: {level_label('high')} 이상이면 알림."
        )
    _render_examples(ctx, days, team)
