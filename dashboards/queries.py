"""Every SQL statement of the dashboard, one cached function per query, each returning a DataFrame.

Rules all queries follow:

- A redelivered or replayed row must be counted once: the ``voc_*`` tables are
  ``ReplacingMergeTree``s, so queries read them with ``FINAL``, or, where that is the cheaper way
  on a large table, count distinct keys (``uniqExact(incident_key)``) or keep one row per key
  (``LIMIT 1 BY source, event_id``). Where many rows qualify (search, examples, FAQ texts), rows are
  picked on light columns first and wide text is read only for the rows shown.
- Filter values travel as server-side bound parameters (``{name:Type}``), never in the SQL
  text. The only names put into the text are the database (checked to be a plain identifier)
  and values picked from fixed whitelists (columns, bucket functions).
- Text comes only from ``redacted_text`` and ``evidence`` (masked by the pipeline); ``raw_text``
  is never selected.
- Times are shown in KST: buckets and display strings are computed in ``Asia/Seoul`` by the
  warehouse and returned as naive wall-clock values.

The warehouse argument is named ``_wh`` so ``st.cache_data`` does not try to hash it; results
are cached for :data:`TTL_S` seconds, matching the page refresh.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any, Final

import pandas as pd
import streamlit as st

from vocradar.connectors.warehouse import Warehouse, WarehouseUnavailable

__all__ = [
    "ACTIONS",
    "AUDIT_ACTIONS",
    "BUCKET_MINUTES",
    "INCIDENT_STATUSES",
    "KST",
    "TTL_S",
    "agent_conduct",
    "coaching_examples",
    "event_detail",
    "heavy_contacters",
    "incident_actions",
    "incident_events",
    "incidents",
    "is_missing_schema",
    "is_unreachable",
    "kpis",
    "latest_alerts",
    "parse_evidence",
    "question_texts",
    "record_action",
    "record_audit",
    "related_events",
    "repeat_issues",
    "response_times",
    "rising_topics",
    "risk_levels",
    "search_events",
    "team_conduct",
    "teams",
    "volume",
]

TTL_S: Final = 5
KST: Final = "Asia/Seoul"

# Bucket width (minutes) -> the ClickHouse function that floors a time to it.
BUCKET_MINUTES: Final[dict[int, str]] = {
    1: "toStartOfMinute",
    5: "toStartOfFiveMinutes",
    15: "toStartOfFifteenMinutes",
    60: "toStartOfHour",
}

# Dimensions a volume series can be split by -> column of voc_events.
_DIMENSIONS: Final[dict[str, str]] = {"source": "source", "category": "category", "risk_level": "risk_level"}

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MISSING_SCHEMA = ("UNKNOWN_TABLE", "UNKNOWN_DATABASE", "Code: 60.", "Code: 81.")


def _table(db: str, name: str) -> str:
    """``db.name``, after checking the database is a plain identifier (it is put in the SQL text)."""
    if not _IDENT.match(db):
        raise ValueError(f"database name must be a plain identifier, got {db!r}")
    return f"{db}.{name}"


def _kst(column: str) -> str:
    return f"formatDateTime({column}, '%Y-%m-%d %H:%i:%S', '{KST}')"


def parse_evidence(value: Any) -> list[dict[str, Any]]:
    """The evidence column (a JSON list of ``{turn, text, reason}``) as a list of dicts.

    Malformed or missing evidence yields an empty list rather than an error: one bad row must
    not blank the feed.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    items: list[dict[str, Any]] = []
    for item in value:
        if not isinstance(item, dict) or not str(item.get("text") or "").strip():
            continue
        turn = item.get("turn")
        items.append(
            {
                "turn": turn if isinstance(turn, int) and not isinstance(turn, bool) else None,
                "text": str(item["text"]),
                "reason": str(item.get("reason") or ""),
            }
        )
    return items


def _as_list(value: Any) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value]
    except TypeError:
        return []


def _tidy_text_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise the array/JSON columns of alert and event rows for display."""
    if "reasons" in df.columns:
        df["reasons"] = [_as_list(v) for v in df["reasons"]]
    if "evidence" in df.columns:
        df["evidence"] = [parse_evidence(v) for v in df["evidence"]]
    return df


@st.cache_data(ttl=TTL_S, show_spinner=False)
def kpis(_wh: Warehouse, db: str) -> pd.DataFrame:
    """One row of headline numbers.

    Columns: ``events_1h``, ``events_prev_1h`` (the hour before), ``events_24h``,
    ``alerts_1h``, ``alerts_24h``, ``critical_24h``, ``dead_24h``, ``has_events`` (0/1: any event
    stored at all) and ``last_event_kst`` (empty when there is none).
    """
    events, alerts, dead = _table(db, "voc_events"), _table(db, "voc_alerts"), _table(db, "voc_dead")
    # One pass per table: the FINAL merge of a large table is the cost, so it is paid once.
    sql = f"""
WITH
    (SELECT (countIf(occurred_at >= now64(3) - INTERVAL 1 HOUR),
             countIf(occurred_at >= now64(3) - INTERVAL 2 HOUR AND occurred_at < now64(3) - INTERVAL 1 HOUR),
             count())
       FROM {events} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS e,
    (SELECT (countIf(occurred_at >= now64(3) - INTERVAL 1 HOUR), count(), countIf(risk_level = 'critical'))
       FROM {alerts} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS a
SELECT
    tupleElement(e, 1) AS events_1h,
    tupleElement(e, 2) AS events_prev_1h,
    tupleElement(e, 3) AS events_24h,
    tupleElement(a, 1) AS alerts_1h,
    tupleElement(a, 2) AS alerts_24h,
    tupleElement(a, 3) AS critical_24h,
    (SELECT count() FROM {dead} FINAL WHERE received_at >= now64(3) - INTERVAL 24 HOUR) AS dead_24h,
    (SELECT toUInt8(count() > 0) FROM {events}) AS has_events,
    (SELECT if(count() = 0, '', {_kst("max(occurred_at)")}) FROM {events}) AS last_event_kst
"""
    return _wh.query_df(sql)


def _series(wh: Warehouse, db: str, column: str, hours: int, bucket_minutes: int) -> pd.DataFrame:
    floor = BUCKET_MINUTES.get(bucket_minutes)
    if floor is None:
        raise ValueError(f"bucket must be one of {sorted(BUCKET_MINUTES)} minutes, got {bucket_minutes}")
    sql = f"""
SELECT toString({floor}(occurred_at, '{KST}')) AS bucket, {column} AS key, count() AS events
FROM {_table(db, "voc_events")} FINAL
WHERE occurred_at >= now64(3) - toIntervalHour({{hours:UInt32}})
GROUP BY bucket, key
ORDER BY bucket, key
"""
    df = wh.query_df(sql, {"hours": int(hours)})
    return _zero_fill(df, hours, bucket_minutes)


def _zero_fill(df: pd.DataFrame, hours: int, bucket_minutes: int) -> pd.DataFrame:
    """Give every key a value (0 when quiet) in every bucket of the window, so lines do not
    draw straight across quiet periods. An empty result stays empty (the page shows its empty state).
    """
    if df.empty:
        return pd.DataFrame({"bucket": pd.Series(dtype="datetime64[ns]"), "key": [], "events": []})
    df = df.assign(bucket=pd.to_datetime(df["bucket"]), events=df["events"].astype("int64"))
    freq = f"{bucket_minutes}min"
    now = pd.Timestamp.now(tz=KST).tz_localize(None)
    window = pd.date_range((now - pd.Timedelta(hours=hours)).floor(freq), now.floor(freq), freq=freq)
    buckets = window.union(pd.DatetimeIndex(df["bucket"].unique()))
    wide = df.pivot_table(index="bucket", columns="key", values="events", aggfunc="sum", fill_value=0)
    wide = wide.reindex(buckets, fill_value=0)
    wide.index.name = "bucket"
    long = wide.reset_index().melt(id_vars="bucket", var_name="key", value_name="events")
    return long.astype({"events": "int64"}).sort_values(["bucket", "key"], ignore_index=True)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def volume(_wh: Warehouse, db: str, by: str, hours: int, bucket_minutes: int) -> pd.DataFrame:
    """Events per time bucket, split by ``by`` (``source``, ``category`` or ``risk_level``).

    Columns: ``bucket`` (naive KST datetime), ``key`` (the code), ``events``. Quiet buckets of
    the last ``hours`` are filled with 0; the frame is empty when the window has no event.
    """
    column = _DIMENSIONS.get(by)
    if column is None:
        raise ValueError(f"cannot split volume by {by!r}; use one of {sorted(_DIMENSIONS)}")
    return _series(_wh, db, column, hours, bucket_minutes)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def risk_levels(_wh: Warehouse, db: str, hours: int, bucket_minutes: int) -> pd.DataFrame:
    """Events per time bucket and risk level (same columns as :func:`volume`)."""
    return _series(_wh, db, "risk_level", hours, bucket_minutes)


_ALERT_COLUMNS = f"""
    event_id, incident_key, source, product, agent_team, category, risk, risk_level, reasons,
    evidence, redacted_text,
    {_kst("occurred_at")} AS occurred_kst,
    {_kst("alerted_at")} AS alerted_kst,
    dateDiff('second', occurred_at, now64(3)) AS age_s"""


@st.cache_data(ttl=TTL_S, show_spinner=False)
def latest_alerts(
    _wh: Warehouse, db: str, limit: int = 20, level: str = "", source: str = "", category: str = ""
) -> pd.DataFrame:
    """The newest alerts first, optionally filtered by level, source and category (``""``: any).

    Columns: ``event_id``, ``incident_key``, ``source``, ``product``, ``agent_team``,
    ``category``, ``risk``, ``risk_level``, ``reasons`` (list), ``evidence`` (list of
    ``{turn, text, reason}``), ``redacted_text``, ``occurred_kst``, ``alerted_kst``, ``age_s``.
    """
    sql = f"""
SELECT {_ALERT_COLUMNS}
FROM {_table(db, "voc_alerts")} FINAL
WHERE ({{level:String}} = '' OR risk_level = {{level:String}})
  AND ({{source:String}} = '' OR source = {{source:String}})
  AND ({{category:String}} = '' OR category = {{category:String}})
ORDER BY alerted_at DESC, occurred_at DESC, event_id
LIMIT {{limit:UInt32}}
"""
    params = {"level": level, "source": source, "category": category, "limit": max(0, int(limit))}
    return _tidy_text_rows(_wh.query_df(sql, params))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def event_detail(_wh: Warehouse, db: str, event_id: str, source: str = "") -> pd.DataFrame:
    """The stored (masked) view of one event: zero or one row.

    An event is identified by ``(source, event_id)``; without ``source`` (a link that carries the
    id only) the most recently scored event with that id is shown.

    Columns: ``event_id``, ``source``, ``conversation_id``, ``incident_key``, ``agent_team``,
    ``product``, ``lang``, ``is_partial``, ``turn_count``, ``char_count``, ``truncated``,
    ``customer_followers``, ``customer_verified``, ``category``, ``category_confidence``,
    ``risk``, ``risk_level``, ``alert``, ``reasons``, ``evidence``, ``redacted_text``,
    ``model_version``, ``occurred_kst``, ``scored_kst``.
    """
    sql = f"""
SELECT
    event_id, source, conversation_id, incident_key, agent_team, product, lang, is_partial,
    turn_count, char_count, truncated, customer_followers, customer_verified, category,
    category_confidence, risk, risk_level, alert, reasons, evidence, redacted_text, model_version,
    {_kst("occurred_at")} AS occurred_kst,
    {_kst("scored_at")} AS scored_kst
FROM {_table(db, "voc_events")} FINAL
WHERE event_id = {{event_id:String}} AND ({{source:String}} = '' OR source = {{source:String}})
ORDER BY scored_at DESC
LIMIT 1
"""
    return _tidy_text_rows(_wh.query_df(sql, {"event_id": event_id, "source": source}))


def is_missing_schema(exc: BaseException) -> bool:
    """True when a query failed because the database or a ``voc_*`` table does not exist yet."""
    text = str(exc)
    return any(marker in text for marker in _MISSING_SCHEMA)


def is_unreachable(exc: BaseException) -> bool:
    """True when the warehouse could not be reached (as opposed to rejecting a query)."""
    from clickhouse_connect.driver.exceptions import OperationalError

    return isinstance(exc, WarehouseUnavailable | OperationalError | OSError)


# --- incidents ----------------------------------------------------------------------------------
# An incident is the group of alerts and events sharing an ``incident_key``; its human status is
# the latest row of voc_incident_actions (no row: open).
INCIDENT_STATUSES: Final[tuple[str, ...]] = ("open", "acknowledged", "resolved")
ACTIONS: Final[tuple[str, ...]] = ("acknowledged", "resolved", "reopened")

_LEVEL_RANK = "multiIf(risk_level = 'critical', 3, risk_level = 'high', 2, risk_level = 'medium', 1, 0)"


def _status_subquery(db: str) -> str:
    return f"""(
    SELECT incident_key,
           argMax(action, (acted_at, action_id)) AS last_action,
           argMax(actor, (acted_at, action_id)) AS status_by,
           {_kst("max(acted_at)")} AS status_kst
    FROM {_table(db, "voc_incident_actions")} FINAL
    GROUP BY incident_key)"""


def _status_expr(last_action: str = "s.last_action") -> str:
    return f"if({last_action} IN ('acknowledged', 'resolved'), {last_action}, 'open')"


@st.cache_data(ttl=TTL_S, show_spinner=False)
def incidents(
    _wh: Warehouse,
    db: str,
    hours: int = 24,
    status: str = "",
    level: str = "",
    source: str = "",
    category: str = "",
    team: str = "",
    limit: int = 50,
    key: str = "",
) -> pd.DataFrame:
    """Incidents with an alert in the last ``hours``, most severe and newest first.

    ``status`` is ``""`` (any), ``open``, ``acknowledged``, ``resolved`` or ``active`` (open or
    acknowledged); the other filters match the incident's alerts (``""``: any); ``key`` picks
    one incident.

    Columns: ``incident_key``, ``risk_level`` (highest), ``risk`` (highest), ``alerts``,
    ``sources`` and ``reasons`` (lists), ``category``, ``product``, ``agent_team`` (of the most
    severe alert), ``excerpt``, ``first_kst``, ``last_kst``, ``age_s`` (since the last alert),
    ``status``, ``status_by``, ``status_kst``.
    """
    alerts = _table(db, "voc_alerts")
    window = """
    alerted_at >= now64(3) - toIntervalHour({hours:UInt32})
    AND ({source:String} = '' OR source = {source:String})
    AND ({category:String} = '' OR category = {category:String})
    AND ({team:String} = '' OR agent_team = {team:String})
    AND ({key:String} = '' OR incident_key = {key:String})"""
    # Phase 1 ranks every incident on light columns (max() needs no FINAL: a redelivered row
    # repeats its values); phase 2 reads the details of the page's incidents only.
    sql = f"""
WITH picked AS (
    SELECT r.incident_key AS incident_key, r.top_rank AS top_rank, r.age_s AS age_s,
           {_status_expr()} AS status, s.status_by AS status_by, s.status_kst AS status_kst
    FROM (
        SELECT incident_key, max({_LEVEL_RANK}) AS top_rank,
               dateDiff('second', max(occurred_at), now64(3)) AS age_s
        FROM {alerts}
        WHERE {window}
        GROUP BY incident_key
        HAVING {{level:String}} = ''
            OR top_rank = multiIf({{level:String}} = 'critical', 3, {{level:String}} = 'high', 2,
                                  {{level:String}} = 'medium', 1, 0)
    ) AS r
    LEFT JOIN {_status_subquery(db)} AS s ON s.incident_key = r.incident_key
    WHERE {{status:String}} = ''
       OR {_status_expr()} = {{status:String}}
       OR ({{status:String}} = 'active' AND {_status_expr()} != 'resolved')
    ORDER BY (status = 'resolved') ASC, top_rank DESC, age_s ASC, incident_key
    LIMIT {{limit:UInt32}}
)
SELECT p.incident_key AS incident_key, d.top_level AS risk_level, d.top_risk AS risk, d.n_alerts AS alerts,
       d.all_sources AS sources, d.all_reasons AS reasons, d.top_category AS category,
       d.top_product AS product, d.top_team AS agent_team, d.last_text AS excerpt,
       d.first_kst AS first_kst, d.last_kst AS last_kst, p.age_s AS age_s,
       p.status AS status, p.status_by AS status_by, p.status_kst AS status_kst
FROM picked AS p
INNER JOIN (
    SELECT incident_key,
           argMax(risk_level, (rank_, risk)) AS top_level,
           max(risk) AS top_risk,
           count() AS n_alerts,
           groupUniqArray(source) AS all_sources,
           arrayDistinct(arrayFlatten(groupArray(reasons))) AS all_reasons,
           argMax(category, (rank_, risk)) AS top_category,
           argMax(product, (rank_, risk)) AS top_product,
           argMax(agent_team, (rank_, risk)) AS top_team,
           argMax(substringUTF8(redacted_text, 1, 300), occurred_at) AS last_text,
           {_kst("min(occurred_at)")} AS first_kst,
           {_kst("max(occurred_at)")} AS last_kst
    FROM (SELECT *, {_LEVEL_RANK} AS rank_ FROM {alerts} FINAL
          WHERE {window} AND incident_key IN (SELECT incident_key FROM picked))
    GROUP BY incident_key
) AS d ON d.incident_key = p.incident_key
ORDER BY (p.status = 'resolved') ASC, p.top_rank DESC, p.age_s ASC, p.incident_key
"""
    params = {
        "hours": int(hours),
        "status": status,
        "level": level,
        "source": source,
        "category": category,
        "team": team,
        "key": key,
        "limit": max(0, int(limit)),
    }
    df = _wh.query_df(sql, params)
    for col in ("sources", "reasons"):
        if col in df.columns:
            df[col] = [_as_list(v) for v in df[col]]
    return df


def _agent_expr(reveal: bool) -> str:
    """The agent column as a viewer may see it: the id, or a stable salted pseudonym."""
    if reveal:
        return "agent_id"
    return (
        "if(agent_id = '', '', concat('상담사-', "
        "substring(lower(hex(SHA256(concat({salt:String}, agent_id)))), 1, 6)))"
    )


@st.cache_data(ttl=TTL_S, show_spinner=False)
def incident_events(
    _wh: Warehouse, db: str, incident_key: str, reveal_agents: bool, salt: str
) -> pd.DataFrame:
    """Every stored event of one incident (all sources), oldest first.

    Columns: ``event_id``, ``source``, ``conversation_id``, ``is_partial``, ``turn_count``,
    ``agent`` (id or pseudonym, see :func:`_agent_expr`), ``agent_team``, ``product``,
    ``category``, ``risk``, ``risk_level``, ``alert``, ``reasons``, ``evidence``,
    ``redacted_text``, ``customer_key``, ``occurred_kst``, ``occurred_ms`` (epoch ms, for ranges).
    """
    sql = f"""
SELECT event_id, source, conversation_id, is_partial, turn_count, {_agent_expr(reveal_agents)} AS agent,
       agent_team, product, category, risk, risk_level, alert, reasons, evidence, redacted_text,
       customer_key, {_kst("occurred_at")} AS occurred_kst, toUnixTimestamp64Milli(occurred_at) AS occurred_ms
FROM {_table(db, "voc_events")} FINAL
PREWHERE incident_key = {{key:String}}
ORDER BY occurred_at, event_id
LIMIT 500
"""
    return _tidy_text_rows(_wh.query_df(sql, {"key": incident_key, "salt": salt}))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def related_events(
    _wh: Warehouse,
    db: str,
    incident_key: str,
    customer_keys: tuple[str, ...],
    category: str,
    product: str,
    start_ms: int,
    end_ms: int,
    limit: int = 20,
) -> pd.DataFrame:
    """Contacts linked to an incident from other channels and conversations.

    ``link`` says why: ``customer`` (the same pseudonymous customer within 7 days of the
    incident) or ``topic`` (a post, ticket or e-mail on the same category and product within
    6 hours, rated medium or higher).

    Columns: ``event_id``, ``incident_key``, ``source``, ``link``, ``category``, ``product``,
    ``risk``, ``risk_level``, ``reasons``, ``redacted_text``, ``occurred_kst``.
    """
    sql = f"""
SELECT event_id, incident_key, source,
       if(customer_key != '' AND has({{customers:Array(String)}}, customer_key), 'customer', 'topic') AS link,
       category, product, risk, risk_level, reasons, substringUTF8(redacted_text, 1, 400) AS redacted_text,
       {_kst("occurred_at")} AS occurred_kst
FROM {_table(db, "voc_events")} FINAL
WHERE occurred_at >= fromUnixTimestamp64Milli({{start:Int64}}) - INTERVAL 7 DAY
  AND occurred_at <= fromUnixTimestamp64Milli({{end:Int64}}) + INTERVAL 7 DAY
  AND incident_key != {{key:String}}
  AND is_partial = 0
  AND (
        (customer_key != '' AND has({{customers:Array(String)}}, customer_key))
     OR (source IN ('tweet', 'ticket', 'email') AND category = {{category:String}}
         AND product = {{product:String}} AND {{product:String}} != '' AND risk_level != 'low'
         AND occurred_at >= fromUnixTimestamp64Milli({{start:Int64}}) - INTERVAL 6 HOUR
         AND occurred_at <= fromUnixTimestamp64Milli({{end:Int64}}) + INTERVAL 6 HOUR)
  )
ORDER BY link = 'customer' DESC, occurred_at DESC
LIMIT {{limit:UInt32}}
"""
    params = {
        "key": incident_key,
        "customers": [c for c in customer_keys if c],
        "category": category,
        "product": product,
        "start": int(start_ms),
        "end": int(end_ms),
        "limit": max(0, int(limit)),
    }
    return _tidy_text_rows(_wh.query_df(sql, params))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def incident_actions(_wh: Warehouse, db: str, incident_key: str) -> pd.DataFrame:
    """The action log of one incident, newest first.

    Columns: ``action``, ``actor``, ``actor_role``, ``note``, ``acted_kst``.
    """
    sql = f"""
SELECT action, actor, actor_role, note, {_kst("acted_at")} AS acted_kst
FROM {_table(db, "voc_incident_actions")} FINAL
WHERE incident_key = {{key:String}}
ORDER BY acted_at DESC, action_id DESC
LIMIT 100
"""
    return _wh.query_df(sql, {"key": incident_key})


AUDIT_ACTIONS: Final[tuple[str, ...]] = (
    *ACTIONS,
    "viewed_contacts",
    "login",
    "logout",
    "idle_logout",
)


def record_audit(
    wh: Warehouse,
    db: str,
    action: str,
    actor: str,
    role: str,
    auth: str,
    incident_key: str = "",
    customer_keys: tuple[str, ...] = (),
    client: str = "",
) -> str:
    """Append one row to the dashboard audit log (``voc_dashboard_audit``): who did or saw what.

    ``viewed_contacts`` records an opening of an incident, which shows a customer's contacts
    (``customer_keys`` are the pipeline's salted keys, never an id). Not cached: it writes.
    Returns the new ``audit_id``.
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"action must be one of {AUDIT_ACTIONS}, got {action!r}")
    _table(db, "voc_dashboard_audit")  # checks the name
    if wh.database != db:
        wh = Warehouse(wh.client, db)
    audit_id = uuid.uuid4().hex
    wh.insert(
        "voc_dashboard_audit",
        [
            {
                "audit_id": audit_id,
                "at": datetime.now(UTC),
                "actor": actor[:80],
                "actor_role": role,
                "auth": auth,
                "action": action,
                "incident_key": incident_key,
                "customer_keys": [c for c in customer_keys if c],
                "client": client[:64],
                "version": time.time_ns(),
            }
        ],
    )
    return audit_id


def record_action(
    wh: Warehouse,
    db: str,
    incident_key: str,
    action: str,
    actor: str,
    role: str,
    note: str = "",
    *,
    auth: str = "open",
    client: str = "",
) -> str:
    """Append one action (``acknowledged``, ``resolved`` or ``reopened``) to an incident's log.

    The audit log gets its row first, so no action is taken that the audit log does not hold.
    Not cached: it writes. Returns the new ``action_id``. The caller clears the caches so the
    next render shows the new status.
    """
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}, got {action!r}")
    if not incident_key:
        raise ValueError("an incident key is required")
    _table(db, "voc_incident_actions")  # checks the name
    if wh.database != db:
        wh = Warehouse(wh.client, db)
    record_audit(wh, db, action, actor, role, auth, incident_key, client=client)
    now = datetime.now(UTC)
    action_id = uuid.uuid4().hex
    wh.insert(
        "voc_incident_actions",
        [
            {
                "action_id": action_id,
                "incident_key": incident_key,
                "action": action,
                "actor": actor[:80],
                "actor_role": role,
                "note": note[:500],
                "acted_at": now,
                "version": time.time_ns(),
            }
        ],
    )
    return action_id


# --- overview extras ----------------------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner=False)
def rising_topics(
    _wh: Warehouse, db: str, recent_hours: int = 1, base_hours: int = 24, min_recent: int = 3, limit: int = 8
) -> pd.DataFrame:
    """Topics (category x product) growing fastest: the last ``recent_hours`` against the rate of
    the ``base_hours`` before.

    Columns: ``category``, ``product``, ``recent``, ``expected`` (at the earlier rate),
    ``ratio`` ((recent + 1) / (expected + 1)), ``sources`` (distinct channels recently),
    ``alerts`` (recent alerting events).
    """
    sql = f"""
SELECT category, product, recent, expected, (recent + 1) / (expected + 1) AS ratio, sources, alerts
FROM (
    SELECT category, product,
           countIf(occurred_at >= now64(3) - toIntervalHour({{recent:UInt32}})) AS recent,
           countIf(occurred_at < now64(3) - toIntervalHour({{recent:UInt32}}))
             * {{recent:UInt32}} / greatest({{base:UInt32}} - {{recent:UInt32}}, 1) AS expected,
           uniqExactIf(source, occurred_at >= now64(3) - toIntervalHour({{recent:UInt32}})) AS sources,
           countIf(alert = 1 AND occurred_at >= now64(3) - toIntervalHour({{recent:UInt32}})) AS alerts
    FROM {_table(db, "voc_events")} FINAL
    WHERE occurred_at >= now64(3) - toIntervalHour({{base:UInt32}})
      AND category NOT IN ('other', 'praise', 'inquiry') AND is_partial = 0
    GROUP BY category, product
)
WHERE recent >= {{min_recent:UInt32}}
ORDER BY ratio DESC, recent DESC, category, product
LIMIT {{limit:UInt32}}
"""
    params = {
        "recent": int(recent_hours),
        "base": max(int(base_hours), int(recent_hours) + 1),
        "min_recent": int(min_recent),
        "limit": int(limit),
    }
    return _wh.query_df(sql, params)


# --- agent quality ------------------------------------------------------------------------------
_CONDUCT = {
    "obstruction": "agent_obstruction",
    "hostility": "agent_hostility",
    "abuse": "customer_abuse",
}


def _conduct_columns() -> str:
    # Contacts are conversations (incident_key), so a call's partial transcripts count once; counting
    # distinct keys also counts a redelivered row once, so these queries need no FINAL.
    cols = ["uniqExact(incident_key) AS contacts"]
    for name, reason in _CONDUCT.items():
        cols.append(f"uniqExactIf(incident_key, has(reasons, '{reason}')) AS {name}")
    cols.append("uniqExactIf(incident_key, alert = 1) AS alerts")
    return ",\n       ".join(cols)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def team_conduct(_wh: Warehouse, db: str, days: int = 7) -> pd.DataFrame:
    """Per team: contacts, and contacts with obstruction, hostility (by the agent) and abuse
    (received by the agent) in the last ``days``.

    Columns: ``agent_team``, ``agents``, ``contacts``, ``obstruction``, ``hostility``,
    ``abuse``, ``alerts``.
    """
    sql = f"""
SELECT agent_team, uniqExact(agent_id) AS agents,
       {_conduct_columns()}
FROM {_table(db, "voc_events")}
WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND agent_team != ''
GROUP BY agent_team
ORDER BY obstruction + hostility DESC, abuse DESC, contacts DESC, agent_team
"""
    return _wh.query_df(sql, {"days": int(days)})


@st.cache_data(ttl=TTL_S, show_spinner=False)
def agent_conduct(
    _wh: Warehouse, db: str, days: int, team: str, reveal_agents: bool, salt: str, limit: int = 30
) -> pd.DataFrame:
    """Per agent (id or pseudonym): the columns of :func:`team_conduct`, most flagged first.

    Columns: ``agent``, ``agent_team``, ``contacts``, ``obstruction``, ``hostility``, ``abuse``,
    ``alerts``.
    """
    sql = f"""
SELECT {_agent_expr(reveal_agents)} AS agent, any(agent_team) AS team_of_agent,
       {_conduct_columns()}
FROM {_table(db, "voc_events")}
WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND agent_id != ''
  AND ({{team:String}} = '' OR agent_team = {{team:String}})
GROUP BY agent
ORDER BY obstruction + hostility DESC, abuse DESC, contacts DESC, agent
LIMIT {{limit:UInt32}}
"""
    params = {"days": int(days), "team": team, "salt": salt, "limit": int(limit)}
    return _wh.query_df(sql, params).rename(columns={"team_of_agent": "agent_team"})


@st.cache_data(ttl=TTL_S, show_spinner=False)
def coaching_examples(
    _wh: Warehouse,
    db: str,
    days: int,
    reason: str,
    team: str,
    reveal_agents: bool,
    salt: str,
    limit: int = 8,
) -> pd.DataFrame:
    """Recent contacts flagged with ``reason``, most severe first: material to coach from.

    One event per conversation. Rows are picked on light columns first and only those are read
    in full (``LIMIT 1 BY source, event_id`` keeps the newest version of a redelivered row).

    Columns: ``event_id``, ``incident_key``, ``source``, ``agent``, ``agent_team``, ``category``,
    ``risk``, ``risk_level``, ``reasons``, ``evidence``, ``occurred_kst``.
    """
    if reason not in _CONDUCT.values():
        raise ValueError(f"reason must be one of {sorted(_CONDUCT.values())}, got {reason!r}")
    sql = f"""
SELECT event_id, incident_key, source, {_agent_expr(reveal_agents)} AS agent, agent_team, category, risk,
       risk_level, reasons, evidence, {_kst("occurred_at")} AS occurred_kst
FROM {_table(db, "voc_events")}
WHERE (source, event_id) IN (
    SELECT source, event_id FROM {_table(db, "voc_events")}
    WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}})
      AND has(reasons, {{reason:String}})
      AND ({{team:String}} = '' OR agent_team = {{team:String}})
    ORDER BY risk DESC, occurred_at DESC
    LIMIT 1 BY incident_key
    LIMIT {{limit:UInt32}})
ORDER BY risk DESC, occurred_at DESC, version DESC
LIMIT 1 BY source, event_id
"""
    params = {"days": int(days), "reason": reason, "team": team, "salt": salt, "limit": int(limit)}
    return _tidy_text_rows(_wh.query_df(sql, params))


# --- repeat contacts and top issues --------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner=False)
def heavy_contacters(
    _wh: Warehouse, db: str, days: int = 7, min_contacts: int = 2, limit: int = 20
) -> pd.DataFrame:
    """Customers (pseudonymous keys) with the most contacts in the last ``days``.

    Columns: ``customer``, ``contacts``, ``sources``, ``top_category``, ``categories``,
    ``alerts``, ``max_level``, ``first_kst``, ``last_kst``.
    """
    events = _table(db, "voc_events")
    window = "occurred_at >= now64(3) - toIntervalDay({days:UInt32}) AND customer_key != ''"
    # The customers are ranked on two columns first; the details are read for those only.
    sql = f"""
SELECT concat('고객-', substring(customer_key, 1, 8)) AS customer,
       uniqExact(incident_key) AS contacts,
       groupUniqArray(source) AS sources,
       topK(1)(category)[1] AS top_category,
       uniqExact(category) AS categories,
       uniqExactIf(incident_key, alert = 1) AS alerts,
       argMax(risk_level, {_LEVEL_RANK}) AS max_level,
       {_kst("min(occurred_at)")} AS first_kst,
       {_kst("max(occurred_at)")} AS last_kst
FROM {events}
WHERE {window} AND customer_key IN (
    SELECT customer_key FROM {events} WHERE {window}
    GROUP BY customer_key
    -- uniq() is exact for sets this small (a customer's contacts) and lighter than uniqExact
    HAVING uniq(incident_key) >= {{min_contacts:UInt32}}
    ORDER BY uniq(incident_key) DESC, customer_key
    LIMIT {{limit:UInt32}})
GROUP BY customer_key
ORDER BY contacts DESC, alerts DESC, customer
"""
    df = _wh.query_df(sql, {"days": int(days), "min_contacts": int(min_contacts), "limit": int(limit)})
    if "sources" in df.columns:
        df["sources"] = [_as_list(v) for v in df["sources"]]
    return df


@st.cache_data(ttl=TTL_S, show_spinner=False)
def repeat_issues(_wh: Warehouse, db: str, days: int = 7, limit: int = 15) -> pd.DataFrame:
    """Issues (category x product) customers keep coming back about.

    Columns: ``category``, ``product``, ``customers`` (with any contact), ``repeaters`` (with
    two or more), ``contacts``, ``repeat_share``.
    """
    sql = f"""
SELECT category, product, count() AS customers, countIf(n >= 2) AS repeaters,
       sum(n) AS contacts, countIf(n >= 2) / count() AS repeat_share
FROM (
    -- uniq() is exact for sets this small (one customer's contacts on one issue)
    SELECT category, product, customer_key, uniq(incident_key) AS n
    FROM {_table(db, "voc_events")}
    WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND customer_key != ''
      AND category NOT IN ('other', 'praise')
    GROUP BY category, product, customer_key
)
GROUP BY category, product
HAVING repeaters > 0
ORDER BY repeaters DESC, contacts DESC, category, product
LIMIT {{limit:UInt32}}
"""
    return _wh.query_df(sql, {"days": int(days), "limit": int(limit)})


@st.cache_data(ttl=TTL_S, show_spinner=False)
def question_texts(_wh: Warehouse, db: str, days: int = 7, limit: int = 1200) -> pd.DataFrame:
    """The customer's opening words of recent questions and requests, for grouping into FAQs.

    For conversations the first customer turn is taken (``[고객] ...`` line of the transcript);
    for written channels the body. Only masked text is read, and only for the newest ``limit``
    events (picked on light columns first).

    Columns: ``event_id``, ``source``, ``category``, ``customer_key``, ``text``.
    """
    sql = f"""
SELECT event_id, source, category, customer_key,
       substringUTF8(if(source IN ('call', 'chat'),
                    replaceRegexpOne(
                        arrayFirst(l -> startsWith(l, '[고객] '), splitByChar('\\n', redacted_text)),
                        '^\\\\[고객\\\\] ', ''),
                    redacted_text), 1, 300) AS text
FROM {_table(db, "voc_events")}
WHERE (source, event_id) IN (
    SELECT source, event_id FROM {_table(db, "voc_events")}
    WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}})
      AND is_partial = 0 AND source != 'note'
      AND category NOT IN ('other', 'praise')
      AND risk_level IN ('low', 'medium')
    ORDER BY occurred_at DESC
    LIMIT 1 BY source, event_id
    LIMIT {{limit:UInt32}})
ORDER BY occurred_at DESC, version DESC
LIMIT 1 BY source, event_id
"""
    df = _wh.query_df(sql, {"days": int(days), "limit": int(limit)})
    return df[df["text"].astype(str).str.strip() != ""].reset_index(drop=True) if not df.empty else df


@st.cache_data(ttl=TTL_S, show_spinner=False)
def response_times(_wh: Warehouse, db: str, days: int = 7) -> pd.DataFrame:
    """First response and resolution per channel, from what the events carry.

    - ``conversations``: contacts (``incident_key``) opened in the window.
    - ``first_response_*``: for conversations opened by the customer (first event without an
      agent) that an agent later answered in an event of their own (a helpdesk reply), the time
      from the opening to that reply.
    - ``handling_*``: for conversations of several events (ticket replies, a call's partial
      transcripts), first to last event.
    - ``resolution_*``: for a customer who contacted about the same category two or more times,
      first to last contact: how long the issue stayed open; attributed to the first contact's
      channel.

    Times are medians and 90th percentiles in seconds (NaN when nothing qualifies); ``*_n`` are
    the numbers of conversations or issues behind them.
    """
    events = _table(db, "voc_events")
    sql = f"""
SELECT v.source AS source, v.conversations AS conversations,
       c.first_response_n AS first_response_n, c.first_response_p50 AS first_response_p50,
       c.first_response_p90 AS first_response_p90,
       c.handling_n AS handling_n, c.handling_p50 AS handling_p50, c.handling_p90 AS handling_p90,
       r.resolution_n AS resolution_n, r.resolution_p50 AS resolution_p50, r.resolution_p90 AS resolution_p90
FROM (
    SELECT source, uniqExact(incident_key) AS conversations
    FROM {events}
    WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}})
    GROUP BY source
) AS v
LEFT JOIN (
    SELECT first_source,
           countIf(answered) AS first_response_n,
           quantileExactIf(0.5)(first_reply_s, answered) AS first_response_p50,
           quantileExactIf(0.9)(first_reply_s, answered) AS first_response_p90,
           countIf(n > 1) AS handling_n,
           quantileExactIf(0.5)(span_s, n > 1) AS handling_p50,
           quantileExactIf(0.9)(span_s, n > 1) AS handling_p90
    FROM (
        SELECT argMin(source, occurred_at) AS first_source,
               -- 1 or 2+ distinct events (a redelivered row repeats its event_id)
               if(min(event_id) = max(event_id), 1, 2) AS n,
               dateDiff('second', min(occurred_at), max(occurred_at)) AS span_s,
               argMin(agent_id, occurred_at) = '' AND countIf(agent_id != '') > 0 AS answered,
               dateDiff('second', min(occurred_at), minIf(occurred_at, agent_id != '')) AS first_reply_s
        FROM {events}
        -- only conversations with an id can have several events (replies, partial transcripts)
        WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND conversation_id != ''
        GROUP BY incident_key
    )
    GROUP BY first_source
) AS c ON c.first_source = v.source
LEFT JOIN (
    SELECT first_source, count() AS resolution_n,
           quantileExact(0.5)(span_s) AS resolution_p50,
           quantileExact(0.9)(span_s) AS resolution_p90
    FROM (
        SELECT argMin(source, occurred_at) AS first_source,
               dateDiff('second', min(occurred_at), max(occurred_at)) AS span_s
        FROM {events}
        WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND customer_key != ''
          AND is_partial = 0 AND category NOT IN ('other', 'praise')
        GROUP BY customer_key, category
        HAVING min(incident_key) != max(incident_key)  -- two or more contacts
    )
    GROUP BY first_source
) AS r ON r.first_source = v.source
ORDER BY v.conversations DESC, v.source
"""
    df = _wh.query_df(sql, {"days": int(days)})
    for col in df.columns:
        if col.endswith(("_p50", "_p90")):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
            n = df[col.rsplit("_", 1)[0] + "_n"].fillna(0).astype("int64")
            df.loc[n == 0, col] = float("nan")
    return df


# --- search -------------------------------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner=False)
def search_events(
    _wh: Warehouse,
    db: str,
    text: str = "",
    days: int = 7,
    source: str = "",
    category: str = "",
    level: str = "",
    team: str = "",
    limit: int = 50,
) -> pd.DataFrame:
    """Stored (masked) VOC matching ``text`` (case-insensitive substring; ``""``: everything) and
    the filters, newest first; a call's partial transcripts give way to its latest version.

    Columns: ``event_id``, ``incident_key``, ``source``, ``agent_team``, ``product``,
    ``category``, ``risk``, ``risk_level``, ``reasons``, ``redacted_text``, ``occurred_kst``,
    ``total`` (matches in the window, capped at 10,000).
    """
    events = _table(db, "voc_events")
    matches = f"""
    SELECT source, event_id, incident_key, occurred_at FROM {events}
    WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}})
      AND ({{source:String}} = '' OR source = {{source:String}})
      AND ({{category:String}} = '' OR category = {{category:String}})
      AND ({{level:String}} = '' OR risk_level = {{level:String}})
      AND ({{team:String}} = '' OR agent_team = {{team:String}})
      AND ({{text:String}} = '' OR positionCaseInsensitiveUTF8(redacted_text, {{text:String}}) > 0)"""
    # The newest event of each conversation is picked on light columns; only those rows are read
    # in full. LIMIT 1 BY also counts a redelivered row once, so no FINAL is needed.
    sql = f"""
SELECT event_id, incident_key, source, agent_team, product, category, risk, risk_level, reasons,
       substringUTF8(redacted_text, 1, 2000) AS redacted_text, {_kst("occurred_at")} AS occurred_kst,
       (SELECT least(uniqExact(incident_key), 10000) FROM ({matches})) AS total
FROM {events}
WHERE (source, event_id) IN (
    SELECT source, event_id FROM ({matches})
    ORDER BY occurred_at DESC, event_id
    LIMIT 1 BY incident_key
    LIMIT {{limit:UInt32}})
  AND occurred_at >= now64(3) - toIntervalDay({{days:UInt32}})
ORDER BY occurred_at DESC, event_id, version DESC
LIMIT 1 BY source, event_id
"""
    params = {
        "text": text.strip()[:200],
        "days": int(days),
        "source": source,
        "category": category,
        "level": level,
        "team": team,
        "limit": max(0, int(limit)),
    }
    return _tidy_text_rows(_wh.query_df(sql, params))


@st.cache_data(ttl=60, show_spinner=False)
def teams(_wh: Warehouse, db: str, days: int = 30) -> list[str]:
    """Agent teams seen in the last ``days`` (for filter choices)."""
    sql = f"""
SELECT DISTINCT agent_team FROM {_table(db, "voc_events")}
WHERE occurred_at >= now64(3) - toIntervalDay({{days:UInt32}}) AND agent_team != ''
ORDER BY agent_team
"""
    return [str(r["agent_team"]) for r in _wh.query(sql, {"days": int(days)})]
