"""The Faust application factory: ``create_app(settings)`` wires topics, tables and agents.

Agents are thin: each reads a batch (``take_events``), hands it to a plain class
(:class:`~vocradar.models.pipeline.ScoringPipeline`, the incident stage, the warehouse, the
notifiers), blocking work on an executor thread, and sends the results on. Delivery is
at-least-once; every sink is idempotent.

Flow: voc.raw (keyed by conversation) -> ``score`` -> voc.link (one partition) -> ``incidents``
(repeat contacts, bursts, links) -> voc.scored / voc.alerts / voc.incidents (keyed by incident)
-> ``persist`` / ``notify``. voc.link and voc.incidents are the app's internal topics: Faust
creates them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import faust

from vocradar.broker import ALERTS, DEAD, RAW, SCORED, TopicSpec
from vocradar.kafka_config import faust_credentials, topic_replication
from vocradar.settings import Settings
from vocradar.streams.runtime import Runtime
from vocradar.streams.transport import broker_urls

__all__ = ["INCIDENTS", "LINK", "Topics", "create_app", "internal_topic_specs"]

#: Scored events on their way to the incident stage (one partition: one owner of cross-contact state).
LINK = "voc.link"
#: Incident state changes on their way to the warehouse (``voc_incidents``).
INCIDENTS = "voc.incidents"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Topics:
    """The app's topic objects."""

    raw: Any
    scored: Any
    alerts: Any
    dead: Any
    link: Any = None
    incidents: Any = None


def create_app(settings: Settings, runtime: Runtime | None = None, bootstrap: str | None = None) -> faust.App:
    """Build the Faust app for ``settings`` (nothing heavy is loaded until the worker starts).

    Parameters
    ----------
    settings
        The process settings.
    runtime
        Heavy per-process objects; a fresh :class:`Runtime` by default.
    bootstrap
        Broker address overriding ``settings.kafka_bootstrap``.
    """
    servers = bootstrap or settings.kafka_bootstrap
    if not servers:
        raise ValueError("no Kafka bootstrap servers: set VOCRADAR_KAFKA_BOOTSTRAP or use `vocradar run`")
    brokers = broker_urls(servers)
    app = faust.App(
        settings.app_id,
        broker=brokers,
        store="memory://",
        datadir=str(settings.data_dir / "workers"),
        broker_credentials=faust_credentials(settings),
        topic_partitions=settings.partitions,
        # faust's own setting takes no "broker default": the transport applies
        # app.vocradar_topic_replication to every topic the app creates
        topic_replication_factor=settings.topic_replication or 1,
        topic_allow_declare=settings.kafka_create_topics,
        web_enabled=False,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=1000,
        broker_commit_interval=1.0,
        stream_wait_empty=False,
        producer_acks=-1,
        # a few milliseconds of batching: one produce request carries many events (a request per
        # event costs the worker's one event-loop thread more than the event's scoring)
        producer_linger=settings.producer_linger_ms / 1000,
        producer_max_batch_size=256 * 1024,
        broker_session_timeout=settings.session_timeout_s,
        broker_rebalance_timeout=settings.rebalance_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.session_timeout_s / 3),
        # The check compares a store's persisted changelog offset with the changelog's end offset
        # and crashes the worker when the first is ahead. Tables here live in memory, so nothing is
        # persisted and the only offset checked is how far this worker read as a standby; against
        # a real Kafka that can never be ahead. Brokers that report a partition's end offset from
        # its last batch's first record (Tansu 0.6, the embedded broker) make a standby look ahead
        # when the active worker dies, and the check would then crash every surviving worker.
        recovery_consistency_check=False,
    )
    app.vocradar_fetch_wait_ms = settings.fetch_wait_ms  # type: ignore[attr-defined]
    app.vocradar_topic_replication = topic_replication(settings)  # type: ignore[attr-defined]
    rt = runtime or Runtime(settings)
    topics = Topics(
        raw=app.topic(RAW, key_serializer="raw", value_serializer="raw", partitions=settings.partitions),
        scored=app.topic(
            SCORED, key_serializer="raw", value_serializer="json", partitions=settings.partitions
        ),
        alerts=app.topic(
            ALERTS, key_serializer="raw", value_serializer="json", partitions=settings.partitions
        ),
        dead=app.topic(DEAD, key_serializer="raw", value_serializer="json"),
        link=app.topic(LINK, key_serializer="raw", value_serializer="json", partitions=1, internal=True),
        incidents=app.topic(
            INCIDENTS,
            key_serializer="raw",
            value_serializer="json",
            partitions=settings.partitions,
            internal=True,
        ),
    )
    app.vocradar_runtime = rt  # type: ignore[attr-defined]
    app.vocradar_topics = topics  # type: ignore[attr-defined]

    from vocradar.streams import health, incident_agent, notify_agent, persist_agent, score_agent

    score_agent.register(app, topics, rt)
    incident_agent.register(app, topics, rt)
    persist_agent.register(app, topics, rt)
    notify_agent.register(app, topics, rt)
    health.register(app, rt)

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def _close(app: faust.App, **_: Any) -> None:  # pragma: no cover - shutdown path
        rt.close()

    return app


def internal_topic_specs(app: faust.App) -> list[TopicSpec]:
    """The topics the app itself uses besides voc.*: its internal topics, the changelogs of its
    tables (compacted) and faust's leader topic; created beforehand when the app may not create them."""
    conf = app.conf
    specs = [TopicSpec(LINK, 1), TopicSpec(INCIDENTS, conf.topic_partitions)]
    for table in app.tables.values():
        specs.append(
            TopicSpec(
                table.changelog_topic.get_topic_name(),
                table.partitions or conf.topic_partitions,
                compacted=True,
            )
        )
    if not conf.topic_disable_leader:
        specs.append(TopicSpec(f"{conf.id}-__assignor-__leader", 1))
    return specs
