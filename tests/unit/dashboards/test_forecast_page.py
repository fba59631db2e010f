"""The "출시 VOC 예측" page with ``AppTest`` against the real embedded warehouse (chDB over HTTP).

The registry is filled with the synthetic demo history through the registry connector; the
expected figures are computed here with the same forecaster, not written down.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from vocradar.connectors.chdb_service import ChdbHttpService
from vocradar.connectors.launches import demo_history, load_real_references, registry_size, store_history
from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards.views.forecast import UPLOAD, example_plans
from vocradar.models.forecast import LaunchForecaster, LaunchHistory, load_plan, real_backtest
from vocradar.settings import load_settings

APP = Path(__file__).resolve().parents[3] / "dashboards" / "streamlit_app.py"
DB = "vocradar_forecast"
PAGE = "launch-forecast"
PHONE = re.compile(r"01[016789]-?\d{3,4}-?\d{4}")


@pytest.fixture(scope="module")
def url(chdb_service: ChdbHttpService) -> str:
    return f"http://127.0.0.1:{chdb_service.port}"


@pytest.fixture(scope="module")
def history(url: str) -> LaunchHistory:
    wh = connect_warehouse(load_settings(warehouse_url=url, warehouse_database=DB), wait_s=30)
    hist = demo_history()
    store_history(wh, hist)
    return hist


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _app(monkeypatch: pytest.MonkeyPatch, url: str, database: str = DB) -> AppTest:
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_URL", url)
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_DATABASE", database)
    for name in ("QUALITY", "EXECUTIVE"):
        monkeypatch.delenv(f"VOCRADAR_DASHBOARD_{name}_PASSWORD", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at._page_hash = calc_hash(PAGE)  # st.Page hashes its url_path; AppTest has no public way
    return at.run()


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _texts(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error"):
        parts.extend(str(el.value) for el in getattr(at, kind))
    parts.extend(str(el.label) for el in at.expander)
    parts.extend(f"{m.label}={m.value}" for m in at.metric)
    for df in at.dataframe:
        parts.append(df.value.to_csv(index=False))
    return _unescape("\n".join(parts))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_shows_the_forecast_of_the_first_example(
    monkeypatch: pytest.MonkeyPatch, url: str, history: LaunchHistory
) -> None:
    at = _app(monkeypatch, url)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("출시 VOC 예측" in t.value for t in at.title)

    name, path = next(iter(example_plans().items()))
    assert at.selectbox(key="forecast-plan").value == name
    fc = LaunchForecaster().fit(history).forecast(load_plan(path))
    metrics = _metrics(at)
    assert metrics["8주 예상 VOC"] == f"{fc.category_totals.sum():,.0f}"
    assert metrics["예상 가입자"] == f"{fc.plan.subscriber_base:,}명"
    text = _texts(at)
    assert "합성 데모 데이터" in text
    for sub in ("유사 과거 출시", "일별 VOC 예측 (8주)", "예상 불만 주제", "백테스트 (leave-one-launch-out)"):
        assert sub in [s.value for s in at.subheader]
    analogues = at.dataframe[0].value
    assert list(analogues["출시"]) == [a.launch.name for a in fc.analogues]
    assert list(analogues["종합 유사도"]) == [round(a.similarity, 3) for a in fc.analogues]
    for t in fc.themes:
        assert t.theme in text
        for e in t.examples:
            assert e in text
    assert not PHONE.search(re.sub(r"https?://\S+", "", text))  # source addresses may hold long digits
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 2
    assert "기준선보다 나은 출시" in metrics
    wins, total = metrics["기준선보다 나은 출시"].split("/")
    assert int(total) == len(history) and int(wins) > int(total) // 2
    assert float(metrics["예측 WAPE (일별×유형)"]) < float(metrics["단순 기준선 WAPE"])
    assert at.get("download_button"), "the report can be downloaded"


def test_page_marks_synthetic_launches_and_shows_the_real_reference_backtest(
    monkeypatch: pytest.MonkeyPatch, url: str, history: LaunchHistory
) -> None:
    at = _app(monkeypatch, url)
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["구분"]) == {"합성 (데모)"}
    assert "실제 출시 참조 백테스트 (공개 자료)" in [s.value for s in at.subheader]
    refs = load_real_references()
    real = real_backtest(refs, history)
    metrics = _metrics(at)
    assert metrics["유형 구성 TVD (예측)"] == f"{real.tvd['forecast']:.3f}"
    assert metrics["유형 구성 TVD (동일 유형)"] == f"{real.tvd['same_type']:.3f}"
    text = _texts(at)
    for r in refs:
        assert r.name in text and r.url in text
    if real.best("tvd") != "forecast":  # the page says where a baseline is the better tool, with figures
        assert f"{real.tvd[real.best('tvd')]:.3f}" in _unescape("\n".join(i.value for i in at.info))


def test_choosing_another_plan_changes_the_analogues(
    monkeypatch: pytest.MonkeyPatch, url: str, history: LaunchHistory
) -> None:
    at = _app(monkeypatch, url)
    at.toggle(key="forecast-backtest").set_value(False).run()
    plans = example_plans()
    by_kind = {load_plan(p).category: name for name, p in plans.items()}
    at.selectbox(key="forecast-plan").set_value(by_kind["price_change"]).run()

    assert not at.exception, at.exception
    analogues = at.dataframe[0].value
    assert analogues.iloc[0]["유형"] == "요금·약관 변경"
    assert "백테스트 (leave-one-launch-out)" not in [s.value for s in at.subheader]

    at.selectbox(key="forecast-plan").set_value(UPLOAD).run()
    assert not at.exception, at.exception
    assert any("출시 계획 파일을 올리면" in i.value for i in at.info)


def test_empty_registry_offers_the_synthetic_demo(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    db = "vocradar_forecast_empty"
    wh: Warehouse = connect_warehouse(load_settings(warehouse_url=url, warehouse_database=db), wait_s=30)
    wh.command(f"DROP DATABASE IF EXISTS {db}")  # no tables at all, as before the first worker starts
    at = _app(monkeypatch, url, database=db)

    assert not at.exception, at.exception
    assert any("출시 이력이 없습니다" in i.value for i in at.info)
    at.button(key="forecast-load-demo").click().run()
    assert not at.exception, at.exception
    assert registry_size(Warehouse(wh.client, db)) == len(demo_history())
    assert "8주 예상 VOC" in _metrics(at)


def test_unreachable_warehouse_shows_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    at = _app(monkeypatch, f"http://127.0.0.1:{port}")
    assert not at.exception, at.exception
    assert any("연결할 수 없습니다" in e.value for e in at.error)
