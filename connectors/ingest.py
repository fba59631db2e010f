"""``vocradar ingest``: the connectors process of a deployment.

Runs, side by side, the HTTP ingest endpoint (Zendesk-style ticket webhooks and raw contract
events), the watcher of the directory where the STT engine writes call transcripts, and
optionally a follower of a tweet JSONL stream; all produce to ``voc.raw`` through one Kafka sink.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from pathlib import Path

from aiohttp import web

from vocradar.connectors.producer import KafkaEventSink
from vocradar.settings import Settings

__all__ = ["run_ingest"]

log = logging.getLogger(__name__)


def run_ingest(settings: Settings, tweets: Path | None = None, host: str = "127.0.0.1") -> None:
    """Serve and watch until SIGINT/SIGTERM."""
    from vocradar.connectors.calls import CallDirectoryWatcher
    from vocradar.connectors.tickets import create_ingest_app
    from vocradar.connectors.tweets import follow_jsonl

    assert settings.kafka_bootstrap
    sink = KafkaEventSink(settings.kafka_bootstrap, client_id="vocradar-ingest")
    stop = threading.Event()
    threads: list[threading.Thread] = []
    if settings.calls_dir is not None:
        watcher = CallDirectoryWatcher(settings.calls_dir, sink)
        threads.append(threading.Thread(target=watcher.run, args=(stop,), name="calls-watcher", daemon=True))
        log.info("watching %s for call transcripts", settings.calls_dir)
    if tweets is not None:
        threads.append(
            threading.Thread(target=follow_jsonl, args=(tweets, sink, stop), name="tweets", daemon=True)
        )
        log.info("following tweets in %s", tweets)
    for t in threads:
        t.start()

    async def serve() -> None:
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        runner = web.AppRunner(create_ingest_app(sink), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, settings.ingest_port).start()
        log.info("ingest endpoint on http://%s:%d", host, settings.ingest_port)
        try:
            await done.wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(serve())
    finally:
        stop.set()
        for t in threads:
            t.join(5)
        sink.close()
