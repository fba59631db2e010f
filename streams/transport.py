"""The workers' Kafka transport: faust's aiokafka driver with a short fetch wait.

faust-streaming builds its aiokafka consumer with ``fetch_max_wait_ms=1500`` and no setting to
change it. A broker answers a fetch as soon as data arrives or when that wait is over; the
embedded Tansu broker always holds an empty fetch for the whole wait, so each hop of the
pipeline (voc.raw -> score -> voc.alerts -> notify) could add up to 1.5 s of latency (measured:
median 0.37 s, max 0.73 s per hop at 8 messages/s, against 14 ms with a 50 ms wait). This
transport sets the wait from ``VOCRADAR_FETCH_WAIT_MS``; against a Kafka broker, which answers
early, a short wait only costs a few more empty fetches while idle.

It also gives every topic the app creates (its internal topics, table changelogs, the leader
topic) the project's replication factor, ``app.vocradar_topic_replication`` (-1: the broker's
default), which faust's own setting cannot express.

Use it with broker URLs of the ``vocradar-kafka://`` scheme (:func:`broker_urls`).
"""

from __future__ import annotations

from typing import Any

from faust.transport import drivers
from faust.transport.drivers import aiokafka as driver

__all__ = ["SCHEME", "Transport", "broker_urls"]

SCHEME = "vocradar-kafka"


class _ConsumerThread(driver.AIOKafkaConsumerThread):
    """The driver's consumer thread, with the app's fetch wait on the consumer it builds."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        wait_ms = getattr(self.app, "vocradar_fetch_wait_ms", None)
        if wait_ms is not None:
            # read by AIOKafkaConsumer.start() when it builds its fetcher
            consumer._fetch_max_wait_ms = int(wait_ms)
        return consumer


class _Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> Any:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(driver.Transport):
    """faust's aiokafka transport with :class:`_ConsumerThread` and the project's replication."""

    Consumer = _Consumer

    async def _create_topic(
        self, owner: Any, client: Any, topic: str, partitions: int, replication: int, **kwargs: Any
    ) -> None:
        wanted = getattr(self.app, "vocradar_topic_replication", None)
        await super()._create_topic(
            owner, client, topic, partitions, replication if wanted is None else int(wanted), **kwargs
        )


drivers.TRANSPORTS.aliases.setdefault(SCHEME, f"{__name__}:Transport")


def broker_urls(servers: str) -> str:
    """Faust broker URLs (``;``-separated) for comma-separated ``host:port`` servers."""
    return ";".join(f"{SCHEME}://{s.strip()}" for s in servers.split(",") if s.strip())
