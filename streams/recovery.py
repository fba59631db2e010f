"""Reading a table's changelog to its real end after Faust's recovery, before the agent resumes.

Faust recovers a table by reading its changelog up to the partition's end offset as the broker
reports it. A broker that reports the end offset of a partition as the first offset of its last
record batch plus one (Tansu 0.6, the embedded broker) makes recovery stop before the rest of
that batch: the worker that takes over a partition then misses the last state changes the old
owner made, although the source offsets behind them are committed. The incident stage would
carry on from stale state (an incident missing events, an escalation undone).

:func:`install` adds a recovery callback to each table: it reads the changelog partitions this
worker now owns from the offset Faust stopped at until a fetch brings nothing more, and applies
those records like recovery would (latest value wins, ``None`` deletes). On a broker that
reports end offsets correctly it reads nothing.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from mode.utils.times import want_seconds

__all__ = ["catch_up", "install"]

log = logging.getLogger(__name__)


def _decode(raw: bytes | None) -> Any:
    return None if raw is None else json.loads(raw)


async def catch_up(app: Any, table: Any, active_tps: set[Any], idle_ms: int = 300) -> int:
    """Apply the changelog records of ``table`` past the offsets Faust recovered to; how many."""
    from aiokafka import AIOKafkaConsumer
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth, server_list

    tps = [tp for tp in active_tps if tp.topic == table.changelog_topic.get_topic_name()]
    if not tps:
        return 0
    recovered = app.tables.recovery.active_offsets
    consumer = AIOKafkaConsumer(
        bootstrap_servers=server_list(app.conf.broker, 9092),
        enable_auto_commit=False,
        request_timeout_ms=int(want_seconds(app.conf.broker_request_timeout) * 1000),
        **credentials_to_aiokafka_auth(app.conf.broker_credentials, app.conf.ssl_context),
    )
    await consumer.start()
    applied = 0
    try:
        from aiokafka import TopicPartition

        parts = {TopicPartition(tp.topic, tp.partition): tp for tp in tps}
        consumer.assign(list(parts))
        for ktp, tp in parts.items():
            last = recovered.get(tp)
            consumer.seek(ktp, 0 if last is None or last < 0 else last + 1)
        data = table.data
        while True:
            batch = await consumer.getmany(*parts, timeout_ms=idle_ms)
            records = [r for rs in batch.values() for r in rs]
            if not records:
                break
            for r in records:
                key, value = _decode(r.key), _decode(r.value)
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
                applied += 1
    finally:
        await consumer.stop()
    if applied:
        log.warning(
            "table %s: %d changelog record(s) past the broker's reported end applied after recovery",
            table.name,
            applied,
        )
    return applied


def install(app: Any, tables: dict[str, Any]) -> None:
    """Read each table's changelog to its real end whenever the table has been recovered."""
    for table in tables.values():

        async def _after_recovery(table: Any = table) -> None:
            actives = app.tables.recovery.actives_for_table.get(table) or set()
            try:
                await catch_up(app, table, set(actives))
            except Exception as exc:  # the broker went away meanwhile: Faust's recovery stands
                log.warning("table %s: reading the changelog past recovery failed: %r", table.name, exc)

        table.on_recover(_after_recovery)
