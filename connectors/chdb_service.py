"""The embedded warehouse: chDB (the ClickHouse engine, in-process) served over ClickHouse's HTTP interface.

A chDB data directory can be opened by one process only, yet the stream workers, the notifier
and the dashboard all need the warehouse. This service is that one process: it owns the
:class:`chdb.session.Session` and answers the subset of the ClickHouse HTTP protocol that
``clickhouse-connect`` uses (queries in the ``query`` parameter or the body, ``param_*`` bound
parameters, ``database``, ``FORMAT`` output, ``INSERT ... FORMAT JSONEachRow`` with the rows in
the body, ``/ping``). Every other process therefore talks to embedded and server ClickHouse
through the same client and the same SQL.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from pathlib import Path
from typing import Any

from aiohttp import web

__all__ = ["ChdbHttpService"]

log = logging.getLogger(__name__)

_FORMAT = re.compile(r"\bFORMAT\s+(\w+)\s*;?\s*$", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s", re.IGNORECASE)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CODE = re.compile(r"Code:\s*(\d+)")


class ChdbHttpService:
    """Owns one chDB data directory and serves it over HTTP on ``host:port``.

    Parameters
    ----------
    path
        chDB data directory (created if missing); data persists across restarts.
    host, port
        Where to listen (port 0 picks a free one; see :attr:`port` after start).
    """

    def __init__(self, path: Path, host: str = "127.0.0.1", port: int = 8124) -> None:
        self.path = Path(path)
        self.host = host
        self.port = port
        self._session: Any = None
        self._lock = threading.Lock()
        self._runner: web.AppRunner | None = None

    # --- engine ---------------------------------------------------------------------------
    def open(self) -> None:
        """Open the chDB session (fails if another process holds the directory)."""
        from chdb import session

        self.path.mkdir(parents=True, exist_ok=True)
        self._session = session.Session(str(self.path))
        # Clients send ISO-8601 timestamps with offsets; accept them as a server would.
        self._session.query("SET date_time_input_format='best_effort'")

    def execute(self, sql: str, fmt: str, params: dict[str, str], database: str | None) -> bytes:
        """Run one statement under the engine lock and return the formatted result."""
        if self._session is None:
            raise RuntimeError("warehouse service is not open")
        with self._lock:
            if database:
                self._session.query(f"USE {database}")
            result = self._session.query(sql, fmt, params=params) if params else self._session.query(sql, fmt)
            return result.bytes() if result is not None else b""

    def close(self) -> None:
        """Close the chDB session, releasing the data directory."""
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None

    # --- HTTP -----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        query = request.query.get("query", "")
        body = await request.read()
        if query and body:
            # INSERT data (or the rest of a statement) follows the query text.
            sql = query + "\n" + body.decode("utf-8", errors="replace")
        else:
            sql = query or body.decode("utf-8", errors="replace")
        if not sql.strip():
            return web.Response(status=400, text="Code: 62. DB::Exception: Empty query\n")
        # Values stay in the escaped text form clients send; the engine parses them as a server does.
        params = {k[6:]: v for k, v in request.query.items() if k.startswith("param_")}
        database = request.query.get("database") or request.headers.get("X-ClickHouse-Database")
        if database and not _IDENT.match(database):
            return web.Response(status=400, text="Code: 81. DB::Exception: bad database name\n")
        match = _FORMAT.search(query or sql) if not _INSERT.match(sql) else None
        fmt = match.group(1) if match else request.query.get("default_format", "TabSeparated")
        try:
            data = await asyncio.to_thread(self.execute, sql, fmt, params, database)
        except Exception as exc:  # the engine's error goes back to the client, as a server does
            text = str(exc)
            code = _CODE.search(text)
            return web.Response(
                status=500,
                text=text if text.startswith("Code:") else f"Code: 1000. DB::Exception: {text}",
                headers={"X-ClickHouse-Exception-Code": code.group(1) if code else "1000"},
            )
        return web.Response(
            body=data,
            headers={
                "X-ClickHouse-Format": fmt,
                "X-ClickHouse-Timezone": "UTC",
                "X-ClickHouse-Server-Display-Name": "vocradar-chdb",
                "X-ClickHouse-Summary": "{}",
            },
        )

    @staticmethod
    async def _ping(_: web.Request) -> web.Response:
        return web.Response(text="Ok.\n")

    def app(self) -> web.Application:
        """The aiohttp application (ClickHouse HTTP subset)."""
        app = web.Application(client_max_size=1024**3)
        app.router.add_get("/ping", self._ping)
        app.router.add_route("*", "/", self._handle)
        return app

    async def start(self) -> None:
        """Open the engine and start listening."""
        if self._session is None:
            self.open()
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server: Any = site._server
        if self.port == 0 and server is not None:
            self.port = int(server.sockets[0].getsockname()[1])
        log.info("warehouse service on http://%s:%d (chDB at %s)", self.host, self.port, self.path)

    async def stop(self) -> None:
        """Stop listening and close the engine."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.close()

    async def serve_forever(self, stop: asyncio.Event | None = None) -> None:
        """Start, then run until ``stop`` is set (or the task is cancelled)."""
        await self.start()
        try:
            await (stop.wait() if stop else asyncio.Event().wait())
        finally:
            await self.stop()
