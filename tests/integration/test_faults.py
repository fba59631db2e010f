"""Faults on real parts: the warehouse gone for 30 s, Slack failing, SMTP down, a flood of bad input.

Afterwards: no event lost, none counted twice in query results, no alert sent twice, every bad
event a dead letter with its reason, and the pipeline still running.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from conftest import WorkerPool, open_warehouse, stack_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from receivers import SmtpReceiver, WebhookReceiver, wait_until
from test_stream import PLANTED, _replay

from vocradar.connectors.demo import DemoTraffic
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port

pytestmark = pytest.mark.integration


def _db() -> str:
    return "f_" + uuid.uuid4().hex[:10]


def _feed(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / f"feed-{uuid.uuid4().hex[:6]}.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _planted(n: int) -> list[dict]:
    """``n`` distinct critical retention calls, each its own incident."""
    return [dict(PLANTED, event_id=f"planted-{i}", conversation_id=f"planted-conv-{i}") for i in range(n)]


def test_warehouse_down_for_30s_loses_nothing(broker, tmp_path):
    db = _db()
    path, port = tmp_path / "wh", free_port()
    password = uuid.uuid4().hex  # the warehouse service answers logged-in clients only

    def start_warehouse():
        proc = spawn(
            python_module_cmd("warehouse", "--path", str(path), "--port", str(port), "--server-defaults"),
            env={"VOCRADAR_WAREHOUSE_USER": "default", "VOCRADAR_WAREHOUSE_PASSWORD": password},
            log_path=str(tmp_path / "warehouse.log"),
        )
        wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
        return proc

    wh_proc = start_warehouse()
    url = f"http://default:{password}@127.0.0.1:{port}"
    env = stack_env(broker, url, db, app_id=f"vr-{db}")
    events = DemoTraffic(seed=31).batch(1500)
    expected = {e["event_id"] for e in events}
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        wh = open_warehouse(url, db)
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in events[:500]]), env)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= 100,
            120,
            what="the stream to be under way",
        )
        wh.close()
        stop_process(wh_proc)  # the warehouse goes away...
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in events[500:]]), env)
        time.sleep(30)  # ...for 30 s while traffic keeps coming
        assert all(p.poll() is None for p in pool.procs), "a worker died while the warehouse was down"
        wh_proc = start_warehouse()
        wh = open_warehouse(url, db)
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(expected),
            180,
            what="every event after the warehouse came back",
        )
        time.sleep(2)
        assert wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == len(expected)
        assert {r["event_id"] for r in wh.query(f"SELECT event_id FROM {db}.voc_events FINAL")} == expected
    finally:
        pool.stop_all()
        stop_process(wh_proc)


def test_slack_errors_and_timeouts_then_smtp_down(broker, warehouse_url, tmp_path):
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook, smtp=smtp)
    env["VOCRADAR_NOTIFY_TIMEOUT_S"] = "1"
    env["VOCRADAR_NOTIFY_RETRIES"] = "4"
    hook.fail_next = 2  # first incident: 500, 500, then accepted
    hook.hang_next = 1  # ...and before that one attempt that times out
    hook.hang_s = 3.0
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        first = _planted(1)
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in first]), env)
        wait_until(
            lambda: len(hook.posts) >= 1 and len(smtp.messages) >= 1, 120, what="delivery after retries"
        )
        assert hook.failures == 3

        smtp.stop()  # the mail server goes down; Slack keeps working
        second = [
            dict(e, event_id=f"late-{i}", conversation_id=f"late-conv-{i}") for i, e in enumerate(_planted(3))
        ]
        _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in second]), env)
        wait_until(lambda: len(hook.posts) >= 4, 120, what="Slack posts while SMTP is down")
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: (
                wh.scalar(
                    f"SELECT count() FROM {db}.voc_notifications FINAL WHERE channel = 'email' AND ok = 0"
                )
                >= 3
            ),
            120,
            what="failed e-mails recorded",
        )
        time.sleep(3)
        ids = [p_id for p in hook.posts for p_id in [json.dumps(p, ensure_ascii=False)]]
        for e in first + second:
            assert sum(e["event_id"] in s for s in ids) == 1, f"{e['event_id']} not posted exactly once"
        assert all(p.poll() is None for p in pool.procs)
        # the pipeline still runs: a fresh event is scored
        _replay(
            _feed(tmp_path, [json.dumps(DemoTraffic(seed=5).batch(1)[0], ensure_ascii=False).encode()]), env
        )
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= 5, 60, what="still running"
        )
    finally:
        pool.stop_all()
        hook.stop()


_bad = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.dictionaries(
        st.sampled_from(["event_id", "source", "occurred_at", "text", "turns"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=3)),
        max_size=5,
    ).map(lambda d: json.dumps(d).encode()),
    st.recursive(st.integers() | st.text(max_size=5), lambda c: st.lists(c, max_size=3), max_leaves=10).map(
        lambda v: json.dumps(v).encode()
    ),
)


def _is_bad(raw: bytes) -> bool:
    from vocradar.models.events import BadEvent, parse_event

    try:
        parse_event(raw)
    except BadEvent:
        return True
    return False


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(shapes=st.lists(_bad, min_size=200, max_size=200))
def test_ten_thousand_malformed_events_mixed_with_good_ones(
    broker_factory, warehouse_url, tmp_path_factory, shapes
):
    tmp_path = tmp_path_factory.mktemp("flood")
    broker = broker_factory()
    db = _db()
    env = stack_env(broker, warehouse_url, db, app_id=f"vr-{db}")
    # Hypothesis draws 200 malformed shapes (its buffer cannot hold 10,000 at once); each is sent
    # 50 times, made distinct by a suffix: 10,000 bad messages in all, one per line.
    bad = [shapes[i % len(shapes)] + f" #{i}".encode() for i in range(10_000)]
    bad = [b.replace(b"\n", b" ").replace(b"\r", b" ") for b in bad]
    bad = [b if _is_bad(b) else b"{" + b for b in bad]
    good = DemoTraffic(seed=41).batch(1000)
    lines: list[bytes] = []
    for i, b in enumerate(bad):
        lines.append(b)
        if i % 10 == 0:
            lines.append(json.dumps(good[i // 10], ensure_ascii=False).encode())
    blank = sum(1 for b in lines if not b.strip())
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay(_feed(tmp_path, lines), env)
        wh = open_warehouse(warehouse_url, db)
        n_bad = len(bad) - blank  # replay skips blank lines
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") >= n_bad,
            300,
            what="every bad event dead-lettered",
        )
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(good),
            120,
            what="every good event scored",
        )
        assert wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") == n_bad
        assert wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL WHERE reason = '' OR detail = ''") == 0
        assert wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == len(good)
        assert all(p.poll() is None for p in pool.procs)
    finally:
        pool.stop_all()
        broker.stop()


# --- the notification outbox -----------------------------------------------------------------

# Fast outbox timing for the tests: short leases and rounds a few seconds apart.
_OUTBOX_ENV = {
    "VOCRADAR_NOTIFY_TIMEOUT_S": "1",
    "VOCRADAR_NOTIFY_RETRIES": "1",
    "VOCRADAR_NOTIFY_LEASE_S": "12",
    "VOCRADAR_NOTIFY_RETRY_EVERY_S": "1",
    "VOCRADAR_NOTIFY_RETRY_BASE_S": "2",
    "VOCRADAR_NOTIFY_RETRY_MAX_S": "4",
}


def _incidents(prefix: str, n: int, partitions: tuple[int, ...] | None = None, **fields) -> list[dict]:
    """``n`` critical retention calls, each its own incident (``prefix-conv-i``); with
    ``partitions``, only conversations whose key lands on those voc.alerts partitions."""
    from aiokafka.partitioner import DefaultPartitioner

    part = DefaultPartitioner()
    out: list[dict] = []
    i = 0
    while len(out) < n:
        conv = f"{prefix}-conv-{i}"
        i += 1
        if partitions is not None and part(conv.encode(), list(range(4)), list(range(4))) not in partitions:
            continue
        out.append(dict(PLANTED, event_id=f"{prefix}-{i}", conversation_id=conv, **fields))
    return out


def _replay_events(tmp_path: Path, events: list[dict], env: dict[str, str]) -> None:
    _replay(_feed(tmp_path, [json.dumps(e, ensure_ascii=False).encode() for e in events]), env)


def _posts_of(posts: list[dict], event_id: str) -> int:
    # the event id is in the message's context line and link: `이벤트 <id>`, `?event_id=<id>`
    return sum(f"event_id={event_id}" in json.dumps(p, ensure_ascii=False) for p in posts)


def _mails_of(smtp: SmtpReceiver, event_id: str) -> list:
    return [m for m in smtp.messages if m["X-VOCRadar-Event-Id"] == event_id]


def _outbox(wh, db: str, where: str = "1") -> list[dict]:
    return wh.query(f"SELECT * FROM {db}.voc_outbox FINAL WHERE {where}")


def test_kill_between_a_delivery_and_its_record_leaves_one_message(broker, warehouse_url, tmp_path):
    """The worker dies (os._exit) right after Slack accepted the first message and before it was
    recorded sent; a new worker finds the record pending, looks the key up in the channel's
    history (Slack Web API) and marks it sent: one Slack message, and one e-mail Message-ID."""
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = {
        **stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", smtp=smtp),
        **_OUTBOX_ENV,
        "VOCRADAR_SLACK_BOT_TOKEN": "xoxb-test-token",
        "VOCRADAR_SLACK_API_URL": hook.api_url,
        "VOCRADAR_SLACK_CHANNEL": "C0TEST",
    }
    pool = WorkerPool({**env, "VOCRADAR_NOTIFY_FAULT_EXIT_AFTER_SEND": "slack"}, tmp_path)
    (event,) = _incidents("kill", 1)
    try:
        first = pool.start()
        _replay_events(tmp_path, [event], env)
        wait_until(lambda: first.poll() is not None, 180, what="the worker to exit after the Slack delivery")
        assert first.returncode == 70  # the fault hook, at the line between delivery and record
        pool.killed.add(first.pid)
        assert _posts_of(hook.api_posts, event["event_id"]) == 1
        wh = open_warehouse(warehouse_url, db)
        pending = _outbox(wh, db, "channel = 'slack'")
        assert [r["state"] for r in pending] == ["pending"]  # delivered, but not recorded as sent

        pool.env = env  # the next worker has no fault hook
        pool.start()
        wait_until(
            lambda: {r["state"] for r in _outbox(wh, db)} == {"sent"} and len(_outbox(wh, db)) == 2,
            120,
            what="both channels recorded sent",
        )
        time.sleep(3)  # room for a wrong second message to show up
        pool.check_alive()
        assert _posts_of(hook.api_posts, event["event_id"]) == 1, "Slack message sent twice"
        mails = _mails_of(smtp, event["event_id"])
        assert len({m["Message-ID"] for m in mails}) == 1, "e-mail sent twice under different ids"
        assert all(m["X-VOCRadar-Resent"] == "1" for m in mails[1:])  # a re-send says so
        slack_rec = _outbox(wh, db, "channel = 'slack'")[0]
        assert slack_rec["ref"] == hook.api_posts[0]["ts"] and slack_rec["unknown"] == 1
        print(
            f"kill: slack expected 1 sent {len(hook.api_posts)}; e-mail expected 1 id, "
            f"{len(mails)} cop(ies) of {len({m['Message-ID'] for m in mails})} id"
        )
    finally:
        pool.stop_all()
        hook.stop()
        smtp.stop()


def test_rebalance_during_a_slow_delivery_sends_each_message_once(broker, warehouse_url, tmp_path):
    """Every Slack request hangs while worker 1 delivers; worker 2 joins and takes partitions 0
    and 1 (where the incidents are), re-reads their alerts, finds the first one pending under
    worker 1's lease and leaves it; once Slack answers again each incident has one message."""
    db = _db()
    hook = WebhookReceiver().start()
    hook.hang_next, hook.hang_s = 100_000, 2.0
    env = {
        **stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook),
        **_OUTBOX_ENV,
        "VOCRADAR_NOTIFY_RETRIES": "12",  # one long round of 1 s timeouts and growing backoff
        "VOCRADAR_NOTIFY_LEASE_S": "150",
    }
    events = _incidents("rb", 4, partitions=(0, 1))
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay_events(tmp_path, events, env)
        wh = open_warehouse(warehouse_url, db)
        wait_until(lambda: _outbox(wh, db, "state = 'pending'"), 180, what="worker 1 delivering slowly")
        pool.start()
        log2 = tmp_path / "worker-2.log"
        wait_until(
            lambda: log2.exists() and "is being sent by" in log2.read_text(errors="replace"),
            150,
            what="worker 2 to find the message in flight",
        )
        pool.check_alive()
        hook.hang_next = 0  # Slack answers again
        wait_until(
            lambda: all(_posts_of(hook.posts, e["event_id"]) >= 1 for e in events),
            150,
            what="every incident's message",
        )
        wait_until(lambda: {r["state"] for r in _outbox(wh, db)} == {"sent"}, 60, what="all recorded sent")
        time.sleep(3)
        pool.check_alive()
        counts = {e["event_id"]: _posts_of(hook.posts, e["event_id"]) for e in events}
        assert counts == {e["event_id"]: 1 for e in events}, counts
        owners = {r["owner"] for r in _outbox(wh, db)}
        print(
            f"rebalance: expected {len(events)} sent {len(hook.posts)}; failures {hook.failures}; "
            f"senders {len(owners)}"
        )
    finally:
        pool.stop_all()
        hook.stop()


def _outbox_cli(env: dict[str, str], *args: str) -> str:
    import subprocess
    import sys

    from test_stream import _os_env

    done = subprocess.run(
        [sys.executable, "-m", "vocradar", "outbox", *args],
        env={**_os_env(), **env},
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_smtp_down_then_back_sends_exactly_one_email(broker, warehouse_url, tmp_path):
    """The mail server is down for about 40 s (rounds 2-4 s apart: six or more fail), then back:
    the e-mail goes out once, on a later round; Slack was not held up. Meanwhile an operator lists
    the outbox and gives up a second incident's e-mail, which is then never sent."""
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = {**stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook, smtp=smtp), **_OUTBOX_ENV}
    event, dropped = _incidents("smtp", 2)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        smtp.stop()
        down_at = time.monotonic()
        _replay_events(tmp_path, [event, dropped], env)
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: all(_posts_of(hook.posts, e["event_id"]) == 1 for e in (event, dropped)),
            180,
            what="the Slack messages",
        )
        wait_until(
            lambda: (
                sum(r["rounds"] >= 3 for r in _outbox(wh, db, "channel = 'email' AND state = 'failed'")) == 2
            ),
            120,
            what="several failed e-mail rounds",
        )
        emails = {r["event_id"]: r["message_key"] for r in _outbox(wh, db, "channel = 'email'")}
        listed = _outbox_cli(env, "list")
        assert all(key in listed for key in emails.values()), listed
        assert "given_up" in _outbox_cli(env, "give-up", emails[dropped["event_id"]][:12])
        time.sleep(20)  # SMTP stays down for more rounds (2-4 s apart)
        rec = _outbox(wh, db, f"message_key = '{emails[event['event_id']]}'")[0]
        assert rec["state"] in ("failed", "pending") and smtp.messages == []
        rounds_down, down_s = rec["rounds"], time.monotonic() - down_at
        assert rounds_down >= 6, rounds_down
        smtp.restart()
        wait_until(lambda: _mails_of(smtp, event["event_id"]), 60, what="the e-mail after SMTP came back")
        wait_until(
            lambda: _outbox(wh, db, f"message_key = '{emails[event['event_id']]}'")[0]["state"] == "sent",
            30,
            what="recorded",
        )
        time.sleep(8)  # longer than a round: a wrong second e-mail would show up
        pool.check_alive()
        assert len(_mails_of(smtp, event["event_id"])) == 1
        assert _mails_of(smtp, dropped["event_id"]) == []  # given up: never sent
        assert _outbox(wh, db, f"message_key = '{emails[dropped['event_id']]}'")[0]["state"] == "given_up"
        assert emails[dropped["event_id"]] not in _outbox_cli(env, "list")
        notes = wh.query(
            f"SELECT ok FROM {db}.voc_notifications FINAL WHERE notification_id = {{k:String}}",
            {"k": emails[event["event_id"]]},
        )
        assert [r["ok"] for r in notes] == [1]
        print(
            f"smtp down {down_s:.0f} s: e-mail expected 1 sent {len(_mails_of(smtp, event['event_id']))} "
            f"after {rounds_down} failed rounds; given up expected 0 sent "
            f"{len(_mails_of(smtp, dropped['event_id']))}"
        )
    finally:
        pool.stop_all()
        hook.stop()
        smtp.stop()


def test_kill_after_a_webhook_delivery_resends_at_most_once_and_says_so(broker, warehouse_url, tmp_path):
    """The residual window, staged: an incoming webhook cannot be asked what it received, so a
    worker dying between Slack's answer and the record leaves one copy that the next worker sends
    again, marked 재전송. Never lost, never more than one extra copy, and the extra says so."""
    from vocradar.connectors.notify import RESENT_NOTE

    db = _db()
    hook = WebhookReceiver().start()
    env = {**stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook), **_OUTBOX_ENV}
    pool = WorkerPool({**env, "VOCRADAR_NOTIFY_FAULT_EXIT_AFTER_SEND": "slack"}, tmp_path)
    (event,) = _incidents("wkill", 1)
    try:
        first = pool.start()
        _replay_events(tmp_path, [event], env)
        wait_until(lambda: first.poll() is not None, 180, what="the worker to exit after the delivery")
        assert first.returncode == 70
        pool.killed.add(first.pid)
        pool.env = env
        pool.start()
        wh = open_warehouse(warehouse_url, db)
        wait_until(lambda: [r["state"] for r in _outbox(wh, db)] == ["sent"], 120, what="recorded sent")
        time.sleep(4)
        pool.check_alive()
        posts = [json.dumps(p, ensure_ascii=False) for p in hook.posts]
        mine = [p for p in posts if f"event_id={event['event_id']}" in p]
        assert len(mine) == 2 and RESENT_NOTE not in mine[0] and RESENT_NOTE in mine[1]
        print("webhook kill: expected 1, sent 2 (the second marked 재전송): the documented residual")
    finally:
        pool.stop_all()
        hook.stop()


def test_a_newline_in_product_is_a_safe_header_and_the_agent_keeps_going(broker, warehouse_url, tmp_path):
    db = _db()
    hook, smtp = WebhookReceiver().start(), SmtpReceiver().start()
    env = {**stack_env(broker, warehouse_url, db, app_id=f"vr-{db}", webhook=hook, smtp=smtp), **_OUTBOX_ENV}
    evil = _incidents("nl", 1, product="기가인터넷\r\nBcc: leak@example.com")
    plain = _incidents("after", 1)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay_events(tmp_path, evil + plain, env)
        wait_until(
            lambda: all(_mails_of(smtp, e["event_id"]) for e in evil + plain), 180, what="both e-mails"
        )
        time.sleep(3)
        pool.check_alive()
        for e in evil + plain:
            assert len(_mails_of(smtp, e["event_id"])) == 1 and _posts_of(hook.posts, e["event_id"]) == 1
        (mail,) = _mails_of(smtp, evil[0]["event_id"])
        assert mail["Bcc"] is None and "\n" not in str(mail["Subject"])
        assert "Bcc: leak@example.com" in str(mail["Subject"])  # shown as text, on the one line
        print(f"newline: expected 2+2 sent {len(smtp.messages)} e-mails, {len(hook.posts)} posts")
    finally:
        pool.stop_all()
        hook.stop()
        smtp.stop()
