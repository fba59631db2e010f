"""Agent ``incidents``: voc.link -> (voc.scored, voc.alerts, voc.incidents), with state across contacts.

What needs state across conversations happens here, after the costly scoring:

- **repeat contacts**: a table keyed ``customer_key|category`` counts each customer's contacts
  (:class:`~vocradar.models.incidents.ContactLedger`); from the third contact on, the event is
  re-scored through the same pipeline with ``RiskContext.prior_contacts`` so the risk scorer sets
  ``repeat_contact`` itself. Only those few events are analysed twice: read back from voc.raw by
  the position their voc.link record names (:class:`RawReader`), since voc.link carries nothing
  unmasked;
- **bursts**: per topic key, event-time buckets against the key's own baseline
  (:class:`~vocradar.models.bursts.BurstDetector`), setting ``burst`` and ``service_outage``;
- **incidents**: events of different sources that are one story join one incident
  (:class:`~vocradar.models.incidents.IncidentLinker`); the scored row and the alert carry the
  incident's key, and the incident's state goes to ``voc_incidents``.

Why a stage of its own, on a one-partition topic: voc.raw stays keyed by conversation, so a
call's partial transcripts stay ordered on one worker and the scoring (Kiwi) scales with the
partitions. Linking, bursts and contacts need to see every customer, topic and incident at
once; a single partition gives one owner of that state without a repartition per key, and its
work per event is a few dictionary operations (the partition's worker does thousands a second).
The state lives in changelogged Faust tables (one partition too), so it survives restarts and
moves with the partition on a rebalance. It holds no customer text: customers are pseudonymous
keys and terms keyed hashes (:class:`~vocradar.models.incidents.TermHasher`), in the incident
state and in the burst keys alike. Delivery is at-least-once: the ``seen`` table keeps a
redelivered event from being counted twice for bursts (without it, the records replayed after a
rebalance double a few minutes of traffic and look like a burst), the ledger counts contacts,
not events, and the linker ignores an event already in its incident.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any

import faust

from vocradar.metrics import ALERTS, BATCH_SECONDS, EVENTS
from vocradar.models.incidents import IncidentStage, TermHasher, load_routing
from vocradar.models.pipeline import RawMessage
from vocradar.streams import recovery
from vocradar.streams.runtime import Runtime
from vocradar.streams.score_agent import link_row

__all__ = ["RawReader", "TableMapping", "batch_records", "parse_ref", "register", "rescore_messages"]

log = logging.getLogger(__name__)


class TableMapping(MutableMapping[str, Any]):
    """A Faust table seen as a plain mapping, writing its changelog to one fixed partition.

    The plain classes of :mod:`vocradar.models` keep their state in a mapping; this one writes
    through to the table's store at once and to its changelog on :meth:`flush`, one record per
    key changed since the last flush (its latest value), so the state survives restarts. The
    agent flushes after each batch, before the batch's offsets can be committed: a batch lost in
    a crash is redelivered and applied again to the state as it was before it.
    """

    def __init__(self, table: Any, partition: int = 0) -> None:
        self.table = table
        self.partition = partition
        self._dirty: dict[str, None] = {}

    def __getitem__(self, key: str) -> Any:
        return self.table.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.table.data[key] = value
        self._dirty[key] = None

    def __delitem__(self, key: str) -> None:
        del self.table.data[key]
        self._dirty[key] = None

    def flush(self) -> int:
        """Send the changelog records of the keys changed since the last flush; how many."""
        data = self.table.data
        for key in self._dirty:
            self.table.send_changelog(self.partition, key, data.get(key))
        n = len(self._dirty)
        self._dirty.clear()
        return n

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.table.data.keys()))

    def __len__(self) -> int:
        return len(self.table.data)


def batch_records(value: Any) -> list[dict[str, Any]]:
    """The link records of one voc.link message: a scoring batch (``{"records": [...]}``), or a
    single record as sent by earlier releases (so a rolling upgrade loses nothing)."""
    if isinstance(value, dict) and isinstance(value.get("records"), list):
        return [r for r in value["records"] if isinstance(r, dict)]
    return [value] if isinstance(value, dict) and "row" in value else []


def parse_ref(ref: str) -> tuple[str, int, int] | None:
    """``topic:partition:offset`` (where the score agent read an event) as its parts, or None."""
    topic, _, rest = ref.rpartition(":")
    topic, _, partition = topic.rpartition(":")
    if not topic or not partition.isdigit() or not rest.isdigit():
        return None
    return topic, int(partition), int(rest)


class RawReader:
    """Reads messages of voc.raw back by where they were read (``topic:partition:offset``).

    The incident stage re-scores a repeat contact from the very bytes its first scoring saw,
    so voc.link never carries them. A consumer of its own (no group, no commits) is opened on
    first use and kept; each read seeks to the wanted offsets. Only the few events re-scored
    (third contact or later) are read back.

    Parameters
    ----------
    app
        The Faust app, for its broker address and credentials.
    timeout_s
        How long one read may wait for the broker; messages not found by then are left out.
    """

    def __init__(self, app: faust.App, timeout_s: float = 10.0) -> None:
        self.app = app
        self.timeout_s = timeout_s
        self._consumer: Any = None

    async def _start(self) -> Any:
        if self._consumer is None:
            from aiokafka import AIOKafkaConsumer
            from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth, server_list
            from mode.utils.times import want_seconds

            conf = self.app.conf
            consumer = AIOKafkaConsumer(
                bootstrap_servers=server_list(conf.broker, 9092),
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                client_id=f"{conf.id}-raw-reader",
                request_timeout_ms=int(want_seconds(conf.broker_request_timeout) * 1000),
                **credentials_to_aiokafka_auth(conf.broker_credentials, conf.ssl_context),
            )
            await consumer.start()
            self._consumer = consumer
        return self._consumer

    async def read(self, refs: Sequence[str]) -> dict[str, bytes]:
        """The messages at ``refs``, by ref; a ref gone (past retention) or unreadable is absent."""
        from aiokafka import TopicPartition

        wanted: dict[tuple[str, int], set[int]] = {}
        for ref in refs:
            parsed = parse_ref(ref)
            if parsed is not None:
                wanted.setdefault(parsed[:2], set()).add(parsed[2])
        if not wanted:
            return {}
        consumer = await self._start()
        found: dict[str, bytes] = {}
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        consumer.assign([TopicPartition(t, p) for t, p in wanted])
        for (topic, partition), offsets in wanted.items():
            tp = TopicPartition(topic, partition)
            for offset in sorted(offsets):
                if f"{topic}:{partition}:{offset}" in found:
                    continue  # came with the fetch of an earlier offset
                consumer.seek(tp, offset)
                passed = False
                # (the end offsets a broker reports are not relied on: some report less than
                # they hold; a fetch that brings nothing says the offset was never written)
                while not passed and (left := deadline - asyncio.get_running_loop().time()) > 0:
                    batch = await consumer.getmany(tp, timeout_ms=int(min(left, 3.0) * 1000))
                    records = batch.get(tp, [])
                    if not records:
                        break
                    for rec in records:
                        if rec.offset in offsets:
                            found[f"{topic}:{partition}:{rec.offset}"] = rec.value or b""
                        passed = passed or rec.offset >= offset
        return found

    async def close(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            await consumer.stop()


async def rescore_messages(records: Sequence[dict[str, Any]], reader: RawReader) -> list[RawMessage]:
    """The messages to re-score link records from, read back from voc.raw (a record from an
    earlier release carries its raw message: it is used as it is). A record whose message cannot
    be read back gets none: it keeps its first score, and a warning says how many."""
    values: dict[str, bytes] = {}
    refs = [str(r.get("ref") or "") for r in records if not isinstance(r.get("raw"), str)]
    if refs:
        try:
            values = await reader.read(refs)
        except Exception as exc:
            log.warning("could not read %d event(s) back from voc.raw: %s", len(refs), type(exc).__name__)
    out: list[RawMessage] = []
    for r in records:
        ref = str(r.get("ref") or "")
        raw = r.get("raw")
        value = raw.encode("utf-8") if isinstance(raw, str) else values.get(ref)
        if value is not None:
            out.append(RawMessage(value, ref, r.get("arrived")))
    if len(out) < len(records):
        log.warning("%d repeat contact(s) not re-scored: not found in voc.raw", len(records) - len(out))
    return out


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the incident agent and its tables on ``app``."""
    settings = rt.settings
    rules = load_routing(settings.routing_file)
    tables = {
        name: app.Table(name, default=None, partitions=1)
        for name in ("contacts", "bursts", "incidents", "seen")
    }
    stores = {name: TableMapping(table) for name, table in tables.items()}
    # read each changelog to its real end after recovery (brokers that under-report end offsets)
    recovery.install(app, tables)
    stage = IncidentStage(
        rules,
        (settings.risk_medium, settings.risk_high, settings.risk_critical),
        contacts=stores["contacts"],
        bursts=stores["bursts"],
        incidents=stores["incidents"],
        seen=stores["seen"],
        future_margin_s=settings.future_margin_s,
        term_hasher=TermHasher(settings.pseudonym_salt.get_secret_value()),
    )

    reader = RawReader(app)

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def _close_reader(app: faust.App, **_: Any) -> None:  # pragma: no cover - shutdown path
        await reader.close()

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]
    async def _reset(app: faust.App, **_: Any) -> None:  # pragma: no cover - rebalance path
        stage.reset()

    @app.agent(topics.link, name="incidents")
    async def incidents(stream: faust.StreamT) -> None:
        from vocradar.models.pipeline import ScoredEvent
        from vocradar.models.types import RiskContext

        async for messages in stream.take(max(1, settings.batch_size // 20), within=settings.batch_within_s):
            started = time.perf_counter()
            records = [rec for value in messages for rec in batch_records(value)]
            rescore: dict[str, tuple[int, int]] = {}  # event_id -> (index, prior contacts)
            for i, rec in enumerate(records):
                prior = stage.prior_contacts(rec["row"])
                if stage.needs_rescore(rec["row"], prior):
                    rescore[rec["row"]["event_id"]] = (i, prior)
            msgs = await rescore_messages([records[i] for i, _ in rescore.values()], reader)
            if msgs:

                def context(ev: Any, _: Any, rescore: dict[str, tuple[int, int]] = rescore) -> RiskContext:
                    return RiskContext(prior_contacts=rescore.get(ev.event_id, (0, 0))[1])

                result = await rt.score(msgs, context)
                for item in result.items:
                    if isinstance(item, ScoredEvent) and item.event.event_id in rescore:
                        i = rescore[item.event.event_id][0]
                        records[i] = {**records[i], "row": link_row(item)}
            changed: dict[str, Any] = {}  # incident key -> its latest state in this batch
            for rec in records:
                out = stage.link(rec["row"], rec.get("terms") or (), rec.get("region") or "")
                key = out.row["incident_key"].encode()
                await topics.scored.send(key=key, value=out.row)
                if out.alert is not None:
                    if out.row.get("alert"):
                        ALERTS.labels(out.row.get("risk_level") or "high").inc()
                    await topics.alerts.send(key=key, value=out.alert)
                if out.state is not None:
                    changed[out.row["incident_key"]] = out
            for incident_key, out in changed.items():
                await topics.incidents.send(key=incident_key.encode(), value=out.incident)
            for store in stores.values():
                store.flush()
            EVENTS.labels("incidents", "linked").inc(len(records))
            EVENTS.labels("incidents", "rescored").inc(len(msgs))
            BATCH_SECONDS.labels("incidents").observe(time.perf_counter() - started)
