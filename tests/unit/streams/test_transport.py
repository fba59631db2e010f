"""The workers' transport puts the configured fetch wait on the consumer faust builds."""

from __future__ import annotations

import asyncio

from vocradar.settings import Settings
from vocradar.streams.app import create_app
from vocradar.streams.transport import SCHEME, Transport, broker_urls


def test_broker_urls_use_the_transport_scheme() -> None:
    assert broker_urls("a:9092, b:9093,") == f"{SCHEME}://a:9092;{SCHEME}://b:9093"


def test_worker_consumer_gets_the_configured_fetch_wait() -> None:
    settings = Settings(_env_file=None, fetch_wait_ms=40)
    app = create_app(settings, bootstrap="127.0.0.1:9")
    assert isinstance(app.transport, Transport)

    async def build() -> int:
        # building the aiokafka consumer opens no connection; start() would
        consumer = app.consumer._thread._create_worker_consumer(app.transport)
        return int(consumer._fetch_max_wait_ms)

    assert asyncio.run(build()) == 40
