"""The warehouse client: ClickHouse (server or the embedded chDB service) through clickhouse-connect.

:func:`connect_warehouse` builds one :class:`Warehouse` per process from the settings. Rows are
written in batches as ``JSONEachRow`` (few, large inserts) and read with server-side bound
parameters (``{name:Type}``), so a filter value can never inject SQL.

:meth:`Warehouse.ensure_schema` creates the database and missing tables (single node, or ``ON
CLUSTER`` with replicated tables behind ``Distributed`` ones when ``warehouse_cluster`` is set),
applies the schema migrations not yet recorded in ``voc_schema`` (:data:`~.schema.MIGRATIONS`)
and brings every table to its retention period (TTL, from the ``retention_days_*`` settings).

Credentials come from ``warehouse_user``/``warehouse_password`` (which ``vocradar run`` sets per
run); a password inside the URL still works but is warned about, and the URL is never logged
with it. ``https://`` (or ``clickhouses://``) connects with TLS: the server's certificate and
host name are checked against ``warehouse_ca_file`` (else the system's CAs), and
``warehouse_client_cert``/``warehouse_client_key`` add a client certificate (mutual TLS).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from pydantic import SecretStr

from vocradar.connectors.schema import (
    MIGRATIONS,
    RETENTION,
    SCHEMA_VERSION,
    TABLES,
    Layout,
    Migration,
    SchemaError,
    add_column_statements,
    apply_retention,
    create_tables,
    table_ddl,
    ttl_migrations,
)

if TYPE_CHECKING:
    import pandas as pd

    from vocradar.settings import Settings

__all__ = [
    "SchemaError",
    "Warehouse",
    "WarehouseUnavailable",
    "connect_warehouse",
    "redact_url",
    "retention_days",
    "run_credentials",
    "run_credentials_path",
    "warehouse_url",
    "write_run_credentials",
]

log = logging.getLogger(__name__)

# ClickHouse's codes for a failed login (516), a read-only user (164) and a refused statement (497).
_REFUSED = re.compile(r"\bcode: (516|164|497)\b", re.IGNORECASE)
# A certificate the client does not trust (or that names another host) stays untrusted.
_TLS_REFUSED = re.compile(
    r"certificate verify failed|hostname mismatch|doesn't match|tlsv1 alert", re.IGNORECASE
)


class WarehouseUnavailable(RuntimeError):
    """The warehouse could not be reached (after retries)."""


def redact_url(url: str) -> str:
    """``url`` without the password it may carry (for logs and messages)."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.rsplit("@", 1)[1]
    user = f"{parsed.username}:***@" if parsed.username else ":***@"
    return parsed._replace(netloc=user + netloc).geturl()


def warehouse_url(settings: Settings) -> str:
    """The configured warehouse URL, or the embedded service's local address."""
    return settings.warehouse_url or f"http://127.0.0.1:{settings.warehouse_port}"


def run_credentials_path(settings: Settings) -> Path:
    """Where a running ``vocradar run`` leaves its per-run addresses and warehouse credential."""
    return settings.data_dir / "run" / "credentials.json"


def write_run_credentials(settings: Settings, values: Mapping[str, str]) -> Path:
    """Write the per-run credential file, readable by this OS user only."""
    path = run_credentials_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(dict(values), f)
    os.chmod(path, 0o600)
    return path


def run_credentials(settings: Settings) -> dict[str, str]:
    """The file :func:`write_run_credentials` left (empty when no run is going on)."""
    try:
        data = json.loads(run_credentials_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def retention_days(settings: Settings) -> dict[str, int]:
    """The configured retention, settings field -> days (0: keep forever)."""
    return {field: int(getattr(settings, field)) for _, field in RETENTION.values()}


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
    retention
        ``retention_days_*`` settings field -> days, applied by :meth:`ensure_schema`; None leaves
        the tables' TTL as it is (and creates new ones without).
    cluster
        The ClickHouse cluster of ``ON CLUSTER`` DDL (replicated tables behind ``Distributed``
        ones); None: a single server.
    migrations
        The schema migrations :meth:`ensure_schema` applies (default: this release's).
    """

    def __init__(
        self,
        client: Any,
        database: str,
        retention: Mapping[str, int] | None = None,
        cluster: str | None = None,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.client = client
        self.database = database
        self.retention = dict(retention) if retention is not None else None
        self.layout = Layout(database, cluster or None)
        self.migrations = tuple(migrations)

    def ensure_schema(self, attempts: int = 3, migrate: bool = True) -> list[int]:
        """Create what is missing and apply the migrations not yet recorded (idempotent).

        Safe when several processes start at once: every step checks the state it changes.
        Returns the migration versions applied now. Raises :class:`SchemaError` when the warehouse
        holds a newer schema than this release knows, when a migration keeps failing, or, with
        ``migrate`` False, when an existing schema is older than this release's (an upgrade is
        the operator's step: ``vocradar migrate``). A new database is always created.
        """
        db, on = self.database, self.layout.on_cluster
        self.client.command(f"CREATE DATABASE IF NOT EXISTS {db}{on}")
        for stmt in table_ddl(self.layout, "voc_schema"):
            self.client.command(stmt)
        columns = self.query(
            "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String}",
            {"d": db, "t": "voc_schema"},
        )
        if "description" not in {r["name"] for r in columns}:  # voc_schema of the first releases
            for stmt in add_column_statements(self.layout, "voc_schema", "description String DEFAULT ''"):
                self.client.command(stmt)
        recorded = self.schema_versions()
        newest = max(self.migrations[-1].version if self.migrations else 0, SCHEMA_VERSION)
        if recorded and max(recorded) > newest:
            raise SchemaError(
                f"the warehouse database {db} has schema version {max(recorded)}, newer than this "
                f"release's {newest}: upgrade VOC Radar (or point it at another database)"
            )
        pending = [m for m in self.migrations if m.version not in recorded]
        if recorded and pending and not migrate:
            raise SchemaError(
                f"the warehouse database {db} has schema version {max(recorded)}; this release needs "
                f"{newest} ({', '.join(m.description for m in pending)}): run `vocradar migrate` first "
                "(or set VOCRADAR_WAREHOUSE_AUTO_MIGRATE=true)"
            )
        applied = []
        for migration in self.migrations:
            if migration.version in recorded:
                continue
            self._apply(migration, attempts)
            applied.append(migration.version)
            if recorded:  # an upgrade: each step is recorded as it is done
                self.insert(
                    "voc_schema", [{"version": migration.version, "description": migration.description}]
                )
        if not recorded and applied:
            # a new database: recorded in one insert, so a process starting meanwhile sees all of
            # it or none of it (and never mistakes a half-created database for an older release)
            self.insert(
                "voc_schema",
                [{"version": m.version, "description": m.description} for m in self.migrations],
            )
        # Every start: tables this release adds, and the retention settings (they may change).
        create_tables(self)
        apply_retention(self)
        return applied

    def _apply(self, migration: Migration, attempts: int) -> None:
        log.info("schema migration %d: %s", migration.version, migration.description)
        for attempt in range(1, attempts + 1):
            try:
                create_tables(self)  # a migration may need a table this release adds
                migration.apply(self)
                return
            except SchemaError:
                raise
            except Exception as exc:
                # another process may be applying it too: look at the state again and retry
                if attempt == attempts:
                    raise SchemaError(
                        f"schema migration {migration.version} ({migration.description}) failed: {exc}"
                    ) from exc
                log.warning("schema migration %d failed (%s); trying again", migration.version, exc)
                time.sleep(0.5 * attempt)

    def schema_versions(self) -> set[int]:
        """The migration versions recorded in ``voc_schema``."""
        rows = self.query(f"SELECT DISTINCT version FROM {self.database}.voc_schema")
        return {int(r["version"]) for r in rows}

    def retention_migrations(self) -> list[str]:
        """The ``ALTER TABLE ... MODIFY TTL`` statements existing tables still need."""
        if self.retention is None:
            return []
        rows = self.query(
            "SELECT name, engine_full FROM system.tables WHERE database = {d:String}", {"d": self.database}
        )
        return ttl_migrations(self.layout, {r["name"]: r["engine_full"] for r in rows}, self.retention)

    def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows (dicts keyed by column) into a ``voc_*`` table in one request."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        if not rows:
            return
        block = "\n".join(json.dumps(r, ensure_ascii=False, default=_json_default) for r in rows)
        # Timestamps travel as ISO 8601 with an offset; a ClickHouse server's default input format
        # (`basic`) reads neither the `T` nor the offset, so every insert says how to read them.
        settings: dict[str, Any] = {"date_time_input_format": "best_effort"}
        if self.layout.cluster:
            # into the Distributed table, acknowledged once the shards hold the rows
            settings["insert_distributed_sync"] = 1
        self.client.raw_insert(
            f"{self.database}.{table}",
            insert_block=block.encode("utf-8"),
            fmt="JSONEachRow",
            settings=settings,
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

    def command(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        """Run a statement that returns no rows (values bound server-side from ``params``)."""
        return self.client.command(sql, parameters=dict(params)) if params else self.client.command(sql)

    def ping(self) -> bool:
        """True when the warehouse answers."""
        try:
            return bool(self.client.ping())
        except Exception:
            return False

    def close(self) -> None:
        """Release the client's connections."""
        self.client.close()


_warned_urls: set[str] = set()


def _client_for(
    url: str,
    database: str,
    user: str | None = None,
    password: str | None = None,
    *,
    ca_file: Path | None = None,
    client_cert: Path | None = None,
    client_key: Path | None = None,
) -> Any:
    import clickhouse_connect

    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in ("http", "https", "clickhouse", "clickhouses"):
        raise ValueError(f"unsupported warehouse URL scheme {scheme!r} (use http(s):// or clickhouse://)")
    secure = scheme in ("https", "clickhouses")
    if (ca_file or client_cert) and not secure:
        raise ValueError(
            f"a CA file or client certificate is set but the warehouse URL {redact_url(url)} is not "
            "https:// (or clickhouses://)"
        )
    if parsed.password and redact_url(url) not in _warned_urls:
        _warned_urls.add(redact_url(url))
        log.warning(
            "the warehouse URL %s carries a password: set VOCRADAR_WAREHOUSE_PASSWORD (and "
            "VOCRADAR_WAREHOUSE_USER) instead, URLs end up in process lists and logs",
            redact_url(url),
        )
    login = unquote(parsed.username) if parsed.username else (user or "default")
    secret = unquote(parsed.password) if parsed.password else (password or "")
    tls: dict[str, Any] = {}
    if secure:
        # the server's certificate and host name are always checked
        tls["verify"] = True
        if ca_file:
            tls["ca_cert"] = str(ca_file)
        if client_cert:
            tls["client_cert"] = str(client_cert)
            if client_key:
                tls["client_cert_key"] = str(client_key)
            # With a password: the certificate at the TLS layer and the password as login
            # ("strict"); without: ClickHouse identifies the user by the certificate ("mutual").
            tls["tls_mode"] = "strict" if secret else "mutual"
    return clickhouse_connect.get_client(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or (8443 if secure else 8123),
        username=login,
        password=secret,
        database=(parsed.path.strip("/") or database),
        secure=secure,
        compress=False,
        # No server session: one client is shared by the threads of a process.
        autogenerate_session_id=False,
        connect_timeout=5,
        send_receive_timeout=60,
        **tls,
    )


def connect_warehouse(settings: Settings, wait_s: float = 30.0, ensure_schema: bool = True) -> Warehouse:
    """Connect to the configured warehouse, waiting up to ``wait_s`` for it to come up."""
    if settings.warehouse_password is None:
        # A command next to a running `vocradar run` (e.g. `vocradar erase`) uses that run's credential.
        run = run_credentials(settings)
        if run.get("warehouse_password") and settings.warehouse_url in (None, "", run.get("warehouse_url")):
            settings = settings.model_copy(
                update={
                    "warehouse_url": run["warehouse_url"],
                    "warehouse_user": run.get("warehouse_user") or None,
                    "warehouse_password": SecretStr(run["warehouse_password"]),
                }
            )
    url = warehouse_url(settings)
    deadline = time.monotonic() + wait_s
    last: Exception | None = None
    while True:
        try:
            # The database may not exist yet: connect to `default` and qualify every table.
            client = _client_for(
                url,
                "default",
                settings.warehouse_user,
                settings.warehouse_password.get_secret_value() if settings.warehouse_password else None,
                ca_file=settings.warehouse_ca_file,
                client_cert=settings.warehouse_client_cert,
                client_key=settings.warehouse_client_key,
            )
            wh = Warehouse(
                client,
                settings.warehouse_database,
                retention_days(settings),
                cluster=settings.warehouse_cluster or None,
            )
            if ensure_schema:
                wh.ensure_schema(migrate=settings.warehouse_auto_migrate)
            return wh
        except (ValueError, SchemaError):
            raise
        except Exception as exc:
            last = exc
            # a wrong credential or a refused statement does not get better by waiting
            if time.monotonic() >= deadline or _REFUSED.search(str(exc)) or _TLS_REFUSED.search(str(exc)):
                break
            time.sleep(0.5)
    host = urlparse(url).hostname
    raise WarehouseUnavailable(f"warehouse at {host} did not answer within {wait_s:.0f}s: {last}") from last
