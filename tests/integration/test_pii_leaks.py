"""Planted personal data never leaves ``voc.raw``: not in another topic, a changelog, a table,
a log line, a Slack post or an e-mail.

Made-up identifiers (a resident number, a mobile number read out over two turns, a card, an
e-mail, names in the 담당자/상담원 shapes, a street address, customer ids and a handle) are
planted in a call, a ticket, a tweet, three tickets of one customer (the third one is a repeat
contact, re-scored by the incident stage) and a bad event that is dead-lettered. The real
pipeline runs on the real broker and warehouse with a Slack webhook receiver and an SMTP
server; then every topic but ``voc.raw`` is read from its start, with every ``voc_*`` table,
the worker's log, the Slack posts and the e-mails, and searched for each identifier as written
and without its separators.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import open_warehouse, stack_env
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from receivers import wait_until

from vocradar.broker import RAW
from vocradar.processes import python_module_cmd, spawn, stop_process

pytestmark = pytest.mark.integration

RRN = "850315-1639428"
PHONE = ("010-9876", "5432")  # read out over two speech-to-text turns
CARD = "5429 8312 7754 0096"
EMAIL = "minji.kwon77@naver.com"
MANAGER = "박지훈"  # 담당자: 박지훈
AGENT = "윤서연"  # 윤서연 상담원입니다
UNIT = "1002호"  # 테헤란로 427 101동 1002호
CUSTOMER_IDS = ("cust-pii-7001", "cust-pii-0042", "cust-pii-0099")
HANDLE = "minji_k77"

#: What must not appear anywhere but voc.raw, as written.
NEEDLES = (
    RRN,
    f"{PHONE[0]}-{PHONE[1]}",
    "9876-5432",
    CARD,
    EMAIL,
    "minji.kwon77",
    "kwon77",
    MANAGER,
    AGENT,
    "지훈",
    "서연",
    UNIT,
    "101동 1002",
    *CUSTOMER_IDS,
    HANDLE,
)
#: The long numbers, also looked for with every separator between digits removed.
DIGITS = ("8503151639428", "01098765432", "5429831277540096")

T0 = "2026-11-23T10:{:02d}:00+09:00"


def _call() -> dict[str, Any]:
    return {
        "event_id": "pii-call-1",
        "source": "call",
        "occurred_at": T0.format(15),
        "conversation_id": "pii-conv-1",
        "customer": {"id": CUSTOMER_IDS[0], "phone": f"{PHONE[0]}-{PHONE[1]}", "email": EMAIL},
        "agent": {"id": "agent-77", "team": "해지방어팀"},
        "product": "기가인터넷",
        "meta": {"caller_number": f"{PHONE[0]}-{PHONE[1]}"},
        "turns": [
            {"speaker": "agent", "text": f"네 고객님, {AGENT} 상담원입니다. 무엇을 도와드릴까요?"},
            {"speaker": "customer", "text": "인터넷 해지하려고요. 해지해 주세요."},
            {"speaker": "agent", "text": "본인 확인을 위해 주민등록번호 말씀해 주시겠어요?"},
            {"speaker": "customer", "text": f"{RRN}이요. 주소는 서울 강남구 테헤란로 427 101동 {UNIT}예요."},
            {"speaker": "agent", "text": "해지는 좀 어렵고요, 요금 할인 혜택을 드릴게요."},
            {"speaker": "customer", "text": "벌써 세 번째 말하는 거예요. 해지해 달라고요, 제발."},
            {"speaker": "agent", "text": "그래도 해지보다는 요금제를 바꾸시는 게 낫습니다."},
            {
                "speaker": "customer",
                "text": (
                    f"지금 이 통화 녹음하고 있어요. 유튜브랑 인터넷에 다 올릴 거예요. 담당자: {MANAGER} "
                    f"맞죠? 메일 {EMAIL}로 답 주시고 연락처는 {PHONE[0]}"
                ),
            },
            {"speaker": "customer", "text": f"{PHONE[1]}이에요. 카드번호 {CARD} 자동이체도 끊어 주세요."},
        ],
    }


def _ticket(i: int) -> dict[str, Any]:
    """The i-th of three billing tickets of one customer: the third is a repeat contact."""
    return {
        "event_id": f"pii-ticket-{i}",
        "source": "ticket",
        "occurred_at": T0.format(20 + 5 * i),
        "customer": {"id": CUSTOMER_IDS[1], "email": EMAIL},
        "product": "5G 요금제",
        "text": (
            f"요금이 두 번 청구됐어요. 카드번호 {CARD}에서 이중 결제가 됐습니다. 환불해 주세요. "
            f"담당자: {MANAGER} 님한테 말했는데 처리가 안 됐어요. 회신은 {EMAIL} 또는 "
            f"{PHONE[0]}-{PHONE[1]}로 주세요. 주소 서울 강남구 테헤란로 427 101동 {UNIT}."
        ),
    }


def _tweet() -> dict[str, Any]:
    return {
        "event_id": "pii-tweet-1",
        "source": "tweet",
        "occurred_at": T0.format(40),
        "customer": {"handle": HANDLE, "followers": 120},
        "text": (
            f"인터넷 또 끊김 ㅡㅡ\n{AGENT} 상담원 연결해 주세요 했더니 30분 대기. "
            f"제 번호 {PHONE[0]}-{PHONE[1]} 로 연락 준다더니 감감무소식"
        ),
    }


def _bad() -> dict[str, Any]:
    """No occurred_at: dead-lettered, with the customer's data in the payload."""
    return {
        "event_id": "pii-bad-1",
        "source": "ticket",
        "customer": {"id": CUSTOMER_IDS[2], "phone": f"{PHONE[0]}-{PHONE[1]}"},
        "text": f"주민번호 {RRN}, 카드 {CARD}, 메일 {EMAIL}, 담당자: {MANAGER}, 101동 {UNIT}",
    }


def _strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON value, keys too; strings holding JSON are opened as well."""
    if isinstance(value, str):
        yield value
        if value[:1] in "[{":
            try:
                inner = json.loads(value)
            except ValueError:
                return
            yield from _strings(inner)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def _text_of(data: bytes | str | None) -> str:
    """A topic key or value as searchable text (JSON decoded, so no \\u escapes hide Hangul)."""
    if data is None:
        return ""
    raw = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    try:
        return "\n".join(_strings(json.loads(raw)))
    except ValueError:
        return raw


def _compact(text: str) -> str:
    """Digits with the separators between them removed (010-9876 5432 -> 01098765432)."""
    return re.sub(r"(?<=\d)[\s\-./·에]+(?=\d)", "", text)


def _leaks(text: str) -> list[str]:
    found = [n for n in NEEDLES if n in text]
    compact = _compact(text)
    found += [d for d in DIGITS if d in compact]
    return found


def _topics(bootstrap: str) -> dict[str, str]:
    """Every topic except voc.raw, read from its start: topic -> its keys and values as text."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        names = sorted(t for t in admin.list_topics() if t != RAW and not t.startswith("__"))
    finally:
        admin.close()
    out: dict[str, str] = {}
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    try:
        for topic in names:
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            if not tps:
                out[topic] = ""
                continue
            consumer.assign(tps)
            consumer.seek_to_beginning(*tps)
            end = consumer.end_offsets(tps)
            parts: list[str] = []
            deadline = time.monotonic() + 30
            while any(consumer.position(tp) < end[tp] for tp in tps) and time.monotonic() < deadline:
                for records in consumer.poll(timeout_ms=500).values():
                    for rec in records:
                        parts += [_text_of(rec.key), _text_of(rec.value)]
            assert all(consumer.position(tp) >= end[tp] for tp in tps), f"could not read {topic}"
            out[topic] = "\n".join(parts)
    finally:
        consumer.close()
    return out


def _mail_text(m: EmailMessage) -> str:
    parts = [f"{k}: {v}" for k, v in m.items()]
    for part in m.walk():
        if part.get_content_maintype() == "text":
            parts.append(str(part.get_content()))
    return "\n".join(parts)


def test_planted_identifiers_stay_in_voc_raw(broker, warehouse_url, webhook, smtp, tmp_path: Path) -> None:
    db = "t_" + uuid.uuid4().hex[:10]
    app_id = f"vr-{db}"
    env = stack_env(broker, warehouse_url, db, app_id=app_id, webhook=webhook, smtp=smtp)
    good = [_call(), _ticket(1), _ticket(2), _ticket(3), _tweet()]
    lines = [json.dumps(e, ensure_ascii=False) for e in [*good, _bad()]]
    lines.append(
        '{"event_id": "pii-bad-2", "source": "tweet", "text": "' + f"{RRN} {EMAIL} 담당자: {MANAGER}"
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    posts_before, api_before, mails_before = len(webhook.posts), len(webhook.api_posts), len(smtp.messages)

    log_path = tmp_path / "worker.log"
    worker = spawn(python_module_cmd("worker", "--loglevel", "info"), env=env, log_path=str(log_path))
    try:
        replay = subprocess.run(
            [sys.executable, "-m", "vocradar", "replay", str(feed)],
            env={**os.environ, **env},
            check=True,
            timeout=180,
            capture_output=True,
        )
        wh = open_warehouse(warehouse_url, db)

        def died() -> bool:
            if worker.poll() is not None:
                raise AssertionError(f"the worker exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            return False

        wait_until(
            lambda: died() or wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(good),
            240,
            what="every good event in the warehouse",
        )
        wait_until(
            lambda: wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") >= 2, 60, what="dead letters"
        )
        wait_until(
            lambda: (
                any("pii-call-1" in json.dumps(p, ensure_ascii=False) for p in webhook.posts[posts_before:])
                and any("pii-call-1" in _mail_text(m) for m in smtp.messages[mails_before:])
            ),
            90,
            what="the call's Slack post and e-mail",
        )
        # the third ticket is a repeat contact: re-scored by the incident stage, same category
        rows = {
            r["event_id"]: r
            for r in wh.query(f"SELECT event_id, category, reasons FROM {db}.voc_events FINAL")
        }
        assert {r["category"] for k, r in rows.items() if k.startswith("pii-ticket")} == {"billing"}
        assert [k for k, r in sorted(rows.items()) if "repeat_contact" in r["reasons"]] == ["pii-ticket-3"]
        time.sleep(6)  # the changelogs of the last batch and the delivery records

        found: dict[str, list[str]] = {}
        topics = _topics(broker.bootstrap)
        for need in ("voc.link", "voc.scored", "voc.alerts", "voc.dead", "voc.incidents"):
            assert topics.get(need), f"{need} is empty or missing"
        changelogs = [t for t in topics if t.startswith(app_id) and t.endswith("-changelog")]
        assert {f"{app_id}-{n}-changelog" for n in ("contacts", "bursts", "incidents", "seen")} <= set(
            changelogs
        )
        for topic, text in topics.items():
            found[f"topic {topic}"] = _leaks(text)
        tables = [
            r["name"]
            for r in wh.query(
                "SELECT name FROM system.tables WHERE database = {d:String} AND startsWith(name, 'voc_')",
                {"d": db},
            )
        ]
        assert {"voc_events", "voc_alerts", "voc_dead", "voc_incidents", "voc_notifications"} <= set(tables)
        for table in tables:
            dump = wh.query(f"SELECT * FROM {db}.{table}")
            found[f"table {table}"] = _leaks("\n".join(s for row in dump for s in _strings(row)))
        found["Slack"] = _leaks(
            "\n".join(
                _text_of(json.dumps(p)) for p in webhook.posts[posts_before:] + webhook.api_posts[api_before:]
            )
        )
        found["e-mail"] = _leaks("\n".join(_mail_text(m) for m in smtp.messages[mails_before:]))
        stop_process(worker, timeout_s=20)  # its log complete
        found["worker log"] = _leaks(log_path.read_text(encoding="utf-8", errors="replace"))
        found["replay output"] = _leaks((replay.stdout + replay.stderr).decode("utf-8", errors="replace"))
        leaks = {where: sorted(set(what)) for where, what in found.items() if what}
        assert not leaks, f"planted identifiers found outside voc.raw: {leaks}"
        # the search itself finds every one of them where they are allowed to be
        assert set(_leaks(_topics_raw(broker.bootstrap))) == {*NEEDLES, *DIGITS}
    finally:
        stop_process(worker, timeout_s=20)


def _topics_raw(bootstrap: str) -> str:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    try:
        tps = [TopicPartition(RAW, p) for p in sorted(consumer.partitions_for_topic(RAW) or ())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        parts: list[str] = []
        while any(consumer.position(tp) < end[tp] for tp in tps):
            for records in consumer.poll(timeout_ms=500).values():
                parts += [_text_of(r.value) for r in records]
        return "\n".join(parts)
    finally:
        consumer.close()
