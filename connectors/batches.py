"""Batch writes to the warehouse that never wedge: retries, bad-row isolation, partition splits.

The persist agents hand every batch to :class:`BatchWriter`. What it does with a failed insert
depends on what the failure says (:func:`classify`):

- ``unavailable``: the warehouse cannot take writes now (connection refused or reset, a timeout,
  too many parts or queries, memory, a read-only replica, Keeper, authentication or a missing
  table while an operator fixes it). Nothing is wrong with the rows: the batch is retried with
  capped exponential backoff for as long as it takes. The agent does not commit its offsets
  meanwhile (back-pressure): nothing is lost, and the log and
  ``vocradar_warehouse_retries_total{kind="unavailable"}`` say why it waits.
- ``refused``: the server parsed the request and refused the data (a value it cannot parse or
  convert, a type mismatch, a string too large, too many partitions in one block...). Retrying
  the same rows gives the same answer, so the batch is split in halves until the refused rows
  are alone; each of those goes to ``voc_dead`` with the server's reason
  (``warehouse_refused``) and the rest is stored.
- ``unknown``: anything else is retried a bounded number of times (``max_unknown_attempts``),
  then handled as ``refused``.

Rows of a partitioned table (``PARTITION BY toYYYYMM(col)`` in :mod:`.schema`) are grouped by
partition before the insert, at most ``max_partitions`` partitions per insert (ClickHouse refuses
a block that spans more than ``max_partitions_per_insert_block``, 100 by default).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import random
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from vocradar.connectors.schema import TABLES, SchemaError
from vocradar.metrics import WAREHOUSE_DEAD_ROWS, WAREHOUSE_RETRIES, WAREHOUSE_ROWS

__all__ = ["BatchWriter", "ErrorKind", "WriteReport", "classify", "partition_groups", "refused_row"]

log = logging.getLogger(__name__)

ErrorKind = Literal["unavailable", "refused", "unknown"]

# ClickHouse error codes (src/Common/ErrorCodes.cpp) of a server that cannot take writes now.
_UNAVAILABLE_CODES = frozenset(
    {
        3,  # UNEXPECTED_END_OF_FILE (connection cut mid-request)
        60,  # UNKNOWN_TABLE (the schema is being created or migrated)
        81,  # UNKNOWN_DATABASE
        159,  # TIMEOUT_EXCEEDED
        164,  # READONLY
        202,  # TOO_MANY_SIMULTANEOUS_QUERIES
        209,  # SOCKET_TIMEOUT
        210,  # NETWORK_ERROR
        236,  # ABORTED
        241,  # MEMORY_LIMIT_EXCEEDED
        242,  # TABLE_IS_READ_ONLY
        285,  # TOO_FEW_LIVE_REPLICAS
        319,  # UNKNOWN_STATUS_OF_INSERT
        394,  # QUERY_WAS_CANCELLED
        425,  # SYSTEM_ERROR
        497,  # ACCESS_DENIED (a grant being fixed)
        516,  # AUTHENTICATION_FAILED (a password being rotated)
        999,  # KEEPER_EXCEPTION
        1000,  # POCO_EXCEPTION
    }
)
# Codes that say the data itself is refused: the same rows would fail again.
_REFUSED_CODES = frozenset(
    {
        6, 8, 16, 26, 27, 32, 38, 41, 43, 44, 53, 69, 70, 72, 117, 130, 131, 190, 321, 349, 386,
        395, 467, 472, 1001,
    }
)  # fmt: skip
_CODE = re.compile(r"(?:Code:|code:)\s*(\d+)")
_PARTITION = re.compile(r"PARTITION BY\s+toYYYYMM\((\w+)\)")
_TOO_MANY_PARTITIONS = "too many partitions for single insert block"


def _code(exc: BaseException) -> int | None:
    m = _CODE.search(str(exc))
    return int(m.group(1)) if m else None


def classify(exc: BaseException) -> ErrorKind:
    """What a failed insert says about retrying it (see the module docstring)."""
    if isinstance(exc, OSError | TimeoutError | asyncio.TimeoutError | SchemaError):
        return "unavailable"  # a schema this release cannot use: an operator's fix, not the rows'
    text = str(exc)
    code = _code(exc)
    if code == 252:  # TOO_MANY_PARTS: merges lag (wait), unless the block spans too many partitions
        return "refused" if _TOO_MANY_PARTITIONS in text.lower() else "unavailable"
    if code in _UNAVAILABLE_CODES:
        return "unavailable"
    if code in _REFUSED_CODES:
        return "refused"
    if code is None:
        from clickhouse_connect.driver.exceptions import OperationalError

        # no ClickHouse code: the request never reached a server that answered
        if isinstance(exc, OperationalError) or re.search(
            r"connection|timed? ?out|refused|reset|unreachable|HTTP (?:502|503|504)", text, re.I
        ):
            return "unavailable"
    return "unknown"


def partition_groups(table: str, rows: Sequence[Mapping[str, Any]], max_partitions: int) -> list[list[Any]]:
    """``rows`` in inserts of at most ``max_partitions`` monthly partitions each (one insert for
    a table without a monthly partition key, or a batch within the limit)."""
    m = _PARTITION.search(TABLES.get(table, ""))
    if m is None:
        return [list(rows)]
    col = m.group(1)
    by_month: dict[str, list[Any]] = {}
    for r in rows:
        by_month.setdefault(str(r.get(col) or "")[:7], []).append(r)
    if len(by_month) <= max_partitions:
        return [list(rows)]
    months = sorted(by_month)
    return [
        [r for mo in months[i : i + max_partitions] for r in by_month[mo]]
        for i in range(0, len(months), max_partitions)
    ]


def refused_row(table: str, row: Mapping[str, Any], reason: str) -> dict[str, Any]:
    """The ``voc_dead`` row of a row the warehouse refused: the server's reason and an excerpt
    (rows are masked before they reach the warehouse, so the excerpt is too)."""
    payload = json.dumps(row, ensure_ascii=False, default=str)
    key = str(row.get("event_id") or row.get("incident_key") or row.get("dead_id") or "")
    ident = hashlib.sha256(f"{table}\x00{key}\x00{payload}".encode()).hexdigest()[:24]
    return {
        "dead_id": f"wh-{ident}",
        "received_at": datetime.now(UTC).isoformat(),
        "source_ref": f"warehouse:{table}:{key}"[:300],
        "event_id": str(row.get("event_id") or ""),
        "reason": "warehouse_refused",
        "detail": reason[:1000],
        "payload_excerpt": payload[:500],
        "payload_bytes": len(payload.encode("utf-8")),
        "version": 1,
    }


class _Inserts(Protocol):
    def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None: ...


@dataclass
class WriteReport:
    """What one :meth:`BatchWriter.write` did: rows stored, rows dead-lettered, retries."""

    stored: int = 0
    dead: list[dict[str, Any]] = field(default_factory=list)
    retries: int = 0


@dataclass
class BatchWriter:
    """Writes batches of rows to warehouse tables without ever wedging (module docstring).

    Parameters
    ----------
    warehouse
        Anything with ``insert(table, rows)`` (a :class:`~vocradar.connectors.warehouse.Warehouse`).
    run_io
        Runs a blocking call off the event loop (``Runtime.run_io``).
    max_unknown_attempts
        Attempts for a failure that is neither ``unavailable`` nor ``refused``.
    max_partitions
        Monthly partitions per insert.
    max_backoff_s
        Cap of the backoff while the warehouse is unavailable.
    """

    warehouse: _Inserts
    run_io: Callable[[Callable[[], None]], Awaitable[None]]
    max_unknown_attempts: int = 3
    max_partitions: int = 50
    max_backoff_s: float = 10.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def write(self, table: str, rows: Sequence[Mapping[str, Any]]) -> WriteReport:
        """Store ``rows`` in ``table``; refused rows go to ``voc_dead``. Returns when every row is
        stored or dead-lettered (it waits, retrying, while the warehouse is unavailable)."""
        report = WriteReport()
        for group in partition_groups(table, rows, self.max_partitions):
            await self._write(table, group, report)
        if report.dead and table != "voc_dead":
            await self._dead_letters(report.dead, report)
        if report.stored:
            WAREHOUSE_ROWS.labels(table).inc(report.stored)
        return report

    async def _write(self, table: str, rows: list[Any], report: WriteReport) -> None:
        if not rows:
            return
        delay, unknown = 0.2, 0
        last: BaseException | None = None
        while True:
            try:
                await self.run_io(lambda: self.warehouse.insert(table, rows))
                report.stored += len(rows)
                return
            except Exception as exc:
                last = exc
                kind = classify(exc)
                if kind == "unknown":
                    unknown += 1
                    if unknown >= self.max_unknown_attempts:
                        kind = "refused"
                if kind == "refused":
                    break
                report.retries += 1
                WAREHOUSE_RETRIES.labels(table, kind).inc()
                log.warning(
                    "writing %d rows to %s failed (%s, retry %d): %s; retrying in %.1fs",
                    len(rows), table, kind, report.retries, _loggable(exc), delay,
                )  # fmt: skip
                await self.sleep(delay * (0.8 + 0.4 * random.random()))
                delay = min(delay * 2, self.max_backoff_s)
        assert last is not None
        if len(rows) == 1:
            reason = _brief(last)
            log.error("%s refused row %s: %s; sent to voc_dead", table, _row_key(rows[0]), _loggable(last))
            WAREHOUSE_DEAD_ROWS.labels(table).inc()
            if table == "voc_dead":
                return  # a dead letter the warehouse refuses: counted and logged, nowhere else to go
            report.dead.append(refused_row(table, rows[0], reason))
            return
        half = len(rows) // 2
        await self._write(table, rows[:half], report)
        await self._write(table, rows[half:], report)

    async def _dead_letters(self, dead: list[dict[str, Any]], report: WriteReport) -> None:
        sub = WriteReport()
        for group in partition_groups("voc_dead", dead, self.max_partitions):
            await self._write("voc_dead", group, sub)
        report.retries += sub.retries


def _brief(exc: BaseException) -> str:
    """The server's reason without the echo of the data (which can be long)."""
    text = " ".join(str(exc).split())
    return text[:400]


def _loggable(exc: BaseException) -> str:
    """The reason for a log line: the server's words up to the first quote, so no value of the
    row (customer text, even masked) reaches the log."""
    text = _brief(exc)
    cut = min((i for i in (text.find("'"), text.find('"'), text.find("`")) if i >= 0), default=len(text))
    return f"{type(exc).__name__}: {text[:cut].rstrip(' :')}"[:240]


def _row_key(row: Mapping[str, Any]) -> str:
    return str(row.get("event_id") or row.get("incident_key") or row.get("dead_id") or "?")
