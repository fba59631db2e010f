"""The Kafka side of every connector: a sink that produces contract events to ``voc.raw``.

Built on kafka-python's ``KafkaProducer`` (acks from all replicas, small linger for batching).
Events are keyed by contact (conversation, else customer, else event) so one contact stays
ordered on one partition. Raw bytes are forwarded untouched: input that does not parse is the
stream's to dead-letter, not the connector's to drop.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from vocradar.broker import RAW
from vocradar.connectors.base import thread_key

__all__ = ["KafkaEventSink"]

log = logging.getLogger(__name__)


class KafkaEventSink:
    """Produces events to a topic of a Kafka-protocol broker.

    Parameters
    ----------
    bootstrap
        ``host:port[,host:port]`` of the brokers.
    topic
        Target topic, ``voc.raw`` by default.
    """

    def __init__(self, bootstrap: str, topic: str = RAW, client_id: str = "vocradar-connector") -> None:
        from kafka import KafkaProducer

        self.topic = topic
        self.sent = 0
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap.split(","),
            client_id=client_id,
            acks="all",
            linger_ms=5,
            retries=10,
            max_request_size=4 * 1024 * 1024,
        )

    def emit(self, event: dict[str, Any], key: str | None = None) -> None:
        """Send one contract event (as JSON)."""
        value = json.dumps(event, ensure_ascii=False, default=str).encode("utf-8")
        self.emit_raw(value, key if key is not None else thread_key(event))

    def emit_raw(self, value: bytes, key: str | None = None) -> None:
        """Send bytes as they are (bad input included)."""
        self._producer.send(self.topic, value=value, key=key.encode("utf-8") if key else None)
        self.sent += 1

    def flush(self, timeout_s: float | None = 30.0) -> None:
        """Wait until everything sent so far is acknowledged."""
        self._producer.flush(timeout=timeout_s)

    def close(self) -> None:
        """Flush and close the producer."""
        self._producer.flush(timeout=30)
        self._producer.close(timeout=10)

    def __enter__(self) -> KafkaEventSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
