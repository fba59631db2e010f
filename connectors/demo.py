"""Demo traffic: a seeded generator of realistic Korean telecom VOC events for ``vocradar run``.

:class:`DemoTraffic` produces contract events (``shared/voc-contract.md`` section 1) as plain
dicts, so the dashboard is alive from the first minute of ``vocradar run`` and benchmarks and
replay files have believable input. The mix follows a telecom contact centre:

* ``call``: speaker-separated STT transcripts, 4-20 turns, spoken style (fillers, "네 고객님",
  반말 when the customer loses patience), usually opening with the recording notice;
* ``chat``: shorter typed conversations with an agent;
* ``ticket`` and ``email``: formal written complaints ("안녕하세요. ... 확인 부탁드립니다.");
* ``tweet``: slang, ㅋㅋ/ㅠㅠ, emoji, typos, 초성 욕설, hashtags; some authors have wide reach;
* ``note``: terse CRM memos written by agents ("해지요청 3회, 방어 실패").

Every category code of the contract is covered by its own templates and slot fillers
(products, regions, amounts, dates...). Planted now and then: an escalating 해지 방어 call sent
as *growing partial transcripts* of one ``conversation_id`` (ending with the customer's
"이 통화 녹음하고 있고요, 인터넷에 올릴 거예요"), customer abuse of agents, hostile agents,
regulator and publicity threats, 명의 도용, repeat contacts, regional outages, and PII (about
1% of events) so that masking is exercised.

Synthetic ground truth rides in ``meta``: ``demo_topic`` (the intended category code),
``demo_escalation`` (true when the event belongs to a planted escalation: it should reach
``high`` or ``critical``), ``demo_reasons`` (the reason codes the generator planted; the
retention call's partials list what their turns so far contain) and, where they apply,
``demo_scenario`` (``retention_call`` or ``outage``), ``demo_contact_no`` and ``demo_pii``.

Output is deterministic given ``seed`` (and, for :meth:`DemoTraffic.batch`, ``start``; for
:meth:`DemoTraffic.events`, the sequence of ``now()`` values). Event ids are unique within a
generator; without a seed their prefix is random, so two runs never collide in the warehouse.
"""

from __future__ import annotations

import heapq
import json
import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from vocradar.connectors.base import KST

__all__ = [
    "ESCALATION_REASONS",
    "KST",
    "RECORDING_NOTICE",
    "TOPICS",
    "DemoTraffic",
    "Topic",
    "template_counts",
    "write_jsonl",
]

RECORDING_NOTICE = "본 통화는 서비스 품질 향상을 위해 녹음됩니다."
"""The company's recording notice, the system turn that opens most calls."""

PUBLICITY_REMARK = "이 통화 녹음하고 있고요, 인터넷에 올릴 거예요."
"""How the planted retention call ends: the customer's publicity threat."""

ESCALATION_REASONS = frozenset(
    {"publicity_threat", "regulator_threat", "agent_obstruction", "agent_hostility", "customer_abuse"}
)
"""Reasons that on their own make an event ``high`` (contract section 3)."""

# ---------------------------------------------------------------------------------------------
# Slot fillers
# ---------------------------------------------------------------------------------------------

NET_PRODUCTS = (
    "기가인터넷", "인터넷 500M", "인터넷 100M", "기가인터넷 와이파이", "인터넷+IPTV 결합상품",
    "IPTV", "IPTV 프리미엄", "인터넷 집전화 결합상품", "10기가인터넷",
)
MOBILE_PLANS = (
    "5G 요금제", "5G 프리미어 요금제", "5G 슬림 요금제", "LTE 무제한 요금제", "알뜰폰 요금제",
    "데이터 쉐어링", "청소년 5G 요금제", "시니어 요금제", "LTE 데이터 선택 요금제",
)
PHONES = (
    "갤럭시 S24", "갤럭시 S25 울트라", "갤럭시 Z 플립6", "갤럭시 Z 폴드6", "갤럭시 A35", "아이폰 15",
    "아이폰 16", "아이폰 16 Pro", "갤럭시 탭 S9",
)
HOME_DEVICES = ("공유기", "와이파이 공유기", "셋톱박스", "IPTV 셋톱박스", "모뎀", "AI 스피커", "리모컨")
REGIONS = (
    "서울 강남구", "서울 마포구", "서울 노원구", "서울 송파구", "서울 관악구", "서울 은평구",
    "부산 해운대구", "부산 사하구", "부산 동래구", "대구 수성구", "대구 달서구", "광주 북구",
    "광주 광산구", "대전 유성구", "인천 연수구", "인천 부평구", "울산 남구", "세종시",
    "경기 성남시 분당구", "경기 수원시 영통구", "경기 고양시 일산동구", "경기 화성시 동탄",
    "강원 춘천시", "충북 청주시", "전북 전주시", "경남 창원시", "제주시",
)
REGIONS_EN = ("Itaewon", "Gangnam", "Haeundae", "Pangyo", "Hongdae", "Songdo", "Pyeongtaek")
ADDONS = (
    "컬러링", "V컬러링", "지니뮤직", "휴대폰 분실파손 보험", "티빙 결합", "유튜브 프리미엄 결합",
    "데이터 안심옵션", "통화매니저", "국제전화 부가서비스", "스팸차단 플러스", "클라우드 100GB",
)
ADDONS_EN = ("a music streaming add-on", "phone insurance", "an international calling pack")
GIFTS = (
    "상품권 10만 원", "상품권 30만 원", "넷플릭스 6개월 무료", "공유기 무상 업그레이드",
    "IPTV 프리미엄 채널 1년 무료", "데이터 쿠폰 10GB", "현금 20만 원 지원", "무선 이어폰",
)
DISCOUNTS = ("월 3,300원", "월 5,500원", "월 1만 원", "월 11,000원", "월 16,500원", "요금 30%")
SPEEDS = ("1기가", "500메가", "100메가", "10기가")
MEASURED = ("30메가", "12메가", "80메가", "5메가", "150메가", "2Mbps")
COURIERS = ("CJ대한통운", "한진택배", "롯데택배", "우체국택배", "로젠택배")
COUNTRIES = ("일본", "베트남", "미국", "태국", "유럽", "대만", "필리핀", "호주")
TIME_SLOTS = (
    "오전 9시~12시", "오전 10시~12시", "오후 1시~3시", "오후 2시~4시", "오후 4시~6시", "저녁 7시 이후",
)
NTH = ("세 번째", "네 번째", "다섯 번째")
SURNAMES = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황")
GIVEN_NAMES = (
    "서연", "민준", "지우", "하은", "도윤", "수아", "예준", "지민", "서준", "유진", "현우", "다은",
    "지훈", "소영", "은지", "태민", "가은", "승현", "미경", "정호",
)
MAIL_DOMAINS = ("naver.com", "gmail.com", "daum.net", "kakao.com", "hanmail.net", "nate.com")
HANDLE_WORDS = (
    "minji", "jun", "haru", "sky", "coffee", "cat", "bori", "dev", "mom", "seoul", "busan", "gamer",
    "ppang", "tteok", "hodu", "choco", "moon", "yuna", "jay", "nabi",
)
TEAMS = (
    "해지방어팀", "요금상담팀", "기술지원팀", "개통설치팀", "고객보호팀", "모바일상담팀", "온라인샵팀",
    "일반상담팀", "채팅상담팀",
)
SEGMENTS = ("일반", "일반", "일반", "일반", "일반", "일반", "VIP", "시니어", "청소년", "법인")

_PRODUCT_SLOTS = ("net", "plan", "phone", "device")


def _has_batchim(word: str, *, rieul: bool = False) -> bool:
    """Whether the Korean reading of ``word`` ends in a final consonant (ㄹ only, with ``rieul``)."""
    w = word.rstrip(" .,)]'\"!?~")
    if not w:
        return False
    c = w[-1]
    if "가" <= c <= "힣":
        jong = (ord(c) - 0xAC00) % 28
        return jong == 8 if rieul else jong != 0
    if c.isdigit():  # 영 일 이 삼 사 오 육 칠 팔 구
        return c in "178" if rieul else c in "013678"
    letter = c.upper()  # 엘 엠 엔 알 end in a consonant, other letter names do not
    return letter in "LR" if rieul else letter in "LMNR"


_JOSA: dict[str, tuple[str, str]] = {
    "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"), "를": ("을", "를"),
    "은": ("은", "는"), "는": ("은", "는"), "과": ("과", "와"), "와": ("과", "와"),
    "이나": ("이나", "나"), "이에요": ("이에요", "예요"), "이랑": ("이랑", "랑"),
}


class _Word(str):
    """A slot value; the format spec attaches the right particle: ``{net:이}`` → 기가인터넷이."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if spec in ("으로", "로"):
            plain = not _has_batchim(self) or _has_batchim(self, rieul=True)
            return f"{self}{'로' if plain else '으로'}"
        if spec in _JOSA:
            with_final, without = _JOSA[spec]
            return f"{self}{with_final if _has_batchim(self) else without}"
        return format(str(self), spec)


def _won(n: int) -> str:
    """Money the way Koreans write it: 128,400원, or 35만 원 for round amounts."""
    if n % 10_000 == 0 and n >= 10_000:
        return f"{n // 10_000}만 원"
    return f"{n:,}원"


class _Slots(dict[str, str]):
    """Lazily filled slot values for one event: the same ``{net}`` everywhere in it."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__({k: _Word(v) for k, v in fixed.items()})
        self._rng = rng
        self.product: str | None = None

    def __missing__(self, key: str) -> str:
        value = _Word(self._make(key))
        self[key] = value
        if self.product is None and key in _PRODUCT_SLOTS:
            self.product = str(value)
        return value

    def _make(self, key: str) -> str:
        r = self._rng
        pools: dict[str, Sequence[str]] = {
            "net": NET_PRODUCTS, "plan": MOBILE_PLANS, "phone": PHONES, "device": HOME_DEVICES,
            "region": REGIONS, "region_en": REGIONS_EN, "addon": ADDONS, "addon_en": ADDONS_EN,
            "gift": GIFTS, "discount": DISCOUNTS, "speed": SPEEDS, "measured": MEASURED,
            "courier": COURIERS, "roam": COUNTRIES, "slot": TIME_SLOTS, "nth": NTH,
        }
        if key in pools:
            return r.choice(pools[key])
        if key == "amount":
            return _won(r.randrange(38_000, 420_000, 100))
        if key == "base":
            return _won(r.randrange(29_000, 89_000, 100))
        if key == "extra":
            return _won(r.randrange(5_000, 190_000, 100))
        if key == "fee":
            return _won(r.choice((r.randrange(50_000, 480_000, 10_000), r.randrange(42_000, 390_000, 10))))
        if key == "refund":
            return _won(r.randrange(12_000, 1_650_000, 100))
        if key == "amount_en":
            return f"₩{r.randrange(38_000, 420_000, 100):,}"
        if key == "month":
            return r.choice(("지난달", "이번 달", "지지난달", f"{r.randint(1, 12)}월"))
        if key == "m":
            return str(r.randint(1, 12))
        if key == "date":
            return f"{r.randint(1, 12)}월 {r.randint(1, 28)}일"
        if key == "days":
            return str(r.randint(2, 14))
        if key == "hours":
            return str(r.randint(2, 30))
        if key == "months":
            return r.choice(("3", "6", "12", "24"))
        if key == "n":
            return str(r.randint(2, 5))
        if key == "order":
            return f"주문번호 {r.randint(2024, 2026)}{r.randint(10**7, 10**8 - 1)}"
        if key == "store":
            shop = r.choice(("대리점", "판매점", "직영점", "휴대폰 매장"))
            return f"{r.choice(REGIONS).split()[-1]} {shop}"
        if key == "agent_name":
            return f"{r.choice(SURNAMES)}{r.choice(GIVEN_NAMES)}"
        if key == "cust":
            return f"cust-{r.randint(1, 99_999):06d}"
        raise KeyError(key)


def _render(template: str, slots: _Slots) -> str:
    return template.format_map(slots)


# ---------------------------------------------------------------------------------------------
# Templates. A template may end with " §reason,reason": the reason codes it plants.
# ---------------------------------------------------------------------------------------------


def _split(template: str) -> tuple[str, tuple[str, ...]]:
    text, _, tags = template.partition(" §")
    return text, tuple(t for t in tags.split(",") if t)


@dataclass(frozen=True)
class Topic:
    """The templates of one category code, by register.

    ``spoken``/``follow`` are the customer's first and later turns on a call or chat, ``agent``
    the agent's answers, ``formal``/``ask`` the issue and the request of a ticket or e-mail,
    ``tweet`` social posts, ``note`` agents' CRM memos, ``english`` short English bodies.
    """

    code: str
    team: str
    subjects: tuple[str, ...]
    spoken: tuple[str, ...]
    follow: tuple[str, ...]
    agent: tuple[str, ...]
    formal: tuple[str, ...]
    ask: tuple[str, ...]
    tweet: tuple[str, ...]
    note: tuple[str, ...]
    english: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    complaint: bool = True

    def count(self) -> int:
        """How many templates this topic has in all."""
        return sum(
            len(getattr(self, f))
            for f in ("spoken", "follow", "agent", "formal", "ask", "tweet", "note", "english")
        )


TOPICS: dict[str, Topic] = {}


def _topic(t: Topic) -> None:
    TOPICS[t.code] = t


_topic(Topic(
    code="billing", team="요금상담팀",
    subjects=("요금 문의", "과다 청구", "이중 결제", "청구 오류", "부가서비스 요금"),
    spoken=(
        "{month} 요금이 {amount} 나왔는데요, 평소보다 너무 많이 나와서요.",
        "요금 명세서를 봤는데 제가 가입한 적 없는 {addon:이} 청구돼 있더라고요.",
        "카드 자동이체를 해놨는데 이번 달에 두 번 빠져나갔어요. 이중 결제 같아요.",
        "{plan:으로} 바꿨는데 요금이 예전이랑 똑같이 나와요.",
        "결합 할인이 {month}부터 빠져 있던데요, 왜 그런 거예요?",
        "해외 갔다 왔는데 로밍 요금이 {amount} 나왔어요. 로밍 차단 해놨었거든요.",
        "데이터 무제한이라고 해서 쓴 건데 추가 요금이 {extra:이} 붙었어요.",
        "할부 다 끝난 걸로 아는데 청구서에 단말기 할부금이 또 있어요.",
        "요금이 왜 이렇게 많이 나왔는지 설명 좀 해주세요. {amount:이} 말이 돼요?",
    ),
    follow=(
        "그럼 그 금액은 언제 돌려받을 수 있어요?",
        "아니 제가 쓴 것도 아닌데 왜 제가 내야 돼요?",
        "지난번에도 이런 적 있었거든요.",
        "청구 상세 내역 문자로 좀 보내주세요.",
        "다음 달 요금에서 빼주시는 거죠?",
        "{extra:이} 적은 돈이 아니잖아요.",
        "그 부가서비스 당장 해지해 주세요.",
    ),
    agent=(
        "네 고객님, 청구 내역 확인해 보니 {addon} 이용료가 {month}부터 부과되고 있으시네요.",
        "확인해 보니 할인 약정 기간이 끝나서 요금이 변동되신 걸로 보입니다.",
        "네, 이중 출금 건은 확인 후 {days}일 이내에 환급 처리해 드리겠습니다.",
        "과금 내역은 담당 부서 확인이 필요해서요, 확인 후 다시 연락드리겠습니다.",
        "해당 금액은 다음 달 청구분에서 차감해 드릴게요.",
        "데이터 초과분이 아니라 소액결제 금액이 같이 청구된 거라서요, 상세 내역 보내드릴게요.",
    ),
    formal=(
        "{month} 청구된 요금이 {amount:으로} 평소({base})보다 크게 많습니다.",
        "가입한 적 없는 {addon} 이용료가 {month}부터 매달 청구되고 있습니다.",
        "자동이체 계좌에서 {month} 요금이 두 번 출금되었습니다.",
        "결합 할인이 적용되지 않은 채로 요금이 청구되었습니다.",
        "{m}월 명세서에 로밍 요금 {amount:이} 포함되어 있는데, 출국 전에 로밍 차단을 신청했습니다.",
        "요금제를 {plan:으로} 변경했는데 변경 전 요금이 계속 부과되고 있습니다.",
        "단말기 할부금을 완납했는데도 {month} 청구서에 할부금이 포함되어 있습니다.",
    ),
    ask=(
        "정확한 청구 내역 확인 부탁드립니다.",
        "잘못 청구된 금액의 환급을 요청드립니다.",
        "빠른 시일 내에 정정해 주시기 바랍니다.",
        "어떻게 된 건지 설명 부탁드립니다.",
    ),
    tweet=(
        "{month} 폰요금 {amount} 실화냐 ㅋㅋㅋ 뭘 썼다고",
        "요금 폭탄 맞음 ㅠㅠ 데이터 무제한이라며",
        "가입도 안 한 {addon} 요금이 몇 달째 빠져나가고 있었네 ㅡㅡ 다들 명세서 확인하세요",
        "자동이체 두 번 빠져나감 ㅋㅋ 고객센터는 연결도 안 되고",
        "통신사 요금 청구서 볼 때마다 화남 할인 왜 빠졌는데",
        "로밍 차단 해놨는데 로밍요금 {amount} 나옴 ㅅㅂ",
        "{plan} 쓰는데 이번 달 {amount} 뭐임?? 명세서 봐도 모르겠음",
        "결합할인 슬쩍 빼놓고 말도 안 해주는 거 실화냐 ㅡㅡ",
        "엄마 폰요금 보니까 {addon} 몇 년째 빠져나가고 있었음 ㅠㅠ 어르신들 폰 꼭 확인하세요",
    ),
    note=(
        "고객 요금 이의제기, {addon} 부가서비스 해지 처리",
        "{month} 요금 과다청구 문의, 청구 내역 안내",
        "이중출금 확인, 환급 요청 접수({days}일 내 처리 안내)",
        "결합할인 누락 확인, 소급 적용 요청 부서 이관",
        "로밍요금 이의, 차단 이력 확인 중",
        "요금제 변경 미반영 확인, 차액 {extra} 조정",
        "청구서 재발행 요청, 이메일 발송",
    ),
    english=(
        "My phone bill this month is {amount_en}. I never signed up for {addon_en}. Please fix it.",
        "Why was I charged twice this month? Please refund the duplicate payment.",
    ),
    hashtags=("#요금폭탄", "#통신비", "#청구서"),
))

_topic(Topic(
    code="cancellation", team="해지방어팀",
    subjects=("해지 요청", "해지 처리 지연", "위약금 문의", "번호이동"),
    spoken=(
        "{net} 해지하려고 전화드렸어요. §churn_intent",
        "약정 끝났는데 해지하고 싶어서요. §churn_intent",
        "이사 가는데 거기선 다른 통신사 쓰려고요, 해지해 주세요. §churn_intent",
        "번호이동 하려는데 위약금이 얼마나 나와요? §churn_intent",
        "해지 신청했는데 아직도 해지가 안 돼 있더라고요. §churn_intent",
        "{plan} 해지하고 알뜰폰으로 갈아타려고요. §churn_intent",
        "IPTV만 해지하고 인터넷은 그냥 쓸게요. §churn_intent",
    ),
    follow=(
        "혜택은 됐고요, 해지만 해주세요.",
        "위약금이 {fee:이나} 나와요?",
        "그냥 해지해 주세요. 더 생각할 거 없어요.",
        "해지 접수 완료 문자 보내주세요.",
        "장비 반납은 어떻게 해요?",
        "약정 끝난 거 맞죠? 그럼 위약금은 없는 거죠?",
    ),
    agent=(
        "해지하시면 위약금이 {fee} 발생하시는데 괜찮으실까요?",
        "지금 유지하시면 {discount} 할인을 {months}개월 적용해 드릴 수 있는데요.",
        "네, 해지 접수 도와드리겠습니다. 장비는 기사님이 방문해서 회수해 가실 거예요.",
        "약정이 {months}개월 남아 있으셔서요, 위약금 안내 먼저 드릴게요.",
        "해지 처리 완료되면 문자로 안내드리겠습니다.",
    ),
    formal=(
        "{net} 서비스 해지를 요청합니다. 약정 기간은 {month}에 만료되었습니다. §churn_intent",
        "{date}에 해지를 신청했으나 아직 처리되지 않고 있습니다. §churn_intent",
        "이사로 인해 {net} 해지를 원합니다. 이전 설치가 불가능한 지역입니다. §churn_intent",
        "번호이동 시 발생하는 위약금 {fee}에 대해 사전에 안내받지 못했습니다. §churn_intent",
        "해지를 요청할 때마다 상담원이 다른 상품만 권유하여 해지를 하지 못하고 있습니다. "
        "§churn_intent,agent_obstruction",
    ),
    ask=(
        "해지 처리 후 확인 문자 부탁드립니다.",
        "위약금 없이 해지 가능한지 답변 부탁드립니다.",
        "조속히 해지 처리해 주십시오.",
    ),
    tweet=(
        "해지하려고 전화했더니 30분째 혜택 얘기만 함 ㅋㅋㅋ 해지 좀 시켜줘 §churn_intent,agent_obstruction",
        "약정 끝나자마자 탈출한다 {net} 안녕~ §churn_intent",
        "위약금 {fee} 실화? ㅠㅠ 해지도 맘대로 못 함 §churn_intent",
        "해지방어 진짜 무슨 007 작전임 세 번 전화해도 해지 안 해줌 §churn_intent,agent_obstruction",
        "번호이동 하러 간다 잘 있어라 §churn_intent",
        "인터넷 해지 전화 4번째... 해지 접수가 이렇게 어려울 일임? §churn_intent,agent_obstruction",
        "해지하려면 위약금 {fee} 내래 ㅋㅋ 노예계약이냐 §churn_intent",
        "알뜰폰으로 갈아탔는데 진작 할 걸 ㅋㅋ 통신비 반토막 §churn_intent",
    ),
    note=(
        "해지요청 {n}회, 방어 실패 §churn_intent",
        "해지 접수, 위약금 {fee} 안내, 장비 회수 예약 §churn_intent",
        "번호이동 문의, 위약금 안내 후 보류 §churn_intent",
        "해지방어 성공, {discount} {months}개월 할인 적용",
        "고객 해지 의사 확고, 방어 제안 거절 §churn_intent",
        "해지 처리 누락 확인, 소급 해지 처리 §churn_intent",
    ),
    english=(
        "I'm leaving Korea next month and need to cancel my internet contract. "
        "What is the early termination fee? §churn_intent",
        "I asked three times to cancel and the agent keeps offering discounts instead. "
        "§churn_intent,agent_obstruction",
    ),
    hashtags=("#해지방어", "#해지", "#번호이동"),
))

_topic(Topic(
    code="network", team="기술지원팀",
    subjects=("인터넷 장애", "속도 저하", "통화 품질", "5G 불통"),
    spoken=(
        "인터넷이 자꾸 끊겨요. 어제부터 계속 그래요.",
        "{speed} 쓰고 있는데 속도 측정해 보면 {measured}밖에 안 나와요.",
        "집에서 5G가 안 잡혀요. 계속 LTE로만 떠요.",
        "IPTV 화면이 계속 멈추고 깨져요.",
        "통화하다가 자꾸 끊겨요. {region}에서만 그래요.",
        "와이파이가 아예 안 돼요. 공유기 불은 다 들어와 있는데요.",
        "오늘 아침부터 인터넷이 완전 불통이에요. 재택근무 중인데 일을 못 하고 있어요.",
        "저녁만 되면 인터넷이 엄청 느려져요.",
    ),
    follow=(
        "재부팅은 벌써 몇 번 해봤어요.",
        "이거 보상은 되는 거예요?",
        "기사님 언제 와요? 오늘 안 되면 진짜 곤란해요.",
        "저희 동네 다 그런 거 아니에요?",
        "요금은 {speed} 요금 다 내고 있잖아요.",
    ),
    agent=(
        "네 고객님, 원격으로 회선 점검해 보겠습니다. 잠시만 기다려 주세요.",
        "현재 {region} 일부 지역에 장애가 발생해서 복구 중입니다.",
        "모뎀 전원을 껐다가 30초 후에 다시 켜 보시겠어요?",
        "회선 신호가 약하게 잡혀서요, 기사 방문 일정 잡아 드리겠습니다.",
        "장애 시간이 3시간 이상이면 약관에 따라 요금 감면이 가능합니다.",
    ),
    formal=(
        "{days}일째 인터넷 연결이 수시로 끊기고 있습니다.",
        "{speed} 상품을 이용 중이나 실제 속도는 {measured} 수준입니다.",
        "{region} 자택에서 5G 신호가 잡히지 않아 LTE로만 연결됩니다.",
        "IPTV 시청 중 화면 멈춤 현상이 반복됩니다.",
        "{date} 오전부터 인터넷 장애가 발생하여 업무에 큰 지장이 있었습니다.",
        "통화 중 끊김이 하루에도 여러 번 발생합니다.",
    ),
    ask=(
        "장애 원인과 보상 기준 안내 부탁드립니다.",
        "조속한 점검을 요청합니다.",
        "장애 기간의 요금 감면을 요청합니다.",
    ),
    tweet=(
        "인터넷 또 끊김 ㅅㅂ 오늘만 세번째",
        "{region} 인터넷 나간 사람? 나만 그래?",
        "5G 요금 내는데 5G가 안 터짐 ㅋㅋㅋ LTE 요금제로 바꿔야 하나",
        "{speed} 인터넷인데 속도 {measured} 나옴 장난하냐",
        "재택하는데 인터넷 불통 ㅠㅠ 회의 다 날아감",
        "IPTV 계속 멈춤 축구 보다가 골 장면 놓침 🤬",
        "저녁마다 와이파이 느려지는 거 나만 그럼?",
        "게임하는데 핑 튐 ㅋㅋ 인터넷 왜 이럼 {region}",
        "지하철에서 5G 하나도 안 잡힘 요금만 5G",
        "인터넷 끊겨서 과제 날림 ㅠㅠㅠ 보상은 해주냐",
    ),
    note=(
        "인터넷 간헐적 끊김, 원격 점검 후 기사 방문 예약",
        "속도저하 민원, 측정 {measured}, 회선 점검 요청",
        "5G 음영지역 신고 접수({region})",
        "IPTV 화면 멈춤, 셋톱 재부팅 안내 후 종결",
        "통화 끊김 민원, 기지국 점검 요청",
    ),
    english=(
        "Internet in {region_en} has been down since this morning and the support line is Korean only.",
        "I pay for gigabit internet but speed tests show {measured}. Please send a technician.",
    ),
    hashtags=("#인터넷장애", "#인터넷끊김", "#5G", "#와이파이"),
))

_topic(Topic(
    code="device", team="기술지원팀",
    subjects=("장비 고장", "A/S 문의", "단말기 불량", "셋톱박스 오류"),
    spoken=(
        "{device:이} 고장 난 것 같아요. 불이 빨간색으로 깜빡거려요.",
        "셋톱박스가 부팅이 안 돼요. 화면에 로고만 떠요.",
        "산 지 한 달 된 {phone:이} 자꾸 꺼져요.",
        "{phone} 액정 수리 맡겼는데 A/S가 너무 오래 걸려요.",
        "리모컨이 안 먹어요. 건전지 갈아도 그래요.",
        "공유기가 너무 뜨거워지고 와이파이가 자꾸 끊겨요.",
        "{phone} 배터리가 반나절도 못 가요.",
    ),
    follow=(
        "교체해 주시는 거죠?",
        "수리비를 제가 내야 돼요?",
        "이번이 두 번째 고장이에요.",
        "새 제품으로 바꿔 주세요.",
        "기사님 방문은 언제 돼요?",
    ),
    agent=(
        "장비 교체 접수해 드리겠습니다. 기사님이 새 장비 가지고 방문하실 거예요.",
        "구매하신 지 {days}일이 지나서 교환은 어렵고 A/S로 접수해 드려야 할 것 같습니다.",
        "전원 어댑터를 뽑았다가 다시 꽂아 보시겠어요?",
        "가까운 서비스센터 방문하시면 점검받으실 수 있습니다.",
        "원격으로 셋톱박스 초기화 진행해 보겠습니다.",
    ),
    formal=(
        "{date}에 설치한 {device:이} 정상적으로 작동하지 않습니다.",
        "구입한 지 {days}일 된 {phone}에서 발열과 전원 꺼짐 현상이 반복됩니다.",
        "셋톱박스 고장으로 {days}일째 TV를 시청하지 못하고 있습니다.",
        "A/S를 맡긴 지 {days}일이 지났지만 수리 진행 상황을 안내받지 못했습니다.",
        "임대한 {device:이} 잦은 오류로 재부팅을 반복하고 있습니다.",
    ),
    ask=(
        "교체 또는 수리 일정 안내 부탁드립니다.",
        "무상 교체를 요청드립니다.",
        "수리비 부담 기준을 알려 주시기 바랍니다.",
    ),
    tweet=(
        "셋톱박스 또 먹통 ㅋㅋ 이번 달만 세번째",
        "{phone} 산지 한달인데 벌써 꺼짐 ㅠㅠ",
        "통신사 공유기 진짜 구림 걍 내 돈 주고 산다",
        "A/S 맡긴지 2주째 감감무소식 ㅡㅡ",
        "리모컨 또 안됨 ㅋㅋ 티비 보지 말라는 거지",
        "공유기 불 빨간색으로 깜빡거림 ㅋㅋ 또 고장",
        "셋톱박스 재부팅만 하루에 5번 함 ㅡㅡ",
    ),
    note=(
        "공유기 불량, 교체 기사 방문 {date}",
        "셋톱박스 부팅 불가, 원격 초기화 실패, 장비 교체 접수",
        "{phone} 전원 꺼짐, 서비스센터 안내",
        "리모컨 페어링 안내 후 해결",
        "모뎀 과열 민원, 교체 접수",
    ),
    english=("My router keeps rebooting every hour. Can you replace it?",),
    hashtags=("#셋톱박스", "#공유기", "#AS"),
))

_topic(Topic(
    code="installation", team="개통설치팀",
    subjects=("설치 일정", "이전 설치", "개통 지연", "기사 미방문"),
    spoken=(
        "{net} 설치 예약했는데 기사님이 안 오셨어요.",
        "이사 가는데 인터넷 이전 설치 신청하려고요. {region:으로} 가요.",
        "개통 신청한 지 {days}일 됐는데 아직도 개통이 안 됐어요.",
        "설치 날짜를 {date:으로} 바꿀 수 있을까요?",
        "기사님이 오셨는데 선 작업이 안 된다고 그냥 가셨어요.",
        "유심 받았는데 개통이 안 돼요.",
    ),
    follow=(
        "그럼 언제 오실 수 있어요?",
        "저 그날 휴가까지 냈거든요.",
        "오전에만 가능해요.",
        "전화라도 주셨어야죠.",
        "그날 못 오시면 다른 데로 알아볼게요.",
    ),
    agent=(
        "{date} {slot:으로} 방문 일정 잡아 드렸습니다.",
        "이전 설치는 새 주소 확인 후 기사님이 연락드릴 예정입니다.",
        "해당 건물은 추가 공사가 필요해서 일정이 조금 늦어지고 있습니다.",
        "개통 처리 다시 진행해 드렸습니다. 휴대폰 재부팅해 보시겠어요?",
    ),
    formal=(
        "{date} {slot} 설치 예정이었으나 기사님이 방문하지 않았습니다.",
        "{region:으로} 이사 예정이라 {date}에 인터넷과 IPTV 이전 설치를 신청합니다.",
        "개통 신청 후 {days}일이 지났으나 아직 개통되지 않았습니다.",
        "설치 기사님이 약속 시간을 두 번이나 변경했습니다.",
    ),
    ask=(
        "정확한 방문 일정을 알려 주세요.",
        "이전 설치 가능 여부 확인 부탁드립니다.",
        "조속한 개통 처리 바랍니다.",
    ),
    tweet=(
        "설치기사 오늘 온다더니 연락두절 ㅋㅋ 하루 휴가 날림",
        "이사했는데 인터넷 이전설치 일주일 걸린대 ㅠㅠ 데이터로 버티는 중",
        "유심 꽂았는데 개통 안 됨 🙃",
        "인터넷 설치 예약 잡기 넘 힘들다",
        "이전설치 기사님 3시간 늦게 오심 ㅋㅋ 연락도 없이",
    ),
    note=(
        "설치 미방문 민원, 재방문 {date} {slot}",
        "이전설치 접수({region})",
        "개통 지연, 전산 오류 확인 후 재개통",
        "설치일 변경 요청 처리({date})",
    ),
    english=("The technician never showed up for my installation appointment yesterday.",),
    hashtags=("#설치기사", "#이사", "#개통"),
))

_topic(Topic(
    code="agent_conduct", team="고객보호팀",
    subjects=("상담원 불친절", "기사 태도", "직원 응대 불만"),
    spoken=(
        "어제 통화한 상담원이 제 말 끊고 그냥 전화를 끊었어요.",
        "설치 기사님이 너무 불친절하셨어요. 반말하시고 짜증을 내시더라고요. §agent_hostility",
        "지난번 상담사가 자기 담당 아니라고 계속 다른 데로 돌렸어요.",
        "상담원이 비웃듯이 말해서 너무 기분 나빴어요. §agent_hostility",
        "매장 직원이 저를 무시하는 말투로 응대했어요.",
        "상담사가 제 잘못이라고 계속 우기더라고요. §agent_hostility",
    ),
    follow=(
        "그 상담원한테 사과 받고 싶어요.",
        "제가 무슨 잘못을 했다고 그렇게 대해요?",
        "이런 건 교육을 제대로 하셔야죠.",
        "녹취 확인해 보시면 아실 거예요.",
    ),
    agent=(
        "불편을 드려 정말 죄송합니다. 해당 건은 상담 품질팀에 전달하겠습니다.",
        "녹취 확인 후 해당 직원 교육 진행하겠습니다.",
        "말씀하신 내용 접수했습니다. 책임자가 연락드리겠습니다.",
    ),
    formal=(
        "{date} 통화한 상담원이 반말과 비아냥으로 응대했습니다. §agent_hostility",
        "방문한 설치 기사가 고객에게 책임을 전가하며 불친절하게 대했습니다.",
        "상담 중 일방적으로 통화를 종료당했습니다.",
        "{store} 직원이 나이 든 고객이라고 무시하는 태도로 응대했습니다.",
    ),
    ask=(
        "해당 직원에 대한 조치와 사과를 요청합니다.",
        "재발 방지 대책을 알려 주시기 바랍니다.",
    ),
    tweet=(
        "상담원이 한숨 쉬면서 말함 ㅋㅋ 내가 죄인이냐",
        "기사님 반말 실화? 집에 와서 짜증을 왜 내 §agent_hostility",
        "고객센터 전화했더니 뺑뺑이만 40분 ㅡㅡ 다 자기 담당 아니래",
        "매장 직원 태도 진짜 어이없다",
        "상담원이 모르면 그냥 홈페이지 보래 ㅋㅋ 그럼 전화를 왜 받냐",
        "고객센터 전화 중에 상담원이 그냥 끊어버림 ㅡㅡ",
    ),
    note=(
        "상담원 불친절 민원, 녹취 확인 요청",
        "기사 태도 불만, 팀장 콜백 예정",
        "전 상담 통화 일방 종료 불만, 사과 안내",
    ),
    hashtags=("#고객센터", "#불친절"),
))

_topic(Topic(
    code="privacy", team="고객보호팀",
    subjects=("명의도용 신고", "개인정보 유출", "해킹 피해", "스팸"),
    spoken=(
        "제 명의로 모르는 휴대폰이 개통돼 있어요.",
        "가입한 적 없는 회선 요금이 청구됐어요. 명의도용 같아요.",
        "개인정보 유출됐다는 문자를 받았는데 저도 해당되는지 알고 싶어요.",
        "본인인증 문자가 계속 와요. 누가 제 정보로 뭘 하려는 것 같아요.",
        "스팸 문자가 하루에 수십 통씩 와요.",
        "계정이 해킹당해서 소액결제가 {amount} 됐어요.",
    ),
    follow=(
        "경찰에 신고해야 돼요?",
        "그 회선 당장 정지시켜 주세요.",
        "제 정보 어디서 샌 거예요?",
        "피해 금액은 보상해 주시는 거죠?",
    ),
    agent=(
        "명의도용 신고 접수해 드리겠습니다. 신분증 사본과 경찰 신고 접수증이 필요합니다.",
        "해당 회선은 즉시 이용 정지 처리해 드렸습니다.",
        "명의도용 방지 서비스 가입을 권해 드립니다.",
        "스팸 차단 부가서비스 무료로 신청해 드릴게요.",
    ),
    formal=(
        "본인이 개통하지 않은 회선이 제 명의로 개통되어 있습니다.",
        "{month} 청구서에 가입하지 않은 휴대폰 회선 요금 {amount:이} 포함되어 있습니다. "
        "명의도용이 의심됩니다.",
        "개인정보 유출 안내를 받았으나 유출 범위에 대한 설명이 없습니다.",
        "계정이 해킹되어 본인도 모르게 소액결제 {amount:이} 발생했습니다.",
    ),
    ask=(
        "명의도용 회선의 즉시 해지와 피해 구제를 요청합니다.",
        "유출된 정보의 범위를 알려 주시기 바랍니다.",
        "경위 조사 결과를 서면으로 회신 바랍니다.",
    ),
    tweet=(
        "내 명의로 폰이 개통돼 있었음 ㄷㄷ 다들 확인해보세요",
        "개인정보 유출 문자 받음 ㅋㅋ 털린 게 한두번이냐",
        "스팸 문자 하루 30통 실화? 번호 어디서 샌거",
        "계정 해킹당해서 소액결제 {amount} 빠짐 ㅠㅠ",
        "모르는 번호로 내 명의 알뜰폰 개통됐다는 문자 옴 ㄷㄷ 명의도용 무섭다",
    ),
    note=(
        "명의도용 의심 회선 신고, 이용정지 처리",
        "개인정보 유출 문의, 조회 결과 안내",
        "스팸 차단 서비스 가입 처리",
        "해킹 소액결제 피해, 수사기관 신고 안내",
    ),
    english=("I'm getting verification codes I never requested. Is someone using my identity?",),
    hashtags=("#명의도용", "#개인정보유출", "#스팸"),
))

_topic(Topic(
    code="sales_contract", team="모바일상담팀",
    subjects=("불완전 판매", "사은품 미지급", "약정 조건", "부당 영업"),
    spoken=(
        "매장에서 위약금 대납해 준다고 해서 가입했는데 안 해줬어요.",
        "가입할 때 부가서비스 {months}개월만 쓰면 된다고 했는데 해지가 안 된대요.",
        "사은품으로 {gift} 준다고 했는데 아직도 안 왔어요.",
        "약정이 2년인 줄 알았는데 3년으로 돼 있어요.",
        "판매점에서 공시지원금이라고 했는데 알고 보니 할부였어요.",
        "전화로 요금 싸게 해준다고 해서 가입했는데 더 비싸졌어요.",
    ),
    follow=(
        "계약서에는 그런 말 없었잖아요.",
        "그 직원이 분명히 그렇게 말했어요.",
        "가입할 때 녹취 있으면 확인해 보세요.",
        "이거 불완전 판매 아니에요?",
    ),
    agent=(
        "판매점 약속 사항은 본사에서 확인이 어려운 부분이 있어서요, 가입 매장을 확인해 보겠습니다.",
        "가입 당시 녹취 확인 요청 드리겠습니다.",
        "사은품 지급 현황 조회해 보겠습니다.",
        "약정 조건 다시 안내해 드리겠습니다.",
    ),
    formal=(
        "{store}에서 가입 당시 {gift} 지급을 약속받았으나 지급되지 않았습니다.",
        "가입 시 안내받은 약정 기간과 실제 계약 내용이 다릅니다.",
        "텔레마케팅 전화로 요금 인하를 안내받고 {plan:으로} 변경했으나 요금이 오히려 올랐습니다.",
        "가입 시 설명 없이 {addon:이} 함께 가입되어 있었습니다.",
    ),
    ask=(
        "계약 조건대로 이행해 주시기 바랍니다.",
        "불완전 판매에 대한 계약 철회를 요청합니다.",
        "가입 당시 녹취 확인을 요청합니다.",
    ),
    tweet=(
        "성지라길래 갔더니 호갱됨 ㅠㅠ 사은품 안 줌",
        "판매점에서 공짜폰이라더니 할부 {months}개월 ㅋㅋㅋ",
        "텔레마케팅에 속아서 요금제 바꿈 ㅡㅡ",
        "가입할 때 말이랑 다르잖아",
        "판매점에서 사은품 {gift} 준다더니 연락 두절 ㅋㅋ",
    ),
    note=(
        "판매점 사은품 미지급 민원, 영업관리 이관",
        "약정기간 상이 주장, 가입 녹취 요청",
        "TM 불완전판매 의심, 계약 철회 검토",
        "부가서비스 무단 가입 주장, 해지 및 환불 검토",
    ),
    hashtags=("#불완전판매", "#호갱", "#사은품"),
))

_topic(Topic(
    code="delivery_refund", team="온라인샵팀",
    subjects=("배송 지연", "교환 요청", "반품 환불", "오배송"),
    spoken=(
        "온라인샵에서 {phone} 주문했는데 {days}일째 배송이 안 와요.",
        "받은 {phone} 박스에 흠집이 있어서 교환하고 싶어요.",
        "개통 철회하고 반품 보냈는데 환불이 아직 안 됐어요.",
        "케이스랑 충전기 주문 취소했는데 결제가 그대로 돼 있어요.",
        "택배 조회하면 배송 완료라고 뜨는데 저는 못 받았어요.",
    ),
    follow=(
        "그럼 환불은 언제 들어와요?",
        "택배사에서는 통신사에 물어보래요.",
        "새 제품으로 다시 보내 주세요.",
        "카드 취소 문자가 안 왔어요.",
    ),
    agent=(
        "주문 건 조회해 보니 현재 출고 대기 상태입니다.",
        "반품 상품 입고 확인 후 {days}영업일 이내에 환불됩니다.",
        "교환 접수 도와드리겠습니다. 회수 기사님이 방문하실 예정입니다.",
        "{courier}에 배송 경로 확인 요청해 보겠습니다.",
    ),
    formal=(
        "{date}에 온라인샵에서 주문한 {phone:이} 아직 배송되지 않았습니다. ({order})",
        "수령한 제품에 파손이 있어 교환을 요청했으나 처리되지 않고 있습니다.",
        "반품 완료 후 {days}일이 지났지만 환불금 {refund:이} 입금되지 않았습니다.",
        "배송 완료로 표시되었으나 상품을 받지 못했습니다. ({courier})",
    ),
    ask=(
        "환불 일정을 안내해 주시기 바랍니다.",
        "교환 처리를 요청합니다.",
        "배송 상황 확인 부탁드립니다.",
    ),
    tweet=(
        "폰 주문한지 일주일째 배송준비중 ㅋㅋ 사전예약 왜 함",
        "반품한지 2주인데 환불 안됨 ㅡㅡ",
        "택배 배송완료 떴는데 물건 없음 😱",
        "교환 신청하니까 또 기다리래 ㅠㅠ",
        "{phone} 사전예약했는데 출고 지연 문자만 세 번째",
    ),
    note=(
        "배송지연 문의, 출고 예정일 안내",
        "반품 환불 지연, 정산팀 확인 요청",
        "파손 교환 접수, 회수 예약 {date}",
        "오배송 주장, {courier} 확인 중",
    ),
    english=("I returned my phone two weeks ago and still have not received the refund.",),
    hashtags=("#배송지연", "#환불", "#온라인샵"),
))

_topic(Topic(
    code="inquiry", team="일반상담팀",
    subjects=("요금제 문의", "이용 방법", "매장 안내", "로밍 문의"),
    spoken=(
        "요금제 좀 추천받으려고요. 데이터를 많이 쓰는 편이라서요.",
        "앱에서 남은 데이터 확인은 어디서 해요?",
        "해외 나가는데 로밍은 어떻게 신청해요?",
        "근처 매장 몇 시까지 해요?",
        "가족결합 하면 얼마나 할인돼요?",
        "청소년 요금제는 몇 살까지 가입돼요?",
        "인터넷 약정이 언제 끝나는지 알 수 있을까요?",
    ),
    follow=(
        "아 그렇구나, 감사합니다.",
        "그거 문자로 보내줄 수 있어요?",
        "온라인으로도 가능해요?",
    ),
    agent=(
        "네 고객님, 데이터 사용량 보시면 {plan:이} 적당하실 것 같아요.",
        "앱 첫 화면에서 나의 이용 현황 누르시면 확인 가능합니다.",
        "로밍은 출국 전에 앱이나 공항 로밍센터에서 신청하실 수 있어요.",
        "{region} 매장은 평일 오후 8시까지 운영합니다.",
        "약정은 {date}에 만료될 예정이세요.",
    ),
    formal=(
        "현재 이용 중인 요금제보다 저렴한 요금제가 있는지 문의드립니다.",
        "가족결합 할인 조건이 궁금합니다.",
        "{roam} 여행 시 이용할 수 있는 로밍 요금제 종류를 알고 싶습니다.",
        "인터넷 약정 만료일을 확인하고 싶습니다.",
        "멤버십 포인트 사용처를 알려 주세요.",
    ),
    ask=("답변 부탁드립니다.", "안내 부탁드립니다.", "알려 주시면 감사하겠습니다."),
    tweet=(
        "{roam} 가는데 로밍 vs 현지유심 뭐가 나음?",
        "요금제 추천 좀 데이터 많이 쓰는 편",
        "멤버십 포인트 어디다 써요?",
        "통신사 앱에서 약정 만료일 어디서 봄??",
        "가족결합 하면 진짜 싸짐? 해본 사람",
    ),
    note=(
        "요금제 변경 상담, 현행 유지",
        "로밍 요금제 안내({roam})",
        "매장 영업시간 안내",
        "가족결합 조건 안내, 가입 보류",
    ),
    english=("Which prepaid plan is best for a foreigner staying six months?",),
    complaint=False,
))

_topic(Topic(
    code="praise", team="일반상담팀",
    subjects=("칭찬합니다", "감사 인사"),
    spoken=(
        "지난번에 상담해 주신 상담사님 칭찬하고 싶어서 전화했어요.",
        "설치 기사님이 너무 친절하게 설명해 주셔서 감사 인사드리려고요.",
        "장애 빨리 복구해 주셔서 감사해요.",
    ),
    follow=("꼭 전달해 주세요.", "덕분에 잘 쓰고 있어요."),
    agent=(
        "따뜻한 말씀 감사합니다. 꼭 전달해 드리겠습니다.",
        "칭찬 접수해 드렸습니다. 좋은 하루 보내세요.",
    ),
    formal=(
        "{date} 방문하신 설치 기사님께서 친절하고 꼼꼼하게 설치해 주셨습니다.",
        "상담사 {agent_name}님 덕분에 오래 묵은 요금 문제가 해결되었습니다.",
        "장애 상황에서 빠르게 대응해 주셔서 감사드립니다.",
    ),
    ask=("감사 인사 전해 주세요.", "칭찬 부탁드립니다."),
    tweet=(
        "고객센터 상담사님 진짜 친절했다 👍 감동",
        "설치 기사님 선 정리까지 깔끔하게 해주심 최고",
        "인터넷 장애 30분만에 복구 ㄷㄷ 칭찬해",
        "오랜만에 기분 좋은 상담 🙏",
        "새벽에 인터넷 나갔는데 기사님 아침 일찍 와서 바로 고쳐주심 감사합니다",
    ),
    note=("상담사 칭찬 인입, 해당 팀 전달", "기사 칭찬 VOC 등록"),
    english=("Huge thanks to the English-speaking agent who fixed my router issue!",),
    complaint=False,
))

_topic(Topic(
    code="other", team="일반상담팀",
    subjects=("기타", "제휴 제안"),
    spoken=(
        "여보세요? 아 죄송합니다, 잘못 걸었네요.",
        "여보세요? 여보세요? 잘 안 들리는데요.",
        "아 그냥 테스트로 걸어본 거예요.",
    ),
    follow=("네 끊을게요.", "아 네 죄송해요."),
    agent=("네 고객님, 말씀하세요.", "고객님 목소리가 들리지 않아 통화를 종료하겠습니다."),
    formal=(
        "[광고] 인터넷 가입 시 현금 최대 50만원 지원! 지금 바로 상담 신청하세요.",
        "테스트 접수입니다. 무시해 주세요.",
        "협력사 제안서 전달드립니다. 담당자 연결 부탁드립니다.",
        "Re: Re: 회의 자료 공유드립니다.",
    ),
    ask=("",),
    tweet=(
        "오늘 점심 뭐 먹지 ㅋㅋ",
        "[광고] 최저가 인터넷 가입 현금지원 DM주세요",
        "아 월요일 싫다",
        "통신사 광고 모델 바뀌었네",
        "비 오니까 집에만 있고 싶다",
    ),
    note=("오발신, 무응답 종료", "고객 부재, 재통화 예정", "테스트 콜", "타사 문의 인입, 안내 후 종료"),
    complaint=False,
))

# Planted escalations, by reason and register.
_ESCALATION: dict[str, dict[str, tuple[str, ...]]] = {
    "regulator_threat": {
        "spoken": (
            "이거 해결 안 되면 소비자원에 신고할 거예요.",
            "방통위에 민원 넣겠습니다. 그렇게 아세요.",
            "국민신문고에 올릴게요. 더 이상은 못 참아요.",
            "변호사랑 상의해서 소송 걸 겁니다.",
        ),
        "formal": (
            "계속 해결되지 않을 경우 한국소비자원과 방송통신위원회에 민원을 제기하겠습니다.",
            "이미 국민신문고에 민원을 접수했습니다.",
            "법적 대응도 검토하고 있습니다.",
        ),
        "tweet": ("방통위에 민원 넣음 ㅋㅋ 두고보자", "소비자원 신고 완료. 다들 신고하세요"),
        "note": ("고객 방통위 민원 예고", "소비자원 신고 언급, 팀장 이관"),
    },
    "publicity_threat": {
        "spoken": (
            "지금 이 통화 녹음하고 있어요. 커뮤니티에 다 올릴 겁니다.",
            "이거 유튜브에 올리면 어떻게 되는지 보세요.",
            "언론사에 제보할 거예요.",
        ),
        "formal": (
            "해결되지 않으면 언론사 제보도 고려하고 있습니다.",
            "상담 녹취와 함께 온라인 커뮤니티에 공개하겠습니다.",
        ),
        "tweet": ("녹취 다 떠놨음 유튜브에 올린다", "기자한테 제보함 기사 나오나 보자"),
        "note": ("고객 SNS 게시 예고, 녹취 보유 주장", "언론 제보 언급, 상급자 보고"),
    },
    "customer_abuse": {
        "spoken": (
            "야 너 말귀 못 알아들어? 씨발 진짜.",
            "너 이름 뭐야? 너 같은 것들 때문에 나라가 안 돼.",
            "너 어디 센터야? 찾아가서 가만 안 둔다.",
            "이 미친 것들이 장난하나, 니네 다 짤려야 돼.",
            "목소리 예쁜데 번호나 좀 알려줘 봐.",
        ),
        "note": ("고객 폭언 및 욕설, 보호 멘트 후 통화 종료", "고객 위협성 발언, 상담원 보호 조치"),
    },
    "agent_hostility": {
        "agent": (
            "고객님이 잘못 쓰셔서 그런 거잖아요.",
            "그건 제 알 바 아니고요, 저한테 그러셔도 소용없어요.",
            "아니 그러니까 몇 번을 설명드려요, 이해를 못 하시네.",
            "약관 안 읽으신 건 고객님 책임이죠.",
        ),
    },
}
_ABUSE_WARNING = (
    "고객님, 욕설이나 폭언을 계속하시면 상담이 종료될 수 있습니다.",
    "고객님, 상담원 보호를 위해 폭언 시 통화가 종료됩니다.",
)
_HOSTILITY_REACTION = ("지금 저한테 그렇게 말씀하시는 거예요?", "말씀을 왜 그렇게 하세요?")
_CHURN: dict[str, tuple[str, ...]] = {
    "spoken": ("이러면 그냥 다른 통신사로 옮길게요.", "약정 끝나면 바로 해지할 거예요."),
    "formal": ("개선되지 않으면 타사로 이동하겠습니다.",),
    "tweet": ("걍 통신사 갈아탄다", "약정 끝나면 바로 탈출함"),
    "note": ("타사 이동 의사 표명",),
}
_REPEAT: dict[str, tuple[str, ...]] = {
    "spoken2": ("지난번에도 이거 때문에 전화드렸는데요.",),
    "spoken3": ("벌써 {nth} 전화드리는 거예요. 이번엔 꼭 해결해 주세요.",),
    "formal2": ("지난번에도 같은 문의를 드렸는데 해결되지 않았습니다.",),
    "formal3": ("이 건으로 벌써 {nth} 문의드립니다.",),
    "note2": ("재인입",),
    "note3": ("동일 건 {nth} 인입",),
}
_ANGRY = (
    "아 진짜 몇 번을 말해요!",
    "아니 그러니까 해준다는 거야 안 해준다는 거야?",
    "됐고, 빨리 처리나 해 줘.",
    "지금 장난해? 내가 시간이 남아돌아서 전화한 줄 알아?",
    "아 답답해 죽겠네 진짜.",
)
_FILLERS = ("아 ", "음 ", "아 그게요, ", "저기요, ", "그러니까 ", "어 ", "네 ", "아니 ")
_GREETING = (
    "사랑합니다 고객님, {team} 상담사 {agent_name}입니다.",
    "네, 고객센터 {agent_name}입니다. 무엇을 도와드릴까요?",
    "반갑습니다 고객님, 상담사 {agent_name}입니다. 무엇을 도와드릴까요?",
    "네 고객님, 오래 기다리셨습니다. {team} {agent_name}입니다.",
)
_CHAT_GREETING = (
    "안녕하세요 고객님, 채팅상담사 {agent_name}입니다. 무엇을 도와드릴까요?",
    "반갑습니다. 채팅상담 {agent_name}입니다. 문의하실 내용을 남겨 주세요.",
)
_ID_CHECK = (
    ("agent", "본인 확인을 위해 명의자분 성함과 생년월일 앞자리 확인 부탁드립니다."),
    ("customer", "네, 제가 명의자예요."),
    ("agent", "확인 감사합니다."),
)
_GENERIC_AGENT = (
    "네 고객님, 확인해 보겠습니다. 잠시만 기다려 주시겠어요?",
    "기다려 주셔서 감사합니다.",
    "네, 고객님 말씀 이해했습니다.",
    "네 고객님, 그 부분은 제가 바로 처리해 드릴게요.",
)
_SORRY = ("불편 드려 죄송합니다.", "오래 기다리시게 해서 죄송합니다.")
_GENERIC_FOLLOW = (
    "네.",
    "아 네네.",
    "그래서요?",
    "그게 언제쯤 돼요?",
    "아니 그게 아니라요.",
    "잠깐만요, 다시 말씀해 주세요.",
    "그럼 어떻게 해야 돼요?",
)
_CLOSING = (
    ("agent", "더 궁금하신 점 있으실까요?"),
    ("customer", "아니요, 수고하세요."),
    ("agent", "감사합니다. 좋은 하루 되세요."),
)
_OUTAGE_AGENT = "현재 {region} 일대에 장애가 발생해 복구 작업 중입니다. 불편 드려 죄송합니다."
_TICKET_GREETING = ("안녕하세요.", "수고 많으십니다.", "안녕하세요, {region}에 사는 고객입니다.", "", "")
_TICKET_DETAIL = (
    "관련 캡처 첨부합니다.", "여러 번 전화했지만 연결되지 않았습니다.", "급한 건이라 빠른 확인 바랍니다.",
)
_CHAT_CLOSING = "상담이 종료되었습니다. 상담 만족도 평가에 참여해 주세요."
_EMOJI_NEG = ("😡", "🤬", "😭", "🙃", "😤", "💢", "🔥", "😱", "ㅠㅠ", "ㅋㅋㅋ", "ㅡㅡ")
_EMOJI_POS = ("🙏", "👍", "😊", "✨", "ㅎㅎ", "ㅋㅋ")
_SLANG = ("ㅅㅂ", "ㅈㄴ", "ㄹㅇ", "ㅋㅋ", "ㅠㅠ", "ㄷㄷ", "ㅡㅡ")
_TYPOS = (
    ("진짜", "진쨔"), ("너무", "너므"), ("어떻게", "어케"), ("했는데", "햇는데"), ("인터넷", "인터넷ㅅ"),
    ("있어요", "잇어요"), ("왜 이렇게", "왜케"), ("몇 번", "몇번"), ("해지", "해쥐"), ("요금", "요굼"),
)
_PII_SPOKEN = ("제 연락처는 {phone:이에요}, 그쪽으로 문자 주세요.", "메일은 {email} 이쪽으로 보내 주세요.")
_PII_TEXT = (" 연락처: {phone}", " 회신은 {email:으로} 부탁드립니다.", " ({phone:으로} 연락 주세요)")

# The retention call: turn pools of the planted escalation.
_RC_ASK = (
    "{net} 해지하려고 전화드렸어요.",
    "네, {net} 해지 좀 하려고요.",
    "해지 신청하려고요. {net}요.",
)
_RC_WHY = (
    "아 네 고객님, 혹시 해지하시려는 이유를 여쭤봐도 될까요?",
    "해지 사유를 여쭤봐도 될까요, 고객님?",
)
_RC_REASON = (
    "이사 가는 곳에서 다른 데 쓰려고요.",
    "요금이 너무 비싸서요.",
    "그냥 필요 없어져서요. 해지해 주세요.",
    "속도도 안 나오고 해서요.",
)
_RC_OFFER = (
    "고객님, 지금 해지하시면 위약금이 {fee} 나오시는데요, "
    "대신 {discount} 할인을 {months}개월 해드릴 수 있거든요.",
    "그럼 {gift} 드리는 혜택은 어떠세요? 다른 고객님들은 대부분 이걸로 유지하세요.",
    "지금 쓰시는 상품을 {speed:으로} 무료 업그레이드해 드리는 혜택도 있는데요.",
    "고객님 정도 사용 기간이면 장기고객 혜택으로 요금을 거의 반값으로 해드릴 수 있어요.",
)
_RC_DEFLECT = (
    "고객님, 지금 바로 해지는 좀 어렵고요, 왜 저희 서비스를 안 쓰시려는 건지 이해가 안 돼서요.",
    "저는 고객님께 더 좋은 조건을 안내해 드리려는 거예요. 이 조건 놓치시면 후회하실 텐데요.",
    "이런 조건은 지금 통화에서만 가능한 거라서요, 한 번만 다시 생각해 보시겠어요?",
    "해지 처리는 제 권한으로는 어렵고요, 일단 혜택부터 적용해 드릴게요.",
)
_RC_REFUSE = (
    ("아니요, 할인 필요 없고요. 해지해 주세요.", "혜택 필요 없어요. 해지만 해주세요."),
    ("해지해 달라고요. 벌써 세 번째 말씀드리는 거예요.", "제가 몇 번을 말씀드려요, 해지해 주세요."),
    (
        "아니 제가 왜 이유를 계속 설명해야 돼요? 해지하겠다고요!",
        "지금 해지 안 해주려고 일부러 이러시는 거죠?",
    ),
    ("됐고, 해지해 줄 거야 말 거야?", "진짜 어이가 없네. 해지하라고, 해지!"),
)
_RC_HARD_NO = (
    "해지는 어렵습니다. 해지 전담 부서에서 다시 연락드리도록 하겠습니다.",
    "고객님, 오늘은 해지 접수가 어렵습니다. 혜택 적용으로 진행해 드릴게요.",
)
_RC_TAIL = ("", " 유튜브에도요.", " 어떻게 응대하시는지 다들 보라고요.", " 소비자원에도 신고할 거고요.")


def template_counts() -> dict[str, int]:
    """How many templates each kind of event draws from (topic pools plus shared pools)."""
    topics = list(TOPICS.values())
    esc = _ESCALATION
    spoken = sum(len(t.spoken) + len(t.follow) + len(t.agent) for t in topics)
    shared_spoken = (
        len(_GREETING) + len(_GENERIC_AGENT) + len(_SORRY) + len(_GENERIC_FOLLOW) + len(_ANGRY)
        + len(_CHURN["spoken"])
        + sum(len(e.get("spoken", ())) + len(e.get("agent", ())) for e in esc.values())
    )
    formal = sum(len(t.formal) + len(t.ask) for t in topics)
    shared_formal = len(_CHURN["formal"]) + sum(len(e.get("formal", ())) for e in esc.values())
    english = sum(len(t.english) for t in topics)
    return {
        "call": spoken + shared_spoken + len(_ID_CHECK) + len(_CLOSING),
        "chat": spoken + shared_spoken + len(_CHAT_GREETING),
        "ticket": formal + shared_formal + english,
        "email": formal + shared_formal + english,
        "tweet": sum(len(t.tweet) for t in topics) + len(_CHURN["tweet"]) + english
        + sum(len(e.get("tweet", ())) for e in esc.values()),
        "note": sum(len(t.note) for t in topics) + len(_CHURN["note"])
        + sum(len(e.get("note", ())) for e in esc.values()),
        "retention_call": len(_RC_ASK) + len(_RC_WHY) + len(_RC_REASON) + len(_RC_OFFER) + len(_RC_DEFLECT)
        + sum(len(r) for r in _RC_REFUSE) + len(_RC_HARD_NO) + len(_RC_TAIL),
    }


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------

_KIND_WEIGHTS = {"call": 28, "tweet": 26, "note": 16, "ticket": 14, "chat": 10, "email": 6}
_TOPIC_WEIGHTS = {
    "billing": 16, "cancellation": 12, "network": 16, "device": 8, "installation": 8,
    "agent_conduct": 6, "privacy": 4, "sales_contract": 6, "delivery_refund": 4, "inquiry": 12,
    "praise": 4, "other": 4,
}
_ESCALATION_P = {"call": 0.05, "chat": 0.04, "ticket": 0.04, "email": 0.04, "tweet": 0.03, "note": 0.03}
_ESCALATION_KINDS = {
    "call": ("regulator_threat", "publicity_threat", "customer_abuse", "customer_abuse", "agent_hostility"),
    "chat": ("regulator_threat", "customer_abuse", "agent_hostility"),
    "ticket": ("regulator_threat", "regulator_threat", "publicity_threat"),
    "email": ("regulator_threat", "publicity_threat"),
    "tweet": ("regulator_threat", "publicity_threat"),
    "note": ("regulator_threat", "publicity_threat", "customer_abuse"),
}
_PII_P = 0.01
_REPEAT_P = 0.15
_ENGLISH_P = 0.03
_HIGH_REACH_P = 0.08
_OUTAGE_FIRST_S = 60.0
_OUTAGE_SHARE = 0.3
_MAX_LAG_S = 1.0


def _now_kst() -> datetime:
    return datetime.now(KST)


def _as_kst(ts: datetime) -> datetime:
    return ts.replace(tzinfo=KST) if ts.tzinfo is None else ts.astimezone(KST)


@dataclass
class _Outage:
    id: str
    region: str
    net: str
    start_s: float
    end_s: float


@dataclass
class _Draft:
    """An event being built: what the templates chose and what they planted."""

    topic: Topic
    slots: _Slots
    reasons: list[str] = field(default_factory=list)
    escalation: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def plant(self, reasons: Iterable[str]) -> None:
        for r in reasons:
            if r not in self.reasons:
                self.reasons.append(r)

    def take(self, template: str) -> str:
        text, reasons = _split(template)
        self.plant(reasons)
        return _render(text, self.slots)


class DemoTraffic:
    """Seeded generator of Korean VOC demo events (contract dicts).

    Parameters
    ----------
    seed
        Seed of the generator; the same seed gives the same events. ``None``: random, and a
        random event-id prefix so that separate runs never share ids.
    rate
        Events per second that :meth:`events` paces itself to; also the mean rate of the
        timestamps :meth:`batch` spreads.
    retention_call_every_s
        Seconds of event time between two planted escalating retention calls (the first starts
        with the stream, so its first partial arrives within seconds); ``math.inf`` disables them.
    start
        First timestamp of :meth:`batch`; default: the time of the first call to it.
    """

    def __init__(
        self,
        seed: int | None = None,
        rate: float = 3.0,
        retention_call_every_s: float = 40.0,
        start: datetime | None = None,
    ) -> None:
        if not rate > 0:
            raise ValueError(f"rate must be > 0, got {rate}")
        if not retention_call_every_s > 0:
            raise ValueError(f"retention_call_every_s must be > 0, got {retention_call_every_s}")
        self.seed = seed
        self.rate = float(rate)
        self.retention_call_every_s = float(retention_call_every_s)
        self.start = None if start is None else _as_kst(start)
        self._rng = random.Random(seed)
        tag = f"{seed}" if seed is not None else f"{self._rng.getrandbits(32):08x}"
        self.id_prefix = f"demo{tag}"
        self._seq = 0
        self._calls = 0
        self._queued = 0
        self._outages = 0
        self._t0: datetime | None = None
        self._clock: datetime | None = None
        self._pending: list[tuple[float, int, dict[str, Any]]] = []
        self._next_retention_s = 0.0 if math.isfinite(self.retention_call_every_s) else math.inf
        self._outage: _Outage | None = None
        self._next_outage_s = _OUTAGE_FIRST_S
        self._open: dict[str, tuple[str, int, str]] = {}  # customer id -> (topic, contacts, segment)
        self._recent: deque[str] = deque(maxlen=400)
        self._agents = self._make_agents()

    # -- public API ------------------------------------------------------------------------

    def events(
        self,
        now: Callable[[], datetime] = _now_kst,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield events forever (or ``limit`` of them), paced to ``rate`` events per second.

        Event ``k`` is due ``k / rate`` seconds after the first on the ``monotonic`` clock; the
        generator sleeps (``sleep``) until then and stamps it with ``now()``. A consumer that
        falls more than a second behind is not made up for with a burst: the schedule restarts.
        Tests inject a fake ``now``/``sleep``/``monotonic`` triple.
        """
        interval = 1.0 / self.rate
        t0 = monotonic()
        k = 0
        while limit is None or k < limit:
            lag = t0 + k * interval - monotonic()
            if lag > 0:
                sleep(lag)
            elif lag < -_MAX_LAG_S:
                t0 = monotonic() - k * interval
            yield self._next(_as_kst(now()))
            k += 1

    def batch(self, n: int) -> list[dict[str, Any]]:
        """Return ``n`` events at once, timestamps spread as a Poisson stream of ``rate`` per second.

        Without ``start``, the first batch ends about now (it starts ``n / rate`` seconds ago): a
        batch is traffic that has happened, and events dated ahead of their arrival are refused
        (``VOCRADAR_FUTURE_MARGIN_S``). Consecutive calls continue the same timeline. Partial
        transcripts of a retention call still in progress at the end are simply not in the batch yet.
        """
        if self._clock is None:
            now = datetime.now(KST).replace(microsecond=0)
            self._clock = self.start or now - timedelta(seconds=n / self.rate)
        ts = self._clock
        out: list[dict[str, Any]] = []
        for _ in range(n):
            out.append(self._next(ts))
            ts += timedelta(seconds=self._rng.expovariate(self.rate))
        self._clock = ts
        return out

    # -- scheduling ------------------------------------------------------------------------

    def _next(self, ts: datetime) -> dict[str, Any]:
        if self._t0 is None:
            self._t0 = ts
        el = (ts - self._t0).total_seconds()
        if el >= self._next_retention_s:
            self._start_retention(el)
            while self._next_retention_s <= el:
                self._next_retention_s += self.retention_call_every_s
        if self._outage is not None and el >= self._outage.end_s:
            self._outage = None
            self._next_outage_s = el + self._rng.uniform(300.0, 600.0)
        if self._outage is None and el >= self._next_outage_s:
            self._outages += 1
            r = self._rng
            self._outage = _Outage(
                f"{self.id_prefix}-out{self._outages:03d}", r.choice(REGIONS), r.choice(NET_PRODUCTS[:5]),
                el, el + r.uniform(45.0, 120.0),
            )
            self._next_outage_s = float("inf")
        if self._pending and self._pending[0][0] <= el:
            _, _, event = heapq.heappop(self._pending)
            return self._stamp(event, ts)
        return self._stamp(self._regular(), ts)

    @staticmethod
    def _stamp(event: dict[str, Any], ts: datetime) -> dict[str, Any]:
        out: dict[str, Any] = {
            "event_id": event.pop("event_id"),
            "source": event.pop("source"),
            "occurred_at": ts.isoformat(timespec="milliseconds"),
        }
        out.update(event)
        return out

    # -- people ----------------------------------------------------------------------------

    def _make_agents(self) -> dict[str, list[tuple[str, str]]]:
        r = self._rng
        ids = r.sample(range(1, 10_000), 9 * len(TEAMS))
        agents: dict[str, list[tuple[str, str]]] = {}
        for i, team in enumerate(TEAMS):
            agents[team] = [
                (f"agt-{ids[i * 9 + j]:04d}", f"{r.choice(SURNAMES)}{r.choice(GIVEN_NAMES)}")
                for j in range(9)
            ]
        return agents

    def _agent(self, team: str) -> tuple[dict[str, str], str]:
        aid, name = self._rng.choice(self._agents[team])
        return {"id": aid, "team": team}, name

    def _customer(self, topic: Topic) -> tuple[dict[str, str], int]:
        """A customer with an id; complaints come back on the same issue now and then."""
        r = self._rng
        if topic.complaint and r.random() < _REPEAT_P:
            same = [c for c in self._recent if c in self._open and self._open[c][0] == topic.code]
            if same:
                cid = r.choice(same)
                _, n, segment = self._open[cid]
                self._open[cid] = (topic.code, n + 1, segment)
                return {"id": cid, "segment": segment}, n + 1
        cid = self._new_customer_id()
        segment = r.choice(SEGMENTS)
        if topic.complaint:
            if len(self._recent) == self._recent.maxlen:
                self._open.pop(self._recent[0], None)
            self._recent.append(cid)
            self._open[cid] = (topic.code, 1, segment)
        return {"id": cid, "segment": segment}, 1

    def _new_customer_id(self) -> str:
        while True:  # never reuse the id of a customer whose issue is still open
            cid = f"cust-{self._rng.randint(1, 999_999):06d}"
            if cid not in self._open:
                return cid

    def _tweeter(self) -> tuple[dict[str, Any], bool]:
        r = self._rng
        first, sep, second = r.choice(HANDLE_WORDS), r.choice(("_", "", ".")), r.choice(HANDLE_WORDS)
        handle = f"@{first}{sep}{second}{r.randint(0, 99)}"
        if r.random() < _HIGH_REACH_P:
            reach = r.choice((12_000, 25_000, 48_000, 90_000, 150_000, 420_000, 880_000))
            followers = int(reach * r.uniform(0.8, 1.2))
            return {"handle": handle, "followers": followers, "verified": r.random() < 0.35}, True
        return {"handle": handle, "followers": int(r.paretovariate(1.3) * 40), "verified": False}, False

    def _phone(self) -> _Word:
        r = self._rng
        return _Word(f"010-{r.randint(2000, 9999)}-{r.randint(1000, 9999)}")

    def _email(self) -> _Word:
        r = self._rng
        return _Word(f"{r.choice(HANDLE_WORDS)}{r.randint(1, 999)}@{r.choice(MAIL_DOMAINS)}")

    # -- regular events --------------------------------------------------------------------

    def _regular(self) -> dict[str, Any]:
        r = self._rng
        self._seq += 1
        outage = self._outage if self._outage is not None and r.random() < _OUTAGE_SHARE else None
        if outage is not None:
            kind = r.choices(("tweet", "call", "ticket", "chat", "note"), (45, 25, 10, 10, 10))[0]
            topic = TOPICS["network"]
        else:
            kind = r.choices(list(_KIND_WEIGHTS), list(_KIND_WEIGHTS.values()))[0]
            topic = TOPICS[r.choices(list(_TOPIC_WEIGHTS), list(_TOPIC_WEIGHTS.values()))[0]]
        team = "채팅상담팀" if kind == "chat" else topic.team
        agent, agent_name = self._agent(team)
        fixed = {"agent_name": agent_name, "team": team}
        if outage is not None:
            fixed |= {"region": outage.region, "net": outage.net}
        draft = _Draft(topic, _Slots(r, **fixed))
        if outage is not None:
            draft.slots.product = outage.net
            draft.plant(("service_outage", "burst"))
            draft.escalation = True
            draft.meta |= {"demo_scenario": "outage", "demo_outage": outage.id}

        customer: dict[str, Any] | None = None
        contact_no = 1
        high_reach = False
        if kind == "tweet":
            customer, high_reach = self._tweeter()
        elif kind != "note" or r.random() < 0.9:
            customer, contact_no = self._customer(topic)
        if contact_no > 1:
            draft.meta["demo_contact_no"] = contact_no
            if contact_no >= 3:
                draft.plant(("repeat_contact",))
        if contact_no >= 3:
            draft.slots["nth"] = _Word(NTH[min(contact_no - 3, len(NTH) - 1)])
        english = (
            outage is None and kind in ("ticket", "email", "tweet") and bool(topic.english)
            and r.random() < _ENGLISH_P
        )
        plant: str | None = None
        if outage is None and not english and topic.complaint and r.random() < _ESCALATION_P[kind]:
            plant = r.choice(_ESCALATION_KINDS[kind])
        churn = not english and topic.complaint and topic.code != "cancellation" and r.random() < 0.1
        pii = not english and r.random() < _PII_P

        event: dict[str, Any] = {"event_id": f"{self.id_prefix}-{self._seq:07d}", "source": kind}
        if kind in ("call", "chat"):
            event["conversation_id"] = f"{self.id_prefix}-cv{self._seq:07d}"
            event["turns"] = self._conversation(
                draft, kind, outage=outage, contact_no=contact_no, plant=plant, churn=churn, pii=pii
            )
        elif english:
            event["text"] = draft.take(r.choice(topic.english))
        elif kind in ("ticket", "email"):
            event["text"] = self._written(
                draft, kind, customer, contact_no, plant=plant, churn=churn, pii=pii
            )
        elif kind == "tweet":
            event["text"] = self._tweet(draft, outage=outage, plant=plant, churn=churn, pii=pii)
        else:
            event["text"] = self._note(draft, contact_no, plant=plant, churn=churn, pii=pii)
        if churn:
            draft.plant(("churn_intent",))
        if plant is not None:
            draft.plant((plant,))
        if high_reach and topic.complaint:
            draft.plant(("high_reach",))
            draft.escalation = True
        if pii:
            draft.meta["demo_pii"] = True
        if customer is not None:
            event["customer"] = customer
        if kind != "tweet":
            event["agent"] = agent
        if draft.slots.product is not None:
            event["product"] = draft.slots.product
        event["lang"] = "en" if english else "ko"
        event["meta"] = self._meta(draft)
        return event

    @staticmethod
    def _meta(draft: _Draft, **extra: Any) -> dict[str, Any]:
        escalation = draft.escalation or bool(ESCALATION_REASONS.intersection(draft.reasons))
        return {
            **extra,
            "demo_topic": draft.topic.code,
            "demo_escalation": escalation,
            "demo_reasons": list(draft.reasons),
            **draft.meta,
        }

    def _spoken(self, text: str) -> str:
        r = self._rng
        if r.random() < 0.35:
            text = r.choice(_FILLERS) + text
        return text

    def _conversation(
        self,
        draft: _Draft,
        kind: str,
        *,
        outage: _Outage | None,
        contact_no: int,
        plant: str | None,
        churn: bool,
        pii: bool,
    ) -> list[dict[str, Any]]:
        r = self._rng
        topic = draft.topic
        call = kind == "call"
        turns: list[tuple[str, str]] = []
        if call and r.random() < 0.75:
            turns.append(("system", RECORDING_NOTICE))
        turns.append(("agent", draft.take(r.choice(_GREETING if call else _CHAT_GREETING))))
        if outage is not None:
            opener = r.choice((
                "{region}인데요, 지금 인터넷이 아예 안 돼요. 장애인가요?",
                "갑자기 {net:이} 다 끊겼어요. 저희 동네 전체가 안 된대요.",
                "{region} 지금 장애 난 거 맞죠? 언제 복구돼요?",
            ))
        else:
            opener = r.choice(topic.spoken)
        first = draft.take(opener)
        if contact_no == 2:
            first = draft.take(r.choice(_REPEAT["spoken2"])) + " " + first
        elif contact_no >= 3:
            first = draft.take(r.choice(_REPEAT["spoken3"])) + " " + first
        turns.append(("customer", self._spoken(first) if call else first))
        if call and topic.code not in ("other", "praise") and r.random() < 0.3:
            turns.extend(_ID_CHECK)

        # The specials the customer says late in the contact, in this order.
        late: list[tuple[str, str]] = []
        angry = topic.complaint and r.random() < 0.12
        if angry:
            late.append(("customer", r.choice(_ANGRY)))
        if churn:
            late.append(("customer", draft.take(r.choice(_CHURN["spoken"]))))
        if pii:
            late.append(("customer", r.choice(_PII_SPOKEN).format(phone=self._phone(), email=self._email())))
        if plant == "agent_hostility":
            late.insert(0, ("agent", r.choice(_ESCALATION["agent_hostility"]["agent"])))
            late.insert(1, ("customer", r.choice(_HOSTILITY_REACTION)))
        elif plant is not None:
            late.append(("customer", r.choice(_ESCALATION[plant]["spoken"])))
            if plant == "customer_abuse":
                late.append(("agent", r.choice(_ABUSE_WARNING)))

        if call:
            target = r.choice((4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 11, 12, 13, 14, 16, 18, 20))
        else:
            target = r.choice((4, 5, 6, 7, 8, 10))
        closing = [] if plant == "customer_abuse" or not call else list(_CLOSING[: r.choice((2, 3))])
        # one turn spare for an agent answer before the late turns, one for the chat's end notice
        room = target - len(turns) - len(late) - len(closing) - (1 if call else 2)
        agent_pool = [*topic.agent, *topic.agent, *_GENERIC_AGENT, *(_SORRY if topic.complaint else ())]
        if outage is not None:
            agent_pool = [_OUTAGE_AGENT, *agent_pool]
        follow_pool = [*topic.follow, *topic.follow, *_GENERIC_FOLLOW]
        middle: list[tuple[str, str]] = []
        agent_first = turns[-1][0] != "agent"
        for i in range(max(1, room)):
            if (i % 2 == 0) == agent_first:
                line = agent_pool[0] if outage is not None and i == 0 else r.choice(agent_pool)
                middle.append(("agent", draft.take(line)))
            else:
                text = draft.take(r.choice(follow_pool))
                middle.append(("customer", self._spoken(text) if call else text))
        if middle[-1][0] == "agent" and late and late[0][0] == "agent" and len(middle) > 1:
            middle.pop()
        turns.extend(middle)
        if late and turns[-1][0] == late[0][0] == "customer":
            turns.append(("agent", draft.take(r.choice(agent_pool))))
        turns.extend(late)
        if closing and turns[-1][0] == "agent":
            closing = closing[1:]
        turns.extend(closing)
        if not call:
            turns.append(("system", _CHAT_CLOSING))
        turns = turns[:20]
        return self._timed(turns, per_char=0.11 if call else 0.35)

    def _timed(self, turns: Sequence[tuple[str, str]], per_char: float) -> list[dict[str, Any]]:
        r = self._rng
        t = 0.0
        out: list[dict[str, Any]] = []
        for speaker, text in turns:
            out.append({"speaker": speaker, "text": text, "offset_s": round(t, 1)})
            t += 0.8 + per_char * len(text) + r.uniform(0.2, 2.5)
        return out

    def _written(
        self,
        draft: _Draft,
        kind: str,
        customer: dict[str, Any] | None,
        contact_no: int,
        *,
        plant: str | None,
        churn: bool,
        pii: bool,
    ) -> str:
        r = self._rng
        topic = draft.topic
        cid = customer["id"] if customer else "cust-000000"
        greet = r.choice(_TICKET_GREETING)
        if topic.code == "other":
            greet = ""
        parts = [draft.take(greet)]
        if contact_no == 2:
            parts.append(draft.take(r.choice(_REPEAT["formal2"])))
        elif contact_no >= 3:
            parts.append(draft.take(r.choice(_REPEAT["formal3"])))
        parts.append(draft.take(r.choice(topic.formal)))
        if topic.complaint and r.random() < 0.3:
            parts.append(r.choice((f"고객번호는 {cid}입니다.", *_TICKET_DETAIL)))
        if churn:
            parts.append(draft.take(r.choice(_CHURN["formal"])))
        if plant is not None:
            parts.append(r.choice(_ESCALATION[plant]["formal"]))
        parts.append(draft.take(r.choice(topic.ask)))
        if pii:
            parts[-1] += r.choice(_PII_TEXT).format(phone=self._phone(), email=self._email())
        body = " ".join(p for p in parts if p)
        if kind == "ticket":
            if r.random() < 0.5:
                body = f"[{r.choice(topic.subjects)}] {body}"
            return body
        sign = f"{r.choice(SURNAMES)}○○ 드림" if r.random() < 0.6 else f"고객 {cid} 올림"
        closing = "" if topic.code == "other" else "\n\n감사합니다.\n" + sign
        return f"제목: {r.choice(topic.subjects)}\n\n{body}{closing}"

    def _tweet(
        self, draft: _Draft, *, outage: _Outage | None, plant: str | None, churn: bool, pii: bool
    ) -> str:
        r = self._rng
        topic = draft.topic
        if outage is not None:
            template = r.choice((
                "{region} {net} 전체 장애인 듯 다 안 됨",
                "우리 아파트 전부 인터넷 안 된대 ㅋㅋ {region}",
                "고객센터 전화 안 받음 장애 맞나봄 ㅠㅠ",
                "{region} 인터넷 나간 사람? 나만 그래?",
                "인터넷 또 장애 ㅅㅂ 재택 어떻게 하라고",
            ))
        else:
            template = r.choice(topic.tweet)
        text = draft.take(template)
        if churn:
            text += " " + draft.take(r.choice(_CHURN["tweet"]))
        if plant is not None:
            text += " " + r.choice(_ESCALATION[plant]["tweet"])
        if pii:
            text += f" DM 말고 {self._phone():으로} 연락주세요"
        if topic.complaint and r.random() < 0.12:
            text = r.choice(_SLANG) + " " + text
        if r.random() < 0.25:
            wrong, typo = r.choice(_TYPOS)
            text = text.replace(wrong, typo, 1)
        if r.random() < 0.4:
            text += " " + r.choice(_EMOJI_NEG if topic.complaint else _EMOJI_POS)
        if r.random() < 0.35:
            tags = list(topic.hashtags) or ["#일상"]
            if outage is not None:
                tags.append(f"#{outage.region.split()[-1]}")
            text += " " + " ".join(r.sample(tags, k=min(len(tags), r.randint(1, 2))))
        return text

    def _note(self, draft: _Draft, contact_no: int, *, plant: str | None, churn: bool, pii: bool) -> str:
        r = self._rng
        parts = [draft.take(r.choice(draft.topic.note))]
        if contact_no == 2:
            parts.append(r.choice(_REPEAT["note2"]))
        elif contact_no >= 3:
            parts.append(draft.take(r.choice(_REPEAT["note3"])))
        if churn:
            parts.append(r.choice(_CHURN["note"]))
        if plant is not None:
            parts.append(r.choice(_ESCALATION[plant]["note"]))
        if pii:
            parts.append(f"콜백 번호 {self._phone()}")
        if r.random() < 0.3:
            parts.append(r.choice(("콜백 요청", "처리 완료", "재인입 시 팀장 연결", "문자 안내 발송")))
        return ", ".join(parts)

    # -- the planted retention call --------------------------------------------------------

    def _start_retention(self, el: float) -> None:
        """Plan an escalating 해지 방어 call and queue its growing partial transcripts."""
        r = self._rng
        self._calls += 1
        conv = f"{self.id_prefix}-rc{self._calls:04d}"
        topic = TOPICS["cancellation"]
        agent, agent_name = self._agent("해지방어팀")
        slots = _Slots(r, agent_name=agent_name, team="해지방어팀")
        customer = {"id": self._new_customer_id(), "segment": r.choice(SEGMENTS)}
        loops = r.randint(2, 4)
        script: list[tuple[str, str, tuple[str, ...]]] = [
            ("system", RECORDING_NOTICE, ()),
            ("agent", _render(r.choice(_GREETING), slots), ()),
            ("customer", self._spoken(_render(r.choice(_RC_ASK), slots)), ("churn_intent",)),
            ("agent", r.choice(_RC_WHY), ()),
            ("customer", self._spoken(r.choice(_RC_REASON)), ()),
        ]
        offers = r.sample(_RC_OFFER, k=min(loops, len(_RC_OFFER)))
        deflects = r.sample(_RC_DEFLECT, k=len(_RC_DEFLECT))
        for i in range(loops):
            pool = offers if i % 2 == 0 and offers else deflects
            script.append(("agent", _render(pool.pop(0), slots), ("deflect",)))
            level = min(i, len(_RC_REFUSE) - 1) if i < loops - 1 else len(_RC_REFUSE) - 1
            script.append(("customer", r.choice(_RC_REFUSE[level]), ()))
        script.append(("agent", r.choice(_RC_HARD_NO), ("deflect",)))
        tail = r.choice(_RC_TAIL)
        final_tags = ("publicity_threat", "regulator_threat") if "소비자원" in tail else ("publicity_threat",)
        script.append(("customer", PUBLICITY_REMARK + tail, final_tags))

        timed = self._timed([(s, t) for s, t, _ in script], per_char=0.11)
        ends = [turn["offset_s"] + 0.8 + 0.11 * len(turn["text"]) for turn in timed]
        cuts = list(range(3, len(timed), r.choice((2, 3))))
        if cuts[-1] != len(timed):
            cuts.append(len(timed))
        for cut in cuts:
            reasons: list[str] = []
            deflections = 0
            for _, _, tags in script[:cut]:
                deflections += "deflect" in tags
                reasons.extend(t for t in tags if t != "deflect" and t not in reasons)
            if deflections >= 2:
                reasons.append("agent_obstruction")
            final = cut == len(timed)
            draft = _Draft(topic, slots, reasons=reasons, escalation=True)
            event = {
                "event_id": f"{conv}#{cut}",
                "source": "call",
                "conversation_id": conv,
                "turns": [dict(turn) for turn in timed[:cut]],
                "customer": dict(customer),
                "agent": dict(agent),
                "product": str(slots["net"]),
                "lang": "ko",
                "meta": self._meta(draft, partial=not final, final=final, demo_scenario="retention_call"),
            }
            self._queued += 1
            heapq.heappush(self._pending, (el + ends[cut - 1], self._queued, event))


def write_jsonl(path: str | Path, events: Iterable[dict[str, Any]]) -> int:
    """Write events as JSON Lines (UTF-8, one object a line, Korean kept readable); return the count."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with p.open("w", encoding="utf-8", newline="\n") as fh:
        for event in events:
            fh.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n
