"""docker-compose.yml parses, and every VOC Radar service runs a command the package has."""

from __future__ import annotations

from pathlib import Path

import yaml

from vocradar.cli import main
from vocradar.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_production_services():
    services = _compose()["services"]
    assert {"kafka", "clickhouse", "worker", "ingest", "dashboard"} <= set(services)
    assert "KRaft" in (ROOT / "docker-compose.yml").read_text() or "controller" in str(services["kafka"])


def test_every_vocradar_service_command_exists():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["vocradar"]' in dockerfile
    for name, svc in _compose()["services"].items():
        if "build" not in svc:
            continue
        command = svc["command"]
        assert command[0] in main.commands, f"{name}: `vocradar {command[0]}` does not exist"
        params = {o for p in main.commands[command[0]].params for o in getattr(p, "opts", [])}
        for arg in command[1:]:
            if arg.startswith("--") and not arg.startswith("--server."):
                assert arg in params, f"{name}: option {arg} unknown to `vocradar {command[0]}`"


def test_compose_variables_are_settings():
    fields = {f"VOCRADAR_{n.upper()}" for n in Settings.model_fields}
    env = _compose()["x-vocradar-env"]
    assert set(env) <= fields


def test_compose_doors_are_locked_and_state_is_kept() -> None:
    """No anonymous door, no default password, no warehouse port on the host, Kafka's data in
    its volume, and a data directory the unprivileged image user can write."""
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    services = _compose()["services"]
    assert "ports" not in services["clickhouse"] and "ports" not in services["kafka"]
    assert ":-vocradar}" not in text and "@clickhouse" not in text  # no default password, none in a URL
    assert "${CLICKHOUSE_PASSWORD:?" in text
    env = _compose()["x-vocradar-env"]
    assert env["VOCRADAR_WAREHOUSE_PASSWORD"].startswith("${CLICKHOUSE_PASSWORD:?")
    assert services["ingest"]["environment"]["VOCRADAR_INGEST_TOKEN"].startswith("${VOCRADAR_INGEST_TOKEN:?")
    assert services["dashboard"]["environment"]["VOCRADAR_DASHBOARD_USERS_FILE"].startswith("/run/secrets/")
    kafka = services["kafka"]
    assert any(v.endswith(":" + kafka["environment"]["KAFKA_LOG_DIRS"]) for v in kafka["volumes"])
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ENV VOCRADAR_DATA_DIR=/var/lib/vocradar" in dockerfile
    assert "chown vocradar:vocradar /var/lib/vocradar" in dockerfile and "USER vocradar" in dockerfile
