"""Dashboard benchmark: fill a warehouse with N synthetic scored events, then time every page.

``vocradar bench --stage dashboard --events 1000000`` runs :func:`bench_dashboard`. The rows are
made inside the warehouse with one ``INSERT ... SELECT ... FROM numbers(N)`` per table (seconds
for a million rows, where going through the pipeline would take hours) and follow the demo's
shape: six channels, the contract's categories and levels, reasons consistent with the level,
agents in teams, repeat customers, calls with partial transcripts, 30 days of history with
more traffic in the last day. Each page is then rendered with Streamlit's ``AppTest`` from a cold
cache, and its queries are timed on their own, so the figures say what a person opening the page
waits for. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.settings import Settings

__all__ = ["PAGES", "PageTiming", "bench_dashboard", "fill_synthetic"]

BENCH_DATABASE: Final = "vocradar_bench"
HISTORY_DAYS: Final = 30

# url path -> (title, query params); "alerts#incident" is the incident page of the top incident.
PAGES: Final[tuple[str, ...]] = ("overview", "alerts", "alerts#incident", "agents", "repeats", "search")

_TEXTS: Final[tuple[str, ...]] = (
    "[시스템] 본 통화는 서비스 품질 향상을 위해 녹음됩니다.\n[상담원] 네 고객님 무엇을 도와드릴까요?\n"
    "[고객] 해지하려고요.\n[상담원] 지금 해지하시면 위약금이 많이 나오세요. 할인 혜택을 드릴게요.\n"
    "[고객] 아니요 해지해 주세요.\n[상담원] 해지는 지금 어렵습니다.\n"
    "[고객] 이 통화 녹음하고 있고요, 인터넷에 올릴 거예요.",
    "[상담원] 네 고객님 기술지원팀입니다.\n[고객] 인터넷이 저녁마다 끊겨요 벌써 세 번째 전화예요.\n"
    "[상담원] 불편을 드려 죄송합니다. 기사 방문 일정을 잡아 드리겠습니다.",
    "[상담원] 채팅상담팀입니다.\n[고객] 요금제 변경은 어떻게 하나요?\n"
    "[상담원] 앱에서 바로 변경하실 수 있습니다.",
    "요금이 이중으로 청구되었습니다\n11월 청구서에 기가인터넷 요금이 두 번 빠져나갔어요. 확인 부탁드립니다.",
    "계속 해결되지 않을 경우 한국소비자원과 방송통신위원회에 민원을 제기하겠습니다.",
    "@통신사 인터넷 또 끊김 ㅋㅋ 이번 달만 세 번째 #장애",
    "5G 속도 너무 느려요 ㅠㅠ 요금은 비싼데 이게 뭐냐",
    "해지요청 3회, 방어 실패. 고객 격앙, 녹음 중이라고 함.",
    "고객 욕설 및 반복 폭언, 상담 종료 안내함.",
    "상담원이 반말하고 제 말을 무시했어요. 정말 불쾌합니다.",
    "명의 도용으로 휴대폰이 개통됐어요. 010-****-**** 로 연락 주세요.",
    "매장 영업시간이 언제까지인가요?",
    "기사님이 친절하게 설치해 주셨어요. 감사합니다!",
    "공유기 교체 후에도 와이파이가 계속 끊깁니다. A/S 신청합니다.",
)

_SQL_EVENTS: Final = """
INSERT INTO {db}.voc_events
SELECT
    concat('bench-', toString(number)) AS event_id,
    source,
    occurred_at,
    occurred_at + toIntervalMillisecond(800) AS scored_at,
    occurred_at + toIntervalMillisecond(300) AS arrived_at,
    conversation_id,
    if(conversation_id != '', conversation_id, concat('bench-', toString(number))) AS incident_key,
    if(source = 'tweet' OR number % 10 = 0, '',
       substring(lower(hex(SHA256(concat('bench-cust-',
                                        toString(cityHash64(number, 'c') % 120000))))), 1, 16))
       AS customer_key,
    if(source = 'tweet', toUInt32(cityHash64(number, 'f') % 1000), 0) AS customer_followers,
    0 AS customer_verified,
    if(source = 'tweet', '', concat('agt-', leftPad(toString(cityHash64(number, 'a') % 180), 4, '0')))
        AS agent_id,
    if(source = 'tweet', '', teams[(cityHash64(number, 'a') % 180) % length(teams) + 1]) AS agent_team,
    products[cityHash64(number, 'p') % length(products) + 1] AS product,
    'ko' AS lang,
    toUInt8(source = 'call' AND number % 50 = 1) AS is_partial,
    if(source IN ('call', 'chat'), toUInt16(4 + cityHash64(number, 't') % 16), 0) AS turn_count,
    toUInt32(length(text)) AS char_count,
    0 AS truncated,
    text AS redacted_text,
    '' AS raw_text,
    categories[cityHash64(number, 'k') % length(categories) + 1] AS category,
    toFloat32(0.5 + (cityHash64(number, 'q') % 50) / 100) AS category_confidence,
    toFloat32(risk) AS risk,
    multiIf(risk >= 0.85, 'critical', risk >= 0.6, 'high', risk >= 0.35, 'medium', 'low') AS risk_level,
    toUInt8(risk >= 0.6) AS alert,
    reasons,
    if(length(reasons) = 0, '[]',
       concat('[{{"turn": ', toString(cityHash64(number, 'e') % 6), ', "text": "',
              replaceRegexpAll(substringUTF8(text, 1, 60), '[\\n"]', ' '),
              '", "reason": "', reasons[1], '"}}]')) AS evidence,
    'bench' AS lexicon_hash,
    'bench-1' AS model_version,
    1 AS version
FROM (
    SELECT number,
           {teams} AS teams,
           {products} AS products,
           {categories} AS categories,
           {texts} AS texts,
           ['call', 'call', 'call', 'tweet', 'tweet', 'tweet', 'note', 'note', 'ticket', 'ticket', 'chat',
            'email'][cityHash64(number, 's') % 12 + 1] AS source,
           -- two thirds spread over the history, one third in the last day
           now64(3) - toIntervalSecond(if(number % 3 = 0, cityHash64(number, 'w') % 86400,
                                          cityHash64(number, 'w') % ({days} * 86400))) AS occurred_at,
           if(source IN ('call', 'chat'), concat('bench-cv-', toString(intDiv(number, 2))), '')
               AS conversation_id,
           (cityHash64(number, 'r') % 1000) / 1000 AS u,
           multiIf(u < 0.70, u / 2, u < 0.87, 0.35 + (u - 0.70), u < 0.98, 0.6 + (u - 0.87) * 2,
                   0.85 + (u - 0.98) * 5)
               AS risk,
           multiIf(risk < 0.35, if(u < 0.03, ['churn_intent'], []),
                   risk < 0.6, [['churn_intent', 'repeat_contact'][cityHash64(number, 'z') % 2 + 1]],
                   risk < 0.85, [['agent_obstruction', 'agent_hostility', 'customer_abuse',
                                  'regulator_threat',
                                  'publicity_threat', 'high_reach'][cityHash64(number, 'z') % 6 + 1]],
                   ['agent_obstruction', 'publicity_threat']) AS reasons,
           texts[cityHash64(number, 'x') % length(texts) + 1] AS text
    FROM numbers({start}, {count})
)
"""

_SQL_ALERTS: Final = """
INSERT INTO {db}.voc_alerts
SELECT event_id, incident_key, source, occurred_at, scored_at AS alerted_at, product, agent_team, category,
       risk,
       risk_level, reasons, evidence, substring(redacted_text, 1, 600) AS redacted_text, version
FROM {db}.voc_events WHERE alert = 1
"""

_SQL_ACTIONS: Final = """
INSERT INTO {db}.voc_incident_actions
SELECT concat('bench-act-', toString(rowNumberInAllBlocks())), incident_key,
       ['acknowledged', 'resolved'][cityHash64(incident_key) % 2 + 1], 'bench', 'quality', '', now64(3), 1
FROM (SELECT DISTINCT incident_key FROM {db}.voc_alerts WHERE cityHash64(incident_key) % 3 = 0)
"""


def _array(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" for v in values) + "]"


def fill_synthetic(
    wh: Warehouse, n_events: int, chunk: int = 250_000, log: Callable[[str], None] = print
) -> float:
    """Insert ``n_events`` synthetic scored events (and their alerts and some actions); seconds taken."""
    from vocradar.connectors.demo import TEAMS
    from vocradar.dashboards.labels import CATEGORY_LABELS

    db = wh.database
    products = (
        "기가인터넷",
        "5G 요금제",
        "IPTV",
        "인터넷 500M",
        "LTE 무제한 요금제",
        "갤럭시 S24",
        "공유기",
        "",
    )
    started = time.perf_counter()
    for table in ("voc_events", "voc_alerts", "voc_incident_actions"):
        wh.command(f"TRUNCATE TABLE IF EXISTS {db}.{table}")
    for start in range(0, n_events, chunk):
        count = min(chunk, n_events - start)
        wh.command(
            _SQL_EVENTS.format(
                db=db,
                start=start,
                count=count,
                days=HISTORY_DAYS,
                teams=_array(tuple(TEAMS)),
                products=_array(products),
                categories=_array(tuple(CATEGORY_LABELS)),
                texts=_array(_TEXTS),
            )
        )
        log(f"  {start + count:>10,} events inserted")
    wh.command(_SQL_ALERTS.format(db=db))
    wh.command(_SQL_ACTIONS.format(db=db))
    return time.perf_counter() - started


@dataclass
class PageTiming:
    """Seconds to render one page from a cold cache (AppTest) and to run its queries alone."""

    page: str
    render_s: list[float] = field(default_factory=list)
    queries_s: list[float] = field(default_factory=list)
    elements: int = 0
    error: str = ""

    @property
    def render_median_s(self) -> float:
        return statistics.median(self.render_s) if self.render_s else float("nan")

    @property
    def render_max_s(self) -> float:
        return max(self.render_s) if self.render_s else float("nan")

    @property
    def queries_median_s(self) -> float:
        return statistics.median(self.queries_s) if self.queries_s else float("nan")

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out |= {
            "render_median_s": round(self.render_median_s, 3),
            "render_max_s": round(self.render_max_s, 3),
            "queries_median_s": round(self.queries_median_s, 3),
        }
        return out


def _page_queries(wh: Warehouse, db: str, page: str, incident: str, salt: str) -> Callable[[], object]:
    """The queries a page runs on open, with its default filters."""
    from vocradar.dashboards import faq, queries

    def overview() -> object:
        return (
            queries.kpis(wh, db),
            queries.volume(wh, db, "source", 1, 1),
            queries.volume(wh, db, "category", 1, 1),
            queries.risk_levels(wh, db, 1, 1),
            queries.latest_alerts(wh, db, 20),
            queries.rising_topics(wh, db),
            queries.incidents(wh, db, hours=24, status="active", limit=8),
        )

    def alerts() -> object:
        return queries.teams(wh, db), queries.incidents(wh, db, hours=24, status="active", limit=30)

    def incident_page() -> object:
        events = queries.incident_events(wh, db, incident, True, salt)
        return (
            events,
            queries.incidents(wh, db, hours=24 * 90, limit=1, key=incident),
            queries.incident_actions(wh, db, incident),
            queries.related_events(
                wh,
                db,
                incident,
                tuple(c for c in events["customer_key"] if c),
                str(events["category"].iloc[0]),
                str(events["product"].iloc[0]),
                int(events["occurred_ms"].min()),
                int(events["occurred_ms"].max()),
            ),
        )

    def agents() -> object:
        return (
            queries.team_conduct(wh, db, 7),
            queries.agent_conduct(wh, db, 7, "", True, salt),
            [
                queries.coaching_examples(wh, db, 7, r, "", True, salt, 6)
                for r in ("agent_obstruction", "agent_hostility", "customer_abuse")
            ],
        )

    def repeats() -> object:
        return (
            queries.heavy_contacters(wh, db, 7),
            queries.repeat_issues(wh, db, 7),
            faq.group_questions(queries.question_texts(wh, db, 7)),
            queries.response_times(wh, db, 7),
        )

    def search() -> object:
        return queries.teams(wh, db), queries.search_events(wh, db, "", 7, limit=30)

    return {
        "overview": overview,
        "alerts": alerts,
        "alerts#incident": incident_page,
        "agents": agents,
        "repeats": repeats,
        "search": search,
    }[page]


_ACCESS_VARIABLES: Final = (
    "VOCRADAR_DASHBOARD_USERS_FILE",
    "VOCRADAR_DASHBOARD_OIDC",
    "VOCRADAR_DASHBOARD_QUALITY_PASSWORD",
    "VOCRADAR_DASHBOARD_EXECUTIVE_PASSWORD",
)


def _render_page(page: str, incident: str) -> tuple[float, int, str]:
    """Render one page from a cold cache with AppTest; (seconds, elements, error text)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    import vocradar.dashboards

    app = Path(vocradar.dashboards.__file__).parent / "streamlit_app.py"
    url_path, _, sub = page.partition("#")
    at = AppTest.from_file(str(app), default_timeout=120)
    # The first run registers the pages and builds the cached settings and client, as the
    # first visitor of a running dashboard does; the measured run starts from a cold data cache.
    at.run()
    st.cache_data.clear()
    if sub == "incident":
        at.query_params["incident"] = incident
    at._page_hash = calc_hash(url_path)
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    errors = [str(e.value) for e in at.error] + [str(e.value) for e in at.exception]
    return elapsed, len(list(at.main)), "; ".join(errors)[:300]


@contextmanager
def _embedded_service(path: Path) -> Iterator[str]:
    from vocradar.connectors.chdb_service import ChdbHttpService

    svc = ChdbHttpService(path, port=0)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="bench-chdb", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(svc.start(), loop).result(120)
        yield f"http://127.0.0.1:{svc.port}"
    finally:
        asyncio.run_coroutine_threadsafe(svc.stop(), loop).result(120)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def bench_dashboard(
    settings: Settings,
    n_events: int,
    repeats: int = 3,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fill a bench database with ``n_events`` and time every page; returns the figures.

    Uses the configured ClickHouse server when ``VOCRADAR_WAREHOUSE_URL`` is set (database
    ``vocradar_bench``), else an embedded chDB service on a temporary directory.
    """
    with tempfile.TemporaryDirectory(prefix="vocradar-bench-") as tmp:
        if settings.warehouse_url:
            return _bench(settings, settings.warehouse_url, n_events, repeats, log)
        with _embedded_service(Path(tmp)) as url:
            return _bench(settings, url, n_events, repeats, log)


def _bench(
    settings: Settings, url: str, n_events: int, repeats: int, log: Callable[[str], None]
) -> dict[str, Any]:
    import streamlit as st
    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest outside a server warns on every cached call
    bench_settings = settings.model_copy(update={"warehouse_url": url, "warehouse_database": BENCH_DATABASE})
    wh = connect_warehouse(bench_settings, wait_s=60)
    log(f"filling {BENCH_DATABASE} with {n_events:,} synthetic events")
    fill_s = fill_synthetic(wh, n_events, log=log)
    stored = int(wh.scalar(f"SELECT count() FROM {BENCH_DATABASE}.voc_events"))
    alerts = int(wh.scalar(f"SELECT count() FROM {BENCH_DATABASE}.voc_alerts"))
    parts = int(
        wh.scalar(
            f"SELECT count() FROM system.parts WHERE database = '{BENCH_DATABASE}' "
            "AND table = 'voc_events' AND active"
        )
    )
    log(f"  {stored:,} events, {alerts:,} alerts in {parts} parts, filled in {fill_s:.1f}s")
    incident = str(
        wh.scalar(
            f"SELECT incident_key FROM {BENCH_DATABASE}.voc_alerts WHERE source = 'call' "
            "ORDER BY risk DESC, occurred_at DESC LIMIT 1"
        )
    )
    salt = settings.agent_pseudonym_salt.get_secret_value()
    # AppTest builds the app's Settings from the environment, like `vocradar dashboard` does. The
    # pages render in this process (nothing is served): the open mode, as on the loopback address.
    names = ("VOCRADAR_WAREHOUSE_URL", "VOCRADAR_WAREHOUSE_DATABASE", *_ACCESS_VARIABLES)
    saved = {k: os.environ.get(k) for k in names}
    os.environ["VOCRADAR_WAREHOUSE_URL"] = url
    os.environ["VOCRADAR_WAREHOUSE_DATABASE"] = BENCH_DATABASE
    for k in _ACCESS_VARIABLES:
        os.environ.pop(k, None)
    address = st.config.get_option("server.address")
    st.config.set_option("server.address", "127.0.0.1")
    timings: list[PageTiming] = []
    try:
        for page in PAGES:
            timing = PageTiming(page)
            run = _page_queries(wh, BENCH_DATABASE, page, incident, salt)
            for _ in range(repeats):
                st.cache_data.clear()
                started = time.perf_counter()
                run()
                timing.queries_s.append(time.perf_counter() - started)
                elapsed, elements, error = _render_page(page, incident)
                timing.render_s.append(elapsed)
                timing.elements, timing.error = elements, error or timing.error
            timings.append(timing)
            log(
                f"  {page:<16} render {timing.render_median_s:6.2f}s (max {timing.render_max_s:5.2f}s)  "
                f"queries {timing.queries_median_s:6.2f}s"
                + (f"  ERROR {timing.error}" if timing.error else "")
            )
    finally:
        st.config.set_option("server.address", address)
        st.cache_data.clear()
        st.cache_resource.clear()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return {
        "stage": "dashboard",
        "events": stored,
        "alerts": alerts,
        "parts": parts,
        "fill_s": round(fill_s, 1),
        "repeats": repeats,
        "pages": [t.as_dict() for t in timings],
        "max_render_median_s": round(max(t.render_median_s for t in timings), 3),
    }
