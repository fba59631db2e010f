"""The launch forecast: analogue retrieval, curve model, conformal bands, risks, themes, backtest, report.

Small hand-built histories check the arithmetic; the synthetic demo history checks the claims the
report makes (the forecast beats the naive and the same-type baselines; bands hold held-out actuals
at about their nominal rate), computed here by leave-one-launch-out, never written down. The real
reference history (``connectors/launches_real.yaml``) is checked for provenance and mapping, and
its backtest is recomputed here from its parts.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import socket
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vocradar.connectors.launches import REAL_REFERENCES_PATH, demo_history, load_real_references
from vocradar.models.forecast import (
    CHANNELS,
    HORIZON_DAYS,
    MIX_MIN_COVERAGE,
    PRODUCT_TYPES,
    AnalogueFinder,
    BacktestResult,
    ConformalBands,
    CurveModel,
    Launch,
    LaunchForecaster,
    LaunchHistory,
    LaunchPlan,
    RealBacktestResult,
    RealReference,
    VocExample,
    backtest,
    load_plan,
    naive_forecast,
    real_backtest,
    real_references_from_mapping,
    tvd,
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


@pytest.fixture(scope="module")
def refs() -> list[RealReference]:
    return load_real_references()


@pytest.fixture(scope="module")
def real(refs: list[RealReference], history: LaunchHistory) -> RealBacktestResult:
    return real_backtest(refs, history)


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
    # and the same-type average, at every horizon a council decides on
    for d in (result.wape_daily, result.wape_weekly, result.wape_total):
        assert d["forecast"] < d["same_type"], d
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
def test_report_is_self_contained_html(
    history: LaunchHistory, result: BacktestResult, real: RealBacktestResult
) -> None:
    plan = load_plan(PLANS / "price-change-5g.yaml")
    fc = LaunchForecaster().fit(history).forecast(plan)
    html = render_report(fc, result, real=real)

    assert html.startswith("<!doctype html>")
    assert plan.name in html and "합성 데모 데이터" in html
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 4  # total, categories, backtest, real-reference mix errors
    # which launches are synthetic and which real references, with every source
    assert html.count("합성 (데모)") == len(fc.analogues)
    assert html.count("실제 (공개 자료)") == len(real.rows)
    for row in real.rows:
        assert row["url"].replace("&", "&amp;") in html
    assert f"{real.tvd['forecast']:.3f}" in html and f"{real.tvd['same_type']:.3f}" in html
    if real.best("tvd") != "forecast":  # the report says so, with the figures
        assert "기준선이 더 나은 곳" in html and f"{real.tvd[real.best('tvd')]:.3f}" in html
    assert all(base64.b64decode(img)[:8] == b"\x89PNG\r\n\x1a\n" for img in images)
    assert not re.search(r'(src|href)="https?://', html)  # nothing to fetch from the internet
    for a in fc.analogues:
        assert a.launch.name.replace("'", "&#39;") in html
        assert f"{a.similarity:.3f}".rstrip("0").rstrip(".") in html
    assert f"{result.wape_daily['forecast']:.3f}" in html and f"{result.wape_daily['naive']:.3f}" in html
    for t in fc.themes:
        for e in t.examples:
            assert e.replace("'", "&#39;") in html
    assert not PHONE.search(re.sub(r"https?://[^\s<]+", "", html))  # source addresses may hold long digits
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


# --- real reference history ---------------------------------------------------------------------
def test_real_references_have_sources_and_valid_mappings(refs: list[RealReference]) -> None:
    import yaml

    raw = yaml.safe_load(REAL_REFERENCES_PATH.read_text(encoding="utf-8"))
    assert len(refs) >= 8 and len(refs) == len(raw["references"])
    for label, entry in raw["category_map"].items():
        assert entry["category"] in CATEGORIES and entry["why"].strip(), label
    for r in refs:
        assert r.source.strip() and r.licence.strip(), r.ref_id
        assert r.url.startswith(("http://", "https://")) and all(u.startswith("http") for u in r.also)
        assert date.fromisoformat(r.accessed) <= date.today()
        assert r.product_type in PRODUCT_TYPES and set(r.channels) <= set(CHANNELS)
        assert r.window_start <= r.window_end and r.total > 0
        assert r.reported and all(t.category in CATEGORIES and t.count > 0 for t in r.reported)
        assert 0 < r.classified_share <= 1.0
        assert r.mix.sum() == pytest.approx(1.0) and np.all(r.mix >= 0)
        if r.subscriber_base is not None:
            assert r.rate_per_1000_month == pytest.approx(
                r.total / (r.subscriber_base / 1000) / (r.window_days / 30)
            )
    launches = [r for r in refs if r.kind in ("launch", "product_change")]
    assert len(launches) >= 5
    assert sum(r.mix_usable for r in refs) >= 6
    assert sum(r.rate_per_1000_month is not None for r in refs) >= 5


def _ref_mapping(**row: Any) -> dict[str, Any]:
    base = {
        "id": "X1",
        "name": "테스트 출시",
        "kind": "launch",
        "product_type": "network",
        "channels": ["retail"],
        "launch_date": "2019-04-03",
        "description": "설명",
        "window": {"start": "2019-04-03", "end": "2019-05-02", "label": "한 달"},
        "measure": "1372",
        "total": 100,
        "reported": [{"type": "해지", "count": 60}, {"type": "끊김", "share": 0.2}],
        "subscriber_base": 50_000,
        "source": "기관",
        "url": "https://example.org/a",
        "accessed": "2026-12-08",
        "licence": "사실만 인용",
    }
    base.update(row)
    return {
        "category_map": {
            "해지": {"category": "cancellation", "why": "해지"},
            "끊김": {"category": "network", "why": "망 품질"},
        },
        "references": [base],
    }


def test_real_reference_arithmetic_and_loader_checks() -> None:
    (r,) = real_references_from_mapping(_ref_mapping())
    c = r.category_counts()
    assert c[CATEGORIES.index("cancellation")] == 60 and c[CATEGORIES.index("network")] == pytest.approx(20)
    assert r.classified_share == pytest.approx(0.8) and r.mix_usable
    assert r.mix[CATEGORIES.index("cancellation")] == pytest.approx(0.75)
    assert r.window_days == 30 and r.rate_per_1000_month == pytest.approx(100 / 50)
    (few,) = real_references_from_mapping(_ref_mapping(reported=[{"type": "해지", "count": 70}]))
    assert not few.mix_usable and few.classified_share < MIX_MIN_COVERAGE  # one type, 70%: volume only
    for bad, match in (
        ({"url": ""}, "url"),
        ({"source": None}, "source"),
        ({"licence": " "}, "licence"),
        ({"reported": [{"type": "없는 유형", "count": 1}]}, "category_map"),
        ({"reported": [{"type": "해지", "count": 101}]}, "more than the total"),
        ({"product_type": "rocket"}, "product_type"),
        ({"channels": ["carrier_pigeon"]}, "channels"),
    ):
        with pytest.raises(ValueError, match=match):
            real_references_from_mapping(_ref_mapping(**bad))
    mapping = _ref_mapping()
    mapping["category_map"]["해지"]["category"] = "churn"
    with pytest.raises(ValueError, match="category"):
        real_references_from_mapping(mapping)


def test_tvd() -> None:
    p = np.array([0.5, 0.5, 0.0])
    assert tvd(p, p) == 0.0
    assert tvd(p, np.array([0.0, 0.0, 1.0])) == pytest.approx(1.0)
    assert tvd(p, np.array([0.25, 0.75, 0.0])) == pytest.approx(0.25)


def test_demo_history_follows_the_real_references(refs: list[RealReference], history: LaunchHistory) -> None:
    """Relative rates per type and the leading categories of the synthetic history follow the real ones."""
    ratios = []
    for kind in PRODUCT_TYPES:
        synth = [
            (launch, c)
            for launch, c in zip(history.launches, history.counts, strict=True)
            if launch.category == kind
        ]
        real_rates = [r.rate_per_1000_month for r in refs if r.product_type == kind and r.rate_per_1000_month]
        real_mixes = [r.mix for r in refs if r.product_type == kind and r.mix_usable]
        if not synth:
            continue
        rates = [c.sum() / (launch.subscriber_base / 1000) / (HORIZON_DAYS / 30) for launch, c in synth]
        if real_rates:
            ratios.append(math.exp(np.mean(np.log(rates)) - np.mean(np.log(real_rates))))
        if real_mixes:
            real_mix = np.mean(real_mixes, axis=0)
            synth_mix = np.mean([c.sum(axis=1) / c.sum() for _, c in synth], axis=0)
            assert tvd(real_mix, synth_mix) < 0.45, kind
            assert int(np.argmax(real_mix)) in np.argsort(-synth_mix)[:3], kind
    # one operator-to-external ratio fits every type with a real rate (same order of magnitude)
    assert len(ratios) >= 3 and max(ratios) / min(ratios) < 3


def test_real_backtest_figures_are_computed(
    refs: list[RealReference], history: LaunchHistory, real: RealBacktestResult
) -> None:
    assert real.n_mix == sum(r.mix_usable for r in refs)
    assert real.n_volume == sum(r.rate_per_1000_month is not None for r in refs)
    assert [row["id"] for row in real.rows] == [r.ref_id for r in refs]
    # the naive mix of a held-out reference is the mean of every other known mix (real and synthetic)
    i = next(n for n, r in enumerate(refs) if r.mix_usable)
    others = [r.mix for n, r in enumerate(refs) if n != i and r.mix_usable]
    others += [c.sum(axis=1) / c.sum() for c in history.counts]
    assert real.rows[i]["tvd"]["naive"] == pytest.approx(tvd(refs[i].mix, np.mean(others, axis=0)))
    for m in ("forecast", "naive", "same_type"):
        assert real.tvd[m] == pytest.approx(np.mean([row["tvd"][m] for row in real.rows if row["tvd"]]))
        errs = [
            abs(math.log(row["rate_pred"][m] / row["rate_actual"])) for row in real.rows if row["rate_pred"]
        ]
        assert real.log_ratio[m] == pytest.approx(np.mean(errs))
    # both informed forecasts beat the plain average of everything on real launches
    assert real.tvd["forecast"] < real.tvd["naive"] and real.tvd["same_type"] < real.tvd["naive"]
    assert real.log_ratio["forecast"] < real.log_ratio["naive"]
    assert 0 < real.scale < 1  # an external complaint is rarer than an operator VOC
    summary = real.summary()
    assert f"{real.tvd['forecast']:.3f}" in summary and f"{real.log_ratio['same_type']:.3f}" in summary
    if real.best("tvd") != "forecast":
        assert "note:" in summary
    assert json.loads(json.dumps(real.as_dict(), ensure_ascii=False))["references_mix"] == real.n_mix
    # more similar history changes the figures: they come from the data, not from constants
    moved = real_backtest(refs, history.subset(range(len(history) // 2)))
    assert moved.tvd != real.tvd


def test_forecast_command_prints_both_backtests(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "VOCRADAR_DATA_DIR": str(tmp_path / "data"), "VOCRADAR_WAREHOUSE_PORT": str(port)}
    env.pop("VOCRADAR_WAREHOUSE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "vocradar", "forecast", "--backtest", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert "leave-one-launch-out backtest over" in run.stdout
    assert "real-reference backtest" in run.stdout
    assert f"{figures['wape_weekly']['forecast']:.3f}" in run.stdout
    assert f"{figures['real']['tvd']['forecast']:.3f}" in run.stdout
    assert figures["real"]["references_mix"] >= 6
