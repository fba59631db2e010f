"""Integration fixtures: everything real, started on 127.0.0.1 by the tests themselves.

A Kafka-protocol broker (embedded Tansu), the warehouse (chDB behind the ClickHouse HTTP
interface, in its own process), a webhook receiver and an SMTP server, and stream workers as
separate ``vocradar worker`` processes that a test can kill with SIGKILL.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from receivers import SmtpReceiver, WebhookReceiver

from vocradar.broker import EmbeddedBroker, ensure_topics
from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port
from vocradar.settings import Settings

PARTITIONS = 4
TEST_SALTS = ("test-customer-salt-0", "test-agent-salt-0")


@pytest.fixture()
def broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A fresh broker per test (it starts in milliseconds), so topics never carry over."""
    log = tmp_path / "broker.log"
    b = EmbeddedBroker(log_path=str(log)).start()
    ensure_topics(b.bootstrap, PARTITIONS)
    yield b
    b.stop()


@pytest.fixture()
def broker_factory(tmp_path: Path) -> Iterator[Callable[[], EmbeddedBroker]]:
    """Starts brokers on demand (for tests that hypothesis drives); stops them at the end."""
    started: list[EmbeddedBroker] = []

    def make() -> EmbeddedBroker:
        b = EmbeddedBroker(log_path=str(tmp_path / f"broker-{len(started)}.log")).start()
        ensure_topics(b.bootstrap, PARTITIONS)
        started.append(b)
        return b

    yield make
    for b in started:
        b.stop()


@dataclass(frozen=True)
class WarehouseService:
    """The warehouse service of the tests: its address and its two credentials (as `vocradar run`)."""

    base_url: str
    writer: tuple[str, str]
    reader: tuple[str, str]

    def url_for(self, user: str, password: str) -> str:
        """The URL with a credential in it (how the tests hand one to a process)."""
        return self.base_url.replace("http://", f"http://{quote(user)}:{quote(password)}@", 1)


@pytest.fixture(scope="session")
def warehouse_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarehouseService]:
    """One `vocradar warehouse` process for the session, with a writer and a read-only credential."""
    path = tmp_path_factory.mktemp("warehouse")
    port = free_port()
    writer = ("default", secrets.token_urlsafe(16))
    reader = ("reader", secrets.token_urlsafe(16))
    proc = spawn(
        # a ClickHouse server's defaults (date_time_input_format=basic), not the embedded service's
        python_module_cmd("warehouse", "--path", str(path), "--port", str(port), "--server-defaults"),
        env={
            "VOCRADAR_WAREHOUSE_USER": writer[0],
            "VOCRADAR_WAREHOUSE_PASSWORD": writer[1],
            "VOCRADAR_WAREHOUSE_READER_USER": reader[0],
            "VOCRADAR_WAREHOUSE_READER_PASSWORD": reader[1],
        },
        log_path=str(path.parent / "warehouse.log"),
    )
    wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
    yield WarehouseService(f"http://127.0.0.1:{port}", writer, reader)
    stop_process(proc)


@pytest.fixture(scope="session")
def warehouse_url(warehouse_service: WarehouseService) -> str:
    """The writer's URL (credential included), for workers and the tests' own queries."""
    return warehouse_service.url_for(*warehouse_service.writer)


@pytest.fixture(scope="session")
def webhook() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver().start()
    yield r
    r.stop()


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpReceiver]:
    r = SmtpReceiver().start()
    yield r
    r.stop()


class WorkerPool:
    """Starts ``vocradar worker`` processes with a given environment; kills them at the end."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen[bytes]] = []
        self.killed: set[int] = set()

    def start(self) -> subprocess.Popen[bytes]:
        n = len(self.procs) + 1
        proc = spawn(
            python_module_cmd("worker", "--loglevel", "warning"),
            env=self.env,
            log_path=str(self.log_dir / f"worker-{n}.log"),
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        self.killed.add(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def check_alive(self) -> None:
        """Fail at once, with the end of its log, if a worker the test did not kill has exited."""
        for n, p in enumerate(self.procs, start=1):
            if p.pid not in self.killed and p.poll() is not None:
                log = (self.log_dir / f"worker-{n}.log").read_text(encoding="utf-8", errors="replace")
                raise AssertionError(f"worker-{n} exited with {p.returncode}:\n{log[-3000:]}")

    def stop_all(self) -> None:
        for p in self.procs:
            stop_process(p, timeout_s=20)


def stack_env(
    broker: EmbeddedBroker,
    warehouse_url: str,
    database: str,
    app_id: str,
    webhook: WebhookReceiver | None = None,
    smtp: SmtpReceiver | None = None,
) -> dict[str, str]:
    env = {
        "VOCRADAR_KAFKA_BOOTSTRAP": broker.bootstrap,
        "VOCRADAR_WAREHOUSE_URL": warehouse_url,
        "VOCRADAR_WAREHOUSE_DATABASE": database,
        "VOCRADAR_APP_ID": app_id,
        "VOCRADAR_PARTITIONS": str(PARTITIONS),
        "VOCRADAR_NOTIFY_RETRIES": "3",
        # Workers on a broker they did not start refuse the demo salts.
        "VOCRADAR_PSEUDONYM_SALT": TEST_SALTS[0],
        "VOCRADAR_AGENT_PSEUDONYM_SALT": TEST_SALTS[1],
    }
    if webhook is not None:
        env["VOCRADAR_SLACK_WEBHOOK_URL"] = webhook.url
    if smtp is not None:
        env.update(
            {
                "VOCRADAR_SMTP_HOST": "127.0.0.1",
                "VOCRADAR_SMTP_PORT": str(smtp.port),
                "VOCRADAR_ALERT_EMAIL_TO": "cs-exec@example.com",
            }
        )
    return env


def open_warehouse(warehouse_url: str, database: str) -> Warehouse:
    return connect_warehouse(Settings(warehouse_url=warehouse_url, warehouse_database=database))
