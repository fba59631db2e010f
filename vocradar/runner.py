"""``vocradar run``: the whole product on one machine, on embedded defaults.

The supervisor starts, in order: the broker (embedded Tansu unless Kafka is configured), the
topics, the warehouse (the embedded chDB service unless ClickHouse is configured), the stream
workers, the connectors (ticket webhook endpoint, call-transcript directory), the demo traffic
and the dashboard. It restarts a worker that dies, and on Ctrl-C or SIGTERM stops every child
in reverse order; children also die with it if it is killed outright.

The embedded warehouse gets two new credentials on every run: a writer's, handed to the workers
and connectors, and a read-only one for the dashboard (both through the ``VOCRADAR_WAREHOUSE_*``
environment of each child). While it runs, ``DATA_DIR/run/credentials.json`` (this OS user
only) lets commands such as ``vocradar erase`` reach the same warehouse and broker.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from pydantic import SecretStr

from vocradar.broker import EmbeddedBroker, ensure_topics
from vocradar.connectors.warehouse import redact_url, write_run_credentials
from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port
from vocradar.settings import Settings

__all__ = ["Supervisor", "dashboard_cmd", "port_or_free", "seed_launch_registry"]

log = logging.getLogger("vocradar.run")


def dashboard_cmd(port: int, address: str = "127.0.0.1") -> list[str]:
    """The command that serves the Streamlit dashboard on ``address``:``port``.

    The caller checks first that the access settings allow that address
    (:func:`vocradar.dashboards.auth.check_serving_address`: no login, loopback only).
    """
    import vocradar.dashboards

    app_path = Path(vocradar.dashboards.__file__).parent / "streamlit_app.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def seed_launch_registry(settings: Settings, url: str) -> None:
    """Give a demo run on the embedded warehouse the synthetic launch history if its registry is empty.

    The launch forecast page then has past launches to compare with; every synthetic launch is
    marked (``synthetic = 1``, names start with ``[합성]``). A failure only costs the demo data.
    """
    try:
        from vocradar.connectors.launches import ensure_demo_history
        from vocradar.connectors.warehouse import connect_warehouse

        wh = connect_warehouse(settings.model_copy(update={"warehouse_url": url}), wait_s=30)
        try:
            if ensure_demo_history(wh):
                log.info("loaded the synthetic demo launch history (names start with [합성])")
        finally:
            wh.close()
    except Exception as exc:
        log.warning("could not load the synthetic launch history: %s", exc)


def port_or_free(port: int) -> int:
    """``port`` if it is free now, else another free port."""
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            return free_port()


@dataclass
class Child:
    """A supervised child process."""

    name: str
    cmd: list[str]
    env: dict[str, str]
    log_path: str
    restart: bool = False
    proc: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    def start(self) -> None:
        self.proc = spawn(self.cmd, env=self.env, log_path=self.log_path)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Supervisor:
    """Starts and watches every process of an embedded VOC Radar."""

    settings: Settings
    dashboard: bool = True
    children: list[Child] = field(default_factory=list)
    broker: EmbeddedBroker | None = None
    _stopping: bool = False
    _run_file: Path | None = None

    def _log_path(self, name: str) -> str:
        logs = self.settings.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        return str(logs / f"{name}.log")

    def _child(self, name: str, cmd: list[str], env: dict[str, str], restart: bool = False) -> Child:
        child = Child(name, cmd, env, self._log_path(name), restart=restart)
        child.start()
        self.children.append(child)
        log.info("started %s (pid %s)", name, child.proc.pid if child.proc else "?")
        return child

    def start(self) -> dict[str, str]:
        """Start everything; returns the URLs a person would open."""
        s = self.settings
        s.data_dir.mkdir(parents=True, exist_ok=True)
        env: dict[str, str] = {}
        bootstrap = s.kafka_bootstrap
        kafka = s
        if not bootstrap:
            self.broker = EmbeddedBroker(log_path=self._log_path("broker")).start()
            bootstrap = self.broker.bootstrap
            # the embedded broker: plaintext on loopback, replication 1, whatever the environment says
            kafka = s.model_copy(update=self.broker.client_overrides())
            env.update(self.broker.client_env())
        ensure_topics(bootstrap, s.partitions, settings=kafka)
        env["VOCRADAR_KAFKA_BOOTSTRAP"] = bootstrap
        if self.broker is not None:
            env["VOCRADAR_RUN_EMBEDDED"] = "true"  # the demo salts are allowed on our own broker

        wh_url = s.warehouse_url
        # The dashboard reads with the read-only credential; everything else writes.
        dash_env = dict(env)
        if not wh_url:
            # A new credential pair for every run: no anonymous SQL on the embedded warehouse.
            writer = (s.warehouse_user or "default", secrets.token_urlsafe(24))
            reader = (s.warehouse_reader_user, secrets.token_urlsafe(24))
            port = port_or_free(s.warehouse_port)
            wh = self._child(
                "warehouse",
                python_module_cmd("warehouse", "--path", str(s.data_dir / "warehouse"), "--port", str(port)),
                {
                    **env,
                    "VOCRADAR_WAREHOUSE_USER": writer[0],
                    "VOCRADAR_WAREHOUSE_PASSWORD": writer[1],
                    "VOCRADAR_WAREHOUSE_READER_USER": reader[0],
                    "VOCRADAR_WAREHOUSE_READER_PASSWORD": reader[1],
                },
            )
            proc = wh.proc
            assert proc is not None
            wait_for_port("127.0.0.1", port, 60, alive=lambda: proc.poll() is None)
            wh_url = f"http://127.0.0.1:{port}"
            env.update({"VOCRADAR_WAREHOUSE_USER": writer[0], "VOCRADAR_WAREHOUSE_PASSWORD": writer[1]})
            # the run's own warehouse (state from an earlier release included) is upgraded in place
            env["VOCRADAR_WAREHOUSE_AUTO_MIGRATE"] = "true"
            env["VOCRADAR_WAREHOUSE_READER_PASSWORD"] = ""
            dash_env.update({"VOCRADAR_WAREHOUSE_USER": reader[0], "VOCRADAR_WAREHOUSE_PASSWORD": reader[1]})
            self._run_file = write_run_credentials(
                s,
                {
                    "warehouse_url": wh_url,
                    "warehouse_user": writer[0],
                    "warehouse_password": writer[1],
                    "kafka_bootstrap": bootstrap,
                },
            )
            if s.demo:
                seed_launch_registry(
                    s.model_copy(
                        update={
                            "warehouse_user": writer[0],
                            "warehouse_password": SecretStr(writer[1]),
                            "warehouse_auto_migrate": True,
                        }
                    ),
                    wh_url,
                )
        elif s.warehouse_reader_password is not None and s.warehouse_reader_password.get_secret_value():
            dash_env.update(
                {
                    "VOCRADAR_WAREHOUSE_USER": s.warehouse_reader_user,
                    "VOCRADAR_WAREHOUSE_PASSWORD": s.warehouse_reader_password.get_secret_value(),
                }
            )
        else:
            log.warning(
                "no VOCRADAR_WAREHOUSE_READER_PASSWORD: the dashboard connects with the writer's credential"
            )
        env["VOCRADAR_WAREHOUSE_URL"] = wh_url
        dash_env["VOCRADAR_WAREHOUSE_URL"] = wh_url

        dash_port = port_or_free(s.dashboard_port) if self.dashboard else s.dashboard_port
        # Alerts link to the dashboard this run serves, unless an operator set a public URL.
        dashboard_url = (
            s.dashboard_url if "dashboard_url" in s.model_fields_set else f"http://localhost:{dash_port}"
        )
        env["VOCRADAR_DASHBOARD_URL"] = dashboard_url
        dash_env["VOCRADAR_DASHBOARD_URL"] = dashboard_url

        metrics: dict[str, str] = {}
        for i in range(s.workers):
            # each worker serves /health, /ready and /metrics on a loopback port of its own
            port = port_or_free(s.worker_http_port + i) if s.worker_http_port else free_port()
            worker_env = {
                **env,
                "VOCRADAR_WORKER_HTTP_PORT": str(port),
                "VOCRADAR_WORKER_HTTP_HOST": "127.0.0.1",
            }
            self._child(f"worker-{i + 1}", python_module_cmd("worker"), worker_env, restart=True)
            metrics[f"worker-{i + 1} metrics"] = f"http://127.0.0.1:{port}/metrics"

        ingest_port = port_or_free(s.ingest_port)
        calls_dir = s.calls_dir or s.data_dir / "calls"
        calls_dir.mkdir(parents=True, exist_ok=True)
        self._child(
            "ingest",
            python_module_cmd("ingest", "--port", str(ingest_port), "--calls-dir", str(calls_dir)),
            env,
            restart=True,
        )
        if s.demo:
            self._child("demo", python_module_cmd("demo"), env, restart=True)
        if self.dashboard:
            self._child("dashboard", dashboard_cmd(dash_port, s.dashboard_address), dash_env, restart=True)
        return {
            "dashboard": dashboard_url,
            "ticket webhook": f"http://127.0.0.1:{ingest_port}/webhooks/zendesk",
            "event ingest": f"http://127.0.0.1:{ingest_port}/events",
            "ingest metrics": f"http://127.0.0.1:{ingest_port}/metrics",
            **metrics,
            "call transcripts dir": str(calls_dir),
            "kafka bootstrap": bootstrap,
            "warehouse": redact_url(wh_url),  # a password in the URL is never printed
            "logs": str(s.data_dir / "logs"),
        }

    def poll(self) -> None:
        """Restart children that should be running and are not."""
        for child in self.children:
            if child.restart and not child.alive and not self._stopping:
                code = child.proc.returncode if child.proc else None
                child.restarts += 1
                log.warning("%s exited (code %s); restarting (#%d)", child.name, code, child.restarts)
                time.sleep(min(child.restarts, 5))
                child.start()

    def stop(self) -> None:
        """Stop every child in reverse order of start, then the broker."""
        self._stopping = True
        for child in reversed(self.children):
            if child.proc is not None:
                stop_process(child.proc, timeout_s=15)
                log.info("stopped %s", child.name)
        self.children.clear()
        if self._run_file is not None:
            self._run_file.unlink(missing_ok=True)
            self._run_file = None
        if self.broker is not None:
            self.broker.stop()
            self.broker = None

    def run_forever(self) -> int:
        """Start, print where things are, supervise until Ctrl-C or SIGTERM; returns the exit code."""

        def _terminate(signum: int, _: FrameType | None) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _terminate)
        try:
            urls = self.start()
            width = max(len(k) for k in urls)
            print("\nVOC Radar is running. Ctrl-C stops everything.\n", flush=True)
            for k, v in urls.items():
                print(f"  {k:<{width}}  {v}", flush=True)
            print(flush=True)
            while True:
                time.sleep(1.0)
                self.poll()
        except KeyboardInterrupt:
            print("\nstopping VOC Radar...", flush=True)
            return 0
        finally:
            with contextlib.suppress(KeyboardInterrupt):
                self.stop()
