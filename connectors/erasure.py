"""Erasure of one customer: their rows in every warehouse table and their keyed stream state.

``vocradar erase --customer ID`` names the customer by the id (or, for social posts, the handle)
their events carried. The pipeline never stores that id: it stores a salted pseudonym
(:func:`customer_pseudonym`, the same computation as ``Pipeline.customer_key``), so erasure
computes it with the deployment's salt and removes, per table (chosen by its columns, so a table
added later is covered when it has them):

- ``customer_key``: the customer's rows (``voc_events``, deleted last);
- ``event_id``: rows of the customer's events, identified by ``(source, event_id)`` where the
  table has a ``source`` (alerts), by the id alone where it has none (notifications, outbox,
  dead letters, launch examples: a row of another source's event with the same id goes too);
  dead letters also when their excerpt quotes the id;
- ``customer_keys``: the pseudonym is taken out of the array (the dashboard audit log keeps who
  looked, no longer at whom);
- ``first_event_id``/``timeline`` (``voc_incidents``): an incident made of the customer's events
  alone is deleted; one shared with other customers loses the customer's events from its
  timeline and stays (other customers' rows keep their incident key, an opaque grouping id).

In the stream, the incident stage keeps keyed state in changelogged tables: ``contacts`` (keys
``<pseudonym>|<category>``) and ``seen`` (keys: the customer's conversations and events) get
tombstones, and each ``incidents`` record naming the customer is rewritten without them. A
running worker keeps what it already holds in memory: stop the workers before erasing (or
restart them after); they recover the erased state from the changelogs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vocradar.connectors.warehouse import Warehouse

__all__ = [
    "CHANGELOG_TABLES",
    "ErasureReport",
    "customer_pseudonym",
    "erase_changelogs",
    "erase_warehouse",
]

log = logging.getLogger(__name__)

# Incident-stage tables (streams/incident_agent.py) whose state names customers.
CHANGELOG_TABLES = ("contacts", "seen", "incidents")
_SOURCES = frozenset({"call", "ticket", "tweet", "note", "chat", "email"})  # the contract's sources
_CHUNK = 200  # ids per statement: bound parameters travel in the URL
_SYNC = {"mutations_sync": 2, "lightweight_deletes_sync": 2}


def customer_pseudonym(salt: str, ident: str) -> str:
    """The pseudonymous customer key of ``ident`` (as the scoring pipeline computes it)."""
    return hashlib.sha256(f"{salt}:{ident}".encode()).hexdigest()[:16]


@dataclass
class ErasureReport:
    """What one erasure removed: rows per table, changelog records per topic."""

    customer_key: str
    event_ids: list[str] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)  # (source, event_id)
    contacts: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    changelogs: dict[str, int] = field(default_factory=dict)


def _run(wh: Warehouse, sql: str, params: dict[str, Any]) -> None:
    try:
        wh.client.command(sql, parameters=params, settings=_SYNC)
    except Exception as exc:  # a server that knows no such setting: run without
        if "Unknown setting" not in str(exc) and "UNKNOWN_SETTING" not in str(exc):
            raise
        wh.client.command(sql, parameters=params)


def erase_warehouse(wh: Warehouse, customer_key: str, raw_ids: Sequence[str] = ()) -> ErasureReport:
    """Remove the customer's rows from every ``voc_*`` table of ``wh``'s database.

    The report holds the rows removed (or changed) per table, and the customer's event and
    contact ids for :func:`erase_changelogs`.
    """
    db = wh.database
    report = ErasureReport(customer_key)
    columns: dict[str, set[str]] = {}
    for r in wh.query(
        "SELECT table, name FROM system.columns WHERE database = {d:String} AND startsWith(table, 'voc_')",
        {"d": db},
    ):
        columns.setdefault(r["table"], set()).add(r["name"])
    mine: dict[str, Any] = {"k": customer_key}
    rows = (
        wh.query(
            f"SELECT DISTINCT source, event_id, conversation_id FROM {db}.voc_events "
            "WHERE customer_key = {k:String}",
            mine,
        )
        if "voc_events" in columns
        else []
    )
    event_ids = sorted({r["event_id"] for r in rows})
    events = sorted({(str(r["source"]), str(r["event_id"])) for r in rows})
    report.event_ids = event_ids
    report.events = events
    report.contacts = sorted({r["conversation_id"] or r["event_id"] for r in rows})
    needles = [f'"{i}"' for i in (*raw_ids, customer_key) if len(i) >= 4]  # dead letters show the key

    def remove(table: str, where: str, params: dict[str, Any], change: str = "") -> int:
        """Delete (or, with ``change``, update) the rows matching ``where``; how many matched."""
        params = {k: v for k, v in params.items() if f"{{{k}:" in where + change}
        n = int(wh.scalar(f"SELECT count() FROM {db}.{table} WHERE {where}", params) or 0)
        if n:
            sql = (
                f"ALTER TABLE {db}.{table} UPDATE {change} WHERE {where}"
                if change
                else (f"DELETE FROM {db}.{table} WHERE {where}")
            )
            _run(wh, sql, params)
        return n

    in_ids = "has({ids:Array(String)}, event_id)"
    # an event is (source, event_id): the pairs travel as two arrays of the same length
    pairs = "arrayZip({srcs:Array(String)}, {eids:Array(String)})"
    in_pairs = f"has({pairs}, (toString(source), event_id))"
    entry = "(JSONExtractString(x, 'source'), JSONExtractString(x, 'event_id'))"
    timeline_ids = f"arrayMap(x -> {entry}, JSONExtractArrayRaw(timeline))"
    strip_timeline = (
        f"timeline = concat('[', arrayStringConcat(arrayFilter(x -> NOT has({pairs}, {entry}), "
        "JSONExtractArrayRaw(timeline)), ', '), ']'), "
        "first_event_id = if(has({ids:Array(String)}, first_event_id), '', first_event_id)"
    )
    in_incident = f"(has({{ids:Array(String)}}, first_event_id) OR hasAny({timeline_ids}, {pairs}))"
    # voc_events last: the other tables find the customer's events through it.
    for table in sorted(columns, key=lambda t: t == "voc_events"):
        cols = columns[table]
        removed = 0
        for i in range(0, len(events), _CHUNK):
            part = events[i : i + _CHUNK]
            chunk: dict[str, Any] = {
                "ids": sorted({e for _, e in part}),
                "srcs": [s for s, _ in part],
                "eids": [e for _, e in part],
            }
            if "event_id" in cols and "customer_key" not in cols:
                removed += remove(table, in_pairs if "source" in cols else in_ids, chunk)
            if "timeline" in cols and "first_event_id" in cols:
                # an incident of the customer's events alone goes; a shared one loses their events
                only_theirs = f"{in_incident} AND arrayAll(x -> has({pairs}, x), {timeline_ids})"
                removed += remove(table, only_theirs, chunk)
                removed += remove(table, in_incident, chunk, change=strip_timeline)
        if "payload_excerpt" in cols and needles:
            removed += remove(table, "multiSearchAny(payload_excerpt, {n:Array(String)})", {"n": needles})
        if "customer_keys" in cols:
            removed += remove(
                table,
                "has(customer_keys, {k:String})",
                mine,
                change="customer_keys = arrayFilter(x -> x != {k:String}, customer_keys)",
            )
        if "customer_key" in cols:
            removed += remove(table, "customer_key = {k:String}", mine)
        report.tables[table] = removed
    return report


def _key_text(key: bytes) -> str:
    text = key.decode("utf-8", errors="replace")
    if text.startswith('"'):
        try:
            loaded = json.loads(text)
            return loaded if isinstance(loaded, str) else text
        except ValueError:
            return text
    return text


def _read_latest(consumer: Any, topic: str, timeout_s: float) -> dict[tuple[int, bytes], bytes | None]:
    """The latest value of every key of ``topic`` (read from its beginning to its current end)."""
    import time

    from kafka import TopicPartition

    parts = consumer.partitions_for_topic(topic) or set()
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    if not tps:
        return {}
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    end = consumer.end_offsets(tps)
    latest: dict[tuple[int, bytes], bytes | None] = {}
    deadline = time.monotonic() + timeout_s
    while any(consumer.position(tp) < end[tp] for tp in tps):
        if time.monotonic() > deadline:
            raise TimeoutError(f"reading {topic} did not reach its end within {timeout_s:.0f}s")
        for tp, records in consumer.poll(timeout_ms=500).items():
            for rec in records:
                if rec.key is not None:
                    latest[(tp.partition, rec.key)] = rec.value
    return latest


def _bare(uid: str) -> str:
    """The id in a state key ``source:id`` (the stage keys events and contacts per source);
    a key of an earlier release is the bare id itself."""
    source, sep, rest = uid.partition(":")
    return rest if sep and source in _SOURCES else uid


def _without_customer(inc: dict[str, Any], key: str, ids: set[str], contacts: set[str]) -> dict[str, Any]:
    out = dict(inc)
    out["customers"] = [c for c in inc.get("customers") or [] if c != key]
    out["conversations"] = [c for c in inc.get("conversations") or [] if c not in contacts]
    out["event_ids"] = [e for e in inc.get("event_ids") or [] if _bare(e) not in ids]
    out["timeline"] = [t for t in inc.get("timeline") or [] if not (len(t) > 2 and t[2] in ids)]
    if out.get("first_event_id") in ids:
        out["first_event_id"] = ""
    return out


def erase_changelogs(
    bootstrap: str,
    app_id: str,
    customer_key: str,
    event_ids: Sequence[str],
    contacts: Sequence[str],
    timeout_s: float = 60.0,
    client_config: Mapping[str, Any] | None = None,
) -> dict[str, int]:
    """Tombstone (or rewrite) the customer's records in the incident stage's changelog topics.

    ``client_config`` holds the Kafka clients' security options
    (:func:`vocradar.kafka_config.kafka_python_config`). Returns the records produced per topic.
    """
    from kafka import KafkaConsumer, KafkaProducer

    ids, convs = set(event_ids), set(contacts)
    produced: dict[str, int] = {}
    security = dict(client_config or {})
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap.split(","),
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest",
        consumer_timeout_ms=1000,
        **security,
    )
    producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), acks="all", **security)
    try:
        for table in CHANGELOG_TABLES:
            topic = f"{app_id}-{table}-changelog"
            latest = _read_latest(consumer, topic, timeout_s)
            n = 0
            for (partition, key), value in latest.items():
                if value is None:
                    continue
                text = _key_text(key)
                new: bytes | None
                keyed = (table == "contacts" and text.startswith(f"{customer_key}|")) or (
                    table == "seen" and _bare(text) in ids | convs
                )
                if keyed:
                    new = None
                elif table == "incidents":
                    try:
                        inc = json.loads(value)
                    except ValueError:
                        continue
                    if not isinstance(inc, dict) or customer_key not in (inc.get("customers") or []):
                        continue
                    new = json.dumps(
                        _without_customer(inc, customer_key, ids, convs), ensure_ascii=False
                    ).encode()
                else:
                    continue
                producer.send(topic, key=key, value=new, partition=partition)
                n += 1
            producer.flush(timeout_s)
            produced[topic] = n
    finally:
        producer.close(timeout=10)
        consumer.close()
    return produced
