"""Shared test configuration: paths to the Korean fixtures under tests/data, and an embedded
warehouse served over the ClickHouse HTTP interface for the tests that read one."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="module")
def chdb_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A :class:`ChdbHttpService` on loopback, one per test module (a process opens one chDB
    directory at a time, so the module's tests share it and it closes when they are done)."""
    from vocradar.connectors.chdb_service import ChdbHttpService

    svc = ChdbHttpService(tmp_path_factory.mktemp("chdb"), port=0)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="chdb-service", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(svc.start(), loop).result(60)
        yield svc
    finally:
        # Closing the chDB session explicitly avoids a crash at interpreter exit.
        asyncio.run_coroutine_threadsafe(svc.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
