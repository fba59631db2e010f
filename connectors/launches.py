"""The launch registry: past launches and the VOC linked to each, in the warehouse.

Owns the reads and writes of ``voc_launches`` (one row per launch), ``voc_launch_daily`` (VOC per
launch, day after launch and category) and ``voc_launch_voc`` (masked example VOC per launch with
its complaint theme); their DDL is in :mod:`vocradar.connectors.schema` with every other table.
A real launch is registered with :func:`link_product_voc`, which links the scored events of its
product (``voc_events.product``) to it.

It also owns the **synthetic** demo history (:func:`demo_history`): twenty invented launches
from 2024 to 2026 (smartphones, 5G plans, IPTV bundles, app redesigns, price changes, network
generations...), their rates and category mixes grounded in the real reference history, with
daily VOC drawn from a generative model and Korean example VOC, masked before storage. Every
synthetic launch is stored with ``synthetic = 1`` and its name starts with :data:`SYNTHETIC_MARK`,
so nobody mistakes it for real history; the page and the report say so too.

And it reads the **real reference history** (:func:`load_real_references`): Korean telecom
launches and new products with the complaints public bodies reported after them, every figure
with its source, from ``launches_real.yaml`` next to this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
import yaml

from vocradar.models.forecast import (
    HORIZON_DAYS,
    Launch,
    LaunchHistory,
    RealReference,
    VocExample,
    plan_from_mapping,
    real_references_from_mapping,
)
from vocradar.models.pii import mask_pii
from vocradar.models.types import CATEGORIES

if TYPE_CHECKING:
    import pandas as pd

    from vocradar.connectors.warehouse import Warehouse
    from vocradar.settings import Settings

__all__ = [
    "REAL_REFERENCES_PATH",
    "SYNTHETIC_MARK",
    "demo_history",
    "ensure_demo_history",
    "link_product_voc",
    "load_history",
    "load_real_references",
    "open_registry",
    "read_launch",
    "registry_launches",
    "registry_size",
    "store_history",
]

SYNTHETIC_MARK: Final = "[합성]"
REAL_REFERENCES_PATH: Final = Path(__file__).resolve().with_name("launches_real.yaml")
_IDX: Final = {c: i for i, c in enumerate(CATEGORIES)}


# --- reads and writes ---------------------------------------------------------------------------
def store_history(wh: Warehouse, history: LaunchHistory, version: int = 1) -> None:
    """Write launches, their daily VOC and their examples (idempotent: same keys replace)."""
    wh.insert(
        "voc_launches",
        [
            {
                "launch_id": launch.launch_id,
                "name": launch.name,
                "description": launch.description,
                "category": launch.category,
                "launch_date": launch.launch_date.isoformat(),
                "subscriber_base": launch.subscriber_base,
                "channels": list(launch.channels),
                "synthetic": int(launch.synthetic),
                "version": version,
            }
            for launch in history.launches
        ],
    )
    daily = []
    for launch, counts in zip(history.launches, history.counts, strict=True):
        for c, cat in enumerate(CATEGORIES):
            for d in range(HORIZON_DAYS):
                if counts[c, d] > 0:
                    daily.append(
                        {
                            "launch_id": launch.launch_id,
                            "day": d,
                            "category": cat,
                            "events": int(counts[c, d]),
                            "version": version,
                        }
                    )
    wh.insert("voc_launch_daily", daily)
    wh.insert(
        "voc_launch_voc",
        [
            {
                "launch_id": e.launch_id,
                "event_id": e.event_id,
                "day": e.day,
                "category": e.category,
                "theme": e.theme,
                "redacted_text": mask_pii(e.text),
                "version": version,
            }
            for e in history.examples
        ],
    )


def link_product_voc(wh: Warehouse, launch: Launch, product: str | None = None, n_examples: int = 40) -> int:
    """Register a real launch and link the pipeline's VOC about its product to it.

    Scored events of ``voc_events`` whose ``product`` is ``product`` (default: the launch name)
    and that occurred in the first :data:`HORIZON_DAYS` days after launch (KST days; partial call
    transcripts left out, each event counted once) become the launch's daily VOC per category, and
    a stable sample of their masked text its examples (theme: the category, until themed).
    Returns the number of linked events.
    """
    db = wh.database
    params = {"p": product or launch.name, "d": launch.launch_date, "h": HORIZON_DAYS}
    day = "dateDiff('day', {d:Date}, toDate(occurred_at, 'Asia/Seoul'))"
    where = f"product = {{p:String}} AND is_partial = 0 AND {day} >= 0 AND {day} < {{h:UInt16}}"
    counts = np.zeros((1, len(CATEGORIES), HORIZON_DAYS))
    for r in wh.query(
        f"SELECT {day} AS day, category, uniqExact(event_id) AS events "
        f"FROM {db}.voc_events FINAL WHERE {where} GROUP BY day, category",
        params,
    ):
        if r["category"] in _IDX:
            counts[0, _IDX[r["category"]], int(r["day"])] = float(r["events"])
    examples = [
        VocExample(launch.launch_id, r["event_id"], int(r["day"]), r["category"], "", r["redacted_text"])
        for r in wh.query(
            f"SELECT event_id, {day} AS day, category, redacted_text FROM {db}.voc_events FINAL "
            f"WHERE {where} AND redacted_text != '' ORDER BY cityHash64(event_id) LIMIT {{n:UInt32}}",
            {**params, "n": n_examples},
        )
        if r["category"] in _IDX
    ]
    store_history(wh, LaunchHistory([launch], counts, examples))
    return int(counts.sum())


def read_launch(path: Path | str) -> tuple[Launch, str | None]:
    """A past launch from a YAML or JSON file: the plan's fields plus optional ``launch_id`` and
    ``product`` (the product name the source systems put on its VOC; default: the launch name)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("a launch is a mapping of name, description, category, launch_date, ...")
    product = data.pop("product", None)
    launch_id = data.pop("launch_id", None)
    plan = plan_from_mapping(data)
    if not launch_id:
        digest = hashlib.sha1(plan.name.encode("utf-8")).hexdigest()[:6]
        launch_id = f"L{plan.launch_date:%Y%m%d}-{digest}"
    return Launch(**plan.model_dump(), launch_id=str(launch_id)), (str(product) if product else None)


def registry_size(wh: Warehouse) -> int:
    """Number of launches in the registry (0 when the tables do not exist yet)."""
    try:
        return int(wh.scalar(f"SELECT count() FROM {wh.database}.voc_launches FINAL") or 0)
    except Exception as exc:
        if "UNKNOWN_TABLE" in str(exc) or "Code: 60." in str(exc) or "Code: 81." in str(exc):
            return 0
        raise


def registry_launches(wh: Warehouse) -> pd.DataFrame:
    """The launches of the registry as a DataFrame, oldest first."""
    return wh.query_df(
        "SELECT launch_id, name, description, category, launch_date, subscriber_base, channels, synthetic "
        f"FROM {wh.database}.voc_launches FINAL ORDER BY launch_date, launch_id"
    )


def load_history(wh: Warehouse) -> LaunchHistory:
    """The whole registry as a :class:`LaunchHistory` (daily VOC zero-filled)."""
    db = wh.database
    launches = [
        Launch(
            launch_id=r["launch_id"],
            name=r["name"],
            description=r["description"],
            category=r["category"],
            launch_date=r["launch_date"],
            subscriber_base=int(r["subscriber_base"]),
            channels=tuple(r["channels"]),
            synthetic=bool(r["synthetic"]),
        )
        for r in wh.query(
            "SELECT launch_id, name, description, category, launch_date, subscriber_base, channels, "
            f"synthetic FROM {db}.voc_launches FINAL ORDER BY launch_date, launch_id"
        )
    ]
    pos = {launch.launch_id: i for i, launch in enumerate(launches)}
    counts = np.zeros((len(launches), len(CATEGORIES), HORIZON_DAYS))
    for r in wh.query(
        f"SELECT launch_id, day, category, events FROM {db}.voc_launch_daily FINAL WHERE day < {{h:UInt16}}",
        {"h": HORIZON_DAYS},
    ):
        if r["launch_id"] in pos and r["category"] in _IDX:
            counts[pos[r["launch_id"]], _IDX[r["category"]], int(r["day"])] = float(r["events"])
    examples = [
        VocExample(
            r["launch_id"], r["event_id"], int(r["day"]), r["category"], r["theme"], r["redacted_text"]
        )
        for r in wh.query(
            "SELECT launch_id, event_id, day, category, theme, redacted_text "
            f"FROM {db}.voc_launch_voc FINAL ORDER BY launch_id, event_id"
        )
        if r["launch_id"] in pos
    ]
    return LaunchHistory(launches, counts, examples)


def load_real_references(path: Path | str = REAL_REFERENCES_PATH) -> list[RealReference]:
    """The real reference history (launches with publicly reported complaints, every figure sourced)."""
    return real_references_from_mapping(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


def ensure_demo_history(wh: Warehouse) -> bool:
    """Load the synthetic demo history when the registry is empty; True when it was loaded."""
    if registry_size(wh) > 0:
        return False
    store_history(wh, demo_history())
    return True


def _listening(host: str, port: int, wait_s: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=wait_s):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def open_registry(settings: Settings, wait_s: float = 1.0) -> Iterator[Warehouse]:
    """The warehouse holding the registry, for a command run outside ``vocradar run``.

    The configured ClickHouse, else the embedded service of a running ``vocradar run``; when
    neither answers, the embedded chDB directory is opened in this process for the duration.
    """
    from vocradar.connectors.warehouse import connect_warehouse

    if settings.warehouse_url or _listening("127.0.0.1", settings.warehouse_port, wait_s):
        wh = connect_warehouse(settings, wait_s=30.0)
        try:
            yield wh
        finally:
            wh.close()
        return

    from vocradar.connectors.chdb_service import ChdbHttpService

    svc = ChdbHttpService(settings.data_dir / "warehouse", port=0)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="chdb-registry", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(svc.start(), loop).result(120)
        local = settings.model_copy(update={"warehouse_url": f"http://127.0.0.1:{svc.port}"})
        wh = connect_warehouse(local, wait_s=30.0)
        try:
            yield wh
        finally:
            wh.close()
    finally:
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(svc.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


# --- the synthetic demo history -----------------------------------------------------------------
# VOC per 1,000 subscribers over the 8 weeks, and the category mix, per product type.
#
# Grounded in the real reference history (launches_real.yaml, figures with sources there). Those
# figures count complaints filed OUTSIDE the operator (1372 counselling, 한국소비자원, 방통위),
# about 0.02 to 0.5 per 1,000 subscribers a month; the demo stands for an operator's own VOC,
# which an operator hears far more often. The demo therefore keeps the real RELATIVE rates of the
# types (external complaints per 1,000 a month: smartphone 0.15 to 0.54 > mobile plan 0.09 ≈
# IPTV bundle 0.075 > network 0.024 to 0.05) at an operator level of about
# :data:`DEMO_VOC_PER_EXTERNAL_COMPLAINT` VOC for each externally filed complaint. That level is
# an assumption of the demo, not a measured figure; the real backtest estimates the ratio
# between the two scales from the data instead of using it. Types with no real reference
# (app, price_change) keep invented rates and mixes.
DEMO_VOC_PER_EXTERNAL_COMPLAINT: Final = 60.0
_RATE: Final[dict[str, float]] = {
    "smartphone": 30.0,  # ≈ 60 x 0.29/month (geometric mean of iPhone 3GS and Note7) x 56/30
    "mobile_plan": 10.0,  # ≈ 60 x 0.09/month (알뜰폰 2014) x 56/30
    "iptv_bundle": 9.0,  # ≈ 60 x 0.075/month (IPTV·모바일 결합 2016) x 56/30
    "internet": 9.0,  # no real rate (no subscriber base in the source): as IPTV bundles
    "app": 4.0,  # no real reference
    "price_change": 12.0,  # no real reference
    "add_on": 9.0,  # no real rate (소액결제 source has no user count)
    "network": 4.0,  # ≈ 60 x 0.035/month (geometric mean of LTE and 5G) x 56/30
}
# Mixes: smartphone after iPhone 3GS (품질·A/S 64% of counselling) and Note7 (사은품); mobile
# plan after 알뜰폰 2014/2021 (불완전 판매, 해지, 요금, 고객센터); IPTV bundle after 결합상품
# 2015/2016 (해지·위약금 42~73%); internet after 초고속 결합 2008 (해지 41%, 개인정보 19%);
# add-on after 소액결제 (명의 도용성 결제 58%, 동의 없는 과금 26%); network after LTE and 5G
# (품질·해지·불완전 계약). Operator-side categories that external bodies rarely see
# (installation, inquiry, praise) are kept small and are not from the sources.
_MIX: Final[dict[str, dict[str, float]]] = {
    "smartphone": {
        "device": 0.45,
        "sales_contract": 0.14,
        "delivery_refund": 0.09,
        "installation": 0.08,
        "inquiry": 0.07,
        "billing": 0.06,
        "cancellation": 0.04,
        "agent_conduct": 0.03,
        "network": 0.03,
        "praise": 0.01,
    },
    "mobile_plan": {
        "sales_contract": 0.32,
        "billing": 0.22,
        "cancellation": 0.17,
        "agent_conduct": 0.08,
        "inquiry": 0.09,
        "privacy": 0.05,
        "network": 0.04,
        "praise": 0.02,
        "other": 0.01,
    },
    "iptv_bundle": {
        "cancellation": 0.38,
        "sales_contract": 0.13,
        "billing": 0.11,
        "installation": 0.11,
        "device": 0.09,
        "network": 0.07,
        "agent_conduct": 0.05,
        "inquiry": 0.04,
        "praise": 0.02,
    },
    "internet": {
        "cancellation": 0.32,
        "network": 0.16,
        "installation": 0.14,
        "sales_contract": 0.13,
        "privacy": 0.10,
        "device": 0.05,
        "billing": 0.05,
        "agent_conduct": 0.03,
        "inquiry": 0.02,
    },
    "app": {
        "inquiry": 0.38,
        "privacy": 0.22,
        "billing": 0.10,
        "other": 0.10,
        "network": 0.08,
        "agent_conduct": 0.04,
        "praise": 0.04,
        "cancellation": 0.04,
    },
    "price_change": {
        "billing": 0.42,
        "cancellation": 0.30,
        "inquiry": 0.13,
        "sales_contract": 0.08,
        "agent_conduct": 0.05,
        "other": 0.02,
    },
    "add_on": {
        "privacy": 0.45,
        "billing": 0.26,
        "sales_contract": 0.11,
        "cancellation": 0.08,
        "inquiry": 0.07,
        "other": 0.03,
    },
    "network": {
        "network": 0.38,
        "cancellation": 0.27,
        "sales_contract": 0.22,
        "billing": 0.07,
        "inquiry": 0.04,
        "agent_conduct": 0.02,
    },
}
# How channels raise categories (the reason a council asks about channels at all).
_CHANNEL_EFFECT: Final[dict[str, dict[str, float]]] = {
    "preorder": {"delivery_refund": 2.2, "sales_contract": 1.3},
    "home_visit": {"installation": 1.7, "agent_conduct": 1.6},
    "telesales": {"sales_contract": 2.0, "cancellation": 1.4, "privacy": 1.3},
    "app": {"privacy": 1.4, "inquiry": 1.15},
    "retail": {"sales_contract": 1.25},
    "online": {"delivery_refund": 1.3},
}
# Days to the launch peak and decay time (days) of the launch wave, per product type.
_SHAPE: Final[dict[str, tuple[float, float]]] = {
    "smartphone": (1.0, 9.0),
    "mobile_plan": (2.0, 14.0),
    "iptv_bundle": (6.0, 9.0),
    "internet": (5.0, 10.0),
    "app": (0.0, 4.0),
    "price_change": (0.0, 6.0),
    "add_on": (3.0, 12.0),
    "network": (3.0, 16.0),
}
# Share of a category's VOC that comes with the first bill (about day 33), per product type.
_BILL_SHARE: Final[dict[str, dict[str, float]]] = {
    "mobile_plan": {"billing": 0.55, "cancellation": 0.3},
    "price_change": {"billing": 0.5, "cancellation": 0.4},
    "add_on": {"billing": 0.5},
    "iptv_bundle": {"billing": 0.45},
    "internet": {"billing": 0.4},
    "smartphone": {"billing": 0.35},
    "app": {},
    "network": {"billing": 0.5},
}
_WEEKDAY: Final = np.array([1.18, 1.06, 1.03, 1.02, 1.0, 0.72, 0.58])

# (launch_id, name, product type, launch date, subscriber base, channels, description)
_LAUNCHES: Final[list[tuple[str, str, str, str, int, tuple[str, ...], str]]] = [
    (
        "L2401",
        "스마트폰 '노바 S1' 출시",
        "smartphone",
        "2024-01-19",
        450_000,
        ("preorder", "online", "retail"),
        "플래그십 스마트폰 노바 S1 사전예약 후 정식 출시. 사전예약 사은품(무선 이어폰), 온라인몰 자급제와 "
        "대리점 개통, 번호이동 보조금.",
    ),
    (
        "L2402",
        "5G 슬림 요금제",
        "mobile_plan",
        "2024-02-26",
        800_000,
        ("online", "retail", "app"),
        "데이터 소량 이용자를 위한 5G 슬림 요금제 신설. 기존 요금제에서 앱으로 변경 가능, 선택약정 25% 할인.",
    ),
    (
        "L2404",
        "IPTV 결합 '홈시네마 팩'",
        "iptv_bundle",
        "2024-04-08",
        220_000,
        ("home_visit", "telesales", "retail"),
        "인터넷·IPTV·OTT 결합 상품 홈시네마 팩. 신규 셋톱박스 방문 설치, 텔레마케팅으로 기존 고객 전환 권유.",
    ),
    (
        "L2405",
        "고객 앱 4.0 전면 개편",
        "app",
        "2024-05-20",
        3_000_000,
        ("app",),
        "고객 앱 전면 개편: 메뉴 구조와 요금 조회 화면 변경, 간편 로그인 도입, 구 버전 앱 지원 종료.",
    ),
    (
        "L2407",
        "LTE 요금제 가격 조정",
        "price_change",
        "2024-07-01",
        1_500_000,
        ("retail", "online"),
        "LTE 일부 요금제 월 이용료 인상과 약관 변경. 문자로 사전 고지, 다음 청구서부터 반영.",
    ),
    (
        "L2408",
        "폴더블폰 '노바 폴드' 출시",
        "smartphone",
        "2024-08-23",
        150_000,
        ("preorder", "online", "retail"),
        "폴더블 스마트폰 노바 폴드 출시. 사전예약 한정 사은품과 보험 프로모션, 온라인몰 배송과 대리점 개통.",
    ),
    (
        "L2409",
        "기가 인터넷 와이파이7",
        "internet",
        "2024-09-30",
        180_000,
        ("home_visit", "online", "telesales"),
        "기가 인터넷 신상품: 와이파이7 공유기 제공, 기사 방문 설치, "
        "텔레마케팅으로 기존 고객 업그레이드 권유.",
    ),
    (
        "L2411",
        "데이터 쉐어링 부가서비스",
        "add_on",
        "2024-11-11",
        300_000,
        ("app", "online"),
        "가족·기기 간 데이터 쉐어링 부가서비스. 앱에서 신청, 첫 달 무료 후 월정액 자동 과금.",
    ),
    (
        "L2501",
        "스마트폰 '노바 S2' 출시",
        "smartphone",
        "2025-01-17",
        500_000,
        ("preorder", "online", "retail"),
        "플래그십 스마트폰 노바 S2 출시. 사전예약 사은품과 카드 할인, 온라인몰 배송, 대리점 번호이동 개통.",
    ),
    (
        "L2503",
        "청년 5G 요금제",
        "mobile_plan",
        "2025-03-03",
        400_000,
        ("online", "app"),
        "만 34세 이하 청년 5G 요금제: 데이터 추가 제공과 OTT 할인, 온라인과 앱 전용 가입.",
    ),
    (
        "L2504",
        "IPTV 셋톱박스 교체 프로모션",
        "iptv_bundle",
        "2025-04-21",
        350_000,
        ("home_visit", "telesales"),
        "구형 셋톱박스를 AI 셋톱박스로 무상 교체하는 IPTV 프로모션. "
        "텔레마케팅 안내 후 기사 방문 교체, 약정 연장 조건.",
    ),
    (
        "L2506",
        "간편 본인인증 앱 개편",
        "app",
        "2025-06-16",
        2_500_000,
        ("app",),
        "앱 로그인과 본인인증 방식 개편: PASS 간편인증과 생체 인증 도입, 기존 아이디 로그인 통합.",
    ),
    (
        "L2508",
        "인터넷 요금 인상·약관 변경",
        "price_change",
        "2025-08-01",
        900_000,
        ("retail", "telesales"),
        "유선 인터넷 요금 월 1,100원 인상과 결합 할인 약관 변경. 대리점과 텔레마케팅으로 재약정 유도.",
    ),
    (
        "L2509",
        "중저가폰 '노바 A5' 출시",
        "smartphone",
        "2025-09-19",
        250_000,
        ("online", "retail"),
        "중저가 스마트폰 노바 A5 출시. 온라인몰 자급제와 대리점 개통, 공시지원금 중심 판매.",
    ),
    (
        "L2511",
        "OTT 결합 5G 요금제",
        "mobile_plan",
        "2025-11-03",
        350_000,
        ("online", "retail", "telesales"),
        "OTT 이용권을 묶은 5G 요금제. 대리점과 텔레마케팅 판매, 결합 할인과 OTT 계정 연동.",
    ),
    (
        "L2601",
        "가족 결합 IPTV 번들",
        "iptv_bundle",
        "2026-01-12",
        260_000,
        ("retail", "home_visit"),
        "가족 결합 인터넷·IPTV 번들. 매장 가입 후 기사 방문 설치, 결합 할인 자동 적용.",
    ),
    (
        "L2603",
        "보안 안심 부가서비스",
        "add_on",
        "2026-03-09",
        200_000,
        ("telesales", "app"),
        "스미싱 차단과 명의 도용 알림 부가서비스. 텔레마케팅 권유 가입, 첫 달 무료 후 월정액.",
    ),
    (
        "L2506N",
        "5G 단독모드(SA) 전환",
        "network",
        "2025-06-02",
        1_200_000,
        ("retail", "online"),
        "5G 단독모드(SA) 망 상용화와 SA 전용 5G 요금제. 커버리지 확대 중이라 일부 지역 LTE 전환, "
        "대리점에서 SA 단말 교체 권유.",
    ),
    (
        "L2604N",
        "5G 어드밴스드 상용화",
        "network",
        "2026-04-06",
        800_000,
        ("retail", "telesales"),
        "5G 어드밴스드 망 상용화와 고가 전용 요금제. 초기 커버리지는 대도시 중심, "
        "텔레마케팅으로 기존 5G 고객 전환 권유.",
    ),
    (
        "L2605",
        "기가 인터넷 속도 업그레이드",
        "internet",
        "2026-05-18",
        300_000,
        ("online", "home_visit"),
        "기가 인터넷 속도 2배 업그레이드 상품. 온라인 신청, 일부 지역 기사 방문 장비 교체.",
    ),
]

# (category, trigger: product type, channel or "*", theme, texts). {p} is the product name.
_THEMES: Final[list[tuple[str, str, str, tuple[str, ...]]]] = [
    (
        "device",
        "smartphone",
        "초기 불량·발열",
        (
            "{p} 받은 지 사흘 만에 화면이 깜빡이고 발열이 심해요. 교환 되나요?",
            "새로 산 {p} 카메라가 안 켜집니다. 초기 불량인데 서비스센터만 가라고 하네요",
            "{p} 배터리가 하루를 못 가요. 불량 기기 교환 요청합니다. 연락처 010-3921-4478",
        ),
    ),
    (
        "device",
        "iptv_bundle",
        "셋톱박스 오류",
        (
            "셋톱박스 바꾸고 나서 채널이 자꾸 멈춰요",
            "리모컨이 새 셋톱박스랑 연결이 안 돼요. 기사님 다시 와 주세요",
            "AI 셋톱박스가 하루에 두세 번씩 재부팅됩니다",
        ),
    ),
    (
        "device",
        "internet",
        "공유기 불량",
        (
            "새 공유기 설치 후 와이파이가 계속 끊겨요. 장비 교체해 주세요",
            "공유기 불빛이 빨간색으로 깜빡이고 인터넷이 안 됩니다",
        ),
    ),
    (
        "installation",
        "smartphone",
        "개통 지연",
        (
            "사전예약했는데 개통이 이틀째 안 되고 있어요",
            "{p} 번호이동 개통 대기만 세 시간째입니다",
            "유심 기변했는데 개통 처리가 안 돼서 전화가 안 돼요",
        ),
    ),
    (
        "installation",
        "home_visit",
        "설치 일정 지연·변경",
        (
            "설치 기사님 방문 일정이 세 번이나 바뀌었어요",
            "{p} 신청했는데 설치가 2주 뒤라네요. 너무 늦어요",
            "약속 시간에 기사님이 안 오셨어요. 010-4821-7733으로 연락 주세요",
        ),
    ),
    (
        "installation",
        "*",
        "개통·설치 문의 지연",
        (
            "{p} 신청 후 개통 완료 문자가 안 와요",
            "설치 접수가 됐는지 확인이 안 됩니다",
        ),
    ),
    (
        "delivery_refund",
        "preorder",
        "사전예약 배송 지연",
        (
            "사전예약했는데 출시일이 지나도 배송이 안 와요",
            "{p} 배송 조회가 일주일째 그대로예요",
            "배송이 계속 밀리면 예약 취소하고 환불받고 싶어요",
        ),
    ),
    (
        "delivery_refund",
        "online",
        "반품·환불 지연",
        (
            "온라인몰에서 산 {p} 반품했는데 환불이 안 들어왔어요",
            "반품 접수했는데 택배 회수가 일주일째 안 옵니다",
        ),
    ),
    (
        "sales_contract",
        "preorder",
        "사은품 미지급",
        (
            "사전예약 사은품 준다더니 한 달째 소식이 없어요",
            "{p} 예약 혜택 이어폰은 언제 주나요? 제 이름은 이서연입니다",
        ),
    ),
    (
        "sales_contract",
        "telesales",
        "불완전 판매·부당 가입",
        (
            "전화로 권유받을 때는 위약금이 없다더니 있다네요",
            "동의한 적 없는 {p}에 가입돼 있어요",
            "텔레마케팅 상담원이 요금이 싸진다고 했는데 거짓이었어요",
        ),
    ),
    (
        "sales_contract",
        "retail",
        "대리점 계약 조건 불일치",
        (
            "대리점에서 설명한 할인 조건이랑 계약서가 달라요",
            "매장에서 부가서비스를 여러 개 끼워 팔았어요",
        ),
    ),
    (
        "sales_contract",
        "mobile_plan",
        "요금제 조건 오안내",
        (
            "{p} 가입할 때 데이터 무제한이라고 들었는데 속도 제한이 걸려요",
            "약정 할인 조건을 제대로 안내받지 못했어요",
        ),
    ),
    (
        "billing",
        "mobile_plan",
        "첫 청구 요금 차이",
        (
            "{p} 가입하고 첫 달 요금이 안내보다 2만 원 더 나왔어요",
            "요금제 변경한 달에 일할 계산이 이중으로 청구됐습니다",
        ),
    ),
    (
        "billing",
        "price_change",
        "요금 인상 고지 미흡",
        (
            "요금이 오른다는 안내를 받은 적이 없어요",
            "인상된 요금이 이번 달부터 청구됐네요. 사전 고지 문자를 못 받았습니다",
            "약관 변경에 동의한 적이 없는데 요금이 올랐어요",
        ),
    ),
    (
        "billing",
        "add_on",
        "무료 기간 후 자동 과금",
        (
            "첫 달 무료라더니 {p} 요금이 청구됐어요",
            "해지한 부가서비스 요금이 계속 나갑니다. 카드 9410-1234-5678-9012로 결제됐어요",
        ),
    ),
    (
        "billing",
        "iptv_bundle",
        "결합 할인 미적용",
        (
            "결합 할인이 이번 달 청구서에 빠져 있어요",
            "{p} 가입했는데 요금이 오히려 올랐어요",
        ),
    ),
    ("billing", "internet", "결합 할인 미적용", ("인터넷 바꾸고 결합 할인이 빠졌어요",)),
    (
        "billing",
        "smartphone",
        "할부금·단말 대금 오류",
        (
            "{p} 할부금이 두 번 청구됐어요",
            "공시지원금이 반영 안 된 할부 원금이 청구됐습니다",
        ),
    ),
    ("billing", "*", "요금 문의", ("이번 달 요금이 왜 이렇게 많이 나왔는지 모르겠어요",)),
    (
        "cancellation",
        "price_change",
        "인상에 따른 해지·위약금",
        (
            "요금 올리면 해지할게요. 위약금 면제해 주세요",
            "약관이 바뀌었는데 위약금 없이 해지가 안 되나요",
            "다른 통신사로 번호이동하려는데 위약금이 너무 커요",
        ),
    ),
    (
        "cancellation",
        "telesales",
        "청약 철회 거부",
        (
            "가입 일주일도 안 됐는데 철회가 안 된대요",
            "전화로 가입시켜 놓고 해지는 매장에 가라네요",
        ),
    ),
    (
        "cancellation",
        "*",
        "해지 방어",
        (
            "해지하려고 전화했는데 계속 다른 상품만 권하네요",
            "해지 접수를 세 번째 요청하는데 아직도 처리가 안 됐어요",
        ),
    ),
    (
        "network",
        "internet",
        "속도 저하·끊김",
        (
            "{p} 신청 후 속도가 절반도 안 나와요",
            "저녁마다 인터넷이 끊깁니다. 재택근무가 안 돼요",
        ),
    ),
    (
        "network",
        "mobile_plan",
        "5G 연결 불안정",
        (
            "5G 신호가 자꾸 LTE로 바뀌어요",
            "요금제는 5G인데 실내에서는 5G가 안 잡혀요",
        ),
    ),
    ("network", "smartphone", "5G 연결 불안정", ("{p}에서 5G가 자꾸 끊겨요",)),
    (
        "network",
        "network",
        "커버리지 부족·LTE 전환",
        (
            "{p} 가입했는데 집에서는 계속 LTE로 잡혀요",
            "새 망이라더니 지하철에서 자꾸 끊깁니다",
        ),
    ),
    (
        "cancellation",
        "network",
        "품질 불량 해지·위약금",
        (
            "{p} 품질이 이런데 위약금 없이 해지해 주세요",
            "안 터지는 걸로 해지하는데 단순 변심이라며 위약금을 내라네요",
        ),
    ),
    (
        "sales_contract",
        "network",
        "커버리지 설명 미흡·보조금 약속 불이행",
        (
            "가입할 때 우리 동네가 서비스 지역이 아니라는 설명을 못 들었어요",
            "단말기 공짜라고 해서 바꿨는데 할부금이 청구돼요",
        ),
    ),
    ("network", "iptv_bundle", "IPTV 화면 끊김", ("IPTV 화면이 자꾸 멈추고 화질이 떨어져요",)),
    ("network", "app", "앱 접속 장애", ("앱 업데이트 후 접속이 안 되고 오류만 나요",)),
    ("network", "*", "통화 품질", ("통화 중에 자꾸 끊겨요",)),
    (
        "privacy",
        "app",
        "본인인증·로그인 오류",
        (
            "앱 개편 후 본인인증이 계속 실패해요",
            "간편 로그인하다가 다른 사람 정보가 보였어요. 개인정보 유출 아닌가요",
            "인증 문자가 안 와서 로그인을 못 해요. 제 번호는 010-5567-2231입니다",
        ),
    ),
    (
        "privacy",
        "*",
        "명의 도용 가입 의심",
        (
            "제 명의로 모르는 부가서비스가 가입돼 있어요",
            "가입한 적 없는 서비스 안내 문자가 왔어요. 명의 도용 아닌가요",
        ),
    ),
    (
        "inquiry",
        "app",
        "메뉴 위치·사용법 문의",
        (
            "개편된 앱에서 요금 조회 메뉴가 어디 있나요",
            "새 앱에서 데이터 잔여량은 어디서 보나요",
        ),
    ),
    (
        "inquiry",
        "price_change",
        "인상 내용 문의",
        (
            "제 요금제도 인상 대상인가요",
            "요금이 정확히 얼마나 오르는지 알려 주세요",
        ),
    ),
    (
        "inquiry",
        "*",
        "가입 조건 문의",
        (
            "{p} 가입 조건이 어떻게 되나요",
            "기존 약정이 남아 있어도 {p} 가입이 되나요",
        ),
    ),
    (
        "agent_conduct",
        "home_visit",
        "설치 기사 태도",
        (
            "설치 기사님이 반말하고 신발을 신고 들어왔어요",
            "기사님이 설치 중에 불친절하게 짜증을 냈습니다",
        ),
    ),
    (
        "agent_conduct",
        "*",
        "상담원 응대 불만",
        (
            "고객센터 상담원이 말을 끊고 무시하듯 대답했어요",
            "상담원이 자기 담당이 아니라며 책임을 떠넘겨요",
        ),
    ),
    (
        "praise",
        "*",
        "친절 응대 칭찬",
        (
            "상담원분이 친절하게 끝까지 해결해 주셨어요. 감사합니다",
            "기사님이 설명을 잘해 주셔서 좋았어요",
        ),
    ),
    (
        "other",
        "*",
        "기타 문의·의견",
        (
            "{p} 광고 문자가 너무 자주 와요",
            "행사 이벤트 당첨 발표는 언제인가요",
        ),
    ),
]


def _shape(kind: str, category: str, rng: np.random.Generator) -> np.ndarray:
    """Share of a category's 8-week VOC on each day after launch (sums to one)."""
    days = np.arange(HORIZON_DAYS, dtype=float)
    peak, decay = _SHAPE[kind]
    peak = max(0.0, peak + rng.normal(0, 0.7))
    decay = decay * float(rng.lognormal(0, 0.15))
    wave = np.where(days < peak, (days + 1) / (peak + 1), np.exp(-(days - peak) / decay))
    bill_day = 33 + rng.integers(-2, 3)
    bill = np.exp(-0.5 * ((days - bill_day) / 3.0) ** 2)
    floor = np.ones_like(days)
    share = _BILL_SHARE[kind].get(category, 0.0)
    mixed = (1 - share) * (0.85 * wave / wave.sum() + 0.15 * floor / floor.sum()) + share * bill / bill.sum()
    return np.asarray(mixed / mixed.sum())


def _themes_for(launch: Launch, category: str) -> list[tuple[str, tuple[str, ...]]]:
    triggers = {launch.category, *launch.channels}
    specific = [(t, texts) for cat, trig, t, texts in _THEMES if cat == category and trig in triggers]
    generic = [(t, texts) for cat, trig, t, texts in _THEMES if cat == category and trig == "*"]
    return specific or generic


def _product_word(name: str) -> str:
    core = name.replace(SYNTHETIC_MARK, "").strip()
    quoted = core.split("'")
    return quoted[1] if len(quoted) >= 3 else core


def demo_history(seed: int = 2024, examples_per_launch: int = 40) -> LaunchHistory:
    """The synthetic launch history of the demo (deterministic for a seed). Clearly synthetic.

    Daily VOC of category ``c`` on day ``d`` is a gamma-Poisson draw around
    ``base/1000 × rate(type) × mix(type, c) × Π channel effects × launch and category luck ×
    shape(type, c, d) × weekday(d)``; each launch's examples are Korean VOC drawn from the themes
    its type and channels trigger, in proportion to its categories, masked before they are kept.
    """
    rng = np.random.default_rng(seed)
    launches: list[Launch] = []
    counts = np.zeros((len(_LAUNCHES), len(CATEGORIES), HORIZON_DAYS))
    examples: list[VocExample] = []
    for i, (lid, name, kind, day, base, channels, desc) in enumerate(_LAUNCHES):
        launch = Launch(
            launch_id=lid,
            name=f"{SYNTHETIC_MARK} {name}",
            description=desc,
            category=kind,
            launch_date=date.fromisoformat(day),
            subscriber_base=base,
            channels=channels,
            synthetic=True,
        )
        launches.append(launch)
        luck = float(rng.lognormal(0, 0.2))  # how well this launch went, beyond its attributes
        weekday = _WEEKDAY[[(launch.launch_date + timedelta(days=d)).weekday() for d in range(HORIZON_DAYS)]]
        for cat, share in _MIX[kind].items():
            effect = float(np.prod([_CHANNEL_EFFECT.get(ch, {}).get(cat, 1.0) for ch in channels]))
            total = base / 1000 * _RATE[kind] * share * effect * luck * float(rng.lognormal(0, 0.15))
            mean = total * _shape(kind, cat, rng) * weekday
            # gamma-Poisson (negative binomial): more spread than Poisson, as real VOC has
            counts[i, _IDX[cat]] = rng.poisson(rng.gamma(20.0, mean / 20.0))
        per_cat = counts[i].sum(axis=1)
        probs = per_cat / per_cat.sum()
        product = _product_word(name)
        for n, c in enumerate(rng.choice(len(CATEGORIES), size=examples_per_launch, p=probs)):
            cat = CATEGORIES[int(c)]
            themes = _themes_for(launch, cat)
            if not themes:
                continue
            theme, texts = themes[int(rng.integers(len(themes)))]
            text = texts[int(rng.integers(len(texts)))].format(p=product)
            d = int(rng.choice(HORIZON_DAYS, p=counts[i, int(c)] / counts[i, int(c)].sum()))
            examples.append(VocExample(lid, f"{lid}-v{n:03d}", d, cat, theme, mask_pii(text)))
    return LaunchHistory(launches, counts, examples)
