"""BatchWriter: what a failed insert means, and that one bad row never wedges a batch.

The warehouse here is a small in-memory table that refuses rows the way ClickHouse does (its
error text and code); the real engine is exercised in tests/integration/test_batches.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest
from clickhouse_connect.driver.exceptions import DatabaseError, OperationalError

from vocradar.connectors.batches import BatchWriter, classify, partition_groups


class Table:
    """Stores rows; refuses a whole insert holding a row ``bad`` says is bad, or fails while
    ``down`` is above zero (counting down), like a server that comes back."""

    def __init__(self, bad: Callable[[Mapping[str, Any]], bool] = lambda r: False, down: int = 0) -> None:
        self.bad = bad
        self.down = down
        self.rows: dict[str, list[Mapping[str, Any]]] = {}
        self.calls = 0

    def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        self.calls += 1
        if self.down > 0:
            self.down -= 1
            raise OperationalError(
                "Error HTTPConnectionPool(host='127.0.0.1', port=8123): Connection refused"
            )
        if any(self.bad(r) for r in rows):
            raise DatabaseError(
                "Received ClickHouse exception, code: 27, server response: Code: 27. DB::Exception: "
                "Cannot parse input: expected '\"' before: 'abc': (at row 3)"
            )
        self.rows.setdefault(table, []).extend(rows)


def _writer(table: Table, **kw: Any) -> BatchWriter:
    async def run_io(fn: Callable[[], None]) -> None:
        fn()

    async def no_sleep(_: float) -> None:
        return None

    return BatchWriter(table, run_io, sleep=no_sleep, **kw)


def _events(n: int, month: str = "2026-11") -> list[dict[str, Any]]:
    return [{"event_id": f"e{i}", "occurred_at": f"{month}-01T00:00:00+00:00", "risk": 0.1} for i in range(n)]


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (OperationalError("HTTPConnectionPool: Max retries exceeded (Connection refused)"), "unavailable"),
        (ConnectionResetError(104, "Connection reset by peer"), "unavailable"),
        (TimeoutError("read timed out"), "unavailable"),
        (
            DatabaseError("Code: 252. DB::Exception: Too many parts (300). Merges are processing"),
            "unavailable",
        ),
        (DatabaseError("Code: 241. DB::Exception: Memory limit (total) exceeded"), "unavailable"),
        (DatabaseError("Code: 60. DB::Exception: Table d.voc_events does not exist"), "unavailable"),
        (
            DatabaseError(
                "Code: 252. DB::Exception: Too many partitions for single INSERT block (more than 100)"
            ),
            "refused",
        ),
        (DatabaseError("Code: 27. DB::Exception: Cannot parse input: expected '\"'"), "refused"),
        (DatabaseError("Code: 53. DB::Exception: Type mismatch in IN or VALUES section"), "refused"),
        (DatabaseError("Code: 41. DB::Exception: Cannot parse datetime"), "refused"),
        (ValueError("something else"), "unknown"),
    ],
)
def test_classify_failures(exc: BaseException, kind: str) -> None:
    assert classify(exc) == kind


def test_one_refused_row_goes_to_voc_dead_and_the_rest_is_stored() -> None:
    table = Table(bad=lambda r: r["event_id"] == "e37" and "risk" in r)  # the event row, not its dead letter
    report = asyncio.run(_writer(table).write("voc_events", _events(100)))
    stored = {r["event_id"] for r in table.rows["voc_events"]}
    assert stored == {f"e{i}" for i in range(100)} - {"e37"}
    assert report.stored == 99
    (dead,) = table.rows["voc_dead"]
    assert dead["event_id"] == "e37" and dead["reason"] == "warehouse_refused"
    assert "Code: 27" in dead["detail"] and '"event_id": "e37"' in dead["payload_excerpt"]
    # halving finds one row among 100 in about 2*log2(100) inserts, not 100
    assert table.calls <= 2 * 7 + 2


def test_unavailable_warehouse_is_waited_for_and_nothing_is_dead() -> None:
    table = Table(down=25)  # far more failures than the bounded retries of unknown errors
    report = asyncio.run(_writer(table).write("voc_events", _events(10)))
    assert report.retries == 25 and report.stored == 10 and not report.dead
    assert "voc_dead" not in table.rows


def test_unknown_failures_are_bounded_then_isolated() -> None:
    class Odd(Table):
        def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
            if any(r["event_id"] == "e3" for r in rows):
                raise ValueError("the client cannot serialise this row")
            super().insert(table, rows)

    table = Odd()
    report = asyncio.run(_writer(table, max_unknown_attempts=2).write("voc_events", _events(8)))
    assert report.stored == 7 and [d["event_id"] for d in report.dead] == ["e3"]


def test_partition_groups_keep_each_insert_within_the_partition_limit() -> None:
    rows = [r for y in range(2014, 2027) for m in range(1, 13) for r in _events(2, f"{y}-{m:02d}")]
    groups = partition_groups("voc_events", rows, 50)
    assert sorted(r["occurred_at"] for g in groups for r in g) == sorted(r["occurred_at"] for r in rows)
    assert all(len({r["occurred_at"][:7] for r in g}) <= 50 for g in groups) and len(groups) == 4
    assert partition_groups("voc_incidents", rows, 50) == [rows]  # not partitioned by month
    assert partition_groups("voc_events", rows[:20], 50) == [rows[:20]]
