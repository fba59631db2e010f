"""Agent ``incidents``: voc.link -> (voc.scored, voc.alerts, voc.incidents), with state across contacts.

What needs state across conversations happens here, after the costly scoring:

- **repeat contacts**: a table keyed ``customer_key|category`` counts each customer's contacts
  (:class:`~vocradar.models.incidents.ContactLedger`); from the third contact on, the event is
  re-scored through the same pipeline with ``RiskContext.prior_contacts`` so the risk scorer sets
  ``repeat_contact`` itself. Only those few events are analysed twice;
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
moves with the partition on a rebalance. Delivery is at-least-once: the ``seen`` table keeps a
redelivered event from being counted twice for bursts (without it, the records replayed after a
rebalance double a few minutes of traffic and look like a burst), the ledger counts contacts,
not events, and the linker ignores an event already in its incident.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

import faust

from vocradar.models.incidents import IncidentStage, load_routing
from vocradar.streams.runtime import Runtime
from vocradar.streams.score_agent import link_row

__all__ = ["TableMapping", "batch_records", "register"]

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


def register(app: faust.App, topics: Any, rt: Runtime) -> None:
    """Register the incident agent and its tables on ``app``."""
    settings = rt.settings
    rules = load_routing(settings.routing_file)
    tables = {
        name: app.Table(name, default=None, partitions=1)
        for name in ("contacts", "bursts", "incidents", "seen")
    }
    stores = {name: TableMapping(table) for name, table in tables.items()}
    stage = IncidentStage(
        rules,
        (settings.risk_medium, settings.risk_high, settings.risk_critical),
        contacts=stores["contacts"],
        bursts=stores["bursts"],
        incidents=stores["incidents"],
        seen=stores["seen"],
    )

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]
    async def _reset(app: faust.App, **_: Any) -> None:  # pragma: no cover - rebalance path
        stage.reset()

    @app.agent(topics.link, name="incidents")
    async def incidents(stream: faust.StreamT) -> None:
        from vocradar.models.pipeline import RawMessage, ScoredEvent
        from vocradar.models.types import RiskContext

        async for messages in stream.take(max(1, settings.batch_size // 20), within=settings.batch_within_s):
            records = [rec for value in messages for rec in batch_records(value)]
            rescore: dict[str, tuple[int, int]] = {}  # event_id -> (index, prior contacts)
            for i, rec in enumerate(records):
                prior = stage.prior_contacts(rec["row"])
                if stage.needs_rescore(rec["row"], prior):
                    rescore[rec["row"]["event_id"]] = (i, prior)
            if rescore:
                msgs = [
                    RawMessage(rec["raw"].encode("utf-8"), rec["ref"], rec.get("arrived"))
                    for rec in (records[i] for i, _ in rescore.values())
                ]

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
                    await topics.alerts.send(key=key, value=out.alert)
                if out.state is not None:
                    changed[out.row["incident_key"]] = out
            for incident_key, out in changed.items():
                await topics.incidents.send(key=incident_key.encode(), value=out.incident)
            for store in stores.values():
                store.flush()
