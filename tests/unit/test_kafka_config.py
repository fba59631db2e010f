"""Every Kafka client receives the security settings: the options built from Settings, and the
client objects (kafka-python producer, aiokafka producer, the Faust app's consumer and producer)
built from them, for every protocol and SASL mechanism. Building these clients opens no
connection; connecting through TLS for real is tested in tests/integration/test_kafka_security.py."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from tls_certs import Pki, make_pki

from vocradar.kafka_config import (
    aiokafka_config,
    faust_credentials,
    kafka_python_config,
    ssl_context,
    topic_replication,
)
from vocradar.settings import Settings

MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
CASES = [
    ("PLAINTEXT", None, False),
    ("SSL", None, False),
    ("SSL", None, True),  # mutual TLS
    *[("SASL_PLAINTEXT", m, False) for m in MECHANISMS],
    *[("SASL_SSL", m, False) for m in MECHANISMS],
    ("SASL_SSL", "SCRAM-SHA-512", True),
]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _settings(pki: Pki, protocol: str, mechanism: str | None, mtls: bool, **extra: Any) -> Settings:
    fields: dict[str, Any] = {"kafka_security_protocol": protocol, **extra}
    if protocol.endswith("SSL"):
        fields["kafka_ssl_cafile"] = pki.ca
    if mtls:
        fields.update(kafka_ssl_certfile=pki.client_cert, kafka_ssl_keyfile=pki.client_key)
    if mechanism is not None:
        fields.update(
            kafka_sasl_mechanism=mechanism, kafka_sasl_username="voc-user", kafka_sasl_password="voc-pass"
        )
    return Settings(_env_file=None, **fields)


def _ca_names(ctx: ssl.SSLContext) -> list[str]:
    return [dict(x[0] for x in c["subject"]).get("commonName", "") for c in ctx.get_ca_certs()]


def _expect(cfg: dict[str, Any], protocol: str, mechanism: str | None) -> None:
    """The client options a protocol and mechanism must give (shared by every client library)."""
    assert cfg["security_protocol"] == protocol
    if protocol.endswith("SSL"):
        ctx = cfg["ssl_context"]
        assert isinstance(ctx, ssl.SSLContext)
        assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
        assert "vocradar test CA" in _ca_names(ctx)
    else:
        assert cfg.get("ssl_context") is None
    if mechanism is not None:
        assert cfg["sasl_mechanism"] == mechanism
        assert cfg["sasl_plain_username"] == "voc-user"
        assert cfg["sasl_plain_password"] == "voc-pass"
    else:
        assert cfg.get("sasl_mechanism") in (None, "PLAIN")  # PLAIN: the libraries' unused default


@pytest.mark.parametrize(("protocol", "mechanism", "mtls"), CASES)
def test_kafka_python_producer_gets_the_settings(pki, protocol, mechanism, mtls):
    from kafka import KafkaProducer

    settings = _settings(pki, protocol, mechanism, mtls)
    cfg = kafka_python_config(settings)
    _expect(cfg, protocol, mechanism)
    # kafka-python refuses options it does not know; a fixed api_version skips the probe connection
    producer = KafkaProducer(bootstrap_servers="127.0.0.1:9", api_version=(2, 5), **cfg)
    try:
        _expect(producer.config, protocol, mechanism)
    finally:
        producer.close(timeout=0)


@pytest.mark.parametrize(("protocol", "mechanism", "mtls"), CASES)
def test_aiokafka_producer_gets_the_settings(pki, protocol, mechanism, mtls):
    from aiokafka import AIOKafkaProducer

    cfg = aiokafka_config(_settings(pki, protocol, mechanism, mtls))
    _expect(cfg, protocol, mechanism)

    async def build() -> dict[str, Any]:
        client = AIOKafkaProducer(bootstrap_servers="127.0.0.1:9", **cfg).client
        return {
            "security_protocol": client._security_protocol,
            "ssl_context": client._ssl_context,
            "sasl_mechanism": client._sasl_mechanism,
            "sasl_plain_username": client._sasl_plain_username,
            "sasl_plain_password": client._sasl_plain_password,
        }

    _expect(asyncio.run(build()), protocol, mechanism)


@pytest.mark.parametrize(("protocol", "mechanism", "mtls"), CASES)
def test_faust_workers_consumer_and_producer_get_the_settings(pki, protocol, mechanism, mtls):
    from vocradar.streams.app import create_app

    settings = _settings(pki, protocol, mechanism, mtls)
    creds = faust_credentials(settings)
    if protocol == "PLAINTEXT":
        assert creds is None
    else:
        assert creds is not None and creds.protocol.value == protocol
    app = create_app(settings, bootstrap="127.0.0.1:9")

    async def build() -> tuple[dict[str, Any], dict[str, Any]]:
        def options(client: Any) -> dict[str, Any]:
            return {
                "security_protocol": client._security_protocol,
                "ssl_context": client._ssl_context,
                "sasl_mechanism": client._sasl_mechanism,
                "sasl_plain_username": client._sasl_plain_username,
                "sasl_plain_password": client._sasl_plain_password,
            }

        consumer = app.consumer._thread._create_worker_consumer(app.transport)
        producer = app.producer._new_producer()
        return options(consumer._client), options(producer.client)

    consumer, producer = asyncio.run(build())
    _expect(consumer, protocol, mechanism)
    _expect(producer, protocol, mechanism)


def test_mutual_tls_context_holds_the_client_certificate(pki):
    # an encrypted key with its password loads; a wrong password is refused at once
    settings = _settings(
        pki,
        "SSL",
        None,
        False,
        kafka_ssl_certfile=pki.client_cert,
        kafka_ssl_keyfile=pki.client_key_encrypted,
        kafka_ssl_key_password=pki.client_key_password,
    )
    assert ssl_context(settings) is not None
    wrong = settings.model_copy(update={"kafka_ssl_key_password": None})
    with pytest.raises(ssl.SSLError):
        ssl_context(wrong)
    bad = settings.model_copy(update={"kafka_ssl_key_password": SecretStr("not-it")})
    with pytest.raises(ssl.SSLError):
        ssl_context(bad)


def test_system_cas_without_a_ca_file(pki):
    ctx = ssl_context(Settings(_env_file=None, kafka_security_protocol="SSL"))
    assert ctx is not None and ctx.verify_mode == ssl.CERT_REQUIRED
    assert "vocradar test CA" not in _ca_names(ctx)


def test_replication_and_topic_creation_reach_the_faust_app():
    from vocradar.streams.app import create_app

    default = Settings(_env_file=None)
    assert topic_replication(default) == -1
    app = create_app(default, bootstrap="127.0.0.1:9")
    assert app.vocradar_topic_replication == -1
    assert app.conf.topic_allow_declare is True

    precreated = Settings(_env_file=None, topic_replication=3, kafka_create_topics=False)
    app = create_app(precreated, bootstrap="127.0.0.1:9")
    assert app.vocradar_topic_replication == 3
    assert app.conf.topic_replication_factor == 3
    assert app.conf.topic_allow_declare is False


def test_internal_topics_name_every_changelog_and_the_leader_topic():
    from vocradar.streams.app import LINK, create_app, internal_topic_specs

    app = create_app(Settings(_env_file=None, app_id="voc-x"), bootstrap="127.0.0.1:9")
    specs = {s.name: s for s in internal_topic_specs(app)}
    assert LINK in specs and "voc-x-__assignor-__leader" in specs
    changelogs = [s for s in specs.values() if s.name.endswith("-changelog")]
    assert changelogs and all(s.compacted for s in changelogs)
    assert {t.changelog_topic.get_topic_name() for t in app.tables.values()} <= set(specs)


def test_embedded_broker_gives_its_clients_plaintext_and_replication_one(tmp_path: Path, pki):
    from vocradar.broker import BrokerTls, EmbeddedBroker

    plain = EmbeddedBroker(port=19999)
    env = plain.client_env()
    assert env["VOCRADAR_KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT"
    assert env["VOCRADAR_TOPIC_REPLICATION"] == "1"
    assert env["VOCRADAR_KAFKA_BOOTSTRAP"] == "127.0.0.1:19999"
    tls = EmbeddedBroker(tls=BrokerTls(pki.server_cert, pki.server_key, cafile=pki.ca))
    env = tls.client_env()
    assert env["VOCRADAR_KAFKA_SECURITY_PROTOCOL"] == "SSL"
    assert env["VOCRADAR_KAFKA_SSL_CAFILE"] == str(pki.ca)
    # the environment of a child is valid settings
    s = Settings(_env_file=None, **{k.removeprefix("VOCRADAR_").lower(): v for k, v in env.items()})
    assert s.kafka_security_protocol == "SSL" and s.topic_replication == 1


@pytest.mark.parametrize(("replication", "sent"), [(None, -1), (3, 3)])
def test_every_topic_the_app_creates_gets_the_replication(monkeypatch, replication, sent):
    # faust passes its own factor (1 unless set) for changelogs, repartition and leader topics; the
    # transport replaces it with the project's, -1 asking the broker for its default
    from faust.transport.drivers import aiokafka as driver

    from vocradar.streams.app import create_app

    calls: list[tuple[str, int]] = []

    async def record(
        self: Any, owner: Any, client: Any, topic: str, partitions: int, replication: int, **kw: Any
    ) -> None:
        calls.append((topic, replication))

    monkeypatch.setattr(driver.Transport, "_create_topic", record)
    app = create_app(Settings(_env_file=None, topic_replication=replication), bootstrap="127.0.0.1:9")
    asyncio.run(app.transport._create_topic(None, None, "vocradar-notified-changelog", 4, 1, compacting=True))
    assert calls == [("vocradar-notified-changelog", sent)]
