"""Log lines as JSON for log shippers, and the worker's HTTP door that refuses to open unlocked."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest

from vocradar.logs import logging_config
from vocradar.settings import Settings
from vocradar.streams.health import check_http_door


def test_json_log_lines_parse_and_carry_the_exception(capsys: pytest.CaptureFixture[str]) -> None:
    logging.config.dictConfig(logging_config("info", "json"))
    log = logging.getLogger("vocradar.test")
    log.warning("writing %d rows failed", 3)
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("it broke")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines[0]["msg"] == "writing 3 rows failed" and lines[0]["level"] == "WARNING"
    assert lines[0]["logger"] == "vocradar.test" and lines[0]["ts"].endswith("Z")
    assert "ValueError: boom" in lines[1]["exc"]
    logging.config.dictConfig(logging_config("info", "text"))


def test_the_worker_http_door_needs_a_token_off_loopback() -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert check_http_door(s) is None  # off
    assert check_http_door(s.model_copy(update={"worker_http_port": 9108})) is None  # loopback
    open_door = s.model_copy(update={"worker_http_port": 9108, "worker_http_host": "0.0.0.0"})
    assert "VOCRADAR_METRICS_TOKEN" in (check_http_door(open_door) or "")
    from pydantic import SecretStr

    locked = open_door.model_copy(update={"metrics_token": SecretStr("t" * 24)})
    assert check_http_door(locked) is None
