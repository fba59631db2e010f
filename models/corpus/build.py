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

VERSION = "vocradar-corpus/1"

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
    "shop": ("역 앞 대리점", "동네 판매점", "마트 안 휴대폰 매장", "직영 매장", "시장 입구 판매점", "온라인 판매점"),
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
    # English
    "net_en": ("gigabit internet", "500 Mbps fibre", "home Wi-Fi plan", "internet + IPTV bundle"),
    "plan_en": ("5G unlimited plan", "prepaid 30-day plan", "LTE data plan", "foreigner USIM plan"),
    "phone_en": ("Galaxy S23", "iPhone 14 Pro", "Galaxy A54", "iPhone SE", "Pixel 8"),
    "device_en": ("router", "set-top box", "modem", "Wi-Fi extender", "smart speaker"),
    "item_en": ("air fryer", "robot vacuum", "winter jacket", "laptop", "running shoes", "monitor", "stroller"),
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
    """

    id: str
    lang: str
    source: str
    style: str
    category: str
    templates: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    n: int = 24
    reach: str = "low"
    hard_negative: bool = False
    angry: bool = False
    opening: bool = True
    team: str | None = None
    tags: tuple[str, ...] = ()

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
_EN_CHAT_SYSTEM = ("You are now connected with an agent.", "Chat started. A transcript will be emailed to you.")
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
    kind = r.choice(kinds)
    if en:
        part = {"mobile": f"Phone: +82 {slots.get('phone_no')[1:]}", "email": f"Reply to: {slots.get('email_addr')}",
                "name": f"Name: {slots.get('name_en')}"}[kind]
    else:
        part = {
            "mobile": f"연락처: {slots.get('phone_no')}",
            "email": f"회신 메일: {slots.get('email_addr')}",
            "name": f"{slots.get('name')} 고객 올림",
            "rrn": f"가입자 주민등록번호: {slots.get('rrn')}",
        }[kind]
    return kind, [], part


def _followers(f: Family, rng: random.Random) -> tuple[dict[str, Any], bool]:
    handle = f"@{rng.choice(_HANDLE_PARTS)}{rng.choice(('', '_', '.'))}{rng.choice(_HANDLE_PARTS)}{rng.randint(1, 99)}"
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
    return {"handle": handle, "followers": min(int(15 * rng.paretovariate(1.1)), 6_500), "verified": False}, False


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
    add_pii = rng.random() < _PII_P
    if f.source in _TURN_SOURCES:
        turns: list[tuple[str, str]] = []
        has_system = any(line.speaker == "system" for line, _ in used)
        starts_agent = bool(used) and used[0][0].speaker == "agent"
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
        if add_pii:
            kind, extra, _ = _pii_parts(f, slots)
            at = max(len(turns) - 1, 1)
            turns[at:at] = extra
            item.pii.append(kind)
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
        if add_pii:
            kind, _, part = _pii_parts(f, slots)
            parts.append(render_line(part, slots))
            item.pii.append(kind)
        text = joiner.join(p for p in parts if p)
        if f.source == "tweet" and f.style == "tweet":
            if f.tags and rng.random() < 0.35:
                text = f"{text} {rng.choice(f.tags)}"
            if not en and rng.random() < 0.15:
                text = _squeeze_spaces(text, rng, rng.randint(1, 3))
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


def assign_splits(strata: dict[str, set[str]], seed: int = SEED, share: float = _TEST_SHARE) -> dict[str, str]:
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
        splits = assign_splits({f.id: _strata(f, per_family[f.id]) for f in families}, seed)
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
  generalisation. `tests/unit/models/test_corpus.py` checks that no long literal of a demo
  template appears in the corpus.
* **Styles** (`meta.style`): `spoken` (calls: speech-to-text turns with the company's recording
  notice as a system turn, fillers, 반말 when angry, repeated requests), `chat` (typed turns),
  `formal` (tickets and e-mails: 안녕하세요 ... 확인 부탁드립니다), `tweet` (slang, 초성, typos,
  missing spacing, emoji, hashtags; `customer.followers`/`verified`), `note` (terse agent CRM
  memos), `news` (press accounts and journalists' e-mails quoting a customer: "A씨는 '...'라고
  말했다").
* **PII** (`meta.pii`: `mobile`, `email`, `name`, `rrn`, `spoken_number`) is planted in about 3%
  of the items so that masking is exercised. All of it is made up.
* **Deterministic**: seeded; each family draws from its own generator derived from the corpus seed
  and its id, so adding a family does not change the others.

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
    ("해지요청 4회, 방어 실패"). One retention offer followed by the cancellation is not.
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
