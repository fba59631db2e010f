"""Personal-data (PII) detection and masking for VOC text; this module owns what counts as PII.

Every text that is stored, alerted on or displayed goes through :func:`mask_pii` (or a
:class:`PiiMasker`) first. The masked text keeps its shape so a reader still understands it:
digits become ``*`` and separators stay, e.g. ``010-1234-5678`` → ``010-****-****``.
Full-width and other Unicode digits (０１０－１２３４－５６７８) are recognised like ASCII ones.
Names are matched on NFC text, as :func:`vocradar.models.events.clean_text` produces it.

What is masked (``PiiSpan.kind``):

- ``rrn``: 주민등록번호 / 외국인등록번호, 6 digits + optional hyphen or space + 7 digits whose
  first digit is 1-8, checksum valid or not (also the half-masked ``900101-1******``).
  Every digit is masked: ``******-*******``.
- ``mobile``: 01[016789] numbers in every common writing (``010-1234-5678``, ``01012345678``,
  ``010 1234 5678``, ``010.1234.5678``, ``(010)1234-5678``, ``+82 10-1234-5678``,
  ``+821012345678``). The prefix (``010``, ``+82 10``) stays, the subscriber digits go.
- ``landline``: area codes 02, 031-064, 070 (internet phones) and 0502-0508 (안심번호, which
  forward to a person). The area code stays: ``02-***-****``.
- ``card``: 16 digits (Amex: 15) contiguous or in groups; masked when Luhn-valid, or, Luhn-valid
  or not, when 카드/card/신용/체크 (credit, debit, visa, master, amex) appears within 15
  characters before. All digits are masked, separators stay.
- ``account``: bank accounts. Hyphenated groups of the Korean bank layouts (3 or 4 groups,
  10-14 digits: ``110-123-456789``, ``1002-123-456789``, ``123-456789-01-001``) always; contiguous
  10-14 digits, space-separated groups or two hyphen groups only when 계좌/통장/은행/입금/이체/
  account/bank or a bank name (국민, 신한, 우리, 하나, 농협, 기업, 카카오뱅크, 토스...) is near.
- ``email``: local part and domain labels become ``*``; ``@``, dots and the public suffix stay:
  ``hong@naver.com`` → ``****@*****.com``, ``a@b.co.kr`` → ``*@*.co.kr``.
- ``name``: Korean names of 2-3 syllables (4 with a two-syllable surname such as 남궁) that start
  with a common surname and stand where Korean text puts names: before 고객님/고객/회원님/님/씨
  (``홍길동 고객님``) or a spaced job title + 님 (``이현우 과장님``, ``박준호 기사님``); after
  고객명:/성함:/이름:/성명:/예금주; after 상담원/상담사/기사/담당자/매니저 when a copula follows
  (``상담원 이영희입니다``); after 저는 (3 syllables, copula). Masked as first
  syllable + ``○○``: ``홍○○ 고객님``. Titles and ordinary words (고객님, 기사님, 사장님,
  선생님, 방문하신 고객님, 소중한 고객님, 진짜 씨발...) are left alone. English names only
  after a ``Name:``-style label (``J*** S****``).
- ``spoken_number``: numbers read out in Hangul digits by speech-to-text (``공일공 일이삼사
  오육칠팔``), ten or more digit syllables in a row; each syllable becomes ``*``.

What is deliberately kept: company numbers (대표번호 15xx/16xx/18xx-xxxx and 080 toll-free
numbers reach a business, not a person), dates, times, money (45,000원, 12만원), counts (3건,
5회), percentages, plan and model names (5G 요금제, 갤럭시 S24), product codes, order and parcel
numbers without bank or card context, a surname alone (김 고객님) and surname + title (김 과장님).

Known limits, chosen for precision: a name is only found in the contexts above (a bare 홍길동
in running text stays); names ending like a particle or participle (…가, …도, …한, and …은/…이
after a closing consonant other than ㅇ: 민원은, 상품이) are read as phrases; a phone number
without its 0xx prefix (1234-5678) is not recognised.

Every pattern is made of bounded repetitions anchored by look-behinds, so matching is linear in
the text length; no input string makes :meth:`PiiMasker.mask` raise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, Literal, get_args

from vocradar.models.types import FULL_WIDTH_TO_ASCII

__all__ = ["PII_KINDS", "PiiKind", "PiiMasker", "PiiSpan", "mask_pii"]

PiiKind = Literal[
    "rrn", "card", "mobile", "landline", "account", "email", "name", "spoken_number", "customer_id"
]
PII_KINDS: Final[tuple[PiiKind, ...]] = get_args(PiiKind)


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One piece of personal data found in a text: ``text[start:end]`` is of kind ``kind``."""

    start: int
    end: int
    kind: PiiKind


@dataclass(frozen=True, slots=True)
class _Hit:
    """A candidate span and what replaces it; ``kind=None`` protects a span that is kept as is."""

    start: int
    end: int
    kind: PiiKind | None
    replacement: str
    rank: int


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

# Hyphen-like characters people type between digit groups (ASCII, Unicode dashes, full-width,
# and the Hangul vowel ㅡ that Korean keyboards make easy to type as a dash).
_HY: Final = "[-‐‑–—－ㅡ]"
_HY_OR_DOT: Final = "[-‐‑–—－ㅡ.]"
# An optional separator between digit groups: a hyphen or dot (spaces around allowed) or one space.
_SEP: Final = rf"(?: ?{_HY_OR_DOT} ?| )?"
# Not glued to a longer digit sequence on either side (``1-010-...`` or ``...5678-9``).
_NB: Final = rf"(?<!\d)(?<!\d{_HY_OR_DOT})"
_NA: Final = rf"(?!\d)(?!{_HY_OR_DOT}\d)"

_MOBILE_RE: Final = re.compile(
    rf"{_NB}(?P<pre>\+ ?82{_SEP}(?:\(0\) ?)?0?1[016789]|\(0?1[016789]\)|01[016789])"
    rf"(?P<rest>{_SEP}\d{{3,4}}{_SEP}\d{{4}}){_NA}"
)
_AREA: Final = "2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8]"
_LANDLINE_RE: Final = re.compile(
    rf"{_NB}(?P<pre>\+ ?82{_SEP}(?:\(0\) ?)?0?(?:{_AREA})|\(0(?:{_AREA})\)|0(?:{_AREA}))"
    rf"(?P<rest>{_SEP}\d{{3,4}}{_SEP}\d{{4}}){_NA}"
)
# Company numbers, kept: 대표번호 (1588-1234, 1661-0000, 1899-...) and 080 toll-free numbers.
_COMPANY_RE: Final = re.compile(rf"{_NB}(?:1[568]\d\d{_SEP}\d{{4}}|080{_SEP}\d{{3,4}}{_SEP}\d{{4}}){_NA}")
_RRN_RE: Final = re.compile(rf"{_NB}\d{{6}}(?: ?{_HY} ?| )?[1-8](?:\d{{6}}|[*xX●○]{{6}}){_NA}")
_CARD_RE: Final = re.compile(
    rf"{_NB}(?:\d{{4}}(?:{_SEP}\d{{4}}){{3}}|\d{{4}}{_SEP}\d{{6}}{_SEP}\d{{5}}){_NA}"
)
_ACCOUNT_RE: Final = re.compile(
    rf"(?<![A-Za-z]){_NB}"
    rf"(?:\d{{2,6}}(?: ?{_HY} ?\d{{2,8}}){{1,3}}|\d{{2,6}}(?: \d{{2,8}}){{1,3}}|\d{{10,14}}){_NA}"
)
_CARD_CONTEXT_RE: Final = re.compile(r"카드|card|신용|체크|credit|debit|visa|master|amex", re.I)
_ACCOUNT_CONTEXT_RE: Final = re.compile(
    r"계좌|통장|은행|입금|이체|송금|예금주|account|acct|bank|"
    r"국민|신한|우리|하나|농협|기업|카카오뱅크|카뱅|토스|케이뱅크|새마을|신협|수협|우체국|SC제일|씨티|"
    r"(?-i:IBK|KB|NH)",
    re.I,
)
_CARD_CONTEXT_BEFORE: Final = 15
_ACCOUNT_CONTEXT_BEFORE: Final = 20
_ACCOUNT_CONTEXT_AFTER: Final = 10

_DIGIT_RE: Final = re.compile(r"\d")
_NON_ASCII_DIGIT_RE: Final = re.compile(r"(?![0-9])\d")
_GROUP_RE: Final = re.compile(r"\d+")
_ANY_SEP_RE: Final = re.compile(rf"{_HY}")

# Hangul digit syllables as speech-to-text writes numbers out (공일공 일이삼사 오육칠팔).
_SPOKEN_DIGITS: Final = "공영빵일이삼사오육륙칠팔구"
_SPOKEN_RE: Final = re.compile(rf"[{_SPOKEN_DIGITS}](?:[ -]?[{_SPOKEN_DIGITS}]){{9,23}}")
_SPOKEN_SYLLABLE_RE: Final = re.compile(rf"[{_SPOKEN_DIGITS}]")

# ---------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------

_EMAIL_RE: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])(?P<local>[A-Za-z0-9._%+\-]{1,64})@"
    r"(?P<domain>(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
# Second-level labels kept together with a two-letter country code (co.kr, go.kr, ac.uk...).
_SECOND_LEVEL: Final = frozenset(
    {"co", "or", "go", "ac", "ne", "re", "pe", "com", "net", "org", "edu", "gov", "mil", "kg", "hs"}
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SURNAMES: Final = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구민진나지엄채원천"
    "방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두"
    "감음빈동온호범좌팽승간상갈단견당시화창옹순빙종풍궁후"
)


_COMPOUND_SURNAMES: Final = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"})

# Titles, roles and kinship words that stand where names stand (…님, …씨). A candidate that is
# one of these, or ends with one (김과장, 설치기사), is not a name; words that are also given
# names (하나, 성도) are in _COMMON_WORDS instead, which only rejects an exact match.
_TITLES: Final = _words(
    """
    기사 사장 부장 차장 과장 팀장 실장 원장 반장 소장 국장 회장 점장 기장 조장 계장 방장 센터장 지점장
    본부장 사무장 부원장 부사장 대리 주임 이사 상무 전무 선생 교수 고객 회원 상담원 상담사 상담직원
    담당 담당자 매니저 직원 사원 연구원 위원 의원 위원장 기자 목사 신부 수녀 스님 박사 석사 간호사
    의사 약사 변호사 세무사 노무사 법무사 중개사 형사 경찰 경찰관 소방관 공무원 주무관 관리자 책임자
    운영자 판매자 사용자 이용자 가입자 명의자 신청자 신청인 구매자 시청자 구독자 민원인 예금주 보호자
    대리인 임대인 임차인 소비자 여사 선배 후배 어머 어머니 아버지 할머니 할아버지 시어머 시어머니 사모
    장모 대표 작가 감독 코치 시장 지사 도지사 구청장 은행 카드 센터 업체 회사 기관 대리점 판매점 지점
    고객센터 엔지니어 설치기사 배송기사 수리기사 방문기사 택배기사 권사 장로 전도사 도사 천사
    공주 왕자 임금 하느 부처 도련 서방 국회의원 상담 기사분 고객분 부모 조교 간사 감독관
    배달원 경비원 미화원 안내원 승무원 은행원 회사원 관리원 검침원 도우미 고수 이웃 사용인 주선자
    """
)
# Ordinary words starting with a surname syllable that can stand before 님/씨/고객님 or after
# 성함이/이름은: exact matches only (a name may end like some of them).
_COMMON_WORDS: Final = _words(
    """
    형수 제수 동기 삼촌 주인 고모 이모 장인 사촌 동생 오빠 여보 당신 마음 부인 남편 가족 부모 손자
    손녀 조카 형님 동료 상사 차주 유저 남자 여자 연세 노인 어르신 엄마 아가 아기 모두 모든 여러분
    오늘 지금 이번 이거 이것 이제 이미 이게 정말 진짜 진심 우선 우리 사실 현재 원래 최근 최초 방금
    어제 여기 지난 지난번 전에 전부 전혀 조금 상당 하지만 단지 제가 제일 가장 가끔 나중 동안 동시
    방문 전화 문의 상담 신청 가입 이용 사용 변경 안내 연락 소중 주문 구매 구입 배송 반품 어떻게
    어떤 어디 어느 어차피 어쨌든 어쩌면 여러 여전히 이런 이렇게 이래서 이러면 이상 이하 이후 이전
    이쪽 정도 정확 정확히 제대로 제발 진행 지원 하루 하도 한번 한참 한편 함께 모르 방법 부디 부탁
    부분 사람 사정 상황 서비스 성함 신규 기존 우수 주요 장기 우량 인터넷 유선 온라인 오프라인 국내
    국민 신한 기업 고령 장애인 여성 남성 동일 전체 기타 공식 정식 정상 정보 문제 문자 공지 공유
    공유기 모뎀 모바일 기계 기기 신호 속도 설치 설명 도움 도착 안녕 감사 고생 죄송 실례 방송 안심
    명의 명세서 주소 전원 연결 유심 위약금 서류 소리 진상 양반 손님 지점 지역 지방 시간 시작 시스템
    시도 시청 경우 경험 기간 기준 기본 기분 기대 기억 구독 제품 도대체 도저히 공짜 우대 나이 나머지
    남은 방식 사이트 선물 성격 소문 송금 승인 신용 신분증 신고 신경 심지어 양해 엄청 여름 연체 예약
    예정 오류 오후 오전 온갖 왕복 용량 우편 원인 위치 유지 유료 은행 이메일 이틀 인증 인하 임시 장애
    장비 전송 전산 정지 조치 조회 주말 지연 차단 차라리 창구 채널 천천히 추가 추천 태블릿 편의 표시
    피해 하자 한도 한달 함부로 현금 형편 호출 화면 황당 후기 후회 이놈 이년 이새끼 염병 미친 고객
    기사 사장 선생 하나 성도 선녀 부처 공주 동네 본인 명단 이름 상대 상대방 사장님 반말 욕설 무시 진짜로
    정말로 여기서 거기서 저기서 이미지 이거나
    당장 연락처 고지서 단말기 이벤트 목소리 이야기 사은품 배터리 기지국 유튜브 인스타 사용법 오배송
    금감원 방통위 공정위 소보원 사기꾼 양아치 성희롱 공론화 고수익 주셔서 전화번호 주민번호 휴대폰
    유선상 고객정보 요금제 약정 위약 상품권 기프티콘 포인트 마일리지 멤버십 가입비 설치비 할부금
    """
)
# Final syllables of particles, verb endings and participles: a word ending with one of these is
# a phrase (제가, 이번에, 소중한, 방문하신), not a name.
_NON_NAME_FINALS: Final = frozenset(
    "는을를에엔가로께게까데며든와과죠네랑겠었았했였됐셨해돼되던면고요의도만한신된할될히려님씨분들"
)
# Particles that may follow an ordinary word (오늘은, 기억이): "common word + particle" is not a
# name. 서, 나, 지 are left out: they end too many given names (이하나, 정지서, 유지나).
_SOFT_PARTICLES: Final = frozenset("은는이가을를도만에요로께")

_HANGUL: Final = "가-힣"
# NAME (optional space) SUFFIX; the suffix sits in a look-ahead so nothing after the name is
# consumed. 씨 followed by 발/바/팔... is swearing, not an honorific.
_NAME_BEFORE_SUFFIX_RE: Final = re.compile(
    rf"(?<![{_HANGUL}])(?P<name>[{_HANGUL}]{{2,4}})"
    rf"(?=(?P<sp> ?)(?:고객님|회원님|고객(?:[이은는을를의께과와도만으한]|[^{_HANGUL}]|$)|님"
    rf"|씨(?![발바빨팔부불방댕뱅앗름]))"
    r"|(?P<title> (?:기사|과장|팀장|대리|매니저|실장|부장|차장|주임|상담원|상담사|선생|원장|사원|주무관"
    r"|센터장|점장|지점장)님))"
)
_LABEL_RE: Final = re.compile(
    r"(?P<label>고객 ?성함|고객 ?이름|고객명|성함|성명|이름|예금주|명의자|가입자명|계약자명?|수취인|수령인"
    r"|받는 ?분|보내는 ?분|신청인|신청자명)"
    rf"(?:(?P<colon> *[:：=\]\)] *)|(?:은|는|이|가|이요)? +)(?=(?P<word>[{_HANGUL}]{{2,8}}))"
)
_INTRO_RE: Final = re.compile(
    rf"(?P<label>상담원|상담사|상담직원|매니저|기사|담당자|엔지니어|저는|[{_HANGUL}]{{1,8}}팀|[{_HANGUL}]{{0,8}}센터)"
    rf" ?(?=(?P<word>[{_HANGUL}]{{2,8}}))"
)
# Customer numbers and account ids written into a text: a labelled number (고객번호 12345678) or an
# id of letters and five or more digits (cust-374104, member_99812). Digits masked, shape kept.
_CUSTOMER_ID_RE: Final = re.compile(
    r"(?:고객번호|회원번호|가입번호|고객 ?ID|고객 ?아이디|회원 ?ID)[ :：#]*(?P<id>\d{5,})"
    r"|(?<![A-Za-z0-9])(?:cust|cus|customer|member|mem|user|uid|acct)[-_#]?\d{5,}(?![0-9])",
    re.IGNORECASE,
)
# What may follow a name after a label (…입니다, …이고요, …님, …은).
_COPULA_TAILS: Final = (
    "입니다", "이에요", "이예요", "예요", "에요", "이고", "이구", "고요", "구요", "인데", "이라",
    "라고", "이었", "였", "이세요", "이십", "이요",
)  # fmt: skip
_LABEL_TAILS: Final = (
    *_COPULA_TAILS, "님", "씨", "고객", "회원", "이랑", "이며", "에게", "으로", "은", "는", "이",
    "가", "을", "를", "의", "께", "로", "과", "와", "도", "만", "랑",
)  # fmt: skip
_EN_NAME_RE: Final = re.compile(
    # "Name: John Smith", not "Product name: Galaxy" or "Username: Admin".
    r"(?i:(?<!product )(?<!model )(?<!device )(?<!plan )(?<!file )(?<!company )(?<!brand )"
    r"\b(?:customer name|full name|account holder|card ?holder|name)) ?[:：] ?"
    r"(?P<name>[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20}){0,2})\b"
)
_HANGUL_RE: Final = re.compile(f"[{_HANGUL}]")


def _is_name(word: str, *, spaced: bool = False) -> bool:
    """Whether ``word`` (Hangul only) looks like a Korean full or given name, not a word or title."""
    n = len(word)
    if word[:2] in _COMPOUND_SURNAMES:
        if not 3 <= n <= 4:
            return False
    elif word[0] not in _SURNAMES or not 2 <= n <= 3:
        return False
    if n == 2 and spaced:
        return False
    if word in _COMMON_WORDS or word in _TITLES:
        return False
    if any(word[i:] in _TITLES for i in range(1, n - 1)):  # 김과장, 설치기사, 시어머
        return False
    if word[-1] in _NON_NAME_FINALS:
        return False
    if n >= 3 and word[-1] in "은이" and _batchim(word[-2]) not in (0, _BATCHIM_NG):
        # 민원은, 상품이: 은/이 after a closing consonant is a particle; 정은, 영은 are names.
        return False
    return not (word[:-1] in _COMMON_WORDS and word[-1] in _SOFT_PARTICLES)


_BATCHIM_NG: Final = 21  # ㅇ as a final consonant


def _batchim(syllable: str) -> int:
    """Index of the final consonant of a Hangul syllable (0: none)."""
    return (ord(syllable) - 0xAC00) % 28 if "가" <= syllable <= "힣" else 0


def _name_in(word: str, tails: tuple[str, ...], *, bare_min: int) -> str | None:
    """The name at the start of ``word`` when a tail from ``tails`` (or nothing) follows it.

    ``bare_min`` is the shortest name accepted with nothing after it (99: a tail is required).
    Three syllables, the usual Korean name, are tried first.
    """
    for k in (3, 4, 2):
        if k > len(word):
            continue
        name, rest = word[:k], word[k:]
        if not _is_name(name):
            continue
        if rest == "":
            if k >= bare_min:
                return name
        elif rest.startswith(tails):
            return name
    return None


def _mask_name(name: str) -> str:
    return name[0] + "○○"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _ascii_digit(m: re.Match[str]) -> str:
    return str(unicodedata.decimal(m.group(), 0))


def _star_digits(text: str) -> str:
    return _DIGIT_RE.sub("*", text)


def _luhn_ok(digits: str) -> bool:
    values = [unicodedata.decimal(ch, -1) for ch in reversed(digits)]
    if not values or min(values) < 0:
        return False
    return (sum(values[0::2]) + sum(_LUHN_DOUBLED[v] for v in values[1::2])) % 10 == 0


_LUHN_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _scan(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], _Hit | None]
) -> Iterator[_Hit]:
    """Every accepted match of ``pattern``; after a rejected match the search resumes one character on.

    Resuming just after a rejected match's start (instead of its end) lets a shorter candidate
    inside it be tried; the look-behinds keep that linear.
    """
    pos, n = 0, len(text)
    while pos <= n:
        m = pattern.search(text, pos)
        if m is None:
            return
        hit = accept(m)
        if hit is not None:
            yield hit
            pos = m.end() if m.end() > m.start() else m.start() + 1
        else:
            pos = m.start() + 1


def _context(text: str, start: int, end: int, before: int, after: int, pattern: re.Pattern[str]) -> bool:
    return pattern.search(text, max(0, start - before), start) is not None or (
        after > 0 and pattern.search(text, end, min(len(text), end + after)) is not None
    )


_RANK: Final[dict[PiiKind | None, int]] = {
    None: 0,  # company numbers win over an account reading of the same digits
    "rrn": 1,
    "card": 2,
    "mobile": 3,
    "landline": 4,
    "account": 5,
    "email": 6,
    "name": 7,
    "spoken_number": 8,
    "customer_id": 9,
}


class PiiMasker:
    """Finds and masks personal data in Korean and English VOC text.

    Stateless after construction and safe to share between threads. ``kinds`` limits what is
    masked (default: every kind in :data:`PII_KINDS`).
    """

    def __init__(self, kinds: Iterable[PiiKind] | None = None) -> None:
        chosen = frozenset(PII_KINDS if kinds is None else kinds)
        unknown = chosen - frozenset(PII_KINDS)
        if unknown:
            raise ValueError(f"unknown PII kinds: {sorted(unknown)}; known: {list(PII_KINDS)}")
        self._kinds: frozenset[PiiKind] = chosen

    @property
    def kinds(self) -> frozenset[PiiKind]:
        """The kinds this masker masks."""
        return self._kinds

    def find(self, text: str) -> list[PiiSpan]:
        """The personal data in ``text``, as non-overlapping spans in text order."""
        return [PiiSpan(h.start, h.end, h.kind) for h in self._hits(text) if h.kind is not None]

    def mask(self, text: str) -> str:
        """``text`` with every span :meth:`find` reports replaced by its shape-keeping mask."""
        hits = [h for h in self._hits(text) if h.kind is not None]
        if not hits:
            return text
        parts: list[str] = []
        pos = 0
        for h in hits:
            parts.append(text[pos : h.start])
            original = text[h.start : h.end]
            if len(h.replacement) == len(original) and not original.isascii():
                # Characters the mask keeps (a ０１０ prefix, separators) stay as they were written.
                folded = _NON_ASCII_DIGIT_RE.sub(_ascii_digit, original.translate(FULL_WIDTH_TO_ASCII))
                kept = [
                    o if r.isdigit() or r == f else r
                    for o, f, r in zip(original, folded, h.replacement, strict=True)
                ]
                parts.append("".join(kept))
            else:
                parts.append(h.replacement)
            pos = h.end
        parts.append(text[pos:])
        return "".join(parts)

    # -- candidates ---------------------------------------------------------------------------

    def _hits(self, text: str) -> list[_Hit]:
        if not text:
            return []
        # Full-width forms and other non-ASCII digits (０１０－１２３４, ＠) are read as ASCII
        # ones; the mapping is one character for one, so offsets stay those of ``text``.
        if not text.isascii():
            text = _NON_ASCII_DIGIT_RE.sub(_ascii_digit, text.translate(FULL_WIDTH_TO_ASCII))
        candidates: list[_Hit] = []
        kinds = self._kinds
        if _DIGIT_RE.search(text) is not None:
            candidates.extend(_scan(_COMPANY_RE, text, self._company))
            if "rrn" in kinds:
                candidates.extend(_scan(_RRN_RE, text, self._rrn))
            if "card" in kinds:
                candidates.extend(_scan(_CARD_RE, text, self._card))
            if "mobile" in kinds:
                candidates.extend(_scan(_MOBILE_RE, text, self._mobile))
            if "landline" in kinds:
                candidates.extend(_scan(_LANDLINE_RE, text, self._landline))
            if "account" in kinds:
                candidates.extend(_scan(_ACCOUNT_RE, text, self._account))
        if "email" in kinds and "@" in text:
            candidates.extend(_scan(_EMAIL_RE, text, self._email))
        if "name" in kinds:
            if _HANGUL_RE.search(text) is not None:
                candidates.extend(_scan(_NAME_BEFORE_SUFFIX_RE, text, self._name_before_suffix))
                candidates.extend(_scan(_LABEL_RE, text, self._labelled_name))
                candidates.extend(_scan(_INTRO_RE, text, self._introduced_name))
            if ":" in text or "：" in text:
                candidates.extend(_scan(_EN_NAME_RE, text, self._english_name))
        if "spoken_number" in kinds:
            candidates.extend(_scan(_SPOKEN_RE, text, self._spoken))
        if "customer_id" in kinds and _DIGIT_RE.search(text) is not None:
            candidates.extend(_scan(_CUSTOMER_ID_RE, text, self._customer_id))
        if not candidates:
            return []
        # Left-most, then longest, then by rank; overlapping later candidates are dropped.
        candidates.sort(key=lambda h: (h.start, h.start - h.end, h.rank))
        chosen: list[_Hit] = []
        end = 0
        for h in candidates:
            if h.start >= end:
                chosen.append(h)
                end = h.end
        return chosen

    @staticmethod
    def _company(m: re.Match[str]) -> _Hit:
        return _Hit(m.start(), m.end(), None, m.group(), _RANK[None])

    @staticmethod
    def _rrn(m: re.Match[str]) -> _Hit:
        masked = re.sub(r"[\dxX●○]", "*", m.group())
        return _Hit(m.start(), m.end(), "rrn", masked, _RANK["rrn"])

    @staticmethod
    def _card(m: re.Match[str]) -> _Hit | None:
        digits = "".join(_DIGIT_RE.findall(m.group()))
        # A 15-digit card is an Amex (34/37); other 15-digit numbers need the context.
        amex_or_16 = len(digits) == 16 or digits.startswith(("34", "37"))
        ok = amex_or_16 and _luhn_ok(digits)
        if not ok and not _context(m.string, m.start(), m.end(), _CARD_CONTEXT_BEFORE, 0, _CARD_CONTEXT_RE):
            return None
        return _Hit(m.start(), m.end(), "card", _star_digits(m.group()), _RANK["card"])

    @staticmethod
    def _phone(m: re.Match[str], kind: PiiKind) -> _Hit:
        return _Hit(m.start(), m.end(), kind, m.group("pre") + _star_digits(m.group("rest")), _RANK[kind])

    def _mobile(self, m: re.Match[str]) -> _Hit:
        return self._phone(m, "mobile")

    def _landline(self, m: re.Match[str]) -> _Hit:
        return self._phone(m, "landline")

    @staticmethod
    def _account(m: re.Match[str]) -> _Hit | None:
        value = m.group()
        groups = _GROUP_RE.findall(value)
        n_digits = sum(len(g) for g in groups)
        if not 10 <= n_digits <= 14:
            return None
        looks_like_date = (
            len(groups[0]) == 4 and groups[0][:2] in ("19", "20") and len(groups) > 1
            and len(groups[1]) == 2 and "01" <= groups[1] <= "12"
        )  # fmt: skip
        # The regex keeps hyphen groups and space groups apart, so a hyphen means hyphen groups.
        structural = len(groups) >= 3 and _ANY_SEP_RE.search(value) is not None and not looks_like_date
        if not structural and not _context(
            m.string, m.start(), m.end(), _ACCOUNT_CONTEXT_BEFORE, _ACCOUNT_CONTEXT_AFTER, _ACCOUNT_CONTEXT_RE
        ):
            return None
        return _Hit(m.start(), m.end(), "account", _star_digits(value), _RANK["account"])

    @staticmethod
    def _email(m: re.Match[str]) -> _Hit:
        labels = m.group("domain").split(".")
        keep = 2 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2].lower() in _SECOND_LEVEL else 1
        masked_domain = ".".join(["*" * len(label) for label in labels[:-keep]] + labels[-keep:])
        masked = "*" * len(m.group("local")) + "@" + masked_domain
        return _Hit(m.start(), m.end(), "email", masked, _RANK["email"])

    @staticmethod
    def _name_hit(start: int, name: str) -> _Hit:
        return _Hit(start, start + len(name), "name", _mask_name(name), _RANK["name"])

    def _name_before_suffix(self, m: re.Match[str]) -> _Hit | None:
        name = m.group("name")
        # "이현우 과장님" (name, space, title): the spaced rule applies.
        if not _is_name(name, spaced=m.group("sp") == " " or m.group("title") is not None):
            return None
        return self._name_hit(m.start("name"), name)

    def _labelled_name(self, m: re.Match[str]) -> _Hit | None:
        word = m.group("word")
        if m.group("colon") is not None:
            name = _name_in(word, _LABEL_TAILS, bare_min=2)
        else:
            # spoken "성함이 홍길동이에요": a two-syllable name needs a copula after it.
            name = _name_in(word, _LABEL_TAILS, bare_min=3)
            if name is not None and len(name) == 2 and not word[2:].startswith(_COPULA_TAILS):
                name = None
        return None if name is None else self._name_hit(m.start("word"), name)

    def _introduced_name(self, m: re.Match[str]) -> _Hit | None:
        word = m.group("word")
        name = _name_in(word, _COPULA_TAILS, bare_min=99)
        if name is None or (m.group("label") == "저는" and len(name) < 3):
            return None
        return self._name_hit(m.start("word"), name)

    @staticmethod
    def _customer_id(m: re.Match[str]) -> _Hit:
        start = m.start("id") if m.group("id") else m.start()
        masked = _star_digits(m.group()[start - m.start() :])
        return _Hit(start, m.end(), "customer_id", masked, _RANK["customer_id"])

    @staticmethod
    def _english_name(m: re.Match[str]) -> _Hit:
        masked = " ".join(w[0] + "*" * (len(w) - 1) for w in m.group("name").split(" "))
        return _Hit(m.start("name"), m.end("name"), "name", masked, _RANK["name"])

    @staticmethod
    def _spoken(m: re.Match[str]) -> _Hit:
        masked = _SPOKEN_SYLLABLE_RE.sub("*", m.group())
        return _Hit(m.start(), m.end(), "spoken_number", masked, _RANK["spoken_number"])


_DEFAULT: Final = PiiMasker()


def mask_pii(text: str) -> str:
    """Mask every kind of personal data in ``text`` with the default :class:`PiiMasker`."""
    return _DEFAULT.mask(text)
