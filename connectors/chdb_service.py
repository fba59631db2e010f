"""The embedded warehouse: chDB (the ClickHouse engine, in-process) served over ClickHouse's HTTP interface.

A chDB data directory can be opened by one process only, yet the stream workers, the notifier
and the dashboard all need the warehouse. This service is that one process: it owns the
:class:`chdb.session.Session` and answers the subset of the ClickHouse HTTP protocol that
``clickhouse-connect`` uses (POST queries in the ``query`` parameter or the body, ``param_*``
bound parameters, ``database``, ``FORMAT`` output, ``INSERT ... FORMAT JSONEachRow`` with the
rows in the body, ``/ping``). Every other process therefore talks to embedded and server
ClickHouse through the same client and the same SQL.

It also owns the service's access rules, because chDB itself has no users:

- a request must carry one of the configured credentials (HTTP basic auth or ClickHouse's
  ``X-ClickHouse-User``/``X-ClickHouse-Key`` headers), else 401; GET queries get 405 and a
  request with an ``Origin`` header (a web page) gets 403;
- every statement is parsed by the engine itself (``formatQuerySingleLine`` with the text as a
  bound parameter, then ``EXPLAIN AST`` of that one canonical statement) and judged on its
  syntax tree: one statement only; no table function, table engine or dictionary source that
  reaches files, URLs, other servers or programs (the deny list is read from the engine's own
  ``system.table_functions`` and ``system.table_engines``, minus a short allow list of local
  ones); no ``INTO OUTFILE``/``FROM INFILE``, no ``SETTINGS`` clause, and only plain data
  formats; what runs is the canonical statement that was judged;
- a read-only credential may read (SELECT, SHOW, DESCRIBE, EXISTS) and append to the incident
  action log and the dashboard audit log only.

Without any credential (in-process use by tests and tools on a loopback port) every request is
served as the writer, under the same statement rules.

A request may carry a few settings in its URL, as a ClickHouse server takes them (only those of
:data:`REQUEST_SETTINGS`, e.g. ``date_time_input_format``); they hold for that request only. The
engine reads timestamps with ``best_effort`` unless the service is started with
``server_defaults=True``, which keeps a ClickHouse server's defaults (``basic``): clients that work
against it do not depend on the embedded engine's leniency.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

__all__ = ["REQUEST_SETTINGS", "ChdbHttpService", "Credential", "StatementRefused"]

log = logging.getLogger(__name__)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CODE = re.compile(r"Code:\s*(\d+)")
_FORMAT_TAIL = re.compile(r"\sFORMAT\s+(\w+)$")
_INSERT_HEAD = re.compile(r"\A(\s*INSERT\s[^\n]*?\sFORMAT\s+\w+)[ \t]*\r?\n", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\s*(\w+)\s*:\s*([^{}]+?)\s*\}")
_FUNCTION = re.compile(
    r"^(?:Function|FunctionWithKeyValueArguments)\s+(.*?)(?:\s+\((?:alias|children)\b.*)?$"
)

# Table functions and engines that stay inside the warehouse; every other one the engine knows
# (file, url, s3, remote, mysql, executable, python, input...) is refused wherever it appears.
_LOCAL_TABLE_FUNCTIONS = frozenset(
    {"numbers", "numbers_mt", "zeros", "zeros_mt", "values", "null", "generateseries", "generate_series"}
    | {"generaterandom", "view", "merge", "format", "primes"}
)
_LOCAL_ENGINES = frozenset(
    {"mergetree", "replacingmergetree", "summingmergetree", "aggregatingmergetree"}
    | {"collapsingmergetree", "versionedcollapsingmergetree", "graphitemergetree", "coalescingmergetree"}
    | {"memory", "null", "log", "tinylog", "stripelog", "view", "materializedview", "set", "join"}
    | {"buffer", "merge"}
)
# Not table functions, yet they reach the file system: the scalar file() and storage disks.
_ALWAYS_DENIED = frozenset({"file", "disk", "url", "s3", "remote", "executable", "python", "input"})

_READ_KINDS = frozenset(
    {"SelectWithUnionQuery", "SelectIntersectExceptQuery", "ShowTables", "DescribeQuery"}
    | {"ExistsTableQuery", "ExistsDatabaseQuery"}
)
_OUTFILE_KINDS = frozenset({"SelectWithUnionQuery", "SelectIntersectExceptQuery", "InsertQuery"})
_WRITE_KINDS = frozenset(
    {"InsertQuery", "CreateQuery", "AlterQuery", "DropQuery", "TruncateQuery", "OptimizeQuery"}
    | {"DeleteQuery", "RenameQuery", "Rename"}
)
# Data formats only: no format that reads a schema or template file, and no Values on input
# (its rows may hold expressions).
_OUTPUT_FORMATS = frozenset(
    {"native", "rowbinary", "rowbinarywithnames", "rowbinarywithnamesandtypes", "tabseparated", "tsv"}
    | {"tabseparatedraw", "tsvraw", "tabseparatedwithnames", "tsvwithnames", "tabseparatedwithnamesandtypes"}
    | {"tsvwithnamesandtypes", "csv", "csvwithnames", "csvwithnamesandtypes", "json", "jsoncompact"}
    | {"jsoneachrow", "jsoncompacteachrow", "jsonstringseachrow", "jsonlines", "ndjson", "pretty"}
    | {"prettycompact", "prettyspace", "values", "null", "parquet", "arrow", "arrowstream", "rawblob"}
)
_INPUT_FORMATS = _OUTPUT_FORMATS - {"values", "pretty", "prettycompact", "prettyspace", "null", "json"}
# The tables a read-only credential may append to: people's incident actions and the dashboard's
# audit log of who did and saw what.
_READER_APPEND_TABLES = frozenset({"voc_incident_actions", "voc_dashboard_audit"})
_CACHE_SIZE = 4096
# Settings a request may carry in its URL (name -> accepted values), applied for that request.
REQUEST_SETTINGS: dict[str, frozenset[str]] = {
    "date_time_input_format": frozenset({"basic", "best_effort", "best_effort_us"}),
}
# A ClickHouse server's defaults of the settings the embedded engine changes.
_SERVER_DEFAULTS = {"date_time_input_format": "basic"}


@dataclass(frozen=True)
class Credential:
    """A user the service accepts; ``readonly`` users may only read (and append actions)."""

    user: str
    password: str
    readonly: bool = False

    def __repr__(self) -> str:  # never print the password
        return f"Credential(user={self.user!r}, readonly={self.readonly})"


class StatementRefused(Exception):
    """The statement breaks the service's rules (HTTP ``status`` with ClickHouse-style ``text``)."""

    def __init__(self, message: str, status: int = 403, code: int = 497) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class _Verdict:
    """What the engine's parser says about one statement."""

    kind: str
    canonical: str
    fmt: str | None
    needs_data: bool
    target_table: str
    error: StatementRefused | None = None


def _escape_param(text: str) -> str:
    """A value in the escaped text form the engine expects for a bound ``String`` parameter."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _shape(canonical: str) -> str:
    """``canonical`` with each bound-parameter placeholder (outside quotes) replaced by a stand-in.

    ``{name:Identifier}`` becomes an identifier, any other ``{name:Type}`` the literal ``0``: the
    syntax tree of the result has the statement's shape without needing the values. Text in
    quotes is copied as it is, so a string that looks like a placeholder cannot hide anything.
    """
    out: list[str] = []
    i, n = 0, len(canonical)
    while i < n:
        c = canonical[i]
        if c in "'\"`":
            j = i + 1
            while j < n and canonical[j] != c:
                j += 2 if canonical[j] == "\\" else 1
            out.append(canonical[i : j + 1])
            i = j + 1
            continue
        m = _PLACEHOLDER.match(canonical, i) if c == "{" else None
        if m:
            out.append(f"__param_{m.group(1)}" if m.group(2).strip() == "Identifier" else "0")
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


class ChdbHttpService:
    """Owns one chDB data directory and serves it over HTTP on ``host:port``.

    Parameters
    ----------
    path
        chDB data directory (created if missing); data persists across restarts.
    host, port
        Where to listen (port 0 picks a free one; see :attr:`port` after start).
    credentials
        The users accepted. Empty: no authentication (loopback only, for in-process use).
    server_defaults
        Keep a ClickHouse server's defaults (``date_time_input_format=basic``) instead of reading
        any timestamp format (tests use it to show clients set what they need per request).
    """

    def __init__(
        self,
        path: Path,
        host: str = "127.0.0.1",
        port: int = 8124,
        credentials: Sequence[Credential] = (),
        server_defaults: bool = False,
    ) -> None:
        self.path = Path(path)
        self.server_defaults = server_defaults
        self._defaults: dict[str, str] = {}
        self.host = host
        self.port = port
        self.credentials = tuple(credentials)
        if not self.credentials and host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the warehouse service needs credentials to listen beyond the loopback address")
        self._session: Any = None
        self._lock = threading.Lock()
        self._runner: web.AppRunner | None = None
        self._denied: frozenset[str] = _ALWAYS_DENIED
        self._verdicts: OrderedDict[str, _Verdict] = OrderedDict()

    # --- engine ---------------------------------------------------------------------------
    def open(self) -> None:
        """Open the chDB session (fails if another process holds the directory)."""
        from chdb import session

        self.path.mkdir(parents=True, exist_ok=True)
        self._session = session.Session(str(self.path))
        # Clients send ISO-8601 timestamps with offsets and say so per insert (a server's default
        # is `basic`); the embedded engine reads them either way unless told to act as a server.
        fmt = _SERVER_DEFAULTS["date_time_input_format"] if self.server_defaults else "best_effort"
        self._session.query(f"SET date_time_input_format='{fmt}'")
        self._defaults = {"date_time_input_format": fmt}
        # Rows are data, never expressions to evaluate.
        self._session.query("SET input_format_values_interpret_expressions=0")
        self._session.query("SET input_format_values_deduce_templates_of_expressions=0")
        # ALTER ... UPDATE/DELETE (erasure, retention changes) finish before the request returns.
        self._session.query("SET mutations_sync=2")
        functions = self._names("SELECT name FROM system.table_functions")
        engines = self._names("SELECT name FROM system.table_engines")
        self._denied = frozenset(
            {f for f in functions if f not in _LOCAL_TABLE_FUNCTIONS}
            | {e for e in engines if e not in _LOCAL_ENGINES}
            | _ALWAYS_DENIED
        )

    def _names(self, sql: str) -> set[str]:
        text = self._session.query(sql, "TabSeparatedRaw").bytes().decode("utf-8")
        return {line.strip().lower() for line in text.splitlines() if line.strip()}

    def _parse(self, sql: str) -> _Verdict:
        """Judge one statement with the engine's own parser (call under the lock)."""
        cached = self._verdicts.get(sql)
        if cached is not None:
            self._verdicts.move_to_end(sql)
            return cached
        verdict = self._judge(sql)
        self._verdicts[sql] = verdict
        if len(self._verdicts) > _CACHE_SIZE:
            self._verdicts.popitem(last=False)
        return verdict

    def _judge(self, sql: str) -> _Verdict:
        try:
            canonical = (
                self._session.query(
                    "SELECT formatQuerySingleLine({q:String})", "RawBLOB", params={"q": _escape_param(sql)}
                )
                .bytes()
                .decode("utf-8")
                .strip()
            )
            # The canonical text is the formatter's one statement: nothing can ride along. Bound
            # parameters become placeholders of their kind (the tree does not depend on values).
            shape = _shape(canonical)
            tree = self._session.query(f"EXPLAIN AST {shape}", "TabSeparatedRaw").bytes().decode("utf-8")
        except Exception as exc:
            text = str(exc)
            code = _CODE.search(text)
            refusal = StatementRefused(text, status=400, code=int(code.group(1)) if code else 62)
            return _Verdict("", "", None, False, "", refusal)
        lines = [line for line in tree.splitlines() if line.strip()]
        kind = lines[0].split()[0] if lines else ""
        fmt_match = _FORMAT_TAIL.search(canonical)
        fmt = fmt_match.group(1) if fmt_match else None

        def refuse(why: str) -> _Verdict:
            return _Verdict(kind, canonical, fmt, False, "", StatementRefused(why))

        if kind not in _READ_KINDS | _WRITE_KINDS:
            return refuse(f"{kind or 'this statement'} is not accepted by this service")
        top = [line[1:] for line in lines[1:] if line.startswith(" ") and not line.startswith("  ")]
        for line in lines[1:]:
            node = line.strip()
            if node == "Set" or node.startswith("Set "):
                return refuse("SETTINGS clauses are not accepted by this service")
            if node.startswith("Dictionary definition"):
                return refuse("dictionaries are not accepted by this service")
            m = _FUNCTION.match(node)
            if m and m.group(1).strip('`"').lower() in self._denied:
                return refuse(f"{m.group(1)} reaches outside the warehouse and is refused")
        # A literal right under a SELECT or INSERT is the file of INTO OUTFILE / FROM INFILE.
        if kind in _OUTFILE_KINDS and any(node.startswith("Literal") for node in top):
            return refuse("INTO OUTFILE and FROM INFILE are refused")
        needs_data = False
        target = ""
        if kind == "InsertQuery":
            if any(node.startswith("Function") for node in top):
                return refuse("INSERT INTO FUNCTION is refused")
            idents = [
                node.split()[1] for node in top if node.startswith("Identifier ") and len(node.split()) > 1
            ]
            target = idents[-1] if idents else ""
            needs_data = not any(node.startswith("SelectWithUnionQuery") for node in top)
            if needs_data and (fmt is None or fmt.lower() not in _INPUT_FORMATS):
                return refuse(f"rows must come in a plain data format, not {fmt or 'VALUES'}")
        elif fmt is not None and fmt.lower() not in _OUTPUT_FORMATS:
            return refuse(f"output format {fmt} is refused")
        return _Verdict(kind, canonical, fmt, needs_data, target)

    def check(self, sql: str, readonly: bool = False) -> _Verdict:
        """The verdict on ``sql`` for a writer (or a read-only user); raises :class:`StatementRefused`."""
        if self._session is None:
            raise RuntimeError("warehouse service is not open")
        with self._lock:
            verdict = self._parse(sql)
        if verdict.error is not None:
            raise verdict.error
        appends = verdict.kind == "InsertQuery" and verdict.needs_data
        if (
            readonly
            and verdict.kind not in _READ_KINDS
            and not (appends and verdict.target_table in _READER_APPEND_TABLES)
        ):
            raise StatementRefused(f"{verdict.kind} is refused for a read-only user", code=164)
        return verdict

    def execute(
        self,
        sql: str,
        fmt: str,
        params: dict[str, str],
        database: str | None,
        settings: dict[str, str] | None = None,
    ) -> bytes:
        """Run one statement under the engine lock and return the formatted result.

        ``settings`` (checked against :data:`REQUEST_SETTINGS` by the caller) hold for this
        statement only: the session's own values are restored after it.
        """
        if self._session is None:
            raise RuntimeError("warehouse service is not open")
        with self._lock:
            if database:
                self._session.query(f"USE {database}")
            changed = {
                k: v for k, v in (settings or {}).items() if k in self._defaults and self._defaults[k] != v
            }
            for name, value in changed.items():
                self._session.query(f"SET {name}='{value}'")
            try:
                result = (
                    self._session.query(sql, fmt, params=params) if params else self._session.query(sql, fmt)
                )
                return result.bytes() if result is not None else b""
            finally:
                for name in changed:
                    self._session.query(f"SET {name}='{self._defaults[name]}'")

    def close(self) -> None:
        """Close the chDB session, releasing the data directory."""
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None

    # --- HTTP -----------------------------------------------------------------------------
    def authenticate(self, request: web.Request) -> Credential | None:
        """The credential a request carries, None when it carries none that is accepted."""
        if not self.credentials:
            return Credential("default", "", readonly=False)
        user = request.headers.get("X-ClickHouse-User")
        password = request.headers.get("X-ClickHouse-Key")
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(auth[6:].strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
        if not user or password is None:
            return None
        found = None
        for cred in self.credentials:
            # compare every one, in constant time, so timing says nothing about which matched
            same = hmac.compare_digest(cred.user.encode(), user.encode()) & hmac.compare_digest(
                cred.password.encode(), password.encode()
            )
            if same and found is None:
                found = cred
        return found

    @staticmethod
    def _error(status: int, code: int, text: str) -> web.Response:
        body = text if text.startswith("Code:") else f"Code: {code}. DB::Exception: {text}"
        return web.Response(
            status=status, text=body.rstrip("\n") + "\n", headers={"X-ClickHouse-Exception-Code": str(code)}
        )

    async def _handle(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            return self._error(405, 1000, "queries must be sent with POST")
        if request.headers.get("Origin"):
            return self._error(403, 497, "requests from web pages are refused")
        cred = self.authenticate(request)
        if cred is None:
            return web.Response(
                status=401,
                text="Code: 516. DB::Exception: authentication failed\n",
                headers={
                    "WWW-Authenticate": 'Basic realm="vocradar-warehouse"',
                    "X-ClickHouse-Exception-Code": "516",
                },
            )
        query = request.query.get("query", "")
        body = (await request.read()).decode("utf-8", errors="replace")
        # The statement is the `query` parameter (the body then holds rows), or the body; an INSERT
        # in the body has its rows after the line that ends with FORMAT <name>, as clients send it.
        statement, rows, has_rows = query, body, bool(query)
        if not query:
            head = _INSERT_HEAD.match(body)
            statement, rows, has_rows = (
                (head.group(1), body[head.end() :], True) if head else (body, "", False)
            )
        if not statement.strip():
            return self._error(400, 62, "Empty query")
        # Values stay in the escaped text form clients send; the engine parses them as a server does.
        params = {k[6:]: v for k, v in request.query.items() if k.startswith("param_")}
        database = request.query.get("database") or request.headers.get("X-ClickHouse-Database")
        if database and not _IDENT.match(database):
            return self._error(400, 81, "bad database name")
        default_fmt = request.query.get("default_format", "TabSeparated")
        # Settings a ClickHouse server would take from the URL: a known few, known values only.
        settings = {
            k: v for k, v in request.query.items() if k in REQUEST_SETTINGS and v in REQUEST_SETTINGS[k]
        }
        try:
            verdict = await asyncio.to_thread(self.check, statement, cred.readonly)
            if verdict.needs_data and not has_rows:
                raise StatementRefused("the rows must follow the INSERT ... FORMAT line", status=400, code=62)
            if not verdict.needs_data and rows.strip():
                raise StatementRefused("one statement per request", status=400, code=62)
            fmt = verdict.fmt or default_fmt
            if fmt.lower() not in _OUTPUT_FORMATS | _INPUT_FORMATS:
                raise StatementRefused(f"output format {fmt} is refused")
            sql = verdict.canonical + ("\n" + rows if verdict.needs_data else "")
        except StatementRefused as refused:
            # The reason only: an engine's syntax error quotes the statement.
            why = f"unparsable statement (code {refused.code})" if refused.status == 400 else str(refused)
            log.warning("refused a statement from %s: %s", cred.user, why[:200])
            return self._error(refused.status, refused.code, str(refused))
        try:
            data = await asyncio.to_thread(self.execute, sql, fmt, params, database, settings)
        except Exception as exc:  # the engine's error goes back to the client, as a server does
            text = str(exc)
            code = _CODE.search(text)
            return self._error(500, int(code.group(1)) if code else 1000, text)
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
        users = ", ".join(f"{c.user}{' (read-only)' if c.readonly else ''}" for c in self.credentials)
        log.info(
            "warehouse service on http://%s:%d (chDB at %s; users: %s)",
            self.host,
            self.port,
            self.path,
            users or "none, loopback only",
        )

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
