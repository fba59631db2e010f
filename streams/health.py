"""A worker's own HTTP door for operators: ``GET /health``, ``GET /ready`` and ``GET /metrics``.

Off unless ``VOCRADAR_WORKER_HTTP_PORT`` is set. It listens on ``VOCRADAR_WORKER_HTTP_HOST``
(127.0.0.1 by default); on any other address it requires ``Authorization: Bearer
<VOCRADAR_METRICS_TOKEN>`` and refuses to start without that token, so no anonymous caller reads
it from the network (Prometheus sends the token with ``authorization: {credentials: ...}``).

``/health`` (liveness) answers 200 when the worker reaches Kafka (its producer knows at least one
broker) and the warehouse answers a ping, else 503, with what it checked: an orchestrator restarts
a worker that cannot do its work instead of keeping a process that only looks alive. ``/ready``
(readiness) also wants the models loaded and no rebalance in progress. ``/metrics`` adds the
consumer lag of each assigned partition (``vocradar_consumer_lag``, read at scrape time) to the
process's counters (:mod:`vocradar.metrics`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    import faust

    from vocradar.settings import Settings
    from vocradar.streams.runtime import Runtime

__all__ = ["ConsumerLag", "check_http_door", "health_report", "register"]

log = logging.getLogger(__name__)


def check_http_door(settings: Settings) -> str | None:
    """Why the worker's HTTP door must not open with these settings, or None."""
    from vocradar.connectors.ingest import is_loopback

    if settings.worker_http_port is None or is_loopback(settings.worker_http_host):
        return None
    if settings.metrics_token is None:
        return (
            f"refusing to serve the worker's /health and /metrics on {settings.worker_http_host} "
            "without VOCRADAR_METRICS_TOKEN (or listen on 127.0.0.1)"
        )
    return None


def _kafka_state(app: faust.App) -> dict[str, Any]:
    """What the worker knows of Kafka, read from its clients (never raises)."""
    state: dict[str, Any] = {"brokers_known": 0, "assigned_partitions": 0, "rebalancing": False}
    try:
        state["rebalancing"] = bool(app.rebalancing)
        state["assigned_partitions"] = len(app.consumer.assignment())
    except Exception:  # not started yet
        pass
    try:
        client = app.producer._producer.client  # type: ignore[attr-defined]
        state["brokers_known"] = len(client.cluster.brokers())
    except Exception:
        pass
    return state


class ConsumerLag:
    """A Prometheus collector: per assigned partition, the broker's end offset minus the next
    offset this worker will read (read when scraped; nothing when not started)."""

    def __init__(self, app: faust.App) -> None:
        self.app = app

    def collect(self) -> Any:
        from prometheus_client.core import GaugeMetricFamily

        family = GaugeMetricFamily(
            "vocradar_consumer_lag",
            "Records not yet read, per topic partition.",
            labels=["topic", "partition"],
        )
        try:
            consumer = self.app.consumer
            read = consumer._read_offset  # type: ignore[attr-defined]
            for tp in consumer.assignment():
                end = consumer.highwater(tp)
                last = read.get(tp)
                if end is None:
                    continue
                lag = max(0, int(end) - (int(last) + 1 if last is not None else 0))
                family.add_metric([tp.topic, str(tp.partition)], lag)
        except Exception:  # not started, or rebalancing: no samples this time
            pass
        yield family


async def health_report(app: faust.App, rt: Runtime) -> tuple[bool, dict[str, Any]]:
    """Whether the worker can do its work, and the facts behind the answer."""
    kafka = _kafka_state(app)
    try:
        warehouse = bool(await asyncio.wait_for(rt.run_io(rt.warehouse.ping), 5.0))
    except Exception:
        warehouse = False
    ok = warehouse and kafka["brokers_known"] > 0
    return ok, {"status": "ok" if ok else "unavailable", "warehouse": warehouse, "kafka": kafka}


def register(app: faust.App, rt: Runtime) -> None:
    """Start the worker's HTTP door with the app, when a port is configured."""
    settings = rt.settings
    if settings.worker_http_port is None:
        return
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> web.StreamResponse:
        if token is not None:
            given = request.headers.get("Authorization", "")
            if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode())):
                return web.json_response(
                    {"error": "missing or wrong bearer token"},
                    status=401,
                    headers={"WWW-Authenticate": 'Bearer realm="vocradar-worker"'},
                )
        result: web.StreamResponse = await handler(request)
        return result

    async def health(_: web.Request) -> web.Response:
        ok, report = await health_report(app, rt)
        return web.json_response(report, status=200 if ok else 503)

    async def ready(_: web.Request) -> web.Response:
        ok, report = await health_report(app, rt)
        report["models_loaded"] = rt.ready
        ok = ok and rt.ready and not report["kafka"]["rebalancing"]
        report["status"] = "ready" if ok else "not ready"
        return web.json_response(report, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.task
    async def _serve() -> None:
        web_app = web.Application(middlewares=[auth])
        from prometheus_client import REGISTRY

        with contextlib.suppress(ValueError):  # registered already (an app built twice in one process)
            REGISTRY.register(ConsumerLag(app))
        web_app.router.add_get("/health", health)
        web_app.router.add_get("/ready", ready)
        web_app.router.add_get("/metrics", metrics)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, settings.worker_http_host, settings.worker_http_port).start()
        log.info(
            "worker /health, /ready and /metrics on %s:%d",
            settings.worker_http_host,
            settings.worker_http_port,
        )
