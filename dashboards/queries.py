"""Every SQL statement of the dashboard, one cached function per query, each returning a DataFrame.

Rules all queries follow:

- Tables are read with ``FINAL``: the ``voc_*`` tables are ``ReplacingMergeTree``s, and a
  redelivered or replayed row must be counted once.
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
from typing import Any, Final

import pandas as pd
import streamlit as st

from vocradar.connectors.warehouse import Warehouse, WarehouseUnavailable

__all__ = [
    "BUCKET_MINUTES",
    "KST",
    "TTL_S",
    "event_detail",
    "is_missing_schema",
    "is_unreachable",
    "kpis",
    "latest_alerts",
    "parse_evidence",
    "risk_levels",
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
    sql = f"""
SELECT
    (SELECT countIf(occurred_at >= now64(3) - INTERVAL 1 HOUR)
       FROM {events} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS events_1h,
    (SELECT count() FROM {events} FINAL
      WHERE occurred_at >= now64(3) - INTERVAL 2 HOUR
        AND occurred_at < now64(3) - INTERVAL 1 HOUR) AS events_prev_1h,
    (SELECT count() FROM {events} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS events_24h,
    (SELECT countIf(occurred_at >= now64(3) - INTERVAL 1 HOUR)
       FROM {alerts} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS alerts_1h,
    (SELECT count() FROM {alerts} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS alerts_24h,
    (SELECT countIf(risk_level = 'critical')
       FROM {alerts} FINAL WHERE occurred_at >= now64(3) - INTERVAL 24 HOUR) AS critical_24h,
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
def event_detail(_wh: Warehouse, db: str, event_id: str) -> pd.DataFrame:
    """The stored (masked) view of one event: zero or one row.

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
WHERE event_id = {{event_id:String}}
LIMIT 1
"""
    return _tidy_text_rows(_wh.query_df(sql, {"event_id": event_id}))


def is_missing_schema(exc: BaseException) -> bool:
    """True when a query failed because the database or a ``voc_*`` table does not exist yet."""
    text = str(exc)
    return any(marker in text for marker in _MISSING_SCHEMA)


def is_unreachable(exc: BaseException) -> bool:
    """True when the warehouse could not be reached (as opposed to rejecting a query)."""
    from clickhouse_connect.driver.exceptions import OperationalError

    return isinstance(exc, WarehouseUnavailable | OperationalError | OSError)
