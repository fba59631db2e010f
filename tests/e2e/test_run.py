"""``vocradar run`` as a newcomer runs it: everything embedded, demo traffic, real receivers.

Within 60 s the warehouse behind the dashboard holds events and an alert, the alert has reached
the webhook and the SMTP server, the dashboard answers; Ctrl-C (SIGINT) stops every child.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from receivers import SmtpReceiver, WebhookReceiver, wait_until

from vocradar.connectors.warehouse import connect_warehouse
from vocradar.processes import free_port
from vocradar.settings import Settings

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


def _dashboard_text(url: str, screenshot: Path) -> str:
    """Open the dashboard in headless Chromium as a person would; return the page text."""
    from playwright.sync_api import sync_playwright

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
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_selector("text=실시간 현황", timeout=60_000)
            page.wait_for_selector("text=/심각|높음/", timeout=60_000)
            page.screenshot(path=str(screenshot))
            return page.inner_text("body")
        finally:
            browser.close()


def test_run_brings_everything_up_and_ctrl_c_stops_it(tmp_path):
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    wh_port, dash_port, ingest_port = free_port(), free_port(), free_port()
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
        wh = connect_warehouse(Settings(warehouse_url=f"http://127.0.0.1:{wh_port}"), wait_s=60)
        wait_until(lambda: wh.scalar("SELECT count() FROM vocradar.voc_events FINAL") > 0, 60, what="events")
        wait_until(
            lambda: wh.scalar("SELECT count() FROM vocradar.voc_alerts FINAL") > 0, 90, what="an alert"
        )
        wait_until(lambda: hook.posts and smtp.messages, 60, what="Slack post and e-mail")
        elapsed = time.monotonic() - started
        print(f"first alert delivered {elapsed:.1f}s after `vocradar run` started")
        with urllib.request.urlopen(f"http://127.0.0.1:{dash_port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        body = _dashboard_text(f"http://127.0.0.1:{dash_port}/", tmp_path / "overview.png")
        assert "실시간 현황" in body
        assert "심각" in body or "높음" in body, "the alert feed shows at least one alert"
        assert (tmp_path / "overview.png").stat().st_size > 10_000
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
    time.sleep(0.5)
    left = [p for p in children if _alive(p)]
    assert not left, f"children still running after Ctrl-C: {left}"
