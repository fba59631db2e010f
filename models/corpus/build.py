"""Deterministic generator of the labelled VOC corpus (``python -m vocradar.models.corpus.build``).

The corpus is synthetic. It is composed from hand-written template *families*: a family is one
writer style plus one situation ("formal e-mail about a double charge", "angry tweet with slang
about an outage", "terse agent note after a failed 해지 방어", "spoken call: retention loop with
a recording threat", "news-style quote of a customer"...). None of its wording comes from the demo
generator (:mod:`vocradar.connectors.demo`): models also see demo traffic, and evaluation on this
corpus must measure generalisation, not memorised templates.

Template language (see :func:`render_line`)
    ``{slot}`` a slot value, the same everywhere in one item (``{net}``, ``{amount}``, ``{region}``);
    ``{slot:을}`` the value with the right particle (을/를, 이/가, 은/는, 과/와, 으로/로, 이에요/예요...).
    ``<a|b|c>`` one of the options; ``<a|>`` an optional piece.
    A template is one or more lines. In calls and chats every line is a turn: ``S:`` system,
    ``A:`` agent, ``C:`` customer; ``C?:`` (any speaker) marks a turn kept half of the time.
    In text sources the lines are the parts of the body; a line ``?:`` is kept half of the time.
    A line may end with ``## tokens`` that hold when the line is used: ``+reason`` / ``-reason``
    add or remove a reason code, ``ang`` strong anger (at least ``medium``), ``vio`` a threat of
    violence against a worker (``critical``), ``dbt`` a debatable case (``alert: null``) and ``hn``
    a hard negative (a cue word in a harmless context, a negation, sarcasm...).

Labels (shared/voc-contract.md, sections 2 and 3)
    ``category`` is the family's; ``reasons`` are the family's plus the ones its lines add;
    ``high_reach`` is added to a *negative* tweet (a topical complaint, any reason or anger) whose
    author has 10,000 followers or more or is verified, and to press e-mails. The level follows
    :func:`level_of`; ``alert`` is true for ``high``/``critical`` and null for debatable items.

Splits
    Whole families are held out (:func:`assign_splits`): about 27% of the families of each
    language go to ``test``, chosen so that every category, source, style and reason code has
    families on both sides. Row-level splits would put near-twins of a test item in training.
"""

# ruff: noqa: E501
# (the families below are data: each template line keeps its written text on one line)
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "CATEGORIES",
    "ESCALATION_REASONS",
    "FAMILIES",
    "MEDIUM_REASONS",
    "REASONS",
    "SEED",
    "SOURCES",
    "STYLES",
    "Family",
    "assign_splits",
    "build",
    "datasheet",
    "generate",
    "level_of",
    "main",
    "render_line",
    "write",
]

SEED = 20251123
"""Seed of the whole corpus; every family draws from its own generator derived from it."""

VERSION = "vocradar-corpus/1.2"

CATEGORIES: tuple[str, ...] = (
    "billing", "cancellation", "network", "device", "installation", "agent_conduct", "privacy",
    "sales_contract", "delivery_refund", "inquiry", "praise", "other",
)
ESCALATION_REASONS: tuple[str, ...] = (
    "publicity_threat", "regulator_threat", "agent_obstruction", "agent_hostility", "customer_abuse",
    "high_reach",
)
"""Reasons that alone make an event ``high`` (contract section 3)."""
MEDIUM_REASONS: tuple[str, ...] = ("churn_intent", "repeat_contact")
"""Reasons that make an event ``medium``."""
REASONS: tuple[str, ...] = ESCALATION_REASONS + MEDIUM_REASONS
"""Every reason code one event can show (``burst``/``service_outage`` are stream-level)."""
SOURCES: tuple[str, ...] = ("call", "chat", "ticket", "email", "tweet", "note")
STYLES: tuple[str, ...] = ("spoken", "chat", "formal", "tweet", "note", "news")
_GOING_PUBLIC = frozenset({"publicity_threat", "regulator_threat", "high_reach"})
_AGGRAVATORS = frozenset({"agent_obstruction", "agent_hostility", "high_reach"})
_NOT_NEGATIVE = frozenset({"praise", "inquiry", "other"})
_TURN_SOURCES = frozenset({"call", "chat"})
_KST = timezone(timedelta(hours=9))
_START = datetime(2025, 3, 3, 8, 0, tzinfo=_KST)
_TEST_SHARE = 0.27
_PII_P = 0.03
HIGH_REACH_FOLLOWERS = 10_000


def level_of(reasons: Iterable[str], *, violence: bool = False, angry: bool = False) -> str:
    """The contract's level of an event with these reasons.

    ``critical``: a threat of violence against a worker, or going public (publicity or regulator
    threat, high reach) together with a different aggravator (obstruction, hostility, high reach).
    ``high``: one escalation reason. ``medium``: churn intent, a repeat contact or strong anger.
    ``low``: everything else.
    """
    present = set(reasons)
    if violence or any(g != a for g in present & _GOING_PUBLIC for a in present & _AGGRAVATORS):
        return "critical"
    if present & set(ESCALATION_REASONS):
        return "high"
    if present & set(MEDIUM_REASONS) or angry:
        return "medium"
    return "low"


# ---------------------------------------------------------------------------------------------
# Slot values
# ---------------------------------------------------------------------------------------------

_POOLS: dict[str, tuple[str, ...]] = {
    # Korean telecom products
    "net": (
        "기가 와이파이 인터넷", "광랜 100메가", "인터넷 500메가", "홈 인터넷 1G", "인터넷 TV 패키지",
        "유선 인터넷", "기가 인터넷 라이트", "인터넷 2.5기가", "가정용 인터넷",
    ),
    "tv": ("IPTV 베이직", "케이블 TV", "OTT 결합 TV", "TV 프리미엄 패키지", "키즈 TV 상품"),
    "plan": (
        "5G 스탠다드", "5G 라이트 요금제", "LTE 무한 69", "데이터 무제한 플랜", "USIM 알뜰 요금제",
        "5G 시그니처", "키즈 워치 요금제", "청년 5G 요금제", "LTE 안심 요금제", "5G 다이렉트 플랜",
    ),
    "phone": (
        "갤럭시 S23", "갤럭시 Z플립5", "아이폰 14 프로", "아이폰 SE", "갤럭시 A54", "아이폰 13 미니",
        "갤럭시 퀀텀4", "갤럭시 S24 FE", "아이폰 15 플러스",
    ),
    "device": (
        "와이파이 공유기", "셋톱", "광모뎀", "AI 스피커", "홈캠", "메시 와이파이", "TV 셋톱박스",
        "인터넷 모뎀", "무선 공유기",
    ),
    "addon": (
        "음악 스트리밍 부가서비스", "안심 통화 옵션", "영상 구독 패스", "단말 보험 플러스",
        "데이터 리필 쿠폰", "클라우드 저장 서비스", "게임 패스", "발신번호 표시 서비스", "웹툰 구독",
    ),
    "gift": (
        "백화점 상품권 20만 원", "태블릿 PC", "현금 페이백 25만 원", "무선 청소기", "에어프라이어",
        "주유 상품권 15만 원", "스마트워치", "OTT 1년 이용권",
    ),
    "region": (
        "수원 권선구", "안양 동안구", "천안 서북구", "김해 장유", "포항 남구", "원주 단계동",
        "군산 수송동", "목포 하당", "서울 성북구", "서울 강서구 화곡동", "부산 수영구", "대구 북구 칠곡",
        "인천 서구 청라", "용인 수지구", "의정부 민락동", "파주 운정", "김포 구래동", "청주 오창",
        "서귀포", "여수 웅천", "구미 인동", "평택 고덕", "세종 나성동", "광명 철산동",
    ),
    "shop": (
        "역 앞 대리점", "동네 판매점", "마트 안 휴대폰 매장", "직영 매장", "시장 입구 판매점", "온라인 판매점",
    ),
    "mall": ("쇼핑 앱", "온라인몰", "라이브커머스 방송", "공식 스토어", "오픈마켓", "모바일 쇼핑몰"),
    "item": (
        "무선청소기", "에어프라이어", "러닝화", "겨울 패딩", "노트북", "블루투스 이어폰", "유아 카시트",
        "전기밥솥", "캠핑 의자", "공기청정기", "로봇청소기", "전동 킥보드", "가습기", "게이밍 모니터",
    ),
    "courier": ("한진택배", "롯데택배", "CJ택배", "우체국 택배", "편의점 택배", "경동택배"),
    "measured": ("20메가", "8메가", "45메가", "3메가", "60메가", "11메가"),
    "speed": ("1기가", "500메가", "100메가", "2.5기가"),
    "time": ("오전 10시", "오후 2시 반", "저녁 8시쯤", "오전 9시", "오후 4시", "점심 무렵", "밤 11시쯤"),
    "day": ("어제", "그저께", "지난주 금요일", "이번 주 월요일", "지난 주말", "오늘 아침", "사흘 전"),
    "nth": ("세 번째", "네 번째", "다섯 번째", "여섯 번째"),
    "team": ("해지 전담팀", "요금팀", "기술팀", "고객지원팀", "설치팀", "본사 민원팀"),
    "month": ("지난달", "이번 달", "지지난달", "3월분", "6월분", "9월분", "이번 청구분"),
    "outlet": ("소비자경제신문", "IT데일리", "한빛일보", "모바일타임즈", "생활경제TV", "디지털뉴스랩"),
    "age": ("20대", "30대", "40대", "50대", "60대", "70대"),
    "country": ("일본", "베트남", "태국", "미국", "유럽", "호주", "대만", "괌"),
    "wait": ("20분", "30분", "40분", "한 시간", "50분", "25분"),
    # English
    "net_en": ("gigabit internet", "500 Mbps fibre", "home Wi-Fi plan", "internet + IPTV bundle"),
    "plan_en": ("5G unlimited plan", "prepaid 30-day plan", "LTE data plan", "foreigner USIM plan"),
    "phone_en": ("Galaxy S23", "iPhone 14 Pro", "Galaxy A54", "iPhone SE", "Pixel 8"),
    "device_en": ("router", "set-top box", "modem", "Wi-Fi extender", "smart speaker"),
    "item_en": (
        "air fryer", "robot vacuum", "winter jacket", "laptop", "running shoes", "monitor", "stroller",
    ),
    "region_en": ("Itaewon", "Yongsan", "Suwon", "Pyeongtaek", "Songdo", "Busan Seomyeon", "Daejeon"),
    "addon_en": ("music streaming add-on", "device insurance", "video pass", "cloud storage add-on"),
    "day_en": ("yesterday", "last Friday", "on Monday", "two days ago", "this morning", "last weekend"),
    "nth_en": ("third", "fourth", "fifth"),
}

_SURNAMES = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "오", "한", "신", "서", "권", "황")
_GIVEN = (
    "민수", "지현", "성호", "은영", "재훈", "수빈", "동욱", "혜진", "준영", "미라", "상철", "다혜",
    "경민", "보람", "태호", "윤정",
)
_EN_NAMES = ("James Carter", "Emily Novak", "Daniel Okafor", "Sofia Marquez", "Liam Walsh", "Priya Nair")
_MAIL_DOMAINS = ("naver.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com", "outlook.com")
_HANDLE_PARTS = (
    "tori", "mango", "pado", "bbang", "noeul", "gureum", "dalbit", "haneul", "ramyeon", "kimbap",
    "soju", "bada", "ssal", "pine", "oreo", "luna", "kongi", "mochi", "wave", "jjang",
)


def _has_final(word: str, *, rieul: bool = False) -> bool:
    """Whether the reading of ``word`` ends in a final consonant (only ㄹ when ``rieul``)."""
    w = word.rstrip(" .,)]'\"!?~%")
    if not w:
        return False
    c = w[-1]
    if "가" <= c <= "힣":
        jong = (ord(c) - 0xAC00) % 28
        return jong == 8 if rieul else jong != 0
    if c.isdigit():  # 영 일 이 삼 사 오 육 칠 팔 구
        return c in "178" if rieul else c in "013678"
    up = c.upper()
    return up in "L" if rieul else up in "LMN"


_JOSA: dict[str, tuple[str, str]] = {
    "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"), "를": ("을", "를"),
    "은": ("은", "는"), "는": ("은", "는"), "과": ("과", "와"), "와": ("과", "와"),
    "이나": ("이나", "나"), "이에요": ("이에요", "예요"), "이랑": ("이랑", "랑"), "이요": ("이요", "요"),
    "이고": ("이고", "고"), "이라": ("이라", "라"), "이라고": ("이라고", "라고"), "이면": ("이면", "면"),
}


def _josa(word: str, josa: str) -> str:
    if josa in ("으로", "로"):
        plain = not _has_final(word) or _has_final(word, rieul=True)
        return f"{word}{'로' if plain else '으로'}"
    if josa in _JOSA:
        with_final, without = _JOSA[josa]
        return f"{word}{with_final if _has_final(word) else without}"
    raise KeyError(f"unknown particle {josa!r}")


def _won(n: int) -> str:
    if n >= 10_000 and n % 10_000 == 0:
        return f"{n // 10_000}만 원"
    return f"{n:,}원"


class _Slots:
    """Slot values of one item, made on first use and then fixed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.values: dict[str, str] = {}
        self.first_product: str | None = None

    def get(self, key: str) -> str:
        if key not in self.values:
            self.values[key] = self._make(key)
            if self.first_product is None and key in _PRODUCT_SLOTS:
                self.first_product = self.values[key]
        return self.values[key]

    def _make(self, key: str) -> str:
        r = self.rng
        if key in _POOLS:
            return r.choice(_POOLS[key])
        maker = _MAKERS.get(key)
        if maker is None:
            raise KeyError(f"unknown slot {key!r}")
        return maker(r)


_PRODUCT_SLOTS = ("net", "tv", "plan", "phone", "device", "item", "net_en", "plan_en", "phone_en",
                  "device_en", "item_en")


def _date(r: random.Random) -> str:
    return f"{r.randint(1, 12)}월 {r.randint(1, 28)}일"


def _phone(r: random.Random) -> str:
    return f"010-{r.randint(2000, 9899)}-{r.randint(1000, 9999)}"


def _email(r: random.Random) -> str:
    return f"{r.choice(_HANDLE_PARTS)}{r.choice(('', '.', '_'))}{r.randint(7, 990)}@{r.choice(_MAIL_DOMAINS)}"


def _rrn(r: random.Random) -> str:
    yy, mm, dd = r.randint(55, 99), r.randint(1, 12), r.randint(1, 28)
    return f"{yy:02d}{mm:02d}{dd:02d}-{r.choice('12')}{r.randint(0, 999_999):06d}"


def _kname(r: random.Random) -> str:
    return f"{r.choice(_SURNAMES)}{r.choice(_GIVEN)}"


_MAKERS: dict[str, Any] = {
    "amount": lambda r: _won(r.randrange(46_000, 390_000, 10)),
    "base": lambda r: _won(r.randrange(33_000, 79_000, 100)),
    "small": lambda r: _won(r.randrange(3_300, 29_900, 100)),
    "fee": lambda r: _won(r.randrange(60_000, 460_000, 1_000)),
    "refund": lambda r: _won(r.randrange(19_000, 1_290_000, 100)),
    "price": lambda r: _won(r.randrange(29_000, 890_000, 1_000)),
    "date": _date,
    "days": lambda r: str(r.randint(3, 19)),
    "hours": lambda r: str(r.randint(2, 9)),
    "minutes": lambda r: str(r.choice((20, 25, 30, 40, 45, 50, 60, 70, 90))),
    "months": lambda r: r.choice(("3", "6", "12", "24", "36")),
    "k": lambda r: str(r.randint(3, 6)),
    "two": lambda r: r.choice(("두", "2")),
    "order": lambda r: f"{r.randint(2025_0000, 2025_9999)}-{r.randint(100_000, 999_999)}",
    "ticketno": lambda r: f"#{r.randint(180_000, 989_999)}",
    "name": _kname,
    "phone_no": _phone,
    "email_addr": _email,
    "rrn": _rrn,
    "amount_en": lambda r: f"₩{r.randrange(46_000, 390_000, 100):,}",
    "usd": lambda r: f"${r.randrange(19, 640)}.{r.randrange(0, 100):02d}",
    "fee_en": lambda r: f"₩{r.randrange(60_000, 460_000, 1_000):,}",
    "date_en": lambda r: f"{r.choice(('March', 'April', 'May', 'June', 'July', 'August', 'September'))} "
    f"{r.randint(1, 28)}",
    "name_en": lambda r: r.choice(_EN_NAMES),
}

_CHOICE_RE = re.compile(r"<([^<>]*)>")
_SLOT_RE = re.compile(r"\{(\w+)(?::(\w+))?\}")


def render_line(line: str, slots: _Slots) -> str:
    """Render one template line: choose the ``<a|b>`` options, then fill the ``{slot}`` values."""
    rng = slots.rng
    text = _CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), line)

    def fill(m: re.Match[str]) -> str:
        value = slots.get(m.group(1))
        return _josa(value, m.group(2)) if m.group(2) else value

    return _SLOT_RE.sub(fill, text)


# ---------------------------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One writer style plus one situation, with its templates and labels.

    ``reach`` (tweets): ``low`` (< 10,000 followers, not verified), ``high`` (wide reach),
    ``mixed`` (either, item by item) or ``near`` (8,000-9,990 followers, not verified: just under
    the line). ``press`` (e-mails and tweets): the author is a journalist or a news account.
    ``split="train"`` pins a family to the training split (families added after the held-out
    split was drawn); None: :func:`assign_splits` decides.
    """

    id: str
    lang: str
    source: str
    style: str
    category: str
    templates: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    n: int = 30
    reach: str = "low"
    hard_negative: bool = False
    angry: bool = False
    opening: bool = True
    team: str | None = None
    tags: tuple[str, ...] = ()
    split: str | None = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.id}: unknown category {self.category}")
        if self.source not in SOURCES:
            raise ValueError(f"{self.id}: unknown source {self.source}")
        if self.style not in STYLES:
            raise ValueError(f"{self.id}: unknown style {self.style}")
        for r in self.reasons:
            if r not in REASONS:
                raise ValueError(f"{self.id}: unknown reason {r}")
        if self.reach not in ("low", "high", "mixed", "near", "press"):
            raise ValueError(f"{self.id}: unknown reach {self.reach}")
        if self.split not in (None, "train"):
            raise ValueError(f"{self.id}: a family can only be pinned to the train split")


FAMILIES: list[Family] = []
"""Every family, Korean then English, in the order written."""


def fam(
    id: str,
    source: str,
    category: str,
    templates: Sequence[str],
    *,
    style: str | None = None,
    **kw: Any,
) -> None:
    """Register a family (``style`` defaults from the source; ``lang`` from the id prefix)."""
    default_style = {"call": "spoken", "chat": "chat", "ticket": "formal", "email": "formal",
                     "tweet": "tweet", "note": "note"}[source]
    lang = id.split(".", 1)[0]
    if any(f.id == id for f in FAMILIES):
        raise ValueError(f"family {id} is registered twice")
    kw.setdefault("n", 30 if lang == "ko" else 15)
    FAMILIES.append(Family(id=id, lang=lang, source=source, style=style or default_style,
                           category=category, templates=tuple(templates), **kw))


# ---------------------------------------------------------------------------------------------
# Rendering one item
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    speaker: str | None  # "system" | "agent" | "customer" for turns, None for text parts
    text: str
    optional: bool
    tokens: tuple[str, ...]


_SPEAKERS = {"S": "system", "A": "agent", "C": "customer"}
_LINE_RE = re.compile(r"^([SAC])(\??):\s?(.*)$")


def _parse(template: str, turns: bool) -> list[_Line]:
    lines: list[_Line] = []
    for raw in template.strip("\n").split("\n"):
        body, _, tail = raw.partition(" ## ")
        tokens = tuple(tail.split())
        if turns:
            m = _LINE_RE.match(body.strip())
            if m is None:
                raise ValueError(f"turn line without a speaker: {raw!r}")
            lines.append(_Line(_SPEAKERS[m.group(1)], m.group(3), bool(m.group(2)), tokens))
        else:
            optional = body.startswith("?:")
            lines.append(_Line(None, body[2:].lstrip() if optional else body, optional, tokens))
    return lines


_KO_NOTICE = (
    "고객님과의 상담 내용은 서비스 품질 관리를 위해 녹음되고 있습니다.",
    "상담 품질 향상을 위하여 모든 통화는 녹음 저장됩니다.",
    "정확한 상담을 위해 통화 내용이 녹취됩니다. 잠시만 기다려 주십시오.",
    "지금부터 상담 내용이 녹음됩니다. 폭언이나 욕설 시 상담이 중단될 수 있습니다.",
    "고객 보호와 상담 품질을 위해 이 통화는 녹음되며 일정 기간 보관됩니다.",
    "상담원도 누군가의 가족입니다. 통화 내용은 녹음됩니다.",
)
_KO_GREET = (
    "네, 고객센터입니다. 무엇을 도와드릴까요?",
    "감사합니다 고객님, 상담원입니다. 어떤 점이 불편하셨을까요?",
    "네 고객님, 연결 감사합니다. 말씀하시겠어요?",
    "오래 기다리셨습니다, 고객님. 어떤 일로 연락 주셨어요?",
    "네, 전화 주셔서 감사합니다. 문의하실 내용 말씀해 주세요.",
)
_KO_CHAT_SYSTEM = (
    "상담사와 연결되었습니다.",
    "채팅 상담이 시작되었습니다. 상담 내용은 저장됩니다.",
    "대기 고객이 많아 순서대로 연결됩니다. 잠시만 기다려 주세요.",
)
_KO_CHAT_GREET = (
    "안녕하세요, 채팅 상담 도우미입니다. 어떤 도움이 필요하세요?",
    "반가워요 고객님! 문의 내용 남겨주시면 바로 확인할게요.",
    "안녕하세요 고객님 :) 무엇을 도와드릴까요?",
)
_EN_NOTICE = (
    "This call may be recorded for quality and training purposes.",
    "Your call is being recorded to help us improve our service.",
    "Calls are recorded. Abusive language will end the call.",
)
_EN_GREET = (
    "Thank you for calling customer care, how can I help you today?",
    "Hi, you're through to the English support desk. What can I do for you?",
    "Good afternoon, thanks for holding. What seems to be the problem?",
)
_EN_CHAT_SYSTEM = (
    "You are now connected with an agent.",
    "Chat started. A transcript will be emailed to you.",
)
_EN_CHAT_GREET = ("Hi there! How can I help today?", "Hello, thanks for reaching out. What's going on?")

_TEAM_BY_CATEGORY = {
    "billing": "요금상담", "cancellation": "해지상담", "network": "기술지원", "device": "기술지원",
    "installation": "개통설치", "agent_conduct": "고객보호", "privacy": "고객보호",
    "sales_contract": "영업관리", "delivery_refund": "온라인몰CS", "inquiry": "일반상담",
    "praise": "일반상담", "other": "일반상담",
}
_SEGMENTS = ("일반", "일반", "일반", "일반", "VIP", "시니어", "법인", "청년")
_KO_DIGITS = "공일이삼사오육칠팔구"


@dataclass
class _Item:
    body: dict[str, Any]
    reasons: set[str]
    violence: bool = False
    angry: bool = False
    debatable: bool = False
    hard_negative: bool = False
    pii: list[str] = field(default_factory=list)
    product: str | None = None
    customer: dict[str, Any] = field(default_factory=dict)
    agent: dict[str, Any] | None = None
    occurred_at: str = ""

    def key(self) -> str:
        return json.dumps(self.body, ensure_ascii=False, sort_keys=True)


def _apply_tokens(item: _Item, tokens: Iterable[str]) -> None:
    for tok in tokens:
        if tok.startswith("+"):
            if tok[1:] not in REASONS:
                raise ValueError(f"unknown reason token {tok}")
            item.reasons.add(tok[1:])
        elif tok.startswith("-"):
            item.reasons.discard(tok[1:])
        elif tok == "ang":
            item.angry = True
        elif tok == "vio":
            item.violence = True
        elif tok == "dbt":
            item.debatable = True
        elif tok == "hn":
            item.hard_negative = True
        else:
            raise ValueError(f"unknown token {tok!r}")


_KO_TYPOS = (
    ("없음", "업슴"), ("그냥", "걍"), ("고객센터", "고갱센터"), ("환불", "환뷸"), ("진심", "찐심"),
    ("어이없", "어이업"), ("배송", "배숑"), ("안 됨", "안됨;;"), ("모르겠", "모르겟"), ("ㅋㅋ", "ㅋㅋㅋㅋㅋ"),
    ("보세요", "보셈"), ("같음", "가틈"), ("설치", "셜치"), ("요금제", "요금졔"),
)


def _typo(text: str, rng: random.Random) -> str:
    """One hurried-typing variant (걍, 업슴, 고갱센터...), if the text offers one."""
    options = [(a, b) for a, b in _KO_TYPOS if a in text]
    if not options:
        return text
    a, b = rng.choice(options)
    return text.replace(a, b, 1)


def _squeeze_spaces(text: str, rng: random.Random, k: int) -> str:
    """Drop ``k`` random spaces (missing spacing, as in hurried posts)."""
    for _ in range(k):
        spaces = [i for i, c in enumerate(text) if c == " "]
        if not spaces:
            break
        i = rng.choice(spaces)
        text = text[:i] + text[i + 1:]
    return text


def _pii_parts(f: Family, slots: _Slots) -> tuple[str, list[tuple[str, str]], str]:
    """One PII insertion for this family: (kind, turns to insert, or text part)."""
    r = slots.rng
    en = f.lang == "en"
    kinds: tuple[str, ...]
    if f.source in _TURN_SOURCES:
        kinds = ("mobile", "email", "name") if en else ("mobile", "name", "rrn", "spoken_number", "email")
        kind = r.choice(kinds)
        if kind == "mobile":
            phone = slots.get("phone_no")
            turns = ([("agent", "What's the best number to reach you on?"),
                      ("customer", f"It's +82 {phone[1:]}.")] if en else
                     [("agent", "처리되면 연락드릴 번호 하나만 말씀해 주시겠어요?"),
                      ("customer", f"{phone}<이요|요|으로 주세요>.")])
        elif kind == "email":
            mail = slots.get("email_addr")
            turns = ([("customer", f"You can email me at {mail}.")] if en else
                     [("customer", f"결과는 메일로 주세요. {mail}<이요|요| 이거예요>.")])
        elif kind == "name":
            if en:
                turns = [("agent", "Can I confirm the account holder's name?"),
                         ("customer", f"Name: {slots.get('name_en')}.")]
            else:
                turns = [("agent", f"{slots.get('name')} 고객님 본인 맞으시죠?"), ("customer", "네, 맞아요.")]
        elif kind == "rrn":
            turns = [("agent", "본인 확인이 필요합니다."),
                     ("customer", f"주민번호 불러드릴게요. {slots.get('rrn')}<이요|요>.")]
        else:
            digits = "".join(_KO_DIGITS[int(c)] for c in slots.get("phone_no") if c.isdigit())
            spoken = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
            turns = [("agent", "연락처 말씀해 주시겠어요?"), ("customer", f"{spoken}이요.")]
        return kind, [(s, render_line(t, slots)) for s, t in turns], ""
    if f.source == "tweet":
        mail = slots.get("email_addr")
        return "email", [], (f"DM or mail {mail}" if en else f"제보는 {mail}<로|> <부탁|>")
    if f.source == "note":
        if en:
            return "mobile", [], f"callback +82 {slots.get('phone_no')[1:]}"
        kind = r.choice(("mobile", "name"))
        if kind == "mobile":
            return kind, [], f"콜백 번호 {slots.get('phone_no')}"
        return kind, [], f"고객명: {slots.get('name')}"
    kinds = ("mobile", "email", "name") if en else ("mobile", "email", "name", "rrn")
    if f.category == "other" or f.style == "news":
        kinds = ("mobile", "email")
    kind = r.choice(kinds)
    if en:
        part = {
            "mobile": f"Phone: +82 {slots.get('phone_no')[1:]}",
            "email": f"Reply to: {slots.get('email_addr')}",
            "name": f"Name: {slots.get('name_en')}",
        }[kind]
    else:
        part = {
            "mobile": f"<연락처|문의|담당>: {slots.get('phone_no')}",
            "email": f"<회신 메일|메일|이메일>: {slots.get('email_addr')}",
            "name": f"{slots.get('name')} 고객 올림",
            "rrn": f"가입자 주민등록번호: {slots.get('rrn')}",
        }[kind]
    return kind, [], part


def _followers(f: Family, rng: random.Random) -> tuple[dict[str, Any], bool]:
    sep = rng.choice(("", "_", "."))
    handle = f"@{rng.choice(_HANDLE_PARTS)}{sep}{rng.choice(_HANDLE_PARTS)}{rng.randint(1, 99)}"
    reach = f.reach
    if reach == "mixed":
        reach = "high" if rng.random() < 0.5 else "low"
    if reach == "press":
        name = rng.choice(("@daily_it_news", "@telecom_watch", "@econ_now", "@ittimes_kr", "@consumer_daily"))
        return {"handle": name, "followers": rng.randint(48_000, 1_900_000), "verified": True,
                "segment": "press"}, True
    if reach == "high":
        if rng.random() < 0.2:
            return {"handle": handle, "followers": rng.randint(1_500, 9_000), "verified": True}, True
        return {"handle": handle, "followers": rng.randint(10_000, 940_000),
                "verified": rng.random() < 0.4}, True
    if reach == "near":
        return {"handle": handle, "followers": rng.randint(8_000, 9_990), "verified": False}, False
    followers = min(int(15 * rng.paretovariate(1.1)), 6_500)
    return {"handle": handle, "followers": followers, "verified": False}, False


def _render_item(f: Family, template: list[_Line], rng: random.Random) -> _Item:
    slots = _Slots(rng)
    en = f.lang == "en"
    item = _Item(body={}, reasons=set(f.reasons), angry=f.angry, hard_negative=f.hard_negative)
    used: list[tuple[_Line, str]] = []
    for line in template:
        if line.optional and rng.random() < 0.5:
            continue
        used.append((line, render_line(line.text, slots)))
        _apply_tokens(item, line.tokens)
    if f.source in _TURN_SOURCES:
        turns: list[tuple[str, str]] = []
        has_system = any(line.speaker == "system" for line, _ in used)
        starts_agent = bool(used) and used[0][0].speaker == "agent"
        pool: tuple[str, ...]
        if f.opening and not has_system:
            p_sys = 0.8 if f.source == "call" else 0.6
            if rng.random() < p_sys:
                pool = (_EN_NOTICE if en else _KO_NOTICE) if f.source == "call" else (
                    _EN_CHAT_SYSTEM if en else _KO_CHAT_SYSTEM)
                turns.append(("system", rng.choice(pool)))
        if f.opening and not starts_agent and rng.random() < 0.8:
            pool = (_EN_GREET if en else _KO_GREET) if f.source == "call" else (
                _EN_CHAT_GREET if en else _KO_CHAT_GREET)
            turns.append(("agent", rng.choice(pool)))
        for line, text in used:
            assert line.speaker is not None
            if f.source == "call" and line.speaker == "customer" and not en and rng.random() < 0.25:
                text = text.rstrip(".")  # speech-to-text often drops the full stop
            turns.append((line.speaker, text))
        offset = 0.0
        out: list[dict[str, Any]] = []
        for speaker, text in turns:
            out.append({"speaker": speaker, "text": text, "offset_s": round(offset, 1)})
            offset += 1.2 + (0.06 if en else 0.13) * len(text) + rng.random() * 1.5
        item.body = {"turns": out}
    else:
        joiner = {"formal": "\n", "news": "\n", "note": ", "}.get(f.style, " ")
        if f.source == "tweet" and f.style == "news":
            joiner = " "
        parts = [text for _, text in used]
        text = joiner.join(p for p in parts if p)
        if f.source == "tweet" and f.style == "tweet":
            if f.tags and rng.random() < 0.35:
                text = f"{text} {rng.choice(f.tags)}"
            if not en and rng.random() < 0.15:
                text = _squeeze_spaces(text, rng, rng.randint(1, 3))
            if not en and rng.random() < 0.25:
                text = _typo(text, rng)
        item.body = {"text": text}
    item.product = slots.first_product
    # who is speaking
    if f.source == "tweet":
        item.customer, wide = _followers(f, rng)
    else:
        item.customer = {"id": f"c{rng.randint(1_000_000, 9_999_999)}", "segment": rng.choice(_SEGMENTS)}
        wide = f.reach == "press"
        if wide:
            item.customer["segment"] = "press"
    negative = f.category not in _NOT_NEGATIVE or bool(item.reasons) or item.angry
    if wide and negative:
        item.reasons.add("high_reach")
    if f.source in ("call", "chat", "note"):
        team = f.team or _TEAM_BY_CATEGORY[f.category]
        item.agent = {"id": f"a{rng.randint(1000, 9999)}", "team": team if not en else "English desk"}
    when = _START + timedelta(days=rng.randint(0, 270), hours=rng.randint(0, 14), minutes=rng.randint(0, 59),
                              seconds=rng.randint(0, 59))
    item.occurred_at = when.isoformat()
    return item


def _plant_pii(item: _Item, f: Family, rng: random.Random) -> None:
    """Add made-up personal data to a finished item (a closing turn pair, or a signature line)."""
    slots = _Slots(rng)
    kind, extra, part = _pii_parts(f, slots)
    item.pii.append(kind)
    if "turns" in item.body:
        turns = item.body["turns"]
        last = turns[-1]
        offset = last["offset_s"] + 1.2 + 0.1 * len(last["text"])
        for speaker, text in extra:
            turns.append({"speaker": speaker, "text": text, "offset_s": round(offset, 1)})
            offset += 1.2 + 0.1 * len(text)
    else:
        joiner = {"formal": "\n", "note": ", "}.get(f.style, " ")
        if f.style == "news":
            joiner = "\n" if f.source == "email" else " "
        item.body["text"] = f"{item.body['text']}{joiner}{render_line(part, slots)}"


def _family_rng(f: Family, seed: int) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{f.id}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def _family_items(f: Family, seed: int, taken: set[str]) -> list[_Item]:
    """Render ``f.n`` distinct items of the family (cycling its templates)."""
    rng = _family_rng(f, seed)
    parsed = [_parse(t, f.source in _TURN_SOURCES) for t in f.templates]
    items: list[_Item] = []
    attempts = 0
    while len(items) < f.n:
        if attempts > 60 * f.n:
            raise ValueError(f"{f.id}: only {len(items)} distinct items of {f.n}; add variety")
        template = parsed[attempts % len(parsed)]
        attempts += 1
        item = _render_item(f, template, rng)
        key = item.key()
        if key in taken:
            continue
        taken.add(key)
        if rng.random() < _PII_P and not (f.category == "other" and f.source in _TURN_SOURCES):
            _plant_pii(item, f, rng)
        items.append(item)
    return items


def _label(f: Family, item: _Item) -> tuple[dict[str, Any], str]:
    reasons = [r for r in REASONS if r in item.reasons]
    level = level_of(reasons, violence=item.violence, angry=item.angry)
    alert: bool | None = None if item.debatable else level in ("high", "critical")
    return {"category": f.category, "alert": alert, "reasons": reasons}, level


# ---------------------------------------------------------------------------------------------
# Splits and the whole corpus
# ---------------------------------------------------------------------------------------------


def _strata(f: Family, events: Sequence[dict[str, Any]]) -> set[str]:
    s = {f"category:{f.category}", f"source:{f.source}", f"style:{f.style}"}
    for e in events:
        s.update(f"reason:{r}" for r in e["label"]["reasons"])
    return s


def assign_splits(
    strata: dict[str, set[str]], seed: int = SEED, share: float = _TEST_SHARE
) -> dict[str, str]:
    """Hold out whole families: ``{family id: "train" | "test"}``.

    First every stratum (category, source, style, reason) gets a test family, rarest first, as
    long as the stratum keeps a training family; then each category is topped up to ``share``
    of its families. The order among candidates is a hash of the seed and the family id.
    """
    def order_key(fid: str) -> str:
        return hashlib.sha256(f"{seed}:split:{fid}".encode()).hexdigest()

    order = sorted(strata, key=order_key)
    counts: Counter[str] = Counter(s for ss in strata.values() for s in ss)
    train_left = Counter(counts)
    test: set[str] = set()

    def movable(fid: str) -> bool:
        return fid not in test and all(train_left[s] >= 2 for s in strata[fid])

    def move(fid: str) -> None:
        test.add(fid)
        for s in strata[fid]:
            train_left[s] -= 1

    for stratum in sorted(counts, key=lambda s: (counts[s], s)):
        if any(stratum in strata[fid] for fid in test):
            continue
        for fid in order:
            if stratum in strata[fid] and movable(fid):
                move(fid)
                break
    categories = sorted({s for ss in strata.values() for s in ss if s.startswith("category:")})
    for cat in categories:
        members = [fid for fid in order if cat in strata[fid]]
        target = max(1, round(len(members) * share))
        for fid in members:
            if sum(fid2 in test for fid2 in members) >= target:
                break
            if movable(fid):
                move(fid)
    return {fid: ("test" if fid in test else "train") for fid in strata}


def generate(seed: int = SEED) -> dict[str, list[dict[str, Any]]]:
    """Build the corpus in memory: ``{"ko": [events...], "en": [events...]}`` (shuffled, ids set)."""
    taken: set[str] = set()
    out: dict[str, list[dict[str, Any]]] = {}
    for lang in ("ko", "en"):
        families = [f for f in FAMILIES if f.lang == lang]
        per_family: dict[str, list[dict[str, Any]]] = {}
        for f in families:
            events: list[dict[str, Any]] = []
            for item in _family_items(f, seed, taken):
                label, level = _label(f, item)
                meta: dict[str, Any] = {
                    "corpus": VERSION, "family": f.id, "split": "", "style": f.style, "level": level,
                    "hard_negative": item.hard_negative,
                }
                if item.debatable:
                    meta["debatable"] = True
                if item.pii:
                    meta["pii"] = item.pii
                event: dict[str, Any] = {"source": f.source, "occurred_at": item.occurred_at, **item.body}
                event["customer"] = item.customer
                if item.agent is not None:
                    event["agent"] = item.agent
                if item.product is not None:
                    event["product"] = item.product
                event["lang"] = lang
                event["meta"] = meta
                event["label"] = label
                events.append(event)
            per_family[f.id] = events
        # families pinned to train stay out of the assignment, so adding them moves no other family
        splits = assign_splits({f.id: _strata(f, per_family[f.id]) for f in families if f.split is None}, seed)
        splits.update({f.id: f.split for f in families if f.split is not None})
        merged: list[dict[str, Any]] = []
        for f in families:
            for e in per_family[f.id]:
                e["meta"]["split"] = splits[f.id]
                merged.append(e)
        random.Random(f"{seed}:{lang}:order").shuffle(merged)
        final: list[dict[str, Any]] = []
        for i, e in enumerate(merged, 1):
            head: dict[str, Any] = {"event_id": f"vc-{lang}-{i:05d}"}
            head.update(e)
            if e["source"] in _TURN_SOURCES:
                head["conversation_id"] = f"conv-{lang}-{i:05d}"
            final.append(head)
        out[lang] = final
    return out


def _ordered(event: dict[str, Any]) -> dict[str, Any]:
    keys = ("event_id", "source", "occurred_at", "text", "turns", "conversation_id", "customer", "agent",
            "product", "lang", "meta", "label")
    return {k: event[k] for k in keys if k in event}


# ---------------------------------------------------------------------------------------------
# Datasheet
# ---------------------------------------------------------------------------------------------

_DATASHEET_HEAD = """\
# VOC Radar corpus (datasheet)

The project's own labelled training and evaluation corpus: `voc_ko.jsonl` (Korean) and
`voc_en.jsonl` (English), one contract event a line (shared/voc-contract.md, section 1) with a
`label` (`category`, `alert`, `reasons`). **This file is generated** by
`python -m vocradar.models.corpus.build`, tables included; do not edit it by hand.

## How it was made

* **Synthetic.** Every item is composed by the project's corpus generator
  (`models/corpus/build.py`) from hand-written template *families*. A family is one writer
  style plus one situation: "formal e-mail about a double charge", "angry tweet with slang about
  an outage", "terse agent CRM note after a failed 해지 방어", "spoken call: retention loop with
  a recording threat", "news-style quote of a customer". Each family has several templates with
  slots (products, amounts, regions, dates, times, counts, names) and `<a|b>` options; some lines
  are optional and carry their own labels (a regulator threat added to a complaint e-mail, a
  repeat-contact remark added to a call).
* **Written for this corpus.** No template, pool or phrase comes from the demo generator
  (`connectors/demo.py`); the models also see demo traffic, and the corpus must measure
  generalisation. `tests/unit/models/test_corpus.py` checks that no demo template (its slots
  read as wildcards, spacing ignored) matches any text of the corpus.
* **Styles** (`meta.style`): `spoken` (calls: speech-to-text turns with the company's recording
  notice as a system turn, fillers, 반말 when angry, repeated requests), `chat` (typed turns),
  `formal` (tickets and e-mails: 안녕하세요 ... 확인 부탁드립니다), `tweet` (slang, 초성, typos,
  missing spacing, emoji, hashtags; `customer.followers`/`verified`), `note` (terse agent CRM
  memos), `news` (press accounts and journalists' e-mails quoting a customer: "A씨는 '...'라고
  말했다").
* **PII** (`meta.pii`: `mobile`, `email`, `name`, `rrn`, `spoken_number`) is planted in about 3%
  of the items so that masking is exercised. All of it is made up.
* **Deterministic**: seeded; each family draws from its own generator derived from the corpus seed
  and its id, so adding a family leaves the other families' texts as they were (unless a text
  collides), though event ids, order and splits may move. Texts are unique across the corpus.
* **Fields**: besides the contract fields and `label`, every item has `meta.corpus` (version),
  `meta.family` (`lang.category.source.situation`), `meta.split`, `meta.style`, `meta.level`,
  `meta.hard_negative`, and where they apply `meta.debatable` and `meta.pii`. Calls and chats
  carry `conversation_id`, `agent` and speaker turns with `offset_s`; tweets carry
  `customer.handle`, `customer.followers` and `customer.verified`; press authors have
  `customer.segment: "press"`.

## Labels

* `category`: the family's topic, following the contract's rules: the topic of the customer's
  problem or request (moving the internet to a new address is `installation`); `inquiry` only
  for information or how-to with no problem and no topical request (위약금이 얼마인지 궁금한 것은
  inquiry, 해지해 달라는 것은 cancellation); `agent_conduct` when the point is how an employee
  behaved, but an employee obstructing a cancellation or refund leaves the category on that
  topic and adds `agent_obstruction`; bill charges are `billing`, charges made in the customer's
  name without consent (명의 도용) are `privacy`; complaints about spam messages are `privacy`,
  while the spam or advert itself is `other`; thanks are `praise`, chatter and ads `other`.
* `reasons`: only the codes one event can show (`burst` and `service_outage` are stream-level and
  never appear). Conventions:
  * `publicity_threat` / `regulator_threat` only for the customer's own threat (or an agent note
    reporting it). The company's recording notice, a question about a phone's recording feature,
    reading the news or a community, "신고할 생각은 없지만", "올릴 생각은 없어요" do not count.
  * `agent_obstruction`: the employee deflects a request the customer is entitled to (cancel,
    refund) at least twice, or the customer or a note reports that it keeps being blocked
    ("고객 해지 요청 4번, 방어 불발"). One retention offer followed by the cancellation is not.
  * `agent_hostility`: the employee is rude, condescending, blames or mocks the customer, in the
    transcript or as reported by the customer. Being slow, transferring or not calling back is
    `agent_conduct` without the reason.
  * `customer_abuse`: insults, threats or harassment aimed at the employee. Swearing about the
    situation in a tweet is not abuse. A threat of violence makes the event `critical`.
  * `churn_intent`: the customer means to leave the company (cancel a service, move to another
    carrier). Cancelling one add-on is `billing` without churn; thanks after a finished
    cancellation carry no churn.
  * `repeat_contact`: the third contact or later on the same issue, said in the text ("세 번째
    전화", "벌써 네 번째 문의", "재문의 3회"). A second contact is not.
  * `high_reach`: added to negative tweets (topical complaint, any reason or anger) whose author
    has 10,000 followers or more or is verified, and to press accounts and journalists. Praise,
    questions and chatter from such accounts get none.
* `alert`: true for `high` and `critical`, false for `medium` and `low`; `null` for items marked
  debatable (a muttered swear that may or may not be aimed at the agent, "녹음은 해둘게요" with no
  word of publishing, a mildly negative joke from a wide-reach account...): they are left out of
  alert metrics. `meta.level` holds the level the rules give:
  * `critical`: a threat of violence against a worker, or going public (publicity or regulator
    threat, high reach) together with a *different* aggravator (obstruction, hostility, high
    reach): a recording threat during an obstructed cancellation, a high-reach post about a
    hostile agent.
  * `high`: one escalation reason (publicity, regulator, obstruction, hostility, abuse, high reach).
  * `medium`: churn intent, a repeat contact, or strong anger (`ang` in the templates).
  * `low`: everything else.
* `meta.hard_negative`: the item has a cue word in a harmless context, a negation or hedge,
  sarcasm, or a near-miss (a second contact, 9,000 followers, a product named 유튜브 프리미엄...).

## Splits: whole families held out

`meta.split` is assigned **by family, never by row**. Items of one family share templates and
phrasing; a row-level split would put near-twins of every test item into training and measure
memorisation. About 27% of the families of each language are `test`, chosen so that every
category, source, style and reason code has families in both splits (rarest strata first, then
topped up per category; ties broken by a hash of the seed and the family id).

Version 1.1 added 11 families (265 items) written for what the training split lacked: Korean
posts and notes about obstructed cancellations and refunds (and cancellations that went
smoothly, as hard negatives), abuse of workers in device calls, refund chats and network notes,
an employee's words quoted in a post, English retention notes and abuse. They were written after
the 1.0 test figures were known, so they are **pinned to the train split** (`split="train"` in
the generator): the split of every 1.0 family, and every 1.0 item, is unchanged.

Version 1.2 added 13 English families (156 items) for what two outside probe sets (events
written from the contract alone, `tests/data/outside_probe.jsonl`) showed the English side
lacked: everyday uses of words that look risky (a screen recording attached to a ticket, a
police report for a stolen phone, a reporter or a lawyer named in passing, "not gonna post
this"), shout-outs, rage at a bill or a router with nobody to blame, phishing checks, porting
out, and escalations in other words (a thread sent to the local news, a worker threatened in an
agent's note, a refund nobody will escalate, an employee's rude words quoted in a tweet). They
are pinned to the train split too; the test split is the 1.0 one, item for item.

## Known biases and limits

* Synthetic text: written by one generator's authors, so vocabulary, politeness levels and
  situations are narrower than real contact-centre traffic; the speech-to-text style is imitated,
  not produced by an STT engine (no real recognition errors, overlaps or timing).
* Label balance is by design, not by real frequencies: escalations, hard negatives and rare
  categories are far more frequent than in production; do not read base rates from it.
* Each event is labelled on its own; partial transcripts, conversation history, bursts and
  outages (stream-level reasons) are not represented.
* One primary category per item; items that touch two topics were avoided rather than resolved.
* English items are fewer and simpler (expat customers of a Korean carrier and shop).
* Levels beyond `alert` (e.g. medium vs low for "strong anger") are the authors' judgement.
"""


def _table(rows: Sequence[Sequence[Any]], head: Sequence[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _split_table(events: Sequence[dict[str, Any]], keys: Sequence[str], get: Any, head: str) -> str:
    train: Counter[str] = Counter()
    test: Counter[str] = Counter()
    for e in events:
        bucket = train if e["meta"]["split"] == "train" else test
        for k in get(e):
            bucket[k] += 1
    rows = [(k, train[k], test[k], train[k] + test[k]) for k in keys]
    return _table(rows, (head, "train", "test", "total"))


def datasheet(corpus: dict[str, list[dict[str, Any]]]) -> str:
    """The README of the corpus: fixed prose plus count tables computed from ``corpus``."""
    parts = [_DATASHEET_HEAD, "## Counts\n"]
    fam_by_id = {f.id: f for f in FAMILIES}
    for lang, name in (("ko", "Korean (`voc_ko.jsonl`)"), ("en", "English (`voc_en.jsonl`)")):
        events = corpus[lang]
        if not events:
            continue
        fams: dict[str, str] = {e["meta"]["family"]: e["meta"]["split"] for e in events}
        alerts = Counter(str(e["label"]["alert"]).lower() if e["label"]["alert"] is not None else "null"
                         for e in events)
        summary = [
            ("items", sum(e["meta"]["split"] == "train" for e in events),
             sum(e["meta"]["split"] == "test" for e in events), len(events)),
            ("families", sum(v == "train" for v in fams.values()), sum(v == "test" for v in fams.values()),
             len(fams)),
        ]
        parts.append(f"### {name}\n")
        parts.append(_table(summary, ("", "train", "test", "total")) + "\n")
        hn = sum(bool(e["meta"]["hard_negative"]) for e in events)
        pii = sum("pii" in e["meta"] for e in events)
        parts.append(
            f"Hard negatives: {hn} ({100 * hn / len(events):.1f}%). Items with planted PII: {pii} "
            f"({100 * pii / len(events):.1f}%). Alert labels: true {alerts['true']}, false "
            f"{alerts['false']}, null {alerts['null']}.\n"
        )
        parts.append(_split_table(events, CATEGORIES, lambda e: [e["label"]["category"]], "category") + "\n")
        parts.append(_split_table(events, (*REASONS, "(none)"),
                                  lambda e: e["label"]["reasons"] or ["(none)"], "reason") + "\n")
        parts.append(_split_table(events, SOURCES, lambda e: [e["source"]], "source") + "\n")
        parts.append(_split_table(events, STYLES, lambda e: [e["meta"]["style"]], "style") + "\n")
        parts.append(_split_table(events, ("critical", "high", "medium", "low"),
                                  lambda e: [e["meta"]["level"]], "level") + "\n")
        sizes = Counter(e["meta"]["family"] for e in events)
        rows = [(f"`{fid}`", fam_by_id[fid].source, fam_by_id[fid].style, fam_by_id[fid].category, sizes[fid],
                 fams[fid]) for fid in sorted(fams)]
        parts.append(f"<details><summary>Families ({len(fams)})</summary>\n\n"
                     + _table(rows, ("family", "source", "style", "category", "items", "split"))
                     + "\n\n</details>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Files and command line
# ---------------------------------------------------------------------------------------------

OUT_DIR = Path(__file__).resolve().parent
FILES = {"ko": "voc_ko.jsonl", "en": "voc_en.jsonl"}


def write(corpus: dict[str, list[dict[str, Any]]], out_dir: Path) -> dict[str, Path]:
    """Write the JSONL files and the datasheet into ``out_dir``; return the paths by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for lang, name in FILES.items():
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for event in corpus[lang]:
                fh.write(json.dumps(_ordered(event), ensure_ascii=False, separators=(",", ":")) + "\n")
        paths[lang] = path
    readme = out_dir / "README.md"
    readme.write_text(datasheet(corpus), encoding="utf-8", newline="\n")
    paths["readme"] = readme
    return paths


def build(out_dir: Path = OUT_DIR, seed: int = SEED) -> dict[str, Path]:
    """Generate the corpus and write it; return the written paths."""
    return write(generate(seed), out_dir)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m vocradar.models.corpus.build [--out DIR] [--seed N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default: the package)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    paths = build(args.out, args.seed)
    for name, path in paths.items():
        lines = sum(1 for _ in path.open(encoding="utf-8")) if name != "readme" else 0
        print(f"{path}" + (f": {lines} events" if lines else ""))
    return 0


# =============================================================================================
# Korean families
# =============================================================================================

# --- billing ---------------------------------------------------------------------------------

fam("ko.billing.call.bill_shock", "call", "billing", (
    """C: <아 |저기요, |네, |>{day} 문자 받았는데 이번 달 요금이 {amount:이라고} 떴어요. 해외에서 로밍 하루 쓴 게 다인데요.
A: 네 고객님, 로밍 이용 내역부터 확인해 보겠습니다. 잠시만요.
A: 확인해 보니 하루 정액이 아니라 쓰신 만큼 과금되는 종량 방식으로 데이터가 나갔습니다.
C: 아니 출국 전에 <매장에서|앱으로> 하루짜리로 신청했다니까요? 그게 왜 종량이에요?
C?: 이거 안 빼주시면 그냥 <통신사 옮길게요|번호이동 해버릴 거예요>. ## +churn_intent ang
A: 신청 이력 확인해서 차액 조정이 되는지 담당 부서에 요청드리겠습니다.""",
    """C: 요금이 왜 이렇게 많이 나왔어요? 평소엔 {base} 정도 내는데 이번엔 {amount:이에요}.
A: 고객님 명세서 보니까 {addon} 이용료랑 콘텐츠 결제 금액이 같이 청구되셨네요.
C: 콘텐츠 결제는 <애가 한 게 맞는데요|제가 한 거 맞고요>, {addon:은} 뭔지 모르겠어요.
A: 해당 서비스는 {date}에 가입된 걸로 조회됩니다.
C: 그런 거 가입한 기억이 없어요. 빼 주시고 그동안 나간 것도 돌려주세요.""",
    """C: 저 이 건 때문에 벌써 {nth} 전화하는 거예요. 청구 오류 정정해 준다면서요. ## +repeat_contact ang
A: 불편 드려 정말 죄송합니다. 이전 상담 기록 먼저 보겠습니다.
C: 기록만 몇 번 보세요, 진짜. 이번 청구서에도 그대로 {amount} 찍혀 있던데.
A: 정정 요청이 전산에 반영되지 않았네요. 이번에는 처리 끝날 때까지 제가 직접 챙기겠습니다.""",
    """C: 요금제 바꾸고 나서 이번 달에 두 요금제가 한꺼번에 청구됐어요. {amount:이요}.
A: 변경하신 날짜 기준으로 나눠서 계산되다 보니 두 요금이 같이 보이시는 거예요.
C: 나눠서가 아니라 둘 다 한 달 치가 통째로 나왔다니까요. 명세서 좀 보세요.
C?: 계속 이렇게 넘기시면 <방통위에 민원 넣을 거예요|소비자원에 신고할 겁니다|국민신문고에 올리겠습니다>. ## +regulator_threat
A: 확인해 보니 이중으로 잡힌 게 맞습니다. 다음 달 청구에서 차감해 드리겠습니다.""",
    """C: <저기요|여보세요>, {plan} 쓰는 사람인데요, 데이터 다 쓰면 속도만 느려진다고 했잖아요.
A: 네 고객님, 맞습니다.
C: 근데 이번 달 청구서에 데이터 초과 요금이 {small} 붙어 있어요. 이게 무슨 돈이에요?
A: 확인해 보니 테더링으로 쓰신 데이터는 기본 제공량과 별도로 계산됩니다.
C: 그런 설명은 처음 듣는데요. 이번 건은 좀 조정해 주세요.""",
))

fam("ko.billing.email.double_charge", "email", "billing", (
    """제목: <{date} 요금 이중 출금 건|자동이체 이중 출금 확인 요청|요금이 두 번 출금된 건>
안녕하세요.
{net} 이용 중인 고객입니다. {date}에 자동이체 계좌에서 {base:이} <두 번|2회> 출금되었습니다.
?: 통장 거래내역 캡처를 첨부합니다.
고객센터에 전화했으나 <대기가 길어|연결이 되지 않아> 메일로 문의드립니다.
중복 출금된 금액의 환급 일정 확인 부탁드립니다.
?: 감사합니다.""",
    """제목: 카드 결제 중복 청구 <문의|정정 요청>
안녕하세요. <{region} 거주 가입자입니다|{plan} 이용자입니다>.
{day} <카드사 문자|은행 앱 알림>를 보니 이번 달 통신 요금 {base:이} 카드로 한 번, 계좌로 한 번 빠져나갔습니다.
결제 수단을 카드로 바꾸면서 계좌 자동이체 해지가 누락된 것으로 보입니다.
한 건은 취소해 주시고 처리 결과를 회신 부탁드립니다.""",
    """제목: 이중 결제 환급 재요청
안녕하세요.
{date}에 이중 결제 건으로 문의했고 일주일 안에 환급된다는 답을 받았지만 아직 입금되지 않았습니다.
이번이 {nth} 문의입니다. ## +repeat_contact
?: 이번 주 안에 처리되지 않으면 금융감독원과 한국소비자원에 민원을 제기하겠습니다. ## +regulator_threat
정확한 환급 예정일 회신 바랍니다.""",
    """제목: 요금 중복 출금 확인
안녕하세요. {month} 요금 {base:이} 두 번 빠져나간 것을 확인했습니다.
<큰 금액은 아니라서 민원까지 넣을 생각은 없고|신고하거나 할 생각은 없고> 환급만 해 주시면 됩니다. ## hn
계좌로 돌려받을 수 있는지 알려 주세요.""",
))

fam("ko.billing.ticket.discount_missing", "ticket", "billing", (
    """[<요금 문의|청구 오류>] <결합 할인|선택약정 할인|가족 결합 할인> 누락
안녕하세요.
{month} 청구서에 <결합 할인|선택약정 25% 할인|가족 결합 할인>이 빠져 있어 요금이 {amount:으로} 나왔습니다.
할인 조건은 바뀐 게 없고 약정도 {months}개월 남아 있습니다.
누락된 할인 금액을 소급해서 적용해 주시기 바랍니다.""",
    """[문의] 청구 금액 확인 요청
<안녕하세요.|안녕하십니까.>
매달 {base} 정도 나오던 요금이 {month}부터 {amount:으로} 올랐습니다.
인상 안내 문자나 연락을 받은 적이 없습니다.
인상 사유와 상세 내역 확인 부탁드립니다.
?: 납득할 만한 설명이 없으면 다른 통신사로 옮기는 것도 고려하겠습니다. ## +churn_intent""",
    """[긴급] 요금 과다 청구
{month} 요금 {amount}, 이건 말이 안 되는 금액입니다. ## ang
이미 전화로 한 번 설명드렸는데 아직 답이 없습니다.
?: 담당자와 처리 기한을 명확히 알려 주십시오.""",
    """[요금] 납부 확인 요청
{date}에 {base} 납부했는데 미납 안내 문자가 왔습니다.
<입금 확인 후|확인하시고> 미납 처리 취소 부탁드립니다.
?: 연체료가 붙었다면 그것도 정정해 주세요.""",
))

fam("ko.billing.tweet.bill_rant", "tweet", "billing", (
    "<ㅋㅋㅋ|ㅅㅂ|아니> 이번달 폰요금 {amount} <뭐임|실화냐|ㄷㄷ> <데이터 별로 쓰지도 않았는데|해외 간 적도 없는데> <😤|🤯|>",
    "{plan} 쓰는데 청구서에 모르는 부가서비스 <껴있음|붙어있음> ㅡㅡ 다들 명세서 한번씩 <보세요|확인해보셈>",
    "통신사 <결합할인|약정할인> 슬그머니 <빠져서|없어져서> 요금 {small} 더 나옴 ㅈㄴ 어이없네 ## ang",
    "요금 두번 빠져나감 ㅋㅋ 환불은 <일주일|열흘> 걸린대 내 돈인데 <왜|> <🙃|>",
    "청구서 보다가 혈압 오름 <{amount}|{small} 추가요금> 이게 맞냐고 <ㅠㅠ|ㅡㅡ|>",
    "<엄마|아빠> 폰 요금 보니까 {addon} 몇 년째 <나가고 있었음|빠지고 있었네> 어르신 폰 <꼭|다들> 확인하세요",
), reach="mixed", tags=("#요금폭탄", "#통신비", "#명세서"))

fam("ko.billing.note.adjust", "note", "billing", (
    """청구 항목 이의
{addon} 가입한 적 없다고 함
{small} 환불 <처리|접수>
?: 재문의 {k}회 ## +repeat_contact""",
    """같은 달 요금 <두 번 출금|중복 카드 승인>
{base} 돌려 드리는 건 <정산 의뢰|처리 시작>
<{days}일 내 처리 안내|처리 기한 안내 완료>""",
    """고객 청구서 <상세 설명 요청|항목 문의>
<로밍|콘텐츠 결제|부가서비스> 내역 <안내|설명>
<종결|고객 이해함>""",
    """할인 누락 건 동일 문의 {k}번째
소급 적용 미처리 확인
팀장 에스컬 ## +repeat_contact""",
    """요금 과다 민원
고객 격앙
<타사 이동 언급|번호이동 하겠다고 함> ## +churn_intent ang""",
    """요금 정정 요청
고객 <소비자원|방통위> 신고 언급
상급자 보고 ## +regulator_threat""",
))

fam("ko.billing.chat.plan_change", "chat", "billing", (
    """C: 요금제 변경하려고요. 지금 {plan} 쓰는데 <더 싼 걸로|데이터 적은 걸로> 바꿔 주세요.
A: 네, 변경 가능한 요금제 목록 보내드릴게요. 변경은 다음 달 1일부터 적용됩니다.
C: <네 그걸로 해주세요|아 그럼 {base}짜리로 할게요>
A: 변경 신청 완료되었습니다.""",
    """C: 자동이체 계좌 바꾸고 싶은데 <여기서 처리돼요?|채팅으로 해주세요>
A: 네 가능합니다. 본인 인증 후 새 계좌 정보 입력해 주시면 됩니다.
C: <인증했어요|했습니다>. 다음 달부터 바로 적용되는 거죠?
A: 다음 청구분부터 새 계좌로 출금됩니다.""",
    """C: 이번 달 요금 납부일 좀 미뤄 주실 수 있어요? <월급날이 늦어져서요|사정이 좀 있어서요>
A: 이번 달은 {date}까지 납부 유예해 드릴 수 있습니다.
C: <감사합니다 그렇게 해주세요|오 감사해요 그걸로 해 주세요> ## hn""",
    """C: 부가서비스 {addon} 해지해 주세요. 안 쓰는데 매달 나가더라고요. ## hn
A: 네, {addon} 해지 처리해 드렸습니다. 이번 달까지는 요금이 부과됩니다.
C: <네 알겠습니다|네 수고하세요>""",
    """C: 종이 청구서 말고 <모바일|이메일> 청구서로 바꿔 주세요
A: 변경해 드렸습니다. 다음 달부터 <모바일|이메일>로 받아보실 수 있어요.
C: 네 <감사합니다|ㅎㅎ>""",
))

fam("ko.billing.call.keyword_hn", "call", "billing", (
    """C: <아 |>네, 부가서비스 하나 해지하려고요. {addon:이요}. ## hn
A: 네 고객님, 해당 서비스 해지 도와드리겠습니다. 다른 부가서비스도 확인해 드릴까요?
C: 아 네, 안 쓰는 거 있으면 같이 빼 주세요.
A: 통화 녹음 백업 서비스가 하나 더 있는데요, 이건 유지하실까요?
C: 아 그건 제가 쓰는 거예요. 그건 그냥 두세요.""",
    """C: 소액결제 한도를 좀 올리고 싶은데요.
A: 현재 한도는 월 {small:이에요}. 얼마까지 원하세요?
C: <최대로 해 주세요|두 배로만 해 주세요>. 제가 쓰는 거 맞아요.
A: 변경 완료되었습니다. 이번 달 청구분부터 반영됩니다.""",
    """C: 요금 내는 계좌를 <어머니|남편|아내> 계좌로 바꿔 주세요. 해지하는 건 아니고요. ## hn
A: 네, 예금주 동의 문자 한 번 보내드릴게요. 동의해 주시면 바로 변경됩니다.
C: <네|아 네> 보내 주세요.""",
    """C: 청구서에 {addon} 있던데 그거 <유튜브|넷플릭스> 같은 거예요? 빼 주세요. ## hn
A: 네, 영상 구독 상품이고요, 바로 해지 처리해 드리겠습니다.
C: <네|그래요>, 이번 달 것도 빼주실 수 있어요?
A: 이번 달은 일할 계산해서 나머지는 차감해 드릴게요.""",
), hard_negative=True)

fam("ko.billing.call.agent_blames", "call", "billing", (
    """C: 이번 청구서에 {addon} 요금이 있는데 <이거 신청 안 했거든요|제가 가입한 적 없어요>.
A: 고객님, 가입하실 때 동의 버튼 누르신 건 본인이시잖아요. 그걸 왜 저희한테 따지세요? ## +agent_hostility
C: 네? 그걸 지금 저한테 하시는 말씀이에요?
A: 기록상 동의하셨으니까 환불은 안 됩니다.""",
    """C: 요금이 {amount} 나왔는데 설명을 좀 해 주세요.
A: 명세서 보시면 다 나와 있어요. 그 정도는 직접 보셔야죠. ## +agent_hostility
C: 봐도 모르니까 전화한 거잖아요.
A: 하아... 그러니까 데이터를 많이 쓰셨다고요. 쓰신 만큼 나온 거예요.""",
    """C: 할인이 빠졌길래 전화드렸어요.
A: 그거 고객님이 약정 갱신을 안 하셔서 그래요. 문자 다 갔을 텐데 안 보신 거죠? ## +agent_hostility
C: 문자 온 적 없는데요.
A: 갔어요. 고객님이 못 보신 거예요.
C?: 말투가 왜 그래요? 녹취 다 남는 거 아시죠? 이거 인터넷에 그대로 올릴게요. ## +publicity_threat""",
))

# --- cancellation ----------------------------------------------------------------------------

fam("ko.cancellation.call.retention_loop", "call", "cancellation", (
    """C: <여보세요, |네 |>{net} 해지<하려고요|하려고 전화했어요>. 약정도 끝났고요.
A: 아 네 고객님, 혹시 불편하신 점이 있으셨을까요? 요즘 휴대폰이랑 묶으시면 요금이 많이 내려가서요.
C: 아뇨, 그런 거 말고 해지만 해 주세요.
A: 지금 해지하시면 지금 받으시는 할인이 다 없어지는데요, 한 달만 더 써 보시면 {gift:을} 드릴 수 있어요.
C: <필요 없다니까요|안 받을게요>. 해지요, 해지.
A: 그럼 제가 담당 부서에 전달만 해 드리고, <내일|며칠 안에> 다시 연락드리는 걸로 할게요.
C: 아니 지금 하라고요! 제가 <세 번이나|몇 번을> 말했어요? ## ang
C?: 이 통화 <다 녹음하고 있거든요|제 폰으로 녹음 중이에요>. <유튜브에|블로그에|맘카페에> 그대로 올릴 겁니다. ## +publicity_threat""",
    """C: {net} 해지 접수 좀 하려고요.
A: 고객님, 해지 사유를 여쭤봐도 될까요?
C: <이사 가서요|다른 데가 더 싸서요|그냥 필요 없어졌어요>.
A: 그러시면 저희가 {months}개월 동안 요금을 절반으로 해 드리는 건 어떠세요?
C: 아니요. 해지해 주세요.
A: 이 혜택은 지금 통화에서만 가능한 거라서요, 가족분들이랑 상의해 보시고 다시 전화 주시겠어요?
C: 상의할 거 없어요. 지금 해지 접수해 달라고요.
A: 해지 접수는 제 쪽에서 바로는 어렵고요, 혜택부터 적용해 드릴게요.
C: 제가 언제 혜택 달라고 했어요? <기가 막히네 진짜|참 나 어이가 없어서>. ## ang
C?: 방통위에 해지 거부로 민원 넣겠습니다. 오늘 통화 녹취도 같이요. ## +regulator_threat +publicity_threat""",
    """C: 인터넷 해지요. <벌써 {nth} 전화예요|오늘만 {nth} 거는 거예요>. ## +repeat_contact ang
A: 고객님 기다리시게 해서 죄송합니다. 해지 전에 몇 가지만 안내드릴게요.
C: 안내 말고 해지요.
A: 지금 해지하시면 위약금이 {fee} 발생하시는데, 유지하시면 위약금 없이 요금도 내려 드려요.
C: 위약금 내도 된다고요. 해지해 주세요.
A: 그러면 위약금 감면 가능한지 확인해서 해지 담당이 따로 연락드릴게요.
C: 또 연락 준다고요? 지난번에도 그 말 했어요.
C?: 이거 오늘 안 되면 <커뮤니티에 녹취 올리고|기자한테 제보하고> 끝낼 거예요. ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"), team="해지방어")

fam("ko.cancellation.call.clean_cancel", "call", "cancellation", (
    """C: {net} 해지하려고요. <{region:으로} 이사 가는데 거긴 건물 인터넷이 있어서요|회사에서 지원해 주는 인터넷이 생겨서요>.
A: 네 고객님. 혹시 유지하시면 <석 달 요금 할인|{gift}> 혜택이 있는데 안내해 드릴까요?
C: 아뇨 괜찮아요. 해지로 해 주세요.
A: 네, 알겠습니다. 바로 해지 접수 도와드릴게요. 장비 회수는 {date}에 기사님이 방문하십니다.
C: 네 <감사합니다|수고하세요>.""",
    """C: 약정 끝나서요, {tv} 해지해 주세요.
A: 네, 약정 만료 확인됐고요, 위약금 없이 해지 가능합니다.
C: 셋톱박스는 어떻게 반납해요?
A: 편의점 택배로 보내시거나 기사님 방문 회수 중에 고르실 수 있어요.
C: 택배로 할게요.""",
    """C: 번호이동 하려고요. 위약금 얼마 나오는지만 알려 주세요.
A: 조회해 보니 {fee} 발생합니다. 이동하시는 통신사에서 접수하시면 자동으로 해지돼요.
C: 네 알겠어요. <거기서 처리할게요|그렇게 할게요>.""",
    """C: 어머니가 요양원에 들어가셔서 집 전화랑 인터넷 해지하려고요.
A: 네, 명의자분 확인 서류가 필요하신데요, 가족관계증명서 보내 주시면 처리해 드리겠습니다.
C: 네, 오늘 보내드릴게요.
A: 확인되는 대로 해지 완료 문자 드리겠습니다.""",
), reasons=("churn_intent",), hard_negative=True)

fam("ko.cancellation.note.defence_escalated", "note", "cancellation", (
    """고객 해지 요청 {k}번
<방어 불발|유지 설득 안 됨|유지 제안 전부 거절>
<녹음 언급|통화 녹음 중이라고 함|SNS 게시 예고> ## +publicity_threat""",
    """해지 의사 {k}차례 표명, 재연락 안내 반복
고객 강한 불만
<방통위|소비자원> 민원 예고 ## +regulator_threat ang""",
    """해지 건 방어 시도 {k}회
고객 해지 거부당했다고 항의
?: 녹취 공개하겠다고 함 ## +publicity_threat
팀장 이관""",
    """한 통화에서 해지 요청 {k}번
상담원 혜택 안내만 반복했다는 불만
?: 재인입 {k}회 ## +repeat_contact
즉시 해지 처리 요청""",
), reasons=("churn_intent", "agent_obstruction"), team="해지방어")

fam("ko.cancellation.note.routine", "note", "cancellation", (
    """서비스 종료 신청 받음
반환금 {fee} 설명
장비 수거 {date}""",
    """타사로 번호 옮길 예정
남은 약정 반환금 조회
<고객 이동 예정|타사 이동 확정>""",
    """해지 문의
{months}개월 할인 제안
고객 <수락, 유지|고민 후 재연락 예정>""",
    """해지했는데 요금 계속 나감
재문의 {k}회 ## +repeat_contact
해지일 소급 적용, 환불 접수""",
    """이사로 인한 해지
이전 설치 불가 지역 확인
해지 접수""",
), reasons=("churn_intent",), team="해지상담")

fam("ko.cancellation.email.cancel_blocked", "email", "cancellation", (
    """제목: 해지 요청이 처리되지 않는 건
안녕하세요.
{date}부터 세 차례 전화로 {net} 해지를 요청했으나 매번 담당 부서에서 연락드리겠다는 답만 듣고 처리되지 않았습니다. ## +repeat_contact
약정은 이미 끝났고 해지를 미룰 이유가 없습니다.
?: 이번 주 안에 처리되지 않으면 방송통신위원회에 민원을 넣겠습니다. ## +regulator_threat
해지 완료 여부를 메일로 회신해 주십시오.""",
    """제목: 해지 거부에 대한 항의
<안녕하세요.|담당자님께.>
해지를 요청할 때마다 상담사가 <요금 할인|사은품> 이야기로 말을 돌리고 끝내 접수를 해 주지 않았습니다.
통화 시간만 <{wait}|한 시간> 가까이 됩니다.
?: 통화 내용은 모두 녹음해 두었고, 해결되지 않으면 언론사에 제보하겠습니다. ## +publicity_threat
즉시 해지 처리를 요구합니다.""",
    """제목: 해지 신청 접수 요청
안녕하세요. 해외 이주로 {date}자로 {plan} 해지를 원합니다.
전화로 요청했더니 해지는 매장 방문만 가능하다며 두 번이나 접수를 거절당했습니다.
출국이 얼마 남지 않아 메일로 요청드리니 처리 부탁드립니다.""",
), reasons=("churn_intent", "agent_obstruction"))

fam("ko.cancellation.tweet.retention_hell", "tweet", "cancellation", (
    "인터넷 끊으려고 전화 {nth}... 해지라고만 하면 '고객님 잠시만요' 하고 딴 얘기 ㅋㅋ 해지가 무슨 방탈출이냐 ## +repeat_contact",
    "해지해달라니까 <상품권|할인> 얘기만 <20분|30분> 함 ㅋㅋㅋ 나 해지한다고;; <🤬|😤|>",
    "{net} 해지 신청 두 번 했는데 두 번 다 '담당자가 연락드린대요'로 끝남 ㅅㅂ 연락 안 옴",
    "통신사 해지방어 진심 <소름|공포> 해지 버튼은 없고 상담원은 말 돌리고 <ㅠㅠ|ㅡㅡ>",
), reasons=("churn_intent", "agent_obstruction"), reach="mixed", tags=("#해지방어", "#인터넷해지"))

fam("ko.cancellation.tweet.leaving", "tweet", "cancellation", (
    "약정 끝나는 날 <바로|칼같이> 번호이동 한다 ㅂㅂ <👋|✌️|>",
    "<알뜰폰|다른 통신사>으로 갈아타려고 위약금 계산 중 {fee}<이면|면> 그냥 내고 나간다",
    "{net} 해지 완료 ㅋㅋ 속 시원 <🎉|>",
    "이번 <장애|요금 사태> 보고 결심함 <이 통신사|여기> 약정 끝나면 <탈출|바로 해지>",
    "위약금 {fee} 내고서라도 나간다 진짜 <ㅋㅋ|ㅠㅠ|>",
), reasons=("churn_intent",), reach="mixed", tags=("#번호이동", "#해지"))

fam("ko.cancellation.chat.penalty_dispute", "chat", "cancellation", (
    """C: 해지하려는데 위약금이 {fee}<이나|라고> 나오네요. 약정 거의 다 채웠는데 이게 맞아요?
A: 확인해 보니 단말 할인 반환금과 약정 할인 반환금이 함께 계산되었습니다.
C: 그럼 {months}개월 더 쓰라는 거네요 ㅋㅋ 그래도 해지할게요
A: 네, 해지 접수 진행해 드리겠습니다.""",
    """C: 해지요 해지. 위약금 얼마예요
A: 조회 결과 {fee} 발생합니다. 해지 사유 여쭤봐도 될까요?
C: <속도가 너무 느려서요|요금이 너무 올라서요>. 그냥 처리해 주세요
A: 네 접수했습니다. 해지 완료 문자 드릴게요.""",
    """C: 해지 신청했는데 아직 처리가 안 됐다고 문자 왔어요
A: 확인해 보니 장비 반납이 확인되지 않아 보류 중입니다.
C: 반납 {day} 했는데요? 송장번호도 있어요
A: 송장번호 남겨 주시면 확인 후 바로 처리해 드리겠습니다.""",
    """C: 이사 가는 지역에 서비스가 안 된다고 해서 해지하려고요. 이런 경우도 위약금 내요?
A: 서비스 불가 지역이 확인되면 위약금 없이 해지 가능합니다.
C: 다행이네요. 그럼 해지 접수 해 주세요""",
), reasons=("churn_intent",))

fam("ko.cancellation.call.port_abuse", "call", "cancellation", (
    """C: 번호이동 한다고 했잖아. 왜 자꾸 딴소리야? ## ang
A: 고객님, 이동하시기 전에 위약금 안내를 드려야 해서요.
C: 야, 너 <머리가 나쁘냐|귀 먹었어|말귀를 못 알아먹어>? 니들 하는 짓이 사기야, 이 <멍청한|한심한> 것들아. ## +customer_abuse
A: 고객님, 계속 욕설하시면 상담을 종료할 수밖에 없습니다.
C?: 너 어느 센터야? 내가 거기 찾아가서 <가만 안 둬|확 죽여버린다>. ## vio""",
    """C: 해지해 <줘|달라고>. 이 XX들아 한 번에 좀 해 ## +customer_abuse ang
A: 고객님, 폭언은 삼가 주세요. 해지 접수 도와드리겠습니다.
C: 너 이름 뭐야? 너 내가 <꼭 잘리게 만든다|본사에 다 찌른다>. ## +customer_abuse
A: 해지 접수는 완료되었습니다. 상담 종료하겠습니다.""",
    """C: <아가씨|언니> 목소리 예쁘네. 해지하기 전에 번호나 좀 줘 봐. ## +customer_abuse
A: 고객님, 상담과 무관한 말씀은 삼가 주세요.
C: 뭘 그렇게 딱딱하게 굴어, 해지 안 할 수도 있는데? ## +customer_abuse
A: 계속 이러시면 통화가 종료됩니다. 해지 접수 원하시면 말씀해 주세요.""",
), reasons=("churn_intent", "customer_abuse"))

fam("ko.cancellation.email.press_inquiry", "email", "cancellation", (
    """제목: [취재 요청] 인터넷 해지 지연 관련 <입장 문의|사실 확인 요청>
안녕하세요, {outlet} 기자입니다.
귀사 {net} 이용자 A씨({age})는 "해지를 <다섯 번|네 차례> 요청했는데 그때마다 <혜택 안내|다른 부서 연결>만 하고 처리를 안 해줬다"고 말했습니다.
?: A씨는 "통화를 모두 녹음해 뒀다"고도 밝혔습니다. ## +publicity_threat
이에 대한 귀사의 공식 입장을 {date}까지 보내 주시기 바랍니다.""",
    """제목: 해지 방어 관행 관련 질의
안녕하세요. {outlet} 소비자팀입니다.
독자 제보에 따르면 B씨는 "약정이 끝났는데도 해지 전화를 하면 <30분|40분>씩 붙잡고 놓아주지 않는다"며 "결국 <방통위|소비자원>에 민원을 넣었다"고 전했습니다. ## +regulator_threat
해지 요청 처리 기준과 상담원 평가 지표를 밝혀 주시기 바랍니다.""",
), reasons=("churn_intent", "agent_obstruction"), reach="press", style="news")

# --- network ---------------------------------------------------------------------------------

fam("ko.network.call.outage_wfh", "call", "network", (
    """C: <아 |저기요 |>인터넷이 <아침부터|{time}부터> 아예 안 돼요. 재택 중인데 <화상회의가 다 끊겼어요|업무를 못 하고 있어요>.
A: 많이 답답하셨죠 고객님. 원격으로 회선 상태 확인해 보겠습니다.
A: 확인해 보니 {region} 일대 광케이블 작업 중에 문제가 생겨서 복구 중입니다.
C: 언제 돼요? <오늘 안에 되는 거죠?|몇 시간째인지 아세요?>
A: 복구 예정 시간은 {hours}시간 정도로 보고 있습니다.
C?: 이런 게 벌써 이번 달에만 두 번째예요. <다음에 또 이러면 통신사 바꿀 거예요|약정이고 뭐고 옮길 거예요>. ## +churn_intent ang""",
    """C: 와이파이가 계속 끊겼다 붙었다 해요. <공유기|모뎀> 껐다 켜도 똑같아요.
A: 네, 고객님 댁 회선 신호 보니까 오류가 많이 잡히네요.
C: 그러니까요. 저녁마다 그래요. 애들 온라인 수업도 못 들어요.
A: 기사님 방문해서 선로 점검해 드리는 걸로 {date} {time} 예약 잡아 드릴게요.
C: <아 네, 그날은 꼭 와 주세요|네 그때 집에 있을게요>.""",
    """C: 저 지금 <세 번째|네 번째> 전화하는 거예요. 인터넷 끊기는 거 고쳐 준다면서 기사님이 오셨다 가도 그대로예요. ## +repeat_contact ang
A: 정말 죄송합니다. 이전 처리 이력 확인해 보겠습니다.
C: 확인은 됐고요, 이번엔 확실하게 고쳐 주세요. 일을 못 하잖아요.
A: 이번엔 선로 교체까지 포함해서 상급 기사님으로 배정해 드리겠습니다.""",
    """C: {speed} 쓰는데 속도 측정하면 {measured} 나와요. 돈은 {speed} 값 다 내는데요.
A: 유선으로 연결하신 상태에서 측정하신 걸까요?
C: 네, 랜선 꽂고 쟀어요. <세 번|여러 번> 쟀는데 다 그래요.
A: 최저 보장 속도에 못 미치면 그날 요금은 감면됩니다. 측정 결과 접수해 드릴게요.
C: 감면보다 속도를 고쳐 주셔야죠.""",
))

fam("ko.network.tweet.outage_slang", "tweet", "network", (
    "{region} 인터넷 <또|오늘도> 먹통 ㅅㅂ <롤 하다가 튕김|넷플 보다가 멈춤|회의하다 나감> <😡|🤬|ㅡㅡ|>",
    "와이파이 ㅈㄴ 느림 {measured} 나오는 거 실화냐 {speed} 요금 내는데 <ㅋㅋㅋ|ㅠㅠ>",
    "<5G|LTE> 지하철에서 <아예|또> 안 터짐 ㅋㅋ 요금은 꼬박꼬박 잘 가져가면서",
    "인터넷 끊긴지 {hours}시간째 고객센터는 <연결도 안 되고|ARS만 돌리고> 이거 보상 해주나 <🙄|>",
    "<아파트 단지|동네> 전체 인터넷 나감 ㄹㅇ <단톡방 난리남|관리실도 모른대> ## ang",
    "통화 중에 <세 번|계속> 끊김 ㅋㅋ 전화기 던질 뻔 <{region}|우리 동네> 기지국 일 안 하냐",
), reach="mixed", tags=("#인터넷장애", "#와이파이", "#5G"))

fam("ko.network.ticket.slow_speed", "ticket", "network", (
    """[속도] {speed} 상품인데 실제 속도가 안 나옴
안녕하세요.
{net} {speed} 상품을 쓰고 있으나 {days}일째 실측 속도가 {measured} 수준입니다.
유선 연결, 공유기 재시작 모두 해 봤습니다.
선로 점검과 최저 보장 속도 미달분 요금 감면을 요청합니다.""",
    """[장애] 인터넷 간헐적 끊김
<안녕하세요.|안녕하십니까.>
{date}부터 하루에도 몇 번씩 인터넷이 끊겼다가 다시 연결됩니다.
<재택근무 중이라|자영업 포스기가 인터넷으로 돌아가서> 피해가 큽니다.
점검 일정 알려 주시기 바랍니다.
?: 같은 내용으로 벌써 {nth} 접수합니다. ## +repeat_contact""",
    """[품질] 실내 5G 수신 불량
{region} 자택 실내에서 5G가 잡히지 않고 LTE로만 연결됩니다.
{plan} 요금을 내고 있는데 5G를 쓰지 못하고 있습니다.
중계기 설치 가능 여부 검토 부탁드립니다.""",
    """[통화 품질] 통화 중 끊김
통화 중에 상대방 목소리가 끊기고 하루에 몇 번씩 통화가 끊어집니다.
단말기 초기화와 유심 교체를 해도 같습니다.
?: 개선되지 않으면 다른 통신사로 옮기겠습니다. ## +churn_intent
기지국 점검 부탁드립니다.""",
))

fam("ko.network.email.business_outage", "email", "network", (
    """제목: [법인] 매장 인터넷 장애 피해 보상 요청
안녕하세요. {region}에서 <카페를|음식점을|PC방을> 운영하는 법인 고객입니다.
{date} {time}부터 약 {hours}시간 동안 인터넷과 카드 단말기가 먹통이 되어 영업에 큰 피해를 입었습니다.
약관상 장애 보상 기준과 별도로 영업 손실에 대한 보상을 요청합니다.
?: 납득할 만한 답이 없으면 소송도 검토하겠습니다. ## +regulator_threat
회신 기다리겠습니다.""",
    """제목: 반복되는 인터넷 장애 관련
담당자님께.
사무실 인터넷이 이번 달에만 <세 번|네 번> 끊겼습니다.
매번 원인 설명 없이 복구만 되고 있어 재발 방지 대책을 요청드립니다.
?: 계속될 경우 계약 해지 후 타사 회선으로 바꾸겠습니다. ## +churn_intent""",
    """제목: 장애 안내 문자 관련 문의
안녕하세요. {day} 장애 복구 안내 문자를 받았습니다.
장애 시간 동안의 요금 감면이 자동으로 적용되는지, 따로 신청해야 하는지 알려 주세요.
?: 이번 장애로 손해가 좀 있었지만 언론 제보 같은 건 생각 없고 감면만 확인하고 싶습니다. ## hn""",
))

fam("ko.network.note.tech", "note", "network", (
    """속도 느림 항의
실측 {measured}
원격 점검 후 <기사 방문 예약|선로 점검 요청>""",
    """인터넷 간헐적 끊김
<모뎀|공유기> 재부팅 안내
?: 재문의 {k}회 ## +repeat_contact
기사 방문 {date}""",
    """실내 5G 미수신
{region}
중계기 설치 검토""",
    """{region} 장애 관련 인입
복구 예정 안내
고객 <격앙|불만 강함>
?: 타사 이동 언급 ## +churn_intent ang""",
    """통화 도중 자주 끊어짐
폰 초기화해도 동일
무선망 점검 의뢰""",
    """장애 보상 요청
약관 기준 감면 안내
고객 <소비자원|방통위> 민원 언급 ## +regulator_threat""",
), team="기술지원")

fam("ko.network.chat.coverage", "chat", "network", (
    """C: 집에서 5G가 안 잡혀요 LTE만 떠요
A: 번거로우셨죠. 주소 알려 주시면 해당 지역 망 상태 확인해 보겠습니다.
C: {region}<이요|요>
A: 해당 지역은 실내 5G 품질 개선 공사가 {date}에 예정되어 있습니다.
C: <그때까지 5G 요금 내라는 거예요?|그럼 그때까지는 어쩔 수 없는 거네요>""",
    """C: 와이파이 비밀번호 바꾼 뒤로 인터넷이 계속 끊겨요
A: 공유기 설정이 꼬였을 수 있어요. 초기화 방법 안내드릴게요.
C: 해봤는데 똑같아요 ㅠ
A: 원격 점검해 보니 회선 신호가 불안정하네요. 기사 방문 접수해 드리겠습니다.""",
    """C: 인터넷 너무 느려요 저녁만 되면 유튜브도 끊겨요
A: 이용 중이신 상품과 측정 속도 알려 주실 수 있을까요?
C: {speed}인데 {measured} 나와요
A: 알려 주셔서 고맙습니다. 선로 점검 요청 넣어 드렸습니다.
C?: 벌써 {nth} 문의하는 거예요. 이번엔 진짜 해결해 주세요 ## +repeat_contact""",
    """C: IPTV 화면이 자꾸 깨지고 소리만 나와요
A: 인터넷 신호가 약할 때 생기는 증상이라 원격으로 확인해 보겠습니다.
C: 네 빨리 좀 부탁드려요
A: 신호 재설정했습니다. 지금 다시 한번 확인해 보시겠어요?""",
))

fam("ko.network.call.elderly_drop", "call", "network", (
    """C: 여보세요? 아이고, 전화가 자꾸 끊어져요. 아들이랑 통화하다가도 뚝뚝 끊겨.
A: 네 어르신, 불편하셨죠. 혹시 댁 안에서만 그러세요, 밖에서도 그러세요?
C: 집에서 그래. 밖에 나가면 좀 나아.
A: 댁 주변 기지국 상태 점검 요청 드리고 결과 문자로 보내 드릴게요.
C: 문자는 잘 못 보는데... 전화로 좀 알려 줘요.""",
    """C: 네, 저 {region} 사는데요, 저희 집이 유독 전화가 안 터져요.
A: 네 고객님, 실내 수신 문제로 보입니다. 가정용 중계기 무상 설치가 가능한지 확인해 보겠습니다.
C: 그런 게 있어요? 진작 말해 주지.
A: 설치 가능 지역이라 {date}에 기사님 방문 잡아 드렸습니다.""",
    """C: 전화할 때 저쪽 목소리가 <지지직거려요|울려요>. 며칠 됐어요.
A: 단말기 문제인지 망 문제인지 확인이 필요합니다. 다른 곳에서도 그러세요?
C: 회사에서는 괜찮아요. 집에서만.
A: 그럼 댁 주변 망 점검으로 접수하겠습니다.""",
))

fam("ko.network.call.outage_publicity", "call", "network", (
    """C: 저 {region}에서 <PC방|스터디카페|무인 매장> 하는 사람인데요, 인터넷이 {hours}시간째 안 돼서 손님이 다 나갔어요. ## ang
A: 정말 죄송합니다. 현재 해당 지역 장애로 복구 중입니다.
C: 죄송하다는 말 말고요. 오늘 매출 누가 책임져요?
A: 장애 보상은 약관 기준에 따라 요금 감면으로 처리됩니다.
C: 그거 몇천 원 주고 끝내겠다는 거죠? <지역 방송국에|기자들한테> 다 제보할 거예요. ## +publicity_threat""",
    """C: 인터넷 장애 또 났네요? 이번 달만 세 번째예요. ## ang
A: 네, 폐를 끼쳐 죄송합니다. 복구 작업 중입니다.
C: <동네 카페에|맘카페에|지역 커뮤니티에> 다 올릴 거예요. 이 동네 사람들 다 알아야 돼요. ## +publicity_threat
A: 말씀 충분히 이해합니다. 복구되면 바로 문자 드리겠습니다.""",
    """C: 오늘 아침부터 인터넷 안 되는 거 아세요? 저 온라인 강의 촬영 중이었다고요. ## ang
A: 네 고객님, 해당 지역 장비 장애가 확인돼서 복구 중입니다.
C: 제가 구독자가 좀 있는데, <이 상황 영상으로 찍어서 올릴게요|방송에서 그대로 얘기할 거예요>. ## +publicity_threat
A: 최대한 빨리 복구하겠습니다. 보상 접수도 같이 해 드리겠습니다.""",
))

fam("ko.network.tweet.news_outage", "tweet", "network", (
    "[속보] {region} 일대 인터넷·IPTV {hours}시간째 먹통... 주민 A씨 \"재택근무 하다 회의가 다 날아갔다\"",
    "<{outlet}|[단독]> 통신 장애로 카드결제 멈춘 자영업자들 \"보상은 몇천 원뿐\" 분통",
    "[현장] \"전화도 인터넷도 안 돼\" {region} 통신 장애에 주민 불편... 복구 지연",
    "통신사 이번 달 {nth} 장애... 이용자 \"<약정 끝나면 떠나겠다|이번엔 못 참는다>\" 반응 잇따라",
), reach="press", style="news")

# --- device ----------------------------------------------------------------------------------

fam("ko.device.call.router_dead", "call", "device", (
    """C: <아 |저기 |>{device:이} 불이 하나도 안 들어와요. 어제 번개 치고 나서부터요.
A: 전원 어댑터가 콘센트에 제대로 꽂혀 있는지 한 번 봐 주시겠어요?
C: 네 꽂혀 있어요. 다른 콘센트에도 꽂아 봤는데 똑같아요.
A: 장비 고장으로 보여서 교체 접수해 드리겠습니다. 기사님이 새 장비 가지고 {date}에 방문하십니다.
C: 네, 빨리 좀 부탁드려요.""",
    """C: 셋톱에서 <삐 소리가 나고|화면에 오류 코드가 뜨고> 채널이 안 나와요.
A: 오류 코드 번호 불러 주시겠어요?
C: <E-201|E-504|1004>이요. 리모컨도 안 먹고요.
A: 원격으로 재설정해 봤는데 응답이 없네요. 장비 교체로 접수하겠습니다.""",
    """C: {device} 교체한 지 한 달도 안 됐는데 또 고장 났어요. ## ang
A: 정말 면목이 없습니다. 교체 이력 확인해 보겠습니다.
C: 이번이 <세 번째|네 번째> 고장이에요. 불량 제품 계속 보내시는 거 아니에요?
A: 이번에는 다른 모델로 교체해 드리도록 하겠습니다.""",
    """C: 공유기가 너무 뜨거워서 만지기가 무서워요. 타는 냄새도 살짝 나요.
A: 바로 전원을 뽑아 두시고요, 안전 점검 겸 긴급 교체로 접수해 드리겠습니다.
C: 네, 오늘 올 수 있어요?
A: 오늘 {time} 방문 가능하도록 배정하겠습니다.""",
))

fam("ko.device.ticket.phone_defect", "ticket", "device", (
    """[단말 불량] 구매 {days}일 만에 화면 불량
안녕하세요. {date}에 구입한 {phone} 화면에 <초록색 줄이|잔상이> 생겼습니다.
떨어뜨리거나 물에 닿은 적이 없습니다.
개통 후 14일 안이므로 새 제품 교환을 요청합니다.""",
    """[A/S] 배터리 급속 방전
{phone} 배터리가 완충해도 <반나절|서너 시간>을 못 갑니다.
서비스센터에서는 정상이라고 하는데 증상이 계속됩니다.
정밀 점검 또는 교환 가능 여부 확인 부탁드립니다.""",
    """[단말] 통화 녹음 기능 오류
<업데이트|소프트웨어 업데이트> 이후 {phone}에서 통화 녹음 기능이 작동하지 않습니다. ## hn
업무상 꼭 필요한 기능이라 빠른 해결 부탁드립니다.""",
    """[A/S] 수리 후 재고장
{phone} 메인보드 수리를 받은 지 {days}일 만에 같은 증상으로 전원이 꺼집니다.
?: 같은 증상으로 세 번째 접수하는 것입니다. ## +repeat_contact
?: 이번에도 해결되지 않으면 한국소비자원에 피해구제를 신청하겠습니다. ## +regulator_threat
무상 교환을 요청합니다.""",
))

fam("ko.device.tweet.settop_rant", "tweet", "device", (
    "셋톱 <또|오늘만 세번째> 재부팅 ㅋㅋㅋ 드라마 <클라이맥스에서|마지막 회에서> 꺼짐 <🙃|😤|>",
    "통신사에서 준 공유기 <개구림|진짜 별로임> 방 두 개만 건너가도 와이파이 안 잡힘",
    "{phone} 산지 <열흘|2주>만에 화면 <줄감|먹통> ㅠㅠ 교환 해주겠지..?",
    "A/S 맡긴지 {days}일째 <연락 없음|감감무소식> 폰 없이 사는 중 ㅡㅡ",
    "리모컨 <버튼 씹힘|반응 없음> 건전지 새로 넣어도 똑같음 <ㅋㅋ|ㅠ>",
), reach="mixed", tags=("#셋톱박스", "#공유기", "#AS"))

fam("ko.device.note.as", "note", "device", (
    """{device} 전원 불량
교체 접수
기사 방문 {date}""",
    """TV 박스 에러 화면
원격 리셋 안 먹힘
장비 교체 <예약|이관>""",
    """{phone} 화면 불량
개통 {days}일차
<교환 안내|대리점 교환 가능 안내>""",
    """동일 장비 고장 재인입 {k}회 ## +repeat_contact
모델 변경 교체 진행""",
    """리모컨 연결 방법 설명
<작동 확인|문제 없음 확인>""",
), team="기술지원")

fam("ko.device.chat.remote_fix", "chat", "device", (
    """C: TV 리모컨이 셋톱에 안 먹어요
A: 리모컨 뒷면 버튼을 3초 눌러 다시 연결해 보시겠어요?
C: 오 됐어요 <감사합니다|ㅎㅎ>""",
    """C: {device:이} 재부팅을 계속 반복해요
A: 전원을 뽑고 1분 뒤 다시 꽂아 보시겠어요?
C: 해봤는데 계속 그래요
A: 장비 교체가 필요해 보여 방문 접수해 드렸습니다.""",
    """C: AI 스피커가 말을 못 알아들어요. 아예 대답을 안 해요
A: 와이파이 연결 상태부터 확인해 볼게요. 스피커 불빛이 무슨 색인가요?
C: 주황색이요
A: 네트워크 재연결 방법 보내드릴게요. 안 되면 교체해 드리겠습니다.""",
    """C: 홈캠 화면이 앱에서 안 보여요
A: 앱 업데이트 후에 연결이 풀리는 경우가 있어요. 기기 재등록 방법 안내드릴게요
C: <다시 등록하니까 되네요|네 해볼게요>""",
))

fam("ko.device.email.as_delay", "email", "device", (
    """제목: A/S 지연에 대한 항의
안녕하세요.
{date}에 {phone} 수리를 맡겼는데 {days}일이 지나도록 부품이 없다는 말만 듣고 있습니다.
대체 단말도 받지 못해 업무에 지장이 큽니다.
?: 이번 주 안에 해결되지 않으면 한국소비자원에 피해구제를 신청하겠습니다. ## +regulator_threat
수리 완료 예정일을 알려 주십시오.""",
    """제목: 임대 장비 교체 요청
안녕하세요. 집에서 쓰는 {device:이} 하루에도 몇 번씩 꺼졌다 켜집니다.
임대 장비이니 무상 교체 부탁드립니다.
방문은 평일 저녁이나 주말에 가능합니다.""",
    """제목: 수리비 청구 관련
{phone} 수리 후 {price:이} 청구되었는데 보증 기간 안의 자연 고장입니다.
수리 내역서와 유상 판정 사유를 보내 주시기 바랍니다.
?: 같은 문제로 벌써 {nth} 연락드립니다. ## +repeat_contact""",
))

fam("ko.device.call.agent_blames", "call", "device", (
    """C: {phone} 산 지 일주일인데 화면에 금이 갔어요. 떨어뜨린 적 없어요.
A: 고객님, 저절로 금이 가는 폰은 없어요. 떨어뜨리셨는데 기억을 못 하시는 거겠죠. ## +agent_hostility
C: 지금 제가 거짓말한다는 거예요?
A: 아니 그냥 상식적으로 말씀드리는 거예요. 유상 수리로 접수하세요.""",
    """C: 셋톱박스가 또 고장 났어요.
A: 또요? 고객님 댁에서 이상하게 쓰시는 거 아니에요? 다른 집은 멀쩡하던데. ## +agent_hostility
C: 이상하게 쓰는 게 뭔데요? 전원 꽂아 놓고 보는 게 다예요.
A: 아무튼 이번 교체는 유상입니다.
C?: 말씀 참 이상하게 하시네요. 통화 녹음된 거 <커뮤니티에|유튜브에> 올려서 물어볼까요? ## +publicity_threat""",
    """C: 공유기 교체 좀 해 주세요. 계속 끊겨요.
A: 그건 공유기 문제가 아니라 고객님 폰이 오래돼서 그래요. 폰부터 바꾸세요. ## +agent_hostility
C: 폰 바꾼 지 반년 됐는데요?
A: 네네, 그럼 기사 보내 드릴게요. 근데 보나 마나예요.""",
))

# --- installation ----------------------------------------------------------------------------

fam("ko.installation.call.move_request", "call", "installation", (
    """C: <저 |>다음 달에 {region:으로} 이사 가는데요, 인터넷 해지 말고 그대로 옮기고 싶어서요. ## hn
A: 네 고객님, 이전 설치로 접수해 드리겠습니다. 이사 날짜가 언제세요?
C: {date:이요}. 그날 오전에 짐 들어가요.
A: 그럼 {date} 오후로 설치 기사님 배정해 드릴게요. 기존 장비는 챙겨 가시면 됩니다.""",
    """C: 이사하는데 TV랑 인터넷 새 집으로 옮겨 주세요.
A: 새 주소 말씀해 주시겠어요?
C: {region} 쪽 아파트요. <동호수는 문자로 보내드릴게요|정확한 주소는 이따 보낼게요>.
A: 확인되면 설치 가능 날짜 안내드리겠습니다. 이전 설치비는 {small} 청구됩니다.
C: 아 설치비가 있어요? 네 알겠어요.""",
    """C: 이사 가면 해지해야 되나 해서 전화했는데, 옮길 수 있으면 옮기고 싶어요. ## hn
A: 네, 새 주소가 서비스 지역이면 위약금 없이 이전 설치 가능하세요.
C: {region:이에요}.
A: 가능 지역이네요. {date} {time:으로} 예약 잡아 드릴까요?
C: 네 그렇게 해 주세요.""",
))

fam("ko.installation.call.no_show", "call", "installation", (
    """C: 오늘 {time}에 설치 기사님 오기로 했는데 <아직 안 오셨어요|연락이 없어요>. ## ang
A: 기다리시게 해서 송구합니다. 기사님 위치 확인해 보겠습니다.
C: 저 오늘 이거 때문에 <반차 냈거든요|휴가 냈어요>.
A: 확인해 보니 앞 현장 작업이 길어져 {hours}시간 정도 늦어질 것 같습니다.
C: 늦으시면 연락이라도 주셔야죠.""",
    """C: 개통 기사님이 와서 선이 안 들어온다고 그냥 가셨어요.
A: 건물 배관 문제로 추가 공사가 필요한 경우가 있습니다.
C: 그럼 언제 다시 와요? 인터넷 없이 {days}일째예요.
A: 공사팀 일정 확인 후 오늘 중으로 연락드리겠습니다.
C?: 이번이 {nth} 전화인데 매번 연락 준다고만 하시네요. ## +repeat_contact ang""",
    """C: 설치 날짜를 자꾸 미루시는데 도대체 언제 되는 거예요? ## ang
A: 해당 지역 접수가 몰려서 일정이 밀리고 있습니다. 죄송합니다.
C: 벌써 두 번 미뤘잖아요. 계약할 땐 바로 된다면서요.
C?: 이번에도 안 오면 그냥 다른 데 가입할 거예요. ## +churn_intent
A: 가장 빠른 {date:으로} 확정해 드리겠습니다.""",
))

fam("ko.installation.ticket.activation_delay", "ticket", "installation", (
    """[개통 지연] 온라인 가입 후 미개통
안녕하세요. {date}에 온라인으로 {plan} 가입 신청을 했는데 {days}일째 개통되지 않았습니다.
유심은 받았는데 서비스 없음으로만 뜹니다.
개통 처리 부탁드립니다.""",
    """[설치 문의] 설치 일정 확정 요청
{net} 신규 가입 후 설치 일정 연락을 아직 받지 못했습니다.
평일 {time} 이후나 주말 설치를 희망합니다.
확정 일정 회신 부탁드립니다.""",
    """[개통] 번호이동 개통 중 통신 두절
번호이동 신청 후 기존 통신사는 끊겼는데 새 유심은 개통되지 않아 {hours}시간째 전화가 안 됩니다.
급한 연락을 받아야 하니 빨리 처리 부탁드립니다.""",
    """[설치] 이전 설치 신청
{date}에 {region:으로} 이사합니다.
인터넷과 TV 이전 설치를 신청합니다.
?: 이사 당일 오후 설치가 가능한지 알려 주세요.""",
))

fam("ko.installation.tweet.no_show", "tweet", "installation", (
    "설치기사님 <오전에 온다더니|{time}에 온다더니> 아직도 안 옴 ㅋㅋ <연차 날림|하루 버림> <😭|🙃|>",
    "이사 온 지 {days}일째 인터넷 없음 ㅠㅠ 이전설치 <언제 해주냐|대기만 2주래>",
    "유심 받았는데 개통이 안 됨 <ㅋㅋ|;;> 폰이 그냥 벽돌",
    "인터넷 설치 기사님 <세 번째 일정 변경|또 일정 변경> ㅋㅋ 나도 시간 맞춰서 기다리는데 <ㅡㅡ|>",
    "새 집 인터넷 설치 <오늘|드디어> 잡혔다 했더니 배관 공사 필요하대서 다시 <일주일|열흘> <ㅠ|ㅋ>",
), reach="mixed", tags=("#이사", "#인터넷설치", "#개통"))

fam("ko.installation.note.schedule", "note", "installation", (
    """기사 미도착 항의
다시 방문 {date} {time}""",
    """이사 후 회선 이전 신청
새 주소 {region}
{date} 오후 희망""",
    """유심 개통 안 됨
시스템 오류로 확인
다시 개통 처리""",
    """방문 날짜 바꿔 달라고 함
{date:으로} 재배정""",
    """배관 공사 필요
공사팀 이관
?: 동일 건 재인입 {k}회 ## +repeat_contact""",
    """설치 지연 항의
고객 가입 철회 의사
<타사 설치 알아보는 중|경쟁사 가입 검토 중> ## +churn_intent""",
), team="개통설치")

fam("ko.installation.chat.reschedule", "chat", "installation", (
    """C: 설치 날짜 바꾸고 싶어요. {date:으로} 가능해요?
A: 네 확인해 볼게요. {date} {time} 가능합니다.
C: 그걸로 해 주세요""",
    """C: 내일 설치 오시는 기사님 몇 시쯤 오세요?
A: {time} 전후로 방문 예정이고, 출발하시면 문자 드립니다.
C: 네 <알겠습니다|ㅎㅎ>""",
    """C: 이사 가는데 인터넷 옮기는 거 채팅으로 신청돼요?
A: 네 가능합니다. 새 주소와 희망 날짜 남겨 주세요.
C: {region}, {date:이요}
A: 접수 완료되었습니다.""",
    """C: 설치 오실 때 공유기 위치 좀 거실로 옮겨 주실 수 있나요?
A: 네, 방문하시는 기사님께 요청 사항으로 전달해 두겠습니다.
C: 감사합니다""",
))

fam("ko.installation.email.apartment_wiring", "email", "installation", (
    """제목: 신축 아파트 인터넷 설치 불가 건
안녕하세요. {region} 신축 아파트 입주자입니다.
{date}에 설치 예약을 했는데 단지 배선 공사가 안 끝났다며 {days}일째 설치가 미뤄지고 있습니다.
?: 입주민 단톡방에서도 같은 불만이 많아 공동으로 방송통신위원회에 민원을 넣기로 했습니다. ## +regulator_threat
설치 가능 일정을 공식적으로 안내해 주시기 바랍니다.""",
    """제목: 설치 기사 방문 일정 재요청
안녕하세요.
설치 예정일에 기사님이 오지 않아 다시 예약했는데 두 번째 예약일에도 연락이 없었습니다.
이번에는 꼭 지켜질 수 있는 일정으로 다시 잡아 주세요.""",
    """제목: 이전 설치 후 TV 미연결
{date}에 이전 설치를 받았는데 인터넷만 연결되고 TV는 아직 나오지 않습니다.
기사님은 다른 팀이 와야 한다고 하셨습니다.
추가 방문 일정을 알려 주세요.""",
))

# --- agent_conduct ---------------------------------------------------------------------------

fam("ko.agent_conduct.call.report_rude", "call", "agent_conduct", (
    """C: {day} 통화한 상담원 때문에 전화드렸어요. 제가 물어보는데 <반말을 하더라고요|비웃듯이 웃더라고요>. ## +agent_hostility
A: 불편을 드려 정말 죄송합니다. 상담 일시를 알려 주시면 녹취 확인하겠습니다.
C: {time}쯤이었어요. 그 직원한테 사과 받고 싶어요.
A: 확인 후 해당 팀장이 연락드리도록 하겠습니다.""",
    """C: 설치 기사님이 집에 와서 <신발 신고 들어오고|담배 냄새 풍기면서> 제가 뭐라고 하니까 <소리를 지르셨어요|짜증을 내셨어요>. ## +agent_hostility
A: 정말 죄송합니다. 방문 일자와 주소 확인하겠습니다.
C: 무서워서 말도 못 했어요. 다음부턴 그 기사님 안 오게 해 주세요.
A: 네, 해당 기사 배정 제외하고 협력사에 조치 요청하겠습니다.""",
    """C: 지난번 상담사분이 <'그것도 모르세요?'라고 하셨어요|저보고 나이 들어서 못 알아듣는다고 하셨어요>. ## +agent_hostility
A: 그런 말씀을 들으셨다니 정말 죄송합니다.
C: 제가 전화할 때마다 그런 취급 받아야 돼요?
C?: 이거 <소비자원에|방통위에> 정식으로 신고할 거예요. ## +regulator_threat
A: 녹취 확인 후 결과를 꼭 안내드리겠습니다.""",
))

fam("ko.agent_conduct.call.live_hostile", "call", "agent_conduct", (
    """C: 제가 아까부터 물어보는 건 환불이 되냐 안 되냐예요.
A: 고객님, 제가 아까부터 말씀드렸잖아요. 안 된다고요. 왜 자꾸 같은 걸 물어보세요?
C: 설명이 이해가 안 되니까 묻는 거죠.
A: 이해를 못 하시는 건 제 문제가 아니죠. 다른 문의 없으시면 끊겠습니다.
C?: 지금 저 무시하시는 거예요? 이름 알려 주세요. 녹취 남기고 정식으로 항의할게요. ## ang""",
    """C: 기사님 방문 시간 좀 확인하려고요.
A: 아 그거 문자 가잖아요. 문자 좀 보세요.
C: 문자가 안 와서 전화한 건데요.
A: 하... 그럼 본인 폰이 문제겠죠. 제가 그걸 어떻게 알아요.
C: 지금 그걸 말씀이라고 하세요?""",
    """C: 청구서 항목 하나만 설명해 주세요.
A: 고객님, 그 정도는 앱에서 보시면 나와요. 저희가 일일이 읽어 드리는 곳이 아니에요.
C: 앱을 잘 못 써서 그래요.
A: 그럼 자녀분한테 물어보세요. 다음 고객님 기다리셔서요.
C?: 이거 <인터넷에|블로그에> 그대로 올릴게요. 사람을 이렇게 대해도 되는지. ## +publicity_threat""",
), reasons=("agent_hostility",))

fam("ko.agent_conduct.tweet.sarcasm", "tweet", "agent_conduct", (
    "고객센터 <{wait}|한 시간> 기다려서 연결됐는데 '그건 저희 부서 아니에요' 하고 <돌림|넘김> ㅋㅋ 참 친절하시네요 ㅋㅋ",
    "상담원분 <설명 너무 잘해주셔서|너무 친절하셔서> 질문 하나 하는데 <세 번|네 번> 돌려짐 ㅎㅎ 감동이다 감동 <🙃|👏>",
    "오늘도 고객센터 뺑뺑이 ㅋㅋ 이 정도면 <체험 프로그램|놀이기구>임 <ㅎㅎ|ㅋㅋ>",
    "<콜백 준다던|다시 연락 준다던> 상담원 <사흘째|일주일째> 소식 없음 ㅋㅋ 기다리는 재미가 있네요 ^^",
    "상담사가 내 말 끊고 <자기 할 말만|매뉴얼만 읽고> 끝냄 ㅋㅋ 대단한 서비스 정신 👍",
), hard_negative=True, tags=("#고객센터", "#뺑뺑이"))

fam("ko.agent_conduct.ticket.technician", "ticket", "agent_conduct", (
    """[불만] 방문 기사 태도
{date} 방문한 기사님이 설치 내내 반말을 하고 고객 탓을 했습니다. ## +agent_hostility
집 구조가 이상해서 설치가 어렵다며 한숨을 쉬고 짜증을 냈습니다.
해당 기사에 대한 조치와 사과를 요청합니다.""",
    """[불만] 매장 직원 응대
{shop}에서 요금제 변경을 문의했는데 직원이 <휴대폰만 보면서|귀찮다는 듯이> 대답했습니다.
다른 손님에게는 친절하던데 저에게만 그랬습니다.
직원 교육 부탁드립니다.""",
    """[불만] 상담원 책임 전가
요금 문제로 상담했더니 상담원이 '판매점 책임이라 저희는 모른다'며 전화를 끊었습니다.
어디에 문의해야 하는지 안내조차 없었습니다.
?: 같은 일로 {nth} 문의드립니다. ## +repeat_contact""",
    """[불만] 상담 중 비하 발언
상담원이 제 억양을 흉내 내며 '외국 분이라 이해를 못 하시네요'라고 말했습니다. ## +agent_hostility
모욕감을 느꼈습니다. 녹취 확인 후 답변 바랍니다.""",
))

fam("ko.agent_conduct.email.transfer_loop", "email", "agent_conduct", (
    """제목: 상담 연결 관련 불편 사항
안녕하세요.
문의 하나를 해결하려고 전화했는데 <세 부서|네 군데>를 옮겨 다니며 같은 설명을 반복했습니다.
부서 간 이관 시 내용을 전달해 주시면 좋겠습니다.""",
    """제목: 콜백 약속 미이행
안녕하세요. {date}에 상담사가 당일 안에 다시 연락 주겠다고 했는데 연락이 없었습니다.
약속하신 건 지켜 주시기 바랍니다.
?: 같은 약속을 받은 게 이번이 세 번째입니다. ## +repeat_contact ang""",
    """제목: 상담 종료 관련
안녕하세요. 상담 도중 제가 말하고 있는데 상담이 일방적으로 종료되었습니다.
<실수였는지|전화가 끊긴 건지> 모르겠지만 다시 연결하는 데 {wait:이} 걸렸습니다.
확인 부탁드립니다. ## dbt""",
))

fam("ko.agent_conduct.note.complaint", "note", "agent_conduct", (
    """이전 상담 직원 응대 불만
<녹취 검토 의뢰|녹취 확인 요청 접수>
<파트장 회신 예정|팀장 콜백 예정|품질팀 전달>""",
    """방문 기사 언행 항의
<반말|고객 탓|고성> 주장 ## +agent_hostility
<협력사 통보|기사 배정 제외|현장팀 조사 의뢰>""",
    """상담원 <반말|비하 발언|비꼬는 말투> 주장 ## +agent_hostility
고객 <방통위|소비자원|국민신문고> 신고 언급 ## +regulator_threat
품질팀 이관""",
    """다시 전화 준다더니 안 했다고 항의
<사과드림|사과 후 재발 방지 안내>
<담당자 직접 연락 약속|당일 회신 약속>""",
    """매장 직원 응대 불만
{shop}
<영업관리 이관|매장 관리자 통보>""",
    """<부서 이관 반복|상담 중 대기 {wait}> 불만
<사과 안내|직접 처리로 종결>""",
    """상담사 <무시하는 태도|한숨 쉬며 응대|말 끊기> 불만
<녹취 확인 후 회신 예정|코칭 요청>""",
), team="고객보호")
fam("ko.agent_conduct.chat.canned", "chat", "agent_conduct", (
    """C: 제 질문에 계속 같은 답만 복사해서 붙이시네요
A: 불편을 드려 죄송합니다. 문의하신 내용은 고객센터로 전화 주시면 자세히 안내드립니다.
C: 방금도 그 말 하셨어요 ㅋㅋ 사람 맞아요?""",
    """C: 아까 상담사님이 확인해 준다고 하고 채팅을 그냥 종료했어요
A: 불편을 드려 죄송합니다. 이전 상담 기록 확인해 보겠습니다.
C: 기다리라고 해서 {wait} 기다렸는데 그냥 나가 버리셨더라고요""",
    """C: 상담 평가 1점 줬는데 왜 줬는지 알려 드리려고요
A: 네 고객님, 의견 주셔서 감사합니다.
C: 질문하면 대답 대신 링크만 던지고 끝이에요. 그게 상담이에요?""",
))

fam("ko.agent_conduct.tweet.high_reach_hostile", "tweet", "agent_conduct", (
    "통신사 상담원이 저한테 '그것도 모르면서 왜 <스마트폰|인터넷>을 쓰세요'라고 함. 녹취 요청했습니다. <기가 막힘|어이없음>",
    "방문 기사님이 <우리 엄마한테|어르신한테> 반말하고 소리 지름. 영상 있음. 이게 서비스 맞나요? <😡|>",
    "고객센터 상담사가 제 말 듣다가 <피식 웃더니|비웃으면서> '그건 고객님 사정이고요' ㅋㅋ 녹음 다 있음",
    "상담원이 장애인 등록 얘기했더니 <말투가 바뀜|귀찮다는 티를 냄>. 다들 이런 경험 있으신가요",
), reasons=("agent_hostility",), reach="high", tags=("#고객센터",))

fam("ko.agent_conduct.tweet.news_rude", "tweet", "agent_conduct", (
    "[단독] 통신사 <설치기사|A/S 기사>, 고객에 폭언... 피해 고객 \"<집 안에서 소리를 질러 무서웠다|반말로 윽박질렀다>\"",
    "\"<나이 들어 못 알아듣는다|그것도 모르면서 폰을 쓰냐>\" 통신사 상담원 막말 논란... {outlet} 취재",
    "<고객센터|콜센터> 상담원 비하 발언 녹취 공개... 회사 측 \"<사실관계 확인 중|재발 방지 교육>\"",
    "{outlet} \"<장애인|외국인|노인> 고객 무시\" 통신사 직원 응대 논란 확산",
    "[취재] 매장 직원이 <노부부|어르신>에게 \"<그냥 사인이나 하시라|모르면 가만 계시라>\" 막말... 가족들 분통",
), reasons=("agent_hostility",), reach="press", style="news", n=24)

# --- privacy ---------------------------------------------------------------------------------

fam("ko.privacy.call.identity_theft", "call", "privacy", (
    """C: 제 명의로 휴대폰이 <두 대|한 대 더> 개통돼 있대요. 저는 그런 적 없어요.
A: 많이 놀라셨죠. 명의도용 신고 접수부터 도와드리겠습니다.
C: 그 폰으로 결제된 게 {amount}이라는데 그것도 제가 내야 돼요?
A: 도용이 확인되면 고객님께 청구되지 않습니다. 경찰서 사건 접수증을 같이 제출해 주세요.""",
    """C: 청구서에 처음 보는 회선 요금이 {amount} 찍혀 있어요. 누가 제 이름으로 가입한 것 같아요. ## hn
A: 확인해 보니 {date}에 {shop}에서 개통된 회선이네요.
C: 저 거기 가 본 적도 없어요.
A: 명의도용 의심 건으로 해당 회선 즉시 정지하고 조사 요청하겠습니다.""",
    """C: 제가 하지도 않은 소액결제가 {small}씩 <세 번|몇 번> 빠져나갔어요. ## hn
A: 결제 내역 확인해 보니 게임 아이템 결제로 나오네요.
C: 저 게임 안 해요. 인증 문자도 받은 적 없고요.
A: 부정 결제로 신고 접수하고, 결제 차단 설정도 해 드리겠습니다.
C?: 이거 해결 안 되면 <금감원에|경찰이랑 방통위에> 다 신고할 거예요. ## +regulator_threat""",
    """C: 유심이 갑자기 먹통이 되더니 은행 앱에서 인증 문자가 왔어요. 해킹당한 것 같아요.
A: 바로 회선 일시 정지하고 유심 재발급 진행하겠습니다. 가까운 매장 방문 가능하세요?
C: 지금 바로 갈게요. 계좌는 괜찮은 거죠?
A: 은행에도 지금 바로 지급 정지 요청하시는 게 안전합니다.""",
))

fam("ko.privacy.email.unauthorised", "email", "privacy", (
    """제목: 명의도용 회선 해지 및 요금 취소 요청
안녕하세요.
{month} 청구서에 제가 개통하지 않은 회선 요금 {amount:이} 포함되어 있었습니다. ## hn
확인해 보니 {date}에 타인이 제 명의로 개통한 것으로 보입니다.
해당 회선의 즉시 해지와 청구 취소를 요청합니다.""",
    """제목: 부정 결제 피해 신고
안녕하세요. 제 휴대폰 번호로 본인도 모르는 결제가 {amount} 발생했습니다.
결제 인증 문자를 받은 적이 없습니다.
결제 경위와 피해 구제 절차를 안내해 주십시오.
?: 원만히 해결되지 않으면 금융감독원에 민원을 제기할 예정입니다. ## +regulator_threat""",
    """제목: 개인정보 유출 여부 확인 요청
귀사 해킹 사고 관련 보도를 보았습니다.
제 개인정보가 유출 대상에 포함되었는지, 어떤 항목이 유출되었는지 확인 부탁드립니다.
?: 유출이 확인되면 집단소송에 참여할 생각입니다. ## +regulator_threat""",
))

fam("ko.privacy.tweet.leak", "tweet", "privacy", (
    "<통신사 해킹|개인정보 유출> 문자 받았다 ㅋㅋ 내 정보 <어디까지 털린 거임|또 털림> <😱|ㄷㄷ|>",
    "모르는 번호로 내 명의 폰 개통됐다는 문자 옴 ㄷㄷ 명의도용 진짜 <소름|무섭다>",
    "하루에 스팸 문자 <스무 통|삼십 통> 넘게 옴 ㅅㅂ 번호 어디서 팔린 거냐",
    "유심 <해킹|복제> 뉴스 보고 <바로 유심 바꾸러 감|유심보호 가입함> 대리점 줄 <미쳤음|개길어>",
    "<인증번호|본인확인> 문자가 새벽에 계속 옴 누가 내 <계정으로|번호로> 뭐 하려는 듯 <ㄷㄷ|;;>",
), reach="mixed", tags=("#개인정보유출", "#명의도용", "#스팸"))

fam("ko.privacy.chat.spam_block", "chat", "privacy", (
    """C: 광고 문자가 너무 많이 와요. 차단 좀 해 주세요
A: 스팸 차단 서비스 무료로 가입해 드릴게요. 특정 번호도 따로 막을 수 있어요
C: 네 다 막아 주세요""",
    """C: {day}부터 대출 광고 전화가 하루에 열 통씩 와요. 제 번호가 어디서 샌 건지 궁금해요
A: 번호 유출 경로는 저희가 확인하기 어렵지만, 스팸 차단 부가서비스 무료 적용해 드리겠습니다
C: 그럼 개인정보 침해 신고는 어디다 해요? ## dbt""",
    """C: 제 이름이랑 주소까지 아는 사람한테서 택배 사기 문자가 왔어요
A: 많이 놀라셨겠어요. 해당 번호 차단하고 불법 스팸 신고 접수해 드리겠습니다
C: 제 정보가 통신사에서 나간 건 아니죠?""",
    """C: 본인인증 문자가 계속 와요 제가 요청한 적 없는데
A: 누군가 고객님 번호로 인증을 시도한 걸 수 있어요. 명의도용 방지 서비스 가입을 권해 드립니다
C: 그거 해 주세요. 비밀번호도 바꿔야겠네요""",
))

fam("ko.privacy.note.theft", "note", "privacy", (
    """본인 미개통 회선 신고
해당 회선 정지
경찰서 접수 방법 설명""",
    """부정 소액결제 {small} 신고
결제 차단 설정""",
    """유출 사고 해당 여부 질문
<비대상|대상자> 확인 후 설명""",
    """광고 문자 과다 수신 불만
무료 차단 기능 켜 드림""",
    """유심 해킹 의심
회선 일시정지
유심 재발급 안내
고객 <금감원|방통위> 신고 예정 ## +regulator_threat""",
), team="고객보호")

fam("ko.privacy.ticket.leak_regulator", "ticket", "privacy", (
    """[개인정보] 유출 통지 관련 항의
유출 안내 문자 한 통이 전부이고 어떤 정보가 나갔는지 설명이 없습니다.
<개인정보보호위원회에 신고했으며|개인정보 분쟁조정위원회에 조정을 신청했으며> 답변 내용에 따라 <소송도 진행하겠습니다|법적 대응을 하겠습니다>. ## +regulator_threat
유출 항목과 보상 방안을 서면으로 알려 주십시오.""",
    """[개인정보] 타인에게 내 정보 안내
{day} 제 <가족|지인>이라고 주장한 사람에게 상담원이 제 <주소와 요금 내역|연락처와 가입 상품>을 알려 줬다고 들었습니다.
본인 확인을 어떤 절차로 했는지 밝혀 주시기 바랍니다.
?: 이 건은 방송통신위원회에도 신고할 예정입니다. ## +regulator_threat""",
    """[개인정보] 마케팅 수신 동의 철회
동의한 적 없는 <마케팅 문자|광고 전화>가 계속 <옵니다|걸려 옵니다>.
수신 동의를 철회하고, 제 정보가 제휴사에 넘어갔는지 확인해 주세요.""",
    """[개인정보] 해지 후 정보 파기 요청
{date}에 해지했습니다. 보관 중인 제 개인정보를 <파기해 주시고|삭제해 주시고> 처리 결과를 알려 주세요.""",
    """[개인정보] 유심 해킹 피해 의심
{day} 갑자기 <폰이 먹통이 되고|서비스 없음이 뜨고> 은행 인증 문자가 왔습니다.
유심 복제 여부 확인과 피해 보상 기준을 알려 주십시오.""",
))
fam("ko.privacy.email.press", "email", "privacy", (
    """제목: [취재] 명의도용 개통 피해 관련 문의
안녕하세요, {outlet} 기자입니다.
피해자 C씨({age})는 "저도 모르는 휴대폰 <두 대가|세 대가> 제 이름으로 개통돼 {amount:이} 청구됐다"며 "대리점은 책임이 없다는 말만 한다"고 말했습니다.
본인 확인 절차와 피해 구제 방안에 대한 입장을 부탁드립니다.""",
    """제목: 개인정보 유출 사고 관련 질의
{outlet} 사회부입니다.
독자 D씨는 "유출 문자 이후 스미싱 문자가 쏟아진다"며 "회사 설명은 없었다"고 했습니다.
?: D씨는 "다른 피해자들과 함께 소송을 준비하고 있다"고 밝혔습니다. ## +regulator_threat
유출 규모와 대응 계획을 알려 주시기 바랍니다.""",
), reach="press", style="news")

# --- sales_contract --------------------------------------------------------------------------

fam("ko.sales_contract.call.gift_missing", "call", "sales_contract", (
    """C: {shop}에서 가입할 때 {gift} 준다고 했는데 <두 달|석 달> 지나도 안 와요.
A: 판매점에서 약속한 사은품은 판매점과 확인이 필요합니다.
C: 판매점은 본사에 물어보라는데요? 서로 미루시면 어떡해요.
A: 가입 매장에 확인 요청해서 {days}일 안에 결과 안내드리겠습니다.""",
    """C: 공짜폰이라고 해서 {phone} 받았는데 청구서에 할부금이 {small}씩 나와요.
A: 확인해 보니 할부 {months}개월로 가입되어 있습니다.
C: 그럼 판매점에서 거짓말한 거네요. 계약서에 공짜라고 써 있는 거 사진도 있어요.
A: 사진 보내 주시면 불완전 판매 건으로 조사 요청하겠습니다.
C?: 이거 해결 안 되면 <방통위에|소비자원에> 신고합니다. ## +regulator_threat""",
    """C: 가입할 때 {addon} 석 달만 쓰고 해지하면 된다고 했는데 해지가 안 된대요.
A: 해당 부가서비스는 의무 사용 기간이 {months}개월로 되어 있습니다.
C: 그런 설명은 하나도 못 들었어요. 들었으면 가입 안 했죠.
A: 가입 당시 녹취를 확인해 보겠습니다.""",
))

fam("ko.sales_contract.ticket.elderly_misselling", "ticket", "sales_contract", (
    """[불완전판매] 고령 부모님 가입 건
<70대|80대> 어머니가 {shop}에서 {plan:으로} 바꾸고 태블릿까지 개통하셨습니다.
어머니는 태블릿을 쓰지도 않으시고 요금이 두 배로 늘었습니다.
설명 없이 가입시킨 불완전 판매로 보이니 계약 철회를 요청합니다.
?: 받아들여지지 않으면 한국소비자원에 분쟁조정을 신청하겠습니다. ## +regulator_threat""",
    """[계약 조건] 약정 기간 상이
가입 때 2년 약정이라고 들었는데 계약서에는 3년 약정으로 되어 있습니다.
계약 내용 정정을 요청합니다.""",
    """[부당 영업] 동의 없는 요금제 변경
판매점 직원이 <제 동의 없이|서명만 받아 가고> 요금제를 비싼 것으로 바꿨습니다.
원래 요금제로 돌려놓고 차액 환불을 요청합니다.""",
    """[가입 문의] 신규 가입 신청
{plan:으로} 신규 가입하고 싶습니다. ## hn
가입 가능한 사은품과 약정 조건을 안내해 주시고 가입 절차 진행 부탁드립니다.""",
))

fam("ko.sales_contract.tweet.hogaeng", "tweet", "sales_contract", (
    "<성지|폰 싸게 파는 곳>라고 해서 갔다가 <호갱됨|호구 잡힘> ㅠㅠ 사은품 준다더니 연락 끊김",
    "판매점에서 공짜라며 ㅋㅋ 청구서 보니 할부 {months}개월 <실화|레전드>",
    "텔레마케팅 전화로 요금 싸게 해준다길래 바꿨더니 <더 비싸짐|오히려 올라감> ㅡㅡ",
    "부모님 폰 바꾸러 따라갔는데 직원이 <필요도 없는 태블릿|비싼 요금제> 끼워팔기 <ㄷㄷ|ㅡㅡ> 안 따라갔으면 큰일날 뻔",
    "가입할 때 말이랑 계약서가 다름 ㅋㅋ 녹음 안 해둔 내 잘못이지 <ㅠ|> ## hn",
), reach="mixed", tags=("#호갱", "#불완전판매"))

fam("ko.sales_contract.note.sales", "note", "sales_contract", (
    """가입 선물 못 받았다고 함
{shop}
<판매 채널 담당 전달|영업관리 확인 의뢰>""",
    """약정 개월 수가 안내와 다르다고 주장
<가입 당시 녹취 청구|계약서 사본 발송>""",
    """텔레마케팅 가입 건 불완전판매 소지
<철회 가능 여부 검토|TM 업체 조사 의뢰>""",
    """부가상품 동의 없이 가입됐다고 함
해지·환불 가능 여부 검토
?: 고객 <소비자원|방통위> 신고 언급 ## +regulator_threat""",
    """<고령 고객|70대 고객> 요금제 변경 민원
<자녀 대리 항의|보호자 동행 항의>
<원복 요청|이전 요금제 복구 검토>""",
    """공시지원금/선택약정 <오안내|설명 누락> 주장
<변경 가능 여부 확인 중|차액 보전 검토>""",
    """판매점 <현금 지원|상품권> 약속 미이행
<판매점 연락 두절|판매점 폐업 확인>
본사 구제 검토""",
), team="영업관리", n=24)
fam("ko.sales_contract.chat.terms", "chat", "sales_contract", (
    """C: 가입할 때 받은 설명이랑 계약서 내용이 달라요
A: 어떤 부분이 다르신지 말씀해 주시겠어요?
C: 선택약정 할인이라고 했는데 공시지원금으로 가입돼 있어요
A: 가입 정보 확인 후 변경 가능 여부 안내드리겠습니다""",
    """C: 인터넷 가입하면서 현금 {small} 준다고 했는데 아직 못 받았어요
A: 지급 조건 확인해 볼게요. 가입 후 {months}개월 유지 조건이 있습니다
C: 그런 조건 얘기는 없었는데요""",
    """C: 판매점에서 무조건 {addon} 넣어야 한다고 해서 넣었는데 이거 원래 그래요?
A: 부가서비스 가입은 필수가 아닙니다. 지금 해지 도와드릴게요
C: 그럼 속은 거네요;;""",
    """C: 인터넷 신규 가입하려고요 ## hn
A: 네, 주소와 희망 상품 알려 주시면 가입 상담 도와드릴게요
C: {net:으로} 할게요. 사은품도 있죠?
A: 네, 가입 조건에 따라 상품권이 지급됩니다""",
))

fam("ko.sales_contract.email.tm_sales", "email", "sales_contract", (
    """제목: 텔레마케팅 부당 영업 신고
안녕하세요.
{date}에 귀사 협력업체라는 곳에서 전화가 와 '요금이 내려간다'며 요금제 변경을 권유했습니다.
변경 후 요금이 오히려 {small} 올랐고, 통화 녹음을 요청하니 거절당했습니다.
?: 녹음해 둔 통화 파일이 있으니 해결되지 않으면 온라인 커뮤니티와 언론에 공개하겠습니다. ## +publicity_threat
원상 복구와 차액 환불을 요청합니다.""",
    """제목: 가입 조건 불이행
안녕하세요. {shop}에서 인터넷과 TV를 결합 가입하면서 {gift:을} 약속받았습니다.
가입 후 {months}개월이 지났지만 지급되지 않았습니다.
약속 이행 여부를 확인해 주시기 바랍니다.""",
))

fam("ko.sales_contract.tweet.news", "tweet", "sales_contract", (
    "[기자수첩] '공짜폰'의 함정... 할부금 청구서 받은 E씨 \"판매점 말만 믿었다\"",
    "<고령층|장애인> 노린 통신 불완전판매 기승... 피해자 \"<태블릿까지 끼워 팔았다|요금제를 몰래 바꿨다>\" <{outlet}|>",
    "\"사은품 준다더니 <폐업|연락 두절>\" 휴대폰 판매점 먹튀 피해 잇따라",
    "{outlet} 텔레마케팅 '요금 인하' 권유 믿었다가... \"<오히려 {small} 올랐다|위약금만 물었다>\"",
    "[이슈] 약정 <2년|24개월>이라더니 계약서엔 <3년|36개월>... 대리점 설명 논란",
), reach="press", style="news")

# --- delivery_refund (commerce) --------------------------------------------------------------

fam("ko.delivery_refund.call.refund_delay", "call", "delivery_refund", (
    """C: {mall}에서 {item} 반품했는데 환불이 아직 안 들어왔어요. 보낸 지 {days}일 됐어요.
A: 주문번호 불러 주시겠어요?
C: {order:이요}.
A: 확인해 보니 물류센터에 입고는 됐고 검수 대기 중입니다. 검수 끝나면 사흘 안에 환불됩니다.
C: 검수가 왜 이렇게 오래 걸려요?""",
    """C: 저 환불 건으로 {nth} 전화드리는 거예요. 매번 기다리라고만 하시네요. ## +repeat_contact ang
A: 기다리게 해 드려 정말 송구합니다.
C: {refund}<이에요|예요>, 적은 돈 아니에요. 오늘 안 되면 카드사에 이의 신청할 거예요.
A: 오늘 중으로 환불 처리되도록 정산팀에 긴급 요청하겠습니다.""",
    """C: 주문 취소했는데 카드 결제가 그대로 있어요.
A: 취소는 접수됐고, 카드사 반영까지 영업일 기준 3~5일 걸립니다.
C: 아 그래요? 그럼 다음 주까지 기다려 볼게요.""",
    """C: <아 |>택배 조회하면 배송 완료라고 나오는데 {item:을} 못 받았어요.
A: {courier}에 배송 사진 확인 요청해 보겠습니다.
C: 경비실에도 없고 문 앞에도 없었어요.
A: 분실로 확인되면 재발송이나 환불 중에 선택하실 수 있습니다.""",
))

fam("ko.delivery_refund.chat.wrong_item", "chat", "delivery_refund", (
    """C: 주문한 거랑 다른 {item:이} 왔어요 <색상도 달라요|사이즈도 다르고요>
A: 번거롭게 해 드려 죄송합니다. 사진 한 장 보내 주시면 바로 교환 접수해 드릴게요
C: 보냈어요
A: 확인했습니다. 내일 회수 기사님 방문하시고 새 상품은 바로 발송됩니다""",
    """C: {item} 박스가 다 찢어져서 왔고 제품에 <흠집|찍힘>이 있어요
A: 파손 상품으로 교환이나 환불 가능합니다. 어떤 걸로 도와드릴까요?
C: 환불해 주세요
A: 회수 후 환불 처리하겠습니다""",
    """C: 배송이 {days}일째 '상품 준비 중'이에요
A: 해당 상품이 입고 지연 중입니다. 기다리시거나 주문 취소 가능하세요
C: <그냥 취소해 주세요|며칠 더 기다려 볼게요>""",
    """C: 반품 신청한 {item} 회수하러 언제 와요?
A: {date}에 {courier}에서 방문 예정입니다
C: 네 문 앞에 둘게요""",
))

fam("ko.delivery_refund.tweet.slang", "tweet", "delivery_refund", (
    "{mall}에서 산 {item} 배송 <{days}일째|일주일째> 감감무소식 ㅋㅋ 택배 조회하면 '집하 예정'만 <뜸|떠있음>",
    "반품 보낸 지 <2주|열흘>째 환불 소식 없음 ㅡㅡ 고객센터는 <챗봇만|자동응답만> 돌고 <😤|>",
    "배송완료 떴는데 {item} <어디감|없음> ㅋㅋㅋ <옆집 가있나|누가 가져갔나> <😱|>",
    "교환 신청했는데 회수를 <안 와|세 번째 미룸> ㄹㅇ 이러다 내가 택배기사 되겠다",
    "<라방|라이브 방송>에서 산 {item} 완전 다른 물건 옴 ㅋㅋ 환불 <해주겠지|해줄까>",
), reach="mixed", tags=("#배송지연", "#환불", "#반품"))

fam("ko.delivery_refund.email.refund_obstruct", "email", "delivery_refund", (
    """제목: 환불 거부에 대한 재항의
안녕하세요.
{date}에 단순 변심이 아닌 제품 불량으로 {item} 환불을 요청했으나 상담원이 세 차례나 '교환만 가능하다'며 환불 접수를 거부했습니다.
전자상거래법상 청약 철회 기간 안이고 불량 사진도 보냈습니다.
?: 환불이 계속 거부되면 한국소비자원과 공정거래위원회에 신고하겠습니다. ## +regulator_threat
환불 처리와 함께 거부 사유를 서면으로 회신해 주십시오.""",
    """제목: 환불 요청이 계속 반려되는 건
환불을 신청할 때마다 '담당 부서 확인 중'이라며 반려되고, 문의하면 다시 신청하라는 말만 반복됩니다.
이번이 {nth} 신청입니다. ## +repeat_contact
?: 통화 내용은 모두 녹음해 두었으니 해결이 안 되면 공개하겠습니다. ## +publicity_threat
{refund} 환불을 즉시 처리해 주십시오.""",
), reasons=("agent_obstruction",))

fam("ko.delivery_refund.call.refund_loop", "call", "delivery_refund", (
    """C: {item} 불량이라 환불 신청하려고요.
A: 고객님, 그 상품은 교환으로 먼저 진행하시는 게 원칙이라서요.
C: 교환 말고 환불이요. 불량이잖아요.
A: 환불은 제 권한으로는 어렵고요, 교환 접수부터 해 드릴게요.
C: 아니 환불해 달라니까요? 몇 번을 말해요. ## ang
A: 교환 후에도 불량이면 그때 환불 가능합니다.
C?: 이 통화 녹음했어요. <블로그에|리뷰에|카페에> 전부 올릴 거예요. ## +publicity_threat""",
    """C: 취소 요청했는데 왜 계속 출고를 하세요?
A: 이미 출고 준비 단계라 취소가 안 됩니다. 받으신 후 반품하세요.
C: 어제 취소 눌렀을 땐 준비 중이었어요. 지금 취소해 주세요.
A: 시스템상 불가합니다. 반품으로 진행하셔야 해요.
C: 반품비는 누가 내요? 제가 제때 취소했는데요.
A: 그건 규정상 고객님 부담입니다.
C?: <소비자원에|공정위에> 물어볼게요. 이거 신고할 거예요. ## +regulator_threat""",
), reasons=("agent_obstruction",))

fam("ko.delivery_refund.ticket.damaged", "ticket", "delivery_refund", (
    """[교환 요청] 파손 상품 수령
{date}에 받은 {item:이} 파손된 상태로 도착했습니다. ({order})
사진 첨부하니 교환 부탁드립니다.""",
    """[환불 지연] 반품 완료 후 미환불
반품 상품이 {date}에 회수되었으나 {days}일이 지나도록 {refund:이} 환불되지 않았습니다.
환불 예정일을 알려 주십시오.""",
    """[배송] 오배송
주문한 것과 다른 상품이 배송되었습니다. 주문번호 {order}.
올바른 상품으로 다시 보내 주시고 잘못 온 상품 회수 일정을 알려 주세요.""",
    """[배송 지연] 출고 지연 문의
<사전 예약한|주문한> {item:이} 안내받은 날짜보다 {days}일째 늦어지고 있습니다.
정확한 출고일을 알려 주세요.
?: 더 늦어지면 주문을 취소하겠습니다.""",
))

fam("ko.delivery_refund.note.ops", "note", "delivery_refund", (
    """반품 후 환불 미입금
정산 담당 확인 의뢰""",
    """파손품 교환 건 접수
수거 일정 {date}""",
    """다른 상품 받았다고 함
{courier} 배송 기록 조회""",
    """환불 지연 재인입 {k}회 ## +repeat_contact
정산팀 긴급 요청""",
    """배송 늦어짐 문의
출고일 알려 드림""",
    """환불 거부 항의
고객 <소비자원|공정위> 신고 예고 ## +regulator_threat""",
), team="커머스CS")

fam("ko.delivery_refund.chat.return_request", "chat", "delivery_refund", (
    """C: {item} 반품하고 싶어요. 생각보다 <크네요|색이 달라서요>
A: 단순 변심 반품은 왕복 배송비가 차감됩니다. 진행할까요?
C: 네 해 주세요""",
    """C: 사이즈 교환 돼요? {item} 한 치수 큰 걸로요
A: 네, 교환 신청 도와드릴게요. 회수 후 새 상품 보내 드립니다
C: <감사해요|ㅎㅎ 네>""",
    """C: 주문 취소해 주세요. 실수로 두 번 주문했어요
A: 중복 주문 한 건 취소해 드렸습니다. 결제도 자동 취소됩니다
C: 네 감사합니다""",
), hard_negative=True)

# --- inquiry ---------------------------------------------------------------------------------

fam("ko.inquiry.call.plan_recommend", "call", "inquiry", (
    """C: 요금제 좀 여쭤보려고요. 제가 <데이터는 별로 안 쓰고 통화만 많이 해서요|유튜브를 많이 봐서 데이터가 많이 필요해요>.
A: 네, 한 달에 데이터 얼마나 쓰시는지 조회해 볼게요.
A: 평균 사용량 기준으로는 {plan:이} 가장 알맞아 보이세요.
C: 아 그래요? 그럼 생각해 보고 다시 연락드릴게요.""",
    """C: 가족끼리 묶으면 할인이 얼마나 돼요? 저희 <네|세|다섯> 식구예요.
A: 가족 결합하시면 인원수에 따라 월 최대 {small:이} 할인됩니다.
C: 인터넷도 같이 묶을 수 있어요?
A: 네, 인터넷까지 묶으시면 할인이 더 커집니다.""",
    """C: 다음 달에 {country} 가는데 로밍은 어떻게 하는 게 제일 싸요?
A: 머무시는 기간이 어떻게 되세요?
C: <닷새|일주일|열흘> 정도요.
A: 그러면 기간형 로밍 상품이 유리하세요. 앱에서 출국 전에 신청하시면 됩니다.""",
    """C: 청소년 요금제는 몇 살까지 쓸 수 있어요? 애가 이번에 고등학교 올라가서요.
A: 만 18세까지 가입 가능하시고, 성인이 되면 일반 요금제로 자동 전환됩니다.
C: 아 네, 알겠습니다.""",
))

fam("ko.inquiry.chat.app_howto", "chat", "inquiry", (
    """C: 앱에서 남은 데이터 어디서 봐요?
A: 앱 첫 화면 위쪽에 '내 사용량'을 누르시면 확인하실 수 있어요
C: 아 찾았어요 <감사해요|ㅎㅎ>""",
    """C: 멤버십 포인트로 영화 예매 돼요?
A: 네, 제휴 영화관에서 할인 예매 가능합니다
C: 한 달에 몇 번까지 돼요?
A: 월 2회까지 가능합니다""",
    """C: 데이터 선물하기는 어떻게 해요? <딸|아들|친구>한테 보내 주려고요
A: 앱 메뉴에서 '데이터 선물'을 누르고 번호를 입력하시면 됩니다
C: 오케이 해볼게요""",
    """C: 약정 언제 끝나는지 알 수 있을까요?
A: 고객님 약정은 {date}에 만료 예정입니다
C: 네 확인 감사합니다""",
    """C: 가까운 직영점 몇 시까지 해요? {region} 쪽이요
A: 해당 매장은 평일 저녁 8시, 주말은 6시까지 운영합니다
C: 토요일에 가 볼게요""",
))

fam("ko.inquiry.tweet.question", "tweet", "inquiry", (
    "{country} <여행|출장> 앞두고 고민 중 ㅠ 로밍 패스 살까 공항에서 유심 살까 <경험담 좀|알려주실 분>",
    "요금제 추천 좀요 <데이터 많이 씀|통화 거의 안 함> 한 달 {base} 안쪽으로",
    "<통신사 멤버십|멤버십 포인트> 어디에 쓰는 게 제일 이득임?",
    "인터넷 약정 끝나면 <재약정이 나아|갈아타는 게 나아>? 고수분들 <ㄱㄱ|답 좀>",
    "<아이패드|태블릿> 데이터 쉐어링 되는 요금제 뭐 있어요?",
), reach="mixed", hard_negative=True)

fam("ko.inquiry.email.consumer_blog", "email", "inquiry", (
    """제목: <위약금 계산 기준 문의|위약금 관련 질문>
안녕하세요.
<한국소비자원 공식 블로그|소비자원 홈페이지|소비자원 카드뉴스>에서 통신 위약금 관련 글을 보고 궁금한 점이 생겨 문의드립니다. ## hn
약정 기간 중간에 <요금제를 바꾸면|단말기를 바꾸면|명의를 바꾸면> 위약금 계산이 어떻게 달라지는지 알고 싶습니다.
<회신 기다리겠습니다.|답변 주시면 감사하겠습니다.>""",
    """제목: 장애 보상 기준 문의
안녕하세요. <방송통신위원회 보도자료|방통위 발표 기사|뉴스>에서 통신 장애 보상 기준이 바뀐다는 내용을 봤습니다. ## hn
바뀐 기준이 언제부터 적용되는지, <제 요금제도|인터넷 상품도|{plan}도> 해당되는지 궁금합니다.""",
    """제목: 소비자분쟁해결기준 관련 질문
안녕하세요. 소비자분쟁해결기준상 <단말기 불량 교환 기간이|인터넷 품질 미달 시 해지 기준이|A/S 부품 보유 기간이> 어떻게 되는지 문의드립니다. ## hn
지금 문제가 있는 건 아니고, <새 폰을 사기 전에|가입 전에|참고로> 알아 두려고 합니다.""",
    """제목: 해외 체류 시 일시정지 문의
안녕하세요. {months}개월간 <해외 체류|어학연수|해외 파견> 예정입니다.
그동안 회선을 일시정지할 수 있는지, 요금은 얼마인지 알려 주시기 바랍니다.""",
    """제목: 국민신문고 답변 내용 관련 문의
안녕하세요. 예전에 국민신문고에서 본 통신 요금 감면 제도 답변 글을 보고 여쭙습니다. ## hn
<기초연금 수급자|장애인|국가유공자> 요금 감면은 어떻게 신청하나요?""",
))
fam("ko.inquiry.chat.recording_phone", "chat", "inquiry", (
    """C: 통화 녹음 기능 있는 폰 추천해 주세요 ## hn
A: 안드로이드 단말은 대부분 기본 통화 녹음 기능이 있어요. {phone} 많이 찾으세요
C: 아이폰은 안 돼요?
A: 아이폰도 최신 버전에서는 통화 녹음이 지원됩니다""",
    """C: 통화 녹음 파일은 어디에 저장돼요? 중요한 통화가 있어서요 ## hn
A: 단말 기본 앱 설정에서 저장 위치를 보실 수 있어요
C: 찾아볼게요 감사합니다""",
    """C: 유튜브 프리미엄 묶음 상품 있어요? ## hn
A: 네, {plan}에 유튜브 프리미엄을 묶어서 쓰실 수 있어요
C: 가격은요?
A: 월 {small} 추가입니다""",
    """C: 기자 회견 생중계 보려면 데이터 많이 드나요? ㅎㅎ 회사에서 틀어놓으래서요 ## hn
A: 고화질 영상 1시간에 약 1.5GB 정도 사용됩니다
C: 와이파이로 봐야겠네요""",
), hard_negative=True)

fam("ko.inquiry.call.penalty_question", "call", "inquiry", (
    """C: 혹시 지금 해지하면 위약금이 얼마나 나오는지 알 수 있을까요? 해지할 생각은 아직 없고요, 그냥 궁금해서요. ## hn
A: 네, 지금 기준으로는 {fee} 정도 발생합니다.
C: 아 생각보다 많네요. 알겠습니다.""",
    """C: 약정이 몇 개월 남았는지 궁금해서요.
A: 고객님 약정은 {months}개월 남으셨어요.
C: 그럼 그때 끝나면 요금이 올라가나요?
A: 약정 할인이 끝나면 기본 요금으로 바뀌고, 재약정하시면 다시 할인됩니다.""",
    """C: 번호이동 하면 멤버십 등급은 어떻게 돼요? 옮기겠다는 건 아니고요. ## hn
A: 다른 통신사로 이동하시면 저희 멤버십은 소멸됩니다.
C: 아 그렇구나. 네, 참고할게요.""",
    """C: 인터넷 속도 1기가랑 500메가 차이가 커요? 바꿀까 고민 중이라서요.
A: 여러 기기를 동시에 쓰시면 1기가가 체감 차이가 있으세요.
C: 가격 차이는요?
A: 월 {small} 정도 차이 납니다.""",
))

fam("ko.inquiry.note.info", "note", "inquiry", (
    """요금제 비교 상담
변경 안 하기로 함""",
    """{country} 출국 예정
로밍 상품 비교 설명""",
    """가까운 매장 운영 시간 문의
응대 완료""",
    """가족 묶음 할인 조건 설명
가입은 보류""",
    """멤버십 혜택 문의
사용처 안내""",
    """약정 만료일 안내
{date}""",
), team="일반상담")

fam("ko.inquiry.ticket.howto", "ticket", "inquiry", (
    """[문의] 법인 회선 명의 변경 절차
법인 대표 변경에 따라 회선 명의 변경 절차와 필요 서류를 알고 싶습니다.""",
    """[문의] 해외 로밍 요금제
{country} <출장|여행|연수> 시 쓸 수 있는 로밍 요금제 종류와 하루 요금을 알려 주세요.""",
    """[문의] 시니어 요금제 가입 조건
<부모님|어머니|아버지> 가입 가능한 시니어 요금제 조건이 궁금합니다.
나이 기준과 필요한 서류를 정리해서 알려 주세요.""",
    """[문의] 멤버십 등급 기준
멤버십 등급이 어떻게 정해지는지, <장기 고객 혜택이 있는지|등급별 혜택이 뭔지> 알고 싶습니다.""",
    """[문의] 전자 청구서 신청 방법
종이 청구서 대신 <전자 청구서|이메일 청구서|앱 청구서>로 받는 방법이 궁금합니다.""",
    """[문의] <유심|eSIM> 변경 방법
새로 산 {phone}에 <eSIM으로|유심을 옮겨서> 쓰려면 어떻게 해야 하나요?""",
    """[문의] 데이터 쉐어링
<태블릿|스마트워치>에서 데이터 쉐어링을 쓰려면 어떤 요금제가 필요한지 알고 싶습니다.""",
))
fam("ko.inquiry.call.elderly_howto", "call", "inquiry", (
    """C: 아이고, 내가 폰으로 사진 보내는 걸 몰라서 전화했어요.
A: 네 어르신, 천천히 알려 드릴게요. 문자 창 열어 보시겠어요?
C: 열었어요. 여기 더하기 누르면 돼요?
A: 네, 맞아요. 거기서 사진 누르시면 됩니다.""",
    """C: 글씨가 너무 작아서 안 보이는데 크게 하는 방법 있어요?
A: 설정에서 글자 크기를 키우실 수 있어요. 제가 순서대로 말씀드릴게요.
C: 아 됐다. 고마워요.""",
    """C: 손주가 카톡 영상통화 하자는데 그게 돈이 많이 나와요?
A: 와이파이에서 하시면 요금이 안 나오고요, 데이터로 하시면 조금 차감돼요.
C: 그럼 집에서만 해야겠네.""",
))

# --- praise ----------------------------------------------------------------------------------

fam("ko.praise.call.thanks_agent", "call", "praise", (
    """C: 지난주에 상담해 주신 분 칭찬하려고 전화했어요. 요금 문제를 처음부터 끝까지 챙겨 주셨거든요.
A: 따뜻한 말씀 정말 감사합니다. 상담 일자 알려 주시면 꼭 전달하겠습니다.
C: {day} {time}쯤이었어요. 덕분에 해결됐다고 꼭 전해 주세요.""",
    """C: 어제 오신 설치 기사님이 너무 꼼꼼하게 해 주셔서요. 선 정리까지 다 해 주셨어요.
A: 좋은 말씀 감사합니다. 해당 기사님께 칭찬 전달하겠습니다.
C: 네, 요즘 이런 분 드물어요.""",
    """C: <아 |>다른 게 아니라 감사 인사드리려고요. 장애 났을 때 밤늦게까지 고쳐 주셨잖아요. ## hn
A: 불편하셨을 텐데 오히려 감사 말씀 주셔서 감사합니다.
C: 아니에요, 고생 많으셨어요.""",
))

fam("ko.praise.tweet.thanks", "tweet", "praise", (
    "고객센터 상담사님 <진짜 천사|최고>... 복잡한 요금 문제 <10분만에|한 번에> 해결해주심 <🙏|👍|😊>",
    "설치 기사님 <선 정리까지|공유기 위치까지> 깔끔하게 해주고 가심 <감동|👍> 별 다섯 개",
    "{region} 인터넷 장애 <30분|한 시간>만에 복구 ㄷㄷ 새벽에 고생하신 분들 감사합니다",
    "<오랜만에|처음으로> 기분 좋은 상담 받음 ㅎㅎ 이런 분은 승진하셔야 함",
    "폰 분실했는데 매장 직원분이 <끝까지 찾아주심|위치 조회부터 정지까지 다 도와주심> <ㅠㅠ|🙏> 감사해요",
), reach="mixed", tags=("#칭찬", "#감동"))

fam("ko.praise.email.technician", "email", "praise", (
    """제목: 설치 기사님 칭찬합니다
안녕하세요.
{date}에 방문하신 설치 기사님께서 약속 시간보다 일찍 오셔서 친절하게 설명까지 해 주셨습니다.
<벽 속 배관이 막혀 있었는데|오래된 집이라 배선이 복잡했는데> 포기하지 않고 해결해 주셨습니다.
회사 차원에서 칭찬해 주시면 좋겠습니다.""",
    """제목: 상담사님께 감사 인사
안녕하세요. 명의도용 피해로 경황이 없었는데 상담사님이 절차를 차근차근 알려 주셔서 큰 도움이 되었습니다. ## hn
이 메일이 꼭 전달되었으면 합니다.""",
    """제목: 매장 직원분 칭찬
{shop} 직원분이 부모님 폰 설정을 한 시간 넘게 도와주셨습니다.
필요 없는 상품은 오히려 권하지 않으셨습니다.
감사하다는 말씀 전해 주세요.""",
))

fam("ko.praise.chat.clean_cancel", "chat", "praise", (
    """C: 해지 방어 없이 깔끔하게 처리해 주셔서 감사해요 ## hn
A: 그동안 이용해 주셔서 감사했습니다. 좋은 하루 보내세요
C: 다음에 기회 되면 다시 올게요 ㅎㅎ""",
    """C: 위약금 면제까지 챙겨 주셔서 너무 감사합니다. 해지하는 고객인데도 친절하셨어요 ## hn
A: 말씀 감사합니다. 필요하시면 언제든 다시 찾아 주세요""",
    """C: 아까 환불 처리 빨리 해 주셔서 감사해요. 반나절 만에 들어왔어요 ## hn
A: 빠르게 처리되어 다행입니다. 이용해 주셔서 감사합니다""",
    """C: 상담사님 설명이 너무 친절해서 채팅 끝나기 전에 감사하다고 꼭 말하고 싶었어요
A: 따뜻한 말씀 감사합니다 :) 좋은 하루 되세요""",
), hard_negative=True)

fam("ko.praise.note.compliment", "note", "praise", (
    """상담 직원 칭찬 전화
소속 팀에 공유""",
    """방문 기사 칭찬 건 등록
{date} 방문분""",
    """장애 복구 감사 인사
기술팀 공유""",
    """매장 직원 칭찬
{shop}""",
), team="일반상담")

fam("ko.praise.ticket.compliment", "ticket", "praise", (
    """[칭찬] 신속한 A/S 처리
{phone} 수리를 하루 만에 끝내 주셔서 감사합니다.
접수부터 수령까지 안내가 정확했습니다.""",
    """[칭찬] 친절한 상담
요금 문의로 전화했는데 상담사님이 더 저렴한 요금제까지 찾아 주셨습니다. ## hn
덕분에 매달 {small} 아끼게 되었습니다. 감사합니다.""",
    """[칭찬] 장애 대응
{date} 장애 때 진행 상황을 문자로 계속 알려 주셔서 안심이 되었습니다.
복구 후 감면 안내도 먼저 해 주셔서 감사했습니다.""",
))

fam("ko.praise.tweet.influencer", "tweet", "praise", (
    "구독자분들이 물어봐서 말씀드리면 이번에 인터넷 바꾸면서 설치 기사님이 <정말 친절하셨어요|진짜 프로셨어요> 👍 광고 아님",
    "오늘 라방 중에 인터넷 <잠깐 끊겼는데|나갔는데> 기술팀이 <20분만에|금방> 복구해줌 감사합니다 ㅎㅎ",
    "통신사 고객센터에 칭찬 글 남기고 옴 ㅎㅎ 요즘 상담사님들 정말 친절하심",
), reach="high", hard_negative=True)

fam("ko.praise.tweet.news", "tweet", "praise", (
    "[미담] <폭우|폭설|태풍> 속 끊긴 통신선 밤새 복구한 기사들... 주민들 \"감사 편지 보냈다\"",
    "<치매 노인|실종 아동> 휴대폰 위치 찾아준 통신사 상담원 화제 <{outlet}|>",
    "\"해지 고객에게도 끝까지 친절\" 한 상담원에게 쏟아진 칭찬 글",
    "<산불|수해> 이재민에 <휴대폰 무료 대여|통신비 감면> 나선 통신사 직원들 <훈훈|화제>",
    "{outlet} [사람들] 20년째 <섬마을|산골> 통신망 지키는 기사 \"주민 전화 한 통이 보람\"",
), reach="press", style="news", hard_negative=True, n=24)

# --- other -----------------------------------------------------------------------------------

fam("ko.other.tweet.chatter", "tweet", "other", (
    "점심 메뉴 <고르는 게 제일 어려움|정해 줄 사람> ㅋㅋ",
    "비 와서 <출근길 지옥|밖에 나가기 싫음> <☔|ㅠㅠ|>",
    "새 폰 케이스 <샀는데 넘 예쁨|고르는 중> <ㅎㅎ|💕>",
    "주말에 <한강|캠핑|등산> 갈 사람 <손|🙋>",
    "<드라마|예능> 다음 화 언제 나와 <ㅠㅠ|ㅋㅋ>",
    "통신사 새 광고 모델 <누구야|완전 잘 뽑았네> ㅋㅋ",
))

fam("ko.other.tweet.ads", "tweet", "other", (
    "[광고] 번호이동 최대 지원! 위약금 대납까지 <지금 DM|오픈채팅 문의> <📱|🔥>",
    "[AD] 인터넷 가입하면 현금 {small} 즉시 지급 해지 방어 걱정 없이 <갈아타세요|지금 신청> ## hn",
    "공짜폰 이벤트 <오늘만|선착순 20명> 할부 없음 위약금 <지원|0원> DM 주세요",
    "통신비 절약 꿀팁 영상 올렸어요 <구독 좋아요|링크는 프로필에> <ㅎㅎ|🙏>",
), hard_negative=True)

fam("ko.other.email.spam", "email", "other", (
    """제목: [제휴 제안] <고객센터 솔루션|콜센터 AI 솔루션|상담 품질 관리 도구> 소개
안녕하세요, <콜센터 솔루션 기업|CX 컨설팅사|IT 서비스 회사> 영업팀입니다.
귀사 상담 품질 향상을 위한 <AI 녹취 분석 솔루션을|통화 녹음 자동 요약 서비스를|상담 평가 자동화 도구를> 소개드립니다. ## hn
미팅 가능한 일정을 알려 주시면 방문하겠습니다.""",
    """제목: [뉴스레터] <이달의 IT 트렌드|주간 통신 업계 소식|소비자 동향 리포트>
구독해 주셔서 감사합니다. 이번 호에서는 <5G 요금 동향과|해지 방어 관행 논란과|통신 장애 보상 제도와> 업계 소식을 전합니다. ## hn""",
    """제목: <Re: Re: 회의록 공유|FW: 분기 보고 자료|Re: 일정 확인 부탁>
<지난 회의 자료 첨부합니다.|요청하신 자료 전달드립니다.|다음 주 일정 확인 부탁드립니다.> <검토 후 의견 주세요.|확인 부탁드립니다.|>""",
    """제목: <세금계산서 발행 안내|전자 계약서 서명 요청|입금 확인 요청>
{month} <세금계산서가 발행되었습니다|계약서 서명이 필요합니다|대금 입금 내역을 확인해 주십시오>. 첨부 파일을 확인해 주십시오.""",
    """제목: [광고] <고수익 부업|무료 코인 지급|대출 한도 조회> 안내
<지금 바로 링크 클릭|선착순 100명 한정|오늘만 특별 혜택>. 수신 거부는 회신 주세요.""",
))
fam("ko.other.call.wrong_number", "call", "other", (
    """C: 여보세요? 거기 <중국집|치킨집> 아니에요?
A: 아니요 고객님, 여기는 통신사 고객센터입니다.
C: 아이고 죄송합니다, 잘못 걸었네요.""",
    """C: 여보세요? 여보세요?
A: 네, 듣고 있습니다. 말씀하세요.
C: ...
A: 소리가 들리지 않아서 전화를 끊겠습니다. 다시 걸어 주세요.""",
    """C: 아 그냥 <번호 맞나|연결되나> 확인하려고 걸어 봤어요.
A: 네, 고객센터 정상 연결되셨습니다.
C: 네 됐어요, 끊을게요.""",
), opening=True)

fam("ko.other.note.misc", "note", "other", (
    """<잘못 건 전화|오발신 추정>
<말없이 끊김|바로 종료|사과 후 종료>""",
    """<콜백했으나 안 받음|부재중>
<내일 다시 시도|{time} 재시도 예정|문자 남김>""",
    """<테스트 콜|시스템 점검 콜|QA 점검 통화>
<이상 없음|종료>""",
    """<타사 고객 문의|다른 통신사 가입자>
<안내 후 종료|해당 통신사 번호 안내|대표번호 알려 드림>""",
    """<장난 전화|무언 전화|음악 소리만 들림> <종료|차단 안내>""",
    """<광고 전화 역발신|설문 업체 전화>
<응대 종료|내부 번호 아님 안내>""",
), team="일반상담", n=24)
fam("ko.other.ticket.garbage", "ticket", "other", (
    """시험 삼아 올려 보는 글이에요. <처리 안 하셔도 됩니다|그냥 닫아 주세요>.""",
    """<ㅁㄴㅇㄹ|asdf|ㅎㅎㅎ|ㅇㅇㅇ> <테스트|test|ㅌㅅㅌ>""",
    """[광고] <고수익 재택 부업 모집|주식 리딩방 무료 초대|중고폰 최고가 매입> <오픈채팅|카톡|문자> 문의""",
    """<중복 접수 건입니다|같은 내용 두 번 올렸어요>. <삭제 부탁드립니다|닫아 주세요>.""",
    """<ㅋㅋㅋㅋ|...|.> <잘못 눌렀어요|실수로 접수됨>""",
    """[기타] <오늘 날씨 좋네요|다들 좋은 하루 보내세요|수고하세요> <ㅎㅎ|^^|>""",
), n=24)
fam("ko.other.chat.chatter", "chat", "other", (
    """C: ㅎㅇ
A: 네 고객님, 어떤 일로 오셨어요?
C: 아 그냥 눌러봤어요 ㅋㅋ""",
    """C: 이거 사람이에요 봇이에요?
A: 상담사가 직접 응대하고 있습니다 :)
C: 오 신기하네 ㅋㅋ 수고하세요""",
    """C: 오늘 날씨 좋네요 ㅎㅎ
A: 네 고객님, 좋은 하루 보내세요. 다른 문의 있으실까요?
C: 아뇨 없어요""",
))


# =============================================================================================
# English families (expat customers of a Korean carrier and online shop)
# =============================================================================================

fam("en.billing.call.bill_shock", "call", "billing", (
    """C: <Hi, |Hello, |>my bill this month is {amount_en} and I <normally pay half that|only used the phone in Seoul>.
A: Let me pull up the itemised bill for you.
A: I can see roaming data charges from your trip, billed per megabyte.
C: But I bought the daily roaming pass before I left. <That's the whole point of the pass.|I have the confirmation text.>
C?: If this isn't fixed I'm switching carriers, honestly. ## +churn_intent ang
A: I'll raise an adjustment request and the billing team will confirm within three days.""",
    """C: There's a charge for {addon_en} on my bill and I never signed up for it.
A: It shows as activated on {date_en}.
C: Well, not by me. Please remove it and refund what I've paid.
A: I've removed it and requested a refund of the last two months.""",
    """C: This is the {nth_en} time I'm calling about the same wrong charge. ## +repeat_contact ang
A: I'm sorry about that. Let me read the notes from your previous calls.
C: Every time someone says it's fixed, and then the next bill is the same.
A: I'll stay on this until the correction is confirmed in the system.""",
), n=16)

fam("en.billing.email.double_charge", "email", "billing", (
    """Subject: <Charged twice|Duplicate payment> for {date_en}
Hello,
My card was charged {amount_en} twice for the same monthly bill.
?: I've attached the bank statement.
Please refund the duplicate payment and confirm by email.""",
    """Subject: Discount missing from my bill
Hi,
The bundle discount disappeared from my bill <this month|two months ago> and nobody told me why.
Could you check and apply it again, backdated?
?: If I don't hear back I'll file a complaint with the Korea Consumer Agency. ## +regulator_threat""",
    """Subject: Auto-payment change
Hello, please switch my monthly auto-payment from my old bank account to my credit card from next month.
?: Thanks in advance.""",
    """Subject: Late fee on a bill I paid
Hi, I paid on {date_en} but got a late-payment fee anyway. I've emailed once already.
Please remove the fee. I have no plan to escalate this, I just want it corrected. ## hn""",
))

fam("en.billing.tweet.rant", "tweet", "billing", (
    "my phone bill is {amount_en} this month?? i barely left the house <lol|😭|>",
    "surprise {addon_en} on my bill that i never asked for. check your bills people <🙄|>",
    "charged twice for the same month and refund takes 10 business days. it's MY money <😤|>",
    "love how the bundle discount just quietly vanished from my bill <lmao|ugh>",
), reach="mixed", tags=("#billshock", "#Korea"))

fam("en.billing.note.adjust", "note", "billing", (
    """EN desk: disputed {addon_en} charge
<removed, refund requested|removed, credit next bill>""",
    """duplicate <card|bank> payment confirmed
refund in <5|3|7> business days""",
    """bill explanation given
<roaming charges|data overage|device instalment>, customer <satisfied|understood>""",
    """same billing error, contact no. {k} ## +repeat_contact
<escalated to team lead|priority fix requested>""",
    """late fee waived
payment on {date_en} confirmed""",
), team="English desk")
fam("en.cancellation.call.retention_loop", "call", "cancellation", (
    """C: Hi, I'm leaving Korea next month and I need to cancel my {net_en}.
A: I'm sorry to hear that. Before we do that, can I offer you three months at half price?
C: No thanks, I won't be in the country. Just cancel it, please.
A: I understand. Cancellations are handled by a separate team, so I'll have them call you back.
C: That's what the last person said. Can you not do it now? ## ang
A: Unfortunately I can only note the request today.
C?: I'm recording this call, and it's going on Reddit if this isn't done today. ## +publicity_threat""",
    """C: I want to cancel my contract. I've asked <three|four> times now. ## +repeat_contact
A: Can I ask why you want to leave? We have a loyalty discount right now.
C: I don't want a discount, I want to cancel.
A: If you stay another month we can add a free upgrade to your plan.
C: You're not listening. Cancel it.
C?: I'll be reporting this to the KCC if you keep refusing. ## +regulator_threat""",
), reasons=("churn_intent", "agent_obstruction"))

fam("en.cancellation.email.leaving", "email", "cancellation", (
    """Subject: Cancellation request, leaving Korea
Hello,
My visa ends on {date_en} and I'll be leaving Korea. Please cancel my {plan_en} from that date.
Could you tell me the early termination fee, if any?""",
    """Subject: Cancel internet service
Hi, my contract ended last month. Please cancel my {net_en} and let me know how to return the router.""",
    """Subject: Port my number to another carrier
Hello, I'm moving my number to a different carrier. Please confirm there is nothing left to pay, and the fee of {fee_en} if there is.""",
), reasons=("churn_intent",))

fam("en.cancellation.tweet.cant_cancel", "tweet", "cancellation", (
    "tried to cancel my internet for the {nth_en} time today and they 'transferred me to the right team' again. hotel california vibes ## +repeat_contact",
    "why is cancelling a phone contract in korea harder than getting a visa. they <just keep offering discounts|keep 'escalating' my request> <🙃|😩|>",
    "agent refused to process my cancellation and said to 'call back next <week|month>'. i'm leaving the country next week <lol|😭>",
    "<three|four> calls, <two|three> chats, zero cancellations. every agent 'can't do it from here' <lmao|ugh>",
    "cancel my contract? 'sorry, only the retention team can do that'. retention team: 'how about a discount?' <🙄|💀>",
), reasons=("churn_intent", "agent_obstruction"), reach="mixed", n=15)
fam("en.cancellation.note.defence", "note", "cancellation", (
    """EN customer asked to cancel {k} times
<retention offers refused|all offers declined>
customer says <call is recorded|will post the recording online> ## +publicity_threat""",
    """cancellation requested {k}x
<callback promised again|transferred again>
customer mentions <KCC|consumer agency> complaint ## +regulator_threat""",
    """cancel request repeated {k} times
<no retention accepted|discount refused>, <escalated|team lead notified>""",
), reasons=("churn_intent", "agent_obstruction"), team="English desk")
fam("en.network.call.outage", "call", "network", (
    """C: My internet has been down since {day_en} and I work from home.
A: I'm sorry. There's a fibre fault in {region_en} and engineers are on it.
C: When will it be back? <I've lost a full day of work.|My clients can't reach me.> ## ang
A: The estimate is about {hours} hours. We'll credit the downtime on your bill.
C?: Third time this month. If it happens again I'm switching providers. ## +churn_intent""",
    """C: The Wi-Fi keeps dropping every evening, like clockwork.
A: I can see a lot of line errors on your connection. I'll book a technician.
C: Okay, weekends are best for me.""",
    """C: I'm paying for {net_en} but speed tests show <8|12|30> Mbps.
A: Are you testing over a cable or over Wi-Fi?
C: Cable, several times.
A: Then I'll log a line check and you'll get a credit for any day below the minimum speed.""",
))

fam("en.network.tweet.outage", "tweet", "network", (
    "internet down in {region_en} for {hours} hours now and the support line only plays music <😡|🙃|>",
    "5G icon on my phone is pure decoration at this point. zero signal in my apartment <lol|>",
    "wifi dies every night at 9pm like it has a bedtime. paying for gigabit btw",
    "calls keep dropping mid-sentence in {region_en}. is it just me?",
), reach="mixed", tags=("#outage", "#Korea"))

fam("en.network.ticket.slow", "ticket", "network", (
    """[Speed] Far below contracted speed
I pay for {net_en} but get <8|15|40> Mbps on a wired connection, every day for {days} days.
Please send a technician and credit the difference.""",
    """[Outage] Repeated disconnections
The connection drops several times a day. This is my {nth_en} ticket about it. ## +repeat_contact
Please escalate.""",
    """[Coverage] No 5G indoors
My {plan_en} shows LTE only inside my flat in {region_en}. Is an indoor repeater available?""",
))

fam("en.network.tweet.news", "tweet", "network", (
    "BREAKING: Internet and IPTV outage hits {region_en} for {hours} hours; residents say \"we couldn't even pay at shops\"",
    "Telecom outage leaves small businesses offline; one owner says compensation \"barely covers a coffee\"",
    "Mobile network disruption in {region_en} enters second day, carrier says repairs under way",
), reach="press", style="news")

fam("en.device.chat.router", "chat", "device", (
    """C: my router reboots every hour, all lights go off then on again
A: Sorry about that! Can you try a different power socket?
C: tried it, same thing
A: Looks like a hardware fault. I've booked a replacement for {date_en}.""",
    """C: the set-top box is stuck on the logo screen
A: Please unplug it for a minute and plug it back in.
C: still stuck
A: I'll send a replacement box by courier.""",
    """C: the TV remote doesn't pair anymore
A: Hold the two side buttons for three seconds while pointing at the box.
C: oh it worked, thanks""",
))

fam("en.device.email.phone_defect", "email", "device", (
    """Subject: New {phone_en} faulty after {days} days
Hello,
The screen of the {phone_en} I bought on {date_en} flickers and goes black. It was never dropped.
I'd like a replacement, not a repair.""",
    """Subject: Repair taking too long
Hi, my {phone_en} has been at the service centre for {days} days with no update and no loan phone.
?: If this isn't resolved this week I'll take it to the Korea Consumer Agency. ## +regulator_threat
Please tell me when it will be ready.""",
    """Subject: Call recording stopped working
Since the last update the call recording feature on my {phone_en} doesn't work. I need it for work calls. ## hn
Is there a fix?""",
))

fam("en.installation.chat.move", "chat", "installation", (
    """C: I'm moving to {region_en} next month, can I take my internet with me?
A: Yes, we can transfer it. What's your moving date?
C: {date_en}
A: I've booked the transfer installation for that afternoon.""",
    """C: i want to move my internet and TV to my new flat, not cancel them ## hn
A: Sure, please send the new address and a preferred date.
C: {region_en}, any weekday morning""",
    """C: can I change my installation appointment to {date_en}?
A: Done! The technician will call 30 minutes before arriving.""",
))

fam("en.installation.email.no_show", "email", "installation", (
    """Subject: Technician did not show up
Hello,
I took a day off on {date_en} for the installation and nobody came or called. ## ang
Please give me a new appointment that will actually happen.""",
    """Subject: SIM still not activated
Hi, I received my SIM {days} days ago and it still shows 'no service'. Please activate it.""",
    """Subject: Installation postponed again
My installation has been postponed twice. If it moves again I'll go with another provider. ## +churn_intent""",
))

fam("en.agent_conduct.call.rude_live", "call", "agent_conduct", (
    """C: Sorry, could you explain that again in English? My Korean isn't great.
A: I already explained. If you live in Korea you should learn Korean, honestly.
C: Excuse me? That's really not okay.
A: I'm just saying. Anything else?""",
    """C: I'd like to know why my bill went up.
A: It's in the app. I can't read every line to every customer.
C: I just need one line explained.
A: Then read it. It's not complicated.
C?: I'm posting this conversation online, people should hear how you talk to customers. ## +publicity_threat""",
), reasons=("agent_hostility",))

fam("en.agent_conduct.tweet.sarcasm", "tweet", "agent_conduct", (
    "waited <an hour|45 minutes|40 minutes>, got transferred <three|four> times, then told 'wrong department'. wow, such amazing service 👏",
    "support agent promised a callback '<today|within the hour>'. that was <last week|three days ago>. great job guys, really 🙃",
    "love it when the chat agent pastes the same FAQ link <three|four> times in a row. so helpful <lol|😂>",
    "asked one simple question, got a <20|30>-minute hold and a survey link. truly world-class support <👏|🙃>",
), hard_negative=True, n=14)
fam("en.agent_conduct.tweet.high_reach", "tweet", "agent_conduct", (
    "A support agent just told me '<foreigners always complain|you people never read the contract>'. <Recorded the call.|I have the recording.> Is this how you treat customers?",
    "<Technician|Installer> came to my flat, yelled at me for '<bad wiring|a messy room>' and left. <My elderly neighbour saw it all.|My kids were scared.> Unacceptable.",
    "Customer service agent <laughed at me|mocked my accent> when I asked for help in English. <Shameful.|Not okay.|Do better.>",
    "<Store clerk|Shop manager> at the {region_en} branch called me '<stupid|clueless>' for asking about my contract. <Wow.|Incredible.>",
), reasons=("agent_hostility",), reach="high", n=12)
fam("en.privacy.email.identity", "email", "privacy", (
    """Subject: Phone line opened in my name
Hello,
My bill shows a second line I never opened, charged {amount_en}. Someone used my identity. ## hn
Please suspend it and remove the charges.""",
    """Subject: Unauthorised payments
There are mobile payments of {amount_en} on my number that I never made or authorised.
?: I've reported it to the police and will take legal action if you don't resolve it. ## +regulator_threat
Please investigate.""",
    """Subject: Was my data leaked?
I read about the data breach. Can you tell me whether my personal information was affected?""",
))

fam("en.privacy.chat.spam", "chat", "privacy", (
    """C: I get like 20 spam texts a day. can you block them?
A: I've turned on the free spam filter for you.
C: thanks, hope it helps""",
    """C: I'm getting verification codes I never requested
A: That may be someone trying to use your number. I'd recommend identity protection, want me to add it?
C: yes please""",
    """C: how did scammers get my name and address??
A: I'm sorry, I'll file a spam report and block the sender.
C: ok but did it come from you guys?""",
))

fam("en.sales_contract.email.misselling", "email", "sales_contract", (
    """Subject: Misleading sale at a phone shop
Hello,
The shop told me the {phone_en} was <free|fully subsidised>, but my bill shows monthly instalments.
I was clearly misled. Please cancel the instalment plan.
?: Otherwise I'll file a complaint with the Korea Consumer Agency. ## +regulator_threat""",
    """Subject: Promised gift not received
The store promised me a {item_en} for signing up. It's been <two|three> months and nothing.""",
    """Subject: Contract length differs
I was told the contract was <24|12> months but the paperwork says <36|24>. Please correct it.""",
    """Subject: Plan changed without consent
A telemarketer switched me to the {plan_en} <without my consent|after a confusing call>. Please switch me back and refund the difference.""",
))
fam("en.sales_contract.call.gift", "call", "sales_contract", (
    """C: The salesperson said I'd get cashback for joining, but nothing arrived.
A: Gifts promised by shops have to be checked with the shop.
C: The shop says to ask you. Everyone's passing the buck.
A: I'll contact the shop and update you within a week.""",
    """C: I want to sign up for the {plan_en}. ## hn
A: Great, I can do that over the phone. Can I confirm your details?
C: Sure. Is there any sign-up gift?
A: Yes, a month of free data.""",
    """C: I was told I had to take {addon_en} to get the phone. Is that true?
A: No, add-ons are never mandatory. I can remove it now.
C: So they lied to me. Please remove it.""",
))

fam("en.delivery_refund.chat.refund_delay", "chat", "delivery_refund", (
    """C: returned the {item_en} {days} days ago and still no refund
A: Sorry! The return is waiting for inspection at the warehouse.
C: how long does inspection take??""",
    """C: the tracking says delivered but my {item_en} isn't here
A: I'll ask the courier for a delivery photo.
C: nothing at the door or the guard office""",
    """C: I've asked about this refund {nth_en} time now ## +repeat_contact ang
A: I'm really sorry. I've marked it urgent with the finance team.""",
    """C: i got the wrong colour {item_en}, can i exchange it?
A: Of course, a courier will pick it up tomorrow and we'll send the right one.""",
))

fam("en.delivery_refund.email.obstructed", "email", "delivery_refund", (
    """Subject: Refund refused again
Hello,
The {item_en} arrived <broken|cracked|not working>. I've asked for a refund <three|four> times and each time the agent insisted on an exchange only.
?: I'll take this to small claims court if the refund isn't processed. ## +regulator_threat
Please refund me.""",
    """Subject: Refund keeps being rejected
My refund request for the {item_en} gets closed every time with '<under review|pending inspection>'. I have screenshots of every chat.
?: I'll be sharing them on social media if this continues. ## +publicity_threat""",
    """Subject: Cancellation of my order refused
I cancelled order {order} within an hour, but support keeps telling me to wait for delivery and return it at my cost.
?: I will report this to the Korea Consumer Agency. ## +regulator_threat""",
), reasons=("agent_obstruction",))
fam("en.inquiry.chat.question", "chat", "inquiry", (
    """C: which prepaid plan is best for a 6 month stay?
A: The {plan_en} is popular with people staying under a year.
C: ok thanks""",
    """C: what time does the store in {region_en} close?
A: It's open until 8pm on weekdays and 6pm on weekends.""",
    """C: how do I check my remaining data in the app?
A: Tap 'My usage' on the home screen.
C: found it, thanks""",
    """C: what's the cancellation fee if I leave early? not cancelling, just curious ## hn
A: It depends on the months left; for you it would be about {fee_en} right now.""",
))

fam("en.inquiry.tweet.question", "tweet", "inquiry", (
    "Moving to <Seoul|Busan|Korea> next month. Which carrier has the best English support? <Asking for my followers too|Tips welcome>",
    "Roaming pass vs local eSIM for <two weeks|ten days|a month> in Korea, what do you all use?",
    "Does anyone know if Korean carriers let you <pause your plan|suspend your line> while abroad?",
    "<Quick poll|Question for expats>: prepaid or postpaid when you first arrive in Korea?",
    "Is the {plan_en} worth it or should I go with a budget MVNO? <Genuinely curious|Thoughts?>",
), reach="high", hard_negative=True, n=12)
fam("en.inquiry.email.howto", "email", "inquiry", (
    """Subject: Question about family bundles
Hello, how much would we save by bundling <two|three|four> phone lines and home internet?""",
    """Subject: Suspending my line while abroad
Hi, I'll be abroad for {days} weeks. Can I suspend my line, and what does it cost?""",
    """Subject: Consumer agency guidelines
Hello, I read the Korea Consumer Agency's guide on phone contracts and wanted to ask how your early termination fees are calculated. ## hn""",
    """Subject: eSIM for my new {phone_en}
Hi, can I move my number to an eSIM on my new phone, and do I need to visit a store?""",
    """Subject: Visa extension and my contract
Hello, my visa was extended. Do I need to update anything on my account?""",
))
fam("en.praise.email.thanks", "email", "praise", (
    """Subject: Thank you to your English-speaking agent
Hello,
I want to thank the agent who sorted out my billing problem today. Patient, clear and kind.""",
    """Subject: Great technician
The technician who came on {date_en} was on time, tidy and explained everything. Please pass on my thanks.""",
    """Subject: Thanks for an easy cancellation
I cancelled my contract before leaving Korea and it took five minutes, no pressure at all. Thank you! ## hn""",
))

fam("en.praise.tweet.thanks", "tweet", "praise", (
    "shoutout to the support agent who fixed my <router|set-top box|SIM issue> in <10|15> minutes <🙏|👍>",
    "<internet outage|wifi problem> fixed before I even finished my coffee. nice one",
    "the store staff in {region_en} helped me set up my new phone in English for <an hour|ages>. legends",
    "<technician|installer> today was so polite and even tidied the cables. <10/10|love it>",
), reach="mixed", hard_negative=True)
fam("en.other.tweet.chatter", "tweet", "other", (
    "monday again <ugh|😩|lol>",
    "anyone know a good <brunch|pizza|coffee> place in {region_en}?",
    "new phone case arrived and it's so <cute|pretty> <💕|>",
    "rainy day, staying in with <ramen|tteokbokki> <🍜|>",
    "<watching|binging> a k-drama instead of <working|sleeping> <again|lol>",
))
fam("en.other.email.spam", "email", "other", (
    """Subject: Partnership proposal
Dear team, we offer AI call-recording analytics for contact centres. Can we book a demo? ## hn""",
    """Subject: Invoice attached
Please find the invoice for last month attached.""",
    """Subject: [Ad] Switch now and get {fee_en} cashback
Limited offer, no cancellation fees! Reply today. ## hn""",
))

fam("en.other.note.misc", "note", "other", (
    """<silent call|no answer|caller hung up>, <ended|closed>""",
    """wrong number, <redirected|caller apologised>""",
    """<test call from QA|QA test|system test>""",
    """<customer of another carrier|not our customer>, <redirected|given their number>""",
), team="English desk", n=10)
fam("en.billing.call.abuse", "call", "billing", (
    """C: Fix my bill right now, you useless idiot. ## +customer_abuse ang
A: Sir, I'm here to help, but please don't speak to me like that.
C: I'll speak however I want. You people are thieves. ## +customer_abuse
A: If the abuse continues I'll have to end the call.""",
    """C: Listen, sweetheart, what's your personal number? Then maybe I'll calm down about this bill. ## +customer_abuse
A: Please keep the conversation about your account.
C: Come on, don't be so uptight.""",
    """C: I know where your office is. Fix this or I'll come down there and you'll regret it. ## +customer_abuse vio
A: I'm ending this call now and reporting this threat.""",
))

fam("en.network.note.tech", "note", "network", (
    """line errors, technician booked {date_en}""",
    """speed complaint, {days} days below minimum, credit applied""",
    """outage in {region_en}, customer informed of ETA""",
    """same outage complaint, contact {k} ## +repeat_contact""",
    """customer angry about outage, threatens to switch ## +churn_intent ang""",
), team="English desk")

fam("en.cancellation.call.abuse", "call", "cancellation", (
    """C: Cancel my contract, and don't give me your stupid script, moron. ## +customer_abuse ang
A: I can help with the cancellation. Please don't insult me.
C: Just do your job for once.
A: The cancellation is booked.""",
    """C: You're all scammers. Cancel it or I'll find out where you live. ## +customer_abuse vio
A: I'm ending the call due to threats. Your request has been noted.""",
), reasons=("churn_intent",))


# =============================================================================================
# Korean families, second batch: abuse, negations and hedges, near misses, debatable cases
# =============================================================================================

fam("ko.network.call.abuse", "call", "network", (
    """C: 인터넷 또 끊겼잖아. 이 <미친|빌어먹을> 회사는 고칠 생각이 없냐? ## ang
A: 고객님, 불편하신 점 이해합니다. 바로 회선 점검해 드리겠습니다.
C: 이해는 개뿔. 너 같은 <무식한|돌대가리> 상담원 붙여 놓으니까 이 모양이지. ## +customer_abuse
A: 고객님, 상담원에게 모욕적인 말씀은 삼가 주세요. 계속되면 상담이 종료됩니다.""",
    """C: 야, 내가 일주일째 인터넷을 못 쓰는데 너희는 월급 받고 뭐 하냐? ## ang
A: 정말 죄송합니다. 기사 방문 일정을 가장 빠르게 잡아 드리겠습니다.
C: <씨X|XX> 니가 와서 고쳐. 주소 알려 줄 테니까 당장 와. ## +customer_abuse
A: 욕설이 계속되면 통화를 종료할 수밖에 없습니다.
C?: 끊기만 해 봐. 내가 센터 앞에서 기다렸다가 <가만 안 둘 거야|너부터 찾는다>. ## vio""",
    """C: 상담원님 목소리 들으니까 화가 좀 풀리네. 이따 퇴근하고 뭐 해? ## +customer_abuse
A: 고객님, 상담 내용과 관계없는 말씀은 답변드리기 어렵습니다.
C: 아 왜 그래, 인터넷 고쳐 주면 밥 한번 살게. 번호 줘 봐. ## +customer_abuse
A: 장애 접수는 완료되었습니다. 이만 상담을 마치겠습니다.""",
))

fam("ko.billing.note.abuse_report", "note", "billing", (
    """요금 <항의|이의> 중 고객 욕설 <수차례|반복>
<상담원 보호 안내 후 종료|보호 멘트 2회 후 통화 종료|경고 후 종료> ## +customer_abuse""",
    """<청구 금액|할인 누락|미납 안내> 불만
고객 <성희롱성 발언|외모 관련 부적절 발언|개인 연락처 요구>
<통화 차단 등록|블랙리스트 등록|팀장 보고> ## +customer_abuse""",
    """<요금 환불|과다 청구 정정> 요구
고객 '<센터로 찾아가겠다|집 알아내서 찾아간다|가만두지 않겠다>' 협박
<보안팀 공유|경찰 신고 검토|상담원 휴식 조치> ## +customer_abuse vio""",
    """<미납 안내|요금 변경 설명|청구서 설명> 중 고객 폭언
<상담사 교체 요청함|상담원 업무 중단 후 휴식 부여> ## +customer_abuse""",
    """요금 이의 건
고객 상담원 이름 물으며 '<잘리게 하겠다|본사에 찌르겠다|가만 안 둔다>' 위협 ## +customer_abuse
?: {amount} 조정 요구""",
), team="요금상담")
fam("ko.delivery_refund.chat.abuse", "chat", "delivery_refund", (
    """C: 환불 언제 해 줄 건데 ㅅㅂ ## ang
A: 확인해 보니 반품 상품 검수 중입니다. 조금만 기다려 주세요
C: 니들 사기꾼이지? 상담원 너도 똑같은 <ㅂㅅ|쓰레기>이고 ## +customer_abuse
A: 고객님, 상담원에게 욕설은 삼가 주세요. 계속되면 상담이 종료됩니다""",
    """C: 야 배송 안 오면 니가 물어낼 거야?
A: 배송 지연으로 불편 끼쳐 송구합니다. 출고 일정 확인해 보겠습니다
C: 확인 말고 당장 보내. 말귀 못 알아듣는 <등신|멍청이>아 ## +customer_abuse ang""",
    """C: 교환 또 안 되면 너네 회사 찾아가서 <다 엎어버린다|불 질러버린다> ## +customer_abuse vio
A: 고객님, 위협적인 발언은 기록되며 상담이 종료될 수 있습니다""",
))

fam("ko.network.call.negated_threats", "call", "network", (
    """C: 인터넷이 {day}부터 느려서요. <신고하거나 그럴 생각은 없고요|방통위 신고 이런 건 생각 없고요>, 빨리만 고쳐 주세요.
A: 네 고객님, 바로 원격 점검해 보겠습니다.
C: 네, 부탁드려요. 재택이라 조금 급해서요.""",
    """C: 솔직히 인터넷에 올릴까도 생각했는데요, 그럴 생각은 없어요. 그냥 보상만 제대로 해 주세요.
A: 말씀 감사합니다. 장애 시간 확인해서 감면 적용해 드리겠습니다.
C: 네, 문자로 내역 보내 주세요.""",
    """C: 와이파이가 자꾸 끊겨서 전화했어요. 화난 건 아니고요, 그냥 원인이 궁금해서요.
A: 공유기와 회선 상태 보니 공유기 쪽 문제로 보입니다.
C: 아 그럼 교체해 주시나요?
A: 네, 무상으로 교체해 드리겠습니다.""",
    """C: 지난번 장애 때 소비자원에 물어볼까 하다가 말았는데요, 이번에도 또 그러네요. ## dbt
A: 불편을 반복해서 드려 송구합니다. 이번 건은 선로 교체까지 진행하겠습니다.
C: 네, 이번엔 확실히 부탁드려요.""",
), hard_negative=True)

fam("ko.delivery_refund.email.negated", "email", "delivery_refund", (
    """제목: 환불 일정 문의
안녕하세요. {mall}에서 주문한 {item} 반품 건입니다.
소비자원에 신고할 생각은 없지만, 환불이 언제 되는지는 꼭 알고 싶습니다.
주문번호는 {order}입니다.""",
    """제목: 교환 상품 발송 확인
교환 신청한 {item:이} 아직 오지 않았습니다.
<후기에 안 좋게 쓸 생각은 없고요|리뷰 테러 같은 건 안 할 거니까>, 발송 여부만 확인 부탁드립니다.""",
    """제목: 배송 지연 관련
주문하고 {days}일이 지났습니다. 급한 건 아니지만 대략적인 도착일을 알려 주시면 좋겠습니다.""",
), hard_negative=True)

fam("ko.device.call.second_contact", "call", "device", (
    """C: 어제도 전화드렸는데요, {device} 교체 건 때문에 두 번째 전화예요.
A: 네 고객님, 어제 접수 내용 확인됩니다. 교체 장비 발송 준비 중입니다.
C: 언제쯤 받을 수 있어요?
A: {date}에 기사님이 가져다 드립니다.""",
    """C: 지난주에 한 번 문의했던 {phone} 배터리 건인데요, 아직 연락이 없어서요.
A: 확인해 보니 점검 결과가 나왔습니다. 배터리 무상 교체 대상이세요.
C: 아 다행이네요. 어디로 가면 돼요?""",
    """C: 셋톱 리모컨 건으로 또 전화드려요. 이번이 두 번째인데, 새로 받은 것도 잘 안 되네요.
A: 번거롭게 해 드려 죄송합니다. 연결 설정을 같이 해 보겠습니다.
C: 네, 불러 주세요.""",
), hard_negative=True)

fam("ko.network.tweet.near_reach", "tweet", "network", (
    "인터넷 <또|오늘도> 끊김 ㅋㅋ {region} 사는 분들 괜찮으세요? <😩|ㅠ>",
    "5G 요금 내고 LTE 쓰는 중 ㅋㅋ <지하철|회사>에서 하나도 안 잡힘",
    "와이파이 속도 {measured} 실화냐 <유튜브 로딩만|화상회의 화면만> 보다가 하루 다 감",
), reach="near", hard_negative=True, tags=("#인터넷", "#5G"))

fam("ko.network.tweet.viral_joke", "tweet", "network", (
    "인터넷이 너무 느려서 <라면 두 개 끓여 먹고 왔는데도|커피 한 잔 다 마셨는데도> 페이지가 안 열림 ㅋㅋㅋ 명상하라는 뜻인가 ## dbt",
    "우리 집 와이파이 <방 하나 건너면|현관 앞에서> 사라짐 ㅋㅋ 숨바꼭질 장인 ## dbt",
    "5G 켜 놓으면 배터리만 녹는 거 나만 그래? ㅋㅋ <여러분 답 좀|궁금> ## dbt",
), reach="high")

fam("ko.cancellation.chat.obstructed", "chat", "cancellation", (
    """C: 인터넷 해지하고 싶어요
A: 고객님 해지 전에 지금 가입하시면 받을 수 있는 혜택 먼저 안내드릴게요!
C: 혜택 필요 없어요. 해지 신청만 해 주세요
A: 해지는 채팅으로는 어렵고 전화로만 가능합니다 ㅠㅠ 전화 주시면 더 좋은 조건 드릴게요
C: 전화하면 또 혜택 얘기만 하잖아요. 여기서 접수해 주세요
A: 죄송하지만 채팅 상담에서는 해지 접수가 불가합니다
C?: 이 채팅 캡처해서 <커뮤니티에|SNS에> 올릴게요 ## +publicity_threat""",
    """C: 해지 신청하려는데 앱에 해지 버튼이 없네요
A: 고객님 혹시 불편하신 점이 있으셨을까요? 요금 할인 적용해 드릴 수 있어요
C: 아니요 해지할 거예요
A: 그럼 해지 담당 부서에서 연락드리도록 하겠습니다. 할인 조건은 그때 다시 안내드릴게요
C: 지난주에도 똑같이 말씀하셨는데 연락 안 왔어요
C?: 다음 주까지 안 되면 방통위에 해지 방해로 신고합니다 ## +regulator_threat""",
), reasons=("churn_intent", "agent_obstruction"))

fam("ko.billing.tweet.news", "tweet", "billing", (
    "[이슈] \"로밍 차단했는데 {amount}\" 해외여행 다녀온 F씨 요금 폭탄에 분통",
    "통신사 결합할인 누락 수년째... 소비자 \"알아서 챙겨야 하나\" <{outlet}|>",
    "'모르는 부가서비스' 요금 줄줄... 고령 가입자 피해 속출",
), reach="press", style="news")

fam("ko.delivery_refund.email.press", "email", "delivery_refund", (
    """제목: [취재 협조 요청] 환불 지연 관련
안녕하세요, {outlet} 유통팀 기자입니다.
귀사 {mall} 이용자 G씨는 "반품한 지 한 달이 넘었는데 환불이 안 되고, 문의할 때마다 '확인 중'이라는 말만 듣는다"고 말했습니다.
환불 처리 지연 사유와 개선 계획을 {date}까지 알려 주시기 바랍니다.""",
    """제목: 라이브커머스 판매 상품 관련 질의
안녕하세요. {outlet}입니다.
라이브 방송에서 판매된 {item}에 대해 "설명과 다른 제품이 왔다"는 제보가 여러 건 들어왔습니다.
?: 제보자 중 일부는 "공정위 신고를 준비 중"이라고 밝혔습니다. ## +regulator_threat
교환·환불 정책에 대한 입장을 부탁드립니다.""",
), reach="press", style="news")

fam("ko.device.tweet.news", "tweet", "device", (
    "[단독] \"개통 <열흘|일주일> 만에 화면 먹통\" {phone} 불량 호소 잇따라... 교환은 '하늘의 별 따기'",
    "통신사 임대 <공유기|셋톱박스> 발열 논란... 이용자 \"만지기 무서울 정도\" <{outlet}|>",
    "A/S <한 달|3주> 대기... \"부품 없다\"는 말만 반복, 이용자 불만 커져",
    "{outlet} 새 {phone} 배터리 <부풀음|급속 방전> 신고 늘어... 제조사 \"조사 중\"",
), reach="press", style="news")
fam("ko.billing.call.muttered_swear", "call", "billing", (
    """C: 이번 달 요금이 왜 이래요... 아 씨, 진짜. ## dbt ang
A: 고객님, 어떤 부분이 이상하신지 같이 보겠습니다.
C: {amount:이요}. 아 짜증 나 진짜.
A: 소액결제 금액이 포함돼서 그렇습니다. 상세 내역 보내드릴게요.""",
    """C: 하 미치겠네, 또 할인 빠졌어요? ## dbt ang
A: 네 확인해 보니 결합 할인이 빠져 있네요. 바로 다시 적용하겠습니다.
C: 매번 이러니까 욕이 나오죠. ## dbt
A: 불편을 드려 죄송합니다. 차액은 다음 달에 돌려드리겠습니다.""",
    """C: 통화 녹음은 해 둘게요. 혹시 몰라서요. ## dbt
A: 네, 그러셔도 됩니다. 청구 정정 건 진행해 드리겠습니다.
C: 네, 처리 결과는 문자로 주세요.""",
))

fam("ko.inquiry.call.keyword_questions", "call", "inquiry", (
    """C: 방통위에서 지원금 상한 없앤다던데 그럼 폰 값이 싸지는 건가요? ## hn
A: 제도 변경 시점에 맞춰 지원금이 바뀔 수 있는데요, 확정되면 안내드리겠습니다.
C: 아 네, 그때 바꿔야겠네요.""",
    """C: 명의도용 방지 서비스는 어떻게 가입해요? 뉴스 보고 걱정돼서요. ## hn
A: 앱이나 홈페이지에서 무료로 신청하실 수 있어요. 지금 바로 도와드릴까요?
C: 네, 해 주세요.""",
    """C: 저 신문사 기자인데요, 회사 법인폰 요금제 어떤 게 있는지 궁금해서요. ## hn
A: 법인 요금제는 회선 수에 따라 할인이 달라집니다. 자료 메일로 보내드릴까요?
C: 네, 보내 주세요.""",
    """C: 회의 녹음 앱 쓰면 데이터 많이 나가요? ## hn
A: 녹음 자체는 데이터를 쓰지 않고, 클라우드에 올릴 때만 사용됩니다.
C: 아 그렇군요.""",
    """C: 세 번째 회선 추가하면 가족 할인이 더 커지나요? ## hn
A: 네, 세 회선부터는 할인율이 올라갑니다.
C: 알겠습니다. 생각해 볼게요.""",
), hard_negative=True)

fam("ko.sales_contract.call.signup_request", "call", "sales_contract", (
    """C: 번호이동으로 가입하려고요. 지금 다른 통신사 쓰고 있어요. ## hn
A: 네 고객님, 원하시는 단말기와 요금제 있으세요?
C: {phone}<이랑|하고> {plan:이요}.
A: 가입 조건 안내드리고 바로 신청서 작성 도와드리겠습니다.""",
    """C: 인터넷이랑 TV 새로 들어가려고요. 사은품은 뭐 있어요?
A: {net}<이랑|과> TV 같이 가입하시면 {gift} 드립니다.
C: 그럼 그걸로 가입할게요.""",
    """C: 약정 끝나서 재약정하려고요. 재약정하면 할인 다시 받는 거죠?
A: 네, {months}개월 재약정하시면 요금 할인이 다시 적용됩니다.
C: 네, 그렇게 해 주세요.""",
), hard_negative=True)

fam("ko.praise.call.sincere", "call", "praise", (
    """C: 지난번 상담원분이 참 친절하셨어요. 한참 헤매는데 끝까지 기다려 주셨거든요. ## hn
A: 말씀 감사합니다. 해당 상담원에게 꼭 전달하겠습니다.
C: 네, 수고하세요.""",
    """C: 해지하러 전화했는데 붙잡지도 않고 바로 처리해 주셔서 놀랐어요. 고마웠어요. ## hn
A: 그동안 이용해 주셔서 감사했습니다. 좋은 말씀 전달하겠습니다.""",
    """C: 명의도용 때문에 경황이 없었는데 차분하게 도와주셔서 감사해서 전화했어요. ## hn
A: 많이 놀라셨을 텐데 이렇게 연락 주셔서 감사합니다.
C: 덕분에 잘 해결됐어요.""",
), hard_negative=True)

fam("ko.installation.call.abuse", "call", "installation", (
    """C: 기사 오늘 안 온다고? 너네 장난해? ## ang
A: 죄송합니다 고객님. 가장 빠른 일정으로 다시 잡아 드리겠습니다.
C: 너 같은 <무능한|한심한> 것들이랑 말하기도 싫다. 야, 니 상사 바꿔. ## +customer_abuse
A: 고객님, 폭언은 삼가 주세요. 책임자 연결해 드리겠습니다.""",
    """C: 설치 기사 그 <XX|인간> 다시 오면 <죽여버릴 거야|가만 안 둬>. 알아서 해. ## +customer_abuse vio ang
A: 고객님, 위협 발언은 기록됩니다. 다른 기사님으로 배정해 드리겠습니다.""",
    """C: 언니, 설치 일정 말고 언니 번호나 알려 줘. ## +customer_abuse
A: 고객님, 설치 일정 외 문의는 답변드리기 어렵습니다.
C: 아 농담이야, 농담. 왜 그렇게 정색해. ## +customer_abuse""",
))

fam("ko.privacy.chat.billing_vs_fraud", "chat", "privacy", (
    """C: 제가 안 한 결제가 폰으로 {small} 나갔어요 누가 제 번호로 결제한 것 같아요 ## hn
A: 결제 내역 확인해 보니 {date}에 게임 결제로 승인되었습니다
C: 저 게임 안 해요 인증 문자도 못 받았어요
A: 부정 결제로 신고 접수하고 결제 차단 설정해 드렸습니다""",
    """C: 제 명의로 인터넷이 하나 더 가입돼 있는데 저는 모르는 주소예요 ## hn
A: 확인해 보니 {region} 주소로 가입되어 있습니다. 명의도용 신고 접수 도와드릴게요
C: 네 빨리 막아 주세요""",
    """C: 해킹당한 것 같아요. 카톡으로 제 번호로 가입 인증이 계속 와요
A: 즉시 회선 보호 조치하고 비밀번호 변경 안내드리겠습니다
C: 감사합니다. 다른 데도 털렸을까 봐 무서워요""",
))

fam("ko.billing.chat.kid_payment", "chat", "billing", (
    """C: 소액결제 내역이 이상해서 봤더니 애가 게임에서 결제한 거더라고요 ## hn
A: 가족분 결제로 확인되면 부정 결제가 아니라서 취소는 어렵지만, 결제 한도를 낮춰 드릴 수 있어요
C: 네 한도 0원으로 해 주세요""",
    """C: 이번 달 콘텐츠 이용료 {small:이} 나왔는데 제가 구독한 게 맞네요 ㅎㅎ 해지만 해 주세요 ## hn
A: 네, 구독 해지 처리해 드렸습니다
C: 감사합니다""",
    """C: 가족 폰 요금을 제 카드로 한 번에 내고 싶어요 ## hn
A: 통합 청구로 묶어 드리면 가능합니다. 가족분 동의가 필요해요
C: 동의 문자 보내 주세요""",
), hard_negative=True)

fam("en.billing.ticket.roaming", "ticket", "billing", (
    """[Billing] Roaming charged despite day pass
I bought the roaming day pass before my trip to <Japan|Vietnam|the US>, but my bill shows {amount_en} in per-MB roaming charges.
Please correct the bill.""",
    """[Billing] Price went up without notice
My monthly charge went from <₩55,000|₩49,500|₩62,000> to {amount_en} with no notice.
Please explain the increase.
?: If it isn't explained I'll move to another carrier. ## +churn_intent""",
    """[Billing] Wrong name on invoice
The invoice shows my old plan name. Please update it to the {plan_en} I switched to on {date_en}.""",
    """[Billing] Same overcharge, again
This is my {nth_en} ticket about the same <overcharge|wrong fee>. Nobody has replied. ## +repeat_contact ang""",
))

fam("en.device.ticket.router", "ticket", "device", (
    """[Device] Router overheating
The rented {device_en} gets very hot and the Wi-Fi drops every <hour|few hours>. Please replace it.""",
    """[Device] Set-top box error code
The box shows error <E-201|E-504|1004> and no channels load. Restarting doesn't help.""",
    """[Device] Replacement also faulty
The replacement {device_en} I got on {date_en} has the same fault. Please send a different model.""",
    """[Device] Phone won't charge
My {phone_en}, bought {days} days ago, stopped charging. I'd like an exchange.""",
))

fam("en.cancellation.email.press", "email", "cancellation", (
    """Subject: Press inquiry: cancellation complaints
Hello, I'm a reporter at <Seoul Tech Weekly|Korea Consumer Times|Expat Daily>.
A reader, Ms. <K|L>, says she asked <five|four> times to cancel her {net_en} and was "<kept on hold and offered discounts every time|told to call back next week, again and again>".
?: She told us she has recordings of every call. ## +publicity_threat
Could you comment by {date_en}?""",
    """Subject: Request for comment: retention practices
Hello, we're preparing a story on how carriers handle cancellations.
Several foreign residents say agents "refused to process the cancellation" until they <threatened to complain|gave up>.
?: One of them says he has filed a complaint with the Korea Communications Commission. ## +regulator_threat
Please let us know your policy.""",
), reasons=("churn_intent", "agent_obstruction"), reach="press", style="news", n=12)

fam("en.privacy.tweet.news", "tweet", "privacy", (
    "Data breach at major carrier may affect <millions|foreign residents>; users say they \"heard nothing from the company\"",
    "Victims of SIM-swap fraud say carrier \"<took days to respond|blamed them>\", <{region_en} police investigating|police investigating>",
    "<Expats|Residents> report phone lines opened in their names without consent, <carrier reviewing ID checks|questions over ID checks>",
), reach="press", style="news", n=12)


# =============================================================================================
# Korean families, third batch: repeated contacts, publicity threats, more sources per topic
# =============================================================================================

fam("ko.cancellation.call.son_on_behalf", "call", "cancellation", (
    """C: 아 네, 저희 어머니 명의 {net} 해지하려고 아들이 대신 전화드렸어요. 어머니가 요양병원에 계셔서요.
A: 네 고객님, 그런데 명의자분 동의가 필요해서요. 혹시 어머님 통화가 가능하실까요?
C: 지금은 어렵고요, 서류는 다 준비해 놨어요. 가족관계증명서랑 위임장이요.
A: 그래도 본인 통화 없이는 해지가 어렵습니다. 대신 요금을 낮춰 드리는 건 어떠세요?
C: 아니 쓰시는 분이 병원에 계신다니까요. 요금이 문제가 아니라고요. ## ang
A: 규정상 어렵습니다. 다음에 어머님이랑 같이 매장 방문해 주세요.
C?: 병원에 누워 계신 분을 어떻게 모시고 가요? 이 통화 녹음했고요, <기자한테 제보할 겁니다|방송국에 제보할 거예요>. ## +publicity_threat""",
    """C: 아버지가 돌아가셔서 휴대폰 해지하려고요. 벌써 {nth} 전화예요. ## +repeat_contact
A: 상심이 크시겠습니다. 사망 해지는 서류 확인 후 진행되는데요, 혹시 가족분 명의로 승계하시는 건 어떠세요?
C: 승계 안 해요. 해지만 해 주세요.
A: 그럼 서류 접수 후 담당 부서에서 다시 연락드리겠습니다.
C: 지난번에도 서류 다 보냈는데 연락 준다고만 하고 아직이잖아요.
C?: 이번에도 안 되면 <방통위에|소비자원에> 민원 넣을게요. ## +regulator_threat""",
), reasons=("churn_intent", "agent_obstruction"), team="해지방어")

fam("ko.cancellation.ticket.not_processed", "ticket", "cancellation", (
    """[해지] 해지 후에도 요금 청구
{date}에 {net} 해지 접수를 했는데 {month} 요금이 또 청구되었습니다.
해지 처리 여부 확인과 이후 요금 환불을 요청합니다.
?: 같은 문제로 벌써 {nth} 문의입니다. ## +repeat_contact""",
    """[해지] 해지 요청이 계속 다른 부서로 넘어갑니다
해지를 요청하면 '해지 전담 부서로 연결해 드린다'며 <세 번|네 번> 돌려졌고 결국 아무도 처리하지 않았습니다. ## +agent_obstruction +repeat_contact
오늘 안으로 해지 처리해 주십시오.
?: 계속 이러면 국민신문고에 민원을 올리겠습니다. ## +regulator_threat""",
    """[해지] 약정 만료 후 해지 신청
약정이 {date}에 끝났습니다. {tv} 해지를 신청하며, 셋톱박스 반납 방법을 안내해 주세요.""",
    """[해지] 해외 이주로 인한 해지
<해외 취업|해외 이민>으로 {date}에 출국합니다. 출국 전 모든 회선 해지를 원합니다.
위약금 면제 대상인지 확인 부탁드립니다.""",
), reasons=("churn_intent",))

fam("ko.network.note.repeat", "note", "network", (
    """동일 장애 재문의 {k}회 ## +repeat_contact
<선로 교체 요청|상급 기사 배정>""",
    """같은 증상 {nth} 인입 ## +repeat_contact
<원격 조치 무효|기사 방문 이력 {two}회>
<고객 강한 불만|고객 격앙> ## ang""",
    """끊김 증상 재발
이전 방문 {day}
<재방문 예약|장비 교체 병행>""",
    """속도 미달 재민원 {k}번째 ## +repeat_contact
<해지 시 위약금 면제 요구|위약금 없이 해지 요구> ## +churn_intent""",
    """<와이파이|IPTV> 끊김 재인입
<{nth} 연락이라며 항의|{nth} 전화라고 함> ## +repeat_contact
고객 <언론 제보|커뮤니티 게시> 언급 ## +publicity_threat""",
), team="기술지원")

fam("ko.billing.call.repeat_escalation", "call", "billing", (
    """C: 저 이번이 {nth} 전화예요. 지난달부터 계속 같은 얘기 하고 있어요. ## +repeat_contact ang
A: 정말 죄송합니다. 이전 상담 이력 보니 결합 할인 재적용 요청이 세 번 접수돼 있네요.
C: 세 번 접수만 되고 한 번도 처리가 안 됐잖아요.
A: 이번에는 제가 팀장님께 바로 올려서 오늘 중으로 처리되게 하겠습니다.
C?: 오늘도 안 되면 <방통위|소비자원>에 그대로 신고합니다. ## +regulator_threat""",
    """C: 같은 문제로 <또|다시> 전화드렸어요. 벌써 {nth} 거는 거예요. ## +repeat_contact
A: 확인해 보니 {addon} 환불 건이 아직 처리 중으로 되어 있네요.
C: 처리 중이라는 말만 한 달째예요.
A: 환불 예정일을 {date:으로} 확정해서 문자 드리겠습니다.""",
    """C: 두 번째 전화드리는 건데요, 지난번에 요금 조정해 주신다고 한 거 반영이 됐나 해서요. ## hn
A: 네 고객님, 이번 달 청구서에 {small} 차감 반영되어 있습니다.
C: 아 됐네요. 감사합니다.""",
))

fam("ko.delivery_refund.tweet.publicity", "tweet", "delivery_refund", (
    "{mall} 환불 <한 달째|3주째> 안 해줌 ㅋㅋ 상담 캡처 다 모아놨다 <유튜브|블로그>에 정리해서 올림 ## +publicity_threat",
    "교환 <세 번째|네 번째> 거절당함 진짜 <기자 제보|방송 제보> 간다 ## +publicity_threat +repeat_contact",
    "환불 안 해주면 <맘카페|커뮤니티>에 다 올린다고 했더니 그제서야 연락 옴 ㅋㅋ 진작 좀 해주지 ## +publicity_threat",
    "{item} 불량인데 환불 거부 ㅋㅋ <공정위|소비자원> 신고 준비 중 다들 조심하세요 ## +regulator_threat",
), reach="mixed")

fam("ko.installation.chat.repeat", "chat", "installation", (
    """C: 벌써 {nth} 문의예요. 설치 날짜 확정됐다는 연락이 아직도 없어요 ## +repeat_contact ang
A: 기다리시게 해 드려 죄송합니다. 설치팀 일정 확인해 보겠습니다
C: 확인만 하지 말고 날짜를 주세요
A: {date} {time:으로} 확정했습니다. 기사님이 하루 전에 연락드립니다""",
    """C: 개통 안 된 거 어제도 물어봤는데 아직 그대로예요
A: 전산 오류가 있었습니다. 지금 다시 개통 처리했습니다
C: 이제 되네요 ㅎㅎ""",
    """C: 이전 설치 예약했는데 기사님 연락이 없어서 {nth} 채팅 남겨요 ## +repeat_contact
A: 번거롭게 해 드려 죄송합니다. 담당 기사님께 바로 연락드리라고 전달했습니다
C?: 이번에도 안 되면 그냥 다른 통신사로 새로 가입할게요 ## +churn_intent""",
))

fam("ko.device.call.publicity", "call", "device", (
    """C: {phone} 개통 일주일 만에 화면이 나갔는데 매장에서는 교환이 안 된대요. ## ang
A: 제조사 불량 판정이 있어야 교환이 가능해서요, 서비스센터 점검부터 받으셔야 합니다.
C: 점검받았고 불량 판정서도 있어요.
A: 그러면 구매하신 매장에서 교환 처리해 드릴 거예요.
C: 그 매장이 안 된다니까요. <유튜브에 불량 영상이랑 같이 다 올릴게요|지역 커뮤니티랑 리뷰에 다 올릴 거예요>. ## +publicity_threat""",
    """C: 셋톱박스 세 번 바꿨는데 또 고장이에요. 이거 구조적인 문제 아니에요? ## ang
A: 교체 이력 확인했습니다. 이번엔 다른 모델로 보내드리겠습니다.
C: 지금까지 통화 전부 녹음해 놨어요. <방송국에|언론에> 제보할까 생각 중이에요. ## +publicity_threat""",
    """C: 수리 맡긴 {phone:이} 더 망가져서 왔어요. 카메라까지 안 돼요. ## ang
A: 수리 과정에서 생긴 문제인지 확인하겠습니다.
C: 확인이고 뭐고 새걸로 교환해 주세요. 안 그러면 <블로그에|카페에> 사진이랑 다 올립니다. ## +publicity_threat""",
))

fam("ko.agent_conduct.chat.hostile_agent", "chat", "agent_conduct", (
    """C: 앱에서 요금제 변경이 안 돼요
A: 고객님이 잘못 누르신 거예요 ㅎㅎ 다시 해 보세요
C: 몇 번을 해도 오류가 나요
A: 다른 분들은 다 잘 하시던데요. 천천히 읽어 보세요""",
    """C: 환불 언제 돼요? 어제도 물어봤어요
A: 어제 답변드렸잖아요. 같은 질문 반복하지 마세요
C: 날짜를 말 안 해 줬잖아요
A: 그건 저도 몰라요. 기다리세요""",
    """C: 외국인인데 한국어가 서툴러서 천천히 설명 부탁드려요
A: 한국에 사시면 한국어 좀 배우셔야죠
C: 지금 뭐라고 하셨어요?
C?: 이 대화 캡처해서 <SNS에|커뮤니티에> 올리겠습니다 ## +publicity_threat""",
), reasons=("agent_hostility",))

fam("ko.other.tweet.news_share", "tweet", "other", (
    "[경제] 통신 3사 <3분기|상반기> 실적 발표... <5G 가입자 증가|영업이익 소폭 감소>",
    "{outlet} 통신사 새 요금제 출시 <예정|발표>... <청년층|시니어> 겨냥",
    "[IT] <6G|위성 통신> 기술 시연회 개최... 업계 관계자 대거 참석",
    "통신사 <광고 캠페인|신규 광고> 화제... <모델 발표|조회수 100만 돌파> <{outlet}|>",
), reach="press", style="news", hard_negative=True, n=24)

fam("ko.privacy.call.publicity", "call", "privacy", (
    """C: 개인정보 유출 문자 받았는데요, 어떤 정보가 나갔는지 아무도 설명을 안 해 줘요. ## ang
A: 현재 유출 항목을 확인 중이며 확인되는 대로 개별 안내드리겠습니다.
C: 벌써 2주째 확인 중이래요. <기자들한테 제보할 거예요|방송국에 제보하겠습니다>. ## +publicity_threat""",
    """C: 제 명의로 폰이 개통됐는데 대리점은 본사 탓, 본사는 대리점 탓만 해요.
A: 명의도용 조사 요청은 접수되었고 결과가 나오는 대로 안내드리겠습니다.
C: 이 통화 녹음하고 있고요, 해결 안 되면 <유튜브에|인터넷에> 그대로 공개합니다. ## +publicity_threat""",
    """C: 유심 해킹으로 계좌에서 돈이 빠져나갔어요. 통신사 책임 아니에요? ## ang
A: 피해 경위 조사를 위해 경찰 신고와 함께 피해 접수를 도와드리겠습니다.
C?: 피해자 모임에서 <집단소송|단체 소송> 한다는데 저도 참여할 거예요. ## +regulator_threat
C?: <언론 인터뷰|방송 인터뷰>도 하기로 했어요. ## +publicity_threat""",
))

fam("ko.sales_contract.call.son_publicity", "call", "sales_contract", (
    """C: 저희 아버지가 {shop}에서 폰 바꾸셨는데, 필요도 없는 태블릿이랑 {addon}까지 가입돼 있어요. 아들이에요.
A: 가입 내역 확인했습니다. 명의자분 동의하에 가입된 걸로 되어 있습니다.
C: 여든 넘으신 분이 뭘 아시고 동의하셨겠어요? 설명도 제대로 안 했대요. ## ang
A: 판매점 조사를 요청드리겠습니다.
C?: 이거 <블로그에|커뮤니티에> 다 올리고 <기자한테도|방송에도> 제보할 겁니다. 노인들 상대로 이러면 안 되죠. ## +publicity_threat""",
    """C: 판매점에서 요금제 설명을 거짓으로 했어요. 통화 녹음 있어요.
A: 녹음 파일을 보내 주시면 조사 요청하겠습니다.
C: 녹음 들어 보시면 아실 거예요. <해결 안 되면 인터넷에 공개합니다|안 되면 언론에 넘길 거예요>. ## +publicity_threat""",
))


# =============================================================================================
# English families, second batch: negations, near misses, debatable cases
# =============================================================================================

fam("en.billing.call.hedged", "call", "billing", (
    """C: I'm not going to report anyone or post about it, I just want the extra {amount_en} explained. ## hn
A: Of course. Most of it is a device instalment that started this month.
C: Ah, that makes sense. Thanks.""",
    """C: I'll keep a recording of this call, just in case. ## dbt
A: That's fine. Let me look at the roaming charges on your bill.
C: Okay, please send me the breakdown afterwards.""",
    """C: Honestly I thought about complaining to the consumer agency, but let's just fix it here. ## hn
A: Thank you. I've removed the late fee and applied the missing discount.
C: Great, that's all I wanted.""",
    """C: Damn it, the bill's wrong again. ## dbt ang
A: I'm sorry. Let me check what happened with the discount.
C: Just fix it, please.""",
), hard_negative=True, n=14)

fam("en.network.tweet.joke", "tweet", "network", (
    "my wifi is so slow i finished <a whole sandwich|two coffees> waiting for one page to load lol ## dbt",
    "the 5G logo on my phone is just <vibes|decoration> at this point haha ## dbt",
    "<every evening at 9pm|every time it rains> my internet takes a little nap. <relatable tbh|same honestly> ## dbt",
    "my router and i have a <complicated|love-hate> relationship <lol|😅> ## dbt",
), reach="high", n=9)

fam("en.installation.call.second_contact", "call", "installation", (
    """C: Hi, calling again, this is my second call about the installation date.
A: Thanks for your patience. I can see the request; the technician is booked for {date_en}.
C: Perfect, thank you.""",
    """C: I emailed yesterday about moving my internet, just following up once.
A: Yes, your transfer is confirmed for {date_en} in the afternoon.
C: Great.""",
    """C: Second time asking, sorry, did my SIM activation go through?
A: It's active now. Please restart your phone.
C: It works, thanks.""",
), hard_negative=True, n=12)

fam("en.other.tweet.ads", "tweet", "other", (
    "[Ad] Switch carriers today, we pay your cancellation fee! DM for details ## hn",
    "Sponsored: unlimited 5G for <₩29,000|₩33,000> a month, no contract. Link in bio ## hn",
    "Cheap iPhones, no instalments, <today only|limited stock>. Message us <📱|>",
    "<Need a phone plan?|New in Korea?> Foreigner-friendly SIMs, <English support|no ARC needed>, <DM us|link in bio> ## hn",
    "<Follow us|Follow for more> for daily <Korea travel tips|Seoul food spots> <✨|🇰🇷>",
), n=12)

fam("en.inquiry.chat.keywords", "chat", "inquiry", (
    """C: which phone has a good call recording feature? ## hn
A: Most Android phones record calls natively; the {phone_en} does too.
C: cool thanks""",
    """C: how do I sign up for the identity theft protection service? ## hn
A: You can turn it on in the app under Security, it's free.""",
    """C: I'm a journalist and need a phone plan with lots of data for travel, any suggestions? ## hn
A: The {plan_en} has the biggest data allowance.""",
), hard_negative=True, n=12)


# =============================================================================================
# Korean families, fourth batch: new writer styles (community boards, app reviews, Kakao-style
# bursts, STT transcripts with recognition errors), agent conduct, neutral questions, commerce
# refunds, praise and sarcasm, chatter, publicity phrasings, repeat contacts, retention loops
# =============================================================================================

_POOLS.update({
    "board": ("뽐뿌", "클리앙", "더쿠", "에펨코리아", "지역 맘카페", "동네 카페", "네이트판", "디시 폰갤"),
    "stars": ("★☆☆☆☆", "별점 1점", "1점", "⭐", "별 하나도 아까움"),
    "carrier_x": ("A통신", "B텔레콤", "C모바일", "모 통신사", "ㅇㅇ통신"),
})

# --- agent_conduct ---------------------------------------------------------------------------

fam("ko.agent_conduct.call.stt_sigh_hangup", "call", "agent_conduct", (
    """C: 어 저기요 그니까 제가 아까 말씀드린 게 <요금 조회가|요금 조희가|명세서가|명세소가> 앱에서 안 열린다는 거거든요
A: (한숨) 네네 알겠고요, 앱 껐다 켜 보시라고요 아까.
C: 음 껐다 켰는데도 그래서 전화한 거라니까요 제 말 좀
A: 고객님 제 말 끝까지 들으세요. 안 되면 고객님 폰이 문제예요.
C: 아니 말을 왜 자르세요? 지금 <저한테 짜증 내시는|저 무시하시는> 거예요?
A: 짜증 낸 적 없는데요. 다른 거 없으시면 끊을게요.
C?: 어 이거 다 녹음 떴어요. <네이트판에|블라인드에|맘카페에> 그대로 올릴 거예요 ## +publicity_threat""",
    """C: 여보세요 음 {day} <기사님|기산님|기사 님> 방문 건 때문에 <전화했는데요|연락드렸는데요|전화 했는데 요>
A: 네 그래서요?
C: 아 그 어 기사님이 <시간 맞춰|말도 없이> 안 오셔서 다시 잡으려고요
A: 아 그거 고객님이 집에 없으셨던 거잖아요. 기사가 갔다는데 왜 저희한테 그러세요.
C: 그니까 저 하루 종일 집에 있었다니까요
A: 그건 저는 모르겠고요 기록상 부재예요. (뚝)
C?: 벌써 <세 번째|네 번째> 전화하는 건데 매번 이런 식이에요 ## +repeat_contact ang""",
    """C: 저기 <본인 확인|본인 인증> 문자가 안 와서요 음
A: 생년월일 다시 불러 주세요. 아까도 틀리셨잖아요.
C: 어 네 다시 <불러|말씀> 드릴게요
A: 하... 고객님 그것도 기억을 못 하시면 어떡해요. 천천히 하세요 천천히. 애 다루듯이 해 드려야 돼요?
C: 말씀이 좀 심하신 거 아니에요?
A: 제가 뭘요. 사실대로 말한 건데요.""",
    """C: 그 <데이터가|인터넷이> 이상하게 음 빨리 닳는 거 같아서요
A: 쓰신 만큼 닳는 거예요 고객님. 요즘 애들도 아는 걸
C: 네? 지금 뭐라고 하셨어요
A: 아니 뭐 그냥 그렇다고요. 뭘 그렇게 예민하게 받아들이세요 ㅎ
C: 어이가 없네 진짜 상담을 이렇게 해요? ## ang
C?: 방금 그 말 녹음된 거 아시죠? 유튜브에 그대로 틀어 드릴게요 ## +publicity_threat""",
), reasons=("agent_hostility",))

fam("ko.agent_conduct.call.report_technician", "call", "agent_conduct", (
    """C: <네|아 네> 수리 기사님 때문에 항의하려고요. {day}에 오신 분이요.
A: 네 고객님, 어떤 일이 있으셨어요?
C: 기사님이 <신발을 신은 채로|흙 묻은 신발 그대로> 거실까지 들어오셔서 제가 벗어 달라고 했더니 '금방 끝나요' 하고 무시하시더라고요. ## +agent_hostility
C: 거기다 <공유기|셋톱> 설치하면서 계속 혼잣말로 욕을 하시고요. ## +agent_hostility
A: 정말 죄송합니다. 방문 기사 확인해서 협력사에 조치 요청하겠습니다.
C?: 이 문제로 <벌써 세 번째|오늘만 세 번째> 전화인데 매번 확인하겠다는 말만 들었어요 ## +repeat_contact""",
    """C: 기사님이 설치하다가 <벽지를 찢어 놓고|바닥을 긁어 놓고> 말도 없이 가셨어요.
A: 아이고 불편을 드려 죄송합니다. 사진 있으실까요?
C: 사진 있어요. 근데 더 화나는 건 제가 전화하니까 '원래 그래요, 그 정도는 다들 그냥 넘어가요'라고 하시더라고요. ## +agent_hostility
A: 해당 기사님께 사실 확인하고 보상 절차 안내드리겠습니다.""",
    """C: <어머니|할머니> 댁에 설치 기사님 오셨는데 <반말로|큰 소리로> '할머니 이거 만지지 마요' 하고 윽박질렀대요. ## +agent_hostility
A: 어르신께서 많이 놀라셨겠습니다. 정말 죄송합니다.
C: 어머니가 <무서워서|서운해서> 우시면서 전화하셨어요. 그 기사 다시는 안 보냈으면 좋겠어요.
A: 네, 배정 제외 요청하고 팀장이 직접 사과 전화드리도록 하겠습니다.
C?: 제대로 조치 안 하면 <지역 카페에|맘카페에> 기사 얼굴이랑 다 올릴 거예요 ## +publicity_threat""",
    """C: 설치 기사님이 작업 끝나고 <담배를|전자담배를> 현관에서 피우고 가셨어요. 애도 있는 집인데요.
A: 정말 죄송합니다. 방문 일자 확인하겠습니다.
C: {date}요. 뭐라고 하니까 '밖인데 뭐 어때요' 하고 웃으시더라고요. ## +agent_hostility
A: 협력사에 통보하고 결과 알려 드리겠습니다.""",
))

fam("ko.agent_conduct.tweet.rude_staff", "tweet", "agent_conduct", (
    "{shop} 직원 <요금제 물어보니까|약정 물어봤더니> <피식 웃음|비웃음> ㅋㅋ 모르면 물어볼 수도 있지 사람 <무시하나|바보 만드네> <😡|🤬|>",
    "고객센터 상담원이 나한테 <반말함|반말 섞어서 말함> ㅋㅋ 내가 <친구냐|동네 동생이냐> ㄹㅇ",
    "상담원 한숨 소리 <실화냐|다 들림> '<하아… 그러니까요 고객님|네네 그래서요>' 이러는데 <내가 죄인임?|기분 개별로> ## ang",
    "기사님 <신발 신고|신발 신은 채로> 방까지 들어옴 ㅡㅡ 벗어달라니까 '금방 가요' 이러고 <끝|무시>",
    "상담원한테 <환불|요금> 얘기하다가 말 <세 번|계속> 끊김 그리고 '제 말 들으세요' ㅋㅋㅋ 니 말 들으러 전화한 거 아닌데",
    "<매장|대리점> 직원이 '이것도 모르고 폰 쓰세요?' 이럼 ㅋㅋ 나이 많으면 <무시해도 됨?|막 대해도 됨?> <ㅠㅠ|ㅡㅡ>",
    "전화 도중에 상담원이 <그냥 끊어버림|뚝 끊음> ㅋㅋ 다시 걸었더니 <{wait}|40분> 대기 <😇|🙃>",
), reasons=("agent_hostility",), reach="mixed", tags=("#고객센터", "#불친절", "#상담원"))

fam("ko.agent_conduct.tweet.community_post", "tweet", "agent_conduct", (
    """[{board}] 통신사 상담원 응대 이게 맞음?
오늘 요금 문의로 전화했는데 상담원이 처음부터 <귀찮다는 말투였음|짜증 섞인 목소리였음>.
질문 두 개 했더니 '아까 말씀드렸잖아요' 하면서 <한숨 쉼|비꼼>. ## +agent_hostility
결국 해결도 안 되고 기분만 상함.
?: 녹음 파일 있는데 반응 보고 올릴지 생각 중 ## dbt""",
    """제목: 대리점 직원한테 무시당한 썰
부모님 폰 바꾸러 {shop} 갔는데 직원이 우리 아빠한테 계속 반말함. ## +agent_hostility
아빠가 뭐 물어보니까 '그냥 여기 사인만 하시면 돼요' 하고 설명도 안 해줌.
다른 매장 가서 바꿨음. 진짜 <어이없었음|화났음>.""",
    """[후기] 인터넷 설치 기사님 최악이었음
오자마자 <신발 신고 들어오더니|집 좁다고 궁시렁대더니> 선 정리하라고 나한테 짜증냄. ## +agent_hostility
<공유기 위치 물어보니까|뭐 물어보면> '알아서 할게요' 하고 무시함.
본사에 민원 넣었는데 답변 기다리는 중임.""",
    """[{board}] 상담원이 책임 떠넘기는 거 나만 겪음?
문제 생겨서 전화하면 '그건 판매점 잘못이에요', 판매점 가면 '본사에 물어보세요'.
결국 <두 달째|한 달째> 해결 안 됨. 서로 남 탓만 함.
?: 이번 주 안에 안 되면 녹취랑 다 정리해서 여기 다시 올릴게요 ## +publicity_threat""",
    """제목: 상담 중에 전화 끊겼는데 일부러 끊은 듯
<위약금|요금> 얘기하다가 목소리 좀 높아졌더니 상담원이 '이런 식이면 상담 못 합니다' 하고 바로 끊음.
욕한 것도 아니고 그냥 따졌을 뿐인데… 다시 전화하니까 기록에 '고객 폭언'이라고 적혀 있대. ## +agent_hostility ang""",
), reach="mixed", tags=("#후기", "#고객센터"))

fam("ko.agent_conduct.ticket.store_staff", "ticket", "agent_conduct", (
    """[불만] 대리점 직원의 비웃음
{date}에 {shop}에서 약정 기간을 여쭈었더니 직원이 옆 직원과 눈을 마주치며 웃었습니다. ## +agent_hostility
계약 내용에는 문제가 없으나, 질문하는 고객을 조롱하는 태도가 불쾌했습니다. ## hn
해당 매장 직원 교육을 요청합니다.""",
    """[불만] 상담원 응대 태도 개선 요청
본인 인증 과정에서 제가 생년월일을 한 번 잘못 말하자 상담원이 '그것도 모르세요?'라고 했습니다. ## +agent_hostility
개인정보 문제를 말하려는 것이 아니라 상담원의 말투에 대한 항의입니다. ## hn
녹취 확인 후 회신 부탁드립니다.""",
    """[불만] 콜백 약속 불이행
<요금|A/S|설치> 문의 후 상담원이 {time}까지 다시 연락 주겠다고 했으나 연락이 없었습니다.
<재문의하니|다시 전화하니> 다른 상담원은 그런 기록이 없다고 합니다.
약속한 부분은 지켜 주시기 바랍니다.""",
    """[불만] 상담 중 타 고객 험담
상담원이 통화 대기 중 음소거를 하지 않아 '또 이 사람이야'라는 말을 들었습니다. ## +agent_hostility
고객을 어떻게 생각하는지 알 수 있었습니다.
?: 재발 시 <소비자원|방송통신위원회>에 정식으로 민원을 제기하겠습니다. ## +regulator_threat""",
    """[불만] 매장 직원 응대
{shop}에서 <개통 서류|명의 변경 서류>를 준비해 갔는데 직원이 휴대폰만 보며 {wait:을} 기다리게 했습니다.
다른 손님이 오자 그분부터 응대했습니다.
응대 순서와 태도에 대한 점검을 부탁드립니다.""",
))

fam("ko.agent_conduct.note.qa_review", "note", "agent_conduct", (
    """녹취 확인 결과 상담사 <반말|비꼬는 표현|한숨> 확인 ## +agent_hostility
고객 사과 요청
<팀장 사과 콜 예정|품질팀 코칭 배정>""",
    """<설치|수리> 기사 <실내 흡연|신발 착용 진입|고객 탓 발언> 민원 ## +agent_hostility
협력사 <경위서 요청|패널티 검토>
?: 고객 <맘카페|지역 커뮤니티> 게시 예고 ## +publicity_threat""",
    """통화 중 상담사 일방 종료 주장
녹취상 종료 전 경고 멘트 없음 ## +agent_hostility
<재발 방지 교육|해당 상담사 면담>""",
    """상담사 책임 전가 불만 ('판매점에 물어보라')
<재인입 {k}회|동일 건 {nth} 인입> ## +repeat_contact
<전담자 배정|팀장 직접 처리>""",
    """콜백 누락 {two}회 불만
<사과 후 당일 처리|담당자 지정>""",
    """대기 {wait} 후 연결됐는데 이관만 반복됐다고 항의
<사과 안내|직접 처리 종결>""",
    """매장 직원 <조롱|막말> 민원 ## +agent_hostility
{shop}
<영업관리팀 이관|매장 점검 요청>""",
), team="고객보호")

fam("ko.agent_conduct.chat.kakao_burst", "chat", "agent_conduct", (
    """C: 저기요
C: 아까 전화 상담한 사람인데요
C: 상담원이 <저한테 소리 질렀어요|제 말을 비웃었어요|반말했어요> ## +agent_hostility
A: 불편을 드려 정말 죄송합니다. 상담 시간 알려 주시겠어요?
C: {time}쯤요
C: 사과 받고 싶어요 진짜 <어이없어서|기분 나빠서> ## ang""",
    """C: 상담사 이름 알려주세요
C: 방금 채팅에서 <'그건 고객님 사정이죠'|'그걸 왜 저한테 물어요'> 이러셨잖아요 ## +agent_hostility
A: 이전 채팅 기록 확인해 보겠습니다. 불쾌하셨다면 사과드립니다
C: <캡처 다 해놨어요|스샷 있어요>
C?: <인스타 스토리에|블로그에|트위터에> 올릴 거예요 ## +publicity_threat""",
    """C: ㅎ..
C: 기사님이 방문해서 <집 더럽다고|구조가 이상하다고> 계속 구시렁대셨어요 ## +agent_hostility
C: 제가 잘못한 것도 아닌데
A: 정말 죄송합니다. 방문 일자 확인 후 협력사에 전달하겠습니다
C: 네 꼭요""",
    """C: 아니 상담원이 전화를 그냥 끊어버렸어요
C: 제가 <해지|환불> 얘기 꺼내자마자요 ## +agent_hostility
A: 통화 중 끊김이 발생했을 수도 있어 확인해 보겠습니다
C: 끊기기 전에 '아 진짜' 하는 소리 다 들었거든요? ## ang""",
))

fam("ko.agent_conduct.email.press_inquiry", "email", "agent_conduct", (
    """제목: [취재 문의] 콜센터 상담원 막말 제보 관련
안녕하세요, {outlet} 사회부 기자입니다.
{age} 가입자 A씨는 "요금을 물었더니 상담원이 '그것도 이해 못 하시냐'며 웃었다"고 토로했습니다. ## +agent_hostility
A씨는 당시 통화 녹취를 보유하고 있다고 밝혔습니다.
해당 응대에 대한 회사 입장과 재발 방지 대책을 {date}까지 회신해 주시기 바랍니다.""",
    """제목: 방문 기사 고객 응대 관련 질의
안녕하세요. {outlet}입니다.
{region}에 사는 B씨는 "설치 기사가 <신발을 신은 채 안방까지 들어왔고|80대 어머니에게 반말로 소리를 질렀고> 항의하자 오히려 짜증을 냈다"고 말했습니다. ## +agent_hostility
?: B씨는 "회사가 사과하지 않으면 <국민청원|방송 제보>까지 하겠다"고 덧붙였습니다. ## +publicity_threat
협력사 기사 관리 방식에 대한 설명을 부탁드립니다.""",
    """제목: [확인 요청] 대리점 직원 고객 조롱 영상
안녕하세요, {outlet} 기자입니다.
한 온라인 커뮤니티에 {shop} 직원이 고령 고객을 비웃는 영상이 올라와 조회수가 크게 늘고 있습니다. ## +agent_hostility
영상 속 고객 가족은 "어르신이라고 무시당했다"며 분통을 터뜨렸습니다.
사실관계와 조치 계획을 알려 주시기 바랍니다.""",
), reach="press", style="news", n=24)

# --- inquiry ---------------------------------------------------------------------------------

fam("ko.inquiry.chat.kakao_questions", "chat", "inquiry", (
    """C: 안녕하세요
C: 데이터 쉐어링 <어떻게 해요|신청 어디서 해요>?
C: <태블릿|스마트워치|노트북>에 쓰려고요
A: 앱 메뉴에서 '데이터 쉐어링'을 누르고 유심을 등록하시면 됩니다
C: 오 <감사합니다|ㄳㄳ|넵>""",
    """C: 로밍 신청하려면
C: <공항 가서 해야 돼요|앱에서 돼요|매장 가야 돼요>?
C: 다음 주에 {country} 가요
A: 앱이나 홈페이지에서 출국 전에 바로 신청하실 수 있어요
C: 아하 <알겠어요|해볼게요>""",
    """C: 멤버십 <등급|혜택> 질문이요
C: <VIP|골드> 되면 뭐가 좋아요?
A: 영화 예매 할인, 카페 쿠폰, 공항 라운지 같은 혜택이 있어요
C: 등급은 어떻게 올려요?
A: 연간 이용 요금 기준으로 정해집니다""",
    """C: {region} 매장
C: <일요일에도|공휴일에도> 열어요?
A: 해당 직영점은 <일요일 휴무|공휴일 오후 5시까지 운영>입니다
C: 넵""",
    """C: 청구서 볼 때요
C: '<단말 할부금|부가세>' 이게 <뭐예요|무슨 뜻이에요>? 그냥 궁금해서요 ## hn
A: 휴대폰 기기값을 나눠 내시는 금액이에요
C: 아 그렇구나 ㅎㅎ""",
), hard_negative=False)

fam("ko.inquiry.call.stt_questions", "call", "inquiry", (
    """C: 어 그 저 <요금제|요금 제|요곰제> 좀 물어보려고요 음 제가 한 달에 데이터를 <한 10기가|한 5기가|많이> 정도 쓰는데 ## hn
A: 네 고객님, 그 정도 쓰시면 {plan:이} 알맞으세요.
C: 아 그 그거 가격이 얼마예요
A: 월 {base:이고} 약정하시면 25% 할인됩니다.
C: 음 네 생각해 볼게요""",
    """C: 네 저기 청년 요금제 있잖아요 그거 <몇 살까지|나이 제한이> 어떻게 돼요
A: 만 34세 이하면 가입 가능하십니다.
C: 아 그 군 복무 하면 <그거 빼주나요|기간 늘어나나요>
A: 네, 복무 기간만큼 나이 기준이 늘어나요.
C: 어 알겠습니다 감사합니다""",
    """C: 음 개인정보 <처리 방침|동의 철회> 그거 어디서 봐요? 문제 있는 건 아니고 그냥 확인하려고요 ## hn
A: 홈페이지 맨 아래 '개인정보 처리방침'에서 보실 수 있어요.
C: 아 네 그리고 마케팅 수신 동의는 <어디서 바꿔요|끌 수 있어요>?
A: 앱 설정에서 바로 변경 가능합니다.""",
    """C: 그 기초 <생활수급자|연금 수급자> 요금 감면 그거 <자격이|조건이> 어떻게 돼요 저희 어머니가
A: 주민센터에서 증명서 받으시고 신청하시면 월 최대 감면이 적용됩니다.
C: 어 그럼 서류는 뭐 뭐 필요해요
A: 수급자 증명서랑 신분증 있으면 됩니다.""",
    """C: 어 여보세요 그 <로밍 로밍|로밍 노밍|로 밍> 신청을 <어떻게|어디서> 하는지 몰라서요 음 {country} 가거든요
A: 기간형 로밍은 앱에서 출국 전에 신청하시면 되고요, 요금은 출국일부터 계산됩니다.
C: 아 그 현지 가서 켜도 돼요?
A: 네, 도착 후 데이터 로밍만 켜시면 됩니다.""",
))

fam("ko.inquiry.tweet.community_question", "tweet", "inquiry", (
    "[{board}] 요금제 추천 부탁드림 <데이터 20기가 정도|유튜브 많이 봄> 월 {base} 이하로 알뜰폰도 괜찮음 ## hn",
    "[질문] 부모님 폰 바꿔드리려는데 <효도폰|시니어 요금제> 뭐가 좋음? 통화만 하심",
    "데이터 쉐어링 <아는 분|해본 분> 태블릿에 유심 꽂으면 바로 됨? 추가 요금 있나요 ## hn",
    "<통신사|ㅇㅇ통신> 멤버십 <영화 할인|편의점 할인> 아직도 돼요? 안 쓴 지 오래돼서 궁금",
    "[{board}] 해외 가는데 로밍 vs 이심 <뭐가 나음|뭐 씀>? {country} 일주일",
    "청구서 모바일로 받는 거 어디서 바꿈? 종이로 와서 <귀찮음|쌓임> ## hn",
), reach="mixed", hard_negative=True)

fam("ko.inquiry.email.eligibility", "email", "inquiry", (
    """제목: <외국인 가입 서류 문의|외국인 등록증으로 가입 가능 여부>
안녕하세요. <외국인 등록증을 발급받은 지 얼마 되지 않은|유학 비자로 체류 중인> 사람입니다.
후불 요금제 가입에 필요한 서류와 <보증금이 있는지|가입 제한이 있는지> 알고 싶습니다.
<회신 주시면 감사하겠습니다.|알려 주시면 고맙겠습니다.>""",
    """제목: <군 장병 요금 할인 자격 문의|입대 예정자 요금 관련 문의>
안녕하세요. <아들이|동생이|조카가> <다음 달|{date}에> 입대합니다.
복무 중 <요금 할인이나 일시정지 제도가|데이터 할인 요금제가|회선 정지 혜택이> 있는지, 신청 자격과 방법을 알려 주세요.
?: <미리 감사드립니다.|바쁘신 중에 감사합니다.>""",
    """제목: <다자녀|한부모|청소년> 가구 할인 문의
안녕하세요. <{region}에 사는|{plan} 쓰는> 가입자입니다.
<다자녀|한부모|저소득> 가구도 요금 할인을 받을 수 있는지, 자격 기준과 <필요한 서류|신청 방법>도 알고 싶습니다.
?: 해당되지 않는다면 비슷한 혜택이 있는지도 알려 주세요.""",
    """제목: 장애인 복지 할인 신청 방법
안녕하세요. 복지 할인 대상 여부를 확인하고 싶습니다.
<장애인 등록증|복지카드>만 있으면 되는지, <가족 명의 회선도|태블릿 회선도|인터넷도> 적용되는지 궁금합니다.
?: <방문 신청만 되는지 온라인도 되는지도|소급 적용이 되는지도> 알려 주세요.""",
    """제목: 요금 청구 기준일 문의
안녕하세요. 청구서를 보다가 궁금한 점이 있어 여쭙니다. 요금 산정 기간이 매월 1일부터 말일까지인지, 가입일 기준인지 알고 싶습니다. ## hn
문제가 있어서가 아니라 가계부 정리 때문에 확인하려는 것입니다. ## hn""",
    """제목: 개인정보 열람 신청 절차
안녕하세요. <회사 보안 교육에서|뉴스에서> 개인정보 열람권에 대해 듣고 문의드립니다. ## hn
제 가입 정보 열람을 신청하려면 어떤 절차를 거쳐야 하는지 설명해 주시면 고맙겠습니다.""",
))

fam("ko.inquiry.note.howto", "note", "inquiry", (
    """데이터 쉐어링 <설정 방법|신청 방법> 안내
<고객 직접 설정 완료|종결>""",
    """로밍 신청 방법 문의 ({country})
앱 신청 경로 안내""",
    """<청년|시니어|복지> 요금제 가입 자격 문의
<조건|필요 서류> 설명""",
    """멤버십 <등급 기준|포인트 사용처> 안내
<문자 발송|종결>""",
    """<직영점|매장> 영업시간 문의, {region}
<안내 완료|위치 문자 발송>""",
    """청구서 <항목 뜻|발송일> 단순 문의, 이의 없음 ## hn
<설명 후 종결|안내 완료>""",
), team="일반상담")

# --- delivery_refund (commerce) --------------------------------------------------------------

fam("ko.delivery_refund.call.card_cancel_stt", "call", "delivery_refund", (
    """C: 어 저기 {mall}에서 {item} <반품했는데요|반품 했는데 요|반품해 는데요> 음 <카드 취소가|카드 치소가|카드 취소> 아직 안 됐어요
A: 주문번호 확인 부탁드립니다.
C: {order:이요}
A: 반품은 {date}에 완료됐고 카드사로 취소 요청은 나갔습니다.
C: 그니까 카드 명세서에 <결제 금액이|{refund:이}> 그대로 청구돼 있다니까요 ## hn
A: 카드사 반영까지 영업일로 3~5일 걸립니다. 그 뒤에도 안 되면 취소 확인서 보내드릴게요.""",
    """C: 여보세요 음 주문 취소했는데 돈이 <두 번|이중으로> 빠져나갔어요 {item} 하나 샀는데
A: 확인해 보니 결제 오류로 두 건이 승인됐습니다. 한 건은 자동 취소 대기 중이에요.
C: 아니 그게 <일주일|열흘>째 대기예요 ## ang
A: 오늘 중으로 수동 취소해 드리겠습니다.
C?: 이 건으로 전화만 <세 번째|네 번째>예요 ## +repeat_contact""",
    """C: 어 그 교환 신청한 {item:이} 회수는 <해 갔는데|됐다는데> 새 상품이 안 와요
A: 교환 상품이 재고 부족으로 출고 대기 중입니다.
C: 음 그럼 그냥 환불해 주세요 기다리기 싫어요
A: 네, 환불로 전환해 드리겠습니다. {days}일 안에 들어갑니다.""",
    """C: 네 {courier} 기사님이 다른 집 거를 저희 집에 두고 가셨어요 그 {item:이} 저희 게 아니에요
A: 오배송이네요, 번거롭게 해 드려 죄송합니다. 회수 접수하고 원래 상품 다시 보내드리겠습니다.
C: 음 그 제 거는 지금 어디 있는 거예요
A: 배송 기록 확인해서 문자 드리겠습니다.""",
))

fam("ko.delivery_refund.tweet.app_review", "tweet", "delivery_refund", (
    "{stars} 배송 <{days}일째|2주째> 준비중 ㅋㅋ 취소하려니까 '출고 완료'라서 안 된대 앱 지움",
    "{stars} 반품 회수는 잘만 해가면서 환불은 <감감무소식|한 달째>. 문의 답변은 복붙 매크로 ## ang",
    "{stars} 주문한 거랑 <다른 색|다른 사이즈|다른 상품> 옴. 교환 신청 버튼 누르면 오류남 ㅡㅡ",
    "{stars} 환불 완료라고 떴는데 카드 취소가 <안 됨|아직 안 들어옴>. 카드사는 가맹점 문의하래고 여긴 카드사 문의하래고",
    "{stars} <라방|특가>에서 산 {item} 박스 다 찌그러져서 옴. 교환하려면 <내 돈 내고|왕복 배송비 내고> 보내래요 ㅋ",
    "{stars} 배송 지연 문자 한 통 없이 <일주일|열흘> 늦음 <고객센터|챗봇>은 연결도 안 됨",
), reach="low", tags=("#앱리뷰", "#배송", "#환불"))

fam("ko.delivery_refund.tweet.community_post", "tweet", "delivery_refund", (
    """[{board}] {mall} 환불 지연 후기 (<빡침 주의|장문 주의>)
{item} 불량이라 {date}에 반품 보냈음. 입고 확인까지 떴는데 환불이 <3주째|한 달째> 안 됨.
고객센터는 '정산팀 확인 중' 무한반복.
?: 이번 주 넘기면 소비자원 간다 ## +regulator_threat""",
    """제목: 오배송인데 반품비를 나보고 내래
{item} 시켰는데 <완전 다른 물건|다른 모델> 옴. 교환 신청했더니 '단순 변심 아니냐'고 반품비 <5천원|6천원> 결제하래.
사진까지 보냈는데 어이없음. ## ang
?: 해결 안 되면 <블라인드|네이트판>에 상담 캡처 <다 올릴 거임|박제함> ## +publicity_threat""",
    """[{board}] 카드 취소 안 되는 거 저만 그럼?
주문 취소 <{day}에|일주일 전에> 했는데 카드값 청구서에 그대로 찍혀 있음. ## hn
판매자는 취소했다고 하고 카드사는 취소 요청이 안 들어왔대서 중간에 붕 뜸.
<경험 있으신 분|해결해 본 분> 조언 좀.""",
    """제목: 교환만 <세 번째|네 번째> 신청 중 ## +repeat_contact
{item} 교환받은 게 또 불량이라 다시 교환 신청함. 이번엔 환불해 달랬더니 교환만 된대서 <또|다시> 교환 넣음.
진짜 지침.""",
), reach="mixed", tags=("#환불", "#교환"))

fam("ko.delivery_refund.chat.kakao_burst", "chat", "delivery_refund", (
    """C: 배송 언제 와요
C: 주문한 지 {days}일 됐는데
C: 아직 상품 준비중이에요
A: 해당 상품이 입고 지연 중입니다. <이번 주 안에|{date}에> 출고 예정이에요
C: <하..|ㅠㅠ> 네""",
    """C: 환불 완료 문자 받았는데
C: 카드사 앱에 아직 결제로 떠있어요
C: 청구서에 그대로 나가면 어떡해요? ## hn
A: 카드사 반영까지 영업일 3~5일 걸립니다. 그 뒤 자동 취소돼요
C: 아 네 기다려 볼게요""",
    """C: 반품 회수 기사님이 안 왔어요
C: 오늘 온다고 했는데
C: 문 앞에 {item} 계속 <있음|내놨어요>
A: {courier} 회수 일정이 {date:으로} 변경되었습니다. 미리 안내드리지 못해 죄송합니다
C: 미리 좀 알려주시지""",
    """C: 교환 신청이요
C: {item} <사이즈가 작아요|색이 사진이랑 달라요>
A: 교환 접수해 드릴게요. 회수 후 새 상품 발송됩니다
C: 넵 <감사요|ㄱㅅ>""",
    """C: 결제 취소 눌렀는데
C: 돈은 빠져나갔고 주문은 취소됐다고 나와요 ## hn
A: 결제 취소 처리 중이며 <카드|계좌>로 {days}일 안에 환불됩니다
C: 네""",
))

fam("ko.delivery_refund.tweet.news_article", "tweet", "delivery_refund", (
    "\"반품했는데 환불은 깜깜\" {mall} 소비자 불만 잇따라... A씨는 \"<한 달 넘게 돈이 묶여 있다|문의해도 같은 답만 돌아온다>\"고 토로했다",
    "{outlet} 오배송 교환 요청에 '반품비 부담' 요구... B씨는 \"<잘못 보낸 건 판매자인데|사진까지 보냈는데> 왜 내가 돈을 내야 하냐\"고 말했다",
    "[소비자 리포트] 결제 취소 후에도 카드 청구 계속... \"<카드사와 쇼핑몰이 서로 떠넘긴다|환불 주체가 누군지 모르겠다>\"",
    "라이브커머스 배송 지연 <3주|한 달>째... 소비자 \"<공지 한 줄 없었다|취소도 안 해준다>\" <{outlet}|>",
), reach="press", style="news", n=24)

fam("ko.delivery_refund.note.card_cancel", "note", "delivery_refund", (
    """반품 완료 건 카드 취소 미반영 문의
PG사 취소 요청 {date} 확인, 카드사 반영 대기 안내""",
    """<중복 결제|이중 승인> ({order})
1건 수동 취소 요청""",
    """오배송 회수 접수, 정상품 재발송
{courier}""",
    """교환품 재불량, 환불 전환 요청
<승인|검수 후 처리>""",
    """배송 지연 {days}일
<출고일 안내|주문 취소 처리>""",
    """환불 완료 후 카드 청구서 금액 그대로라고 문의 ## hn
카드사 매입 취소 일정 안내""",
), team="커머스CS")

# --- praise ----------------------------------------------------------------------------------

fam("ko.praise.ticket.praise_board", "ticket", "praise", (
    """[칭찬합니다] {region} 담당 설치 기사님
안녕하세요. 칭찬 게시판에 글은 처음 써 봅니다.
{date}에 인터넷 이전 설치로 오신 기사님이 <비가 많이 오는 날이었는데도|퇴근 시간이 훌쩍 지났는데도> 끝까지 꼼꼼하게 작업해 주셨습니다.
<공유기 위치도 집 구조에 맞게 다시 잡아 주시고|선이 보이지 않게 몰딩까지 정리해 주시고> 사용법도 부모님 눈높이에 맞춰 설명해 주셨어요.
?: 회사에서 꼭 포상해 주셨으면 합니다.
감사합니다.""",
    """[칭찬합니다] 고객센터 상담사님께
<요금 문제로|명의 변경 문제로|해외 로밍 문제로> 며칠 동안 마음고생을 했는데, 상담사님이 제 이야기를 끝까지 들어 주시고 직접 다시 전화까지 주셨습니다. ## hn
<목소리에서 진심이 느껴졌습니다|당연한 일이라며 겸손해하셨습니다>.
이런 분이 계셔서 <10년|15년|20년> 넘게 이 통신사를 쓰고 있나 봅니다.""",
    """[칭찬합니다] {shop} 직원분
<어머니|아버지> 폰을 바꾸러 갔는데 직원분이 필요 없는 부가서비스는 빼야 한다며 오히려 요금을 낮춰 주셨습니다. ## hn
사진 옮기기, 카톡 백업까지 <한 시간 넘게|끝까지> 도와주셨어요.
감사한 마음 꼭 전해 주세요.""",
    """[칭찬합니다] 장애 복구해 주신 분들
{day} 밤 우리 동네 인터넷이 끊겼을 때 <새벽까지|밤새> 복구해 주신 기술팀분들 감사합니다. ## hn
덕분에 아침 <재택 회의|온라인 수업>에 지장이 없었습니다.""",
))

fam("ko.praise.tweet.short_thanks", "tweet", "praise", (
    "상담사님 <감사합니다|고마워요> <🙏|🥹|💙|>",
    "오늘 <통화한|채팅한> 상담원분 <천사|짱>... 덕분에 <해결|살았음> <ㅠㅠ|🙏>",
    "<기사님|수리 기사님> 친절 <그 자체|ㄹㅇ> 👍👍",
    "고객센터 <10분|5분> 컷 해결 ㄷㄷ <칭찬해|감사>",
    "<매장|대리점> 직원분 덕에 <폰 개통|데이터 옮기기> 금방 끝남 <감사ㅠ|고마워요>",
    "오 {region} 장애 <금방|빨리> 복구됐네 <고생하셨어요|감사해요> <👏|>",
    "친절한 상담 <오랜만|처음>이라 감동받음 <🥲|ㅎㅎ>",
), reach="mixed", tags=("#감사", "#칭찬"))

fam("ko.praise.call.callback_thanks", "call", "praise", (
    """C: 어 저 아까 <오전에|한 시간 전에> 통화했던 사람인데요, 해결돼서 감사하다고 말씀드리려고 다시 걸었어요. ## hn
A: 아 고객님, 일부러 전화 주셔서 감사합니다.
C: 아까 그분 성함이 기억이 안 나는데 <꼭|좀> 전해 주세요. 너무 친절하셨어요.
A: 네, 상담 이력 보고 꼭 전달하겠습니다.""",
    """C: 음 다른 게 아니고요, 어제 기사님이 <공유기|셋톱> 교체해 주고 가셨는데 너무 감사해서요. ## hn
A: 네 고객님, 좋은 말씀 감사합니다.
C: 저희 <아버지가|어머니가> 기계를 잘 모르시는데 리모컨 쓰는 것까지 종이에 적어 주고 가셨대요.
A: 해당 기사님께 꼭 칭찬 전달하겠습니다.""",
    """C: 네 그 칭찬 접수 같은 거 되나요? 지난주 상담사분이 너무 잘해 주셔서요
A: 네 가능합니다. 상담 일시 알려 주시겠어요?
C: {day} {time}쯤이요. 설명도 쉽게 해 주시고 끝까지 웃으면서 응대해 주셨어요.
A: 꼭 전달하겠습니다. 감사합니다.""",
    """C: 그 아까 통화 끝나고 바로 문자 왔네요. 빨리 처리해 주셔서 감사합니다. ## hn
A: 처리 확인되셨다니 다행입니다.
C: 네 수고 많으세요 <진짜로|정말로>. 좋은 하루 되세요.""",
))

fam("ko.praise.tweet.technician_post", "tweet", "praise", (
    """[{board}] 인터넷 설치 기사님 칭찬글
오늘 오신 기사님 진짜 <프로였음|친절했음>. 들어오실 때 덧신부터 신으시고 선 정리까지 깔끔하게 해주심.
<모르는 거 물어봐도|공유기 위치 고민하니까> 하나하나 설명해줌. 본사 칭찬 게시판에도 글 남김.""",
    """제목: 요즘 보기 드문 기사님
<셋톱|공유기> 고장으로 수리 기사님 오셨는데 고장 난 거 말고 <느린 와이파이까지|리모컨까지> 봐주고 가심.
<커피 드리니까 한사코 사양하심|끝나고 쓰레기까지 챙겨 가심>. 감동.""",
    """[후기] {region} 설치 기사님 최고
<이사하는 날이라|비 오는 날이라> 정신없었는데 기사님이 오히려 <짐 옮기는 것도|차분하게> 도와주심 ㅠㅠ
별 다섯 개 드리고 싶음.""",
), reach="mixed", tags=("#칭찬", "#설치기사"))

fam("ko.praise.chat.kakao_thanks", "chat", "praise", (
    """C: 아 그리고
C: 아까 <전화|채팅> 상담해주신 분
C: 너무 친절하셔서 감사하다고 <전해주세요|꼭 말씀드리고 싶었어요>
A: 따뜻한 말씀 감사합니다! 꼭 전달할게요 :)""",
    """C: 해결됐어요!!
C: <와이파이|셋톱|유심> 이제 잘 돼요 ## hn
C: 감사합니다 <ㅠㅠ|🙏|ㅎㅎ>
A: 해결되셨다니 다행이에요. 좋은 하루 보내세요""",
    """C: 기사님 오셨다 가셨어요
C: <설명도 잘 해주시고|정리도 깔끔하게 해주시고> 최고였어요
C: 칭찬 남기는 데가 어디예요?
A: 앱의 '칭찬하기' 메뉴에 남겨 주시면 기사님께 전달됩니다""",
))

# --- sarcastic "praise": the topic is the category -------------------------------------------

fam("ko.network.tweet.sarcastic_praise", "tweet", "network", (
    "와 <우리 통신사|{carrier_x}> 진짜 <최고다|대단하다>^^ 하루에 <세 번|네 번> 끊겨주는 센스 덕분에 <명상|디지털 디톡스> 강제로 함 ## hn",
    "인터넷 {measured} 나와주셔서 <감사합니다|고마워요>~ 덕분에 <느림의 미학|인내심> 배움 ㅋㅋ ## hn",
    "<5G|기가 인터넷> 너무 빨라서 <사진 한 장|페이지 하나> 뜨는 데 1분 걸리네요^^ 칭찬해 ## hn",
    "장애 공지 한 줄 없이 <두 시간|세 시간> 먹통 ㅋㅋ 역시 믿고 쓰는 <통신사|인터넷> 👍 ## hn",
    "{region} 지하에서 안 터지는 거 <5년째|몇 년째> 한결같음 ㅋㅋ 변함없는 모습 감동이에요 ## hn",
), reach="mixed", hard_negative=True, tags=("#인터넷", "#감사합니다ㅋ"))

fam("ko.billing.tweet.sarcastic_praise", "tweet", "billing", (
    "요금 {amount} 청구해주셔서 <감사합니다|정말 고마워요>^^ 덕분에 이번 달 <라면|편의점 도시락> 확정 ## hn",
    "가입한 적도 없는 {addon} 챙겨주시는 <세심함|친절함> ㅋㅋ 역시 <배려의 아이콘|센스쟁이> ## hn",
    "할인 슬쩍 빼주시는 <센스|배려> 최고예요 통신사님~ 매달 <깜짝 선물|서프라이즈> 감사 ## hn",
    "요금 두 번 빼가 주셔서 <감동|감사> ㅠㅠ 통장이 <가벼워서|숨 쉴 틈 없어서> 좋네요^^ ## hn",
), reach="mixed", hard_negative=True, tags=("#요금", "#감사합니다ㅋ"))

fam("ko.delivery_refund.tweet.sarcastic_review", "tweet", "delivery_refund", (
    "{stars} 배송 <한 달|3주> 걸려주셔서 <감사합니다|고마워요>^^ 덕분에 <뭘 샀는지 잊어버림|기다림의 소중함 배움> ## hn",
    "{stars} 환불 천천히 해주셔서 감사해요~ 적금 든 기분 ㅎㅎ <이자는 안 주시나|만기 언제임> ## hn",
    "{stars} 주문한 거 말고 <다른 거|전혀 다른 물건> 보내주시는 서프라이즈 <최고|감동> ㅋㅋ ## hn",
    "{stars} 박스 다 터져서 와도 <물건은 무사|반은 무사>하네요 운 좋았음^^ 포장 <예술|장인> ## hn",
), reach="low", hard_negative=True, tags=("#앱리뷰",))

fam("ko.installation.tweet.sarcastic_praise", "tweet", "installation", (
    "설치 기사님 <세 번|두 번이나> 약속 펑크 내주신 덕분에 연차 <다 씀|알차게 씀>^^ 감사합니다~ ## hn",
    "개통 <일주일|열흘>째 기다리는 중 ㅋㅋ 기다림도 서비스인가 봐요 <최고|👍> ## hn",
    "이사 당일 인터넷 이전 설치 <까먹어 주셔서|누락해 주셔서> 주말 내내 <데이터 무제한 체험|핫스팟 인생> 감사 ㅎㅎ ## hn",
    "기사님 방문 시간 '<오전 중|오후 중>'이라 해서 하루 종일 기다림 ㅋㅋ 이렇게 정확한 안내 처음 ## hn",
), reach="mixed", hard_negative=True, tags=("#설치", "#개통"))

# --- other -----------------------------------------------------------------------------------

fam("ko.other.chat.kakao_test", "chat", "other", (
    """C: <테스트|test|ㅌㅅㅌ>
C: <잘 가나|보내지나> 확인용이에요
A: 네 고객님, 메시지 잘 수신되었습니다. 문의하실 내용 있으실까요?
C: 아뇨 <없어요|됐어요>""",
    """C: ㅋㅋㅋㅋ 야 오늘 <저녁 뭐 먹|몇 시에 만나>
C: 아 잘못 보냄 <죄송해요|ㅈㅅ>
A: 괜찮습니다 :) 다른 문의 있으시면 말씀해 주세요""",
    """C: <.|ㅇ|ㅁ>
A: 고객님, 문의 내용을 입력해 주세요
C: <폰 주머니에서 눌렸나봐요|애가 눌렀어요> <ㅎㅎ|ㅋㅋ>""",
    """C: 상담사님 <점심은 드셨어요|오늘 날씨 좋죠> ㅎㅎ
A: 네 고객님 감사합니다 :) 도와드릴 일 있으실까요?
C: 그냥 심심해서요 <ㅋㅋ|ㅎㅎ> 수고하세요""",
), opening=True)

fam("ko.other.tweet.spam_keywords", "tweet", "other", (
    "<🔥|📢> 통신사 해지 위약금 <전액|최대> 대납! 번호이동 <즉시 개통|당일 개통> 오픈채팅 <문의|ㄱㄱ> ## hn",
    "[홍보] 통화 녹음 자동 <요약|정리> 앱 출시 🎉 <지금 다운로드|링크는 프로필> ## hn",
    "<코인|주식> 리딩방 무료 초대 <수익 인증|VIP 방 오픈> DM <📈|💰>",
    "[광고] 개인정보 <유출 걱정 끝|보호 서비스> 월 990원 <지금 가입|첫 달 무료> ## hn",
    "<맛집|카페> 체험단 모집 <선착순 10명|이번 주까지> 리뷰만 쓰면 <무료|공짜> ✨",
    "휴대폰 성지 <좌표|시세표> 공유 <DM|댓글> 주세요 <오늘만|주말 특가> 🙏",
), reach="mixed")

fam("ko.other.call.stt_misdial", "call", "other", (
    """C: 어 여보세요 음 거기 <세탁소|병원|은행> 아니에요?
A: 아니요 고객님, 통신사 고객센터입니다.
C: 아 어 그 죄송해요 번호를 잘못 <눌렀나|봤나> 봐요""",
    """C: (<잡음|바스락 소리>) 어 … 잠깐만 …
A: 고객님, 말씀하세요. 잘 안 들립니다.
C: 아 <주머니에서|가방에서> 눌렸나 봐요 죄송합니다""",
    """C: 음 그 ARS <테스트|연결 테스트> 하는 중이에요 내부에서요
A: 네 확인했습니다. 정상 연결됩니다.
C: 네 됐습니다 수고하세요""",
    """C: 어 저 <다른 통신사|{carrier_x}> 쓰는데 거기 번호가 <이거|여기> 맞나요
A: 저희는 다른 통신사 고객센터라서요, 해당 통신사 대표번호로 걸어 주셔야 합니다.
C: 아 네 그 번호 좀 알려 주세요
A: 문자로 보내 드리겠습니다.""",
), opening=True)

fam("ko.other.email.unrelated_news", "email", "other", (
    """제목: [보도자료] <임직원 연탄 나눔 봉사|지역 아동센터 후원|사내 헌혈 캠페인> 진행
{outlet} 담당 기자님께 배포드립니다.
임직원 <200여 명이|100여 명이> {region} 일대에서 <봉사 활동을|나눔 행사를> 진행했습니다.
사진 자료를 첨부하니 보도에 참고해 주시기 바랍니다.""",
    """제목: [뉴스 클리핑] <오늘의 주요 기사|주간 업계 동향>
1. <반도체 수출 3개월 연속 증가|전기차 보조금 개편안 발표|부동산 거래량 소폭 반등>
2. <프로야구 개막전 관중 역대 최다|가을 단풍 절정 시기 예보|주말 미세먼지 나쁨>
3. <금리 동결 전망|국제 유가 하락세> ## hn""",
    """제목: <Re: 인터뷰 일정 조율|Re: 촬영 장소 확인>
안녕하세요, {outlet} <편집팀|영상팀>입니다.
<다음 주 화요일|{date}> 인터뷰는 예정대로 진행하겠습니다. 장소만 다시 확인 부탁드립니다.""",
), reach="press", style="news", hard_negative=True, n=24)

fam("ko.other.tweet.board_chatter", "tweet", "other", (
    "[{board}] 새 폰 <언박싱|개봉기> 사진 올려요 <색상 영롱함|케이스 추천 받아요> <📱|✨>",
    "[잡담] 다들 <점심 뭐 드셨음|퇴근 몇 시임> ㅋㅋ",
    "<폰 바꾼 기념|주말 기념> 배경화면 공유함 <ㅎㅎ|🌸>",
    "[{board}] 통신사 광고 <노래|모델> 중독성 미쳤음 ㅋㅋ 계속 흥얼거림",
    "오늘 <출근길|퇴근길> 지하철 <사람 너무 많음|에어컨 빵빵> <ㅠㅠ|ㅋㅋ>",
), reach="mixed")

# --- retention loops, publicity threats and repeat contacts ----------------------------------

fam("ko.cancellation.call.retention_stt", "call", "cancellation", (
    """C: 어 네 {net} <해지요 해지|해제요 해지|해지요 해 지> 신청하려고 전화했어요
A: 네 고객님 음 혹시 어떤 부분이 불편하셨는지 여쭤봐도 될까요?
C: 그냥 <이사 가요|다른 데로 옮겨요> 해지해 주세요
A: 아 고객님 그러시면 지금 쓰시는 요금에서 <{small}|반값> 빼 드리는 조건이 있는데요
C: 아니 필요 없고요 <해지요|해지 요|해제요>
A: 그래도 한번 들어 보세요 고객님, 이게 지금만 되는 거라서
C: 제가 해지라고 <몇 번을|벌써 세 번> 말했어요 지금? ## ang
A: 아 네 근데 해지는 제가 바로는 안 되고 <담당 부서에서|해지팀에서> 연락을
C?: 그니까 저 <녹음 떴어요|노금 떴어요|녹음 떳어요> 지금 이거. <보배드림|네이트판|블라인드>에 그대로 올릴 거예요 ## +publicity_threat
C?: 이 건으로 전화만 <세 번째|네 번째>예요 지난주에도 똑같았어요 ## +repeat_contact""",
    """C: 음 그 해지 좀 할게요 {tv:이랑} 인터넷 다
A: 고객님 혹시 약정 얼마 안 남으셨는데 조금만 더 쓰시면
C: 약정 끝났어요 <{date}에|지난달에> 끝났어요
A: 아 그러면 재약정하시면 {gift} 드리거든요
C: 안 해요 해지만 해 달라고요
A: 고객님 근데 해지하시면 가족 결합 할인도 다 깨지셔서요, 가족분들한테 손해가
C: 그건 제가 알아서 하고요 해지 접수요 접수 ## ang
A: 일단 혜택 문자로 보내 드릴 테니 보시고 다시
C?: 아 진짜 <뉴스에 나오고 싶으세요?|방송국에 제보해야 해지해 줄 거예요?> 이거 <다 녹취돼|다 녹음되고> 있어요 ## +publicity_threat""",
    """C: 여보세요 어 어 <해지요|해제요> {plan} <해지|해 지|해지 해>
A: 네 고객님, 혹시 번호이동 하시는 건가요? 저희가 <기기 변경 지원금|데이터 두 배> 드릴 수 있는데요
C: 아니요 됐고요
A: 고객님 {months}개월 동안 요금 할인해 드리면 어떠세요
C: 아 됐다니까 왜 자꾸 딴 얘기 하세요 ## ang
A: 해지하시면 번호도 없어지셔서요, 한 번만 더 생각해 보시고
C?: <유튜브에|인스타 스토리에|틱톡에> 해지 방어 브이로그로 올려 드릴게요 지금 통화 녹음 중이니까 ## +publicity_threat
C?: 어 <청와대|국민청원>에 글이라도 써야 되나 진짜 ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"), team="해지방어")

fam("ko.cancellation.chat.kakao_retention", "chat", "cancellation", (
    """C: 해지
C: 해지요
C: 인터넷 해지 신청이요
A: 고객님 해지 전에 지금 받을 수 있는 재약정 혜택 안내드릴게요!
C: 아니요 혜택 말고요
A: 요금을 {months}개월 동안 {small}씩 할인해 드릴 수 있어요 ^^
C: 해지하겠다고요 <ㅡㅡ|;;>
A: 해지는 전화 상담으로만 가능하세요
C: 전화하면 또 이러잖아요 ## ang
C?: 이 채팅 <스샷 떠서|캡처해서> <{board}에|맘카페에> 올립니다 ## +publicity_threat""",
    """C: 모바일 해지하고 <알뜰폰|다른 통신사>으로 가려고요
A: 고객님! 지금 유지하시면 <데이터 쿠폰|{gift}> 드려요
C: 필요 없어요
A: 가족 결합 깨지시면 월 요금이 많이 오르세요 ㅠㅠ
C: 상관없어요 해지 접수해 주세요
A: 해지 전담팀에서 다시 연락드릴게요
C: <지난주에도|저번에도> 그랬는데 연락 안 왔어요
C?: <기자한테 제보할게요|방송국에 보낼게요> 캡처 다 있어요 ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"))

fam("ko.cancellation.tweet.community_retention", "tweet", "cancellation", (
    """[{board}] 인터넷 해지 <방어|지옥> 후기
해지한다고 <세 번|네 번> 말했는데 상담원이 끝까지 할인 얘기만 함.
결국 '담당 부서 연락 예정'으로 끝남. 지난달에도 똑같았음. ## +repeat_contact
?: 통화 녹음 다 있음. 이번에도 안 되면 <유튜브에|여기에> 풀버전 올림 ## +publicity_threat""",
    """제목: 해지하려면 무슨 주문을 외워야 함?
약정 끝나서 해지 신청했더니 '고객님 혜택이~' 무한 반복. 해지라는 단어를 못 알아듣는 척함.
<방통위 민원|소비자원 신고> 넣는다니까 그제야 접수해줌. ## +regulator_threat""",
    """[{board}] 통신사 해지 팁 공유 (방어 뚫는 법)
1. 처음부터 녹음한다고 말할 것 ## hn
2. 혜택 필요 없다고 세 번 말할 것
근데 이게 팁이어야 하는 게 말이 됨? 나도 <두 시간|한 시간> 걸렸음. ## ang""",
), reasons=("churn_intent", "agent_obstruction"), reach="mixed", tags=("#해지방어",))

fam("ko.network.call.repeat_stt", "call", "network", (
    """C: 어 <인터넷 끊기는 거|인터넷 끈기는 거|인터넷이 끊기는 거> 때문에요 이거 <세 번째|네 번째|다섯 번째|세 번 째> 전화예요 ## +repeat_contact ang
A: 네 고객님 이전 접수 내역 확인하겠습니다.
C: 그니까 지난주에도 같은 문제로 연락했는데 기사님 와서 <공유기만 껐다 켜고|선 한 번 보고> 가셨어요
A: 네 이번에는 선로 점검까지 같이 잡아 드리겠습니다.
C: 몇 번을 말해야 돼요 진짜 음 매번 똑같은 말만 하시고""",
    """C: 음 여보세요 {region} 사는데 <밤마다|비만 오면> 인터넷이 나가요 벌써 <네 번째|세 번째> 접수예요 ## +repeat_contact
A: 여러 번 번거롭게 해 드렸네요. 이전 기록 보니 {two} 번 방문했네요.
C: 어 그니까요 근데 그대로예요
C?: 이번에도 안 되면 <위약금 없이 해지해 주세요|다른 데로 옮길 거예요> ## +churn_intent
C?: <지역 카페에|맘카페에|동네 커뮤니티에> 이 통신사 쓰지 말라고 글 올릴 거예요 ## +publicity_threat""",
    """C: 어 그 와이파이가 또 안 돼서요 그 두 번째 전화 드리는 거예요 ## hn
A: 네 고객님, 어제 접수 건 확인됩니다. 오늘 오후에 기사님 방문 예정이세요.
C: 아 그래요? 음 몇 시쯤이요
A: {time} 전후로 연락드리고 방문합니다.""",
))

fam("ko.network.tweet.publicity_phrasings", "tweet", "network", (
    "인터넷 <사흘째|일주일째> 먹통인데 보상 얘기 1도 없음. <보배드림|네이트판|더쿠>에 글 쓴다 진짜 ## +publicity_threat ang",
    "<매일 밤|하루에 몇 번씩> 끊기는 거 화면녹화 다 해둠. 유튜브에 <편집해서|모아서> 올릴 예정 ## +publicity_threat",
    "{region} 통신 장애 <지역 맘카페|동네 카페>에 공론화 시작함 다들 피해 사례 모아주세요 ## +publicity_threat",
    "<방송국|기자>한테 제보 메일 보냄 ㅋㅋ 재택하는 사람 <사흘|이틀> 날린 거 누가 보상함 ## +publicity_threat",
    "장애 나도 공지 하나 없는 통신사 <국민청원|청와대 게시판>이라도 올려야 하나 ## +publicity_threat",
    "인터넷 느린 거 <인스타 스토리에|릴스로> 속도 측정 영상 올렸더니 댓글 난리남 ## +publicity_threat",
), reach="mixed", tags=("#인터넷장애", "#공론화"))

fam("ko.billing.call.publicity_phrasings", "call", "billing", (
    """C: 요금이 {amount} 나왔는데 아무도 설명을 못 해요. ## ang
A: 고객님 명세서 상세 항목 다시 확인해 보겠습니다.
C: 확인만 <한 달째|2주째>예요. 저 지금 녹음하고 있어요. <방송국 소비자 고발 프로그램에|기자한테> 제보할 거예요. ## +publicity_threat
A: 오늘 중으로 정정 여부 확인해서 연락드리겠습니다.""",
    """C: 안 쓴 {addon} 요금이 <1년|몇 달> 동안 나갔는데 환불은 석 달 치만 된다고요?
A: 규정상 최근 석 달분만 환급 가능합니다.
C: 그럼 나머지는요? <유튜브에|블로그에> 명세서 다 까서 올리면 그때 해 주실 거예요? ## +publicity_threat
A: 추가 환급 가능한지 상급자 검토 요청드리겠습니다.""",
    """C: 할인 빠진 거 정정해 달라고 <세 번째|네 번째> 전화했어요 ## +repeat_contact
A: 정말 죄송합니다 고객님. 이번엔 바로 처리하겠습니다.
C: 이번에도 안 되면 <블라인드에|커뮤니티에> 녹취랑 같이 올라갑니다. ## +publicity_threat""",
    """C: 녹음은 제가 따로 해 두고 있어요. 그냥 기록용이에요. ## dbt
A: 네, 그러셔도 됩니다. 청구 금액 정정 건 진행해 드리겠습니다.
C: 정정되면 문자로 알려 주세요.""",
))

fam("ko.device.chat.repeat_contact", "chat", "device", (
    """C: {device} 또 고장이에요
C: 이거 벌써 <세 번째|네 번째> 문의예요 ## +repeat_contact
C: 몇 번을 말해야 돼요? ## ang
A: 불편 드려 정말 죄송합니다. 이전 이력 확인해서 새 모델로 교체 접수하겠습니다
C: 이번엔 진짜 <바꿔주세요|제대로 해주세요>""",
    """C: 지난주에도 같은 문제로 연락했는데요
C: 그전 주에도 했어요 ## +repeat_contact
C: {phone} <충전이 안 돼요|화면이 깜빡여요>
A: 서비스센터 점검 결과 보고 교환 가능 여부 확인해 드릴게요
C?: 교환 안 해주면 <리뷰|블로그>에 다 씁니다 ## +publicity_threat""",
    """C: 리모컨 교체 문의 두 번째인데요 ## hn
C: 새로 받은 것도 <버튼이 잘 안 눌려요|페어링이 안 돼요>
A: 번거롭게 해 드려 죄송합니다. 다른 재고로 다시 보내 드릴게요
C: 넵 <감사합니다|부탁드려요>""",
))

fam("ko.installation.email.repeat_publicity", "email", "installation", (
    """제목: 개통 지연 <세 번째|네 번째> 문의 ## +repeat_contact
안녕하세요.
{date}에 {net} 신청 후 설치 일정이 <세 번|두 번이나> 미뤄졌습니다. 문의할 때마다 '설치팀에 전달했다'는 답뿐입니다.
?: 이번 주 안에 설치되지 않으면 그동안의 상담 내용을 정리해 <온라인 커뮤니티에|언론사에> 공개하겠습니다. ## +publicity_threat
정확한 설치 일자를 회신해 주십시오.""",
    """제목: 이전 설치 누락에 대한 항의
안녕하세요. {region:으로} 이사하면서 이전 설치를 <2주 전에|한 달 전에> 신청했는데, 이사 당일 아무도 오지 않았습니다. ## ang
같은 내용으로 <세 번째|네 번째> 메일을 보냅니다. ## +repeat_contact
?: 설치가 되지 않으면 위약금 없이 해지를 요청하겠습니다. ## +churn_intent""",
    """제목: 설치 일정 확인 요청
안녕하세요. 지난주 문의에 이어 두 번째로 연락드립니다. ## hn
{date} 설치가 확정되었는지 확인 부탁드립니다.""",
))

# --- sales_contract and privacy: community styles -------------------------------------------

fam("ko.sales_contract.tweet.community_review", "tweet", "sales_contract", (
    """[{board}] 성지라길래 갔다가 호갱 된 후기
현금 완납이라더니 계약서 보니까 할부 {months}개월이 잡혀 있음.
<사은품 준다던 {gift}|페이백 약속> 석 달째 감감무소식.
?: 판매점은 본사 탓, 본사는 판매점 탓. 소비자원 간다 ## +regulator_threat""",
    """제목: 부모님 폰 바꿔드렸는데 요금제가 <두 배|엄청 비싼 걸로> 됨
{shop}에서 '요금 똑같다'고 해서 믿었는데 {plan:이랑} {addon}까지 가입돼 있었음.
<설명 한마디 없었다고 하심|계약서 사본도 안 줌>. ## ang""",
    """[{board}] 번호이동 조건 이거 사기 아님?
'<6개월만|석 달만> 고가 요금제 쓰면 된다'고 했는데 알고 보니 약정 기간 내내 유지 조건이었음.
직원 태도는 친절했는데 조건 설명이 완전 틀렸음. ## hn""",
    """후기) 온라인 판매점에서 가입했는데 <공시지원금|선택약정> 조건이 말이랑 다름
상담 카톡 캡처 있음. 해결 안 되면 <이 글 계속 업데이트함|캡처 다 공개함> ## +publicity_threat""",
), reach="mixed", tags=("#호갱", "#휴대폰성지"))

fam("ko.privacy.tweet.community_post", "tweet", "privacy", (
    """[{board}] 제 명의로 폰이 개통돼 있었어요 (<도움 요청|조언 부탁>)
<대출 문자|모르는 요금 독촉 문자> 와서 확인해 보니 제가 모르는 회선이 <두 개|하나> 있었음.
대리점 직원은 친절하게 응대했지만 '본인 서류로 개통됐다'는 말만 함. ## hn
?: <경찰서|사이버수사대> 신고 접수함 ## +regulator_threat""",
    """제목: 스팸 문자 하루 <스무 통|서른 통> 넘게 옴
어디서 번호가 샌 건지 모르겠음. 통신사 스팸 차단 켜도 <소용없음|계속 옴>.
<이름까지|주소까지> 알고 보내는 거 보면 유출 같음. ## ang""",
    """[{board}] 유심 해킹 의심 증상 있으신 분?
갑자기 폰이 '서비스 없음' 뜨더니 <카톡 재인증 문자|은행 인증 문자>가 옴. 통신사에 전화하니 유심 재발급하래.
<너무 무서움|아직도 손 떨림>""",
), reach="mixed", tags=("#명의도용", "#개인정보"))

fam("ko.agent_conduct.tweet.news_article", "tweet", "agent_conduct", (
    "\"<나이 드셔서 그래요|그것도 모르세요>\"... 통신사 상담원 응대에 {age} 가입자 분통. A씨는 \"<질문할 때마다 한숨을 쉬더니|말을 끊고> 결국 전화를 끊어버렸다\"고 토로했다",
    "{outlet} 설치기사 '신발 신고 안방까지'... B씨는 \"<항의하자 오히려 화를 냈다|아이 앞에서 욕설을 했다>\"며 회사에 <사과를 요구했다|조치를 요구했다>",
    "\"책임은 판매점에\" 떠넘기기 일쑤... 상담원 응대에 지친 소비자들. C씨는 \"<세 군데를 돌았지만|본사와 대리점이> 서로 남 탓만 했다\"고 말했다 ## -agent_hostility",
    "대리점 직원이 고객 조롱하는 영상 확산... 피해 고객 가족 \"<어르신이라고 비웃었다|설명 대신 비웃음만 돌아왔다>\" <{outlet}|>",
), reasons=("agent_hostility",), reach="press", style="news", n=24)

fam("ko.cancellation.note.retention_publicity", "note", "cancellation", (
    """고객 해지 의사 <반복 표명|통화 내 {k}회>
유지 혜택 안내 지속, 고객 거부
고객 '<녹취 떴다|녹음 중>', <커뮤니티|유튜브> 게시 언급 ## +publicity_threat""",
    """해지 접수 요구, 담당 부서 연락 안내 <재차|다시>
고객 격앙, <기자 제보|방송 제보> 예고 ## +publicity_threat ang""",
    """<해지 방어 민원|해지 지연 민원>, {nth} 인입 ## +repeat_contact
<재약정 제안 거절|혜택 제안 모두 거절>
<즉시 해지 요청|당일 해지 요구>""",
    """해지 요청 {k}회 반려됐다고 항의
<국민신문고|방통위> 언급 ## +regulator_threat
해지 처리 후 사과""",
), reasons=("churn_intent", "agent_obstruction"), team="해지방어")

fam("ko.billing.chat.kakao_burst", "chat", "billing", (
    """C: 요금이요
C: 이번 달 왜 {amount}<이에요|나왔어요>?
C: 저번 달 {base}였는데
A: 확인해 보니 {addon} 이용료와 단말 할부금이 함께 청구되었습니다
C: 그거 해지했는데요 <지난달에|{date}에>
A: 해지일 이후 청구분은 환불 처리해 드리겠습니다""",
    """C: 자동이체 <두 번|이중으로> 빠졌어요
C: 통장 보니까 {base} 두 번
A: 확인 결과 중복 출금이 맞습니다. {days}일 안에 환급됩니다
C: 빨리요 <ㅠㅠ|;;>""",
    """C: 요금제 내려주세요
C: 지금 {plan} 쓰는데 <너무 비싸요|데이터 남아요>
A: 다음 달 1일부터 <더 저렴한 요금제로|{base} 요금제로> 변경 예약해 드렸습니다
C: 넹""",
    """C: 청구서에 연체료 붙었는데
C: 저 {date}에 냈거든요
A: 납부 확인되었습니다. 연체료는 취소해 드릴게요
C: <ㄱㅅ|감사합니다>""",
))

fam("ko.network.tweet.app_review", "tweet", "network", (
    "{stars} 속도 측정 앱 돌려보면 {measured} 나옴 {speed} 요금 내는 중 ㅋ ## ang",
    "{stars} 앱에서 장애 신고 누르면 로딩만 <계속|무한으로> 돎 인터넷이 안 되는데 앱으로 신고하라는 것부터 코미디",
    "{stars} <5G 커버리지 지도|커버리지 맵>엔 우리 동네 진하게 칠해져 있는데 실제론 LTE도 <간당간당|안 잡힘>",
    "{stars} <저녁만 되면|비 오면> 와이파이 끊김 앱 문의는 답변이 <사흘째|일주일째> 없음",
    "{stars} 장애 보상 신청 버튼 눌렀더니 '대상 아님'. 하루 종일 안 됐는데? ## ang",
), reach="low", tags=("#앱리뷰", "#인터넷"))

fam("ko.network.call.stt_errors", "call", "network", (
    """C: 어 여보세요 그 인터넷이 <아침부터|어제 저녁부터> 안 돼요 <공유기|공유 기|공유귀> 불이 빨간 불이에요
A: 네 고객님, {region} 지역에 선로 장애가 있어 복구 중입니다.
C: 음 그 언제 <돼요|되요|대요>? 저 재택 <근무라서|근무 라서|금무라서>
A: {hours}시간 안에 복구 예정이고, 장애 시간만큼 요금 감면됩니다.
C: 아 네 어 알겠습니다""",
    """C: 그니까 그 <와이파이|와이 파이|와파> 가 자꾸 끊겨요 음 저녁마다
A: 회선 상태 보니 저녁 시간에 오류가 많이 잡히네요. 기사님 방문 잡아 드릴게요.
C: 어 그 <주말에|주마레> 오실 수 있어요?
A: 네, 토요일 오전으로 예약해 드리겠습니다.""",
    """C: 어 제가 그 <기가|기 가|기가 인터넷> 쓰는데 속도가 {measured}밖에 안 나와요 <진짜|찐짜> 몇 달째 ## ang
A: 유선으로 측정하신 건가요?
C: 네 네 선 꼽아서요 <여러 번|여러번> 했어요
A: 최저 보장 속도에 못 미치면 요금 감면이나 위약금 없는 해지가 가능하세요.
C?: 음 그럼 그냥 <해지할게요|해제할게요|딴 데로 갈게요> ## +churn_intent""",
))

fam("ko.agent_conduct.call.live_mocking", "call", "agent_conduct", (
    """C: 요금제를 좀 낮추고 싶어서요. 요즘 형편이 좀 어려워서요.
A: 아 네~ 그러면 제일 싼 걸로 쓰셔야겠네요 ㅎㅎ 데이터는 포기하시고요.
C: 웃으실 일은 아닌 것 같은데요.
A: 아니 웃은 건 아니고요. 그럼 뭐 어떻게 해 드려요? ## +agent_hostility
C?: 방금 웃으신 거 녹음됐어요. <블라인드에|커뮤니티에> 올라가도 괜찮으시죠? ## +publicity_threat""",
    """C: 저 외국에서 온 지 얼마 안 돼서요, 천천히 말씀해 주실 수 있어요?
A: (한숨) 아까부터 천천히 했는데요? 한국말 잘 모르시면 통역 데려오세요. ## +agent_hostility
C: 그런 말씀은 좀…
A: 제가 틀린 말 했나요?""",
    """C: 기사님 약속 시간이 세 번이나 바뀌어서요. 이번엔 확실한 거죠?
A: 고객님이 평일 낮에 집에 안 계시니까 그런 거잖아요. 저희 탓 하지 마세요. ## +agent_hostility
C: 제 탓이라고요? 시간 바꾼 건 그쪽인데요?
A: 네네, 어쨌든 {date:으로} 잡아 드릴게요. 더 하실 말씀 없으시죠? ## ang""",
    """C: 제가 청구서 보는 법을 잘 몰라서요, 이게 뭔가요?
A: 고객님 이거 초등학생도 보는 건데요… 위에서부터 읽어 보세요. ## +agent_hostility
C: 그러니까 모르니까 여쭤보는 거죠.
A: 네네 알겠어요, 그럼 한 줄씩 읽어 드릴게요. 천.천.히.
C?: 말투가 왜 그러세요? 이거 <방송국 제보감이에요|유튜브에 올리면 난리 나겠네요> ## +publicity_threat""",
), reasons=("agent_hostility",))

fam("ko.agent_conduct.email.formal_complaint", "email", "agent_conduct", (
    """제목: {date} 상담원 응대에 대한 정식 항의
안녕하세요.
{date} {time}경 고객센터에 요금 문의를 했습니다. 상담원은 제 질문이 끝나기도 전에 말을 끊었고, 같은 질문을 다시 하자 '아까 말씀드렸잖아요'라며 언성을 높였습니다. ## +agent_hostility
통화 말미에는 제가 말하는 도중 전화를 일방적으로 끊었습니다.
해당 통화의 녹취를 확인하시고, 사과와 조치 결과를 서면으로 회신해 주시기 바랍니다.
?: 성의 있는 답변이 없으면 한국소비자원에 정식으로 민원을 제기하겠습니다. ## +regulator_threat""",
    """제목: 방문 기사님 언행 관련
안녕하세요. {region}에 거주하는 가입자입니다.
<고장 수리|이전 설치>로 방문하신 기사님께서 작업이 늦어지자 '집이 오래돼서 어쩔 수 없다, 이런 집은 원래 안 된다'며 저를 탓하셨습니다. ## +agent_hostility
어린 자녀 앞에서 언성을 높이신 점도 매우 불쾌했습니다.
재발 방지를 위한 조치를 부탁드립니다.""",
    """제목: 상담 과정에서의 불친절 사례 공유
안녕하세요. 질책하려는 것은 아니고 개선을 바라는 마음으로 씁니다.
최근 {wait} 넘게 대기한 끝에 연결된 상담원분이 무성의하게 응대하시고 확인해 보겠다는 말만 반복하셨습니다.
상담원분들도 힘드시겠지만 안내라도 정확히 해 주시면 좋겠습니다.""",
))

fam("ko.praise.email.long_letter", "email", "praise", (
    """제목: 감사 인사를 전하고 싶어 메일 드립니다
안녕하세요.
지난달 <아버지께서 갑자기 입원하시면서|어머니 명의 정리 문제로|해외 출장 중 폰을 잃어버려서> 경황이 없을 때 상담사님께서 필요한 절차를 하나하나 정리해 주셨습니다. ## hn
통화가 끝난 뒤에도 문자로 다시 안내해 주셔서 정말 큰 힘이 되었습니다.
<고객센터에 칭찬 메일을 쓰는 건 처음입니다.|이런 메일을 쓰는 게 쑥스럽지만 꼭 전하고 싶었습니다.>
그분께 제 마음이 전달되었으면 좋겠습니다.""",
    """제목: {region} 기술팀 여러분께
안녕하세요. {day} 밤 우리 아파트 단지 인터넷이 끊겼을 때 늦은 시간까지 복구해 주셔서 감사합니다. ## hn
<추운 날씨에|빗속에서> 고생하시는 모습을 보고 주민들끼리 따뜻한 음료라도 드리자는 이야기가 나왔습니다.
항상 고맙습니다.""",
    """제목: 친절한 매장 직원분 칭찬
안녕하세요.
<{shop}|직영 매장>에서 폰을 바꾸면서 직원분의 도움을 많이 받았습니다. 제가 필요한 것만 골라 설명해 주시고 비싼 요금제를 권하지 않으셨습니다.
<부모님도 다음엔 그 매장에 가겠다고 하십니다.|가족들도 다음엔 그 매장에 가자고 합니다.>
감사합니다.""",
))

fam("ko.inquiry.chat.hn_topical", "chat", "inquiry", (
    """C: 개인정보 제3자 제공 동의는 어디서 <확인해요|바꿔요>? 문제가 생긴 건 아니고요 ## hn
A: 앱 '내 정보' 메뉴의 동의 관리에서 확인하고 바꾸실 수 있어요
C: 아 찾았어요 감사합니다""",
    """C: 요금 납부일을 바꿀 수 있나요? 그냥 궁금해서요 ## hn
A: 네, 매달 <10일|15일|25일> 중에서 고르실 수 있습니다
C: 오 나중에 바꿔야겠다""",
    """C: 해지하면 멤버십 포인트는 어떻게 돼요? 해지하려는 건 아니에요 ## hn
A: 해지 시 남은 포인트는 소멸됩니다
C: 아 그렇군요""",
    """C: 청구서를 <영어로|큰 글씨로> 받을 수도 있어요? ## hn
A: 네, 앱 설정에서 청구서 형식을 바꾸실 수 있어요
C: 좋네요 ㅎㅎ""",
    """C: 명의도용 방지 서비스 <유료예요|가입 조건 있어요>? ## hn
A: 무료이고, 본인 인증만 하시면 누구나 가입 가능합니다
C: 넵 가입해볼게요""",
), hard_negative=True)


# =============================================================================================
# English families, third batch: retention loops, hostile agents, expat styles in every category
# =============================================================================================

fam("en.cancellation.call.retention_recorded", "call", "cancellation", (
    """C: Hi, uh, I'd like to <cancel|can sell|cancel, uh, cancel> my {net_en}, please. I'm moving out of Korea.
A: Oh no, I'm sorry to hear that! Can I ask what's made you want to leave us?
C: Nothing's made me, I'm just leaving the country. Cancel it, please.
A: Totally understand. But what if we dropped your bill to half for six months, would that help?
C: I won't be here in six months. I just want to cancel.
A: Right, but a lot of customers find that once they've thought about it—
C: Why is this so hard? I've asked you like four times now. ## ang
A: I'm just trying to understand why you don't want the best deal.
C?: Okay, just so you know, I'm recording this, and it's going on YouTube if it isn't cancelled today. ## +publicity_threat
C?: This is my third call about this, by the way. ## +repeat_contact""",
    """C: Yeah, hi. I need to do the haeji on my phone line. Cancel, I mean.
A: Before we go ahead, we have a special retention offer, a free upgrade to the {plan_en}.
C: No, thanks. Just cancel it.
A: Can I ask which carrier you're moving to? We could probably match their price.
C: It doesn't matter. Please process the cancellation.
A: I'm not able to do that on this line, I'll pass it to the cancellations team and they'll call you back.
C: That's what they told me last week. ## ang
C?: My friend posted her cancellation call on Reddit and it blew up. Want to be next? ## +publicity_threat
C?: I'll file a complaint with the KCC if this isn't done by Friday. ## +regulator_threat""",
    """C: I want to cancel. I've said it three times in this call already. ## ang
A: I hear you. I just want to make sure you know you'd be losing the bundle discount.
C: I know. Cancel it.
A: And there's the wi-yak-geum, the early termination fee, it's about {fee_en}—
C: I'll pay it. Cancel.
A: Let me see if a supervisor can waive it, could you hold? It might take a while.
C?: I've got this whole call recorded, and my followers are going to hear it tonight. ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"))

fam("en.cancellation.chat.retention", "chat", "cancellation", (
    """C: hi i want to cancel my internet
A: Hi! Before that, can I offer you 3 months free? 😊
C: no thanks, cancel please
A: We'd really hate to lose you! How about a speed upgrade at no cost?
C: i said no. please just cancel it
A: Cancellations can only be done by phone, sorry!
C?: i'm screenshotting this whole chat for r/korea ## +publicity_threat""",
    """C: need to cancel my phone plan, leaving korea on {date_en}
A: Oh, safe travels! Did you know you can suspend instead of cancel?
C: i don't want to suspend, i want to cancel
A: A suspension keeps your number for when you come back!
C: i'm not coming back. cancel. please.
A: I'll forward your request to the team that handles that.
C: that's what happened last time too ## ang""",
), reasons=("churn_intent", "agent_obstruction"))

fam("en.agent_conduct.email.hostile_agent", "email", "agent_conduct", (
    """Subject: Complaint about the agent I spoke to on {date_en}
Hello,
I called about <my bill|a faulty router|my contract> and the agent sighed loudly every time I asked a question and told me to "speak properly or use Korean". ## +agent_hostility
When I asked for a supervisor, she hung up on me.
I'd like an apology and to know what will be done about it.
?: I have the call recorded and will share it on social media if I don't get a reply. ## +publicity_threat""",
    """Subject: Technician's behaviour
Hi,
The technician who came to install my {net_en} walked in with his shoes on, ignored me when I asked him to take them off, and then blamed me for "old wiring" when it didn't work. ## +agent_hostility
I don't expect to be treated like that in my own home.""",
    """Subject: Agent promised a callback that never came
Hello, an agent said she would call me back <the same day|within an hour> about my ticket {ticketno}. Nobody called.
Please make sure promised callbacks actually happen.""",
    """Subject: Store staff laughed at me
Hello,
At your {region_en} store, when I asked about my contract, the staff member laughed and said to his colleague, in Korean, that foreigners never understand anything. ## +agent_hostility
I understood every word. I'd like this looked into.""",
))

fam("en.agent_conduct.chat.condescending", "chat", "agent_conduct", (
    """C: hi, the app says my payment failed but the money left my account
A: Did you actually check your bank app? Most people just don't look properly.
C: yes, I checked. twice.
A: Well, it's not on our side. You should really learn to read a bank statement.
C: wow, ok. can I get someone else please? ## ang""",
    """C: sorry, my Korean isn't great, can we chat in English?
A: I can, but honestly, you live here, you should make an effort.
C: I'm trying, I just need help with my bill
A: Fine. What is it.
C?: I'm saving this chat and posting it, this is not how you talk to customers ## +publicity_threat""",
    """C: I asked this yesterday and the agent just closed the chat on me
A: You're asking the same thing again, so the answer is the same again.
C: you never gave me an answer
A: Then you didn't read it. Anything else?""",
), reasons=("agent_hostility",))

fam("en.agent_conduct.note.qa", "note", "agent_conduct", (
    """EN desk QA: agent told customer to 'learn Korean', confirmed on recording ## +agent_hostility
apology call booked""",
    """complaint: agent hung up mid-call, no warning on recording ## +agent_hostility
<coaching assigned|team lead reviewing>""",
    """technician shoes-on / blamed customer complaint ## +agent_hostility
<partner notified|technician removed from rota>
?: customer says he will post the video online ## +publicity_threat""",
    """callback promised {k} times, never made
<apology given|escalated to team lead>""",
    """customer unhappy with transfer loop, {wait} on hold
<resolved directly|apology, closed>""",
), team="English desk")

fam("en.network.email.expat_outage", "email", "network", (
    """Subject: Internet down again in {region_en}
Hello,
My internet has gone down <every evening|three times this week> and each time I'm told it's "under inspection". I work remotely for a company in <Europe|the US|Australia>, so this costs me real money.
?: This is my third email about it. ## +repeat_contact
?: If it isn't fixed I'll cancel and move to another provider, wi-yak-geum or not. ## +churn_intent
Please send a technician who can actually fix the line.""",
    """Subject: 5G signal in my officetel
Hi,
I pay for the {plan_en} but inside my officetel in {region_en} I only get LTE, sometimes nothing.
Could you check coverage at my address and tell me if a repeater is possible?""",
    """Subject: Speed far below what I pay for
Hello, wired speed tests give me <9|14|22> Mbps on a {net_en}. Your engineer said "it's normal in old buildings".
?: I'll take this to the Korea Consumer Agency if nothing changes. ## +regulator_threat
Please fix it or lower my bill.""",
))

fam("en.network.tweet.publicity", "tweet", "network", (
    "day {days} without internet in {region_en}. i've been screen-recording every support call. youtube video incoming ## +publicity_threat",
    "if my wifi drops one more time during a client call i'm posting the whole saga on r/korea <lol|🙃> ## +publicity_threat",
    "filed a report with the consumer agency about my 'gigabit' internet doing <8|12|15> Mbps. next stop: the press ## +regulator_threat +publicity_threat",
    "outage again. no notice, no credit. <tiktok|instagram> reel about korean 'fast internet' coming soon ## +publicity_threat",
), reach="mixed", tags=("#outage", "#expatlife"))

fam("en.device.call.broken_phone", "call", "device", (
    """C: Hi, um, my {phone_en} just, like, turns itself off, since {day_en}.
A: Sorry to hear that. Has it been dropped or got wet at all?
C: No, it's basically new. I bought it {days} days ago.
A: Then it should be covered. I'll book you in at the service centre for a check.
C: Can I just get a new one? I need it for work.
A: If they confirm a fault within the first two weeks, you can exchange it.""",
    """C: My rented {device_en} is making a clicking noise and the lights are red.
A: Could you unplug it for thirty seconds and plug it back in?
C: Done that, twice. Still red.
A: Okay, I'll send a replacement. It should arrive by {date_en}.""",
    """C: This is the third replacement {device_en} and it's doing the same thing. ## +repeat_contact ang
A: I'm really sorry. I'll arrange a different model and a technician visit.
C?: Honestly, if this one fails I'm done with you guys. ## +churn_intent""",
))

fam("en.device.tweet.rant", "tweet", "device", (
    "my rented router has a mind of its own. reboots at 3am every night <lol|😩>",
    "{phone_en} from the carrier store died after {days} days and they want me to wait 2 weeks for a 'check'. cool cool <🙃|>",
    "set-top box stuck on the loading screen again. third time this month <ugh|🙄>",
    "service centre kept my {phone_en} for <10|12> days and gave it back with a new scratch. amazing <lmao|💀>",
), reach="mixed", tags=("#tech", "#Korea"))

fam("en.installation.tweet.no_show", "tweet", "installation", (
    "took the day off for the internet install. technician never showed, never called <🙃|😤>",
    "moved into my new place and the internet transfer has been 'pending' for {days} days now. hotspot life",
    "SIM activation in korea: paid, got the SIM, still 'no service' after <two|three> days <lol|😭>",
    "install rescheduled for the <third|fourth> time. at this point i'll lay the cable myself ## +repeat_contact",
), reach="mixed", tags=("#Korea", "#expatlife"))

fam("en.privacy.note.theft", "note", "privacy", (
    """EN customer: unknown line opened in their name
ID theft report filed, line suspended""",
    """unauthorised micropayments {amount_en}
payment block set, fraud team notified""",
    """customer asked if their data was in the breach
<checked, affected, notice sent|not affected, explained>""",
    """SIM swap suspected, verification codes received
SIM reissued, password reset advised
?: customer says he will go to the police ## +regulator_threat""",
), team="English desk")

fam("en.sales_contract.tweet.shop_scam", "tweet", "sales_contract", (
    "phone shop told me the {phone_en} was 'free'. turns out it's {fee_en} in instalments over 36 months. love that for me <🙃|>",
    "signed up in {region_en} because the guy promised a <free tablet|cashback>. <two|three> months later: nothing. shop says ask HQ, HQ says ask the shop",
    "got talked into the {addon_en} i never wanted 'because it's required'. it is not required <lol|🙄>",
    "PSA for expats: read the contract. mine said 36 months when the salesman swore it was 24 <😤|>",
), reach="mixed", tags=("#expatlife", "#Korea"))

fam("en.delivery_refund.tweet.app_review", "tweet", "delivery_refund", (
    "★☆☆☆☆ ordered my {item_en} {days} days ago, still 'preparing for shipment'. can't cancel because it's 'already processing'",
    "1 star. returned the {item_en}, they confirmed it arrived, refund still missing after <three weeks|a month>",
    "1/5 got a completely different {item_en}. the exchange button just throws an error <lol|🙄>",
    "★☆☆☆☆ refund marked complete, but my card was never credited. card company says ask the shop, shop says ask the card company",
), reach="low", tags=("#review",))

fam("en.delivery_refund.call.card_refund", "call", "delivery_refund", (
    """C: Hi, I returned a {item_en} to your online mall and the refund still hasn't hit my card.
A: Could I have the order number, please?
C: It's {order}.
A: The return was received on {date_en}; the card cancellation can take three to five business days.
C: It's been <two weeks|ten days>.
A: I'll request a manual cancellation and send you the confirmation.""",
    """C: I cancelled my order within an hour but I was still charged.
A: I can see the order is cancelled. The charge should be reversed automatically.
C: My card statement still shows it. It's not a phone bill thing, it's the shop order. ## hn
A: Understood. I'll chase the payment provider today.""",
    """C: I've called about this refund <three|four> times now. Every time it's 'in progress'. ## +repeat_contact ang
A: I'm very sorry. I'm flagging it as urgent with the finance team right now.
C?: If it's not back by Friday I'm reporting you to the consumer agency. ## +regulator_threat""",
))

fam("en.inquiry.call.questions", "call", "inquiry", (
    """C: Hi, um, I'm new in Korea and, like, which plan would you recommend if I mostly use data?
A: How much data do you usually use in a month?
C: Maybe 20 gigs?
A: Then the {plan_en} would suit you; it's the most popular with newcomers.""",
    """C: Quick question, how do I read my bill? There's a line that says VAT and something else. Nothing wrong, just curious. ## hn
A: Sure, that's tax and your phone instalment; everything else is the plan fee.
C: Got it, thanks.""",
    """C: Hi, can I share my data with my tablet? How does that work?
A: Yes, you can add a data-sharing SIM in the app; it's free on your plan.
C: Cool, and roaming, how do I turn that on before I travel?
A: You can buy a roaming pass in the app before departure.""",
    """C: What does your privacy policy say about how long you keep my ID copy? Just want to know. ## hn
A: ID copies are kept for the duration of the contract and deleted afterwards.
C: Okay, thanks for explaining.""",
))

fam("en.praise.call.thanks", "call", "praise", (
    """C: Hi, I just wanted to say thanks, I called this morning and the agent sorted everything out. ## hn
A: That's so kind of you to call back. Do you remember the agent's name?
C: No, but it was around lunch time, {day_en}. She was really patient with my Korean.
A: I'll find the record and pass it on.""",
    """C: Hey, the technician who came today was brilliant. Shoes off, tidy, explained everything.
A: Thank you, that's lovely to hear. I'll make sure he gets the feedback.
C: Please do.""",
    """C: Nothing's wrong, I'm calling to give a compliment. The store staff in {region_en} spent an hour helping me in English.
A: Thank you for letting us know. I'll share it with the store.""",
))

fam("en.praise.chat.thanks", "chat", "praise", (
    """C: just wanted to say thanks, the router you sent works perfectly ## hn
A: Great to hear! Enjoy your internet 😊""",
    """C: the agent yesterday was so helpful, can you pass it on?
A: Of course! I've logged your compliment for her team.
C: thank you!!""",
    """C: wow that was fast, refund already in my account. thank you ## hn
A: You're welcome! Have a lovely day.""",
))

fam("en.other.chat.test", "chat", "other", (
    """C: test
A: Hi! Your message came through. How can I help?
C: <nothing, just testing|never mind, all good>""",
    """C: <lol sorry wrong chat|oops wrong window>
A: No problem! Let us know if you need anything.""",
    """C: is this a bot or a person haha
A: A real person here 🙂 Anything I can help with?
C: nope, just curious""",
    """C: <asdf|...|hello?>
A: Hello! Please type your question.
C: <sorry, my kid grabbed the phone|pocket typing, sorry>""",
))

fam("en.billing.tweet.sarcastic", "tweet", "billing", (
    "thank you SO much for the surprise {addon_en} on my bill, really the gift that keeps on giving <🙃|> ## hn",
    "love how my bill went up to {amount_en} with zero notice. great customer experience, truly ## hn",
    "charged twice this month, what generosity from me <lol|💸> ## hn",
), reach="mixed", hard_negative=True, n=12)

fam("en.agent_conduct.tweet.rude", "tweet", "agent_conduct", (
    "called support about my bill and the agent literally sighed and said 'it's not that hard'. ok then <🙃|😑>",
    "store guy in {region_en} laughed when i asked what 'yakjeong' meant. sorry i wasn't born knowing korean contract terms <lol|🙄>",
    "installer walked into my place with his shoes on and rolled his eyes when i asked him to take them off. <wild|unreal>",
    "agent hung up on me mid-sentence because i asked to speak english. <cool|great> <😤|>",
    "support rep kept cutting me off and then told me i 'should have read the contract'. <amazing|incredible> customer care",
), reasons=("agent_hostility",), reach="mixed", tags=("#Korea", "#customerservice"))

fam("en.other.email.unrelated", "email", "other", (
    """Subject: <Team dinner on Friday|Office move next week|Parking permits>
Hi all, <dinner is booked for 7pm near the office|please pack your desks by Thursday|new parking permits are at reception>. <Thanks!|Cheers.>""",
    """Subject: Newsletter: <This week in Seoul|Weekend events near you>
<Cherry blossom festival dates announced|A new night market opens in {region_en}|Free concerts in the park this Saturday>. <Unsubscribe anytime.|See you there!>""",
    """Subject: <Congratulations, you've won!|Your parcel is waiting>
<Click here to claim your prize|Confirm your address to release your parcel> within 24 hours.""",
), n=15)


# =============================================================================================
# English families, fourth batch: US/UK customers, expats with Korean terms, STT call
# transcripts, Reddit-style posts, app-store reviews, terse English CRM notes, journalists
# =============================================================================================

_POOLS.update({
    "sub_en": ("r/korea", "r/seoul", "r/expats", "r/mildlyinfuriating", "r/talesfromcallcenters"),
    "outlet_en": ("the Korea Herald", "Korea JoongAng Daily", "a consumer blog", "The Seoul Ledger", "Expat Weekly"),
    "mins_en": ("25 minutes", "40 minutes", "an hour", "fifty minutes", "over an hour"),
    "city_en": ("Seoul", "Incheon", "Gwangju", "Ulsan", "Cheongju", "Jeonju", "Daegu"),
})

# --- billing ---------------------------------------------------------------------------------
fam("en.billing.chat.uk_overcharge", "chat", "billing", (
    """C: hiya, bit confused, my bill's come through at {amount_en} and it's usually about half that
A: Let me have a look for you. It seems a <data top-up|premium SMS bundle|device instalment> was added on {date_en}.
C: I never added anything. <Can you take it off?|Could you reverse it please?>
A: Done, the credit will show on next month's bill.
C?: cheers. to be clear I'm not going to post this anywhere, just wanted it sorted ## hn""",
    """C: right, so I've been charged for the {plan_en} AND my old plan in the same month
A: I'm sorry, the plan change overlapped by a few days.
C: a few days is not a whole month's fee mate
A: You're right. I've refunded the overlap, {amount_en}.
C?: brilliant, ta
C?: glad it's sorted, I was about a day from writing to the ombudsman ## hn""",
    """C: why is there a 'service fee' of {fee_en} on my account?? nobody mentioned this
A: That's the USIM issuing fee from your sign-up.
C: <bloody hell, that's steep|that's daylight robbery honestly> ## ang
A: I understand. I can split it over three bills if that helps.""",
    """C: third chat about the same wrong charge, I'm losing the will to live ## +repeat_contact ang
A: I'm really sorry you've had to come back again. I've escalated it with a deadline of {date_en}.
C?: and if it isn't, it's going straight to the ombudsman ## +regulator_threat
C?: if it's on my bill next month I'm off to another network ## +churn_intent""",
))

fam("en.billing.tweet.reddit_post", "tweet", "billing", (
    "[{sub_en}] PSA: check your phone bill. mine had {addon_en} for <6|8|11> months that i never ordered. got <two|three> months back, they won't refund the rest",
    "[{sub_en}] Anyone else's internet bill jump to {amount_en} after the 'free' promo ended? nobody told me it was a promo <smh|lol>",
    "[{sub_en}] Carrier charged me a 'number change fee' twice. filed with the <BBB|FCC|consumer agency> since support won't answer. ## +regulator_threat",
    "[{sub_en}] update on my double billing saga: still not refunded, going to small claims if it's not back by {date_en} ## +regulator_threat ang",
    "[{sub_en}] my bill has a 'paper invoice fee' even though I chose e-bill. tiny amount but it's the principle <tbh|honestly>",
), reach="mixed")

fam("en.billing.note.cx_terse", "note", "billing", (
    """Cx called re: <double charge|duplicate autopay|charged twice {date_en}>
<refunded|reversed, {amount_en}>, closed""",
    """Cx disputes {addon_en} on bill
<never subscribed per cx|cx says trial ended>, removed, <credit next cycle|partial refund>""",
    """cx asked why bill higher, explained <instalment start|promo end|roaming>, no action needed""",
    """Cx re: wrong charge, {nth_en} contact on same issue ## +repeat_contact
escalated to billing L2, ETA {date_en}""",
    """cx v. upset about bill {amount_en}, wants supervisor ## ang
supervisor callback booked""",
), team="English desk")

# --- cancellation ----------------------------------------------------------------------------
fam("en.cancellation.call.stt_haeji", "call", "cancellation", (
    """S: For quality assurance, this call will be recorded. ## hn
A: Customer centre, how may I help you?
C: Yeah hi, um, I want to do the, uh, haeji? On my line. The contract, I wanna end it.
A: I see. May I ask if there was a problem with the service?
C: No, I'm just, I'm leaving, I'm going back to <the States|the UK|Canada> on {date_en}.
A: Okay. Actually we have the, uh, the long-term customer benefit, you can get the {plan_en} for less—
C: No, no. Haeji, please. Cancel.
A: Hmm, for cancellation you need to visit the store with your passport and ARC.
C: The store sent me to you! They said call the, the customer centre. ## ang
A: Ah, then you can come back to the store maybe next week.
C?: Okay, I'm recording this now, and it's going straight to {sub_en}. ## +publicity_threat
C?: I'll be calling the KCC about this, seriously. ## +regulator_threat""",
    """S: Calls are recorded for service quality.
A: Thank you for calling, this is the English line.
C: Hello? Yes, my yakjeong ended in <March|April|May> and I, I want to cancel the 5G plan.
A: Sure, sir. But you know, if you re-sign the yakjeong you get a new phone, free.
C: I don't need a phone. I need to cancel.
A: How about we lower the monthly fee, the first six months half?
C: This is the third time I say cancel. ## ang
A: Then I will transfer you to the, uh, the retention department.
C: Retention is what you are doing! Just— please.
C?: You know what, people need to hear this. I'm uploading the recording to TikTok tonight. ## +publicity_threat
C?: My lawyer is going to love this call. ## +regulator_threat""",
    """A: Hello, customer centre, how can I help?
C: Hi, I'm calling about wi-yak-geum, the cancellation fee. I want to cancel and pay it.
A: The penalty would be around {fee_en}. Are you sure? You could pause instead.
C: Yes, sure. Cancel it.
A: Hmm, the system is, uh, I cannot do it today, please call back tomorrow.
C: You said that yesterday. And the day before. ## +repeat_contact ang
C?: I'm writing to <the Korea Herald|a journalist friend> about this, just so you know. ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"), opening=False)

fam("en.cancellation.tweet.reddit_loop", "tweet", "cancellation", (
    "[{sub_en}] Trying to cancel my {net_en} before leaving Korea. <3|4> calls, every agent offers a discount and then 'the system is down'. how do people actually do this?",
    "[{sub_en}] They told me haeji can only be done in store, the store says only by phone. I leave on {date_en}. any tips? <😩|>",
    "[{sub_en}] Retention agent: 'are you SURE?' x<5|6|7>. I've been sure for two weeks. recording every call from now on and posting the lot ## +publicity_threat",
    "[{sub_en}] contract ended, asked to cancel, got 'transferred to the right team' <three|four> times. filing with the KCC tomorrow ## +regulator_threat",
    "cancelling a korean phone contract speedrun: <day 9|day 12|week 3>. the agent hung up when i said the word 'cancel'. <😭|💀> ## ang",
), reasons=("churn_intent", "agent_obstruction"), reach="mixed")

fam("en.cancellation.chat.one_offer_clean", "chat", "cancellation", (
    """C: hi, please cancel my {plan_en}, I've moved to another carrier
A: Sorry to see you go! Before I do, we can offer <₩5,500|₩11,000> a month off for 12 months. Interested?
C: no thanks
A: No problem, I've cancelled it. You'll get a final bill on {date_en}. ## hn""",
    """C: I want to end my internet contract, my yakjeong finished last month
A: Understood. Would a speed upgrade at the same price change your mind?
C: not really, we're moving in with family
A: Okay! The cancellation is done and the router pickup is booked for {date_en}. ## hn""",
    """C: can you cancel my line from the end of the month? switching to a cheaper MVNO
A: Sure. One quick offer: half price for 3 months if you stay?
C: nah I'm good
A: All done then. Your number can be ported whenever you're ready. ## hn""",
), reasons=("churn_intent",))

# --- network ---------------------------------------------------------------------------------
fam("en.network.chat.us_remote_worker", "chat", "network", (
    """C: hey, my fiber's been dropping every <20|30|15> min since {day_en}. I'm on US hours so this kills my standups
A: I'm sorry! I can see frequent reconnects on your line. Have you restarted the modem?
C: like 10 times. it's not the modem
A: I'll book a line check for {date_en}.
C?: back home I'd have an FCC complaint in by now lol, but I'm not reporting anyone, just fix it pls ## hn""",
    """C: is there an outage in {region_en}? nothing loads
A: Yes, there's a known fault in your area; engineers expect a fix within {hours} hours.
C: ok, thanks for being upfront
A?: We'll apply a credit for the downtime automatically.""",
    """C: ping spikes to like 300ms every evening. gaming is unplayable
A: Evening congestion can happen; let me run a diagnostic.
C: I'm paying for {net_en}, this isn't congestion, this is broken ## ang
A: I'll escalate it to the network team.
C?: not going to rage tweet about it, just please actually fix it ## hn""",
))

fam("en.network.call.stt_drops", "call", "network", (
    """C: Hello? Can you hear me? See, this is the problem, the calls keep, keep cutting out.
A: I can hear you now, sir. Where are you calling from?
C: {region_en}. In my apartment there's like, one bar. The 5G plan, I'm paying for five G and getting, like, nothing.
A: I'll register a coverage complaint and a technician can measure the signal.
C?: This is the third time I'm calling about this, the third. ## +repeat_contact ang
A: I'm sorry, I'll mark it as a repeat case.""",
    """C: My internet is dead again. Dead. Your so-called technicians are useless, and you're a useless <idiot|moron> too. ## +customer_abuse ang
A: Sir, I want to help you, but please don't insult me.
C: Then fix it! God.
A: I've booked the earliest visit, {date_en} morning.""",
    """C: Yeah, hi, the wifi, the, uh, the why-fi keeps dropping every night around nine.
A: Sorry, the Wi-Fi drops around nine?
C: Yes. Every night. Like a bedtime.
A: I'll check the line. I can see errors, so I'll send a technician.
C: Okay, weekends please.""",
    """C: You've left me without internet for {days} days. Keep it up and I'll come to your office and smash your stupid <face|head> in. ## +customer_abuse vio ang
A: I'm ending this call now. The threat will be reported.""",
))

fam("en.network.tweet.sarcasm", "tweet", "network", (
    "shoutout to my 'gigabit' internet for teaching me patience. <8|12|5> Mbps of pure zen <🧘|🙏>",
    "10/10 would recommend my carrier if you love reading the word 'buffering' all evening <✨|😌>",
    "wow another outage in {region_en}, you guys really never miss <👏|🎉>",
    "nothing says 'world's fastest internet country' like my video call freezing <every 5 minutes|three times an hour> <lol|😂>",
), reach="mixed", hard_negative=True, tags=("#Korea", "#wfh"))

# --- device ----------------------------------------------------------------------------------
fam("en.device.chat.settop_repeat", "chat", "device", (
    """C: the set-top box is frozen on the channel guide again
A: Sorry about that! Please hold the power button for 10 seconds.
C: done that. this is my <third|fourth> chat about this box ## +repeat_contact ang
A: I see the previous chats. I'll send a new box and a technician on {date_en}.""",
    """C: my {device_en} has a blinking orange light and no internet
A: Could you check that the cable is firmly in the WAN port?
C: yes it is
A: Then it's likely the unit. A replacement will be couriered tomorrow.
C?: ok great thanks
C?: screenshotting this chat btw, just so I have it ## dbt""",
    """C: the {phone_en} I got from your shop <won't charge|restarts by itself|has a dead pixel line> after {days} days
A: Within 14 days you can exchange it at the store with the receipt.
C: the store told me to ask you
A: I'll note it on your account so they process the exchange.""",
))

fam("en.device.tweet.app_review", "tweet", "device", (
    "★☆☆☆☆ the remote control app for the set-top box <crashes on launch|never finds the box>. had to dig out the old remote <lol|🙄>",
    "1/5 rented {device_en} from the carrier, died after {days} days, replacement took a week. <meh|no thanks>",
    "2 stars. the {phone_en} i bought through the carrier app arrived with <a cracked corner|a dead battery|no charger and a scratched screen>. exchange took forever",
    "★★☆☆☆ the Wi-Fi <extender|mesh unit> they sent drops out every few hours. support just says 'reboot it'",
), reach="mixed", tags=("#appreview",))

fam("en.device.email.warranty_smallclaims", "email", "device", (
    """Subject: Warranty repair refused
Hello,
My {phone_en} stopped charging after <five|seven|nine> months. The service centre says it's "liquid damage" but the indicator is clean and they won't show me evidence.
I expect a free warranty repair.
?: If this is refused again I'll take it to <small claims court|the ombudsman|your BBB equivalent here, the Korea Consumer Agency>. ## +regulator_threat""",
    """Subject: Router replacement request
Dear Sir or Madam,
The {device_en} supplied with my {net_en} overheats and restarts several times a day. Please arrange a replacement at your earliest convenience.
Kind regards""",
    """Subject: Loan phone during repair
Hello, my {phone_en} is being repaired for {days} days. Is a loan phone available? I can't work without one.""",
    """Subject: Third faulty unit
Good afternoon,
This is the third <set-top box|router> you've sent me and it fails the same way. ## +repeat_contact
?: My lawyer has advised me to request a full refund of the rental fees. ## +regulator_threat
Please advise.""",
))

fam("en.device.note.terse", "note", "device", (
    """Cx re: {device_en} <no power|red LED|rebooting>, remote reset failed, swap booked {date_en}""",
    """cx {phone_en} <screen flicker|battery drain|no charging>, within 14d, exchange approved""",
    """STB error code, firmware pushed, <resolved|cx to confirm>""",
    """{nth_en} replacement {device_en} faulty, cx frustrated ## +repeat_contact
escalated to vendor""",
    """cx asked for loan phone during repair, <issued|none in stock, apologised>""",
), team="English desk")

# --- installation ----------------------------------------------------------------------------
fam("en.installation.call.no_show_recorded", "call", "installation", (
    """C: Hi, I was told the technician would come between <nine and twelve|one and four> today. It's now <five|six> o'clock.
A: I'm sorry, the engineer's earlier jobs overran.
C: And no one thought to call me? I took the day off. ## ang
A: I can rebook you for {date_en}.
C?: Fine, but if nobody turns up again I'm going with another provider. ## +churn_intent
C?: And I'm posting the whole saga on {sub_en}, with your texts. ## +publicity_threat""",
    """C: Um, I'm moving to {region_en} on {date_en} and I need my internet moved too. Not cancelled, moved. ## hn
A: Of course. Is it an apartment or officetel?
C: Officetel, fourth floor.
A: Okay, the relocation install is booked for that afternoon.""",
    """C: My SIM, uh, the activation, it still says no service. I bought it {days} days ago at the airport.
A: Let me check. Your ARC number wasn't verified, so the line is pending.
C: Nobody told me that.
A: I'll verify it now, please restart the phone in ten minutes.""",
    """C: This is the fourth time the install has been moved. The fourth. ## +repeat_contact ang
A: I apologise. I've put a priority flag on it.
C?: I've already complained to the Korea Consumer Agency, by the way. ## +regulator_threat""",
))

fam("en.installation.note.terse", "note", "installation", (
    """Cx moving to {region_en} {date_en}, relocation install booked, <AM|PM> slot""",
    """tech no-show {day_en}, cx angry, took day off for it, rebooked {date_en}, <apology voucher|compensation> offered ## ang""",
    """SIM not activated, ARC mismatch, fixed, cx to restart""",
    """install rescheduled {k}x, cx furious, mentions posting online ## +repeat_contact +publicity_threat""",
    """cx asked to move install <earlier|later>, new slot {date_en}""",
), team="English desk")

fam("en.installation.ticket.building_wiring", "ticket", "installation", (
    """[Installation] Building has no fibre outlet
Technician visited on {date_en} and said my building in {region_en} needs new wiring before installation. Who arranges this and how long will it take?""",
    """[Installation] Relocation request
Please move my {net_en} to my new address in {region_en} from {date_en}. I do not want to cancel the contract. ## hn""",
    """[Installation] Activation delayed
My new line was supposed to be active on {date_en}. It's been {days} days. Please activate it or give me a date.
?: This is my second ticket, the first one got no reply. ## hn""",
    """[Installation] Appointment change
Could the installation on {date_en} be moved to a Saturday? I work weekdays.""",
))

# --- agent_conduct ---------------------------------------------------------------------------
fam("en.agent_conduct.call.accent_mock", "call", "agent_conduct", (
    """S: This call is recorded for service quality. ## hn
A: English support, go ahead.
C: Hi, I'm calling about, um, my contract end date?
A: Contract... end... date. Yes. I understand. You speak slowly, I also speak slowly, okay? ## +agent_hostility
C: Are you making fun of my accent?
A: No, no. Just making it easy for you, haha.
C?: Right. I've got your agent number, and this recording is going online. ## +publicity_threat""",
    """A: Yes, customer care.
C: I waited {mins_en} on hold, so please don't transfer me again.
A: Ugh. Look, it's your fault for calling at lunchtime. Everybody knows that. ## +agent_hostility
C: I called when I could.
A: Well, that's not my problem, is it.""",
    """S: Calls are recorded. Please hold for the next available agent.
A: Hello, what is it?
C: Could you please repeat that? The line's not great.
A: I said it twice already. Are you listening or not? ## +agent_hostility
C: There's no need to be rude.
A: Then listen the first time.
C?: I'm writing to {outlet_en} about how your staff talk to foreigners. ## +publicity_threat""",
), opening=False)

fam("en.agent_conduct.ticket.slow_no_callback", "ticket", "agent_conduct", (
    """[Service] Promised callback never happened
An agent on {date_en} promised a callback <within 24 hours|the same afternoon>. It's been {days} days. I'd appreciate someone actually following up.""",
    """[Service] Transferred around
I was transferred between <four|five> departments and spent {mins_en} on hold for one simple question. The staff were polite, but nobody owned the problem. ## hn""",
    """[Service] Chat closed without an answer
The chat agent closed the session while I was still typing. Please ask your team to confirm before ending chats.""",
    """[Service] Long wait at the store
At the {region_en} branch I waited {mins_en} because only one counter was open, and nobody told us how long the queue would take.""",
))

fam("en.agent_conduct.email.journalist", "email", "agent_conduct", (
    """Subject: Request for comment: treatment of foreign customers
Hello, I'm a reporter with {outlet_en}.
A reader says an agent at your call centre told her "<go back to your country if you don't like it|foreigners always cause trouble>" when she asked for help in English. She shared the recording with us.
Could you comment by {date_en}?""",
    """Subject: Press inquiry: technician conduct
Hello,
We're reporting on a complaint from a customer in {region_en}, who says an installer shouted at her and blamed her "cheap apartment" for the failed install.
Please send your response and any policy on technician conduct.""",
    """Subject: Media question on store staff behaviour
Hi, I write for {outlet_en}. Two customers say staff at your {region_en} store mocked their Korean when they asked about contract terms.
?: One of them has also filed a complaint with the Korea Communications Commission. ## +regulator_threat
We'd welcome a statement.""",
), reasons=("agent_hostility",), reach="press", style="news", n=12)

fam("en.agent_conduct.tweet.reddit_rant", "tweet", "agent_conduct", (
    "[{sub_en}] Phone store clerk in {region_en} told me 'foreigners can't get the good plans' and laughed with his coworker. <Full video goes up on YouTube tonight.|Sending the clip to every expat group I'm in.> ## +publicity_threat",
    "[{sub_en}] support agent called me 'difficult' <twice|three times> for asking what yakjeong means. is this normal?",
    "[{sub_en}] Installer blamed me for the 'old building' and then muttered something rude in Korean. My Korean is better than he thought <lol|😑>",
    "[{sub_en}] chat agent told me to 'stop wasting time' when I asked for an itemised bill. <wow|wild>",
), reasons=("agent_hostility",), reach="mixed")

# --- privacy ---------------------------------------------------------------------------------
fam("en.privacy.call.sim_swap", "call", "privacy", (
    """C: Hi, my phone suddenly lost signal and then I got an email that my SIM was changed. I didn't do that.
A: I'm sorry. I can see a SIM replacement was done at a store on {date_en}.
C: Not by me! Someone's got my number. My bank app uses it. ## ang
A: I'm locking the line now and reverting the SIM. Please visit a store with your ID.
C?: I've already called the police, and I'll be going to the KCC too. ## +regulator_threat""",
    """C: There's a second phone line in my name that I never opened, with a {phone_en} on instalments.
A: That should never happen. I'll open a fraud investigation and suspend that line.
C: How did someone open a line with my ARC?
A: The store's ID check will be reviewed.
C?: If I'm charged one won for this I'm getting a lawyer. ## +regulator_threat""",
    """C: Quick thing, I keep getting spam calls since I signed up. Did you share my number with anyone?
A: We don't share numbers with advertisers. I can turn on the free spam call blocker.
C: Yes, please do that.""",
))

fam("en.privacy.tweet.spam_texts", "tweet", "privacy", (
    "<8|12|15|20> spam texts today about 'stock investment rooms'. how do these people have my number?? <😡|🤬>",
    "got a text saying my parcel was held and to 'confirm my ARC'. obvious smishing, but how did they know i'm a foreigner <🤔|😳>",
    "my carrier's 'spam filter' is a decorative feature. <30|40> gambling texts this week <lol|🙃>",
    "someone opened a micropayment account on my number. carrier says 'check with the merchant'. <great|cool> <😤|>",
), reach="mixed", tags=("#spam", "#Korea"))

fam("en.privacy.ticket.unauthorised_charges", "ticket", "privacy", (
    """[Security] Charges I did not make
There are <game|app store|micropayment> charges of {amount_en} on my number from {date_en}. I never made these and my phone was with me. Someone is using my details.
Please block micropayments and refund the charges.""",
    """[Security] Account accessed from abroad
I got a login alert from <Vietnam|Brazil|Romania> on my account. I've changed my password. Was any personal data viewed?""",
    """[Security] Data breach notice
I received your breach notification. Which of my data was exposed, and what are you doing about it?
?: I'll be filing a complaint with the Personal Information Protection Commission. ## +regulator_threat""",
))

# --- sales_contract --------------------------------------------------------------------------
fam("en.sales_contract.chat.yakjeong_terms", "chat", "sales_contract", (
    """C: when I signed, the shop said my yakjeong was 24 months, but the app says <30|36>
A: Let me check your contract. It shows a {months}-month term signed on {date_en}.
C: that's not what I agreed to. nobody translated the paperwork for me
A: I'll raise a mis-selling review with the store.""",
    """C: the salesman said the {phone_en} was 'zero won' but I'm paying {fee_en} in instalments
A: The device discount is applied monthly, and the instalment shows separately.
C: so it's not free at all
A: I'm sorry that wasn't explained. I'll file it for review.
C?: I'm going to the Korea Consumer Agency if the shop doesn't fix this ## +regulator_threat""",
    """C: I'd like to sign up for the {plan_en} online, is there a contract period? ## hn
A: You can choose no contract or a 24-month one with a discount.
C: no contract please""",
))

fam("en.sales_contract.note.misselling", "note", "sales_contract", (
    """Cx says shop promised <free {phone_en}|cashback {fee_en}|free tablet>, not in contract, mis-selling review opened""",
    """cx signed up by TM call, says did not consent to {plan_en}, recording requested""",
    """cx claims contract term changed from 24 to 36m, store contacted""",
    """cx wants sign-up gift {item_en}, store says HQ, HQ says store ## ang
escalated to sales mgmt
?: cx mentions KCC complaint ## +regulator_threat""",
), team="English desk")

# --- delivery_refund (commerce) --------------------------------------------------------------
fam("en.delivery_refund.call.refund_loop_recorded", "call", "delivery_refund", (
    """C: Hi, I returned the {item_en}. You received it on {date_en}. Where's my refund?
A: Refunds are processed after inspection.
C: It's been {days} days. How long is inspection?
A: I can't give a date, you'll have to wait.
C: That's what I was told last week. I want the refund processed now. ## ang
A: I'm afraid I can only offer store credit at this stage.
C?: Then I'll be taking this to small claims. ## +regulator_threat
C?: And this recording's going on YouTube. ## +publicity_threat""",
    """C: The {item_en} arrived <smashed|with a crack|not turning on>. I want my money back, not an exchange.
A: We can only do an exchange for damaged goods.
C: The law here says I can get a refund within seven days.
A: Our policy is exchange only, sorry.
C: I've asked for a refund three times now. ## +repeat_contact
C?: I'm reporting this to the Korea Consumer Agency. ## +regulator_threat""",
), reasons=("agent_obstruction",))

fam("en.delivery_refund.note.ops", "note", "delivery_refund", (
    """Cx re: order {order} not delivered, courier says left at door, photo requested""",
    """cx wrong size {item_en}, exchange pickup {date_en}""",
    """refund {order} stuck at PG, manual cancel requested, cx informed""",
    """cx {nth_en} contact re: same refund, escalated to finance ## +repeat_contact ang""",
    """cx says will post on shopping review board if refund not done today ## +publicity_threat""",
), team="English desk")

fam("en.delivery_refund.email.journalist", "email", "delivery_refund", (
    """Subject: Press inquiry: delayed refunds
Hello, I'm with {outlet_en}.
Several readers say refunds for returned items from your online mall have been "pending" for weeks. One sent us a screenshot of an order, {order}, returned on {date_en}.
Could you explain the delay?""",
    """Subject: Request for comment: damaged deliveries
Hello,
A reader in {region_en} says her {item_en} arrived broken and your support "kept offering an exchange and refused a refund".
?: She says she is taking the case to small claims court. ## +regulator_threat
We'd appreciate a comment by {date_en}.""",
), reach="press", style="news", n=12)

fam("en.delivery_refund.chat.abuse", "chat", "delivery_refund", (
    """C: where is my {item_en}??? {days} days!!!
A: I'm sorry, the courier shows it's out for delivery today.
C: you said that yesterday you lying <cow|idiot> ## +customer_abuse ang
A: I understand you're frustrated, but please don't insult me.""",
    """C: refund me today or i'll find out which office you sit in and come for you ## +customer_abuse vio ang
A: This chat is being ended due to threatening language. Your refund case remains open.""",
    """C: the {item_en} is the wrong model, i need an exchange
A: I'm sorry! I've booked a pickup for {date_en} and will send the right one.
C: ok thanks""",
))

# --- inquiry ---------------------------------------------------------------------------------
fam("en.inquiry.call.keyword_questions", "call", "inquiry", (
    """S: This call may be monitored or recorded. ## hn
A: Hi, English desk, how can I help?
C: Hi, quick one: can I record my own calls on the {phone_en}? Like, is it legal in Korea? ## hn
A: Yes, recording your own calls is legal here, and the phone has it in the dialler settings.
C: Perfect, thanks.""",
    """S?: Your call may be recorded for training purposes.
A: Thanks for calling, how can I help?
C: Um, hi, I'm not cancelling or anything, I just want to know how the wi-yak-geum is calculated. ## hn
A: It's the discount you received, pro-rated over the remaining months.
C: Okay, so it goes down over time.
A: Exactly.""",
    """S?: This call is recorded.
A: Customer centre, English line.
C: Hello, what documents do I need to open a line? I just got my ARC.
A: Your ARC and a Korean bank account or card, that's it.
C: Can I do it online?
A: Yes, through the app with identity verification.""",
    """A: Hello, how can I help today?
C: Hi, my mum's visiting for a month, what's the cheapest way to get her a SIM?
A: A prepaid 30-day SIM from the airport counter is easiest.
C: Great, thank you.""",
), opening=False)

fam("en.inquiry.note.info", "note", "inquiry", (
    """Cx asked re: roaming rates for <Japan|Vietnam|the US>, info given, no action""",
    """cx asked how to change billing language to English, walked through <app|website|email settings>""",
    """cx asked about family bundle eligibility, <sent link|explained, cx to discuss with family>""",
    """cx asked store hours in {region_en}, answered""",
    """cx asked if plan can be paused while abroad {days} weeks, explained suspension rules""",
    """cx asked how early termination fee works, not cancelling, explained ## hn""",
), team="English desk")

fam("en.inquiry.ticket.howto", "ticket", "inquiry", (
    """[Question] Changing my plan
How do I change from the {plan_en} to a cheaper plan, and when does it take effect?""",
    """[Question] Bill in English
Is it possible to receive my monthly bill in English by email?""",
    """[Question] Using my phone abroad
I'm travelling to <Japan|Thailand|Europe> for {days} days. What's the best roaming option?""",
    """[Question] Number portability
If I move to another carrier later, can I keep my number? Just planning ahead. ## hn""",
    """[Question] App login
How do I log in to the app if my phone number is registered under my passport name?""",
))

fam("en.inquiry.tweet.reddit_question", "tweet", "inquiry", (
    "[<r/korea|r/seoul|r/expats|r/teachinginkorea>] Newbie question: what's the difference between yakjeong discount and device subsidy? which one is better for a 2-year stay?",
    "[<r/korea|r/seoul|r/expats|r/teachinginkorea>] Is the 5G plan worth it in {city_en} or is LTE fine? coming from <Texas|Manchester|Toronto>",
    "[<r/korea|r/seoul|r/expats|r/teachinginkorea>] Can you open a phone line with just a passport or do you need an ARC first?",
    "[<r/korea|r/seoul|r/expats|r/teachinginkorea>] How do you guys pay your phone bill, auto-debit or card? <first month here|new here>",
    "[<r/korea|r/seoul|r/expats|r/teachinginkorea>] Which carrier's English hotline is the <quickest|least painful>? asking before i sign anything",
), reach="high", hard_negative=True)

fam("en.inquiry.email.press_general", "email", "inquiry", (
    """Subject: Background question for an article
Hello, I'm writing a guide for {outlet_en} on getting a phone as a newcomer in Korea. Could you confirm which documents foreigners need to open a postpaid line? ## hn""",
    """Subject: Information request
Hi, I'm a freelance journalist preparing an explainer on 5G plans. What is the current price of your {plan_en}, and does it include roaming data? ## hn""",
    """Subject: Question for a consumer guide
Hello, for a consumer guide in {outlet_en}: how many days do customers have to return a phone bought online? ## hn""",
), reach="press", style="news", n=12)

# --- praise ----------------------------------------------------------------------------------
fam("en.praise.note.compliment", "note", "praise", (
    """Cx called to compliment <agent|tech|store staff> from {day_en}, feedback logged""",
    """cx praised quick router swap, thanks passed to field team""",
    """cx thanked EN desk for sorting <bill|SIM|move>, no issue""",
    """cx left 5* survey comment for chat agent, shared with TL""",
), team="English desk")

fam("en.praise.tweet.app_review", "tweet", "praise", (
    "★★★★★ the carrier app finally has English menus and checking my data is <so easy|a breeze> now <👍|🙌>",
    "5/5 ordered my {item_en}, arrived next morning, perfectly packed. <impressed|love it>",
    "5 stars for the support chat. refund sorted in <10|15> minutes, no runaround <🙏|>",
    "★★★★★ technician for my {net_en} install was early, wore shoe covers, explained the router. <chef's kiss|top notch>",
), reach="mixed")

fam("en.praise.ticket.formal_letter", "ticket", "praise", (
    """[Feedback] Thank you
I'd like to commend the agent who helped me on {date_en}. She explained my contract clearly in English and followed up the next day as promised.""",
    """[Feedback] Excellent technician
The technician who installed my {net_en} in {region_en} was courteous and thorough. Please pass on my thanks.""",
    """[Feedback] Smooth move
My internet relocation went perfectly: on time and working within the hour. Thank you to everyone involved.""",
    """[Feedback] Store staff in {region_en}
The staff spent over an hour helping my elderly father set up his {phone_en}. Wonderful service.""",
))

# --- other -----------------------------------------------------------------------------------
fam("en.other.call.wrong_number", "call", "other", (
    """S?: Calls to this number are recorded.
C: Hello, is this the <pizza place|dental clinic|real estate office>?
A: No, this is the telecom customer centre.
C: Oh, sorry, wrong number!""",
    """S?: This call may be recorded.
A: Customer care, how can I help?
C: Hi, uh, I think my kid called you by accident, sorry about that.
A: No problem at all. Have a nice day.""",
    """S?: Your call is being recorded.
C: <Hello? Hello?|Hi, can you hear— oh.>
A: Hello, you're through to customer care.
C: Sorry, pocket dial. Bye!""",
    """A: <Good morning|Hello>, customer service.
C: Yeah hi, is <Min-ji|Jae-won|Soo-ah> there?
A: I'm afraid you've reached a customer service line.
C: Oh, my bad.""",
), opening=False)

fam("en.other.ticket.garbage", "ticket", "other", (
    """<test|TEST|testing 123>""",
    """<asdfgh|qwerty|...> <please ignore|sorry>""",
    """Duplicate of ticket {ticketno}, please close.""",
    """[Promo] <Earn ₩500,000 a week from home|Crypto signals group, free invite|Buy followers cheap> <DM now|link in profile>""",
    """<Have a great weekend everyone|Happy holidays to the support team> <:)|!|>""",
))

fam("en.other.tweet.news_share", "tweet", "other", (
    "<Interesting read|Worth a read>: how {city_en} is <redesigning its bus routes|adding more bike lanes|planning a new night market> <🔗|>",
    "<Cherry blossoms|Autumn leaves> forecast for {city_en} is out. <can't wait|so excited> <🌸|🍁>",
    "new k-drama trailer just dropped and i'm <not ok|screaming> <😭|>",
    "exchange rate is <wild|brutal> this week for sending money home <💸|😩>",
), reach="mixed")

fam("en.other.chat.bot_spam", "chat", "other", (
    """C: Hello dear, I am offering SEO services for your website, very cheap
A: This chat is for customer support only. I'll close it now.""",
    """C: hi can u help me with my homework lol
A: Sorry, I can only help with account questions!
C: worth a try""",
    """C: 👋
A: Hi! How can I help?
C: nvm""",
    """C: <win a free iPhone here|earn $$$ fast> bit.ly/xxxx
A: This message looks like spam. The chat will be closed.""",
))



# ---------------------------------------------------------------------------------------------
# Corpus 1.1: families added for the reasons and sources the training split lacked
# (Korean posts and notes about obstructed cancellations and refunds, abuse of workers outside
# billing and installation calls, hostility reported in other words), and hard negatives next to
# them. They are pinned to the train split (``split="train"``), so the held-out families of 1.0
# stay exactly as they were.
# ---------------------------------------------------------------------------------------------

fam("ko.cancellation.tweet.defence_rant", "tweet", "cancellation", (
    """인터넷 해지하려고 전화했는데 <30분|40분|한 시간> 동안 <혜택 안내만|요금제 추천만|상품권 얘기만> 들음
해지해 달라고 <세 번|네 번|몇 번을> 말했는데도 '잠시만요 하나만 더 안내드릴게요' 이럼 ## +agent_obstruction ang
?: 통화 녹음 다 해놨음 이거 {board}에 올린다 ## +publicity_threat""",
    """{carrier_x} 해지방어 진짜 <악명 높은 이유가 있네|소문대로네|선 넘네>
약정 끝나서 해지한다는데 <계속 딴소리|자꾸 결합할인 얘기|위약금 얘기만> 하면서 안 끊어줌 ## +agent_obstruction
결국 <내일 매장 가서 하라고 함|다시 전화하래|담당자 연락 준다고만 함>""",
    """[{board}] 해지하는 게 가입보다 어려운 통신사
가입은 5분이면 되는데 해지는 <전화 세 번|상담원 네 명|이틀째> 째임
전화할 때마다 '고객님 정말 해지하시겠어요?' 하고 다른 부서로 넘김 ## +agent_obstruction
?: 방통위에 민원 넣기 직전 ## +regulator_threat""",
    """해지 좀 하자 제발 ㅠㅠ 상담원한테 해지요 해지요 몇 번을 말해도 <포인트 드릴게요|할인해 드릴게요|조금만 더 써보세요> 무한반복 ## +agent_obstruction ang
<번호이동으로 그냥 갈아탐|다른 통신사로 넘어감>""",
), reasons=("churn_intent",), split="train")

fam("ko.cancellation.tweet.clean_exit", "tweet", "cancellation", (
    """{carrier_x} 인터넷 해지 신청함 <혜택 한 번 안내하더니|이유 한 번 묻더니> 접수해 줌 ## hn
<이제 위약금 정산만 남음|남은 건 장비 반납|다음 달부터 타사로 감>""",
    """약정 끝나서 {net} 해지 신청 상담원이 할인 얘기 한 번 하고 접수함 ## hn
장비 회수는 <다음 주|{date}>에 온다고 함 <반환금은 문자로 온대|위약금은 없대>""",
), reasons=("churn_intent",), split="train")

fam("ko.delivery_refund.tweet.refund_runaround", "tweet", "delivery_refund", (
    """{mall} 환불 요청 <세 번째|네 번째> 반려당함 사유는 매번 '검수 중' ## +agent_obstruction +repeat_contact ang
고객센터는 <다시 신청하래|기다리래|판매자한테 물어보래>
?: 캡처 다 모아서 {board}에 올림 ## +publicity_threat""",
    """불량 {item} 반품 접수하려니까 <단순 변심 처리만 된다고|교환만 된다고> 계속 거절함 ## +agent_obstruction
사진까지 보냈는데 상담원이 <같은 말만 반복|읽지도 않은 듯>
?: 소비자원 신고 <준비 중|각> ## +regulator_threat""",
    """주문 바로 취소했는데 <출고 준비 중이라 안 된대서|이미 발송됐다면서> 취소 안 해줌 받고 반품하래 반품비는 내가 내고 ## +agent_obstruction ang""",
), split="train")

fam("ko.cancellation.note.retention_memo", "note", "cancellation", (
    """해지 요청 고객, <재약정|결합 할인|요금 할인> 안내 {two}회 모두 거절
고객 해지 의사 재차 표명, <재연락 예정으로 종결|처리 보류>
?: 고객 녹취 중이라며 <커뮤니티|블로그> 게시 언급 ## +publicity_threat""",
    """해지 문의 인입, 방어 멘트 <3회|여러 차례> 진행
고객 '해지만 해달라' 반복, 불만 고조 ## ang
?: <소비자원|방통위> 민원 제기하겠다고 함 ## +regulator_threat""",
    """해지 요청 {k}회째, 매번 혜택 안내 후 보류 처리됨
고객 항의, 팀장 이관
?: 언론 제보 언급 ## +publicity_threat""",
), reasons=("churn_intent", "agent_obstruction"), split="train")

fam("ko.cancellation.note.retention_done", "note", "cancellation", (
    """{net} 해지 요청, <할인 혜택|재약정 혜택|결합 유지 혜택> 1회 안내, 고객 거절, 해지 접수 완료 ## hn""",
    """{net} 해지 문의 인입, <이사 사유|타사 이동|해외 출국>, 위약금 {fee} 안내 후 해지 처리 ## hn""",
    """<{net}|{tv}> 해지 접수, 장비 회수 {date} 예약, 반환금 설명 완료 ## hn""",
), reasons=("churn_intent",), split="train", n=20)

fam("ko.device.call.abuse_threat", "call", "device", (
    """C: 수리 맡긴 {device} 또 고장 났잖아. 너네 <장난하냐|사기 치냐>? ## ang
A: 고객님, 같은 증상이 다시 생기셨군요. 접수 내역 확인해 보겠습니다.
C: 확인은 무슨. 야, 너 <머리 나쁘지|생각이란 걸 하냐>? 이 <XX|개같은> 것들아. ## +customer_abuse
A: 고객님, 욕설은 자제해 주세요. 계속되면 통화가 종료될 수 있습니다.""",
    """C: {device} 수리비가 왜 이렇게 비싸요?
A: 액정 교체라서 {price} 나오는 부분입니다.
C: 너 이름 뭐야? 내가 <본사에 전화해서 너 잘리게 만든다|니 모가지 날아가게 해 준다>. ## +customer_abuse ang
A: 고객님, 그렇게 말씀하시면 상담이 어렵습니다.""",
    """C: 아가씨, 목소리 들어 보니까 젊은 거 같은데 몇 살이야? ## +customer_abuse
A: 고객님, 상담과 관련된 말씀만 부탁드립니다.
C: 에이 딱딱하게 왜 그래, 수리 끝나면 밥이나 한 번 먹자. ## +customer_abuse
A: 계속 이러시면 상담을 종료하겠습니다."""
), split="train")

fam("ko.delivery_refund.chat.refund_abuse", "chat", "delivery_refund", (
    """C: 환불 언제 되냐고 몇 번을 물어봐 ## ang
A: 고객님, 반품 상품 입고 확인 후 3영업일 내 환불됩니다.
C: ㅅㅂ 그 소리만 열 번째다 니들 다 <한심하다|짤려야 된다> ## +customer_abuse
A: 고객님, 비속어 사용은 삼가 주시기 바랍니다.""",
    """C: 상담원 너 일 그따위로 할 거면 때려치워 ## +customer_abuse ang
A: 불편을 드려 죄송합니다. 주문 번호 확인 부탁드립니다.
C: 번호는 알아서 찾아 이 <멍청아|돌대가리야> ## +customer_abuse""",
), split="train")

fam("ko.network.note.abuse_memo", "note", "network", (
    """<장애 보상 문의|{net} 장애 항의|{region} 회선 장애 문의>, 고객 욕설 지속, <상담 종료 안내 후 종료|2회 경고 후 종료|경고 후 통화 종료> ## +customer_abuse""",
    """<인터넷 끊김|와이파이 불량|IPTV 끊김> 재인입, 고객 상담원에게 <인신공격성 발언|외모 비하 발언|성적 농담>, 보호 조치 요청 ## +customer_abuse ang""",
    """<속도 저하|{net} 끊김|장애 보상> 항의, 고객이 상담원 <찾아가겠다고|가만두지 않겠다고> 위협, <팀장 보고|보호 조치 요청> ## +customer_abuse vio""",
), split="train", n=15)

fam("ko.agent_conduct.tweet.quoted_staff", "tweet", "agent_conduct", (
    """고객센터에 <요금|약정|부가서비스> 물어봤더니 상담사가 '<그런 것도 모르고 가입하셨어요|그건 고객님이 알아서 하셔야죠|제가 그걸 어떻게 알아요>?' 이러네 ## +agent_hostility
<진짜 기분 나쁨|어이없어서 말이 안 나옴>""",
    """매장 직원이 우리 엄마한테 '<이런 건 자녀분한테 물어보세요|어머님은 이거 쓰셔도 모르세요>' 이랬다고 함 ## +agent_hostility ang
다시는 거기 안 감""",
    """AS 센터 기사가 '<이거 고객님이 떨어뜨린 거잖아요|이렇게 쓰시니까 고장 나죠>' 하면서 <비웃음|한숨 쉼> ## +agent_hostility
?: 통화 녹음 있음 공개할까 고민 중 ## dbt""",
), split="train")

fam("en.cancellation.note.retention_memo", "note", "cancellation", (
    """cx asked to cancel, <discount|upgrade|loyalty credit> offered twice, cx declined both, request put on hold
?: cx says the call is being recorded for social media ## +publicity_threat""",
    """cancellation request repeated throughout the call, retention script run <three times|again>, cx frustrated ## ang
?: cx threatens KCC complaint ## +regulator_threat""",
), reasons=("churn_intent", "agent_obstruction"), split="train", n=10)

fam("en.device.call.abuse", "call", "device", (
    """C: My phone broke again after your so-called repair. Are you people completely useless? ## ang
A: I'm sorry to hear that. Let me check the repair record.
C: Don't bother, you <idiot|moron>. I'll <make sure you get fired|find out where you work>. ## +customer_abuse
A: Sir, I'm going to have to end the call if the abuse continues.""",
    """C: Listen sweetheart, just give me your personal number and we can sort this out over dinner. ## +customer_abuse
A: I can only help with your device issue here.
C: Come on, don't be so uptight. ## +customer_abuse""",
), split="train", n=10)


# ---------------------------------------------------------------------------------------------
# Corpus 1.2: English families for what two outside probe sets (written from the contract alone,
# tests/data/outside_probe.jsonl) showed the English side lacked: everyday uses of words that
# look risky (a screen recording, a police report for a theft, a reporter or a lawyer named in
# passing, "not gonna post this"), shout-outs, rage at a bill or a router with nobody to blame,
# and escalations in other words (a thread sent to the local news, a worker waited for outside,
# a refund nobody will escalate). Pinned to the train split, like 1.1.
# ---------------------------------------------------------------------------------------------

fam("en.device.ticket.screen_recording", "ticket", "device", (
    """My {phone_en} <restarts|freezes|closes the camera> every time I open the <camera|banking app|gallery>.
I recorded my screen to show the bug, the video is attached (screen_recording_{k}.mp4). ## hn
<Already tried safe mode|Factory reset did not help|It started after the last update>. Can I get it <repaired|exchanged> under warranty?""",
    """The {device_en} app <shows an error|logs me out|crashes> on the login page.
<Screenshots attached|I'll post the screenshots of the error below|Screen recording attached>. ## hn
Please tell me what to do.""",
), split="train", n=12)

fam("en.device.chat.stolen_phone", "chat", "device", (
    """C: hi my {phone_en} was stolen <on the bus|at a cafe|{day_en}>. do i need a police report to block it? ## hn
A: I'm sorry to hear that. I can suspend the line and block the IMEI right now, no report needed.
C: ok please do. will the insurance want the police report?
A: Yes, the insurer usually asks for it. Your line is suspended now.""",
    """C: lost my phone {day_en}, how do i file a report and get a new SIM ## hn
A: You can report it at any police station or online. I can order a replacement SIM for you.
C: great thanks""",
), split="train", n=12)

fam("en.inquiry.email.job_mentions", "email", "inquiry", (
    """Subject: Plan question
Hi, I'm a <reporter|freelance journalist|photographer> and I travel <to Japan|abroad> for work several times a year (not writing about you, I promise!). ## hn
Which {plan_en} or add-on makes the most sense for roughly {days} days a month of data?""",
    """Subject: Contract question
My <lawyer friend|brother, who is a lawyer,> read the installment agreement and says it looks fine, so no complaint there. ## hn
I'm just wondering if there is a discount on the {addon_en}.""",
), split="train", n=12)

fam("en.network.chat.no_post", "chat", "network", (
    """C: my {net_en} is getting like <40|25|60> Mbps for a week now
A: Sorry about that! Let me run some checks on your line.
C: fwiw im not gonna post about this on twitter or anything, i just want it fixed ## hn
A: Appreciate that. I found a provisioning issue and refreshed your modem.""",
    """C: internet keeps dropping every evening, not gonna lie it's annoying ## ang hn
A: Let me look at the line. I can see errors on the port, I'll send a technician {date_en}.
C: ok thanks""",
), split="train", n=12)

fam("en.praise.tweet.shoutout", "tweet", "praise", (
    "Shoutout to <Jasmine|Tom|the lady> at the store in {city_en} <🙌|👏> fixed my eSIM mess in 10 min after two other places gave up. that's how you do it ## hn",
    "<Props to|Hats off to|Big shoutout to> the tech who came out {day_en}, <super friendly|explained everything|done in 20 minutes> 👍 ## hn",
    "\"They had a crew on our street at 2 a.m. and we were back online before breakfast,\" said <a customer|one resident> in {city_en}. ## hn",
), reach="mixed", split="train", n=12)

fam("en.agent_conduct.tweet.quoted_rep", "tweet", "agent_conduct", (
    """went to the store to ask about my <trade-in credit|bill|upgrade> and the guy literally said "<lol that's not how any of this works|not my problem, go cry to someone else|you should have read the contract>" and turned around ## +agent_hostility ang""",
    """called support and the rep <laughed|sighed> and said "<that's kind of on you|did you even read the email|maybe ask your kids to help>" ## +agent_hostility
?: I have the call recorded and I'm sending it to the local news ## +publicity_threat""",
), reach="mixed", split="train", n=12)

fam("en.billing.note.worker_threat", "note", "billing", (
    """cx irate re <bill|late fee|roaming charges>, called me a <f***ing idiot|r*tard|moron> <twice|multiple times> ## +customer_abuse ang
?: said he'd be waiting outside the store after my shift, sup informed ## +customer_abuse vio""",
    """cx disputed {amount_en} charge, verbally abusive, threatened to find out where I live ## +customer_abuse vio
warned x2, ended call per abusive caller policy""",
), split="train", n=12)

fam("en.cancellation.tweet.porting", "tweet", "cancellation", (
    "raised my bill <3 times|twice|again> this year so im done. porting to <another carrier|a budget carrier|my wife's carrier> <tmrw|this week|on monday> ✌️ ## +churn_intent",
    "porting my number out <tomorrow|on friday|next week>, <good riddance|bye|finally|never again> ## +churn_intent",
), split="train", n=12)

fam("en.privacy.chat.phishing_check", "chat", "privacy", (
    """C: got a text saying my account is locked and asking me to reply with my account PIN. is that legit?? ## hn
A: That's not from us, we never ask for your PIN by text. Please forward it to the spam number.
C: ok thanks, kinda scary tho""",
    """C: someone emailed me asking for my verification code to "keep my line active", real? ## hn
A: No, that's phishing. Don't share the code. I've added a note to your account.""",
), split="train", n=12)

fam("en.billing.tweet.no_one_to_blame", "tweet", "billing", (
    "why is my bill <$40|$25|$60|$35> higher this month?? nobody told me about a '<broadcast TV fee|network fee|admin fee>' <🤬|😤> <ridiculous|unreal|what even is that> ## ang hn",
    "<another|a new> '<regulatory|service|paper bill>' fee on my statement?? <$4.99|$7|$12> for what exactly <🙄|🤬> ## ang hn",
), split="train", n=12)

fam("en.device.tweet.router_rage", "tweet", "device", (
    "this f***ing <router|modem|gateway> reboots itself every <20|10|30> min <🤬|😤> how do i get one that <works|isn't garbage> ## ang hn",
    "my <set-top box|modem|wifi extender> is the worst piece of <junk|sh*t> i've ever owned, <third|second> one this year ## ang hn",
), split="train", n=12)

fam("en.installation.tweet.thread_to_news", "tweet", "installation", (
    "<3|4|5> install appointments. <3|4|5> no-shows. took off <work|a day|my morning> every time 🙃 if the next one doesn't show I'm sending the whole <thread|chat|conversation> to the local news ## +publicity_threat ang",
    "{nth_en} missed install window. posting my <texts|chats|messages> with your reps <tonight|on reddit|tomorrow> so everyone can see ## +publicity_threat ang",
), split="train", n=12)

fam("en.delivery_refund.email.no_escalation", "email", "delivery_refund", (
    """Subject: Refund for returned {item_en} - {nth_en} contact
I returned the {item_en} within the window and it was delivered to your warehouse {day_en}.
This is the {nth_en} time I'm contacting you about the {amount_en} refund. ## +repeat_contact
Each time I'm told to wait again, and the agent said she could not escalate it. ## +agent_obstruction
Please issue the refund.""",
), split="train", n=12)

if __name__ == "__main__":
    raise SystemExit(main())
