"""The warehouse client: ClickHouse (server or the embedded chDB service) through clickhouse-connect.

:func:`connect_warehouse` builds one :class:`Warehouse` per process from the settings. Rows are
written in batches as ``JSONEachRow`` (few, large inserts) and read with server-side bound
parameters (``{name:Type}``), so a filter value can never inject SQL.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from vocradar.connectors.schema import SCHEMA_VERSION, TABLES, ddl_statements

if TYPE_CHECKING:
    import pandas as pd

    from vocradar.settings import Settings

__all__ = ["Warehouse", "WarehouseUnavailable", "connect_warehouse", "warehouse_url"]

log = logging.getLogger(__name__)


class WarehouseUnavailable(RuntimeError):
    """The warehouse could not be reached (after retries)."""


def warehouse_url(settings: Settings) -> str:
    """The configured warehouse URL, or the embedded service's local address."""
    return settings.warehouse_url or f"http://127.0.0.1:{settings.warehouse_port}"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__}")


class Warehouse:
    """Reads and writes the ``voc_*`` tables of one database.

    Parameters
    ----------
    client
        A ``clickhouse_connect`` client.
    database
        The database holding the tables.
    """

    def __init__(self, client: Any, database: str) -> None:
        self.client = client
        self.database = database

    def ensure_schema(self) -> None:
        """Create the database and tables if missing (idempotent)."""
        for stmt in ddl_statements(self.database):
            self.client.command(stmt)
        self.client.command(f"INSERT INTO {self.database}.voc_schema (version) VALUES ({SCHEMA_VERSION})")

    def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows (dicts keyed by column) into a ``voc_*`` table in one request."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        if not rows:
            return
        block = "\n".join(json.dumps(r, ensure_ascii=False, default=_json_default) for r in rows)
        self.client.raw_insert(
            f"{self.database}.{table}", insert_block=block.encode("utf-8"), fmt="JSONEachRow"
        )

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts."""
        result = self.client.query(sql, parameters=dict(params or {}))
        return list(result.named_results())

    def query_df(self, sql: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a SELECT and return a pandas DataFrame."""
        return self.client.query_df(sql, parameters=dict(params or {}))

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        """Run a SELECT that returns one value."""
        rows = self.client.query(sql, parameters=dict(params or {})).result_rows
        return rows[0][0] if rows else None

    def command(self, sql: str) -> Any:
        """Run a statement that returns no rows."""
        return self.client.command(sql)

    def ping(self) -> bool:
        """True when the warehouse answers."""
        try:
            return bool(self.client.ping())
        except Exception:
            return False

    def close(self) -> None:
        """Release the client's connections."""
        self.client.close()


def _client_for(url: str, database: str) -> Any:
    import clickhouse_connect

    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in ("http", "https", "clickhouse", "clickhouses"):
        raise ValueError(f"unsupported warehouse URL scheme {scheme!r} (use http(s):// or clickhouse://)")
    secure = scheme in ("https", "clickhouses")
    return clickhouse_connect.get_client(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or (8443 if secure else 8123),
        username=unquote(parsed.username) if parsed.username else "default",
        password=unquote(parsed.password) if parsed.password else "",
        database=(parsed.path.strip("/") or database),
        secure=secure,
        compress=False,
        # No server session: one client is shared by the threads of a process.
        autogenerate_session_id=False,
        connect_timeout=5,
        send_receive_timeout=60,
    )


def connect_warehouse(settings: Settings, wait_s: float = 30.0, ensure_schema: bool = True) -> Warehouse:
    """Connect to the configured warehouse, waiting up to ``wait_s`` for it to come up."""
    url = warehouse_url(settings)
    deadline = time.monotonic() + wait_s
    last: Exception | None = None
    while True:
        try:
            # The database may not exist yet: connect to `default` and qualify every table.
            wh = Warehouse(_client_for(url, "default"), settings.warehouse_database)
            if ensure_schema:
                wh.ensure_schema()
            return wh
        except ValueError:
            raise
        except Exception as exc:
            last = exc
            if time.monotonic() >= deadline:
                break
            time.sleep(0.5)
    host = urlparse(url).hostname
    raise WarehouseUnavailable(f"warehouse at {host} did not answer within {wait_s:.0f}s: {last}") from last
