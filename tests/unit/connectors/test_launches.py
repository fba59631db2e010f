"""The launch registry on the real embedded warehouse, the synthetic demo history, and the command.

The warehouse is chDB served over ClickHouse HTTP (one service for the module), reached through
the same :class:`Warehouse` the product uses. The command runs as a user runs it, in a process of
its own with a fresh data directory.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vocradar.connectors.chdb_service import ChdbHttpService
from vocradar.connectors.launches import (
    SYNTHETIC_MARK,
    demo_history,
    ensure_demo_history,
    link_product_voc,
    load_history,
    read_launch,
    registry_launches,
    registry_size,
    store_history,
)
from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.models.forecast import PRODUCT_TYPES, LaunchHistory, VocExample
from vocradar.models.pii import mask_pii
from vocradar.models.types import CATEGORIES
from vocradar.processes import free_port
from vocradar.runner import seed_launch_registry
from vocradar.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]
PHONE = re.compile(r"01[016789]-?\d{3,4}-?\d{4}")
CARD = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}")


@pytest.fixture(scope="module")
def url(chdb_service: ChdbHttpService) -> str:
    return f"http://127.0.0.1:{chdb_service.port}"


def _wh(url: str, db: str) -> Warehouse:
    return connect_warehouse(load_settings(warehouse_url=url, warehouse_database=db), wait_s=30)


@pytest.fixture(scope="module")
def demo() -> LaunchHistory:
    return demo_history()


# --- the synthetic demo history -----------------------------------------------------------------
def test_demo_history_is_realistic_and_marked_synthetic(demo: LaunchHistory) -> None:
    launches = demo.launches
    assert len(launches) >= 12
    dates = sorted(launch.launch_date for launch in launches)
    assert (dates[-1] - dates[0]).days >= 2 * 365
    assert {"smartphone", "mobile_plan", "iptv_bundle", "app", "price_change"} <= {
        launch.category for launch in launches
    }
    assert {launch.category for launch in launches} <= set(PRODUCT_TYPES)
    assert all(launch.synthetic and launch.name.startswith(SYNTHETIC_MARK) for launch in launches)
    assert demo.synthetic
    assert len({launch.launch_id for launch in launches}) == len(launches)
    counts = demo.counts
    assert np.all(counts >= 0) and np.all(counts == np.round(counts))
    # every launch has VOC, and bigger launches of a kind have more of it
    totals = counts.sum(axis=(1, 2))
    assert np.all(totals > 0)
    phones = [i for i, launch in enumerate(launches) if launch.category == "smartphone"]
    biggest = max(phones, key=lambda i: launches[i].subscriber_base)
    smallest = min(phones, key=lambda i: launches[i].subscriber_base)
    assert totals[biggest] > totals[smallest]


def test_demo_history_is_deterministic_per_seed(demo: LaunchHistory) -> None:
    again = demo_history()
    assert np.array_equal(again.counts, demo.counts) and again.examples == demo.examples
    assert not np.array_equal(demo_history(seed=7).counts, demo.counts)


def test_demo_examples_are_korean_masked_and_follow_the_volume(demo: LaunchHistory) -> None:
    by_launch: dict[str, list[VocExample]] = {}
    for e in demo.examples:
        by_launch.setdefault(e.launch_id, []).append(e)
    pos = {launch.launch_id: i for i, launch in enumerate(demo.launches)}
    assert set(by_launch) == set(pos)
    for lid, items in by_launch.items():
        for e in items:
            assert re.search("[가-힣]", e.text)
            assert not PHONE.search(e.text) and not CARD.search(e.text)
            assert mask_pii(e.text) == e.text
            assert e.category in CATEGORIES and e.theme
            # an example is only drawn where the launch had VOC of its category that day
            assert demo.counts[pos[lid], CATEGORIES.index(e.category), e.day] > 0
    masked = [e.text for e in demo.examples if "****" in e.text]
    assert masked, "some generated VOC carries personal data, masked"


# --- registry on the real warehouse ---------------------------------------------------------------
def test_store_and_load_round_trip(url: str, demo: LaunchHistory) -> None:
    wh = _wh(url, "reg_roundtrip")
    assert registry_size(wh) == 0
    store_history(wh, demo)
    store_history(wh, demo, version=2)  # the same history stored again: replaced, not doubled
    assert registry_size(wh) == len(demo)

    loaded = load_history(wh)
    assert [launch.model_dump() for launch in loaded.launches] == [
        launch.model_dump() for launch in sorted(demo.launches, key=lambda x: (x.launch_date, x.launch_id))
    ]
    order = [
        next(i for i, x in enumerate(demo.launches) if x.launch_id == y.launch_id) for y in loaded.launches
    ]
    assert np.array_equal(loaded.counts, demo.counts[order])
    assert sorted(loaded.examples, key=lambda e: e.event_id) == sorted(
        demo.examples, key=lambda e: e.event_id
    )
    df = registry_launches(wh)
    assert list(df["launch_id"]) == [x.launch_id for x in loaded.launches]
    assert set(df["synthetic"]) == {1}


def test_registry_masks_example_text_before_storing(url: str, demo: LaunchHistory) -> None:
    wh = _wh(url, "reg_masking")
    raw = VocExample(
        "L2401", "L2401-raw", 3, "device", "초기 불량·발열", "화면이 깨졌어요 010-9876-5432로 연락 주세요"
    )
    history = demo.subset([0])
    history.examples = [raw]
    store_history(wh, history)
    stored = wh.query(f"SELECT redacted_text FROM {wh.database}.voc_launch_voc FINAL")
    assert [r["redacted_text"] for r in stored] == [mask_pii(raw.text)]
    assert "9876" not in stored[0]["redacted_text"]


def test_empty_registry_gets_the_demo_once(url: str, demo: LaunchHistory) -> None:
    wh = _wh(url, "reg_empty")
    assert registry_size(wh) == 0
    assert ensure_demo_history(wh) is True
    assert registry_size(wh) == len(demo)
    assert ensure_demo_history(wh) is False
    assert registry_size(wh) == len(demo)


def test_demo_run_seeds_an_empty_registry_once(url: str, demo: LaunchHistory) -> None:
    settings = load_settings(warehouse_database="reg_run")
    seed_launch_registry(settings, url)  # what `vocradar run` does once its warehouse is up
    wh = _wh(url, "reg_run")
    assert registry_size(wh) == len(demo)
    store_history(wh, demo.subset([0]), version=5)
    seed_launch_registry(settings, url)  # not empty any more: left alone
    assert wh.scalar("SELECT max(version) FROM reg_run.voc_launches FINAL") == 5


def test_registry_size_without_tables(url: str) -> None:
    wh = _wh(url, "reg_plain")  # connect creates the schema
    wh.command("DROP DATABASE IF EXISTS reg_missing")
    missing = Warehouse(wh.client, "reg_missing")
    assert registry_size(missing) == 0


def test_ignores_rows_of_unknown_launches(url: str, demo: LaunchHistory) -> None:
    wh = _wh(url, "reg_orphans")
    store_history(wh, demo.subset([0, 1]))
    wh.insert(
        "voc_launch_daily",
        [{"launch_id": "nope", "day": 1, "category": "billing", "events": 9, "version": 1}],
    )
    loaded = load_history(wh)
    assert len(loaded) == 2 and loaded.counts.sum() == demo.counts[[0, 1]].sum()
    assert loaded.launches[0].launch_date == date.fromisoformat("2024-01-19")


# --- real launches linked to the pipeline's VOC --------------------------------------------------
KST = timezone(timedelta(hours=9))


def _event(event_id: str, at: datetime, category: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": event_id,
        "source": "ticket",
        "occurred_at": at,
        "scored_at": at,
        "arrived_at": at,
        "conversation_id": "",
        "incident_key": event_id,
        "customer_key": "",
        "customer_followers": 0,
        "customer_verified": 0,
        "agent_id": "",
        "agent_team": "",
        "product": "테스트 5G 요금제",
        "lang": "ko",
        "is_partial": 0,
        "turn_count": 0,
        "char_count": 20,
        "truncated": 0,
        "redacted_text": f"{category} 관련 문의 010-****-****",
        "raw_text": "RAW 010-1111-2222",
        "category": category,
        "category_confidence": 0.9,
        "risk": 0.1,
        "risk_level": "low",
        "alert": 0,
        "reasons": [],
        "evidence": "[]",
        "lexicon_hash": "h",
        "model_version": "m",
        "version": 1,
    }
    row.update(overrides)
    return row


def test_real_launch_links_its_products_voc(url: str, tmp_path: Path) -> None:
    wh = _wh(url, "reg_link")
    launch_day = datetime(2026, 3, 2, tzinfo=KST)
    events = [
        _event(
            "e0", launch_day + timedelta(hours=1), "billing"
        ),  # 1 a.m. KST: still day 0 (UTC: the day before)
        _event("e1", launch_day + timedelta(days=3, hours=10), "billing"),
        _event("e2", launch_day + timedelta(days=3, hours=11), "network"),
        _event("e3", launch_day + timedelta(days=10), "sales_contract"),
        _event("before", launch_day - timedelta(hours=2), "billing"),
        _event("after", launch_day + timedelta(days=56, hours=1), "billing"),
        _event("partial", launch_day + timedelta(days=1), "billing", is_partial=1),
        _event("other", launch_day + timedelta(days=1), "billing", product="다른 상품"),
    ]
    wh.insert("voc_events", events)
    wh.insert("voc_events", [{**events[1], "version": 2}])  # redelivered: counted once
    file = tmp_path / "launch.yaml"
    file.write_text(
        "name: 테스트 5G 요금제 출시\ndescription: 5G 요금제 신설\ncategory: mobile_plan\n"
        "launch_date: 2026-03-02\nsubscriber_base: 1000\nchannels: [online]\nproduct: 테스트 5G 요금제\n",
        encoding="utf-8",
    )
    launch, product = read_launch(file)
    assert product == "테스트 5G 요금제" and launch.launch_id.startswith("L20260302-")
    assert read_launch(file)[0].launch_id == launch.launch_id  # stable: registering again replaces

    assert link_product_voc(wh, launch, product) == 4
    hist = load_history(wh)
    assert [x.launch_id for x in hist.launches] == [launch.launch_id]
    assert not hist.launches[0].synthetic
    got = {(CATEGORIES[c], int(d)): hist.counts[0, c, d] for c, d in np.argwhere(hist.counts[0] > 0)}
    assert got == {("billing", 0): 1, ("billing", 3): 1, ("network", 3): 1, ("sales_contract", 10): 1}
    assert sorted(e.event_id for e in hist.examples) == ["e0", "e1", "e2", "e3"]
    assert all("RAW" not in e.text and not PHONE.search(e.text) and e.theme == "" for e in hist.examples)


# --- the command --------------------------------------------------------------------------------
def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "VOCRADAR_DATA_DIR": str(tmp_path / "data"),
        "VOCRADAR_WAREHOUSE_PORT": str(free_port()),  # nothing listens: the command opens chDB itself
    }
    env.pop("VOCRADAR_WAREHOUSE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "vocradar", "forecast", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_forecast_command_loads_demo_backtests_and_writes_report(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "plans" / "smartphone-nova-s3.yaml"
    out = tmp_path / "report.html"
    run = _cli(tmp_path, "--plan", str(plan), "--out", str(out), "--json")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "합성" in run.stderr  # the empty registry was filled with the synthetic history, and it says so
    last = json.loads(run.stdout.strip().splitlines()[-1])
    assert last["plan"]["name"] == "스마트폰 '노바 S3' 출시"
    assert last["synthetic_history"] is True
    assert last["backtest"]["beats_baseline"] is True
    assert last["backtest"]["wape_daily"]["forecast"] < last["backtest"]["wape_daily"]["naive"]
    assert "유사 과거 출시" in run.stdout and "8주 예상 VOC" in run.stdout
    html = out.read_text(encoding="utf-8")
    assert "노바 S3" in html and "data:image/png;base64," in html

    # the registry persisted in the data directory: the backtest alone reads it back
    again = _cli(tmp_path, "--backtest", "--json")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "합성" not in again.stderr  # not loaded a second time
    figures = json.loads(again.stdout.strip().splitlines()[-1])
    assert figures["launches"] == len(demo_history())
    assert figures["wape_daily"] == last["backtest"]["wape_daily"]


def test_forecast_command_rejects_bad_input(tmp_path: Path) -> None:
    assert _cli(tmp_path).returncode != 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: y\ncategory: rocket\nlaunch_date: 2027-01-01\nsubscriber_base: 5\n")
    run = _cli(tmp_path, "--plan", str(bad))
    assert run.returncode != 0 and "rocket" in run.stderr
