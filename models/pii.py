"""Personal-data (PII) detection and masking for VOC text; this module owns what counts as PII.

Every text that is stored, alerted on or displayed goes through :func:`mask_pii` (or a
:class:`PiiMasker`) first. The masked text keeps its shape so a reader still understands it:
digits become ``*`` and separators stay, e.g. ``010-1234-5678`` → ``010-****-****``.
Full-width and other Unicode digits (０１０－１２３４－５６７８) are recognised like ASCII ones.
Names are matched on NFC text, as :func:`vocradar.models.events.clean_text` produces it.

What is masked (``PiiSpan.kind``):

- ``rrn``: 주민등록번호 / 외국인등록번호, 6 digits + optional hyphen, dot, slash or space + 7
  digits whose first digit is 1-8, checksum valid or not (also the half-masked
  ``900101-1******``); read digit by digit (``9 0 0 1 0 1 - 1 2 3 4 5 6 7``); the back half
  named as such (``뒷자리 1234567``). Every digit is masked: ``******-*******``.
- ``mobile``: 01[016789] numbers in every common writing (``010-1234-5678``, ``01012345678``,
  ``010 1234 5678``, ``010.1234.5678``, ``010/1234/5678``, ``010에 1234에 5678`` as
  speech-to-text writes a number read out, ``(010)1234-5678``, ``+82 10-1234-5678``,
  ``+821012345678``, ``0 1 0 1 2 3 4 ...``). The prefix (``010``, ``+82 10``) stays, the
  subscriber digits go. A number read out in pieces is followed: after a standalone ``010``
  the next standalone groups of 3-4 and 4 digits, each within 40 characters of the one before
  (``010-1234 네 010-1234요? 5678이요`` → ``010-**** 네 010-****요? ****이요``), unless a unit
  makes the group a quantity (2019년, 3,000원, 5GB). ``010-1234`` alone loses its four digits;
  so do four digits named as the last ones (``뒷자리 5678``).
- ``landline``: area codes 02, 031-064, 070 (internet phones) and 0502-0508 (안심번호, which
  forward to a person), with the separators of mobile numbers. The area code stays:
  ``02-***-****``.
- ``card``: 16 digits (Amex: 15) contiguous or in groups; masked when Luhn-valid, or, Luhn-valid
  or not, when 카드/card/신용/체크 (credit, debit, visa, master, amex) appears within 15
  characters before. All digits are masked, separators stay.
- ``account``: bank accounts. Hyphenated groups of the Korean bank layouts (3 or 4 groups,
  10-14 digits: ``110-123-456789``, ``1002-123-456789``, ``123-456789-01-001``) always; contiguous
  10-14 digits, space-separated groups or two hyphen groups only when 계좌/통장/은행/입금/이체/
  account/bank or a bank name (국민, 신한, 우리, 하나, 농협, 기업, 카카오뱅크, 토스...) is near.
- ``email``: local part and domain labels become ``*``; ``@``, dots and the public suffix stay:
  ``hong@naver.com`` → ``****@*****.com``, ``a@b.co.kr`` → ``*@*.co.kr``; a Hangul local part
  too (``홍길동@naver.com`` → ``***@*****.com``). Addresses read out with 골뱅이/앳 (or `` at ``
  with `` dot ``) and a 닷컴/닷넷/.com-style suffix or a mail provider (네이버, gmail...):
  ``에이비씨 골뱅이 네이버 닷컴`` → ``**** 골뱅이 *** 닷컴``; a local part spelled in several
  words (``에이 비 씨``) goes whole.
- ``passport``: one or two letters + 8 digits (``M12345678``) or the newer ``M123A4567``, when
  여권/패스포트/passport is within 25 characters before or 10 after. The leading letters stay:
  ``M********``.
- ``address``: the numbers of a street address, names of places stay. Building and unit
  (``101동 1002호`` → ``***동 ****호``, ``101-1002호``, ``OO아파트 504호``), lot numbers
  (``123-45번지``) always; a road number (``테헤란로 123``, ``강남대로 123길 45``) or a lot
  number after a 동 name (``정자동 178-1``) when an address is near: a region or 시/구/군/읍/면
  name, 주소/배송/거주지/자택/사는 곳/살아요 within 30 characters before or 15 after, or a
  동/호/번지/아파트 right after. Road and building numbers never start with 0.
- ``name``: Korean names of 2-3 syllables (4 with a two-syllable surname such as 남궁) that start
  with a common surname and stand where Korean text puts names: before 고객님/고객/회원님/님/씨
  (``홍길동 고객님``) or a spaced job title + 님 (``이현우 과장님``, ``박준호 기사님``); after
  고객명:/성함:/이름:/성명:/예금주; after 상담원/상담사/기사/담당자/매니저 when a copula follows
  (``상담원 이영희입니다``); after 담당자 (``담당자: 박지훈``, ``담당자 박지훈``, as after
  성함); before a spaced 상담원/상담사/상담직원/매니저/담당자 when a copula or 님 follows the
  role (``김민수 상담원입니다``) or the name opens the text, a line or a sentence
  (``김민수 상담원 연결해 주세요``); after 저는 (3 syllables, copula). Masked as first
  syllable + ``○○``: ``홍○○ 고객님``. Titles and ordinary words (고객님, 기사님, 사장님,
  선생님, 방문하신 고객님, 소중한 고객님, 진짜 씨발...) are left alone. English names only
  after a ``Name:``-style label (``J*** S****``).
- ``spoken_number``: numbers read out in Hangul digits by speech-to-text (``공일공 일이삼사
  오육칠팔``, ``공일공에 일이삼사에 오육칠팔``, ``구공공일공일 일이삼사오육칠``), ten or more
  digit syllables in a row, one space, hyphen or 에 between; each syllable becomes ``*``. A 이
  right after eleven or thirteen of them is read as the copula (``오육칠팔이요``); other
  lengths keep it in the number. Ten or more single digits written one at a time that are not a
  resident or mobile number (``1 2 3 4 5 6 7 8 9 0``) are masked under this kind too.

What is deliberately kept: company numbers (대표번호 15xx/16xx/18xx-xxxx and 080 toll-free
numbers reach a business, not a person), dates (also ``2026/11/23``), times, money (45,000원,
12만원), counts (3건, 5회, 문자로 3번), percentages, plan and model names (5G 요금제, 갤럭시
S24), product codes (``M12345678`` without 여권), order and parcel numbers without bank or card
context, subway lines (2호선), a building number without its unit (101동 주민), a surname alone
(김 고객님) and surname + title (김 과장님), phrases before a role (통신사 상담원, 지난주
상담사분이), and region, district, road and apartment names.

Known limits, chosen for precision: a name is only found in the contexts above (a bare 홍길동
in running text stays); names ending like a particle or participle (…가, …도, …한, and …은/…이
after a closing consonant other than ㅇ: 민원은, 상품이) are read as phrases; a two-syllable name
before a spaced role or title (김솔 상담원) stays; a phone number without its 0xx prefix
(1234-5678) is not recognised unless a standalone 010 comes before it; a number read out half
in Hangul and half in digits (공일공 1234 5678) keeps its digit groups unless they follow a
010; a road number with no address word near it (테헤란로 123 alone) stays; a spoken e-mail
needs 골뱅이/앳 and a domain suffix or a known provider.

:meth:`PiiMasker.mask_pieces` masks texts cut in pieces as one text (a conversation's turns,
:func:`vocradar.models.events.mask_turn_texts`), so what is read out over two turns is found.

Every pattern is made of bounded repetitions; a match's left edge is checked by a look-behind or
by a fixed-width look at the characters before it, and the scans that follow a number read out
in pieces or look for a name before a role walk the text once, so matching is linear in the
text length; no input string makes :meth:`PiiMasker.mask` raise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

from vocradar.models.types import FULL_WIDTH_TO_ASCII

__all__ = ["PII_KINDS", "PiiKind", "PiiMasker", "PiiSpan", "mask_pii"]

PiiKind = Literal[
    "rrn",
    "card",
    "mobile",
    "landline",
    "account",
    "email",
    "name",
    "spoken_number",
    "customer_id",
    "passport",
    "address",
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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

# Phone and resident numbers are also written with slashes (010/1234/5678), and speech-to-text
# puts 에 ("and") between the groups a customer reads out (010에 1234에 5678).
_SL: Final = "[-‐‑–—－ㅡ./]"
_PSEP: Final = rf"(?: ?{_SL} ?| ?에 ?| )?"
_NBP: Final = rf"(?<!\d)(?<!\d{_SL})"
_NAP: Final = rf"(?!\d)(?!{_SL}\d)"
_MOBILE_RE: Final = re.compile(
    rf"{_NBP}(?P<pre>\+ ?82{_SEP}(?:\(0\) ?)?0?1[016789]|\(0?1[016789]\)|01[016789])"
    rf"(?P<rest>{_PSEP}\d{{3,4}}{_PSEP}\d{{4}}){_NAP}"
)
_AREA: Final = "2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8]"
_LANDLINE_RE: Final = re.compile(
    rf"{_NBP}(?P<pre>\+ ?82{_SEP}(?:\(0\) ?)?0?(?:{_AREA})|\(0(?:{_AREA})\)|0(?:{_AREA}))"
    rf"(?P<rest>{_PSEP}\d{{3,4}}{_PSEP}\d{{4}}){_NAP}"
)
# Company numbers, kept: 대표번호 (1588-1234, 1661-0000, 1899-...) and 080 toll-free numbers.
_COMPANY_RE: Final = re.compile(rf"{_NB}(?:1[568]\d\d{_SEP}\d{{4}}|080{_SEP}\d{{3,4}}{_SEP}\d{{4}}){_NA}")
_RRN_RE: Final = re.compile(rf"{_NBP}\d{{6}}(?: ?{_SL} ?| )?[1-8](?:\d{{6}}|[*xX●○]{{6}}){_NAP}")
# A number read digit by digit and written one digit at a time: 9 0 0 1 0 1 - 1 2 3 4 5 6 7.
_DIGIT_BY_DIGIT_RE: Final = re.compile(rf"\d(?:(?: ?{_SL} ?| )\d(?!\d)){{9,24}}")
_DIGIT_OR_SEP_BEFORE_RE: Final = re.compile(rf"\d{_SL}?$")
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
_SPOKEN_RE: Final = re.compile(rf"[{_SPOKEN_DIGITS}](?:(?:[ -]|에 ?)?[{_SPOKEN_DIGITS}]){{9,23}}")
_SPOKEN_SYLLABLE_RE: Final = re.compile(rf"[{_SPOKEN_DIGITS}]")

# A mobile number read out in pieces (010-1234 ... 5678), e.g. over two speech-to-text turns or
# with the agent repeating part of it: after a standalone 01x group, the next standalone groups
# of 3-4 and then 4 digits, each at most _CHAIN_GAP characters after the one before.
_CHAIN_GAP: Final = 40
_CHAIN_PREFIX_RE: Final = re.compile(r"01[016789]")
# What makes a digit group a quantity, not part of a phone number: 2019년, 3,000원, 1234개, 5GB.
_UNIT_AFTER_RE: Final = re.compile(
    r" ?(?:[년원월일시분초개건회명차층호동세배위점%‰]|번(?!호)|살(?![아았고])|만|천|억|[A-Za-z])|[,.]\d"
)
_COMMA_BEFORE_RE: Final = re.compile(r"\d[,.]$")
# A group glued to more digits (or to masked ones) starts another number: not a continuation.
_GLUED_AFTER_RE: Final = re.compile(rf"{_SL}?[\d*]")
# The last digits of a number named as such: 뒷자리 5678, 주민번호 뒷자리 1234567.
_TAIL_DIGITS_RE: Final = re.compile(
    r"(?:뒷자리|끝자리|뒷번호|끝번호|뒤 ?(?:네|4) ?자리|뒤 ?(?:일곱|7) ?자리)(?:는|은|가|이|요|도)?"
    r" ?(?:[:：] ?)?(?P<d>\d{4}|\d{7})(?!\d)"
)

# ---------------------------------------------------------------------------------------------
# Passports and addresses
# ---------------------------------------------------------------------------------------------

# M12345678 (one or two letters and eight digits) or the newer M123A4567, next to 여권/passport.
_PASSPORT_RE: Final = re.compile(
    r"(?<![A-Za-z0-9])(?P<pre>[A-Za-z]{1,2})(?P<rest>\d{8}|\d{3}[A-Za-z]\d{4})(?![A-Za-z0-9])"
)
_PASSPORT_CONTEXT_RE: Final = re.compile(r"여권|패스포트|passport", re.I)
_PASSPORT_WORDS: Final = ("여권", "패스포트", "passport", "Passport", "PASSPORT")
_PASSPORT_CONTEXT_BEFORE: Final = 25
_PASSPORT_CONTEXT_AFTER: Final = 10
# Building and unit numbers: 101동 1002호, 101-1002호, 123-45번지, (아파트) 504호. Not 2호선.
_UNIT_ADDRESS_RE: Final = re.compile(
    r"\d{1,5} ?(?:동 ?\d{1,5} ?호|- ?\d{1,5} ?호|(?:- ?\d{1,5})? ?번지)(?![선기점])"
)
_BUILDING_WORDS: Final = ("아파트", "오피스텔", "빌라", "맨션", "주공", "빌딩", "타워")
_APARTMENT_UNIT_RE: Final = re.compile(
    r"(?:아파트|오피스텔|빌라|맨션|주공|빌딩|타워) ?(?P<unit>(?:\d{1,2}단지 ?)?\d{1,4} ?[동호])(?![선기점차])"
)
# A road address number: 테헤란로 123, 강남대로 123길 45, 역삼로12길 34; and a lot number after a
# 동 name (역삼동 123-45). Only with an address nearby (a 시/도/구/군 name, 주소, 배송지...).
_ROAD_HINT_RE: Final = re.compile(r"[로길동] ?\d")
_ROAD_RE: Final = re.compile(
    r"(?<![가-힣])(?P<road>[가-힣]{1,12}(?:로|길))(?P<num> ?[1-9]\d{0,3}(?:번)?길 ?[1-9]\d{0,3}(?:-\d{1,4})?"
    r"| ?[1-9]\d{0,3}(?:-\d{1,4})?)(?![\d-])"
    r"|(?<![가-힣])(?P<dong>[가-힣]{1,5}동) (?P<lot>[1-9]\d{0,4}-\d{1,5})(?![\d-])"
)
_ADDRESS_CONTEXT_RE: Final = re.compile(
    r"주소|배송|거주지|자택|사는 ?곳|살아요|사는데|address"
    r"|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|충청|전북|전남|전라|경북|경남|경상|제주"
    r"|(?<![가-힣])(?!다시|혹시|역시|즉시|당시|동시|무시|표시|친구|요구|입구|출구|연구|가구|도구|창구|기구)"
    r"[가-힣]{1,3}(?:시|구|군|읍|면) ",
    re.I,
)
_ADDRESS_CONTEXT_BEFORE: Final = 30
_ADDRESS_CONTEXT_AFTER: Final = 15
_ADDRESS_CONTEXT_AFTER_RE: Final = re.compile(r"\d ?[동호층]|번지|아파트|빌라|오피스텔|빌딩")
# Words ending in 로/길/동 that are not road or 동 names (문자로 3, 이동 1-2).
_NOT_A_PLACE: Final = _words(
    "이동 자동 활동 행동 운동 작동 변동 연동 가동 출동 공동 구동 수동 발동 충동 감동 노동 아동 진동"
)

# ---------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------

# The local part may be Hangul (홍길동@naver.com), and so may domain labels (한국.com).
_EMAIL_RE: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-가-힣])(?P<local>[A-Za-z0-9._%+\-가-힣]{1,64})@"
    r"(?P<domain>(?:[A-Za-z0-9\-가-힣]{1,63}\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
# An address read out: "에이비씨 골뱅이 네이버 닷컴", "hong 골뱅이 gmail.com", "abc at gmail dot com".
_SPOKEN_TLD: Final = "컴|넷|오알지|씨오|케이알|com|net|org|co|kr|io"
_SPOKEN_AT_RE: Final = re.compile(
    r"(?<![A-Za-z0-9._\-가-힣])(?P<local>[A-Za-z0-9._\-가-힣]{1,40})(?P<at> ?(?:골뱅이|앳) ?| at )"
)
_SPOKEN_DOMAIN_RE: Final = re.compile(
    r"(?P<domain>[A-Za-z0-9\-]{1,30}|[가-힣]{1,10}?)"
    rf"(?P<suffix>(?: ?(?:닷|쩜|점|\.|dot) ?(?:{_SPOKEN_TLD})(?![A-Za-z])){{1,3}})"
)
_MAIL_PROVIDER_RE: Final = re.compile(
    r"(?:네이버|naver|다음|daum|한메일|hanmail|지메일|gmail|구글|google|네이트|nate|카카오|kakao|아웃룩|outlook"
    r"|핫메일|hotmail|야후|yahoo|아이클라우드|icloud)(?![A-Za-z0-9])",
    re.I,
)
# Letters and digits as they are read out, for a local part spelled in several words (에이 비 씨).
_SPELLED_RE: Final = re.compile(
    r"(?:에이치|에이|비|씨|디|이|에프|쥐|지|아이|제이|케이|엘|엠|엔|오|피|큐|알|에스|티|유|브이|더블유|엑스|와이|제트"
    r"|공|일|삼|사|육|칠|팔|구|언더바|점|닷){1,12}|[A-Za-z0-9]"
)
# Second-level labels kept together with a two-letter country code (co.kr, go.kr, ac.uk...).
_SECOND_LEVEL: Final = frozenset(
    {"co", "or", "go", "ac", "ne", "re", "pe", "com", "net", "org", "edu", "gov", "mil", "kg", "hs"}
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


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
    부재중 통화중 상담중 처리중 진행중 전담팀 전담 신입 경력직 정규직 계약직 본사 협력사
    지난주 이번주 다음주 저번주 지난달 이번달 다음달 저번달 사실상 오안내 담당팀 고객님 어머님
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
    r"|담당자|받는 ?분|보내는 ?분|신청인|신청자명)"
    rf"(?:(?P<colon> *[:：=\]\)] *)|(?:은|는|이|가|이요)? +)(?=(?P<word>[{_HANGUL}]{{2,8}}))"
)
# NAME + space + role, the way an agent or a note names someone: 김민수 상담원(입니다). The role
# takes a copula or 님, or the name opens the text, a line or a sentence (네, 저는, 담당: ...).
_ROLE_RE: Final = re.compile(r" (?:상담(?:원|사|직원)|매니저|담당자)")
_ROLE_COPULAS: Final = (
    "님", "입니다", "이에요", "이예요", "예요", "이고", "이구", "인데", "이었", "였", "이요", "이세요",
)  # fmt: skip
_OPENERS: Final = "\n.!?,:：])~-"
_OPENING_WORDS: Final = ("저는 ", "제가 ", "담당 ")
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


def _nth_digit_end(text: str, n: int) -> int:
    """The offset just after the ``n``-th digit of ``text`` (``len(text)`` when it has fewer)."""
    for i, m in enumerate(_DIGIT_RE.finditer(text), 1):
        if i == n:
            return m.end()
    return len(text)


def _replacement(original: str, replacement: str) -> str:
    """The mask of ``original``; characters the mask keeps (a ０１０ prefix, separators) stay as
    they were written (full-width, Arabic-Indic...)."""
    if len(replacement) != len(original) or original.isascii():
        return replacement
    folded = _NON_ASCII_DIGIT_RE.sub(_ascii_digit, original.translate(FULL_WIDTH_TO_ASCII))
    return "".join(
        o if r.isdigit() or r == f else r for o, f, r in zip(original, folded, replacement, strict=True)
    )


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
    "passport": 10,
    "address": 11,
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
            parts.append(_replacement(text[h.start : h.end], h.replacement))
            pos = h.end
        parts.append(text[pos:])
        return "".join(parts)

    def mask_pieces(self, pieces: Sequence[str]) -> list[str]:
        """Mask the concatenation of ``pieces`` as one text and cut the result where ``pieces`` meet.

        This is how a conversation is masked: a number read out over two turns is found in the
        joined text and masked in both. A mask that keeps the length (every mask but a name's) is
        cut character for character; a name that crosses a cut goes wholly into the piece where
        it starts. Returns one masked string per piece.
        """
        text = "".join(pieces)
        hits = [h for h in self._hits(text) if h.kind is not None]
        if not hits:
            return list(pieces)
        out: list[str] = []
        k, start = 0, 0
        for piece in pieces:
            end = start + len(piece)
            while k < len(hits) and hits[k].end <= start:
                k += 1
            parts: list[str] = []
            pos, j = start, k
            while j < len(hits) and hits[j].start < end:
                h = hits[j]
                lo, hi = max(h.start, start), min(h.end, end)
                parts.append(text[pos:lo])
                masked = _replacement(text[h.start : h.end], h.replacement)
                if len(masked) == h.end - h.start:
                    parts.append(masked[lo - h.start : hi - h.start])
                elif lo == h.start:
                    parts.append(masked)
                pos = hi
                j += 1
            parts.append(text[pos:end])
            out.append("".join(parts))
            start = end
        return out

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
            if "mobile" in kinds:
                if "01" in text:
                    candidates.extend(_phone_chains(text))
                if "자리" in text or "번호" in text:
                    candidates.extend(_scan(_TAIL_DIGITS_RE, text, self._tail_digits))
            if "rrn" in kinds or "mobile" in kinds:
                candidates.extend(_scan(_DIGIT_BY_DIGIT_RE, text, self._digit_by_digit))
            if "passport" in kinds and any(w in text for w in _PASSPORT_WORDS):
                candidates.extend(_scan(_PASSPORT_RE, text, self._passport))
            if "address" in kinds:
                if "호" in text or "번지" in text:
                    candidates.extend(_scan(_UNIT_ADDRESS_RE, text, self._unit_address))
                if any(w in text for w in _BUILDING_WORDS):
                    candidates.extend(_scan(_APARTMENT_UNIT_RE, text, self._apartment_unit))
                if _ROAD_HINT_RE.search(text) is not None:
                    candidates.extend(_scan(_ROAD_RE, text, self._road_address))
        if "email" in kinds:
            if "@" in text:
                candidates.extend(_scan(_EMAIL_RE, text, self._email))
            if "골뱅이" in text or "앳" in text or (" at " in text and " dot " in text):
                candidates.extend(_scan(_SPOKEN_AT_RE, text, self._spoken_email))
        if "name" in kinds:
            if _HANGUL_RE.search(text) is not None:
                candidates.extend(_scan(_NAME_BEFORE_SUFFIX_RE, text, self._name_before_suffix))
                candidates.extend(_scan(_LABEL_RE, text, self._labelled_name))
                candidates.extend(_scan(_INTRO_RE, text, self._introduced_name))
                candidates.extend(_names_before_role(text))
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
    def _tail_digits(m: re.Match[str]) -> _Hit:
        kind: PiiKind = "mobile" if len(m.group("d")) == 4 else "rrn"
        return _Hit(m.start("d"), m.end("d"), kind, "*" * len(m.group("d")), _RANK[kind])

    @staticmethod
    def _digit_by_digit(m: re.Match[str]) -> _Hit | None:
        if _DIGIT_OR_SEP_BEFORE_RE.search(m.string, max(0, m.start() - 2), m.start()) is not None:
            return None  # the tail of a longer number
        value = m.group()
        digits = "".join(_DIGIT_RE.findall(value))
        if len(digits) == 13 and "1" <= digits[6] <= "8":
            kind: PiiKind = "rrn"
        elif len(digits) in (10, 11) and _CHAIN_PREFIX_RE.match(digits):
            # the 01x prefix stays, as in every mobile number
            third = _nth_digit_end(value, 3)
            return _Hit(
                m.start(), m.end(), "mobile", value[:third] + _star_digits(value[third:]), _RANK["mobile"]
            )
        else:
            kind = "spoken_number"
        return _Hit(m.start(), m.end(), kind, _star_digits(value), _RANK[kind])

    @staticmethod
    def _passport(m: re.Match[str]) -> _Hit | None:
        if not _context(
            m.string,
            m.start(),
            m.end(),
            _PASSPORT_CONTEXT_BEFORE,
            _PASSPORT_CONTEXT_AFTER,
            _PASSPORT_CONTEXT_RE,
        ):
            return None
        masked = m.group("pre") + "*" * len(m.group("rest"))
        return _Hit(m.start(), m.end(), "passport", masked, _RANK["passport"])

    @staticmethod
    def _unit_address(m: re.Match[str]) -> _Hit | None:
        if _DIGIT_OR_SEP_BEFORE_RE.search(m.string, max(0, m.start() - 2), m.start()) is not None:
            return None
        return _Hit(m.start(), m.end(), "address", _star_digits(m.group()), _RANK["address"])

    @staticmethod
    def _apartment_unit(m: re.Match[str]) -> _Hit:
        unit = m.group("unit")
        return _Hit(m.start("unit"), m.end("unit"), "address", _star_digits(unit), _RANK["address"])

    @staticmethod
    def _road_address(m: re.Match[str]) -> _Hit | None:
        text = m.string
        place = m.group("road") or m.group("dong")
        if place in _NOT_A_PLACE or place.endswith("으로"):
            return None
        num = "num" if m.group("num") is not None else "lot"
        start, end = m.start(num), m.end(num)
        if _UNIT_AFTER_RE.match(text, end) is not None and _ADDRESS_CONTEXT_AFTER_RE.match(text, end) is None:
            return None  # 문자로 3번, 대로 2천원
        if not (
            _context(
                text, m.start(), end, _ADDRESS_CONTEXT_BEFORE, _ADDRESS_CONTEXT_AFTER, _ADDRESS_CONTEXT_RE
            )
            or _context(text, m.start(), end, 0, _ADDRESS_CONTEXT_AFTER, _ADDRESS_CONTEXT_AFTER_RE)
        ):
            return None
        while text[start] == " ":
            start += 1
        return _Hit(start, end, "address", _star_digits(text[start:end]), _RANK["address"])

    @staticmethod
    def _spoken_email(m: re.Match[str]) -> _Hit | None:
        text = m.string
        dm = _SPOKEN_DOMAIN_RE.match(text, m.end())
        if dm is None:
            if m.group("at") == " at ":
                return None
            dm = _MAIL_PROVIDER_RE.match(text, m.end())
            if dm is None:
                return None
            domain_end = end = dm.end()
        else:
            domain_end, end = dm.end("domain"), dm.end()
        # A local part spelled in several words (에이 비 씨 골뱅이): take the spelled words before it.
        start = m.start("local")
        for _ in range(8):
            before = text.rfind(" ", 0, start - 1)
            word = text[before + 1 : start - 1]
            if start < 2 or text[start - 1] != " " or not word or _SPELLED_RE.fullmatch(word) is None:
                break
            start = before + 1
        masked_local = "".join("*" if ch != " " else ch for ch in text[start : m.end("local")])
        masked = masked_local + m.group("at") + "*" * (domain_end - m.end()) + text[domain_end:end]
        return _Hit(start, end, "email", masked, _RANK["email"])

    @staticmethod
    def _spoken(m: re.Match[str]) -> _Hit:
        value = m.group()
        if (
            value.endswith("이")
            and _HANGUL_RE.match(m.string, m.end()) is not None
            and len(_SPOKEN_SYLLABLE_RE.findall(value)) - 1 in (11, 13)
        ):
            value = value[:-1]  # 오육칠팔이요: after a whole mobile or resident number, 이 is the copula
        masked = _SPOKEN_SYLLABLE_RE.sub("*", value)
        return _Hit(m.start(), m.start() + len(value), "spoken_number", masked, _RANK["spoken_number"])


def _phone_chains(text: str) -> Iterator[_Hit]:
    """The subscriber groups of mobile numbers read out in pieces (see ``_CHAIN_GAP``)."""
    groups = list(_GROUP_RE.finditer(text))
    i, n = 0, len(groups)
    while i < n:
        g = groups[i]
        i += 1
        if len(g.group()) != 3 or _CHAIN_PREFIX_RE.match(g.group()) is None or not _standalone(text, g):
            continue
        prev_end, chain = g.end(), []
        for lo in (3, 4):
            if i >= n:
                break
            h = groups[i]
            if not (
                lo <= len(h.group()) <= 4
                and h.start() - prev_end <= _CHAIN_GAP
                and "*" not in text[prev_end : h.start()]
                and _GLUED_AFTER_RE.match(text, h.end()) is None
                and _standalone(text, h)
            ):
                break
            chain.append(h)
            prev_end = h.end()
            i += 1
        for h in chain:
            yield _Hit(h.start(), h.end(), "mobile", "*" * len(h.group()), _RANK["mobile"])


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _names_before_role(text: str) -> Iterator[_Hit]:
    """Names before 상담원/상담사/매니저/담당자 (see ``_ROLE_RE``)."""
    if "상담" not in text and "매니저" not in text and "담당자" not in text:
        return
    for m in _ROLE_RE.finditer(text):
        space = m.start()
        if space < 2:
            continue
        start = space
        while start > 0 and space - start < 5 and _is_hangul(text[start - 1]):
            start -= 1
        name = text[start:space]
        if not 2 <= len(name) <= 4 or (start > 0 and _is_hangul(text[start - 1])):
            continue
        if not text.startswith(_ROLE_COPULAS, m.end()):
            if m.end() < len(text) and _is_hangul(text[m.end()]):
                continue  # 상담원이, 상담사분: a phrase unless the name opens a sentence (below)
            before = text[:start].rstrip(" ")
            opening = (
                before == ""
                or before[-1] in _OPENERS
                or text.endswith(_OPENING_WORDS, 0, start)
                or before == "네"
                or before.endswith("\n네")
            )
            if not opening:
                continue
        if _is_name(name, spaced=True):
            yield _Hit(start, space, "name", _mask_name(name), _RANK["name"])


def _standalone(text: str, g: re.Match[str]) -> bool:
    """Whether a digit group is a number of its own, not a quantity or part of one (3,000원, 2019년)."""
    before = text[max(0, g.start() - 2) : g.start()]
    return _COMMA_BEFORE_RE.search(before) is None and _UNIT_AFTER_RE.match(text, g.end()) is None


_DEFAULT: Final = PiiMasker()


def mask_pii(text: str) -> str:
    """Mask every kind of personal data in ``text`` with the default :class:`PiiMasker`."""
    return _DEFAULT.mask(text)
