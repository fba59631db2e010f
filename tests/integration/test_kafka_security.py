"""Kafka security for real: the pipeline through TLS and SASL listeners, and topics created beforehand.

The embedded broker listens on TLS only (a throw-away CA, a server certificate for 127.0.0.1),
with client certificates required (mutual TLS) where a test says so. Every Kafka client of the
project goes through it with the settings alone: the topic admin (``ensure_topics``), the
``vocradar replay`` producer (kafka-python), and a ``vocradar worker`` (Faust on aiokafka: its
consumer group, its producer, and the topics it creates itself).

SASL: Tansu 0.6 itself cannot authenticate anyone in memory storage (it offers SCRAM only, and
drops the SCRAM users it is given, so every login fails), so the SASL tests put a SASL listener
(``sasl_front.py``: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, as a Kafka broker checks them) in front
of a plaintext Tansu, with TLS for SASL_SSL.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import PARTITIONS, WorkerPool, open_warehouse, stack_env
from pydantic import SecretStr
from receivers import wait_until
from sasl_front import SaslFront
from tls_certs import Pki, make_pki

from vocradar.broker import (
    RAW,
    TOPICS,
    BrokerTls,
    EmbeddedBroker,
    MissingTopicsError,
    ensure_topics,
    tansu_binary,
)
from vocradar.connectors.demo import DemoTraffic
from vocradar.connectors.producer import KafkaEventSink
from vocradar.kafka_config import aiokafka_config, kafka_python_config
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port
from vocradar.settings import Settings

SASL_USER, SASL_PASSWORD = "voc-worker", "voc-secret-pw"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture()
def mtls_broker(pki: Pki, tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A TLS broker that also requires a client certificate signed by the test CA."""
    tls = BrokerTls(pki.server_cert, pki.server_key, cafile=pki.ca, client_cafile=pki.ca)
    b = EmbeddedBroker(log_path=str(tmp_path / "broker.log"), tls=tls).start()
    yield b
    b.stop()


@pytest.fixture()
def tls_broker(pki: Pki, tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A TLS broker (server certificate only)."""
    b = EmbeddedBroker(
        log_path=str(tmp_path / "broker.log"), tls=BrokerTls(pki.server_cert, pki.server_key, cafile=pki.ca)
    ).start()
    yield b
    b.stop()


@dataclass
class SaslBroker:
    """Tansu behind a SASL listener (with TLS for SASL_SSL); clients see only the listener."""

    bootstrap: str
    front: SaslFront
    proc: subprocess.Popen[bytes]
    cafile: Path | None

    def client_env(self, mechanism: str, password: str = SASL_PASSWORD) -> dict[str, str]:
        env = {
            "VOCRADAR_KAFKA_BOOTSTRAP": self.bootstrap,
            "VOCRADAR_KAFKA_SECURITY_PROTOCOL": "SASL_SSL" if self.cafile else "SASL_PLAINTEXT",
            "VOCRADAR_KAFKA_SASL_MECHANISM": mechanism,
            "VOCRADAR_KAFKA_SASL_USERNAME": SASL_USER,
            "VOCRADAR_KAFKA_SASL_PASSWORD": password,
            "VOCRADAR_TOPIC_REPLICATION": "1",
        }
        if self.cafile is not None:
            env["VOCRADAR_KAFKA_SSL_CAFILE"] = str(self.cafile)
        return env


@pytest.fixture()
def sasl_broker(pki: Pki, tmp_path: Path) -> Iterator[Callable[[str, bool], SaslBroker]]:
    """Starts SASL brokers (mechanism, with TLS or not) on demand; stops them at the end."""
    started: list[SaslBroker] = []

    def start(mechanism: str, tls: bool) -> SaslBroker:
        inner, outer = free_port(), free_port()
        proc = spawn(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                f"tcp://127.0.0.1:{inner}",
                "--advertised-listener-url",
                f"tcp://127.0.0.1:{outer}",
                "--storage-engine",
                "memory://tansu/",
            ],
            log_path=str(tmp_path / f"broker-{len(started)}.log"),
        )
        wait_for_port("127.0.0.1", inner, 30, alive=lambda: proc.poll() is None)
        context = BrokerTls(pki.server_cert, pki.server_key).server_context() if tls else None
        front = SaslFront(outer, inner, mechanism, {SASL_USER: SASL_PASSWORD}, context).start()
        broker = SaslBroker(f"127.0.0.1:{outer}", front, proc, pki.ca if tls else None)
        started.append(broker)
        return broker

    yield start
    for b in started:
        b.front.stop()
        stop_process(b.proc, timeout_s=5)


def _settings(env: dict[str, str]) -> Settings:
    """The settings a process started with ``env`` builds."""
    fields = {k.removeprefix("VOCRADAR_").lower(): v for k, v in env.items() if k.startswith("VOCRADAR_")}
    return Settings(_env_file=None, **fields)


def _admin(bootstrap: str, timeout_ms: int = 10_000, **config: Any) -> Any:
    from kafka.admin import KafkaAdminClient

    return KafkaAdminClient(bootstrap_servers=bootstrap, bootstrap_timeout_ms=timeout_ms, **config)


def _replicas(settings: Settings, bootstrap: str) -> dict[str, int]:
    """Replication factor of every topic, read through the secured connection."""
    admin = _admin(bootstrap, **kafka_python_config(settings))
    try:
        return {d["name"]: len(d["partitions"][0]["replica_nodes"]) for d in admin.describe_topics()}
    finally:
        admin.close()


def _feed(tmp_path: Path, n: int, seed: int) -> tuple[Path, set[str]]:
    events = DemoTraffic(seed=seed).batch(n)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n", encoding="utf-8")
    return feed, {e["event_id"] for e in events}


def _replay(feed: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        python_module_cmd("replay", str(feed)),
        env={**os.environ, **env},
        timeout=180,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _db() -> str:
    return "t_" + uuid.uuid4().hex[:10]


def test_tls_broker_refuses_clients_without_the_right_settings(mtls_broker, pki, tmp_path):
    from kafka.errors import KafkaError

    good = _settings({**mtls_broker.client_env()}).model_copy(
        update={"kafka_ssl_certfile": pki.client_cert, "kafka_ssl_keyfile": pki.client_key}
    )
    admin = _admin(mtls_broker.bootstrap, **kafka_python_config(good))
    assert isinstance(admin.list_topics(), list)
    admin.close()

    other_ca = make_pki(tmp_path / "other", ca_name="another CA")
    refused = {
        "plaintext": {},
        "TLS without a client certificate": kafka_python_config(_settings(mtls_broker.client_env())),
        "a CA that did not sign the broker": kafka_python_config(
            good.model_copy(update={"kafka_ssl_cafile": other_ca.ca})
        ),
        "a client certificate of another CA": kafka_python_config(
            good.model_copy(
                update={"kafka_ssl_certfile": other_ca.client_cert, "kafka_ssl_keyfile": other_ca.client_key}
            )
        ),
    }
    for what, config in refused.items():
        with pytest.raises(KafkaError):
            _admin(mtls_broker.bootstrap, timeout_ms=3_000, **config)
            pytest.fail(f"a client with {what} was let in")


def test_pipeline_runs_through_mutual_tls(mtls_broker, pki, warehouse_url, tmp_path):
    db = _db()
    env = {
        **stack_env(mtls_broker, warehouse_url, db, app_id=f"vr-{db}"),
        **mtls_broker.client_env(),
        "VOCRADAR_KAFKA_SSL_CERTFILE": str(pki.client_cert),
        "VOCRADAR_KAFKA_SSL_KEYFILE": str(pki.client_key_encrypted),
        "VOCRADAR_KAFKA_SSL_KEY_PASSWORD": pki.client_key_password,
        # the single Tansu node records any factor: 3 shows that every created topic got the setting
        "VOCRADAR_TOPIC_REPLICATION": "3",
    }
    settings = _settings(env)
    feed, expected = _feed(tmp_path, 120, seed=5)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()  # creates the voc.* topics through TLS, then its own ones through aiokafka
        _replay(feed, env)  # kafka-python producer through TLS
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: (
                pool.check_alive() or wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(expected)
            ),
            240,
            what="every event scored and stored through the TLS broker",
        )
        ids = {r["event_id"] for r in wh.query(f"SELECT event_id FROM {db}.voc_events FINAL")}
        assert ids == expected
    finally:
        pool.stop_all()

    replicas = _replicas(settings, mtls_broker.bootstrap)
    app_id = f"vr-{db}"
    created_by_the_worker = [
        t for t in replicas if t.startswith(app_id) or t in ("voc.link", "voc.incidents")
    ]
    assert f"{app_id}-__assignor-__leader" in created_by_the_worker
    assert any(t.endswith("-changelog") for t in created_by_the_worker)
    assert {replicas[t] for t in [*TOPICS, *created_by_the_worker]} == {3}


def test_precreated_topics_mode_checks_and_then_runs_without_creating(tls_broker, warehouse_url, tmp_path):
    from kafka.admin import NewTopic

    from vocradar.streams.app import create_app, internal_topic_specs

    db = _db()
    env = {
        **stack_env(tls_broker, warehouse_url, db, app_id=f"vr-{db}"),
        **tls_broker.client_env(),
        "VOCRADAR_KAFKA_CREATE_TOPICS": "false",
    }
    settings = _settings(env)

    # nothing exists yet: the check names what is missing, and a worker refuses to start
    with pytest.raises(MissingTopicsError) as err:
        ensure_topics(tls_broker.bootstrap, PARTITIONS, settings=settings)
    assert "voc.raw (4 partitions)" in str(err.value)
    done = subprocess.run(
        python_module_cmd("worker"), env={**os.environ, **env}, capture_output=True, text=True, timeout=180
    )
    assert done.returncode != 0
    assert "VOCRADAR_KAFKA_CREATE_TOPICS=false" in done.stderr
    specs = internal_topic_specs(create_app(settings))
    for name in ["voc.raw", "voc.link", f"vr-{db}-notified-changelog", f"vr-{db}-__assignor-__leader"]:
        assert name in done.stderr
    assert any(s.compacted for s in specs)

    # the platform team creates them (with its own rights), then the worker runs on them
    admin = _admin(tls_broker.bootstrap, **kafka_python_config(settings))
    from vocradar.broker import topic_specs

    admin.create_topics(
        [
            NewTopic(
                s.name,
                s.partitions,
                1,
                topic_configs={"cleanup.policy": "compact"} if s.compacted else {},
            )
            for s in [*topic_specs(PARTITIONS), *specs]
        ]
    )
    before = set(admin.list_topics())
    admin.close()
    ensure_topics(tls_broker.bootstrap, PARTITIONS, settings=settings)  # all there: no error

    feed, expected = _feed(tmp_path, 40, seed=8)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay(feed, env)
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: (
                pool.check_alive() or wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(expected)
            ),
            240,
            what="every event stored, on topics created beforehand",
        )
    finally:
        pool.stop_all()
    admin = _admin(tls_broker.bootstrap, **kafka_python_config(settings))
    assert set(admin.list_topics()) == before, "the worker created topics"
    admin.close()


def test_replay_refuses_a_tls_broker_over_plaintext(tls_broker, tmp_path):
    # a producer without the security settings does not get through: the settings are what counts
    feed, _ = _feed(tmp_path, 3, seed=1)
    done = subprocess.run(
        [sys.executable, "-m", "vocradar", "replay", str(feed)],
        env={
            **os.environ,
            "VOCRADAR_KAFKA_BOOTSTRAP": tls_broker.bootstrap,
            "VOCRADAR_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode != 0
    assert "over PLAINTEXT" in done.stderr


@pytest.mark.parametrize("tls", [False, True], ids=["SASL_PLAINTEXT", "SASL_SSL"])
@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_every_client_logs_in_with_sasl(sasl_broker, mechanism, tls):
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from kafka.errors import KafkaError

    b = sasl_broker(mechanism, tls)
    settings = _settings(b.client_env(mechanism))
    ensure_topics(b.bootstrap, PARTITIONS, settings=settings)  # kafka-python admin
    with KafkaEventSink(b.bootstrap, settings=settings) as sink:  # kafka-python producer
        sink.emit({"event_id": "sasl-1", "conversation_id": "c-1"})
        sink.flush()

    async def read_back() -> list[bytes]:  # aiokafka, the client under the Faust workers
        consumer = AIOKafkaConsumer(
            bootstrap_servers=b.bootstrap, auto_offset_reset="earliest", **aiokafka_config(settings)
        )
        await consumer.start()
        try:
            consumer.assign([TopicPartition(RAW, p) for p in range(PARTITIONS)])
            await consumer.seek_to_beginning()
            batches = await consumer.getmany(timeout_ms=5000)
            return [m.value for msgs in batches.values() for m in msgs]
        finally:
            await consumer.stop()

    values = asyncio.run(read_back())
    assert [json.loads(v)["event_id"] for v in values] == ["sasl-1"]
    assert b.front.logins and {login for login in b.front.logins} == {(mechanism, SASL_USER)}
    assert b.front.refused == []

    # the listener does check: a wrong password is refused
    bad = settings.model_copy(update={"kafka_sasl_password": SecretStr("not-the-password")})
    with pytest.raises(KafkaError):
        _admin(b.bootstrap, timeout_ms=3_000, **kafka_python_config(bad))
    assert b.front.refused


def test_pipeline_runs_through_sasl_ssl_with_scram(sasl_broker, warehouse_url, tmp_path):
    b = sasl_broker("SCRAM-SHA-512", True)
    db = _db()
    env = {**stack_env(b, warehouse_url, db, app_id=f"vr-{db}"), **b.client_env("SCRAM-SHA-512")}
    feed, expected = _feed(tmp_path, 60, seed=9)
    pool = WorkerPool(env, tmp_path)
    try:
        pool.start()
        _replay(feed, env)
        wh = open_warehouse(warehouse_url, db)
        wait_until(
            lambda: (
                pool.check_alive() or wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") >= len(expected)
            ),
            240,
            what="every event stored through the SASL_SSL listener",
        )
        ids = {r["event_id"] for r in wh.query(f"SELECT event_id FROM {db}.voc_events FINAL")}
        assert ids == expected
    finally:
        pool.stop_all()
    assert b.front.refused == []
    assert len(b.front.logins) >= 3  # the admin, the replay producer, the worker's connections
