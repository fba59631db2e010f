"""docker-compose.yml: valid for the compose-spec schema, every VOC Radar service runs a command the
package has with an environment Settings accepts, every service has a working health check, and no
secret has a default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
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


# --- every service, every variable -------------------------------------------------------

_INTERPOLATION = re.compile(r"\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}")


def _secret_fields() -> set[str]:
    """The VOCRADAR_* names whose Settings field holds a secret."""
    return {
        f"VOCRADAR_{name.upper()}"
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation)
    }


def _interpolate(value: object) -> str:
    """What compose makes of a value when only the required variables are set: `${X:-d}` is d, `${X:?}`
    a secret of its own per name (24+ characters, distinct), `$$` a dollar."""

    def sub(m: re.Match[str]) -> str:
        name, op, default = m.group(1), m.group(2), m.group(3) or ""
        if op == "-":
            return default
        return f"test-secret-{name.lower()}-0123456789abcdef"

    return _INTERPOLATION.sub(sub, str(value)).replace("$$", "$")


def test_every_service_has_a_healthcheck() -> None:
    """Each service says when it is healthy; only an optional (profile) service may opt out."""
    for name, svc in _compose()["services"].items():
        check = svc.get("healthcheck")
        assert check, f"{name}: no healthcheck"
        if check.get("disable"):
            assert svc.get("profiles"), f"{name}: only optional services may disable their health check"
            continue
        test = check["test"]
        assert test and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, f"{name}: empty health check"


def test_compose_variables_are_settings() -> None:
    """Every VOCRADAR_* name in the file (shared blocks, each service, interpolations) is a Settings
    field: a misspelt variable would be ignored silently."""
    fields = {f"VOCRADAR_{n.upper()}" for n in Settings.model_fields}
    compose = _compose()
    assert set(compose["x-vocradar-env"]) <= fields
    for name, svc in compose["services"].items():
        env = svc.get("environment") or {}
        assert isinstance(env, dict), f"{name}: environment as a mapping, please"
        unknown = {k for k in env if k.startswith("VOCRADAR_")} - fields
        assert not unknown, f"{name}: not Settings fields: {sorted(unknown)}"
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    unknown = set(re.findall(r"VOCRADAR_[A-Z0-9_]+", text)) - fields
    assert not unknown, f"not Settings fields: {sorted(unknown)}"


def test_compose_secrets_have_no_default_and_alerts_reach_the_workers() -> None:
    """A secret is required (`${X:?...}`) or empty unless given (`${X:-}`), never a default value;
    the alert channels' secrets and the metrics token reach the workers."""
    secrets = _secret_fields()
    for name, svc in _compose()["services"].items():
        for key, value in (svc.get("environment") or {}).items():
            if key in secrets:
                m = _INTERPOLATION.fullmatch(str(value))
                assert m, f"{name}: {key} is written in the file: {value!r}"
                assert m.group(2) == "?" or (m.group(2) == "-" and not m.group(3)), (
                    f"{name}: {key} has a default: {value!r}"
                )
    worker = _compose()["services"]["worker"]["environment"]
    for key in (
        "VOCRADAR_SMTP_USER",
        "VOCRADAR_SMTP_PASSWORD",
        "VOCRADAR_SMTP_STARTTLS",
        "VOCRADAR_SLACK_BOT_TOKEN",
        "VOCRADAR_SLACK_CHANNEL",
        "VOCRADAR_SLACK_WEBHOOK_URL",
        "VOCRADAR_METRICS_TOKEN",
    ):
        assert str(worker[key]).startswith("${" + key + ":"), f"worker: {key} not passed through"
    # An empty bearer token can never be presented (HTTP strips the trailing blank): required.
    assert worker["VOCRADAR_METRICS_TOKEN"].startswith("${VOCRADAR_METRICS_TOKEN:?")
    assert (
        worker["VOCRADAR_WORKER_HTTP_HOST"] == "127.0.0.1" and worker["VOCRADAR_WORKER_HTTP_PORT"] == "9108"
    )
    for name in ("ingest", "dashboard", "demo"):  # only the workers send alerts
        env = _compose()["services"][name]["environment"]
        assert not {k for k in env if k.startswith(("VOCRADAR_SMTP_", "VOCRADAR_SLACK_"))}, name


def test_each_service_environment_builds_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """With only the required secrets set, every VOC Radar service's environment is valid Settings
    (an empty `${X:-}` for a boolean or a number would stop the process at start)."""
    for name, svc in _compose()["services"].items():
        if "build" not in svc:
            continue
        for key in [k for k in os.environ if k.startswith("VOCRADAR_")]:
            monkeypatch.delenv(key)
        for key, value in svc["environment"].items():
            monkeypatch.setenv(key, _interpolate(value))
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        assert settings.kafka_bootstrap == "kafka:9092", name
        assert not settings.default_salts(), name
        assert settings.salt_problem() is None, name


class _Answer(BaseHTTPRequestHandler):
    """Answers GET with the status the test sets, after checking path and bearer token."""

    status = 200
    path_wanted = "/health"
    token: str | None = None

    def do_GET(self) -> None:
        ok_token = self.token is None or self.headers.get("Authorization") == f"Bearer {self.token}"
        code = (self.status if self.path == self.path_wanted else 404) if ok_token else 401
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _run_check(service: str, path: str, token: str | None, status: int) -> int:
    """Run `service`'s health check command as the container would, against a local server on a
    free port that answers `status` on `path` (401 without `token`); the command's exit code."""
    svc = _compose()["services"][service]
    test = svc["healthcheck"]["test"]
    assert test[0] == "CMD"
    handler = type("Handler", (_Answer,), {"status": status, "path_wanted": path, "token": token})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOCRADAR_")}
        env.update({k: _interpolate(v) for k, v in (svc.get("environment") or {}).items()})
        if "VOCRADAR_WORKER_HTTP_PORT" in env:
            env["VOCRADAR_WORKER_HTTP_PORT"] = str(port)
        # The command's own port (the one the service listens on) moved to the test server's.
        argv = [re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", a) for a in test[1:]]
        argv[0] = sys.executable if argv[0] == "python" else argv[0]
        return subprocess.run(argv, env=env, capture_output=True, timeout=60).returncode
    finally:
        server.shutdown()
        server.server_close()


def test_worker_healthcheck_asks_its_health_endpoint_with_the_token() -> None:
    secret = _interpolate("${VOCRADAR_METRICS_TOKEN:?}")
    assert _run_check("worker", "/health", secret, 200) == 0
    assert _run_check("worker", "/health", secret, 503) != 0  # Kafka or the warehouse unreachable
    assert _run_check("worker", "/health", "another-token", 200) != 0


def test_dashboard_and_ingest_healthchecks_answer() -> None:
    assert _run_check("dashboard", "/_stcore/health", None, 200) == 0
    assert _run_check("dashboard", "/_stcore/health", None, 503) != 0
    token = _interpolate("${VOCRADAR_INGEST_TOKEN:?}")
    assert _run_check("ingest", "/health", token, 200) == 0
    assert _run_check("ingest", "/health", "another-token", 200) != 0


# --- the compose-spec schema ---------------------------------------------------------------

CHECK_JSONSCHEMA = ROOT / ".vocradar" / "tools" / "bin" / "check-jsonschema"


def _check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.exists(), (
        f"{CHECK_JSONSCHEMA} is missing (it lives in a venv of its own: it needs click>=8.5, "
        "faust-streaming click<8.4): run ./scripts/install dev"
    )
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_validates_against_the_compose_spec(tmp_path: Path) -> None:
    """The file is valid for Docker Compose (the schema ships with check-jsonschema: no network)."""
    result = _check_jsonschema(ROOT / "docker-compose.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    # The same check refuses a broken file (a misspelt health check key).
    broken = (
        (ROOT / "docker-compose.yml").read_text(encoding="utf-8").replace("start_period:", "start_perod:")
    )
    assert broken != (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text(broken, encoding="utf-8")
    bad = _check_jsonschema(tmp_path / "docker-compose.yml")
    assert bad.returncode != 0 and "start_perod" in bad.stdout + bad.stderr


def test_deploying_section_names_only_settings() -> None:
    """The README's deployment examples use variables that exist (a misspelt one is ignored)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Deploying on your clusters\n")
    section = readme[start : readme.index("\n## ", start + 1)]
    fields = {f"VOCRADAR_{n.upper()}" for n in Settings.model_fields}
    names = set(re.findall(r"VOCRADAR_[A-Z0-9_]*[A-Z0-9]", section))
    assert len(names) > 20
    prefixes = {n for n in names if n not in fields and any(f.startswith(n + "_") for f in fields)}
    assert names - prefixes <= fields, sorted(names - prefixes - fields)
    for text in ("SASL_SSL", "SCRAM-SHA-512", ":9096", ":8443", "VOCRADAR_KAFKA_CREATE_TOPICS=false"):
        assert text in section, text
