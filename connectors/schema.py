"""The warehouse schema: the one versioned DDL for events, alerts, notifications (and their outbox), dead
letters and launches.

The same statements serve a ClickHouse server and embedded chDB. Every table is a
``ReplacingMergeTree`` keyed on its natural id, so a replayed or redelivered row replaces its
twin; queries that must not double-count read with ``FINAL`` (see ``dashboards/queries.py``).
Tables holding personal data carry a retention period (``TTL``, :data:`RETENTION`, days from the
``retention_days_*`` settings); :func:`ttl_migrations` brings existing tables to it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["RETENTION", "SCHEMA_VERSION", "TABLES", "ddl_statements", "retention_clause", "ttl_migrations"]

# 1: the tables. 2: a retention period (TTL) per table, applied to existing tables by ttl_migrations.
SCHEMA_VERSION = 2

TABLES: dict[str, str] = {
    # One row per scored event (a call's partial transcripts are events of their own).
    "voc_events": """
CREATE TABLE IF NOT EXISTS {db}.voc_events (
    event_id            String,
    source              LowCardinality(String),
    occurred_at         DateTime64(3, 'UTC'),
    scored_at           DateTime64(3, 'UTC'),
    arrived_at          DateTime64(3, 'UTC'),
    conversation_id     String,
    incident_key        String,
    customer_key        String,
    customer_followers  UInt32,
    customer_verified   UInt8,
    agent_id            String,
    agent_team          LowCardinality(String),
    product             LowCardinality(String),
    lang                LowCardinality(String),
    is_partial          UInt8,
    turn_count          UInt16,
    char_count          UInt32,
    truncated           UInt8,
    redacted_text       String,
    raw_text            String,
    category            LowCardinality(String),
    category_confidence Float32,
    risk                Float32,
    risk_level          LowCardinality(String),
    alert               UInt8,
    reasons             Array(LowCardinality(String)),
    evidence            String,
    lexicon_hash        LowCardinality(String),
    model_version       LowCardinality(String),
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY event_id""",
    # One row per alerting event: the feed of the dashboard and the input of notifiers.
    "voc_alerts": """
CREATE TABLE IF NOT EXISTS {db}.voc_alerts (
    event_id            String,
    incident_key        String,
    source              LowCardinality(String),
    occurred_at         DateTime64(3, 'UTC'),
    alerted_at          DateTime64(3, 'UTC'),
    product             LowCardinality(String),
    agent_team          LowCardinality(String),
    category            LowCardinality(String),
    risk                Float32,
    risk_level          LowCardinality(String),
    reasons             Array(LowCardinality(String)),
    evidence            String,
    redacted_text       String,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY event_id""",
    # One row per message delivered (or given up) per incident, level and channel.
    "voc_notifications": """
CREATE TABLE IF NOT EXISTS {db}.voc_notifications (
    notification_id     String,
    incident_key        String,
    event_id            String,
    channel             LowCardinality(String),
    risk_level          LowCardinality(String),
    sent_at             DateTime64(3, 'UTC'),
    ok                  UInt8,
    attempts            UInt8,
    error               String,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY notification_id""",
    # The notification outbox (connectors/notify.py): one row per message and channel, keyed by its
    # idempotency key; written pending (with a lease) before the message is sent and sent after,
    # failed ones are retried from due_ms until sent or given up by an operator. Times in Unix ms.
    "voc_outbox": """
CREATE TABLE IF NOT EXISTS {db}.voc_outbox (
    message_key         String,
    incident_key        String,
    kind                LowCardinality(String),
    channel             LowCardinality(String),
    event_id            String,
    risk_level          LowCardinality(String),
    parent_key          String,
    payload             String,
    state               LowCardinality(String),
    owner               String,
    due_ms              Int64,
    rounds              UInt32,
    attempts            UInt32,
    ref                 String,
    error               String,
    unknown             UInt8,
    created_ms          Int64,
    updated_ms          Int64,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY message_key""",
    # Bad input, keyed by where it was read (topic/partition/offset) so redelivery does not repeat it.
    "voc_dead": """
CREATE TABLE IF NOT EXISTS {db}.voc_dead (
    dead_id             String,
    received_at         DateTime64(3, 'UTC'),
    source_ref          String,
    event_id            String,
    reason              LowCardinality(String),
    detail              String,
    payload_excerpt     String,
    payload_bytes       UInt32,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY dead_id""",
    # Human actions on an incident from the dashboard (acknowledge, resolve, reopen): an append-only log.
    # The latest action per incident_key is its human status; notifiers stop re-notifying an
    # acknowledged or resolved incident until a reopen.
    "voc_incident_actions": """
CREATE TABLE IF NOT EXISTS {db}.voc_incident_actions (
    action_id           String,
    incident_key        String,
    action              LowCardinality(String),
    actor               String,
    actor_role          LowCardinality(String),
    note                String,
    acted_at            DateTime64(3, 'UTC'),
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (incident_key, action_id)""",
    # Who did and saw what on the dashboard: every incident action and every opening of a customer's
    # contacts, with the logged-in person (dashboards/queries.py: record_audit). Append-only.
    "voc_dashboard_audit": """
CREATE TABLE IF NOT EXISTS {db}.voc_dashboard_audit (
    audit_id            String,
    at                  DateTime64(3, 'UTC'),
    actor               String,
    actor_role          LowCardinality(String),
    auth                LowCardinality(String),
    action              LowCardinality(String),
    incident_key        String,
    customer_keys       Array(String),
    client              String,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (at, audit_id)""",
    # The launch registry (connectors/launches.py): past launches, their daily VOC per category for
    # the first weeks after launch, and masked example VOC with its complaint theme.
    "voc_launches": """
CREATE TABLE IF NOT EXISTS {db}.voc_launches (
    launch_id           String,
    name                String,
    description         String,
    category            LowCardinality(String),
    launch_date         Date,
    subscriber_base     UInt32,
    channels            Array(LowCardinality(String)),
    synthetic           UInt8,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY launch_id""",
    "voc_launch_daily": """
CREATE TABLE IF NOT EXISTS {db}.voc_launch_daily (
    launch_id           String,
    day                 UInt16,
    category            LowCardinality(String),
    events              UInt32,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (launch_id, day, category)""",
    "voc_launch_voc": """
CREATE TABLE IF NOT EXISTS {db}.voc_launch_voc (
    launch_id           String,
    event_id            String,
    day                 UInt16,
    category            LowCardinality(String),
    theme               String,
    redacted_text       String,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (launch_id, event_id)""",
    # Incidents across channels (streams/incident_agent.py): one row per change, the latest version
    # wins. ``status`` is the stream's view (open, escalated); people's acknowledge/resolve actions
    # live in voc_incident_actions (see models/incidents.py: incident_status_sql).
    "voc_incidents": """
CREATE TABLE IF NOT EXISTS {db}.voc_incidents (
    incident_key        String,
    kind                LowCardinality(String),
    status              LowCardinality(String),
    tier                UInt8,
    risk_level          LowCardinality(String),
    reasons             Array(LowCardinality(String)),
    origin_source       LowCardinality(String),
    sources             Array(LowCardinality(String)),
    categories          Array(LowCardinality(String)),
    products            Array(String),
    burst_key           String,
    first_event_id      String,
    event_count         UInt32,
    customer_count      UInt32,
    opened_at           DateTime64(3, 'UTC'),
    detected_at         DateTime64(3, 'UTC'),
    last_event_at       DateTime64(3, 'UTC'),
    escalated_at        Nullable(DateTime64(3, 'UTC')),
    timeline            String,
    updated_at          DateTime64(3, 'UTC'),
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY incident_key""",
    "voc_schema": """
CREATE TABLE IF NOT EXISTS {db}.voc_schema (
    version             UInt32,
    applied_at          DateTime DEFAULT now()
) ENGINE = ReplacingMergeTree
ORDER BY version""",
}


# Retention: table -> (the time a row's age counts from, as a DateTime expression; the settings
# field with its days). A row older than that many days is deleted by the engine (TTL); 0 days
# keeps rows forever. The launch registry is reference data and voc_schema is bookkeeping: no TTL.
RETENTION: dict[str, tuple[str, str]] = {
    "voc_events": ("toDateTime(scored_at)", "retention_days_events"),
    "voc_alerts": ("toDateTime(alerted_at)", "retention_days_alerts"),
    "voc_notifications": ("toDateTime(sent_at)", "retention_days_notifications"),
    "voc_outbox": ("toDateTime(intDiv(updated_ms, 1000))", "retention_days_notifications"),
    "voc_dead": ("toDateTime(received_at)", "retention_days_dead"),
    "voc_incidents": ("toDateTime(updated_at)", "retention_days_incidents"),
    "voc_incident_actions": ("toDateTime(acted_at)", "retention_days_actions"),
    "voc_dashboard_audit": ("toDateTime(at)", "retention_days_actions"),
}


def retention_clause(table: str, days: Mapping[str, int] | None) -> str:
    """The ``TTL ...`` clause of ``table`` for ``days`` (settings field -> days), or ``""``."""
    if days is None or table not in RETENTION:
        return ""
    expr, field = RETENTION[table]
    n = int(days.get(field, 0))
    return f"TTL {expr} + toIntervalDay({n})" if n > 0 else ""


def ddl_statements(database: str, retention: Mapping[str, int] | None = None) -> list[str]:
    """The statements that create the database and every table, in order.

    ``retention`` maps the settings' ``retention_days_*`` fields to days (see :data:`RETENTION`);
    None creates the tables without a TTL.
    """
    if not database.isidentifier():
        raise ValueError(f"database name must be a plain identifier, got {database!r}")
    statements = [f"CREATE DATABASE IF NOT EXISTS {database}"]
    for table, ddl in TABLES.items():
        ttl = retention_clause(table, retention)
        statements.append(ddl.format(db=database).strip() + (f"\n{ttl}" if ttl else ""))
    return statements


def ttl_migrations(database: str, engines: Mapping[str, str], retention: Mapping[str, int]) -> list[str]:
    """The ``ALTER TABLE`` statements that bring existing tables to the configured retention.

    ``engines`` maps each existing table to its ``system.tables.engine_full``; a table whose TTL
    already matches gets no statement, so running this on every start costs nothing.
    """
    if not database.isidentifier():
        raise ValueError(f"database name must be a plain identifier, got {database!r}")
    out = []
    for table in RETENTION:
        if table not in TABLES or table not in engines:
            continue
        engine, ttl = engines[table], retention_clause(table, retention)
        if ttl and f"{ttl} " not in f"{engine} ":
            out.append(f"ALTER TABLE {database}.{table} MODIFY {ttl}")
        elif not ttl and " TTL " in f" {engine} ":
            out.append(f"ALTER TABLE {database}.{table} REMOVE TTL")
    return out
