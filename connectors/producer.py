"""The Kafka side of every connector: a sink that produces contract events to ``voc.raw``.

Built on kafka-python's ``KafkaProducer`` (acks from all replicas, small linger for batching),
secured as every other Kafka client (:func:`vocradar.kafka_config.kafka_python_config`).
Events are keyed by contact (conversation, else customer, else event) so one contact stays
ordered on one partition. Raw bytes are forwarded untouched: input that does not parse is the
stream's to dead-letter, not the connector's to drop.

Nothing is acknowledged that the broker did not take: every send's outcome is recorded, and
:meth:`KafkaEventSink.flush` raises :class:`~vocradar.connectors.base.DeliveryError` for the
records the calling thread emitted since its last flush that the broker refused or that never
got an answer (a record larger than ``max_message_bytes`` is refused at once). Callers keep their
position (a file offset, an HTTP 202) until their flush returned.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from vocradar.broker import RAW
from vocradar.connectors.base import DeliveryError, thread_key
from vocradar.kafka_config import kafka_python_config
from vocradar.settings import Settings

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
    settings
        The process settings: the connection's security (TLS, SASL). None: plaintext.
    max_message_bytes
        Largest record sent (the producer's ``max_request_size``): keep it at or below the
        broker's ``message.max.bytes`` (1 MB by default in Apache Kafka).
    """

    def __init__(
        self,
        bootstrap: str,
        topic: str = RAW,
        client_id: str = "vocradar-connector",
        settings: Settings | None = None,
        max_message_bytes: int = 4 * 1024 * 1024,
    ) -> None:
        from kafka import KafkaProducer

        self.topic = topic
        self.sent = 0
        self.max_message_bytes = max_message_bytes
        self._lock = threading.Lock()
        self._failed: dict[int, list[BaseException]] = {}  # emitting thread -> refused sends
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap.split(","),
            client_id=client_id,
            acks="all",
            linger_ms=5,
            retries=10,
            max_request_size=max_message_bytes,
            **(kafka_python_config(settings) if settings is not None else {}),
        )

    def emit(self, event: dict[str, Any], key: str | None = None) -> None:
        """Send one contract event (as JSON)."""
        value = json.dumps(event, ensure_ascii=False, default=str).encode("utf-8")
        self.emit_raw(value, key if key is not None else thread_key(event))

    def emit_raw(self, value: bytes, key: str | None = None) -> None:
        """Send bytes as they are (bad input included); the outcome is known at :meth:`flush`."""
        thread = threading.get_ident()
        try:
            future = self._producer.send(self.topic, value=value, key=key.encode("utf-8") if key else None)
        except Exception as exc:  # refused before sending: too large, producer closed, no metadata
            self._record_failure(thread, exc)
            return
        future.add_errback(self._record_failure, thread)
        self.sent += 1

    def _record_failure(self, thread: int, exc: BaseException) -> None:
        with self._lock:
            self._failed.setdefault(thread, []).append(exc)

    def flush(self, timeout_s: float | None = 30.0) -> None:
        """Wait until everything sent so far is acknowledged; raise
        :class:`~vocradar.connectors.base.DeliveryError` when a record this thread emitted since
        its last flush was refused or not acknowledged in time."""
        thread = threading.get_ident()
        try:
            self._producer.flush(timeout=timeout_s)
        except Exception as exc:  # KafkaTimeoutError: the broker did not answer in time
            self._record_failure(thread, exc)
        with self._lock:
            failed = self._failed.pop(thread, [])
        if failed:
            raise DeliveryError(failed, self.max_message_bytes)

    def close(self) -> None:
        """Flush and close the producer."""
        self._producer.flush(timeout=30)
        self._producer.close(timeout=10)

    def __enter__(self) -> KafkaEventSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
