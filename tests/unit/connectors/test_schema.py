"""The warehouse DDL in both layouts (single server, cluster) and the migration list.

chDB has no cluster, so the cluster statements are checked as text here (and parsed by the real
engine in tests/integration/test_warehouse.py); they have not run against a real cluster.
"""

from __future__ import annotations

import re

import pytest

from vocradar.connectors.schema import (
    MIGRATIONS,
    RETENTION,
    SCHEMA_VERSION,
    TABLES,
    Layout,
    add_column_statements,
    ddl_statements,
    missing_ddl,
    sorting_key,
    table_ddl,
    ttl_migrations,
)

DAYS = {"retention_days_events": 30, "retention_days_dead": 7}
REPLICATED = "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"


def test_single_node_ddl_is_one_plain_table_each():
    stmts = ddl_statements("vocradar", DAYS)
    assert stmts[0] == "CREATE DATABASE IF NOT EXISTS vocradar"
    assert len(stmts) == 1 + len(TABLES)
    for table, stmt in zip(TABLES, stmts[1:], strict=True):
        assert stmt.startswith(f"CREATE TABLE IF NOT EXISTS vocradar.{table} (")
        assert "ON CLUSTER" not in stmt and "Replicated" not in stmt and "Distributed" not in stmt
        assert "_local" not in stmt
        assert re.search(r"ENGINE = ReplacingMergeTree(\(version\))?\n", stmt), table
    # the same DDL as Layout without a cluster, and with an empty cluster name
    assert ddl_statements(Layout("vocradar"), DAYS) == stmts
    assert ddl_statements("vocradar", DAYS, cluster="") == stmts


def test_events_and_alerts_are_keyed_by_source_and_event_id():
    assert sorting_key("voc_events") == "source, event_id"
    assert sorting_key("voc_alerts") == "source, event_id"
    # no other table is sorted by an event id alone
    for table in TABLES:
        assert sorting_key(table) != "event_id", table


def test_cluster_ddl_puts_replicated_tables_behind_distributed_ones():
    layout = Layout("vocradar", "prod")
    stmts = ddl_statements(layout, DAYS)
    assert stmts[0] == "CREATE DATABASE IF NOT EXISTS vocradar ON CLUSTER `prod`"
    assert len(stmts) == 1 + 2 * len(TABLES)
    assert all(" ON CLUSTER `prod`" in s for s in stmts)
    for i, table in enumerate(TABLES):
        local, dist = stmts[1 + 2 * i], stmts[2 + 2 * i]
        assert local.startswith(f"CREATE TABLE IF NOT EXISTS vocradar.{table}_local ON CLUSTER `prod` (")
        assert f"ENGINE = {REPLICATED}" in local
        assert f"ORDER BY {TABLES[table].split('ORDER BY ')[1].strip()}" in local
        assert dist == (
            f"CREATE TABLE IF NOT EXISTS vocradar.{table} ON CLUSTER `prod` AS vocradar.{table}_local\n"
            f"ENGINE = Distributed('prod', vocradar, {table}_local, cityHash64({sorting_key(table)}))"
        )
        # TTL lives on the table that stores the rows
        assert ("TTL " in local) == (table in ("voc_events", "voc_dead")), table
        assert "TTL" not in dist
    events = table_ddl(layout, "voc_events", DAYS)
    assert (
        "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)"
        in (events[0])
    )
    assert "cityHash64(source, event_id)" in events[1]
    schema = table_ddl(layout, "voc_schema")[0]  # no version column: replicated without one
    assert (
        "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')" in schema
    )


def test_migrations_target_the_stored_tables_on_a_cluster():
    layout = Layout("vocradar", "prod")
    engines = {"voc_events_local": "ReplicatedReplacingMergeTree(...) ORDER BY (source, event_id)"}
    assert ttl_migrations(layout, engines, DAYS) == [
        "ALTER TABLE vocradar.voc_events_local ON CLUSTER `prod` "
        "MODIFY TTL toDateTime(scored_at) + toIntervalDay(30)"
    ]
    # single node: the table itself, no ON CLUSTER
    assert ttl_migrations("vocradar", {"voc_events": "ReplacingMergeTree ORDER BY x"}, DAYS) == [
        "ALTER TABLE vocradar.voc_events MODIFY TTL toDateTime(scored_at) + toIntervalDay(30)"
    ]
    assert add_column_statements(layout, "voc_dead", "channel String") == [
        "ALTER TABLE vocradar.voc_dead_local ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS channel String",
        "ALTER TABLE vocradar.voc_dead ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS channel String",
    ]
    assert add_column_statements(Layout("vocradar"), "voc_dead", "channel String") == [
        "ALTER TABLE vocradar.voc_dead ADD COLUMN IF NOT EXISTS channel String"
    ]


def test_missing_ddl_creates_only_what_is_missing():
    single = Layout("db")
    assert missing_ddl(single, list(TABLES)) == []
    assert missing_ddl(single, [t for t in TABLES if t != "voc_dead"]) == table_ddl(single, "voc_dead")
    cluster = Layout("db", "c")
    have = [n for t in TABLES for n in (t, f"{t}_local") if n != "voc_dead_local"]
    assert missing_ddl(cluster, have) == table_ddl(cluster, "voc_dead")


@pytest.mark.parametrize("name", ["a b", "x;DROP", "`c`", "", "{cluster}"])
def test_cluster_and_database_names_are_checked(name):
    with pytest.raises(ValueError):
        Layout("vocradar", name or "-")
    with pytest.raises(ValueError):
        ddl_statements("voc radar")


def test_migrations_are_ordered_and_end_at_the_schema_version():
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert all(m.description for m in MIGRATIONS)
    assert set(RETENTION) <= set(TABLES)


def test_a_schema_problem_makes_persistence_wait_not_dead_letter_rows():
    from vocradar.connectors.batches import classify
    from vocradar.connectors.schema import SchemaError

    newer = SchemaError("the warehouse database vocradar has schema version 9, newer than this release's 3")
    assert classify(newer) == "unavailable"
