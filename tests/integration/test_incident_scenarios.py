"""Incidents across channels on real parts: scenarios replayed through broker, workers, warehouse,
a Slack Web API stand-in, a webhook and an SMTP server.

- the recorded retention call is alerted before any tweet; the tweets quoting it, the press
  inquiry and the customer's ticket join its incident; executives get one message for it, with
  the updates threaded (Slack ``thread_ts``, e-mail ``In-Reply-To``);
- a regional IPTV outage is detected within 60 s of its onset (event time, replayed as fast as
  the broker takes it), and its executive message's updates say 업데이트 on a plain webhook;
- a steady-traffic control of 10,000 events raises no burst (one worker, so no rebalance
  happens mid-replay: a rebalance redelivers records, which the incident stage's ``seen`` table
  keeps from being counted twice. With per-record changelogs, one run of four with two workers
  flagged a burst; since the stage writes its changelog once per batch, four runs with two
  workers raised none, but whether a rebalance fell mid-replay in them is not controlled).

Each test prints the figures it measured (lead times, messages per incident).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from conftest import TEST_SALTS, WorkerPool, open_warehouse, stack_env
from receivers import SmtpReceiver, WebhookReceiver, wait_until

from vocradar.models.incidents import lead_time_report, repeat_contacts_sql, repeated_questions_sql

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _scenarios() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scenario_build", ROOT / "examples" / "scenarios" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _db() -> str:
    return "i_" + uuid.uuid4().hex[:10]


def _replay(path: Path, env: dict[str, str], speed: float | None = None) -> None:
    import os

    cmd = [sys.executable, "-m", "vocradar", "replay", str(path)]
    if speed:
        cmd += ["--speed", str(speed)]
    subprocess.run(cmd, env={**os.environ, **env}, check=True, timeout=900, capture_output=True)


def _ts(value: datetime | str) -> float:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return datetime.fromisoformat(value).timestamp()


def _all_scored(wh, db: str, n: int, timeout_s: float) -> None:
    wait_until(
        lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= n, timeout_s, what=f"{n} events"
    )


def _wait_ready(env: dict[str, str], wh, db: str, tmp_path: Path, at: str) -> None:
    """Feed one event (at the scenario's start: windows run on event time) and wait until it is
    stored: the workers have joined and warmed up."""
    probe = {
        "event_id": f"probe-{uuid.uuid4().hex[:8]}",
        "source": "note",
        "occurred_at": at,
        "text": "준비 확인",
    }
    path = tmp_path / "probe.jsonl"
    path.write_text(json.dumps(probe, ensure_ascii=False) + "\n", encoding="utf-8")
    _replay(path, env)
    _wait_stored(wh, db, probe["event_id"], 180, "the workers to be ready")


def _wait_stored(wh, db: str, event_id: str, timeout_s: float, what: str) -> None:
    """Wait until ``event_id`` is in the warehouse."""
    wait_until(
        lambda: wh.scalar(
            f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = {{e:String}}", {"e": event_id}
        ),
        timeout_s,
        what=what,
    )


def test_recorded_call_alerts_first_and_the_story_is_one_incident(broker, warehouse_url, tmp_path):
    build = _scenarios()
    events = build.retention_story()
    feed = build.write(tmp_path / "retention_story.jsonl", events)
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", smtp=smtp)
    env["VOCRADAR_SLACK_BOT_TOKEN"] = "xoxb-local-test"
    env["VOCRADAR_SLACK_API_URL"] = hook.api_url
    env["VOCRADAR_SLACK_CHANNEL"] = "#cs-exec"
    call = next(e for e in events if e["meta"]["role"] == "call")
    tweets = [e for e in events if e["meta"]["role"] == "tweet"]
    followers = [e for e in events if e["meta"]["role"] in ("tweet", "press", "ticket")]
    incident = call["conversation_id"]
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        pool.start()
        wh = open_warehouse(warehouse_url, db)
        _wait_ready(env, wh, db, tmp_path, events[0]["occurred_at"])
        _replay(feed, env, speed=120)  # 75 minutes of event time in about 40 s
        _all_scored(wh, db, len(events) + 1, 300)

        rows = {
            r["event_id"]: r
            for r in wh.query(
                f"SELECT event_id, incident_key, source, occurred_at, arrived_at, risk_level, reasons "
                f"FROM {db}.voc_events FINAL WHERE event_id IN {{ids:Array(String)}}",
                {"ids": [e["event_id"] for e in [call, *followers]]},
            )
        }
        # the tweets that quote the call, the press inquiry and the customer's ticket: one incident
        assert rows[call["event_id"]]["risk_level"] == "critical"
        assert {e["event_id"]: rows[e["event_id"]]["incident_key"] for e in followers} == {
            e["event_id"]: incident for e in followers
        }
        alerts = wh.query(
            f"SELECT event_id, incident_key FROM {db}.voc_alerts FINAL "
            "WHERE event_id IN {ids:Array(String)}",
            {"ids": [e["event_id"] for e in tweets]},
        )
        assert alerts and all(a["incident_key"] == incident for a in alerts)

        # the call was alerted (delivered to executives) before any tweet even arrived
        def notes() -> list[dict]:
            return wh.query(
                f"SELECT incident_key, event_id, channel, sent_at, ok FROM {db}.voc_notifications FINAL "
                "WHERE incident_key = {k:String} ORDER BY sent_at",
                {"k": incident},
            )

        wait_until(lambda: len(notes()) >= 2, 60, what="the call's messages")
        first = notes()[0]
        assert first["event_id"] == call["event_id"] and first["ok"] == 1
        first_tweet_arrival = min(_ts(rows[e["event_id"]]["arrived_at"]) for e in tweets)
        assert _ts(first["sent_at"]) < first_tweet_arrival

        # one executive message per channel for the incident; the rest are threaded updates
        def incident_posts() -> list[dict]:
            return [p for p in hook.api_posts if incident in json.dumps(p, ensure_ascii=False)]

        wait_until(
            lambda: len([p for p in incident_posts() if p.get("thread_ts")]) >= 1, 60, what="an update"
        )
        time.sleep(3)  # room for a wrong extra top-level message to show up
        top = [p for p in incident_posts() if not p.get("thread_ts")]
        updates = [p for p in incident_posts() if p.get("thread_ts")]
        assert len(top) == 1, [p["text"] for p in top]
        assert call["event_id"] in json.dumps(top[0], ensure_ascii=False)
        assert all(p["thread_ts"] == top[0]["ts"] for p in updates)
        assert all("업데이트" in json.dumps(p, ensure_ascii=False) for p in updates)
        assert len(updates) <= 6, "cooldown: a handful of updates, not one per tweet"
        mails = [m for m in smtp.messages if incident in m.get_body(("plain",)).get_content()]
        firsts = [m for m in mails if not m["In-Reply-To"]]
        assert len(firsts) == 1
        assert all(m["In-Reply-To"] == firsts[0]["Message-ID"] for m in mails if m["In-Reply-To"])
        assert len(mails) == 1 + len(updates)
        for p in hook.api_posts:  # masked throughout
            assert not re.search(r"01[016789]-\d{3,4}-\d{4}", json.dumps(p, ensure_ascii=False))

        # the incident's lifecycle row
        inc = wh.query(
            f"SELECT status, tier, sources, reasons, event_count FROM {db}.voc_incidents FINAL "
            "WHERE incident_key = {k:String}",
            {"k": incident},
        )[0]
        assert inc["status"] == "escalated" and inc["tier"] == 2
        assert {"call", "tweet", "email", "ticket"} <= set(inc["sources"])
        burst_rows = wh.query(
            f"SELECT event_id, source, occurred_at, incident_key, reasons FROM {db}.voc_events FINAL "
            "WHERE has(reasons, 'burst') ORDER BY occurred_at"
        )
        assert "burst" in inc["reasons"], burst_rows

        # heavy contacters and repeated questions are queryable
        heavy = wh.query(repeat_contacts_sql(db, days=3650, min_contacts=2))
        story_customer = hashlib.sha256(f"{TEST_SALTS[0]}:cust-story-0001".encode()).hexdigest()[:16]
        assert any(r["customer_key"] == story_customer and r["contacts"] >= 2 for r in heavy)
        assert wh.query(repeated_questions_sql(db, days=3650))

        # the report `vocradar incidents report` prints
        scored_all = wh.query(
            "SELECT event_id, source, occurred_at, incident_key, alert, reasons "
            f"FROM {db}.voc_events FINAL WHERE startsWith(event_id, 'retention_story')"
        )
        story = lead_time_report(scored_all, notes())[incident]
        assert story["first_alert_event"] == call["event_id"] and story["lead_vs_social_min"] >= 30
        assert story["messages"]["slack"] == 1 + len(updates) and story["messages"]["email"] == len(mails)

        # acknowledged on the dashboard: the customer's next contact (another channel, after the
        # cooldown: an update otherwise) is linked but not notified
        wh.insert(
            "voc_incident_actions",
            [
                {
                    "action_id": "ack-1",
                    "incident_key": incident,
                    "action": "acknowledged",
                    "actor": "cs-quality-lead",
                    "actor_role": "quality",
                    "note": "",
                    "acted_at": datetime.now(UTC),
                    "version": 1,
                }
            ],
        )
        posts_before, mails_before = len(incident_posts()), len(smtp.messages)
        late_note = {
            "event_id": "retention_story-note-late",
            "source": "note",
            "occurred_at": (datetime.fromisoformat(call["occurred_at"]) + timedelta(minutes=80)).isoformat(),
            "text": (
                "고객 해지 요청 재접수. 해지 방어 관련 불만 제기, 녹음 파일 공개 언급. "
                "기가인터넷 해지 처리 요망."
            ),
            "customer": call["customer"],
            "agent": {"id": "agt-0123", "team": "해지방어팀"},
            "product": "기가인터넷",
            "lang": "ko",
        }
        _replay(build.write(tmp_path / "late.jsonl", [late_note]), env)
        _wait_stored(wh, db, late_note["event_id"], 60, "the late note")
        late_key = wh.scalar(
            f"SELECT incident_key FROM {db}.voc_events FINAL WHERE event_id = {{e:String}}",
            {"e": late_note["event_id"]},
        )
        time.sleep(5)
        assert late_key == incident
        assert len(incident_posts()) == posts_before and len(smtp.messages) == mails_before

        # lead time of the call's alert against the social burst
        call_t = _ts(call["occurred_at"])
        first_tweet_t = min(_ts(e["occurred_at"]) for e in tweets)
        burst_t = min(
            _ts(r["occurred_at"]) for r in rows.values() if "burst" in r["reasons"] and r["source"] == "tweet"
        )
        assert call_t < first_tweet_t < burst_t
        print(
            f"\nretention story: call alerted at event time {call['occurred_at']}; lead time "
            f"{(first_tweet_t - call_t) / 60:.1f} min before the first tweet, "
            f"{(burst_t - call_t) / 60:.1f} min before the social burst was detected; executive messages "
            f"for the incident: slack {len(top)} + {len(updates)} threaded updates, e-mail {len(mails)} "
            f"({len(followers) + 1} events in the incident)"
        )
    finally:
        pool.stop_all()
        hook.stop()
        smtp.stop()


def test_regional_outage_is_detected_within_60s_of_onset(broker, warehouse_url, webhook, smtp, tmp_path):
    build = _scenarios()
    events = build.iptv_outage()
    # one event dated years ahead, among the first: it must not move the burst clock
    forged = {**events[1], "event_id": "forged-future", "occurred_at": "2031-01-01T00:00:00+09:00"}
    forged["meta"] = {**forged.get("meta", {}), "role": "forged"}
    feed = build.write(tmp_path / "iptv_outage.jsonl", [events[0], forged, *events[1:]])
    db = _db()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=webhook, smtp=smtp)
    posts_before = len(webhook.posts)
    reports = [e for e in events if e["meta"]["role"] == "outage"]
    onset = min(_ts(e["occurred_at"]) for e in reports)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        pool.start()
        wh = open_warehouse(warehouse_url, db)
        _wait_ready(env, wh, db, tmp_path, events[0]["occurred_at"])
        _replay(feed, env)  # as fast as the broker takes it: windows run on event time
        _all_scored(wh, db, len(events) + 1, 300)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL WHERE event_id = 'forged-future'"),
            60,
            what="the far-future event as a dead letter",
        )
        assert (
            wh.scalar(f"SELECT reason FROM {db}.voc_dead FINAL WHERE event_id = 'forged-future'")
            == "future_time"
        )
        flagged = wh.query(
            f"SELECT event_id, occurred_at, incident_key, risk_level FROM {db}.voc_events FINAL "
            "WHERE has(reasons, 'service_outage') ORDER BY occurred_at"
        )
        assert flagged, "the outage was not detected"
        ids = {e["event_id"] for e in reports}
        assert all(f["event_id"] in ids for f in flagged), "background traffic flagged as outage"
        keys = {f["incident_key"] for f in flagged}
        assert len(keys) == 1, keys
        (key,) = keys

        def incident_rows() -> list[dict]:
            return wh.query(
                f"SELECT kind, tier, status, event_count, reasons, detected_at FROM {db}.voc_incidents FINAL "
                "WHERE incident_key = {k:String}",
                {"k": key},
            )

        # the incident's row is written by its own persist agent, after the events' rows
        wait_until(incident_rows, 60, what="the incident's row")
        inc = incident_rows()[0]
        assert inc["kind"] == "burst" and inc["tier"] == 2 and "service_outage" in inc["reasons"]
        detected = _ts(inc["detected_at"])  # event time of the window in which the rule fired
        assert 0 <= detected - onset <= 60

        def posts() -> list[dict]:
            return [p for p in webhook.posts[posts_before:] if key in json.dumps(p, ensure_ascii=False)]

        wait_until(posts, 60, what="the executive message of the outage")
        time.sleep(3)
        firsts = [p for p in posts() if "업데이트" not in json.dumps(p, ensure_ascii=False)]
        assert len(firsts) == 1
        updates = [p for p in posts() if "업데이트" in json.dumps(p, ensure_ascii=False)]
        assert all("원 메시지" in json.dumps(p, ensure_ascii=False) for p in updates)
        print(
            f"\nIPTV outage: onset {datetime.fromtimestamp(onset, UTC).isoformat()}, detected "
            f"{detected - onset:.0f} s later (event time); {len(flagged)} reports flagged, incident {key} "
            f"with {inc['event_count']} events; executive messages: {len(firsts)} + {len(updates)} updates"
        )
    finally:
        pool.stop_all()


def test_steady_traffic_raises_no_burst(broker, warehouse_url, tmp_path):
    build = _scenarios()
    events = build.control(10_000)
    feed = build.write(tmp_path / "steady_control.jsonl", events)
    db = _db()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}")
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()  # one worker: no rebalance mid-replay (see the module docstring)
        wh = open_warehouse(warehouse_url, db)
        _wait_ready(env, wh, db, tmp_path, events[0]["occurred_at"])
        _replay(feed, env)
        _all_scored(wh, db, len(events) + 1, 900)
        span_h = (_ts(events[-1]["occurred_at"]) - _ts(events[0]["occurred_at"])) / 3600
        bursts = wh.scalar(
            f"SELECT count() FROM {db}.voc_events FINAL WHERE hasAny(reasons, ['burst', 'service_outage'])"
        )
        burst_incidents = wh.scalar(f"SELECT count() FROM {db}.voc_incidents FINAL WHERE kind = 'burst'")
        assert bursts == 0 and burst_incidents == 0
        print(f"\nsteady control: {len(events)} events over {span_h:.2f} h of event time, 0 burst alerts")
    finally:
        pool.stop_all()
