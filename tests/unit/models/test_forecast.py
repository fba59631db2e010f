"""The launch forecast: analogue retrieval, curve model, conformal bands, risks, themes, backtest, report.

Small hand-built histories check the arithmetic; the synthetic demo history checks the claims the
report makes (the forecast beats the naive baseline; bands hold held-out actuals at about their
nominal rate), computed here by leave-one-launch-out, never written down.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from vocradar.connectors.launches import demo_history
from vocradar.models.forecast import (
    HORIZON_DAYS,
    AnalogueFinder,
    BacktestResult,
    ConformalBands,
    CurveModel,
    Launch,
    LaunchForecaster,
    LaunchHistory,
    LaunchPlan,
    VocExample,
    backtest,
    load_plan,
    naive_forecast,
    wape,
)
from vocradar.models.forecast_report import render_report, report_tables, theme_title
from vocradar.models.types import CATEGORIES

PLANS = Path(__file__).resolve().parents[3] / "examples" / "plans"
PHONE = re.compile(r"01[016789]-?\d{3,4}-?\d{4}")


def _launch(
    lid: str,
    kind: str,
    desc: str,
    base: int = 100_000,
    channels: tuple[str, ...] = ("online",),
    start: date = date(2025, 1, 6),
) -> Launch:
    return Launch(
        launch_id=lid,
        name=f"출시 {lid}",
        description=desc,
        category=kind,
        launch_date=start,
        subscriber_base=base,
        channels=channels,
    )


def _plan(kind: str, desc: str, base: int = 100_000, channels: tuple[str, ...] = ("online",)) -> LaunchPlan:
    return LaunchPlan(
        name="계획",
        description=desc,
        category=kind,
        launch_date=date(2027, 1, 4),
        subscriber_base=base,
        channels=channels,
    )


@pytest.fixture(scope="module")
def history() -> LaunchHistory:
    return demo_history()


@pytest.fixture(scope="module")
def result(history: LaunchHistory) -> BacktestResult:
    return backtest(history)


# --- analogue retrieval -------------------------------------------------------------------------
def test_analogues_rank_by_description_and_attributes() -> None:
    launches = [
        _launch(
            "a", "smartphone", "플래그십 스마트폰 사전예약 출시, 사은품 증정", channels=("preorder", "online")
        ),
        _launch("b", "mobile_plan", "5G 요금제 신설, 데이터 무제한과 선택약정 할인"),
        _launch("c", "iptv_bundle", "IPTV 결합 상품, 셋톱박스 방문 설치", channels=("home_visit",)),
        _launch("d", "smartphone", "중저가 스마트폰 온라인 출시"),
    ]
    finder = AnalogueFinder(k=3).fit(launches)
    found = finder.find(
        _plan("smartphone", "폴더블 스마트폰 사전예약 출시와 사은품", channels=("preorder", "online"))
    )

    assert [a.launch.launch_id for a in found][:2] == ["a", "d"]
    assert len(found) == 3
    assert sum(a.weight for a in found) == pytest.approx(1.0)
    assert all(0.0 <= a.text_similarity <= 1.0 and 0.0 <= a.attribute_similarity <= 1.0 for a in found)
    sims = [a.similarity for a in found]
    assert sims == sorted(sims, reverse=True)
    weights = [a.weight for a in found]
    assert weights == sorted(weights, reverse=True)
    # the same description as a past launch is the closest possible text
    same = finder.find(_plan("mobile_plan", launches[1].description).model_copy(update={"name": "출시 b"}))
    assert same[0].launch.launch_id == "b" and same[0].text_similarity == pytest.approx(1.0)


def test_attribute_similarity_parts() -> None:
    sim = AnalogueFinder.attribute_similarity
    a = _plan("smartphone", "x", 100_000, ("online", "retail"))
    assert sim(a, a) == pytest.approx(1.0)
    assert sim(a, _plan("app", "x", 100_000, ("online", "retail"))) == pytest.approx(0.5)
    assert sim(a, _plan("smartphone", "x", 1_000_000, ("online", "retail"))) == pytest.approx(0.8)
    assert sim(a, _plan("smartphone", "x", 100_000, ("online",))) == pytest.approx(0.85)


def test_demo_analogues_are_launches_of_the_same_kind(history: LaunchHistory) -> None:
    for i, held in enumerate(history.launches):
        rest = history.without(i)
        found = AnalogueFinder().fit(rest.launches).find(held)
        same_type = [launch for launch in rest.launches if launch.category == held.category]
        assert found[0].launch.category == held.category, held.name
        assert {a.launch.launch_id for a in found[: len(same_type)]} == {x.launch_id for x in same_type}


# --- curve model and baseline -------------------------------------------------------------------
def _flat_history(bases: list[int], kinds: list[str]) -> LaunchHistory:
    """Launches whose VOC per 1,000 subscribers is the same curve: 1 billing VOC per 1,000 a day."""
    launches = [
        _launch(f"l{i}", k, f"상품 {k} 설명 {i}", base=b, start=date(2025, 1, 6) + timedelta(days=3 * i))
        for i, (b, k) in enumerate(zip(bases, kinds, strict=True))
    ]
    counts = np.zeros((len(launches), len(CATEGORIES), HORIZON_DAYS))
    counts[:, CATEGORIES.index("billing"), :] = np.array(bases)[:, None] / 1000
    return LaunchHistory(launches, counts)


def test_curve_scales_with_the_plans_subscriber_base() -> None:
    hist = _flat_history([100_000, 200_000, 400_000, 50_000], ["smartphone"] * 4)
    model = CurveModel(lift=False).fit(hist)
    assert model.weekday_.mean() == pytest.approx(1.0)
    for base in (10_000, 300_000):
        pred = model.predict(_plan("smartphone", "상품 smartphone 설명", base=base))
        assert pred[CATEGORIES.index("billing")] == pytest.approx(
            np.full(HORIZON_DAYS, base / 1000), rel=1e-6
        )
        assert pred.sum() == pytest.approx(HORIZON_DAYS * base / 1000, rel=1e-6)


def test_naive_forecast_is_the_mean_rate_times_the_base() -> None:
    hist = _flat_history([100_000, 300_000, 50_000], ["app", "smartphone", "add_on"])
    hist.counts[1] *= 3  # the second launch had three times the VOC rate
    plan = _plan("app", "x", base=20_000)
    expected_rate = (1 + 3 + 1) / 3  # per 1,000 subscribers a day
    assert naive_forecast(hist, plan)[CATEGORIES.index("billing")] == pytest.approx(
        np.full(HORIZON_DAYS, expected_rate * 20)
    )


def test_wape() -> None:
    y = np.array([10.0, 0.0, 30.0])
    assert wape(y, y) == 0.0
    assert wape(y, np.array([20.0, 5.0, 30.0])) == pytest.approx(15 / 40)
    assert np.isnan(wape(np.zeros(3), np.ones(3)))


def test_adding_a_risky_channel_raises_its_categories(history: LaunchHistory) -> None:
    fc = LaunchForecaster().fit(history)
    base_plan = load_plan(PLANS / "smartphone-nova-s3.yaml")
    quiet = base_plan.model_copy(update={"channels": ("preorder", "online", "retail")})
    loud = fc.forecast(base_plan)  # the example plan adds telesales
    calm = fc.forecast(quiet)
    c = CATEGORIES.index("sales_contract")
    assert loud.category_totals[c] > calm.category_totals[c]
    flagged = {r.category: r for r in loud.risks}
    assert "sales_contract" in flagged
    assert any(name == "channel:telesales" for name, _, _ in flagged["sales_contract"].drivers)
    assert any("텔레마케팅" in label for label in flagged["sales_contract"].driver_labels())
    assert "sales_contract" not in {r.category for r in calm.risks}


# --- intervals ----------------------------------------------------------------------------------
def test_conformal_bands_cover_fresh_draws_at_their_level() -> None:
    rng = np.random.default_rng(3)
    pred = rng.uniform(0.5, 400, 4000)
    actual = rng.poisson(pred * rng.lognormal(0, 0.3, pred.size))
    bands = ConformalBands().fit(pred[:2000], actual[:2000])
    for level in (0.5, 0.8, 0.95):
        lo, hi = bands.interval(pred[2000:], level)
        assert np.all(lo >= 0) and np.all(hi >= lo)
        covered = np.mean((actual[2000:] >= lo) & (actual[2000:] <= hi))
        assert abs(covered - level) < 0.04, (level, covered)
    lo80, hi80 = bands.interval(pred[2000:], 0.8)
    lo95, hi95 = bands.interval(pred[2000:], 0.95)
    assert np.all(lo95 <= lo80) and np.all(hi95 >= hi80)
    with pytest.raises(ValueError):
        bands.interval(pred, 1.0)


def test_intervals_hold_held_out_launches_at_their_nominal_rate(result: BacktestResult) -> None:
    # nested leave-one-launch-out: each launch's bands were calibrated without it
    for level, covered in result.coverage.items():
        assert abs(covered - level) <= 0.05, (level, covered)
    for level, covered in result.coverage_total.items():
        assert abs(covered - level) <= 0.07, (level, covered)


# --- backtest -----------------------------------------------------------------------------------
def test_forecast_beats_the_naive_baseline(result: BacktestResult, history: LaunchHistory) -> None:
    assert result.beats_baseline
    assert result.wape_daily["forecast"] < 0.8 * result.wape_daily["naive"]
    assert result.wape_weekly["forecast"] < result.wape_weekly["naive"]
    assert result.wape_total["forecast"] < result.wape_total["naive"]
    assert result.wins >= 0.75 * len(history)
    assert len(result.per_launch["forecast"]) == len(history)
    summary = result.summary()
    assert (
        f"{result.wape_daily['forecast']:.3f}" in summary and f"{result.wape_daily['naive']:.3f}" in summary
    )
    assert json.loads(json.dumps(result.as_dict()))["beats_baseline"] is True


def test_backtest_needs_enough_launches() -> None:
    with pytest.raises(ValueError):
        backtest(_flat_history([1000, 2000, 3000], ["app"] * 3))


# --- forecast contents --------------------------------------------------------------------------
def test_forecast_of_an_example_plan(history: LaunchHistory) -> None:
    plan = load_plan(PLANS / "iptv-ai-bundle.yaml")
    fc = LaunchForecaster().fit(history).forecast(plan)

    assert fc.mean.shape == (len(CATEGORIES), HORIZON_DAYS) and np.all(fc.mean >= 0)
    assert fc.analogues[0].launch.category == "iptv_bundle"
    assert fc.dates[0] == plan.launch_date and len(fc.dates) == HORIZON_DAYS
    for level in fc.levels:
        lo, hi = fc.bands[level]
        assert np.all(lo <= fc.mean + 1e-9) and np.all(hi >= fc.mean - 1e-9)
        t_lo, t_hi = fc.total_band[level]
        assert t_lo <= fc.category_totals.sum() <= t_hi
    assert fc.top_categories(2) == [CATEGORIES[i] for i in np.argsort(-fc.category_totals)[:2]]
    assert fc.synthetic_history
    # themes come from the analogues, with masked examples
    analogue_names = {a.launch.name for a in fc.analogues}
    assert fc.themes and sum(t.share for t in fc.themes) <= 1.0 + 1e-9
    for t in fc.themes:
        assert set(t.launches) <= analogue_names
        assert t.category in CATEGORIES
        assert all(not PHONE.search(e) for e in t.examples)
    assert json.loads(json.dumps(fc.as_dict(), ensure_ascii=False))["plan"]["name"] == plan.name


def test_theme_examples_are_masked_even_if_stored_raw() -> None:
    hist = _flat_history([100_000, 200_000, 400_000], ["app"] * 3)
    hist.examples = [
        VocExample(
            "l0", "e1", 1, "privacy", "본인인증 오류", "인증이 안 돼요. 제 번호는 010-1234-5678입니다"
        ),
    ]
    fc = LaunchForecaster().fit(hist).forecast(_plan("app", "상품 app 설명"))
    texts = [e for t in fc.themes for e in t.examples]
    assert texts and not any(PHONE.search(e) for e in texts)
    assert any("010-****-****" in e for e in texts)


def test_plans_load_from_yaml_and_json(tmp_path: Path) -> None:
    files = sorted(PLANS.glob("*.yaml"))
    assert len(files) >= 2
    plans = [load_plan(p) for p in files]
    assert len({p.category for p in plans}) == len(plans)
    as_json = tmp_path / "plan.json"
    as_json.write_text(plans[0].model_dump_json(), encoding="utf-8")
    assert load_plan(as_json) == plans[0]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\ndescription: y\ncategory: spaceship\nlaunch_date: 2027-01-01\nsubscriber_base: 5\n"
    )
    with pytest.raises(ValueError, match="spaceship"):
        load_plan(bad)
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ValueError):
        load_plan(bad)


# --- report -------------------------------------------------------------------------------------
def test_report_is_self_contained_html(history: LaunchHistory, result: BacktestResult) -> None:
    plan = load_plan(PLANS / "price-change-5g.yaml")
    fc = LaunchForecaster().fit(history).forecast(plan)
    html = render_report(fc, result)

    assert html.startswith("<!doctype html>")
    assert plan.name in html and "합성 데모 데이터" in html
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3  # total, categories, backtest
    assert all(base64.b64decode(img)[:8] == b"\x89PNG\r\n\x1a\n" for img in images)
    assert not re.search(r'(src|href)="https?://', html)  # nothing to fetch from the internet
    for a in fc.analogues:
        assert a.launch.name.replace("'", "&#39;") in html
        assert f"{a.similarity:.3f}".rstrip("0").rstrip(".") in html
    assert f"{result.wape_daily['forecast']:.3f}" in html and f"{result.wape_daily['naive']:.3f}" in html
    for t in fc.themes:
        for e in t.examples:
            assert e.replace("'", "&#39;") in html
    assert not PHONE.search(html)
    tables = report_tables(fc, result)
    assert len(tables.analogues) == len(fc.analogues) and tables.backtest


def test_report_escapes_plan_text(history: LaunchHistory) -> None:
    plan = _plan("app", "<script>alert(1)</script> 앱 개편", base=1_000_000, channels=("app",))
    html = render_report(LaunchForecaster().fit(history).forecast(plan))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "백테스트" not in html.split("<h2>방법과 한계</h2>")[0].split("예상 불만 주제")[1]


def test_report_without_examples_or_themes() -> None:
    hist = _flat_history([100_000, 200_000, 400_000], ["app"] * 3)
    fc = LaunchForecaster().fit(hist).forecast(_plan("app", "상품 app 설명"))
    assert fc.themes == [] and not fc.synthetic_history
    html = render_report(fc)
    assert "연결된 VOC 예시가 없습니다" in html and "합성 데모 데이터" not in html
    # VOC linked from the pipeline carries no theme yet: its category names it
    hist.examples = [VocExample("l1", "e1", 2, "billing", "", "요금이 두 번 나왔어요")]
    themed = LaunchForecaster().fit(hist).forecast(_plan("app", "상품 app 설명"))
    assert [theme_title(t) for t in themed.themes] == ["요금·청구 전반"]
