"""Settings: one object from VOCRADAR_* variables, documented in .env.example."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from vocradar.settings import Settings, env_example

ROOT = Path(__file__).resolve().parents[2]


def test_env_prefix_and_types(monkeypatch):
    monkeypatch.setenv("VOCRADAR_PARTITIONS", "8")
    monkeypatch.setenv("VOCRADAR_KAFKA_BOOTSTRAP", "kafka:9092")
    monkeypatch.setenv("VOCRADAR_ALERT_EMAIL_TO", "a@x.kr, b@x.kr")
    s = Settings()
    assert s.partitions == 8
    assert not s.embedded_broker
    assert s.email_recipients == ["a@x.kr", "b@x.kr"]


def test_defaults_are_embedded():
    s = Settings(_env_file=None)
    assert s.embedded_broker
    assert s.warehouse_url is None
    assert s.store_raw_text is False


def test_env_example_documents_every_variable():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert text == env_example(), "regenerate: python -c 'from vocradar.settings import env_example; ...'"
    for name in Settings.model_fields:
        assert f"VOCRADAR_{name.upper()}=" in text


def test_secrets_do_not_print():
    s = Settings(slack_webhook_url="https://hooks.example/T000/SECRET", smtp_password="pw")
    assert "SECRET" not in repr(s)
    assert "pw'" not in repr(s)


def test_kafka_security_defaults_to_plaintext_and_created_topics():
    s = Settings(_env_file=None)
    assert s.kafka_security_protocol == "PLAINTEXT"
    assert s.kafka_sasl_mechanism is None and s.kafka_sasl_password is None
    assert s.topic_replication is None  # the broker's default
    assert s.kafka_create_topics is True


def test_kafka_security_from_the_environment(monkeypatch, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    monkeypatch.setenv("VOCRADAR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("VOCRADAR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("VOCRADAR_KAFKA_SASL_USERNAME", "vocradar")
    monkeypatch.setenv("VOCRADAR_KAFKA_SASL_PASSWORD", "kafka-secret-pw")
    monkeypatch.setenv("VOCRADAR_KAFKA_SSL_CAFILE", str(ca))
    monkeypatch.setenv("VOCRADAR_TOPIC_REPLICATION", "3")
    monkeypatch.setenv("VOCRADAR_KAFKA_CREATE_TOPICS", "false")
    s = Settings(_env_file=None)
    assert s.kafka_security_protocol == "SASL_SSL"
    assert s.kafka_sasl_mechanism == "SCRAM-SHA-512"
    assert s.kafka_sasl_password is not None
    assert s.kafka_sasl_password.get_secret_value() == "kafka-secret-pw"
    assert "kafka-secret-pw" not in repr(s)
    assert s.kafka_ssl_cafile == ca
    assert s.topic_replication == 3
    assert s.kafka_create_topics is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # a SASL mechanism without the protocol, or without a user: clear errors at once
        ({"kafka_sasl_mechanism": "PLAIN"}, "VOCRADAR_KAFKA_SASL_MECHANISM set but VOCRADAR_KAFKA_SECURITY"),
        (
            {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_mechanism": "SCRAM-SHA-256"},
            "needs VOCRADAR_KAFKA_SASL_USERNAME, VOCRADAR_KAFKA_SASL_PASSWORD",
        ),
        (
            {
                "kafka_security_protocol": "SASL_PLAINTEXT",
                "kafka_sasl_username": "u",
                "kafka_sasl_password": "p",
            },
            "needs VOCRADAR_KAFKA_SASL_MECHANISM",
        ),
        ({"kafka_sasl_mechanism": "GSSAPI", "kafka_security_protocol": "SASL_SSL"}, "kafka_sasl_mechanism"),
        ({"kafka_security_protocol": "TLS"}, "kafka_security_protocol"),
        ({"kafka_ssl_cafile": "/etc/hostname"}, "use SSL or SASL_SSL"),
        (
            {"kafka_security_protocol": "SSL", "kafka_ssl_keyfile": "/etc/hostname"},
            "needs VOCRADAR_KAFKA_SSL_CERTFILE",
        ),
        ({"kafka_security_protocol": "SSL", "kafka_ssl_cafile": "/nonexistent/ca.pem"}, "no such file"),
        ({"topic_replication": 0}, "topic_replication"),
    ],
)
def test_kafka_security_combinations_are_checked(fields, message):
    with pytest.raises(ValidationError) as err:
        Settings(_env_file=None, **fields)
    assert message in str(err.value)
