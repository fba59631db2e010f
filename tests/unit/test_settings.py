"""Settings: one object from VOCRADAR_* variables, documented in .env.example."""

from __future__ import annotations

from pathlib import Path

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
