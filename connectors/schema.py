"""The warehouse schema: the one versioned DDL for events, alerts, notifications (and their outbox), dead
letters and launches, its migrations, and its single-node and cluster layouts.

The same statements serve a ClickHouse server and embedded chDB. Every table is a
``ReplacingMergeTree`` keyed on its natural id, so a replayed or redelivered row replaces its
twin; queries that must not double-count read with ``FINAL`` (see ``dashboards/queries.py``).
An event is identified by ``(source, event_id)`` (the contract makes ``event_id`` unique per
source only), so ``voc_events`` and ``voc_alerts`` are sorted by that pair.
Tables holding personal data carry a retention period (``TTL``, :data:`RETENTION`, days from the
``retention_days_*`` settings); :func:`ttl_migrations` brings existing tables to it.

**Layouts** (:class:`Layout`). Single node: each table is created under its own name. Cluster
(``VOCRADAR_WAREHOUSE_CLUSTER``): every statement runs ``ON CLUSTER``; each table's rows live in
``<table>_local`` (``ReplicatedReplacingMergeTree``, replicated through Keeper) and ``<table>`` is a
``Distributed`` table over them, sharded by ``cityHash64`` of the sorting key, so every version of
a row lands on one shard (where ``FINAL`` and merges can replace it). Reads and inserts go to the
``Distributed`` tables under the usual names: queries are the same in both layouts. Inserts are
synchronous (``insert_distributed_sync=1``): a batch is acknowledged once the shards have it.

**Migrations** (:data:`MIGRATIONS`): versioned and ordered; ``Warehouse.ensure_schema`` applies
those not yet recorded in ``voc_schema`` and records each. Every one checks the state it changes
(``IF NOT EXISTS``, ``system.tables``, ``system.columns``), so running one twice, or from two
workers at once, or again after a crash half-way, is safe.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "MIGRATIONS",
    "RETENTION",
    "SCHEMA_VERSION",
    "TABLES",
    "Layout",
    "Migration",
    "SchemaError",
    "SchemaTarget",
    "add_column_statements",
    "ddl_statements",
    "missing_ddl",
    "rebuild_sorting_key",
    "retention_clause",
    "sorting_key",
    "table_ddl",
    "ttl_migrations",
]

log = logging.getLogger(__name__)

# 1: the tables. 2: a retention period (TTL) per table. 3: events and alerts sorted by (source, event_id).
SCHEMA_VERSION = 3

_CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_CREATE = re.compile(r"^CREATE TABLE IF NOT EXISTS \{db\}\.(\w+) \(", re.MULTILINE)
_ENGINE = re.compile(r"ENGINE = ReplacingMergeTree(?:\((\w+)\))?")
_ORDER_BY = re.compile(r"^ORDER BY (.+)$", re.MULTILINE)
# A rebuild moves a table aside under these suffixes while its rows are copied (see rebuild_sorting_key).
_NEW, _OLD = "__rebuild_new", "__rebuild_old"
# Where a replicated table keeps its state in Keeper; the server fills in its macros.
_REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"


class SchemaError(RuntimeError):
    """The warehouse's schema cannot be brought to this release's (newer, or a migration refused)."""


@dataclass(frozen=True)
class Layout:
    """Where the tables of one database live: one server, or a cluster (``ON CLUSTER``)."""

    database: str
    cluster: str | None = None

    def __post_init__(self) -> None:
        if not self.database.isidentifier():
            raise ValueError(f"database name must be a plain identifier, got {self.database!r}")
        if self.cluster is not None and not _CLUSTER_NAME.match(self.cluster):
            raise ValueError(f"cluster name must be letters, digits, '_', '-' or '.', got {self.cluster!r}")

    @property
    def on_cluster(self) -> str:
        """`` ON CLUSTER `name``` in cluster mode, else ``""``."""
        return f" ON CLUSTER `{self.cluster}`" if self.cluster else ""

    def storage(self, table: str) -> str:
        """The table that holds ``table``'s rows: ``<table>_local`` on a cluster, else itself."""
        return f"{table}_local" if self.cluster else table


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
ORDER BY (source, event_id)""",
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
ORDER BY (source, event_id)""",
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
    applied_at          DateTime DEFAULT now(),
    description         String DEFAULT ''
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


def sorting_key(table: str) -> str:
    """The sorting key of ``table`` as ``system.tables.sorting_key`` shows it (``source, event_id``)."""
    m = _ORDER_BY.search(TABLES[table])
    if m is None:  # pragma: no cover - every table has one
        raise ValueError(f"{table} has no ORDER BY")
    return m.group(1).strip().removeprefix("(").removesuffix(")").strip()


def _layout(database: str | Layout, cluster: str | None = None) -> Layout:
    return database if isinstance(database, Layout) else Layout(database, cluster or None)


def table_ddl(
    layout: Layout, table: str, retention: Mapping[str, int] | None = None, name: str | None = None
) -> list[str]:
    """The statements creating ``table`` (as ``name``, default its own) in ``layout``.

    Single node: one ``CREATE TABLE``. Cluster: the ``ReplicatedReplacingMergeTree`` table
    ``<name>_local`` and the ``Distributed`` table ``<name>`` over it, both ``ON CLUSTER``.
    """
    db, name = layout.database, name or table
    ttl = retention_clause(table, retention)
    ddl = TABLES[table].format(db=db).strip() + (f"\n{ttl}" if ttl else "")
    if not layout.cluster:
        return [ddl.replace(f"{db}.{table} (", f"{db}.{name} (", 1)]
    local = layout.storage(name)
    ddl = ddl.replace(f"{db}.{table} (", f"{db}.{local}{layout.on_cluster} (", 1)

    def replicated(m: re.Match[str]) -> str:
        version = f", {m.group(1)}" if m.group(1) else ""
        return f"ENGINE = ReplicatedReplacingMergeTree({_REPLICA_PATH}{version})"

    ddl = _ENGINE.sub(replicated, ddl, count=1)
    shard = f"cityHash64({sorting_key(table)})"
    distributed = (
        f"CREATE TABLE IF NOT EXISTS {db}.{name}{layout.on_cluster} AS {db}.{local}\n"
        f"ENGINE = Distributed('{layout.cluster}', {db}, {local}, {shard})"
    )
    return [ddl, distributed]


def ddl_statements(
    database: str | Layout, retention: Mapping[str, int] | None = None, cluster: str | None = None
) -> list[str]:
    """The statements that create the database and every table, in order.

    ``retention`` maps the settings' ``retention_days_*`` fields to days (see :data:`RETENTION`);
    None creates the tables without a TTL. ``cluster`` (or a :class:`Layout`) picks the layout.
    """
    layout = _layout(database, cluster)
    statements = [f"CREATE DATABASE IF NOT EXISTS {layout.database}{layout.on_cluster}"]
    for table in TABLES:
        statements.extend(table_ddl(layout, table, retention))
    return statements


def missing_ddl(
    layout: Layout, existing: Sequence[str], retention: Mapping[str, int] | None = None
) -> list[str]:
    """The ``CREATE TABLE`` statements of the tables not in ``existing`` (names in the database)."""
    have = set(existing)
    out = []
    for table in TABLES:
        names = {table, layout.storage(table)}
        if not names <= have:
            out.extend(table_ddl(layout, table, retention))
    return out


def ttl_migrations(
    database: str | Layout,
    engines: Mapping[str, str],
    retention: Mapping[str, int],
    cluster: str | None = None,
) -> list[str]:
    """The ``ALTER TABLE`` statements that bring existing tables to the configured retention.

    ``engines`` maps each existing table (by its stored name: ``<table>_local`` on a cluster) to
    its ``system.tables.engine_full``; a table whose TTL already matches gets no statement, so
    running this on every start costs nothing.
    """
    layout = _layout(database, cluster)
    out = []
    for table in RETENTION:
        stored = layout.storage(table)
        if table not in TABLES or stored not in engines:
            continue
        engine, ttl = engines[stored], retention_clause(table, retention)
        target = f"{layout.database}.{stored}{layout.on_cluster}"
        if ttl and f"{ttl} " not in f"{engine} ":
            out.append(f"ALTER TABLE {target} MODIFY {ttl}")
        elif not ttl and " TTL " in f" {engine} ":
            out.append(f"ALTER TABLE {target} REMOVE TTL")
    return out


def add_column_statements(layout: Layout, table: str, column: str) -> list[str]:
    """``ALTER TABLE ... ADD COLUMN IF NOT EXISTS <column>`` for ``table`` in ``layout``: the
    stored table, and on a cluster also the ``Distributed`` table over it (for future migrations)."""
    names = [layout.storage(table), table] if layout.cluster else [table]
    return [
        f"ALTER TABLE {layout.database}.{n}{layout.on_cluster} ADD COLUMN IF NOT EXISTS {column}"
        for n in names
    ]


# --- migrations ----------------------------------------------------------------------------------
class SchemaTarget(Protocol):
    """What a migration works on (a ``Warehouse``)."""

    @property
    def layout(self) -> Layout: ...

    @property
    def retention(self) -> dict[str, int] | None: ...

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def command(self, sql: str, params: Mapping[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True)
class Migration:
    """One schema change: its version, what it does, and the function that applies it.

    ``apply`` must be idempotent: it checks the state it changes and may run again after a crash
    or next to another worker running it.
    """

    version: int
    description: str
    apply: Callable[[SchemaTarget], None]


def _tables(target: SchemaTarget) -> dict[str, str]:
    """Name -> sorting key of the tables of the target's database."""
    rows = target.query(
        "SELECT name, sorting_key FROM system.tables WHERE database = {d:String}",
        {"d": target.layout.database},
    )
    return {str(r["name"]): str(r["sorting_key"]) for r in rows}


def _same_key(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def create_tables(target: SchemaTarget) -> None:
    """Migration 1: every table missing (``CREATE ... IF NOT EXISTS``)."""
    for stmt in missing_ddl(target.layout, list(_tables(target)), target.retention):
        target.command(stmt)


def apply_retention(target: SchemaTarget) -> None:
    """Migration 2 (and every start after): the configured TTL on every table that keeps personal data."""
    if target.retention is None:
        return
    layout = target.layout
    rows = target.query(
        "SELECT name, engine_full FROM system.tables WHERE database = {d:String}", {"d": layout.database}
    )
    for stmt in ttl_migrations(layout, {r["name"]: r["engine_full"] for r in rows}, target.retention):
        log.info("retention: %s", stmt)
        target.command(stmt)


def rebuild_sorting_key(target: SchemaTarget, table: str) -> bool:
    """Give an existing single-node ``table`` the sorting key of :data:`TABLES`, keeping its rows.

    ClickHouse cannot change a sorting key's leading columns with ``ALTER``, so the table is
    rebuilt: an empty ``<table>__rebuild_new`` is created with the new key; ``RENAME`` moves the
    table to ``<table>__rebuild_old`` and the new one to its name (writers carry on into it); the
    old rows are copied partition by partition (at most one partition per insert); the old table is
    dropped. A crash at any point resumes on the next run: while ``__rebuild_old`` exists its rows
    are copied again (a copied row replaces its twin: ``ReplacingMergeTree``). ``RENAME`` and not
    ``EXCHANGE``: a second worker repeating the step fails (the name is taken) instead of swapping
    the tables back. Returns True when something was done.
    """
    layout = target.layout
    db, want = layout.database, sorting_key(table)
    tables = _tables(target)
    stored = layout.storage(table)
    if layout.cluster:
        if stored in tables and not _same_key(tables[stored], want):
            raise SchemaError(
                f"{db}.{stored} is sorted by ({tables[stored]}), not ({want}): rebuild it on the cluster "
                "by hand (cluster tables are created with the new key; no automatic rebuild on a cluster)"
            )
        return False
    new, old = f"{table}{_NEW}", f"{table}{_OLD}"
    did = False
    if table in tables and not _same_key(tables[table], want) and old not in tables:
        log.warning("rebuilding %s.%s sorted by (%s) instead of (%s)", db, table, tables[table], want)
        target.command(table_ddl(layout, table, target.retention, name=new)[0])
        current = _tables(target)
        if not _same_key(current.get(table, want), want) and old not in current:
            target.command(f"RENAME TABLE {db}.{table} TO {db}.{old}, {db}.{new} TO {db}.{table}")
        tables, did = _tables(target), True
    if old in tables:
        if table not in tables:  # a crash between the two renames: the new table takes the name
            target.command(table_ddl(layout, table, target.retention)[0])
        cols = _columns(target, old)
        have = set(_columns(target, table))
        names = ", ".join(f"`{c}`" for c in cols if c in have)
        parts = target.query(f"SELECT DISTINCT _partition_id AS p FROM {db}.{old} ORDER BY p")
        for row in parts:
            target.command(
                f"INSERT INTO {db}.{table} ({names}) SELECT {names} FROM {db}.{old} "
                "WHERE _partition_id = {p:String}",
                {"p": str(row["p"])},
            )
        target.command(f"DROP TABLE IF EXISTS {db}.{old}")
        log.info("rebuilt %s.%s: %d partitions copied", db, table, len(parts))
        did = True
    if new in _tables(target):
        target.command(f"DROP TABLE IF EXISTS {db}.{new}")
    return did


def _columns(target: SchemaTarget, table: str) -> list[str]:
    rows = target.query(
        "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} "
        "ORDER BY position",
        {"d": target.layout.database, "t": table},
    )
    return [str(r["name"]) for r in rows]


def key_by_source(target: SchemaTarget) -> None:
    """Migration 3: voc_events and voc_alerts sorted by ``(source, event_id)``."""
    for table in ("voc_events", "voc_alerts"):
        rebuild_sorting_key(target, table)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables", create_tables),
    Migration(2, "a retention period (TTL) per table with personal data", apply_retention),
    Migration(3, "voc_events and voc_alerts sorted by (source, event_id)", key_by_source),
)


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Refuse a migration list that is not strictly increasing from 1."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1, 2, 3... in order, got {versions}")


check_migrations(MIGRATIONS)
if MIGRATIONS[-1].version != SCHEMA_VERSION:  # pragma: no cover - a release bumps both
    raise ImportError("SCHEMA_VERSION must be the last migration's version")
