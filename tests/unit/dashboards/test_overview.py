"""The "실시간 현황" page against a real embedded warehouse (chDB served over HTTP).

One :class:`ChdbHttpService` runs for the module on a free port; rows go in through the same
:class:`Warehouse` the pipeline uses, and the app is driven with Streamlit's ``AppTest``.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from vocradar.connectors.chdb_service import ChdbHttpService
from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards import queries
from vocradar.settings import load_settings

APP = Path(__file__).resolve().parents[3] / "dashboards" / "streamlit_app.py"
DB = "vocradar"
EVIDENCE_TEXT = "이 통화 녹음하고 있어요 유튜브에 올릴 겁니다"


@pytest.fixture(scope="module")
def service(chdb_service: ChdbHttpService) -> ChdbHttpService:
    return chdb_service


@pytest.fixture(scope="module")
def url(service: ChdbHttpService) -> str:
    return f"http://127.0.0.1:{service.port}"


def _event(event_id: str, minutes_ago: float, **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    row: dict[str, Any] = {
        "event_id": event_id,
        "source": "ticket",
        "occurred_at": now - timedelta(minutes=minutes_ago),
        # scored half a minute after it happened: the alert feed's order follows event time,
        # not the microseconds between building these rows
        "scored_at": now - timedelta(minutes=minutes_ago) + timedelta(seconds=30),
        "conversation_id": "",
        "incident_key": event_id,
        "customer_key": "cust-" + event_id,
        "customer_followers": 0,
        "customer_verified": 0,
        "agent_id": "",
        "agent_team": "",
        "product": "기가 인터넷",
        "lang": "ko",
        "is_partial": 0,
        "turn_count": 0,
        "char_count": 40,
        "truncated": 0,
        "redacted_text": "요금이 두 번 청구됐어요 확인 부탁드립니다",
        "raw_text": "RAW-SECRET 010-1234-5678",
        "category": "billing",
        "category_confidence": 0.8,
        "risk": 0.2,
        "risk_level": "low",
        "alert": 0,
        "reasons": [],
        "evidence": "[]",
        "lexicon_hash": "h1",
        "model_version": "test-1",
        "version": 1,
    }
    row.update(overrides)
    return row


def _alert(event: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "event_id",
        "incident_key",
        "source",
        "occurred_at",
        "product",
        "agent_team",
        "category",
        "risk",
        "risk_level",
        "reasons",
        "evidence",
        "redacted_text",
        "version",
    )
    return {**{k: event[k] for k in keys}, "alerted_at": event["scored_at"]}


CRITICAL = _event(
    "call-001#final",
    minutes_ago=3,
    source="call",
    conversation_id="call-001",
    incident_key="call-001",
    agent_team="해지방어팀",
    product="5G 프리미엄",
    turn_count=9,
    redacted_text="상담원: 해지는 어렵습니다 고객: 010-****-**** 로 연락 주세요 녹음하고 있어요",
    category="cancellation",
    category_confidence=0.93,
    risk=0.91,
    risk_level="critical",
    alert=1,
    reasons=["agent_obstruction", "publicity_threat"],
    evidence=json.dumps(
        [
            {"turn": 7, "text": EVIDENCE_TEXT, "reason": "publicity_threat"},
            {"turn": 4, "text": "해지는 지금 안 됩니다", "reason": "agent_obstruction"},
        ],
        ensure_ascii=False,
    ),
)
HIGH = _event(
    "tw-77",
    minutes_ago=10,
    source="tweet",
    product="",
    redacted_text="@통신사 인터넷 또 끊김 소비자원에 신고합니다",
    category="network",
    risk=0.7,
    risk_level="high",
    alert=1,
    reasons=["regulator_threat"],
    evidence=json.dumps(
        [{"turn": None, "text": "소비자원에 신고합니다", "reason": "regulator_threat"}], ensure_ascii=False
    ),
)
PLAIN = _event("tk-1", minutes_ago=20)
OLD = _event("tk-old", minutes_ago=60 * 5, category="inquiry")
# Outside every window; its id needs quoting, to prove values round-trip through bound parameters.
QUOTED = _event("tk-o'brien\\1", minutes_ago=60 * 30)


@pytest.fixture(scope="module")
def warehouse(url: str) -> Warehouse:
    wh = connect_warehouse(load_settings(warehouse_url=url, warehouse_database=DB), wait_s=30)
    events = [CRITICAL, HIGH, PLAIN, OLD, QUOTED]
    wh.insert("voc_events", events)
    # The same event delivered again (a replay): stored twice, counted once.
    wh.insert("voc_events", [{**PLAIN, "version": 2}])
    wh.insert("voc_alerts", [_alert(CRITICAL), _alert(HIGH)])
    wh.insert("voc_alerts", [{**_alert(CRITICAL), "version": 2}])
    wh.insert(
        "voc_dead",
        [
            {
                "dead_id": "voc.raw:0:17",
                "received_at": datetime.now(UTC),
                "source_ref": "voc.raw:0:17",
                "event_id": "",
                "reason": "invalid_json",
                "detail": "Expecting value",
                "payload_excerpt": "{oops",
                "payload_bytes": 5,
                "version": 1,
            }
        ],
    )
    return wh


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    # Caches are process-wide; each app run here points at a different warehouse.
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _texts(at: AppTest) -> str:
    """Every piece of text the page shows (Markdown escapes removed), one per line."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    parts.extend(str(el.label) for el in at.expander)
    parts.extend(f"{m.label}={m.value}" for m in at.metric)
    return _unescape("\n".join(parts))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _run(
    monkeypatch: pytest.MonkeyPatch, url: str, database: str = DB, event_id: str | None = None
) -> AppTest:
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_URL", url)
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_DATABASE", database)
    at = AppTest.from_file(str(APP), default_timeout=30)
    if event_id is not None:
        at.query_params["event_id"] = event_id
    return at.run()


def test_overview_shows_kpis_charts_and_alerts(
    monkeypatch: pytest.MonkeyPatch, url: str, warehouse: Warehouse
) -> None:
    at = _run(monkeypatch, url)

    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("실시간 현황" in t.value for t in at.title)
    metrics = _metrics(at)
    assert metrics["최근 1시간 VOC"] == "3"  # CRITICAL, HIGH, PLAIN (stored twice)
    assert metrics["최근 24시간 VOC"] == "4"
    assert metrics["알림 (24시간)"] == "2"
    assert metrics["심각 알림 (24시간)"] == "1"
    assert metrics["처리 불가 입력 (24시간)"] == "1"

    text = _texts(at)
    assert "공개·언론 제보 예고" in text
    assert "상담원 해지/환불 방해" in text
    assert "규제기관·소송 언급" in text
    assert EVIDENCE_TEXT in text
    assert "턴 7" in text
    assert "해지" in text and "5G 프리미엄" in text and "통화" in text
    assert "RAW-SECRET" not in text and "010-1234-5678" not in text
    # volume by source, by category and risk levels
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    specs = [json.loads(c.proto.spec) for c in charts]
    assert [s["encoding"]["color"]["title"] for s in specs] == ["채널", "유형", "위험 단계"]
    assert all(s["encoding"]["x"]["title"] == "시각 (KST)" for s in specs)
    assert "심각" in specs[2]["encoding"]["color"]["scale"]["domain"]
    labels = [e.label for e in at.expander]
    assert ":red-badge[심각]" in labels[0]  # newest first, with its level badge


def test_event_detail_from_query_param(
    monkeypatch: pytest.MonkeyPatch, url: str, warehouse: Warehouse
) -> None:
    at = _run(monkeypatch, url, event_id=CRITICAL["event_id"])

    assert not at.exception, at.exception
    assert any("이벤트 상세" in s.value for s in at.subheader)
    metrics = _metrics(at)
    assert metrics["위험도"] == "0.91"
    assert metrics["대화 턴 수"] == "9"
    assert metrics["채널"] == "통화"
    text = _texts(at)
    assert "010-****-****" in text  # the masked text, as stored
    assert "해지방어팀" in text

    missing = _run(monkeypatch, url, event_id="no-such-event")
    assert not missing.exception
    assert any("찾을 수 없습니다" in w.value for w in missing.warning)


def test_detail_button_opens_event(monkeypatch: pytest.MonkeyPatch, url: str, warehouse: Warehouse) -> None:
    at = _run(monkeypatch, url)
    at.button(key=f"overview-open-{HIGH['event_id']}").click().run()

    assert not at.exception, at.exception
    assert at.query_params.get("event_id") in (HIGH["event_id"], [HIGH["event_id"]])
    assert any("이벤트 상세" in s.value for s in at.subheader)


def test_empty_warehouse_shows_empty_state(
    monkeypatch: pytest.MonkeyPatch, url: str, service: ChdbHttpService
) -> None:
    connect_warehouse(load_settings(warehouse_url=url, warehouse_database="vocradar_empty"), wait_s=30)
    at = _run(monkeypatch, url, database="vocradar_empty")

    assert not at.exception, at.exception
    assert not at.error
    assert _metrics(at)["최근 1시간 VOC"] == "0"
    assert any("아직 수집된 VOC가 없습니다" in i.value for i in at.info)


def test_missing_schema_shows_empty_state(
    monkeypatch: pytest.MonkeyPatch, url: str, service: ChdbHttpService
) -> None:
    at = _run(monkeypatch, url, database="vocradar_never_created")

    assert not at.exception, at.exception
    assert any("아직 수집된 VOC가 없습니다" in i.value for i in at.info)


def test_unreachable_warehouse_shows_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    at = _run(monkeypatch, f"http://127.0.0.1:{port}")

    assert not at.exception, at.exception
    assert any("연결할 수 없습니다" in e.value for e in at.error)


def test_malicious_filter_values_match_nothing(warehouse: Warehouse) -> None:
    evil = "x' OR 1=1 --"
    assert queries.event_detail(warehouse, DB, evil).empty
    assert queries.latest_alerts(warehouse, DB, 20, level=evil).empty
    assert queries.latest_alerts(warehouse, DB, 20, source=evil, category=evil).empty
    # the same call with an honest filter does find rows, so the emptiness above means something
    assert len(queries.latest_alerts(warehouse, DB, 20, level="critical")) == 1
    found = queries.event_detail(warehouse, DB, QUOTED["event_id"])
    assert list(found["event_id"]) == [QUOTED["event_id"]]
    with pytest.raises(ValueError):
        queries.kpis(warehouse, "vocradar; DROP TABLE x")


def test_queries_deduplicate_and_shape(warehouse: Warehouse) -> None:
    vol = queries.volume(warehouse, DB, "category", 1, 1)
    assert set(vol.columns) == {"bucket", "key", "events"}
    assert int(vol.loc[vol["key"] == "billing", "events"].sum()) == 1  # PLAIN, stored twice
    assert (vol["events"] >= 0).all() and len(vol) >= 60  # zero-filled minutes of the hour
    levels = queries.risk_levels(warehouse, DB, 24, 15)
    assert dict(levels.groupby("key")["events"].sum()) == {"critical": 1, "high": 1, "low": 2}
    alerts = queries.latest_alerts(warehouse, DB)
    assert list(alerts["event_id"]) == [CRITICAL["event_id"], HIGH["event_id"]]
    assert alerts.iloc[0]["evidence"][0] == {"turn": 7, "text": EVIDENCE_TEXT, "reason": "publicity_threat"}
    assert "raw_text" not in queries.event_detail(warehouse, DB, PLAIN["event_id"]).columns
    with pytest.raises(ValueError):
        queries.volume(warehouse, DB, "raw_text", 1, 1)


def test_customer_text_cannot_inject_markdown() -> None:
    from vocradar.dashboards.views.common import md as _md

    text = "[무료 쿠폰](http://evil.example) ![x](http://evil.example/a.png) <b>굵게</b> :red[빨강]"
    shown = _md(text)
    assert "](" not in shown and "<b>" not in shown and ":red[" not in shown
    assert _unescape(shown) == text


def test_malformed_evidence_is_skipped() -> None:
    assert queries.parse_evidence("not json") == []
    assert queries.parse_evidence("") == []
    assert queries.parse_evidence('[{"turn": 2, "text": "환불 안 해줘요"}, {"turn": 3}, 5]') == [
        {"turn": 2, "text": "환불 안 해줘요", "reason": ""}
    ]
