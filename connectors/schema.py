"""The warehouse schema: the one versioned DDL for events, alerts, notifications and dead letters.

The same statements serve a ClickHouse server and embedded chDB. Every table is a
``ReplacingMergeTree`` keyed on its natural id, so a replayed or redelivered row replaces its
twin; queries that must not double-count read with ``FINAL`` (see ``dashboards/queries.py``).
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "TABLES", "ddl_statements"]

SCHEMA_VERSION = 1

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
    "voc_schema": """
CREATE TABLE IF NOT EXISTS {db}.voc_schema (
    version             UInt32,
    applied_at          DateTime DEFAULT now()
) ENGINE = ReplacingMergeTree
ORDER BY version""",
}


def ddl_statements(database: str) -> list[str]:
    """The statements that create the database and every table, in order."""
    if not database.isidentifier():
        raise ValueError(f"database name must be a plain identifier, got {database!r}")
    return [f"CREATE DATABASE IF NOT EXISTS {database}"] + [
        ddl.format(db=database).strip() for ddl in TABLES.values()
    ]
