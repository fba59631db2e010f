"""Builds the incident scenarios replayed with ``vocradar replay`` (deterministic, seeded).

- ``retention_story.jsonl``: steady background traffic, then a retention call the customer says
  they record (해지 방어, 유튜브에 올리겠다), 35 minutes later tweets quoting the recording that
  spread within minutes, a press inquiry by e-mail, and the same customer's ticket;
- ``iptv_outage.jsonl``: steady background traffic with regions, then a regional IPTV outage in
  부산 해운대구 reported at once by calls, tickets, chats and tweets;
- ``steady_control.jsonl`` (``--control``): 10,000 events of steady demo traffic with a slow
  daily rhythm (the rate rises and falls by half over the hour), no outage and no story: the
  burst rule must stay silent.

Every scenario event carries ``meta.scenario`` and ``meta.role`` (``background``, ``call``,
``tweet``, ``press``, ``ticket``, ``outage``) so a report can find the onset of each part.

Run: ``python examples/scenarios/build.py [--out DIR] [--control]``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from vocradar.connectors.base import KST
from vocradar.connectors.demo import REGIONS, DemoTraffic

__all__ = ["STORY_START", "control", "iptv_outage", "retention_story", "write"]

STORY_START = datetime(2026, 11, 23, 9, 0, 0, tzinfo=KST)
WARMUP_MIN = 15  # minutes of background before each scenario's story (the burst rule warms up in 10)


def _background(
    seed: int, start: datetime, minutes: float, rate: float, scenario: str, regions: bool = False
) -> Iterator[dict[str, Any]]:
    """Steady demo traffic without planted outages or escalating retention calls."""
    gen = DemoTraffic(seed=seed, rate=rate, retention_call_every_s=math.inf, start=start)
    rng = random.Random(seed)
    end = start + timedelta(minutes=minutes)
    while True:
        for ev in gen.batch(200):
            if datetime.fromisoformat(ev["occurred_at"]) >= end:
                return
            meta = ev.get("meta") or {}
            if meta.get("demo_scenario") == "outage" or meta.get("demo_escalation"):
                continue
            ev["event_id"] = f"{scenario}-bg-{ev['event_id']}"
            if ev.get("conversation_id"):
                ev["conversation_id"] = f"{scenario}-{ev['conversation_id']}"
            meta = {**meta, "scenario": scenario, "role": "background"}
            if regions:
                meta["region"] = rng.choice(REGIONS)
            ev["meta"] = meta
            yield ev


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds")


RECORDED_CALL_TURNS = [
    {"speaker": "system", "text": "본 통화는 서비스 품질 향상을 위해 녹음됩니다."},
    {"speaker": "agent", "text": "네 고객님, 무엇을 도와드릴까요?"},
    {"speaker": "customer", "text": "기가인터넷 해지하려고 전화했어요. 해지해 주세요."},
    {
        "speaker": "agent",
        "text": "고객님, 지금 해지하시면 위약금이 나오는데요, 대신 요금 할인 혜택을 드릴게요.",
    },
    {"speaker": "customer", "text": "혜택 필요 없어요. 해지해 달라고요."},
    {"speaker": "agent", "text": "해지는 좀 어렵고요, 다시 한번 생각해 보시는 게 어떠세요?"},
    {"speaker": "customer", "text": "벌써 다섯 번째 말하는 거예요. 해지해 주세요, 제발."},
    {"speaker": "agent", "text": "그래도 해지보다는 요금제를 바꾸시는 게 낫습니다."},
    {
        "speaker": "customer",
        "text": "지금 이 통화 녹음하고 있어요. 유튜브랑 인터넷에 다 올릴 거예요. 해지 방어 이제 그만하세요.",
    },
]

TWEETS = [
    "기가인터넷 해지하려고 다섯 번을 말했는데 상담원이 계속 해지 방어함. 녹음 파일 유튜브에 올라옴 ㄷㄷ",
    "이 녹음 들어보세요 해지해 달라는데 위약금 얘기만 하고 해지 안 해줌 #해지방어",
    "해지 방어 녹음 유튜브 영상 봤는데 진짜 어이없다 상담원이 해지는 어렵다고 함",
    "통신사 해지 방어 녹음 퍼지는 중. 해지해 달라고 다섯 번 말해도 할인 혜택 얘기만",
    "와 해지 방어 녹음 실화냐 위약금이랑 혜택 얘기만 반복 ㅋㅋ 나도 해지해야겠다",
    "유튜브에 올라온 해지 방어 녹음 파일 들어봄. 고객이 제발 해지해 달라는데 요금제 바꾸라고",
    "해지 방어 녹음 보고 화나서 나도 인터넷 해지 알아보는 중",
    "상담원이 해지 어렵다고 하는 녹음 유튜브에서 조회수 폭발 중 해지 방어 너무하네",
]


def retention_story(seed: int = 7) -> list[dict[str, Any]]:
    """The recorded retention call, the tweets quoting it 35 minutes later, the press, the ticket."""
    rng = random.Random(seed)
    name = "retention_story"
    call_at = STORY_START + timedelta(minutes=WARMUP_MIN)
    events = list(_background(seed, STORY_START, WARMUP_MIN + 60, 0.5, name))
    customer = {"id": "cust-story-0001", "segment": "개인"}

    def meta(role: str) -> dict[str, Any]:
        return {"scenario": name, "role": role}

    events.append(
        {
            "event_id": f"{name}-call",
            "source": "call",
            "occurred_at": _iso(call_at),
            "conversation_id": f"{name}-call-conv",
            "customer": customer,
            "agent": {"id": "agt-0777", "team": "해지방어팀"},
            "product": "기가인터넷",
            "lang": "ko",
            "turns": RECORDED_CALL_TURNS,
            "meta": meta("call"),
        }
    )
    # The recording spreads: a first tweet 35 minutes later, then many within a few minutes.
    t = call_at + timedelta(minutes=35)
    offsets = [0, 50, 95] + [130 + 4 * i for i in range(37)]
    for i, off in enumerate(offsets):
        events.append(
            {
                "event_id": f"{name}-tweet-{i:02d}",
                "source": "tweet",
                "occurred_at": _iso(t + timedelta(seconds=off + rng.uniform(0, 4))),
                "text": TWEETS[i % len(TWEETS)] + ("" if i < len(TWEETS) else f" {'ㅋ' * (i % 4 + 1)}"),
                "customer": {
                    "handle": f"@viewer{i:03d}",
                    "followers": 25_000 if i in (3, 11, 30) else rng.randint(20, 900),
                    "verified": i == 11,
                },
                "lang": "ko",
                "meta": meta("tweet"),
            }
        )
    events.append(
        {
            "event_id": f"{name}-press",
            "source": "email",
            "occurred_at": _iso(call_at + timedelta(minutes=44)),
            "text": (
                "제목: 해지 방어 녹음 관련 취재 문의\n\n"
                "안녕하세요, 한빛일보 기자입니다. 기가인터넷 해지를 요청한 "
                "고객에게 상담원이 위약금과 혜택을 이유로 해지를 거부하는 녹음 파일이 유튜브에 올라왔습니다. "
                "해지 방어 지침이 있는지 답변 부탁드립니다."
            ),
            "customer": {"id": "press-hanbit", "segment": "언론"},
            "product": "기가인터넷",
            "lang": "ko",
            "meta": meta("press"),
        }
    )
    events.append(
        {
            "event_id": f"{name}-ticket",
            "source": "ticket",
            "occurred_at": _iso(call_at + timedelta(minutes=50)),
            "text": (
                "기가인터넷 해지를 전화로 다섯 번 요청했는데 아직도 해지가 안 됐습니다. "
                "오늘 안에 해지해 주세요."
            ),
            "customer": customer,
            "product": "기가인터넷",
            "lang": "ko",
            "meta": meta("ticket"),
        }
    )
    return sorted(events, key=lambda e: e["occurred_at"])


OUTAGE_TEXTS = [
    ("call", "IPTV 화면이 갑자기 안 나와요. 셋톱박스 껐다 켜도 똑같아요. 해운대 쪽 장애인가요?"),
    ("ticket", "IPTV가 30분째 먹통입니다. 셋톱박스 재부팅해도 신호 없음만 떠요. 부산 해운대구입니다."),
    ("tweet", "해운대 IPTV 또 장애? 티비 안 나옴 ㅠㅠ"),
    ("chat", "지금 IPTV 안 나오는데 지역 장애 맞나요? 화면이 검정색이에요."),
    ("tweet", "부산 해운대 IPTV 나만 안 됨? 채널이 하나도 안 나와"),
    ("ticket", "IPTV 시청 중 화면이 멈추고 신호 없음이 뜹니다. 장애 복구 언제 되나요?"),
]


def iptv_outage(seed: int = 11) -> list[dict[str, Any]]:
    """A regional IPTV outage in 부산 해운대구 after steady background traffic with regions."""
    rng = random.Random(seed)
    name = "iptv_outage"
    onset = STORY_START + timedelta(minutes=WARMUP_MIN)
    events = list(_background(seed, STORY_START, WARMUP_MIN + 10, 0.5, name, regions=True))
    t = 0.0
    for i in range(40):
        source, text = OUTAGE_TEXTS[i % len(OUTAGE_TEXTS)]
        ev: dict[str, Any] = {
            "event_id": f"{name}-report-{i:02d}",
            "source": source,
            "occurred_at": _iso(onset + timedelta(seconds=t)),
            "product": "IPTV",
            "customer": {"id": f"cust-hd-{i:04d}"} if source != "tweet" else {"handle": f"@haeundae{i:03d}"},
            "lang": "ko",
            "meta": {"scenario": name, "role": "outage", "region": "부산 해운대구"},
        }
        if source in ("call", "chat"):
            ev["conversation_id"] = f"{name}-conv-{i:02d}"
            ev["turns"] = [
                {"speaker": "agent", "text": "네 고객님, 무엇을 도와드릴까요?"},
                {"speaker": "customer", "text": text},
            ]
        else:
            ev["text"] = text
        events.append(ev)
        t += rng.expovariate(1 / 4.5)  # about 13 reports a minute
    return sorted(events, key=lambda e: e["occurred_at"])


def control(n: int = 10_000, seed: int = 3) -> list[dict[str, Any]]:
    """``n`` events of steady traffic whose rate follows a slow daily rhythm (no outage, no story)."""
    rng = random.Random(seed)
    gen = DemoTraffic(seed=seed, rate=3.0, retention_call_every_s=600.0, start=STORY_START)
    out: list[dict[str, Any]] = []
    t = STORY_START
    base = 3.0
    while len(out) < n:
        for ev in gen.batch(500):
            meta = ev.get("meta") or {}
            if meta.get("demo_scenario") == "outage":
                continue
            elapsed_h = (t - STORY_START).total_seconds() / 3600
            rate = base * (1.0 + 0.5 * math.sin(2 * math.pi * elapsed_h / 2))  # rises and falls
            t += timedelta(seconds=rng.expovariate(rate))
            ev["occurred_at"] = _iso(t)
            ev["event_id"] = f"control-{ev['event_id']}"
            if ev.get("conversation_id"):
                ev["conversation_id"] = f"control-{ev['conversation_id']}"
            ev["meta"] = {**meta, "scenario": "steady_control", "role": "background"}
            out.append(ev)
            if len(out) >= n:
                break
    return out


def write(path: Path, events: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--control", action="store_true", help="also write steady_control.jsonl")
    args = parser.parse_args()
    write(args.out / "retention_story.jsonl", retention_story())
    write(args.out / "iptv_outage.jsonl", iptv_outage())
    if args.control:
        write(args.out / "steady_control.jsonl", control())


if __name__ == "__main__":
    main()
