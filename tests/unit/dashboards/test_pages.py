"""Every dashboard page, driven with ``AppTest`` against a warehouse filled by the demo pipeline.

The warehouse is the real embedded engine (chDB served over HTTP). It is filled the way the
stream fills it: demo traffic (and a helpdesk ticket with an agent's reply) goes through the real
:class:`ScoringPipeline`, and the rows the persist agent would write are inserted. Expected values
are computed from those same rows, not written down.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from vocradar.connectors.chdb_service import ChdbHttpService
from vocradar.connectors.demo import DemoTraffic
from vocradar.connectors.tickets import zendesk_to_event
from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards import queries
from vocradar.dashboards.auth import OPEN_ACTOR, hash_password, remove_account, save_account
from vocradar.dashboards.faq import group_questions
from vocradar.models.pipeline import RawMessage, ScoringPipeline
from vocradar.settings import load_settings
from vocradar.streams.persist_agent import alert_row

APP = Path(__file__).resolve().parents[3] / "dashboards" / "streamlit_app.py"
DB = "vocradar_pages"
SALT = "pages-test-salt"
N_DEMO = 600


@pytest.fixture(scope="module")
def url(chdb_service: ChdbHttpService) -> str:
    return f"http://127.0.0.1:{chdb_service.port}"


def _helpdesk_ticket(opened: datetime) -> list[dict[str, Any]]:
    """A ticket, the agent's reply 40 minutes later, and the customer's answer after that."""

    opening = "11월 청구서에 요금이 두 번 빠져나갔어요. 확인 부탁드립니다."

    def body(comment_id: int, author: int, text: str, at: datetime) -> dict[str, Any]:
        return {
            "ticket": {
                "id": 77001,
                "subject": "요금이 이중으로 청구되었습니다",
                "description": opening,
                "created_at": opened.isoformat(),
                "updated_at": at.isoformat(),
                "tags": ["product:기가인터넷"],
                "via": {"channel": "web"},
                "requester": {"id": 90017, "locale": "ko"},
                "latest_comment": {
                    "id": comment_id,
                    "body": text,
                    "author_id": author,
                    "created_at": at.isoformat(),
                },
            }
        }

    first = body(1, 90017, opening, opened)
    first["ticket"].pop("latest_comment")
    return [
        zendesk_to_event(first),
        zendesk_to_event(
            body(
                2,
                5501,
                "고객님, 이중 청구가 맞습니다. 다음 달에 환급해 드리겠습니다.",
                opened + timedelta(minutes=40),
            )
        ),
        zendesk_to_event(body(3, 90017, "네 알겠습니다. 감사합니다.", opened + timedelta(minutes=70))),
    ]


@pytest.fixture(scope="module")
def demo(url: str) -> dict[str, Any]:
    """Score demo traffic of the last three hours through the real pipeline and store it."""
    settings = load_settings(warehouse_url=url, warehouse_database=DB, pseudonym_salt=SALT)
    wh = connect_warehouse(settings, wait_s=30)
    now = datetime.now(UTC)
    traffic = DemoTraffic(
        seed=11, rate=N_DEMO / 10_800, retention_call_every_s=1_800, start=now - timedelta(hours=3)
    )
    events = traffic.batch(N_DEMO) + _helpdesk_ticket(now - timedelta(hours=2))
    pipeline = ScoringPipeline.build(settings)
    messages = [
        RawMessage(json.dumps(e, ensure_ascii=False).encode(), f"demo:{i}") for i, e in enumerate(events)
    ]
    scored = pipeline.process(messages).scored
    rows = [s.event_row() for s in scored]
    wh.insert("voc_events", rows)
    wh.insert("voc_alerts", [alert_row(r) for r in rows if r["alert"]])
    return {"wh": wh, "rows": rows}


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _app(monkeypatch: pytest.MonkeyPatch, url: str, **env: str) -> AppTest:
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_URL", url)
    monkeypatch.setenv("VOCRADAR_WAREHOUSE_DATABASE", DB)
    monkeypatch.setenv("VOCRADAR_PSEUDONYM_SALT", SALT)
    for name in ("QUALITY_PASSWORD", "EXECUTIVE_PASSWORD", "USERS_FILE", "OIDC", "IDLE_TIMEOUT_S"):
        monkeypatch.delenv(f"VOCRADAR_DASHBOARD_{name}", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return AppTest.from_file(str(APP), default_timeout=60)


def _page(at: AppTest, url_path: str, **params: str) -> AppTest:
    """Run the app on the page registered under ``url_path`` (as the sidebar link would)."""
    at.run()
    for k, v in params.items():
        at.query_params[k] = v
    at._page_hash = calc_hash(url_path)  # st.Page hashes its url_path; AppTest has no public way
    return at.run()


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _texts(at: AppTest) -> str:
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
    for df in at.dataframe:
        parts.append(df.value.to_csv(index=False))
    return _unescape("\n".join(parts))


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _no_personal_data(text: str, rows: list[dict[str, Any]]) -> None:
    assert not re.search(r"01[016789]-\d{3,4}-\d{4}", text), "an unmasked phone number is shown"
    for key in {r["customer_key"] for r in rows if r["customer_key"]}:
        assert key not in text, "a full customer key is shown"


# --- pages --------------------------------------------------------------------------------------
def test_overview_page_shows_rising_topics_and_open_incidents(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    at = _app(monkeypatch, url).run()
    _ok(at)
    text = _texts(at)
    stored = len(
        {r["event_id"] for r in demo["rows"] if r["occurred_at"] >= datetime.now(UTC) - timedelta(hours=1)}
    )
    assert f"최근 1시간 VOC={stored:,}" in text
    assert "급상승 주제" in text
    assert "진행 중 인시던트" in text
    _no_personal_data(text, demo["rows"])


def test_alerts_page_lists_incidents_and_filters(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    at = _page(_app(monkeypatch, url), "alerts")
    _ok(at)
    assert any("알림·인시던트" in t.value for t in at.title)
    alerting = {r["incident_key"] for r in demo["rows"] if r["alert"]}
    opened = [
        str(b.key).removeprefix("alerts-open-") for b in at.button if str(b.key).startswith("alerts-open-")
    ]
    assert opened and len(opened) == min(len(alerting), 30)
    assert set(opened) <= alerting
    excerpts = [c.value for c in at.caption]
    assert not any(re.search(r"[0-9a-f]{40}", c) for c in excerpts), "text cut inside a character"
    _no_personal_data(_texts(at), demo["rows"])

    at.selectbox(key="alerts-level").set_value("critical").run()
    _ok(at)
    critical = {r["incident_key"] for r in demo["rows"] if r["risk_level"] == "critical"}
    shown = {
        b.key.removeprefix("alerts-open-") for b in at.button if b.key and b.key.startswith("alerts-open-")
    }
    assert shown and shown <= critical


def _retention_call(rows: list[dict[str, Any]]) -> str:
    keys = Counter(
        r["incident_key"] for r in rows if r["source"] == "call" and "agent_obstruction" in r["reasons"]
    )
    assert keys, "the demo plants retention calls with obstruction"
    return keys.most_common(1)[0][0]


def test_incident_page_shows_transcript_evidence_and_acts(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    key = _retention_call(demo["rows"])
    at = _page(_app(monkeypatch, url), "alerts", incident=key)
    _ok(at)
    text = _texts(at)
    assert "인시던트 상세" in text
    assert "채널 간 타임라인" in text and at.get("vega_lite_chart")
    assert "위험 사유와 근거" in text and "상담원 해지/환불 방해" in text
    # the evidence turns of the call are highlighted in its transcript
    events = [r for r in demo["rows"] if r["incident_key"] == key]
    final = max(events, key=lambda r: (not r["is_partial"], r["turn_count"]))
    evidence = json.loads(final["evidence"])
    highlighted = [m.value for m in at.markdown if ":red-background[" in m.value]
    assert highlighted
    for item in evidence:
        assert any(f"`{item['turn']}`" in h for h in highlighted), item
    # agent ids are visible to the quality team
    agent_id = final["agent_id"]
    assert agent_id and agent_id in text
    _no_personal_data(text, demo["rows"])

    at.text_input(key=f"alerts-note-{key}").input("팀장 콜백 예정")
    at.button(key=f"alerts-acknowledged-{key}").click().run()
    _ok(at)
    log = queries.incident_actions(demo["wh"], DB, key)
    assert list(log["action"]) == ["acknowledged"] and list(log["note"]) == ["팀장 콜백 예정"]
    assert list(log["actor"]) == [OPEN_ACTOR]  # the open mode has no person to record
    at.button(key=f"alerts-resolved-{key}").click().run()
    _ok(at)
    st.cache_data.clear()
    assert queries.incident_actions(demo["wh"], DB, key)["action"].iloc[0] == "resolved"
    assert "해결됨" in _texts(at)
    assert queries.incidents(demo["wh"], DB, hours=24, key=key)["status"].iloc[0] == "resolved"
    assert key not in set(
        queries.incidents(demo["wh"], DB, hours=24, status="active", limit=500)["incident_key"]
    )


def test_executive_sees_pseudonyms_and_cannot_act(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    key = _retention_call(demo["rows"])
    at = _app(monkeypatch, url).run()
    at.radio(key="viewer-role-preview").set_value("executive")
    _page(at, "alerts", incident=key)
    _ok(at)
    text = _texts(at)
    agent_ids = {r["agent_id"] for r in demo["rows"] if r["agent_id"]}
    assert not any(a in text for a in agent_ids)
    assert "상담사-" in text
    assert not [b for b in at.button if str(b.key).startswith(f"alerts-resolved-{key}")]

    _page(at, "agents")
    _ok(at)
    text = _texts(at)
    assert not any(a in text for a in agent_ids)
    assert "경영진 보기" in text and "상담사-" in text


def test_agent_quality_page(monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]) -> None:
    at = _page(_app(monkeypatch, url), "agents")
    _ok(at)
    text = _texts(at)
    rows = demo["rows"]
    obstruction = len(
        {r["incident_key"] for r in rows if "agent_obstruction" in r["reasons"] and r["agent_team"]}
    )
    abuse = len({r["incident_key"] for r in rows if "customer_abuse" in r["reasons"] and r["agent_team"]})
    assert f"해지·환불 방해={obstruction:,}건" in text
    assert f"폭언 피해(직원 보호)={abuse:,}건" in text
    teams = {r["agent_team"] for r in rows if r["agent_team"]}
    assert all(t in text for t in teams)
    assert "코칭·보호 사례" in text and "근거 발화" in text
    assert any(r["agent_id"] in text for r in rows if "agent_obstruction" in r["reasons"] and r["agent_id"])
    assert at.get("vega_lite_chart")
    _no_personal_data(text, rows)


def test_repeats_page(monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]) -> None:
    at = _page(_app(monkeypatch, url), "repeats")
    _ok(at)
    text = _texts(at)
    assert "다빈도 연락 고객" in text and "FAQ 후보" in text and "첫 응답" in text
    contacts: Counter[str] = Counter(
        key for key, _ in {(r["customer_key"], r["incident_key"]) for r in demo["rows"] if r["customer_key"]}
    )
    top_key = contacts.most_common(1)[0][0]
    assert f"고객-{top_key[:8]}" in text
    times = at.dataframe[-1].value
    ticket = times[times["채널"] == "티켓"].iloc[0]
    assert ticket["첫 응답 P50 / P90"].startswith("40분")  # the helpdesk reply, 40 minutes in
    assert ticket["처리 시간 P50 / P90"].startswith("1시간 10분")
    _no_personal_data(text, demo["rows"])


def test_search_page(monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]) -> None:
    at = _page(_app(monkeypatch, url), "search")
    _ok(at)
    at.text_input(key="search-text").input("녹음")
    at.button[0].click().run()  # the form's submit button
    _ok(at)
    text = _texts(at)
    latest: dict[str, dict[str, Any]] = {}
    for r in demo["rows"]:
        if r["incident_key"] not in latest or r["occurred_at"] > latest[r["incident_key"]]["occurred_at"]:
            latest[r["incident_key"]] = r
    hits = [r for r in latest.values() if "녹음" in r["redacted_text"]]
    assert hits
    assert f"{len(hits):,}건 중" in text
    assert ":orange-background[**녹음**]" in "\n".join(m.value for m in at.markdown)
    _no_personal_data(text, demo["rows"])

    at.text_input(key="search-text").input("x' OR 1=1 --")
    at.button[0].click().run()
    _ok(at)
    assert any("조건에 맞는 VOC가 없습니다" in i.value for i in at.info)


# --- access -------------------------------------------------------------------------------------
def _users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.toml"
    save_account(path, "kim", "quality", hash_password("품질-비밀", iterations=1_000), name="김품질")
    save_account(path, "park", "executive", hash_password("exec-secret", iterations=1_000))
    save_account(path, "lee@example.com", "executive")  # single sign-on only
    return path


def _login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login-username").input(username)
    at.text_input(key="login-password").input(password)
    at.button[0].click()  # the form's submit button
    return at.run()


def _audit_rows(wh: Warehouse, **where: str) -> list[dict[str, Any]]:
    cond = " AND ".join(f"{k} = {{{k}:String}}" for k in where) or "1"
    sql = f"SELECT * FROM {DB}.voc_dashboard_audit FINAL WHERE {cond} ORDER BY at, audit_id"
    return wh.query(sql, dict(where))


def test_open_mode_refused_on_a_non_loopback_address(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    config.set_option("server.address", "0.0.0.0")  # conftest puts back loopback
    at = _app(monkeypatch, url).run()
    assert any("127.0.0.1" in e.value for e in at.error)
    assert not at.metric and not at.button and not at.get("vega_lite_chart")  # nothing served

    config.set_option("server.address", "127.0.0.1")
    at = _app(monkeypatch, url).run()
    _ok(at)
    assert at.metric  # the same app on loopback opens without a login


def test_login_per_person(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    from vocradar.dashboards.streamlit_app import login_throttle

    login_throttle.clear()
    users = _users_file(tmp_path)
    config.set_option("server.address", "0.0.0.0")  # accounts may be served on every interface
    at = _app(monkeypatch, url, VOCRADAR_DASHBOARD_USERS_FILE=str(users)).run()
    _ok(at)
    assert not at.metric and not at.get("vega_lite_chart")  # nothing but the login form
    assert any("로그인이 필요합니다" in c.value for c in at.caption)

    _login(at, "park", "품질-비밀")  # another person's password
    assert any("올바르지 않습니다" in e.value for e in at.error)
    assert not at.metric
    _login(at, "lee@example.com", "")  # a single sign-on account has no password
    assert any("올바르지 않습니다" in e.value for e in at.error)

    _login(at, "park", "exec-secret")
    _ok(at)
    assert at.metric  # the overview
    sidebar = _unescape("\n".join(m.value for m in at.sidebar.markdown))
    assert "**경영진** · park" in sidebar
    _page(at, "agents")
    assert "경영진 보기" in _texts(at)
    logins = _audit_rows(demo["wh"], actor="park", action="login")
    assert len(logins) == 1 and logins[0]["actor_role"] == "executive" and logins[0]["auth"] == "password"

    at.button(key="logout").click().run()
    assert not at.metric and any("로그인이 필요합니다" in c.value for c in at.caption)
    assert _audit_rows(demo["wh"], actor="park", action="logout")

    at = _app(monkeypatch, url, VOCRADAR_DASHBOARD_USERS_FILE=str(users)).run()
    _login(at, "KIM", "품질-비밀")
    _ok(at)
    sidebar = _unescape("\n".join(m.value for m in at.sidebar.markdown))
    assert "**품질관리팀** · 김품질 (kim)" in sidebar
    # an account removed from the file is logged out on its next click
    remove_account(users, "kim")
    at.run()
    assert not at.metric and any("이 계정으로는" in w.value for w in at.warning)


def test_shared_role_passwords_refused_with_what_to_set(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any]
) -> None:
    env = {"VOCRADAR_DASHBOARD_QUALITY_PASSWORD": hash_password("품질-비밀", iterations=1_000)}
    at = _app(monkeypatch, url, **env).run()
    assert not at.metric and not at.text_input
    assert any("VOCRADAR\\_DASHBOARD\\_USERS\\_FILE" in e.value for e in at.error)


def _other_incident(rows: list[dict[str, Any]], taken: str) -> str:
    keys = Counter(
        r["incident_key"] for r in rows if r["alert"] and r["customer_key"] and r["incident_key"] != taken
    )
    return keys.most_common(1)[0][0]


def test_actions_and_views_are_audited_with_the_logged_in_person(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    key = _other_incident(demo["rows"], _retention_call(demo["rows"]))
    customers = sorted(
        {r["customer_key"] for r in demo["rows"] if r["incident_key"] == key and r["customer_key"]}
    )
    at = _app(monkeypatch, url, VOCRADAR_DASHBOARD_USERS_FILE=str(_users_file(tmp_path))).run()
    _login(at, "kim", "품질-비밀")
    _page(at, "alerts", incident=key)
    _ok(at)
    assert "인시던트 상세" in _texts(at)
    viewed = _audit_rows(demo["wh"], incident_key=key, action="viewed_contacts")
    assert [(v["actor"], v["actor_role"], v["auth"]) for v in viewed] == [("kim", "quality", "password")]
    assert sorted(viewed[0]["customer_keys"]) == customers

    at.text_input(key=f"alerts-note-{key}").input("재발 방지 안내")
    at.button(key=f"alerts-acknowledged-{key}").click().run()
    _ok(at)
    st.cache_data.clear()
    log = queries.incident_actions(demo["wh"], DB, key)
    assert list(log["action"]) == ["acknowledged"] and list(log["actor"]) == ["kim"]
    assert list(log["actor_role"]) == ["quality"]
    acted = _audit_rows(demo["wh"], incident_key=key, action="acknowledged")
    assert [(a["actor"], a["actor_role"]) for a in acted] == [("kim", "quality")]
    # reruns of the same page in the same session record the view once
    assert len(_audit_rows(demo["wh"], incident_key=key, action="viewed_contacts")) == 1


def test_idle_session_is_logged_out(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    env = {
        "VOCRADAR_DASHBOARD_USERS_FILE": str(_users_file(tmp_path)),
        "VOCRADAR_DASHBOARD_IDLE_TIMEOUT_S": "6",
    }
    at = _app(monkeypatch, url, **env).run()
    _login(at, "park", "exec-secret")
    _ok(at)
    assert at.metric
    at.run()  # activity within the timeout keeps the session
    assert at.metric
    time.sleep(6.5)
    at.run()
    assert not at.metric and not at.get("vega_lite_chart")
    assert any("사용하지 않아 로그아웃되었습니다" in w.value for w in at.warning)
    assert _audit_rows(demo["wh"], actor="park", action="idle_logout")
    _login(at, "park", "exec-secret")  # a new login works again
    assert at.metric


def test_single_sign_on_maps_the_email_to_its_role(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    env = {"VOCRADAR_DASHBOARD_USERS_FILE": str(_users_file(tmp_path)), "VOCRADAR_DASHBOARD_OIDC": "true"}
    at = _app(monkeypatch, url, **env)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.metric and at.button(key="login-oidc")
    at.user = {"is_logged_in": True, "email": "lee@example.com"}
    at.run()
    _ok(at)
    assert at.metric
    assert "**경영진** · lee@example.com" in _unescape("\n".join(m.value for m in at.sidebar.markdown))
    other = _app(monkeypatch, url, **env)
    other.user = {"is_logged_in": True, "email": "stranger@example.com"}
    other.run()
    assert not other.metric and any("이 계정으로는" in w.value for w in other.warning)


def test_repeated_wrong_passwords_are_slowed_down(
    monkeypatch: pytest.MonkeyPatch, url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    from vocradar.dashboards.streamlit_app import login_throttle

    login_throttle.clear()
    at = _app(monkeypatch, url, VOCRADAR_DASHBOARD_USERS_FILE=str(_users_file(tmp_path))).run()
    try:
        for _ in range(login_throttle().free_attempts):
            _login(at, "kim", "wrong")
            assert any("올바르지 않습니다" in e.value for e in at.error)
        _login(at, "kim", "wrong")
        assert any("로그인 시도가 너무 많습니다" in e.value for e in at.error)
        # while it waits, even the right password is not checked
        _login(at, "kim", "품질-비밀")
        assert any("로그인 시도가 너무 많습니다" in e.value for e in at.error)
        assert not at.metric
    finally:
        login_throttle.clear()


# --- queries ------------------------------------------------------------------------------------
def test_filter_values_cannot_inject(demo: dict[str, Any]) -> None:
    wh: Warehouse = demo["wh"]
    evil = "x' OR 1=1 --"
    assert queries.incidents(wh, DB, level=evil).empty
    assert queries.incidents(wh, DB, team=evil, status=evil).empty
    assert queries.search_events(wh, DB, text=evil).empty
    assert queries.search_events(wh, DB, source=evil).empty
    assert queries.incident_events(wh, DB, evil, True, SALT).empty
    assert queries.agent_conduct(wh, DB, 7, evil, True, SALT).empty
    # the same calls with honest values find rows, so the emptiness above means something
    assert not queries.incidents(wh, DB).empty
    assert not queries.search_events(wh, DB).empty
    with pytest.raises(ValueError):
        queries.coaching_examples(wh, DB, 7, "raw_text", "", True, SALT)
    with pytest.raises(ValueError):
        queries.team_conduct(wh, "vocradar; DROP TABLE x", 7)


def test_pseudonyms_are_stable_and_salted(demo: dict[str, Any]) -> None:
    wh: Warehouse = demo["wh"]
    shown = queries.agent_conduct(wh, DB, 7, "", False, SALT, limit=500)
    again = queries.agent_conduct(wh, DB, 7, "", False, SALT, limit=500)
    other = queries.agent_conduct(wh, DB, 7, "", False, "another-salt", limit=500)
    ids = queries.agent_conduct(wh, DB, 7, "", True, SALT, limit=500)
    assert list(shown["agent"]) == list(again["agent"])
    assert all(a.startswith("상담사-") and len(a) == len("상담사-") + 6 for a in shown["agent"])
    assert set(shown["agent"]).isdisjoint(other["agent"])
    assert len(set(shown["agent"])) == len(set(ids["agent"]))


def test_faq_groups_alike_questions() -> None:
    import pandas as pd

    asked = [
        ("요금제 변경은 어떻게 하나요?", "a"),
        ("요금제 변경 어떻게 하나요??", "b"),
        ("요금제를 변경하려면 어떻게 하나요?", "c"),
        ("인터넷이 자꾸 끊겨요 기사님 언제 오나요", "d"),
        ("매장 영업시간이 언제까지인가요?", "e"),
    ]
    df = pd.DataFrame(
        {
            "text": [t for t, _ in asked],
            "customer_key": [c for _, c in asked],
            "category": "inquiry",
            "source": "chat",
        }
    )
    groups = group_questions(df)
    assert len(groups) == 1
    top = groups.iloc[0]
    assert top["asked"] == 3 and top["customers"] == 3 and bool(top["faq"])
    assert "요금제" in top["example"]


def test_bench_fill_makes_consistent_rows(url: str) -> None:
    from vocradar.dashboards.bench import fill_synthetic

    wh = connect_warehouse(load_settings(warehouse_url=url, warehouse_database="vocradar_bench_t"), wait_s=30)
    fill_synthetic(wh, 5_000, chunk=2_000, log=lambda _: None)
    db = "vocradar_bench_t"
    assert wh.scalar(f"SELECT uniqExact(event_id) FROM {db}.voc_events") == 5_000
    assert wh.scalar(f"SELECT count() FROM {db}.voc_alerts") == wh.scalar(
        f"SELECT countIf(alert = 1) FROM {db}.voc_events"
    )
    levels = {r["risk_level"] for r in wh.query(f"SELECT DISTINCT risk_level FROM {db}.voc_events")}
    assert levels == {"low", "medium", "high", "critical"}
    for row in wh.query(
        f"SELECT evidence, reasons, alert FROM {db}.voc_events WHERE length(reasons) > 0 LIMIT 200"
    ):
        evidence = queries.parse_evidence(row["evidence"])
        assert evidence and evidence[0]["reason"] == row["reasons"][0]
    # the pages' queries run on it
    assert not queries.incidents(wh, db, hours=24).empty
    assert not queries.team_conduct(wh, db, 7).empty
