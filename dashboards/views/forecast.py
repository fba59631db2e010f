"""Page "출시 VOC 예측" (launch forecast): the pre-launch VOC forecast for a launch council.

UI only. The registry is read through :mod:`vocradar.connectors.launches` (wrapped here in
``st.cache_data``); the analysis is :class:`~vocradar.models.forecast.LaunchForecaster` and the
tables and downloadable report come from :mod:`vocradar.models.forecast_report`, so the page
shows the same content as ``vocradar forecast --plan``. The user picks an example plan or
uploads a YAML/JSON plan. An empty registry offers to load the synthetic demo history. Past
launches are marked synthetic (데모) or real (registered), and the backtest section adds the
real-reference backtest (public complaint figures, every one sourced).

Example VOC is the registry's masked text, masked again before display and escaped so nothing a
customer typed can turn into links or formatting.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
import yaml

from vocradar.connectors import launches
from vocradar.connectors.warehouse import Warehouse
from vocradar.dashboards import queries
from vocradar.dashboards.labels import category_label
from vocradar.models.forecast import (
    CHANNELS,
    PRODUCT_TYPES,
    BacktestResult,
    LaunchForecast,
    LaunchForecaster,
    LaunchHistory,
    LaunchPlan,
    RealBacktestResult,
    backtest,
    load_plan,
    plan_from_mapping,
    real_backtest,
)
from vocradar.models.forecast_report import render_report, report_tables, theme_title
from vocradar.models.pii import mask_pii
from vocradar.models.types import CATEGORIES

__all__ = ["EXAMPLE_PLANS_DIR", "TITLE", "example_plans", "render"]

log = logging.getLogger(__name__)

TITLE: Final = "출시 VOC 예측"
TTL_S: Final = 300
EXAMPLE_PLANS_DIR: Final = Path(__file__).resolve().parents[2] / "examples" / "plans"
UPLOAD: Final = "YAML/JSON 파일 업로드"
EMPTY_TEXT: Final = (
    "출시 이력이 없습니다. 과거 출시와 연결된 VOC가 등록되면 예측할 수 있습니다. "
    "시연용 합성 이력은 아래 버튼이나 `vocradar forecast --load-demo`로 불러올 수 있습니다."
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def _md(text: object) -> str:
    """Escape text for Streamlit Markdown so it is shown literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


# --- data (cached) ------------------------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner="출시 이력을 불러오는 중…")
def _history(_wh: Warehouse, db: str) -> LaunchHistory:
    return launches.load_history(_wh)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _registry_size(_wh: Warehouse, db: str) -> int:
    return launches.registry_size(_wh)


@st.cache_data(ttl=TTL_S, show_spinner="유사 출시를 찾고 예측하는 중…")
def _forecast(_wh: Warehouse, db: str, plan_json: str) -> LaunchForecast:
    plan = LaunchPlan.model_validate_json(plan_json)
    return LaunchForecaster().fit(_history(_wh, db)).forecast(plan)


@st.cache_data(ttl=TTL_S, show_spinner="과거 출시로 백테스트하는 중…")
def _backtest(_wh: Warehouse, db: str) -> BacktestResult:
    return backtest(_history(_wh, db))


@st.cache_data(ttl=TTL_S, show_spinner="실제 출시 참조로 백테스트하는 중…")
def _real_backtest(_wh: Warehouse, db: str) -> RealBacktestResult:
    return real_backtest(launches.load_real_references(), _history(_wh, db))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _report_html(_wh: Warehouse, db: str, plan_json: str, with_backtest: bool) -> str:
    if not with_backtest:
        return render_report(_forecast(_wh, db, plan_json))
    return render_report(_forecast(_wh, db, plan_json), _backtest(_wh, db), real=_real_backtest(_wh, db))


def example_plans(directory: Path = EXAMPLE_PLANS_DIR) -> dict[str, Path]:
    """Example plan files by display name (the plan's own name), when the directory exists."""
    found: dict[str, Path] = {}
    if directory.is_dir():
        for path in sorted(directory.glob("*.y*ml")) + sorted(directory.glob("*.json")):
            try:
                found[load_plan(path).name] = path
            except Exception as exc:  # a broken example must not break the page
                log.warning("example plan %s is invalid: %s", path, exc)
    return found


# --- plan choice --------------------------------------------------------------------------------
def _choose_plan() -> LaunchPlan | None:
    examples = example_plans()
    options = [*examples, UPLOAD]
    choice = st.selectbox("출시 계획", options, key="forecast-plan")
    if choice != UPLOAD:
        return load_plan(examples[choice])
    uploaded = st.file_uploader("출시 계획 파일 (YAML 또는 JSON)", type=["yaml", "yml", "json"])
    st.caption(
        "필드: name, description, category("
        + ", ".join(PRODUCT_TYPES)
        + "), launch_date, subscriber_base, channels("
        + ", ".join(CHANNELS)
        + ")"
    )
    if uploaded is None:
        st.info("출시 계획 파일을 올리면 예측을 보여 드립니다.", icon="📄")
        return None
    try:
        text = uploaded.getvalue().decode("utf-8")
        data = json.loads(text) if uploaded.name.lower().endswith(".json") else yaml.safe_load(text)
        return plan_from_mapping(data)
    except Exception as exc:
        st.error(f"출시 계획을 읽을 수 없습니다.  \n원인: {_md(str(exc).splitlines()[0][:300])}", icon="⚠️")
        return None


# --- charts -------------------------------------------------------------------------------------
def _total_chart(fc: LaunchForecast) -> alt.LayerChart | alt.FacetChart:
    lo80, hi80 = fc.total_bands[0.8]
    lo95, hi95 = fc.total_bands[0.95]
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(fc.dates),
            "day": np.arange(len(fc.dates)),
            "예측": fc.daily_total,
            "lo80": lo80,
            "hi80": hi80,
            "lo95": lo95,
            "hi95": hi95,
            "단순 기준선": fc.baseline.sum(axis=0),
        }
    )
    x = alt.X("date:T", title="날짜", axis=alt.Axis(format="%m-%d", labelAngle=0))
    base = alt.Chart(df)
    band95 = base.mark_area(opacity=0.25, color="#8fb3de").encode(
        x=x, y=alt.Y("lo95:Q", title="일별 VOC (건)"), y2="hi95:Q"
    )
    band80 = base.mark_area(opacity=0.45, color="#8fb3de").encode(x=x, y="lo80:Q", y2="hi80:Q")
    lines = (
        base.transform_fold(["예측", "단순 기준선"], as_=["series", "value"])
        .mark_line(strokeWidth=2)
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color(
                "series:N",
                title="계열",
                scale=alt.Scale(domain=["예측", "단순 기준선"], range=["#1f5fa8", "#9a9a9a"]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=["예측", "단순 기준선"], range=[[1, 0], [5, 4]]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("date:T", title="날짜"), "series:N", alt.Tooltip("value:Q", format=",.0f")],
        )
    )
    return alt.layer(band95, band80, lines).properties(height=300)


def _category_chart(fc: LaunchForecast) -> alt.FacetChart:
    lo, hi = fc.bands[0.8]
    rows = []
    for cat in fc.top_categories(6):
        c = CATEGORIES.index(cat)
        for d, day in enumerate(fc.dates):
            rows.append(
                {
                    "date": day,
                    "유형": category_label(cat),
                    "예측": fc.mean[c, d],
                    "lo": lo[c, d],
                    "hi": hi[c, d],
                }
            )
    df = pd.DataFrame(rows).assign(date=lambda f: pd.to_datetime(f["date"]))
    x = alt.X("date:T", title="날짜", axis=alt.Axis(format="%m-%d", labelAngle=0))
    base = alt.Chart()
    layer = alt.layer(
        base.mark_area(opacity=0.4, color="#8fb3de").encode(
            x=x, y=alt.Y("lo:Q", title="일별 VOC"), y2="hi:Q"
        ),
        base.mark_line(color="#1f5fa8").encode(x=x, y="예측:Q"),
        data=df,
    ).properties(width=260, height=140)
    return layer.facet(facet=alt.Facet("유형:N", title=None, sort=None), columns=3).resolve_scale(
        y="independent"
    )


# --- sections -----------------------------------------------------------------------------------
def _plan_section(plan: LaunchPlan) -> None:
    cols = st.columns(3)
    cols[0].metric("상품 유형", PRODUCT_TYPES.get(plan.category, plan.category))
    cols[1].metric("출시일", plan.launch_date.isoformat())
    cols[2].metric("예상 가입자", f"{plan.subscriber_base:,}명")
    st.markdown(f"**채널**: {_md(', '.join(CHANNELS.get(c, c) for c in plan.channels) or '-')}")
    st.caption(_md(plan.description))


def _show(fc: LaunchForecast, bt: BacktestResult | None, real: RealBacktestResult | None = None) -> None:
    tables = report_tables(fc, bt, real)
    if fc.synthetic_history:
        st.warning(
            "**합성 데모 데이터**: 과거 출시 이력은 시연용으로 생성한 합성 데이터입니다. "
            "실제 출시 실적이 아닙니다.",
            icon="🧪",
        )
    _plan_section(fc.plan)

    st.subheader("요약")
    items = list(tables.headline.items())
    for start in range(0, len(items), 3):
        for col, (label, value) in zip(st.columns(3), items[start : start + 3], strict=False):
            col.metric(label, value)

    st.subheader("유사 과거 출시")
    st.caption(
        "설명 유사도: 상품 설명의 문자 n-gram TF-IDF 코사인 · 속성 유사도: 상품 유형(50%)·가입자 규모(20%)·"
        "채널 겹침(30%) · 종합 유사도: 둘의 평균 · 가중치: 상위 출시에 대한 softmax"
    )
    st.dataframe(pd.DataFrame(tables.analogues), hide_index=True, use_container_width=True)

    st.subheader("일별 VOC 예측 (8주)")
    st.altair_chart(_total_chart(fc), use_container_width=True)
    st.altair_chart(_category_chart(fc))
    st.dataframe(pd.DataFrame(tables.categories), hide_index=True, use_container_width=True)
    st.caption("예측 구간: 과거 출시를 하나씩 빼고 예측한 오차(leave-one-out)로 보정한 conformal 구간")

    st.subheader("유사 출시보다 위험해 보이는 유형")
    if tables.risks:
        st.dataframe(pd.DataFrame(tables.risks), hide_index=True, use_container_width=True)
    else:
        st.markdown("유사 출시보다 두드러지게 위험한 유형은 없습니다.")

    st.subheader("예상 불만 주제")
    for i, t in enumerate(fc.themes):
        with st.expander(
            f"{_md(theme_title(t))} · {category_label(t.category)} · {t.share:.0%}", expanded=i < 2
        ):
            st.caption("나온 출시: " + _md(", ".join(t.launches)))
            for text in t.examples:
                st.markdown(f"> {_md(mask_pii(text))}")

    if bt is not None:
        st.subheader("백테스트 (leave-one-launch-out)")
        cols = st.columns(3)
        cols[0].metric("예측 WAPE (일별×유형)", f"{bt.wape_daily['forecast']:.3f}")
        cols[1].metric("단순 기준선 WAPE", f"{bt.wape_daily['naive']:.3f}")
        cols[2].metric("기준선보다 나은 출시", f"{bt.wins}/{len(bt.launches)}")
        st.dataframe(pd.DataFrame(tables.backtest), hide_index=True, use_container_width=True)
        st.caption(
            "예측 구간 적중률(처음 보는 출시의 일별×유형 실적): "
            + ", ".join(f"{lv:.0%} 구간 → {cov:.1%}" for lv, cov in sorted(bt.coverage.items()))
        )
    if real is not None:
        st.subheader("실제 출시 참조 백테스트 (공개 자료)")
        st.caption(
            "실제 한국 통신 출시·신상품 참조(구분: 실제)를 하나씩 빼고 나머지(실제+합성)로 유형 구성과 "
            "가입자 1천 명·월당 건수를 예측했습니다. "
            "건수는 1372·한국소비자원·방통위에 외부로 접수된 불만입니다."
        )
        cols = st.columns(3)
        cols[0].metric("유형 구성 TVD (예측)", f"{real.tvd['forecast']:.3f}")
        cols[1].metric("유형 구성 TVD (동일 유형)", f"{real.tvd['same_type']:.3f}")
        cols[2].metric("유형 구성 TVD (단순)", f"{real.tvd['naive']:.3f}")
        st.dataframe(pd.DataFrame(tables.real_backtest), hide_index=True, use_container_width=True)
        with st.expander("참조와 출처", expanded=False):
            st.dataframe(pd.DataFrame(tables.references), hide_index=True, use_container_width=True)
    for note in tables.notes:
        st.info(_md(note), icon="📏")


def _empty_registry(wh: Warehouse, database: str) -> None:
    st.info(EMPTY_TEXT, icon="📭")
    if st.button("합성 데모 이력 불러오기", key="forecast-load-demo"):
        wh.ensure_schema()
        launches.ensure_demo_history(wh)
        st.cache_data.clear()
        st.rerun()


def render(database: str, get_warehouse: Callable[[], Warehouse]) -> None:
    """Draw the page."""
    st.title(TITLE)
    st.caption("과거 출시와 그 VOC로, 출시 전에 8주간의 VOC를 예측합니다 (상품 출시협의회용).")
    try:
        wh = get_warehouse()
        size = _registry_size(wh, database)
    except Exception as exc:
        _failure(exc)
        return
    if size == 0:
        _empty_registry(wh, database)
        return
    plan = _choose_plan()
    if plan is None:
        return
    with_backtest = st.toggle("백테스트 포함", value=True, key="forecast-backtest")
    try:
        plan_json = plan.model_dump_json()
        fc = _forecast(wh, database, plan_json)
        bt = _backtest(wh, database) if with_backtest else None
        real = _real_backtest(wh, database) if with_backtest else None
    except Exception as exc:
        _failure(exc)
        return
    _show(fc, bt, real)
    st.download_button(
        "보고서 내려받기 (HTML)",
        data=_report_html(wh, database, plan_json, with_backtest),
        file_name="launch-forecast.html",
        mime="text/html",
        key="forecast-report",
    )


def _failure(exc: BaseException) -> None:
    reason = _md(str(exc).strip().splitlines()[0][:240]) if str(exc).strip() else type(exc).__name__
    if queries.is_unreachable(exc):
        st.error(
            f"웨어하우스에 연결할 수 없습니다. 새로고침하면 다시 시도합니다.  \n원인: {reason}", icon="🔌"
        )
    elif isinstance(exc, ValueError):
        st.error(f"출시 이력으로 예측할 수 없습니다.  \n원인: {reason}", icon="⚠️")
    else:
        log.warning("forecast page failed: %s", exc, exc_info=True)
        st.error(f"데이터를 불러오지 못했습니다.  \n원인: {reason}", icon="⚠️")
