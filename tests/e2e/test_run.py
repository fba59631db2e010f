"""``vocradar run`` as a newcomer runs it: everything embedded, demo traffic, real receivers.

Within 60 s the warehouse behind the dashboard holds events and an alert, the alert has reached
the webhook and the SMTP server, the dashboard answers; Ctrl-C (SIGINT) stops every child.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from receivers import SmtpReceiver, WebhookReceiver, wait_until

from vocradar.connectors.warehouse import connect_warehouse
from vocradar.processes import free_port
from vocradar.settings import load_settings

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium; .ci/run installs it


def _children(pid: int) -> set[int]:
    kids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.add(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# Pages to open: (url path, text that must appear, screenshot name).
PAGES = (
    ("", "실시간 현황", "overview.png"),
    ("alerts", "알림·인시던트", "alerts.png"),
    ("agents", "팀별 현황", "agents.png"),
    ("repeats", "채널별 첫 응답", "repeats.png"),
    ("search", "VOC 검색", "search.png"),
)


def _settled(page: Any) -> None:
    """Wait until Streamlit has finished the run (no running indicator) and charts are drawn."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(800)  # vega draws after the run; only the screenshot waits for it


def _dashboard_pages(url: str, shots: list[Path], call_incident: str) -> dict[str, str]:
    """Open every page in headless Chromium as a person would; return each page's text."""
    from playwright.sync_api import sync_playwright

    texts: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ko-KR")
            for path, marker, shot in PAGES:
                page.goto(f"{url}/{path}")
                page.wait_for_selector(f"text={marker}", timeout=60_000)
                if path == "":
                    page.wait_for_selector("text=/심각|높음/", timeout=60_000)
                if path == "search":
                    box = page.get_by_label("검색어")
                    box.fill("해지")
                    page.get_by_role("button", name="검색").click()
                    page.wait_for_selector("text=/건 중 최근/", timeout=60_000)
                _settled(page)
                for d in shots:
                    page.screenshot(path=str(d / shot))
                texts[path or "overview"] = page.inner_text("body")
            # an incident, opened from the feed
            page.goto(f"{url}/alerts")
            page.get_by_role("button", name="열기").first.click()
            page.wait_for_selector("text=인시던트 상세", timeout=60_000)
            page.wait_for_selector("text=채널 간 타임라인", timeout=60_000)
            texts["incident"] = page.inner_text("body")
            # a call's incident by its link (as in Slack and e-mail), on a taller screen to show it all
            page.set_viewport_size({"width": 1280, "height": 1800})
            page.goto(f"{url}/alerts?incident={urllib.parse.quote(call_incident, safe='')}")
            page.wait_for_selector("text=통화 전사", timeout=60_000)
            _settled(page)
            for d in shots:
                page.screenshot(path=str(d / "incident.png"))
            texts["call_incident"] = page.inner_text("body")
        finally:
            browser.close()
    return texts


INGEST_TOKEN = "e2e-ingest-token-" + "x" * 16


def _post_event(port: int, event: dict, token: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/events", data=json.dumps(event).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_run_brings_everything_up_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    wh_port, dash_port, ingest_port, metrics_port = free_port(), free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "VOCRADAR_DATA_DIR": str(tmp_path / "state"),
        "VOCRADAR_WAREHOUSE_PORT": str(wh_port),
        "VOCRADAR_DASHBOARD_PORT": str(dash_port),
        "VOCRADAR_INGEST_PORT": str(ingest_port),
        "VOCRADAR_SLACK_WEBHOOK_URL": hook.url,
        "VOCRADAR_SMTP_HOST": "127.0.0.1",
        "VOCRADAR_SMTP_PORT": str(smtp.port),
        "VOCRADAR_ALERT_EMAIL_TO": "cs-lead@example.com",
        "VOCRADAR_INGEST_TOKEN": INGEST_TOKEN,
        "VOCRADAR_WORKER_HTTP_PORT": str(metrics_port),  # worker-1's /metrics (the next workers: +1...)
    }
    env.pop("VOCRADAR_KAFKA_BOOTSTRAP", None)
    env.pop("VOCRADAR_WAREHOUSE_URL", None)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vocradar", "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: len(_children(proc.pid)) >= 5, 60, what="the run's child processes")
        # the run's per-run warehouse credential, from the file it leaves in its data directory
        wh = connect_warehouse(
            load_settings(warehouse_url=f"http://127.0.0.1:{wh_port}", data_dir=tmp_path / "state"), wait_s=60
        )
        wait_until(lambda: wh.scalar("SELECT count() FROM vocradar.voc_events FINAL") > 0, 60, what="events")
        # the run's ingest endpoint is locked by the token: refused without it, taken with it
        posted = {
            "event_id": "e2e-ingest-1",
            "source": "ticket",
            "occurred_at": "2026-11-23T10:00:00+09:00",
            "text": "인터넷이 계속 끊겨요",
        }
        assert _post_event(ingest_port, posted, None) == 401
        assert _post_event(ingest_port, posted, INGEST_TOKEN) == 202
        wait_until(
            lambda: wh.scalar(
                "SELECT count() FROM vocradar.voc_events FINAL WHERE event_id = 'e2e-ingest-1'"
            ),
            60,
            what="the event posted to the locked ingest endpoint",
        )
        wait_until(
            lambda: wh.scalar("SELECT count() FROM vocradar.voc_alerts FINAL") > 0, 90, what="an alert"
        )
        # only critical incidents reach executives (2nd line): the demo's retention call, every 40 s
        wait_until(lambda: hook.posts and smtp.messages, 180, what="Slack post and e-mail")
        elapsed = time.monotonic() - started
        print(f"first alert delivered {elapsed:.1f}s after `vocradar run` started")
        # the demo's escalating retention call: the 해지 방어 loop the incident page is built for
        call_alert = (
            "SELECT incident_key FROM vocradar.voc_alerts WHERE source = 'call' "
            "AND has(reasons, 'agent_obstruction') ORDER BY risk DESC LIMIT 1"
        )
        wait_until(lambda: wh.scalar(call_alert), 120, what="an alert on an obstructed cancellation call")
        with urllib.request.urlopen(f"http://127.0.0.1:{dash_port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        # the worker's metrics: events through each stage, and its health
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        scored = re.search(
            r'^vocradar_events_total\{outcome="scored",stage="score"\} ([0-9.e+]+)$', metrics, re.M
        )
        assert scored and float(scored.group(1)) > 0, metrics[:2000]
        assert "vocradar_batch_seconds_bucket" in metrics and "vocradar_consumer_lag" in metrics
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/ready", timeout=10) as r:
            assert r.status == 200 and json.loads(r.read())["warehouse"] is True
        # VOCRADAR_E2E_SCREENSHOTS=docs refreshes the screenshots shown in the README
        shots = [tmp_path] + (
            [Path(os.environ["VOCRADAR_E2E_SCREENSHOTS"])]
            if os.environ.get("VOCRADAR_E2E_SCREENSHOTS")
            else []
        )
        texts = _dashboard_pages(f"http://127.0.0.1:{dash_port}", shots, str(wh.scalar(call_alert)))
        assert "실시간 현황" in texts["overview"] and "급상승 주제" in texts["overview"]
        assert "심각" in texts["overview"] or "높음" in texts["overview"], "the alert feed shows an alert"
        assert "알림·인시던트" in texts["alerts"] and "열기" in texts["alerts"]
        assert "위험 사유와 근거" in texts["incident"] and "처리 상태" in texts["incident"]
        assert "통화 전사" in texts["call_incident"] and "위험 사유와 근거" in texts["call_incident"]
        assert "해지·환불 방해" in texts["agents"] and "폭언 피해" in texts["agents"]
        assert "다빈도 연락 고객" in texts["repeats"] and "FAQ 후보" in texts["repeats"]
        assert "건 중 최근" in texts["search"] and "해지" in texts["search"]
        for name, text in texts.items():
            assert not re.search(r"01[016789]-\d{3,4}-\d{4}", text), f"unmasked phone number on {name}"
        for _, _, shot in PAGES:
            assert (tmp_path / shot).stat().st_size > 10_000
        post = json.dumps(hook.posts[0], ensure_ascii=False)
        assert "blocks" in hook.posts[0]
        assert f"localhost:{dash_port}" in post or f"127.0.0.1:{dash_port}" in post
        children = _children(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        hook.stop()
        smtp.stop()
    assert proc.returncode == 0, out.decode(errors="replace")[-2000:]
    banner = out.decode(errors="replace")
    assert "worker-1 metrics" in banner and f"127.0.0.1:{metrics_port}/metrics" in banner
    time.sleep(0.5)
    left = [p for p in children if _alive(p)]
    assert not left, f"children still running after Ctrl-C: {left}"
