"""BatchWriter on the real ClickHouse engine: refused rows are isolated, wide batches are split."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from conftest import open_warehouse
from test_warehouse import _row

from vocradar.connectors.batches import BatchWriter

pytestmark = pytest.mark.integration


@pytest.fixture()
def wh(warehouse_url):
    db = "b_" + uuid.uuid4().hex[:8]
    w = open_warehouse(warehouse_url, db)
    yield w, db
    w.command(f"DROP DATABASE IF EXISTS {db}")
    w.close()


def _write(w, table: str, rows: list[dict]):
    async def run_io(fn: Callable[[], None]) -> None:
        await asyncio.to_thread(fn)

    return asyncio.run(BatchWriter(w, run_io).write(table, rows))


def test_a_row_the_server_refuses_is_dead_lettered_and_the_batch_is_stored(wh) -> None:
    w, db = wh
    rows = [_row(f"ok-{i}", 1) for i in range(200)]
    rows[123] = {**rows[123], "event_id": "bad-1", "risk": "not a number"}
    with pytest.raises(Exception, match="Code"):  # the whole batch in one insert is refused
        w.insert("voc_events", rows)
    report = _write(w, "voc_events", rows)
    assert report.stored == 199
    assert w.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 199
    assert w.scalar(f"SELECT count() FROM {db}.voc_events FINAL WHERE event_id = 'bad-1'") == 0
    (dead,) = w.query(f"SELECT event_id, reason, detail, payload_excerpt FROM {db}.voc_dead FINAL")
    assert dead["event_id"] == "bad-1" and dead["reason"] == "warehouse_refused"
    assert "Code: 27" in dead["detail"] and "CANNOT_PARSE" in dead["detail"]
    assert dead["payload_excerpt"].startswith('{"event_id": "bad-1"')
    # redelivered after a crash: nothing counted twice, the dead letter is the same row
    _write(w, "voc_events", rows)
    assert w.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 199
    assert w.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") == 1


def test_a_batch_over_many_months_is_split_by_partition(wh) -> None:
    w, db = wh
    rows = []
    for i in range(150):  # 150 monthly partitions: more than a ClickHouse insert block takes
        y, m = divmod(i, 12)
        at = datetime(2014 + y, m + 1, 15, tzinfo=UTC).isoformat()
        rows.append({**_row(f"m-{i}", 1), "occurred_at": at})
    with pytest.raises(Exception, match=r"(?i)too many partitions"):
        w.insert("voc_events", rows)
    report = _write(w, "voc_events", rows)
    assert report.stored == 150 and not report.dead
    assert w.scalar(f"SELECT count() FROM {db}.voc_events FINAL") == 150
